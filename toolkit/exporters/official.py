"""The official layout (GB/T 9704-2012 with speech-manuscript habits) in one readable place.

Every number of the built-in Word template lives in :data:`LAYOUT` and :data:`STYLES`;
:func:`build_official_template` writes ``templates/word/official.docx`` from them
(``python templates/word/build_official_template.py`` rebuilds it), and the exporter uses
the same definitions to add a style a house template lacks. See
``../shared/docs/official-layout.md`` for where each value comes from.

Units: twips (1/20 pt) for lengths, half-points for font sizes, as Word's XML uses.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def escape(text: str) -> str:
    """*text* safe inside XML text and attribute values (xml.sax.saxutils costs 15 ms to import)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def mm(value: float) -> int:
    """Millimetres in twips."""
    return round(value / 25.4 * 1440)


@dataclass(frozen=True)
class PageLayout:
    """The page: A4, GB/T 9704 margins, a 22-line grid, footer position."""

    width: int = 11906            # 210 mm
    height: int = 16838           # 297 mm
    top: int = 2098               # 37 mm 天头
    bottom: int = 1984            # 35 mm
    left: int = 1587              # 28 mm 订口
    right: int = 1474             # 26 mm
    header: int = 851             # 15 mm (no header in the built-in template)
    footer: int = 1440            # 25.4 mm: the dashes of the 四号 page number sit 7 mm below the text area
    line_pitch: int = 579         # 28.95 pt: 22 lines in the 225 mm text area
    char_space_words: int = -846  # Word's linesAndChars grid: 28 characters a line


LAYOUT = PageLayout()

BODY_SIZE = 32          # 三号 16 pt
TITLE_SIZE = 44         # 二号 22 pt
PAGE_NUMBER_SIZE = 28   # 四号 14 pt
BODY_CHARACTER_SPACING = -6   # −0.3 pt: 28 characters a line without LibreOffice dropping punctuation
FIRST_LINE_TWIPS = 621        # 2 characters, for LibreOffice which ignores firstLineChars
TITLE_LINE = 700              # exact 35 pt lines for the 22 pt title
PAGE_NUMBER_INDENT = 280      # one 四号 character in from the edge (GB/T 9704 7.5)
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

    def xml(self) -> str:
        """The ``<w:style>`` element for styles.xml."""
        parts = [f'<w:style w:type="{self.kind}" w:customStyle="1" w:styleId="{self.style_id}">',
                 f'<w:name w:val="{escape(self.name)}"/>', f'<w:aliases w:val="{escape(self.alias)}"/>']
        if self.based_on:
            parts.append(f'<w:basedOn w:val="{self.based_on}"/>')
        if self.kind == "paragraph":
            parts.append(f'<w:next w:val="{"SpeechBody" if self.role != "page_number" else self.style_id}"/>')
        parts.append('<w:qFormat/>')
        if self.kind == "paragraph":
            parts.append("<w:pPr>")
            if self.keep_next:
                parts.append("<w:keepNext/>")
            if not self.snap_to_grid:
                parts.append('<w:snapToGrid w:val="0"/>')
            line = f' w:line="{self.line}" w:lineRule="exact"' if self.line else ' w:line="240" w:lineRule="auto"'
            parts.append(f'<w:spacing w:before="0" w:after="{self.space_after}"{line}/>')
            if self.first_line:
                parts.append(f'<w:ind w:firstLineChars="200" w:firstLine="{FIRST_LINE_TWIPS}"/>')
            else:
                parts.append('<w:ind w:firstLineChars="0" w:firstLine="0"/>')
            if self.align:
                parts.append(f'<w:jc w:val="{self.align}"/>')
            if self.outline_level is not None:
                parts.append(f'<w:outlineLvl w:val="{self.outline_level}"/>')
            parts.append("</w:pPr>")
        parts.append(run_properties_xml(self.east_asian_font, self.size, self.bold, self.character_spacing))
        parts.append("</w:style>")
        return "".join(parts)


def run_properties_xml(east_asian_font: str, size: int | None, bold: bool, spacing: int | None) -> str:
    """``<w:rPr>`` with explicit fonts (no theme attributes) and the eastAsia hint."""
    xml = ['<w:rPr>',
           f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{escape(east_asian_font)}" '
           f'w:cs="{LATIN_FONT}" w:hint="eastAsia"/>']
    if bold:
        xml.append('<w:b/><w:bCs/>')
    if spacing is not None:
        xml.append(f'<w:spacing w:val="{spacing}"/>')
    if size:
        xml.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    xml.append("</w:rPr>")
    return "".join(xml)


