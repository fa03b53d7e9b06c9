"""The section library: every shipped template renders, skeletons give speeches of the
genre's shape, team folders shadow by id, and the CLI lists, shows and starts drafts."""

import itertools
import json

import pytest
from conftest import ROOT, run_cli

from toolkit.checks import find_problems
from toolkit.drafts import open_draft
from toolkit.errors import OutputExistsError, TemplateError
from toolkit.model import speech_to_contract
from toolkit.notebook.library_notebook import library_notebook_text
from toolkit.templating.engine import variables_of
from toolkit.templating.library import BUILTIN_FOLDER, KINDS, Library, parse_template, save_template
from toolkit.templating.sections import render_template, speech_from_skeleton

LIBRARY = Library([BUILTIN_FOLDER])
TEMPLATES = list(LIBRARY)


def test_the_library_has_four_skeletons_and_reusable_sections():
    kinds = [template.kind for template in TEMPLATES]
    assert kinds.count("skeleton") >= 4
    for kind in ("opening", "transition", "closing"):
        assert kinds.count(kind) >= 3, kind
    ids = {template.id for template in TEMPLATES}
    assert {"例会讲话", "动员部署会讲话", "工作推进会讲话"} <= ids
    assert any(i.startswith("座谈会") or "致辞" in i for i in ids)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_template_has_metadata_and_describes_every_variable_it_uses(template):
    assert template.title and template.kind in KINDS and template.tags
    for spec in template.variables:
        assert spec.label and spec.help and spec.example not in (None, ""), spec.name
    assert variables_of(template.body) <= {spec.name for spec in template.variables}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_template_renders_with_its_example_values(template):
    text = render_template(template, template.example_values())
    assert text.strip() and "{{" not in text and "{%" not in text
    if template.kind == "skeleton":
        speech = speech_from_skeleton(template, template.example_values(), allow_unfilled=False)
        assert speech.title and speech.salutation and speech.closing


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t.kind == "skeleton"], ids=lambda t: t.id)
def test_every_variant_of_every_skeleton_renders_a_clean_speech(template):
    choices = [spec for spec in template.variables if spec.type == "choice"]
    for combination in itertools.product(*[spec.choices for spec in choices]):
        values = {**template.example_values(), **{spec.name: value for spec, value in zip(choices, combination)}}
        values["前面发言"] = values.get("前面发言") and ["县应急管理局", "县交通运输局"]
        level = values.get("层级", "县")  # a 区 speech is given by the 区委书记 at a 区 meeting
        values = {k: v.replace("县", level) if isinstance(v, str) else v for k, v in values.items()}
        speech = speech_from_skeleton(template, values, allow_unfilled=False)
        problems = [p for p in find_problems(speech) if p.severity == "problem"]
        assert problems == [], (combination, [str(p) for p in problems])


def test_the_regular_meeting_skeleton_filled_with_the_reference_speechs_facts_has_its_shape():
    values = {
        "会议名称": "全县招商引资工作领导小组第二季度会议",
        "前面发言": ["×部长", "×局长"],
        "要点": [
            "把思想统一到“项目为王”上来。",
            "把力量集中到产业链招商上来。",
            "把功夫下到项目落地见效上来。",
            "把责任压实到每一个环节上来。",
        ],
    }
    speech = speech_from_skeleton(LIBRARY.get("例会讲话"), values)
    contract = speech_to_contract(speech)
    assert contract["title"] == "在全县招商引资工作领导小组第二季度会议上的讲话"
    assert contract["salutation"] == "同志们："
    assert "刚才" in contract["opening"][-1] and "×部长、×局长" in contract["opening"][-1]
    assert contract["opening"][-1].endswith("下面，我讲几点意见。")
    assert contract["transition"] == "下面，我讲几点意见。"
    assert [p["marker"] for p in contract["points"]] == ["一要", "二要", "三要", "四要"]
    assert [p["lead"] for p in contract["points"]] == values["要点"]
    assert contract["closing"][0].startswith("同志们，")


def test_new_keeps_unfilled_variables_as_placeholders_with_their_filters():
    speech = speech_from_skeleton(LIBRARY.get("例会讲话"), {"要点": ["甲。", "乙。"]})
    assert "{{ 会议名称 }}" in speech.title
    assert speech.variables == {"要点": "甲。、乙。"}


