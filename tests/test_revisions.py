"""The 修订稿: the new speech with Word's tracked changes against the old one.

Read back three ways: its XML (every change signed and dated, ids unique, ranges paired,
changes at the level of words), pandoc (``--track-changes=accept`` reads as the new speech,
``reject`` as the old, paragraph by paragraph, compared with how pandoc reads a plain
export of each) and a LibreOffice render. Property tests run random pairs of speeches
through it and read them back with a reader of Word's own rules (tests/docx_read.py).
"""

from __future__ import annotations

import copy
import os
import re
import zipfile
from collections import Counter

import docx
import pytest
from conftest import require_tool, run_cli
from docx_read import REVISION_TAGS, W, pandoc_paragraphs, resolved_paragraphs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from toolkit import service
from toolkit.model.layout import speech_blocks
from toolkit.model.speech import Point, Speech, SubPoint

AUTHOR = "县委办 王秘书"


def old_speech() -> Speech:
    """The 送审稿 the tests start from, in the project's own words."""
    return Speech(
        title="在全县冬季森林防火工作会议上的讲话",
        byline="（2026年12月1日）",
        salutation="同志们：",
        opening=[
            "今天召开全县冬季森林防火工作会议，主要任务是分析当前形势，部署今冬明春森林防火工作。",
            "刚才，县林业局通报了近期火情，三个乡镇作了发言，我都同意。",
        ],
        transition="下面，我讲三点意见。",
        numbering="一要",
        points=[
            Point("切实增强责任意识。", ["森林防火事关群众生命财产安全，决不能有丝毫麻痹思想。"]),
            Point(
                "切实抓好火源管控。",
                ["要严防死守，把好进山入林关口。"],
                subpoints=[
                    SubPoint("加强巡山护林。", ["护林员要每天巡查，发现隐患及时报告。"]),
                    SubPoint("严管野外用火。", ["清明、冬至等时节要重点盯守。"]),
                ],
            ),
            Point("切实做好扑救准备。", ["各乡镇要备足扑火物资，组织好扑火队伍。"]),
        ],
        closing=["同志们，森林防火责任重大，大家要恪尽职守，确保全县不发生重大森林火灾。"],
    )


def new_speech() -> Speech:
    """The 修改稿: a phrase replaced, a point added, one moved, a sub-point and a paragraph
    deleted, the transition renumbered, a closing paragraph added."""
    speech = old_speech()
    speech.title = "在全县冬春森林防火工作会议上的讲话"
    speech.opening[1] = "刚才，县林业局通报了近期火情，四个乡镇作了表态发言，讲得很好，我都同意。"
    speech.transition = "下面，我讲四点意见。"
    speech.points[0].body[0] = "森林防火事关群众生命财产安全，决不能有任何侥幸心理。"
    speech.points[1].subpoints.pop(1)
    speech.points.insert(2, Point("切实强化宣传教育。", ["要把防火知识讲到每家每户。"]))
    speech.move_point(3, 0)  # 做好扑救准备 goes first
    speech.closing.append("会后，各乡镇要把会议精神传达到村组。")
    return speech


@pytest.fixture(scope="module")
def revision(tmp_path_factory):
    folder = tmp_path_factory.mktemp("revision")
    path = folder / "修订稿.docx"
    result = service.export_revision(old_speech(), new_speech(), path, author=AUTHOR)
    assert result.path == path
    service.export(old_speech(), folder / "旧.docx")
    service.export(new_speech(), folder / "新.docx")
    return folder


def body(path):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def changes_in(root) -> list:
    return [element for element in root.iter(*REVISION_TAGS)]


def change_texts(root, tag: str) -> list[str]:
    """The text inside each change *tag* (``ins``, ``del``…), in order."""
    return [
        "".join(element.xpath(".//w:t/text()|.//w:delText/text()", namespaces={"w": W[1:-1]}))
        for element in root.iter(W + tag)
    ]


# -- the XML -------------------------------------------------------------------------------------------
def test_every_change_is_signed_and_dated_and_its_id_is_unique(revision):
    root = body(revision / "修订稿.docx")
    tracked = changes_in(root) + list(root.iter(W + "pPrChange"))
    assert len(tracked) > 10
    date = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    for element in tracked + list(root.iter(W + "moveFromRangeStart", W + "moveToRangeStart")):
        assert element.get(W + "author") == AUTHOR, etree.tostring(element)[:200]
        assert date.match(element.get(W + "date") or ""), element.get(W + "date")
    ids = [element.get(W + "id") for element in tracked]
    starts = [e.get(W + "id") for e in root.iter(W + "moveFromRangeStart", W + "moveToRangeStart")]
    ends = [e.get(W + "id") for e in root.iter(W + "moveFromRangeEnd", W + "moveToRangeEnd")]
    duplicates = [value for value, count in Counter(ids + starts).items() if count > 1]
    assert not duplicates
    assert sorted(starts) == sorted(ends)  # every range that starts ends


