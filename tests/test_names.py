"""Leftover names and outdated names: `jianggao check` finds the 我市 a county speech kept
from the city's material, another county's name, and 国土资源局 in a speech given after
2018's reform; and leaves alone what a county speech may rightly say."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from conftest import run_cli

from toolkit.checks import find_problems
from toolkit.checks.names import load_divisions, load_everyday_words, load_outdated_names
from toolkit.config import OFFICE_LEVELS
from toolkit.drafts import save_draft
from toolkit.errors import InputFileError
from toolkit.model import MeetingFacts, Point, Speech
from toolkit.model.levels import RANK, parse_date, speech_date, speech_levels

COUNTY_TITLE = "在全县经济工作会议上的讲话"


def speech(opening: list[str], *, title: str = COUNTY_TITLE, date: dt.date | None = dt.date(2026, 3, 6), **facts):
    return Speech(
        title=title,
        salutation="同志们：",
        opening=opening,
        numbering="一要",
        points=[Point("把项目建设抓紧抓实。", ["项目是发展的生命线，各部门要主动服务、靠前协调。"])],
        closing=["同志们，让我们撸起袖子加油干。"],
        meeting=MeetingFacts(date=date, **facts),
    )


def found(s: Speech) -> list[str]:
    return [str(p) for p in find_problems(s)]


@pytest.fixture
def office(tmp_path, monkeypatch):
    """Write the office's settings file: ``office(local_places=[…], office_level=…)``."""

    def write(**settings):
        lines = []
        for key, value in settings.items():
            lines.append(f"{key}: [{', '.join(value)}]" if isinstance(value, list) else f"{key}: {value}")
        path = tmp_path / "设置.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        monkeypatch.setenv("JIANGGAO_CONFIG", str(path))
        return path

    monkeypatch.setenv("JIANGGAO_CONFIG", str(tmp_path / "没有设置.yaml"))
    monkeypatch.delenv("JIANGGAO_OUTDATED_NAMES", raising=False)
    return write


# -- leftover level words -------------------------------------------------------------------------------


def test_a_county_speech_copied_from_the_city_keeps_its_wo_shi_and_quan_shi(office):
    copied = speech(
        [
            "今年以来，我市坚持稳中求进，全市上下凝心聚力，市委、市政府出台了一系列稳增长的政策措施。",
            "本市各级各部门要把思想统一到这次会议精神上来。",
        ]
    )
    assert found(copied) == [
        "开头第1段：出现“我市”，这是县里的讲话，是否从市里的材料照搬？请改为“我县”或核实",
        "开头第2段：出现“本市”，这是县里的讲话，是否从市里的材料照搬？请改为“本县”或核实",
        "开头第1段：（提示）出现“全市”，这是县里的讲话：如指上级的全市范围（如“在全市排名靠前”）可不改；如指本地，请改为“全县”",
        "开头第1段：（提示）出现“市委”，这篇县里的讲话里还有“我市”等说法，这里的“市委”也可能是照搬的，请核实",
        "开头第1段：（提示）出现“市政府”，这篇县里的讲话里还有“我市”等说法，这里的“市政府”也可能是照搬的，请核实",
    ]


def test_the_same_word_twice_in_a_paragraph_is_one_finding_that_counts_them(office):
    assert found(speech(["我市去年增长较快，我市今年还要加压奋进。"])) == [
        "开头第1段：出现“我市”，这是县里的讲话，是否从市里的材料照搬？请改为“我县”或核实（这一段共2处）"
    ]


def test_what_a_county_speech_may_say_of_its_city_is_not_flagged(office):
    own = speech(
        [
            "在市委、市政府的坚强领导下，我县经济增速保持在全市前列，主要指标好于全市平均水平。",
            "要认真贯彻全市经济工作会议精神，市委主要领导的要求要不折不扣落到实处。",
            "全县上下要以只争朝夕的精神抓好落实。",
        ]
    )
    assert found(own) == []


