"""The composer driven as a staff member would: typing, clicking, uploading, exporting;
then the draft on disk and the .docx are checked."""

import datetime as dt
import time

import docx
import pytest
from browser_support import eventually
from conftest import ROOT

from toolkit.drafts import open_draft, save_draft
from toolkit.model import Point, Speech, SubPoint
from toolkit.widgets import Composer
from toolkit.widgets.state import REFRESH_DELAY


def composer_for(tmp_path, speech=None, **options):
    path = save_draft(speech or Speech(salutation="同志们："), tmp_path / "草稿.yaml")
    options.setdefault("autosave_delay", 0)
    options.setdefault("refresh_delay", 0)
    return Composer(path, **options), path


def test_filling_the_meeting_facts_suggests_the_title_and_saves(tmp_path):
    composer, path = composer_for(tmp_path)
    facts = composer.facts
    facts.name.value = "全县秋冬季安全生产工作会议"
    facts.speaker.value = "县委书记 张三"
    facts.date.value = dt.date(2026, 9, 28)
    assert facts.title.value == "在全县秋冬季安全生产工作会议上的讲话"
    assert facts.date_text.value == "2026年9月28日"
    facts.byline_from_date.click()
    facts.salutation.value = "各位代表、同志们："
    saved = open_draft(path)
    assert saved.title == "在全县秋冬季安全生产工作会议上的讲话"
    assert (saved.meeting.name, saved.meeting.speaker, saved.meeting.date) == (
        "全县秋冬季安全生产工作会议",
        "县委书记 张三",
        dt.date(2026, 9, 28),
    )
    assert saved.byline == "（2026年9月28日）" and saved.salutation == "各位代表、同志们："
    assert composer.draft_bar.status.value.count("已保存") == 1


def test_a_title_typed_by_hand_is_not_replaced_by_the_suggestion(tmp_path):
    composer, path = composer_for(tmp_path)
    composer.facts.title.value = "坚定信心　真抓实干"
    composer.facts.name.value = "全县经济工作会议"
    assert open_draft(path).title == "坚定信心　真抓实干"


def test_points_are_added_moved_and_deleted_and_renumber_at_once(tmp_path):
    composer, path = composer_for(tmp_path)
    editor = composer.structure
    for lead in ("提高认识。", "压实责任。", "强化保障。"):
        editor.add_point.click()
        row = editor.points_box.children[-1]
        row.children[0].children[1].value = lead
    markers = lambda: [row.children[0].children[0].value for row in editor.points_box.children]  # noqa: E731
    assert "一要" in markers()[0] and "三要" in markers()[2]
    editor.points_box.children[2].children[0].children[2].click()  # 上移 the third point
    assert [p.lead for p in open_draft(path).points] == ["提高认识。", "强化保障。", "压实责任。"]
    editor.points_box.children[0].children[0].children[4].click()  # 删除 the first point
    assert [p.lead for p in open_draft(path).points] == ["强化保障。", "压实责任。"]
    assert "一要" in markers()[0] and "二要" in markers()[1]
    composer.facts.numbering.value = "第一，"
    assert "第一，" in markers()[0] and "第二，" in markers()[1]
    assert open_draft(path).numbering == "第一，"


