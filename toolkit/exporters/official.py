"""The official layout (GB/T 9704-2012 with speech-manuscript habits) in one readable place.

Every number of the built-in Word template lives in :data:`LAYOUT` and :data:`STYLES`;
:func:`build_official_template` writes ``templates/word/official.docx`` from them
(``python templates/word/build_official_template.py`` rebuilds it), and the exporter uses
the same definitions to add a style a house template lacks. See
``docs/official-layout.md`` for where each value comes from.

Units: twips (1/20 pt) for lengths, half-points for font sizes, as Word's XML uses.

Word's XML is built here as lxml elements, never as text: each ``add_…`` function appends
its element to a parent and returns it, so an element made for a python-docx document
comes from that document's parser and carries python-docx's element classes.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "{%s}" % W_NS
"""Prefix of a Clark name in the ``w:`` namespace: ``W + "p"`` is ``w:p``."""
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
R_ID = "{%s}id" % R_NS
WORD_NAMESPACES = {"w": W_NS, "r": R_NS}


def add(parent, tag: str, /, **attributes) -> etree._Element:
    """Append ``<w:tag w:key="value"…>`` to *parent* (attributes in the order given) and return it."""
    return etree.SubElement(parent, W + tag, {W + key: str(value) for key, value in attributes.items()})


@dataclass(frozen=True)
class PageLayout:
    """The page: A4, GB/T 9704 margins, a 22-line grid, footer position."""

    width: int = 11906  # 210 mm
    height: int = 16838  # 297 mm
    top: int = 2098  # 37 mm 天头
    bottom: int = 1984  # 35 mm
    left: int = 1587  # 28 mm 订口
    right: int = 1474  # 26 mm
    header: int = 851  # 15 mm (no header in the built-in template)
    footer: int = 1440  # 25.4 mm: the dashes of the 四号 page number sit 7 mm below the text area
    line_pitch: int = 579  # 28.95 pt: 22 lines in the 225 mm text area
    char_space_words: int = -846  # Word's linesAndChars grid: 28 characters a line


LAYOUT = PageLayout()

BODY_SIZE = 32  # 三号 16 pt
TITLE_SIZE = 44  # 二号 22 pt
PAGE_NUMBER_SIZE = 28  # 四号 14 pt
BODY_CHARACTER_SPACING = -6  # −0.3 pt: 28 characters a line without LibreOffice dropping punctuation
FIRST_LINE_TWIPS = 621  # 2 characters, for LibreOffice which ignores firstLineChars
TITLE_LINE = 700  # exact 35 pt lines for the 22 pt title
PAGE_NUMBER_INDENT = 280  # one 四号 character in from the edge (GB/T 9704 7.5)
LATIN_FONT = "Times New Roman"

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"


@dataclass(frozen=True)
class StyleDefinition:
    """One named style of the template: Chinese name, English alias, and its formatting."""

    role: str
    """What the exporter uses it for (``body``, ``title``, ``lead``…)."""
    style_id: str
    name: str
    """The Chinese name Word shows; the exporter finds styles by this name."""
    alias: str
    """The English alias Word shows beside it."""
    kind: str = "paragraph"
    east_asian_font: str = FANGSONG
    size: int = BODY_SIZE
    bold: bool = False
    based_on: str | None = "Normal"
    align: str | None = None
    first_line: bool = True
    line: int | None = LAYOUT.line_pitch
    snap_to_grid: bool = True
    character_spacing: int | None = BODY_CHARACTER_SPACING
    outline_level: int | None = None
    keep_next: bool = False
    space_after: int = 0
    first_line_twips: int = FIRST_LINE_TWIPS
    """The first-line indent LibreOffice reads (Word reads two characters, ``firstLineChars``)."""
    keep_lines: bool = False
    """Keep the paragraph's lines on one page (the reading copy's sentences)."""

    def add_to(self, styles) -> etree._Element:
        """Append this style's ``<w:style>`` to *styles* (a ``<w:styles>`` element) and return it."""
        style = add(styles, "style", type=self.kind, customStyle="1", styleId=self.style_id)
        add(style, "name", val=self.name)
        add(style, "aliases", val=self.alias)
        if self.based_on:
            add(style, "basedOn", val=self.based_on)
        if self.kind == "paragraph":
            add(style, "next", val="SpeechBody" if self.role != "page_number" else self.style_id)
        add(style, "qFormat")
        if self.kind == "paragraph":
            properties = add(style, "pPr")
            if self.keep_next:
                add(properties, "keepNext")
            if self.keep_lines:
                add(properties, "keepLines")
            if not self.snap_to_grid:
                add(properties, "snapToGrid", val=0)
            if self.line:
                add(properties, "spacing", before=0, after=self.space_after, line=self.line, lineRule="exact")
            else:
                add(properties, "spacing", before=0, after=self.space_after, line=240, lineRule="auto")
            if self.first_line:
                add(properties, "ind", firstLineChars=200, firstLine=self.first_line_twips)
            else:
                add(properties, "ind", firstLineChars=0, firstLine=0)
            if self.align:
                add(properties, "jc", val=self.align)
            if self.outline_level is not None:
                add(properties, "outlineLvl", val=self.outline_level)
        add_run_properties(style, self.east_asian_font, self.size, self.bold, self.character_spacing)
        return style


