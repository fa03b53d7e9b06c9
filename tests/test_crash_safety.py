"""Crash safety: a process killed at random moments while it saves drafts and writes
.docx files, hundreds of times, never leaves a half-written file: each file on disk is
always one complete version, old or new."""

import os
import random
import signal
import time

import docx
import pytest

from toolkit.drafts import open_draft, save_draft
from toolkit.exporters import export_docx
from toolkit.model import Point, Speech

KILLS = 300


def version(number: int) -> Speech:
    """Version *number*: its own title and a body of its own length, so a torn file shows."""
    points = [
        Point(f"第{number}版第{k}点主旨。", ["正文段落，" * (40 + number % 7 * 30)]) for k in range(1, number % 5 + 2)
    ]
    return Speech(
        title=f"第{number}版讲话",
        salutation="同志们：",
        opening=[f"第{number}版开头。" * 20],
        points=points,
        closing=["同志们，努力。"],
    )


def expected_paragraphs(number: int) -> int:
    return 1 + 1 + 1 + (number % 5 + 1) + 1


def writer(draft, document) -> None:
    """The child: write new versions of both files as fast as it can, until killed."""
    number = random.randrange(1000, 10**6)
    while True:
        number += 1
        speech = version(number)
        save_draft(speech, draft)
        export_docx(speech, document, overwrite=True)


@pytest.mark.slow
def test_killed_writers_leave_only_complete_versions(tmp_path):
    draft, document = tmp_path / "草稿.yaml", tmp_path / "讲话稿.docx"
    save_draft(version(0), draft)
    export_docx(version(0), document)
    # The kill comes within a few writes' time: on a busy machine a write takes longer, so a
    # fixed window would kill most writers before their first write and prove nothing.
    started = time.perf_counter()
    save_draft(version(1), tmp_path / "probe.yaml")
    export_docx(version(1), tmp_path / "probe.docx")
    window = max(0.03, 4 * (time.perf_counter() - started))
    seen = set()
    for _ in range(KILLS):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            try:
                writer(draft, document)
            finally:
                os._exit(0)
        time.sleep(random.uniform(0.0, window))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        speech = open_draft(draft)
        number = int(speech.title.removeprefix("第").removesuffix("版讲话"))
        assert speech == version(number), "the draft on disk is not one complete version"
        paragraphs = [p.text for p in docx.Document(str(document)).paragraphs]
        title = paragraphs[0].replace("\n", "")
        docx_number = int(title.removeprefix("第").removesuffix("版讲话"))
        assert len(paragraphs) == expected_paragraphs(docx_number), "the .docx on disk is not one complete version"
        assert paragraphs[-1] == "同志们，努力。"
        seen.add((number, docx_number))
    assert len(seen) > KILLS // 3, "the writers were killed before they wrote anything: the test proved nothing"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert all(name.startswith((".草稿.yaml.", ".讲话稿.docx.")) for name in leftovers)
