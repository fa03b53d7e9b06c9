"""Problems a staff member should fix before handing a speech over.

:func:`find_problems` looks for unfilled placeholders (×县, ×××, XXX, ＿＿, 【】, a
``{{ 变量 }}`` without a value), a transition that promises a number of points the speech
does not have, empty points and points without a lead, a missing title, vendor noise left
in the text, a reviewer's comment (批注) not yet marked done, a speech longer than its
meeting's slot (讲话时长), words left over from another place's material (我市 in a county
speech, another county's name) and names of bodies renamed since
(:mod:`toolkit.checks.names`), and, as hints, lead sentences that break a parallel pattern. Each
:class:`Problem` names the part (``第2点``, ``开头第1段``) and says what to do.

It lives above the model because it uses the importer's noise rules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from toolkit.checks.names import OutdatedNames, leftover_names, outdated_names
from toolkit.errors import NumberingError
from toolkit.importers.noise import NoiseRules, load_noise_rules
from toolkit.model.fields import field_keys, speech_texts
from toolkit.model.invisible import describe, invisible_fields
from toolkit.model.layout import point_label, subpoint_label
from toolkit.model.numbering import chinese_numeral
from toolkit.model.phrases import promised_point_count
from toolkit.model.review import comment_place, shorten, who
from toolkit.model.speech import Speech
from toolkit.model.text import (
    MAX_PARAGRAPH_CHARACTERS,
    OVER_TIME_PLACE,
    SpeakingTime,
    format_duration,
    speaking_time,
)
from toolkit.model.variables import PLACEHOLDER, TEMPLATE_SYNTAX, VARIABLE, speech_values

Severity = Literal["problem", "hint"]


@dataclass(frozen=True)
class Problem:
    """One finding: ``where`` names the part, ``message`` says what is wrong and what to do,
    ``severity`` is ``"problem"`` (must fix) or ``"hint"`` (worth a look); ``variable``
    names the ``{{ 变量 }}`` still without a value and ``placeholder`` the ×县 / ××× left
    in the text (so a front end can say where to fill it); ``comment`` is the index in
    ``speech.comments`` of the open comment it is about (so a front end can mark it done).

    Messages name no front end's controls or options: the command line adds its own hint."""

    where: str
    message: str
    severity: Severity = "problem"
    variable: str | None = None
    placeholder: str | None = None
    comment: int | None = None

    def __str__(self) -> str:
        prefix = "（提示）" if self.severity == "hint" else ""
        return f"{self.where}：{prefix}{self.message}"


def find_problems(
    speech: Speech,
    *,
    noise_rules: NoiseRules | None = None,
    timing: SpeakingTime | None = None,
    outdated: OutdatedNames | None = None,
) -> list[Problem]:
    """Everything worth fixing in *speech*, in reading order, hints last. *timing* is how
    long the speech takes (:func:`toolkit.service.speaking_time` gives it at the speaker's
    rate, as printed); without it the text as it stands is timed at the default rate.
    *noise_rules* and *outdated* (the outdated names) are the built-in and the office's when
    not given."""
    rules = noise_rules or load_noise_rules()
    problems: list[Problem] = []
    problems += _structure(speech)
    problems += _over_time(timing if timing is not None else _timing(speech))
    values = speech_values(speech)  # the draft's variables and the meeting's facts, as export fills them
    for where, text in speech_texts(speech):
        problems += _placeholders(where, text, values)
        problems += _noise(where, text, rules)
    problems += [
        Problem(where, f"这一段有 {len(text)} 字，超过一段 {MAX_PARAGRAPH_CHARACTERS} 字的上限，无法导出；请分成几段")
        for where, text in speech_texts(speech)
        if len(text) > MAX_PARAGRAPH_CHARACTERS
    ]
    problems += [
        Problem(where, f"有看不见的控制字符 {describe(found)}，导出时会去掉；请核对这里的文字（顺序、编号）是否正确")
        for where, found in invisible_fields(speech)
    ]
    problems += _numbering(speech)
    problems += _open_comments(speech)
    problems += _parallel_leads(speech)
    problems += _names(speech, outdated)
    return [p for p in problems if p.severity == "problem"] + [p for p in problems if p.severity == "hint"]


