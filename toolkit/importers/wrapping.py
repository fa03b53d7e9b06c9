"""Re-joining the lines of a plain-text speech into its paragraphs.

Typed into Notepad, a speech holds one paragraph per line. Copied from a web page or a PDF
it does not: the page's ``<br>`` or the PDF's line width breaks paragraphs mid-sentence,
and a web page marks where each paragraph starts with a full-width indent (　　) or a blank
line. Left alone, a point's heading ends up as ``强化项目支撑，`` and its second half in the
body.

The lines are judged after the vendor noise is removed (a page's 责任编辑：… line between
two halves of a sentence is gone by then), by three signals, strongest first:

1. **A line that starts with ，。、） or a closing quote** goes on from the line before (the
   break fell before the punctuation). **A line that stops mid-sentence** (after ，、 or an
   opening bracket or quote) goes on in the next line, unless that line opens something of
   its own: a marker (一、 （一） 一要 一是 1.), a salutation, a date, a bracketed note, a
   ——subtitle, and near the top a title or a byline. A salutation broken after a comma
   (尊敬的各位领导、各位来宾，/ 女士们、先生们：) is joined.
2. **Marked paragraph starts.** When a file marks its paragraphs' first lines (an indent:
   full-width spaces, a tab, two or more spaces; or a blank line before) and its unmarked
   lines mostly continue a line that stopped mid-sentence, then from the first marked line
   on a marked line starts a paragraph and an unmarked one continues the one before (even
   after a 。, where the wrap happened to fall), unless it opens something of its own as
   above, or after a finished sentence is a closing (同志们，… 谢谢大家！) or a short
   unfinished label (县委办公室); such lines do not count against the marks either. The
   title block above the first marked line is left alone.
3. **Hard-wrapped text without marks** (a PDF's fixed line width, or many lines that stop
   with no punctuation before a line that goes on): a line that stops with no punctuation
   and is about as long as the wrapped lines goes on in the next. Titles, headings (一、…
   with no sentence in them, shorter than a wrapped line), salutations, bylines, dates and
   the first line (a title) never go on. Headings are no evidence of wrapping: they stop
   without punctuation by nature, so they neither make a file look wrapped nor set the
   width (three headings of one length made a file typed one paragraph a line look
   wrapped at that length, and each heading swallowed the line under it).

Only lines of plain-text files are joined (``SourceParagraph.marked_start`` is not
``None``); .docx and Markdown paragraphs are paragraphs already. The work is one pass over
the lines with checks on short heads of text only, so it stays linear in the file's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from toolkit.importers.sources import SourceParagraph
from toolkit.model.numbering import find_marker
from toolkit.model.phrases import is_date_line, is_salutation, is_title, looks_like_byline, opens_closing

_MID_SENTENCE = frozenset("，,、“‘「『（(《〈【〔［[—-")
"""A line ending in one of these stops in the middle of a sentence."""
_SENTENCE_END = frozenset("。！？!?…；;：:”’」』）)】〕］]")
"""A line ending in one of these has finished a sentence (or a title, a date, a note)."""
_NEVER_FIRST = frozenset("，,。、；;：:？?！!）)”’」』】〕》…%")
"""A line starting with one of these cannot open a paragraph: the break fell before it."""
_SENTENCE_INSIDE = re.compile("[。！？!?；;]")
_NOTE = re.compile(r"^[（(][^（）()]{1,30}[）)]$")
"""A bracketed note on a line of its own: （根据录音整理）, （掌声）."""
HEADER_LINES = 15
"""How far from the top titles and bylines are looked for (as the title itself is)."""
BYLINE_LINES = 3
"""How many lines under a title may be its byline."""
SHORT_SCRAP = 15
"""An unfinished line shorter than this after a finished sentence is a label, not a wrap."""
TITLE_LENGTH = 40
"""The first line, this short and without punctuation, is a title and never goes on."""


def _ending(text: str) -> str:
    """``"mid"`` when *text* stops mid-sentence, ``"end"`` after a finished sentence,
    ``"open"`` when it stops with no punctuation at all (a heading, or a hard wrap)."""
    last = text[-1]
    if last in _MID_SENTENCE:
        return "mid"
    if last in _SENTENCE_END:
        return "end"
    return "open"


def _opens_element(text: str, header: bool) -> bool:
    """Whether the line *text* opens a part of its own rather than going on from the line
    before (*header*: it is near the top, where titles and bylines are)."""
    if (
        find_marker(text)
        or is_salutation(text)
        or is_date_line(text)
        or text.startswith(("—", "--"))
        or (len(text) <= 32 and _NOTE.match(text))
    ):
        return True
    return header and (is_title(text) or looks_like_byline(text))


class _Paragraph:
    """A paragraph being built from lines: its first line and the text so far."""

    __slots__ = ("first", "index", "pieces", "length", "last_line")

    def __init__(self, first: SourceParagraph, index: int):
        self.first = first
        self.index = index
        """The position of its first line among the lines."""
        self.pieces = [first.text]
        self.length = len(first.text)
        self.last_line = first.text

    def add(self, line: SourceParagraph) -> None:
        self.pieces.append(line.text)
        self.length += len(line.text)
        self.last_line = line.text

    def head(self, limit: int = 90) -> str:
        """The text so far when it is at most *limit* characters long, else ``""`` (every
        check on a whole paragraph is about short lines: titles, salutations, headings)."""
        return "".join(self.pieces) if self.length <= limit else ""

    def paragraph(self, lines: list[SourceParagraph]) -> SourceParagraph:
        """The finished paragraph (*lines*: all the lines, to collect the invisible
        characters of those joined)."""
        if len(self.pieces) == 1:
            return self.first
        joined = lines[self.index : self.index + len(self.pieces)]
        return replace(self.first, text="".join(self.pieces), invisible="".join(p.invisible for p in joined))


@dataclass
class _Shape:
    """What the file's lines say about how its paragraphs were broken."""

    marks_from: int | None = None
    """The index of the first marked line when marks (indents, blank lines) tell where
    paragraphs start, else ``None``."""
    wrapped: bool = False
    """Whether lines were broken at a width without marks (PDF, some web pages)."""
    width: int = 0
    """The usual length of a broken line."""
    header_end: int = 0
    """Lines before this index are where titles and bylines are."""


