"""Invisible and control characters: found, named and removed in one place.

C0 and C1 control characters (tab and newline excepted), the bidirectional embeddings,
overrides and isolates (U+202A–202E, U+2066–2069) and marks (U+200E, U+200F), zero-width
characters (U+200B–200D, U+2060, U+FEFF inside text), the soft hyphen and the
non-characters U+FFFE/FFFF carry no visible text. Copied from web pages or planted on
purpose, they make a title print reversed (U+202E), hide a point's marker from the
importer (一\u202e要) or stop Word's XML. The importer removes them on import, drafts on
save, the service on export; each removal is reported like vendor noise, and the checks
flag any that a hand-edited draft still holds.
"""

from __future__ import annotations

import re
import unicodedata

from toolkit.model.fields import map_speech_texts, speech_texts
from toolkit.model.speech import RemovedLine, Speech

_CODES = [
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    0x00AD,
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x206A),
    0xFEFF,
    0xFFFE,
    0xFFFF,
]
INVISIBLE = re.compile("[" + "".join(re.escape(chr(code)) for code in _CODES) + "]")
"""One invisible or control character (see the module docstring)."""
REMOVE = dict.fromkeys(_CODES)
"""A ``str.translate`` table that drops every invisible character."""
RULE = "不可见字符"
"""The rule name removals are reported under, beside the vendor-noise rules."""

_NAMES = {
    0x202A: "从左向右嵌入",
    0x202B: "从右向左嵌入",
    0x202C: "嵌入结束",
    0x202D: "从左向右覆盖",
    0x202E: "从右向左覆盖",
    0x2066: "从左向右隔离",
    0x2067: "从右向左隔离",
    0x2068: "方向隔离",
    0x2069: "隔离结束",
    0x200E: "从左向右标记",
    0x200F: "从右向左标记",
    0x200B: "零宽空格",
    0x200C: "零宽不连字",
    0x200D: "零宽连字",
    0x2060: "零宽不换行",
    0xFEFF: "零宽不换行空格",
    0x00AD: "软连字符",
    0x0B: "垂直制表符",
    0x0C: "换页符",
    0x0D: "回车符",
    0x00: "空字符",
}


def invisible_in(text: str) -> str:
    """The invisible characters in *text*, each once, in order of first appearance."""
    return "".join(dict.fromkeys(INVISIBLE.findall(text)))


def strip_invisible(text: str) -> str:
    """*text* without its invisible characters."""
    return text.translate(REMOVE)


def describe(characters: str) -> str:
    """``U+202E（从右向左覆盖）、U+000B（垂直制表符）`` for staff."""
    names = []
    for ch in characters:
        name = _NAMES.get(ord(ch)) or ("控制字符" if unicodedata.category(ch) == "Cc" else "不可见字符")
        names.append(f"U+{ord(ch):04X}（{name}）")
    return "、".join(names)


def invisible_fields(speech: Speech) -> list[tuple[str, str]]:
    """``(where, characters)`` of each field of *speech* (metadata included) that holds
    invisible characters."""
    return [(where, found) for where, text in speech_texts(speech, metadata=True) if (found := invisible_in(text))]


def removals(speech: Speech) -> list[RemovedLine]:
    """What :func:`clean_speech` would remove, as entries for ``Speech.noise``."""
    return [
        RemovedLine(text=f"{where}：{describe(found)}", line=None, rule=RULE)
        for where, found in invisible_fields(speech)
    ]


def clean_speech(speech: Speech, *, in_place: bool = False) -> tuple[Speech, list[RemovedLine]]:
    """*speech* without invisible characters in any field (a copy, unless *in_place*), and
    what was removed (also recorded in its ``noise``, each entry once)."""
    removed = removals(speech)
    if not removed:
        return speech, []
    cleaned = map_speech_texts(speech, lambda where, text: strip_invisible(text), metadata=True, in_place=in_place)
    cleaned.noise = list(cleaned.noise) + [entry for entry in removed if entry not in cleaned.noise]
    return cleaned, removed
