"""The 素材 tab: search the office's archive of past speeches as you type, read a hit in its
speech, and put the paragraph (or the whole point it belongs to) into the draft at a chosen
place, its source remembered in the draft (``Speech.sources``); below, the 查重 panel
(:mod:`toolkit.widgets.copycheck`)."""

from __future__ import annotations

import datetime as _dt
from html import escape

import ipywidgets as w

from toolkit import service
from toolkit.errors import ToolkitError
from toolkit.model.places import insert_material, material_inserted, material_places
from toolkit.model.speech import Source
from toolkit.widgets.copycheck import CopyCheckPanel
from toolkit.widgets.state import REFRESH_DELAY, ComposerState, Debouncer

ALL = "全部"
CONTEXT = 2
"""Paragraphs shown before and after a hit in the preview."""
SHOWN = 30
"""Hits listed at most."""
PART_CHOICES = [
    (ALL, ""),
    ("主旨句", "主旨句"),
    ("开头", "开头"),
    ("正文", "正文"),
    ("结尾", "结尾"),
    ("过渡句", "过渡句"),
]
EMPTY = "素材库里还没有讲稿。请让负责素材库的同事先把以往的讲稿收入素材库。"


def _when(date: _dt.date | None) -> str:
    return f"{date.year}年{date.month}月{date.day}日" if date else "日期不详"


def _marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    """*text* escaped, each ``(start, end)`` of *spans* in a highlight."""
    pieces, last = [], 0
    for start, end in spans:
        pieces += [escape(text[last:start]), f'<mark style="background:#fde68a">{escape(text[start:end])}</mark>']
        last = end
    return "".join(pieces) + escape(text[last:])


