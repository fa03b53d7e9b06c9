"""What changed between two speeches: the one place two speeches are compared.

The versions list ("改动 3 段，新增 1 点"), the composer's 版本 comparison and the 修订稿 with
Word's tracked changes all read the same answer from :func:`compare_speeches`.

Two speeches are compared paragraph by paragraph, as printed (:func:`toolkit.model.layout.
speech_blocks`). Each paragraph of the old speech and of the new one ends up in exactly one
:class:`ParagraphChange`:

``same``      the paragraph reads the same (marker included);
``changed``   a paragraph was edited in place, or only its marker was renumbered;
``inserted``  a paragraph only the new speech has;
``deleted``   a paragraph only the old speech has;
``moved``     a paragraph (or each paragraph of a whole point) that stands elsewhere now,
              recognised by equal or near-equal text; it may carry edits too.

A point's or sub-point's marker (一要 / 二、 / （一）) is generated, so it is kept apart from
the paragraph's text: ``edits`` compare the text after the marker, and a renumbered marker
(三、 → 二、 after a point before it was deleted) shows in ``marker_edits`` as a change of its
own. ``all_edits`` puts the two together: applied to the old paragraph's printed text they
give the new one's.

Edits inside a paragraph are found with diff-match-patch (Google's diff algorithm, pure
Python): Chinese has no spaces, so the text is compared character by character, except that
a run of Latin letters or digits (``2024``, ``GDP``) is one token, and the result is cleaned
up into readable runs (a phrase replaced reads as one deletion and one insertion, not as a
scatter of single characters that happen to be shared).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

from diff_match_patch import diff_match_patch

from toolkit.model.layout import Block, speech_blocks
from toolkit.model.speech import Speech

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"
Op = Literal["equal", "insert", "delete"]
Edit = tuple[Op, str]
"""One run of text: kept (``equal``), added (``insert``) or removed (``delete``)."""

Kind = Literal["same", "changed", "inserted", "deleted", "moved"]

CHANGED_SIMILARITY = 0.5
"""How alike (0–1, difflib's ratio of shared characters) two paragraphs standing in the same
place must be to count as one paragraph edited rather than one deleted and another inserted."""
MOVED_SIMILARITY = 0.8
"""How alike a paragraph found elsewhere must be to count as moved (with small edits)."""
_PAIRING_LIMIT = 2500
"""Above this many candidate pairs in one stretch of unmatched paragraphs, they are paired by
position instead of by the best alignment (which costs old × new comparisons)."""


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph of the comparison.

    ``old`` and ``new`` are the paragraph in the old and new speech (``None`` for an inserted
    or a deleted one); ``old_index`` and ``new_index`` their positions in each speech's
    :func:`speech_blocks` (``None`` likewise). ``edits`` turn the old text after the marker
    into the new one; ``marker_edits`` do the same for the marker.
    """

    kind: Kind
    old: Block | None
    new: Block | None
    old_index: int | None = None
    new_index: int | None = None
    edits: tuple[Edit, ...] = ()
    marker_edits: tuple[Edit, ...] = ()

    @property
    def marker_changed(self) -> bool:
        """Whether a paragraph in both speeches has another generated marker (renumbered, or a
        marker gained or lost); an inserted or deleted paragraph's marker comes and goes with it."""
        return self.old is not None and self.new is not None and any(op != EQUAL for op, _ in self.marker_edits)

    @property
    def text_changed(self) -> bool:
        """Whether the words after the marker differ."""
        return any(op != EQUAL for op, _ in self.edits)

    @property
    def all_edits(self) -> tuple[Edit, ...]:
        """The marker's edits then the text's: applied to the old printed text they give the new."""
        return self.marker_edits + self.edits

    @property
    def location(self) -> str:
        """Where staff find the paragraph: its place in the new speech, else in the old (``第2点``)."""
        block = self.new or self.old
        return block.location if block else ""


def body_text(block: Block) -> str:
    """The printed text of *block* after its generated marker."""
    return block.text[len(block.marker) :] if block.marker and block.text.startswith(block.marker) else block.text


def _marker(block: Block) -> str:
    return block.marker if block.marker and block.text.startswith(block.marker) else ""


_TOKEN = re.compile(r"[A-Za-z0-9]+|\s+|.", re.DOTALL)


def text_edits(old: str, new: str) -> list[Edit]:
    """The edits that turn *old* into *new*, grouped into readable runs.

    Chinese is compared character by character, Latin words and numbers as whole tokens;
    diff-match-patch's semantic cleanup then merges scattered small equalities into the edits
    around them. Joining the ``equal`` and ``delete`` runs gives *old*; the ``equal`` and
    ``insert`` runs give *new*.
    """
    if old == new:
        return [(EQUAL, old)] if old else []
    if not old:
        return [(INSERT, new)]
    if not new:
        return [(DELETE, old)]
    tokens: dict[str, str] = {}
    names: list[str] = []

    def encode(text: str) -> str:
        out = []
        for token in _TOKEN.findall(text):
            code = tokens.get(token)
            if code is None:
                code = chr(0xF0000 + len(names)) if len(names) < 0xFFFD else None
                if code is None:  # more distinct tokens than one plane holds: compare raw characters
                    raise _TooManyTokens
                tokens[token] = code
                names.append(token)
            out.append(code)
        return "".join(out)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # the same answer on a slow machine as on a fast one
    try:
        encoded = dmp.diff_main(encode(old), encode(new), False)
        decoded = [(op, "".join(names[ord(c) - 0xF0000] for c in text)) for op, text in encoded]
    except _TooManyTokens:
        decoded = dmp.diff_main(old, new, False)
    dmp.diff_cleanupSemantic(decoded)
    ops = {0: EQUAL, 1: INSERT, -1: DELETE}
    return [(ops[op], text) for op, text in decoded if text]


class _TooManyTokens(Exception):
    pass


def apply_edits(old: str, edits) -> str:
    """The text *edits* make of *old*; raises ``ValueError`` when they do not fit *old*."""
    out = []
    at = 0
    for op, text in edits:
        if op in (EQUAL, DELETE):
            if old[at : at + len(text)] != text:
                raise ValueError(f"edit {op} {text!r} does not match the text at {at}")
            at += len(text)
        if op in (EQUAL, INSERT):
            out.append(text)
    if at != len(old):
        raise ValueError("the edits do not cover the whole old text")
    return "".join(out)


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0 (nothing shared) to 1 (equal): difflib's ratio on characters."""
    if old == new:
        return 1.0
    if not old or not new:
        return 0.0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < CHANGED_SIMILARITY or matcher.quick_ratio() < CHANGED_SIMILARITY:
        return matcher.quick_ratio()
    return matcher.ratio()


@dataclass
class _Pairing:
    """Which old paragraph became which new one (indices), and how."""

    pairs: dict[int, int] = field(default_factory=dict)  # new index → old index
    moved: set[int] = field(default_factory=set)  # new indices whose pair moved


def _compatible(old: Block, new: Block) -> bool:
    """Whether a paragraph could have become the other: the title stays a title, a byline a byline."""
    fixed = ("title", "byline")
    if old.role in fixed or new.role in fixed:
        return old.role == new.role
    return True


def _pair(old_blocks: list[Block], new_blocks: list[Block]) -> _Pairing:
    old_texts = [body_text(b) for b in old_blocks]
    new_texts = [body_text(b) for b in new_blocks]
    pairing = _Pairing()
    # 1. Paragraphs with equal text that keep their order: the longest common subsequence.
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    anchors = [(i + k, j + k) for i, j, size in matcher.get_matching_blocks() for k in range(size)]
    for i, j in anchors:
        pairing.pairs[j] = i
    # 2. Between anchors, paragraphs standing in the same place: edited in place when alike.
    previous_i, previous_j = 0, 0
    for i, j in anchors + [(len(old_texts), len(new_texts))]:
        _pair_gap(old_blocks, new_blocks, old_texts, new_texts, range(previous_i, i), range(previous_j, j), pairing)
        previous_i, previous_j = i + 1, j + 1
    # 3. What is left on both sides: equal or near-equal text elsewhere is a move.
    paired_old = set(pairing.pairs.values())
    left_old = [i for i in range(len(old_texts)) if i not in paired_old]
    left_new = [j for j in range(len(new_texts)) if j not in pairing.pairs]
    candidates = []
    for j in left_new:
        for i in left_old:
            if old_texts[i].strip() and _compatible(old_blocks[i], new_blocks[j]):
                score = 1.0 if old_texts[i] == new_texts[j] else similarity(old_texts[i], new_texts[j])
                if score >= MOVED_SIMILARITY:
                    candidates.append((-score, j, i))
    taken_old: set[int] = set()
    for _, j, i in sorted(candidates):
        if j not in pairing.pairs and i not in taken_old:
            pairing.pairs[j] = i
            pairing.moved.add(j)
            taken_old.add(i)
    _settle_moves(pairing)
    return pairing


def _pair_gap(old_blocks, new_blocks, old_texts, new_texts, olds: range, news: range, pairing: _Pairing) -> None:
    """Pair alike paragraphs between two anchors, keeping their order (the best alignment)."""
    if not olds or not news:
        return
    n, m = len(olds), len(news)

    def score(a: int, b: int) -> float:
        i, j = olds[a], news[b]
        if not _compatible(old_blocks[i], new_blocks[j]):
            return 0.0
        s = similarity(old_texts[i], new_texts[j])
        return s if s >= CHANGED_SIMILARITY else 0.0

    if n * m > _PAIRING_LIMIT:
        for a in range(min(n, m)):
            if score(a, a):
                pairing.pairs[news[a]] = olds[a]
        return
    # Needleman–Wunsch without gap costs: the order-keeping pairing with the greatest total likeness.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    scores = [[score(a, b) for b in range(m)] for a in range(n)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            take = scores[a][b] + best[a + 1][b + 1] if scores[a][b] else 0.0
            best[a][b] = max(take, best[a + 1][b], best[a][b + 1])
    a = b = 0
    while a < n and b < m:
        if scores[a][b] and best[a][b] == scores[a][b] + best[a + 1][b + 1]:
            pairing.pairs[news[b]] = olds[a]
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            a += 1
        else:
            b += 1


def _settle_moves(pairing: _Pairing) -> None:
    """Mark as moved every pair that does not keep the order of the others.

    Pairs found in place keep their order by construction; a move found in step 3 may
    still happen to sit in order (a paragraph that was split off and matched again), and
    then it is no move at all.
    """
    for j in sorted(pairing.moved):
        i = pairing.pairs[j]
        before = [pairing.pairs[k] for k in pairing.pairs if k < j and k not in pairing.moved]
        after = [pairing.pairs[k] for k in pairing.pairs if k > j and k not in pairing.moved]
        if all(x < i for x in before) and all(x > i for x in after):
            pairing.moved.discard(j)


def compare_speeches(old: Speech, new: Speech) -> list[ParagraphChange]:
    """Every paragraph of *old* and *new*, paired, in reading order.

    The list follows the new speech; a deleted paragraph stands where it stood in the old
    one (after the change holding the old paragraph before it). A moved paragraph appears
    once, at its new place; its ``old_index`` says where it was.
    """
    return compare_blocks(speech_blocks(old), speech_blocks(new))


def compare_blocks(old_blocks: list[Block], new_blocks: list[Block]) -> list[ParagraphChange]:
    """:func:`compare_speeches` for two lists of printed paragraphs."""
    pairing = _pair(old_blocks, new_blocks)
    paired_old = set(pairing.pairs.values())
    changes: list[ParagraphChange] = []
    deleted = [i for i in range(len(old_blocks)) if i not in paired_old]
    next_deleted = 0

    def flush_deleted(upto: int) -> None:
        nonlocal next_deleted
        while next_deleted < len(deleted) and deleted[next_deleted] < upto:
            i = deleted[next_deleted]
            changes.append(
                ParagraphChange(
                    "deleted",
                    old_blocks[i],
                    None,
                    old_index=i,
                    edits=_only(DELETE, body_text(old_blocks[i])),
                    marker_edits=_only(DELETE, _marker(old_blocks[i])),
                )
            )
            next_deleted += 1

    for j, block in enumerate(new_blocks):
        i = pairing.pairs.get(j)
        if i is None:
            changes.append(
                ParagraphChange(
                    "inserted",
                    None,
                    block,
                    new_index=j,
                    edits=_only(INSERT, body_text(block)),
                    marker_edits=_only(INSERT, _marker(block)),
                )
            )
            continue
        if j not in pairing.moved:
            flush_deleted(i)
        old_block = old_blocks[i]
        edits = tuple(text_edits(body_text(old_block), body_text(block)))
        marker_edits = tuple(_marker_edits(_marker(old_block), _marker(block)))
        if j in pairing.moved:
            kind: Kind = "moved"
        elif old_block.text == block.text:
            kind = "same"
        else:
            kind = "changed"
        changes.append(
            ParagraphChange(kind, old_block, block, old_index=i, new_index=j, edits=edits, marker_edits=marker_edits)
        )
    flush_deleted(len(old_blocks))
    return changes


def _only(op: Op, text: str) -> tuple[Edit, ...]:
    return ((op, text),) if text else ()


def _marker_edits(old: str, new: str) -> list[Edit]:
    """A marker is replaced whole (三、 → 二、), never edited character by character."""
    if old == new:
        return [(EQUAL, old)] if old else []
    return [e for e in ((DELETE, old), (INSERT, new)) if e[1]]


def _counted(changes: list[ParagraphChange], kind: Kind, side: str) -> tuple[int, int, int]:
    """(points, sub-points, other paragraphs) among the changes of *kind*, a point's own
    paragraphs (its body, its sub-points) counted with it."""
    points = subpoints = paragraphs = 0
    whole: list[str] = []
    for change in changes:
        if change.kind != kind:
            continue
        block = getattr(change, side)
        if any(block.location.startswith(label) for label in whole):
            continue
        if block.role == "point":
            points += 1
            whole.append(block.location)
        elif block.role == "subpoint":
            subpoints += 1
            whole.append(block.location)
        else:
            paragraphs += 1
    return points, subpoints, paragraphs


def _part(verb: str, counts: tuple[int, int, int]) -> list[str]:
    points, subpoints, paragraphs = counts
    units = [(points, "点"), (subpoints, "小点"), (paragraphs, "段")]
    said = [f"{n} {unit}" for n, unit in units if n]
    return [f"{verb} " + "、".join(said)] if said else []


def summary(changes: list[ParagraphChange]) -> str:
    """What changed, in one line for staff: ``改动 3 段，新增 1 点，删除 1 段`` (``没有改动`` if nothing).

    A whole point inserted, deleted or moved counts as one 点 (its body and sub-points with it);
    a paragraph whose only change is a renumbered marker counts under 重新编号.
    """
    edited = sum(1 for c in changes if c.kind == "changed" and c.text_changed)
    renumbered = sum(1 for c in changes if c.kind == "changed" and c.marker_changed and not c.text_changed)
    parts = [f"改动 {edited} 段"] if edited else []
    parts += _part("新增", _counted(changes, "inserted", "new"))
    parts += _part("删除", _counted(changes, "deleted", "old"))
    parts += _part("移动", _counted(changes, "moved", "new"))
    if renumbered:
        parts.append(f"重新编号 {renumbered} 处")
    return "，".join(parts) if parts else "没有改动"


def summarize(old: Speech, new: Speech) -> str:
    """:func:`summary` of :func:`compare_speeches` (*old*, *new*)."""
    return summary(compare_speeches(old, new))
