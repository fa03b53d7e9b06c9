"""``{{ 变量 }}`` placeholders in a speech's text, found without Jinja2.

The templating layer renders them; this small scanner lets the model, the checks and the
exporter see which ones are still unfilled without loading a template engine.
"""

from __future__ import annotations

import re
from typing import Iterator

from toolkit.model.speech import Speech

VARIABLE = re.compile(r"\{\{-?\s*([^\s{}|().\[\]~+*/%<>=!,'\"-][^\s{}|().\[\]~+*/%<>=!,'\"]*)\s*(?:\|[^{}]*)?-?\}\}")
"""A simple ``{{ 名称 }}`` or ``{{ 名称 | 过滤器 }}`` expression; group 1 is the name."""
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#")
PLACEHOLDER = re.compile(r"[×✕╳]+(?:部长|书记|主任|同志|[县市区乡镇村省州盟旗部局委办厅科处组])?|[XＸ]{2,}|[＿_]{2,}|【\s*】|\[\s*\]|○{2,}|□{2,}")
"""Placeholders purchased material leaves for names and dates: ×县, ×××, XXX, ＿＿, 【】, ○○."""


def variables_in(text: str) -> list[str]:
    """The names of the simple variables in *text*, in order of first appearance."""
    names: list[str] = []
    for match in VARIABLE.finditer(text):
        if match.group(1) not in names:
            names.append(match.group(1))
    return names


def speech_texts(speech: Speech) -> Iterator[tuple[str, str]]:
    """``(where, text)`` of every text field, reading order (see :func:`toolkit.checks.speech_fields`)."""
    from toolkit.model.layout import point_label, subpoint_label

    for where, text in (("标题", speech.title), ("署名", speech.byline), ("称呼", speech.salutation)):
        if text:
            yield where, text
    for i, text in enumerate(speech.opening, 1):
        yield f"开头第{i}段", text
    if speech.transition:
        yield "过渡句", speech.transition
    for n, point in enumerate(speech.points, 1):
        yield f"{point_label(n)}主旨句", point.lead
        for i, text in enumerate(point.body, 1):
            yield f"{point_label(n)}正文第{i}段", text
        for k, sub in enumerate(point.subpoints, 1):
            yield f"{subpoint_label(n, k)}主旨句", sub.lead
            for i, text in enumerate(sub.body, 1):
                yield f"{subpoint_label(n, k)}正文第{i}段", text
    for i, text in enumerate(speech.closing, 1):
        yield f"结尾第{i}段", text


def unfilled_variables(speech: Speech) -> list[tuple[str, str]]:
    """``(name, where)`` of each template expression still in the text, first place only."""
    found: dict[str, str] = {}
    for where, text in speech_texts(speech):
        if TEMPLATE_SYNTAX.search(text):
            names = variables_in(text) or ["{{ … }}"]
            for name in names:
                found.setdefault(name, where)
    return list(found.items())
