"""Speeches in the shapes offices really hold them (issue 12, points 3–5): text copied from a
web page (full-width indents, lines broken mid-sentence, the page's furniture), other
salutations and closings of the genre, points whose numbering skips or repeats.

Like ``test_importer.py``, every expectation is on what staff see after ``jianggao
import``: the contract's title, salutation, opening, leads, closing, the removed lines with
their reasons, and the 提示 lines. The fixture speeches 10–18 under ``fixtures/speeches``
are written for these tests.
"""

from __future__ import annotations

import json
import os

import docx
import pytest
from conftest import run_cli
from test_importer import SPEECHES, contract_of, source_lines, speech_text, squash

from toolkit.drafts import open_draft
from toolkit.importers import import_speech, parse_speech_text
from toolkit.model.contract import speech_to_contract
from toolkit.widgets.draft_bar import import_summary


def parsed(text: str) -> dict:
    return speech_to_contract(parse_speech_text(text))


def leads(contract: dict) -> list[str]:
    return [point["lead"] for point in contract["points"]]


# -- a web page copied into a .txt --------------------------------------------------------------
WEB_NOISE = [
    # line, rule, text
    (1, "网页按钮和导航", "当前位置：首页 > 政务公开 > 领导讲话"),
    (3, "网页发布信息", "发布时间：2026-05-12 09:30\u3000\u3000来源：县政府办公室\u3000\u3000浏览次数：1286"),
    (4, "网页按钮和导航", "【字体：大 中 小】\u3000【打印本页】\u3000【关闭窗口】"),
    (28, "网页发布信息", "责任编辑：张晓红"),
    (29, "网页按钮和导航", "分享到："),
    (30, "网页按钮和导航", "扫一扫在手机打开当前页"),
    (31, "网页按钮和导航", "【打印】【关闭】"),
    (32, "网页按钮和导航", "上一篇：在全县春季植树造林动员会上的讲话"),
    (33, "网页按钮和导航", "下一篇：在全县安全生产工作会议上的讲话"),
]
WEB_COPY = SPEECHES / "10_project_web_copy.txt"


def test_web_copy_parts_come_out_whole():
    contract = contract_of(WEB_COPY)
    assert (contract["title"], contract["byline"], contract["salutation"]) == (
        "在全县重点项目建设推进会上的讲话",
        "县委副书记、县长\u3000李明\n（2026年5月10日）",
        "同志们：",
    )
    assert contract["opening"] == [
        "今天，我们召开全县重点项目建设推进会，主要任务是总结前一阶段全县项目建设情况，分析当前面临的形势，"
        "安排部署下一阶段重点工作。刚才，县发改局通报了重点项目进展情况，城关镇、工业园区作了交流发言，"
        "讲得都很好，我都同意。下面，我讲三点意见。"
    ]
    assert contract["transition"] == "下面，我讲三点意见。"
    assert [p["marker"] for p in contract["points"]] == ["一、", "二、", "三、"]
    assert leads(contract) == [
        "强化项目支撑，夯实县域经济发展基础",
        "聚焦关键环节，全力推动项目落地见效",
        "压实工作责任，确保全年目标任务完成",
    ]
    assert contract["closing"] == [
        "同志们，项目建设是推动发展的硬抓手。我们要以只争朝夕的紧迫感，真抓实干、奋勇争先，"
        "确保全年项目建设目标任务圆满完成！"
    ]


def test_web_copy_joins_a_paragraph_even_where_the_break_fell_after_a_full_stop():
    first = contract_of(WEB_COPY)["points"][0]
    assert first["body"] == [
        "项目是经济发展的“压舱石”。今年全县共谋划重点项目126个，总投资385亿元，截至4月底已开工89个，"
        "开工率70.6%。但也要看到，部分项目前期工作推进缓慢，要素保障还不够有力，个别项目存在"
        "“签而不落、落而不建”的问题，必须引起高度重视。"
    ]


def test_web_copy_subpoints_keep_their_broken_bodies_whole():
    second = contract_of(WEB_COPY)["points"][1]
    assert second["body"] == []
    assert [(sub["marker"], sub["lead"]) for sub in second["subpoints"]] == [
        ("（一）", "抓好前期工作。"),
        ("（二）", "抓好要素保障。"),
        ("（三）", "抓好服务协调。"),
    ]
    assert second["subpoints"][1]["body"] == [
        "自然资源、住建、生态环境等部门要主动靠前服务，对土地、资金、用能等要素需求，建立清单、逐项销号。"
    ]


