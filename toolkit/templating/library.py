"""The section library: speech skeletons and reusable sections an office shares.

A template is a Markdown file with YAML front matter (see ``templates/sections/README.md``)::

    ---
    id: 开头-肯定前面发言
    kind: opening            # skeleton | opening | transition | point | closing
    title: 肯定前面发言的开头
    tags: [通用, 例会]
    variables:
      会议名称: {label: 会议名称, help: 本次会议的全称, example: 全县安全生产工作会议}
    ---
    今天，我们召开{{ 会议名称 }}……

Folders are searched in order: the built-in ``templates/sections``, then the folders in
``JIANGGAO_TEMPLATES`` (``dir1:dir2``) or the config file's ``templates``; a later folder's
template shadows an earlier one with the same id.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.atomic import write_atomic
from toolkit.errors import TemplateError
from toolkit.files import read_regular_file
from toolkit.resources import section_templates_folder
from toolkit.yamlfile import load_yaml_mapping

BUILTIN_FOLDER = section_templates_folder()
ENVIRONMENT_VARIABLE = "JIANGGAO_TEMPLATES"
KINDS = {
    "skeleton": "整篇讲稿骨架",
    "opening": "开头",
    "transition": "过渡句",
    "point": "要点",
    "closing": "结尾",
}
VARIABLE_TYPES = ("text", "list", "date", "number", "choice")
MAX_TEMPLATE_BYTES = 1024 * 1024
"""A section template is a few pages of text at most; a larger file is not read."""
TEMPLATE_ID = re.compile(r"^[\w\u4e00-\u9fff][\w\u4e00-\u9fff（）()·-]*$")


def check_template_id(template_id: str) -> str:
    """*template_id* if it is a plain name (letters, digits, Chinese, - and _), else a clear error.

    Ids are names, never paths: ``../x``, ``/etc/passwd``, ``a/b`` and ``C:\\x`` are refused.
    """
    text = str(template_id or "").strip()
    if not TEMPLATE_ID.match(text) or ".." in text:
        raise TemplateError(
            f"模板编号“{template_id}”不合规", hint="编号只能由中文、字母、数字、- 和 _ 组成，不能含路径（如 ../ 或 /）"
        )
    return text


@dataclass(frozen=True)
class VariableSpec:
    """What a template variable means, for the form that asks for it."""

    name: str
    label: str
    """The Chinese label the composer shows."""
    help: str = ""
    example: Any = ""
    """A realistic value; templates are tested with their examples."""
    default: Any = None
    """Used when the user gives nothing; ``None`` means the variable is required."""
    type: str = "text"
    """``text``, ``list`` (one item a line), ``date``, ``number`` or ``choice``."""
    choices: tuple[str, ...] = ()


@dataclass
class SectionTemplate:
    """One template of the library."""

    id: str
    kind: str
    title: str
    body: str
    """The Jinja2 text after the front matter."""
    tags: list[str] = field(default_factory=list)
    variables: list[VariableSpec] = field(default_factory=list)
    description: str = ""
    path: Path | None = None
    body_line: int = 1
    """The file line the body starts on, so errors can name file lines."""

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    def variable(self, name: str) -> VariableSpec | None:
        return next((spec for spec in self.variables if spec.name == name), None)

    def example_values(self) -> dict[str, Any]:
        """Every variable's example value (what the tests render with)."""
        return {spec.name: spec.example for spec in self.variables}

    def defaults(self) -> dict[str, Any]:
        return {spec.name: spec.default for spec in self.variables if spec.default is not None}


