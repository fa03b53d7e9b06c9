"""`jianggao archive` as staff use it, on both backends: add a folder, search, list, remove."""

from __future__ import annotations

import json

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


def test_a_database_that_does_not_answer_is_one_line(tmp_path):
    """Not a hang: the command gives up (the connect timeout) and says so; a run that hung
    would be stopped by run_cli's own timeout and fail."""
    env = _env(tmp_path, "postgresql://jianggao:秘密@127.0.0.1:1/素材库")
    result = run_cli("archive", "search", "党建", env=env, timeout=60)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "连接不上素材库数据库" in line and "秘密" not in line  # the password is never shown
    assert "服务器拒绝连接" in line or "服务器没有应答" in line  # the driver's English, said in Chinese
    assert "\t" not in line


def test_a_speech_dated_in_chinese_numerals_and_stored_with_its_full_path(tmp_path, archive_location):
    env = _env(tmp_path, archive_location)
    folder = tmp_path / "讲稿"
    folder.mkdir()
    text = PARTY.replace("（2025年3月2日）", "（二〇二四年三月五日）")
    (folder / "党建.txt").write_text(text, encoding="utf-8")
    added = run_cli("archive", "add", "讲稿", env=env, cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    (speech,) = json.loads(run_cli("archive", "list", "--json", env=env).stdout)
    assert speech["date"] == "2024-03-05"
    assert speech["file"] == str(folder / "党建.txt")  # not relative to where the command ran
    found = run_cli("archive", "search", "党建", "--since", "2024-03", env=env)
    assert "2024年3月5日" in found.stdout


def test_a_file_far_too_long_for_a_speech_is_not_archived(tmp_path, archive_location):
    env = _env(tmp_path, archive_location)
    folder = tmp_path / "讲稿"
    folder.mkdir()
    (folder / "党建.txt").write_text(PARTY, encoding="utf-8")
    (folder / "全年汇编.txt").write_text("同志们：\n" + "各项工作扎实推进。\n" * 25_000, encoding="utf-8")
    added = run_cli("archive", "add", str(folder), env=env)
    assert added.returncode == 1
    assert "全年汇编.txt：这个文件有" in added.stderr and "远远超过一篇讲话稿的长度" in added.stderr
    assert "收入 1 篇，跳过重复 0 篇，失败 1 篇" in added.stderr
    assert "讲稿 1 篇" in run_cli("archive", "info", env=env).stdout


def test_mistakes_in_what_is_asked_are_one_line_and_exit_2(tmp_path):
    env = _env(tmp_path, str(tmp_path / "素材库.sqlite"))
    (tmp_path / "空文件夹").mkdir()
    empty = run_cli("archive", "add", str(tmp_path / "空文件夹"), env=env)
    assert empty.returncode == 2 and "没有能收入素材库的讲稿文件" in empty.stderr
    assert not (tmp_path / "素材库.sqlite").exists()
    (tmp_path / "讲稿.txt").write_text(PARTY, encoding="utf-8")
    assert run_cli("archive", "add", str(tmp_path / "讲稿.txt"), env=env).returncode == 0
    for words in ("", "，。！"):
        nothing = run_cli("archive", "search", words, env=env)
        assert nothing.returncode == 2 and "没有要找的词语" in nothing.stderr
    few = run_cli("archive", "search", "党建", "--limit", "1", env=env)
    assert few.returncode == 0 and "列出了最相关的 1 段，可能还有更多" in few.stderr
    (tmp_path / "空.sqlite").write_bytes(b"")
    zero = run_cli("archive", "list", env=_env(tmp_path, str(tmp_path / "空.sqlite")))
    assert zero.returncode == 2 and "素材库文件是空的" in zero.stderr
    assert (tmp_path / "空.sqlite").stat().st_size == 0  # not quietly turned into an archive


def test_output_read_only_in_part_is_not_an_error(tmp_path, monkeypatch, capsys):
    """`jianggao archive list | head -1`: the reader stops early; no 内部错误, no exit 3."""
    import os
    import sys

    from toolkit import cli, service

    monkeypatch.setenv("JIANGGAO_CONFIG", _env(tmp_path, str(tmp_path / "素材库.sqlite"))["JIANGGAO_CONFIG"])
    (tmp_path / "党建.txt").write_text(PARTY, encoding="utf-8")
    service.archive_files([tmp_path / "党建.txt"])
    read, write = os.pipe()
    os.close(read)  # the reader has gone
    monkeypatch.setattr(sys, "stdout", os.fdopen(write, "w", encoding="utf-8", buffering=1))
    assert cli.main(["archive", "list"]) == 0
    assert "内部错误" not in capsys.readouterr().err
