"""Character counts and speaking time, as staff reckon them.

字数 counts every non-white-space character (Chinese characters, punctuation, digits and
letters alike), the way Word's 字数统计 "字符数(不计空格)" does. Speaking time divides the
spoken characters (salutation to closing: the title and byline are not read aloud) by a
rate in characters per minute.
"""

from __future__ import annotations

from toolkit.model.layout import speech_blocks
from toolkit.model.speech import Speech

DEFAULT_RATE = 150
"""Characters per minute a leader reads a speech at (字/分钟)."""
MAX_PARAGRAPH_CHARACTERS = 1_000_000
"""The longest paragraph a .docx can carry: Word's XML readers refuse a text node past
about 10 MB, so export refuses more and check says so first."""


def character_count(text: str) -> int:
    """The number of non-white-space characters in *text*."""
    # str.split() cuts at exactly the characters str.isspace() accepts, in C: a
    # 100,000-character draft is counted on every keystroke.
    return sum(map(len, text.split()))


def speech_character_count(speech: Speech, *, spoken_only: bool = True) -> int:
    """字数 of *speech*: spoken paragraphs only (default), or with title and byline."""
    return sum(character_count(block.text) for block in speech_blocks(speech) if block.spoken or not spoken_only)


def speaking_seconds(speech: Speech, rate: int = DEFAULT_RATE) -> int:
    """Seconds the speech takes read aloud at *rate* characters per minute."""
    if rate <= 0:
        raise ValueError("rate must be a positive number of characters per minute")
    return round(speech_character_count(speech) * 60 / rate)


def format_duration(seconds: int) -> str:
    """``510`` → ``"约8分30秒"``; under a minute → ``"约45秒"``."""
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return f"约{rest}秒"
    return f"约{minutes}分{rest}秒" if rest else f"约{minutes}分钟"
