"""The service layer: one path to open, fill, check and export, with formats in one table."""

import pytest
from conftest import SEED

from toolkit import service
from toolkit.errors import OutputError, UnfilledVariableError
from toolkit.exporters.docx_writer import RenderedDocument
from toolkit.model import Point, Speech


def test_a_new_format_is_one_entry_in_the_table(tmp_path, monkeypatch):
    def plain_text(speech, template, options):
        return RenderedDocument(f"{speech.title}\n".encode(), ["纯文本没有版式"])

    formats = dict(service.FORMATS, txt=service.OutputFormat("txt", ".txt", "纯文本", plain_text))
    monkeypatch.setattr(service, "FORMATS", formats)
    speech = Speech(title="在{{ 县名 }}会议上的讲话")
    result = service.export(speech, tmp_path / "讲话.txt", values={"县名": "某县"})
    assert (tmp_path / "讲话.txt").read_text(encoding="utf-8") == "在某县会议上的讲话\n"
    assert result.warnings == ["纯文本没有版式"]


def test_an_unknown_suffix_names_the_formats(tmp_path):
    with pytest.raises(OutputError, match=r"讲话\.odt：导出文件的扩展名应是 \.docx、\.pdf"):
        service.export(Speech(title="t"), tmp_path / "讲话.odt")
    assert not (tmp_path / "讲话.odt").exists()


def test_export_fills_checks_writable_first_and_reports_placeholders(tmp_path):
    speech = Speech(title="在{{ 县名 }}会议上的讲话", opening=["×部长讲了话。"], points=[Point(lead="一句。")])
    with pytest.raises(UnfilledVariableError, match="县名"):
        service.export(speech, tmp_path / "a.docx")
    assert not (tmp_path / "a.docx").exists()
    result = service.export(speech, tmp_path / "a.docx", values={"县名": "某县"})
    assert result.path.exists()
    assert any("×部长" in note and "开头第1段" in note for note in result.warnings)


def test_open_speech_opens_drafts_and_imports_other_files(tmp_path):
    imported = service.open_speech(SEED)
    assert imported.points and imported.noise
    draft = service.create_document(tmp_path / "d", imported).path
    assert draft.suffix == ".yaml"
    assert service.open_speech(draft) == imported
