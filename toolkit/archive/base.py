"""The archive (素材库) of past speeches, whatever holds it: what is stored, how a query is
read, how hits are ranked and highlighted, and the interface both backends implement.

A speech is stored with its title, date, speaker, level (县/市/省…), source (本单位 / 上级 /
购买 / 其他), the file it came from and a hash of its text; each of its paragraphs with its
part (开头, 要点主旨句, 要点正文, 小点主旨句, 小点正文, 结尾, 过渡句, 称呼), the key of the draft
field it was (``points/1/body/0``, see :func:`toolkit.model.fields.field_keys`) and the point
it belongs to. Search terms are substrings (Chinese has no spaces): every term must occur
(AND). See docs/archive.md for the schema, the tokenisation and the ranking.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from toolkit.archive.similarity import paragraph_prints
from toolkit.errors import ToolkitError
from toolkit.model.fields import field_keys, speech_texts
from toolkit.model.levels import parse_date, speech_levels
from toolkit.model.phrases import is_date_line
from toolkit.model.speech import Speech

SOURCES = ("本单位", "上级", "购买", "其他")
"""Where an archived speech came from: the office's own, a superior's, bought, other."""
LEVELS = ("乡镇", "县", "市", "省", "中央")
"""The level of the office a speech was given at (county, city, province…)."""
PARTS = ("称呼", "开头", "过渡句", "要点主旨句", "要点正文", "小点主旨句", "小点正文", "结尾")
"""Every part a paragraph can be, in reading order."""
PART_WEIGHTS = {"要点主旨句": 1.5, "小点主旨句": 1.3, "过渡句": 0.6, "称呼": 0.3}
"""How much a match counts in each part (1.0 when not listed): a lead sentence (主旨句) is
what writers look for most; a salutation almost never."""
CAP = 500
"""Ranking looks at no more matches than this: a word found in more paragraphs than this
(一个字, 发展) is ranked among its most recently archived matches (docs/archive.md)."""


class ArchiveError(ToolkitError):
    """The archive cannot be opened or used (a bad path, a database that does not answer)."""


@dataclass
class Paragraph:
    """One archived paragraph: its ``part`` (one of :data:`PARTS`), the draft field ``key`` it
    was, the ``point`` it belongs to (0-based; ``None`` outside the points), its ``text``;
    ``id``, ``speech_id`` and ``position`` (its order in the speech, from 0) once stored."""

    part: str
    key: str
    text: str
    point: int | None = None
    id: int | None = None
    speech_id: int | None = None
    position: int = 0
    prints: set[int] | None = field(default=None, repr=False, compare=False)
    """Its fingerprints for the copy check (:func:`~toolkit.archive.similarity.paragraph_prints`),
    computed with the rest of the speech when a file is imported (by the worker processes
    when many are added at once); ``None`` until then."""

    def fingerprints(self) -> set[int]:
        """:attr:`prints`, computed now when not yet."""
        if self.prints is None:
            self.prints = paragraph_prints(self.text)
        return self.prints


@dataclass
class ArchivedSpeech:
    """One speech in the archive. ``date`` is the day it was given (``None`` when the file
    does not say); ``level`` ``""`` when unknown; ``file`` the name of the file it came from;
    ``content_hash`` the hash of its text (a file seen before is skipped by it);
    ``paragraphs`` are filled when adding (and by :meth:`Archive.paragraphs`)."""

    title: str
    date: _dt.date | None = None
    speaker: str = ""
    level: str = ""
    source: str = "本单位"
    file: str = ""
    content_hash: str = ""
    file_hash: str = ""
    """The hash of the file's bytes: the same file given again is skipped before it is read."""
    paragraphs: list[Paragraph] = field(default_factory=list)
    id: int | None = None
    added: str = ""
    """When it was archived (ISO time, UTC)."""
    characters: int = 0
    """How many characters its paragraphs hold."""

    @property
    def label(self) -> str:
        """How staff see it in a list: ``在全县…会议上的讲话（2025年3月2日）``."""
        when = f"（{self.date.year}年{self.date.month}月{self.date.day}日）" if self.date else ""
        return f"{self.title or '（无标题）'}{when}"


