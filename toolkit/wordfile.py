"""Telling what a file really is, and opening Word files safely.

Used by the importers (reading a speech, and the .docx LibreOffice makes of an old format)
and the exporters (reading a house template), so both refuse the same things with the
same messages: macros, encrypted files, zip bombs, XML entity tricks and files that only
pretend to be Word. OpenDocument files get the same zip and XML checks before LibreOffice
opens them. A leaf module: it imports only ``errors``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from toolkit.errors import InputFileError

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


def refuse_non_word(path: Path, kind: str) -> None:
    """Raise the clear error for a file of *kind* (from :func:`sniff`) that no importer
    reads: ``"pdf"`` or ``"empty"``."""
    if kind == "pdf":
        raise InputFileError(
            "这是 PDF 文件，不能直接读取", where=path, hint="请把文字复制出来另存为 .txt，或用 Word 打开后另存为 .docx"
        )
    if kind == "empty":
        raise InputFileError("文件是空的", where=path, hint="请确认选择了正确的文件")


def refuse_encrypted_binary(path: Path, data: bytes) -> None:
    """Refuse the old-format (OLE) file *data* (the bytes of *path*) when it is password
    protected: an encrypted .docx, or a .doc/.wps with an encryption stream."""
    raw = data[:_OLE_PROBE_BYTES]
    if "EncryptionInfo".encode("utf-16-le") in raw or "EncryptedPackage".encode("utf-16-le") in raw:
        raise InputFileError("文件设有密码保护，无法读取", where=path, hint="请在 Word 或 WPS 中取消密码后另存为 .docx")


def check_word_zip(path: Path, *, purpose: str = "讲稿", data: bytes | None = None) -> str:
    """Check that *path* is a safe, macro-free Word document; return ``"docx"`` or ``"dotx"``.

    *purpose* names what the file was meant to be (讲稿, Word 模板) in messages; *data* is
    the file's bytes when the caller has read them already (checked instead of the path,
    so what is checked is what is used).
    """
    with _open_checked_zip(path, data, broken=f"{purpose}文件已损坏（不是完整的 .docx）") as archive:
        names = set(archive.namelist())
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
        _check_xml_members(archive, path)
        return kind


ODF_TEXT_TYPES = ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template")
"""The ``mimetype`` of an OpenDocument text (.odt) and text template (.ott)."""


def zip_kind(data: bytes) -> str:
    """What the zip *data* holds, by its member names: ``"opendocument"`` (a ``mimetype``
    member and no Office Open XML parts), ``"other"`` (neither: photos, an archive), or
    ``"ooxml"`` (an Office Open XML package, or a zip too broken to tell, which
    :func:`check_word_zip` then names)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "ooxml"
    if "[Content_Types].xml" in names:
        return "ooxml"
    return "opendocument" if "mimetype" in names else "other"


def check_opendocument_text(path: Path, *, data: bytes) -> None:
    """Check that the zip *data* (the bytes of *path*) is a safe, unencrypted OpenDocument
    text, before LibreOffice opens it: the same zip-bomb and XML-entity checks as a .docx."""
    with _open_checked_zip(path, data, broken="OpenDocument 文件已损坏（不是完整的 .odt）") as archive:
        mimetype = _read_xml_head(archive, "mimetype", path, limit=200).decode("ascii", "replace").strip()
        if mimetype not in ODF_TEXT_TYPES:
            raise InputFileError(
                "这是 OpenDocument 表格、演示文稿或图形文件，不是文字文档",
                where=path,
                hint="请选择讲稿的文字文档（.odt、.doc 或 .docx）",
            )
        names = set(archive.namelist())
        if "META-INF/manifest.xml" in names:
            manifest = _read_xml_head(archive, "META-INF/manifest.xml", path, limit=1024 * 1024)
            if b"encryption-data" in manifest:
                raise InputFileError(
                    "文件设有密码保护，无法读取", where=path, hint="请在 WPS 或 LibreOffice 中取消密码后另存为 .docx"
                )
        _check_xml_members(archive, path)


def _open_checked_zip(path: Path, data: bytes | None, *, broken: str) -> zipfile.ZipFile:
    """The zip *data* (else the file *path*) opened, once its entries are known not to be a
    zip bomb (too many, too large, or compressed beyond belief); *broken* says it is not a zip."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except zipfile.BadZipFile:
        raise InputFileError(broken, where=path, hint="请在 Word 中打开后重新保存，或重新下载") from None
    except OSError as error:
        raise InputFileError(f"无法读取文件（{error.strerror}）", where=path) from None
    members = archive.infolist()
    problem = None
    if len(members) > MAX_MEMBERS:
        problem = "文件内部条目过多，疑似恶意压缩包，已拒绝"
    elif any(m.file_size > 10 * 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members):
        problem = "文件解压后异常巨大，疑似“压缩炸弹”，已拒绝"
    elif sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        problem = "文件解压后超过 256 MB，疑似“压缩炸弹”，已拒绝"
    if problem:
        archive.close()
        raise InputFileError(problem, where=path, hint="请确认文件来源，或在 Word 中另存为新的 .docx")
    return archive


def _check_xml_members(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a DTD or entity declaration in any XML part of *archive* (read whole)."""
    for member in archive.infolist():
        if member.filename.endswith((".xml", ".rels")):
            _read_xml_head(archive, member.filename, path, limit=-1)


def _read_xml_head(archive: zipfile.ZipFile, name: str, path: Path, *, limit: int) -> bytes:
    """The first *limit* bytes (all with ``-1``) of member *name*, refusing DTDs and entities
    (and saying the file is broken when the member cannot be unpacked)."""
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