def test_structural_edits_close_the_rows_they_replace_and_the_new_rows_work(tmp_path):
    """Each structural edit rebuilds the 结构 tab's rows (and the 变量 / 占位符 lists); the rows
    replaced are closed, so the widgets the kernel and the browser hold do not grow with the
    edits a writer makes, and nothing still shown lost its layout or style."""
    speech = Speech(
        title="在{{ 会议名称 }}上的讲话",
        salutation="同志们：",
        opening=["今天召开会议，×县各部门参加。"],
        points=[
            Point("提高认识。", ["认识要到位。"], subpoints=[SubPoint("学习。", ["要学习。"])]),
            Point("压实责任。", ["责任要落实。"]),
            Point("强化保障。", ["保障要有力。"]),
        ],
    )
    composer, path = composer_for(tmp_path, speech)
    editor = composer.structure

    def edits():
        editor.points_box.children[2].children[0].children[2].click()  # 上移 the third point
        editor.points_box.children[1].children[0].children[3].click()  # and 下移 it back
        editor.add_point.click()
        editor.delete(3)
        editor.add_subpoint(1)
        editor.delete_subpoint(composer.state.speech.points[1], 0)
        composer.page.handle({"type": "enter", "key": "closing/0", "before": "", "after": "", "seq": 1})
        composer.history.undo.click()

    edits()  # anything made once, on the first use
    before = len(live_widgets())
    for _ in range(5):
        edits()
    assert len(live_widgets()) == before
    shown = live_widgets()
    assert all(part.comm is not None for x in shown for part in (getattr(x, "layout", None),) if part is not None)
    assert all(part.comm is not None for x in shown for part in (getattr(x, "style", None),) if part is not None)
    assert [p.lead for p in open_draft(path).points] == ["提高认识。", "压实责任。", "强化保障。"]
    editor.points_box.children[1].children[0].children[1].value = "压紧压实责任。"  # a rebuilt row still edits
    assert open_draft(path).points[1].lead == "压紧压实责任。"


def live_widgets() -> list:
    """Every widget model not closed (ipywidgets' registry; ``Widget.widgets`` is the same, deprecated)."""
    from ipywidgets.widgets.widget import _instances

    return list(_instances.values())


def test_opening_body_and_subpoints_are_one_paragraph_a_line(tmp_path):
    composer, path = composer_for(tmp_path, Speech(points=[Point("提高认识。")]))
    editor = composer.structure
    editor.opening.value = "今天召开会议。\n\n刚才，几位同志作了发言。"
    editor.transition.value = "下面，我讲一点意见。"
    editor.run_in.value = True
    row = editor.points_box.children[0]
    row.children[1].value = "第一段。\n第二段。"
    row.children[3].click()  # 添加小点
    sub = editor.points_box.children[0].children[2].children[0]
    sub.children[0].children[1].value = "加强学习。"
    editor.closing.value = "同志们，努力。"
    saved = open_draft(path)
    assert saved.opening == ["今天召开会议。", "刚才，几位同志作了发言。"]
    assert saved.transition == "下面，我讲一点意见。" and saved.transition_run_in
    assert saved.points[0].body == ["第一段。", "第二段。"] and saved.points[0].subpoints[0].lead == "加强学习。"
    assert saved.closing == ["同志们，努力。"]


def test_variables_show_library_labels_and_mark_the_empty_ones(tmp_path):
    speech = Speech(title="在{{ 会议名称 }}上的讲话", opening=["{{ 工作名称 }}要抓紧。"])
    composer, path = composer_for(tmp_path, speech)
    form = composer.variables
    assert form.names == ["会议名称", "工作名称"]
    assert form.fields["工作名称"].description == "工作名称" and form.fields["工作名称"].placeholder.startswith("例：")
    assert "未填" in form.marks["工作名称"].value and "还有 2 个变量未填" in form.summary.value
    form.fields["会议名称"].value = "全县工作会议"
    form.fields["工作名称"].value = "安全生产工作"
    assert "✓" in form.marks["工作名称"].value and "变量都已填写" in form.summary.value
    saved = open_draft(path)  # 会议名称 is the meeting's name: one fact, one place
    assert saved.variables == {"工作名称": "安全生产工作"} and saved.meeting.name == "全县工作会议"


def test_inserting_a_library_point_before_the_first_and_a_closing(tmp_path):
    composer, path = composer_for(
        tmp_path, Speech(numbering="一要", points=[Point("原有要点。")], variables={"工作名称": "安全生产工作"})
    )
    browser = composer.browser
    browser.kind.value = "point"
    browser.search.value = "压实"
    assert browser.results.value == "要点-压实工作责任"
    assert "安全生产工作" in browser.preview.value
    browser.position.value = 0
    browser.insert.click()
    saved = open_draft(path)
    assert saved.points[0].section == "要点-压实工作责任" and saved.points[1].lead == "原有要点。"
    assert "一要" in composer.structure.points_box.children[0].children[0].children[0].value
    browser.kind.value = "closing"
    browser.search.value = "简短"
    browser.insert.click()
    assert open_draft(path).closing and composer.structure.closing.value == "\n".join(open_draft(path).closing)


