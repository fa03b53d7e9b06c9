"""The 导出 button as a writer uses it: open problems first (each taking the writer to its
place) with 返回修改 and 仍然导出; each draft updates its own .docx and never a colleague's;
one file for a double click; every page pictured, full-size on a click."""

import base64
import re
import struct
import threading
from types import SimpleNamespace

import docx
import ipywidgets as w
import pytest
from conftest import require_tool
from docx_read import W

from toolkit import service
from toolkit.drafts import save_draft
from toolkit.model import Point, Speech
from toolkit.widgets import Composer, export_panel

TITLE = "在全县防汛工作会议上的讲话"


def clean_speech(**changes) -> Speech:
    fields = dict(
        title=TITLE,
        salutation="同志们：",
        opening=["今天召开全县防汛工作会议。"],
        transition="下面，我讲两点意见。",
        points=[Point("提高认识。", ["要认真学习。"]), Point("压实责任。", ["要真抓实干。"])],
        closing=["同志们，让我们共同努力。"],
    )
    fields.update(changes)
    return Speech(**fields)


def composer_for(folder, speech, name="草稿.yaml"):
    folder.mkdir(parents=True, exist_ok=True)
    path = save_draft(speech, folder / name)
    return Composer(path, autosave_delay=0, refresh_delay=0)


@pytest.fixture
def no_pictures(monkeypatch):
    """Page pictures are not what these tests look at: skip LibreOffice."""
    monkeypatch.setattr(service, "can_render_pages", lambda: False)


@pytest.fixture
def quick_clicks(monkeypatch):
    """Clicks in a test come faster than any writer's double click."""
    monkeypatch.setattr(export_panel, "DOUBLE_CLICK", 0)


@pytest.fixture
def cursor(monkeypatch):
    """Where the cursor is put (``box.focus()``), each with the tab of ``cursor.tabs`` showing then."""
    spy = SimpleNamespace(tabs=None, put=[])

    def focus(box):
        spy.put.append((box, spy.tabs.get_title(spy.tabs.selected_index) if spy.tabs is not None else None))

    monkeypatch.setattr(w.DOMWidget, "focus", focus)
    return spy


def counted_exports(monkeypatch) -> list:
    """The paths :func:`toolkit.service.export` writes from now on (it still writes them)."""
    writes = []
    real_export = service.export
    monkeypatch.setattr(service, "export", lambda *a, **k: writes.append(a[1]) or real_export(*a, **k))
    return writes


def docx_files(folder):
    return sorted(path.name for path in folder.glob("*.docx"))


def document_text(path) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def test_open_problems_are_listed_first_and_nothing_is_written(tmp_path, no_pictures, quick_clicks):
    speech = clean_speech(
        opening=["请×县各单位认真落实。"],
        transition="下面，我讲三点意见。",
        points=[Point("提高认识。", ["要认真学习。"]), Point("")],
        closing=["同志们，让我们共同努力。", "更多精彩范文请关注公众号：笔杆子"],
    )
    composer = composer_for(tmp_path, speech)
    panel = composer.export
    panel.export.click()
    assert docx_files(tmp_path) == []
    assert panel.review.layout.display != "none"
    places = [row.children[0].description for row in panel.review_list.children]
    assert places == ["第2点", "开头第1段", "结尾第2段", "过渡句"]
    listed = panel.review_title.value + "".join(row.children[1].value for row in panel.review_list.children)
    assert "还有 4 个问题" in listed and "×县" in listed and "公众号" in listed and "说要讲三点" in listed
    assert "--" not in listed
    assert (panel.back.description, panel.anyway.description) == ("返回修改", "仍然导出")
    assert not panel.export.disabled and panel.export.description == "导出"

    panel.back.click()  # 返回修改: the list closes and the first problem's tab shows
    assert panel.review.layout.display == "none" and docx_files(tmp_path) == []
    assert composer.tabs.get_title(composer.tabs.selected_index) == "结构"

    panel.export.click()
    panel.anyway.click()  # 仍然导出
    assert docx_files(tmp_path) == [f"{TITLE}.docx"]
    assert "×县" in document_text(tmp_path / f"{TITLE}.docx")
    message = panel.message.value
    assert "已导出" in message and "文件中仍有 4 个问题" in message
    assert message.index("已导出") < message.index("×县") and "公众号" in message
    assert panel.review.layout.display == "none" and "下载" in panel.download.value
    panel.anyway.click()  # a second click on the button just gone writes nothing more
    assert docx_files(tmp_path) == [f"{TITLE}.docx"]


