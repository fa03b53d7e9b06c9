"""Fields by key and the paragraph edits of the composer's page (toolkit/model/places.py):
what Enter, Backspace and typing do to the speech."""

import pytest

from toolkit.model.fields import field_keys, place_key, speech_texts
from toolkit.model.layout import speech_blocks
from toolkit.model.places import PlaceError, join_with_previous, read_field, split_field, write_field
from toolkit.model.speech import Point, Speech, SubPoint


def speech() -> Speech:
    return Speech(
        title="在全县春耕生产会议上的讲话",
        salutation="同志们：",
        opening=["今天开会。", "刚才几位同志讲了。"],
        transition="下面，我讲两点意见。",
        points=[
            Point(lead="抓好备耕。", body=["种子要备足。", "化肥要到位。"], subpoints=[SubPoint(lead="看住农资。")]),
            Point(lead="抓好服务。", body=[]),
        ],
        closing=["同志们，春耕时节不等人。"],
    )


def test_every_field_has_a_key_that_reads_back_its_text():
    s = speech()
    keys = field_keys(s)
    for where, text in speech_texts(s):
        assert read_field(s, keys[where]) == text, where
    assert keys["第1点第1小点主旨句"] == "points/0/subpoints/0/lead"
    assert place_key(s, "第2点") == "points/1/lead" and place_key(s, "全文") is None


def test_blocks_name_the_fields_they_are_made_of():
    s = speech()
    s.numbering = "一要"  # run-in: the lead and the first body paragraph share a paragraph
    point = next(block for block in speech_blocks(s) if block.role == "point")
    assert point.keys == ("points/0/lead", "points/0/body/0")
    s.transition_run_in = True
    last_opening = [block for block in speech_blocks(s) if block.role == "opening"][-1]
    assert last_opening.keys == ("opening/1", "transition")


def test_enter_splits_a_paragraph_and_the_cursor_starts_the_second():
    s = speech()
    caret = split_field(s, "opening/0", "今天", "开会。")
    assert s.opening == ["今天", "开会。", "刚才几位同志讲了。"] and caret.key == "opening/1" and caret.offset == 0


def test_enter_at_the_end_of_a_heading_lead_starts_its_body():
    s = speech()
    caret = split_field(s, "points/0/lead", "抓好备耕。", "")
    assert s.points[0].body == ["", "种子要备足。", "化肥要到位。"] and caret.key == "points/0/body/0"


def test_enter_in_a_run_in_lead_keeps_the_shared_paragraph():
    s = speech()
    caret = split_field(s, "points/0/lead", "抓好备耕。", "", run_in=True)
    assert s.points[0].body == ["种子要备足。", "", "化肥要到位。"] and caret.key == "points/0/body/1"
    caret = split_field(s, "points/1/lead", "抓好", "服务。", run_in=True)
    assert s.points[1].lead == "抓好" and s.points[1].body == ["服务。"] and caret.key == "points/1/body/0"


def test_enter_leaves_single_fields_alone():
    s = speech()
    assert split_field(s, "title", "在全县", "春耕生产会议上的讲话") is None
    assert s.title == "在全县春耕生产会议上的讲话"


def test_backspace_at_a_paragraph_start_joins_it_to_the_one_before():
    s = speech()
    caret = join_with_previous(s, "points/0/body/1", "化肥要到位。")
    assert s.points[0].body == ["种子要备足。化肥要到位。"] and (caret.key, caret.offset) == ("points/0/body/0", 6)
    assert join_with_previous(s, "points/0/body/0", "种子要备足。化肥要到位。") is None  # never into the lead
    s.points[1].body = [""]
    caret = join_with_previous(s, "points/1/body/0", "")
    assert s.points[1].body == [] and caret.offset == -1


def test_typing_into_an_empty_slot_adds_the_paragraph_and_clearing_a_single_field_unsets_it():
    s = Speech()
    write_field(s, "closing/0", "同志们，一起努力。")
    write_field(s, "opening/0", "")
    assert s.closing == ["同志们，一起努力。"] and s.opening == []
    s.salutation = "同志们："
    write_field(s, "salutation", "  ")
    assert s.salutation is None


def test_pasted_lines_become_paragraphs_and_lines_in_a_lead_are_joined():
    s = speech()
    write_field(s, "opening/1", "第一行\n\n第二行\n")
    assert s.opening == ["今天开会。", "第一行", "第二行"]
    write_field(s, "points/0/lead", "抓好\n备耕。")
    assert s.points[0].lead == "抓好备耕。"
    write_field(s, "title", "在会议上的讲话\n——副标题")
    assert s.title == "在会议上的讲话\n——副标题"


@pytest.mark.parametrize("key", ["points/9/lead", "opening/x", "nothing", "points/0/subpoints/5/body/0", "opening/7"])
def test_a_key_that_names_no_field_is_refused(key):
    s = speech()
    with pytest.raises(PlaceError):
        write_field(s, key, "文字")
