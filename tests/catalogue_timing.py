"""Catalogue rows: speaking time that fits the meeting (issue 15, point 3). The meeting's
slot (讲话时长, ``limit_minutes`` in a draft, ``--var 讲话时长=`` for a new one), the
speakers' own rates in the settings (讲话人语速) and ``--rate``: each wrong value is one
line naming the file and the key; a speech over its slot is a problem ``check`` lists
(exit 1), never an error."""

from __future__ import annotations

from catalogue import Case, draft_with, write

CONFIG = {"JIANGGAO_CONFIG": "{folder}/config.yaml"}
OVER_SLOT = (
    "title: 在全县工作会议上的讲话\nsalutation: 同志们：\nmeeting:\n  limit_minutes: 1\n"
    "opening:\n- " + "今天召开全县工作会议，主要是研究部署下一阶段工作。" * 12 + "\n"
)
"""A draft of about 300 spoken characters given one minute: two minutes at 150 a minute."""


def _show_with_config(settings: str):
    """A row's setup: the settings file holding *settings*, then ``show`` of a small draft."""

    def setup(folder):
        write(folder, "config.yaml", settings)
        return ["show", str(draft_with(folder, "title: 在会上的讲话\nopening:\n- 今天开会。\n"))]

    return setup


CASES = [
    Case(
        "open-config-speaker-rate-words",
        "设置文件里讲话人语速写成了“快”",
        _show_with_config("讲话人语速: {张书记: 快}\n"),
        2,
        "config.yaml：设置文件中 讲话人语速 里“张书记”的语速应是每分钟字数",
        env=CONFIG,
    ),
    Case(
        "open-config-speaker-rate-huge",
        "设置文件里讲话人语速多打了一个零（1500）",
        _show_with_config("讲话人语速:\n  李县长: 1500\n"),
        2,
        "“李县长”的语速应是每分钟字数（60 到 400 之间的整数），现在是“1500”",
        env=CONFIG,
    ),
    Case(
        "open-config-speaker-rates-list",
        "设置文件里讲话人语速写成了列表",
        _show_with_config("讲话人语速: [张书记, 180]\n"),
        2,
        "讲话人语速 应是“讲话人: 每分钟字数”的对照",
        env=CONFIG,
    ),
    Case(
        "open-config-speaker-without-name",
        "设置文件里讲话人语速有一项没写名字",
        _show_with_config("讲话人语速: {'': 180}\n"),
        2,
        "讲话人语速 有一项没写讲话人",
        env=CONFIG,
    ),
    Case(
        "open-config-speaking-rate-yes",
        "设置文件里 speaking_rate 写成了 yes",
        _show_with_config("speaking_rate: yes\n"),
        2,
        "speaking_rate 应是每分钟字数",
        env=CONFIG,
    ),
    Case(
        "open-draft-limit-minutes-words",
        "手改草稿时讲话时长写成了“十分钟”",
        lambda f: ["check", str(draft_with(f, "title: 在会上的讲话\nmeeting:\n  limit_minutes: 十分钟\n"))],
        2,
        "草稿.yaml 第4行：字段“limit_minutes”：讲话时长应是 1 到 600 之间的整分钟数，现在是“十分钟”",
    ),
    Case(
        "open-draft-limit-minutes-negative",
        "手改草稿时讲话时长写成了负数",
        lambda f: ["show", str(draft_with(f, "meeting:\n  limit_minutes: -5\n"))],
        2,
        "现在是“-5”",
    ),
    Case(
        "open-draft-limit-minutes-fraction",
        "手改草稿时讲话时长写成了 7.5 分钟",
        lambda f: ["show", str(draft_with(f, "meeting:\n  limit_minutes: 7.5\n"))],
        2,
        "整分钟数",
    ),
    Case(
        "new-limit-minutes-words",
        "新建讲稿时讲话时长填了“半小时”",
        lambda f: ["new", "--template", "例会讲话", "-o", str(f / "d"), "--var", "讲话时长=半小时"],
        2,
        "变量“讲话时长”：讲话时长应是 1 到 600 之间的整分钟数，现在是“半小时”",
    ),
    Case(
        "show-rate-zero",
        "查看时长时把语速写成了 0",
        lambda f: ["show", str(draft_with(f, "title: 在会上的讲话\n")), "--rate", "0"],
        2,
        "--rate",
    ),
    Case(
        "check-over-slot",
        "讲稿超出会议限定的讲话时长（不是错误：check 列出问题）",
        lambda f: ["check", str(draft_with(f, OVER_SLOT))],
        1,
        "",
    ),
]
