"""Opening, starting and importing drafts, and the autosave status line."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from html import escape
from pathlib import Path

import ipywidgets as w

from toolkit import service
from toolkit.errors import ToolkitError
from toolkit.model.review import Review
from toolkit.model.speech import Speech
from toolkit.model.variables import VARIABLE, speech_values
from toolkit.templating.library import Library
from toolkit.templating.sections import speech_from_skeleton
from toolkit.widgets.state import ComposerState
from toolkit.workspace import new_draft_path, unused_path, workspace_folder

UPLOAD_TYPES = ",".join(service.importable_suffixes())
"""What the file chooser offers: .txt, .md, .docx, and the old formats read through LibreOffice."""
UPLOAD_LABEL = "导入讲稿（.txt/.docx/.doc/.wps 等）"


def shown_title(speech: Speech) -> str:
    """The title as staff see it: first line, values filled in, a missing one as 【名称】."""
    values = speech_values(speech)
    first = (speech.title or "").split("\n")[0].strip()
    return VARIABLE.sub(lambda m: str(values.get(m.group(1)) or f"【{m.group(1)}】"), first)


@dataclass(frozen=True)
class DraftEntry:
    """One draft of the workspace as the 草稿 list shows it."""

    path: Path
    title: str
    saved: _dt.datetime
    problem: str | None = None

    def label(self, *, with_name: bool = False) -> str:
        when = f"{self.saved:%m-%d %H:%M} 保存"
        if self.problem:
            return f"【打不开】{self.path.stem}（{when}）"
        name = f"（{self.path.stem}）" if with_name or not self.title else ""
        return f"{self.title or '无标题'}{name}　{when}"


class DraftList:
    """The drafts in a folder, newest first, each read once per change on disk."""

    def __init__(self):
        self._cache: dict[Path, tuple[tuple[int, int], DraftEntry]] = {}

    def entries(self, folder: Path, *, current: Path | None = None, speech: Speech | None = None) -> list[DraftEntry]:
        """Every ``*.yaml`` in *folder* (and *current*, wherever it is), newest first; the
        current draft's title is taken from *speech*, the one being edited."""
        paths = {path for path in folder.glob("*.yaml") if path.is_file()}
        if current is not None and current.exists():
            paths.add(current)
        found = []
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            saved = _dt.datetime.fromtimestamp(stat.st_mtime)
            if path == current and speech is not None:
                found.append(DraftEntry(path, shown_title(speech), saved))
                continue
            key = (stat.st_mtime_ns, stat.st_size)
            cached = self._cache.get(path)
            if cached is None or cached[0] != key:
                cached = (key, self._read(path, saved))
                self._cache[path] = cached
            found.append(cached[1])
        found.sort(key=lambda entry: (entry.saved, entry.path.name), reverse=True)
        return found

    @staticmethod
    def _read(path: Path, saved: _dt.datetime) -> DraftEntry:
        try:
            return DraftEntry(path, shown_title(service.open_speech(path)), saved)
        except Exception as error:  # noqa: BLE001 - a broken draft is listed as such, never stops the list
            return DraftEntry(path, "", saved, str(error) or "无法读取")


def import_summary(speech: Speech, name: str, review: Review | None = None) -> str:
    """What an import found, as HTML for the message line (escaped): the parts, the adverts
    removed, and each revision and comment a reviewer left in a Word file (*review*)."""
    parts = [f"已导入“{escape(name)}”：标题 {escape(speech.title or '（未找到）')}；{len(speech.points)} 点"]
    if speech.numbering and speech.points:
        parts.append(f"（{escape(speech.numbering)}）")
    if speech.noise:
        removed = "".join(f"<li>第{n.line}行［{escape(n.rule)}］{escape(n.text)}</li>" for n in speech.noise)
        parts.append(f"；已去除广告、水印等 {len(speech.noise)} 处：<ul style='margin:0'>{removed}</ul>")
    else:
        parts.append("；没有发现广告或水印。")
    if speech.import_hints:
        hints = "".join(f"<li>{escape(hint)}</li>" for hint in speech.import_hints)
        parts.append(f"提示：<ul style='margin:0'>{hints}</ul>")
    if review:
        lines = "".join(f"<li>{escape(line.strip())}</li>" for line in review.lines(speech))
        parts.append(
            f"<div>Word 文件中的修订和批注（批注显示在页面上对应段落旁）：<ul style='margin:0'>{lines}</ul></div>"
        )
    return "".join(parts)


