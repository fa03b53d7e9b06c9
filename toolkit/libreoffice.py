"""Running LibreOffice headless: the one place the toolkit starts ``soffice``.

Two jobs use it: reading old formats (.doc, .wps, .rtf, .odt… converted to .docx, see
``importers/old_formats.py``) and turning the toolkit's own .docx into PDF (page pictures
and PDF export, see ``exporters/preview.py``). Every run

- gets a fresh, throw-away profile (two conversions sharing one can lose a file, and a
  profile left by an earlier run could carry settings), seeded so that no macro is loaded
  or run (``DisableMacrosExecution``, macro security "very high", Writer's VBA import off)
  and every internet request goes to a closed port on this machine (a manual proxy at
  127.0.0.1:9, and the same in ``http_proxy``/``https_proxy``);
- runs without a network where the machine allows it: inside a new network namespace made
  by ``unshare --net --map-root-user`` (util-linux), which has no interface but an unused
  loopback; where user namespaces are not allowed it runs with the proxy settings alone;
- runs in a session of its own, so a timeout kills the whole process group (``soffice``
  is a script that starts ``oosplash``, which starts ``soffice.bin``) before the first
  process is reaped, while the group's number still belongs to it;
- writes only into the folder the caller gives, which should be private to the call.

A long-lived process (the composer) can keep one LibreOffice running for the PDFs of the
documents it made (:func:`keep_warm`, :class:`WarmOffice`: unoserver, with the same
profile, namespace and time limits); every other conversion is a one-shot run.

A leaf module: it imports only ``errors``.
"""

from __future__ import annotations

import atexit
import functools
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from pathlib import Path

from toolkit.errors import ToolkitError

SOFFICE_NAMES = ("soffice", "libreoffice")
"""The commands LibreOffice installs, looked for on PATH in this order."""
INSTALL_COMMAND = "sudo apt-get install libreoffice-writer-nogui"
"""How staff on Debian/Ubuntu install what the toolkit needs of LibreOffice."""

_PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
{items}
</oor:items>
"""
_SETTINGS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Writer/Filter/Import/VBA", "Load", "false"),
    ("/org.openoffice.Office.Writer/Filter/Import/VBA", "Executable", "false"),
    ("/org.openoffice.Office.Writer/Filter/Import/VBA", "Save", "false"),
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "2"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
)
"""(configuration path, property, value) written into every fresh profile."""
_NOWHERE = "http://127.0.0.1:9"
"""A proxy address on this machine where nothing listens (the discard port)."""


class LibreOfficeMissing(ToolkitError):
    """LibreOffice (or another program a LibreOffice job needs) is not installed."""


class ConversionFailed(ToolkitError):
    """LibreOffice ran but made no file: it could not open the input (or could not write
    the format asked for). ``detail`` is the last line LibreOffice printed, for developers."""

    def __init__(self, message: str, *, where=None, hint=None, detail: str = ""):
        super().__init__(message, where=where, hint=hint)
        self.detail = detail


class ConversionTimedOut(ConversionFailed):
    """LibreOffice did not finish in the time allowed; every process it started was killed."""


def find_soffice() -> str | None:
    """The LibreOffice command on PATH, or ``None`` when it is not installed."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice(problem: str, *, hint: str, where: str | os.PathLike | None = None) -> str:
    """The LibreOffice command; raise :class:`LibreOfficeMissing` with *problem* (what cannot
    be done without it), *where* (the file it was needed for) and *hint* (what to install or
    do instead) when it is not installed."""
    found = find_soffice()
    if found is None:
        raise LibreOfficeMissing(problem, where=where, hint=hint)
    return found


def offline_prefix() -> tuple[str, ...]:
    """The command prefix that runs a program without a network (``unshare --net
    --map-root-user``), or ``()`` where this machine does not allow it."""
    unshare = shutil.which("unshare")
    return () if unshare is None else _offline_prefix(unshare)


@functools.lru_cache(maxsize=4)
def _offline_prefix(unshare: str) -> tuple[str, ...]:
    """``unshare``'s prefix if it can make a network namespace here (tried once per program)."""
    prefix = (unshare, "--net", "--map-root-user", "--")
    try:
        probe = subprocess.run(
            [*prefix, sys.executable, "-c", "pass"], capture_output=True, timeout=20, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    return prefix if probe.returncode == 0 else ()


def _write_profile(folder: Path) -> None:
    items = "\n".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for path, name, value in _SETTINGS
    )
    user = folder / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(_PROFILE_SETTINGS.format(items=items), encoding="utf-8")


