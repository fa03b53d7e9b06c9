"""A draft being edited: the speech, its file, and what the file held when it was read.

Two composers on one draft (two browser tabs, two colleagues on a shared folder) or a text
editor beside the composer must never erase each other's edits silently. A
:class:`DraftDocument` remembers the bytes it loaded (or last saved); :meth:`save` refuses
with :class:`~toolkit.errors.DraftConflictError` when the file on disk no longer holds
them, and the caller decides: :meth:`reload` (take the disk version), :meth:`save_as`
(keep both), or ``save(force=True)`` (overwrite). :meth:`keep_copy` and
:meth:`keep_disk_copy` write the side that would be dropped to a file beside the draft
first, so nothing is lost whichever is chosen.

Saving keeps what a writer added by hand: comments in the YAML survive (the new values are
merged into the file's own YAML tree with ruamel.yaml), and a draft that is a symbolic link
is written through to its target.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from pathlib import Path
from typing import Any, Callable

from toolkit.atomic import write_atomic
from toolkit.drafts import (
    DRAFT_HEADER,
    MAX_DRAFT_BYTES,
    encode_draft,
    read_draft_text,
    speech_from_yaml,
    speech_to_document,
    speech_to_yaml,
    with_draft_extension,
    write_target,
)
from toolkit.errors import DraftConflictError, ToolkitError
from toolkit.files import read_regular_file
from toolkit.model.invisible import removals
from toolkit.model.speech import RemovedLine, Speech
from toolkit.workspace import unused_path

CONFLICT_HINT = "为免覆盖别处的修改，这次没有保存；请选择载入磁盘上的版本、另存为新草稿，或覆盖磁盘上的版本"


class DraftDocument:
    """The draft file *path* and the :class:`Speech` being edited in it.

    ``speech`` is the speech (edit it in place or assign a new one); ``path`` is the draft
    file. Open an existing file with :meth:`open`, start a new one with :meth:`create`.
    """

    def __init__(self, path: str | os.PathLike, speech: Speech | None = None):
        self.path = with_draft_extension(path)
        self.speech = speech if speech is not None else Speech()
        self._disk: bytes | None = None
        """The file's bytes as last read or written by this document; ``None`` before either."""
        self._text: str | None = None
        """Those bytes as text: the YAML tree that comments are kept in."""
        self.last_removed: list[RemovedLine] = []
        """Invisible characters the last save removed from ``speech`` (see toolkit.model.invisible)."""

    # -- opening and creating -------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike) -> DraftDocument:
        """The draft at *path*, remembered as loaded (errors as :func:`toolkit.drafts.open_draft`)."""
        document = cls(path)
        document.reload()
        return document

    @classmethod
    def create(cls, path: str | os.PathLike, speech: Speech | None = None, *, overwrite: bool = False) -> DraftDocument:
        """A new draft file at *path* holding *speech*, written now; an existing file is
        refused with :class:`~toolkit.errors.OutputExistsError` unless *overwrite*."""
        document = cls(path, speech)
        document._write(lambda: speech_to_yaml(document.speech), overwrite=overwrite)
        return document

    # -- the disk ---------------------------------------------------------------------------------
    def _read_disk(self) -> bytes | None:
        """What the file holds now; ``None`` when there is no file."""
        target = write_target(self.path)
        if not os.path.lexists(target):
            return None
        try:  # bounded, and never blocking on a FIFO put in the draft's place
            return read_regular_file(target, limit=MAX_DRAFT_BYTES, what="草稿文件")
        except ToolkitError:
            return self._disk  # unreadable now: the write will report the real problem

    def changed_on_disk(self) -> bool:
        """Whether the file now holds something other than what this document last read or wrote."""
        current = self._read_disk()
        return current is not None and current != self._disk

    def reload(self) -> Speech:
        """Take the disk version: read the file again and make it ``speech``."""
        raw, text = read_draft_text(self.path)
        self.speech = speech_from_yaml(text, source=str(self.path))
        self._disk, self._text = raw, text
        return self.speech

    # -- saving -------------------------------------------------------------------------------------
    def save(self, *, force: bool = False) -> Path:
        """Write ``speech`` to the file atomically and return the path.

        Raises :class:`~toolkit.errors.DraftConflictError` (nothing written) when the file
        changed on disk since it was read or last saved, unless *force*. Any other failure
        (a full disk, a vanished folder, a character that cannot be saved) raises a
        :class:`~toolkit.errors.ToolkitError` and leaves both the file and ``speech`` as they were.
        """
        if not force and self.changed_on_disk():
            raise DraftConflictError(
                "草稿已在别处被修改（另一个窗口、同事或文本编辑器）", where=self.path, hint=CONFLICT_HINT
            )
        self._write(self._render, overwrite=True)
        return self.path

    def save_as(self, path: str | os.PathLike) -> Path:
        """Write ``speech`` to the new draft file *path* (never over an existing file) and
        continue there; the old file is left as it is."""
        target = with_draft_extension(path)
        previous, self.path = self.path, target
        try:
            self._write(self._render, overwrite=False)
        except BaseException:
            self.path = previous
            raise
        return target

    def keep_copy(self, label: str = "未保存的修改") -> Path:
        """Write ``speech`` to a new file beside the draft (``草稿（未保存的修改 14时27分38秒）.yaml``)
        without switching to it; returns its path."""
        target = _unused(self.path, label)
        write_atomic(target, encode_draft(self.speech, self._render, target), overwrite=False)
        return target

    def keep_disk_copy(self, label: str = "磁盘上的版本") -> Path | None:
        """Copy what the file holds now to a new file beside it; ``None`` when there is no file."""
        current = self._read_disk()
        if current is None:
            return None
        target = _unused(self.path, label)
        write_atomic(target, current, overwrite=False)
        return target

    def _write(self, render: Callable[[], str], *, overwrite: bool) -> None:
        removed = removals(self.speech)
        data = encode_draft(self.speech, render, self.path)
        self.last_removed = removed
        write_atomic(write_target(self.path), data, overwrite=overwrite)
        self._disk, self._text = data, data.decode("utf-8")

    def _render(self) -> str:
        """The file's new text: the file's own YAML with the new values merged in when a
        writer added comments to it, else the standard layout."""
        if self._text is not None and _has_own_comments(self._text):
            merged = _merge_keeping_comments(self._text, speech_to_document(self.speech))
            if merged is not None:
                return merged
        return speech_to_yaml(self.speech)


