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
import datetime as _dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml import etree

from toolkit.errors import InputFileError, OutputError, TemplateError, UnfilledVariableError
from toolkit.exporters import official
from toolkit.exporters.house_template import clean_house_template
from toolkit.exporters.official import XML_SPACE, W, add
from toolkit.exporters.title_breaks import break_title, text_width
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
    each draft's own export with it, see :func:`toolkit.service.export_mark`).
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


@dataclass
class RenderedDocument:
    """The .docx bytes and the warnings met while making them (in Chinese)."""

    data: bytes
    warnings: list[str]


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
def render_docx(speech: Speech, template: Path | None = None, options: ExportOptions | None = None) -> RenderedDocument:
    """The .docx bytes of *speech* written through *template* (the built-in one when ``None``)."""
    import docx

    options = options or ExportOptions()
    for where, text in speech_texts(speech, metadata=True):
        if len(text) > MAX_PARAGRAPH_CHARACTERS:  # Word's XML readers refuse a text node past ~10 MB
            raise OutputError(
                f"{where}有 {len(text)} 字，超过一段 {MAX_PARAGRAPH_CHARACTERS} 字的上限，无法导出",
                hint="请把它分成几段（草稿中每段一行），或确认选对了文件",
            )
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
    is_builtin = template is None
    if is_builtin:
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
    styles = _Styles(document, style_names, warnings, strict_names=not is_builtin)
    _apply_options(document, styles, options, is_builtin, warnings)
    _place_speech(document, _paragraphs(speech, styles))
    _set_properties(document, speech, options)
    out = io.BytesIO()
    document.save(out)
    return RenderedDocument(out.getvalue(), warnings)


class _Styles:
    """Finds (or adds) the template style for each role, and the fonts runs should carry."""

    def __init__(self, document, names: dict[str, str], warnings: list[str], *, strict_names: bool):
        self.document = document
        self.element = document.styles.element
        self.names = names
        self.warnings = warnings
        self.by_name: dict[str, object] = {}
        self.by_id: dict[str, object] = {}
        for style in self.element.iter(W + "style"):
            style_id = style.get(W + "styleId")
            self.by_id[style_id] = style
            name = style.find(W + "name")
            if name is not None:
                self.by_name.setdefault(name.get(W + "val", "").lower(), style)
            aliases = style.find(W + "aliases")
            if aliases is not None:
                for alias in aliases.get(W + "val", "").split(","):
                    self.by_name.setdefault(alias.strip().lower(), style)
        self.ids: dict[str, str] = {}
        self.fonts: dict[str, str | None] = {}
        section = document.sections[-1]
        try:
            self.text_area_twips = section.page_width.twips - section.left_margin.twips - section.right_margin.twips
        except (AttributeError, TypeError):  # a section without page size or margins
            self.text_area_twips = official.LAYOUT.width - official.LAYOUT.left - official.LAYOUT.right

    def style_id(self, role: str) -> str:
        """The styleId to use for *role*, adding the style from the built-in layout if missing."""
        if role in self.ids:
            return self.ids[role]
        definition = official.STYLE_BY_ROLE[role]
        wanted = self.names.get(role, definition.name)
        style = self.by_name.get(wanted.lower())
        if style is None and wanted != definition.name:
            self.warnings.append(
                f"Word 模板中没有样式“{wanted}”（用于{_ROLE_LABELS[role]}），已改用内置的“{definition.name}”"
            )
            style = self.by_name.get(definition.name.lower()) or self.by_name.get(definition.alias.lower())
        if style is None:
            style = self._add(definition)
            self.warnings.append(
                f"Word 模板中没有“{definition.name}”样式（{_ROLE_LABELS[role]}），已按内置公文格式补上"
            )
        self.ids[role] = style.get(W + "styleId")
        return self.ids[role]

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
        self.by_id[style_id] = element
        self.by_name[definition.name.lower()] = element
        return element

    def title_size_twips(self, style_id: str) -> float:
        """The font size of *style_id* in twips (its ``w:sz`` through basedOn; 22 pt by default)."""
        seen = set()
        current = style_id
        while current and current in self.by_id and current not in seen:
            seen.add(current)
            size = self.by_id[current].find(f"{W}rPr/{W}sz")
            if size is not None and (size.get(W + "val") or "").isdigit():
                return int(size.get(W + "val")) * 10
            based = self.by_id[current].find(W + "basedOn")
            current = based.get(W + "val") if based is not None else None
        return official.TITLE_SIZE * 10

    def east_asian_font(self, style_id: str | None) -> str | None:
        """The East Asian font *style_id* resolves to through its basedOn chain and the defaults."""
        key = style_id or ""
        if key in self.fonts:
            return self.fonts[key]
        font = None
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            fonts = self.by_id[style_id].find(f"{W}rPr/{W}rFonts")
            if fonts is not None and fonts.get(W + "eastAsia"):
                font = fonts.get(W + "eastAsia")
                break
            based = self.by_id[style_id].find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None
        if font is None and style_id is not None:
            defaults = self.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
            font = defaults.get(W + "eastAsia") if defaults is not None else None
        self.fonts[key] = font
        return font


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
    style = styles.by_id.get(styles.style_id("lead"))
    rpr = style.find(W + "rPr")
    if rpr is None:
        from docx.oxml import OxmlElement

        rpr = OxmlElement("w:rPr")
        style.append(rpr)
    for tag in ("rFonts", "b", "bCs"):
        for old in rpr.findall(W + tag):
            rpr.remove(old)
    font = official.HEITI if lead_font == "heiti" else official.FANGSONG
    new = [official.add_fonts(rpr, font)]
    if lead_font == "bold":
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
def _paragraphs(speech: Speech, styles: _Styles) -> list:
    """Every paragraph of *speech* as a ``<w:p>`` element, styled by role, not yet placed."""
    paragraph = _Paragraphs(styles)
    out = []
    point_style = speech.numbering_style if speech.points else None
    sub_style = speech.subnumbering_style if any(point.subpoints for point in speech.points) else None
    for block in speech_blocks(speech):
        role = block.role
        if role == "title":
            lines = block.text.split("\n")
            out.append(paragraph.title(lines[0]))
            out += [paragraph("subtitle", [(line, None)]) for line in lines[1:]]
        elif role in ("byline", "salutation"):
            out.append(paragraph(role, [(block.text, None)]))
        elif role in ("point", "subpoint"):
            out.append(_numbered(paragraph, block, point_style if role == "point" else sub_style))
        else:
            out.append(paragraph("body", [(block.text, None)]))
    return out


