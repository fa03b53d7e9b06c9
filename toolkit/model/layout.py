"""The speech as the page shows it: an ordered list of paragraphs with their roles.

Exporters, the preview, the counts and the checks all read a speech through
:func:`speech_blocks` (what is printed) or :func:`toolkit.model.fields.speech_texts`
(every text the staff member typed, with where it is), so numbering and ordering are
decided in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Literal

from toolkit.model.speech import Speech

Role = Literal[
    "title",
    "byline",
    "salutation",
    "opening",
    "transition",
    "point",
    "point_body",
    "subpoint",
    "subpoint_body",
    "closing",
]


@dataclass(frozen=True)
class Block:
    """One printed paragraph.

    ``role`` says what it is; ``location`` names it for staff (``第2点正文第1段``);
    ``text`` is the whole paragraph as printed. For a point or sub-point, ``marker`` is its
    generated marker, ``lead`` its lead sentence, ``rest`` the body text that follows the
    lead in the same paragraph (run-in layout only) and ``heading`` whether it stands on
    its own line. ``keys`` are the text fields the paragraph is made of, as
    :func:`toolkit.model.fields.field_keys` names them (a run-in point: its lead and its
    first body paragraph, ``points/1/lead`` and ``points/1/body/0``, even while that is empty).
    """

    role: Role
    location: str
    text: str
    marker: str = ""
    lead: str = ""
    rest: str = ""
    heading: bool = False
    keys: tuple[str, ...] = ()

    @property
    def spoken(self) -> bool:
        """Whether the leader reads this paragraph aloud (title and byline are not)."""
        return self.role not in ("title", "byline")


def point_label(number: int) -> str:
    """How staff name a point: ``第2点``."""
    return f"第{number}点"


def subpoint_label(number: int, sub_number: int) -> str:
    """How staff name a sub-point: ``第2点第1小点``."""
    return f"第{number}点第{sub_number}小点"


def speech_blocks(speech: Speech) -> list[Block]:
    """Every printed paragraph of *speech* in order, with markers generated."""
    blocks: list[Block] = []
    if speech.title:
        blocks.append(Block("title", "标题", speech.title, keys=("title",)))
    if speech.byline:
        for line in speech.byline.split("\n"):
            blocks.append(Block("byline", "署名", line, keys=("byline",)))
    if speech.salutation:
        blocks.append(Block("salutation", "称呼", speech.salutation, keys=("salutation",)))
    opening = speech.opening_as_read()
    for i, text in enumerate(opening, 1):
        run_in = i == len(opening) and bool(speech.transition) and speech.transition_run_in  # ends in the transition
        keys = (f"opening/{i - 1}", "transition") if run_in else (f"opening/{i - 1}",)
        blocks.append(Block("opening", f"开头第{i}段", text, keys=keys))
    if speech.transition_is_paragraph:
        blocks.append(Block("transition", "过渡句", speech.transition or "", keys=("transition",)))
    markers = speech.point_markers() if speech.points else []
    for n, (point, marker) in enumerate(zip(speech.points, markers), 1):
        blocks.extend(
            _numbered(
                "point",
                point_label(n),
                marker,
                point.lead,
                point.body,
                speech.points_run_in,
                "point_body",
                f"points/{n - 1}",
            )
        )
        sub_markers = speech.subpoint_markers(point) if point.subpoints else []
        for k, (sub, sub_marker) in enumerate(zip(point.subpoints, sub_markers), 1):
            blocks.extend(
                _numbered(
                    "subpoint",
                    subpoint_label(n, k),
                    sub_marker,
                    sub.lead,
                    sub.body,
                    speech.subpoints_run_in,
                    "subpoint_body",
                    f"points/{n - 1}/subpoints/{k - 1}",
                )
            )
    for i, text in enumerate(speech.closing, 1):
        blocks.append(Block("closing", f"结尾第{i}段", text, keys=(f"closing/{i - 1}",)))
    return blocks


def _numbered(role, label, marker, lead, body, run_in, body_role, key) -> Iterator[Block]:
    """The paragraphs of one point or sub-point: its lead paragraph, then its body.

    Body paragraphs keep their index in the body list in ``location`` (``正文第2段`` is
    ``body[1]``), whether or not ``body[0]`` shares the lead's paragraph.
    """
    first_separate = 0
    if run_in:
        rest = body[0] if body else ""
        first_separate = 1
        yield Block(
            role,
            label,
            marker + lead + rest,
            marker=marker,
            lead=lead,
            rest=rest,
            heading=False,
            keys=(f"{key}/lead", f"{key}/body/0"),
        )
    else:
        yield Block(role, label, marker + lead, marker=marker, lead=lead, heading=True, keys=(f"{key}/lead",))
    for i in range(first_separate, len(body)):
        yield Block(body_role, f"{label}正文第{i + 1}段", body[i], keys=(f"{key}/body/{i}",))