def _private_environment(work: str | os.PathLike, env: dict[str, str] | None) -> dict[str, str]:
    """The environment of a LibreOffice run in the private folder *work*: a fresh profile
    written in ``work/profile`` (macros off, proxies to nowhere), ``HOME`` and ``TMPDIR``
    inside *work*, every proxy variable pointing at a closed port, and *env* added."""
    work = Path(work)
    _write_profile(work / "profile")
    (work / "home").mkdir()
    environment = dict(os.environ, **(env or {}))
    environment.update(HOME=str(work / "home"), TMPDIR=str(work), http_proxy=_NOWHERE, https_proxy=_NOWHERE)
    environment.update(ftp_proxy=_NOWHERE, HTTP_PROXY=_NOWHERE, HTTPS_PROXY=_NOWHERE, no_proxy="", NO_PROXY="")
    return environment


def _office_options(profile: Path) -> list[str]:
    """``soffice``'s options for a headless run on the fresh *profile*, nothing restored or shown."""
    return [
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
    ]


def convert(
    source: str | os.PathLike,
    target: str,
    out_dir: str | os.PathLike,
    *,
    timeout: float,
    soffice: str | None = None,
    env: dict[str, str] | None = None,
    where: str | os.PathLike | None = None,
    warm: bool = False,
) -> Path:
    """Convert *source* with LibreOffice into *out_dir*; return the file made.

    *target* is what ``--convert-to`` takes (``pdf``, ``docx:MS Word 2007 XML``); the file
    made is *source*'s name with *target*'s extension. *soffice* is the command (default:
    the one on PATH), *env* adds environment variables (e.g. a fontconfig file), *where*
    names the input in messages (default *source*). With *warm* (for documents this
    toolkit made, never for a file someone sent) and :func:`keep_warm` asked for, the
    conversion goes through this process's :class:`WarmOffice` when it is ready. Raises
    :class:`LibreOfficeMissing`, :class:`ConversionTimedOut` after *timeout* seconds, or
    :class:`ConversionFailed`.
    """
    source, out_dir = Path(source).resolve(), Path(out_dir)
    where = source if where is None else where
    chosen = soffice or require_soffice("没有安装 LibreOffice", hint=f"请安装 LibreOffice（{INSTALL_COMMAND}）")
    out_dir.mkdir(parents=True, exist_ok=True)
    if warm and soffice is None and _warm_wanted and ":" not in target:
        made = warm_office(env).convert(source, target, out_dir, timeout=timeout, where=where)
        if made is not None:
            return made
    soffice = chosen
    made = out_dir / f"{source.stem}.{target.split(':', 1)[0]}"
    with tempfile.TemporaryDirectory(prefix="jianggao-lo-") as work:
        profile = Path(work) / "profile"
        environment = _private_environment(work, env)
        command = [
            *offline_prefix(),
            soffice,
            *_office_options(profile),
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        try:
            process = subprocess.Popen(
                command,
                cwd=work,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as error:
            raise LibreOfficeMissing(
                f"无法启动 LibreOffice（{error.strerror or error}）",
                hint=f"请重新安装 LibreOffice（{INSTALL_COMMAND}）",
            ) from None
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.communicate()
            raise ConversionTimedOut(
                f"LibreOffice 转换超时（超过 {timeout:g} 秒），已停止", where=where, detail="timeout"
            ) from None
    lines = (err or out or b"").decode("utf-8", "replace").strip().splitlines()
    detail = lines[-1] if lines else f"exit {process.returncode}"
    if process.returncode != 0 or not made.is_file():
        raise ConversionFailed("LibreOffice 没能转换这个文件", where=where, detail=detail)
    return made


def _kill_group(process: subprocess.Popen) -> None:
    """Kill every process of *process*'s group (its leader not yet reaped, so the number is its own)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# -- one LibreOffice kept running (unoserver) -----------------------------------------------------
SERVER_SCRIPT = Path(__file__).with_name("libreoffice_server.py")
"""The warm server's own program (run by a Python with UNO, never imported here)."""
START_SECONDS = 60
"""How long the warm server may take to start before the one-shot runner is used instead."""
START_ATTEMPTS = 3
"""After this many failed starts a process stops trying and converts with the one-shot runner."""
_UNO_ACCEPT = "--accept=socket,host=127.0.0.1,port={port},tcpNoDelay=1;urp;StarOffice.ComponentContext"


def _unoserver_location() -> str | None:
    """The folder holding the ``unoserver`` package of this Python (to hand to the UNO
    Python), or ``None`` when it is not installed."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("unoserver")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return str(Path(list(spec.submodule_search_locations)[0]).parent)


@functools.lru_cache(maxsize=8)
def uno_python(search_path: str | None = None) -> str | None:
    """A Python that can run unoserver's server: it imports LibreOffice's ``uno`` (Debian's
    ``python3-uno`` pairs with the system ``python3``) and ``unoserver`` (from *search_path*,
    where this Python has it). ``None`` when there is none; tried once per process."""
    search_path = search_path if search_path is not None else _unoserver_location()
    if search_path is None:
        return None
    candidates = dict.fromkeys(p for p in (sys.executable, "/usr/bin/python3", shutil.which("python3")) if p)
    probe = "import sys; sys.path.append(sys.argv[1]); import unoserver.server"
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    for python in candidates:
        try:
            done = subprocess.run(
                [python, "-c", probe, search_path],
                capture_output=True,
                timeout=30,
                stdin=subprocess.DEVNULL,
                env=environment,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return python
    return None


class _UnixConnection(http.client.HTTPConnection):
    """HTTP over the warm server's Unix socket, every read and write limited to *timeout*."""

    def __init__(self, path: str, timeout: float):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._path)


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path: str, timeout: float):
        super().__init__()
        self._path, self._timeout = path, timeout

    def make_connection(self, host):  # noqa: D102 - xmlrpc.client API
        return _UnixConnection(self._path, self._timeout)


