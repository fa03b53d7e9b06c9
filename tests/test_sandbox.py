"""The template sandbox: staff filters work; escape attempts are refused with a clear
message, leak nothing into the output, and touch no file."""

import datetime as dt
import os

import pytest
from conftest import run_python

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


# -- builders that would take gigabytes or forever (issue 10) ------------------------------------------------
# Run in one subprocess under a timeout and an address-space limit, so a regression fails
# these tests instead of taking the machine down.
BUDGET_PAYLOADS = [
    "{% set s = 'a' * 200000 %}{% for x in s %}{% for y in s %}{% endfor %}{% endfor %}",
    "{% set s = 'a' * 200000 %}{% for x in s %}{{ s }}{% endfor %}",
    "{% set s = 'a' * 200000 %}{% macro m() %}{% for x in s %}{{ s }}{% endfor %}{% endmacro %}{{ m() }}",
    "{{ 'a' | center(1000000000) }}",
    "{{ x | center(1000000000) }}",
    "{{ '%300000000d' | format(1) }}",
    "{{ '%300000000d' % 1 }}",
    "{{ '%(a)s' * 10000 % {'a': 'a' * 200000} }}",
    "{% set a = 'a' * 200000 %}{{ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a }}",
    "{% macro d(x, n) %}{% if n %}{{ d(x ~ x, n - 1) }}{% endif %}{% endmacro %}{{ d('ab', 40) }}",
    "{% macro d(x, n) %}{% if n %}{{ d(x + x, n - 1) }}{% endif %}{% endmacro %}{{ d('ab', 40) }}",
    "{{ 'a'.ljust(1000000000) }}",
    "{{ 'a'.rjust(1000000000) }}",
    "{{ 'a'.zfill(1000000000) }}",
    "{{ ('\t' * 100000).expandtabs(100000) }}",
    "{% set s = 'a' * 200000 %}{{ s.replace('', s) }}",
    "{% set s = 'a' * 200000 %}{{ s | replace('a', s) }}",
    "{% set s = 'a' * 200000 %}{{ s.join([s] * 100) }}",
    "{% set s = 'a' * 200000 %}{{ ([s] * 100000) | join }}",
    "{% set s = 'a' * 200000 %}{{ [1, 2] | join(s * 5) }}",
    "{{ 'x' | indent(1000000000) }}",
    "{{ 'a b c d' | wordwrap(1, wrapstring='x' * 200000) }}",
    "{{ [1] | batch(1000000000, 0) | list }}",
    "{{ [1] | slice(1000000000) | list }}",
    "{{ [1] | tojson(indent=1000000000) }}",
    "{{ [[1] * 100000] * 100000 | sum(start=[]) }}",
    "{% macro m(n, k) %}{% if k %}{{ m(n * n, k - 1) }}{% endif %}{% endmacro %}{{ m(10 ** 64, 40) }}",
    "{{ (10 ** 64) ** 64 ** 2 }}",
    "{{ 1 .to_bytes(1000000000, 'big') }}",
    "{{ 'a'.translate({97: 'b' * 200000}) }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
]


@pytest.fixture(scope="module")
def budget_answers():
    import json

    code = (
        "import json, sys\n"
        "from toolkit.errors import TemplateError\n"
        "from toolkit.templating.engine import render_text\n"
        "answers = []\n"
        "for payload in json.loads(sys.stdin.read()):\n"
        "    try:\n"
        "        answers.append({'output': len(render_text(payload, {'x': 'y'}, name='模板“坏”'))})\n"
        "    except TemplateError as error:\n"
        "        answers.append({'error': str(error)})\n"
        "print(json.dumps(answers, ensure_ascii=False))\n"
    )
    result = run_python("-c", code, input_text=json.dumps(BUDGET_PAYLOADS), timeout=120, memory_limit=3 * 1024**3)
    assert result.returncode == 0, result.stderr
    return dict(zip(BUDGET_PAYLOADS, json.loads(result.stdout)))


@pytest.mark.parametrize("payload", BUDGET_PAYLOADS)
def test_builders_stop_at_the_budget_with_a_chinese_line_naming_the_template(budget_answers, payload):
    answer = budget_answers[payload]
    assert "error" in answer, f"rendered {answer['output']} characters"
    message = answer["error"]
    assert message.startswith("模板“坏”") and "\n" not in message and "（）" not in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message[len("模板“坏”") :])


def test_values_with_template_syntax_are_not_run():
    assert render_text("{{ v }}次", {"v": "{{ 7*7 }}"}) == "{{ 7*7 }}次"
    assert render_text("{{ v }}", {"v": "城关镇{#第三次#}联席会议"}) == "城关镇{#第三次#}联席会议"
    once = render_text("{{ v }}次", {"v": "{{ 7*7 }}"}, literal_values=True)
    assert render_text(once, {}) == "{{ 7*7 }}次"
