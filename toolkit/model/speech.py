"""The speech model: what a leader's speech (讲话稿) is made of.

A :class:`Speech` is the one structure every layer reads or writes. Points are stored
without numbers; :meth:`Speech.point_markers` derives them from the numbering style, so
adding, removing or moving a point can never leave 一要, 三要, 三要 behind.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Callable, Literal

from toolkit.errors import NumberingError
from toolkit.model.numbering import MarkerStyle, marker_style

Layout = Literal["run_in", "heading"]
"""``run_in``: the lead sentence opens a paragraph and the body follows in it (一要……。正文);
``heading``: the lead stands on its own line and the body starts a new paragraph (一、……)."""

DEFAULT_NUMBERING = "一要"
DEFAULT_SUBNUMBERING = "（一）"


@dataclass
class SubPoint:
    """A point inside a point: its own lead sentence and body paragraphs."""

    lead: str = ""
    """The lead sentence (主旨句) or heading, without its marker; ``""`` when missing."""
    body: list[str] = field(default_factory=list)
    """Body paragraphs, without leading indentation."""


@dataclass
class Point:
    """One numbered point (一要……) of the speech's main part."""

    lead: str = ""
    """The lead sentence or heading without its marker, e.g. ``切实压紧压实防汛责任。``."""
    body: list[str] = field(default_factory=list)
    """Body paragraphs before the first sub-point. For a run-in point the first one
    continues the lead's own paragraph."""
    subpoints: list[SubPoint] = field(default_factory=list)
    """Sub-points, numbered with the speech's ``subnumbering`` style."""
    section: str = ""
    """The name of the library section or template cell this point came from, so running
    that cell again replaces it; ``""`` for a point typed or imported directly."""


@dataclass
class MeetingFacts:
    """The meeting the speech is for; ``""``/``None`` means not filled in yet."""

    name: str = ""
    """会议名称, e.g. ``全县防汛工作会议``."""
    speaker: str = ""
    """讲话人 (name and/or post)."""
    date: _dt.date | None = None
    """The day of the meeting."""
    place: str = ""
    """会议地点."""
    limit_minutes: int | None = None
    """讲话时长: the minutes the meeting gives this speech (1 to 600); ``None`` when it sets
    no limit. ``check`` says when the speech runs over it (see :mod:`toolkit.model.text`)."""


@dataclass
class RemovedLine:
    """A line the importer removed as vendor noise (advert, watermark, membership line)."""

    text: str
    """The line as it read, without surrounding white space."""
    line: int | None = None
    """1-based line (or paragraph) number in the source file; ``None`` when unknown."""
    rule: str = ""
    """Why it was removed: the name of the noise rule, in Chinese."""


@dataclass
class CommentReply:
    """A reply to a comment, as Word threads them (批注的答复)."""

    author: str = ""
    """Who replied, as Word recorded it; ``""`` when the file does not say."""
    date: str = ""
    """When, as Word wrote it (``2026-11-02T09:15:00Z``); ``""`` when the file does not say."""
    text: str = ""
    """The reply's words."""


@dataclass
class Comment:
    """A reviewer's comment (批注) on the speech, kept in the draft until someone has dealt
    with it. Not to be confused with ``#`` comments in the draft's YAML text."""

    key: str = ""
    """The key of the text field the comment is attached to (``title``, ``opening/0``,
    ``points/1/lead``, ``points/1/body/0``…, see :func:`toolkit.model.fields.field_keys`);
    ``""`` when it concerns no one field (its paragraph was deleted, or it sat in a header)."""
    author: str = ""
    """Who wrote it, as Word recorded it; ``""`` when the file does not say."""
    date: str = ""
    """When, as Word wrote it (``2026-11-02T09:15:00Z``); ``""`` when the file does not say."""
    text: str = ""
    """The comment's words."""
    quote: str = ""
    """The words of the speech the comment was anchored to in Word (``""`` when none)."""
    done: bool = False
    """Whether someone has dealt with it (标为已处理); open comments are listed by the checks."""
    replies: list[CommentReply] = field(default_factory=list)
    """Replies in Word's thread, oldest first."""


@dataclass
class Source:
    """Where a text the writer took from the archive (素材库) came from, attached by key to the
    field it went into, so a copy check (查重) knows which paragraphs were reused on purpose
    and from what. It follows its text through edits as a comment does."""

    key: str = ""
    """The key of the text field it went into (``opening/2``, ``points/3/lead``…, see
    :func:`toolkit.model.fields.field_keys`); ``""`` once that text was deleted."""
    title: str = ""
    """The title of the archived speech it came from."""
    date: str = ""
    """That speech's date (``2025-03-02``); ``""`` when unknown."""
    source: str = ""
    """That speech's source: 本单位, 上级, 购买 or 其他."""
    speaker: str = ""
    """That speech's speaker, ``""`` when unknown."""
    text: str = ""
    """The archived paragraph as it was inserted (the writer may have edited it since)."""

    @property
    def quote(self) -> str:
        """The first words of :attr:`text`: when its paragraph is split, the source goes with
        the piece that holds them (as a comment goes with the piece holding its quoted words)."""
        return self.text[:12]


