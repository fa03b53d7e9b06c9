#!/usr/bin/env python
"""Rewrite notebooks/template-cells.ipynb from the section library (built-in templates only).

    .venv/bin/python notebooks/build_template_cells.py
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.pop("JIANGGAO_TEMPLATES", None)

from toolkit.notebook.library_notebook import library_notebook_text  # noqa: E402
from toolkit.templating.library import BUILTIN_FOLDER, Library  # noqa: E402

if __name__ == "__main__":
    target = HERE / "template-cells.ipynb"
    target.write_text(library_notebook_text(Library([BUILTIN_FOLDER])), encoding="utf-8")
    print(f"已生成：{target}")
