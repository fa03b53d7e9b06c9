"""A .docx as LibreOffice lays it out: its PDF (the PDF export) and pictures of its pages
(for people who should look, not open Word).

LibreOffice runs through :mod:`toolkit.libreoffice` (a fresh profile, no network, a
timeout that kills every process it started; in the composer one warm LibreOffice kept
running, see :func:`toolkit.libreoffice.keep_warm`) with ``FONTCONFIG_FILE`` pointing at
``toolkit/data/fonts.conf``, which maps 仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312 and
宋体 to free fonts for the rendering process only. LibreOffice's PDF export embeds (a
subset of) every font it uses. PDF pages become PNG files with poppler's ``pdftoppm``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from toolkit.errors import OutputError
from toolkit.libreoffice import (
    INSTALL_COMMAND,
    ConversionFailed,
    ConversionTimedOut,
    LibreOfficeMissing,
    convert,
    find_soffice,
    require_soffice,
)
from toolkit.resources import fonts_conf

__all__ = [
    "LibreOfficeMissing",
    "find_soffice",
    "pdf_of_docx",
    "preview_pages",
    "render_pdf",
    "require_pdf_renderer",
    "require_renderer",
]

FONTS_CONF = fonts_conf()
RENDER_SECONDS = 180
"""How long LibreOffice may take to lay out one document as PDF."""


PDFTOPPM_MISSING = "没有安装 pdftoppm，无法把页面转成图片"
PDFTOPPM_HINT = "请安装 poppler-utils（sudo apt-get install poppler-utils）"
PDF_HINT = f"导出 Word 文档（.docx）不需要它；如需 PDF 请安装 LibreOffice（Debian/Ubuntu：{INSTALL_COMMAND}）"


def require_pdf_renderer() -> None:
    """Raise :class:`LibreOfficeMissing` with the install command unless a PDF can be made."""
    require_soffice("没有安装 LibreOffice，无法导出 PDF", hint=PDF_HINT)


def require_renderer() -> None:
    """Raise :class:`LibreOfficeMissing` with the install command unless pages can be rendered."""
    require_soffice(
        "没有安装 LibreOffice，无法生成页面图片",
        hint=f"Word 文档不受影响；如需预览请安装 LibreOffice（Debian/Ubuntu：{INSTALL_COMMAND}）",
    )
    if shutil.which("pdftoppm") is None:
        raise LibreOfficeMissing(PDFTOPPM_MISSING, hint=PDFTOPPM_HINT)


def render_pdf(
    docx: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    soffice: str | None = None,
    where: str | os.PathLike | None = None,
) -> Path:
    """Convert *docx* (a document this toolkit wrote) to a PDF in *out_dir* with LibreOffice
    (*soffice*, or the one on PATH, warm where the process asked for it); return the PDF's
    path. Errors name *where* (default: *docx*; ``""``: no place, the caller names it)."""
    if soffice is None:
        require_pdf_renderer()
    where = Path(docx).resolve() if where is None else where
    try:
        return convert(
            docx,
            "pdf",
            out_dir,
            timeout=RENDER_SECONDS,
            soffice=soffice,
            env={"FONTCONFIG_FILE": str(FONTS_CONF)},
            where=where,
            warm=True,
        )
    except ConversionTimedOut:
        raise OutputError(
            f"LibreOffice 转换超时（{RENDER_SECONDS // 60} 分钟）", where=where, hint="请稍后重试"
        ) from None
    except ConversionFailed as failure:
        raise OutputError(
            f"LibreOffice 没能转换这个文档（{failure.detail}）",
            where=where,
            hint="请稍后重试；Word 文档（.docx）不受影响",
        ) from None


def pdf_of_docx(data: bytes, *, mark: str | None = None, where: str | os.PathLike = "") -> bytes:
    """The PDF of the .docx *data* (a document this toolkit made), laid out by LibreOffice
    with the page pictures' fonts. *mark* (the composer's draft mark) goes into the PDF's
    keywords, where :func:`pdf_mark` finds it. Its :class:`OutputError` names *where* (the
    PDF being made; by default no place, for the caller to name)."""
    require_pdf_renderer()
    with tempfile.TemporaryDirectory(prefix="jianggao-pdf-") as work:
        source = Path(work) / "讲话稿.docx"
        if mark:
            import io

            import docx

            document = docx.Document(io.BytesIO(data))
            document.core_properties.keywords = mark  # LibreOffice writes it as the PDF's /Keywords
            document.save(str(source))
        else:
            source.write_bytes(data)
        return render_pdf(source, Path(work) / "pdf", where=where).read_bytes()


MAX_MARKED_PDF = 64 * 1024 * 1024
"""A PDF larger than this is not one the composer exported (a speech is a few hundred KB)."""


def pdf_mark(path: str | os.PathLike) -> str | None:
    """The mark :func:`pdf_of_docx` put in the PDF *path*, when nobody changed the file since:
    LibreOffice wrote it in one piece (one ``%%EOF``: an editor saving changes appends an
    update) with no modification date. ``None`` otherwise, or when it cannot be read."""
    import re

    try:
        path = Path(path)
        if not path.is_file() or path.stat().st_size > MAX_MARKED_PDF:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(b"%PDF-") or data.count(b"%%EOF") != 1 or b"/ModDate" in data:
        return None
    found = re.search(rb"/Keywords\s*<(FEFF[0-9A-Fa-f]*)>", data)
    if found is None:
        return None
    try:
        return bytes.fromhex(found.group(1).decode("ascii")).decode("utf-16-be").lstrip("\ufeff") or None
    except (ValueError, UnicodeDecodeError):
        return None


def preview_pages(
    docx: str | os.PathLike,
    out_dir: str | os.PathLike | None = None,
    *,
    first: int = 1,
    last: int | None = None,
    dpi: int = 60,
) -> list[Path]:
    """PNG images of the pages of *docx* (``page-1.png``…) in *out_dir*; returns their paths.

    *docx* may also be a PDF this toolkit exported (its pages are pictured as they are,
    without LibreOffice). *out_dir* defaults to a folder named after the document beside
    it. Existing page images there are replaced (they are always regenerated).
    """
    docx = Path(docx)
    if docx.suffix.lower() != ".pdf":
        require_renderer()
    elif shutil.which("pdftoppm") is None:
        raise LibreOfficeMissing(PDFTOPPM_MISSING, hint=PDFTOPPM_HINT)
    out_dir = Path(out_dir) if out_dir is not None else docx.with_name(docx.stem + "-页面")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("预览图片的位置已有同名文件", where=out_dir, hint="请换一个文件夹名")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"无法建立预览文件夹（{error.strerror}）", where=out_dir) from None
    with tempfile.TemporaryDirectory(prefix="jianggao-pages-") as work:
        pdf = docx if docx.suffix.lower() == ".pdf" else render_pdf(docx, work)
        command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first)]
        if last is not None:
            command += ["-l", str(last)]
        subprocess.run(command + [str(pdf), str(Path(work) / "page")], check=True, capture_output=True, timeout=120)
        made = sorted(Path(work).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        pages = []
        for image in made:
            number = int(image.stem.rsplit("-", 1)[1])
            target = out_dir / f"page-{number}.png"
            shutil.move(str(image), target)
            pages.append(target)
    return pages
