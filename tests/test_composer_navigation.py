"""Moving between drafts in the composer as a writer does: switching drafts leaves nothing of
the one before, the 草稿 list opens a draft with a click, an upload imports every time and
asks first when the file is no speech, and the library finds and shows what it promises."""

import datetime as dt
import os
import time

from conftest import ROOT

from toolkit.drafts import open_draft, save_draft
from toolkit.model import Point, Speech
from toolkit.widgets import Composer

SPEECH_FILE = ROOT / "examples" / "speeches" / "秋冬季安全生产工作会议讲话.txt"


def composer_for(tmp_path, speech=None, **options):
    path = save_draft(speech or Speech(salutation="同志们："), tmp_path / "草稿.yaml")
    options.setdefault("autosave_delay", 0)
    options.setdefault("refresh_delay", 0)
    return Composer(path, **options), path


def upload(composer, name: str, data: bytes) -> None:
    composer.draft_bar.upload.value = (
        {"name": name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": dt.datetime.now()},
    )


def test_switching_drafts_leaves_nothing_of_the_draft_before(tmp_path, workspace):
    composer, path = composer_for(tmp_path, Speech(title="在全县防汛工作会议上的讲话", opening=["今天开会。"]))
    panel = composer.export
    assert panel.run_export() is not None
    assert "已导出" in panel.message.value and panel.download.value and panel.thumbnails.value
    browser = composer.browser
    browser.kind.value = "opening"
    browser.search.value = "肯定"
    browser.results.value = "开头-肯定前面发言"
    composer.facts.name.value = "全县防汛工作会议"
    browser.show_selected()
    assert "全县防汛工作会议" in browser.preview.value
    browser.insert.click()
    assert "已插入" in browser.message.value

    composer.draft_bar.skeleton.value = "例会讲话"
    composer.draft_bar.from_skeleton.click()

    assert composer.state.path != path
    assert panel.message.value == "" and panel.download.value == "" and panel.thumbnails.value == ""
    assert "全县防汛工作会议" not in browser.preview.value and browser.message.value == ""
    status = composer.draft_bar.status.value
    assert "草稿.yaml" not in status and status.count("草稿") <= 1
    assert str(workspace) not in composer.draft_bar.message.value  # names, not paths


def test_the_same_file_uploaded_twice_imports_twice(tmp_path, workspace):
    composer, _ = composer_for(tmp_path)
    data = SPEECH_FILE.read_bytes()
    upload(composer, "买来的材料.txt", data)
    assert composer.state.path == workspace / "买来的材料.yaml"
    assert composer.draft_bar.upload.value == ()  # the button shows no count, the same file can come again
    upload(composer, "买来的材料.txt", data)
    assert composer.state.path == workspace / "买来的材料（2）.yaml"
    assert "已导入“买来的材料.txt”" in composer.draft_bar.message.value


def test_a_file_far_too_long_asks_first_and_imports_anyway(tmp_path, workspace):
    composer, path = composer_for(tmp_path)
    bar = composer.draft_bar
    sentence = "各单位要认真落实安全生产责任制，确保不发生重大事故。\n"
    upload(composer, "很长的文件.txt", (sentence * (300_000 // len(sentence) + 1)).encode())
    assert composer.state.path == path  # nothing imported yet
    assert bar.asking.layout.display == "flex" and "远远超过" in bar.question.value
    assert not (workspace / "很长的文件.yaml").exists()
    bar.import_anyway.click()
    assert composer.state.path == workspace / "很长的文件.yaml" and composer.state.path.exists()
    assert bar.asking.layout.display == "none" and "已导入" in bar.message.value


def test_a_file_without_sentences_asks_first_and_can_be_cancelled(tmp_path, workspace):
    composer, path = composer_for(tmp_path)
    bar = composer.draft_bar
    upload(composer, "乱码.txt", ("啊吧从的额发给好就看了们你哦" * 40 + "\n").encode() * 20)
    assert bar.asking.layout.display == "flex" and "没有一个句号" in bar.question.value
    bar.cancel_import.click()
    assert composer.state.path == path and bar.asking.layout.display == "none"
    assert "没有导入" in bar.message.value and not (workspace / "乱码.yaml").exists()
    upload(composer, "乱码.txt", ("啊吧从的额发给好就看了们你哦" * 40 + "\n").encode() * 20)
    assert bar.asking.layout.display == "flex"  # the same file again asks again


def test_the_drafts_list_shows_titles_newest_first_and_opens_on_click(tmp_path, workspace):
    workspace.mkdir(exist_ok=True)
    older = save_draft(Speech(title="在全县春耕生产工作会议上的讲话"), workspace / "春耕.yaml")
    os.utime(older, (time.time() - 3600, time.time() - 3600))
    newer = save_draft(
        Speech(title="在{{ 会议名称 }}上的讲话", variables={"会议名称": "全县防汛工作会议"}), workspace / "防汛.yaml"
    )
    (workspace / "坏了.yaml").write_text("title: [未闭合\n", encoding="utf-8")
    composer, path = composer_for(tmp_path)
    drafts = composer.draft_bar.drafts
    labels = [label for label, _value in drafts.options]
    assert any(label.startswith("在全县防汛工作会议上的讲话") for label in labels)
    assert any(label.startswith("在全县春耕生产工作会议上的讲话") for label in labels)
    assert any("打不开" in label and "坏了" in label for label in labels)
    assert not any("{{" in label or str(workspace) in label for label in labels)
    values = [value for _label, value in drafts.options]
    assert values.index(str(newer)) < values.index(str(older))
    assert drafts.value == str(path)

    drafts.value = str(older)  # a click on the entry
    assert composer.state.path == older and composer.facts.title.value == "在全县春耕生产工作会议上的讲话"
    assert "已打开草稿“在全县春耕生产工作会议上的讲话”" in composer.draft_bar.message.value

    drafts.value = str(workspace / "坏了.yaml")
    assert composer.state.path == older and drafts.value == str(older)
    assert composer.draft_bar.message.value


def test_the_drafts_list_follows_new_drafts_and_title_changes(tmp_path, workspace):
    composer, _ = composer_for(tmp_path)
    composer.draft_bar.empty.click()
    new = composer.state.path
    composer.facts.title.value = "在全县秋收工作会议上的讲话"
    drafts = composer.draft_bar.drafts
    assert drafts.value == str(new)
    assert dict((value, label) for label, value in drafts.options)[str(new)].startswith("在全县秋收工作会议上的讲话")


def test_library_search_finds_the_safety_templates(tmp_path):
    composer, _ = composer_for(tmp_path)
    browser = composer.browser
    browser.search.value = "安全"  # the search box's own example
    found = [value for _label, value in browser.results.options]
    assert "开头-肯定前面发言" in found and "要点-狠抓工作落实" in found
    for label, value in browser.results.options:
        assert "·" not in label and "-" not in label and "{{" not in label  # titles, not internal names
    labels = dict((value, label) for label, value in browser.results.options)
    assert labels["开头-肯定前面发言"] == "肯定前面同志发言的开头（开头）"


def test_library_previews_show_points_and_example_values_never_braces(tmp_path):
    composer, _ = composer_for(tmp_path, Speech(points=[Point("原有要点。")]))
    browser = composer.browser
    browser.kind.value = "skeleton"
    browser.search.value = ""
    for _label, value in browser.results.options:
        browser.results.value = value
        preview = browser.preview.value
        assert "{{" not in preview and "{%" not in preview, value
        assert "一要" in preview or "一、" in preview or "一是" in preview or "第一" in preview, value
    browser.results.value = "例会讲话"
    assert "切实解决党建观念淡薄问题" in browser.preview.value  # the example's points
    for kind in ("opening", "point", "closing", "transition"):
        browser.kind.value = kind
        for _label, value in browser.results.options:
            browser.results.value = value
            assert "{{" not in browser.preview.value, value


def test_the_library_preview_uses_the_draft_values_and_follows_a_switch(tmp_path, workspace):
    composer, _ = composer_for(tmp_path)
    browser = composer.browser
    browser.kind.value = "opening"
    browser.search.value = "肯定"
    browser.results.value = "开头-肯定前面发言"
    composer.facts.name.value = "全县防汛工作会议"
    browser.show_selected()
    assert "全县防汛工作会议" in browser.preview.value
    composer.draft_bar.empty.click()
    assert "全县防汛工作会议" not in browser.preview.value
    assert "全县安全生产工作会议" in browser.preview.value  # the example again
    assert not open_draft(composer.state.path).title
