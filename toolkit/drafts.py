"""Draft files: a speech saved as YAML that people can read, edit and diff.

A draft is one YAML document with a fixed key order; every paragraph is one line, so a
diff shows exactly which paragraph changed. Example (abridged)::

    # 讲稿草稿 jianggao-draft 1 ……
    format: jianggao-draft 1
    title: 在全县防汛工作会议上的讲话
    byline: null
    salutation: 同志们：
    meeting:
      name: 全县防汛工作会议
      speaker: ''
      date: 2026-09-28
      place: ''
      limit_minutes: 10
    opening:
    - 入汛以来，全县降雨偏多……
    transition: 下面，我讲几点意见。
    transition_run_in: true
    numbering: 一要
    point_layout: null
    subnumbering: （一）
    subpoint_layout: null
    points:
    - lead: 切实压紧压实防汛责任。
      body:
      - 防汛工作责任重于泰山……
      subpoints: []
    closing:
    - 同志们，防汛工作时间紧、任务重……
    variables:
      县名: 某某县
    noise:
    - {text: 仅供学习 禁止外传, line: 1, rule: 版权水印}
    import_hints:
    - 第14行：原文编号从“二、”跳到“四、”，已按顺序重新编号（这一点现为“三、”）
    readings:
      六安: Lù'ān
    comments:
    - key: points/0/lead
      author: 张书记
      date: '2026-11-02T09:15:00Z'
      text: 主旨句再提炼一下。
      quote: 切实压紧压实防汛责任。
      done: false
      replies: []

``comments`` (reviewers' 批注 brought in from Word), ``readings`` (the speech's own 注音:
word → pinyin, for the reading copy) and ``sources`` (where the texts taken from the archive
came from: ``{key, title, date, source, speaker, text}``) are written only when there are
some, so a draft without them reads as it always did. Saving is atomic (:func:`toolkit.atomic.write_atomic`); opening checks every field and
names the line of the first wrong one.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from toolkit.atomic import write_atomic
from toolkit.errors import DraftFormatError, InputFileError, NumberingError
from toolkit.files import read_regular_file
from toolkit.model.invisible import clean_speech
from toolkit.model.numbering import marker_style
from toolkit.model.readings import entry_problem
from toolkit.model.review import comment_data, source_data
from toolkit.model.speech import Comment, CommentReply, MeetingFacts, Point, RemovedLine, Source, Speech, SubPoint
from toolkit.model.text import parse_limit_minutes
from toolkit.yamlfile import compose_yaml

if TYPE_CHECKING:
    import yaml

DRAFT_EXTENSION = ".yaml"
"""Added to a draft path that has no extension."""
DRAFT_EXTENSIONS = (".yaml", ".yml")
FORMAT_TAG = "jianggao-draft 1"
MAX_DRAFT_BYTES = 50 * 1024 * 1024

DRAFT_HEADER = (
    "# 讲稿草稿（jianggao-draft 1）。可用任何文本编辑器修改：每段一行，要点不写编号，\n"
    "# 编号由 numbering 决定。改完可运行 jianggao check 检查。\n"
)


def _yaml():
    """PyYAML, imported on first use (it costs ~40 ms, which ``jianggao export x.txt`` never needs)."""
    import yaml

    return yaml


def with_draft_extension(path: str | os.PathLike) -> Path:
    """*path* with ``.yaml`` added when it has no extension at all."""
    path = Path(path)
    return path if path.suffix else path.with_name(path.name + DRAFT_EXTENSION)


def is_draft_path(path: str | os.PathLike) -> bool:
    """Whether *path* names a draft file (by its extension)."""
    return Path(path).suffix.lower() in DRAFT_EXTENSIONS


# -- saving -------------------------------------------------------------------------------
def speech_to_document(speech: Speech) -> dict[str, Any]:
    """*speech* as the draft's plain data (mappings, lists, strings), in the fixed key order."""
    meeting = speech.meeting
    document = {
        "format": FORMAT_TAG,
        "title": speech.title,
        "byline": speech.byline,
        "salutation": speech.salutation,
        "meeting": {
            "name": meeting.name,
            "speaker": meeting.speaker,
            "date": meeting.date.isoformat() if meeting.date else None,
            "place": meeting.place,
            "limit_minutes": meeting.limit_minutes,
        },
        "opening": list(speech.opening),
        "transition": speech.transition,
        "transition_run_in": speech.transition_run_in,
        "numbering": speech.numbering,
        "point_layout": speech.point_layout,
        "subnumbering": speech.subnumbering,
        "subpoint_layout": speech.subpoint_layout,
        "points": [_point_document(point) for point in speech.points],
        "closing": list(speech.closing),
        "variables": dict(speech.variables),
        "noise": [{"text": n.text, "line": n.line, "rule": n.rule} for n in speech.noise],
        **({"import_hints": list(speech.import_hints)} if speech.import_hints else {}),
        **({"readings": dict(speech.readings)} if speech.readings else {}),
    }
    if speech.comments:
        document["comments"] = [comment_data(comment) for comment in speech.comments]
    if speech.sources:
        document["sources"] = [source_data(source) for source in speech.sources]
    return document


