"""House templates are inert (issue 10, point 1).

A house .docx may bring styles, page set-up, header, footer, numbering, theme, fonts and
images of ordinary size into the speech, and nothing else: external links, an attached
template, fields other than the page numbers, altChunk, OLE objects, ActiveX controls and
custom XML are stripped, each kind named once in a 提示, on every path a template takes
(command line, composer, nbconvert). A template whose images exceed the limit is refused.
The hostile templates are built in tests/hostile_templates.py.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import hostile_templates as hostile
import pytest
from catalogue import DRAFT
from conftest import ROOT, require_tool, run_cli
from docx_read import active_content, assert_inert_docx, squash
from lxml import etree

from toolkit.drafts import open_draft
from toolkit.errors import TemplateError
from toolkit.exporters import export_docx
from toolkit.exporters.house_template import clean_house_template

EXAMPLES = sorted((ROOT / "examples" / "house-template").glob("*.docx"))
W = hostile.W


@pytest.fixture(scope="module")
def speech():
    return open_draft(DRAFT)


def template_notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("提示：") and "Word 模板" in line]


def texts(path: Path) -> tuple[list[str], list[str], list[str]]:
    """Body, header and footer paragraph texts of the .docx at *path*."""
    document = docx.Document(str(path))
    section = document.sections[0]
    return (
        [p.text for p in document.paragraphs],
        [p.text for p in section.header.paragraphs],
        [p.text for p in section.footer.paragraphs],
    )


# -- the command line --------------------------------------------------------------------------------------
def test_every_attack_is_stripped_and_each_kind_named_once(tmp_path, speech):
    template = hostile.hostile_template(tmp_path)
    assert len(active_content(template)) >= 20  # the attacks really are in the template
    output = tmp_path / "讲话稿.docx"
    result = run_cli("export", str(DRAFT), "-o", str(output), "--template", str(template), timeout=60)
    assert result.returncode == 0, result.stderr
    notes = template_notes(result.stderr)
    pieces = sorted({piece for expected in hostile.EXPECTED_NOTES.values() for piece in expected})
    for piece in pieces:
        assert sum(piece in note for note in notes) == 1, (piece, notes)
    assert len(notes) == len(pieces), notes
    assert all(note.startswith("提示：恶意模板.docx：") for note in notes)
    external = next(note for note in notes if "外部链接" in note)
    assert "http://evil.example/phish" in external and "等 6 处" in external  # 3 named, of 6

    assert_inert_docx(output)
    body, header, footer = texts(output)
    for frame in hostile.FRAME_TEXTS:
        assert frame in body
    assert body.index(hostile.FRAME_TEXTS[0]) < body.index(speech.title) < body.index(hostile.FRAME_TEXTS[3])
    assert speech.closing[0] in body
    assert hostile.FIELD_RESULTS[0] in body  # a stripped field's displayed result stays as text
    assert header[0] == hostile.HEADER_TEXT and hostile.FIELD_RESULTS[1] in header
    assert footer[0] == "— 1 —"  # the page-number field is kept …
    footer_xml = docx.Document(str(output)).sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "DDE" not in footer_xml  # … the DDE field beside it is not
    with zipfile.ZipFile(output) as package:
        names = package.namelist()
    assert not [name for name in names if name.startswith(("word/embeddings", "word/activeX", "customXml"))]
    assert "word/afchunk1.htm" not in names


def test_a_template_with_a_25_mb_image_is_refused_with_its_size(tmp_path):
    template = hostile.big_image_template(tmp_path, 25)
    output = tmp_path / "讲话稿.docx"
    result = run_cli("export", str(DRAFT), "-o", str(output), "--template", str(template), timeout=60)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "大图模板.docx" in lines[0], result.stderr
    assert "25.0 MB" in lines[0] and "20 MB" in lines[0]
    assert not output.exists()


def test_the_media_limit_is_a_setting(tmp_path):
    template = hostile.big_image_template(tmp_path, 2)
    config = tmp_path / "config.yaml"
    config.write_text("house_template_media_mb: 1\n", encoding="utf-8")
    env = dict(os.environ, JIANGGAO_CONFIG=str(config))
    refused = run_cli("export", str(DRAFT), "-o", str(tmp_path / "a.docx"), "--template", str(template), env=env)
    assert refused.returncode == 2 and "2.0 MB" in refused.stderr and "1 MB" in refused.stderr, refused.stderr
    default = {key: value for key, value in env.items() if key != "JIANGGAO_CONFIG"}
    accepted = run_cli("export", str(DRAFT), "-o", str(tmp_path / "b.docx"), "--template", str(template), env=default)
    assert accepted.returncode == 0, accepted.stderr
    assert_inert_docx(tmp_path / "b.docx")
    config.write_text("house_template_media_mb: 很大\n", encoding="utf-8")
    bad = run_cli("export", str(DRAFT), "-o", str(tmp_path / "c.docx"), "--template", str(template), env=env)
    assert bad.returncode == 2 and "house_template_media_mb" in bad.stderr


# -- each attack alone, in-process ----------------------------------------------------------------------------
@pytest.mark.parametrize("attack", hostile.ATTACKS)
def test_each_attack_alone_is_stripped_with_its_note(tmp_path, speech, attack):
    template = hostile.hostile_template(tmp_path, (attack,))
    assert active_content(template)
    result = export_docx(speech, tmp_path / "o.docx", template)
    notes = [warning for warning in result.warnings if "Word 模板" in warning]
    expected = hostile.EXPECTED_NOTES[attack]
    assert len(notes) == len(expected), notes
    assert all(sum(piece in note for note in notes) == 1 for piece in expected), notes
    assert_inert_docx(result.path)
    body, header, _ = texts(result.path)
    assert hostile.FRAME_TEXTS[0] in body and speech.title in body and header[0] == hostile.HEADER_TEXT


@pytest.mark.parametrize("template", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_clean_templates_pass_without_a_note(tmp_path, speech, template):
    """The examples carry Word's empty bibliography store (custom XML): dropped silently."""
    result = export_docx(speech, tmp_path / "o.docx", template)
    assert not [warning for warning in result.warnings if "Word 模板中" in warning or "挂接" in warning]
    assert_inert_docx(result.path)
    framed = export_docx(speech, tmp_path / "f.docx", hostile.framed_template(tmp_path))
    assert not [warning for warning in framed.warnings if "Word 模板中" in warning]


