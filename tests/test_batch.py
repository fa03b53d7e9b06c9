"""Batch export: one .docx per CSV row, a broken row reported by its row number."""

import docx
import pytest
from conftest import run_cli

from toolkit.batch import output_name, read_rows, run_batch
from toolkit.drafts import save_draft
from toolkit.errors import InputFileError, OutputError
from toolkit.model import Point, Speech


@pytest.fixture
def draft(tmp_path):
    speech = Speech(
        title="在{{ 乡镇 }}秋冬季安全生产工作会议上的讲话",
        salutation="同志们：",
        opening=["今天，{{ 乡镇 }}召开会议，{{ 负责人 }}同志主持。"],
        transition="下面，我讲两点意见。",
        points=[Point("压实安全责任。", ["{{ 乡镇 }}要负总责。"]), Point("强化工作保障。")],
        closing=["同志们，安全无小事。"],
    )
    return save_draft(speech, tmp_path / "乡镇讲话.yaml")


def write_rows(path, rows, encoding="utf-8-sig"):
    path.write_text("\n".join(rows) + "\n", encoding=encoding)
    return path


def test_one_speech_per_row_named_by_the_file_name_column(tmp_path, draft):
    rows = write_rows(tmp_path / "乡镇.csv", ["文件名,乡镇,负责人", "城关镇讲话,城关镇,张三", "河口镇讲话,河口镇,李四"])
    out = tmp_path / "out"
    out.mkdir()
    result = run_batch(draft, rows, out, progress=False)
    assert [p.name for p in result.written] == ["城关镇讲话.docx", "河口镇讲话.docx"]
    texts = [p.text for p in docx.Document(str(out / "河口镇讲话.docx")).paragraphs]
    assert texts[0] == "在河口镇秋冬季安全生产工作会议上的讲话"
    assert texts[2] == "今天，河口镇召开会议，李四同志主持。"
    assert texts[4] == "一要压实安全责任。河口镇要负总责。"


def test_a_broken_row_is_reported_with_its_row_number_and_the_others_are_written(tmp_path, draft):
    lines = ["乡镇,负责人"] + [f"第{i}镇,负责人{i}" for i in range(1, 100)]
    lines[50] = "第50镇,"  # row 51 in Excel: 负责人 missing
    rows = write_rows(tmp_path / "rows.csv", lines)
    out = tmp_path / "out"
    out.mkdir()
    result = run_batch(draft, rows, out, progress=False)
    assert len(result.written) == 98
    assert [(f.row, "负责人" in f.message) for f in result.failures] == [(51, True)]
    assert len(list(out.glob("*.docx"))) == 98
    assert result.summary == "共 99 行：成功 98 篇，失败 1 行"


def test_gbk_csv_from_excel_is_read(tmp_path):
    rows = write_rows(tmp_path / "excel.csv", ["乡镇,负责人", "城关镇,张三"], encoding="gbk")
    assert read_rows(rows) == [(2, {"乡镇": "城关镇", "负责人": "张三"})]


def test_existing_files_are_not_overwritten(tmp_path, draft):
    rows = write_rows(tmp_path / "rows.csv", ["文件名,乡镇,负责人", "甲,城关镇,张三"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "甲.docx").write_bytes(b"mine")
    result = run_batch(draft, rows, out, progress=False)
    assert result.failures[0].row == 2 and "已存在" in result.failures[0].message
    assert (out / "甲.docx").read_bytes() == b"mine"


def test_file_names_are_made_safe_and_unique():
    used: set[str] = set()
    assert output_name(2, {"文件名": "a/b:c"}, used) == "a_b_c.docx"
    assert output_name(3, {"文件名": "a/b:c"}, used) == "a_b_c-2.docx"
    assert output_name(4, {"乡镇": "城关镇"}, used) == "004-城关镇.docx"


@pytest.mark.parametrize("content, message", [("", "空的"), (",\n1,2\n", "变量名"), ("a,a\n1,2\n", "重复")])
def test_bad_variable_tables(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputFileError, match=message):
        read_rows(path)


def test_missing_output_folder(tmp_path, draft):
    rows = write_rows(tmp_path / "rows.csv", ["乡镇,负责人", "甲,乙"])
    with pytest.raises(OutputError, match="不存在"):
        run_batch(draft, rows, tmp_path / "nope", progress=False)


def test_cli_batch_shows_progress_summary_and_failures(tmp_path, draft):
    rows = write_rows(tmp_path / "rows.csv", ["乡镇,负责人", "城关镇,张三", "河口镇,", "东坝乡,王五"])
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli("batch", str(draft), "--vars", str(rows), "-o", str(out))
    assert result.returncode == 1
    assert "3/3" in result.stderr  # the progress bar reached the end
    assert "失败：第3行：" in result.stderr and "负责人" in result.stderr
    assert "共 3 行：成功 2 篇，失败 1 行" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["002-城关镇.docx", "004-东坝乡.docx"]
