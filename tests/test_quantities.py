"""Quantities and their meaning, on paragraphs written in the many ways plan reports phrase
things. Each case says what a careful annotator would write down (FORMAT.md conventions):
value with 万/亿 folded in, base unit, measure kind, qualifier, status and period, headline code.

The scaffold report is for 2023 (execution) and 2024 (plan) of an invented county.
"""
from __future__ import annotations

import pytest

from reports import brief, facts

A, T, E, P = "actual", "target", "estimate", "previous"


def one(lexicon, execution="", plan=""):
    fs = facts(lexicon, execution, plan)
    assert len(fs) == 1, brief(fs)
    return brief(fs)[0]


# ---------------------------------------------------------------- headline indicators, levels and growth

def test_quantities_level_and_growth_with_tongbi(lexicon):
    got = brief(facts(lexicon, "全年实现地区生产总值356.8亿元，同比增长6.5%。"))
    assert got == [("356.8", "level", 35680000000.0, "元", "eq", A, 2023, "GRP"),
                   ("6.5", "growth_pct", 6.5, "%", "eq", A, 2023, "GRP")]


def test_quantities_qizhong_sectors(lexicon):
    got = brief(facts(lexicon, "其中，第一产业增加值12.3亿元，增长3.2%；第二产业增加值150.6亿元，增长7.1%；"
                               "第三产业增加值193.9亿元，增长6.2%。"))
    assert [g[7] for g in got] == ["GRP_PRIMARY"] * 2 + ["GRP_SECONDARY"] * 2 + ["GRP_TERTIARY"] * 2
    assert [g[1] for g in got] == ["level", "growth_pct"] * 3
    assert got[2][2] == 15060000000.0


def test_quantities_bishangnian_xiajiang_is_negative_growth(lexicon):
    assert one(lexicon, "规模以上工业增加值比上年下降2.1%。") == (
        "2.1", "growth_pct", -2.1, "%", "eq", A, 2023, "INDUSTRY_VALUE_ADDED")


def test_quantities_written_negative_growth_keeps_sign_in_span(lexicon):
    fs = facts(lexicon, "社会消费品零售总额完成98.7亿元，增长 -1.2%。")
    assert brief(fs)[1] == ("-1.2", "growth_pct", -1.2, "%", "eq", A, 2023, "RETAIL_SALES")
    assert fs[1].quote == "-1.2"


def test_quantities_wancheng_nianjihua_de_is_a_share(lexicon):
    got = brief(facts(lexicon, "完成固定资产投资210亿元，完成年计划的89.4%。"))
    assert got[0] == ("210", "level", 21000000000.0, "元", "eq", A, 2023, "FAI")
    assert got[1][:3] == ("89.4", "share_pct", 89.4) and got[1][7] is None


def test_quantities_fenbie_pairs_subjects_with_values(lexicon):
    got = brief(facts(lexicon, "城镇、农村居民人均可支配收入分别达到45210元、23560元，分别增长5.1%、7.3%。"))
    assert got == [
        ("45210", "level", 45210.0, "元", "eq", A, 2023, "DISPOSABLE_INCOME_PC_URBAN"),
        ("23560", "level", 23560.0, "元", "eq", A, 2023, "DISPOSABLE_INCOME_PC_RURAL"),
        ("5.1", "growth_pct", 5.1, "%", "eq", A, 2023, "DISPOSABLE_INCOME_PC_URBAN"),
        ("7.3", "growth_pct", 7.3, "%", "eq", A, 2023, "DISPOSABLE_INCOME_PC_RURAL"),
    ]


def test_quantities_fenbie_with_he_and_shared_head(lexicon):
    got = brief(facts(lexicon, "城镇和农村居民人均可支配收入分别增长5.5%和7%。"))
    assert [g[7] for g in got] == ["DISPOSABLE_INCOME_PC_URBAN", "DISPOSABLE_INCOME_PC_RURAL"]
    assert [g[2] for g in got] == [5.5, 7.0]