def test_a_clicked_problem_takes_the_writer_to_its_place(tmp_path, no_pictures, cursor):
    speech = clean_speech(
        title="",
        opening=["{{ 县名 }}要抓紧。"],
        points=[Point("提高认识。"), Point("")],
        closing=["请×县各单位认真落实。"],
    )
    speech.transition = None
    composer = composer_for(tmp_path, speech)
    cursor.tabs = composer.tabs
    panel = composer.export
    assert panel.run_export() is None
    rows = {row.children[0].description: row.children[0] for row in panel.review_list.children}
    current = lambda: composer.tabs.get_title(composer.tabs.selected_index)  # noqa: E731
    rows["标题"].click()
    assert current() == "会议信息" and composer.state.revealed == "标题"
    rows["开头第1段"].click()  # 变量“县名”还没有值: filled in 变量, the cursor in its field
    assert current() == "变量" and composer.state.revealed == "变量“县名”"
    assert cursor.put[-1] == (composer.variables.fields["县名"], "变量")  # the tab showed first
    rows["结尾第1段"].click()  # ×县 is replaced everywhere at once in 占位符
    assert current() == "占位符" and composer.state.revealed == "占位符“×县”"
    assert cursor.put[-1] == (composer.placeholders.fields["×县"], "占位符")
    lead = composer.structure.points_box.children[1].children[0].children[1]
    rows["第2点"].click()
    assert current() == "结构" and composer.state.revealed == "第2点"
    assert cursor.put[-1] == (lead, "结构")
    composer.tabs.selected_index = 0
    composer.state.reveal("占位符“×县”")  # from anywhere else in the composer, too
    assert current() == "占位符" and cursor.put[-1][0] is composer.placeholders.fields["×县"]
    composer.state.reveal("变量“县名”")
    assert current() == "变量" and cursor.put[-1][0] is composer.variables.fields["县名"]
    assert composer.structure.reveal("第2点主旨句") is lead
    assert composer.structure.reveal("开头第1段") is composer.structure.opening


def test_hints_do_not_stop_the_export_and_a_fixed_problem_leaves_the_list(tmp_path, no_pictures):
    speech = clean_speech(
        transition="下面，我讲两点意见。",
        points=[Point("切实提高认识。"), Point("切实压实责任。"), Point("强化保障。")],
    )
    composer = composer_for(tmp_path, speech)
    panel = composer.export
    assert any(p.severity == "hint" for p in service.check(composer.speech))
    assert panel.run_export() is None and len(panel.problems) == 1  # the transition; not the hint
    composer.structure.transition.value = "下面，我讲两点意见，供大家参考。"
    assert panel.review.layout.display != "none"
    composer.structure.transition.value = "下面，我讲三点意见。"
    assert panel.review.layout.display == "none" and "可以导出" in panel.message.value
    assert panel.run_export() == tmp_path / f"{TITLE}.docx"


def test_reexporting_updates_this_drafts_own_file_and_never_a_colleagues(tmp_path, no_pictures, quick_clicks):
    colleague_file = tmp_path / f"{TITLE}.docx"
    service.export(clean_speech(opening=["同事的讲稿。"]), colleague_file)
    colleague_bytes = colleague_file.read_bytes()
    composer = composer_for(tmp_path, clean_speech())
    panel = composer.export
    first = panel.run_export()
    assert first == tmp_path / f"{TITLE}（2）.docx"
    assert "已有同名文件，没有改动它" in panel.message.value
    composer.structure.opening.value = "今天召开全县防汛工作会议，部署汛期工作。"
    panel.export.click()
    assert panel.last_path == first and "更新了这份草稿上次导出的文件" in panel.message.value
    assert "部署汛期工作" in document_text(first)
    assert colleague_file.read_bytes() == colleague_bytes
    assert docx_files(tmp_path) == [f"{TITLE}.docx", f"{TITLE}（2）.docx"]

    # Another draft in the same folder with the same title gets a file of its own.
    other = composer_for(tmp_path, clean_speech(opening=["另一份草稿。"]), name="另一份.yaml")
    assert other.export.run_export() == tmp_path / f"{TITLE}（3）.docx"
    assert "部署汛期工作" in document_text(first)

    # Once someone has saved the exported file (Word counts a revision), it is theirs.
    edited = docx.Document(str(first))
    edited.core_properties.revision = 2
    edited.save(str(first))
    edited_bytes = first.read_bytes()
    assert composer.export.run_export() == tmp_path / f"{TITLE}（4）.docx"
    assert first.read_bytes() == edited_bytes


