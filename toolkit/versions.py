"""Named versions of a draft, kept as plain draft files in a folder beside it.

A speech goes back and forth (起草, 修改稿, 送审稿, 定稿); each of those states can be kept
under a name. The versions of ``草稿.yaml`` live in ``草稿.versions/`` next to it, one
ordinary draft file each, numbered in the order they were saved::

    草稿.yaml
    草稿.versions/
      001-起草.yaml
      002-修改稿.yaml
      003-送审稿.yaml
      004-恢复“送审稿”前.yaml      (kept automatically before a restore)

So versions travel with the draft when the folder is copied, diff in git like the draft
does, and each opens with ``jianggao show`` or the composer as any draft. The first line of
a version file says what it is and when it was saved::

    # 讲稿版本“送审稿”，保存于 2026-11-02 14:27:38

(``（自动保存）`` follows for a version kept before a restore); the rest is the draft's own
text, byte for byte, so restoring gives back exactly the file that was kept, comments and
all. The name in the file name is the version's name; the number orders them and is never
reused. A name already used is given the next free ``名（2）`` rather than refused (staff
keep 修改稿, 修改稿（2）… the way they name Word files). Files in the folder that are not
``<number>-<name>.yaml`` are left alone and not listed.

Other commands name a version as a speech source with ``草稿.yaml#送审稿`` (or its number,
``草稿.yaml#3``): see :func:`split_reference`.
"""

from __future__ import annotations

import copy
import datetime as _dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from toolkit.atomic import write_atomic
from toolkit.drafts import (
    encode_draft,
    is_draft_path,
    read_draft_text,
    speech_from_yaml,
    speech_to_yaml,
    write_target,
)
from toolkit.errors import InputFileError, OutputError, OutputExistsError, ToolkitError
from toolkit.files import check_regular_file
from toolkit.model.speech import Speech
from toolkit.model.text import speech_character_count
from toolkit.model.textdiff import summarize

FOLDER_SUFFIX = ".versions"
"""The versions of ``草稿.yaml`` are in ``草稿.versions/``."""
SEPARATOR = "#"
"""Between a draft and a version's name when a version is named as a speech source."""
MAX_NAME_LENGTH = 40
"""The longest version name, in characters."""
SUGGESTED_NAMES = ("起草", "修改稿", "送审稿", "定稿")
"""The names offered for a version; any other name is allowed."""
_FORBIDDEN = set('/\\:*?"<>|' + SEPARATOR)
_FILE = re.compile(r"^(\d+)-(.+)\.yaml$")
_HEADER = re.compile(r"^# 讲稿版本“(.*)”，保存于 (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(（自动保存）)?\r?\n")
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Version:
    """One kept version: ``number`` (its order, from 1), ``name`` (what staff called it),
    ``path`` (its file), ``saved`` (when it was kept; ``None`` if its file does not say) and
    ``automatic`` (kept by the toolkit before a restore, not by a person)."""

    number: int
    name: str
    path: Path
    saved: _dt.datetime | None = None
    automatic: bool = False

    @property
    def saved_text(self) -> str:
        """When it was kept, as staff read it: ``2026-11-02 14:27`` (empty if unknown)."""
        return self.saved.strftime("%Y-%m-%d %H:%M") if self.saved else ""


@dataclass(frozen=True)
class VersionEntry:
    """A line of the versions list: the ``version``, its ``characters`` (字数, spoken text) and
    ``change``, what changed since the version before it in one line (``改动 3 段，新增 1 点``;
    ``第一个版本`` for the first). ``problem`` is the one-line message when the file cannot be
    read as a draft (then ``characters`` is 0 and ``change`` empty)."""

    version: Version
    characters: int = 0
    change: str = ""
    problem: str = ""


@dataclass(frozen=True)
class Restored:
    """What :func:`restore_version` did: ``version`` is the one the draft now holds, ``kept``
    the automatic version the draft's previous state was saved as (``None`` when that state
    was already one of the versions, so nothing needed keeping)."""

    version: Version
    kept: Version | None


