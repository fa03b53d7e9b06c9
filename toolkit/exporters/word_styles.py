"""A Word template's styles read as Word reads them, and the style each part of a speech uses.

The one place that knows how a style is found and what it resolves to, so every format
written through a house template (the .docx export, and later ones) picks the same styles:

- **Finding a style** by its name (``w:name``, case-insensitive) or an alias, never by its
  ``w:styleId``: Chinese Word writes ``heading 1`` with the styleId ``1``, WPS and Word
  in other versions ``Heading1`` or ``2``. Word's built-in styles are also found by the
  names Chinese Word shows for them (正文, 标题, 副标题, 标题 1 …, :data:`WORD_STYLE_NAMES`),
  and 正文 is also the template's default paragraph style.
- **What a style resolves to**: each property is taken from the nearest style of its
  ``w:basedOn`` chain that sets it, then from the document defaults (``w:docDefaults``);
  a chain that loops or names a missing style simply ends. The East Asian font is the
  nearest ``w:rFonts`` naming one: ``w:eastAsia``, or ``w:eastAsiaTheme`` (which wins,
  as in Word) read from the theme's ``a:ea`` font or its ``Hans`` script font.
- **Whether the office has set a style** (:meth:`TemplateStyles.set_by_office`): the
  style itself, or a style it is based on other than 正文, names an East Asian font
  (an explicit ``w:eastAsia``, or a theme font that is not one of Word's stock theme
  fonts, :data:`STOCK_THEME_FONTS`); for 正文 the document defaults count too. A style
  that only inherits 正文's font, or whose font is Word's theme default, is Word's
  untouched definition (e.g. Word's 标题 1 in 二号 bold with wide spacing), not the
  office's look.
- **The style for each part** (:func:`find_part_style`): the name the office mapped the
  part to (``--styles``), else the toolkit's speech style (讲话正文 …) if the template has
  it, else the Word style of :data:`PART_CANDIDATES` the office has set, else none (the
  caller then adds the built-in definition and says so).
- **What the genre adds** on top of a style it did not define
  (:func:`genre_formatting`): body paragraphs indent their first line two characters,
  the salutation stands flush left, the title and the lines under it are centred, and a
  style's automatic numbering is switched off (markers are text). Fonts and sizes are
  never added: the style governs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from toolkit.exporters.official import W, add

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_A = "{%s}" % A_NS

WORD_STYLE_NAMES: dict[str, tuple[str, ...]] = {
    "normal": ("正文",),
    "title": ("标题",),
    "subtitle": ("副标题",),
    "heading 1": ("标题 1", "标题1"),
    "heading 2": ("标题 2", "标题2"),
    "heading 3": ("标题 3", "标题3"),
    "heading 4": ("标题 4", "标题4"),
}
"""Word's built-in paragraph styles by their ``w:name`` (lower case) → the names Chinese
Word shows for them, the first being the one staff see."""

PART_CANDIDATES: dict[str, tuple[str, ...]] = {
    "body": ("normal",),
    "salutation": ("normal",),
    "title": ("title",),
    "subtitle": ("subtitle", "normal"),
    "byline": ("subtitle", "normal"),
    "heading1": ("heading 1",),
    "heading2": ("heading 2",),
    "heading3": ("heading 3",),
    "heading4": ("heading 4",),
}
"""Part → the Word built-in styles it may take, in order, when the template lacks the
speech style. The subtitle (——…) and the byline (（2026年6月5日）) take 副标题 when the office
has set it, else 正文 centred, so the lines under the title keep the office's type."""

STOCK_THEME_FONTS = frozenset({"", "宋体", "SimSun", "等线", "DengXian", "等线 Light", "DengXian Light"})
"""The Chinese theme fonts Word ships (Office 2007–2013: 宋体; 2016 and later: 等线): a
style whose font comes from the theme and is one of these has not been set by the office."""

DEFAULT_SIZE = 20
"""Half-points: the 10 pt Word shows when no style and no default sets a size."""
MAX_SIZE = 3276
"""Half-points: Word's largest font size (1638 pt); a larger or unreadable ``w:sz`` is ignored."""
UNUSUAL_SIZE = 144
"""Half-points: 72 pt, the largest size in Word's list; a part's style above it is named in a note."""

CHINESE_SIZES = {
    84: "初号",
    72: "小初",
    52: "一号",
    48: "小一",
    44: "二号",
    36: "小二",
    32: "三号",
    30: "小三",
    28: "四号",
    24: "小四",
    21: "五号",
    18: "小五",
    15: "六号",
    13: "小六",
    11: "七号",
    10: "八号",
}
"""Half-points → the Chinese type size (字号) staff know it by."""