@dataclass
class Query:
    """What to look for: every one of ``terms`` (AND), in paragraphs of ``part`` (a part name
    or a piece of one: ``主旨句`` is both 要点主旨句 and 小点主旨句), from speeches of ``source``,
    ``level``, given on or after ``since``, by a ``speaker`` whose name holds this text;
    at most ``limit`` hits."""

    terms: list[str]
    part: str | None = None
    source: str | None = None
    level: str | None = None
    since: _dt.date | None = None
    speaker: str | None = None
    limit: int = 20

    def parts(self) -> list[str] | None:
        """The part names ``part`` stands for (``None``: any part)."""
        if not self.part:
            return None
        return [name for name in PARTS if self.part in name]


@dataclass
class Hit:
    """A paragraph found: the ``paragraph``, its ``speech``, its ``score`` (higher is better)
    and ``spans``, the ``(start, end)`` character offsets of each match in its text."""

    paragraph: Paragraph
    speech: ArchivedSpeech
    score: float
    spans: list[tuple[int, int]] = field(default_factory=list)

    def marked(self, before: str = "【", after: str = "】") -> str:
        """The paragraph's text with each match between *before* and *after*."""
        return mark(self.paragraph.text, self.spans, before, after)


# -- what is stored -------------------------------------------------------------------------------
def part_of(key: str) -> str | None:
    """The part (:data:`PARTS`) of the draft field *key*; ``None`` for the title and byline,
    which are the speech's, not paragraphs."""
    head = key.split("/")[0]
    if head in ("title", "byline"):
        return None
    simple = {"salutation": "称呼", "opening": "开头", "transition": "过渡句", "closing": "结尾"}
    if head in simple:
        return simple[head]
    level = "小点" if "/subpoints/" in key else "要点"
    return level + ("主旨句" if key.endswith("/lead") else "正文")


def speech_paragraphs(speech: Speech) -> list[Paragraph]:
    """The paragraphs *speech* is stored as, in reading order: every non-empty text field but
    the title and byline, each with its part, key and point."""
    keys = field_keys(speech)
    paragraphs = []
    for where, text in speech_texts(speech):
        key = keys[where]
        part = part_of(key)
        if part is None or not text.strip():
            continue
        point = int(key.split("/")[1]) if key.startswith("points/") else None
        paragraphs.append(Paragraph(part, key, text.strip(), point, position=len(paragraphs)))
    return paragraphs


def find_date(*texts: str | None) -> _dt.date | None:
    """The first real date written in *texts* (2025年3月2日, 2025-03-02, 二〇二五年三月二日;
    read as :func:`toolkit.model.levels.parse_date` reads it), or ``None``."""
    return next(filter(None, (parse_date(text or "") for text in texts)), None)


def content_hash(speech: Speech, paragraphs: list[Paragraph] | None = None) -> str:
    """A hash of *speech*'s words (title and paragraphs, white space ignored): the same speech
    read from a .docx and from a .txt, or with other adverts around it, has the same hash.
    *paragraphs* are :func:`speech_paragraphs` when the caller has them already."""
    paragraphs = speech_paragraphs(speech) if paragraphs is None else paragraphs
    words = [speech.title or ""] + [paragraph.text for paragraph in paragraphs]
    return hashlib.sha256("\n".join("".join(text.split()) for text in words).encode("utf-8")).hexdigest()


