"""A leader's revisions and comments in a returned .docx (issue 12): each revision is listed
(who, when, what, where) and accepted or rejected as asked; each comment is kept in the
draft beside its paragraph, follows it when points move, is listed by check and shown on
the page until marked done.

The text accepted and rejected is compared with pandoc reading the same file
(``--track-changes=accept|reject``), and the revisions and comments listed with pandoc's
own list (``--track-changes=all``), so the expectations do not come from the importer.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections import Counter

import docx
import pytest
from conftest import require_tool, run_cli
from docx_read import pandoc_paragraphs
from tracked_docx import (
    CLERK,
    DEPUTY,
    LEAD_COMMENT,
    MONDAY,
    MOVED,
    REPLY,
    SECRETARY,
    TITLE_ACCEPTED,
    TITLE_REJECTED,
    TUESDAY,
    add_comments,
    commented,
    dele,
    ins,
    new_document,
    paragraph,
    reviewed_speech,
    run,
)

from toolkit import service
from toolkit.drafts import open_draft, save_draft, speech_to_yaml
from toolkit.model import Point, Speech
from toolkit.model.layout import speech_blocks
from toolkit.model.places import join_with_previous, split_field, write_field
from toolkit.model.review import shown_date, who
from toolkit.model.speech import Comment
from toolkit.widgets import Composer


# -- reading pandoc's view of the same file -------------------------------------------------------------
def pandoc_json(path, mode: str) -> dict:
    require_tool("pandoc", "an independent reader of tracked changes")
    result = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "json", f"--track-changes={mode}", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def inline_text(inlines) -> str:
    """The words of pandoc inlines (a tracked change's, a comment's)."""
    return "".join(
        item["c"] if item["t"] == "Str" else " " if item["t"] in ("Space", "SoftBreak") else inline_text(item["c"])
        for item in inlines
        if item["t"] in ("Str", "Space", "SoftBreak", "Strong", "Emph")
    )


def pandoc_marks(path) -> tuple[Counter, Counter]:
    """pandoc's revisions (kind, author, date, text) and comments (author, date, text)."""
    revisions, comments = Counter(), Counter()

    def walk(node):
        if isinstance(node, dict):
            if node.get("t") == "Span":
                (_id, classes, attributes), content = node["c"]
                attributes = dict(attributes)
                if classes[0] in ("insertion", "deletion"):
                    kind = "insert" if classes[0] == "insertion" else "delete"
                    revisions[(kind, attributes["author"], attributes["date"], inline_text(content))] += 1
                elif classes[0] == "comment-start":
                    comments[(attributes["author"], attributes["date"], inline_text(content))] += 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    data = pandoc_json(path, "all")
    walk(data["blocks"])
    walk(data["meta"])
    return revisions, comments


def plain(text: str) -> str:
    return "".join(text.split())


def our_paragraphs(speech: Speech) -> list[str]:
    return [plain(block.text) for block in speech_blocks(speech) if plain(block.text)]


