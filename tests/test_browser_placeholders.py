"""The 占位符 tab in a real browser (issue 11, problem 7): Voila serves the composer on a
draft holding ×县 twice; a writer opens 占位符, types 某某县, clicks 全部替换; the page
preview shows 某某县 and the draft file no longer holds ×县."""

import sys
import time

import pytest
from test_browser import assert_no_widget_errors, chromium, free_port, served_page, server_env  # noqa: F401

from toolkit.drafts import save_draft
from toolkit.model import Point, Speech
from toolkit.notebook.app import write_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_voila_replaces_a_placeholder_everywhere(chromium, server_env, tmp_path):  # noqa: F811
    env, _ = server_env
    draft = save_draft(
        Speech(
            title="在×县安全生产工作会议上的讲话",
            salutation="同志们：",
            opening=["今天，×县召开安全生产工作会议。"],
            points=[Point("提高认识。", ["各单位要高度重视。"])],
        ),
        tmp_path / "占位符草稿.yaml",
    )
    notebook = write_notebook(tmp_path, draft)
    port = free_port()
    command = [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    with served_page(chromium, command, env, f"http://127.0.0.1:{port}/", "voila-placeholders", tmp_path) as page:
        page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
        page.locator(".lm-TabBar-tab:has-text('占位符')").first.click(timeout=60_000)
        field = page.locator(".widget-text:has(label:text-is('替换为')) input").first
        field.fill("某某县")
        field.press("Tab")
        page.get_by_role("button", name="全部替换").first.click()
        preview = page.locator(".jianggao-page:has-text('在某某县安全生产工作会议上的讲话')").first
        preview.wait_for(timeout=15_000)
        preview = preview.inner_text()
        assert "今天，某某县召开" in preview and "×县" not in preview
        deadline = time.monotonic() + 10
        while "×县" in draft.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.2)
        text = draft.read_text(encoding="utf-8")
        assert "×县" not in text and text.count("某某县") == 2
        assert_no_widget_errors(page, "voila-placeholders")
