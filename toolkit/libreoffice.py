"""Running LibreOffice headless: the one place the toolkit starts ``soffice``.

Two jobs use it: reading old formats (.doc, .wps, .rtf, .odt… converted to .docx, see
``importers/old_formats.py``) and picturing pages (.docx converted to PDF, see
``exporters/preview.py``). Every run

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

A leaf module: it imports only ``errors``.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
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


def convert(
    source: str | os.PathLike,
    target: str,
    out_dir: str | os.PathLike,
    *,
    timeout: float,
    soffice: str | None = None,
    env: dict[str, str] | None = None,
    where: str | os.PathLike | None = None,
) -> Path:
    """Convert *source* with LibreOffice into *out_dir*; return the file made.

    *target* is what ``--convert-to`` takes (``pdf``, ``docx:MS Word 2007 XML``); the file
    made is *source*'s name with *target*'s extension. *soffice* is the command (default:
    the one on PATH), *env* adds environment variables (e.g. a fontconfig file), *where*
    names the input in messages (default *source*). Raises :class:`LibreOfficeMissing`,
    :class:`ConversionTimedOut` after *timeout* seconds, or :class:`ConversionFailed`.
    """
    source, out_dir = Path(source).resolve(), Path(out_dir)
    where = source if where is None else where
    soffice = soffice or require_soffice("没有安装 LibreOffice", hint=f"请安装 LibreOffice（{INSTALL_COMMAND}）")
    out_dir.mkdir(parents=True, exist_ok=True)
    made = out_dir / f"{source.stem}.{target.split(':', 1)[0]}"
    with tempfile.TemporaryDirectory(prefix="jianggao-lo-") as work:
        profile, home = Path(work) / "profile", Path(work) / "home"
        _write_profile(profile)
        home.mkdir()
        environment = dict(os.environ, **(env or {}))
        environment.update(HOME=str(home), TMPDIR=work, http_proxy=_NOWHERE, https_proxy=_NOWHERE, ftp_proxy=_NOWHERE)
        environment.update(HTTP_PROXY=_NOWHERE, HTTPS_PROXY=_NOWHERE, no_proxy="", NO_PROXY="")
        command = [
            *offline_prefix(),
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
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
