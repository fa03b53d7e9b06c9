"""Rows of widgets a part rebuilds from the draft (the 结构 tab's points, the 变量 and 占位符
lists, the problems listed before an export): shown in their box, and the rows they replace
closed, so a rebuild leaves no widget models behind in the kernel or the browser.

A widget's layout and style are widgets of their own and are closed with it, so a row is
built with its own: a layout shared with a widget outside the row would be closed under it.
"""

from __future__ import annotations

from collections.abc import Iterable

import ipywidgets as w


def show_rows(box: w.Box, rows: Iterable[w.Widget]) -> None:
    """Make *rows* the children of *box*, and close every widget it showed before that is
    not among them (with everything inside it)."""
    old = box.children
    box.children = tuple(rows)
    close_widgets(old, keep=box.children)


def close_widgets(widgets: Iterable[w.Widget], *, keep: Iterable[w.Widget] = ()) -> None:
    """Close *widgets*, the widgets inside them and their layouts and styles, except what
    is in *keep* (or inside it)."""
    kept = {id(widget) for widget in _inside(keep)}
    for widget in _inside(widgets):
        if id(widget) in kept:
            continue
        for part in (getattr(widget, "layout", None), getattr(widget, "style", None)):
            if isinstance(part, w.Widget):
                part.close()
        widget.close()


def _inside(widgets: Iterable[w.Widget]) -> list[w.Widget]:
    """*widgets* and every widget inside them (children, depth first), each once."""
    found: dict[int, w.Widget] = {}
    stack = list(widgets)
    while stack:
        widget = stack.pop()
        if id(widget) not in found:
            found[id(widget)] = widget
            stack.extend(getattr(widget, "children", ()))
    return list(found.values())