# -- names and places ----------------------------------------------------------------------------
def versions_folder(draft: str | os.PathLike) -> Path:
    """The folder holding *draft*'s versions: ``草稿.versions`` beside ``草稿.yaml``."""
    draft = Path(draft)
    return draft.with_name(draft.stem + FOLDER_SUFFIX)


def check_name(name: str | None, *, draft: str | os.PathLike | None = None) -> str:
    """*name* with surrounding spaces removed, refused in one Chinese line when it cannot name
    a version file: empty, longer than :data:`MAX_NAME_LENGTH`, or holding ``/ \\ : * ? " < > | #``
    or a control character."""
    text = (name or "").strip()
    where = draft
    if not text:
        raise ToolkitError("版本名称是空的", where=where, hint="请给这个版本起个名字，例如“送审稿”")
    if len(text) > MAX_NAME_LENGTH:
        raise ToolkitError(
            f"版本名称太长（{len(text)} 个字）", where=where, hint=f"请用 {MAX_NAME_LENGTH} 个字以内的名字"
        )
    bad = next((ch for ch in text if ch in _FORBIDDEN or ord(ch) < 32 or ord(ch) == 127), None)
    if bad is not None:
        shown = repr(bad)[1:-1] if ord(bad) < 32 or ord(bad) == 127 else bad
        raise ToolkitError(
            f"版本名称里不能有“{shown}”", where=where, hint='请去掉 / \\ : * ? " < > | # 这类符号，例如用“送审稿2”'
        )
    if text.startswith("."):
        raise ToolkitError("版本名称不能以“.”开头", where=where, hint="请换一个名字，例如“送审稿”")
    return text


def split_reference(text: str | os.PathLike) -> tuple[Path, str] | None:
    """``草稿.yaml#送审稿`` → (``草稿.yaml``, ``送审稿``): a version named as a speech source.

    ``None`` when *text* is no such reference (no ``#``, or what stands before the last ``#``
    is not a draft file name), or when *text* is an existing file whose name happens to
    hold a ``#``. After the ``#`` comes a version's name or its number.
    """
    text = os.fspath(text)
    if SEPARATOR not in text or os.path.lexists(text):
        return None
    head, _, tail = text.rpartition(SEPARATOR)
    if not is_draft_path(head):
        return None
    return Path(head), tail


def _draft(draft: str | os.PathLike) -> Path:
    """*draft* checked to be an existing draft file (one Chinese line otherwise)."""
    draft = Path(draft)
    if not is_draft_path(draft):
        raise InputFileError(
            "只有草稿（.yaml）才能保存和恢复版本", where=draft, hint="请先用 jianggao import 把讲稿导入为草稿"
        )
    check_regular_file(draft, what="草稿文件", missing_hint="请检查草稿的文件名和路径")
    return draft


def _folder(draft: Path, *, create: bool) -> Path | None:
    """The versions folder; ``None`` when it does not exist and *create* is false."""
    folder = versions_folder(draft)
    if os.path.lexists(folder) and not folder.is_dir():
        raise InputFileError(
            "存放版本的位置不是文件夹", where=folder, hint="请把这个文件改名或移走，版本会保存在同名的文件夹里"
        )
    if not folder.exists():
        if not create:
            return None
        try:
            folder.mkdir()
        except OSError as error:
            raise OutputError(
                f"无法建立存放版本的文件夹（{error.strerror or error}）",
                where=folder,
                hint="请检查草稿所在文件夹是否可写",
            ) from None
    return folder


# -- reading -------------------------------------------------------------------------------------
def list_versions(draft: str | os.PathLike) -> list[Version]:
    """*draft*'s versions, oldest first (from the file names and each file's first line)."""
    folder = _folder(_draft(draft), create=False)
    if folder is None:
        return []
    found = []
    for entry in os.scandir(folder):
        match = _FILE.match(entry.name)
        if match and entry.is_file():
            found.append(_version(Path(entry.path), int(match.group(1)), match.group(2)))
    return sorted(found, key=lambda v: (v.number, v.name))


