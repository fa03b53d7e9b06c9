"""导入领导改回的稿子 in a real browser (Voila, Debian's Chromium through Playwright): a writer
chooses the leader's returned .docx (修订 and a 批注) in the 版本 tab; the message says what
came back, the page shows the leader's words and his 批注 beside its paragraph, the draft
and the versions folder follow, and 撤销 takes the import back."""

import datetime as dt

import pytest
from browser_support import assert_no_widget_errors, eventually, open_tab, voila_composer
from tracked_docx import LEAD_COMMENT, TITLE_ACCEPTED, TITLE_REJECTED, reviewed_speech

from toolkit.drafts import open_draft, save_draft
from toolkit.model import MeetingFacts, Point, Speech
from toolkit.widgets.returned import UPLOAD_LABEL

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_writer_brings_the_leaders_returned_file_into_the_draft_and_can_undo_it(chromium, server_env, tmp_path):
    _, workspace = server_env
    draft = save_draft(
        Speech(
            title=TITLE_REJECTED,
            salutation="同志们：",
            opening=["今天召开全县农田水利建设动员会议。"],
            points=[Point(lead="提高思想认识。", body=["农田水利是农业发展的命脉。"])],
            meeting=MeetingFacts(name="全县农田水利建设动员会议", date=dt.date(2026, 11, 6)),
        ),
        workspace / "水利讲话.yaml",
    )
    returned = reviewed_speech(tmp_path, "修订稿（返回）.docx")
    versions = workspace / "水利讲话.versions"
    with voila_composer(chromium, server_env, tmp_path, "voila-returned", draft=draft) as page:
        open_tab(page, "版本")
        page.locator(".jianggao-composer :text('接受领导的修订（用改后的文字）')").wait_for(timeout=10_000)
        with page.expect_file_chooser() as chooser:
            page.locator(".jianggao-returned-upload").click()
        chooser.value.set_files(str(returned))

        # the message says what came back, in plain words
        message = page.locator(".jianggao-composer :text('已把“修订稿（返回）.docx”导入草稿')")
        message.wait_for(timeout=30_000)
        said = message.inner_text()
        assert "领导的修订共 16 处，已全部接受" in said and "批注 1 条" in said
        assert "导入前的稿子已存为版本 1“导入“修订稿（返回）”前”" in said
        assert page.locator(".jianggao-returned-upload").inner_text().strip() == UPLOAD_LABEL  # no "(0)" counter

        # the page shows the leader's title and his 批注 beside the point it is on
        page.wait_for_function(
            "text => document.querySelector(\".jg-field[data-key='title']\").innerText === text",
            arg=TITLE_ACCEPTED,
            timeout=10_000,
        )
        note = page.locator(".jg-row[data-id='points/1/lead'] .jg-comment")
        note.wait_for(timeout=10_000)
        assert LEAD_COMMENT in note.inner_text()

        # the draft and the versions folder
        assert eventually(lambda: open_draft(draft).title, lambda title: title == TITLE_ACCEPTED) == TITLE_ACCEPTED
        assert open_draft(draft).meeting.name == "全县农田水利建设动员会议"
        assert sorted(p.name for p in versions.glob("*.yaml")) == [
            "001-导入“修订稿（返回）”前.yaml",
            "002-修订稿（返回）.yaml",
        ]

        # 撤销 takes the whole import back, on the page and on disk
        page.locator(".jianggao-composer button:has-text('撤销')").first.click()
        assert eventually(lambda: open_draft(draft).title, lambda title: title == TITLE_REJECTED) == TITLE_REJECTED
        page.wait_for_function(
            "text => document.querySelector(\".jg-field[data-key='title']\").innerText === text",
            arg=TITLE_REJECTED,
            timeout=10_000,
        )
        assert open_draft(draft).comments == []
        assert_no_widget_errors(page, "voila-returned")
