"""Catalogue rows: the archive (素材库) given a bad place to live, bad files or bad search
options (issue 14). Each is refused with one line naming what is wrong, and nothing changes."""

from __future__ import annotations

from catalogue import SPEECH_TXT, Case, write

from toolkit.archive import open_archive


def _settings(folder, text: str) -> dict:
    write(folder, "config.yaml", text)
    return {}


def _with_archive(folder, line: str, *arguments: str) -> list[str]:
    write(folder, "config.yaml", line)
    return ["archive", *arguments]


def _existing(folder, *arguments: str) -> list[str]:
    """An archive holding one speech, then *arguments*."""
    speech = write(folder, "讲话.txt", SPEECH_TXT)
    from toolkit import service

    with open_archive(folder / "素材库.sqlite") as archive:
        service.archive_files([speech], archive=archive)
    write(folder, "config.yaml", f"archive: {folder / '素材库.sqlite'}\n")
    return ["archive", *arguments]


CONFIG = {"JIANGGAO_CONFIG": "{folder}/config.yaml"}

CASES: list[Case] = [
    Case(
        "archive-search-before-any-add",
        "还没有收入过讲稿就在素材库里查找",
        lambda f: _with_archive(f, f"archive: {f / '素材库.sqlite'}\n", "search", "党建"),
        2,
        "素材库还没有建立",
        env=CONFIG,
    ),
    Case(
        "archive-path-is-a-folder",
        "设置文件里的素材库写成了一个文件夹",
        lambda f: (
            (f / "资料").mkdir()
            or _with_archive(f, f"archive: {f / '资料'}\n", "add", str(write(f, "a.txt", SPEECH_TXT)))
        ),
        2,
        "这是一个文件夹，不是素材库文件",
        env=CONFIG,
    ),
    Case(
        "archive-path-is-not-a-database",
        "设置文件里的素材库指向一个文字文件",
        lambda f: _with_archive(f, f"archive: {write(f, '说明.txt', '素材库说明' * 400)}\n", "list"),
        2,
        "这个文件不是素材库",
        env=CONFIG,
    ),
    Case(
        "archive-postgres-does-not-answer",
        "设置文件里的 PostgreSQL 素材库连不上（数据库没有启动）",
        lambda f: _with_archive(f, "archive: postgresql://jianggao@127.0.0.1:1/素材库\n", "search", "党建"),
        2,
        "连接不上素材库数据库",
        env=CONFIG,
    ),
    Case(
        "archive-add-missing-file",
        "收入素材库时写错了文件名",
        lambda f: _with_archive(f, f"archive: {f / '素材库.sqlite'}\n", "add", str(f / "没有这个.docx")),
        2,
        "找不到这个文件或文件夹",
        env=CONFIG,
    ),
    Case(
        "archive-add-picture",
        "把一张图片当讲稿收入素材库",
        lambda f: _with_archive(
            f, f"archive: {f / '素材库.sqlite'}\n", "add", str(write(f, "照片.png", b"\x89PNG\r\n"))
        ),
        2,
        "不是能收入素材库的讲稿文件",
        env=CONFIG,
    ),
    Case(
        "archive-search-bad-date",
        "查找时 --since 写成了“去年”",
        lambda f: _existing(f, "search", "党建", "--since", "去年"),
        2,
        "日期“去年”看不懂",
        env=CONFIG,
    ),
    Case(
        "archive-search-unknown-part",
        "查找时 --part 写了讲稿没有的部分",
        lambda f: _existing(f, "search", "开会", "--part", "附件"),
        2,
        "没有“附件”这个部分",
        env=CONFIG,
    ),
    Case(
        "archive-remove-unknown-number",
        "删除素材库中并不存在的编号",
        lambda f: _existing(f, "remove", "99"),
        2,
        "素材库中没有编号为 99 的讲稿",
        env=CONFIG,
    ),
    Case(
        "archive-settings-bad-folder-rule",
        "设置文件里的文件夹规则写成了一串文字",
        lambda f: _with_archive(f, "archive_folders: 上级\n", "list"),
        2,
        "archive_folders",
        env=CONFIG,
    ),
    Case(
        "archive-settings-unknown-source",
        "设置文件里的文件夹规则写了不认识的来源",
        lambda f: _with_archive(
            f,
            f"archive: {f / '素材库.sqlite'}\narchive_folders:\n  文件: {{source: 网上}}\n",
            "add",
            str(write(f / "文件", "a.txt", SPEECH_TXT).parent),
        ),
        1,
        "",
        creates=("素材库.sqlite",),
        env=CONFIG,
    ),
    Case(
        "copy-check-settings-not-a-mapping",
        "设置文件里的查重标准写成了一个数",
        lambda f: _check_archive(f, "copy_check: 50\n"),
        2,
        "copy_check 应写成",
        env=CONFIG,
    ),
    Case(
        "copy-check-settings-out-of-range",
        "设置文件里的查重标准写成了 150%",
        lambda f: _check_archive(f, "copy_check: {copied: 150}\n"),
        2,
        "copy_check 中 copied 应是 1 到 100 之间的整数",
        env=CONFIG,
    ),
    Case(
        "copy-check-settings-unknown-key",
        "设置文件里的查重标准写了不认识的字段",
        lambda f: _check_archive(f, "copy_check: {警示线: 30}\n"),
        2,
        "copy_check 中有不认识的字段“警示线”",
        env=CONFIG,
    ),
    Case(
        "copy-check-settings-similar-above-copied",
        "设置文件里“相似”的标准比“照搬”还高",
        lambda f: _check_archive(f, "copy_check: {similar: 90, copied: 70}\n"),
        2,
        "similar（90）不能大于 copied（70）",
        env=CONFIG,
    ),
    Case(
        "copy-check-without-archive",
        "还没有素材库就查重",
        lambda f: (
            _with_archive(f, f"archive: {f / '素材库.sqlite'}\n")[:0]
            + ["check", str(write(f, "草稿.txt", SPEECH_TXT)), "--archive"]
        ),
        2,
        "素材库还没有建立",
        env=CONFIG,
    ),
    Case(
        "copy-check-with-reading",
        "查重和念稿注音检查写在一起",
        lambda f: _existing(f)[:0] + ["check", str(f / "讲话.txt"), "--archive", "--reading"],
        2,
        "--reading 和 --archive 不能同时使用",
        env=CONFIG,
    ),
]


def _check_archive(folder, settings: str) -> list[str]:
    """``check 讲话.txt --archive`` against an archive holding that speech, with *settings* added."""
    _existing(folder)
    with open(folder / "config.yaml", "a", encoding="utf-8") as config:
        config.write(settings)
    return ["check", str(folder / "讲话.txt"), "--archive"]
