"""Exporting from the composer: choose the format (Word, PDF laid out the same, or the reading
copy 念稿版 the leader reads from), the Word template and a file name, get the file, a download link, and pictures of every page where
LibreOffice is installed. LibreOffice is kept running after its first use (see
:func:`toolkit.service.keep_office_warm`), so later PDFs and page pictures come quickly.

导出 never hands over an embarrassment unnoticed: open problems (an advert left in, an empty
point, a transition promising another number of points, a placeholder) are listed first,
each taking the writer to its place, with 返回修改 and 仍然导出.

Each draft has its own file: re-exporting updates the file this draft exported last time
(it carries the draft's mark, see :func:`toolkit.service.export_mark`, and nobody has
saved it since); any other file of that name is left alone and a free name is chosen. The
button is disabled while it works (a double click writes once), and the page pictures are
made in the background, so typing goes on meanwhile.
"""

from __future__ import annotations

import base64
import hashlib
import re
import tempfile
import threading
import time
from html import escape
from pathlib import Path
from typing import Callable

import ipywidgets as w

from toolkit import resources, service
from toolkit.config import load_config
from toolkit.errors import ToolkitError
from toolkit.widgets.places import place_of, tab_of
from toolkit.widgets.rows import show_rows
from toolkit.widgets.state import ComposerState
from toolkit.workspace import fitting_name, unused_path, workspace_folder

BUILTIN = "内置公文格式（GB/T 9704）"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TYPES = {"docx": DOCX_TYPE, "pdf": "application/pdf", "reading": DOCX_TYPE}
"""The download link's type for each format of ``service.FORMATS``."""
FORMAT_CHOICES = {
    "docx": "Word 文档",
    "pdf": "PDF（版式与 Word 文档相同，适合手机查看、存档）",
    "reading": "念稿版（大字、注音，供领导念稿）",
}
"""What the format choice says for each format."""
NO_LIBREOFFICE_PDF = "这台电脑没有安装 LibreOffice，无法导出 PDF。请让管理员安装 LibreOffice，或选择导出 Word 文档"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\n{}]')
EXPORT_LABEL = "导出"
PAGE_DPI = 100
"""Page pictures: A4 at this resolution is 827 × 1169 pixels, shown full-size on click."""
THUMBNAIL_WIDTH = 300
MAX_PAGES = 40
"""More pages than this are not pictured (the .docx is complete either way)."""
DOUBLE_CLICK = 0.6
"""A second click on 导出 this soon (seconds) after an export finished is part of a double click."""
PAGES_CSS = (
    "<style>.jianggao-pages details{display:inline-block;vertical-align:top;margin:4px}"
    ".jianggao-pages summary{list-style:none;cursor:zoom-in;display:block}"
    ".jianggao-pages summary::-webkit-details-marker{display:none}"
    f".jianggao-pages img{{width:{THUMBNAIL_WIDTH}px;border:1px solid #ccc;display:block;background:#fff}}"
    ".jianggao-pages details[open] summary{position:fixed;top:0;left:0;right:0;bottom:0;z-index:10000;"
    "background:rgba(0,0,0,.65);overflow:auto;padding:16px;text-align:center;cursor:zoom-out}"
    ".jianggao-pages details[open] img{width:auto;max-width:none;display:inline-block}</style>"
)
"""Thumbnails in a row; a click opens the page full-size over the composer, another closes it."""


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


def default_file_name(title: str | None, suffix: str = ".docx", tag: str = "") -> str:
    """``在……上的讲话.docx`` (or *suffix*) from the title's first line, ``讲话稿.docx`` without
    one; *tag* follows the name (``在……上的讲话（念稿版）.docx``)."""
    first = (title or "").split("\n")[0].strip()
    name = _UNSAFE.sub("", first)[:60] or "讲话稿"
    return f"{name}{tag}{suffix}"


def with_suffix(name: str, suffix: str) -> str:
    """*name* ending in *suffix*: another format's suffix it ends in is replaced, none is added."""
    for other in service.FORMATS.values():
        if name.lower().endswith(other.suffix):
            name = name[: -len(other.suffix)]
            break
    return f"{name}{suffix}"


