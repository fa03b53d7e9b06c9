"""查重: a draft checked paragraph by paragraph against the archive, on SQLite and PostgreSQL.

The archive holds a city speech (上级), a bought one (购买) and the office's own (本单位). The
draft is a county speech that copied the city's with the place changed, a clause moved and a
word swapped, copied the bought one word for word, and wrote one paragraph of its own.
"""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import SEED, run_cli
from test_archive import PARTY, SAFETY

from toolkit import service
from toolkit.archive import open_archive
from toolkit.archive.similarity import clauses, compare
from toolkit.importers import import_reviewed

DRAFT = """在全县安全生产工作会议上的讲话
（2026年5月12日）
同志们：
这次会议的任务是部署全县安全生产大检查。下面，我讲三点意见。
一要压紧压实安全生产责任。主要负责人是第一责任人，企业是安全生产的责任主体。
二要突出重点行业领域。道路交通、建筑施工、危险化学品、燃气是安全生产的重中之重。
三要抓好招商引资。签约只是第一步，落地投产才是硬道理。
今年春节前后，县里组织了三轮明察暗访，走访了城关镇、河西乡的二十七家小作坊，发现的问题已经交办到人。
同志们，安全生产只有起点，没有终点。
"""


def _speech(tmp_path, text: str, name: str = "草稿.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_reviewed(path)[0]


@pytest.fixture
def archive(archive_location, tmp_path):
    folder = tmp_path / "讲稿"
    (folder / "上级").mkdir(parents=True)
    (folder / "购买").mkdir()
    (folder / "党建推进会.txt").write_text(PARTY, encoding="utf-8")
    (folder / "上级" / "全市安全生产会议.txt").write_text(SAFETY, encoding="utf-8")
    shutil.copy(SEED, folder / "购买" / "招商引资.txt")
    with open_archive(archive_location) as opened:
        assert len(service.archive_files([folder], archive=opened).added) == 3
        yield opened


def test_a_changed_place_a_moved_clause_and_a_swapped_word_do_not_hide_a_copy():
    original = "企业是安全生产的责任主体，主要负责人是第一责任人。全市上下要压实责任。"
    moved = "主要负责人是第一责任人，企业是安全生产的责任主体。全县上下要压实责任。"
    assert compare(moved, original).share == 1.0  # clauses moved, 全市 → 全县
    swapped = "道路交通、建筑施工、危险化学品、燃气是安全生产的重中之重。"
    assert compare(swapped, "道路交通、建筑施工、危险化学品是安全生产的重中之重。").share >= 0.85
    renamed = "今年春节前后，县里组织三轮明察暗访，走访了城关镇的小作坊。"
    assert compare(renamed, "今年春节前后，县里组织三轮明察暗访，走访了河西乡的小作坊。").share >= 0.75
    assert compare("我县粮食生产再获丰收，总产量创历史新高。", original).share < 0.1
    assert clauses("全市、市委和城市") == ["全县", "县委和城市"]  # a city (城市) is no level word


def test_each_paragraph_gets_its_most_alike_archived_paragraph_and_source(archive, tmp_path):
    report = service.check_copies(_speech(tmp_path, DRAFT), archive=archive)
    found = {checked.where: checked for checked in report.paragraphs}
    assert "称呼" not in found and "过渡句" not in found  # every speech says them
    lead = found["开头第1段"]
    assert lead.percent >= 95 and lead.best.speech.source == "上级"
    assert lead.best.speech.title == "在全市安全生产工作会议上的讲话"
    assert found["第1点正文第1段"].percent == 100  # its two clauses in the other order
    assert found["第2点正文第1段"].best.paragraph.text.startswith("道路交通、建筑施工、危险化学品是")
    assert found["第2点正文第1段"].percent >= 85
    bought = found["第3点正文第1段"]
    assert (bought.percent, bought.best.speech.source) == (100, "购买")
    own = found["第3点正文第2段"]
    assert own.best is None or own.percent < 30  # written for this speech
    assert [p.where for p in report.paragraphs] == [p.where for p in sorted(report.paragraphs, key=_order(report))]


def _order(report):
    places = [p.where for p in report.paragraphs]
    return lambda checked: places.index(checked.where)


def test_the_whole_draft_share_copied_from_bought_and_superior_material(archive, tmp_path):
    report = service.check_copies(_speech(tmp_path, DRAFT), archive=archive)
    own = next(p for p in report.paragraphs if p.text.startswith("今年春节前后"))
    assert not own.copied
    superior, bought = report.share("上级"), report.share("购买")
    assert 0.3 < superior < 0.8 and 0.05 < bought < 0.3
    assert report.copied("本单位") == 0  # only bought and superior material is totalled
    assert report.over() == ["上级"]  # at or over the default 30%
    assert report.speeches == 3


def test_an_original_draft_is_not_flagged(archive, tmp_path):
    text = (
        "在全县粮食生产工作会议上的讲话\n同志们：\n今年以来，我县粮食生产再获丰收，总产量创历史新高。\n"
        "下面，我讲一点意见。\n一要稳住种粮面积。各乡镇要把面积落实到地块，把良种送到农户手中。\n"
        "同志们，手中有粮，心中不慌。\n"
    )
    report = service.check_copies(_speech(tmp_path, text), archive=archive)
    assert report.paragraphs and not report.similar() and not report.over()
    assert report.share("上级") == report.share("购买") == 0


def _env(tmp_path, location: str, extra: str = "") -> dict:
    settings = tmp_path / "config.yaml"
    settings.write_text(f"archive: {location}\n{extra}", encoding="utf-8")
    return dict(os.environ, JIANGGAO_CONFIG=str(settings))


def test_the_command_lists_each_paragraph_and_exits_1_over_the_warning_share(archive, archive_location, tmp_path):
    draft = tmp_path / "草稿.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run_cli("check", str(draft), "--archive", env=_env(tmp_path, archive_location))
    assert result.returncode == 1, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    first = rows[0]
    assert first[0] == "开头第1段" and first[2] == "照搬" and first[3] == "上级"
    assert first[4].startswith("在全市安全生产工作会议上的讲话（2023年6月8日） 第")
    assert any(row[0] == "第3点正文第1段" and row[1] == "100%" and row[3] == "购买" for row in rows)
    assert "对照素材库 3 篇讲稿" in result.stderr and "照搬上级材料的占" in result.stderr
    assert "照搬上级材料的部分已达参与比对正文的 30%" in result.stderr

    relaxed = run_cli(
        "check", str(draft), "--archive", env=_env(tmp_path, archive_location, "copy_check: {share: 90}\n")
    )
    assert relaxed.returncode == 0, relaxed.stderr
    assert relaxed.stdout == result.stdout  # the same findings; only the warning line moved


def test_a_missing_archive_is_one_line_and_exit_2(tmp_path):
    draft = tmp_path / "草稿.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    result = run_cli("check", str(draft), "--archive", env=_env(tmp_path, str(tmp_path / "没有的素材库.sqlite")))
    assert result.returncode == 2
    assert "素材库还没有建立" in result.stderr and "没有的素材库.sqlite" in result.stderr
    assert not (tmp_path / "没有的素材库.sqlite").exists()  # a check never makes an archive


def test_an_archive_made_before_the_copy_check_gets_its_fingerprints(archive, archive_location, tmp_path):
    """An archive filled before 查重 existed has no fingerprints: opened again, it is given them."""
    table = "jianggao.fingerprints" if "://" in archive_location else "fingerprints"
    archive.db.execute(f"DROP TABLE {table}")
    archive.db.commit()
    archive.close()
    with open_archive(archive_location) as reopened:
        report = service.check_copies(_speech(tmp_path, DRAFT), archive=reopened)
    assert report.over() == ["上级"]


def test_a_removed_speech_is_no_longer_a_source(archive, tmp_path):
    superior = next(speech for speech in archive.speeches() if speech.source == "上级")
    archive.remove(superior.id)
    report = service.check_copies(_speech(tmp_path, DRAFT), archive=archive)
    assert report.share("上级") == 0 and all(
        p.best is None or p.best.speech.source != "上级" for p in report.paragraphs
    )


def test_an_old_archive_that_cannot_be_written_still_searches_and_says_what_to_do(public_tmp):
    """A read-only SQLite archive made before 查重: searching works; the check is one line."""
    folder = public_tmp / "共享"
    folder.mkdir()
    with open_archive(folder / "素材库.sqlite") as made:
        (folder / "上级.txt").write_text(SAFETY, encoding="utf-8")
        service.archive_files([folder / "上级.txt"], archive=made, source="上级")
        made.db.execute("DROP TABLE fingerprints")
        made.db.commit()
        made.db.execute("PRAGMA journal_mode = DELETE")  # no WAL files a reader would need to write
    (folder / "草稿.txt").write_text(DRAFT, encoding="utf-8")
    (folder / "config.yaml").write_text(f"archive: {folder / '素材库.sqlite'}\n", encoding="utf-8")
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)
    env = dict(os.environ, JIANGGAO_CONFIG=str(folder / "config.yaml"), HOME=str(public_tmp))
    found = run_cli("archive", "search", "安全生产", env=env, unprivileged=True)
    assert found.returncode == 0 and "安全生产" in found.stdout, found.stderr
    checked = run_cli("check", str(folder / "草稿.txt"), "--archive", env=env, unprivileged=True)
    assert checked.returncode == 2, checked.stderr
    assert "素材库是旧版本建立的，还不能查重" in checked.stderr and "素材库.sqlite" in checked.stderr
    assert len(checked.stderr.strip().splitlines()) <= 2


def test_an_old_database_a_writer_may_not_change_still_searches(postgres_server, tmp_path):
    """PostgreSQL made before 查重, opened by a writer who may not create tables."""
    import psycopg

    from toolkit.archive import ArchiveError

    url = postgres_server.new_database()
    with open_archive(url) as made:
        (tmp_path / "上级.txt").write_text(SAFETY, encoding="utf-8")
        service.archive_files([tmp_path / "上级.txt"], archive=made, source="上级")
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("DROP TABLE jianggao.fingerprints")
        admin.execute("DO $$ BEGIN CREATE ROLE writer LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        admin.execute("GRANT USAGE ON SCHEMA jianggao TO writer")
        admin.execute("GRANT SELECT, INSERT, DELETE ON ALL TABLES IN SCHEMA jianggao TO writer")
    with open_archive(url.replace("//postgres@", "//writer@")) as opened:
        assert not opened.fingerprinted
        assert service.archive_search("安全生产", archive=opened)
        with pytest.raises(ArchiveError, match="素材库是旧版本建立的"):
            service.check_copies(_speech(tmp_path, DRAFT), archive=opened)
