"""The one path through the toolkit: every front end (the ``jianggao`` command, batch, the
composer, the notebook magics and the nbconvert exporter) opens, fills, checks and exports
a speech through these functions, so each of those steps behaves the same everywhere.

    speech = open_speech("草稿.yaml")                      # a draft, or a .txt/.md/.docx/.doc… imported
    problems = check(speech)                               # what to fix before handing it over
    result = export(speech, "讲话稿.docx", values={"县名": "某县"})   # fill, then write by format

Output formats are one table, :data:`FORMATS`: a format is a name, a file suffix, a label
for staff and a function that renders a filled speech to bytes (``docx``; ``pdf``: the
same .docx laid out by LibreOffice; ``reading``: the reading copy, 念稿版, a .docx too).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from toolkit.atomic import check_writable, write_atomic
from toolkit.draft_document import DraftDocument
from toolkit.drafts import is_draft_path, with_draft_extension
from toolkit.errors import InputFileError, NumberingError, OutputError, ToolkitError
from toolkit.model.fields import speech_texts
from toolkit.model.invisible import clean_speech
from toolkit.model.review import REVISION_MODES, Review
from toolkit.model.speech import Speech
from toolkit.model.variables import PLACEHOLDER, TEMPLATE_SYNTAX

if TYPE_CHECKING:
    from toolkit.exporters.docx_writer import ExportOptions, RenderedDocument
    from toolkit.model.text import SpeakingTime
    from toolkit.versions import Restored, Version, VersionEntry

__all__ = [
    "ExportOptions",
    "ExportResult",
    "FORMATS",
    "Imported",
    "Returned",
    "OutputFormat",
    "check",
    "find_version",
    "keep_before_restore",
    "restore_version",
    "save_version",
    "version_reference",
    "version_speech",
    "versions",
    "default_output_path",
    "default_revision_path",
    "check_revision_sources",
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
    "export_revision",
    "keep_office_warm",
    "prepare_output",
    "fill",
    "gather_values",
    "import_bytes",
    "import_file",
    "import_returned",
    "take_returned",
    "returned_label",
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
    "reading_notes",
    "reading_size",
    "reading_sizes",
    "render",
    "require_page_renderer",
    "speaking_rate",
    "speaking_time",
    "revision_author",
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
    """The speech in *path*: a draft (.yaml) opened, a version of a draft named as
    ``草稿.yaml#送审稿`` (see :func:`version_speech`), any other speech file imported (see
    :func:`import_file`, which also says what the file's revisions were)."""
    reference = version_reference(path)
    if reference is not None:
        return version_speech(*reference)
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


# -- versions ----------------------------------------------------------------------------------------------
# A draft's named versions are plain draft files in 草稿.versions/ beside it (toolkit/versions.py).


def version_reference(text: str | os.PathLike) -> tuple[Path, str] | None:
    """(draft, version name or number) when *text* names a version as a speech source
    (``草稿.yaml#送审稿``, ``草稿.yaml#3``); ``None`` for any other file name."""
    from toolkit.versions import split_reference

    return split_reference(text)


def save_version(
    draft: str | os.PathLike, name: str, *, speech: Speech | None = None, automatic: bool = False
) -> Version:
    """Keep the draft file *draft* as it is now as a version named *name* and return it (a
    name already used becomes ``名（2）``). With *speech*, that speech is kept instead of the
    file (what the composer shows). A bad name, a missing draft or a damaged one: one
    Chinese line, nothing written."""
    from toolkit.versions import save_version as save

    return save(draft, name, speech=speech, automatic=automatic)


def versions(draft: str | os.PathLike) -> list[VersionEntry]:
    """The versions of *draft*, oldest first: each with its name, time, 字数 and what
    changed since the one before it in one line (a damaged version file carries its
    ``problem`` instead)."""
    from toolkit.versions import version_history

    return version_history(draft)


def version_speech(draft: str | os.PathLike, name: str | int) -> Speech:
    """The speech kept as version *name* of *draft* (a name, or else a number; an ``int`` is a number)."""
    from toolkit.versions import find_version, read_version

    return read_version(find_version(draft, name))


