"""What a reviewed Word file held: a leader's revisions (修订) and comments (批注).

A .docx returned with tracked changes is never resolved silently: the importer accepts
(by default) or rejects every revision and lists each one, with who made it, when, the
text it inserted, deleted, moved or re-formatted, and the place staff read (标题,
开头第1段, 第2点主旨句, 页眉…). Comments go into the speech itself
(:attr:`~toolkit.model.speech.Speech.comments`) and are listed with the revisions. A
:class:`Review` is that report as data, so the command line, the composer and whatever
reads a returned 修订稿 later show the same thing; its :meth:`Review.lines` are the words.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Literal

from toolkit.model.fields import place_of
from toolkit.model.speech import Comment, Source, Speech

RevisionMode = Literal["accept", "reject"]
"""``accept``: the text as the reviewer left it; ``reject``: the text as it was before."""
REVISION_MODES: tuple[str, ...] = ("accept", "reject")

RevisionKind = Literal["insert", "delete", "move", "format", "paragraph_format", "layout", "split", "join"]
"""``insert``/``delete``: text; ``move``: text moved elsewhere (Word's 移动); ``format``,
``paragraph_format`` and ``layout`` (a table's or the page's): formatting only, no text
changed; ``split``: a paragraph broken in two; ``join``: two paragraphs made one."""

WHOLE_SPEECH = "全文"
"""The place of a comment that is attached to no one field."""
SHOWN_CHARACTERS = 60
"""Longer texts are shortened with … where a line names them (the data keeps them whole)."""


@dataclass(frozen=True)
class Revision:
    """One tracked change found in the file."""

    kind: RevisionKind
    author: str
    """As Word recorded it; ``""`` when the file does not say."""
    date: str
    """As Word wrote it (``2026-11-02T09:15:00Z``); ``""`` when the file does not say."""
    text: str
    """The words inserted, deleted or moved, or whose formatting changed."""
    where: str
    """The place staff read: a field's place name (``第2点正文第1段``, with ``（表格中）`` for a
    table cell, ``之前``/``之后`` for a whole paragraph that is no longer there), or the part
    of the file that is not the speech's text (页眉, 页脚, 脚注, 尾注)."""
    key: str | None = None
    """The field's key (``points/1/body/0``), ``None`` outside the speech's text."""
    source: str = ""
    """For a move, the place the text came from (``where`` is where it went)."""
    outside: bool = False
    """Whether the change is in a part the importer does not read (a header, a footnote)."""


@dataclass
class Review:
    """The revisions and comments of one imported file (both empty for a clean file)."""

    mode: RevisionMode = "accept"
    """Whether the revisions were accepted or rejected."""
    revisions: list[Revision] = field(default_factory=list)
    """In reading order: the body first, then headers and footers, then notes."""
    comments: list[Comment] = field(default_factory=list)
    """The speech's comments as imported (the same objects as ``speech.comments``)."""
    notes: list[str] = field(default_factory=list)
    """Oddities of the file worth a line (a comment mark whose comment is missing…)."""

    def __bool__(self) -> bool:
        return bool(self.revisions or self.comments or self.notes)

    def lines(self, speech: Speech | None = None) -> list[str]:
        """The report in words, one line a revision, comment or note. With *speech*, each
        comment is named by its number in ``speech.comments`` and its place now."""
        found = []
        if self.revisions:
            outcome = "全部接受（按修改后的文字导入）" if self.mode == "accept" else "全部拒绝（按修改前的文字导入）"
            found.append(f"修订：{len(self.revisions)} 处，{outcome}")
            found += [f"  {describe_revision(revision, self.mode)}" for revision in self.revisions]
        if self.comments:
            found.append(f"批注：{len(self.comments)} 条，已保留在草稿中，处理后标为已处理")
            for number, comment in enumerate(self.comments, 1):
                if speech is not None:
                    number = next((n for n, c in enumerate(speech.comments, 1) if c is comment), number)
                found.append(f"  {describe_comment(comment, speech, number)}")
        found += [f"注意：{note}" for note in self.notes]
        return found


