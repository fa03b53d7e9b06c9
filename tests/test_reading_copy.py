"""The reading copy (念稿版) as the leader holds it: large type on 1.8 lines, no page turning
inside a sentence, pinyin over the rare characters and the 注音 words and nowhere else; and
``jianggao check --reading`` listing what will get pinyin. Rendered by LibreOffice and read
back with PyMuPDF, python-docx and pandoc."""

from __future__ import annotations

import re
import zipfile

import pytest
from conftest import FIXTURES, require_tool, run_cli
from docx_read import W, pandoc_plain, squash
from lxml import etree

from toolkit import service
from toolkit.drafts import open_draft
from toolkit.errors import ToolkitError
from toolkit.model.readings import CLOSING_MARKS, SENTENCE_END, split_sentences
from toolkit.readings import annotate, common_characters, make_entry, syllables

LONG = FIXTURES / "reading" / "长句讲话.yaml"
"""Seven pages at 二号: long sentences, rare characters, a name and place names with their readings."""
OFFICE_LIST = "六安: Lù'ān\n涪陵: Fúlíng\n"
EXPECTED = {
    "单": "Shàn",
    "永": "Yǒng",
    "明": "míng",  # 单永明 from the draft's list (pypinyin would say dān)
    "蚌": "Bèng",
    "埠": "bù",  # 蚌埠 from the draft's list
    "六": "Lù",
    "安": "ān",  # 六安 from the office's list: both characters are common ones
    "涪": "Fú",
    "陵": "líng",  # 涪陵 from the office's list
    "暨": "jì",
    "赓": "gēng",
    "踔": "chuō",
    "笃": "dǔ",
    "擘": "bò",
    "圭": "guī",
    "臬": "niè",
    "诿": "wěi",
    "淬": "cuì",
}
"""Every character of the fixture that gets pinyin, with its reading."""


