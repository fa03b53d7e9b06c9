"""The reliability catalogue: bad inputs across import, open, export, templates and batch.

Each row is what a staff member (or a broken file) did, what the `jianggao` command must
answer, and its exit code. Every row also checks that the answer is one line of Chinese
without a traceback, and that every file in the folder is left exactly as it was (nothing
created, changed or removed). This table is the documentation of those behaviours; the
README links here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import bad_files
import catalogue_archive
import catalogue_budgets
import catalogue_compare
import catalogue_files
import catalogue_house_templates
import catalogue_names
import catalogue_old_formats
import catalogue_pdf
import catalogue_readings
import catalogue_review
import catalogue_text
import catalogue_timing
import catalogue_versions
import catalogue_word_styles
import catalogue_yaml
import pytest
from catalogue import DRAFT, SPEECH_TXT, Case, draft_with, evil_team_template, read_only, seed_copy, write
from conftest import require_tool, run_cli
from docx_read import assert_inert_docx

CASES = [
    # -- import -------------------------------------------------------------------------------------------
    Case("import-missing", "导入一个不存在的文件", lambda f: ["import", str(f / "没有.txt")], 2, "找不到文件"),
    Case("import-folder", "把文件夹当讲稿导入", lambda f: ["import", str(f)], 2, "文件夹"),
    Case("import-empty", "导入空文件", lambda f: ["import", str(write(f, "空.txt", b""))], 2, "文件是空的"),
    Case(
        "import-blank",
        "导入只有空格和空行的文件",
        lambda f: ["import", str(write(f, "空白.txt", "  \n\t\n　\n"))],
        2,
        "没有文字",
    ),
    Case(
        "import-binary",
        "把二进制数据当 .txt 导入",
        lambda f: ["import", str(write(f, "乱码.txt", bytes(range(256)) * 8))],
        2,
        "不是文本文件",
    ),
    Case(
        "import-png",
        "把图片改名为 .txt 导入",
        lambda f: ["import", str(write(f, "图.txt", b"\x89PNG\r\n\x1a\n" + b"\0" * 64))],
        2,
        "不是文本文件",
    ),
    Case(
        "import-undecodable",
        "文字编码既不是 UTF-8 也不是 GBK",
        lambda f: ["import", str(write(f, "怪.txt", "同志们：\n".encode() + b"\xd6\xd0\xff\xfe\xfd\n"))],
        2,
        "编码",
    ),
    Case(
        "import-utf16-no-bom",
        "记事本存的 UTF-16 文本却没有 BOM（照常导入）",
        lambda f: ["import", str(write(f, "u16.txt", SPEECH_TXT.encode("utf-16-le"))), "-o", str(f / "d")],
        0,
        "",
        creates=("d.yaml",),
    ),
    Case(
        "import-encrypted",
        "导入设了密码的 Word 文件",
        lambda f: ["import", str(bad_files.encrypted_docx(f))],
        2,
        "密码",
    ),
    Case(
        "import-text-named-docx",
        "文本文件被改名成 .docx",
        lambda f: ["import", str(write(f, "假.docx", SPEECH_TXT))],
        2,
        "内容不是 Word 文档",
    ),
    Case(
        "import-truncated-docx",
        "下载不完整的 .docx",
        lambda f: ["import", str(bad_files.truncated_docx(f))],
        2,
        "已损坏",
    ),
    Case(
        "import-zip-bomb", "解压后几百 MB 的“压缩炸弹”", lambda f: ["import", str(bad_files.zip_bomb(f))], 2, "压缩炸弹"
    ),
    Case(
        "import-billion-laughs",
        "XML 实体层层展开（billion laughs）",
        lambda f: ["import", str(bad_files.entity_docx(f, bad_files.BILLION_LAUGHS))],
        2,
        "实体声明",
    ),
    Case(
        "import-xxe",
        "XML 外部实体读取本机文件",
        lambda f: ["import", str(bad_files.entity_docx(f, bad_files.EXTERNAL_ENTITY))],
        2,
        "实体声明",
    ),
    Case("import-docm", "导入含宏的 .docm", lambda f: ["import", str(write(f, "宏.docm", b"PK\x03\x04junk"))], 2, "宏"),
    Case("import-macro-renamed", "含宏文件被改名为 .docx", lambda f: ["import", str(bad_files.macro_docx(f))], 2, "宏"),
    Case(
        "import-xlsx",
        "Excel 表格被当作讲稿",
        lambda f: ["import", str(bad_files.spreadsheet_named_docx(f))],
        2,
        "不是 Word 文档",
    ),
    Case(
        "import-pdf",
        "导入 PDF",
        lambda f: ["import", str(write(f, "扫描件.pdf", b"%PDF-1.7\n" + b"\0" * 64))],
        2,
        "PDF",
    ),
    Case(
        "import-huge",
        "导入 40 MB 的文件",
        lambda f: ["import", str(write(f, "巨大.txt", b"a" * (40 * 1024 * 1024)))],
        2,
        "30 MB",
    ),
    Case(
        "import-existing-draft",
        "导入时草稿文件已存在，没加 --force",
        lambda f: ["import", str(write(f, "讲话.txt", SPEECH_TXT)), "-o", str(write(f, "草稿.yaml", "我的草稿"))],
        2,
        "已存在",
    ),
    Case(
        "import-missing-folder",
        "把草稿存到不存在的文件夹",
        lambda f: ["import", str(write(f, "讲话.txt", SPEECH_TXT)), "-o", str(f / "没有" / "d")],
        2,
        "文件夹不存在",
    ),
    Case(
        "import-read-only-folder",
        "把草稿存到只读文件夹",
        lambda f: ["import", str(seed_copy(f)), "-o", str(read_only(f) / "d")],
        2,
        "没有权限",
        unprivileged=True,
    ),
    Case(
        "import-names-with-spaces",
        "文件名和文件夹名有空格和中文",
        lambda f: [
            "import",
            str(write(f, "我的 材料/县委 讲话.txt", SPEECH_TXT)),
            "-o",
            str(f / "我的 材料" / "新 草稿"),
        ],
        0,
        "",
        creates=("我的 材料/新 草稿.yaml",),
    ),
    Case(
        "import-crlf-gbk",
        "Windows 记事本存的 GBK、CRLF 文本",
        lambda f: ["import", str(write(f, "gbk.txt", SPEECH_TXT.replace("\n", "\r\n"), "gbk")), "-o", str(f / "d")],
        0,
        "",
        creates=("d.yaml",),
    ),
    # -- opening drafts -------------------------------------------------------------------------------------
    Case(
        "open-yaml-syntax",
        "手改草稿时漏了引号",
        lambda f: ["show", str(draft_with(f, 'title: "在全县会议上的讲话\nopening:\n- 今天\n'))],
        2,
        "YAML 格式不对：文件意外结束（引号没有配对）",
    ),
    Case(
        "open-colon",
        "正文里写了“: ”没有加引号",
        lambda f: ["show", str(draft_with(f, "opening:\n- 今天: 开会\n"))],
        2,
        "第3行",
    ),
    Case(
        "open-unknown-field", "字段名拼错", lambda f: ["show", str(draft_with(f, "titel: 讲话\n"))], 2, "是不是“title”"
    ),
    Case("open-wrong-type", "要点写成了一个数字", lambda f: ["show", str(draft_with(f, "points: 3\n"))], 2, "应是列表"),
    Case("open-tab", "用 Tab 缩进", lambda f: ["show", str(draft_with(f, "meeting:\n\tname: x\n"))], 2, "Tab"),
    Case("open-empty-draft", "草稿是空文件", lambda f: ["show", str(write(f, "空.yaml", b""))], 2, "草稿文件是空的"),
    Case(
        "open-not-utf8",
        "草稿被另存成 GBK",
        lambda f: ["show", str(write(f, "g.yaml", "format: jianggao-draft 1\ntitle: 讲话\n", "gbk"))],
        2,
        "UTF-8",
    ),
    Case(
        "open-yaml-bomb",
        "草稿里用了 YAML 锚点和别名（可被用来层层展开）",
        lambda f: ["show", str(draft_with(f, "opening: &a [今天, 开会]\nclosing: *a\n"))],
        2,
        "锚点和别名",
    ),
    Case(
        "open-bad-style",
        "编号样式写错",
        lambda f: ["show", str(draft_with(f, "numbering: 甲、\n"))],
        2,
        "不认识的编号样式",
    ),
    Case(
        "open-bad-date",
        "日期写成了中文",
        lambda f: ["show", str(draft_with(f, "meeting:\n  date: 九月二十八日\n"))],
        2,
        "日期",
    ),
    Case(
        "open-future-format",
        "新版本写的草稿",
        lambda f: ["show", str(write(f, "新.yaml", "format: jianggao-draft 9\n"))],
        2,
        "不是本工具支持的",
    ),
    Case(
        "open-folder",
        "把文件夹当草稿打开",
        lambda f: ["show", str((f / "夹.yaml").mkdir() or f / "夹.yaml")],
        2,
        "文件夹",
    ),
    Case("open-missing", "草稿文件不存在", lambda f: ["check", str(f / "没有.yaml")], 2, "找不到草稿文件"),
    # -- export ---------------------------------------------------------------------------------------------
    Case(
        "export-missing-template",
        "单位模板路径写错",
        lambda f: ["export", str(DRAFT), "-o", str(f / "o.docx"), "--template", str(f / "没有.docx")],
        2,
        "找不到 Word 模板",
    ),
    Case(
        "export-docm-template",
        "用含宏的 .docm 作模板",
        lambda f: ["export", str(DRAFT), "-o", str(f / "o.docx"), "--template", str(write(f, "t.docm", b"PK\x03\x04"))],
        2,
        "宏",
    ),
    Case(
        "export-text-template",
        "文本文件改名为 .docx 作模板",
        lambda f: ["export", str(DRAFT), "-o", str(f / "o.docx"), "--template", str(write(f, "t.docx", "文字"))],
        2,
        "不是 Word 文档",
    ),
    Case(
        "export-bomb-template",
        "压缩炸弹作模板",
        lambda f: ["export", str(DRAFT), "-o", str(f / "o.docx"), "--template", str(bad_files.zip_bomb(f))],
        2,
        "压缩炸弹",
    ),
    Case(
        "export-unfilled",
        "有变量没填就导出",
        lambda f: ["export", str(draft_with(f, "title: 在{{ 县名 }}会议上的讲话\n")), "-o", str(f / "o.docx")],
        2,
        "变量“县名”没有值",
    ),
    Case(
        "export-unknown-variable-filter",
        "变量用了不存在的过滤器",
        lambda f: [
            "export",
            str(draft_with(f, "title: '{{ 县名 | 大写 }}'\nvariables: {县名: 某县}\n")),
            "-o",
            str(f / "o.docx"),
        ],
        2,
        "过滤器",
    ),
    Case(
        "export-bad-var",
        "--var 少了等号",
        lambda f: ["export", str(DRAFT), "-o", str(f / "o.docx"), "--var", "县名"],
        2,
        "--var 的写法不对",
    ),
    Case(
        "export-missing-vars-file",
        "--vars 文件不存在",
        lambda f: ["export", str(DRAFT), "-o", str(f / "o.docx"), "--vars", str(f / "没有.yaml")],
        2,
        "找不到变量文件",
    ),
    Case(
        "export-bad-vars-file",
        "--vars 文件格式不对",
        lambda f: [
            "export",
            str(DRAFT),
            "-o",
            str(f / "o.docx"),
            "--vars",
            str(write(f, "v.yaml", "- 只是\n- 列表\n")),
        ],
        2,
        "名称: 值",
    ),
    Case(
        "export-wrong-extension",
        "导出文件名写成 .doc",
        lambda f: ["export", str(DRAFT), "-o", str(f / "讲话.doc")],
        2,
        ".docx",
    ),
    Case(
        "export-existing",
        "导出文件已存在，没加 --force",
        lambda f: ["export", str(DRAFT), "-o", str(write(f, "讲话稿.docx", b"PK old"))],
        2,
        "已存在",
    ),
    Case(
        "export-read-only",
        "导出到只读文件夹",
        lambda f: ["export", str(seed_copy(f)), "-o", str(read_only(f) / "o.docx")],
        2,
        "没有权限",
        unprivileged=True,
    ),
    Case(
        "export-bad-styles",
        "样式对照文件写了不认识的部分",
        lambda f: [
            "export",
            str(DRAFT),
            "-o",
            str(f / "o.docx"),
            "--styles",
            str(write(f, "s.yaml", "正文: 公文正文\n")),
        ],
        2,
        "不认识的部分",
    ),
    Case(
        "export-sandbox-in-draft",
        "草稿中藏了模板逃逸代码",
        lambda f: ["export", str(draft_with(f, "title: \"{{ ''.__class__.__mro__ }}\"\n")), "-o", str(f / "o.docx")],
        2,
        "不允许",
    ),
    Case(
        "export-chinese-spaces",
        "文件名有空格和中文",
        lambda f: ["export", str(DRAFT), "-o", str(f / "县委 讲话稿（定稿）.docx")],
        0,
        "",
        creates=("县委 讲话稿（定稿）.docx",),
    ),
    # -- templates and new ----------------------------------------------------------------------------------
    Case("templates-unknown", "模板编号打错一个字", lambda f: ["templates", "show", "例会讲"], 2, "是不是：“例会讲话”"),
    Case("templates-path-id", "模板编号里写了路径", lambda f: ["templates", "show", "../../etc/passwd"], 2, "不合规"),
    Case(
        "new-path-id",
        "用路径当骨架编号新建",
        lambda f: ["new", "--template", "/etc/passwd", "-o", str(f / "d")],
        2,
        "不合规",
    ),
    Case(
        "new-not-skeleton",
        "用开头段落当整篇骨架",
        lambda f: ["new", "--template", "开头-开门见山", "-o", str(f / "d")],
        2,
        "不是整篇讲稿骨架",
    ),
    Case(
        "new-bad-choice",
        "骨架的选项填了不存在的值",
        lambda f: ["new", "--template", "例会讲话", "-o", str(f / "d"), "--var", "开头方式=随便"],
        2,
        "只能选",
    ),
    Case(
        "new-sandbox-template",
        "团队模板里藏了逃逸代码",
        lambda f: ["new", "--template", "坏骨架", "-o", str(f / "d")],
        2,
        "不允许",
        env={"JIANGGAO_TEMPLATES": "{folder}/团队模板"},
    ),
    Case(
        "new-include-template",
        "团队模板想 include 本机文件",
        lambda f: ["new", "--template", "坏骨架", "-o", str(f / "d")],
        2,
        "include",
        env={"JIANGGAO_TEMPLATES": "{folder}/团队模板"},
    ),
    Case(
        "templates-broken-front-matter",
        "团队模板的说明部分写坏了（跳过它并说明，其余模板照常列出）",
        lambda f: ["templates"],
        0,
        "",
        env={"JIANGGAO_TEMPLATES": "{folder}/坏库"},
    ),
    # -- batch ----------------------------------------------------------------------------------------------
    Case(
        "batch-missing-csv",
        "变量表不存在",
        lambda f: ["batch", "例会讲话", "--vars", str(f / "没有.csv"), "-o", str(f)],
        2,
        "找不到变量表",
    ),
    Case(
        "batch-duplicate-header",
        "变量表两列同名",
        lambda f: ["batch", "例会讲话", "--vars", str(write(f, "表.csv", "会议名称,会议名称\n甲,乙\n")), "-o", str(f)],
        2,
        "重复",
    ),
    Case(
        "batch-missing-out",
        "输出文件夹不存在",
        lambda f: ["batch", "例会讲话", "--vars", str(write(f, "表.csv", "会议名称\n甲\n")), "-o", str(f / "没有")],
        2,
        "输出文件夹不存在",
    ),
    Case(
        "batch-unknown-skeleton",
        "骨架编号不存在",
        lambda f: ["batch", "例会讲", "--vars", str(write(f, "表.csv", "会议名称\n甲\n")), "-o", str(f)],
        2,
        "没有编号为“例会讲”的模板",
    ),
    Case(
        "batch-txt-source",
        "用 .txt 讲稿直接批量",
        lambda f: [
            "batch",
            str(write(f, "讲话.txt", SPEECH_TXT)),
            "--vars",
            str(write(f, "表.csv", "县名\n甲\n")),
            "-o",
            str(f),
        ],
        2,
        "草稿",
    ),
    # -- check ----------------------------------------------------------------------------------------------
    Case(
        "check-broken-docx", "检查一个损坏的 .docx", lambda f: ["check", str(bad_files.truncated_docx(f))], 2, "已损坏"
    ),
    Case("check-problems", "检查有占位符的讲稿（不是错误：列出问题）", lambda f: ["check", str(seed_copy(f))], 1, ""),
]
CASES += catalogue_house_templates.CASES + catalogue_budgets.CASES + catalogue_files.CASES + catalogue_text.CASES
CASES += catalogue_yaml.CASES + catalogue_word_styles.CASES + catalogue_old_formats.CASES + catalogue_review.CASES
CASES += catalogue_readings.CASES + catalogue_names.CASES + catalogue_archive.CASES
CASES += catalogue_pdf.CASES + catalogue_versions.CASES + catalogue_compare.CASES
CASES += catalogue_timing.CASES


def _prepare_special(case: Case, folder: Path) -> None:
    if case.id == "new-sandbox-template":
        evil_team_template(folder, "# 标题\n{{ ''.__class__.__mro__[1].__subclasses__() }}")
    elif case.id == "new-include-template":
        evil_team_template(folder, "# 标题\n{% include '/etc/passwd' %}")
    elif case.id == "templates-broken-front-matter":
        write(folder / "坏库", "x.md", "---\nid: [坏\n---\n正文\n")
    catalogue_yaml.prepare(case, folder)


MEMORY_LIMIT = 3 * 1024**3
"""Address space each catalogue command may use: a regression that builds gigabytes fails
the row (with the 60 s timeout) instead of taking the machine down."""


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under *folder* with a digest of its bytes."""
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha1()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            result[str(path.relative_to(folder))] = digest.hexdigest()
    return result


