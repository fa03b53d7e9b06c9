"""Exporting from the composer: choose the Word template and a file name, get the .docx
(never over an existing one: a free name is chosen and shown), a download link, and
thumbnails of the first pages where LibreOffice is installed."""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

import ipywidgets as w

from toolkit import resources, service
from toolkit.config import load_config
from toolkit.errors import ToolkitError
from toolkit.widgets.state import ComposerState
from toolkit.workspace import unused_path, workspace_folder

BUILTIN = "内置公文格式（GB/T 9704）"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\n]')


def house_templates() -> list[Path]:
    """House templates offered: .docx/.dotx in the config's ``word_templates`` folders and
    in ``templates/word/`` (besides the built-in official.docx)."""
    folders = [Path(p) for p in load_config().word_templates] + [
        resources.word_templates_folder(),
        resources.example_house_templates_folder(),
    ]
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if (
                    path.suffix.lower() in (".docx", ".dotx")
                    and path.name != "official.docx"
                    and not path.name.startswith("~$")
                ):
                    found.append(path)
    return found


def default_file_name(title: str | None) -> str:
    """``在……上的讲话.docx`` from the title's first line, ``讲话稿.docx`` without one."""
    first = (title or "").split("\n")[0].strip()
    name = _UNSAFE.sub("", first)[:60] or "讲话稿"
    return f"{name}.docx"


class ExportPanel:
    """The 导出 button, its options, and what it produced."""

    def __init__(self, state: ComposerState):
        self.state = state
        self.template = w.Dropdown(
            description="Word 模板", style={"description_width": "6em"}, layout=w.Layout(width="90%")
        )
        self.file_name = w.Text(description="文件名", style={"description_width": "6em"}, layout=w.Layout(width="90%"))
        self.centred = w.Checkbox(description="页码居中（默认单页居右、双页居左）", indent=False)
        self.bold_lead = w.Checkbox(description="主旨句用仿宋加粗（默认黑体）", indent=False)
        self.allow_placeholders = w.Checkbox(description="变量没填也导出（保留 {{ }}）", indent=False)
        self.export = w.Button(description="导出", icon="file-word-o", button_style="success")
        self.message = w.HTML()
        self.download = w.HTML()
        self.thumbnails = w.HTML()
        self.last_path: Path | None = None
        self._default_name = ""
        """The file name last suggested; replaced when the title changes, unless the user typed one."""
        self.widget = w.VBox(
            [
                w.HTML("<b>导出 Word 文档</b>（按下右上方的“导出”按钮）"),
                self.template,
                self.file_name,
                self.centred,
                self.bold_lead,
                self.allow_placeholders,
            ]
        )
        """The options, shown in the 导出 tab."""
        self.action = w.VBox([self.export, self.message, self.download, self.thumbnails])
        """The button and what it produced, always in view."""
        self.export.on_click(self._on_export_click)
        state.subscribe(self._on_state)
        self.refresh()

    def _on_state(self, reason: str) -> None:
        if reason == "loaded":  # a different draft: nothing of the last one's export stays
            self.message.value = self.download.value = self.thumbnails.value = ""
            self.refresh()
        elif reason == "refresh" and self.file_name.value == self._default_name:
            self._default_name = self.file_name.value = default_file_name(self.state.speech.title)

    def refresh(self) -> None:
        self.template.options = [(BUILTIN, "")] + [(path.stem, str(path)) for path in house_templates()]
        self.template.value = ""
        self._default_name = self.file_name.value = default_file_name(self.state.speech.title)

    def target_folder(self) -> Path:
        """Exports go beside the draft (or into the workspace when there is no draft file)."""
        return self.state.path.parent if self.state.path else workspace_folder()

    def _on_export_click(self, _button) -> None:
        self.run_export()

    def run_export(self) -> Path | None:
        """Export now; returns the .docx written, or ``None`` (the message says why)."""
        self.state.flush()
        self.download.value = self.thumbnails.value = ""
        name = _UNSAFE.sub("", self.file_name.value.strip()) or default_file_name(self.state.speech.title)
        if not name.lower().endswith(".docx"):
            name += ".docx"
        wanted = self.target_folder() / name
        target = unused_path(wanted)
        options = service.ExportOptions(
            page_numbers="centered" if self.centred.value else None,
            lead_font="bold" if self.bold_lead.value else None,
            allow_placeholders=self.allow_placeholders.value,
        )
        try:
            result = service.export(self.state.speech, target, template=self.template.value or None, options=options)
        except ToolkitError as error:
            self.message.value = f'<span style="color:#b91c1c">没有导出：{escape(str(error))}</span>'
            return None
        self.last_path = result.path
        renamed = f"（已有同名文件，改存为“{escape(target.name)}”）" if target != wanted else ""
        notes = "".join(f'<br><span style="color:#b45309">提示：{escape(n)}</span>' for n in result.warnings)
        self.message.value = f'<span style="color:#15803d">已导出：{escape(str(result.path))}</span>{renamed}{notes}'
        data = base64.b64encode(result.path.read_bytes()).decode("ascii")
        self.download.value = (
            f'<a download="{escape(result.path.name)}" href="data:{DOCX_TYPE};base64,{data}" '
            f'style="font-weight:bold">下载 {escape(result.path.name)}</a>'
        )
        self.thumbnails.value = self._thumbnails(result.path)
        return result.path

    def _thumbnails(self, docx: Path) -> str:
        if not service.can_render_pages():
            return (
                '<span style="color:#666">（本机没有安装 LibreOffice，无法显示页面缩略图；Word 文档不受影响。）</span>'
            )
        try:
            import tempfile

            with tempfile.TemporaryDirectory(prefix="jianggao-thumbs-") as folder:
                pages = service.page_images(docx, folder, first=1, last=2, dpi=40)
                images = [base64.b64encode(page.read_bytes()).decode("ascii") for page in pages]
        except ToolkitError as error:
            return f'<span style="color:#666">（页面缩略图没有生成：{escape(str(error))}）</span>'
        return "".join(
            f'<img alt="第{i}页" src="data:image/png;base64,{image}" '
            f'style="border:1px solid #ccc;margin:4px;width:160px">'
            for i, image in enumerate(images, 1)
        )
