"""Character counts and speaking time, as staff reckon them.

字数 counts every non-white-space character (Chinese characters, punctuation, digits and
letters alike), the way Word's 字数统计 "字符数(不计空格)" does. Speaking time divides the
spoken characters (salutation to closing: the title and byline are not read aloud) by a
rate in characters per minute.

Everything about time is decided here, once: which rate a speech is read at
(:func:`speaker_rate`: the meeting's speaker matched to the office's 讲话人语速, else the
office's default), how long the whole speech and each of its parts take
(:func:`speaking_time`), and by how much it runs over the meeting's slot (讲话时长,
:attr:`SpeakingTime.over_seconds`, :attr:`SpeakingTime.over_characters`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from toolkit.model.layout import point_label, speech_blocks
from toolkit.model.numbering import chinese_numeral
from toolkit.model.speech import Speech

DEFAULT_RATE = 150
"""Characters per minute a leader reads a speech at (字/分钟) when nothing else is known."""
MAX_PARAGRAPH_CHARACTERS = 1_000_000
"""The longest paragraph a .docx can carry: Word's XML readers refuse a text node past
about 10 MB, so export refuses more and check says so first."""
OVER_TIME_PLACE = "讲话时长"
"""Where a speech that runs over its slot is reported: the meeting fact 讲话时长 (the
composer shows it in 会议信息; the message names the points to cut)."""
MAX_LIMIT_MINUTES = 600
"""The longest slot (讲话时长) a meeting may give a speech, in minutes: ten hours is already
no limit at all, and a bigger number is a typing mistake."""


def character_count(text: str) -> int:
    """The number of non-white-space characters in *text*."""
    # str.split() cuts at exactly the characters str.isspace() accepts, in C: a
    # 100,000-character draft is counted on every keystroke.
    return sum(map(len, text.split()))


def speech_character_count(speech: Speech, *, spoken_only: bool = True) -> int:
    """字数 of *speech*: spoken paragraphs only (default), or with title and byline."""
    return sum(character_count(block.text) for block in speech_blocks(speech) if block.spoken or not spoken_only)


def seconds_for(characters: int, rate: int) -> int:
    """Seconds *characters* take read aloud at *rate* characters per minute (the one conversion)."""
    if rate <= 0:
        raise ValueError("rate must be a positive number of characters per minute")
    return round(characters * 60 / rate)


def speaking_seconds(speech: Speech, rate: int = DEFAULT_RATE) -> int:
    """Seconds the speech takes read aloud at *rate* characters per minute."""
    return seconds_for(speech_character_count(speech), rate)


def format_duration(seconds: int) -> str:
    """``510`` → ``"约8分30秒"``; under a minute → ``"约45秒"``."""
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return f"约{rest}秒"
    return f"约{minutes}分{rest}秒" if rest else f"约{minutes}分钟"


# -- the rate a speech is read at ---------------------------------------------------------------------
_SPACE = re.compile(r"\s+")


def speaker_rate(speaker: str, rates: Mapping[str, int], default: int = DEFAULT_RATE) -> tuple[int, str]:
    """The rate (characters a minute) the meeting's *speaker* reads at, and the name in
    *rates* (the office's 讲话人语速) it was found by; ``(default, "")`` when none matches.

    A name matches when it is the speaker field (spaces aside) or is written in it: the
    name ``张立新`` matches the speaker ``县委书记 张立新``. When several names are written in
    it the longest wins (``张立新`` before ``张立``), and among names as long the first listed."""
    said = _SPACE.sub("", speaker or "")
    found = [name for name in rates if _SPACE.sub("", name) and _SPACE.sub("", name) in said]
    if not found:
        return default, ""
    chosen = max(found, key=lambda name: len(_SPACE.sub("", name)))  # the first of the longest
    return rates[chosen], chosen


# -- the meeting's slot -------------------------------------------------------------------------------
_MINUTES = re.compile(r"\s*(\d+)\s*(?:分钟|分)?\s*")


def parse_limit_minutes(value: Any) -> int | None:
    """讲话时长 as a number of minutes from what staff write (``10``, ``"10"``, ``"10分钟"``);
    ``None`` for no limit (empty, ``None`` or 0).

    Raises :class:`ValueError` with a Chinese message for anything else (``十分钟``, ``7.5``,
    a negative number, more than :data:`MAX_LIMIT_MINUTES`)."""
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        minutes = value
    else:
        found = _MINUTES.fullmatch(str(value)) if isinstance(value, str) else None
        minutes = int(found.group(1)) if found else -1
    if not 0 <= minutes <= MAX_LIMIT_MINUTES:
        raise ValueError(f"讲话时长应是 1 到 {MAX_LIMIT_MINUTES} 之间的整分钟数，现在是“{value}”")
    return minutes or None


# -- how long the speech and its parts take -----------------------------------------------------------
@dataclass(frozen=True)
class PartTime:
    """One part of the speech as read aloud: the opening (称呼, 开头 and 过渡句), one point
    (its lead, body and sub-points), or the closing."""

    key: str
    """``opening``, ``points/1`` (the second point as printed) or ``closing``."""
    where: str
    """How staff name it: 开头, 第2点, 结尾."""
    name: str
    """How a sentence names it: 开头, 第二点, 结尾."""
    characters: int
    """Its spoken characters (字数)."""
    seconds: int
    """Seconds it takes at the speech's rate."""


@dataclass(frozen=True)
class SpeakingTime:
    """How long *speech* takes read aloud, and whether it fits the meeting's slot."""

    rate: int
    """Characters a minute it is read at."""
    speaker: str
    """The 讲话人语速 name the rate was found by; ``""`` for the default rate or one given."""
    characters: int
    """Spoken characters of the whole speech."""
    seconds: int
    """Seconds the whole speech takes."""
    parts: tuple[PartTime, ...]
    """开头, each point, 结尾, in reading order (a part the speech lacks is left out)."""
    limit_minutes: int | None
    """The meeting's slot (讲话时长) in minutes; ``None`` when it gives none."""

    def part(self, key: str) -> PartTime | None:
        """The part *key* names (``opening``, ``points/1``, ``closing``), if the speech has it."""
        return next((part for part in self.parts if part.key == key), None)

    @property
    def points(self) -> list[PartTime]:
        """The points' times, in order."""
        return [part for part in self.parts if part.key.startswith("points/")]

    @property
    def over_seconds(self) -> int:
        """Seconds beyond the slot (0 when it fits or there is none)."""
        return max(0, self.seconds - self.limit_minutes * 60) if self.limit_minutes else 0

    @property
    def over_characters(self) -> int:
        """Characters to cut for the speech to fit its slot at its rate (0 when it fits)."""
        return max(0, self.characters - self.limit_minutes * self.rate) if self.limit_minutes else 0

    @property
    def over(self) -> bool:
        """Whether the speech runs over its slot (by a second or more)."""
        return self.over_seconds > 0

    @property
    def overrun(self) -> str:
        """How far over its slot the speech runs, in staff's words: ``超出约2分30秒（按每分钟
        150 字，约多 375 字）``; ``""`` when it fits."""
        if not self.over:
            return ""
        return f"超出{format_duration(self.over_seconds)}（按每分钟 {self.rate} 字，约多 {self.over_characters} 字）"

    def longest_points(self, count: int = 2) -> list[PartTime]:
        """The *count* longest points, longest first (earlier first among equals)."""
        return sorted(self.points, key=lambda part: -part.characters)[:count]


def part_key(keys: tuple[str, ...]) -> str:
    """The part (``opening``, ``points/1``, ``closing``) a printed paragraph whose fields
    are *keys* (:attr:`~toolkit.model.layout.Block.keys`) belongs to."""
    first = keys[0]
    if first.startswith("points/"):
        return "/".join(first.split("/")[:2])
    if first.startswith("closing/"):
        return "closing"
    return "opening"


def speaking_time(speech: Speech, rate: int = DEFAULT_RATE, *, speaker: str = "") -> SpeakingTime:
    """How long *speech* takes read aloud at *rate* characters a minute, whole and part by
    part, against its meeting's slot. *speaker* is the 讲话人语速 name *rate* came from (see
    :func:`speaker_rate`). Each part's seconds are its own characters at the rate, so the
    parts may add up to a second or two more or less than the whole."""
    if rate <= 0:
        raise ValueError("rate must be a positive number of characters per minute")
    counted: dict[str, int] = {}
    for block in speech_blocks(speech):
        if block.spoken:
            part = part_key(block.keys)
            counted[part] = counted.get(part, 0) + character_count(block.text)
    parts = []
    for key, characters in counted.items():
        if key.startswith("points/"):
            number = int(key.split("/")[1]) + 1
            where, name = point_label(number), f"第{chinese_numeral(number)}点"
        else:
            where = name = "开头" if key == "opening" else "结尾"
        parts.append(PartTime(key, where, name, characters, seconds_for(characters, rate)))
    total = sum(counted.values())
    return SpeakingTime(rate, speaker, total, seconds_for(total, rate), tuple(parts), speech.meeting.limit_minutes)
