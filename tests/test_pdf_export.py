"""`jianggao export 草稿.yaml -o 讲话稿.pdf`: the .docx the toolkit writes, laid out by
LibreOffice as a PDF for a phone or the archive — the speech's text in order, the fonts
embedded (the free stand-ins fonts.conf maps the office fonts to), A4 pages of 22 lines of
28 characters with the official margins, the page numbers; through a house template its
header on every page; the same refusals as a .docx (an existing file without --force, a
missing folder) and one Chinese line when LibreOffice is not installed."""

from __future__ import annotations

import os
import sys

import pytest
from conftest import ROOT, SEED, require_tool, run_cli
from docx_read import squash
from pdf_measure import MM, TEXT_LEFT, TEXT_RIGHT, read_pdf

from toolkit import service
from toolkit.drafts import save_draft
from toolkit.importers import import_speech, parse_speech_text
from toolkit.model import speech_blocks

pytestmark = pytest.mark.libreoffice
HOUSE = ROOT / "examples" / "house-template" / "县委办讲话稿模板.docx"


@pytest.fixture(scope="module")
def soffice():
    return require_tool("soffice", "lays the .docx out as a PDF")


def printed_text(speech) -> str:
    """Every paragraph of *speech* as it prints (markers included), in order, without spaces."""
    return squash("".join(block.text for block in speech_blocks(service.fill(speech, allow_unfilled=True))))


def body_text(pages) -> str:
    """The PDF's text in reading order, page numbers left out."""
    return squash("".join(line.text for page in pages for line in page.lines))


def pdf_fonts(path) -> list[tuple[str, bool]]:
    """Each font the PDF uses: its name (subset prefix removed) and whether it is embedded."""
    import pymupdf

    fonts = {}
    with pymupdf.open(str(path)) as document:
        for number in range(document.page_count):
            for _xref, extension, _kind, name, _ref, *_ in document.get_page_fonts(number):
                fonts[name.split("+", 1)[-1]] = extension != "n/a"
    return sorted(fonts.items())


@pytest.fixture(scope="module")
def long_draft_pdf(soffice, tmp_path_factory):
    """A 9,000-character speech with 一、 headings and （一） sub-points, exported as PDF by
    the command line from its draft."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import speech_text

    folder = tmp_path_factory.mktemp("pdf")
    speech = parse_speech_text(speech_text(9000))
    draft = save_draft(speech, folder / "草稿.yaml")
    result = run_cli("export", str(draft), "-o", str(folder / "讲话稿.pdf"))
    return speech, result, folder / "讲话稿.pdf"


def test_the_pdf_holds_the_speech_in_order(long_draft_pdf):
    speech, result, pdf = long_draft_pdf
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已导出：{pdf}"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = read_pdf(pdf)
    assert len(pages) > 3
    assert body_text(pages) == printed_text(speech)


def test_the_pdf_has_the_official_page(long_draft_pdf):
    _, _, pdf = long_draft_pdf
    pages = read_pdf(pdf)
    for page in pages:
        assert abs(page.width - 210 * MM) < 1 * MM and abs(page.height - 297 * MM) < 1 * MM  # A4
        assert [line.text for line in page.footer] == [f"—{page.number}—"]
    assert [len(page.lines) for page in pages[1:-1]] == [22] * (len(pages) - 2)
    lines = [line for page in pages for line in page.lines]
    assert max(line.cells for line in lines) == 28
    assert abs(min(line.x0 for line in lines) - TEXT_LEFT) < 1.5 * MM  # left margin 28 mm
    assert max(line.cells for line in lines if line.x1 > TEXT_RIGHT - 2 * MM) == 28  # full lines reach the right margin


def test_the_fonts_are_embedded_and_are_the_expected_stand_ins(soffice, tmp_path):
    draft = ROOT / "examples" / "drafts" / "秋冬季安全生产工作会议讲话.yaml"
    result = run_cli("export", str(draft), "-o", str(tmp_path / "讲话稿.pdf"))
    assert result.returncode == 0, result.stderr
    fonts = pdf_fonts(tmp_path / "讲话稿.pdf")
    assert fonts and all(embedded for _, embedded in fonts), fonts
    names = " ".join(name for name, _ in fonts)
    assert "NotoSerifCJK" in names and "Bold" in names  # 仿宋_GB2312 body, 方正小标宋简体 title (bold)
    assert "NotoSansCJK" in names  # 黑体 leads
    assert "UKai" in names  # 楷体_GB2312 date line
    assert "DejaVu" not in names  # no fallback font: every office font was mapped


def test_through_a_house_template_the_pdf_has_its_header_and_styles(soffice, tmp_path):
    import pymupdf

    result = run_cli("export", str(SEED), "--template", str(HOUSE), "-o", str(tmp_path / "县委办.pdf"))
    assert result.returncode == 0, result.stderr
    assert "各部分所用的样式" in result.stdout
    pdf = tmp_path / "县委办.pdf"
    with pymupdf.open(str(pdf)) as document:
        tops = [page.get_text("text", clip=pymupdf.Rect(0, 0, page.rect.width, 30 * MM)) for page in document]
    assert tops and all("中共某某县委办公室" in squash(top) for top in tops)
    pages = read_pdf(pdf)
    for page in pages:  # the header is the template's, above the text
        assert squash(page.lines[0].text) == "中共某某县委办公室"
        del page.lines[0]
    assert body_text(pages) == printed_text(import_speech(SEED))
    assert all(embedded for _, embedded in pdf_fonts(pdf))


def test_an_existing_pdf_is_kept_without_force(soffice, tmp_path):
    target = tmp_path / "讲话稿.pdf"
    target.write_bytes(b"%PDF-1.4 an archived copy")
    refused = run_cli("export", str(SEED), "-o", str(target))
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"jianggao：{target}：文件已存在，未覆盖。如确实要覆盖，请加 --force；或换一个文件名"
    ]
    assert target.read_bytes() == b"%PDF-1.4 an archived copy"
    forced = run_cli("export", str(SEED), "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes()[:5] == b"%PDF-" and len(read_pdf(target)) >= 1


def without_libreoffice(tmp_path) -> dict[str, str]:
    """The environment with a PATH holding Python but no LibreOffice."""
    bare = tmp_path / "bin"
    bare.mkdir()
    os.symlink(sys.executable, bare / "python")
    return dict(os.environ, PATH=str(bare))


def test_without_libreoffice_one_chinese_line_and_nothing_written(tmp_path):
    draft = save_draft(import_speech(SEED), tmp_path / "草稿.yaml")
    env = without_libreoffice(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli("export", str(draft), "-o", str(tmp_path / "讲话稿.pdf"), env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "jianggao：没有安装 LibreOffice，无法导出 PDF。导出 Word 文档（.docx）不需要它；"
        "如需 PDF 请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui）"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    docx = run_cli("export", str(draft), "-o", str(tmp_path / "讲话稿.docx"), env=env)
    assert docx.returncode == 0, docx.stderr  # Word documents never needed it


def test_the_service_offers_pdf_as_one_format():
    assert service.output_format(path="讲话稿.pdf").name == "pdf"
    assert service.output_format("pdf").suffix == ".pdf"
    assert service.default_output_path("讲话稿.pdf", "pdf").name == "讲话稿（公文格式）.pdf"
    with pytest.raises(service.ToolkitError, match="扩展名应是 .docx、.pdf"):
        service.output_format(path="讲话稿.odt")
