"""The reading copy (念稿版): the copy the leader reads aloud from, in one readable place.

Every number of the reading layout is here, next to the official one (:mod:`official`),
and its Word template is built from the official style table with these numbers, by the
same builders: A4, margins of 30 mm, large type (二号 22 pt by default; 小一 24 pt or 三号
16 pt), exact lines of 1.8 times the type size, the title one step larger than the text as
on the official copy (×1.375), lead sentences in 黑体, and page numbers as large as the
text, centred at the bottom. No character grid: the lines are as high as the paragraphs say.

A page never turns inside a sentence: the writer cuts each paragraph after every
。！？ (with the closing marks that follow) into paragraphs of their own, which keep their
lines together (``w:keepLines``, the body style's); the pieces after the first have no
first-line indent, so a paragraph still starts where its indent is. See
docs/reading-copy.md for why, and how LibreOffice proves it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache

from toolkit.exporters import official

SIZES = {"二号": 44, "小一": 48, "三号": 32}
"""The type sizes offered, by their Chinese names, in half-points."""
DEFAULT_SIZE = "二号"
LINE_SPACING = 1.8
"""Line pitch as a multiple of the type size (exact, so a line with pinyin is no taller)."""
TITLE_RATIO = official.TITLE_SIZE / official.BODY_SIZE
"""The title is this much larger than the text, as on the official copy (22 / 16 pt)."""
MARGIN = 1701
"""30 mm on every side (twips)."""

PAGE = dataclasses.replace(
    official.LAYOUT, top=MARGIN, bottom=MARGIN, left=MARGIN, right=MARGIN, header=851, footer=850
)
"""A4 with 30 mm margins; the page number's paragraph starts 15 mm above the page's lower edge."""


def line_pitch(size: int) -> int:
    """The exact line pitch (twips) for text of *size* half-points: 1.8 × the size (二号 → 792,
    39.6 pt; 小一 → 864, 43.2 pt; 三号 → 576, 28.8 pt)."""
    return round(size * 10 * LINE_SPACING)


def title_size(size: int) -> int:
    """The title's size (half-points) for text of *size*: ×1.375, as official (二号 text → 30 pt)."""
    return round(size * TITLE_RATIO)


def ruby_size(size: int) -> int:
    """The pinyin's size (half-points) above text of *size*: half of it (二号 → 11 pt)."""
    return max(round(size / 2), 10)


def styles(size: int) -> tuple[official.StyleDefinition, ...]:
    """The official styles at the reading copy's sizes: text of *size* half-points on exact
    1.8 lines, kept together, indented two characters; the title larger; page numbers as
    large as the text; no character spacing (no grid to fit)."""
    pitch = line_pitch(size)
    out = []
    for style in official.STYLES:
        if style.role == "title":
            big = title_size(size)
            line = round(big * official.TITLE_LINE / official.TITLE_SIZE)
            style = dataclasses.replace(style, size=big, line=line, space_after=pitch // 2)
        elif style.role == "page_number":
            style = dataclasses.replace(style, size=size)
        elif style.kind == "paragraph":
            style = dataclasses.replace(
                style,
                size=size,
                line=pitch,
                character_spacing=None,
                first_line_twips=size * 20 if style.first_line else 0,
                keep_lines=True,
            )
        out.append(style)
    return tuple(out)


@lru_cache(maxsize=len(SIZES))
def template_bytes(size_name: str) -> bytes:
    """The reading copy's Word template at the size called *size_name* (``二号``…)."""
    size = SIZES[size_name]
    pitch = line_pitch(size)
    centred = official.footer_part("center", size=size)
    return official.template_bytes(
        official.document_part((), mirrored_page_numbers=False, grid=None, layout=PAGE),
        official.styles_part(styles(size), line_pitch=pitch),
        official.settings_part(even_and_odd=False, line_pitch=pitch),
        centred,
        official.footer_part("center", size=size),
    )


@dataclass(frozen=True)
class ReadingCopy:
    """A reading copy to write: the type ``size`` by name, whether each point starts a new
    page (``point_per_page``), and the 注音 ``entries`` (word → :class:`toolkit.readings.Entry`)
    that get pinyin besides the rare characters."""

    size: str = DEFAULT_SIZE
    point_per_page: bool = False
    entries: dict = field(default_factory=dict, hash=False, compare=False)
