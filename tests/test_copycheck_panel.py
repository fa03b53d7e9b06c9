"""The composer's 查重 panel (素材 tab), driven as a writer would: press 查重, read the shares
and the list, choose a paragraph and see it beside its archived original, with the page taken
to it; an edit marks the result as out of date; no archive is said in plain words."""

from __future__ import annotations

from test_composer import composer_for
from test_copycheck import DRAFT
from test_material import office_archive  # noqa: F401 - the workspace's archive, a fixture

from toolkit import service
from toolkit.importers import import_reviewed


def _draft(tmp_path):
    source = tmp_path / "来稿.txt"
    source.write_text(DRAFT, encoding="utf-8")
    return import_reviewed(source)[0]


def test_the_check_lists_copied_paragraphs_and_the_shares(tmp_path, office_archive):  # noqa: F811
    composer, _path = composer_for(tmp_path, _draft(tmp_path))
    panel = composer.material.copy_check
    assert "点“查重”" in panel.summary.value and panel.results.layout.display == "none"
    panel.button.click()
    summary = panel.summary.value
    assert "对照素材库 2 篇讲稿" in summary and "照搬上级材料" in summary and "照搬购买材料 0%" in summary
    assert "请改写这些段落，或注明出处" in summary  # the city's speech is most of this one
    # the number is the compared text's, said so plainly: not the page's 字数, nor called 全文
    compared, page = panel.report.characters, service.speaking_time(composer.state.speech).characters
    assert compared < page
    assert summary.startswith(f"参与比对的正文 {compared} 字（标题、称呼、过渡句、很短的段落和标点不算在内），")
    assert "全文" not in summary and f"{page} 字" not in summary
    labels = [label for label, _value in panel.results.options]
    assert labels[0].startswith("开头第1段　") and "照搬　上级：在全市安全生产工作会议上的讲话" in labels[0]
    assert not any("第3点正文第2段" in label for label in labels)  # the paragraph written for this speech


def test_choosing_a_paragraph_shows_both_texts_and_the_place_on_the_page(tmp_path, office_archive):  # noqa: F811
    composer, _path = composer_for(tmp_path, _draft(tmp_path))
    panel = composer.material.copy_check
    panel.button.click()
    shown_tab = composer.tabs.selected_index
    panel.results.value = 0
    assert "草稿开头第1段" in panel.detail.value and "这次会议的任务是部署全市安全生产大检查" in panel.detail.value
    assert "2023年6月8日" in panel.detail.value
    assert composer.state.revealed == "开头第1段"
    assert composer.tabs.selected_index == shown_tab  # the list stays in view


def test_an_edit_marks_the_result_out_of_date(tmp_path, office_archive):  # noqa: F811
    composer, _path = composer_for(tmp_path, _draft(tmp_path))
    panel = composer.material.copy_check
    panel.button.click()
    composer.state.speech.opening[0] = "全新的开头。"
    composer.state.changed()
    composer.state.flush()
    assert "结果可能已过时" in panel.detail.value


def test_without_an_archive_the_panel_says_so(tmp_path):
    composer, _path = composer_for(tmp_path, _draft(tmp_path))
    panel = composer.material.copy_check
    panel.button.click()
    assert "素材库里还没有讲稿" in panel.summary.value
    assert not (tmp_path / "workspace" / "素材库.sqlite").exists()


def test_a_paragraph_taken_from_the_material_tab_is_marked_as_cited(tmp_path, office_archive):  # noqa: F811
    composer, _path = composer_for(tmp_path, _draft(tmp_path))
    tab = composer.material
    tab.search.value = "排查隐患"
    tab.insert_hit(tab.selected, tab.position.options[0][1])
    tab.copy_check.button.click()
    labels = [label for label, _value in tab.copy_check.results.options]
    cited = [label for label in labels if "（已记出处）" in label]
    assert len(cited) == 1 and "本单位：在全县党建工作推进会上的讲话" in cited[0]
