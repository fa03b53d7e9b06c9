"""House templates made in Chinese Word keep the office's look (issue 12, point 6).

An office's template sets its type on Word's own styles (正文, 标题, 副标题, 标题 1–4). A
speech exported through it is written in those styles, in the office's fonts and sizes,
with only the genre's indents and centring written directly; a template left at Word's
defaults gets the built-in layout and a 提示 saying so; the export says which style each
part used. Read back with python-docx, pandoc and, rendered by LibreOffice, PyMuPDF.
"""

import docx
import pytest
import word_style_templates as made
from conftest import SEED, require_tool, run_cli
from docx_read import W, effective_east_asian_font, pandoc_paragraphs, paragraphs, squash
from lxml import etree

from toolkit import service
from toolkit.exporters import ExportOptions, render_pdf
from toolkit.exporters.word_styles import TemplateStyles, size_label
from toolkit.importers import import_speech
from toolkit.model import Point, Speech, SubPoint

TITLE = "坚定不移走生态优先绿色发展之路"
SUBTITLE = "——在全县生态环境保护工作会议上的讲话"
BYLINE = "（2026年6月5日）"


def outline_speech(numbering: str = "一、", subnumbering: str = "（一）") -> Speech:
    """A speech with every part: title and subtitle, byline, salutation, opening, heading
    points with heading sub-points, closing."""
    return Speech(
        title=f"{TITLE}\n{SUBTITLE}",
        byline=BYLINE,
        salutation="同志们：",
        opening=["今天是世界环境日。我们召开这次会议，部署今年的生态环境保护工作。"],
        numbering=numbering,
        subnumbering=subnumbering,
        points=[
            Point(
                "清醒认识面临的形势",
                ["去年以来，全县“蓝天、碧水、净土”保卫战取得新成效。"],
                [SubPoint("成绩来之不易", ["空气质量优良天数比例稳步提高。"]), SubPoint("问题不容忽视", [])],
            ),
            Point("抓好攻坚重点任务", ["要紧盯工业源、移动源、扬尘源三大重点。"]),
        ],
        closing=["同志们，让我们共同努力，建设美丽家园！"],
    )


EXPECTED_TEXTS = [
    TITLE,
    SUBTITLE,
    BYLINE,
    "同志们：",
    "今天是世界环境日。我们召开这次会议，部署今年的生态环境保护工作。",
    "一、清醒认识面临的形势",
    "去年以来，全县“蓝天、碧水、净土”保卫战取得新成效。",
    "（一）成绩来之不易",
    "空气质量优良天数比例稳步提高。",
    "（二）问题不容忽视",
    "二、抓好攻坚重点任务",
    "要紧盯工业源、移动源、扬尘源三大重点。",
    "同志们，让我们共同努力，建设美丽家园！",
]
"""The paragraphs of :func:`outline_speech`, in order."""


def export_through(template, folder, speech=None, **options):
    """``service.export`` of *speech* (:func:`outline_speech` by default) through *template*."""
    folder.mkdir(parents=True, exist_ok=True)
    return service.export(
        speech or outline_speech(), folder / "讲话稿.docx", template=template, options=ExportOptions(**options)
    )


BUILT_IN_STYLES = ("讲话标题", "讲话副标题", "署名", "称呼", "讲话正文", "一级标题", "二级标题", "三级标题", "四级标题")


