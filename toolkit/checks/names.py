"""Leftover names and outdated names: words a speech carried over from other material.

**Leftover names.** A county speech copied from the city's still says 我市; one copied from
a neighbouring county still names that county. :func:`leftover_names` compares the level
words of each paragraph (我市, 本县, 全区, 市委, 县直…) with the speech's own level
(:func:`toolkit.model.levels.speech_levels`, then the office's ``office_level``), and the
names of China's provinces, prefectures and counties in it (``toolkit/data/divisions.tsv``)
with the office's own places (``local_places``, and the places the title, byline and meeting
facts name). The rules, and what each costs in false alarms, are in docs/checks.md.

**Outdated names.** :func:`outdated_names` finds the names of bodies renamed in an
institutional reform (国土资源局 → 自然资源局) in a speech given after the change, from
``toolkit/data/outdated_names.yaml`` and the office's own files of the same shape (the
config's ``outdated_names``, ``JIANGGAO_OUTDATED_NAMES``).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from toolkit.config import Config, load_config
from toolkit.errors import InputFileError, ToolkitError, succeeds
from toolkit.files import read_regular_file
from toolkit.model.fields import speech_texts
from toolkit.model.levels import LEVEL_WORDS, RANK, speech_date, speech_levels
from toolkit.model.speech import Speech
from toolkit.resources import divisions_file, everyday_words_file, outdated_names_file
from toolkit.yamlfile import load_yaml_entries, read_text_file

ENVIRONMENT_VARIABLE = "JIANGGAO_OUTDATED_NAMES"
MAX_NAMES_BYTES = 1024 * 1024
"""An outdated-names file is a few hundred entries at most."""

_OWN_FIELDS = {"标题", "署名"}
"""Fields that say whose speech it is: their level words and places are the speech's own."""

# -- the divisions ------------------------------------------------------------------------------------

COMMON_WORDS = frozenset(
    "城区 郊区 矿区 东区 西区 南区 北区 中区 新区 城东区 城西区 城南区 城北区 城中区 城关区 新城区 老城区 "
    "新市区 市中区 市北区 市南区 平安区 连山区 青山区 海城市 应城市 兴城市 宜城市".split()
)
"""Division names that are also everyday words (城区, 新城区: the town centre, a new town;
平安区: 平安 campaigns; 海城市 in 沿海城市, 应城市 in 相应城市, 连山区 in 祁连山区, 青山区 in
绿水青山): never taken for a place. Two-character names (新县, 和县, 单县…) are left out too:
和县 is in 市和县两级, 新县 in 新县城."""

_SHIELDS = ("终南山区", "紫金山区")
"""Phrases that hold a division's name without meaning it (终南山区: the mountains, not
南山区)."""

_NOT_AFTER = {"市": "场", "区": "域间块", "乡": "村"}
"""The level character is part of another word when these follow, in which it is no level
at all: 市场 (the market), 区域, 区间, 区块, 乡村. Neither a level word (健全市场) nor a
place's suffix (合作市场化)."""
_KIND_AFTER = {"市": "级域区", "县": "级域区", "区": "级县", "州": "级域", "旗": "级县", "盟": "级市", "省": "级域"}
"""The level character names a kind of area, not the place before it, when these follow:
市级, 县域, 县区, 市区, 区县, 旗县, 盟市 (惠民县级项目, 富民县域经济, 南部县区): no place's
name ends there. (A level word keeps them: 全县域 is still the whole county.)"""

_BEFORE_A_PLACE = frozenset("在到赴去从和与及同跟向对为把将由给比是的至往自")
"""Words that stand before a place's name and end there (到会同县调研, 和合作市的同志, 向惠民县学习)."""
_HAN = re.compile(r"[\u3400-\u9fff]")

_BODY_NAME = re.compile(
    r"(?P<level>[市州盟县区旗])(?!委|政府|人大|政协|直)"
    r"(?:(?![的了要与及在是把将对等里内也都还就不去来到着过给让被从向为以并而或所其这那每些个我你他她它们])"
    r"[\u3400-\u9fff]){1,9}?(?:局|委|办)(?![面势限托员屈派任婉法理好事实成结案学妥])"
)
"""A body of an area named by its level and its short name: 市水利局, 县自然资源局, 市发改委,
县编办; not 委托, 办法 after it, nor a function word (的, 要, 在…) inside it, and not the bodies
the level words already judge (市委, 市政府, 市人大, 市政协, 市直). :func:`_joins_next` rules
out the level characters that begin another word (市场监管局, 市县两级, 市民办事)."""