def test_a_dotx_with_an_attached_template_is_cleaned_too(tmp_path, speech):
    """An attached .dotm was the way round the .docm refusal."""
    docx_template = hostile.hostile_template(tmp_path, ("attached_template", "dde_simple"))
    dotx = tmp_path / "模板.dotx"
    with zipfile.ZipFile(docx_template) as source, zipfile.ZipFile(dotx, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                root = etree.fromstring(data)
                for entry in root:
                    if entry.get("ContentType", "").endswith("document.main+xml"):
                        entry.set("ContentType", entry.get("ContentType").replace("document.main", "template.main"))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, data)
    result = export_docx(speech, tmp_path / "o.docx", dotx)
    assert any("挂接了外部模板" in warning for warning in result.warnings)
    assert_inert_docx(result.path)


# -- fields, one by one -----------------------------------------------------------------------------------
def _with_footer_paragraph(tmp_path: Path, fragment: str) -> Path:
    package = hostile.Package()
    package.append_paragraphs("word/footer1.xml", f"<w:p>{fragment}</w:p>")
    return package.save(tmp_path / "域.docx")


def _footer_after_cleaning(path: Path) -> tuple[str, list[str]]:
    data, notes = clean_house_template(path.read_bytes(), path)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/footer1.xml").decode("utf-8"), notes


@pytest.mark.parametrize("name", ["PAGE", "NUMPAGES", "SECTIONPAGES", "page"])
def test_the_page_number_fields_are_kept(tmp_path, name):
    simple = f"<w:fldSimple w:instr=' {name} \\* MERGEFORMAT '><w:r><w:t>1</w:t></w:r></w:fldSimple>"
    xml, notes = _footer_after_cleaning(_with_footer_paragraph(tmp_path, simple + hostile._complex_field(name, "")))
    assert notes == [] and "<w:fldSimple" in xml and xml.count('w:fldCharType="begin"') == 2  # and the template's


