"""IPython magics for template cells: ``%load_ext toolkit`` registers them.

- ``%draft 草稿.yaml`` — work on this draft file (opened, or created empty).
- ``%%variables`` — ``名称: 值`` lines set the draft's variables (and meeting facts).
- ``%%section 类型 --name 名称 [--append] [--at 位置]`` — the cell body is a section
  (Jinja2 text; type and name may also come from ``---`` front matter). Running the cell
  adds it to the current draft, or replaces the section of the same name, and shows it.
"""

from __future__ import annotations

import html

from IPython.core.magic import Magics, cell_magic, line_magic, magics_class

from toolkit.errors import ToolkitError
from toolkit.model.layout import speech_blocks
from toolkit.notebook.cells import parse_section_cell, parse_variables_cell
from toolkit.notebook.session import AppliedSection, current_session


class SectionView:
    """How a section cell shows its result: the rendered text, and the point markers it got."""

    def __init__(self, applied: AppliedSection):
        self.applied = applied

    def _lines(self) -> list[str]:
        applied = self.applied
        if applied.kind == "point":
            blocks = [b for b in speech_blocks(applied.speech) if b.role.startswith(("point", "subpoint"))]
            index = next(
                (i for i, p in enumerate(applied.speech.points) if applied.name and p.section == applied.name),
                len(applied.speech.points) - 1,
            )
            label = f"第{index + 1}点"
            return [
                b.text
                for b in blocks
                if b.location == label or b.location.startswith(label + "正文") or b.location.startswith(label + "第")
            ]
        return [line for line in applied.text.split("\n") if line.strip()]

    def _header(self) -> str:
        applied = self.applied
        name = f"“{applied.name}”" if applied.name else ""
        where = f"，已保存到 {current_session().path}" if current_session().path else ""
        return f"已放入草稿：{applied.kind}{name}{where}"

    def __repr__(self) -> str:
        lines = [self._header(), *self._lines()]
        if self.applied.missing:
            lines.append("还没有值的变量：" + "、".join(self.applied.missing))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        body = "".join(f'<p style="text-indent:2em;margin:0">{html.escape(line)}</p>' for line in self._lines())
        missing = ""
        if self.applied.missing:
            missing = (
                '<p style="color:#b45309">还没有值的变量：' + "、".join(map(html.escape, self.applied.missing)) + "</p>"
            )
        return (
            f'<div style="font-family:FangSong,仿宋,serif;line-height:1.8">'
            f'<p style="color:#555;margin:0 0 .3em">{html.escape(self._header())}</p>{body}{missing}</div>'
        )


@magics_class
class SpeechMagics(Magics):
    """``%draft``, ``%%variables`` and ``%%section``."""

    @line_magic
    def draft(self, line: str):
        """%draft 草稿.yaml — use this draft file for the cells that follow (its disk version).
        %draft --overwrite — save this notebook's draft over a version changed on disk."""
        try:
            if line.strip() == "--overwrite":
                kept = current_session().overwrite()
                note = f"（磁盘上原来的版本另存为 {kept.name}）" if kept else ""
                return f"已覆盖：{current_session().path}{note}"
            speech = current_session().use(line.strip())
        except ToolkitError as error:
            return _ErrorView(error)
        return f"当前草稿：{current_session().path}（{len(speech.points)} 点）"

    @cell_magic
    def variables(self, line: str, cell: str):
        """%%variables — 名称: 值 lines."""
        try:
            values = parse_variables_cell(cell)
            current_session().set_variables(values)
        except ToolkitError as error:
            return _ErrorView(error)
        return "已设置变量：" + "、".join(str(name) for name in values)

    @cell_magic
    def section(self, line: str, cell: str):
        """%%section 类型 --name 名称 — add or replace a section of the current draft."""
        try:
            parsed = parse_section_cell(line, cell)
            applied = current_session().apply(
                parsed.kind, parsed.source, name=parsed.name, mode=parsed.mode, index=parsed.index
            )
        except ToolkitError as error:
            return _ErrorView(error)
        return SectionView(applied)


class _ErrorView:
    """A ToolkitError shown in the notebook as one Chinese line, not a traceback."""

    def __init__(self, error: ToolkitError):
        self.message = str(error)

    def __repr__(self) -> str:
        return f"出错：{self.message}"

    def _repr_html_(self) -> str:
        return f'<p style="color:#b91c1c">出错：{html.escape(self.message)}</p>'


def register(ipython) -> None:
    """Register the magics with *ipython* (what ``%load_ext toolkit`` calls)."""
    ipython.register_magics(SpeechMagics)
