"""Template cells: %load_ext toolkit, %draft, %%variables and %%section in a live IPython,
and the same cells read by the nbconvert exporter without running them."""

import json
import subprocess
import sys

import docx
import nbformat
import pytest
from conftest import ROOT

from toolkit.drafts import open_draft
from toolkit.notebook import session as session_module


@pytest.fixture
def ipython(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setattr(session_module, "_SESSION", session_module.DraftSession())
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "toolkit")
    yield shell


HEAD = "# 标题\n在{{ 会议名称 }}上的讲话\n# 称呼\n同志们：\n"
OPENING = (
    "---\nkind: opening\n---\n今天，我们召开{{ 会议名称 }}。刚才，{{ 前面发言 | 顿号连接 }}作了发言，我完全同意。\n"
)


def test_section_cells_build_the_draft_on_disk(ipython, tmp_path):
    draft = tmp_path / "例会"
    ipython.run_line_magic("draft", str(draft))
    ipython.run_cell_magic("variables", "", "会议名称: 全县安全生产工作会议\n前面发言: [县应急局, 县交通局]\n")
    ipython.run_cell_magic("section", "outline", HEAD)
    view = ipython.run_cell_magic("section", "", OPENING)
    assert "今天，我们召开全县安全生产工作会议。刚才，县应急局、县交通局作了发言" in repr(view)
    ipython.run_cell_magic("section", "transition", "下面，我讲两点意见。")
    ipython.run_cell_magic("section", "point --name 压实责任", "压实安全责任。\n各乡镇要负总责。")
    ipython.run_cell_magic("section", "point --name 强化保障", "## 强化工作保障。\n要保障经费。")
    ipython.run_cell_magic("section", "closing", "同志们，安全无小事。")
    speech = open_draft(tmp_path / "例会.yaml")
    assert speech.title == "在全县安全生产工作会议上的讲话" and speech.salutation == "同志们："
    assert speech.meeting.name == "全县安全生产工作会议"
    assert [p.lead for p in speech.points] == ["压实安全责任。", "强化工作保障。"]
    assert speech.point_markers() == ["一要", "二要"]
    assert speech.closing == ["同志们，安全无小事。"]


def test_a_draft_changed_on_disk_is_not_overwritten_by_the_next_cell(ipython, tmp_path):
    from toolkit import DraftDocument

    draft = tmp_path / "例会.yaml"
    ipython.run_line_magic("draft", str(draft))
    ipython.run_cell_magic("section", "closing", "同志们，安全无小事。")
    colleague = DraftDocument.open(draft)
    colleague.speech.title = "同事改的标题"
    colleague.save()
    view = ipython.run_cell_magic("section", "transition", "下面，我讲两点意见。")
    message = repr(view)
    assert "已在别处被修改" in message and "%draft --overwrite" in message and "\n" not in message
    assert open_draft(draft).title == "同事改的标题" and open_draft(draft).transition is None
    assert "已覆盖" in ipython.run_line_magic("draft", "--overwrite")
    assert open_draft(draft).transition == "下面，我讲两点意见。"
    copies = list(tmp_path.glob("例会（被覆盖的版本*.yaml"))
    assert len(copies) == 1 and open_draft(copies[0]).title == "同事改的标题"


def test_running_a_point_cell_again_replaces_its_point(ipython, tmp_path):
    ipython.run_line_magic("draft", str(tmp_path / "d.yaml"))
    ipython.run_cell_magic("section", "point --name 甲", "甲的主旨。")
    ipython.run_cell_magic("section", "point --name 乙", "乙的主旨。")
    view = ipython.run_cell_magic("section", "point --name 甲", "甲改过的主旨。\n正文。")
    speech = open_draft(tmp_path / "d.yaml")
    assert [p.lead for p in speech.points] == ["甲改过的主旨。", "乙的主旨。"]
    assert "一要甲改过的主旨。正文。" in repr(view)


def test_the_cell_shows_the_rendered_section_escaped(ipython):
    view = ipython.run_cell_magic("section", "opening", "今天<b>开会</b>，{{ 县名 }}。")
    html = view._repr_html_()
    assert "&lt;b&gt;开会&lt;/b&gt;" in html and "<b>开会" not in html
    assert "还没有值的变量：县名" in repr(view)


def test_a_bad_cell_shows_one_chinese_line_not_a_traceback(ipython):
    view = ipython.run_cell_magic("section", "", "没有类型的节")
    assert repr(view).startswith("出错：没有说明这一节的类型")
    view = ipython.run_cell_magic("section", "opening", "{{ ''.__class__ }}")
    assert repr(view).startswith("出错：") and "class" not in repr(view).split("：", 1)[1].split("。")[0]


def make_notebook(path, cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(cell) for cell in cells]
    nbformat.write(notebook, path)
    return path


def test_nbconvert_turns_a_notebook_of_section_cells_into_a_docx(tmp_path):
    notebook = make_notebook(
        tmp_path / "模板.ipynb",
        [
            "%load_ext toolkit",
            "%%variables\n会议名称: 全县安全生产工作会议\n前面发言: [县应急局, 县交通局]",
            "%%section outline\n" + HEAD,
            "%%section\n" + OPENING,
            "%%section transition\n下面，我讲两点意见。",
            "%%section point --name 压实责任\n压实安全责任。\n各乡镇要负总责。",
            "%%section point --name 强化保障\n强化工作保障。\n要保障经费。",
            "%%section closing\n同志们，安全无小事。",
            "print('其他单元格不影响导出')",
        ],
    )
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "jianggao", str(notebook)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    texts = [p.text for p in docx.Document(str(tmp_path / "模板.docx")).paragraphs]
    assert texts == [
        "在全县安全生产工作会议上的讲话",
        "同志们：",
        "今天，我们召开全县安全生产工作会议。刚才，县应急局、县交通局作了发言，我完全同意。",
        "下面，我讲两点意见。",
        "一要压实安全责任。各乡镇要负总责。",
        "二要强化工作保障。要保障经费。",
        "同志们，安全无小事。",
    ]


def test_nbconvert_refuses_an_unfilled_variable_clearly(tmp_path):
    notebook = make_notebook(tmp_path / "n.ipynb", ["%%section outline\n# 标题\n在{{ 县名 }}会议上的讲话"])
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "jianggao", str(notebook)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "变量“县名”没有值" in result.stderr
    assert not (tmp_path / "n.docx").exists()


def test_nbconvert_exports_the_template_cells_notebook(tmp_path):
    source = ROOT / "notebooks" / "template-cells.ipynb"
    if not source.exists():
        pytest.fail("notebooks/template-cells.ipynb is missing")
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "jianggao", "--output-dir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "template-cells.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0].startswith("在") and "同志们：" in texts
    assert any(text.startswith("一要") for text in texts)
    assert json.loads(source.read_text(encoding="utf-8"))["cells"]
