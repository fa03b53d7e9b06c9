"""Whose speech it is: the administrative level it speaks for (县, 市, 镇…) and its date.

A county speech says 我县 and 全县; one copied from the city's material still says 我市.
The checks compare the level words of a speech with the speech's own level, read here from
the texts that say it: the title and the meeting's name (在全县……会议上的讲话 → 县), the
speaker's post (县委书记 → 县). The archive files a speech under the same level.
"""

from __future__ import annotations

import datetime as _dt
import re

from toolkit.model.numbering import parse_chinese_numeral
from toolkit.model.speech import Speech

RANK = {"省": 0, "市": 1, "州": 1, "盟": 1, "县": 2, "区": 2, "旗": 2, "镇": 3, "乡": 3}
"""Each level word's rank, from the top: 省 (0) above 市/州/盟 (prefectures, 1) above
县/区/旗 (counties and districts, 2) above 镇/乡 (3). A county-level city is a 市 of rank 2:
:func:`toolkit.checks.names` lowers the rank when it knows the office's place."""
LEVEL_WORDS = "".join(RANK)

_WHOLE_AREA = re.compile(rf"全([{LEVEL_WORDS}])(?!域|场)")
"""全县, 全市…: the whole area a meeting is for (在全县经济工作会议上的讲话)."""
_POST = re.compile(rf"([{LEVEL_WORDS}])(?:委(?:副)?书记|委常委|长|政府|人大常委会|政协)")
"""The speaker's post: 县委书记, 市长, 区政府, 镇长, 县人大常委会主任…"""
_NOT_A_POST = re.compile(
    r"(城|都|超|集|夜|股|楼|门|上|社|园|景|片|辖|山|灾|牧|街|新|老|特|湾|库|矿|林|校|港|小|厂|地|郊|村)$"
)
"""A character that makes the level word before a post part of another word (社区长, 城市长…)."""

_ARABIC_DATE = re.compile(r"(\d{4})\s*(?:年|[-./])\s*(\d{1,2})\s*(?:月|[-./])\s*(\d{1,2})")
_CHINESE_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_DIGITS = {c: str(n) for n, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}


def levels_named(text: str) -> list[str]:
    """The levels a title or a meeting's name speaks for, in order: ``全县`` → 县; ``""``
    → none. Place names (在某某县…) are left to the checks, which have the list of places."""
    return list(dict.fromkeys(m.group(1) for m in _WHOLE_AREA.finditer(text or "")))


def speaker_levels(text: str) -> list[str]:
    """The levels of the posts named in a speaker's line or a byline (``县委书记 张三`` → 县)."""
    found = []
    for match in _POST.finditer(text or ""):
        if not _NOT_A_POST.search(text[: match.start()]):
            found.append(match.group(1))
    return list(dict.fromkeys(found))


def speech_levels(speech: Speech) -> list[str]:
    """The levels *speech* speaks for, read from its own words: the speaker's post (meeting
    facts, byline) first, then the title and the meeting's name. Empty when they say none.

    A county leader speaking at a town's meeting gives two: 县 (the speaker) and 镇 (the
    meeting), and both are the speech's own."""
    found = speaker_levels(speech.meeting.speaker) + speaker_levels(speech.byline or "")
    found += levels_named(speech.title or "") + levels_named(speech.meeting.name)
    return list(dict.fromkeys(found))


def parse_date(text: str) -> _dt.date | None:
    """The first date written in *text* (2026年9月28日, 二〇二六年九月二十八日, 2026-09-28);
    ``None`` when there is none or it is no real day."""
    for pattern, number in ((_ARABIC_DATE, int), (_CHINESE_DATE, None)):
        match = pattern.search(text or "")
        if not match:
            continue
        try:
            if number:
                year, month, day = (int(part) for part in match.groups())
            else:
                year = int("".join(_DIGITS[c] for c in match.group(1)))
                month, day = parse_chinese_numeral(match.group(2)), parse_chinese_numeral(match.group(3))
            return _dt.date(year, month, day)
        except (ValueError, TypeError, KeyError):
            continue
    return None


def speech_date(speech: Speech, today: _dt.date | None = None) -> tuple[_dt.date, str]:
    """The day *speech* is given and where that came from: the meeting's date (``会议日期``),
    else the date in the byline (``署名``), else *today* (``今天``)."""
    if speech.meeting.date:
        return speech.meeting.date, "会议日期"
    from_byline = parse_date(speech.byline or "")
    if from_byline:
        return from_byline, "署名"
    return today or _dt.date.today(), "今天"
