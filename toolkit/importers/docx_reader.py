"""Reading a .docx speech: paragraph text, styles, bold leads and Word's own numbering.

The file has already passed :func:`toolkit.wordfile.check_word_zip` (no macros, no zip
bomb, no entity declarations). python-docx parses the XML with entity resolution off.
Word's automatic numbering (一、 produced by a list style rather than typed) is not in the
paragraph text, so it is recomputed from numbering.xml and put back in front of the text.

Tracked changes are applied while the paragraphs are walked: the content of a revision the
chosen mode leaves out (``w:del``/``w:moveFrom`` when accepting, ``w:ins``/``w:moveTo`` when
rejecting) is skipped, a paragraph whose mark is left out joins the next, and when rejecting,
a run's or paragraph's formatting is read from its ``w:rPrChange``/``w:pPrChange``. Every
revision and comment mark is recorded with its place in the paragraph's text, and the
headers, footers, footnotes, endnotes and comments parts are read for theirs (see
:mod:`toolkit.importers.review` and docs/importer.md).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import InputFileError
from toolkit.importers.review import BODY, TABLE, FoundComment, FoundReview, FoundRevision, Spot
from toolkit.importers.sources import SourceParagraph, clean_text
from toolkit.model.invisible import invisible_in
from toolkit.model.numbering import chinese_numeral
from toolkit.model.speech import Comment, CommentReply

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEAD_FONTS = ("黑体", "SimHei", "方正黑体", "方正黑体简体", "方正黑体_GBK")
_OFF = ("0", "false", "off", "none")


def read_docx_paragraphs(
    path: Path,
    *,
    data: bytes | None = None,
    revisions: str = "accept",
    review: FoundReview | None = None,
) -> list[SourceParagraph]:
    """The paragraphs of the Word document *path* (read from *data*, its bytes, when given;
    errors name *path*), in reading order, with its tracked changes accepted (*revisions*
    ``"accept"``) or rejected (``"reject"``). Every revision and comment found is added to
    *review* when given (see :mod:`toolkit.importers.review`)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data) if data is not None else str(path))
    except (PackageNotFoundError, KeyError, ValueError, AttributeError, TypeError) as error:
        raise InputFileError(
            "Word 文件已损坏，无法读取", where=path, hint="请在 Word 中打开后重新保存为 .docx"
        ) from error
    except Exception as error:  # lxml.etree.XMLSyntaxError and friends
        if type(error).__module__.startswith("lxml"):
            raise InputFileError(
                "Word 文件内部的 XML 已损坏", where=path, hint="请在 Word 中打开后重新保存为 .docx"
            ) from error
        raise
    reader = _DocxReader(document, revisions, review if review is not None else FoundReview())
    return reader.paragraphs()


# -- tracked changes ------------------------------------------------------------------------------
_INSERTED = (_W + "ins", _W + "moveTo")
_DELETED = (_W + "del", _W + "moveFrom")
_CHANGES = _INSERTED + _DELETED
_KIND = {_W + "ins": "insert", _W + "del": "delete", _W + "moveTo": "move", _W + "moveFrom": "move"}
_PROPERTIES = (_W + "pPr", _W + "rPr", _W + "sdtPr", _W + "sdtEndPr", _W + "tblPr", _W + "trPr", _W + "tcPr")
_LAYOUT_CHANGES = {
    _W + "tblPrChange": "表格",
    _W + "trPrChange": "表格",
    _W + "tcPrChange": "表格",
    _W + "tblGridChange": "表格",
    _W + "tblPrExChange": "表格",
}
_SKIPPED_SIBLINGS = (
    _W + "bookmarkStart",
    _W + "bookmarkEnd",
    _W + "commentRangeStart",
    _W + "commentRangeEnd",
    _W + "proofErr",
    _W + "permStart",
    _W + "permEnd",
    _W + "moveFromRangeStart",
    _W + "moveFromRangeEnd",
    _W + "moveToRangeStart",
    _W + "moveToRangeEnd",
)
"""Marks that may sit between two paragraphs without separating them."""
_OTHER_PARTS = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header": "页眉",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer": "页脚",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes": "脚注",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes": "尾注",
}
_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"


