"""Reading a speech file into raw paragraphs, whatever it came as.

Plain text (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK), Markdown and .docx
become a list of :class:`SourceParagraph`; .doc, .wps, .rtf, .odt (and .dot/.wpt) are
converted to .docx by LibreOffice first (:mod:`toolkit.importers.old_formats`). What a
file is comes from its bytes, not its name. What the paragraphs *mean* is decided in
:mod:`toolkit.importers.structure`.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import InputFileError
from toolkit.files import check_regular_file, read_regular_file
from toolkit.importers.old_formats import CONVERTED_FORMATS, read_converted
from toolkit.model.invisible import invisible_in, strip_invisible
from toolkit.wordfile import check_word_zip, refuse_non_word, sniff, zip_kind

MAX_SOURCE_BYTES = 30 * 1024 * 1024
"""Larger files are not speeches (a long speech is well under 1 MB)."""
_TOO_LARGE = "文件超过 30 MB，不像是一篇讲稿"

MARKDOWN_SUFFIXES = (".md", ".markdown")
WORD_SUFFIXES = (".docx",)
SPEECH_SUFFIXES = (".txt", *MARKDOWN_SUFFIXES, *WORD_SUFFIXES, *CONVERTED_FORMATS)
"""The extensions of the speech files the importer reads (what an upload offers)."""
_NAMED_FORMATS = {**CONVERTED_FORMATS, ".pdf": "PDF 文件", ".dotx": "Word 模板"}
"""Binary formats named by their extension: a file named so whose bytes are text is refused."""


@dataclass
class SourceParagraph:
    """One paragraph of the source file, before its role is known."""

    text: str
    """The paragraph's text without indentation, surrounding white space or invisible characters."""
    line: int
    """1-based line number (text files) or paragraph number (.docx) in the source."""
    bold_lead: str = ""
    """Text at the paragraph's start set in bold or 黑体 (.docx) or ``**…**`` (Markdown)."""
    style: str = ""
    """The Word paragraph style name, ``""`` for text files."""
    centered: bool = False
    """Whether the paragraph is centred (.docx) or a Markdown heading."""
    heading_level: int = 0
    """Markdown ``#`` level or Word heading level; 0 when not a heading."""
    invisible: str = ""
    """The invisible characters removed from the paragraph (reported like vendor noise)."""
    marked_start: bool | None = None
    """For a line of a plain-text file: whether it is marked as a paragraph's start, by an
    indent (full-width spaces, a tab, two or more spaces) or a blank line before it, as text
    copied from a web page marks them. ``None`` for paragraphs that are paragraphs in their
    source (.docx, Markdown): only plain-text lines are re-joined
    (:mod:`toolkit.importers.wrapping`)."""


_CJK_RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
_CJK_EXTRA = frozenset("“”‘’—…·")
_OPEN_BRACKETS = frozenset("()[]")
_AFTER_CJK = frozenset("()[],.:;!?")


def is_cjk(ch: str) -> bool:
    """Whether *ch* is a Chinese character or CJK/full-width punctuation."""
    if ch in _CJK_EXTRA:
        return True
    code = ord(ch)
    return any(low <= code <= high for low, high in _CJK_RANGES)


# Spaces are found with a small pattern and judged by their neighbours in Python: a
# character class spanning the CJK blocks costs ~3 ms to compile, on every start-up.
_SPACES = re.compile("[ \t\u00a0\u3000]+")
_ASCII_SPACES = re.compile("[ \t\u00a0]+")


def _squeeze(pattern: re.Pattern, text: str) -> str:
    def keep_or_drop(match: re.Match) -> str:
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if not before or not after:
            return match.group(0)
        if is_cjk(before) and (is_cjk(after) or after in _AFTER_CJK):
            return ""
        if before in _OPEN_BRACKETS and is_cjk(after):
            return ""
        return match.group(0)

    return pattern.sub(keep_or_drop, text)


def clean_text(text: str) -> str:
    """*text* without indentation (　　, tabs, spaces) or invisible characters."""
    return strip_invisible(text).strip(" \t\r\n\u3000\u00a0\f\v")


def squeeze_title_spaces(text: str) -> str:
    """Like :func:`squeeze_spaces`, but a full-width space stays: headline titles use it on
    purpose (``坚定信心　真抓实干``)."""
    return _squeeze(_ASCII_SPACES, clean_text(text))


def squeeze_spaces(text: str) -> str:
    """*text* without the stray spaces between Chinese characters that copying leaves
    (``党建 工作`` → ``党建工作``, ``同志们 :`` → ``同志们:``); spaces beside Latin letters
    and digits stay."""
    return _squeeze(_SPACES, clean_text(text))


