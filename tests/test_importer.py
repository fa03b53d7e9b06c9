"""What the importer makes of real-looking speeches: parts, points, sub-points, noise.

Every expectation is on the JSON contract (``speech_to_contract``) or on ``Speech.noise``,
the structure staff see after ``jianggao import``. The fixture speeches under
``fixtures/speeches`` are written for these tests; the reference speeches under
``fixtures/reference`` (the seed among them) are full-length manuscripts as staff receive them.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from toolkit.importers import import_speech, parse_speech_text
from toolkit.model.contract import speech_to_contract

SPEECHES = FIXTURES / "speeches"


# -- helpers --------------------------------------------------------------------------------
def contract_of(path: Path) -> dict:
    return speech_to_contract(import_speech(path))


def squash(text: str) -> str:
    """*text* without any white space (indents, stray spaces, line breaks)."""
    return re.sub(r"\s+", "", text)


def speech_text(contract: dict) -> str:
    """Everything the contract keeps of the speech, in reading order, squashed."""
    parts = [contract["title"] or "", contract["byline"] or "", contract["salutation"] or ""]
    parts += contract["opening"]
    transition = contract["transition"]
    if transition and not (contract["opening"] and contract["opening"][-1].endswith(transition)):
        parts.append(transition)
    for point in contract["points"]:
        parts += [point["marker"], point["lead"], *point["body"]]
        for sub in point["subpoints"]:
            parts += [sub["marker"], sub["lead"], *sub["body"]]
    parts += contract["closing"]
    return squash("".join(parts))


def source_lines(path: Path) -> list[str]:
    """The non-blank lines of a fixture text file, whatever its encoding."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return [line.strip(" \t\r\u3000") for line in text.splitlines() if line.strip(" \t\r\u3000")]


# -- the reference speeches ------------------------------------------------------------------
# fixtures/reference holds the project's own reference speeches, as staff receive them from a
# material site: vendor lines above the title, right under it and at the bottom.
SEED_NOISE_LINES = (1, 2, 3, 4, 5, 6, 7, 13, 22, 23)


def test_seed_parts(seed_path):
    contract = contract_of(seed_path)
    assert contract["title"] == "在全县招商引资工作领导小组第二季度会议上的讲话"
    assert contract["byline"] is None
    assert contract["salutation"] == "同志们："
    assert contract["transition"] == "下面，我讲几点意见。"
    assert len(contract["opening"]) == 1
    assert contract["opening"][0].startswith("今天，我们召开县招商引资工作领导小组第二季度会议")
    assert contract["opening"][-1].endswith("确保全年目标任务不打折扣。下面，我讲几点意见。")
    assert contract["numbering"] == "一要"
    assert [p["marker"] for p in contract["points"]] == ["一要", "二要", "三要", "四要"]
    assert [p["lead"] for p in contract["points"]] == [
        "把思想统一到“项目为王”上来。",
        "把力量集中到产业链招商上来。",
        "把功夫下到项目落地见效上来。",
        "把责任压实到每一个环节上来。",
    ]
    assert [p["body"][0][:8] for p in contract["points"]] == [
        "发展要靠项目支撑",
        "招商引资不能“捡",
        "签约只是第一步，",
        "招商引资成效如何",
    ]
    assert all(len(p["body"]) == 1 and p["subpoints"] == [] for p in contract["points"])
    assert len(contract["closing"]) == 1 and contract["closing"][0].startswith("同志们，抓招商就是抓发展")


def test_seed_every_vendor_line_is_reported_and_none_is_left(seed_path):
    speech = import_speech(seed_path)
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    assert sorted(removed.line for removed in speech.noise) == list(SEED_NOISE_LINES)
    assert [removed.text for removed in speech.noise] == [lines[n - 1].strip() for n in SEED_NOISE_LINES]
    text = speech_text(speech_to_contract(speech))
    for removed in speech.noise:
        assert squash(removed.text) not in text
    assert "妙笔文库" not in text and "QQ" not in text


def test_seed_speech_text_is_kept_word_for_word(seed_path):
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    expected = squash("".join(line for n, line in enumerate(lines, 1) if n not in SEED_NOISE_LINES))
    assert speech_text(contract_of(seed_path)) == expected


OUTLINE_NOISE = [
    # line, rule, text
    (1, "版权水印", "本文档仅供个人学习使用 严禁转载"),
    (2, "素材网站名称", "公文帮手 · 讲话稿精选"),
    (3, "联系方式广告", "扫码关注公众号，每天推送精品材料"),
    (4, "会员推销", "VIP会员专享 Word版可编辑"),
    (5, "装饰线", "═══════════════════════"),
    (8, "联系方式广告", "公文帮手整理，微信号：gwbs_2026"),
    (21, "页码或页眉", "第 2 页 共 4 页"),
    (29, "下载提示", "下载后可自由编辑，欢迎收藏"),
    (30, "公众号或网站推广", "关注公众号“公文帮手”，获取更多讲话稿范文"),
    (31, "素材网站名称", "公文帮手"),
]


