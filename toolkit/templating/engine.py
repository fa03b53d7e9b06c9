"""The Jinja2 sandbox every template and every ``{{ 变量 }}`` in a speech is rendered in.

``ImmutableSandboxedEnvironment`` with ``StrictUndefined`` and autoescaping off (the output
is plain text, escaped later by whichever view shows it). The globals ``range``, ``dict``,
``lipsum``, ``cycler``, ``joiner`` and ``namespace`` are removed; attributes starting with
``_``, ``format``/``format_map`` and ``mro`` are refused. A template can use plain
variables, ``if``/``for`` and the filters staff need:

- ``{{ 3 | 中文数字 }}`` → 三, ``{{ 3 | 序数 }}`` → 第三
- ``{{ 日期 | 中文日期 }}`` → 2026年9月28日, ``{{ 日期 | 署名日期 }}`` → （2026年9月28日）
- ``{{ 日期 | 季度 }}`` → 第三季度 (a date or a month number)
- ``{{ 乡镇 | 顿号连接 }}`` → 城关镇、河口镇 (a list, or text split at , ， 、 and spaces)
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from toolkit.errors import TemplateError, UnfilledVariableError
from toolkit.model.numbering import chinese_numeral

_UNSAFE_ATTRIBUTES = {"format", "format_map", "mro", "gi_frame", "gi_code", "cr_frame", "f_globals", "func_globals"}


MAX_RESULT_LENGTH = 200_000
"""No arithmetic in a template may build a string or number bigger than this (``'a' * 10**9``)."""


class _SpeechSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with a stricter attribute policy than Jinja2's default and guarded
    ``*`` and ``**`` so a template cannot exhaust memory or time."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large")
            return left**right
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
                    if len(sequence) * count > MAX_RESULT_LENGTH:
                        raise SecurityError("result too large")
            return left * right
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_") or attr in _UNSAFE_ATTRIBUTES:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, type):
            return False
        return super().is_safe_callable(obj)


def as_date(value: Any) -> _dt.date:
    """A date from a date, ``2026-09-28`` or ``2026年9月28日``; ``ValueError`` in Chinese otherwise."""
    return _as_date(value)


def _as_date(value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    found = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not found:
        raise ValueError(f"“{text}”不是日期（应写成 2026-09-28 或 2026年9月28日）")
    return _dt.date(int(found[1]), int(found[2]), int(found[3]))


def chinese_number(value: Any) -> str:
    """3 → 三 (1 to 99)."""
    return chinese_numeral(int(value))


def ordinal(value: Any) -> str:
    """3 → 第三."""
    return "第" + chinese_numeral(int(value))


def chinese_date(value: Any) -> str:
    """2026-09-28 → 2026年9月28日."""
    day = _as_date(value)
    return f"{day.year}年{day.month}月{day.day}日"


def byline_date(value: Any) -> str:
    """2026-09-28 → （2026年9月28日）."""
    return f"（{chinese_date(value)}）"


def quarter(value: Any) -> str:
    """A date or month number → 第三季度."""
    month = int(value) if str(value).strip().isdigit() else _as_date(value).month
    if not 1 <= month <= 12:
        raise ValueError(f"月份“{value}”不在 1 到 12 之间")
    return f"第{chinese_numeral((month - 1) // 3 + 1)}季度"


def join_with_dunhao(value: Any) -> str:
    """['城关镇', '河口镇'] or 城关镇,河口镇 → 城关镇、河口镇."""
    if isinstance(value, str):
        items = [item for item in re.split(r"[,，、\s]+", value) if item]
    else:
        items = [str(item) for item in value]
    return "、".join(items)


FILTERS = {
    "中文数字": chinese_number,
    "cn_number": chinese_number,
    "序数": ordinal,
    "ordinal": ordinal,
    "中文日期": chinese_date,
    "cn_date": chinese_date,
    "署名日期": byline_date,
    "byline_date": byline_date,
    "季度": quarter,
    "quarter": quarter,
    "顿号连接": join_with_dunhao,
    "join_dunhao": join_with_dunhao,
}
_REMOVED_GLOBALS = ("range", "dict", "lipsum", "cycler", "joiner", "namespace")


def make_environment() -> ImmutableSandboxedEnvironment:
    """A fresh sandboxed environment with the staff filters and no risky globals."""
    environment = _SpeechSandbox(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in _REMOVED_GLOBALS:
        environment.globals.pop(name, None)
    environment.filters.update(FILTERS)
    return environment


ENVIRONMENT = make_environment()


def _template_line(error: Exception) -> int | None:
    """The template line a runtime error happened on (Jinja2 maps its frames to ``<template>``)."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def describe_error(error: Exception, name: str) -> TemplateError:
    """A Jinja2 failure as a :class:`TemplateError` naming the template *name* and line."""
    line = getattr(error, "lineno", None) or _template_line(error)
    where = f"{name} 第{line}行" if line else name
    if isinstance(error, TemplateSyntaxError):
        unknown = re.match(r"No (filter|test) named '([^']+)'", error.message or "")
        if unknown:
            return TemplateError(
                f"不认识的过滤器“{unknown.group(2)}”",
                where=where,
                hint="可用的过滤器：" + "、".join(sorted(k for k in FILTERS if not k.isascii())),
            )
        return TemplateError(f"模板语法错误（{error.message}）", where=where, hint="请检查 {{ }} 和 {% %} 是否配对")
    if isinstance(error, SecurityError):
        return TemplateError(
            "模板试图访问不允许的内容，已拒绝", where=where, hint="模板中只能使用变量、if/for 和规定的过滤器"
        )
    if isinstance(error, UndefinedError):
        missing = re.fullmatch(r"'([^']+)' is undefined", str(error))
        if missing:
            variable = missing.group(1)
            return UnfilledVariableError(
                f"变量“{variable}”没有值", where=where, hint=f"请填写变量，或用 --var {variable}=…"
            )
        attribute = re.search(r"has no attribute '([^']+)'", str(error))
        name = f"“{attribute.group(1)}”" if attribute else ""
        return TemplateError(
            f"模板访问了不存在或不允许的属性{name}", where=where, hint="模板中只能使用变量、if/for 和规定的过滤器"
        )
    if isinstance(error, (ValueError, TypeError)):
        return TemplateError(f"变量值不对（{error}）", where=where)
    return TemplateError(f"模板出错（{error}）", where=where)