def find_version(draft: str | os.PathLike, name: str | int) -> Version:
    """Version *name* of *draft* (a name, or else a number; an ``int`` is a number); one Chinese line listing the versions there are
    when there is no such version."""
    from toolkit.versions import find_version as find

    return find(draft, name)


def restore_version(draft: str | os.PathLike, name: str | int) -> Restored:
    """Make the draft file *draft* hold version *name* again; its present state is first
    kept as an automatic version (unless a version already holds it), so nothing is lost."""
    from toolkit.versions import restore_version as restore

    return restore(draft, name)


def keep_before_restore(draft: str | os.PathLike, version: Version, speech: Speech) -> Version | None:
    """Keep *speech* (what the composer shows of *draft*) as the automatic version made
    before *version* is restored; ``None`` when a version already holds that speech."""
    from toolkit.versions import keep_before_restore as keep

    return keep(draft, version, speech=speech)


# -- a returned 修订稿 ----------------------------------------------------------------------------------
@dataclass
class Returned:
    """What :func:`take_returned` did to a draft."""

    imported: Imported
    """The speech the draft now holds, and the returned file's revisions and comments."""
    kept: Version | None
    """The draft's previous state, kept as an automatic version first (``None`` when a
    version already held it)."""
    version: Version
    """The returned text, kept as the draft's next version."""
    change: str
    """What changed against the previous state, in one line (``改动 3 段，新增 1 点``)."""
    held: Version | None = None
    """The version holding the draft's previous state: *kept*, or the one that already held
    it (``None`` only when that version could not be found again)."""


TEXT_FIELDS = (
    "title",
    "byline",
    "salutation",
    "opening",
    "transition",
    "transition_run_in",
    "numbering",
    "point_layout",
    "subnumbering",
    "subpoint_layout",
    "points",
    "closing",
    "comments",
    "noise",
    "import_hints",
)
"""What a returned file brings into a draft: the speech's text, its layout and the leader's
comments; the draft keeps its meeting facts and variables."""


def import_returned(
    path: str | os.PathLike,
    draft: str | os.PathLike,
    *,
    name: str | None = None,
    revisions: str | None = None,
    noise_rules: list[str] | None = None,
) -> Returned:
    """Bring the speech file *path* sent back (a 修订稿 the leader edited further, with his
    revisions and comments) into the draft file *draft* as its next version (see
    :func:`take_returned`; the versions are copies of the draft file, a writer's own comments
    in it too). A missing or damaged draft, a bad name or a file that cannot be read: one
    Chinese line, and nothing changed."""
    from toolkit.versions import check_name

    draft = draft_path(draft)
    document = DraftDocument.open(draft)  # a missing or damaged draft is refused before anything
    check_name(name if name is not None else returned_label(path), draft=draft)  # before a slow conversion
    imported = import_file(path, noise_rules=noise_rules, revisions=revisions)

    def write(speech: Speech) -> None:
        document.speech = speech
        document.save()

    return take_returned(draft, imported, path, previous=document.speech, write=write, name=name, keep_file=True)


def take_returned(
    draft: str | os.PathLike,
    imported: Imported,
    source: str | os.PathLike,
    *,
    previous: Speech,
    write: Callable[[Speech], None],
    name: str | None = None,
    keep_file: bool = False,
) -> Returned:
    """Make *imported* (the returned file *source*, its name or path, read with its revisions
    accepted or rejected) the next version of the draft *draft*, whose content is now
    *previous*: that state is first kept as an automatic version (``导入“文件名”前``, unless
    a version already holds it), then *write* makes the draft hold the returned text (the
    command line saves the file; the composer makes it one 撤销 step and saves) while the
    draft keeps its own meeting facts and variables, and the new state is kept as the
    version *name* (by default the file's name as :func:`returned_label` gives it). With
    *keep_file* the versions are copies of the draft file as it is before and after *write*;
    else of *previous* and the new speech (what the composer shows). A bad name, or a file
    with no text at all: one Chinese line, and nothing changed."""
    import dataclasses

    from toolkit.model.text import speech_character_count
    from toolkit.model.textdiff import summarize
    from toolkit.versions import check_name, holding_version, keep_current
    from toolkit.versions import save_version as save

    draft = draft_path(draft)
    label = returned_label(source)
    name = check_name(name if name is not None else label, draft=draft)
    if not speech_character_count(imported.speech, spoken_only=False):
        raise InputFileError(
            "送回的文件里没有讲稿的文字", where=source, hint="可能选错了文件或文件是空白的，草稿没有改动"
        )
    merged = dataclasses.replace(previous, **{key: getattr(imported.speech, key) for key in TEXT_FIELDS})
    shown = None if keep_file else previous
    kept = keep_current(draft, f"导入“{label}”前", speech=shown)
    held = kept or holding_version(draft, speech=shown)
    write(merged)
    version = save(draft, name, speech=None if keep_file else merged)
    return Returned(Imported(merged, imported.review), kept, version, summarize(previous, merged), held)


