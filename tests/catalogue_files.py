"""Catalogue rows: special files, huge inputs and wrong types that must never end in exit 3 (issue 10).

Only regular files are read, and at most their limit plus one byte: a FIFO would hang the
reader and a link to /dev/zero would pour gigabytes into it, so each is refused with one
line before it is opened. Names too long for the disk, a 10 MB paragraph and a list where
a piece of text belongs get one Chinese line naming the field, never an internal error.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from catalogue import SPEECH_TXT, Case, draft_copy, draft_with, write

LONG = "长" * 79
"""79 Chinese characters: with .docx and the temporary file of a save, past the disk's 255 bytes."""
HUGE_PARAGRAPH = "一要" + "抓" * (10 * 1024 * 1024 // 3) + "。"
"""A paragraph of 10 MB."""


def fifo(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def zero_link(folder: Path, name: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/dev/zero")
    return path


def unix_socket(folder: Path, name: str) -> Path:
    path = folder / name
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))  # the socket file stays after the socket is closed
    return path


def team_folder(folder: Path, make) -> str:
    """A team template folder holding one bad ``*.md`` made by *make* (returns the folder)."""
    team = folder / "团队模板"
    make(team / "skeleton", "坏骨架.md")
    return str(team)


def team_template(folder: Path, front_matter: str) -> None:
    write(folder / "团队模板", "skeleton/坏骨架.md", f"---\n{front_matter}\n---\n# 标题\n在会上的讲话\n")


def _new_with_team(folder: Path, front_matter: str) -> list[str]:
    team_template(folder, front_matter)
    return ["new", "--template", "坏骨架", "-o", str(folder / "d")]


def _templates_with_team(folder: Path, front_matter: str) -> list[str]:
    team_template(folder, front_matter)
    return ["templates", "show", "坏骨架"]


TEAM = {"JIANGGAO_TEMPLATES": "{folder}/团队模板"}

CASES: list[Case] = [
    # -- special files: refused before they are opened ------------------------------------------------------
    Case(
        "import-fifo", "导入的讲稿其实是命名管道（FIFO）", lambda f: ["import", str(fifo(f, "讲话.txt"))], 2, "命名管道"
    ),
    Case(
        "import-fifo-docx",
        "导入的 .docx 其实是命名管道",
        lambda f: ["import", str(fifo(f, "讲话.docx"))],
        2,
        "命名管道",
    ),
    Case(
        "import-zero-link",
        "导入的讲稿是指向 /dev/zero 的符号链接",
        lambda f: ["import", str(zero_link(f, "讲话.txt"))],
        2,
        "设备文件",
    ),
    Case(
        "import-zero-link-docx",
        "导入的 .docx 是指向 /dev/zero 的符号链接",
        lambda f: ["import", str(zero_link(f, "讲话.docx"))],
        2,
        "设备文件",
    ),
    Case("import-socket", "导入的讲稿是一个套接字", lambda f: ["import", str(unix_socket(f, "s.txt"))], 2, "套接字"),
    Case("import-dev-null", "导入 /dev/null", lambda f: ["import", "/dev/null"], 2, "设备文件"),
    Case("open-fifo-draft", "显示的草稿其实是命名管道", lambda f: ["show", str(fifo(f, "草稿.yaml"))], 2, "命名管道"),
    Case(
        "open-zero-link-draft",
        "显示的草稿是指向 /dev/zero 的符号链接",
        lambda f: ["show", str(zero_link(f, "草稿.yaml"))],
        2,
        "设备文件",
    ),
    Case("check-fifo-speech", "检查的讲稿其实是命名管道", lambda f: ["check", str(fifo(f, "讲话.md"))], 2, "命名管道"),
    Case(
        "export-fifo-draft",
        "导出的草稿其实是命名管道",
        lambda f: ["export", str(fifo(f, "草稿.yaml")), "-o", str(f / "x.docx")],
        2,
        "命名管道",
    ),
    Case(
        "export-template-fifo",
        "单位 Word 模板其实是命名管道",
        lambda f: ["export", str(draft_copy(f)), "-o", str(f / "x.docx"), "--template", str(fifo(f, "模板.docx"))],
        2,
        "命名管道",
    ),
    Case(
        "export-template-zero-link",
        "单位 Word 模板是指向 /dev/zero 的符号链接",
        lambda f: ["export", str(draft_copy(f)), "-o", str(f / "x.docx"), "--template", str(zero_link(f, "模板.docx"))],
        2,
        "设备文件",
    ),
    Case(
        "export-styles-fifo",
        "样式对照文件其实是命名管道",
        lambda f: ["export", str(draft_copy(f)), "-o", str(f / "x.docx"), "--styles", str(fifo(f, "样式.yaml"))],
        2,
        "命名管道",
    ),
    Case(
        "export-vars-zero-link",
        "变量文件是指向 /dev/zero 的符号链接",
        lambda f: ["export", str(draft_copy(f)), "-o", str(f / "x.docx"), "--vars", str(zero_link(f, "变量.yaml"))],
        2,
        "设备文件",
    ),
    Case(
        "import-noise-rules-fifo",
        "广告规则文件其实是命名管道",
        lambda f: ["import", str(write(f, "讲话.txt", SPEECH_TXT)), "--noise-rules", str(fifo(f, "规则.yaml"))],
        2,
        "命名管道",
    ),
    Case(
        "import-config-zero-link",
        "设置文件是指向 /dev/zero 的符号链接",
        lambda f: [zero_link(f, "config.yaml"), "import", str(write(f, "讲话.txt", SPEECH_TXT))][1:],
        2,
        "设置文件",
        env={"JIANGGAO_CONFIG": "{folder}/config.yaml"},
    ),
    Case(
        "batch-csv-fifo",
        "变量表（CSV）其实是命名管道",
        lambda f: ["batch", "例会讲话", "--vars", str(fifo(f, "乡镇.csv")), "-o", str(f)],
        2,
        "命名管道",
    ),
    Case(
        "batch-csv-zero-link",
        "变量表（CSV）是指向 /dev/zero 的符号链接",
        lambda f: ["batch", "例会讲话", "--vars", str(zero_link(f, "乡镇.csv")), "-o", str(f)],
        2,
        "设备文件",
    ),
    Case(
        "templates-team-fifo",
        "团队模板文件夹里有一个叫 .md 的命名管道（跳过并说明，其余模板照常列出）",
        lambda f: [team_folder(f, fifo), "templates"][1:],
        0,
        "",
        env=TEAM,
    ),
    Case(
        "new-team-zero-link",
        "团队模板文件夹里有一个指向 /dev/zero 的 .md（跳过，内置骨架照常可用）",
        lambda f: [team_folder(f, zero_link), "new", "-t", "例会讲话", "-o", str(f / "d")][1:],
        0,
        "",
        creates=("d.yaml",),
        env=TEAM,
    ),
    # -- names too long for the disk ------------------------------------------------------------------------
    Case(
        "export-long-name",
        "导出文件名有 79 个汉字",
        lambda f: ["export", str(draft_copy(f)), "-o", str(f / f"{LONG}.docx")],
        2,
        "太长",
    ),
    Case(
        "import-long-name",
        "草稿文件名有 79 个汉字",
        lambda f: ["import", str(write(f, "讲话.txt", SPEECH_TXT)), "-o", str(f / (LONG + "长"))],
        2,
        "太长",
    ),
    Case(
        "new-long-name",
        "新草稿的文件名有 90 个汉字",
        lambda f: ["new", "-t", "例会讲话", "-o", str(f / ("长" * 90))],
        2,
        "太长",
    ),
    Case(
        "open-long-name",
        "打开一个名字有 90 个汉字的草稿（不可能存在）",
        lambda f: ["show", str(f / ("长" * 90 + ".yaml"))],
        2,
        "太长",
    ),
    Case(
        "export-long-template-name",
        "Word 模板的名字有 90 个汉字（不可能存在）",
        lambda f: ["export", str(draft_copy(f)), "-o", str(f / "x.docx"), "--template", str(f / ("长" * 90 + ".docx"))],
        2,
        "找不到",
    ),
    Case(
        "batch-long-file-name-column",
        "变量表的“文件名”一栏有 90 个汉字（这一行失败并说明，不是内部错误）",
        lambda f: [
            "batch",
            "例会讲话",
            "--vars",
            str(write(f, "乡镇.csv", f"文件名,会议名称,要点\n{'长' * 90},全县会议,甲。\n")),
            "-o",
            str(f),
            "--quiet",
        ],
        1,
        "",
    ),
    # -- a 10 MB paragraph --------------------------------------------------------------------------------
    Case(
        "import-huge-paragraph-txt",
        "买来的 .txt 里有一段 10 MB 的文字（照常导入，几秒内完成）",
        lambda f: ["import", str(write(f, "讲话.txt", f"同志们：\n{HUGE_PARAGRAPH}\n二要好。\n")), "-o", str(f / "d")],
        0,
        "",
        creates=("d.yaml",),
    ),
    Case(
        "export-huge-paragraph-txt",
        "把有一段 10 MB 文字的 .txt 直接导出：说出是哪一段、多少字、上限",
        lambda f: [
            "export",
            str(write(f, "讲话.txt", f"同志们：\n{HUGE_PARAGRAPH}\n二要好。\n")),
            "-o",
            str(f / "x.docx"),
        ],
        2,
        "上限",
    ),
    Case(
        "export-huge-paragraph-draft",
        "草稿里有一段 10 MB 的文字：导出时说出是哪一段",
        lambda f: [
            "export",
            str(draft_with(f, f"title: 讲话\npoints:\n- lead: 抓落实。\n  body:\n  - {HUGE_PARAGRAPH}\n")),
            "-o",
            str(f / "x.docx"),
        ],
        2,
        "第1点",
    ),
    Case(
        "check-huge-paragraph-draft",
        "检查有 10 MB 段落的草稿（几秒内查完，指出这一段太长、导出时会被拒绝）",
        lambda f: ["check", str(draft_with(f, f"title: 讲话\nopening:\n- {HUGE_PARAGRAPH}\n"))],
        1,
        "",
    ),
    # -- wrong YAML types -----------------------------------------------------------------------------------
    Case(
        "templates-front-matter-variables-list",
        "团队模板的说明部分写成 variables: [a, b]",
        lambda f: _templates_with_team(f, "id: 坏骨架\nkind: skeleton\ntitle: 坏骨架\nvariables: [a, b]"),
        2,
        "variables",
        env=TEAM,
    ),
    Case(
        "new-front-matter-label-list",
        "团队模板里变量的 label 写成了列表",
        lambda f: _new_with_team(f, "id: 坏骨架\nkind: skeleton\ntitle: 坏骨架\nvariables:\n  a: {label: [x, y]}"),
        2,
        "label",
        env=TEAM,
    ),
    Case(
        "new-front-matter-choices-text",
        "团队模板里变量的 choices 写成了一段文字",
        lambda f: _new_with_team(
            f, "id: 坏骨架\nkind: skeleton\ntitle: 坏骨架\nvariables:\n  a: {type: choice, choices: 甲乙}"
        ),
        2,
        "choices",
        env=TEAM,
    ),
    Case(
        "import-noise-rules-wrong-type",
        "广告规则文件的 max_length 写成了列表",
        lambda f: [
            "import",
            str(write(f, "讲话.txt", SPEECH_TXT)),
            "--noise-rules",
            str(write(f, "规则.yaml", "max_length: [80]\n")),
        ],
        2,
        "max_length",
    ),
    Case(
        "import-noise-rules-pattern-list",
        "广告规则的 pattern 写成了列表",
        lambda f: [
            "import",
            str(write(f, "讲话.txt", SPEECH_TXT)),
            "--noise-rules",
            str(write(f, "规则.yaml", "rules:\n- {name: 广告, pattern: [a, b]}\n")),
        ],
        2,
        "pattern",
    ),
    Case(
        "import-config-path-list",
        "设置文件里 noise_rules 的一项写成了列表",
        lambda f: [write(f, "config.yaml", "noise_rules: [[a, b]]\n"), "import", str(write(f, "讲话.txt", SPEECH_TXT))][
            1:
        ],
        2,
        "noise_rules",
        env={"JIANGGAO_CONFIG": "{folder}/config.yaml"},
    ),
    Case(
        "export-styles-wrong-type",
        "样式对照文件里 title 写成了列表",
        lambda f: [
            "export",
            str(draft_copy(f)),
            "-o",
            str(f / "x.docx"),
            "--styles",
            str(write(f, "样式.yaml", "title: [公文标题, 标题]\n")),
        ],
        2,
        "title",
    ),
]