def test_quan_shi_may_be_the_city_and_is_only_a_hint(office):
    problems = find_problems(speech(["全市经济运行总体平稳，我县要乘势而上。"]))
    assert [(p.where, p.severity) for p in problems] == [("开头第1段", "hint")]
    assert "如指上级的全市范围" in problems[0].message


def test_shi_zhi_in_a_county_speech_is_a_hint_and_its_own_xian_zhi_is_not(office):
    problems = find_problems(speech(["市直有关部门和县直各单位要密切配合。"]))
    assert [(p.severity, p.message) for p in problems] == [
        ("hint", "出现“市直”，这是县里的讲话，本级一般说“县直”，是否照搬？请核实")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "加快开发区、新区和城区建设，推进新城区扩容提质。",
        "要健全市场体系，用好资本市场，拓展区域合作。",
        "推动全乡村振兴示范带建设，统筹城乡发展，做好乡镇政府职能转变。",
        "社区委员会和园区管委会要配合做好城市政府与农村的衔接。",
        "要摸清基本县情，做到安全区域全覆盖。",
        "沿海城市、新兴城市的经验值得借鉴，终南山区生态保护也可参考。",
        "要牢记绿水青山就是金山银山。",
        # words that only look like a city's bureau (市 + a name + 局/委/办)
        "县市场监管局要加强巡查，方便市民办事。",
        "城市管理局、超市和农贸市场要共同维护好市容市貌。",
        "市县两级财政局要加强协同，市里要抓紧办。",
        "要委托第三方评估，完善市政公用局的考核办法。",
        "在市委、市政府的坚强领导下，市政协委员积极建言，市委办要加强督查。",
    ],
)
def test_everyday_words_that_hold_a_level_or_a_place_name_are_not_flagged(office, text):
    assert found(speech([text])) == []


def test_a_city_bureau_named_in_a_county_speech_is_a_hint_to_check_whose_it_is(office):
    problems = find_problems(speech(["市水利局要牵头做好河道整治，市发改委要加强指导，县水利局要配合。"]))
    assert [(p.severity, p.message) for p in problems] == [
        (
            "hint",
            "出现“市水利局”，这是县里的讲话：如确指市里的部门，可不改；"
            "如是从市里的材料照搬，请改为本县的相应部门（如“县水利局”）",
        ),
        (
            "hint",
            "出现“市发改委”，这是县里的讲话：如确指市里的部门，可不改；"
            "如是从市里的材料照搬，请改为本县的相应部门（如“县发改委”）",
        ),
    ]


def test_a_county_bureau_in_a_town_speech_is_a_hint_and_not_in_a_county_leader_s(office):
    town = speech(["县水利局要加强指导，镇农业办要抓好落实。"], title="在全镇春耕生产工作会议上的讲话")
    assert found(town) == [
        "开头第1段：（提示）出现“县水利局”，这是镇里的讲话：如确指县里的部门，可不改；如是从县里的材料照搬，请改为本镇的相应部门"
    ]
    town.meeting.speaker = "县委书记 王某"  # a county leader at the town's meeting: 县 is the speech's own too
    assert found(town) == []
    city = speech(["各县水利局要抓好落实。"], title="在全市防汛工作会议上的讲话")
    assert found(city) == []  # a city speech names its counties' bureaus rightly


def test_a_city_speech_that_says_wo_xian_is_flagged_the_other_way(office):
    city = speech(["我县要在全市发展大局中找准定位。全县各部门要通力协作。"], title="在全市项目建设推进会上的讲话")
    assert found(city) == [
        "开头第1段：出现“我县”，这是市里的讲话，是否从县里的材料照搬？请改为“我市”或核实",
        "开头第1段：出现“全县”，这是市里的讲话，是否从县里的材料照搬？请改为“全市”或核实",
    ]


def test_a_county_leader_at_a_town_meeting_may_say_both(office):
    visit = speech(
        ["全镇干部要看到，我县对镇里寄予厚望，我镇的发展也关系全县大局。"],
        title="在全镇干部大会上的讲话",
        speaker="县委书记 王某",
    )
    assert speech_levels(visit) == ["县", "镇"]
    assert found(visit) == []


