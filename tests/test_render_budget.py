"""Every render has a budget (time and size), and values are data (issue 10, points 2 and 3).

Anything that could hang or build gigabytes runs in a subprocess with a timeout and an
address-space limit (``run_cli`` / ``run_python``), so a regression fails the test instead of
hanging CI. No test here asserts on elapsed time (timings belong in benchmarks/)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import run_cli, run_python

from toolkit.errors import TemplateError
from toolkit.model.variables import as_literal, literal_text

MEMORY_LIMIT = 3 * 1024**3
HANG = "{% set s = 'a' * 200000 %}{% for x in s %}{% for y in s %}{% endfor %}{% endfor %}"
TEAM_SKELETON = "---\nid: {id}\nkind: skeleton\ntitle: {id}\n---\n{body}\n"
GOOD_SKELETON = "# 标题\n在{{ 会议名称 }}上的讲话\n# 开头\n今天召开{{ 会议名称 }}。\n# 结尾\n谢谢大家。"


def team_folder(tmp_path: Path, **bodies: str) -> dict[str, str]:
    """A team template folder with the skeletons *bodies* (id → body) and a settings file
    pointing at it with a short time limit; the environment to run commands in."""
    team = tmp_path / "团队模板"
    for template_id, body in bodies.items():
        path = team / "skeleton" / f"{template_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEAM_SKELETON.format(id=template_id, body=body), encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"templates: [{team}]\nrender_seconds: 0.5\n", encoding="utf-8")
    env = dict(os.environ, JIANGGAO_CONFIG=str(config))
    env.pop("JIANGGAO_TEMPLATES", None)
    return env


def run_code(code: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """*code* in a fresh interpreter under a timeout and a 3 GB address-space limit."""
    return run_python("-c", code, env=env, timeout=timeout, memory_limit=MEMORY_LIMIT)


def docx_text(path: Path) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


# -- the budget ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, says",
    [
        (f"# 标题\n{HANG}讲话", "运行超过 0.5 秒"),
        ("# 标题\n{{ 'a' | center(1000000000) }}", "超过 1000000 字"),
        ("# 标题\n{{ '%300000000d' | format(1) }}", "超过 1000000 字"),
        (
            "# 标题\n{% set a = 'a' * 200000 %}{{ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a }}",
            "超过 1000000 字",
        ),
    ],
    ids=["nested-loops", "center", "format", "concatenation"],
)
def test_new_from_a_bad_team_skeleton_stops_with_the_template_and_the_limit(tmp_path, body, says):
    env = team_folder(tmp_path, 坏骨架=body)
    result = run_cli(
        "new", "--template", "坏骨架", "-o", str(tmp_path / "草稿"), env=env, timeout=60, memory_limit=MEMORY_LIMIT
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "模板“坏骨架”" in lines[0] and says in lines[0], result.stderr
    assert not (tmp_path / "草稿.yaml").exists()


def test_templates_lists_a_broken_template_with_why(tmp_path):
    env = team_folder(tmp_path, 坏骨架=f"# 标题\n{HANG}", 好骨架=GOOD_SKELETON)
    result = run_cli("templates", env=env, timeout=60, memory_limit=MEMORY_LIMIT)
    assert result.returncode == 0, result.stderr
    broken = [line for line in result.stdout.splitlines() if line.startswith("坏骨架")]
    assert broken and "【有问题】" in broken[0] and "运行超过 0.5 秒" in broken[0]
    good = [line for line in result.stdout.splitlines() if line.startswith("好骨架")]
    assert good and "有问题" not in good[0]


def test_the_composer_opens_with_a_bad_team_template_listed_as_broken(tmp_path):
    env = team_folder(tmp_path, 坏骨架=f"# 标题\n{HANG}")
    env["JIANGGAO_WORKDIR"] = str(tmp_path / "workspace")
    code = f"""
import json
from toolkit.drafts import save_draft
from toolkit.model import Speech
from toolkit.widgets import Composer
path = save_draft(Speech(salutation="同志们："), {str(tmp_path / "草稿.yaml")!r})
composer = Composer(path, autosave_delay=0, refresh_delay=0)
browser = composer.browser
browser.search.value = "坏骨架"
labels = [label for label, _ in browser.results.options]
browser._on_insert_click(None)
print(json.dumps({{"broken": browser.broken, "labels": labels, "message": browser.message.value,
                  "preview": browser.preview.value}}, ensure_ascii=False))