def draft_mark(path: Path | None) -> str | None:
    """The mark this draft's exports carry (from its file's full path); ``None`` without a file."""
    if path is None:
        return None
    digest = hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:32]
    return f"jianggao-draft-{digest}"


def pages_html(docx: Path, dpi: int = PAGE_DPI) -> str:
    """Every page of *docx* as a picture, each opening full-size on a click (and closing on
    another): plain HTML, so it works the same in JupyterLab and Voila."""
    with tempfile.TemporaryDirectory(prefix="jianggao-pages-") as folder:
        pages = service.page_images(docx, folder, first=1, last=MAX_PAGES + 1, dpi=dpi)
        images = [base64.b64encode(page.read_bytes()).decode("ascii") for page in pages[:MAX_PAGES]]
    more = f"，只显示前 {MAX_PAGES} 页" if len(pages) > MAX_PAGES else ""
    items = "".join(
        f'<details><summary title="第{n}页：点击看大图，再点一下关闭">'
        f'<img alt="第{n}页" src="data:image/png;base64,{image}"></summary></details>'
        for n, image in enumerate(images, 1)
    )
    count = f"共 {len(images)} 页" if not more else f"超过 {MAX_PAGES} 页{more}"
    return (
        f'{PAGES_CSS}<div class="jianggao-pages"><div style="color:#555">页面图：{count}（点击页面看大图，再点一下关闭）</div>'
        f"{items}</div>"
    )


def _plain(error: ToolkitError) -> str:
    """The error in words for the composer: a hint naming command-line options is left out."""
    if error.hint and "--" in error.hint:
        return f"{error.where}：{error.problem}" if error.where else error.problem
    return str(error)


def left_in_html(problems: list) -> str:
    """Under 已导出 after 仍然导出: the problems the file still has, each with its place."""
    items = "".join(f"<li><b>{escape(p.where)}</b>：{escape(p.message)}</li>" for p in problems)
    return (
        f'<div style="color:#b45309">文件中仍有 {len(problems)} 个问题（按“仍然导出”导出）：</div>'
        f'<ul style="margin:0;padding-left:1.2em">{items}</ul>'
    )


def _readings_html(notes: list) -> str:
    """The words and characters the reading copy put pinyin over, for the writer to confirm."""
    if not notes:
        return '<div style="color:#555">念稿版中没有要加注拼音的字词。</div>'
    items = "".join(
        f"<li>{escape(note.word)}　<b>{escape(note.reading or '找不到读音')}</b>　"
        f'<span style="color:#777">{escape(note.source)}；{escape("、".join(note.places))}</span></li>'
        for note in notes
    )
    return (
        '<div style="color:#555">加注拼音的字词（请核对读音；读音不对或要补注的，可写进单位注音表或草稿的注音，见使用说明）：</div>'
        f'<ul style="margin:0;padding-left:1.2em">{items}</ul>'
    )


def blocking_problems(speech) -> list:
    """What 导出 lists before writing: the checks' problems, not their hints (an office file
    the checks left out is a hint, so it never stops an export)."""
    return [p for p in service.check(speech, note_broken_files=True) if p.severity == "problem"]


