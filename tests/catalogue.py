"""What every catalogue row is made of, and the helpers rows use to prepare their folder.

The catalogue itself is tests/test_reliability.py (the rows of the first wave) plus one
module per subject added since (``catalogue_*.py``, each with a ``CASES`` list), so a new
subject adds its rows without touching the others.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from conftest import ROOT, SEED

DRAFT = ROOT / "examples" / "drafts" / "秋冬季安全生产工作会议讲话.yaml"
SPEECH_TXT = "在全县工作会议上的讲话\n同志们：\n今天开会。下面，我讲两点意见。\n一要提高认识。认真学习。\n二要狠抓落实。真抓实干。\n同志们，让我们共同努力。\n"


@dataclass
class Case:
    id: str
    what: str
    """What happened, in the words of the person it happened to."""
    setup: Callable[[Path], list[str]]
    """Prepares the folder and returns the command's arguments."""
    exit_code: int
    says: str
    """A piece of the one-line answer (empty for a success)."""
    creates: tuple[str, ...] = ()
    """Files a successful command may create."""
    unprivileged: bool = False
    env: dict[str, str] = field(default_factory=dict)
    tools: tuple[str, ...] = ()
    """Programs the row needs (``soffice``): skipped without them, failed in CI."""


def write(folder: Path, name: str, content: bytes | str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def draft_with(folder: Path, text: str, name: str = "草稿.yaml") -> Path:
    return write(folder, name, "format: jianggao-draft 1\n" + text)


def read_only(folder: Path, name: str = "只读") -> Path:
    target = folder / name
    target.mkdir()
    target.chmod(0o555)
    return target


def copy_into(folder: Path, source: Path, name: str) -> Path:
    """*source* copied into *folder* as *name*, readable by an unprivileged user."""
    path = folder / name
    shutil.copy(source, path)
    path.chmod(0o644)
    return path


def seed_copy(folder: Path) -> Path:
    return copy_into(folder, SEED, "seed.txt")


def draft_copy(folder: Path) -> Path:
    return copy_into(folder, DRAFT, "草稿.yaml")


def evil_team_template(folder: Path, body: str) -> Path:
    team = folder / "团队模板"
    write(team, "skeleton/坏骨架.md", f"---\nid: 坏骨架\nkind: skeleton\ntitle: 坏骨架\n---\n{body}\n")
    return team
