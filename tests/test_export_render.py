"""The exported page as LibreOffice renders it: 22 lines × 28 characters, nothing lost,
page numbers — N — right and left in turn, the title centred (GB/T 9704)."""

import os
import subprocess
import sys

import pytest
from conftest import ROOT, SEED, require_tool, run_cli
from docx_read import squash
from pdf_measure import MM, pdf_text, read_pdf

from toolkit.exporters import ExportOptions, export_docx, render_pdf
from toolkit.importers import import_speech, parse_speech_text

TEXT_LEFT, TEXT_RIGHT = 28 * MM, (210 - 26) * MM
PUNCTUATION = "，。、；：？！”’）》」』…—"

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def renderer():
    require_tool("soffice", "renders the .docx to check the page")


def rendered(speech, folder, **options):
    docx = export_docx(speech, folder / "讲话稿.docx", options=ExportOptions(**options)).path
    return docx, render_pdf(docx, folder)


@pytest.fixture(scope="module")
def seed_pages(renderer, tmp_path_factory):
    speech = import_speech(SEED)
    docx, pdf = rendered(speech, tmp_path_factory.mktemp("render"))
    return speech, pdf, read_pdf(pdf)


@pytest.fixture(scope="module")
def outline_pages(renderer, tmp_path_factory):
    """A longer speech with 一、 headings and （一） sub-points, for full pages of mixed lines."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import speech_text

    speech = parse_speech_text(speech_text(9000))
    docx, pdf = rendered(speech, tmp_path_factory.mktemp("outline"))
    return speech, pdf, read_pdf(pdf)


@pytest.mark.parametrize("which", ["seed_pages", "outline_pages"])
def test_every_full_page_has_22_lines(which, request):
    _, _, pages = request.getfixturevalue(which)
    assert len(pages) >= 3
    assert [len(page.lines) for page in pages[1:-1]] == [22] * (len(pages) - 2)


@pytest.mark.parametrize("which", ["seed_pages", "outline_pages"])
def test_no_line_holds_more_than_28_characters(which, request):
    _, _, pages = request.getfixturevalue(which)
    body_lines = [line for page in pages for line in page.lines]
    assert max(line.cells for line in body_lines) == 28
    for line in body_lines:
        for char, centre in line.chars:
            if centre > TEXT_RIGHT:
                assert char in PUNCTUATION, f"{char!r} spills into the margin: {line.text}"


@pytest.mark.parametrize("which", ["seed_pages", "outline_pages"])
def test_no_character_is_lost(which, request):
    speech, pdf, pages = request.getfixturevalue(which)
    from toolkit.model import speech_blocks

    text = squash("".join(line.text for page in pages for line in page.lines))  # page numbers left out
    assert squash(pdf_text(pdf)).startswith(text[:20])
    for block in speech_blocks(speech):
        assert squash(block.text) in text, block.location


def test_page_numbers_alternate_right_and_left(seed_pages):
    _, _, pages = seed_pages
    for page in pages:
        assert len(page.footer) == 1
        number = page.footer[0]
        assert number.text == f"—{page.number}—"
        if page.number % 2:
            assert abs((page.width - number.x1) - (26 * MM + 14)) < 1.5 * MM  # one 四号 character in from the right
        else:
            assert abs(number.x0 - (28 * MM + 14)) < 1.5 * MM
        assert 5 * MM < number.y - (page.height - 35 * MM) < 11 * MM


def test_centred_page_numbers(renderer, tmp_path):
    _, pdf = rendered(import_speech(SEED), tmp_path, page_numbers="centered")
    for page in read_pdf(pdf):
        number = page.footer[0]
        centre = (number.x0 + number.x1) / 2
        assert abs(centre - (TEXT_LEFT + TEXT_RIGHT) / 2) < 2 * MM


def test_title_is_centred_and_page_is_a4(seed_pages):
    _, _, pages = seed_pages
    first = pages[0]
    assert abs(first.width - 210 * MM) < 1.5 * MM and abs(first.height - 297 * MM) < 1.5 * MM
    assert [line.text for line in first.lines[:2]] == [
        "在全县招商引资工作领导小组",
        "第二季度会议上的讲话",
    ]  # broken where chosen
    for line in first.lines[:2]:
        centre = (line.x0 + line.x1) / 2
        assert abs(centre - (TEXT_LEFT + TEXT_RIGHT) / 2) < 1.5 * MM, line.text
    assert abs(min(line.x0 for page in pages for line in page.lines) - TEXT_LEFT) < 1.5 * MM


def test_the_office_fonts_are_mapped_not_replaced_by_a_fallback(seed_pages):
    require_tool("pdffonts", "lists the fonts really used")
    _, pdf, _ = seed_pages
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts  # 仿宋/小标宋 → Serif, 黑体 → Sans
    assert "DejaVu" not in fonts


def test_house_template_header_is_on_every_page(renderer, tmp_path):
    template = ROOT / "examples" / "house-template" / "县委办讲话稿模板.docx"
    docx = export_docx(import_speech(SEED), tmp_path / "h.docx", template).path
    pdf = render_pdf(docx, tmp_path)
    import pymupdf

    with pymupdf.open(str(pdf)) as document:
        tops = [page.get_text("text", clip=pymupdf.Rect(0, 0, page.rect.width, 30 * MM)) for page in document]
    assert all("中共某某县委办公室" in squash(top) for top in tops)


@pytest.mark.slow
def test_export_preview_writes_page_images(renderer, tmp_path):
    require_tool("pdftoppm", "turns PDF pages into PNG images")
    pages = tmp_path / "pages"
    result = run_cli("export", str(SEED), "-o", str(tmp_path / "x.docx"), "--preview", str(pages))
    assert result.returncode == 0, result.stderr
    images = sorted(pages.glob("page-*.png"))
    assert len(images) == len(read_pdf(render_pdf(tmp_path / "x.docx", tmp_path)))
    assert all(image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for image in images)


def test_preview_without_libreoffice_says_so_and_writes_nothing(tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    os.symlink(sys.executable, bare / "python")
    env = dict(os.environ, PATH=str(bare), PYTHONIOENCODING="utf-8")
    out = tmp_path / "x.docx"
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "export", str(SEED), "-o", str(out), "--preview", str(tmp_path / "p")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "没有安装 LibreOffice" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def libreoffice_25() -> str:
    """LibreOffice 25.2, installed beside the system one by scripts/install-libreoffice-25.sh."""
    result = subprocess.run(
        [str(ROOT / "scripts" / "install-libreoffice-25.sh"), "--print-path"], capture_output=True, text=True
    )
    if result.returncode == 0 and result.stdout.strip():
        return result.stdout.strip()
    message = "LibreOffice 25.2 is not installed (scripts/install-libreoffice-25.sh; only 25.2 renders Word's linesAndChars grid)"
    from conftest import IN_CI

    if IN_CI:
        pytest.fail(message + ": CI must install it")
    pytest.skip(message)


def test_word_lines_and_chars_grid_renders_22_by_28_in_libreoffice_25(tmp_path):
    soffice = libreoffice_25()
    speech = import_speech(SEED)
    docx = export_docx(speech, tmp_path / "grid.docx", options=ExportOptions(grid="linesAndChars")).path
    pages = read_pdf(render_pdf(docx, tmp_path, soffice=soffice))
    assert [len(page.lines) for page in pages[1:-1]] == [22] * (len(pages) - 2)
    assert max(line.cells for page in pages for line in page.lines) == 28
    text = squash("".join(line.text for page in pages for line in page.lines))
    from toolkit.model import speech_blocks

    for block in speech_blocks(speech):
        assert squash(block.text) in text, block.location
