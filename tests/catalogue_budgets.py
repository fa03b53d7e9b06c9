"""Catalogue rows: templates without a budget and values that must stay data (issue 10).

A section template in a team folder may loop for ever or build gigabytes; every render
stops at ``render_seconds`` (2 s) or ``render_characters`` (1,000,000) with one Chinese line
naming the template. What a user types (``--var``, CSV cells) is data: its braces come out
literally and cannot run or hang anything.
"""

from __future__ import annotations

from pathlib import Path

from catalogue import Case, draft_with, evil_team_template, write

TEAM = {"JIANGGAO_TEMPLATES": "{folder}/团队模板"}
HANG = "{% set s = 'a' * 200000 %}{% for x in s %}{% for y in s %}{% endfor %}{% endfor %}"
GOOD = "# 标题\n在{{ 会议名称 }}上的讲话\n# 开头\n今天召开{{ 会议名称 }}。\n# 结尾\n谢谢大家。"


def _new_from(body: str):
    def setup(folder: Path) -> list[str]:
        evil_team_template(folder, body)
        return ["new", "--template", "坏骨架", "-o", str(folder / "草稿")]

    return setup


def _templates_listing(folder: Path) -> list[str]:
    evil_team_template(folder, "# 标题\n" + HANG)
    return ["templates"]


def _batch_row_hangs(folder: Path) -> list[str]:
    evil_team_template(folder, GOOD + "\n{% for x in 次数 %}{% for y in 次数 %}{% endfor %}{% endfor %}")
    rows = write(folder, "乡镇.csv", f"会议名称,次数\n城关镇会议,ab\n河口镇会议,{'a' * 50000}\n东坝乡会议,c\n")
    (folder / "输出").mkdir()
    return ["batch", "坏骨架", "--vars", str(rows), "-o", str(folder / "输出"), "--quiet"]


def _batch_cells_with_braces(folder: Path) -> list[str]:
    evil_team_template(folder, GOOD)
    rows = write(
        folder,
        "乡镇.csv",
        "会议名称\n{{ 7*7 }}次常委会\n城关镇{#第三次#}联席会议\n{% for x in 'a' * 200000 %}{% endfor %}\n",
    )
    (folder / "输出").mkdir()
    return ["batch", "坏骨架", "--vars", str(rows), "-o", str(folder / "输出"), "--quiet"]


def _export_var_with_braces(folder: Path) -> list[str]:
    draft = draft_with(
        folder, "title: '在{{ 会议名称 }}上的讲话'\nsalutation: 同志们：\nopening:\n- '今天召开{{ 会议名称 }}。'\n"
    )
    return ["export", str(draft), "-o", str(folder / "讲话.docx"), "--var", "会议名称={{ 7*7 }}次常委会"]


CASES: list[Case] = [
    Case(
        "new-template-hangs",
        "团队模板里有两层循环，新建草稿卡死",
        _new_from("# 标题\n" + HANG),
        2,
        "运行超过 2 秒",
        env=TEAM,
    ),
    Case(
        "new-template-center",
        "团队模板用 center(1000000000) 造出上 G 的文字",
        _new_from("# 标题\n{{ 'a' | center(1000000000) }}"),
        2,
        "超过 1000000 字",
        env=TEAM,
    ),
    Case(
        "new-template-format",
        "团队模板用 '%300000000d'|format 造出上 G 的文字",
        _new_from("# 标题\n{{ '%300000000d' | format(1) }}"),
        2,
        "超过 1000000 字",
        env=TEAM,
    ),
    Case(
        "new-template-concatenation",
        "团队模板用 a ~ a ~ a … 拼出上 G 的文字",
        _new_from("# 标题\n{% set a = 'a' * 200000 %}{{ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a }}"),
        2,
        "模板“坏骨架”",
        env=TEAM,
    ),
    Case(
        "templates-broken-template",
        "列模板时团队文件夹里有一个会卡死的模板（列出并说明）",
        _templates_listing,
        0,
        "",
        env=TEAM,
    ),
    Case(
        "new-var-with-braces",
        "--var 的值里写了 {{ 7*7 }}（照原样保留，不当模板运行）",
        lambda f: ["new", "--template", "例会讲话", "-o", str(f / "草稿"), "--var", "会议名称={{ 7*7 }}次常委会"],
        0,
        "",
        creates=("草稿.yaml",),
    ),
    Case(
        "export-var-with-braces",
        "导出时 --var 的值里写了 {{ 7*7 }}（照原样导出）",
        _export_var_with_braces,
        0,
        "",
        creates=("讲话.docx",),
    ),
    Case(
        "batch-row-hangs",
        "变量表中一行的值让模板循环卡死（这一行失败，其余照常导出）",
        _batch_row_hangs,
        1,
        "",
        creates=("输出/002-城关镇会议.docx", "输出/004-东坝乡会议.docx"),
        env=TEAM,
    ),
    Case(
        "batch-cells-with-braces",
        "变量表格子里写了 {{ 7*7 }}、{# #} 和会卡死的 {% for %}（都照原样导出）",
        _batch_cells_with_braces,
        0,
        "",
        creates=(
            "输出/002-{{ 7_7 }}次常委会.docx",
            "输出/003-城关镇{#第三次#}联席会议.docx",
            "输出/004-{% for x in 'a' _ 200000 %}{% endfor %}.docx",
        ),
        env=TEAM,
    ),
]
