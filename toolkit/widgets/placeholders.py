"""The 占位符 tab: every ×县, ×××, ＿＿, 【】 the text still holds (purchased material leaves
them for names and dates), where each is with a little of the text around it, and for each
distinct one a 替换为 field and a 全部替换 button that replaces it everywhere in one step."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from toolkit.model.fields import map_speech_texts
from toolkit.model.variables import PLACEHOLDER
from toolkit.service import Occurrence
from toolkit.widgets.places import named
from toolkit.widgets.rows import show_rows
from toolkit.widgets.state import ComposerState

SHOWN_PLACES = 12
"""Places listed under one placeholder; the rest are counted."""


def replace_placeholder(speech, placeholder: str, value: str) -> int:
    """Replace every *placeholder* (whole matches only: ×县 leaves ×部长 alone) in *speech*'s
    text by *value*, in place; returns how many were replaced."""
    count = 0

    def change(_where: str, text: str) -> str:
        nonlocal count

        def one(match):
            nonlocal count
            if match.group(0) != placeholder:
                return match.group(0)
            count += 1
            return value

        return PLACEHOLDER.sub(one, text) if placeholder in text else text

    map_speech_texts(speech, change, in_place=True)
    return count


def places_html(occurrences: list[Occurrence]) -> str:
    items = [
        f"<li><b>{escape(o.where)}</b>：{escape(o.before)}"
        f'<mark style="background:#fde68a">{escape(o.text)}</mark>{escape(o.after)}</li>'
        for o in occurrences[:SHOWN_PLACES]
    ]
    if len(occurrences) > SHOWN_PLACES:
        items.append(f"<li>……还有 {len(occurrences) - SHOWN_PLACES} 处</li>")
    return f'<ul style="margin:2px 0 4px 0;padding-left:1.4em;line-height:1.5">{"".join(items)}</ul>'


class PlaceholderPanel:
    """One row per distinct placeholder: how many, where, a 替换为 field, 全部替换."""

    def __init__(self, state: ComposerState):
        self.state = state
        self.found: dict[str, list[Occurrence]] = {}
        self.fields: dict[str, w.Text] = {}
        self.buttons: dict[str, w.Button] = {}
        self.places: dict[str, w.HTML] = {}
        self.counts: dict[str, w.HTML] = {}
        self._typed: dict[str, str] = {}
        """What was typed in each 替换为 field, kept while the list is redrawn."""
        self.summary = w.HTML()
        self.message = w.HTML()
        self.rows = w.VBox()
        self.widget = w.VBox(
            [
                w.HTML("<b>占位符</b>（买来的材料里留给名称、日期的 ×县、×××、＿＿ 等，导出前请换成实际内容）"),
                self.summary,
                self.message,
                self.rows,
            ]
        )
        state.subscribe(self._on_state)
        self.refresh()

    def _on_state(self, reason: str) -> None:
        if reason == "loaded":
            self.message.value = ""
            self.refresh()
        elif reason in ("refresh", "structure"):
            self.refresh()
        elif reason == "reveal":
            self.reveal(self.state.revealed or "")

    def reveal(self, where: str) -> w.Text | None:
        """Put the cursor in the 替换为 field of the placeholder *where* names (占位符“×县”, a
        problem clicked in the 导出 list); returns that field, ``None`` when it is not listed."""
        placeholder = named(where, "占位符")
        if placeholder is None:
            return None
        self.refresh()  # the list may wait for the redraw after the last keystroke
        field = self.fields.get(placeholder)
        if field is not None:
            field.focus()
        return field

    def refresh(self) -> None:
        found = self.state.placeholders()
        if list(found) != list(self.found):
            self._rebuild(list(found))
        self.found = found
        for text, occurrences in found.items():
            self.counts[text].value = (
                f'<span style="font-size:110%"><mark style="background:#fde68a"><b>{escape(text)}</b></mark>'
                f"　共 {len(occurrences)} 处</span>"
            )
            self.places[text].value = places_html(occurrences)
        total = sum(map(len, found.values()))
        self.summary.value = (
            f'<span style="color:#b45309">正文里还有 {total} 处占位符（{len(found)} 种）。'
            "在“替换为”里填上实际内容，按“全部替换”。</span>"
            if total
            else '<span style="color:#15803d">正文里没有 ×县、×××、＿＿ 这样的占位符。</span>'
        )

    def _rebuild(self, texts: list[str]) -> None:
        rows = []
        self.fields, self.buttons, self.places, self.counts = {}, {}, {}, {}
        for text in texts:
            field = w.Text(
                value=self._typed.get(text, ""),
                description="替换为",
                placeholder="如：某某县、张三部长",
                style={"description_width": "4em"},
                layout=w.Layout(width="60%"),
            )
            field.observe(lambda change, text=text: self._typed.__setitem__(text, change["new"]), names="value")
            button = w.Button(description="全部替换", icon="exchange", layout=w.Layout(width="auto"))
            button.on_click(lambda _button, text=text: self.replace_all(text))
            self.fields[text], self.buttons[text] = field, button
            self.counts[text], self.places[text] = w.HTML(), w.HTML()
            rows.append(
                w.VBox(
                    [self.counts[text], self.places[text], w.HBox([field, button])],
                    layout=w.Layout(border_bottom="1px solid #e5e7eb", padding="4px 0 8px 0"),
                )
            )
        show_rows(self.rows, rows)

    def replace_all(self, text: str) -> int:
        """Replace every *text* placeholder by what its 替换为 field holds; returns how many."""
        field = self.fields.get(text)
        value = field.value.strip() if field else ""
        if not value:
            self.message.value = (
                f'<span style="color:#b91c1c">请先在“{escape(text)}”下面的“替换为”里填上要换成的内容。</span>'
            )
            return 0
        count = replace_placeholder(self.state.speech, text, value)
        self.state.changed(structure=True)  # one step: 撤销 takes the whole replacement back
        self.state.redraw()  # the text boxes of the other tabs show the new text
        self._typed.pop(text, None)
        self.message.value = (
            f'<span style="color:#15803d">已把 {count} 处“{escape(text)}”换成“{escape(value)}”。</span>'
        )
        return count
