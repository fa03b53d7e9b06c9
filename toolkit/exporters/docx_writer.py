"""Writing a speech into a Word document through a Word template.

The template (the built-in official layout, or an office's house .docx) supplies styles,
page set-up, header and footer. The speech's parts are mapped onto its styles by name
(:data:`DEFAULT_STYLE_NAMES`, overridable per role); a style the template lacks is added
from the built-in definitions with a warning. The template's own body text is dropped,
unless a paragraph reading ``{{讲稿}}`` marks where the speech goes: then what stands
before and after it (a red header, a 发文机关标志) frames the speech.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from toolkit.errors import InputFileError, TemplateError, UnfilledVariableError
from toolkit.exporters import official
from toolkit.exporters.official import escape
from toolkit.exporters.title_breaks import break_title, text_width
from toolkit.model.layout import Block, speech_blocks
from toolkit.model.speech import Speech
from toolkit.model.variables import unfilled_variables
from toolkit.wordfile import check_word_zip
from toolkit.resources import official_word_template

W = "{%s}" % official.W_NS
BUILTIN_TEMPLATE = official_word_template()
SPEECH_MARKER = re.compile(r"^\s*\{\{\s*讲稿\s*\}\}\s*$")
"""A house-template paragraph reading ``{{讲稿}}`` is replaced by the speech."""

PageNumbers = Literal["mirrored", "centered"]
LeadFont = Literal["heiti", "bold"]
Grid = Literal["lines", "linesAndChars"]

DEFAULT_STYLE_NAMES = {style.role: style.name for style in official.STYLES}
"""Role → style name looked up in the template: body 讲话正文, title 讲话标题, subtitle
讲话副标题, byline 署名, salutation 称呼, heading1 一级标题 … heading4 四级标题, lead 主旨句
(character), sublead 小点主旨句 (character), page_number 页码."""

_HEADING_ROLE = {"chinese": "heading1", "paren_chinese": "heading2", "arabic": "heading3", "paren_arabic": "heading4"}


@dataclass
class ExportOptions:
    """How to export; ``None`` keeps what the template says.

    ``page_numbers``: ``mirrored`` (odd pages right, even pages left, GB/T 9704 7.5) or
    ``centered``; ``lead_font``: ``heiti`` (黑体 lead sentences) or ``bold`` (bold 仿宋);
    ``grid``: ``lines`` (portable 22 lines) or ``linesAndChars`` (Word's 22 × 28 grid);
    ``style_names``: role → style name overrides for a house template;
    ``allow_placeholders``: let ``{{ 变量 }}`` out unfilled instead of stopping.
    """

    page_numbers: PageNumbers | None = None
    lead_font: LeadFont | None = None
    grid: Grid | None = None
    style_names: dict[str, str] = field(default_factory=dict)
    allow_placeholders: bool = False
    author: str | None = None
    created: _dt.datetime | None = None


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
        _builtin_cache = BUILTIN_TEMPLATE.read_bytes() if BUILTIN_TEMPLATE.exists() else official.official_template_bytes()
    return _builtin_cache


_MAIN_DOCUMENT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MAIN_TEMPLATE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def house_template_bytes(path: Path) -> bytes:
    """The bytes of a house template, checked; a .dotx is turned into a document."""
    if not path.exists():
        raise TemplateError("找不到 Word 模板", where=path, hint="请检查 --template 的路径")
    if path.is_dir():
        raise TemplateError("Word 模板应是一个 .docx 文件，这里给的是文件夹", where=path)
    if path.suffix.lower() in (".docm", ".dotm"):
        raise TemplateError("Word 模板含有宏（.docm/.dotm），为安全起见已拒绝", where=path, hint="请另存为不含宏的 .docx 后再用")
    if path.suffix.lower() in (".doc", ".dot", ".wps", ".wpt"):
        raise TemplateError("这是旧版 Word/WPS 模板，不能使用", where=path, hint="请在 Word 或 WPS 中另存为 .docx")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head.startswith(b"PK\x03\x04"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise TemplateError("这是旧版 Word/WPS 文件或加密文件，不能作为模板", where=path, hint="请另存为 .docx（不设密码）")
        raise TemplateError("这个文件不是 Word 文档，不能作为模板", where=path, hint="请选择 .docx 文件")
    try:
        kind = check_word_zip(path, purpose="Word 模板")
    except InputFileError as error:
        raise TemplateError(error.problem, where=path, hint=error.hint) from None
    data = path.read_bytes()
    if kind == "dotx":
        data = _template_as_document(data)
    return data


def _template_as_document(data: bytes) -> bytes:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(_MAIN_TEMPLATE, _MAIN_DOCUMENT)
            target.writestr(item, content)
    return out.getvalue()


def load_style_names(path: Path) -> dict[str, str]:
    """Role → style name overrides from a small YAML file (see the README)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except FileNotFoundError:
        raise TemplateError("找不到样式对照文件", where=path) from None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        raise TemplateError(f"样式对照文件读不了（{type(error).__name__}）", where=path, hint="应是“部分: 样式名”的 YAML") from None
    if not isinstance(data, dict):
        raise TemplateError("样式对照文件应是“部分: 样式名”的形式", where=path)
    unknown = [key for key in data if key not in DEFAULT_STYLE_NAMES]
    if unknown:
        raise TemplateError(f"样式对照文件中有不认识的部分“{unknown[0]}”", where=path,
                            hint="可用的部分：" + "、".join(DEFAULT_STYLE_NAMES))
    return {str(key): str(value) for key, value in data.items()}


def sidecar_style_names(template: Path) -> dict[str, str]:
    """Overrides from ``<template>.styles.yaml`` beside a house template, if it exists."""
    sidecar = template.with_name(template.stem + ".styles.yaml")
    return load_style_names(sidecar) if sidecar.exists() else {}


# -- the document -----------------------------------------------------------------------------------
def render_docx(speech: Speech, template: Path | None = None, options: ExportOptions | None = None) -> RenderedDocument:
    """The .docx bytes of *speech* written through *template* (the built-in one when ``None``)."""
    import docx

    options = options or ExportOptions()
    if not options.allow_placeholders:
        unfilled = unfilled_variables(speech)
        if unfilled:
            name, where = unfilled[0]
            raise UnfilledVariableError(
                f"变量“{name}”没有值", where=where,
                hint=f"请填写变量（如 --var {name}=…）；确需保留占位符可加 --allow-placeholders",
            )
    warnings: list[str] = []
    is_builtin = template is None
    data = builtin_template_bytes() if is_builtin else house_template_bytes(Path(template))
    style_names = dict(DEFAULT_STYLE_NAMES)
    if not is_builtin:
        style_names.update(sidecar_style_names(Path(template)))
    style_names.update(options.style_names)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx/lxml raise many kinds on broken packages
        raise TemplateError("Word 模板已损坏，无法打开", where=template or BUILTIN_TEMPLATE,
                            hint="请在 Word 中打开后重新保存为 .docx") from error
    styles = _Styles(document, style_names, warnings, strict_names=not is_builtin)
    _apply_options(document, styles, options, is_builtin, warnings)
    _place_speech(document, _paragraphs_xml(speech, styles))
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
            self.warnings.append(f"Word 模板中没有样式“{wanted}”（用于{_ROLE_LABELS[role]}），已改用内置的“{definition.name}”")
            style = self.by_name.get(definition.name.lower()) or self.by_name.get(definition.alias.lower())
        if style is None:
            style = self._add(definition)
            self.warnings.append(f"Word 模板中没有“{definition.name}”样式（{_ROLE_LABELS[role]}），已按内置公文格式补上")
        self.ids[role] = style.get(W + "styleId")
        return self.ids[role]

    def _add(self, definition: official.StyleDefinition):
        from docx.oxml import parse_xml

        style_id = definition.style_id
        while style_id in self.by_id:
            style_id += "1"
        xml = definition.xml().replace(f'w:styleId="{definition.style_id}"', f'w:styleId="{style_id}"')
        if definition.based_on and definition.based_on not in self.by_id:
            xml = re.sub(r'<w:basedOn w:val="[^"]*"/>', "", xml)
        xml = xml.replace('<w:next w:val="SpeechBody"/>', "") if "SpeechBody" not in self.by_id else xml
        element = parse_xml(xml.replace("<w:style ", f'<w:style xmlns:w="{official.W_NS}" ', 1))
        self.element.append(element)
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
    "body": "正文", "title": "标题", "subtitle": "副标题", "byline": "署名", "salutation": "称呼",
    "heading1": "一级标题", "heading2": "二级标题", "heading3": "三级标题", "heading4": "四级标题",
    "lead": "主旨句", "sublead": "小点主旨句", "page_number": "页码",
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
    from docx.oxml import parse_xml

    font = official.HEITI if lead_font == "heiti" else official.FANGSONG
    new = parse_xml(official.run_properties_xml(font, None, lead_font == "bold", None).replace(
        "<w:rPr>", f'<w:rPr xmlns:w="{official.W_NS}">', 1))
    for child in reversed(list(new)):
        if child.tag in (W + "rFonts", W + "b", W + "bCs"):
            rpr.insert(0, child)
    styles.fonts.clear()


def _set_page_numbers(document, styles: _Styles, mode: str) -> None:
    """Footers reading — N —: odd right / even left (mirrored), or centred on every page."""
    from docx.oxml import parse_xml

    section = document.sections[-1]
    style_id = styles.style_id("page_number")

    def fill(footer, align: str) -> None:
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        indent = ""
        if align == "right":
            indent = f'<w:ind w:right="{official.PAGE_NUMBER_INDENT}"/>'
        elif align == "left":
            indent = f'<w:ind w:left="{official.PAGE_NUMBER_INDENT}"/>'
        xml = official.page_number_paragraph_xml(align, indent).replace('w:val="PageNumber"', f'w:val="{style_id}"')
        element.append(parse_xml(xml.replace("<w:p>", f'<w:p xmlns:w="{official.W_NS}">', 1)))

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


def _place_speech(document, paragraphs_xml: str) -> None:
    from docx.oxml import parse_xml

    body = document.element.body
    fragment = parse_xml(f'<w:body xmlns:w="{official.W_NS}">{paragraphs_xml}</w:body>')
    new = list(fragment)
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


# -- paragraphs as XML ----------------------------------------------------------------------------------
def _paragraphs_xml(speech: Speech, styles: _Styles) -> str:
    """Every paragraph of *speech* as WordprocessingML, styled by role."""
    out: list[str] = []
    point_family = _family(speech.numbering_style) if speech.points else None
    sub_family = _family(speech.subnumbering_style) if any(p.subpoints for p in speech.points) else None
    for block in speech_blocks(speech):
        role = block.role
        if role == "title":
            lines = block.text.split("\n")
            out.append(_title_xml(lines[0], styles))
            out += [_paragraph(styles, "subtitle", [(line, None)]) for line in lines[1:]]
        elif role == "byline":
            out.append(_paragraph(styles, "byline", [(block.text, None)]))
        elif role == "salutation":
            out.append(_paragraph(styles, "salutation", [(block.text, None)]))
        elif role in ("point", "subpoint"):
            out.append(_numbered_xml(block, styles, point_family if role == "point" else sub_family, role))
        else:
            out.append(_paragraph(styles, "body", [(block.text, None)]))
    return "".join(out)


def _family(style) -> str:
    return "run_in" if style.heading_level is None else style.kind


def _numbered_xml(block: Block, styles: _Styles, family: str | None, role: str) -> str:
    lead_role = "lead" if role == "point" else ("sublead" if family in ("paren_chinese", "run_in") else None)
    if block.heading:
        heading_role = _HEADING_ROLE.get(family or "")
        if heading_role:
            return _paragraph(styles, heading_role, [(block.text, None)])
        return _paragraph(styles, "body", [(block.text, lead_role)])
    runs = [(block.marker + block.lead, lead_role)]
    if block.rest:
        runs.append((block.rest, None))
    return _paragraph(styles, "body", runs)


def _title_xml(title: str, styles: _Styles) -> str:
    """The title paragraph. A long title is made to wrap where :func:`break_title` says by
    narrowing the paragraph (equal indents on both sides) to the width of its first line,
    so the text itself stays one unbroken string."""
    style_id = styles.style_id("title")
    fonts = _run_fonts(styles.east_asian_font(style_id))
    lines = break_title(title, styles.text_area_twips / styles.title_size_twips(style_id))
    properties = f'<w:pStyle w:val="{style_id}"/>'
    if len(lines) > 1:
        line = text_width(lines[0]) * styles.title_size_twips(style_id) + TITLE_SLACK_TWIPS
        indent = max(0, int((styles.text_area_twips - line) / 2))
        properties += f'<w:ind w:left="{indent}" w:right="{indent}" w:firstLine="0" w:firstLineChars="0"/>'
    text = escape(_xml_safe(title))
    return f'<w:p><w:pPr>{properties}</w:pPr><w:r>{fonts}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


TITLE_SLACK_TWIPS = 90
"""Room beyond the first line's estimated width (a fifth of a 22 pt character), so rounding
never pushes its last character down and the next one never fits up."""


def _paragraph(styles: _Styles, role: str, runs: list[tuple[str, str | None]]) -> str:
    style_id = styles.style_id(role)
    paragraph_font = styles.east_asian_font(style_id)
    xml = [f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>']
    for text, char_role in runs:
        if not text:
            continue
        if char_role:
            char_id = styles.style_id(char_role)
            font = styles.east_asian_font(char_id) or paragraph_font
            properties = f'<w:rPr><w:rStyle w:val="{char_id}"/>{_fonts_only(font)}</w:rPr>'
        else:
            properties = _run_fonts(paragraph_font)
        xml.append(f'<w:r>{properties}<w:t xml:space="preserve">{escape(_xml_safe(text))}</w:t></w:r>')
    xml.append("</w:p>")
    return "".join(xml)


def _fonts_only(font: str | None) -> str:
    if not font:
        return ""
    return (f'<w:rFonts w:ascii="{official.LATIN_FONT}" w:hAnsi="{official.LATIN_FONT}" '
            f'w:eastAsia="{escape(font)}" w:cs="{official.LATIN_FONT}" w:hint="eastAsia"/>')


def _run_fonts(font: str | None) -> str:
    inner = _fonts_only(font)
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """*text* without the control characters XML 1.0 cannot hold (tabs and newlines become spaces)."""
    return _XML_INVALID.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", ""))


