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
import secrets
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, Undefined, UndefinedError, nodes
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.filters import make_attrgetter
from jinja2.runtime import markup_join as _markup_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

from toolkit.errors import TemplateError, UnfilledVariableError
from toolkit.model.numbering import chinese_numeral
from toolkit.model.variables import as_literal

_UNSAFE_ATTRIBUTES = {
    "format",
    "format_map",
    "mro",
    "gi_frame",
    "gi_code",
    "cr_frame",
    "f_globals",
    "func_globals",
    "translate",  # with maketrans, one character can become a million
    "maketrans",
    "to_bytes",  # (1).to_bytes(10**9) is a gigabyte
}


MAX_RESULT_LENGTH = 200_000
"""No ``*`` in a template may build a string or list longer than this (``'a' * 10**9``)."""
MAX_NUMBER_BITS = 65_536
"""No arithmetic in a template may build a number bigger than this many bits (about 20,000 digits)."""


# -- the budget ----------------------------------------------------------------------------------------
class _OverBudget(Exception):
    """A render ran out of time (``"time"``) or would build too much text (``"size"``);
    the render functions turn it into a :class:`TemplateError` naming the template."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


@dataclass
class _Budget:
    deadline: float
    seconds: float
    characters: int


_STATE = threading.local()
_TEMPLATE_CODE = "<template>"
"""The file name of every compiled template's code (templates are compiled from strings)."""


def _limits() -> tuple[float, int]:
    """(seconds, characters) a render may take, from the settings file."""
    from toolkit.config import load_config

    config = load_config()
    return config.render_seconds, config.render_characters


def _character_limit() -> int:
    budget = getattr(_STATE, "budget", None)
    return budget.characters if budget is not None else _limits()[1]


def _allow_length(length: int) -> None:
    """Refuse to build a text (or list) of *length* when that is past the render's limit."""
    if length > _character_limit():
        raise _OverBudget("size")


def _allow_bits(bits: int) -> None:
    if bits > MAX_NUMBER_BITS:
        raise OverflowError("number too large")


@contextmanager
def _render_budget():
    """Time and size limits for one render. Time is watched by a trace function that
    stops only compiled template code (loops that print nothing included); a render
    inside another shares the outer one's budget."""
    outer = getattr(_STATE, "budget", None)
    if outer is not None:
        yield outer
        return
    seconds, characters = _limits()
    budget = _Budget(time.monotonic() + seconds, seconds, characters)

    def on_line(frame, event, arg):
        if time.monotonic() > budget.deadline:
            raise _OverBudget("time")
        return on_line

    def on_call(frame, event, arg):
        if frame.f_code.co_filename == _TEMPLATE_CODE:
            return on_line(frame, event, arg)
        return None  # the toolkit's and Jinja2's own code runs untraced

    previous = sys.gettrace()
    _STATE.budget = budget
    sys.settrace(on_call)
    try:
        yield budget
    finally:
        sys.settrace(previous)
        _STATE.budget = None


def _render(template, values: dict[str, Any]) -> str:
    """*template* rendered within the budget, its output counted as it is produced."""
    with _render_budget() as budget:
        pieces: list[str] = []
        total = 0
        for piece in template.generate(values):
            total += len(piece)
            if total > budget.characters:
                raise _OverBudget("size")
            pieces.append(piece)
        return "".join(pieces)


def _budget_error(error: _OverBudget, name: str) -> TemplateError:
    seconds, characters = _limits()
    if error.what == "time":
        return TemplateError(
            f"运行超过 {seconds:g} 秒，已停止",
            where=name,
            hint="请检查模板中的循环（可在设置文件中调整 render_seconds）",
        )
    return TemplateError(
        f"生成的文字超过 {characters} 字，已停止",
        where=name,
        hint="请检查模板中的循环和重复（可在设置文件中调整 render_characters）",
    )


# -- guarded string builders -------------------------------------------------------------------------
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


