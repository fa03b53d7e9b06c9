"""Rendering library templates into a speech: whole skeletons and single sections.

A skeleton renders to a small outline text whose ``#`` headings name the parts::

    # 标题
    在{{ 会议名称 }}上的讲话
    # 署名
    {{ 会议日期 | 署名日期 }}
    # 称呼
    同志们：
    # 开头
    今天，我们召开{{ 会议名称 }}……      (one paragraph a line)
    # 过渡 并入开头                      ("并入开头": the sentence ends the last opening paragraph)
    下面，我讲几点意见。
    # 要点 一要 （一）                   (numbering style, then the sub-point style; both optional)
    ## 切实解决党建观念淡薄问题。         (a point's lead; the lines under it are its body)
    ### 加强理论学习。                   (a sub-point's lead)
    # 结尾
    同志们，……

Sections (opening, transition, point, closing) render to plain lines: paragraphs, or for a
point its lead on the first line (or after ``##``) and its body after it.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from toolkit.errors import NumberingError, TemplateError
from toolkit.model.numbering import marker_style
from toolkit.model.speech import MeetingFacts, Point, Speech, SubPoint
from toolkit.model.variables import MEETING_VARIABLES, set_meeting_fact
from toolkit.templating.library import SectionTemplate

PARTS = ("标题", "署名", "称呼", "开头", "过渡", "要点", "结尾")


# -- values --------------------------------------------------------------------------------------
def coerce_values(template: SectionTemplate, values: dict[str, Any]) -> dict[str, Any]:
    """*values* over the template's defaults, each turned into its declared type
    (a ``list`` from text split at line breaks, 、 or ；; a ``date`` from 2026-09-28)."""
    merged = {**template.defaults(), **{k: v for k, v in values.items() if v not in (None, "")}}
    for spec in template.variables:
        if spec.name not in merged:
            continue
        value = merged[spec.name]
        if spec.type == "list" and isinstance(value, str):
            # One item a line; a single line may separate items with 、 or ；.
            separator = r"\n+" if "\n" in value.strip() else r"[、；;]+"
            merged[spec.name] = [item.strip() for item in re.split(separator, value) if item.strip()]
        elif spec.type == "number" and isinstance(value, str) and value.strip().isdigit():
            merged[spec.name] = int(value)
        elif spec.type == "date" and isinstance(value, str) and value.strip():
            from toolkit.templating.engine import as_date

            try:
                merged[spec.name] = as_date(value)
            except ValueError as error:
                raise TemplateError(f"变量“{spec.label}”：{error}", where=f"模板“{template.id}”") from None
        elif spec.type == "choice" and spec.choices and str(value) not in spec.choices:
            raise TemplateError(
                f"变量“{spec.label}”只能选：" + "、".join(spec.choices),
                where=f"模板“{template.id}”",
                hint=f"现在是“{value}”",
            )
    return merged


def render_template(template: SectionTemplate, values: dict[str, Any], *, allow_unfilled: bool = False) -> str:
    """The template's body rendered with *values* (over its defaults).

    A variable without a value raises an error naming the template, line and variable;
    with ``allow_unfilled`` it stays in the text as ``{{ 名称 }}`` to be filled later.

    The text goes into a draft, whose text is filled again at export: a value holding
    ``{{``, ``{%`` or ``{#`` is written as literal text (``{{ '…' }}``), so what a user
    typed stays what they typed. The render has the engine's budget (time and size).
    """
    from toolkit.templating.engine import render_keeping_unfilled, render_text

    values = coerce_values(template, values)
    name = f"模板“{template.id}”"
    try:
        if allow_unfilled:
            return render_keeping_unfilled(template.body, values, name=name, literal_values=True)
        return render_text(template.body, values, name=name, literal_values=True)
    except TemplateError as error:
        raise _with_file_line(error, template) from None


def template_problem(template: SectionTemplate) -> str | None:
    """Why *template* cannot be used (its render with the example values fails: syntax,
    sandbox, budget), as one Chinese line; ``None`` when it renders."""
    try:
        render_template(template, template.example_values(), allow_unfilled=True)
    except TemplateError as error:
        return str(error)
    return None


def _with_file_line(error: TemplateError, template: SectionTemplate) -> TemplateError:
    """Name the template file's own line (the body starts after the front matter)."""
    found = re.search(r"第(\d+)行", error.where or "")
    if template.path and found:
        line = int(found.group(1)) + template.body_line - 1
        return type(error)(error.problem, where=f"模板“{template.id}”（{template.path} 第{line}行）", hint=error.hint)
    return error


# -- skeletons ----------------------------------------------------------------------------------------
def speech_from_skeleton(template: SectionTemplate, values: dict[str, Any], *, allow_unfilled: bool = True) -> Speech:
    """A new draft from the skeleton *template* filled with *values*.

    The meeting's facts come from 会议名称, 讲话人, 会议日期, 会议地点 and 讲话时长; the values given
    are kept in the draft's variables, so placeholders left unfilled can be filled later.
    """
    if template.kind != "skeleton":
        raise TemplateError(
            f"模板“{template.id}”是{template.kind_label}，不是整篇讲稿骨架",
            hint="用 jianggao templates 查看 kind 为 skeleton 的模板",
        )
    text = render_template(template, values, allow_unfilled=allow_unfilled)
    speech = parse_outline(text, where=f"模板“{template.id}”")
    coerced = coerce_values(template, values)
    facts = MeetingFacts()
    for variable, attribute in MEETING_VARIABLES.items():
        value = coerced.get(variable)
        if value and (attribute != "date" or isinstance(value, _dt.date)):
            try:
                set_meeting_fact(facts, variable, value)
            except ValueError as error:  # 讲话时长=十分钟
                raise TemplateError(str(error), where=f"变量“{variable}”") from None
    speech.meeting = facts
    speech.variables = {name: _as_text(value) for name, value in values.items() if value not in (None, "")}
    return speech


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def parse_outline(text: str, *, where: str = "模板") -> Speech:
    """The :class:`Speech` an outline text (see the module docstring) describes."""
    speech = Speech()
    part = None
    saw_points = False
    point: Point | None = None
    sub: SubPoint | None = None
    title: list[str] = []
    byline: list[str] = []
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("# ") or line == "#":
            words = line[1:].split()
            part = words[0] if words else ""
            if part not in PARTS:
                raise TemplateError(
                    f"不认识的部分“{part}”",
                    where=f"{where} 第{number}行（渲染后）",
                    hint="可用：" + "、".join(f"# {p}" for p in PARTS),
                )
            options = words[1:]
            if part == "过渡":
                speech.transition_run_in = "并入开头" in options
            if part == "要点":
                saw_points = True
                styles = [o for o in options if o != "并入开头"]
                try:
                    if styles:
                        speech.numbering = marker_style(styles[0]).id
                    if len(styles) > 1:
                        speech.subnumbering = marker_style(styles[1]).id
                except NumberingError as error:
                    raise TemplateError(
                        error.problem, where=f"{where} 第{number}行（渲染后）", hint=error.hint
                    ) from None
            point = sub = None
            continue
        if part is None:
            raise TemplateError(
                "正文出现在第一个“# 部分”标题之前",
                where=f"{where} 第{number}行（渲染后）",
                hint="骨架模板应以“# 标题”等部分标题分段",
            )
        if part == "标题":
            title.append(line)
        elif part == "署名":
            byline.append(line)
        elif part == "称呼":
            speech.salutation = line
        elif part == "开头":
            speech.opening.append(line)
        elif part == "过渡":
            speech.transition = (speech.transition or "") + line
        elif part == "结尾":
            speech.closing.append(line)
        elif part == "要点":
            if line.startswith("### "):
                if point is None:
                    raise TemplateError("小点（###）出现在要点（##）之前", where=f"{where} 第{number}行（渲染后）")
                sub = SubPoint(lead=line[4:].strip())
                point.subpoints.append(sub)
            elif line.startswith("## "):
                point = Point(lead=line[3:].strip())
                sub = None
                speech.points.append(point)
            elif sub is not None:
                sub.body.append(line)
            elif point is not None:
                point.body.append(line)
            else:
                raise TemplateError("要点的正文前缺少“## 主旨句”", where=f"{where} 第{number}行（渲染后）")
    speech.title = "\n".join(title) or None
    speech.byline = "\n".join(byline) or None
    if not speech.points and not saw_points:
        speech.numbering = None
    return speech


# -- sections -----------------------------------------------------------------------------------------------
@dataclass
class SectionContent:
    """A rendered section: its kind, paragraphs, and for a point the point itself."""

    kind: str
    paragraphs: list[str] = field(default_factory=list)
    point: Point | None = None


def section_content(kind: str, text: str, *, name: str = "") -> SectionContent:
    """What the rendered section *text* of *kind* holds."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if kind == "point":
        if not lines:
            return SectionContent(kind, [], Point(section=name))
        speech = parse_outline(
            "# 要点\n" + "\n".join(lines if lines[0].startswith("## ") else ["## " + lines[0], *lines[1:]])
        )
        point = speech.points[0]
        for extra in speech.points[1:]:  # several ## in one section: keep them as one point's body
            point.body += [extra.lead, *extra.body]
        point.section = name
        return SectionContent(kind, lines, point)
    if kind == "transition":
        return SectionContent(kind, ["".join(lines)] if lines else [])
    return SectionContent(kind, lines)


def apply_section(
    speech: Speech, content: SectionContent, *, name: str = "", mode: str = "replace", index: int | None = None
) -> Speech:
    """Put a rendered section into *speech* (in place) and return it.

    Opening and closing sections replace that part (``mode="append"`` adds paragraphs);
    a transition replaces the transition; a point replaces the point from the section of
    the same *name*, or is inserted at *index* (the end by default).
    """
    kind = content.kind
    if kind == "opening":
        speech.opening = speech.opening + content.paragraphs if mode == "append" else list(content.paragraphs)
    elif kind == "closing":
        speech.closing = speech.closing + content.paragraphs if mode == "append" else list(content.paragraphs)
    elif kind == "transition":
        speech.transition = content.paragraphs[0] if content.paragraphs else None
    elif kind == "point":
        point = copy.deepcopy(content.point) or Point()
        point.section = name or point.section
        existing = next((i for i, p in enumerate(speech.points) if name and p.section == name), None)
        if existing is not None:
            speech.points[existing] = point
        else:
            speech.add_point(point, index)
    else:
        raise TemplateError(f"“{kind}”类型的模板不能作为一节插入", hint="整篇骨架请用 jianggao new --template")
    return speech
