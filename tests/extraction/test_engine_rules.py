"""Rules the real development set taught the engine, each on invented text written for the test."""

from __future__ import annotations

from datetime import date

from transforms.extract import extract_article

DAY = date(2024, 5, 20)


def facts(text: str) -> tuple[str, set[tuple], set[tuple]]:
    e = extract_article(text, published=DAY)
    totals = {(t.stage, t.region, t.project_count, t.investment_yuan) for t in e.stage_totals}
    projects = {(p.stage, p.name, p.zone) for p in e.projects}
    return e.kind, totals, projects


def test_a_local_event_states_stage_totals_of_its_own() -> None:
    kind, totals, _ = facts(
        "平遥县重点项目集中开工\n5月18日,平遥县举行重点项目集中开工仪式,12个项目集中开工,总投资约26.5亿元。"
    )
    assert kind == "groundbreaking"
    assert totals == {("started", "平遥县", 12, 2_650_000_000)}


def test_the_publisher_line_says_whose_city_we_are() -> None:
    text = "我市6个项目集中签约\n5月18日,我市举行招商引资项目集中签约仪式,6个项目现场签约,总投资40亿元。\n来源:长治日报"
    assert facts(text)[1] == {("signed", "长治市", 6, 4_000_000_000)}


def test_a_venue_is_not_the_subject() -> None:
    text = (
        "全市开发区活动举行\n5月18日,忻州市举行开发区“三个一批”活动,活动以视频方式与太原主会场同步举行,"
        "共签约项目9个,总投资31亿元。"
    )
    assert ("signed", "忻州市", 9, 3_100_000_000) in facts(text)[1]


def test_a_progress_report_on_a_rounds_projects_is_no_announcement() -> None:
    text = (
        "38个项目有序推进\n连日来,某经开区38个“三个一批”项目建设有序推进。总投资50亿元的12个签约项目,"
        "前期手续加速办理;总投资30亿元的14个开工项目,工程建设全面铺开。"
    )
    kind, totals, projects = facts(text)
    assert (kind, totals, projects) == ("other", set(), set())


def test_a_headline_after_menu_and_date_lines() -> None:
    text = (
        "首页|新闻|地方\n长治市两个项目签约\n2024-05-18 10:20 来源:本网\n"
        "5月18日,长治高新区与两家企业签订年产1万吨碳纤维项目和智能仓储中心项目投资协议。"
    )
    kind, _, projects = facts(text)
    assert kind == "signing"
    assert {name for _, name, _ in projects} == {"年产1万吨碳纤维项目", "智能仓储中心项目"}
    assert {zone for _, _, zone in projects} == {"长治高新技术产业开发区"}


def test_rows_of_a_flattened_table() -> None:
    text = (
        "我市开发区签约项目20个\n5月18日,全省开发区2024年第二次“三个一批”活动举行。我市开发区签约项目20个,总投资90亿元。\n"
        "部分签约项目一览\n序号项目名称所在开发区总投资(亿元)\n1年产3万吨铝箔项目侯马经济开发区6.2\n2冷链物流中心项目洪洞经济技术开发区2.5"
    )
    _, _, projects = facts(text)
    assert projects == {
        ("signed", "年产3万吨铝箔项目", "侯马经济开发区"),
        ("signed", "冷链物流中心项目", "洪洞经济技术开发区"),
    }


def test_a_yearly_total_is_no_event() -> None:
    text = "全省招商引资工作会召开\n记者从会上获悉,2024年,全省招商引资签约项目3000个,签约金额1.4万亿元。"
    assert facts(text) == ("other", set(), set())


def test_a_zone_over_several_cities_is_its_own_region() -> None:
    text = (
        "太忻一体化经济区首批重大项目集中开工\n3月28日,太忻一体化经济区首批重大项目集中开工活动在两市同步举行。"
        "\n此次集中开工的项目共40个,总投资210亿元。"
    )
    assert facts(text)[1] == {("started", "太忻一体化经济区", 40, 21_000_000_000)}


def test_a_zone_acting_in_the_clause_states_its_own_figures() -> None:
    text = (
        "晋中市项目集中开工\n4月2日,晋中市重点项目集中开工仪式举行。"
        "此次晋中开发区集中开工的9个项目,涉及新材料、装备制造等产业,总投资66.5亿元。"
    )
    totals = facts(text)[1]
    assert ("started", "山西转型综合改革示范区晋中开发区", 9, 6_650_000_000) in totals
    assert not any(region == "晋中市" and money for _, region, _, money in totals)