def _dropped(tag: str, mode: str) -> bool:
    """Whether content inside a revision element *tag* is left out under *mode*."""
    return tag in (_DELETED if mode == "accept" else _INSERTED)


@dataclass
class _Event:
    """Something at a place in a paragraph's kept text: a revision (``start``–``end``) or a
    comment mark (``start``)."""

    what: str
    """``change`` (w:ins/w:del/w:moveFrom/w:moveTo), ``format`` (w:rPrChange), ``comment_start``,
    ``comment_end``, ``comment_reference``."""
    start: int
    end: int = -1
    tag: str = ""
    author: str = ""
    date: str = ""
    text: str = ""
    name: str = ""
    """A move's name (pairs its two ends); a comment's id."""


@dataclass
class _Walked:
    """One w:p as read: its kept text, leading bold text, what its mark does, its events."""

    p: object
    number: int
    part: str
    text: str = ""
    bold: str = ""
    whole: bool = False
    """Whether all its text is inside revisions of its paragraph mark's kind (a whole
    paragraph inserted or deleted)."""
    mark: object = None
    """The revision element on its paragraph mark (w:ins/w:del/…), or ``None``."""
    events: list[_Event] = field(default_factory=list)


@dataclass
class _Group:
    """Walked paragraphs that make one paragraph once the revisions are applied (a dropped
    paragraph mark joins a paragraph to the next)."""

    members: list[int]
    text: str = ""
    bases: dict[int, int] = field(default_factory=dict)
    """Where each member's text starts in ``text``."""
    pieces: list[tuple[int, int, int, str]] = field(default_factory=list)
    """``(start, end, index of its SourceParagraph or -1, the line)`` of each line of ``text``."""
    position: int = 0
    """Its place among the groups."""


