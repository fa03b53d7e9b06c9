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

_ADDRESSEES = (
    "同志们|同事们|同志|同事|同仁|代表|委员|来宾|嘉宾|领导|朋友们|朋友|女士们|先生们|女士|先生|同学们|同学|"
    "老师们|老师|大家|乡亲们|乡亲|父老乡亲|企业家们|企业家|干部|职工|党员|战友|校友|家长|青年|伙伴|学员|村民|居民"
)
SALUTATION = re.compile(
    r"^[^。！？]{0,60}(同志们|同事们|代表|委员|来宾|领导|朋友们|女士们|先生们|同学们|老师们|大家|乡亲们|企业家们|嘉宾)[^。！？]{0,20}[：:]$"
)
_ADDRESS_PART = re.compile(rf"^(各位|诸位|尊敬的|亲爱的|全体|广大)?[^，。！？、：:]{{0,10}}?({_ADDRESSEES}|们)$")
_ADDRESS_LEAD = re.compile(r"^(各位|诸位|尊敬的|亲爱的)")
_NOT_ADDRESS = re.compile(r"以下|如下|几点|下面|我(讲|谈|说)|谈谈|讲讲|(要|应|须|需)(做到|把握|抓好|注意|明确)")
"""A line ending in a colon that says these leads into a list; it does not address anyone."""

_REPEATED_ADDRESS = r"(?:(?:各位|尊敬的|亲爱的)?[^，。！？、：:]{0,10}?(?:朋友|同志|同事|同仁|代表|来宾|嘉宾|领导|企业家|委员|们)[，,、])"
CLOSING_OPENER = re.compile(
    rf"^({_REPEATED_ADDRESS}{{0,3}}[^，。！？]{{0,24}}(同志们|朋友们|同事们|同学们|代表们|委员们)[，,！!]|同志们[，,！!：:]|同事们[，,！!]|"
    r"各位(领导|同志|代表|委员|同事|同仁|来宾|嘉宾)?[，,]|总之[，,]|总而言之[，,]|最后[，,]|让我们|谢谢|我相信|我们相信|相信在|"
    r"以上(讲话|发言|汇报|意见|几点|是我)|如有不(当|妥)之处|我(的讲话)?就(讲|说)(到这里|这些|这么多)|我的讲话就到这里|"
    r"希望大家|大家要(始终|坚持|切实)?[^。]{0,6}(牢记|坚定|以)|预祝)"
)
"""How the closing's first paragraph opens: 同志们，…, the salutation's address repeated
with a comma (各位企业家朋友，同志们，…), 总之，, 让我们, 以上讲话……, 最后，预祝, 谢谢."""

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
    """Whether *text* is a line of address ending in a colon: 同志们：, 各位同事：,
    各位代表、同志们：, 尊敬的各位来宾，女士们、先生们：.

    Either it names whom it addresses (同志们, 代表, 来宾, 同事…), or every part between
    its 、 and ， reads as an addressee (各位……, 尊敬的……, ……们)."""
    text = text.strip()
    if len(text) > 80 or not text.endswith(("：", ":")):
        return False
    if _NOT_ADDRESS.search(text):
        return False
    if SALUTATION.match(text):
        return True
    parts = re.split(r"[、，,]", text[:-1].strip())
    return (
        len(text) <= 40
        and all(_ADDRESS_PART.match(part.strip()) for part in parts)
        and any(_ADDRESS_LEAD.match(part.strip()) or part.strip().endswith("们") for part in parts)
    )


def salutation_addressees(salutation: str | None) -> list[str]:
    """The addressees a salutation names, in order (各位企业家朋友、同志们： → 各位企业家朋友, 同志们)."""
    if not salutation:
        return []
    return [part.strip() for part in re.split(r"[、，,]", salutation.strip().rstrip("：:")) if part.strip()]


MAX_BYLINE_LENGTH = 40
"""A byline line is short: the speaker's post and name, or the date."""
_BYLINE_DATE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
)
_BYLINE_POST = re.compile(
    r"书记|县长|市长|区长|镇长|乡长|省长|州长|旗长|主任|部长|局长|厅长|处长|科长|主席|委员|秘书长|同志|代表|"
    r"总经理|董事长|校长|院长|所长|行长|政委|会长|社长|组长|常委|领导"
)
_BYLINE_PLACEHOLDER = re.compile(r"^[×XＸ○]{2,4}$")


def _is_name(text: str) -> bool:
    """A personal name: two to four Chinese characters, perhaps spaced out (张  三)."""
    letters = text.replace(" ", "").replace("\u3000", "")
    return 2 <= len(letters) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in letters)


_BYLINE_NOTE = re.compile(r"^[（(].{1,30}[）)]$")


_DATE_LINE = re.compile(
    r"^[（(]?\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}|"
    r"[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)\s*[）)]?$"
)


def is_date_line(text: str) -> bool:
    """Whether *text* is a date and nothing else (2026年5月10日, （二〇二六年五月十日）, 2026-05-10)."""
    text = text.strip()
    return len(text) <= 30 and bool(_DATE_LINE.match(text))


def looks_like_byline(text: str) -> bool:
    """Whether *text* reads like a line under the title: a date, a speaker, a name, or a
    bracketed note such as （根据录音整理） or （讨论稿）."""
    text = text.strip()
    if not text or len(text) > MAX_BYLINE_LENGTH or text.endswith(("：", ":")):
        return False  # a line ending in a colon leads into what follows
    return bool(
        _BYLINE_DATE.search(text)
        or _BYLINE_POST.search(text)
        or _is_name(text)
        or _BYLINE_PLACEHOLDER.match(text)
        or _BYLINE_NOTE.match(text)
    )


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