def test_outline_parts(outline_path):
    contract = contract_of(outline_path)
    assert (contract["title"], contract["byline"], contract["salutation"]) == (
        "在全县生态环境保护工作会议上的讲话",
        "（2026年6月5日）",
        "同志们：",
    )
    assert [paragraph[:7] for paragraph in contract["opening"]] == ["今天是世界环境", "刚才，县生态环"]
    assert contract["transition"] == "下面，我讲三个方面的意见。"
    assert contract["opening"][-1].endswith("我都同意。下面，我讲三个方面的意见。")
    assert len(contract["closing"]) == 1 and contract["closing"][0].startswith("同志们，生态环境保护功在当代")


def test_outline_heading_points_hold_their_subpoints(outline_path):
    contract = contract_of(outline_path)
    assert contract["numbering"] == "一、"
    assert [(p["marker"], p["lead"], p["body"]) for p in contract["points"]] == [
        ("一、", "清醒认识我县生态环境保护面临的形势", []),
        ("二、", "突出抓好污染防治攻坚重点任务", []),
        ("三、", "建立健全生态环境保护长效机制", []),
    ]
    subpoints = [
        [(sub["marker"], sub["lead"], len(sub["body"]), sub["body"][0][:6]) for sub in p["subpoints"]]
        for p in contract["points"]
    ]
    assert subpoints == [
        # run-in leads: the sentence up to 。, the body goes on in the same paragraph
        [("（一）", "成绩来之不易。", 1, "去年以来，全"), ("（二）", "问题不容忽视。", 1, "我们也要看到")],
        # heading leads on their own line, the body in the next paragraph
        [
            ("（一）", "守护好蓝天", 1, "要紧盯工业源"),
            ("（二）", "保护好碧水", 1, "要全面落实河"),
            ("（三）", "管控好净土", 1, "要加强建设用"),
        ],
        [("（一）", "压实各方责任。", 1, "各乡镇党委、"), ("（二）", "严格执法监管。", 1, "要保持环境执")],
    ]


def test_outline_every_vendor_line_is_reported_and_none_is_left(outline_path):
    speech = import_speech(outline_path)
    assert [(removed.line, removed.rule, removed.text) for removed in speech.noise] == OUTLINE_NOISE
    lines = outline_path.read_text(encoding="utf-8").splitlines()
    assert [removed.text for removed in speech.noise] == [lines[line - 1].strip() for line, _, _ in OUTLINE_NOISE]
    text = speech_text(speech_to_contract(speech))
    for removed in speech.noise:
        assert squash(removed.text) not in text
    assert "公文帮手" not in text and "gwbs" not in text


def test_outline_speech_text_is_kept_word_for_word(outline_path):
    noise_lines = {line for line, _, _ in OUTLINE_NOISE}
    lines = outline_path.read_text(encoding="utf-8").splitlines()
    expected = squash("".join(line for n, line in enumerate(lines, 1) if n not in noise_lines))
    assert speech_text(contract_of(outline_path)) == expected


# -- the fixture speeches: parts and points -------------------------------------------------
FIXTURE_PARTS = [
    # file, title, byline, salutation, numbering, markers, leads
    (
        "01_rural_shi_gb18030_crlf.txt",
        "在全县乡村振兴工作推进会上的讲话",
        "县委书记 王建国\n（2026年4月16日）",
        "各位代表、同志们：",
        "一是",
        ["一是", "二是", "三是"],
        [
            "聚焦产业发展，夯实乡村振兴根基。",
            "聚焦人居环境，建设宜居宜业和美乡村。",
            "聚焦基层治理，提升乡村善治水平。",
        ],
    ),
    (
        "02_safety_heading_utf8bom.txt",
        "在全县安全生产工作会议上的讲话",
        "（2026年3月12日）",
        "同志们：",
        "一、",
        ["一、", "二、", "三、"],
        ["清醒认识当前安全生产面临的严峻形势", "突出抓好重点行业领域的专项整治", "压紧压实安全生产责任"],
    ),
    (
        "03_party_press_ordinal.txt",
        "在全县2027年度党报党刊发行工作会议上的讲话",
        "县委常委、宣传部部长 赵敏",
        "同志们：",
        "第一，",
        ["第一，", "第二，", "第三，"],
        [
            "提高政治站位，充分认识做好党报党刊发行工作的重要意义。",
            "突出工作重点，确保党报党刊订阅任务全面完成。",
            "严肃工作纪律，切实减轻基层和群众负担。",
        ],
    ),
    (
        "04_economy_sequence.txt",
        "在全县第三季度经济运行分析会上的讲话",
        "（2026年10月9日）",
        "同志们：",
        "首先，",
        ["首先，", "其次，", "再次，", "最后，"],
        [
            "要坚定信心，全力以赴冲刺全年目标。",
            "要抓好项目建设，切实增强发展后劲。",
            "要优化营商环境，持续激发市场主体活力。",
            "要守住底线，确保经济社会大局稳定。",
        ],
    ),
    (
        "05_business_env.md",
        "在全县优化营商环境工作推进会上的讲话",
        "县委副书记、县长 孙海涛\n（2026年5月20日）",
        "同志们：",
        "一、",
        ["一、", "二、"],
        ["找准短板，正视营商环境存在的突出问题", "聚焦重点，推动营商环境持续优化"],
    ),
    (
        "06_tea_festival_zhici.txt",
        "在2026年全县茶文化旅游节开幕式上的致辞",
        "（2026年4月28日）",
        "尊敬的各位领导、各位来宾，女士们、先生们、朋友们：",
        None,
        [],
        [],
    ),
    (
        "07_forest_fire_vendor_ads.txt",
        "关于做好今冬明春森林防火工作的几点要求",
        "县长 刘志强",
        "同志们：",
        "一要",
        ["一要", "二要", "三要", "四要"],
        ["提高思想认识。", "强化火源管控。", "加强应急准备。", "严格责任追究。"],
    ),
    (
        "08_integrity_heading_shi.txt",
        "在全县党风廉政建设和反腐败工作会议上的讲话",
        "县委书记 陈立新\n（2026年2月26日）",
        "同志们：",
        "一、",
        ["一、", "二、"],
        ["深刻认识全面从严治党面临的新形势新任务", "以严的基调推动全面从严治党向纵深发展"],
    ),
    (
        "09_flood_control_paren_arabic.txt",
        "在全县防汛抗旱工作会议上的讲话",
        None,
        "同志们：",
        "一、",
        ["一、", "二、", "三、"],
        ["立足防大汛，增强做好防汛工作的紧迫感", "立足抢大险，扎实做好各项防汛准备", "立足救大灾，压实防汛工作责任"],
    ),
]


