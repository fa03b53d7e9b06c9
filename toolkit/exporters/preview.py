"""Pictures of a .docx's pages, rendered by LibreOffice (for people who should look, not open Word).

LibreOffice runs headless with a fresh profile per call (two conversions sharing a profile
can lose a file) and with ``FONTCONFIG_FILE`` pointing at ``toolkit/data/fonts.conf``,
which maps 仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312 and 宋体 to free fonts for the
rendering process only. PDF pages become PNG files with poppler's ``pdftoppm``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from toolkit.errors import OutputError, ToolkitError
from toolkit.resources import fonts_conf

FONTS_CONF = fonts_conf()
SOFFICE_NAMES = ("soffice", "libreoffice")


class LibreOfficeMissing(ToolkitError):
    """LibreOffice (or poppler's pdftoppm) is not installed, so pages cannot be rendered."""


def find_soffice() -> str | None:
    """The LibreOffice command, or ``None`` when it is not installed."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_renderer() -> None:
    """Raise :class:`LibreOfficeMissing` with the install command unless pages can be rendered."""
    if find_soffice() is None:
        raise LibreOfficeMissing(
            "没有安装 LibreOffice，无法生成页面图片",
            hint="Word 文档不受影响；如需预览请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui）",
        )
    if shutil.which("pdftoppm") is None:
        raise LibreOfficeMissing(
            "没有安装 pdftoppm，无法把页面转成图片", hint="请安装 poppler-utils（sudo apt-get install poppler-utils）"
        )


def render_pdf(docx: str | os.PathLike, out_dir: str | os.PathLike, *, soffice: str | None = None) -> Path:
    """Convert *docx* to a PDF in *out_dir* with LibreOffice (*soffice*, or the one on PATH);
    return the PDF's path."""
    soffice = soffice or find_soffice()
    if soffice is None:
        require_renderer()
    docx, out_dir = Path(docx).resolve(), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jianggao-lo-") as profile:
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=profile)
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ]
        try:
            result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
        except subprocess.TimeoutExpired:
            raise ToolkitError("LibreOffice 转换超时（3 分钟）", where=docx, hint="请稍后重试") from None
    pdf = out_dir / (docx.stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise ToolkitError(f"LibreOffice 没能转换这个文档（{detail[-1] if detail else result.returncode}）", where=docx)
    return pdf


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
