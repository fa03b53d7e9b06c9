"""Reading template cells: ``%%section`` options and front matter, ``%%variables`` bodies.

Shared by the IPython magics (cells run live) and the nbconvert exporter (cells read
from the notebook file without running it), so both understand a cell the same way.
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass
from typing import Any

from toolkit.errors import TemplateError
from toolkit.yamlfile import load_yaml_mapping


@dataclass
class SectionCell:
    """A parsed ``%%section`` cell: its kind, name, how to insert it, and its Jinja2 text."""

    kind: str
    name: str
    mode: str
    index: int | None
    source: str


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        raise TemplateError(
            f"%%section 的参数不对（{message}）", hint="写法：%%section 类型 --name 名称 [--append] [--at 位置]"
        )


def _option_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="%%section", add_help=False)
    parser.add_argument("kind", nargs="?")
    parser.add_argument("--name", "-n", default="")
    parser.add_argument("--append", action="store_true")
    parser.add_argument("--at", type=int, default=None)
    return parser


def parse_section_cell(line: str, body: str) -> SectionCell:
    """The section a cell holds: options from the magic *line*, then front matter in *body*
    (``---`` / ``kind: point`` / ``name: 压实责任`` / ``---``) which options override."""
    try:
        words = shlex.split(line)
    except ValueError as error:
        raise TemplateError(f"%%section 这一行的引号不配对（{error}）") from None
    options = _option_parser().parse_args(words)
    meta: dict[str, Any] = {}
    text = body
    lines = body.lstrip("\n").split("\n")
    if lines and lines[0].strip() == "---":
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            raise TemplateError("节的说明部分没有以 --- 结束") from None
        meta = load_yaml_mapping(
            "\n".join(lines[1:end]),
            source="本单元格",
            what="节的说明部分",
            error=TemplateError,
            first_line=2,
            hint="每行写“字段: 值”，如 kind: point",
        )
        text = "\n".join(lines[end + 1 :])
    kind = options.kind or str(meta.get("kind") or "")
    if not kind:
        raise TemplateError("没有说明这一节的类型", hint="写成 %%section opening，或在说明部分写 kind: opening")
    name = options.name or str(meta.get("name") or meta.get("id") or "")
    mode = "append" if options.append or meta.get("mode") == "append" else "replace"
    index = options.at if options.at is not None else meta.get("at")
    if index is not None and (isinstance(index, bool) or not isinstance(index, int)):
        raise TemplateError("节的说明部分中 at 应是一个整数（放在第几点）", where="本单元格", hint="例如 at: 2")
    return SectionCell(kind, name, mode, int(index) - 1 if index else None, text)


def parse_variables_cell(body: str) -> dict[str, Any]:
    """The ``名称: 值`` lines of a ``%%variables`` cell."""
    return load_yaml_mapping(
        body,
        source="本单元格",
        what="变量单元格",
        error=TemplateError,
        first_line=2,
        hint="每行写“名称: 值”，列表写成 [甲, 乙]",
        shape="“名称: 值”",
    )