_MAX_CHAIN = 64
"""A basedOn chain is followed at most this far (Word nests a handful)."""


def size_label(half_points: int) -> str:
    """*half_points* as staff say it: 三号, 小三, or ``17 磅`` for a size without a name."""
    return CHINESE_SIZES.get(half_points) or f"{half_points / 2:g} 磅"


def _on(element) -> bool:
    """Whether a toggle property (``w:b``…) is on: present without a false ``w:val``."""
    return element is not None and (element.get(W + "val") or "true").lower() not in ("0", "false", "off")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Direct:
    """Paragraph formatting the genre writes directly on a paragraph whose style does not
    already give it (see :func:`genre_formatting`); empty for the toolkit's own styles."""

    numbering_off: bool = False
    """The style carries automatic numbering: ``w:numPr`` with ``w:numId`` 0 switches it off."""
    indent: tuple[tuple[str, str], ...] = ()
    """``w:ind`` attributes to write, in order (``firstLineChars``, ``firstLine``…)."""
    centre: bool = False

    @property
    def flush(self) -> bool:
        """Whether the style's first-line indent is taken away (the salutation, centred lines)."""
        return self.indent == FLUSH

    def write(self, properties) -> None:
        """Append these to *properties* (a ``w:pPr`` holding only ``w:pStyle``), in schema order."""
        if self.numbering_off:
            numbering = add(properties, "numPr")
            add(numbering, "ilvl", val=0)
            add(numbering, "numId", val=0)
        if self.indent:
            add(properties, "ind", **dict(self.indent))
        if self.centre:
            add(properties, "jc", val="center")


FLUSH = (("firstLineChars", "0"), ("firstLine", "0"))
"""The ``w:ind`` of a paragraph that must not indent its first line."""