def test_switching_drafts_forgets_the_last_export(tmp_path, no_pictures):
    composer = composer_for(tmp_path, clean_speech())
    panel = composer.export
    assert panel.run_export() is not None and "已导出" in panel.message.value
    composer.state.open(save_draft(clean_speech(title="在全县秋收工作会议上的讲话"), tmp_path / "秋收.yaml"))
    assert panel.message.value == panel.download.value == panel.thumbnails.value == ""
    assert panel.last_path is None and panel.file_name.value == "在全县秋收工作会议上的讲话.docx"


def test_undo_keeps_the_export_result_and_another_draft_clears_it(tmp_path, no_pictures, workspace):
    composer = composer_for(tmp_path, clean_speech())
    panel = composer.export
    panel.file_name.value = "防汛讲话定稿.docx"
    exported = panel.run_export()
    assert exported == tmp_path / "防汛讲话定稿.docx"
    result = (panel.message.value, panel.download.value, panel.thumbnails.value)
    assert "已导出" in result[0] and "下载" in result[1]
    composer.structure.opening.value = "今天召开全县防汛工作会议，部署汛期工作。"
    for step in (composer.state.undo, composer.state.redo, composer.state.undo):  # 撤销, 重做: the same draft
        assert step()
        assert (panel.message.value, panel.download.value, panel.thumbnails.value) == result
        assert panel.last_path == exported and panel.file_name.value == "防汛讲话定稿.docx"
    assert composer.structure.opening.value == "今天召开全县防汛工作会议。"
    assert panel.run_export() == exported  # still this draft's own file, updated

    composer.draft_bar.empty.click()  # another draft
    assert panel.message.value == panel.download.value == panel.thumbnails.value == ""
    assert panel.last_path is None and panel.file_name.value == "讲话稿.docx"


def test_a_double_click_writes_once_and_the_button_says_what_it_is_doing(tmp_path, monkeypatch):
    composer = composer_for(tmp_path, clean_speech())
    panel = composer.export
    writes = counted_exports(monkeypatch)
    release = threading.Event()
    labels = []

    def slow_pictures(docx_path, folder, **options):
        labels.append((panel.export.description, panel.export.disabled))
        release.wait(30)
        raise service.ToolkitError("测试中不生成")

    monkeypatch.setattr(service, "can_render_pages", lambda: True)
    monkeypatch.setattr(service, "page_images", slow_pictures)
    panel.export.click()
    panel.export.click()  # the second click of a double click
    assert len(writes) == 1
    assert panel.export.disabled and panel.export.description == "正在生成页面图…"
    assert "正在生成页面图" in panel.thumbnails.value
    monkeypatch.setattr(export_panel, "DOUBLE_CLICK", 0)
    panel.export.click()  # still working on the pictures: ignored
    assert len(writes) == 1
    composer.facts.title.value = TITLE + "（修改稿）"  # typing goes on meanwhile
    release.set()
    assert panel.wait_for_pages(30)
    assert not panel.export.disabled and panel.export.description == "导出"
    assert labels == [("正在生成页面图…", True)]
    assert docx_files(tmp_path) == [f"{TITLE}.docx"]

    seen = []
    monkeypatch.setattr(service, "can_render_pages", lambda: False)
    real_check = service.check
    monkeypatch.setattr(
        service,
        "check",
        lambda s, **k: seen.append((panel.export.description, panel.export.disabled)) or real_check(s, **k),
    )
    panel.run_export()
    assert seen[0] == ("正在导出…", True) and panel.export.description == "导出"


