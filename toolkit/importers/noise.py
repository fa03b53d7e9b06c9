"""Vendor noise: adverts, watermarks and membership lines that material sites add.

The rules are data (``toolkit/data/noise_rules.yaml``, documented in the file itself);
an office adds its own in a file of the same shape named by ``JIANGGAO_NOISE_RULES``
(several joined with ``:``) or passed to :func:`load_noise_rules`. A rule never deletes a
line silently: the importer reports every removed line with its reason.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from toolkit.errors import InputFileError, ToolkitError, succeeds
from toolkit.files import read_regular_file
from toolkit.model.numbering import find_marker
from toolkit.resources import noise_rules_file
from toolkit.yamlfile import read_text_file

DEFAULT_RULES_PATH = noise_rules_file()
ENVIRONMENT_VARIABLE = "JIANGGAO_NOISE_RULES"
MAX_RULES_BYTES = 1024 * 1024
"""A rule file is a few hundred patterns at most."""


@dataclass(frozen=True)
class NoiseRule:
    """One pattern: a line (or, for inline rules, a span) it matches is vendor noise.

    ``name`` is the reason shown to staff; ``max_length`` limits whole-line rules to lines
    no longer than that many characters (``None``: the file's default).
    """

    name: str
    pattern: re.Pattern
    max_length: int | None = None


@dataclass
class NoiseRules:
    """The complete rule set an import uses."""

    rules: list[NoiseRule] = field(default_factory=list)
    """Whole-line rules."""
    inline: list[NoiseRule] = field(default_factory=list)
    """Span rules applied inside long paragraphs."""
    decorations: str = ""
    """Symbols a decorative line (★★★, ====) is made of."""
    brands: list[re.Pattern] = field(default_factory=list)
    """Patterns with a ``brand`` group that learn a vendor's name from an advert line."""
    max_length: int = 80
    brand_max_length: int = 30
    before_title: bool = True
    """Whether lines before a recognised 在……的讲话 title count as noise."""
    _findings: dict = field(default_factory=dict, repr=False, compare=False)
    """What :meth:`findings` found, by text: a check of a long draft while typing re-reads only
    the paragraph that changed."""

    def findings(self, text: str) -> tuple[str | None, list[tuple[int, int, str]]]:
        """:meth:`line_reason` of *text* and, when it is not noise as a whole,
        :meth:`inline_spans`; remembered (for up to 20,000 texts) so a text is read once."""
        found = self._findings.get(text)
        if found is None:
            reason = self.line_reason(text)
            found = (reason, [] if reason else self.inline_spans(text))
            if len(self._findings) >= 20_000:
                self._findings.clear()
            self._findings[text] = found
        return found

    def line_reason(self, text: str) -> str | None:
        """Why the whole line *text* is noise, or ``None`` when it is speech."""
        stripped = text.strip()
        if not stripped:
            return None
        if self.is_decoration(stripped):
            return "装饰线"
        if find_marker(stripped):
            return None
        for rule in self.rules:
            limit = rule.max_length or self.max_length
            if len(stripped) <= limit and rule.pattern.search(stripped):
                return rule.name
        return None

    def is_decoration(self, text: str) -> bool:
        """Whether *text* is only decorative symbols (at least three of them)."""
        first = text.lstrip()[:1]
        if not first or first not in self.decorations:
            return False  # most text: decided by its first character
        symbols = [ch for ch in text if not ch.isspace()]
        return len(symbols) >= 3 and all(ch in self.decorations for ch in symbols)

    def inline_spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, reason)`` of advert fragments inside the paragraph *text*."""
        spans = []
        for rule in self.inline:
            for found in rule.pattern.finditer(text):
                spans.append((found.start(), found.end(), rule.name))
        spans.sort()
        merged: list[tuple[int, int, str]] = []
        for start, end, reason in spans:
            if merged and start < merged[-1][1]:
                continue
            merged.append((start, end, reason))
        return merged

    def brands_in(self, text: str) -> list[str]:
        """Vendor names announced by the advert line *text* (``酷乐文行整理，咨询QQ…`` → 酷乐文行)."""
        names = []
        for pattern in self.brands:
            for found in pattern.finditer(text):
                name = found.group("brand")
                if name and name not in names:
                    names.append(name)
        return names


def load_noise_rules(
    extra: list[str | os.PathLike] | None = None, *, skipped: list[ToolkitError] | None = None
) -> NoiseRules:
    """The built-in rules, then the config file's ``noise_rules``, the files in
    ``JIANGGAO_NOISE_RULES``, then *extra*. A file that cannot be read raises its error;
    given a list *skipped*, it is left out instead and its error added to that list (the
    composer opens whatever the settings name, and says so)."""
    from toolkit.config import load_config

    paths = [DEFAULT_RULES_PATH]
    paths += [Path(p) for p in load_config().noise_rules]
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE, "")
    paths += [Path(p) for p in from_environment.split(os.pathsep) if p.strip()]
    paths += [Path(p) for p in (extra or [])]
    names = tuple(str(p) for p in paths)
    if skipped is not None:
        names = names[:1] + tuple(name for name in names[1:] if succeeds(lambda: _load((names[0], name)), skipped))
    return _load(names)


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> NoiseRules:
    combined = NoiseRules()
    for index, name in enumerate(paths):
        _merge(combined, Path(name), is_default=index == 0)
    return combined


def _merge(combined: NoiseRules, path: Path, *, is_default: bool) -> None:
    where = str(path)
    text = read_text_file(
        path,
        what="广告识别规则文件",
        max_bytes=MAX_RULES_BYTES,
        hint=f"请检查 {ENVIRONMENT_VARIABLE} 或 --noise-rules 的路径",
    )
    data = _parse_rules_text(text, where)
    if not isinstance(data, dict):
        raise InputFileError("噪音规则文件应是“字段: 值”的形式", where=where, hint="请参照内置的 noise_rules.yaml")

    def rules_of(key: str) -> list[NoiseRule]:
        items = data.get(key) or []
        if not isinstance(items, list):
            raise InputFileError(f"“{key}”应是规则列表", where=where)
        result = []
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict) or "pattern" not in item:
                raise InputFileError(f"“{key}”第{number}条规则缺少 pattern", where=where)
            which = f"“{key}”第{number}条规则"
            name = _text(item.get("name"), where, f"{which}的 name") or "素材网站广告"
            limit = item.get("max_length")
            result.append(
                NoiseRule(
                    name,
                    _compile(_text(item["pattern"], where, f"{which}的 pattern"), where, f"{key}第{number}条"),
                    _count(limit, where, f"{which}的 max_length") if limit not in (None, 0) else None,
                )
            )
        return result

    combined.rules += rules_of("rules")
    combined.inline += rules_of("inline")
    combined.decorations += _text(data.get("decorations"), where, "“decorations”")
    brands = data.get("brands") or []
    if not isinstance(brands, list):
        raise InputFileError("“brands”应是规则列表", where=where, hint="每条规则一行，以“- ”开头")
    for number, pattern in enumerate(brands, 1):
        compiled = _compile(_text(pattern, where, f"“brands”第{number}条规则"), where, f"brands第{number}条")
        if "brand" not in compiled.groupindex:
            raise InputFileError(f"brands第{number}条规则缺少命名组 (?P<brand>…)", where=where)
        combined.brands.append(compiled)
    if is_default or "max_length" in data:
        combined.max_length = _count(data.get("max_length", combined.max_length), where, "“max_length”")
    if is_default or "brand_max_length" in data:
        combined.brand_max_length = _count(
            data.get("brand_max_length", combined.brand_max_length), where, "“brand_max_length”"
        )
    if "before_title" in data:
        if not isinstance(data["before_title"], bool):
            raise InputFileError("“before_title”应是 true 或 false", where=where)
        combined.before_title = data["before_title"]


def _text(value: object, where: str, field_name: str) -> str:
    """*value* as the text a rule field holds (``""`` when absent); a list or mapping is refused."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise InputFileError(f"{field_name}应是一段文字", where=where, hint="请参照内置的 noise_rules.yaml")
    return str(value)


