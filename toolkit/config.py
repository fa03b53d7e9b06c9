"""The office's settings file: where the team's templates and rules live.

``$JIANGGAO_CONFIG``, else ``~/.config/jianggao/config.yaml``; every key is optional::

    templates: [/共享盘/讲稿模板库]          # section-template folders, searched after the built-in one
    word_templates: [/共享盘/Word模板]       # folders of house .docx templates the composer offers
    noise_rules: [/共享盘/广告规则.yaml]     # extra vendor-noise rule files
    speaking_rate: 160                      # 字/分钟 for 预计时长, when the speaker has none of their own
    讲话人语速: {张书记: 180, 李县长: 140}     # 字/分钟 by speaker, matched to the meeting's 讲话人
    house_template_media_mb: 20             # a house .docx whose images unpack to more is refused
    render_seconds: 2                       # a template or draft render stops after this long
    render_characters: 1000000              # … or when its output would pass this many characters
    convert_seconds: 60                     # LibreOffice reading a .doc/.wps/.rtf/.odt stops after this long
    office_level: 县                        # the level the office's speeches speak for: 省 市 州 盟 县 区 旗 镇 乡
    local_places: [某某县, 城关镇]           # the office's own places: never flagged as another place's name
    outdated_names: [/共享盘/过时名称.yaml]  # extra outdated-names files (the shape of toolkit/data/outdated_names.yaml)
    archive: ~/讲稿/素材库.sqlite              # the archive (素材库): a SQLite file, or postgresql://用户@主机/库
    archive_folders:                        # a speech filed in a folder of this name gets this source/level
      市委文件: {source: 上级, level: 市}
    copy_check: {similar: 50, copied: 80, share: 30}   # 查重, in per cent: a paragraph is listed from
                                            # similar, counted as copied from copied; the draft is flagged when
                                            # its text copied from 购买 or 上级 material reaches share
    author: 县委办 李秘书                    # who a 修订稿's changes are by (jianggao compare)
    readings: [/共享盘/注音表.yaml]          # 注音 lists (词语: 读音) for the reading copy, or the entries inline:
    # readings: {六安: Lù'ān, 蚌埠: Bèngbù}

Relative paths are relative to the config file's folder. A missing file means defaults.
A rate (``speaking_rate``, each ``讲话人语速``) is a whole number of characters a minute
between :data:`MIN_RATE` and :data:`MAX_RATE`; which one a speech is read at is decided in
:func:`toolkit.model.text.speaker_rate`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from toolkit.errors import InputFileError
from toolkit.model.readings import entry_problem
from toolkit.yamlfile import read_yaml_mapping

ENVIRONMENT_VARIABLE = "JIANGGAO_CONFIG"
SPEAKER_RATES = "讲话人语速"
"""The key of the speakers' own rates (the issue's and staff's word for it)."""
MIN_RATE = 60
MAX_RATE = 400
"""The rates (characters a minute) a setting or ``--rate`` may give: speakers read at 120
to 260, so anything outside 60–400 is a typing mistake (1500 for 150)."""


def valid_rate(value: object) -> bool:
    """Whether *value* is a rate a setting may give (a whole number, not true/false)."""
    return isinstance(value, int) and not isinstance(value, bool) and MIN_RATE <= value <= MAX_RATE


OFFICE_LEVELS = ("省", "市", "州", "盟", "县", "区", "旗", "镇", "乡")
"""The level words ``office_level`` takes (the same as :data:`toolkit.model.levels.RANK`)."""


@dataclass(frozen=True)
class Config:
    """The settings; empty lists and the default rate when the file says nothing."""

    templates: list[str] = field(default_factory=list)
    word_templates: list[str] = field(default_factory=list)
    noise_rules: list[str] = field(default_factory=list)
    speaking_rate: int = 150
    """Characters a minute a speech is read at when its speaker has no rate of their own."""
    speaker_rates: dict[str, int] = field(default_factory=dict)
    """讲话人语速: characters a minute by speaker name, as the settings list them."""
    house_template_media_mb: float = 20
    """A house Word template whose images (and other binary parts) unpack to more MB is refused."""
    render_seconds: float = 2
    """How long one template render may run before it is stopped."""
    render_characters: int = 1_000_000
    """How much text one template render may produce (and any one text it builds)."""
    convert_seconds: float = 60
    """How long LibreOffice may take to turn one .doc/.wps/.rtf/.odt into a .docx before it is stopped."""
    archive: str | None = None
    """Where the archive (素材库) is: a SQLite file's path (made absolute) or a
    ``postgresql://`` URL; ``None``: ``素材库.sqlite`` in the workspace folder."""
    archive_folders: dict[str, dict[str, str]] = field(default_factory=dict)
    """Folder name → ``{"source": …, "level": …}`` (either may be missing): what a speech added
    to the archive from inside a folder of that name is (see docs/archive.md)."""
    copy_check: dict[str, int] = field(default_factory=lambda: dict(COPY_CHECK))
    """查重's thresholds in per cent: ``similar`` (a paragraph is listed), ``copied`` (it counts
    as copied near-verbatim), ``share`` (the whole draft is flagged); see docs/archive.md."""
    readings: dict[str, str] = field(default_factory=dict)
    """注音 entries written in the settings file itself: word → reading (checked on load)."""
    reading_files: list[str] = field(default_factory=list)
    """注音 list files (YAML ``词语: 读音``), read when a reading copy is made."""
    office_level: str = ""
    """The level word (县, 市, 区, 镇…) of the office's speeches; ``""`` when not set."""
    local_places: list[str] = field(default_factory=list)
    """The office's own places (某某县, 城关镇…), never taken for another place's name."""
    outdated_names: list[str] = field(default_factory=list)
    """Extra outdated-names files, read after the built-in one."""
    author: str = ""
    """Who the changes of a 修订稿 (``jianggao compare``) are by, unless the command names someone."""
    path: Path | None = None
    """The file the settings came from; ``None`` when there is none."""


