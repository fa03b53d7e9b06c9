"""Chinese numerals and the marker styles that number a speech's points.

A *marker style* is named by the marker its first point carries: ``"一要"``, ``"一是"``,
``"一、"``, ``"第一，"``, ``"首先，"``, ``"（一）"``, ``"1."``, ``"（1）"`` and their
punctuation variants (``"第一、"``, ``"1．"``, ``"(1)"``…). The name is all a draft stores;
markers are generated from it, so points themselves never carry numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from toolkit.errors import NumberingError

_DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE = {ch: i for i, ch in enumerate(_DIGITS)}

MAX_POINTS = 99
"""Numbered styles go up to 九十九 / 99."""

SEQUENCE_WORDS = ("首先", "其次", "再次", "最后")
"""The words of the 首先/其次/再次/最后 style, in order; 最后 always marks the last point."""


def chinese_numeral(number: int) -> str:
    """``3`` → ``"三"``, ``10`` → ``"十"``, ``21`` → ``"二十一"``; 1 to 99 only."""
    if not 1 <= number <= MAX_POINTS:
        raise NumberingError(f"中文序号只支持 1 到 {MAX_POINTS}，收到 {number}", hint="请减少条目数量")
    tens, units = divmod(number, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else _DIGITS[tens]) + "十"
    if units:
        text += _DIGITS[units]
    return text


def parse_chinese_numeral(text: str) -> int | None:
    """``"二十一"`` → ``21``; ``None`` when *text* is not a numeral from 一 to 九十九."""
    if not text or len(text) > 3 or any(ch not in _DIGIT_VALUE and ch != "十" for ch in text):
        return None
    if "十" not in text:
        if len(text) != 1 or text == "零":
            return None
        return _DIGIT_VALUE[text]
    head, _, tail = text.partition("十")
    if "十" in tail or len(head) > 1 or len(tail) > 1 or head == "一" or head == "零" or tail == "零":
        return None
    tens = _DIGIT_VALUE[head] if head else 1
    units = _DIGIT_VALUE[tail] if tail else 0
    value = tens * 10 + units
    return value if chinese_numeral(value) == text else None


@dataclass(frozen=True)
class MarkerStyle:
    """How points are numbered, e.g. ``一要``/``二要``.

    ``id`` is the first marker (``"一要"``); ``family`` is ``"chinese"`` (一, 二…),
    ``"arabic"`` (1, 2…) or ``"sequence"`` (首先/其次/再次/最后); ``prefix`` and
    ``suffix`` surround the number (``"第"``/``"，"``); ``run_in`` says whether the lead
    sentence normally opens a paragraph whose body follows (一要……。正文) rather than
    standing on its own line as a heading (一、……); ``label`` describes the style to staff.
    """

    id: str
    family: str
    prefix: str
    suffix: str
    run_in: bool
    label: str

    @property
    def kind(self) -> str:
        """What sort of marker this is, finer than ``family``: ``"yao"`` (一要), ``"shi"``
        (一是), ``"ordinal"`` (第一，), ``"sequence"`` (首先，), ``"chinese"`` (一、),
        ``"paren_chinese"`` (（一）), ``"arabic"`` (1.) or ``"paren_arabic"`` (（1）).

        The importer ranks styles by it, and the exporters pick paragraph styles by it; it
        is computed here only."""
        if self.family == "sequence":
            return "sequence"
        if self.family == "arabic":
            return "paren_arabic" if self.prefix else "arabic"
        if self.prefix == "第":
            return "ordinal"
        if self.prefix:
            return "paren_chinese"
        return {"要": "yao", "是": "shi"}.get(self.suffix, "chinese")

    @property
    def heading_level(self) -> int | None:
        """The outline level its markers stand for when a lead is a heading of its own:
        1 for 一、, 2 for （一）, 3 for 1., 4 for （1）; ``None`` for the run-in kinds (一要,
        一是, 第一，, 首先，), which lead a paragraph rather than head one."""
        return HEADING_LEVELS.get(self.kind)

    @property
    def max_count(self) -> int:
        """How many points this style can number."""
        return len(SEQUENCE_WORDS) if self.family == "sequence" else MAX_POINTS

    def markers(self, count: int) -> list[str]:
        """The markers for *count* points, in order."""
        if count > self.max_count:
            raise NumberingError(
                f"编号样式“{self.id}”最多只能编 {self.max_count} 点，现在有 {count} 点",
                hint="请换用“一要”“一是”“一、”等可编到九十九的样式，或合并要点",
            )
        if self.family == "sequence":
            words = {1: ["首先"], 2: ["首先", "其次"], 3: ["首先", "其次", "最后"]}.get(count, list(SEQUENCE_WORDS))
            return [word + self.suffix for word in words[:count]]
        return [self.marker(n) for n in range(1, count + 1)]

    def marker(self, number: int, count: int | None = None) -> str:
        """The marker of point *number* (1-based) among *count* points."""
        if self.family == "sequence":
            return self.markers(count if count is not None else max(number, 1))[number - 1]
        if number > self.max_count:
            self.markers(number)  # raises the clear error
        digits = chinese_numeral(number) if self.family == "chinese" else str(number)
        return f"{self.prefix}{digits}{self.suffix}"


# prefix → allowed suffixes, per family; the run-in default follows the suffix/prefix.
_CHINESE_SHAPES = {"": ("要", "是", "、", "．", "."), "第": ("，", "、", "：", ":"), "（": ("）",), "(": (")",)}
_ARABIC_SHAPES = {"": (".", "．", "、"), "（": ("）",), "(": (")",)}
_SEQUENCE_SUFFIXES = ("，", "、", "：")

_LABELS = {
    "要": "一要、二要……（主旨句领起段落）",
    "是": "一是、二是……（主旨句领起段落）",
    "第": "第一，第二，……（主旨句领起段落）",
    "sequence": "首先、其次、再次、最后（最多四点）",
    "chinese": "一、二、……（一级标题单独成行）",
    "paren_chinese": "（一）（二）……（二级标题）",
    "arabic": "1. 2. ……（三级标题）",
    "paren_arabic": "（1）（2）……（四级标题）",
}

HEADING_LEVELS = {"chinese": 1, "paren_chinese": 2, "arabic": 3, "paren_arabic": 4}
"""Outline level by marker kind (GB/T 9704's 一、 （一） 1. （1） hierarchy)."""

COMMON_STYLES = ("一要", "一是", "一、", "第一，", "首先，", "（一）", "1.", "（1）")
"""The styles the composer offers first; any punctuation variant is accepted too."""

_STYLE_ID = re.compile(r"^(?P<prefix>第|（|\()?(?P<num>一|1)(?P<suffix>.+)$")


@lru_cache(maxsize=None)
def marker_style(style_id: str) -> MarkerStyle:
    """The :class:`MarkerStyle` named *style_id* (``"一要"``, ``"（一）"``, ``"1."``…).

    Raises :class:`NumberingError` naming the accepted styles when *style_id* is unknown.
    """
    style_id = (style_id or "").strip()
    for word_suffix in _SEQUENCE_SUFFIXES:
        if style_id == "首先" + word_suffix:
            return MarkerStyle(style_id, "sequence", "", word_suffix, True, _LABELS["sequence"])
    found = _STYLE_ID.match(style_id)
    if found:
        prefix, suffix = found["prefix"] or "", found["suffix"]
        family = "chinese" if found["num"] == "一" else "arabic"
        shapes = _CHINESE_SHAPES if family == "chinese" else _ARABIC_SHAPES
        if suffix in shapes.get(prefix, ()):
            run_in = suffix in ("要", "是") or prefix == "第"
            if suffix in ("要", "是"):
                label = _LABELS[suffix]
            elif prefix == "第":
                label = _LABELS["第"]
            elif prefix:
                label = _LABELS["paren_" + family]
            else:
                label = _LABELS[family]
            return MarkerStyle(style_id, family, prefix, suffix, run_in, label)
    raise NumberingError(
        f"不认识的编号样式“{style_id}”",
        hint="可用的样式有：" + "、".join(f"“{s}”" for s in COMMON_STYLES),
    )


@dataclass(frozen=True)
class MarkerMatch:
    """A marker found at the start of a paragraph.

    ``style_id`` names its style; ``number`` is its value (for 最后, ``None``: it closes a
    sequence whatever its length); ``text`` is the marker exactly as written.
    """

    style_id: str
    number: int | None
    text: str


_CHINESE_MARKER = re.compile(
    r"(?P<prefix>第|（|\()?(?P<num>[一二三四五六七八九十]{1,3})(?P<suffix>要|是|、|．|\.|，|：|:|）|\))"
)
_ARABIC_MARKER = re.compile(r"(?P<prefix>（|\()?(?P<num>\d{1,2})(?P<suffix>\.|．|、|）|\))(?!\d)")
_SEQUENCE_MARKER = re.compile(r"(?P<word>首先|其次|再次|最后)(?P<suffix>，|、|：)")


def find_marker(text: str) -> MarkerMatch | None:
    """The marker that opens *text*, if any (``"二要切实……"`` → 二要, number 2)."""
    head = text[:8]
    found = _CHINESE_MARKER.match(head)
    if found:
        prefix, suffix = found["prefix"] or "", found["suffix"]
        number = parse_chinese_numeral(found["num"])
        if number is not None and suffix in _CHINESE_SHAPES.get(prefix, ()):
            return MarkerMatch(f"{prefix}一{suffix}", number, found.group(0))
    found = _ARABIC_MARKER.match(head)
    if found:
        prefix, suffix = found["prefix"] or "", found["suffix"]
        number = int(found["num"])
        if number >= 1 and not found["num"].startswith("0") and suffix in _ARABIC_SHAPES.get(prefix, ()):
            return MarkerMatch(f"{prefix}1{suffix}", number, found.group(0))
    found = _SEQUENCE_MARKER.match(head)
    if found:
        word = found["word"]
        number = None if word == "最后" else SEQUENCE_WORDS.index(word) + 1
        return MarkerMatch("首先" + found["suffix"], number, found.group(0))
    return None
