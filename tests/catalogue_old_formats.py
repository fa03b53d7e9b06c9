"""Catalogue rows: old formats read through LibreOffice (issue 12).

A .doc, .wps, .rtf or .odt is converted to .docx by LibreOffice and then read as a .docx.
The rows cover the files that convert, a file whose bytes are not what its extension says,
an OpenDocument file refused before LibreOffice opens it, a file LibreOffice cannot open,
LibreOffice missing, LibreOffice hanging (a stand-in ``soffice`` on PATH that never
finishes, with ``convert_seconds: 1`` in the settings), and LibreOffice making a broken
.docx (which the .docx checks refuse). Rows marked with ``soffice`` run the real one.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import bad_files
from catalogue import SPEECH_TXT, Case, write
from office_files import fake_soffice, odf, rtf_speech, save_as, speech_docx

LINES = SPEECH_TXT.splitlines()
LO = ("soffice",)
STAND_IN = {"PATH": "{folder}/假的LibreOffice" + os.pathsep + os.environ.get("PATH", "")}
"""The environment of a row whose ``soffice`` is the stand-in made in its folder."""


def saved_as(folder: Path, suffix: str) -> Path:
    """The catalogue's small speech saved by LibreOffice as *suffix* in *folder*."""
    return save_as(speech_docx(folder, LINES, name="讲话.docx"), suffix)


def converts(case_id: str, what: str, make) -> Case:
    """A row importing the file *make* writes into the folder: LibreOffice converts it and a
    draft is written."""
    return Case(
        case_id, what, lambda f: ["import", str(make(f)), "-o", str(f / "d")], 0, "", creates=("d.yaml",), tools=LO
    )


def hanging(folder: Path) -> list[str]:
    fake_soffice(folder, "hangs")
    write(folder, "设置.yaml", "convert_seconds: 1\n")
    return ["import", str(bad_files.old_binary(folder, "卡住.doc")), "-o", str(folder / "d")]


def broken_output(folder: Path) -> list[str]:
    fake_soffice(folder, "makes-docx", docx=bad_files.real_docx(folder, ".base.docx").read_bytes()[:600])
    return ["import", str(bad_files.old_binary(folder, "旧.doc"))]


def no_libreoffice(folder: Path) -> list[str]:
    (folder / "空").mkdir()
    return ["export", str(bad_files.old_binary(folder, "旧.wps")), "-o", str(folder / "讲话稿.docx")]


def photos_named_wps(folder: Path) -> Path:
    path = folder / "照片.wps"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("照片1.jpg", b"\xff\xd8\xff not really a photo")
    return path


CASES: list[Case] = [
    # -- the formats that convert ------------------------------------------------------------------------
    converts("import-doc", "导入旧版 Word .doc（LibreOffice 转换后照常导入）", lambda f: saved_as(f, ".doc")),
    converts("import-wps", "导入 WPS 的 .wps 文件（照常导入）", lambda f: saved_as(f, ".wps")),
    converts("import-rtf", "导入 Word 另存的 RTF（照常导入）", lambda f: rtf_speech(f, LINES)),
    converts("import-odt", "导入 LibreOffice 的 .odt（照常导入）", lambda f: saved_as(f, ".odt")),
    Case(
        "export-doc-one-step",
        "把 .doc 讲稿直接导出为公文格式 .docx",
        lambda f: ["export", str(saved_as(f, ".doc")), "-o", str(f / "讲话稿.docx")],
        0,
        "",
        creates=("讲话稿.docx",),
        tools=LO,
    ),
    # -- LibreOffice cannot open it, is missing, hangs, or makes a bad file ------------------------------------
    Case(
        "import-doc-broken",
        "导入一个损坏的 .doc（LibreOffice 打不开）",
        lambda f: ["import", str(bad_files.old_binary(f, "旧.doc"))],
        2,
        "LibreOffice 打不开这个 Word 97-2003 文档（.doc）",
        tools=LO,
    ),
    Case(
        "import-odt-broken",
        "导入一个内容残缺的 .odt（LibreOffice 打不开）",
        lambda f: ["import", str(bad_files.odt(f))],
        2,
        "LibreOffice 打不开这个 OpenDocument 文本（.odt）",
        tools=LO,
    ),
    Case(
        "import-doc-no-libreoffice",
        "本机没有安装 LibreOffice 时导出 .wps",
        no_libreoffice,
        2,
        "需要安装 LibreOffice 才能读取 WPS 文字文档（.wps）",
        env={"PATH": "{folder}/空"},
    ),
    Case(
        "import-doc-hangs",
        "LibreOffice 转换 .doc 时卡住不动（超过设置的时间后停止）",
        hanging,
        2,
        "超过 1 秒仍未完成，已停止",
        env={**STAND_IN, "JIANGGAO_CONFIG": "{folder}/设置.yaml"},
    ),
    Case(
        "import-doc-broken-conversion",
        "LibreOffice 转出的 .docx 不完整（按 .docx 的检查拒绝）",
        broken_output,
        2,
        "讲稿文件已损坏",
        env=STAND_IN,
    ),
    # -- the bytes are not what the extension says ----------------------------------------------------------
    Case(
        "import-wps-zip",
        ".wps 其实是一个压缩包",
        lambda f: ["import", str(photos_named_wps(f))],
        2,
        "文件扩展名是 .wps，但内容是一个压缩包",
    ),
    Case(
        "import-doc-text",
        ".doc 其实是纯文本",
        lambda f: ["import", str(write(f, "讲话.doc", SPEECH_TXT))],
        2,
        "文件扩展名是 .doc，但内容是纯文本",
    ),
    Case(
        "import-doc-random",
        ".doc 里是乱七八糟的数据",
        lambda f: ["import", str(write(f, "乱码.doc", bytes(range(256)) * 8))],
        2,
        "内容是无法识别的数据",
    ),
    Case(
        "import-doc-webpage",
        "网站下载的 .doc 其实是网页",
        lambda f: ["import", str(write(f, "下载.doc", "<html><body><p>在全县工作会议上的讲话</p></body></html>"))],
        2,
        "内容是网页（HTML/MHT）",
    ),
    # -- OpenDocument files refused before LibreOffice opens them --------------------------------------------
    Case(
        "import-odt-spreadsheet",
        ".odt 其实是 OpenDocument 表格",
        lambda f: ["import", str(odf(f, "表.odt", mimetype="application/vnd.oasis.opendocument.spreadsheet"))],
        2,
        "不是文字文档",
    ),
    Case(
        "import-odt-encrypted",
        "导入设了密码的 .odt",
        lambda f: ["import", str(odf(f, "密.odt", encrypted=True))],
        2,
        "密码",
    ),
    Case(
        "import-odt-bomb",
        ".odt 是压缩炸弹",
        lambda f: ["import", str(odf(f, "炸弹.odt", padding=300 * 1024 * 1024))],
        2,
        "压缩炸弹",
    ),
    Case(
        "import-odt-entities",
        ".odt 里藏了 XML 实体声明",
        lambda f: ["import", str(odf(f, "实体.odt", declaration=bad_files.BILLION_LAUGHS.replace("w:document", "x")))],
        2,
        "实体声明",
    ),
]