def _joins_next(text: str, at: int, everyday: frozenset[str] = frozenset()) -> bool:
    """Whether the level character at ``text[at]`` makes a word with the next character, so
    that it is neither a place's suffix nor a body's level: 市场, 县级, 县区 (the tables
    above), and, given *everyday*, any everyday word (市民, 市政, 县城: a body's level, not a
    place's suffix, which 县委 and 县城 follow rightly)."""
    level, after = text[at], text[at + 1 : at + 2]
    return bool(after) and (
        after in _NOT_AFTER.get(level, "") or after in _KIND_AFTER.get(level, "") or level + after in everyday
    )


@dataclass(frozen=True)
class Divisions:
    """China's provinces, prefectures and counties by name, found in running text."""

    codes: dict[str, tuple[str, ...]]
    """Each name → its six-digit GB/T 2260 codes (朝阳区 is in Beijing and in Changchun)."""
    names: dict[str, str]
    """Each code → its name."""
    lengths: dict[str, tuple[int, ...]]
    """Each last character (县, 市, 区…) → the lengths of the names of three characters or
    more ending in it, longest first: the names :meth:`find` looks for."""
    last_characters: re.Pattern
    """Any of those last characters: where a name may end."""
    everyday: frozenset[str] = frozenset()
    """Everyday words of two and three characters (会同, 合作, 沿江; not 南京, 安吉, which are
    only names): a name whose stem is one, or that starts inside one, is read as a name only
    where a word begins (see :meth:`find`)."""

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, name)`` of each division name in *text*: the longest name ending at
        each 县/市/区… (so 南京市 is found, not 京市) where that character ends a name and the
        name begins a word (docs/checks.md); common words and shielded phrases left out."""
        found = []
        for last in self.last_characters.finditer(text):
            end = last.end()
            if _joins_next(text, end - 1):
                continue  # 合作市场, 惠民县级, 富民县域, 南部县区: the character belongs to the next word
            for length in self.lengths[last.group()]:
                start = end - length
                if start < 0 or text[start:end] not in self.codes:
                    continue
                name = text[start:end]
                if (
                    name not in COMMON_WORDS
                    and not _shielded(text, start, name)
                    and self._begins_word(text, start, end)
                ):
                    found.append((start, end, name))
                break
        return found

    def _begins_word(self, text: str, start: int, end: int) -> bool:
        """Whether the name at ``text[start:end]`` is read as a name there. A name whose stem
        is an everyday word (会同县, 合作市, 惠民县) or that starts inside one (江城区 in 沿江城区)
        is doubtful: it counts after a word that stands before a place (到会同县, 和合作市) or a
        larger place's name (怀化市会同县), and at the start or after a punctuation mark unless
        its suffix opens a body's name there (，会同县财政局: 会同 “jointly with” 县财政局)."""
        before = text[start - 1 : start]
        if before in _BEFORE_A_PLACE or (before and before in LEVEL_WORDS):
            return True
        stem_is_word = text[start : end - 1] in self.everyday
        if not stem_is_word and before + text[start] not in self.everyday:
            return True  # nothing doubtful: 南京市, 安吉县
        if before and _HAN.match(before):
            return False  # inside a run of words: 要会同县, 沿江城区
        return not (stem_is_word and _BODY_NAME.match(text, end - 1) and not _joins_next(text, end - 1, self.everyday))


def _shielded(text: str, start: int, name: str) -> bool:
    for shield in _SHIELDS:
        offset = shield.find(name)
        if offset >= 0 and text[start - offset : start - offset + len(shield)] == shield:
            return True
    return False


def rank_of(code: str) -> int:
    """0 for a province (330000), 1 for a prefecture (330500), 2 for a county (330521)."""
    return 0 if code[2:] == "0000" else 1 if code[4:] == "00" else 2