def test_a_field_nested_in_a_page_field_is_stripped_and_the_page_field_kept(tmp_path):
    nested = (
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>PAGE </w:instrText></w:r>"
        + hostile._complex_field('INCLUDETEXT "c:/x.txt"', "<w:r><w:t>x</w:t></w:r>")
        + "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>1</w:t></w:r>"
        + "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
    )
    path = _with_footer_paragraph(tmp_path, nested)
    xml, notes = _footer_after_cleaning(path)
    assert len(notes) == 1 and "INCLUDETEXT" in notes[0]
    assert "INCLUDETEXT" not in xml and "PAGE" in xml


def test_a_field_left_open_and_stray_instructions_are_removed(tmp_path):
    open_field = "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>DDEAUTO calc</w:instrText></w:r>"
    stray = "<w:r><w:instrText>INCLUDETEXT x</w:instrText></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r>"
    path = _with_footer_paragraph(tmp_path, stray + open_field)
    xml, notes = _footer_after_cleaning(path)
    assert "DDEAUTO" not in xml and "INCLUDETEXT" not in xml and xml.count("<w:instrText") == 1  # PAGE's
    assert any("DDEAUTO" in note for note in notes)


def test_a_broken_template_package_is_refused_in_one_line(tmp_path):
    with pytest.raises(TemplateError, match="已损坏"):
        clean_house_template(b"PK\x03\x04 not really a zip", tmp_path / "坏.docx")


# -- the composer and the notebook exporter ------------------------------------------------------------------
def test_the_composer_export_strips_and_shows_the_notes(tmp_path, monkeypatch):
    folder = tmp_path / "单位模板"
    folder.mkdir()
    template = hostile.hostile_template(folder)
    config = tmp_path / "config.yaml"
    config.write_text(f"word_templates: [{folder}]\n", encoding="utf-8")
    monkeypatch.setenv("JIANGGAO_CONFIG", str(config))
    from toolkit import service
    from toolkit.drafts import save_draft
    from toolkit.model import Speech
    from toolkit.widgets import Composer

    monkeypatch.setattr(service, "can_render_pages", lambda: False)
    draft = save_draft(
        Speech(title="在全县会议上的讲话", salutation="同志们：", opening=["今天开会。"]), tmp_path / "草稿.yaml"
    )
    panel = Composer(draft, autosave_delay=0, refresh_delay=0).export
    assert str(template) in [value for _, value in panel.template.options]
    panel.template.value = str(template)
    written = panel.run_export()
    assert written is not None, panel.message.value
    assert "挂接了外部模板" in panel.message.value and "DDEAUTO 域" in panel.message.value
    assert_inert_docx(written)


def test_the_nbconvert_exporter_strips_too(tmp_path):
    import nbformat

    from toolkit.notebook.nbconvert_exporter import JianggaoExporter

    template = hostile.hostile_template(tmp_path)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("%%section outline\n# 标题\n在全县大会上的讲话\n# 称呼\n同志们：")]
    path = tmp_path / "模板.ipynb"
    nbformat.write(notebook, str(path))
    data, _ = JianggaoExporter(template=str(template)).from_filename(str(path))
    output = tmp_path / "模板.docx"
    output.write_bytes(data)
    assert_inert_docx(output)
    body, header, _ = texts(output)
    assert "在全县大会上的讲话" in body and hostile.FRAME_TEXTS[0] in body and header[0] == hostile.HEADER_TEXT


# -- LibreOffice still opens it ---------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.libreoffice
def test_libreoffice_opens_the_cleaned_output(tmp_path, speech):
    require_tool("soffice", "renders the .docx")
    from toolkit.exporters import render_pdf

    template = hostile.hostile_template(tmp_path)
    result = export_docx(speech, tmp_path / "讲话稿.docx", template)
    import pymupdf

    with pymupdf.open(str(render_pdf(result.path, tmp_path))) as document:
        text = squash("".join(page.get_text() for page in document))
    assert squash(speech.title) in text and hostile.FRAME_TEXTS[0] in text and hostile.HEADER_TEXT in text
