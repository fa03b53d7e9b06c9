"""Installed as a package: a wheel built from the tracked files, installed with its
[notebook] extra into a fresh virtual env, run from a folder that has nothing to do with
the repository. The section templates, the official Word template, the example house
templates and the example draft must all come from inside the installed package."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import IN_CI, ROOT, require_tool
from test_compose_app import assert_voila_page_with_the_composer, launched_composer

pytestmark = pytest.mark.slow
SKELETONS = {"例会讲话", "动员部署会讲话", "工作推进会讲话", "座谈会讲话"}
MUST_SHIP = [
    "toolkit/templates/word/official.docx",
    "toolkit/templates/sections/skeleton/例会讲话.md",
    "toolkit/templates/sections/point/要点-压实工作责任.md",
    "toolkit/examples/house-template/红头讲话稿模板.docx",
    "toolkit/examples/house-template/县委办讲话稿模板.docx",
    "toolkit/examples/drafts/秋冬季安全生产工作会议讲话.yaml",
    "toolkit/data/noise_rules.yaml",
    "toolkit/data/outdated_names.yaml",
    "toolkit/data/divisions.tsv",
    "toolkit/data/everyday_words.txt",
    "toolkit/data/fonts.conf",
    "toolkit/data/common_characters.txt",
    "toolkit/data/LICENSE-Unicode.txt",
]


def uv_command() -> list[str]:
    if shutil.which("uv"):
        return [shutil.which("uv")]
    if importlib.util.find_spec("uv"):
        return [sys.executable, "-m", "uv"]
    return [require_tool("uv", "builds and installs the wheel into a fresh virtual env")]


def copy_tracked_files(target: Path) -> None:
    """The files git tracks, as they are in the working tree (links stay links), and new
    files not ignored yet (a module about to be committed); never ignored ones (.venv,
    workspace/, build output)."""
    require_tool("git", "lists the tracked files")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode("utf-8").split("\0")):
        source, destination = ROOT / name, target / name
        if not os.path.lexists(source):  # deleted in the working tree
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), destination)
        else:
            shutil.copy2(source, destination)


def run(command: list, cwd: Path, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``(wheel, venv bin folder, env, unrelated folder)`` for the installed package."""
    uv = uv_command()
    base = tmp_path_factory.mktemp("package")
    source, dist, venv, elsewhere = base / "source", base / "dist", base / "venv", base / "elsewhere"
    copy_tracked_files(source)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JIANGGAO_CONFIG", "JIANGGAO_NOISE_RULES"}
    }
    for step in (
        [*uv, "build", "--wheel", "--out-dir", dist, source],
        [*uv, "venv", "--quiet", "--python", sys.executable, venv],
    ):
        result = run(step, base, env)
        assert result.returncode == 0, f"{step}: {result.stdout}\n{result.stderr}"
    wheel = next(dist.glob("jianggao-*.whl"))
    result = run(
        [*uv, "pip", "install", "--quiet", "--python", venv / "bin" / "python", f"{wheel}[notebook]"], base, env
    )
    if result.returncode != 0 and not IN_CI and "network" in result.stderr.lower():
        pytest.skip(f"cannot install the wheel's dependencies here: {result.stderr[-300:]}")
    assert result.returncode == 0, result.stderr
    elsewhere.mkdir()
    home = base / "home"
    home.mkdir()
    env.update(
        HOME=str(home),
        JIANGGAO_WORKDIR=str(base / "workspace"),
        PYTHONIOENCODING="utf-8",
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
    )
    return wheel, venv / "bin", env, elsewhere


def test_the_wheel_holds_the_templates_examples_and_data(installed):
    wheel, *_ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in MUST_SHIP if name not in names]
    assert not missing, f"not in {wheel.name}: {missing}"
    sections = {name for name in names if name.startswith("toolkit/templates/sections/") and name.endswith(".md")}
    in_repository = {
        f"toolkit/{path.relative_to(ROOT).as_posix()}" for path in (ROOT / "templates" / "sections").rglob("*.md")
    }
    assert sections == in_repository
    house = {name for name in names if name.startswith("toolkit/examples/house-template/") and name.endswith(".docx")}
    assert len(house) == len(list((ROOT / "examples" / "house-template").glob("*.docx")))


