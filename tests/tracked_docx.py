"""Word documents with a leader's tracked changes and comments, built as XML elements.

Staff get speeches back from a leader with 修订 (tracked insertions, deletions, moves and
formatting changes) and 批注 (comments, with replies). :func:`reviewed_speech` builds one
such .docx in the project's own words, with python-docx and lxml elements: every kind of
revision the importer reports, in the body, in a table, in the header and in a footnote.
The smaller builders (:func:`run`, :func:`ins`, :func:`dele`, :func:`paragraph`…) are for
tests and catalogue rows that need one odd case.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from lxml import etree

W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
COMMENTS_EXTENDED_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"

SECRETARY = "张书记"
DEPUTY = "王副县长"
CLERK = "李秘书"
MONDAY = "2026-11-02T09:15:00Z"
TUESDAY = "2026-11-03T16:40:00Z"

_ids = itertools.count(100)


def element(tag: str, attributes: dict[str, str] | None = None, *children, text: str | None = None):
    """The element *tag* (``w:p``, or Clark notation) with *attributes* and *children*."""
    made = etree.Element(qn(tag) if ":" in tag and not tag.startswith("{") else tag)
    for name, value in (attributes or {}).items():
        made.set(qn(name) if ":" in name and not name.startswith("{") else name, value)
    for child in children:
        made.append(child)
    if text is not None:
        made.text = text
        if text != text.strip():
            made.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return made


def run(text: str, *, bold: bool = False, deleted: bool = False, was: str | None = None):
    """A run of *text* (``w:delText`` when *deleted*); *was* ``"plain"`` records a tracked
    formatting change from plain to the run's present formatting."""
    properties = element("w:rPr")
    if bold:
        properties.append(element("w:b"))
    if was is not None:
        change = element("w:rPrChange", {"w:id": str(next(_ids)), "w:author": DEPUTY, "w:date": TUESDAY})
        change.append(element("w:rPr"))
        properties.append(change)
    made = element("w:r")
    if len(properties):
        made.append(properties)
    made.append(element("w:delText" if deleted else "w:t", text=text))
    return made


def change(tag: str, author: str | None, date: str | None, *children):
    """A tracked change *tag* (``w:ins``, ``w:del``, ``w:pPrChange``…) holding *children*;
    *author* or *date* ``None`` leaves that attribute out."""
    attributes = {"w:id": str(next(_ids))}
    if author is not None:
        attributes["w:author"] = author
    if date is not None:
        attributes["w:date"] = date
    return element(tag, attributes, *children)


def ins(text: str, author: str | None = SECRETARY, date: str | None = MONDAY, *, bold: bool = False):
    """A tracked insertion of *text*."""
    return change("w:ins", author, date, run(text, bold=bold))


def dele(text: str, author: str | None = SECRETARY, date: str | None = MONDAY, *, bold: bool = False):
    """A tracked deletion of *text*."""
    return change("w:del", author, date, run(text, bold=bold, deleted=True))


def move(text: str, name: str, *, to: bool, author: str = SECRETARY, date: str = MONDAY) -> list:
    """One end of a tracked move named *name*: where *text* went (*to*) or came from."""
    side = "moveTo" if to else "moveFrom"
    range_id = str(next(_ids))
    return [
        element(f"w:{side}RangeStart", {"w:id": range_id, "w:name": name, "w:author": author, "w:date": date}),
        change(f"w:{side}", author, date, run(text)),
        element(f"w:{side}RangeEnd", {"w:id": range_id}),
    ]


def commented(comment_id: int, *pieces) -> list:
    """*pieces* anchored to the comment *comment_id* (range start, the pieces, range end, reference)."""
    return [
        element("w:commentRangeStart", {"w:id": str(comment_id)}),
        *pieces,
        element("w:commentRangeEnd", {"w:id": str(comment_id)}),
        element("w:r", {}, element("w:commentReference", {"w:id": str(comment_id)})),
    ]


