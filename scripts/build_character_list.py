"""Rebuild toolkit/data/common_characters.txt: the 3,500 characters of the first-level list
(一级字表) of the 通用规范汉字表 (国发〔2013〕23号), in the table's order.

The list is not typed by hand: it is extracted from the Unicode Consortium's Unihan
database, whose kTGH field gives each character's place in the 通用规范汉字表 (places 1 to
3500 are the first level). Debian ships Unihan in the ``unicode-data`` package::

    apt-get download unicode-data && dpkg-deb -x unicode-data_*.deb unicode-data
    python scripts/build_character_list.py unicode-data/usr/share/unicode/Unihan_OtherMappings.txt.bz2

See docs/dependencies.md (source, licence, how it was cross-checked).
"""

from __future__ import annotations

import bz2
import re
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "toolkit" / "data" / "common_characters.txt"
LEVEL_ONE = 3500

HEADER = """\
# 通用规范汉字表（2013）一级字表：3500 字，按字表顺序每行一字。
# The first-level list of the Table of General Standard Chinese Characters (2013), in its order.
# Extracted by scripts/build_character_list.py from the Unicode Character Database, Unihan
# {source} (field kTGH, places 1 to 3500); this file is that data, modified: only
# the characters of places 1 to 3500 are kept. Unicode data: Copyright © 1991-2022 Unicode,
# Inc., distributed under the Unicode terms of use (https://www.unicode.org/copyright.html);
# the permission notice is in LICENSE-Unicode.txt beside this file.
"""


def level_one(lines) -> tuple[str, str]:
    """The first-level characters in table order, and the Unihan version the lines name."""
    version = "(version not stated)"
    places: dict[int, str] = {}
    for line in lines:
        found = re.match(r"# Unicode version: (\S+)", line)
        if found:
            version = f"version {found.group(1)}"
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 3 or fields[1] != "kTGH":
            continue
        for item in fields[2].split():
            _year, place = item.split(":")
            if int(place) <= LEVEL_ONE:
                places[int(place)] = chr(int(fields[0][2:], 16))
    if sorted(places) != list(range(1, LEVEL_ONE + 1)):
        raise SystemExit(f"expected places 1 to {LEVEL_ONE} in kTGH, found {len(places)}")
    return "".join(places[place] for place in range(1, LEVEL_ONE + 1)), version


def main(source: str) -> None:
    opener = bz2.open if source.endswith(".bz2") else open
    with opener(source, "rt", encoding="utf-8") as handle:
        characters, version = level_one(handle)
    TARGET.write_text(HEADER.format(source=version) + "\n".join(characters) + "\n", encoding="utf-8")
    print(f"wrote {len(characters)} characters to {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])
