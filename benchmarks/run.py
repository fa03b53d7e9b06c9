#!/usr/bin/env python
"""Run every benchmark case: warm-up, several repetitions, median and spread.

    .venv/bin/python benchmarks/run.py                 print the table
    .venv/bin/python benchmarks/run.py --update-readme  also write it into benchmarks/README.md

Speed is measured here, never in timed tests. Each case names the target the issues set.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
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

README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


@dataclass
class Result:
    name: str
    target: str
    median: float
    spread: float
    runs: int
    note: str = ""
    p95: float | None = None
    """The 95th percentile, for cases where the slow tail matters (the browser's latencies)."""


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
    results.append(Result(f"import: seed speech ({SEED.stat().st_size / 1024:.1f} KB)", "—", median, spread, 21))
    median, spread = measure(lambda: import_speech(big), repeat=7)
    results.append(Result("import: 100,000-character speech", "< 1 s", median, spread, 7))
    results += _import_doc(work)
    return results


def _import_doc(work: Path) -> list[Result]:
    """The seed speech as a .docx and as a .doc LibreOffice saved: what reading an old format
    costs (LibreOffice starts for each file). Skipped without LibreOffice."""
    import docx

    from toolkit.importers import import_speech

    soffice = shutil.which("soffice")
    if soffice is None:
        return []
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    plain = work / "seed.docx"
    document.save(plain)
    profile = work / "lo-profile"
    profile_option = f"-env:UserInstallation={profile.as_uri()}"
    run_process([soffice, profile_option, "--headless", "--convert-to", "doc", "--outdir", str(work), str(plain)])
    doc_median, doc_spread = measure(lambda: import_speech(work / "seed.doc"), repeat=5)
    docx_median, _ = measure(lambda: import_speech(plain), repeat=21)
    note = f"(LibreOffice converts it first; the same speech as .docx: {_ms(docx_median)})"
    return [Result("import: seed speech as .doc (LibreOffice)", "—", doc_median, doc_spread, 5, note)]


def run_process(command: list[str], **kwargs) -> None:
    subprocess.run(command, check=True, capture_output=True, **kwargs)


def case_export(work: Path) -> list[Result]:
    from toolkit.exporters.docx_writer import render_docx
    from toolkit.importers import import_speech, parse_speech_text

    seed = import_speech(SEED)
    results = []
    median, spread = measure(lambda: render_docx(seed), repeat=31, warmup=3)
    seed_export = median
    results.append(Result("export: seed speech, warm process", "< 50 ms", median, spread, 31))
    sizes = {}
    for size in (10_000, 50_000, 100_000):
        speech = parse_speech_text(speech_text(size))
        median, spread = measure(lambda: render_docx(speech), repeat=7, warmup=1)
        sizes[size] = median
        results.append(
            Result(
                f"export: {size:,}-character speech, warm process",
                "< 1 s" if size == 100_000 else "linear",
                median,
                spread,
                7,
            )
        )
    slope = (sizes[100_000] - sizes[10_000]) / 90
    results[-1].note = f"(≈{slope * 1000:.2f} ms per 1,000 characters above 10,000)"

    python = sys.executable
    out = work / "cli.docx"

    def cli_export():
        if out.exists():
            out.unlink()
        run_process([python, "-m", "toolkit", "export", str(SEED), "-o", str(out)], cwd=ROOT)

    cli, cli_spread = measure(cli_export, repeat=21, warmup=3)
    floor_script = "import docx, sys; d = docx.Document(); d.add_paragraph('同志们：'); d.save(sys.argv[1])"
    floor, floor_spread = measure(
        lambda: run_process([python, "-c", floor_script, str(work / "floor.docx")]), repeat=21, warmup=3
    )
    results.append(
        Result(
            "`jianggao export` seed, whole command",
            "< 0.6 s; ≤ 1.2× floor",
            cli,
            cli_spread,
            21,
            f"({cli / floor:.2f}× the floor)",
        )
    )
    results.append(Result("floor: python + import docx + save one line", "—", floor, floor_spread, 21))
    pandoc = shutil.which("pandoc")
    if pandoc:
        markdown = work / "seed.md"
        markdown.write_text(_as_markdown(seed), encoding="utf-8")
        reference = ROOT / "templates" / "word" / "official.docx"
        median, spread = measure(
            lambda: run_process(
                [
                    pandoc,
                    "-f",
                    "markdown",
                    "-t",
                    "docx",
                    "--reference-doc",
                    str(reference),
                    "-o",
                    str(work / "pandoc.docx"),
                    str(markdown),
                ]
            ),
            repeat=11,
            warmup=2,
        )
        results.append(
            Result(
                "peer: pandoc markdown → docx (reference doc), seed",
                "—",
                median,
                spread,
                11,
                f"(warm export is {median / seed_export:.0f}× faster; whole command {median / cli:.2f}×)",
            )
        )
    else:
        results.append(Result("peer: pandoc", "—", float("nan"), 0, 0, "(pandoc not installed)"))
    return results


def case_docxtpl(work: Path) -> list[Result]:
    """The Python peer: docxtpl filling an equivalent Word template, in a warm process."""
    try:
        import docxtpl
    except ImportError:
        return [Result("peer: docxtpl", "—", float("nan"), 0, 0, "(docxtpl not installed: make bench installs it)")]
    import io

    import docx

    from toolkit.exporters.docx_writer import render_docx
    from toolkit.importers import import_speech
    from toolkit.model.layout import speech_blocks

    template = work / "docxtpl.docx"
    document = docx.Document(io.BytesIO((ROOT / "templates" / "word" / "official.docx").read_bytes()))
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    for text, style in (
        ("{{ title }}", "讲话标题"),
        ("{{ salutation }}", "称呼"),
        ("{%p for para in body %}", "讲话正文"),
        ("{{ para }}", "讲话正文"),
        ("{%p endfor %}", "讲话正文"),
    ):
        document.add_paragraph(text, style=style)
    document.save(template)
    speech = import_speech(SEED)
    blocks = speech_blocks(speech)
    context = {
        "title": speech.title,
        "salutation": speech.salutation,
        "body": [b.text for b in blocks if b.role not in ("title", "byline", "salutation")],
    }

    def render():
        filled = docxtpl.DocxTemplate(str(template))
        filled.render(context)
        filled.save(io.BytesIO())

    median, spread = measure(render, repeat=21, warmup=3)
    ours, _ = measure(lambda: render_docx(speech), repeat=21, warmup=3)
    return [
        Result(
            "peer: docxtpl renders an equivalent template, seed, warm process",
            "—",
            median,
            spread,
            21,
            f"(our warm export is {median / ours:.1f}× faster)",
        )
    ]


def case_startup(work: Path) -> list[Result]:
    """Start-up: `import toolkit` and `jianggao --help` (neither may load Jupyter or python-docx)."""
    python = sys.executable
    bare, bare_spread = measure(lambda: run_process([python, "-c", "pass"]), repeat=21, warmup=3)
    package, spread = measure(lambda: run_process([python, "-c", "import toolkit"]), repeat=21, warmup=3)
    helped, help_spread = measure(
        lambda: run_process([python, "-m", "toolkit", "--help"], cwd=ROOT), repeat=21, warmup=3
    )
    return [
        Result("start-up: bare python", "—", bare, bare_spread, 21),
        Result(
            "start-up: `import toolkit`",
            "—",
            package,
            spread,
            21,
            f"(+{(package - bare) * 1000:.0f} ms over bare python)",
        ),
        Result(
            "start-up: `jianggao --help`",
            "—",
            helped,
            help_spread,
            21,
            f"(+{(helped - bare) * 1000:.0f} ms over bare python)",
        ),
    ]


def _as_markdown(speech) -> str:
    from toolkit.model.layout import speech_blocks

    lines = []
    for block in speech_blocks(speech):
        lines.append(("# " if block.role == "title" else "") + block.text.replace("\n", ""))
    return "\n\n".join(lines) + "\n"


def case_batch(work: Path) -> list[Result]:
    """100 rows from the 例会讲话 skeleton, the whole command (progress bar on)."""
    rows = work / "rows.csv"
    lines = ["文件名,会议名称,要点"] + [
        f"镇{i},第{i}镇安全生产工作会议,压实安全责任。、强化隐患排查。、狠抓工作落实。" for i in range(1, 101)
    ]
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counter = {"n": 0}

    def batch():
        counter["n"] += 1
        out = work / f"batch{counter['n']}"
        out.mkdir()
        run_process(
            [sys.executable, "-m", "toolkit", "batch", "例会讲话", "--vars", str(rows), "-o", str(out)], cwd=ROOT
        )

    median, spread = measure(batch, repeat=5, warmup=1)
    return [Result("`jianggao batch` 100 rows, whole command", "< 5 s", median, spread, 5)]


def case_preview(work: Path) -> list[Result]:
    """What the composer recomputes after typing: HTML page, counts and checks."""
    from toolkit.checks import find_problems
    from toolkit.exporters.html import speech_html
    from toolkit.importers import load_noise_rules, parse_speech_text
    from toolkit.model.text import speaking_seconds, speech_character_count

    speech = parse_speech_text(speech_text(10_000))
    rules = load_noise_rules()

    def refresh():
        speech_html(speech)
        speech_character_count(speech)
        speaking_seconds(speech)
        find_problems(speech, noise_rules=rules)

    median, spread = measure(refresh, repeat=21, warmup=2)
    return [Result("composer: preview + counts + checks, 10,000-character draft", "< 50 ms", median, spread, 21)]


def case_pdf(work: Path) -> list[Result]:
    """PDF export and page pictures of the seed speech, cold (LibreOffice started for the
    conversion, as `jianggao export -o x.pdf` does) and warm (the composer's LibreOffice kept
    running: unoserver). Skipped without LibreOffice; warm skipped without a UNO Python."""
    from toolkit import libreoffice, service
    from toolkit.importers import import_speech

    if shutil.which("soffice") is None:
        return []
    speech = import_speech(SEED)
    docx = service.export(speech, work / "pdf-seed.docx").path
    counter = {"n": 0}

    def pdf() -> None:
        counter["n"] += 1
        service.export(speech, work / f"seed{counter['n']}.pdf")

    def pictures() -> None:
        counter["n"] += 1
        service.page_images(docx, work / f"pages{counter['n']}")

    results = []
    cold_pdf, spread = measure(pdf, repeat=5, warmup=1)
    results.append(Result("PDF cold: seed speech, LibreOffice started for it", "—", cold_pdf, spread, 5))
    cold_pages, spread = measure(pictures, repeat=5, warmup=1)
    results.append(Result("page images cold: seed speech", "—", cold_pages, spread, 5))
    if libreoffice.uno_python() is None:
        note = "(no Python with UNO: install python3-uno)"
        results.append(Result("PDF warm", "< 1 s", float("nan"), 0, 0, note))
        return results
    service.keep_office_warm()
    try:
        pdf()  # starts the server in the background (this one is cold)
        from toolkit.exporters.preview import FONTS_CONF

        libreoffice.warm_office({"FONTCONFIG_FILE": str(FONTS_CONF)}).wait_started(120)
        warm_pdf, spread = measure(pdf, repeat=9, warmup=2)
        results.append(
            Result(
                "PDF warm: seed speech, the composer's LibreOffice kept running",
                "< 1 s",
                warm_pdf,
                spread,
                9,
                f"({cold_pdf / warm_pdf:.0f}× faster than cold)",
            )
        )
        warm_pages, spread = measure(pictures, repeat=9, warmup=2)
        results.append(
            Result(
                "page images warm: seed speech",
                "< 1 s",
                warm_pages,
                spread,
                9,
                f"({cold_pages / warm_pages:.0f}× faster than cold)",
            )
        )
    finally:
        service.keep_office_warm(False)
    return results


def edited_copy(speech):
    """*speech* as the office head sends it back: a phrase changed in every third paragraph
    of the points, the last point moved to the front, a sub-point deleted, a point added, an
    opening paragraph added (what a 修订稿 is made for)."""
    import copy

    from toolkit.model.speech import Point

    new = copy.deepcopy(speech)
    paragraphs = [(sub.body, i) for point in new.points for sub in point.subpoints for i in range(len(sub.body))]
    for body, i in paragraphs[::3]:
        body[i] = body[i].replace("主要负责同志", "主要领导同志").replace("决不能", "坚决不能")
    new.move_point(len(new.points) - 1, 0)
    del new.points[1].subpoints[2]
    new.points.insert(2, Point("切实抓好安全生产。", ["要压实安全责任，确保不发生较大事故。"]))
    new.opening.append("会前，县委常委会专题研究了今年的重点工作。")
    return new


def case_compare(work: Path) -> list[Result]:
    """Two 10,000-character drafts compared: the comparison alone, the whole 修订稿 in a warm
    process (what the composer's 导出修订稿 costs), and ``jianggao compare`` as a command."""
    from toolkit import service
    from toolkit.exporters.revisions import render_revision_docx
    from toolkit.importers import parse_speech_text
    from toolkit.model.textdiff import compare_speeches

    old = parse_speech_text(speech_text(10_000))
    new = edited_copy(old)
    results = []
    median, spread = measure(lambda: compare_speeches(old, new), repeat=11, warmup=1)
    results.append(Result("compare: two 10,000-character drafts, the comparison alone", "—", median, spread, 11))
    median, spread = measure(lambda: render_revision_docx(old, new), repeat=11, warmup=1)
    results.append(
        Result("compare: 修订稿 of two 10,000-character drafts, warm process", "< 200 ms", median, spread, 11)
    )
    service.create_document(work / "旧.yaml", old)
    service.create_document(work / "新.yaml", new)
    out = work / "修订稿.docx"

    def cli_compare():
        run_process(
            [
                sys.executable,
                "-m",
                "toolkit",
                "compare",
                str(work / "旧.yaml"),
                str(work / "新.yaml"),
                "-o",
                str(out),
                "--force",
            ],
            cwd=ROOT,
        )

    median, spread = measure(cli_compare, repeat=5, warmup=1)
    results.append(Result("`jianggao compare` of the same, whole command", "< 1 s", median, spread, 5))
    return results


CASES = [case_import, case_export, case_docxtpl, case_batch, case_preview, case_compare, case_startup, case_pdf]


def table(results: list[Result]) -> str:
    """The results as a Markdown table; a p95 column when any result has one."""
    tail = any(r.p95 is not None for r in results)
    rows = [
        "| case | median |" + (" p95 |" if tail else "") + " spread | runs | target |",
        "|---|---:|" + ("---:|" if tail else "") + "---:|---:|---|",
    ]
    for r in results:
        p95 = (f" {_ms(r.p95)} |" if r.p95 is not None else " — |") if tail else ""
        rows.append(
            f"| {r.name} | {_ms(r.median)} |{p95} ±{_ms(r.spread / 2)} | {r.runs} | {r.target}{(' ' + r.note) if r.note else ''} |"
        )
    return "\n".join(rows)


def _ms(seconds: float) -> str:
    if seconds != seconds:  # NaN: not measured
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--only", metavar="CASE", action="append", help="run only this case (e.g. pdf); repeatable")
    args = parser.parse_args()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        for case in CASES:
            if args.only and case.__name__.removeprefix("case_") not in args.only:
                continue
            results += case(Path(folder))
    text = table(results)
    print(text)
    if args.update_readme:
        update_readme(text)
    return 0


def update_readme(text: str, start: str = START, end: str = END, note: str = "") -> None:
    """Put *text* (a table), dated, between the *start* and *end* markers of benchmarks/README.md;
    *note* (a sentence) goes after the date."""
    readme = README.read_text(encoding="utf-8")
    head, found, rest = readme.partition(start)
    if not found:
        raise SystemExit(f"{README}: no {start} marker")
    _, _, tail = rest.partition(end)
    stamp = time.strftime("%Y-%m-%d")
    README.write_text(
        f"{head}{start}\n_Measured {stamp} on the development machine ({os.cpu_count()} cores).{note}_\n\n{text}\n{end}{tail}",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
