"""A draft never loses an edit: conflicts are refused and resolved without loss, a writer's
comments and symbolic links survive a save, and every save failure is said, never 已保存."""

import pytest

import toolkit
from toolkit import DraftConflictError, DraftDocument, ToolkitError
from toolkit.drafts import open_draft, save_draft
from toolkit.errors import DraftFormatError
from toolkit.model import Point, Speech
from toolkit.widgets import Composer


@pytest.fixture
def draft(tmp_path):
    speech = Speech(
        title="在全县防汛工作会议上的讲话",
        salutation="同志们：",
        opening=["今天开会。"],
        points=[Point(lead="压实责任。", body=["层层落实。"])],
        closing=["同志们，大家辛苦了。"],
    )
    return save_draft(speech, tmp_path / "防汛讲话.yaml")


def someone_else_edits(path, **changes):
    other = DraftDocument.open(path)
    for name, value in changes.items():
        setattr(other.speech, name, value)
    other.save()


# -- the document ---------------------------------------------------------------------------------
def test_the_public_names_are_exported():
    assert toolkit.DraftDocument is DraftDocument
    assert issubclass(toolkit.DraftConflictError, toolkit.ToolkitError)


def test_save_refuses_when_the_file_changed_since_it_was_opened(draft):
    mine = DraftDocument.open(draft)
    someone_else_edits(draft, title="同事改的标题")
    mine.speech.closing = ["我改的结尾。"]
    with pytest.raises(DraftConflictError) as raised:
        mine.save()
    message = str(raised.value)
    assert "防汛讲话.yaml" in message and "已在别处被修改" in message and "\n" not in message
    assert open_draft(draft).title == "同事改的标题"  # nothing written
    assert mine.changed_on_disk()


def test_force_overwrites_and_reload_takes_the_disk_version(draft):
    mine = DraftDocument.open(draft)
    someone_else_edits(draft, title="同事改的标题")
    assert mine.reload().title == "同事改的标题"
    mine.speech.closing = ["我改的结尾。"]
    mine.save()  # no conflict after a reload
    someone_else_edits(draft, title="又改了")
    mine.speech.title = "我的标题"
    mine.save(force=True)
    assert open_draft(draft).title == "我的标题"
    assert not mine.changed_on_disk()


def test_save_after_save_is_no_conflict(draft):
    mine = DraftDocument.open(draft)
    for n in range(3):
        mine.speech.title = f"标题{n}"
        mine.save()
    assert open_draft(draft).title == "标题2"


def test_a_comment_the_writer_added_survives_a_save(draft):
    text = draft.read_text(encoding="utf-8")
    text = text.replace("opening:\n", "# 开头请主任再看一遍\nopening:\n")
    text = text.replace("- 今天开会。", "- 今天开会。  # 日期待定")
    draft.write_text(text, encoding="utf-8")
    mine = DraftDocument.open(draft)
    mine.speech.opening.append("第二段。")
    mine.speech.title = "在全县防汛抗旱工作会议上的讲话"
    mine.save()
    saved = draft.read_text(encoding="utf-8")
    assert "# 开头请主任再看一遍" in saved and "# 日期待定" in saved
    reread = open_draft(draft)
    assert reread.title == "在全县防汛抗旱工作会议上的讲话"
    assert reread.opening == ["今天开会。", "第二段。"]
    assert reread.points[0].lead == "压实责任。"


def test_a_draft_that_is_a_symbolic_link_is_written_through(draft, tmp_path):
    link = tmp_path / "链接.yaml"
    link.symlink_to(draft)
    mine = DraftDocument.open(link)
    mine.speech.title = "经链接保存"
    mine.save()
    assert link.is_symlink()
    assert open_draft(draft).title == "经链接保存"


def test_a_character_that_cannot_be_saved_is_named_and_nothing_is_written(draft):
    before = draft.read_bytes()
    mine = DraftDocument.open(draft)
    mine.speech.points[0].body = ["坏字符\ud800"]
    with pytest.raises(DraftFormatError, match="第1点正文第1段中有无法保存的字符"):
        mine.save()
    assert draft.read_bytes() == before


def test_create_never_replaces_an_existing_file(draft):
    with pytest.raises(ToolkitError, match="已存在"):
        DraftDocument.create(draft, Speech(title="新的"))
    assert open_draft(draft).title == "在全县防汛工作会议上的讲话"


# -- two composers on one draft ------------------------------------------------------------------
def composers_on(draft):
    return (Composer(draft, autosave_delay=0, refresh_delay=0), Composer(draft, autosave_delay=0, refresh_delay=0))


