"""Jianggao (讲稿): draft leaders' speeches in JupyterLab and export them as official .docx.

The public API, importable by name (loaded on first use, so ``import toolkit`` is cheap)::

    from toolkit import Speech, Point, SubPoint, MeetingFacts   # the model
    from toolkit import import_speech, parse_speech_text         # .txt/.md/.docx/.doc… → Speech
    from toolkit import open_draft, save_draft                   # draft files (YAML)
    from toolkit import find_problems                            # what to fix before export
    from toolkit import speech_to_contract                       # the JSON contract
    from toolkit import character_count, speech_character_count, speaking_seconds

Errors the user can cause are :class:`toolkit.errors.ToolkitError` with a one-line
Chinese message.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Speech": "toolkit.model.speech",
    "Point": "toolkit.model.speech",
    "SubPoint": "toolkit.model.speech",
    "MeetingFacts": "toolkit.model.speech",
    "RemovedLine": "toolkit.model.speech",
    "MarkerStyle": "toolkit.model.numbering",
    "marker_style": "toolkit.model.numbering",
    "chinese_numeral": "toolkit.model.numbering",
    "COMMON_STYLES": "toolkit.model.numbering",
    "speech_blocks": "toolkit.model.layout",
    "speech_to_contract": "toolkit.model.contract",
    "character_count": "toolkit.model.text",
    "speech_character_count": "toolkit.model.text",
    "speaking_seconds": "toolkit.model.text",
    "format_duration": "toolkit.model.text",
    "import_speech": "toolkit.importers",
    "parse_speech_text": "toolkit.importers",
    "load_noise_rules": "toolkit.importers",
    "open_draft": "toolkit.drafts",
    "save_draft": "toolkit.drafts",
    "find_problems": "toolkit.checks",
    "Problem": "toolkit.checks",
    "ToolkitError": "toolkit.errors",
    "DraftConflictError": "toolkit.errors",
    "DraftDocument": "toolkit.draft_document",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'toolkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


def load_ipython_extension(ipython) -> None:
    """``%load_ext toolkit``: the ``%draft``, ``%%variables`` and ``%%section`` magics."""
    from toolkit.notebook.magics import register

    register(ipython)
