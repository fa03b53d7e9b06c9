"""Making a house Word template inert before any of it reaches a speech.

A house template is an office's own .docx. Only what a speech needs comes through: styles,
page set-up, headers and footers, numbering, theme, the fonts table, footnote separators,
document properties and images of ordinary size. Everything that reaches outside the file
or runs is taken out, each kind named once in a Chinese note:

- relationships with ``TargetMode="External"`` (linked images, hyperlinks, frames,
  sub-documents) and the elements that use them (a linked picture goes, a hyperlink
  becomes its plain text);
- an attached template (``w:attachedTemplate``, which may point at a remote .dotm) and the
  "update styles from it" switch; a mail-merge data source;
- fields other than PAGE, NUMPAGES and SECTIONPAGES (DDE, DDEAUTO, INCLUDETEXT,
  INCLUDEPICTURE…): a ``w:fldSimple`` is replaced by its result runs, a complex field
  (``w:fldChar`` begin … end) loses its code and field characters and keeps its displayed
  result as plain runs;
- altChunk parts, OLE objects, ActiveX controls and custom XML (parts, ``w:customXml``
  elements unwrapped to their content, data bindings), with their relationships and
  ``[Content_Types].xml`` overrides;
- any part of a kind not listed above (named in a note); parts nothing refers to are dropped
  silently, as is the empty bibliography store Word puts in every document.

A template whose kept media (images, thumbnail, embedded fonts) unpack to more than the
limit is refused with its size. The package has already passed
:func:`toolkit.wordfile.check_word_zip` (no zip bomb, no DTD, no macros); every XML part is
still parsed with a parser that resolves no entities, reads nothing from the network and
refuses huge trees, and is changed as elements, never as text.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from toolkit.errors import TemplateError

DEFAULT_MEDIA_LIMIT_MB = 20
"""Largest total of a house template's images (and other binary parts) in MB, unpacked."""

ALLOWED_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES"})
"""The only fields a house template may keep: the page numbers."""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
O_NS = "urn:schemas-microsoft-com:office:office"
V_NS = "urn:schemas-microsoft-com:vml"
PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
BIBLIOGRAPHY_NS = "http://schemas.openxmlformats.org/officeDocument/2006/bibliography"
W = "{%s}" % W_NS

_KEPT_TYPES = frozenset(
    {
        "officeDocument",
        "core-properties",
        "extended-properties",
        "custom-properties",
        "thumbnail",
        "styles",
        "stylesWithEffects",
        "settings",
        "webSettings",
        "fontTable",
        "theme",
        "numbering",
        "header",
        "footer",
        "footnotes",
        "endnotes",
        "comments",
        "commentsExtended",
        "commentsIds",
        "commentsExtensible",
        "people",
        "glossaryDocument",
        "image",
        "font",
    }
)
"""Relationship types (the last segment of the type URI) whose internal targets are kept."""

_MEDIA_TYPES = frozenset({"image", "thumbnail", "font"})

_ACTIVE_TYPES = {
    "attachedTemplate": "attached",
    "oleObject": "ole",
    "package": "ole",
    "control": "activex",
    "activeXControlBinary": "activex",
    "aFChunk": "altchunk",
    "customXml": "customxml",
    "customXmlProps": "customxml",
    "mailMergeSource": "mailmerge",
    "mailMergeHeaderSource": "mailmerge",
    "recipientData": "mailmerge",
}
"""Relationship types that carry active content, by the kind of note they get."""

_NOTES = {
    "attached": "Word 模板挂接了外部模板（{}），已去除",
    "external": "Word 模板中有外部链接（{}），已去除",
    "altchunk": "Word 模板中有嵌入的外部文档（altChunk），已去除",
    "ole": "Word 模板中有嵌入的 OLE 对象，已去除",
    "activex": "Word 模板中有 ActiveX 控件，已去除",
    "customxml": "Word 模板中有自定义 XML 数据（customXml），已去除",
    "mailmerge": "Word 模板中有邮件合并数据源，已去除",
    "field": "Word 模板中有 {} 域，已去除",
    "other": "Word 模板中有讲稿用不到的部件（{}），已去除",
}

_CONTAINERS = frozenset({W + "drawing", W + "pict", W + "object"})
"""An element that refers to a removed part takes the nearest of these with it."""

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)


def _parse(data: bytes):
    return etree.fromstring(data, _PARSER)


def _serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass
class _Findings:
    """What was taken out, in the order met: note kind → details (targets, field names…)."""

    kinds: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, detail: str | None = None) -> None:
        details = self.kinds.setdefault(kind, [])
        if detail is not None and detail not in details:
            details.append(detail)

    def notes(self, name: str) -> list[str]:
        out = []
        for kind, details in self.kinds.items():
            if kind == "field":
                out += [f"{name}：" + _NOTES["field"].format(detail) for detail in details]
            elif "{}" in _NOTES[kind]:
                out.append(f"{name}：" + _NOTES[kind].format(_listing(details)))
            else:
                out.append(f"{name}：" + _NOTES[kind])
        return out


