"""Speech texts of a chosen length for the benchmarks, built from the reference speech's prose."""

from __future__ import annotations

from pathlib import Path

from toolkit.model.numbering import chinese_numeral

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_022cc6de3219b5d5.txt"

_PROSE = (
    "加强基层服务型党组织建设，是基层党组织、党员干部联系与服务群众的一个重要的工作方法，"
    "是一项全方位、系统化的工程。当前，一些基层党员和干部存在着服务群众的意识不强、官僚作风明显；"
    "一些基层党组织在服务群众的能力和方法上创新不够，难以适应群众工作的需要。"
)


def speech_text(characters: int) -> str:
    """A speech of about *characters* characters: 一、 points with （一） sub-points."""
    lines = ["在全县经济工作会议上的讲话", "（2026年9月28日）", "同志们：",
             "今天召开全县经济工作会议，主要任务是总结工作、部署任务。下面，我讲几点意见。"]
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