def test_web_copy_furniture_is_reported_with_its_rule_and_line():
    speech = import_speech(WEB_COPY)
    assert [(n.line, n.rule, n.text) for n in speech.noise] == WEB_NOISE
    text = speech_text(speech_to_contract(speech))
    for removed in speech.noise:
        assert squash(removed.text) not in text


def test_web_copy_speech_text_is_kept_word_for_word():
    noise_lines = {line for line, _, _ in WEB_NOISE}
    lines = WEB_COPY.read_text(encoding="utf-8").splitlines()
    expected = squash("".join(line for n, line in enumerate(lines, 1) if n not in noise_lines))
    assert speech_text(contract_of(WEB_COPY)) == expected


def test_web_copy_on_main_would_have_cut_the_lead_at_its_comma():
    """The shape the issue names: no point's lead may end in a comma."""
    for name in ("10_project_web_copy.txt", "17_run_in_shi_wrapped.txt", "18_heading_pdf_wrapped.txt"):
        contract = contract_of(SPEECHES / name)
        assert contract["points"], name
        assert not [lead for lead in leads(contract) if lead.endswith(("，", "、", ","))], name


# -- lines broken without indents ---------------------------------------------------------------
def test_run_in_points_broken_at_commas_and_mid_word_are_rejoined():
    contract = contract_of(SPEECHES / "17_run_in_shi_wrapped.txt")
    assert contract["byline"] == "县委副书记\u3000王华\n2026年6月18日"
    assert contract["opening"] == [
        "今天召开全县基层治理工作会议，主要任务是总结近年来全县基层治理工作，安排部署下一步重点任务。"
        "刚才，三个乡镇作了交流发言，讲得很好，大家要相互学习借鉴。下面，我讲三点意见。"
    ]
    assert [(p["marker"], p["lead"]) for p in contract["points"]] == [
        ("一是", "健全党组织领导的基层治理体系。"),
        ("二是", "推动治理重心下移。"),
        ("三是", "加强矛盾纠纷排查化解。"),
    ]
    assert contract["points"][2]["body"] == [
        "要坚持和发展新时代“枫桥经验”，常态化开展矛盾纠纷大排查，做到早发现、早介入、早化解。"
        "对排查出的问题，要建立台账逐件销号。"
    ]
    assert contract["closing"] == [
        "同志们，基层治理是国家治理的基石。我们要以更大的力度、更实的举措，不断提升基层治理能力和水平。"
    ]


def test_headings_without_final_punctuation_are_not_joined_to_their_body():
    contract = contract_of(SPEECHES / "18_heading_pdf_wrapped.txt")
    assert contract["byline"] == "县委副书记、县长\u3000孙海涛\n（2026年8月28日）"
    assert contract["transition"] == "下面，我讲两个方面的意见。"
    assert [(p["lead"], len(p["body"])) for p in contract["points"]] == [
        ("充分肯定上一学年教育工作取得的成绩", 1),
        ("扎实做好新学年教育重点工作", 0),
    ]
    assert contract["points"][0]["body"][0].endswith("义务教育优质均衡发展县创建通过省级评估。")
    subpoints = contract["points"][1]["subpoints"]
    assert [sub["lead"] for sub in subpoints] == ["加快补齐办学条件短板", "着力提升教育教学质量"]
    assert subpoints[0]["body"] == [
        "要加快推进县城学校扩容工程，确保城东小学、第三初级中学秋季学期如期投入使用，有效缓解城区学校大班额问题。"
    ]


def farmland_speech(first: str, second: str, third: str) -> str:
    """A speech typed one paragraph a line, without indents or blank lines, whose point
    headings (opening with *first*, *second*, *third*) have no full stop."""
    return (
        "在全县耕地保护工作会议上的讲话\n同志们：\n今天召开这次会议，主要任务是部署今年的耕地保护工作。\n"
        f"{first}守住耕地保护红线\n耕地是粮食生产的命根子。各乡镇要把耕地保护责任扛在肩上。\n"
        f"{second}抓好高标准农田建设\n（一）加快建设进度\n高标准农田是藏粮于地的重要抓手。今年要新建两万亩。\n"
        "（二）严格工程质量管理\n要把好工程质量关。\n"
        f"{third}严肃查处违法占地行为\n对违法占用耕地的行为要露头就打，绝不手软。\n"
        "同志们，耕地保护功在当代、利在千秋。\n"
    )


