"""Text fields addressed by key, and the paragraph edits staff make on the page.

A key names one text field the way :func:`toolkit.model.fields.field_keys` does:
``title``, ``byline``, ``salutation``, ``transition``, ``opening/0``, ``closing/2``,
``points/1/lead``, ``points/1/body/0``, ``points/1/subpoints/0/lead``,
``points/1/subpoints/0/body/3`` (indices from 0). The composer's page sends edits by key;
this module applies them to a :class:`~toolkit.model.speech.Speech`, so splitting a
paragraph with Enter or joining two with Backspace is decided here, once. A reviewer's
comment on a field (:attr:`Speech.comments`, attached by key) and the source of a text taken
from the archive (:attr:`Speech.sources`) follow their text through each of these edits.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass

from toolkit.model.speech import Point, Source, Speech, SubPoint

SINGLE_FIELDS = ("title", "byline", "salutation", "transition")
"""Fields that are one text each (a title may hold several lines); empty means unset."""


class PlaceError(ValueError):
    """A key that names no field of the speech (the page was out of date)."""


@dataclass(frozen=True)
class Caret:
    """Where the writer's cursor goes after an edit: the field *key*, *offset* characters in."""

    key: str
    offset: int = 0


def _owner(speech: Speech, parts: list[str]) -> Point | SubPoint:
    """The point or sub-point ``points/N`` or ``points/N/subpoints/K`` names."""
    try:
        point = speech.points[int(parts[1])]
        if len(parts) >= 4 and parts[2] == "subpoints":
            return point.subpoints[int(parts[3])]
        return point
    except (IndexError, ValueError) as error:
        raise PlaceError(f"no such point: {'/'.join(parts)}") from error


def _split_key(key: str) -> list[str]:
    parts = key.split("/")
    if parts[0] in SINGLE_FIELDS and len(parts) == 1:
        return parts
    if parts[0] in ("opening", "closing") and len(parts) == 2 and parts[1].isdigit():
        return parts
    if parts[0] == "points" and len(parts) >= 3 and parts[1].isdigit():
        tail = parts[2:]
        if tail[:1] == ["subpoints"] and len(tail) >= 3 and tail[1].isdigit():
            tail = tail[2:]
        if tail == ["lead"] or (len(tail) == 2 and tail[0] == "body" and tail[1].isdigit()):
            return parts
    raise PlaceError(f"not a field key: {key!r}")


def paragraph_list(speech: Speech, key: str) -> tuple[list[str], int] | None:
    """``(paragraphs, index)`` when *key* names a paragraph in a list (an opening, closing or
    body paragraph), else ``None`` (a title, lead…)."""
    parts = _split_key(key)
    if parts[0] in ("opening", "closing"):
        return getattr(speech, parts[0]), int(parts[1])
    if parts[0] == "points" and parts[-2] == "body":
        return _owner(speech, parts).body, int(parts[-1])
    return None


def _list_prefix(key: str) -> str:
    """The list a paragraph key's index counts in: ``points/1/body`` for ``points/1/body/3``."""
    return key.rsplit("/", 1)[0]


def _comments_on(speech: Speech, key: str):
    """The comments and sources attached to the field *key*."""
    return [item for item in speech.anchored() if item.key == key]


def _follow(speech: Speech, key: str, pieces: list[str], first: int) -> None:
    """The paragraph *key* became *pieces*, now at ``first``, ``first + 1``…: each comment on it
    goes to the piece holding its quoted words (the first piece when none does); the
    paragraphs after it move down by ``len(pieces) - 1``."""
    prefix, index = _list_prefix(key), int(key.rsplit("/", 1)[1])
    moving = _comments_on(speech, key)
    if len(pieces) != 1:
        speech.reindex_anchored(prefix, lambda k: k + len(pieces) - 1 if k > index else k)
    for comment in moving:
        holder = next((n for n, piece in enumerate(pieces) if comment.quote and comment.quote in piece), 0)
        comment.key = f"{prefix}/{first + holder}"


def read_field(speech: Speech, key: str) -> str:
    """The text of the field *key* (``""`` for an unset one or the empty slot after a list)."""
    parts = _split_key(key)
    if parts[0] in SINGLE_FIELDS:
        return getattr(speech, parts[0]) or ""
    listed = paragraph_list(speech, key)
    if listed is not None:
        paragraphs, index = listed
        return paragraphs[index] if index < len(paragraphs) else ""
    return _owner(speech, parts).lead


