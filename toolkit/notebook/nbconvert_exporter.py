"""``jupyter nbconvert --to jianggao 模板.ipynb``: a notebook of template cells → .docx.

The cells are read, not executed: ``%draft`` (a path relative to the notebook) starts from
a draft file, ``%%variables`` sets values, ``%%section`` cells add their sections in order;
other cells are ignored. The speech is filled and exported with the built-in layout, or
with ``--JianggaoExporter.template=单位模板.docx``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nbconvert.exporters import Exporter
from traitlets import Bool, Unicode

from toolkit import service
from toolkit.errors import ToolkitError
from toolkit.notebook.cells import parse_section_cell, parse_variables_cell
from toolkit.notebook.session import DraftSession


def speech_from_notebook(notebook, folder: Path | None = None, *, base=None):
    """The speech a notebook's template cells build, without running the notebook."""
    session = DraftSession(base)
    for number, cell in enumerate(notebook.cells, 1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        first, _, body = source.partition("\n")
        head = first.strip()
        try:
            if head.startswith("%draft") and head[len("%draft") :].strip() != "--overwrite":
                path = Path(head[len("%draft") :].strip())
                session.speech = service.open_speech(path if path.is_absolute() or folder is None else folder / path)
            elif head.startswith("%%variables"):
                session.set_variables(parse_variables_cell(body))
            elif head.startswith("%%section"):
                parsed = parse_section_cell(head[len("%%section") :], body)
                session.apply(parsed.kind, parsed.source, name=parsed.name, mode=parsed.mode, index=parsed.index)
        except ToolkitError as error:
            raise type(error)(f"第{number}个单元格：{error.problem}", where=error.where, hint=error.hint) from None
    return session.speech


def _running_nbconvert_command() -> bool:
    """Whether this process is the ``jupyter nbconvert`` command (its app is a singleton
    made by ``launch_instance``); a server converting on request never creates one."""
    app_module = sys.modules.get("nbconvert.nbconvertapp")
    return app_module is not None and app_module.NbConvertApp.initialized()


class JianggaoExporter(Exporter):
    """Exports a notebook of ``%%section`` cells as a Word speech in the official layout."""

    export_from_notebook = "讲稿 Word 文档（.docx）"
    output_mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    template = Unicode("", help="单位 Word 模板（.docx）；空则用内置公文格式").tag(config=True)
    allow_placeholders = Bool(False, help="变量未填也导出").tag(config=True)

    def _file_extension_default(self) -> str:
        return ".docx"

    def from_notebook_node(self, nb, resources=None, **kw):
        nb_copy, resources = super().from_notebook_node(nb, resources, **kw)
        folder = resources.get("metadata", {}).get("path") or None
        try:
            speech = speech_from_notebook(nb_copy, Path(folder) if folder else None)
            options = service.ExportOptions(allow_placeholders=self.allow_placeholders)
            rendered = service.render(speech, template=self.template or None, options=options)
        except ToolkitError as error:
            if _running_nbconvert_command():
                # `jupyter nbconvert`: one Chinese line, not nbconvert's logged traceback;
                # non-zero exit, nothing written.
                print(f"jianggao：{error}", file=sys.stderr)
                raise SystemExit(2) from None
            # Inside a server (jupyter_server's /nbconvert handler, Voila…) the exporter must
            # never end the process: the error goes back to the caller, who answers with it.
            raise
        for warning in rendered.warnings:
            self.log.warning("提示：%s", warning)
        resources["output_extension"] = ".docx"
        return rendered.data, resources
