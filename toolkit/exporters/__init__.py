"""Speech → .docx through a Word template, and pictures of its pages.

    export_docx(speech, "讲话稿.docx")                         # the built-in official layout
    export_docx(speech, "讲话稿.docx", template="office.docx")  # an office's house template
    preview_pages("讲话稿.docx", "pages/")                      # PNG images (needs LibreOffice)

The exporter receives a finished :class:`~toolkit.model.Speech`: fill ``{{ 变量 }}`` first
with :func:`toolkit.templating.fill_speech`; a placeholder left over stops the export
unless ``ExportOptions(allow_placeholders=True)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.atomic import check_writable, write_atomic

if TYPE_CHECKING:
    from toolkit.exporters.docx_writer import ExportOptions

__all__ = [
    "DEFAULT_STYLE_NAMES",
    "ExportOptions",
    "ExportResult",
    "LibreOfficeMissing",
    "export_docx",
    "load_style_names",
    "preview_pages",
    "render_pdf",
]


def __getattr__(name: str):
    """The Word writer's names load it (and lxml) only when asked for, so the composer's
    page and preview, which live in this package too, start without it; ``preview_pages``,
    ``render_pdf`` and ``LibreOfficeMissing`` likewise load the LibreOffice helpers
    (subprocess and friends are not needed to write a .docx)."""
    if name in ("DEFAULT_STYLE_NAMES", "ExportOptions", "load_style_names", "render_docx"):
        from toolkit.exporters import docx_writer

        return getattr(docx_writer, name)
    if name in ("LibreOfficeMissing", "preview_pages", "render_pdf"):
        from toolkit.exporters import preview

        return getattr(preview, name)
    raise AttributeError(f"module 'toolkit.exporters' has no attribute {name!r}")


@dataclass
class ExportResult:
    """What an export wrote: the .docx path and the warnings (Chinese) to show the user."""

    path: Path
    warnings: list[str]


def export_docx(
    speech,
    path: str | os.PathLike,
    template: str | os.PathLike | None = None,
    *,
    options: ExportOptions | None = None,
    overwrite: bool = False,
) -> ExportResult:
    """Write *speech* to the .docx file *path* through *template* (built-in when ``None``).

    The file is written atomically; an existing file is replaced only with ``overwrite``.
    Raises :class:`toolkit.errors.ToolkitError` subclasses with one-line Chinese messages.
    """
    from toolkit.exporters.docx_writer import render_docx

    path = Path(path)
    check_writable(path, overwrite=overwrite)
    rendered = render_docx(speech, Path(template) if template else None, options)
    write_atomic(path, rendered.data, overwrite=overwrite)
    return ExportResult(path, rendered.warnings)
