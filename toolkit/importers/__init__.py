"""Turning existing speeches (.txt, .md, .docx; .doc, .wps, .rtf, .odt through LibreOffice)
into a :class:`~toolkit.model.Speech`.

:func:`import_speech` reads a file; :func:`import_reviewed` reads it and says what its
revisions and comments were (a :class:`~toolkit.model.review.Review`);
:func:`parse_speech_text` reads text already in memory. All strip vendor noise by the rules
in :mod:`toolkit.importers.noise` and report every removed line in ``Speech.noise``.
"""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.importers.noise import NoiseRules, load_noise_rules
from toolkit.importers.review import FoundReview, review_of
from toolkit.importers.sources import markdown_paragraphs, read_source, text_paragraphs
from toolkit.importers.structure import build_speech
from toolkit.model.review import Review, RevisionMode
from toolkit.model.speech import Speech

__all__ = ["NoiseRules", "import_reviewed", "import_speech", "load_noise_rules", "parse_speech_text"]


def import_speech(
    path: str | os.PathLike, *, noise_rules: NoiseRules | None = None, revisions: RevisionMode = "accept"
) -> Speech:
    """The speech in the file *path* (.txt, .md, .docx, or .doc/.wps/.rtf/.odt/.dot/.wpt
    converted by LibreOffice), vendor noise removed, a Word file's tracked changes accepted
    (or with *revisions* ``"reject"`` rejected) and its comments in ``Speech.comments``.

    Raises :class:`toolkit.errors.InputFileError` with a one-line Chinese message when
    the file is missing, empty, binary, not what its extension says, encrypted, a macro
    file, a zip bomb or otherwise unreadable, or when LibreOffice cannot convert it in time
    (``toolkit.libreoffice.LibreOfficeMissing`` when LibreOffice is not installed).
    """
    return import_reviewed(path, noise_rules=noise_rules, revisions=revisions)[0]


def import_reviewed(
    path: str | os.PathLike, *, noise_rules: NoiseRules | None = None, revisions: RevisionMode = "accept"
) -> tuple[Speech, Review]:
    """Like :func:`import_speech`, and what the file's revisions and comments were: each
    revision (who, when, what, where) and each comment, for the person importing it."""
    found = FoundReview(mode=revisions)
    paragraphs, _kind = read_source(Path(path), revisions=revisions, review=found)
    speech = build_speech(paragraphs, noise_rules or load_noise_rules())
    return speech, review_of(speech, found)


def parse_speech_text(text: str, *, markdown: bool = False, noise_rules: NoiseRules | None = None) -> Speech:
    """The speech in *text* (plain text, or Markdown with ``markdown=True``)."""
    paragraphs = markdown_paragraphs(text) if markdown else text_paragraphs(text)
    return build_speech(paragraphs, noise_rules or load_noise_rules())