class _DocxReader:
    def __init__(self, document, mode: str = "accept", review: FoundReview | None = None):
        self.document = document
        self.mode = mode if mode in ("accept", "reject") else "accept"
        self.review = review if review is not None else FoundReview()
        self.review.mode = self.mode
        self.styles = {}
        self.style_names = {}
        try:
            styles_root = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles_root = None
        if styles_root is not None:
            for style in styles_root.iter(_W + "style"):
                style_id = style.get(_W + "styleId")
                if style_id:
                    self.styles[style_id] = style
                    name = style.find(_W + "name")
                    self.style_names[style_id] = name.get(_W + "val") if name is not None else style_id
        self.numbering = _Numbering(document)
        self.moves: dict[str, dict[str, int]] = {}
        """A move's ends by name: ``from``/``to`` → its revision's index in the report."""
        self.comment_marks: dict[str, dict[str, tuple]] = {}
        """Each comment id's marks: ``comment_start``/``comment_end``/``comment_reference`` →
        (spot, the list of walked paragraphs it is in, the paragraph's index there, offset)."""
        self.tables_seen: list = []
        self._joinable: tuple | None = None
        """The last text revision and where it ended, so that the next piece of it joins it."""

    # -- style chain lookups -----------------------------------------------------------
    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else None

    def _style_property(self, style_id: str | None, path: str):
        for style in self._style_chain(style_id):
            found = style.find(path)
            if found is not None:
                return found
        return None

    # -- paragraphs --------------------------------------------------------------------
    def paragraphs(self) -> list[SourceParagraph]:
        body = self.document.element.body
        walked = [
            self._walk(p, number, _part_of(p))
            for number, p in enumerate(body.iter(_W + "p"), 1)
            if not _inside_dropped(p, self.mode)
        ]
        result: list[SourceParagraph] = []
        groups = self._groups(walked)
        for group in groups:
            result.extend(self._paragraph(group, walked, len(result)))
        self._report(walked, groups)
        for change in body.iter(_W + "sectPrChange"):
            self._add("layout", change, "页面设置", Spot("页面设置"))
        for label, root in self._other_parts():
            self._report_part(label, root)
        for ends in self.moves.values():
            if len(ends) == 1:  # a move with one end: say what it does to the text
                side, number = next(iter(ends.items()))
                self.review.revisions[number].kind = "insert" if side == "to" else "delete"
        self._report_comments()
        return result

    def _groups(self, walked: list[_Walked]) -> list[_Group]:
        """The walked paragraphs joined where a dropped paragraph mark joins them."""
        groups: list[_Group] = []
        index = 0
        while index < len(walked):
            members = [index]
            while (
                walked[members[-1]].mark is not None
                and _dropped(walked[members[-1]].mark.tag, self.mode)
                and members[-1] + 1 < len(walked)
                and _next_paragraph(walked[members[-1]].p) is walked[members[-1] + 1].p
            ):
                members.append(members[-1] + 1)
            groups.append(_Group(members, position=len(groups)))
            index = members[-1] + 1
        return groups

    def _paragraph(self, group: _Group, walked: list[_Walked], first_index: int) -> list[SourceParagraph]:
        lead = next((walked[i] for i in group.members if walked[i].text.strip()), walked[group.members[-1]])
        ppr = self._ppr(lead.p)
        style_id = None
        if ppr is not None:
            pstyle = ppr.find(_W + "pStyle")
            style_id = pstyle.get(_W + "val") if pstyle is not None else None
        style_name = self.style_names.get(style_id, style_id or "")
        text = "".join(walked[i].text for i in group.members)
        label = self._number_label(ppr, style_id)
        if label and not text.lstrip(" \t\u3000").startswith(label):
            text = label + text
        else:
            label = ""
        at = len(label)
        for i in group.members:
            group.bases[i] = at
            at += len(walked[i].text)
        group.text = text
        centered = self._centered(ppr, style_id)
        heading_level = _heading_level(style_name)
        result = []
        at = 0
        for index, piece in enumerate(text.split("\n")):
            cleaned = clean_text(piece)
            group.pieces.append((at, at + len(piece), first_index + len(result) if cleaned else -1, piece))
            at += len(piece) + 1
            if not cleaned:
                continue
            result.append(
                SourceParagraph(
                    cleaned,
                    lead.number,
                    bold_lead=clean_text(lead.bold) if index == 0 else "",
                    style=style_name,
                    centered=centered,
                    heading_level=heading_level,
                    invisible=invisible_in(piece),
                )
            )
        return result

    def _ppr(self, p):
        """The paragraph's properties as the chosen revisions leave them."""
        ppr = p.find(_W + "pPr")
        if ppr is not None and self.mode == "reject":
            change = ppr.find(_W + "pPrChange")
            if change is not None:
                return change.find(_W + "pPr")
        return ppr

    # -- walking a paragraph's content ----------------------------------------------------------
    def _walk(self, p, number: int, part: str) -> _Walked:
        walked = _Walked(p, number, part)
        ppr = p.find(_W + "pPr")
        if ppr is not None:
            mark = ppr.find(_W + "rPr")
            if mark is not None:
                walked.mark = next((child for child in mark if child.tag in _CHANGES), None)
        style = self._ppr(p)
        pstyle = style.find(_W + "pStyle") if style is not None else None
        paragraph_bold = self._style_bold(pstyle.get(_W + "val") if pstyle is not None else None)
        parts: list[str] = []
        bold_parts: list[str] = []
        state = {"leading": True, "length": 0, "unmarked": False}
        mark_tag = walked.mark.tag if walked.mark is not None else None

        def visit(element, stack: tuple[str, ...]) -> None:
            for child in element:
                tag = child.tag
                if tag == _W + "r":
                    run(child, stack)
                elif tag in _CHANGES:
                    event = _Event(
                        "change",
                        state["length"],
                        tag=tag,
                        author=child.get(_W + "author", ""),
                        date=child.get(_W + "date", ""),
                        text=_all_text(child),
                        name=self._move_name(child) if tag in (_W + "moveFrom", _W + "moveTo") else "",
                    )
                    walked.events.append(event)
                    visit(child, stack + (tag,))
                    event.end = state["length"]
                elif tag in (_W + "commentRangeStart", _W + "commentRangeEnd"):
                    what = "comment_start" if tag == _W + "commentRangeStart" else "comment_end"
                    walked.events.append(_Event(what, state["length"], name=child.get(_W + "id", "")))
                elif tag == _W + "p" or tag in _PROPERTIES:
                    continue
                else:
                    visit(child, stack)

        def run(element, stack: tuple[str, ...]) -> None:
            ruby = element.find(_W + "ruby")
            if ruby is not None:  # pinyin over a character (Word's 拼音指南): the character is the text
                base = ruby.find(_W + "rubyBase")
                if base is not None:
                    visit(base, stack)
                return
            reference = element.find(_W + "commentReference")
            if reference is not None:
                walked.events.append(_Event("comment_reference", state["length"], name=reference.get(_W + "id", "")))
            if mark_tag is None or not any(t == mark_tag or _KIND[t] == _KIND[mark_tag] for t in stack):
                if _run_text(element).strip(" \t\u3000"):
                    state["unmarked"] = True
            if any(_dropped(tag, self.mode) for tag in stack) or _inside_field_code(element):
                return
            run_text = _run_text(element)
            if not run_text:
                return
            rpr = element.find(_W + "rPr")
            change = rpr.find(_W + "rPrChange") if rpr is not None else None
            if change is not None:
                walked.events.append(
                    _Event(
                        "format",
                        state["length"],
                        state["length"] + len(run_text),
                        author=change.get(_W + "author", ""),
                        date=change.get(_W + "date", ""),
                        text=run_text,
                    )
                )
            parts.append(run_text)
            state["length"] += len(run_text)
            if state["leading"]:
                if self._run_is_lead(element, paragraph_bold):
                    bold_parts.append(run_text)
                elif run_text.strip(" \t\u3000"):
                    state["leading"] = False

        visit(p, ())
        walked.text = "".join(parts)
        bold = "".join(bold_parts)
        walked.bold = bold if bold.strip() else ""
        walked.whole = mark_tag is not None and not state["unmarked"]
        return walked

    @staticmethod
    def _move_name(element) -> str:
        """The name of the move *element* (w:moveFrom/w:moveTo) belongs to: that of the nearest
        range start of its side before it (in this paragraph or an earlier one)."""
        side = "moveFromRangeStart" if element.tag == _W + "moveFrom" else "moveToRangeStart"
        found = element.xpath(f"preceding::w:{side}[1]", namespaces={"w": _W[1:-1]})
        return found[0].get(_W + "name", "") if found else ""

    def _style_bold(self, style_id: str | None) -> bool:
        found = self._style_property(style_id, f"{_W}rPr/{_W}b")
        return found is not None and found.get(_W + "val", "true").lower() not in _OFF

    def _run_is_lead(self, run, paragraph_bold: bool) -> bool:
        rpr = run.find(_W + "rPr")
        if rpr is not None and self.mode == "reject":
            change = rpr.find(_W + "rPrChange")
            if change is not None:
                rpr = change.find(_W + "rPr")  # the run's formatting before the change
        if rpr is not None:
            b = rpr.find(_W + "b")
            if b is not None:
                return b.get(_W + "val", "true").lower() not in _OFF
            fonts = rpr.find(_W + "rFonts")
            if fonts is not None and fonts.get(_W + "eastAsia") in _LEAD_FONTS:
                return True
            rstyle = rpr.find(_W + "rStyle")
            if rstyle is not None:
                found = self._style_property(rstyle.get(_W + "val"), f"{_W}rPr/{_W}b")
                if found is not None:
                    return found.get(_W + "val", "true").lower() not in _OFF
                fonts = self._style_property(rstyle.get(_W + "val"), f"{_W}rPr/{_W}rFonts")
                if fonts is not None and fonts.get(_W + "eastAsia") in _LEAD_FONTS:
                    return True
        return paragraph_bold

    def _centered(self, ppr, style_id: str | None) -> bool:
        jc = ppr.find(_W + "jc") if ppr is not None else None
        if jc is None:
            jc = self._style_property(style_id, f"{_W}pPr/{_W}jc")
        return jc is not None and jc.get(_W + "val") == "center"

    def _number_label(self, ppr, style_id: str | None) -> str:
        numpr = ppr.find(_W + "numPr") if ppr is not None else None
        if numpr is None:
            numpr = self._style_property(style_id, f"{_W}pPr/{_W}numPr")
        if numpr is None:
            return ""
        num_id = numpr.find(_W + "numId")
        ilvl = numpr.find(_W + "ilvl")
        if num_id is None:
            return ""
        level = int(ilvl.get(_W + "val", "0")) if ilvl is not None and ilvl.get(_W + "val", "0").isdigit() else 0
        return self.numbering.next_label(num_id.get(_W + "val", "0"), level)

    # -- the report -------------------------------------------------------------------------------
    def _report(self, walked: list[_Walked], groups: list[_Group]) -> None:
        """Every revision and comment mark of the body, each with its spot."""
        group_of = {i: group for group in groups for i in group.members}

        def spot_in(index: int):
            return lambda start, end: self._spot(walked, groups, group_of[index], index, start, end)

        for index, paragraph in enumerate(walked):
            self._report_paragraph(paragraph, spot_in(index), walked, index)

    @staticmethod
    def _spot(walked: list[_Walked], groups: list[_Group], group: _Group, index: int, start: int, end: int) -> Spot:
        """Where the text *start*–*end* of walked paragraph *index* (in *group*) ended up."""
        member = walked[index]
        base = group.bases.get(index, 0)
        at, until = base + start, base + max(start, end)
        # a paragraph whose text is all gone was joined to the next: it is just before that one
        side = "before" if not member.text and index != group.members[-1] else ""
        for piece_start, piece_end, number, raw in group.pieces:
            if number >= 0 and piece_start <= at <= piece_end:
                cut, stop = at - piece_start, min(until, piece_end) - piece_start
                return Spot(member.part, member.number, raw, cut, stop, side)
        # no text left where it was: name the paragraph before it, or else the one after
        position = group.position
        for other in reversed(groups[:position]):
            texts = _piece_texts(other)
            if texts:
                return Spot(member.part, member.number, texts[-1], len(texts[-1]), len(texts[-1]), "after")
        for other in groups[position + 1 :]:
            texts = _piece_texts(other)
            if texts:
                return Spot(member.part, member.number, texts[0], 0, 0, "before")
        return Spot(member.part, member.number)

    def _report_paragraph(self, paragraph: _Walked, spot, walked: list[_Walked], index: int) -> None:
        """The revisions and comment marks of one paragraph; ``spot(start, end)`` places a
        stretch of its text; *walked* and *index* are the paragraph's list and place in it."""
        self._joinable = None
        pending: _Event | None = None
        for event in paragraph.events:
            if event.what == "format":
                if (
                    pending is not None
                    and pending.end == event.start
                    and (pending.author, pending.date) == (event.author, event.date)
                ):
                    pending.end, pending.text = event.end, pending.text + event.text
                    continue
                self._format(pending, spot)
                pending = _Event(
                    "format", event.start, event.end, author=event.author, date=event.date, text=event.text
                )
            elif event.what == "change":
                self._change(event, spot(event.start, event.end), id(paragraph))
            else:  # a comment's mark
                marks = self.comment_marks.setdefault(event.name, {})
                marks.setdefault(event.what, (spot(event.start, event.start), walked, index, event.start))
        self._format(pending, spot)
        ppr = paragraph.p.find(_W + "pPr")
        change = ppr.find(_W + "pPrChange") if ppr is not None else None
        if change is not None:
            self._add("paragraph_format", change, paragraph.text, spot(0, len(paragraph.text)))
        if paragraph.mark is not None and not paragraph.whole and paragraph.mark.tag in (_W + "ins", _W + "del"):
            kind = "split" if paragraph.mark.tag == _W + "ins" else "join"
            self._add(kind, paragraph.mark, "", spot(len(paragraph.text), len(paragraph.text)))
        table = next(paragraph.p.iterancestors(_W + "tbl"), None)
        if table is not None and not any(table is seen for seen in self.tables_seen):
            self.tables_seen.append(table)  # a table's own formatting changes, named once
            for element in table.iter(*_LAYOUT_CHANGES):
                self._add("layout", element, _LAYOUT_CHANGES[element.tag], spot(0, 0))

    def _format(self, event: _Event | None, spot) -> None:
        if event is not None:
            self._add("format", event, event.text, spot(event.start, event.end))

    def _add(self, kind: str, source, text: str, spot: Spot) -> None:
        """A revision of *kind* whose author and date are *source*'s (an element or an event)."""
        if isinstance(source, _Event):
            author, date = source.author, source.date
        else:
            author, date = source.get(_W + "author", ""), source.get(_W + "date", "")
        self._joinable = None
        self.review.revisions.append(FoundRevision(kind, author, date, text, spot))

    def _change(self, event: _Event, spot: Spot, paragraph: int) -> None:
        """A w:ins/w:del/w:moveFrom/w:moveTo: one revision; adjacent pieces of one change are
        joined, and the two ends of a move make one revision."""
        kind = _KIND[event.tag]
        revisions = self.review.revisions
        if kind == "move" and event.name:
            self._joinable = None
            side = "to" if event.tag == _W + "moveTo" else "from"
            ends = self.moves.setdefault(event.name, {})
            if side in ends:  # another piece of the same end (a move over several paragraphs)
                if side == "to" or "to" not in ends:
                    revisions[ends[side]].text += event.text
            elif ends:  # the other end was seen first: this completes its revision
                number = ends[side] = next(iter(ends.values()))
                if side == "to":
                    revisions[number].source, revisions[number].spot = revisions[number].spot, spot
                    revisions[number].text = event.text
                else:
                    revisions[number].source = spot
            else:
                ends[side] = len(revisions)
                revisions.append(FoundRevision("move", event.author, event.date, event.text, spot))
            return
        if kind == "move":  # an end without a name: say what it does to the text
            kind = "insert" if event.tag == _W + "moveTo" else "delete"
        joinable = self._joinable
        if (
            joinable is not None
            and joinable[0].kind == kind
            and (joinable[0].author, joinable[0].date) == (event.author, event.date)
            and joinable[1:] == (paragraph, event.start)
        ):
            joinable[0].text += event.text
            self._joinable = (joinable[0], paragraph, event.end)
            return
        revisions.append(FoundRevision(kind, event.author, event.date, event.text, spot))
        self._joinable = (revisions[-1], paragraph, event.end)

    # -- parts that are not the speech ---------------------------------------------------------------
    def _other_parts(self):
        """``(label, root element)`` of the headers, footers, footnotes and endnotes."""
        seen = []
        for rel in list(self.document.part.rels.values()):
            label = _OTHER_PARTS.get(rel.reltype)
            if label is None or rel.is_external:
                continue
            part = rel.target_part
            if any(part is other for other in seen):
                continue
            seen.append(part)
            root = _part_root(part)
            if root is None:
                self.review.notes.append(f"{label}的内容已损坏，其中的修订和批注未能读取")
                continue
            yield label, root

    def _report_part(self, label: str, root) -> None:
        walked = [self._walk(p, 0, label) for p in root.iter(_W + "p")]
        for index, paragraph in enumerate(walked):
            self._report_paragraph(paragraph, lambda start, end: Spot(label), walked, index)

    # -- comments ---------------------------------------------------------------------------------
    def _report_comments(self) -> None:
        """The comments of word/comments.xml, each with its anchor; replies threaded under the
        comment they answer (word/commentsExtended.xml), Word's 已解决 kept as done."""
        comments_root = extended_root = None
        for rel in list(self.document.part.rels.values()):
            if rel.is_external:
                continue
            if rel.reltype == _COMMENTS:
                comments_root = _part_root(rel.target_part)
            elif rel.reltype == _COMMENTS_EXTENDED:
                extended_root = _part_root(rel.target_part)
        threads = _threads(extended_root)
        known: set[str] = set()
        top: dict[str, Comment] = {}
        """The comment a thread starts with, by the paraId of each comment's last paragraph."""
        for element in comments_root.iter(_W + "comment") if comments_root is not None else ():
            comment_id = element.get(_W + "id", "")
            paragraphs = list(element.iter(_W + "p"))
            texts = [_paragraph_text(p) for p in paragraphs]
            comment = Comment(
                author=element.get(_W + "author", ""),
                date=element.get(_W + "date", ""),
                text="\n".join(text.strip() for text in texts if text.strip()),
            )
            para_id = next((p.get(_W14 + "paraId") for p in reversed(paragraphs) if p.get(_W14 + "paraId")), None)
            parent_id, comment.done = threads.get(para_id, (None, False))
            parent = top.get(parent_id) if parent_id else None
            if para_id:
                top[para_id] = parent if parent is not None else comment
            if comment_id in known:
                continue  # a second comment with the same id: Word shows the first
            known.add(comment_id)
            if parent is not None:
                parent.replies.append(CommentReply(comment.author, comment.date, comment.text))
                continue
            self.review.comments.append(self._anchor(FoundComment(comment_id, comment)))
        if any(comment_id not in known for comment_id in self.comment_marks):
            self.review.notes.append("文件中有批注标记，但找不到批注的内容，已忽略这些标记")

    def _anchor(self, found: FoundComment) -> FoundComment:
        """*found* with where it is anchored, and the words it is anchored to."""
        marks = self.comment_marks.get(found.id, {})
        start = marks.get("comment_start") or marks.get("comment_reference")
        if start is None:
            return found
        found.spot = start[0]
        end = marks.get("comment_end")
        if "comment_start" not in marks or end is None or end[1] is not start[1]:
            return found
        walked, first, last = start[1], start[2], end[2]
        if (last, end[3]) < (first, start[3]):
            return found
        if first == last:
            quote = walked[first].text[start[3] : end[3]]
        else:
            quote = walked[first].text[start[3] :] + "".join(p.text for p in walked[first + 1 : last])
            quote += walked[last].text[: end[3]]
        found.comment.quote = quote.strip(" \t\u3000\n")
        spot = found.spot
        within = quote.split("\n")[0]
        if spot.start == spot.end and spot.paragraph.startswith(within, spot.start):
            spot.end = spot.start + len(within)  # its place is found by the words it is on
        return found


