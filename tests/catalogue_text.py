"""Catalogue rows: invisible and control characters (issue 10), and text in the shapes copied
from web pages (issue 12): one line of a megabyte, a hundred thousand short broken lines. None
of them may end in exit 3; the command goes on and finishes well within the row's time limit
(the re-joining of lines and the noise rules are linear in the text)."""

from __future__ import annotations

from typing import Callable

from catalogue import Case, draft_with, write

RLO_SPEECH = (
    "在全县\u202e会议上的讲话\n同志们：\n今天开会。下面，我讲两点意见。\n一\u202e要提高认识。认真学习。\n"
    "二要狠抓\v落实。真抓实干。\n同志们，让我们共同努力。\n"
)

WEB_SCRAPS = "【打印】点赞、收藏、如有侵权，各位同事，当前位置：首页 > 一、二要，　　来源："
"""Pieces of web-page furniture, salutations, markers and commas, to repeat into hostile text."""


def _megabyte_line() -> str:
    return "在全县工作会议上的讲话\n同志们：\n" + WEB_SCRAPS * (1024 * 1024 // len(WEB_SCRAPS)) + "\n"


def _short_broken_lines() -> str:
    shapes = (
        "　　今天召开会议，主要是",
        "安排部署工作",
        "一、强化项目支撑，",
        "三、",
        "责任编辑：张三",
        "各位同事，",
        "",
    )
    return "\n".join(shapes[n % len(shapes)] for n in range(100_000)) + "\n"


def _web_copy_import(row: str, what: str, text: Callable[[], str]) -> Case:
    """A row importing the text *text* makes, saved as 网页.txt: it must import (exit 0)."""
    return Case(
        row,
        what,
        lambda f: ["import", str(write(f, "网页.txt", text())), "-o", str(f / "d")],
        0,
        "",
        creates=("d.yaml",),
    )


CASES: list[Case] = [
    _web_copy_import(
        "import-web-copy-megabyte-line",
        "从网页复制的讲稿是一行 1 MB 的文字，满是按钮、称呼和编号的碎片（照常导入，很快完成）",
        _megabyte_line,
    ),
    _web_copy_import(
        "import-web-copy-100000-lines",
        "从网页复制的讲稿断成 10 万个短行，缩进、逗号、编号、栏目信息交错（照常导入，很快完成）",
        _short_broken_lines,
    ),
    _web_copy_import(
        "import-invisible-characters",
        "从网页复制的讲稿里夹着从右向左覆盖符和垂直制表符（照常导入，去掉并报告）",
        lambda: RLO_SPEECH,
    ),
    Case(
        "export-vertical-tab-in-title",
        "手改草稿时标题里混进了垂直制表符（照常导出，去掉并提示）",
        lambda f: [
            "export",
            str(draft_with(f, 'title: "在全县\\v会议上的讲话"\nopening: [今天开会。]\n')),
            "-o",
            str(f / "o.docx"),
        ],
        0,
        "",
        creates=("o.docx",),
    ),
    Case(
        "export-control-in-speaker",
        "讲话人姓名里有控制字符（照常导出，去掉并提示）",
        lambda f: [
            "export",
            str(draft_with(f, 'meeting: {speaker: "张\\x07三"}\ntitle: 在会上的讲话\n')),
            "-o",
            str(f / "o.docx"),
        ],
        0,
        "",
        creates=("o.docx",),
    ),
    Case(
        "export-override-in-variable",
        "用 --var 填的值里有从右向左覆盖符（照常导出，去掉并提示）",
        lambda f: [
            "export",
            str(draft_with(f, "title: 在{{ 县名 }}会议上的讲话\n")),
            "-o",
            str(f / "o.docx"),
            "--var",
            "县名=某\u202e县",
        ],
        0,
        "",
        creates=("o.docx",),
    ),
]
