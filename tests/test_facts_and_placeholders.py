"""One fact, one place; list variables; the 占位符 tab (issue 11, problems 2, 3 and 7),
driven as a staff member would: values typed, buttons clicked; then the widgets, the draft
on disk and the exported .docx are read."""

import datetime as dt

import docx
import ipywidgets as w

from toolkit import service
from toolkit.drafts import open_draft, save_draft
from toolkit.model import Point, Speech
from toolkit.widgets import Composer


def composer_for(tmp_path, speech=None):
    path = save_draft(speech or Speech(salutation="同志们："), tmp_path / "草稿.yaml")
    return Composer(path, autosave_delay=0, refresh_delay=0), path


def docx_text(path) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(str(path)).paragraphs]


def skeleton_draft(tmp_path, workspace):
    composer, _ = composer_for(tmp_path)
    composer.draft_bar.skeleton.value = "例会讲话"
    composer.draft_bar.from_skeleton.click()
    return composer


def test_a_list_variable_is_a_box_one_item_a_line_and_makes_separate_points(tmp_path, workspace):
    composer = skeleton_draft(tmp_path, workspace)
    form = composer.variables
    field = form.fields["要点"]
    assert (
        field.__class__.__name__ == "Textarea"
        and "每行一项" in form.rows.children[form.names.index("要点")].children[1].value
    )
    field.value = "切实解决党建观念淡薄问题。\n切实解决干部政治意识缺失问题。\n切实解决好党的领导弱化问题。"
    saved = open_draft(composer.state.path)
    assert len(saved.points) == 1  # the draft keeps {{ 要点 }}: it can be changed later
    filled = service.fill(saved, allow_unfilled=True)
    assert [p.lead for p in filled.points] == [
        "切实解决党建观念淡薄问题。",
        "切实解决干部政治意识缺失问题。",
        "切实解决好党的领导弱化问题。",
    ]
    page = composer.page.shown_text()
    assert "一要" in page and "二要" in page and "三要" in page and "{{ 要点 }}" not in page


def test_a_list_typed_with_dunhao_as_the_example_shows_splits_too(tmp_path, workspace):
    composer = skeleton_draft(tmp_path, workspace)
    composer.variables.fields["要点"].value = "甲。、乙。、丙。"
    assert open_draft(composer.state.path).variables["要点"] == "甲。\n乙。\n丙。"
    composer.facts.name.value = "全县工作例会"
    target = service.export(composer.state.speech, tmp_path / "例会.docx").path
    text = docx_text(target)
    assert not any("甲。、乙。" in line for line in text)
    assert any(line.startswith("一要甲。") for line in text) and any(line.startswith("三要丙。") for line in text)


def test_a_lead_variable_without_a_list_stays_one_point():
    speech = Speech(points=[Point("{{ 主旨 }}")], variables={"主旨": "加强领导、压实责任。"})
    assert [p.lead for p in service.fill(speech).points] == ["加强领导、压实责任。"]


def test_the_meeting_name_filled_in_variables_shows_everywhere_without_braces(tmp_path, workspace):
    composer = skeleton_draft(tmp_path, workspace)
    assert composer.facts.title.value == "在{{ 会议名称 }}上的讲话"  # not filled yet: shown as it is
    composer.variables.fields["会议名称"].value = "全县安全生产工作会议"
    assert composer.facts.name.value == "全县安全生产工作会议"
    assert composer.facts.title.value == "在全县安全生产工作会议上的讲话"
    page = composer.page.shown_text()
    assert "在全县安全生产工作会议上的讲话" in page and "会议名称" not in page
    saved = open_draft(composer.state.path)
    assert saved.meeting.name == "全县安全生产工作会议" and "会议名称" not in saved.variables
    assert saved.title == "在{{ 会议名称 }}上的讲话"  # still follows the meeting's name
    assert service.filled_title(composer.state.speech) == "在全县安全生产工作会议上的讲话"
    assert composer.export.file_name.value == "在全县安全生产工作会议上的讲话.docx"
    composer.variables.fields["要点"].value = "抓好落实。\n压实责任。"
    path = composer.export.run_export()
    assert path is not None and "{" not in path.name and path.name == "在全县安全生产工作会议上的讲话.docx"
    assert docx_text(path)[0].replace("\n", "") == "在全县安全生产工作会议上的讲话"


def test_the_meeting_facts_typed_in_meeting_info_show_in_variables(tmp_path, workspace):
    composer = skeleton_draft(tmp_path, workspace)
    composer.facts.name.value = "县委党建工作领导小组例会"
    assert composer.variables.fields["会议名称"].value == "县委党建工作领导小组例会"
    assert "✓" in composer.variables.marks["会议名称"].value
    assert composer.facts.title.value == "在县委党建工作领导小组例会上的讲话"
    composer.variables.fields["会议名称"].value = "县委第三季度例会"
    assert composer.facts.name.value == "县委第三季度例会"
    assert composer.facts.title.value == "在县委第三季度例会上的讲话"


