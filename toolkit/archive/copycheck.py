"""The copy check (查重): each paragraph of a draft against the archive.

The archive's paragraphs sharing the most clause fingerprints with each paragraph are fetched
for the whole draft at once (:meth:`~toolkit.archive.base.Archive.similar`, one indexed
look-up) and compared exactly
(:func:`toolkit.archive.similarity.compare`: clause pieces, place levels folded, so a changed
place name or a moved clause does not hide a copy). The report gives, per paragraph, the most
alike archived paragraph with its share and source, and for the whole draft the share of its
characters copied near-verbatim from 购买 and from 上级 material. The limits are
:class:`Thresholds` (the settings' ``copy_check``; docs/archive.md#查重).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.archive.base import Archive, Hit, speech_paragraphs
from toolkit.archive.similarity import compare, compared_length
from toolkit.model.fields import field_keys
from toolkit.model.speech import Speech

WATCHED_SOURCES = ("购买", "上级")
"""The sources whose near-verbatim copies are totalled for the whole draft."""
SKIPPED_PARTS = ("称呼", "过渡句")
"""Parts every speech shares word for word (同志们：, 下面，我讲几点意见。): never checked."""
MIN_CHARACTERS = 8
"""A paragraph with fewer compared characters is not checked (a short lead sentence such as
抓好党建引领 is the genre's common stock, not a copy)."""
COMPARED = "标题、称呼、过渡句、很短的段落和标点不算在内"
"""What the compared text leaves out, as staff read it beside its character count."""
CANDIDATES = 8
"""How many of the archive's most alike paragraphs are compared exactly for each paragraph."""


@dataclass(frozen=True)
class Thresholds:
    """The copy check's limits, as shares (0–1): a paragraph is listed as ``similar`` from
    this share of its text found in one archived paragraph; counted as ``copied`` (near-
    verbatim) from this share; the whole draft is flagged when its characters copied from
    购买 or 上级 material reach ``share``."""

    similar: float = 0.5
    copied: float = 0.8
    share: float = 0.3


@dataclass
class ParagraphCheck:
    """One draft paragraph checked: its place (``第二点正文``, as staff read it), ``key`` (the
    draft field), ``text``, ``characters`` (those compared), and the most alike archived
    paragraph (``best``, ``None`` when nothing alike was found) with ``share`` (0–1), and
    ``copied``: for each watched source, the characters counted as copied from it."""

    where: str
    key: str
    text: str
    characters: int
    best: Hit | None = None
    share: float = 0.0
    copied: dict[str, int] = field(default_factory=dict)
    cited: str = ""
    """The title of the archived speech the draft records this paragraph was taken from (the
    素材 tab's ``Speech.sources``): reused on purpose, with its source known; ``""`` otherwise.
    It still counts towards the shares: the text is copied all the same."""

    @property
    def percent(self) -> int:
        """``share`` as a whole percentage (rounded down: 99.6% is not shown as 100%)."""
        return int(self.share * 100 + 1e-9)


@dataclass
class CopyReport:
    """The copy check of a whole draft: each checked paragraph in reading order, the
    ``characters`` compared in all of them, the ``thresholds`` used and the archive's size
    (``speeches``)."""

    paragraphs: list[ParagraphCheck]
    thresholds: Thresholds
    speeches: int = 0
    compared = COMPARED
    """What :attr:`characters` leaves out of the draft, for the front ends to say."""

    @property
    def characters(self) -> int:
        return sum(p.characters for p in self.paragraphs)

    def copied(self, source: str) -> int:
        """The draft's characters copied near-verbatim from *source* material."""
        return sum(p.copied.get(source, 0) for p in self.paragraphs)

    def share(self, source: str) -> float:
        """The share (0–1) of the draft's compared characters copied near-verbatim from *source*."""
        return self.copied(source) / self.characters if self.characters else 0.0

    def similar(self) -> list[ParagraphCheck]:
        """The paragraphs at or above the ``similar`` threshold, in reading order."""
        return [p for p in self.paragraphs if p.best is not None and p.share >= self.thresholds.similar]

    def over(self) -> list[str]:
        """The watched sources whose share reaches the ``share`` threshold."""
        return [s for s in WATCHED_SOURCES if self.characters and self.share(s) >= self.thresholds.share]


def check_copies(archive: Archive, speech: Speech, thresholds: Thresholds | None = None) -> CopyReport:
    """*speech* checked paragraph by paragraph against *archive* (see the module's docstring)."""
    thresholds = thresholds or Thresholds()
    places = {key: where for where, key in field_keys(speech).items()}
    cited = {source.key: source.title or "无标题" for source in speech.sources if source.key}
    checked = []
    for paragraph in speech_paragraphs(speech):
        characters = compared_length(paragraph.text)
        if paragraph.part not in SKIPPED_PARTS and characters >= MIN_CHARACTERS:
            where = places.get(paragraph.key, paragraph.key)
            checked.append(
                ParagraphCheck(where, paragraph.key, paragraph.text, characters, cited=cited.get(paragraph.key, ""))
            )
    for result, hits in zip(checked, archive.similar([p.text for p in checked], CANDIDATES)):
        for hit in hits:
            comparison = compare(result.text, hit.paragraph.text)
            if comparison.share > result.share:
                result.best, result.share = hit, comparison.share
            source = hit.speech.source
            if source in WATCHED_SOURCES and comparison.share >= thresholds.copied:
                result.copied[source] = max(result.copied.get(source, 0), comparison.covered)
    return CopyReport(checked, thresholds, archive.counts()[0])