def _numbered(paragraph: _Paragraphs, block: Block, marker_style: MarkerStyle):
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
            return paragraph(f"heading{level}", [(block.text, None)])
        return paragraph("body", [(block.text, lead_role)])
    runs = [(block.marker + block.lead, lead_role)]
    if block.rest:
        runs.append((block.rest, None))
    return paragraph("body", runs)


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
    element classes). Every run names its East Asian font, as Word and WPS need to show it.

    Paragraphs of one shape (style, and each run's character style and font) differ only in
    their text, so each shape is built once as elements and deep-copied after: lxml copies in
    C, several times faster than building every paragraph element by element."""

    def __init__(self, styles: _Styles):
        from docx.oxml.parser import oxml_parser

        self.styles = styles
        self.makeelement = oxml_parser.makeelement

    def __call__(self, role: str, runs: list[tuple[str, str | None]]):
        """A paragraph in *role*'s style holding *runs*: (text, character-style role or ``None``)."""
        styles = self.styles
        style_id = styles.style_id(role)
        paragraph_font = styles.east_asian_font(style_id)
        shape = []
        texts = []
        for text, char_role in runs:
            if not text:
                continue
            if char_role:
                char_id = styles.style_id(char_role)
                shape.append((styles.east_asian_font(char_id) or paragraph_font, char_id))
            else:
                shape.append((paragraph_font, None))
            texts.append(_xml_safe(text))
        return self._copy(style_id, shape, texts)

    def title(self, title: str):
        """The title paragraph. A long title is made to wrap where :func:`break_title` says by
        narrowing the paragraph (equal indents on both sides) to the width of its first line,
        so the text itself stays one unbroken string."""
        styles = self.styles
        style_id = styles.style_id("title")
        size = styles.title_size_twips(style_id)
        lines = break_title(title, styles.text_area_twips / size)
        paragraph = self._copy(style_id, [(styles.east_asian_font(style_id), None)], [_xml_safe(title)])
        if len(lines) > 1:
            line = text_width(lines[0]) * size + TITLE_SLACK_TWIPS
            indent = max(0, int((styles.text_area_twips - line) / 2))
            add(paragraph.find(W + "pPr"), "ind", left=indent, right=indent, firstLine=0, firstLineChars=0)
        return paragraph

    def _copy(self, style_id: str, shape: list[tuple[str | None, str | None]], texts: list[str]):
        """A paragraph in style *style_id* with a run per (East Asian font, character style id)
        of *shape*, holding *texts*."""
        key = (style_id, *shape)
        prototype = _SHAPES.get(key)
        if prototype is None:
            if len(_SHAPES) >= 256:  # many house templates in one process: start afresh
                _SHAPES.clear()
            prototype = _SHAPES[key] = self.makeelement(W + "p", nsmap=_NAMESPACE)
            add(add(prototype, "pPr"), "pStyle", val=style_id)
            for font, char_id in shape:
                run = add(prototype, "r")
                if char_id or font:
                    properties = add(run, "rPr")
                    if char_id:
                        add(properties, "rStyle", val=char_id)
                    if font:
                        official.add_fonts(properties, font)
                etree.SubElement(run, _T, _PRESERVE)
        paragraph = copy.deepcopy(prototype)
        for element, text in zip(paragraph.iter(_T), texts):
            element.text = text
        return paragraph


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """*text* without the control characters XML 1.0 cannot hold (tabs and newlines become spaces)."""
    return _XML_INVALID.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", ""))
