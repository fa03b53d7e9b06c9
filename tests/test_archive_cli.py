"""`jianggao archive` as staff use it, on both backends: add a folder, search, list, remove."""

from __future__ import annotations

import json
import time

from conftest import SEED, run_cli
from test_archive import PARTY


def _env(tmp_path, location: str) -> dict:
    import os

    settings = tmp_path / "config.yaml"
    settings.write_text(f"archive: {location}\n", encoding="utf-8")
    return dict(os.environ, JIANGGAO_CONFIG=str(settings))


def test_add_search_list_and_remove(tmp_path, archive_location):
    env = _env(tmp_path, archive_location)
    folder = tmp_path / "讲稿" / "购买"
    folder.mkdir(parents=True)
    (tmp_path / "讲稿" / "党建.txt").write_text(PARTY, encoding="utf-8")
    (folder / "招商.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    added = run_cli("archive", "add", str(tmp_path / "讲稿"), env=env)
    assert added.returncode == 0, added.stderr
    assert "已收入" in added.stdout and "去除广告" in added.stdout and "妙笔文库" in added.stdout
    assert "收入 2 篇，跳过重复 0 篇，失败 0 篇" in added.stderr
    again = run_cli("archive", "add", str(tmp_path / "讲稿"), env=env)
    assert again.returncode == 0 and again.stdout.count("已跳过") == 2

    found = run_cli("archive", "search", "党建", "--limit", "3", env=env)
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert lines[0].startswith("1. [") and "【党建】" in lines[0]
    assert "在全县党建工作推进会上的讲话（2025年3月2日，本单位" in lines[1]
    data = json.loads(run_cli("archive", "search", "招商", "引资", "--source", "购买", "--json", env=env).stdout)
    assert data and all(hit["speech"]["source"] == "购买" for hit in data)
    first = data[0]
    assert {first["paragraph"]["text"][a:b] for a, b in first["matches"]} <= {"招商", "引资", "招商引资"}

    listing = run_cli("archive", "list", env=env)
    rows = [line.split("\t") for line in listing.stdout.splitlines()]
    assert [row[4] for row in rows] == [
        "在全县党建工作推进会上的讲话",
        "在全县招商引资工作领导小组第二季度会议上的讲话",
    ]
    removed = run_cli("archive", "remove", rows[0][0], env=env)
    assert removed.returncode == 0 and "已删除" in removed.stderr
    assert "没有找到" in run_cli("archive", "search", "党建", env=env).stderr
    info = run_cli("archive", "info", env=env)
    assert "讲稿 1 篇" in info.stdout


def test_a_database_that_does_not_answer_is_one_line_within_seconds(tmp_path):
    env = _env(tmp_path, "postgresql://jianggao:秘密@127.0.0.1:1/素材库")
    start = time.monotonic()
    result = run_cli("archive", "search", "党建", env=env)
    assert time.monotonic() - start < 10
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "连接不上素材库数据库" in line and "秘密" not in line  # the password is never shown
