"""The 素材 tab in a real browser (issue 14): Voila serves the composer with an archive in its
workspace; a writer opens 素材, types 党建, reads the hit highlighted in its speech, clicks
插入; the page shows the paragraph at the end of the opening and the draft file remembers
where it came from. A screenshot goes to test-artifacts/material-tab.png."""

import pytest
from browser_support import ARTIFACTS, assert_no_widget_errors, eventually, open_tab, voila_composer
from test_archive import PARTY

from toolkit import service
from toolkit.drafts import save_draft
from toolkit.model import Point, Speech

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_voila_finds_a_paragraph_and_inserts_it_with_its_source(chromium, server_env, tmp_path):
    _env, workspace = server_env
    (tmp_path / "以往").mkdir()
    (tmp_path / "以往" / "党建推进会.txt").write_text(PARTY, encoding="utf-8")
    with service.open_archive(workspace / "素材库.sqlite") as archive:
        service.archive_files([tmp_path / "以往"], archive=archive)
    draft = save_draft(
        Speech(salutation="同志们：", opening=["今天开会。"], points=[Point("提高认识。", ["认真学习。"])]),
        tmp_path / "素材草稿.yaml",
    )
    with voila_composer(chromium, server_env, tmp_path, "voila-material", draft=draft) as page:
        open_tab(page, "素材")
        page.locator("input[placeholder^='输入词语']").first.fill("党建")
        options = page.locator(".widget-select select option")
        options.filter(has_text="【党建】").first.wait_for(timeout=15_000)
        page.locator("mark:text-is('党建')").first.wait_for(timeout=15_000)
        page.screenshot(path=str(ARTIFACTS / "material-tab.png"))
        first = options.filter(has_text="【党建】").first.inner_text()
        page.get_by_role("button", name="插入").last.click()
        page.locator(".jianggao-composer :text('已插入1段到开头末尾')").first.wait_for(timeout=15_000)
        text = eventually(lambda: draft.read_text(encoding="utf-8"), lambda text: "sources:" in text)
        assert "title: 在全县党建工作推进会上的讲话" in text and "key: opening/1" in text
        inserted = first.split("（")[0].replace("【", "").replace("】", "").rstrip("…")
        page.locator(f".jg-sheet:has-text('{inserted[:10]}')").first.wait_for(timeout=15_000)
        assert_no_widget_errors(page, "voila-material")


def test_voila_checks_the_draft_against_the_archive(chromium, server_env, tmp_path):
    """查重 in the browser: the shares above, the copied paragraphs listed, one chosen shown
    beside its archived original."""
    from test_archive import SAFETY
    from test_copycheck import DRAFT

    from toolkit.importers import import_reviewed

    _env, workspace = server_env
    (tmp_path / "以往" / "上级").mkdir(parents=True)
    (tmp_path / "以往" / "上级" / "全市安全生产会议.txt").write_text(SAFETY, encoding="utf-8")
    with service.open_archive(workspace / "素材库.sqlite") as archive:
        service.archive_files([tmp_path / "以往"], archive=archive)
    (tmp_path / "来稿.txt").write_text(DRAFT, encoding="utf-8")
    draft = save_draft(import_reviewed(tmp_path / "来稿.txt")[0], tmp_path / "查重草稿.yaml")
    with voila_composer(chromium, server_env, tmp_path, "voila-copy-check", draft=draft) as page:
        open_tab(page, "素材")
        page.get_by_role("button", name="查重").click()
        page.locator(".jianggao-composer :text('照搬上级材料')").first.wait_for(timeout=15_000)
        page.locator(".jianggao-composer :text('请改写这些段落，或注明出处')").first.wait_for(timeout=15_000)
        options = page.locator(".widget-select select option")
        first = options.filter(has_text="开头第1段").first
        first.wait_for(timeout=15_000)
        assert "照搬" in first.inner_text() and "上级：在全市安全生产工作会议上的讲话" in first.inner_text()
        chooser = page.locator(".widget-select select:has(option:has-text('开头第1段'))").first
        chooser.select_option(label=first.inner_text())
        page.locator(".jianggao-composer :text('草稿开头第1段')").first.wait_for(timeout=15_000)
        page.screenshot(path=str(ARTIFACTS / "copy-check.png"))
        assert_no_widget_errors(page, "voila-copy-check")
