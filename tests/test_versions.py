"""Named versions of a draft: kept beside it as plain drafts, listed, compared, restored."""

import datetime as dt
import shutil

import pytest
from conftest import ROOT, run_cli

from toolkit import service
from toolkit.drafts import open_draft, save_draft
from toolkit.errors import ToolkitError
from toolkit.model import Point

EXAMPLE = ROOT / "examples" / "drafts" / "秋冬季安全生产工作会议讲话.yaml"


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "防汛讲话.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def edit(path, change):
    speech = open_draft(path)
    change(speech)
    save_draft(speech, path)
    return speech


def test_a_version_is_an_ordinary_draft_beside_the_draft(draft):
    result = run_cli("version", str(draft), "--name", "送审稿")
    assert result.returncode == 0, result.stderr
    kept = draft.parent / "防汛讲话.versions" / "001-送审稿.yaml"
    assert "已保存版本 1“送审稿”" in result.stdout and str(kept) in result.stdout
    first, rest = kept.read_text(encoding="utf-8").split("\n", 1)
    assert first.startswith("# 讲稿版本“送审稿”，保存于 20")
    assert rest == draft.read_text(encoding="utf-8")  # the draft byte for byte, comments and all
    shown = run_cli("show", str(kept))
    assert shown.returncode == 0 and "在全县秋冬季安全生产工作会议上的讲话" in shown.stdout


def test_the_list_says_name_time_characters_and_what_changed(draft):
    assert run_cli("version", str(draft), "--name", "起草").returncode == 0
    edit(draft, lambda s: s.points[0].body.__setitem__(0, s.points[0].body[0].replace("突出位置", "首要位置")))
    edit(draft, lambda s: s.add_point(Point("切实做好应急准备。", ["要备足物资。"])))
    assert run_cli("version", str(draft), "--name", "修改稿").returncode == 0
    edit(draft, lambda s: s.remove_point(0))
    result = run_cli("versions", str(draft))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["1", "起草"] and lines[0].endswith("第一个版本")
    assert lines[1].split()[:2] == ["2", "修改稿"] and lines[1].endswith("改动 1 段，新增 1 点")
    assert " 字 " in lines[1] and dt.date.today().isoformat() in lines[1]
    assert lines[2].startswith("当前草稿：") and "与“修改稿”相比：删除 1 点，重新编号 3 处" in lines[2]


def test_a_taken_name_becomes_a_numbered_name(draft):
    run_cli("version", str(draft), "--name", "送审稿")
    result = run_cli("version", str(draft), "--name", "送审稿")
    assert result.returncode == 0
    assert "已保存版本 2“送审稿（2）”" in result.stdout
    assert "已有名为“送审稿”的版本" in result.stderr
    assert sorted(p.name for p in (draft.parent / "防汛讲话.versions").iterdir()) == [
        "001-送审稿.yaml",
        "002-送审稿（2）.yaml",
    ]


def test_restore_brings_the_version_back_and_keeps_what_was_there(draft):
    original = draft.read_bytes()
    run_cli("version", str(draft), "--name", "送审稿")
    edit(draft, lambda s: setattr(s, "title", "在全县冬季安全生产工作会议上的讲话"))
    edited = draft.read_bytes()
    result = run_cli("restore", str(draft), "送审稿")
    assert result.returncode == 0, result.stderr
    assert "恢复前的内容已存为版本 2“恢复“送审稿”前”" in result.stdout
    assert draft.read_bytes() == original
    kept = draft.parent / "防汛讲话.versions" / "002-恢复“送审稿”前.yaml"
    assert kept.read_bytes().split(b"\n", 1)[1] == edited
    assert "（自动保存）" in kept.read_text(encoding="utf-8").splitlines()[0]
    # restoring what is already kept keeps nothing more; the automatic version can be restored too
    assert "恢复前的内容" not in run_cli("restore", str(draft), "送审稿").stdout
    assert run_cli("restore", str(draft), "2").returncode == 0
    assert draft.read_bytes() == edited
    assert len(list(kept.parent.iterdir())) == 2
    listing = run_cli("versions", str(draft)).stdout
    assert "恢复“送审稿”前（自动）" in listing


def test_restoring_over_a_damaged_draft_keeps_the_damaged_file(draft):
    service.save_version(draft, "起草")
    draft.write_text("format: jianggao-draft 1\ntitle: [写坏了\n", encoding="utf-8")
    restored = service.restore_version(draft, "起草")
    assert restored.kept.path.read_text(encoding="utf-8").endswith("title: [写坏了\n")
    assert open_draft(draft).title == "在全县秋冬季安全生产工作会议上的讲话"


def test_a_version_is_a_speech_source_for_other_commands(draft, tmp_path):
    run_cli("version", str(draft), "--name", "送审稿")
    edit(draft, lambda s: setattr(s, "title", "新的标题"))
    assert service.open_speech(f"{draft}#送审稿").title == "在全县秋冬季安全生产工作会议上的讲话"
    assert service.open_speech(f"{draft}#1").title == "在全县秋冬季安全生产工作会议上的讲话"
    assert service.open_speech(draft).title == "新的标题"
    shown = run_cli("show", f"{draft}#送审稿")
    assert shown.returncode == 0 and "在全县秋冬季安全生产工作会议上的讲话" in shown.stdout
    output = tmp_path / "送审稿.docx"
    exported = run_cli("export", f"{draft}#送审稿", "-o", str(output))
    assert exported.returncode == 0, exported.stderr
    from docx import Document

    assert Document(output).paragraphs[0].text == "在全县秋冬季安全生产工作会议上的讲话"
    # without -o the version's .docx is named for it, beside the draft
    assert run_cli("export", f"{draft}#送审稿").returncode == 0
    assert (
        Document(draft.with_name("防汛讲话（送审稿）.docx")).paragraphs[0].text
        == "在全县秋冬季安全生产工作会议上的讲话"
    )


def test_the_composer_keeps_what_is_on_screen_without_touching_the_draft(draft):
    before = draft.read_bytes()
    speech = open_draft(draft)
    speech.title = "还没保存的标题"
    version = service.save_version(draft, "修改稿", speech=speech)
    assert draft.read_bytes() == before
    assert service.version_speech(draft, "修改稿").title == "还没保存的标题"
    assert version.name == "修改稿" and version.number == 1 and not version.automatic


@pytest.mark.parametrize(
    "name, says",
    [("a/b", "不能有“/”"), ("", "是空的"), ("长" * 41, "太长"), (".隐藏", "不能以“.”开头"), ("送审#2", "不能有“#”")],
)
def test_a_bad_name_is_refused_and_nothing_is_written(draft, name, says):
    with pytest.raises(ToolkitError, match=says):
        service.save_version(draft, name)
    assert not (draft.parent / "防汛讲话.versions").exists()


def test_a_file_name_with_a_hash_is_still_a_file(tmp_path):
    path = tmp_path / "第1稿#终.yaml"
    shutil.copy(EXAMPLE, path)
    assert service.version_reference(path) is None
    assert service.open_speech(path).title == "在全县秋冬季安全生产工作会议上的讲话"


def test_versions_list_in_the_order_they_were_kept(draft):
    for name in ["起草", "修改稿", "送审稿", "定稿"]:
        service.save_version(draft, name)
    entries = service.versions(draft)
    assert [(e.version.number, e.version.name) for e in entries] == [
        (1, "起草"),
        (2, "修改稿"),
        (3, "送审稿"),
        (4, "定稿"),
    ]
    assert [e.change for e in entries] == ["第一个版本", "没有改动", "没有改动", "没有改动"]
    assert all(e.characters == entries[0].characters > 400 for e in entries)
