"""Generalisation patterns, each with a short invented example (not taken from corpus/ or corpus_holdout/).

One test per linguistic pattern the extractor handles beyond the corpus it was tuned on: parallel
stage figures, size-class breakdowns, all-stage sums, region words, list shapes, shared zones,
per-item money, venue projects, partner signings, picture reports.
"""

from __future__ import annotations

from datetime import date

import pytest

from transforms.extract import extract_article
from transforms.industry import classify_industry

PUBLISHED = date(2024, 4, 2)
ROUND = "4月1日,全省开发区2024年第一次“三个一批”活动举行。"


def totals(text: str) -> set[tuple[str, str, int | None, int | None]]:
    e = extract_article(text, published=PUBLISHED)
    return {(t.stage, t.region, t.project_count, t.investment_yuan) for t in e.stage_totals}


def projects(text: str) -> set[tuple[str, str, str | None, int | None]]:
    e = extract_article(text, published=PUBLISHED)
    return {(p.stage, p.name, p.zone, p.investment_yuan) for p in e.projects}


def test_parallel_counts_and_amounts_with_a_size_class_breakdown() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n" + ROUND + "全市开发区签约、开工、投产项目分别为12个、9个、7个,"
        "总投资分别为40.5亿元、22亿元、8.25亿元。其中,签约项目中5亿元以上项目3个,外资项目1个。"
    )
    assert totals(text) == {
        ("signed", "临汾市", 12, 4_050_000_000),
        ("started", "临汾市", 9, 2_200_000_000),
        ("in_production", "临汾市", 7, 825_000_000),
    }


def test_stage_pairs_then_amounts_respectively() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n" + ROUND + "我市签约项目8个、开工项目6个和投产项目5个,"
        "总投资分别约为30亿元、12.4亿元和6亿元。"
    )
    assert totals(text) == {
        ("signed", "临汾市", 8, 3_000_000_000),
        ("started", "临汾市", 6, 1_240_000_000),
        ("in_production", "临汾市", 5, 600_000_000),
    }


def test_all_stage_sum_is_not_a_stage_and_its_breakdown_is() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n" + ROUND + "全市签约、开工和投产项目共计30个,总投资共计90亿元。"
        "其中,签约项目11个,总投资50亿元;开工项目10个,总投资30亿元;投产项目9个,总投资10亿元。"
    )
    assert totals(text) == {
        ("signed", "临汾市", 11, 5_000_000_000),
        ("started", "临汾市", 10, 3_000_000_000),
        ("in_production", "临汾市", 9, 1_000_000_000),
    }


def test_count_and_money_in_separate_sentences_are_merged() -> None:
    text = (
        "我县“三个一批”活动签约项目4个\n" + ROUND + "我县集中签约项目4个,集中开工项目2个。"
        "此次全县签约项目总投资11.2亿元,开工项目总投资3.5亿元,6个项目均落户浮山县产业集聚区。"
    )
    assert totals(text) == {
        ("signed", "浮山县", 4, 1_120_000_000),
        ("started", "浮山县", 2, 350_000_000),
    }


def test_kicker_repeating_a_province_figure_is_not_the_city() -> None:
    text = (
        "全省开发区“三个一批”活动举行\n签约项目300个 总投资1800亿元\n"
        + ROUND
        + "全省开发区共签约项目300个,总投资1800亿元。"
        "我市签约项目14个,总投资61亿元。"
    )
    assert totals(text) == {
        ("signed", "山西省", 300, 180_000_000_000),
        ("signed", "临汾市", 14, 6_100_000_000),
    }


def test_my_city_on_a_county_level_citys_own_site() -> None:
    text = "霍州市3个项目参加全省开发区“三个一批”活动\n" + ROUND + "我市签约项目3个,总投资7.2亿元。"
    assert totals(text) == {("signed", "霍州市", 3, 720_000_000)}


def test_district_words_in_a_district_report() -> None:
    text = "尧都区“三个一批”活动签约\n" + ROUND + "全区签约项目6个,总投资16亿元。"
    assert totals(text) == {("signed", "尧都区", 6, 1_600_000_000)}


def test_numbered_line_per_project_list_with_a_header_zone() -> None:
    text = (
        "浮山县“三个一批”活动签约\n" + ROUND + "\n签约的2个项目均落户浮山县产业集聚区,分别是:\n"
        "1.年产3万吨石墨电极项目,投资12000万元;\n2.核桃乳饮品项目,投资4500万元。"
    )
    assert projects(text) == {
        ("signed", "年产3万吨石墨电极项目", "浮山县产业集聚区", 120_000_000),
        ("signed", "核桃乳饮品项目", "浮山县产业集聚区", 45_000_000),
    }


def test_dashed_lines_after_a_colon_header() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n" + ROUND + "\n现场签约项目如下:\n"
        "——吉县现代农业产业示范区苹果醋酿造项目,总投资1.2亿元;\n"
        "——霍州经济技术开发区年产2万吨铸件项目,总投资3亿元。"
    )
    assert projects(text) == {
        ("signed", "苹果醋酿造项目", "吉县现代农业产业示范区", 120_000_000),
        ("signed", "年产2万吨铸件项目", "霍州经济技术开发区", 300_000_000),
    }


def test_semicolon_list_with_bracketed_money_and_ordinal_markers() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n"
        + ROUND
        + "签约的重点项目有:一是临汾开发区氢能重卡总装项目(总投资7亿元);"
        "二是安泽经济技术开发区针状焦项目(总投资4.4亿元)。"
    )
    assert projects(text) == {
        ("signed", "氢能重卡总装项目", "临汾经济开发区", 700_000_000),
        ("signed", "针状焦项目", "安泽经济技术开发区", 440_000_000),
    }


def test_zone_written_after_the_list() -> None:
    text = (
        "洪洞县“三个一批”项目集中开工\n" + ROUND + "集中开工的项目有:高纯硅烷项目、智能仓储中心项目等,"
        "均位于洪洞经济技术开发区。"
    )
    assert {(s, n, z) for s, n, z, _ in projects(text)} == {
        ("started", "高纯硅烷项目", "洪洞经济技术开发区"),
        ("started", "智能仓储中心项目", "洪洞经济技术开发区"),
    }