def _piece_texts(group: _Group) -> list[str]:
    """The lines of *group* that became source paragraphs."""
    return [line for _start, _end, number, line in group.pieces if number >= 0]


def _threads(root) -> dict[str, tuple[str | None, bool]]:
    """commentsExtended.xml: each comment's last paragraph id → (its parent's, whether done)."""
    threads: dict[str, tuple[str | None, bool]] = {}
    if root is None:
        return threads
    for entry in root.iter(_W15 + "commentEx"):
        para_id = entry.get(_W15 + "paraId")
        if para_id:
            threads[para_id] = (entry.get(_W15 + "paraIdParent"), entry.get(_W15 + "done", "0") in ("1", "true"))
    return threads


def _part_root(part):
    """The XML root of a part of the package (python-docx parses some, the others are bytes);
    ``None`` when it is not XML."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml

    try:
        return parse_xml(part.blob)
    except Exception as error:  # lxml.etree.XMLSyntaxError and friends
        if type(error).__module__.startswith("lxml") or isinstance(error, ValueError):
            return None
        raise


def _part_of(p) -> str:
    """Which part of the body *p* is in: the running text (``""``), a table, a text box."""
    for ancestor in p.iterancestors(_W + "tbl", _W + "txbxContent"):
        return TABLE if ancestor.tag == _W + "tbl" else "文本框"
    return BODY


def _next_paragraph(p):
    """The w:p right after *p* in the same container (marks such as bookmarks skipped), or ``None``."""
    following = p.getnext()
    while following is not None and following.tag in _SKIPPED_SIBLINGS:
        following = following.getnext()
    return following if following is not None and following.tag == _W + "p" else None


def _inside_dropped(element, mode: str) -> bool:
    """Whether *element* sits inside a revision whose content *mode* leaves out."""
    return any(_dropped(ancestor.tag, mode) for ancestor in element.iterancestors(*_CHANGES))


def _all_text(element) -> str:
    """The text of every run inside *element*, kept or not (field codes left out)."""
    return "".join(_run_text(run) for run in element.iter(_W + "r") if not _inside_field_code(run))


def _paragraph_text(p) -> str:
    """A comment paragraph's text, its own tracked changes accepted."""
    return "".join(_run_text(run) for run in p.iter(_W + "r") if not _inside_dropped(run, "accept"))


