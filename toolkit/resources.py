"""Where the toolkit's own files are, found with :mod:`importlib.resources`.

The top-level ``templates/`` folder is the place people edit (section templates and the
built-in Word template); ``examples/`` holds the example draft and house templates. Both
are shipped inside the package as ``toolkit/templates`` and ``toolkit/examples`` (in the
repository these are links to the top-level folders), so a wheel installed anywhere finds
them the same way a checkout does. ``toolkit/data`` holds the noise rules, the fonts map, the
administrative divisions, the everyday words, the outdated names and the composer's Voila
page template.

A leaf module: it imports nothing from the toolkit.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_path(*parts: str) -> Path:
    """A file or folder shipped inside the ``toolkit`` package, as a real path.

    The package is installed as plain files (a wheel or a checkout), never zipped, so the
    traversable is a path already."""
    return Path(str(files("toolkit").joinpath(*parts)))


def section_templates_folder() -> Path:
    """The built-in section library: ``templates/sections``."""
    return _package_path("templates", "sections")


def word_templates_folder() -> Path:
    """Built-in Word templates (the official layout): ``templates/word``."""
    return _package_path("templates", "word")


def official_word_template() -> Path:
    """The built-in official-layout Word template, ``templates/word/official.docx``."""
    return word_templates_folder() / "official.docx"


def example_house_templates_folder() -> Path:
    """The example house templates an office can copy: ``examples/house-template``."""
    return _package_path("examples", "house-template")


def example_draft() -> Path:
    """The example draft the composer opens first."""
    return _package_path("examples", "drafts", "秋冬季安全生产工作会议讲话.yaml")


def noise_rules_file() -> Path:
    """The built-in vendor-noise rules."""
    return _package_path("data", "noise_rules.yaml")


def fonts_conf() -> Path:
    """The fontconfig map LibreOffice renders with (official font names → free fonts)."""
    return _package_path("data", "fonts.conf")


def common_characters_file() -> Path:
    """The 3,500 first-level characters of the 通用规范汉字表, one a line (see docs/dependencies.md)."""
    return _package_path("data", "common_characters.txt")


def divisions_file() -> Path:
    """China's administrative divisions down to the county level (GB/T 2260 code and name)."""
    return _package_path("data", "divisions.tsv")


def everyday_words_file() -> Path:
    """Everyday Chinese words of two and three characters, one a line (from CC-CEDICT; see
    docs/dependencies.md)."""
    return _package_path("data", "everyday_words.txt")


def outdated_names_file() -> Path:
    """The built-in list of outdated names of bodies (国土资源局 → 自然资源局…)."""
    return _package_path("data", "outdated_names.yaml")


def jupyter_data_folder() -> Path:
    """``toolkit/data`` as a Jupyter data folder (for ``JUPYTER_PATH``): it holds
    ``voila/templates/jianggao``, the page Voila serves the composer in."""
    return _package_path("data")
