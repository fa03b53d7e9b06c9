"""Files that must be refused before they are parsed: zip bombs, entity tricks, macros,
encrypted or old binary documents, zips that are not Word, undecodable text."""

import bad_files
import pytest

from toolkit.errors import InputFileError
from toolkit.importers import import_speech


def test_a_real_docx_imports(tmp_path):
    speech = import_speech(bad_files.real_docx(tmp_path))
    assert speech.title == "在全县工作会议上的讲话" and speech.salutation == "同志们："
    assert [p.lead for p in speech.points] == ["提高认识。", "狠抓落实。"]


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path):
    bomb = bad_files.zip_bomb(tmp_path)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(InputFileError, match="压缩炸弹"):
        import_speech(bomb)


@pytest.mark.parametrize("declaration", [bad_files.BILLION_LAUGHS, bad_files.EXTERNAL_ENTITY])
def test_xml_entity_declarations_are_refused(tmp_path, declaration):
    with pytest.raises(InputFileError, match="实体声明"):
        import_speech(bad_files.entity_docx(tmp_path, declaration))


@pytest.mark.parametrize(
    "build, message",
    [
        (bad_files.macro_docx, "宏"),
        (bad_files.photo_zip, "不是 Word 文档"),
        (bad_files.spreadsheet_named_docx, "不是 Word 文档"),
        (bad_files.encrypted_docx, "密码"),
        (bad_files.truncated_docx, "已损坏"),
    ],
)
def test_files_that_only_look_like_word_are_refused(tmp_path, build, message):
    with pytest.raises(InputFileError, match=message):
        import_speech(build(tmp_path))


def test_undecodable_text_names_the_line(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes("在全县工作会议上的讲话\n同志们：\n".encode("utf-8") + b"\xd6\xd0\xff\xfe\xfd abc\n")
    with pytest.raises(InputFileError, match="第3行.*编码"):
        import_speech(path)
