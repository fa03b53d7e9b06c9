#!/usr/bin/env python
"""The composer's speed in a real browser: Voila start-up, typing, export.

    .venv/bin/python benchmarks/browser.py                  print the table
    .venv/bin/python benchmarks/browser.py --update-readme  also write it into benchmarks/README.md
    .venv/bin/python benchmarks/browser.py --quick --only startup   fewer repetitions, one case

Voila is started the way ``jianggao compose`` starts it (``toolkit.notebook.app``), on a free
port on 127.0.0.1, with a throw-away workspace (``JIANGGAO_WORKDIR``), home and Jupyter
folders; headless Chromium (Debian's, else Playwright's own) is driven through Playwright
with the browser tests' settings (tests/browser_support.py). Times are taken inside the
page: from the event that starts an action (the navigation, a keystroke's
``keydown``/``input``, a ``click``) to the moment a ``MutationObserver`` sees the page in the
awaited state, so Playwright's own round trips are not counted.

What is typed into and what counts as "the page updated" are one small function each
(:func:`form_title`, :func:`page_paragraph`, each a :class:`Typing`): a new way of typing
is one more such function. What each case measures: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

import conftest  # noqa: E402, F401 - first, as pytest loads it (browser_support reads it)
from browser_support import CHROMIUM_ARGS, jupyter_env  # noqa: E402 - Chromium and Jupyter as the browser tests run them
from corpus import speech_text  # noqa: E402
from run import Result, table, update_readme  # noqa: E402

START, END = "<!-- browser:start -->", "<!-- browser:end -->"
VIEWPORT = {"width": 1366, "height": 768}
LETTERS = "abcdefghijklmnopqrstuvwxyz"
"""What is typed: ASCII letters (real key events, unlike CJK text, which Playwright inserts
without ``keydown``), which no speech here contains."""
TIMEOUT_MS = 120_000


# -- what is typed into, and when the page counts as updated ----------------------------------------
@dataclass(frozen=True)
class Typing:
    """Where keystrokes go and when the page counts as updated: both are JavaScript, so
    switching what is measured is switching these two functions' text."""

    name: str
    target: str
    """``() => element``: the element typed into (``null`` until it is shown)."""
    updated: str
    """``(state) => bool`` for ``state = {typed, characters}``: the text typed so far, and
    the 字数 the page should show once it has taken every keystroke."""


def form_title() -> Typing:
    """The 标题 field of the form (会议信息); the page is updated when it shows the typed text
    (the kernel redrew it: the state's debounced refresh)."""
    return Typing(
        "in the form's 标题 → page shows it",
        """() => {
          for (const label of document.querySelectorAll('.jianggao-composer .widget-text label'))
            if (label.textContent.trim() === '标题') return label.parentElement.querySelector('input');
          return null;
        }""",
        "(state) => [...document.querySelectorAll('.jianggao-page-editor .jg-sheet, .jianggao-page')]"
        ".some(page => page.textContent.includes(state.typed))",
    )


def page_paragraph() -> Typing:
    """The opening's first paragraph, typed on the page itself (where the text shows at once,
    in the browser); the page is updated when its 字数 counts every key (the kernel took the
    edit and answered)."""
    return Typing(
        "on the page, 开头第1段 → 字数 updated",
        "() => document.querySelector('.jianggao-page-editor .jg-field[data-key=\"opening/0\"]')",
        f"(state) => {CHARACTERS} === state.characters",
    )


CHARACTERS = "Number(document.querySelector('.jianggao-page-editor .jg-counts b')?.textContent)"
"""JavaScript: the 字数 the page shows."""


def download_link() -> str:
    """JavaScript for a predicate ``(before) => bool``: a download link other than *before*
    (the previous export's, or ``null``) is on the page."""
    return "(before) => { const link = document.querySelector('a[download]'); return !!link && link !== before; }"