# -- the report --------------------------------------------------------------------------------------------------
def test_each_revision_is_listed_with_who_when_what_and_where(tmp_path, china_time):
    imported = service.import_file(reviewed_speech(tmp_path))
    listed = [(r.kind, r.author, r.date, r.text, r.where) for r in imported.review.revisions]
    assert listed == [
        ("insert", SECRETARY, MONDAY, "冬春", "标题"),
        ("delete", SECRETARY, MONDAY, "认真", "开头第1段"),
        ("insert", DEPUTY, TUESDAY, "四个乡镇作了表态发言，", "开头第2段"),
        ("delete", SECRETARY, MONDAY, "今年夏季", "第1点正文第1段"),
        ("insert", SECRETARY, MONDAY, "今年入夏以来", "第1点正文第1段"),
        ("move", SECRETARY, MONDAY, MOVED, "第1点正文第1段"),
        ("insert", SECRETARY, MONDAY, "要组织干部深入田间地头，摸清灌溉设施底数。", "第1点正文第2段"),
        ("delete", SECRETARY, MONDAY, "三座", "第2点正文第5段（表格中）"),
        ("insert", SECRETARY, MONDAY, "五座", "第2点正文第5段（表格中）"),
        ("format", DEPUTY, TUESDAY, "统筹整合涉农资金", "第2点正文第6段"),
        (
            "paragraph_format",
            DEPUTY,
            TUESDAY,
            "三要压实工作责任。县水利局要加强技术指导。县财政局要及时拨付资金。",
            "第3点正文第1段",
        ),
        ("delete", SECRETARY, MONDAY, "县督查室要定期通报进展。", "结尾第1段之前"),
        ("join", SECRETARY, MONDAY, "", "结尾第1段"),
        ("insert", CLERK, TUESDAY, "　注意保存", "页眉"),
        ("delete", SECRETARY, MONDAY, "一千万", "脚注"),
        ("insert", SECRETARY, MONDAY, "1000万", "脚注"),
    ]
    move = imported.review.revisions[5]
    assert move.source == "第3点正文第1段" and move.key == "points/0/body/0"
    lines = imported.review.lines(imported.speech)
    assert lines[0] == "修订：16 处，全部接受（按修改后的文字导入）"
    # Word's time is in UTC; staff read it at UTC+8
    assert "  第1点正文第1段：张书记（2026-11-02 17:15）删除“今年夏季”（已接受，已删去）" in lines
    assert any("从第3点正文第1段移到第1点正文第1段" in line for line in lines)
    assert any(line.startswith("  页眉：") and "页眉不导入讲稿" in line for line in lines)
    assert any("“统筹整合涉农资金”的格式（只改格式，文字不变）" in line for line in lines)


def test_times_are_shown_on_the_clock_of_the_computer_reading_them(china_time):
    """Word writes a revision's time in UTC; staff at UTC+8 see it as their own clock shows it."""
    assert who("张书记", "2026-11-02T09:15:00Z") == "张书记（2026-11-02 17:15）"
    assert shown_date("2026-11-02T20:40:00Z") == "2026-11-03 04:40"  # the next morning in China
    assert shown_date("2026-11-02T09:15:00.000Z") == "2026-11-02 17:15"
    assert shown_date("2026-11-02T09:15:00+08:00") == "2026-11-02 09:15"  # already in China's zone
    assert shown_date("2026-11-02T09:15:00") == "2026-11-02 09:15"  # no zone: as written
    assert shown_date("2026-11-02T9:15") == "2026-11-02T9:15" and shown_date("昨天下午") == "昨天下午"


def test_the_listed_revisions_and_comments_are_those_pandoc_finds(tmp_path):
    path = reviewed_speech(tmp_path)
    imported = service.import_file(path)
    theirs, their_comments = pandoc_marks(path)
    ours = Counter()
    for r in imported.review.revisions:
        if r.where == "页眉":
            continue  # pandoc does not read headers
        if r.kind == "move":  # pandoc shows a move as its two ends
            ours[("delete", r.author, r.date, r.text)] += 1
            ours[("insert", r.author, r.date, r.text)] += 1
        elif r.kind in ("insert", "delete"):
            ours[(r.kind, r.author, r.date, r.text)] += 1
    assert ours == theirs
    our_comments = Counter()
    for comment in imported.speech.comments:
        our_comments[(comment.author, comment.date, comment.text)] += 1
        for reply in comment.replies:
            our_comments[(reply.author, reply.date, reply.text)] += 1
    assert our_comments == their_comments


@pytest.mark.parametrize("mode", ["accept", "reject"])
def test_accepting_or_rejecting_gives_the_text_pandoc_gives(tmp_path, mode):
    path = reviewed_speech(tmp_path)
    speech = service.import_file(path, revisions=mode).speech
    require_tool("pandoc", "an independent reader of tracked changes")
    assert our_paragraphs(speech) == [plain(text) for text in pandoc_paragraphs(path, mode) if plain(text)]
    assert speech.title == (TITLE_ACCEPTED if mode == "accept" else TITLE_REJECTED)


