"""Catalogue rows: a 修订稿 asked for wrongly (``jianggao compare``), and a returned file
brought into a draft wrongly (``jianggao import … --into``).

A side that is not there, the same file twice, a 修订稿 written over an existing file or
over one of the sides, a version that does not exist, a template that is missing, a new
side with a variable still empty; a returned file brought into a draft that is not there,
under a name no version may have, that cannot be read or that holds no text: one Chinese
line each, and nothing written or changed (no version kept either).
"""

from __future__ import annotations

from pathlib import Path

import bad_files
from catalogue import SPEECH_TXT, Case, draft_copy, draft_with, write
from catalogue_versions import _with_versions


def _speech(folder: Path) -> Path:
    return write(folder, "讲话.txt", SPEECH_TXT)


def _compare(*tail: str, old=lambda f: f"{_with_versions(f)}#送审稿", new=_speech):
    """``jianggao compare 旧 新 …`` with the sides prepared in the row's folder."""
    return lambda f: ["compare", old(f), str(new(f)), *[part.format(folder=f) for part in tail]]


def _blank_docx(folder: Path) -> Path:
    """A Word file with no text at all (the leader sent back an empty document)."""
    import docx

    path = folder / "返回（空白）.docx"
    docx.Document().save(str(path))
    return path


def _into(*tail: str, source=_speech):
    return lambda f: ["import", str(source(f)), *[part.format(folder=f) for part in tail]]


CASES: list[Case] = [
    Case(
        "compare-side-missing",
        "比较时把旧稿的文件名打错了",
        _compare("-o", "{folder}/修订稿.docx", old=lambda f: str(f / "送审稿（打错）.yaml")),
        2,
        "找不到",
    ),
    Case(
        "compare-same-file-twice",
        "旧稿和新稿给了同一个文件",
        _compare("-o", "{folder}/修订稿.docx", old=lambda f: str(_speech(f))),
        2,
        "同一个文件",
    ),
    Case(
        "compare-output-exists",
        "修订稿.docx 已经存在，没加 --force",
        _compare("-o", "{folder}/修订稿.docx", new=lambda f: _speech(write(f, "修订稿.docx", "上一次的修订稿").parent)),
        2,
        "文件已存在",
    ),
    Case(
        "compare-output-onto-a-side",
        "把修订稿写到新稿自己身上，还加了 --force",
        _compare("-o", "{folder}/讲话.txt", "--force"),
        2,
        "不能写到要比较的文件上",
    ),
    Case("compare-output-not-docx", "修订稿写成 .pdf", _compare("-o", "{folder}/修订稿.pdf"), 2, "应保存为 .docx"),
    Case(
        "compare-version-missing",
        "比较一个没有保存过的版本",
        _compare("-o", "{folder}/修订稿.docx", old=lambda f: f"{_with_versions(f)}#定稿"),
        2,
        "定稿",
    ),
    Case(
        "compare-template-missing",
        "单位模板的路径打错了",
        _compare("-o", "{folder}/修订稿.docx", "--template", "{folder}/没有这个模板.docx"),
        2,
        "找不到 Word 模板",
    ),
    Case(
        "compare-new-side-unfilled",
        "新稿里的变量 {{ 县名 }} 还没填",
        _compare(
            "-o",
            "{folder}/修订稿.docx",
            new=lambda f: draft_with(f, "title: 在{{ 县名 }}工作会议上的讲话\nopening: [今天开会。]\n", "新稿.yaml"),
        ),
        2,
        "变量“县名”没有值",
    ),
    Case(
        "compare-succeeds",
        "把送审稿和改过的讲话比较，写出修订稿",
        _compare("-o", "{folder}/修订稿.docx"),
        0,
        "",
        creates=("修订稿.docx",),
    ),
    Case(
        "compare-settings-author-a-list",
        "设置文件里 author 写成了两个人的列表",
        lambda f: [
            write(f, "设置.yaml", "author: [王秘书, 李主任]\n"),
            *_compare("-o", "{folder}/修订稿.docx")(f),
        ][1:],
        2,
        "author 应是修订人的名字",
        env={"JIANGGAO_CONFIG": "{folder}/设置.yaml"},
    ),
    Case(
        "import-into-missing-draft",
        "把领导送回的稿子导入一个不存在的草稿",
        _into("--into", "{folder}/没有这个草稿.yaml"),
        2,
        "找不到草稿文件",
    ),
    Case(
        "import-into-with-output",
        "--into 和 -o 一起用",
        lambda f: ["import", str(_speech(f)), "--into", str(draft_copy(f)), "-o", str(f / "另一份")],
        2,
        "不能与 -o",
    ),
    Case("import-name-without-into", "只给了 --name，没给 --into", _into("--name", "定稿"), 2, "只能与 --into"),
    Case(
        "import-into-bad-version-name",
        "送回的稿子要存的版本名里有 /",
        lambda f: ["import", str(_speech(f)), "--into", str(draft_copy(f)), "--name", "书记/改"],
        2,
        "不能有“/”",
    ),
    Case(
        "import-into-broken-file",
        "送回的 .docx 已损坏，导入草稿",
        lambda f: ["import", str(bad_files.truncated_docx(f)), "--into", str(draft_copy(f))],
        2,
        "已损坏",
    ),
    Case(
        "import-into-blank-file",
        "送回的 .docx 是空白的，导入草稿（草稿不能因此被清空）",
        lambda f: ["import", str(_blank_docx(f)), "--into", str(draft_copy(f))],
        2,
        "没有讲稿的文字",
    ),
]
