"""Filling a speech's ``{{ 变量 }}`` placeholders before export.

Values come, later winning, from the meeting's facts (会议名称, 讲话人, 会议日期, 会议地点, 讲话时长),
the draft's own ``variables``, and what the caller passes (``--var``, ``--vars``). Text
without template syntax is left alone without loading Jinja2 at all, so exporting a plain
draft stays fast.
"""

from __future__ import annotations

from typing import Any

from toolkit.errors import UnfilledVariableError
from toolkit.model.fields import map_speech_texts, speech_texts
from toolkit.model.speech import Speech
from toolkit.model.variables import TEMPLATE_SYNTAX, speech_values


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
                        f"变量“{missing[0]}”没有值",
                        where=where,
                        hint=f"请在草稿的 variables 中填写，或导出时加 --var {missing[0]}=…；确需保留占位符可加 --allow-placeholders",
                    )
    render = _renderer(values, allow_unfilled)

    def text(where: str, value: str) -> str:
        return render(value, where) if TEMPLATE_SYNTAX.search(value) else value

    return map_speech_texts(speech, text)


def _ordered(text: str, names: set[str]) -> list[str]:
    """*names* in the order they first appear in *text*."""
    return sorted(names, key=lambda name: (text.find(name) if name in text else len(text), name))


def _renderer(values: dict[str, Any], allow_unfilled: bool):
    from toolkit.templating.engine import render_keeping_unfilled, render_text

    if allow_unfilled:
        return lambda source, where: render_keeping_unfilled(source, values, name=where)
    return lambda source, where: render_text(source, values, name=where)
