"""The archive in a PostgreSQL database, for a team: many writers and readers at once.

The tables live in their own schema, ``jianggao``, so the archive can share a database with
other things. Substring search uses pg_trgm with a GIN index (any piece of three characters
or more, ``LIKE``); a word of one or two characters, which has no trigram, uses a GIN index
over each paragraph's one- and two-character pieces (``grams``, space-separated text as
SQLite's grams index holds them, sent with ``COPY`` as plain text, and indexed as
``string_to_array(grams, ' ')``: searched with ``@> ARRAY[…]``). There is no
bm25 here: hits are ranked by the simple score of :func:`toolkit.archive.base.score`.

pg_trgm reads Chinese characters only in a database whose character classification
(``LC_CTYPE``) is UTF-8 (``C.UTF-8``, ``zh_CN.UTF-8``…); :meth:`PostgresArchive.trigram_ready`
says whether this one does (docs/archive.md).
"""

from __future__ import annotations

import threading

from toolkit.archive.base import (
    COMMON,
    PARAGRAPH_COLUMNS,
    SHARED_FINGERPRINTS,
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
)
from toolkit.archive.similarity import paragraph_prints

CONNECT_SECONDS = 5
"""How long to wait for a database that does not answer."""
FORMAT = "jianggao-archive 1"
RANK_ALL = 2000
"""A word in at most this many paragraphs has them all ranked (found through its index); a
commoner one has its newest :data:`~toolkit.archive.base.CAP` ranked (docs/archive.md)."""
SIMILARITY = 0.3
"""How much of the text looked for (pg_trgm's ``word_similarity``, 0–1: the share of its
trigrams found in one stretch of the paragraph) a paragraph must hold to be a candidate in
:meth:`PostgresArchive.candidates`: containment, not likeness, so a paragraph copied into a
longer one is still found."""
_LOCK_ID = 7_140_514  # the advisory lock taken while the tables are created (two first writers at once)

SCHEMA = """
CREATE SCHEMA IF NOT EXISTS jianggao;
CREATE TABLE IF NOT EXISTS jianggao.meta(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS jianggao.speeches(
    id bigserial PRIMARY KEY,
    title text NOT NULL,
    date date,
    speaker text NOT NULL DEFAULT '',
    level text NOT NULL DEFAULT '',
    source text NOT NULL,
    file text NOT NULL DEFAULT '',
    content_hash text NOT NULL UNIQUE,
    file_hash text NOT NULL DEFAULT '',
    added timestamptz NOT NULL DEFAULT now(),
    characters integer NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS jianggao.paragraphs(
    id bigserial PRIMARY KEY,
    speech_id bigint NOT NULL REFERENCES jianggao.speeches(id) ON DELETE CASCADE,
    position integer NOT NULL,
    part text NOT NULL,
    key text NOT NULL,
    point integer,
    text text NOT NULL,
    grams text NOT NULL
);
CREATE INDEX IF NOT EXISTS speeches_by_file ON jianggao.speeches(file_hash);
CREATE INDEX IF NOT EXISTS paragraphs_by_speech ON jianggao.paragraphs(speech_id, position);
CREATE INDEX IF NOT EXISTS paragraphs_trigrams ON jianggao.paragraphs USING gin (text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS paragraphs_grams ON jianggao.paragraphs USING gin (string_to_array(grams, ' '));
ALTER INDEX jianggao.paragraphs_grams ALTER COLUMN 1 SET STATISTICS 1000;
"""
FINGERPRINTS = """
CREATE TABLE IF NOT EXISTS jianggao.fingerprints(
    fingerprint bigint NOT NULL,
    speech_id bigint NOT NULL,
    position integer NOT NULL
);
CREATE INDEX IF NOT EXISTS fingerprints_lookup ON jianggao.fingerprints(fingerprint, speech_id, position);
"""
"""Each paragraph's clause fingerprints, for the copy check (查重); a database made before
it existed gets it, filled from the paragraphs, the next time it is opened."""
_WANTED = "SELECT * FROM unnest(%s::int[], %s::bigint[]) AS wanted(n, fingerprint)"

_ADDED = "to_char(s.added AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
_SPEECH = columns("s", SPEECH_COLUMNS).replace("s.added", _ADDED)
_PARAGRAPH = columns("p", PARAGRAPH_COLUMNS)
_SELECT = f"SELECT {_PARAGRAPH}, {_SPEECH}"
_TABLES = "jianggao.paragraphs p JOIN jianggao.speeches s ON s.id = p.speech_id"
_CONTAINS = "strpos({0}, {1}) > 0"


def _like(term: str) -> str:
    """*term* as an ``ILIKE`` pattern matching it anywhere."""
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def shown_url(url: str) -> str:
    """*url* without its password, for messages."""
    import re

    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


