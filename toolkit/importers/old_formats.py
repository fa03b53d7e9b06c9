"""Old and other word-processor formats, read by converting them to .docx with LibreOffice.

A .doc, .wps, .rtf or .odt (and the .dot/.wpt templates) is recognised by its bytes (see
:func:`toolkit.importers.sources.read_source`), checked as far as it can be before any
program opens it (a password-protected file is refused; an OpenDocument zip gets the zip
bomb and XML entity checks of a .docx), copied into a private temporary folder and
converted there by LibreOffice headless (:mod:`toolkit.libreoffice`: fresh profile, no
network, macros off, a time limit that kills every process it started). The .docx it makes
is then read exactly as an uploaded .docx: at most the same number of bytes, the same zip
and XML checks, the same reader. Nothing is written beside the user's file.

WPS Office's own .wps (and .wpt) documents are stored in the Word 97 binary format;
LibreOffice's type registry lists .wps among the extensions of that format, and a .wps
from Microsoft Works is read by its Works import filter. LibreOffice picks the filter from
the file's content, so the copy keeps the user's extension and no filter is forced.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.config import load_config
from toolkit.errors import InputFileError
from toolkit.files import read_regular_file
from toolkit.libreoffice import INSTALL_COMMAND, ConversionFailed, ConversionTimedOut, convert, require_soffice
from toolkit.wordfile import check_opendocument_text, check_word_zip, refuse_encrypted_binary

if TYPE_CHECKING:
    from toolkit.importers.sources import SourceParagraph

CONVERTED_FORMATS = {
    ".doc": "Word 97-2003 文档",
    ".dot": "Word 97-2003 模板",
    ".wps": "WPS 文字文档",
    ".wpt": "WPS 文字模板",
    ".rtf": "RTF 文档",
    ".odt": "OpenDocument 文本",
}
"""The extensions read through LibreOffice, with what staff call such a file."""
_BY_CONTENT = {"ole": "Word 97-2003 或 WPS 文档", "rtf": "RTF 文档", "opendocument": "OpenDocument 文本"}
"""What a file is called when its extension does not say (a .doc renamed .docx, say)."""
_COPY_SUFFIX = {"ole": ".doc", "rtf": ".rtf", "opendocument": ".odt"}
"""The extension LibreOffice is shown for content of each kind, unless the user's fits."""
_TARGET = "docx:MS Word 2007 XML"
"""LibreOffice's .docx export filter (transitional Office Open XML, as Word writes it)."""


def _suffix_fits(suffix: str, kind: str) -> bool:
    """Whether the extension *suffix* names content of *kind* (``.wps`` and ``ole``, say)."""
    return suffix in CONVERTED_FORMATS and {".rtf": "rtf", ".odt": "opendocument"}.get(suffix, "ole") == kind


def format_name(path: Path, kind: str) -> str:
    """What staff call the file *path* whose bytes are of *kind* (``ole``, ``rtf``, ``opendocument``)."""
    suffix = path.suffix.lower()
    return f"{CONVERTED_FORMATS[suffix]}（{suffix}）" if _suffix_fits(suffix, kind) else _BY_CONTENT[kind]


def read_converted(
    path: Path, data: bytes, kind: str, *, limit: int, revisions: str = "accept", review=None
) -> list[SourceParagraph]:
    """The paragraphs of the file *path* (its bytes *data*, of *kind* ``ole``, ``rtf`` or
    ``opendocument``), converted to .docx by LibreOffice and read as a .docx (its tracked
    changes and comments as :func:`~toolkit.importers.sources.read_source` says); *limit* is
    the largest .docx accepted. Raises :class:`InputFileError` (or ``LibreOfficeMissing``) with
    one Chinese line naming *path*."""
    if kind == "ole":
        refuse_encrypted_binary(path, data)
    elif kind == "opendocument":
        check_opendocument_text(path, data=data)
    name = format_name(path, kind)
    soffice = require_soffice(
        f"需要安装 LibreOffice 才能读取 {name}",
        where=path,
        hint=f"请安装 LibreOffice（Debian/Ubuntu：{INSTALL_COMMAND}），或在 Word、WPS 中把它另存为 .docx 后再导入",
    )
    seconds = load_config().convert_seconds
    suffix = path.suffix.lower()
    copy_suffix = suffix if _suffix_fits(suffix, kind) else _COPY_SUFFIX[kind]
    with tempfile.TemporaryDirectory(prefix="jianggao-convert-") as work:
        source = Path(work) / f"source{copy_suffix}"
        source.write_bytes(data)
        try:
            made = convert(source, _TARGET, Path(work) / "out", timeout=seconds, soffice=soffice, where=path)
        except ConversionTimedOut:
            raise InputFileError(
                f"读取 {name}超过 {seconds:g} 秒仍未完成，已停止",
                where=path,
                hint="文件可能已损坏或过大；请在 Word 或 WPS 中打开后另存为 .docx 再导入",
            ) from None
        except ConversionFailed:
            raise InputFileError(
                f"LibreOffice 打不开这个 {name}",
                where=path,
                hint="文件可能已损坏、设有密码，或不是真正的该格式文件；请在 Word 或 WPS 中打开后另存为 .docx 再导入",
            ) from None
        try:
            converted = read_regular_file(made, limit=limit, what="转换得到的 Word 文件")
        except InputFileError as error:
            raise InputFileError(error.problem, where=path, hint=error.hint) from None
    check_word_zip(path, data=converted)
    from toolkit.importers.docx_reader import read_docx_paragraphs

    return read_docx_paragraphs(path, data=converted, revisions=revisions, review=review)
