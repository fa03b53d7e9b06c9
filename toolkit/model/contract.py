"""The JSON contract that ``jianggao import --json`` and ``jianggao show --json`` print.

Other tools read this shape, so it only ever grows by new optional keys::

    {"title": str|null, "byline": str|null, "salutation": str|null, "opening": [str],
     "transition": str|null, "numbering": str|null,
     "points": [{"marker": str, "lead": str, "body": [str],
                 "subpoints": [{"marker": str, "lead": str, "body": [str]}]}],
     "closing": [str], "noise": [str], "import_hints": [str],
     "comments": [{"where": str, "key": str, "author": str, "date": str, "text": str,
                   "quote": str, "done": bool,
                   "replies": [{"author": str, "date": str, "text": str}]}]}

``import_hints`` (what the importer renumbered, see ``Speech.import_hints``) and
``comments`` are present only when there is something to say. ``jianggao show --json``
adds ``timing`` (see :func:`timing_to_contract`): how long the speech takes read aloud.

``opening`` holds the paragraphs as they read: a transition that ends the last opening
paragraph is reported in ``transition`` *and* kept in that paragraph's text. ``comments``
is there only when the speech has comments (批注). ``jianggao import --json`` adds
``revisions`` (see :func:`revisions_to_contract`) when the file had tracked changes.
"""

from __future__ import annotations

from toolkit.model.review import Review, comment_data, comment_place, source_data
from toolkit.model.speech import Speech
from toolkit.model.text import SpeakingTime


def speech_to_contract(speech: Speech, *, timing: SpeakingTime | None = None) -> dict:
    """*speech* as the JSON contract's plain dict (markers generated from the style), with
    ``timing`` when *timing* is given."""
    markers = speech.point_markers() if speech.points else []
    points = []
    for point, marker in zip(speech.points, markers):
        sub_markers = speech.subpoint_markers(point) if point.subpoints else []
        points.append(
            {
                "marker": marker,
                "lead": point.lead,
                "body": list(point.body),
                "subpoints": [
                    {"marker": sub_marker, "lead": sub.lead, "body": list(sub.body)}
                    for sub, sub_marker in zip(point.subpoints, sub_markers)
                ],
            }
        )
    contract = {
        "title": speech.title,
        "byline": speech.byline,
        "salutation": speech.salutation,
        "opening": speech.opening_as_read(),
        "transition": speech.transition,
        "numbering": speech.numbering if speech.points else None,
        "points": points,
        "closing": list(speech.closing),
        "noise": [removed.text for removed in speech.noise],
        **({"import_hints": list(speech.import_hints)} if speech.import_hints else {}),
    }
    if speech.comments:
        contract["comments"] = [
            {"where": comment_place(speech, comment), **comment_data(comment)} for comment in speech.comments
        ]
    if speech.sources:
        contract["sources"] = [
            {"where": comment_place(speech, source), **source_data(source)} for source in speech.sources
        ]
    if timing is not None:
        contract["timing"] = timing_to_contract(timing)
    return contract


def timing_to_contract(timing: SpeakingTime) -> dict:
    """How long the speech takes read aloud: ``{"rate": int, "speaker": str, "characters":
    int, "seconds": int, "limit_minutes": int|null, "over_seconds": int, "over_characters":
    int, "parts": [{"key", "where", "characters", "seconds"}]}`` (``speaker``: the
    讲话人语速 name the rate was found by, ``""`` for the default; ``parts``: 开头, each point
    as printed, 结尾, keyed ``opening``, ``points/0``…, ``closing``)."""
    return {
        "rate": timing.rate,
        "speaker": timing.speaker,
        "characters": timing.characters,
        "seconds": timing.seconds,
        "limit_minutes": timing.limit_minutes,
        "over_seconds": timing.over_seconds,
        "over_characters": timing.over_characters,
        "parts": [
            {"key": part.key, "where": part.where, "characters": part.characters, "seconds": part.seconds}
            for part in timing.parts
        ],
    }


def revisions_to_contract(review: Review) -> dict:
    """The tracked changes of an imported file: ``{"mode": "accept"|"reject", "revisions":
    [{"kind", "author", "date", "text", "where", "key", "from"}]}`` (``kind``: insert, delete,
    move, format, paragraph_format, layout, split, join; ``key`` null outside the speech's
    text; ``from`` the place a moved text came from, else "")."""
    return {
        "mode": review.mode,
        "revisions": [
            {
                "kind": revision.kind,
                "author": revision.author,
                "date": revision.date,
                "text": revision.text,
                "where": revision.where,
                "key": revision.key,
                "from": revision.source,
            }
            for revision in review.revisions
        ],
    }
