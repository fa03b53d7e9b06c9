"""The places :meth:`~toolkit.widgets.state.ComposerState.reveal` takes the writer to, and
the composer tab holding each.

A place is named as staff read it: a part of the speech (``第2点``, ``开头第1段``, ``标题``),
a variable to fill (``变量“县名”``) or a placeholder to replace (``占位符“×县”``).
"""

from __future__ import annotations

import re

from toolkit.model.text import OVER_TIME_PLACE

_FACTS_PLACES = ("标题", "署名", "称呼", "会议名称", "讲话人", "会议日期", "会议地点", OVER_TIME_PLACE, "编号")
_NAMED = re.compile(r"(变量|占位符)“(.+)”")


def place_of(problem) -> str:
    """Where the writer fixes *problem* (a :class:`~toolkit.checks.Problem`): an unfilled
    ``{{ 县名 }}`` is filled at 变量“县名”, a ×县 left in the text is replaced everywhere at
    占位符“×县”, anything else is fixed where it is (第2点, 标题…)."""
    if getattr(problem, "variable", None):
        return f"变量“{problem.variable}”"
    if getattr(problem, "placeholder", None):
        return f"占位符“{problem.placeholder}”"
    return problem.where


def named(where: str, tab: str) -> str | None:
    """The variable or placeholder the place *where* names in *tab* (``变量“县名”`` in 变量
    is ``县名``), ``None`` when *where* is no such place."""
    found = _NAMED.fullmatch(where)
    return found.group(2) if found and found.group(1) == tab else None


def tab_of(where: str) -> str:
    """The composer tab holding the place *where* names: 会议信息, 变量, 占位符 or 结构."""
    for tab in ("变量", "占位符"):
        if where.startswith(tab):
            return tab
    if where.startswith(_FACTS_PLACES):
        return "会议信息"
    return "结构"
