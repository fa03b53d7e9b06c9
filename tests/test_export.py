"""Export to Word: what is inside the .docx, read back with python-docx, its XML and pandoc."""

import datetime as dt
import re
import zipfile

import docx
import pytest
from conftest import OUTLINE, ROOT, require_tool, run_cli, write_into_read_only_folder
from docx_read import W, effective_east_asian_font, pandoc_plain, paragraphs, part, squash

from toolkit.errors import OutputExistsError, TemplateError, UnfilledVariableError
from toolkit.exporters import ExportOptions, export_docx
from toolkit.exporters.official import official_template_bytes
from toolkit.importers import import_speech
from toolkit.model import MeetingFacts, Point, Speech, SubPoint

HOUSE = ROOT / "examples" / "house-template" / "县委办讲话稿模板.docx"
RED_HEADER = ROOT / "examples" / "house-template" / "红头讲话稿模板.docx"
SEED_LEADS = [
    "把思想统一到“项目为王”上来。",
    "把力量集中到产业链招商上来。",
    "把功夫下到项目落地见效上来。",
    "把责任压实到每一个环节上来。",
]


@pytest.fixture(scope="module")
def seed_speech():
    from conftest import SEED

    return import_speech(SEED)


@pytest.fixture(scope="module")
def seed_docx(seed_speech, tmp_path_factory):
    return export_docx(seed_speech, tmp_path_factory.mktemp("seed") / "讲话稿.docx").path


def expected_paragraphs(speech):
    """The paragraphs the seed's .docx must hold, in order: title, salutation, opening,
    the four points with 一要…四要 restored, closing."""
    points = [
        marker + point.lead + "".join(point.body)
        for marker, point in zip(["一要", "二要", "三要", "四要"], speech.points)
    ]
    return [speech.title, speech.salutation, *speech.opening_as_read(), *points, *speech.closing]


# -- the seed, read back ------------------------------------------------------------------------
def test_seed_reads_back_in_order_with_markers_restored(seed_speech, seed_docx):
    got = [squash(text) for _, text in paragraphs(seed_docx)]
    assert got == [squash(text) for text in expected_paragraphs(seed_speech)]
    assert [text[:2] for text in got[3:7]] == ["一要", "二要", "三要", "四要"]
    assert [text[2 : 2 + len(lead)] for text, lead in zip(got[3:7], SEED_LEADS)] == SEED_LEADS


def test_seed_docx_has_no_vendor_line_and_no_template_filler(seed_speech, seed_docx):
    everything = squash("".join(text for _, text in paragraphs(seed_docx)))
    for removed in seed_speech.noise:
        assert squash(removed.text) not in everything
    assert "QQ" not in everything and "样式示例" not in everything and "模板" not in everything


def test_pandoc_reads_the_same_speech(seed_speech, seed_docx):
    require_tool("pandoc", "an independent reader of the .docx")
    plain = pandoc_plain(seed_docx)
    blocks = [squash(block) for block in plain.split("\n\n") if block.strip()]
    assert blocks == [squash(text) for text in expected_paragraphs(seed_speech)]
    assert "妙笔文库" not in plain


def test_styles_carry_each_part(seed_docx):
    styles = [style for style, _ in paragraphs(seed_docx)]
    assert styles == ["讲话标题", "称呼", "讲话正文", "讲话正文", "讲话正文", "讲话正文", "讲话正文", "讲话正文"]


def test_run_in_lead_sentence_is_in_the_lead_style_and_body_in_the_body_font(seed_docx):
    document = docx.Document(str(seed_docx))
    point = document.paragraphs[3]
    lead, body = point.runs[0], point.runs[1]
    assert lead.text == "一要" + SEED_LEADS[0]
    assert lead.style.name == "主旨句"
    assert effective_east_asian_font(document, lead) == "黑体"
    assert effective_east_asian_font(document, body) == "仿宋_GB2312"
    assert body.text.startswith("发展要靠项目支撑")


