"""Writing on the page in a real browser (Voila, Debian's Chromium through Playwright), as a
writer would: click a paragraph and type, press Enter for a new paragraph, use the controls
beside a point, click a highlighted ×××乡 or an unfilled variable and fill it in the pop-up;
the page, the notes beside the paragraphs and the draft file follow."""

import datetime as dt

import pytest
from browser_support import ARTIFACTS, LAPTOP, assert_no_widget_errors, eventually, voila_composer

from toolkit.drafts import open_draft, save_draft
from toolkit.model import Point, Speech

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def field(page, key):
    return page.locator(f".jg-field[data-key='{key}']")


def row(page, block_id):
    return page.locator(f".jg-row[data-id='{block_id}']")


def type_at_end(page, key, text):
    """Click into the field *key*, put the cursor at its end, and type *text*."""
    field(page, key).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def test_a_writer_types_on_the_page_splits_a_paragraph_and_deletes_a_point(chromium, server_env, tmp_path):
    _, workspace = server_env
    with voila_composer(chromium, server_env, tmp_path, "voila-page", viewport=LAPTOP) as page:
        [path] = workspace.glob("示例-*.yaml")
        leads = [point.lead for point in open_draft(path).points]
        first_body = open_draft(path).points[0].body[0]
        field(page, "points/0/body/0").wait_for(timeout=30_000)
        assert page.locator(".jg-row[data-id='points/0/lead'] .jg-marker").inner_text() == "一要"
        # each point's speaking time, small and grey in the margin beside its lead
        time = row(page, "points/0/lead").locator(".jg-time")
        assert time.is_visible() and time.inner_text().startswith("约") and "按每分钟" in time.get_attribute("title")

        # typing in place: the draft and the counts follow, the marker is never part of the text
        count = int(page.locator(".jg-counts b").first.inner_text())
        type_at_end(page, "points/0/body/0", "务必落到实处。")
        eventually(lambda: open_draft(path).points[0].body[0], lambda text: text == first_body + "务必落到实处。")
        page.wait_for_function(
            "n => +document.querySelector('.jg-counts b').innerText === n", arg=count + 7, timeout=10_000
        )

        # Enter at the end starts the next paragraph of the same point, where the cursor now is
        page.keyboard.press("Enter")
        page.keyboard.type("另起一段。")
        saved = eventually(lambda: open_draft(path), lambda s: s.points[0].body[1:2] == ["另起一段。"])
        assert saved.points[0].body[0] == first_body + "务必落到实处。"
        assert page.evaluate("document.activeElement.dataset.key") == "points/0/body/1"

        # the problem is a note beside its paragraph; clicking the ×××乡 offers its replacement
        note = row(page, "opening/0").locator(".jg-note")
        assert "×××乡" in note.inner_text()
        page.locator(".jg-ph", has_text="×××乡").first.click()
        page.locator(".jg-popup-input").fill("城关镇")
        page.locator(".jg-popup-all").click()
        eventually(lambda: open_draft(path).opening[0], lambda text: "城关镇" in text and "×××" not in text)
        note.wait_for(state="detached", timeout=10_000)
        assert page.locator(".jg-ph").count() == 0

        # the controls beside a point: delete the second, the rest renumber, 撤销 brings it back
        row(page, "points/1/lead").locator(".jg-para").hover()
        page.screenshot(path=str(ARTIFACTS / "page-editor-1366.png"))
        row(page, "points/1/lead").locator(".jg-delete").click()
        page.locator(".jg-notice", has_text="已删除第二点").wait_for(timeout=10_000)
        eventually(lambda: [p.lead for p in open_draft(path).points], lambda got: got == [leads[0], *leads[2:]])
        page.wait_for_function(
            "lead => document.querySelector(\".jg-row[data-id='points/1/lead']\").innerText.startsWith('二要' + lead)",
            arg=leads[2],
            timeout=10_000,
        )
        page.locator(".jg-undo-delete").click()
        eventually(lambda: [p.lead for p in open_draft(path).points], lambda got: got == leads)
        page.locator(".jg-notice", has_text="已删除").wait_for(state="hidden", timeout=10_000)
        assert_no_widget_errors(page, "voila-page")


def test_an_unfilled_variable_on_the_page_is_filled_in_its_pop_up(chromium, server_env, tmp_path):
    _, workspace = server_env
    draft = save_draft(
        Speech(
            title="在{{ 会议名称 }}上的讲话",
            byline="（{{ 会议日期 }}）",
            salutation="同志们：",
            opening=["今天开会。"],
            points=[Point(lead="抓好落实。", body=["要抓紧。"])],
        ),
        workspace / "变量草稿.yaml",
    )
    with voila_composer(chromium, server_env, tmp_path, "voila-page-variables", draft=draft) as page:
        chip = field(page, "title").locator(".jg-var.jg-unfilled")
        chip.wait_for(timeout=30_000)
        assert chip.inner_text() == "会议名称" and "{{" not in page.locator(".jg-sheet").inner_text()
        chip.click()
        page.locator(".jg-popup-input").fill("全县防汛工作会议")
        page.keyboard.press("Enter")
        saved = eventually(lambda: open_draft(draft), lambda s: s.meeting.name == "全县防汛工作会议")
        assert saved.title == "在{{ 会议名称 }}上的讲话"  # the draft keeps the variable, the page shows its value
        page.wait_for_function(
            "() => document.querySelector(\".jg-field[data-key='title']\").innerText === '在全县防汛工作会议上的讲话'",
            timeout=10_000,
        )
        # one fact, one place: the 会议信息 tab shows it too
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jianggao-composer input')].some(i => i.value === '全县防汛工作会议')",
            timeout=10_000,
        )
        field(page, "byline").locator(".jg-var").click()
        page.locator(".jg-popup-input[type='date']").fill("2026-09-28")
        page.locator(".jg-popup-ok").click()
        eventually(lambda: open_draft(draft).meeting.date, lambda date: date == dt.date(2026, 9, 28))
        assert_no_widget_errors(page, "voila-page-variables")


def test_a_leaders_comment_beside_its_paragraph_is_marked_done(chromium, server_env, tmp_path):
    from toolkit.model.speech import Comment, CommentReply

    _, workspace = server_env
    draft = save_draft(
        Speech(
            title="在全县春耕生产会议上的讲话",
            salutation="同志们：",
            opening=["今天开会。"],
            points=[Point(lead="抓好备耕。", body=["种子要备足。"]), Point(lead="抓好服务。", body=["要下乡。"])],
            comments=[
                Comment(
                    key="points/1/lead",
                    author="张书记",
                    text="服务要具体",
                    quote="抓好服务。",
                    replies=[CommentReply("李秘书", "", "已补充")],
                )
            ],
        ),
        workspace / "批注草稿.yaml",
    )
    with voila_composer(chromium, server_env, tmp_path, "voila-page-comment", draft=draft) as page:
        note = row(page, "points/1/lead").locator(".jg-comment")
        note.wait_for(timeout=30_000)
        assert note.locator(".jg-note-label").inner_text() == "批注"
        assert "张书记：服务要具体" in note.inner_text() and "答复 · 李秘书：已补充" in note.inner_text()
        assert note.get_attribute("title") == "针对“抓好服务。”"
        note.locator(".jg-comment-done").click()
        eventually(lambda: open_draft(draft).comments[0].done, lambda done: done is True)
        note.wait_for(state="detached", timeout=10_000)
        assert_no_widget_errors(page, "voila-page-comment")
