"""The 版本 tab's last section: bring the file the leader sent back into the open draft.

A 修订稿 (or any copy of the speech) goes to the leader; it comes back as a Word or WPS file
with his 修订 (tracked changes) and 批注 (comments). The writer uploads it here and chooses
what to do with the 修订: take the text as he left it (accepted), or as it was before
(rejected; each change is still listed). Then, through :func:`toolkit.service.take_returned`
(the path ``jianggao import 返回.docx --into 草稿.yaml`` takes too):

- what the page showed is kept as the automatic version ``导入“文件名”前`` (unless a
  version already holds it);
- the draft takes the returned text and comments as one edit (:meth:`ComposerState.replace`,
  so one 撤销 takes it back), keeping its meeting facts and variables, and is saved;
- the new text is kept as the version named after the file.

The message says, in words for staff, how many 修订 there were and what was done with them,
how many 批注 came (they show as notes beside their paragraphs on the page), where the
previous text is kept and what changed; each 修订 and 批注 is listed below it. A file that
cannot be read, or does not look like a speech, is refused in one line and nothing changes.
"""

from __future__ import annotations

from html import escape

import ipywidgets as w

from toolkit import service
from toolkit.errors import ToolkitError
from toolkit.model.review import REVISION_MODES
from toolkit.widgets.draft_bar import UPLOAD_TYPES, take_upload
from toolkit.widgets.state import ComposerState
from toolkit.widgets.versions import VersionsPanel, _said

UPLOAD_LABEL = "导入领导改回的稿子（.docx/.doc/.wps）"
MODE_LABELS = {
    "accept": "接受领导的修订（用改后的文字）",
    "reject": "不接受修订（用改之前的文字，修订逐条列出来）",
}
"""What each way of handling the 修订 (:data:`toolkit.model.review.REVISION_MODES`) is called."""


def revisions_said(count: int, mode: str) -> str:
    """How many 修订 came back and what was done with them, for staff."""
    if not count:
        return "文件里没有修订"
    if mode == "accept":
        return f"领导的修订共 {count} 处，已全部接受（用改后的文字）"
    return f"领导的修订共 {count} 处，都没有接受（用改之前的文字）"


def comments_said(count: int) -> str:
    """How many 批注 came back and where they are, for staff."""
    if not count:
        return "没有批注"
    return f"批注 {count} 条，显示在稿纸上对应段落的旁边，处理完可点“标为已处理”"


def returned_html(name: str, returned) -> str:
    """The message after a returned file was brought in (*returned*: a
    :class:`toolkit.service.Returned`), as HTML with the text escaped: the 修订 and 批注, where
    the previous text and the new one are kept, what changed, then each 修订 and 批注 listed."""
    review = returned.imported.review
    held = returned.held
    if returned.kept is not None:
        before = f"导入前的稿子已存为版本 {held.number}“{held.name}”"
    elif held is not None:
        before = f"导入前的稿子已在版本 {held.number}“{held.name}”中"
    else:
        before = "导入前的稿子已在以前存的版本中"
    version = returned.version
    said = (
        f"已把“{name}”导入草稿：{revisions_said(len(review.revisions), review.mode)}；"
        f"{comments_said(len(review.comments))}。{before}，导入后的稿子存为版本 {version.number}“{version.name}”。"
        f"与原来相比：{returned.change}。会议信息和变量没有改动。如要退回，请按“撤销”。"
    )
    lines = review.lines(returned.imported.speech)
    listed = "".join(f"<li>{escape(line.strip())}</li>" for line in lines)
    details = (
        f"<details><summary>逐条查看修订和批注</summary><ul style='margin:0'>{listed}</ul></details>" if lines else ""
    )
    return f'<div style="color:#15803d">{escape(said)}</div>{details}'


class ReturnedPanel:
    """导入领导改回的稿子: the upload, the choice of what to do with the 修订, the message.
    It is the last section of the 版本 tab (*versions*), whose list it reads again after an import."""

    def __init__(self, state: ComposerState, versions: VersionsPanel):
        self.state = state
        self.versions = versions
        self.upload = w.FileUpload(
            accept=UPLOAD_TYPES,
            multiple=False,
            description=UPLOAD_LABEL,
            tooltip="领导在 Word 或 WPS 里改过（开着“修订”）、加了批注后送回来的稿子",
            layout=w.Layout(width="auto"),
        )
        self.upload.add_class("jianggao-returned-upload")
        self.mode = w.RadioButtons(
            options=[(MODE_LABELS[mode], mode) for mode in REVISION_MODES],
            value=REVISION_MODES[0],
            description="修订",
            style={"description_width": "3em"},
            layout=w.Layout(width="auto"),
        )
        self.message = w.HTML()
        self.widget = w.VBox(
            [
                w.HTML(
                    "<b>领导改回的稿子</b>（导入前，草稿现在的内容会先自动存为一个版本；"
                    "导入后会议信息和变量不变，也可以撤销）"
                ),
                self.mode,
                w.HBox([self.upload]),
                self.message,
            ]
        )
        self.upload.observe(self._on_upload, names="value")
        versions.widget.children += (self.widget,)
        self._shown_for = state.path
        state.subscribe(self._on_state)

    def _on_state(self, reason: str) -> None:
        if reason == "loaded" and self.state.path != self._shown_for:  # another draft: nothing said about it
            self._shown_for = self.state.path
            self.message.value = ""

    def _on_upload(self, change) -> None:
        chosen = take_upload(self.upload, change)
        if chosen is not None:
            self.import_bytes(*chosen)

    def _say(self, text: str) -> None:
        self.message.value = f'<span style="color:#b91c1c">{escape(text)}</span>'

    def import_bytes(self, name: str, data: bytes, mode: str | None = None):
        """Bring the returned file *name* (its bytes *data*) into the draft, its 修订 handled
        as *mode* says (else as chosen); returns the :class:`toolkit.service.Returned`, or
        ``None`` when the file was refused (the message says why; nothing changed)."""
        if mode is not None:
            self.mode.value = mode
        self.state.flush()
        path = self.state.path
        if path is None or not path.exists():
            self._say("草稿还没有保存成文件，保存后才能导入改回的稿子。")
            return None
        if self.state.conflict:
            self._say("草稿已在别处被修改，请先在上方选择如何处理，再导入改回的稿子。")
            return None
        if service.needs_libreoffice(name):
            self.message.value = f"正在读取“{escape(name)}”（旧格式文件需要先转换，约需几秒）……"
        written: list = []
        try:
            imported = service.import_upload(name, data, revisions=self.mode.value)
            doubt = service.doubt_about(imported.speech)
            if doubt:
                self._say(f"没有导入“{name}”：{doubt}。草稿没有改动。")
                return None

            def write(speech) -> None:
                self._write(speech, service.returned_label(name))
                written.append(speech)

            returned = service.take_returned(path, imported, name, previous=self.state.speech, write=write)
        except ToolkitError as error:
            if written:  # the draft took the text, keeping it as a version failed
                self.versions.refresh()
                self._say(f"已导入“{name}”，但没有存成版本：{_said(error).rstrip('。')}。如要退回，请按“撤销”。")
            else:
                self._say(f"没有导入：{_said(error).rstrip('。')}。草稿没有改动。")
            return None
        self.versions.refresh()
        self.versions.differences.value = self.versions.download.value = ""  # they showed the draft as it was
        self.message.value = returned_html(name, returned)
        return returned

    def _write(self, speech, label: str) -> None:
        """The draft takes the returned text as one 撤销 step, saved now."""
        self.state.replace(speech, what=f"导入“{label}”")
        self.state.save()