def test_the_meeting_date_is_one_date_picker_in_both_tabs(tmp_path):
    composer, path = composer_for(tmp_path, Speech(title="讲话", byline="{{ 会议日期 | 署名日期 }}"))
    form, facts = composer.variables, composer.facts
    assert type(form.fields["会议日期"]) is type(facts.date) is w.DatePicker  # as in 会议信息, no typing of 2026-09-28
    assert "未填" in form.marks["会议日期"].value
    form.fields["会议日期"].value = dt.date(2026, 9, 28)  # picked in 变量
    assert facts.date.value == dt.date(2026, 9, 28) and facts.date_text.value == "2026年9月28日"
    assert "✓" in form.marks["会议日期"].value and "2026年9月28日" in form.marks["会议日期"].value
    saved = open_draft(path)
    assert saved.meeting.date == dt.date(2026, 9, 28) and "会议日期" not in saved.variables
    assert "（2026年9月28日）" in composer.page.shown_text()
    composer.state.history.checkpoint()  # a pause: the next date is a step of its own
    facts.date.value = dt.date(2026, 10, 8)  # picked in 会议信息
    assert form.fields["会议日期"].value == dt.date(2026, 10, 8)
    assert "2026年10月8日" in form.marks["会议日期"].value
    composer.state.undo()
    assert form.fields["会议日期"].value == facts.date.value == dt.date(2026, 9, 28)
    form.fields["会议日期"].value = None  # cleared in 变量
    assert facts.date.value is None and facts.date_text.value == "" and "未填" in form.marks["会议日期"].value
    assert open_draft(path).meeting.date is None


def test_a_date_an_older_draft_keeps_among_its_variables_shows_in_the_picker(tmp_path):
    older = Speech(title="讲话", byline="{{ 会议日期 | 署名日期 }}", variables={"会议日期": "2026-09-28"})
    composer, path = composer_for(tmp_path, older)
    field = composer.variables.fields["会议日期"]
    assert field.value == dt.date(2026, 9, 28) and "✓" in composer.variables.marks["会议日期"].value
    field.value = dt.date(2026, 9, 29)
    saved = open_draft(path)
    assert saved.meeting.date == dt.date(2026, 9, 29) and "会议日期" not in saved.variables  # one place now
    assert composer.facts.date.value == dt.date(2026, 9, 29)


def test_an_empty_title_is_suggested_from_a_name_filled_in_variables(tmp_path):
    composer, path = composer_for(tmp_path, Speech(opening=["今天召开{{ 会议名称 }}。"]))
    composer.variables.fields["会议名称"].value = "全县防汛工作会议"
    assert composer.facts.title.value == "在全县防汛工作会议上的讲话"
    assert open_draft(path).title == "在全县防汛工作会议上的讲话"


def test_the_suggested_title_keeps_a_name_with_braces_as_typed(tmp_path):
    composer, path = composer_for(tmp_path)
    composer.facts.name.value = "{{ 7*7 }}次常委会"
    assert composer.facts.title.value == "在{{ 7*7 }}次常委会上的讲话"
    composer.facts.title.value = "另一个标题"
    composer.facts.suggest.click()
    assert composer.facts.title.value == "在{{ 7*7 }}次常委会上的讲话"
    assert service.fill(open_draft(path)).title == "在{{ 7*7 }}次常委会上的讲话"
    assert "49" not in composer.page.shown_text()


PURCHASED = Speech(
    title="在×县安全生产工作会议上的讲话",
    salutation="同志们：",
    opening=["今天，×县召开会议，请×部长讲话。" + "各单位要高度重视。" * 40],
    points=[Point("提高认识。", ["全×县上下要统一思想。"])],
)


def test_placeholders_are_listed_with_their_places_and_replaced_everywhere(tmp_path):
    composer, path = composer_for(tmp_path, PURCHASED)
    assert "占位符" in [composer.tabs.get_title(i) for i in range(len(composer.tabs.children))]
    variables = composer.variables.summary.value
    assert "占位符" in variables and "没有用到变量" not in variables
    panel = composer.placeholders
    assert list(panel.found) == ["×县", "×部长"] and len(panel.found["×县"]) == 3
    assert "标题" in panel.places["×县"].value and "开头第1段" in panel.places["×县"].value
    assert "第1点正文第1段" in panel.places["×县"].value
    assert "3 处" in panel.counts["×县"].value
    panel.buttons["×县"].click()  # nothing typed yet
    assert "请先" in panel.message.value and "×县" in open_draft(path).title
    panel.fields["×县"].value = "某某县"
    panel.buttons["×县"].click()
    assert "已把 3 处“×县”换成“某某县”" in panel.message.value
    saved = open_draft(path)
    assert saved.title == "在某某县安全生产工作会议上的讲话"
    assert saved.opening[0].startswith("今天，某某县召开会议，请×部长讲话。")  # ×部长 is another one
    assert saved.points[0].body == ["全某某县上下要统一思想。"]
    assert list(panel.found) == ["×部长"]
    assert composer.facts.title.value == "在某某县安全生产工作会议上的讲话"
    assert composer.structure.opening.value.startswith("今天，某某县")
    assert "某某县" in composer.page.shown_text() and "×县" not in composer.page.shown_text()
    panel.fields["×部长"].value = "张三部长"
    panel.buttons["×部长"].click()
    assert not panel.found and "没有" in panel.summary.value
    assert "×" not in "".join(open_draft(path).opening)
    assert "没有用到变量" in composer.variables.summary.value