def shorten(text: str, width: int = SHOWN_CHARACTERS) -> str:
    """*text* on one line, cut to *width* characters with …."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def shown_date(date: str) -> str:
    """A revision's or comment's time as staff read it: Word's ``2026-11-02T09:15:00Z`` (a
    time in UTC) as ``2026-11-02 17:15``, the time on this computer's clock (China: UTC+8);
    a time written without a zone (some editors) as written; anything else as it is (short)."""
    date = date.strip()
    if len(date) >= 16 and date[4] == "-" and date[10] in "T ":
        try:
            moment = _dt.datetime.fromisoformat(date[:-1] + "+00:00" if date[-1] in "Zz" else date)
            if moment.tzinfo is not None:
                moment = moment.astimezone()  # the local zone, as the computer's clock shows it
        except (ValueError, OverflowError):  # not a time Python reads, or out of its years
            return f"{date[:10]} {date[11:16]}"
        return f"{moment:%Y-%m-%d %H:%M}"
    return shorten(date, 20)


def who(author: str, date: str) -> str:
    """``张书记（2026-11-02 09:15）``; 未署名 when the file names nobody."""
    name = shorten(author, 20) or "未署名"
    return f"{name}（{shown_date(date)}）" if date.strip() else name


def describe_revision(revision: Revision, mode: RevisionMode = "accept") -> str:
    """One revision in words: place, who, what, and what the import did with it."""
    text = f"“{shorten(revision.text)}”"
    accepted = mode == "accept"
    if revision.kind == "insert":
        did, outcome = f"插入{text}", "已接受" if accepted else "已拒绝，未导入"
    elif revision.kind == "delete":
        did, outcome = f"删除{text}", "已接受，已删去" if accepted else "已拒绝，保留原文"
    elif revision.kind == "move":
        did = f"把{text}从{revision.source}移到{revision.where}"
        outcome = "已接受，放在移到的位置" if accepted else "已拒绝，留在原处"
    elif revision.kind == "format":
        did, outcome = f"修改了{text}的格式", "只改格式，文字不变"
    elif revision.kind == "paragraph_format":
        did, outcome = "修改了段落格式", "只改格式，文字不变"
    elif revision.kind == "layout":
        did, outcome = f"修改了{revision.text}的格式", "只改格式，文字不变"
    elif revision.kind == "split":
        did, outcome = "在这里另起一段", "已接受" if accepted else "已拒绝，仍是一段"
    else:
        did, outcome = "把这一段与下一段合并", "已接受" if accepted else "已拒绝，仍是两段"
    if revision.outside:
        outcome = f"{revision.where}不导入讲稿"
    place = "" if revision.kind == "move" else f"{revision.where}："
    return f"{place}{who(revision.author, revision.date)}{did}（{outcome}）"


def comment_data(comment: Comment) -> dict:
    """*comment* as plain data, as the draft stores it and the JSON contract shows it."""
    return {
        "key": comment.key,
        "author": comment.author,
        "date": comment.date,
        "text": comment.text,
        "quote": comment.quote,
        "done": comment.done,
        "replies": [{"author": r.author, "date": r.date, "text": r.text} for r in comment.replies],
    }


def source_data(source: Source) -> dict:
    """*source* (a text taken from the archive) as plain data, as the draft stores it and the
    JSON contract shows it."""
    return {
        "key": source.key,
        "title": source.title,
        "date": source.date,
        "source": source.source,
        "speaker": source.speaker,
        "text": source.text,
    }


def comment_place(speech: Speech | None, comment: Comment | Source) -> str:
    """The place name of the field *comment* (or a source) is attached to, 全文 when none."""
    if speech is None or not comment.key:
        return WHOLE_SPEECH
    return place_of(speech, comment.key) or WHOLE_SPEECH


def describe_comment(comment: Comment, speech: Speech | None = None, number: int | None = None) -> str:
    """One comment in words: its number, place, who, what, the words it is on, replies."""
    head = f"批注 {number}" if number is not None else "批注"
    state = "（已处理）" if comment.done else ""
    line = f"{head}{state} · {comment_place(speech, comment)} · {who(comment.author, comment.date)}：{shorten(comment.text, 200)}"
    if comment.quote:
        line += f"（针对“{shorten(comment.quote, 30)}”）"
    for reply in comment.replies:
        line += f"；{shorten(reply.author, 20) or '未署名'}答复：{shorten(reply.text, 100)}"
    return line