def archived_speech(
    speech: Speech, *, file: str = "", source: str | None = None, level: str | None = None, date_hint: str = ""
) -> ArchivedSpeech:
    """*speech* (imported from *file*) as the archive stores it: the title's first line; the
    date from the meeting facts, else the byline, the title or *date_hint* (the file name);
    the speaker from the meeting facts, else the byline's line that is not a date; *source*
    (by default 购买 when vendor adverts were removed from it, else 本单位) and *level*."""
    title = (speech.title or "").split("\n")[0].strip()
    date = speech.meeting.date or find_date(speech.byline, speech.title, date_hint)
    speaker = speech.meeting.speaker.strip()
    if not speaker and speech.byline:
        lines = [line.strip("（）() \t") for line in speech.byline.split("\n") if not is_date_line(line)]
        speaker = next((line for line in lines if line), "")
    paragraphs = speech_paragraphs(speech)
    for paragraph in paragraphs:
        paragraph.fingerprints()
    return ArchivedSpeech(
        title=title,
        date=date,
        speaker=speaker,
        level=level or level_of(speech),
        source=source or ("购买" if speech.noise else "本单位"),
        file=file,
        content_hash=content_hash(speech, paragraphs),
        paragraphs=paragraphs,
        characters=sum(len(p.text) for p in paragraphs),
    )


ARCHIVE_LEVEL = {
    "省": "省",
    "市": "市",
    "州": "市",
    "盟": "市",
    "县": "县",
    "区": "县",
    "旗": "县",
    "镇": "乡镇",
    "乡": "乡镇",
}
"""The archive's level (:data:`LEVELS`) for each level word :mod:`toolkit.model.levels` reads."""


def level_of(speech: Speech) -> str:
    """The level *speech* was given at, read from its own words (the speaker's post first,
    then the title and the meeting's name; see :func:`toolkit.model.levels.speech_levels`):
    县委书记 → 县, 在全市……会议上 → 市; ``""`` when they name none."""
    found = speech_levels(speech)
    return ARCHIVE_LEVEL.get(found[0], "") if found else ""


def check_source(source: str | None, *, where: str = "来源") -> str | None:
    """*source* when it is one of :data:`SOURCES` (or ``None``); one Chinese line otherwise."""
    if source is not None and source not in SOURCES:
        raise ArchiveError(f"{where}“{source}”不认识", hint="可用：" + "、".join(SOURCES))
    return source


def check_level(level: str | None, *, where: str = "级别") -> str | None:
    """*level* when it is one of :data:`LEVELS` (or ``None``); one Chinese line otherwise."""
    if level is not None and level not in LEVELS:
        raise ArchiveError(f"{where}“{level}”不认识", hint="可用：" + "、".join(LEVELS))
    return level


# -- reading a query --------------------------------------------------------------------------------
_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]|(\S+)")


def parse_terms(text: str) -> list[str]:
    """The search terms in what was typed: words separated by spaces, a phrase in quotes
    ("…" or “…”) kept whole; each lower-cased, repeated ones once."""
    terms: list[str] = []
    for quoted, word in _QUOTED.findall(text):
        term = (quoted or word).strip().lower()
        if any(ch.isalnum() for ch in term) and term not in terms:
            terms.append(term)
    return terms


def parse_since(text: str | None) -> _dt.date | None:
    """The first day *text* names: ``2025`` → 2025-01-01, ``2025-03`` or ``2025年3月`` →
    2025-03-01, ``2025-03-02``; one Chinese line when it is none of these."""
    if not text:
        return None
    found = re.fullmatch(
        r"\s*(\d{4})\s*(?:[年\-./]\s*(\d{1,2})\s*(?:[月\-./]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?\s*", text
    )
    try:
        if not found:
            raise ValueError
        return _dt.date(int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1))
    except ValueError:
        raise ArchiveError(f"日期“{text}”看不懂", hint="请写成 2025、2025-03 或 2025-03-02") from None


