"""撤销 in a real browser (Voila, Debian's Chromium through Playwright), as a writer would:
delete a point with its button, click the 撤销 beside 已删除第三点, and the point is back on
the page and in the draft file; change the title, press Ctrl+Z outside the text box, and
the title is back. At 1366×768 no structure button's label is cut to "…"."""

import sys
import time

import pytest
from test_browser import ARTIFACTS, assert_no_widget_errors, chromium, free_port, served_page, server_env

from toolkit.drafts import open_draft

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["chromium", "server_env"]  # the fixtures, shared with test_browser.py

CUT_BUTTONS = """() => {
  const cut = [];
  for (const button of document.querySelectorAll(".jianggao-composer .jupyter-button")) {
    if (!button.offsetParent) continue;  // hidden: another tab
    const text = (button.innerText || "").trim();
    if (button.scrollWidth > button.clientWidth + 1 || text.endsWith("…")) cut.push(text || button.title);
  }
  return cut;
}"""


def wait_for_draft(path, condition, seconds=10.0):
    """The draft file once *condition* holds for it (the autosave comes about a second after an edit)."""
    deadline = time.monotonic() + seconds
    while True:
        speech = open_draft(path)
        if condition(speech) or time.monotonic() > deadline:
            return speech
        time.sleep(0.2)


def test_a_deleted_point_comes_back_and_ctrl_z_undoes_a_title_change(chromium, server_env, tmp_path):
    env, workspace = server_env
    port = free_port()
    command = [sys.executable, "-m", "voila", "compose.ipynb", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    with served_page(chromium, command, env, f"http://127.0.0.1:{port}/", "voila-history", tmp_path) as page:
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
        page.locator(".jupyter-widgets :text('讲稿编辑器')").first.wait_for(timeout=60_000)
        [draft] = workspace.glob("示例-*.yaml")
        leads = [point.lead for point in open_draft(draft).points]
        assert len(leads) >= 3

        page.locator(".lm-TabBar-tab:has-text('结构')").first.click()
        delete = page.locator(".jianggao-composer button[title^='删除第三点']")
        delete.wait_for(timeout=10_000)
        assert page.evaluate(CUT_BUTTONS) == [], "a button label is cut at 1366×768"
        page.screenshot(path=str(ARTIFACTS / "structure-1366.png"))
        page.set_viewport_size({"width": 1920, "height": 1080})
        assert page.evaluate(CUT_BUTTONS) == [], "a button label is cut at 1920×1080"
        page.set_viewport_size({"width": 1366, "height": 768})

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

        page.locator(".lm-TabBar-tab:has-text('会议信息')").first.click()
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