def test_an_export_error_names_no_command_line_option(tmp_path, no_pictures):
    composer = composer_for(tmp_path, clean_speech())
    composer.export.template.options = [("坏模板", str(tmp_path / "没有这个模板.docx"))]
    composer.export.template.value = str(tmp_path / "没有这个模板.docx")
    assert composer.export.run_export() is None
    message = composer.export.message.value
    assert "没有导出" in message and "找不到 Word 模板" in message and "--" not in message


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", data[16:20])[0]


@pytest.mark.slow
def test_every_page_is_pictured_large_and_opens_full_size(tmp_path):
    require_tool("soffice", "page pictures")
    require_tool("pdftoppm", "page pictures")
    long_points = [
        Point(f"第{n}项工作要抓实。", ["要认真研究，抓好落实，确保各项任务按时完成。" * 8] * 3) for n in range(4)
    ]
    composer = composer_for(tmp_path, clean_speech(transition="下面，我讲几点意见。", points=long_points))
    panel = composer.export
    path = panel.run_export()
    assert path is not None and panel.export.disabled and "正在生成页面图" in panel.export.description
    assert panel.wait_for_pages(120)
    html = panel.thumbnails.value
    images = re.findall(r'<img alt="第(\d+)页" src="data:image/png;base64,([^"]+)"', html)
    pages = len(service.page_images(path, tmp_path / "页面", dpi=10))
    assert pages >= 3 and [int(n) for n, _ in images] == list(range(1, pages + 1))
    assert f"共 {pages} 页" in html
    assert html.count("<details>") == pages and "<summary" in html  # a click opens the page full-size
    assert "details[open] img{width:auto;max-width:none" in html and f"width:{export_panel.THUMBNAIL_WIDTH}px" in html
    assert png_width(base64.b64decode(images[0][1])) >= 800  # A4 at 100 dpi
    assert not panel.export.disabled and panel.export.description == "导出"


def test_the_reading_copy_choice_writes_the_copy_the_leader_reads_from(tmp_path, no_pictures):
    speech = clean_speech(
        opening=["今天召开全县防汛工作会议，单县长通报了汛情。要赓续优良传统。"], readings={"单县长": "Shàn xiàn zhǎng"}
    )
    composer = composer_for(tmp_path, speech)
    panel = composer.export
    assert panel.format.options[-1] == ("念稿版（大字、注音，供领导念稿）", "reading")  # one choice with Word and PDF
    assert panel.reading_options.layout.display == "none"
    panel.format.value = "reading"
    assert panel.reading_options.layout.display != "none" and panel.official_options.layout.display == "none"
    assert panel.template.disabled
    assert panel.file_name.value == f"{TITLE}（念稿版）.docx"
    assert panel.reading_size.options == ("二号", "小一", "三号")
    panel.reading_size.value = "小一"
    panel.point_per_page.value = True
    path = panel.run_export()
    assert path == tmp_path / f"{TITLE}（念稿版）.docx"
    document = docx.Document(str(path))
    body = document.styles["讲话正文"].element
    assert body.find(f"{W}rPr/{W}sz").get(f"{W}val") == "48"  # 小一
    xml = document.element.xml
    assert xml.count("<w:ruby>") == 4 and "<w:t>gēng</w:t>" in xml and "<w:t>Shàn</w:t>" in xml
    assert xml.count("<w:pageBreakBefore/>") == 2  # 一要, 二要
    assert (
        "加注拼音的字词" in panel.message.value
        and "赓" in panel.message.value
        and "Shàn xiàn zhǎng" in panel.message.value
    )
    assert "readings" not in panel.message.value and "--" not in panel.message.value
    panel.format.value = "docx"
    assert panel.file_name.value == f"{TITLE}.docx" and not panel.template.disabled
    assert panel.official_options.layout.display != "none" and panel.reading_options.layout.display == "none"
    assert panel.run_export() == tmp_path / f"{TITLE}.docx"
    assert "<w:ruby>" not in docx.Document(str(tmp_path / f"{TITLE}.docx")).element.xml


