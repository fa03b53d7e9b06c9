"""The composer's shared state: the Speech being edited, its draft file, and who is told
when it changes. The parts of the composer talk only through this, never to each other.

Edits are cheap; saving and redrawing are deferred: the draft is saved atomically about a
second after a change, and at least once a second while typing goes on
(:data:`AUTOSAVE_DELAY`), so a crash loses at most that second; the page and problems are
redrawn at once after an edit when they were not redrawn in the last :data:`REFRESH_DELAY`
seconds, else once the burst of edits pauses that long.

Every edit is kept in an :class:`EditHistory` (撤销 / 重做): typing in one field is one step
per pause, every structural change its own step, at least :data:`HISTORY_STEPS` steps.
"""

from __future__ import annotations

import asyncio
import copy
import datetime as _dt
import errno
import threading
import time
from pathlib import Path
from typing import Callable

from toolkit import service
from toolkit.draft_document import DraftDocument, DraftHolder
from toolkit.drafts import speech_to_document
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
"""The longest the page and the problems wait while the writer types (a large draft)."""
SHORTEST_REFRESH = 0.03
"""The shortest: a small draft is redrawn this often while typing."""
HISTORY_STEPS = 200
"""How many edits 撤销 can go back (the oldest are dropped beyond that)."""
TYPING_PAUSE = 1.0
"""Typing in one field with no pause longer than this (seconds) is one 撤销 step."""

_FIELD_NAMES = {
    "title": "标题",
    "byline": "署名",
    "salutation": "称呼",
    "meeting": "会议信息",
    "opening": "开头",
    "transition": "过渡句",
    "transition_run_in": "过渡句位置",
    "numbering": "要点编号",
    "point_layout": "要点格式",
    "subnumbering": "小点编号",
    "subpoint_layout": "小点格式",
    "points": "要点",
    "closing": "结尾",
    "variables": "变量",
    "noise": "去除的广告",
}


