#!/usr/bin/env python
"""The archive (素材库) at office scale: 10,000 speeches (about 100,000 paragraphs) generated
from the tests' fixture speeches, added with `jianggao archive add`'s own function, then
searched for words of one to four characters; on SQLite, and on PostgreSQL (a throwaway
server started like the tests' one) when it is installed.

    .venv/bin/python benchmarks/archive.py                    print the table
    .venv/bin/python benchmarks/archive.py --update-readme    also write it into benchmarks/README.md
    .venv/bin/python benchmarks/archive.py --speeches 2000    a smaller set, for a quick look

Targets (issue 14): indexing 10,000 speeches ≤ 60 s; a search of one to four characters
answers in ≤ 30 ms at p95; 查重 of a 10,000-character draft against the whole archive ≤ 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from run import Result, table, update_readme  # noqa: E402

FIXTURES = [ROOT / "tests" / "fixtures" / "speeches", ROOT / "tests" / "fixtures" / "reference"]
QUERIES = {
    1: ["党", "安", "防", "企", "村", "治"],
    2: ["党建", "安全", "防汛", "发展", "项目", "责任", "招商", "生态"],
    3: ["高质量", "党风廉", "营商环", "主体责", "防汛抗", "乡村振"],
    4: ["安全生产", "招商引资", "乡村振兴", "营商环境", "防汛抗旱", "生态环境"],
}
"""The words searched for, by length (what a writer types: one character while typing, a
two-character word, a phrase)."""
TOWNS = ["东城", "西河", "南山", "北湖", "青石", "白沙", "金桥", "红旗", "柳林", "桃园", "杏花", "清水"]


def _pools() -> dict[str, list[str]]:
    """The fixture speeches' sentences, by the part of the speech they were in."""
    from toolkit import service
    from toolkit.archive.base import speech_paragraphs

    pools: dict[str, list[str]] = {}
    for folder in FIXTURES:
        for path in sorted(folder.glob("*")):
            if path.suffix not in (".txt", ".md"):
                continue
            speech = service.import_file(path).speech
            for paragraph in speech_paragraphs(speech):
                sentences = [s + "。" for s in re.split(r"。", paragraph.text) if len(s) > 6]
                pools.setdefault(paragraph.part, []).extend(sentences or [paragraph.text])
            pools.setdefault("标题", []).append(speech.title or "")
    return pools


def generate(folder: Path, count: int, seed: int = 14) -> int:
    """Write *count* speeches as .txt files into *folder* (in 本单位/上级/购买 sub-folders),
    each a new mix of the fixtures' sentences with a date from 2016 to 2026; returns how
    many paragraphs they hold."""
    from toolkit.model.numbering import chinese_numeral

    rng = random.Random(seed)
    pools = _pools()
    titles = [t for t in pools.pop("标题") if t.startswith("在") and t.endswith("讲话")]
    total = 0
    for number in range(count):
        source = rng.choice(["本单位", "本单位", "上级", "购买"])
        town = rng.choice(TOWNS)
        day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3900))

        def paragraph(part: str, sentences: tuple[int, int] = (2, 4)) -> str:
            chosen = rng.sample(pools[part], min(len(pools[part]), rng.randint(*sentences)))
            return "".join(chosen).replace("全县", rng.choice(["全县", f"{town}镇", "全市"]))

        title = rng.choice(titles).replace("全县", f"{town}镇", 1)
        lines = [f"{title}（第{number + 1}次）", f"（{day.year}年{day.month}月{day.day}日）", "同志们："]
        lines += [paragraph("开头") + "下面，我讲几点意见。"]
        points = rng.randint(3, 4)
        for point in range(points):
            lead = paragraph("要点主旨句", (1, 1)).rstrip("。")
            lines.append(f"{chinese_numeral(point + 1)}要{lead}。{paragraph('要点正文')}")
            lines += [paragraph("要点正文") for _ in range(rng.randint(0, 1))]
        lines.append(paragraph("结尾", (1, 2)))
        total += 4 + points * 2
        target = folder / source / f"{number:05d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return total