def _listing(details: list[str]) -> str:
    shown = [_short(detail) for detail in details[:3]]
    more = f" 等 {len(details)} 处" if len(details) > 3 else ""
    return "、".join(shown) + more if shown else "…"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _type_name(rel_type: str) -> str:
    return rel_type.rstrip("/").rsplit("/", 1)[-1]


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _resolve(source: str, target: str) -> str:
    """The zip member name of *target* relative to part *source* ("" for the package)."""
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(source), target)
    return posixpath.normpath(joined).lstrip("/")


def clean_house_template(data: bytes, path: Path, *, media_limit_mb: float | None = None) -> tuple[bytes, list[str]]:
    """*data* (a checked .docx package) with everything active taken out, and one Chinese
    note per kind taken out, each naming the template *path*.

    Raises :class:`TemplateError` when the kept media exceed *media_limit_mb* (default
    :data:`DEFAULT_MEDIA_LIMIT_MB`), or when the template cannot stand without what was taken."""
    limit = DEFAULT_MEDIA_LIMIT_MB if media_limit_mb is None else media_limit_mb
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return _Cleaner(archive, Path(path), limit).run()
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, EOFError, OSError) as error:
        raise TemplateError(
            "Word 模板已损坏，无法打开", where=path, hint="请在 Word 中打开后重新保存为 .docx"
        ) from error


class _Cleaner:
    def __init__(self, archive: zipfile.ZipFile, path: Path, limit_mb: float):
        self.archive = archive
        self.path = path
        self.limit_mb = limit_mb
        self.members = {info.filename.lower(): info for info in archive.infolist()}
        self.findings = _Findings()
        self.kept: dict[str, str] = {}
        """Kept part (lower-case member name) → the relationship type that reached it."""
        self.rels: dict[str, bytes] = {}
        """Rewritten relationship parts by member name (lower case)."""
        self.dropped_ids: dict[str, set[str]] = {}
        """Part → the relationship ids it loses."""

    # -- the package ------------------------------------------------------------------------------------
    def run(self) -> tuple[bytes, list[str]]:
        self._walk()
        self._check_media()
        parts = {name: self._clean_part(name) for name in self.kept}
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in self.archive.infolist():
                name = info.filename.lower()
                if name == "[content_types].xml":
                    content = self._content_types(self.archive.read(info))
                elif name in self.rels:
                    content = self.rels[name]
                elif name in parts:
                    content = parts[name]
                else:
                    continue
                target.writestr(info, content)
        return out.getvalue(), self.findings.notes(self.path.name)

    def _walk(self) -> None:
        """Follow the relationships from the package down, keeping the parts of allowed
        kinds and rewriting each relationship part without the others."""
        queue = [""]
        seen = {""}
        while queue:
            source = queue.pop(0)
            rels_name = "_rels/.rels" if source == "" else _rels_name(source)
            info = self.members.get(rels_name.lower())
            if info is None:
                if source == "":
                    raise TemplateError("Word 模板缺少关系部件，已损坏", where=self.path)
                continue
            root = _parse(self.archive.read(info))
            dropped = set()
            main_found = source != ""
            for rel in list(root):
                rel_id = rel.get("Id") or ""
                kind = _type_name(rel.get("Type") or "")
                target = rel.get("Target") or ""
                keep = self._judge(source, kind, target, external=(rel.get("TargetMode") or "").lower() == "external")
                if not keep:
                    root.remove(rel)
                    dropped.add(rel_id)
                    continue
                part = _resolve(source, target).lower()
                if kind == "officeDocument" and source == "":
                    main_found = True
                if part not in seen:
                    seen.add(part)
                    self.kept[part] = kind
                    if not part.endswith(".rels"):
                        queue.append(part)
            if not main_found:
                raise TemplateError(
                    "Word 模板的正文部件不在文件里（指向外部或缺失），无法使用",
                    where=self.path,
                    hint="请在 Word 中打开后另存为新的 .docx",
                )
            self.rels[info.filename.lower()] = _serialize(root)
            if dropped:
                self.dropped_ids[source] = dropped

    def _judge(self, source: str, kind: str, target: str, *, external: bool) -> bool:
        """Whether a relationship of *kind* from *source* to *target* stays; notes what goes."""
        if external:
            if kind == "attachedTemplate":
                self.findings.add("attached", target)
            elif kind in ("mailMergeSource", "mailMergeHeaderSource", "recipientData"):
                self.findings.add("mailmerge")
            else:
                self.findings.add("external", target)
            return False
        if kind in _ACTIVE_TYPES:
            note = _ACTIVE_TYPES[kind]
            if note == "customxml" and self._empty_bibliography(source, target):
                return False
            self.findings.add(note, target if note == "attached" else None)
            return False
        part = _resolve(source, target).lower()
        if part not in self.members:
            return False  # a dangling relationship: Word would not find it either
        if kind not in _KEPT_TYPES:
            self.findings.add("other", _resolve(source, target))
            return False
        return True

    def _empty_bibliography(self, source: str, target: str) -> bool:
        """Whether a custom XML part is the empty bibliography store Word and python-docx
        put in every document (dropped without a note)."""
        info = self.members.get(_resolve(source, target).lower())
        if info is None or info.file_size > 4096:
            return False
        try:
            root = _parse(self.archive.read(info))
        except etree.XMLSyntaxError:
            return False
        return root.tag == f"{{{BIBLIOGRAPHY_NS}}}Sources" and len(root) == 0

    def _check_media(self) -> None:
        total = 0
        for name, kind in self.kept.items():
            if kind in _MEDIA_TYPES or not name.endswith((".xml", ".rels")):
                total += self.members[name].file_size
        if total > self.limit_mb * 1024 * 1024:
            size = total / (1024 * 1024)
            limit = f"{self.limit_mb:g}"
            raise TemplateError(
                f"Word 模板中的图片等媒体解压后共 {size:.1f} MB，超过 {limit} MB 的上限，已拒绝",
                where=self.path,
                hint="请在 Word 中压缩或删去大图片后再用（上限在设置文件的 house_template_media_mb 中）",
            )

    def _content_types(self, data: bytes) -> bytes:
        root = _parse(data)
        for entry in list(root):
            if entry.tag == f"{{{CONTENT_TYPES_NS}}}Override":
                part = (entry.get("PartName") or "").lstrip("/").lower()
                if part not in self.kept:
                    root.remove(entry)
        return _serialize(root)

    # -- one part ----------------------------------------------------------------------------------------
    def _clean_part(self, name: str) -> bytes:
        data = self.archive.read(self.members[name])
        if not name.endswith(".xml"):
            return data
        dropped = self.dropped_ids.get(name, set())
        if not dropped and not _may_hold_active_elements(data):
            return data
        root = _parse(data)
        changed = _clean_elements(root, dropped, self.findings)
        return _serialize(root) if changed else data


