"""Reading files the toolkit is given, safely: regular files only, never more than a limit.

A draft, a speech, a template or a variable file that is really a FIFO, a device, a socket
(or a symbolic link to one) would hang the reader or pour gigabytes into it.
:func:`read_regular_file` checks what the path is before opening it, opens it without
blocking, checks again what it opened, and reads at most *limit* + 1 bytes, so a file over
the limit is refused without being read whole. A leaf module beside ``errors``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from toolkit.errors import InputFileError, ToolkitError

_KINDS = (
    (stat.S_ISFIFO, "命名管道（FIFO）"),
    (stat.S_ISCHR, "设备文件"),
    (stat.S_ISBLK, "设备文件"),
    (stat.S_ISSOCK, "套接字"),
)


def describe_special(mode: int) -> str | None:
    """What a non-regular file of *mode* is, in words staff read; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "文件夹"
    return next((name for test, name in _KINDS if test(mode)), "特殊文件")


def check_regular_file(
    path: str | os.PathLike, *, what: str, error: type[ToolkitError] = InputFileError, missing_hint: str | None = None
) -> os.stat_result:
    """The status of *path* (symbolic links followed), refusing with one Chinese line what is
    missing or not a regular file."""
    path = Path(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise error(f"找不到{what}", where=path, hint=missing_hint or "请检查文件名和路径") from None
    except PermissionError:
        raise error(f"没有权限读取{what}", where=path, hint="请检查文件权限") from None
    except OSError as problem:
        if problem.errno == errno.ENAMETOOLONG:  # no file can have such a name
            raise error(
                f"找不到{what}（路径中有名字太长，不可能是一个文件）", hint=missing_hint or "请检查文件名和路径"
            ) from None
        raise error(f"无法读取{what}（{problem.strerror or problem}）", where=path) from None
    kind = describe_special(status.st_mode)
    if kind is not None:
        raise error(f"{what}应是普通文件，这里是{kind}", where=path, hint="请选择一个普通的文件")
    return status


def read_regular_file(
    path: str | os.PathLike,
    *,
    limit: int,
    what: str,
    error: type[ToolkitError] = InputFileError,
    missing_hint: str | None = None,
    partial: bool = False,
) -> bytes:
    """The bytes of the regular file *path*, refusing (one Chinese line naming the file) what
    is missing, unreadable, not a regular file, or larger than *limit* bytes; with *partial*,
    a larger file gives its first *limit* bytes instead of the refusal."""
    path = Path(path)
    check_regular_file(path, what=what, error=error, missing_hint=missing_hint)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except PermissionError:
        raise error(f"没有权限读取{what}", where=path, hint="请检查文件权限") from None
    except OSError as problem:
        raise error(f"无法读取{what}（{problem.strerror or problem}）", where=path) from None
    try:
        kind = describe_special(os.fstat(descriptor).st_mode)  # it may have been swapped meanwhile
        if kind is not None:
            raise error(f"{what}应是普通文件，这里是{kind}", where=path, hint="请选择一个普通的文件")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as problem:
        raise error(f"无法读取{what}（{problem.strerror or problem}）", where=path) from None
    finally:
        os.close(descriptor)
    if size > limit:
        if partial:
            return b"".join(chunks)[:limit]
        raise error(f"{what}过大（超过 {_size(limit)}）", where=path, hint="请确认选对了文件")
    return b"".join(chunks)


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    return f"{limit / 1024:g} KB"
