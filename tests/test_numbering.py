"""Chinese numerals and marker styles: the numbers a speech's points carry."""

import pytest

from toolkit.errors import NumberingError
from toolkit.model.numbering import chinese_numeral, find_marker, marker_style, parse_chinese_numeral


@pytest.mark.parametrize(
    "number, text",
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
    ],
)
def test_chinese_numerals_read_as_staff_write_them(number, text):
    assert chinese_numeral(number) == text
    assert parse_chinese_numeral(text) == number


def test_every_numeral_from_one_to_ninety_nine_round_trips():
    assert [parse_chinese_numeral(chinese_numeral(n)) for n in range(1, 100)] == list(range(1, 100))


@pytest.mark.parametrize("text", ["零", "一十", "二二", "十十", "百", "", "一百"])
def test_malformed_numerals_are_not_numbers(text):
    assert parse_chinese_numeral(text) is None


@pytest.mark.parametrize("number", [0, 100, -1])
def test_numerals_outside_one_to_ninety_nine_are_refused_in_chinese(number):
    with pytest.raises(NumberingError, match="1 到 99"):
        chinese_numeral(number)


@pytest.mark.parametrize(
    "style, first_three, twelfth",
    [
        ("一要", ["一要", "二要", "三要"], "十二要"),
        ("一是", ["一是", "二是", "三是"], "十二是"),
        ("一、", ["一、", "二、", "三、"], "十二、"),
        ("第一，", ["第一，", "第二，", "第三，"], "第十二，"),
        ("（一）", ["（一）", "（二）", "（三）"], "（十二）"),
        ("1.", ["1.", "2.", "3."], "12."),
        ("（1）", ["（1）", "（2）", "（3）"], "（12）"),
    ],
)
def test_numbered_styles_go_up_to_ninety_nine(style, first_three, twelfth):
    markers = marker_style(style).markers(99)
    assert markers[:3] == first_three
    assert markers[11] == twelfth
    assert len(markers) == 99


def test_sequence_style_ends_with_zuihou_and_stops_at_four():
    style = marker_style("首先，")
    assert style.markers(3) == ["首先，", "其次，", "最后，"]
    assert style.markers(4) == ["首先，", "其次，", "再次，", "最后，"]
    with pytest.raises(NumberingError, match="最多只能编 4 点"):
        style.markers(5)


def test_ninety_nine_is_the_limit_of_numbered_styles():
    with pytest.raises(NumberingError, match="最多只能编 99 点"):
        marker_style("一要").markers(100)


def test_run_in_styles_differ_from_heading_styles():
    assert [marker_style(s).run_in for s in ("一要", "一是", "第一，", "首先，")] == [True] * 4
    assert [marker_style(s).run_in for s in ("一、", "（一）", "1.", "（1）")] == [False] * 4


def test_unknown_style_names_the_accepted_ones():
    with pytest.raises(NumberingError, match="不认识的编号样式“甲、”.*一要"):
        marker_style("甲、")


@pytest.mark.parametrize(
    "text, style, number",
    [
        ("二要切实解决", "一要", 2),
        ("十一是加强", "一是", 11),
        ("三、强化", "一、", 3),
        ("第四，要", "第一，", 4),
        ("（五）坚持", "（一）", 5),
        ("12.做好", "1.", 12),
        ("（3）落实", "（1）", 3),
        ("其次，要", "首先，", 2),
        ("最后，要", "首先，", None),
    ],
)
def test_markers_are_found_at_the_start_of_a_paragraph(text, style, number):
    found = find_marker(text)
    assert (found.style_id, found.number) == (style, number)


@pytest.mark.parametrize(
    "text", ["一年来，我们", "统一是前提", "第一次全体会议", "1.5亿元", "2026年", "“一要快、二要准”"]
)
def test_words_that_only_look_like_markers_are_not_markers(text):
    assert find_marker(text) is None