def test_a_phrase_replaced_is_a_deletion_and_an_insertion_of_those_words_only(revision):
    root = body(revision / "修订稿.docx")
    deleted = change_texts(root, "del")
    inserted = change_texts(root, "ins")
    assert "丝毫麻痹思想" in deleted or "丝毫麻痹" in "".join(deleted)
    assert any("任何侥幸心理" in text or "任何侥幸" in text for text in inserted)
    assert "冬" in "".join(deleted) or "冬春" in "".join(inserted)  # 冬季 → 冬春 in the title
    assert not any("森林防火事关群众生命财产安全" in text for text in deleted + inserted)


def test_renumbered_markers_are_changes_of_their_own(revision):
    root = body(revision / "修订稿.docx")
    deleted, inserted = change_texts(root, "del"), change_texts(root, "ins")
    # 增强责任意识 was 一要 and is 二要 now: the marker alone changes, the lead stays
    assert "一要" in deleted and "二要" in inserted
    assert "三" in deleted and "四" in inserted  # 下面，我讲三点意见 → 四点


def test_a_moved_point_is_a_named_move_and_a_deleted_paragraph_loses_its_mark(revision):
    root = body(revision / "修订稿.docx")
    moved_from = "".join(change_texts(root, "moveFrom"))
    moved_to = "".join(change_texts(root, "moveTo"))
    assert "切实做好扑救准备。" in moved_from and "切实做好扑救准备。" in moved_to
    assert "各乡镇要备足扑火物资" in moved_from and "各乡镇要备足扑火物资" in moved_to
    names = {e.get(W + "name") for e in root.iter(W + "moveFromRangeStart")}
    assert names == {e.get(W + "name") for e in root.iter(W + "moveToRangeStart")} and len(names) == 1
    deleted_marks = [p for p in root.iter(W + "p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    texts = ["".join(p.itertext()) for p in deleted_marks]
    assert any("严管野外用火" in text for text in texts)  # the sub-point deleted, lead and body
    assert any("清明、冬至等时节要重点盯守" in text for text in texts)


def test_word_opens_it_with_track_changes_on(revision):
    with zipfile.ZipFile(revision / "修订稿.docx") as archive:
        settings_xml = etree.fromstring(archive.read("word/settings.xml"))
    assert settings_xml.find(W + "trackRevisions") is not None


def test_the_revision_keeps_the_official_layout(revision):
    """The paragraphs are the exporter's own: the same styles as a plain export of the new speech."""
    tracked = docx.Document(str(revision / "修订稿.docx"))
    plain = docx.Document(str(revision / "新.docx"))
    styles = [p.style.name for p in tracked.paragraphs]
    assert set(p.style.name for p in plain.paragraphs) <= set(styles)
    assert tracked.sections[0].page_width == plain.sections[0].page_width


# -- pandoc ------------------------------------------------------------------------------------------------
def test_pandoc_accepting_reads_the_new_speech_and_rejecting_the_old(revision):
    require_tool("pandoc", "reads the 修订稿 back")
    path = revision / "修订稿.docx"
    assert pandoc_paragraphs(path, "accept") == pandoc_paragraphs(revision / "新.docx")
    assert pandoc_paragraphs(path, "reject") == pandoc_paragraphs(revision / "旧.docx")


def test_word_rules_accepting_and_rejecting_give_the_two_speeches(revision):
    path = revision / "修订稿.docx"
    assert resolved_paragraphs(path, "accept") == resolved_paragraphs(revision / "新.docx")
    assert resolved_paragraphs(path, "reject") == resolved_paragraphs(revision / "旧.docx")


# -- LibreOffice ---------------------------------------------------------------------------------------------
def test_libreoffice_lays_out_the_revision_with_its_changes_shown(revision, tmp_path):
    require_tool("soffice", "renders the 修订稿")
    from pdf_measure import pdf_text, read_pdf

    from toolkit.exporters.preview import render_pdf

    pdf = render_pdf(revision / "修订稿.docx", tmp_path)
    pages = read_pdf(pdf)
    assert pages and all(abs(page.width - 595.3) < 1 for page in pages)  # A4
    text = re.sub(r"\s+", "", pdf_text(pdf))
    # LibreOffice shows the changes: the deleted words struck through beside the inserted ones
    assert "丝毫麻痹思想" in text and "任何侥幸心理" in text
    assert "切实强化宣传教育" in text and "严管野外用火" in text
    assert any(page.footer for page in pages)  # the page numbers are there


# -- random pairs --------------------------------------------------------------------------------------------
PHRASES = (
    "全县上下",
    "要坚持问题导向",
    "狠抓工作落实",
    "各乡镇",
    "县直各部门",
    "2026年",
    "确保取得实效",
    "进一步压实责任",
    "切实加强领导",
    "扎实推进",
    "GDP增长",
    "群众满意",
)


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=5))
    return "，".join(words) + draw(st.sampled_from("。！"))


