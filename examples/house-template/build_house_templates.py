#!/usr/bin/env python
"""Build the example house templates an office might share (run to rebuild them).

    .venv/bin/python examples/house-template/build_house_templates.py

- 县委办讲话稿模板.docx: an office's own look: 黑体 title, 宋体 body, a header with the
  office's name, centred page numbers, a note in the body (which export drops).
- 红头讲话稿模板.docx: a red 发文机关标志 and a red rule framing the speech, which goes where
  the paragraph {{讲稿}} stands.
"""

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent


def east_asian(style_or_run, font: str) -> None:
    """Set the East Asian font name (python-docx only sets Latin names)."""
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")


def paragraph_style(document, name: str, font: str, size: float, *, centre=False, indent=True, bold=False):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    style.font.bold = bold
    east_asian(style, font)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(28)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Pt(size * 2) if indent else Pt(0)
    return style


def character_style(document, name: str, font: str, *, bold=False):
    style = document.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    east_asian(style, font)
    style.font.bold = bold
    return style


def page_number_field(paragraph) -> None:
    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run._r.append(element)
        else:
            run.text = text
    paragraph.add_run(" —")


def base_document():
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(15)
    east_asian(normal, "宋体")
    normal.paragraph_format.space_after = Pt(0)
    paragraph_style(document, "讲话标题", "黑体", 20, centre=True, indent=False)
    paragraph_style(document, "署名", "楷体", 15, centre=True, indent=False)
    paragraph_style(document, "称呼", "宋体", 15, indent=False)
    paragraph_style(document, "讲话正文", "宋体", 15)
    paragraph_style(document, "一级标题", "黑体", 15)
    paragraph_style(document, "二级标题", "楷体", 15)
    character_style(document, "主旨句", "宋体", bold=True)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_number_field(footer)
    for run in footer.runs:
        run.font.size = Pt(14)
    return document


def office_template() -> Path:
    document = base_document()
    header = document.sections[0].header.paragraphs[0]
    header.text = "中共某某县委办公室"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("模板说明：这是县委办公室讲话稿模板。导出时本段不会出现在讲话稿中。", style="讲话正文")
    path = HERE / "县委办讲话稿模板.docx"
    document.save(path)
    return path


def red_header_template() -> Path:
    document = base_document()
    mark = document.add_paragraph(style="讲话标题")
    run = mark.add_run("中共某某县委办公室文件")
    run.font.color.rgb = RGBColor(0xE0, 0x00, 0x00)
    run.font.size = Pt(36)
    rule = document.add_paragraph("━━━━━━━━━━━━━━━━━━━━━━━━", style="讲话标题")
    rule.runs[0].font.color.rgb = RGBColor(0xE0, 0x00, 0x00)
    document.add_paragraph("{{讲稿}}", style="讲话正文")
    document.add_paragraph("（此件公开发布）", style="署名")
    path = HERE / "红头讲话稿模板.docx"
    document.save(path)
    return path


if __name__ == "__main__":
    for built in (office_template(), red_header_template()):
        print(f"已生成：{built}")