def config_path() -> Path:
    """Where the settings file is looked for."""
    explicit = os.environ.get(ENVIRONMENT_VARIABLE)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "jianggao" / "config.yaml"


def load_config() -> Config:
    """The settings from :func:`config_path` (read once per path and modification time)."""
    path = config_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Config()
    return _load(str(path), stamp)


@lru_cache(maxsize=4)
def _load(name: str, _stamp: int) -> Config:
    path = Path(name)
    data = read_yaml_mapping(path, what="设置文件")
    known = {"templates", "word_templates", "noise_rules", "speaking_rate", SPEAKER_RATES, "house_template_media_mb"}
    known |= {"render_seconds", "render_characters", "convert_seconds", "readings", "author"}
    known |= {"office_level", "local_places", "outdated_names"}
    known |= {"archive", "archive_folders", "copy_check"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputFileError(
            f"设置文件中有不认识的字段“{unknown[0]}”", where=path, hint="可用字段：" + "、".join(sorted(known))
        )

    def paths(key: str) -> list[str]:
        value = data.get(key) or []
        items = value if isinstance(value, list) else [value]
        if any(isinstance(item, (list, dict)) for item in items):
            raise InputFileError(
                f"设置文件中 {key} 应是文件夹或文件的路径（一段文字，或路径的列表）",
                where=path,
                hint=f"例如 {key}: [/共享盘/讲稿模板库]",
            )
        return [str((path.parent / str(item)).resolve()) for item in items]

    rate = data.get("speaking_rate", 150)
    if not valid_rate(rate):
        raise InputFileError(
            f"设置文件中 speaking_rate 应是每分钟字数（{MIN_RATE} 到 {MAX_RATE} 之间的整数），现在是“{rate}”",
            where=path,
        )
    media = data.get("house_template_media_mb", 20)
    if isinstance(media, bool) or not isinstance(media, (int, float)) or media <= 0:
        raise InputFileError("设置文件中 house_template_media_mb 应是正数（Word 模板图片上限，MB）", where=path)
    seconds = data.get("render_seconds", 2)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= 600:
        raise InputFileError("设置文件中 render_seconds 应是 0 到 600 之间的秒数", where=path)
    characters = data.get("render_characters", 1_000_000)
    if isinstance(characters, bool) or not isinstance(characters, int) or not 1000 <= characters <= 100_000_000:
        raise InputFileError("设置文件中 render_characters 应是 1000 到 100000000 之间的整数", where=path)
    convert = data.get("convert_seconds", 60)
    if isinstance(convert, bool) or not isinstance(convert, (int, float)) or not 0 < convert <= 3600:
        raise InputFileError("设置文件中 convert_seconds 应是 0 到 3600 之间的秒数", where=path)
    inline = data.get("readings") if isinstance(data.get("readings"), dict) else {}
    for word, reading in inline.items():
        problem = entry_problem(str(word), reading)
        if problem:
            raise InputFileError(f"设置文件 readings 中：{problem[0]}", where=path, hint=problem[1])
    level = data.get("office_level") or ""
    if level not in ("", *OFFICE_LEVELS):
        raise InputFileError(
            f"设置文件中 office_level 应是一个层级字：{'、'.join(OFFICE_LEVELS)}",
            where=path,
            hint="例如 office_level: 县",
        )
    places = data.get("local_places") or []
    places = places if isinstance(places, list) else [places]
    if any(isinstance(place, (list, dict)) or not str(place).strip() for place in places):
        raise InputFileError(
            "设置文件中 local_places 应是本地地名的列表", where=path, hint="例如 local_places: [某某县, 城关镇]"
        )
    author = data.get("author", "")
    if author is None:
        author = ""
    if not isinstance(author, (str, int)) or isinstance(author, bool) or len(str(author)) > 100:
        raise InputFileError("设置文件中 author 应是修订人的名字（一段不超过 100 字的文字）", where=path)
    return Config(
        paths("templates"),
        paths("word_templates"),
        paths("noise_rules"),
        rate,
        _speaker_rates(data.get(SPEAKER_RATES), path),
        archive=_archive(data.get("archive"), path),
        archive_folders=_archive_folders(data.get("archive_folders"), path),
        copy_check=_copy_check(data.get("copy_check"), path),
        house_template_media_mb=media,
        path=path,
        render_seconds=seconds,
        render_characters=characters,
        convert_seconds=convert,
        readings={str(word): str(reading).strip() for word, reading in inline.items()},
        reading_files=[] if inline else paths("readings"),
        office_level=level,
        local_places=[str(place).strip() for place in places],
        outdated_names=paths("outdated_names"),
        author=str(author).strip(),
    )


def _archive(value, path: Path) -> str | None:
    """The ``archive`` setting: a URL as written, a file path made absolute."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputFileError(
            "设置文件中 archive 应是素材库文件的路径或数据库地址",
            where=path,
            hint="例如 archive: ~/讲稿/素材库.sqlite 或 archive: postgresql://用户@主机/库名",
        )
    value = value.strip()
    if value.startswith(("postgresql://", "postgres://")):
        return value
    return str((path.parent / os.path.expanduser(value)).resolve())


COPY_CHECK = {"similar": 50, "copied": 80, "share": 30}
"""查重's default thresholds, in per cent (see :class:`Config.copy_check`)."""


def _shown(value) -> str:
    """*value* as the settings file wrote it (``true``, not Python's ``True``)."""
    return str(value).lower() if isinstance(value, bool) or value is None else str(value)


def _copy_check(value, path: Path) -> dict[str, int]:
    """The ``copy_check`` setting: the thresholds it names (whole per cents, 1–100) over the defaults."""
    example = "例如 copy_check: {similar: 50, copied: 80, share: 30}"
    if value is None:
        return dict(COPY_CHECK)
    if not isinstance(value, dict):
        raise InputFileError(
            "设置文件中 copy_check 应写成“{similar: 50, copied: 80, share: 30}”", where=path, hint=example
        )
    for key, number in value.items():
        if key not in COPY_CHECK:
            raise InputFileError(
                f"设置文件 copy_check 中有不认识的字段“{key}”", where=path, hint="可用字段：similar、copied、share"
            )
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 100:
            raise InputFileError(
                f"设置文件 copy_check 中 {key} 应是 1 到 100 之间的整数（百分比），现在是“{_shown(number)}”",
                where=path,
                hint=example,
            )
    merged = {**COPY_CHECK, **value}
    if merged["similar"] > merged["copied"]:
        raise InputFileError(
            f"设置文件 copy_check 中 similar（{merged['similar']}）不能大于 copied（{merged['copied']}）",
            where=path,
            hint="列出的门槛应低于算作照搬的门槛",
        )
    return merged


def _archive_folders(value, path: Path) -> dict[str, dict[str, str]]:
    """The ``archive_folders`` setting: folder name → ``{source, level}``."""
    if value is None:
        return {}
    example = "例如 archive_folders: {市委文件: {source: 上级, level: 市}}"
    if not isinstance(value, dict):
        raise InputFileError(
            "设置文件中 archive_folders 应是“文件夹名: {source: 来源, level: 级别}”的列表", where=path, hint=example
        )
    rules: dict[str, dict[str, str]] = {}
    for name, rule in value.items():
        if not isinstance(rule, dict) or not rule or set(rule) - {"source", "level"}:
            raise InputFileError(
                f"设置文件中 archive_folders 的“{name}”应写 source 和/或 level", where=path, hint=example
            )
        if not all(isinstance(item, str) for item in rule.values()):
            raise InputFileError(f"设置文件中 archive_folders 的“{name}”的值应是文字", where=path, hint=example)
        rules[str(name)] = dict(rule)
    return rules


def _speaker_rates(value: object, path: Path) -> dict[str, int]:
    """讲话人语速 as read from the settings at *path*: names to rates, each checked."""
    if value is None:
        return {}
    example = f"例如 {SPEAKER_RATES}: {{张书记: 180, 李县长: 140}}"
    if not isinstance(value, dict):
        raise InputFileError(f"设置文件中 {SPEAKER_RATES} 应是“讲话人: 每分钟字数”的对照", where=path, hint=example)
    rates: dict[str, int] = {}
    for name, rate in value.items():
        if isinstance(name, (list, dict)) or name is None or not str(name).strip():
            raise InputFileError(f"设置文件中 {SPEAKER_RATES} 有一项没写讲话人", where=path, hint=example)
        if not valid_rate(rate):
            raise InputFileError(
                f"设置文件中 {SPEAKER_RATES} 里“{name}”的语速应是每分钟字数"
                f"（{MIN_RATE} 到 {MAX_RATE} 之间的整数），现在是“{rate}”",
                where=path,
                hint=example,
            )
        rates[str(name).strip()] = rate
    return rates
