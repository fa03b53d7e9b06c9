"""The composer: the form staff use every day to write a speech, in JupyterLab or Voila.

``Composer(draft_path)`` (or ``Composer.with_example()``) builds it; display it, or call
:meth:`Composer.show`. Its parts each do one job and talk only through the shared
:class:`~toolkit.widgets.state.ComposerState`.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from toolkit import service
from toolkit.model.speech import Speech
from toolkit.templating.library import Library
from toolkit.widgets.draft_bar import DraftBar
from toolkit.widgets.export_panel import ExportPanel
from toolkit.widgets.facts import FactsForm
from toolkit.widgets.history import HistoryBar
from toolkit.widgets.library_browser import LibraryBrowser
from toolkit.widgets.material import MaterialBrowser
from toolkit.widgets.page_editor import PageEditor
from toolkit.widgets.placeholders import PlaceholderPanel
from toolkit.widgets.preview import ProblemsPane
from toolkit.widgets.quirks import WidgetQuirks
from toolkit.widgets.returned import ReturnedPanel
from toolkit.widgets.state import AUTOSAVE_DELAY, REFRESH_DELAY, ComposerState
from toolkit.widgets.structure import StructureEditor
from toolkit.widgets.variables import VariablesForm
from toolkit.widgets.versions import VersionsPanel
from toolkit.workspace import example_draft, new_draft_path

CSS = (
    "<style>.jianggao-composer .widget-label{min-width:5.5em}"
    ".jianggao-composer textarea{font-family:FangSong,仿宋,serif;font-size:14px}"
    ".jianggao-composer .jupyter-button{min-width:fit-content}"
    ".jianggao-composer .lm-TabBar-tab{min-width:4.5em;flex:0 0 auto}"
    ".jianggao-composer .widget-tab .lm-TabBar-tab{padding:0 4px !important}"  # eight tabs in 40% of 1366 px
    ".jianggao-composer .jianggao-scroll{overflow-y:auto;overflow-x:hidden;min-height:0}"
    "</style>"
)
"""Labels and buttons are as wide as their words (none is cut to "…"); each column scrolls on its own."""
HEIGHT = "calc(100vh - 24px)"
"""The composer fills the window: the form, the page, the problems and 导出 are all in view,
and the left form and the page scroll on their own instead of the whole page."""


class Composer:
    """The whole composer for the draft at *draft* (a path, a Speech, or ``None`` for a new one)."""

    def __init__(
        self,
        draft: str | Path | Speech | None = None,
        *,
        library: Library | None = None,
        autosave_delay: float = AUTOSAVE_DELAY,
        refresh_delay: float = REFRESH_DELAY,
    ):
        if isinstance(draft, Speech):
            document = service.new_document(new_draft_path(), draft)
        elif draft is None:
            document = service.new_document(new_draft_path(), Speech(salutation="同志们："))
        else:
            path = service.draft_path(draft)
            document = (
                service.open_document(path)
                if path.exists()
                else service.new_document(path, Speech(salutation="同志们："))
            )
        path = document.path
        self.library = library or Library()
        self.state = ComposerState(document=document, autosave_delay=autosave_delay, refresh_delay=refresh_delay)
        self.draft_bar = DraftBar(self.state, self.library)
        self.history = HistoryBar(self.state)
        self.facts = FactsForm(self.state)
        self.variables = VariablesForm(self.state, self.library)
        self.placeholders = PlaceholderPanel(self.state)
        self.structure = StructureEditor(self.state)
        self.browser = LibraryBrowser(self.state, self.library)
        self.material = MaterialBrowser(self.state, delay=refresh_delay)
        self.page = PageEditor(self.state)
        self.problems = ProblemsPane(self.state)
        self.export = ExportPanel(self.state)
        self.versions = VersionsPanel(self.state)
        self.returned = ReturnedPanel(self.state, self.versions)  # the 版本 tab's last section
        tabs = w.Tab(
            children=[
                self.facts.widget,
                self.variables.widget,
                self.placeholders.widget,
                self.structure.widget,
                self.browser.widget,
                self.material.widget,
                self.export.widget,
                self.versions.widget,
            ]
        )
        titles = ["会议信息", "变量", "占位符", "结构", "模板库", "素材", "导出", "版本"]
        for index, title in enumerate(titles):
            tabs.set_title(index, title)
        self.tabs = tabs
        structure_tab = titles.index("结构")
        tabs.observe(lambda change: self.structure.show(change["new"] == structure_tab), names="selected_index")
        self.export.tabs = tabs  # a problem clicked in the export list shows its tab
        left = w.VBox([tabs], layout=w.Layout(width="40%", height="100%"))
        left.add_class("jianggao-scroll")
        self.export.action.layout.flex = "0 0 auto"
        self.export.action.layout.max_height = "40%"
        self.export.results.layout.flex = "0 1 auto"  # the pictures scroll; 导出 keeps its height
        self.export.results.add_class("jianggao-scroll")
        self.problems.widget.layout.flex = "0 0 auto"
        self.problems.widget.layout.max_height = "22%"
        self.problems.widget.add_class("jianggao-scroll")
        page = w.Box([self.page.widget], layout=w.Layout(flex="1 1 auto"))
        page.add_class("jianggao-scroll")
        right = w.VBox(
            [self.export.action, self.problems.widget, page],
            layout=w.Layout(width="60%", height="100%", padding="0 0 0 8px"),
        )
        """导出 and the problems at the top, always in view; the page below, where the writer
        types, scrolling on its own."""
        header = w.HBox(
            [w.HTML(CSS + "<h3 style='margin:0 1em 0 0'>讲稿编辑器</h3>"), self.history.widget, WidgetQuirks()],
            layout=w.Layout(align_items="center", flex="0 0 auto"),
        )
        self.draft_bar.widget.layout.flex = "0 0 auto"
        self.widget = w.VBox(
            [
                header,
                self.draft_bar.widget,
                w.HBox([left, right], layout=w.Layout(flex="1 1 auto", min_height="0", overflow="hidden")),
            ],
            layout=w.Layout(height=HEIGHT, min_height="520px"),
        )
        self.widget.add_class("jianggao-composer")
        if not path.exists():
            self.state.save()

    @classmethod
    def with_example(cls, **options) -> "Composer":
        """The composer on a working copy of the example draft (in the workspace)."""
        return cls(example_draft(), **options)

    @property
    def speech(self) -> Speech:
        return self.state.speech

    def show(self) -> None:
        """Display the composer in the notebook."""
        from IPython.display import display

        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def flush(self) -> None:
        """Save and redraw now, without waiting for the debounce."""
        self.state.flush()
