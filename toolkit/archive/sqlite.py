"""The archive in one SQLite file: nothing to install, the default.

Two FTS5 indexes over the paragraphs (docs/archive.md says why):

- ``paragraph_trigrams`` (the ``trigram`` tokenizer, SQLite ≥ 3.34) finds any piece of
  three characters or more and ranks by bm25;
- ``paragraph_grams`` (contentless, ``detail=none``) holds each paragraph's one- and
  two-character pieces as words, so a word of one or two characters (党建, 安全), which no
  trigram index can find, is looked up rather than scanned for.

WAL journal and a busy timeout let several composers and commands use one file at once (one
writer at a time; readers never wait).
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import threading
from pathlib import Path

from toolkit.archive.base import (
    CAP,
    Archive,
    ArchivedSpeech,
    ArchiveError,
    Hit,
    Paragraph,
    Query,
    grams,
    ranked,
    trigrams,
)

FORMAT = "jianggao-archive 1"
"""What the ``meta`` table's ``format`` row says in a file this module made."""
BUSY_SECONDS = 15
"""How long a writer waits for another writer to finish before giving up."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS speeches(
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT,
    speaker TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    file TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL UNIQUE,
    added TEXT NOT NULL,
    characters INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS paragraphs(
    id INTEGER PRIMARY KEY,
    speech_id INTEGER NOT NULL REFERENCES speeches(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    part TEXT NOT NULL,
    key TEXT NOT NULL,
    point INTEGER,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paragraphs_by_speech ON paragraphs(speech_id, position);
CREATE VIRTUAL TABLE IF NOT EXISTS paragraph_trigrams
    USING fts5(text, content='paragraphs', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS paragraph_grams
    USING fts5(grams, content='', tokenize='unicode61 remove_diacritics 0', detail=none);
"""

_SPEECH_COLUMNS = "s.id, s.title, s.date, s.speaker, s.level, s.source, s.file, s.content_hash, s.added, s.characters"
_PARAGRAPH_COLUMNS = "p.id, p.speech_id, p.position, p.part, p.key, p.point, p.text"


def _quoted(term: str) -> str:
    """*term* as one FTS5 string (a phrase of its own)."""
    return '"' + term.replace('"', '""') + '"'


def _speech(row) -> ArchivedSpeech:
    date = _dt.date.fromisoformat(row[2]) if row[2] else None
    return ArchivedSpeech(
        title=row[1], date=date, speaker=row[3], level=row[4], source=row[5], file=row[6],
        content_hash=row[7], id=row[0], added=row[8], characters=row[9],
    )  # fmt: skip


def _paragraph(row) -> Paragraph:
    return Paragraph(part=row[3], key=row[4], text=row[6], point=row[5], id=row[0], speech_id=row[1], position=row[2])


def indexable(term: str) -> bool:
    """Whether *term* (one or two characters) is in the short-word index: letters and digits only."""
    return all(ch.isalnum() for ch in term)


