"""Pinyin where it is needed (注音): which characters of a speech get their reading printed
above them in the reading copy, and what that reading is.

Two kinds of characters get pinyin:

- every character of a word in a **注音 list**: the office's (the settings file's
  ``readings``, inline or in shared files) and the draft's own (``readings:`` in the draft),
  the draft's winning. A list entry is a word or a name with its reading, ``六安: Lù'ān``;
  the list overrides pypinyin, so a surname or a place name with a special reading (单 Shàn,
  六安 Lù'ān, 蚌埠 Bèngbù) is read as the office says;
- every Chinese character **outside the 3,500 characters** of the 通用规范汉字表 first-level
  list (``data/common_characters.txt``), read by pypinyin in the context of its paragraph,
  so its phrase dictionary chooses among a character's readings (赓续 gēng xù).

:func:`annotate` decides it for one paragraph; the exporter prints what it says (Word ruby)
and ``jianggao check --reading`` lists it (:func:`reading_notes`), so the two never differ.
pypinyin is imported on first use.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from toolkit.errors import InputFileError
from toolkit.model.readings import SEPARATORS, entry_problem, is_han
from toolkit.model.speech import Speech
from toolkit.resources import common_characters_file

LIST_HINT = "请用空格或隔音符号 ' 把每个字的读音分开，例如 六安: Lù'ān"


@dataclass(frozen=True)
class Entry:
    """One 注音 entry: ``word``, its ``reading`` as written (tone numbers made marks:
    ``Shàn Yǒngmíng``), one syllable a character (``syllables``), and ``source``, where it
    was written, in words for staff (``本稿注音``, ``单位注音表 注音.yaml``)."""

    word: str
    reading: str
    syllables: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Annotation:
    """A character that gets pinyin: its ``index`` in the paragraph, its ``reading`` (tone
    marks; ``""`` when no reading was found), the ``word`` it belongs to (an entry's word, or
    the character itself), where that word starts (``start``) in the paragraph, and ``source``
    (the entry's, or ``不在常用字表``)."""

    index: int
    reading: str
    word: str
    source: str
    start: int


RARE = "不在常用字表"
"""The source of a character outside the 3,500 common characters."""


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """The 3,500 first-level characters of the 通用规范汉字表."""
    text = common_characters_file().read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


# -- readings as syllables ------------------------------------------------------------------------
def _plain(syllable: str) -> str:
    """*syllable* without its tone mark, lower case, ü kept (``Lǜ`` → ``lü``)."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")
    return unicodedata.normalize("NFC", kept).replace("v", "ü")


@lru_cache(maxsize=1)
def _known_syllables() -> frozenset[str]:
    """Every pinyin syllable pypinyin knows, without tones (``lü``, ``zhuang``…), less the
    interjections without a vowel (ng, m, hm), which would cut ``Yǒng`` into ``Yǒ`` ``ng``."""
    from pypinyin.pinyin_dict import pinyin_dict

    plain = {_plain(reading) for value in pinyin_dict.values() for reading in value.split(",")}
    return frozenset(syllable for syllable in plain if set(syllable) & set("aeiouü"))


def _with_tone_marks(token: str) -> str:
    """*token* with tone numbers turned into marks (``lu4an1`` → ``lùān``); as it is otherwise."""
    if not re.search(r"[1-5]", token):
        return token
    from pypinyin.contrib.tone_convert import to_tone

    return "".join(to_tone(piece.replace("v", "ü").replace("V", "Ü")) for piece in re.findall(r"[^1-5]+[1-5]?", token))


def _split(token: str, count: int) -> list[str] | None:
    """*token* (``Bèngbù``) cut into *count* known syllables, ``None`` when it cannot be."""
    if count == 1:
        return [token] if _plain(token) in _known_syllables() else None
    for end in range(len(token) - 1, 0, -1):
        if _plain(token[:end]) in _known_syllables():
            rest = _split(token[end:], count - 1)
            if rest is not None:
                return [token[:end], *rest]
    return None


def syllables(word: str, reading: str) -> tuple[str, ...] | None:
    """One syllable (tone marks) for each character of *word* from *reading*: written apart
    (``Lù'ān``, ``lu4 an1``) or together when that is unambiguous (``Bèngbù``); ``None``
    when the reading does not give one syllable a character."""
    count = sum(1 for c in word if c != "·")
    tokens = [_with_tone_marks(token) for token in SEPARATORS.split(reading.strip()) if token]
    if len(tokens) == count:
        return tuple(tokens)
    if len(tokens) > count:
        return None
    # Fewer tokens than characters: cut the tokens into syllables, the longest first.
    for spread in _spreads(len(tokens), count):
        cut = [_split(token, n) for token, n in zip(tokens, spread)]
        if all(piece is not None for piece in cut):
            return tuple(s for piece in cut for s in piece)
    return None


def _spreads(tokens: int, total: int) -> list[tuple[int, ...]]:
    """The ways *total* syllables can be shared among *tokens* tokens (each at least one)."""
    if tokens == 1:
        return [(total,)]
    return [(first, *rest) for first in range(1, total - tokens + 2) for rest in _spreads(tokens - 1, total - first)]


def make_entry(word: str, reading: object, source: str, where: str) -> Entry:
    """The entry *word*: *reading* from *source*; one Chinese line naming *where* otherwise."""
    word = word.strip()
    problem = entry_problem(word, reading)
    if problem:
        raise InputFileError(problem[0], where=where, hint=problem[1])
    found = syllables(word, str(reading))
    if found is None:
        raise InputFileError(f"注音表中“{word}”的读音“{str(reading).strip()}”与字数对不上", where=where, hint=LIST_HINT)
    written = re.sub(r"[^ '’\-·]+", lambda match: _with_tone_marks(match.group()), str(reading).strip())
    return Entry(word, written, found, source)


# -- the lists -----------------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _list_file(name: str, _stamp: int) -> tuple[Entry, ...]:
    from toolkit.yamlfile import compose_yaml, read_text_file

    path = Path(name)
    text = read_text_file(path, what="注音表", hint="请检查设置文件中 readings 的路径")
    root = compose_yaml(text, source=path, what="注音表")
    if root is None:
        return ()
    import yaml

    if not isinstance(root, yaml.MappingNode):
        raise InputFileError("注音表应是“词语: 读音”的形式，每行一个", where=path, hint="例如 六安: Lù'ān")
    entries = []
    for key, value in root.value:
        where = f"{path} 第{key.start_mark.line + 1}行"
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
            raise InputFileError("注音表每行应是“词语: 读音”", where=where, hint="例如 六安: Lù'ān")
        reading = None if value.tag.endswith(":null") and not value.style else value.value
        entries.append(make_entry(key.value, reading, f"单位注音表 {path.name}", where))
    return tuple(entries)


def office_entries() -> list[Entry]:
    """The office's 注音 entries: those in the settings file, then those of its list files."""
    from toolkit.config import load_config

    config = load_config()
    where = str(config.path or "设置文件")
    entries = [make_entry(word, reading, "设置文件", where) for word, reading in config.readings.items()]
    for name in config.reading_files:
        try:
            stamp = os.stat(name).st_mtime_ns
        except OSError:
            stamp = 0  # missing: the reader names it
        entries += _list_file(name, stamp)
    return entries


def speech_entries(speech: Speech) -> dict[str, Entry]:
    """Every 注音 entry that applies to *speech* by word: the office's, then the draft's own
    (``readings:``), which win."""
    found = {entry.word: entry for entry in office_entries()}
    for word, reading in speech.readings.items():
        found[word] = make_entry(word, reading, "本稿注音", "草稿的注音（readings）")
    return found


# -- one paragraph ------------------------------------------------------------------------------------
def _pypinyin_readings(text: str) -> list[str]:
    """pypinyin's reading of each character of *text* in context (``""`` for one it has none for)."""
    from pypinyin import Style, pinyin

    def unknown(chunk: str) -> list[str]:
        return [""] * len(chunk)

    readings = [item[0] for item in pinyin(text, style=Style.TONE, errors=unknown)]
    if len(readings) != len(text):  # never seen; keep the characters aligned whatever happens
        readings = [pinyin(c, style=Style.TONE, errors=unknown)[0][0] for c in text]
    return readings


def annotate(text: str, entries: dict[str, Entry]) -> list[Annotation]:
    """The characters of *text* (one printed paragraph) that get pinyin, in order: the words
    of *entries* (the longest match first, anywhere in the text), then every character
    outside the common list, read by pypinyin in the context of the whole paragraph."""
    out: dict[int, Annotation] = {}
    longest = max((len(word) for word in entries), default=0)
    index = 0
    while index < len(text) and longest:
        for size in range(min(longest, len(text) - index), 0, -1):
            entry = entries.get(text[index : index + size])
            if entry is not None:
                sounds = iter(entry.syllables)
                for offset, character in enumerate(entry.word):
                    if character != "·":
                        out[index + offset] = Annotation(index + offset, next(sounds), entry.word, entry.source, index)
                index += size
                break
        else:
            index += 1
    common = common_characters()
    rare = [i for i, c in enumerate(text) if i not in out and is_han(c) and c not in common]
    if rare:
        readings = _pypinyin_readings(text)
        for i in rare:
            out[i] = Annotation(i, readings[i], text[i], RARE, i)
    return [out[i] for i in sorted(out)]


# -- the list for the writer ---------------------------------------------------------------------------
@dataclass
class ReadingNote:
    """A word or character that will get pinyin in the reading copy, for the writer to
    confirm: its ``reading`` (``""`` when none was found), ``source`` and the ``places``
    (第2点正文第1段…) it occurs in, each once, in order, with ``count`` occurrences in all."""

    word: str
    reading: str
    source: str
    places: list[str] = field(default_factory=list)
    count: int = 0

    def line(self) -> str:
        """The note as one line: ``六安　Lù ān　本稿注音　开头第1段、第2点正文第1段（共3处）``."""
        reading = self.reading or "【找不到读音，请在注音表中写出】"
        where = "、".join(self.places) + (f"（共{self.count}处）" if self.count > len(self.places) else "")
        return f"{self.word}　{reading}　{self.source}　{where}"


def reading_notes(speech: Speech, entries: dict[str, Entry] | None = None) -> list[ReadingNote]:
    """What :func:`annotate` will mark in each printed paragraph of *speech*, by word and
    reading, in order of first appearance (the list words first, then the rare characters)."""
    from toolkit.model.layout import speech_blocks

    entries = speech_entries(speech) if entries is None else entries
    notes: dict[tuple[str, str, str], ReadingNote] = {}
    for block in speech_blocks(speech):
        for mark in annotate(block.text, entries):
            if mark.index != mark.start and mark.source != RARE:
                continue  # a list word's other characters: one note a word
            reading = entries[mark.word].reading if mark.source != RARE else mark.reading
            key = (mark.word, reading, mark.source)
            note = notes.setdefault(key, ReadingNote(mark.word, reading, mark.source))
            note.count += 1
            if block.location not in note.places:
                note.places.append(block.location)
    return sorted(notes.values(), key=lambda note: note.source == RARE)
