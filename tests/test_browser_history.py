"""撤销 in a real browser (Voila, Debian's Chromium through Playwright), as a writer would:
delete a point with its button, click the 撤销 beside 已删除第三点, and the point is back on
the page and in the draft file; change the title, press Ctrl+Z outside the text box, and
the title is back. At 1366×768 no structure button's label is cut to "…"."""

import pytest
from browser_support import ARTIFACTS, LAPTOP, assert_no_widget_errors, eventually, open_tab, voila_composer

from toolkit.drafts import open_draft

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CUT_BUTTONS = """() => {
  const cut = [];
  for (const button of document.querySelectorAll(".jianggao-composer .jupyter-button")) {
    if (!button.offsetParent) continue;  // hidden: another tab
    const text = (button.innerText || "").trim();
    if (button.scrollWidth > button.clientWidth + 1 || text.endsWith("…")) cut.push(text || button.title);
  }
  return cut;
}"""


def wait_for_draft(path, condition):
    """The draft file once *condition* holds for it (the autosave comes about a second after an edit)."""
    return eventually(lambda: open_draft(path), condition)


def test_a_deleted_point_comes_back_and_ctrl_z_undoes_a_title_change(chromium, server_env, tmp_path):
    _, workspace = server_env
    with voila_composer(chromium, server_env, tmp_path, "voila-history", viewport=LAPTOP) as page:
        [draft] = workspace.glob("示例-*.yaml")
        leads = [point.lead for point in open_draft(draft).points]
        assert len(leads) >= 3

        open_tab(page, "结构")
        # the 结构 tab's button (the page has one with the same tooltip beside the point)
        delete = page.locator(".jianggao-composer button.jupyter-button[title^='删除第三点']")
        delete.wait_for(timeout=10_000)
        assert page.evaluate(CUT_BUTTONS) == [], "a button label is cut at 1366×768"
        page.screenshot(path=str(ARTIFACTS / "structure-1366.png"))
        page.set_viewport_size({"width": 1920, "height": 1080})
        assert page.evaluate(CUT_BUTTONS) == [], "a button label is cut at 1920×1080"
        page.set_viewport_size(LAPTOP)

        delete.click()
        page.locator(".jianggao-composer :text('已删除第三点 ·')").wait_for(timeout=10_000)
        assert [p.lead for p in wait_for_draft(draft, lambda s: len(s.points) == len(leads) - 1).points] == [
            leads[0],
            leads[1],
            *leads[3:],
        ]
        page.locator(".jianggao-composer button[title='恢复刚删除的内容']").click()
        page.wait_for_function(
            "lead => [...document.querySelectorAll('.jianggao-composer input')].some(i => i.value === lead)",
            arg=leads[2],
            timeout=10_000,
        )
        page.locator(".jianggao-composer :text('已删除第三点')").wait_for(state="hidden", timeout=5_000)
        assert [p.lead for p in wait_for_draft(draft, lambda s: len(s.points) == len(leads)).points] == leads

        open_tab(page, "会议信息")
        title = page.locator(".widget-text:has(label:text-is('标题')) input").first
        before = title.input_value()
        title.fill("在全县撤销测试会议上的讲话")
        assert (
            wait_for_draft(draft, lambda s: s.title == "在全县撤销测试会议上的讲话").title
            == "在全县撤销测试会议上的讲话"
        )
        page.locator(".jianggao-composer :text('讲稿编辑器')").first.click()  # out of the text box
        page.keyboard.press("Control+z")
        page.wait_for_function(
            "title => [...document.querySelectorAll('.jianggao-composer input')].some(i => i.value === title)",
            arg=before,
            timeout=10_000,
        )
        assert title.input_value() == before
        assert wait_for_draft(draft, lambda s: s.title == before).title == before
        assert_no_widget_errors(page, "voila-history")
