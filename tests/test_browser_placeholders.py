"""The 占位符 tab in a real browser (issue 11, problem 7): Voila serves the composer on a
draft holding ×县 twice; a writer opens 占位符, types 某某县, clicks 全部替换; the page
preview shows 某某县 and the draft file no longer holds ×县."""

import pytest
from browser_support import assert_no_widget_errors, eventually, open_tab, voila_composer

from toolkit.drafts import save_draft
from toolkit.model import Point, Speech

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_voila_replaces_a_placeholder_everywhere(chromium, server_env, tmp_path):
    draft = save_draft(
        Speech(
            title="在×县安全生产工作会议上的讲话",
            salutation="同志们：",
            opening=["今天，×县召开安全生产工作会议。"],
            points=[Point("提高认识。", ["各单位要高度重视。"])],
        ),
        tmp_path / "占位符草稿.yaml",
    )
    with voila_composer(chromium, server_env, tmp_path, "voila-placeholders", draft=draft) as page:
        open_tab(page, "占位符")
        field = page.locator(".widget-text:has(label:text-is('替换为')) input").first
        field.fill("某某县")
        field.press("Tab")
        page.get_by_role("button", name="全部替换").first.click()
        preview = page.locator(".jg-sheet:has-text('在某某县安全生产工作会议上的讲话')").first
        preview.wait_for(timeout=15_000)
        preview = preview.inner_text()
        assert "今天，某某县召开" in preview and "×县" not in preview
        text = eventually(lambda: draft.read_text(encoding="utf-8"), lambda text: "×县" not in text)
        assert "×县" not in text and text.count("某某县") == 2
        assert_no_widget_errors(page, "voila-placeholders")
