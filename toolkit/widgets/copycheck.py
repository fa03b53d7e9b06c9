"""The 查重 panel (in the 素材 tab): the draft checked against the office's archive, paragraph
by paragraph, on request (a check of a long draft takes a moment, so it does not run while
typing). Each listed paragraph shows the most alike archived paragraph, its share and
source; choosing one takes the writer to it on the page. The whole draft's share copied from
购买 and 上级 material is shown above, in red when it reaches the office's warning line."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from toolkit import service
from toolkit.errors import ToolkitError
from toolkit.widgets.state import ComposerState

HINT = "点“查重”，把草稿逐段与素材库中的以往讲稿比对。"
STALE = "草稿改动过，结果可能已过时，请重新查重。"
"""What the compared characters leave out (:func:`toolkit.service.check_copies`), said
beside their number, which is therefore smaller than the page's 字数."""


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


class CopyCheckPanel:
    """查重 on the composer's draft; *archive* opens the archive, or returns ``None`` and
    leaves the reason (HTML) in *reason* (the 素材 tab's own, so both say the same)."""

    def __init__(self, state: ComposerState, archive, reason):
        self.state = state
        self._archive = archive
        self._reason = reason
        self.report = None
        self.button = w.Button(description="查重", icon="search", tooltip="逐段与素材库比对，找出相近的段落")
        self.summary = w.HTML(f'<span style="color:#666">{HINT}</span>')
        self.results = w.Select(options=[], rows=6, layout=w.Layout(width="98%", display="none"))
        self.detail = w.HTML()
        self.widget = w.VBox(
            [w.HTML("<b>查重</b>"), w.HBox([self.button]), self.summary, self.results, self.detail],
            layout=w.Layout(border_top="1px solid #ddd", margin="8px 0 0 0", padding="4px 0 0 0"),
        )
        self.button.on_click(lambda _button: self.run())
        self.results.observe(lambda _change: self.show_selected(), names="value")
        state.subscribe(self._on_state)

    def _on_state(self, reason: str) -> None:
        if self.report is not None and reason in ("refresh", "structure", "loaded"):
            self.detail.value = f'<span style="color:#b45309">{STALE}</span>'

    def run(self) -> None:
        """Check the draft as it is now and show what was found."""
        archive = self._archive()
        if archive is None:
            self.summary.value = self._reason()
            return
        try:
            self.report = service.check_copies(self.state.speech, archive=archive)
        except ToolkitError as error:
            self.summary.value = f'<span style="color:#b91c1c">{escape(error.problem)}</span>'
            return
        self.show()

    def show(self) -> None:
        """The report: the shares for the whole draft, then the alike paragraphs to choose from."""
        report, limits = self.report, self.report.thresholds
        shares = []
        for source in ("购买", "上级"):
            share = report.share(source)
            colour = "#b91c1c" if source in report.over() else "#333"
            shares.append(f'<span style="color:{colour}">照搬{source}材料 {_percent(share)}</span>')
        similar = report.similar()
        found = f"{len(similar)} 段与以往讲稿相近" if similar else "没有与以往讲稿相近的段落"
        warning = (
            f'<br><span style="color:#b91c1c">照搬的部分已达参与比对正文的 {_percent(limits.share)}，请改写这些段落，或注明出处。</span>'
            if report.over()
            else ""
        )
        empty = "<br>素材库里还没有讲稿。" if not report.speeches else ""
        self.summary.value = (
            f"参与比对的正文 {report.characters} 字（{report.compared}），对照素材库 {report.speeches} 篇讲稿："
            f"{'，'.join(shares)}；{found}。"
            f"{warning}{empty}"
        )
        options = []
        for index, checked in enumerate(similar):
            verdict = "照搬" if checked.share >= limits.copied else "相似"
            origin = checked.best.speech
            cited = "（已记出处）" if checked.cited else ""
            label = f"{checked.where}　{checked.percent}%　{verdict}　{origin.source}：{origin.title}{cited}"
            options.append((label, index))
        self.results.options = options
        self.results.layout.display = "" if options else "none"
        self.results.value = None
        self.detail.value = ""

    def show_selected(self) -> None:
        """The chosen paragraph beside the archived one it is like, and the paragraph shown on the page."""
        index = self.results.value
        if self.report is None or index is None:
            return
        checked = self.report.similar()[index]
        origin = checked.best
        facts = "，".join(
            item
            for item in (
                f"{origin.speech.date.year}年{origin.speech.date.month}月{origin.speech.date.day}日"
                if origin.speech.date
                else "",
                origin.speech.source,
                origin.speech.speaker,
                f"第{origin.paragraph.position + 1}段",
            )
            if item
        )
        self.detail.value = (
            '<div style="border:1px solid #ddd;padding:6px;max-height:14em;overflow:auto">'
            f'<p style="margin:2px 0"><b>草稿{escape(checked.where)}</b>：{escape(checked.text)}</p>'
            f'<p style="margin:2px 0;color:#555"><b>{escape(origin.speech.title or "无标题")}</b>'
            f"（{escape(facts)}）：{escape(origin.paragraph.text)}</p></div>"
        )
        self.state.reveal(checked.where, switch_tab=False)