def returned_label(path: str | os.PathLike) -> str:
    """A returned file's name as a version's name: its stem without the characters a
    version name may not hold, at most 30 characters (返回稿 when nothing is left)."""
    from toolkit.versions import SEPARATOR

    forbidden = set('/\\:*?"<>|' + SEPARATOR)
    stem = "".join(ch for ch in Path(path).stem if ch not in forbidden and ch.isprintable()).strip().lstrip(".")
    return stem[:30] or "返回稿"


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


# -- speaking time ----------------------------------------------------------------------------------------
def speaking_rate(speech: Speech, rate: int | None = None) -> tuple[int, str]:
    """The rate (characters a minute) *speech* is read at and the 讲话人语速 name it was found
    by: *rate* when given (``jianggao show --rate``), else the office's rate for the
    meeting's speaker, else the office's default (see :func:`toolkit.model.text.speaker_rate`)."""
    from toolkit.config import load_config
    from toolkit.model.text import speaker_rate

    if rate:
        return rate, ""
    config = load_config()
    return speaker_rate(speech.meeting.speaker, config.speaker_rates, config.speaking_rate)


def speaking_time(speech: Speech, rate: int | None = None) -> SpeakingTime:
    """How long *speech* takes read aloud as it will print (variables that have values
    filled in, a list variable's points one an item), whole and part by part, at the rate
    of :func:`speaking_rate`, against its meeting's slot (讲话时长)."""
    from toolkit.model.text import speaking_time as timing

    per_minute, speaker = speaking_rate(speech, rate)
    # timed on every keystroke: a speech without braces prints as it stands, uncopied
    braces = any("{" in text for _, text in speech_texts(speech))
    return timing(display_speech(speech) if braces else speech, per_minute, speaker=speaker)


# -- checking ---------------------------------------------------------------------------------------------
def check(
    speech: Speech, *, noise_rules: list[str] | None = None, rate: int | None = None, note_broken_files: bool = False
) -> list:
    """Every :class:`~toolkit.checks.Problem` worth fixing in *speech*, problems before hints;
    the speaking time is reckoned at *rate*, by default the speaker's (:func:`speaking_rate`).

    An office's advert-rules or outdated-names file (named in the settings) that cannot be
    read raises its error (the command line exits 2); with *note_broken_files* (the
    composer, which must open whatever the settings name) it is left out instead, the
    checks run with the rest, and each such file is one hint before the other hints, naming
    the file and what to do."""
    from toolkit.checks import Problem, find_problems
    from toolkit.checks.names import load_outdated_names
    from toolkit.importers import load_noise_rules

    try:
        timing = speaking_time(speech, rate)
    except NumberingError:  # more points than the style numbers: the checks say so, and time nothing
        timing = None
    broken_rules: list[ToolkitError] | None = [] if note_broken_files else None
    broken_names: list[ToolkitError] | None = [] if note_broken_files else None
    rules = load_noise_rules(noise_rules, skipped=broken_rules)
    outdated = load_outdated_names(skipped=broken_names) if note_broken_files else None
    problems = find_problems(speech, noise_rules=rules, timing=timing, outdated=outdated)
    notes = [
        Problem(SETTINGS_PLACE, broken_file_note(error, checked), "hint")
        for errors, checked in ((broken_rules, "广告只按内置的规则检查"), (broken_names, "过时名称只按内置的名单检查"))
        for error in errors or ()
    ]
    if not notes:
        return problems
    hints = next((n for n, problem in enumerate(problems) if problem.severity == "hint"), len(problems))
    return problems[:hints] + notes + problems[hints:]