_FORBIDDEN_NAMES = {"self", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "config", "request"}


def check_tree(tree: nodes.Template, name: str) -> None:
    """Refuse what a section template never needs and an attack would: names that reach
    template internals (``self``) or removed globals, and include/import/extends (which
    would read other files)."""
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        raise TemplateError(
            "模板中不能使用 include、import 或 extends（不能读取其他文件）",
            where=f"{name} 第{node.lineno}行",
            hint="需要复用的内容请做成单独的节模板",
        )
    for node in tree.find_all(nodes.Name):
        if node.name in _FORBIDDEN_NAMES:
            raise TemplateError(
                f"模板中不能使用“{node.name}”",
                where=f"{name} 第{node.lineno}行",
                hint="模板中只能使用变量、if/for 和规定的过滤器",
            )


def _checked(environment, source: str, name: str):
    """*source* parsed, checked by :func:`check_tree` and compiled in *environment*."""
    try:
        tree = environment.parse(source)
    except TemplateSyntaxError as error:
        raise describe_error(error, name) from None
    check_tree(tree, name)
    try:
        return environment.from_string(tree)
    except JinjaTemplateError as error:
        raise describe_error(error, name) from None


@lru_cache(maxsize=512)
def compile_template(source: str, name: str = "模板"):
    """The checked, compiled template for *source* (cached: batch renders reuse it)."""
    return _checked(ENVIRONMENT, source, name)


def render_text(source: str, values: dict[str, Any], *, name: str = "模板") -> str:
    """Render the template text *source* with *values*; errors name *name* and the line."""
    template = compile_template(source, name)
    try:
        return template.render(values)
    except (JinjaTemplateError, ValueError, TypeError, ArithmeticError, OverflowError, RecursionError) as error:
        raise describe_error(error, name) from None
    except (LookupError, AttributeError, MemoryError) as error:  # e.g. a sandboxed str.format gone wrong
        raise TemplateError(f"模板出错（{type(error).__name__}）", where=name, hint="请检查模板中的表达式") from None


def lenient_environment():
    """The sandbox, but an unknown variable renders as ``{{ 名称 }}`` instead of failing,
    so a draft can be started from a skeleton before every value is known."""
    from jinja2 import Undefined

    global _LENIENT
    if _LENIENT is None:
        from jinja2.utils import missing

        class _KeepPlaceholder(Undefined):
            """Only a plain missing name is kept; a missing or forbidden attribute still fails."""

            def __str__(self) -> str:
                if self._undefined_obj is not missing or self._undefined_exception is not UndefinedError:
                    self._fail_with_undefined_error()
                return "{{ %s }}" % self._undefined_name

            def __iter__(self):
                return iter(())

        _LENIENT = ENVIRONMENT.overlay(undefined=_KeepPlaceholder)
    return _LENIENT


_LENIENT = None
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)


def render_keeping_unfilled(source: str, values: dict[str, Any], *, name: str = "模板") -> str:
    """Render *source*, leaving every ``{{ … }}`` whose variables have no value exactly as
    written (filters included), so it can be filled later; conditions and loops on a
    missing variable take their empty branch."""
    from jinja2 import meta

    kept: list[str] = []
    try:
        external = meta.find_undeclared_variables(ENVIRONMENT.parse(source))  # loop and set names excluded
    except TemplateSyntaxError as error:
        raise describe_error(error, name) from None

    def keep(match: re.Match) -> str:
        expression = match.group(0)
        try:
            needed = meta.find_undeclared_variables(ENVIRONMENT.parse(expression)) & external
        except TemplateSyntaxError:
            return expression  # the full parse below reports it with its line
        if needed - set(values):
            kept.append(expression)
            return f"\x00{len(kept) - 1}\x00"
        return expression

    masked = _EXPRESSION.sub(keep, source)
    template = _checked(lenient_environment(), masked, name)
    try:
        rendered = template.render(values)
    except (JinjaTemplateError, ValueError, TypeError, LookupError, AttributeError, ArithmeticError) as error:
        raise describe_error(error, name) from None
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], rendered)


def variables_of(source: str, *, name: str = "模板") -> set[str]:
    """Every variable *source* reads (jinja2.meta), except those it sets itself."""
    from jinja2 import meta

    try:
        tree = ENVIRONMENT.parse(source)
    except TemplateSyntaxError as error:
        raise describe_error(error, name) from None
    check_tree(tree, name)
    try:
        names = set(meta.find_undeclared_variables(tree))
    except TemplateSyntaxError as error:  # e.g. an unknown filter, found while analysing
        raise describe_error(error, name) from None
    # Loop variables and {% set %} targets are declared; attribute access is not a variable.
    for node in tree.find_all(nodes.Filter):
        if node.name not in FILTERS and node.name not in ENVIRONMENT.filters:
            raise TemplateError(
                f"不认识的过滤器“{node.name}”",
                where=f"{name} 第{node.lineno}行",
                hint="可用的过滤器：" + "、".join(sorted(k for k in FILTERS if not k.isascii())),
            )
    return names