def _names(speech: Speech, outdated: OutdatedNames | None) -> list[Problem]:
    """Outdated names and words left over from other places' material, in reading order."""
    found = [Problem(where, message) for where, message in outdated_names(speech, outdated)]
    found += [Problem(where, message, severity) for where, message, severity in leftover_names(speech)]
    order = {where: n for n, (where, _text) in enumerate(speech_texts(speech))}
    return sorted(found, key=lambda problem: order.get(problem.where, len(order)))


def _structure(speech: Speech) -> list[Problem]:
    found = []
    if not (speech.title or "").strip():
        found.append(Problem("标题", "缺少标题，请补上，如“在……会议上的讲话”"))
    if not speech.opening and not speech.points and not speech.closing:
        found.append(Problem("全文", "讲稿还没有正文，请填写开头、要点或结尾"))
    for n, point in enumerate(speech.points, 1):
        label = point_label(n)
        if not point.lead.strip() and not any(b.strip() for b in point.body) and not point.subpoints:
            found.append(Problem(label, "这一点是空的，请填写主旨句和正文，或删除这一点"))
        elif not point.lead.strip():
            found.append(Problem(label, "这一点没有主旨句，请在开头补一句概括这一点的话"))
        for k, sub in enumerate(point.subpoints, 1):
            sub_label = subpoint_label(n, k)
            if not sub.lead.strip() and not any(b.strip() for b in sub.body):
                found.append(Problem(sub_label, "这一小点是空的，请填写或删除"))
            elif not sub.lead.strip():
                found.append(Problem(sub_label, "这一小点没有主旨句，请补上"))
    return found


def _timing(speech: Speech) -> SpeakingTime | None:
    """*speech* timed at the default rate; ``None`` when it cannot be numbered (reported apart)."""
    try:
        return speaking_time(speech)
    except NumberingError:
        return None


def _over_time(timing: SpeakingTime | None) -> list[Problem]:
    """The speech runs over its meeting's slot: by how long, how many characters to cut at
    the speaker's rate, and which points are longest (where cutting is likeliest to help).

    Only running over is a problem: a speech well under its slot is what the genre asks for
    (开短会、讲短话), so finishing early is never reported."""
    if timing is None or not timing.over:
        return []
    longest = timing.longest_points(2) if len(timing.points) > 1 else []
    named = "、".join(f"{part.name}（{format_duration(part.seconds)}）" for part in longest)
    return [
        Problem(
            OVER_TIME_PLACE,
            f"讲话{format_duration(timing.seconds)}，比限定的 {timing.limit_minutes} 分钟{timing.overrun}"
            + (f"；最长的是{named}，可从这里压缩" if named else "，请压缩内容"),
        )
    ]


def _placeholders(where: str, text: str, values: dict) -> list[Problem]:
    found = []
    for match in PLACEHOLDER.finditer(text):
        start, end = match.span()
        context = text[max(0, start - 4) : end + 4]
        placeholder = match.group(0)
        message = f"有未填写的占位符“{placeholder}”（…{context}…），请换成实际内容"
        found.append(Problem(where, message, placeholder=placeholder))
    if TEMPLATE_SYNTAX.search(text):
        for name in _template_variables(text, where, found):
            if not str(values.get(name) or "").strip():
                found.append(Problem(where, f"变量“{name}”还没有值，请在“变量”中填写", variable=name))
    return found


