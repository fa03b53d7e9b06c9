"""Killing the process that runs the composer mid-edit loses at most the last autosave
interval, and the draft on disk is never half-written."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from toolkit.drafts import open_draft

DELAY = 0.3
SLACK = 0.3  # one save (fsync included) and scheduling on a busy 2-core machine
EDITOR = r"""
import sys, time
from toolkit.widgets import Composer
composer = Composer(sys.argv[1], autosave_delay=float(sys.argv[2]), refresh_delay=0.05)
paragraph = "同志们，安全无小事，" * 300
n = 0
while True:
    n += 1
    composer.facts.title.value = f"标题{n}"
    composer.structure.opening.value = paragraph + str(n)
    print(n, time.monotonic(), flush=True)
    time.sleep(0.01)
"""


@pytest.mark.slow
def test_killing_the_composer_mid_edit_loses_at_most_one_interval(tmp_path):
    env = dict(os.environ, JIANGGAO_WORKDIR=str(tmp_path / "ws"), PYTHONUNBUFFERED="1")
    for attempt in range(5):
        draft = tmp_path / f"草稿{attempt}.yaml"
        process = subprocess.Popen(
            [sys.executable, "-c", EDITOR, str(draft), str(DELAY)], stdout=subprocess.PIPE, text=True, env=env
        )
        edits: list[tuple[int, float]] = []
        stop = None
        while True:
            line = process.stdout.readline()
            number, stamp = line.split()
            edits.append((int(number), float(stamp)))
            if stop is None:
                stop = time.monotonic() + random.uniform(1.0, 2.5)  # typing has begun: kill at a random moment
            if time.monotonic() >= stop:
                break
        killed_at = time.monotonic()
        process.send_signal(signal.SIGKILL)
        process.wait()
        speech = open_draft(draft)  # a complete draft, never half-written
        saved = int(speech.title.removeprefix("标题"))
        opening = int(speech.opening[0].removeprefix("同志们，安全无小事，" * 300))
        assert opening in (saved - 1, saved)  # a save may fall between the two fields of one edit
        must_have = max((n for n, stamp in edits if stamp <= killed_at - DELAY - SLACK), default=0)
        assert saved >= must_have, f"lost edits {must_have}..{saved}: more than {DELAY} s of typing"
