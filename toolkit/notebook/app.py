"""``jianggao compose [草稿]``: the composer as an app in the browser, without the repository.

A small notebook is generated in a temporary folder; its one cell shows
``Composer(<draft>)`` (the example draft when none is given). Voila serves it on
127.0.0.1 on a free port with a random token; the address is printed (and opened in the
browser unless ``open_browser=False``), and the app runs until Ctrl+C, which stops Voila
cleanly (its kernels are shut down) and removes the temporary folder.

A speech file (.txt/.md/.docx, or .doc/.wps/.rtf/.odt through LibreOffice) is imported
into a new draft in the workspace first, so any problem with it is one line on the command
line rather than an error inside the page.

Nothing here imports ipywidgets: the composer runs in Voila's kernel, not in this process.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from toolkit import resources
from toolkit.errors import InputFileError, ToolkitError
from toolkit.workspace import new_draft_path

#: What the app needs beyond the base install (all come with ``jianggao[notebook]``).
REQUIRED_MODULES = ("voila", "ipywidgets", "ipykernel", "nbformat")
NOTEBOOK_NAME = "讲稿编辑器.ipynb"
START_SECONDS = 60
KERNEL_IDLE_SECONDS = 600
"""A kernel no page has been connected to for this long (10 minutes) is shut down. A closed
or reloaded page shuts its kernel down at once (:mod:`toolkit.notebook.voila_auth`); this
catches the pages that could not say so: a browser that crashed or was killed, a tab the
browser discarded. A page that is open keeps its kernel however long it sits unused, and
the pre-heated kernel waiting for the next page is never shut down (Voila keeps its pool
out of the culling)."""


def voila_options(kernel_idle: float = KERNEL_IDLE_SECONDS) -> tuple[str, ...]:
    """The options ``jianggao compose`` and ``make voila`` start Voila with; a kernel without
    a page is shut down after *kernel_idle* seconds (looked for every fifth of that, at most
    every minute)."""
    every = max(1, min(60, round(kernel_idle / 5)))
    return (
        "--preheat_kernel=True",
        "--pool_size=1",
        "--VoilaKernelManager.fill_delay=5",
        "--template=jianggao",
        "--Voila.identity_provider_class=toolkit.notebook.voila_auth.PageIdentityProvider",
        f"--MappingKernelManager.cull_idle_timeout={kernel_idle:g}",
        f"--MappingKernelManager.cull_interval={every}",
        "--MappingKernelManager.cull_connected=False",
    )


VOILA_OPTIONS = voila_options()
"""Voila keeps one kernel started ahead, the notebook run up to the page request (see
:mod:`toolkit.notebook.preheat`), so a page does not wait for Python, Jupyter and the
toolkit to start. The next one is started 5 seconds after a page took the last (Voila's
default is 1), so that it does not compete with the page being set up and the writer's
first keystrokes. The page is Voila's own without the style sheets it links from the
internet, which kept it blank where the internet is unreachable (the template is in
``toolkit/data/voila``, found through ``JUPYTER_PATH``, see :func:`voila_environment`).
A page's kernel ends with the page: closing or reloading it shuts the kernel down
(:mod:`toolkit.notebook.voila_auth`), and a kernel left without a page for
:data:`KERNEL_IDLE_SECONDS` is shut down by Jupyter Server's culler; open pages are never
culled (``cull_connected=False``). ``make voila`` passes the same options."""


class ComposerUnavailableError(ToolkitError):
    """The composer app cannot run here (a component is missing, Voila did not start)."""


@dataclass
class ComposerDraft:
    """The draft the composer opens (``None``: the example) and how it was found."""

    path: Path | None
    imported_from: Path | None = None
    review: list[str] = field(default_factory=list)
    """What the imported file's reviewers left in it (its revisions and comments), in words."""


# -- the draft ------------------------------------------------------------------------------
def prepare_draft(argument: str | os.PathLike | None) -> ComposerDraft:
    """The draft to open for the command-line *argument*, checked before anything starts.

    A draft (.yaml) is opened once to check it; a speech file (.txt/.md/.docx/.doc…) is
    imported into a new draft in the workspace. Raises :class:`InputFileError` (one Chinese line) for a
    missing file, a folder, or a file of another kind."""
    if argument is None:
        return ComposerDraft(None)
    from toolkit import service

    path = Path(argument).expanduser()
    if not path.exists() and not path.suffix and service.draft_path(path).exists():
        path = service.draft_path(path)
    if path.is_dir():
        raise InputFileError(
            "这是一个文件夹，不是草稿",
            where=path,
            hint="请给出草稿文件（.yaml）或讲稿文件（.txt/.md/.docx/.doc/.wps 等）",
        )
    if not path.exists():
        raise InputFileError("找不到这个草稿文件", where=path, hint="请检查文件名和路径；不给文件名时打开示例草稿")
    path = path.resolve()
    if service.is_draft_path(path):
        service.open_document(path)  # a broken draft is reported here, not inside the page
        return ComposerDraft(path)
    if path.suffix.lower() not in service.importable_suffixes():
        raise InputFileError(
            f"不能打开 {path.suffix or '没有扩展名的'} 文件",
            where=path,
            hint="请给出草稿文件（.yaml）或讲稿文件（.txt/.md/.docx/.doc/.wps 等）",
        )
    imported = service.import_file(path)
    target = new_draft_path(path.stem)
    service.create_document(target, imported.speech)
    return ComposerDraft(target, imported_from=path, review=imported.review.lines(imported.speech))


