"""Every variable the draft uses, with the library's Chinese labels, help and examples."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from toolkit.errors import TemplateError
from toolkit.model.fields import speech_texts
from toolkit.model.speech import MeetingFacts
from toolkit.model.variables import MEETING_VARIABLES, TEMPLATE_SYNTAX, set_meeting_fact, split_list_value
from toolkit.templating.library import Library, VariableSpec
from toolkit.widgets.facts import chinese_date, fact_control, fact_value
from toolkit.widgets.places import named
from toolkit.widgets.rows import show_rows
from toolkit.widgets.state import ComposerState

MEETING_FIELDS = set(MEETING_VARIABLES)


def draft_variables(speech) -> list[str]:
    """The variables the draft's text uses (in reading order), then any others it has values for."""
    from toolkit.templating.engine import variables_of

    names: list[str] = []
    for where, text in speech_texts(speech):
        if TEMPLATE_SYNTAX.search(text):
            try:
                found = variables_of(text, name=where)
            except TemplateError:
                continue  # the problems pane reports the syntax error
            from toolkit.model.variables import variables_in

            ordered = [n for n in variables_in(text) if n in found] + sorted(found - set(variables_in(text)))
            names += [n for n in ordered if n not in names]
    names += [n for n in speech.variables if n not in names]
    return names


def library_specs(library: Library) -> dict[str, VariableSpec]:
    """The first description of each variable name in the library."""
    specs: dict[str, VariableSpec] = {}
    for template in library:
        for spec in template.variables:
            specs.setdefault(spec.name, spec)
    return specs


def _fact_shown(speech, name: str):
    """The meeting fact *name* stands for, as its field holds it (a date for 会议日期); an
    older draft may still keep it among its variables only."""
    value = fact_value(speech.meeting, name)
    if value or name not in speech.variables:
        return value
    older = MeetingFacts()
    try:
        set_meeting_fact(older, name, speech.variables[name])
    except ValueError:  # a date that does not read as one: the field starts empty
        pass
    return fact_value(older, name)


def _empty(value) -> bool:
    """Whether a field's value counts as not filled in (讲话时长 0 is no limit: not filled)."""
    return value is None or (isinstance(value, int) and value == 0) or not str(value).strip()