def test_quantities_fenbie_with_chengxiang(lexicon):
    got = brief(facts(lexicon, "城乡居民人均可支配收入分别增长6%、8%。"))
    assert [g[7] for g in got] == ["DISPOSABLE_INCOME_PC_URBAN", "DISPOSABLE_INCOME_PC_RURAL"]


def test_quantities_fenbie_ordinal_list_of_sectors(lexicon):
    got = brief(facts(lexicon, "第一、二、三产业增加值分别增长3.1%、2.5%、6.0%。"))
    assert [g[7] for g in got] == ["GRP_PRIMARY", "GRP_SECONDARY", "GRP_TERTIARY"]
    assert all(g[1] == "growth_pct" for g in got)


def test_quantities_trade_with_exports_and_imports(lexicon):
    got = brief(facts(lexicon, "外贸进出口总额45.3亿元，其中出口30.1亿元，进口15.2亿元。"))
    assert [g[7] for g in got] == ["TRADE_TOTAL", "EXPORTS", "IMPORTS"]


def test_quantities_fdi_in_us_dollars(lexicon):
    assert one(lexicon, "实际使用外资1.2亿美元。") == ("1.2", "level", 120000000.0, "美元", "eq", A, 2023, "FDI_ACTUAL")


def test_quantities_jobs_and_unemployment(lexicon):
    got = brief(facts(lexicon, "新增城镇就业8560人，城镇调查失业率控制在5.5%以内。"))
    assert got == [("8560", "level", 8560.0, "人", "eq", A, 2023, "URBAN_JOBS_NEW"),
                   ("5.5", "share_pct", 5.5, "%", "le", A, 2023, "UNEMPLOYMENT_URBAN")]


def test_quantities_cpi_rise(lexicon):
    assert one(lexicon, "居民消费价格指数上涨1.8%。") == ("1.8", "growth_pct", 1.8, "%", "eq", A, 2023, "CPI")


def test_quantities_yujì_makes_the_whole_sentence_an_estimate(lexicon):
    got = brief(facts(lexicon, "预计，全年一般公共预算收入18.6亿元，下降3.5%；社会消费品零售总额120亿元，增长4%。"))
    assert [g[5] for g in got] == [E, E, E, E]
    assert got[1][:3] == ("3.5", "growth_pct", -3.5)
    assert got[0][7] == "GPB_REVENUE_LOCAL"


def test_quantities_chubu_yuji(lexicon):
    assert one(lexicon, "初步预计，全年地区生产总值增长5.8%。")[5] == E


def test_quantities_estimate_does_not_leak_into_the_next_sentence(lexicon):
    got = brief(facts(lexicon, "预计全年地区生产总值增长5%。城镇新增就业1.2万人。"))
    assert [g[5] for g in got] == [E, A]
    assert got[1][2] == 12000.0 and got[1][7] == "URBAN_JOBS_NEW"


def test_quantities_abbreviations_and_gdp_in_latin(lexicon):
    got = brief(facts(lexicon, "全县GDP、固投、社零分别增长6%、10%、8%。"))
    assert [g[7] for g in got] == ["GRP", "FAI", "RETAIL_SALES"]


def test_quantities_per_capita_gdp_is_not_gdp(lexicon):
    got = brief(facts(lexicon, "人均地区生产总值9.8万元；数字经济增加值占地区生产总值比重达45%；"
                               "单位地区生产总值能耗下降3%。"))
    assert [g[7] for g in got] == [None, None, None]
    assert [g[1] for g in got] == ["level", "share_pct", "growth_pct"]
    assert got[2][2] == -3.0


def test_quantities_revenue_total_and_local_with_fenbie_wancheng(lexicon):
    got = brief(facts(lexicon, "一般公共预算总收入和地方一般公共预算收入分别完成30亿元和18亿元。"))
    assert [g[7] for g in got] == ["GPB_REVENUE_TOTAL", "GPB_REVENUE_LOCAL"]
    assert [g[2] for g in got] == [3000000000.0, 1800000000.0]


def test_quantities_parenthetical_gdp(lexicon):
    assert one(lexicon, "地区生产总值（GDP）增长6%。")[7] == "GRP"