# -- reading template files -----------------------------------------------------------------------------
def parse_template(text: str, *, path: Path | None = None) -> SectionTemplate:
    """A :class:`SectionTemplate` from a template file's *text*; errors name the file and line."""
    where = str(path) if path else "模板"
    lines = text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---":
        raise TemplateError(
            "模板文件应以 --- 开头的说明部分（front matter）开始",
            where=f"{where} 第1行",
            hint="参见 templates/sections/README.md",
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise TemplateError("说明部分没有以 --- 结束", where=where) from None
    meta = load_yaml_mapping("\n".join(lines[1:end]), source=where, what="说明部分", error=TemplateError, first_line=2)
    for key in ("id", "kind", "title", "description"):
        _refuse_collection(meta.get(key), where, f"“{key}”")
    for key in ("id", "kind", "title"):
        if not meta.get(key):
            raise TemplateError(f"说明部分缺少“{key}”", where=where, hint="每个模板都要有 id、kind、title")
    template_id = check_template_id(str(meta["id"]))
    kind = str(meta["kind"])
    if kind not in KINDS:
        raise TemplateError(f"模板类型“{kind}”不认识", where=where, hint="可用：" + "、".join(KINDS))
    declared = meta.get("variables") or {}
    if not isinstance(declared, dict):
        raise TemplateError(
            "说明部分的“variables”应是“变量名: {label: 名称, help: 说明, example: 例子}”的形式",
            where=where,
            hint="每个变量一行，写在 variables: 下面，缩进两格",
        )
    variables = []
    for name, spec in declared.items():
        _refuse_collection(name, where, "variables 中的变量名")
        if not isinstance(spec, dict):
            _refuse_collection(spec, where, f"变量“{name}”")
            spec = {"label": str(spec)}
        for key in ("label", "help", "type"):
            _refuse_collection(spec.get(key), where, f"变量“{name}”的“{key}”")
        choices = spec.get("choices") or ()
        if not isinstance(choices, (list, tuple)) or any(isinstance(c, (list, dict)) for c in choices):
            raise TemplateError(
                f"变量“{name}”的“choices”应是选项列表", where=where, hint="例如 choices: [开门见山, 肯定前面发言]"
            )
        var_type = str(spec.get("type", "text"))
        if var_type not in VARIABLE_TYPES:
            raise TemplateError(
                f"变量“{name}”的类型“{var_type}”不认识", where=where, hint="可用：" + "、".join(VARIABLE_TYPES)
            )
        variables.append(
            VariableSpec(
                name=str(name),
                label=str(spec.get("label") or name),
                help=str(spec.get("help") or ""),
                example=spec.get("example", ""),
                default=spec.get("default"),
                type=var_type,
                choices=tuple(str(c) for c in choices),
            )
        )
    tags = meta.get("tags") or []
    if isinstance(tags, dict) or (isinstance(tags, list) and any(isinstance(t, (list, dict)) for t in tags)):
        raise TemplateError("说明部分的“tags”应是标签列表", where=where, hint="例如 tags: [通用, 例会]")
    return SectionTemplate(
        id=template_id,
        kind=kind,
        title=str(meta["title"]),
        body="\n".join(lines[end + 1 :]).strip("\n") + "\n",
        tags=[str(t) for t in (tags if isinstance(tags, list) else [tags])],
        variables=variables,
        description=str(meta.get("description") or ""),
        path=path,
        body_line=end + 2,
    )


def _refuse_collection(value: Any, where: str, field_name: str) -> None:
    """Refuse a list or mapping where the front matter wants one piece of text."""
    if isinstance(value, (list, dict)):
        raise TemplateError(f"说明部分的{field_name}应是一段文字，不能是列表或多项内容", where=where)


def template_file_text(path: Path) -> str:
    """The text of the template file *path*: only a regular file, at most
    :data:`MAX_TEMPLATE_BYTES`, UTF-8; one Chinese line naming the file otherwise."""
    raw = read_regular_file(path, limit=MAX_TEMPLATE_BYTES, what="模板文件", error=TemplateError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = raw[: problem.start].count(b"\n") + 1
        raise TemplateError(
            "模板文件不是 UTF-8 编码的文本", where=f"{path} 第{line}行", hint="请用文本编辑器“另存为”UTF-8 编码"
        ) from None
    return text


def template_text(template: SectionTemplate) -> str:
    """The file text of *template* (front matter and body), as :func:`save_template` writes it."""
    import yaml

    meta: dict[str, Any] = {"id": template.id, "kind": template.kind, "title": template.title}
    if template.tags:
        meta["tags"] = list(template.tags)
    if template.description:
        meta["description"] = template.description
    if template.variables:
        meta["variables"] = {}
        for spec in template.variables:
            entry: dict[str, Any] = {"label": spec.label}
            if spec.help:
                entry["help"] = spec.help
            entry["example"] = spec.example
            if spec.default is not None:
                entry["default"] = spec.default
            if spec.type != "text":
                entry["type"] = spec.type
            if spec.choices:
                entry["choices"] = list(spec.choices)
            meta["variables"][spec.name] = entry
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n{template.body.rstrip()}\n"


# -- the library -----------------------------------------------------------------------------------------------
def search_folders(extra: list[str | os.PathLike] | None = None) -> list[Path]:
    """The folders searched, in order: built-in, config file, ``JIANGGAO_TEMPLATES``, *extra*."""
    from toolkit.config import load_config

    folders = [BUILTIN_FOLDER]
    folders += [Path(p) for p in load_config().templates]
    folders += [Path(p) for p in os.environ.get(ENVIRONMENT_VARIABLE, "").split(os.pathsep) if p.strip()]
    folders += [Path(p) for p in (extra or [])]
    return folders


class Library:
    """All templates found in the search folders, by id (later folders shadow earlier ones)."""

    def __init__(self, folders: list[Path] | None = None):
        self.folders = folders if folders is not None else search_folders()
        self.templates: dict[str, SectionTemplate] = {}
        self.shadowed: dict[str, list[Path]] = {}
        self.unreadable: dict[Path, str] = {}
        """Files in the office's folders named like templates that could not be used (a FIFO,
        a device, a link to one, a file too large or not UTF-8, front matter that does not
        parse), with why: skipped, so one stray file in a shared folder does not stop
        everyone's library, and listed so it can be fixed."""
        for folder in self.folders:
            if not os.path.isdir(folder):  # never raises, even for a name too long for the disk
                continue
            for path in sorted(folder.rglob("*.md")):
                relative = path.relative_to(folder).parts
                if (
                    path.name.lower() == "readme.md"
                    or any(part.startswith(".") for part in relative)
                    or path.stem.endswith("-checkpoint")
                ):
                    continue  # READMEs, hidden folders such as .ipynb_checkpoints, editor copies
                try:
                    template = parse_template(template_file_text(path), path=path)
                except TemplateError as error:
                    if folder == BUILTIN_FOLDER:
                        raise  # a shipped template that does not parse is a bug, not a stray file
                    self.unreadable[path] = str(error)
                    continue
                if template.id in self.templates:
                    self.shadowed.setdefault(template.id, []).append(self.templates[template.id].path)
                self.templates[template.id] = template

    def __iter__(self):
        return iter(sorted(self.templates.values(), key=lambda t: (list(KINDS).index(t.kind), t.id)))

    def __len__(self) -> int:
        return len(self.templates)

    def get(self, template_id: str) -> SectionTemplate:
        """The template *template_id*; an unknown id suggests the closest ones."""
        template_id = check_template_id(template_id)
        if template_id in self.templates:
            return self.templates[template_id]
        close = difflib.get_close_matches(template_id, list(self.templates), n=3, cutoff=0.3)
        hint = (
            ("是不是：" + "、".join(f"“{c}”" for c in close) + "？")
            if close
            else "运行 jianggao templates 查看全部模板"
        )
        if self.unreadable:  # the template asked for may be the file that could not be read
            hint += (
                f"（另有 {len(self.unreadable)} 个模板文件有问题、已跳过，如 {next(iter(self.unreadable.values()))}）"
            )
        raise TemplateError(f"没有编号为“{template_id}”的模板", hint=hint)

    def search(self, words: str = "", kind: str | None = None) -> list[SectionTemplate]:
        """Templates of *kind* whose title, tags, description or text contain every word.

        The text is searched as staff read it too: the variables' labels, help and example
        values count, so 安全 finds the templates whose example is 全县安全生产工作会议."""
        terms = [w for w in re.split(r"\s+", words.strip()) if w]
        found = []
        for template in self:
            if kind and template.kind != kind:
                continue
            described = [
                text
                for spec in template.variables
                for text in (spec.label, spec.help, *_texts(spec.example), *_texts(spec.default))
            ]
            haystack = " ".join(
                [template.id, template.title, template.description, *template.tags, template.body, *described]
            )
            if all(term in haystack for term in terms):
                found.append(template)
        return found


def _texts(value: Any) -> list[str]:
    """The words in a variable's example or default (a list's items), for searching."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return [str(value)]


def save_template(
    template_id: str,
    body: str,
    *,
    kind: str,
    title: str,
    folder: str | os.PathLike,
    tags: list[str] | None = None,
    variables: list[VariableSpec] | dict | None = None,
    description: str = "",
    overwrite: bool = False,
) -> Path:
    """Save a section to a team library folder as ``folder/<kind>/<id>.md`` and return its path.

    *variables* may be :class:`VariableSpec` objects or a ``{名称: {label, help, example}}``
    mapping. The body is checked (syntax, sandbox rules) before anything is written; an
    existing template is replaced only with ``overwrite``.
    """
    from toolkit.templating.engine import variables_of

    template_id = check_template_id(template_id)
    if kind not in KINDS:
        raise TemplateError(f"模板类型“{kind}”不认识", hint="可用：" + "、".join(KINDS))
    specs: list[VariableSpec] = []
    if isinstance(variables, dict):
        for name, spec in variables.items():
            spec = spec if isinstance(spec, dict) else {"label": str(spec)}
            specs.append(
                VariableSpec(
                    name,
                    str(spec.get("label") or name),
                    str(spec.get("help") or ""),
                    spec.get("example", ""),
                    spec.get("default"),
                    str(spec.get("type", "text")),
                    tuple(spec.get("choices") or ()),
                )
            )
    else:
        specs = list(variables or [])
    used = variables_of(body, name=template_id)
    described = {spec.name for spec in specs}
    missing = sorted(used - described)
    if missing:
        specs += [VariableSpec(name, name) for name in missing]
    template = SectionTemplate(template_id, kind, title, body, list(tags or []), specs, description)
    path = Path(folder) / kind / f"{template_id}.md"
    if not Path(folder).is_dir():
        raise TemplateError("模板库文件夹不存在", where=folder, hint="请先建立这个文件夹，或检查路径")
    path.parent.mkdir(exist_ok=True)
    write_atomic(path, template_text(template).encode("utf-8"), overwrite=overwrite)
    return path