def grams(text: str) -> list[str]:
    """The one- and two-character pieces of *text* (lower-cased, white space dropped), each
    once: what the short-word index holds, since the trigram index cannot find a word of one
    or two characters (党建, 安全)."""
    text = "".join(text.lower().split())
    seen = dict.fromkeys(text)
    seen.update(dict.fromkeys(text[i : i + 2] for i in range(len(text) - 1)))
    return list(seen)


def trigrams(text: str, limit: int = 48) -> list[str]:
    """Up to *limit* distinct three-character pieces of *text* without punctuation or space,
    spread evenly over it: what a similarity look-up (:meth:`Archive.candidates`) asks for."""
    text = text.lower()
    pieces = list(dict.fromkeys(text[i : i + 3] for i in range(len(text) - 2)))
    pieces = [piece for piece in pieces if all(ch.isalnum() for ch in piece)]
    if len(pieces) <= limit:
        return pieces
    step = len(pieces) / limit
    return [pieces[int(i * step)] for i in range(limit)]


# -- ranking and highlighting ------------------------------------------------------------------------
def spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of every occurrence of every term in *text* (case
    ignored), overlapping ones merged, in order."""
    lowered = text.lower()
    found = []
    for term in terms:
        start = lowered.find(term)
        while term and start >= 0:
            found.append((start, start + len(term)))
            start = lowered.find(term, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, found: list[tuple[int, int]], before: str = "【", after: str = "】") -> str:
    """*text* with each ``(start, end)`` of *found* between *before* and *after*."""
    pieces, last = [], 0
    for start, end in found:
        pieces += [text[last:start], before, text[start:end], after]
        last = end
    return "".join(pieces) + text[last:]


def score_sql(terms: list[str], placeholder: str, year: str, relevance: str | None = None) -> tuple[str, list]:
    """The SQL expression (on ``p``, the paragraph, and ``s``, its speech) of how well a
    paragraph answers *terms*, higher is better, and its arguments: its *relevance* (an SQL
    expression: bm25 made positive, where the backend has it), else the characters matched
    per character of the paragraph (``matched / (50 + length)``: a short paragraph full of
    the words beats a long one that mentions them once); times the weight of its part
    (:data:`PART_WEIGHTS`); times a little for recency: 1.2 for a speech of this year, 0.02
    less a year, 1.0 from ten years old (and undated). *year* is the backend's expression for
    the speech's year; *placeholder* its parameter mark. Both backends rank with it."""
    arguments: list = []
    if relevance is None:
        matched = []
        for term in terms:
            matched.append(f"(length(p.text) - length(replace({folded('p.text', term)}, {placeholder}, '')))")
            arguments.append(term)
        relevance = f"(CAST({' + '.join(matched) or '0'} AS REAL) / (50 + length(p.text)))"
    weight = " ".join(f"WHEN '{part}' THEN {value}" for part, value in PART_WEIGHTS.items())
    this_year = _dt.date.today().year
    recency = (
        f"(CASE WHEN s.date IS NULL OR {this_year} - {year} >= 10 THEN 1.0"
        f" WHEN {this_year} - {year} <= 0 THEN 1.2 ELSE 1.2 - 0.02 * ({this_year} - {year}) END)"
    )
    return f"({relevance} * (CASE p.part {weight} ELSE 1.0 END) * {recency})", arguments


def folded(column: str, term: str) -> str:
    """*column* lower-cased in SQL when *term* has letters with case (AI, GDP), else as it is:
    Chinese has no case, and lower-casing every character of every paragraph read is most of
    a search's time on PostgreSQL."""
    return f"lower({column})" if term != term.upper() else column


