"""Where new drafts and exported documents go by default, and free file names.

``$JIANGGAO_WORKDIR`` if set (``make compose`` sets the project's ``workspace/``, kept out
of git), else ``~/讲稿`` for a toolkit installed as a package. The example draft is copied
there on first use, so editing it never changes the shipped example. A leaf module: the
composer, ``jianggao compose`` and the draft documents all name files through it.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
from pathlib import Path

from toolkit import resources
from toolkit.errors import OutputError


def workspace_folder() -> Path:
    """The folder for drafts and exports (created if missing)."""
    folder = Path(os.environ.get("JIANGGAO_WORKDIR") or Path.home() / "讲稿")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"无法建立存放草稿的文件夹（{error.strerror or error}）",
            where=folder,
            hint="请设置环境变量 JIANGGAO_WORKDIR 为一个可写的文件夹",
        ) from None
    return folder


def example_draft() -> Path:
    """A working copy of the example draft in the workspace (copied the first time)."""
    example = resources.example_draft()
    target = workspace_folder() / ("示例-" + example.name)
    if not target.exists():
        shutil.copyfile(example, target)
    return target


def new_draft_path(stem: str = "新讲稿") -> Path:
    """A draft file name in the workspace that is not taken yet."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return unused_path(workspace_folder() / f"{stem}-{stamp}.yaml")


NAME_MAX_BYTES = 255
"""The longest file name (in UTF-8 bytes) the usual file systems take: 85 Chinese characters."""
_NAME_RESERVE = len("（999）".encode()) + len("..12345678.tmp")
"""Room kept for a number added to a taken name and for the temporary file of an atomic save."""


def fitting_name(path: Path) -> Path:
    """*path* with its name's stem shortened, when needed, so that the name, a ``（2）`` added
    to it and the temporary file of a save all stay within :data:`NAME_MAX_BYTES` (a long
    title or upload name must not make a name the disk refuses)."""
    room = NAME_MAX_BYTES - _NAME_RESERVE - len(path.suffix.encode())
    stem = path.stem
    if len(stem.encode()) <= room:
        return path
    while len(stem.encode()) > room - len("…".encode()):
        stem = stem[:-1]
    return path.with_name(f"{stem}…{path.suffix}")


def unused_path(path: Path) -> Path:
    """*path* (its name shortened when too long, see :func:`fitting_name`), or ``名（2）.ext``,
    ``名（3）.ext``… when it is taken."""
    path = fitting_name(path)
    if not path.exists():
        return path
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}（{number}）{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1