def speech_to_yaml(speech: Speech) -> str:
    """The draft text for *speech* (what :func:`save_draft` writes)."""
    yaml = _yaml()
    body = yaml.dump(
        speech_to_document(speech),
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**30,
        indent=2,
    )
    return DRAFT_HEADER + body


def _point_document(point: Point) -> dict:
    document = {
        "lead": point.lead,
        "body": list(point.body),
        "subpoints": [{"lead": sub.lead, "body": list(sub.body)} for sub in point.subpoints],
    }
    if point.section:
        document["section"] = point.section
    return document


def save_draft(speech: Speech, path: str | os.PathLike, *, overwrite: bool = True) -> Path:
    """Write *speech* to the draft file *path* atomically and return the path.

    ``overwrite=False`` refuses to replace an existing file (the CLI's default without
    ``--force``). A *path* that is a symbolic link is written through to its target. To
    keep other people's changes and a writer's comments, edit through
    :class:`DraftDocument` instead.
    """
    data = encode_draft(speech, lambda: speech_to_yaml(speech), Path(path))
    return write_atomic(write_target(Path(path)), data, overwrite=overwrite)


def write_target(path: Path) -> Path:
    """Where writing *path* really goes: a symbolic link's target (so the link stays a link)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def encode_draft(speech: Speech, render: Callable[[], str], path: Path) -> bytes:
    """The draft text ``render()`` makes of *speech*, as UTF-8.

    Invisible and control characters are first removed from *speech* itself (and recorded
    in its ``noise``); a character that cannot be saved (a lone surrogate pasted from a
    broken file) is named by its place in the speech."""
    clean_speech(speech, in_place=True)
    try:
        return render().encode("utf-8")
    except UnicodeEncodeError:
        from toolkit.model.fields import speech_texts

        where = next((where for where, value in speech_texts(speech) if not _encodable(value)), "草稿")
        raise DraftFormatError(
            f"{where}中有无法保存的字符", where=path, hint="请删去这一处的乱码后再保存；已输入的内容仍在编辑器中"
        ) from None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# -- opening --------------------------------------------------------------------------------
def read_draft_text(path: str | os.PathLike) -> tuple[bytes, str]:
    """The bytes of the draft file *path* and their text, checked to be a readable draft-sized
    UTF-8 file (one Chinese line naming the file otherwise)."""
    path = Path(path)
    if os.path.isdir(path):
        raise InputFileError("这是一个文件夹，不是草稿文件", where=path, hint="请指定文件夹里的 .yaml 草稿")
    raw = read_regular_file(path, limit=MAX_DRAFT_BYTES, what="草稿文件")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DraftFormatError(
            "不是 UTF-8 编码的文本",
            where=f"{path} 第{line}行",
            hint="草稿应以 UTF-8 保存；如用记事本编辑，请“另存为”并选择 UTF-8 编码",
        ) from None
    return raw, text


def open_draft(path: str | os.PathLike) -> Speech:
    """Read the draft file at *path*.

    Raises :class:`InputFileError` when the file cannot be read and
    :class:`DraftFormatError` naming the line when its content is not a valid draft.
    """
    _, text = read_draft_text(path)
    return speech_from_yaml(text, source=str(path))


def speech_from_yaml(text: str, *, source: str = "草稿") -> Speech:
    """Parse draft *text*; *source* names it in error messages."""
    if not text.strip():
        raise DraftFormatError("草稿文件是空的", where=source, hint="请用 jianggao import 或 jianggao new 重新生成草稿")
    if "\x00" in text:
        raise DraftFormatError("这不是文本文件", where=source, hint="请确认选择的是 .yaml 草稿")
    root = compose_yaml(text, source=source, error=DraftFormatError)
    return _Reader(source).speech(root)


class _Reader:
    """Turns a composed YAML node tree into a Speech, naming the line of anything wrong."""

    def __init__(self, source: str):
        self.yaml = _yaml()
        self.source = source
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> DraftFormatError:
        return DraftFormatError(message, where=f"{self.source} 第{node.start_mark.line + 1}行", hint=hint)

    def _visit(self, node: yaml.Node) -> None:
        if id(node) in self.seen:
            raise self.fail(node, "草稿中不支持 YAML 锚点和别名（& 与 *）", "请把引用的内容直接写出来")
        self.seen.add(id(node))

    # scalars
    def optional_text(self, node: yaml.Node, name: str) -> str | None:
        self._visit(node)
        if not isinstance(node, self.yaml.ScalarNode):
            raise self.fail(node, f"字段“{name}”应是一段文字", "含“: ”或以 - [ { 开头的文字请整段加引号")
        if node.tag == "tag:yaml.org,2002:null" and not node.style:
            return None
        return node.value

    def text(self, node: yaml.Node, name: str) -> str:
        value = self.optional_text(node, name)
        return "" if value is None else value

    def flag(self, node: yaml.Node, name: str) -> bool:
        self._visit(node)
        value = node.value.lower() if isinstance(node, self.yaml.ScalarNode) else None
        if value in ("true", "yes", "on"):
            return True
        if value in ("false", "no", "off", "", "null", "~"):
            return False
        raise self.fail(node, f"字段“{name}”应是 true 或 false")

    def number(self, node: yaml.Node, name: str) -> int | None:
        value = self.optional_text(node, name)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise self.fail(node, f"字段“{name}”应是整数，现在是“{value}”") from None

    def minutes(self, node: yaml.Node, name: str) -> int | None:
        value = self.optional_text(node, name)
        try:
            return parse_limit_minutes(value)
        except ValueError as error:
            raise self.fail(node, f"字段“{name}”：{error}", "如 limit_minutes: 10；不限时写 null") from None

    def date(self, node: yaml.Node, name: str) -> _dt.date | None:
        value = self.optional_text(node, name)
        if value is None or not value.strip():
            return None
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise self.fail(node, f"日期“{value}”格式不对", "请写成 2026-09-28 这样的年-月-日") from None

    def style(self, node: yaml.Node, name: str, *, optional: bool) -> str | None:
        value = self.optional_text(node, name)
        if value is None:
            if optional:
                return None
            raise self.fail(node, f"字段“{name}”不能为空", "请写一个编号样式，如 （一）")
        try:
            marker_style(value)
        except NumberingError as error:
            raise self.fail(node, error.problem, error.hint) from None
        return value

    def layout(self, node: yaml.Node, name: str) -> str | None:
        value = self.optional_text(node, name)
        if value in (None, "run_in", "heading"):
            return value
        raise self.fail(node, f"字段“{name}”只能是 run_in、heading 或 null，现在是“{value}”")

    # collections
    def sequence(self, node: yaml.Node, name: str) -> list[yaml.Node]:
        self._visit(node)
        if isinstance(node, self.yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(node, self.yaml.SequenceNode):
            raise self.fail(node, f"字段“{name}”应是列表（每项一行，以“- ”开头）")
        return node.value

    def texts(self, node: yaml.Node, name: str) -> list[str]:
        return [self.text(item, name) for item in self.sequence(node, name)]

    def mapping(self, node: yaml.Node, name: str, fields: dict[str, Callable]) -> dict[str, Any]:
        self._visit(node)
        if isinstance(node, self.yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return {}
        if not isinstance(node, self.yaml.MappingNode):
            raise self.fail(node, f"“{name}”应是“字段: 值”的形式")
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, self.yaml.ScalarNode) else None
            if key not in fields:
                import difflib

                close = difflib.get_close_matches(str(key), fields, n=1)
                hint = f"是不是“{close[0]}”？" if close else "可用字段：" + "、".join(fields)
                raise self.fail(key_node, f"“{name}”中有不认识的字段“{key}”", hint)
            if key in values:
                raise self.fail(key_node, f"字段“{key}”重复出现", "请删去多余的一处")
            values[key] = fields[key](value_node, key)
        return values

    def readings(self, node: yaml.Node, name: str) -> dict[str, str]:
        """The draft's 注音 entries (word: reading), each checked as the office list's are."""
        self._visit(node)
        if isinstance(node, self.yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return {}
        if not isinstance(node, self.yaml.MappingNode):
            raise self.fail(node, "“readings”（注音）应是“词语: 读音”的形式", "例如 六安: Lù'ān")
        result: dict[str, str] = {}
        for key_node, value_node in node.value:
            word = self.text(key_node, "注音的词语").strip()
            reading = self.optional_text(value_node, word)
            problem = entry_problem(word, reading)
            if problem:
                raise self.fail(key_node, *problem)
            if word in result:
                raise self.fail(key_node, f"注音“{word}”重复出现", "请删去多余的一处")
            result[word] = reading.strip()
        return result

    def variables(self, node: yaml.Node, name: str) -> dict[str, str]:
        self._visit(node)
        if isinstance(node, self.yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return {}
        if not isinstance(node, self.yaml.MappingNode):
            raise self.fail(node, "“variables”应是“变量名: 值”的形式")
        result: dict[str, str] = {}
        for key_node, value_node in node.value:
            key = self.text(key_node, "变量名")
            if key in result:
                raise self.fail(key_node, f"变量“{key}”重复出现", "请删去多余的一处")
            result[key] = self.text(value_node, key)
        return result

    # the speech
    def subpoint(self, node: yaml.Node, name: str) -> SubPoint:
        values = self.mapping(node, "小点", {"lead": self.text, "body": self.texts})
        return SubPoint(lead=values.get("lead", ""), body=values.get("body", []))

    def point(self, node: yaml.Node, name: str) -> Point:
        values = self.mapping(
            node,
            "要点",
            {
                "lead": self.text,
                "body": self.texts,
                "subpoints": lambda n, k: [self.subpoint(item, k) for item in self.sequence(n, k)],
                "section": self.text,
            },
        )
        return Point(
            lead=values.get("lead", ""),
            body=values.get("body", []),
            subpoints=values.get("subpoints", []),
            section=values.get("section", ""),
        )

    def removed(self, node: yaml.Node, name: str) -> RemovedLine:
        values = self.mapping(node, "noise", {"text": self.text, "line": self.number, "rule": self.text})
        return RemovedLine(text=values.get("text", ""), line=values.get("line"), rule=values.get("rule", ""))

    def reply(self, node: yaml.Node, name: str) -> CommentReply:
        values = self.mapping(node, "答复", {"author": self.text, "date": self.text, "text": self.text})
        return CommentReply(**values)

    def comment(self, node: yaml.Node, name: str) -> Comment:
        values = self.mapping(
            node,
            "批注",
            {
                "key": self.text,
                "author": self.text,
                "date": self.text,
                "text": self.text,
                "quote": self.text,
                "done": self.flag,
                "replies": lambda n, k: [self.reply(item, k) for item in self.sequence(n, k)],
            },
        )
        return Comment(**values)

    def material_source(self, node: yaml.Node, name: str) -> Source:
        fields = ("key", "title", "date", "source", "speaker", "text")
        return Source(**self.mapping(node, "素材来源", {field: self.text for field in fields}))

    def meeting(self, node: yaml.Node, name: str) -> MeetingFacts:
        values = self.mapping(
            node,
            "meeting",
            {
                "name": self.text,
                "speaker": self.text,
                "date": self.date,
                "place": self.text,
                "limit_minutes": self.minutes,
            },
        )
        return MeetingFacts(**values)

    def speech(self, root: yaml.Node | None) -> Speech:
        if root is None:
            raise DraftFormatError("草稿文件里没有内容", where=self.source)
        if not isinstance(root, self.yaml.MappingNode):
            raise self.fail(root, "这不是讲稿草稿（应以“format: jianggao-draft 1”等字段开头）")
        fields: dict[str, Callable] = {
            "format": self.text,
            "title": self.optional_text,
            "byline": self.optional_text,
            "salutation": self.optional_text,
            "meeting": self.meeting,
            "opening": self.texts,
            "transition": self.optional_text,
            "transition_run_in": self.flag,
            "numbering": lambda n, k: self.style(n, k, optional=True),
            "point_layout": self.layout,
            "subnumbering": lambda n, k: self.style(n, k, optional=False),
            "subpoint_layout": self.layout,
            "points": lambda n, k: [self.point(item, k) for item in self.sequence(n, k)],
            "closing": self.texts,
            "variables": self.variables,
            "noise": lambda n, k: [self.removed(item, k) for item in self.sequence(n, k)],
            "import_hints": self.texts,
            "readings": self.readings,
            "comments": lambda n, k: [self.comment(item, k) for item in self.sequence(n, k)],
            "sources": lambda n, k: [self.material_source(item, k) for item in self.sequence(n, k)],
        }
        values = self.mapping(root, "草稿", fields)
        fmt = values.pop("format", FORMAT_TAG)
        if fmt != FORMAT_TAG:
            raise self.fail(
                root, f"草稿格式“{fmt}”不是本工具支持的“{FORMAT_TAG}”", "请升级 jianggao，或用 jianggao import 重新导入"
            )
        return Speech(**values)