def test_subject_zone_of_a_list_and_respectively() -> None:
    text = (
        "侯马市“三个一批”活动\n" + ROUND + "落户侯马经济开发区的2个开工项目分别为年产1万套齿轮箱项目和"
        "光伏支架项目。侯马经济开发区同时投产的还有汽车线束项目。"
    )
    assert {(s, n, z) for s, n, z, _ in projects(text)} == {
        ("started", "年产1万套齿轮箱项目", "侯马经济开发区"),
        ("started", "光伏支架项目", "侯马经济开发区"),
        ("in_production", "汽车线束项目", "侯马经济开发区"),
    }


def test_comma_separated_items_each_with_money() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n" + ROUND + "签约项目中,曲沃经济技术开发区中药饮片项目总投资2亿元,"
        "医用敷料项目总投资1.5亿元。"
    )
    assert projects(text) == {
        ("signed", "中药饮片项目", "曲沃经济技术开发区", 200_000_000),
        ("signed", "医用敷料项目", "曲沃经济技术开发区", 150_000_000),
    }


def test_venue_of_a_groundbreaking_is_a_started_project() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n"
        + ROUND
        + "临汾分会场设在襄汾经济技术开发区年产8万吨铝型材项目开工现场。"
        "开工仪式在乡宁生态文化旅游示范区康养小镇项目现场举行。"
    )
    assert {(s, n, z) for s, n, z, _ in projects(text)} == {
        ("started", "年产8万吨铝型材项目", "襄汾经济技术开发区"),
        ("started", "康养小镇项目", "乡宁生态文化旅游示范区"),
    }


def test_signing_with_a_partner_takes_the_subject_zone_and_money() -> None:
    text = "尧都高新区签约储能电站项目\n4月1日,尧都高新区与一家能源企业签约储能电站项目,投资6000万元。"
    e = extract_article(text, published=PUBLISHED)
    assert e.kind == "signing"
    assert {(p.stage, p.name, p.zone, p.investment_yuan) for p in e.projects} == {
        ("signed", "储能电站项目", "尧都高新技术产业开发区", 60_000_000)
    }


def test_stage_section_paragraph_with_zoned_statements() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n" + ROUND + "\n从签约情况看,装备制造项目居多。"
        "侯马经济开发区年产500台农机项目总投资3亿元,由省内企业投资;永和县产业集聚区红枣加工项目总投资0.8亿元。"
    )
    assert projects(text) == {
        ("signed", "年产500台农机项目", "侯马经济开发区", 300_000_000),
        ("signed", "红枣加工项目", "永和县产业集聚区", 80_000_000),
    }


def test_zone_statement_and_phase_line_after_the_name() -> None:
    text = (
        "襄汾县“三个一批”活动\n" + ROUND + "我县3个投产项目均位于襄汾经济技术开发区。"
        "当天投产的新型墙材项目二期生产线,已满负荷运行。"
    )
    assert {(s, n, z) for s, n, z, _ in projects(text)} == {
        ("in_production", "新型墙材项目", "襄汾经济技术开发区")
    }


def test_picture_report_of_observed_lines_is_a_round_report() -> None:
    text = (
        "图说:开发区生产线见闻\n4月1日,全省开发区2024年第一次“三个一批”活动结束后,观摩团观摩了"
        "浮山县产业集聚区年产5万吨石英砂项目生产线。\n图为生产车间。"
    )
    e = extract_article(text, published=PUBLISHED)
    assert e.kind == "campaign_report"
    assert [(p.stage, p.name) for p in e.projects] == [("in_production", "年产5万吨石英砂项目")]


def test_plans_in_a_list_header_still_veto() -> None:
    text = "我县项目工作会召开\n4月1日,我县召开会议。计划开工的项目包括:物流园项目、污水处理厂项目等。"
    e = extract_article(text, published=PUBLISHED)
    assert e.kind == "other" and not e.projects


def test_generic_group_words_are_not_projects() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n"
        + ROUND
        + "市领导出席并宣布项目开工。这是当天签约的单体投资最大项目。"
    )
    assert projects(text) == set()


# --- Recall on unseen wording: list shapes, scripts, zone context, item money, totals, look-backs ---
CITY = "全市开发区“三个一批”活动举行\n" + ROUND


def kind_of(text: str) -> tuple[str, bool, int]:
    """(kind, whether a province-wide round is reported, number of facts)."""
    e = extract_article(text, published=PUBLISHED)
    return e.kind, e.campaign is not None and e.campaign.is_round, len(e.stage_totals) + len(e.projects)


def test_including_list_with_a_final_he() -> None:
    text = CITY + (
        "我市集中签约的项目包括:浮山县产业集聚区年产3万吨玄武岩纤维项目、古县产业集聚区焦炉煤气制氢项目"
        "和乡宁经济技术开发区矿用装备再制造项目。"
    )
    assert projects(text) == {
        ("signed", "年产3万吨玄武岩纤维项目", "浮山县产业集聚区", None),
        ("signed", "焦炉煤气制氢项目", "古县产业集聚区", None),
        ("signed", "矿用装备再制造项目", "乡宁经济技术开发区", None),
    }


def test_except_list_then_also_list() -> None:
    text = CITY + (
        "除翼城产业集聚区年产10万吨精密铸件项目、曲沃经济技术开发区生物基材料项目外,"
        "还有襄汾经济技术开发区光伏支架项目、侯马经济开发区冷链物流园项目等集中开工。"
    )
    assert {(p[0], p[1]) for p in projects(text)} == {
        ("started", "年产10万吨精密铸件项目"),
        ("started", "生物基材料项目"),
        ("started", "光伏支架项目"),
        ("started", "冷链物流园项目"),
    }


def test_circled_digit_items_keep_the_digit_out_of_the_name() -> None:
    text = CITY + (
        "签约项目如下:\n①霍州经济技术开发区年产500台矿山机械项目;\n②洪洞经济技术开发区年产2万吨有机肥项目;"
        "\n③蒲县产业集聚区中药饮片加工项目。"
    )
    found = extract_article(text, published=PUBLISHED).projects
    assert {(p.name, p.capacity) for p in found} == {
        ("年产500台矿山机械项目", "年产500台"),
        ("年产2万吨有机肥项目", "年产2万吨"),
        ("中药饮片加工项目", None),
    }


def test_bullet_line_per_project_after_an_all_in_one_zone_header() -> None:
    text = CITY + (
        "签约的3个项目全部落户侯马经济开发区:\n◆年产8000套汽车零部件项目\n●数字化仓储中心项目\n■年产1GWh储能电池项目"
    )
    e = extract_article(text, published=PUBLISHED)
    assert {(p.name, p.zone, p.capacity) for p in e.projects} == {
        ("年产8000套汽车零部件项目", "侯马经济开发区", "年产8000套"),
        ("数字化仓储中心项目", "侯马经济开发区", None),
        ("年产1GWh储能电池项目", "侯马经济开发区", "年产1GWh"),
    }
    assert e.stage_totals == []  # the 3 projects of one zone are no city total