def rejoin_lines(paragraphs: list[SourceParagraph]) -> list[SourceParagraph]:
    """*paragraphs* with the lines of a plain-text file that one paragraph was broken into
    joined again (see the module's docstring). Other paragraphs pass unchanged."""
    if sum(1 for p in paragraphs if p.marked_start is not None) < 2:
        return paragraphs
    shape = _shape(paragraphs)
    built: list[_Paragraph] = []
    for index, line in enumerate(paragraphs):
        if built and _goes_on(built[-1], line, index, shape):
            built[-1].add(line)
        else:
            built.append(_Paragraph(line, index))
    return [paragraph.paragraph(paragraphs) for paragraph in built]


def _shape(lines: list[SourceParagraph]) -> _Shape:
    shape = _Shape(header_end=_header_end(lines))
    marked = [index for index, line in enumerate(lines) if line.marked_start]
    if len(marked) >= 2:
        after_unfinished = after_finished = 0
        for index in range(marked[0] + 1, len(lines)):
            line, before = lines[index], lines[index - 1]
            if line.marked_start is not False or before.marked_start is None or _opens_element(line.text, False):
                continue
            if _ending(before.text) != "end":
                after_unfinished += 1
            elif not _stays_after_sentence(line.text):
                after_finished += 1
        if after_unfinished and after_unfinished >= after_finished:
            shape.marks_from = marked[0]
    if shape.marks_from is None:
        shape.wrapped, shape.width = _wrapping(lines)
    return shape


def _header_end(lines: list[SourceParagraph]) -> int:
    """Where the title block ends: after the salutation near the top, else a few lines
    after a title, else after the first few lines."""
    title = None
    for index, line in enumerate(lines[:HEADER_LINES]):
        if is_salutation(line.text):
            return index + 1
        if title is None and is_title(line.text):
            title = index
    return (title + 1 + BYLINE_LINES) if title is not None else BYLINE_LINES + 1


