"""Invisible and control characters: removed on import, save and export (metadata
included), each removal reported like vendor noise, and flagged by check in a hand-edited draft."""

import docx
from conftest import run_cli

from toolkit import DraftDocument
from toolkit.drafts import open_draft
from toolkit.importers import parse_speech_text
from toolkit.model import Point, Speech
from toolkit.model.invisible import clean_speech, invisible_fields

RLO, VT, ZWSP, LRI = "\u202e", "\v", "\u200b", "\u2066"
SPEECH = f"在全县{RLO}会议上的讲话\n同志们：\n今天开会。下面，我讲两点意见。\n一{RLO}要提高认识。认真{ZWSP}学习。\n二要狠抓{VT}落实。真抓实干。\n同志们，让我们共同努力。\n"


def test_import_removes_them_before_reading_the_structure_and_reports_each_line():
    speech = parse_speech_text(SPEECH)
    assert speech.title == "在全县会议上的讲话"
    assert [point.lead for point in speech.points] == ["提高认识。", "狠抓落实。"]
    assert speech.point_markers() == ["一要", "二要"]
    reported = [(entry.line, entry.rule, entry.text) for entry in speech.noise]
    assert (1, "不可见字符", "U+202E（从右向左覆盖）") in reported
    assert (4, "不可见字符", "U+202E（从右向左覆盖）、U+200B（零宽空格）") in reported
    assert (5, "不可见字符", "U+000B（垂直制表符）") in reported
    assert not invisible_fields(speech)


def test_markdown_and_docx_imports_remove_them_too(tmp_path):
    from toolkit.importers import import_speech

    markdown = parse_speech_text(SPEECH.replace("一", "**一", 1).replace("识。", "识。**", 1), markdown=True)
    assert [point.lead for point in markdown.points] == ["提高认识。", "狠抓落实。"]
    document = docx.Document()
    for line in SPEECH.replace(VT, "").splitlines():  # python-docx refuses a vertical tab itself
        document.add_paragraph(line)
    path = tmp_path / "讲话.docx"
    document.save(str(path))
    imported = import_speech(path)
    assert imported.title == "在全县会议上的讲话" and len(imported.points) == 2
    assert any(entry.rule == "不可见字符" and entry.line == 4 for entry in imported.noise)


def test_saving_removes_them_from_every_field_and_records_it(tmp_path):
    speech = Speech(title=f"在{LRI}会上的讲话", points=[Point(lead=f"一句{VT}。")], variables={"县名": f"某{ZWSP}县"})
    speech.meeting.speaker = f"张{VT}三"
    document = DraftDocument.create(tmp_path / "d.yaml", speech)
    saved = open_draft(document.path)
    assert (saved.title, saved.points[0].lead, saved.meeting.speaker, saved.variables["县名"]) == (
        "在会上的讲话",
        "一句。",
        "张三",
        "某县",
    )
    assert {entry.text for entry in saved.noise} == {
        "标题：U+2066（从左向右隔离）",
        "第1点主旨句：U+000B（垂直制表符）",
        "讲话人：U+000B（垂直制表符）",
        "变量“县名”：U+200B（零宽空格）",
    }
    assert [entry.text for entry in document.last_removed] == [entry.text for entry in saved.noise]
    document.save()  # nothing left to remove: nothing recorded twice
    assert len(open_draft(document.path).noise) == 4


def test_cleaning_returns_a_copy_unless_in_place():
    speech = Speech(title=f"题{RLO}")
    cleaned, removed = clean_speech(speech)
    assert cleaned.title == "题" and speech.title == f"题{RLO}" and len(removed) == 1


def hand_edited(tmp_path, title):
    path = tmp_path / "手改.yaml"
    path.write_text(
        f'format: jianggao-draft 1\ntitle: "{title}"\nmeeting: {{speaker: "张\\v三"}}\nopening: [今天开会。]\n',
        encoding="utf-8",
    )
    return path


def test_check_flags_what_a_hand_edited_draft_still_holds(tmp_path):
    path = hand_edited(tmp_path, "在全县\\u202e会议上的讲话")
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert "标题：有看不见的控制字符 U+202E（从右向左覆盖）" in result.stdout
    assert "讲话人：有看不见的控制字符 U+000B（垂直制表符）" in result.stdout


def test_export_of_a_hand_edited_draft_removes_them_and_says_so(tmp_path):
    path = hand_edited(tmp_path, "在全县\\v会议\\u202e上的讲话")
    out = tmp_path / "讲话稿.docx"
    result = run_cli("export", str(path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "已去除看不见的控制字符：标题：U+000B（垂直制表符）、U+202E（从右向左覆盖）" in result.stderr
    exported = docx.Document(str(out))
    assert exported.paragraphs[0].text == "在全县会议上的讲话"
    assert exported.core_properties.author == "张三"
    assert path.read_text(encoding="utf-8").count("\\u202e") == 1  # the draft itself is not rewritten by export


def test_a_value_given_at_export_is_cleaned_too(tmp_path):
    from toolkit import service

    out = service.export(Speech(title="在{{ 县名 }}会议上的讲话"), tmp_path / "o.docx", values={"县名": f"某{RLO}县"})
    assert docx.Document(str(out.path)).paragraphs[0].text == "在某县会议上的讲话"
    assert out.warnings[0] == "已去除看不见的控制字符：标题：U+202E（从右向左覆盖）"


def test_the_composer_says_what_it_removed_and_shows_the_clean_text(tmp_path):
    from toolkit.drafts import save_draft
    from toolkit.widgets import Composer

    path = save_draft(Speech(title="在会上的讲话", salutation="同志们："), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    composer.facts.title.value = f"在全县{RLO}会议上的讲话"
    assert "已去除看不见的控制字符：标题：U+202E（从右向左覆盖）" in composer.state.status
    assert composer.facts.title.value == "在全县会议上的讲话"
    assert open_draft(path).title == "在全县会议上的讲话"
