"""Speech texts of a chosen length for the benchmarks, built from prose written for this project."""

from __future__ import annotations

from pathlib import Path

from toolkit.model.numbering import chinese_numeral

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "reference" / "01_investment_run_in_points.txt"
"""The reference speech (the tests' SEED): 一要 run-in points and vendor adverts, as staff receive it."""

_PROSE = (
    "抓项目就是抓发展，各乡镇、各部门要把重点项目建设摆在突出位置，主要负责同志亲自过问、靠前协调，"
    "对项目推进中遇到的用地、资金、审批等难题，要建立台账、逐项销号；"
    "对群众反映强烈的突出问题，要主动认领、限期整改，决不能推诿扯皮、敷衍塞责。"
)


def speech_text(characters: int) -> str:
    """A speech of about *characters* characters: 一、 points with （一） sub-points."""
    lines = [
        "在全县经济工作会议上的讲话",
        "（2026年9月28日）",
        "同志们：",
        "今天召开全县经济工作会议，主要任务是总结工作、部署任务。下面，我讲几点意见。",
    ]
    size = sum(len(line) for line in lines)
    point = 0
    while size < characters - 60:
        point += 1
        if point > 99:
            raise ValueError("too long for 99 points")
        heading = f"{chinese_numeral(point)}、切实抓好第{chinese_numeral(point)}方面的重点工作"
        lines.append(heading)
        size += len(heading)
        for sub in range(1, 9):
            sub_heading = f"（{chinese_numeral(sub)}）强化第{chinese_numeral(sub)}项措施落实。"
            lines.append(sub_heading + _PROSE * 2)
            size += len(sub_heading) + 2 * len(_PROSE)
            if size >= characters - 60:
                break
    lines.append("同志们，让我们紧密团结在一起，为全县经济社会高质量发展作出新的更大贡献！")
    return "\n".join(lines) + "\n"