def test_quantities_place_name_before_indicator(lexicon):
    assert one(lexicon, "2023年，东溪县地区生产总值增长4.5%。")[7] == "GRP"


# ---------------------------------------------------------------- percentage points, shares, ratios, ranks

def test_quantities_percentage_points_up_and_down(lexicon):
    got = brief(facts(lexicon, "城镇登记失业率3.2%，较上年提高0.3个百分点；森林覆盖率较上年下降0.5个百分点；"
                               "增速比上年回落1.2个百分点。"))
    assert got[0][:2] == ("3.2", "share_pct")
    assert [(g[1], g[2], g[3]) for g in got[1:]] == [("change_pp", 0.3, "百分点"), ("change_pp", -0.5, "百分点"),
                                                     ("change_pp", -1.2, "百分点")]


def test_quantities_shares_and_rates(lexicon):
    got = brief(facts(lexicon, "森林覆盖率达到62.35%，城镇化率68.5%，R&D经费投入强度2.1%，占全市比重35.2%。"))
    assert [g[1] for g in got] == ["share_pct"] * 4


def test_quantities_tisheng_zhi_is_a_level_not_growth(lexicon):
    assert one(lexicon, "城镇化率提高到70.2%。")[1] == "share_pct"


def test_quantities_industry_structure_ratio(lexicon):
    got = brief(facts(lexicon, "三次产业结构调整为3.4:42.2:54.4。"))
    assert [(g[0], g[1], g[3]) for g in got] == [("3.4", "ratio", ""), ("42.2", "ratio", ""), ("54.4", "ratio", "")]


def test_quantities_ratio_with_fullwidth_colons(lexicon):
    assert len(facts(lexicon, "三次产业结构比例为5.1：38.6：56.3。")) == 3


def test_quantities_per_capita_and_per_thousand_are_ratios(lexicon):
    got = brief(facts(lexicon, "人均公园绿地面积14.2平方米；每千人口拥有执业（助理）医师3.2人；"
                               "每万人口发明专利拥有量12.5件；人均可支配收入以外的人均住房面积42平方米。"))
    assert [g[1] for g in got] == ["ratio", "ratio", "ratio", "ratio"]


def test_quantities_per_capita_money_stays_a_level(lexicon):
    assert one(lexicon, "人均基本公共卫生服务经费补助标准达到89元。")[1] == "level"


def test_quantities_ranks(lexicon):
    got = brief(facts(lexicon, "全县高新技术企业总数达128家，排名全市第2位。GDP总量居全省第15位。"
                               "位列全国百强县第45位。"))
    assert [(g[0], g[1], g[3]) for g in got] == [("128", "level", "家"), ("2", "rank", ""), ("15", "rank", ""),
                                                 ("45", "rank", "")]


def test_quantities_rank_top_n_is_le(lexicon):
    got = one(lexicon, "", "确保科技创新综合评价保持全市前5。")
    assert got[:2] == ("5", "rank") and got[4] == "le" and got[5] == T


# ---------------------------------------------------------------- qualifiers and multipliers

def test_quantities_qualifiers(lexicon):
    got = brief(facts(lexicon, "拉动消费超15亿元；入驻企业800多家；引进项目近3000个；修复道路约2.7万平方米；"
                               "奖励资金600余万元；培训人员1万多人次。"))
    assert [(g[0], g[4]) for g in got] == [("15", "gt"), ("800", "gt"), ("3000", "approx"), ("2.7", "approx"),
                                           ("600", "gt"), ("1", "gt")]
    assert got[4][2] == 6000000.0 and got[5][2:4] == (10000.0, "人次")


def test_quantities_chao_not_adjacent_is_a_verb(lexicon):
    assert one(lexicon, "新开工项目超序时进度8.5个百分点。")[4] == "eq"


def test_quantities_multipliers(lexicon):
    got = brief(facts(lexicon, "区级储备项目总投资1.6万亿元；新增市场主体2.3万户；接待游客560.3万人次；粮食产量12.6万吨；"
                               "装机容量5万千瓦。"))
    assert [(g[2], g[3]) for g in got] == [(1.6e12, "元"), (23000.0, "户"), (5603000.0, "人次"), (126000.0, "吨"),
                                           (50000.0, "千瓦")]


