"""Measuring a rendered PDF the way a reader checks a printed page (PyMuPDF).

Lines are characters grouped by baseline; the footer band (below the text area) is read
separately for the page number.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4


TEXT_LEFT, TEXT_RIGHT = 28 * MM, (210 - 26) * MM


@dataclass
class Line:
    y: float
    x0: float
    x1: float
    text: str
    chars: list[tuple[str, float]]
    """Each character with the x of its centre."""

    @property
    def cells(self) -> int:
        """Characters whose centre lies inside the text area: a punctuation mark hanging in
        the right margin (LibreOffice and Word both allow it) takes no grid cell."""
        return sum(1 for _, centre in self.chars if TEXT_LEFT - 2 <= centre <= TEXT_RIGHT + 2)


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    footer: list[Line]


def read_pdf(path) -> list[Page]:
    import pymupdf

    pages = []
    with pymupdf.open(str(path)) as document:
        for index, page in enumerate(document, 1):
            text_bottom = page.rect.height - 35 * MM + 2
            lines: dict[float, list] = {}
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for char in span["chars"]:
                            if not char["c"].strip():
                                continue
                            y = round(char["origin"][1], 0)
                            key = next((k for k in lines if abs(k - y) <= 2), y)
                            lines.setdefault(key, []).append(char)
            body, footer = [], []
            for y in sorted(lines):
                chars = sorted(lines[y], key=lambda c: c["origin"][0])
                centres = [(c["c"], (c["bbox"][0] + c["bbox"][2]) / 2) for c in chars]
                entry = Line(y, chars[0]["bbox"][0], chars[-1]["bbox"][2], "".join(c["c"] for c in chars), centres)
                (footer if y > text_bottom else body).append(entry)
            pages.append(Page(index, page.rect.width, page.rect.height, body, footer))
    return pages


def pdf_text(path) -> str:
    import pymupdf

    with pymupdf.open(str(path)) as document:
        return "".join(page.get_text() for page in document)


@dataclass
class Span:
    """A run of text as the PDF draws it: its font (as embedded) and size in points."""

    text: str
    font: str
    size: float
    x0: float
    """Left edge, in points from the page's left edge."""


def spans(path, page: int = 0) -> list[Span]:
    """Every span of text on page *page* (0-based) of the PDF at *path*, top to bottom."""
    import pymupdf

    out = []
    with pymupdf.open(str(path)) as document:
        for block in document[page].get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    if span["text"].strip():
                        out.append(Span(span["text"], span["font"], round(span["size"], 1), span["bbox"][0]))
    return out
