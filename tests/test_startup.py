"""What makes the composer start quickly, kept correct: the pre-heated Voila kernel opens the
draft only when the page is asked for, the page needs nothing from the internet, and the
template caches give the same text as rendering afresh. (How fast it is is measured by
benchmarks/browser.py, never asserted.)"""

from __future__ import annotations

import time

import pytest
from browser_support import VIEWPORT, assert_no_widget_errors, jupyter_env
from conftest import ROOT

from toolkit.drafts import open_draft, save_draft
from toolkit.notebook import app, preheat
from toolkit.templating import engine

EXAMPLE_DRAFT = ROOT / "examples" / "drafts" / "秋冬季安全生产工作会议讲话.yaml"


def test_outside_a_preheated_kernel_the_notebook_goes_on_at_once(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "False")  # what Voila sets in a kernel started for a page
    started = time.monotonic()
    preheat.wait_for_page()
    monkeypatch.delenv("VOILA_PREHEAT")  # JupyterLab, nbclient
    preheat.wait_for_page()
    assert time.monotonic() - started < 1
    assert not preheat.preheated()


def test_warming_up_reads_the_library_but_writes_nothing(tmp_path):
    preheat.warm_up()
    assert list(tmp_path.glob("**/*.yaml")) == []  # no working copy of the example, no draft
    assert engine._compile_lenient.cache_info().currsize > 0


def test_the_generated_cell_waits_for_the_page_before_it_opens_the_draft(tmp_path):
    lines = app.composer_cell(tmp_path / "草稿.yaml").splitlines()
    assert lines.index("wait_for_page()") < len(lines) - 1
    assert lines[-1] == f"Composer({str(tmp_path / '草稿.yaml')!r})"
    assert "--preheat_kernel=True" in app.VOILA_OPTIONS


def test_a_cached_render_fills_what_has_a_value_now_and_keeps_what_has_none():
    source = "在{{ 会议名称 }}上，{{ 县名 }}要{{ 要点 | 顿号连接 }}。"
    first = engine.render_keeping_unfilled(source, {"会议名称": "全县会议"}, name="甲")
    again = engine.render_keeping_unfilled(source, {"会议名称": "全县会议"}, name="甲")
    filled = engine.render_keeping_unfilled(
        source, {"会议名称": "防汛会", "县名": "某某县", "要点": ["甲", "乙"]}, name="甲"
    )
    assert first == again == "在全县会议上，{{ 县名 }}要{{ 要点 | 顿号连接 }}。"
    assert filled == "在防汛会上，某某县要甲、乙。"


@pytest.mark.slow
@pytest.mark.browser
def test_a_page_opened_after_the_draft_changed_shows_the_draft_as_it_is_then(chromium, tmp_path, monkeypatch):
    """And it asks nothing of the internet: where that is unreachable (here: every request
    to cdn.jsdelivr.net held unanswered, as a firewall that drops them), it still shows."""
    for name, value in jupyter_env(tmp_path / "home", tmp_path / "workspace").items():
        monkeypatch.setenv(name, value)
    draft = tmp_path / "例会讲话.yaml"
    speech = open_draft(EXAMPLE_DRAFT)
    save_draft(speech, draft)
    with app.composer_server(draft) as running:
        deadline = time.monotonic() + 120
        while "is filled with 1 kernel" not in running.log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, running.log.read_text(encoding="utf-8")
            time.sleep(0.5)
        time.sleep(8)  # the kernel runs the notebook up to wait_for_page()
        speech.title = "在全县预热内核验收会议上的讲话"
        save_draft(speech, draft)  # the writer changed it elsewhere, after Voila started
        page = chromium.new_page(viewport=VIEWPORT)
        held, outside = [], []
        page.route("**/cdn.jsdelivr.net/**", lambda route: held.append(route))
        page.on(
            "request",
            lambda request: None if request.url.startswith("http://127.0.0.1:") else outside.append(request.url),
        )
        try:
            page.goto(running.url, timeout=120_000)
            title = page.locator(".widget-text:has(label:text-is('标题')) input").first
            title.wait_for(timeout=120_000)
            assert title.input_value() == "在全县预热内核验收会议上的讲话"
            assert outside == []
            assert_no_widget_errors(page, "compose-preheated")
        finally:
            page.close()
        assert "Using pre-heated kernel" in running.log.read_text(encoding="utf-8")