def test_a_list_printed_one_item_per_line_keeps_its_total() -> None:
    text = (
        "5月9日,大同经济技术开发区招商引资12个项目集中签约。\n此次集中签约的有——\n甲材料产业园、\n乙物流中心、\n"
        "丙装备制造基地等12个项目,\n涵盖多个领域,总投资88.8亿元,预计年销售收入约100亿元。"
    )
    assert facts(text)[1] == {("signed", "大同经济技术开发区", 12, 8_880_000_000)}


def test_places_given_as_examples_of_a_group_are_not_the_subject() -> None:
    text = (
        "全省贫困县与企业产业项目对接活动举行\n5月8日,全省贫困县与企业产业项目对接活动在太原举行。"
        "活动中,左权县、和顺县等8个县与20家企业达成合作项目21项,总投资达30.5亿元。"
    )
    assert facts(text)[1] == {("signed", "山西省", 21, 3_050_000_000)}


def test_a_status_or_an_intention_is_not_this_events_batch() -> None:
    status = (
        "甲市全年项目建设成效回顾\n回顾一年,甲市坚持项目为王,已开工项目86个;招商引资成效显著,"
        "今年要开工建设120多个重大项目。"
    )
    assert facts(status) == ("other", set(), set())


def test_a_published_list_is_no_event() -> None:
    text = (
        "乙市公布今年重点工程项目\n近日,乙市公布今年重点工程项目名单,其中,市级重点工程项目86项,"
        "新开工重大项目24项。"
    )
    assert facts(text)[1] == set()


def test_a_place_or_a_slogan_is_not_a_project_name() -> None:
    text = (
        "蒲县举行重点工程集中开工仪式\n5月8日,蒲县举行重点工程集中开工仪式,9个项目集中开工,总投资12亿元。"
        "全县上下牢固树立“项目是第一支撑”理念,蒲县项目开工率位居全市前列。\n"
        "此次仪式也展示了各乡镇争上项目的干劲。"
    )
    _, totals, projects = facts(text)
    assert totals == {("started", "蒲县", 9, 1_200_000_000)}
    assert projects == set()


def test_a_wire_dateline_is_not_the_event_day() -> None:
    text = (
        "吉县12个重点项目集中开工\n中新网山西新闻4月9日电 4月8日,吉县举行2024年重点项目集中开工仪式,"
        "12个项目集中开工,总投资18亿元。"
    )
    e = extract_article(text, published=DAY)
    assert e.campaign is not None and e.campaign.event_date == date(2024, 4, 8)


def test_a_year_opening_the_sentence_recalls_rather_than_reports() -> None:
    text = (
        "开发区项目建设提质增效\n2022年,全省在各开发区同步举行项目集中签约、开工、投产“三个一批”活动,"
        "形成了可复制的经验做法。"
    )
    assert facts(text) == ("other", set(), set())


def test_a_framework_agreement_signs_no_project() -> None:
    text = (
        "甲集团与乡宁县政府签署战略协议\n5月6日,甲集团与乡宁县人民政府举行战略合作框架协议签约仪式。"
        "双方将在新能源、文旅等领域深化合作。"
    )
    assert facts(text) == ("other", set(), set())


def test_a_headline_about_a_list_is_no_event() -> None:
    text = (
        "某省发布今年新开工重大项目名单\n近日,某省发布今年重点工程和新开工重大项目名单,请各地强化服务保障。"
    )
    assert facts(text) == ("other", set(), set())


def test_a_whole_years_sum_is_no_batch() -> None:
    text = (
        "省检查组检查我市开发区工作\n5月6日,省检查组来我市检查开发区工作。"
        "2023年三个开发区共签约招商引资项目26个,总投资88.5亿元,落地项目20个。"
    )
    assert facts(text) == ("other", set(), set())


def test_a_sentence_singling_out_part_of_a_running_total_is_part_of_it() -> None:
    text = (
        "本台消息 某市招商攻坚行动开展一个月,各县进展良好。\n\n截至目前,全市共走访企业90家,"
        "引进项目30个,总投资120亿元。特别是古县、乡宁县表现突出,古县新签约项目9个,超过任务;"
        "乡宁县新引进项目5个,其中3个今年开工。"
    )
    assert facts(text)[1] == set()