class ProblemReview:
    """The problems to look at before a file goes out, for 导出 and 导出修订稿 alike: one row a
    problem (a button naming its place, which takes the writer there, and what is wrong),
    then 返回修改 (the list closes, the writer is taken to the first problem) and 仍然导出
    (*anyway* is called: the file is written all the same)."""

    def __init__(self, state: ComposerState, anyway: Callable[[], object]):
        self.state = state
        self.title = w.HTML()
        self.list = w.VBox()
        """One row a problem."""
        self.back = w.Button(description="返回修改", icon="pencil", layout=w.Layout(width="auto"))
        self.anyway = w.Button(description="仍然导出", button_style="warning", layout=w.Layout(width="auto"))
        self.widget = w.VBox(
            [self.title, self.list, w.HBox([self.back, self.anyway])],
            layout=w.Layout(display="none", border="1px solid #f59e0b", padding="4px", margin="4px 0"),
        )
        self.problems: list = []
        """The problems listed (empty when the list is closed)."""
        self.places = True
        """Whether the rows take the writer to the places (not when the file is made of a
        saved version, whose text the page does not show)."""
        self.back.on_click(lambda _button: self.go_back())
        self.anyway.on_click(lambda _button: anyway())

    def show(self, problems: list, *, places: bool = True) -> None:
        """List *problems* (closed when there are none); *places*: rows are buttons to their places."""
        if not problems:
            self.hide()
            return
        self.problems, self.places = problems, places
        self.title.value = (
            f'<b style="color:#b45309">导出前请先看一看：还有 {len(problems)} 个问题</b>'
            f"<br>{'点击位置可以直接去修改；' if places else ''}确认无误也可以“仍然导出”。"
        )
        show_rows(self.list, [self._row(problem) for problem in problems])
        self.widget.layout.display = "flex"

    def hide(self) -> None:
        self.problems = []
        self.widget.layout.display = "none"
        show_rows(self.list, [])

    def go_back(self) -> None:
        """返回修改: close the list and take the writer to the first problem."""
        first = self.problems[0] if self.problems and self.places else None
        self.hide()
        if first is not None:
            self.reveal(first)

    def reveal(self, problem) -> None:
        """Take the writer to *problem*'s place (its tab, and the box where the part allows)."""
        self.state.reveal(place_of(problem))

    def _row(self, problem) -> w.Widget:
        text = w.HTML(f'<span style="color:#b91c1c">{escape(problem.message)}</span>', layout=w.Layout(flex="1"))
        if not self.places:
            return w.HBox([w.HTML(f"<b>{escape(problem.where)}</b>："), text], layout=w.Layout(align_items="center"))
        go = w.Button(
            description=problem.where, icon="arrow-right", tooltip="转到这里修改", layout=w.Layout(width="auto")
        )
        go.on_click(lambda _button: self.reveal(problem))
        return w.HBox([go, text], layout=w.Layout(align_items="center"))