def test_quantities_bare_wan_before_people(lexicon):
    assert one(lexicon, "为25万参保群众提供服务。")[2:4] == (250000.0, "人")


def test_quantities_thousands_separator_and_fullwidth_digits(lexicon):
    got = brief(facts(lexicon, "居民人均可支配收入51,252元；一般公共预算总收入４１．５亿元，增长１２．３％。"))
    assert [(g[0], g[2]) for g in got] == [("51,252", 51252.0), ("４１．５", 4150000000.0), ("１２．３", 12.3)]


def test_quantities_times_is_a_ratio(lexicon):
    assert one(lexicon, "电商交易额增长1.5倍。")[1:4] == ("ratio", 1.5, "倍")


def test_quantities_range_gives_two_bounds(lexicon):
    got = brief(facts(lexicon, "", "地区生产总值增长6%—6.5%。"))
    assert [(g[0], g[4], g[5], g[7]) for g in got] == [("6", "ge", T, "GRP"), ("6.5", "le", T, "GRP")]


def test_quantities_range_with_one_unit(lexicon):
    got = brief(facts(lexicon, "", "固定资产投资增长8-10%。"))
    assert [(g[0], g[1], g[3]) for g in got] == [("8", "growth_pct", "%"), ("10", "growth_pct", "%")]


# ---------------------------------------------------------------- status and period

def test_quantities_plan_targets(lexicon):
    got = brief(facts(lexicon, "", "主要预期目标：地区生产总值增长6%左右；一般公共预算收入增长5%以上；城镇登记失业率"
                                   "控制在4.5%以内；居民消费价格涨幅控制在3%左右。"))
    assert got == [("6", "growth_pct", 6.0, "%", "approx", T, 2024, "GRP"),
                   ("5", "growth_pct", 5.0, "%", "ge", T, 2024, "GPB_REVENUE_LOCAL"),
                   ("4.5", "share_pct", 4.5, "%", "le", T, 2024, "UNEMPLOYMENT_URBAN"),
                   ("3", "growth_pct", 3.0, "%", "approx", T, 2024, "CPI")]


def test_quantities_target_with_explicit_later_year(lexicon):
    got = one(lexicon, "", "到2025年，全县地区生产总值突破500亿元。")
    assert got[4:8] == ("gt", T, 2025, "GRP")


def test_quantities_from_to_pair(lexicon):
    got = brief(facts(lexicon, "人均公园绿地面积从12.5平方米提高到13.2平方米。"))
    assert [(g[0], g[5], g[6]) for g in got] == [("12.5", P, 2022), ("13.2", A, 2023)]
    got = brief(facts(lexicon, "", "最低生活保障标准由每月750元提高至800元。"))
    assert [(g[0], g[5], g[6]) for g in got] == [("750", P, 2023), ("800", T, 2024)]


def test_quantities_yuqi_in_execution_part_is_not_a_target(lexicon):
    assert one(lexicon, "签约项目42个，预期总投资300亿元。".replace("42个，", "")) [5] == A


def test_quantities_unknown_part_uses_cues(lexicon):
    from reports import facts_of, run
    text = ("关于西岭区2023年国民经济和社会发展计划执行情况及2024年计划草案的报告\n\n"
            "全区地区生产总值增长5.2%。\n\n2024年主要预期目标是：地区生产总值增长6%。\n")
    got = [(f.quote, f.status, f.period) for f in facts_of(run(text, lexicon))]
    assert got == [("5.2", A, 2023), ("6", T, 2024)]


# ---------------------------------------------------------------- what is not a quantity