@pytest.mark.parametrize(
    "markers", [("一、", "二、", "三、"), ("一是", "二是", "三是"), ("第一，", "第二，", "第三，")]
)
def test_a_numbered_heading_without_a_full_stop_is_not_joined_to_the_line_under_it(tmp_path, markers):
    """Three headings stopping with no punctuation are no sign of a web page's broken lines:
    each stays a heading of its own, and so does each sub-point's."""
    path = tmp_path / "耕地保护.txt"
    path.write_text(farmland_speech(*markers), encoding="utf-8")
    result = run_cli("import", str(path), "--json")
    assert result.returncode == 0, result.stderr
    points = json.loads(result.stdout)["points"]
    assert [(p["marker"], p["lead"], p["body"]) for p in points] == [
        (markers[0], "守住耕地保护红线", ["耕地是粮食生产的命根子。各乡镇要把耕地保护责任扛在肩上。"]),
        (markers[1], "抓好高标准农田建设", []),
        (markers[2], "严肃查处违法占地行为", ["对违法占用耕地的行为要露头就打，绝不手软。"]),
    ]
    assert [(sub["lead"], sub["body"]) for sub in points[1]["subpoints"]] == [
        ("加快建设进度", ["高标准农田是藏粮于地的重要抓手。今年要新建两万亩。"]),
        ("严格工程质量管理", ["要把好工程质量关。"]),
    ]


def test_the_archive_files_a_heading_without_a_full_stop_as_the_point_s_lead(tmp_path):
    folder = tmp_path / "讲稿"
    folder.mkdir()
    (folder / "耕地保护.txt").write_text(farmland_speech("一、", "二、", "三、"), encoding="utf-8")
    settings = tmp_path / "设置.yaml"
    settings.write_text(f"archive: {tmp_path / '素材库.sqlite'}\n", encoding="utf-8")
    env = dict(os.environ, JIANGGAO_CONFIG=str(settings))
    assert run_cli("archive", "add", str(folder), env=env).returncode == 0
    hits = json.loads(run_cli("archive", "search", "耕地保护红线", "--json", env=env).stdout)
    assert [(hit["paragraph"]["part"], hit["paragraph"]["text"]) for hit in hits] == [
        ("要点主旨句", "守住耕地保护红线")
    ]


def test_a_long_marked_line_broken_at_the_width_still_goes_on_in_the_next(tmp_path):
    """A PDF's lines, cut every 24 characters: the first point's sentence runs over three
    lines from its marker and is one lead; the second point's short heading stays alone."""
    paragraphs = [
        "在全县项目建设推进会上的讲话",
        "同志们：",
        "今年以来，全县上下坚持项目为王，紧盯重点项目建设不放松，一批事关长远的重大项目相继落地开工，"
        "为全年经济稳定增长打下了坚实基础。下面，我讲两点意见。",
        "一、坚持把招商引资和项目建设作为推动县域经济高质量发展的总抓手，各乡镇、各部门要一把手亲自抓，"
        "形成全县上下齐抓共管的工作格局。",
        "二、强化要素保障",
        "要统筹用地、用能、资金等要素，优先保障重点项目需求，对审批中遇到的堵点难点问题，要建立清单、"
        "限时办结，切实做到项目等条件而不是条件等项目。",
        "同志们，项目建设是稳增长的关键一招。大家要以只争朝夕的精神抓紧抓实各项工作，确保全年目标任务圆满完成。",
    ]
    lines = [paragraph[i : i + 24] for paragraph in paragraphs for i in range(0, len(paragraph), 24)]
    assert lines[6] == "一、坚持把招商引资和项目建设作为推动县域经济高质"  # a marker, no punctuation, cut mid-word
    contract = parsed("\n".join(lines) + "\n")
    assert [(p["lead"], p["body"]) for p in contract["points"]] == [
        (paragraphs[3][2:], []),
        ("强化要素保障", [paragraphs[5]]),
    ]
    assert contract["closing"] == [paragraphs[6]]


@pytest.mark.parametrize("name", ["17_run_in_shi_wrapped.txt", "18_heading_pdf_wrapped.txt"])
def test_broken_lines_lose_no_words(name):
    path = SPEECHES / name
    assert speech_text(contract_of(path)) == squash("".join(source_lines(path)))


def test_a_heading_broken_after_its_comma_becomes_one_lead():
    contract = parsed(
        "在全县项目建设推进会上的讲话\n同志们：\n下面，我讲两点意见。\n一、强化项目支撑，\n夯实县域经济发展基础\n"
        "项目是经济发展的压舱石。\n二、压实工作责任\n各乡镇要亲自研究、亲自调度。\n"
    )
    assert leads(contract) == ["强化项目支撑，夯实县域经济发展基础", "压实工作责任"]
    assert [p["body"] for p in contract["points"]] == [["项目是经济发展的压舱石。"], ["各乡镇要亲自研究、亲自调度。"]]


