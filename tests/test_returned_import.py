"""The 版本 tab's 导入领导改回的稿子, driven as a writer would: the leader's .docx (修订 and 批注,
built as Word writes them by tests/tracked_docx.py) is uploaded into the open draft; then
the draft on disk, the versions kept, the message, the notes on the page and 撤销 are
checked. A file that cannot be used changes nothing, not even the versions folder."""

from __future__ import annotations

import datetime as dt

import bad_files
import docx
import pytest
from conftest import require_tool, run_cli
from office_files import save_as
from tracked_docx import LEAD_COMMENT, TITLE_ACCEPTED, TITLE_REJECTED, reviewed_speech

from toolkit import service
from toolkit.drafts import open_draft, save_draft
from toolkit.model import MeetingFacts, Point, Speech
from toolkit.widgets import Composer

SENT = Speech(
    title=TITLE_REJECTED,
    salutation="同志们：",
    opening=["今天召开全县农田水利建设动员会议。"],
    points=[Point(lead="提高思想认识。", body=["农田水利是农业发展的命脉。"])],
    closing=["同志们，让我们共同努力。"],
    meeting=MeetingFacts(name="全县农田水利建设动员会议", speaker="县长 王五", date=dt.date(2026, 11, 6)),
    variables={"县名": "某县"},
)
"""The speech as it went to the leader: his file comes back with other words, but the
meeting facts and the variables are the draft's own."""
RETURNED = "修订稿（返回）.docx"
BEFORE = "导入“修订稿（返回）”前"


def composer_for(tmp_path, speech=SENT):
    path = save_draft(speech, tmp_path / "草稿.yaml")
    return Composer(path, autosave_delay=0, refresh_delay=0), path


def upload(composer, name, data):
    """Choose the file *name* in 导入领导改回的稿子, as the browser sends it."""
    composer.returned.upload.value = (
        {"name": name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": dt.datetime.now()},
    )


def version_names(path):
    return [entry.version.name for entry in service.versions(path)]


def returned_file(tmp_path):
    return reviewed_speech(tmp_path, RETURNED).read_bytes()


def test_the_returned_file_becomes_the_draft_with_the_previous_text_kept_and_one_undo_step(tmp_path):
    composer, path = composer_for(tmp_path)
    assert composer.returned.widget in composer.versions.widget.children  # a section of the 版本 tab
    upload(composer, RETURNED, returned_file(tmp_path))

    # the draft on disk holds the leader's text (修订 accepted) and his 批注, and keeps its meeting facts
    saved = open_draft(path)
    assert saved.title == TITLE_ACCEPTED
    assert "四个乡镇作了表态发言，" in saved.opening[1] and "认真" not in saved.opening[0]
    assert [(c.author, c.text, c.quote) for c in saved.comments] == [("张书记", LEAD_COMMENT, "突出建设重点。")]
    assert saved.meeting == SENT.meeting and saved.variables == {"县名": "某县"}
    # the text before is kept as a version, the returned one as the next
    assert version_names(path) == [BEFORE, "修订稿（返回）"]
    assert service.version_speech(path, BEFORE) == SENT
    assert service.version_speech(path, "修订稿（返回）").title == TITLE_ACCEPTED
    # the message says what came back, in plain words
    message = composer.returned.message.value
    for said in (
        "已把“修订稿（返回）.docx”导入草稿",
        "领导的修订共 16 处，已全部接受",
        "批注 1 条，显示在稿纸上对应段落的旁边",
        "导入前的稿子已存为版本 1“导入“修订稿（返回）”前”",
        "导入后的稿子存为版本 2“修订稿（返回）”",
        "如要退回，请按“撤销”",
        "删除“今年夏季”",  # each 修订 listed below
    ):
        assert said in message, said
    assert str(tmp_path) not in message and "--" not in message and "accept" not in message
    # the page shows the 批注 beside its paragraph, the 版本 list both versions
    assert dict(composer.page.notes())["points/1/lead"] == LEAD_COMMENT
    assert TITLE_ACCEPTED in composer.page.shown_text()
    assert "修订稿（返回）" in composer.versions.table.value
    assert composer.versions.chosen.options[0][1] == 2

    # one 撤销 takes it all back; the versions stay
    assert composer.state.history.undo_label == "导入“修订稿（返回）”"
    composer.state.undo()
    composer.flush()
    assert open_draft(path) == SENT
    assert version_names(path) == [BEFORE, "修订稿（返回）"]
    assert TITLE_REJECTED in composer.page.shown_text()


def test_the_revisions_can_be_left_out_and_the_text_before_them_taken(tmp_path):
    composer, path = composer_for(tmp_path)
    composer.returned.mode.value = "reject"
    upload(composer, RETURNED, returned_file(tmp_path))
    saved = open_draft(path)
    assert saved.title == TITLE_REJECTED
    assert "认真" in saved.opening[0] and "四个乡镇作了表态发言" not in "".join(saved.opening)
    assert len(saved.comments) == 1  # the 批注 come either way
    message = composer.returned.message.value
    assert "领导的修订共 16 处，都没有接受（用改之前的文字）" in message
    assert "已拒绝，保留原文" in message
    assert [label for label, _ in composer.returned.mode.options] == [
        "接受领导的修订（用改后的文字）",
        "不接受修订（用改之前的文字，修订逐条列出来）",
    ]


def test_a_draft_already_kept_as_a_version_is_not_kept_twice_and_the_message_names_that_version(tmp_path):
    composer, path = composer_for(tmp_path)
    composer.versions.save_version("送审稿")
    upload(composer, RETURNED, returned_file(tmp_path))
    assert version_names(path) == ["送审稿", "修订稿（返回）"]
    assert "导入前的稿子已在版本 1“送审稿”中" in composer.returned.message.value
    assert open_draft(path).title == TITLE_ACCEPTED


def test_the_same_file_twice_keeps_both_returned_texts(tmp_path):
    composer, path = composer_for(tmp_path)
    data = returned_file(tmp_path)
    upload(composer, RETURNED, data)
    composer.returned.mode.value = "reject"
    upload(composer, RETURNED, data)  # a second upload of the same file is a new one
    assert open_draft(path).title == TITLE_REJECTED
    assert version_names(path) == [BEFORE, "修订稿（返回）", "修订稿（返回）（2）"]


def not_a_speech(folder):
    document = docx.Document()
    for line in ("姓名　单位　电话", "张三　水利局　1234"):
        document.add_paragraph(line)
    path = folder / "通讯录.docx"
    document.save(str(path))
    return path


def blank(folder):
    path = folder / "空白.docx"
    docx.Document().save(str(path))
    return path


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda folder: bad_files.truncated_docx(folder, "返回.docx"), "没有导入：返回.docx：讲稿文件已损坏"),
        (not_a_speech, "没有导入“通讯录.docx”：这个文件里没有一个句号、问号或叹号，不像一篇讲话稿"),
        (blank, "没有导入：空白.docx：送回的文件里没有讲稿的文字"),
    ],
    ids=["damaged", "not-a-speech", "blank"],
)
def test_a_file_that_cannot_be_used_is_refused_in_one_line_and_changes_nothing(tmp_path, make, said):
    composer, path = composer_for(tmp_path)
    before = path.read_bytes()
    source = make(tmp_path)
    upload(composer, source.name, source.read_bytes())
    message = composer.returned.message.value
    assert said in message and "草稿没有改动" in message
    assert message.count("<span") == 1 and "<li" not in message  # one line
    assert str(tmp_path) not in message
    assert path.read_bytes() == before
    assert not (tmp_path / "草稿.versions").exists()
    assert not composer.state.history.can_undo
    assert composer.state.speech == SENT


