"""The structure edits staff make in the composer, wherever they click: the page's
controls and the 结构 tab both call these, so a point is added, moved or deleted (and the
step named for 撤销) the same way from either.

Each edit changes ``state.speech``, reports it as one undo step named for staff
(``删除第三点``) and returns that name; adding raises nothing but returns an error
message in Chinese when the numbering style has no marker for one more point.
"""

from __future__ import annotations

from toolkit.errors import NumberingError
from toolkit.model.numbering import chinese_numeral
from toolkit.model.speech import Point, SubPoint
from toolkit.widgets.state import ComposerState


def point_name(index: int) -> str:
    """第三点 for the point at *index* (counted from 0)."""
    return f"第{chinese_numeral(index + 1)}点"


def subpoint_name(index: int, sub: int) -> str:
    """第二点的第一小点 for sub-point *sub* of the point at *index* (both counted from 0)."""
    return f"{point_name(index)}的第{chinese_numeral(sub + 1)}小点"


def add_point(state: ComposerState, point: Point | None = None, index: int | None = None) -> str | None:
    """Insert *point* (an empty one by default) at *index* (the end by default); returns
    ``None``, or why it could not be added."""
    try:
        state.speech.add_point(point if point is not None else Point(), index)
    except NumberingError as error:
        return str(error)
    state.changed(structure=True, what="添加要点")
    return None


def delete_point(state: ComposerState, index: int) -> str:
    """Delete the point at *index*; returns the step's name (``删除第三点``)."""
    state.speech.remove_point(index)
    what = f"删除{point_name(index)}"
    state.changed(structure=True, what=what)
    return what


def move_point(state: ComposerState, index: int, new_index: int) -> str:
    """Move the point at *index* to *new_index*; returns the step's name."""
    state.speech.move_point(index, new_index)
    what = f"{'上' if new_index < index else '下'}移{point_name(index)}"
    state.changed(structure=True, what=what)
    return what


def add_subpoint(state: ComposerState, index: int, sub: SubPoint | None = None) -> str | None:
    """Add a sub-point at the end of the point at *index*; returns ``None`` or why not."""
    try:
        state.speech.add_subpoint(state.speech.points[index], sub)
    except NumberingError as error:
        return str(error)
    state.changed(structure=True, what=f"给{point_name(index)}添加小点")
    return None


def delete_subpoint(state: ComposerState, index: int, sub: int) -> str:
    """Delete sub-point *sub* of the point at *index*; returns the step's name."""
    state.speech.remove_subpoint(state.speech.points[index], sub)
    what = f"删除{subpoint_name(index, sub)}"
    state.changed(structure=True, what=what)
    return what


def move_subpoint(state: ComposerState, index: int, sub: int, new_sub: int) -> str:
    """Move sub-point *sub* of the point at *index* to *new_sub*; returns the step's name."""
    state.speech.move_subpoint(state.speech.points[index], sub, new_sub)
    what = f"移动{point_name(index)}的小点"
    state.changed(structure=True, what=what)
    return what


def index_of(state: ComposerState, point: Point) -> int:
    """Where *point* is among the speech's points (by identity); -1 when it is not there."""
    for index, candidate in enumerate(state.speech.points):
        if candidate is point:
            return index
    return -1