class WarmOffice:
    """One LibreOffice kept running between conversions: unoserver's server (see
    :mod:`toolkit.libreoffice_server`) with the one-shot runner's hardening — a fresh
    profile seeded with macros off and proxies to nowhere, a network namespace of its own
    where the machine allows it, a private folder — reached through a Unix socket in that
    folder (only this user can connect; no TCP port is opened on the machine).

    It is started in the background on first need and used only when it is ready; until
    then, while it is busy with another conversion, after it died (it is restarted) or when
    it cannot start (no UNO Python, no unoserver: see docs/dependencies.md), :meth:`convert`
    returns ``None`` and the caller converts with the one-shot runner. A conversion taking
    longer than its timeout kills the server's whole process group and raises
    :class:`ConversionTimedOut`; the next conversion starts a new server. The server ends
    when this process ends (its standard input is a pipe from here), however it ends.

    *env* adds environment variables (a fontconfig file) to LibreOffice's; *python* is the
    UNO Python (default: :func:`uno_python`); *soffice* the LibreOffice command."""

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        python: str | None = None,
        soffice: str | None = None,
        start_seconds: float = START_SECONDS,
    ):
        self.env = dict(env or {})
        self.start_seconds = start_seconds
        self._python, self._soffice = python, soffice
        self._state = threading.Lock()
        """Held while the server is started or stopped."""
        self._busy = threading.Lock()
        """Held during a conversion: LibreOffice converts one document at a time."""
        self._starting = threading.Lock()
        """Held while a start in the background is being set off."""
        self._process: subprocess.Popen | None = None
        self._work: Path | None = None
        self._starter: threading.Thread | None = None
        self.office_pid: int | None = None
        """The pid of LibreOffice inside the running server (``None`` when none runs)."""
        self.failures = 0
        """How many starts failed in this process."""
        self.last_failure = ""
        """Why the last start failed (for developers)."""

    # -- its life ----------------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        """The server's process id (its process group's too), ``None`` unless it is running."""
        return self._process.pid if self.running() else None

    def running(self) -> bool:
        """Whether the server is up and ready for conversions."""
        return self._process is not None and self._process.poll() is None and self.office_pid is not None

    def start(self) -> bool:
        """Start the server unless it runs (waiting at most ``start_seconds``); whether it runs."""
        with self._state:
            if self.running():
                return True
            self._stop_locked()
            if self.failures >= START_ATTEMPTS:
                return False
            try:
                started = self._start_locked()
            except Exception as error:  # noqa: BLE001 - a server that cannot start means the one-shot runner
                self.last_failure, started = f"{type(error).__name__}: {error}", False
            if not started:
                self.failures += 1
                self._stop_locked()
            return started

    def start_in_background(self) -> None:
        """Start the server in a thread of its own (nothing waits for it)."""
        with self._starting:  # not the state lock, which a start holds while it waits
            if self.running() or (self._starter is not None and self._starter.is_alive()):
                return
            self._starter = threading.Thread(target=self.start, name="jianggao-warm-office", daemon=True)
            self._starter.start()

    def wait_started(self, timeout: float | None = None) -> bool:
        """Wait for a start in the background to finish; whether the server runs."""
        starter = self._starter
        if starter is not None:
            starter.join(timeout)
        return self.running()

    def stop(self) -> None:
        """Stop the server: every process of its group is killed, its folder removed."""
        with self._state:
            self._stop_locked()

    def _start_locked(self) -> bool:
        soffice = self._soffice or find_soffice()
        search_path = _unoserver_location()
        python = self._python or (uno_python(search_path) if search_path else None)
        if soffice is None or python is None or search_path is None:
            self.last_failure = "no LibreOffice, no Python with UNO, or no unoserver"
            return False
        self._work = Path(tempfile.mkdtemp(prefix="jianggao-office-"))
        environment = _private_environment(self._work, self.env)
        for name in ("PYTHONPATH", "PYTHONHOME"):
            environment.pop(name, None)  # the UNO Python is another Python than this one
        netns = offline_prefix()
        office = [soffice, *_office_options(self._work / "profile"), _UNO_ACCEPT]
        command = [*netns, python, str(SERVER_SCRIPT), str(self._work / "xmlrpc.sock"), search_path]
        command += ["1" if netns else "0", "--", *office]
        with open(self._work / "server.log", "wb") as log:
            self._process = subprocess.Popen(
                command,
                cwd=self._work,
                env=environment,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                start_new_session=True,
            )
        line = _read_line(self._process.stdout, self.start_seconds)
        if not line.startswith("READY "):
            self.last_failure = f"the server said {line!r}" if line else f"no answer in {self.start_seconds:g} s"
            return False
        self.office_pid = int(line.split()[1])
        return True

    def _stop_locked(self) -> None:
        process, work = self._process, self._work
        self._process = self._work = self.office_pid = None
        if process is not None:
            _kill_group(process)
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)

    # -- conversions -------------------------------------------------------------------------------
    def convert(
        self, source: Path, target: str, out_dir: Path, *, timeout: float, where: str | os.PathLike
    ) -> Path | None:
        """Convert *source* into *out_dir* as *target* (an extension: ``pdf``) through the server;
        ``None`` when it is not ready or busy (it is started if need be) or when it could not
        convert this file — the caller then uses the one-shot runner. Raises
        :class:`ConversionTimedOut` after *timeout* seconds (the server is killed)."""
        if not self._busy.acquire(blocking=False):
            return None
        try:
            if not self.running():
                if self.failures < START_ATTEMPTS:
                    self.start_in_background()
                return None
            made = out_dir / f"{source.stem}.{target}"
            transport = _UnixTransport(str(self._work / "xmlrpc.sock"), timeout)
            proxy = xmlrpc.client.ServerProxy("http://localhost/", transport=transport, allow_none=True)
            try:
                proxy.convert(str(source), None, str(made), target, None, [], True, None, None)
            except TimeoutError:
                self.stop()
                raise ConversionTimedOut(
                    f"LibreOffice 转换超时（超过 {timeout:g} 秒），已停止", where=where, detail="timeout"
                ) from None
            except (OSError, xmlrpc.client.Error, http.client.HTTPException):
                if not self.running():
                    self.stop()  # it died: the next conversion starts a new one
                return None
            return made if made.is_file() else None
        finally:
            self._busy.release()


