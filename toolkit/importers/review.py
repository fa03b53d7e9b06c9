"""From the revisions and comments the .docx reader found to a :class:`~toolkit.model.review.Review`.

The reader (:mod:`toolkit.importers.docx_reader`) knows where each revision and comment
sits in the *file*: a paragraph, and the text before, under and after it. Which field of
the *speech* that became is only known once the parts have been found
(:mod:`toolkit.importers.structure`), which moves text about: a marker is dropped, a run-in
point's paragraph is cut into lead and body, a transition is split off the last opening
paragraph, two title lines are joined. So each place is found by its text: the fields
whose (white-space free) text lies inside the paragraph's, and among them the one that
covers the revision's words, or is nearest to them. Repeated paragraphs are told apart by
reading order. This keeps the structure finder free of bookkeeping.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from toolkit.model.fields import field_keys
from toolkit.model.invisible import strip_invisible
from toolkit.model.places import read_field
from toolkit.model.review import Review, RevisionMode
from toolkit.model.review import Revision as ReportedRevision
from toolkit.model.speech import Comment, CommentReply, Speech

BODY = ""
"""The part of the file the speech is read from."""
TABLE = "表格"


@dataclass
class Spot:
    """Where something sits in the file: a stretch of a paragraph's text (as imported)."""

    part: str = BODY
    """``""`` (the body), 表格 (a table in the body), 文本框, or a part not read: 页眉, 页脚, 脚注,
    尾注, 页面设置."""
    line: int = 0
    """The paragraph's number in the body (:attr:`SourceParagraph.line`); 0 elsewhere."""
    paragraph: str = ""
    """The paragraph's text (one line of it, as it became a source paragraph)."""
    start: int = 0
    end: int = 0
    """The stretch ``paragraph[start:end]`` it covers (empty for text not imported)."""
    side: str = ""
    """``"before"``/``"after"``: the spot is a paragraph no longer there, just before or after
    the paragraph whose text this is."""


@dataclass
class FoundRevision:
    """One tracked change as the reader found it (see :class:`toolkit.model.review.Revision`)."""

    kind: str
    author: str
    date: str
    text: str
    spot: Spot
    source: Spot | None = None
    """For a move: where the text came from."""


@dataclass
class FoundComment:
    """One comment as the reader found it: its id in the file, the comment (its ``key`` not
    known yet), and where its anchor starts (``None``: anchored nowhere in the file)."""

    id: str
    comment: Comment
    spot: Spot | None = None


