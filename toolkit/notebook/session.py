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

from toolkit.draft_document import DraftDocument, DraftHolder
from toolkit.drafts import with_draft_extension
from toolkit.errors import DraftConflictError, TemplateError
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


class DraftSession(DraftHolder):
    """The current draft of a notebook: in memory, or a :class:`DraftDocument` once tied to a file."""

    def __init__(self, speech: Speech | None = None, path: Path | None = None):
        self.document: DraftDocument | None = DraftDocument(path, speech) if path else None
        self._speech = speech or Speech()
        self.values: dict[str, Any] = {}
        """Values as given (a list stays a list for ``{% for %}``); the draft keeps their text."""

    def use(self, path: str | os.PathLike) -> Speech:
        """Work on the draft file *path*: opened if it exists (the disk version), created
        (empty) otherwise. Edits this notebook made to the same draft and could not save
        (it changed on disk meanwhile) are first kept in a copy beside it."""
        path = with_draft_extension(path)
        previous = self.document
        if previous is not None and previous.path == path and previous.changed_on_disk():
            previous.keep_copy("笔记本中的修改")
        self.document = DraftDocument.open(path) if path.exists() else DraftDocument.create(path, Speech())
        return self.speech

    def overwrite(self) -> Path | None:
        """Save over a draft that changed on disk, after copying the disk version beside it;
        returns that copy (``None`` when there was nothing to copy)."""
        if self.document is None:
            return None
        kept = self.document.keep_disk_copy("被覆盖的版本")
        self.document.save(force=True)
        return kept

    def save(self) -> Path | None:
        """Save to the draft file, if there is one; returns its path.

        A draft changed on disk since it was opened raises
        :class:`~toolkit.errors.DraftConflictError` telling how to go on from a notebook."""
        if self.document is None:
            return None
        try:
            return self.document.save()
        except DraftConflictError as error:
            raise DraftConflictError(
                error.problem,
                where=error.where,
                hint=f"本笔记本的修改没有保存。重新运行“%draft {self.document.path.name}”载入磁盘上的版本"
                "（会先另存本笔记本的修改），或运行“%draft --overwrite”覆盖（会先另存磁盘上的版本）",
            ) from None

    def set_variables(self, values: dict[str, Any]) -> None:
        """Set draft variables (会议名称, 讲话人, 会议日期, 会议地点, 讲话时长 also fill the meeting facts)."""
        for name, value in values.items():
            self.values[str(name)] = value
            text = (
                "、".join(map(str, value))
                if isinstance(value, (list, tuple))
                else ("" if value is None else str(value))
            )
            self.speech.variables[str(name)] = text
            try:
                set_meeting_fact(
                    self.speech.meeting, str(name), value if not isinstance(value, (list, tuple)) else text
                )
            except ValueError as error:
                raise TemplateError(str(error), where=f"变量“{name}”") from None
        self.save()

    def apply(
        self, kind: str, source: str, *, name: str = "", mode: str = "replace", index: int | None = None
    ) -> AppliedSection:
        """Render the section *source* (Jinja2 text) with the draft's values and put it in the draft.

        The values are data: one holding ``{{``, ``{%`` or ``{#`` goes into the draft as
        literal text, so filling the draft at export prints it as typed."""
        from toolkit.templating.engine import render_keeping_unfilled, variables_of

        if kind not in CELL_KINDS:
            raise TemplateError(f"节的类型“{kind}”不认识", hint="可用：" + "、".join(CELL_KINDS))
        label = f"节“{name}”" if name else f"{KINDS.get(kind, '大纲')}节"
        values = {**speech_values(self.speech), **{k: v for k, v in self.values.items() if v not in (None, "")}}
        missing = sorted(variables_of(source, name=label) - set(values))
        text = render_keeping_unfilled(source, values, name=label, literal_values=True)
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
