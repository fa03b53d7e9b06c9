"""Comparing two speeches: paragraphs paired, edits inside them, and the one-line summary."""

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.model import Point, Speech, SubPoint, speech_blocks
from toolkit.model.textdiff import (
    DELETE,
    EQUAL,
    INSERT,
    apply_edits,
    compare_speeches,
    summarize,
    summary,
    text_edits,
)


def county_speech(numbering="一、"):
    return Speech(
        title="在全县秋季农业生产工作会议上的讲话",
        salutation="同志们：",
        opening=["今天召开会议，主要任务是部署秋收秋种工作。"],
        transition="下面，我讲三点意见。",
        numbering=numbering,
        points=[
            Point("抓好秋收", ["要组织农机下田，确保颗粒归仓。", "各乡镇要排好收割进度表。"]),
            Point("抓好秋种", ["要备足麦种化肥，适时播种。"], [SubPoint("统一供种", ["由农业农村局牵头。"])]),
            Point("抓好防灾", ["要盯紧天气变化，防范连阴雨。"]),
        ],
        closing=["同志们，秋收秋种时间紧、任务重，大家要立即行动起来。"],
    )


def changes_of(kind, changes):
    return [c for c in changes if c.kind == kind]


def test_an_unchanged_speech_has_no_changes():
    speech = county_speech()
    changes = compare_speeches(speech, copy.deepcopy(speech))
    assert {c.kind for c in changes} == {"same"}
    assert summary(changes) == "没有改动"


def test_one_phrase_replaced_is_one_deletion_and_one_insertion_inside_the_paragraph():
    old = county_speech()
    new = copy.deepcopy(old)
    new.points[0].body[0] = "要组织收割机下田，确保颗粒归仓。"
    changed = changes_of("changed", compare_speeches(old, new))
    assert [c.location for c in changed] == ["第1点正文第1段"]
    assert [e for e in changed[0].edits if e[0] != EQUAL] == [(DELETE, "农"), (INSERT, "收割")]
    assert summarize(old, new) == "改动 1 段"


def test_numbers_and_latin_words_change_as_whole_tokens():
    edits = text_edits("2023年全县GDP增长6%。", "2024年全县GDP增长7%。")
    assert [e for e in edits if e[0] != EQUAL] == [(DELETE, "2023"), (INSERT, "2024"), (DELETE, "6"), (INSERT, "7")]


def test_a_rewritten_clause_reads_as_runs_not_scattered_characters():
    old = "要聚焦道路交通、建筑施工、危险化学品等重点领域，深入开展隐患排查整治。"
    new = "要聚焦道路交通、燃气、危险化学品等重点行业领域，扎实开展隐患排查整治工作。"
    edits = text_edits(old, new)
    assert (DELETE, "建筑施工") in edits and (INSERT, "燃气") in edits
    assert all(len(text) > 1 for op, text in edits if op != EQUAL)


def test_a_deleted_point_counts_once_and_the_points_after_it_are_renumbered():
    old = county_speech()
    new = copy.deepcopy(old)
    new.remove_point(0)
    changes = compare_speeches(old, new)
    deleted = changes_of("deleted", changes)
    assert [c.old.location for c in deleted] == ["第1点", "第1点正文第1段", "第1点正文第2段"]
    renumbered = [c for c in changes if c.marker_changed]
    assert [(c.old.marker, c.new.marker) for c in renumbered] == [("二、", "一、"), ("三、", "二、")]
    assert [e for e in renumbered[0].all_edits if e[0] != EQUAL] == [(DELETE, "二、"), (INSERT, "一、")]
    assert not renumbered[0].text_changed
    assert summary(changes) == "删除 1 点，重新编号 2 处"


def test_a_deleted_paragraph_stands_where_it_stood():
    old = county_speech()
    new = copy.deepcopy(old)
    del new.points[0].body[0]
    changes = compare_speeches(old, new)
    kinds = [(c.kind, c.location) for c in changes if c.kind != "same"]
    assert kinds == [("deleted", "第1点正文第1段")]
    position = [c.kind for c in changes].index("deleted")
    assert changes[position - 1].new.location == "第1点" and changes[position + 1].old.location == "第1点正文第2段"
    assert summary(changes) == "删除 1 段"


def test_a_moved_point_is_moved_with_its_body_and_renumbered():
    old = county_speech()
    new = copy.deepcopy(old)
    new.move_point(2, 0)
    changes = compare_speeches(old, new)
    moved = changes_of("moved", changes)
    assert [(c.old.location, c.new.location) for c in moved] == [
        ("第3点", "第1点"),
        ("第3点正文第1段", "第1点正文第1段"),
    ]
    assert not any(c.text_changed for c in moved)
    assert moved[0].new_index < moved[0].old_index
    assert summary(changes) == "移动 1 点，重新编号 2 处"