def test_without_a_level_in_the_speech_the_office_level_decides(office):
    untitled = speech(["我市今年要抓好三件事。"], title="在经济工作会议上的讲话")
    assert found(untitled) == []  # nothing says whose speech it is
    office(office_level="县")
    assert found(untitled) == ["开头第1段：出现“我市”，这是县里的讲话，是否从市里的材料照搬？请改为“我县”或核实"]


def test_in_an_autonomous_region_quan_qu_is_the_region(office):
    office(local_places=["宾阳县"])
    guangxi = speech(["要认真贯彻全区经济工作会议精神，我区发展大局离不开各县的努力，我县要走在前列。"])
    assert found(guangxi) == []


def test_a_county_whose_name_holds_a_level_word_is_a_place_not_a_level_word(office):
    office(local_places=["宾阳县"])
    assert found(speech(["要学习全州县发展特色产业的做法。"])) == [
        "开头第1段：出现“全州县”，不是本地的地名，是否从别处的材料照搬？请核实；如确是提到外地（如学习考察、对口协作），可不改"
    ]


# -- other places' names --------------------------------------------------------------------------------


def test_a_speech_naming_another_county_is_flagged_and_its_own_places_are_not(office):
    office(local_places=["德清县", "武康街道", "乾元镇"])
    text = "在湖州市委的坚强领导下，德清县经济稳步增长，武康街道、乾元镇的项目加快推进；安吉县的产业基础更要巩固，浙江省的政策要用足。"
    problems = find_problems(speech([text]))
    assert [(p.where, p.severity, p.message) for p in problems] == [
        (
            "开头第1段",
            "problem",
            "出现“安吉县”，不是本地的地名，是否从别处的材料照搬？请核实；如确是提到外地（如学习考察、对口协作），可不改",
        )
    ]


def test_a_farther_place_of_another_level_is_only_a_hint(office):
    office(local_places=["德清县"])
    problems = find_problems(speech(["要主动对接嘉兴市的产业转移，学习广西壮族自治区的边贸经验。"]))
    assert [(p.severity, p.message[:8]) for p in problems] == [("hint", "出现“嘉兴市”，"), ("hint", "出现“广西壮族自")]


def test_a_city_speech_may_name_its_own_counties_but_not_another_city(office):
    office(office_level="市", local_places=["湖州市"])
    city = speech(
        ["德清县、安吉县要发挥各自优势，全市一盘棋推进；嘉兴市的经验也要学。"], title="在全市经济工作会议上的讲话"
    )
    assert [(p.severity, p.message[:7]) for p in find_problems(city)] == [("problem", "出现“嘉兴市”")]


def test_the_title_names_the_speechs_own_place(office):
    titled = speech(["德清县的发展站在新的起点上，安吉县的同志也来了。"], title="在德清县经济工作会议上的讲话")
    problems = find_problems(titled)
    assert [(p.severity, p.message[:7]) for p in problems] == [("problem", "出现“安吉县”")]


def test_without_the_offices_places_a_place_name_is_only_a_hint(office):
    problems = find_problems(speech(["安吉县的做法值得学习。"]))
    assert [(p.severity, p.message) for p in problems] == [
        (
            "hint",
            "出现“安吉县”，如不是本地的地名，是否从别处的材料照搬？请核实（单位在设置中列出本地地名后，本地地名不再提示）",
        )
    ]