@pytest.mark.parametrize(
    "name, title, byline, salutation, numbering, markers, leads", FIXTURE_PARTS, ids=[case[0] for case in FIXTURE_PARTS]
)
def test_fixture_title_byline_salutation_and_points(name, title, byline, salutation, numbering, markers, leads):
    contract = contract_of(SPEECHES / name)
    assert (contract["title"], contract["byline"], contract["salutation"]) == (title, byline, salutation)
    assert contract["numbering"] == numbering
    assert [p["marker"] for p in contract["points"]] == markers
    assert [p["lead"] for p in contract["points"]] == leads


FIXTURE_SUBPOINTS = [
    # file, index of the point, sub-point markers, sub-point leads, first words of the first sub-point's body
    (
        "02_safety_heading_utf8bom.txt",
        1,
        ["（一）", "（二）", "（三）"],
        ["抓好道路交通安全整治。", "抓好建筑施工安全整治。", "抓好消防安全整治。"],
        "要紧盯“两客一危一货”车辆",
    ),
    (
        "05_business_env.md",
        1,
        ["1.", "2.", "3."],
        ["深化审批制度改革。", "强化要素保障。", "严格规范监管执法。"],
        "全面推行“证照分离”",
    ),
    (
        "08_integrity_heading_shi.txt",
        1,
        ["一是", "二是", "三是"],
        ["压紧压实管党治党政治责任。", "持之以恒纠治“四风”。", "坚决惩治群众身边的不正之风和腐败问题。"],
        "各级党组织书记要",
    ),
    (
        "09_flood_control_paren_arabic.txt",
        1,
        ["（1）", "（2）", "（3）"],
        ["全面排查风险隐患。", "修订完善应急预案。", "加强抢险队伍建设。"],
        "要对全县水库、山塘",
    ),
]


@pytest.mark.parametrize(
    "name, index, markers, leads, body_start", FIXTURE_SUBPOINTS, ids=[case[0] for case in FIXTURE_SUBPOINTS]
)
def test_fixture_subpoints(name, index, markers, leads, body_start):
    point = contract_of(SPEECHES / name)["points"][index]
    assert [sub["marker"] for sub in point["subpoints"]] == markers
    assert [sub["lead"] for sub in point["subpoints"]] == leads
    assert point["subpoints"][0]["body"][0].startswith(body_start)
    assert point["body"] == []


FIXTURE_CLOSINGS = [
    ("01_rural_shi_gb18030_crlf.txt", ["同志们，乡村振兴是一项长期而艰巨的任务。"]),
    ("02_safety_heading_utf8bom.txt", ["同志们，安全生产责任重于泰山。", "以上意见，仅供大家参考。"]),
    ("03_party_press_ordinal.txt", ["同志们，党报党刊发行工作时间紧、任务重。"]),
    ("04_economy_sequence.txt", ["同志们，时间不等人，任务不等人。"]),
    ("05_business_env.md", ["同志们，优化营商环境没有最好、只有更好。"]),
    ("06_tea_festival_zhici.txt", ["最后，预祝本届茶文化旅游节圆满成功！", "谢谢大家！"]),
    ("07_forest_fire_vendor_ads.txt", ["同志们，森林防火责任重大，容不得半点闪失。"]),
    ("08_integrity_heading_shi.txt", ["同志们，全面从严治党永远在路上。"]),
    ("09_flood_control_paren_arabic.txt", ["同志们，防汛工作责任重于泰山。"]),
]


