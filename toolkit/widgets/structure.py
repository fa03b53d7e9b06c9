"""Editing the speech's structure: opening, transition, points with sub-points, closing.

Paragraph boxes hold one paragraph a line. Points and sub-points are added, deleted and
moved with buttons; their markers are never typed, so they renumber at once. Deleting
asks nothing: the message line says what went (已删除第三点) beside an 撤销 button.
"""

from __future__ import annotations

import re
from html import escape

import ipywidgets as w

from toolkit.errors import NumberingError
from toolkit.model.numbering import chinese_numeral
from toolkit.model.places import replace_paragraphs
from toolkit.model.speech import Point, SubPoint
from toolkit.widgets import edits
from toolkit.widgets.edits import point_name
from toolkit.widgets.rows import show_rows
from toolkit.widgets.state import ComposerState


def _wide() -> w.Layout:
    """A box as wide as the tab: a layout of its own (a point's row is closed with its layouts)."""
    return w.Layout(width="98%")


def _small() -> w.Layout:
    """A button as wide as its words."""
    return w.Layout(width="auto")


def _row_button(description: str, tooltip: str, **options) -> w.Button:
    """A button in a point's row: never squeezed by the text field beside it, so its label
    is never cut to "…"."""
    return w.Button(description=description, tooltip=tooltip, layout=w.Layout(width="auto", flex="0 0 auto"), **options)


def _text_layout(min_width: str) -> w.Layout:
    """A lead field that takes the room the row's buttons leave."""
    return w.Layout(width="auto", flex="1 1 auto", min_width=min_width)


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs typed in a box: one a line, blank lines dropped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _written(paragraphs: list[str]) -> list[str]:
    """*paragraphs* as a box shows them: the empty ones (a new paragraph not yet typed) left out."""
    return [text.strip() for text in paragraphs if text.strip()]


def _box(value: list[str], placeholder: str, rows: int = 3) -> w.Textarea:
    return w.Textarea(value="\n".join(value), placeholder=placeholder, rows=rows, layout=_wide())


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


LAZY_FROM = 60
"""From this many point and sub-point rows on, the rows are built only while the 结构 tab is
shown: a 100,000-character draft has some 450, about 10,000 widgets, which cost seconds in
the kernel and many more in the browser when the composer opens, for a tab perhaps never opened."""