# Headings are not kept with the next paragraph: "keep with next" would leave the last line
# of a page empty whenever a heading falls there, and the page would hold 21 lines, not 22.
STYLES: tuple[StyleDefinition, ...] = (
    StyleDefinition("body", "SpeechBody", "讲话正文", "Speech Body", align="both"),
    StyleDefinition("title", "SpeechTitle", "讲话标题", "Speech Title", east_asian_font=XIAOBIAOSONG, size=TITLE_SIZE,
                    align="center", first_line=False, line=TITLE_LINE, snap_to_grid=False, character_spacing=None,
                    space_after=LAYOUT.line_pitch // 2, keep_next=True),
    StyleDefinition("subtitle", "SpeechSubtitle", "讲话副标题", "Speech Subtitle", east_asian_font=KAITI,
                    align="center", first_line=False, keep_next=True),
    StyleDefinition("byline", "SpeechByline", "署名", "Speech Byline", east_asian_font=KAITI, align="center",
                    first_line=False, keep_next=True),
    StyleDefinition("salutation", "SpeechSalutation", "称呼", "Salutation", first_line=False, align="both", based_on="SpeechBody"),
    StyleDefinition("heading1", "SpeechHeading1", "一级标题", "Level 1 Heading", east_asian_font=HEITI, based_on="SpeechBody",
                    align="both", outline_level=0),
    StyleDefinition("heading2", "SpeechHeading2", "二级标题", "Level 2 Heading", east_asian_font=KAITI, based_on="SpeechBody",
                    align="both", outline_level=1),
    StyleDefinition("heading3", "SpeechHeading3", "三级标题", "Level 3 Heading", based_on="SpeechBody", align="both",
                    outline_level=2),
    StyleDefinition("heading4", "SpeechHeading4", "四级标题", "Level 4 Heading", based_on="SpeechBody", align="both",
                    outline_level=3),
    StyleDefinition("lead", "LeadSentence", "主旨句", "Lead Sentence", kind="character", east_asian_font=HEITI,
                    size=None, based_on=None, character_spacing=None),
    StyleDefinition("sublead", "SubpointLead", "小点主旨句", "Sub-point Lead", kind="character", east_asian_font=KAITI,
                    size=None, based_on=None, character_spacing=None),
    StyleDefinition("page_number", "PageNumber", "页码", "Page Number", east_asian_font=SONGTI, size=PAGE_NUMBER_SIZE,
                    first_line=False, line=None, snap_to_grid=False, character_spacing=0),
)
STYLE_BY_ROLE = {style.role: style for style in STYLES}

BOLD_FANGSONG_LEAD = StyleDefinition("lead", "LeadSentence", "主旨句", "Lead Sentence", kind="character",
                                     east_asian_font=FANGSONG, bold=True, size=None, based_on=None, character_spacing=None)
"""The house choice of a bold 仿宋 lead sentence instead of 黑体."""


def styles_xml() -> str:
    """styles.xml: defaults without theme fonts, Normal, and the named styles."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
        "<w:docDefaults><w:rPrDefault>"
        + run_properties_xml(FANGSONG, BODY_SIZE, False, None).replace(
            "</w:rPr>", '<w:kern w:val="2"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>')
        + '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:widowControl w:val="0"/><w:spacing w:before="0" w:after="0" w:line="{LAYOUT.line_pitch}" w:lineRule="exact"/>'
        '<w:jc w:val="both"/></w:pPr>'
        + run_properties_xml(FANGSONG, BODY_SIZE, False, None)
        + "</w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>'
        "<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        + "".join(style.xml() for style in STYLES)
        + "</w:styles>"
    )


def section_xml(*, mirrored_page_numbers: bool = True, grid: str = "lines",
                default_footer: str = "rIdFooterOdd", even_footer: str | None = "rIdFooterEven") -> str:
    """The ``<w:sectPr>``: footers, A4, margins and the document grid."""
    refs = f'<w:footerReference w:type="default" r:id="{default_footer}"/>'
    if mirrored_page_numbers and even_footer:
        refs += f'<w:footerReference w:type="even" r:id="{even_footer}"/>'
    grid_xml = (f'<w:docGrid w:type="linesAndChars" w:linePitch="{LAYOUT.line_pitch}" w:charSpace="{LAYOUT.char_space_words}"/>'
                if grid == "linesAndChars" else f'<w:docGrid w:type="lines" w:linePitch="{LAYOUT.line_pitch}"/>')
    return (
        f'<w:sectPr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{refs}'
        f'<w:pgSz w:w="{LAYOUT.width}" w:h="{LAYOUT.height}"/>'
        f'<w:pgMar w:top="{LAYOUT.top}" w:right="{LAYOUT.right}" w:bottom="{LAYOUT.bottom}" w:left="{LAYOUT.left}" '
        f'w:header="{LAYOUT.header}" w:footer="{LAYOUT.footer}" w:gutter="0"/>'
        f'<w:pgNumType w:fmt="decimal" w:start="1"/><w:cols w:space="425"/>{grid_xml}</w:sectPr>'
    )


def footer_xml(align: str) -> str:
    """A footer holding ``— PAGE —`` in the 页码 style; *align* is right, left or center."""
    indent = ""
    if align == "right":
        indent = f'<w:ind w:right="{PAGE_NUMBER_INDENT}"/>'
    elif align == "left":
        indent = f'<w:ind w:left="{PAGE_NUMBER_INDENT}"/>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        + page_number_paragraph_xml(align, indent)
        + "</w:ftr>"
    )


def page_number_paragraph_xml(align: str, indent: str = "") -> str:
    """``<w:p>`` reading ``— 1 —`` with a PAGE field, in the 页码 style."""
    run_properties = run_properties_xml(SONGTI, PAGE_NUMBER_SIZE, False, None)
    run = lambda inner: f"<w:r>{run_properties}{inner}</w:r>"  # noqa: E731 - tiny local helper
    return (
        f'<w:p><w:pPr><w:pStyle w:val="PageNumber"/>{indent}<w:jc w:val="{align}"/></w:pPr>'
        + run('<w:t xml:space="preserve">— </w:t>')
        + run('<w:fldChar w:fldCharType="begin"/>')
        + run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
        + run('<w:fldChar w:fldCharType="separate"/>')
        + run("<w:t>1</w:t>")
        + run('<w:fldChar w:fldCharType="end"/>')
        + run('<w:t xml:space="preserve"> —</w:t>')
        + "</w:p>"
    )


def settings_xml(*, even_and_odd: bool = True) -> str:
    even = "<w:evenAndOddHeaders/>" if even_and_odd else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W_NS}">'
        f'<w:zoom w:percent="100"/>{even}<w:defaultTabStop w:val="420"/>'
        '<w:drawingGridVerticalSpacing w:val="579"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>'
    )


def _sample_body() -> str:
    """What opening official.docx in Word shows: one paragraph per style. Never exported."""
    def paragraph(style: str, text: str, lead: str = "") -> str:
        lead_run = f'<w:r><w:rPr><w:rStyle w:val="LeadSentence"/></w:rPr><w:t>{lead}</w:t></w:r>' if lead else ""
        return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{lead_run}<w:r><w:t>{text}</w:t></w:r></w:p>'
    return "".join([
        paragraph("SpeechTitle", "在××会议上的讲话（样式示例）"),
        paragraph("SpeechByline", "（2026年9月28日）"),
        paragraph("SpeechSalutation", "同志们："),
        paragraph("SpeechBody", "这是内置公文格式模板。导出讲稿时，本页的示例文字不会带入文档，只使用这里的样式、页面设置和页码。"),
        paragraph("SpeechHeading1", "一、一级标题（黑体）"),
        paragraph("SpeechHeading2", "（一）二级标题（楷体）"),
        paragraph("SpeechBody", "正文用仿宋三号字，每页22行，每行28字。", lead="一要主旨句用黑体。"),
    ])


def document_xml(body: str = "", **section) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f"<w:body>{body}{section_xml(**section)}</w:body></w:document>"
    )


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>'
    "</Relationships>"
)


def _font_table() -> str:
    fonts = "".join(
        f'<w:font w:name="{name}"><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, family in ((FANGSONG, "modern"), (KAITI, "modern"), (HEITI, "modern"), (XIAOBIAOSONG, "script"), (SONGTI, "auto"))
    )
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W_NS}">'
            f'<w:font w:name="{LATIN_FONT}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
            f"{fonts}</w:fonts>")


def _core(created: _dt.datetime) -> str:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>公文格式讲话稿（内置模板）</dc:title><dc:creator>jianggao</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


_APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>jianggao</Application></Properties>")

TEMPLATE_DATE = _dt.datetime(2026, 1, 1)
"""A fixed creation date, so rebuilding the template gives identical bytes."""


def official_template_bytes() -> bytes:
    """The built-in template as .docx bytes (deterministic: same code, same bytes)."""
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "word/document.xml": document_xml(_sample_body()),
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": _font_table(),
        "word/footer1.xml": footer_xml("right"),
        "word/footer2.xml": footer_xml("left"),
        "docProps/core.xml": _core(TEMPLATE_DATE),
        "docProps/app.xml": _APP,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def build_official_template(path: str | Path) -> Path:
    """Write the built-in template to *path* (overwriting it) and return the path."""
    path = Path(path)
    path.write_bytes(official_template_bytes())
    return path