@pytest.mark.parametrize("name, starts", FIXTURE_CLOSINGS, ids=[case[0] for case in FIXTURE_CLOSINGS])
def test_fixture_closing(name, starts):
    closing = contract_of(SPEECHES / name)["closing"]
    assert len(closing) == len(starts)
    assert all(paragraph.startswith(start) for paragraph, start in zip(closing, starts))


def test_run_in_points_split_lead_from_body_and_keep_following_paragraphs():
    points = contract_of(SPEECHES / "01_rural_shi_gb18030_crlf.txt")["points"]
    assert points[0]["body"] == [
        "产业兴旺是解决农村一切问题的前提。各乡镇要立足资源禀赋，做强蔬菜、茶叶、中药材三大主导产业，"
        "每个乡镇至少培育一个年产值超千万元的特色产业。",
        "县财政今年安排的3000万元衔接资金，要优先投向联农带农效果好的产业项目，坚决防止“撒胡椒面”。",
    ]
    assert len(points[1]["body"]) == 1
    assert points[2]["body"][1].startswith("第一次出现的矛盾纠纷")


def test_heading_points_take_the_following_paragraphs_as_body():
    first = contract_of(SPEECHES / "02_safety_heading_utf8bom.txt")["points"][0]
    assert [paragraph[:9] for paragraph in first["body"]] == ["去年以来，全县安全", "一年来的实践告诉我"]
    assert first["subpoints"] == []


# -- opening and transition -----------------------------------------------------------------
@pytest.mark.parametrize(
    "name, transition, run_in, opening_count",
    [
        ("01_rural_shi_gb18030_crlf.txt", "下面，我就做好今年的乡村振兴工作讲三点意见。", False, 2),
        ("02_safety_heading_utf8bom.txt", "下面，我再强调三点意见。", True, 1),
        ("03_party_press_ordinal.txt", "为此，我强调三点。", False, 1),
        ("04_economy_sequence.txt", "下面，我讲几点意见。", True, 2),
        ("08_integrity_heading_shi.txt", "下面，结合我县实际，我讲两个方面的意见。", False, 1),
        ("09_flood_control_paren_arabic.txt", "借此机会，我讲三个方面的意见。", True, 1),
    ],
)
def test_transition_is_reported_and_kept_in_the_opening_only_when_run_in(name, transition, run_in, opening_count):
    contract = contract_of(SPEECHES / name)
    assert contract["transition"] == transition
    assert len(contract["opening"]) == opening_count
    assert contract["opening"][-1].endswith(transition) is run_in
    assert all(transition not in paragraph for paragraph in contract["opening"][:-1])


def test_transition_right_after_the_salutation_leaves_an_empty_opening():
    contract = speech_to_contract(
        parse_speech_text(
            "在全县“三夏”生产工作\n会议上的讲话\n同志们：\n下面，我讲两点意见。\n"
            "一要抓好夏收\n要组织农机跨区作业。\n确保颗粒归仓。\n二要抓好夏种\n要及时抢种、抢管。\n同志们，三夏时间紧、任务重。\n"
        )
    )
    assert contract["title"] == "在全县“三夏”生产工作会议上的讲话"
    assert (contract["opening"], contract["transition"]) == ([], "下面，我讲两点意见。")
    assert contract["points"][0] == {
        "marker": "一要",
        "lead": "抓好夏收",
        "body": ["要组织农机跨区作业。", "确保颗粒归仓。"],
        "subpoints": [],
    }


# -- markers inside sentences are not points ------------------------------------------------
def test_opening_that_starts_with_shouxian_is_not_a_point():
    contract = contract_of(SPEECHES / "01_rural_shi_gb18030_crlf.txt")
    assert contract["opening"][0].startswith("首先，我代表县委、县政府")
    assert contract["opening"][1].startswith("一年来，")


def test_quoted_markers_and_yinianlai_stay_in_their_paragraphs():
    contract = contract_of(SPEECHES / "04_economy_sequence.txt")
    assert contract["opening"][1].startswith("“一要快、二要准”")
    assert contract["points"][1]["body"][1].startswith("一年来，凡是项目推进快的乡镇")


def test_inline_yishi_list_inside_a_subpoint_is_not_split():
    sub = contract_of(SPEECHES / "02_safety_heading_utf8bom.txt")["points"][2]["subpoints"][1]
    assert sub["lead"] == "压实部门监管责任。"
    assert len(sub["body"]) == 1 and "一是要建立监管清单，二是要开展联合执法" in sub["body"][0]