@pytest.mark.parametrize("text", [
    "2023年12月5日召开会议。",
    "1-11月规上工业运行平稳。",
    "1—11月规上工业运行平稳。",
    "2021—2025年规划编制完成。",
    "举办第3届博览会。",
    "福州地铁4号线建成。",
    "实施营商环境6.0版改革。",
    "深化“1+N”政策体系。",
    "开通12345热线。",
    "G15沈海高速扩容。",
    "打造4A级景区。",
    "推进“3820”工程。",
    "实施12510行动。",
    "新建5G基站。",
    "面向21世纪海上丝绸之路。",
    "建成二环路周边片区2、三江口片区3。",
    "3岁以下婴幼儿照护服务。",
    "年营业收入2000万元以上的企业继续增加。",
    "出台《关于加快发展的10条措施》。",
    "开展“百日攻坚”行动。",
    "实施三年行动计划。",
    "PM2.5浓度下降。",
])
def test_quantities_not_quantities(lexicon, text):
    assert brief(facts(lexicon, text)) == []


def test_quantities_threshold_in_subject_but_count_kept(lexicon):
    got = brief(facts(lexicon, "年营业收入2000万元以上的企业达56家。"))
    assert [(g[0], g[3]) for g in got] == [("56", "家")]


def test_quantities_air_quality(lexicon):
    got = brief(facts(lexicon, "PM2.5平均浓度为26微克/立方米，空气质量优良天数比例96.2%。"))
    assert [(g[0], g[1], g[3]) for g in got] == [("26", "ratio", "微克/立方米"), ("96.2", "share_pct", "%")]


def test_quantities_measure_words(lexicon):
    got = brief(facts(lexicon, "新建学校3所、公园5座，改造老旧小区42个、路灯260盏，完成培训1.8万人次，"
                               "发放补贴3200户，办理案件56件，组织活动120场，出让土地18宗。"))
    assert [g[3] for g in got] == ["所", "座", "个", "盏", "人次", "户", "件", "场", "宗"]


def test_quantities_comparable_price_growth_inherits_subject(lexicon):
    got = brief(facts(lexicon, "全年完成地区生产总值1234.56亿元，按可比价格计算，增长5.2%；可比增长4.9%的是第三产业增加值。"))
    assert got[1][:2] == ("5.2", "growth_pct") and got[1][7] == "GRP"


def test_quantities_indicator_with_zongliang(lexicon):
    assert one(lexicon, "", "力争地区生产总值总量突破500亿元。")[4:8] == ("gt", T, 2024, "GRP")


def test_quantities_increase_of_an_amount_is_a_level(lexicon):
    got = brief(facts(lexicon, "金融机构本外币存款余额560亿元，比年初增加45亿元。"))
    assert [(g[0], g[1]) for g in got] == [("560", "level"), ("45", "level")]


def test_quantities_exports_growth_after_level(lexicon):
    got = brief(facts(lexicon, "进出口总额50亿元，其中出口35亿元，增长12%，进口15亿元，下降3%。"))
    assert [(g[0], g[1], g[2], g[7]) for g in got] == [
        ("50", "level", 5000000000.0, "TRADE_TOTAL"), ("35", "level", 3500000000.0, "EXPORTS"),
        ("12", "growth_pct", 12.0, "EXPORTS"), ("15", "level", 1500000000.0, "IMPORTS"),
        ("3", "growth_pct", -3.0, "IMPORTS")]


def test_quantities_approx_share_and_formula_numbers(lexicon):
    got = brief(facts(lexicon, "民营经济约占全县经济总量的65%；提供7×24小时服务；电话0591-87654321。"))
    assert [(g[0], g[4]) for g in got] == [("65", "approx")]


def test_quantities_quarters_with_fenbie(lexicon):
    fs = facts(lexicon, "一季度、上半年、前三季度地区生产总值分别增长4.5%、5.2%、5.8%。")
    assert [f.measure for f in fs] == ["growth_pct"] * 3


# ---------------------------------------------------------------- forms met in the blind and holdout reports