def test_starting_from_a_skeleton(tmp_path, workspace):
    composer, _ = composer_for(tmp_path)
    composer.draft_bar.skeleton.value = "例会讲话"
    composer.draft_bar.from_skeleton.click()
    assert composer.state.path.parent == workspace and composer.state.path.exists()
    assert open_draft(composer.state.path).title == "在{{ 会议名称 }}上的讲话"
    assert "会议名称" in composer.variables.names


def test_uploading_purchased_material_imports_it_and_lists_the_removed_adverts(tmp_path, workspace):
    composer, _ = composer_for(tmp_path)
    text = (ROOT / "examples" / "speeches" / "秋冬季安全生产工作会议讲话.txt").read_bytes()
    composer.draft_bar.upload.value = (
        {
            "name": "买来的材料.txt",
            "type": "text/plain",
            "size": len(text),
            "content": memoryview(text),
            "last_modified": dt.datetime.now(),
        },
    )
    message = composer.draft_bar.message.value
    assert "已导入“买来的材料.txt”" in message and "3 点" in message
    assert "已去除广告、水印等 5 处" in message and "公众号" in message
    assert composer.state.path == workspace / "买来的材料.yaml"
    assert open_draft(composer.state.path).title == "在全县秋冬季安全生产工作会议上的讲话"
    assert composer.facts.title.value == "在全县秋冬季安全生产工作会议上的讲话"


def test_page_counts_and_problems_keep_user_text_as_text(tmp_path):
    composer, _ = composer_for(tmp_path)
    composer.facts.title.value = "在<script>alert(1)</script>会议上的讲话"
    composer.structure.opening.value = "请×县各单位<b>注意</b>。"
    page = composer.page.shown_text()  # the page is drawn as text nodes, never as HTML
    assert "在<script>alert(1)</script>会议上的讲话" in page and "请×县各单位<b>注意</b>。" in page
    counts = composer.page.widget.counts
    assert counts["characters"] > 0 and counts["duration"].startswith("约") and counts["problems"] >= 1
    problems = composer.problems.list.value
    assert "开头第1段" in problems and "×县" in problems and "<b>注意" not in problems


@pytest.mark.slow
def test_export_writes_the_docx_with_a_download_link_and_never_overwrites(tmp_path):
    composer, path = composer_for(tmp_path, Speech(salutation="同志们：", opening=["今天开会。"]))
    composer.facts.title.value = "在全县防汛工作会议上的讲话"
    panel = composer.export
    assert panel.file_name.value == "在全县防汛工作会议上的讲话.docx"
    first = panel.run_export()
    assert first == tmp_path / "在全县防汛工作会议上的讲话.docx"
    assert docx.Document(str(first)).paragraphs[0].text == "在全县防汛工作会议上的讲话"
    assert 'download="在全县防汛工作会议上的讲话.docx"' in panel.download.value
    panel.wait_for_pages()
    assert panel.run_export() == first  # the draft's own file is updated, not copied
    assert "更新了这份草稿上次导出的文件" in panel.message.value
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == [first.name]


def test_export_with_an_unfilled_variable_lists_it_first_in_plain_words(tmp_path):
    composer, _ = composer_for(tmp_path, Speech(title="在{{ 县名 }}会议上的讲话", opening=["今天开会。"]))
    assert composer.export.run_export() is None
    listed = composer.export.review_list.children[0].children[1].value
    assert "变量“县名”还没有值，请在“变量”中填写" in listed and "--" not in listed
    path = composer.export.export_anyway()
    composer.export.wait_for_pages()
    assert "{{ 县名 }}" in docx.Document(str(path)).paragraphs[0].text  # kept as it is, as asked


def test_a_failed_autosave_shows_the_error_in_plain_words(tmp_path):
    composer, path = composer_for(tmp_path)
    composer.state.path = tmp_path / "不存在的文件夹" / "草稿.yaml"
    composer.facts.title.value = "改了"
    assert "保存失败" in composer.draft_bar.status.value and "文件夹不存在" in composer.draft_bar.status.value


