"""The live preview laid out like the page, the counts, and the problems list."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from toolkit import service
from toolkit.errors import NumberingError
from toolkit.model.text import format_duration, speaking_seconds, speech_character_count
from toolkit.widgets.state import ComposerState


def counts_html(speech, rate: int) -> str:
    """字数, 预计时长 and the number of points, as one line."""
    characters = speech_character_count(speech)
    return (
        f'<div style="margin:4px 0">字数 <b>{characters}</b>　预计时长 <b>{format_duration(speaking_seconds(speech, rate))}</b>'
        f"（每分钟 {rate} 字）　要点 <b>{len(speech.points)}</b> 点</div>"
    )


class _RedrawnOnChange:
    """A pane redrawn whenever the speech changes (text, structure, or a new draft)."""

    def _on_state(self, reason: str) -> None:
        if reason in ("refresh", "loaded", "structure"):
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError


class PreviewPane(_RedrawnOnChange):
    """The page as it will print, with 字数, 预计时长 and the number of points."""

    def __init__(self, state: ComposerState, rate: int = 150):
        self.state = state
        self.rate = rate
        self.counts = w.HTML()
        self.page = w.HTML()
        self.widget = w.VBox([w.HTML("<b>预览</b>"), self.counts, self.page])
        state.subscribe(self._on_state)
        self.refresh()

    def refresh(self) -> None:
        speech = self.state.speech
        try:
            self.page.value = service.preview_html(speech)
            self.counts.value = counts_html(speech, self.rate)
        except NumberingError as error:
            self.page.value = f'<p style="color:#b91c1c">{escape(str(error))}</p>'


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
        problems = service.check(self.state.speech)
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