def add_fonts(parent, east_asian_font: str) -> etree._Element:
    """``<w:rFonts>`` with explicit fonts (no theme attributes) and the eastAsia hint."""
    return add(
        parent, "rFonts", ascii=LATIN_FONT, hAnsi=LATIN_FONT, eastAsia=east_asian_font, cs=LATIN_FONT, hint="eastAsia"
    )


def add_run_properties(
    parent, east_asian_font: str, size: int | None, bold: bool, spacing: int | None
) -> etree._Element:
    """``<w:rPr>``: fonts (:func:`add_fonts`), then bold, character spacing and size as given."""
    properties = add(parent, "rPr")
    add_fonts(properties, east_asian_font)
    if bold:
        add(properties, "b")
        add(properties, "bCs")
    if spacing is not None:
        add(properties, "spacing", val=spacing)
    if size:
        add(properties, "sz", val=size)
        add(properties, "szCs", val=size)
    return properties


# Headings are not kept with the next paragraph: "keep with next" would leave the last line
# of a page empty whenever a heading falls there, and the page would hold 21 lines, not 22.
STYLES: tuple[StyleDefinition, ...] = (
    StyleDefinition("body", "SpeechBody", "讲话正文", "Speech Body", align="both"),
    StyleDefinition(
        "title",
        "SpeechTitle",
        "讲话标题",
        "Speech Title",
        east_asian_font=XIAOBIAOSONG,
        size=TITLE_SIZE,
        align="center",
        first_line=False,
        line=TITLE_LINE,
        snap_to_grid=False,
        character_spacing=None,
        space_after=LAYOUT.line_pitch // 2,
        keep_next=True,
    ),
    StyleDefinition(
        "subtitle",
        "SpeechSubtitle",
        "讲话副标题",
        "Speech Subtitle",
        east_asian_font=KAITI,
        align="center",
        first_line=False,
        keep_next=True,
    ),
    StyleDefinition(
        "byline",
        "SpeechByline",
        "署名",
        "Speech Byline",
        east_asian_font=KAITI,
        align="center",
        first_line=False,
        keep_next=True,
    ),
    StyleDefinition(
        "salutation", "SpeechSalutation", "称呼", "Salutation", first_line=False, align="both", based_on="SpeechBody"
    ),
    StyleDefinition(
        "heading1",
        "SpeechHeading1",
        "一级标题",
        "Level 1 Heading",
        east_asian_font=HEITI,
        based_on="SpeechBody",
        align="both",
        outline_level=0,
    ),
    StyleDefinition(
        "heading2",
        "SpeechHeading2",
        "二级标题",
        "Level 2 Heading",
        east_asian_font=KAITI,
        based_on="SpeechBody",
        align="both",
        outline_level=1,
    ),
    StyleDefinition(
        "heading3",
        "SpeechHeading3",
        "三级标题",
        "Level 3 Heading",
        based_on="SpeechBody",
        align="both",
        outline_level=2,
    ),
    StyleDefinition(
        "heading4",
        "SpeechHeading4",
        "四级标题",
        "Level 4 Heading",
        based_on="SpeechBody",
        align="both",
        outline_level=3,
    ),
    StyleDefinition(
        "lead",
        "LeadSentence",
        "主旨句",
        "Lead Sentence",
        kind="character",
        east_asian_font=HEITI,
        size=None,
        based_on=None,
        character_spacing=None,
    ),
    StyleDefinition(
        "sublead",
        "SubpointLead",
        "小点主旨句",
        "Sub-point Lead",
        kind="character",
        east_asian_font=KAITI,
        size=None,
        based_on=None,
        character_spacing=None,
    ),
    StyleDefinition(
        "page_number",
        "PageNumber",
        "页码",
        "Page Number",
        east_asian_font=SONGTI,
        size=PAGE_NUMBER_SIZE,
        first_line=False,
        line=None,
        snap_to_grid=False,
        character_spacing=0,
    ),
)
STYLE_BY_ROLE = {style.role: style for style in STYLES}


