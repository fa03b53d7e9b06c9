"""The composer's shared state: the Speech being edited, its draft file, and who is told
when it changes. The parts of the composer talk only through this, never to each other.

Edits are cheap; saving and redrawing are deferred: the draft is saved atomically about a
second after a change, and at least once a second while typing goes on
(:data:`AUTOSAVE_DELAY`), so a crash loses at most that second; the preview and problems
are recomputed shortly after typing pauses (:data:`REFRESH_DELAY`).
"""

from __future__ import annotations

import asyncio
import datetime as _dt
import errno
import threading
from pathlib import Path
from typing import Callable

from toolkit import service
from toolkit.draft_document import DraftDocument, DraftHolder
from toolkit.errors import DraftConflictError, ToolkitError
from toolkit.model.speech import Speech
from toolkit.workspace import unused_path

_OS_REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENOENT: "文件夹不存在",
    errno.EROFS: "磁盘是只读的",
    errno.EIO: "读写磁盘出错",
}
"""What a system error means, in words staff read in the status line."""

AUTOSAVE_DELAY = 1.0
REFRESH_DELAY = 0.25


class Debouncer:
    """Runs *callback* once, *delay* seconds after the last :meth:`trigger` — or, with
    ``throttle=True``, *delay* seconds after the first trigger since the last run, so that
    steady typing still runs it at least every *delay* seconds (what autosave needs: a
    crash loses at most *delay* seconds of work).

    In a Jupyter kernel the call is scheduled on the kernel's event loop (so widget updates
    happen on the main thread); elsewhere on a timer thread. ``delay=0`` runs at once,
    which is what tests use. :meth:`flush` runs a pending call now.
    """

    def __init__(self, delay: float, callback: Callable[[], None], *, throttle: bool = False):
        self.delay = delay
        self.callback = callback
        self.throttle = throttle
        self._handle = None
        self._lock = threading.Lock()

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def trigger(self) -> None:
        if self.delay <= 0:
            self.callback()
            return
        with self._lock:
            if self.throttle and self._handle is not None:
                return  # the pending run will include this change
            self._cancel()
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            if loop is not None:
                self._handle = loop.call_later(self.delay, self._fire)
            else:
                timer = threading.Timer(self.delay, self._fire)
                timer.daemon = True
                self._handle = timer
                timer.start()

    def _cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _fire(self) -> None:
        with self._lock:
            self._handle = None
        self.callback()

    def flush(self) -> None:
        with self._lock:
            was_pending = self._handle is not None
            self._cancel()
        if was_pending:
            self.callback()


