"""The reading copy's paragraphs: each printed paragraph cut into one ``<w:p>`` a sentence,
and pinyin (Word ruby) over the characters that need it.

The writer builds a paragraph as usual (:mod:`docx_writer`), then :func:`reading_paragraphs`
reshapes it: the runs are cut where the sentences end (:func:`toolkit.model.readings.split_sentences`),
every piece but the first loses its first-line indent, and every character
:func:`toolkit.readings.annotate` names becomes a ruby of its own::

    <w:r><w:rPr>…the run's own…</w:rPr>
      <w:ruby>
        <w:rubyPr><w:rubyAlign w:val="center"/><w:hps w:val="22"/><w:hpsRaise w:val="42"/>
                  <w:hpsBaseText w:val="44"/><w:lid w:val="zh-CN"/></w:rubyPr>
        <w:rt><w:r><w:rPr>…Times New Roman, 11 pt…</w:rPr><w:t>lù</w:t></w:r></w:rt>
        <w:rubyBase><w:r><w:rPr>…the run's own…</w:rPr><w:t>六</w:t></w:r></w:rubyBase>
      </w:ruby></w:r>

which is what Word's 拼音指南 writes, one character a ruby.
"""

from __future__ import annotations

import copy

from toolkit.exporters.official import LATIN_FONT, W, add
from toolkit.model.readings import split_sentences
from toolkit.readings import Annotation

_T = W + "t"
_R = W + "r"
_UNCUT = ("title", "subtitle", "byline")
"""Paragraphs left whole: short, and the title is narrowed to break where it should."""
_BEFORE_IND = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "snapToGrid", "spacing")
"""``w:pPr`` children that come before ``w:ind`` in the schema."""


def paragraph_text(paragraph) -> str:
    """The text of a paragraph the writer built (one ``w:t`` a run)."""
    return "".join(t.text or "" for t in paragraph.iter(_T))


def reading_paragraphs(paragraph, role: str, marks: list[Annotation], *, size: int, ruby: int, new_page: bool) -> list:
    """*paragraph* (a ``<w:p>`` in *role*'s style) as the reading copy prints it: one
    paragraph a sentence (titles and bylines whole), the characters of *marks* with their
    pinyin above (*ruby* half-points over text of *size*), and a page break before it when
    *new_page*."""
    text = paragraph_text(paragraph)
    pieces = [text] if role in _UNCUT else split_sentences(text)
    out = []
    start = 0
    for number, piece in enumerate(pieces):
        end = start + len(piece)
        part = _slice(paragraph, start, end) if len(pieces) > 1 else paragraph
        if number:
            _no_first_line_indent(part)
        _add_ruby(part, [mark for mark in marks if start <= mark.index < end], start, size, ruby)
        out.append(part)
        start = end
    if new_page and out:
        properties = out[0].find(W + "pPr")
        properties.insert(1, properties.makeelement(W + "pageBreakBefore", {}))
    return out


def _slice(paragraph, start: int, end: int):
    """A copy of *paragraph* holding only its characters *start* to *end*."""
    part = copy.deepcopy(paragraph)
    offset = 0
    for run in list(part.iter(_R)):
        text_element = run.find(_T)
        text = (text_element.text or "") if text_element is not None else ""
        keep = text[max(start - offset, 0) : max(end - offset, 0)]
        offset += len(text)
        if text_element is None:
            continue
        if keep:
            text_element.text = keep
        else:
            run.getparent().remove(run)
    return part


def _no_first_line_indent(paragraph) -> None:
    """A sentence continuing a paragraph starts at the margin."""
    properties = paragraph.find(W + "pPr")
    indent = properties.find(W + "ind")
    if indent is None:
        indent = properties.makeelement(W + "ind", {})
        place = sum(1 for child in properties if child.tag.split("}")[1] in _BEFORE_IND)
        properties.insert(place, indent)
    indent.set(W + "firstLine", "0")
    indent.set(W + "firstLineChars", "0")


def _add_ruby(paragraph, marks: list[Annotation], start: int, size: int, ruby: int) -> None:
    """Each character of *marks* (indices counted from *start*) as a ruby of its own, its
    run's formatting kept on both sides of it."""
    if not marks:
        return
    wanted = {mark.index - start: mark.reading for mark in marks if mark.reading}
    offset = 0
    for run in list(paragraph.iter(_R)):
        text_element = run.find(_T)
        text = (text_element.text or "") if text_element is not None else ""
        here = [i for i in range(len(text)) if offset + i in wanted]
        if here:
            _split_run(run, text, [(i, wanted[offset + i]) for i in here], size, ruby)
        offset += len(text)


def _split_run(run, text: str, rubies: list[tuple[int, str]], size: int, ruby: int) -> None:
    """Replace *run* (holding *text*) by plain runs and one ruby run per (index, reading)."""
    parent = run.getparent()
    position = parent.index(run)
    new = []
    cursor = 0
    for index, reading in rubies:
        if index > cursor:
            new.append(_plain_run(run, text[cursor:index]))
        new.append(_ruby_run(run, text[index], reading, size, ruby))
        cursor = index + 1
    if cursor < len(text):
        new.append(_plain_run(run, text[cursor:]))
    parent.remove(run)
    for offset, element in enumerate(new):
        parent.insert(position + offset, element)


def _plain_run(run, text: str):
    """A copy of *run* holding *text*."""
    piece = copy.deepcopy(run)
    piece.find(_T).text = text
    return piece


def _ruby_run(run, character: str, reading: str, size: int, ruby: int):
    """A run with *run*'s formatting holding *character* with *reading* above it."""
    properties = run.find(W + "rPr")
    outer = run.makeelement(_R, {})
    if properties is not None:
        outer.append(copy.deepcopy(properties))
    element = add(outer, "ruby")
    settings = add(element, "rubyPr")
    add(settings, "rubyAlign", val="center")
    add(settings, "hps", val=ruby)
    add(settings, "hpsRaise", val=size - 2)
    add(settings, "hpsBaseText", val=size)
    add(settings, "lid", val="zh-CN")
    guide = add(add(element, "rt"), "r")
    guide_properties = add(guide, "rPr")
    add(guide_properties, "rFonts", ascii=LATIN_FONT, hAnsi=LATIN_FONT, cs=LATIN_FONT)
    add(guide_properties, "sz", val=ruby)
    add(guide_properties, "szCs", val=ruby)
    add(guide, "t").text = reading
    base = add(add(element, "rubyBase"), "r")
    if properties is not None:
        base.append(copy.deepcopy(properties))
    add(base, "t", **{}).text = character
    return outer
