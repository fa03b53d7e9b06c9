"""The archive in one SQLite file: nothing to install, the default.

Two FTS5 indexes over the paragraphs (docs/archive.md says why):

- ``paragraph_trigrams`` (the ``trigram`` tokenizer, SQLite ≥ 3.34; ``RETURNING`` needs 3.35) finds any piece of
  three characters or more and ranks by bm25;
- ``paragraph_grams`` (contentless, ``detail=none``) holds each paragraph's one- and
  two-character pieces as words, so a word of one or two characters (党建, 安全), which no
  trigram index can find, is looked up rather than scanned for.

WAL journal and a busy timeout let several composers and commands use one file at once (one
writer at a time; readers never wait).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import threading
from pathlib import Path

from toolkit.archive.base import (
    CAP,
    COMMON,
    PARAGRAPH_COLUMNS,
    SPEECH_COLUMNS,
    Archive,
    ArchivedSpeech,
    ArchiveError,
    Hit,
    Query,
    columns,
    filters,
    folded,
    grams,
    hits_by_place,
    paragraph_from_row,
    ranked,
    score_sql,
    search_sql,
    speech_from_row,
    trigrams,
)
from toolkit.archive.base import (
    SHARED_FINGERPRINTS as _SHARED,
)
from toolkit.archive.similarity import paragraph_prints

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
    file_hash TEXT NOT NULL DEFAULT '',
    added TEXT NOT NULL,
    characters INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS speeches_by_file ON speeches(file_hash);
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
_FINGERPRINTS = """
CREATE TABLE IF NOT EXISTS fingerprints(
    fingerprint INTEGER NOT NULL,
    speech_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (fingerprint, speech_id, position)
) WITHOUT ROWID
"""
SCHEMA += _FINGERPRINTS
"""The tables of a new file. ``fingerprints`` holds each paragraph's clause fingerprints
(:func:`toolkit.archive.similarity.fingerprints`) for the copy check; a file made before it
existed gets it (filled from the paragraphs) the first time it is opened for writing."""

_SPEECH = columns("s", SPEECH_COLUMNS)
_PARAGRAPH = columns("p", PARAGRAPH_COLUMNS)
_SELECT = f"SELECT {_PARAGRAPH}, {_SPEECH}"
_CONTAINS = "instr({0}, {1}) > 0"
_WANTED = "SELECT json_extract(value, '$[0]') AS n, json_extract(value, '$[1]') AS fingerprint FROM json_each(?)"
"""The ``(text number, fingerprint)`` pairs of a copy check, sent as one JSON array."""


def _quoted(term: str) -> str:
    """*term* as one FTS5 string (a phrase of its own)."""
    return '"' + term.replace('"', '""') + '"'


def indexable(term: str) -> bool:
    """Whether *term* (one or two characters) is in the short-word index: letters and digits only."""
    return all(ch.isalnum() for ch in term)


class SQLiteArchive(Archive):
    """The archive in the SQLite file *path*; *create* makes the file (and its folder) when
    missing, otherwise a missing file is an :class:`ArchiveError`."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True):
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        if sqlite3.sqlite_version_info < (3, 35, 0):
            raise ArchiveError(
                f"这台电脑上的 SQLite 版本太旧（{sqlite3.sqlite_version}），素材库需要 3.35 或更新的版本",
                hint="请升级 Python，或在设置文件中改用 PostgreSQL 素材库",
            )
        if self.path.is_dir():
            raise ArchiveError(
                "这是一个文件夹，不是素材库文件", where=self.path, hint="请写一个文件名，例如 素材库.sqlite"
            )
        if not create and self.path.is_file() and self.path.stat().st_size == 0:
            raise ArchiveError(
                "素材库文件是空的（0 字节），里面没有讲稿",
                where=self.path,
                hint="若它是以前的素材库，请从备份恢复；否则请先收入讲稿：jianggao archive add 讲稿文件夹",
            )
        if not self.path.exists():
            if not create:
                raise ArchiveError(
                    "素材库还没有建立（文件不存在）",
                    where=self.path,
                    hint="请先收入讲稿：jianggao archive add 讲稿文件夹",
                )
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
                raise ArchiveError(
                    "这个文件不是素材库，或素材库文件已损坏（读不出 SQLite 数据库）",
                    where=self.path,
                    hint="若它是以前的素材库，请从备份恢复；若设置文件写错了位置，请改正 archive",
                ) from None
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
        if not tables:  # a new file: made in one transaction, which a second first writer waits for
            with db:
                db.execute("BEGIN IMMEDIATE")
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
        elif "fingerprints" not in tables:
            self._add_fingerprints()

    def _add_fingerprints(self) -> None:
        """Give a file made before the copy check its ``fingerprints`` table, filled from its
        paragraphs. A file that cannot be written is left as it is: searching works, and the
        copy check says what to do (:attr:`fingerprinted`)."""
        db = self.db
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute(_FINGERPRINTS)
                rows = db.execute("SELECT speech_id, position, text FROM paragraphs").fetchall()
                db.executemany(
                    "INSERT OR IGNORE INTO fingerprints VALUES (?, ?, ?)",
                    [(value, s, n) for s, n, text in rows for value in paragraph_prints(text)],
                )
        except sqlite3.OperationalError:
            self.fingerprinted = False

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # -- adding and removing --------------------------------------------------------------------------
    def _find(self, column: str, value: str) -> ArchivedSpeech | None:
        with self._lock:
            row = self.db.execute(f"SELECT {_SPEECH} FROM speeches s WHERE s.{column} = ? LIMIT 1", (value,)).fetchone()
        return speech_from_row(row) if row else None

    def add_many(self, speeches: list[ArchivedSpeech]) -> list[int | None]:
        added = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        ids: list[int | None] = []
        with self._lock:
            db = self.db
            try:
                with db:
                    db.execute("BEGIN IMMEDIATE")  # the write lock first: the ids below are ours to number
                    rows, stored = [], []
                    next_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM paragraphs").fetchone()[0]
                    for speech in speeches:
                        found = db.execute(
                            "INSERT INTO speeches(title, date, speaker, level, source, file, content_hash, file_hash,"
                            " added, characters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            " ON CONFLICT(content_hash) DO NOTHING RETURNING id",
                            (
                                speech.title, speech.date.isoformat() if speech.date else None, speech.speaker,
                                speech.level, speech.source, speech.file, speech.content_hash, speech.file_hash, added,
                                speech.characters,
                            ),
                        ).fetchone()  # fmt: skip
                        ids.append(found[0] if found else None)  # None: its text is there already
                        for n, p in enumerate(speech.paragraphs if found else []):
                            rows.append((next_id, found[0], n, p.part, p.key, p.point, p.text))
                            stored.append(p)
                            next_id += 1
                    db.executemany("INSERT INTO paragraphs VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
                    db.executemany(
                        "INSERT INTO paragraph_trigrams(rowid, text) VALUES (?, ?)", [(r[0], r[6]) for r in rows]
                    )
                    db.executemany(
                        "INSERT INTO paragraph_grams(rowid, grams) VALUES (?, ?)",
                        [(r[0], " ".join(grams(r[6]))) for r in rows],
                    )
                    db.executemany(
                        "INSERT OR IGNORE INTO fingerprints VALUES (?, ?, ?)",
                        [(value, r[1], r[2]) for r, p in zip(rows, stored) for value in p.fingerprints()]
                        if self.fingerprinted
                        else [],
                    )
            except sqlite3.OperationalError as error:
                raise self._write_error(error) from None
        for speech, speech_id in zip(speeches, ids):
            if speech_id is not None:
                speech.id, speech.added = speech_id, added
        return ids

    def tidy(self) -> None:
        with self._lock:
            try:
                with self.db:
                    for table in ("paragraph_trigrams", "paragraph_grams"):
                        self.db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
                self.db.execute("PRAGMA optimize")
            except sqlite3.OperationalError as error:
                raise self._write_error(error) from None

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
                    if self.fingerprinted:
                        self.db.execute("DELETE FROM fingerprints WHERE speech_id = ?", (speech_id,))
                    self.db.execute("DELETE FROM paragraphs WHERE speech_id = ?", (speech_id,))
                    return self.db.execute("DELETE FROM speeches WHERE id = ?", (speech_id,)).rowcount > 0
            except sqlite3.OperationalError as error:
                raise self._write_error(error) from None

    # -- reading ----------------------------------------------------------------------------------------
    def speeches(self) -> list[ArchivedSpeech]:
        with self._lock:
            rows = self.db.execute(
                f"SELECT {_SPEECH} FROM speeches s ORDER BY s.date IS NULL, s.date DESC, s.id DESC"
            ).fetchall()
        return [speech_from_row(row) for row in rows]

    def speech(self, speech_id: int) -> ArchivedSpeech | None:
        with self._lock:
            row = self.db.execute(f"SELECT {_SPEECH} FROM speeches s WHERE s.id = ?", (speech_id,)).fetchone()
            if row is None:
                return None
            found = speech_from_row(row)
            found.paragraphs = [
                paragraph_from_row(p)
                for p in self.db.execute(
                    f"SELECT {_PARAGRAPH} FROM paragraphs p WHERE p.speech_id = ? ORDER BY p.position", (speech_id,)
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
        where, arguments = filters(query, "?", _CONTAINS)
        if long:  # the trigram index narrows; shorter terms are checked on what it found
            table, match = "paragraph_trigrams", " AND ".join(map(_quoted, long))
        elif short:
            table, match = "paragraph_grams", " AND ".join(map(_quoted, short))
        else:
            table, match = None, ""
        for term in terms:
            if term not in (long or short):
                where.append(_CONTAINS.format(folded("p.text", term), "?"))
                arguments.append(term)
        year = "CAST(substr(s.date, 1, 4) AS INTEGER)"
        with self._lock:
            if table is None:  # nothing indexable (a piece with punctuation): the newest matches, scanned
                tables, capped, relevance = "paragraphs p JOIN speeches s ON s.id = p.speech_id", True, None
            else:
                sql = f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT {CAP + 1})"
                capped = self.db.execute(sql, (match,)).fetchone()[0] > CAP
                tables = f"{table} JOIN paragraphs p ON p.id = {table}.rowid JOIN speeches s ON s.id = p.speech_id"
                where.insert(0, f"{table} MATCH ?")
                arguments.insert(0, match)
                # bm25 where it means something: the grams index holds each piece once a paragraph
                relevance = f"-bm25({table})" if table == "paragraph_trigrams" and not capped else None
            expression, score_arguments = score_sql(terms, "?", year, relevance)
            order = f"{table}.rowid" if table else "p.id"  # an FTS table walks its own rowids backwards cheaply
            sql = search_sql(_SELECT, tables, where, expression, capped=capped, limit=query.limit, order=order)
            rows = self.db.execute(sql, [*score_arguments, *arguments]).fetchall()
        return ranked(rows, terms, query.limit)

    def _shared_fingerprints(self, wanted: list[tuple[int, int]], limit: int) -> list[tuple[int, int, int, int]]:
        with self._lock:
            sql = _SHARED.format(wanted=_WANTED, table="fingerprints", limit=int(limit), common=COMMON)
            return self.db.execute(sql, (json.dumps(wanted),)).fetchall()

    def _paragraphs_at(self, places: list[tuple[int, int]]) -> dict[tuple[int, int], Hit]:
        with self._lock:
            rows = self.db.execute(
                f"{_SELECT} FROM json_each(?) w JOIN paragraphs p"
                " ON p.speech_id = json_extract(w.value, '$[0]') AND p.position = json_extract(w.value, '$[1]') JOIN speeches s ON s.id = p.speech_id",
                (json.dumps(places),),
            ).fetchall()
        return hits_by_place(rows)

    def candidates(self, text: str, limit: int = 10) -> list[Hit]:
        pieces = trigrams(text)
        if not pieces:
            return []
        with self._lock:
            rows = self.db.execute(
                f"{_SELECT}, -bm25(paragraph_trigrams) FROM paragraph_trigrams"
                " JOIN paragraphs p ON p.id = paragraph_trigrams.rowid JOIN speeches s ON s.id = p.speech_id"
                " WHERE paragraph_trigrams MATCH ? ORDER BY bm25(paragraph_trigrams) LIMIT ?",
                (" OR ".join(map(_quoted, pieces)), limit),
            ).fetchall()
        return [
            Hit(paragraph_from_row(row), speech_from_row(row[len(PARAGRAPH_COLUMNS) : -1]), row[-1]) for row in rows
        ]