URBAN_SPEECH = Speech(
    title="在全县城乡建设工作会议上的讲话",
    byline="县委书记　李明\n（2026年4月8日）",
    salutation="同志们：",
    opening=[
        "今年以来，全县上下坚持以人民为中心，惠民县级项目加快落地，富民县域经济稳步壮大，城乡面貌持续改善。",
        "下面，我讲三点意见。",
    ],
    numbering="一、",
    points=[
        Point(
            "坚持规划引领，推进沿江城区提升",
            [
                "要统筹推进沿江城区提升和南部县域乡镇建设，学习借鉴沿海城市、新兴城市的好做法。",
                "县住建局要会同县自然资源局抓紧编制详细规划。由县发改局牵头，会同县财政局做好资金保障。",
            ],
        ),
        Point(
            "坚持政企合作市场化运作",
            [
                "要创新投融资机制，推动政企合作市场化运作，吸引社会资本参与老旧小区改造。",
                "南部县区交界地带要加强区域合作，县区联动抓好项目落地，区间道路要同步建设。",
            ],
        ),
        Point(
            "坚持共建共享，让群众得实惠",
            ["县市场监管局要加强巡查，方便市民办事；城市管理局、超市和农贸市场要共同维护好市容市貌。"],
        ),
    ],
    closing=["同志们，城乡建设事关群众切身利益。让我们以更加务实的作风，推动全县城乡建设再上新台阶。"],
)
"""A county speech full of phrases that hold a county's name without meaning it: 会同县 in
县住建局要会同县自然资源局, 合作市 in 政企合作市场化运作, 江城区 in 沿江城区, 惠民县 in 惠民县级,
富民县 in 富民县域, 南部县 in 南部县域 and 南部县区; and 市 in words that are no city body."""


def test_a_county_speech_full_of_phrases_that_hold_a_county_s_name_gives_no_finding(office, tmp_path):
    config = office(local_places=["桃江县"])
    assert found(URBAN_SPEECH) == []
    result = run_cli(
        "check",
        str(save_draft(URBAN_SPEECH, tmp_path / "城乡建设.yaml")),
        env=dict(os.environ, JIANGGAO_CONFIG=str(config)),
    )
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_the_counties_those_phrases_hold_are_still_found_where_they_are_named(office):
    office(local_places=["桃江县"])
    named = speech(
        [
            "下个月，县里将组织考察团到会同县调研，并和合作市的同志交流经验；怀化市会同县的做法值得学习。",
            "各乡镇要向惠民县学习，富民县在产业帮扶上的经验也要借鉴。",
        ]
    )
    assert [(p.where, p.severity, p.message[: p.message.index("，")]) for p in find_problems(named)] == [
        ("开头第1段", "problem", "出现“会同县”"),
        ("开头第1段", "problem", "出现“合作市”"),
        ("开头第2段", "problem", "出现“惠民县”"),
        ("开头第2段", "problem", "出现“富民县”"),
        ("开头第1段", "hint", "出现“怀化市”"),  # a prefecture: another rank
    ]
    assert found(named)[0].endswith("（这一段共2处）")  # 到会同县 and 怀化市会同县


@pytest.mark.parametrize(
    "text, names",
    [
        ("县住建局要会同县自然资源局做好用地保障。", []),  # 会同 is a word; 要 does not stand before a place
        ("由县发改局牵头，会同县财政局做好资金保障。", []),  # after a comma, 会同 + a body: 县财政局
        ("政企合作市场化运作", []),  # 市场
        ("推进沿江城区提升", []),  # 江城区 starts inside 沿江
        ("惠民县级项目、富民县域经济、南部县域乡镇、在南部县区", []),  # 县级, 县域, 县区
        ("到会同县调研，和合作市的同志交流", ["会同县", "合作市"]),  # after 到 and 和
        ("会同县的经验", ["会同县"]),  # at the start, no body after
        ("到惠民县教育局调研", ["惠民县"]),
        ("怀化市会同县", ["怀化市", "会同县"]),  # after a larger place
        ("学习安吉县的经验，浙江安吉县", ["安吉县", "安吉县"]),  # 安吉 is only a name
        ("南山区位于城市东部，南山区分局", ["南山区", "南山区"]),  # 区位, 区分 are no reason to doubt it
        ("德清县市场监管局", ["德清县"]),
    ],
)
def test_a_name_is_read_where_its_suffix_ends_it_and_a_word_begins(text, names):
    assert [name for _s, _e, name in load_divisions().find(text)] == names