class DraftHolder:
    """Something that edits at most one draft at a time (the composer's state, a notebook's
    session): ``speech`` is its :class:`DraftDocument`'s once there is a draft file, else the
    one kept in memory. Subclasses set ``document`` and ``_speech``."""

    document: DraftDocument | None
    _speech: Speech

    @property
    def speech(self) -> Speech:
        """The speech being edited."""
        return self.document.speech if self.document is not None else self._speech

    @speech.setter
    def speech(self, speech: Speech) -> None:
        if self.document is not None:
            self.document.speech = speech
        else:
            self._speech = speech

    @property
    def path(self) -> Path | None:
        """The draft file; ``None`` while the draft is only in memory."""
        return self.document.path if self.document is not None else None


def _unused(path: Path, label: str) -> Path:
    """A free name beside *path* saying what the copy is: ``草稿（label 14时27分38秒）.yaml``."""
    stamp = _dt.datetime.now().strftime("%H时%M分%S秒")
    return unused_path(path.with_name(f"{path.stem}（{label} {stamp}）{path.suffix}"))


def _has_own_comments(text: str) -> bool:
    """Whether *text* has a ``#`` beyond the standard header (a writer's comment, most likely)."""
    body = text[len(DRAFT_HEADER) :] if text.startswith(DRAFT_HEADER) else text
    return "#" in body


def _merge_keeping_comments(old_text: str, document: dict[str, Any]) -> str | None:
    """*document* written into *old_text*'s YAML tree, so its comments stay where they were;
    ``None`` when that cannot be done faithfully (the caller then writes the plain layout)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    yaml.width = 2**30
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    try:
        tree = yaml.load(old_text)
        if not hasattr(tree, "items"):
            return None
        _merge(tree, document)
        stream = io.StringIO()
        yaml.dump(tree, stream)
        text = stream.getvalue()
        if speech_to_document(speech_from_yaml(text)) != document:
            return None  # never keep a comment at the price of a wrong value
    except (YAMLError, ToolkitError, ValueError, TypeError, AttributeError, RecursionError):
        return None  # the merged text does not read back as this speech: write the plain layout
    return text


def _merge(old: Any, new: Any) -> Any:
    """*new* merged into the round-trip node *old*, keeping *old*'s comments: mappings key by
    key (keys *new* lacks are dropped, new keys appended), lists item by item."""
    if isinstance(new, dict) and hasattr(old, "items") and hasattr(old, "ca"):
        for key in [key for key in old if key not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = _merge(old[key], value) if key in old else value
        return old
    if isinstance(new, list) and isinstance(old, list) and hasattr(old, "ca"):
        for index, value in enumerate(new[: len(old)]):
            old[index] = _merge(old[index], value)
        del old[len(new) :]
        old.extend(new[len(old) :])
        return old
    return new