def test_figures_from_several_occasions_are_a_round_up() -> None:
    text = (
        "招商引资结硕果\n今年以来,该市持续发力招商引资。在沿海城市推介会上,该市签约项目9个,总投资40亿元。"
        "在第三届投资贸易洽谈会期间,签约项目12个,总投资55亿元。6月8日,在产业合作签字仪式上,共签约项目30项,"
        "投资120亿元。"
    )
    assert facts(text) == ("other", set(), set())
    # One occasion reported with its own figures is an announcement.
    one = "项目集中签约\n6月8日,该市在产业合作签字仪式上共签约项目30项,投资120亿元。"
    assert facts(one)[0] == "signing"


def test_figures_of_several_categories_before_a_cue_are_not_its_own() -> None:
    text = (
        "平遥县项目集中开工投产\n5月18日,平遥县举行项目集中开工、投产仪式。其中,产业项目6个,总投资30亿元;"
        "基础设施项目3个,总投资2亿元;集中投产项目5个,总投资4.5亿元。"
    )
    assert ("in_production", "平遥县", 5, 450_000_000) in facts(text)[1]


def test_one_named_projects_money_is_no_stage_total() -> None:
    text = "风电基地开工\n5月18日,总投资达60亿元的平遥县风电装备制造基地建设项目正式开工。"
    assert facts(text)[1] == set()
    projects = extract_article(text, published=DAY).projects
    assert [(p.name, p.investment_yuan) for p in projects] == [
        ("平遥县风电装备制造基地建设项目", 6_000_000_000)
    ]


def test_a_sentence_defining_one_project_states_no_stage_total() -> None:
    text = (
        "厂房开工\n5月18日,平遥抽水蓄能电站地下厂房开工建设。平遥抽水蓄能电站是全省首批核准的项目,"
        "总投资70亿元,于2023年10月开工,进度位于同期8个项目前列。"
    )
    assert facts(text)[1] == set()


def test_works_without_project_in_their_name_are_named_when_they_start() -> None:
    kind, _, projects = facts("煤矿开工建设\n今天上午,平遥县东山露天煤矿正式开工。")
    assert kind == "groundbreaking"
    assert {name for _, name, _ in projects} == {"平遥县东山露天煤矿"}


def test_a_signing_programme_item_is_no_held_event() -> None:
    text = (
        "梨花节下周开幕\n4月1日,县里召开新闻发布会,梨花节将于4月6日开幕。活动包括戏曲汇演、摄影采风,"
        "以及举行招商引资洽谈及集中签约仪式等10余项活动。"
    )
    assert facts(text)[0] == "other"


def test_a_signed_agreement_named_in_book_title_marks_is_a_signing() -> None:
    text = (
        "经过一个多月的对接,双方正式签订了《平遥县年产5万吨新材料项目投资协议》。据了解,该项目总投资12亿元。"
    )
    kind, totals, projects = facts(text)
    assert kind == "signing"
    assert totals == set()
    assert {(stage, name) for stage, name, _ in projects} == {("signed", "平遥县年产5万吨新材料项目")}


def test_a_park_named_for_its_industry_is_a_project() -> None:
    text = "3月5日,平遥县氢能产业园区项目签约仪式在市宾馆举行。"
    assert {name for _, name, _ in facts(text)[2]} == {"平遥县氢能产业园区项目"}


def money_of(text: str) -> dict[str, int | None]:
    return {p.name: p.investment_yuan for p in extract_article(text, published=DAY).projects}


def test_the_one_projects_money_said_later_in_the_article() -> None:
    lead = "3月17日,平遥县100MW光伏发电项目开工仪式在东泉镇举行。"
    # …,总投资X亿元 in a later clause of a sentence about 该项目
    later = "据了解,该项目作为全市光伏基地的主力项目之一,占地3500亩,新建一座升压站,总投资4.1亿元。"
    assert money_of(lead + later) == {"平遥县100MW光伏发电项目": 410_000_000}
    # the name again without its ending, its money clauses later
    again = "由两家公司共同兴建的平遥县100MW光伏发电,占地3500亩,分两期建设,总投资约4.1亿元。"
    assert money_of(lead + again) == {"平遥县100MW光伏发电项目": 410_000_000}
    # a phase's money is not the project's
    phase = "该项目占地3500亩,其中一期总投资1.2亿元。"
    assert money_of(lead + phase) == {"平遥县100MW光伏发电项目": None}