def test_the_later_of_two_composers_stops_and_says_so_in_red(draft):
    first, second = composers_on(draft)
    first.facts.title.value = "第一个窗口的标题"
    assert first.state.status.startswith("已保存")
    second.facts.place.value = "县政府三楼会议室"
    assert second.state.conflict
    status = second.draft_bar.status.value
    assert "已在别处被修改" in status and "#b91c1c" in status and "已保存" not in status
    assert second.draft_bar.conflict_choices.layout.display == "flex"
    assert open_draft(draft).title == "第一个窗口的标题"  # the first window's edit is not erased
    second.facts.speaker.value = "县长"  # more typing: autosave stays stopped
    assert open_draft(draft).meeting.speaker == ""


def test_taking_the_disk_version_keeps_this_windows_edits_in_a_copy(draft):
    first, second = composers_on(draft)
    first.facts.title.value = "第一个窗口的标题"
    second.facts.place.value = "县政府三楼会议室"
    second.draft_bar.take_disk.click()
    assert not second.state.conflict
    assert second.speech.title == "第一个窗口的标题"
    assert second.facts.title.value == "第一个窗口的标题"
    copies = [p for p in draft.parent.glob("防汛讲话（本窗口的修改*.yaml")]
    assert len(copies) == 1 and open_draft(copies[0]).meeting.place == "县政府三楼会议室"
    assert "本窗口的修改另存为" in second.state.status
    assert second.draft_bar.conflict_choices.layout.display == "none"


def test_saving_as_a_new_draft_keeps_both(draft):
    first, second = composers_on(draft)
    first.facts.title.value = "第一个窗口的标题"
    second.facts.place.value = "县政府三楼会议室"
    second.draft_bar.save_as_new.click()
    assert open_draft(draft).title == "第一个窗口的标题"
    assert second.state.path != draft and open_draft(second.state.path).meeting.place == "县政府三楼会议室"
    second.facts.speaker.value = "县长"  # autosave goes on, into the new draft
    assert open_draft(second.state.path).meeting.speaker == "县长"
    assert open_draft(draft).meeting.speaker == ""


def test_overwriting_keeps_the_disk_version_in_a_copy(draft):
    first, second = composers_on(draft)
    first.facts.title.value = "第一个窗口的标题"
    second.facts.place.value = "县政府三楼会议室"
    second.draft_bar.overwrite.click()
    assert open_draft(draft).meeting.place == "县政府三楼会议室"
    copies = list(draft.parent.glob("防汛讲话（被覆盖的版本*.yaml"))
    assert len(copies) == 1 and open_draft(copies[0]).title == "第一个窗口的标题"
    assert "磁盘上原来的版本另存为" in second.state.status


def test_a_text_editor_change_is_not_reverted_by_the_next_keystroke(draft):
    composer = Composer(draft, autosave_delay=0, refresh_delay=0)
    text = draft.read_text(encoding="utf-8").replace("- 今天开会。", "- 今天在编辑器里改了开头。")
    draft.write_text(text, encoding="utf-8")
    composer.facts.speaker.value = "县长"
    assert composer.state.conflict
    assert open_draft(draft).opening == ["今天在编辑器里改了开头。"]


# -- failures that are not conflicts -------------------------------------------------------------------
def test_an_unexpected_failure_is_shown_and_the_edits_stay(draft, monkeypatch):
    composer = Composer(draft, autosave_delay=0, refresh_delay=0)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("toolkit.draft_document.write_atomic", broken)
    composer.facts.title.value = "改了但存不下"
    assert "保存失败" in composer.state.status and "已保存" not in composer.draft_bar.status.value
    assert composer.speech.title == "改了但存不下"
    monkeypatch.undo()
    composer.facts.speaker.value = "县长"  # the next save works again and writes both edits
    saved = open_draft(draft)
    assert (saved.title, saved.meeting.speaker) == ("改了但存不下", "县长")


def test_a_vanished_folder_is_shown_in_plain_words(draft, tmp_path):
    composer = Composer(draft, autosave_delay=0, refresh_delay=0)
    composer.state.path = tmp_path / "被删掉的文件夹" / "草稿.yaml"
    composer.facts.title.value = "改了"
    assert "保存失败" in composer.draft_bar.status.value and "文件夹不存在" in composer.draft_bar.status.value
    assert composer.speech.title == "改了"


def test_an_unexpected_failure_names_no_programmer_words(draft, monkeypatch):
    composer = Composer(draft, autosave_delay=0, refresh_delay=0)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("toolkit.draft_document.write_atomic", broken)
    composer.facts.title.value = "改了"
    assert "磁盘已满" in composer.state.status and "OSError" not in composer.state.status