class TemplateStyles:
    """The styles part (``w:styles``) of one Word document, and its theme fonts."""

    def __init__(self, styles, theme=None):
        self.element = styles
        self.by_id: dict[str, etree._Element] = {}
        self._by_name: dict[str, etree._Element] = {}
        for style in styles.findall(W + "style"):
            self._index(style)
        self.theme_fonts = _theme_fonts(theme)
        self._word: dict[str, etree._Element | None] = {}

    def _index(self, style) -> None:
        style_id = style.get(W + "styleId")
        if style_id is not None:
            self.by_id.setdefault(style_id, style)
        for name in _names(style):
            self._by_name.setdefault(name, style)

    def added(self, style) -> None:
        """Record *style*, just appended to the styles part, under its id and names."""
        self.by_id[style.get(W + "styleId")] = style
        for name in _names(style):
            self._by_name[name] = style

    # -- finding ------------------------------------------------------------------------------------------
    def find(self, name: str):
        """The style called *name* (its ``w:name`` or an alias, any case), or the Word built-in
        style Chinese Word shows under that name (正文, 标题 1 …); ``None`` if there is none."""
        key = " ".join(name.split()).lower()
        found = self._by_name.get(key)
        if found is not None:
            return found
        for builtin, local in WORD_STYLE_NAMES.items():
            if key == builtin or key in local:
                return self.word_style(builtin)
        return None

    def word_style(self, builtin: str):
        """Word's built-in paragraph style *builtin* (``normal``, ``title``, ``heading 1`` …):
        by its ``w:name``, then by the names Chinese Word shows; 正文 is also the default
        paragraph style. ``None`` when the template does not have it."""
        if builtin not in self._word:
            paragraphs = [s for s in self.element.findall(W + "style") if s.get(W + "type", "paragraph") == "paragraph"]
            found = next((s for s in paragraphs if _name(s) == builtin), None)
            local = {name.replace(" ", "") for name in WORD_STYLE_NAMES.get(builtin, ())}
            if found is None:
                found = next((s for s in paragraphs if _name(s).replace(" ", "") in local), None)
            if found is None:
                found = next((s for s in paragraphs if local & {n.replace(" ", "") for n in _names(s)}), None)
            if found is None and builtin == "normal":
                found = next((s for s in paragraphs if s.get(W + "default") in ("1", "true", "on")), None)
            self._word[builtin] = found
        return self._word[builtin]

    def display_name(self, style) -> str:
        """The name staff see for *style*: Chinese Word's for a built-in (正文, 标题 1), else its own."""
        name = _name(style)
        for builtin, local in WORD_STYLE_NAMES.items():
            if style is self.word_style(builtin) and (name == builtin or not name):
                return local[0]
        own = style.find(W + "name")
        return own.get(W + "val", "") if own is not None else (style.get(W + "styleId") or "")

    def chain(self, style) -> list:
        """*style* and the styles it is based on, nearest first (a loop or a missing style ends it)."""
        out, seen = [], set()
        while style is not None and id(style) not in seen and len(out) < _MAX_CHAIN:
            seen.add(id(style))
            out.append(style)
            based = style.find(W + "basedOn")
            style = self.by_id.get(based.get(W + "val")) if based is not None else None
        return out

    # -- what a style resolves to ------------------------------------------------------------------------
    def _nearest(self, style, path: str, defaults: str, accept=lambda element: True):
        """The nearest element at *path* (under a style) along *style*'s chain that *accept*s,
        else the one at *defaults* (under ``w:docDefaults``); ``None`` when neither has one."""
        for link in self.chain(style) if style is not None else []:
            found = link.find(path)
            if found is not None and accept(found):
                return found
        found = self.element.find(f"{W}docDefaults/{defaults}")
        return found if found is not None and accept(found) else None

    def _run(self, style, tag: str, accept=lambda element: True):
        return self._nearest(style, f"{W}rPr/{W}{tag}", f"{W}rPrDefault/{W}rPr/{W}{tag}", accept)

    def _paragraph(self, style, tag: str, accept=lambda element: True):
        return self._nearest(style, f"{W}pPr/{W}{tag}", f"{W}pPrDefault/{W}pPr/{W}{tag}", accept)

    def east_asian_font(self, style) -> str | None:
        """The East Asian font *style* is shown in (a theme font resolved), ``None`` if unknown."""
        fonts = self._run(style, "rFonts", lambda e: _font_attribute(e) is not None)
        return self._font(fonts)[0] if fonts is not None else None

    def _font(self, fonts) -> tuple[str | None, bool]:
        """The East Asian font an ``w:rFonts`` names, and whether an office chose it (an
        explicit name, or a theme font that is not Word's stock one)."""
        kind, value = _font_attribute(fonts)
        if kind == "explicit":
            return value, True
        font = self.theme_fonts.get("major" if value.lower().startswith("major") else "minor")
        return font, font is not None and font not in STOCK_THEME_FONTS

    def set_by_office(self, style) -> bool:
        """Whether the office has given *style* its East Asian font (see the module notes)."""
        normal = self.word_style("normal")
        for index, link in enumerate(self.chain(style)):
            if index and link is normal:
                return False
            fonts = link.find(f"{W}rPr/{W}rFonts")
            if fonts is not None and _font_attribute(fonts) is not None:
                return self._font(fonts)[1]
        if style is not normal:
            return False
        fonts = self.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        return fonts is not None and _font_attribute(fonts) is not None and self._font(fonts)[1]

    def size(self, style) -> int:
        """*style*'s font size in half-points (:data:`DEFAULT_SIZE` when nothing sets one)."""
        found = self._run(style, "sz", lambda e: 0 < (_int(e.get(W + "val")) or 0) <= MAX_SIZE)
        return int(found.get(W + "val")) if found is not None else DEFAULT_SIZE

    def bold(self, style) -> bool:
        return _on(self._run(style, "b"))

    def character_spacing(self, style) -> int:
        """Extra space after each character in twips (``w:spacing`` of the run properties)."""
        found = self._run(style, "spacing", lambda e: _int(e.get(W + "val")) is not None)
        return int(found.get(W + "val")) if found is not None else 0

    def indent_element(self, style):
        """The ``w:ind`` *style*'s paragraphs take their first-line indent from, ``None`` if none."""
        names = ("firstLine", "firstLineChars", "hanging", "hangingChars")
        return self._paragraph(style, "ind", lambda e: any(W + name in e.attrib for name in names))

    def first_line_indent(self, style) -> bool:
        """Whether *style*'s paragraphs indent their first line (a hanging indent is not one)."""
        found = self.indent_element(style)
        if found is None:
            return False
        chars = _int(found.get(W + "firstLineChars"))
        return (chars or 0) > 0 or (not chars and (_int(found.get(W + "firstLine")) or 0) > 0)

    def alignment(self, style) -> str:
        found = self._paragraph(style, "jc")
        return (found.get(W + "val") or "left") if found is not None else "left"

    def numbered(self, style) -> bool:
        """Whether *style* numbers its paragraphs automatically (a ``w:numPr`` other than numId 0)."""
        found = self._paragraph(style, "numPr")
        if found is None:
            return False
        number = found.find(W + "numId")
        return number is not None and _int(number.get(W + "val")) not in (None, 0)

    def describe(self, style) -> str:
        """*style*'s type as staff read it: ``仿宋_GB2312 三号``, ``黑体``, ``黑体 三号 加粗``."""
        font = self.east_asian_font(style) or "未设中文字体"
        words = [font]
        if style.get(W + "type", "paragraph") == "paragraph":
            words.append(size_label(self.size(style)))
        if self.bold(style):
            words.append("加粗")
        return " ".join(words)