def test_quantities_numbered_indicator_list_with_labels_and_estimate(lexicon):
    got = brief(facts(lexicon, "初步预计，全年主要指标完成情况如下：\n1.地区生产总值：完成210.5亿元，增长6.1%；\n"
                               "2.城乡居民人均可支配收入：分别增长5.2%和6.6%；\n3.城镇登记失业率：3.2%。\n新增就业8000人。"))
    assert [(g[0], g[1], g[5], g[7]) for g in got] == [
        ("210.5", "level", E, "GRP"), ("6.1", "growth_pct", E, "GRP"),
        ("5.2", "growth_pct", E, "DISPOSABLE_INCOME_PC_URBAN"), ("6.6", "growth_pct", E, "DISPOSABLE_INCOME_PC_RURAL"),
        ("3.2", "share_pct", E, "UNEMPLOYMENT_URBAN"), ("8000", "level", A, None)]


def test_quantities_from_with_a_named_year_holds_for_the_sentence(lexicon):
    got = brief(facts(lexicon, "五年来，地区生产总值由2019年的401.2亿元增加到560.8亿元，年均增长6.9%；"
                               "一般公共预算收入由21.3亿元增加到30.1亿元。"))
    assert [(g[0], g[5], g[6], g[7]) for g in got] == [
        ("401.2", P, 2019, "GRP"), ("560.8", A, 2023, "GRP"), ("6.9", A, 2023, None),
        ("21.3", P, 2019, "GPB_REVENUE_LOCAL"), ("30.1", A, 2023, "GPB_REVENUE_LOCAL")]


def test_quantities_ratio_pair_from_last_year(lexicon):
    got = brief(facts(lexicon, "三次产业结构由上年的12.1:40.3:47.6调整为11.8:39.9:48.3。"))
    assert [(g[1], g[5], g[6]) for g in got] == [("ratio", P, 2022)] * 3 + [("ratio", A, 2023)] * 3


def test_quantities_periods_of_one_subject(lexicon):
    got = brief(facts(lexicon, "一季度、上半年、前三季度GDP分别增长4.1%、4.8%和5.2%。"))
    assert [g[7] for g in got] == ["GRP"] * 3 and [g[1] for g in got] == ["growth_pct"] * 3


def test_quantities_growth_rate_subject_and_narrowing_fall(lexicon):
    got = brief(facts(lexicon, "全年GDP增速回升至5.6%；固定资产投资降幅较上半年收窄2.4个百分点。"))
    assert [(g[1], g[2], g[7]) for g in got] == [("growth_pct", 5.6, "GRP"), ("change_pp", 2.4, None)]


def test_quantities_shares_of_things_are_not_thresholds(lexicon):
    got = brief(facts(lexicon, "实现90%以上政务服务事项“一网通办”；收入超过50万元的村达到12个；总投资超800亿元的重点项目加快推进。"))
    assert [(g[0], g[1]) for g in got] == [("90", "share_pct"), ("12", "level"), ("800", "level")]


def test_quantities_tonghuo_is_not_a_qualifier_and_passing_over_is(lexicon):
    got = brief(facts(lexicon, "5家企业通过3项认证；产值过百亿元企业2家。"))
    assert [(g[0], g[4]) for g in got] == [("5", "eq"), ("3", "eq"), ("2", "eq")]


def test_quantities_per_thousand_list_and_per_mu_yield(lexicon):
    got = brief(facts(lexicon, "每千人口执业（助理）医师3.1人、床位6.8张；小麦单产每亩420公斤；亩均税收3.2万元。"))
    assert [g[1] for g in got] == ["ratio", "ratio", "ratio", "level"]


def test_quantities_rank_with_a_scope_in_brackets(lexicon):
    got = brief(facts(lexicon, "在全省营商环境评价中位列县（市、区）第4位。"))
    assert [(g[0], g[1]) for g in got] == [("4", "rank")]


def test_quantities_capacity_of_a_plant_is_a_name(lexicon):
    got = brief(facts(lexicon, "建成20万千瓦风电项目，新增装机容量35万千瓦。"))
    assert [(g[0], g[3]) for g in got] == [("35", "千瓦")]


def test_quantities_change_verbs_make_from_to_pairs_and_shares_do_not(lexicon):
    got = brief(facts(lexicon, "县属国有企业由12家整合重组为4家；税收收入28亿元，税收占比达到78%。"))
    assert [(g[0], g[1], g[5]) for g in got] == [("12", "level", P), ("4", "level", A), ("28", "level", A),
                                                 ("78", "share_pct", A)]


