"""What the real-browser tests share: Debian's Chromium driven by Playwright, JupyterLab or
Voila started on 127.0.0.1 with a private home and workspace, and the composer opened in a
page as a writer opens it. Screenshots and server logs go to test-artifacts/.

The fixtures ``chromium`` and ``server_env`` are made available to every test by conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import IN_CI, ROOT, require_tool

from toolkit.notebook.app import free_port, write_notebook

ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOKS = ROOT / "notebooks"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1500, "height": 1100}
LAPTOP = {"width": 1366, "height": 768}
"""The screen county offices use most."""
COMPOSER = ".jupyter-widgets :text('讲稿编辑器')"
"""The composer's heading: shown once the composer is on the page."""
START = 120_000
"""Milliseconds a server and the composer get to appear."""


def jupyter_env(home: Path, workspace: Path | None = None) -> dict[str, str]:
    """This environment with a private *home* (Jupyter's settings and runtime files in it)
    and *workspace* as the folder for drafts, so a server never touches the real ~/讲稿,
    nor reads an office's settings file."""
    home.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        PYTHONIOENCODING="utf-8",
        PYTHONUNBUFFERED="1",
    )
    if workspace is not None:
        env["JIANGGAO_WORKDIR"] = str(workspace)
    env.pop("JIANGGAO_CONFIG", None)
    return env


def wait_for(url: str, seconds: float = 90) -> None:
    """Wait until *url* answers (any status below 500)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                if response.status < 500:
                    return
        except Exception:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds} s")


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless, through Playwright (skipped, or failed in CI, without them)."""
    path = require_tool("chromium", "the real-browser test")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server_env(tmp_path_factory):
    """``(env, workspace)``: the environment a server runs in, and the empty folder where the
    composer keeps its drafts and exports."""
    workspace = tmp_path_factory.mktemp("workspace")
    return jupyter_env(tmp_path_factory.mktemp("home"), workspace), workspace


@contextlib.contextmanager
def served_page(chromium, command, env, health_url, name, folder, *, cwd: Path = NOTEBOOKS):
    """A server started with *command* in *cwd*, and a browser page once *health_url*
    answers; on failure a screenshot is kept; the server's log is copied to test-artifacts/
    either way."""
    log_path = folder / f"{name}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        page = None
        try:
            wait_for(health_url)
            page = chromium.new_page(viewport=VIEWPORT)
            page.on("dialog", lambda dialog: dialog.dismiss())
            yield page
        except Exception:
            if page is not None:
                page.screenshot(path=str(ARTIFACTS / f"{name}-failure.png"), full_page=True)
            raise
        finally:
            if page is not None:
                page.close()
            server.terminate()
            server.wait(timeout=30)
    shutil.copy(log_path, ARTIFACTS / f"{name}.log")


@contextlib.contextmanager
def voila_composer(chromium, server_env, folder: Path, name: str, *, draft: Path | None = None, viewport=None):
    """Voila serving the composer, and a page showing it: on *draft* (through the notebook
    ``jianggao compose`` writes), else notebooks/compose.ipynb on the example draft. The
    page has *viewport* before the composer loads; *name* names the log and screenshots."""
    env, _workspace = server_env
    notebook = str(write_notebook(folder, draft)) if draft is not None else "compose.ipynb"
    port = free_port()
    command = [sys.executable, "-m", "voila", notebook, "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    address = f"http://127.0.0.1:{port}/"
    with served_page(chromium, command, env, address, name, folder) as page:
        if viewport is not None:
            page.set_viewport_size(viewport)
        page.goto(address, timeout=START)
        page.locator(COMPOSER).first.wait_for(timeout=START)
        yield page


@contextlib.contextmanager
def jupyterlab_composer(chromium, server_env, folder: Path, name: str):
    """JupyterLab on notebooks/compose.ipynb, and a page where a writer chose Run → Run All
    Cells and the composer appeared."""
    env, _workspace = server_env
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--allow-root",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={NOTEBOOKS}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with served_page(chromium, command, env, f"http://127.0.0.1:{port}/api/status", name, folder) as page:
        page.goto(f"http://127.0.0.1:{port}/lab/tree/compose.ipynb", timeout=90_000)
        page.wait_for_function("document.body.innerText.includes('| Idle')", timeout=90_000)
        for dismiss in ("No", "Dismiss"):  # JupyterLab's news/notification pop-ups
            button = page.locator(f".jp-toast-button:has-text('{dismiss}')")
            if button.count():
                button.first.click()
        page.locator(".lm-MenuBar-itemLabel:text-is('Run')").click(timeout=30_000)
        page.locator(".lm-Menu-itemLabel:text-is('Run All Cells')").click(timeout=30_000)
        page.locator(COMPOSER).first.wait_for(timeout=90_000)
        yield page


def open_tab(page, title: str) -> None:
    """Click the composer tab *title* (会议信息, 变量, 占位符, 结构…)."""
    page.locator(f".jianggao-composer .lm-TabBar-tab:has-text('{title}')").first.click(timeout=30_000)


def eventually(probe, condition=bool, seconds: float = 10.0):
    """``probe()`` once *condition* holds for it, else its last value after *seconds*: the
    autosave and the export write their files a moment after the click."""
    deadline = time.monotonic() + seconds
    while True:
        value = probe()
        if condition(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def assert_no_widget_errors(page, name):
    """Every widget loaded and none shows an error (a full-page screenshot is kept as *name*.png)."""
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    body = page.inner_text("body")
    assert "Loading widget" not in body, f"a widget did not load (see test-artifacts/{name}.png)"
    assert "Error displaying widget" not in body and "Traceback" not in body
