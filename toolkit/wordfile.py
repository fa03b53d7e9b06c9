"""Telling what a file really is, and opening Word files safely.

Used by the importers (reading a speech) and the exporters (reading a house template),
so both refuse the same things with the same messages: old binary formats, macros,
encrypted files, zip bombs, XML entity tricks and files that only pretend to be Word.
A leaf module: it imports only ``errors`` and ``files``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from toolkit.errors import InputFileError
from toolkit.files import read_regular_file

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""A speech or house template never unpacks to more than this; beyond it is a zip bomb."""
_OLE_PROBE_BYTES = 4 * 1024 * 1024
"""How much of an old-format file is searched for the marks of encryption."""
MAX_MEMBERS = 5000
MAX_RATIO = 200
"""Largest believable compression ratio of one big member (XML compresses ~10×)."""

WORD_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "dotm",
}


def sniff(path: Path, head: bytes) -> str:
    """What *head* (the first bytes of *path*) says the file is.

    One of ``"zip"``, ``"ole"`` (old .doc/.wps/.xls, or an encrypted .docx), ``"pdf"``,
    ``"rtf"``, ``"empty"`` or ``"text"`` (anything else).
    """
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    return "text"


def refuse_non_word(path: Path, kind: str, *, data: bytes | None = None) -> None:
    """Raise the clear error for a file of *kind* (from :func:`sniff`) that is not a .docx;
    *data* is the file's bytes when the caller has read them already."""
    if kind == "ole":
        if data is None:
            data = read_regular_file(path, limit=_OLE_PROBE_BYTES, what="文件", partial=True)
        raw = data[:_OLE_PROBE_BYTES]
        if "EncryptionInfo".encode("utf-16-le") in raw or "EncryptedPackage".encode("utf-16-le") in raw:
            raise InputFileError(
                "文件设有密码保护，无法读取", where=path, hint="请在 Word 或 WPS 中取消密码后另存为 .docx"
            )
        raise InputFileError(
            "这是旧版 Word/WPS 文件（.doc 或 .wps），不能直接读取",
            where=path,
            hint="请在 Word 或 WPS 中“另存为”Word 文档（.docx）后再导入",
        )
    if kind == "pdf":
        raise InputFileError(
            "这是 PDF 文件，不能直接读取", where=path, hint="请把文字复制出来另存为 .txt，或用 Word 打开后另存为 .docx"
        )
    if kind == "rtf":
        raise InputFileError("这是 RTF 文件，不能直接读取", where=path, hint="请在 Word 或 WPS 中另存为 .docx")
    if kind == "empty":
        raise InputFileError("文件是空的", where=path, hint="请确认选择了正确的文件")


def check_word_zip(path: Path, *, purpose: str = "讲稿", data: bytes | None = None) -> str:
    """Check that *path* is a safe, macro-free Word document; return ``"docx"`` or ``"dotx"``.

    *purpose* names what the file was meant to be (讲稿, Word 模板) in messages; *data* is
    the file's bytes when the caller has read them already (checked instead of the path,
    so what is checked is what is used).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except zipfile.BadZipFile:
        raise InputFileError(
            f"{purpose}文件已损坏（不是完整的 .docx）", where=path, hint="请在 Word 中打开后重新保存，或重新下载"
        ) from None
    except OSError as error:
        raise InputFileError(f"无法读取文件（{error.strerror}）", where=path) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise InputFileError(
                "文件内部条目过多，疑似恶意压缩包，已拒绝", where=path, hint="请在 Word 中另存为新的 .docx"
            )
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > 10 * 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise InputFileError(
                    "文件解压后异常巨大，疑似“压缩炸弹”，已拒绝",
                    where=path,
                    hint="请确认文件来源，或在 Word 中另存为新的 .docx",
                )
        if total > MAX_UNPACKED_BYTES:
            raise InputFileError(
                "文件解压后超过 256 MB，疑似“压缩炸弹”，已拒绝",
                where=path,
                hint="请确认文件来源，或在 Word 中另存为新的 .docx",
            )
        names = {member.filename for member in members}
        if "mimetype" in names and "[Content_Types].xml" not in names:
            raise InputFileError(
                "这是 OpenDocument（.odt）文件，不是 Word 文档",
                where=path,
                hint="请在 WPS 或 LibreOffice 中另存为 .docx",
            )
        if "[Content_Types].xml" not in names:
            raise InputFileError(f"这个压缩文件不是 Word 文档，不能作为{purpose}", where=path, hint="请选择 .docx 文件")
        content_types = _read_xml_head(archive, "[Content_Types].xml", path, limit=1024 * 1024)
        kind = None
        for content_type, name in WORD_MAIN_TYPES.items():
            if content_type.encode() in content_types:
                kind = name
                break
        if kind is None:
            raise InputFileError(
                f"这是 Office 文件，但不是 Word 文档，不能作为{purpose}", where=path, hint="请选择 .docx 文件"
            )
        if kind in ("docm", "dotm") or any(name.lower().endswith("vbaproject.bin") for name in names):
            raise InputFileError(
                "文件含有宏（.docm/.dotm），为安全起见已拒绝", where=path, hint="请在 Word 中另存为不含宏的 .docx"
            )
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                _read_xml_head(archive, member.filename, path, limit=-1)
        return kind


def _read_xml_head(archive: zipfile.ZipFile, name: str, path: Path, *, limit: int) -> bytes:
    """The first *limit* bytes (all with ``-1``) of member *name*, refusing DTDs and entities."""
    try:
        with archive.open(name) as handle:
            head = handle.read(limit)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise InputFileError(
            "文件已损坏或已加密，无法读取", where=path, hint="请在 Word 中打开后重新保存为 .docx"
        ) from None
    probe = head.replace(b"\x00", b"").upper()
    if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
        raise InputFileError(
            "文件中含有 XML 实体声明，可能是恶意文件，已拒绝", where=path, hint="请在 Word 中另存为新的 .docx"
        )
    return head
