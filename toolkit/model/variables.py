"""``{{ 变量 }}`` placeholders in a speech's text, found without Jinja2.

The templating layer renders them; this small scanner lets the model, the checks and the
exporter see which ones are still unfilled without loading a template engine.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from toolkit.model.fields import map_speech_texts, speech_texts
from toolkit.model.speech import MeetingFacts, Speech
from toolkit.model.text import parse_limit_minutes

VARIABLE = re.compile(r"\{\{-?\s*([^\s{}|().\[\]~+*/%<>=!,'\"-][^\s{}|().\[\]~+*/%<>=!,'\"]*)\s*(?:\|[^{}]*)?-?\}\}")
"""A simple ``{{ 名称 }}`` or ``{{ 名称 | 过滤器 }}`` expression; group 1 is the name."""
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#")
LITERAL = re.compile(r"\{\{ '((?:[^'\\\n]|\\.)*)' \}\}")
"""A value written into a template's output as literal text (see :func:`as_literal`)."""
_OPENS_TEMPLATE_SYNTAX = re.compile(r"\{(?:[{%#]|\Z)")
PLACEHOLDER = re.compile(
    r"[×✕╳]+(?:部长|局长|书记|主任|同志|县长|市长|区长|乡长|镇长|处长|科长|[县市区乡镇村省州盟旗部局委办厅科处组])?|[XＸ]{2,}|[＿_]{2,}|【\s*】|\[\s*\]|○{2,}|□{2,}"
)
"""Placeholders purchased material leaves for names and dates: ×县, ×××, XXX, ＿＿, 【】, ○○."""


MEETING_VARIABLES = {
    "会议名称": "name",
    "讲话人": "speaker",
    "会议日期": "date",
    "会议地点": "place",
    "讲话时长": "limit_minutes",
}
"""The variables the meeting's facts stand for, and the :class:`MeetingFacts` field each
fills. 讲话时长 is one so that ``jianggao new --var 讲话时长=10``, a skeleton's values and the
变量 tab set the meeting's slot like any other fact (one fact, one place)."""


def meeting_values(meeting: MeetingFacts) -> dict[str, Any]:
    """The variables *meeting*'s facts provide, those filled in only (a date stays a date)."""
    values: dict[str, Any] = {}
    for variable, attribute in MEETING_VARIABLES.items():
        value = getattr(meeting, attribute)
        if value:
            values[variable] = value
    return values


