"""Browsing the section library: search, filter by kind, preview, insert at a chosen place."""

from __future__ import annotations

from html import escape

import ipywidgets as w

from toolkit import service
from toolkit.errors import ToolkitError
from toolkit.model.variables import VARIABLE, literal_text, speech_values
from toolkit.templating.library import KINDS, Library, SectionTemplate
from toolkit.templating.sections import (
    apply_section,
    render_template,
    section_content,
    speech_from_skeleton,
    template_problem,
)
from toolkit.widgets.state import ComposerState
from toolkit.workspace import new_draft_path

ALL = "全部"


def _without_braces(text: str) -> str:
    """A value still missing shown by its name (【会议名称】), never as ``{{ 会议名称 }}``."""
    return VARIABLE.sub(lambda match: f"【{match.group(1)}】", text)


class LibraryBrowser:
    """Find a template, see it filled with the draft's values, and put it in the draft."""

    def __init__(self, state: ComposerState, library: Library):
        self.state = state
        self.library = library
        self.broken: dict[str, str] = {}
        """Templates that cannot be used (their render fails: syntax, sandbox, time or size
        limit), with why; each is tried once, with its example values, when it is listed."""
        self._tried: set[str] = set()
        self.search = w.Text(placeholder="搜索：如 安全 例会 结尾", description="搜索", layout=w.Layout(width="60%"))
        self.kind = w.Dropdown(
            options=[(ALL, "")] + [(label, kind) for kind, label in KINDS.items()], description="类型"
        )
        self.results = w.Select(options=[], rows=8, layout=w.Layout(width="98%"))
        self.preview = w.HTML()
        self.position = w.Dropdown(description="放到", layout=w.Layout(width="60%"))
        self.insert = w.Button(description="插入", icon="plus", button_style="primary")
        self.message = w.HTML()
        self.widget = w.VBox(
            [
                w.HBox([self.search, self.kind]),
                self.results,
                self.preview,
                w.HBox([self.position, self.insert]),
                self.message,
            ]
        )
        self.search.observe(lambda _c: self.update_results(), names="value")
        self.kind.observe(lambda _c: self.update_results(), names="value")
        self.results.observe(lambda _c: self.show_selected(), names="value")
        self.insert.on_click(self._on_insert_click)
        state.subscribe(self._on_state)
        self.update_results()

    def _on_state(self, reason: str) -> None:
        if reason == "loaded":  # a different draft: its values in the preview, no old message
            self.message.value = ""
            self.show_selected()
        elif reason == "structure":
            self._update_positions()

    def problem(self, template: SectionTemplate) -> str | None:
        """Why *template* cannot be used, or ``None`` (tried once; the render has a budget)."""
        if template.id not in self._tried:
            self._tried.add(template.id)
            reason = template_problem(template)
            if reason:
                self.broken[template.id] = reason
        return self.broken.get(template.id)

    def _label(self, template: SectionTemplate) -> str:
        label = f"{template.title}（{KINDS[template.kind]}）"
        return f"【有问题】{label}" if self.problem(template) else label

    def update_results(self) -> None:
        found = self.library.search(self.search.value, self.kind.value or None)
        self.results.options = [(self._label(t), t.id) for t in found]
        self.results.value = found[0].id if found else None
        self.show_selected()
        if self.library.unreadable and not self.message.value:
            names = "、".join(f"“{path.name}”" for path in self.library.unreadable)
            self.message.value = (
                f'<span style="color:#b45309">单位模板库中有 {len(self.library.unreadable)} 个文件有问题，已跳过：'
                f"{escape(names)}。请告诉管理模板库的同事。</span>"
            )

    @property
    def selected(self) -> SectionTemplate | None:
        return self.library.templates.get(self.results.value) if self.results.value else None

    def _values(self, template: SectionTemplate) -> dict:
        """The draft's values over the template's examples: a preview never shows braces."""
        values = {name: value for name, value in template.example_values().items() if value not in (None, "")}
        values.update(speech_values(self.state.speech))
        return values

    def show_selected(self) -> None:
        template = self.selected
        self._update_positions()
        if template is None:
            self.preview.value = '<span style="color:#666">没有符合条件的模板。</span>'
            return
        lines = self._preview_body(template)
        variables = "、".join(f"{escape(spec.label)}" for spec in template.variables) or "无"
        self.preview.value = (
            f'<div style="border:1px solid #ddd;padding:6px;max-height:18em;overflow:auto">'
            f'<b>{escape(template.title)}</b><br><span style="color:#666">{escape(template.description)}'
            f'</span><br><span style="color:#666">变量：{variables}</span>{lines}</div>'
        )

    def _preview_body(self, template: SectionTemplate) -> str:
        """The template filled with the draft's values (examples where the draft has none), as
        HTML: a skeleton as the page it makes, points included; a section one paragraph a line."""
        reason = self.problem(template)
        if reason:
            return f"<p>（这个模板有问题，暂不能使用：{escape(reason)}）</p>"
        values = self._values(template)
        try:
            if template.kind == "skeleton":
                speech = speech_from_skeleton(template, values)
                return f'<div style="margin-top:6px">{service.preview_html(speech)}</div>'
            text = render_template(template, values, allow_unfilled=True)
        except ToolkitError as error:
            return f"<p>（无法预览：{escape(str(error))}）</p>"
        paragraphs = []
        for line in text.split("\n"):
            line = literal_text(line).strip()
            if not line or (line.startswith("#") and not line.startswith("## ")):
                continue  # the outline's part headings (# 开头) are not printed
            shown = escape(_without_braces(line.removeprefix("## ")))
            paragraphs.append(
                f'<p style="margin:0;text-indent:2em">{"<b>" + shown + "</b>" if line.startswith("## ") else shown}</p>'
            )
        return "".join(paragraphs)

    def _update_positions(self) -> None:
        template = self.selected
        if template is None:
            self.position.options = []
            return
        count = len(self.state.speech.points)
        if template.kind == "point":
            options = [("最后", -1)] + [(f"第{i + 1}点之前", i) for i in range(count)]
        elif template.kind in ("opening", "closing"):
            options = [("替换原有内容", "replace"), ("接在原有内容之后", "append")]
        elif template.kind == "transition":
            options = [("替换过渡句", "replace")]
        else:
            options = [("新建一篇草稿（当前草稿保留）", "new")]
        self.position.options = options
        self.position.value = options[0][1]
        self.insert.description = "用此骨架新建" if template.kind == "skeleton" else "插入"

    def _on_insert_click(self, _button) -> None:
        template = self.selected
        if template is None:
            return
        reason = self.problem(template)
        if reason:
            self.message.value = f'<span style="color:#b91c1c">这个模板有问题，不能插入：{escape(reason)}</span>'
            return
        try:
            self.insert_template(template, self.position.value)
        except ToolkitError as error:
            self.message.value = f'<span style="color:#b91c1c">{escape(str(error))}</span>'

    def insert_template(self, template: SectionTemplate, position) -> None:
        """Put *template* into the draft at *position* (see :meth:`_update_positions`)."""
        state = self.state
        if template.kind == "skeleton":
            speech = speech_from_skeleton(template, {**state.speech.variables})
            path = new_draft_path(template.id)
            state.load(speech, path)
            state.save()
            self.message.value = f"已用骨架“{escape(template.title)}”新建草稿“{escape(path.stem)}”，原来的草稿已保存"
            return
        text = render_template(template, speech_values(state.speech), allow_unfilled=True)
        content = section_content(template.kind, text, name=template.id)
        if template.kind == "point":
            apply_section(state.speech, content, name=template.id, index=None if position == -1 else position)
        else:
            apply_section(state.speech, content, mode=position if position in ("replace", "append") else "replace")
        if template.kind == "point":
            state.changed(structure=True)
        else:
            state.redraw()  # the opening/transition/closing boxes show the new text
            state.changed()
        self.message.value = f"已插入：{escape(template.title)}"
