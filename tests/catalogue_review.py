"""Catalogue rows: a leader's revisions and comments in odd or broken Word XML (issue 12).

Word, WPS and the tools around them write tracked changes and comments with pieces
missing: a comment mark whose comment is gone, a deletion with no author, a move with one
end, a comment the length of a book, a broken comments or footnotes part. The speech is
still imported (a broken part is named, never a traceback); what cannot be imported at all
is refused with one line. Marking comments done refuses numbers that are not there.
"""

from __future__ import annotations

from pathlib import Path

from bad_files import rewrite_docx
from catalogue import Case, draft_with
from tracked_docx import (
    CLERK,
    SECRETARY,
    TUESDAY,
    add_comments,
    change,
    commented,
    dele,
    element,
    ins,
    move,
    new_document,
    paragraph,
    reviewed_speech,
    run,
)

OPENING = ["在全县工作会议上的讲话", "同志们："]


def _speech(folder: Path, name: str, body: list, comments=(), replies=None) -> Path:
    document = new_document([paragraph(text) for text in OPENING] + body)
    if comments:
        add_comments(document, list(comments), replies)
    path = folder / name
    document.save(path)
    path.chmod(0o644)
    return path


def reference_without_comment(folder: Path) -> Path:
    return _speech(folder, "无批注内容.docx", [paragraph("今天", commented(7, run("开会")), "。")])


def deletion_without_author(folder: Path) -> Path:
    return _speech(folder, "无作者.docx", [paragraph("今天", dele("认真", None, None), "开会。")])


def huge_comment(folder: Path) -> Path:
    text = "这一段要改。" * 400_000  # 2.4 million characters
    return _speech(
        folder, "长批注.docx", [paragraph("今天", commented(0, run("开会")), "。")], [(0, SECRETARY, TUESDAY, text)]
    )


def lonely_move(folder: Path) -> Path:
    return _speech(folder, "单边移动.docx", [paragraph("今天开会。", move("这句移走了。", "move9", to=False))])


def unclosed_range(folder: Path) -> Path:
    opened = element("w:commentRangeStart", {"w:id": "0"})
    return _speech(
        folder, "批注未闭合.docx", [paragraph("今天", opened, run("开会。"))], [(0, CLERK, TUESDAY, "开什么会")]
    )


def nested_revisions(folder: Path) -> Path:
    inner = change("w:del", CLERK, TUESDAY, run("新加又删", deleted=True))
    outer = change("w:ins", SECRETARY, TUESDAY, inner, run("新加的"))
    return _speech(folder, "嵌套修订.docx", [paragraph("今天", outer, "开会。")])


def orphan_reply(folder: Path) -> Path:
    return _speech(
        folder,
        "孤立答复.docx",
        [paragraph("今天", commented(1, run("开会")), "。")],
        [(1, CLERK, TUESDAY, "答复一条不存在的批注")],
        replies={},
    )


def revision_storm(folder: Path) -> Path:
    """Every character its own insertion, alternating authors: 30,000 revisions."""
    pieces = [ins(ch, SECRETARY if n % 2 else CLERK) for n, ch in enumerate("要狠抓落实。" * 5_000)]
    return _speech(folder, "修订极多.docx", [paragraph("今天开会。", *pieces)])


def odd_dates(folder: Path) -> Path:
    return _speech(folder, "日期古怪.docx", [paragraph("今天", ins("认真", SECRETARY, "昨天下午"), "开会。")])


def _broken_part(part: str, name: str):
    def make(folder: Path) -> Path:
        base = reviewed_speech(folder, ".base.docx")

        def change(member: str, data: bytes):
            return member, (b"<w:broken" if member == part else data)

        path = rewrite_docx(base, folder / name, change)
        base.unlink()
        path.chmod(0o644)
        return path

    return make


def _imported(case_id: str, what: str, make, *options: str) -> Case:
    """A row where ``jianggao import`` of the file *make* writes imports it all the same."""
    return Case(
        case_id, what, lambda f: ["import", str(make(f)), *options, "-o", str(f / "d")], 0, "", creates=("d.yaml",)
    )


