"""The speech as the composer's editable page shows it: plain data for the page widget.

Each printed paragraph (from :func:`~toolkit.model.layout.speech_blocks`, so order and
numbering are decided in one place) becomes a block: its look (the preview's styles, see
:func:`~toolkit.exporters.html.paragraph_style`), its generated marker, the text fields it
is made of (each by key, split into segments so placeholders and variables can be
highlighted), the problems found in it, which controls it offers, and, on the first
paragraph of the opening, of each point and of the closing, how long that part takes read
aloud (``time``, e.g. ``约1分20秒``, with ``time_note`` saying how it was reckoned). Parts the speech
does not have yet (a title, a 称呼, an opening, a transition, a closing) appear as empty
slots with a hint, so the writer can click and type there.

A segment is ``[kind, raw, shown, name]`` (plain text only ``["t", raw]``): ``kind`` is
``"t"`` (plain text), ``"p"`` (a
placeholder such as ×县, highlighted but typed over like text), ``"v"`` (a variable with a
value: shown as its value, one piece the writer clicks to change), ``"u"`` (a variable
still without a value, shown by its name) or ``"l"`` (a value kept as literal text). The
concatenated ``raw`` parts are exactly the field's text, so the page can give it back.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from toolkit.exporters.html import paragraph_style
from toolkit.model.fields import field_keys, place_key
from toolkit.model.layout import Block, speech_blocks
from toolkit.model.numbering import chinese_numeral
from toolkit.model.places import read_field
from toolkit.model.review import comment_place, shorten
from toolkit.model.speech import Comment, Speech
from toolkit.model.text import SpeakingTime, format_duration, part_key
from toolkit.model.variables import (
    LITERAL,
    PLACEHOLDER,
    VARIABLE,
    expand_list_points,
    list_items,
    literal_text,
    lone_variable,
)

_PIECES = re.compile(f"(?P<l>{LITERAL.pattern})|(?P<v>{VARIABLE.pattern})|(?P<p>{PLACEHOLDER.pattern})")

HINTS = {
    "title": "点击输入标题，如：在全县××工作会议上的讲话",
    "byline": "署名（可不填），如：××× 县委书记",
    "salutation": "称呼，如：同志们：",
    "opening": "开头：点击输入第一段",
    "transition": "过渡句，如：下面，我讲几点意见。",
    "closing": "结尾：点击输入，如：同志们，……",
    "lead": "主旨句",
    "body": "正文",
}
"""The grey hint an empty field shows (never printed)."""


def segments(text: str, shown: Callable[[str], str], filled: Callable[[str], bool]) -> list[list[str]]:
    """*text* cut into segments (see the module's docstring); *filled(name)* says whether a
    variable has a value and *shown(raw)* how the expression *raw* prints."""
    pieces: list[list[str]] = []
    at = 0
    for match in _PIECES.finditer(text):
        if match.start() > at:
            pieces.append(["t", text[at : match.start()]])
        raw = match.group(0)
        if match.group("l"):
            pieces.append(["l", raw, literal_text(raw), ""])
        elif match.group("v"):
            name = VARIABLE.fullmatch(raw).group(1)
            if filled(name):
                pieces.append(["v", raw, shown(raw), name])
            else:
                pieces.append(["u", raw, name, name])
        else:
            pieces.append(["p", raw, raw, raw])
        at = match.end()
    if at < len(text) or not pieces:
        pieces.append(["t", text[at:]])
    return pieces


NOTE_CHARACTERS = 500
"""A comment's words on the page are cut (with …) beyond this; the draft keeps them whole."""


def comment_note(speech: Speech, comment: Comment, index: int) -> dict[str, Any]:
    """The note an open comment is on the page: ``severity`` ``"comment"``, who wrote it,
    its words, the words it is on, the replies, and its ``comment`` index in
    ``speech.comments`` (what 标为已处理 sends back)."""
    return {
        "severity": "comment",
        "author": comment.author or "未署名",
        "text": shorten(comment.text, NOTE_CHARACTERS),
        "quote": shorten(comment.quote, NOTE_CHARACTERS),
        "replies": [f"{reply.author or '未署名'}：{shorten(reply.text, NOTE_CHARACTERS)}" for reply in comment.replies],
        "where": comment_place(speech, comment),
        "comment": index,
    }


def _copies(speech: Speech, values: dict[str, Any]) -> list[tuple[int, int, list[str] | None]]:
    """For each point as printed, ``(its point in the draft, which copy, the list items)``:
    a point whose lead is one list variable (``{{ 要点 }}`` holding three lines) prints as
    one point per item (see :func:`~toolkit.model.variables.expand_list_points`)."""
    copies: list[tuple[int, int, list[str] | None]] = []
    for index, point in enumerate(speech.points):
        name = lone_variable(point.lead)
        items = list_items(values.get(name)) if name else None
        copies += [(index, number, items) for number in range(len(items))] if items else [(index, 0, None)]
    return copies


def _draft_key(key: str, copies: list[tuple[int, int, list[str] | None]]) -> str:
    """*key* of the printed speech (``points/4/lead``) as the draft's (``points/2/lead``)."""
    parts = key.split("/")
    if parts[0] == "points":
        parts[1] = str(copies[int(parts[1])][0])
    return "/".join(parts)


def _controls(block: Block, speech: Speech, key: str) -> dict[str, Any] | None:
    """What the controls beside a point's or sub-point's lead (field *key*) act on."""
    if block.role not in ("point", "subpoint"):
        return None
    parts = key.split("/")
    index = int(parts[1])
    if block.role == "point":
        return {
            "kind": "point",
            "index": index,
            "count": len(speech.points),
            "name": f"第{chinese_numeral(index + 1)}点",
        }
    sub = int(parts[3])
    return {
        "kind": "subpoint",
        "index": index,
        "sub": sub,
        "count": len(speech.points[index].subpoints),
        "name": f"第{chinese_numeral(index + 1)}点的第{chinese_numeral(sub + 1)}小点",
    }


def editor_page(
    speech: Speech,
    problems: Iterable[Any] = (),
    *,
    shown: Callable[[str], str] = lambda raw: raw,
    values: dict[str, Any] | None = None,
    timing: SpeakingTime | None = None,
) -> dict[str, Any]:
    """The page of *speech* for the editor: ``{"blocks": [...], "notes": [...]}``.

    *problems* (the checks' findings, each with ``where``, ``message`` and ``severity``) are
    put beside the paragraph they name; those about the whole speech (全文, 编号, a variable)
    go to ``notes``. Each open comment (批注) is a note of its own kind beside its field (see
    :func:`comment_note`), instead of the checks' finding about it. *values* are the variables that have values and *shown* how an
    expression prints (see :func:`segments`). A point made from a list variable prints once
    per item: the copies after the first are marked ``generated`` and cannot be typed in
    (their text is the first one's). *timing* (the speech as printed, timed) puts each
    part's time beside its first paragraph."""
    values = values or {}
    filled = values.__contains__
    copies = _copies(speech, values)
    keys = field_keys(speech)
    notes_by_key: dict[str, list[dict[str, str]]] = {}
    page_notes: list[dict[str, str]] = []
    for problem in problems:
        if getattr(problem, "comment", None) is not None:
            continue  # the comment itself is shown, below
        note = {"severity": problem.severity, "text": problem.message, "where": problem.where}
        key = place_key(speech, problem.where, keys)
        (notes_by_key.setdefault(key, []) if key else page_notes).append(note)
    known = set(keys.values())
    for index, comment in enumerate(speech.comments):
        if not comment.done:
            note = comment_note(speech, comment, index)
            (notes_by_key.setdefault(comment.key, []) if comment.key in known else page_notes).append(note)

    def field(key: str, hint: str, part: str = "text") -> dict[str, Any]:
        return {"key": key, "part": part, "hint": hint, "segments": segments(read_field(speech, key), shown, filled)}

    def slot(role: str, style: str, key: str) -> dict[str, Any]:
        return {
            "id": key,
            "role": role,
            "style": style,
            "marker": "",
            "lead": "",
            "empty": True,
            "generated": False,
            "fields": [field(key, HINTS[role])],
            "notes": notes_by_key.get(key, []),
            "controls": None,
            "time": None,
            "time_note": "",
        }

    timed: set[str] = set()

    def time_of(block: Block) -> dict[str, Any]:
        """The time of the part *block* opens (once per part), for the margin."""
        part = timing.part(part_key(block.keys)) if timing and block.spoken else None
        if part is None or part.key in timed:
            return {"time": None, "time_note": ""}
        timed.add(part.key)
        note = f"{part.name}约 {part.characters} 字，按每分钟 {timing.rate} 字计"
        return {"time": format_duration(part.seconds), "time_note": note}

    printed = expand_list_points(speech, values) if len(copies) != len(speech.points) else speech
    blocks: list[dict[str, Any]] = []
    seen_byline = False
    for block in speech_blocks(printed):
        if block.role == "byline":
            if seen_byline:
                continue  # one field holds every line of the byline
            seen_byline = True
        style, lead_kind = paragraph_style(printed, block)
        copy = copies[int(block.keys[0].split("/")[1])] if block.keys[0].startswith("points/") else (0, 0, None)
        draft_keys = [_draft_key(key, copies) for key in block.keys]
        fields = []
        for index, key in enumerate(draft_keys):
            if key.endswith("/lead"):
                fields.append(field(key, HINTS["lead"], "lead"))
                if copy[2] and key.count("/") == 2:  # the lead is the list variable: this copy's item
                    raw = read_field(speech, key)
                    fields[-1]["segments"] = [["v", raw, copy[2][copy[1]], lone_variable(raw)]]
            else:
                hint = HINTS["body"] if "/body/" in key else HINTS.get(key.split("/")[0], "")
                fields.append(field(key, hint if index == 0 or "/body/" in key else ""))
            fields[-1]["readonly"] = copy[1] > 0
        notes = [note for key in draft_keys for note in notes_by_key.get(key, [])] if copy[1] == 0 else []
        blocks.append(
            {
                "id": draft_keys[0] + (f"#{copy[1]}" if copy[1] else ""),
                "role": block.role,
                "style": style,
                "marker": block.marker,
                "lead": lead_kind,
                "empty": False,
                "generated": copy[1] > 0,
                "fields": fields,
                "notes": notes,
                "controls": None if copy[1] else _controls(block, speech, draft_keys[0]),
                **time_of(block),
            }
        )
    roles = [block["role"] for block in blocks]
    if "title" not in roles:
        blocks.insert(0, slot("title", "title", "title"))
    after_title = 1
    if "byline" not in roles:
        blocks.insert(after_title, slot("byline", "byline", "byline"))
    after_title += 1
    if "salutation" not in roles:
        blocks.insert(after_title, slot("salutation", "salutation", "salutation"))
    if "opening" not in roles:
        blocks.insert(after_title + 1, slot("opening", "body", "opening/0"))
    if not speech.transition:
        at = max(i for i, block in enumerate(blocks) if block["role"] in ("title", "byline", "salutation", "opening"))
        blocks.insert(at + 1, slot("transition", "body", "transition"))
    if not speech.closing:
        blocks.append(slot("closing", "body", "closing/0"))
    return {"blocks": blocks, "notes": page_notes}
