"""The site's pages over HTTP on the real server: home, indexes, dashboard, reader, entity pages,
query editor, downloads; their JSON twins; escaping of hostile names; security headers."""
from __future__ import annotations

import csv
import re

import pytest
import requests

from browser.kit import XSS, hostile_dir, hostile_url, site_kg, site_url  # noqa: F401
from server import urls
from server.examples import load

PAGES = ["/", "/-/indexes", "/-/search?q=a", "/-/dashboard", "/-/query", "/-/downloads"] + [
    urls.index(s) for s in urls.INDEXES]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_csp_and_json_twin(site_url, path):
    r = requests.get(site_url + path)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp.split(
        "script-src")[1].split(";")[0]
    assert '<main id="main"' in r.text and "<nav" in r.text and 'role="search"' in r.text
    twin = requests.get(site_url + urls.twin(path))
    assert twin.status_code == 200 and twin.headers["Content-Type"].startswith("application/json")
    twin.json()


def test_pages_home_links_reports_reader_dashboard_and_licence(site_url, site_kg):
    home = requests.get(site_url + "/").text
    manifest = requests.get(site_url + "/.json").json()
    for rep in manifest["reports"]:
        assert urls.link_for(rep["text"], "https://w3id.org/plankg/") in home
    assert urls.dashboard() in home and urls.query() in home and urls.downloads() in home
    assert 'rel="license"' in home
    counts = {c["class"]: c["count"] for c in manifest["counts"]}
    assert counts["Observation"] > 0 and counts["Report"] == len(manifest["reports"])


def test_pages_every_fact_sentence_two_clicks_from_home(site_url, site_kg):
    """Home → reader: every stated quantity of the KG is a marked, linked element of the reader."""
    home = requests.get(site_url + "/").text
    reader_links = re.findall(r'href="(/id/report/[^"#]+/text)"', home)
    assert reader_links
    page = requests.get(site_url + reader_links[0]).text
    with open(site_kg / "download" / "observations.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        anchor = f'id="char={row["source_start"]},{row["source_end"]}"'
        assert anchor in page
        obs_path = urls.link_for(row["observation"], "https://w3id.org/plankg/")
        assert f'href="{obs_path}"' in page


def test_pages_dashboard_values_link_to_observation_and_sentence(site_url):
    dash = requests.get(site_url + "/-/dashboard.json").json()
    assert dash["table"]
    page = requests.get(site_url + "/-/dashboard").text
    assert "<svg" in page and 'class="bar done"' in page and 'class="bar plan"' in page
    some = [v for row in dash["table"] for cell in row["cells"].values() for v in cell]
    assert any(v["status"] == "target" for v in some) and any(v["status"] != "target" for v in some)
    for v in some[:6]:
        assert requests.get(site_url + v["href"]).status_code == 200
        path, frag = v["sentence_href"].split("#")
        assert f'id="{frag}"' in requests.get(site_url + path).text


def test_pages_indicator_page_has_table_chart_and_sentences(site_url):
    dash = requests.get(site_url + "/-/dashboard.json").json()
    href = dash["table"][0]["indicator"]["href"]
    page = requests.get(site_url + href).text
    assert "<svg" in page and "<table" in page and "#char=" in page


def test_pages_index_sorts_and_filters(site_url):
    page = requests.get(site_url + urls.index("indicators", sort="observations", order="desc")).text
    assert 'aria-sort="descending"' in page
    data = requests.get(site_url + urls.twin(urls.index("indicators", sort="observations", order="desc"))).json()
    counts = [int(r["cells"]["observations"][0]) for r in data["rows"]]
    assert counts == sorted(counts, reverse=True) and len(counts) > 5
    one = data["rows"][0]["cells"]["name"][0]
    filtered = requests.get(site_url + urls.twin(urls.index("indicators", q=one))).json()
    assert 1 <= len(filtered["rows"]) < len(data["rows"])
    kinds = requests.get(site_url + urls.twin(urls.index("indicators"))).json()["facets"]["kind"]
    kind = kinds[0][0]
    only = requests.get(site_url + urls.twin(urls.index("indicators", kind=kind))).json()
    assert len(only["rows"]) == kinds[0][1]


def test_pages_query_examples_run_on_the_endpoint(site_url):
    examples = load()
    assert len(examples) >= 10
    with_rows = 0
    for e in examples:
        r = requests.post(site_url + "/sparql", data={"query": e.query},
                          headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200, (e.id, r.text[:200])
        with_rows += bool(r.json()["results"]["bindings"])
    assert with_rows >= 8


def test_pages_query_page_works_without_script(site_url):
    q = load()[2].query
    page = requests.get(site_url + urls.query(q, run="1")).text
    assert "<table" in page and "<td>" in page
    bad = requests.get(site_url + urls.query("SELECT WHERE {", run="1")).text
    assert 'role="alert"' in bad


def test_pages_entity_page_quotes_mentions_and_draws_map(hostile_url):
    page = requests.get(hostile_url + "/id/place/999901").text
    assert "<mark>" in page and "#char=" in page
    assert 'class="map"' in page and 'class="pt"' in page
    assert "Wikidata" in page and "Q1" in page
    assert 'lang="zh-Latn-pinyin"' in page


HOSTILE_PAGES = ["/", "/-/dashboard", "/-/indexes/places", "/-/indexes/projects", "/-/indexes/indicators",
                 "/-/indexes/reports", "/-/search?q=%E7%94%B2", "/-/search?q=img", "/id/place/999901",
                 "/id/place/999902", "/id/project/999901/x", "/id/report/xss-2001", "/id/report/xss-2001/text",
                 "/id/observation/xss-2001/x/999901/2001/growth_pct", "/id/indicator/s/x", "/id/indicator/GRP",
                 "/-/downloads", "/-/query"]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_pages_escape_every_value(hostile_url, path):
    r = requests.get(hostile_url + path)
    assert r.status_code == 200, path
    html = r.text
    for raw in XSS:
        assert raw not in html
    assert "<script>window.__xss" not in html and "<img src=x" not in html and "<svg onload" not in html
    assert len(re.findall(r"<script\b", html)) == len(re.findall(r'<script src="/static/[^"]+" defer></script>', html))
    assert "onerror=" not in html.replace("onerror=&#34;", "").replace("onerror=&quot;", "") or "&lt;img" in html


def test_pages_json_twins_keep_hostile_text_as_data(hostile_url):
    data = requests.get(hostile_url + "/-/indexes/places.json").json()
    names = [r["cells"]["name"][0] for r in data["rows"]]
    assert any(XSS[0] in n for n in names)
