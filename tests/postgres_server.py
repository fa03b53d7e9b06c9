"""A throwaway PostgreSQL server for the archive's tests: Debian's ``postgresql`` package
(scripts/install-system-packages.sh), a cluster made by ``initdb`` in a temporary folder,
started by ``pg_ctl`` on a free port of 127.0.0.1 (its socket in that folder too), as an
unprivileged user when the tests run as root, stopped and removed at the end of the session.

Without PostgreSQL the tests that need it skip with a reason; with ``CI=true`` they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from toolkit.notebook.app import free_port

IN_CI = os.environ.get("CI", "").lower() == "true"


def postgres_bin() -> Path | None:
    """The folder holding Debian's initdb and pg_ctl (the newest version), or ``None``."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class ServerError(RuntimeError):
    """PostgreSQL is missing or would not start (the message says which)."""


class PostgresServer:
    """A running cluster: :meth:`new_database` gives each test its own empty database. Used
    by the tests' fixtures and by benchmarks/archive.py."""

    def __init__(self):
        folder = postgres_bin()
        if folder is None:
            raise ServerError("PostgreSQL is not installed (the archive's PostgreSQL tests need initdb and pg_ctl)")
        self.bin = folder
        self.root = Path(tempfile.mkdtemp(prefix="jianggao-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
        if self.prefix:
            os.chown(self.root, 65534, 65534)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *arguments: str) -> None:
        result = subprocess.run(
            [*self.prefix, str(self.bin / program), *arguments],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.root,
        )
        if result.returncode != 0:
            log = (self.root / "log").read_text(errors="replace") if (self.root / "log").exists() else ""
            shutil.rmtree(self.root, ignore_errors=True)
            raise ServerError(f"{program} failed: {result.stderr or result.stdout}\n{log[-2000:]}")

    def new_database(self) -> str:
        """The URL of a new empty database on this server."""
        import psycopg

        name = "test_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60, cwd=self.root)  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    """The session's throwaway PostgreSQL server (started on first use)."""
    try:
        server = PostgresServer()
    except ServerError as error:
        if IN_CI or "not installed" not in str(error):
            pytest.fail(f"{error}: CI must install it (scripts/install-system-packages.sh)")
        pytest.skip(str(error))
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def archive_location(request, tmp_path) -> str:
    """Where a test's empty archive is: a SQLite file, then a PostgreSQL database (each test
    that asks for it runs on both)."""
    if request.param == "sqlite":
        return str(tmp_path / "素材库.sqlite")
    return request.getfixturevalue("postgres_server").new_database()
