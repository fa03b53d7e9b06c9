"""Turning existing speeches (.txt, .md, .docx; .doc, .wps, .rtf, .odt through LibreOffice)
into a :class:`~toolkit.model.Speech`.

:func:`import_speech` reads a file; :func:`parse_speech_text` reads text already in
memory. Both strip vendor noise by the rules in :mod:`toolkit.importers.noise` and report
every removed line in ``Speech.noise``.
"""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.importers.noise import NoiseRules, load_noise_rules
from toolkit.importers.sources import markdown_paragraphs, read_source, text_paragraphs
from toolkit.importers.structure import build_speech
from toolkit.model.speech import Speech

__all__ = ["NoiseRules", "import_speech", "load_noise_rules", "parse_speech_text"]


def import_speech(path: str | os.PathLike, *, noise_rules: NoiseRules | None = None) -> Speech:
    """The speech in the file *path* (.txt, .md, .docx, or .doc/.wps/.rtf/.odt/.dot/.wpt
    converted by LibreOffice), vendor noise removed.

    Raises :class:`toolkit.errors.InputFileError` with a one-line Chinese message when
    the file is missing, empty, binary, not what its extension says, encrypted, a macro
    file, a zip bomb or otherwise unreadable, or when LibreOffice cannot convert it in time
    (``toolkit.libreoffice.LibreOfficeMissing`` when LibreOffice is not installed).
    """
    paragraphs, _kind = read_source(Path(path))
    return build_speech(paragraphs, noise_rules or load_noise_rules())


def parse_speech_text(text: str, *, markdown: bool = False, noise_rules: NoiseRules | None = None) -> Speech:
    """The speech in *text* (plain text, or Markdown with ``markdown=True``)."""
    paragraphs = markdown_paragraphs(text) if markdown else text_paragraphs(text)
    return build_speech(paragraphs, noise_rules or load_noise_rules())
