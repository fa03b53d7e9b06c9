"""Where the composer keeps drafts and exported documents by default.

``$JIANGGAO_WORKDIR`` if set (``make compose`` sets the project's ``workspace/``, kept out
of git), else ``~/讲稿`` for a toolkit installed as a package. The example draft is copied there on first use, so editing it never changes the
repository's example.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
from pathlib import Path

from toolkit import resources

EXAMPLE_DRAFT = resources.example_draft()


def workspace_folder() -> Path:
    """The folder for drafts and exports (created if missing)."""
    folder = Path(os.environ.get("JIANGGAO_WORKDIR") or Path.home() / "讲稿")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def example_draft() -> Path:
    """A working copy of the example draft in the workspace (copied the first time)."""
    target = workspace_folder() / ("示例-" + EXAMPLE_DRAFT.name)
    if not target.exists():
        shutil.copyfile(EXAMPLE_DRAFT, target)
    return target


def new_draft_path(stem: str = "新讲稿") -> Path:
    """A draft file name in the workspace that is not taken yet."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return unused_path(workspace_folder() / f"{stem}-{stamp}.yaml")


def unused_path(path: Path) -> Path:
    """*path*, or ``名（2）.ext``, ``名（3）.ext``… when it is taken."""
    if not path.exists():
        return path
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}（{number}）{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1