def ranked(rows: list, terms: list[str], limit: int) -> list[Hit]:
    """The *limit* best of *rows* as hits, best first, ties by newer speech then reading
    order. Each row is the paragraph's columns (:data:`PARAGRAPH_COLUMNS`), the speech's
    (:data:`SPEECH_COLUMNS`) and the score (:func:`score_sql`); a row whose text does not
    hold every term (an index's approximation) is left out."""
    hits = []
    for row in rows:
        paragraph = paragraph_from_row(row)
        lowered = paragraph.text.lower()
        if all(term in lowered for term in terms):
            hits.append(Hit(paragraph, speech_from_row(row[len(PARAGRAPH_COLUMNS) :]), float(row[-1] or 0)))
    hits.sort(key=lambda h: (-h.score, -(h.speech.date or _dt.date.min).toordinal(), h.paragraph.id or 0))
    for hit in hits[:limit]:
        hit.spans = spans(hit.paragraph.text, terms)
    return hits[:limit]


def search_sql(
    select: str, tables: str, conditions: list[str], score: str, *, capped: bool, limit: int, order: str = "p.id"
) -> str:
    """The query that ranks the paragraphs matching *conditions* by *score* and keeps the best
    *limit* (a few more, for the rows an index only approximated); when *capped*, only the
    :data:`CAP` most recently archived matches are ranked (a word that common): the highest
    *order* (the paragraph's id, or what the index sorts the same way)."""
    newest = f" ORDER BY {order} DESC LIMIT {CAP}" if capped else ""
    inner = f"{select}, {score} AS score FROM {tables} WHERE {' AND '.join(conditions) or '1 = 1'}{newest}"
    return f"SELECT * FROM ({inner}) found ORDER BY score DESC LIMIT {limit + 10}"


# -- rows and conditions, shared by the backends' SQL ----------------------------------------------------
SPEECH_COLUMNS = (
    "id",
    "title",
    "date",
    "speaker",
    "level",
    "source",
    "file",
    "content_hash",
    "file_hash",
    "added",
    "characters",
)
"""The columns of the ``speeches`` table, in the order :func:`speech_from_row` reads them."""
PARAGRAPH_COLUMNS = ("id", "speech_id", "position", "part", "key", "point", "text")
"""The columns of the ``paragraphs`` table, in the order :func:`paragraph_from_row` reads them."""


def columns(alias: str, names: tuple[str, ...]) -> str:
    """``s.id, s.title, …`` for a SELECT."""
    return ", ".join(f"{alias}.{name}" for name in names)


def speech_from_row(row) -> ArchivedSpeech:
    """An :class:`ArchivedSpeech` from a row of :data:`SPEECH_COLUMNS` (its date a
    ``datetime.date`` or ISO text, its time of adding ISO text)."""
    values = dict(zip(SPEECH_COLUMNS, row))
    if isinstance(values["date"], str):
        values["date"] = _dt.date.fromisoformat(values["date"])
    return ArchivedSpeech(**values)


def paragraph_from_row(row) -> Paragraph:
    """A :class:`Paragraph` from a row of :data:`PARAGRAPH_COLUMNS`."""
    return Paragraph(**dict(zip(PARAGRAPH_COLUMNS, row)))


def hits_by_place(rows) -> dict[tuple[int, int], Hit]:
    """Rows of :data:`PARAGRAPH_COLUMNS` then :data:`SPEECH_COLUMNS` as hits (score 0), by
    ``(speech id, position)``."""
    found = [Hit(paragraph_from_row(row), speech_from_row(row[len(PARAGRAPH_COLUMNS) :]), 0.0) for row in rows]
    return {(hit.paragraph.speech_id, hit.paragraph.position): hit for hit in found}