def test_one_paragraph_per_line_stays_as_it_is():
    """Titles, bylines, dates, headings and short lines without punctuation are not joined
    when the file does not look broken."""
    contract = parsed(
        "2026年全县经济工作要点\n县发展和改革局\n2026年1月5日\n坚持稳中求进\n今年是关键之年。\n"
        "各部门要抓好落实\n一、稳住工业基本盘\n要抓好重点企业帮扶。\n二、扩大有效投资\n要抓好项目建设。\n"
    )
    assert contract["title"] == "2026年全县经济工作要点"
    assert contract["opening"] == [
        "县发展和改革局",
        "2026年1月5日",
        "坚持稳中求进",
        "今年是关键之年。",
        "各部门要抓好落实",
    ]
    assert leads(contract) == ["稳住工业基本盘", "扩大有效投资"]


def test_a_salutation_broken_after_its_comma_is_one_salutation():
    contract = parsed(
        "在2026年全县茶文化旅游节开幕式上的致辞\n尊敬的各位领导、各位来宾，\n女士们、先生们、朋友们：\n"
        "大家上午好！\n谢谢大家！\n"
    )
    assert contract["salutation"] == "尊敬的各位领导、各位来宾，女士们、先生们、朋友们："
    assert (contract["opening"], contract["closing"]) == (["大家上午好！"], ["谢谢大家！"])


def test_a_line_starting_with_punctuation_goes_on_from_the_line_before():
    contract = parsed(
        "在全县工作会议上的讲话\n同志们：\n今天开会，主要是安排部署春耕工作\n。下面，我讲两点意见。\n"
        "一要抓好农资供应。要严厉打击坑农害农行为\n。\n二要抓好技术指导。要组织农技人员下村。\n"
    )
    assert contract["opening"] == ["今天开会，主要是安排部署春耕工作。下面，我讲两点意见。"]
    assert contract["points"][0]["body"] == ["要严厉打击坑农害农行为。"]


def test_blank_lines_between_paragraphs_mark_where_broken_paragraphs_start():
    contract = parsed(
        "在全县防汛工作会议上的讲话\n\n同志们：\n\n入汛以来，全县降雨偏多。今天召开会议，主要是\n"
        "安排部署当前防汛工作。下面，我讲两点意见。\n\n一、充分认识防汛形势\n\n"
        "今年汛期降雨可能偏多，各乡镇要克服麻痹思想\n和侥幸心理。\n\n二、全力做好防汛工作\n\n"
        "要加强隐患排查，发现问题立即整改。\n同时要做好物资储备。\n\n同志们，防汛工作责任重大。\n"
    )
    assert contract["opening"] == [
        "入汛以来，全县降雨偏多。今天召开会议，主要是安排部署当前防汛工作。下面，我讲两点意见。"
    ]
    assert [(p["lead"], p["body"]) for p in contract["points"]] == [
        ("充分认识防汛形势", ["今年汛期降雨可能偏多，各乡镇要克服麻痹思想和侥幸心理。"]),
        ("全力做好防汛工作", ["要加强隐患排查，发现问题立即整改。同时要做好物资储备。"]),
    ]
    assert contract["closing"] == ["同志们，防汛工作责任重大。"]


def test_lines_under_a_web_copy_s_last_paragraph_are_not_pulled_into_it():
    contract = parsed(
        "在全县春耕工作会议上的讲话\n同志们：\n　　今天开会，主要是安排部署全县春季农业生\n产工作。下面，我讲两点意见。\n"
        "　　一要稳定播种面积。各乡镇要把任务分解到村。\n　　二要抓好农资供应。要加强农资市场监管。\n"
        "　　同志们，一年之计在于春。大家要全力以赴抓好春耕生产。\n谢谢大家！\n县委办公室\n2026年3月6日\n"
    )
    assert contract["opening"] == ["今天开会，主要是安排部署全县春季农业生产工作。下面，我讲两点意见。"]
    assert contract["closing"] == [
        "同志们，一年之计在于春。大家要全力以赴抓好春耕生产。",
        "谢谢大家！",
        "县委办公室",
        "2026年3月6日",
    ]


