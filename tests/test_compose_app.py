"""``jianggao compose``: the composer as a Voila app on 127.0.0.1, its address printed.

The launch is tested as staff use it: the command runs in a subprocess, the printed address
is fetched over HTTP (the Voila page with the composer's widget in it), and Chromium shows
the composer's form. Errors (no such draft, a folder, Voila not installed) are one Chinese
line and exit 2, before anything starts."""

from __future__ import annotations

import contextlib
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import VIEWPORT, assert_no_widget_errors, jupyter_env
from conftest import ROOT, run_cli

from toolkit.drafts import open_draft
from toolkit.notebook import app

EXAMPLE_DRAFT = ROOT / "examples" / "drafts" / "秋冬季安全生产工作会议讲话.yaml"
EXAMPLE_SPEECH = ROOT / "examples" / "speeches" / "秋冬季安全生产工作会议讲话.txt"
ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=[\w-]+")


def composer_env(folder: Path) -> dict:
    """A private HOME and workspace, so a test never writes into the real ~/讲稿."""
    return jupyter_env(folder / "home", folder / "workspace")


@contextlib.contextmanager
def launched_composer(command: list[str], env: dict, cwd: Path, seconds: float = 60):
    """Run a ``jianggao compose --no-browser …`` *command*; yield ``(address, lines)`` once it
    prints the address. On exit it gets Ctrl+C (SIGINT) and must end by itself with 0,
    say so, and leave nothing listening on its port."""
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8"
    )
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()

    def read_until(pattern: re.Pattern, deadline: float):
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                if process.poll() is not None and lines.empty():
                    break
                continue
            seen.append(line)
            if found := pattern.search(line):
                return found
        raise AssertionError(f"no line matching {pattern.pattern!r}; output: {''.join(seen)!r}")

    port = None
    try:
        found = read_until(ADDRESS, time.monotonic() + seconds)
        port = int(found.group(1))
        yield found.group(0), seen
        assert process.poll() is None, f"the app ended by itself: {''.join(seen)}"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0, "".join(seen)
        read_until(re.compile("讲稿编辑器已关闭"), time.monotonic() + 5)
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, "Voila still listens after the app ended"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, response.read().decode("utf-8")


def assert_voila_page_with_the_composer(url: str) -> None:
    """The address answers with the Voila page, and its one cell produced a widget."""
    status, html = fetch(url)
    assert status == 200
    assert "voila" in html.lower(), html[:500]
    assert "application/vnd.jupyter.widget-view+json" in html, "the composer cell did not produce a widget"
    assert "Traceback" not in html and "from toolkit" not in html


# -- errors: one Chinese line, exit 2, nothing started -------------------------------------------
def test_a_missing_draft_is_one_line_and_exit_2(tmp_path):
    result = run_cli("compose", "--no-browser", str(tmp_path / "没有这个草稿.yaml"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "找不到这个草稿文件" in result.stderr
    assert result.stdout == ""


def test_a_folder_is_one_line_and_exit_2(tmp_path):
    result = run_cli("compose", "--no-browser", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "这是一个文件夹，不是草稿" in result.stderr


def test_a_broken_draft_is_one_line_and_exit_2(tmp_path):
    broken = tmp_path / "坏草稿.yaml"
    broken.write_text("title: [没有闭合\n", encoding="utf-8")
    result = run_cli("compose", "--no-browser", str(broken))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_without_voila_it_says_to_install_the_notebook_extra(tmp_path):
    code = (
        "import sys\nsys.modules['voila'] = None  # as if installed without the [notebook] extra\n"
        "from toolkit.cli import main\nraise SystemExit(main(['compose', '--no-browser']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=composer_env(tmp_path),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == 'jianggao：没有安装讲稿编辑器需要的组件（voila）。请运行 pip install "jianggao[notebook]" 后再试\n'
    )


def test_a_speech_file_is_imported_into_a_new_draft_in_the_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGGAO_WORKDIR", str(tmp_path / "workspace"))
    draft = app.prepare_draft(EXAMPLE_SPEECH)
    assert draft.imported_from == EXAMPLE_SPEECH.resolve()
    assert draft.path.parent == tmp_path / "workspace" and draft.path.suffix == ".yaml"
    assert draft.path.name.startswith(EXAMPLE_SPEECH.stem + "-")
    assert open_draft(draft.path).points, "the imported draft has the speech's points"
    again = app.prepare_draft(EXAMPLE_SPEECH)
    assert again.path != draft.path, "a second import never overwrites the first"


def test_a_draft_is_opened_in_place_and_the_extension_may_be_left_off(tmp_path):
    shutil.copy(EXAMPLE_DRAFT, tmp_path / "例会.yaml")
    assert app.prepare_draft(tmp_path / "例会.yaml").path == (tmp_path / "例会.yaml").resolve()
    assert app.prepare_draft(tmp_path / "例会").path == (tmp_path / "例会.yaml").resolve()
    assert app.prepare_draft(None).path is None


def test_the_generated_notebook_has_one_cell_showing_the_composer(tmp_path):
    import nbformat

    draft = tmp_path / "它's 草稿.yaml"
    notebook = nbformat.read(str(app.write_notebook(tmp_path, draft)), as_version=4)
    assert len(notebook.cells) == 1
    source = notebook.cells[0].source
    assert source.startswith("from toolkit.widgets import Composer")
    assert source.splitlines()[-1] == f"Composer({str(draft)!r})"
    assert "Composer.with_example()" in app.composer_cell(None)


# -- the app itself ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_compose_serves_the_composer_and_stops_on_ctrl_c(tmp_path):
    draft = tmp_path / "例会讲话.yaml"
    shutil.copy(EXAMPLE_DRAFT, draft)
    command = [sys.executable, "-m", "toolkit", "compose", "--no-browser", str(draft)]
    with launched_composer(command, composer_env(tmp_path), tmp_path) as (url, lines):
        assert lines[-1].startswith("讲稿编辑器已打开：http://127.0.0.1:")
        assert_voila_page_with_the_composer(url)
        _, without_token = fetch(url.split("?")[0])  # another local user gets a login page
        assert "application/vnd.jupyter.widget-view+json" not in without_token


@pytest.mark.slow
@pytest.mark.browser
def test_compose_shows_the_composer_form_in_chromium(chromium, tmp_path):
    draft = tmp_path / "例会讲话.yaml"
    shutil.copy(EXAMPLE_DRAFT, draft)
    title = open_draft(draft).title.replace("\n", "")
    command = [sys.executable, "-m", "toolkit", "compose", "--no-browser", str(draft)]
    with launched_composer(command, composer_env(tmp_path), tmp_path) as (url, _):
        page = chromium.new_page(viewport=VIEWPORT)
        try:
            page.goto(url, timeout=120_000)
            page.locator(".jupyter-widgets h3:text-is('讲稿编辑器')").first.wait_for(timeout=120_000)
            title_box = page.locator(
                ".widget-text:has(label:text-is('标题')) input, .widget-textarea:has(label:text-is('标题')) textarea"
            ).first
            title_box.wait_for(timeout=30_000)
            assert title_box.input_value().replace("\n", "") == title  # the draft given, not the example copy
            assert page.get_by_role("button", name="导出").count() >= 1
            assert_no_widget_errors(page, "compose-app")
        finally:
            page.close()