def _read_line(stream, timeout: float) -> str:
    """The first line *stream* gives within *timeout* seconds (``""`` when none does)."""
    import selectors

    deadline, data = time.monotonic() + timeout, b""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while b"\n" not in data:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                break
            chunk = os.read(stream.fileno(), 4096)
            if not chunk:
                break
            data += chunk
    return data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()


_warm_wanted = False
_warm_offices: dict[tuple, WarmOffice] = {}
_warm_lock = threading.Lock()


def keep_warm(enabled: bool = True) -> None:
    """Let the conversions that allow it go through one LibreOffice kept running in this
    process (the composer, a long-lived process, asks for it; the command line converts
    once and does not). Turning it off stops the servers."""
    global _warm_wanted
    _warm_wanted = enabled
    if not enabled:
        stop_warm()


def warm_office(env: dict[str, str] | None = None) -> WarmOffice:
    """The warm LibreOffice of this process for the environment *env* (made on first use)."""
    key = tuple(sorted((env or {}).items()))
    with _warm_lock:
        if key not in _warm_offices:
            _warm_offices[key] = WarmOffice(env)
        return _warm_offices[key]


def stop_warm() -> None:
    """Stop every warm LibreOffice of this process (also run when the process exits)."""
    with _warm_lock:
        offices = list(_warm_offices.values())
        _warm_offices.clear()
    for office in offices:
        office.stop()


atexit.register(stop_warm)