@pytest.mark.parametrize(
    "paragraphs, lead, body",
    [
        (
            ["一、强化项目支撑，", "夯实县域经济发展基础", "项目是经济发展的压舱石。"],
            "强化项目支撑，夯实县域经济发展基础",
            ["项目是经济发展的压舱石。"],
        ),
        (
            ["一要强化项目支撑，", "为高质量发展蓄势赋能。各乡镇要抓好项目谋划。", "要加快前期工作。"],
            "强化项目支撑，为高质量发展蓄势赋能。",
            ["各乡镇要抓好项目谋划。", "要加快前期工作。"],
        ),
    ],
    ids=["heading", "run-in"],
)
def test_a_lead_broken_into_two_word_paragraphs_takes_the_rest_of_its_sentence(tmp_path, paragraphs, lead, body):
    document = docx.Document()
    second = "二、压实工作责任" if paragraphs[0].startswith("一、") else "二要压实工作责任。"
    for text in [
        "在全县项目建设推进会上的讲话",
        "同志们：",
        "下面，我讲两点意见。",
        *paragraphs,
        second,
        "要亲自调度。",
    ]:
        document.add_paragraph(text)
    document.save(tmp_path / "讲话.docx")
    points = contract_of(tmp_path / "讲话.docx")["points"]
    assert [(p["lead"], p["body"]) for p in points][0] == (lead, body)
    assert len(points) == 2


def test_a_word_document_s_paragraphs_are_never_joined(tmp_path):
    document = docx.Document()
    for text in (
        "在全县工作会议上的讲话",
        "同志们：",
        "今年以来，全县上下",
        "一要提高认识。认真学习。",
        "二要狠抓落实。",
    ):
        document.add_paragraph(text)
    document.save(tmp_path / "讲话.docx")
    assert contract_of(tmp_path / "讲话.docx")["opening"] == ["今年以来，全县上下"]


# -- page furniture and vendor slogans ------------------------------------------------------------
AROUND = (
    "在全县文化旅游工作会议上的讲话\n同志们：\n今年全县文化旅游工作成效明显。下面，我讲两点意见。\n"
    "一要提升服务水平。各景区要对标先进，补齐短板。\n{line}\n"
    "二要加强市场监管。要健全联合执法机制。\n同志们，文旅工作大有可为。\n"
)

FURNITURE = [
    ("责任编辑：张三", "网页发布信息"),
    ("来源：县融媒体中心", "网页发布信息"),
    ("信息来源：县文化和旅游局", "网页发布信息"),
    ("发布时间：2026-05-12 09:30", "网页发布信息"),
    ("发布日期：2026年5月12日", "网页发布信息"),
    ("浏览次数：1286", "网页发布信息"),
    ("索引号：11330000/2026-00123", "网页发布信息"),
    ("时间：2026-05-12　来源：县政府办公室　作者：李明", "网页发布信息"),
    ("作者：李明　来源：县委办公室　发布时间：2026年5月12日", "网页发布信息"),
    ("【字体：大 中 小】", "网页按钮和导航"),
    ("字体：[大] [中] [小]", "网页按钮和导航"),
    ("打印本页", "网页按钮和导航"),
    ("关闭窗口", "网页按钮和导航"),
    ("【打印本页】 【关闭窗口】", "网页按钮和导航"),
    ("【打印】【关闭】", "网页按钮和导航"),
    ("[打印] [收藏] [返回顶部]", "网页按钮和导航"),
    ("分享到：", "网页按钮和导航"),
    ("分享到：微信 微博 QQ空间", "网页按钮和导航"),
    ("分享至：", "网页按钮和导航"),
    ("扫一扫在手机打开当前页", "网页按钮和导航"),
    ("扫一扫在手机上查看当前页面", "网页按钮和导航"),
    ("上一篇：在全县春耕生产工作会议上的讲话", "网页按钮和导航"),
    ("下一篇：没有了", "网页按钮和导航"),
    ("当前位置：首页 > 新闻中心 > 领导讲话", "网页按钮和导航"),
    ("您现在的位置：首页 > 政务公开", "网页按钮和导航"),
    ("首页 > 政务公开 > 领导讲话", "网页按钮和导航"),
    ("相关链接：", "网页按钮和导航"),
]

VENDOR_SLOGANS = [
    ("原创首发 抄袭必究", "版权水印"),
    ("转载请注明出处", "版权水印"),
    ("资料来源于网络，如有侵权请联系删除", "版权水印"),
    ("部分内容来自网络，如有侵权请告知删除", "版权水印"),
    ("本资料由笔墨坊独家提供", "素材来源署名"),
    ("本文档由公文帮整理发布", "素材来源署名"),
    ("笔墨坊出品 必属精品", "素材网站口号"),
    ("喜欢请点赞收藏转发", "点赞收藏请求"),
    ("觉得有用记得点赞关注哦", "点赞收藏请求"),
]