def test_the_everyday_words_tell_words_from_names():
    words = load_everyday_words()
    assert {"会同", "合作", "惠民", "富民", "南部", "沿江", "市场"} <= words
    assert not {"南京", "安吉", "嘉兴", "德清"} & words  # CC-CEDICT spells them with a capital: names only


def test_the_divisions_cover_the_country_without_two_character_or_everyday_names():
    divisions = load_divisions()
    provinces = [name for name, codes in divisions.codes.items() if any(c.endswith("0000") for c in codes)]
    assert len(provinces) == 31 and "浙江省" in provinces and "广西壮族自治区" in provinces
    assert divisions.codes["德清县"] == ("330521",) and len(divisions.codes["朝阳区"]) == 2
    names = [name for _s, _e, name in divisions.find("新县城、市和县两级、城区、新城区、开发区都要抓，和平区域稳定。")]
    assert names == []
    assert [name for _s, _e, name in divisions.find("赴上海城市更新现场，南京市、黔东南苗族侗族自治州")] == [
        "南京市",
        "黔东南苗族侗族自治州",
    ]


def test_the_office_level_words_are_the_models():
    assert set(OFFICE_LEVELS) == set(RANK)


# -- outdated names -------------------------------------------------------------------------------------

LAND = "国土资源局要做好项目用地保障。"


def test_an_outdated_name_in_a_speech_after_the_reform_names_its_replacement(office):
    assert found(speech([LAND], date=dt.date(2026, 3, 6))) == [
        "开头第1段：“国土资源局”自2019年4月起已改为“自然资源局”（2018年机构改革），请改为“自然资源局”；"
        "如是说改革前的情况，请写作“原国土资源局”"
    ]


def test_the_same_name_in_a_speech_before_the_reform_is_fine(office):
    assert found(speech([LAND], date=dt.date(2016, 3, 6))) == []


@pytest.mark.parametrize(
    "text",
    [
        "原国土资源局的档案要移交自然资源局。",
        "原县环保局的同志要继续发挥作用。",
        "原来的扶贫办已经改为乡村振兴局。",
        "国土资源局（现自然资源局）当年做了大量工作。",
        "2019年，国土资源局更名为自然资源局。",
        "农业部门要抓好春耕，环境保护部署要到位。",
    ],
)
def test_a_historical_mention_or_a_word_that_only_looks_like_one_is_not_flagged(office, text):
    assert found(speech([text])) == []


def test_the_date_comes_from_the_byline_when_the_meeting_has_none(office):
    dated = speech([LAND], date=None)
    dated.byline = "（二〇一六年三月六日）"
    assert speech_date(dated) == (dt.date(2016, 3, 6), "署名")
    assert found(dated) == []


def test_without_any_date_today_counts_and_the_message_says_so(office):
    undated = speech(["安监局要开展拉网式排查。"], date=None)
    assert speech_date(undated)[1] == "今天"
    assert found(undated) == [
        "开头第1段：“安监局”自2019年4月起已改为“应急管理局”（2018年机构改革），请改为“应急管理局”；"
        "如是说改革前的情况，请写作“原安监局”（讲话没有写日期，按今天算）"
    ]


def test_a_name_renamed_twice_gives_the_name_current_on_the_speechs_day(office):
    assert "请改为“国家金融监督管理总局”" in found(speech(["银监会出台了新规。"], date=dt.date(2026, 1, 5)))[0]
    assert "请改为“中国银行保险监督管理委员会”" in found(speech(["银监会出台了新规。"], date=dt.date(2020, 1, 5)))[0]