def test_respectively_comma_list_with_zone_prefixes() -> None:
    text = CITY + (
        "集中开工的项目分别是:襄汾经济技术开发区年产6万吨铸管项目,尧都高新技术产业开发区智慧物流园项目,"
        "曲沃经济技术开发区光伏组件项目。"
    )
    assert projects(text) == {
        ("started", "年产6万吨铸管项目", "襄汾经济技术开发区", None),
        ("started", "智慧物流园项目", "尧都高新技术产业开发区", None),
        ("started", "光伏组件项目", "曲沃经济技术开发区", None),
    }


def test_started_and_production_list_wordings() -> None:
    started = (
        CITY
        + "开工的项目有霍州经济技术开发区年产30万吨焦化副产品深加工项目、安泽经济技术开发区甲醇制烯烃项目。"
    )
    assert {p[1] for p in projects(started)} == {"年产30万吨焦化副产品深加工项目", "甲醇制烯烃项目"}
    trial = CITY + "乡宁经济技术开发区年产12万吨硅铁项目点火试产。"
    assert projects(trial) == {("in_production", "年产12万吨硅铁项目", "乡宁经济技术开发区", None)}
    running = CITY + "投产的襄汾经济技术开发区不锈钢深加工项目、浮山县产业集聚区石墨电极项目等项目运行平稳。"
    assert projects(running) == {
        ("in_production", "不锈钢深加工项目", "襄汾经济技术开发区", None),
        ("in_production", "石墨电极项目", "浮山县产业集聚区", None),
    }


def test_traditional_and_glossed_scripts_with_corner_quotes() -> None:
    text = (
        "全市開發區「三個一批」活動舉行\n4月1日,全省開發區2024年第一次「三個一批」活動舉行。"
        "集中開(kāi)工的項(xiàng)目包括:侯馬經濟開發區年產5萬噸鋁型材項(xiàng)目、高端裝備產業園項目"
        "和智能倉儲項目。"
    )
    e = extract_article(text, published=PUBLISHED)
    assert e.kind == "campaign_report"
    assert {(p.stage, p.name, p.zone) for p in e.projects} == {
        ("started", "年产5万吨铝型材项目", "侯马经济开发区"),
        ("started", "高端装备产业园项目", "侯马经济开发区"),
        ("started", "智能仓储项目", "侯马经济开发区"),
    }


def test_zone_of_a_visit_clause_covers_every_project_after_it() -> None:
    text = (
        CITY
        + "观摩团来到侯马经济开发区,观摩了年产10万吨汽车轮毂项目生产线,并参加了智能物流装备项目开工仪式。"
    )
    assert projects(text) == {
        ("in_production", "年产10万吨汽车轮毂项目", "侯马经济开发区", None),
        ("started", "智能物流装备项目", "侯马经济开发区", None),
    }


def test_settled_here_clause_is_not_part_of_the_name() -> None:
    text = "尧都区“三个一批”活动\n" + ROUND + "落户该区的新能源电池回收项目举行开工仪式。"
    assert {p[1] for p in projects(text)} == {"新能源电池回收项目"}


def test_item_money_in_brackets_is_no_stage_total() -> None:
    text = CITY + (
        "签约项目包括:霍州经济技术开发区年产50万吨精细化工项目(投资6.8亿元)、"
        "古县产业集聚区煤层气液化项目(总投资31000万元)。"
    )
    assert totals(text) == set()
    assert {(p[1], p[3]) for p in projects(text)} == {
        ("年产50万吨精细化工项目", 680_000_000),
        ("煤层气液化项目", 310_000_000),
    }


def test_signing_volume_words_and_quantity_wordings() -> None:
    text = CITY + "本次活动全省共签约项目420个,签约总额2650亿元。我市签约项目数量达19个,涉及总投资57.11亿元。"
    assert totals(text) == {
        ("signed", "山西省", 420, 265_000_000_000),
        ("signed", "临汾市", 19, 5_711_000_000),
    }
    text = CITY + "全省集中签约项目380个,协议总额1980.6亿元。我市开工一批共16个、投资40.3亿元。"
    assert totals(text) == {
        ("signed", "山西省", 380, 198_060_000_000),
        ("started", "临汾市", 16, 4_030_000_000),
    }


def test_figures_first_then_their_meaning_after_a_dash() -> None:
    text = CITY + "64.28亿元、17个——这是我市签约一批的投资额和项目数。"
    assert totals(text) == {("signed", "临汾市", 17, 6_428_000_000)}


def test_count_before_the_stage_word_and_money_later_in_the_sentence() -> None:
    text = CITY + "我市18个开工项目涵盖新材料、装备制造等领域,计划总投资49.7亿元。"
    assert totals(text) == {("started", "临汾市", 18, 4_970_000_000)}


def test_look_back_genres_yield_nothing() -> None:
    greeting = (
        "2024年新年贺词\n过去的一年,我们在全省开发区“三个一批”活动中签约项目82个,总投资390亿元。"
        "新的一年,我们将继续抓好重大项目建设。"
    )
    assert kind_of(greeting) == ("other", False, 0)
    interview = (
        "访临汾经济开发区主任\n三年来,我们在历次“三个一批”活动中共签约项目56个,"
        "其中年产10万吨轮毂项目已建成投产。"
    )
    assert kind_of(interview) == ("other", False, 0)


def test_commissioning_of_a_project_signed_in_an_earlier_round() -> None:
    text = (
        "年产10万吨轮毂项目投产\n4月1日,侯马经济开发区年产10万吨轮毂项目正式投产。"
        "该项目是2023年第三次“三个一批”活动签约项目,总投资8亿元。"
    )
    e = extract_article(text, published=PUBLISHED)
    # A single commissioning is its own dated event, not the round it was signed in.
    assert (e.kind, e.stage_totals) == ("commissioning", [])
    assert e.campaign is not None and not e.campaign.is_round and e.campaign.event_date == date(2024, 4, 1)
    assert [(p.stage, p.name, p.investment_yuan) for p in e.projects] == [
        ("in_production", "年产10万吨轮毂项目", 800_000_000)
    ]


