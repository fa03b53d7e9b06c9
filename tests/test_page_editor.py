"""The composer's page, driven with the messages the browser sends when a writer types on
it, presses Enter, clicks the controls beside a point or fills a placeholder; then the page
sent back and the draft on disk are checked. (tests/test_browser_page.py does the same in
Chromium.)"""

import datetime as dt

from toolkit.drafts import open_draft, save_draft
from toolkit.model import Point, Speech
from toolkit.widgets import Composer
from toolkit.widgets.state import REFRESH_DELAY


def draft() -> Speech:
    return Speech(
        title="在{{ 会议名称 }}上的讲话",
        salutation="同志们：",
        opening=["今天召开会议，×县各部门负责同志参加。"],
        transition="下面，我讲三点意见。",
        numbering="一、",
        points=[
            Point(lead="提高认识。", body=["认识要到位。"]),
            Point(lead="压实责任。", body=["责任要落实。"]),
            Point(lead="强化保障。", body=["保障要有力。"]),
        ],
        closing=["同志们，让我们一起努力。"],
    )


def open_page(tmp_path, speech=None):
    path = save_draft(speech or draft(), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    serial = iter(range(1, 10_000))

    def send(**message):
        composer.page.handle({**message, "seq": next(serial)})

    return composer, composer.page, send, path


def block(page, block_id):
    return next(b for b in page.widget.page["blocks"] if b["id"] == block_id)


def test_the_page_is_laid_out_as_printed_with_markers_and_filled_values(tmp_path):
    speech = draft()
    speech.meeting.name = "全县防汛工作会议"
    composer, page, _send, _ = open_page(tmp_path, speech)
    lines = page.shown_text().split("\n")
    assert lines[0] == "在全县防汛工作会议上的讲话" and "{{" not in page.shown_text()
    assert [line[:2] for line in lines if line[:2] in ("一、", "二、", "三、")] == ["一、", "二、", "三、"]
    title = block(page, "title")
    assert title["style"] == "title" and title["fields"][0]["segments"][1][0] == "v"  # the filled variable
    lead = block(page, "points/0/lead")
    assert lead["style"] == "heading1" and lead["marker"] == "一、" and lead["controls"]["name"] == "第一点"
    placeholder = [s for s in block(page, "opening/0")["fields"][0]["segments"] if s[0] == "p"]
    assert placeholder == [["p", "×县", "×县", "×县"]]


def test_problems_are_notes_beside_the_paragraph_they_concern(tmp_path):
    speech = draft()
    speech.points[1].lead = ""
    speech.points[1].body = []
    _composer, page, _send, _ = open_page(tmp_path, speech)
    notes = dict(page.notes())
    assert "×县" in notes["opening/0"] and "这一点是空的" in notes["points/1/lead"]
    assert "会议名称" in notes["title"]  # the unfilled variable, where it is used
    assert page.widget.counts["problems"] == len(page.problems) >= 3


def test_typing_on_the_page_edits_the_draft_and_the_counts(tmp_path):
    composer, page, send, path = open_page(tmp_path)
    before = page.widget.counts["characters"]
    send(type="edit", key="points/1/body/0", text="责任要落实到人。")
    assert open_draft(path).points[1].body == ["责任要落实到人。"]
    assert page.widget.counts["characters"] == before + 2
    assert "责任要落实到人。" in page.shown_text() and page.widget.page["ack"] == 1


def test_a_placeholder_typed_away_on_the_page_loses_its_note_at_once(tmp_path):
    """With the real redraw delay: the edit's page (its notes, the problems count) comes back
    with the edit, not after a pause."""
    path = save_draft(draft(), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=60, refresh_delay=REFRESH_DELAY)
    page = composer.page
    assert "×县" in dict(page.notes())["opening/0"]
    problems = page.widget.counts["problems"]
    page.handle({"type": "edit", "key": "opening/0", "text": "今天召开会议，某某县各部门负责同志参加。", "seq": 1})
    assert "opening/0" not in dict(page.notes()) and page.widget.page["ack"] == 1
    assert page.widget.counts["problems"] == problems - 1


def test_enter_starts_the_next_paragraph_of_the_same_part_and_moves_the_cursor(tmp_path):
    _composer, page, send, path = open_page(tmp_path)
    send(type="enter", key="closing/0", before="同志们，让我们一起努力。", after="")
    assert open_draft(path).closing == ["同志们，让我们一起努力。", ""]
    assert page.widget.page["focus"]["key"] == "closing/1"
    send(type="edit", key="closing/1", text="散会。")
    send(type="enter", key="points/0/lead", before="提高认识。", after="")
    saved = open_draft(path)
    assert saved.closing[-1] == "散会。" and saved.points[0].body == ["", "认识要到位。"]
    assert page.widget.page["focus"]["key"] == "points/0/body/0"
    send(type="join", key="points/0/body/1", text="认识要到位。")
    assert open_draft(path).points[0].body == ["认识要到位。"]


def test_the_controls_beside_a_point_renumber_and_a_delete_can_be_taken_back(tmp_path):
    composer, page, send, path = open_page(tmp_path)
    send(type="point", op="up", index=2)
    assert [p.lead for p in open_draft(path).points] == ["提高认识。", "强化保障。", "压实责任。"]
    assert block(page, "points/1/lead")["marker"] == "二、"
    send(type="point", op="delete", index=0)
    assert page.widget.notice == {"text": "已删除第一点", "undo": True}
    assert [p.lead for p in open_draft(path).points] == ["强化保障。", "压实责任。"]
    assert "提高认识" not in page.shown_text()
    send(type="undo_delete")
    assert [p.lead for p in open_draft(path).points] == ["提高认识。", "强化保障。", "压实责任。"]
    assert page.widget.notice == {}
    send(type="point", op="add_sub", index=1)
    assert len(open_draft(path).points[1].subpoints) == 1
    assert page.widget.page["focus"]["key"] == "points/1/subpoints/0/lead"
    send(type="point", op="add_after", index=2)
    assert len(open_draft(path).points) == 4 and page.widget.page["focus"]["key"] == "points/3/lead"
    composer.state.undo()
    composer.state.undo()
    assert len(composer.speech.points) == 3 and not composer.speech.points[1].subpoints


def test_a_placeholder_is_replaced_here_or_everywhere_and_a_variable_filled_on_the_page(tmp_path):
    speech = draft()
    speech.closing = ["请×县各部门抓好落实。"]
    composer, page, send, path = open_page(tmp_path, speech)
    assert page.widget.placeholder_counts == {"×县": 2}
    send(type="replace", key="opening/0", placeholder="×县", nth=0, value="城关镇", all=False)
    saved = open_draft(path)
    assert "城关镇" in saved.opening[0] and "×县" in saved.closing[0]
    send(type="replace", key="closing/0", placeholder="×县", nth=0, value="全县", all=True)
    assert "×县" not in page.shown_text()
    send(type="variable", name="会议名称", value="全县防汛工作会议")
    saved = open_draft(path)
    assert saved.meeting.name == "全县防汛工作会议" and "会议名称" not in saved.variables
    assert composer.facts.name.value == "全县防汛工作会议"  # one fact, one place
    assert page.shown_text().startswith("在全县防汛工作会议上的讲话")
    send(type="variable", name="会议日期", value="2026-09-28")
    assert open_draft(path).meeting.date == dt.date(2026, 9, 28)
    send(type="variable", name="会议日期", value="九月")
    assert "不是日期" in page.widget.notice["text"] and open_draft(path).meeting.date == dt.date(2026, 9, 28)


def test_a_list_variable_prints_one_point_an_item_and_only_the_first_is_typed_in(tmp_path):
    speech = Speech(points=[Point(lead="{{ 要点 }}", body=["抓落实。"])], variables={"要点": "甲。\n乙。\n丙。"})
    _composer, page, _send, _ = open_page(tmp_path, speech)
    leads = [b for b in page.widget.page["blocks"] if b["role"] == "point"]
    assert [b["marker"] for b in leads] == ["一要", "二要", "三要"]
    assert [b["fields"][0]["segments"][0][2] for b in leads] == ["甲。", "乙。", "丙。"]
    assert [b["generated"] for b in leads] == [False, True, True]
    assert all(f["readonly"] for b in leads[1:] for f in b["fields"]) and leads[0]["controls"]


def test_empty_parts_are_slots_with_hints_that_typing_fills(tmp_path):
    _composer, page, send, path = open_page(tmp_path, Speech())
    slots = {b["id"]: b["fields"][0]["hint"] for b in page.widget.page["blocks"] if b["empty"]}
    assert set(slots) == {"title", "byline", "salutation", "opening/0", "transition", "closing/0"}
    assert page.shown_text() == ""  # hints are never the speech's text
    send(type="edit", key="opening/0", text="今天开会。")
    send(type="edit", key="title", text="在全县会议上的讲话")
    send(type="add_point")
    send(type="edit", key="points/0/lead", text="抓好落实。")
    saved = open_draft(path)
    assert (saved.title, saved.opening, [p.lead for p in saved.points]) == (
        "在全县会议上的讲话",
        ["今天开会。"],
        ["抓好落实。"],
    )


def test_a_message_for_a_place_that_is_gone_redraws_the_page_and_changes_nothing(tmp_path):
    _composer, page, send, path = open_page(tmp_path)
    structure = page.widget.page["structure"]
    send(type="edit", key="points/7/lead", text="不存在")
    send(type="point", op="delete", index=9)
    assert [p.lead for p in open_draft(path).points] == ["提高认识。", "压实责任。", "强化保障。"]
    assert page.widget.page["structure"] > structure  # the browser draws every row afresh


def test_a_problem_clicked_elsewhere_puts_the_cursor_in_its_paragraph(tmp_path):
    composer, page, _send, _ = open_page(tmp_path)
    composer.state.reveal("第2点正文第1段")
    assert page.widget.focus["key"] == "points/1/body/0" and page.widget.focus["offset"] == -1


def test_the_tabs_follow_what_is_typed_on_the_page_so_typing_there_never_undoes_it(tmp_path):
    composer, page, send, path = open_page(tmp_path)
    send(type="edit", key="opening/0", text="今天召开全县会议。")
    send(type="edit", key="points/1/lead", text="压实各方责任。")
    send(type="edit", key="salutation", text="各位代表、同志们：")
    composer.state.flush()
    assert composer.structure.opening.value == "今天召开全县会议。"
    assert composer.facts.salutation.value == "各位代表、同志们："
    leads = [box.value for box, _body, _subs in composer.structure._boxes]
    assert leads[1] == "压实各方责任。"
    composer.structure.closing.value = "同志们，散会。"  # then typing in the 结构 tab
    saved = open_draft(path)
    assert saved.opening == ["今天召开全县会议。"] and saved.points[1].lead == "压实各方责任。"
    assert saved.closing == ["同志们，散会。"] and saved.salutation == "各位代表、同志们："