def test_a_paragraph_moved_and_touched_up_is_still_a_move():
    old = county_speech()
    new = copy.deepcopy(old)
    paragraph = new.points[0].body.pop(1)
    new.points[2].body.append(paragraph.replace("排好", "排定"))
    moved = changes_of("moved", compare_speeches(old, new))
    assert [(c.old.location, c.new.location) for c in moved] == [("第1点正文第2段", "第3点正文第2段")]
    assert (INSERT, "定") in moved[0].edits


def test_an_inserted_point_and_an_edited_paragraph_are_summed_up_in_one_line():
    old = county_speech()
    new = copy.deepcopy(old)
    new.add_point(Point("抓好安全", ["要守住安全底线。", "要压实属地责任。"]))
    new.closing[0] = "同志们，秋收秋种时间紧、任务重，各乡镇要立即行动起来。"
    new.opening.append("这次会议很重要。")
    assert summarize(old, new) == "改动 1 段，新增 1 点、1 段"


def test_a_point_that_became_a_sub_point_keeps_its_words_and_changes_its_marker():
    old = Speech(numbering="一、", points=[Point("甲项工作", ["甲的正文。"]), Point("乙项工作")])
    new = Speech(numbering="一、", points=[Point("甲项工作", ["甲的正文。"], [SubPoint("乙项工作")])])
    changes = compare_speeches(old, new)
    changed = changes_of("changed", changes)
    assert [(c.old.marker, c.new.marker) for c in changed] == [("二、", "（一）")]
    assert apply_edits(changed[0].old.text, changed[0].all_edits) == "（一）乙项工作"


# --- property tests -------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["安全生产", "乡村振兴", "同志们", "要", "抓好", "2024", "GDP", "，", "。", "、", "“", "”", " ", "一要", "（一）"]
)
CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40), max_size=6)
TEXT = st.lists(st.one_of(WORDS, CJK, st.text(max_size=3)), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(old=TEXT, new=TEXT)
def test_applying_the_edits_to_the_old_text_gives_the_new(old, new):
    edits = text_edits(old, new)
    assert apply_edits(old, edits) == new
    assert "".join(t for op, t in edits if op != INSERT) == old
    assert all(text for _, text in edits)


subpoints = st.builds(SubPoint, lead=TEXT, body=st.lists(TEXT, max_size=2))
points = st.builds(Point, lead=TEXT, body=st.lists(TEXT, max_size=3), subpoints=st.lists(subpoints, max_size=2))
speeches = st.builds(
    Speech,
    title=st.one_of(st.none(), TEXT),
    salutation=st.one_of(st.none(), TEXT),
    opening=st.lists(TEXT, max_size=3),
    transition=st.one_of(st.none(), TEXT),
    numbering=st.sampled_from(["一要", "一、", "第一，"]),
    points=st.lists(points, max_size=4),
    closing=st.lists(TEXT, max_size=2),
)


@st.composite
def edited_pairs(draw):
    """A speech and an edited copy of it: points moved, removed, added; paragraphs rewritten."""
    old = draw(speeches)
    new = copy.deepcopy(old)
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["move", "remove", "add", "rewrite", "touch"]))
        if action == "move" and len(new.points) > 1:
            new.move_point(draw(st.integers(0, len(new.points) - 1)), draw(st.integers(0, len(new.points) - 1)))
        elif action == "remove" and new.points:
            new.remove_point(draw(st.integers(0, len(new.points) - 1)))
        elif action == "add" and len(new.points) < 6:
            new.add_point(draw(points), index=draw(st.integers(0, len(new.points))))
        elif action == "rewrite" and new.closing:
            new.closing[0] = draw(TEXT)
        elif action == "touch" and new.points:
            point = new.points[draw(st.integers(0, len(new.points) - 1))]
            point.lead = point.lead[: len(point.lead) // 2] + draw(TEXT) + point.lead[len(point.lead) // 2 :]
    return old, new


def _check_pairing(old, new):
    old_blocks, new_blocks = speech_blocks(old), speech_blocks(new)
    changes = compare_speeches(old, new)
    # every paragraph of each speech is in exactly one change, the new ones in reading order
    assert [c.new_index for c in changes if c.new is not None] == list(range(len(new_blocks)))
    assert sorted(c.old_index for c in changes if c.old is not None) == list(range(len(old_blocks)))
    # leaving the moves aside, the old paragraphs are in their order too
    assert [c.old_index for c in changes if c.old is not None and c.kind != "moved"] == sorted(
        c.old_index for c in changes if c.old is not None and c.kind != "moved"
    )
    for change in changes:
        before = change.old.text if change.old else ""
        after = change.new.text if change.new else ""
        assert apply_edits(before, change.all_edits) == after
        assert (change.kind == "same") == (change.old is not None and change.new is not None and before == after) or (
            change.kind == "moved"
        )
    assert summary(changes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=edited_pairs())
def test_every_paragraph_of_an_edited_speech_is_accounted_for_and_its_edits_apply(pair):
    _check_pairing(*pair)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old=speeches, new=speeches)
def test_two_unrelated_speeches_compare_the_same_way(old, new):
    _check_pairing(old, new)