class StructureEditor:
    """Opening, transition, the points and the closing."""

    def __init__(self, state: ComposerState):
        self.state = state
        self.visible = False
        """Whether the 结构 tab is shown (the composer says so); rows of a long draft wait for it."""
        self._rows_pending = False
        self.opening = _box([], "开头，每段一行", rows=4)
        self.transition = w.Text(placeholder="如：下面，我讲几点意见。", layout=_wide())
        self.run_in = w.Checkbox(description="过渡句接在开头最后一段末尾", indent=False)
        self.points_box = w.VBox()
        self.add_point = w.Button(description="添加要点", icon="plus", layout=_small())
        self.closing = _box([], "结尾，每段一行", rows=3)
        self.message = w.HTML()
        self.undo_delete = w.Button(
            description="撤销", icon="undo", tooltip="恢复刚删除的内容", layout=w.Layout(width="auto", flex="0 0 auto")
        )
        self.deleted_text = w.HTML()
        self.deleted = w.HBox(
            [self.deleted_text, self.undo_delete], layout=w.Layout(display="none", align_items="center")
        )
        """已删除第三点 · 撤销: shown after a delete, as long as 撤销 would take back that delete."""
        self._deleted_step: int | None = None
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
                self.deleted,
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
        self.undo_delete.on_click(self._on_undo_delete_click)
        state.subscribe(self._on_state)
        self.refresh()

    # -- model → widgets -----------------------------------------------------------------------
    def _on_state(self, reason: str) -> None:
        if reason == "loaded":
            self.refresh()
        elif reason == "structure":
            self.rebuild_points()
        elif reason == "refresh":
            self.follow()
        elif reason == "reveal":
            self.reveal(self.state.revealed or "")
        if reason in ("history", "loaded") and self.state.history.last_step != self._deleted_step:
            self._hide_deleted()

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

    def follow(self) -> None:
        """Show text changed elsewhere (typed on the page): each box whose paragraphs differ
        from the draft's is set again; a box that already says the same (the one being typed
        in here) is left alone, so typing here is never disturbed."""
        speech = self.state.speech
        self._updating = True
        try:
            if paragraphs_of(self.opening.value) != _written(speech.opening):
                self.opening.value = "\n".join(speech.opening)
            if (self.transition.value.strip() or None) != speech.transition:
                self.transition.value = speech.transition or ""
            if paragraphs_of(self.closing.value) != _written(speech.closing):
                self.closing.value = "\n".join(speech.closing)
        finally:
            self._updating = False
        shown = [
            (
                lead.value.strip(),
                paragraphs_of(body.value),
                [(s.value.strip(), paragraphs_of(b.value)) for s, b in subs],
            )
            for lead, body, subs in self._boxes
        ]
        wanted = [
            (
                p.lead,
                [t for t in p.body if t.strip()],
                [(s.lead, [t for t in s.body if t.strip()]) for s in p.subpoints],
            )
            for p in speech.points
        ]
        if shown != wanted and not self._rows_pending:
            self.rebuild_points()

    def show(self, visible: bool = True) -> None:
        """The 结构 tab was shown (or hidden): rows left waiting are built now."""
        self.visible = visible
        if visible and self._rows_pending:
            self.rebuild_points()

    def rebuild_points(self) -> None:
        """Redraw every point row (after adding, deleting, moving or a numbering change); the
        rows replaced are closed. For a long draft (:data:`LAZY_FROM` rows) while the tab is
        hidden, the rows are closed and built when it is shown."""
        speech = self.state.speech
        rows = len(speech.points) + sum(len(point.subpoints) for point in speech.points)
        self._rows_pending = not self.visible and rows >= LAZY_FROM
        if self._rows_pending:
            self._boxes = []
            show_rows(self.points_box, [])
            return
        markers = _markers(self.state)
        self._boxes: list[tuple[w.Text, w.Textarea, list[tuple[w.Text, w.Textarea]]]] = []
        """Each point's lead and body boxes, with its sub-points' (to see what changed elsewhere)."""
        show_rows(self.points_box, [self._point_row(i, point, markers[i]) for i, point in enumerate(speech.points)])
        self.message.value = ""

    def _point_row(self, index: int, point: Point, marker: str) -> w.Widget:
        count = len(self.state.speech.points)
        lead = w.Text(value=point.lead, placeholder="主旨句，如：切实提高思想认识。", layout=_text_layout("10em"))
        body = _box(point.body, "正文，每段一行", rows=3)
        lead.observe(lambda change: self._set(point, "lead", change["new"].strip()), names="value")
        body.observe(lambda change: self._set(point, "body", paragraphs_of(change["new"])), names="value")
        name = point_name(index)
        up = _row_button("上移", f"把{name}移到上一点之前", icon="arrow-up", disabled=index == 0)
        down = _row_button("下移", f"把{name}移到下一点之后", icon="arrow-down", disabled=index == count - 1)
        delete = _row_button("删除", f"删除{name}（可撤销）", icon="trash", button_style="danger")
        add_sub = w.Button(description="添加小点", icon="plus", layout=_small())
        up.on_click(lambda _b: self.move(index, index - 1))
        down.on_click(lambda _b: self.move(index, index + 1))
        delete.on_click(lambda _b: self.delete(index))
        add_sub.on_click(lambda _b: self.add_subpoint(index))
        sub_markers = _sub_markers(self.state, point)
        self._boxes.append((lead, body, []))
        subs = [self._sub_row(point, k, sub, sub_markers[k]) for k, sub in enumerate(point.subpoints)]
        label = w.HTML(
            f'<b style="font-size:110%">{escape(marker)}</b>', layout=w.Layout(width="4.5em", flex="0 0 auto")
        )
        return w.VBox(
            [w.HBox([label, lead, up, down, delete]), body, w.VBox(subs, layout=w.Layout(margin="0 0 0 3em")), add_sub],
            layout=w.Layout(border="1px solid #ddd", padding="4px", margin="2px 0"),
        )

    def _sub_row(self, point: Point, k: int, sub: SubPoint, marker: str) -> w.Widget:
        lead = w.Text(value=sub.lead, placeholder="小点主旨句", layout=_text_layout("8em"))
        body = _box(sub.body, "小点正文，每段一行", rows=2)
        lead.observe(lambda change: self._set(sub, "lead", change["new"].strip()), names="value")
        body.observe(lambda change: self._set(sub, "body", paragraphs_of(change["new"])), names="value")
        name = f"第{chinese_numeral(k + 1)}小点"
        up = _row_button("上移", f"把{name}移到上一小点之前", disabled=k == 0)
        down = _row_button("下移", f"把{name}移到下一小点之后", disabled=k == len(point.subpoints) - 1)
        delete = _row_button("删除", f"删除{name}（可撤销）", button_style="danger")
        up.on_click(lambda _b: self.move_subpoint(point, k, k - 1))
        down.on_click(lambda _b: self.move_subpoint(point, k, k + 1))
        delete.on_click(lambda _b: self.delete_subpoint(point, k))
        label = w.HTML(escape(marker), layout=w.Layout(width="4em", flex="0 0 auto"))
        self._boxes[-1][2].append((lead, body))
        return w.VBox([w.HBox([label, lead, up, down, delete]), body])

    # -- widgets → model -------------------------------------------------------------------------
    def _set(self, target, attribute: str, value) -> None:
        prefix = self._body_of(target) if attribute == "body" else None
        if prefix is not None:
            replace_paragraphs(self.state.speech, prefix, value)  # comments follow their paragraphs
        else:
            setattr(target, attribute, value)
        self.state.changed()

    def _body_of(self, target) -> str | None:
        """The key prefix of *target*'s body (``points/1/body``); ``None`` when it is not in the speech."""
        for index, point in enumerate(self.state.speech.points):
            if point is target:
                return f"points/{index}/body"
            for k, sub in enumerate(point.subpoints):
                if sub is target:
                    return f"points/{index}/subpoints/{k}/body"
        return None

    def _on_opening_change(self, change) -> None:
        if not self._updating:
            replace_paragraphs(self.state.speech, "opening", paragraphs_of(change["new"]))
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
            replace_paragraphs(self.state.speech, "closing", paragraphs_of(change["new"]))
            self.state.changed()

    def _on_add_point_click(self, _button) -> None:
        self.add(Point())

    # -- structure operations (also used by tests and the library browser) ------------------------
    def _error(self, message: str | None) -> None:
        if message:
            self.message.value = f'<span style="color:#b91c1c">{escape(message)}</span>'

    def add(self, point: Point, index: int | None = None) -> None:
        self._error(edits.add_point(self.state, point, index))

    def delete(self, index: int) -> None:
        self._show_deleted(edits.delete_point(self.state, index))

    def move(self, index: int, new_index: int) -> None:
        edits.move_point(self.state, index, new_index)

    def add_subpoint(self, index: int) -> None:
        self._error(edits.add_subpoint(self.state, index))

    def delete_subpoint(self, point: Point, k: int) -> None:
        self._show_deleted(edits.delete_subpoint(self.state, edits.index_of(self.state, point), k))

    def move_subpoint(self, point: Point, k: int, new_k: int) -> None:
        edits.move_subpoint(self.state, edits.index_of(self.state, point), k, new_k)

    # -- 已删除第三点 · 撤销 ---------------------------------------------------------------------------------
    def _show_deleted(self, what: str) -> None:
        """Say what was deleted, with 撤销 beside it, until another edit or undo comes."""
        self._deleted_step = self.state.history.last_step
        self.deleted_text.value = f"已删除{escape(what.removeprefix('删除'))} · "
        self.deleted.layout.display = "flex"

    def _hide_deleted(self) -> None:
        self._deleted_step = None
        self.deleted.layout.display = "none"
        self.deleted_text.value = ""

    def _on_undo_delete_click(self, _button) -> None:
        if self._deleted_step is not None and self.state.history.last_step == self._deleted_step:
            self.state.undo()
        self._hide_deleted()

    # -- taken to a place (a problem clicked in the 导出 list) -----------------------------------
    def reveal(self, where: str) -> w.Widget | None:
        """Put the cursor in the box *where* names (开头第2段, 过渡句, 第3点正文第1段, 结尾…);
        returns that box, or ``None`` when the place is not in this tab."""
        found = re.match(r"第(\d+)点", where)
        if where.startswith("开头"):
            box = self.opening
        elif where.startswith("过渡句"):
            box = self.transition
        elif where.startswith("结尾"):
            box = self.closing
        elif found and 0 < int(found.group(1)) <= len(self.points_box.children):
            row = self.points_box.children[int(found.group(1)) - 1]
            box = _first_box(row, w.Textarea if "正文" in where and "小点" not in where else w.Text)
        else:
            return None
        if box is not None:
            box.focus()
        return box


def _first_box(widget: w.Widget, kind: type) -> w.Widget | None:
    """The first *kind* box inside *widget* (depth first)."""
    if isinstance(widget, kind):
        return widget
    for child in getattr(widget, "children", ()):
        box = _first_box(child, kind)
        if box is not None:
            return box
    return None