def filters(query: Query, placeholder: str, contains: str, speeches: str = "speeches") -> tuple[list[str], list]:
    """The SQL conditions on ``p`` (the paragraphs) for *query*'s filters and their
    arguments; *placeholder* is the driver's (``?``, ``%s``), *contains* the backend's
    substring test with ``{0}`` the text and ``{1}`` the piece, *speeches* the speeches'
    table. The speech's facts (source, level, date, speaker) are one ``speech_id IN (…)``:
    the database makes a set of the speeches that pass once, rather than looking up each
    paragraph's speech while it reads."""
    where: list[str] = []
    arguments: list = []
    parts = query.parts()
    if parts is not None:
        where.append(f"p.part IN ({', '.join([placeholder] * len(parts)) or 'NULL'})")
        arguments += parts
    facts: list[str] = []
    for column, value in (("source", query.source), ("level", query.level)):
        if value:
            facts.append(f"{column} = {placeholder}")
            arguments.append(value)
    if query.since:
        facts.append(f"date >= {placeholder}")
        arguments.append(query.since.isoformat())
    if query.speaker:
        facts.append(contains.format("speaker", placeholder))
        arguments.append(query.speaker)
    if facts:
        where.append(f"p.speech_id IN (SELECT id FROM {speeches} WHERE {' AND '.join(facts)})")
    return where, arguments


COMMON = 200
"""A fingerprint stored for more paragraphs than this is common stock (a stock phrase in
hundreds of speeches): it is not used to find candidates, since it says nothing about where
a paragraph came from. Counting stops at this number, so a common one costs little."""
SHARED_FINGERPRINTS = """
WITH wanted AS MATERIALIZED ({wanted}),
usable AS MATERIALIZED (
    SELECT fingerprint FROM (SELECT DISTINCT fingerprint FROM wanted) u
    WHERE (SELECT count(*) FROM (
        SELECT 1 FROM {table} c WHERE c.fingerprint = u.fingerprint LIMIT {common} + 1
    ) posting) <= {common}
),
shared AS (
    SELECT w.n, f.speech_id, f.position, count(*) AS shared
    FROM wanted w JOIN usable USING (fingerprint) JOIN {table} f ON f.fingerprint = w.fingerprint
    GROUP BY w.n, f.speech_id, f.position
),
ranked AS (
    SELECT n, speech_id, position, shared,
           row_number() OVER (PARTITION BY n ORDER BY shared DESC, speech_id DESC, position) AS place
    FROM shared
)
SELECT n, speech_id, position, shared FROM ranked WHERE place <= {limit} ORDER BY n, place
"""
"""The copy check's look-up (:meth:`Archive.similar`), the same on both backends: for each
draft paragraph (``n``), the archived paragraphs sharing the most fingerprints with it,
leaving out the :data:`COMMON` ones; ``{wanted}`` is the backend's way of sending
``(n, fingerprint)`` pairs."""