def test_the_installed_package_finds_its_data_inside_itself(installed):
    _, bin_folder, env, elsewhere = installed
    code = (
        "import toolkit, toolkit.resources as r\n"
        "print(toolkit.__file__)\n"
        "for path in (r.section_templates_folder(), r.official_word_template(), r.example_house_templates_folder(),\n"
        "             r.example_draft(), r.noise_rules_file(), r.fonts_conf()):\n"
        "    print(path.exists(), path)\n"
        "print(sorted(p.name for p in r.example_house_templates_folder().glob('*.docx')))\n"
    )
    result = run([bin_folder / "python", "-c", code], elsewhere, env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    package = Path(lines[0]).parent
    assert package.is_relative_to(bin_folder.parent) and not package.is_relative_to(ROOT)
    for line in lines[1:-1]:
        exists, path = line.split(" ", 1)
        assert exists == "True" and Path(path).is_relative_to(package), line
    assert lines[-1] == "['县委办讲话稿模板.docx', '红头讲话稿模板.docx']"


def test_templates_new_and_export_work_from_an_unrelated_folder(installed):
    _, bin_folder, env, elsewhere = installed
    jianggao = bin_folder / "jianggao"

    listed = run([jianggao, "templates", "--kind", "skeleton", "--paths"], elsewhere, env)
    assert listed.returncode == 0, listed.stderr
    assert {line.split("　")[0] for line in listed.stdout.splitlines()} == SKELETONS
    assert "共 4 个模板" in listed.stderr
    assert str(bin_folder.parent) in listed.stdout and str(ROOT) not in listed.stdout

    created = run([jianggao, "new", "--template", "例会讲话", "-o", "x"], elsewhere, env)
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("已新建草稿：x.yaml（骨架：例会讲话")
    assert (elsewhere / "x.yaml").is_file()

    exported = run(
        [
            jianggao,
            "export",
            "x.yaml",
            "-o",
            "x.docx",
            "--var",
            "会议名称=全县安全生产工作例会",
            "--var",
            "要点=压实工作责任",
        ],
        elsewhere,
        env,
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.strip() == "已导出：x.docx"
    document = docx.Document(str(elsewhere / "x.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "在全县安全生产工作例会上的讲话" and "同志们：" in texts
    assert any(text.startswith("一要压实工作责任") for text in texts)
    assert not any("{{" in text for text in texts)
    assert document.sections[0].page_width is not None

    house = run(
        [
            bin_folder / "python",
            "-c",
            "import toolkit.resources as r; print(r.example_house_templates_folder() / '红头讲话稿模板.docx')",
        ],
        elsewhere,
        env,
    ).stdout.strip()
    with_house = run(
        [
            jianggao,
            "export",
            "x.yaml",
            "-o",
            "红头.docx",
            "--template",
            house,
            "--var",
            "会议名称=全县安全生产工作例会",
            "--var",
            "要点=压实工作责任",
        ],
        elsewhere,
        env,
    )
    assert with_house.returncode == 0, with_house.stderr
    assert [p.text for p in docx.Document(str(elsewhere / "红头.docx")).paragraphs if p.text][0:1] != []


def test_the_nbconvert_exporter_is_registered(installed):
    _, bin_folder, env, elsewhere = installed
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("%%section outline\n# 标题\n在全县大会上的讲话\n# 称呼\n同志们：")]
    nbformat.write(notebook, str(elsewhere / "模板.ipynb"))
    result = run([bin_folder / "jupyter", "nbconvert", "--to", "jianggao", "模板.ipynb"], elsewhere, env)
    assert result.returncode == 0, result.stderr
    assert [p.text for p in docx.Document(str(elsewhere / "模板.docx")).paragraphs][:2] == [
        "在全县大会上的讲话",
        "同志们：",
    ]


def test_the_composer_opens_from_the_installed_package(installed):
    _, bin_folder, env, elsewhere = installed
    with launched_composer([str(bin_folder / "jianggao"), "compose", "--no-browser"], env, elsewhere) as (url, _):
        assert_voila_page_with_the_composer(url)
    copies = list(Path(env["JIANGGAO_WORKDIR"]).glob("示例-*.yaml"))
    assert copies, "the example draft was not copied into the workspace"
