"""The entities stage on invented paragraphs written the way reports of other provinces, years and
copies phrase things: every recognition pattern per type, short forms resolved to the report's
own area, lists with 等, names split by a page break, and what must never become an entity."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from kg.entity_rules import compile_rules
from kg.errors import LexiconError
from kg.pipeline import extract

SEED = Path(__file__).resolve().parent.parent / "data" / "reports" / "cangshan-2022-plan-report.txt"


def report(place_full: str, execution: str, plan: str = "", *, year: int = 2023, newline: str = "\n",
           header: str = "") -> str:
    """A small plan report of a real division (its name as the title writes it)."""
    short = re.findall(r"[\u4e00-\u9fff]+?(?:省|市|区|县)", place_full)[-1]
    lines = ([header, ""] if header else []) + [
        f"关于{place_full}{year}年国民经济和社会发展计划执行情况及{year + 1}年计划草案的报告", "",
        f"（{year + 1}年1月10日在{short}第十届人民代表大会第三次会议上）", "",
        f"{short}发展和改革局", "", "各位代表：", "",
        f"受{short}人民政府委托，现将有关情况报告如下，请予审议。", "",
        f"一、{year}年国民经济和社会发展计划执行情况", "", execution, "",
        f"二、{year + 1}年国民经济和社会发展计划草案", "", plan, ""]
    return newline.join(lines)


def run(text: str, lexicon, gazetteer):
    return extract(text.encode("utf-8"), file_name="t.txt", fallback_id="t", meta=None, lex=lexicon,
                   gazetteer=gazetteer)


def named(ex, type_: str | None = None) -> dict[str, object]:
    """Entities by every name they go by (name and aliases)."""
    out = {}
    for e in ex.entities:
        if type_ is None or e.type == type_:
            for n in (e.name, *e.aliases):
                out[n] = e
    return out


COUNTY = "江西省赣州市于都县"
DISTRICT = "四川省成都市双流区"


@pytest.fixture(scope="module")
def county(lexicon, gazetteer):
    execution = (
        "2023年，在县委、县政府的坚强领导下，在县人大及其常委会的监督和县政协的支持下，全县上下深入实施"
        "“工业倍增”行动，扎实开展“项目建设提速年”活动。罗坳镇大坪村、梓山镇潭头村入选省级美丽乡村示范村，"
        "贡江新区、长征源工业园区建设有序推进。引进赣锋锂业集团、江西博能客车有限公司等企业12家，"
        "深圳华星光电、比亚迪等龙头企业落户园区。金桥大道改造工程、城东污水处理厂二期等9个项目开工，"
        "县第三中学新校区、长征源红色文旅小镇等5个项目竣工。成功举办2023年赣南脐橙博览会、第三届苏区振兴"
        "发展论坛等重大活动，积极参加第二十届中国国际中小企业博览会。于都县荣获全国县域商业体系建设示范县称号，"
        "罗坳镇获评全国文明村镇，新认定“专精特新”中小企业15家，高新技术企业总数达86家。推动黄麟、车溪、"
        "桥头等古村落保护利用，对红军路等120余条背街小巷实施改造。深入推进“放管服”改革和“一件事一次办”，"
        "落实河长制、湖长制，认真贯彻《江西省优化营商环境条例》，打响长征源红色旅游品牌。")
    plan = (
        "全面推进重大项目建设，推动高铁站前广场、于都大道北延伸段等项目开工，加快建设梓山富硒蔬菜产业园。"
        "深入实施“三大战略”，持续开展“营商环境优化升级年”行动，积极创建国家全域旅游示范区，争创省级文明城市。"
        "在市委、市政府的领导下，县人民法院、县人民检察院依法履职。")
    return run(report(COUNTY, execution, plan), lexicon, gazetteer)


@pytest.fixture(scope="module")
def district(lexicon, gazetteer):
    execution = (
        "过去一年，在区委、区政府的坚强领导下，全区经济运行稳中向好。西航港街道获评四川省乡村振兴先进街道，"
        "永安镇黄龙溪社区入选全国示范性老年友好型社区，东升街道棠湖公园完成改造。天府国际机场北线、空港新城"
        "综合管廊二期等15个项目建成投用，成都通威太阳能电池片项目签约落地。")
    plan = "加快推进西航港片区、怡心湖片区城市更新，启动黄甲街道瓦窑村安置房建设。"
    return run(report(DISTRICT, execution, plan), lexicon, gazetteer)


# ------------------------------------------------------------------ places
def test_entities_divisions_carry_codes_in_context(county):
    places = named(county, "Place")
    assert places["于都县"].links["admin_code"] == "360731"
    assert places["赣州市"].links["admin_code"] == "360700"
    assert places["江西省"].links["admin_code"] == "360000"
    assert places["罗坳镇"].links["admin_code"] == "360731108000"
    assert places["梓山镇"].links["level"] == "township"


def test_entities_places_by_their_endings(county, district):
    places = named(county, "Place")
    for n in ("大坪村", "潭头村", "贡江新区", "长征源工业园区", "红军路"):
        assert n in places, n
    assert places["大坪村"].subtype == "Village"
    assert places["红军路"].subtype == "Road"
    d = named(district, "Place")
    for n in ("西航港街道", "黄龙溪社区", "棠湖公园", "西航港片区", "怡心湖片区", "瓦窑村"):
        assert n in d, n
    assert d["西航港街道"].links["admin_code"] == "510116002000"


def test_entities_chained_place_names_are_split(district):
    d = named(district, "Place")
    # 永安镇黄龙溪社区: the community, inside the town
    assert d["黄龙溪社区"].part_of == d["永安镇"].key
    assert d["棠湖公园"].part_of == d["东升街道"].key
    assert "永安镇黄龙溪社区" not in d


def test_entities_list_items_take_the_category(county):
    places = named(county, "Place")
    for n in ("黄麟", "车溪", "桥头"):  # 黄麟、车溪、桥头等古村落
        assert n in places, n


# ------------------------------------------------------------------ agencies
def test_entities_short_forms_resolve_to_the_report_area(county):
    ag = named(county, "Agency")
    assert ag["县委"].name == "中共于都县委员会"
    assert ag["县政府"].name == "于都县人民政府"
    assert ag["县人大"].name == "于都县人民代表大会"
    assert ag["常委会"].name == "于都县人民代表大会常务委员会"
    assert ag["常委会"].part_of == ag["县人大"].key
    assert ag["县政协"].name == "政协于都县委员会"
    assert ag["县人民法院"].name == "于都县人民法院"
    # 市委 in a county's report is the city's committee
    assert ag["市委"].name == "中共赣州市委员会"


def test_entities_the_same_body_is_one_entity(county):
    govs = [e for e in county.entities if e.type == "Agency" and e.name.endswith("人民政府") and "于都县" in e.name]
    assert len(govs) == 1
    assert {"于都县人民政府", "县政府"} <= {govs[0].name, *govs[0].aliases}


def test_entities_issuer_and_meeting_are_entities(county):
    m = county.meta
    by_name = {e.name: e for e in county.entities}
    assert m.issuer in by_name and by_name[m.issuer].type == "Agency"
    assert by_name[m.issuer].part_of == named(county, "Agency")["县政府"].key
    assert m.meeting in by_name and by_name[m.meeting].subtype == "Meeting"
    area = by_name[m.place]
    assert area.type == "Place" and area.links["admin_code"] == "360731"


def test_entities_meeting_split_by_a_running_header(lexicon, gazetteer):
    text = report(COUNTY, "全县经济平稳运行。", header="县十届人大三次\n会议文件（五）")
    ex = run(text, lexicon, gazetteer)
    meeting = next(e for e in ex.entities if e.subtype == "Meeting")
    assert "县十届人大三次\n会议" in meeting.aliases
    assert any(mn.span.text == "县十届人大三次\n会议" for mn in meeting.mentions)


# ------------------------------------------------------------------ organisations, projects
def test_entities_organisations(county):
    orgs = named(county, "Organization")
    for n in ("赣锋锂业集团", "江西博能客车有限公司", "深圳华星光电", "比亚迪"):
        assert n in orgs, n


def test_entities_projects_and_their_status(county):
    pr = named(county, "Project")
    for n in ("金桥大道改造工程", "城东污水处理厂二期", "县第三中学新校区", "长征源红色文旅小镇", "高铁站前广场",
              "于都大道北延伸段"):
        assert n in pr, n
    status = {(r.subject, r.object, r.period) for r in county.relations if r.predicate == "status"}
    assert (pr["金桥大道改造工程"].key, "started", 2023) in status
    assert (pr["县第三中学新校区"].key, "completed", 2023) in status
    assert (pr["高铁站前广场"].key, "planned", 2024) in status


def test_entities_project_status_without_a_list(district):
    pr = named(district, "Project")
    status = {(r.subject, r.object) for r in district.relations if r.predicate == "status"}
    assert (pr["成都通威太阳能电池片项目"].key, "signed") in status
    assert (pr["空港新城综合管廊二期"].key, "opened") in status


# ------------------------------------------------------------------ programmes
def test_entities_programmes(county):
    pg = named(county, "Program")
    for n in ("“工业倍增”行动", "工业倍增", "“放管服”改革", "一件事一次办", "河长制", "湖长制",
              "江西省优化营商环境条例", "长征源红色旅游", "“营商环境优化升级年”行动", "三大战略"):
        assert n in pg, n
    # the quoted words are an alias of the name with its head, not a second entity
    assert pg["放管服"] is pg["“放管服”改革"]


def test_entities_brands_of_the_area(lexicon, gazetteer):
    ex = run(report(COUNTY, "加快建设平安于都，全面建设“健康于都”。", "推进法治于都建设。"), lexicon, gazetteer)
    pg = named(ex, "Program")
    assert {"平安于都", "健康于都", "法治于都"} <= set(pg)


# ------------------------------------------------------------------ events, awards
def test_entities_events_and_editions(county):
    ev = named(county, "Event")
    assert "苏区振兴发展论坛" in ev and "第三届苏区振兴发展论坛" in ev["苏区振兴发展论坛"].aliases
    assert "2023年赣南脐橙博览会" in ev or "赣南脐橙博览会" in ev
    assert "中国国际中小企业博览会" in ev


def test_entities_event_abbreviation_folds_into_its_full_name(lexicon, gazetteer):
    text = report(COUNTY, "组团参加中国国际进口博览会，借助第六届进博会签约项目3个。")
    ev = named(run(text, lexicon, gazetteer), "Event")
    assert ev["进博会"] is ev["中国国际进口博览会"]


def test_entities_awards(county):
    aw = named(county, "Award")
    for n in ("全国县域商业体系建设示范县", "全国文明村镇", "专精特新", "高新技术企业", "国家全域旅游示范区",
              "省级文明城市", "省级美丽乡村示范村"):
        assert n in aw, n
    conf = {(r.subject, r.object) for r in county.relations if r.predicate == "conferred_on"}
    assert (aw["全国文明村镇"].key, named(county, "Place")["罗坳镇"].key) in conf
    assert (aw["全国县域商业体系建设示范县"].key, named(county, "Place")["于都县"].key) in conf


# ------------------------------------------------------------------ page breaks, copies
def test_entities_name_split_by_a_page_break(lexicon, gazetteer):
    execution = ("全县生态环境持续改善，扎实推进矿山生态修复和水土流失综合治理，深入推进“绿色\n\n矿山”建设，"
                 "城关社区党委获评全国先进基层\n\n党组织，群众满意度不断提高。")
    ex = run(report(COUNTY, execution), lexicon, gazetteer)
    pg = named(ex, "Program")
    e = pg["绿色矿山"]
    assert "绿色\n\n矿山" in e.aliases
    assert any(m.span.text == "绿色\n\n矿山" for m in e.mentions)
    assert "全国先进基层党组织" in named(ex, "Award")


def test_entities_same_names_in_a_crlf_web_copy(lexicon, gazetteer):
    execution = "引进赣锋锂业集团等企业12家，金桥大道改造工程等9个项目开工，落实河长制。"
    a = run(report(COUNTY, execution), lexicon, gazetteer)
    b = run(report(COUNTY, execution, newline="\r\n"), lexicon, gazetteer)
    assert {(e.type, e.name) for e in a.entities} == {(e.type, e.name) for e in b.entities}


def test_entities_every_mention_slices_the_raw_text_to_a_name(county, district):
    for ex in (county, district):
        raw = ex.source.raw
        for e in ex.entities:
            for m in e.mentions:
                assert raw[m.span.start:m.span.end] == m.span.text
                assert m.span.text in (e.name, *e.aliases), (e.name, m.span.text)


# ------------------------------------------------------------------ precision
NOT_NAMES = {"全区", "全县", "全市", "我们", "项目", "企业", "平台", "双创平台", "加快推进", "项目建设",
             "重大项目", "龙头企业", "基层政务服务平台", "现代服务业集聚区", "产业园区", "社区", "园区", "片区",
             "居家社区", "两违", "组合拳", "压舱石", "移动式", "十四五"}


def test_entities_fragments_are_not_entities(lexicon, gazetteer):
    execution = (
        "我们坚持稳中求进，全区上下加快推进项目建设，重大项目和龙头企业持续壮大，有序推动双创平台建设，"
        "规范基层政务服务平台建设，打造现代服务业集聚区，园区企业加大投入。压实“四方责任”，打好稳就业"
        "“组合拳”，拆除“两违”8万平方米，推广“移动式”服务，让发展的“压舱石”更稳。加强居家社区养老服务。"
        "谋划推进“十四五”期间重大项目。")
    ex = run(report(DISTRICT, execution), lexicon, gazetteer)
    names = {n for e in ex.entities for n in (e.name, *e.aliases)}
    assert not names & NOT_NAMES, names & NOT_NAMES
    assert not any(n.startswith(("加快", "推进", "我们")) for n in names)


def test_entities_seed_report_has_no_generic_entity(lexicon, gazetteer):
    ex = run(SEED.read_text(encoding="utf-8"), lexicon, gazetteer)
    names = {e.name for e in ex.entities}
    assert not names & NOT_NAMES


# ------------------------------------------------------------------ labels
def test_entities_labels(district, lexicon, gazetteer):
    d = named(district, "Place")
    assert d["西航港街道"].name_en == "Xihanggang Subdistrict"
    assert d["西航港街道"].pinyin.startswith("Xīhánggǎng")
    ag = named(district, "Agency")
    assert ag["区委"].name_en == "CPC Shuangliu District Committee"
    assert district.meta.issuer in {e.name for e in district.entities}
    issuer = next(e for e in district.entities if e.name == district.meta.issuer)
    assert issuer.name_en.endswith("Development and Reform Bureau")
    # an official English name from the verified link table wins
    seed = run(SEED.read_text(encoding="utf-8"), lexicon, gazetteer)
    city = next(e for e in seed.entities if e.links.get("admin_code") == "350100")
    assert city.name_en == "Fuzhou"


# ------------------------------------------------------------------ the rules file
def test_entity_rules_reject_a_broken_file():
    with pytest.raises(LexiconError):
        compile_rules({})
    with pytest.raises(LexiconError):
        compile_rules({"suffix": [{"type": "Place", "endings": ["区"]}, {"type": "Agency", "endings": ["区"]}]})
    with pytest.raises(LexiconError):
        compile_rules({"suffix": [{"type": "Thing", "endings": ["区"]}]})


def test_entities_stage_is_fast(lexicon, gazetteer):
    from kg import entities
    from kg.load import load_source
    from kg.model import ReportExtraction
    from kg.normalise import normalise
    from kg.structure import infer_meta

    src = load_source(SEED.read_bytes(), doc_id="seed", file_name=SEED.name)
    view = normalise(src, lexicon.noise)
    ex = ReportExtraction(src, infer_meta(src, view, None, lexicon), (), ())
    t = time.perf_counter()
    entities.recognise(ex, view, lexicon, gazetteer)
    assert time.perf_counter() - t < 1.0


# ------------------------------------------------------------------ the shipped report, built once
def build_seed_kg(tmp_path_factory, settings) -> Path:
    """The shipped report built into a KG directory (not gated on the other stages' shapes: the
    entity part is validated by its own test in test_entities_seed.py)."""
    from kg.build import build

    out = tmp_path_factory.mktemp("entity-kg") / "build"
    build([SEED], out, settings, validate_graph=False)
    return out


def test_entities_a_division_name_inside_a_word_is_not_read(lexicon, gazetteer):
    # 范县 is a county of the province, but here it is the end of 示范县
    ex = run(report("河南省洛阳市", "栾川县获评国家生态文明建设示范县，宜阳至郑州高速公路建成通车。"), lexicon, gazetteer)
    places = named(ex, "Place")
    assert "范县" not in places
    assert places["栾川县"].links["admin_code"] == "410324"
    assert "国家生态文明建设示范县" in named(ex, "Award")
    assert not any(n.endswith("公路") for n in places)
