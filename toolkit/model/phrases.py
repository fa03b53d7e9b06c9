"""The genre's stock phrases: how titles, salutations, transitions and closings read.

Both the importer (finding the parts of a speech) and the checks (does the transition
still promise the right number of points?) use these, so they live in the model.
"""

from __future__ import annotations

import re

from toolkit.model.numbering import parse_chinese_numeral

_OPENERS = "“‘「『（(《【〔［["
_CLOSERS = "”’」』）)》】〕］]"
_SENTENCE_ENDS = "。！？!?"

TITLE_SUFFIX = re.compile(
    r"(讲话|致辞|致词|发言|讲话稿|讲话提纲|发言提纲|主持词|讲稿|党课|报告|辅导报告|动员讲话|总结讲话|表态发言|交流发言|贺词|祝酒词|开班讲话|讲话要点)"
    r"(（[^）]{1,12}）|\([^)]{1,12}\))?$"
)
_TITLE_PUNCTUATION = re.compile(r"[。！？；;]|[，,].*[，,].*[，,]")

SALUTATION = re.compile(
    r"^[^。！？]{0,60}(同志们|同事们|代表|委员|来宾|领导|朋友们|女士们|先生们|同学们|老师们|大家|乡亲们|企业家们|嘉宾)[^。！？]{0,20}[：:]$"
)

CLOSING_OPENER = re.compile(
    r"^([^，。！？]{0,24}(同志们|朋友们|同事们|同学们|代表们|委员们)[，,！!]|同志们[，,！!：:]|同事们[，,！!]|各位(领导|同志|代表|委员|同事)?[，,]|总之[，,]|总而言之[，,]|最后[，,]|让我们|谢谢|我相信|我们相信|相信在|"
    r"以上(意见|几点|是我)|希望大家|大家要(始终|坚持|切实)?[^。]{0,6}(牢记|坚定|以)|预祝)"
)

_TRANSITION_LEAD_IN = re.compile(
    r"^(下面|接下来|下边|现在|借此机会|借此|为此|对此|就此|在此|这里|围绕|结合)[^。！？]{0,45}?(讲|谈|强调|提|说|交流|明确)[^。！？]{0,30}[。：:！]$"
)
_TRANSITION_COUNTED = re.compile(
    r"(讲|谈|强调|提|说|明确|抓好|做好|把握)[^。！？]{0,12}?([几一二三四五六七八九十两]{1,3})(点|个方面|条|件事|个问题)[^。！？]{0,16}[。：:！]$"
)
_PROMISED = re.compile(r"([一二三四五六七八九十两]{1,3})(点|个方面|条|件事|个问题|方面)")


def split_first_sentence(text: str) -> tuple[str, str]:
    """``("一句。", "其余")``: the first sentence up to and including its 。！？.

    A 。 inside quotes or brackets does not end the sentence; closing quotes right after
    the end stay with it. With no sentence end, the whole text is the first sentence.
    """
    depth = 0
    for index, ch in enumerate(text):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_ENDS and depth == 0:
            end = index + 1
            while end < len(text) and text[end] in _SENTENCE_ENDS + "”’」』":
                end += 1
            return text[:end], text[end:]
    return text, ""


def sentences(text: str) -> list[str]:
    """*text* cut into sentences (each keeps its end mark)."""
    result = []
    while text:
        first, text = split_first_sentence(text)
        result.append(first)
    return result


def last_sentence(text: str) -> tuple[str, str]:
    """``(everything before, last sentence)``; an unfinished tail (``……讲三点意见：``) counts."""
    parts = sentences(text)
    return "".join(parts[:-1]), parts[-1] if parts else ""


def is_title(text: str) -> bool:
    """Whether *text* reads like a speech title (在……上的讲话, ……致辞)."""
    text = text.strip()
    if not 4 <= len(text) <= 90 or _TITLE_PUNCTUATION.search(text) or text.endswith(("：", ":")):
        return False
    return bool(TITLE_SUFFIX.search(text)) and (text.startswith(("在", "于")) or len(text) <= 60)


def is_salutation(text: str) -> bool:
    """Whether *text* is a salutation line such as 同志们： or 各位代表、同志们：."""
    return len(text) <= 80 and bool(SALUTATION.match(text.strip()))


def is_transition(sentence: str) -> bool:
    """Whether *sentence* leads into the points (下面，我讲几点意见。)."""
    sentence = sentence.strip()
    if not 4 <= len(sentence) <= 70:
        return False
    return bool(_TRANSITION_LEAD_IN.match(sentence) or _TRANSITION_COUNTED.search(sentence))


def opens_closing(text: str) -> bool:
    """Whether a paragraph starting with *text* reads like the closing (同志们，……)."""
    return bool(CLOSING_OPENER.match(text.strip()))


def promised_point_count(text: str) -> int | None:
    """How many points *text* promises (讲三点意见 → 3); ``None`` for 几点 or no promise."""
    found = _PROMISED.search(text)
    if not found:
        return None
    numeral = found.group(1)
    if numeral == "两":
        return 2
    return parse_chinese_numeral(numeral)