"""
    result = run_code(code, env=env)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert "运行超过 0.5 秒" in shown["broken"]["坏骨架"]
    assert any(label.startswith("【有问题】") and "坏骨架" in label for label in shown["labels"])
    assert "有问题" in shown["preview"] and "不能插入" in shown["message"]


def test_batch_goes_on_after_a_row_that_runs_out_of_budget(tmp_path):
    skeleton = GOOD_SKELETON + "\n{% for x in 次数 %}{% for y in 次数 %}{% endfor %}{% endfor %}"
    env = team_folder(tmp_path, 逐行骨架=skeleton)
    rows = tmp_path / "乡镇.csv"
    rows.write_text(f"会议名称,次数\n城关镇会议,ab\n河口镇会议,{'a' * 50000}\n东坝乡会议,c\n", encoding="utf-8")
    out = tmp_path / "输出"
    out.mkdir()
    result = run_cli(
        "batch",
        "逐行骨架",
        "--vars",
        str(rows),
        "-o",
        str(out),
        "--quiet",
        env=env,
        timeout=60,
        memory_limit=MEMORY_LIMIT,
    )
    assert result.returncode == 1, result.stderr
    assert "失败：第3行：" in result.stderr and "运行超过 0.5 秒" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["002-城关镇会议.docx", "004-东坝乡会议.docx"]


def test_settings_for_the_budget_are_checked(tmp_path, monkeypatch):
    from toolkit.config import load_config
    from toolkit.errors import InputFileError

    config = tmp_path / "config.yaml"
    monkeypatch.setenv("JIANGGAO_CONFIG", str(config))
    config.write_text("render_seconds: 5\nrender_characters: 20000\n", encoding="utf-8")
    loaded = load_config()
    assert (loaded.render_seconds, loaded.render_characters) == (5, 20000)
    config.write_text("render_seconds: 快\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="render_seconds"):
        load_config()


def test_a_smaller_character_limit_from_the_settings_applies(tmp_path, monkeypatch):
    from toolkit.templating.engine import render_text

    config = tmp_path / "config.yaml"
    config.write_text("render_characters: 1000\n", encoding="utf-8")
    monkeypatch.setenv("JIANGGAO_CONFIG", str(config))
    with pytest.raises(TemplateError, match="模板“长”：生成的文字超过 1000 字"):
        render_text("{% for x in xs %}一二三四五六七八九十{% endfor %}", {"xs": "a" * 200}, name="模板“长”")


@pytest.mark.parametrize("error", [KeyError(), ValueError(), Exception(), MemoryError(), RecursionError()])
def test_a_template_error_message_is_never_empty(error):
    from toolkit.templating.engine import describe_error

    message = str(describe_error(error, "模板“甲”"))
    assert "（）" not in message and message.startswith("模板“甲”：") and len(message) > len("模板“甲”：") + 3


# -- values are data -------------------------------------------------------------------------------------
TYPED = [
    "{{ 7*7 }}次常委会",
    "城关镇{#第三次#}联席会议",
    "{% if 1 %}甲{% endif %}乙",
    "单{引号'和\\反斜杠{",
    "{{ '{{' }}",
]


@pytest.mark.parametrize("value", TYPED)
def test_a_literal_renders_to_exactly_the_value(value):
    from toolkit.templating.engine import render_text

    assert render_text(as_literal(value), {}) == value
    assert literal_text(as_literal(value)) == value
    assert render_text("{{ v }}", {"v": value}, literal_values=True) == as_literal(value)


def test_new_and_export_keep_a_typed_value_as_typed(tmp_path):
    draft = tmp_path / "草稿.yaml"
    result = run_cli(
        "new", "--template", "例会讲话", "-o", str(draft), "--var", "会议名称={{ 7*7 }}次常委会",
        "--var", "讲话人=城关镇{#第三次#}联席会议", timeout=60, memory_limit=MEMORY_LIMIT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "{{ … }}" not in result.stdout
    shown = run_cli("show", str(draft), timeout=60)
    assert "在{{ 7*7 }}次常委会上的讲话" in shown.stdout and "{{ '" not in shown.stdout
    checked = run_cli("check", str(draft), timeout=60)
    assert "7*7" not in checked.stdout and "{{ … }}" not in checked.stdout
    out = tmp_path / "讲话.docx"
    exported = run_cli("export", str(draft), "-o", str(out), "--allow-placeholders", timeout=60)
    assert exported.returncode == 0, exported.stderr
    text = docx_text(out)
    assert "在{{ 7*7 }}次常委会上的讲话" in text and "49" not in text


def test_export_var_and_batch_cells_are_data(tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGGAO_CONFIG", team_folder(tmp_path, 好骨架=GOOD_SKELETON)["JIANGGAO_CONFIG"])
    from toolkit import service
    from toolkit.batch import run_batch
    from toolkit.model import Speech

    speech = Speech(title="在{{ 会议名称 }}上的讲话", salutation="同志们：", opening=["今天召开{{ 会议名称 }}。"])
    draft = tmp_path / "草稿.yaml"
    service.create_document(draft, speech)
    out = tmp_path / "一.docx"
    service.export(speech, out, values={"会议名称": "城关镇{#第三次#}联席会议"})
    assert "在城关镇{#第三次#}联席会议上的讲话" in docx_text(out)
    rows = tmp_path / "表.csv"
    rows.write_text("会议名称\n{{ 7*7 }}次常委会\n城关镇{#第三次#}联席会议\n", encoding="utf-8")
    folder = tmp_path / "输出"
    folder.mkdir()
    result = run_batch("好骨架", rows, folder, progress=False)
    assert not result.failures, result.failures
    texts = sorted(docx_text(path) for path in result.written)
    assert any("{{ 7*7 }}次常委会" in text for text in texts)
    assert any("城关镇{#第三次#}联席会议" in text for text in texts)
    assert not any("49次" in text for text in texts)


def test_a_notebook_section_keeps_a_value_with_braces(tmp_path):
    from toolkit import service
    from toolkit.notebook.session import DraftSession

    session = DraftSession()
    session.set_variables({"县名": "某{{ 县 }}县"})
    applied = session.apply("opening", "今天，{{ 县名 }}召开会议。{{ 未填 }}")
    assert applied.missing == ["未填"]
    filled = service.fill(session.speech, {"未填": "好"})
    assert filled.opening == ["今天，某{{ 县 }}县召开会议。好"]


def test_the_composer_inserts_a_section_with_a_value_as_typed(tmp_path):
    from toolkit import service
    from toolkit.drafts import save_draft
    from toolkit.model import Speech
    from toolkit.widgets import Composer

    path = save_draft(Speech(salutation="同志们："), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    composer.state.speech.meeting.name = "{{ 7*7 }}次常委会"
    browser = composer.browser
    template = next(t for t in composer.library if t.kind == "opening" and "会议名称" in t.body)
    browser.insert_template(template, "replace")
    assert "{{ '{{ 7*7 }}次常委会' }}" in " ".join(composer.state.speech.opening)
    filled = service.fill(composer.state.speech, allow_unfilled=True)
    assert "{{ 7*7 }}次常委会" in " ".join(filled.opening) and "49" not in " ".join(filled.opening)
    assert "{{ 7*7 }}次常委会" in service.preview_html(composer.state.speech)
    assert not any("7*7" in str(problem) for problem in service.check(composer.state.speech))


def test_a_list_in_a_vars_file_reads_as_staff_write_it(tmp_path):
    from toolkit import service
    from toolkit.model import Speech

    variables = tmp_path / "变量.yaml"
    variables.write_text("单位: [县应急局, 县交通局]\n", encoding="utf-8")
    values = service.gather_values(files=[variables])
    assert values == {"单位": ["县应急局", "县交通局"]}
    speech = service.fill(Speech(title="{{ 单位 }}发言"), values)
    assert speech.title == "县应急局、县交通局发言"
    variables.write_text("单位: {甲: 乙}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="变量“单位”的值应是文字或列表"):
        service.gather_values(files=[variables])


def test_check_names_a_paragraph_too_long_to_export():
    from toolkit import service
    from toolkit.model import Speech

    problems = [str(p) for p in service.check(Speech(title="题", opening=["字" * 1_000_001]))]
    assert any(p.startswith("开头第1段：这一段有 1000001 字，超过一段 1000000 字的上限") for p in problems)
