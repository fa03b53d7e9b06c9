"""Finding the parts of a speech in a list of raw paragraphs.

The order of work: strip vendor noise; find the title (and treat what precedes a clear
title as noise); the byline and salutation under it; then, in the body, the numbered
points — the longest run of markers in one style (一要、二要、三要…) that is not nested
inside another run — their sub-points, the transition before them and the closing after.
Markers inside a sentence never count: only a marker that opens a paragraph does, and only
as part of a run 1, 2, 3… of at least two.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from toolkit.importers.noise import NoiseRules
from toolkit.importers.sources import SourceParagraph, clean_text, squeeze_spaces, squeeze_title_spaces
from toolkit.importers.wrapping import rejoin_lines
from toolkit.model.invisible import RULE as INVISIBLE_RULE
from toolkit.model.invisible import describe
from toolkit.model.numbering import MarkerMatch, find_marker, marker_style
from toolkit.model.phrases import (
    MAX_BYLINE_LENGTH,
    is_salutation,
    is_title,
    is_transition,
    last_sentence,
    looks_like_byline,
    opens_closing,
    salutation_addressees,
    split_first_sentence,
)
from toolkit.model.speech import Point, RemovedLine, Speech, SubPoint

MAX_BYLINE_LINES = 3
TITLE_SEARCH_LIMIT = 15
"""How many paragraphs from the top a 在……的讲话 title is looked for in."""

# Which family wins when two runs are equally long and neither nests in the other:
# outline headings first, then run-in markers, then deeper outline levels.
_PRECEDENCE = ("chinese", "ordinal", "yao", "sequence", "shi", "paren_chinese", "arabic", "paren_arabic")
_UNTERMINATED = re.compile(r"[。！？；;，,]$")


def _family_key(style_id: str) -> str:
    return marker_style(style_id).kind


@dataclass
class _Para:
    text: str
    line: int
    bold_lead: str
    marker: MarkerMatch | None


def build_speech(paragraphs: list[SourceParagraph], rules: NoiseRules) -> Speech:
    """The :class:`Speech` that *paragraphs* (one source file, in order) make up."""
    kept, removed = strip_noise(paragraphs, rules)
    kept = rejoin_lines(kept)
    speech = Speech(numbering=None)
    index = _take_title(speech, kept, removed, rules)
    index = _take_byline_and_salutation(speech, kept, index, removed)
    body = [
        _Para(text, p.line, _squeeze(p.bold_lead), find_marker(text))
        for p in kept[index:]
        for text in [_squeeze(p.text)]
    ]
    _take_body(speech, body)
    removed += [
        RemovedLine(text=describe(p.invisible), line=p.line, rule=INVISIBLE_RULE) for p in paragraphs if p.invisible
    ]
    speech.noise = sorted(removed, key=lambda r: r.line or 0)
    return speech


# -- noise --------------------------------------------------------------------------------
_SPEECH_END = tuple("。！？!?：:…”』」")


def strip_noise(
    paragraphs: list[SourceParagraph],
    rules: NoiseRules,
) -> tuple[list[SourceParagraph], list[RemovedLine]]:
    """Paragraphs without vendor noise, and the removed lines with their reasons."""
    verdicts = [_noise_verdict(p.text, rules) for p in paragraphs]
    brands = _learned_brands(paragraphs, verdicts, rules)
    kept: list[SourceParagraph] = []
    removed: list[RemovedLine] = []
    for paragraph, (reason, spans) in zip(paragraphs, verdicts):
        if not reason and brands and len(paragraph.text) <= rules.brand_max_length and not find_marker(paragraph.text):
            if any(brand in paragraph.text for brand in brands):
                reason = "素材网站名称"
        if reason:
            removed.append(RemovedLine(paragraph.text.strip(), paragraph.line, reason))
            continue
        if spans:
            for start, end, why in spans:
                removed.append(RemovedLine(paragraph.text[start:end], paragraph.line, why))
            paragraph = replace(paragraph, text=_cut(paragraph.text, spans))
        kept.append(paragraph)
    return kept, removed


def _noise_verdict(text: str, rules: NoiseRules) -> tuple[str | None, list[tuple[int, int, str]]]:
    """``(reason, [])`` when the whole line *text* is noise; ``(None, spans)`` otherwise,
    *spans* being the advert fragments to cut out of it (often none).

    Bracketed adverts are cut first and what is left is judged on its own, so a speech
    sentence carrying a （关注公众号……） fragment keeps its words. A line whose rest is
    not a sentence, title or salutation (海量材料（加微信……）) goes as a whole.
    """
    reason = rules.line_reason(text)
    spans = rules.inline_spans(text)
    if not spans:
        return reason, []
    rest = _cut(text, spans)
    if not rest:
        return reason or spans[0][2], []
    if reason and (rules.line_reason(rest) or not _reads_as_speech(rest)):
        return reason, []
    return None, spans


def _reads_as_speech(text: str) -> bool:
    """Whether *text* is a sentence, a title or a salutation rather than an advert's scrap."""
    text = _squeeze(text)
    return text.endswith(_SPEECH_END) or is_title(text) or is_salutation(text)