def test_zhici_without_numbered_points_has_no_points():
    contract = contract_of(SPEECHES / "06_tea_festival_zhici.txt")
    assert (contract["points"], contract["numbering"], contract["transition"]) == ([], None, None)
    assert [paragraph[:6] for paragraph in contract["opening"]] == [
        "大家上午好！",
        "近年来，我县",
        "一是扩基地、",
        "本届茶文化旅",
    ]


# -- nothing lost, nothing added, every advert reported ----------------------------------------
FIXTURE_NOISE = [
    ("01_rural_shi_gb18030_crlf.txt", []),
    (
        "02_safety_heading_utf8bom.txt",
        [
            "★★★★★★★★★★",
            "关注公众号“笔杆子文苑”，获取更多讲话稿",
            "本文由笔杆子文苑整理，转载请注明出处",
            "笔杆子文苑\u3000微信号：bgzwy2026",
        ],
    ),
    (
        "03_party_press_ordinal.txt",
        [
            "【公文范文库】精品讲话稿 仅供内部交流",
            "更多精品材料请访问：www.gwfwk.net",
            "（公文范文库整理，联系微信：gwfwk888）",
        ],
    ),
    ("04_economy_sequence.txt", []),
    ("05_business_env.md", ["本文来自公众号「公文笔记」，每日更新精品材料", "---", "![扫码关注公文笔记](qrcode.png)"]),
    ("06_tea_festival_zhici.txt", []),
    (
        "07_forest_fire_vendor_ads.txt",
        [
            "═══════════════════════",
            "公文易 · 精品材料独家首发",
            "更多范文请访问 www.gongwenyi.cn",
            "微信号：gwy_2026（添加请备注“材料”）",
            "限时特惠：包年订阅仅需199元，全站讲话稿随心下载",
            "═══════════════════════",
            "公文易整理，咨询微信gwy2026",
            "关注公众号“写材料的老李”，回复“防火”领取全套材料",
            "☆☆☆☆☆☆☆☆☆☆",
            "扫码加入公文易会员群，海量材料免费下载",
            "公文易",
        ],
    ),
    ("08_integrity_heading_shi.txt", ["-- 3 --", "仅供学习交流\u3000请勿外传"]),
    ("09_flood_control_paren_arabic.txt", []),
]


@pytest.mark.parametrize("name, noise", FIXTURE_NOISE, ids=[case[0] for case in FIXTURE_NOISE])
def test_vendor_lines_are_reported_in_order_and_gone_from_the_speech(name, noise):
    contract = contract_of(SPEECHES / name)
    assert contract["noise"] == noise
    text = speech_text(contract)
    for line in noise:
        assert squash(line) not in text


@pytest.mark.parametrize("name", [case[0] for case in FIXTURE_NOISE if case[0].endswith(".txt")])
def test_speech_text_is_kept_word_for_word(name):
    path = SPEECHES / name
    contract = contract_of(path)
    kept = [line for line in source_lines(path) if line not in contract["noise"]]
    assert speech_text(contract) == squash("".join(kept))


def test_stray_spaces_between_chinese_characters_are_dropped():
    contract = contract_of(SPEECHES / "03_party_press_ordinal.txt")
    assert contract["opening"][0].startswith("党报党刊是党的重要思想舆论阵地")
    assert "坚决纠正党报党刊发行中的不正之风" in contract["points"][2]["body"][0]


SPEECH_AROUND = (
    "在全县文化旅游工作会议上的讲话\n同志们：\n今年全县文化旅游工作成效明显。下面，我讲两点意见。\n"
    "一要提升服务水平。各景区要对标先进，补齐短板。\n{line}\n"
    "二要加强市场监管。要健全联合执法机制。\n同志们，文旅工作大有可为。\n"
)

LEGIT_LINES = [
    "以上意见，仅供大家参考。",
    "要做好2027年度党报党刊订阅工作，确保订阅任务按时完成。",
    "各景区要全面推行扫码购票、分时预约。",
    "要开通24小时咨询电话，及时回应游客诉求。",
    "让城乡居民享受更多优质文化服务。",
    "今年要继续发放文旅消费优惠券。",
    "严厉打击倒卖门票、欺客宰客等违法行为。",
    "要落实有奖举报制度，对举报属实的群众给予奖励。",
    "各村要建立村民微信群，及时发布预警信息。",
    "对网上的不实信息，严禁传播、扩散。",
    "农户凭身份证可免费领取玉米良种。",
    "有关情况（根据录音整理）已印发各单位。",
]


@pytest.mark.parametrize("line", LEGIT_LINES, ids=[f"legit{n}" for n in range(1, len(LEGIT_LINES) + 1)])
def test_speech_sentences_that_sound_like_adverts_are_kept(line):
    contract = speech_to_contract(parse_speech_text(SPEECH_AROUND.format(line=line)))
    assert contract["noise"] == []
    assert contract["points"][0]["body"][-1] == line