# -- the outline reference speech: 一、 headings with （一） sub-points, read back ------------------
OUTLINE_MARKERS = ["一、", "（一）", "（二）", "二、", "（一）", "（二）", "（三）", "三、", "（一）", "（二）"]
OUTLINE_HEADINGS = [
    ("一级标题", "一、清醒认识我县生态环境保护面临的形势"),
    ("一级标题", "二、突出抓好污染防治攻坚重点任务"),
    ("一级标题", "三、建立健全生态环境保护长效机制"),
]
# sub-points whose lead sentence runs on into the body in the source, with the body's first words
OUTLINE_RUN_IN = [
    ("（一）成绩来之不易。", "去年以来"),
    ("（二）问题不容忽视。", "我们也要看到"),
    ("（一）压实各方责任。", "各乡镇党委"),
    ("（二）严格执法监管。", "要保持环境执法"),
]
# sub-points whose lead stands on a line of its own in the source, with the next paragraph's first words
OUTLINE_HEADING_SUBPOINTS = [
    ("（一）守护好蓝天", "要紧盯工业源"),
    ("（二）保护好碧水", "要全面落实河湖长制"),
    ("（三）管控好净土", "要加强建设用地"),
]


@pytest.fixture(scope="module")
def outline_speech():
    return import_speech(OUTLINE)


@pytest.fixture(scope="module")
def outline_docx(outline_speech, tmp_path_factory):
    return export_docx(outline_speech, tmp_path_factory.mktemp("outline") / "讲话稿.docx").path


def outline_kept_text() -> str:
    """The outline speech's source, every vendor line left out, squashed: what the .docx must say."""
    vendor = {removed.line for removed in import_speech(OUTLINE).noise}
    lines = OUTLINE.read_text(encoding="utf-8").splitlines()
    return squash("".join(line for n, line in enumerate(lines, 1) if n not in vendor))


def test_outline_reads_back_word_for_word_in_order_with_every_marker(outline_docx):
    got = paragraphs(outline_docx)
    texts = [text for _, text in got]
    assert squash("".join(texts)) == outline_kept_text()
    assert [
        match.group(0) for text in texts if (match := re.match(r"[一二三]、|（[一二三]）", text))
    ] == OUTLINE_MARKERS
    assert got[:3] == [
        ("讲话标题", "在全县生态环境保护工作会议上的讲话"),
        ("署名", "（2026年6月5日）"),
        ("称呼", "同志们："),
    ]
    assert [text[:7] for _, text in got[3:5]] == ["今天是世界环境", "刚才，县生态环"]
    assert got[4][1].endswith("下面，我讲三个方面的意见。") and got[5] == OUTLINE_HEADINGS[0]
    assert [(style, text) for style, text in got if re.match(r"[一二三]、", text)] == OUTLINE_HEADINGS
    assert got[-1][0] == "讲话正文" and got[-1][1].startswith("同志们，生态环境保护功在当代")


def test_outline_docx_has_no_vendor_line(outline_speech, outline_docx):
    everything = squash("".join(text for _, text in paragraphs(outline_docx)))
    assert len(outline_speech.noise) == 10
    for removed in outline_speech.noise:
        assert squash(removed.text) not in everything
    assert "公文帮手" not in everything and "gwbs" not in everything and "第2页" not in everything


def test_outline_run_in_subpoint_leads_are_in_the_sub_lead_style(outline_docx):
    document = docx.Document(str(outline_docx))
    by_lead = {p.runs[0].text: p for p in document.paragraphs if p.runs}
    for lead, body_start in OUTLINE_RUN_IN:
        paragraph = by_lead[lead]
        assert paragraph.style.name == "讲话正文"
        assert paragraph.runs[0].style.name == "小点主旨句"
        assert effective_east_asian_font(document, paragraph.runs[0]) == "楷体_GB2312"
        assert paragraph.runs[1].text.startswith(body_start)
        assert effective_east_asian_font(document, paragraph.runs[1]) == "仿宋_GB2312"


@pytest.mark.xfail(
    strict=True,
    reason="known limit (docs/word-layout.md): a speech's sub-points get one layout, "
    "the one most of them use, so a heading sub-point of a mixed speech is run into its body: "
    "（一）守护好蓝天要紧盯工业源…",
)
def test_outline_heading_subpoints_keep_a_line_of_their_own(outline_docx):
    texts = [text for _, text in paragraphs(outline_docx)]
    for heading, body_start in OUTLINE_HEADING_SUBPOINTS:
        assert heading in texts
        assert texts[texts.index(heading) + 1].startswith(body_start)


