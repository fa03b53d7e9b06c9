"""Opening, starting and importing drafts, and the autosave status line."""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as w

from toolkit import service
from toolkit.errors import ToolkitError
from toolkit.model.speech import Speech
from toolkit.templating.library import Library
from toolkit.templating.sections import speech_from_skeleton
from toolkit.widgets.state import ComposerState
from toolkit.workspace import new_draft_path, unused_path, workspace_folder

UPLOAD_TYPES = ".txt,.md,.markdown,.docx"


def import_summary(speech: Speech, name: str) -> str:
    """What an import found, as HTML for the message line (escaped)."""
    parts = [f"已导入“{escape(name)}”：标题 {escape(speech.title or '（未找到）')}；{len(speech.points)} 点"]
    if speech.numbering and speech.points:
        parts.append(f"（{escape(speech.numbering)}）")
    if speech.noise:
        removed = "".join(f"<li>第{n.line}行［{escape(n.rule)}］{escape(n.text)}</li>" for n in speech.noise)
        parts.append(f"；已去除广告、水印等 {len(speech.noise)} 处：<ul style='margin:0'>{removed}</ul>")
    else:
        parts.append("；没有发现广告或水印。")
    return "".join(parts)


class DraftBar:
    """Open a draft, start one from a skeleton, import a .txt/.docx, or start empty."""

    def __init__(self, state: ComposerState, library: Library):
        self.state = state
        self.library = library
        self.path = w.Text(placeholder="草稿文件路径（.yaml）", layout=w.Layout(width="40%"))
        self.open = w.Button(description="打开草稿", icon="folder-open")
        skeletons = [(t.title, t.id) for t in library if t.kind == "skeleton"]
        self.skeleton = w.Dropdown(options=skeletons, layout=w.Layout(width="40%"))
        self.from_skeleton = w.Button(description="从骨架新建", icon="file")
        self.upload = w.FileUpload(
            accept=UPLOAD_TYPES, multiple=False, description="导入讲稿（.txt/.docx）", layout=w.Layout(width="auto")
        )
        self.empty = w.Button(description="新建空白", icon="file-o")
        self.status = w.HTML()
        self.take_disk = w.Button(
            description="载入磁盘上的版本",
            icon="download",
            layout=w.Layout(width="auto"),
            tooltip="放弃本窗口的修改前，先把它们另存一份",
        )
        self.save_as_new = w.Button(
            description="另存为新草稿",
            icon="copy",
            layout=w.Layout(width="auto"),
            tooltip="本窗口的修改存为新草稿，原草稿不动",
        )
        self.overwrite = w.Button(
            description="覆盖磁盘上的版本",
            icon="save",
            button_style="warning",
            layout=w.Layout(width="auto"),
            tooltip="覆盖前，先把磁盘上的版本另存一份",
        )
        self.conflict_choices = w.HBox(
            [self.take_disk, self.save_as_new, self.overwrite], layout=w.Layout(display="none")
        )
        """Shown only while the draft file changed on disk and autosave waits for a choice."""
        self.message = w.HTML()
        self.widget = w.VBox(
            [
                w.HBox([self.path, self.open]),
                w.HBox([self.skeleton, self.from_skeleton]),
                w.HBox([self.upload, self.empty]),
                self.status,
                self.conflict_choices,
                self.message,
            ]
        )
        self.take_disk.on_click(lambda _: self.state.resolve_conflict("reload"))
        self.save_as_new.on_click(lambda _: self.state.resolve_conflict("save_as"))
        self.overwrite.on_click(lambda _: self.state.resolve_conflict("overwrite"))
        self.open.on_click(self._on_open_click)
        self.from_skeleton.on_click(self._on_from_skeleton_click)
        self.empty.on_click(self._on_empty_click)
        self.upload.observe(self._on_upload_change, names="value")
        state.subscribe(self._on_state)
        self._on_state("loaded")

    def _on_state(self, reason: str) -> None:
        state = self.state
        if reason == "loaded":
            self.path.value = str(state.path or "")
        if reason in ("saved", "save-failed", "loaded", "conflict"):
            colour = "#b91c1c" if reason in ("save-failed", "conflict") else "#15803d"
            where = f"　草稿：{escape(str(state.path))}" if state.path else ""
            self.status.value = f'<span style="color:{colour}">{escape(state.status)}</span>{where}'
            self.conflict_choices.layout.display = "flex" if state.conflict else "none"

    def _fail(self, error: ToolkitError) -> None:
        self.message.value = f'<span style="color:#b91c1c">{escape(str(error))}</span>'

    def _on_open_click(self, _button) -> None:
        try:
            path = service.draft_path(self.path.value.strip())
            self.state.open(path)
            self.message.value = f"已打开：{escape(str(path))}"
        except ToolkitError as error:
            self._fail(error)

    def _on_from_skeleton_click(self, _button) -> None:
        try:
            template = self.library.get(self.skeleton.value)
            speech = speech_from_skeleton(template, {})
            path = new_draft_path(template.id)
            self.state.load(speech, path)
            self.state.save()
            self.message.value = f"已用骨架“{escape(template.title)}”新建草稿，请在“变量”中填写会议的具体情况。"
        except ToolkitError as error:
            self._fail(error)

    def _on_empty_click(self, _button) -> None:
        path = new_draft_path()
        self.state.load(Speech(salutation="同志们："), path)
        self.state.save()
        self.message.value = f"已新建空白草稿：{escape(str(path))}"

    def _on_upload_change(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        name = Path(upload["name"]).name
        try:
            self.import_bytes(name, bytes(upload["content"]))
        except ToolkitError as error:
            self._fail(error)

    def import_bytes(self, name: str, data: bytes) -> Speech:
        """Import an uploaded speech (its file *name* and bytes) into a new draft in the workspace."""
        speech = service.import_bytes(name, data)
        path = unused_path(workspace_folder() / f"{Path(name).stem}.yaml")
        self.state.load(speech, path)
        self.state.save()
        self.message.value = import_summary(speech, name)
        return speech