@pytest.fixture
def office_list(tmp_path, monkeypatch):
    """An office settings file naming a shared 注音 list holding 六安 and 涪陵."""
    (tmp_path / "注音表.yaml").write_text(OFFICE_LIST, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("readings: 注音表.yaml\n", encoding="utf-8")
    monkeypatch.setenv("JIANGGAO_CONFIG", str(config))
    return config


def export_reading(folder, speech=None, **options):
    speech = speech or open_draft(LONG)
    path = folder / "念稿.docx"
    service.export(speech, path, format="reading", options=service.ExportOptions(**options), overwrite=True)
    return path


def document_xml(path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def rubies(root) -> list[tuple[str, str]]:
    """(base character, pinyin) of every ruby, in order."""
    return [
        ("".join(ruby.find(W + "rubyBase").itertext()), "".join(ruby.find(W + "rt").itertext()))
        for ruby in root.iter(W + "ruby")
    ]


def printed_text(root) -> str:
    """The body text as printed: ruby bases in place, pinyin left out."""
    out = []
    for paragraph in root.iter(W + "p"):
        for text in paragraph.iter(W + "t"):
            if not any(ancestor.tag == W + "rt" for ancestor in text.iterancestors()):
                out.append(text.text or "")
    return "".join(out)


# -- which characters get pinyin ---------------------------------------------------------------------
def test_the_common_list_is_the_3500_first_level_characters():
    common = common_characters()
    assert len(common) == 3500
    assert {"一", "单", "蚌", "埠", "六", "安", "陵"} <= common  # surnames and places with special readings are common
    assert not {"赓", "踔", "擘", "臬", "涪", "暨"} & common


def test_readings_are_split_into_one_syllable_a_character():
    assert syllables("六安", "Lù'ān") == ("Lù", "ān")
    assert syllables("蚌埠", "Bèngbù") == ("Bèng", "bù")  # written together, cut where pinyin allows
    assert syllables("六安", "lu4 an1") == ("lù", "ān")  # tone numbers become marks
    assert syllables("六安", "Lù") is None
    assert make_entry("单永明", "Shan4 Yong3ming2", "本稿注音", "x").reading == "Shàn Yǒngmíng"
    with pytest.raises(ToolkitError, match="与字数对不上"):
        make_entry("六安", "Lùānxx", "本稿注音", "草稿")


def test_rare_characters_are_read_in_context_and_the_list_wins_over_pypinyin():
    entries = {"单县长": make_entry("单县长", "Shàn xiàn zhǎng", "本稿注音", "x")}
    marks = annotate("单县长在莘庄和莘县调研，擘画发展蓝图。单位要落实。", entries)
    found = {(mark.index, mark.reading) for mark in marks}
    assert {(0, "Shàn"), (1, "xiàn"), (2, "zhǎng")} <= found  # the list, not pypinyin's dān
    assert (4, "xīn") in found and (7, "shēn") in found  # 莘庄 xīn, 莘县 shēn: the phrase decides
    assert (12, "bò") in found
    assert all(mark.index != 20 for mark in marks)  # 单位: 单 is a common character, not in the list


def test_sentences_end_only_after_full_stops_question_and_exclamation_marks():
    text = "他说：“要抓好！”然后呢？好的（见附件。）最后，没有句号"
    assert split_sentences(text) == ["他说：“要抓好！”", "然后呢？", "好的（见附件。）", "最后，没有句号"]
    assert split_sentences("一、总体要求") == ["一、总体要求"]


# -- the document ------------------------------------------------------------------------------------
def test_pinyin_is_over_the_expected_characters_and_nowhere_else(tmp_path, office_list):
    root = document_xml(export_reading(tmp_path))
    found = rubies(root)
    assert dict(found) == EXPECTED
    assert len(found) == len(set(found))  # each occurs once in the fixture
    text = printed_text(root)
    assert "各有关单位" in text  # 单 of 单位 printed, without pinyin (the entry is 单永明)
    for ruby in root.iter(W + "ruby"):
        properties = ruby.find(W + "rubyPr")
        base = properties.find(W + "hpsBaseText").get(W + "val")
        guide = properties.find(W + "hps").get(W + "val")
        assert (guide, base) in (("22", "44"), ("30", "60"))  # half the size: over the text, over the title


def test_the_text_is_the_official_copys_text(tmp_path, office_list):
    speech = open_draft(LONG)
    reading = printed_text(document_xml(export_reading(tmp_path, speech)))
    official = tmp_path / "公文.docx"
    service.export(speech, official)
    assert squash(reading) == squash(printed_text(document_xml(official)))


def test_a_paragraph_is_one_paragraph_a_sentence_indented_once(tmp_path, office_list):
    root = document_xml(export_reading(tmp_path))
    body = [p for p in root.iter(W + "p") if "".join(p.itertext()).strip()]
    continued = 0
    for before, paragraph in zip(body, body[1:]):
        indent = paragraph.find(f"{W}pPr/{W}ind")
        if indent is not None and indent.get(W + "firstLine") == "0" and indent.get(W + "firstLineChars") == "0":
            continued += 1
            assert printed_text(before).rstrip(CLOSING_MARKS)[-1] in SENTENCE_END  # cut only after 。！？
    assert continued >= 20


def test_the_layout_numbers(tmp_path, office_list):
    import docx

    document = docx.Document(str(export_reading(tmp_path)))
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)
    for margin in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin):
        assert margin.mm == pytest.approx(30, abs=0.1)
    body = document.styles["讲话正文"].element
    assert body.find(f"{W}rPr/{W}sz").get(W + "val") == "44"  # 二号
    spacing = body.find(f"{W}pPr/{W}spacing")
    assert (spacing.get(W + "line"), spacing.get(W + "lineRule")) == ("792", "exact")  # 39.6 pt = 1.8 × 22
    assert body.find(f"{W}pPr/{W}keepLines") is not None
    assert document.styles["讲话标题"].element.find(f"{W}rPr/{W}sz").get(W + "val") == "60"  # 30 pt
    lead = document.styles["主旨句"].element.find(f"{W}rPr/{W}rFonts")
    assert lead.get(W + "eastAsia") == "黑体"
    footer = section.footer._element
    assert footer.find(f".//{W}jc").get(W + "val") == "center"
    assert {size.get(W + "val") for size in footer.iter(W + "sz")} == {"44"}  # page numbers as large as the text
    assert "PAGE" in "".join(footer.itertext())


@pytest.mark.parametrize("size, half_points, pitch", [("小一", "48", "864"), ("三号", "32", "576")])
def test_the_other_sizes(tmp_path, office_list, size, half_points, pitch):
    import docx

    document = docx.Document(str(export_reading(tmp_path, reading_size=size)))
    body = document.styles["讲话正文"].element
    assert body.find(f"{W}rPr/{W}sz").get(W + "val") == half_points
    assert body.find(f"{W}pPr/{W}spacing").get(W + "line") == pitch