# -- the XML ----------------------------------------------------------------------------------
def test_page_is_a4_with_official_margins(seed_docx):
    section = docx.Document(str(seed_docx)).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert (section.top_margin.twips, section.bottom_margin.twips) == (2098, 1984)
    assert (section.left_margin.twips, section.right_margin.twips) == (1587, 1474)
    grid = section._sectPr.find(W + "docGrid")
    assert (grid.get(W + "type"), grid.get(W + "linePitch")) == ("lines", "579")


def test_every_body_run_is_in_fangsong_with_the_east_asian_hint(seed_docx):
    document = docx.Document(str(seed_docx))
    body_runs = [
        run
        for p in document.paragraphs
        if p.style.name in ("讲话正文", "称呼")
        for run in p.runs
        if run.style.name != "主旨句"
    ]
    assert body_runs
    for run in body_runs:
        assert effective_east_asian_font(document, run) == "仿宋_GB2312"
        fonts = run._r.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(W + "hint") == "eastAsia"
        assert fonts.get(W + "ascii") == "Times New Roman"


def test_no_theme_fonts_anywhere_in_styles(seed_docx):
    styles = part(seed_docx, "word/styles.xml")
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        assert attribute not in styles


def test_body_style_numbers(seed_docx):
    document = docx.Document(str(seed_docx))
    body = document.styles["讲话正文"].element
    spacing = body.find(f"{W}pPr/{W}spacing")
    assert (spacing.get(W + "line"), spacing.get(W + "lineRule")) == ("579", "exact")
    assert (spacing.get(W + "before"), spacing.get(W + "after")) == ("0", "0")
    indent = body.find(f"{W}pPr/{W}ind")
    assert (indent.get(W + "firstLineChars"), indent.get(W + "firstLine")) == ("200", "621")
    assert body.find(f"{W}rPr/{W}spacing").get(W + "val") == "-6"
    assert body.find(f"{W}rPr/{W}sz").get(W + "val") == "32"


def test_title_is_22pt_xiaobiaosong_centred_off_grid(seed_docx):
    document = docx.Document(str(seed_docx))
    title = document.styles["讲话标题"]
    assert title.font.size.pt == 22
    assert title.element.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "方正小标宋简体"
    assert title.element.find(f"{W}pPr/{W}jc").get(W + "val") == "center"
    assert title.element.find(f"{W}pPr/{W}snapToGrid").get(W + "val") == "0"


def test_a_long_title_stays_one_string_narrowed_to_break_between_words(seed_docx):
    document = docx.Document(str(seed_docx))
    title = document.paragraphs[0]
    assert title.text == "在全县招商引资工作领导小组第二季度会议上的讲话"  # no line-break character in the text
    indent = title._p.find(f"{W}pPr/{W}ind")
    left, right = int(indent.get(W + "left")), int(indent.get(W + "right"))
    assert left == right
    assert 13 * 440 <= 8845 - left - right < 14 * 440  # the line holds 在全县招商引资工作领导小组, 13 characters


def test_styles_are_named_in_chinese_with_english_aliases(seed_docx):
    styles = part(seed_docx, "word/styles.xml")
    for name, alias in [
        ("讲话正文", "Speech Body"),
        ("讲话标题", "Speech Title"),
        ("一级标题", "Level 1 Heading"),
        ("主旨句", "Lead Sentence"),
        ("页码", "Page Number"),
        ("署名", "Speech Byline"),
    ]:
        assert f'<w:name w:val="{name}"/><w:aliases w:val="{alias}"/>' in styles


def test_footers_hold_a_page_field_mirrored_on_odd_and_even_pages(seed_docx):
    document = docx.Document(str(seed_docx))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer is True
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer, align, side in ((odd, "right", "right"), (even, "left", "left")):
        xml = footer._p.xml
        assert "PAGE" in "".join(t.text for t in footer._p.iter(W + "instrText"))
        assert footer.text.replace("1", "N") == "— N —"
        assert footer._p.find(f"{W}pPr/{W}jc").get(W + "val") == align
        assert footer._p.find(f"{W}pPr/{W}ind").get(W + side) == "280"
        assert "宋体" in xml and 'w:sz w:val="28"' in xml


