"""The speech model: pure Python, standard library only, no file I/O."""

from toolkit.model.contract import speech_to_contract
from toolkit.model.layout import Block, speech_blocks
from toolkit.model.numbering import (
    COMMON_STYLES,
    MarkerStyle,
    chinese_numeral,
    find_marker,
    marker_style,
    parse_chinese_numeral,
)
from toolkit.model.speech import MeetingFacts, Point, RemovedLine, Source, Speech, SubPoint
from toolkit.model.text import (
    DEFAULT_RATE,
    character_count,
    format_duration,
    speaking_seconds,
    speech_character_count,
)

__all__ = [
    "Block",
    "COMMON_STYLES",
    "DEFAULT_RATE",
    "MarkerStyle",
    "MeetingFacts",
    "Point",
    "RemovedLine",
    "Source",
    "Speech",
    "SubPoint",
    "character_count",
    "chinese_numeral",
    "find_marker",
    "format_duration",
    "marker_style",
    "parse_chinese_numeral",
    "speaking_seconds",
    "speech_blocks",
    "speech_character_count",
    "speech_to_contract",
]