_ACTIVE_NAMES = re.compile(
    rb"fldSimple|instrText|fldChar|altChunk|object|OLEObject|control|customXml|dataBinding"
    rb"|attachedTemplate|linkStyles|mailMerge|attachedSchema|href"
)
_DECLARATION = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")


def _may_hold_active_elements(data: bytes) -> bool:
    """Whether an XML part needs parsing: an element name is written out literally, so a
    UTF-8 part whose bytes name none of the active elements holds none (a part in another
    encoding is always parsed). This only spares parsing the large style parts."""
    declared = _DECLARATION.match(data[:200])
    if declared and declared.group(1).lower().replace(b"-", b"") not in (b"utf8", b"usascii", b"ascii"):
        return True
    if not data.startswith(b"<") or b"\x00" in data[:200]:
        return True
    return _ACTIVE_NAMES.search(data) is not None


def _clean_elements(root, dropped: set[str], findings: _Findings) -> bool:
    """Take the active elements out of one XML part; ``True`` when anything changed."""
    changed = _drop_references(root, dropped) if dropped else False
    changed |= _strip_settings(root, findings)
    changed |= _strip_objects(root, findings)
    changed |= _strip_simple_fields(root, findings)
    changed |= _strip_complex_fields(root, findings)
    return changed


def _drop_references(root, dropped: set[str]) -> bool:
    """Remove what refers to a relationship the part lost: a hyperlink keeps its text, a
    picture or object goes with its drawing, anything else goes alone."""
    relid = f"{{{O_NS}}}relid"
    found = []
    for element in root.iter(etree.Element):
        for attribute, value in element.attrib.items():
            if (attribute.startswith(f"{{{R_NS}}}") or attribute == relid) and value in dropped:
                found.append(element)
                break
    for element in found:
        if element.tag == W + "hyperlink":
            _unwrap(element)
        elif element.tag == W + "sourceFileName":  # a web frame: the frameset goes
            frameset = ([None] + list(element.iterancestors(W + "frameset")))[-1]  # the outermost
            _remove(frameset if frameset is not None else element)
        else:
            container = next((a for a in element.iterancestors() if a.tag in _CONTAINERS), None)
            _remove_from_run(container if container is not None else element)
    return bool(found)