def test_accepted_and_rejected_texts_differ_exactly_by_the_revisions(tmp_path):
    path = reviewed_speech(tmp_path)
    accepted = service.import_file(path).speech
    rejected = service.import_file(path, revisions="reject").speech
    # the move: at its destination when accepted, where it was when rejected
    assert MOVED in accepted.points[0].body[0] and MOVED not in accepted.points[2].body[0]
    assert MOVED in rejected.points[2].body[0] and MOVED not in rejected.points[0].body[0]
    # a whole paragraph inserted, a whole paragraph deleted, two paragraphs joined
    assert (
        accepted.points[0].body[1] == "要组织干部深入田间地头，摸清灌溉设施底数。" and len(rejected.points[0].body) == 1
    )
    assert rejected.points[2].body[1] == "县督查室要定期通报进展。" and len(accepted.points[2].body) == 1
    assert len(accepted.closing) == 1 and len(rejected.closing) == 2
    # inside the table, as the rest of the table is read
    assert "新修塘坝五座" in accepted.points[1].body and "新修塘坝三座" in rejected.points[1].body
    # formatting only: the same words either way
    assert accepted.points[1].body[-1] == rejected.points[1].body[-1] == "各乡镇要统筹整合涉农资金，确保工程按期完工。"
    lines = service.import_file(path, revisions="reject").review.lines()
    assert lines[0] == "修订：16 处，全部拒绝（按修改前的文字导入）"
    assert any("把“各乡镇要把农田水利建设摆上重要议事日程。”" in line and "已拒绝，留在原处" in line for line in lines)


def test_a_formatting_change_is_undone_when_rejected_and_changes_no_words(tmp_path):
    document = new_document(
        [
            paragraph("在全县信访工作会议上的讲话"),
            paragraph("同志们："),
            paragraph("下面，我讲两点意见。"),
            paragraph(run("一要畅通群众诉求渠道：", bold=True, was="plain"), "要落实领导干部接访下访制度。"),
            paragraph(run("二要化解信访积案。", bold=True), "要逐案制定化解方案。"),
            paragraph("同志们，信访工作是群众工作。"),
        ]
    )
    document.save(tmp_path / "讲话.docx")
    accepted = service.import_file(tmp_path / "讲话.docx")
    rejected = service.import_file(tmp_path / "讲话.docx", revisions="reject")
    assert accepted.speech.points[0].lead == "畅通群众诉求渠道："  # the bold words, as the leader set them
    assert rejected.speech.points[0].lead == "畅通群众诉求渠道：要落实领导干部接访下访制度。"  # the first sentence
    for imported in (accepted, rejected):
        assert [(r.kind, r.text, r.where) for r in imported.review.revisions] == [
            ("format", "一要畅通群众诉求渠道：", "第1点主旨句")
        ]
        assert our_paragraphs(imported.speech) == our_paragraphs(accepted.speech)


def test_a_comment_is_listed_with_its_author_words_anchor_and_reply(tmp_path, china_time):
    imported = service.import_file(reviewed_speech(tmp_path))
    [comment] = imported.speech.comments
    assert comment == Comment(
        key="points/1/lead",
        author=SECRETARY,
        date=MONDAY,
        text=LEAD_COMMENT,
        quote="突出建设重点。",
        replies=[comment.replies[0]],
    )
    assert (comment.replies[0].author, comment.replies[0].text) == (CLERK, REPLY)
    assert imported.review.comments == [comment]
    assert imported.review.lines(imported.speech)[-1] == (
        f"  批注 1 · 第2点主旨句 · 张书记（2026-11-02 17:15）：{LEAD_COMMENT}（针对“突出建设重点。”）；李秘书答复：{REPLY}"
    )


def test_a_clean_file_has_nothing_to_report(tmp_path):
    document = new_document([paragraph("在全县工作会议上的讲话"), paragraph("同志们："), paragraph("今天开会。")])
    document.save(tmp_path / "讲话.docx")
    imported = service.import_file(tmp_path / "讲话.docx")
    assert not imported.review and imported.review.lines() == [] and imported.speech.comments == []