def _wrapping(lines: list[SourceParagraph]) -> tuple[bool, int]:
    """Whether lines without marks were broken at a width, and that width. Headings (a
    marker, no sentence) stop with no punctuation by nature: they are no sign of wrapping
    and do not set the width."""
    lengths = [len(line.text) for line in lines if len(line.text) >= 15]
    if len(lengths) >= 6:
        # A PDF's fixed width: half the long lines within a character of one length.
        common = max(set(lengths), key=lengths.count)
        near = sum(1 for n in lengths if abs(n - common) <= 1)
        unfinished = sum(
            1 for line in lines if len(line.text) >= 15 and _ending(line.text) != "end" and not _heading(line.text)
        )
        if near >= 0.5 * len(lengths) and unfinished >= 0.4 * len(lengths):
            return True, common
    broken = [
        len(before.text)
        for before, line in zip(lines, lines[1:])
        if len(before.text) >= 10
        and _ending(before.text) == "open"
        and not _heading(before.text)
        and not _opens_element(line.text, False)
    ]
    sizeable = sum(1 for line in lines if len(line.text) >= 10)
    if len(broken) >= 3 and len(broken) >= 0.3 * sizeable:
        return True, sorted(broken)[len(broken) // 2]
    return False, 0


def _goes_on(paragraph: _Paragraph, line: SourceParagraph, index: int, shape: _Shape) -> bool:
    """Whether *line* continues *paragraph* (the paragraph built so far before it)."""
    if paragraph.first.marked_start is None or line.marked_start is None:
        return False
    ending = _ending(paragraph.last_line)
    marks_rule = shape.marks_from is not None and index > shape.marks_from
    if marks_rule and line.marked_start:
        return False
    if line.text[0] in _NEVER_FIRST:
        return True
    if not marks_rule and (ending == "end" or (ending == "open" and not shape.wrapped)):
        return False  # the usual case, decided without looking further
    text = line.text
    header = index < shape.header_end
    if ending == "mid" and paragraph.length + len(text) <= 80:
        head = paragraph.head()
        if head and is_salutation(head[:-1] + "：") and is_salutation(head + text):
            return True  # 尊敬的各位领导、各位来宾，/ 女士们、先生们、朋友们：
    if _opens_element(text, header):
        return False
    if marks_rule:
        return ending != "end" or not _stays_after_sentence(text)
    if ending == "mid":
        return True
    if opens_closing(text):
        return False
    return not _stands_alone(paragraph, header) and len(paragraph.last_line) >= _wrapped_length(paragraph, shape)


def _stays_after_sentence(text: str) -> bool:
    """Whether the unmarked line *text*, after a finished sentence, is a paragraph of its own
    all the same: a closing (同志们，… 谢谢大家！) or a short unfinished label (县委办公室)."""
    return (len(text) < SHORT_SCRAP and _ending(text) != "end") or opens_closing(text)


def _stands_alone(paragraph: _Paragraph, header: bool) -> bool:
    """Whether *paragraph*, stopping with no punctuation, is a part that never goes on:
    a title, a byline, a salutation, a date, a note, a subtitle, or the first line."""
    head = paragraph.head()
    if not head:
        return False
    if paragraph.index == 0 and len(head) <= TITLE_LENGTH:
        return True
    return bool(
        is_date_line(head) or head.startswith(("—", "--")) or (header and (is_title(head) or looks_like_byline(head)))
    )


def _wrapped_length(paragraph: _Paragraph, shape: _Shape) -> int:
    """How long *paragraph*'s last line must be to count as broken at the width: a heading
    (一、… with no sentence in it) must fill the line; other lines half of it."""
    head = paragraph.head()
    if head and _heading(head):
        return max(shape.width - 1, 10)
    return max(shape.width // 2, 10)


def _heading(text: str) -> bool:
    """Whether *text* reads as a point's or sub-point's heading: it opens with a marker
    (一、 （一） 一是 第一，) and holds no sentence punctuation (。！？；)."""
    return bool(find_marker(text)) and not _SENTENCE_INSIDE.search(text)