def _cut(text: str, spans: list[tuple[int, int, str]]) -> str:
    """*text* without the (start, end, reason) *spans*, indentation removed."""
    for start, end, _why in reversed(spans):
        text = text[:start] + text[end:]
    return clean_text(text)


def _learned_brands(paragraphs: list[SourceParagraph], verdicts, rules: NoiseRules) -> set[str]:
    """Vendor names announced by the noise found (``酷乐文行整理，咨询QQ…`` → 酷乐文行)."""
    noisy = []
    for paragraph, (reason, spans) in zip(paragraphs, verdicts):
        if reason:
            noisy.append(paragraph.text)
        noisy += [paragraph.text[start:end] for start, end, _why in spans]
    brands: set[str] = set()
    for text in noisy:
        for brand in rules.brands_in(text):
            brand = re.sub(r"^.*?(由|本文|资料|材料)", "", brand)
            if len(brand) >= 2:
                brands.add(brand)
    return brands


# -- title, byline, salutation ---------------------------------------------------------------
def _take_title(speech: Speech, kept: list[SourceParagraph], removed: list[RemovedLine], rules: NoiseRules) -> int:
    """Set the title; return the index of the first paragraph after it."""
    limit = min(len(kept), TITLE_SEARCH_LIMIT)
    for index in range(limit):
        text = _squeeze(kept[index].text)
        if is_salutation(text) or len(text) > 100:
            break
        two_lines = None
        if index + 1 < len(kept) and not _UNTERMINATED.search(text) and len(text) <= 40:
            two_lines = text + _squeeze(kept[index + 1].text)
        first_line = index
        if is_title(text) and text.startswith("—") and index > 0 and _headline(kept[index - 1].text):
            # 坚定信心　真抓实干 / ——在全县经济工作会议上的讲话: the headline is the title.
            first_line = index - 1
            found, end = squeeze_title_spaces(kept[index - 1].text) + "\n" + text, index + 1
        elif is_title(text):
            found, end = squeeze_title_spaces(kept[index].text), index + 1
        elif two_lines and text.startswith("在") and is_title(two_lines):
            found, end = two_lines, index + 2
        else:
            continue
        if rules.before_title:
            end -= _drop_before_title(kept, first_line, removed)
        speech.title = found
        return _take_subtitle(speech, kept, end)
    # No recognisable title: a Word title/heading line, else the first short line.
    for index, paragraph in enumerate(kept[:3]):
        if paragraph.heading_level == 1 or paragraph.style.lower() in ("title", "标题"):
            speech.title = squeeze_title_spaces(paragraph.text)
            return _take_subtitle(speech, kept, index + 1 - _drop_before_title(kept, index, removed))
    if kept:
        first = _squeeze(kept[0].text)
        if len(first) <= 60 and not _UNTERMINATED.search(first) and not is_salutation(first) and not find_marker(first):
            speech.title = squeeze_title_spaces(kept[0].text)
            return _take_subtitle(speech, kept, 1)
    return 0


def _drop_before_title(kept: list[SourceParagraph], index: int, removed: list[RemovedLine]) -> int:
    """Remove the paragraphs before the title at *index*, reporting each; returns how many."""
    for paragraph in kept[:index]:
        removed.append(RemovedLine(paragraph.text.strip(), paragraph.line, "标题前的无关内容"))
    del kept[:index]
    return index