@lru_cache(maxsize=2)
def load_divisions(path: str | None = None) -> Divisions:
    """The divisions in *path* (``code<TAB>name`` lines; the built-in list when ``None``)."""
    source = Path(path) if path else divisions_file()
    text = read_regular_file(source, limit=4 * 1024 * 1024, what="行政区划数据").decode("utf-8")
    codes: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        code, _, name = line.partition("\t")
        codes.setdefault(name, []).append(code)
    lengths: dict[str, set[int]] = {}
    for name in codes:
        if len(name) > 2:
            lengths.setdefault(name[-1], set()).add(len(name))
    return Divisions(
        {name: tuple(found) for name, found in codes.items()},
        {code: name for name, found in codes.items() for code in found},
        {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()},
        re.compile("[" + "".join(sorted(lengths)) + "]"),
        load_everyday_words(),
    )


@lru_cache(maxsize=1)
def load_everyday_words() -> frozenset[str]:
    """The everyday words of ``toolkit/data/everyday_words.txt`` (one a line)."""
    data = read_regular_file(everyday_words_file(), limit=4 * 1024 * 1024, what="常用词表").decode("utf-8")
    return frozenset(line for line in data.splitlines() if line and not line.startswith("#"))


# -- whose speech it is -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Whose:
    """Whose speech a speech is: its levels and its places."""

    levels: tuple[str, ...]
    """The level words the speech speaks for (县; 县 and 镇 for a county leader at a town's
    meeting), the first the main one; empty when nothing says."""
    rank: int | None
    """The rank (:data:`~toolkit.model.levels.RANK`) of the speaker's area; ``None`` when unknown."""
    places: frozenset[str]
    """The names of the office's own places (from the settings and the speech's own lines)."""
    codes: frozenset[str]
    """Division codes that are ours: our places, the places above them, and those under the
    office's own place when it is a prefecture or a province."""
    region_district: bool
    """Whether 区 means the province (an autonomous region: 全区, 区委 in a county speech of
    广西 or 西藏 speak of the region)."""

    def ours(self, name: str, divisions: Divisions) -> bool:
        return name in self.places or any(code in self.codes for code in divisions.codes.get(name, ()))


def whose(speech: Speech, config: Config, divisions: Divisions) -> Whose:
    """Whose speech *speech* is: the levels of :func:`speech_levels`, the places its title,
    byline and meeting facts name, and the office's settings."""
    own_lines = [speech.title or "", speech.byline or "", speech.meeting.name, speech.meeting.speaker]
    named = [name for line in own_lines + [speech.meeting.place] for _s, _e, name in divisions.find(line)]
    places = list(dict.fromkeys([*config.local_places, *named]))
    levels = speech_levels(speech)
    levels += [_level_of(name) for line in own_lines[:1] + own_lines[2:3] for _s, _e, name in divisions.find(line)]
    if config.office_level:
        levels.append(config.office_level)
    if not levels:
        levels += [_level_of(place) for place in places[:1]]
    levels = list(dict.fromkeys(level for level in levels if level in RANK))
    own_codes = [code for place in places for code in divisions.codes.get(place, ())]
    codes = set(own_codes)
    for code in own_codes:
        codes |= {code[:4] + "00", code[:2] + "0000"}
    office = max((rank_of(code) for code in own_codes), default=None)
    for top in (o for o in own_codes if rank_of(o) == office and office < 2):
        codes |= {code for code in divisions.names if code.startswith(top[: 2 + 2 * office])}
    provinces = {divisions.names.get(code[:2] + "0000") for code in own_codes}
    rank = None
    if levels:
        rank = min(RANK[level] for level in levels)
        if levels[0] == "市" and office == 2:
            rank = 2  # a county-level city
    elif office is not None:
        rank = office
    return Whose(
        tuple(levels),
        rank,
        frozenset(places),
        frozenset(codes),
        any(p and p.endswith("自治区") for p in provinces) and "区" not in levels,
    )


