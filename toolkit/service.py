"""The one path through the toolkit: every front end (the ``jianggao`` command, batch, the
composer, the notebook magics and the nbconvert exporter) opens, fills, checks and exports
a speech through these functions, so each of those steps behaves the same everywhere.

    speech = open_speech("草稿.yaml")                      # a draft, or a .txt/.md/.docx/.doc… imported
    problems = check(speech)                               # what to fix before handing it over
    result = export(speech, "讲话稿.docx", values={"县名": "某县"})   # fill, then write by format

Output formats are one table, :data:`FORMATS`: a format is a name, a file suffix, a label
for staff and a function that renders a filled speech to bytes. Adding PDF is one entry.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from toolkit.atomic import check_writable, write_atomic
from toolkit.draft_document import DraftDocument
from toolkit.drafts import is_draft_path, with_draft_extension
from toolkit.errors import OutputError, ToolkitError
from toolkit.model.fields import speech_texts
from toolkit.model.invisible import clean_speech
from toolkit.model.review import REVISION_MODES, Review
from toolkit.model.speech import Speech
from toolkit.model.variables import PLACEHOLDER, TEMPLATE_SYNTAX

if TYPE_CHECKING:
    from toolkit.exporters.docx_writer import ExportOptions, RenderedDocument

__all__ = [
    "ExportOptions",
    "ExportResult",
    "FORMATS",
    "Imported",
    "OutputFormat",
    "check",
    "default_output_path",
    "export_mark",
    "display_speech",
    "display_text",
    "filled_title",
    "draft_path",
    "can_render_pages",
    "create_document",
    "decode_text_file",
    "is_draft_path",
    "export",
    "fill",
    "gather_values",
    "import_bytes",
    "import_file",
    "import_upload",
    "importable_suffixes",
    "needs_libreoffice",
    "load_style_names",
    "new_document",
    "open_document",
    "open_speech",
    "output_format",
    "page_images",
    "placeholders",
    "preview_html",
    "render",
    "require_page_renderer",
    "STYLES_HEADING",
    "ArchiveReport",
    "archive_files",
    "archive_location",
    "archive_search",
    "archive_sources",
    "archive_vocabulary",
    "open_archive",
]


def __getattr__(name: str):
    """``ExportOptions`` loads the exporter only when asked for (``jianggao show`` never needs it)."""
    if name == "ExportOptions":
        from toolkit.exporters.docx_writer import ExportOptions

        return ExportOptions
    raise AttributeError(f"module 'toolkit.service' has no attribute {name!r}")


# -- opening -----------------------------------------------------------------------------------------
def draft_path(path: str | os.PathLike) -> Path:
    """*path* as a draft file name (``.yaml`` added when it has no extension)."""
    return with_draft_extension(path)


MAX_TABLE_BYTES = 20 * 1024 * 1024
"""A variable table (CSV) larger than this is not a list of townships."""


def decode_text_file(path: str | os.PathLike, *, what: str = "变量表", limit: int = MAX_TABLE_BYTES) -> str:
    """The text of a small text file (a CSV of variables): UTF-8 with or without BOM, or GBK
    as Excel saves it on Chinese Windows; only a regular file, at most *limit* bytes; one
    Chinese line naming the file otherwise (*what* says what it should have been)."""
    from toolkit.files import read_regular_file
    from toolkit.importers.sources import decode_text

    path = Path(path)
    return decode_text(read_regular_file(path, limit=limit, what=what), path)


def open_document(path: str | os.PathLike) -> DraftDocument:
    """The draft file *path*, opened for editing (saves refuse to erase changes made elsewhere)."""
    return DraftDocument.open(draft_path(path))


def create_document(path: str | os.PathLike, speech: Speech, *, overwrite: bool = False) -> DraftDocument:
    """A new draft file *path* holding *speech*, written now (never over a file unless *overwrite*)."""
    return DraftDocument.create(draft_path(path), speech, overwrite=overwrite)


def new_document(path: str | os.PathLike, speech: Speech) -> DraftDocument:
    """A draft for *speech* that its first save writes to *path* (a file that does not exist yet)."""
    return DraftDocument(draft_path(path), speech)


@dataclass
class Imported:
    """A speech file imported: the speech, and what the file's reviewers left in it — each
    tracked change (accepted or rejected) and each comment (also in ``speech.comments``).
    ``review`` is empty for a text file or a clean .docx."""

    speech: Speech
    review: Review = field(default_factory=Review)


def revision_mode(revisions: str | None) -> str:
    """*revisions* checked: ``accept`` (the default) or ``reject``."""
    if revisions is None:
        return "accept"
    if revisions not in REVISION_MODES:
        raise ToolkitError(f"不认识的修订处理方式“{revisions}”", hint="可用：accept（全部接受）、reject（全部拒绝）")
    return revisions


def import_file(
    path: str | os.PathLike, *, noise_rules: list[str] | None = None, revisions: str | None = None
) -> Imported:
    """The speech file *path* (.txt, .md, .docx, or .doc/.wps/.rtf/.odt/.dot/.wpt through
    LibreOffice) imported with the vendor-noise rules (the
    built-in ones, the office's, and the files *noise_rules* names); a Word file's tracked
    changes accepted, or rejected with *revisions* ``"reject"``, and listed in the result."""
    from toolkit.importers import import_reviewed, load_noise_rules

    speech, review = import_reviewed(
        Path(path), noise_rules=load_noise_rules(noise_rules), revisions=revision_mode(revisions)
    )
    return Imported(speech, review)


def open_speech(
    path: str | os.PathLike, *, noise_rules: list[str] | None = None, revisions: str | None = None
) -> Speech:
    """The speech in *path*: a draft (.yaml) opened, any other speech file imported (see
    :func:`import_file`, which also says what the file's revisions were)."""
    path = Path(path)
    if is_draft_path(path):
        return DraftDocument.open(path).speech
    return import_file(path, noise_rules=noise_rules, revisions=revisions).speech


def importable_suffixes() -> tuple[str, ...]:
    """The extensions of the speech files that can be imported (.txt, .md, .docx, and the
    .doc, .wps, .rtf, .odt, .dot, .wpt read through LibreOffice)."""
    from toolkit.importers.sources import SPEECH_SUFFIXES

    return SPEECH_SUFFIXES


def needs_libreoffice(name: str | os.PathLike) -> bool:
    """Whether a speech file named *name* is read by converting it with LibreOffice (a few
    seconds), judged by its extension."""
    from toolkit.importers.old_formats import CONVERTED_FORMATS

    return Path(name).suffix.lower() in CONVERTED_FORMATS


def import_upload(name: str, data: bytes, *, revisions: str | None = None) -> Imported:
    """A speech file that arrived as bytes (an upload), imported like :func:`import_file`;
    errors name *name* and say what to do in words for staff (no commands)."""
    import tempfile

    from toolkit.libreoffice import LibreOfficeMissing

    suffix = Path(name).suffix.lower() or ".txt"
    with tempfile.TemporaryDirectory(prefix="jianggao-upload-") as folder:
        source = Path(folder) / f"upload{suffix}"
        source.write_bytes(data)
        try:
            return import_file(source, revisions=revisions)
        except LibreOfficeMissing as error:
            hint = "请让管理员在这台电脑上安装 LibreOffice，或在 Word、WPS 中把它另存为 .docx 后再导入"
            raise LibreOfficeMissing(error.problem, where=name, hint=hint) from None
        except ToolkitError as error:
            raise type(error)(error.problem, where=name, hint=error.hint) from None


def import_bytes(name: str, data: bytes) -> Speech:
    """A speech file that arrived as bytes (an upload), imported; errors name *name*."""
    return import_upload(name, data).speech


# -- variables ---------------------------------------------------------------------------------------------
def gather_values(
    *, files: list[str | os.PathLike] | tuple = (), assignments: list[str] | tuple = ()
) -> dict[str, Any]:
    """Values for ``{{ 变量 }}`` from variable files (YAML ``名称: 值``) and ``名称=值``
    assignments, later winning."""
    from toolkit.templating.values import load_variable_file, parse_variable_assignments

    values: dict[str, Any] = {}
    for file in files:
        values.update(load_variable_file(str(file)))
    values.update(parse_variable_assignments(list(assignments)))
    return values


def fill(speech: Speech, values: dict[str, Any] | None = None, *, allow_unfilled: bool = False) -> Speech:
    """*speech* with its ``{{ 变量 }}`` filled from its meeting facts, its variables and
    *values*; a speech without template syntax is returned as it is (no template engine
    loaded). An unfilled variable raises :class:`~toolkit.errors.UnfilledVariableError`
    unless *allow_unfilled*."""
    if not any(TEMPLATE_SYNTAX.search(text) for _, text in speech_texts(speech)):
        return speech
    from toolkit.model.variables import expand_list_points, speech_values
    from toolkit.templating.fill import fill_speech

    # A point whose lead is a list variable alone (the skeletons' {{ 要点 }}) becomes one point an item.
    speech = expand_list_points(speech, speech_values(speech, values))
    return fill_speech(speech, values, allow_unfilled=allow_unfilled)


def display_speech(speech: Speech) -> Speech:
    """*speech* as it will print, for showing on screen: every variable that has a value
    filled in, the others left as ``{{ 名称 }}``, values written as literal text shown as
    typed. A text the template engine cannot read is shown as it is (the checks name it)."""
    from toolkit.model.variables import literal_speech

    try:
        filled = fill(speech, allow_unfilled=True)
    except ToolkitError:
        filled = speech
    return literal_speech(filled)


def display_text(speech: Speech, text: str | None) -> str:
    """*text* (the title, a meeting's name…) as it will print, filled with *speech*'s values
    like :func:`display_speech`; ``""`` for ``None``."""
    from toolkit.model.variables import literal_text

    if not text:
        return ""
    if TEMPLATE_SYNTAX.search(text):
        try:
            return literal_text(
                fill(Speech(title=text, meeting=speech.meeting, variables=speech.variables), allow_unfilled=True).title
                or ""
            )
        except ToolkitError:
            pass
    return literal_text(text)


def filled_title(speech: Speech) -> str:
    """The title's first line as it will print, for a file name: variables filled, one
    still without a value named without braces (``在会议名称上的讲话``); never ``{`` or ``}``."""
    import re

    from toolkit.model.variables import VARIABLE

    title = display_text(speech, speech.title).split("\n")[0]
    title = VARIABLE.sub(lambda match: match.group(1), title)
    return re.sub(r"\{[%#].*?[%#]\}|[{}]", "", title).strip()


# -- checking ---------------------------------------------------------------------------------------------
def check(speech: Speech, *, noise_rules: list[str] | None = None) -> list:
    """Every :class:`~toolkit.checks.Problem` worth fixing in *speech*, problems before hints."""
    from toolkit.checks import find_problems
    from toolkit.importers import load_noise_rules

    return find_problems(speech, noise_rules=load_noise_rules(noise_rules))


def placeholders(speech: Speech) -> list[tuple[str, str]]:
    """``(where, placeholder)`` of each ×县 / ××× / ＿＿ left in *speech*."""
    return [(where, match.group(0)) for where, text in speech_texts(speech) for match in PLACEHOLDER.finditer(text)]


# -- exporting --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutputFormat:
    """One way a speech leaves the toolkit: ``name`` (``docx``), the file ``suffix``, a
    ``label`` for staff, and ``render(speech, template, options)`` → the bytes and warnings
    (*speech* is already filled; *template* is a house template path or ``None``), and
    optionally ``styles``, the lines saying which style each part used."""

    name: str
    suffix: str
    label: str
    render: Callable[[Speech, Path | None, "ExportOptions"], "RenderedDocument"]


def _render_docx(speech: Speech, template: Path | None, options: ExportOptions) -> RenderedDocument:
    from toolkit.exporters.docx_writer import render_docx

    if template is not None and options.house_template_media_mb is None:
        import dataclasses

        from toolkit.config import load_config

        limit = load_config().house_template_media_mb  # the office's limit on a template's images
        options = dataclasses.replace(options, house_template_media_mb=limit)
    return render_docx(speech, template, options)


FORMATS: dict[str, OutputFormat] = {
    "docx": OutputFormat("docx", ".docx", "Word 文档（公文格式）", _render_docx),
}
"""The output formats by name."""


def output_format(name: str | None = None, *, path: str | os.PathLike | None = None) -> OutputFormat:
    """The format called *name*, or the one *path*'s suffix names; one Chinese line when neither fits."""
    if name is None and path is not None:
        suffix = Path(path).suffix.lower()
        found = next((f for f in FORMATS.values() if f.suffix == suffix), None)
        if found is None:
            names = "、".join(f.suffix for f in FORMATS.values())
            raise OutputError(f"导出文件的扩展名应是 {names}", where=path, hint="例如 讲话稿.docx")
        return found
    if (name or "docx") not in FORMATS:
        raise OutputError(f"不认识的导出格式“{name}”", hint="可用：" + "、".join(FORMATS))
    return FORMATS[name or "docx"]


STYLES_HEADING = "各部分所用的样式"
"""What the front ends write above :attr:`ExportResult.styles`."""


@dataclass
class ExportResult:
    """What an export wrote: the file, and the notes (Chinese) to show the staff member —
    the exporter's warnings, then each placeholder left in the text — and, through a house
    template, the style each part of the speech used (``正文 → 样式“正文”（仿宋_GB2312 三号）``)."""

    path: Path
    warnings: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)


def render(
    speech: Speech,
    *,
    format: str = "docx",
    template: str | os.PathLike | None = None,
    options: ExportOptions | None = None,
    values: dict[str, Any] | None = None,
) -> RenderedDocument:
    """*speech* filled with *values* and rendered in *format*, as bytes (nothing written)."""
    if options is None:
        from toolkit.exporters.docx_writer import ExportOptions

        options = ExportOptions()
    filled = fill(speech, values, allow_unfilled=options.allow_placeholders)
    cleaned, removed = clean_speech(filled)  # after filling: a value may carry them too
    if not options.allow_placeholders:
        # Every variable was filled (fill refuses otherwise): braces left in the text are a
        # value's own characters, which stay as typed (values are data), not placeholders.
        import dataclasses

        options = dataclasses.replace(options, allow_placeholders=True)
    rendered = output_format(format).render(cleaned, Path(template) if template else None, options)
    rendered.warnings[:0] = [f"已去除看不见的控制字符：{entry.text}" for entry in removed]
    return rendered


def export(
    speech: Speech,
    path: str | os.PathLike,
    *,
    format: str | None = None,
    template: str | os.PathLike | None = None,
    options: ExportOptions | None = None,
    values: dict[str, Any] | None = None,
    overwrite: bool = False,
) -> ExportResult:
    """Fill *speech* and write it to *path* in *format* (by default the one *path*'s suffix names).

    The file is written atomically and never over an existing one unless *overwrite*; the
    target is checked before any work is done."""
    path = Path(path)
    chosen = output_format(format, path=path if format is None else None)
    check_writable(path, overwrite=overwrite)
    rendered = render(speech, format=chosen.name, template=template, options=options, values=values)
    write_atomic(path, rendered.data, overwrite=overwrite)
    notes = list(rendered.warnings)
    notes += [f"{where}有未填写的占位符“{text}”，导出前请确认" for where, text in placeholders(speech)]
    return ExportResult(path, notes, list(rendered.styles))


def export_mark(path: str | os.PathLike) -> str | None:
    """The identifier (``ExportOptions.identifier``) of *path* when it is a .docx this
    toolkit wrote and nobody has saved since (revision 1, modified when created); ``None``
    for any other file, a missing one, or one that cannot be read. The composer overwrites
    only a file that carries its own draft's mark."""
    import re
    import zipfile

    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size > 512 * 1024 * 1024:
            return None
        with zipfile.ZipFile(path) as archive, archive.open("docProps/core.xml") as handle:
            core = handle.read(64 * 1024).decode("utf-8", "replace")
    except (OSError, KeyError, RuntimeError, ValueError, EOFError, NotImplementedError, zipfile.BadZipFile):
        return None

    def value(tag: str) -> str | None:
        found = re.search(rf"<{tag}(?:\s[^>]*)?>([^<]*)</{tag}>", core)
        return found.group(1).strip() if found else None

    untouched = value("cp:revision") == "1" and value("dcterms:created") == value("dcterms:modified")
    return (value("dc:identifier") or None) if untouched else None


def default_output_path(source: str | os.PathLike, format: str = "docx") -> Path:
    """Where an export goes without a name: beside *source*, same name, the format's suffix
    (``（公文格式）`` added when that would be *source* itself)."""
    source = Path(source)
    suffix = output_format(format).suffix
    if source.suffix.lower() == suffix:
        return source.with_name(source.stem + "（公文格式）" + suffix)
    return source.with_suffix(suffix)


# -- pictures of pages and the preview ------------------------------------------------------------------
def can_render_pages() -> bool:
    """Whether LibreOffice is installed, so pages can be pictured."""
    from toolkit.libreoffice import find_soffice

    return find_soffice() is not None


def require_page_renderer() -> None:
    """Raise the one-line install hint unless pages can be pictured."""
    from toolkit.exporters.preview import require_renderer

    require_renderer()


def page_images(docx: str | os.PathLike, folder: str | os.PathLike, **options) -> list[Path]:
    """PNG pictures of *docx*'s pages in *folder* (see :func:`toolkit.exporters.preview_pages`)."""
    from toolkit.exporters.preview import preview_pages

    return preview_pages(docx, folder, **options)


def preview_html(speech: Speech) -> str:
    """The composer's page preview of *speech* as HTML: as it will print, the variables that
    have values filled in (see :func:`display_speech`)."""
    from toolkit.exporters.html import speech_html

    return speech_html(display_speech(speech))


def editor_page(speech: Speech, problems: list | None = None) -> dict:
    """The composer's editable page of *speech* (see :mod:`toolkit.exporters.editor_page`):
    every paragraph as it will print with its fields by key, variables that have values
    shown filled, and *problems* (by default :func:`check`'s) beside the paragraph they name."""
    from toolkit.exporters.editor_page import editor_page as page
    from toolkit.model.variables import speech_values

    values = speech_values(speech)
    shown_cache: dict[str, str] = {}

    def shown(raw: str) -> str:
        if raw not in shown_cache:
            shown_cache[raw] = " ／ ".join(line for line in display_text(speech, raw).split("\n") if line.strip())
        return shown_cache[raw]

    return page(
        speech,
        check(speech) if problems is None else problems,
        shown=shown,
        values=values,
    )


def load_style_names(path: str | os.PathLike) -> dict[str, str]:
    """A house template's style map (part → style name) from a small YAML file."""
    from toolkit.exporters.docx_writer import load_style_names as load

    return load(Path(path))


# -- the archive (素材库) ----------------------------------------------------------------------------------
def archive_location() -> str:
    """Where the archive is: the settings' ``archive`` (a SQLite file or a ``postgresql://``
    URL), else ``素材库.sqlite`` in the workspace folder."""
    from toolkit.config import load_config
    from toolkit.workspace import workspace_folder

    return load_config().archive or str(workspace_folder() / "素材库.sqlite")


def open_archive(location: str | os.PathLike | None = None, *, create: bool = True):
    """The archive at *location* (by default :func:`archive_location`), an
    :class:`~toolkit.archive.Archive`; a SQLite file is made when missing only if *create*."""
    from toolkit.archive import open_archive as open_at

    return open_at(location if location is not None else archive_location(), create=create)


@dataclass
class ArchiveReport:
    """What adding files to the archive did, file by file: ``added`` (the file and the speech
    as stored), ``duplicates`` (the file and the speech already there with the same text),
    ``failed`` (the file and the one-line reason) and ``noise`` (the file and the vendor
    lines removed from it, for each file that had some)."""

    added: list[tuple[Path, Any]] = field(default_factory=list)
    duplicates: list[tuple[Path, Any]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    noise: list[tuple[Path, list]] = field(default_factory=list)


def archive_sources(paths: list[str | os.PathLike]) -> list[tuple[Path, Path]]:
    """The speech files *paths* name, each with the argument it came from: a file as it is
    (any extension the importer reads), a folder searched through (hidden files and Word's
    ``~$`` lock files skipped), in name order. A missing path, or a file the importer cannot
    read, is one Chinese line (nothing is added)."""
    suffixes = importable_suffixes()
    found: list[tuple[Path, Path]] = []
    for given in map(Path, paths):
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                hidden = any(part.startswith((".", "~$")) for part in path.relative_to(given).parts)
                if path.is_file() and path.suffix.lower() in suffixes and not hidden:
                    found.append((path, given))
        elif given.is_file():
            if given.suffix.lower() not in suffixes:
                raise ToolkitError("不是能收入素材库的讲稿文件", where=given, hint="可用：" + "、".join(suffixes))
            found.append((given, given.parent))
        else:
            raise ToolkitError("找不到这个文件或文件夹", where=given, hint="请检查路径")
    return found


def folder_rule(path: Path, root: Path) -> dict[str, str]:
    """The source and level the folders of *path* say (from *root*'s own folder down to the
    file's, the innermost winning): a folder named like a source (上级, 购买…) or a level
    (县, 市级…), or one the settings' ``archive_folders`` names."""
    from toolkit.archive import LEVELS, SOURCES
    from toolkit.config import load_config

    rules = load_config().archive_folders
    found: dict[str, str] = {}
    try:
        folders = [root.name, *path.parent.relative_to(root).parts]
    except ValueError:
        folders = list(path.parent.parts)
    for name in folders:
        if name in SOURCES:
            found["source"] = name
        if name.removesuffix("级") in LEVELS:
            found["level"] = name.removesuffix("级")
        found.update(rules.get(name, {}))
    return found


def archive_files(
    paths: list[str | os.PathLike],
    *,
    source: str | None = None,
    level: str | None = None,
    archive=None,
    progress: Callable[[Path], None] | None = None,
) -> ArchiveReport:
    """Import the speech files *paths* name (see :func:`archive_sources`) into *archive* (by
    default :func:`open_archive`'s): each with its source and level from *source* / *level*,
    else its folders (:func:`folder_rule`), else 购买 when adverts were removed from it and
    本单位 otherwise. A file whose text is in the archive already is skipped; one that cannot
    be imported is reported and the others go on. *progress* is called before each file."""
    import hashlib

    from toolkit.archive.base import check_level, check_source
    from toolkit.files import read_regular_file

    check_source(source)
    check_level(level)
    sources = archive_sources(paths)
    report = ArchiveReport()
    owned = archive is None
    archive = open_archive() if owned else archive
    pending: list[tuple[Path, Any]] = []

    def store() -> None:
        for (path, entry), new_id in zip(pending, archive.add_many([entry for _, entry in pending])):
            if new_id is None:  # its text is there already (another file, or a colleague's)
                report.duplicates.append((path, archive.find_hash(entry.content_hash)))
            else:
                report.added.append((path, entry))
        pending.clear()

    try:
        new = []
        for path, root in sources:
            try:
                file_hash = hashlib.sha256(read_regular_file(path, limit=MAX_ARCHIVED_BYTES, what="讲稿")).hexdigest()
            except ToolkitError as error:
                report.failed.append((path, str(error)))
                continue
            seen = archive.find_file(file_hash)
            if seen is not None:  # this very file was added before: not read again
                report.duplicates.append((path, seen))
            else:
                new.append((path, root, file_hash))
        for path, outcome in _prepared(new, source, level):
            if progress:
                progress(path)
            if isinstance(outcome, str):
                report.failed.append((path, outcome))
                continue
            entry, noise = outcome
            if noise:
                report.noise.append((path, noise))
            pending.append((path, entry))
            if len(pending) >= ARCHIVE_BATCH:
                store()
        store()
        if len(report.added) >= TIDY_FROM:
            archive.tidy()
    finally:
        if owned:
            archive.close()
    return report


def _prepared(files: list[tuple[Path, Path, str]], source: str | None, level: str | None):
    """``(path, (entry, noise))`` for each of *files* (path, the folder given, its bytes' hash)
    imported for the archive, or ``(path, reason)`` when it cannot be; in order. Many files
    are imported by one process per core (the importer is pure Python); a few in this one."""
    tasks = [(path, root, file_hash, source, level) for path, root, file_hash in files]
    workers = min(os.cpu_count() or 1, 8)
    if len(tasks) < PARALLEL_FROM or workers < 2:
        yield from ((task[0], _prepare_file(task)) for task in tasks)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from zip((task[0] for task in tasks), pool.map(_prepare_file, tasks, chunksize=32))


_ARCHIVE_RULES: list = []


def _prepare_file(task: tuple) -> tuple | str:
    """One file imported for the archive (see :func:`_prepared`): ``(entry, noise)`` or the
    one-line reason it cannot be."""
    from toolkit.archive.base import archived_speech, check_level, check_source
    from toolkit.importers import import_reviewed, load_noise_rules

    path, root, file_hash, source, level = task
    if not _ARCHIVE_RULES:
        _ARCHIVE_RULES.append(load_noise_rules(None))  # once a process, not once a file
    try:
        speech, _review = import_reviewed(path, noise_rules=_ARCHIVE_RULES[0], revisions="accept")
        rule = folder_rule(path, root)
        entry = archived_speech(
            speech,
            file=str(path),
            source=source or check_source(rule.get("source"), where=f"文件夹规则的来源（{path.parent.name}）"),
            level=level or check_level(rule.get("level"), where=f"文件夹规则的级别（{path.parent.name}）"),
            date_hint=path.stem,
        )
    except ToolkitError as error:
        return str(error)
    if not entry.paragraphs:
        return f"{path}：没有读到正文段落，未收入"
    entry.file_hash = file_hash
    return entry, list(speech.noise)


TIDY_FROM = 50
"""After adding this many speeches at once, the archive's indexes are tidied (:meth:`Archive.tidy`)."""
PARALLEL_FROM = 100
"""From this many new files on, they are imported by several processes."""
ARCHIVE_BATCH = 200
"""Speeches stored in one transaction when adding many files."""
MAX_ARCHIVED_BYTES = 200 * 1024 * 1024
"""A file larger than this is no speech (the importer's own limits apply after)."""


def archive_search(
    words: str | list[str],
    *,
    part: str | None = None,
    source: str | None = None,
    level: str | None = None,
    since: str | None = None,
    speaker: str | None = None,
    limit: int = 20,
    archive=None,
) -> list:
    """The archived paragraphs holding every one of *words* (a list, or what was typed: words
    between spaces, a phrase in quotes), best first (:class:`~toolkit.archive.Hit`: the
    paragraph, its speech, the score and where each word is in it); filtered by *part*
    (主旨句, 要点正文…), *source*, *level*, *since* (2025, 2025-03…) and *speaker*."""
    from toolkit.archive import PARTS, ArchiveError, Query
    from toolkit.archive.base import check_level, check_source, parse_since, parse_terms

    terms = parse_terms(words) if isinstance(words, str) else [t for w in words for t in parse_terms(w)]
    if part and not any(part in name for name in PARTS):
        raise ArchiveError(f"没有“{part}”这个部分", hint="可用：" + "、".join(PARTS))
    if limit < 1:
        raise ArchiveError("结果条数应是正整数", hint="例如 20")
    query = Query(terms, part, check_source(source), check_level(level), parse_since(since), speaker or None, limit)
    if not terms:
        return []
    if archive is not None:
        return archive.search(query)
    with open_archive(create=False) as opened:
        return opened.search(query)


def archive_vocabulary() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The archive's parts (开头, 要点主旨句…), sources (本单位, 上级…) and levels (县, 市…),
    for a front end's choices."""
    from toolkit.archive import LEVELS, PARTS, SOURCES

    return PARTS, SOURCES, LEVELS