def _check_percent(template: str, arguments: Any) -> None:
    """Refuse ``'%300000000d' % 1`` (and many conversions of a long value) before building it."""
    specs = _PERCENT_SPEC.findall(template)
    if not specs:
        return
    if any("*" in (width, precision) for width, precision, _ in specs):
        raise _OverBudget("size")
    widest = max((int(number) for spec in specs for number in spec[:2] if number), default=0)
    if isinstance(arguments, dict):
        items = list(arguments.values())
    elif isinstance(arguments, (tuple, list)):
        items = list(arguments)
    else:
        items = [arguments]
    longest = max((len(str(item)) for item in items), default=0)
    _allow_length(len(template) + len(specs) * max(widest, longest))


def _count(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _check_method_call(obj: Any, args: tuple, kwargs: dict) -> tuple:
    """Guard the str and bytes methods that build long results; returns the arguments to
    call with (an iterable given to ``join`` is read once, here)."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, (str, bytes, bytearray)):
        return args
    if name in ("center", "ljust", "rjust", "zfill") and args:
        _allow_length(max(len(owner), _count(args[0])))
    elif name == "expandtabs":
        size = _count(args[0] if args else kwargs.get("tabsize", 8))
        _allow_length(len(owner) + owner.count("\t" if isinstance(owner, str) else b"\t") * max(size, 0))
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        found = owner.count(old) if old else len(owner) + 1
        if len(args) > 2 and _count(args[2]) >= 0:
            found = min(found, _count(args[2]))
        _allow_length(len(owner) + found * max(len(new) - len(old), 0))
    elif name == "join" and args:
        items = list(args[0])
        _allow_length(sum(len(item) for item in items if hasattr(item, "__len__")) + len(owner) * len(items))
        return (items, *args[1:])
    return args


class _SpeechSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with a stricter attribute policy than Jinja2's default and guarded
    arithmetic and string builders so a template cannot exhaust memory or time."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    @staticmethod
    def concat(pieces) -> str:
        """Joins the output of macros and ``{% set %}``/``{% filter %}`` blocks, within the limit."""
        items = list(pieces)
        _allow_length(sum(map(len, items)))
        return "".join(items)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponent too large")
            if isinstance(left, int) and isinstance(right, int) and right > 0:
                _allow_bits(left.bit_length() * right)
            return left**right
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
                    if len(sequence) * count > MAX_RESULT_LENGTH:
                        raise SecurityError("result too large")
            if isinstance(left, int) and isinstance(right, int):
                _allow_bits(left.bit_length() + right.bit_length())
            return left * right
        if operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                _allow_length(len(left) + len(right))
            return left + right
        if operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja2's own signature)
        args = _check_method_call(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

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


def _guarded_filters(filters: dict) -> dict:
    """Jinja2's filters that can build long text, each refusing before it does."""
    original = dict(filters)

    def center(value, width=80):
        _allow_length(max(len(str(value)), _count(width)))
        return original["center"](value, width)

    def indent(s, width=4, first=False, blank=False):
        prefix = len(width) if isinstance(width, str) else _count(width)
        _allow_length(len(str(s)) + prefix * (str(s).count("\n") + 1))
        return original["indent"](s, width, first, blank)

    def wordwrap(environment, s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
        text = str(s)
        breaks = len(text) // max(_count(width), 1) + len(text.split()) + 1
        _allow_length(len(text) + breaks * len(wrapstring or "\n"))
        return original["wordwrap"](environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    def replace(eval_ctx, s, old, new, count=None):
        text, old_text, new_text = str(s), str(old), str(new)
        found = text.count(old_text) if old_text else len(text) + 1
        if count is not None and _count(count) >= 0:
            found = min(found, _count(count))
        _allow_length(len(text) + found * max(len(new_text) - len(old_text), 0))
        return original["replace"](eval_ctx, s, old, new, count)

    def join(eval_ctx, value, d="", attribute=None):
        if attribute is not None:
            value = map(make_attrgetter(eval_ctx.environment, attribute), value)
        items = [str(item) for item in value]
        separator = str(d)
        _allow_length(sum(map(len, items)) + len(separator) * max(len(items) - 1, 0))
        return separator.join(items)

    def format(value, *args, **kwargs):  # noqa: A001 (the filter's name)
        _check_percent(str(value), kwargs or args)
        return original["format"](value, *args, **kwargs)

    def batch(value, linecount, fill_with=None):
        _allow_length(_count(linecount))
        return original["batch"](value, linecount, fill_with)

    def slice_(eval_ctx, value, slices, fill_with=None):
        _allow_length(_count(slices))
        return original["slice"](eval_ctx, value, slices, fill_with)

    def tojson(eval_ctx, value, indent=None):
        if indent is not None and (not isinstance(indent, int) or indent > 16):
            raise ValueError("tojson 的缩进应是 0 到 16")
        return original["tojson"](eval_ctx, value, indent)

    def sum_(environment, iterable, attribute=None, start=0):
        if not isinstance(start, (int, float)):
            raise ValueError("sum 的起始值应是数字")
        return original["sum"](environment, iterable, attribute, start)

    guarded = {
        "center": center,
        "indent": indent,
        "wordwrap": wordwrap,
        "replace": replace,
        "join": join,
        "format": format,
        "batch": batch,
        "slice": slice_,
        "tojson": tojson,
        "sum": sum_,
    }
    for name, function in guarded.items():
        passes = getattr(original[name], "jinja_pass_arg", None)
        if passes is not None:
            function.jinja_pass_arg = passes
    return guarded


def _str_join(seq) -> str:
    """``a ~ b ~ c``, within the render's limit."""
    items = [str(item) for item in seq]
    _allow_length(sum(map(len, items)))
    return "".join(items)


def _guarded_markup_join(seq):
    items = list(seq)
    _allow_length(sum(len(str(item)) for item in items))
    return _markup_join(items)


def _plain_output(value: Any) -> Any:
    """What a ``{{ … }}`` prints: a list (要点 given as a YAML list) reads as staff write it,
    ``甲、乙``, never as ``['甲', '乙']``."""
    if isinstance(value, (list, tuple)):
        return "、".join("" if item is None else str(item) for item in value)
    return value


def _literal_output(value: Any) -> Any:
    """What a ``{{ … }}`` prints in a render whose output is rendered again: a value
    holding template syntax is written as literal text, so it stays data."""
    if isinstance(value, Undefined):
        return value
    value = _plain_output(value)
    text = value if isinstance(value, str) else str(value)
    return as_literal(text) if "{" in text else value


def make_environment() -> ImmutableSandboxedEnvironment:
    """A fresh sandboxed environment with the staff filters and no risky globals."""
    environment = _SpeechSandbox(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_plain_output,
    )
    for name in _REMOVED_GLOBALS:
        environment.globals.pop(name, None)
    environment.filters.update(_guarded_filters(environment.filters))
    environment.filters.update(FILTERS)
    return environment


ENVIRONMENT = make_environment()
LITERAL_ENVIRONMENT = ENVIRONMENT.overlay(finalize=_literal_output)
"""The sandbox for renders whose output goes into a draft (skeletons, sections): values
holding ``{{``, ``{%`` or ``{#`` are written as literal text (see ``as_literal``)."""


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
    if isinstance(error, _OverBudget):
        return _budget_error(error, name)
    if isinstance(error, OverflowError):
        return TemplateError("模板中的数字太大，已停止", where=where, hint="请检查模板中的乘方和乘法")
    if isinstance(error, RecursionError):
        return TemplateError("模板调用自己太多层，已停止", where=where, hint="请检查模板中的宏")
    if isinstance(error, MemoryError):
        return TemplateError("模板占用的内存太多，已停止", where=where, hint="请检查模板中的循环和重复")
    detail = " ".join(str(error).split())
    if isinstance(error, (ValueError, TypeError)):
        return TemplateError(f"变量值不对（{detail}）" if detail else "变量值不对", where=where)
    return TemplateError(f"模板出错（{detail}）" if detail else "模板运行出错，已停止", where=where)


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
        template = environment.from_string(tree)
    except JinjaTemplateError as error:
        raise describe_error(error, name) from None
    except (_OverBudget, MemoryError, RecursionError) as error:
        raise describe_error(error, name) from None
    # ``a ~ b`` is compiled to the module's str_join/markup_join: put the guarded ones there.
    template.root_render_func.__globals__.update(str_join=_str_join, markup_join=_guarded_markup_join)
    return template


@lru_cache(maxsize=512)
def compile_template(source: str, name: str = "模板", *, literal_values: bool = False):
    """The checked, compiled template for *source* (cached: batch renders reuse it).

    With *literal_values* its output is meant to be rendered again (it goes into a draft):
    a value holding template syntax is written so that it stays literal text."""
    return _checked(LITERAL_ENVIRONMENT if literal_values else ENVIRONMENT, source, name)


_RENDER_ERRORS = (JinjaTemplateError, ValueError, TypeError, ArithmeticError, RecursionError, MemoryError, _OverBudget)


def run_template(template, values: dict[str, Any], *, name: str = "模板") -> str:
    """A compiled *template* rendered with *values* within the budget (time and size)."""
    try:
        return _render(template, values)
    except _RENDER_ERRORS as error:
        raise describe_error(error, name) from None
    except (LookupError, AttributeError):  # e.g. a sandboxed method gone wrong
        raise TemplateError("模板中的表达式出错", where=name, hint="请检查模板中的表达式") from None


def render_text(source: str, values: dict[str, Any], *, name: str = "模板", literal_values: bool = False) -> str:
    """Render the template text *source* with *values*; errors name *name* and the line.

    Every render has a budget: it stops after ``render_seconds`` and at ``render_characters``
    of output (the settings file), with a :class:`TemplateError` naming *name* and the limit.
    *literal_values*: see :func:`compile_template`."""
    return run_template(compile_template(source, name, literal_values=literal_values), values, name=name)


def lenient_environment():
    """The sandbox, but an unknown variable renders as ``{{ 名称 }}`` instead of failing,
    so a draft can be started from a skeleton before every value is known."""
    from jinja2 import Undefined

    global _LENIENT, _LENIENT_LITERAL
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
        _LENIENT_LITERAL = LITERAL_ENVIRONMENT.overlay(undefined=_KeepPlaceholder)
    return _LENIENT


_LENIENT = None
_LENIENT_LITERAL = None
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.S)
_MARKER = secrets.token_hex(6)
"""Stands in for a kept ``{{ … }}`` while the rest renders: random for each process, so no
value can imitate it, and the same for every render, so the masked text can be compiled once."""


@lru_cache(maxsize=512)
def _external_variables(source: str) -> frozenset[str]:
    """The variables *source* reads from outside (loop and ``set`` names excluded)."""
    from jinja2 import meta

    return frozenset(meta.find_undeclared_variables(ENVIRONMENT.parse(source)))


@lru_cache(maxsize=2048)
def _expression_variables(expression: str) -> frozenset[str] | None:
    """The variables one ``{{ … }}`` reads; ``None`` when it does not parse on its own."""
    from jinja2 import meta

    try:
        return frozenset(meta.find_undeclared_variables(ENVIRONMENT.parse(expression)))
    except TemplateSyntaxError:
        return None


@lru_cache(maxsize=512)
def _compile_lenient(masked: str, name: str, literal_values: bool):
    """The checked, compiled template for a masked source (cached like :func:`compile_template`)."""
    lenient_environment()
    return _checked(_LENIENT_LITERAL if literal_values else _LENIENT, masked, name)


def render_keeping_unfilled(
    source: str, values: dict[str, Any], *, name: str = "模板", literal_values: bool = False
) -> str:
    """Render *source*, leaving every ``{{ … }}`` whose variables have no value exactly as
    written (filters included), so it can be filled later; conditions and loops on a
    missing variable take their empty branch. Within the budget, like :func:`render_text`;
    *literal_values*: see :func:`compile_template`. Parsing and compiling are cached, so the
    composer's library (every template tried, the selected one previewed) renders quickly."""
    kept: list[str] = []
    try:
        external = _external_variables(source)
    except TemplateSyntaxError as error:
        raise describe_error(error, name) from None

    def keep(match: re.Match) -> str:
        expression = match.group(0)
        needed = _expression_variables(expression)
        if needed is None:
            return expression  # the full parse below reports it with its line
        if (needed & external) - set(values):
            kept.append(expression)
            return f"\x00{_MARKER}{len(kept) - 1}\x00"
        return expression

    masked = _EXPRESSION.sub(keep, source)
    rendered = run_template(_compile_lenient(masked, name, literal_values), values, name=name)
    return re.sub(
        f"\x00{_MARKER}(\\d+)\x00",
        lambda m: kept[int(m.group(1))] if int(m.group(1)) < len(kept) else m.group(0),
        rendered,
    )


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
