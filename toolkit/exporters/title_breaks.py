"""Breaking a long title into lines the way GB/T 9704 asks: meaning kept, lines balanced.

A 二号 (22 pt) title fits 20 characters on the 156 mm line. A longer one is broken into
two or three lines shaped like an inverted trapezoid (each line no longer than the one
above), at a point that does not split a word: before 上的讲话 / 暨 / 第…, after 在…县委
and similar title words, never inside the common words of meeting names.
"""

from __future__ import annotations

TITLE_CHARACTERS_PER_LINE = 20

# Good places to start a new line (the text that follows the break) and to end one.
_BREAK_BEFORE = (
    "暨",
    "第",
    "上的讲话",
    "会议上的",
    "大会上的",
    "工作会议",
    "推进会",
    "座谈会",
    "动员会",
    "部署会",
    "总结会",
    "表彰会",
    "例会",
    "专题",
    "全体",
    "扩大",
    "开幕",
    "闭幕",
    "——",
    "（",
)
_BREAK_AFTER = (
    "县委",
    "市委",
    "区委",
    "省委",
    "党委",
    "政府",
    "全县",
    "全市",
    "全区",
    "全省",
    "工作",
    "小组",
    "会议",
    "年度",
    "季度",
    "暨",
    "的",
)
# Words a break must not split (the two halves would lose their meaning).
_WORDS = {
    "党建",
    "工作",
    "领导",
    "小组",
    "会议",
    "例会",
    "季度",
    "全县",
    "全市",
    "县委",
    "市委",
    "推进",
    "动员",
    "部署",
    "总结",
    "表彰",
    "座谈",
    "经济",
    "安全",
    "生产",
    "讲话",
    "乡村",
    "振兴",
    "组织",
    "建设",
    "发展",
    "高质",
    "质量",
    "作风",
    "纪律",
    "教育",
    "整顿",
    "专题",
    "常委",
    "扩大",
    "全体",
    "人民",
    "代表",
    "大会",
    "政协",
    "委员",
    "干部",
    "培训",
    "开班",
    "仪式",
    "营商",
    "环境",
    "优化",
    "项目",
    "招商",
    "引资",
    "防汛",
    "抗旱",
    "森林",
    "防火",
    "脱贫",
    "攻坚",
    "巩固",
    "拓展",
    "成果",
    "衔接",
    "民生",
    "实事",
    "社会",
    "治理",
    "基层",
    "党风",
    "廉政",
    "反腐",
    "乡村振兴",
    "脱贫攻坚",
    "巩固拓展",
    "有效衔接",
    "安全生产",
    "营商环境",
    "党风廉政",
    "理论学习",
    "中心组",
    "集体学习",
    "领导小组",
    "工作会议",
    "推进会",
    "座谈会",
    "动员会",
    "部署会",
    "全面从严治党",
    "高质量发展",
    "主题教育",
    "防汛抗旱",
    "森林防火",
    "招商引资",
    "民生实事",
    "基层治理",
    "作风建设",
    "纪律教育",
    "宣传思想",
    "统战工作",
    "政法工作",
    "经济工作",
    "农村工作",
    "人大代表",
    "政协委员",
    "党代会",
    "人代会",
    "常委会",
    "扩大会议",
    "秋冬季",
    "春节",
}


AUTOSPACE = 0.25
"""Space Word (¼ character) and LibreOffice (⅕) put between Chinese and Latin letters or digits."""


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2000


def text_width(text: str) -> float:
    """Width of *text* in characters of the title size: Chinese and full-width 1, ASCII ½,
    plus the automatic space between Chinese and Latin letters or digits."""
    width = sum(1.0 if _is_wide(ch) else 0.5 for ch in text)
    width += AUTOSPACE * sum(
        1 for a, b in zip(text, text[1:]) if _is_wide(a) != _is_wide(b) and (a.isalnum() and b.isalnum())
    )
    return width


def wrap(title: str, width: float) -> list[str]:
    """The lines *title* wraps into when each may be *width* wide (character by character,
    as Word and LibreOffice wrap Chinese text)."""
    lines, start = [], 0
    while start < len(title):
        end = start + 1
        while end < len(title) and text_width(title[start : end + 1]) <= width + 1e-9:
            end += 1
        lines.append(title[start:end])
        start = end
    return lines


def break_title(title: str, per_line: float = TITLE_CHARACTERS_PER_LINE) -> list[str]:
    """*title* as the lines it should be printed in (one line when it fits).

    The exporter makes the lines wrap by narrowing the title paragraph to the first line's
    width instead of inserting line breaks, so the title stays one unbroken string for
    copying, searching and other readers. Every line but the last is therefore exactly
    as wide as the first; the choice is the width whose breaks all fall between words.
    """
    title = title.strip()
    if text_width(title) <= per_line:
        return [title]
    fewest = len(wrap(title, per_line))
    best, best_score = None, None
    for position in range(1, len(title)):
        width = text_width(title[:position])
        if width > per_line:
            break
        lines = wrap(title, width)
        if lines[0] != title[:position] or len(lines) > fewest:
            continue
        score, offset = 0.0, 0
        for line in lines[:-1]:
            offset += len(line)
            score += _score(title, offset)
        score -= max(0.0, width - text_width(lines[-1])) * 0.5 * (fewest - 1)  # last line not far shorter
        if best_score is None or score > best_score:
            best, best_score = lines, score
    return best or wrap(title, per_line)


def _splits_word(title: str, position: int) -> bool:
    """Whether a break before *position* falls inside one of the known words."""
    for word in _WORDS:
        start = title.find(word)
        while start != -1:
            if start < position < start + len(word):
                return True
            start = title.find(word, start + 1)
    return False


def _score(title: str, position: int) -> float:
    upper, lower = title[:position], title[position:]
    score = 0.0
    if any(lower.startswith(word) for word in _BREAK_BEFORE):
        score += 4
    if any(upper.endswith(word) for word in _BREAK_AFTER):
        score += 3
    if _splits_word(title, position):
        score -= 10
    if lower.startswith(("的", "上", "和", "与", "、", "，", "）", "”")) or upper.endswith(("（", "“")):
        score -= 8
    return score
