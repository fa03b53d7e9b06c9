"""A 修订稿: the new speech in the official layout (or an office's house template) with
Word's own tracked changes (修订) against the old one.

The two speeches are compared in one place, :func:`toolkit.model.textdiff.compare_speeches`
(paragraphs paired as same, changed, inserted, deleted or moved; markers apart from the
text; edits inside a paragraph by words and characters). This module turns that answer
into Word paragraphs, in two steps:

1. :func:`tracked_paragraphs` (no Word yet) lays the changes out in reading order as
   :class:`TrackedParagraph` values: a deleted paragraph and the place a paragraph moved
   away from stand where they stood in the old speech; every run says which change it is
   (``ins``, ``del``, ``moveFrom``, ``moveTo`` or none) and takes its character style (the
   lead sentence's) from the side its text comes from; every paragraph mark says whether it
   was inserted, deleted or moved.
2. :func:`render_revision_docx` builds those paragraphs with the exporter's own paragraph
   maker (:class:`toolkit.exporters.docx_writer._Paragraphs`, the same styles, fonts and
   layout as an export) and wraps their runs in ``w:ins`` / ``w:del`` / ``w:moveFrom`` /
   ``w:moveTo`` elements, each with ``w:id``, ``w:author`` and ``w:date``.

A moved paragraph keeps what it shares with its old self as a move (``w:moveFrom`` there,
``w:moveTo`` here, inside named ``moveFromRange``/``moveToRange`` pairs); the words it lost
are deleted where it stood and the words it gained inserted where it stands, so that
accepting every change gives exactly the new speech and rejecting every change exactly the
old (see docs/word-layout.md, "A 修订稿").
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.exporters import docx_writer
from toolkit.exporters.docx_writer import ExportOptions, RenderedDocument, block_paragraphs, marked_blocks
from toolkit.exporters.official import W
from toolkit.model.speech import Speech
from toolkit.model.textdiff import DELETE, EQUAL, INSERT, ParagraphChange, compare_speeches

INS, DEL, MOVE_FROM, MOVE_TO = "ins", "del", "moveFrom", "moveTo"
"""The changes a run or a paragraph mark can be (``None``: not changed)."""
_REMOVED = (DEL, MOVE_FROM)
"""Changes whose text is gone once accepted (written as ``w:delText``)."""

DEFAULT_AUTHOR = "讲稿"
"""Who the revisions are by when neither the command nor the settings name anyone."""


@dataclass
class TrackedParagraph:
    """One Word paragraph of a 修订稿."""

    role: str
    """The part whose style it takes (body, title, subtitle, heading1…, as in an export)."""
    runs: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    """(text, character-style role, change) of each run, in order; no text is empty."""
    mark: str | None = None
    """The change of its paragraph mark: ``ins`` (a paragraph added), ``del`` (removed),
    ``moveFrom``/``moveTo`` (moved away from here / to here), ``None``."""
    old_role: str | None = None
    """The part it was in the old speech when that had another style (a tracked change of
    the paragraph's formatting); ``None`` otherwise."""
    move: str | None = None
    """The name of the move it belongs to (``move1``), for a moved paragraph's two ends."""
    starts_move: bool = False
    ends_move: bool = False
    """Whether the move's range starts before its runs / ends after them."""

    def text(self, accepted: bool) -> str:
        """Its text with every change accepted (or, with *accepted* false, rejected)."""
        dropped = _REMOVED if accepted else (INS, MOVE_TO)
        return "".join(text for text, _, change in self.runs if change not in dropped)


@dataclass(frozen=True)
class _Piece:
    """A stretch of one paragraph's text: kept, or one change."""

    text: str
    change: str | None
    side: str
    """``old`` or ``new``: the speech the text is read from (for its character style)."""
    at: int
    """Where the text starts in that side's printed paragraph (:attr:`Block.text`)."""


@dataclass(eq=False)
class _Item:
    """One paragraph of the comparison at one place in the 修订稿 (a move is two items);
    items compare by identity."""

    change: ParagraphChange
    site: str
    """``here`` (where it stands), ``from`` (a moved paragraph's old place) or ``to`` (its new one)."""
    move: str | None = None


def tracked_paragraphs(
    old: Speech, new: Speech, changes: list[ParagraphChange] | None = None
) -> list[TrackedParagraph]:
    """The 修订稿's paragraphs: *new* with every change from *old* tracked, in reading order
    (*changes*: :func:`compare_speeches` of the two, when already made)."""
    if changes is None:
        changes = compare_speeches(old, new)
    sides = {"old": marked_blocks(old), "new": marked_blocks(new)}
    spans: dict[tuple[str, int], list[tuple[int, int, int, str | None]]] = {}
    out: list[TrackedParagraph] = []
    for item in _in_reading_order(changes):
        paragraphs = _split(item, _pieces(item), sides, spans)
        for paragraph in paragraphs:
            paragraph.move = item.move
        out += paragraphs
    _mark_move_ranges(out)
    return out


def _in_reading_order(changes: list[ParagraphChange]) -> list[_Item]:
    """The changes as items in the 修订稿's order: the comparison's order (the new speech's,
    deleted paragraphs where they stood), with the place each moved paragraph left put back
    right after the item holding the old paragraph before it."""
    items = [_Item(change, "to" if change.kind == "moved" else "here") for change in changes]
    holder = {item.change.old_index: item for item in items if item.site == "here" and item.change.old is not None}
    moves = sorted((item for item in items if item.site == "to"), key=lambda item: item.change.old_index)
    number = 0
    for previous, item in zip([None, *moves], moves):
        together = (  # moved with the paragraph before it (a point's body with its lead)
            previous is not None
            and previous.change.old_index + 1 == item.change.old_index
            and items.index(previous) + 1 == items.index(item)
        )
        if not together:
            number += 1
        item.move = f"move{number}"
        gone = _Item(item.change, "from", item.move)
        anchor = holder.get(item.change.old_index - 1)
        items.insert(items.index(anchor) + 1 if anchor is not None else 0, gone)
        holder[item.change.old_index] = gone
    return items


def _pieces(item: _Item) -> list[_Piece]:
    """The stretches of *item*'s paragraph text, each kept or a change, in order."""
    change = item.change
    kind = change.kind
    if kind in ("same", "inserted"):
        whole = INS if kind == "inserted" else None
        return [_Piece(change.new.text, whole, "new", 0)] if change.new.text else []
    if kind == "deleted":
        return [_Piece(change.old.text, DEL, "old", 0)] if change.old.text else []
    # changed or moved: walk the edits (marker first), counting places in both texts
    pieces = []
    old_at = new_at = 0
    for op, text in change.all_edits:
        if op == EQUAL:
            if item.site == "here":
                pieces.append(_Piece(text, None, "new", new_at))
            elif item.site == "from":
                pieces.append(_Piece(text, MOVE_FROM, "old", old_at))
            else:
                pieces.append(_Piece(text, MOVE_TO, "new", new_at))
            old_at += len(text)
            new_at += len(text)
        elif op == DELETE:
            if item.site != "to":  # the words a moved paragraph lost are deleted where it stood
                pieces.append(_Piece(text, DEL, "old", old_at))
            old_at += len(text)
        elif op == INSERT:
            if item.site != "from":  # … and the words it gained inserted where it stands
                pieces.append(_Piece(text, INS, "new", new_at))
            new_at += len(text)
    return pieces


_MARKS = {"inserted": INS, "deleted": DEL}
_SITE_MARKS = {"from": MOVE_FROM, "to": MOVE_TO}


def _split(item: _Item, pieces: list[_Piece], sides, spans) -> list[TrackedParagraph]:
    """*pieces* cut into Word paragraphs (a title's lines) and runs (where the character
    style changes on the side each piece is read from). A paragraph takes the style of its
    line in the new speech, or in the old one when its mark is removed; a kept mark whose
    line had another style in the old speech records that one as a formatting change."""
    change = item.change
    roles = {
        side: [role for role, _ in block_paragraphs(*sides[side][index])] if index is not None else []
        for side, index in (("old", change.old_index), ("new", change.new_index))
    }
    if item.site == "from":
        roles["new"] = []
    elif item.site == "to":
        roles["old"] = []
    paragraphs = [TrackedParagraph("")]
    for piece in pieces:
        index = change.old_index if piece.side == "old" else change.new_index
        cuts = _spans(sides, spans, piece.side, index)
        at = piece.at
        for line_number, line in enumerate(piece.text.split("\n")):
            if line_number:  # a line break in the title: the paragraph's mark is this piece's
                paragraphs[-1].mark = piece.change
                paragraphs.append(TrackedParagraph(""))
                at += 1
            end = at + len(line)
            for start, stop, _, char_role in cuts:
                overlap_start, overlap_end = max(start, at), min(stop, end)
                if overlap_start < overlap_end:
                    text = line[overlap_start - at : overlap_end - at]
                    paragraphs[-1].runs.append((text, char_role, piece.change))
            at = end
    paragraphs[-1].mark = _MARKS.get(change.kind) or _SITE_MARKS.get(item.site)
    _rotate_line_marks(paragraphs)
    lines = {"old": 0, "new": 0}
    for paragraph in paragraphs:
        kept = paragraph.mark not in _REMOVED and roles["new"]
        own, other = ("new", "old") if kept else ("old", "new")
        paragraph.role = roles[own][min(lines[own], len(roles[own]) - 1)]
        if paragraph.mark is None and roles[other]:
            was = roles[other][min(lines[other], len(roles[other]) - 1)]
            paragraph.old_role = was if was != paragraph.role else None
        for side in _SIDES_OF[paragraph.mark]:
            lines[side] += 1
    return paragraphs


_SIDES_OF = {None: ("old", "new"), INS: ("new",), MOVE_TO: ("new",), DEL: ("old",), MOVE_FROM: ("old",)}
"""Whose lines a paragraph mark of each change ends."""


def _spans(sides, cache, side: str, index: int) -> list[tuple[int, int, int, str | None]]:
    """(start, end, paragraph number, character-style role) of each run of a side's printed
    paragraph *index*, as offsets into its text (a title's lines joined by ``\\n``)."""
    key = (side, index)
    if key not in cache:
        block, marker_style = sides[side][index]
        found = []
        at = 0
        for number, (_, runs) in enumerate(block_paragraphs(block, marker_style)):
            if number:
                at += 1  # the line break between a title's lines
            for text, char_role in runs:
                found.append((at, at + len(text), number, char_role))
                at += len(text)
        cache[key] = found
    return cache[key]


def _rotate_line_marks(paragraphs: list[TrackedParagraph]) -> None:
    """A title that lost (or gained) its last lines: the line breaks before them are the ones
    changed in the edits, which would leave the title's first line, once accepted (or
    rejected), in the last line's paragraph and style. The same text is given by changing
    the marks after those lines instead, so the first line keeps its own."""
    last = paragraphs[-1]
    if last.mark is not None:
        return
    for change in (DEL, INS):
        first = len(paragraphs) - 1  # the first of the trailing lines that are all *change*
        while (
            first > 0
            and paragraphs[first].runs
            and all(run[2] == change for run in paragraphs[first].runs)
            and paragraphs[first - 1].mark == change
        ):
            first -= 1
        if first < len(paragraphs) - 1:
            paragraphs[first].mark, last.mark = None, change
            return


def _mark_move_ranges(paragraphs: list[TrackedParagraph]) -> None:
    """Each move's range starts at the first paragraph of each of its ends and ends after the last."""
    first: dict[tuple[str, str | None], TrackedParagraph] = {}
    last: dict[tuple[str, str | None], TrackedParagraph] = {}
    for paragraph in paragraphs:
        if paragraph.move is not None:
            key = (paragraph.move, paragraph.mark)
            first.setdefault(key, paragraph)
            last[key] = paragraph
    for paragraph in first.values():
        paragraph.starts_move = True
    for paragraph in last.values():
        paragraph.ends_move = True


# -- Word ------------------------------------------------------------------------------------------------
def revision_date(now: _dt.datetime | None = None) -> str:
    """*now* (by default the present) as Word writes a revision's time: ISO 8601 in UTC, ``Z``."""
    now = now or _dt.datetime.now(_dt.timezone.utc)
    return now.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Revisions:
    """Makes the revision elements of one document: unique ``w:id`` values (above every id
    the template already uses), one author and one time."""

    def __init__(self, document, author: str, date: str):
        from docx.oxml.parser import oxml_parser

        self.makeelement = oxml_parser.makeelement
        self.author = author
        self.date = date
        used = [int(value) for value in document.element.xpath("//@w:id") if str(value).lstrip("-").isdigit()]
        self.next_id = max(used, default=0) + 1
        self.range_ends: dict[tuple[str, str], object] = {}
        """The end mark of each move range started and not yet ended, by (side, name)."""

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def change(self, kind: str, **more):
        """A ``w:ins``/``w:del``/``w:moveFrom``/``w:moveTo``/``w:pPrChange`` element with its id,
        author and date."""
        element = self.makeelement(W + kind, nsmap={"w": W[1:-1]})
        element.set(W + "id", self._id())
        element.set(W + "author", self.author)
        element.set(W + "date", self.date)
        for name, value in more.items():
            element.set(W + name, value)
        return element

    def range_pair(self, side: str, name: str):
        """The ``w:moveFromRangeStart``/``End`` (or ``moveTo…``) pair of the move *name*."""
        start = self.change(f"{side}RangeStart", name=name)
        end = self.makeelement(W + f"{side}RangeEnd", nsmap={"w": W[1:-1]})
        end.set(W + "id", start.get(W + "id"))
        return start, end


def _paragraph_element(maker, revisions: _Revisions, paragraph: TrackedParagraph):
    """*paragraph* as a ``w:p``: the exporter's paragraph for its part and runs, its runs
    wrapped in their changes (neighbours with the same change share one), its mark's change
    in ``w:pPr/w:rPr``, its old formatting in ``w:pPrChange``, its move's range marks."""
    runs = [(text, char_role) for text, char_role, _ in paragraph.runs]
    if paragraph.role == "title":
        element = maker.title(runs, wrapped=paragraph.text(accepted=True))
    else:
        element = maker(paragraph.role, runs)
    wrapper, wrapped_change = None, None
    for run, (_, _, change) in zip(element.findall(W + "r"), paragraph.runs):
        if change in _REMOVED:
            for text in run.findall(W + "t"):
                deleted = maker.makeelement(W + "delText", attrib=dict(text.attrib))
                deleted.text = text.text
                text.addprevious(deleted)
                run.remove(text)
        if change is None:
            wrapper, wrapped_change = None, None
            continue
        if wrapper is None or wrapped_change != change:
            wrapper, wrapped_change = revisions.change(change), change
            run.addprevious(wrapper)
        wrapper.append(run)
    properties = element.find(W + "pPr")
    if paragraph.mark is not None:
        mark = maker.makeelement(W + "rPr")
        mark.append(revisions.change(paragraph.mark))
        properties.append(mark)
    if paragraph.old_role is not None:
        old = maker(paragraph.old_role, []).find(W + "pPr")
        was = revisions.change("pPrChange")
        formatting = maker.makeelement(W + "pPr")
        formatting.extend(list(old))
        was.append(formatting)
        properties.append(was)
    if paragraph.move is not None and paragraph.mark in (MOVE_FROM, MOVE_TO):
        key = (paragraph.mark, paragraph.move)
        if paragraph.starts_move:
            start, revisions.range_ends[key] = revisions.range_pair(paragraph.mark, paragraph.move)
            properties.addnext(start)
        if paragraph.ends_move:
            element.append(revisions.range_ends.pop(key))
    return element


def render_revision_docx(
    old: Speech,
    new: Speech,
    template: Path | None = None,
    options: ExportOptions | None = None,
    *,
    author: str = DEFAULT_AUTHOR,
    date: str | None = None,
    changes: list[ParagraphChange] | None = None,
) -> RenderedDocument:
    """The 修订稿 of *new* against *old* (both filled already) written through *template* (the
    built-in layout when ``None``): every change by *author* at *date* (Word's form, by
    default now); the document opens with 修订 (track changes) on, so what the leader changes
    next is tracked too. *changes*: :func:`compare_speeches` of the two, when already made."""
    date = date or revision_date()
    paragraphs = tracked_paragraphs(old, new, changes)

    def build(document, styles):
        maker = docx_writer._Paragraphs(styles)
        revisions = _Revisions(document, author, date)
        _track_revisions(document)
        return [_paragraph_element(maker, revisions, paragraph) for paragraph in paragraphs]

    rendered = docx_writer.render_with(new, template, options, build, also=(old,))
    if not any(
        paragraph.mark or paragraph.old_role or any(run[2] for run in paragraph.runs) for paragraph in paragraphs
    ):
        rendered.warnings.append(SAME_TEXT)
    return rendered


SAME_TEXT = "两稿内容相同，修订稿中没有修订"
"""The note when the two speeches read the same."""


_AFTER_TRACK_REVISIONS = tuple(
    "w:" + name
    for name in (
        "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme styleLockQFSet "
        "defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope "
        "summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting "
        "bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing "
        "displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin "
        "drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning "
        "characterSpacingControl printTwoOnOne strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore "
        "savePreviewPicture doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
        "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
        "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids "
        "mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
        "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary "
        "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
    ).split()
)
"""The settings that come after ``w:trackRevisions`` in the schema's order."""


def _track_revisions(document) -> None:
    """Turn 修订 (Word's track changes) on in *document*'s settings."""
    settings = document.settings.element
    if settings.find(W + "trackRevisions") is None:
        from docx.oxml.parser import OxmlElement

        settings.insert_element_before(OxmlElement("w:trackRevisions"), *_AFTER_TRACK_REVISIONS)