def write_field(speech: Speech, key: str, text: str) -> None:
    """Put *text* into the field *key*. A paragraph key one past the end of its list adds
    the paragraph (the empty 开头 / 结尾 / 正文 slot the page offers); an empty single field
    becomes unset. Line breaks are kept in the title and byline (several lines); pasted
    lines in a paragraph become paragraphs of their own; elsewhere they are joined."""
    parts = _split_key(key)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if parts[0] not in ("title", "byline") and "\n" in text:
        listed = paragraph_list(speech, key)
        if listed is not None and len(lines) > 1:
            paragraphs, index = listed
            if index < len(paragraphs):
                _follow(speech, key, lines, index)
            paragraphs[index : index + 1] = lines
            return
        text = "".join(lines)
    if parts[0] in SINGLE_FIELDS:
        setattr(speech, parts[0], text if text.strip() else None)
        return
    listed = paragraph_list(speech, key)
    if listed is None:
        _owner(speech, parts).lead = text
        return
    paragraphs, index = listed
    if index < len(paragraphs):
        paragraphs[index] = text
    elif index == len(paragraphs):
        if text:
            paragraphs.append(text)
    else:
        raise PlaceError(f"paragraph {key!r} is past the end")


def replace_paragraphs(speech: Speech, prefix: str, paragraphs: list[str]) -> None:
    """The paragraph list *prefix* (``opening``, ``closing``, ``points/1/body``,
    ``points/1/subpoints/0/body``) becomes *paragraphs* (the 结构 tab's text box rewritten, one
    paragraph a line). Each comment on the list goes to the paragraph that now holds its
    text: the same paragraph where it is unchanged, else one holding its quoted words, else
    the one in its place; a comment whose paragraph was deleted is attached to no field."""
    listed = paragraph_list(speech, f"{prefix}/0")
    if listed is None:
        raise PlaceError(f"not a paragraph list: {prefix!r}")
    old = list(listed[0])
    listed[0][:] = paragraphs
    mapping: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, paragraphs, autojunk=False).get_opcodes():
        if tag == "equal":
            mapping.update((i1 + k, j1 + k) for k in range(i2 - i1))
        elif tag == "replace":
            mapping.update((i, j1 + min(i - i1, j2 - j1 - 1)) for i in range(i1, i2))
    head = prefix + "/"
    for comment in speech.anchored():
        index_text = comment.key[len(head) :] if comment.key.startswith(head) else ""
        if not index_text.isdigit():
            continue
        index = int(index_text)
        new = mapping.get(index)
        holders = [j for j, text in enumerate(paragraphs) if comment.quote and comment.quote in text]
        if holders and new not in holders:
            new = min(holders, key=lambda j: abs(j - (index if new is None else new)))
        comment.key = f"{prefix}/{new}" if new is not None else ""


def _with_index(key: str, index: int) -> str:
    return key.rsplit("/", 1)[0] + f"/{index}"


def split_field(speech: Speech, key: str, before: str, after: str, *, run_in: bool = False) -> Caret | None:
    """Enter in the field *key*, whose text is now *before* the cursor and *after* it.

    A paragraph splits in two and the cursor starts the second one. A lead sentence keeps
    *before*, and *after* starts the point's body (its first paragraph); in a run-in layout
    (*run_in*: the lead and the first body paragraph share one printed paragraph) Enter at
    the end of the lead starts a new paragraph after that shared one. Returns where the
    cursor goes, or ``None`` for a single field (title, 称呼…), which Enter leaves as it is."""
    parts = _split_key(key)
    if parts[0] in SINGLE_FIELDS:
        return None
    listed = paragraph_list(speech, key)
    if listed is not None:
        paragraphs, index = listed
        if index >= len(paragraphs):  # typing into the empty slot: it becomes a paragraph
            paragraphs.append(before)
            index = len(paragraphs) - 1
        _follow(speech, _with_index(key, index), [before, after], index)
        paragraphs[index] = before
        paragraphs.insert(index + 1, after)
        return Caret(_with_index(key, index + 1))
    owner = _owner(speech, parts)
    owner.lead = before
    body_key = key.rsplit("/", 1)[0] + "/body"
    # a comment on the lead whose quoted words went after the cursor follows them into the body
    leaving = [c for c in _comments_on(speech, key) if after and c.quote and c.quote in after and c.quote not in before]
    if run_in:
        if after:
            owner.body[:1] = [after + (owner.body[0] if owner.body else "")]
            _attach(leaving, f"{body_key}/0")
            return Caret(f"{body_key}/0")
        if not owner.body:
            owner.body.append("")
        speech.reindex_anchored(body_key, lambda k: k + 1 if k >= 1 else k)
        owner.body.insert(1, "")
        return Caret(f"{body_key}/1")
    speech.reindex_anchored(body_key, lambda k: k + 1)
    owner.body.insert(0, after)
    _attach(leaving, f"{body_key}/0")
    return Caret(f"{body_key}/0")


def _attach(comments, key: str) -> None:
    for comment in comments:
        comment.key = key


