"""Catalogue rows: special files, huge inputs and wrong types that must never end in exit 3 (issue 10)."""

from __future__ import annotations

from catalogue import Case

CASES: list[Case] = []
