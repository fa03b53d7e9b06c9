"""The composer's 版本 tab, driven as a writer would: save a version, edit, compare, restore,
撤销 the restore; the versions folder and the draft on disk are checked after each."""

import shutil

import docx
import pytest
from conftest import ROOT
from docx_read import REVISION_TAGS, W, resolved_paragraphs

from toolkit import service
from toolkit.drafts import open_draft, save_draft
from toolkit.model import Point, Speech, speech_blocks
from toolkit.widgets import Composer
from toolkit.widgets.versions import CURRENT, VersionsPanel

EXAMPLE = ROOT / "examples" / "drafts" / "秋冬季安全生产工作会议讲话.yaml"


def composer_for(tmp_path, speech=None):
    path = tmp_path / "草稿.yaml"
    if speech is None:
        shutil.copy(EXAMPLE, path)
    else:
        save_draft(speech, path)
    return Composer(path, autosave_delay=0, refresh_delay=0), path


def folder_names(path):
    folder = path.with_name(path.stem + ".versions")
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_tab_is_there_and_offers_the_usual_names(tmp_path):
    composer, _ = composer_for(tmp_path)
    titles = [composer.tabs.get_title(i) for i in range(len(composer.tabs.children))]
    assert "版本" in titles
    assert list(composer.versions.name.options) == ["起草", "修改稿", "送审稿", "定稿"]
    assert "还没有保存过版本" in composer.versions.table.value


def test_saving_a_version_keeps_what_the_page_shows_and_lists_it(tmp_path):
    composer, path = composer_for(tmp_path)
    tab = composer.versions
    tab.name.value = "起草"
    tab.save.click()
    assert folder_names(path) == ["001-起草.yaml"]
    assert "已存为版本 1“起草”" in tab.message.value
    composer.facts.title.value = "在全县冬季安全生产工作会议上的讲话"
    tab.name.value = "送审稿"
    tab.save.click()
    assert service.version_speech(path, "送审稿").title == "在全县冬季安全生产工作会议上的讲话"
    assert "起草" in tab.table.value and "送审稿" in tab.table.value and "改动 1 段" in tab.table.value
    tab.name.value = "送审稿"
    tab.save.click()
    assert "已有“送审稿”，这次存为“送审稿（2）”" in tab.message.value
    assert [label for label, _ in tab.chosen.options][0].startswith("3　送审稿（2）")


def test_a_free_name_is_allowed_and_a_bad_one_is_said_in_plain_words(tmp_path):
    composer, path = composer_for(tmp_path)
    tab = composer.versions
    assert tab.save_version("书记看过的稿子").name == "书记看过的稿子"
    assert tab.save_version("送审/修改") is None
    assert "版本名称里不能有“/”" in tab.message.value
    assert str(tmp_path) not in tab.message.value and "--" not in tab.message.value
    assert folder_names(path) == ["001-书记看过的稿子.yaml"]


def test_autosave_never_makes_a_version(tmp_path):
    composer, path = composer_for(tmp_path)
    for text in ("在全县", "在全县会议上的讲话"):
        composer.facts.title.value = text
    composer.structure.add_point.click()
    composer.flush()
    assert open_draft(path).title == "在全县会议上的讲话"
    assert folder_names(path) == []


def test_comparing_a_version_with_the_draft_shows_the_words_that_changed(tmp_path):
    composer, path = composer_for(tmp_path)
    tab = composer.versions
    tab.save_version("送审稿")
    speech = composer.state.speech
    speech.points[1].body[0] = speech.points[1].body[0].replace("深入开展", "扎实开展")
    speech.remove_point(0)
    composer.state.changed(structure=True)
    tab.refresh()
    assert tab.new.value == CURRENT
    changes = tab.show_differences()
    html = tab.differences.value
    assert "“送审稿” → “当前草稿”" in html
    assert "改动 1 段，删除 1 点，重新编号 1 处" in html  # the edited point's new marker goes with its edit
    assert '<del style="color:#b91c1c;text-decoration:line-through' in html and ">深入</del>" in html
    assert ">扎实</ins>" in html
    assert "第1点 改动" in html  # the place, named in the new speech (the point runs in with its body)
    assert "第1点 删除" in html
    assert any(c.kind == "deleted" for c in changes)


def test_comparing_two_versions_names_a_moved_point(tmp_path):
    composer, path = composer_for(tmp_path)
    tab = composer.versions
    tab.save_version("修改稿")
    composer.state.speech.move_point(2, 0)
    composer.state.changed(structure=True)
    tab.save_version("送审稿")
    tab.old.value, tab.new.value = 1, 2
    tab.compare.click()
    assert "第1点（原第3点） 移动" in tab.differences.value
    assert "“修改稿” → “送审稿”</b>：移动 1 点，重新编号 2 处" in tab.differences.value