def _strip_settings(root, findings: _Findings) -> bool:
    changed = False
    for tag, kind in (
        ("attachedTemplate", "attached"),
        ("linkStyles", None),
        ("mailMerge", "mailmerge"),
        ("attachedSchema", "customxml"),
    ):
        for element in list(root.iter(W + tag)):
            if kind and kind not in findings.kinds:  # an external one was named with its target
                findings.add(kind)
            _remove(element)
            changed = True
    return changed


def _strip_objects(root, findings: _Findings) -> bool:
    changed = False
    for element in list(root.iter(W + "altChunk")):
        findings.add("altchunk")
        _remove(element)
        changed = True
    for element in list(root.iter(W + "object")):
        activex = next(element.iter(W + "control"), None) is not None
        findings.add("activex" if activex else "ole")
        _remove_from_run(element)
        changed = True
    for tag, kind in ((W + "control", "activex"), (f"{{{O_NS}}}OLEObject", "ole")):
        for element in list(root.iter(tag)):
            findings.add(kind)
            container = next((a for a in element.iterancestors() if a.tag in _CONTAINERS), None)
            _remove_from_run(container if container is not None else element)
            changed = True
    for element in list(root.iter(W + "customXml")):
        findings.add("customxml")
        for properties in element.findall(W + "customXmlPr"):
            element.remove(properties)
        _unwrap(element)
        changed = True
    for element in root.iter(f"{{{V_NS}}}*"):  # a VML shape's own link, outside any relationship
        for attribute in ("href", f"{{{O_NS}}}href"):
            if attribute in element.attrib:
                findings.add("external", element.attrib.pop(attribute))
                changed = True
    for element in list(root.iter(W + "dataBinding")):
        findings.add("customxml")
        _remove(element)
        changed = True
    return changed


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return _short(words[0].upper(), 30) if words else "（无名）"


def _strip_simple_fields(root, findings: _Findings) -> bool:
    """A ``w:fldSimple`` of any field but the page numbers becomes its result runs."""
    changed = False
    for element in list(root.iter(W + "fldSimple")):
        name = _field_name(element.get(W + "instr") or "")
        if name in ALLOWED_FIELDS:
            continue
        findings.add("field", name)
        for data in element.findall(W + "fldData"):
            element.remove(data)
        _unwrap(element)
        changed = True
    return changed


@dataclass
class _Field:
    chars: list = field(default_factory=list)
    """The field's own ``w:fldChar`` elements (begin, separate, end)."""
    code_runs: list = field(default_factory=list)
    """Runs of the field code (instructions and anything nested in them)."""
    instruction: str = ""
    in_code: bool = True


def _strip_complex_fields(root, findings: _Findings) -> bool:
    """A complex field (begin … separate … end) of any field but the page numbers loses its
    field characters and its code; its displayed result stays as plain runs. A field left
    open at the end of the part goes the same way, whatever it is."""
    instr_tags = (W + "instrText", W + "delInstrText")
    stack: list[_Field] = []
    stripped: list[_Field] = []
    strays = []
    for run in list(root.iter(W + "r")):
        for child in list(run):
            if child.tag == W + "fldChar":
                char_type = child.get(W + "fldCharType")
                if char_type == "begin":
                    _note_code_run(stack, run)
                    stack.append(_Field(chars=[child]))
                elif not stack:
                    strays.append(child)
                elif char_type == "separate":
                    stack[-1].chars.append(child)
                    stack[-1].in_code = False
                elif char_type == "end":
                    done = stack.pop()
                    done.chars.append(child)
                    name = _field_name(done.instruction)
                    if name not in ALLOWED_FIELDS:
                        findings.add("field", name)
                        stripped.append(done)
                else:
                    strays.append(child)
            elif child.tag in instr_tags:
                if stack and stack[-1].in_code:
                    stack[-1].instruction += child.text or ""
                    _note_code_run(stack, run)
                else:
                    strays.append(child)
            elif child.tag != W + "rPr":
                _note_code_run(stack, run)
    for left_open in stack:
        findings.add("field", _field_name(left_open.instruction))
        stripped.append(left_open)
    for done in stripped:
        for run in done.code_runs:
            _remove(run)
        for char in done.chars:
            _remove_from_run(char)
    for stray in strays:
        _remove_from_run(stray)
    return bool(stripped or strays)


def _note_code_run(stack: list[_Field], run) -> None:
    for open_field in stack:
        if open_field.in_code and (not open_field.code_runs or open_field.code_runs[-1] is not run):
            open_field.code_runs.append(run)


def _remove_from_run(element) -> None:
    """Remove *element*, and its run when nothing but run properties is left."""
    run = element.getparent()
    _remove(element)
    if run is not None and run.tag == W + "r" and all(child.tag == W + "rPr" for child in run):
        _remove(run)


def _remove(element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _unwrap(element) -> None:
    """Put *element*'s children in its place."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for child in list(element):
        parent.insert(index, child)
        index += 1
    parent.remove(element)
