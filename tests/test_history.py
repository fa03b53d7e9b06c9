"""撤销 / 重做 in the composer, driven as a writer would: typing, clicking the structure
buttons, then 撤销 and 重做; the boxes and the draft file on disk are checked after each."""

import time

from toolkit.drafts import open_draft, save_draft
from toolkit.model import Point, Speech, SubPoint
from toolkit.widgets import Composer
from toolkit.widgets.state import HISTORY_STEPS


def composer_for(tmp_path, speech=None, **options):
    path = save_draft(speech or Speech(salutation="同志们："), tmp_path / "草稿.yaml")
    options.setdefault("autosave_delay", 0)
    options.setdefault("refresh_delay", 0)
    return Composer(path, **options), path


def three_points():
    return Speech(
        salutation="同志们：",
        numbering="一要",
        points=[Point("提高认识。", ["认识正文。"]), Point("压实责任。", ["责任正文。"]), Point("强化保障。")],
    )


class Clock:
    """A clock the test moves by hand (the typing pause is measured with it)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def leads(composer):
    return [point.lead for point in composer.speech.points]


def row_leads(composer):
    return [row.children[0].children[1].value for row in composer.structure.points_box.children]


def test_typing_in_one_field_is_one_step_and_a_pause_starts_another(tmp_path):
    composer, path = composer_for(tmp_path)
    clock = Clock()
    composer.state.history.clock = clock
    title = composer.facts.title
    for typed in ("在", "在全县", "在全县工作会议", "在全县工作会议上的讲话"):
        title.value = typed
        clock.now += 0.3
    assert len(composer.state.history) == 1
    clock.now += 5  # a pause: the next typing is a new step
    title.value = "在全县工作会议上的讲话（定稿）"
    assert len(composer.state.history) == 2
    composer.facts.speaker.value = "县长"  # another field at once: another step
    assert len(composer.state.history) == 3
    composer.history.undo.click()
    composer.history.undo.click()
    assert title.value == "在全县工作会议上的讲话" and composer.facts.speaker.value == ""
    composer.history.undo.click()
    assert title.value == "" and open_draft(path).title is None
    assert composer.history.undo.disabled and not composer.history.redo.disabled
    composer.history.redo.click()
    assert title.value == "在全县工作会议上的讲话" and open_draft(path).title == "在全县工作会议上的讲话"


def test_each_structure_edit_is_its_own_step_and_undo_restores_text_and_structure(tmp_path):
    composer, path = composer_for(tmp_path, three_points())
    editor = composer.structure
    history = composer.state.history
    editor.points_box.children[1].children[0].children[1].value = "切实压实责任。"  # typing
    editor.points_box.children[2].children[0].children[2].click()  # 上移 the third point
    editor.points_box.children[0].children[3].click()  # 添加小点 to the first
    editor.add_point.click()
    composer.facts.numbering.value = "第一，"
    assert len(history) == 5
    assert leads(composer) == ["提高认识。", "强化保障。", "切实压实责任。", ""]
    assert "第一，" in editor.points_box.children[0].children[0].children[0].value
    composer.state.undo()  # the numbering
    assert "一要" in editor.points_box.children[0].children[0].children[0].value
    assert open_draft(path).numbering == "一要"
    composer.state.undo()  # the added point
    assert row_leads(composer) == ["提高认识。", "强化保障。", "切实压实责任。"]
    composer.state.undo()  # the sub-point
    assert composer.speech.points[0].subpoints == []
    composer.state.undo()  # the move
    assert row_leads(composer) == ["提高认识。", "切实压实责任。", "强化保障。"]
    composer.state.undo()  # the typing
    assert row_leads(composer) == ["提高认识。", "压实责任。", "强化保障。"]
    assert [p.lead for p in open_draft(path).points] == ["提高认识。", "压实责任。", "强化保障。"]
    assert not history.can_undo and composer.history.undo.disabled
    for _ in range(5):
        composer.history.redo.click()
    assert leads(composer) == ["提高认识。", "强化保障。", "切实压实责任。", ""]
    assert open_draft(path).numbering == "第一，" and composer.history.redo.disabled


def test_a_hundred_and_more_steps_can_be_undone(tmp_path):
    composer, path = composer_for(tmp_path)
    clock = Clock()
    composer.state.history.clock = clock
    for n in range(1, 131):
        clock.now += 2  # a pause between edits
        composer.structure.closing.value = f"第{n}稿。"
    assert len(composer.state.history) == 130 <= HISTORY_STEPS
    for _ in range(120):
        assert composer.state.undo()
    assert composer.structure.closing.value == "第10稿。" and open_draft(path).closing == ["第10稿。"]
    for _ in range(120):
        composer.state.redo()
    assert composer.structure.closing.value == "第130稿。" and open_draft(path).closing == ["第130稿。"]


def test_the_oldest_steps_are_dropped_beyond_the_limit(tmp_path):
    composer, _ = composer_for(tmp_path)
    history = composer.state.history
    history.limit = 20
    for n in range(1, 31):
        composer.structure.add_point.click()
    assert len(history) == 20
    while composer.state.undo():
        pass
    assert len(composer.speech.points) == 10


def test_deleting_a_point_says_so_and_its_undo_button_brings_it_back(tmp_path):
    composer, path = composer_for(tmp_path, three_points())
    editor = composer.structure
    assert editor.deleted.layout.display == "none"
    editor.points_box.children[2].children[0].children[4].click()  # 删除 the third point
    assert leads(composer) == ["提高认识。", "压实责任。"] and len(open_draft(path).points) == 2
    assert editor.deleted.layout.display != "none"
    assert editor.deleted_text.value + editor.undo_delete.description == "已删除第三点 · 撤销"
    assert composer.history.undo.tooltip.startswith("撤销：删除第三点")
    editor.undo_delete.click()
    assert row_leads(composer) == ["提高认识。", "压实责任。", "强化保障。"]
    assert [p.lead for p in open_draft(path).points] == ["提高认识。", "压实责任。", "强化保障。"]
    assert editor.deleted.layout.display == "none"
    assert "三要" in editor.points_box.children[2].children[0].children[0].value


def test_the_delete_message_goes_once_something_else_is_edited(tmp_path):
    composer, _ = composer_for(tmp_path, three_points())
    editor = composer.structure
    editor.points_box.children[0].children[0].children[4].click()
    assert "已删除第一点" in editor.deleted_text.value
    editor.opening.value = "今天召开会议。"
    assert editor.deleted.layout.display == "none"
    editor.undo_delete.click()  # a stale click takes back nothing
    assert composer.speech.opening == ["今天召开会议。"] and leads(composer) == ["压实责任。", "强化保障。"]


def test_deleting_a_subpoint_can_be_undone(tmp_path):
    speech = Speech(points=[Point("提高认识。", subpoints=[SubPoint("加强学习。"), SubPoint("深入调研。")])])
    composer, path = composer_for(tmp_path, speech)
    editor = composer.structure
    sub_rows = editor.points_box.children[0].children[2].children
    sub_rows[1].children[0].children[4].click()  # 删除 the second sub-point
    assert "已删除第一点的第二小点" in editor.deleted_text.value
    assert [s.lead for s in open_draft(path).points[0].subpoints] == ["加强学习。"]
    editor.undo_delete.click()
    assert [s.lead for s in open_draft(path).points[0].subpoints] == ["加强学习。", "深入调研。"]


def test_buttons_are_disabled_when_there_is_nothing_to_undo_or_redo(tmp_path):
    composer, _ = composer_for(tmp_path)
    bar = composer.history
    assert bar.undo.disabled and bar.redo.disabled
    composer.facts.title.value = "在全县工作会议上的讲话"
    assert not bar.undo.disabled and bar.redo.disabled
    bar.undo.click()
    assert bar.undo.disabled and not bar.redo.disabled
    bar.redo.click()
    assert not bar.undo.disabled and bar.redo.disabled
    bar.undo.click()
    composer.facts.title.value = "另一个标题"  # a new edit drops what could be redone
    assert bar.redo.disabled
    composer.draft_bar.empty.click()  # another draft: a history of its own
    assert bar.undo.disabled and bar.redo.disabled


def test_the_keyboard_shortcut_sends_undo_and_redo(tmp_path):
    composer, _ = composer_for(tmp_path)
    composer.facts.title.value = "在全县工作会议上的讲话"
    composer.history._on_key(composer.history.keys, {"action": "undo"}, [])
    assert composer.facts.title.value == ""
    composer.history._on_key(composer.history.keys, {"action": "redo"}, [])
    assert composer.facts.title.value == "在全县工作会议上的讲话"
    composer.history._on_key(composer.history.keys, {"action": "something else"}, [])
    assert composer.facts.title.value == "在全县工作会议上的讲话"


def wait_until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def test_undo_across_autosaves_writes_the_restored_state(tmp_path):
    composer, path = composer_for(tmp_path, three_points(), autosave_delay=0.05)
    state = composer.state
    composer.structure.delete(1)
    assert wait_until(lambda: state.saved_at is not None)  # the autosave (on its timer) wrote the deletion
    assert len(open_draft(path).points) == 2
    saved_at = state.saved_at
    state.undo()
    assert wait_until(lambda: state.saved_at != saved_at)
    assert not state.conflict  # the autosave of the deletion is not someone else's edit
    assert [p.lead for p in open_draft(path).points] == ["提高认识。", "压实责任。", "强化保障。"]


def test_undo_keeps_the_conflict_check_and_reloading_is_a_step(tmp_path):
    composer, path = composer_for(tmp_path, three_points())
    composer.facts.title.value = "本窗口的标题"
    other = open_draft(path)
    other.title = "同事的标题"
    save_draft(other, path)  # someone else saves the draft meanwhile
    composer.state.undo()  # the restored state is a normal edit: it must not overwrite theirs
    assert composer.state.conflict and open_draft(path).title == "同事的标题"
    composer.state.redo()
    composer.state.resolve_conflict("reload")
    assert composer.facts.title.value == "同事的标题" and not composer.state.conflict
    assert composer.history.undo.tooltip.startswith("撤销：载入磁盘上的版本")
    composer.state.undo()  # back to this window's version, saved as a normal edit
    assert composer.facts.title.value == "本窗口的标题" and open_draft(path).title == "本窗口的标题"
    assert not composer.state.conflict
