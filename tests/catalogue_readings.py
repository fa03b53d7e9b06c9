"""Catalogue rows: the 注音 lists of the reading copy (issue 15) — the office's in the settings
file or a shared file, and the draft's own — broken, without a reading, or not pinyin; and
the reading copy's options given where they do not belong. Each is refused with one line
naming the file (and line) and what to do; nothing is written."""

from __future__ import annotations

from catalogue import DRAFT, Case, draft_with, write

CONFIG = {"JIANGGAO_CONFIG": "{folder}/config.yaml"}


def _reading(folder, *extra):
    return ["export", str(DRAFT), "--reading-copy", "-o", str(folder / "念稿.docx"), *extra]


def _config(folder, text: str, list_text: str | None = None):
    write(folder, "config.yaml", text)
    if list_text is not None:
        write(folder, "注音表.yaml", list_text)
    return _reading(folder)


CASES: list[Case] = [
    Case(
        "export-reading-list-broken-yaml",
        "单位共享的注音表 YAML 写坏了（引号没有配对）",
        lambda f: _config(f, "readings: 注音表.yaml\n", "六安: \"Lù'ān\n蚌埠: Bèngbù\n"),
        2,
        "注音表.yaml 第",
        env=CONFIG,
    ),
    Case(
        "export-reading-list-entry-without-reading",
        "注音表里有一个词没写读音（“六安:” 后面空着）",
        lambda f: _config(f, "readings: 注音表.yaml\n", "蚌埠: Bèngbù\n六安:\n"),
        2,
        "注音表.yaml 第2行：注音表中的“六安”没有写读音",
        env=CONFIG,
    ),
    Case(
        "export-reading-list-missing-file",
        "设置文件里的注音表路径写错了，文件不存在",
        lambda f: _config(f, "readings: 不存在的注音表.yaml\n"),
        2,
        "不存在的注音表.yaml",
        env=CONFIG,
    ),
    Case(
        "export-reading-list-not-a-mapping",
        "注音表写成了一列词语，没有读音",
        lambda f: _config(f, "readings: 注音表.yaml\n", "- 六安\n- 蚌埠\n"),
        2,
        "注音表应是“词语: 读音”的形式",
        env=CONFIG,
    ),
    Case(
        "export-reading-list-syllables",
        "注音表里的读音与字数对不上（三个字只写了两个音节）",
        lambda f: _config(f, "readings: 注音表.yaml\n", "单永明: Shàn Yǒng\n"),
        2,
        "注音表.yaml 第1行：注音表中“单永明”的读音“Shàn Yǒng”与字数对不上",
        env=CONFIG,
    ),
    Case(
        "open-config-reading-entry-without-reading",
        "设置文件里直接写的注音有一个词没写读音",
        lambda f: [write(f, "config.yaml", "readings: {六安: ''}\n"), "check", "--reading", str(DRAFT)][1:],
        2,
        "设置文件 readings 中：注音表中的“六安”没有写读音",
        env=CONFIG,
    ),
    Case(
        "open-draft-reading-not-pinyin",
        "草稿的注音里把读音写成了汉字",
        lambda f: ["check", "--reading", str(draft_with(f, "title: 讲话\nreadings:\n  六安: 陆安\n"))],
        2,
        "草稿.yaml 第4行：注音表中“六安”的读音“陆安”不是拼音",
    ),
    Case(
        "open-draft-reading-without-reading",
        "草稿的注音里有一个词没写读音",
        lambda f: ["show", str(draft_with(f, "title: 讲话\nreadings:\n  蚌埠:\n"))],
        2,
        "草稿.yaml 第4行：注音表中的“蚌埠”没有写读音",
    ),
    Case(
        "export-reading-size-without-reading-copy",
        "只写了 --reading-size，忘了 --reading-copy",
        lambda f: ["export", str(DRAFT), "-o", str(f / "o.docx"), "--reading-size", "小一"],
        2,
        "--reading-size 只用于念稿版",
    ),
    Case(
        "export-reading-copy-with-house-template",
        "念稿版还指定了单位的 Word 模板",
        lambda f: _reading(f, "--template", str(write(f, "模板.docx", b"PK"))),
        2,
        "念稿版按自己的大字格式排版，不能同时用 --template",
    ),
    Case(
        "export-reading-copy-as-pdf",
        "念稿版的文件名写成了 .pdf",
        lambda f: ["export", str(DRAFT), "-o", str(f / "念稿.pdf"), "--reading-copy"],
        2,
        "念稿.pdf：念稿版（大字、注音，供领导念稿）应保存为 .docx 文件",
    ),
    Case(
        "export-reading-copy",
        "导出念稿版（不是错误）",
        lambda f: _reading(f),
        0,
        "",
        creates=("念稿.docx",),
    ),
]