def _level_of(name: str) -> str | None:
    """The level word a place's name gives: 某某县 → 县, 某某市 → 市, 广西壮族自治区 → 省;
    ``None`` for a name whose speeches use none of the level words (和田地区, 武康街道)."""
    if name.endswith("自治区"):
        return "省"
    if name.endswith(("地区", "街道")):
        return None
    return name[-1] if name[-1] in RANK else None


# -- leftover names -----------------------------------------------------------------------------------

_LEVEL_WORD = re.compile(
    r"(?P<self>(?:我们|我|本)(?P<s>[市州盟县区旗镇乡]))"
    r"|(?P<whole>全(?P<w>[市州盟县区旗镇乡]))"
    r"|(?P<body>(?P<b>[市州盟县区旗镇乡])(?:委|政府|人大|政协|直(?=部门|单位|机关|各|有关|相关|属|企业|工委)))"
)
"""Words that say whose area: 我市/本县/我们县 (self), 全区 (the whole area), 市委/县政府/
市直部门 (its bodies)."""
_NOT_BEFORE_WHOLE = set("健完安齐周保成双十万顾求俱两")
"""健全市场, 完全县域, 安全区…: 全 ends another word."""
_NOT_BEFORE_SELF = set("基资成日根样版文剧课账范脚副标原母书蓝读底老工股保亏人民")
"""基本县情, 资本市场, 日本…: 本 ends another word."""
_COMPOUNDS = set(
    "城市 都市 超市 夜市 集市 股市 楼市 门市 上市 早市 社区 园区 景区 片区 辖区 城区 山区 灾区 牧区 街区 新区 "
    "老区 特区 湾区 库区 矿区 林区 校区 港区 小区 厂区 发区 范区 护区 能区 验区 治区 地区 市区 郊区 乡镇 城镇 "
    "村镇 集镇 市镇 小镇 古镇 重镇 城乡 家乡 故乡 治州 郡县 州县 市县 省市 市州".split()
)
"""Two characters ending in a level word that make another word (城市政府, 社区委员会, 乡镇政府)."""

_COMPARED_BEFORE = set("在于居占列比超")
"""在全市, 好于全市, 位居全市, 占全市…: the superior's whole area, as a yardstick."""
_COMPARED_AFTER = re.compile(
    r"^[^，。；！？、]{0,6}?(前列|平均|排名|排位|位次|第[一二三四五六七八九十\d]|领先|首位|之首|靠前|靠后|落后|会议|会上|大会)"
)
"""全市前列, 全市平均水平, 全市第一, 全市经济工作会议…: the same, said after."""

_HERE = {"省": "省里", "市": "市里", "州": "州里", "盟": "盟里", "县": "县里", "区": "区里", "旗": "旗里"}
_HERE |= {"镇": "镇里", "乡": "乡里"}


@dataclass(frozen=True)
class _Hit:
    where: str
    word: str
    level: str
    kind: str
    """``self`` (我市, 本县), ``whole`` (全市), ``body`` (市委, 市直) or ``office`` (a body named
    by its level and short name: 市水利局, 县发改委)."""
    compared: bool = False
    """Whether a ``whole`` word is a yardstick (在全市前列) rather than the speaker's area."""


def leftover_names(
    speech: Speech, *, config: Config | None = None, divisions: Divisions | None = None
) -> list[tuple[str, str, str]]:
    """``(where, message, severity)`` for each level word or place name in *speech* that is
    not its own, once per paragraph and word."""
    config = config or load_config()
    divisions = divisions or load_divisions()
    who = whose(speech, config, divisions)
    hits: list[_Hit] = []
    places: list[tuple[str, str]] = []
    for where, text in speech_texts(speech):
        if where in _OWN_FIELDS or not text:
            continue
        spans = divisions.find(text)
        if who.levels and (_LEVEL_WORD.search(text) or _BODY_NAME.search(text)):
            covered = _covered(text, spans, who.places)
            hits += [hit for hit in _level_words(where, text, covered, divisions.everyday) if _foreign(hit.level, who)]
        places += [(where, name) for _s, _e, name in spans if not who.ours(name, divisions)]
    copied = {hit.level for hit in hits if hit.kind == "self"}
    found: dict[tuple[str, str], tuple[str, str, int]] = {}
    for hit in hits:
        judged = _judge(hit, who, copied)
        if judged:
            _count(found, hit.where, hit.word, *judged)
    for where, name in places:
        _count(found, where, name, *_judge_place(name, who, divisions))
    return [
        (where, message + (f"（这一段共{count}处）" if count > 1 else ""), severity)
        for (where, _word), (message, severity, count) in found.items()
    ]


