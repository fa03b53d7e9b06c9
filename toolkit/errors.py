"""Errors the toolkit raises on purpose.

Every error a staff member can cause (a bad file, a broken draft, an unknown template)
is a :class:`ToolkitError`. Its ``str()`` is one line of Simplified Chinese that names
where the problem is (file, line, field) and says what to do, so the command line and the
composer can show it unchanged. Anything else that escapes is a bug.

This module is a leaf: it imports nothing from the toolkit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable


class ToolkitError(Exception):
    """A problem the user can fix; ``str(error)`` is the one-line Chinese message.

    ``where`` names the file, line or field (``None`` when the message says it already);
    ``hint`` says what to do. Both are folded into the message.
    """

    exit_code = 2

    def __init__(self, message: str, *, where: str | Path | None = None, hint: str | None = None):
        self.problem = message
        self.where = str(where) if where is not None else None
        self.hint = hint
        super().__init__(self._compose())

    def _compose(self) -> str:
        text = self.problem
        if self.where:
            text = f"{self.where}：{text}"
        if self.hint:
            text = f"{text.rstrip('。')}。{self.hint}"
        return " ".join(text.split("\n"))


class InputFileError(ToolkitError):
    """A file given to the toolkit cannot be read as what it should be."""


class DraftFormatError(ToolkitError):
    """A draft file is not valid draft syntax or holds a value of the wrong kind."""


class NumberingError(ToolkitError):
    """A numbering style is unknown or cannot number that many points."""


class OutputExistsError(ToolkitError):
    """The output file exists and the user did not ask to overwrite it."""


class OutputError(ToolkitError):
    """The output cannot be written (missing or read-only folder, disk full…)."""


class TemplateError(ToolkitError):
    """A section template or a Word template is missing, unsafe or broken."""


class UnfilledVariableError(TemplateError):
    """A variable in the speech has no value and the user did not allow placeholders."""


class DraftConflictError(ToolkitError):
    """The draft file changed on disk since it was opened or last saved (another window, a
    colleague, a text editor): saving now would erase that change, so nothing was written."""


def succeeds(call: Callable[[], object], errors: list[ToolkitError]) -> bool:
    """Whether ``call()`` runs without a :class:`ToolkitError`; one it raises is added to
    *errors* instead (a file that can be left out is, and is named afterwards)."""
    try:
        call()
    except ToolkitError as error:
        errors.append(error)
        return False
    return True
