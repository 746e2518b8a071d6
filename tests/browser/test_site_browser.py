"""End to end in headless Chromium: the journeys a researcher takes, at desktop and phone width.
Screenshots of every page go to test-artifacts/."""
from __future__ import annotations

import csv
import re

import pytest
from pypinyin import lazy_pinyin

from .conftest import shot

pytestmark = pytest.mark.browser


def _csp_ok(page) -> None:
    bad = [e for e in page.errors if "Content Security Policy" in e or "dialog:" in e or "__xss" in e]
    assert not bad, bad


def test_browser_home_index_indicator_sentence_and_back(page, site_url):
    page.goto(site_url + "/")
    shot(page, "home")
    page.get_by_role("link", name=re.compile("Browse")).first.click()
    page.wait_for_url("**/-/indexes")
    page.locator("a[href='/-/indexes/indicators']").click()
    page.wait_for_url("**/-/indexes/indicators")
    shot(page, "indicators")
    first = page.locator("#tbl tbody th a").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert name in page.locator("h1").inner_text()
    shot(page, "indicator")
    sentence = page.locator("a[href*='#char=']").first
    href = sentence.get_attribute("href")
    indicator_url = page.url
    sentence.click()
    page.wait_for_url("**/text#char=*")
    frag = href.split("#", 1)[1]
    target = page.locator(f"[id='{frag}']")
    assert target.count() == 1 and target.is_visible()
    box = target.bounding_box()
    assert 0 <= box["y"] <= page.viewport_size["height"]
    shot(page, "reader")
    page.go_back()
    page.wait_for_load_state()
    assert page.url == indicator_url
    _csp_ok(page)


def test_browser_entity_journey_with_mentions_and_map(page, hostile_url):
    page.goto(hostile_url + "/")
    page.locator("a[href='/-/indexes']").first.click()
    page.locator("a[href='/-/indexes/places']").click()
    shot(page, "places")
    page.locator("#tbl tbody th a").first.click()
    page.wait_for_load_state()
    assert page.locator("figure.map svg circle.pt").count() >= 1
    assert page.locator("blockquote.quote mark").count() >= 1
    shot(page, "entity")
    page.locator("blockquote.quote a[href*='#char=']").first.click()
    page.wait_for_url("**/text#char=*")
    shot(page, "reader")
    assert page.evaluate("window.__xss") is None
    page.go_back()
    assert "/id/place/" in page.url
    _csp_ok(page)


def test_browser_search_finds_the_place_by_pinyin(page, site_url, site_kg):
    with open(site_kg / "download" / "entities.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["type"] == "Place")
    q = "".join(lazy_pinyin(row["name_zh"])[:2])
    page.goto(site_url + "/")
    box = page.get_by_role("searchbox").first
    box.fill(q)
    box.press("Enter")
    page.wait_for_url("**/-/search?*")
    first = page.locator("ol.results li a").first
    assert first.inner_text() == row["name_zh"]
    shot(page, "search")
    _csp_ok(page)


def test_browser_query_editor_runs_an_example_as_table_and_chart(page, site_url):
    page.goto(site_url + "/-/query")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert page.locator("#plain-query").is_hidden()
    page.locator("[data-query-id='03-observations-per-indicator']").click()
    rows = page.locator(".yasr .dataTable tbody tr")
    rows.first.wait_for(timeout=20000)
    assert rows.count() > 3
    shot(page, "table")
    assert "run=1" in page.url and "query=" in page.url
    page.locator(".yasr .select_pkchart").click()
    page.wait_for_selector(".yasr svg.pk-chart rect")
    assert page.locator(".yasr svg.pk-chart rect").count() > 3
    shot(page, "chart")
    shared = page.url
    page.goto(shared)
    page.locator(".yasr .dataTable tbody tr").first.wait_for(timeout=20000)
    _csp_ok(page)


def test_browser_dashboard_chart_renders(page, site_url):
    page.goto(site_url + "/-/dashboard")
    bars = page.locator("figure.chart svg rect.bar")
    assert bars.count() >= 2
    assert any((bars.nth(i).bounding_box() or {}).get("width", 0) > 0 for i in range(bars.count()))
    shot(page, "dashboard")
    _csp_ok(page)


def test_browser_reader_marks_show_what_the_kg_says_on_focus(page, site_url):
    page.goto(site_url + "/")
    page.locator("a.button[href$='/text']").first.click()
    page.wait_for_load_state()
    mark = page.locator(".reader a.hl.q").first
    tip = mark.locator("xpath=..").locator(":scope > .tip")
    assert tip.is_hidden()
    mark.focus()
    assert tip.is_visible()
    assert tip.inner_text().strip()
    shot(page, "tooltip")
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    _csp_ok(page)


@pytest.mark.parametrize("path", ["/", "/-/dashboard", "/-/indexes/places", "/-/indexes/projects", "/id/place/999901",
                                  "/id/project/999901/x", "/id/report/xss-2001/text", "/-/search?q=img",
                                  "/id/observation/xss-2001/x/999901/2001/growth_pct"])
def test_browser_hostile_names_never_execute(page, hostile_url, path):
    page.goto(hostile_url + path)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None
    assert page.locator("img").count() == 0
    assert not [e for e in page.errors if "dialog:" in e]
    shot(page, "hostile-" + re.sub(r"[^a-z0-9]+", "-", path).strip("-"))


def test_browser_pages_fit_the_width(page, site_url):
    for path in ["/", "/-/dashboard", "/-/indexes/indicators", "/-/query", "/-/downloads"]:
        page.goto(site_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, (path, overflow)
        shot(page, re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home")
