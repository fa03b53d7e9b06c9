"""The template sandbox: staff filters work; escape attempts are refused with a clear
message, leak nothing into the output, and touch no file."""

import datetime as dt
import os

import pytest

from toolkit.errors import TemplateError
from toolkit.templating.engine import render_text, variables_of
from toolkit.templating.library import Library, check_template_id


@pytest.mark.parametrize(
    "source, values, expected",
    [
        ("{{ 3 | 中文数字 }}", {}, "三"),
        ("{{ 21 | 中文数字 }}", {}, "二十一"),
        ("{{ 3 | 序数 }}", {}, "第三"),
        ("{{ d | 中文日期 }}", {"d": dt.date(2026, 9, 28)}, "2026年9月28日"),
        ("{{ d | 中文日期 }}", {"d": "2026-09-28"}, "2026年9月28日"),
        ("{{ d | 署名日期 }}", {"d": "2026年9月28日"}, "（2026年9月28日）"),
        ("{{ d | 季度 }}", {"d": "2026-09-28"}, "第三季度"),
        ("{{ 11 | 季度 }}", {}, "第四季度"),
        ("{{ xs | 顿号连接 }}", {"xs": ["城关镇", "河口镇", "东坝乡"]}, "城关镇、河口镇、东坝乡"),
        ("{{ xs | 顿号连接 }}", {"xs": "城关镇,河口镇，东坝乡"}, "城关镇、河口镇、东坝乡"),
        ("{% for x in xs %}{{ loop.index | 中文数字 }}要{{ x }}{% endfor %}", {"xs": ["学", "干"]}, "一要学二要干"),
    ],
)
def test_the_filters_staff_need(source, values, expected):
    assert render_text(source, values) == expected


def test_a_missing_variable_is_named():
    with pytest.raises(TemplateError, match="变量“县名”没有值"):
        render_text("{{ 县名 }}召开会议", {})


def test_a_bad_date_says_how_to_write_it():
    with pytest.raises(TemplateError, match="2026-09-28"):
        render_text("{{ d | 中文日期 }}", {"d": "九月"})


def test_syntax_errors_name_the_line():
    with pytest.raises(TemplateError, match="第2行：模板语法错误"):
        render_text("第一行\n{{ 县名 ", {}, name="模板")


def test_variable_discovery_sees_conditions_and_loops_but_not_loop_variables():
    assert variables_of(
        "{% if 开头方式 == '肯定发言' %}{{ 前面发言 | 顿号连接 }}{% endif %}"
        "{% for 主旨 in 要点 %}{{ 主旨 }}{% endfor %}"
    ) == {"开头方式", "前面发言", "要点"}


CANARY = "/tmp/jianggao-sandbox-canary"
PAYLOADS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__ }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ x.__init__.__globals__ }}",
    "{{ x.__dict__ }}",
    "{{ cycler.__init__.__globals__.os.popen('touch " + CANARY + "').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('touch " + CANARY + "').read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ self }}",
    "{{ '{0.__class__.__mro__}'.format(x) }}",
    "{{ '{0.__init__.__globals__}'.format_map({}) }}",
    "{{ x | attr('__class__') }}",
    "{{ range.__init__ }}",
    "{{ dict(a=1) }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{% include '/etc/passwd' %}",
    "{% include '../../../../etc/passwd' %}",
    "{% import '/etc/hostname' as h %}",
    "{% extends '/etc/passwd' %}",
    "{% from '/etc/passwd' import x %}",
    "{{ xs.append(1) }}{{ xs }}",
    "{{ 9 ** 99999999 }}",
    "{{ 'a' * 1000000000 }}",
    "{{ config.__class__ }}",
    "{{ request.application.__globals__ }}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sandbox_escapes_are_refused_without_side_effects(payload):
    if os.path.exists(CANARY):
        os.unlink(CANARY)
    with pytest.raises(TemplateError) as raised:
        output = render_text(payload, {"x": 1, "xs": [1, 2]})
        pytest.fail(f"rendered: {output!r}")
    message = str(raised.value)
    assert "\n" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert "object" not in message and "<class" not in message and "root:" not in message
    assert not os.path.exists(CANARY)


@pytest.mark.parametrize("template_id", ["../secret", "/etc/passwd", "a/b", "..", "C:\\x", "", "x/../../y"])
def test_template_ids_that_are_paths_are_refused(template_id):
    with pytest.raises(TemplateError, match="不合规"):
        check_template_id(template_id)
    with pytest.raises(TemplateError, match="不合规"):
        Library([]).get(template_id)


def test_an_unknown_id_suggests_the_closest():
    library = Library()
    if not len(library):
        pytest.skip("library not present")
    some = next(iter(library)).id
    with pytest.raises(TemplateError, match=f"是不是：.*“{some}”"):
        library.get(some[:-1] + "X" if len(some) > 2 else some + "X")
