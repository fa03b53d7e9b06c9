"""The composer's layout in a real browser (Voila, Debian's Chromium through Playwright), at
the laptop size county offices use: 导出 and the problems are in view without scrolling, no
label is cut to "…", nothing speaks of cells or menus. Screenshots at 1366×768 and
1920×1080 go to test-artifacts/ (the README's tour uses copies in docs/images/)."""

import pytest
from browser_support import ARTIFACTS, LAPTOP, assert_no_widget_errors, open_tab, voila_composer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TRUNCATED = """() => {
  const found = [];
  const selector = ".jianggao-composer .widget-label, .jianggao-composer .jupyter-button,"
    + " .jianggao-composer .lm-TabBar-tabLabel, .jianggao-composer .widget-inline-hbox label";
  for (const el of document.querySelectorAll(selector)) {
    if (!el.offsetParent) continue;  // hidden: another tab
    const text = (el.innerText || "").trim();
    if (!text) continue;
    const cut = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).textOverflow === "ellipsis";
    if (cut || text.endsWith("…")) found.push(text);
  }
  return found;
}"""


def in_viewport(page, locator, height):
    box = locator.bounding_box()
    assert box is not None, "not shown"
    return box["y"] >= 0 and box["y"] + box["height"] <= height


def test_voila_composer_fits_the_laptop_screen(chromium, server_env, tmp_path):
    with voila_composer(chromium, server_env, tmp_path, "voila-layout", viewport=LAPTOP) as page:
        page.locator(".jg-sheet >> visible=true").first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)  # fonts and the last layout pass
        assert page.evaluate("window.scrollY") == 0
        export = page.locator(".jianggao-composer button.jupyter-button:visible", has_text="导出").first
        problems = page.locator(".jianggao-composer :text('需要注意的问题')").first
        assert in_viewport(page, export, 768), "导出 is below the fold at 1366×768"
        assert in_viewport(page, problems, 768), "the problems count is below the fold at 1366×768"
        assert in_viewport(page, page.locator(".jg-sheet >> visible=true").first, 768 + 10_000)
        assert page.locator(".jg-sheet >> visible=true").first.bounding_box()["y"] < 768, "the page is out of view"
        assert page.evaluate("document.documentElement.scrollHeight") <= 768 + 2, "the window itself scrolls"
        assert page.evaluate(TRUNCATED) == []
        for tab in ("变量", "结构", "模板库", "素材", "导出", "会议信息"):  # every tab's labels, at the small size
            open_tab(page, tab)
            page.wait_for_timeout(200)
            assert page.evaluate(TRUNCATED) == [], f"labels cut to … in {tab}"
        assert in_viewport(page, export, 768)
        body = page.inner_text("body")
        assert "运行全部单元格" not in body and "Run All" not in body and "单元格" not in body
        page.screenshot(path=str(ARTIFACTS / "composer-1366.png"))
        assert_no_widget_errors(page, "voila-layout-1366")

        page.set_viewport_size({"width": 1920, "height": 1080})
        page.wait_for_timeout(500)
        assert in_viewport(page, export, 1080) and in_viewport(page, problems, 1080)
        assert page.evaluate(TRUNCATED) == []
        page.screenshot(path=str(ARTIFACTS / "composer-1920.png"))