def test_planned_investment_right_after_a_signed_item_is_its_money() -> None:
    text = (
        "项目集中签约\n5月18日,全市举行项目集中签约仪式。平遥县与甲公司签约“年产2万吨新型建材项目”,"
        "拟投资4850万元;祁县与乙公司签约“5万千瓦光伏发电项目”,拟投资4.5亿元。"
    )
    assert money_of(text) == {"年产2万吨新型建材项目": 48_500_000, "5万千瓦光伏发电项目": 450_000_000}


def test_an_abbreviation_of_a_name_completes_the_full_name() -> None:
    text = (
        "8月30日,上海某某能源科技有限公司平遥北方总部基地项目现场签约。"
        "据介绍,某某科技平遥北方总部基地项目总投资33亿元。"
    )
    assert money_of(text) == {"上海某某能源科技有限公司平遥北方总部基地项目": 3_300_000_000}


def test_a_park_that_starts_production_is_the_project() -> None:
    text = (
        "光电产业园投产\n近日,随着平遥恒创光电产业园的正式投产,全县新兴产业再添动能。"
        "平遥恒创光电产业园位于县城东部,占地约100亩,总投资约10亿元人民币。"
    )
    kind, _, _ = facts(text)
    assert kind == "commissioning"
    assert money_of(text) == {"平遥恒创光电产业园": 1_000_000_000}


def test_planned_investment_of_a_signing_batch_is_its_money() -> None:
    text = "招商引资周报\n上周,平遥县与多家企业对接洽谈,成功签约项目16个,拟投资300.29亿元。"
    assert facts(text)[1] == {("signed", "平遥县", 16, 30_029_000_000)}


def test_a_project_event_at_a_place_is_reported() -> None:
    kind, _, projects = facts("氧化铝项目奠基\n12月21日,平遥年产80万吨氧化铝项目在东泉镇奠基。")
    assert kind == "groundbreaking"
    assert {name for _, name, _ in projects} == {"平遥年产80万吨氧化铝项目"}


def test_signing_a_named_project_is_reported() -> None:
    quoted = '8月3日,该县与某新能源有限公司签约"30MW生物质热电联产项目",总投资4.5亿元。'
    assert facts(quoted)[0] == "signing"
    agreement = "7月28日,平遥经济技术开发区与某科技有限公司成功签订单晶硅项目合作协议。"
    kind, _, projects = facts(agreement)
    assert kind == "signing" and {name for _, name, _ in projects} == {"单晶硅项目"}


def test_works_launched_at_a_ceremony_are_started() -> None:
    text = (
        "十大重点工程启动\n3月1日,平遥县举行2023年首批十大重点工程启动仪式。首批十大重点工程总投资24亿元。"
        "此次启动的重点工程包括古城保护项目、东山河道治理项目等。"
    )
    kind, totals, projects = facts(text)
    assert kind == "groundbreaking"
    assert totals == {("started", "平遥县", 10, 2_400_000_000)}
    assert {(stage, name) for stage, name, _ in projects} == {
        ("started", "古城保护项目"),
        ("started", "东山河道治理项目"),
    }


def test_several_rounds_summed_are_no_batch() -> None:
    text = "2021年,平遥开发区先后开展“三个一批”活动4次,总投资177.26亿元的29个项目集中签约。"
    assert facts(text)[1] == set()


def test_what_a_project_is_described_as_is_no_project() -> None:
    text = (
        "氧化铝项目奠基\n12月21日,平遥年产80万吨氧化铝项目在东泉镇奠基。平遥年产80万吨氧化铝项目位于东泉镇,"
        "是以某集团为主投资建设的大型氧化铝项目,也是省里的重点工程项目。这一新材料项目将带动当地就业。"
    )
    assert {name for _, name, _ in facts(text)[2]} == {"平遥年产80万吨氧化铝项目"}


def test_what_happens_after_production_is_no_report_of_it() -> None:
    text = "正式投产后,每两分钟可有一台车下线。目前是试生产阶段,每天只有30台车下线。"
    assert facts(text)[0] == "other"