def test_restoring_is_one_edit_that_undo_takes_back_and_nothing_is_lost(tmp_path):
    composer, path = composer_for(tmp_path)
    tab = composer.versions
    tab.save_version("起草")
    original_title = composer.state.speech.title
    composer.facts.title.value = "改过的标题"
    composer.state.speech.add_point(Point("切实做好应急准备。"))
    composer.state.changed(structure=True)
    composer.flush()
    tab.restore_version(1)
    composer.flush()
    assert open_draft(path).title == original_title and len(open_draft(path).points) == 3
    assert composer.facts.title.value == original_title
    assert "已恢复为版本 1“起草”" in tab.message.value and "恢复前的内容已存为版本“恢复“起草”前”" in tab.message.value
    kept = service.version_speech(path, "恢复“起草”前")
    assert kept.title == "改过的标题" and len(kept.points) == 4
    assert composer.history.undo.tooltip.startswith("撤销：恢复版本“起草”")
    composer.history.undo.click()
    composer.flush()
    assert open_draft(path).title == "改过的标题" and len(open_draft(path).points) == 4
    assert composer.facts.title.value == "改过的标题"
    composer.history.redo.click()
    composer.flush()
    assert open_draft(path).title == original_title


def test_restoring_what_is_already_a_version_keeps_no_copy(tmp_path):
    composer, path = composer_for(tmp_path)
    tab = composer.versions
    tab.save_version("起草")
    composer.facts.title.value = "送审的标题"
    tab.save_version("送审稿")
    tab.restore_version(1)
    assert "恢复前的内容" not in tab.message.value
    assert folder_names(path) == ["001-起草.yaml", "002-送审稿.yaml"]


def test_a_damaged_version_is_listed_as_damaged_and_restoring_it_changes_nothing(tmp_path):
    composer, path = composer_for(tmp_path)
    tab = composer.versions
    tab.save_version("起草")
    broken = path.with_name("草稿.versions") / "002-定稿.yaml"
    broken.write_text("# 讲稿版本“定稿”，保存于 2026-10-03 10:00:00\ntitle: [坏\n", encoding="utf-8")
    tab.refresh()
    assert "文件已损坏" in tab.table.value
    assert [value for _, value in tab.chosen.options] == [1]  # only what can be opened is offered
    before = path.read_bytes()
    assert service.find_version(path, 2).name == "定稿"
    tab.chosen.options = [("2　定稿", 2)] + list(tab.chosen.options)
    assert tab.restore_version(2) is None
    assert "没有恢复：002-定稿.yaml 第2行：" in tab.message.value
    assert path.read_bytes() == before and len(composer.state.history) == 0


def test_opening_another_draft_shows_its_versions(tmp_path):
    composer, path = composer_for(tmp_path)
    composer.versions.save_version("起草")
    other = save_draft(Speech(title="另一篇"), tmp_path / "另一篇.yaml")
    composer.state.open(other)
    assert "还没有保存过版本" in composer.versions.table.value
    assert composer.versions.message.value == ""


def test_the_revision_button_is_hidden_when_the_service_cannot_write_one(tmp_path, monkeypatch):
    state = Composer(save_draft(Speech(title="甲"), tmp_path / "草稿.yaml"), autosave_delay=0).state
    assert VersionsPanel(state).revision_row.layout.display is None
    monkeypatch.delattr(service, "export_revision")
    assert VersionsPanel(state).revision_row.layout.display == "none"


def test_the_revision_of_a_version_against_the_draft_is_a_word_file_with_tracked_changes(tmp_path):
    composer, path = composer_for(tmp_path)
    tab = composer.versions
    tab.save_version("送审稿")
    old_blocks = [b.text for b in speech_blocks(composer.state.speech)]
    speech = composer.state.speech
    speech.points[1].body[0] = speech.points[1].body[0].replace("深入开展", "扎实开展")
    speech.remove_point(0)
    composer.state.changed(structure=True)
    new_blocks = [b.text for b in speech_blocks(composer.state.speech)]
    tab.refresh()
    assert (tab.old.value, tab.new.value) == (1, CURRENT)
    tab.author.value = "县委办"
    written = tab.export_revision()
    assert written == tmp_path / "草稿（修订稿：送审稿→当前草稿）.docx"
    assert (
        "已导出修订稿：草稿（修订稿：送审稿→当前草稿）.docx（改动 1 段，删除 1 点，重新编号 1 处" in tab.message.value
    )
    assert "下载 草稿（修订稿：送审稿→当前草稿）.docx" in tab.download.value
    body = docx.Document(str(written)).element.body
    changes = [node for node in body.iter(*REVISION_TAGS)]
    assert changes and {node.get(W + "author") for node in changes} == {"县委办"}
    assert [t.text for node in body.iter(W + "ins") for t in node.iter(W + "t") if t.text == "扎实"] == ["扎实"]
    assert resolved_paragraphs(written, "accept") == new_blocks
    assert resolved_paragraphs(written, "reject") == old_blocks
    # the draft and its versions are untouched by the export
    assert folder_names(path) == ["001-送审稿.yaml"]


