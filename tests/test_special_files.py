"""Only regular files are read, at most their limit plus one byte (issue 10, point 5).

A FIFO would hang a reader and a symbolic link to /dev/zero would pour gigabytes into it:
every reader (the command line's show/check/export/import/templates/batch/new, the
composer, the notebook's %draft and nbconvert) refuses them with one Chinese line and
exit 2, before opening them. Every command here runs in a subprocess with a timeout and
an address-space limit, so a regression fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, run_python

from toolkit.errors import ToolkitError
from toolkit.files import read_regular_file

DRAFT = ROOT / "examples" / "drafts" / "秋冬季安全生产工作会议讲话.yaml"
SPEECH = "在全县工作会议上的讲话\n同志们：\n今天开会。下面，我讲两点意见。\n一要提高认识。\n二要狠抓落实。\n"
LIMITS = dict(timeout=60, memory_limit=2 * 1024**3)
WORDS = {"fifo": "命名管道", "zero": "设备文件", "socket": "套接字", "null": "设备文件"}


def make_special(folder: Path, kind: str, name: str) -> Path:
    """A FIFO, a symbolic link to /dev/zero, a socket, or a link to /dev/null named *name*."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "null":
        path.symlink_to("/dev/null")
    else:
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind(str(path))
    return path


def assert_refused(result: subprocess.CompletedProcess, kind: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert WORDS[kind] in lines[0], lines[0]


@pytest.fixture
def folder(tmp_path) -> Path:
    shutil.copy(DRAFT, tmp_path / "草稿.yaml")
    (tmp_path / "讲话.txt").write_text(SPEECH, encoding="utf-8")
    return tmp_path


KINDS = ["fifo", "zero", "socket", "null"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["show", "check", "import", "export"])
@pytest.mark.parametrize("suffix", [".yaml", ".txt", ".docx"])
def test_a_special_speech_or_draft_is_refused_by_every_command(folder, kind, command, suffix):
    special = make_special(folder, kind, f"s{suffix}")
    arguments = [command, str(special)] + (["-o", str(folder / "x.docx")] if command == "export" else [])
    assert_refused(run_cli(*arguments, cwd=folder, **LIMITS), kind)
    assert not (folder / "x.docx").exists()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "option, name", [("--template", "模板.docx"), ("--styles", "样式.yaml"), ("--vars", "变量.yaml")]
)
def test_special_export_inputs_are_refused(folder, kind, option, name):
    special = make_special(folder, kind, name)
    result = run_cli("export", str(folder / "草稿.yaml"), "-o", str(folder / "x.docx"), option, str(special), **LIMITS)
    assert_refused(result, kind)
    assert not (folder / "x.docx").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_special_noise_rules_and_settings_are_refused(folder, kind):
    special = make_special(folder, kind, "规则.yaml")
    assert_refused(run_cli("import", str(folder / "讲话.txt"), "--noise-rules", str(special), **LIMITS), kind)
    env = dict(os.environ, JIANGGAO_CONFIG=str(special))
    assert_refused(run_cli("import", str(folder / "讲话.txt"), env=env, **LIMITS), kind)


@pytest.mark.parametrize("kind", KINDS)
def test_a_special_csv_is_refused_by_batch(folder, kind):
    special = make_special(folder, kind, "乡镇.csv")
    output = folder / "输出"
    output.mkdir()
    assert_refused(run_cli("batch", "例会讲话", "--vars", str(special), "-o", str(output), **LIMITS), kind)
    assert not any(output.iterdir())


