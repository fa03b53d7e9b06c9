"""注音 entries and sentences, as plain data: what a reading given in a 注音 list must look
like, and where a paragraph may be cut so that a page never turns inside a sentence.

The pinyin itself (pypinyin, the list of common characters) is in :mod:`toolkit.readings`;
this module is standard library only so that the draft reader can check a draft's entries.
"""

from __future__ import annotations

import re
import unicodedata

TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
"""The vowels (and the rare syllabic n, m) pinyin writes with a tone mark, and ü."""
_READING = re.compile(rf"^[A-Za-z{TONE_MARKED}{TONE_MARKED.upper()}Üv1-5' ’\-·]+$")
SEPARATORS = re.compile(r"[ '’\-·]+")
"""What may stand between syllables in a reading: spaces, the apostrophe (隔音符号), hyphens."""
MAX_WORD = 20
"""An entry is a word or a name, not a sentence."""

SENTENCE_END = "。！？!?"
"""A page may turn after one of these (and the closing marks that follow it)."""
CLOSING_MARKS = "”’」』）》】〕〗)\"'"
"""Closing quotation marks and brackets that belong to the sentence before them."""
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*(?:[{SENTENCE_END}]+[{re.escape(CLOSING_MARKS)}]*|$)")


def is_han(character: str) -> bool:
    """Whether *character* is a Chinese character (a CJK ideograph of any Unicode block, or 〇)."""
    if character == "〇":
        return True
    name = unicodedata.name(character, "")
    return name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def entry_problem(word: str, reading: object) -> tuple[str, str] | None:
    """What is wrong with the 注音 entry *word*: *reading*, as (problem, what to do) in
    Chinese; ``None`` when it is a word of Chinese characters with a reading in pinyin
    (tone marks ``Lù'ān`` or tone numbers ``lu4 an1``). Whether the reading has one syllable
    for each character is checked where the pinyin is (:mod:`toolkit.readings`)."""
    example = "例如 六安: Lù'ān（也可写 lu4 an1）"
    if not word or not all(is_han(c) or c == "·" for c in word):
        return f"注音表中的“{word}”应是汉字写的词语或名字", example
    if len(word) > MAX_WORD:
        return f"注音表中的“{word[:MAX_WORD]}…”太长，应是一个词语或名字", "每行写一个词语和它的读音"
    if reading is None or (isinstance(reading, str) and not reading.strip()):
        return f"注音表中的“{word}”没有写读音", example
    if not isinstance(reading, str) or not _READING.match(reading.strip()):
        return f"注音表中“{word}”的读音“{reading}”不是拼音", example
    return None


def split_sentences(text: str) -> list[str]:
    """*text* cut after each sentence end (。！？ and the closing quotation marks and brackets
    that follow): pieces that join back to *text*; the last piece may end without one."""
    pieces = [piece for piece in _SENTENCE.findall(text) if piece]
    return pieces or [text]