def test_the_office_adds_and_corrects_outdated_names(office, tmp_path):
    extra = tmp_path / "本地过时名称.yaml"
    extra.write_text(
        "names:\n"
        "  - name: 城关镇\n    replacement: 城关街道\n    since: 2024\n    source: 2023年撤镇设街道\n"
        "  - name: 国土资源局\n    replacement: 自然资源和规划局\n    since: 2020-01-01\n",
        encoding="utf-8",
    )
    office(outdated_names=[extra.name])
    assert found(speech(["城关镇要抓好老旧小区改造。"], date=dt.date(2025, 1, 1))) == [
        "开头第1段：“城关镇”自2024年1月起已改为“城关街道”（2023年撤镇设街道），请改为“城关街道”；"
        "如是说改革前的情况，请写作“原城关镇”"
    ]
    assert found(speech([LAND], date=dt.date(2019, 6, 1))) == []  # this county changed later
    assert "自然资源和规划局" in found(speech([LAND], date=dt.date(2021, 6, 1)))[0]
    assert found(speech(["国土局要做好用地保障。"], date=dt.date(2021, 6, 1))) == []  # the alias went with it


@pytest.mark.parametrize(
    "content, says",
    [
        ("names:\n  - name: 国土资源局\n    replacement 自然资源局\n", "YAML 格式不对"),
        ("names:\n  - name: 国土资源局\n    since: 2019\n", "第2行：过时名称文件的第1条缺少 replacement"),
        (
            "names:\n  - {name: 甲局, replacement: 乙局, since: 2019}\n  - {name: 丙局, replacement: 丁局, since: 去年}\n",
            "第3行：过时名称文件的第2条的 since 应是改名的日期",
        ),
        ("names:\n  - {name: 甲局, replace: 乙局, since: 2019}\n", "第2行：过时名称文件的第1条有不认识的字段“replace”"),
        ("name: 甲局\n", "第1行：过时名称文件中有不认识的字段“name”"),
        ("names: 甲局\n", "第1行：names 应是列表"),
        ("names:\n  - {name: 局, replacement: 乙局, since: 2019}\n", "name 太短"),
    ],
)
def test_a_broken_office_file_is_one_line_naming_the_file_and_line(office, tmp_path, content, says):
    extra = tmp_path / "过时名称.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(InputFileError) as error:
        load_outdated_names([extra])
    assert str(extra) in str(error.value) and says in str(error.value)


def test_the_built_in_list_has_a_date_replacement_and_source_for_every_entry():
    names = load_outdated_names()
    for word, entry in names.entries.items():
        assert entry.replacement and entry.source and dt.date(2018, 1, 1) <= entry.since <= dt.date(2024, 1, 1), word
        assert names.current(word, dt.date(2026, 1, 1)) not in names.entries or word == entry.replacement


def test_dates_are_read_in_the_forms_speeches_write_them():
    assert parse_date("（2026年9月28日）") == dt.date(2026, 9, 28)
    assert parse_date("二〇二六年九月二十八日") == dt.date(2026, 9, 28)
    assert parse_date("2026-09-28") == dt.date(2026, 9, 28)
    assert parse_date("（2026年2月30日）") is None and parse_date("县委书记 王某") is None


# -- the command line -----------------------------------------------------------------------------------


def test_jianggao_check_lists_them_and_exits_1_for_a_problem_0_for_hints(tmp_path):
    config = tmp_path / "设置.yaml"
    config.write_text("local_places: [德清县]\n", encoding="utf-8")
    env = dict(os.environ, JIANGGAO_CONFIG=str(config))
    copied = save_draft(speech(["我市要乘势而上，安吉县的同志也要支持。"]), tmp_path / "照搬.yaml")
    result = run_cli("check", str(copied), env=env)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "开头第1段：出现“我市”，这是县里的讲话，是否从市里的材料照搬？请改为“我县”或核实",
        "开头第1段：出现“安吉县”，不是本地的地名，是否从别处的材料照搬？请核实；如确是提到外地（如学习考察、对口协作），可不改",
    ]
    assert "共 2 个问题" in result.stderr
    hinted = save_draft(speech(["全市经济运行平稳。"]), tmp_path / "提示.yaml")
    result = run_cli("check", str(hinted), env=env)
    assert result.returncode == 0 and result.stdout.startswith("开头第1段：（提示）出现“全市”")
    assert "未发现问题（1 条提示）" in result.stderr