@pytest.mark.parametrize("kind", KINDS)
def test_a_special_file_in_a_team_folder_is_skipped_and_named(folder, kind):
    """A stray FIFO or device link named *.md in a shared folder must not stop anyone's
    library: it is skipped, named on stderr with why, and the other templates work."""
    team = folder / "团队模板"
    make_special(team / "skeleton", kind, "坏骨架.md")
    env = dict(os.environ, JIANGGAO_TEMPLATES=str(team))
    listed = run_cli("templates", env=env, **LIMITS)
    assert listed.returncode == 0, listed.stderr
    assert "例会讲话" in listed.stdout
    assert "坏骨架.md" in listed.stderr and "【有问题，已跳过】" in listed.stderr and WORDS[kind] in listed.stderr
    created = run_cli("new", "-t", "例会讲话", "-o", str(folder / "新"), env=env, **LIMITS)
    assert created.returncode == 0, created.stderr
    assert (folder / "新.yaml").is_file()
    unknown = run_cli("new", "-t", "坏骨架", "-o", str(folder / "坏"), env=env, **LIMITS)
    assert unknown.returncode == 2 and "有问题、已跳过" in unknown.stderr, unknown.stderr


def test_a_team_template_that_is_not_utf8_is_skipped_and_named(folder):
    team = folder / "团队模板"
    (team / "skeleton").mkdir(parents=True)
    (team / "skeleton" / "旧.md").write_bytes("---\nid: 旧\n---\n".encode("gbk"))
    listed = run_cli("templates", env=dict(os.environ, JIANGGAO_TEMPLATES=str(team)), **LIMITS)
    assert listed.returncode == 0 and "UTF-8" in listed.stderr, listed.stderr


def test_the_reader_reads_at_most_the_limit_plus_one_byte(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 1000)
    assert read_regular_file(big, limit=1000, what="文件") == b"a" * 1000
    with pytest.raises(ToolkitError, match="过大"):
        read_regular_file(big, limit=999, what="文件")
    assert read_regular_file(big, limit=10, what="文件", partial=True) == b"a" * 10


def _run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    """*code* in a fresh interpreter with a timeout and an address-space limit."""
    return run_python("-c", textwrap.dedent(code), cwd=cwd, timeout=120, memory_limit=3 * 1024**3)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_the_composer_refuses_a_special_draft_clearly(folder, kind):
    special = make_special(folder, kind, "特殊.yaml")
    result = _run_python(
        f"""
        from toolkit.errors import ToolkitError
        from toolkit.widgets import Composer

        try:
            Composer({str(special)!r})
        except ToolkitError as error:
            print("REFUSED", error)
        composer = Composer({str(folder / "草稿.yaml")!r})
        try:
            composer.state.open({str(special)!r})
        except ToolkitError as error:
            print("REFUSED", error)
        """,
        folder,
    )
    assert result.returncode == 0, result.stderr
    refusals = [line for line in result.stdout.splitlines() if line.startswith("REFUSED")]
    assert len(refusals) == 2 and all(WORDS[kind] in line for line in refusals), result.stdout


@pytest.mark.slow
def test_the_composer_opens_with_a_fifo_in_the_team_folder(folder):
    team = folder / "团队模板"
    make_special(team / "skeleton", "fifo", "坏骨架.md")
    result = _run_python(
        f"""
        import os
        os.environ["JIANGGAO_TEMPLATES"] = {str(team)!r}
        from toolkit.widgets import Composer

        composer = Composer({str(folder / "草稿.yaml")!r})
        print("OPENED", len(composer.library), len(composer.library.unreadable))
        """,
        folder,
    )
    assert result.returncode == 0, result.stderr
    assert "OPENED" in result.stdout and result.stdout.split()[-1] == "1", result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_nbconvert_with_a_special_draft_says_one_line(folder, kind):
    import nbformat

    special = make_special(folder, kind, "特殊.yaml")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(cell)
        for cell in ["%load_ext toolkit", f"%draft {special}", "%%section closing\n同志们，安全无小事。"]
    ]
    nbformat.write(notebook, folder / "模板.ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "jianggao", str(folder / "模板.ipynb")],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if line.startswith("jianggao：")]
    assert len(ours) == 1 and WORDS[kind] in ours[0] and "Traceback" not in result.stderr, result.stderr
    assert not (folder / "模板.docx").exists()
