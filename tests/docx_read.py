"""Reading an exported .docx back as a reviewer would: texts, styles, fonts, footers."""

from __future__ import annotations

import re
import subprocess
import zipfile

import docx
from docx.oxml.ns import qn

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