def add_page_number_paragraph(
    parent, align: str, style_id: str = "PageNumber", size: int = PAGE_NUMBER_SIZE
) -> etree._Element:
    """Append a ``<w:p>`` reading ``— 1 —`` with a PAGE field in the 页码 style *style_id*,
    *size* half-points; *align* is right, left (one character in from that edge) or center."""
    paragraph = add(parent, "p")
    properties = add(paragraph, "pPr")
    add(properties, "pStyle", val=style_id)
    if align == "right":
        add(properties, "ind", right=PAGE_NUMBER_INDENT)
    elif align == "left":
        add(properties, "ind", left=PAGE_NUMBER_INDENT)
    add(properties, "jc", val=align)
    for name, value in (
        ("t", "— "),
        ("fldChar", "begin"),
        ("instrText", " PAGE "),
        ("fldChar", "separate"),
        ("t", "1"),
        ("fldChar", "end"),
        ("t", " —"),
    ):
        run = add(paragraph, "r")
        add_run_properties(run, SONGTI, size, False, None)
        if name == "fldChar":
            add(run, name, fldCharType=value)
            continue
        text = add(run, name)
        if value != value.strip():  # the spaces around the dashes and the field code are kept
            text.set(XML_SPACE, "preserve")
        text.text = value
    return paragraph


def add_section_properties(
    parent,
    *,
    mirrored_page_numbers: bool = True,
    grid: str | None = "lines",
    default_footer: str = "rIdFooterOdd",
    even_footer: str | None = "rIdFooterEven",
    layout: PageLayout = LAYOUT,
) -> etree._Element:
    """The ``<w:sectPr>``: footers, A4, *layout*'s margins and the document grid (none
    when *grid* is ``None``: the lines are as high as the paragraphs say)."""
    section = add(parent, "sectPr")
    add(section, "footerReference", type="default").set(R_ID, default_footer)
    if mirrored_page_numbers and even_footer:
        add(section, "footerReference", type="even").set(R_ID, even_footer)
    add(section, "pgSz", w=layout.width, h=layout.height)
    add(
        section,
        "pgMar",
        top=layout.top,
        right=layout.right,
        bottom=layout.bottom,
        left=layout.left,
        header=layout.header,
        footer=layout.footer,
        gutter=0,
    )
    add(section, "pgNumType", fmt="decimal", start=1)
    add(section, "cols", space=425)
    if grid == "linesAndChars":
        add(section, "docGrid", type="linesAndChars", linePitch=layout.line_pitch, charSpace=layout.char_space_words)
    elif grid == "lines":
        add(section, "docGrid", type="lines", linePitch=layout.line_pitch)
    return section


# -- the parts of the built-in template -------------------------------------------------------------
def _word_root(name: str, namespaces: tuple[str, ...] = ("w",)) -> etree._Element:
    return etree.Element(W + name, nsmap={prefix: WORD_NAMESPACES[prefix] for prefix in namespaces})


