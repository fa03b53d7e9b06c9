"""The meeting's facts, title, byline, salutation and numbering style."""

from __future__ import annotations

import datetime as _dt

import ipywidgets as w

from toolkit import service
from toolkit.model.numbering import COMMON_STYLES, marker_style
from toolkit.model.speech import MeetingFacts
from toolkit.model.text import MAX_LIMIT_MINUTES, OVER_TIME_PLACE
from toolkit.model.variables import MEETING_VARIABLES, as_literal, set_meeting_fact
from toolkit.widgets.state import ComposerState

SALUTATIONS = (
    "同志们：",
    "各位代表、同志们：",
    "各位领导、同志们：",
    "各位委员、同志们：",
    "尊敬的各位领导、各位来宾，同志们、朋友们：",
    "各位企业家朋友们：",
    "同学们：",
)
FIELD = {"description_width": "5.5em"}
WIDE = w.Layout(width="95%")
FACT_EXAMPLES = {"会议名称": "如：全县秋冬季安全生产工作会议", "讲话人": "如：县委书记 张三"}


def fact_control(variable: str, **options) -> w.ValueWidget:
    """The control for the meeting fact *variable* (会议名称, 讲话人, 会议日期, 会议地点, 讲话时长;
    see :data:`~toolkit.model.variables.MEETING_VARIABLES`), the same kind wherever the fact is
    shown (会议信息 and 变量): a date picker for the date, a box of whole minutes (0: no
    limit) for 讲话时长, a text box otherwise. Its value
    is what :func:`fact_value` gives and :func:`~toolkit.model.variables.set_meeting_fact` takes."""
    options.setdefault("description", variable)
    if MEETING_VARIABLES[variable] == "date":
        return w.DatePicker(**options)
    if MEETING_VARIABLES[variable] == "limit_minutes":
        options.setdefault("value", 0)
        if options["value"] is None:
            options["value"] = 0
        return w.BoundedIntText(min=0, max=MAX_LIMIT_MINUTES, **options)
    options.setdefault("placeholder", FACT_EXAMPLES.get(variable, ""))
    return w.Text(**options)


def fact_value(meeting: MeetingFacts, variable: str):
    """The meeting fact *variable* as its :func:`fact_control` holds it (a date or ``None``;
    讲话时长 in minutes, 0 for no limit; or text)."""
    attribute = MEETING_VARIABLES[variable]
    value = getattr(meeting, attribute)
    return (value or 0) if attribute == "limit_minutes" else value


def rate_note(speech) -> str:
    """What the 讲话时长 field says about the rate the speech is timed at, for staff."""
    rate, speaker = service.speaking_rate(speech)
    whose = f"设置中“{speaker}”的语速" if speaker else "默认语速"
    return f'<span style="color:#666">分钟（不限时填 0）；预计时长按每分钟 {rate} 字计算（{whose}）</span>'


def suggested_title(meeting_name: str) -> str:
    """在……上的讲话 for a meeting name (``""`` when there is none), as plain text: a name
    holding ``{{`` stays what was typed (written as literal text), never evaluated."""
    name = meeting_name.strip()
    return as_literal(f"在{name}上的讲话") if name else ""