def join_with_previous(speech: Speech, key: str, text: str) -> Caret | None:
    """Backspace at the start of the field *key*, whose text is now *text*.

    A paragraph after another of the same list joins it (the cursor goes to the join); an
    empty first paragraph of a body, an opening or a closing is removed. Returns where the
    cursor goes, or ``None`` when nothing changes (the page then moves the cursor to the end
    of the field before)."""
    listed = paragraph_list(speech, key)
    if listed is None:
        return None
    paragraphs, index = listed
    prefix = _list_prefix(key)
    if 0 < index <= len(paragraphs):
        previous = paragraphs[index - 1]
        paragraphs[index - 1] = previous + text
        if index < len(paragraphs):
            del paragraphs[index]
            speech.reindex_anchored(prefix, lambda k: k - 1 if k >= index else k)
        return Caret(_with_index(key, index - 1), len(previous))
    if index == 0 and not text and paragraphs:
        del paragraphs[0]
        # a comment on the empty paragraph stays in the speech, attached to no field
        speech.reindex_anchored(prefix, lambda k: None if k == 0 else k - 1)
        return Caret(key, -1)  # the page puts the cursor at the end of the field before
    return None


def material_places(speech: Speech, *, whole_point: bool = False) -> list[tuple[str, str]]:
    """Where a text taken from the archive can go, as ``(label for staff, place)``: the end of
    the opening, the end of point N's body, a new point, the closing; a whole point only as a
    new point (last, or before point N). *place* is what :func:`insert_material` takes."""
    count = len(speech.points)
    if whole_point:
        return [("作为新的一点（最后）", "point")] + [
            (f"作为新的一点（第{n + 1}点之前）", f"point/{n}") for n in range(count)
        ]
    return (
        [("开头末尾", "opening")]
        + [(f"第{n + 1}点正文末尾", f"points/{n}") for n in range(count)]
        + [("作为新的一点", "point"), ("结尾末尾", "closing")]
    )


def material_inserted(speech: Speech, place: str, count: int) -> str:
    """What was done, for staff, once *count* paragraphs went to *place* (one of
    :func:`material_places`) of *speech* (as it is after the insertion): ``已插入2段到开头末尾``,
    ``已插入2段，作为新的第3点（放在最后）``, ``已插入3段，作为新的第1点（放在原第1点之前）``."""
    if place == "point" or place.startswith("point/"):
        if place == "point":
            return f"已插入{count}段，作为新的第{len(speech.points)}点（放在最后）"
        number = int(place.split("/")[1]) + 1
        return f"已插入{count}段，作为新的第{number}点（放在原第{number}点之前）"
    if place.startswith("points/"):
        return f"已插入{count}段到第{int(place.split('/')[1]) + 1}点正文末尾"
    if place in ("opening", "closing"):
        return f"已插入{count}段到{'开头末尾' if place == 'opening' else '结尾末尾'}"
    raise PlaceError(f"not a place for material: {place!r}")


def insert_material(speech: Speech, place: str, paragraphs: list[tuple[str, str]], origin: Source) -> list[str]:
    """Put *paragraphs* (``(part, text)``, parts as the archive names them: 要点主旨句, 要点正文,
    小点主旨句, 小点正文, 开头…) at *place* (see :func:`material_places`) and remember, for
    each field written, where it came from (*origin* with that field's key and text, added
    to :attr:`Speech.sources`). A new point takes its lead from a 要点主旨句 and its sub-points
    from 小点 paragraphs; anywhere else every paragraph is a paragraph. Returns the keys
    written, in order."""
    texts = [text for _part, text in paragraphs]
    written: list[tuple[str, str]] = []
    if place in ("opening", "closing") or place.startswith("points/"):
        if place.startswith("points/"):
            index = int(place.split("/")[1])
            target, prefix = speech.points[index].body, place + "/body"
        else:
            target, prefix = getattr(speech, place), place
        for text in texts:
            target.append(text)
            written.append((f"{prefix}/{len(target) - 1}", text))
    elif place == "point" or place.startswith("point/"):
        point, fields = _point_from(paragraphs)
        index = len(speech.points) if place == "point" else int(place.split("/")[1])
        speech.add_point(point, index)
        written = [(f"points/{index}/{field}", text) for field, text in fields]
    else:
        raise PlaceError(f"not a place for material: {place!r}")
    speech.sources += [dataclasses.replace(origin, key=key, text=text) for key, text in written]
    return [key for key, _text in written]


def _point_from(paragraphs: list[tuple[str, str]]) -> tuple[Point, list[tuple[str, str]]]:
    """A point made of archived *paragraphs*, and each field's key under the point with its text."""
    point = Point()
    fields: list[tuple[str, str]] = []
    for part, text in paragraphs:
        if part == "要点主旨句" and not point.lead:
            point.lead = text
            fields.append(("lead", text))
        elif part.startswith("小点"):
            if part == "小点主旨句" or not point.subpoints:
                point.subpoints.append(SubPoint())
            sub, k = point.subpoints[-1], len(point.subpoints) - 1
            if part == "小点主旨句":
                sub.lead = text
                fields.append((f"subpoints/{k}/lead", text))
            else:
                sub.body.append(text)
                fields.append((f"subpoints/{k}/body/{len(sub.body) - 1}", text))
        else:
            point.body.append(text)
            fields.append((f"body/{len(point.body) - 1}", text))
    return point, fields