def test_centred_page_numbers_option(seed_speech, tmp_path):
    path = export_docx(seed_speech, tmp_path / "c.docx", options=ExportOptions(page_numbers="centered")).path
    document = docx.Document(str(path))
    assert document.settings.odd_and_even_pages_header_footer is False
    footer = document.sections[0].footer.paragraphs[0]
    assert footer._p.find(f"{W}pPr/{W}jc").get(W + "val") == "center"
    assert 'w:type="even"' not in part(path, "word/document.xml")


def test_bold_fangsong_lead_option(seed_speech, tmp_path):
    path = export_docx(seed_speech, tmp_path / "b.docx", options=ExportOptions(lead_font="bold")).path
    document = docx.Document(str(path))
    lead = document.paragraphs[3].runs[0]
    assert effective_east_asian_font(document, lead) == "仿宋_GB2312"
    assert document.styles["主旨句"].font.bold is True


def test_word_grid_option_writes_lines_and_chars(seed_speech, tmp_path):
    path = export_docx(seed_speech, tmp_path / "g.docx", options=ExportOptions(grid="linesAndChars")).path
    document = docx.Document(str(path))
    grid = document.sections[0]._sectPr.find(W + "docGrid")
    assert (grid.get(W + "type"), grid.get(W + "linePitch"), grid.get(W + "charSpace")) == (
        "linesAndChars",
        "579",
        "-846",
    )
    assert document.styles["讲话正文"].element.find(f"{W}rPr/{W}spacing") is None  # the grid sets the pitch


def test_document_properties(tmp_path):
    speech = Speech(
        title="在全县工作会议上的讲话", opening=["今天开会。"], meeting=MeetingFacts("全县工作会议", "张三")
    )
    created = dt.datetime(2026, 9, 28, 1, 30, tzinfo=dt.timezone.utc)
    path = export_docx(speech, tmp_path / "p.docx", options=ExportOptions(created=created)).path
    properties = docx.Document(str(path)).core_properties
    assert (properties.title, properties.author) == ("在全县工作会议上的讲话", "张三")
    assert properties.created == created


def test_heading_points_and_subpoints_use_level_styles(tmp_path):
    speech = Speech(
        title="在全县工作会议上的讲话",
        numbering="一、",
        subnumbering="（一）",
        points=[
            Point("提高认识", ["认识正文。"], [SubPoint("强化学习", ["学习正文。"]), SubPoint("深化研讨", [])]),
            Point("狠抓落实", ["落实正文。"]),
        ],
    )
    got = paragraphs(export_docx(speech, tmp_path / "h.docx").path)
    assert got == [
        ("讲话标题", "在全县工作会议上的讲话"),
        ("一级标题", "一、提高认识"),
        ("讲话正文", "认识正文。"),
        ("二级标题", "（一）强化学习"),
        ("讲话正文", "学习正文。"),
        ("二级标题", "（二）深化研讨"),
        ("一级标题", "二、狠抓落实"),
        ("讲话正文", "落实正文。"),
    ]


def test_renumbering_after_a_move_reaches_the_document(tmp_path, seed_speech):
    import copy

    speech = copy.deepcopy(seed_speech)
    speech.move_point(3, 0)
    texts = [text for _, text in paragraphs(export_docx(speech, tmp_path / "m.docx").path)]
    assert texts[3].startswith("一要" + SEED_LEADS[3]) and texts[6].startswith("四要" + SEED_LEADS[2])


def test_the_built_in_template_is_the_one_the_code_builds():
    assert (ROOT / "templates" / "word" / "official.docx").read_bytes() == official_template_bytes()


# -- variables and placeholders ------------------------------------------------------------------
def variable_speech():
    return Speech(title="在{{ 县名 }}工作会议上的讲话", opening=["今天开会。"], points=[Point("加强{{ 重点 }}。")])


