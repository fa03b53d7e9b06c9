"""Reading a .docx speech: paragraph text, styles, bold leads and Word's own numbering.

The file has already passed :func:`toolkit.wordfile.check_word_zip` (no macros, no zip
bomb, no entity declarations). python-docx parses the XML with entity resolution off.
Word's automatic numbering (一、 produced by a list style rather than typed) is not in the
paragraph text, so it is recomputed from numbering.xml and put back in front of the text.
"""

from __future__ import annotations

import io
from pathlib import Path

from toolkit.errors import InputFileError
from toolkit.importers.sources import SourceParagraph, clean_text
from toolkit.model.invisible import invisible_in
from toolkit.model.numbering import chinese_numeral

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEAD_FONTS = ("黑体", "SimHei", "方正黑体", "方正黑体简体", "方正黑体_GBK")
_OFF = ("0", "false", "off", "none")


def read_docx_paragraphs(path: Path, *, data: bytes | None = None) -> list[SourceParagraph]:
    """The paragraphs of the Word document *path* (read from *data*, its bytes, when given;
    errors name *path*), in reading order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data) if data is not None else str(path))
    except (PackageNotFoundError, KeyError, ValueError, AttributeError, TypeError) as error:
        raise InputFileError(
            "Word 文件已损坏，无法读取", where=path, hint="请在 Word 中打开后重新保存为 .docx"
        ) from error
    except Exception as error:  # lxml.etree.XMLSyntaxError and friends
        if type(error).__module__.startswith("lxml"):
            raise InputFileError(
                "Word 文件内部的 XML 已损坏", where=path, hint="请在 Word 中打开后重新保存为 .docx"
            ) from error
        raise
    reader = _DocxReader(document)
    return reader.paragraphs()


class _DocxReader:
    def __init__(self, document):
        self.document = document
        self.styles = {}
        self.style_names = {}
        try:
            styles_root = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles_root = None
        if styles_root is not None:
            for style in styles_root.iter(_W + "style"):
                style_id = style.get(_W + "styleId")
                if style_id:
                    self.styles[style_id] = style
                    name = style.find(_W + "name")
                    self.style_names[style_id] = name.get(_W + "val") if name is not None else style_id
        self.numbering = _Numbering(document)

    # -- style chain lookups -----------------------------------------------------------
    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            based = style.find(_W + "basedOn")
            style_id = based.get(_W + "val") if based is not None else None

    def _style_property(self, style_id: str | None, path: str):
        for style in self._style_chain(style_id):
            found = style.find(path)
            if found is not None:
                return found
        return None

    # -- paragraphs --------------------------------------------------------------------
    def paragraphs(self) -> list[SourceParagraph]:
        body = self.document.element.body
        result: list[SourceParagraph] = []
        for number, p in enumerate(body.iter(_W + "p"), 1):
            if _inside_deleted(p):
                continue
            result.extend(self._paragraph(p, number))
        return result

    def _paragraph(self, p, number: int) -> list[SourceParagraph]:
        ppr = p.find(_W + "pPr")
        style_id = None
        if ppr is not None:
            pstyle = ppr.find(_W + "pStyle")
            style_id = pstyle.get(_W + "val") if pstyle is not None else None
        style_name = self.style_names.get(style_id, style_id or "")
        text, bold = self._runs(p, style_id)
        label = self._number_label(ppr, style_id)
        if label and not text.lstrip(" \t\u3000").startswith(label):
            text = label + text
        centered = self._centered(ppr, style_id)
        heading_level = _heading_level(style_name)
        pieces = text.split("\n")
        result = []
        for index, piece in enumerate(pieces):
            cleaned = clean_text(piece)
            if not cleaned:
                continue
            result.append(
                SourceParagraph(
                    cleaned,
                    number,
                    bold_lead=clean_text(bold) if index == 0 else "",
                    style=style_name,
                    centered=centered,
                    heading_level=heading_level,
                    invisible=invisible_in(piece),
                )
            )
        return result

    def _runs(self, p, style_id: str | None) -> tuple[str, str]:
        """The paragraph's text and the text of its leading bold (or 黑体) runs."""
        parts: list[str] = []
        bold_parts: list[str] = []
        leading = True
        paragraph_bold = self._style_bold(style_id)
        for run in p.iter(_W + "r"):
            if _owning_paragraph(run) is not p or _inside_deleted(run) or _inside_field_code(run):
                continue
            run_text = _run_text(run)
            if not run_text:
                continue
            parts.append(run_text)
            if leading:
                if self._run_is_lead(run, paragraph_bold):
                    bold_parts.append(run_text)
                elif run_text.strip(" \t\u3000"):
                    leading = False
        bold = "".join(bold_parts)
        return "".join(parts), bold if bold.strip() else ""

    def _style_bold(self, style_id: str | None) -> bool:
        found = self._style_property(style_id, f"{_W}rPr/{_W}b")
        return found is not None and found.get(_W + "val", "true").lower() not in _OFF

    def _run_is_lead(self, run, paragraph_bold: bool) -> bool:
        rpr = run.find(_W + "rPr")
        if rpr is not None:
            b = rpr.find(_W + "b")
            if b is not None:
                return b.get(_W + "val", "true").lower() not in _OFF
            fonts = rpr.find(_W + "rFonts")
            if fonts is not None and fonts.get(_W + "eastAsia") in _LEAD_FONTS:
                return True
            rstyle = rpr.find(_W + "rStyle")
            if rstyle is not None:
                found = self._style_property(rstyle.get(_W + "val"), f"{_W}rPr/{_W}b")
                if found is not None:
                    return found.get(_W + "val", "true").lower() not in _OFF
                fonts = self._style_property(rstyle.get(_W + "val"), f"{_W}rPr/{_W}rFonts")
                if fonts is not None and fonts.get(_W + "eastAsia") in _LEAD_FONTS:
                    return True
        return paragraph_bold

    def _centered(self, ppr, style_id: str | None) -> bool:
        jc = ppr.find(_W + "jc") if ppr is not None else None
        if jc is None:
            jc = self._style_property(style_id, f"{_W}pPr/{_W}jc")
        return jc is not None and jc.get(_W + "val") == "center"

    def _number_label(self, ppr, style_id: str | None) -> str:
        numpr = ppr.find(_W + "numPr") if ppr is not None else None
        if numpr is None:
            numpr = self._style_property(style_id, f"{_W}pPr/{_W}numPr")
        if numpr is None:
            return ""
        num_id = numpr.find(_W + "numId")
        ilvl = numpr.find(_W + "ilvl")
        if num_id is None:
            return ""
        level = int(ilvl.get(_W + "val", "0")) if ilvl is not None and ilvl.get(_W + "val", "0").isdigit() else 0
        return self.numbering.next_label(num_id.get(_W + "val", "0"), level)