def decode_text(raw: bytes, where: Path | str) -> str:
    """Decode a text file: UTF-8 (BOM optional), UTF-16 with BOM, else GB18030 (covers GBK/GB2312)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        guessed = _utf16_without_bom(raw)
        if guessed is not None:
            return guessed
        if b"\x00" in raw[:65536]:
            raise InputFileError(
                "这不是文本文件（内容是二进制数据）", where=where, hint="请选择 .txt、.md 或 .docx 格式的讲稿"
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as utf8_error:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError as error:
                # The encoding that read further is the likelier one: name its bad line.
                position = max(utf8_error.start, error.start)
                line = raw[:position].count(b"\n") + 1
                raise InputFileError(
                    "无法识别文件的文字编码（既不是 UTF-8，也不是 GBK/GB18030）",
                    where=f"{where} 第{line}行",
                    hint="请用记事本或 WPS 打开后“另存为”UTF-8 编码的 .txt",
                ) from None
        if _looks_binary(text):
            raise InputFileError(
                "这不是文本文件（内容是二进制数据）", where=where, hint="请选择 .txt、.md 或 .docx 格式的讲稿"
            )
        return text
    raise InputFileError("无法识别文件的文字编码", where=where, hint="请另存为 UTF-8 编码的 .txt")


def _utf16_without_bom(raw: bytes) -> str | None:
    """Text saved as UTF-16 without a byte-order mark, recognised by reading as Chinese
    (or ASCII with every other byte zero) in one of the two byte orders."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    try:
        raw.decode("utf-8")
        return None  # valid UTF-8 is UTF-8
    except UnicodeDecodeError:
        pass
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:2000]
        readable = sum(
            1
            for ch in sample
            if "\u4e00" <= ch <= "\u9fff" or ch in "，。、：；！？“”（）\n\r\t " or ch.isascii() and ch.isprintable()
        )
        if readable >= 0.9 * len(sample):
            return text
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if "\x00" in sample:
        return True
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\t\n\r\f\v"
    )
    return controls > max(2, len(sample) // 100)


def read_source(path: Path, *, revisions: str = "accept", review=None) -> tuple[list[SourceParagraph], str]:
    """The paragraphs of the speech file *path* and its kind (``text``, ``markdown``, ``docx``).

    A Word file's tracked changes are accepted (*revisions* ``"accept"``) or rejected
    (``"reject"``), and each one and each comment is added to *review* (a
    :class:`toolkit.importers.review.FoundReview`) when given.

    Raises :class:`InputFileError` with a one-line Chinese message for anything that is
    not a readable speech file.
    """
    if not os.path.exists(path):  # never raises (a name too long for the disk is not found)
        raise InputFileError("找不到文件", where=path, hint="请检查文件名和路径")
    if os.path.isdir(path):
        raise InputFileError(
            "这是一个文件夹，不是讲稿文件", where=path, hint="请指定文件夹里的 .txt、.md 或 .docx 文件"
        )
    suffix = path.suffix.lower()
    # A FIFO, a device or a socket (or a link to one) is refused before it is opened; the file
    # is then read once, at most MAX_SOURCE_BYTES + 1 bytes, and every check below looks at
    # those bytes, never at the path again.
    size = check_regular_file(path, what="讲稿文件").st_size
    if size > MAX_SOURCE_BYTES:
        raise InputFileError(_TOO_LARGE, where=path, hint="请确认选择了正确的文件")
    raw = read_regular_file(path, limit=MAX_SOURCE_BYTES, what="讲稿文件")
    kind = sniff(path, raw[:8])
    if kind in ("pdf", "empty"):
        refuse_non_word(path, kind)
    if suffix in (".docm", ".dotm"):
        raise InputFileError(
            "文件含有宏（.docm/.dotm），为安全起见已拒绝", where=path, hint="请在 Word 中另存为不含宏的 .docx"
        )
    if kind == "zip":
        inside = zip_kind(raw)
        if inside == "opendocument":
            return read_converted(
                path, raw, "opendocument", limit=MAX_SOURCE_BYTES, revisions=revisions, review=review
            ), "odt"
        if inside == "other" and suffix in CONVERTED_FORMATS:
            _refuse_mismatch(path, "一个压缩包")
        check_word_zip(path, data=raw)
        from toolkit.importers.docx_reader import read_docx_paragraphs

        return read_docx_paragraphs(path, data=raw, revisions=revisions, review=review), "docx"
    if kind in ("ole", "rtf"):
        paragraphs = read_converted(path, raw, kind, limit=MAX_SOURCE_BYTES, revisions=revisions, review=review)
        return paragraphs, "doc" if kind == "ole" else "rtf"
    if suffix in WORD_SUFFIXES or suffix == ".dotx":
        raise InputFileError(
            "文件扩展名是 .docx，但内容不是 Word 文档",
            where=path,
            hint="请在 Word 中打开并重新保存为 .docx；如果是文本，请把扩展名改为 .txt",
        )
    if suffix in _NAMED_FORMATS:
        _refuse_mismatch(path, _what_the_bytes_are(raw))
    text = decode_text(raw, path)
    if not text.strip():
        raise InputFileError("文件里没有文字", where=path, hint="请确认选择了正确的文件")
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_paragraphs(text), "markdown"
    return text_paragraphs(text), "text"


def _what_the_bytes_are(raw: bytes) -> str:
    """What the bytes of a file that is no word-processor file are, in words for staff."""
    head = raw[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"mime-version:" in head[:200]:
        return "网页（HTML/MHT）"
    if head.startswith(b"<?xml"):
        return "XML 数据"
    try:
        text = decode_text(raw, "")
    except InputFileError:
        return "无法识别的数据"
    return "纯文本" if text.strip() else "空白"


def _refuse_mismatch(path: Path, found: str) -> None:
    """Refuse the file *path* whose extension names a format its bytes are not (*found*)."""
    suffix = path.suffix.lower()
    if found == "纯文本":
        hint = "如果它是讲稿的文字，请把扩展名改为 .txt 后再导入"
    elif found.startswith(("网页", "XML")):
        hint = "请用 Word 或 WPS 打开后另存为 .docx 再导入"
    else:
        hint = "文件可能已损坏，或选错了文件；请确认后重新选择"
    raise InputFileError(
        f"文件扩展名是 {suffix}，但内容是{found}，不是 {_NAMED_FORMATS[suffix]}", where=path, hint=hint
    )


def text_paragraphs(text: str) -> list[SourceParagraph]:
    """Each non-blank line of *text*, noting whether it is marked as a paragraph's start.
    Lines that one paragraph was broken into are re-joined after the vendor noise is gone
    (:func:`toolkit.importers.wrapping.rejoin_lines`)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs = []
    after_blank = False
    for number, line in enumerate(lines, 1):
        cleaned = clean_text(line)
        if not cleaned:
            after_blank = bool(paragraphs)
            continue
        marked = after_blank or strip_invisible(line[:16]).startswith(_INDENTS)
        paragraphs.append(SourceParagraph(cleaned, number, invisible=invisible_in(line), marked_start=marked))
        after_blank = False
    return paragraphs


_INDENTS = ("\u3000", "\t", "  ", " \u00a0", "\u00a0 ", "\u00a0\u00a0")
"""How an indented line of plain text begins: a full-width space, a tab, two spaces."""
_SENTENCE_END = tuple("。！？：；…”’」』）)!?:;")


_MD_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_MD_BOLD_LEAD = re.compile(r"^(\*\*|__)(.+?)\1")
_MD_BULLET = re.compile(r"^[-*+]\s+(?!\s)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


def markdown_paragraphs(text: str) -> list[SourceParagraph]:
    """Paragraphs of a Markdown speech: blocks split at blank lines, ``#`` headings, bold leads.

    Lines of one block are joined when the earlier line does not end a sentence
    (hard-wrapped Markdown); a block whose every line ends a sentence keeps one paragraph
    per line, as staff write Markdown.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 0
    if lines and lines[0].strip() == "---":  # front matter
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                start = index + 1
                break
    paragraphs: list[SourceParagraph] = []
    block: list[tuple[int, str]] = []

    def flush() -> None:
        current: SourceParagraph | None = None
        for number, raw in block:
            paragraph = _markdown_line(raw, number)
            if paragraph is None:
                continue
            if (
                current is not None
                and not current.heading_level
                and not paragraph.heading_level
                and not current.text.endswith(_SENTENCE_END)
                and not paragraph.bold_lead
                and not _starts_marker(paragraph.text)
            ):
                current.text += paragraph.text
                current.invisible += paragraph.invisible
                continue
            current = paragraph
            paragraphs.append(paragraph)
        block.clear()

    in_comment = False
    for number in range(start + 1, len(lines) + 1):
        raw = lines[number - 1]
        if in_comment:
            in_comment = "-->" not in raw
            continue
        if raw.strip().startswith("<!--"):
            in_comment = "-->" not in raw
            continue
        if not raw.strip() or _MD_RULE.match(raw):
            flush()
            if _MD_RULE.match(raw):
                paragraphs.append(SourceParagraph(raw.strip(), number))  # reported as a decoration
            continue
        block.append((number, raw))
    flush()
    return paragraphs


def _starts_marker(text: str) -> bool:
    from toolkit.model.numbering import find_marker

    return find_marker(text) is not None


def _markdown_line(raw: str, number: int) -> SourceParagraph | None:
    invisible = invisible_in(raw)
    line = strip_invisible(raw).strip()
    heading_level = 0
    found = _MD_HEADING.match(line)
    if found:
        heading_level, line = len(found.group(1)), found.group(2)
    while line.startswith(">"):
        line = line[1:].lstrip()
    line = _MD_BULLET.sub("", line)
    bold = ""
    found = _MD_BOLD_LEAD.match(line)
    if found:
        bold = clean_text(found.group(2))
    line = _MD_ESCAPE.sub(r"\1", _MD_EMPHASIS.sub(r"\2", line))
    line = clean_text(line)
    if not line:
        return None
    return SourceParagraph(
        line,
        number,
        bold_lead=bold,
        centered=heading_level == 1,
        heading_level=heading_level,
        invisible=invisible,
    )