def test_an_unfilled_variable_stops_the_export_and_names_where_it_is(tmp_path):
    with pytest.raises(UnfilledVariableError, match="标题：变量“县名”没有值"):
        export_docx(variable_speech(), tmp_path / "v.docx")
    assert not (tmp_path / "v.docx").exists()


def test_allow_placeholders_lets_a_draft_out(tmp_path):
    path = export_docx(variable_speech(), tmp_path / "v.docx", options=ExportOptions(allow_placeholders=True)).path
    assert paragraphs(path)[0][1] == "在{{ 县名 }}工作会议上的讲话"


def test_cli_fills_variables_from_the_draft_var_and_vars(tmp_path):
    from toolkit.drafts import save_draft

    speech = variable_speech()
    speech.variables = {"县名": "草稿县"}
    draft = save_draft(speech, tmp_path / "v.yaml")
    values = tmp_path / "values.yaml"
    values.write_text("重点: 党的建设\n", encoding="utf-8")
    result = run_cli(
        "export", str(draft), "-o", str(tmp_path / "v.docx"), "--vars", str(values), "--var", "县名=某某县"
    )
    assert result.returncode == 0, result.stderr
    texts = [text for _, text in paragraphs(tmp_path / "v.docx")]
    assert texts[0] == "在某某县工作会议上的讲话" and texts[2] == "一要加强党的建设。"


# -- house templates ------------------------------------------------------------------------------
def test_house_template_keeps_its_header_styles_and_centred_page_numbers(tmp_path, seed_speech):
    result = export_docx(seed_speech, tmp_path / "h.docx", HOUSE)
    document = docx.Document(str(result.path))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "中共某某县委办公室"
    footer = section.footer.paragraphs[0]
    assert footer._p.find(f"{W}pPr/{W}jc").get(W + "val") == "center" and "PAGE" in footer._p.xml
    body = document.paragraphs[2]
    assert body.style.name == "讲话正文"
    assert effective_east_asian_font(document, body.runs[0]) == "宋体"
    assert effective_east_asian_font(document, document.paragraphs[0].runs[0]) == "黑体"
    assert document.styles["讲话标题"].font.size.pt == 20
    texts = "".join(text for _, text in paragraphs(result.path))
    assert "模板说明" not in texts


def test_red_header_template_frames_the_speech_where_the_marker_stands(tmp_path, seed_speech):
    texts = [text for _, text in paragraphs(export_docx(seed_speech, tmp_path / "r.docx", RED_HEADER).path)]
    assert texts[0] == "中共某某县委办公室文件" and texts[1].startswith("━")
    assert texts[2] == seed_speech.title
    assert texts[-1] == "（此件公开发布）"
    assert "{{讲稿}}" not in "".join(texts)


def test_a_template_without_the_styles_gets_them_with_a_warning(tmp_path, seed_speech):
    bare = tmp_path / "bare.docx"
    docx.Document().save(bare)
    result = export_docx(seed_speech, tmp_path / "o.docx", bare)
    assert any("讲话正文" in warning for warning in result.warnings)
    assert any("没有页脚" in warning for warning in result.warnings)
    document = docx.Document(str(result.path))
    assert document.paragraphs[2].style.name == "讲话正文"
    assert effective_east_asian_font(document, document.paragraphs[2].runs[0]) == "仿宋_GB2312"


def test_a_style_mapping_points_parts_at_the_house_names(tmp_path, seed_speech):
    template = tmp_path / "mine.docx"
    document = docx.Document()
    from docx.enum.style import WD_STYLE_TYPE

    document.styles.add_style("公文正文", WD_STYLE_TYPE.PARAGRAPH)
    document.save(template)
    (tmp_path / "mine.styles.yaml").write_text("body: 公文正文\n", encoding="utf-8")
    result = export_docx(seed_speech, tmp_path / "o.docx", template)
    assert docx.Document(str(result.path)).paragraphs[2].style.name == "公文正文"


def test_a_dotx_template_is_accepted(tmp_path, seed_speech):
    dotx = tmp_path / "house.dotx"
    with zipfile.ZipFile(HOUSE) as source, zipfile.ZipFile(dotx, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"wordprocessingml.template.main+xml")
            target.writestr(item, data)
    result = export_docx(seed_speech, tmp_path / "d.docx", dotx)
    assert docx.Document(str(result.path)).sections[0].header.paragraphs[0].text == "中共某某县委办公室"