def test_zone_named_project_in_a_follow_up_sentence_takes_the_stage_before_it() -> None:
    text = CITY + (
        "我市签约项目6个,总投资30亿元;开工项目4个,总投资12亿元。"
        "其中,襄汾经济技术开发区年产3万吨碳纤维项目由一家江苏企业投资建设,总投资7.5亿元。"
    )
    assert projects(text) == {("signed", "年产3万吨碳纤维项目", "襄汾经济技术开发区", 750_000_000)}


def test_zone_named_project_staged_by_the_cue_of_its_clause() -> None:
    text = CITY + (
        "在分会场,古县产业集聚区焦炉煤气综合利用项目等项目完成现场签约,"
        "与会人员还观摩了浮山县产业集聚区年产8000吨核桃油加工项目,该项目已于近日投产。"
    )
    assert projects(text) == {
        ("signed", "焦炉煤气综合利用项目", "古县产业集聚区", None),
        ("in_production", "年产8000吨核桃油加工项目", "浮山县产业集聚区", None),
    }


def test_catch_all_skips_building_sites_plans_and_non_round_texts() -> None:
    site = CITY + "与会人员察看了正在建设中的翼城产业集聚区氢能重卡项目现场。"
    assert projects(site) == set()
    plan = CITY + "下一步,乡宁经济技术开发区年产6万吨焦炭项目计划于年底开工。"
    assert projects(plan) == set()
    news = "乡宁经济技术开发区召开安全生产会\n会议通报了乡宁经济技术开发区年产6万吨焦炭项目安全检查情况。"
    assert kind_of(news) == ("other", False, 0)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("年产5万吨低氧光亮铜杆项目", "新材料"),
        ("年产8万吨铝板带箔项目", "新材料"),
        ("年产1.2万吨双向拉伸薄膜项目", "新材料"),
        ("年产3000吨钛合金粉末项目", "新材料"),
        ("年产80万吨活性石灰项目", "新材料"),
        ("白云石精深加工项目", "新材料"),
        ("年产2万吨锂电池电解液项目", "新材料"),
        ("制氢设备研发生产基地项目", "新能源"),
        ("光伏装备产业园项目", "新能源"),
        ("年产2000台氢能重卡项目", "装备制造"),
        ("年产8万吨球墨铸铁管项目", "装备制造"),
        ("年产6万吨离心铸管项目", "装备制造"),
        ("黄河游客服务中心项目", "文旅康养"),
        ("乡村观光小火车项目", "文旅康养"),
    ],
)
def test_industry_keyword_families(name: str, label: str) -> None:
    """Families, not single products: non-ferrous rod/plate/strip, metal powders, films, lime and
    other minerals, battery chemicals, whole new-energy equipment chains, visitor services."""
    assert classify_industry(name) == label


def test_bracketed_item_money_inside_a_he_or_yiji_list() -> None:
    text = CITY + (
        "签约的4个项目全部落户洪洞经济技术开发区,包括:年产2万吨冷轧薄板项目(投资3.1亿元)、"
        "精密轴承项目(总投资约8000万元)、农产品冷库项目(投资三千万元)和光伏车棚项目(投资1.5亿)。"
    )
    assert projects(text) == {
        ("signed", "年产2万吨冷轧薄板项目", "洪洞经济技术开发区", 310_000_000),
        ("signed", "精密轴承项目", "洪洞经济技术开发区", 80_000_000),
        ("signed", "农产品冷库项目", "洪洞经济技术开发区", 30_000_000),
        ("signed", "光伏车棚项目", "洪洞经济技术开发区", 150_000_000),
    }
    # The same shape without a header, staged by the stage word after it, joined by 以及 / 及.
    enumeration = CITY + (
        "曲沃经济技术开发区的年产6万吨玻璃瓶项目(投资1.8亿元)、中药配方颗粒项目(投资9000万元)"
        "以及数据机房项目(投资2.2亿元)集中开工。"
    )
    assert projects(enumeration) == {
        ("started", "年产6万吨玻璃瓶项目", "曲沃经济技术开发区", 180_000_000),
        ("started", "中药配方颗粒项目", "曲沃经济技术开发区", 90_000_000),
        ("started", "数据机房项目", "曲沃经济技术开发区", 220_000_000),
    }
    # Bracketed item money is never a stage total.
    assert totals(enumeration) == set()


def test_money_only_parallel_stage_totals_of_another_city() -> None:
    text = (
        "全省开发区“三个一批”活动举行\n"
        + ROUND
        + "各市中,大同市签约、开工项目总投资分别为88.6亿元和41.2亿元;"
        "忻州市签约和投产项目分别投资52亿元、19.75亿元,开工项目30个。"
    )
    assert totals(text) == {
        ("signed", "大同市", None, 8_860_000_000),
        ("started", "大同市", None, 4_120_000_000),
        ("signed", "忻州市", None, 5_200_000_000),
        ("in_production", "忻州市", None, 1_975_000_000),
        ("started", "忻州市", 30, None),
    }


def test_figures_first_with_a_long_clause_before_their_meaning() -> None:
    text = CITY + (
        "35.6亿元、12个——这是4月1日举行的全省开发区2024年第一次“三个一批”活动中,"
        "我市各开发区开工一批的投资额和项目数。"
    )
    assert totals(text) == {("started", "临汾市", 12, 3_560_000_000)}


def test_interview_with_a_subtitle_recalling_signings_yields_nothing() -> None:
    text = (
        "“抓项目就是抓发展”——访侯马经济开发区负责人\n记者:这一年有哪些变化?\n"
        "负责人:我们在“三个一批”活动中签约项目15个。2022年二季度签约的年产5万吨铝杆项目已投产。"
    )
    assert kind_of(text) == ("other", False, 0)


def test_amounts_respectively_after_the_named_projects() -> None:
    ranked = CITY + (
        "开工项目中,投资额排在前两位的是浮山县产业集聚区年产8万吨铝杆项目和乡宁经济技术开发区"
        "焦炉煤气制氢项目,计划总投资分别为6.4亿元、3.9亿元。"
    )
    assert projects(ranked) == {
        ("started", "年产8万吨铝杆项目", "浮山县产业集聚区", 640_000_000),
        ("started", "焦炉煤气制氢项目", "乡宁经济技术开发区", 390_000_000),
    }
    signing = (
        "翼城两个项目签约\n5月6日,翼城产业集聚区举行签约仪式,落户该区的年产2万吨镁合金压铸件项目"
        "和冷链物流园项目成功签约,分别投资4.2亿元和1.7亿元。"
    )
    assert projects(signing) == {
        ("signed", "年产2万吨镁合金压铸件项目", "翼城县产业集聚区", 420_000_000),
        ("signed", "冷链物流园项目", "翼城县产业集聚区", 170_000_000),
    }