CASES: list[Case] = [
    _imported(
        "import-comment-mark-without-comment",
        "批注标记还在，批注内容却没了（照常导入，说明已忽略）",
        reference_without_comment,
    ),
    _imported(
        "import-deletion-without-author", "修订没有作者和时间（照常导入，列为“未署名”）", deletion_without_author
    ),
    _imported("import-huge-comment", "一条批注长达两百多万字（照常导入，批注保留在草稿中）", huge_comment),
    _imported("import-move-with-one-end", "移动修订只有“移出”没有“移入”（按删除处理并列出）", lonely_move),
    _imported(
        "import-comment-range-never-closed",
        "批注的范围只有开头没有结尾（照常导入，批注挂在开头所在的段落）",
        unclosed_range,
    ),
    _imported(
        "import-revision-inside-revision",
        "别人插入的字又被另一人删除（两处修订都列出）",
        nested_revisions,
        "--revisions",
        "reject",
    ),
    _imported("import-reply-to-nothing", "批注的答复指向一条不存在的批注（作为一条独立的批注保留）", orphan_reply),
    _imported("import-thirty-thousand-revisions", "每个字都是一处修订，共三万处（合并后列出，不卡住）", revision_storm),
    Case(
        "import-revision-date-not-a-date",
        "修订时间写的是“昨天下午”（照原样列出）",
        lambda f: ["check", str(odd_dates(f))],
        0,
        "",
    ),
    Case(
        "import-broken-comments-part",
        "批注部分（comments.xml）的 XML 已损坏",
        lambda f: ["import", str(_broken_part("word/comments.xml", "批注损坏.docx")(f)), "-o", str(f / "d")],
        2,
        "XML 已损坏",
    ),
    _imported(
        "import-broken-footnotes-part",
        "脚注部分的 XML 已损坏（正文照常导入，说明脚注中的修订未能读取）",
        _broken_part("word/footnotes.xml", "脚注损坏.docx"),
    ),
    _imported(
        "import-broken-comment-threads",
        "批注答复的记录（commentsExtended.xml）已损坏（答复作为独立批注保留）",
        _broken_part("word/commentsExtended.xml", "答复损坏.docx"),
    ),
    Case(
        "import-unknown-revision-choice",
        "--revisions 写成了 keep",
        lambda f: ["import", str(deletion_without_author(f)), "--revisions", "keep"],
        2,
        "不认识的选项",
    ),
    Case(
        "export-reviewed-docx-rejected",
        "把领导改过的 .docx 直接导出，选择拒绝修订（按原文导出，逐处列出）",
        lambda f: ["export", str(reviewed_speech(f)), "--revisions", "reject", "-o", str(f / "o.docx")],
        0,
        "",
        creates=("o.docx",),
    ),
    Case(
        "comments-done-number-not-there",
        "标为已处理时写了不存在的批注编号",
        lambda f: [
            "comments",
            str(draft_with(f, "title: 在会上的讲话\ncomments:\n- {key: title, text: 改标题}\n")),
            "--done",
            "5",
        ],
        2,
        "没有第 5 条批注",
    ),
    Case(
        "comments-done-on-docx",
        "想直接在 .docx 上把批注标为已处理",
        lambda f: ["comments", str(reviewed_speech(f)), "--done", "1"],
        2,
        "只能在草稿中把批注标为已处理",
    ),
    Case(
        "open-draft-comment-done-not-a-flag",
        "手改草稿时把批注的 done 写成了“是”",
        lambda f: ["check", str(draft_with(f, "title: 在会上的讲话\ncomments:\n- {key: title, text: 改, done: 是}\n"))],
        2,
        "应是 true 或 false",
    ),
    Case(
        "open-draft-comments-not-a-list",
        "手改草稿时把 comments 写成了一句话",
        lambda f: ["show", str(draft_with(f, "title: 在会上的讲话\ncomments: 领导说要改\n"))],
        2,
        "应是列表",
    ),
    Case(
        "open-draft-comment-unknown-field",
        "手改草稿时批注里多了一个不认识的字段",
        lambda f: ["check", str(draft_with(f, "title: 在会上的讲话\ncomments:\n- {key: title, txt: 改}\n"))],
        2,
        "不认识的字段",
    ),
    Case(
        "check-comment-on-a-field-that-is-gone",
        "手改草稿后批注指向一个已不存在的要点（作为全文的批注列出）",
        lambda f: ["check", str(draft_with(f, "title: 在会上的讲话\ncomments:\n- {key: points/9/lead, text: 改}\n"))],
        1,
        "",
    ),
]
