"""The speech model: numbering follows the points, counts follow the text."""

import pytest

from toolkit.errors import NumberingError
from toolkit.model import Point, Speech, SubPoint, speech_blocks, speech_to_contract
from toolkit.model.text import character_count, format_duration, speaking_seconds, speech_character_count


def three_points(style="一要"):
    return Speech(
        title="在全县工作会议上的讲话",
        salutation="同志们：",
        numbering=style,
        points=[Point("甲。"), Point("乙。"), Point("丙。")],
    )


def test_moving_a_point_renumbers_instead_of_carrying_old_numbers():
    speech = three_points()
    speech.move_point(2, 0)
    assert [m + p.lead for m, p in zip(speech.point_markers(), speech.points)] == ["一要丙。", "二要甲。", "三要乙。"]


def test_removing_and_adding_points_keeps_numbers_consecutive():
    speech = three_points()
    speech.remove_point(1)
    speech.add_point(Point("丁。"), index=0)
    speech.add_point(Point("戊。"))
    assert speech.point_markers() == ["一要", "二要", "三要", "四要"]
    assert [p.lead for p in speech.points] == ["丁。", "甲。", "丙。", "戊。"]


def test_changing_the_style_changes_every_marker():
    speech = three_points()
    speech.numbering = "第一，"
    assert speech.point_markers() == ["第一，", "第二，", "第三，"]


def test_sequence_style_refuses_a_fifth_point_clearly():
    speech = three_points("首先，")
    speech.add_point(Point("丁。"))
    with pytest.raises(NumberingError, match="最多只能编 4 点"):
        speech.add_point(Point("戊。"))
    assert len(speech.points) == 4


def test_moving_a_point_that_does_not_exist_says_so():
    with pytest.raises(NumberingError, match="没有第 5 点"):
        three_points().move_point(4, 0)


def test_run_in_point_shares_its_paragraph_with_the_first_body_paragraph():
    speech = Speech(points=[Point("切实解决问题。", ["党建是根本。", "第二段。"])], numbering="一要")
    blocks = [b for b in speech_blocks(speech) if b.role.startswith("point")]
    assert [b.text for b in blocks] == ["一要切实解决问题。党建是根本。", "第二段。"]
    assert blocks[0].lead == "切实解决问题。" and blocks[0].rest == "党建是根本。"
    assert blocks[1].location == "第1点正文第2段"


def test_heading_point_stands_on_its_own_line():
    speech = Speech(
        points=[Point("提高政治站位", ["正文。"], [SubPoint("强化学习", ["学习正文。"])])], numbering="一、"
    )
    assert [b.text for b in speech_blocks(speech)] == ["一、提高政治站位", "正文。", "（一）强化学习", "学习正文。"]


def test_contract_keeps_a_run_in_transition_inside_the_opening_paragraph():
    speech = Speech(opening=["今天召开会议。"], transition="下面，我讲几点意见。", transition_run_in=True)
    contract = speech_to_contract(speech)
    assert contract["opening"] == ["今天召开会议。下面，我讲几点意见。"]
    assert contract["transition"] == "下面，我讲几点意见。"


def test_character_count_ignores_white_space_only():
    assert character_count("同志们：\n　　今天 开会。ABC 12") == 14


def test_speaking_time_uses_the_rate_and_skips_title_and_byline():
    speech = Speech(title="标" * 20, byline="（2026年9月28日）", opening=["字" * 300])
    assert speech_character_count(speech) == 300
    assert speech_character_count(speech, spoken_only=False) == 300 + 20 + 12
    assert speaking_seconds(speech) == 120
    assert speaking_seconds(speech, rate=200) == 90
    spoken = [format_duration(seconds) for seconds in (120, 90, 45)]
    assert spoken == ["约2分钟", "约1分30秒", "约45秒"]