def _name(style) -> str:
    name = style.find(W + "name")
    return " ".join((name.get(W + "val") or "").split()).lower() if name is not None else ""


def _names(style) -> list[str]:
    """*style*'s name and aliases, lower case with single spaces."""
    out = [_name(style)] if _name(style) else []
    aliases = style.find(W + "aliases")
    if aliases is not None:
        out += [" ".join(alias.split()).lower() for alias in (aliases.get(W + "val") or "").split(",") if alias.strip()]
    return out


def _font_attribute(fonts) -> tuple[str, str] | None:
    """``("theme", "minorEastAsia")`` or ``("explicit", "仿宋_GB2312")`` for an ``w:rFonts``
    that names an East Asian font (the theme wins, as in Word), else ``None``."""
    theme = fonts.get(W + "eastAsiaTheme")
    if theme:
        return "theme", theme
    font = (fonts.get(W + "eastAsia") or "").strip()
    return ("explicit", font) if font else None


def _theme_fonts(theme) -> dict[str, str | None]:
    """The theme's major and minor East Asian fonts: ``a:ea``, else the ``Hans`` script font."""
    out: dict[str, str | None] = {"major": None, "minor": None}
    if theme is None:
        return out
    for kind in out:
        scheme = theme.find(f".//{_A}{kind}Font")
        if scheme is None:
            continue
        east_asian = scheme.find(_A + "ea")
        font = (east_asian.get("typeface") or "").strip() if east_asian is not None else ""
        if not font:
            script = next((f for f in scheme.findall(_A + "font") if f.get("script") == "Hans"), None)
            font = (script.get("typeface") or "").strip() if script is not None else ""
        out[kind] = font or None
    return out


# -- the style of each part -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Found:
    """The template's style for one part: ``origin`` is ``template`` (the toolkit's speech
    style, or the name the office mapped the part to) or ``word`` (a Word built-in the
    office set). ``style`` is ``None`` when the template has none: then ``passed`` names
    the Word styles looked at and why each was passed over (``missing`` or ``default``)."""

    style: etree._Element | None
    origin: str
    passed: tuple[tuple[str, str], ...] = ()


def find_part_style(styles: TemplateStyles, role: str, names: tuple[str, ...]) -> Found:
    """The style of *styles* for part *role*: the first of *names* (the office's mapping,
    then the toolkit's speech style name and its alias) the template has, else the first
    Word built-in of :data:`PART_CANDIDATES` the office has set."""
    for name in names:
        style = styles.find(name)
        if style is not None:
            return Found(style, "template")
    passed = []
    for builtin in PART_CANDIDATES.get(role, ()):
        style = styles.word_style(builtin)
        if style is not None and styles.set_by_office(style):
            return Found(style, "word")
        passed.append((WORD_STYLE_NAMES[builtin][0], "missing" if style is None else "default"))
    return Found(None, "builtin", tuple(passed))


_CENTRED = ("title", "subtitle", "byline")


def genre_formatting(styles: TemplateStyles, role: str, style) -> Direct:
    """What part *role* writes directly on a paragraph in *style*: only what the genre
    needs and the style does not already give (nothing for the toolkit's own styles)."""
    if role in ("lead", "sublead", "page_number"):
        return Direct()
    indent: tuple[tuple[str, str], ...] = ()
    indented = styles.first_line_indent(style)
    if role == "body" and not indented:
        advance = styles.size(style) * 10 + styles.character_spacing(style)  # one character, in twips
        indent = (("firstLineChars", "200"), ("firstLine", str(max(0, 2 * advance))))
    elif role in ("salutation", *_CENTRED) and indented:
        indent = FLUSH
    numbered = styles.numbered(style)
    if numbered and not indent:
        # LibreOffice gives a paragraph whose numbering is switched off no indent at all
        # (measured, 7.4): the style's own indent is written again, Word reads the same.
        found = styles.indent_element(style)
        indent = (
            tuple((etree.QName(key).localname, value) for key, value in found.attrib.items())
            if found is not None
            else ()
        )
    centre = role in _CENTRED and styles.alignment(style) != "center"
    return Direct(numbering_off=numbered, indent=indent, centre=centre)