class ComposerState(DraftHolder):
    """The draft being edited (a :class:`~toolkit.draft_document.DraftDocument`), with change
    notification and autosave.

    ``listeners`` are called as ``listener(reason)`` where *reason* is ``"loaded"`` (a
    different draft: rebuild everything), ``"structure"`` (points added, moved or removed,
    numbering changed: redraw the structure), ``"refresh"`` (text changed: redraw preview
    and problems, debounced), ``"saved"`` / ``"save-failed"`` (the status line) or
    ``"conflict"`` (the file changed on disk: autosave stops until the writer chooses what
    to do, see :meth:`resolve_conflict`).
    """

    def __init__(
        self,
        speech: Speech | None = None,
        path: str | Path | None = None,
        *,
        document: DraftDocument | None = None,
        autosave_delay: float = AUTOSAVE_DELAY,
        refresh_delay: float = REFRESH_DELAY,
    ):
        if document is None and path:
            document = service.new_document(path, speech)
        self.document = document
        self._speech = speech or Speech()
        self.listeners: list[Callable[[str], None]] = []
        self.status = "未保存" if self.path is None else f"草稿：{self.path.name}"
        self.last_error: str | None = None
        self.conflict = False
        """Whether the last save found the file changed on disk; autosave waits while it is."""
        self.saved_at: _dt.datetime | None = None
        self._autosave = Debouncer(autosave_delay, self.save, throttle=True)
        self._refresh = Debouncer(refresh_delay, lambda: self._notify("refresh"))

    # -- the draft ----------------------------------------------------------------------------------
    @DraftHolder.path.setter
    def path(self, path: str | Path) -> None:
        """Save to another file from now on (the next save writes it, never over another file's edits)."""
        self.document = service.new_document(path, self.speech)

    # -- notifications ------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[str], None]) -> None:
        self.listeners.append(listener)

    def _notify(self, reason: str) -> None:
        for listener in list(self.listeners):
            listener(reason)

    def changed(self, *, structure: bool = False) -> None:
        """Call after editing ``speech``: schedules the autosave and the redraw."""
        if structure:
            self._notify("structure")
        self._autosave.trigger()
        self._refresh.trigger()

    def redraw(self) -> None:
        """Ask every part to show the speech afresh (after a change made outside them)."""
        self._notify("loaded")

    def load(self, speech: Speech, path: str | Path | None) -> None:
        """Switch to a new draft, to be saved at *path* (a file that does not exist yet)."""
        self._switch(service.new_document(path, speech) if path else None, speech)

    def open(self, path: str | Path) -> None:
        """Switch to the existing draft file *path* (errors as :func:`toolkit.drafts.open_draft`)."""
        document = service.open_document(path)
        self._switch(document, document.speech)

    def _switch(self, document: DraftDocument | None, speech: Speech) -> None:
        self._autosave.flush()
        self.document = document
        self._speech = speech
        self.conflict = False
        self.last_error = None
        self.status = "未保存" if self.path is None else f"草稿：{self.path.name}"
        self._notify("loaded")
        self._refresh.trigger()

    # -- saving ---------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the draft now (atomically); returns whether it worked. Updates ``status``.

        Never says 已保存 unless the file was written: a conflict stops autosave and says so,
        and any failure (the toolkit's own errors, a full disk, a vanished folder, anything
        else) is shown while the edits stay in memory."""
        if self.document is None:
            return self._failed("未保存：还没有草稿文件", None)
        if self.conflict:
            return False  # waiting for the writer to choose; nothing is written behind their back
        try:
            self._save_consistent()
        except DraftConflictError as error:
            self.conflict = True
            self.last_error = str(error)
            self.status = "草稿已在别处被修改（另一个窗口、同事或文本编辑器），自动保存已暂停。请在下面选择如何处理，你的修改仍在编辑器中"
            self._notify("conflict")
            return False
        except ToolkitError as error:
            return self._failed(f"保存失败：{error}。你的修改仍在编辑器中", str(error))
        except Exception as error:  # noqa: BLE001 - whatever it is, the writer must see it and keep the edits
            reason = _OS_REASONS.get(getattr(error, "errno", None)) or str(error) or "原因不明"
            return self._failed(f"保存失败（{reason}）。你的修改仍在编辑器中", str(error))
        removed = self.document.last_removed
        if removed:
            self._notify("loaded")  # the boxes show the text without the removed characters
            self._saved("已保存", "已去除看不见的控制字符：" + "；".join(entry.text for entry in removed))
        else:
            self._saved("已保存")
        return True

    def _failed(self, status: str, error: str | None) -> bool:
        self.last_error = error
        self.status = status
        self._notify("save-failed")
        return False

    def _saved(self, what: str, note: str = "") -> None:
        self.saved_at = _dt.datetime.now()
        self.last_error = None
        self.status = f"{what} {self.saved_at:%H:%M:%S}" + (f"。{note}" if note else "")
        self._notify("saved")

    def _save_consistent(self, *, force: bool = False) -> None:
        """Save; outside a kernel the autosave runs on a timer thread while edits go on, so a
        dictionary changing under the writer is retried (the file is written atomically either way)."""
        for attempt in range(5):
            try:
                self.document.save(force=force)
                return
            except RuntimeError:
                if attempt == 4:
                    raise

    def resolve_conflict(self, choice: str) -> Path | None:
        """End a conflict the writer's way; returns the file that keeps the other side.

        ``"reload"`` (载入磁盘上的版本): the edits in memory are first written to a copy
        beside the draft, then the disk version is loaded. ``"save_as"`` (另存为新草稿): the
        edits go to a new draft beside the old one, which stays as it is on disk.
        ``"overwrite"`` (覆盖磁盘上的版本): the disk version is first copied beside the
        draft, then overwritten. Nothing is lost whichever is chosen. A failure is shown in
        the status line like any save failure, and the conflict stays open."""
        document = self.document
        if document is None:
            return None
        try:
            if choice == "reload":
                kept = document.keep_copy("本窗口的修改")
                document.reload()
                self._switch(document, document.speech)
                self._saved("已载入磁盘上的版本", f"本窗口的修改另存为“{kept.name}”")
            elif choice == "save_as":
                kept = document.path
                document.save_as(
                    unused_path(document.path.with_name(f"{document.path.stem}（另存）{document.path.suffix}"))
                )
                self.conflict = False
                self._notify("loaded")
                self._saved(f"已另存为新草稿“{document.path.name}”", f"原草稿“{kept.name}”未改动")
            elif choice == "overwrite":
                kept = document.keep_disk_copy("被覆盖的版本")
                self._save_consistent(force=True)
                self.conflict = False
                self._saved("已覆盖磁盘上的版本", f"磁盘上原来的版本另存为“{kept.name}”" if kept else "")
            else:
                raise ValueError(f"unknown choice {choice!r}")
        except ToolkitError as error:
            self._failed(f"没有处理成：{error}。你的修改仍在编辑器中", str(error))
            return None
        return kept

    def flush(self) -> None:
        """Run any pending autosave and redraw now (tests, and before export)."""
        self._autosave.flush()
        self._refresh.flush()