def test_each_point_can_start_a_new_page(tmp_path, office_list):
    root = document_xml(export_reading(tmp_path, point_per_page=True))
    breaking = [printed_text(p)[:2] for p in root.iter(W + "p") if p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    assert breaking == ["一要", "二要", "三要"]
    assert not any(
        p.find(f"{W}pPr/{W}pageBreakBefore") is not None for p in document_xml(export_reading(tmp_path)).iter(W + "p")
    )


def test_our_importer_reads_the_characters_under_the_pinyin(tmp_path, office_list):
    from toolkit.importers import import_speech
    from toolkit.model.fields import speech_texts

    speech = import_speech(export_reading(tmp_path))
    text = squash("".join(block for _, block in speech_texts(speech)))
    assert "单永明同志通报了" in text and "赓续红色血脉" in text and "Shàn" not in text


# -- on the page (LibreOffice) -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    require_tool("soffice", "renders the reading copy to measure it")
    return {}


def render(tmp_path, **options):
    from toolkit.exporters import render_pdf

    docx_path = export_reading(tmp_path, **options)
    return docx_path, render_pdf(docx_path, tmp_path)


def page_lines(pdf, size: float):
    """Per page: the lines of text of *size* (baselines, text) and the spans of pinyin (smaller)."""
    import pymupdf

    pages = []
    with pymupdf.open(str(pdf)) as document:
        for page in document:
            lines: dict[float, list] = {}
            guides = []
            bottom = page.rect.height - 30 * 72 / 25.4 + 2
            for block in page.get_text("rawdict")["blocks"]:
                for line in block.get("lines", []):
                    for span in line["spans"]:
                        for char in span["chars"]:
                            if not char["c"].strip() or char["origin"][1] > bottom:
                                continue
                            if abs(span["size"] - size) < 0.3:
                                key = next((k for k in lines if abs(k - char["origin"][1]) < 2), char["origin"][1])
                                lines.setdefault(key, []).append(char)
                            elif span["size"] < size * 0.6:
                                guides.append(char)
            ordered = [
                (y, "".join(c["c"] for c in sorted(lines[y], key=lambda c: c["origin"][0]))) for y in sorted(lines)
            ]
            pages.append((ordered, guides))
    return pages


def paragraph_ends(speech) -> set[str]:
    from toolkit.model.layout import speech_blocks

    return {squash(block.text)[-4:] for block in speech_blocks(speech)}


def test_no_page_ends_inside_a_sentence_and_the_type_is_measured(tmp_path, office_list, rendered):
    _, pdf = render(tmp_path)
    pages = page_lines(pdf, 22)
    assert len(pages) >= 5
    ends = paragraph_ends(open_draft(LONG))
    for lines, _ in pages[:-1]:
        last = squash(lines[-1][1])
        assert last[-1] in SENTENCE_END + CLOSING_MARKS or last[-4:] in ends, last
    counts = [len(lines) for lines, _ in pages[1:-1]]
    assert min(counts) < max(counts)  # sentences were moved whole to the next page: the fixture needs it
    pitches = [round(b[0] - a[0], 1) for lines, _ in pages[1:] for a, b in zip(lines, lines[1:])]
    assert pitches and all(abs(pitch - 39.6) < 0.3 for pitch in pitches), pitches  # exact 1.8 lines


def test_the_pinyin_is_printed_above_its_characters(tmp_path, office_list, rendered):
    import pymupdf

    _, pdf = render(tmp_path)
    with pymupdf.open(str(pdf)) as document:
        spans = [
            span
            for page in document
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            for span in line["spans"]
            if span["text"].strip()
        ]
    sizes = {round(span["size"], 1) for span in spans}
    assert sizes == {11.0, 15.0, 22.0, 30.0}  # pinyin over text and title, text and page numbers, title
    guides = [span["text"].strip() for span in spans if min(abs(span["size"] - 11), abs(span["size"] - 15)) < 0.3]
    assert sorted(guides) == sorted(EXPECTED.values())
    text = squash("".join(span["text"] for span in spans if span["size"] > 15))
    assert "单永明同志通报了" in text and "各有关单位" in text


@pytest.mark.parametrize("size, points, pitch", [("小一", 24, 43.2), ("三号", 16, 28.8)])
def test_the_other_sizes_on_the_page(tmp_path, office_list, rendered, size, points, pitch):
    _, pdf = render(tmp_path, reading_size=size)
    pages = page_lines(pdf, points)
    pitches = [round(b[0] - a[0], 1) for lines, _ in pages[1:] for a, b in zip(lines, lines[1:])]
    assert pitches and all(abs(value - pitch) < 0.3 for value in pitches)
    ends = paragraph_ends(open_draft(LONG))
    for lines, _ in pages[:-1]:
        last = squash(lines[-1][1])
        assert last[-1] in SENTENCE_END + CLOSING_MARKS or last[-4:] in ends, last


@pytest.mark.pandoc
def test_pandoc_reads_everything_but_the_characters_under_pinyin(tmp_path, office_list):
    """pandoc (2.17 here, and its docx reader as of 2026) drops a w:ruby whole, the character
    and its pinyin alike. So: pandoc reads the reading copy's text with the ruby characters
    left out, and that text with them put back (from the XML) is the official copy's as
    pandoc reads it."""
    require_tool("pandoc", "reads the reading copy back")
    speech = open_draft(LONG)
    reading = export_reading(tmp_path, speech)
    official = tmp_path / "公文.docx"
    service.export(speech, official)
    root = document_xml(reading)
    outside_ruby = "".join(
        text.text or ""
        for text in root.iter(W + "t")
        if not any(ancestor.tag == W + "ruby" for ancestor in text.iterancestors())
    )
    got = squash(pandoc_plain(reading))
    assert got == squash(outside_ruby)
    assert not re.search(r"[a-zāáǎàēéěèīíǐìōóǒòūúǔù]{2,}", got)  # no pinyin in pandoc's text
    assert squash(printed_text(root)) == squash(pandoc_plain(official))


# -- the command line ---------------------------------------------------------------------------------
def test_export_reading_copy_by_default_beside_the_draft(tmp_path, office_list):
    draft = tmp_path / "讲话.yaml"
    draft.write_bytes(LONG.read_bytes())
    result = run_cli("export", str(draft), "--reading-copy", "--reading-size", "小一", "--point-per-page")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "讲话（念稿版）.docx").exists()
    assert "已导出" in result.stdout


