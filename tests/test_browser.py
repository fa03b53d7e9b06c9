"""One real browser: JupyterLab and Voila on 127.0.0.1, driven by Playwright with Debian's
Chromium. The composer notebook runs, a title is typed, 导出 is clicked, and the .docx
appears with that title; Voila shows the same form. Screenshots go to test-artifacts/."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import docx
import pytest
from conftest import IN_CI, ROOT, require_tool

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = ROOT / "test-artifacts"
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
TITLE = "在全县浏览器验收会议上的讲话"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 90) -> None:
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


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    workspace = tmp_path_factory.mktemp("workspace")
    env = dict(
        os.environ,
        HOME=str(home),
        JIANGGAO_WORKDIR=str(workspace),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        PYTHONUNBUFFERED="1",
    )
    env.pop("JIANGGAO_CONFIG", None)
    return env, workspace


@contextlib.contextmanager
def served_page(chromium, command, env, health_url, name, folder):
    """A server started from notebooks/ and a browser page; on failure a screenshot is kept;
    the server's log is copied to test-artifacts/ either way."""
    log_path = folder / f"{name}.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT / "notebooks", env=env, stdout=log, stderr=subprocess.STDOUT)
        page = None
        try:
            wait_for(health_url)
            page = chromium.new_page(viewport={"width": 1500, "height": 1100})
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


def assert_no_widget_errors(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    body = page.inner_text("body")
    assert "Loading widget" not in body, f"a widget did not load (see test-artifacts/{name}.png)"
    assert "Error displaying widget" not in body and "Traceback" not in body


def test_jupyterlab_runs_the_composer_and_exports_the_typed_title(chromium, server_env, tmp_path):
    env, workspace = server_env
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
        f"--ServerApp.root_dir={ROOT / 'notebooks'}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with served_page(chromium, command, env, f"http://127.0.0.1:{port}/api/status", "jupyterlab", tmp_path) as page:
        page.goto(f"http://127.0.0.1:{port}/lab/tree/compose.ipynb", timeout=90_000)
        page.wait_for_function("document.body.innerText.includes('| Idle')", timeout=90_000)
        for dismiss in ("No", "Dismiss"):  # JupyterLab's news/notification pop-ups
            button = page.locator(f".jp-toast-button:has-text('{dismiss}')")
            if button.count():
                button.first.click()
        page.locator(".lm-MenuBar-itemLabel:text-is('Run')").click(timeout=30_000)
        page.locator(".lm-Menu-itemLabel:text-is('Run All Cells')").click(timeout=30_000)
        page.locator(".jupyter-widgets :text('讲稿编辑器')").first.wait_for(timeout=90_000)
        title = page.locator(".widget-text:has(label:text-is('标题')) input").first
        title.fill(TITLE)
        title.press("Tab")
        page.get_by_role("button", name="导出").click()  # the one 导出 button, always in view
        page.get_by_role("button", name="仍然导出").click()  # the example's ×××乡 is listed first
        target = workspace / f"{TITLE}.docx"
        deadline = time.monotonic() + 60
        while not target.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        page.locator("text=已导出").first.wait_for(timeout=30_000)
        assert_no_widget_errors(page, "jupyterlab-composer")
        assert target.exists(), f"no .docx in {workspace}: {sorted(p.name for p in workspace.iterdir())}"
        assert docx.Document(str(target)).paragraphs[0].text.replace("\n", "") == TITLE


def test_voila_shows_the_composer_form(chromium, server_env, tmp_path):
    env, _ = server_env
    port = free_port()
    command = [sys.executable, "-m", "voila", "compose.ipynb", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"]
    with served_page(chromium, command, env, f"http://127.0.0.1:{port}/", "voila", tmp_path) as page:
        page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
        page.locator(".jupyter-widgets :text('讲稿编辑器')").first.wait_for(timeout=120_000)
        page.locator(".widget-text:has(label:text-is('会议名称')) input").first.wait_for(timeout=30_000)
        assert page.locator(".lm-TabBar-tab:has-text('导出')").count() >= 1
        assert_no_widget_errors(page, "voila-composer")
        assert "from toolkit" not in page.inner_text("body")  # staff see the form, not the code
