"""Draft files: exact round trips, atomic saves, and broken files that name their line."""

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.drafts import open_draft, save_draft, speech_from_yaml, speech_to_yaml, with_draft_extension
from toolkit.errors import DraftFormatError, InputFileError, OutputError, OutputExistsError
from toolkit.model import COMMON_STYLES, MeetingFacts, Point, RemovedLine, Speech, SubPoint
from toolkit.model.speech import Comment, CommentReply

# Text that stresses YAML: CJK, quotes, colons, dashes, hashes, braces, odd white space,
# words YAML would otherwise read as booleans, nulls, numbers and dates.
tricky_words = st.sampled_from(
    [
        "null",
        "~",
        "yes",
        "No",
        "true",
        "2026-09-28",
        "1.5",
        "0x1F",
        "- ",
        "# ",
        ": ",
        "---",
        "...",
        "{{ 县名 }}",
        "{% if x %}",
        "&anchor",
        "*alias",
        "!tag",
        "|",
        ">",
        "@",
        "`",
        "%",
        "'",
        '"',
        "“",
        "”",
        "　　",
        "\t",
        " ",
        "同志们：",
        "一要",
        "（一）",
        "——",
        "…",
        "\\",
        "\r\n",
        "\n",
        "\x85",
        "\u2028",
        "\ufeff",
        "\x00",
        "\x1b",
    ]
)
cjk_text = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), max_size=8)
paragraph = st.lists(st.one_of(tricky_words, cjk_text, st.text(max_size=6)), max_size=6).map("".join)
optional_paragraph = st.one_of(st.none(), paragraph)
subpoints = st.builds(SubPoint, lead=paragraph, body=st.lists(paragraph, max_size=3))
points = st.builds(
    Point,
    lead=paragraph,
    body=st.lists(paragraph, max_size=3),
    subpoints=st.lists(subpoints, max_size=2),
    section=st.one_of(st.just(""), paragraph),
)
speeches = st.builds(
    Speech,
    title=optional_paragraph,
    byline=optional_paragraph,
    salutation=optional_paragraph,
    opening=st.lists(paragraph, max_size=3),
    transition=optional_paragraph,
    transition_run_in=st.booleans(),
    numbering=st.one_of(st.none(), st.sampled_from(COMMON_STYLES)),
    point_layout=st.sampled_from([None, "run_in", "heading"]),
    subnumbering=st.sampled_from(COMMON_STYLES),
    subpoint_layout=st.sampled_from([None, "run_in", "heading"]),
    points=st.lists(points, max_size=4),
    closing=st.lists(paragraph, max_size=3),
    meeting=st.builds(
        MeetingFacts,
        name=paragraph,
        speaker=paragraph,
        place=paragraph,
        date=st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))),
    ),
    variables=st.dictionaries(paragraph, paragraph, max_size=3),
    noise=st.lists(
        st.builds(RemovedLine, text=paragraph, line=st.one_of(st.none(), st.integers(1, 10**6)), rule=paragraph),
        max_size=2,
    ),
    comments=st.lists(
        st.builds(
            Comment,
            key=st.one_of(st.sampled_from(["", "title", "opening/0", "points/1/lead", "points/0/body/2"]), paragraph),
            author=paragraph,
            date=st.one_of(st.just("2026-11-02T09:15:00Z"), paragraph),
            text=paragraph,
            quote=paragraph,
            done=st.booleans(),
            replies=st.lists(st.builds(CommentReply, author=paragraph, date=paragraph, text=paragraph), max_size=2),
        ),
        max_size=2,
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(speeches)
@pytest.mark.slow
def test_every_speech_round_trips_exactly_through_its_draft_text(speech):
    assert speech_from_yaml(speech_to_yaml(speech)) == speech


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(speech=speeches)
def test_every_speech_round_trips_through_a_file_on_disk(tmp_path, speech):
    path = save_draft(speech, tmp_path / "草稿.yaml")
    assert open_draft(path) == speech


def sample():
    return Speech(
        title="在全县工作会议上的讲话",
        salutation="同志们：",
        opening=["今天开会。"],
        points=[Point("切实解决问题。", ["党建是根本。"])],
        closing=["同志们，努力。"],
    )


def test_a_draft_is_readable_yaml_with_one_paragraph_per_line(tmp_path):
    text = save_draft(sample(), tmp_path / "d.yaml").read_text(encoding="utf-8")
    assert "title: 在全县工作会议上的讲话\n" in text
    assert "- lead: 切实解决问题。\n  body:\n  - 党建是根本。\n" in text
    assert "一要" not in text.split("numbering:")[0]  # markers are not stored in the text


def test_draft_extension_is_added_only_when_missing(tmp_path):
    assert with_draft_extension(tmp_path / "x").name == "x.yaml"
    assert with_draft_extension(tmp_path / "x.yml").name == "x.yml"
    assert with_draft_extension(tmp_path / "讲话.v2").name == "讲话.v2"


def test_saving_without_overwrite_refuses_an_existing_file(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("别人的文件", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="已存在"):
        save_draft(sample(), path, overwrite=False)
    assert path.read_text(encoding="utf-8") == "别人的文件"


def test_a_failed_save_leaves_the_previous_draft_intact_and_no_temporary_file(tmp_path, monkeypatch):
    path = save_draft(sample(), tmp_path / "d.yaml")
    before = path.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    changed = sample()
    changed.title = "改过的标题"
    with pytest.raises(OutputError, match="磁盘已满"):
        save_draft(changed, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]


def test_saving_into_a_missing_folder_says_which_folder(tmp_path):
    with pytest.raises(OutputError, match="文件夹不存在"):
        save_draft(sample(), tmp_path / "没有" / "d.yaml")


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("title: [未闭合\n", 2, "方括号"),
        ("format: jianggao-draft 1\ntitel: 讲话\n", 2, "不认识的字段“titel”。是不是“title”"),
        ("format: jianggao-draft 1\npoints: 3\n", 2, "应是列表"),
        ("format: jianggao-draft 1\nmeeting:\n  date: 2026-13-01\n", 3, "日期“2026-13-01”格式不对"),
        (
            "format: jianggao-draft 1\nmeeting:\n  limit_minutes: 十分钟\n",
            3,
            "字段“limit_minutes”：讲话时长应是 1 到 600",
        ),
        ("format: jianggao-draft 1\nnumbering: 甲、\n", 2, "不认识的编号样式"),
        ("format: jianggao-draft 1\nopening:\n- 今天: 开会\n", 3, "应是一段文字"),
        ("format: jianggao-draft 1\ntitle: a\ntitle: b\n", 3, "重复出现"),
        ("format: jianggao-draft 1\nopening: &a [x]\nclosing: *a\n", 2, "锚点和别名"),
        ("format: jianggao-draft 1\n\ttitle: x\n", 2, "Tab"),
        ("format: jianggao-draft 9\n", 1, "不是本工具支持的"),
    ],
)
def test_a_broken_draft_names_its_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "坏草稿.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DraftFormatError) as raised:
        open_draft(path)
    assert f"坏草稿.yaml 第{line}行" in str(raised.value)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "草稿文件是空的"),
        (b"\xff\xfe\x00\x01garbage\x00", "不是 UTF-8"),
        (b"title: \xd6\xd0\xce\xc4\n", "不是 UTF-8"),
        (b"just a line\n", "不是讲稿草稿"),
    ],
)
def test_unreadable_drafts_say_what_to_do(tmp_path, content, message):
    path = tmp_path / "d.yaml"
    path.write_bytes(content)
    with pytest.raises((DraftFormatError, InputFileError), match=message):
        open_draft(path)


def test_missing_draft_and_folder_are_named(tmp_path):
    with pytest.raises(InputFileError, match="找不到草稿文件"):
        open_draft(tmp_path / "nope.yaml")
    with pytest.raises(InputFileError, match="文件夹"):
        open_draft(tmp_path)


def test_hand_edited_draft_with_bom_and_crlf_opens(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_bytes("\ufeffformat: jianggao-draft 1\r\ntitle: 讲话\r\npoints:\r\n- lead: 甲。\r\n".encode("utf-8"))
    speech = open_draft(path)
    assert speech.title == "讲话" and speech.points[0].lead == "甲。"


def test_temporary_files_left_by_a_killed_writer_are_cleaned_up_later(tmp_path):
    import time as _time

    path = save_draft(sample(), tmp_path / "d.yaml")
    stale = tmp_path / ".d.yaml.deadbeef.tmp"
    fresh = tmp_path / ".d.yaml.cafebabe.tmp"
    stale.write_text("half", encoding="utf-8")
    fresh.write_text("being written", encoding="utf-8")
    old = _time.time() - 3600
    os.utime(stale, (old, old))
    save_draft(sample(), path)
    assert not stale.exists() and fresh.exists()
