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
import threading
from pathlib import Path
from typing import Callable

from toolkit.drafts import save_draft
from toolkit.errors import ToolkitError
from toolkit.model.speech import Speech

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


class ComposerState:
    """The Speech and its draft file, with change notification and autosave.

    ``listeners`` are called as ``listener(reason)`` where *reason* is ``"loaded"`` (a
    different draft: rebuild everything), ``"structure"`` (points added, moved or removed,
    numbering changed: redraw the structure), ``"refresh"`` (text changed: redraw preview
    and problems, debounced) or ``"saved"`` / ``"save-failed"`` (the status line).
    """

    def __init__(self, speech: Speech | None = None, path: str | Path | None = None, *,
                 autosave_delay: float = AUTOSAVE_DELAY, refresh_delay: float = REFRESH_DELAY):
        self.speech = speech or Speech()
        self.path = Path(path) if path else None
        self.listeners: list[Callable[[str], None]] = []
        self.status = "未保存" if self.path is None else f"草稿：{self.path.name}"
        self.last_error: str | None = None
        self.saved_at: _dt.datetime | None = None
        self._autosave = Debouncer(autosave_delay, self.save, throttle=True)
        self._refresh = Debouncer(refresh_delay, lambda: self._notify("refresh"))

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
        """Switch to another draft (already on disk, or to be saved at *path*)."""
        self._autosave.flush()
        self.speech = speech
        self.path = Path(path) if path else None
        self._notify("loaded")
        self._refresh.trigger()

    # -- saving ---------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the draft now (atomically); returns whether it worked. Updates ``status``."""
        if self.path is None:
            self.status = "未保存：还没有草稿文件"
            self._notify("save-failed")
            return False
        try:
            self._save_consistent()
        except ToolkitError as error:
            self.last_error = str(error)
            self.status = f"保存失败：{error}"
            self._notify("save-failed")
            return False
        self.saved_at = _dt.datetime.now()
        self.last_error = None
        self.status = f"已保存 {self.saved_at:%H:%M:%S}"
        self._notify("saved")
        return True

    def _save_consistent(self) -> None:
        """Save; outside a kernel the autosave runs on a timer thread while edits go on, so a
        dictionary changing under the writer is retried (the file is written atomically either way)."""
        for attempt in range(5):
            try:
                save_draft(self.speech, self.path)
                return
            except RuntimeError:
                if attempt == 4:
                    raise

    def flush(self) -> None:
        """Run any pending autosave and redraw now (tests, and before export)."""
        self._autosave.flush()
        self._refresh.flush()
