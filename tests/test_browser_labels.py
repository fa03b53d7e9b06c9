"""What a writer sees on hovering a label and on the upload buttons, in a real browser
(Voila, Debian's Chromium through Playwright): no hover title says "null" anywhere in the
composer, in any tab, nor in the widgets made after the page opened (a point added, a
file imported); the two upload buttons show their labels only, never a file counter
such as "(0)", before and after a file was chosen."""

import pytest
from browser_support import assert_no_widget_errors, open_tab, voila_composer

from toolkit.drafts import save_draft
from toolkit.model import Point, Speech
from toolkit.widgets.draft_bar import UPLOAD_LABEL
from toolkit.widgets.returned import UPLOAD_LABEL as RETURNED_LABEL

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TABS = ("会议信息", "变量", "占位符", "结构", "模板库", "素材", "导出", "版本")
NULL_TITLES = """() => Array.from(document.querySelectorAll(".jianggao-composer [title='null']"),
  (element) => (element.innerText || element.outerHTML).trim().slice(0, 40))"""
UPLOADS = """() => Array.from(document.querySelectorAll(".jianggao-composer .widget-upload"),
  (element) => element.innerText.trim())"""
SPEECH = "在全县春耕生产工作会议上的讲话\n同志们：\n今天召开会议。\n一要抓好备耕。\n各乡镇要早动手。\n"


def null_titles(page, seconds: float = 5) -> list[str]:
    """What carries the hover title "null" in the composer, once widgets drawn just now are tidied."""
    try:
        page.wait_for_function(f"({NULL_TITLES})().length === 0", timeout=seconds * 1000)
    except Exception:
        pass
    return page.evaluate(NULL_TITLES)


def test_no_label_says_null_and_no_upload_shows_a_counter(chromium, server_env, tmp_path):
    draft = save_draft(
        Speech(title="在全县春耕会议上的讲话", salutation="同志们：", points=[Point("提高认识。", ["认真学习。"])]),
        tmp_path / "春耕.yaml",
    )
    (tmp_path / "春耕讲话.txt").write_text(SPEECH, encoding="utf-8")
    with voila_composer(chromium, server_env, tmp_path, "voila-labels", draft=draft) as page:
        page.locator(".jianggao-composer .widget-text:has(label:text-is('会议名称'))").first.wait_for(timeout=30_000)
        assert page.locator(".jianggao-composer label.widget-label:text-is('讲话时长')").count() >= 1
        for tab in TABS:
            open_tab(page, tab)
            assert null_titles(page) == [], f"hover titles 'null' with the {tab} tab open"
        assert page.evaluate(UPLOADS) == [UPLOAD_LABEL, RETURNED_LABEL]

        # widgets made later: a point added in 结构, a file imported (the upload held a file for a moment)
        open_tab(page, "结构")
        page.locator(".jianggao-composer button:has-text('添加要点')").first.click()
        page.locator(".jianggao-composer .jg-sheet :text('二要')").first.wait_for(timeout=15_000)
        with page.expect_file_chooser() as chooser:
            page.locator(".jianggao-composer .widget-upload", has_text=UPLOAD_LABEL).click()
        chooser.value.set_files(str(tmp_path / "春耕讲话.txt"))
        page.locator(".jianggao-composer :text('已导入“春耕讲话.txt”')").first.wait_for(timeout=30_000)
        for tab in ("结构", "会议信息", "变量"):
            open_tab(page, tab)
            assert null_titles(page) == [], f"hover titles 'null' after the import, {tab} tab open"
        assert page.evaluate(UPLOADS) == [UPLOAD_LABEL, RETURNED_LABEL]
        assert_no_widget_errors(page, "voila-labels")
