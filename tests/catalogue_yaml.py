"""Catalogue rows: YAML that refers to itself (anchors and aliases, the way a few hundred
bytes grow into gigabytes) or names language types, in every kind of YAML file the toolkit
reads (issue 10). Each is refused with one line naming the file and line."""

from __future__ import annotations

from catalogue import DRAFT, Case, draft_with, write

BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
)
FRONT_MATTER_BOMB = "---\nid: 炸弹\nkind: opening\ntitle: t\nx: &a [1, 1, 1]\ny: [*a, *a]\n---\n今天开会。\n"


def _export(folder, *extra):
    return ["export", str(DRAFT), "-o", str(folder / "o.docx"), *extra]


CASES: list[Case] = [
    Case(
        "export-vars-alias-bomb",
        "变量文件里是一个别名炸弹（几百字节展开成几个 GB）",
        lambda f: _export(f, "--vars", str(write(f, "变量.yaml", BOMB))),
        2,
        "变量.yaml 第1行：变量文件的 YAML 中不支持锚点和别名",
    ),
    Case(
        "export-styles-alias-bomb",
        "样式对照文件里是一个别名炸弹",
        lambda f: _export(f, "--styles", str(write(f, "样式.yaml", BOMB))),
        2,
        "锚点和别名",
    ),
    Case(
        "export-vars-python-tag",
        "变量文件里写了 !!python/object 这样的标记",
        lambda f: _export(f, "--vars", str(write(f, "变量.yaml", "县名: !!python/object/apply:os.system [ls]\n"))),
        2,
        "不支持“tag:yaml.org,2002:python/object/apply:os.system”这样的标记",
    ),
    Case(
        "open-draft-alias",
        "手改草稿时用了锚点和别名",
        lambda f: ["show", str(draft_with(f, "title: &t 在会上的讲话\nsalutation: *t\n"))],
        2,
        "锚点和别名",
    ),
    Case(
        "templates-front-matter-alias-bomb",
        "团队模板的说明部分里是一个别名炸弹",
        lambda f: [
            "templates",
            "show",
            "炸弹",
        ],
        2,
        "锚点和别名",
        env={"JIANGGAO_TEMPLATES": "{folder}/炸弹库"},
    ),
    Case(
        "templates-config-alias-bomb",
        "设置文件里是一个别名炸弹",
        lambda f: ["templates"],
        2,
        "锚点和别名",
        env={"JIANGGAO_CONFIG": "{folder}/设置.yaml"},
    ),
    Case(
        "import-noise-rules-alias-bomb",
        "追加的广告识别规则文件里是一个别名炸弹",
        lambda f: [
            "import",
            str(write(f, "讲话.txt", "在会上的讲话\n同志们：\n今天开会。\n")),
            "--noise-rules",
            str(write(f, "规则.yaml", BOMB)),
        ],
        2,
        "锚点和别名",
    ),
]


def prepare(case: Case, folder) -> None:
    """Files a row needs before its arguments are made (rows whose env names them)."""
    if case.id == "templates-front-matter-alias-bomb":
        write(folder / "炸弹库", "炸弹.md", FRONT_MATTER_BOMB)
    elif case.id == "templates-config-alias-bomb":
        write(folder, "设置.yaml", BOMB)