def _version(path: Path, number: int, name: str) -> Version:
    saved, automatic = None, False
    try:
        with open(path, "rb") as handle:
            first = handle.readline(1024).decode("utf-8-sig", errors="replace")
    except OSError:
        first = ""
    match = _HEADER.match(first)
    if match:
        saved = _dt.datetime.strptime(match.group(2), _TIME_FORMAT)
        automatic = bool(match.group(3))
    return Version(number, name, path, saved, automatic)


def find_version(draft: str | os.PathLike, reference: str | int) -> Version:
    """The version of *draft* called *reference* (its name, or else its number; an ``int``
    is a number only); one Chinese line naming the versions there are when there is none."""
    found = list_versions(draft)
    if isinstance(reference, int):
        match = next((version for version in found if version.number == reference), None)
        if match is None:
            raise ToolkitError(f"没有第 {reference} 个版本", where=draft, hint="版本可能已被移走，请重新选择")
        return match
    wanted = (reference or "").strip()
    for version in found:
        if version.name == wanted:
            return version
    if wanted.isdigit():
        for version in found:
            if version.number == int(wanted):
                return version
    if not wanted:
        raise ToolkitError("没有说要哪个版本", where=draft, hint="请在 # 后写版本名称，例如 草稿.yaml#送审稿")
    names = "、".join(v.name for v in found[-6:])
    hint = f"现有版本：{names}" if found else "这份草稿还没有保存过版本"
    raise ToolkitError(f"没有名为“{wanted}”的版本", where=draft, hint=hint)


def version_text(version: Version) -> str:
    """The draft text *version* keeps (its first line, saying what it is, left out)."""
    _, text = read_draft_text(version.path)
    return _HEADER.sub("", text, count=1)


def read_version(version: Version) -> Speech:
    """The speech *version* keeps; a damaged file is refused naming its file and line."""
    return speech_from_yaml(version_text(version), source=str(version.path))


# -- saving --------------------------------------------------------------------------------------
def save_version(
    draft: str | os.PathLike,
    name: str,
    *,
    speech: Speech | None = None,
    automatic: bool = False,
    now: _dt.datetime | None = None,
) -> Version:
    """Keep *draft* as it is now under *name* (a taken name becomes ``名（2）``…) and return it.

    Without *speech* the draft file is kept byte for byte (it must read as a draft); with
    *speech* that speech is written instead (the composer keeps what is on screen). Nothing
    is ever written over an existing file.
    """
    draft = _draft(draft)
    name = check_name(name, draft=draft)
    if speech is None:
        _, text = read_draft_text(draft)
        speech_from_yaml(text, source=str(draft))  # never keep a broken draft as a version
        return _write(draft, name, text.encode("utf-8"), automatic=automatic, now=now)
    return _write(draft, name, _draft_bytes(speech, draft), automatic=automatic, now=now)


def _draft_bytes(speech: Speech, draft: Path) -> bytes:
    """*speech* as a draft file's bytes, *speech* itself left as it is."""
    kept = copy.deepcopy(speech)  # the invisible characters a save removes stay on screen until it saves
    return encode_draft(kept, lambda: speech_to_yaml(kept), draft)