# -- measuring inside the page ----------------------------------------------------------------------
ARM = """() => {
  const test = PREDICATE;
  const argument = ARGUMENT;
  const events = EVENTS;
  const m = {start: null, done: null};
  window.__jianggaoMeasure = m;
  const started = (event) => { if (m.start === null) m.start = event.timeStamp; };
  for (const type of events) document.addEventListener(type, started, {capture: true});
  const observer = new MutationObserver(() => {
    if (m.start !== null && m.done === null && test(argument)) {
      m.done = performance.now();
      observer.disconnect();
      for (const type of events) document.removeEventListener(type, started, {capture: true});
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""
"""One measurement: the first of EVENTS starts it; it ends at the first change of the page
after which PREDICATE(ARGUMENT) holds (ARGUMENT is evaluated when it is armed)."""


def arm(page, predicate: str, argument: str, events: tuple[str, ...]) -> None:
    """Arm a measurement (see :data:`ARM`); *argument* is a JavaScript expression."""
    script = ARM.replace("PREDICATE", predicate).replace("ARGUMENT", argument).replace("EVENTS", json.dumps(events))
    page.evaluate(script)


def measured(page, timeout_ms: float = TIMEOUT_MS) -> float:
    """Seconds the armed measurement took (waits for it to end)."""
    page.wait_for_function("() => window.__jianggaoMeasure.done !== null", timeout=timeout_ms)
    return page.evaluate("() => window.__jianggaoMeasure.done - window.__jianggaoMeasure.start") / 1000


def summary(name: str, target: str, samples: list[float], note: str = "") -> Result:
    """A result with median, p95 and spread of *samples* (seconds)."""
    if not samples:
        return Result(name, target, float("nan"), 0, 0, note or "(not measured)")
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1] if len(samples) > 1 else samples[0]
    return Result(name, target, statistics.median(samples), max(samples) - min(samples), len(samples), note, p95)


# -- Voila and the browser --------------------------------------------------------------------------
@contextlib.contextmanager
def isolated_environment() -> Iterator[Path]:
    """A throw-away workspace, home and Jupyter folders for every Voila this run starts."""
    saved = dict(os.environ)
    folder = Path(tempfile.mkdtemp(prefix="jianggao-browser-bench-"))
    (folder / "workspace").mkdir()
    environment = jupyter_env(folder / "home", folder / "workspace")
    os.environ.clear()
    os.environ.update(environment)
    try:
        yield folder
    finally:
        os.environ.clear()
        os.environ.update(saved)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def voila(draft: Path | None = None) -> Iterator[str]:
    """Voila serving the composer on *draft* (the example when ``None``), as ``jianggao
    compose`` starts it; yields its address as soon as it listens."""
    from toolkit.notebook.app import composer_server

    with composer_server(draft) as running:
        yield running.url


@contextlib.contextmanager
def fresh_page(browser) -> Iterator[object]:
    """A page in a new browser context: no cache, no cookies, like a first visit."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    try:
        yield page
    finally:
        context.close()


READY = """() => {
  const shown = (el) => !!el && el.offsetParent !== null && !el.disabled;
  return shown((TARGET)()) && shown(document.querySelector('.jianggao-page-editor .jg-field')) ? performance.now() : false;
}"""
"""The composer is usable: the form's 标题 field and the page's first field are shown."""

AT_END = """(el) => {
  el.focus();
  if (el.setSelectionRange) { el.setSelectionRange(el.value.length, el.value.length); return; }
  const range = document.createRange();
  range.selectNodeContents(el);
  range.collapse(false);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""
"""Put the cursor at the end of an input or a contenteditable field."""


def open_composer(page, url: str) -> float:
    """Load *url* and wait until the composer is usable (see :data:`READY`); returns the
    seconds from the navigation's start (the page request) to then."""
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    ready = READY.replace("TARGET", form_title().target)
    return page.wait_for_function(ready, polling="raf", timeout=TIMEOUT_MS).json_value() / 1000


def type_and_measure(page, typing: Typing, count: int, pause: float = 0.15) -> list[float]:
    """Press *count* keys into *typing*'s target, one at a time, each measured until the page
    is updated; returns the latencies."""
    target = page.evaluate_handle(f"({typing.target})()").as_element()
    target.evaluate(AT_END)
    typed = re.search("[a-z]*$", page.evaluate("(el) => el.value ?? el.textContent", target)).group(0)
    characters = page.evaluate(f"() => {CHARACTERS}")
    samples = []
    for _ in range(count):
        letter = random.choice(LETTERS)
        typed += letter
        characters += 1
        state = json.dumps({"typed": typed, "characters": characters})
        arm(page, typing.updated, state, ("keydown", "input"))
        page.keyboard.press(letter)
        samples.append(measured(page))
        time.sleep(pause)
    return samples


# -- the cases --------------------------------------------------------------------------------------
def case_startup(browser, repeat: int) -> list[Result]:
    """Page request → usable form, twice: a Voila just started (the browser opens as soon as
    it listens, what ``jianggao compose`` does) and a Voila that has been running a while."""
    cold, whole = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        with voila() as url, fresh_page(browser) as page:
            cold.append(open_composer(page, url))
            whole.append(time.perf_counter() - started)
    warm = []
    with voila() as url:
        with fresh_page(browser) as page:
            open_composer(page, url)  # the first visit after start-up, not counted
        for _ in range(repeat):
            time.sleep(8)  # an idle server (whatever it prepares between visits is ready)
            with fresh_page(browser) as page:
                warm.append(open_composer(page, url))
    return [
        summary("`jianggao compose` → form usable (the browser opens as Voila listens)", "—", whole),
        summary("Voila: page request → form usable, Voila just started", "≤ 3 s", cold),
        summary("Voila: page request → form usable, Voila running", "≤ 3 s", warm),
    ]


