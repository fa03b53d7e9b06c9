"""The warm LibreOffice (unoserver) the composer keeps for PDFs and page pictures: one server
reused by successive conversions, restarted when it died, killed (not waited for) when a
conversion hangs, never outliving its process, hardened like the one-shot runner, and the
one-shot runner taking over whenever it cannot serve — nothing lost, nothing hanging.

Timing is never asserted here (benchmarks/run.py measures cold and warm)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import IN_CI, SEED, require_tool
from pdf_measure import pdf_text

from toolkit import libreoffice, service
from toolkit.exporters import export_docx
from toolkit.exporters.preview import FONTS_CONF
from toolkit.importers import import_speech

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
FONTS = {"FONTCONFIG_FILE": str(FONTS_CONF)}


@pytest.fixture(scope="module")
def uno():
    """LibreOffice, and a Python with its UNO bindings that can run unoserver."""
    require_tool("soffice", "the warm server is LibreOffice")
    if libreoffice.uno_python() is None:
        message = "no Python with LibreOffice's UNO bindings and unoserver (python3-uno; pip install unoserver)"
        if IN_CI:
            pytest.fail(message + ": CI must install them (scripts/install-system-packages.sh, jianggao[notebook])")
        pytest.skip(message)


@pytest.fixture(scope="module")
def docx(uno, tmp_path_factory):
    return export_docx(import_speech(SEED), tmp_path_factory.mktemp("warm") / "讲话稿.docx").path


@pytest.fixture
def office(uno):
    server = libreoffice.WarmOffice(FONTS)
    yield server
    server.stop()


def alive(pid: int) -> bool:
    """Whether process *pid* exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def until(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_successive_conversions_reuse_one_server(office, docx, tmp_path):
    assert office.start()
    server, soffice = office.pid, office.office_pid
    made = []
    for number in range(3):
        out = tmp_path / str(number)
        out.mkdir()
        made.append(office.convert(docx, "pdf", out, timeout=120, where=docx))
        assert (office.pid, office.office_pid) == (server, soffice)
    assert all(path is not None and path.read_bytes()[:5] == b"%PDF-" for path in made)
    assert "同志们" in pdf_text(made[-1])


def test_the_server_is_hardened_like_the_one_shot_runner(office):
    assert office.start()
    command = Path(f"/proc/{office.office_pid}/cmdline").read_bytes().split(b"\0")
    profile = next(part for part in command if part.startswith(b"-env:UserInstallation=file://"))
    settings = (Path(profile.split(b"file://", 1)[1].decode()) / "user" / "registrymodifications.xcu").read_text()
    assert '"DisableMacrosExecution"' in settings and '"ooInetHTTPProxyPort"' in settings
    assert any(part.startswith(b"--accept=socket,host=127.0.0.1,") for part in command)
    environment = Path(f"/proc/{office.office_pid}/environ").read_bytes().split(b"\0")
    assert b"http_proxy=http://127.0.0.1:9" in environment
    if libreoffice.offline_prefix():  # where user namespaces are allowed: no network at all
        assert os.readlink(f"/proc/{office.office_pid}/ns/net") != os.readlink("/proc/self/ns/net")
    listening = subprocess.run(["ss", "-ltnp"], capture_output=True, text=True).stdout if _has("ss") else ""
    assert f"pid={office.pid}," not in listening  # no TCP port on this machine: a private Unix socket


def _has(program: str) -> bool:
    import shutil

    return shutil.which(program) is not None


def test_a_killed_server_is_restarted_and_nothing_is_lost(uno, docx, tmp_path):
    libreoffice.keep_warm(True)
    try:
        server = libreoffice.warm_office(FONTS)
        assert server.start()
        first = server.pid
        os.killpg(first, signal.SIGKILL)
        assert until(lambda: not server.running())
        # The next conversion is made by the one-shot runner while a new server starts.
        made = libreoffice.convert(docx, "pdf", tmp_path / "a", timeout=120, env=FONTS, warm=True)
        assert made.read_bytes()[:5] == b"%PDF-"
        assert server.wait_started(120) and server.pid not in (None, first)
        second = server.pid
        made = libreoffice.convert(docx, "pdf", tmp_path / "b", timeout=120, env=FONTS, warm=True)
        assert made.read_bytes()[:5] == b"%PDF-" and server.pid == second
    finally:
        libreoffice.keep_warm(False)


def test_a_hanging_server_is_killed_at_the_timeout(office, docx, tmp_path):
    assert office.start()
    server, soffice = office.pid, office.office_pid
    os.killpg(server, signal.SIGSTOP)  # LibreOffice stops answering
    with pytest.raises(libreoffice.ConversionTimedOut, match="超时"):
        office.convert(docx, "pdf", tmp_path, timeout=3, where=docx)
    assert office.pid is None and not alive(server)
    assert until(lambda: not alive(soffice), 10)


def test_a_server_that_never_starts_leaves_the_one_shot_runner(uno, docx, tmp_path):
    stuck = tmp_path / "stuck-python"
    stuck.write_text("#!/bin/sh\nexec sleep 600\n")
    stuck.chmod(0o755)
    office = libreoffice.WarmOffice(FONTS, python=str(stuck), start_seconds=2)
    try:
        assert not office.start()
        assert office.pid is None and "no answer" in office.last_failure
        assert office.convert(docx, "pdf", tmp_path, timeout=60, where=docx) is None
        assert office.wait_started(30) is False
        while office.failures < libreoffice.START_ATTEMPTS:
            office.start()
        assert office.convert(docx, "pdf", tmp_path, timeout=60, where=docx) is None  # gives up starting
        assert office._starter is None or not office._starter.is_alive()
    finally:
        office.stop()
    assert not running_programs(str(stuck))  # every start that failed was killed


def running_programs(text: str) -> list[int]:
    """The live processes whose command line holds *text*."""
    found = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text.encode() in path.read_bytes() and alive(int(path.parent.name)):
                found.append(int(path.parent.name))
        except OSError:
            continue
    return found


def test_the_server_ends_with_the_process_that_started_it(uno, tmp_path):
    script = (
        "import os, signal, sys\n"
        "from toolkit import libreoffice\n"
        "office = libreoffice.WarmOffice()\n"
        "assert office.start(), office.last_failure\n"
        "print(office.pid, office.office_pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180)
    assert done.returncode == -signal.SIGKILL, done.stderr
    server, soffice = (int(n) for n in done.stdout.split())
    assert until(lambda: not alive(server) and not alive(soffice), 30)


def test_the_composer_service_switch_uses_the_warm_server(uno, tmp_path, monkeypatch):
    seen = []
    real = libreoffice.WarmOffice.convert

    def spy(self, *args, **kwargs):
        made = real(self, *args, **kwargs)
        seen.append((made is not None, self.pid))
        return made

    monkeypatch.setattr(libreoffice.WarmOffice, "convert", spy)
    speech = import_speech(SEED)
    service.keep_office_warm()
    try:
        first = service.export(speech, tmp_path / "一.pdf")  # LibreOffice starts meanwhile
        assert libreoffice.warm_office(FONTS).wait_started(120)
        second = service.export(speech, tmp_path / "二.pdf")
        pictures = service.page_images(second.path, tmp_path / "页面")  # from the PDF itself: no LibreOffice
        third = service.export(speech, tmp_path / "三.docx")
        service.page_images(third.path, tmp_path / "页面2")
    finally:
        service.keep_office_warm(False)
    assert seen[0][0] is False and seen[1][0] is True and seen[2][0] is True
    assert seen[1][1] == seen[2][1] is not None  # the same server
    assert pdf_text(first.path) == pdf_text(second.path)
    assert pictures and all(page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for page in pictures)
    assert not libreoffice._warm_offices  # turned off: stopped
