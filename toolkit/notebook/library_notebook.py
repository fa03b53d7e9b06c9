"""Build ``notebooks/template-cells.ipynb``: the section library presented as cells.

Part one is a runnable template (a %%variables cell and %%section cells built from the
library's 例会讲话 skeleton and sections); part two lists every library template as a raw
cell staff copy into their own notebooks. ``python notebooks/build_template_cells.py``
rewrites the file; a test fails when it no longer matches the library.
"""

from __future__ import annotations

import json
from typing import Any

import nbformat

from toolkit.templating.library import KINDS, Library, SectionTemplate

DEMO = [("skeleton", "例会讲话"), ("point", "要点-压实工作责任"), ("closing", "结尾-号召奋进")]


def _cell_id(prefix: str, number: int) -> str:
    return f"{prefix}-{number:03d}"


def _yaml_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return (
        json.dumps(str(value), ensure_ascii=False)
        if any(ch in str(value) for ch in ":#{}[],&*!|>'\"%@`")
        else str(value)
    )


def _variables_cell(templates: list[SectionTemplate]) -> str:
    lines = ["%%variables"]
    seen = set()
    for template in templates:
        for spec in template.variables:
            if spec.name in seen:
                continue
            seen.add(spec.name)
            lines.append(f"{spec.name}: {_yaml_value(spec.example)}")
    return "\n".join(lines)


def _section_cell(template: SectionTemplate) -> str:
    kind = "outline" if template.kind == "skeleton" else template.kind
    return f"%%section {kind} --name {template.id}\n{template.body.rstrip()}"


def _describe(template: SectionTemplate) -> str:
    lines = [f"**{template.title}**（{KINDS[template.kind]}，编号 `{template.id}`）", ""]
    if template.description:
        lines += [template.description, ""]
    for spec in template.variables:
        example = "、".join(map(str, spec.example)) if isinstance(spec.example, list) else spec.example
        lines.append(f"- `{spec.name}`：{spec.label}。{spec.help}（例：{example}）")
    return "\n".join(lines)


def build_library_notebook(library: Library | None = None):
    """The template-cells notebook for *library* (the configured one by default)."""
    library = library or Library()
    demo = [library.get(template_id) for _, template_id in DEMO]
    cells = [
        nbformat.v4.new_markdown_cell(
            "# 模板单元格：用模板库拼一篇讲稿\n\n"
            "本笔记本把模板库里的讲稿骨架和常用段落做成单元格。第一部分可以直接运行：先填变量，再逐格放入各节，"
            "右侧会显示放入的内容。把 `%%variables` 里的值改成本次会议的情况，再“运行全部单元格”即可。\n\n"
            "- `%load_ext toolkit` 启用模板单元格；`%draft 文件名.yaml` 把结果保存到草稿文件（不写则只在内存中）。\n"
            "- `%%section 类型 --name 名称`：类型为 outline（标题、称呼等整体大纲）、opening、transition、point、closing；"
            "同名的节再次运行会替换原来那一节。\n"
            "- 不运行也能导出：`jupyter nbconvert --to jianggao template-cells.ipynb` 生成 Word 文档。\n"
            "- 第二部分列出模板库中的全部模板，复制到自己的笔记本里使用。"
        )
    ]
    cells.append(nbformat.v4.new_code_cell("%load_ext toolkit"))
    cells.append(
        nbformat.v4.new_markdown_cell("## 第一部分：一篇可以直接运行的讲稿模板\n\n先填写变量（会议名称、要点等）：")
    )
    cells.append(nbformat.v4.new_code_cell(_variables_cell(demo)))
    for template in demo:
        cells.append(nbformat.v4.new_markdown_cell(_describe(template)))
        cells.append(nbformat.v4.new_code_cell(_section_cell(template)))
    cells.append(
        nbformat.v4.new_markdown_cell(
            "## 第二部分：模板库中的全部模板\n\n下面每个灰色单元格是一个模板，"
            "复制到代码单元格中运行，即可放入当前草稿。"
        )
    )
    for template in library:
        cells.append(nbformat.v4.new_markdown_cell(_describe(template)))
        cells.append(nbformat.v4.new_raw_cell(_section_cell(template)))
    for number, cell in enumerate(cells, 1):
        cell["id"] = _cell_id(cell["cell_type"], number)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def library_notebook_text(library: Library | None = None) -> str:
    """The notebook as the text written to disk."""
    return nbformat.writes(build_library_notebook(library)) + "\n"