def reindex_key(key: str, prefix: str, mapping: Callable[[int], int | None]) -> str | None:
    """*key* with the index that follows *prefix* (``points``, ``opening``,
    ``points/1/body``…) replaced by ``mapping(index)``: ``points/2/lead`` under ``points``
    with 2 → 0 is ``points/0/lead``. A key not under *prefix* is returned as it is; ``None``
    when *mapping* says the indexed item is gone."""
    head = prefix + "/"
    if not key.startswith(head):
        return key
    index_text, _, tail = key[len(head) :].partition("/")
    if not index_text.isdigit():
        return key
    new = mapping(int(index_text))
    if new is None:
        return None
    return f"{head}{new}" + (f"/{tail}" if tail else "")


def _moved(index: int, new_index: int) -> Callable[[int], int]:
    """Where each position of a list goes when the item at *index* moves to *new_index*."""

    def mapping(k: int) -> int:
        if k == index:
            return new_index
        if index < k <= new_index:
            return k - 1
        if new_index <= k < index:
            return k + 1
        return k

    return mapping


def _position(items: list, item) -> int:
    """Where *item* is in *items*, by identity (-1 when it is not there)."""
    return next((i for i, candidate in enumerate(items) if candidate is item), -1)


def _inserted(index: int, count: int = 1) -> Callable[[int], int]:
    return lambda k: k + count if k >= index else k


def _removed(index: int) -> Callable[[int], int | None]:
    return lambda k: None if k == index else (k - 1 if k > index else k)