ADVERT_LINES = [
    "仅供学习 禁止外传",
    "笔杆子文苑整理，咨询QQ 3387261905",
    "会员群：      免费QQ群：",
    "关注公众号“公文写作大师”，每日更新",
    "【打击倒卖活动】",
    "现在订阅立享前3年的所有权益和资料",
    "开通VIP会员，全站材料免费下载",
    "更多范文请访问 www.wenmi365.com",
    "微信号：xiezuo_88（备注：讲话稿）",
    "长按识别二维码，加入写作交流群",
    "资料仅供个人学习使用，严禁倒卖",
    "举报倒卖资料者，奖励一年会员",
    "本资料来源：公文汇平台",
    "第 3 页 共 12 页",
    "★★★★★★★★",
    "━━━━━━━━━━━━",
    "海量精品材料（加VX：wx123456）",
]


@pytest.mark.parametrize("line", ADVERT_LINES, ids=[f"advert{n}" for n in range(1, len(ADVERT_LINES) + 1)])
def test_advert_between_paragraphs_is_removed_and_reported(line):
    contract = speech_to_contract(parse_speech_text(SPEECH_AROUND.format(line=line)))
    assert contract["noise"] == [line]
    assert contract["points"][0]["body"] == ["各景区要对标先进，补齐短板。"]


def test_advert_inside_a_paragraph_is_cut_out_and_reported():
    contract = speech_to_contract(
        parse_speech_text(SPEECH_AROUND.format(line="要打造精品线路。（更多材料请关注公众号：公文汇）要办好节会活动。"))
    )
    assert contract["points"][0]["body"][-1] == "要打造精品线路。要办好节会活动。"
    assert contract["noise"] == ["（更多材料请关注公众号：公文汇）"]


@pytest.mark.parametrize(
    "speech, signature",
    [
        ("要打造精品线路，办好节会活动。", "妙笔文库整理，咨询QQ415872063"),
        (
            "要健全联合执法机制，严厉打击欺客宰客、强买强卖等违法违规行为，维护良好市场秩序，"
            "让游客玩得放心、住得舒心、吃得安心，切实擦亮全域旅游的金字招牌。",
            "笔杆子文苑整理，联系微信：bgzwy2026",
        ),
    ],
    ids=["short-paragraph", "long-paragraph"],
)
def test_vendor_signature_run_onto_a_sentence_is_cut_off(speech, signature):
    contract = speech_to_contract(parse_speech_text(SPEECH_AROUND.format(line=speech + signature)))
    assert contract["points"][0]["body"][-1] == speech
    assert contract["noise"] == [signature]


def test_stray_spaces_around_markers_and_salutation_are_tolerated():
    contract = speech_to_contract(
        parse_speech_text(
            "在全县 安全生产 工作会议上的讲话\n同志们 :\n一 、提高认识。安全生产事关重大。\n二 、落实责任。要层层压实。\n"
            "（ 一 ）压实属地责任。乡镇要负总责。\n（ 二 ）压实部门责任。部门要履职尽责。\n同志们，安全无小事。\n"
        )
    )
    assert (contract["title"], contract["salutation"]) == ("在全县安全生产工作会议上的讲话", "同志们:")
    assert [(p["marker"], p["lead"]) for p in contract["points"]] == [("一、", "提高认识。"), ("二、", "落实责任。")]
    assert [sub["lead"] for sub in contract["points"][1]["subpoints"]] == ["压实属地责任。", "压实部门责任。"]


# -- encodings, indents, line ends -----------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_and_line_ends_give_the_same_speech(tmp_path, encoding, newline):
    reference = SPEECHES / "04_economy_sequence.txt"
    lines = reference.read_text(encoding="utf-8").splitlines()
    indented = [line if n < 3 else "\u3000\u3000" + line + " " for n, line in enumerate(lines)]
    path = tmp_path / "讲话.txt"
    path.write_bytes(newline.join(indented).encode(encoding))
    assert contract_of(path) == contract_of(reference)


# -- Markdown ---------------------------------------------------------------------------------
def test_markdown_bold_leads_of_run_in_points():
    contract = speech_to_contract(
        parse_speech_text(
            "# 在全县教育工作会议上的讲话\n\n同志们：\n\n刚才，几位同志作了很好的发言。下面，我讲三点意见。\n\n"
            "**一要坚持立德树人**，把思想政治教育贯穿教育教学全过程，\n培养德智体美劳全面发展的社会主义建设者和接班人。\n\n"
            "**二要推进均衡发展。**要加快薄弱学校改造，缩小城乡差距。\n\n"
            "**三要建强教师队伍。**要完善教师激励机制。\n\n同志们，教育是国之大计。\n",
            markdown=True,
        )
    )
    assert [p["lead"] for p in contract["points"]] == ["坚持立德树人", "推进均衡发展。", "建强教师队伍。"]
    assert contract["points"][0]["body"] == [
        "，把思想政治教育贯穿教育教学全过程，培养德智体美劳全面发展的社会主义建设者和接班人。"
    ]