class Debouncer:
    """Runs *callback* once, *delay* seconds after the last :meth:`trigger` — or, with
    ``throttle=True``, *delay* seconds after the first trigger since the last run, so that
    steady typing still runs it at least every *delay* seconds (what autosave needs: a
    crash loses at most *delay* seconds of work).

    With ``leading=True`` a trigger runs it at once when it has not run for *delay* seconds
    and nothing is pending (a single edit is drawn without waiting); the triggers that follow
    within *delay* are debounced as above, so a burst costs one run at its start and one
    after it, and the last state is always the one run last.

    In a Jupyter kernel the call is scheduled on the kernel's event loop (so widget updates
    happen on the main thread); elsewhere on a timer thread. ``delay=0`` runs at once,
    which is what tests use. :meth:`flush` runs a pending call now.
    """

    def __init__(
        self,
        delay: float,
        callback: Callable[[], None],
        *,
        throttle: bool = False,
        leading: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.delay = delay
        self.callback = callback
        self.throttle = throttle
        self.leading = leading
        self.clock = clock
        self._handle = None
        self._ran_at = float("-inf")
        """When the callback last started (by the clock); a leading run waits *delay* after it."""
        self._lock = threading.Lock()

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def trigger(self) -> None:
        if self.delay <= 0:
            self.callback()
            return
        with self._lock:
            now = self.clock()
            run_now = self.leading and self._handle is None and now - self._ran_at >= self.delay
            if run_now:
                self._ran_at = now
        if run_now:
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
            self._ran_at = self.clock()
        self.callback()

    def done(self) -> None:
        """The work was just done another way (every part redrew a new draft): a pending run
        is dropped, and a trigger within *delay* waits like one after a run."""
        with self._lock:
            self._cancel()
            self._ran_at = self.clock()

    def flush(self) -> None:
        with self._lock:
            was_pending = self._handle is not None
            self._cancel()
            if was_pending:
                self._ran_at = self.clock()
        if was_pending:
            self.callback()


def _changed_place(old, new, place: tuple = ()) -> tuple:
    """Where two draft documents (:func:`~toolkit.drafts.speech_to_document`) first differ:
    a path of keys and point indices down to one field, such as ``("points", 2, "lead")``;
    a list of paragraphs counts as one field, so typing a new line stays in it."""
    if isinstance(old, dict) and isinstance(new, dict) and old.keys() == new.keys():
        for key in old:
            if old[key] != new[key]:
                return _changed_place(old[key], new[key], (*place, key))
    elif (
        isinstance(old, list)
        and isinstance(new, list)
        and len(old) == len(new)
        and all(isinstance(item, dict) for item in old + new)
    ):
        for index, (before, after) in enumerate(zip(old, new)):
            if before != after:
                return _changed_place(before, after, (*place, index))
    return place


def _place_name(place: tuple) -> str:
    """The edit at *place* in words: 修改标题, 修改第3点, 修改要点…"""
    if len(place) >= 2 and place[0] == "points" and isinstance(place[1], int):
        return f"修改第{place[1] + 1}点"
    return "修改" + (_FIELD_NAMES.get(place[0], "草稿") if place else "草稿")


class _Snapshot:
    """The speech at one moment: a private deep copy, and its plain data for comparing."""

    __slots__ = ("speech", "document")

    def __init__(self, speech: Speech):
        self.speech = copy.deepcopy(speech)
        self.document = speech_to_document(speech)


class EditHistory:
    """Undo and redo for one draft: snapshots of the speech, taken as edits are reported.

    :meth:`record` is called after every edit. Typing in one field is one step as long as
    the pauses stay under *pause* seconds; a structural edit (a point added, moved or
    deleted, the numbering, an inserted template) is always a step of its own, as is the
    first edit after :meth:`checkpoint`. Only the latest *limit* steps are kept. Each step
    carries what it did (``删除第三点``, ``修改标题``), for the buttons' tooltips."""

    def __init__(
        self,
        speech: Speech,
        *,
        limit: int = HISTORY_STEPS,
        pause: float = TYPING_PAUSE,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limit = limit
        self.pause = pause
        self.clock = clock
        self.reset(speech)

    def reset(self, speech: Speech) -> None:
        """Forget every step: *speech* is where the history starts (a different draft)."""
        self._undo: list[tuple[_Snapshot, str, int]] = []
        self._redo: list[tuple[_Snapshot, str, int]] = []
        self._current = _Snapshot(speech)
        self._serial = 0
        self.checkpoint()

    def checkpoint(self) -> None:
        """End the current run of typing: the next edit is a step of its own."""
        self._typing: tuple | None = None
        self._typed_at = float("-inf")

    def rebase(self, speech: Speech) -> None:
        """Take *speech* as it is now without making a step (a change no one should undo)."""
        self._current = _Snapshot(speech)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str:
        """What 撤销 would take back (``""`` when nothing)."""
        return self._undo[-1][1] if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1][1] if self._redo else ""

    @property
    def last_step(self) -> int | None:
        """An id for the step 撤销 would take back (to tell whether it is still the same one)."""
        return self._undo[-1][2] if self._undo else None

    def __len__(self) -> int:
        """How many steps can be undone."""
        return len(self._undo)

    def record(self, speech: Speech, *, structure: bool = False, what: str | None = None) -> bool:
        """Note the edit that made *speech* what it is now; returns whether a new step began
        (``False`` when nothing changed or the edit continues the typing of the last step)."""
        document = speech_to_document(speech)
        if document == self._current.document:
            return False
        place = _changed_place(self._current.document, document)
        now = self.clock()
        typing_on = (
            not structure
            and self._undo
            and not self._redo
            and place == self._typing
            and now - self._typed_at <= self.pause
        )
        snapshot = _Snapshot(speech)
        if typing_on:
            self._current = snapshot
            self._typed_at = now
            return False
        self._serial += 1
        self._undo.append((self._current, what or _place_name(place), self._serial))
        del self._undo[: -self.limit]
        self._redo.clear()
        self._current = snapshot
        self._typing, self._typed_at = (None, float("-inf")) if structure else (place, now)
        return True

    def undo(self) -> Speech | None:
        """The speech before the last step (a fresh copy to edit), or ``None`` when there is none."""
        if not self._undo:
            return None
        before, what, serial = self._undo.pop()
        self._redo.append((self._current, what, serial))
        self._current = before
        self.checkpoint()
        return copy.deepcopy(before.speech)

    def redo(self) -> Speech | None:
        """The speech after the step last undone, or ``None`` when there is none."""
        if not self._redo:
            return None
        after, what, serial = self._redo.pop()
        self._undo.append((self._current, what, serial))
        self._current = after
        self.checkpoint()
        return copy.deepcopy(after.speech)


class ComposerState(DraftHolder):
    """The draft being edited (a :class:`~toolkit.draft_document.DraftDocument`), with change
    notification and autosave.

    ``listeners`` are called as ``listener(reason)`` where *reason* is ``"loaded"`` (a
    different draft: rebuild everything), ``"structure"`` (points added, moved or removed,
    numbering changed: redraw the structure), ``"refresh"`` (text changed: redraw preview
    and problems, debounced), ``"saved"`` / ``"save-failed"`` (the status line) or
    ``"conflict"`` (the file changed on disk: autosave stops until the writer chooses what
    to do, see :meth:`resolve_conflict`), ``"history"`` (what 撤销 / 重做 can do changed), or
    ``"show-tab"`` then ``"reveal"`` (take the writer to a place, see :meth:`reveal`).

    ``history`` (an :class:`EditHistory`) keeps every edit reported through :meth:`changed`;
    :meth:`undo` and :meth:`redo` put an earlier or later speech back like any other edit:
    every part redraws (``"loaded"``) and the autosave writes it. Opening or starting another
    draft starts a new history.
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
        self._refresh = Debouncer(refresh_delay, self._redraw, leading=True, throttle=True)
        """The page and the problems: one edit is drawn at once; during steady typing they are
        drawn again every ``delay`` (:meth:`_redraw` sets it from what a redraw costs), and
        the last state is always drawn."""
        self._longest_wait = refresh_delay
        self.history = EditHistory(self.speech)
        self._revision = 0
        self._problems: tuple[tuple[int, int], list] | None = None
        self._placeholders: tuple[tuple[int, int], dict] | None = None

    # -- the draft ----------------------------------------------------------------------------------
    @DraftHolder.path.setter
    def path(self, path: str | Path) -> None:
        """Save to another file from now on (the next save writes it, never over another file's edits)."""
        self.document = service.new_document(path, self.speech)

    # -- notifications ------------------------------------------------------------------------
    def _redraw(self) -> None:
        """Tell every part to draw the speech afresh, and pace the next redraws by what this
        one cost: twice its time (between :data:`SHORTEST_REFRESH` and the composer's
        refresh delay), so a small draft follows typing within tens of milliseconds while a
        large one spends at most half the kernel's time redrawing."""
        began = time.monotonic()
        self._notify("refresh")
        cost = time.monotonic() - began
        if self._longest_wait > 0:
            self._refresh.delay = min(self._longest_wait, max(SHORTEST_REFRESH, 2 * cost))

    def subscribe(self, listener: Callable[[str], None]) -> None:
        self.listeners.append(listener)

    def _notify(self, reason: str) -> None:
        for listener in list(self.listeners):
            listener(reason)

    def changed(self, *, structure: bool = False, what: str | None = None) -> None:
        """Call after editing ``speech``: records the edit for 撤销 (*structure* makes it a
        step of its own; *what* names it, like ``删除第三点``), schedules the autosave and the redraw."""
        self._revision += 1
        stepped = self.history.record(self.speech, structure=structure, what=what)
        if structure:
            self._notify("structure")
        if stepped:
            self._notify("history")
        self._autosave.trigger()
        self._refresh.trigger()

    def placeholders(self) -> dict:
        """The placeholders left in the speech as it is now
        (:func:`toolkit.service.placeholder_occurrences`), found once per change however
        many parts show them (the page, the 占位符 and 变量 tabs)."""
        key = (self._revision, id(self.speech))
        if self._placeholders is None or self._placeholders[0] != key:
            self._placeholders = (key, service.placeholder_occurrences(self.speech))
        return self._placeholders[1]

    def problems(self) -> list:
        """What the checks find in the speech as it is now (:func:`toolkit.service.check`),
        computed once per change however many parts show it. An office's rules or names file
        that cannot be read is one hint here, never an error: the composer always opens."""
        key = (self._revision, id(self.speech))
        if self._problems is None or self._problems[0] != key:
            self._problems = (key, service.check(self.speech, note_broken_files=True))
        return self._problems[1]

    revealed: str | None = None
    """The place last asked for by :meth:`reveal`."""

    def reveal(self, where: str, *, switch_tab: bool = True) -> None:
        """Take the writer to the place *where* names (a problem's ``第2点``, ``标题``,
        ``变量“县名”``): listeners are told ``"show-tab"`` (the tab holding it is shown),
        then ``"reveal"`` (the part puts the cursor there, in a box now visible), and read
        the place in ``revealed``. Without *switch_tab* the tabs stay as they are (a list
        the writer goes through, such as 查重's, stays in view while the page shows the place)."""
        self.revealed = where
        if switch_tab:
            self._notify("show-tab")
        self._notify("reveal")

    def redraw(self) -> None:
        """Ask every part to show the speech afresh (after a change made outside them)."""
        self.history.checkpoint()  # such a change (an inserted template) is a step of its own
        self._revision += 1
        self._notify("loaded")

    # -- undo and redo ------------------------------------------------------------------------------
    def undo(self) -> bool:
        """Take back the last edit (撤销); returns whether there was one."""
        return self._restore(self.history.undo())

    def redo(self) -> bool:
        """Do again the edit last taken back (重做); returns whether there was one."""
        return self._restore(self.history.redo())

    def _restore(self, speech: Speech | None) -> bool:
        """Show and save *speech* as a normal edit: the draft file's conflict check still
        applies (the document keeps what it last read or wrote; only its speech changes)."""
        if speech is None:
            return False
        self.speech = speech
        self._revision += 1
        self._notify("loaded")
        self._notify("history")
        self._autosave.trigger()
        self._refresh.done()  # every part has just drawn it
        return True

    def replace(self, speech: Speech, *, what: str) -> None:
        """Make *speech* the draft's whole content as one edit named *what* (a version
        restored): one 撤销 step takes it back, every part redraws, the autosave writes it."""
        self.history.checkpoint()
        self.history.record(speech, structure=True, what=what)
        self._restore(speech)

    def load(self, speech: Speech, path: str | Path | None) -> None:
        """Switch to a new draft, to be saved at *path* (a file that does not exist yet)."""
        self._switch(service.new_document(path, speech) if path else None, speech)

    def open(self, path: str | Path) -> None:
        """Switch to the existing draft file *path* (errors as :func:`toolkit.drafts.open_draft`)."""
        document = service.open_document(path)
        self._switch(document, document.speech)

    def _switch(self, document: DraftDocument | None, speech: Speech) -> None:
        self._autosave.flush()
        if document is not None and document is self.document:  # the disk version of this draft
            self.history.record(speech, structure=True, what="载入磁盘上的版本")
        else:
            self.history.reset(speech)
        self.document = document
        self._speech = speech
        self._revision += 1
        self.conflict = False
        self.last_error = None
        self.status = "未保存" if self.path is None else f"草稿：{self.path.name}"
        self._notify("loaded")
        self._notify("history")
        self._refresh.done()  # every part has just drawn it

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
            self.history.rebase(self.speech)  # undoing must not bring the removed characters back
            self._revision += 1
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
