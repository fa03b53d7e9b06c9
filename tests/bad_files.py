"""Builders for the bad files the tests throw at the toolkit: each writes one file into a
folder and returns its path. Shared by the import safety tests and the reliability table."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def real_docx(folder: Path, name: str = "speech.docx") -> Path:
    document = docx.Document()
    for text in (
        "在全县工作会议上的讲话",
        "同志们：",
        "今天开会。",
        "一要提高认识。认真学习。",
        "二要狠抓落实。真抓实干。",
        "同志们，让我们共同努力。",
    ):
        document.add_paragraph(text)
    path = folder / name
    document.save(path)
    return path


def rewrite_docx(source: Path, target: Path, change, extra: tuple[str, bytes] | None = None) -> Path:
    """Copy the zip *source* to *target*, passing each ``(name, bytes)`` through *change*."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(*change(item.filename, old.read(item.filename)))
        if extra:
            new.writestr(*extra)
    return target


def zip_bomb(folder: Path, name: str = "bomb.docx") -> Path:
    return rewrite_docx(
        real_docx(folder, ".base.docx"),
        folder / name,
        lambda n, d: (n, d),
        extra=("word/media/padding.bin", b"\0" * (300 * 1024 * 1024)),
    )


def entity_docx(folder: Path, declaration: str, name: str = "entities.docx") -> Path:
    def inject(part: str, data: bytes):
        if part == "word/document.xml":
            head, _, rest = data.decode("utf-8").partition("?>")
            return part, (head + "?>" + declaration + rest).encode("utf-8")
        return part, data

    return rewrite_docx(real_docx(folder, ".base.docx"), folder / name, inject)


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
)
EXTERNAL_ENTITY = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def macro_docx(folder: Path, name: str = "looks-fine.docx") -> Path:
    def macro(part: str, data: bytes):
        if part == "[Content_Types].xml":
            return part, data.replace(WORD_MAIN.encode(), MACRO_MAIN.encode())
        return part, data

    return rewrite_docx(
        real_docx(folder, ".base.docx"), folder / name, macro, extra=("word/vbaProject.bin", b"\0macro")
    )


def spreadsheet_named_docx(folder: Path, name: str = "table.docx") -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
    return path


def photo_zip(folder: Path, name: str = "photos.docx") -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.jpg", b"not a document")
    return path


def odt(folder: Path, name: str = "speech.odt") -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    return path


def encrypted_docx(folder: Path, name: str = "secret.docx") -> Path:
    path = folder / name
    path.write_bytes(OLE_MAGIC + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512)
    return path


def old_binary(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(OLE_MAGIC + b"\0" * 600)
    return path


def truncated_docx(folder: Path, name: str = "cut.docx") -> Path:
    data = real_docx(folder, ".base.docx").read_bytes()
    path = folder / name
    path.write_bytes(data[: len(data) // 2])
    return path