SETTINGS_PLACE = "单位设置"
"""Where a note about a file the settings name is listed (no part of the speech)."""
_PROGRAMMER_WORDS = re.compile(r"--|[A-Z]{3,}_|[a-z]+_[a-z]+")
"""A hint naming command-line options, environment variables or settings keys."""


def broken_file_note(error: ToolkitError, checked: str) -> str:
    """The composer's note on an office file the checks left out: the file's name (not its
    folders), what is wrong with it, what is checked without it (*checked*: 广告只按内置的规则检查)
    and what to do."""
    where = f"{Path(error.where).name}：" if error.where else ""
    hint = f"。{error.hint}" if error.hint and not _PROGRAMMER_WORDS.search(error.hint) else ""
    return (
        f"{where}{error.problem.rstrip('。')}{hint.rstrip('。')}。这个文件先不用，{checked}；"
        "请管理员改正这个文件，或从设置中去掉它"
    )


PLACEHOLDER_CONTEXT = 12
"""Characters of text kept on each side of a placeholder (:class:`Occurrence`)."""


@dataclass(frozen=True)
class Occurrence:
    """One placeholder in the text: what it is, the field it is in (标题, 开头第1段…) and the
    text around it (up to :data:`PLACEHOLDER_CONTEXT` characters, … where cut)."""

    text: str
    where: str
    before: str
    after: str


def placeholder_occurrences(speech: Speech) -> dict[str, list[Occurrence]]:
    """Every ×县 / ××× / ＿＿ / 【】 left in *speech*'s text fields, grouped by its text, in reading order."""
    found: dict[str, list[Occurrence]] = {}
    context = PLACEHOLDER_CONTEXT
    for where, text in speech_texts(speech):
        for match in PLACEHOLDER.finditer(text):
            before = text[max(0, match.start() - context) : match.start()]
            after = text[match.end() : match.end() + context]
            if match.start() > context:
                before = "…" + before
            if match.end() + context < len(text):
                after += "…"
            found.setdefault(match.group(0), []).append(Occurrence(match.group(0), where, before, after))
    return found


def placeholders(speech: Speech) -> list[tuple[str, str]]:
    """``(where, placeholder)`` of each ×县 / ××× / ＿＿ left in *speech*, in reading order."""
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
    require: Callable[[], None] | None = None
    """Raises the one-line install hint when a program the format needs is missing (checked
    before any work is done); ``None`` when the format needs nothing beyond Python."""
    tag: str = ""
    """Added to the default file name (``讲话（念稿版）.docx``), so two formats with one
    suffix never default to the same file."""


def _render_docx(speech: Speech, template: Path | None, options: ExportOptions) -> RenderedDocument:
    from toolkit.exporters.docx_writer import render_docx

    if template is not None and options.house_template_media_mb is None:
        import dataclasses

        from toolkit.config import load_config

        limit = load_config().house_template_media_mb  # the office's limit on a template's images
        options = dataclasses.replace(options, house_template_media_mb=limit)
    return render_docx(speech, template, options)


def _render_reading(speech: Speech, template: Path | None, options: ExportOptions) -> RenderedDocument:
    """The reading copy (念稿版): large type, no page turn inside a sentence, pinyin over the
    rare characters and the words of the 注音 lists (the office's and the draft's)."""
    from toolkit.exporters.docx_writer import render_docx
    from toolkit.exporters.reading_layout import ReadingCopy
    from toolkit.readings import speech_entries

    copy = ReadingCopy(reading_size(options.reading_size), options.point_per_page, speech_entries(speech))
    return render_docx(speech, template, options, reading=copy)


