"""The archive (素材库), on SQLite and on PostgreSQL alike: speeches added from files (noise
reported, a file or a text seen before skipped), paragraphs found by words of any length,
by phrases and by several words at once, filtered, ranked and highlighted."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path

import pytest
from conftest import SEED

from toolkit import service
from toolkit.archive import ArchiveError, Query, open_archive

PARTY = """在全县党建工作推进会上的讲话
（2025年3月2日）
同志们：
今天召开全县党建工作推进会，主要任务是总结去年党建工作，安排今年重点任务。下面，我讲两点意见。
一要抓好党建引领。各乡镇党委要把党建工作同经济工作一起谋划、一起部署，以党建引领基层治理。
二要守住安全底线。每个村都要排查隐患，做到安全责任落到人头。
同志们，让我们以更加扎实的作风，把各项任务落到实处！
"""
SAFETY = """在全市安全生产工作会议上的讲话
市长 李四
（2023年6月8日）
同志们：
这次会议的任务是部署全市安全生产大检查。下面，我讲三点意见。
一要压紧压实安全生产责任。企业是安全生产的责任主体，主要负责人是第一责任人。
二要突出重点行业领域。道路交通、建筑施工、危险化学品是安全生产的重中之重。
三要严格执法检查。对非法违法生产经营行为，发现一起查处一起。
同志们，安全生产只有起点，没有终点。
"""


@pytest.fixture
def archive(archive_location):
    """An empty archive on the test's backend."""
    with open_archive(archive_location) as opened:
        yield opened


@pytest.fixture
def speeches(tmp_path) -> Path:
    """A folder as an office keeps it: its own speech, a superior's in 上级/, a bought one."""
    folder = tmp_path / "讲稿"
    (folder / "上级").mkdir(parents=True)
    (folder / "党建推进会.txt").write_text(PARTY, encoding="utf-8")
    (folder / "上级" / "全市安全生产会议.txt").write_text(SAFETY, encoding="utf-8")
    shutil.copy(SEED, folder / "招商引资.txt")
    return folder


@pytest.fixture
def filled(archive, speeches):
    report = service.archive_files([speeches], archive=archive)
    assert len(report.added) == 3 and not report.failed and not report.duplicates
    return archive


def texts(hits) -> list[str]:
    return [hit.paragraph.text for hit in hits]


def test_adding_a_folder_stores_each_speech_with_its_facts_and_parts(filled):
    listed = {speech.title: speech for speech in filled.speeches()}
    party = listed["在全县党建工作推进会上的讲话"]
    assert (party.date, party.source, party.level) == (dt.date(2025, 3, 2), "本单位", "县")  # 全县 in its title
    safety = listed["在全市安全生产工作会议上的讲话"]
    assert (safety.date, safety.source, safety.speaker) == (dt.date(2023, 6, 8), "上级", "市长 李四")
    assert safety.level == "市"  # the speaker's post: 市长
    assert listed["在全县招商引资工作领导小组第二季度会议上的讲话"].source == "购买"  # its adverts were removed
    stored = filled.speech(party.id).paragraphs
    assert [(p.part, p.text[:6]) for p in stored] == [
        ("称呼", "同志们："),
        ("开头", "今天召开全县"),
        ("过渡句", "下面，我讲两"),
        ("要点主旨句", "抓好党建引领"),
        ("要点正文", "各乡镇党委要"),
        ("要点主旨句", "守住安全底线"),
        ("要点正文", "每个村都要排"),
        ("结尾", "同志们，让我"),
    ]
    assert filled.counts()[0] == 3


def test_the_vendor_lines_removed_are_reported(archive, speeches):
    report = service.archive_files([speeches], archive=archive)
    noise = {path.name: lines for path, lines in report.noise}
    assert list(noise) == ["招商引资.txt"]
    assert any("妙笔文库" in line.text for line in noise["招商引资.txt"])
    hits = service.archive_search("妙笔文库", archive=archive)
    assert hits == []  # the adverts are not in the archive


def test_a_file_or_a_text_seen_before_is_skipped(filled, speeches, tmp_path):
    again = service.archive_files([speeches], archive=filled)
    assert len(again.duplicates) == 3 and not again.added
    other = tmp_path / "另一份.md"  # the same speech in another format, other adverts around it
    other.write_text("本文来自某某公众号，每日更新精品材料\n\n" + PARTY.replace("\n", "\n\n"), encoding="utf-8")
    report = service.archive_files([other], archive=filled)
    assert not report.added and report.duplicates[0][1].title == "在全县党建工作推进会上的讲话"
    assert filled.counts()[0] == 3


@pytest.mark.parametrize("word", ["党建", "安全", "党"])
def test_one_and_two_character_words_are_found(filled, word):
    hits = service.archive_search(word, archive=filled, limit=50)
    assert hits and all(word in text for text in texts(hits))
    everywhere = [p.text for s in filled.speeches() for p in filled.speech(s.id).paragraphs if word in p.text]
    assert sorted(texts(hits)) == sorted(everywhere)


def test_a_phrase_and_several_words_must_all_occur(filled):
    phrase = service.archive_search("安全生产责任", archive=filled)
    assert texts(phrase) == ["压紧压实安全生产责任。"]
    both = service.archive_search("安全 责任", archive=filled)
    assert both and all("安全" in t and "责任" in t for t in texts(both))
    assert "每个村都要排查隐患，做到安全责任落到人头。" in texts(both)
    quoted = service.archive_search("“党建 工作”", archive=filled)
    assert quoted == []  # a quoted phrase is kept whole, space and all