def _count(found: dict, where: str, word: str, message: str, severity: str) -> None:
    key = (where, word)
    count = found[key][2] + 1 if key in found else 1
    found[key] = (message, severity, count)


def _covered(text: str, spans: list[tuple[int, int, str]], places: frozenset[str]) -> set[int]:
    """Positions inside a place's name (全州县, 城关镇): a level word there is part of a name."""
    covered = {i for start, end, _name in spans for i in range(start, end)}
    for place in places:
        start = text.find(place)
        while start >= 0:
            covered.update(range(start, start + len(place)))
            start = text.find(place, start + 1)
    return covered


def _level_words(where: str, text: str, covered: set[int], everyday: frozenset[str]) -> list[_Hit]:
    hits = []
    for match in _LEVEL_WORD.finditer(text):
        kind = "self" if match.group("self") else "whole" if match.group("whole") else "body"
        level, at = match.group(kind[0]), match.start(kind[0])  # the groups s, w, b hold the level word
        before, after = text[match.start() - 1 : match.start()], text[at + 1 : at + 2]
        if after and after in _NOT_AFTER.get(level, ""):
            continue
        if at in covered:
            continue
        if kind == "whole" and (before in _NOT_BEFORE_WHOLE or before == level):
            continue
        if kind == "self" and match.group().startswith("本") and (before in _NOT_BEFORE_SELF or after == "本"):
            continue
        if kind == "body" and before + level in _COMPOUNDS:
            continue
        compared = kind == "whole" and (before in _COMPARED_BEFORE or bool(_COMPARED_AFTER.search(text[at + 1 :])))
        hits.append(_Hit(where, match.group(), level, kind, compared))
    for match in _BODY_NAME.finditer(text):
        at, level = match.start(), match.group("level")
        before = text[at - 1 : at]
        if at in covered or (before and before in "我们本全") or before + level in _COMPOUNDS:
            continue  # inside a place's name (湖州市水利局), a level word's (我市水利局), another word's (城市管理局)
        if _joins_next(text, at, everyday):
            continue  # 市场监管局, 市民办事
        hits.append(_Hit(where, match.group(), level, "office"))
    return hits


def _foreign(level: str, who: Whose) -> bool:
    """Whether the level word *level* is not the speech's own (and not the region's 区)."""
    return bool(who.levels) and level not in who.levels and not (level == "区" and who.region_district)


def _judge(hit: _Hit, who: Whose, copied: set[str]) -> tuple[str, str] | None:
    """The message and severity for *hit*, or ``None`` when it is fine where it is."""
    own = who.levels[0]
    here, there = _HERE[own], _HERE[hit.level]
    above = who.rank is not None and RANK[hit.level] < who.rank
    if hit.kind == "self":
        fixed = hit.word[:-1] + own
        return f"出现“{hit.word}”，这是{here}的讲话，是否从{there}的材料照搬？请改为“{fixed}”或核实", "problem"
    if hit.kind == "whole":
        if above and hit.compared:
            return None
        if above:
            return (
                f"出现“{hit.word}”，这是{here}的讲话：如指上级的{hit.word}范围（如“在{hit.word}排名靠前”）可不改；"
                f"如指本地，请改为“全{own}”",
                "hint",
            )
        return f"出现“{hit.word}”，这是{here}的讲话，是否从{there}的材料照搬？请改为“全{own}”或核实", "problem"
    if hit.kind == "office":
        if not above:
            return None
        example = f"（如“{own}{hit.word[1:]}”）" if RANK[own] <= RANK["县"] else ""
        return (
            f"出现“{hit.word}”，这是{here}的讲话：如确指{there}的部门，可不改；"
            f"如是从{there}的材料照搬，请改为本{own}的相应部门{example}",
            "hint",
        )
    if hit.word.endswith("直"):
        return f"出现“{hit.word}”，这是{here}的讲话，本级一般说“{own}直”，是否照搬？请核实", "hint"
    if hit.level in copied:
        return (
            f"出现“{hit.word}”，这篇{here}的讲话里还有“我{hit.level}”等说法，这里的“{hit.word}”也可能是照搬的，请核实",
            "hint",
        )
    return None