def _headline(text: str) -> bool:
    """Whether *text* could be a headline title above a ——subtitle (short, no sentence)."""
    text = _squeeze(text)
    return (
        2 <= len(text) <= 30
        and not _UNTERMINATED.search(text)
        and not is_salutation(text)
        and not find_marker(text)
        and not text.startswith("—")
    )


def _take_subtitle(speech: Speech, kept: list[SourceParagraph], index: int) -> int:
    if index < len(kept):
        text = _squeeze(kept[index].text)
        if text.startswith(("——", "—", "--")) and len(text) <= 90:
            speech.title = f"{speech.title}\n{text}"
            return index + 1
    return index


def _take_byline_and_salutation(
    speech: Speech, kept: list[SourceParagraph], index: int, removed: list[RemovedLine]
) -> int:
    """Take the byline lines and the salutation under the title; return the body's first index.

    A short line between the title and a salutation that reads like neither a byline nor
    speech (a vendor's slogan) is reported as noise rather than kept as the byline.
    """
    byline: list[str] = []
    stray: list[SourceParagraph] = []
    start = index
    while index < len(kept) and index - start < MAX_BYLINE_LINES + 2:
        raw = kept[index].text.strip()
        text = _squeeze(raw)
        if is_salutation(text):
            speech.salutation = text
            removed += [RemovedLine(p.text.strip(), p.line, "标题与称呼之间的无关内容") for p in stray]
            index += 1
            break
        if (
            speech.title is None
            or len(text) > MAX_BYLINE_LENGTH
            or _UNTERMINATED.search(text)
            or find_marker(text)
            or opens_closing(text)
        ):
            break
        if looks_like_byline(text) and not stray and len(byline) < MAX_BYLINE_LINES:
            byline.append(raw)
        else:
            stray.append(kept[index])
        index += 1
    if speech.salutation is None and stray:
        index -= len(stray)  # no salutation follows: those lines are the opening after all
        index = max(index, start + len(byline))
    speech.byline = "\n".join(byline) if byline else None
    return index


# -- the body -----------------------------------------------------------------------------------
MAX_NUMBER_GAP = 2
"""How many numbers a run of markers may skip (一、二、四、: a section deleted) and stay one run."""


def _runs(body: list[_Para]) -> tuple[list[tuple[str, list[int]]], dict[int, int]]:
    """Every run of markers numbered 1, 2, 3… in one style, as (style id, paragraph indexes),
    and the markers that broke the order: index → index of the marker before it.

    A number skipped (一、二、四、, at most :data:`MAX_NUMBER_GAP` of them) or repeated
    (一要、二要、二要) does not end the run: the material was edited by deleting or copying
    a section, and the points are one run, numbered afresh. A 1 always starts a new run;
    首先/其次/最后 must keep their order.
    """
    open_runs: dict[str, list[int]] = {}
    runs: list[tuple[str, list[int]]] = []
    irregular: dict[int, int] = {}
    for index, para in enumerate(body):
        marker = para.marker
        if marker is None:
            continue
        current = open_runs.get(marker.style_id)
        if marker.number == 1:
            current = [index]
            open_runs[marker.style_id] = current
            runs.append((marker.style_id, current))
            continue
        if current is None:
            continue
        if marker.number is None:  # 最后，closes a 首先 run
            current.append(index)
            open_runs.pop(marker.style_id)
            continue
        last = body[current[-1]].marker.number
        if marker.number == last + 1:
            current.append(index)
        elif _family_key(marker.style_id) != "sequence" and last <= marker.number <= last + 1 + MAX_NUMBER_GAP:
            irregular[index] = current[-1]
            current.append(index)
    return [(style, indexes) for style, indexes in runs if len(indexes) >= 2], irregular


def _renumbering_hints(
    body: list[_Para], run: list[int], irregular: dict[int, int], point: int = 0
) -> list[tuple[int, str]]:
    """(line, 提示) for each marker of *run* that broke the order, saying what it is now
    (*point*: the number of the point whose sub-points *run* numbers, 0 for the points)."""
    hints = []
    for position, index in enumerate(run):
        if index not in irregular:
            continue
        before, this = body[irregular[index]].marker, body[index].marker
        new = marker_style(this.style_id).marker(position + 1)
        whose, which = (f"第{point}点中小点的", "这一小点") if point else ("原文", "这一点")
        if before.number == this.number:
            what = f"{whose}编号“{this.text}”重复"
        else:
            what = f"{whose}编号从“{before.text}”跳到“{this.text}”"
        hints.append((body[index].line, f"第{body[index].line}行：{what}，已按顺序重新编号（{which}现为“{new}”）"))
    return hints


