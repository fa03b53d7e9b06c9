"""The composer's 素材 tab, driven as a writer would: type words, read a hit in its speech,
insert it (a paragraph, or its whole point) at a chosen place; the draft on disk then holds
the text and where it came from, and the source follows its text through later edits."""

from __future__ import annotations

import pytest
from test_archive import PARTY, SAFETY
from test_composer import composer_for

from toolkit import service
from toolkit.drafts import open_draft
from toolkit.model import Point, Speech


@pytest.fixture
def office_archive(tmp_path):
    """The workspace's archive (where the composer looks by default) with two speeches."""
    folder = tmp_path / "以往讲稿"
    (folder / "上级").mkdir(parents=True)
    (folder / "党建.txt").write_text(PARTY, encoding="utf-8")
    (folder / "上级" / "安全.txt").write_text(SAFETY, encoding="utf-8")
    assert len(service.archive_files([folder]).added) == 2
    return folder


def draft():
    return Speech(
        salutation="同志们：", opening=["今天开会。"], points=[Point("提高认识。", ["认真学习。"])], closing=["散会。"]
    )


def test_typing_finds_paragraphs_with_the_words_highlighted_and_in_context(tmp_path, office_archive):
    composer, _path = composer_for(tmp_path, draft())
    tab = composer.material
    tab.search.value = "党建"
    labels = [label for label, _value in tab.results.options]
    assert labels and all("【党建】" in label for label in labels)
    assert "在全县党建工作推进会上的讲话，2025年3月2日" in labels[0]
    tab.search.value = "排查隐患"
    preview = tab.preview.value
    assert "<mark" in preview and ">排查隐患</mark>" in preview
    assert "守住安全底线" in preview  # the lead before it, shown around the hit
    assert "在全县党建工作推进会上的讲话" in preview


def test_a_whole_point_goes_in_as_a_new_point_and_its_source_is_saved(tmp_path, office_archive):
    composer, path = composer_for(tmp_path, draft())
    tab = composer.material
    tab.search.value = "排查隐患"
    tab.scope.value = "point"
    assert [label for label, _ in tab.position.options] == ["作为新的一点（最后）", "作为新的一点（第1点之前）"]
    tab.position.value = "point"
    tab.insert.click()
    assert tab.message.value == "已插入2段，作为新的第2点（放在最后），来自“在全县党建工作推进会上的讲话”。"
    saved = open_draft(path)
    assert [p.lead for p in saved.points] == ["提高认识。", "守住安全底线。"]
    assert saved.points[1].body == ["每个村都要排查隐患，做到安全责任落到人头。"]
    assert [(s.key, s.title, s.date, s.source) for s in saved.sources] == [
        ("points/1/lead", "在全县党建工作推进会上的讲话", "2025-03-02", "本单位"),
        ("points/1/body/0", "在全县党建工作推进会上的讲话", "2025-03-02", "本单位"),
    ]
    assert "sources:" in path.read_text(encoding="utf-8")
    from toolkit.model import speech_to_contract

    assert [s["where"] for s in speech_to_contract(saved)["sources"]] == ["第2点主旨句", "第2点正文第1段"]


def test_a_paragraph_goes_where_chosen_and_its_source_follows_later_edits(tmp_path, office_archive):
    composer, path = composer_for(tmp_path, draft())
    tab = composer.material
    tab.search.value = "责任 主体"
    tab.source.value = "上级"
    hit = tab.selected
    assert hit.paragraph.text == "企业是安全生产的责任主体，主要负责人是第一责任人。"
    assert [label for label, _ in tab.position.options] == ["开头末尾", "第1点正文末尾", "作为新的一点", "结尾末尾"]
    tab.position.value = "points/0"
    tab.insert.click()
    assert open_draft(path).points[0].body == ["认真学习。", "企业是安全生产的责任主体，主要负责人是第一责任人。"]
    composer.structure.add_point.click()  # a new point, then moved first: the source goes with its text
    composer.state.speech.move_point(1, 0)
    composer.state.changed(structure=True)
    composer.flush()
    saved = open_draft(path)
    (source,) = saved.sources
    assert source.key == "points/1/body/1" and source.source == "上级" and source.speaker == "市长 李四"
    assert saved.points[1].body[1] == source.text


