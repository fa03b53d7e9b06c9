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