def speech_values(speech: Speech, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every value *speech*'s placeholders can take, later winning: the meeting's facts, the
    draft's ``variables``, then *extra* (what the caller gives). Empty values do not count."""
    values = meeting_values(speech.meeting)
    values.update({k: v for k, v in speech.variables.items() if str(v).strip()})
    values.update({k: v for k, v in (extra or {}).items() if str(v).strip()})
    return values


def set_meeting_fact(meeting: MeetingFacts, variable: str, value: Any) -> bool:
    """Put *value* into the meeting fact *variable* stands for (会议日期 takes a date or
    ``2026-09-28``, 讲话时长 a number of minutes or ``10分钟``); returns ``False`` when
    *variable* is no meeting fact.

    Raises :class:`ValueError` with a Chinese message for a date or a number of minutes
    that cannot be read."""
    attribute = MEETING_VARIABLES.get(variable)
    if attribute is None:
        return False
    if attribute == "date":
        if value in (None, ""):
            meeting.date = None
        elif isinstance(value, _dt.date):
            meeting.date = value
        else:
            try:
                meeting.date = _dt.date.fromisoformat(str(value).strip())
            except ValueError:
                raise ValueError(f"“{value}”不是日期，请写成 2026-09-28 这样的年-月-日") from None
    elif attribute == "limit_minutes":
        meeting.limit_minutes = parse_limit_minutes(value.strip() if isinstance(value, str) else value)
    else:
        setattr(meeting, attribute, "" if value is None else str(value))
    return True


def as_literal(value: str) -> str:
    """*value* as template text that renders to exactly *value*: each line holding ``{{``,
    ``{%``, ``{#`` (or ending in ``{``) becomes ``{{ '…' }}``, so a value typed by a user
    stays data when the text it was put into is filled again. Other lines are unchanged."""
    if "{" not in value:
        return value
    lines = value.split("\n")
    for index, line in enumerate(lines):
        if _OPENS_TEMPLATE_SYNTAX.search(line):
            quoted = line.replace("\\", "\\\\").replace("'", "\\'").replace("\r", "\\r")
            lines[index] = "{{ '" + quoted + "' }}"
    return "\n".join(lines)


def literal_text(text: str) -> str:
    """*text* with each :func:`as_literal` span shown as the value it stands for (for display)."""
    if "{{ '" not in text:
        return text
    escapes = {"r": "\r", "n": "\n", "t": "\t"}
    return LITERAL.sub(lambda m: re.sub(r"\\(.)", lambda e: escapes.get(e[1], e[1]), m[1]), text)


def literal_speech(speech: Speech) -> Speech:
    """A copy of *speech* whose text shows values as typed (``jianggao show``, the preview)."""
    return map_speech_texts(speech, lambda _where, text: literal_text(text))


def variables_in(text: str) -> list[str]:
    """The names of the simple variables in *text*, in order of first appearance."""
    names: list[str] = []
    for match in VARIABLE.finditer(text):
        if match.group(1) not in names:
            names.append(match.group(1))
    return names


def unfilled_variables(speech: Speech) -> list[tuple[str, str]]:
    """``(name, where)`` of each template expression still in the text, first place only."""
    found: dict[str, str] = {}
    for where, text in speech_texts(speech):
        text = LITERAL.sub("", text)  # a value written as literal text is no placeholder
        if TEMPLATE_SYNTAX.search(text):
            names = variables_in(text) or ["{{ … }}"]
            for name in names:
                found.setdefault(name, where)
    return list(found.items())


_LIST_SEPARATORS = re.compile(r"[、；;]+")
_SENTENCE_END = "。！？!?"


def list_items(value: Any) -> list[str] | None:
    """The items of a list value as staff write one: a list, text with one item a line, or
    one line of sentences separated by 、 or ； (``甲。、乙。``: each part ends a sentence, so
    ``加强领导、压实责任。`` stays one item). ``None`` unless there are at least two items."""
    if isinstance(value, (list, tuple)):
        items = [str(item).strip() for item in value]
    elif isinstance(value, str):
        if "\n" in value.strip():
            items = [line.strip() for line in value.split("\n")]
        else:
            parts = [part.strip() for part in _LIST_SEPARATORS.split(value)]
            parts = [part for part in parts if part]
            if len(parts) < 2 or any(part[-1] not in _SENTENCE_END for part in parts):
                return None
            items = parts
    else:
        return None
    items = [item for item in items if item]
    return items if len(items) >= 2 else None


def split_list_value(value: str) -> list[str]:
    """What a list variable's box holds, item by item: one item a line; a single line may
    separate items with 、 or ； (the library's rule for list variables)."""
    parts = value.split("\n") if "\n" in value.strip() else _LIST_SEPARATORS.split(value)
    return [part.strip() for part in parts if part.strip()]


def lone_variable(text: str) -> str | None:
    """The variable *text* consists of, alone (``{{ 要点 }}`` → ``要点``), else ``None``."""
    match = VARIABLE.fullmatch(text.strip())
    return match.group(1) if match and "|" not in match.group(0) else None


def expand_list_points(speech: Speech, values: dict[str, Any]) -> Speech:
    """*speech* with each point whose lead is one variable holding a list (see
    :func:`list_items`) made into one point per item, each with a copy of the point's body
    and sub-points; *speech* itself when there is none. Items are written as literal text,
    so a value stays data when the speech is filled."""
    import copy

    if not any(lone_variable(point.lead) for point in speech.points):
        return speech
    points = []
    changed = False
    for point in speech.points:
        name = lone_variable(point.lead)
        items = list_items(values.get(name)) if name else None
        if not items:
            points.append(point)
            continue
        changed = True
        for item in items:
            clone = copy.deepcopy(point)
            clone.lead = as_literal(item)
            points.append(clone)
    if not changed:
        return speech
    expanded = copy.copy(speech)
    expanded.points = points
    return expanded