def test_a_team_folder_shadows_a_built_in_template_by_id(tmp_path, monkeypatch):
    team = tmp_path / "团队模板"
    (team / "closing").mkdir(parents=True)
    (team / "closing" / "我们的结尾.md").write_text(
        "---\nid: 结尾-简短收束\nkind: closing\ntitle: 我们自己的简短结尾\ntags: [团队]\n---\n同志们，散会。\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("JIANGGAO_TEMPLATES", str(team))
    library = Library()
    assert library.get("结尾-简短收束").title == "我们自己的简短结尾"
    assert library.shadowed["结尾-简短收束"][0].is_relative_to(BUILTIN_FOLDER)
    result = run_cli("templates", "--kind", "closing", "--paths")
    assert "我们自己的简短结尾" in result.stdout and str(team) in result.stdout


def test_the_config_file_adds_team_folders(tmp_path, monkeypatch):
    team = tmp_path / "共享"
    team.mkdir()
    (team / "x.md").write_text("---\nid: 团队开头\nkind: opening\ntitle: 团队开头\n---\n今天开会。\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("templates: [共享]\n", encoding="utf-8")
    monkeypatch.setenv("JIANGGAO_CONFIG", str(config))
    assert Library().get("团队开头").path == team / "x.md"


def test_save_template_writes_a_template_the_library_reads_back(tmp_path):
    path = save_template(
        "开头-防汛",
        "今年入汛以来，{{ 县名 }}降雨偏多。",
        kind="opening",
        title="防汛开头",
        folder=tmp_path,
        tags=["防汛"],
        variables={"县名": {"label": "县名", "help": "本县名称", "example": "某某县"}},
    )
    assert path == tmp_path / "opening" / "开头-防汛.md"
    template = Library([tmp_path]).get("开头-防汛")
    assert render_template(template, template.example_values()) == "今年入汛以来，某某县降雨偏多。\n"
    with pytest.raises(OutputExistsError):
        save_template("开头-防汛", "x", kind="opening", title="x", folder=tmp_path)
    with pytest.raises(TemplateError, match="不合规"):
        save_template("../越界", "x", kind="opening", title="x", folder=tmp_path)
    assert not (tmp_path.parent / "越界.md").exists()


@pytest.mark.parametrize(
    "text, message",
    [
        ("no front matter", "front matter"),
        ("---\nid: x\nkind: speech\ntitle: t\n---\n", "模板类型“speech”不认识"),
        ("---\nkind: opening\ntitle: t\n---\n", "缺少“id”"),
        ("---\nid: ../x\nkind: opening\ntitle: t\n---\n", "不合规"),
        ("---\nid: x\nkind: opening\ntitle: [\n---\n", "第4行"),
    ],
)
def test_broken_template_files_are_named(tmp_path, text, message):
    with pytest.raises(TemplateError, match=message):
        parse_template(text, path=tmp_path / "坏模板.md")


def test_a_render_error_names_the_template_file_line(tmp_path):
    (tmp_path / "t.md").write_text(
        "---\nid: 坏\nkind: opening\ntitle: 坏\n---\n第一行\n{{ 日期 | 中文日期 }}\n", encoding="utf-8"
    )
    template = Library([tmp_path]).get("坏")
    with pytest.raises(TemplateError, match=r"t.md 第7行"):
        render_template(template, {"日期": "下周"})


def test_cli_templates_list_and_show():
    listed = run_cli("templates")
    assert listed.returncode == 0
    assert "例会讲话　[整篇讲稿骨架]" in listed.stdout and "变量：会议名称" in listed.stdout
    shown = run_cli("templates", "show", "例会讲话")
    assert shown.returncode == 0
    assert "会议名称（会议名称）" in shown.stdout and "例：县委党建工作领导小组第三季度例会" in shown.stdout
    unknown = run_cli("templates", "show", "例会讲")
    assert unknown.returncode == 2 and "是不是：“例会讲话”" in unknown.stderr


def test_cli_new_starts_a_draft_from_a_skeleton(tmp_path):
    result = run_cli(
        "new",
        "--template",
        "例会讲话",
        "-o",
        str(tmp_path / "例会"),
        "--var",
        "会议名称=全县招商引资工作领导小组第二季度会议",
        "--var",
        "要点=把思想统一到“项目为王”上来。、把力量集中到产业链招商上来。",
    )
    assert result.returncode == 0, result.stderr
    speech = open_draft(tmp_path / "例会.yaml")
    assert speech.title == "在全县招商引资工作领导小组第二季度会议上的讲话"
    assert speech.meeting.name == "全县招商引资工作领导小组第二季度会议"
    assert [p.lead for p in speech.points] == ["把思想统一到“项目为王”上来。", "把力量集中到产业链招商上来。"]
    again = run_cli("new", "--template", "例会讲话", "-o", str(tmp_path / "例会"))
    assert again.returncode == 2 and "已存在" in again.stderr


def test_cli_check_names_every_variable_still_missing(tmp_path):
    run_cli("new", "--template", "例会讲话", "-o", str(tmp_path / "d"), "--var", "要点=甲。、乙。")
    result = run_cli("check", str(tmp_path / "d.yaml"))
    assert result.returncode == 1
    assert "标题：变量“会议名称”还没有值" in result.stdout


def test_batch_of_100_rows_from_a_skeleton(tmp_path):
    rows = tmp_path / "乡镇.csv"
    lines = ["文件名,会议名称,要点"] + [
        f"镇{i},第{i}镇安全生产工作会议,压实安全责任。、强化隐患排查。" for i in range(1, 101)
    ]
    lines[37] = "镇37,第37镇安全生产工作会议,"  # row 38: no points
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli("batch", "例会讲话", "--vars", str(rows), "-o", str(out))
    assert result.returncode == 1
    assert "失败：第38行：" in result.stderr and "要点" in result.stderr
    assert len(list(out.glob("*.docx"))) == 99


def test_template_cells_notebook_matches_the_library():
    committed = (ROOT / "notebooks" / "template-cells.ipynb").read_text(encoding="utf-8")
    assert committed == library_notebook_text(LIBRARY), "run: .venv/bin/python notebooks/build_template_cells.py"
    cells = json.loads(committed)["cells"]
    raw = [cell for cell in cells if cell["cell_type"] == "raw"]
    assert len(raw) == len(TEMPLATES)


def test_a_team_template_with_broken_front_matter_is_skipped_and_named(tmp_path, monkeypatch):
    team = tmp_path / "团队模板"
    team.mkdir()
    (team / "坏.md").write_text("---\nid: [坏\n---\n正文\n", encoding="utf-8")
    monkeypatch.setenv("JIANGGAO_TEMPLATES", str(team))
    result = run_cli("templates")
    assert result.returncode == 0
    assert "【有问题，已跳过】" in result.stderr and "坏.md" in result.stderr and "说明部分" in result.stderr
    assert "例会讲话" in result.stdout
    from toolkit.widgets import Composer

    composer = Composer(autosave_delay=0, refresh_delay=0)
    assert "1 个文件有问题，已跳过：“坏.md”" in composer.browser.message.value
