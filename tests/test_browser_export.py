"""导出 in a real browser (Voila, Chromium), as a writer meets it: a draft still holding the
purchased material's ×县 placeholder; 导出 lists that problem first, and its place, clicked,
opens the 占位符 tab with the cursor in ×县's 替换为 field; 仍然导出 writes the .docx,
shows its download link and lists the problem under 已导出."""

import docx
import pytest
from browser_support import ARTIFACTS, LAPTOP, assert_no_widget_errors, eventually, voila_composer
from conftest import require_tool

from toolkit.drafts import save_draft
from toolkit.model import Point, Speech

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TITLE = "在全县防汛工作会议上的讲话"
FOCUSED_REPLACE_FIELD = """() => {
  const box = document.activeElement && document.activeElement.closest(".widget-text");
  const label = box && box.querySelector("label");
  return !!label && label.innerText.trim() === "替换为" && box.offsetParent !== null;
}"""
BUTTON_READY = """() => {
  const button = document.querySelector(".jianggao-composer button.jianggao-export");
  return !!button && button.innerText.trim() === "导出" && !button.disabled;
}"""


def flood_draft(folder, opening: str):
    """The draft 防汛讲话.yaml in *folder*: a short speech whose opening is *opening*."""
    folder.mkdir()
    speech = Speech(
        title=TITLE,
        salutation="同志们：",
        opening=[opening],
        transition="下面，我讲两点意见。",
        points=[Point("提高认识。", ["要认真学习。"]), Point("压实责任。", ["要真抓实干。"])],
        closing=["同志们，让我们共同努力。"],
    )
    return save_draft(speech, folder / "防汛讲话.yaml")


def test_export_with_a_placeholder_lists_it_first_then_exports_anyway(chromium, server_env, tmp_path):
    folder = tmp_path / "草稿"
    draft = flood_draft(folder, "今天召开会议，请×县各单位认真落实。")
    with voila_composer(chromium, server_env, tmp_path, "voila-export", draft=draft) as page:
        export = page.get_by_role("button", name="导出").first  # 仍然导出 is not shown yet
        export.wait_for(timeout=60_000)
        export.click()
        page.locator("text=导出前请先看一看").first.wait_for(timeout=15_000)
        assert page.get_by_role("button", name="开头第1段").count() == 1  # the place, clickable
        assert "×县" in page.inner_text("body") and "--" not in page.inner_text(".jianggao-composer")
        assert not list(folder.glob("*.docx"))  # nothing written before the writer decides
        page.get_by_role("button", name="开头第1段").click()  # ×县 is replaced in 占位符, everywhere at once
        page.locator(".jianggao-composer .lm-TabBar-tab.lm-mod-current:has-text('占位符')").wait_for(timeout=10_000)
        page.wait_for_function(FOCUSED_REPLACE_FIELD, timeout=10_000)  # the cursor in ×县's 替换为
        page.get_by_role("button", name="仍然导出").click()
        page.locator("text=已导出").first.wait_for(timeout=15_000)
        link = page.locator(f"a[download='{TITLE}.docx']")
        link.wait_for(timeout=15_000)
        assert link.inner_text() == f"下载 {TITLE}.docx"
        exported = page.locator("text=文件中仍有 1 个问题").first
        exported.wait_for(timeout=5_000)
        page.locator("text=页面图：共").first.wait_for(timeout=30_000)  # made in the background, then shown
        picture = page.locator(".jianggao-pages img").first
        small = picture.bounding_box()["width"]
        picture.click()  # opens full-size, over the composer
        assert picture.bounding_box()["width"] > 2 * small
        page.screenshot(path=str(ARTIFACTS / "voila-export-page.png"))
        picture.click()  # and closes again
        assert picture.bounding_box()["width"] == small
        assert page.get_by_role("button", name="导出").first.is_enabled()
        assert_no_widget_errors(page, "voila-export")
        target = folder / f"{TITLE}.docx"
        eventually(target.exists)
        assert [p.name for p in folder.glob("*.docx")] == [target.name]
        assert "×县" in "\n".join(p.text for p in docx.Document(str(target)).paragraphs)


def test_after_an_export_with_page_pictures_the_button_is_still_there_and_exports_again(chromium, server_env, tmp_path):
    """On the laptop screen the page pictures are taller than the room above the page: they
    scroll below 导出, which keeps its height and exports again (updating the same file)."""
    require_tool("soffice", "the page pictures")
    folder = tmp_path / "草稿"
    draft = flood_draft(folder, "今天召开全县防汛工作会议，请各单位认真落实。")
    with voila_composer(chromium, server_env, tmp_path, "voila-export-again", draft=draft, viewport=LAPTOP) as page:
        export = page.locator(".jianggao-composer button.jianggao-export")
        export.wait_for(timeout=60_000)
        export.click()
        page.locator("text=页面图：共").first.wait_for(timeout=60_000)
        page.wait_for_function(BUTTON_READY, timeout=15_000)  # 导出 again, not 正在生成页面图…
        page.wait_for_timeout(300)  # the last layout pass
        box = export.bounding_box()
        page.screenshot(path=str(ARTIFACTS / "voila-export-again.png"))
        assert box is not None and box["height"] >= 20, f"导出 is squeezed to {box}"
        assert 0 <= box["y"] and box["y"] + box["height"] <= LAPTOP["height"], "导出 is out of view"
        export.click()  # a real click, where the writer sees the button
        page.locator("text=更新了这份草稿上次导出的文件").first.wait_for(timeout=30_000)
        page.locator("text=页面图：共").first.wait_for(timeout=60_000)
        assert_no_widget_errors(page, "voila-export-again")
    assert [p.name for p in folder.glob("*.docx")] == [f"{TITLE}.docx"]