@pytest.mark.parametrize("when", ["before any save"])
def test_a_draft_only_in_memory_cannot_keep_versions_yet(tmp_path, when):
    from toolkit.widgets.state import ComposerState

    state = ComposerState(Speech(title="甲"), autosave_delay=0, refresh_delay=0)
    tab = VersionsPanel(state)
    assert tab.save_version("起草") is None
    assert "保存后才能存版本" in tab.message.value


def unfilled_speech() -> Speech:
    return Speech(
        title="在{{ 县名 }}防汛工作会议上的讲话",
        salutation="同志们：",
        opening=["今天召开全县防汛工作会议。"],
        points=[Point("提高认识。", ["要认真学习。"]), Point("压实责任。", ["要真抓实干。"])],
        closing=["同志们，让我们共同努力。"],
    )


def test_a_revision_with_a_variable_to_fill_lists_it_first_and_exports_anyway(tmp_path):
    """导出修订稿 offers what 导出 offers: the variable still to fill listed with its place,
    返回修改 (the 变量 tab, the cursor in its box) and 仍然导出 (written as it stands)."""
    composer, path = composer_for(tmp_path, unfilled_speech())
    tab = composer.versions
    tab.save_version("送审稿")
    composer.structure.opening.value = "今天召开全县防汛工作会议，部署今年的防汛工作。"
    tab.refresh()
    target = tmp_path / "草稿（修订稿：送审稿→当前草稿）.docx"
    tab.revision.click()
    assert not target.exists() and tab.checklist.widget.layout.display == "flex"
    rows = tab.checklist.list.children
    assert [row.children[0].description for row in rows] == ["标题"]
    assert "县名" in rows[0].children[1].value and "还有 1 个问题" in tab.checklist.title.value
    assert (tab.checklist.back.description, tab.checklist.anyway.description) == ("返回修改", "仍然导出")

    tab.checklist.back.click()  # 返回修改: the list closes, the 变量 tab shows
    assert tab.checklist.widget.layout.display == "none" and not target.exists()
    assert composer.tabs.get_title(composer.tabs.selected_index) == "变量"

    tab.revision.click()
    tab.checklist.anyway.click()  # 仍然导出
    assert target.exists() and tab.checklist.widget.layout.display == "none"
    assert "已导出修订稿：草稿（修订稿：送审稿→当前草稿）.docx" in tab.message.value
    assert "文件中仍有 1 个问题" in tab.message.value and "下载 " in tab.download.value
    accepted = resolved_paragraphs(target, "accept")
    assert accepted[0] == "在{{ 县名 }}防汛工作会议上的讲话"  # as it stands: nothing invented
    assert "今天召开全县防汛工作会议，部署今年的防汛工作。" in accepted
    tab.checklist.anyway.click()  # a second click on the button just gone writes nothing more
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == [target.name]


def test_the_list_before_a_revision_follows_the_variable_being_filled(tmp_path):
    composer, _path = composer_for(tmp_path, unfilled_speech())
    tab = composer.versions
    tab.save_version("送审稿")
    tab.refresh()
    tab.revision.click()
    assert tab.checklist.problems
    composer.variables.fields["县名"].value = "青山县"
    assert tab.checklist.widget.layout.display == "none" and "可以导出修订稿了" in tab.message.value
    written = tab.export_revision()
    assert resolved_paragraphs(written, "accept")[0] == "在青山县防汛工作会议上的讲话"


def test_a_saved_version_with_a_variable_to_fill_is_listed_without_places(tmp_path):
    """The newer side is a saved version: its text is not on the page, so the list names the
    places without taking the writer there; 仍然导出 still writes it."""
    composer, path = composer_for(tmp_path, unfilled_speech())
    tab = composer.versions
    tab.save_version("初稿")
    composer.structure.opening.value = "今天召开全县防汛工作会议，部署工作。"
    tab.save_version("送审稿")
    tab.refresh()
    tab.old.value, tab.new.value = 1, 2
    assert tab.export_revision() is None
    [row] = tab.checklist.list.children
    assert not isinstance(row.children[0], type(tab.revision)) and "标题" in row.children[0].value
    assert tab.export_revision(anyway=True) == tmp_path / "草稿（修订稿：初稿→送审稿）.docx"