def test_comments_without_a_thread_file_and_one_word_resolved_stay_separate(tmp_path):
    document = new_document(
        [
            paragraph("在全县工作会议上的讲话"),
            paragraph("同志们："),
            paragraph("今天", commented(5, run("开会")), "。"),
            paragraph("一要提高认识。认真学习。"),
            paragraph("二要狠抓落实。", commented(6, run("真抓实干")), "。"),
        ]
    )
    add_comments(document, [(5, "", "", "开什么会？"), (6, CLERK, TUESDAY, "再具体些")])
    document.save(tmp_path / "讲话.docx")
    speech = service.import_file(tmp_path / "讲话.docx").speech
    assert [(c.key, c.author, c.quote, c.text) for c in speech.comments] == [
        ("opening/0", "", "开会", "开什么会？"),
        ("points/1/body/0", CLERK, "真抓实干", "再具体些"),
    ]
    assert "未署名" in service.check(speech)[0].message


# -- the command line -----------------------------------------------------------------------------------------------
def test_import_lists_revisions_and_comments_and_keeps_the_comments_in_the_draft(tmp_path):
    path = reviewed_speech(tmp_path)
    result = run_cli("import", str(path), "-o", str(tmp_path / "草稿"))
    assert result.returncode == 0, result.stderr
    assert "修订：16 处，全部接受（按修改后的文字导入）" in result.stdout
    assert "批注 1 · 第2点主旨句 · 张书记" in result.stdout
    text = (tmp_path / "草稿.yaml").read_text(encoding="utf-8")
    assert "comments:\n- key: points/1/lead\n  author: 张书记\n" in text
    draft = open_draft(tmp_path / "草稿.yaml")
    assert draft.comments[0].text == LEAD_COMMENT and draft.comments[0].replies[0].text == REPLY
    assert draft.title == TITLE_ACCEPTED


def test_import_rejecting_and_as_json(tmp_path):
    path = reviewed_speech(tmp_path)
    result = run_cli("import", str(path), "--revisions", "reject", "--json")
    data = json.loads(result.stdout)
    assert data["title"] == TITLE_REJECTED and data["mode"] == "reject"
    assert data["revisions"][0] == {
        "kind": "insert",
        "author": SECRETARY,
        "date": MONDAY,
        "text": "冬春",
        "where": "标题",
        "key": "title",
        "from": "",
    }
    assert data["comments"][0]["where"] == "第2点主旨句" and data["comments"][0]["done"] is False
    wrong = run_cli("import", str(path), "--revisions", "maybe")
    assert wrong.returncode == 2 and "不认识的选项" in wrong.stderr


def test_export_of_a_reviewed_file_says_what_it_resolved(tmp_path):
    path = reviewed_speech(tmp_path)
    result = run_cli("export", str(path), "-o", str(tmp_path / "讲话稿.docx"), "--revisions", "reject")
    assert result.returncode == 0, result.stderr
    assert "提示：修订：16 处，全部拒绝（按修改前的文字导入）" in result.stderr
    assert "提示：批注 1 · 第2点主旨句" in result.stderr
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "讲话稿.docx")).paragraphs)
    assert TITLE_REJECTED in text and "县督查室要定期通报进展。" in text and "今年入夏以来" not in text


def test_check_lists_open_comments_until_they_are_marked_done(tmp_path, china_time):
    path = reviewed_speech(tmp_path)
    run_cli("import", str(path), "-o", str(tmp_path / "草稿"))
    draft = str(tmp_path / "草稿.yaml")
    checked = run_cli("check", draft)
    assert checked.returncode == 1
    assert f"第2点主旨句：批注 1，张书记（2026-11-02 17:15）：{LEAD_COMMENT}（针对“突出建设重点。”）" in checked.stdout
    assert "jianggao comments" in checked.stderr and "--done" in checked.stderr

    listed = run_cli("comments", draft)
    assert listed.returncode == 0 and listed.stdout.startswith("批注 1 · 第2点主旨句 · 张书记")
    assert "1 条未处理" in listed.stderr
    wrong = run_cli("comments", draft, "--done", "2")
    assert wrong.returncode == 2 and "没有第 2 条批注（共 1 条）" in wrong.stderr
    assert open_draft(draft).comments[0].done is False  # nothing changed

    done = run_cli("comments", draft, "--done", "1")
    assert done.returncode == 0 and "已把批注 1 标为已处理" in done.stderr
    assert open_draft(draft).comments[0].done is True
    again = run_cli("check", draft)
    assert again.returncode == 0 and "批注" not in again.stdout
    reopened = run_cli("comments", draft, "--reopen", "1")
    assert reopened.returncode == 0 and run_cli("check", draft).returncode == 1