def test_autosave_waits_for_a_pause_in_typing(tmp_path):
    composer, path = composer_for(tmp_path, autosave_delay=0.3)
    before = path.stat().st_mtime_ns
    for n in range(5):
        composer.facts.title.value = f"标题{n}"
        time.sleep(0.05)
    assert path.stat().st_mtime_ns == before  # still typing: nothing written yet
    time.sleep(0.6)
    assert open_draft(path).title == "标题4"
    assert composer.state.status.startswith("已保存 ")


def test_a_form_edit_reaches_the_page_at_once_and_a_burst_ends_with_its_last_text(tmp_path):
    """With the real redraw delay: one edit in 会议信息 or 结构 is on the page as soon as it is
    made; a burst of typing is drawn at its start and, once it pauses, as it ended."""
    speech = Speech(title="在会议上的讲话", salutation="同志们：", opening=["今天开会。"])
    composer, _ = composer_for(tmp_path, speech, autosave_delay=60, refresh_delay=REFRESH_DELAY)
    page = composer.page
    redraws = []
    composer.state.subscribe(lambda reason: redraws.append(reason) if reason == "refresh" else None)
    composer.facts.title.value = "在全县防汛工作会议上的讲话"
    assert page.shown_text().split("\n")[0] == "在全县防汛工作会议上的讲话"  # no waiting, no flush
    assert "需要注意的问题" in composer.problems.heading.value and redraws == ["refresh"]

    redraws.clear()
    typed = "今天召开全县防汛工作会议，主要任务是部署今年的防汛工作。"
    for end in range(1, len(typed) + 1):  # typed in the 结构 tab's 开头 box, a character at a time
        composer.structure.opening.value = typed[:end]
    assert len(redraws) < len(typed) // 2  # not one redraw a keystroke
    assert eventually(lambda: typed in page.shown_text().split("\n"))  # the last state, drawn on a timer
    assert composer.state.speech.opening == [typed]

    eventually(lambda: not composer.state._refresh.pending)
    time.sleep(REFRESH_DELAY)  # a pause in the writing
    composer.facts.title.value = "在全县防汛抗旱工作会议上的讲话"
    assert page.shown_text().split("\n")[0] == "在全县防汛抗旱工作会议上的讲话"  # again at once


def test_the_composer_displays_as_one_widget(tmp_path):
    composer, _ = composer_for(tmp_path)
    bundle = composer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert [composer.tabs.get_title(i) for i in range(8)] == [
        "会议信息",
        "变量",
        "占位符",
        "结构",
        "模板库",
        "素材",
        "导出",
        "版本",
    ]


def test_a_long_drafts_structure_rows_are_built_when_the_tab_is_shown(tmp_path):
    """A draft of 80 points opens without its 结构 rows (thousands of widgets); showing the
    tab builds them, and they follow what was typed on the page meanwhile."""
    from toolkit.widgets.structure import LAZY_FROM

    speech = Speech(
        salutation="同志们：", points=[Point(f"抓好第{n}项工作。", [f"第{n}项工作的正文。"]) for n in range(80)]
    )
    assert len(speech.points) >= LAZY_FROM
    composer, path = composer_for(tmp_path, speech)
    structure = composer.structure
    assert structure.points_box.children == ()
    composer.page.handle({"type": "edit", "key": "points/2/body/0", "text": "在稿纸上改过的正文。", "seq": 1})
    assert structure.points_box.children == ()  # still hidden: nothing built
    composer.tabs.selected_index = 3  # 结构
    rows = structure.points_box.children
    assert len(rows) == 80
    lead, body, _subs = structure._boxes[2]
    assert body.value == "在稿纸上改过的正文。"
    lead.value = "在结构里改过的主旨句。"
    assert open_draft(path).points[2].lead == "在结构里改过的主旨句。"
    composer.tabs.selected_index = 0
    structure.add_point.click()  # a structural change while hidden: the rows wait again
    assert structure.points_box.children == ()
    composer.tabs.selected_index = 3
    assert len(structure.points_box.children) == 81


def test_a_short_drafts_structure_rows_are_there_from_the_start(tmp_path):
    composer, _path = composer_for(tmp_path, Speech(points=[Point("提高认识。"), Point("狠抓落实。")]))
    assert len(composer.structure.points_box.children) == 2