def styles_part(styles: tuple[StyleDefinition, ...] = STYLES, line_pitch: int = LAYOUT.line_pitch) -> etree._Element:
    """styles.xml: defaults without theme fonts, Normal (exact lines of *line_pitch*), and
    the named *styles*."""
    root = _word_root("styles")
    defaults = add(root, "docDefaults")
    run_defaults = add_run_properties(add(defaults, "rPrDefault"), FANGSONG, BODY_SIZE, False, None)
    add(run_defaults, "kern", val=2)
    add(run_defaults, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    add(add(add(defaults, "pPrDefault"), "pPr"), "spacing", before=0, after=0)

    normal = add(root, "style", type="paragraph", default=1, styleId="Normal")
    add(normal, "name", val="Normal")
    add(normal, "qFormat")
    properties = add(normal, "pPr")
    add(properties, "widowControl", val=0)
    add(properties, "spacing", before=0, after=0, line=line_pitch, lineRule="exact")
    add(properties, "jc", val="both")
    add_run_properties(normal, FANGSONG, BODY_SIZE, False, None)

    character = add(root, "style", type="character", default=1, styleId="DefaultParagraphFont")
    add(character, "name", val="Default Paragraph Font")
    add(character, "uiPriority", val=1)
    add(character, "semiHidden")
    add(character, "unhideWhenUsed")

    table = add(root, "style", type="table", default=1, styleId="TableNormal")
    add(table, "name", val="Normal Table")
    add(table, "semiHidden")
    table_properties = add(table, "tblPr")
    add(table_properties, "tblInd", w=0, type="dxa")
    margins = add(table_properties, "tblCellMar")
    for side, width in (("top", 0), ("left", 108), ("bottom", 0), ("right", 108)):
        add(margins, side, w=width, type="dxa")

    for style in styles:
        style.add_to(root)
    return root


def footer_part(align: str, size: int = PAGE_NUMBER_SIZE) -> etree._Element:
    """A footer holding ``— PAGE —`` in the 页码 style, *size* half-points; *align* is right, left or center."""
    footer = _word_root("ftr", ("w", "r"))
    add_page_number_paragraph(footer, align, size=size)
    return footer


def settings_part(*, even_and_odd: bool = True, line_pitch: int = LAYOUT.line_pitch) -> etree._Element:
    settings = _word_root("settings")
    add(settings, "zoom", percent=100)
    if even_and_odd:
        add(settings, "evenAndOddHeaders")
    add(settings, "defaultTabStop", val=420)
    add(settings, "drawingGridVerticalSpacing", val=line_pitch)
    add(settings, "characterSpacingControl", val="doNotCompress")
    compat = add(settings, "compat")
    add(compat, "compatSetting", name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=15)
    add(settings, "themeFontLang", val="en-US", eastAsia="zh-CN")
    return settings


_SAMPLE = (
    ("SpeechTitle", "在××会议上的讲话（样式示例）", ""),
    ("SpeechByline", "（2026年9月28日）", ""),
    ("SpeechSalutation", "同志们：", ""),
    (
        "SpeechBody",
        "这是内置公文格式模板。导出讲稿时，本页的示例文字不会带入文档，只使用这里的样式、页面设置和页码。",
        "",
    ),
    ("SpeechHeading1", "一、一级标题（黑体）", ""),
    ("SpeechHeading2", "（一）二级标题（楷体）", ""),
    ("SpeechBody", "正文用仿宋三号字，每页22行，每行28字。", "一要主旨句用黑体。"),
)
"""What opening official.docx in Word shows: one paragraph per style (style, text, lead). Never exported."""


def document_part(samples: tuple[tuple[str, str, str], ...] = _SAMPLE, **section) -> etree._Element:
    """document.xml: the sample paragraphs and the section properties (see :func:`add_section_properties`)."""
    document = _word_root("document", ("w", "r"))
    body = add(document, "body")
    for style, text, lead in samples:
        paragraph = add(body, "p")
        add(add(paragraph, "pPr"), "pStyle", val=style)
        if lead:
            run = add(paragraph, "r")
            add(add(run, "rPr"), "rStyle", val="LeadSentence")
            add(run, "t").text = lead
        add(add(paragraph, "r"), "t").text = text
    add_section_properties(body, **section)
    return document


def font_table_part() -> etree._Element:
    fonts = _word_root("fonts")
    for name, charset, family in (
        (LATIN_FONT, "00", "roman"),
        (FANGSONG, "86", "modern"),
        (KAITI, "86", "modern"),
        (HEITI, "86", "modern"),
        (XIAOBIAOSONG, "86", "script"),
        (SONGTI, "86", "auto"),
    ):
        font = add(fonts, "font", name=name)
        add(font, "charset", val=charset)
        add(font, "family", val=family)
        add(font, "pitch", val="variable")
    return fonts


_CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/"


def content_types_part() -> etree._Element:
    types = etree.Element("{%s}Types" % _CONTENT_TYPES_NS, nsmap={None: _CONTENT_TYPES_NS})
    for extension, content_type in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        etree.SubElement(types, "{%s}Default" % _CONTENT_TYPES_NS, Extension=extension, ContentType=content_type)
    for part, content_type in (
        ("/word/document.xml", _WORD_TYPE + "document.main+xml"),
        ("/word/styles.xml", _WORD_TYPE + "styles+xml"),
        ("/word/settings.xml", _WORD_TYPE + "settings+xml"),
        ("/word/fontTable.xml", _WORD_TYPE + "fontTable+xml"),
        ("/word/footer1.xml", _WORD_TYPE + "footer+xml"),
        ("/word/footer2.xml", _WORD_TYPE + "footer+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ):
        etree.SubElement(types, "{%s}Override" % _CONTENT_TYPES_NS, PartName=part, ContentType=content_type)
    return types


def _relationships(*relationships: tuple[str, str, str]) -> etree._Element:
    """A .rels part from (Id, Type, Target) triples."""
    root = etree.Element("{%s}Relationships" % _PACKAGE_RELS_NS, nsmap={None: _PACKAGE_RELS_NS})
    for rel_id, rel_type, target in relationships:
        etree.SubElement(root, "{%s}Relationship" % _PACKAGE_RELS_NS, Id=rel_id, Type=rel_type, Target=target)
    return root


def package_relationships_part() -> etree._Element:
    return _relationships(
        ("rId1", _OFFICE_REL + "officeDocument", "word/document.xml"),
        ("rId2", _PACKAGE_REL + "metadata/core-properties", "docProps/core.xml"),
        ("rId3", _OFFICE_REL + "extended-properties", "docProps/app.xml"),
    )


def document_relationships_part() -> etree._Element:
    return _relationships(
        ("rIdStyles", _OFFICE_REL + "styles", "styles.xml"),
        ("rIdSettings", _OFFICE_REL + "settings", "settings.xml"),
        ("rIdFonts", _OFFICE_REL + "fontTable", "fontTable.xml"),
        ("rIdFooterOdd", _OFFICE_REL + "footer", "footer1.xml"),
        ("rIdFooterEven", _OFFICE_REL + "footer", "footer2.xml"),
    )


_CORE_NAMESPACES = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


def core_part(created: _dt.datetime) -> etree._Element:
    def qualified(name: str) -> str:
        prefix, local = name.split(":")
        return "{%s}%s" % (_CORE_NAMESPACES[prefix], local)

    core = etree.Element(qualified("cp:coreProperties"), nsmap=_CORE_NAMESPACES)
    etree.SubElement(core, qualified("dc:title")).text = "公文格式讲话稿（内置模板）"
    etree.SubElement(core, qualified("dc:creator")).text = "jianggao"
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in ("dcterms:created", "dcterms:modified"):
        etree.SubElement(core, qualified(name), {qualified("xsi:type"): "dcterms:W3CDTF"}).text = stamp
    return core


def app_part() -> etree._Element:
    namespace = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    properties = etree.Element("{%s}Properties" % namespace, nsmap={None: namespace})
    etree.SubElement(properties, "{%s}Application" % namespace).text = "jianggao"
    return properties


TEMPLATE_DATE = _dt.datetime(2026, 1, 1)
"""A fixed creation date, so rebuilding the template gives identical bytes."""


def official_template_bytes() -> bytes:
    """The built-in template as .docx bytes (deterministic: same code, same bytes)."""
    return template_bytes(document_part(), styles_part(), settings_part(), footer_part("right"), footer_part("left"))


def template_bytes(document, styles, settings, footer, even_footer) -> bytes:
    """A Word template of these parts (elements) and the fixed ones (fonts, relationships,
    properties) as .docx bytes; the official layout's and the reading copy's."""
    parts = {
        "[Content_Types].xml": content_types_part(),
        "_rels/.rels": package_relationships_part(),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": document_relationships_part(),
        "word/styles.xml": styles,
        "word/settings.xml": settings,
        "word/fontTable.xml": font_table_part(),
        "word/footer1.xml": footer,
        "word/footer2.xml": even_footer,
        "docProps/core.xml": core_part(TEMPLATE_DATE),
        "docProps/app.xml": app_part(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, root in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    return buffer.getvalue()


def build_official_template(path: str | Path) -> Path:
    """Write the built-in template to *path* (overwriting it) and return the path."""
    path = Path(path)
    path.write_bytes(official_template_bytes())
    return path
