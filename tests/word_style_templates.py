"""House templates as offices make them in Word, built for the tests (python-docx and lxml).

An office sets its look on Word's own styles. Chinese Word writes them with English
built-in names (``w:name`` Normal, Title, Subtitle, heading 1…) and short style ids (a,
a3, a5, 1, 2…); other tools write the Chinese names Word shows (正文, 标题 1). Each
builder writes a template into a folder and returns its path:

- :func:`chinese_word_template`: Word's built-in styles as Chinese Word writes them (ids
  ``a``, ``a3``, ``1``…, Chinese aliases, theme fonts in the document defaults as Word
  leaves them), with the office's look set on them: 正文 仿宋_GB2312 三号 on exact 28 pt
  lines, first line indented two characters; 标题 方正小标宋简体 二号 centred; 副标题
  楷体_GB2312 三号 centred; 标题 1 黑体 三号; 标题 2 楷体_GB2312 三号; 标题 3 仿宋_GB2312 三号
  bold; 标题 4 仿宋_GB2312 三号; 标题 1 and 标题 2 linked to a 多级列表 (第一部分…); a footer
  with a centred page number;
- :func:`localized_template`: the same look, the styles named only in Chinese (正文, 标题 1);
- :func:`untouched_template`: python-docx's default document saved as a .dotx (Word's
  defaults: theme fonts, no East Asian font anywhere);
- :func:`defaults_only_template`: python-docx's default document whose document defaults
  name 仿宋_GB2312 三号 (no style names a font);
- odd ones for the catalogue: a 标题 of 800 pt, basedOn loops, no 正文 style at all.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"

FANGSONG, KAITI, HEITI, XIAOBIAOSONG = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"
LIST_LABEL = "第{}部分"
"""What the template's 多级列表 would put before a 标题 1 paragraph (the export switches it off)."""


def _add(parent, tag: str, **attributes):
    return etree.SubElement(parent, W + tag, {W + key: str(value) for key, value in attributes.items()})


def _style(
    styles,
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    aliases: str | None = None,
    based_on: str | None = "a",
    default: bool = False,
    font: str | None = None,
    theme: bool = False,
    size: int | None = None,
    bold: bool = False,
    align: str | None = None,
    line: int | None = None,
    first_line: bool = False,
    outline: int | None = None,
    numbered: int | None = None,
):
    """A ``w:style`` in the order Word writes its children."""
    attributes = {"type": kind, "styleId": style_id}
    if default:
        attributes = {"type": kind, "default": 1, "styleId": style_id}
    style = _add(styles, "style", **attributes)
    _add(style, "name", val=name)
    if aliases:
        _add(style, "aliases", val=aliases)
    if based_on:
        _add(style, "basedOn", val=based_on)
    if kind == "paragraph" and style_id != "a":
        _add(style, "next", val="a")
    _add(style, "qFormat")
    if kind == "paragraph":
        properties = _add(style, "pPr")
        if outline is not None:
            _add(properties, "keepNext")
        if numbered is not None:
            numbering = _add(properties, "numPr")
            _add(numbering, "ilvl", val=numbered)
            _add(numbering, "numId", val=1)
        if line:
            _add(properties, "spacing", before=0, after=0, line=line, lineRule="exact")
        if first_line:
            _add(properties, "ind", firstLineChars=200, firstLine=2 * (size or 21) * 10)
        elif style_id != "a" and kind == "paragraph":
            _add(properties, "ind", firstLineChars=0, firstLine=0)
        if align:
            _add(properties, "jc", val=align)
        if outline is not None:
            _add(properties, "outlineLvl", val=outline)
    run = _add(style, "rPr")
    if font:
        _add(run, "rFonts", ascii="Times New Roman", hAnsi="Times New Roman", eastAsia=font, hint="eastAsia")
    elif theme:
        _add(run, "rFonts", asciiTheme="majorHAnsi", eastAsiaTheme="majorEastAsia", hAnsiTheme="majorHAnsi")
    if bold:
        _add(run, "b")
        _add(run, "bCs")
    if size:
        _add(run, "sz", val=size)
        _add(run, "szCs", val=size)
    return style


OFFICE_LOOK = {
    "normal": dict(font=FANGSONG, size=32, align="both", line=560, first_line=True),
    "title": dict(font=XIAOBIAOSONG, size=44, align="center", line=700),
    "subtitle": dict(font=KAITI, size=32, align="center", line=560),
    "heading 1": dict(font=HEITI, size=32, line=560, first_line=True, outline=0, numbered=0),
    "heading 2": dict(font=KAITI, size=32, line=560, first_line=True, outline=1, numbered=1),
    "heading 3": dict(font=FANGSONG, size=32, bold=True, line=560, first_line=True, outline=2),
    "heading 4": dict(font=FANGSONG, size=32, line=560, first_line=True, outline=3),
}
"""The office's look on each of Word's built-in styles (sizes in half-points: 三号 32, 二号 44)."""

CHINESE_WORD_IDS = {
    "normal": "a",
    "title": "a3",
    "subtitle": "a5",
    "heading 1": "1",
    "heading 2": "2",
    "heading 3": "3",
    "heading 4": "4",
}
"""The style ids Chinese Word gives its built-in styles."""

CHINESE_NAMES = {
    "normal": "正文",
    "title": "标题",
    "subtitle": "副标题",
    "heading 1": "标题 1",
    "heading 2": "标题 2",
    "heading 3": "标题 3",
    "heading 4": "标题 4",
}