@dataclass
class FoundReview:
    """What the reader collects while reading a file, in reading order."""

    mode: RevisionMode = "accept"
    revisions: list[FoundRevision] = field(default_factory=list)
    comments: list[FoundComment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


ENOUGH = 4
"""Characters a field must share with a spot's neighbourhood to be taken for its place when
the spot lies in no field as it stands."""
_OUTSIDE = ("页眉", "页脚", "脚注", "尾注", "页面设置")
"""Parts of the file that are not read as the speech's text."""


def review_of(speech: Speech, found: FoundReview) -> Review:
    """The :class:`Review` of *found* against the *speech* built from the same file; the
    comments are put into ``speech.comments``, attached to their fields."""
    locate = _Locator(speech)
    revisions = []
    for revision in found.revisions:
        key, where = locate(revision.spot)
        source = locate(revision.source)[1] if revision.source is not None else ""
        outside = revision.spot.part in _OUTSIDE
        revisions.append(
            ReportedRevision(
                kind=revision.kind,
                author=revision.author,
                date=revision.date,
                text=revision.text,
                where=where,
                key=key,
                source=source,
                outside=outside,
            )
        )
    comments = []
    for found_comment in found.comments:
        spot, comment = found_comment.spot, found_comment.comment
        key = locate(spot)[0] if spot is not None and spot.part not in _OUTSIDE else None
        comments.append(
            Comment(
                key=key or "",
                author=strip_invisible(comment.author),
                date=strip_invisible(comment.date),
                text=strip_invisible(comment.text),
                quote=strip_invisible(comment.quote),
                done=comment.done,
                replies=[
                    CommentReply(strip_invisible(r.author), strip_invisible(r.date), strip_invisible(r.text))
                    for r in comment.replies
                ],
            )
        )
    speech.comments.extend(comments)
    return Review(mode=found.mode, revisions=revisions, comments=comments, notes=list(found.notes))


def _plain(text: str) -> str:
    """*text* as compared: no white space, no invisible characters."""
    return "".join(strip_invisible(text).split())


def _plain_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`_plain` of *text*, and for each offset into *text* the offset into the result."""
    kept = strip_invisible(text)
    if len(kept) == len(text) and not any(ch.isspace() for ch in text):
        return text, list(range(len(text) + 1))
    plain, offsets = [], []
    for ch in text:
        offsets.append(len(plain))
        if not ch.isspace() and strip_invisible(ch):
            plain.append(ch)
    offsets.append(len(plain))
    return "".join(plain), offsets


class _Locator:
    """Finds the field a :class:`Spot` became (see the module's docstring)."""

    def __init__(self, speech: Speech):
        self.fields = [(key, where, _plain(read_field(speech, key))) for where, key in field_keys(speech).items()]
        self.noise = {removed.line: removed.rule for removed in speech.noise if removed.line}
        self.last = 0
        """Index of the field the previous spot was found in: ties go to the nearest after it."""
        self.paragraphs: dict[str, tuple[str, list[int], list[tuple[int, tuple[int, int], bool]]]] = {}
        """Per paragraph text: its plain text, the offsets into it, and the fields in or around it."""

    def __call__(self, spot: Spot | None) -> tuple[str | None, str]:
        """``(key, place name)`` of *spot*; ``(None, part name)`` outside the speech's text."""
        if spot is None:
            return None, "全文"
        if spot.part in _OUTSIDE:
            return None, spot.part
        index = self._find(spot)
        if index is None:
            if spot.line in self.noise:
                return None, f"原文第{spot.line}段（已作为“{self.noise[spot.line]}”去除）"
            return None, f"原文第{spot.line}段" if spot.line else "全文"
        self.last = index
        key, where = self.fields[index][0], self.fields[index][1]
        if spot.side:
            where += "之前" if spot.side == "before" else "之后"
        if spot.part and spot.part != BODY:
            where += f"（{spot.part}中）"
        return key, where

    def _covers(self, paragraph: str):
        """The paragraph's plain text, its offsets, and each field that lies in it (or that it
        lies in) with the stretch of the plain text that field covers."""
        if paragraph not in self.paragraphs:
            plain, offsets = _plain_offsets(paragraph)
            covers = []
            for index, (_key, _where, field_text) in enumerate(self.fields):
                if not field_text or not plain:
                    continue
                at = plain.find(field_text)
                if at >= 0:
                    covers.append((index, (at, at + len(field_text)), True))
                elif field_text.find(plain) >= 0:
                    covers.append((index, (0, len(plain)), False))  # two title lines make one field
            self.paragraphs[paragraph] = (plain, offsets, covers)
        return self.paragraphs[paragraph]

    def _find(self, spot: Spot) -> int | None:
        plain, offsets, covers = self._covers(spot.paragraph)
        if not plain or (not covers and spot.line in self.noise):
            return None  # a paragraph removed as an advert is named as such
        start, end = offsets[min(spot.start, len(spot.paragraph))], offsets[min(spot.end, len(spot.paragraph))]
        best, best_score = None, None
        for index, cover, exact in covers:
            overlap = min(end, cover[1]) - max(start, cover[0])
            if start == end:  # text no longer there: the field that goes on after it, else the one it ends
                inside = 2 if cover[0] <= start < cover[1] else int(start == cover[1])
            else:
                inside = 2 if overlap > 0 else 0
            distance = 0 if inside else min(abs(start - cover[1]), abs(cover[0] - end))
            # a field lying in the paragraph beats one the paragraph lies in, a longer one a
            # shorter (a short lead may recur inside another paragraph), then reading order
            score = (inside, overlap, -distance, exact, cover[1] - cover[0], -self._order(index))
            if best_score is None or score > best_score:
                best, best_score = index, score
        if best is not None and best_score[0]:
            return best
        # in no field as it stands (an advert was cut from around it, or it is a marker):
        # the field sharing the most of its neighbourhood, else the nearest
        window_start = max(0, start - 12)
        closest = self._closest(plain[window_start : end + 12], start - window_start, end - window_start)
        return closest if closest is not None else best

    def _order(self, index: int) -> int:
        """Reading-order distance from the previous spot's field (after it is nearer)."""
        return index - self.last if index >= self.last else len(self.fields) + self.last - index

    def _closest(self, window: str, start: int, end: int) -> int | None:
        """The field sharing the most characters with *window* in runs that reach the spot
        ``window[start:end]``, if it shares at least :data:`ENOUGH` of them."""
        best, best_size = None, 0
        for index, (_key, _where, field_text) in enumerate(self.fields):
            if not field_text:
                continue
            blocks = difflib.SequenceMatcher(None, window, field_text, autojunk=False).get_matching_blocks()
            size = sum(
                block.size for block in blocks if block.size and block.a <= end and block.a + block.size >= start
            )
            if size > best_size:
                best, best_size = index, size
        return best if best_size >= ENOUGH else None