def test_comments_of_a_docx_are_listed_but_marked_done_only_in_a_draft(tmp_path):
    path = reviewed_speech(tmp_path)
    assert run_cli("comments", str(path)).stdout.startswith("批注 1 · 第2点主旨句")
    refused = run_cli("comments", str(path), "--done", "1")
    assert refused.returncode == 2 and "只能在草稿中把批注标为已处理" in refused.stderr
    checked = run_cli("check", str(path))
    assert checked.returncode == 1 and "jianggao import" in checked.stderr


# -- comments follow their text ------------------------------------------------------------------------------
def commented_speech() -> Speech:
    return Speech(
        title="在全县春耕生产会议上的讲话",
        salutation="同志们：",
        opening=["今天开会。", "刚才几位同志讲了。"],
        transition="下面，我讲三点意见。",
        points=[
            Point(lead="抓好备耕。", body=["种子要备足。", "化肥要到位。"]),
            Point(lead="抓好服务。", body=["技术人员要下乡。"]),
            Point(lead="抓好安全。", body=["农机要检修。"]),
        ],
        closing=["同志们，春耕时节不等人。"],
        comments=[
            Comment(key="points/0/body/1", author="张书记", text="化肥价格要说一下", quote="化肥"),
            Comment(key="points/1/lead", author="张书记", text="服务要具体", quote="抓好服务。"),
            Comment(key="points/2/body/0", author="张书记", text="还有农机手培训", quote="农机要检修"),
            Comment(key="opening/1", author="张书记", text="哪几位？", quote="几位同志"),
        ],
    )


def keys(speech: Speech) -> list[str]:
    return [comment.key for comment in speech.comments]


def test_comments_follow_points_moved_added_and_removed():
    speech = commented_speech()
    speech.move_point(2, 0)
    assert keys(speech) == ["points/1/body/1", "points/2/lead", "points/0/body/0", "opening/1"]
    speech.add_point(Point(lead="新的一点。"), 0)
    assert keys(speech) == ["points/2/body/1", "points/3/lead", "points/1/body/0", "opening/1"]
    speech.remove_point(3)  # 抓好服务 and its comment's text are gone: the comment stays, on no field
    assert keys(speech) == ["points/2/body/1", "", "points/1/body/0", "opening/1"]
    assert [c.text for c in speech.comments] == ["化肥价格要说一下", "服务要具体", "还有农机手培训", "哪几位？"]


def test_comments_follow_paragraphs_split_joined_and_pasted():
    speech = commented_speech()
    split_field(speech, "opening/0", "今天", "开会。")
    assert keys(speech)[3] == "opening/2"
    split_field(speech, "points/0/body/1", "化肥要", "到位。")  # the quoted words stay before the cursor
    assert keys(speech)[0] == "points/0/body/1"
    join_with_previous(speech, "points/0/body/2", "到位。")
    assert keys(speech)[0] == "points/0/body/1"
    split_field(speech, "opening/2", "刚才", "几位同志讲了。")  # the quoted words go after it
    assert keys(speech)[3] == "opening/3"
    write_field(speech, "points/2/body/0", "各地要备好。\n农机要检修到位。")  # pasted lines
    assert keys(speech)[2] == "points/2/body/1"
    split_field(speech, "points/1/lead", "抓好", "服务。")  # a heading lead: the rest starts the body
    assert keys(speech)[1] == "points/1/lead"


