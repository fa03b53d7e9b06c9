"""Files that must be refused before they are parsed: zip bombs, entity tricks, macros,
encrypted or old binary documents, zips that are not Word, undecodable text."""

import io
import zipfile

import docx
import pytest

from toolkit.errors import InputFileError
from toolkit.importers import import_speech

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def real_docx(tmp_path, name="speech.docx"):
    document = docx.Document()
    document.add_paragraph("在全县工作会议上的讲话")
    document.add_paragraph("同志们：")
    document.add_paragraph("今天开会。")
    path = tmp_path / name
    document.save(path)
    return path


def rewrite(source, target, change):
    """Copy the zip *source* to *target*, passing each (name, bytes) through *change*."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            name, data = change(item.filename, old.read(item.filename))
            new.writestr(name, data)
        extra = change("__extra__", b"")
        if extra and extra[0] != "__extra__":
            new.writestr(*extra)
    return target


def test_a_real_docx_imports(tmp_path):
    speech = import_speech(real_docx(tmp_path))
    assert speech.title == "在全县工作会议上的讲话" and speech.salutation == "同志们："


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path):
    source = real_docx(tmp_path)
    bomb = tmp_path / "bomb.docx"

    def add_padding(name, data):
        if name == "__extra__":
            return "word/media/padding.bin", b"\0" * (300 * 1024 * 1024)
        return name, data

    rewrite(source, bomb, add_padding)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(InputFileError, match="压缩炸弹"):
        import_speech(bomb)


@pytest.mark.parametrize("declaration", [
    '<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>',
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
])
def test_xml_entity_declarations_are_refused(tmp_path, declaration):
    def inject(name, data):
        if name == "word/document.xml":
            text = data.decode("utf-8")
            head, _, rest = text.partition("?>")
            return name, (head + "?>" + declaration + rest).encode("utf-8")
        return name, data

    evil = rewrite(real_docx(tmp_path), tmp_path / "evil.docx", inject)
    with pytest.raises(InputFileError, match="实体声明"):
        import_speech(evil)


def test_a_docm_with_macros_is_refused_even_when_renamed_docx(tmp_path):
    def macro(name, data):
        if name == "[Content_Types].xml":
            return name, data.replace(WORD_MAIN.encode(), MACRO_MAIN.encode())
        if name == "__extra__":
            return "word/vbaProject.bin", b"\x00macro"
        return name, data

    renamed = rewrite(real_docx(tmp_path), tmp_path / "looks-fine.docx", macro)
    with pytest.raises(InputFileError, match="宏"):
        import_speech(renamed)


def test_a_zip_that_is_not_word_is_refused(tmp_path):
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.jpg", b"not a document")
    with pytest.raises(InputFileError, match="不是 Word 文档"):
        import_speech(path)


def test_an_excel_file_is_not_a_speech(tmp_path):
    path = tmp_path / "table.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override PartName="/xl/workbook.xml" '
                         'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    with pytest.raises(InputFileError, match="不是 Word 文档"):
        import_speech(path)


def test_an_encrypted_document_says_to_remove_the_password(tmp_path):
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512)
    with pytest.raises(InputFileError, match="密码"):
        import_speech(path)


def test_a_truncated_docx_is_reported_as_damaged(tmp_path):
    data = real_docx(tmp_path).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputFileError, match="已损坏"):
        import_speech(path)


def test_undecodable_text_names_the_line(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes("在全县工作会议上的讲话\n同志们：\n".encode("utf-8") + b"\xd6\xd0\xff\xfe\xfd abc\n")
    with pytest.raises(InputFileError, match="第3行.*编码"):
        import_speech(path)


def test_an_odt_is_refused_with_a_save_as_hint(tmp_path):
    path = tmp_path / "speech.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(InputFileError, match="odt"):
        import_speech(path)
