"""Speaking time that fits the meeting (issue 15, point 3): the meeting's slot (讲话时长), the
rate each speaker reads at (讲话人语速 in the settings), the time of each part and point, and
what `show`, `check`, the draft on disk and the composer say about them."""

import json

import ipywidgets as w
import pytest
from conftest import run_cli

from toolkit import service
from toolkit.config import load_config
from toolkit.drafts import open_draft, save_draft, speech_from_yaml
from toolkit.errors import InputFileError
from toolkit.model import Point, Speech
from toolkit.model.text import format_duration, parse_limit_minutes, speaker_rate, speaking_time
from toolkit.widgets import Composer

WORK = "认真抓好各项工作落实，确保取得实效。"


def text(characters: int) -> str:
    """A paragraph of exactly *characters* characters, in the project's own words."""
    return (WORK * (characters // len(WORK) + 1))[:characters]


def timed_speech(limit: int | None = 10, speaker: str = "") -> Speech:
    """1,800 spoken characters: 开头 150, 四点 300/600/150/450 (marker and lead included), 结尾 150.

    At 150 characters a minute that is 12 minutes: 开头 1, 第一点 2, 第二点 4, 第三点 1, 第四点 3, 结尾 1."""
    speech = Speech(
        title="在全县工作会议上的讲话",
        byline="（2026年10月15日）",
        salutation="同志们：",
        opening=[text(146)],
        numbering="一是",
        points=[Point(lead="抓落实。", body=[text(size - 6)]) for size in (300, 600, 150, 450)],
        closing=[text(150)],
    )
    speech.meeting.limit_minutes = limit
    speech.meeting.speaker = speaker
    return speech


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """The office's settings file, written by the test (``settings("讲话人语速: …")``)."""
    path = tmp_path / "config.yaml"
    monkeypatch.setenv("JIANGGAO_CONFIG", str(path))

    def write(content: str):
        path.write_text(content, encoding="utf-8")
        return path

    write("")
    return write


# -- the model: one rate, one time per part ---------------------------------------------------------
def test_each_part_and_point_is_timed_and_the_overrun_is_said_in_characters():
    timing = speaking_time(timed_speech(limit=10))
    assert (timing.characters, timing.seconds) == (1800, 720)
    assert [(part.name, part.characters, format_duration(part.seconds)) for part in timing.parts] == [
        ("开头", 150, "约1分钟"),
        ("第一点", 300, "约2分钟"),
        ("第二点", 600, "约4分钟"),
        ("第三点", 150, "约1分钟"),
        ("第四点", 450, "约3分钟"),
        ("结尾", 150, "约1分钟"),
    ]
    assert timing.over and (timing.over_seconds, timing.over_characters) == (120, 300)
    assert timing.overrun == "超出约2分钟（按每分钟 150 字，约多 300 字）"
    assert [part.name for part in timing.longest_points(2)] == ["第二点", "第四点"]
    at_180 = speaking_time(timed_speech(limit=10), 180)
    assert at_180.seconds == 600 and not at_180.over and at_180.overrun == ""  # exactly the slot: fits
    assert not speaking_time(timed_speech(limit=None)).over  # no slot, nothing over


def test_the_speakers_rate_is_found_by_the_name_in_the_speaker_field():
    rates = {"张书记": 180, "李县长": 140, "张立新": 200, "张立": 120}
    assert speaker_rate("张书记", rates) == (180, "张书记")
    assert speaker_rate(" 李 县长 ", rates) == (140, "李县长")  # spaces aside
    assert speaker_rate("县委书记 张立新", rates) == (200, "张立新")  # the longest name written in it
    assert speaker_rate("王副县长", rates, 160) == (160, "")  # nobody listed: the office's default
    assert speaker_rate("", rates) == (150, "")


def test_a_slot_is_read_from_what_staff_write():
    assert [parse_limit_minutes(value) for value in (10, "10", " 10分钟 ", "１５", "", None, 0, "0")] == [
        10,
        10,
        10,
        15,
        None,
        None,
        None,
        None,
    ]
    for wrong in ("十分钟", "7.5", "-5", 601, True):
        with pytest.raises(ValueError, match="讲话时长应是 1 到 600 之间的整分钟数"):
            parse_limit_minutes(wrong)


# -- the draft ---------------------------------------------------------------------------------------
def test_the_slot_is_saved_in_the_draft_and_read_back(tmp_path):
    path = save_draft(timed_speech(limit=10), tmp_path / "草稿.yaml")
    assert "  place: ''\n  limit_minutes: 10\nopening:" in path.read_text(encoding="utf-8")
    assert open_draft(path).meeting.limit_minutes == 10
    unlimited = save_draft(timed_speech(limit=None), tmp_path / "不限时.yaml")
    assert "  limit_minutes: null\n" in unlimited.read_text(encoding="utf-8")
    assert open_draft(unlimited).meeting.limit_minutes is None


def test_an_older_draft_without_the_slot_still_opens():
    speech = speech_from_yaml("format: jianggao-draft 1\nmeeting:\n  name: 全县防汛工作会议\n  place: ''\n")
    assert speech.meeting.name == "全县防汛工作会议" and speech.meeting.limit_minutes is None


# -- the settings ------------------------------------------------------------------------------------
def test_the_settings_give_each_speaker_a_rate(settings):
    settings("speaking_rate: 160\n讲话人语速: {张书记: 180, 李县长: 140}\n")
    config = load_config()
    assert config.speaking_rate == 160 and config.speaker_rates == {"张书记": 180, "李县长": 140}
    assert service.speaking_rate(timed_speech(speaker="县委副书记、李县长")) == (140, "李县长")
    assert service.speaking_rate(timed_speech(speaker="王主任")) == (160, "")
    assert service.speaking_rate(timed_speech(speaker="张书记"), 200) == (200, "")  # --rate wins


@pytest.mark.parametrize(
    "content, says",
    [
        ("讲话人语速: {张书记: 快}\n", "讲话人语速 里“张书记”的语速应是每分钟字数（60 到 400 之间的整数），现在是“快”"),
        ("讲话人语速: {张书记: 0}\n", "现在是“0”"),
        ("讲话人语速: 180\n", "讲话人语速 应是“讲话人: 每分钟字数”的对照"),
        ("speaking_rate: 1500\n", "speaking_rate 应是每分钟字数（60 到 400 之间的整数），现在是“1500”"),
    ],
)
def test_a_wrong_rate_in_the_settings_is_one_line_naming_the_file_and_key(settings, content, says):
    path = settings(content)
    with pytest.raises(InputFileError) as error:
        load_config()
    assert str(error.value).startswith(f"{path}：") and says in str(error.value)


# -- the command line --------------------------------------------------------------------------------
def test_show_prints_the_time_of_each_part_at_the_speakers_rate(tmp_path, settings):
    settings("讲话人语速: {张书记: 180}\n")
    path = save_draft(timed_speech(limit=10, speaker="县委张书记"), tmp_path / "草稿.yaml")
    result = run_cli("show", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "字数：1800　预计时长：约10分钟（每分钟 180 字，张书记的语速）　要点：4 点" in lines
    assert "讲话时长：限 10 分钟，还余约0秒" in lines
    start = lines.index("各部分预计时长：")
    assert lines[start + 1 : start + 7] == [
        "　　开头　约50秒（150 字）",
        "　　第一点　约1分40秒（300 字）",
        "　　第二点　约3分20秒（600 字）",
        "　　第三点　约50秒（150 字）",
        "　　第四点　约2分30秒（450 字）",
        "　　结尾　约50秒（150 字）",
    ]
    slower = run_cli("show", str(path), "--rate", "150")
    assert "讲话时长：限 10 分钟，超出约2分钟（按每分钟 150 字，约多 300 字）" in slower.stdout
    timing = json.loads(run_cli("show", str(path), "--json").stdout)["timing"]
    assert timing["rate"] == 180 and timing["speaker"] == "张书记" and timing["limit_minutes"] == 10
    assert [(part["key"], part["seconds"]) for part in timing["parts"]][1:3] == [("points/0", 100), ("points/1", 200)]


def test_check_says_how_far_over_the_slot_and_which_points_are_longest(tmp_path, settings):
    path = save_draft(timed_speech(limit=10), tmp_path / "草稿.yaml")
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert (
        "讲话时长：讲话约12分钟，比限定的 10 分钟超出约2分钟（按每分钟 150 字，约多 300 字）；"
        "最长的是第二点（约4分钟）、第四点（约3分钟），可从这里压缩"
    ) in result.stdout.splitlines()
    settings("讲话人语速: {张书记: 180}\n")
    save_draft(timed_speech(limit=10, speaker="张书记"), path)
    assert "讲话时长" not in run_cli("check", str(path)).stdout  # at his rate it fits
    assert "约多 200 字" in run_cli("check", str(path), "--rate", "160").stdout


def test_a_speech_well_under_its_slot_is_not_a_problem(tmp_path):
    path = save_draft(timed_speech(limit=30), tmp_path / "草稿.yaml")
    result = run_cli("check", str(path))
    assert result.returncode == 0 and "讲话时长" not in result.stdout + result.stderr


def test_a_new_speech_takes_its_slot_from_the_values(tmp_path):
    result = run_cli("new", "--template", "例会讲话", "-o", str(tmp_path / "d"), "--var", "讲话时长=8分钟")
    assert result.returncode == 0, result.stderr
    assert open_draft(tmp_path / "d.yaml").meeting.limit_minutes == 8


# -- the composer ------------------------------------------------------------------------------------
def composer_for(tmp_path, speech):
    path = save_draft(speech, tmp_path / "草稿.yaml")
    return Composer(path, autosave_delay=0, refresh_delay=0), path


def test_the_slot_is_a_minutes_field_in_meeting_info(tmp_path, settings):
    settings("讲话人语速: {张书记: 180}\n")
    composer, path = composer_for(tmp_path, timed_speech(limit=None))
    facts = composer.facts
    assert isinstance(facts.limit, w.BoundedIntText) and facts.limit.value == 0
    assert "每分钟 150 字计算（默认语速）" in facts.limit_text.value
    facts.limit.value = 10
    assert open_draft(path).meeting.limit_minutes == 10
    facts.speaker.value = "张书记"
    assert "每分钟 180 字计算（设置中“张书记”的语速）" in facts.limit_text.value
    facts.limit.value = 0  # no limit again
    assert open_draft(path).meeting.limit_minutes is None


def test_the_counts_line_shows_the_slot_and_turns_red_when_over(tmp_path):
    composer, _ = composer_for(tmp_path, timed_speech(limit=10))
    counts = composer.page.widget.counts
    assert (counts["characters"], counts["duration"], counts["limit"], counts["over"]) == (1800, "约12分钟", 10, True)
    assert counts["over_note"] == "超出约2分钟（按每分钟 150 字，约多 300 字）"
    assert counts["rate_note"] == "按每分钟 150 字计"
    notes = composer.page.widget.page["notes"]  # the problem, above the page
    assert [note["where"] for note in notes if "超出约2分钟" in note["text"]] == ["讲话时长"]
    composer.facts.limit.value = 15
    counts = composer.page.widget.counts
    assert counts["limit"] == 15 and not counts["over"] and counts["over_note"] == ""


def test_each_point_shows_its_time_beside_its_lead(tmp_path):
    composer, _ = composer_for(tmp_path, timed_speech())
    page = composer.page
    times = {block["id"]: (block["time"], block["time_note"]) for block in page.widget.page["blocks"]}
    assert times["salutation"] == ("约1分钟", "开头约 150 字，按每分钟 150 字计")  # the opening starts here
    assert times["opening/0"][0] is None and times["title"][0] is None
    assert [times[f"points/{n}/lead"][0] for n in range(4)] == ["约2分钟", "约4分钟", "约1分钟", "约3分钟"]
    assert times["points/1/lead"][1] == "第二点约 600 字，按每分钟 150 字计"
    assert times["closing/0"][0] == "约1分钟"
    serial = iter(range(1, 100))
    page.handle({"type": "edit", "key": "points/1/body/0", "text": text(144), "seq": next(serial)})
    page.refresh()
    lead = next(block for block in page.widget.page["blocks"] if block["id"] == "points/1/lead")
    assert lead["time"] == "约1分钟"  # the point cut down to 150 characters
    assert page.widget.counts["duration"] == "约9分钟" and not page.widget.counts["over"]


def test_the_over_time_problem_clicked_in_the_export_list_shows_the_slot(tmp_path):
    composer, _ = composer_for(tmp_path, timed_speech(limit=10))
    composer.tabs.selected_index = 3  # 结构
    problem = next(p for p in composer.page.problems if p.where == "讲话时长")
    composer.export.reveal(problem)
    assert composer.tabs.get_title(composer.tabs.selected_index) == "会议信息"


def test_the_slot_kept_among_an_older_drafts_variables_is_the_same_box_in_variables(tmp_path):
    older = timed_speech(limit=None)
    older.variables = {"讲话时长": "10"}  # set with --var before 讲话时长 was a meeting fact
    composer, path = composer_for(tmp_path, older)
    field = composer.variables.fields["讲话时长"]
    assert (
        isinstance(field, w.BoundedIntText) and field.value == 10 and "✓" in composer.variables.marks["讲话时长"].value
    )
    field.value = 12
    saved = open_draft(path)
    assert saved.meeting.limit_minutes == 12 and "讲话时长" not in saved.variables  # one fact, one place
    assert composer.facts.limit.value == 12 and composer.page.widget.counts["limit"] == 12