@pytest.mark.parametrize(
    ("whole_point", "place", "said"),
    [
        (False, "opening", "已插入1段到开头末尾"),
        (False, "points/0", "已插入1段到第1点正文末尾"),
        (False, "point", "已插入1段，作为新的第2点（放在最后）"),
        (False, "closing", "已插入1段到结尾末尾"),
        (True, "point", "已插入2段，作为新的第2点（放在最后）"),
        (True, "point/0", "已插入2段，作为新的第1点（放在原第1点之前）"),
    ],
)
def test_the_message_after_inserting_says_where_in_plain_words(tmp_path, office_archive, whole_point, place, said):
    composer, path = composer_for(tmp_path, draft())
    tab = composer.material
    tab.search.value = "排查隐患"
    tab.scope.value = "point" if whole_point else "paragraph"
    assert place in [value for _label, value in tab.position.options]  # every place the list offers is here
    assert len(tab.position.options) == (2 if whole_point else 4)
    tab.position.value = place
    tab.insert.click()
    assert tab.message.value == f"{said}，来自“在全县党建工作推进会上的讲话”。"
    saved = open_draft(path)
    where = {"opening": saved.opening[-1], "closing": saved.closing[-1], "points/0": saved.points[0].body[-1]}
    inserted = where.get(place) or next(p for p in saved.points if p.lead != "提高认识。")
    assert "排查隐患" in str(inserted)


def test_without_an_archive_the_tab_says_so_in_plain_words(tmp_path):
    composer, _path = composer_for(tmp_path, draft())
    composer.material.search.value = "党建"
    assert "素材库里还没有讲稿" in composer.material.message.value
    assert composer.material.results.options == ()
    assert not (tmp_path / "workspace" / "素材库.sqlite").exists()


def test_an_archive_that_cannot_be_opened_is_the_only_thing_said(tmp_path, office_archive):
    """A damaged archive: the tab gives the reason alone, never also 没有找到… as if it had searched."""
    composer, _path = composer_for(tmp_path, draft())
    (tmp_path / "workspace" / "素材库.sqlite").write_bytes(b"\x00\xff damaged " * 200)
    tab = composer.material
    tab.search.value = "党建"
    assert "素材库暂时打不开（这个文件不是素材库，或素材库文件已损坏），请告诉负责素材库的同事。" in tab.message.value
    assert tab.results.options == ()
    assert tab.preview.value == ""
    tab.part.value = "主旨句"  # searched again with another part: still only the reason
    assert "素材库暂时打不开" in tab.message.value and tab.preview.value == ""
    composer.material.copy_check.button.click()
    assert "素材库暂时打不开" in tab.copy_check.summary.value
    tab.search.value = ""
    assert tab.message.value == "" and "输入词语" in tab.preview.value


def test_a_point_with_sub_points_is_rebuilt_from_its_archived_paragraphs():
    from toolkit.model.places import insert_material
    from toolkit.model.speech import Source

    speech = draft()
    archived = [
        ("要点主旨句", "抓好生态保护。"),
        ("要点正文", "生态是最大的本钱。"),
        ("小点主旨句", "守护好一江清水。"),
        ("小点正文", "全面落实河长制。"),
        ("小点主旨句", "守护好青山绿水。"),
    ]
    keys = insert_material(speech, "point/0", archived, Source(title="在全县生态环境保护工作会议上的讲话"))
    assert keys == [
        "points/0/lead",
        "points/0/body/0",
        "points/0/subpoints/0/lead",
        "points/0/subpoints/0/body/0",
        "points/0/subpoints/1/lead",
    ]
    point = speech.points[0]
    assert (point.lead, point.body, [s.lead for s in point.subpoints]) == (
        "抓好生态保护。",
        ["生态是最大的本钱。"],
        ["守护好一江清水。", "守护好青山绿水。"],
    )
    assert speech.points[1].lead == "提高认识。"
    assert [s.text for s in speech.sources] == [text for _part, text in archived]


def test_a_source_stays_with_its_words_when_the_paragraph_is_split_or_deleted():
    from toolkit.model.places import insert_material, join_with_previous, split_field
    from toolkit.model.speech import Source

    speech = draft()
    insert_material(speech, "opening", [("开头", "这次会议很重要。大家要认真领会。")], Source(title="甲"))
    split_field(speech, "opening/0", "", "今天开会。")  # a paragraph put before it: the source moves down
    assert speech.opening == ["", "今天开会。", "这次会议很重要。大家要认真领会。"]
    assert speech.sources[0].key == "opening/2"
    join_with_previous(speech, "opening/1", "今天开会。")  # the empty one joins away
    assert speech.sources[0].key == "opening/1"
    speech.opening.pop(1)  # typed away on the page: nothing to follow then
    speech.reindex_anchored("opening", lambda k: None if k == 1 else k)
    assert speech.sources[0].key == ""
