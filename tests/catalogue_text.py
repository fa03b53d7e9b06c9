"""Catalogue rows: invisible and control characters (issue 10). None of them may end in
exit 3; each is removed and the command goes on."""

from __future__ import annotations

from catalogue import Case, draft_with, write

RLO_SPEECH = (
    "在全县\u202e会议上的讲话\n同志们：\n今天开会。下面，我讲两点意见。\n一\u202e要提高认识。认真学习。\n"
    "二要狠抓\v落实。真抓实干。\n同志们，让我们共同努力。\n"
)

CASES: list[Case] = [
    Case(
        "import-invisible-characters",
        "从网页复制的讲稿里夹着从右向左覆盖符和垂直制表符（照常导入，去掉并报告）",
        lambda f: ["import", str(write(f, "网页.txt", RLO_SPEECH)), "-o", str(f / "d")],
        0,
        "",
        creates=("d.yaml",),
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