def test_quantities_ratio_with_scale_one_first(lexicon):
    got = brief(facts(lexicon, "消费券带动杠杆率1:15.2。"))
    assert [(g[0], g[1]) for g in got] == [("15.2", "ratio")]


def test_quantities_capacities_per_year_and_in_plant_names(lexicon):
    got = brief(facts(lexicon, "推进300万吨/年煤矿改造，建设10万千瓦分布式光伏项目，新增并网装机8万千瓦。"))
    assert [(g[0], g[3]) for g in got] == [("8", "千瓦")]


def test_quantities_subject_before_an_adverb_and_after_an_estimate_cue(lexicon):
    got = facts(lexicon, "全年预计完成地区生产总值168.5亿元。一季度地区生产总值仅增长2.1%；随着项目投产，上半年、前三季度分别增长"
                         "4.5%和5.3%。推动规模以上工业总产值突破350亿元。")
    assert [(f.quote, f.subject, f.indicator) for f in got] == [
        ("168.5", "地区生产总值", "GRP"), ("2.1", "地区生产总值", "GRP"), ("4.5", "地区生产总值", "GRP"),
        ("5.3", "地区生产总值", "GRP"), ("350", "规模以上工业总产值", "INDUSTRY_OUTPUT")]


def test_quantities_spindles_and_sample_tubes_are_units(lexicon):
    got = brief(facts(lexicon, "纱锭规模达到60万锭，单日核酸检测能力提升至3万管。"))
    assert [(g[0], g[2], g[3]) for g in got] == [("60", 600000.0, "锭"), ("3", 30000.0, "管")]


def test_quantities_a_numbered_list_of_targets_keeps_the_item_number_out_of_the_subject(lexicon):
    got = brief(facts(lexicon, "", "主要预期目标：\n1．地区生产总值增长6%左右；\n2、一般公共预算收入增长5%。"))
    assert [(g[0], g[5], g[7]) for g in got] == [("6", T, "GRP"), ("5", T, "GPB_REVENUE_LOCAL")]


def test_quantities_from_to_pair_with_years_written_between(lexicon):
    got = brief(facts(lexicon, "地区生产总值由2020年的826.4亿元增加到2023年的1,086.5亿元。"))
    assert [(g[0], g[5], g[6], g[7]) for g in got] == [("826.4", P, 2020, "GRP"), ("1,086.5", A, 2023, "GRP")]


def test_quantities_a_five_year_review_gives_the_base_year_as_the_from(lexicon):
    # the scaffold reports on 2023: 五年来 reviews 2018–2023; 一年来, nearer, the year before
    got = brief(facts(lexicon, "五年来，规模以上工业总产值由152.8亿元增加到246.3亿元。一年来，居民人均可支配收入由"
                               "32360元提高到34960元。"))
    assert [(g[0], g[5], g[6]) for g in got] == [("152.8", P, 2018), ("246.3", A, 2023),
                                                   ("32360", P, 2022), ("34960", A, 2023)]


def test_quantities_a_from_value_falling_to_zero_in_words(lexicon):
    assert one(lexicon, "贫困发生率由2015年的26.8%降至零。")[4:7] == ("eq", P, 2015)


def test_quantities_an_average_aimed_at_over_a_coming_plan_is_its_last_years_target(lexicon):
    got = brief(facts(lexicon, "", "展望“十五五”，全县地区生产总值年均增长6%左右。地区生产总值增长6%左右。"))
    assert [(g[5], g[6], g[7]) for g in got] == [(T, 2030, None), (T, 2024, "GRP")]


def test_quantities_a_zones_figure_is_placed_at_the_entity_not_at_the_verb_before_it(lexicon):
    from reports import run, scaffold

    ex = run(scaffold("规划建设东溪低空经济产业园，全年实现产值12.5亿元。"), lexicon)
    assert [o.place for o in ex.observations if o.number.text == "12.5"] == ["东溪低空经济产业园"]
