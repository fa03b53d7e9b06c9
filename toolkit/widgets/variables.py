"""Every variable the draft uses, with the library's Chinese labels, help and examples."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from toolkit.errors import TemplateError
from toolkit.model.fields import speech_texts
from toolkit.model.variables import MEETING_VARIABLES, TEMPLATE_SYNTAX, meeting_values
from toolkit.templating.library import Library, VariableSpec
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


class VariablesForm:
    """One field per variable; empty ones are marked 未填."""

    def __init__(self, state: ComposerState, library: Library):
        self.state = state
        self.specs = library_specs(library)
        self.names: list[str] = []
        self.fields: dict[str, w.Text] = {}
        self.marks: dict[str, w.HTML] = {}
        self.summary = w.HTML()
        self.rows = w.VBox()
        self.widget = w.VBox([w.HTML("<b>变量</b>（正文中的 {{ 名称 }} 导出时换成这里的值）"), self.summary, self.rows])
        state.subscribe(self._on_state)
        self.rebuild()

    def _on_state(self, reason: str) -> None:
        if reason == "loaded":
            self.rebuild()
        elif reason in ("refresh", "structure") and draft_variables(self.state.speech) != self.names:
            self.rebuild()

    def rebuild(self) -> None:
        speech = self.state.speech
        self.names = draft_variables(speech)
        facts = meeting_values(speech.meeting)
        rows = []
        self.fields, self.marks = {}, {}
        for name in self.names:
            spec = self.specs.get(name)
            label = spec.label if spec else name
            example = spec.example if spec else ""
            example = "、".join(map(str, example)) if isinstance(example, list) else str(example or "")
            if name in MEETING_FIELDS and name in facts:
                rows.append(w.HTML(f"{escape(label)}：{escape(str(facts[name]))}（来自会议信息）"))
                continue
            field = w.Text(
                value=speech.variables.get(name, ""),
                description=label,
                placeholder=f"例：{example}" if example else "",
                style={"description_width": "7em"},
                layout=w.Layout(width="70%"),
                tooltip=spec.help if spec else "",
            )
            field.observe(lambda change, name=name: self._on_value_change(name, change), names="value")
            mark = w.HTML()
            help_text = w.HTML(
                f'<span style="color:#666;font-size:90%">{escape(spec.help)}</span>' if spec and spec.help else ""
            )
            self.fields[name], self.marks[name] = field, mark
            rows.append(w.VBox([w.HBox([field, mark]), help_text]))
        self.rows.children = rows
        self._mark_all()

    def _mark_all(self) -> None:
        missing = 0
        for name, field in self.fields.items():
            empty = not field.value.strip()
            missing += empty
            self.marks[name].value = (
                '<span style="color:#b91c1c;font-weight:bold">未填</span>'
                if empty
                else '<span style="color:#15803d">✓</span>'
            )
        if not self.names:
            self.summary.value = '<span style="color:#666">这篇草稿没有用到变量。</span>'
        else:
            self.summary.value = (
                f'<span style="color:#b91c1c">还有 {missing} 个变量未填</span>'
                if missing
                else '<span style="color:#15803d">变量都已填写</span>'
            )

    def _on_value_change(self, name: str, change) -> None:
        value = change["new"]
        if value.strip():
            self.state.speech.variables[name] = value
        else:
            self.state.speech.variables.pop(name, None)
        self._mark_all()
        self.state.changed()