# -- refusing ----------------------------------------------------------------------------------------
def test_an_existing_docx_is_never_overwritten_without_force(tmp_path, seed_speech):
    target = tmp_path / "已有.docx"
    target.write_bytes(b"old")
    with pytest.raises(OutputExistsError):
        export_docx(seed_speech, target)
    assert target.read_bytes() == b"old"
    export_docx(seed_speech, target, overwrite=True)
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.docx", None, "找不到 Word 模板"),
        ("macro.docm", b"PK\x03\x04junk", "宏"),
        ("text.docx", "在全县会议上的讲话".encode(), "不是 Word 文档"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版"),
    ],
)
def test_bad_templates_are_refused(tmp_path, seed_speech, name, content, message):
    template = tmp_path / name
    if content is not None:
        template.write_bytes(content)
    with pytest.raises(TemplateError, match=message):
        export_docx(seed_speech, tmp_path / "o.docx", template)
    assert not (tmp_path / "o.docx").exists()


# -- the command ---------------------------------------------------------------------------------------
def test_export_takes_a_purchased_txt_in_one_step(tmp_path, seed_path):
    out = tmp_path / "讲话稿.docx"
    result = run_cli("export", str(seed_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"已导出：{out}" in result.stdout
    assert "提示：开头第1段有未填写的占位符“×县”" in result.stderr
    assert [text[:2] for _, text in paragraphs(out)][3:7] == ["一要", "二要", "三要", "四要"]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--template", "没有这个模板.docx"], "找不到 Word 模板"),
        (["--template", "{macro}"], "宏"),
        (["--template", "{textdocx}"], "不是 Word 文档"),
    ],
)
def test_cli_bad_template_one_line_exit_2_no_file(tmp_path, seed_path, extra, message):
    macro = tmp_path / "m.docm"
    macro.write_bytes(b"PK\x03\x04")
    textdocx = tmp_path / "t.docx"
    textdocx.write_text("不是 Word", encoding="utf-8")
    extra = [item.format(macro=macro, textdocx=textdocx) for item in extra]
    out = tmp_path / "o.docx"
    result = run_cli("export", str(seed_path), "-o", str(out), *extra)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_unfilled_variable_one_line_exit_2_no_file(tmp_path):
    source = tmp_path / "s.txt"
    source.write_text("在{{ 县名 }}工作会议上的讲话\n同志们：\n今天开会。\n", encoding="utf-8")
    out = tmp_path / "o.docx"
    result = run_cli("export", str(source), "-o", str(out))
    assert result.returncode == 2
    assert "变量“县名”没有值" in result.stderr and "--allow-placeholders" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()
    assert run_cli("export", str(source), "-o", str(out), "--allow-placeholders").returncode == 0


def test_cli_missing_output_folder(tmp_path, seed_path):
    result = run_cli("export", str(seed_path), "-o", str(tmp_path / "没有" / "o.docx"))
    assert result.returncode == 2 and "文件夹不存在" in result.stderr


def test_cli_read_only_output_folder(public_tmp, seed_path):
    result, folder = write_into_read_only_folder(public_tmp, seed_path, "export", "o.docx")
    assert result.returncode == 2, result.stderr
    assert "没有权限" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []


def test_cli_refuses_to_overwrite_without_force(tmp_path, seed_path):
    out = tmp_path / "o.docx"
    out.write_bytes(b"mine")
    result = run_cli("export", str(seed_path), "-o", str(out))
    assert result.returncode == 2 and "已存在" in result.stderr
    assert out.read_bytes() == b"mine"


def test_export_takes_a_docx_speech_and_names_the_output_beside_it(tmp_path):
    import bad_files

    source = bad_files.real_docx(tmp_path, "材料.docx")
    result = run_cli("export", str(source))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "材料（公文格式）.docx"
    texts = [text for _, text in paragraphs(out)]
    assert texts[0] == "在全县工作会议上的讲话" and texts[3] == "一要提高认识。认真学习。"
    assert source.exists()
