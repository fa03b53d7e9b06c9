"""Breaking a long title into lines the way GB/T 9704 asks: meaning kept, lines balanced.

A 二号 (22 pt) title fits 20 characters on the 156 mm line. A longer one is broken into
two or three lines shaped like a trapezoid or diamond, at a point that does not split a
word: before 上的讲话 / 暨 / 第…, after 在…县委 and similar title words, never inside the
common two-character words of meeting names.
"""

from __future__ import annotations

TITLE_CHARACTERS_PER_LINE = 20

# Good places to start a new line (the text that follows the break) and to end one.
_BREAK_BEFORE = ("暨", "第", "上的讲话", "会议上的", "大会上的", "工作会议", "推进会", "座谈会", "动员会", "部署会",
                 "总结会", "表彰会", "例会", "专题", "全体", "扩大", "开幕", "闭幕", "——", "（")
_BREAK_AFTER = ("县委", "市委", "区委", "省委", "党委", "政府", "全县", "全市", "全区", "全省", "工作", "小组", "会议",
                "年度", "季度", "暨", "的")
# Words a break must not split (the two halves would lose their meaning).
_WORDS = {
    "党建", "工作", "领导", "小组", "会议", "例会", "季度", "全县", "全市", "县委", "市委", "推进", "动员", "部署", "总结",
    "表彰", "座谈", "经济", "安全", "生产", "讲话", "乡村", "振兴", "组织", "建设", "发展", "高质", "质量", "作风",
    "纪律", "教育", "整顿", "专题", "常委", "扩大", "全体", "人民", "代表", "大会", "政协", "委员", "干部", "培训",
    "开班", "仪式", "营商", "环境", "优化", "项目", "招商", "引资", "防汛", "抗旱", "森林", "防火", "脱贫", "攻坚",
    "巩固", "拓展", "成果", "衔接", "民生", "实事", "社会", "治理", "基层", "党风", "廉政", "反腐",
    "乡村振兴", "脱贫攻坚", "巩固拓展", "有效衔接", "安全生产", "营商环境", "党风廉政", "理论学习", "中心组", "集体学习",
    "领导小组", "工作会议", "推进会", "座谈会", "动员会", "部署会", "全面从严治党", "高质量发展", "主题教育", "防汛抗旱",
    "森林防火", "招商引资", "民生实事", "基层治理", "作风建设", "纪律教育", "宣传思想", "统战工作", "政法工作",
    "经济工作", "农村工作", "人大代表", "政协委员", "党代会", "人代会", "常委会", "扩大会议", "秋冬季", "春节",
}


def break_title(title: str, per_line: int = TITLE_CHARACTERS_PER_LINE) -> list[str]:
    """*title* as the lines it should be printed in (one line when it fits)."""
    title = title.strip()
    if len(title) <= per_line:
        return [title]
    lines_needed = -(-len(title) // per_line)
    if lines_needed == 2:
        return _best_split(title, per_line)
    first = _best_split(title[: len(title) * 2 // 3 + 2], per_line)[0] if lines_needed == 3 else title[:per_line]
    return [first] + break_title(title[len(first):], per_line)


def _best_split(title: str, per_line: int) -> list[str]:
    best_position, best_score = None, None
    for position in range(1, len(title)):
        upper, lower = title[:position], title[position:]
        if len(upper) > per_line or len(lower) > per_line:
            continue
        score = _score(title, position)
        if best_score is None or score > best_score:
            best_position, best_score = position, score
    if best_position is None:
        return [title[:per_line], title[per_line:]]
    return [title[:best_position], title[best_position:]]


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
    score = -abs(len(upper) - len(lower)) * 1.0          # balanced lines
    if len(upper) > len(lower):
        score -= 0.5                                   # a slight preference for the wider line below
    if any(lower.startswith(word) for word in _BREAK_BEFORE):
        score += 4
    if any(upper.endswith(word) for word in _BREAK_AFTER):
        score += 3
    if _splits_word(title, position):
        score -= 10
    if lower.startswith(("的", "上", "和", "与", "、", "，", "）", "”")) or upper.endswith(("（", "“")):
        score -= 8
    return score
