"""What `jianggao check` finds, and that each finding names its place."""

import pytest

from toolkit.checks import find_problems
from toolkit.model import Point, Speech, SubPoint


def base(**changes):
    speech = Speech(
        title="在全县工作会议上的讲话",
        salutation="同志们：",
        opening=["今天开会。"],
        transition="下面，我讲三点意见。",
        numbering="一要",
        points=[
            Point("切实解决认识问题。", ["正文。"]),
            Point("切实解决作风问题。", ["正文。"]),
            Point("切实解决落实问题。", ["正文。"]),
        ],
        closing=["同志们，让我们共同努力。"],
    )
    for key, value in changes.items():
        setattr(speech, key, value)
    return speech


def messages(speech):
    return [str(p) for p in find_problems(speech)]


def test_a_clean_speech_has_no_problems():
    assert messages(base()) == []


@pytest.mark.parametrize(
    "text, shown",
    [
        ("请×县各部门", "“×县”"),
        ("由××负责", "“××”"),
        ("×××同志", "“×××同志”"),
        ("XXX镇", "“XXX”"),
        ("于＿＿月", "“＿＿”"),
        ("【】单位", "“【】”"),
        ("○○乡", "“○○”"),
    ],
)
def test_unfilled_placeholders_are_named_with_their_place(text, shown):
    found = messages(base(opening=["今天开会。", text]))
    assert len(found) == 1
    assert found[0].startswith("开头第2段：有未填写的占位符" + shown)


def test_a_variable_without_a_value_is_named_and_one_with_a_value_is_not():
    speech = base(opening=["{{ 县名 }}召开会议，{{会议名称}}。"], variables={"县名": "某县"})
    found = messages(speech)
    assert found == ["开头第1段：变量“会议名称”还没有值，请在“变量”中填写"]


def test_a_transition_promising_more_points_than_there_are():
    found = messages(base(transition="下面，我讲四点意见。"))
    assert found == ["过渡句：说要讲四点，实际有三点，请把过渡句改成“讲三点”，或增删要点"]


def test_a_transition_with_jidian_promises_nothing():
    assert messages(base(transition="下面，我讲几点意见。")) == []


def test_empty_points_and_points_without_lead():
    speech = base()
    speech.points.append(Point())
    speech.points.append(Point("", ["有正文没有主旨句。"]))
    speech.transition = None
    found = messages(speech)
    assert "第4点：这一点是空的，请填写主旨句和正文，或删除这一点" in found
    assert "第5点：这一点没有主旨句，请在开头补一句概括这一点的话" in found


def test_empty_subpoint_is_named_by_point_and_subpoint():
    speech = base()
    speech.points[1].subpoints = [SubPoint("加强学习。"), SubPoint()]
    assert "第2点第2小点：这一小点是空的，请填写或删除" in messages(speech)


def test_missing_title():
    assert messages(base(title=None))[0] == "标题：缺少标题，请补上，如“在……会议上的讲话”"


def test_vendor_noise_left_in_the_text():
    speech = base(closing=["同志们，让我们共同努力。", "更多精彩范文请关注公众号：笔杆子"])
    found = messages(speech)
    assert len(found) == 1 and found[0].startswith("结尾第2段：疑似素材网站的广告或水印")


def test_inline_advert_inside_a_paragraph():
    long_paragraph = "今天召开全县工作会议，主要任务是总结前一阶段工作，部署下一阶段任务。" * 3
    speech = base(opening=[long_paragraph + "（本文由某某文库整理，咨询QQ123456）"])
    assert messages(speech)[0].startswith("开头第1段：段落中夹带疑似广告")


def test_a_lead_that_breaks_the_parallel_pattern_is_a_hint_not_a_problem():
    speech = base()
    speech.points.append(Point("加强组织领导。"))
    speech.transition = "下面，我讲四点意见。"
    problems = find_problems(speech)
    assert [p.severity for p in problems] == ["hint"]
    assert (
        str(problems[0]) == "第4点主旨句：（提示）其他3点的主旨句都是“切实解决……问题”的句式，这一点没有沿用，可考虑统一"
    )


def test_too_many_points_for_the_sequence_style():
    speech = base(numbering="首先，", transition=None)
    speech.points += [Point("切实解决甲问题。"), Point("切实解决乙问题。")]
    assert any(line.startswith("编号：编号样式“首先，”最多只能编 4 点") for line in messages(speech))


def test_a_variable_the_meeting_facts_fill_is_not_missing_and_each_is_named_once():
    from toolkit.model import MeetingFacts

    speech = base(
        opening=["{{ 会议名称 }}今天召开，{{ 县名 }}、{{ 县名 }}都要参加。"], meeting=MeetingFacts(name="全县工作会议")
    )
    assert messages(speech) == ["开头第1段：变量“县名”还没有值，请在“变量”中填写"]