def test_all_in_one_zone_header_without_de_opens_a_bullet_list() -> None:
    text = CITY + (
        "开工项目均位于古县经济技术开发区,分别是:\n●核桃乳饮品项目,总投资1.1亿元\n"
        "●年产30万吨石料加工项目,总投资2.6亿元\n"
    )
    assert projects(text) == {
        ("started", "核桃乳饮品项目", "古县经济技术开发区", 110_000_000),
        ("started", "年产30万吨石料加工项目", "古县经济技术开发区", 260_000_000),
    }


def test_a_name_repeated_without_its_output_takes_the_full_name() -> None:
    text = CITY + (
        "開工儀式設在襄汾經濟技術開發區年產20萬噸鋁合金模板項目施工現場。"
        "開工的5個項目中,除鋁合金模板項目外,還有冷鏈物流項目和光伏車棚項目等。"
    )
    assert {(stage, name) for stage, name, _, _ in projects(text)} == {
        ("started", "年产20万吨铝合金模板项目"),
        ("started", "冷链物流项目"),
        ("started", "光伏车棚项目"),
    }


def test_a_project_picked_out_of_a_stage_takes_that_stage() -> None:
    text = CITY + (
        "5个投产项目中,侯马经济开发区年产1万吨铸造涂料项目是前年签约、去年开工的项目,仅用8个月建成。"
        "在签约的7个项目里,亿元以上项目4个。"
    )
    assert projects(text) == {("in_production", "年产1万吨铸造涂料项目", "侯马经济开发区", None)}
    progress = (
        "我县重点项目建设提速\n今年以来,全县开工项目中,侯马经济开发区年产5万吨铸件项目已完成投资2亿元。"
    )
    assert kind_of(progress) == ("other", False, 0)


def test_a_workshop_visited_during_a_round_is_in_production() -> None:
    caption = CITY + "图为与会人员在翼城产业集聚区年产3万吨玄武岩纤维项目生产车间参观。"
    assert projects(caption) == {("in_production", "年产3万吨玄武岩纤维项目", "翼城县产业集聚区", None)}
    tour = (
        "市领导调研重点项目\n市领导走进洪洞经济技术开发区年产5万吨碳纤维项目车间,了解生产情况。"
        "随后察看了年产2万吨硅材料项目车间建设进度。"
    )
    assert kind_of(tour) == ("other", False, 0)


def test_amounts_respectively_are_the_projects_not_a_stage_total() -> None:
    text = CITY + (
        "开工项目中,侯马经济开发区年产2万吨锻件项目和翼城产业集聚区年产1万吨钢构项目"
        "投资额分别达5亿元和2.5亿元。"
    )
    assert totals(text) == set()
    assert projects(text) == {
        ("started", "年产2万吨锻件项目", "侯马经济开发区", 500_000_000),
        ("started", "年产1万吨钢构项目", "翼城县产业集聚区", 250_000_000),
    }


def test_two_bracketed_items_joined_by_yu() -> None:
    text = CITY + "侯马经济开发区的年产2万吨锻件项目(投资5亿元)与智能仓库项目(投资2.5亿元)同日开工。"
    assert projects(text) == {
        ("started", "年产2万吨锻件项目", "侯马经济开发区", 500_000_000),
        ("started", "智能仓库项目", "侯马经济开发区", 250_000_000),
    }


def test_a_stage_dated_in_an_earlier_year_is_a_recollection() -> None:
    recalled = (
        "侯马开发区企业订单饱满\n3月30日,侯马经济开发区车间一片繁忙。"
        "2022年三季度签约的年产8万吨铝合金轮毂项目,如今订单已排到年底。"
    )
    assert kind_of(recalled) == ("other", False, 0)
    produced = (
        "年产8万吨铝合金轮毂项目投产\n3月30日,2022年签约的侯马经济开发区年产8万吨铝合金轮毂项目正式投产。"
    )
    assert projects(produced) == {("in_production", "年产8万吨铝合金轮毂项目", "侯马经济开发区", None)}


@pytest.mark.parametrize(
    "sentence",
    [
        "45.6亿元,15个——这是我市开发区开工一批交出的投资额和项目数。",
        "15个项目、45.6亿元——这就是我市开工一批的项目数与投资额。",
        "45.6亿元、十五个——这是4月1日举行的全省开发区“三个一批”活动中,我市开工一批的投资额和项目数。",
    ],
)
def test_figures_first_wordings(sentence: str) -> None:
    assert totals(CITY + sentence) == {("started", "临汾市", 15, 4_560_000_000)}


def test_all_in_one_zone_header_with_juti_wei() -> None:
    text = (
        CITY
        + "签约项目全部落户侯马经济开发区,具体为:\n◆精密铸件项目,总投资1亿元\n◆高端轴承项目,总投资2亿元\n"
    )
    assert projects(text) == {
        ("signed", "精密铸件项目", "侯马经济开发区", 100_000_000),
        ("signed", "高端轴承项目", "侯马经济开发区", 200_000_000),
    }


def test_the_money_of_a_project_picked_out_is_no_stage_total() -> None:
    largest = CITY + "签约项目中,投资最大的是智能铸造产业园项目,总投资10亿元。"
    assert totals(largest) == set()
    assert projects(largest) == {("signed", "智能铸造产业园项目", None, 1_000_000_000)}
    first = CITY + "开工项目里,体量最大的当属侯马经济开发区冷链物流园项目,计划总投资2.4亿元。"
    assert totals(first) == set()
    assert projects(first) == {("started", "冷链物流园项目", "侯马经济开发区", 240_000_000)}
    respectively = CITY + (
        "签约的侯马经济开发区智能铸造产业园项目、冷链物流园项目,计划总投资分别达到12亿元、3亿元。"
    )
    assert totals(respectively) == set()


def test_two_workshops_visited_in_one_clause_during_a_round() -> None:
    text = CITY + "与会人员先后来到侯马经济开发区年产5万吨铸件项目和年产2万吨轴承项目生产车间观摩。"
    assert projects(text) == {
        ("in_production", "年产5万吨铸件项目", "侯马经济开发区", None),
        ("in_production", "年产2万吨轴承项目", "侯马经济开发区", None),
    }
    tour = "市领导调研\n市领导先后来到侯马经济开发区年产5万吨铸件项目和年产2万吨轴承项目生产车间调研。"
    assert kind_of(tour) == ("other", False, 0)


