"""Catalogue rows: house templates that carry active content or huge media (issue 10).

Each hostile template is the example house template with a frame around ``{{讲稿}}`` and
one attack injected (tests/hostile_templates.py). The export succeeds with one 提示 per
kind stripped (``says`` shows a piece of it; tests/test_house_template_safety.py checks the
notes), and the catalogue checks that every .docx written is inert; a template whose images
are too big is refused.
"""

from __future__ import annotations

import hostile_templates as hostile
from catalogue import DRAFT, Case, write


def _export(attacks, name: str = "恶意模板.docx"):
    def setup(folder):
        template = hostile.hostile_template(folder, attacks, name)
        return ["export", str(DRAFT), "-o", str(folder / "o.docx"), "--template", str(template)]

    return setup


def _stripped(case_id: str, what: str, attack: str) -> Case:
    return Case(case_id, what, _export((attack,)), 0, hostile.EXPECTED_NOTES[attack][0], creates=("o.docx",))


def _batch_with_hostile_template(folder):
    template = hostile.hostile_template(folder)
    table = write(folder, "表.csv", "会议名称,讲话人,要点\n全县例会,张三,抓落实。\n")
    (folder / "输出").mkdir()
    return ["batch", "例会讲话", "--vars", str(table), "-o", str(folder / "输出"), "--template", str(template)]


def _huge_image(folder):
    template = hostile.big_image_template(folder, 25)
    return ["export", str(DRAFT), "-o", str(folder / "o.docx"), "--template", str(template)]


CASES: list[Case] = [
    _stripped(
        "export-template-attached-remote",
        "单位模板的设置里挂接了网上的 .dotm 模板（绕过 .docm 的拒绝）：去掉挂接，照常导出",
        "attached_template",
    ),
    _stripped(
        "export-template-ddeauto-frame", "模板框内有 DDEAUTO 域（w:fldSimple）：去掉域，留下显示的文字", "dde_simple"
    ),
    _stripped("export-template-dde-footer", "模板页脚里页码旁有 DDE 域（复杂域）：去掉 DDE，页码域保留", "dde_footer"),
    _stripped(
        "export-template-includetext-header", "模板页眉里有 INCLUDETEXT 域读取本机文件：去掉域", "include_text_header"
    ),
    _stripped(
        "export-template-includepicture",
        "模板框内有 INCLUDEPICTURE 域链接网上图片：域和外部链接都去掉",
        "include_picture",
    ),
    _stripped(
        "export-template-external-image", "模板页眉里的图片链接到本机文件（file:///）：去掉图片", "external_image"
    ),
    _stripped("export-template-external-frame", "模板网页设置里有指向外部文件的框架：去掉", "external_frame"),
    _stripped("export-template-hyperlink", "模板框内有指向外网的超链接：保留文字，去掉链接", "hyperlink"),
    _stripped("export-template-vml-link", "模板页眉里的图形本身是指向外网的链接（VML href）：去掉链接", "vml_href"),
    _stripped("export-template-altchunk", "模板正文里嵌了一个 altChunk 外部文档：去掉", "alt_chunk"),
    _stripped("export-template-ole", "模板框内嵌了 OLE 对象（embeddings/oleObject1.bin）：去掉", "ole_object"),
    _stripped("export-template-activex", "模板框内有 ActiveX 按钮（activeX/activeX1.xml）：去掉", "activex"),
    _stripped(
        "export-template-custom-xml",
        "模板有自定义 XML 部件和 w:customXml 元素：部件去掉，元素里的文字保留",
        "custom_xml",
    ),
    Case(
        "export-template-everything",
        "一个模板里以上各种手段都有：全部去掉，每一种提示一次",
        _export(hostile.ATTACKS),
        0,
        "已去除",
        creates=("o.docx",),
    ),
    Case(
        "batch-template-hostile",
        "批量导出时用了带外部模板和 DDE 域的单位模板：每篇都照样去掉",
        _batch_with_hostile_template,
        0,
        "已去除",
        creates=("输出/002-全县例会.docx",),
    ),
    Case(
        "export-template-huge-image",
        "模板页眉里放了一张 25 MB 的图片：拒绝，说出大小和上限",
        _huge_image,
        2,
        "超过 20 MB 的上限",
    ),
]