def test_a_companys_history_states_no_stage_total() -> None:
    text = (
        "食品产业园见闻\n4月25日,记者走进平遥食品产业园。该企业位于平遥县东泉镇,总投资3亿元,"
        "占地120亩,于2023年7月26日竣工投产。"
    )
    assert facts(text)[1] == set()


def test_what_a_name_is_called_before_it_is_not_part_of_it() -> None:
    text = "10月28日,平遥物流产业园区的标志性项目平遥铁路物流中心项目在平遥县正式开工建设。"
    assert {name for _, name, _ in facts(text)[2]} == {"平遥铁路物流中心项目"}


def test_a_datelines_day_is_the_events_only_when_no_other_day_is_given() -> None:
    later = "2018年8月6日讯,平遥县加大招商力度。8月3日,该县与某公司签约“30MW生物质热电联产项目”。"
    assert extract_article(later).campaign.event_date == date(2018, 8, 3)
    only = "煤矿开工\n本报2009年1月5日讯 今天上午,平遥县东山露天煤矿正式开工。"
    assert extract_article(only).campaign.event_date == date(2009, 1, 5)


def test_a_years_or_a_quarters_sum_is_no_batch() -> None:
    assert facts("2021年签约省外项目14个,总投资额213.99亿元。")[1] == set()
    text = (
        "平遥县项目建设开局良好\n截至3月底,平遥县开复工项目达58个。其中,新建项目开工15个,开工率25%。"
        "今年一季度,平遥县签约的招商引资项目共有34个,总投资47亿元。"
    )
    assert facts(text)[1] == set()


def test_one_stage_named_twice_keeps_its_figures() -> None:
    text = (
        "平遥推介会签约\n3月20日,平遥县玻璃器皿产业推介会在成都举行。"
        "签约仪式环节共签订玻璃器皿产业、县校合作等3大领域19个项目,协议总投资达65.6亿元。"
    )
    assert facts(text)[1] == {("signed", "平遥县", 19, 6_560_000_000)}


def test_the_one_projects_money_in_other_words() -> None:
    lead = "12月21日,平遥年产80万吨氧化铝项目在东泉镇奠基。"
    assert money_of(lead + "该项目投资42亿元,建设工期18个月。") == {"平遥年产80万吨氧化铝项目": 4_200_000_000}
    assert money_of(lead + "该项目由一家企业投资建设,总投资50亿元。") == {
        "平遥年产80万吨氧化铝项目": 5_000_000_000
    }
    phased = "由两家公司兴建的平遥年产80万吨氧化铝,分三期开发建设,总投资约36亿元。"
    assert money_of(lead + phased) == {"平遥年产80万吨氧化铝项目": 3_600_000_000}
    spent = "该项目已累计完成投资2亿元。"
    assert money_of(lead + spent) == {"平遥年产80万吨氧化铝项目": None}


def test_page_chrome_is_no_part_of_the_lead() -> None:
    text = (
        "| 头衔:管理员 |\n| 昵称:十年慢牛 |\n| 发帖数:3324 |\n| 回帖数:1404 |\n| 注册日期:2019-04-24 |\n"
        "主题:某公司开工建设平遥抽水蓄能电站\n19日从某公司获悉,平遥抽水蓄能电站即日起开工建设。"
    )
    kind, _, projects = facts(text)
    assert kind == "groundbreaking"
    assert {name for _, name, _ in projects} == {"平遥抽水蓄能电站"}


def test_power_connected_to_the_grid_is_in_production() -> None:
    text = (
        "光伏电站并网投运\n1月7日14时,省级重点工程项目平遥东山光伏电站并网投运。据了解,该电站总投资5.2亿元。"
    )
    kind, _, projects = facts(text)
    assert kind == "commissioning"
    assert ("in_production", "平遥东山光伏电站") in {(stage, name) for stage, name, _ in projects}


def test_a_phase_written_after_the_name_is_part_of_it() -> None:
    text = "储能电站并网\n6月18日,位于平遥装备制造产业园的平遥500MW独立储能电站项目一期并网投入试运行。"
    assert {name for _, name, _ in facts(text)[2]} == {"平遥500MW独立储能电站项目一期"}


