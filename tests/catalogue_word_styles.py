"""Catalogue rows: house templates made in Chinese Word, and odd ones (issue 12, point 6).

Each row exports the example draft through a template built by tests/word_style_templates.py.
None of them is refused: the export goes through, in the office's styles where they are
usable, and ``says`` is a piece of what the command prints (stdout or a 提示 on stderr),
checked by tests/test_word_styles.py::test_catalogue_rows_say_what_they_did.
"""

from __future__ import annotations

import word_style_templates as made
from catalogue import DRAFT, Case


def _export(build):
    def setup(folder):
        template = build(folder)
        return ["export", str(DRAFT), "-o", str(folder / "o.docx"), "--template", str(template)]

    return setup


CASES: list[Case] = [
    Case(
        "export-template-chinese-word-styles",
        "单位模板是中文 Word 做的，字体字号设在“正文”“标题”“标题 1”等样式上（没有讲话正文等样式）：按这些样式排版，并列出各部分所用的样式",
        _export(made.chinese_word_template),
        0,
        "正文 → 样式“正文”（仿宋_GB2312 三号）",
        creates=("o.docx",),
    ),
    Case(
        "export-template-untouched-dotx",
        "单位模板是 Word 的空白模板另存的 .dotx，样式都没改过：按内置公文格式排版，提示为什么",
        _export(made.untouched_template),
        0,
        "样式也还是 Word 的默认设置",
        creates=("o.docx",),
    ),
    Case(
        "export-template-huge-title-size",
        "单位模板的“标题”样式字号是 800 磅：照样导出，提示这个字号大得异常",
        _export(made.huge_title_template),
        0,
        "字号为 800 磅，大得异常",
        creates=("o.docx",),
    ),
    Case(
        "export-template-style-loop",
        "单位模板的样式互相“基于”成了圈（正文基于标题 1，标题 1 基于正文；标题基于它自己）：照样导出",
        _export(made.looping_template),
        0,
        "标题 → 样式“标题”（方正小标宋简体 二号）",
        creates=("o.docx",),
    ),
    Case(
        "export-template-no-normal-style",
        "单位模板里连“正文”样式都没有（其他样式基于一个不存在的样式）：正文按内置公文格式，提示缺什么",
        _export(made.no_normal_template),
        0,
        "也没有“正文”样式",
        creates=("o.docx",),
    ),
]
