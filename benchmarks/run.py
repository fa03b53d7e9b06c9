#!/usr/bin/env python
"""Run every benchmark case: warm-up, several repetitions, median and spread.

    .venv/bin/python benchmarks/run.py                 print the table
    .venv/bin/python benchmarks/run.py --update-readme  also write it into README.md

Speed is measured here, never in timed tests. Each case names the target the issues set.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import SEED, speech_text  # noqa: E402

README = ROOT / "README.md"
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


@dataclass
class Result:
    name: str
    target: str
    median: float
    spread: float
    runs: int
    note: str = ""


def measure(function: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> tuple[float, float]:
    """Median and (max - min) of *repeat* timed calls after *warmup* untimed ones, in seconds."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples) - min(samples)


def case_import(work: Path) -> list[Result]:
    from toolkit.importers import import_speech

    big = work / "big.txt"
    big.write_text(speech_text(100_000), encoding="utf-8")
    results = []
    median, spread = measure(lambda: import_speech(SEED), repeat=21)
    results.append(Result("import: seed speech (7.6 KB)", "—", median, spread, 21))
    median, spread = measure(lambda: import_speech(big), repeat=7)
    results.append(Result("import: 100,000-character speech", "< 1 s", median, spread, 7))
    return results


CASES = [case_import]


def table(results: list[Result]) -> str:
    rows = ["| case | median | spread | runs | target |", "|---|---:|---:|---:|---|"]
    for r in results:
        rows.append(f"| {r.name} | {_ms(r.median)} | ±{_ms(r.spread / 2)} | {r.runs} | {r.target}{(' ' + r.note) if r.note else ''} |")
    return "\n".join(rows)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true")
    args = parser.parse_args()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            results += case(Path(folder))
    text = table(results)
    print(text)
    if args.update_readme:
        readme = README.read_text(encoding="utf-8")
        head, _, rest = readme.partition(START)
        _, _, tail = rest.partition(END)
        stamp = time.strftime("%Y-%m-%d")
        README.write_text(f"{head}{START}\n_Measured {stamp} on the development machine (2 cores)._\n\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