def _judge_place(name: str, who: Whose, divisions: Divisions) -> tuple[str, str]:
    if not who.places:
        return (
            f"出现“{name}”，如不是本地的地名，是否从别处的材料照搬？请核实"
            "（单位在设置中列出本地地名后，本地地名不再提示）",
            "hint",
        )
    ranks = {rank_of(code) for code in divisions.codes.get(name, ())}
    severity = "problem" if who.rank is not None and who.rank in ranks else "hint"
    return (
        f"出现“{name}”，不是本地的地名，是否从别处的材料照搬？请核实；如确是提到外地（如学习考察、对口协作），可不改",
        severity,
    )


# -- outdated names -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutdatedName:
    """A name that stopped being current: ``name`` (and its ``aliases``) is ``replacement``
    from ``since`` on; ``source`` says which reform, in a few words."""

    name: str
    replacement: str
    since: _dt.date
    aliases: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class OutdatedNames:
    """Every outdated name the checks know, and one pattern finding any of them."""

    entries: dict[str, OutdatedName]
    """Each name and alias → its entry."""
    pattern: re.Pattern | None

    def current(self, name: str, date: _dt.date) -> str:
        """What *name* is called on *date*, following renames (银监会 → 银保监会 → …)."""
        seen = {name}
        while name in self.entries and self.entries[name].since <= date:
            name = self.entries[name].replacement
            if name in seen:
                break
            seen.add(name)
        return name


_HISTORICAL_BEFORE = re.compile(r"(原|原来的|撤销|不再保留|前身为?|改革前的?)[省市县区州旗]?$")
_HISTORICAL_AFTER = re.compile(r"^[（(]?\s*(现|今|已|后)?(更名|改名|改为|改组|并入|撤销|整合|合并|划入)|^[（(]现")
_NOT_A_MINISTRY = set("门署分位件队落")
"""农业部门, 农业部署, 环境保护部分: a name ending in 部 followed by these is not the ministry."""


def outdated_names(speech: Speech, names: OutdatedNames | None = None) -> list[tuple[str, str]]:
    """``(where, message)`` for each outdated name in *speech* (once per paragraph and name)
    when the speech is given on or after the day it changed (see :func:`speech_date`)."""
    names = names or load_outdated_names()
    if names.pattern is None:
        return []
    date, source = speech_date(speech)
    found: dict[tuple[str, str], str] = {}
    for where, text in speech_texts(speech):
        for match in names.pattern.finditer(text):
            word, start, end = match.group(), match.start(), match.end()
            entry = names.entries[word]
            if entry.since > date or (where, word) in found:
                continue
            if _HISTORICAL_BEFORE.search(text[max(0, start - 6) : start]) or _HISTORICAL_AFTER.search(text[end:]):
                continue
            if word.endswith("部") and text[end : end + 1] in _NOT_A_MINISTRY:
                continue
            now = names.current(word, date)
            when = f"{entry.since.year}年{entry.since.month}月"
            reason = f"（{entry.source}）" if entry.source else ""
            dated = "（讲话没有写日期，按今天算）" if source == "今天" else ""
            found[(where, word)] = (
                f"“{word}”自{when}起已改为“{now}”{reason}，请改为“{now}”；如是说改革前的情况，请写作“原{word}”{dated}"
            )
    return [(where, message) for (where, _word), message in found.items()]


