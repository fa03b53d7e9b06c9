"""The draft that template cells write into.

A notebook has one current draft: in memory until ``%draft 文件.yaml`` (or
:meth:`DraftSession.use`) ties it to a file, after which every change is saved atomically.
Cells talk to it only through the Speech model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.drafts import open_draft, save_draft, with_draft_extension
from toolkit.errors import TemplateError
from toolkit.model.speech import Speech
from toolkit.model.variables import set_meeting_fact, speech_values
from toolkit.templating.library import KINDS
from toolkit.templating.sections import apply_section, parse_outline, section_content

CELL_KINDS = ("skeleton", "outline", "opening", "transition", "point", "closing")
"""``outline`` (like ``skeleton``) holds ``# 标题`` / ``# 开头``… parts and replaces the parts it names."""


@dataclass
class AppliedSection:
    """What a section cell did: the kind, the name, the rendered text and the speech after it."""

    kind: str
    name: str
    text: str
    speech: Speech
    missing: list[str]
    """Variables the section uses that have no value yet (left as ``{{ 名称 }}``)."""


class DraftSession:
    """The current draft of a notebook."""

    def __init__(self, speech: Speech | None = None, path: Path | None = None):
        self.speech = speech or Speech()
        self.path = path
        self.values: dict[str, Any] = {}
        """Values as given (a list stays a list for ``{% for %}``); the draft keeps their text."""

    def use(self, path: str | os.PathLike) -> Speech:
        """Work on the draft file *path*: opened if it exists, created (empty) otherwise."""
        path = with_draft_extension(path)
        if path.exists():
            self.speech = open_draft(path)
        else:
            self.speech = Speech()
            save_draft(self.speech, path, overwrite=False)
        self.path = path
        return self.speech

    def save(self) -> Path | None:
        """Save to the draft file, if there is one; returns its path."""
        if self.path is not None:
            save_draft(self.speech, self.path)
        return self.path

    def set_variables(self, values: dict[str, Any]) -> None:
        """Set draft variables (会议名称, 讲话人, 会议日期, 会议地点 also fill the meeting facts)."""
        for name, value in values.items():
            self.values[str(name)] = value
            text = "、".join(map(str, value)) if isinstance(value, (list, tuple)) else ("" if value is None else str(value))
            self.speech.variables[str(name)] = text
            try:
                set_meeting_fact(self.speech.meeting, str(name), value if not isinstance(value, (list, tuple)) else text)
            except ValueError:
                raise TemplateError(f"会议日期“{text}”格式不对", hint="请写成 2026-09-28") from None
        self.save()

    def apply(self, kind: str, source: str, *, name: str = "", mode: str = "replace", index: int | None = None) -> AppliedSection:
        """Render the section *source* (Jinja2 text) with the draft's values and put it in the draft."""
        from toolkit.templating.engine import render_keeping_unfilled, variables_of

        if kind not in CELL_KINDS:
            raise TemplateError(f"节的类型“{kind}”不认识", hint="可用：" + "、".join(CELL_KINDS))
        label = f"节“{name}”" if name else f"{KINDS.get(kind, '大纲')}节"
        values = {**speech_values(self.speech), **{k: v for k, v in self.values.items() if v not in (None, "")}}
        missing = sorted(variables_of(source, name=label) - set(values))
        text = render_keeping_unfilled(source, values, name=label)
        if kind in ("skeleton", "outline"):
            self._apply_outline(parse_outline(text, where=label))
        else:
            apply_section(self.speech, section_content(kind, text, name=name), name=name, mode=mode, index=index)
        self.save()
        return AppliedSection(kind, name, text, self.speech, missing)

    def _apply_outline(self, outline: Speech) -> None:
        """Replace the parts *outline* has; keep the rest of the draft."""
        speech = self.speech
        for attribute in ("title", "byline", "salutation", "transition"):
            value = getattr(outline, attribute)
            if value is not None:
                setattr(speech, attribute, value)
        if outline.transition is not None:
            speech.transition_run_in = outline.transition_run_in
        if outline.opening:
            speech.opening = outline.opening
        if outline.closing:
            speech.closing = outline.closing
        if outline.points:
            speech.points = outline.points
            speech.numbering = outline.numbering
            speech.subnumbering = outline.subnumbering


_SESSION = DraftSession()


def current_session() -> DraftSession:
    """The notebook's current draft session."""
    return _SESSION