def direct_run_formatting(document) -> list[str]:
    """Each run that sets a font, size or bold itself (``w:rFonts`` naming a font, ``w:sz``,
    ``w:b``…) in a paragraph of one of the template's styles, as ``text: tags``; a
    ``w:hint`` alone names no font. (Paragraphs in the built-in layout's styles name their
    fonts on every run, as they always have.)"""
    offending = []
    font_attributes = ("ascii", "hAnsi", "eastAsia", "cs", "asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
    for paragraph in document.paragraphs:
        if paragraph.style.name in BUILT_IN_STYLES:
            continue
        for run in paragraph.runs:
            properties = run._r.find(W + "rPr")
            if properties is None:
                continue
            tags = [etree.QName(child).localname for child in properties if child.tag != W + "rStyle"]
            fonts = properties.find(W + "rFonts")
            if fonts is not None and not any(W + name in fonts.attrib for name in font_attributes):
                tags.remove("rFonts")
            if tags:
                offending.append(f"{run.text}: {tags}")
    return offending


def styles_and_texts(path):
    return [(style, text) for style, text in paragraphs(path)]


# -- a template made in Chinese Word -------------------------------------------------------------------------
def test_each_part_takes_the_offices_word_style(tmp_path):
    result = export_through(made.chinese_word_template(tmp_path), tmp_path)
    assert styles_and_texts(result.path) == list(
        zip(
            ["Title", "Subtitle", "Subtitle", "Normal", "Normal", "Heading 1", "Normal", "Heading 2", "Normal"]
            + ["Heading 2", "Heading 1", "Normal", "Normal"],
            EXPECTED_TEXTS,
        )
    )
    assert not any("讲话正文" in warning or "内置" in warning for warning in result.warnings), result.warnings


def test_the_styles_fonts_govern_no_run_overrides_them(tmp_path):
    result = export_through(made.chinese_word_template(tmp_path), tmp_path)
    document = docx.Document(str(result.path))
    assert direct_run_formatting(document) == []
    fonts = {p.text: effective_east_asian_font(document, p.runs[0]) for p in document.paragraphs}
    assert fonts[TITLE] == "方正小标宋简体"
    assert fonts[BYLINE] == fonts[SUBTITLE] == "楷体_GB2312"
    assert fonts["同志们："] == fonts[EXPECTED_TEXTS[4]] == "仿宋_GB2312"
    assert fonts["一、清醒认识面临的形势"] == "黑体"
    assert fonts["（一）成绩来之不易"] == "楷体_GB2312"
    assert document.styles["Normal"].font.size.pt == 16 and document.styles["Title"].font.size.pt == 22


def test_only_the_genres_indents_and_no_automatic_numbering_are_written_directly(tmp_path):
    result = export_through(made.chinese_word_template(tmp_path), tmp_path)
    document = docx.Document(str(result.path))
    by_text = {p.text: p._p.find(W + "pPr") for p in document.paragraphs}
    body = by_text[EXPECTED_TEXTS[4]]
    assert [etree.QName(child).localname for child in body] == ["pStyle"]  # 正文 already indents two characters
    salutation = by_text["同志们："].find(W + "ind")
    assert (salutation.get(W + "firstLine"), salutation.get(W + "firstLineChars")) == ("0", "0")
    heading = by_text["一、清醒认识面临的形势"]
    assert heading.find(f"{W}numPr/{W}numId").get(W + "val") == "0"  # the template's 多级列表 would add 第一部分
    assert heading.find(W + "ind").get(W + "firstLineChars") == "200"  # the style's own indent, for LibreOffice
    assert by_text[TITLE].find(W + "jc") is None  # 标题 is centred by the office already


def test_the_summary_says_which_style_each_part_used(tmp_path):
    result = export_through(made.chinese_word_template(tmp_path), tmp_path)
    assert result.styles == [
        "标题 → 样式“标题”（方正小标宋简体 二号）",
        "副标题 → 样式“副标题”（楷体_GB2312 三号）",
        "署名 → 样式“副标题”（楷体_GB2312 三号）",
        "称呼 → 样式“正文”（仿宋_GB2312 三号，顶格）",
        "正文 → 样式“正文”（仿宋_GB2312 三号）",
        "一级标题 → 样式“标题 1”（黑体 三号）",
        "二级标题 → 样式“标题 2”（楷体_GB2312 三号）",
    ]


def test_third_and_fourth_level_headings_and_run_in_leads(tmp_path):
    template = made.chinese_word_template(tmp_path)
    result = export_through(template, tmp_path, outline_speech("1.", "（1）"))
    got = styles_and_texts(result.path)
    assert ("Heading 3", "1.清醒认识面临的形势") in got and ("Heading 4", "（1）成绩来之不易") in got
    assert "三级标题 → 样式“标题 3”（仿宋_GB2312 三号 加粗）" in result.styles
    seed = service.export(import_speech(SEED), tmp_path / "一要.docx", template=template)
    document = docx.Document(str(seed.path))
    point = next(p for p in document.paragraphs if p.text.startswith("一要"))
    assert point.style.name == "Normal" and point.runs[0].style.name == "主旨句"
    assert effective_east_asian_font(document, point.runs[0]) == "黑体"
    assert effective_east_asian_font(document, point.runs[1]) == "仿宋_GB2312"
    assert direct_run_formatting(document) == []
    assert "主旨句 → 内置样式“主旨句”（黑体）" in seed.styles


def test_bold_leads_are_the_offices_body_font_in_bold(tmp_path):
    template = made.chinese_word_template(tmp_path)
    result = service.export(
        import_speech(SEED), tmp_path / "加粗.docx", template=template, options=ExportOptions(lead_font="bold")
    )
    document = docx.Document(str(result.path))
    point = next(p for p in document.paragraphs if p.text.startswith("一要"))
    assert point.runs[0].style.font.bold and effective_east_asian_font(document, point.runs[0]) == "仿宋_GB2312"


def test_a_style_map_may_name_word_styles_by_their_chinese_names(tmp_path):
    template = made.chinese_word_template(tmp_path)
    result = export_through(template, tmp_path, style_names={"byline": "正文", "heading2": "标题 3"})
    got = dict((text, style) for style, text in styles_and_texts(result.path))
    assert got[BYLINE] == "Normal" and got["（一）成绩来之不易"] == "Heading 3"
    assert "署名 → 样式“正文”（仿宋_GB2312 三号，居中，顶格）" in result.styles
    missing = export_through(template, tmp_path / "m", style_names={"body": "公文正文"})
    assert any("没有样式“公文正文”" in warning for warning in missing.warnings)
    assert "正文 → 样式“正文”（仿宋_GB2312 三号）" in missing.styles


# -- other shapes of template ----------------------------------------------------------------------------------
def test_styles_named_only_in_chinese_are_found(tmp_path):
    result = export_through(made.localized_template(tmp_path), tmp_path)
    assert [style for style, _ in styles_and_texts(result.path)][:6] == [
        "标题",
        "副标题",
        "副标题",
        "正文",
        "正文",
        "标题 1",
    ]
    assert direct_run_formatting(docx.Document(str(result.path))) == []
    assert result.styles[0] == "标题 → 样式“标题”（方正小标宋简体 二号）"


def test_an_untouched_template_gets_the_built_in_layout_and_says_why(tmp_path):
    result = export_through(made.untouched_template(tmp_path), tmp_path)
    got = styles_and_texts(result.path)
    assert [style for style, _ in got][:6] == ["讲话标题", "讲话副标题", "署名", "称呼", "讲话正文", "一级标题"]
    notes = [warning for warning in result.warnings if "默认设置" in warning]
    assert len(notes) == 1 and "讲话正文" in notes[0] and "内置公文格式" in notes[0]
    assert all("→ 内置样式" in line for line in result.styles)
    document = docx.Document(str(result.path))
    assert effective_east_asian_font(document, document.paragraphs[4].runs[0]) == "仿宋_GB2312"


def test_document_defaults_alone_give_the_body_the_offices_font(tmp_path):
    result = export_through(made.defaults_only_template(tmp_path), tmp_path)
    got = dict((text, style) for style, text in styles_and_texts(result.path))
    assert (
        got[EXPECTED_TEXTS[4]] == "Normal" and got[TITLE] == "讲话标题" and got["一、清醒认识面临的形势"] == "一级标题"
    )
    assert got[BYLINE] == got[SUBTITLE] == "Normal"
    document = docx.Document(str(result.path))
    by_text = {p.text: p for p in document.paragraphs}
    body = by_text[EXPECTED_TEXTS[4]]
    assert effective_east_asian_font(document, body.runs[0]) == "仿宋_GB2312"
    indent = body._p.find(f"{W}pPr/{W}ind")  # python-docx's Normal does not indent: the genre does
    assert (indent.get(W + "firstLineChars"), indent.get(W + "firstLine")) == ("200", "640")
    assert by_text[BYLINE]._p.find(f"{W}pPr/{W}jc").get(W + "val") == "center"
    assert direct_run_formatting(document) == []
    assert "正文 → 样式“正文”（仿宋_GB2312 三号）" in result.styles
    assert "署名 → 样式“正文”（仿宋_GB2312 三号，居中）" in result.styles
    assert "标题 → 内置样式“讲话标题”（方正小标宋简体 二号）" in result.styles
    assert any(
        "“标题”“标题 1”“标题 2”样式也还是 Word 的默认设置" in w and "，标题、一级标题、二级标题已按内置" in w
        for w in result.warnings
    )


def test_the_speechs_text_is_the_same_for_python_docx_and_pandoc(tmp_path):
    require_tool("pandoc", "reads the exported .docx as another program would")
    for build in (made.chinese_word_template, made.defaults_only_template):
        folder = tmp_path / build.__name__
        folder.mkdir()
        result = export_through(build(folder), folder)
        assert [squash(text) for text in pandoc_paragraphs(result.path)] == [squash(t) for t in EXPECTED_TEXTS]


# -- the front ends -----------------------------------------------------------------------------------------------
def test_jianggao_export_prints_the_styles_used(tmp_path):
    template = made.chinese_word_template(tmp_path)
    result = run_cli("export", str(SEED), "-o", str(tmp_path / "o.docx"), "--template", str(template))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "各部分所用的样式："
    assert "  正文 → 样式“正文”（仿宋_GB2312 三号）" in lines and "  标题 → 样式“标题”（方正小标宋简体 二号）" in lines
    plain = run_cli("export", str(SEED), "-o", str(tmp_path / "b.docx"))
    assert "各部分所用的样式" not in plain.stdout  # the built-in layout is always the same


def test_batch_prints_the_styles_used_once(tmp_path):
    template = made.chinese_word_template(tmp_path)
    table = tmp_path / "乡镇.csv"
    table.write_text("会议名称,讲话人,要点\n甲镇例会,张三,抓落实。\n乙镇例会,李四,抓落实。\n", encoding="utf-8")
    (tmp_path / "输出").mkdir()
    result = run_cli(
        "batch", "例会讲话", "--vars", str(table), "-o", str(tmp_path / "输出"), "--template", str(template)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("各部分所用的样式：") == 1 and "  正文 → 样式“正文”（仿宋_GB2312 三号）" in result.stdout


def test_the_composers_export_shows_the_styles_used(tmp_path, monkeypatch):
    from toolkit.drafts import save_draft
    from toolkit.widgets import Composer

    monkeypatch.setattr(service, "can_render_pages", lambda: False)
    template = made.chinese_word_template(tmp_path)
    composer = Composer(save_draft(outline_speech(), tmp_path / "草稿.yaml"), autosave_delay=0, refresh_delay=0)
    composer.export.template.options = [("县政府办讲话稿模板", str(template))]
    composer.export.template.value = str(template)
    assert composer.export.run_export() is not None
    shown = composer.export.message.value
    assert "各部分所用的样式" in shown and "正文 → 样式“正文”（仿宋_GB2312 三号）" in shown


# -- reading styles as Word does ----------------------------------------------------------------------------------
def styles_of(xml: str, theme: str | None = None) -> TemplateStyles:
    namespaces = f'xmlns:w="{W[1:-1]}"'
    root = etree.fromstring(f"<w:styles {namespaces}>{xml}</w:styles>")
    return TemplateStyles(root, etree.fromstring(theme) if theme else None)


NORMAL = '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/>{}</w:style>'
HEADING = '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>{}</w:style>'
THEME_DEFAULTS = (
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsiaTheme="minorEastAsia"/></w:rPr></w:rPrDefault>'
    "</w:docDefaults>"
)


def theme(east_asian: str, hans: str = "等线") -> str:
    return (
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:fontScheme>'
        f'<a:majorFont><a:ea typeface=""/><a:font script="Hans" typeface="{hans}"/></a:majorFont>'
        f'<a:minorFont><a:ea typeface="{east_asian}"/><a:font script="Hans" typeface="{hans}"/></a:minorFont>'
        "</a:fontScheme></a:themeElements></a:theme>"
    )


@pytest.mark.parametrize("name", ["heading 1", "Heading 1", "HEADING  1", "标题 1", "标题1"])
def test_a_style_is_found_by_name_whatever_its_id(name):
    styles = styles_of(NORMAL.format("") + HEADING.format(""))
    assert styles.find(name).get(W + "styleId") == "1"
    assert styles.display_name(styles.find(name)) == "标题 1"


def test_theme_fonts_count_only_when_the_office_changed_them():
    changed = styles_of(THEME_DEFAULTS + NORMAL.format(""), theme("仿宋_GB2312"))
    normal = changed.word_style("normal")
    assert changed.set_by_office(normal) and changed.east_asian_font(normal) == "仿宋_GB2312"
    stock = styles_of(THEME_DEFAULTS + NORMAL.format(""), theme(""))
    assert not stock.set_by_office(stock.word_style("normal"))
    assert stock.east_asian_font(stock.word_style("normal")) == "等线"


def test_a_heading_that_only_inherits_the_body_font_is_words_default():
    body = '<w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr>'
    styles = styles_of(NORMAL.format(body) + HEADING.format('<w:rPr><w:b/><w:sz w:val="44"/></w:rPr>'))
    heading = styles.word_style("heading 1")
    assert styles.east_asian_font(heading) == "仿宋_GB2312" and not styles.set_by_office(heading)
    assert styles.set_by_office(styles.word_style("normal"))


def test_the_theme_wins_over_a_named_font_as_in_word():
    both = '<w:rPr><w:rFonts w:eastAsia="仿宋_GB2312" w:eastAsiaTheme="minorEastAsia"/></w:rPr>'
    styles = styles_of(NORMAL.format(both), theme(""))
    assert styles.east_asian_font(styles.word_style("normal")) == "等线"
    assert not styles.set_by_office(styles.word_style("normal"))


def test_a_based_on_loop_ends_and_odd_sizes_are_ignored():
    looping = NORMAL.format('<w:basedOn w:val="1"/><w:rPr><w:sz w:val="0"/></w:rPr>')
    heading = HEADING.format('<w:rPr><w:sz w:val="99999999"/></w:rPr>')
    styles = styles_of(looping + heading)
    assert [s.get(W + "styleId") for s in styles.chain(styles.find("heading 1"))] == ["1", "a"]
    assert styles.size(styles.find("heading 1")) == 20  # Word's 10 pt when nothing valid is set
    assert styles.east_asian_font(styles.find("heading 1")) is None


def test_sizes_are_named_as_staff_name_them():
    assert [size_label(size) for size in (44, 32, 30, 21, 34)] == ["二号", "三号", "小三", "五号", "17 磅"]


# -- on the page ------------------------------------------------------------------------------------------------
@pytest.mark.libreoffice
def test_libreoffice_prints_the_offices_fonts_and_sizes(tmp_path):
    require_tool("soffice", "renders the .docx to check fonts and sizes on the page")
    from pdf_measure import MM, pdf_text, spans

    result = export_through(made.chinese_word_template(tmp_path), tmp_path)
    pdf = render_pdf(result.path, tmp_path)
    seen = {span.text.strip(): span for span in spans(pdf)}
    title, heading = seen[TITLE], seen["一、清醒认识面临的形势"]
    body = next(span for text, span in seen.items() if text.startswith("今天是世界环境日"))
    assert title.size == 22 and "Serif" in title.font  # 方正小标宋简体 二号 (mapped to Noto Serif CJK)
    assert body.size == 16 and "Serif" in body.font  # 仿宋_GB2312 三号
    assert heading.size == 16 and "Sans" in heading.font  # 黑体 三号
    assert "UKai" in seen[SUBTITLE[2:]].font  # 副标题 in 楷体_GB2312 (the dashes are drawn apart)
    assert abs(heading.x0 - (28 * MM + 32)) < 1.5 * MM  # indented two characters, as the style says
    assert made.LIST_LABEL.format("一") not in squash(pdf_text(pdf))  # the template's list label is off

    (tmp_path / "d").mkdir()
    defaults = export_through(made.defaults_only_template(tmp_path / "d"), tmp_path / "d")
    seen = {span.text.strip(): span for span in spans(render_pdf(defaults.path, tmp_path / "d"))}
    body = next(span for text, span in seen.items() if text.startswith("今天是世界环境日"))
    assert body.size == 16 and "Serif" in body.font
    assert seen[TITLE].size == 22  # the built-in 讲话标题


# -- the catalogue rows ------------------------------------------------------------------------------------------
def _catalogue_cases():
    import catalogue_word_styles

    return catalogue_word_styles.CASES


@pytest.mark.parametrize("case", _catalogue_cases(), ids=lambda case: case.id)
def test_catalogue_rows_say_what_they_did(case, tmp_path):
    result = run_cli(*case.setup(tmp_path))
    assert result.returncode == case.exit_code, result.stderr
    assert case.says in result.stdout + result.stderr, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