def test_zone_header_closed_by_a_full_stop_then_marker_lines() -> None:
    text = CITY + "签约项目均落户侯马经济开发区。\n■精密铸件项目 总投资1亿元\n■高端轴承项目 总投资2亿元\n"
    assert projects(text) == {
        ("signed", "精密铸件项目", "侯马经济开发区", 100_000_000),
        ("signed", "高端轴承项目", "侯马经济开发区", 200_000_000),
    }


def test_amount_wordings_in_respective_and_parallel_statements() -> None:
    items = CITY + "签约的侯马经济开发区精密铸件项目和高端轴承项目,计划总投资分别约为1亿元、2亿余元。"
    assert projects(items) == {
        ("signed", "精密铸件项目", "侯马经济开发区", 100_000_000),
        ("signed", "高端轴承项目", "侯马经济开发区", 200_000_000),
    }
    cn = (
        "全省开发区“三个一批”活动举行\n"
        + ROUND
        + "阳泉市签约、开工项目总投资分别为一百零五亿元和九十四点六亿元。"
    )
    assert totals(cn) == {
        ("signed", "阳泉市", None, 10_500_000_000),
        ("started", "阳泉市", None, 9_460_000_000),
    }
    trad = (
        "翼城兩個項目簽約\n５月６日，翼城產業集聚區舉行簽約儀式，落戶該區的年產２萬噸鎂合金壓鑄件項目和"
        "冷鏈物流園項目成功簽約，計劃總投資分別為４．２億元、１．７億元。"
    )
    assert projects(trad) == {
        ("signed", "年产2万吨镁合金压铸件项目", "翼城县产业集聚区", 420_000_000),
        ("signed", "冷链物流园项目", "翼城县产业集聚区", 170_000_000),
    }


def test_visitor_words_in_a_title_are_no_interview() -> None:
    text = "侯马:访客服务中心项目签约\n4月1日,侯马经济开发区与一家企业签约访客服务中心项目。"
    assert kind_of(text) == ("signing", False, 1)


def test_question_and_answer_interview_without_a_look_back_title() -> None:
    text = (
        "开发区项目建设见闻\n记者:今年项目建设有何进展?\n负责人:我们在“三个一批”活动中签约了年产5万吨铝杆项目,"
        "总投资3亿元。\n问:下一步有何打算?\n负责人:继续抓好项目建设。"
    )
    assert kind_of(text) == ("other", False, 0)


# --- Generalisation round 4 (tuned on corpus_blind2/) ----------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "county"),
    [
        (
            "我市5个项目在全省开发区“三个一批”活动中亮相",
            "我市签约项目两个,协议投资超8亿元;开工项目3个,总投资近4.2亿元。两个签约项目均落户侯马经济开发区。",
            "侯马市",
        ),
        (
            "我市4個項目亮相全省開發區“三個一批”活動",
            "我市霍州經濟技術開發區２個項目簽約、1個項目開工、1個項目投產。其中,簽約項目總投資６．５億元。",
            "霍州市",
        ),
    ],
)
def test_county_level_city_desk_says_wo_shi(title: str, body: str, county: str) -> None:
    e = extract_article(f"{title}\n{ROUND}{body}", published=PUBLISHED)
    assert {t.region for t in e.stage_totals} == {county}
    assert all(t.region_level == "county" for t in e.stage_totals)


def test_wo_shi_report_naming_zones_of_several_counties_stays_the_city() -> None:
    text = (
        "我市8个项目亮相全省开发区“三个一批”活动\n" + ROUND + "我市签约项目8个,总投资30亿元。"
        "其中,侯马经济开发区3个,襄汾经济技术开发区5个。"
    )
    assert totals(text) == {("signed", "临汾市", 8, 3_000_000_000)}


def test_stage_then_count_kicker_without_separators() -> None:
    text = (
        "图说开发区“三个一批”活动\n签约项目十二个 开工项目9个 投产项目7个\n"
        + ROUND
        + "本次签约项目总投资41亿元,开工项目总投资20.5亿元,投产项目总投资8亿元。"
    )
    assert totals(text) == {
        ("signed", "临汾市", 12, 4_100_000_000),
        ("started", "临汾市", 9, 2_050_000_000),
        ("in_production", "临汾市", 7, 800_000_000),
    }


def test_count_before_each_stage_word_in_a_dunhao_series() -> None:
    text = "全市开发区“三个一批”活动举行\n" + ROUND + "全市4个项目签约、3个项目开工、两个项目投产。"
    assert totals(text) == {
        ("signed", "临汾市", 4, None),
        ("started", "临汾市", 3, None),
        ("in_production", "临汾市", 2, None),
    }


def test_positional_lists_of_cities_for_one_stage() -> None:
    text = (
        "全省开发区“三个一批”活动举行\n" + ROUND + "全省签约项目300个,总投资1800亿元。"
        "長治市、運城市和臨汾市簽約項目分別為三十一個、28個、19個,簽約額分別為210.5億元、166億元、98.2億元。"
        "晋中市开工项目分别为……"
    )
    assert totals(text) == {
        ("signed", "山西省", 300, 180_000_000_000),
        ("signed", "长治市", 31, 21_050_000_000),
        ("signed", "运城市", 28, 16_600_000_000),
        ("signed", "临汾市", 19, 9_820_000_000),
    }


def test_positional_list_of_counties_without_amounts_and_a_planned_one() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n" + ROUND + "洪洞县、襄汾县开工项目分别为6个和4个。"
        "乡宁县、吉县计划签约项目分别为3个、2个。"
    )
    assert totals(text) == {("started", "洪洞县", 6, None), ("started", "襄汾县", 4, None)}


@pytest.mark.parametrize(
    "sentence",
    [
        "其中,年產5萬噸碳化硅微粉項目有望在全省開發區第二次“三個一批”活動中正式簽約。",
        "其中,智能温室大棚项目可望在下一次“三个一批”活动中集中签约。",
        "双方预计在全省开发区“三个一批”活动中签约年产3000吨酶制剂项目。",
    ],
)
def test_a_project_expected_to_sign_in_a_coming_round_is_no_announcement(sentence: str) -> None:
    text = (
        "临汾开发区(苏州)招商推介会举行\n6个项目达成合作意向\n"
        "4月1日,临汾市开发区招商推介会在苏州举行。现场,6个项目达成合作意向,意向投资额超20亿元。" + sentence
    )
    e = extract_article(text, published=PUBLISHED)
    assert e.kind == "other"
    assert e.projects == [] and e.campaign is None