@pytest.mark.parametrize(
    "options, says",
    [
        (["--reading-size", "小一"], "--reading-size 只用于念稿版。请同时加 --reading-copy"),
        (["--point-per-page"], "--point-per-page 只用于念稿版"),
        (["--reading-copy", "--template", "x.docx"], "念稿版按自己的大字格式排版，不能同时用 --template"),
        (["--reading-copy", "--page-numbers", "mirrored"], "不能同时用 --page-numbers"),
        (["--reading-copy", "--reading-size", "四号"], "不认识的选项"),
    ],
)
def test_export_options_that_do_not_go_together_are_refused(tmp_path, options, says):
    result = run_cli("export", str(LONG), "-o", str(tmp_path / "念稿.docx"), *options)
    assert result.returncode == 2
    assert says in result.stderr
    assert not (tmp_path / "念稿.docx").exists()


def test_the_reading_copy_is_never_written_under_a_pdf_name(tmp_path):
    result = run_cli("export", str(LONG), "-o", str(tmp_path / "念稿.pdf"), "--reading-copy")
    assert result.returncode == 2
    assert "念稿.pdf" in result.stderr and "念稿版" in result.stderr and "应保存为 .docx 文件" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_check_reading_lists_every_word_with_its_reading_and_place(office_list):
    result = run_cli("check", "--reading", str(LONG))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "单永明　Shàn Yǒngmíng　本稿注音　开头第2段"
    assert "六安　Lù'ān　单位注音表 注音表.yaml　第1点正文第2段" in lines
    assert "赓　gēng　不在常用字表　开头第3段" in lines
    assert "暨　jì　不在常用字表　标题" in lines
    assert len(lines) == 13  # 4 list words, 9 rare characters
    assert "共 13 个字词加注拼音" in result.stderr


def test_check_reading_says_when_a_character_has_no_reading(tmp_path):
    draft = tmp_path / "草稿.yaml"
    draft.write_text("format: jianggao-draft 1\ntitle: 讲话\nopening:\n- 今天到𠀾村调研。\n", encoding="utf-8")
    result = run_cli("check", "--reading", str(draft))
    assert result.returncode == 1
    assert "𠀾　【找不到读音，请在注音表中写出】　不在常用字表　开头第1段" in result.stdout
    assert "“𠀾”找不到读音" in result.stderr
    draft.write_text(draft.read_text(encoding="utf-8") + "readings:\n  𠀾村: Fǔcūn\n", encoding="utf-8")
    result = run_cli("check", "--reading", str(draft))
    assert result.returncode == 0 and "𠀾村　Fǔcūn　本稿注音　开头第1段" in result.stdout


def test_a_draft_with_readings_saves_and_opens_and_an_old_draft_is_unchanged(tmp_path):
    from toolkit.drafts import save_draft, speech_to_yaml

    speech = open_draft(LONG)
    assert speech.readings == {"单永明": "Shàn Yǒngmíng", "蚌埠": "Bèngbù"}
    save_draft(speech, tmp_path / "再存.yaml")
    assert open_draft(tmp_path / "再存.yaml").readings == speech.readings
    speech.readings = {}
    assert "readings" not in speech_to_yaml(speech)
