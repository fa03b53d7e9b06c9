"""The one way the toolkit reads YAML: drafts, template front matter, variable files and
cells, the settings file, noise-rule files and style maps.

Every reader goes through :func:`compose_yaml` (a node tree with line marks) or
:func:`load_yaml_mapping` (plain values), so every broken file gets the same kind of
message, one Chinese line naming the file and line and what to do::

    草稿.yaml 第12行：YAML 格式不对：缺少“:”。请检查这一行及上一行的缩进、冒号和引号

Anchors and aliases (``&a`` / ``*a``, the way a few hundred bytes grow into gigabytes) and
language-specific tags (``!!python/object``) are refused wherever YAML is read. A leaf
module beside ``errors``: PyYAML is imported on first use (it costs ~40 ms).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from toolkit.errors import InputFileError, ToolkitError
from toolkit.files import read_regular_file

DEFAULT_HINT = "请检查这一行及上一行的缩进、冒号和引号（含冒号或以 - 开头的文字要加引号）"
_STANDARD_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_STANDARD_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
"""The only tags a file may hold: plain text, numbers, dates, lists and mappings."""

_PROBLEMS = (
    ("mapping values are not allowed", "这里不能出现“: ”（文字中的冒号后跟空格会被当成字段，请给整段文字加引号）"),
    ("could not find expected ':'", "缺少“:”"),
    ("tab", "不能用 Tab 缩进，请改用空格"),
    ("'\\t'", "不能用 Tab 缩进，请改用空格"),
    ("found unexpected end of stream", "文件意外结束（引号没有配对）"),
    ("did not find expected ',' or ']'", "方括号 [ ] 没有配对"),
    ("did not find expected ',' or '}'", "花括号 { } 没有配对"),
    ("did not find expected key", "缩进不对，或缺少“- ”"),
    ("did not find expected '-'", "列表项“- ”的缩进不对"),
    ("expected <block end>", "缩进不对"),
    ("found undefined alias", "使用了未定义的别名（*）"),
    ("found character that cannot start any token", "这一行以 YAML 的特殊符号开头（如 @ ` % |），请给整段文字加引号"),
    ("found duplicate anchor", "锚点（&）重复"),
    ("expected node content", "缺少内容（括号或引号没有配对？）"),
)


def _yaml():
    import yaml

    return yaml


def _loader():
    yaml = _yaml()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def translate_problem(problem: str) -> str:
    """PyYAML's English *problem* in plain Chinese."""
    for english, chinese in _PROBLEMS:
        if english in problem:
            return chinese
    return f"格式不对（{problem}）" if problem else "格式不对"


def compose_yaml(
    text: str,
    *,
    source: str | os.PathLike,
    what: str = "",
    error: type[ToolkitError] = InputFileError,
    first_line: int = 1,
    hint: str = DEFAULT_HINT,
):
    """The YAML node tree of *text* (``None`` when it is empty), checked to hold no anchors,
    aliases or language-specific tags.

    *source* names the file in messages, *what* names the kind of file (``草稿``,
    ``变量文件``…), *error* is the :class:`ToolkitError` subclass raised, and *first_line*
    is the file line that *text* starts at (front matter starts at line 2).
    """
    yaml = _yaml()
    label = f"{what}的 " if what else ""
    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        last_line = text.count("\n")  # libyaml puts an end-of-stream error past the last line
        where = _where(source, min(mark.line, last_line) + first_line if mark else None)
        message = translate_problem(problem.problem or problem.context or "")
        if mark and _tab_near(text, mark.line):
            message = "不能用 Tab 缩进，请改用空格"
        raise error(f"{label}YAML 格式不对：{message}", where=where, hint=hint) from None
    except yaml.YAMLError as problem:
        raise error(f"{label}YAML 格式不对（{problem}）", where=_where(source, None), hint=hint) from None
    if root is not None:
        _refuse_shared_and_foreign(root, source, first_line, label, error)
    return root


def load_yaml_mapping(
    text: str,
    *,
    source: str | os.PathLike,
    what: str,
    error: type[ToolkitError] = InputFileError,
    first_line: int = 1,
    hint: str = DEFAULT_HINT,
    shape: str = "“字段: 值”",
) -> dict[str, Any]:
    """*text* read as a YAML mapping of plain values (``{}`` when empty).

    Raises *error* with one Chinese line naming the file and line when it is not YAML,
    holds anchors, aliases or foreign tags, or is not a mapping (*shape* says what it should
    look like).
    """
    root = compose_yaml(text, source=source, what=what, error=error, first_line=first_line, hint=hint)
    if root is None:
        return {}
    yaml = _yaml()
    if not isinstance(root, yaml.MappingNode):
        if isinstance(root, yaml.ScalarNode) and root.tag == _STANDARD_TAG + "null":
            return {}
        raise error(f"{what}应是{shape}的形式", where=_where(source, root.start_mark.line + first_line))
    constructor = yaml.constructor.SafeConstructor()
    try:
        return constructor.construct_document(root)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = _where(source, mark.line + first_line if mark else None)
        raise error(
            f"{what}的 YAML 格式不对：{translate_problem(getattr(problem, 'problem', '') or '')}",
            where=where,
            hint=hint,
        ) from None


