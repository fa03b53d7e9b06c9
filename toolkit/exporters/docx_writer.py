"""Writing a speech into a Word document through a Word template.

The template (the built-in official layout, or an office's house .docx) supplies styles,
page set-up, header and footer. The speech's parts are mapped onto its styles by name
(:data:`DEFAULT_STYLE_NAMES`, overridable per role); a style the template lacks is added
from the built-in definitions with a warning. The template's own body text is dropped,
unless a paragraph reading ``{{讲稿}}`` marks where the speech goes: then what stands
before and after it (a red header, a 发文机关标志) frames the speech.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal

from lxml import etree

from toolkit.errors import InputFileError, OutputError, TemplateError, UnfilledVariableError
from toolkit.exporters import official, reading_layout
from toolkit.exporters.house_template import clean_house_template
from toolkit.exporters.official import XML_SPACE, W, add
from toolkit.exporters.reading_copy import paragraph_text, reading_paragraphs
from toolkit.exporters.reading_layout import ReadingCopy
from toolkit.exporters.title_breaks import break_title, text_width
from toolkit.exporters.word_styles import (
    UNUSUAL_SIZE,
    Direct,
    Found,
    TemplateStyles,
    find_part_style,
    genre_formatting,
)
from toolkit.files import read_regular_file
from toolkit.model.fields import speech_texts
from toolkit.model.layout import Block, speech_blocks
from toolkit.model.numbering import MarkerStyle
from toolkit.model.speech import Speech
from toolkit.model.text import MAX_PARAGRAPH_CHARACTERS
from toolkit.model.variables import unfilled_variables
from toolkit.resources import official_word_template
from toolkit.wordfile import MAX_UNPACKED_BYTES, check_word_zip
from toolkit.yamlfile import read_yaml_mapping

BUILTIN_TEMPLATE = official_word_template()
"""The longest paragraph exported (a speech's longest is a few hundred characters)."""
MAX_HOUSE_TEMPLATE_BYTES = MAX_UNPACKED_BYTES
"""A house template file is read only up to this (a packed .docx is no bigger than it unpacks to)."""
SPEECH_MARKER = re.compile(r"^\s*\{\{\s*讲稿\s*\}\}\s*$")
"""A house-template paragraph reading ``{{讲稿}}`` is replaced by the speech."""

PageNumbers = Literal["mirrored", "centered"]
LeadFont = Literal["heiti", "bold"]
Grid = Literal["lines", "linesAndChars"]

DEFAULT_STYLE_NAMES = {style.role: style.name for style in official.STYLES}
"""Role → style name looked up in the template: body 讲话正文, title 讲话标题, subtitle
讲话副标题, byline 署名, salutation 称呼, heading1 一级标题 … heading4 四级标题, lead 主旨句
(character), sublead 小点主旨句 (character), page_number 页码."""


@dataclass
class ExportOptions:
    """How to export; ``None`` keeps what the template says.

    ``page_numbers``: ``mirrored`` (odd pages right, even pages left, GB/T 9704 7.5) or
    ``centered``; ``lead_font``: ``heiti`` (黑体 lead sentences) or ``bold`` (bold 仿宋);
    ``grid``: ``lines`` (portable 22 lines) or ``linesAndChars`` (Word's 22 × 28 grid);
    ``style_names``: role → style name overrides for a house template;
    ``allow_placeholders``: let ``{{ 变量 }}`` out unfilled instead of stopping;
    ``house_template_media_mb``: refuse a house template whose images unpack to more;
    ``identifier``: written as the document's identifier property (the composer marks
    each draft's own export with it, see :func:`toolkit.service.export_mark`);
    ``reading_size`` and ``point_per_page``: the reading copy's type size (``二号``, ``小一``,
    ``三号``; ``None`` for the default) and whether each point starts a new page (used only
    when the reading copy is written, format ``reading``).
    """

    page_numbers: PageNumbers | None = None
    lead_font: LeadFont | None = None
    grid: Grid | None = None
    style_names: dict[str, str] = field(default_factory=dict)
    allow_placeholders: bool = False
    author: str | None = None
    created: _dt.datetime | None = None
    house_template_media_mb: float | None = None
    """Largest total of a house template's images in MB (``None``: the default, 20)."""
    identifier: str | None = None
    reading_size: str | None = None
    point_per_page: bool = False


@dataclass
class RenderedDocument:
    """The .docx bytes and the warnings met while making them (in Chinese)."""

    data: bytes
    warnings: list[str]
    styles: list[str] = field(default_factory=list)
    """Through a house template: the style each part used, one line per part
    (``正文 → 样式“正文”（仿宋_GB2312 三号）``); empty for the built-in layout."""


# -- templates ---------------------------------------------------------------------------------
_builtin_cache: bytes | None = None


def builtin_template_bytes() -> bytes:
    """The built-in template: ``templates/word/official.docx``, or rebuilt from code if absent."""
    global _builtin_cache
    if _builtin_cache is None:
        exists = BUILTIN_TEMPLATE.exists()
        _builtin_cache = BUILTIN_TEMPLATE.read_bytes() if exists else official.official_template_bytes()
    return _builtin_cache


_MAIN_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MAIN_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def house_template_bytes(path: Path) -> bytes:
    """The bytes of a house template, checked; a .dotx is turned into a document."""
    if not os.path.exists(path):  # never raises (a name too long for the disk is not found)
        raise TemplateError("找不到 Word 模板", where=path, hint="请检查 --template 的路径")
    if os.path.isdir(path):
        raise TemplateError("Word 模板应是一个 .docx 文件，这里给的是文件夹", where=path)
    if path.suffix.lower() in (".docm", ".dotm"):
        raise TemplateError(
            "Word 模板含有宏（.docm/.dotm），为安全起见已拒绝", where=path, hint="请另存为不含宏的 .docx 后再用"
        )
    if path.suffix.lower() in (".doc", ".dot", ".wps", ".wpt"):
        raise TemplateError("这是旧版 Word/WPS 模板，不能使用", where=path, hint="请在 Word 或 WPS 中另存为 .docx")
    data = read_regular_file(path, limit=MAX_HOUSE_TEMPLATE_BYTES, what="Word 模板", error=TemplateError)
    head = data[:8]
    if not head.startswith(b"PK\x03\x04"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise TemplateError(
                "这是旧版 Word/WPS 文件或加密文件，不能作为模板", where=path, hint="请另存为 .docx（不设密码）"
            )
        raise TemplateError("这个文件不是 Word 文档，不能作为模板", where=path, hint="请选择 .docx 文件")
    try:
        kind = check_word_zip(path, purpose="Word 模板", data=data)
    except InputFileError as error:
        raise TemplateError(error.problem, where=path, hint=error.hint) from None
    if kind == "dotx":
        data = _template_as_document(data)
    return data


def _template_as_document(data: bytes) -> bytes:
    """*data* (a .dotx, already checked by :func:`check_word_zip`) with its main part typed as a
    document, which is all python-docx needs to open it."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                types = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
                for entry in types.iter(etree.Element):
                    if entry.get("ContentType") == _MAIN_TEMPLATE:
                        entry.set("ContentType", _MAIN_DOCUMENT)
                content = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, content)
    return out.getvalue()


def load_style_names(path: Path) -> dict[str, str]:
    """Role → style name overrides from a small YAML file (see docs/word-layout.md)."""
    data = read_yaml_mapping(path, what="样式对照文件", error=TemplateError, shape="“部分: 样式名”")
    unknown = [key for key in data if key not in DEFAULT_STYLE_NAMES]
    if unknown:
        raise TemplateError(
            f"样式对照文件中有不认识的部分“{unknown[0]}”",
            where=path,
            hint="可用的部分：" + "、".join(DEFAULT_STYLE_NAMES),
        )
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
            raise TemplateError(
                f"样式对照文件中“{key}”应是一个样式名（一段文字）",
                where=path,
                hint="每行写“部分: 样式名”，例如 title: 公文标题",
            )
    return {str(key): str(value) for key, value in data.items()}


def sidecar_style_names(template: Path) -> dict[str, str]:
    """Overrides from ``<template>.styles.yaml`` beside a house template, if it exists."""
    sidecar = template.with_name(template.stem + ".styles.yaml")
    return load_style_names(sidecar) if os.path.exists(sidecar) else {}


# -- the document -----------------------------------------------------------------------------------
def render_docx(
    speech: Speech,
    template: Path | None = None,
    options: ExportOptions | None = None,
    *,
    reading: ReadingCopy | None = None,
) -> RenderedDocument:
    """The .docx bytes of *speech* written through *template* (the built-in one when
    ``None``), or, with *reading*, as the reading copy (念稿版: its own layout, no house
    template, see :mod:`toolkit.exporters.reading_layout`)."""
    return render_with(
        speech, template, options, lambda document, styles: _paragraphs(speech, styles, reading), reading=reading
    )


Build = Callable[[Any, "_Styles"], list]
"""Makes the body's paragraphs, given the python-docx document and its :class:`_Styles`."""


def render_with(
    speech: Speech,
    template: Path | None,
    options: ExportOptions | None,
    build: Build,
    *,
    also: tuple[Speech, ...] = (),
    reading: ReadingCopy | None = None,
) -> RenderedDocument:
    """The .docx bytes of the template with the paragraphs *build* makes in place of its body
    text: *speech* (and every speech in *also*, written too, as a 修订稿 writes the old
    one) checked first, then the template opened (with *reading*, the reading copy's own
    instead of any *template*), the options applied, the paragraphs placed and the document
    properties set from *speech*."""
    import docx

    options = options or ExportOptions()
    for written in (speech, *also):
        _check_lengths(written)
    if not options.allow_placeholders:
        unfilled = unfilled_variables(speech)
        if unfilled:
            name, where = unfilled[0]
            raise UnfilledVariableError(
                f"变量“{name}”没有值",
                where=where,
                hint=f"请填写变量（如 --var {name}=…）；确需保留占位符可加 --allow-placeholders",
            )
    warnings: list[str] = []
    if reading is not None:
        if template is not None:
            warnings.append(f"念稿版按自己的大字格式排版，没有使用 Word 模板“{Path(template).name}”")
        template = None
        options = dataclasses.replace(options, page_numbers=None, grid=None, style_names={})
    is_builtin = template is None
    if reading is not None:
        data = reading_layout.template_bytes(reading.size)
    elif is_builtin:
        data = builtin_template_bytes()
    else:  # an office's template: only what a speech needs comes through (house_template.py)
        data, notes = clean_house_template(
            house_template_bytes(Path(template)), Path(template), media_limit_mb=options.house_template_media_mb
        )
        warnings += notes
    style_names = dict(DEFAULT_STYLE_NAMES)
    if not is_builtin:
        style_names.update(sidecar_style_names(Path(template)))
    style_names.update(options.style_names)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx/lxml raise many kinds on broken packages
        raise TemplateError(
            "Word 模板已损坏，无法打开", where=template or BUILTIN_TEMPLATE, hint="请在 Word 中打开后重新保存为 .docx"
        ) from error
    styles = _Styles(document, style_names, warnings, house=not is_builtin)
    _apply_options(document, styles, options, is_builtin, warnings)
    _place_speech(document, build(document, styles))
    warnings += styles.notes()
    _set_properties(document, speech, options)
    out = io.BytesIO()
    document.save(out)
    return RenderedDocument(out.getvalue(), warnings, styles.summary())


def _check_lengths(speech: Speech) -> None:
    """Refuse a paragraph longer than :data:`MAX_PARAGRAPH_CHARACTERS`."""
    for where, text in speech_texts(speech, metadata=True):
        if len(text) > MAX_PARAGRAPH_CHARACTERS:  # Word's XML readers refuse a text node past ~10 MB
            raise OutputError(
                f"{where}有 {len(text)} 字，超过一段 {MAX_PARAGRAPH_CHARACTERS} 字的上限，无法导出",
                hint="请把它分成几段（草稿中每段一行），或确认选对了文件",
            )


@dataclass(frozen=True)
class _Part:
    """The style one part of the speech is written in, and how."""

    role: str
    style_id: str
    name: str
    """The style's name as staff see it (正文, 标题 1, 讲话正文…)."""
    own: bool
    """A style of the toolkit's built-in layout (the built-in template, or added to a house
    template): its runs name their fonts. A template's own style governs its runs alone."""
    direct: Direct
    """What the genre writes directly on the paragraph (:func:`genre_formatting`)."""


class _Styles:
    """The style of each part in this document (the template's, or added from the built-in
    layout), what the genre writes directly on its paragraphs, the notes about styles the
    template lacks, and the summary of the styles used (house templates only)."""

    def __init__(self, document, names: dict[str, str], warnings: list[str], *, house: bool):
        self.document = document
        self.element = document.styles.element
        self.template = TemplateStyles(self.element, _theme(document) if house else None)
        self.by_id = self.template.by_id
        self.names = names
        self.warnings = warnings
        self.house = house
        self.parts: dict[str, _Part] = {}
        """Parts by role, in the order first used."""
        self.passed: dict[str, tuple[tuple[str, str], ...]] = {}
        """Role → the styles looked at and passed over, for a part given the built-in style."""
        self.fonts: dict[str, str | None] = {}
        section = document.sections[-1]
        try:
            self.text_area_twips = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
        except (AttributeError, TypeError):  # a section without page size or margins
            self.text_area_twips = official.LAYOUT.width - official.LAYOUT.left - official.LAYOUT.right

    def part(self, role: str) -> _Part:
        """The style *role* is written in, adding it from the built-in layout if the template has none."""
        if role in self.parts:
            return self.parts[role]
        definition = official.STYLE_BY_ROLE[role]
        wanted = self.names.get(role, definition.name)
        names = (definition.name, definition.alias)
        if wanted != definition.name:
            if self.template.find(wanted) is None:
                self.warnings.append(
                    f"Word 模板中没有样式“{wanted}”（用于{_ROLE_LABELS[role]}），已改用别的样式（见各部分所用的样式）"
                )
            names = (wanted, *names)
        if self.house:
            found = find_part_style(self.template, role, names)
        else:  # the built-in template: its own styles, which name their fonts on every run
            style = next((found for found in map(self.template.find, names) if found is not None), None)
            found = Found(style, "builtin")
        style = found.style
        if style is None:
            style = self._add(definition)
            if found.passed:
                self.passed[role] = ((definition.name, "missing"), *found.passed)
        own = found.origin == "builtin"
        name = definition.name if own else self.template.display_name(style)
        direct = Direct() if own else genre_formatting(self.template, role, style)
        self.parts[role] = _Part(role, style.get(W + "styleId"), name, own, direct)
        return self.parts[role]

    def style_id(self, role: str) -> str:
        """The styleId *role* is written in (see :meth:`part`)."""
        return self.part(role).style_id

    def _add(self, definition: official.StyleDefinition):
        """Append *definition* to the template's styles under a free styleId, without links
        (basedOn, next) to styles the template does not have."""
        style_id = definition.style_id
        while style_id in self.by_id:
            style_id += "1"
        element = definition.add_to(self.element)
        element.set(W + "styleId", style_id)
        based_on = element.find(W + "basedOn")
        if based_on is not None and based_on.get(W + "val") not in self.by_id:
            element.remove(based_on)
        following = element.find(W + "next")
        if following is not None and following.get(W + "val") == "SpeechBody" and "SpeechBody" not in self.by_id:
            element.remove(following)
        self.template.added(element)
        return element

    def title_size_twips(self, style_id: str) -> float:
        """The font size of *style_id* in twips, as the template resolves it."""
        return self.template.size(self.by_id.get(style_id)) * 10

    def east_asian_font(self, style_id: str | None) -> str | None:
        """The East Asian font *style_id* resolves to through its basedOn chain and the defaults."""
        key = style_id or ""
        if key not in self.fonts:
            self.fonts[key] = self.template.east_asian_font(self.by_id.get(style_id) if style_id else None)
        return self.fonts[key]

    # -- what the staff member is told ----------------------------------------------------------------
    def notes(self) -> list[str]:
        """One 提示 per reason parts were given the built-in style instead of the template's;
        a single one when no part kept the office's look; a note on an absurd size."""
        paragraph_roles = [role for role, part in self.parts.items() if role in _PARAGRAPH_PARTS]
        if not self.passed:
            return self._size_notes()
        if all(self.parts[role].own for role in paragraph_roles):
            return [_untouched_note(self.passed)]
        groups: dict[tuple[str, ...], list[str]] = {}  # the reasons (missing, default…) → the parts
        for role, passed in self.passed.items():
            groups.setdefault(tuple(why for _, why in passed[1:]), []).append(role)
        out = []
        for roles in groups.values():
            speech_styles = "".join(f"“{self.passed[role][0][0]}”" for role in roles)
            word = _passed_text([entry for role in roles for entry in self.passed[role][1:]])
            labels = "、".join(_ROLE_LABELS[role] for role in roles)
            out.append(f"Word 模板中没有{speech_styles}样式，{word}，{labels}已按内置公文格式排版")
        return out + self._size_notes()

    def _size_notes(self) -> list[str]:
        out = []
        for role, part in self.parts.items():
            style = self.by_id.get(part.style_id)
            if not part.own and role in _PARAGRAPH_PARTS and self.template.size(style) > UNUSUAL_SIZE:
                size = self.template.size(style) / 2
                out.append(
                    f"Word 模板的样式“{part.name}”字号为 {size:g} 磅，大得异常（{_ROLE_LABELS[role]}一行放不下几个字），"
                    "请在 Word 中检查这个样式"
                )
        return out

    def summary(self) -> list[str]:
        """``正文 → 样式“正文”（仿宋_GB2312 三号）`` for each part the speech used, in order."""
        if not self.house:
            return []
        lines = []
        for role, part in self.parts.items():
            if role == "page_number":
                continue
            style = self.by_id.get(part.style_id)
            how = [self.template.describe(style)]
            if part.direct.centre:
                how.append("居中")
            if part.direct.flush:
                how.append("顶格")
            where = f"内置样式“{part.name}”" if part.own else f"样式“{part.name}”"
            lines.append(f"{_ROLE_LABELS[role]} → {where}（{'，'.join(how)}）")
        return lines


_PARAGRAPH_PARTS = frozenset(
    ("body", "title", "subtitle", "byline", "salutation", "heading1", "heading2", "heading3", "heading4")
)
"""The parts that are whole paragraphs of the speech (not lead sentences or page numbers)."""


def _passed_text(passed: list[tuple[str, str]]) -> str:
    """What was wrong with the Word styles looked at: ``也没有“副标题”样式，“正文”样式也还是
    Word 的默认设置（没有设中文字体）``."""
    missing = "".join(dict.fromkeys(f"“{name}”" for name, why in passed if why == "missing"))
    default = "".join(dict.fromkeys(f"“{name}”" for name, why in passed if why == "default"))
    words = [f"也没有{missing}样式"] if missing else []
    if default:
        words.append(f"{default}样式也还是 Word 的默认设置（没有设中文字体）")
    return "，".join(words)


def _untouched_note(passed: dict[str, tuple[tuple[str, str], ...]]) -> str:
    """The note for a template none of whose styles the speech could use."""
    word = _passed_text([entry for entries in passed.values() for entry in entries[1:]])
    return (
        f"Word 模板中没有讲稿用的样式（讲话正文等），{word}，已全部按内置公文格式排版（正文仿宋_GB2312 三号、"
        "标题方正小标宋简体 二号）；要用单位自己的字体字号，请在 Word 中给“正文”“标题”“标题 1”等样式设好中文字体"
        "和字号后再保存模板"
    )


def _theme(document):
    """The theme part of *document* as an element, ``None`` when it has none or it cannot be read."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        blob = document.part.part_related_by(RELATIONSHIP_TYPE.THEME).blob
        return etree.fromstring(blob, _SAFE_PARSER)
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return None


_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


_ROLE_LABELS = {
    "body": "正文",
    "title": "标题",
    "subtitle": "副标题",
    "byline": "署名",
    "salutation": "称呼",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "heading3": "三级标题",
    "heading4": "四级标题",
    "lead": "主旨句",
    "sublead": "小点主旨句",
    "page_number": "页码",
}


def _apply_options(document, styles: _Styles, options: ExportOptions, is_builtin: bool, warnings: list[str]) -> None:
    section = document.sections[-1]
    sect_pr = section._sectPr
    if options.grid:
        grid = sect_pr.find(W + "docGrid")
        if grid is None:
            from docx.oxml import OxmlElement

            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        grid.set(W + "type", options.grid)
        grid.set(W + "linePitch", str(official.LAYOUT.line_pitch))
        if options.grid == "linesAndChars":
            grid.set(W + "charSpace", str(official.LAYOUT.char_space_words))
            _drop_body_character_spacing(styles)
        elif W + "charSpace" in grid.attrib:
            del grid.attrib[W + "charSpace"]
    if options.lead_font:
        _set_lead_font(styles, options.lead_font)
    has_footer = sect_pr.find(W + "footerReference") is not None
    if options.page_numbers or not has_footer:
        if not has_footer and not is_builtin:
            warnings.append("Word 模板没有页脚，已按公文格式加上页码（— 1 —，单页居右、双页居左）")
        _set_page_numbers(document, styles, options.page_numbers or "mirrored")


def _drop_body_character_spacing(styles: _Styles) -> None:
    """With Word's character grid the grid sets the pitch: the −0.3 pt that the portable
    layout needs to reach 28 characters would squeeze a 29th onto the line."""
    wanted = str(official.BODY_CHARACTER_SPACING)
    for style in styles.by_id.values():
        spacing = style.find(f"{W}rPr/{W}spacing")
        if spacing is not None and spacing.get(W + "val") == wanted:
            spacing.getparent().remove(spacing)


def _set_lead_font(styles: _Styles, lead_font: str) -> None:
    """Lead sentences in 黑体, or bold: bold 仿宋_GB2312 in the built-in layout, the bold
    body font where the body is in the office's own style."""
    style = styles.by_id.get(styles.style_id("lead"))
    rpr = style.find(W + "rPr")
    if rpr is None:
        from docx.oxml import OxmlElement

        rpr = OxmlElement("w:rPr")
        style.append(rpr)
    for tag in ("rFonts", "b", "bCs"):
        for old in rpr.findall(W + tag):
            rpr.remove(old)
    if lead_font == "heiti":
        new = [official.add_fonts(rpr, official.HEITI)]
    else:
        new = [official.add_fonts(rpr, official.FANGSONG)] if styles.part("body").own else []
        new += [add(rpr, "b"), add(rpr, "bCs")]
    for index, child in enumerate(new):  # first, where the schema puts them
        rpr.insert(index, child)
    styles.fonts.clear()


def _set_page_numbers(document, styles: _Styles, mode: str) -> None:
    """Footers reading — N —: odd right / even left (mirrored), or centred on every page."""
    section = document.sections[-1]
    style_id = styles.style_id("page_number")

    def fill(footer, align: str) -> None:
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        official.add_page_number_paragraph(element, align, style_id)

    if mode == "centered":
        document.settings.odd_and_even_pages_header_footer = False
        fill(section.footer, "center")
        for ref in section._sectPr.findall(W + "footerReference"):
            if ref.get(W + "type") == "even":
                section._sectPr.remove(ref)
    else:
        document.settings.odd_and_even_pages_header_footer = True
        fill(section.footer, "right")
        fill(section.even_page_footer, "left")


def _place_speech(document, new: list) -> None:
    """Put the *new* paragraphs where the template's ``{{讲稿}}`` paragraph stands, or in
    place of the template's whole body text (its final section properties stay)."""
    body = document.element.body
    marker = None
    for paragraph in body.iter(W + "p"):
        text = "".join(t.text or "" for t in paragraph.iter(W + "t"))
        if SPEECH_MARKER.match(text):
            marker = paragraph
            break
    if marker is not None:
        parent = marker.getparent()
        index = parent.index(marker)
        for offset, element in enumerate(new):
            parent.insert(index + offset, element)
        parent.remove(marker)
        return
    final_section = body.find(W + "sectPr")
    for child in list(body):
        if child is not final_section:
            body.remove(child)
    for element in new:
        if final_section is not None:
            final_section.addprevious(element)
        else:
            body.append(element)


def _set_properties(document, speech: Speech, options: ExportOptions) -> None:
    properties = document.core_properties
    now = options.created or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    properties.title = (speech.title or "").split("\n")[0]
    properties.author = options.author or speech.meeting.speaker or ""
    properties.created = now
    properties.modified = now
    properties.last_modified_by = options.author or speech.meeting.speaker or ""
    properties.revision = 1
    properties.subject = speech.meeting.name or ""
    properties.comments = ""
    properties.keywords = ""
    properties.identifier = options.identifier or ""


# -- paragraphs as elements ------------------------------------------------------------------------------
Runs = list[tuple[str, "str | None"]]
"""A paragraph's runs: (text, character-style role or ``None``)."""


def _paragraphs(speech: Speech, styles: _Styles, reading: ReadingCopy | None = None) -> list:
    """Every paragraph of *speech* as a ``<w:p>`` element, styled by role, not yet placed;
    with *reading*, as the reading copy prints them (:func:`_for_reading`)."""
    paragraph = _Paragraphs(styles)
    out = []
    for block, marker_style in marked_blocks(speech):
        made = [
            (role, paragraph.title(runs) if role == "title" else paragraph(role, runs))
            for role, runs in block_paragraphs(block, marker_style)
        ]
        if reading is None:
            out += [element for _, element in made]
        else:
            new_page = reading.point_per_page and block.role == "point"
            for number, (role, element) in enumerate(made):
                out += _for_reading(element, role, reading, new_page=new_page and not number)
    return out


def _for_reading(element, role: str, reading: ReadingCopy, *, new_page: bool) -> list:
    """*element* (a paragraph in *role*'s style) cut into sentences with pinyin where it is
    needed (see :mod:`reading_copy`)."""
    from toolkit.readings import annotate

    size = reading_layout.SIZES[reading.size]
    if role == "title":
        size = reading_layout.title_size(size)
    marks = annotate(paragraph_text(element), reading.entries)
    ruby = reading_layout.ruby_size(size)
    return reading_paragraphs(element, role, marks, size=size, ruby=ruby, new_page=new_page)


def marked_blocks(speech: Speech) -> list[tuple[Block, MarkerStyle | None]]:
    """Each printed paragraph of *speech* (:func:`speech_blocks`) with the marker style its
    points or sub-points are numbered in (``None`` for the others)."""
    point_style = speech.numbering_style if speech.points else None
    sub_style = speech.subnumbering_style if any(point.subpoints for point in speech.points) else None
    styles = {"point": point_style, "subpoint": sub_style}
    return [(block, styles.get(block.role)) for block in speech_blocks(speech)]


def block_paragraphs(block: Block, marker_style: MarkerStyle | None) -> list[tuple[str, Runs]]:
    """The Word paragraphs *block* prints as: (the part whose style it takes, its runs). The
    title's lines make a 标题 paragraph and 副标题 paragraphs; every other block is one
    paragraph. The runs' texts put together (lines joined by ``\n``) are ``block.text``."""
    role = block.role
    if role == "title":
        lines = block.text.split("\n")
        return [("title", [(lines[0], None)])] + [("subtitle", [(line, None)]) for line in lines[1:]]
    if role in ("byline", "salutation"):
        return [(role, [(block.text, None)])]
    if role in ("point", "subpoint"):
        return [_numbered(block, marker_style)]
    return [("body", [(block.text, None)])]


def _numbered(block: Block, marker_style: MarkerStyle) -> tuple[str, Runs]:
    """A point or sub-point. Markers with a heading level (一、 （一） 1. （1）) make a heading
    paragraph of that level when the lead stands alone; otherwise the lead opens a body
    paragraph in a lead character style: a point's always, a sub-point's only when its
    markers are run-in (一是…) or （一）."""
    level = marker_style.heading_level
    if block.role == "point":
        lead_role = "lead"
    else:
        lead_role = "sublead" if level in (None, 2) else None
    if block.heading:
        if level:
            return f"heading{level}", [(block.text, None)]
        return "body", [(block.text, lead_role)]
    runs = [(block.marker + block.lead, lead_role)]
    if block.rest:
        runs.append((block.rest, None))
    return "body", runs


TITLE_SLACK_TWIPS = 90
"""Room beyond the first line's estimated width (a fifth of a 22 pt character), so rounding
never pushes its last character down and the next one never fits up."""

_NAMESPACE = {"w": official.W_NS}
_PRESERVE = {XML_SPACE: "preserve"}
_T = W + "t"

_SHAPES: dict[tuple, object] = {}
"""Paragraph prototypes by shape (see :class:`_Paragraphs`), kept across exports."""


class _Paragraphs:
    """Makes the speech's ``<w:p>`` elements with python-docx's parser (so they carry its
    element classes). In the toolkit's own styles every run names its East Asian font, as
    the built-in layout always has; in a template's own style a run names no font or size
    (the style governs them), only ``w:hint="eastAsia"`` so that quotation marks and dashes
    take the style's Chinese font.

    Paragraphs of one shape (style, direct paragraph formatting, and each run's character
    style and font) differ only in their text, so each shape is built once as elements and
    deep-copied after: lxml copies in C, several times faster than building every
    paragraph element by element."""

    def __init__(self, styles: _Styles):
        from docx.oxml.parser import oxml_parser

        self.styles = styles
        self.makeelement = oxml_parser.makeelement

    def _fonts(self, part: _Part, char_role: str | None) -> tuple[str | None, str | None]:
        """(East Asian font for the run — ``""`` for the hint alone —, character style id)."""
        styles = self.styles
        char_id = styles.style_id(char_role) if char_role else None
        if not part.own:
            return "", char_id
        paragraph_font = styles.east_asian_font(part.style_id)
        return (styles.east_asian_font(char_id) or paragraph_font) if char_id else paragraph_font, char_id

    def __call__(self, role: str, runs: list[tuple[str, str | None]]):
        """A paragraph in *role*'s style holding *runs*: (text, character-style role or ``None``)."""
        part = self.styles.part(role)
        shape = []
        texts = []
        for text, char_role in runs:
            if not text:
                continue
            shape.append(self._fonts(part, char_role))
            texts.append(_xml_safe(text))
        return self._copy(part, shape, texts)

    def title(self, runs: Runs, wrapped: str | None = None):
        """The title paragraph holding *runs* (a run for each piece of a 修订稿's title). A long
        title is made to wrap where :func:`break_title` says (for *wrapped*, by default the
        runs' text) by narrowing the paragraph (equal indents on both sides) to the width of
        its first line, so the text itself stays one unbroken string."""
        styles = self.styles
        part = styles.part("title")
        size = styles.title_size_twips(part.style_id)
        title = "".join(text for text, _ in runs) if wrapped is None else wrapped
        lines = break_title(title, styles.text_area_twips / size)
        paragraph = self(part.role, runs)
        if len(lines) > 1:
            line = text_width(lines[0]) * size + TITLE_SLACK_TWIPS
            indent = max(0, int((styles.text_area_twips - line) / 2))
            properties = paragraph.find(W + "pPr")
            indents = properties.find(W + "ind")
            if indents is None:
                add(properties, "ind", left=indent, right=indent, firstLine=0, firstLineChars=0)
                centre = properties.find(W + "jc")
                if centre is not None:  # w:ind comes before w:jc in the schema
                    centre.addprevious(properties.find(W + "ind"))
            else:
                indents.set(W + "left", str(indent))
                indents.set(W + "right", str(indent))
        return paragraph

    def _copy(self, part: _Part, shape: list[tuple[str | None, str | None]], texts: list[str]):
        """A paragraph in *part*'s style with a run per (East Asian font, character style id)
        of *shape*, holding *texts*."""
        key = (part.style_id, part.direct, *shape)
        prototype = _SHAPES.get(key)
        if prototype is None:
            if len(_SHAPES) >= 256:  # many house templates in one process: start afresh
                _SHAPES.clear()
            prototype = _SHAPES[key] = self.makeelement(W + "p", nsmap=_NAMESPACE)
            properties = add(prototype, "pPr")
            add(properties, "pStyle", val=part.style_id)
            part.direct.write(properties)
            for font, char_id in shape:
                run = add(prototype, "r")
                if char_id or font is not None:
                    properties = add(run, "rPr")
                    if char_id:
                        add(properties, "rStyle", val=char_id)
                    if font:
                        official.add_fonts(properties, font)
                    elif font == "":
                        add(properties, "rFonts", hint="eastAsia")
                etree.SubElement(run, _T, _PRESERVE)
        paragraph = copy.deepcopy(prototype)
        for element, text in zip(paragraph.iter(_T), texts):
            element.text = text
        return paragraph


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """*text* without the control characters XML 1.0 cannot hold (tabs and newlines become spaces)."""
    return _XML_INVALID.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", ""))
