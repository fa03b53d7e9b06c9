"""Batch export: one speech per row of a CSV file (say one per township).

The first CSV row names the variables; each further row is one speech. The source is a
skeleton from the library (by id) or a draft whose ``{{ 变量 }}`` the row fills. An
optional column ``文件名`` names each output file. A broken row is reported with its row
number (as Excel shows it, the header being row 1) and does not stop the others.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit import service
from toolkit.errors import InputFileError, OutputError, ToolkitError
from toolkit.model.speech import Speech

NAME_COLUMN = "文件名"
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass
class BatchFailure:
    """A row that could not be written: its row number and the one-line reason."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


@dataclass
class BatchResult:
    """What a batch wrote and what it could not."""

    written: list[Path] = field(default_factory=list)
    failures: list[BatchFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    """Through a house template: the style each part used (from the first document written)."""

    @property
    def summary(self) -> str:
        text = f"共 {len(self.written) + len(self.failures)} 行：成功 {len(self.written)} 篇"
        return text + (f"，失败 {len(self.failures)} 行" if self.failures else "")


def read_rows(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """``(row number, {column: value})`` for each data row of the CSV file *path*
    (UTF-8 with or without BOM, or GBK as Excel saves it on Chinese Windows)."""
    path = Path(path)
    if not os.path.exists(path):  # never raises (a name too long for the disk is not found)
        raise InputFileError("找不到变量表（CSV）", where=path, hint="请检查 --vars 的路径")
    if os.path.isdir(path):
        raise InputFileError("变量表应是一个 .csv 文件，这里给的是文件夹", where=path)
    text = service.decode_text_file(path)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise InputFileError("变量表是空的", where=path, hint="第一行写变量名，以后每行一篇讲稿") from None
    except csv.Error as error:
        raise InputFileError(f"变量表格式不对（{error}）", where=f"{path} 第1行") from None
    names = [name.strip() for name in header]
    if not any(names):
        raise InputFileError("变量表第一行应是变量名", where=f"{path} 第1行")
    duplicates = {name for name in names if name and names.count(name) > 1}
    if duplicates:
        raise InputFileError(f"变量名“{sorted(duplicates)[0]}”重复", where=f"{path} 第1行", hint="每列的变量名应不同")
    rows = []
    try:
        for cells in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows.append(
                (
                    number,
                    {name: cell.strip() for name, cell in zip(names, cells) if name}
                    | ({"__extra__": "1"} if len(cells) > len(names) else {}),
                )
            )
    except csv.Error as error:
        raise InputFileError(f"变量表格式不对（{error}）", where=f"{path} 第{reader.line_num}行") from None
    return rows


def output_name(row_number: int, values: dict[str, str], used: set[str]) -> str:
    """The file name for a row: its 文件名 column, else the row number and first value."""
    base = values.get(NAME_COLUMN, "").strip()
    if not base:
        first = next((v for k, v in values.items() if k not in (NAME_COLUMN, "__extra__") and v), "")
        base = f"{row_number:03d}-{first}" if first else f"{row_number:03d}"
    base = _UNSAFE_NAME.sub("_", base).strip(". ") or f"{row_number:03d}"
    if base.lower().endswith(".docx"):
        base = base[:-5]
    name = f"{base}.docx"
    counter = 2
    while name in used:
        name = f"{base}-{counter}.docx"
        counter += 1
    used.add(name)
    return name


def run_batch(
    source: str | Path,
    rows_path: str | Path,
    out_dir: str | Path,
    *,
    template: str | Path | None = None,
    options: service.ExportOptions | None = None,
    overwrite: bool = False,
    progress: bool = True,
) -> BatchResult:
    """Write one .docx per CSV row into *out_dir* from *source* (a skeleton id or a draft)."""
    out_dir = Path(out_dir)
    if not os.path.exists(out_dir):
        raise OutputError("输出文件夹不存在", where=out_dir, hint="请先建立这个文件夹")
    if not os.path.isdir(out_dir):
        raise OutputError("输出位置不是文件夹", where=out_dir)
    make_speech = _speech_maker(source)
    rows = read_rows(rows_path)
    result = BatchResult()
    used: set[str] = set()
    iterator = rows
    if progress:
        from tqdm import tqdm

        iterator = tqdm(rows, desc="导出", unit="篇", ascii=True, dynamic_ncols=True)
    for number, values in iterator:
        if "__extra__" in values:
            result.failures.append(BatchFailure(number, "这一行的格子比第一行的变量名多，请检查是否多了逗号"))
            continue
        name = output_name(number, values, used)
        values = {k: v for k, v in values.items() if k != NAME_COLUMN}
        try:
            speech = make_speech(values)
            written = service.export(
                speech, out_dir / name, template=template, options=options, values=values, overwrite=overwrite
            )
        except ToolkitError as error:
            result.failures.append(BatchFailure(number, str(error)))
            continue
        result.written.append(written.path)
        result.styles = result.styles or written.styles
        for warning in written.warnings:
            if warning not in result.warnings:
                result.warnings.append(warning)
    return result


def _speech_maker(source: str | Path):
    """A function row values → Speech, for a draft file or a skeleton id."""
    import copy

    path = Path(source)
    if service.is_draft_path(path) or os.path.exists(path):
        if not service.is_draft_path(path):
            raise InputFileError(
                "批量导出的来源应是草稿（.yaml）或骨架模板编号",
                where=path,
                hint="讲稿文件请先用 jianggao import 转成草稿，并在正文中写入 {{ 变量 }}",
            )
        draft = service.open_speech(path)
        return lambda values: copy.deepcopy(draft)
    from toolkit.templating.library import Library
    from toolkit.templating.sections import speech_from_skeleton

    template = Library().get(str(source))

    def from_skeleton(values: dict[str, Any]) -> Speech:
        return speech_from_skeleton(template, values, allow_unfilled=False)

    return from_skeleton