@st.composite
def speeches(draw) -> Speech:
    def paragraphs(low, high):
        return draw(st.lists(sentences(), min_size=low, max_size=high))

    points = [
        Point(
            draw(sentences()),
            paragraphs(0, 2),
            subpoints=[SubPoint(draw(sentences()), paragraphs(0, 1)) for _ in range(draw(st.integers(0, 2)))],
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    return Speech(
        title=draw(st.sampled_from(["在全县工作会议上的讲话", "在全县工作会议上的讲话\n（讨论稿）"])),
        byline=draw(st.sampled_from([None, "（2026年12月1日）"])),
        salutation="同志们：",
        opening=paragraphs(1, 2),
        transition=draw(st.sampled_from([None, "下面，我讲几点意见。"])),
        transition_run_in=draw(st.booleans()),
        numbering=draw(st.sampled_from(["一要", "一、", "第一，", "1."])),
        points=points,
        closing=paragraphs(0, 2),
    )


@st.composite
def edited(draw, speech: Speech) -> Speech:
    """*speech* after a few random edits: phrases replaced, inserted or deleted inside a
    paragraph, points moved, deleted or added, paragraphs added or removed, the title changed."""
    new = copy.deepcopy(speech)
    for _ in range(draw(st.integers(1, 5))):
        action = draw(
            st.sampled_from(
                ["phrase", "phrase", "move", "delete_point", "add_point", "paragraph", "title", "numbering", "subpoint"]
            )
        )
        if action == "phrase":
            texts = [(new.opening, i) for i in range(len(new.opening))]
            texts += [(point.body, i) for point in new.points for i in range(len(point.body))]
            texts += [(new.closing, i) for i in range(len(new.closing))]
            if texts:
                container, index = draw(st.sampled_from(texts))
                text = container[index]
                at = draw(st.integers(0, len(text)))
                cut = draw(st.integers(0, min(6, len(text) - at)))
                container[index] = text[:at] + draw(st.sampled_from(["", *PHRASES])) + text[at + cut :]
        elif action == "move" and len(new.points) > 1:
            new.move_point(draw(st.integers(0, len(new.points) - 1)), draw(st.integers(0, len(new.points) - 1)))
        elif action == "delete_point" and new.points:
            new.points.pop(draw(st.integers(0, len(new.points) - 1)))
        elif action == "add_point":
            new.points.insert(draw(st.integers(0, len(new.points))), Point(draw(sentences()), [draw(sentences())]))
        elif action == "paragraph":
            where = draw(st.sampled_from([new.opening, new.closing]))
            if where and draw(st.booleans()):
                where.pop(draw(st.integers(0, len(where) - 1)))
            else:
                where.insert(draw(st.integers(0, len(where))), draw(sentences()))
        elif action == "numbering":
            new.numbering = draw(st.sampled_from(["一要", "一、", "第一，", "1."]))
        elif action == "subpoint" and new.points:
            point = draw(st.sampled_from(new.points))
            if point.subpoints and draw(st.booleans()):
                point.subpoints.pop(draw(st.integers(0, len(point.subpoints) - 1)))
            else:
                point.subpoints.insert(draw(st.integers(0, len(point.subpoints))), SubPoint(draw(sentences())))
        elif action == "title":
            new.title = draw(
                st.sampled_from(
                    ["在全县工作推进会议上的讲话", "在全县工作会议上的讲话\n（讨论稿）", "在全县工作会议上的讲话"]
                )
            )
    if not new.opening:
        new.opening = [draw(sentences())]
    return new


@st.composite
def speech_pairs(draw) -> tuple[Speech, Speech]:
    old = draw(speeches())
    return old, draw(edited(old))


def examples(variable: str, default: int):
    """Hypothesis settings for a property test: *default* examples (a few seconds), or as
    many as the environment variable *variable* says when hunting for a rare case."""
    return settings(
        max_examples=int(os.environ.get(variable, default)),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


def _three_files(folder, old: Speech, new: Speech):
    for name in ("修订稿.docx", "旧.docx", "新.docx"):
        (folder / name).unlink(missing_ok=True)
    service.export_revision(old, new, folder / "修订稿.docx", author=AUTHOR)
    service.export(old, folder / "旧.docx")
    service.export(new, folder / "新.docx")
    return folder / "修订稿.docx", folder / "旧.docx", folder / "新.docx"


@examples("REV_EXAMPLES", 60)
@given(pair=speech_pairs())
def test_accepting_gives_the_new_speech_and_rejecting_the_old_always(pair, tmp_path):
    old, new = pair
    revised, old_file, new_file = _three_files(tmp_path, old, new)
    assert resolved_paragraphs(revised, "accept") == resolved_paragraphs(new_file)
    assert resolved_paragraphs(revised, "reject") == resolved_paragraphs(old_file)
    root = body(revised)
    ids = [e.get(W + "id") for e in changes_in(root)]
    assert len(ids) == len(set(ids))
    assert all(e.get(W + "author") == AUTHOR and e.get(W + "date") for e in changes_in(root))


@examples("REV_PANDOC", 6)
@given(pair=speech_pairs())
def test_pandoc_agrees_on_random_pairs(pair, tmp_path):
    require_tool("pandoc", "reads the 修订稿 back")
    old, new = pair
    revised, old_file, new_file = _three_files(tmp_path, old, new)
    assert pandoc_paragraphs(revised, "accept") == pandoc_paragraphs(new_file)
    assert pandoc_paragraphs(revised, "reject") == pandoc_paragraphs(old_file)


def test_a_title_broken_into_two_lines_is_a_paragraph_mark_inserted(tmp_path):
    """Taking the break back joins the lines, and the joined paragraph is a title again (its
    formatting change says it was one); pandoc, joining, puts a space between the lines."""
    old = old_speech()
    new = copy.deepcopy(old)
    new.title = "在全县冬季森林防火\n工作会议上的讲话"
    revised, old_file, new_file = _three_files(tmp_path, old, new)
    assert resolved_paragraphs(revised, "accept") == resolved_paragraphs(new_file)
    assert resolved_paragraphs(revised, "reject") == resolved_paragraphs(old_file)
    root = body(revised)
    first, second = list(root.iter(W + "p"))[:2]
    assert first.find(f"{W}pPr/{W}rPr/{W}ins") is not None
    assert second.find(f"{W}pPr/{W}pPrChange/{W}pPr/{W}pStyle").get(W + "val") == "SpeechTitle"
    require_tool("pandoc", "reads the 修订稿 back")
    assert pandoc_paragraphs(revised, "accept") == pandoc_paragraphs(new_file)
    assert pandoc_paragraphs(revised, "reject")[0].replace(" ", "") == old.title


# -- the command ------------------------------------------------------------------------------------------------
@pytest.fixture
def draft_with_version(tmp_path):
    """草稿.yaml holding the 修改稿, with the 送审稿 kept as its version."""
    draft = tmp_path / "草稿.yaml"
    service.create_document(draft, old_speech())
    service.save_version(draft, "送审稿")
    document = service.open_document(draft)
    document.speech = new_speech()
    document.save()
    return draft


def test_compare_writes_the_revision_of_a_draft_against_its_version(draft_with_version, tmp_path):
    output = tmp_path / "修订稿.docx"
    result = run_cli("compare", f"{draft_with_version}#送审稿", str(draft_with_version), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert f"已写出修订稿：{output}" in result.stdout
    assert "新增 1 点" in result.stdout and "移动 1 点" in result.stdout
    assert resolved_paragraphs(output, "accept") == resolved_paragraphs(_plain(new_speech(), tmp_path / "新.docx"))
    assert resolved_paragraphs(output, "reject") == resolved_paragraphs(_plain(old_speech(), tmp_path / "旧.docx"))
    authors = {e.get(W + "author") for e in changes_in(body(output))}
    assert authors == {"讲稿"}  # nobody named: the toolkit's own name


def _plain(speech: Speech, path):
    service.export(speech, path)
    return path


def test_the_author_comes_from_the_command_else_the_settings(draft_with_version, tmp_path):
    settings_file = tmp_path / "config.yaml"
    settings_file.write_text("author: 县委办 李秘书\n", encoding="utf-8")
    env = dict(os.environ, JIANGGAO_CONFIG=str(settings_file))
    sides = (f"{draft_with_version}#送审稿", str(draft_with_version))
    assert run_cli("compare", *sides, "-o", str(tmp_path / "甲.docx"), env=env).returncode == 0
    assert run_cli("compare", *sides, "-o", str(tmp_path / "乙.docx"), "--author", "张主任", env=env).returncode == 0
    assert {e.get(W + "author") for e in changes_in(body(tmp_path / "甲.docx"))} == {"县委办 李秘书"}
    assert {e.get(W + "author") for e in changes_in(body(tmp_path / "乙.docx"))} == {"张主任"}


def test_compare_refuses_bad_sides_and_never_overwrites(draft_with_version, tmp_path):
    output = tmp_path / "修订稿.docx"
    output.write_text("上一次的修订稿", encoding="utf-8")
    sides = (f"{draft_with_version}#送审稿", str(draft_with_version))
    refused = run_cli("compare", *sides, "-o", str(output))
    assert refused.returncode == 2 and "文件已存在" in refused.stderr
    assert output.read_text(encoding="utf-8") == "上一次的修订稿"
    same = run_cli("compare", str(draft_with_version), str(draft_with_version), "-o", str(tmp_path / "x.docx"))
    assert same.returncode == 2 and "同一个文件" in same.stderr
    missing = run_cli("compare", str(tmp_path / "没有.yaml"), str(draft_with_version), "-o", str(tmp_path / "x.docx"))
    assert missing.returncode == 2 and "没有.yaml" in missing.stderr and "找不到" in missing.stderr
    assert not (tmp_path / "x.docx").exists()
    forced = run_cli("compare", *sides, "-o", str(output), "--force")
    assert forced.returncode == 0 and zipfile.is_zipfile(output)


def test_without_o_the_revision_goes_beside_the_new_side(draft_with_version):
    result = run_cli("compare", f"{draft_with_version}#送审稿", str(draft_with_version))
    assert result.returncode == 0, result.stderr
    assert (draft_with_version.parent / "草稿（修订稿）.docx").is_file()


def test_two_equal_speeches_make_a_revision_without_changes_and_say_so(tmp_path):
    old_file = _plain(old_speech(), tmp_path / "甲.docx")
    other = _plain(old_speech(), tmp_path / "乙.docx")
    result = run_cli("compare", str(old_file), str(other), "-o", str(tmp_path / "修订稿.docx"))
    assert result.returncode == 0
    assert "两稿内容相同" in result.stderr
    assert not changes_in(body(tmp_path / "修订稿.docx"))


def test_a_house_template_gives_the_revision_its_styles(tmp_path):
    from conftest import ROOT

    template = ROOT / "examples" / "house-template" / "县委办讲话稿模板.docx"
    path = tmp_path / "修订稿.docx"
    result = service.export_revision(old_speech(), new_speech(), path, author=AUTHOR, template=template)
    assert result.styles  # the parts in the office's styles
    plain = tmp_path / "新.docx"
    service.export(new_speech(), plain, template=template)
    assert resolved_paragraphs(path, "accept") == resolved_paragraphs(plain)
    old_plain = tmp_path / "旧.docx"
    service.export(old_speech(), old_plain, template=template)
    assert resolved_paragraphs(path, "reject") == resolved_paragraphs(old_plain)
    assert {p.style.name for p in docx.Document(str(plain)).paragraphs} <= {
        p.style.name for p in docx.Document(str(path)).paragraphs
    }


def test_variables_are_filled_on_both_sides(tmp_path):
    old, new = old_speech(), new_speech()
    for speech in (old, new):
        speech.opening[0] = speech.opening[0].replace("全县", "{{ 县名 }}")
    path = tmp_path / "修订稿.docx"
    service.export_revision(old, new, path, values={"县名": "青山县"})
    assert "今天召开青山县冬季森林防火工作会议" in resolved_paragraphs(path, "reject")[3]
    assert "{{" not in "".join(resolved_paragraphs(path))


# -- the round trip ----------------------------------------------------------------------------------------------
LEADER = "张书记"
LEADER_WORDS = "并逐户签订防火责任书"


def leader_adds(revision_file, returned_file) -> None:
    """The leader opens the 修订稿 in Word (修订 on) and adds a phrase to the new point: one
    more tracked insertion, by him, put in with lxml as Word would write it."""
    with zipfile.ZipFile(revision_file) as source:
        parts = {item: source.read(item) for item in source.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    paragraph = next(p for p in root.iter(W + "p") if "要把防火知识讲到每家每户" in "".join(p.itertext()))
    last_run = paragraph.findall(f".//{W}r")[-1]
    text = last_run.find(W + "t")
    text.text = text.text.removesuffix("。")
    used = [int(value) for value in root.xpath("//@w:id", namespaces={"w": W[1:-1]})]
    inserted = etree.SubElement(paragraph, W + "ins")
    inserted.set(W + "id", str(max(used) + 1))
    inserted.set(W + "author", LEADER)
    inserted.set(W + "date", "2026-12-02T08:30:00Z")
    run = etree.SubElement(inserted, W + "r")
    etree.SubElement(run, W + "t").text = "，" + LEADER_WORDS + "。"
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(returned_file, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_returned_revision_becomes_the_drafts_next_version(draft_with_version, tmp_path, china_time):
    document = service.open_document(draft_with_version)
    document.speech.meeting.name = "全县冬季森林防火工作会议"
    document.save()
    revision_file = tmp_path / "修订稿.docx"
    sides = (f"{draft_with_version}#送审稿", str(draft_with_version))
    assert run_cli("compare", *sides, "-o", str(revision_file), "--author", AUTHOR).returncode == 0
    returned = tmp_path / "修订稿（返回）.docx"
    leader_adds(revision_file, returned)

    result = run_cli("import", str(returned), "--into", str(draft_with_version))
    assert result.returncode == 0, result.stderr
    # every revision reported, the leader's with his name, ours with ours
    assert f"{LEADER}（2026-12-02 16:30）插入“，{LEADER_WORDS}。”" in result.stdout  # Word's UTC, at UTC+8
    assert f"{AUTHOR}（" in result.stdout and "全部接受" in result.stdout
    assert "草稿原来的内容已存为版本 2“导入“修订稿（返回）”前”" in result.stdout
    assert "存为版本 3“修订稿（返回）”" in result.stdout
    # the draft now reads as the 修改稿 plus the leader's words, and keeps its meeting facts
    now = service.open_speech(draft_with_version)
    expected = new_speech()
    expected.points[3].body[0] = expected.points[3].body[0].removesuffix("。") + f"，{LEADER_WORDS}。"
    assert [b.text for b in speech_blocks(now)] == [b.text for b in speech_blocks(expected)]
    assert now.meeting.name == "全县冬季森林防火工作会议"
    # nothing lost: the 送审稿, the state before the import, the returned text, in order
    names = [entry.version.name for entry in service.versions(draft_with_version)]
    assert names == ["送审稿", "导入“修订稿（返回）”前", "修订稿（返回）"]
    before = service.version_speech(draft_with_version, 2)
    assert [b.text for b in speech_blocks(before)] == [b.text for b in speech_blocks(new_speech())]
    # and the next round compares against it
    again = run_cli("compare", f"{draft_with_version}#2", str(draft_with_version), "-o", str(tmp_path / "第二轮.docx"))
    assert again.returncode == 0 and "改动 1 段" in again.stdout


def test_the_importer_reads_a_revision_back_as_either_speech(revision):
    """The project's own importer, accepting or rejecting, finds each speech's paragraphs."""
    path = revision / "修订稿.docx"
    for mode, speech in (("accept", new_speech()), ("reject", old_speech())):
        imported = service.import_file(path, revisions=mode)
        assert [b.text for b in speech_blocks(imported.speech)] == [b.text for b in speech_blocks(speech)]
        assert all(revision.author == AUTHOR for revision in imported.review.revisions)
        assert any(revision.kind == "move" for revision in imported.review.revisions)


def test_a_title_that_loses_its_last_lines_keeps_its_first_line_as_the_title():
    from toolkit.exporters.revisions import tracked_paragraphs

    old, new = old_speech(), old_speech()
    old.title = new.title + "\n（讨论稿）\n（第二次）"
    paragraphs = tracked_paragraphs(old, new)[:3]
    assert [(p.role, p.mark, p.text(accepted=True)) for p in paragraphs] == [
        ("title", None, new.title),
        ("subtitle", "del", ""),
        ("subtitle", "del", ""),
    ]
    back = tracked_paragraphs(new, old)[:3]  # and gaining them: the new lines' marks are inserted
    assert [(p.role, p.mark) for p in back] == [("title", None), ("subtitle", "ins"), ("subtitle", "ins")]