def test_the_draft_on_disk_keeps_comments_where_the_point_went(tmp_path):
    path = save_draft(commented_speech(), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    composer.page.handle({"type": "point", "op": "up", "index": 1, "seq": 1})  # 抓好服务 up to the first place
    saved = open_draft(path)
    assert saved.points[0].lead == "抓好服务。"
    assert [(c.key, c.text) for c in saved.comments][:2] == [
        ("points/1/body/1", "化肥价格要说一下"),
        ("points/0/lead", "服务要具体"),
    ]
    found = {p.message.split("：", 1)[1]: p.where for p in service.check(saved) if p.comment is not None}
    assert found["服务要具体（针对“抓好服务。”）；处理后请标为已处理"] == "第1点主旨句"


def test_a_draft_without_comments_is_written_as_before():
    text = speech_to_yaml(Speech(title="在全县工作会议上的讲话"))
    assert "comments" not in text


# -- the composer --------------------------------------------------------------------------------------------------
def test_the_page_shows_each_open_comment_beside_its_paragraph_and_marks_it_done(tmp_path):
    path = save_draft(commented_speech(), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    page = composer.page
    blocks = {block["id"]: block for block in page.widget.page["blocks"]}
    [note] = [n for n in blocks["points/1/lead"]["notes"] if n["severity"] == "comment"]
    assert (note["author"], note["text"], note["quote"], note["comment"]) == ("张书记", "服务要具体", "抓好服务。", 1)
    assert not any("批注" in n["text"] for b in blocks.values() for n in b["notes"])  # not also as a problem
    assert page.widget.counts["problems"] == 4
    assert any(problem.comment == 1 for problem in page.problems)

    page.handle({"type": "comment_done", "index": 1, "seq": 1})
    assert open_draft(path).comments[1].done is True
    blocks = {block["id"]: block for block in page.widget.page["blocks"]}
    assert blocks["points/1/lead"]["notes"] == [] and page.widget.counts["problems"] == 3
    composer.state.undo()
    assert composer.state.speech.comments[1].done is False


def test_export_lists_open_comments_before_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(service, "can_render_pages", lambda: False)
    speech = commented_speech()
    for comment in speech.comments[1:]:
        comment.done = True
    path = save_draft(speech, tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    panel = composer.export
    assert panel.run_export() is None
    places = [row.children[0].description for row in panel.review_list.children]
    listed = "".join(row.children[1].value for row in panel.review_list.children)
    assert places == ["第1点正文第2段"] and "化肥价格要说一下" in listed


def test_uploading_a_reviewed_file_lists_its_revisions_and_keeps_its_comments(tmp_path, monkeypatch):
    monkeypatch.setenv("JIANGGAO_WORKDIR", str(tmp_path / "工作区"))
    (tmp_path / "工作区").mkdir()
    path = save_draft(Speech(title="在全县工作会议上的讲话"), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    data = reviewed_speech(tmp_path).read_bytes()
    composer.draft_bar.upload.value = (
        {
            "name": "修订稿.docx",
            "type": "",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime.now(),
        },
    )
    message = composer.draft_bar.message.value
    assert "修订：16 处，全部接受" in message and "删除“今年夏季”" in message and "批注 1 · 第2点主旨句" in message
    assert open_draft(composer.state.path).comments[0].quote == "突出建设重点。"
    notes = dict(composer.page.notes())
    assert notes["points/1/lead"] == LEAD_COMMENT


# -- odd files (the catalogue's rows, tests/catalogue_review.py, with what they report) ----------------------------
def test_odd_revision_and_comment_xml_is_imported_and_said(tmp_path):
    import catalogue_review as odd

    missing = service.import_file(odd.reference_without_comment(tmp_path))
    assert missing.review.notes == ["文件中有批注标记，但找不到批注的内容，已忽略这些标记"]
    assert missing.review.lines()[-1] == "注意：文件中有批注标记，但找不到批注的内容，已忽略这些标记"

    nobody = service.import_file(odd.deletion_without_author(tmp_path)).review
    assert nobody.lines()[1] == "  开头第1段：未署名删除“认真”（已接受，已删去）"

    lonely = service.import_file(odd.lonely_move(tmp_path))
    assert [(r.kind, r.text) for r in lonely.review.revisions] == [("delete", "这句移走了。")]
    assert "这句移走了" not in our_paragraphs(lonely.speech)[-1]

    nested = odd.nested_revisions(tmp_path)
    assert [(r.kind, r.author, r.text) for r in service.import_file(nested).review.revisions] == [
        ("insert", SECRETARY, "新加又删新加的"),
        ("delete", CLERK, "新加又删"),
    ]
    assert service.import_file(nested).speech.opening == ["今天新加的开会。"]
    assert service.import_file(nested, revisions="reject").speech.opening == ["今天开会。"]

    orphan = service.import_file(odd.orphan_reply(tmp_path)).speech
    assert [c.text for c in orphan.comments] == ["答复一条不存在的批注"]

    broken = service.import_file(odd._broken_part("word/footnotes.xml", "脚注损坏.docx")(tmp_path))
    assert "脚注的内容已损坏，其中的修订和批注未能读取" in broken.review.notes
    assert broken.speech.title == TITLE_ACCEPTED and broken.speech.comments[0].quote == "突出建设重点。"

    odd_date = service.import_file(odd.odd_dates(tmp_path)).review
    assert odd_date.lines()[1] == "  开头第1段：张书记（昨天下午）插入“认真”（已接受）"

    path = odd.huge_comment(tmp_path)
    assert run_cli("import", str(path), "-o", str(tmp_path / "长")).returncode == 0
    [comment] = open_draft(tmp_path / "长.yaml").comments
    assert len(comment.text) == 2_400_000


def test_comments_follow_paragraphs_rewritten_in_the_structure_tab(tmp_path):
    path = save_draft(commented_speech(), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    first = composer.structure.points_box.children[0]
    body = next(child for child in first.children if getattr(child, "value", None) == "种子要备足。\n化肥要到位。")
    body.value = "要早做准备。\n种子要备足。\n化肥要到位。"  # a paragraph typed above the commented one
    composer.structure.opening.value = "今天开会。\n刚才几位同志讲了，讲得很好。"  # the commented one changed
    saved = open_draft(path)
    assert saved.points[0].body[2] == "化肥要到位。" and saved.comments[0].key == "points/0/body/2"
    assert saved.comments[3].key == "opening/1"
    body.value = "要早做准备。"  # the commented paragraph deleted: the comment stays, on no field
    assert open_draft(path).comments[0].key == ""
    assert any(p.where == "全文" and "化肥价格要说一下" in p.message for p in service.check(open_draft(path)))


def test_jianggao_compose_on_a_reviewed_file_says_what_it_resolved(tmp_path, monkeypatch):
    from toolkit.notebook import app

    monkeypatch.setenv("JIANGGAO_WORKDIR", str(tmp_path / "工作区"))
    draft = app.prepare_draft(reviewed_speech(tmp_path))
    assert draft.review[0] == "修订：16 处，全部接受（按修改后的文字导入）"
    assert open_draft(draft.path).comments[0].key == "points/1/lead"


def test_revisions_around_adverts_and_between_lead_and_body_are_placed_by_their_text(tmp_path):
    document = new_document(
        [
            paragraph("仅供学习", ins("交流"), " 禁止外传"),
            paragraph("在全县工作会议上的讲话"),
            paragraph("同志们："),
            paragraph(
                "今天召开会议（关注公众号：公文汇，获取更多材料）", ins("，部署全年工作"), "。下面，我讲两点意见。"
            ),
            paragraph("一要提高认识。认真学习。"),
            paragraph("二要狠抓落实。", dele("真抓"), "实干。"),
        ]
    )
    document.save(tmp_path / "讲话.docx")
    imported = service.import_file(tmp_path / "讲话.docx")
    assert imported.speech.opening == ["今天召开会议，部署全年工作。"]
    assert [r.where for r in imported.review.revisions] == [
        "原文第1段（已作为“版权水印”去除）",  # the advert line, removed
        "开头第1段",  # the advert cut from the middle of the paragraph it is in
        "第2点正文第1段",  # deleted words just after the lead: the sentence they were in
    ]
