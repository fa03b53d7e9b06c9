"""Catalogue rows: templates without a budget and values that must stay data (issue 10)."""

from __future__ import annotations

from catalogue import Case

CASES: list[Case] = []