def _write(draft: Path, name: str, data: bytes, *, automatic: bool, now: _dt.datetime | None) -> Version:
    """*data* (a draft's bytes) written as a new version of *draft* named *name*, or the
    next free ``名（2）``, under the next number."""
    folder = _folder(draft, create=True)
    moment = (now or _dt.datetime.now()).replace(microsecond=0)
    taken = list_versions(draft)
    names = {v.name for v in taken}
    chosen, count = name, 2
    while chosen in names:
        chosen, count = f"{name}（{count}）", count + 1
    number = max((v.number for v in taken), default=0) + 1
    header = f"# 讲稿版本“{chosen}”，保存于 {moment.strftime(_TIME_FORMAT)}{'（自动保存）' if automatic else ''}\n"
    while True:
        path = folder / f"{number:03d}-{chosen}.yaml"
        try:
            write_atomic(path, header.encode("utf-8") + data, overwrite=False)
            return Version(number, chosen, path, moment, automatic)
        except OutputExistsError:  # another process took this number meanwhile
            number += 1


def restore_version(draft: str | os.PathLike, reference: str | int, *, now: _dt.datetime | None = None) -> Restored:
    """Make *draft* hold the version called *reference* again.

    The draft's present state is first kept as an automatic version (``恢复“送审稿”前``)
    unless it is already the same speech as one of the versions, so a restore never loses
    anything; a damaged version file is refused before anything changes.
    """
    draft = _draft(draft)
    version = find_version(draft, reference)
    text = version_text(version)
    speech_from_yaml(text, source=str(version.path))  # refuse a damaged version before touching the draft
    kept = keep_before_restore(draft, version, now=now)
    write_atomic(write_target(draft), text.encode("utf-8"), overwrite=True)
    return Restored(version, kept)


def keep_before_restore(
    draft: str | os.PathLike, version: Version, *, speech: Speech | None = None, now: _dt.datetime | None = None
) -> Version | None:
    """Keep *draft*'s present state (or *speech*, what the composer shows) as the automatic
    version ``恢复“名”前`` before *version* is restored (see :func:`keep_current`)."""
    return keep_current(draft, f"恢复“{version.name}”前", speech=speech, now=now)


def keep_current(
    draft: str | os.PathLike, name: str, *, speech: Speech | None = None, now: _dt.datetime | None = None
) -> Version | None:
    """Keep *draft*'s present state (or *speech*, what the composer shows) as the automatic
    version *name* before something replaces it (a restore, a returned 修订稿 imported);
    ``None`` when an existing version already holds that very text (or speech). A draft
    file that no longer reads as one is kept as it is."""
    draft = _draft(draft)
    if holding_version(draft, speech=speech) is not None:
        return None
    if speech is None:  # the file as it is, byte for byte (a writer's comments too)
        raw, _ = read_draft_text(draft)
        return _write(draft, name, raw, automatic=True, now=now)  # even a damaged draft is never thrown away
    return _write(draft, name, _draft_bytes(speech, draft), automatic=True, now=now)


def holding_version(draft: str | os.PathLike, *, speech: Speech | None = None) -> Version | None:
    """The newest version of *draft* that holds the draft file's present text (or *speech*,
    what the composer shows); ``None`` when no version does."""
    draft = _draft(draft)
    found = list(reversed(list_versions(draft)))
    if speech is None:
        _, text = read_draft_text(draft)
        return next((version for version in found if _text_of(version) == text), None)
    return next((version for version in found if _speech_of(version) == speech), None)


def _text_of(version: Version) -> str | None:
    try:
        return version_text(version)
    except ToolkitError:
        return None


def _speech_of(version: Version) -> Speech | None:
    try:
        return read_version(version)
    except ToolkitError:
        return None


# -- the list ------------------------------------------------------------------------------------
def version_history(draft: str | os.PathLike) -> list[VersionEntry]:
    """Every version of *draft*, oldest first, with its 字数 and what changed since the one
    before it (a damaged version file is listed with its ``problem`` and skipped in the
    comparison)."""
    entries = []
    previous: Speech | None = None
    for version in list_versions(draft):
        try:
            speech = read_version(version)
        except ToolkitError as error:
            entries.append(VersionEntry(version, problem=str(error)))
            continue
        change = "第一个版本" if previous is None else summarize(previous, speech)
        entries.append(VersionEntry(version, speech_character_count(speech), change))
        previous = speech
    return entries
