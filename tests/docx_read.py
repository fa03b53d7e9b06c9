"""Reading an exported .docx back as a reviewer would: texts, styles, fonts, footers."""

from __future__ import annotations

import re
import subprocess
import zipfile

import docx
from docx.oxml.ns import qn
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(path) -> list[tuple[str, str]]:
    """``(style name, text)`` of every body paragraph, line breaks kept as ``\\n``."""
    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs]


def squash(text: str) -> str:
    """*text* without any white space, as a PDF or plain-text reader may re-break it."""
    return re.sub(r"\s+", "", text)


def pandoc_plain(path) -> str:
    result = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(path)], capture_output=True, text=True, check=True
    )
    return result.stdout


def part(path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def style_element(document, style_id: str):
    for style in document.styles.element.iter(W + "style"):
        if style.get(W + "styleId") == style_id:
            return style
    return None


def effective_east_asian_font(document, run) -> str | None:
    """The East Asian font a run is shown in: its own, its character style's, its paragraph
    style's (through basedOn), or the document default."""
    fonts = run._r.find(f"{W}rPr/{W}rFonts")
    if fonts is not None and fonts.get(qn("w:eastAsia")):
        return fonts.get(qn("w:eastAsia"))
    chain = []
    rstyle = run._r.find(f"{W}rPr/{W}rStyle")
    if rstyle is not None:
        chain.append(rstyle.get(qn("w:val")))
    paragraph = run._r.getparent()
    pstyle = paragraph.find(f"{W}pPr/{W}pStyle")
    chain.append(pstyle.get(qn("w:val")) if pstyle is not None else "Normal")
    for style_id in chain:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = style_element(document, style_id)
            if style is None:
                break
            found = style.find(f"{W}rPr/{W}rFonts")
            if found is not None and found.get(qn("w:eastAsia")):
                return found.get(qn("w:eastAsia"))
            based = style.find(W + "basedOn")
            style_id = based.get(qn("w:val")) if based is not None else None
    default = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    return default.get(qn("w:eastAsia")) if default is not None else None


_ALLOWED_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES"}
_O = "{urn:schemas-microsoft-com:office:office}"
_ACTIVE_ELEMENTS = {
    W + "attachedTemplate": "attached template",
    W + "mailMerge": "mail merge",
    W + "altChunk": "altChunk",
    W + "object": "w:object",
    _O + "OLEObject": "o:OLEObject",
    W + "control": "w:control",
    W + "customXml": "w:customXml",
    W + "dataBinding": "w:dataBinding",
    W + "subDoc": "w:subDoc",
}
_ACTIVE_RELATIONSHIPS = (
    "attachedTemplate",
    "oleObject",
    "package",
    "control",
    "activeXControlBinary",
    "aFChunk",
    "customXml",
    "customXmlProps",
    "subDocument",
    "frame",
    "mailMergeSource",
    "vbaProject",
)
_INERT_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _field_instructions(root) -> list[str]:
    """The instruction of every field in an XML part: ``w:fldSimple`` and complex fields
    (the ``w:instrText`` pieces between begin and separate/end joined, nesting followed);
    a stray ``w:instrText`` counts as a field of its own."""
    found = [element.get(W + "instr") or "" for element in root.iter(W + "fldSimple")]
    stack: list[list[str]] = []
    for element in root.iter(W + "fldChar", W + "instrText", W + "delInstrText"):
        if element.tag == W + "fldChar":
            kind = element.get(W + "fldCharType")
            if kind == "begin":
                stack.append([])
            elif kind == "end" and stack:
                found.append("".join(stack.pop()))
        elif stack:
            stack[-1].append(element.text or "")
        else:
            found.append(element.text or "")
    found += ["".join(pieces) for pieces in stack]
    return found


def active_content(path) -> list[str]:
    """Everything in the .docx at *path* that reaches outside it or runs: external
    relationships, an attached template, fields other than page numbers (DDE, INCLUDETEXT,
    INCLUDEPICTURE…), altChunk, OLE objects, ActiveX controls, custom XML, mail merge.
    Every XML part is parsed (so no namespace prefix or split instruction hides anything).
    Empty when inert."""
    found = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            lower = name.lower()
            if any(part in lower for part in ("embeddings/", "activex", "customxml/", "afchunk", "altchunk")):
                found.append(f"part {name}")
            if not lower.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(package.read(name), _INERT_PARSER)
            if lower.endswith(".rels"):
                for rel in root:
                    if (rel.get("TargetMode") or "").lower() == "external":
                        found.append(f"external relationship {rel.get('Target')} in {name}")
                    kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                    if kind in _ACTIVE_RELATIONSHIPS:
                        found.append(f"{kind} relationship in {name}")
                continue
            for element in root.iter(*_ACTIVE_ELEMENTS):
                found.append(f"{_ACTIVE_ELEMENTS[element.tag]} in {name}")
            for element in root.iter("{urn:schemas-microsoft-com:vml}*"):
                if "href" in element.attrib or _O + "href" in element.attrib:
                    found.append(f"VML link in {name}")
            for instruction in _field_instructions(root):
                words = instruction.split()
                if not words or words[0].upper() not in _ALLOWED_FIELDS:
                    found.append(f"field {words[0] if words else '(empty)'} in {name}")
    return found


def assert_inert_docx(path) -> None:
    """Fail, naming what was found, unless the .docx at *path* holds no active content."""
    found = active_content(path)
    assert not found, f"{path} carries active content: {found}"


def _blocks_inside(node) -> list[dict]:
    """The outermost pandoc blocks (``{"t": ..., "c": ...}``) nested anywhere in *node* (a
    table's cells, a div's content), in order."""
    if isinstance(node, dict):
        return [node] if "t" in node else [b for value in node.values() for b in _blocks_inside(value)]
    if isinstance(node, list):
        return [b for value in node for b in _blocks_inside(value)]
    return []


def pandoc_paragraphs(path, track_changes: str | None = None) -> list[str]:
    """The paragraphs pandoc reads from the .docx at *path*, in order (a table's cell by
    cell; footnotes left out), its tracked changes handled as *track_changes* says
    (``accept``, ``reject``; pandoc's default without). pandoc takes a paragraph in Word's
    标题 (Title) or 副标题 (Subtitle) style as the document's title or subtitle, so these
    come first, from its metadata."""
    import json

    changes = [f"--track-changes={track_changes}"] if track_changes else []
    result = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "json", *changes, str(path)], capture_output=True, check=True
    )
    document = json.loads(result.stdout)

    def text(inlines) -> str:
        out = []
        for inline in inlines:
            if inline["t"] == "Str":
                out.append(inline["c"])
            elif inline["t"] in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif inline["t"] in ("Emph", "Strong", "Underline", "Strikeout", "SmallCaps"):
                out.append(text(inline["c"]))
            elif inline["t"] in ("Span", "Quoted"):
                out.append(text(inline["c"][1]))
        return "".join(out)

    def blocks(items) -> list[str]:
        out = []
        for block in items:
            if block["t"] == "Para" or block["t"] == "Plain":
                out.append(text(block["c"]))
            elif block["t"] == "Header":
                out.append(text(block["c"][2]))
            elif block["t"] in ("Table", "Div", "BlockQuote"):
                out += blocks(_blocks_inside(block["c"]))
        return out

    meta = document["meta"]
    found = []
    for key in ("title", "subtitle"):
        if key in meta:
            value = meta[key]
            found += [text(value["c"])] if value["t"] == "MetaInlines" else blocks(value["c"])
    return found + blocks(document["blocks"])


