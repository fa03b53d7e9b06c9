"""The page: the speech laid out as it will print, and the place staff write it.

:class:`PageEditor` is an anywidget (a DOMWidget whose ES module, ``page_editor.js``, and
style sheet, ``page_editor.css``, ship inside the package: no npm build). Python sends the
page as data (``page``: see :func:`toolkit.service.editor_page`), the counts (``counts``),
the variables' values for the pop-ups (``values``), where the cursor goes after an edit
(``page["focus"]``, drawn with the page that holds the field; ``focus`` when the writer is
taken to a place without the page changing) and the 已删除第三点 · 撤销 line (``notice``). The page sends what the writer
does as messages, each with a sequence number the next page acknowledges (``ack``), so the
page never shows or sends back text older than what it typed:

``edit`` (a field's new text), ``enter`` (split a paragraph / start a body), ``join``
(Backspace at a paragraph's start), ``point`` / ``subpoint`` (the controls beside a lead:
add_sub, up, down, delete, add_after), ``add_point``, ``variable`` (a value typed in a
variable's pop-up), ``replace`` (a placeholder replaced here or everywhere),
``undo_delete`` and ``comment_done`` (标为已处理 on a comment's note).

Every change goes through :class:`~toolkit.widgets.state.ComposerState`, like any other
part's, so it is autosaved, undoable, and the tabs follow.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from toolkit import service
from toolkit.errors import NumberingError
from toolkit.model.fields import place_key
from toolkit.model.places import PlaceError, join_with_previous, read_field, split_field, write_field
from toolkit.model.text import format_duration
from toolkit.model.variables import MEETING_VARIABLES, PLACEHOLDER, set_meeting_fact
from toolkit.widgets import edits
from toolkit.widgets.placeholders import replace_placeholder
from toolkit.widgets.state import ComposerState

_HERE = Path(__file__).parent


def counts_of(speech, rate: int | None = None, problems: int = 0, timing=None) -> dict[str, Any]:
    """The counts line: 字数 and 预计时长 of *speech* as it will print (*timing*, by default
    :func:`toolkit.service.speaking_time` at *rate*, by default the speaker's), how the rate
    was chosen, the meeting's slot (``limit``, minutes or ``None``) and whether the speech
    runs ``over`` it (``over_note`` says by how much), the number of points and of problems."""
    if timing is None:
        try:
            timing = service.speaking_time(speech, rate)
        except NumberingError:  # more points than the style numbers: the page says so
            return {"points": len(speech.points), "problems": problems}
    who = f"（{timing.speaker}的语速）" if timing.speaker else ""
    return {
        "characters": timing.characters,
        "duration": format_duration(timing.seconds),
        "rate": timing.rate,
        "rate_note": f"按每分钟 {timing.rate} 字{who}计",
        "limit": timing.limit_minutes,
        "over": timing.over,
        "over_note": timing.overrun,
        "points": len(speech.points),
        "problems": problems,
    }


def _value_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, _dt.date) else ("" if value is None else str(value))


def replace_nth(text: str, placeholder: str, nth: int, value: str) -> str:
    """*text* with its *nth* whole occurrence (from 0) of *placeholder* replaced by *value*."""
    seen = -1

    def one(match):
        nonlocal seen
        if match.group(0) != placeholder:
            return match.group(0)
        seen += 1
        return value if seen == nth else match.group(0)

    return PLACEHOLDER.sub(one, text)


class PageWidget(anywidget.AnyWidget):
    """The browser side of the page (see the module's docstring for the traits)."""

    _esm = _HERE / "page_editor.js"
    _css = _HERE / "page_editor.css"
    page = traitlets.Dict().tag(sync=True)
    counts = traitlets.Dict().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    placeholder_counts = traitlets.Dict().tag(sync=True)
    focus = traitlets.Dict().tag(sync=True)
    notice = traitlets.Dict().tag(sync=True)


class PageEditor:
    """The editable page of the draft *state* holds, with its counts line.

    ``widget`` is what the composer shows. Tests act as the page would, through
    :meth:`handle` with the same messages."""

    def __init__(self, state: ComposerState, rate: int | None = None):
        self.state = state
        self.rate = rate
        """A fixed rate (characters a minute); ``None``: the speaker's (:func:`toolkit.service.speaking_rate`)."""
        self.widget = PageWidget()
        self.widget.add_class("jianggao-page-editor")
        self._ack = 0
        self._structure = 0
        self._focus_serial = 0
        self._deleted_step: int | None = None
        self._handling = False
        self._refresh_wanted = False
        self._next_focus: dict[str, Any] | None = None
        self.problems: list = []
        self.widget.on_msg(self._on_msg)
        state.subscribe(self._on_state)
        self.refresh()

    # -- model → page --------------------------------------------------------------------------
    def _on_state(self, reason: str) -> None:
        if reason in ("loaded", "structure"):
            self._structure += 1
        if reason in ("refresh", "loaded", "structure"):
            if self._handling:
                self._refresh_wanted = True  # sent once, when the message has been handled
            else:
                self.refresh()
        if reason in ("history", "loaded") and self.state.history.last_step != self._deleted_step:
            self._clear_notice()
        if reason == "reveal":
            self.reveal(self.state.revealed or "")

    def refresh(self) -> None:
        """Send the page, counts and values as the speech is now."""
        speech = self.state.speech
        timing = None
        try:
            self.problems = self.state.problems()
            timing = service.speaking_time(speech, self.rate)
            page = service.editor_page(speech, self.problems, timing)
        except NumberingError as error:
            page = {"blocks": [], "notes": [{"severity": "problem", "text": str(error), "where": "编号"}]}
        page["ack"] = self._ack
        page["structure"] = self._structure
        page["focus"], self._next_focus = self._next_focus, None  # drawn together with the page
        values = {name: _value_text(value) for name, value in speech.variables.items()}
        for name, attribute in MEETING_VARIABLES.items():
            values[name] = _value_text(getattr(speech.meeting, attribute))
        with self.widget.hold_sync():
            self.widget.values = values
            self.widget.placeholder_counts = {text: len(found) for text, found in self.state.placeholders().items()}
            self.widget.page = page
            self.widget.counts = counts_of(speech, self.rate, len(self.problems), timing)

    def _focus(self, key: str, offset: int = 0, previous: str | None = None) -> None:
        """Move the writer's cursor to the field *key* (*offset* -1: its end); while a message
        is handled, with the page that holds the field."""
        self._focus_serial += 1
        focus = {"key": key, "offset": offset, "n": self._focus_serial, "previous": previous}
        if self._handling:
            self._next_focus = focus
        else:
            self.widget.focus = focus

    def shown_text(self) -> str:
        """The page's text as the writer sees it (variables as their values), one paragraph a
        line, hints of empty parts left out: what tests read."""
        lines = []
        for block in self.widget.page.get("blocks", []):
            if block.get("empty"):
                continue
            text = block["marker"] + "".join(
                segment[2] if len(segment) > 2 else segment[1]
                for field in block["fields"]
                for segment in field["segments"]
            )
            lines.append(text)
        return "\n".join(lines)

    def notes(self) -> list[tuple[str, str]]:
        """``(block id, note text)`` of every note beside a paragraph (a comment's: its words)."""
        return [(block["id"], note["text"]) for block in self.widget.page.get("blocks", []) for note in block["notes"]]

    # -- page → model ------------------------------------------------------------------------------
    def _on_msg(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict):
            self.handle(content)

    def handle(self, message: dict[str, Any]) -> None:
        """Apply one message from the page (see the module's docstring)."""
        kind = message.get("type")
        seq = message.get("seq")
        if isinstance(seq, int):
            self._ack = max(self._ack, seq)
        speech = self.state.speech
        self._handling, self._refresh_wanted = True, kind != "edit"
        try:
            if kind == "edit":
                key, text = str(message["key"]), str(message["text"])
                if read_field(speech, key) != text:
                    write_field(speech, key, text)
                    self.state.changed()
                    self.widget.counts = counts_of(speech, self.rate, len(self.problems))
                if "\n" in text and key not in ("title", "byline"):
                    self._structure += 1  # pasted lines became paragraphs
                    self._refresh_wanted = True
                # otherwise the page follows when typing pauses (the state's debounced refresh)
            elif kind == "enter":
                key = str(message["key"])
                run_in = speech.subpoints_run_in if "/subpoints/" in key else speech.points_run_in
                caret = split_field(speech, key, str(message["before"]), str(message["after"]), run_in=run_in)
                if caret is not None:
                    self.state.changed(structure=True, what="分段")
                    self._focus(caret.key, caret.offset)
            elif kind == "join":
                key = str(message["key"])
                caret = join_with_previous(speech, key, str(message["text"]))
                if caret is not None:
                    self.state.changed(structure=True, what="合并段落")
                    if caret.offset < 0:
                        self._focus(caret.key, -1, previous=caret.key)
                    else:
                        self._focus(caret.key, caret.offset)
                else:
                    self._focus(key, -1, previous=key)
            elif kind == "point":
                self._point(str(message.get("op")), int(message["index"]))
            elif kind == "subpoint":
                self._subpoint(str(message.get("op")), int(message["index"]), int(message["sub"]))
            elif kind == "add_point":
                self._add_point(len(speech.points))
            elif kind == "variable":
                self.set_variable(str(message["name"]), str(message.get("value", "")))
            elif kind == "replace":
                self.replace(
                    str(message["placeholder"]),
                    str(message["value"]),
                    key=str(message.get("key", "")),
                    nth=int(message.get("nth", 0)),
                    everywhere=bool(message.get("all")),
                )
            elif kind == "comment_done":
                self.comment_done(int(message["index"]))
            elif kind == "undo_delete":
                if self._deleted_step is not None and self.state.history.last_step == self._deleted_step:
                    self.state.undo()
                self._clear_notice()
        except (PlaceError, KeyError, IndexError, ValueError, TypeError):
            self._structure += 1  # the page was out of date: draw it afresh
            self._refresh_wanted = True
        finally:
            self._handling = False
        if self._refresh_wanted or self._next_focus is not None:
            self.refresh()

    def _add_point(self, index: int) -> None:
        error = edits.add_point(self.state, index=index)
        if error:
            self._say(error)
        else:
            self._focus(f"points/{index}/lead")

    def _point(self, op: str, index: int) -> None:
        if op == "add_after":
            self._add_point(index + 1)
        elif op == "add_sub":
            error = edits.add_subpoint(self.state, index)
            if error:
                self._say(error)
            else:
                self._focus(f"points/{index}/subpoints/{len(self.state.speech.points[index].subpoints) - 1}/lead")
        elif op in ("up", "down"):
            new_index = index - 1 if op == "up" else index + 1
            edits.move_point(self.state, index, new_index)
        elif op == "delete":
            self._deleted(edits.delete_point(self.state, index))

    def _subpoint(self, op: str, index: int, sub: int) -> None:
        if op in ("up", "down"):
            edits.move_subpoint(self.state, index, sub, sub - 1 if op == "up" else sub + 1)
        elif op == "delete":
            self._deleted(edits.delete_subpoint(self.state, index, sub))

    def set_variable(self, name: str, value: str) -> None:
        """A value typed in a variable's pop-up: a meeting fact goes to the meeting (one fact,
        one place); a list (one item a line) keeps its lines; empty clears it."""
        speech = self.state.speech
        if name in MEETING_VARIABLES:
            try:
                set_meeting_fact(speech.meeting, name, value.strip())
            except ValueError as error:
                self._say(str(error))
                return
            speech.variables.pop(name, None)
        elif value.strip():
            lines = [line.strip() for line in value.split("\n") if line.strip()]
            speech.variables[name] = "\n".join(lines)
        else:
            speech.variables.pop(name, None)
        self.state.changed()

    def replace(self, placeholder: str, value: str, *, key: str = "", nth: int = 0, everywhere: bool = False) -> int:
        """Replace *placeholder* by *value*: everywhere, or its *nth* occurrence in the field
        *key*; one undo step either way. Returns how many were replaced."""
        speech = self.state.speech
        if everywhere:
            count = replace_placeholder(speech, placeholder, value)
        else:
            before = read_field(speech, key)
            after = replace_nth(before, placeholder, nth, value)
            count = int(after != before)
            if count:
                write_field(speech, key, after)
        if count:
            self.state.changed(structure=True, what=f"替换“{placeholder}”")
        return count

    def comment_done(self, index: int) -> None:
        """标为已处理 on the note of the comment at *index* in ``speech.comments`` (one undo step)."""
        comments = self.state.speech.comments
        if 0 <= index < len(comments) and not comments[index].done:
            comments[index].done = True
            self.state.changed(what="批注标为已处理")

    # -- 已删除第三点 · 撤销 ----------------------------------------------------------------------------
    def _deleted(self, what: str) -> None:
        self._deleted_step = self.state.history.last_step
        self.widget.notice = {"text": f"已删除{what.removeprefix('删除')}", "undo": True}

    def _say(self, text: str) -> None:
        self._deleted_step = None
        self.widget.notice = {"text": text, "undo": False}

    def _clear_notice(self) -> None:
        self._deleted_step = None
        if self.widget.notice:
            self.widget.notice = {}

    # -- taken to a place --------------------------------------------------------------------------
    def reveal(self, where: str) -> str | None:
        """Put the cursor in the paragraph *where* names (a problem's place); returns its key."""
        key = place_key(self.state.speech, where)
        if key is not None:
            self._focus(key, -1)
        return key