# -- the notebook and the server --------------------------------------------------------------
def require_components() -> None:
    """Raise :class:`ComposerUnavailableError` unless Voila and the widgets are installed."""
    missing = []
    for name in REQUIRED_MODULES:
        try:
            found = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            found = None
        if found is None:
            missing.append(name)
    if missing:
        raise ComposerUnavailableError(
            f"没有安装讲稿编辑器需要的组件（{'、'.join(missing)}）",
            hint='请运行 pip install "jianggao[notebook]" 后再试',
        )


def composer_cell(draft: Path | None) -> str:
    """The source of the notebook's one cell: the draft is opened once the page is asked
    for (:func:`toolkit.notebook.preheat.wait_for_page`), never earlier."""
    opening = "Composer.with_example()" if draft is None else f"Composer({str(draft)!r})"
    return (
        "from toolkit.widgets import Composer\n"
        "from toolkit.notebook.preheat import wait_for_page\n\n"
        f"wait_for_page()\n{opening}"
    )


def write_notebook(folder: Path, draft: Path | None) -> Path:
    """The generated notebook in *folder*: one cell that shows the composer."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(composer_cell(draft))]
    path = folder / NOTEBOOK_NAME
    nbformat.write(notebook, str(path))
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _log_tail(log: Path) -> str:
    try:
        lines = [
            line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()
        ]
    except OSError:
        return ""
    return lines[-1][:200] if lines else ""


@dataclass
class RunningComposer:
    """Voila serving the composer: its address (with the token) and its process."""

    url: str
    process: subprocess.Popen
    log: Path

    def check(self) -> None:
        """Raise :class:`ComposerUnavailableError` if Voila has ended by itself."""
        if self.process.poll() is not None:
            raise ComposerUnavailableError(
                "讲稿编辑器意外退出：" + (_log_tail(self.log) or f"退出码 {self.process.returncode}")
            )


@contextlib.contextmanager
def composer_server(
    draft: Path | None, *, port: int | None = None, kernel_idle: float = KERNEL_IDLE_SECONDS
) -> Iterator[RunningComposer]:
    """Voila serving the composer on 127.0.0.1, once it listens; on exit Voila is stopped
    and the generated notebook removed. A kernel left without a page is shut down after
    *kernel_idle* seconds."""
    require_components()
    folder = Path(tempfile.mkdtemp(prefix="jianggao-compose-"))
    process = None
    try:
        notebook = write_notebook(folder, draft)
        port = port or free_port()
        token = secrets.token_urlsafe(24)
        command = [
            sys.executable,
            "-m",
            "voila",
            str(notebook),
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
            "--Voila.port_retries=0",
            f"--Voila.token={token}",
            *voila_options(kernel_idle),
        ]
        env = voila_environment()
        log_path = folder / "voila.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                command,
                cwd=folder,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                **_own_process_group(),
            )
        deadline = time.monotonic() + START_SECONDS
        while not _listening(port):
            if process.poll() is not None:
                tail = _log_tail(log_path)
                raise ComposerUnavailableError(
                    f"讲稿编辑器没有启动（端口 {port}）" + (f"：{tail}" if tail else ""),
                    hint="端口可能被占用，可用 --port 换一个端口",
                )
            if time.monotonic() > deadline:
                raise ComposerUnavailableError(f"讲稿编辑器 {START_SECONDS} 秒内没有启动", hint="请稍后再试")
            time.sleep(0.2)
        yield RunningComposer(f"http://127.0.0.1:{port}/?token={token}", process, log_path)
    finally:
        if process is not None:
            stop_process(process)
        shutil.rmtree(folder, ignore_errors=True)


def voila_environment() -> dict[str, str]:
    """This environment, with the toolkit's Jupyter data folder (the ``jianggao`` page
    template) first on ``JUPYTER_PATH``."""
    folders = [str(resources.jupyter_data_folder()), os.environ.get("JUPYTER_PATH", "")]
    return dict(os.environ, PYTHONUNBUFFERED="1", JUPYTER_PATH=os.pathsep.join(f for f in folders if f))


def _own_process_group() -> dict:
    """Voila runs in its own process group, so Ctrl+C reaches only us and we stop it in
    order (on Windows it shares the console and stops on Ctrl+C by itself)."""
    if os.name == "posix":
        return {"start_new_session": True}
    return {}


def stop_process(process: subprocess.Popen, seconds: float = 15) -> None:
    """Stop Voila: SIGTERM (it shuts its kernels down), then kill if it does not end."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):  # stuck, or Ctrl+C pressed again
        process.kill()
        process.wait(timeout=seconds)


# -- the command --------------------------------------------------------------------------------
def run_composer(
    argument: str | None = None,
    *,
    port: int | None = None,
    open_browser: bool = True,
    say: Callable[[str], None] | None = None,
) -> int:
    """Open the composer for *argument* and keep it running until Ctrl+C (or SIGTERM)."""
    say = say or (lambda line: print(line, flush=True))
    draft = prepare_draft(argument)
    require_components()
    if draft.imported_from is not None:
        say(f"已把 {draft.imported_from} 导入为新草稿：{draft.path}")
        for line in draft.review:
            say(line)
    previous = _stop_on_sigterm()
    try:
        with composer_server(draft.path, port=port) as running:
            say(f"讲稿编辑器已打开：{running.url} （在浏览器中打开这个地址；按 Ctrl+C 关闭）")
            if open_browser:
                import webbrowser

                webbrowser.open(running.url)
            try:
                while True:
                    running.check()
                    time.sleep(0.5)
            except KeyboardInterrupt:
                pass
        say("讲稿编辑器已关闭。")
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm():
    """SIGTERM (a service manager, a test) stops the app the same way Ctrl+C does."""
    if os.name != "posix":
        return None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)