def test_the_format_choice_offers_word_and_pdf_and_names_the_file(tmp_path, no_pictures):
    composer = composer_for(tmp_path, clean_speech())
    panel = composer.export
    assert [value for _, value in panel.format.options] == list(service.FORMATS) == ["docx", "pdf", "reading"]
    assert panel.file_name.value == f"{TITLE}.docx"
    panel.format.value = "pdf"
    assert panel.file_name.value == f"{TITLE}.pdf"
    panel.file_name.value = "防汛讲话定稿.docx"  # typed by the writer: the words stay, the suffix follows
    panel.format.value = "docx"
    panel.format.value = "pdf"
    assert panel.file_name.value == "防汛讲话定稿.pdf"
    panel.format.value = "reading"  # the reading copy is a Word document too
    assert panel.file_name.value == "防汛讲话定稿.docx"
    panel.file_name.value = panel.suggested_name()
    assert panel.file_name.value == f"{TITLE}（念稿版）.docx"
    panel.format.value = "pdf"  # the suggested name follows the format, tag and all
    assert panel.file_name.value == f"{TITLE}.pdf"


def test_pdf_without_libreoffice_says_so_in_plain_words(tmp_path, no_pictures):
    composer = composer_for(tmp_path, clean_speech())
    panel = composer.export
    panel.format.value = "pdf"
    assert panel.run_export() is None
    message = panel.message.value
    assert "没有导出" in message and "没有安装 LibreOffice，无法导出 PDF" in message and "选择导出 Word 文档" in message
    assert "apt-get" not in message and "--" not in message
    assert list(tmp_path.glob("*.pdf")) == [] and not panel.export.disabled


@pytest.mark.slow
def test_the_composer_exports_a_pdf_pictures_it_and_updates_its_own_pdf(tmp_path, quick_clicks):
    require_tool("soffice", "makes the PDF")
    require_tool("pdftoppm", "page pictures")
    from pdf_measure import pdf_text

    composer = composer_for(tmp_path, clean_speech())
    panel = composer.export
    panel.format.value = "pdf"
    try:
        path = panel.run_export()
        assert path == tmp_path / f"{TITLE}.pdf" and path.read_bytes()[:5] == b"%PDF-"
        assert "今天召开全县防汛工作会议" in pdf_text(path).replace("\n", "")
        assert f"已导出：{path}" in panel.message.value
        assert (
            'href="data:application/pdf;base64,' in panel.download.value and f"下载 {path.name}" in panel.download.value
        )
        assert panel.wait_for_pages(120)
        assert "共 1 页" in panel.thumbnails.value and '<img alt="第1页"' in panel.thumbnails.value

        composer.structure.opening.value = "今天召开全县防汛工作会议，部署汛期工作。"
        assert panel.run_export() == path  # this draft's own PDF, updated
        assert "更新了这份草稿上次导出的文件" in panel.message.value
        assert "部署汛期工作" in pdf_text(path).replace("\n", "")
        assert panel.wait_for_pages(120)
        assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [path.name]

        other = composer_for(tmp_path, clean_speech(opening=["另一份草稿。"]), name="另一份.yaml")
        other.export.format.value = "pdf"
        assert other.export.run_export() == tmp_path / f"{TITLE}（2）.pdf"  # never a colleague's PDF
        assert other.export.wait_for_pages(120)
        assert "部署汛期工作" in pdf_text(path).replace("\n", "")
    finally:
        service.keep_office_warm(False)


def test_a_click_as_soon_as_the_page_pictures_are_done_exports_again(tmp_path, monkeypatch):
    """The double-click guard counts from the export, not from the page pictures: a writer who
    clicks 导出 the moment it is back after the pictures gets a new export."""
    composer = composer_for(tmp_path, clean_speech())
    panel = composer.export
    writes = counted_exports(monkeypatch)
    release = threading.Event()

    def slow_pictures(*_arguments, **_options):
        release.wait(30)
        return []

    clock = [1000.0]
    monkeypatch.setattr(export_panel, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    monkeypatch.setattr(service, "can_render_pages", lambda: True)
    monkeypatch.setattr(service, "page_images", slow_pictures)
    panel.export.click()  # the export ends at 1000 s; the pictures go on
    clock[0] = 1100.0
    release.set()  # the pictures end at 1100 s
    assert panel.wait_for_pages(30) and panel.export.description == "导出"
    clock[0] = 1100.1  # a click a moment after the button is back
    panel.export.click()
    assert len(writes) == 2 and "更新了这份草稿上次导出的文件" in panel.message.value
