"""The jianggao command as staff use it: output, exit codes, files written or not."""

import json

import pytest
from conftest import run_cli, write_into_read_only_folder


def test_import_prints_what_it_found_and_writes_the_draft(tmp_path, seed_path):
    result = run_cli("import", str(seed_path), "-o", str(tmp_path / "例会讲话"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "标题：在全县招商引资工作领导小组第二季度会议上的讲话" in out
    assert "称呼：同志们：" in out
    assert "要点：4 点（编号样式：一要）" in out
    for marker, lead in [("一要", "把思想统一到“项目为王”上来。"), ("四要", "把责任压实到每一个环节上来。")]:
        assert f"  {marker} {lead}" in out
    assert "结尾：1 段，以“同志们，抓招商就是抓发展" in out
    assert "已去除的广告、水印等：10 处" in out
    assert "第13行［联系方式广告］妙笔文库整理，咨询QQ415872063" in out  # right after the title
    assert "第22行［联系方式广告］妙笔文库整理，咨询QQ415872063" in out  # at the bottom
    assert "第23行［公众号或网站推广］更多精品讲话稿 尽在妙笔文库" in out
    draft = tmp_path / "例会讲话.yaml"
    assert f"已保存草稿：{draft}" in out
    assert draft.read_text(encoding="utf-8").count("lead: 把") == 4


def test_import_never_overwrites_without_force(tmp_path, seed_path):
    draft = tmp_path / "d.yaml"
    draft.write_text("我的草稿", encoding="utf-8")
    result = run_cli("import", str(seed_path), "-o", str(draft))
    assert result.returncode == 2
    assert "已存在" in result.stderr and "--force" in result.stderr
    assert draft.read_text(encoding="utf-8") == "我的草稿"
    assert run_cli("import", str(seed_path), "-o", str(draft), "--force").returncode == 0
    assert "lead: 把思想统一到“项目为王”上来。" in draft.read_text(encoding="utf-8")


def test_show_json_of_the_saved_draft_equals_import_json(tmp_path, seed_path):
    imported = run_cli("import", str(seed_path), "--json")
    assert imported.returncode == 0
    assert run_cli("import", str(seed_path), "-o", str(tmp_path / "d")).returncode == 0
    shown = run_cli("show", str(tmp_path / "d.yaml"), "--json")
    assert shown.returncode == 0
    data = json.loads(shown.stdout)
    timing = data.pop("timing")  # show adds how long the speech takes
    assert timing["rate"] == 150 and timing["seconds"] > 0 and len(timing["parts"]) == 6  # 开头, 4 points, 结尾
    assert data == json.loads(imported.stdout)


def test_import_json_follows_the_contract(seed_path):
    data = json.loads(run_cli("import", str(seed_path), "--json").stdout)
    assert list(data) == [
        "title",
        "byline",
        "salutation",
        "opening",
        "transition",
        "numbering",
        "points",
        "closing",
        "noise",
    ]
    assert data["numbering"] == "一要"
    assert [p["marker"] for p in data["points"]] == ["一要", "二要", "三要", "四要"]
    assert set(data["points"][0]) == {"marker", "lead", "body", "subpoints"}
    assert data["transition"] == "下面，我讲几点意见。"
    assert data["opening"][-1].endswith("下面，我讲几点意见。")
    assert len(data["noise"]) == 10


def test_show_prints_the_speech_with_counts(tmp_path, seed_path):
    run_cli("import", str(seed_path), "-o", str(tmp_path / "d"))
    result = run_cli("show", str(tmp_path / "d.yaml"), "--rate", "200")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "在全县招商引资工作领导小组第二季度会议上的讲话"
    assert "　　一要把思想统一到“项目为王”上来。发展要靠项目支撑" in result.stdout
    assert "要点：4 点" in result.stdout and "每分钟 200 字" in result.stdout


def test_check_lists_each_problem_with_its_place_and_exits_1(seed_path):
    result = run_cli("check", str(seed_path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("开头第1段：") for line in lines)
    assert any("“×县”" in line for line in lines) and any("“×部长”" in line for line in lines)


def test_check_of_a_clean_draft_exits_0(tmp_path):
    speech = tmp_path / "clean.txt"
    speech.write_text(
        "在全县工作会议上的讲话\n同志们：\n今天开会。下面，我讲两点意见。\n一要提高认识。要认真学习。\n"
        "二要狠抓落实。要真抓实干。\n同志们，让我们共同努力。\n",
        encoding="utf-8",
    )
    result = run_cli("check", str(speech))
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "未发现问题" in result.stderr


def test_check_of_an_unfilled_variable_adds_the_command_lines_own_hint(tmp_path):
    from toolkit.drafts import save_draft
    from toolkit.model import Speech

    draft = save_draft(Speech(title="在{{ 县名 }}会议上的讲话", opening=["今天开会。"]), tmp_path / "草稿.yaml")
    result = run_cli("check", str(draft))
    assert result.returncode == 1
    assert result.stdout.strip() == "标题：变量“县名”还没有值，请在“变量”中填写"  # the check names no option
    assert "--var 县名=…" in result.stderr


def test_check_catches_a_promise_the_points_do_not_keep(tmp_path):
    speech = tmp_path / "s.txt"
    speech.write_text(
        "在全县工作会议上的讲话\n同志们：\n今天开会。下面，我讲三点意见。\n一要提高认识。要认真学习。\n"
        "二要狠抓落实。要真抓实干。\n同志们，让我们共同努力。\n",
        encoding="utf-8",
    )
    result = run_cli("check", str(speech))
    assert result.returncode == 1
    assert "过渡句：说要讲三点，实际有二点" in result.stdout


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.txt", None, "找不到文件"),
        ("empty.txt", b"", "文件是空的"),
        ("blank.txt", b"  \n\n\t\n", "没有文字"),
        ("garbage.txt", bytes(range(256)) * 20, "不是文本文件"),
        ("text.doc", "在全县会议上的讲话".encode(), "文件扩展名是 .doc，但内容是纯文本"),
        ("zip.wps", b"PK\x05\x06" + b"\x00" * 18, "文件扩展名是 .wps，但内容是一个压缩包"),
        ("fake.docx", "在全县会议上的讲话".encode(), "内容不是 Word 文档"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, "已损坏"),
        ("macro.docm", b"PK\x03\x04" + b"\x00" * 100, "宏"),
        ("scan.pdf", b"%PDF-1.7\n" + b"\x00" * 100, "PDF"),
    ],
)
def test_bad_input_gets_one_chinese_line_exit_2_and_no_file(tmp_path, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "out.yaml"
    result = run_cli("import", str(source), "-o", str(out))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_folder_is_not_a_speech(tmp_path):
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 2 and "文件夹" in result.stderr


def test_output_into_a_missing_folder_is_refused_before_any_work(tmp_path, seed_path):
    result = run_cli("import", str(seed_path), "-o", str(tmp_path / "没有这个文件夹" / "d.yaml"))
    assert result.returncode == 2
    assert "文件夹不存在" in result.stderr


def test_output_into_a_read_only_folder_is_refused(public_tmp, seed_path):
    result, folder = write_into_read_only_folder(public_tmp, seed_path, "import", "d.yaml")
    assert result.returncode == 2, result.stderr
    assert "没有权限" in result.stderr
    assert list(folder.iterdir()) == []


def test_debug_shows_the_traceback(tmp_path):
    result = run_cli("--debug", "import", str(tmp_path / "missing.txt"))
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_usage_errors_are_in_chinese():
    result = run_cli("import")
    assert result.returncode == 2
    assert "缺少参数" in result.stderr


def test_help_lists_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("import", "show", "check"):
        assert command in result.stdout