def _render_pdf(speech: Speech, template: Path | None, options: ExportOptions) -> RenderedDocument:
    """The .docx (official layout or house template) as LibreOffice prints it, fonts embedded."""
    import dataclasses

    from toolkit.exporters.preview import pdf_of_docx

    rendered = _render_docx(speech, template, options)
    return dataclasses.replace(rendered, data=pdf_of_docx(rendered.data, mark=options.identifier))


def _require_pdf() -> None:
    from toolkit.exporters.preview import require_pdf_renderer

    require_pdf_renderer()


FORMATS: dict[str, OutputFormat] = {
    "docx": OutputFormat("docx", ".docx", "Word 文档（公文格式）", _render_docx),
    "pdf": OutputFormat("pdf", ".pdf", "PDF（版式与 Word 文档相同，便于手机查看和存档）", _render_pdf, _require_pdf),
    "reading": OutputFormat("reading", ".docx", "念稿版（大字、注音，供领导念稿）", _render_reading, tag="（念稿版）"),
}
"""The output formats by name."""


def output_format(name: str | None = None, *, path: str | os.PathLike | None = None) -> OutputFormat:
    """The format called *name*, or the one *path*'s suffix names; one Chinese line when neither fits."""
    if name is None and path is not None:
        suffix = Path(path).suffix.lower()
        found = next((f for f in FORMATS.values() if f.suffix == suffix), None)
        if found is None:
            names = "、".join(dict.fromkeys(f.suffix for f in FORMATS.values()))
            raise OutputError(f"导出文件的扩展名应是 {names}", where=path, hint="例如 讲话稿.docx 或 讲话稿.pdf")
        return found
    if (name or "docx") not in FORMATS:
        raise OutputError(f"不认识的导出格式“{name}”", hint="可用：" + "、".join(FORMATS))
    return FORMATS[name or "docx"]


def reading_sizes() -> tuple[str, ...]:
    """The reading copy's type sizes by name, the default first: 二号, 小一, 三号."""
    from toolkit.exporters.reading_layout import DEFAULT_SIZE, SIZES

    return (DEFAULT_SIZE, *(name for name in SIZES if name != DEFAULT_SIZE))


def reading_size(name: str | None) -> str:
    """*name* checked as a reading copy's type size (the default, 二号, for ``None``)."""
    sizes = reading_sizes()
    if name is None:
        return sizes[0]
    if name not in sizes:
        raise OutputError(f"念稿版没有“{name}”这种字号", hint="可选：" + "、".join(sizes))
    return name


