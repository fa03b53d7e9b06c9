"""The problems list: what `jianggao check` would say about the draft, each naming where."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from toolkit.widgets.state import ComposerState


class _RedrawnOnChange:
    """A pane redrawn whenever the speech changes (text, structure, or a new draft)."""

    def _on_state(self, reason: str) -> None:
        if reason in ("refresh", "loaded", "structure"):
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


class ProblemsPane(_RedrawnOnChange):
    """What `jianggao check` would say, each finding naming where it is."""

    def __init__(self, state: ComposerState):
        self.state = state
        self.list = w.HTML()
        self.heading = w.HTML("<b>需要注意的问题</b>")
        """The count, above the list: in view even when the list is long."""
        self.widget = w.VBox([self.heading, self.list])
        state.subscribe(self._on_state)
        self.refresh()

    def refresh(self) -> None:
        problems = self.state.problems()
        self.heading.value = f"<b>需要注意的问题（{len(problems)} 处）</b>" if problems else "<b>需要注意的问题</b>"
        if not problems:
            self.list.value = '<span style="color:#15803d">未发现问题。</span>'
            return
        items = []
        for problem in problems:
            colour = "#b45309" if problem.severity == "hint" else "#b91c1c"
            label = "提示" if problem.severity == "hint" else "问题"
            items.append(
                f'<li><span style="color:{colour}">[{label}]</span> <b>{escape(problem.where)}</b>：'
                f"{escape(problem.message)}</li>"
            )
        self.list.value = f'<ul style="margin:0;padding-left:1.2em">{"".join(items)}</ul>'
