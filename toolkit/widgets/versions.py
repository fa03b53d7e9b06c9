"""The 版本 tab: keep the draft under a name, see the versions, compare two, restore one.

Saving a version is a deliberate act (the autosave never makes one): a name is chosen
(起草 / 修改稿 / 送审稿 / 定稿 offered, any other typed) and what the page shows is kept in
the draft's versions folder through :func:`toolkit.service.save_version`. The list gives
each version's name, time, 字数 and what changed since the one before. Any two versions, or
a version and the draft as it is now, can be compared: the differences are shown paragraph
by paragraph with their place (第2点正文第1段), inserted words green and underlined, deleted
ones red and struck through, moved paragraphs named with where they came from. 导出修订稿
writes the comparison as a Word file with tracked changes (when the service offers it); a
``{{ 变量 }}`` the newer side still has no value for is listed first, with 返回修改 and 仍然导出,
as 导出 lists its problems.

Restoring goes through the state as one edit (:meth:`ComposerState.replace`), so 撤销 takes
it back; what the page showed is first kept as an automatic version, so nothing is lost.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

import ipywidgets as w

from toolkit import service
from toolkit.errors import ToolkitError
from toolkit.model.textdiff import DELETE, INSERT, ParagraphChange, compare_speeches, summary
from toolkit.versions import SUGGESTED_NAMES
from toolkit.widgets.export_panel import BUILTIN, ProblemReview, blocking_problems, house_templates, left_in_html
from toolkit.widgets.state import ComposerState
from toolkit.workspace import unused_path

CURRENT = "current"
"""The value of 当前草稿 in the compare choices (versions are their numbers)."""
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
INSERTED_STYLE = "color:#15803d;text-decoration:underline;background:#ecfdf5"
DELETED_STYLE = "color:#b91c1c;text-decoration:line-through;background:#fef2f2"
_KIND_LABELS = {"changed": "改动", "inserted": "新增", "deleted": "删除", "moved": "移动"}


def edits_html(edits) -> str:
    """A paragraph's edits as HTML: kept text plain, inserted green and underlined, deleted red and struck."""
    parts = []
    for op, text in edits:
        if op == INSERT:
            parts.append(f'<ins style="{INSERTED_STYLE}">{escape(text)}</ins>')
        elif op == DELETE:
            parts.append(f'<del style="{DELETED_STYLE}">{escape(text)}</del>')
        else:
            parts.append(escape(text))
    return "".join(parts)


def change_label(change: ParagraphChange) -> str:
    """What happened to the paragraph and where, for staff: ``第2点 改动``, ``第3点 → 第1点 移动``."""
    if change.kind == "moved":
        return f"{change.new.location}（原{change.old.location}） 移动"
    if change.kind == "changed" and not change.text_changed:
        return f"{change.location} 重新编号"
    return f"{change.location} {_KIND_LABELS[change.kind]}"


def changes_html(changes: list[ParagraphChange], old_name: str, new_name: str) -> str:
    """The comparison of two speeches for the 版本 tab: a summary line, then each paragraph
    that differs under its place name, the rest counted."""
    shown = [change for change in changes if change.kind != "same"]
    same = len(changes) - len(shown)
    head = (
        f"<div><b>“{escape(old_name)}” → “{escape(new_name)}”</b>：{escape(summary(changes))}"
        f'　<span style="color:#555">（<ins style="{INSERTED_STYLE}">新增的字</ins>'
        f'　<del style="{DELETED_STYLE}">删去的字</del>）</span></div>'
    )
    rows = [
        f'<div class="jianggao-change" style="margin:6px 0;padding:4px 6px;border-left:3px solid #d1d5db">'
        f'<div style="color:#555;font-size:90%">{escape(change_label(change))}</div>'
        f'<div style="font-family:FangSong,仿宋,serif;line-height:1.7">{edits_html(change.all_edits)}</div></div>'
        for change in shown
    ]
    tail = f'<div style="color:#555">其余 {same} 段没有改动。</div>' if same and shown else ""
    return head + "".join(rows) + tail