def _nested(inner: list[int], outer: list[int], end: int) -> bool:
    """Whether run *inner* lies between two consecutive markers of run *outer*."""
    if inner[0] <= outer[0]:
        return False
    bounds = outer + [end]
    for k in range(len(outer)):
        if bounds[k] < inner[0] and inner[-1] < bounds[k + 1]:
            return True
    return False


def _take_body(speech: Speech, body: list[_Para]) -> None:
    runs, irregular = _runs(body)
    end = len(body)
    top_candidates = [
        run for run in runs if not any(_nested(run[1], other[1], end) for other in runs if other is not run)
    ]
    transitions = [i for i, para in enumerate(body) if is_transition(last_sentence(para.text)[1])]

    def score(run: tuple[str, list[int]]):
        style, indexes = run
        after_transition = any(t < indexes[0] for t in transitions)
        return (after_transition, len(indexes), -_PRECEDENCE.index(_family_key(style)), -indexes[0])

    if not top_candidates:
        _take_unnumbered(speech, body)
        return
    style_id, markers = max(top_candidates, key=score)
    speech.numbering = style_id
    hints = _renumbering_hints(body, markers, irregular)

    # Opening and transition.
    opening = [para.text for para in body[: markers[0]]]
    if opening:
        before, sentence = last_sentence(opening[-1])
        if is_transition(sentence):
            speech.transition = sentence.strip()
            if before.strip():
                opening[-1] = before
                speech.transition_run_in = True
            else:
                opening.pop()
    speech.opening = opening

    # Regions of each point; the last one ends where the closing starts.
    closing_start = _closing_start(body, markers, runs, style_id, speech.salutation)
    bounds = markers + [closing_start]
    regions = [list(range(bounds[k], bounds[k + 1])) for k in range(len(markers))]
    sub_style = _dominant_substyle(regions, runs, style_id)
    if sub_style:
        speech.subnumbering = sub_style

    lead_paragraph_alone = 0
    lead_paragraph_shared = 0
    sub_alone = 0
    sub_shared = 0
    for region in regions:
        sub_markers = _sub_run_in(region, runs, sub_style) if sub_style else []
        hints += _renumbering_hints(body, sub_markers, irregular, len(speech.points) + 1)
        sub_start = sub_markers[0] if sub_markers else region[-1] + 1
        lead, rest, following = _lead_of(body, region[0], style_id, sub_start)
        point = Point(lead=lead, body=[rest] if rest else [])
        if rest:
            lead_paragraph_shared += 1
        elif len(region) > 1:
            lead_paragraph_alone += 1
        point.body += [body[i].text for i in range(following, sub_start)]
        sub_bounds = sub_markers + [region[-1] + 1]
        for k, sub_index in enumerate(sub_markers):
            sub_lead, sub_rest, following = _lead_of(body, sub_index, sub_style, sub_bounds[k + 1])
            sub = SubPoint(lead=sub_lead, body=[sub_rest] if sub_rest else [])
            if sub_rest:
                sub_shared += 1
            elif sub_bounds[k + 1] > sub_index + 1:
                sub_alone += 1
            sub.body += [body[i].text for i in range(following, sub_bounds[k + 1])]
            point.subpoints.append(sub)
        speech.points.append(point)
    speech.point_layout = _layout(marker_style(style_id).run_in, lead_paragraph_shared, lead_paragraph_alone)
    if sub_style:
        speech.subpoint_layout = _layout(marker_style(sub_style).run_in, sub_shared, sub_alone)
    speech.closing = [para.text for para in body[closing_start:]]
    speech.import_hints += [hint for _line, hint in sorted(hints)]


def _layout(style_run_in: bool, shared: int, alone: int) -> str | None:
    """``None`` when the points are laid out as their style usually is, else the layout seen."""
    seen_run_in = shared >= alone if (shared or alone) else style_run_in
    if seen_run_in == style_run_in:
        return None
    return "run_in" if seen_run_in else "heading"


