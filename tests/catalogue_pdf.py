"""Catalogue rows: exporting a PDF (issue 13).

``jianggao export 草稿.yaml -o 讲话稿.pdf`` writes the .docx laid out by LibreOffice. The
rows cover the export that works, the refusals it shares with a .docx (a missing folder,
an existing file, a folder in the file's place, an extension that is no format), LibreOffice
missing, and LibreOffice making no PDF (a stand-in ``soffice`` on PATH). Rows marked with
``soffice`` run the real one.
"""

from __future__ import annotations

from catalogue import DRAFT, Case, write
from catalogue_old_formats import LO, STAND_IN
from office_files import fake_soffice


def export_to(name: str):
    """A row's arguments: the example draft exported to *name* in the row's folder."""
    return lambda folder: ["export", str(DRAFT), "-o", str(folder / name)]


def exists(folder):
    write(folder, "讲话稿.pdf", b"%PDF-1.4 the copy sent to the leader yesterday")
    return ["export", str(DRAFT), "-o", str(folder / "讲话稿.pdf")]


def a_folder(folder):
    (folder / "讲话稿.pdf").mkdir()
    return ["export", str(DRAFT), "-o", str(folder / "讲话稿.pdf")]


def no_libreoffice(folder):
    (folder / "空").mkdir()
    return ["export", str(DRAFT), "-o", str(folder / "讲话稿.pdf")]


def makes_nothing(folder):
    fake_soffice(folder, "makes-nothing")
    return ["export", str(DRAFT), "-o", str(folder / "讲话稿.pdf")]


CASES: list[Case] = [
    Case(
        "export-pdf",
        "把草稿导出为 PDF（版式与 Word 文档相同）",
        export_to("讲话稿.pdf"),
        0,
        "",
        creates=("讲话稿.pdf",),
        tools=LO,
    ),
    Case(
        "export-pdf-missing-folder",
        "PDF 要保存到一个不存在的文件夹",
        export_to("没有的文件夹/讲话稿.pdf"),
        2,
        "要保存到的文件夹不存在",
    ),
    Case("export-pdf-exists", "PDF 文件已存在，没有加 --force", exists, 2, "文件已存在，未覆盖"),
    Case("export-pdf-is-folder", "要导出的 PDF 文件名其实是一个文件夹", a_folder, 2, "这是一个文件夹"),
    Case(
        "export-unknown-suffix", "导出文件的扩展名既不是 .docx 也不是 .pdf", export_to("讲话稿.ofd"), 2, ".docx、.pdf"
    ),
    Case(
        "export-pdf-no-libreoffice",
        "本机没有安装 LibreOffice 时导出 PDF",
        no_libreoffice,
        2,
        "没有安装 LibreOffice，无法导出 PDF",
        env={"PATH": "{folder}/空"},
    ),
    Case(
        "export-pdf-conversion-fails",
        "LibreOffice 没有生成 PDF",
        makes_nothing,
        2,
        "讲话稿.pdf：LibreOffice 没能转换这个文档",
        env=STAND_IN,
    ),
]