# -- the interface --------------------------------------------------------------------------------------
class Archive(ABC):
    """An archive of speeches, in a SQLite file or a PostgreSQL database; both behave alike.
    Use as a context manager or call :meth:`close`."""

    location: str
    """Where it is, for messages (a file path, or the database URL without its password)."""
    fingerprinted: bool = True
    """Whether it holds the copy check's fingerprints: ``False`` for an archive made before
    the copy check that this user could not give them (a read-only file, a database user
    who may not create tables); then :meth:`similar` is one line saying what to do."""

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None:
        """Release the connection."""

    def find_hash(self, content_hash: str) -> ArchivedSpeech | None:
        """The speech whose text hashes to *content_hash*, or ``None``."""
        return self._find("content_hash", content_hash)

    def find_file(self, file_hash: str) -> ArchivedSpeech | None:
        """The speech added from a file whose bytes hash to *file_hash*, or ``None``."""
        return self._find("file_hash", file_hash) if file_hash else None

    @abstractmethod
    def _find(self, column: str, value: str) -> ArchivedSpeech | None:
        """The first speech whose *column* (``content_hash`` or ``file_hash``) is *value*."""

    @abstractmethod
    def add_many(self, speeches: list[ArchivedSpeech]) -> list[int | None]:
        """Store *speeches* and their paragraphs in one transaction; for each its new id, or
        ``None`` when a speech with the same text is there already (that one not stored).
        Each stored speech gets its ``id`` and ``added``."""

    @abstractmethod
    def tidy(self) -> None:
        """Make searches fast again after many speeches were added: SQLite merges each index
        into one piece, PostgreSQL refreshes the statistics its planner estimates with."""

    def add(self, speech: ArchivedSpeech) -> int | None:
        """Store one speech (see :meth:`add_many`)."""
        return self.add_many([speech])[0]

    @abstractmethod
    def speeches(self) -> list[ArchivedSpeech]:
        """Every speech (without paragraphs), newest date first."""

    @abstractmethod
    def speech(self, speech_id: int) -> ArchivedSpeech | None:
        """The speech *speech_id* with its paragraphs in order, or ``None``."""

    @abstractmethod
    def remove(self, speech_id: int) -> bool:
        """Remove the speech *speech_id* and its paragraphs; whether it was there."""

    @abstractmethod
    def counts(self) -> tuple[int, int]:
        """How many speeches and paragraphs the archive holds."""

    @abstractmethod
    def search(self, query: Query) -> list[Hit]:
        """The paragraphs holding every term of *query* that pass its filters, best first."""

    def similar(self, texts: list[str], limit: int = 8) -> list[list[Hit]]:
        """For each of *texts*, up to *limit* archived paragraphs sharing the most
        fingerprints with it (:func:`toolkit.archive.similarity.paragraph_prints`), most first:
        where the copy check (查重) starts. All *texts* are looked up in one query; ``score``
        is the number of fingerprints shared; a text that shares none gets an empty list."""
        if not self.fingerprinted:
            raise ArchiveError(
                "素材库是旧版本建立的，还不能查重",
                where=self.location,
                hint="请负责素材库的同事用有写入权限的账号执行一次 jianggao archive info，素材库会自动更新",
            )
        wanted = [(n, value) for n, text in enumerate(texts) for value in sorted(paragraph_prints(text))]
        found = self._shared_fingerprints(wanted, limit) if wanted else []
        hits = self._paragraphs_at(sorted({(speech_id, position) for _n, speech_id, position, _c in found}))
        result: list[list[Hit]] = [[] for _ in texts]
        for n, speech_id, position, count in found:
            hit = hits.get((speech_id, position))
            if hit is not None:
                result[n].append(Hit(hit.paragraph, hit.speech, float(count)))
        for hits_of_one in result:
            hits_of_one.sort(key=lambda hit: (-hit.score, -(hit.paragraph.id or 0)))
        return result

    @abstractmethod
    def _shared_fingerprints(self, wanted: list[tuple[int, int]], limit: int) -> list[tuple[int, int, int, int]]:
        """For *wanted*, ``(text number, fingerprint)`` pairs, the archived paragraphs sharing
        the most fingerprints with each text: ``(text number, speech id, position, shared)``,
        at most *limit* a text."""

    @abstractmethod
    def _paragraphs_at(self, places: list[tuple[int, int]]) -> dict[tuple[int, int], Hit]:
        """The paragraphs at *places* (``(speech id, position)``), each as a :class:`Hit`
        with its speech (score 0)."""

    @abstractmethod
    def candidates(self, text: str, limit: int = 10) -> list[Hit]:
        """The archived paragraphs most like *text* (sharing the most three-character pieces
        with it), best first, at most *limit*: where a copy check (查重) starts. ``score``
        says how alike (bigger is more; compare within one call only); ``spans`` is empty."""

    def paragraphs(self, speech_id: int) -> list[Paragraph]:
        """The paragraphs of speech *speech_id* in order (empty when there is none)."""
        found = self.speech(speech_id)
        return found.paragraphs if found else []

    def point_paragraphs(self, paragraph: Paragraph) -> list[Paragraph]:
        """The whole point *paragraph* belongs to (its lead, body and sub-points), in order;
        just *paragraph* when it is outside the points."""
        if paragraph.point is None or paragraph.speech_id is None:
            return [paragraph]
        return [p for p in self.paragraphs(paragraph.speech_id) if p.point == paragraph.point]