def _closing_start(body: list[_Para], markers: list[int], runs, style_id: str, salutation: str | None) -> int:
    """Index of the first closing paragraph (``len(body)`` when there is none)."""
    last = markers[-1]
    sub_indexes = {i for style, indexes in runs if style != style_id for i in indexes}
    for index in range(last + 1, len(body)):
        if index not in sub_indexes and _opens_closing(body[index].text, salutation):
            return index
    # No closing phrase: when every other point is a single paragraph, so is the last one.
    others_single = all(markers[k + 1] - markers[k] == 1 for k in range(len(markers) - 1))
    has_subpoints = any(index > last for index in sub_indexes)
    if others_single and len(markers) >= 2 and not has_subpoints and marker_style(style_id).run_in:
        return last + 1
    return len(body)


def _dominant_substyle(regions: list[list[int]], runs, style_id: str) -> str | None:
    counts: Counter[str] = Counter()
    for region in regions:
        inside = {
            style
            for style, indexes in runs
            if style != style_id and indexes[0] > region[0] and indexes[-1] <= region[-1]
        }
        counts.update(inside)
    if not counts:
        return None
    return max(counts, key=lambda style: (counts[style], -_PRECEDENCE.index(_family_key(style))))


def _sub_run_in(region: list[int], runs, sub_style: str) -> list[int]:
    for style, indexes in runs:
        if style == sub_style and indexes[0] > region[0] and indexes[-1] <= region[-1]:
            return indexes
    return []


def _lead_of(body: list[_Para], index: int, style_id: str, end: int) -> tuple[str, str, int]:
    """The lead and the rest of the paragraph of the point (or sub-point) at *index*, and the
    index of its first body paragraph.

    A lead that stops mid-sentence (``强化项目支撑，``: its paragraph was broken in two, as a
    web page pasted into Word leaves it) takes the first sentence of the next paragraph, when
    that paragraph (before *end*) carries no marker of its own: a lead never ends in a comma.
    """
    lead, rest = _lead_and_rest(body[index], style_id)
    following = index + 1
    if not rest and lead.endswith(("，", ",", "、")) and following < end and body[following].marker is None:
        first, more = split_first_sentence(body[following].text)
        return lead + first, more.strip(), following + 1
    return lead, rest, following


def _lead_and_rest(para: _Para, style_id: str) -> tuple[str, str]:
    """Split a point's paragraph into lead sentence and the rest, after its marker."""
    after = para.text[len(para.marker.text) :] if para.marker else para.text
    after = after.lstrip("，,、：: ")
    bold = para.bold_lead
    if bold and para.marker and bold.startswith(para.marker.text):
        bold = bold[len(para.marker.text) :].lstrip("，,、：: ")
    if bold and after.startswith(bold) and bold != after:
        return bold, after[len(bold) :].strip()
    style = marker_style(style_id)
    if not style.run_in:
        first, rest = split_first_sentence(after)
        if not rest.strip():
            return after, ""
        return first, rest.strip()
    first, rest = split_first_sentence(after)
    return first, rest.strip()


def _take_unnumbered(speech: Speech, body: list[_Para]) -> None:
    """A speech without numbered points (a 致辞): opening, then any closing paragraphs."""
    texts = [para.text for para in body]
    closing_start = len(texts)
    for index in range(max(1, len(texts) - 3), len(texts)):
        if _opens_closing(texts[index], speech.salutation):
            closing_start = index
            break
    speech.opening = texts[:closing_start]
    speech.closing = texts[closing_start:]


def _opens_closing(text: str, salutation: str | None) -> bool:
    """Whether the paragraph *text* opens the closing: a stock opener (同志们，… 总之，…
    以上讲话……), or the speech's own salutation repeated with a comma (各位企业家朋友，…)."""
    if opens_closing(text):
        return True
    addressees = salutation_addressees(salutation)
    return (
        bool(addressees)
        and text.startswith(addressees[0])
        and text[len(addressees[0]) : len(addressees[0]) + 1]
        in (
            "，",
            ",",
            "、",
            "！",
            "!",
        )
    )


def _squeeze(text: str) -> str:
    return squeeze_spaces(text)