def copy_check_draft(folder: Path, characters: int = 10_000, seed: int = 15):
    """A draft of about *characters* characters for 查重, made as a writer would: paragraphs
    taken from speeches in the generated archive (*folder*), every other one with its town
    changed, under a title, salutation, transition and numbered points of its own."""
    from toolkit import service
    from toolkit.archive.base import speech_paragraphs
    from toolkit.model.numbering import chinese_numeral

    rng = random.Random(seed)
    files = sorted(folder.rglob("*.txt"))
    bodies: list[str] = []
    while sum(map(len, bodies)) < characters:
        speech = service.import_file(rng.choice(files)).speech
        taken = [p.text for p in speech_paragraphs(speech) if p.part in ("开头", "要点正文", "结尾")]
        text = rng.choice(taken)
        bodies.append(text.replace(TOWNS[0], TOWNS[1]) if len(bodies) % 2 else text)
    lines = ["在全县重点工作推进会上的讲话", "同志们：", bodies[0], "下面，我讲几点意见。"]
    for number, start in enumerate(range(1, len(bodies) - 1, 3)):
        lines.append(f"{chinese_numeral(number + 1)}要抓好第{number + 1}项重点工作。" + bodies[start])
        lines += bodies[start + 1 : min(start + 3, len(bodies) - 1)]
    lines.append(bodies[-1])
    path = folder.parent / "查重草稿.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return service.import_file(path).speech


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _timed(label: str, target: str, calls: list, repeat: int = 15) -> Result:
    """Each of *calls* once to warm up, then *repeat* times timed: the median, spread and p95."""
    samples = []
    for call in calls:
        call()
        for _ in range(repeat):
            begin = time.perf_counter()
            call()
            samples.append(time.perf_counter() - begin)
    spread = max(samples) - min(samples)
    return Result(
        label, target, statistics.median(samples), spread, len(samples), f"(p95 {_p95(samples) * 1000:.1f} ms)"
    )


def measure_archive(name: str, location: str, folder: Path, speeches: int) -> list[Result]:
    """Add *folder* to the archive at *location*, then search it; the rows for *name*."""
    from toolkit import service

    start = time.perf_counter()
    report = service.archive_files([folder], archive=(archive := service.open_archive(location)))
    seconds = time.perf_counter() - start
    _, paragraphs = archive.counts()
    note = f"({len(report.added):,} speeches, {paragraphs:,} paragraphs; {len(report.failed)} failed)"
    results = [Result(f"{name}: `archive add` {speeches:,} speeches", "≤ 60 s", seconds, 0.0, 1, note)]
    start = time.perf_counter()
    again = service.archive_files([folder], archive=archive)
    seconds = time.perf_counter() - start
    results.append(
        Result(
            f"{name}: the same folder again (all skipped by content)",
            "—",
            seconds,
            0.0,
            1,
            f"({len(again.duplicates):,} skipped)",
        )
    )
    for length, words in QUERIES.items():
        calls = [lambda word=word: service.archive_search(word, archive=archive) for word in words]
        label = f"{name}: search, {length} character{'s' if length > 1 else ''} ({'、'.join(words[:4])}…)"
        results.append(_timed(label, "p95 ≤ 30 ms", calls))
    calls = [
        lambda words=words: service.archive_search(words, archive=archive, since="2020", source="本单位")
        for words in ("安全 责任", "党建 引领", "项目 招商 落地")
    ]
    results.append(_timed(f"{name}: search, several words with filters", "p95 ≤ 30 ms", calls))
    sample = archive.speech(archive.speeches()[0].id).paragraphs[3].text
    calls = [lambda: archive.candidates(sample, 10)]
    results.append(_timed(f"{name}: candidates() for one paragraph (查重's look-up)", "—", calls))
    draft = copy_check_draft(folder)
    report = service.check_copies(draft, archive=archive)
    note = f"({report.characters:,} characters in {len(report.paragraphs)} paragraphs; {len(report.similar())} similar)"
    calls = [lambda: service.check_copies(draft, archive=archive)]
    results.append(_timed(f"{name}: 查重 of a 10,000-character draft", "≤ 1 s", calls, repeat=3))
    results[-1].note += " " + note
    archive.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speeches", type=int, default=10_000)
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "讲稿"
        start = time.perf_counter()
        paragraphs = generate(folder, args.speeches)
        print(
            f"generated {args.speeches:,} speeches (~{paragraphs:,} paragraphs) in {time.perf_counter() - start:.1f} s"
        )
        results += measure_archive("SQLite", str(Path(work) / "素材库.sqlite"), folder, args.speeches)
        print(table(results))
        if not args.no_postgres:
            from postgres_server import PostgresServer, ServerError

            try:
                server = PostgresServer()
            except ServerError as error:
                print(f"PostgreSQL skipped: {error}")
            else:
                try:
                    results += measure_archive("PostgreSQL", server.new_database(), folder, args.speeches)
                finally:
                    server.stop()
    text = table(results)
    print(text)
    if args.update_readme:
        update_readme(text, "<!-- archive:start -->", "<!-- archive:end -->")
    return 0


if __name__ == "__main__":
    sys.exit(main())
