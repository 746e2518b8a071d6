"""The general patterns of names in plan reports of districts and counties the gazetteer does not
know, each on invented sentences: the area and its city and province, its bodies, towns, public
institutions, companies and their projects, routes, titles with a level, goal designations,
quoted programmes and what quotes are not, plenary sessions, regions, waters, wrapped lines, web
chrome, banners and leagues, municipalities. Nothing here is copied from a test report."""
from __future__ import annotations

import time

import pytest
from test_entities import named, run

from kg.pipeline import extract


def invented(title_place: str, execution: str, plan: str = "", *, issuer: str = "", meeting: str = "",
             year: int = 2023) -> str:
    """A small plan report of an area named ``title_place`` in its title (a new county, district
    or banner)."""
    place = title_place
    for sup in ("省", "自治区", "市", "盟", "州"):
        i = place.rfind(sup)
        if 0 <= i < len(place) - 2:
            place = place[i + len(sup):]
    level = place[-1]
    lines = [
        f"关于{title_place}{year}年国民经济和社会发展计划执行情况及{year + 1}年国民经济和社会发展计划草案的报告", "",
        f"——{year + 1}年1月12日在{meeting or place + '第九届人民代表大会第三次会议'}上", "",
        issuer or f"{place}发展和改革局", "", "各位代表：", "",
        f"受{level}人民政府委托，现将计划执行情况和计划草案提请{level}九届人大三次会议审议，并请{level}政协委员提出意见。", "",
        f"一、{year}年国民经济和社会发展计划执行情况", "", execution, "",
        f"二、{year + 1}年国民经济和社会发展计划草案", "", plan, ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def county(lexicon, gazetteer):
    # 青岚县 is invented; 丽水市 and 浙江省 are named in the text, never with it in the title
    execution = (
        "在县委的坚强领导下，全县深入实施“青山共富”行动，助力浙江省高质量发展。丽水市下达的目标全面完成，"
        "青岚经济开发区、丽水青岚科创飞地建设提速。鹤鸣镇至云岭街道快速路建成通车，乐溪乡、石门街道入选省级"
        "未来乡村试点。助推乡村振兴，城镇老旧小区改造12个，各乡镇（街道）全部完成任务。"
        "县人民医院新住院大楼投入使用，县实验小学新校区开工，县第二人民医院创建为二级甲等医院。"
        "明岳新材料年产8万吨碳纤维项目竣工投产，瑞丰纺织二期、明岳新材料智能化改造等项目加快推进，"
        "临江重工高端装备项目签约落地。新认定国家级专精特新“小巨人”企业2家、省级专精特新中小企业15家，"
        "云峰山景区成功创建国家5A级旅游景区，双溪镇入选省首批特色小镇培育名单。与龙泉、庆元两地共建产业飞地。"
        "群众获得感、幸福感、安全感不断增强。")
    plan = (
        "奋力打造浙西南生态经济先行区、山区共同富裕强县和区域性物流节点城市。推动明岳新材料碳纤维项目二期开工，"
        "加快S218省道青岚段改建工程、衢丽铁路青岚段建设，确保县中医院迁建工程主体封顶。")
    return run(invented("青岚县", execution, plan), lexicon, gazetteer)


def test_patterns_invented_area_with_city_and_province_from_the_text(county):
    places = named(county, "Place")
    area = places["青岚县"]
    assert area.links.get("admin_code", "") == ""  # no code: the gazetteer does not know it
    assert places["丽水市"].links["admin_code"] == "331100"
    assert area.part_of == places["丽水市"].key
    assert "浙江省" in places  # a province's full name inside a phrase (助力浙江省高质量发展)
    assert "青岚" in area.aliases  # the area's short form, inside other names too
    assert places["龙泉市"].links["admin_code"] and "庆元" in places  # counties of a place list (…两地)


def test_patterns_bodies_of_an_invented_area(county):
    ag = named(county, "Agency")
    congress = ag["青岚县人民代表大会"]
    assert {"县九届人大"} <= set(congress.aliases)
    assert ag["青岚县发展和改革局"]  # the issuer
    assert ag["县人民政府"] is ag["青岚县人民政府"]
    assert named(county, "Event")["青岚县第九届人民代表大会第三次会议"]


def test_patterns_towns_of_an_invented_county(county):
    places = named(county, "Place")
    for town in ("鹤鸣镇", "云岭街道", "乐溪乡", "石门街道", "双溪镇"):
        assert places[town].part_of == places["青岚县"].key, town
    for word in ("助推乡", "乡镇", "城镇", "老旧小区", "城镇老旧小区"):
        assert word not in places


def test_patterns_public_institutions_and_their_buildings(county):
    org, proj = named(county, "Organization"), named(county, "Project")
    for inst in ("县人民医院", "县实验小学", "县第二人民医院"):
        assert inst in org
    for building in ("县人民医院新住院大楼", "县实验小学新校区", "县中医院迁建工程"):
        assert building in proj, building
    assert not any(n.endswith("主体") for n in proj)


def test_patterns_companies_and_their_projects(county):
    org, proj = named(county, "Organization"), named(county, "Project")
    assert {"明岳新材料", "瑞丰纺织", "临江重工"} <= set(org)
    p = proj["明岳新材料年产8万吨碳纤维项目"]
    assert "明岳新材料碳纤维项目" not in proj or proj["明岳新材料碳纤维项目"] is p  # the same project, written short
    assert "瑞丰纺织二期" in proj and "明岳新材料智能化改造" in proj
    assert "临江重工高端装备项目" in proj


def test_patterns_routes_and_transport_works(county):
    proj = named(county, "Project")
    assert "鹤鸣镇至云岭街道快速路" in proj
    assert "云岭街道快速路" not in proj
    assert "S218省道青岚段改建工程" in proj
    assert "衢丽铁路" in proj
    assert "丽水青岚科创飞地" in proj


def test_patterns_level_titles_grades_and_goals(county):
    aw = named(county, "Award")
    for title in ("国家级专精特新“小巨人”企业", "省级专精特新中小企业", "国家5A级旅游景区", "省首批特色小镇培育名单",
                  "二级甲等医院", "浙西南生态经济先行区", "山区共同富裕强县", "区域性物流节点城市"):
        assert title in aw, title
    assert "省级未来乡村" in aw and "省级未来乡村试点" not in aw  # a pilot of a title is the title
    assert "小巨人" not in aw and "专精特新" not in aw  # parts of the title read whole
    assert not any(n.endswith("感") or "感不断" in n for n in aw)  # 获得感、幸福感 are feelings


def test_patterns_level_titles_that_are_not_titles(lexicon, gazetteer):
    ex = run(invented("青岚县", "全县省重点项目12个、省市县重点项目30个完成投资计划，县人民医院与省级医院组建专科联盟。"),
             lexicon, gazetteer)
    aw = named(ex, "Award")
    assert not any("重点项目" in n or n == "省级医院" for n in aw)


def test_patterns_quotes_stand_for_programmes(lexicon, gazetteer):
    ex = run(invented("青岚县", "坚持“产业立县”不动摇，扎实做好“六稳”“六保”工作，“百村联建”累计结对210个，"
                                "落实“2158”具体部署，抢抓国家“两重”“两新”政策机遇。"), lexicon, gazetteer)
    prog = named(ex, "Program")
    for n in ("产业立县", "六稳", "六保", "百村联建", "两重", "两新"):
        assert n in prog, n
    assert "“2158”具体部署" in prog


def test_patterns_quotes_that_are_no_names(lexicon, gazetteer):
    ex = run(invented("青岚县", "推动农业由“卖产品”向“卖品牌”转变，交通事故实现“双下降”，粮食生产实现“十连丰”，"
                                "打好稳增长“组合拳”，“12345”政务服务热线接通率99%，“青岚土鸡”入选全国名特优新农产品名录，"
                                "谋划“十四五”期间重大项目。"), lexicon, gazetteer)
    names = {e.name for e in ex.entities} | {a for e in ex.entities for a in e.aliases}
    for word in ("卖产品", "卖品牌", "双下降", "十连丰", "组合拳", "12345", "青岚土鸡", "十四五"):
        assert word not in names, word
    assert "全国名特优新农产品名录" in named(ex, "Award")


def test_patterns_quoted_events_and_works(lexicon, gazetteer):
    ex = run(invented("青岚县", "成功应对台风“梅花”“烟花”影响，举办“山水青岚”文化旅游节和“青岚消费节”，"
                                "“千碗万味·青岚味道”美食街区开街。"), lexicon, gazetteer)
    ev = named(ex, "Event")
    assert "台风“梅花”" in ev and "台风“烟花”" in ev
    assert "“山水青岚”文化旅游节" in ev and "青岚消费节" in ev
    assert "“千碗万味·青岚味道”美食街区" in named(ex, "Project")


def test_patterns_plenary_sessions_and_national_meetings(lexicon, gazetteer):
    ex = run(invented("青岚县", "全面贯彻党的二十大和二十届二中、三中全会精神，认真落实中央经济工作会议部署。"),
             lexicon, gazetteer)
    ev = named(ex, "Event")
    assert ev["党的二十届二中全会"] is not ev["党的二十届三中全会"]
    assert "二十届二中" in ev and "三中全会" in ev
    assert "中央经济工作会议" in ev and "党的二十大" in ev


def test_patterns_regions_and_national_strategies(lexicon, gazetteer):
    ex = run(invented("青岚县", "主动融入长三角一体化发展，对接粤港澳大湾区，企业在“一带一路”沿线市场出口增长，"
                                "深入实施乡村振兴战略和创新驱动发展战略。"), lexicon, gazetteer)
    places, prog = named(ex, "Place"), named(ex, "Program")
    assert "长三角" in places and "粤港澳大湾区" in places
    assert "一带一路" in prog and "一带一路" not in places
    assert {"长三角一体化发展", "乡村振兴战略", "创新驱动发展战略"} <= set(prog)


def test_patterns_waters(lexicon, gazetteer):
    ex = run(invented("江苏省常州市鹭湖区", "鹭湖水质稳定达到Ⅲ类，鹭湖湾商圈开街，澄江出境断面水质优良，"
                                          "鹭湖高新区加快建设。"), lexicon, gazetteer)
    places = named(ex, "Place")
    lake = places["鹭湖"]
    assert lake.subtype == "Waterbody" and lake is not places["鹭湖区"]  # a district named after its lake
    assert places["澄江"].subtype == "Waterbody"  # a river told by 出境断面水质
    assert places["鹭湖高新区"].part_of == places["鹭湖区"].key
    assert places["鹭湖区"].part_of == places["常州市"].key
    ex = run(invented("江苏省常州市青溪区", "青溪河下游防洪工程完工，青溪高新区加快建设。"), lexicon, gazetteer)
    places = named(ex, "Place")
    assert places["青溪河"].subtype == "Waterbody"  # the district's name before a water ending
    assert "青溪河" not in places["青溪区"].aliases


def test_patterns_a_name_wrapped_at_a_line_end(lexicon, gazetteer):
    execution = ("全县旅游总收入稳步增长，接待游客人次较上年明显增加，加快云\n峰山景区建设，深入实施“青山共富”劳\n"
                 "务品牌培育行动。")
    ex = run(invented("青岚县", execution), lexicon, gazetteer)
    assert "云峰山景区" in named(ex, "Place")
    assert "“青山共富”劳务品牌培育行动" in named(ex, "Program")


def test_patterns_web_chrome_names_no_agency(lexicon, gazetteer):
    text = ("青岚县人民政府门户网站\n" + invented("青岚县", "全县经济平稳运行。") +
            "\n相关链接：国务院  浙江省人民政府  丽水市人民政府\n主办：青岚县人民政府办公室  承办：青岚县大数据中心\n")
    ex = run(text, lexicon, gazetteer)
    ag = named(ex, "Agency")
    assert "国务院" not in ag and "丽水市人民政府" not in ag and "青岚县大数据中心" not in ag


def test_patterns_banner_league_and_autonomous_region(lexicon, gazetteer):
    ex = run(invented("查干旗", "在自治区党委、盟委和旗委的坚强领导下，锡林郭勒盟下达的任务全面完成。巴音镇、乌兰苏木入选"
                                "自治区级农业产业强镇，红石嘎查建设提速，旗人民医院新住院楼投入使用。"), lexicon, gazetteer)
    ag, places = named(ex, "Agency"), named(ex, "Place")
    assert ag["自治区党委"].name == "中共内蒙古自治区委员会"
    assert ag["盟委"].name == "中共锡林郭勒盟委员会"
    assert ag["旗委"].name == "中共查干旗委员会"
    assert places["查干旗"].part_of == places["锡林郭勒盟"].key
    assert {"巴音镇", "乌兰苏木", "红石嘎查"} <= set(places)
    assert "自治区级农业产业强镇" in named(ex, "Award")
    assert "旗人民医院" in named(ex, "Organization")


def test_patterns_district_of_a_municipality_named_like_another(lexicon, gazetteer):
    # a 云溪区 exists in another province: the new district of the municipality must not get its code
    text = invented("重庆市云溪区", "在市委、市政府和区委的坚强领导下，全区推动成渝地区双城经济圈建设。",
                    issuer="重庆市云溪区发展和改革委员会", meeting="重庆市云溪区第三届人民代表大会第四次会议")
    ex = run(text, lexicon, gazetteer)
    places, ag = named(ex, "Place"), named(ex, "Agency")
    assert places["云溪区"].links.get("admin_code", "") == ""
    assert places["云溪区"].part_of == places["重庆市"].key
    assert ag["市委"].name == "中共重庆市委员会"
    assert "重庆市云溪区发展和改革委员会" in ag
    assert "成渝地区双城经济圈" in places


def test_patterns_county_level_city(lexicon, gazetteer):
    text = invented("桐泉市", "在潍坊市委和市委的坚强领导下，市人民医院新门诊楼投用，东关街道建设提速。")
    ex = run(text, lexicon, gazetteer)
    ag, places = named(ex, "Agency"), named(ex, "Place")
    assert ag["市委"].name == "中共桐泉市委员会"  # the county-level city's own committee
    assert places["桐泉市"].part_of == places["潍坊市"].key
    assert "市人民医院" in named(ex, "Organization")


def test_patterns_recognition_is_fast(lexicon, gazetteer):
    from pathlib import Path

    from kg import entities
    from kg import io as kgio
    from kg.load import load_source
    from kg.model import ReportExtraction
    from kg.normalise import normalise
    from kg.structure import infer_meta

    worst = 0.0
    for p in sorted((Path(__file__).parent / "fixtures" / "blind").glob("*.txt")):
        src = load_source(kgio.read_report_bytes(p), doc_id="t", file_name=p.name)
        view = normalise(src, lexicon.noise)
        ex = ReportExtraction(src, infer_meta(src, view, None, lexicon), (), ())
        best = min(_timed(entities.recognise, ex, view, lexicon, gazetteer) for _ in range(2))
        worst = max(worst, best)
    assert worst < 0.5, worst


def _timed(f, *args) -> float:
    t = time.perf_counter()
    f(*args)
    return time.perf_counter() - t


def test_patterns_every_mention_slices_to_a_name(county):
    raw = county.source.raw
    for e in county.entities:
        for m in e.mentions:
            assert raw[m.span.start:m.span.end] in {e.name, *e.aliases}, (e.name, m.span.text)


def test_patterns_extract_is_deterministic(lexicon, gazetteer):
    text = invented("青岚县", "明岳新材料年产8万吨碳纤维项目竣工投产，鹤鸣镇入选省级特色小镇。").encode()
    a = extract(text, file_name="t.txt", fallback_id="t", meta=None, lex=lexicon, gazetteer=gazetteer)
    b = extract(text, file_name="t.txt", fallback_id="t", meta=None, lex=lexicon, gazetteer=gazetteer)
    assert a.entities == b.entities