@pytest.mark.parametrize("opening", ["近年来,", "近些年,", "这些年,"])
def test_background_of_projects_signed_in_recent_years_is_no_signing(opening: str) -> None:
    text = (
        "技师学院与开发区企业签订用工培训协议\n4月1日,市技师学院与襄汾经济技术开发区9家企业签订用工培训协议。"
        f"园区负责人说,{opening}随着一批新能源、现代物流项目相继签约、开工、投产,企业用工需求持续增长。"
    )
    e = extract_article(text, published=PUBLISHED)
    assert e.kind == "other"
    assert e.projects == []


def test_an_expected_output_value_does_not_veto_a_stage_total() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n"
        + ROUND
        + "我市签约项目5个,总投资20亿元,项目全部建成后有望实现年产值50亿元;"
        "开工项目3个,总投资9亿元,可望新增就业2000人。"
    )
    assert totals(text) == {("signed", "临汾市", 5, 2_000_000_000), ("started", "临汾市", 3, 900_000_000)}


def test_items_after_a_header_phrase_and_colon_with_yi_shi_markers() -> None:
    text = (
        "全县开发区“三个一批”活动举行\n" + ROUND + "我县签约项目三个,签约项目全部落户襄汾经济技术开发区,"
        "亮点纷呈:一是年产8万吨硅锰合金项目,投资3亿元;二是冷鲜肉加工项目;三是电商快递分拣中心项目。"
    )
    names = {name for _stage, name, _zone, _inv in projects(text)}
    assert names == {"年产8万吨硅锰合金项目", "冷鲜肉加工项目", "电商快递分拣中心项目"}


def test_zone_reference_gai_qu_is_not_part_of_the_name() -> None:
    text = (
        "全县开发区“三个一批”活动举行\n" + ROUND + "开工仪式在洪洞经济技术开发区年产2万吨碳纤维项目现场举行。"
        "同时开工的还有该区智能仓储项目和园区内污水处理厂提标改造工程。"
    )
    found = {(stage, name, zone) for stage, name, zone, _inv in projects(text)}
    assert ("started", "智能仓储项目", "洪洞经济技术开发区") in found
    assert ("started", "污水处理厂提标改造工程", "洪洞经济技术开发区") in found


@pytest.mark.parametrize("marker", ["(一)", "（一）", "(1)", "（１）"])
def test_one_line_per_item_with_bracketed_chinese_numerals(marker: str) -> None:
    second = marker.replace("一", "二").replace("1", "2").replace("１", "２")
    text = (
        "吉县开发区“三个一批”活动举行\n" + ROUND + "我县签约项目2个,总投资5亿元。签约项目如下:\n"
        f"{marker}年产1万吨沙棘饮料项目,投资3亿元;\n{second}乡村旅游集散中心(一期)项目,投资2亿元。\n"
        "以上项目均落户吉县现代农业产业示范区。"
    )
    assert projects(text) == {
        ("signed", "年产1万吨沙棘饮料项目", "吉县现代农业产业示范区", 300_000_000),
        ("signed", "乡村旅游集散中心(一期)项目", "吉县现代农业产业示范区", 200_000_000),
    }


@pytest.mark.parametrize("name", ["物流园区(二期)工程", "智能制造产业园(三期)项目", "汾河湿地公园(一期)工程"])
def test_a_phase_in_brackets_keeps_a_place_word_in_the_name(name: str) -> None:
    text = "全市开发区“三个一批”活动举行\n" + ROUND + f"开工项目为年产6万吨铝型材项目和{name}。"
    names = {n for _stage, n, _zone, _inv in projects(text)}
    assert names == {"年产6万吨铝型材项目", name}


def test_a_total_with_gong_is_no_project_name() -> None:
    text = "全县开发区“三个一批”活动举行\n" + ROUND + "我县共签约项目3个,共计签约项目总投资9亿元。"
    assert projects(text) == set()


@pytest.mark.parametrize(
    "follow", ["项目总投资3.4亿元,", "该项目计划总投资3.4亿元,", "项目一期总投资3.4亿元,"]
)
def test_money_in_the_sentence_after_the_one_project_named(follow: str) -> None:
    text = (
        "全市开发区“三个一批”活动举行\n" + ROUND + "在襄汾经济技术开发区,高端轴承保持架项目开工建设。"
        f"{follow}建成后年销售收入可达5亿元。"
    )
    assert {(name, inv) for _s, name, _z, inv in projects(text)} == {("高端轴承保持架项目", 340_000_000)}


@pytest.mark.parametrize("count", ["两个", "2个", "这两个"])
def test_respective_money_for_n_projects_named_in_the_sentence_before(count: str) -> None:
    text = (
        "曲沃經濟技術開發區兩個項目同時開工\n4月1日,曲沃經濟技術開發區年產3萬噸碳化硅項目和智慧冷鏈倉儲項目同時開工建設。"
        f"{count}项目计划总投资分别为5.2亿元和1.9亿元。"
    )
    assert {(name, inv) for _s, name, _z, inv in projects(text)} == {
        ("年产3万吨碳化硅项目", 520_000_000),
        ("智慧冷链仓储项目", 190_000_000),
    }


def test_money_after_a_descriptive_shi_clause_about_the_project() -> None:
    text = (
        "全市开发区“三个一批”活动举行\n"
        + ROUND
        + "落户洪洞经济技术开发区的年产2万吨高纯石墨项目是此次签约的最大项目,"
        "总投资18亿元,达产后年产值可达30亿元。"
    )
    assert {(name, inv) for _s, name, _z, inv in projects(text)} == {("年产2万吨高纯石墨项目", 1_800_000_000)}


def test_a_storage_station_in_a_name_is_no_project_pipeline() -> None:
    text = "全县开发区“三个一批”活动举行\n" + ROUND + "开工项目为天然气调峰储备站项目(二期),总投资1.1亿元。"
    assert projects(text) == {("started", "天然气调峰储备站项目(二期)", None, 110_000_000)}


