"""The layers of docs/architecture.md, kept true by reading every module's imports.

Each toolkit module belongs to a layer; a layer may import only the toolkit layers and
third-party packages listed for it here. The standard library is always allowed.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "toolkit"

# layer: (toolkit layers it may import, third-party packages it may import), from the bottom up.
_LEAVES = {"errors", "atomic", "files", "resources", "yamlfile", "wordfile", "workspace", "libreoffice"}
_BELOW_SERVICE = _LEAVES | {"model", "config", "drafts", "readings", "importers", "templating", "exporters", "checks"}
_BELOW_SERVICE |= {"archive"}
_FRONT_END_MAY_USE = {
    "workspace",
    "service",
    "model",
    "errors",
    "atomic",
    "config",
    "resources",
    "yamlfile",
    "drafts",
    "templating",
}
"""What a front end may import: the service layer, and the model, errors and library for browsing.
Opening, filling, checking and exporting go through the service (see FRONT_END_MAY_NOT)."""
RULES = {
    "errors": (set(), set()),
    "atomic": ({"errors"}, set()),
    "resources": (set(), set()),
    "files": ({"errors"}, set()),
    "yamlfile": ({"errors", "files"}, {"yaml"}),
    "wordfile": ({"errors", "files"}, set()),
    "libreoffice": ({"errors"}, set()),
    # The warm server's own program: run by the UNO Python, it imports no toolkit module.
    "libreoffice_server": (set(), {"unoserver"}),
    "workspace": ({"errors", "resources"}, set()),
    "model": ({"model", "errors"}, {"diff_match_patch"}),
    "config": ({"errors", "files", "yamlfile", "model"}, set()),
    "readings": ({"model", "errors", "files", "yamlfile", "config", "resources"}, {"pypinyin", "yaml"}),
    "drafts": ({"drafts", "model", "errors", "atomic", "files", "yamlfile", "workspace"}, {"yaml", "ruamel"}),
    "importers": (
        {"importers", "model", "errors", "files", "wordfile", "config", "yamlfile", "resources", "libreoffice"},
        {"yaml", "docx"},
    ),
    "templating": (
        {"templating", "model", "errors", "atomic", "files", "config", "yamlfile", "resources"},
        {"jinja2", "yaml"},
    ),
    "exporters": (
        {
            "exporters",
            "model",
            "errors",
            "atomic",
            "files",
            "wordfile",
            "resources",
            "yamlfile",
            "libreoffice",
            "readings",
        },
        {"docx", "lxml", "yaml"},
    ),
    "checks": (
        {"checks", "model", "errors", "importers", "templating", "config", "files", "yamlfile", "resources"},
        set(),
    ),
    "archive": ({"archive", "model", "errors"}, {"psycopg"}),
    "service": (_BELOW_SERVICE, set()),
    "batch": (_FRONT_END_MAY_USE, {"tqdm"}),
    "cli": (_FRONT_END_MAY_USE | {"batch", "cli", "notebook"}, {"tqdm"}),
    # websockets (Voila's): only in a pre-heated Voila kernel, to wait for the page (notebook/preheat.py);
    # jupyter_server: only in Voila's own process, its identity provider (notebook/voila_auth.py)
    "notebook": (
        _FRONT_END_MAY_USE | {"notebook"},
        {"IPython", "jupyter_server", "nbconvert", "nbformat", "traitlets", "websockets"},
    ),
    "widgets": (_FRONT_END_MAY_USE | {"widgets"}, {"anywidget", "ipywidgets", "IPython", "traitlets"}),
    "package": ({"notebook"}, set()),  # only the %load_ext hook, imported when it runs
}
FRONT_ENDS = {"batch", "cli", "notebook", "widgets"}
FRONT_END_MAY_NOT = ("toolkit.exporters", "toolkit.checks", "toolkit.importers", "toolkit.templating.fill")
"""Front ends open, fill, check and export only through toolkit.service, so each step behaves the same everywhere."""
_MODULE_LAYER = {"draft_document": "drafts", "versions": "drafts"}
# The docx reader is the only importer that may touch python-docx; in the model, only the
# comparison of two speeches uses a library (diff-match-patch: a pure-Python algorithm, no I/O).
ONLY_IN = {"docx": {"toolkit/importers/docx_reader.py"}, "diff_match_patch": {"toolkit/model/textdiff.py"}}
STDLIB = set(sys.stdlib_module_names)


def layer_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    if parts in (("__init__",), ("__main__",)):
        return "package" if parts == ("__init__",) else "cli"
    return _MODULE_LAYER.get(parts[0], parts[0])


def imports_of(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "toolkit":
            found += [(f"toolkit.{alias.name}", node.lineno) for alias in node.names]  # from toolkit import service
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append(("toolkit.<relative>", node.lineno))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_imports_only_what_its_layer_allows(path):
    layer = layer_of(path)
    assert layer in RULES, f"{path} is in no layer: add it to RULES and to docs/architecture.md"
    allowed_layers, allowed_packages = RULES[layer]
    relative = str(path.relative_to(ROOT))
    wrong = []
    for module, line in imports_of(path):
        top = module.split(".")[0]
        if top == "toolkit":
            assert module != "toolkit.<relative>", f"{relative}:{line} uses a relative import; name the layer"
            target = module.split(".")[1] if "." in module else "package"
            if target == "__main__":
                target = "cli"
            target = _MODULE_LAYER.get(target, target)
            if target not in allowed_layers:
                wrong.append(f"{relative}:{line} imports {module} (layer {target!r} is not allowed in {layer!r})")
        elif top in STDLIB or top == "__future__":
            continue
        elif top not in allowed_packages:
            wrong.append(f"{relative}:{line} imports third-party {module!r}, not allowed in layer {layer!r}")
        elif top in ONLY_IN and relative not in ONLY_IN[top] and layer in ("importers", "model"):
            wrong.append(f"{relative}:{line} imports {module!r}; only {ONLY_IN[top]} may")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "path", [p for p in MODULES if layer_of(p) in FRONT_ENDS], ids=lambda p: str(p.relative_to(ROOT))
)
def test_front_ends_open_fill_check_and_export_only_through_the_service(path):
    relative = str(path.relative_to(ROOT))
    wrong = [
        f"{relative}:{line} imports {module}: use toolkit.service"
        for module, line in imports_of(path)
        if module.startswith(FRONT_END_MAY_NOT)
    ]
    assert not wrong, "\n".join(wrong)


def test_the_service_layer_is_what_the_front_ends_use():
    users = {layer_of(p) for p in MODULES for module, _ in imports_of(p) if module.startswith("toolkit.service")}
    assert FRONT_ENDS <= users


def test_nothing_inside_toolkit_imports_widgets():
    offenders = [
        str(path.relative_to(ROOT))
        for path in MODULES
        if layer_of(path) != "widgets" and any(m.startswith("toolkit.widgets") for m, _ in imports_of(path))
    ]
    assert offenders == []


def test_help_loads_no_jupyter_ipython_or_widgets():
    code = (
        "import sys\n"
        "from toolkit.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'ipywidgets', 'IPython', 'jupyter_client', 'jupyterlab', 'jupyter_server', 'nbformat', 'nbconvert', 'docx', 'jinja2'})\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout, result.stdout


def test_import_toolkit_is_cheap():
    code = "import sys, toolkit\nprint(sorted(m for m in sys.modules if m.startswith('toolkit')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "['toolkit']"
