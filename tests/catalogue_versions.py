"""Catalogue rows: a draft's named versions (issue 13), asked for wrongly or found damaged.

A version name that cannot be a file name, a draft that is not there or not a draft, a
versions folder that is a file, a version file someone broke in a text editor, a version
that does not exist: one Chinese line each, and nothing written or changed.
"""

from __future__ import annotations

from pathlib import Path

from catalogue import Case, draft_copy, write


def _with_versions(folder: Path) -> Path:
    """A draft with two versions, 起草 and 送审稿, kept as the command would keep them."""
    draft = draft_copy(folder)
    text = draft.read_text(encoding="utf-8")
    write(folder, "草稿.versions/001-起草.yaml", "# 讲稿版本“起草”，保存于 2026-10-01 09:00:00\n" + text)
    write(folder, "草稿.versions/002-送审稿.yaml", "# 讲稿版本“送审稿”，保存于 2026-10-02 16:30:00\n" + text)
    return draft


def _broken_version(folder: Path) -> Path:
    draft = _with_versions(folder)
    write(folder, "草稿.versions/003-定稿.yaml", "# 讲稿版本“定稿”，保存于 2026-10-03 10:00:00\ntitle: [没有闭合\n")
    return draft


def _folder_is_a_file(folder: Path) -> Path:
    draft = draft_copy(folder)
    write(folder, "草稿.versions", "这不是文件夹，是同事放错的一个文件。\n")
    return draft


def _version(name: str):
    return lambda f: ["version", str(draft_copy(f)), "--name", name]


def _succeeds(case_id: str, what: str, prepare, created: str) -> Case:
    """A row where ``jianggao version 草稿.yaml --name 送审稿`` works and writes *created*."""
    return Case(
        case_id,
        what,
        lambda f: ["version", str(prepare(f)), "--name", "送审稿"],
        0,
        "",
        creates=(f"草稿.versions/{created}",),
    )


CASES: list[Case] = [
    Case("version-name-with-slash", "版本名称写成“送审/修改”", _version("送审/修改"), 2, "不能有“/”"),
    Case("version-name-with-hash", "版本名称里有 #", _version("第2稿#"), 2, "不能有“#”"),
    Case("version-name-empty", "版本名称只打了空格", _version("   "), 2, "版本名称是空的"),
    Case("version-name-too-long", "版本名称写了一整句话", _version("这是根据书记在常委会上的意见修改" * 4), 2, "太长"),
    Case("version-name-control-character", "版本名称里夹着一个制表符", _version("送审\t稿"), 2, "不能有"),
    Case(
        "version-draft-missing",
        "给一个不存在的草稿保存版本",
        lambda f: ["version", str(f / "没有这个草稿.yaml"), "--name", "送审稿"],
        2,
        "找不到草稿文件",
    ),
    Case(
        "version-of-a-word-file",
        "给一个 .docx 保存版本",
        lambda f: ["version", str(write(f, "讲话.docx", b"PK")), "--name", "送审稿"],
        2,
        "只有草稿（.yaml）才能保存",
    ),
    Case(
        "version-of-a-broken-draft",
        "草稿本身已损坏，还要存为版本",
        lambda f: ["version", str(write(f, "草稿.yaml", "format: jianggao-draft 1\ntitle: [坏\n")), "--name", "起草"],
        2,
        "草稿.yaml",
    ),
    Case(
        "version-folder-is-a-file",
        "存放版本的“草稿.versions”是一个文件，不是文件夹",
        lambda f: ["version", str(_folder_is_a_file(f)), "--name", "送审稿"],
        2,
        "不是文件夹",
    ),
    Case(
        "versions-folder-is-a-file",
        "列出版本时“草稿.versions”是一个文件",
        lambda f: ["versions", str(_folder_is_a_file(f))],
        2,
        "不是文件夹",
    ),
    Case(
        "versions-damaged-version-file",
        "版本文件被人用文本编辑器改坏了（其余版本照常列出）",
        lambda f: ["versions", str(_broken_version(f))],
        2,
        "003-定稿.yaml",
    ),
    Case(
        "restore-unknown-version",
        "恢复一个没有的版本",
        lambda f: ["restore", str(_with_versions(f)), "定稿"],
        2,
        "没有名为“定稿”的版本",
    ),
    Case(
        "restore-damaged-version",
        "恢复一个已损坏的版本（草稿不动）",
        lambda f: ["restore", str(_broken_version(f)), "定稿"],
        2,
        "003-定稿.yaml",
    ),
    Case(
        "restore-draft-missing",
        "恢复版本时草稿不在了",
        lambda f: ["restore", str(f / "没有这个草稿.yaml"), "起草"],
        2,
        "找不到草稿文件",
    ),
    Case(
        "open-unknown-version",
        "显示“草稿.yaml#定稿”，但没有这个版本",
        lambda f: ["show", f"{_with_versions(f)}#定稿"],
        2,
        "没有名为“定稿”的版本",
    ),
    Case(
        "open-version-of-draft-without-versions",
        "显示“草稿.yaml#送审稿”，但草稿从没存过版本",
        lambda f: ["show", f"{draft_copy(f)}#送审稿"],
        2,
        "还没有保存过版本",
    ),
    _succeeds("version-saved", "把草稿存为“送审稿”", draft_copy, "001-送审稿.yaml"),
    _succeeds(
        "version-saved-under-a-taken-name",
        "再存一个“送审稿”（存为“送审稿（2）”）",
        _with_versions,
        "003-送审稿（2）.yaml",
    ),
    Case(
        "export-a-version",
        "直接导出“草稿.yaml#送审稿”",
        lambda f: ["export", f"{_with_versions(f)}#送审稿", "-o", str(f / "送审稿.docx")],
        0,
        "",
        creates=("送审稿.docx",),
    ),
]