_REMOVED_BY = {
    "accept": (W + "del", W + "moveFrom"),
    "reject": (W + "ins", W + "moveTo"),
}
REVISION_TAGS = (W + "ins", W + "del", W + "moveFrom", W + "moveTo")
"""The tracked changes of text (and of paragraph marks)."""


def resolved_paragraphs(path, mode: str | None = None) -> list[str]:
    """The body's paragraph texts once every tracked change is accepted (*mode* ``accept``)
    or rejected (``reject``), as Word does it: the text inside a change the mode drops is
    gone, and a paragraph whose mark it drops runs on into the next one. Without *mode*, the
    text as it stands. A reader of its own, beside pandoc, for the many examples of the
    property tests."""
    document = docx.Document(str(path))
    dropped = _REMOVED_BY.get(mode or "", ())
    out: list[str] = []
    carried = ""
    for paragraph in document.element.body.iter(W + "p"):
        pieces = []
        for text in paragraph.iter(W + "t", W + "delText"):
            if not any(ancestor.tag in dropped for ancestor in text.iterancestors()):
                pieces.append(text.text or "")
        mark = paragraph.find(f"{W}pPr/{W}rPr")
        changed = next((child.tag for child in mark if child.tag in REVISION_TAGS), None) if mark is not None else None
        if changed in dropped:
            carried += "".join(pieces)
            continue
        out.append(carried + "".join(pieces))
        carried = ""
    if carried:
        out.append(carried)
    return out
