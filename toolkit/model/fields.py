"""The walk over every text field of a speech, with the place names staff read.

Checks, variable filling, the variables form and the exporters all visit a speech's text
through :func:`speech_texts` (read) or :func:`map_speech_texts` (a changed copy), so the
order of the fields and their names (标题, 开头第1段, 第2点主旨句, 第2点第1小点正文第3段,
结尾第1段…) are decided here only.
"""

from __future__ import annotations

import copy
import re
from typing import Callable, Iterator

from toolkit.model.layout import point_label, subpoint_label
from toolkit.model.speech import Speech

_Getter = Callable[[], "str | None"]
_Setter = Callable[[str], None]


def _slots(speech: Speech, metadata: bool = False) -> Iterator[tuple[str, _Getter, _Setter]]:
    """``(where, read, write)`` for every text field of *speech*, in reading order; with
    *metadata*, then the meeting's facts and the variables' values too."""
    for where, _key, read, write in _keyed_slots(speech, metadata):
        yield where, read, write


def _keyed_slots(speech: Speech, metadata: bool = False) -> Iterator[tuple[str, str, _Getter, _Setter]]:
    """``(where, key, read, write)``: :func:`_slots` with each field's key (see
    :func:`field_keys`)."""

    def attribute(owner, name):
        return (lambda: getattr(owner, name)), (lambda value: setattr(owner, name, value))

    def item(items: list[str], index: int):
        return (lambda: items[index]), (lambda value: items.__setitem__(index, value))

    for where, name in (("标题", "title"), ("署名", "byline"), ("称呼", "salutation")):
        yield (where, name, *attribute(speech, name))
    for i in range(len(speech.opening)):
        yield (f"开头第{i + 1}段", f"opening/{i}", *item(speech.opening, i))
    yield ("过渡句", "transition", *attribute(speech, "transition"))
    for n, point in enumerate(speech.points, 1):
        key = f"points/{n - 1}"
        yield (f"{point_label(n)}主旨句", f"{key}/lead", *attribute(point, "lead"))
        for i in range(len(point.body)):
            yield (f"{point_label(n)}正文第{i + 1}段", f"{key}/body/{i}", *item(point.body, i))
        for k, sub in enumerate(point.subpoints, 1):
            sub_key = f"{key}/subpoints/{k - 1}"
            yield (f"{subpoint_label(n, k)}主旨句", f"{sub_key}/lead", *attribute(sub, "lead"))
            for i in range(len(sub.body)):
                yield (f"{subpoint_label(n, k)}正文第{i + 1}段", f"{sub_key}/body/{i}", *item(sub.body, i))
    for i in range(len(speech.closing)):
        yield (f"结尾第{i + 1}段", f"closing/{i}", *item(speech.closing, i))
    if metadata:
        for where, name in (("会议名称", "name"), ("讲话人", "speaker"), ("会议地点", "place")):
            yield (where, f"meeting/{name}", *attribute(speech.meeting, name))
        for name in list(speech.variables):
            yield (
                f"变量“{name}”",
                f"variables/{name}",
                (lambda n=name: speech.variables[n]),
                (lambda value, n=name: speech.variables.__setitem__(n, value)),
            )


def field_keys(speech: Speech) -> dict[str, str]:
    """Each text field's place name (``第2点正文第1段``) → its key, the address the composer's
    page uses for it: ``title``, ``byline``, ``salutation``, ``transition``, ``opening/0``,
    ``points/1/lead``, ``points/1/body/0``, ``points/1/subpoints/0/lead``,
    ``points/1/subpoints/0/body/2``, ``closing/0`` (indices from 0)."""
    return {where: key for where, key, _read, _write in _keyed_slots(speech)}


def place_of(speech: Speech, key: str, keys: dict[str, str] | None = None) -> str | None:
    """The place name staff read (``第2点主旨句``) of the field *key* (``points/1/lead``);
    ``None`` when *key* names no field of *speech*. *keys* is :func:`field_keys` when the
    caller has it already."""
    keys = field_keys(speech) if keys is None else keys
    return next((where for where, found in keys.items() if found == key), None)


def place_key(speech: Speech, where: str, keys: dict[str, str] | None = None) -> str | None:
    """The key of the field a place name points at: a field's own name (``第2点正文第1段``),
    or a point or sub-point (``第3点``, ``第1点第2小点``: its lead); ``None`` for a place that
    is no one field (``全文``, ``编号``, a variable). *keys* is :func:`field_keys` when the
    caller has it already."""
    keys = field_keys(speech) if keys is None else keys
    if where in keys:
        return keys[where]
    found = re.fullmatch(r"第(\d+)点(?:第(\d+)小点)?", where)
    if not found:
        return None
    key = f"points/{int(found.group(1)) - 1}"
    if found.group(2):
        key += f"/subpoints/{int(found.group(2)) - 1}"
    return key + "/lead"


_SHOWN_WHEN_SET = ("标题", "署名", "称呼", "过渡句", "会议名称", "讲话人", "会议地点")


def speech_texts(speech: Speech, *, metadata: bool = False) -> Iterator[tuple[str, str]]:
    """``(where, text)`` of every text field in reading order; with *metadata*, then the
    meeting's facts and the variables' values (``变量“县名”``).

    Title, byline, salutation, transition and the meeting's facts appear only when set;
    lead sentences always (an empty lead is a problem the checks report)."""
    for where, read, _ in _slots(speech, metadata):
        text = read()
        if text is None or (text == "" and where in _SHOWN_WHEN_SET):
            continue
        yield where, text


def map_speech_texts(
    speech: Speech, change: Callable[[str, str], str], *, metadata: bool = False, in_place: bool = False
) -> Speech:
    """*speech* with every text field (and with *metadata* the meeting's facts and the
    variables' values) replaced by ``change(where, text)``: a copy, unless *in_place*.

    Fields that are ``None`` stay ``None``."""
    changed = speech if in_place else copy.deepcopy(speech)
    for where, read, write in _slots(changed, metadata):
        text = read()
        if text is not None:
            write(change(where, text))
    return changed