def chinese_date(day: _dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def style_options(extra: str | None = None) -> list[tuple[str, str]]:
    ids = list(COMMON_STYLES)
    if extra and extra not in ids:
        ids.append(extra)
    return [(f"{marker_style(i).label}", i) for i in ids]


class FactsForm:
    """Meeting name, speaker, date, place, the minutes the meeting gives the speech (讲话时长,
    with the rate it is timed at: the speaker's own when the settings list one); title
    (suggested from the meeting name), byline, salutation (common choices or free text) and
    the numbering styles.

    The meeting's facts are the variables 会议名称, 讲话人, 会议日期, 会议地点, 讲话时长:
    filled in the 变量 tab they show here at once. The title shows as it will print (a filled
    ``{{ 会议名称 }}`` shows the name); typing in it keeps what was typed."""

    def __init__(self, state: ComposerState):
        self.state = state
        self._updating = False
        self._last_suggestion = ""
        self._title_key: tuple | None = None
        """(the title in the draft, as shown) when the title field was last shown or typed in."""
        self.name = fact_control("会议名称", style=FIELD, layout=WIDE)
        self.speaker = fact_control("讲话人", style=FIELD, layout=WIDE)
        self.date = fact_control("会议日期", style=FIELD)
        self.date_text = w.HTML()
        self.place = fact_control("会议地点", style=FIELD, layout=WIDE)
        self.limit = fact_control("讲话时长", style=FIELD, layout=w.Layout(width="12em"))
        self.limit_text = w.HTML()
        self.title = w.Text(description="标题", placeholder="在……会议上的讲话", style=FIELD, layout=WIDE)
        self.suggest = w.Button(description="按会议名称生成标题", icon="magic", layout=w.Layout(width="auto"))
        self.byline = w.Textarea(
            description="署名", placeholder="如：（2026年9月28日），可写两行", rows=2, style=FIELD, layout=WIDE
        )
        self.byline_from_date = w.Button(description="用会议日期作署名", layout=w.Layout(width="auto"))
        self.salutation = w.Combobox(
            description="称呼",
            options=SALUTATIONS,
            placeholder="同志们：",
            ensure_option=False,
            style=FIELD,
            layout=WIDE,
        )
        self.numbering = w.Dropdown(description="要点编号", options=style_options(), style=FIELD, layout=WIDE)
        self.subnumbering = w.Dropdown(description="小点编号", options=style_options(), style=FIELD, layout=WIDE)
        self.widget = w.VBox(
            [
                w.HTML("<b>会议信息</b>"),
                self.name,
                self.speaker,
                w.HBox([self.date, self.date_text]),
                self.place,
                w.HBox([self.limit, self.limit_text]),
                w.HTML("<b>标题与称呼</b>"),
                self.title,
                self.suggest,
                self.byline,
                self.byline_from_date,
                self.salutation,
                w.HTML("<b>编号</b>"),
                self.numbering,
                self.subnumbering,
            ]
        )
        for control, handler in (
            (self.name, self._on_name_change),
            (self.speaker, self._on_speaker_change),
            (self.date, self._on_date_change),
            (self.place, self._on_place_change),
            (self.limit, self._on_limit_change),
            (self.title, self._on_title_change),
            (self.byline, self._on_byline_change),
            (self.salutation, self._on_salutation_change),
            (self.numbering, self._on_numbering_change),
            (self.subnumbering, self._on_subnumbering_change),
        ):
            control.observe(handler, names="value")
        self.suggest.on_click(self._on_suggest_click)
        self.byline_from_date.on_click(self._on_byline_from_date_click)
        state.subscribe(self._on_state)
        self.refresh()

    # -- model → widgets --------------------------------------------------------------------------
    def _on_state(self, reason: str) -> None:
        if reason == "loaded":
            self.refresh()
        elif reason in ("refresh", "structure"):
            self._show_facts()
        elif reason == "reveal" and self.state.revealed == OVER_TIME_PLACE:
            self.limit.focus()  # the speech runs over its slot: here is the slot

    def _set(self, control, value) -> None:
        """Show *value* in *control* without writing it back to the draft."""
        if control.value != value:
            self._updating = True
            try:
                control.value = value
            finally:
                self._updating = False

    def _show_facts(self) -> None:
        """Show meeting facts changed elsewhere (the 变量 tab, undo) and the title as it prints."""
        meeting = self.state.speech.meeting
        name_changed = self.name.value != meeting.name
        self._set(self.name, meeting.name)
        self._set(self.speaker, meeting.speaker)
        if self.date.value != meeting.date:
            self._set(self.date, meeting.date)
            self.date_text.value = chinese_date(meeting.date)
        self._set(self.place, meeting.place)
        self._set(self.limit, fact_value(meeting, "讲话时长"))
        self.limit_text.value = rate_note(self.state.speech)
        if name_changed and self._suggest_title(meeting.name):
            self.state.changed()
        self._show_title()
        speech = self.state.speech
        # a byline or 称呼 typed on the page: shown here, unless this box already says the same
        if "\n".join(line.strip() for line in self.byline.value.split("\n") if line.strip()) != (speech.byline or ""):
            self._set(self.byline, speech.byline or "")
        if self.salutation.value.strip() != (speech.salutation or ""):
            self._set(self.salutation, speech.salutation or "")

    def _show_title(self, *, force: bool = False) -> None:
        speech = self.state.speech
        shown = service.display_text(speech, speech.title)
        key = (speech.title, shown)
        if force or key != self._title_key:
            self._title_key = key
            self._set(self.title, shown)

    def _suggest_title(self, name: str) -> bool:
        """Put the title suggested by *name* in, unless the writer wrote their own; returns whether it did."""
        speech = self.state.speech
        current = (speech.title or "").strip()
        suggestion = suggested_title(name)
        replaced = not current or current == self._last_suggestion
        if replaced:
            speech.title = suggestion or None
            self._show_title(force=True)
        self._last_suggestion = suggestion
        return replaced

    def refresh(self) -> None:
        speech = self.state.speech
        self._updating = True
        try:
            self.name.value = speech.meeting.name
            self.speaker.value = speech.meeting.speaker
            self.date.value = speech.meeting.date
            self.date_text.value = chinese_date(speech.meeting.date)
            self.place.value = speech.meeting.place
            self.limit.value = fact_value(speech.meeting, "讲话时长")
            self.limit_text.value = rate_note(speech)
            self.byline.value = speech.byline or ""
            self.salutation.value = speech.salutation or ""
            self.numbering.options = style_options(speech.numbering)
            self.numbering.value = speech.numbering or "一要"
            self.subnumbering.options = style_options(speech.subnumbering)
            self.subnumbering.value = speech.subnumbering
            self._last_suggestion = suggested_title(speech.meeting.name)
        finally:
            self._updating = False
        self._show_title(force=True)

    # -- widgets → model --------------------------------------------------------------------------
    def _edit(self) -> bool:
        return not self._updating

    def _on_name_change(self, change) -> None:
        if not self._edit():
            return
        self.state.speech.meeting.name = change["new"]
        self._suggest_title(change["new"])
        self.state.changed()

    def _on_speaker_change(self, change) -> None:
        if self._edit():
            self.state.speech.meeting.speaker = change["new"]
            self.limit_text.value = rate_note(self.state.speech)  # the speaker may read at their own rate
            self.state.changed()

    def _on_limit_change(self, change) -> None:
        if self._edit():
            set_meeting_fact(self.state.speech.meeting, "讲话时长", change["new"])
            self.state.changed()

    def _on_date_change(self, change) -> None:
        self.date_text.value = chinese_date(change["new"])
        if self._edit():
            self.state.speech.meeting.date = change["new"]
            self.state.changed()

    def _on_place_change(self, change) -> None:
        if self._edit():
            self.state.speech.meeting.place = change["new"]
            self.state.changed()

    def _on_title_change(self, change) -> None:
        if self._edit():
            speech = self.state.speech
            speech.title = change["new"].strip("\n") or None
            self._title_key = (speech.title, service.display_text(speech, speech.title))
            self.state.changed()

    def _on_byline_change(self, change) -> None:
        if self._edit():
            lines = [line.strip() for line in change["new"].split("\n") if line.strip()]
            self.state.speech.byline = "\n".join(lines) or None
            self.state.changed()

    def _on_salutation_change(self, change) -> None:
        if self._edit():
            self.state.speech.salutation = change["new"].strip() or None
            self.state.changed()

    def _on_numbering_change(self, change) -> None:
        if self._edit() and change["new"]:
            self.state.speech.numbering = change["new"]
            self.state.changed(structure=True)

    def _on_subnumbering_change(self, change) -> None:
        if self._edit() and change["new"]:
            self.state.speech.subnumbering = change["new"]
            self.state.changed(structure=True)

    def _on_suggest_click(self, _button) -> None:
        suggestion = suggested_title(self.name.value)
        if suggestion:
            self.state.speech.title = self._last_suggestion = suggestion
            self._show_title(force=True)
            self.state.changed()

    def _on_byline_from_date_click(self, _button) -> None:
        if self.date.value:
            self.byline.value = f"（{chinese_date(self.date.value)}）"