@pytest.mark.parametrize("line, rule", FURNITURE + VENDOR_SLOGANS, ids=[line for line, _ in FURNITURE + VENDOR_SLOGANS])
def test_furniture_and_slogans_between_paragraphs_are_removed_with_their_rule(line, rule):
    speech = parse_speech_text(AROUND.format(line=line))
    assert [(n.line, n.rule, n.text) for n in speech.noise] == [(5, rule, line)]
    assert speech.points[0].body == ["各景区要对标先进，补齐短板。"]


SPEECH_SENTENCES = [
    "要拓宽资金来源，积极争取上级专项资金。",
    "来源于群众的意见建议，要认真研究吸纳。",
    "各地要及时分享好经验好做法。",
    "要把好的经验分享到每一个村。",
    "今年共关闭了12家不达标的小作坊。",
    "对侵权假冒行为，要依法严厉打击。",
    "如有侵权行为，要依法追究责任。",
    "有的材料来自网上，未经核实就照抄照搬。",
    "要为身边的好人好事点赞。",
    "要组织干部职工积极点赞、转发正面信息，唱响主旋律。",
    "群众用手机扫码即可查看办事指南。",
    "当前，全县文旅市场总体平稳。",
    "发布时间要与上级保持一致，不得抢发。",
    "原创的文艺精品要加大扶持力度。",
    "政府网站首页要开设文旅专栏。",
    "打印、复印等费用一律由单位承担。",
    "景区门票收入来源：门票、索道和停车收费三部分。",
]


@pytest.mark.parametrize("line", SPEECH_SENTENCES, ids=[f"speech{n}" for n in range(1, len(SPEECH_SENTENCES) + 1)])
def test_speech_sentences_that_mention_source_share_or_print_are_kept(line):
    contract = parsed(AROUND.format(line=line))
    assert contract["noise"] == []
    assert contract["points"][0]["body"][-1] == line


@pytest.mark.parametrize("salutation", [None, "同志们："])
def test_a_vendor_slogan_right_below_the_title_is_reported_by_its_rule(salutation):
    lines = ["在全县文化旅游工作会议上的讲话", "原创首发 抄袭必究", "本资料由笔墨坊独家提供"]
    lines += [salutation] if salutation else []
    lines += ["今年全县文化旅游工作成效明显。", "一要提升服务水平。补齐短板。", "二要加强市场监管。健全机制。"]
    speech = parse_speech_text("\n".join(lines) + "\n")
    assert [(n.text, n.rule) for n in speech.noise] == [
        ("原创首发 抄袭必究", "版权水印"),
        ("本资料由笔墨坊独家提供", "素材来源署名"),
    ]
    assert (speech.title, speech.byline, speech.salutation) == ("在全县文化旅游工作会议上的讲话", None, salutation)
    assert speech.opening == ["今年全县文化旅游工作成效明显。"]


def test_a_learnt_vendor_name_takes_its_other_lines_too():
    speech = import_speech(SPEECHES / "13_business_leaders_closing.txt")
    assert [(n.line, n.rule, n.text) for n in speech.noise] == [
        (2, "版权水印", "原创首发 抄袭必究"),
        (7, "素材来源署名", "本资料由笔墨坊独家提供"),
        (10, "版权水印", "资料来源于网络，如有侵权请联系删除"),
        (12, "素材网站口号", "笔墨坊出品 必属精品"),
        (13, "点赞收藏请求", "喜欢请点赞收藏转发"),
    ]
    speech = parse_speech_text(AROUND.format(line="本资料由笔墨坊独家提供\n笔墨坊 · 讲话稿精选"))
    assert [(n.text, n.rule) for n in speech.noise] == [
        ("本资料由笔墨坊独家提供", "素材来源署名"),
        ("笔墨坊 · 讲话稿精选", "素材网站名称"),
    ]


# -- salutations --------------------------------------------------------------------------------
def test_colleagues_without_a_title_is_the_salutation_not_the_title():
    contract = contract_of(SPEECHES / "11_colleagues_no_title.txt")
    assert (contract["title"], contract["byline"], contract["salutation"]) == (None, None, "各位同事：")
    assert [paragraph[:5] for paragraph in contract["opening"]] == ["新年上班第", "新的一年，"]
    assert contract["transition"] == "下面，我讲三点意见。"
    assert leads(contract) == ["提升服务效能。", "抓好项目申报。", "加强自身建设。"]
    assert len(contract["points"][2]["body"]) == 2
    assert [paragraph[:3] for paragraph in contract["closing"]] == ["总之，", "谢谢！"]