def test_the_catalogue_covers_at_least_forty_bad_inputs():
    bad = [case for case in CASES if case.exit_code == 2]
    assert len(bad) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    for area in ("import", "open", "export", "templates", "new", "batch"):
        assert any(case.id.startswith(area) for case in bad), area


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=case.id, marks=[pytest.mark.libreoffice] if "soffice" in case.tools else [])
        for case in CASES
    ],
)
def test_catalogue(case: Case):
    for tool in case.tools:
        require_tool(tool, case.what)
    folder = Path(tempfile.mkdtemp(prefix="jianggao-rel-"))
    cache = Path(tempfile.mkdtemp(prefix="jianggao-cache-"))
    try:
        folder.chmod(0o777)
        cache.chmod(0o777)
        _prepare_special(case, folder)
        arguments = case.setup(folder)
        before = snapshot(folder)
        env = dict(
            os.environ,
            PYTHONIOENCODING="utf-8",
            HOME=str(folder),
            XDG_CACHE_HOME=str(cache),
            XDG_CONFIG_HOME=str(cache / "config"),
        )
        env.pop("JIANGGAO_TEMPLATES", None)
        env.pop("JIANGGAO_CONFIG", None)
        env.update({key: value.format(folder=folder) for key, value in case.env.items()})
        result = run_cli(*arguments, env=env, unprivileged=case.unprivileged, timeout=60, memory_limit=MEMORY_LIMIT)
        assert result.returncode == case.exit_code, f"{case.what}: exit {result.returncode}\n{result.stderr}"
        assert "Traceback" not in result.stderr
        after = snapshot(folder)
        if case.exit_code == 2:
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1, f"{case.what}: expected one line, got:\n{result.stderr}"
            assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])
            assert case.says in lines[0], f"{case.what}: {lines[0]}"
            assert after == before, f"{case.what}: files changed: {set(after.items()) ^ set(before.items())}"
        else:
            added = set(after) - set(before)
            assert added == set(case.creates), f"{case.what}: created {added}"
            assert {k: v for k, v in after.items() if k in before} == before
        for name in set(after) - set(before):
            if name.endswith(".docx"):
                assert_inert_docx(folder / name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
