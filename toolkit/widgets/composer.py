"""The composer: the form staff use every day to write a speech, in JupyterLab or Voila.

``Composer(draft_path)`` (or ``Composer.with_example()``) builds it; display it, or call
:meth:`Composer.show`. Its parts each do one job and talk only through the shared
:class:`~toolkit.widgets.state.ComposerState`.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from toolkit import service
from toolkit.config import load_config
from toolkit.model.speech import Speech
from toolkit.templating.library import Library
from toolkit.widgets.draft_bar import DraftBar
from toolkit.widgets.export_panel import ExportPanel
from toolkit.widgets.facts import FactsForm
from toolkit.widgets.library_browser import LibraryBrowser
from toolkit.widgets.placeholders import PlaceholderPanel
from toolkit.widgets.preview import PreviewPane, ProblemsPane
from toolkit.widgets.state import AUTOSAVE_DELAY, REFRESH_DELAY, ComposerState
from toolkit.widgets.structure import StructureEditor
from toolkit.widgets.variables import VariablesForm
from toolkit.workspace import example_draft, new_draft_path

CSS = (
    "<style>.jianggao-composer .widget-label{min-width:5.5em}"
    ".jianggao-composer textarea{font-family:FangSong,仿宋,serif;font-size:14px}</style>"
)


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
        self.facts = FactsForm(self.state)
        self.variables = VariablesForm(self.state, self.library)
        self.placeholders = PlaceholderPanel(self.state)
        self.structure = StructureEditor(self.state)
        self.browser = LibraryBrowser(self.state, self.library)
        self.preview = PreviewPane(self.state, load_config().speaking_rate)
        self.problems = ProblemsPane(self.state)
        self.export = ExportPanel(self.state)
        tabs = w.Tab(
            children=[
                self.facts.widget,
                self.variables.widget,
                self.placeholders.widget,
                self.structure.widget,
                self.browser.widget,
                self.export.widget,
            ]
        )
        for index, title in enumerate(["会议信息", "变量", "占位符", "结构", "模板库", "导出"]):
            tabs.set_title(index, title)
        self.tabs = tabs
        left = w.VBox([tabs], layout=w.Layout(width="55%"))
        right = w.VBox(
            [self.export.action, self.preview.widget, self.problems.widget],
            layout=w.Layout(width="45%", padding="0 0 0 8px"),
        )
        self.widget = w.VBox(
            [w.HTML(CSS + "<h3 style='margin:0'>讲稿编辑器</h3>"), self.draft_bar.widget, w.HBox([left, right])]
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