class SQLiteArchive(Archive):
    """The archive in the SQLite file *path*; *create* makes the file (and its folder) when
    missing, otherwise a missing file is an :class:`ArchiveError`."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True):
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        if sqlite3.sqlite_version_info < (3, 34, 0):
            raise ArchiveError(
                f"这台电脑上的 SQLite 版本太旧（{sqlite3.sqlite_version}），素材库需要 3.34 或更新的版本",
                hint="请升级 Python，或在设置文件中改用 PostgreSQL 素材库",
            )
        if self.path.is_dir():
            raise ArchiveError(
                "这是一个文件夹，不是素材库文件", where=self.path, hint="请写一个文件名，例如 素材库.sqlite"
            )
        if not self.path.exists():
            if not create:
                raise ArchiveError("素材库还没有建立（文件不存在）", where=self.path, hint="请先导入讲稿")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ArchiveError(
                    f"无法建立素材库所在的文件夹（{error.strerror or error}）", where=self.path
                ) from None
        self._lock = threading.RLock()
        try:
            self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False)
        except sqlite3.Error as error:
            raise ArchiveError(
                f"无法打开素材库文件（{error}）", where=self.path, hint="请检查文件和文件夹的权限"
            ) from None
        try:
            self._prepare()
        except sqlite3.DatabaseError as error:
            self.db.close()
            text = str(error)
            if "not a database" in text or "malformed" in text:
                raise ArchiveError("这个文件不是素材库（不是 SQLite 数据库）", where=self.path) from None
            if "readonly" in text or "unable to open" in text:
                raise ArchiveError(
                    "素材库文件不能写入（只读）", where=self.path, hint="请检查文件和文件夹的权限"
                ) from None
            raise ArchiveError(f"无法使用素材库文件（{text}）", where=self.path) from None

    def _prepare(self) -> None:
        db = self.db
        db.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables:
            found = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() if "meta" in tables else None
            if found is None:
                raise ArchiveError("这个数据库不是讲稿的素材库（里面有别的表）", where=self.path)
            if found[0] != FORMAT:
                raise ArchiveError(f"素材库的格式“{found[0]}”不认识", where=self.path, hint="请升级讲稿工具")
        try:
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:
            pass  # a read-only file still answers searches in its own journal mode
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        if not tables:
            with db:
                db.executescript("BEGIN;" + SCHEMA + f"INSERT INTO meta VALUES ('format', '{FORMAT}');COMMIT;")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- adding and removing --------------------------------------------------------------------------
    def find_hash(self, content_hash: str) -> ArchivedSpeech | None:
        with self._lock:
            row = self.db.execute(
                f"SELECT {_SPEECH_COLUMNS} FROM speeches s WHERE content_hash = ?", (content_hash,)
            ).fetchone()
        return _speech(row) if row else None

    def add(self, speech: ArchivedSpeech) -> int | None:
        added = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        with self._lock:
            try:
                with self.db:
                    cursor = self.db.execute(
                        "INSERT INTO speeches(title, date, speaker, level, source, file, content_hash, added, characters)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            speech.title, speech.date.isoformat() if speech.date else None, speech.speaker,
                            speech.level, speech.source, speech.file, speech.content_hash, added, speech.characters,
                        ),
                    )  # fmt: skip
                    speech_id = cursor.lastrowid
                    for position, paragraph in enumerate(speech.paragraphs):
                        cursor = self.db.execute(
                            "INSERT INTO paragraphs(speech_id, position, part, key, point, text) VALUES (?, ?, ?, ?, ?, ?)",
                            (speech_id, position, paragraph.part, paragraph.key, paragraph.point, paragraph.text),
                        )
                        rowid = cursor.lastrowid
                        self.db.execute(
                            "INSERT INTO paragraph_trigrams(rowid, text) VALUES (?, ?)", (rowid, paragraph.text)
                        )
                        self.db.execute(
                            "INSERT INTO paragraph_grams(rowid, grams) VALUES (?, ?)",
                            (rowid, " ".join(grams(paragraph.text))),
                        )
            except sqlite3.IntegrityError:
                return None  # the same text was added meanwhile (by another writer)
            except sqlite3.OperationalError as error:
                raise self._write_error(error) from None
        speech.id, speech.added = speech_id, added
        return speech_id

    def _write_error(self, error: sqlite3.OperationalError) -> ArchiveError:
        text = str(error)
        if "locked" in text or "busy" in text:
            return ArchiveError(
                f"素材库正被别人写入，等了 {BUSY_SECONDS} 秒仍未轮到", where=self.path, hint="请稍后再试"
            )
        if "readonly" in text:
            return ArchiveError("素材库文件不能写入（只读）", where=self.path, hint="请检查文件和文件夹的权限")
        return ArchiveError(f"写入素材库失败（{text}）", where=self.path)

    def remove(self, speech_id: int) -> bool:
        with self._lock:
            try:
                with self.db:
                    rows = self.db.execute(
                        "SELECT id, text FROM paragraphs WHERE speech_id = ?", (speech_id,)
                    ).fetchall()
                    for rowid, text in rows:
                        self.db.execute(
                            "INSERT INTO paragraph_trigrams(paragraph_trigrams, rowid, text) VALUES ('delete', ?, ?)",
                            (rowid, text),
                        )
                        self.db.execute(
                            "INSERT INTO paragraph_grams(paragraph_grams, rowid, grams) VALUES ('delete', ?, ?)",
                            (rowid, " ".join(grams(text))),
                        )
                    self.db.execute("DELETE FROM paragraphs WHERE speech_id = ?", (speech_id,))
                    return self.db.execute("DELETE FROM speeches WHERE id = ?", (speech_id,)).rowcount > 0
            except sqlite3.OperationalError as error:
                raise self._write_error(error) from None

    # -- reading ----------------------------------------------------------------------------------------
    def speeches(self) -> list[ArchivedSpeech]:
        with self._lock:
            rows = self.db.execute(
                f"SELECT {_SPEECH_COLUMNS} FROM speeches s ORDER BY s.date IS NULL, s.date DESC, s.id DESC"
            ).fetchall()
        return [_speech(row) for row in rows]

    def speech(self, speech_id: int) -> ArchivedSpeech | None:
        with self._lock:
            row = self.db.execute(f"SELECT {_SPEECH_COLUMNS} FROM speeches s WHERE id = ?", (speech_id,)).fetchone()
            if row is None:
                return None
            found = _speech(row)
            found.paragraphs = [
                _paragraph(p)
                for p in self.db.execute(
                    f"SELECT {_PARAGRAPH_COLUMNS} FROM paragraphs p WHERE speech_id = ? ORDER BY position", (speech_id,)
                )
            ]
        return found

    def counts(self) -> tuple[int, int]:
        with self._lock:
            speeches = self.db.execute("SELECT count(*) FROM speeches").fetchone()[0]
            paragraphs = self.db.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        return speeches, paragraphs

    def search(self, query: Query) -> list[Hit]:
        terms = query.terms
        long = [t for t in terms if len(t) >= 3]
        short = [t for t in terms if len(t) < 3 and indexable(t)]
        where, arguments = _filters(query)
        if long:  # the trigram index narrows; shorter terms are checked on what it found
            table, match = "paragraph_trigrams", " AND ".join(map(_quoted, long))
            others = [t for t in terms if t not in long]
        elif short:
            table, match = "paragraph_grams", " AND ".join(map(_quoted, short))
            others = [t for t in terms if t not in short]
        else:
            table, match, others = None, "", list(terms)
        for term in others:
            where.append("instr(lower(p.text), ?) > 0")
            arguments.append(term)
        select = f"SELECT {_PARAGRAPH_COLUMNS}, {_SPEECH_COLUMNS}"
        joins = "paragraphs p JOIN speeches s ON s.id = p.speech_id"
        with self._lock:
            if table is None:  # nothing indexable (punctuation only): the newest matches, scanned
                sql = f"{select}, NULL FROM {joins} WHERE {' AND '.join(where) or '1'} ORDER BY p.id DESC LIMIT {CAP}"
                rows = self.db.execute(sql, arguments).fetchall()
            else:
                sql = f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT {CAP + 1})"
                common = self.db.execute(sql, (match,)).fetchone()[0] > CAP
                conditions = " AND ".join([f"{table} MATCH ?", *where])
                # bm25 where it means something: the grams index holds each piece once a paragraph
                relevance = f"-bm25({table})" if table == "paragraph_trigrams" and not common else "NULL"
                tail = f" ORDER BY {table}.rowid DESC LIMIT {CAP}" if common else ""
                rows = self.db.execute(
                    f"{select}, {relevance} FROM {table} JOIN paragraphs p ON p.id = {table}.rowid"
                    f" JOIN speeches s ON s.id = p.speech_id WHERE {conditions}{tail}",
                    [match, *arguments],
                ).fetchall()
        found = []
        for row in rows:
            paragraph, speech = _paragraph(row[:7]), _speech(row[7:17])
            if all(term in paragraph.text.lower() for term in terms):  # what the indexes found, confirmed
                found.append((paragraph, speech, row[17]))
        return ranked(found, terms, query.limit)

    def candidates(self, text: str, limit: int = 10) -> list[Hit]:
        pieces = trigrams(text)
        if not pieces:
            return []
        with self._lock:
            rows = self.db.execute(
                f"SELECT {_PARAGRAPH_COLUMNS}, {_SPEECH_COLUMNS}, -bm25(paragraph_trigrams) FROM paragraph_trigrams"
                " JOIN paragraphs p ON p.id = paragraph_trigrams.rowid JOIN speeches s ON s.id = p.speech_id"
                " WHERE paragraph_trigrams MATCH ? ORDER BY bm25(paragraph_trigrams) LIMIT ?",
                (" OR ".join(map(_quoted, pieces)), limit),
            ).fetchall()
        return [Hit(_paragraph(row[:7]), _speech(row[7:17]), row[17]) for row in rows]


def _filters(query: Query) -> tuple[list[str], list]:
    """The SQL conditions (on ``p`` and ``s``) for *query*'s filters, and their arguments."""
    where: list[str] = []
    arguments: list = []
    parts = query.parts()
    if parts is not None:
        where.append(f"p.part IN ({', '.join('?' * len(parts)) or 'NULL'})")
        arguments += parts
    for column, value in (("source", query.source), ("level", query.level)):
        if value:
            where.append(f"s.{column} = ?")
            arguments.append(value)
    if query.since:
        where.append("s.date >= ?")
        arguments.append(query.since.isoformat())
    if query.speaker:
        where.append("instr(s.speaker, ?) > 0")
        arguments.append(query.speaker)
    return where, arguments