def test_jianggao_check_with_a_broken_office_file_says_where_and_exits_2(tmp_path):
    config = tmp_path / "设置.yaml"
    (tmp_path / "过时名称.yaml").write_text("names:\n  - {name: 甲局, since: 2019}\n", encoding="utf-8")
    config.write_text("outdated_names: [过时名称.yaml]\n", encoding="utf-8")
    draft = save_draft(speech([LAND]), tmp_path / "草稿.yaml")
    result = run_cli("check", str(draft), env=dict(os.environ, JIANGGAO_CONFIG=str(config)))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"jianggao：{tmp_path / '过时名称.yaml'} 第2行：过时名称文件的第1条缺少 replacement。"
        "每一条写 name（旧名称）、replacement（现在的名称）、since（改名的日期，如 2019-04-01），参照内置的 outdated_names.yaml"
    ]


# -- the composer ---------------------------------------------------------------------------------------


def test_the_page_shows_them_as_notes_beside_their_paragraph(office, tmp_path):
    from toolkit.widgets import Composer

    office(local_places=["德清县"])
    path = save_draft(speech(["今年以来，我市经济稳中向好。", LAND]), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    notes = dict(composer.page.notes())
    assert "出现“我市”，这是县里的讲话" in notes["opening/0"]
    assert "“国土资源局”自2019年4月起已改为“自然资源局”" in notes["opening/1"]
    composer.page.handle({"type": "edit", "key": "opening/0", "text": "今年以来，我县经济稳中向好。", "seq": 1})
    composer.state.flush()
    assert "opening/0" not in dict(composer.page.notes())
    assert "“国土资源局”" in dict(composer.page.notes())["opening/1"]


def test_the_composer_opens_with_a_broken_office_file_and_says_which_one(office, tmp_path, monkeypatch):
    """An advert-rules file that is not YAML and an outdated-names file that is not there:
    the composer opens all the same, each file one note naming it and what to do, and the
    built-in lists still check the speech (`jianggao check` exits 2 instead, see above)."""
    from toolkit.widgets import Composer

    monkeypatch.delenv("JIANGGAO_NOISE_RULES", raising=False)
    rules = tmp_path / "单位广告规则.yaml"
    rules.write_text("rules:\n  - name: 广告\n    pattern: [未闭合\n", encoding="utf-8")
    office(noise_rules=[str(rules)], outdated_names=[str(tmp_path / "过时名称.yaml")])
    advert = "更多精品范文请关注微信公众号。"
    path = save_draft(speech([LAND, advert]), tmp_path / "草稿.yaml")
    composer = Composer(path, autosave_delay=0, refresh_delay=0)
    notes = [p.message for p in composer.state.problems() if p.where == "单位设置"]
    assert len(notes) == 2
    assert notes[0].startswith("单位广告规则.yaml 第4行：广告识别规则文件的 YAML 格式不对：方括号 [ ] 没有配对")
    assert "这个文件先不用，广告只按内置的规则检查；请管理员改正这个文件，或从设置中去掉它" in notes[0]
    assert notes[1].startswith("过时名称.yaml：") and "过时名称只按内置的名单检查" in notes[1]
    shown = composer.problems.list.value
    assert "单位设置" in shown and "单位广告规则.yaml" in shown and str(tmp_path) not in shown
    assert "JIANGGAO" not in shown and "--" not in shown and "outdated_names" not in shown
    assert "“国土资源局”自2019年4月起已改为“自然资源局”" in dict(composer.page.notes())["opening/0"]
    assert "opening/1" in dict(composer.page.notes())  # the advert, by the built-in rules
    assert [note["where"] for note in composer.page.widget.page["notes"]] == ["单位设置", "单位设置"]
    composer.export.run_export()  # the notes are hints: the list before exporting has only the speech's problems
    assert sorted(p.where for p in composer.export.problems) == ["开头第1段", "开头第2段"]