SALUTATIONS = [
    "各位同事：",
    "尊敬的各位来宾：",
    "各位代表、同志们：",
    "同志们、朋友们：",
    "各位领导、各位同仁：",
    "亲爱的同学们：",
    "全县广大党员干部、同志们：",
    "各位企业家朋友、同志们：",
    "尊敬的各位领导、各位来宾，女士们、先生们：",
    "同事们:",
    "各位老师：",
]


@pytest.mark.parametrize("salutation", SALUTATIONS)
@pytest.mark.parametrize("title", ["在全县工作会议上的讲话\n（2026年3月2日）\n", ""], ids=["titled", "untitled"])
def test_a_line_of_address_after_the_title_is_the_salutation(title, salutation):
    contract = parsed(f"{title}{salutation}\n今天开会。下面，我讲两点意见。\n一要学习。认真学。\n二要落实。抓落实。\n")
    assert contract["salutation"] == salutation
    assert contract["title"] == ("在全县工作会议上的讲话" if title else None)
    assert contract["opening"] == ["今天开会。下面，我讲两点意见。"] and len(contract["points"]) == 2


@pytest.mark.parametrize(
    "line", ["下面，我讲三点意见：", "主要抓好以下几项工作：", "具体来说：", "各级领导干部要做到以下几点："]
)
def test_a_sentence_ending_in_a_colon_is_not_a_salutation(line):
    contract = parsed(f"在全县工作会议上的讲话\n{line}\n一要学习。认真学。\n二要落实。抓落实。\n")
    assert contract["salutation"] is None
    assert line in contract["opening"] or contract["transition"] == line


# -- closings ---------------------------------------------------------------------------------------
def test_thanks_right_after_the_last_point_is_the_closing():
    contract = contract_of(SPEECHES / "12_tea_investment_guests.txt")
    assert (contract["title"], contract["byline"], contract["salutation"]) == (
        "在2026年全县茶产业招商推介会上的致辞",
        "县人民政府副县长\u3000周敏",
        "尊敬的各位来宾：",
    )
    assert [p["marker"] for p in contract["points"]] == ["第一，", "第二，", "第三，"]
    assert leads(contract) == ["生态条件得天独厚。", "产业基础日益坚实。", "发展环境持续优化。"]
    assert contract["closing"] == ["谢谢大家！"]


def test_the_salutation_repeated_with_a_comma_opens_the_closing():
    contract = contract_of(SPEECHES / "13_business_leaders_closing.txt")
    assert contract["salutation"] == "各位企业家朋友、同志们："
    assert leads(contract) == ["坚定发展信心。", "聚焦主业创新。", "优化政务服务。"]
    assert contract["points"][2]["body"] == [
        "各部门要落实好惠企政策直达快享机制，对企业反映的问题，建立台账、限时办结，不能让企业来回跑。",
        "县里将定期召开政企恳谈会，面对面听取企业诉求，推动问题及时解决。",
    ]
    assert len(contract["closing"]) == 1
    assert contract["closing"][0].startswith("各位企业家朋友，同志们，民营经济是我县经济发展的生力军。")


def test_a_request_for_criticism_is_the_closing():
    contract = contract_of(SPEECHES / "14_study_session_closing.txt")
    assert contract["transition"] == "按照中心组学习安排，今天我围绕“加强调查研究、提高工作实效”谈几点体会。"
    assert leads(contract) == ["深刻认识调查研究的重要意义", "切实把调查研究落到实处"]
    assert len(contract["points"][1]["body"]) == 2
    assert contract["closing"] == ["以上发言，如有不当之处，请同志们批评指正。"]


CLOSINGS = [
    ("同志们：", "同志们，让我们共同努力，把各项工作抓紧抓实。"),
    ("各位企业家朋友、同志们：", "各位企业家朋友，同志们，让我们携手并进。"),
    ("同志们：", "总之，今年的任务很重，大家要只争朝夕。"),
    ("同志们：", "让我们更加紧密地团结在一起，奋勇争先。"),
    ("同志们：", "以上讲话，如有不当之处，请批评指正。"),
    ("尊敬的各位来宾：", "最后，预祝本次推介会圆满成功！"),
    ("尊敬的各位来宾：", "谢谢大家！"),
    ("各位同事：", "谢谢！"),
    ("同志们：", "我的讲话就到这里，谢谢大家！"),
    ("各位同事：", "各位同事，新的一年，让我们一起加油。"),
    ("全县广大党员干部、同志们：", "全县广大党员干部，使命在肩，重任在身。"),
    ("尊敬的各位领导、各位来宾：", "各位来宾，欢迎大家常来走走看看。"),
]


