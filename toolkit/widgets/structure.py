"""Editing the speech's structure: opening, transition, points with sub-points, closing.

Paragraph boxes hold one paragraph a line. Points and sub-points are added, deleted and
moved with buttons; their markers are never typed, so they renumber at once.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from toolkit.errors import NumberingError
from toolkit.model.speech import Point, SubPoint
from toolkit.widgets.state import ComposerState

WIDE = w.Layout(width="98%")
SMALL = w.Layout(width="auto")


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs typed in a box: one a line, blank lines dropped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _box(value: list[str], placeholder: str, rows: int = 3) -> w.Textarea:
    return w.Textarea(value="\n".join(value), placeholder=placeholder, rows=rows, layout=WIDE)


def _markers(state: ComposerState) -> list[str]:
    try:
        return state.speech.point_markers()
    except NumberingError:
        return [f"（{i}）" for i in range(1, len(state.speech.points) + 1)]


def _sub_markers(state: ComposerState, point: Point) -> list[str]:
    try:
        return state.speech.subpoint_markers(point)
    except NumberingError:
        return [f"（{i}）" for i in range(1, len(point.subpoints) + 1)]


class StructureEditor:
    """Opening, transition, the points and the closing."""

    def __init__(self, state: ComposerState):
        self.state = state
        self.opening = _box([], "开头，每段一行", rows=4)
        self.transition = w.Text(placeholder="如：下面，我讲几点意见。", layout=WIDE)
        self.run_in = w.Checkbox(description="过渡句接在开头最后一段末尾", indent=False)
        self.points_box = w.VBox()
        self.add_point = w.Button(description="添加要点", icon="plus", layout=SMALL)
        self.closing = _box([], "结尾，每段一行", rows=3)
        self.message = w.HTML()
        self.widget = w.VBox(
            [
                w.HTML("<b>开头</b>"),
                self.opening,
                w.HTML("<b>过渡句</b>"),
                self.transition,
                self.run_in,
                w.HTML("<b>要点</b>（编号自动生成）"),
                self.points_box,
                self.add_point,
                self.message,
                w.HTML("<b>结尾</b>"),
                self.closing,
            ]
        )
        self._updating = False
        self.opening.observe(self._on_opening_change, names="value")
        self.transition.observe(self._on_transition_change, names="value")
        self.run_in.observe(self._on_run_in_change, names="value")
        self.closing.observe(self._on_closing_change, names="value")
        self.add_point.on_click(self._on_add_point_click)
        state.subscribe(self._on_state)
        self.refresh()

    # -- model → widgets -----------------------------------------------------------------------
    def _on_state(self, reason: str) -> None:
        if reason == "loaded":
            self.refresh()
        elif reason == "structure":
            self.rebuild_points()

    def refresh(self) -> None:
        speech = self.state.speech
        self._updating = True
        try:
            self.opening.value = "\n".join(speech.opening)
            self.transition.value = speech.transition or ""
            self.run_in.value = speech.transition_run_in
            self.closing.value = "\n".join(speech.closing)
        finally:
            self._updating = False
        self.rebuild_points()

    def rebuild_points(self) -> None:
        """Redraw every point row (after adding, deleting, moving or a numbering change)."""
        speech = self.state.speech
        markers = _markers(self.state)
        self.points_box.children = [self._point_row(i, point, markers[i]) for i, point in enumerate(speech.points)]
        self.message.value = ""

    def _point_row(self, index: int, point: Point, marker: str) -> w.Widget:
        count = len(self.state.speech.points)
        lead = w.Text(value=point.lead, placeholder="主旨句，如：切实提高思想认识。", layout=w.Layout(width="70%"))
        body = _box(point.body, "正文，每段一行", rows=3)
        lead.observe(lambda change: self._set(point, "lead", change["new"].strip()), names="value")
        body.observe(lambda change: self._set(point, "body", paragraphs_of(change["new"])), names="value")
        up = w.Button(description="上移", icon="arrow-up", disabled=index == 0, layout=SMALL)
        down = w.Button(description="下移", icon="arrow-down", disabled=index == count - 1, layout=SMALL)
        delete = w.Button(description="删除", icon="trash", button_style="danger", layout=SMALL)
        add_sub = w.Button(description="添加小点", icon="plus", layout=SMALL)
        up.on_click(lambda _b: self.move(index, index - 1))
        down.on_click(lambda _b: self.move(index, index + 1))
        delete.on_click(lambda _b: self.delete(index))
        add_sub.on_click(lambda _b: self.add_subpoint(index))
        sub_markers = _sub_markers(self.state, point)
        subs = [self._sub_row(point, k, sub, sub_markers[k]) for k, sub in enumerate(point.subpoints)]
        label = w.HTML(f'<b style="font-size:110%">{escape(marker)}</b>', layout=w.Layout(width="4.5em"))
        return w.VBox(
            [w.HBox([label, lead, up, down, delete]), body, w.VBox(subs, layout=w.Layout(margin="0 0 0 3em")), add_sub],
            layout=w.Layout(border="1px solid #ddd", padding="4px", margin="2px 0"),
        )

    def _sub_row(self, point: Point, k: int, sub: SubPoint, marker: str) -> w.Widget:
        lead = w.Text(value=sub.lead, placeholder="小点主旨句", layout=w.Layout(width="60%"))
        body = _box(sub.body, "小点正文，每段一行", rows=2)
        lead.observe(lambda change: self._set(sub, "lead", change["new"].strip()), names="value")
        body.observe(lambda change: self._set(sub, "body", paragraphs_of(change["new"])), names="value")
        up = w.Button(description="上移", disabled=k == 0, layout=SMALL)
        down = w.Button(description="下移", disabled=k == len(point.subpoints) - 1, layout=SMALL)
        delete = w.Button(description="删除", button_style="danger", layout=SMALL)
        up.on_click(lambda _b: self.move_subpoint(point, k, k - 1))
        down.on_click(lambda _b: self.move_subpoint(point, k, k + 1))
        delete.on_click(lambda _b: self.delete_subpoint(point, k))
        return w.VBox([w.HBox([w.HTML(escape(marker), layout=w.Layout(width="4em")), lead, up, down, delete]), body])

    # -- widgets → model -------------------------------------------------------------------------
    def _set(self, target, attribute: str, value) -> None:
        setattr(target, attribute, value)
        self.state.changed()

    def _on_opening_change(self, change) -> None:
        if not self._updating:
            self.state.speech.opening = paragraphs_of(change["new"])
            self.state.changed()

    def _on_transition_change(self, change) -> None:
        if not self._updating:
            self.state.speech.transition = change["new"].strip() or None
            self.state.changed()

    def _on_run_in_change(self, change) -> None:
        if not self._updating:
            self.state.speech.transition_run_in = bool(change["new"])
            self.state.changed()

    def _on_closing_change(self, change) -> None:
        if not self._updating:
            self.state.speech.closing = paragraphs_of(change["new"])
            self.state.changed()

    def _on_add_point_click(self, _button) -> None:
        self.add(Point())

    # -- structure operations (also used by tests and the library browser) ------------------------
    def add(self, point: Point, index: int | None = None) -> None:
        try:
            self.state.speech.add_point(point, index)
        except NumberingError as error:
            self.message.value = f'<span style="color:#b91c1c">{escape(str(error))}</span>'
            return
        self.state.changed(structure=True)

    def delete(self, index: int) -> None:
        self.state.speech.remove_point(index)
        self.state.changed(structure=True)

    def move(self, index: int, new_index: int) -> None:
        self.state.speech.move_point(index, new_index)
        self.state.changed(structure=True)

    def add_subpoint(self, index: int) -> None:
        try:
            self.state.speech.add_subpoint(self.state.speech.points[index])
        except NumberingError as error:
            self.message.value = f'<span style="color:#b91c1c">{escape(str(error))}</span>'
            return
        self.state.changed(structure=True)

    def delete_subpoint(self, point: Point, k: int) -> None:
        self.state.speech.remove_subpoint(point, k)
        self.state.changed(structure=True)

    def move_subpoint(self, point: Point, k: int, new_k: int) -> None:
        self.state.speech.move_subpoint(point, k, new_k)
        self.state.changed(structure=True)
