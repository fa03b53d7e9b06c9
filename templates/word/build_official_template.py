#!/usr/bin/env python
"""Rebuild templates/word/official.docx, the built-in official-layout Word template.

    .venv/bin/python templates/word/build_official_template.py

The layout numbers (page, margins, grid, fonts, sizes, styles) live in
toolkit/exporters/official.py; this script only writes them out. The result is
deterministic, and tests/test_export.py fails if the committed file differs from it.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from toolkit.exporters.official import build_official_template  # noqa: E402

if __name__ == "__main__":
    path = build_official_template(Path(__file__).with_name("official.docx"))
    print(f"已生成内置模板：{path}")