def test_filters_by_part_source_date_and_speaker(filled):
    leads = service.archive_search("安全", part="主旨句", archive=filled)
    assert {hit.paragraph.part for hit in leads} == {"要点主旨句"}
    assert sorted(texts(leads)) == ["压紧压实安全生产责任。", "守住安全底线。"]
    superior = service.archive_search("安全", source="上级", archive=filled)
    assert superior and {hit.speech.source for hit in superior} == {"上级"}
    recent = service.archive_search("安全", since="2024", archive=filled)
    assert recent and {hit.speech.date.year for hit in recent} == {2025}
    by_speaker = service.archive_search("安全", speaker="李四", archive=filled)
    assert by_speaker and {hit.speech.speaker for hit in by_speaker} == {"市长 李四"}


def test_hits_are_ranked_and_highlighted(filled):
    hits = service.archive_search("安全生产", archive=filled)
    assert hits[0].paragraph.part == "要点主旨句"  # a lead sentence full of the words comes first
    for hit in hits:
        assert hit.spans and all(hit.paragraph.text[a:b] == "安全生产" for a, b in hit.spans)
        assert hit.marked().count("【安全生产】") == hit.paragraph.text.count("安全生产")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_a_removed_speech_is_no_longer_found(filled):
    party = next(s for s in filled.speeches() if "党建" in s.title)
    assert filled.remove(party.id)
    assert service.archive_search("党建", archive=filled) == []
    assert not filled.remove(party.id)


def test_candidates_find_a_paragraph_copied_with_small_changes(filled):
    copied = "企业是安全生产的责任主体，主要负责人是第一责任人，要层层压实。"
    found = filled.candidates(copied, 3)
    assert found[0].paragraph.text == "企业是安全生产的责任主体，主要负责人是第一责任人。"
    assert found[0].speech.title == "在全市安全生产工作会议上的讲话"


def test_the_whole_point_of_a_paragraph_comes_back_in_order(filled):
    hit = service.archive_search("排查隐患", archive=filled)[0]
    point = filled.point_paragraphs(hit.paragraph)
    assert [p.part for p in point] == ["要点主旨句", "要点正文"]
    assert point[0].text.startswith("守住安全底线")


def test_two_writers_at_once(archive_location, tmp_path):
    folders = []
    for n in range(2):
        folder = tmp_path / f"写入{n}"
        folder.mkdir()
        for k in range(4):
            text = PARTY.replace("党建工作推进会", f"第{n}组第{k}次党建工作推进会")
            (folder / f"{k}.txt").write_text(text, encoding="utf-8")
        folders.append(folder)
    errors = []

    def write(folder):
        try:
            with open_archive(archive_location) as own:
                service.archive_files([folder], archive=own)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(folder,)) for folder in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    with open_archive(archive_location) as opened:
        assert opened.counts()[0] == 8


def test_the_folder_rules_of_the_settings(tmp_path, monkeypatch, archive):
    settings = tmp_path / "config.yaml"
    settings.write_text("archive_folders:\n  市委文件: {source: 上级, level: 市}\n", encoding="utf-8")
    monkeypatch.setenv("JIANGGAO_CONFIG", str(settings))
    folder = tmp_path / "市委文件" / "2025"
    folder.mkdir(parents=True)
    (folder / "讲话.txt").write_text(SAFETY, encoding="utf-8")
    (added,) = service.archive_files([tmp_path / "市委文件"], archive=archive).added
    assert (added[1].source, added[1].level) == ("上级", "市")
    report = service.archive_files([folder / "讲话.txt"], source="其他", archive=archive)
    assert report.duplicates  # the option would have won, but the file is there already


def test_a_missing_archive_is_not_made_by_a_search(tmp_path):
    location = tmp_path / "没有" / "素材库.sqlite"
    with pytest.raises(ArchiveError, match="素材库还没有建立"):
        open_archive(location, create=False)
    assert not location.parent.exists()


def test_a_query_of_punctuation_alone_finds_nothing(filled):
    assert service.archive_search("，。", archive=filled) == []
    assert filled.search(Query(["党，"])) == []


def test_many_files_are_imported_by_several_processes_with_the_same_result(tmp_path, monkeypatch, speeches):
    monkeypatch.setattr(service, "PARALLEL_FROM", 2)
    (speeches / "坏.docx").write_bytes(b"not a zip")
    with open_archive(tmp_path / "并行.sqlite") as archive:
        report = service.archive_files([speeches], archive=archive)
        assert sorted(path.name for path, _ in report.added) == [
            "党建推进会.txt",
            "全市安全生产会议.txt",
            "招商引资.txt",
        ]
        assert [path.name for path, _ in report.failed] == ["坏.docx"]
        assert [path.name for path, _ in report.noise] == ["招商引资.txt"]
        assert texts(service.archive_search("党建引领", archive=archive))[0] == "抓好党建引领。"  # the lead first


def test_a_word_in_more_paragraphs_than_are_ranked_still_gives_right_hits(filled, monkeypatch):
    import toolkit.archive.base
    import toolkit.archive.postgres
    import toolkit.archive.sqlite

    found = sorted(
        (p.id, p.text) for s in filled.speeches() for p in filled.speech(s.id).paragraphs if "安全" in p.text
    )
    for module, name in (
        (toolkit.archive.base, "CAP"),
        (toolkit.archive.sqlite, "CAP"),
        (toolkit.archive.postgres, "RANK_ALL"),
    ):
        monkeypatch.setattr(module, name, 3)  # 安全 is now a word too common to rank every match
    hits = service.archive_search("安全", archive=filled)
    assert sorted(texts(hits)) == sorted(text for _id, text in found[-3:])  # the three archived last
    phrase = service.archive_search("安全生产", archive=filled)
    assert len(phrase) == 3 and all("安全生产" in text for text in texts(phrase))
    assert [h.score for h in phrase] == sorted((h.score for h in phrase), reverse=True)
