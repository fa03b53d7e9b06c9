"""Catalogue rows: invisible and control characters (issue 10)."""

from __future__ import annotations

from catalogue import Case

CASES: list[Case] = []