def _inside_field_code(run) -> bool:
    return run.find(_W + "instrText") is not None or run.find(_W + "delInstrText") is not None


def _run_text(run) -> str:
    pieces = []
    for child in run:
        tag = child.tag
        if tag in (_W + "t", _W + "delText"):
            pieces.append(child.text or "")
        elif tag == _W + "tab":
            pieces.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            if child.get(_W + "type") not in ("page", "column"):
                pieces.append("\n")
        elif tag == _W + "noBreakHyphen":
            pieces.append("-")
    return "".join(pieces)


def _heading_level(style_name: str) -> int:
    name = (style_name or "").lower().replace(" ", "")
    for prefix in ("heading", "标题"):
        if name.startswith(prefix) and name[len(prefix) :].isdigit():
            return int(name[len(prefix) :])
    if name in ("title", "标题"):
        return 1
    return 0


class _Numbering:
    """Recomputes the labels of Word's automatic list numbering, paragraph by paragraph."""

    def __init__(self, document):
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iter(_W + "abstractNum"):
            abstract_id = abstract.get(_W + "abstractNumId")
            levels = {}
            for lvl in abstract.iter(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                levels[ilvl] = (
                    fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(_W + "val", "") if text is not None else "",
                    _int(start.get(_W + "val") if start is not None else None, 1),
                )
            self.levels[abstract_id] = levels
        for num in root.iter(_W + "num"):
            num_id = num.get(_W + "numId")
            abstract = num.find(_W + "abstractNumId")
            overrides = {}
            for override in num.iter(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                if start is not None:
                    overrides[int(override.get(_W + "ilvl", "0"))] = _int(start.get(_W + "val"), 1)
            if abstract is not None:
                self.nums[num_id] = (abstract.get(_W + "val"), overrides)

    def next_label(self, num_id: str, level: int) -> str:
        if num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        if level not in levels:
            return ""
        key = f"num{num_id}" if overrides else f"abstract{abstract_id}"
        counters = self.counters.setdefault(key, {})
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        start = overrides.get(level, levels[level][2])
        counters[level] = counters.get(level, start - 1) + 1
        fmt, pattern, _ = levels[level]
        if fmt in ("bullet", "none") or not pattern:
            return ""
        label = pattern
        for index in range(level, -1, -1):
            if f"%{index + 1}" in label:
                value = counters.get(index, overrides.get(index, levels.get(index, ("decimal", "", 1))[2]))
                index_fmt = levels.get(index, ("decimal", "", 1))[0]
                label = label.replace(f"%{index + 1}", _format_number(value, index_fmt))
        return label


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_LEGAL = str.maketrans("一二三四五六七八九十", "壹贰叁肆伍陆柒捌玖拾")


def _format_number(value: int, fmt: str) -> str:
    """*value* written in Word's number format *fmt* (``chineseCounting`` → 三)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "ideographTraditional",
        "koreanCounting",
        "taiwaneseCountingThousand",
    ):
        return chinese_numeral(value) if 1 <= value <= 99 else str(value)
    if fmt == "chineseLegalSimplified":
        return chinese_numeral(value).translate(_LEGAL) if 1 <= value <= 99 else str(value)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(value).translate(_FULL_WIDTH_DIGITS)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for number, letters in numerals:
        while value >= number:
            out += letters
            value -= number
    return out