# -- Word documents ---------------------------------------------------------------------------
def add_list(document, list_id: int, levels: list[tuple[str, str]], restarts: int = 0) -> list[int]:
    """Add an abstract list with *levels* (numFmt, lvlText) to numbering.xml.

    Returns the numIds that use it: the first, then *restarts* more that restart level 1
    at 1 (as Word does for each point's own sub-list).
    """
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{list_id}">{lvls}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    ids = []
    for k in range(restarts + 1):
        num_id = list_id * 10 + k
        override = "" if k == 0 else '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{list_id}"/>{override}</w:num>'
            )
        )
        ids.append(num_id)
    return ids


def numbered(paragraph, num_id: int, level: int = 0):
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def bold_lead(document, lead: str, body: str):
    paragraph = document.add_paragraph()
    paragraph.add_run(lead).bold = True
    paragraph.add_run(body)
    return paragraph


def front_matter(document, title: str):
    document.add_paragraph(title, style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("（2026年9月28日）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("同志们：")


def word_numbered_speech(path: Path) -> Path:
    """A .docx speech whose points (一、) and sub-points (（一）) are numbered by a Word list
    (numbering.xml), not typed, with bold sub-point leads and one advert; saved at *path*."""
    document = docx.Document()
    [num] = add_list(document, 90, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    front_matter(document, "在全县秋冬季森林防火工作会议上的讲话")
    document.add_paragraph("\u3000\u3000今天召开会议，部署今冬明春森林防火工作。下面，我讲两点意见。")
    numbered(document.add_paragraph("充分认识森林防火工作的重要性"), num)
    document.add_paragraph("森林防火事关人民群众生命财产安全。")
    document.add_paragraph("公文易整理，咨询微信gwy2026")
    numbered(document.add_paragraph("扎实做好森林防火各项工作"), num)
    numbered(bold_lead(document, "加强火源管控。", "要严格落实进山登记制度。"), num, 1)
    numbered(bold_lead(document, "加强队伍建设。", "要配齐配强扑火力量。"), num, 1)
    document.add_paragraph("同志们，森林防火责任重大。")
    document.save(path)
    return path


def test_docx_word_numbering_chinese_counting_is_recovered(tmp_path):
    contract = contract_of(word_numbered_speech(tmp_path / "讲话.docx"))
    assert (contract["title"], contract["byline"], contract["salutation"]) == (
        "在全县秋冬季森林防火工作会议上的讲话",
        "（2026年9月28日）",
        "同志们：",
    )
    assert [(p["marker"], p["lead"], p["body"]) for p in contract["points"]] == [
        ("一、", "充分认识森林防火工作的重要性", ["森林防火事关人民群众生命财产安全。"]),
        ("二、", "扎实做好森林防火各项工作", []),
    ]
    assert contract["points"][1]["subpoints"] == [
        {"marker": "（一）", "lead": "加强火源管控。", "body": ["要严格落实进山登记制度。"]},
        {"marker": "（二）", "lead": "加强队伍建设。", "body": ["要配齐配强扑火力量。"]},
    ]
    assert contract["transition"] == "下面，我讲两点意见。"
    assert contract["noise"] == ["公文易整理，咨询微信gwy2026"]
    assert contract["closing"] == ["同志们，森林防火责任重大。"]


def test_docx_bold_first_sentence_is_the_lead_of_typed_markers(tmp_path):
    document = docx.Document()
    front_matter(document, "在全县信访工作会议上的讲话")
    document.add_paragraph("下面，我讲三点意见。")
    bold_lead(document, "一要畅通群众诉求渠道：", "要落实领导干部接访下访制度。")
    bold_lead(document, "二要化解信访积案。", "要逐案制定化解方案。对疑难复杂案件，要集体会商。")
    bold_lead(document, "三要依法规范信访秩序。", "要引导群众依法逐级走访。")
    document.add_paragraph("同志们，信访工作是群众工作。")
    document.save(tmp_path / "讲话.docx")

    points = contract_of(tmp_path / "讲话.docx")["points"]
    assert [(p["marker"], p["lead"]) for p in points] == [
        ("一要", "畅通群众诉求渠道："),
        ("二要", "化解信访积案。"),
        ("三要", "依法规范信访秩序。"),
    ]
    assert points[0]["body"] == ["要落实领导干部接访下访制度。"]
    assert points[1]["body"] == ["要逐案制定化解方案。对疑难复杂案件，要集体会商。"]


def test_docx_heading_style_numbering_and_restarted_sub_lists(tmp_path):
    document = docx.Document()
    [heading_num] = add_list(document, 91, [("chineseCounting", "%1、")])
    sub_nums = add_list(document, 92, [("decimal", "%1.")], restarts=1)
    style = document.styles["Heading 2"].element.get_or_add_pPr()
    style.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{heading_num}"/></w:numPr>'))
    front_matter(document, "在全县人居环境整治工作推进会上的讲话")
    document.add_paragraph("今年以来，各乡镇扎实开展村庄清洁行动。下面，我讲两点意见。")
    for heading, sub_num, subs in [
        (
            "找准问题短板",
            sub_nums[0],
            [("垃圾治理不彻底。", "一些村庄垃圾清运不及时。"), ("污水治理滞后。", "部分村庄污水直排。")],
        ),
        (
            "抓好重点任务",
            sub_nums[1],
            [("推进厕所革命。", "要确保改厕质量。"), ("建立长效机制。", "要落实村庄保洁制度。")],
        ),
    ]:
        document.add_paragraph(heading, style="Heading 2")
        for lead, body in subs:
            numbered(bold_lead(document, lead, body), sub_num)
    document.add_paragraph("同志们，人居环境整治要持之以恒。")
    document.save(tmp_path / "讲话.docx")

    contract = contract_of(tmp_path / "讲话.docx")
    assert [(p["marker"], p["lead"]) for p in contract["points"]] == [
        ("一、", "找准问题短板"),
        ("二、", "抓好重点任务"),
    ]
    for point in contract["points"]:
        assert [sub["marker"] for sub in point["subpoints"]] == ["1.", "2."]
    assert contract["points"][1]["subpoints"][0] == {
        "marker": "1.",
        "lead": "推进厕所革命。",
        "body": ["要确保改厕质量。"],
    }


def test_docx_keeps_speech_text_and_reports_vendor_paragraphs(tmp_path):
    document = docx.Document()
    document.add_paragraph("仅供学习 禁止外传")
    document.add_paragraph("★★★★★★")
    document.add_paragraph("在全县秋粮收购工作会议上的讲话")
    document.add_paragraph("同志们：")
    document.add_paragraph("秋粮收购工作即将全面展开。")
    document.add_paragraph("以上意见，仅供大家参考。")
    document.add_paragraph("关注公众号“粮安笔记”，获取更多材料")
    document.save(tmp_path / "讲话.docx")

    contract = contract_of(tmp_path / "讲话.docx")
    assert contract["title"] == "在全县秋粮收购工作会议上的讲话"
    assert contract["opening"] + contract["closing"] == ["秋粮收购工作即将全面展开。", "以上意见，仅供大家参考。"]
    assert contract["noise"] == ["仅供学习 禁止外传", "★★★★★★", "关注公众号“粮安笔记”，获取更多材料"]


def test_headline_title_with_a_dash_subtitle_keeps_its_deliberate_space():
    speech = parse_speech_text(
        "仅供学习\n坚定信心　真抓实干\n——在全县经济工作会议上的讲话\n县委书记　张三\n（2026年1月5日）\n"
        "同志们：\n今天开会。\n"
    )
    assert speech.title == "坚定信心　真抓实干\n——在全县经济工作会议上的讲话"
    assert speech.byline == "县委书记　张三\n（2026年1月5日）"
    assert [n.text for n in speech.noise] == ["仅供学习"]


def test_an_unknown_slogan_between_title_and_salutation_is_noise_not_byline():
    speech = parse_speech_text("在全县工作会议上的讲话\n自建平台、实时分享\n同志们：\n今天开会。\n")
    assert speech.byline is None
    assert [(n.text, n.rule) for n in speech.noise] == [("自建平台、实时分享", "标题与称呼之间的无关内容")]


def test_a_bracketed_note_under_the_title_is_the_byline():
    speech = parse_speech_text(
        "在全县工作会议上的讲话\n（根据录音整理）\n今天开会。\n一要学习。认真学。\n二要落实。抓落实。\n"
    )
    assert speech.byline == "（根据录音整理）"
    assert speech.opening == ["今天开会。"] and len(speech.points) == 2


@pytest.mark.parametrize(
    "advert",
    [
        "【免费下载】2026年最新领导讲话稿合集",
        "温馨提示：本资料下载后可编辑",
        "word版可编辑，欢迎下载",
        "本文来源：公文写作网 www.gwxz.com",
    ],
)
def test_download_site_lines_between_points_are_removed(advert):
    speech = parse_speech_text(
        f"在全县工作会议上的讲话\n同志们：\n今天开会。\n一要提高认识。认真学习。\n{advert}\n"
        "二要狠抓落实。真抓实干。\n同志们，让我们共同努力。\n"
    )
    assert [n.text for n in speech.noise] == [advert]
    assert len(speech.points) == 2 and speech.points[0].body == ["认真学习。"]


def test_paragraphs_before_a_word_title_style_are_reported_not_dropped(tmp_path):
    document = docx.Document()
    document.add_paragraph("资料来源：内部参考")
    document.add_paragraph("坚定信心　真抓实干", style="Title")
    document.add_paragraph("同志们：")
    document.add_paragraph("今天开会。")
    path = tmp_path / "t.docx"
    document.save(path)
    speech = import_speech(path)
    assert speech.title == "坚定信心　真抓实干" and speech.salutation == "同志们："
    assert [(n.text, n.rule) for n in speech.noise] == [("资料来源：内部参考", "标题前的无关内容")]
