"""The walk over every text field of a speech, with the place names staff read.

Checks, variable filling, the variables form and the exporters all visit a speech's text
through :func:`speech_texts` (read) or :func:`map_speech_texts` (a changed copy), so the
order of the fields and their names (标题, 开头第1段, 第2点主旨句, 第2点第1小点正文第3段,
结尾第1段…) are decided here only.
"""

from __future__ import annotations

import copy
from typing import Callable, Iterator

from toolkit.model.layout import point_label, subpoint_label
from toolkit.model.speech import Speech

_Getter = Callable[[], "str | None"]
_Setter = Callable[[str], None]


def _slots(speech: Speech) -> Iterator[tuple[str, _Getter, _Setter]]:
    """``(where, read, write)`` for every text field of *speech*, in reading order."""

    def attribute(owner, name):
        return (lambda: getattr(owner, name)), (lambda value: setattr(owner, name, value))

    def item(items: list[str], index: int):
        return (lambda: items[index]), (lambda value: items.__setitem__(index, value))

    for where, name in (("标题", "title"), ("署名", "byline"), ("称呼", "salutation")):
        yield (where, *attribute(speech, name))
    for i in range(len(speech.opening)):
        yield (f"开头第{i + 1}段", *item(speech.opening, i))
    yield ("过渡句", *attribute(speech, "transition"))
    for n, point in enumerate(speech.points, 1):
        yield (f"{point_label(n)}主旨句", *attribute(point, "lead"))
        for i in range(len(point.body)):
            yield (f"{point_label(n)}正文第{i + 1}段", *item(point.body, i))
        for k, sub in enumerate(point.subpoints, 1):
            yield (f"{subpoint_label(n, k)}主旨句", *attribute(sub, "lead"))
            for i in range(len(sub.body)):
                yield (f"{subpoint_label(n, k)}正文第{i + 1}段", *item(sub.body, i))
    for i in range(len(speech.closing)):
        yield (f"结尾第{i + 1}段", *item(speech.closing, i))


def speech_texts(speech: Speech) -> Iterator[tuple[str, str]]:
    """``(where, text)`` of every text field in reading order.

    Title, byline, salutation and transition appear only when set; lead sentences always
    (an empty lead is a problem the checks report)."""
    for where, read, _ in _slots(speech):
        text = read()
        if text is None or (text == "" and where in ("标题", "署名", "称呼", "过渡句")):
            continue
        yield where, text


def map_speech_texts(speech: Speech, change: Callable[[str, str], str]) -> Speech:
    """A copy of *speech* whose every text field is ``change(where, text)``.

    Fields that are ``None`` stay ``None``; *speech* itself is not touched."""
    changed = copy.deepcopy(speech)
    for where, read, write in _slots(changed):
        text = read()
        if text is not None:
            write(change(where, text))
    return changed