def _word_styles(document, *, english_names: bool, look: dict | None = None, drop: tuple[str, ...] = ()) -> None:
    """Replace *document*'s styles with Word's built-in ones as Chinese Word writes them."""
    styles = document.styles.element
    for child in list(styles):
        if child.tag in (W + "style", W + "docDefaults"):
            styles.remove(child)
    defaults = etree.Element(W + "docDefaults")
    run = _add(_add(defaults, "rPrDefault"), "rPr")
    _add(run, "rFonts", asciiTheme="minorHAnsi", eastAsiaTheme="minorEastAsia", hAnsiTheme="minorHAnsi")
    _add(run, "kern", val=2)
    _add(run, "sz", val=21)
    _add(run, "szCs", val=22)
    _add(run, "lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    _add(defaults, "pPrDefault")
    styles.insert(0, defaults)
    for builtin, settings in (look or OFFICE_LOOK).items():
        if builtin in drop:
            continue
        name = builtin if english_names else CHINESE_NAMES[builtin]
        if english_names and builtin in ("normal", "title", "subtitle"):
            name = name.capitalize()
        style_id = CHINESE_WORD_IDS[builtin] if english_names else f"S{len(styles)}"
        if builtin == "normal":
            style_id = "a"
        _style(
            styles,
            style_id,
            name,
            aliases=CHINESE_NAMES[builtin] if english_names else None,
            based_on=None if builtin == "normal" else "a",
            default=builtin == "normal",
            **settings,
        )
    _style(styles, "a0", "Default Paragraph Font", kind="character", based_on=None, default=True)


def _list_numbering(document) -> None:
    """A 多级列表 numId 1: level 0 reads 第一部分…, level 1 （甲）… (what the export switches off)."""
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    abstract = _add(numbering, "abstractNum", abstractNumId=0)
    for level, text in ((0, LIST_LABEL.format("%1")), (1, "（甲%2）")):
        entry = _add(abstract, "lvl", ilvl=level)
        _add(entry, "start", val=1)
        _add(entry, "numFmt", val="chineseCounting" if level == 0 else "decimal")
        _add(entry, "lvlText", val=text)
        _add(entry, "lvlJc", val="left")
    _add(_add(numbering, "num", numId=1), "abstractNumId", val=0)


def _page_setup(document) -> None:
    """A4 with GB/T 9704 margins, and a footer holding a centred PAGE field."""
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    paragraph = section.footer.paragraphs[0]._p
    _add(_add(paragraph, "pPr"), "jc", val="center")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = _add(paragraph, "r")
        if kind:
            _add(run, "fldChar", fldCharType=kind)
        elif text == " PAGE ":
            _add(run, "instrText").text = text
        else:
            _add(run, "t").text = text


def _office_template(folder: Path, name: str, *, english_names: bool, **changes) -> Path:
    document = docx.Document()
    _word_styles(document, english_names=english_names, **changes)
    _list_numbering(document)
    _page_setup(document)
    document.add_paragraph("本模板供县政府办公室起草讲话稿使用。")  # the template's own text, never exported
    path = folder / name
    document.save(path)
    return path


def chinese_word_template(folder: Path, name: str = "县政府办讲话稿模板.docx", **changes) -> Path:
    """The office's look on Word's built-in styles, written as Chinese Word writes them."""
    return _office_template(folder, name, english_names=True, **changes)


def localized_template(folder: Path, name: str = "中文样式名模板.docx") -> Path:
    """The same look, the styles named only as Chinese Word shows them (正文, 标题 1)."""
    return _office_template(folder, name, english_names=False)


def untouched_template(folder: Path, name: str = "空白模板.dotx") -> Path:
    """python-docx's default document (Word's default styles) saved as a Word template."""
    plain = folder / "空白.docx"
    docx.Document().save(plain)
    path = folder / name
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
            target.writestr(item, data)
    plain.unlink()
    return path


def defaults_only_template(folder: Path, name: str = "只设默认字体模板.docx") -> Path:
    """python-docx's default document whose document defaults name 仿宋_GB2312 三号."""
    document = docx.Document()
    run = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    fonts = run.find(W + "rFonts")
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    fonts.set(W + "ascii", "Times New Roman")
    fonts.set(W + "hAnsi", "Times New Roman")
    fonts.set(W + "eastAsia", FANGSONG)
    for tag in ("sz", "szCs"):
        run.find(W + tag).set(W + "val", "32")
    path = folder / name
    document.save(path)
    return path


def huge_title_template(folder: Path, name: str = "标题字号异常模板.docx") -> Path:
    """The office's look, but its 标题 in 800 pt (w:sz 1600)."""
    look = dict(OFFICE_LOOK, title=dict(OFFICE_LOOK["title"], size=1600))
    return chinese_word_template(folder, name, look=look)


def looping_template(folder: Path, name: str = "样式循环模板.docx") -> Path:
    """The office's look, with 正文 based on 标题 1 (itself based on 正文) and 标题 based on itself."""
    path = chinese_word_template(folder, name)
    document = docx.Document(str(path))
    styles = {style.get(W + "styleId"): style for style in document.styles.element.findall(W + "style")}
    normal = styles["a"]
    normal.insert(1, etree.Element(W + "basedOn", {W + "val": "1"}))
    styles["a3"].find(W + "basedOn").set(W + "val", "a3")
    document.save(path)
    return path


def no_normal_template(folder: Path, name: str = "缺正文样式模板.docx") -> Path:
    """The office's 标题 and 标题 1–4, but no 正文 (Normal) style at all: they are based on a missing style."""
    return chinese_word_template(folder, name, drop=("normal",))