_CONNECTION_REASONS = (
    ("password authentication failed", "用户名或密码不对"),
    ("no password supplied", "需要密码，地址中没有写"),
    ("does not exist", "数据库或用户不存在"),
    ("Connection refused", "服务器拒绝连接，可能没有启动"),
    ("Is the server running", "服务器没有应答，可能没有启动"),
    ("timeout expired", "等了 5 秒仍没有应答"),
    ("could not translate host name", "找不到这台服务器（主机名不对）"),
    ("Name or service not known", "找不到这台服务器（主机名不对）"),
    ("No route to host", "网络不通"),
    ("too many connections", "服务器连接数已满"),
    ("no pg_hba.conf entry", "服务器不允许这台电脑连接"),
)
"""The driver's English reasons a connection fails, as staff read them."""


def connection_reason(error: Exception) -> str:
    """Why connecting failed, in Chinese when the driver's reason is a known one; otherwise
    its last line, white space tidied and cut to 100 characters."""
    text = str(error)
    for english, chinese in _CONNECTION_REASONS:
        if english in text:
            return chinese
    last = " ".join(text.strip().splitlines()[-1].split()) if text.strip() else type(error).__name__
    return last[:100]


class PostgresArchive(Archive):
    """The archive in the PostgreSQL database *url* (``postgresql://用户@主机:端口/库``); the
    tables are created on first use (the pg_trgm extension too, when allowed)."""

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError:
            raise ArchiveError(
                "使用 PostgreSQL 素材库需要安装 psycopg", hint="请让管理员执行 pip install 'psycopg[binary]'"
            ) from None
        self.psycopg = psycopg
        self.location = shown_url(url)
        self._lock = threading.RLock()
        try:
            self.db = psycopg.connect(url, connect_timeout=CONNECT_SECONDS)
        except psycopg.Error as error:
            raise ArchiveError(
                f"连接不上素材库数据库（{connection_reason(error)}）",
                where=self.location,
                hint="请检查设置文件中 archive 的地址，或请管理员确认数据库已启动",
            ) from None
        except Exception as error:  # a URL psycopg cannot even read
            raise ArchiveError(
                f"素材库数据库的地址有误（{error}）", where=self.location, hint="例如 postgresql://用户@主机:5432/库名"
            ) from None
        try:
            self._prepare()
        except psycopg.Error as error:
            self.db.close()
            raise ArchiveError(
                f"无法使用素材库数据库（{str(error).strip().splitlines()[0]}）", where=self.location
            ) from None

    def _prepare(self) -> None:
        with self.db.transaction():
            found = self.db.execute("SELECT to_regclass('jianggao.meta')").fetchone()[0]
            if found is None:
                self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
                try:
                    with self.db.transaction():
                        self.db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                except self.psycopg.errors.InsufficientPrivilege:
                    raise ArchiveError(
                        "素材库数据库中没有 pg_trgm 扩展，当前用户也无权安装",
                        where=self.location,
                        hint="请数据库管理员在这个库中执行 CREATE EXTENSION pg_trgm",
                    ) from None
                self.db.execute(SCHEMA + FINGERPRINTS)
                self.db.execute(
                    "INSERT INTO jianggao.meta VALUES ('format', %s) ON CONFLICT (key) DO NOTHING", (FORMAT,)
                )
            value = self.db.execute("SELECT value FROM jianggao.meta WHERE key = 'format'").fetchone()
            if value is None or value[0] != FORMAT:
                raise ArchiveError("素材库数据库的格式不认识", where=self.location, hint="请升级讲稿工具")
            if self.db.execute("SELECT to_regclass('jianggao.fingerprints')").fetchone()[0] is None:
                self._add_fingerprints()

    def _add_fingerprints(self) -> None:
        """Give a database made before the copy check its fingerprints, filled from its
        paragraphs; a user who may not create tables leaves it as it is (searching works,
        the copy check says what to do: :attr:`fingerprinted`)."""
        self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
        try:
            with self.db.transaction():
                self.db.execute(FINGERPRINTS)
        except self.psycopg.errors.InsufficientPrivilege:
            self.fingerprinted = False
            return
        if not self.db.execute("SELECT count(*) FROM jianggao.fingerprints").fetchone()[0]:
            rows = self.db.execute("SELECT speech_id, position, text FROM jianggao.paragraphs").fetchall()
            prints = [(value, s, n) for s, n, text in rows for value in paragraph_prints(text)]
            self._copy_fingerprints(self.db.cursor(), prints)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def trigram_ready(self) -> bool:
        """Whether pg_trgm reads Chinese in this database (its ``LC_CTYPE`` is UTF-8), so a
        search of three characters or more uses the index rather than reading every row."""
        with self._lock, self.db.transaction():
            return bool(self.db.execute("SELECT show_trgm('安全生产')").fetchone()[0])

    # -- adding and removing ------------------------------------------------------------------------------
    def _find(self, column: str, value: str) -> ArchivedSpeech | None:
        with self._lock, self.db.transaction():
            row = self.db.execute(
                f"SELECT {_SPEECH} FROM jianggao.speeches s WHERE s.{column} = %s LIMIT 1", (value,)
            ).fetchone()
        return speech_from_row(row) if row else None

    def add_many(self, speeches: list[ArchivedSpeech]) -> list[int | None]:
        ids: list[int | None] = []
        stamps: list[str] = []
        with self._lock:
            try:
                with self.db.transaction(), self.db.cursor() as cursor:
                    cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")  # index entries merged in bigger runs
                    cursor.executemany(
                        "INSERT INTO jianggao.speeches(title, date, speaker, level, source, file, content_hash,"
                        " file_hash, characters) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
                        f" ON CONFLICT (content_hash) DO NOTHING RETURNING id, {_ADDED.replace('s.added', 'added')}",
                        [
                            (
                                speech.title, speech.date, speech.speaker, speech.level, speech.source, speech.file,
                                speech.content_hash, speech.file_hash, speech.characters,
                            )
                            for speech in speeches
                        ],
                        returning=True,
                    )  # fmt: skip
                    rows, prints = [], []
                    for speech in speeches:
                        found = cursor.fetchone()  # None: the same text is there already (a colleague's, perhaps)
                        ids.append(found[0] if found else None)
                        stamps.append(found[1] if found else "")
                        for n, p in enumerate(speech.paragraphs if found else []):
                            rows.append((found[0], n, p.part, p.key, p.point, p.text, " ".join(grams(p.text))))
                            prints.extend((value, found[0], n) for value in p.fingerprints())
                        cursor.nextset()
                    with cursor.copy(
                        "COPY jianggao.paragraphs(speech_id, position, part, key, point, text, grams) FROM STDIN"
                    ) as copy:
                        for row in rows:
                            copy.write_row(row)
                    if self.fingerprinted:
                        self._copy_fingerprints(cursor, prints)
            except self.psycopg.OperationalError as error:
                raise ArchiveError(
                    f"写入素材库数据库失败（{str(error).strip().splitlines()[0]}）", where=self.location
                ) from None
        for speech, speech_id, stamp in zip(speeches, ids, stamps):
            if speech_id is not None:
                speech.id, speech.added = speech_id, stamp
        return ids

    @staticmethod
    def _copy_fingerprints(cursor, rows) -> None:
        """Store *rows*, ``(fingerprint, speech id, position)``."""
        with cursor.copy("COPY jianggao.fingerprints(fingerprint, speech_id, position) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def remove(self, speech_id: int) -> bool:
        with self._lock, self.db.transaction():
            if self.fingerprinted:
                self.db.execute("DELETE FROM jianggao.fingerprints WHERE speech_id = %s", (speech_id,))
            return self.db.execute("DELETE FROM jianggao.speeches WHERE id = %s", (speech_id,)).rowcount > 0

    # -- reading --------------------------------------------------------------------------------------------
    def speeches(self) -> list[ArchivedSpeech]:
        with self._lock, self.db.transaction():
            rows = self.db.execute(
                f"SELECT {_SPEECH} FROM jianggao.speeches s ORDER BY s.date DESC NULLS LAST, s.id DESC"
            ).fetchall()
        return [speech_from_row(row) for row in rows]

    def speech(self, speech_id: int) -> ArchivedSpeech | None:
        with self._lock, self.db.transaction():
            row = self.db.execute(f"SELECT {_SPEECH} FROM jianggao.speeches s WHERE s.id = %s", (speech_id,)).fetchone()
            if row is None:
                return None
            found = speech_from_row(row)
            found.paragraphs = [
                paragraph_from_row(p)
                for p in self.db.execute(
                    f"SELECT {_PARAGRAPH} FROM jianggao.paragraphs p WHERE p.speech_id = %s ORDER BY p.position",
                    (speech_id,),
                )
            ]
        return found

    def counts(self) -> tuple[int, int]:
        with self._lock, self.db.transaction():
            speeches = self.db.execute("SELECT count(*) FROM jianggao.speeches").fetchone()[0]
            paragraphs = self.db.execute("SELECT count(*) FROM jianggao.paragraphs").fetchone()[0]
        return speeches, paragraphs

    def search(self, query: Query) -> list[Hit]:
        terms = query.terms
        indexed: list[str] = []  # conditions an index answers
        arguments: list = []
        short = [t for t in terms if len(t) < 3 and all(ch.isalnum() for ch in t)]
        if short:
            indexed.append("string_to_array(p.grams, ' ') @> %s::text[]")
            arguments.append(short)
        for term in terms:
            if len(term) >= 3:  # LIKE reads bytes; ILIKE folds every character first, five times slower on Chinese
                indexed.append("p.text LIKE %s" if term == term.upper() else "p.text ILIKE %s")
                arguments.append(_like(term))
        where, filter_arguments = filters(query, "%s", _CONTAINS, "jianggao.speeches")
        with self._lock, self.db.transaction():
            capped = not indexed or self._common(indexed + where, arguments + filter_arguments)
            if capped:  # a common word: the newest paragraphs read backwards with a byte search, until CAP match
                indexed, arguments = [], []
            checked = [t for t in terms if capped or (len(t) < 3 and t not in short)]
            where[:0] = [_CONTAINS.format(folded("p.text", t), "%s") for t in checked]
            expression, score_arguments = score_sql(terms, "%s", "extract(year FROM s.date)")
            sql = search_sql(_SELECT, _TABLES, indexed + where, expression, capped=capped, limit=query.limit)
            rows = self.db.execute(sql, [*score_arguments, *arguments, *checked, *filter_arguments]).fetchall()
        return ranked(rows, terms, query.limit)

    def _common(self, indexed: list[str], arguments: list) -> bool:
        """Whether more than :data:`RANK_ALL` paragraphs meet *indexed* (then the newest
        :data:`CAP` of them are ranked, found by reading backwards: a word that common is dense
        enough for that to stop soon; a rarer one is ranked whole from its index). The
        planner's estimate decides (from the statistics :meth:`tidy` gathers, a fraction of a
        millisecond) when it is clear, else a count (for a common character the count alone
        would cost tens of milliseconds)."""
        condition = " AND ".join(indexed)
        plan = self.db.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM jianggao.paragraphs p WHERE {condition}", arguments
        ).fetchone()[0]
        estimate = plan[0]["Plan"]["Plan Rows"]
        if estimate > 4 * RANK_ALL or estimate < RANK_ALL / 4:
            return estimate > 4 * RANK_ALL
        sql = f"SELECT count(*) FROM (SELECT 1 FROM jianggao.paragraphs p WHERE {condition} LIMIT {RANK_ALL + 1}) found"
        return self.db.execute(sql, arguments).fetchone()[0] > RANK_ALL

    def tidy(self) -> None:
        """Merge the index entries :meth:`add_many` left pending (it adds with a large pending
        list: half the time) and refresh the planner's statistics."""
        with self._lock:
            try:
                with self.db.transaction():
                    for index in ("paragraphs_trigrams", "paragraphs_grams"):
                        self.db.execute("SELECT gin_clean_pending_list(%s::regclass)", (f"jianggao.{index}",))
                    self.db.execute("ANALYZE jianggao.speeches, jianggao.paragraphs, jianggao.fingerprints")
            except self.psycopg.errors.InsufficientPrivilege:
                pass  # not the tables' owner: the server's autovacuum does the same a little later

    def _shared_fingerprints(self, wanted: list[tuple[int, int]], limit: int) -> list[tuple[int, int, int, int]]:
        sql = SHARED_FINGERPRINTS.format(wanted=_WANTED, table="jianggao.fingerprints", limit=int(limit), common=COMMON)
        with self._lock, self.db.transaction():
            return self.db.execute(sql, ([n for n, _ in wanted], [value for _, value in wanted])).fetchall()

    def _paragraphs_at(self, places: list[tuple[int, int]]) -> dict[tuple[int, int], Hit]:
        with self._lock, self.db.transaction():
            rows = self.db.execute(
                f"{_SELECT} FROM unnest(%s::bigint[], %s::int[]) AS w(speech_id, position)"
                " JOIN jianggao.paragraphs p ON p.speech_id = w.speech_id AND p.position = w.position"
                " JOIN jianggao.speeches s ON s.id = p.speech_id",
                ([s for s, _ in places], [n for _, n in places]),
            ).fetchall()
        return hits_by_place(rows)

    def candidates(self, text: str, limit: int = 10) -> list[Hit]:
        if len(text.strip()) < 3:
            return []
        with self._lock, self.db.transaction():
            self.db.execute(f"SET LOCAL pg_trgm.word_similarity_threshold = {SIMILARITY}")
            rows = self.db.execute(
                f"{_SELECT}, word_similarity(%s, p.text) AS alike FROM {_TABLES} WHERE %s <%% p.text"
                " ORDER BY alike DESC LIMIT %s",
                (text, text, limit),
            ).fetchall()
        return [
            Hit(paragraph_from_row(row), speech_from_row(row[len(PARAGRAPH_COLUMNS) : -1]), float(row[-1]))
            for row in rows
        ]