def take_upload(upload: w.FileUpload, change) -> tuple[str, bytes] | None:
    """The file just chosen in *upload* (its name without folders, and its bytes) from the
    *change* of its value, ``None`` when the value was emptied; the upload is emptied so the
    same file chosen again is a new upload."""
    files = change["new"]
    if not files:
        return None
    name, data = Path(files[0]["name"]).name, bytes(files[0]["content"])
    upload.value = ()
    return name, data


class DraftBar:
    """The 草稿 list (open one with a click), start from a skeleton, import a .txt/.docx/.doc…, or
    start empty; the status line; the question before importing a file that is no speech."""

    def __init__(self, state: ComposerState, library: Library):
        self.state = state
        self.library = library
        self.draft_list = DraftList()
        self.drafts = w.Dropdown(
            description="草稿",
            style={"description_width": "2.5em"},
            layout=w.Layout(width="auto", min_width="22em", max_width="36em", flex="1 1 22em"),
        )
        """The workspace's drafts by title and last-saved time, newest first; choosing one opens it."""
        self._listing = False
        skeletons = [(t.title, t.id) for t in library if t.kind == "skeleton"]
        self.skeleton = w.Dropdown(
            options=skeletons,
            description="骨架",
            style={"description_width": "2.5em"},
            layout=w.Layout(width="auto", min_width="14em", max_width="24em", flex="1 1 14em"),
        )
        self.from_skeleton = w.Button(description="从骨架新建", icon="file", layout=w.Layout(width="auto"))
        self.upload = w.FileUpload(
            accept=UPLOAD_TYPES,
            multiple=False,
            description=UPLOAD_LABEL,
            tooltip="可导入 " + "、".join(service.importable_suffixes()) + " 格式的讲稿",
            layout=w.Layout(width="auto"),
        )
        self.empty = w.Button(description="新建空白", icon="file-o", layout=w.Layout(width="auto"))
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
        self.question = w.HTML()
        self.import_anyway = w.Button(description="仍然导入", button_style="warning", layout=w.Layout(width="auto"))
        self.cancel_import = w.Button(description="取消", layout=w.Layout(width="auto"))
        self.asking = w.HBox(
            [self.question, self.import_anyway, self.cancel_import],
            layout=w.Layout(display="none", align_items="center", flex_flow="row wrap"),
        )
        """Shown while an upload that does not look like a speech waits for 仍然导入 / 取消."""
        self._pending: tuple[str, Speech] | None = None
        self._review: Review | None = None
        """The revisions and comments of the file being imported."""
        self.message = w.HTML()
        self.widget = w.VBox(
            [
                w.HBox(
                    [self.drafts, self.skeleton, self.from_skeleton, self.upload, self.empty],
                    layout=w.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.status,
                self.conflict_choices,
                self.asking,
                self.message,
            ]
        )
        self.take_disk.on_click(lambda _: self.state.resolve_conflict("reload"))
        self.save_as_new.on_click(lambda _: self.state.resolve_conflict("save_as"))
        self.overwrite.on_click(lambda _: self.state.resolve_conflict("overwrite"))
        self.drafts.observe(self._on_draft_chosen, names="value")
        self.from_skeleton.on_click(self._on_from_skeleton_click)
        self.empty.on_click(self._on_empty_click)
        self.upload.observe(self._on_upload_change, names="value")
        self.import_anyway.on_click(lambda _: self._answer(True))
        self.cancel_import.on_click(lambda _: self._answer(False))
        state.subscribe(self._on_state)
        self._on_state("loaded")

    def _on_state(self, reason: str) -> None:
        state = self.state
        if reason == "loaded":  # a different draft: nothing said about the one before
            self.message.value = ""
            self._ask(None)
        if reason in ("loaded", "saved"):
            self.update_drafts()
        if reason in ("saved", "save-failed", "loaded", "conflict"):
            colour = "#b91c1c" if reason in ("save-failed", "conflict") else "#15803d"
            self.status.value = f'<span style="color:{colour}">{escape(state.status)}</span>'
            self.conflict_choices.layout.display = "flex" if state.conflict else "none"

    # -- the 草稿 list ---------------------------------------------------------------------------
    def update_drafts(self) -> None:
        """List the workspace's drafts again (newest first), the open one chosen."""
        try:
            folder = workspace_folder()
        except ToolkitError:
            folder = None
        current = self.state.path
        entries = (
            self.draft_list.entries(folder, current=current, speech=self.state.speech) if folder is not None else []
        )
        titles = [entry.title for entry in entries]
        options = [(entry.label(with_name=titles.count(entry.title) > 1), str(entry.path)) for entry in entries]
        if current is not None and str(current) not in {value for _label, value in options}:
            options.insert(0, (f"{shown_title(self.state.speech) or current.stem}（未保存）", str(current)))
        self._listing = True
        try:
            if list(self.drafts.options) != options:
                self.drafts.options = options
            self.drafts.value = str(current) if current is not None else None
        finally:
            self._listing = False

    def _on_draft_chosen(self, change) -> None:
        if self._listing or not change["new"] or change["new"] == str(self.state.path or ""):
            return
        path = Path(change["new"])
        try:
            self.state.open(path)
        except ToolkitError as error:
            self.update_drafts()  # the list shows the draft still open
            self._fail(error)
            return
        self.message.value = f"已打开草稿“{escape(shown_title(self.state.speech) or path.stem)}”"

    def _fail(self, error: ToolkitError) -> None:
        self.message.value = f'<span style="color:#b91c1c">{escape(str(error))}</span>'

    # -- new drafts ------------------------------------------------------------------------------
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
        self.message.value = "已新建空白草稿。"

    # -- importing ---------------------------------------------------------------------------------
    def _on_upload_change(self, change) -> None:
        chosen = take_upload(self.upload, change)
        if chosen is None:
            return
        name, data = chosen
        try:
            self.import_bytes(name, data)
        except ToolkitError as error:
            self._fail(error)

    def import_bytes(self, name: str, data: bytes) -> Speech | None:
        """Import an uploaded speech (its file *name* and bytes) into a new draft in the
        workspace; a file that does not look like a speech is asked about first (then
        ``None`` is returned and 仍然导入 / 取消 decide)."""
        if service.needs_libreoffice(name):
            self.message.value = f"正在读取“{escape(name)}”（旧格式文件需要先转换，约需几秒）……"
        imported = service.import_upload(name, data)  # revisions accepted, each one listed
        speech, self._review = imported.speech, imported.review
        doubt = service.doubt_about(speech)
        if doubt:
            self._pending = (name, speech)
            self._ask(f"“{escape(name)}”：{escape(doubt)}。要导入吗？")
            return None
        return self._adopt(name, speech)

    def _ask(self, question: str | None) -> None:
        if question is None:
            self._pending = None
        self.question.value = f'<span style="color:#b45309">{question}</span>' if question else ""
        self.asking.layout.display = "flex" if question else "none"

    def _answer(self, anyway: bool) -> None:
        pending, self._pending = self._pending, None
        self._ask(None)
        if pending is None:
            return
        if anyway:
            self._adopt(*pending)
        else:
            self.message.value = f"没有导入“{escape(pending[0])}”。"

    def _adopt(self, name: str, speech: Speech) -> Speech:
        path = unused_path(workspace_folder() / f"{Path(name).stem}.yaml")
        self.state.load(speech, path)
        self.state.save()
        self.message.value = import_summary(speech, name, self._review)
        return speech