def _inside_deleted(element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in (_W + "del", _W + "moveFrom"):
            return True
        parent = parent.getparent()
    return False


def _owning_paragraph(run):
    """The nearest enclosing w:p (a text box inside a run holds paragraphs of its own)."""
    parent = run.getparent()
    while parent is not None and parent.tag != _W + "p":
        parent = parent.getparent()
    return parent


def _inside_field_code(run) -> bool:
    return run.find(_W + "instrText") is not None


def _run_text(run) -> str:
    pieces = []
    for child in run:
        tag = child.tag
        if tag == _W + "t":
            pieces.append(child.text or "")
        elif tag == _W + "tab":
            pieces.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            if child.get(_W + "type") not in ("page", "column"):
                pieces.append("\n")
        elif tag == _W + "noBreakHyphen":
            pieces.append("-")
    return "".join(pieces)


def _heading_level(style_name: str) -> int:
    name = (style_name or "").lower().replace(" ", "")
    for prefix in ("heading", "标题"):
        if name.startswith(prefix) and name[len(prefix) :].isdigit():
            return int(name[len(prefix) :])
    if name in ("title", "标题"):
        return 1
    return 0


class _Numbering:
    """Recomputes the labels of Word's automatic list numbering, paragraph by paragraph."""

    def __init__(self, document):
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iter(_W + "abstractNum"):
            abstract_id = abstract.get(_W + "abstractNumId")
            levels = {}
            for lvl in abstract.iter(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                start = lvl.find(_W + "start")
                levels[ilvl] = (
                    fmt.get(_W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(_W + "val", "") if text is not None else "",
                    _int(start.get(_W + "val") if start is not None else None, 1),
                )
            self.levels[abstract_id] = levels
        for num in root.iter(_W + "num"):
            num_id = num.get(_W + "numId")
            abstract = num.find(_W + "abstractNumId")
            overrides = {}
            for override in num.iter(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                if start is not None:
                    overrides[int(override.get(_W + "ilvl", "0"))] = _int(start.get(_W + "val"), 1)
            if abstract is not None:
                self.nums[num_id] = (abstract.get(_W + "val"), overrides)

    def next_label(self, num_id: str, level: int) -> str:
        if num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        if level not in levels:
            return ""
        key = f"num{num_id}" if overrides else f"abstract{abstract_id}"
        counters = self.counters.setdefault(key, {})
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        start = overrides.get(level, levels[level][2])
        counters[level] = counters.get(level, start - 1) + 1
        fmt, pattern, _ = levels[level]
        if fmt in ("bullet", "none") or not pattern:
            return ""
        label = pattern
        for index in range(level, -1, -1):
            if f"%{index + 1}" in label:
                value = counters.get(index, overrides.get(index, levels.get(index, ("decimal", "", 1))[2]))
                index_fmt = levels.get(index, ("decimal", "", 1))[0]
                label = label.replace(f"%{index + 1}", _format_number(value, index_fmt))
        return label


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_LEGAL = str.maketrans("一二三四五六七八九十", "壹贰叁肆伍陆柒捌玖拾")


def _format_number(value: int, fmt: str) -> str:
    """*value* written in Word's number format *fmt* (``chineseCounting`` → 三)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "ideographTraditional",
        "koreanCounting",
        "taiwaneseCountingThousand",
    ):
        return chinese_numeral(value) if 1 <= value <= 99 else str(value)
    if fmt == "chineseLegalSimplified":
        return chinese_numeral(value).translate(_LEGAL) if 1 <= value <= 99 else str(value)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(value).translate(_FULL_WIDTH_DIGITS)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = ""
    for number, letters in numerals:
        while value >= number:
            out += letters
            value -= number
    return out