@dataclass
class Speech:
    """A leader's speech: title, byline, salutation, opening, numbered points, closing."""

    title: str | None = None
    """The title line, e.g. ``在……会议上的讲话``; ``None`` when there is none yet."""
    byline: str | None = None
    """The line(s) under the title: speaker and/or date, e.g. ``（2026年9月28日）``.
    Two lines are joined with ``\\n``; ``None`` when there is no byline."""
    salutation: str | None = None
    """The salutation, e.g. ``同志们：``; ``None`` when the speech has none."""
    opening: list[str] = field(default_factory=list)
    """Opening paragraphs, *without* the transition sentence."""
    transition: str | None = None
    """The sentence that leads into the points, e.g. ``下面，我讲几点意见。``."""
    transition_run_in: bool = False
    """``True`` when the transition is the last sentence of the last opening paragraph
    rather than a paragraph of its own."""
    numbering: str | None = DEFAULT_NUMBERING
    """The marker style of the points (``一要``, ``一是``, ``一、``…); ``None`` for a speech
    without numbered points."""
    point_layout: Layout | None = None
    """Run-in or heading points; ``None`` follows the numbering style's habit."""
    subnumbering: str = DEFAULT_SUBNUMBERING
    """The marker style of sub-points (``（一）``, ``1.``, ``一是``…)."""
    subpoint_layout: Layout | None = None
    """Run-in or heading sub-points; ``None`` follows the sub-numbering style's habit."""
    points: list[Point] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    """Closing paragraphs (the ``同志们，…`` call to action)."""
    meeting: MeetingFacts = field(default_factory=MeetingFacts)
    variables: dict[str, str] = field(default_factory=dict)
    """Values for the ``{{ 变量 }}`` placeholders in the text, by variable name."""
    noise: list[RemovedLine] = field(default_factory=list)
    """Vendor lines removed on import, kept so nothing is dropped silently."""
    import_hints: list[str] = field(default_factory=list)
    """提示 about what the importer changed beyond removing noise, for staff to check, each
    naming its line in the source: ``第14行：原文编号从“二、”跳到“四、”，已按顺序重新编号（这一点现为“三、”）``."""
    readings: dict[str, str] = field(default_factory=dict)
    """注音 for this speech: word (a name, a place) → its reading in pinyin (``六安`` →
    ``Lù'ān``, ``单雄信`` → ``Shàn Xióngxìn``). The reading copy prints it above the word
    wherever the word occurs; these entries override the office's list and pypinyin (see
    :mod:`toolkit.readings`)."""
    comments: list[Comment] = field(default_factory=list)
    """Reviewers' comments (批注) brought in from Word, each attached to its field by key;
    the editing methods below keep them attached to the same text when points and
    paragraphs move (see :meth:`reindex_anchored`)."""
    sources: list[Source] = field(default_factory=list)
    """Where the texts taken from the archive (素材库) came from, each attached to its field
    by key and kept attached like the comments."""

    # -- comments and sources follow their text ------------------------------------------
    def anchored(self) -> list[Comment | Source]:
        """Everything attached to a text field by key: the comments, then the sources."""
        return [*self.comments, *self.sources]

    def reindex_anchored(self, prefix: str, mapping: Callable[[int], int | None]) -> None:
        """After the list at *prefix* (``points``, ``opening``, ``points/1/body``…) changed,
        re-attach every comment and source under it: the item that was at index *i* is now
        at ``mapping(i)``, or gone (``None``: it stays in the speech, attached to no field;
        a comment is still listed until marked done)."""
        for item in self.anchored():
            if item.key:
                item.key = reindex_key(item.key, prefix, mapping) or ""

    def _point_index(self, point: Point) -> int:
        return _position(self.points, point)

    # -- numbering --------------------------------------------------------------------
    @property
    def numbering_style(self) -> MarkerStyle:
        """The points' :class:`MarkerStyle` (the default 一要 when ``numbering`` is ``None``)."""
        return marker_style(self.numbering or DEFAULT_NUMBERING)

    @property
    def subnumbering_style(self) -> MarkerStyle:
        """The sub-points' :class:`MarkerStyle`."""
        return marker_style(self.subnumbering or DEFAULT_SUBNUMBERING)

    @property
    def points_run_in(self) -> bool:
        """Whether points are laid out run-in (see :data:`Layout`)."""
        if self.point_layout is None:
            return self.numbering_style.run_in
        return self.point_layout == "run_in"

    @property
    def subpoints_run_in(self) -> bool:
        """Whether sub-points are laid out run-in (see :data:`Layout`)."""
        if self.subpoint_layout is None:
            return self.subnumbering_style.run_in
        return self.subpoint_layout == "run_in"

    def point_markers(self) -> list[str]:
        """The markers of the points in order, from the numbering style."""
        return self.numbering_style.markers(len(self.points))

    def subpoint_markers(self, point: Point) -> list[str]:
        """The markers of *point*'s sub-points in order."""
        return self.subnumbering_style.markers(len(point.subpoints))

    # -- editing points -----------------------------------------------------------------
    def add_point(self, point: Point | None = None, index: int | None = None) -> Point:
        """Insert *point* (a new empty one by default) at *index* (the end by default)."""
        point = point if point is not None else Point()
        if len(self.points) + 1 > self.numbering_style.max_count:
            self.numbering_style.markers(len(self.points) + 1)  # raises the clear error
        self.points.insert(len(self.points) if index is None else index, point)
        self.reindex_anchored("points", _inserted(_position(self.points, point)))
        return point

    def remove_point(self, index: int) -> Point:
        """Remove and return the point at *index*."""
        removed = self.points.pop(index)
        self.reindex_anchored("points", _removed(index % (len(self.points) + 1)))
        return removed

    def move_point(self, index: int, new_index: int) -> None:
        """Move the point at *index* so it ends up at *new_index* (clamped to the list)."""
        if not 0 <= index < len(self.points):
            raise NumberingError(f"没有第 {index + 1} 点", hint=f"现在共有 {len(self.points)} 点")
        new_index = max(0, min(new_index, len(self.points) - 1))
        self.points.insert(new_index, self.points.pop(index))
        self.reindex_anchored("points", _moved(index, new_index))

    def add_subpoint(self, point: Point, sub: SubPoint | None = None, index: int | None = None) -> SubPoint:
        """Insert *sub* (a new empty one by default) into *point* at *index* (the end by default)."""
        sub = sub if sub is not None else SubPoint()
        if len(point.subpoints) + 1 > self.subnumbering_style.max_count:
            self.subnumbering_style.markers(len(point.subpoints) + 1)  # raises the clear error
        point.subpoints.insert(len(point.subpoints) if index is None else index, sub)
        self.reindex_anchored(
            f"points/{self._point_index(point)}/subpoints", _inserted(_position(point.subpoints, sub))
        )
        return sub

    def remove_subpoint(self, point: Point, index: int) -> SubPoint:
        """Remove and return *point*'s sub-point at *index*."""
        removed = point.subpoints.pop(index)
        self.reindex_anchored(
            f"points/{self._point_index(point)}/subpoints", _removed(index % (len(point.subpoints) + 1))
        )
        return removed

    def move_subpoint(self, point: Point, index: int, new_index: int) -> None:
        """Move *point*'s sub-point at *index* so it ends up at *new_index* (clamped)."""
        if not 0 <= index < len(point.subpoints):
            raise NumberingError(f"没有第 {index + 1} 小点", hint=f"这一点现在共有 {len(point.subpoints)} 小点")
        new_index = max(0, min(new_index, len(point.subpoints) - 1))
        point.subpoints.insert(new_index, point.subpoints.pop(index))
        self.reindex_anchored(f"points/{self._point_index(point)}/subpoints", _moved(index, new_index))

    # -- the opening as it reads ------------------------------------------------------
    def opening_as_read(self) -> list[str]:
        """The opening paragraphs with a run-in transition put back at the end of the last one."""
        paragraphs = list(self.opening)
        if self.transition and self.transition_run_in and paragraphs:
            paragraphs[-1] = paragraphs[-1] + self.transition
        return paragraphs

    @property
    def transition_is_paragraph(self) -> bool:
        """Whether the transition is printed as a paragraph of its own."""
        return bool(self.transition) and not (self.transition_run_in and self.opening)