def case_typing(browser, repeat: int, draft: Path | None, name: str, target: str) -> list[Result]:
    """Keystroke → page updated, one key at a time, on *draft*, for each way of typing."""
    with voila(draft) as url, fresh_page(browser) as page:
        results = [summary(f"Voila: page request → form usable, {name}", "≤ 3 s", [open_composer(page, url)])]
        time.sleep(2)  # what the kernel does after showing the form is over
        for typing in (form_title(), page_paragraph()):
            samples = type_and_measure(page, typing, repeat)
            results.append(summary(f"typing {typing.name}, {name}", target, samples))
    return results


BUTTON_SHOWN = """(label) => [...document.querySelectorAll('.jianggao-composer button')]
  .some(b => b.textContent.trim() === label && b.offsetParent !== null && !b.disabled)"""
"""JavaScript: a predicate ``(label) => bool``, the composer's button of that label is shown and enabled."""


def button(page, label: str):
    """The composer's visible button of that label (仍然导出 is in the 导出 panel and, hidden,
    in the 版本 tab). Clicks are dispatched to it, so what is timed starts at the click event
    and not at Playwright's scrolling and waiting for it."""
    return page.locator(f".jianggao-composer button:text-is('{label}'):visible")


def case_export(browser, repeat: int) -> list[Result]:
    """Export click → download link, and typing while the page pictures are made."""
    listed, linked, during = [], [], []
    with voila() as url, fresh_page(browser) as page:
        open_composer(page, url)
        time.sleep(2)
        for _ in range(repeat):
            page.wait_for_function(f"() => ({BUTTON_SHOWN})('导出')", timeout=TIMEOUT_MS)
            time.sleep(1)  # 导出 ignores a click this soon after the last export (a double click)
            arm(page, BUTTON_SHOWN, '"仍然导出"', ("click",))
            button(page, "导出").dispatch_event("click")
            listed.append(measured(page))
            arm(page, download_link(), "document.querySelector('a[download]')", ("click",))
            button(page, "仍然导出").dispatch_event("click")
            linked.append(measured(page))
            while not page.evaluate("() => !!document.querySelector('.jianggao-pages')"):
                during += type_and_measure(page, page_paragraph(), 1, pause=0.05)
    return [
        summary("export: 导出 click → open problems listed (example draft)", "—", listed),
        summary("export: 仍然导出 click → download link", "≤ 300 ms", linked),
        summary(
            f"typing {page_paragraph().name} while page pictures are made",
            "≤ 100 ms (p95)",
            during,
            "(example draft)",
        ),
    ]


def big_draft(folder: Path, characters: int = 100_000) -> Path:
    from toolkit.drafts import save_draft
    from toolkit.importers import parse_speech_text

    return save_draft(parse_speech_text(speech_text(characters)), folder / "十万字.yaml")


CASE_NAMES = ("startup", "typing", "long", "export")


def conditions() -> str:
    """What the figures depend on beyond the code: whether the installed packages are compiled
    to bytecode (without it every kernel compiles Jupyter first) and how busy the machine was."""
    import importlib.util

    import traitlets

    compiled = Path(importlib.util.cache_from_source(traitlets.__file__)).exists()
    load = os.getloadavg()[0]
    return f" Packages {'' if compiled else 'not '}compiled to bytecode; load average {load:.1f} at the end."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", choices=CASE_NAMES, action="append", help="run only this case (repeatable)")
    args = parser.parse_args()
    if args.only and args.update_readme:
        parser.error("--update-readme writes every case's figures: run them all")
    starts, keys, exports = (2, 10, 2) if args.quick else (5, 40, 5)
    results: list[Result] = []
    with isolated_environment() as folder, chromium() as browser:
        cases = {
            "startup": lambda: case_startup(browser, starts),
            "typing": lambda: case_typing(browser, keys, None, "example draft", "≤ 100 ms (p95)"),
            "long": lambda: case_typing(browser, keys, big_draft(folder), "100,000-character draft", "≤ 300 ms (p95)"),
            "export": lambda: case_export(browser, exports),
        }
        for name, case in cases.items():
            if args.only and name not in args.only:
                continue
            try:
                found = case()
            except Exception as error:  # noqa: BLE001 - one failing case must not lose the others' figures
                found = [Result(f"(a case failed: {type(error).__name__})", "—", float("nan"), 0, 0, str(error)[:80])]
            for result in found:
                print(table([result]).splitlines()[-1], flush=True)
            results += found
    text = table(results)
    print(text)
    note = conditions()
    print(note.strip())
    if args.update_readme:
        update_readme(text, START, END, note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
