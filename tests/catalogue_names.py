"""Catalogue rows: the office's outdated-names files and the settings for leftover names
(issue 14). An office extends the built-in list of outdated names with its own files (the
config's ``outdated_names``, ``JIANGGAO_OUTDATED_NAMES``) and names its level and places in
the settings; a broken one is one line naming the file and line, and `check` exits 2."""

from __future__ import annotations

from pathlib import Path

from catalogue import SPEECH_TXT, Case, write

CONFIG = {"JIANGGAO_CONFIG": "{folder}/设置.yaml"}


def _check_with(names: str | None, settings: str = "outdated_names: [过时名称.yaml]\n"):
    """A row's setup: the settings, an outdated-names file holding *names* (none when
    ``None``) and `check` of a plain speech."""

    def setup(folder: Path) -> list[str]:
        write(folder, "设置.yaml", settings)
        if names is not None:
            write(folder, "过时名称.yaml", names)
        return ["check", str(write(folder, "讲话.txt", SPEECH_TXT))]

    return setup


CASES = [
    Case(
        "check-outdated-names-broken-yaml",
        "单位的过时名称文件少了冒号",
        _check_with("names:\n  - name: 国土资源局\n    replacement 自然资源局\n"),
        2,
        "过时名称文件的 YAML 格式不对",
        env=CONFIG,
    ),
    Case(
        "check-outdated-names-missing-replacement",
        "单位的过时名称文件有一条没写现在的名称",
        _check_with("names:\n  - name: 国土资源局\n    since: 2019\n"),
        2,
        "第2行：过时名称文件的第1条缺少 replacement",
        env=CONFIG,
    ),
    Case(
        "check-outdated-names-bad-date",
        "单位的过时名称文件把日期写成了“去年”",
        _check_with(
            "names:\n  - {name: 甲局, replacement: 乙局, since: 2019}\n  - {name: 丙局, replacement: 丁局, since: 去年}\n"
        ),
        2,
        "第3行：过时名称文件的第2条的 since 应是改名的日期",
        env=CONFIG,
    ),
    Case(
        "check-outdated-names-unknown-field",
        "单位的过时名称文件把 replacement 写成了 replace",
        _check_with("names:\n  - {name: 甲局, replace: 乙局, since: 2019}\n"),
        2,
        "有不认识的字段“replace”",
        env=CONFIG,
    ),
    Case(
        "check-outdated-names-not-a-list",
        "单位的过时名称文件 names 后面只写了一个名称",
        _check_with("names: 国土资源局\n"),
        2,
        "names 应是列表",
        env=CONFIG,
    ),
    Case(
        "check-outdated-names-missing-file",
        "设置文件里的过时名称文件不存在",
        _check_with(None),
        2,
        "过时名称文件",
        env=CONFIG,
    ),
    Case(
        "check-outdated-names-environment-binary",
        "环境变量指向的过时名称文件是乱码",
        lambda f: [
            write(f, "乱码.yaml", b"\xff\xfe\x00names"),
            "check",
            str(write(f, "讲话.txt", SPEECH_TXT)),
        ][1:],
        2,
        "不是 UTF-8",
        env={"JIANGGAO_OUTDATED_NAMES": "{folder}/乱码.yaml"},
    ),
    Case(
        "check-config-office-level",
        "设置文件里 office_level 写成了“村”",
        _check_with(None, "office_level: 村\n"),
        2,
        "office_level",
        env=CONFIG,
    ),
    Case(
        "check-config-local-places-mapping",
        "设置文件里 local_places 写成了“名称: 值”",
        _check_with(None, "local_places: {县: 某某县}\n"),
        2,
        "local_places",
        env=CONFIG,
    ),
]
