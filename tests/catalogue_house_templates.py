"""Catalogue rows: house templates that carry active content or huge media (issue 10)."""

from __future__ import annotations

from catalogue import Case

CASES: list[Case] = []
