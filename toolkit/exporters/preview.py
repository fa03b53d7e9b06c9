"""Pictures of a .docx's pages, rendered by LibreOffice (for people who should look, not open Word).

LibreOffice runs through :mod:`toolkit.libreoffice` (a fresh profile per call, no network,
a timeout that kills every process it started) with ``FONTCONFIG_FILE`` pointing at
``toolkit/data/fonts.conf``, which maps 仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312 and
宋体 to free fonts for the rendering process only. PDF pages become PNG files with
poppler's ``pdftoppm``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from toolkit.errors import OutputError, ToolkitError
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

__all__ = ["LibreOfficeMissing", "find_soffice", "preview_pages", "render_pdf", "require_renderer"]

FONTS_CONF = fonts_conf()
RENDER_SECONDS = 180
"""How long LibreOffice may take to lay out one document as PDF."""


def require_renderer() -> None:
    """Raise :class:`LibreOfficeMissing` with the install command unless pages can be rendered."""
    require_soffice(
        "没有安装 LibreOffice，无法生成页面图片",
        hint=f"Word 文档不受影响；如需预览请安装 LibreOffice（Debian/Ubuntu：{INSTALL_COMMAND}）",
    )
    if shutil.which("pdftoppm") is None:
        raise LibreOfficeMissing(
            "没有安装 pdftoppm，无法把页面转成图片", hint="请安装 poppler-utils（sudo apt-get install poppler-utils）"
        )


def render_pdf(docx: str | os.PathLike, out_dir: str | os.PathLike, *, soffice: str | None = None) -> Path:
    """Convert *docx* to a PDF in *out_dir* with LibreOffice (*soffice*, or the one on PATH);
    return the PDF's path."""
    if soffice is None:
        require_renderer()
    try:
        return convert(
            docx, "pdf", out_dir, timeout=RENDER_SECONDS, soffice=soffice, env={"FONTCONFIG_FILE": str(FONTS_CONF)}
        )
    except ConversionTimedOut:
        raise ToolkitError(
            f"LibreOffice 转换超时（{RENDER_SECONDS // 60} 分钟）", where=Path(docx).resolve(), hint="请稍后重试"
        ) from None
    except ConversionFailed as failure:
        raise ToolkitError(f"LibreOffice 没能转换这个文档（{failure.detail}）", where=failure.where) from None


def preview_pages(
    docx: str | os.PathLike,
    out_dir: str | os.PathLike | None = None,
    *,
    first: int = 1,
    last: int | None = None,
    dpi: int = 60,
) -> list[Path]:
    """PNG images of the pages of *docx* (``page-1.png``…) in *out_dir*; returns their paths.

    *out_dir* defaults to a folder named after the document beside it. Existing page
    images there are replaced (they are always regenerated from the document).
    """
    require_renderer()
    docx = Path(docx)
    out_dir = Path(out_dir) if out_dir is not None else docx.with_name(docx.stem + "-页面")
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError("预览图片的位置已有同名文件", where=out_dir, hint="请换一个文件夹名")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"无法建立预览文件夹（{error.strerror}）", where=out_dir) from None
    with tempfile.TemporaryDirectory(prefix="jianggao-pages-") as work:
        pdf = render_pdf(docx, work)
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
