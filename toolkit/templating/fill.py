"""Filling a speech's ``{{ 变量 }}`` placeholders before export.

Values come, later winning, from the meeting's facts (会议名称, 讲话人, 会议日期, 会议地点),
the draft's own ``variables``, and what the caller passes (``--var``, ``--vars``). Text
without template syntax is left alone without loading Jinja2 at all, so exporting a plain
draft stays fast.
"""

from __future__ import annotations

import copy
from typing import Any

from toolkit.errors import UnfilledVariableError
from toolkit.model.speech import Speech
from toolkit.model.variables import TEMPLATE_SYNTAX, speech_texts


def meeting_values(speech: Speech) -> dict[str, Any]:
    """The variables the meeting's facts provide when filled in."""
    facts = speech.meeting
    values: dict[str, Any] = {}
    if facts.name:
        values["会议名称"] = facts.name
    if facts.speaker:
        values["讲话人"] = facts.speaker
    if facts.date:
        values["会议日期"] = facts.date
    if facts.place:
        values["会议地点"] = facts.place
    return values


def speech_values(speech: Speech, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """All values available to *speech*'s placeholders (empty strings do not count)."""
    values = meeting_values(speech)
    values.update({k: v for k, v in speech.variables.items() if str(v).strip()})
    values.update({k: v for k, v in (extra or {}).items() if str(v).strip()})
    return values


def fill_speech(speech: Speech, extra: dict[str, Any] | None = None, *, allow_unfilled: bool = False) -> Speech:
    """A copy of *speech* with every placeholder rendered.

    A variable without a value raises :class:`UnfilledVariableError` naming it and where
    it is; with ``allow_unfilled`` it stays in the text as ``{{ 名称 }}``.
    """
    values = speech_values(speech, extra)
    if not allow_unfilled:
        from toolkit.templating.engine import variables_of

        for where, text in speech_texts(speech):
            if TEMPLATE_SYNTAX.search(text):
                missing = [name for name in _ordered(text, variables_of(text, name=where)) if name not in values]
                if missing:
                    raise UnfilledVariableError(
                        f"变量“{missing[0]}”没有值", where=where,
                        hint=f"请在草稿的 variables 中填写，或导出时加 --var {missing[0]}=…；确需保留占位符可加 --allow-placeholders",
                    )
    filled = copy.deepcopy(speech)
    render = _renderer(values, allow_unfilled)

    def text(value: str | None, where: str) -> str | None:
        if value is None or not TEMPLATE_SYNTAX.search(value):
            return value
        return render(value, where)

    filled.title = text(filled.title, "标题")
    filled.byline = text(filled.byline, "署名")
    filled.salutation = text(filled.salutation, "称呼")
    filled.opening = [text(t, f"开头第{i}段") for i, t in enumerate(filled.opening, 1)]
    filled.transition = text(filled.transition, "过渡句")
    for n, point in enumerate(filled.points, 1):
        point.lead = text(point.lead, f"第{n}点主旨句")
        point.body = [text(t, f"第{n}点正文第{i}段") for i, t in enumerate(point.body, 1)]
        for k, sub in enumerate(point.subpoints, 1):
            sub.lead = text(sub.lead, f"第{n}点第{k}小点主旨句")
            sub.body = [text(t, f"第{n}点第{k}小点正文第{i}段") for i, t in enumerate(sub.body, 1)]
    filled.closing = [text(t, f"结尾第{i}段") for i, t in enumerate(filled.closing, 1)]
    return filled


def _ordered(text: str, names: set[str]) -> list[str]:
    """*names* in the order they first appear in *text*."""
    return sorted(names, key=lambda name: (text.find(name) if name in text else len(text), name))


def _renderer(values: dict[str, Any], allow_unfilled: bool):
    from toolkit.templating.engine import render_keeping_unfilled, render_text

    if allow_unfilled:
        return lambda source, where: render_keeping_unfilled(source, values, name=where)
    return lambda source, where: render_text(source, values, name=where)
