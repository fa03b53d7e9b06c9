"""One real browser: JupyterLab and Voila on 127.0.0.1, driven by Playwright with Debian's
Chromium. The composer notebook runs, a title is typed in the form and a sentence on the
page, 导出 is clicked, and the .docx appears with both; Voila shows the same form. Screenshots go to test-artifacts/.

Starting the servers and opening the composer is shared by every browser test: see
browser_support.py."""

import docx
import pytest
from browser_support import assert_no_widget_errors, eventually, jupyterlab_composer, voila_composer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TITLE = "在全县浏览器验收会议上的讲话"
ADDED = "会议开得及时、很有必要。"


def test_jupyterlab_runs_the_composer_and_exports_the_typed_title(chromium, server_env, tmp_path):
    _, workspace = server_env
    with jupyterlab_composer(chromium, server_env, tmp_path, "jupyterlab") as page:
        title = page.locator(".widget-text:has(label:text-is('标题')) input").first
        title.fill(TITLE)
        title.press("Tab")
        # and on the page, as in Word: click the opening, go to its end, type
        opening = page.locator(".jg-field[data-key='opening/0']")
        opening.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(ADDED)
        page.wait_for_function(
            "added => document.querySelector(\".jg-field[data-key='opening/0']\").innerText.endsWith(added)",
            arg=ADDED,
            timeout=10_000,
        )
        page.get_by_role("button", name="导出").click()  # the one 导出 button, always in view
        page.get_by_role("button", name="仍然导出").click()  # the example's ×××乡 is listed first
        target = workspace / f"{TITLE}.docx"
        eventually(target.exists, seconds=60)
        page.locator("text=已导出").first.wait_for(timeout=30_000)
        assert_no_widget_errors(page, "jupyterlab-composer")
        assert target.exists(), f"no .docx in {workspace}: {sorted(p.name for p in workspace.iterdir())}"
        paragraphs = [paragraph.text for paragraph in docx.Document(str(target)).paragraphs]
        assert paragraphs[0].replace("\n", "") == TITLE
        assert any(ADDED in text for text in paragraphs), "what was typed on the page is not in the .docx"


def test_voila_shows_the_composer_form(chromium, server_env, tmp_path):
    with voila_composer(chromium, server_env, tmp_path, "voila") as page:
        page.locator(".widget-text:has(label:text-is('会议名称')) input").first.wait_for(timeout=30_000)
        assert page.locator(".lm-TabBar-tab:has-text('导出')").count() >= 1
        assert_no_widget_errors(page, "voila-composer")
        assert "from toolkit" not in page.inner_text("body")  # staff see the form, not the code