# -- concepts computed once in the model -----------------------------------------------------------
def test_each_marker_style_has_one_kind_and_heading_level():
    from toolkit.model import marker_style

    expected = {
        "一要": ("yao", None),
        "一是": ("shi", None),
        "第一，": ("ordinal", None),
        "首先，": ("sequence", None),
        "一、": ("chinese", 1),
        "（一）": ("paren_chinese", 2),
        "1.": ("arabic", 3),
        "（1）": ("paren_arabic", 4),
        "(1)": ("paren_arabic", 4),
        "1．": ("arabic", 3),
    }
    for style_id, (kind, level) in expected.items():
        style = marker_style(style_id)
        assert (style.kind, style.heading_level) == (kind, level), style_id


def test_the_preview_shows_a_fourth_level_heading_sub_point_in_bold_on_its_own_line():
    from toolkit.exporters.html import speech_html
    from toolkit.model import SubPoint

    speech = Speech(
        numbering="一、",
        subnumbering="（1）",
        subpoint_layout="heading",
        points=[Point(lead="抓落实", subpoints=[SubPoint(lead="压责任", body=["正文"])])],
    )
    html = speech_html(speech)
    assert "<b>（1）压责任</b>" in html


def test_the_text_walk_names_every_field_and_maps_a_copy():
    from toolkit.model import SubPoint
    from toolkit.model.fields import map_speech_texts, speech_texts

    speech = Speech(
        title="题",
        opening=["甲", "乙"],
        transition="下面讲两点。",
        points=[Point(lead="一句。", body=["正文"], subpoints=[SubPoint(lead="小", body=["小正文"])])],
        closing=["尾"],
    )
    assert [where for where, _ in speech_texts(speech)] == [
        "标题",
        "开头第1段",
        "开头第2段",
        "过渡句",
        "第1点主旨句",
        "第1点正文第1段",
        "第1点第1小点主旨句",
        "第1点第1小点正文第1段",
        "结尾第1段",
    ]
    upper = map_speech_texts(speech, lambda where, text: f"[{where}]{text}")
    assert upper.points[0].subpoints[0].body == ["[第1点第1小点正文第1段]小正文"]
    assert speech.points[0].subpoints[0].body == ["小正文"] and upper.byline is None


def test_meeting_facts_are_variables_both_ways():
    import datetime as dt

    from toolkit.model.speech import MeetingFacts
    from toolkit.model.variables import meeting_values, set_meeting_fact, speech_values

    facts = MeetingFacts()
    assert set_meeting_fact(facts, "会议日期", "2026-09-28") and facts.date == dt.date(2026, 9, 28)
    assert set_meeting_fact(facts, "会议名称", "全县防汛工作会议") and not set_meeting_fact(facts, "县名", "某县")
    assert meeting_values(facts) == {"会议名称": "全县防汛工作会议", "会议日期": dt.date(2026, 9, 28)}
    speech = Speech(meeting=facts, variables={"会议名称": "", "县名": "某县"})
    assert speech_values(speech, {"县名": "另一县"})["县名"] == "另一县"
    assert speech_values(speech)["会议名称"] == "全县防汛工作会议"  # an empty variable does not hide the fact


def test_sub_points_are_added_moved_and_removed_by_the_speech():
    from toolkit.errors import NumberingError
    from toolkit.model import SubPoint

    speech = Speech(subnumbering="首先，", points=[Point(lead="一句。")])
    point = speech.points[0]
    for lead in "甲乙丙丁":
        speech.add_subpoint(point, SubPoint(lead=lead))
    with pytest.raises(NumberingError, match="最多只能编 4 点"):
        speech.add_subpoint(point)
    speech.move_subpoint(point, 3, 0)
    assert [s.lead for s in point.subpoints] == ["丁", "甲", "乙", "丙"]
    assert speech.remove_subpoint(point, 1).lead == "甲"
    with pytest.raises(NumberingError, match="没有第 9 小点"):
        speech.move_subpoint(point, 8, 0)