def reading_notes(speech: Speech) -> list:
    """What the reading copy of *speech* will print pinyin over, for the writer to confirm:
    each word or character with its reading, where it came from and where it occurs
    (:class:`toolkit.readings.ReadingNote`); the speech as it will print (variables filled)."""
    from toolkit.readings import reading_notes as notes

    return notes(display_speech(speech))


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
    summary: str = ""
    """For a 修订稿 (:func:`export_revision`): what changed, in one line (``改动 3 段，新增 1 点``)."""


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
    target and the programs the format needs are checked before any work is done. When the
    output cannot be made (LibreOffice failing on a PDF) the message names *path*."""
    path = Path(path)
    chosen = prepare_output(path, format=format, overwrite=overwrite)
    try:
        rendered = render(speech, format=chosen.name, template=template, options=options, values=values)
    except OutputError as error:
        if error.where:
            raise
        raise OutputError(error.problem, where=path, hint=error.hint) from None
    write_atomic(path, rendered.data, overwrite=overwrite)
    notes = list(rendered.warnings)
    notes += [f"{where}有未填写的占位符“{text}”，导出前请确认" for where, text in placeholders(speech)]
    return ExportResult(path, notes, list(rendered.styles))


def prepare_output(path: str | os.PathLike, *, format: str | None = None, overwrite: bool = False) -> OutputFormat:
    """The format *path* will be written in (*format*, or the one its suffix names), after
    checking that *path* may be written (see :func:`~toolkit.atomic.check_writable`) and
    that the programs the format needs are installed: one Chinese line otherwise."""
    chosen = output_format(format, path=Path(path) if format is None else None)
    if Path(path).suffix.lower() != chosen.suffix:
        raise OutputError(
            f"{chosen.label}应保存为 {chosen.suffix} 文件", where=path, hint=f"请把文件名改为以 {chosen.suffix} 结尾"
        )
    check_writable(Path(path), overwrite=overwrite)
    if chosen.require is not None:
        chosen.require()
    return chosen


def revision_author(author: str | None = None) -> str:
    """Who a 修订稿's changes are by: *author*, else the settings' ``author``, else 讲稿."""
    from toolkit.config import load_config
    from toolkit.exporters.revisions import DEFAULT_AUTHOR

    for name in (author, load_config().author):
        if name and name.strip():
            return " ".join(name.split())
    return DEFAULT_AUTHOR


def export_revision(
    old: Speech,
    new: Speech,
    path: str | os.PathLike,
    *,
    author: str | None = None,
    template: str | os.PathLike | None = None,
    values: dict[str, Any] | None = None,
    options: ExportOptions | None = None,
    overwrite: bool = False,
) -> ExportResult:
    """Write a 修订稿 to the .docx file *path*: *new* in the official layout (or through the
    house *template*) with Word's tracked changes (修订) against *old*, every change by
    *author* (see :func:`revision_author`) at the present time.

    Both speeches are filled with *values* like :func:`export` fills one; the new one must
    be complete (unless ``options.allow_placeholders``), the old one is written as it stood,
    a variable it never had a value for left as ``{{ 名称 }}``. The file is written
    atomically, never over an existing one unless *overwrite*."""
    import dataclasses

    from toolkit.exporters.docx_writer import ExportOptions
    from toolkit.exporters.revisions import render_revision_docx

    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise OutputError("修订稿应保存为 .docx 文件", where=path, hint="例如 修订稿.docx")
    check_writable(path, overwrite=overwrite)
    options = options or ExportOptions()
    if template is not None and options.house_template_media_mb is None:
        from toolkit.config import load_config

        options = dataclasses.replace(options, house_template_media_mb=load_config().house_template_media_mb)
    from toolkit.model.textdiff import compare_speeches, summary

    new_filled, removed = clean_speech(fill(new, values, allow_unfilled=options.allow_placeholders))
    old_filled, _ = clean_speech(fill(old, values, allow_unfilled=True))
    changes = compare_speeches(old_filled, new_filled)
    rendered = render_revision_docx(
        old_filled,
        new_filled,
        Path(template) if template else None,
        dataclasses.replace(options, allow_placeholders=True),
        author=revision_author(author),
        changes=changes,
    )
    write_atomic(path, rendered.data, overwrite=overwrite)
    notes = [f"已去除看不见的控制字符：{entry.text}" for entry in removed] + list(rendered.warnings)
    notes += [f"{where}有未填写的占位符“{text}”，导出前请确认" for where, text in placeholders(new)]
    return ExportResult(path, notes, list(rendered.styles), summary(changes))


def default_revision_path(new: str | os.PathLike) -> Path:
    """Where a 修订稿 goes without a name: beside the new side, ``新稿（修订稿）.docx`` (for a
    version ``草稿.yaml#送审稿``: ``草稿（送审稿）（修订稿）.docx``)."""
    reference = version_reference(new)
    if reference is not None:
        draft, name = reference
        return draft.with_name(f"{draft.stem}（{name}）（修订稿）.docx")
    new = Path(new)
    return new.with_name(f"{new.stem}（修订稿）.docx")


def check_revision_sources(old: str | os.PathLike, new: str | os.PathLike, output: str | os.PathLike) -> None:
    """Refuse, in one Chinese line, a comparison of a file with itself and a 修订稿 that would
    be written over one of the two sides (even when overwriting is allowed)."""

    def identity(source) -> tuple:
        reference = version_reference(source)
        if reference is not None:
            draft, name = reference
            return (os.path.realpath(draft), name)
        return (os.path.realpath(source), None)

    if identity(old) == identity(new):
        raise ToolkitError(
            "旧稿和新稿是同一个文件，没有可比较的修改",
            where=new,
            hint="请给出修改前和修改后的两份稿子，例如 草稿.yaml#送审稿 和 草稿.yaml",
        )
    target = os.path.realpath(output)
    for side in (old, new):
        if version_reference(side) is None and os.path.realpath(side) == target:
            raise OutputError(
                "修订稿不能写到要比较的文件上", where=output, hint="请用 -o 另给一个文件名，例如 修订稿.docx"
            )


def export_mark(path: str | os.PathLike) -> str | None:
    """The identifier (``ExportOptions.identifier``) of *path* when it is a .docx this
    toolkit wrote and nobody has saved since (revision 1, modified when created), or a PDF
    it wrote that nobody changed since (see :func:`toolkit.exporters.preview.pdf_mark`);
    ``None`` for any other file, a missing one, or one that cannot be read. The composer
    overwrites only a file that carries its own draft's mark."""
    import re
    import zipfile

    path = Path(path)
    if path.suffix.lower() == ".pdf":
        from toolkit.exporters.preview import pdf_mark

        return pdf_mark(path)
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
    (``（公文格式）`` added when that would be *source* itself, the format's tag such as
    ``（念稿版）`` added always); a version named as ``草稿.yaml#送审稿`` goes to
    ``草稿（送审稿）.docx``."""
    chosen = output_format(format)
    reference = version_reference(source)
    if reference is not None:
        draft, name = reference
        return draft.with_name(f"{draft.stem}（{name}）{chosen.tag}{chosen.suffix}")
    source = Path(source)
    if chosen.tag:
        return source.with_name(source.stem + chosen.tag + chosen.suffix)
    if source.suffix.lower() == chosen.suffix:
        return source.with_name(source.stem + "（公文格式）" + chosen.suffix)
    return source.with_suffix(chosen.suffix)


# -- pictures of pages and the preview ------------------------------------------------------------------
def can_render_pages() -> bool:
    """Whether LibreOffice is installed, so pages can be pictured."""
    from toolkit.libreoffice import find_soffice

    return find_soffice() is not None


def keep_office_warm(enabled: bool = True) -> None:
    """Keep one LibreOffice running in this process for PDFs and page pictures (a long-lived
    process such as the composer asks for it: each one after the first then costs a fraction
    of a second); turning it off stops it. Without it every conversion starts LibreOffice."""
    from toolkit.libreoffice import keep_warm

    keep_warm(enabled)


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


def editor_page(speech: Speech, problems: list | None = None, timing: SpeakingTime | None = None) -> dict:
    """The composer's editable page of *speech* (see :mod:`toolkit.exporters.editor_page`):
    every paragraph as it will print with its fields by key, variables that have values
    shown filled, *problems* (by default :func:`check`'s) beside the paragraph they name,
    and each part's time (*timing*, by default :func:`speaking_time`'s) beside its first."""
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
        timing=speaking_time(speech) if timing is None else timing,
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


DOUBTFUL_CHARACTERS = 200_000
"""A file longer than this (about 20 hours of speaking) is asked about before it becomes a draft
(the composer's 导入讲稿) and is not archived (``jianggao archive add``)."""
SENTENCE_END = re.compile(r"[。！？!?；;…]")


def doubt_about(speech: Speech) -> str | None:
    """Why an imported file does not look like a speech (far too long, or not one sentence
    ending in its text), in words for the question asked before importing; ``None`` when it does."""
    from toolkit.model.text import speech_character_count

    characters = speech_character_count(speech, spoken_only=False)
    if characters > DOUBTFUL_CHARACTERS:
        return f"这个文件有 {characters:,} 字，远远超过一篇讲话稿的长度（通常几千字），可能选错了文件"
    if characters and not any(SENTENCE_END.search(text) for _where, text in speech_texts(speech)):
        return "这个文件里没有一个句号、问号或叹号，不像一篇讲话稿，可能选错了文件"
    return None


def archive_sources(paths: list[str | os.PathLike]) -> list[tuple[Path, Path]]:
    """The speech files *paths* name, each with the argument it came from: a file as it is
    (any extension the importer reads), a folder searched through (hidden files and Word's
    ``~$`` lock files skipped), in name order. A missing path, or a file the importer cannot
    read, or a folder without one speech file, is one Chinese line (nothing is added)."""
    suffixes = importable_suffixes()
    found: list[tuple[Path, Path]] = []
    for given in map(Path, paths):
        if given.is_dir():
            before = len(found)
            for path in sorted(given.rglob("*")):
                hidden = any(part.startswith((".", "~$")) for part in path.relative_to(given).parts)
                if path.is_file() and path.suffix.lower() in suffixes and not hidden:
                    found.append((path, given))
            if len(found) == before:
                raise ToolkitError(
                    "这个文件夹里（包括子文件夹）没有能收入素材库的讲稿文件",
                    where=given,
                    hint="可收入：" + "、".join(suffixes) + "；没有收入任何讲稿",
                )
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
            file=str(path.absolute()),
            source=source or check_source(rule.get("source"), where=f"文件夹规则的来源（{path.parent.name}）"),
            level=level or check_level(rule.get("level"), where=f"文件夹规则的级别（{path.parent.name}）"),
            date_hint=path.stem,
        )
    except ToolkitError as error:
        return str(error)
    if not entry.paragraphs:
        return f"{path}：没有读到正文段落，未收入"
    doubt = doubt_about(speech)
    if doubt:
        return f"{path}：{doubt}，未收入"
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
    require_terms: bool = False,
) -> list:
    """The archived paragraphs holding every one of *words* (a list, or what was typed: words
    between spaces, a phrase in quotes), best first (:class:`~toolkit.archive.Hit`: the
    paragraph, its speech, the score and where each word is in it); filtered by *part*
    (主旨句, 要点正文…), *source*, *level*, *since* (2025, 2025-03…) and *speaker*. Nothing to
    look for (only spaces or punctuation) finds nothing, or is an :class:`ArchiveError` with
    *require_terms* (the command line, where it is a mistake rather than a pause in typing)."""
    from toolkit.archive import PARTS, ArchiveError, Query
    from toolkit.archive.base import check_level, check_source, parse_since, parse_terms

    terms = parse_terms(words) if isinstance(words, str) else [t for w in words for t in parse_terms(w)]
    if part and not any(part in name for name in PARTS):
        raise ArchiveError(f"没有“{part}”这个部分", hint="可用：" + "、".join(PARTS))
    if limit < 1:
        raise ArchiveError("结果条数应是正整数", hint="例如 20")
    query = Query(terms, part, check_source(source), check_level(level), parse_since(since), speaker or None, limit)
    if not terms:
        if require_terms:
            raise ArchiveError("没有要找的词语（只有空格或标点）", hint="请输入文字或数字，如 党建 或 “安全生产”")
        return []
    if archive is not None:
        return archive.search(query)
    with open_archive(create=False) as opened:
        return opened.search(query)


def check_copies(speech: Speech, *, archive=None):
    """查重: each paragraph of *speech* against the archive (*archive*, else the settings'
    one, which must exist), with the settings' ``copy_check`` thresholds; a
    :class:`~toolkit.archive.copycheck.CopyReport` (per paragraph the most alike archived
    paragraph and its share, for the whole draft the share copied from 购买 and 上级)."""
    from toolkit.archive.copycheck import Thresholds
    from toolkit.archive.copycheck import check_copies as check_against
    from toolkit.config import load_config

    limits = load_config().copy_check
    thresholds = Thresholds(limits["similar"] / 100, limits["copied"] / 100, limits["share"] / 100)
    if archive is not None:
        return check_against(archive, speech, thresholds)
    with open_archive(create=False) as opened:
        return check_against(opened, speech, thresholds)


def archive_vocabulary() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The archive's parts (开头, 要点主旨句…), sources (本单位, 上级…) and levels (县, 市…),
    for a front end's choices."""
    from toolkit.archive import LEVELS, PARTS, SOURCES

    return PARTS, SOURCES, LEVELS
