"""A page's kernel ends with the page: ``jianggao compose`` (Voila with its pre-heated kernel,
as a writer runs it) in Debian's Chromium. Each reload shuts the previous page's kernel down
at once; a tab that went away without saying so (a crash: closed without its unload
handlers) has its kernel shut down by the culler once it has been without a page for the
configured time; the page still open keeps its kernel however long it sits idle, and the
pre-heated kernel waiting for the next page survives and is the one the next page gets.

Kernels are counted as Voila's child processes (each ipykernel is started with its
connection file, ``kernel-<id>.json``, which names it)."""

from __future__ import annotations

import re

import psutil
import pytest
from browser_support import COMPOSER, START, VIEWPORT, eventually, jupyter_env

from toolkit.drafts import save_draft
from toolkit.model import Point, Speech
from toolkit.notebook import app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

IDLE = 8
"""Seconds a kernel without a page lives here (10 minutes in ``jianggao compose``)."""
CONNECTION_FILE = re.compile(r"kernel-([0-9a-f-]{36})\.json$")


def live_kernels(server) -> dict[str, int]:
    """The kernels Voila runs now: their ids and process ids."""
    found = {}
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if child.status() == psutil.STATUS_ZOMBIE:
                continue
            command = child.cmdline()
        except psutil.NoSuchProcess:
            continue
        for argument in command:
            match = CONNECTION_FILE.search(argument)
            if match:
                found[match.group(1)] = child.pid
    return found


def page_kernel(page) -> str:
    """The id of the kernel the page is connected to (from the page's Jupyter configuration)."""
    page.locator(COMPOSER).first.wait_for(timeout=START)
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def test_reloaded_and_closed_pages_leave_no_kernel_behind(chromium, tmp_path, monkeypatch):
    for name, value in jupyter_env(tmp_path / "home", tmp_path / "workspace").items():
        monkeypatch.setenv(name, value)
    draft = save_draft(
        Speech(title="在全县内核回收会议上的讲话", salutation="同志们：", points=[Point("提高认识。", ["认真学习。"])]),
        tmp_path / "回收.yaml",
    )
    with app.composer_server(draft, kernel_idle=IDLE) as running:
        server = running.process
        writer = chromium.new_page(viewport=VIEWPORT)
        crashed = None
        try:
            # the writer opens the page and reloads it three times: one kernel for the page
            writer.goto(running.url, timeout=START)
            earlier = [page_kernel(writer)]
            for _ in range(3):
                writer.reload(timeout=START)
                earlier.append(page_kernel(writer))
            current = earlier.pop()
            assert len(set(earlier)) == 3 and current not in earlier
            left = eventually(
                lambda: live_kernels(server), lambda alive: not set(earlier) & alive.keys() and len(alive) <= 2, 60
            )
            assert not set(earlier) & left.keys(), f"reloaded pages' kernels still run: {left}"
            assert current in left and len(left) <= 2  # the page's own, and the pre-heated one
            culled = [kernel for kernel in earlier if re.search(rf"Culling .*{kernel}", running.log.read_text("utf-8"))]
            assert culled == [], "a reloaded page's kernel was left to the culler instead of ending with its page"
            writer_process = left[current]

            # another tab is lost without telling the server (a crash): the culler ends its kernel
            crashed = chromium.new_page(viewport=VIEWPORT)
            crashed.goto(running.url, timeout=START)
            lost = page_kernel(crashed)
            crashed.close(run_before_unload=False)
            crashed = None
            alive = eventually(lambda: live_kernels(server), lambda alive: lost not in alive, 120)
            assert lost not in alive, f"the lost tab's kernel still runs: {alive}"
            assert re.search(rf"Culling .*{lost}", running.log.read_text("utf-8")), "not ended by the culler"

            # the open page kept its kernel though idle for longer than that
            assert alive.get(current) == writer_process
            assert writer.locator(COMPOSER).first.is_visible()

            # the pre-heated kernel survived, and the next page gets it
            waiting = eventually(lambda: set(live_kernels(server)) - {current}, lambda ids: len(ids) == 1, 60)
            assert len(waiting) == 1, f"no pre-heated kernel waits for the next page: {live_kernels(server)}"
            following = chromium.new_page(viewport=VIEWPORT)
            try:
                following.goto(running.url, timeout=START)
                assert page_kernel(following) == waiting.pop()
            finally:
                following.close()
        finally:
            writer.close()
            if crashed is not None:
                crashed.close()