def versions_table_html(entries) -> str:
    """The versions list: number, name, time, 字数, what changed since the one before."""
    if not entries:
        return '<div style="color:#555">这份草稿还没有保存过版本。</div>'
    cell = "padding:2px 8px;border-bottom:1px solid #e5e7eb;text-align:left"
    rows = []
    for entry in entries:
        version = entry.version
        name = escape(version.name) + ("（自动）" if version.automatic else "")
        if entry.problem:
            rest = f'<td style="{cell}" colspan="2"></td><td style="{cell};color:#b91c1c">文件已损坏，不能打开</td>'
        else:
            rest = f'<td style="{cell}">{entry.characters}</td><td style="{cell}">{escape(entry.change)}</td>'
        rows.append(
            f'<tr><td style="{cell}">{version.number}</td><td style="{cell}">{name}</td>'
            f'<td style="{cell}">{escape(version.saved_text)}</td>{rest}</tr>'
        )
    header = "".join(f'<th style="{cell}">{title}</th>' for title in ("", "名称", "保存时间", "字数", "比上一版"))
    return f'<table style="border-collapse:collapse;margin:4px 0"><tr>{header}</tr>{"".join(rows)}</table>'


def unfilled_variables(speech) -> list:
    """What stops a 修订稿 until the writer looks (the service prints no ``{{ 变量 }}`` still
    without a value unless told to): the problems naming such a variable in *speech*."""
    return [problem for problem in blocking_problems(speech) if problem.variable]


def _said(error: ToolkitError) -> str:
    """The error in words for the composer: the file's name (not its folders), what went
    wrong and what to do (a hint naming command-line options left out)."""
    where = f"{Path(error.where).name}：" if error.where else ""
    hint = f"。{error.hint}" if error.hint and "--" not in error.hint else ""
    return where + error.problem.rstrip("。") + hint