@pytest.mark.parametrize("fields", ["生物医药、康养旅游等领域", "新材料和现代物流两大领域"])
def test_picked_out_items_with_their_money_after_a_fields_sentence(fields: str) -> None:
    text = (
        "蒲县开发区“三个一批”活动举行\n"
        + ROUND
        + f"我县共签约项目2个,签约金额2.66亿元。签约项目涵盖{fields}。"
        "其中,中药饮片炮制中心项目投资1.8亿元,康养民宿集群项目投资8600万元。"
    )
    assert {(stage, name, inv) for stage, name, _z, inv in projects(text)} == {
        ("signed", "中药饮片炮制中心项目", 180_000_000),
        ("signed", "康养民宿集群项目", 86_000_000),
    }


def test_stage_written_before_the_name_outweighs_the_history_after_it() -> None:
    text = (
        "全县开发区“三个一批”活动举行\n" + ROUND + "我县投产项目1个,总投资9000万元。"
        "投产的年产800吨核桃乳生产线项目去年10月开工,今年3月完成调试,当天正式投产。"
        "去年签约的年产2万吨饲料项目正在建设。"
    )
    assert {(stage, name) for stage, name, _z, _inv in projects(text)} == {
        ("in_production", "年产800吨核桃乳生产线项目")
    }


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("年产5万吨再生铜杆项目", "新材料"),
        ("动力电池铝壳精密加工项目", "新材料"),
        ("装配式钢结构住宅部品项目", "新材料"),
        ("分布式光伏支架制造项目", "新能源"),
        ("光伏组件边框项目", "新能源"),
        ("年产15万吨针状焦项目", "化工"),
        ("焦炉煤气制LNG联产合成氨项目", "化工"),
        ("年产50万只铝合金轮毂项目", "装备制造"),
        ("年产300台天然气压缩机项目", "装备制造"),
        ("发动机零部件再制造项目", "节能环保"),
        ("工程机械装备再制造基地项目", "装备制造"),
        ("农特产品深加工项目", "现代农业/食品"),
        ("红枣精深加工项目", "现代农业/食品"),
        ("玉露香梨冷藏加工项目", "现代农业/食品"),
        ("沙棘果汁饮品项目", "现代农业/食品"),
    ],
)
def test_industry_families_of_round_four(name: str, label: str) -> None:
    assert classify_industry(name) == label


@pytest.mark.parametrize("opening", ["一年来,", "今年以来,", "三年来,"])
def test_a_project_picked_out_of_a_look_back_is_no_event(opening: str) -> None:
    text = (
        "开发区建设年终综评\n"
        f"{opening}全市开发区在历次活动中累计签约项目76个,总投资388亿元。"
        "其中,洪洞经济技术开发区年产4万吨碳纤维项目已建成投产。"
    )
    e = extract_article(text, published=PUBLISHED)
    assert e.kind == "other"
    assert e.projects == []


@pytest.mark.parametrize("title", ["2024年全市开发区建设综述", "开发区高质量发展述评", "开发区新项目巡礼"])
def test_round_up_genres_by_title_are_no_announcements(title: str) -> None:
    text = f"{title}\n4月1日,襄汾经济技术开发区年产2万吨铝型材项目竣工投产,成为园区又一亮点。"
    assert extract_article(text, published=PUBLISHED).kind == "other"


@pytest.mark.parametrize("subtitle", ["——访洪洞经济技术开发区管委会主任", "—访襄汾经济技术开发区负责人"])
def test_interview_subtitle_under_a_slogan_title(subtitle: str) -> None:
    text = (
        f"抓项目就是抓发展\n{subtitle}\n记者:今年签约了哪些项目?\n"
        "答:今年,园区年产5万吨硅钢项目集中签约,年产1万吨铜箔项目开工。"
    )
    e = extract_article(text, published=PUBLISHED)
    assert e.kind == "other"
    assert e.projects == []


@pytest.mark.parametrize(
    "closing", ["以上项目均位于洪洞经济技术开发区。", "上述2个项目都落户洪洞经济技术开发区。"]
)
def test_zone_of_a_line_list_written_after_it(closing: str) -> None:
    text = (
        "全市开发区“三个一批”活动举行\n"
        + ROUND
        + "集中开工的项目如下:\n1.年产4万吨石墨电极项目,总投资5亿元;\n"
        f"2.医用导管生产项目,总投资1.3亿元。\n{closing}\n签约项目包括:侯马经济开发区冷链物流园项目。"
    )
    assert projects(text) == {
        ("started", "年产4万吨石墨电极项目", "洪洞经济技术开发区", 500_000_000),
        ("started", "医用导管生产项目", "洪洞经济技术开发区", 130_000_000),
        ("signed", "冷链物流园项目", "侯马经济开发区", None),
    }


@pytest.mark.parametrize("marker", ["——", "●", "1."])
def test_bare_stage_header_with_a_colon_opens_a_line_list(marker: str) -> None:
    text = (
        "全市开发区“三个一批”活动举行\n"
        + ROUND
        + f"签約項目:\n{marker}年產6萬噸再生鋁項目\n{marker}協作機器人項目\n"
        "两个项目均落户曲沃经济技术开发区。"
    )
    assert {(stage, name) for stage, name, _z, _inv in projects(text)} == {
        ("signed", "年产6万吨再生铝项目"),
        ("signed", "协作机器人项目"),
    }


@pytest.mark.parametrize(
    ("sentence", "county"),
    [
        ("临汾某某仓配中心扩建项目在襄汾县开工奠基。", "襄汾县"),
        ("生物质颗粒燃料项目日前在浮山县签约,总投资1.6亿元。", "浮山县"),
        ("智慧物流分拨中心项目于洪洞开工建设。", "洪洞县"),
    ],
)
def test_county_a_zoneless_project_is_placed_in_right_after_its_name(sentence: str, county: str) -> None:
    e = extract_article("重点项目开工\n" + sentence, published=PUBLISHED)
    assert [p.county for p in e.projects] == [county]
    assert all(p.zone is None for p in e.projects)


@pytest.mark.parametrize(
    ("clause", "yuan"),
    [
        ("入驻侯马经济开发区、总投资3.5亿元的", 350_000_000),
        ("计划总投资8000万元的", 80_000_000),
        ("落戶園區、總投資2.6億元的", 260_000_000),
    ],
)
def test_money_in_an_attributive_clause_right_before_the_name(clause: str, yuan: int) -> None:
    text = (
        "项目开工\n活动当天,汽车线束生产项目、冷链配送中心项目同时开工。"
        f"{clause}汽车线束生产项目将新建厂房4万平方米。"
    )
    money = {p.name: p.investment_yuan for p in extract_article(text, published=PUBLISHED).projects}
    assert money == {"汽车线束生产项目": yuan, "冷链配送中心项目": None}