class VariablesForm:
    """One field per variable; empty ones are marked 未填. A meeting fact (会议名称, 讲话人,
    会议日期, 会议地点, 讲话时长) is the same field as in 会议信息, with the same kind of control (the
    date is picked from a calendar in both): filled here, it shows there, and the other way
    round. A list variable (要点) is a box with one item a line."""

    def __init__(self, state: ComposerState, library: Library):
        self.state = state
        self.specs = library_specs(library)
        self.names: list[str] = []
        self.fields: dict[str, w.ValueWidget] = {}
        """One field per variable: a text box, a box with one item a line for a list, a date picker for 会议日期."""
        self.marks: dict[str, w.HTML] = {}
        self._shown_facts: dict[str, object] = {}
        """The meeting facts as last shown or written here, so a change made elsewhere is noticed."""
        self._updating = False
        self.summary = w.HTML()
        self.rows = w.VBox()
        self.widget = w.VBox([w.HTML("<b>变量</b>（正文中的 {{ 名称 }} 导出时换成这里的值）"), self.summary, self.rows])
        state.subscribe(self._on_state)
        self.rebuild()

    def _on_state(self, reason: str) -> None:
        if reason == "loaded":
            self.rebuild()
        elif reason in ("refresh", "structure"):
            if draft_variables(self.state.speech) != self.names:
                self.rebuild()
            else:
                self._show_facts()
                if not self.names:
                    self._mark_all()  # the placeholders counted in the summary may have changed
        elif reason == "reveal":
            self.reveal(self.state.revealed or "")

    def reveal(self, where: str) -> w.ValueWidget | None:
        """Put the cursor in the field of the variable *where* names (变量“县名”, a problem
        clicked in the 导出 list); returns that field, ``None`` when it is not here."""
        name = named(where, "变量")
        if name is None:
            return None
        if draft_variables(self.state.speech) != self.names:
            self.rebuild()  # the variable was typed a moment ago: its field comes with the redraw
        field = self.fields.get(name)
        if field is not None:
            field.focus()
        return field

    def is_list(self, name: str) -> bool:
        spec = self.specs.get(name)
        return bool(spec and spec.type == "list")

    def rebuild(self) -> None:
        speech = self.state.speech
        self.names = draft_variables(speech)
        rows = []
        self.fields, self.marks, self._shown_facts = {}, {}, {}
        for name in self.names:
            spec = self.specs.get(name)
            label = spec.label if spec else name
            example = spec.example if spec else ""
            if name in MEETING_FIELDS:
                field = fact_control(name, value=_fact_shown(speech, name))  # as in 会议信息
                self._shown_facts[name] = field.value
                note = "与“会议信息”页的同名项是同一项，在哪里填都可以"
                help_text = (spec.help + "；" if spec and spec.help else "") + note
            elif self.is_list(name):
                items = example if isinstance(example, list) else split_list_value(str(example or ""))
                value = "\n".join(split_list_value(str(speech.variables.get(name, ""))))
                field = w.Textarea(
                    value=value,
                    placeholder=("例：\n" + "\n".join(map(str, items))) if items else "",
                    rows=max(4, len(items) + 1, value.count("\n") + 2),
                )
                help_text = "每行一项" + (f"。{spec.help}" if spec and spec.help else "")
            else:
                example = "、".join(map(str, example)) if isinstance(example, list) else str(example or "")
                field = w.Text(
                    value=str(speech.variables.get(name, "")), placeholder=f"例：{example}" if example else ""
                )
                help_text = spec.help if spec else ""
            field.description = label
            field.style.description_width = "7em"  # its own style and layout (the row is closed with them)
            if not isinstance(field, w.DatePicker):  # a date picker is as wide as a date
                field.layout.width = "70%"
            field.observe(lambda change, name=name: self._on_value_change(name, change), names="value")
            mark = w.HTML()
            help_html = w.HTML(
                f'<span style="color:#666;font-size:90%">{escape(help_text)}</span>' if help_text else ""
            )
            self.fields[name], self.marks[name] = field, mark
            rows.append(w.VBox([w.HBox([field, mark]), help_html]))
        show_rows(self.rows, rows)
        self._mark_all()

    def _show_facts(self) -> None:
        """Show a meeting fact changed elsewhere (会议信息, undo), leaving alone what is being typed here."""
        speech = self.state.speech
        for name, shown in list(self._shown_facts.items()):
            current = _fact_shown(speech, name)
            if current != shown:
                self._shown_facts[name] = current
                self._updating = True
                try:
                    self.fields[name].value = current
                finally:
                    self._updating = False
        self._mark_all()

    def _mark_all(self) -> None:
        missing = 0
        for name, field in self.fields.items():
            empty = _empty(field.value)
            missing += empty
            day = f" {chinese_date(field.value)}" if isinstance(field, w.DatePicker) and not empty else ""
            self.marks[name].value = (
                '<span style="color:#b91c1c;font-weight:bold">未填</span>'
                if empty
                else f'<span style="color:#15803d">✓{day}</span>'
            )
        if not self.names:
            count = sum(map(len, self.state.placeholders().values()))
            self.summary.value = (
                f'<span style="color:#b45309">这篇草稿没有要填的变量，但正文里还有 {count} 处占位符（如 ×县、×××），'
                "请到“占位符”页逐一替换。</span>"
                if count
                else '<span style="color:#666">这篇草稿没有用到变量。</span>'
            )
        else:
            self.summary.value = (
                f'<span style="color:#b91c1c">还有 {missing} 个变量未填</span>'
                if missing
                else '<span style="color:#15803d">变量都已填写</span>'
            )

    def _on_value_change(self, name: str, change) -> None:
        if self._updating:
            return
        speech = self.state.speech
        value = change["new"]
        if name in MEETING_FIELDS:
            set_meeting_fact(speech.meeting, name, value.strip() if isinstance(value, str) else value)
            speech.variables.pop(name, None)  # one fact, one place: the meeting's
            self._shown_facts[name] = _fact_shown(speech, name)
        elif self.is_list(name):
            items = split_list_value(value)
            if items:
                speech.variables[name] = "\n".join(items)
            else:
                speech.variables.pop(name, None)
        elif value.strip():
            speech.variables[name] = value
        else:
            speech.variables.pop(name, None)
        self._mark_all()
        self.state.changed()