@pytest.mark.parametrize("salutation, closing", CLOSINGS, ids=[closing[:6] for _, closing in CLOSINGS])
def test_a_closing_opener_after_the_last_point_is_not_left_in_it(salutation, closing):
    contract = parsed(
        f"在全县工作会议上的讲话\n{salutation}\n今天开会。下面，我讲两点意见。\n"
        f"一、提高认识\n要认真学习。\n二、狠抓落实\n要压实责任。\n要加强督查。\n{closing}\n"
    )
    assert contract["salutation"] == salutation
    assert contract["points"][1]["body"] == ["要压实责任。", "要加强督查。"]
    assert contract["closing"] == [closing]


# -- numbering that skips or repeats -------------------------------------------------------------
def test_a_skipped_number_keeps_the_point_and_says_so():
    speech = import_speech(SPEECHES / "15_numbering_gap.txt")
    contract = speech_to_contract(speech)
    assert [p["marker"] for p in contract["points"]] == ["一、", "二、", "三、"]
    assert leads(contract) == ["正视存在的问题", "突出抓好重点任务", "建立长效管护机制"]
    assert contract["points"][1]["body"] == []
    assert [(sub["marker"], sub["lead"]) for sub in contract["points"][1]["subpoints"]] == [
        ("（一）", "抓好垃圾治理。"),
        ("（二）", "抓好污水治理。"),
        ("（三）", "抓好村容村貌提升。"),
    ]
    assert contract["points"][2]["body"] == ["要落实村庄保洁员制度，把人居环境管护纳入村规民约，引导群众共建共管共享。"]
    assert speech.import_hints == [
        "第10行：第2点中小点的编号从“（二）”跳到“（四）”，已按顺序重新编号（这一小点现为“（三）”）",
        "第11行：原文编号从“二、”跳到“四、”，已按顺序重新编号（这一点现为“三、”）",
    ]
    assert contract["import_hints"] == speech.import_hints


def test_a_repeated_number_keeps_both_points_and_says_so():
    speech = import_speech(SPEECHES / "16_numbering_repeat.txt")
    contract = speech_to_contract(speech)
    assert [p["marker"] for p in contract["points"]] == ["一要", "二要", "三要", "四要"]
    assert leads(contract) == ["压紧压实防火责任。", "严格管控野外火源。", "加强扑火队伍建设。", "强化值班值守。"]
    assert speech.import_hints == ["第7行：原文编号“二要”重复，已按顺序重新编号（这一点现为“三要”）"]
    assert contract["closing"][0].startswith("同志们，森林防火责任重于泰山")


def test_numbering_in_order_gives_no_hint_and_sub_points_restarting_are_not_a_gap():
    speech = import_speech(SPEECHES / "02_safety_heading_utf8bom.txt")
    assert speech.import_hints == []
    assert "import_hints" not in speech_to_contract(speech)


def test_a_jump_too_far_is_not_a_point():
    """一、二、七、 is not a deleted section: 七、 stays in the text where it is."""
    contract = parsed("同志们：\n下面讲两点。\n一、学习\n认真学。\n二、落实\n抓落实。\n七、其他\n")
    assert leads(contract) == ["学习", "落实"]
    assert contract["points"][1]["body"] == ["抓落实。", "七、其他"]


def test_the_hints_are_shown_on_import_and_kept_in_the_draft(tmp_path):
    source = SPEECHES / "15_numbering_gap.txt"
    result = run_cli("import", str(source), "-o", str(tmp_path / "草稿"))
    assert result.returncode == 0
    assert "提示：第11行：原文编号从“二、”跳到“四、”，已按顺序重新编号（这一点现为“三、”）" in result.stdout
    draft = open_draft(tmp_path / "草稿.yaml")
    assert draft.import_hints == import_speech(source).import_hints
    assert [len(point.subpoints) for point in draft.points] == [0, 3, 0]
    data = json.loads(run_cli("show", str(tmp_path / "草稿.yaml"), "--json").stdout)
    assert data["import_hints"][1].startswith("第11行：原文编号从“二、”跳到“四、”")


def test_the_composer_s_import_message_lists_the_hints():
    message = import_summary(import_speech(SPEECHES / "16_numbering_repeat.txt"), "防火.txt")
    assert "4 点" in message
    assert (
        "提示：<ul style='margin:0'><li>第7行：原文编号“二要”重复，已按顺序重新编号（这一点现为“三要”）</li></ul>"
        in message
    )