def test_the_command_line_takes_the_same_path(tmp_path):
    """``jianggao import … --into`` goes through the same service step: the same versions,
    the same draft; and it names the version holding the previous text when one already did."""
    path = save_draft(SENT, tmp_path / "草稿.yaml")
    service.save_version(path, "送审稿")
    returned = reviewed_speech(tmp_path, RETURNED)
    result = run_cli("import", str(returned), "--into", str(path))
    assert result.returncode == 0, result.stderr
    assert "草稿原来的内容已在版本 1“送审稿”中。" in result.stdout
    assert version_names(path) == ["送审稿", "修订稿（返回）"]
    assert open_draft(path).title == TITLE_ACCEPTED and open_draft(path).meeting == SENT.meeting
    empty = run_cli("import", str(blank(tmp_path)), "--into", str(path))
    assert empty.returncode == 2 and "送回的文件里没有讲稿的文字" in empty.stderr
    assert version_names(path) == ["送审稿", "修订稿（返回）"]


@pytest.mark.libreoffice
def test_a_returned_wps_file_is_read_through_libreoffice_with_its_revisions(tmp_path):
    require_tool("soffice", "reading a .wps")
    composer, path = composer_for(tmp_path)
    returned = save_as(reviewed_speech(tmp_path, "修订稿（返回）.docx"), ".wps")
    composer.returned.import_bytes(returned.name, returned.read_bytes(), mode="reject")
    message = composer.returned.message.value
    assert "已把“修订稿（返回）.wps”导入草稿" in message and "都没有接受（用改之前的文字）" in message
    saved = open_draft(path)
    assert saved.title == TITLE_REJECTED and "认真" in saved.opening[0]
    assert version_names(path) == [BEFORE, "修订稿（返回）"]


def test_while_the_draft_changed_elsewhere_waits_for_a_choice_nothing_is_imported(tmp_path):
    composer, path = composer_for(tmp_path)
    other = Composer(path, autosave_delay=0, refresh_delay=0)
    other.facts.place.value = "县政府三楼会议室"  # another window saves first
    composer.facts.speaker.value = "县长 赵六"  # this one finds the file changed
    assert composer.state.conflict
    on_disk = path.read_bytes()
    upload(composer, RETURNED, returned_file(tmp_path))
    assert "草稿已在别处被修改，请先在上方选择如何处理" in composer.returned.message.value
    assert path.read_bytes() == on_disk and not (tmp_path / "草稿.versions").exists()
    assert composer.state.speech.title == TITLE_REJECTED