def _count(value: object, where: str, field_name: str) -> int:
    """*value* as a positive whole number of characters; anything else is refused."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputFileError(f"{field_name}应是正整数（字数）", where=where, hint="请参照内置的 noise_rules.yaml")
    return value


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jianggao"


def _parse_rules_text(text: str, where: str) -> dict:
    """The rule file's data. Parsed YAML is cached as JSON keyed by the text's hash, so a
    command that imports one .txt does not pay PyYAML's 40 ms import every time."""
    import json
    import zlib

    data = text.encode("utf-8")
    key = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"  # hashlib's OpenSSL costs 3 ms to load
    cache = _cache_folder() / f"noise-rules-{key}.json"
    try:
        return json.loads(read_regular_file(cache, limit=4 * MAX_RULES_BYTES, what="缓存").decode("utf-8"))
    except (ToolkitError, ValueError):
        pass
    from toolkit.yamlfile import load_yaml_mapping

    data = load_yaml_mapping(text, source=where, what="广告识别规则文件")
    if data:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, cache)
        except (OSError, TypeError, ValueError):
            pass  # a cache is only a cache
    return data


def _compile(pattern: object, where: str, which: str) -> re.Pattern:
    try:
        return re.compile(str(pattern))
    except re.error as error:
        raise InputFileError(
            f"{which}的正则表达式有误（{error}）", where=where, hint="请修正这条规则的 pattern"
        ) from None