def load_yaml_entries(
    text: str,
    *,
    source: str | os.PathLike,
    what: str,
    key: str,
    error: type[ToolkitError] = InputFileError,
    hint: str = DEFAULT_HINT,
) -> list[tuple[int, Any]]:
    """The items of the list under *key*, the one field of the YAML mapping *text*, each
    with the line of the file it starts on, so a wrong item can be named by its line
    (``[]`` when the file or the list is empty).

    Raises *error* naming the file and line for broken YAML, another field, or a *key* that
    is no list."""
    root = compose_yaml(text, source=source, what=what, error=error, hint=hint)
    yaml = _yaml()
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _STANDARD_TAG + "null"):
        return []
    if not isinstance(root, yaml.MappingNode):
        raise error(f"{what}应是“{key}: 列表”的形式", where=_where(source, root.start_mark.line + 1), hint=hint)
    listed = None
    for name, value in root.value:
        if name.value != key:
            raise error(
                f"{what}中有不认识的字段“{name.value}”", where=_where(source, name.start_mark.line + 1), hint=hint
            )
        listed = value
    if listed is None or (isinstance(listed, yaml.ScalarNode) and listed.tag == _STANDARD_TAG + "null"):
        return []
    if not isinstance(listed, yaml.SequenceNode):
        raise error(f"{key} 应是列表，每一项以“- ”开头", where=_where(source, listed.start_mark.line + 1), hint=hint)
    constructor = yaml.constructor.SafeConstructor()
    return [(node.start_mark.line + 1, constructor.construct_document(node)) for node in listed.value]


def read_text_file(
    path: str | os.PathLike,
    *,
    what: str,
    error: type[ToolkitError] = InputFileError,
    max_bytes: int = 5 * 1024 * 1024,
    hint: str | None = None,
) -> str:
    """The UTF-8 text of the small file *path* (a settings file, a variable file…).

    Refuses, with one Chinese line naming the file, what is missing, a folder, larger
    than *max_bytes*, or not UTF-8 text.
    """
    path = Path(path)
    raw = read_regular_file(path, limit=max_bytes, what=what, error=error, missing_hint=hint)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = raw[: problem.start].count(b"\n") + 1
        raise error(
            f"{what}不是 UTF-8 编码的文本", where=f"{path} 第{line}行", hint="请用文本编辑器“另存为”UTF-8 编码"
        ) from None


def read_yaml_mapping(
    path: str | os.PathLike,
    *,
    what: str,
    error: type[ToolkitError] = InputFileError,
    hint: str = DEFAULT_HINT,
    shape: str = "“字段: 值”",
    missing_hint: str | None = None,
) -> dict[str, Any]:
    """The YAML mapping in the file *path* (see :func:`load_yaml_mapping`)."""
    text = read_text_file(path, what=what, error=error, hint=missing_hint)
    return load_yaml_mapping(text, source=path, what=what, error=error, hint=hint, shape=shape)


def _where(source: str | os.PathLike, line: int | None) -> str:
    return f"{source} 第{line}行" if line else str(source)


def _tab_near(text: str, line: int) -> bool:
    lines = text.split("\n")
    return "\t" in "".join(lines[max(0, line - 1) : line + 1]).split("#")[0][:40]


def _refuse_shared_and_foreign(root, source, first_line: int, label: str, error: type[ToolkitError]) -> None:
    """Raise unless every node of *root* appears once (no aliases) and has a standard tag."""
    yaml = _yaml()
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise error(
                f"{label}YAML 中不支持锚点和别名（& 与 *）",
                where=_where(source, node.start_mark.line + first_line),
                hint="请把引用的内容直接写出来",
            )
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise error(
                f"{label}YAML 中不支持“{node.tag}”这样的标记",
                where=_where(source, node.start_mark.line + first_line),
                hint="请删去以 ! 开头的标记",
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [value, key]
        elif isinstance(node, yaml.SequenceNode):
            stack += list(reversed(node.value))
