"""The ``jianggao`` nbconvert exporter inside a Jupyter server: jupyter_server calls every
registered exporter in its own process (File → Save and Export As, /nbconvert/jianggao/…),
so a bad notebook must come back as an error answer carrying the Chinese message, and the
server must keep serving. On the command line the same notebook still ends non-zero with
one Chinese line and no traceback."""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import docx
import nbformat
import pytest
from browser_support import free_port, jupyter_env, wait_for

pytestmark = pytest.mark.slow
UNFILLED = "%%section outline\n# 标题\n在{{ 县名 }}会议上的讲话"
GOOD = ["%%variables\n县名: 平安县", UNFILLED, "%%section opening\n今天，我们在{{ 县名 }}开会。", "print('不影响导出')"]


def make_notebook(path, cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(cell) for cell in cells]
    nbformat.write(notebook, str(path))
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Jupyter server on 127.0.0.1 with a token, serving a temporary folder."""
    root = tmp_path_factory.mktemp("server-root")
    home = tmp_path_factory.mktemp("home")
    make_notebook(root / "缺变量.ipynb", [UNFILLED])
    make_notebook(root / "好的.ipynb", GOOD)
    port, token = free_port(), secrets.token_hex(16)
    env = dict(jupyter_env(home), JUPYTER_DATA_DIR=str(home / "data"))
    command = [
        sys.executable,
        "-m",
        "jupyter_server",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(home / "server.log", "w+")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/status?token={token}", seconds=60)
        yield f"http://127.0.0.1:{port}", token, process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def get(server, path, query=""):
    base, token, _, _ = server
    url = base + urllib.parse.quote(path) + (f"?{query}" if query else "")
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:  # an answer, not a dropped connection
        return error.code, error.read(), error.headers


def server_log(server) -> str:
    log = server[3]
    log.flush()
    log.seek(0)
    return log.read()


def test_a_bad_notebook_is_an_error_answer_and_the_server_keeps_serving(server):
    status, body, _ = get(server, "/nbconvert/jianggao/缺变量.ipynb")
    assert status == 500, body[:500]
    assert "变量“县名”没有值" in body.decode("utf-8"), body.decode("utf-8")[:2000]
    assert server[2].poll() is None, "the server died:\n" + server_log(server)
    status, _, _ = get(server, "/api/status")
    assert status == 200


def test_the_server_still_converts_a_good_notebook(server):
    get(server, "/nbconvert/jianggao/缺变量.ipynb")  # a failure first, then a good one
    status, body, headers = get(server, "/nbconvert/jianggao/好的.ipynb", "download=true")
    assert status == 200, body[:2000]
    assert headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    texts = [p.text for p in docx.Document(io.BytesIO(body)).paragraphs]
    assert texts[:2] == ["在平安县会议上的讲话", "今天，我们在平安县开会。"]
    assert server[2].poll() is None


def test_the_command_line_still_says_one_chinese_line_and_fails(tmp_path):
    notebook = make_notebook(tmp_path / "缺变量.ipynb", [UNFILLED])
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "jianggao", str(notebook)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2
    complaints = [line for line in result.stderr.splitlines() if not line.startswith("[NbConvertApp] Converting")]
    assert len(complaints) == 1, result.stderr
    assert complaints[0].startswith("jianggao：") and "变量“县名”没有值" in complaints[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "缺变量.docx").exists()


def test_called_from_python_it_raises_a_toolkit_error(tmp_path):
    from toolkit.errors import ToolkitError
    from toolkit.notebook.nbconvert_exporter import JianggaoExporter

    notebook = make_notebook(tmp_path / "缺变量.ipynb", [UNFILLED])
    with pytest.raises(ToolkitError, match="县名"):
        JianggaoExporter().from_filename(str(notebook))
    with contextlib.suppress(ToolkitError):
        JianggaoExporter().from_filename(str(notebook))  # and again: nothing left half-done