def paragraph(*pieces, style: str | None = None, mark: str | None = None, centered: bool = False, pchange=False):
    """A ``w:p`` of *pieces* (text → a plain run, else elements or lists of elements);
    *mark* ``"ins"``/``"del"`` makes the paragraph mark itself a tracked change; *pchange*
    records a tracked change of the paragraph's formatting (it was left-aligned)."""
    made = element("w:p")
    properties = element("w:pPr")
    if style:
        properties.append(element("w:pStyle", {"w:val": style}))
    if centered:
        properties.append(element("w:jc", {"w:val": "center"}))
    if mark:
        properties.append(element("w:rPr", {}, change(f"w:{mark}", SECRETARY, MONDAY)))
    if pchange:
        properties.append(change("w:pPrChange", DEPUTY, TUESDAY, element("w:pPr")))
    if len(properties):
        made.append(properties)
    for piece in pieces:
        for item in piece if isinstance(piece, list) else [piece]:
            made.append(run(item) if isinstance(item, str) else item)
    return made


def table(rows: list[list[list]]):
    """A ``w:tbl`` whose cells each hold one paragraph of the given pieces."""
    made = element("w:tbl", {}, element("w:tblPr", {}, element("w:tblW", {"w:w": "0", "w:type": "auto"})))
    grid = element("w:tblGrid")
    for _ in rows[0]:
        grid.append(element("w:gridCol", {"w:w": "4000"}))
    made.append(grid)
    for cells in rows:
        row = element("w:tr")
        for pieces in cells:
            row.append(
                element(
                    "w:tc",
                    {},
                    element("w:tcPr", {}, element("w:tcW", {"w:w": "4000", "w:type": "dxa"})),
                    paragraph(*pieces),
                )
            )
        made.append(row)
    return made


def new_document(body: list) -> docx.Document:
    """A python-docx document whose body holds *body* (elements, or lists of them)."""
    document = docx.Document()
    root = document.element.body
    section = root.find(qn("w:sectPr"))
    for item in body:
        for piece in item if isinstance(item, list) else [item]:
            section.addprevious(piece)
    return document


def add_comments(document, comments: list[tuple[int, str, str, str]], replies: dict[int, int] | None = None) -> None:
    """Comments ``(id, author, date, text)`` in word/comments.xml; *replies* maps a reply's
    id to its parent's, recorded in word/commentsExtended.xml as Word 2013+ does."""
    part = document.part._comments_part  # created on first use, related to the document
    root = part.element
    para_ids = {}
    for comment_id, author, date, text in comments:
        para_id = f"{0x10000000 + comment_id:08X}"
        para_ids[comment_id] = para_id
        body = element("w:p", {"w14:paraId": para_id}, run(text))
        root.append(
            element(
                "w:comment",
                {"w:id": str(comment_id), "w:author": author, "w:date": date, "w:initials": author[:1]},
                body,
            )
        )
    if replies is None:
        return
    extended = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
    for comment_id, para_id in para_ids.items():
        entry = etree.SubElement(extended, f"{{{W15}}}commentEx")
        entry.set(f"{{{W15}}}paraId", para_id)
        if comment_id in replies:
            entry.set(f"{{{W15}}}paraIdParent", para_ids[replies[comment_id]])
        entry.set(f"{{{W15}}}done", "0")
    extended_part = XmlPart(
        PackURI("/word/commentsExtended.xml"), COMMENTS_EXTENDED_TYPE, extended, document.part.package
    )
    document.part.relate_to(extended_part, COMMENTS_EXTENDED)


