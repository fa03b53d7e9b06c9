"""Shared test helpers.

Tests that need LibreOffice, pandoc, poppler or Chromium ask for them through
:func:`require_tool`: outside CI a missing tool skips the test with a reason; with
``CI=true`` it fails, because CI installs every tool itself (scripts/install-system-packages.sh).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REFERENCE = FIXTURES / "reference"
"""The project's own reference speeches, as staff receive them from material sites
(vendor adverts and watermarks included), written for this project."""
SEED = REFERENCE / "01_investment_run_in_points.txt"
"""The reference speech most tests use: 一要…四要 run-in points, ×县/×部长 placeholders, adverts."""
OUTLINE = REFERENCE / "02_ecology_headings_subpoints.txt"
"""A reference speech with 一、 heading points and （一） sub-points (run-in and heading leads)."""
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(command: str, why: str) -> str:
    """The path of *command*; skip (or, in CI, fail) when it is not installed."""
    found = shutil.which(command)
    if found:
        return found
    message = f"{command} is not installed ({why})"
    if IN_CI:
        pytest.fail(f"{message}: CI must install it (scripts/install-system-packages.sh)")
    pytest.skip(message)


def run_python(
    *arguments: str,
    cwd: Path | None = None,
    input_text: str | None = None,
    env: dict[str, str] | None = None,
    unprivileged: bool = False,
    timeout: float = 120,
    memory_limit: int | None = None,
) -> subprocess.CompletedProcess:
    """This Python with *arguments*, capturing text output; *env* replaces the environment
    (``PYTHONIOENCODING`` is always UTF-8), *unprivileged* drops root, and *memory_limit*
    caps the address space (bytes), so a regression that builds gigabytes fails the test
    instead of taking the machine down (with *timeout*, one that hangs fails too)."""
    prefix = as_unprivileged_user() if unprivileged else []

    def limit_memory() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    return subprocess.run(
        [*prefix, sys.executable, *arguments],
        cwd=cwd or ROOT,
        env={**(os.environ if env is None else env), "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=input_text,
        timeout=timeout,
        preexec_fn=limit_memory if memory_limit else None,
    )


def run_cli(*args: str, **options) -> subprocess.CompletedProcess:
    """Run the ``jianggao`` command as a user would (options as :func:`run_python`)."""
    return run_python("-m", "toolkit", *args, **options)


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.fail(f"the reference speech is missing: {SEED}")
    return SEED


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch) -> Path:
    """Every test's new drafts and exports go to its own folder, never to the ~/讲稿 of the
    person running the tests (subprocesses inherit it through the environment)."""
    folder = tmp_path / "workspace"
    monkeypatch.setenv("JIANGGAO_WORKDIR", str(folder))
    return folder


@pytest.fixture
def outline_path() -> Path:
    if not OUTLINE.exists():
        pytest.fail(f"the reference speech is missing: {OUTLINE}")
    return OUTLINE


@pytest.fixture
def public_tmp(tmp_path_factory):
    """A temporary folder any user can enter (pytest's own are private to root), so a test
    can run a command as an unprivileged user against a read-only folder."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="jianggao-test-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def as_unprivileged_user() -> list[str]:
    """A command prefix that drops root, so permission checks really apply (``[]`` when not root)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        message = "running as root without setpriv (util-linux): cannot test read-only folders"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def run_cli_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``jianggao ARGS`` as an unprivileged user whose home is *cwd*."""
    return run_cli(*args, env=dict(os.environ, HOME=str(cwd)), unprivileged=True)


def write_into_read_only_folder(public_tmp: Path, seed: Path, command: str, output_name: str):
    """Run ``jianggao COMMAND seed -o 只读/OUTPUT`` as an unprivileged user against a
    read-only folder; returns the result and the folder (which must stay empty)."""
    source = public_tmp / "seed.txt"
    shutil.copy(seed, source)
    source.chmod(0o644)
    folder = public_tmp / "只读"
    folder.mkdir()
    folder.chmod(0o555)
    result = run_cli_unprivileged(command, str(source), "-o", str(folder / output_name), cwd=public_tmp)
    return result, folder


from browser_support import chromium, server_env  # noqa: E402, F401 - the browser tests' fixtures, for every test module
from postgres_server import archive_location, postgres_server  # noqa: E402, F401 - the archive's two backends, for every test module


@pytest.fixture
def china_time():
    """This process's clock at UTC+8 (Asia/Shanghai), as staff's computers are; the machine's
    own zone again afterwards. Child processes (``run_cli``) inherit it through ``TZ``."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
