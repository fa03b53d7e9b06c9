"""Variable values given on the command line or in a file (``--var 名称=值``, ``--vars 文件.yaml``)."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import TemplateError
from toolkit.yamlfile import read_yaml_mapping


def parse_variable_assignments(assignments: list[str]) -> dict[str, str]:
    """``["县名=某县"]`` → ``{"县名": "某县"}``; a malformed one is a clear error."""
    values: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise TemplateError(f"--var 的写法不对：“{item}”", hint="应写成 --var 名称=值，例如 --var 县名=某某县")
        values[name.strip()] = value
    return values


def load_variable_file(path_text: str) -> dict[str, str]:
    """Variables from a YAML (or JSON) file of ``名称: 值`` lines."""
    data = read_yaml_mapping(
        Path(path_text),
        what="变量文件",
        error=TemplateError,
        hint="每行写“名称: 值”",
        shape="“名称: 值”",
        missing_hint="请检查 --vars 的路径",
    )
    values: dict[str, str | list[str]] = {}
    for name, value in data.items():
        if isinstance(value, dict):
            raise TemplateError(
                f"变量“{name}”的值应是文字或列表", where=path_text, hint="列表写成 [甲, 乙] 或每项一行“- 甲”"
            )
        if isinstance(value, list):
            if any(isinstance(item, (dict, list)) for item in value):
                raise TemplateError(f"变量“{name}”的列表中每项应是一段文字", where=path_text)
            values[str(name)] = ["" if item is None else str(item) for item in value]
        else:
            values[str(name)] = "" if value is None else str(value)
    return values