class VersionsPanel:
    """存为版本, the list, 比较 (and 导出修订稿), 恢复此版本."""

    def __init__(self, state: ComposerState):
        self.state = state
        self.entries: list = []
        self.name = w.Combobox(
            options=list(SUGGESTED_NAMES),
            placeholder="起草、修改稿、送审稿、定稿，或自己起名",
            description="版本名称",
            ensure_option=False,
            style={"description_width": "5em"},
            layout=w.Layout(width="60%"),
        )
        self.save = w.Button(
            description="存为版本", icon="bookmark", button_style="info", layout=w.Layout(width="auto")
        )
        self.save.on_click(lambda _button: self.save_version())
        self.message = w.HTML()
        self.table = w.HTML()
        choice = dict(style={"description_width": "3em"}, layout=w.Layout(width="48%"))
        self.old = w.Dropdown(description="比较", **choice)
        self.new = w.Dropdown(description="和", **choice)
        self.compare = w.Button(description="比较", icon="columns", layout=w.Layout(width="auto"))
        self.compare.on_click(lambda _button: self.show_differences())
        self.author = w.Text(
            description="修订人",
            placeholder="修订记录上的名字，如：县委办",
            style={"description_width": "4em"},
            layout=w.Layout(width="48%"),
        )
        self.template = w.Dropdown(
            description="Word 模板",
            options=[(BUILTIN, "")] + [(path.stem, str(path)) for path in house_templates()],
            style={"description_width": "5em"},
            layout=w.Layout(width="60%"),
        )
        self.revision = w.Button(description="导出修订稿", icon="file-word-o", layout=w.Layout(width="auto"))
        self.revision.on_click(lambda _button: self.export_revision())
        self.revision_row = w.VBox([w.HBox([self.revision, self.author]), self.template])
        self.revision_row.layout.display = None if self.can_export_revision() else "none"
        self.checklist = ProblemReview(state, self._export_anyway)
        """Shown when the newer side has variables still to fill: 返回修改 / 仍然导出, as 导出 offers."""
        self.download = w.HTML()
        self.chosen = w.Dropdown(description="恢复", **choice)
        self.restore = w.Button(description="恢复此版本", icon="history", layout=w.Layout(width="auto"))
        self.restore.on_click(lambda _button: self.restore_version())
        self.differences = w.HTML()
        self.widget = w.VBox(
            [
                w.HTML("<b>版本</b>（把草稿现在的样子存下来，起个名字；以后可以比较、恢复。自动保存不会产生版本）"),
                w.HBox([self.name, self.save]),
                self.message,
                self.table,
                w.HTML("<b>比较两个版本</b>（或某个版本和当前草稿）"),
                w.HBox([self.old, self.new]),
                w.HBox([self.compare]),
                self.revision_row,
                self.checklist.widget,
                self.download,
                self.differences,
                w.HTML("<b>恢复</b>（恢复前，当前内容会先自动存为一个版本；恢复后也可以撤销）"),
                w.HBox([self.chosen, self.restore]),
            ]
        )
        self._shown_for = state.path
        state.subscribe(self._on_state)
        self.refresh()

    @staticmethod
    def can_export_revision() -> bool:
        """Whether the service can write a 修订稿 (Word tracked changes) from two speeches."""
        return callable(getattr(service, "export_revision", None))

    # -- the list -----------------------------------------------------------------------------------
    def _on_state(self, reason: str) -> None:
        if reason == "loaded" and self.state.path != self._shown_for:  # another draft
            self._shown_for = self.state.path
            self.message.value = self.differences.value = self.download.value = ""
            self.checklist.hide()
            self.refresh()
        elif reason in ("loaded", "refresh") and self.checklist.problems and self.checklist.places:
            self.checklist.show(unfilled_variables(self.state.speech))  # filled meanwhile: the list follows
            if not self.checklist.problems:
                self._say("变量都已填写，可以导出修订稿了。")

    def _draft(self):
        """The draft file, saved first so it exists; ``None`` (and a message) while there is none."""
        self.state.flush()
        path = self.state.path
        if path is None or not path.exists():
            self._say("草稿还没有保存成文件，保存后才能存版本。", error=True)
            return None
        return path

    def refresh(self) -> None:
        """Read the versions again and offer them in the choices."""
        path = self.state.path
        try:
            self.entries = service.versions(path) if path is not None and path.exists() else []
        except ToolkitError as error:
            self.entries = []
            self._say(_said(error), error=True)
        self.table.value = versions_table_html(self.entries)
        readable = [entry.version for entry in self.entries if not entry.problem]
        options = [(f"{v.number}　{v.name}（{v.saved_text}）", v.number) for v in reversed(readable)]
        self.old.options = options
        self.new.options = [("当前草稿", CURRENT)] + options
        self.chosen.options = options
        if options:
            self.old.value = options[0][1]
            self.chosen.value = options[0][1]
        self.new.value = CURRENT
        for control in (self.compare, self.restore, self.revision):
            control.disabled = not options

    def _say(self, text: str, *, error: bool = False) -> None:
        colour = "#b91c1c" if error else "#15803d"
        self.message.value = f'<span style="color:{colour}">{escape(text)}</span>'

    # -- saving ---------------------------------------------------------------------------------------
    def save_version(self, name: str | None = None):
        """Keep what the page shows as a version named *name* (else the name typed); returns it."""
        if name is not None:
            self.name.value = name
        path = self._draft()
        if path is None:
            return None
        try:
            version = service.save_version(path, self.name.value, speech=self.state.speech)
        except ToolkitError as error:
            self._say(_said(error), error=True)
            return None
        typed = self.name.value.strip()
        note = f"（已有“{typed}”，这次存为“{version.name}”）" if version.name != typed else ""
        self.refresh()
        self._say(f"已存为版本 {version.number}“{version.name}”{note}。")
        self.name.value = ""
        return version

    # -- comparing ---------------------------------------------------------------------------------------
    def _speech(self, choice):
        """The speech a compare choice stands for, and its name."""
        if choice == CURRENT:
            return self.state.speech, "当前草稿"
        version = service.find_version(self.state.path, int(choice))
        return service.version_speech(self.state.path, version.number), version.name

    def show_differences(self) -> list[ParagraphChange] | None:
        """Compare the two chosen sides and show the differences; returns them."""
        if self.old.value is None:
            return None
        try:
            old, old_name = self._speech(self.old.value)
            new, new_name = self._speech(self.new.value)
        except ToolkitError as error:
            self._say(_said(error), error=True)
            return None
        changes = compare_speeches(old, new)
        self.differences.value = changes_html(changes, old_name, new_name)
        return changes

    def export_revision(self, *, anyway: bool = False):
        """Write the 修订稿 (the newer side with Word's tracked changes against the older) beside
        the draft, and offer it for download; returns its path. A ``{{ 变量 }}`` the newer side
        still has no value for is listed first, as 导出 lists its problems, with 返回修改 and
        仍然导出 (*anyway*: written with the variable left as it is), and nothing is written."""
        if not self.can_export_revision() or self.old.value is None:
            return None
        path = self._draft()
        if path is None:
            return None
        try:
            old, old_name = self._speech(self.old.value)
            new, new_name = self._speech(self.new.value)
            unfilled = unfilled_variables(new)
            if unfilled and not anyway:
                self.message.value = self.download.value = ""
                self.checklist.show(unfilled, places=self.new.value == CURRENT)  # a version's text is not on the page
                return None
            self.checklist.hide()
            target = unused_path(path.with_name(f"{path.stem}（修订稿：{old_name}→{new_name}）.docx"))
            result = service.export_revision(
                old,
                new,
                target,
                author=self.author.value.strip() or None,
                template=self.template.value or None,
                options=service.ExportOptions(allow_placeholders=bool(unfilled)),
            )
        except ToolkitError as error:
            self._say(f"没有导出修订稿：{_said(error)}", error=True)
            return None
        written = result.path
        self._say(f"已导出修订稿：{written.name}（{result.summary}；在 Word 里打开可逐处接受或拒绝修订）。")
        if unfilled:
            self.message.value += left_in_html(unfilled)
        data = base64.b64encode(written.read_bytes()).decode("ascii")
        self.download.value = (
            f'<a download="{escape(written.name)}" href="data:{DOCX_TYPE};base64,{data}" '
            f'style="font-weight:bold">下载 {escape(written.name)}</a>'
        )
        return written

    def _export_anyway(self):
        """仍然导出 in the list before a 修订稿 (nothing when the list is already gone)."""
        return self.export_revision(anyway=True) if self.checklist.problems else None

    # -- restoring ---------------------------------------------------------------------------------------
    def restore_version(self, number: int | None = None):
        """Make the draft the chosen version (or version *number*) as one undoable edit; what
        the page showed is first kept as an automatic version. Returns the version restored."""
        if number is not None:
            self.chosen.value = number
        if self.chosen.value is None:
            return None
        path = self._draft()
        if path is None:
            return None
        try:
            version = service.find_version(path, int(self.chosen.value))
            speech = service.version_speech(path, version.number)
            kept = service.keep_before_restore(path, version, self.state.speech)
        except ToolkitError as error:
            self._say(f"没有恢复：{_said(error)}", error=True)
            return None
        self.state.replace(speech, what=f"恢复版本“{version.name}”")
        self.refresh()
        self.differences.value = self.download.value = ""  # they compared the draft as it was
        note = f"恢复前的内容已存为版本“{kept.name}”，" if kept else ""
        self._say(f"已恢复为版本 {version.number}“{version.name}”。{note}如要退回，请按“撤销”。")
        return version