class MaterialBrowser:
    """Find paragraphs in the archive (素材库) and insert them into the draft."""

    def __init__(self, state: ComposerState, *, delay: float = REFRESH_DELAY, location: str | None = None):
        self.state = state
        self.location = location
        """The archive to search (``None``: the one the settings name, see :func:`toolkit.service.archive_location`)."""
        self._archive = None
        self._speeches: dict[int, object] = {}
        self.hits: list = []
        self.failed = False
        """Whether the last search could not run (the archive cannot be opened, or the search
        failed): the message says why, and the preview says nothing more."""
        parts, sources, _levels = service.archive_vocabulary()
        self.search = w.Text(
            placeholder="输入词语，如 党建　安全生产（几个词语用空格隔开）",
            description="查找",
            continuous_update=True,
            layout=w.Layout(width="98%"),
        )
        self.part = w.Dropdown(options=PART_CHOICES, description="部分", layout=w.Layout(width="48%"))
        self.source = w.Dropdown(
            options=[(ALL, "")] + [(s, s) for s in sources], description="来源", layout=w.Layout(width="48%")
        )
        self.results = w.Select(options=[], rows=8, layout=w.Layout(width="98%"))
        self.preview = w.HTML()
        self.scope = w.ToggleButtons(options=[("这一段", "paragraph"), ("整个要点", "point")], description="内容")
        self.position = w.Dropdown(description="放到", layout=w.Layout(width="60%"))
        self.insert = w.Button(description="插入", icon="plus", button_style="primary")
        self.message = w.HTML()
        self.copy_check = CopyCheckPanel(state, self.archive, lambda: self.message.value)
        self.widget = w.VBox(
            [
                self.search,
                w.HBox([self.part, self.source]),
                self.results,
                self.preview,
                self.scope,
                w.HBox([self.position, self.insert]),
                self.message,
                self.copy_check.widget,
            ]
        )
        self._debounce = Debouncer(delay, self.update_results)
        self.search.observe(lambda _c: self._debounce.trigger(), names="value")
        self.part.observe(lambda _c: self.update_results(), names="value")
        self.source.observe(lambda _c: self.update_results(), names="value")
        self.results.observe(lambda _c: self.show_selected(), names="value")
        self.scope.observe(lambda _c: self._update_positions(), names="value")
        self.insert.on_click(self._on_insert_click)
        state.subscribe(self._on_state)
        self.show_selected()

    def _on_state(self, reason: str) -> None:
        if reason in ("loaded", "structure"):
            self._update_positions()
        if reason == "loaded":
            self.message.value = ""

    # -- the archive ------------------------------------------------------------------------------
    def archive(self):
        """The archive, opened on first use; ``None`` (and the reason shown) when it cannot be."""
        if self._archive is None:
            try:
                self._archive = service.open_archive(self.location, create=False)
            except ToolkitError as error:
                reason = (
                    EMPTY
                    if "还没有建立" in error.problem
                    else f"素材库暂时打不开（{error.problem.split('（')[0]}），请告诉负责素材库的同事。"
                )
                self.message.value = f'<span style="color:#b45309">{escape(reason)}</span>'
                return None
        return self._archive

    def update_results(self) -> None:
        """Search for what is typed (called a moment after the typing stops)."""
        self.message.value = ""
        words = self.search.value.strip()
        self.hits = []
        self.failed = False
        if words:
            archive = self.archive()
            self.failed = archive is None
            if archive is not None:
                try:
                    self.hits = service.archive_search(
                        words,
                        part=self.part.value or None,
                        source=self.source.value or None,
                        limit=SHOWN,
                        archive=archive,
                    )
                except ToolkitError as error:
                    self.failed = True
                    self.message.value = f'<span style="color:#b91c1c">{escape(error.problem)}</span>'
        labels = []
        for index, hit in enumerate(self.hits):
            text = hit.marked()
            text = text if len(text) <= 48 else text[:47] + "…"
            labels.append((f"{text}（{hit.speech.title or '无标题'}，{_when(hit.speech.date)}）", index))
        self.results.options = labels
        self.results.value = 0 if labels else None
        self.show_selected()

    @property
    def selected(self):
        """The hit chosen in the list, or ``None``."""
        index = self.results.value
        return self.hits[index] if index is not None and index < len(self.hits) else None

    def _speech(self, hit):
        """The archived speech of *hit*, with its paragraphs (read once)."""
        if hit.speech.id not in self._speeches:
            self._speeches[hit.speech.id] = self._archive.speech(hit.speech.id) or hit.speech
        return self._speeches[hit.speech.id]

    def show_selected(self) -> None:
        """The chosen paragraph in its speech: the paragraphs around it, the words highlighted."""
        hit = self.selected
        self.scope.options = (
            [("这一段", "paragraph"), ("整个要点", "point")]
            if hit and hit.paragraph.point is not None
            else [("这一段", "paragraph")]
        )
        self._update_positions()
        if hit is None:
            if self.failed and self.search.value.strip():  # not searched: the message alone says why
                self.preview.value = ""
                return
            note = "没有找到含这些词语的段落。" if self.search.value.strip() else "输入词语，查找以往讲稿中的段落。"
            self.preview.value = f'<span style="color:#666">{note}</span>'
            return
        speech = self._speech(hit)
        paragraphs = speech.paragraphs or [hit.paragraph]
        here = next((n for n, p in enumerate(paragraphs) if p.id == hit.paragraph.id), 0)
        rows = []
        for paragraph in paragraphs[max(0, here - CONTEXT) : here + CONTEXT + 1]:
            chosen = paragraph.id == hit.paragraph.id
            text = _marked_html(paragraph.text, hit.spans) if chosen else escape(paragraph.text)
            style = "background:#fffbeb;border-left:3px solid #f59e0b;padding-left:4px" if chosen else "color:#555"
            rows.append(
                f'<p style="margin:2px 0;{style}"><span style="color:#888;font-size:85%">［{escape(paragraph.part)}］</span>{text}</p>'
            )
        facts = "，".join(item for item in (_when(hit.speech.date), hit.speech.source, hit.speech.speaker) if item)
        self.preview.value = (
            '<div style="border:1px solid #ddd;padding:6px;max-height:18em;overflow:auto">'
            f"<b>{escape(hit.speech.title or '无标题')}</b><br><span style='color:#666'>{escape(facts)}</span>"
            f"{''.join(rows)}</div>"
        )

    def _update_positions(self) -> None:
        options = material_places(self.state.speech, whole_point=self.scope.value == "point")
        self.position.options = options
        self.position.value = options[0][1]

    # -- inserting --------------------------------------------------------------------------------
    def _on_insert_click(self, _button) -> None:
        hit = self.selected
        if hit is None:
            self.message.value = '<span style="color:#b45309">请先在上面的列表中选一段。</span>'
            return
        try:
            self.insert_hit(hit, self.position.value, whole_point=self.scope.value == "point")
        except ToolkitError as error:
            self.message.value = f'<span style="color:#b91c1c">{escape(str(error))}</span>'

    def insert_hit(self, hit, place: str, *, whole_point: bool = False) -> list[str]:
        """Put *hit*'s paragraph (or its whole point) at *place* (see
        :func:`toolkit.model.places.material_places`); returns the keys of the fields written."""
        if whole_point and hit.paragraph.point is not None:
            paragraphs = [(p.part, p.text) for p in self._archive.point_paragraphs(hit.paragraph)]
        else:
            paragraphs = [(hit.paragraph.part, hit.paragraph.text)]
        speech = hit.speech
        origin = Source(
            title=speech.title,
            date=speech.date.isoformat() if speech.date else "",
            source=speech.source,
            speaker=speech.speaker,
        )
        keys = insert_material(self.state.speech, place, paragraphs, origin)
        said = material_inserted(self.state.speech, place, len(keys))
        self.state.redraw()
        self.state.changed(structure=True, what="插入素材")
        self.message.value = escape(f"{said}，来自“{speech.title or '无标题'}”。")
        return keys