class ExportPanel:
    """The 导出 button, its options, the problems to look at first, and what it produced."""

    def __init__(self, state: ComposerState):
        self.state = state
        self.format = w.Dropdown(
            description="格式",
            options=[(FORMAT_CHOICES.get(name, f.label), name) for name, f in service.FORMATS.items()],
            value="docx",
            style={"description_width": "6em"},
            layout=w.Layout(width="90%"),
        )
        """Word, PDF or the reading copy (念稿版) the leader reads aloud from: the formats of the
        service's table."""
        self.template = w.Dropdown(
            description="Word 模板", style={"description_width": "6em"}, layout=w.Layout(width="90%")
        )
        self.file_name = w.Text(description="文件名", style={"description_width": "6em"}, layout=w.Layout(width="90%"))
        self.reading_size = w.Dropdown(
            description="字号",
            options=list(service.reading_sizes()),
            style={"description_width": "6em"},
            layout=w.Layout(width="14em"),
        )
        self.point_per_page = w.Checkbox(description="每一点从新的一页开始", indent=False)
        self.reading_note = w.HTML(
            '<span style="color:#555">念稿版按大字格式排版，不使用 Word 模板；'
            "导出后列出加注拼音的字词，请核对读音。</span>"
        )
        self.reading_options = w.VBox(
            [self.reading_size, self.point_per_page, self.reading_note], layout=w.Layout(display="none")
        )
        self.centred = w.Checkbox(description="页码居中（默认单页居右、双页居左）", indent=False)
        self.bold_lead = w.Checkbox(description="主旨句用仿宋加粗（默认黑体）", indent=False)
        self.official_options = w.VBox([self.centred, self.bold_lead])
        self.export = w.Button(description=EXPORT_LABEL, icon="file-word-o", button_style="success")
        self.export.add_class("jianggao-export")
        self.checklist = ProblemReview(state, lambda: self.export_anyway())
        """Shown when 导出 finds problems: what to look at before the file goes out."""
        self.review, self.review_title, self.review_list = (
            self.checklist.widget,
            self.checklist.title,
            self.checklist.list,
        )
        self.back, self.anyway = self.checklist.back, self.checklist.anyway
        self.message = w.HTML()
        self.download = w.HTML()
        self.thumbnails = w.HTML()
        self.last_path: Path | None = None
        self.tabs: w.Tab | None = None
        """The composer's tabs, so a problem clicked here can show its tab (set by the composer)."""
        self.busy = False
        self._finished_at = 0.0
        self._generation = 0
        """Bumped when the draft changes, so page pictures of the old one are not shown."""
        self._pages_done = threading.Event()
        self._pages_done.set()
        self._shown_for = self._draft()
        """The draft the export result belongs to (see :meth:`_draft`)."""
        self._default_name = ""
        """The file name last suggested; replaced when the title changes, unless the user typed one."""
        self.widget = w.VBox(
            [
                w.HTML("<b>导出 Word 文档、PDF 或念稿版</b>（按下右上方的“导出”按钮）"),
                self.format,
                self.template,
                self.file_name,
                self.official_options,
                self.reading_options,
            ]
        )
        """The options, shown in the 导出 tab."""
        self.export.layout.flex = "0 0 auto"
        self.results = w.VBox([self.review, self.message, self.download, self.thumbnails])
        """What 导出 produced (the problems first, the message, the link, the page pictures):
        where they are taller than the room, they scroll below the button, never squeeze it."""
        self.action = w.VBox([self.export, self.results])
        """The button and what it produced, always in view."""
        self.export.on_click(self._on_export_click)
        self.format.observe(self._on_format, names="value")
        state.subscribe(self._on_state)
        self.refresh()

    # -- the draft changed ------------------------------------------------------------------------
    def _draft(self) -> tuple:
        """Which draft is open: its document and file. 撤销 / 重做 and a redraw keep both (the
        same draft, shown afresh); opening, starting or importing another draft changes them."""
        return (self.state.document, self.state.path)

    def _on_state(self, reason: str) -> None:
        if reason == "loaded" and self._draft() != self._shown_for:
            self.clear()  # another draft: its export result would be the wrong speech's
            self.refresh()
        elif reason in ("loaded", "refresh"):  # the same draft changed (typing, 撤销): the result stays
            if self.file_name.value == self._default_name:
                self._default_name = self.file_name.value = self.suggested_name()
            if self.problems:
                self._show_review(blocking_problems(self.state.speech))  # fixed meanwhile: the list follows
        elif reason == "show-tab":
            self._show_tab(tab_of(self.state.revealed or ""))

    def refresh(self) -> None:
        self.template.options = [(BUILTIN, "")] + [(path.stem, str(path)) for path in house_templates()]
        self.template.value = ""
        self._default_name = self.file_name.value = self.suggested_name()

    def clear(self) -> None:
        """Forget what was exported (another draft is open now)."""
        self._generation += 1
        self._shown_for = self._draft()
        self.last_path = None
        self.message.value = self.download.value = self.thumbnails.value = ""
        self._hide_review()

    def suggested_name(self) -> str:
        """The file name from the title as it will print (variables filled, never braces),
        with the chosen format's tag (``（念稿版）``) and suffix."""
        tag = service.output_format(self.format.value).tag
        try:
            return default_file_name(service.filled_title(self.state.speech), self.suffix, tag)
        except ToolkitError:
            return default_file_name(self.state.speech.title, self.suffix, tag)

    @property
    def suffix(self) -> str:
        """The chosen format's file suffix (``.docx``, ``.pdf``)."""
        return service.FORMATS[self.format.value].suffix

    def _on_format(self, _change=None) -> None:
        """Another format: 念稿版 shows its own options and hides the official copy's (a
        template has no say in it); the file name takes the format's suffix (a name the
        writer typed keeps its words)."""
        reading = self.format.value == "reading"
        self.reading_options.layout.display = "flex" if reading else "none"
        self.official_options.layout.display = "none" if reading else "flex"
        self.template.disabled = reading
        typed = self.file_name.value != self._default_name
        self._default_name = self.suggested_name()
        self.file_name.value = with_suffix(self.file_name.value, self.suffix) if typed else self._default_name

    def target_folder(self) -> Path:
        """Exports go beside the draft (or into the workspace when there is no draft file)."""
        return self.state.path.parent if self.state.path else workspace_folder()

    # -- the buttons --------------------------------------------------------------------------------
    def _on_export_click(self, _button) -> None:
        if self.busy or time.monotonic() - self._finished_at < DOUBLE_CLICK:
            return  # the second click of a double click, or one while the first still works
        self.run_export()

    def export_anyway(self) -> Path | None:
        """仍然导出: export with the problems listed (placeholders stay as they are)."""
        if not self.problems:
            return None  # nothing is waiting (a second click on a button already gone)
        return self.run_export(anyway=True)

    @property
    def problems(self) -> list:
        """The problems listed before exporting (empty when the list is closed)."""
        return self.checklist.problems

    def go_back(self) -> None:
        """返回修改: close the list and take the writer to the first problem."""
        self.checklist.go_back()

    def reveal(self, problem) -> None:
        """Take the writer to *problem*'s place (its tab, and the box where the part allows)."""
        self.checklist.reveal(problem)

    def _show_tab(self, title: str) -> None:
        if self.tabs is None:
            return
        titles = [self.tabs.get_title(i) for i in range(len(self.tabs.children))]
        if title in titles:
            self.tabs.selected_index = titles.index(title)

    # -- exporting ---------------------------------------------------------------------------------
    def run_export(self, *, anyway: bool = False) -> Path | None:
        """导出: with open problems (unless *anyway*) they are listed first and nothing is
        written; otherwise the .docx is written and its path returned (``None`` when it
        could not be: the message says why). Ignored while an export is still working."""
        if self.busy:
            return None
        self._set_busy("正在导出…")
        pictures = False
        try:
            self.state.flush()
            problems = blocking_problems(self.state.speech)
            if problems and not anyway:
                self._show_review(problems)
                return None
            self._hide_review()
            path = self._write(problems)
            if path is not None:
                pictures = self._start_pages(path)
            return path
        finally:
            if not pictures:
                self._idle()

    def _show_review(self, problems: list) -> None:
        self.checklist.show(problems)
        self.message.value = "" if problems else '<span style="color:#15803d">问题都已处理，可以导出了。</span>'

    def _hide_review(self) -> None:
        self.checklist.hide()

    def _target(self, wanted: Path, mark: str | None) -> tuple[Path, bool]:
        """Where to write: the file of that name (or its numbered sibling) this draft exported
        and nobody saved since, to update it; else a free name. ``(path, overwrite)``."""
        wanted = fitting_name(wanted)
        candidate, number = wanted, 2
        while mark is not None and candidate.exists() and number < 1000:
            if service.export_mark(candidate) == mark:
                return candidate, True
            candidate = wanted.with_name(f"{wanted.stem}（{number}）{wanted.suffix}")
            number += 1
        return unused_path(wanted), False

    def _write(self, problems: list) -> Path | None:
        self.download.value = self.thumbnails.value = ""
        chosen = self.format.value
        if chosen == "pdf" and not service.can_render_pages():
            self.message.value = f'<span style="color:#b91c1c">没有导出：{escape(NO_LIBREOFFICE_PDF)}</span>'
            return None
        name = _UNSAFE.sub("", self.file_name.value.strip()) or self.suggested_name()
        name = with_suffix(name, self.suffix)
        wanted = self.target_folder() / name
        mark = draft_mark(self.state.path)
        target, own = self._target(wanted, mark)
        reading = chosen == "reading"
        options = service.ExportOptions(
            page_numbers="centered" if self.centred.value and not reading else None,
            lead_font="bold" if self.bold_lead.value and not reading else None,
            allow_placeholders=bool(problems),
            identifier=mark,
            reading_size=self.reading_size.value if reading else None,
            point_per_page=reading and self.point_per_page.value,
        )
        if chosen == "pdf":
            service.keep_office_warm()  # the composer lives long: LibreOffice stays ready for the next one
            self._set_busy("正在生成 PDF…")
        try:
            result = service.export(
                self.state.speech,
                target,
                format=chosen,
                template=None if reading else self.template.value or None,
                options=options,
                overwrite=own,
            )
        except ToolkitError as error:
            self.message.value = f'<span style="color:#b91c1c">没有导出：{escape(_plain(error))}</span>'
            return None
        self.last_path = result.path
        if own:
            how = "（更新了这份草稿上次导出的文件）"
        elif fitting_name(wanted) != target:
            how = f"（已有同名文件，没有改动它，这次存为“{escape(target.name)}”）"
        else:
            how = ""
        notes = [n for n in result.warnings if not (problems and "占位符" in n)]
        html = f'<span style="color:#15803d">已导出：{escape(str(result.path))}</span>{how}'
        html += "".join(f'<br><span style="color:#b45309">提示：{escape(n)}</span>' for n in notes)
        if result.styles:
            items = "".join(f"<li>{escape(line)}</li>" for line in result.styles)
            html += (
                f'<div style="color:#555">{service.STYLES_HEADING}：</div>'
                f'<ul style="margin:0;padding-left:1.2em;color:#555">{items}</ul>'
            )
        if reading:
            html += _readings_html(service.reading_notes(self.state.speech))
        if problems:
            html += left_in_html(problems)
        self.message.value = html
        data = base64.b64encode(result.path.read_bytes()).decode("ascii")
        self.download.value = (
            f'<a download="{escape(result.path.name)}" href="data:{MEDIA_TYPES[chosen]};base64,{data}" '
            f'style="font-weight:bold">下载 {escape(result.path.name)}</a>'
        )
        return result.path

    # -- the button while it works, and the page pictures ---------------------------------------
    def _set_busy(self, label: str) -> None:
        self.busy = True
        self.export.disabled = True
        self.export.description = label

    def _idle(self, *, exported: bool = True) -> None:
        """导出 can be clicked again. After an export (*exported*) a click within
        :data:`DOUBLE_CLICK` is the second of a double click and ignored; after the page
        pictures, which end whenever LibreOffice is done, the next click is the writer's own."""
        self.busy = False
        if exported:
            self._finished_at = time.monotonic()
        self.export.description = EXPORT_LABEL
        self.export.disabled = False

    def _start_pages(self, docx: Path) -> bool:
        """Make the page pictures in the background; returns whether that was started."""
        if not service.can_render_pages():
            self.thumbnails.value = (
                '<span style="color:#666">（本机没有安装 LibreOffice，无法显示页面图；Word 文档不受影响。）</span>'
            )
            return False
        service.keep_office_warm()  # the composer lives long: LibreOffice stays ready for the next pictures
        self._set_busy("正在生成页面图…")
        self.thumbnails.value = '<span style="color:#666">正在生成页面图…（可以继续编辑）</span>'
        generation = self._generation
        self._pages_done.clear()

        def work() -> None:
            try:
                html = pages_html(docx)
            except ToolkitError as error:
                html = f'<span style="color:#666">（页面图没有生成：{escape(_plain(error))}）</span>'
            except Exception as error:  # noqa: BLE001 - a picture failing must never lock the button
                html = f'<span style="color:#666">（页面图没有生成：{escape(str(error) or "原因不明")}）</span>'
            try:
                if generation == self._generation:
                    self.thumbnails.value = html
            finally:
                self._idle(exported=False)
                self._pages_done.set()

        threading.Thread(target=work, name="jianggao-page-pictures", daemon=True).start()
        return True

    def wait_for_pages(self, timeout: float = 120) -> bool:
        """Wait until the page pictures are shown (tests); returns whether they were in time."""
        return self._pages_done.wait(timeout)