def add_footnote(document, pieces: list) -> None:
    """word/footnotes.xml with one footnote (id 1) made of *pieces*; the caller puts the reference."""
    root = etree.Element(qn("w:footnotes"), nsmap={"w": qn("w:p")[1:].split("}")[0]})
    for kind, number in (("separator", "-1"), ("continuationSeparator", "0")):
        root.append(
            element(
                "w:footnote",
                {"w:type": kind, "w:id": number},
                element("w:p", {}, element("w:r", {}, element(f"w:{kind}"))),
            )
        )
    root.append(element("w:footnote", {"w:id": "1"}, paragraph(*pieces)))
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def footnote_reference():
    return element("w:r", {}, element("w:footnoteReference", {"w:id": "1"}))


TITLE_ACCEPTED = "在全县冬春农田水利建设动员会议上的讲话"
TITLE_REJECTED = "在全县农田水利建设动员会议上的讲话"
MOVED = "各乡镇要把农田水利建设摆上重要议事日程。"
LEAD_COMMENT = "主旨句再提炼一下，突出“冬春”两个字。"
REPLY = "已改为“突出冬春建设重点”，请审定。"
HEADER_COMMENT_FREE = "内部资料"


def reviewed_speech(folder: Path, name: str = "修订稿.docx") -> Path:
    """A speech a leader returned with tracked changes and comments (see the module's docstring)."""
    body = [
        paragraph("在全县", ins("冬春"), "农田水利建设动员会议上的讲话", style="Title", centered=True),
        paragraph("（2026年11月6日）", centered=True),
        paragraph("同志们："),
        paragraph(
            "今天召开全县冬春农田水利建设动员会议，主要任务是",
            dele("认真"),
            "总结今年农田水利建设工作，安排部署今冬明春重点任务。",
        ),
        paragraph(
            "刚才，县水利局通报了今年工作情况，",
            ins("四个乡镇作了表态发言，", DEPUTY, TUESDAY),
            "我都同意。下面，我讲三点意见。",
        ),
        paragraph(
            run("一要提高思想认识。", bold=True),
            "农田水利是农业发展的命脉。",
            dele("今年夏季"),
            ins("今年入夏以来"),
            "，我县部分乡镇出现旱情，暴露出水利设施老化失修的短板。",
            move(MOVED, "move1", to=True),
        ),
        paragraph(ins("要组织干部深入田间地头，摸清灌溉设施底数。"), mark="ins"),
        paragraph(
            "二要",
            commented(
                0,
                element("w:commentRangeStart", {"w:id": "1"}),
                run("突出建设重点。", bold=True),
                element("w:commentRangeEnd", {"w:id": "1"}),
            ),
            element("w:r", {}, element("w:commentReference", {"w:id": "1"})),
            "要围绕小型水库",
            footnote_reference(),
            "除险加固、灌区续建配套、山塘清淤扩容三项任务，集中力量攻坚。",
        ),
        table([[["乡镇"], ["任务"]], [["城关镇"], ["新修塘坝", dele("三座"), ins("五座")]]]),
        paragraph("各乡镇要", run("统筹整合涉农资金", was="plain", bold=True), "，确保工程按期完工。"),
        paragraph(
            run("三要压实工作责任。", bold=True),
            "县水利局要加强技术指导。",
            move(MOVED, "move1", to=False),
            "县财政局要及时拨付资金。",
            pchange=True,
        ),
        paragraph(dele("县督查室要定期通报进展。"), mark="del"),
        paragraph("同志们，冬春农田水利建设时间紧、任务重。", mark="del"),
        paragraph("希望大家真抓实干，确保各项任务按期完成！"),
    ]
    document = new_document(body)
    header = document.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0]._p.append(run(HEADER_COMMENT_FREE))
    header.paragraphs[0]._p.append(ins("　注意保存", CLERK, TUESDAY))
    add_footnote(document, ["小型水库指总库容在", dele("一千万"), ins("1000万"), "立方米以下的水库。"])
    add_comments(document, [(0, SECRETARY, MONDAY, LEAD_COMMENT), (1, CLERK, TUESDAY, REPLY)], replies={1: 0})
    path = folder / name
    document.save(path)
    return path
