"""The archive (素材库): past speeches, searched and reused. One interface
(:class:`~toolkit.archive.base.Archive`), two homes: a SQLite file (the default, nothing to
install) and a PostgreSQL database (a team). Front ends reach it through
:mod:`toolkit.service` only; see docs/archive.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.archive.base import (
    LEVELS,
    PARTS,
    SOURCES,
    Archive,
    ArchivedSpeech,
    ArchiveError,
    Hit,
    Paragraph,
    Query,
)

__all__ = [
    "LEVELS",
    "PARTS",
    "SOURCES",
    "Archive",
    "ArchiveError",
    "ArchivedSpeech",
    "Hit",
    "Paragraph",
    "Query",
    "is_database_url",
    "open_archive",
]


def is_database_url(location: str | os.PathLike) -> bool:
    """Whether *location* names a PostgreSQL database rather than a SQLite file."""
    return str(location).startswith(("postgresql://", "postgres://"))


def open_archive(location: str | os.PathLike, *, create: bool = True) -> Archive:
    """The archive at *location*: a ``postgresql://…`` URL, else a SQLite file (made, with its
    folder, when missing and *create*; otherwise a missing file is an :class:`ArchiveError`)."""
    if is_database_url(location):
        from toolkit.archive.postgres import PostgresArchive

        return PostgresArchive(str(location))
    from toolkit.archive.sqlite import SQLiteArchive

    return SQLiteArchive(Path(location), create=create)
