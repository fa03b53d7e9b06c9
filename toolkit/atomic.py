"""Writing files so that a crash never leaves half a file behind.

Every file the toolkit writes (drafts, .docx, page images) goes through
:func:`write_atomic`: the bytes go to a temporary file in the same folder, are flushed
and fsynced, and the temporary file is then renamed over the target. Readers see the old
complete file or the new complete file, never a mix. A leaf module like ``errors``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from toolkit.errors import OutputError, OutputExistsError

NAME_MAX_BYTES = 255
"""The longest file or folder name (UTF-8 bytes) the usual file systems take."""
_TEMPORARY_EXTRA = len("..12345678.tmp")
"""What the temporary file of a save adds to the name (``.NAME.xxxxxxxx.tmp``)."""


def check_writable(path: Path, *, overwrite: bool) -> None:
    """Raise a clear error unless *path* could be written now (before any work is done)."""
    folder = path.parent
    too_long = next((part for part in path.parts if len(os.fsencode(part)) > NAME_MAX_BYTES), None)
    if too_long is not None or len(os.fsencode(path.name)) > NAME_MAX_BYTES - _TEMPORARY_EXTRA:
        limit = (NAME_MAX_BYTES - _TEMPORARY_EXTRA) // 3
        raise OutputError(
            f"文件名或文件夹名太长（“{(too_long or path.name)[:12]}…”）",
            where=path.parent if too_long is None or too_long == path.name else None,
            hint=f"请换一个短一些的名字（每一级名字连同扩展名不超过 {limit} 个汉字）",
        )
    if not folder.exists():
        raise OutputError("要保存到的文件夹不存在", where=folder, hint="请先建立这个文件夹，或换一个保存位置")
    if not folder.is_dir():
        raise OutputError("要保存到的位置不是文件夹", where=folder, hint="请换一个保存位置")
    if path.is_dir():
        raise OutputError("这是一个文件夹，不能当作文件保存", where=path, hint="请在后面加上文件名")
    if path.exists() and not overwrite:
        raise OutputExistsError("文件已存在，未覆盖", where=path, hint="如确实要覆盖，请加 --force；或换一个文件名")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("没有权限在这个文件夹里写文件", where=folder, hint="请换一个可写的文件夹")


def write_atomic(path: str | os.PathLike, data: bytes, *, overwrite: bool = False) -> Path:
    """Write *data* to *path* atomically; refuse to replace an existing file unless *overwrite*.

    Returns the path written. Raises :class:`OutputExistsError` or :class:`OutputError`
    (folder missing, read-only, disk full); on any failure the old file, if any, is intact
    and no temporary file is left behind.
    """
    path = Path(path)
    check_writable(path, overwrite=overwrite)
    folder = path.parent
    fd, temp_name = _temporary_file(folder, path.name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            try:
                os.chmod(temp_name, path.stat().st_mode & 0o7777)
            except OSError:
                pass
        else:
            os.chmod(temp_name, 0o666 & ~_UMASK)
        if overwrite:
            os.replace(temp_name, path)
        else:
            _link_without_clobbering(temp_name, path)
        _fsync_folder(folder)
        _remove_stale_temporaries(folder, path.name)
    except OSError as error:
        _remove_quietly(temp_name)
        if error.errno == errno.EEXIST:
            raise OutputExistsError("文件已存在，未覆盖", where=path, hint="如确实要覆盖，请加 --force") from None
        if error.errno == errno.ENOSPC:
            raise OutputError("磁盘已满，文件没有保存", where=path, hint="请清理磁盘后重试；原文件未改动") from None
        raise OutputError(
            f"无法写入文件（{error.strerror}）", where=path, hint="请检查文件夹权限；原文件未改动"
        ) from None
    except BaseException:
        _remove_quietly(temp_name)
        raise
    return path


def _temporary_file(folder: Path, name: str) -> tuple[int, str]:
    """A new file ``.NAME.XXXXXXXX.tmp`` in *folder*, created exclusively (as mkstemp does,
    without importing tempfile and its random-number machinery at start-up)."""
    for _ in range(100):
        temp_name = str(folder / f".{name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(temp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), temp_name
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "no free temporary file name")


def _link_without_clobbering(temp_name: str, path: Path) -> None:
    """Rename *temp_name* to *path*, failing with EEXIST if *path* appeared meanwhile."""
    try:
        os.link(temp_name, path)
    except OSError as error:
        if error.errno == errno.EEXIST:
            raise
        # File systems without hard links: the existence check above has to do.
        if path.exists():
            raise OSError(errno.EEXIST, "exists") from None
        os.replace(temp_name, path)
        return
    os.unlink(temp_name)


STALE_SECONDS = 300


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove temporary files of *name* left by a writer that was killed (older than
    :data:`STALE_SECONDS`, so a save running right now in another process is not touched)."""
    import time

    now = time.time()
    prefix = f".{name}."
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
            try:
                if now - entry.stat().st_mtime > STALE_SECONDS:
                    os.unlink(entry.path)
            except OSError:
                pass


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once: os.umask is process-wide and not thread-safe
