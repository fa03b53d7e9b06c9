"""How alike two paragraphs are, for the copy check (查重); docs/archive.md#查重 says why.

A copy is rarely verbatim: the place is changed (我市 → 我县, 某某市 → 某某县), a clause
moved, a word swapped. So paragraphs are compared as *clauses* (the text between
punctuation marks), each cut into overlapping three-character pieces ("shingles"):

- the level words of a place are folded to one (我市, 我县, 全区, 市委, 县政府… all read as
  the county's), so a speech copied from another level is not hidden by the change;
- a moved clause keeps all its pieces (pieces never cross a punctuation mark);
- a changed name or word costs only the two or three pieces that hold it.

``similarity(draft, archived)`` is the share of the draft paragraph's pieces found in the
archived one (0–1): how much of *this* paragraph is already in the archive.

Finding which archived paragraphs to compare with uses *fingerprints* of two kinds, stored
with each archived paragraph so the candidates for a whole draft are found in one indexed
look-up (:meth:`toolkit.archive.base.Archive.similar`):

- one number per clause of five characters or more, the smallest CRC-32 of its four-character
  pieces (a "min-hash"). An identical clause gives the same number; so does a clause with a
  small edit unless the edit touches the one piece that gave the smallest number.
- :data:`BANDS` numbers for the paragraph as a whole (locality-sensitive hashing over its
  clause numbers): two paragraphs that share most of their clauses share at least one band
  with high probability. These find a copied paragraph even when every one of its clauses is
  common stock (以习近平新时代中国特色社会主义思想为指导…), whose clause numbers are in too
  many paragraphs to say anything (see ``COMMON`` in :mod:`toolkit.archive.base`).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass

SHINGLE = 3
"""Characters in a piece compared by :func:`similarity`."""
FINGERPRINT_PIECE = 4
"""Characters in a piece a fingerprint is the smallest hash of."""
FINGERPRINT_CLAUSE = 5
"""A clause shorter than this gives no fingerprint (同志们, 一要… are in every speech)."""

_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)
"""What separates clauses: punctuation, symbols and white space of any script."""
_LEVEL = "省市州盟县区旗镇乡"
_PLACE_LEVEL = re.compile(
    rf"(?<=[我全本该])[{_LEVEL}]|[{_LEVEL}](?=委|政府|人大|政协|纪委|直|级|域|内|长|领导|两办|财政|属)"
)
"""A level word that says whose speech it is: 我市, 全县, 本区, 市委, 县政府, 区直, 镇长…"""
_FOLDED_LEVEL = "县"


def clauses(text: str) -> list[str]:
    """The clauses of *text*, as compared: NFKC-normalised (full-width letters and digits
    as half-width), lower-cased, level words of a place folded to one, split at every
    punctuation mark and space; empty pieces dropped."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _PLACE_LEVEL.sub(_FOLDED_LEVEL, text)
    return [clause for clause in _PUNCTUATION.split(text) if clause]


def compared_length(text: str) -> int:
    """How many characters of *text* are compared (its clauses' characters, punctuation
    and space left out)."""
    return sum(len(clause) for clause in clauses(text))


def shingles(text: str) -> set[str]:
    """The three-character pieces of *text*'s clauses (a clause shorter than three is one piece)."""
    found: set[str] = set()
    for clause in clauses(text):
        if len(clause) <= SHINGLE:
            found.add(clause)
        else:
            found.update(clause[i : i + SHINGLE] for i in range(len(clause) - SHINGLE + 1))
    return found


def fingerprints(text: str) -> set[int]:
    """*text*'s fingerprints: for each clause of :data:`FINGERPRINT_CLAUSE` characters or
    more, the smallest CRC-32 of its four-character pieces (a signed 64-bit integer in both
    databases)."""
    found: set[int] = set()
    for clause in clauses(text):
        if len(clause) >= FINGERPRINT_CLAUSE:
            n = FINGERPRINT_PIECE
            found.add(min(zlib.crc32(clause[i : i + n].encode()) for i in range(len(clause) - n + 1)))
    return found


BANDS = 6
"""Band numbers per paragraph; each is made of :data:`BAND_ROWS` min-hashes. Two paragraphs
whose clause numbers overlap by a share *J* (Jaccard) share a band with probability
1 − (1 − J³)⁶: 92% at J = 0.7, 99% at J = 0.8, while paragraphs that merely share a
sentence or two of stock phrases rarely do (three min-hashes must agree at once)."""
BAND_ROWS = 3
_PRIME = (1 << 61) - 1
_HASHES = [(0x5BD1E995 * (i + 1) + 0x27D4EB2F, 0x165667B1 * (i + 3) + 0x9E3779B1) for i in range(BANDS * BAND_ROWS)]
"""The fixed (a, b) of each min-hash h(x) = (a·x + b) mod 2⁶¹−1: fixed, so every writer's
numbers agree."""


def band_prints(clause_prints: set[int]) -> set[int]:
    """The :data:`BANDS` band numbers of a paragraph with these clause numbers, and one for
    the whole set (the same paragraph, or the same with its place levels changed); none for a
    paragraph of one clause: its clause number says it all. Each is ≥ 2³², apart from every
    clause number."""
    if len(clause_prints) < 2:
        return set()
    whole = zlib.crc32(b"".join(x.to_bytes(8, "little") for x in sorted(clause_prints)))
    lows = [min((a * x + b) % _PRIME for x in clause_prints) for a, b in _HASHES]
    bands = set()
    for band in range(BANDS):
        rows = lows[band * BAND_ROWS : (band + 1) * BAND_ROWS]
        key = zlib.crc32(b"".join(row.to_bytes(8, "little") for row in rows))
        bands.add(((band + 1) << 32) | key)
    return bands | {((BANDS + 1) << 32) | whole}


def paragraph_prints(text: str) -> set[int]:
    """Everything stored (and looked up) for a paragraph: its clause numbers and band numbers."""
    clause_prints = fingerprints(text)
    return clause_prints | band_prints(clause_prints)


@dataclass(frozen=True)
class Comparison:
    """How much of a draft paragraph is in an archived one: ``share`` (0–1, the draft's
    pieces found there) and ``covered`` (the draft's compared characters inside those
    pieces: the characters counted as copied)."""

    share: float
    covered: int


def compare(draft: str, archived: str) -> Comparison:
    """How much of the paragraph *draft* is found in *archived* (see the module's docstring)."""
    mine = clauses(draft)
    theirs = shingles(archived)
    pieces = found = covered = 0
    for clause in mine:
        if len(clause) <= SHINGLE:
            pieces += 1
            if clause in theirs:
                found += 1
                covered += len(clause)
            continue
        inside = [False] * len(clause)
        for i in range(len(clause) - SHINGLE + 1):
            pieces += 1
            if clause[i : i + SHINGLE] in theirs:
                found += 1
                inside[i : i + SHINGLE] = [True] * SHINGLE
        covered += sum(inside)
    return Comparison(found / pieces if pieces else 0.0, covered)