def test_a_month_long_past_dates_a_history_not_the_event() -> None:
    text = "锅炉点火成功\n日前,平遥县垃圾焚烧发电厂1号锅炉点火成功。项目于2016年8月开工,总投资5.25亿元。"
    assert facts(text)[1] == set()


def test_a_status_count_is_no_batch() -> None:
    text = "全省项目建设综述\n982个项目中,目前已经有257个建成投产或部分投产。"
    assert facts(text)[1] == set()


def test_the_signing_ceremony_of_a_named_project() -> None:
    text = "7月27日,平遥县举行生活垃圾焚烧发电厂“BOT”项目的签约仪式。"
    kind, _, projects = facts(text)
    assert kind == "signing"
    assert {name for _, name, _ in projects} == {"生活垃圾焚烧发电厂“BOT”项目"}


def test_a_year_written_before_an_occasion_dates_the_event() -> None:
    text = "洽谈会签约\n今年9月20日,在2013平遥古城招商洽谈会上,签约项目总数15个,投资总额达到308.6亿元。"
    e = extract_article(text)
    assert e.campaign is not None and e.campaign.event_date == date(2013, 9, 20)


def test_a_project_only_described_is_not_reported() -> None:
    text = (
        "副省长调研氢能项目\n5月10日,副省长到平遥调研。平遥2万吨/年焦炉煤气制氢项目是平遥氢能产业园的一期项目,"
        "于2021年4月开工建设,是山西省2021年“三个一批”重点项目,也是签约落地的首个氢能项目。"
    )
    assert facts(text) == ("other", set(), set())


def test_works_listed_before_a_closer_are_named() -> None:
    text = (
        "光伏电站并网\n6月29日,平遥县东山20兆瓦光伏电站、西山10兆瓦光伏电站、南山30兆瓦光伏电站"
        "等3个集中式光伏发电项目相继并网投运。"
    )
    names = {name for _, name, _ in facts(text)[2]}
    assert names == {"平遥县东山20兆瓦光伏电站", "西山10兆瓦光伏电站", "南山30兆瓦光伏电站"}


def test_a_batchs_money_is_not_its_first_named_projects() -> None:
    text = (
        "190个项目集中开工\n3月18日,平遥县举行项目集中开工仪式,平遥年产500万吨焦化项目等190个项目开工建设。"
        "据了解,此次开工的190个项目总投资达746亿元。"
    )
    assert money_of(text) == {"平遥年产500万吨焦化项目": None}


def test_the_one_works_money_said_of_the_works() -> None:
    lead = "电站开工\n19日获悉,平遥抽水蓄能电站即日起开工建设。"
    assert money_of(lead + "工程投资79.6亿元,设计年发电量12亿千瓦时。") == {"平遥抽水蓄能电站": 7_960_000_000}
    assert money_of(lead + "该项目总投资高达25亿元人民币。") == {"平遥抽水蓄能电站": 2_500_000_000}


def test_infrastructure_works_and_their_start() -> None:
    text = "新华网太原5月29日电 平遥东(关)西(街)铁路28日正式开工建设,正线全长79公里。"
    kind, _, projects = facts(text)
    assert kind == "groundbreaking"
    assert {name for _, name, _ in projects} == {"平遥东(关)西(街)铁路"}
    hospital = "3月29日,平遥县中心医院迁建项目正式在城东新区破土动工。"
    assert {name for _, name, _ in facts(hospital)[2]} == {"平遥县中心医院迁建项目"}


def test_this_events_tally_so_far_is_its_total() -> None:
    text = (
        "6月18日记者在平遥农产品展销周上获悉,截至目前,平遥县在本届展销周上共签约招商引资项目35个,"
        "项目总投资245.86亿元。"
    )
    assert facts(text)[1] == {("signed", "平遥县", 35, 24_586_000_000)}
    assert facts("截至目前,平遥县共签约招商引资项目35个,项目总投资245.86亿元。")[1] == set()


def test_parts_kinds_and_programme_slogans_are_no_names() -> None:
    text = (
        "医院新院区开工\n3月29日,平遥县中医院新院区建设项目正式开工。附属工程、引黄工程同时推进,"
        "这是平遥县“百项百亿”项目的重要内容。"
    )
    assert {name for _, name, _ in facts(text)[2]} == {"平遥县中医院新院区建设项目"}