def load_outdated_names(
    extra: list[str | os.PathLike] | None = None, *, skipped: list[ToolkitError] | None = None
) -> OutdatedNames:
    """The built-in list, then the config file's ``outdated_names``, the files in
    ``JIANGGAO_OUTDATED_NAMES`` (joined with ``:``), then *extra*; a later entry of the same
    name replaces an earlier one. A file that cannot be read raises its error; given a list
    *skipped*, it is left out instead and its error added to that list."""
    paths = [outdated_names_file(), *(Path(p) for p in load_config().outdated_names)]
    paths += [Path(p) for p in os.environ.get(ENVIRONMENT_VARIABLE, "").split(os.pathsep) if p.strip()]
    paths += [Path(p) for p in (extra or [])]
    files = tuple((str(p), _stamp(p)) for p in paths)
    if skipped is not None:
        files = files[:1] + tuple(
            file for file in files[1:] if succeeds(lambda: _load_outdated((files[0], file)), skipped)
        )
    return _load_outdated(files)


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0  # missing: reading it says so


@lru_cache(maxsize=8)
def _load_outdated(paths: tuple[tuple[str, int], ...]) -> OutdatedNames:
    entries: dict[str, OutdatedName] = {}
    for name, _stamp_value in paths:
        for entry in _read_outdated_file(Path(name)):
            stale = [key for key, old in entries.items() if old.name == entry.name]
            for key in stale:
                del entries[key]
            for key in (entry.name, *entry.aliases):
                entries[key] = entry
    if not entries:
        return OutdatedNames({}, None)
    pattern = re.compile("|".join(re.escape(key) for key in sorted(entries, key=len, reverse=True)))
    return OutdatedNames(entries, pattern)


_FIELDS = {"name", "aliases", "replacement", "since", "source"}
_WHAT = "过时名称文件"
_HINT = "每一条写 name（旧名称）、replacement（现在的名称）、since（改名的日期，如 2019-04-01），参照内置的 outdated_names.yaml"


def _read_outdated_file(path: Path) -> list[OutdatedName]:
    """The entries of one outdated-names file; anything wrong is one line naming the file
    and line."""
    text = read_text_file(
        path,
        what=_WHAT,
        max_bytes=MAX_NAMES_BYTES,
        hint=f"请检查设置中 outdated_names 或 {ENVIRONMENT_VARIABLE} 的路径",
    )
    items = load_yaml_entries(text, source=path, what=_WHAT, key="names", hint=_HINT)
    return [_entry(data, number, f"{path} 第{line}行") for number, (line, data) in enumerate(items, 1)]


def _entry(data: object, number: int, where: str) -> OutdatedName:
    which = f"第{number}条"
    if not isinstance(data, dict):
        raise InputFileError(f"{_WHAT}的{which}应是“name: …、replacement: …、since: …”的形式", where=where, hint=_HINT)
    unknown = sorted(set(data) - _FIELDS, key=str)
    if unknown:
        raise InputFileError(
            f"{_WHAT}的{which}有不认识的字段“{unknown[0]}”", where=where, hint="可用字段：" + "、".join(sorted(_FIELDS))
        )

    def text(key: str, required: bool) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise InputFileError(f"{_WHAT}的{which}缺少 {key}", where=where, hint=_HINT)
            return ""
        if isinstance(value, (list, dict, bool)):
            raise InputFileError(f"{_WHAT}的{which}中 {key} 应是一段文字", where=where, hint=_HINT)
        return str(value).strip()

    name = text("name", True)
    if len(name) < 2:
        raise InputFileError(f"{_WHAT}的{which}的 name 太短（至少两个字），会误报", where=where, hint=_HINT)
    aliases = data.get("aliases") or []
    aliases = aliases if isinstance(aliases, list) else [aliases]
    if any(isinstance(a, (list, dict)) or len(str(a).strip()) < 2 for a in aliases):
        raise InputFileError(f"{_WHAT}的{which}的 aliases 应是别称的列表，每个至少两个字", where=where, hint=_HINT)
    return OutdatedName(
        name,
        text("replacement", True),
        _since(data.get("since"), which, where),
        tuple(str(a).strip() for a in aliases),
        text("source", False),
    )


def _since(value: object, which: str, where: str) -> _dt.date:
    """The day a name stopped being current: a date (2019-04-01) or a year (2019: 1 January)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1949 <= value <= 2100:
        return _dt.date(value, 1, 1)
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = "" if value is None else f"（现在是“{value}”）"
    raise InputFileError(
        f"{_WHAT}的{which}的 since 应是改名的日期，如 2019-04-01，或年份，如 2019{shown}", where=where, hint=_HINT
    )