def _template_variables(text: str, where: str, found: list[Problem]) -> list[str]:
    """The variables *text* reads, in order (jinja2.meta sees {% if 甲 %} too); a syntax
    error becomes a problem of its own."""
    from toolkit.errors import TemplateError
    from toolkit.templating.engine import variables_of

    try:
        names = variables_of(text, name=where)
    except TemplateError as error:
        found.append(Problem(where, f"{error.problem}，{error.hint or '请检查 {{ }} 是否配对'}"))
        return []
    simple = list(dict.fromkeys(m.group(1) for m in VARIABLE.finditer(text)))
    return [n for n in simple if n in names] + sorted(names - set(simple))


def _noise(where: str, text: str, rules: NoiseRules) -> list[Problem]:
    reason, spans = rules.findings(text)
    if reason:
        return [Problem(where, f"疑似素材网站的广告或水印（{reason}）：“{text[:30]}”，请删除")]
    return [Problem(where, f"段落中夹带疑似广告（{why}）：“{text[start:end]}”，请删除") for start, end, why in spans]


def _numbering(speech: Speech) -> list[Problem]:
    found = []
    if speech.points:
        try:
            speech.point_markers()
        except NumberingError as error:
            found.append(Problem("编号", str(error)))
    promised = promised_point_count(speech.transition or "")
    if promised is not None and speech.points and promised != len(speech.points):
        have = chinese_numeral(len(speech.points)) if len(speech.points) <= 99 else str(len(speech.points))
        found.append(
            Problem(
                "过渡句",
                f"说要讲{chinese_numeral(promised)}点，实际有{have}点，请把过渡句改成“讲{have}点”，或增删要点",
            )
        )
    return found


def _open_comments(speech: Speech) -> list[Problem]:
    """Each comment not yet marked done, in reading order of the fields they are on.

    A problem, not a hint: a comment is the reviewer's instruction, and handing the speech
    back with one unread is what must not happen; marking it done is the acknowledgement."""
    order = {key: n for n, key in enumerate(field_keys(speech).values())}
    open_comments = sorted(
        ((index, comment) for index, comment in enumerate(speech.comments) if not comment.done),
        key=lambda item: order.get(item[1].key, len(order)),
    )
    found = []
    for index, comment in open_comments:
        quote = f"（针对“{shorten(comment.quote, 30)}”）" if comment.quote else ""
        found.append(
            Problem(
                comment_place(speech, comment),
                f"批注 {index + 1}，{who(comment.author, comment.date)}：{shorten(comment.text, 200)}{quote}"
                "；处理后请标为已处理",
                comment=index,
            )
        )
    return found


def _parallel_leads(speech: Speech) -> list[Problem]:
    leads = [point.lead.strip() for point in speech.points]
    if len(leads) < 3 or any(not lead for lead in leads):
        return []
    found = []
    prefix = _shared_affix(leads, from_end=False)
    suffix = _shared_affix([lead.rstrip("。！；;") for lead in leads], from_end=True)
    outliers: dict[int, None] = {}
    if prefix:
        outliers.update((i, None) for i, lead in enumerate(leads) if not lead.startswith(prefix))
    if suffix:
        outliers.update((i, None) for i, lead in enumerate(leads) if not lead.rstrip("。！；;").endswith(suffix))
    pattern = f"{prefix or ''}……{suffix or ''}"
    for i in outliers:
        others = len(leads) - len(outliers)
        found.append(
            Problem(
                f"{point_label(i + 1)}主旨句",
                f"其他{others}点的主旨句都是“{pattern}”的句式，这一点没有沿用，可考虑统一",
                "hint",
            )
        )
    return found


def _shared_affix(leads: list[str], *, from_end: bool) -> str | None:
    """The longest prefix (or suffix) of at least 2 characters that all leads but one share."""
    n = len(leads)
    for length in range(min(12, min(len(lead) for lead in leads)), 1, -1):
        pieces = Counter(lead[-length:] if from_end else lead[:length] for lead in leads)
        piece, count = pieces.most_common(1)[0]
        if count == n:
            return None  # all share it: nothing breaks the pattern at this length or shorter
        if count == n - 1:
            return piece
    return None
