"""Search: zh substring, pinyin with or without tones and spaces, English; ranked; type facets."""
from __future__ import annotations

import csv

import pytest
import requests
from pypinyin import Style, lazy_pinyin

from browser.kit import hostile_dir, hostile_url, site_kg, site_url  # noqa: F401
from server.search import Entry, norm_latin, search


def _place_name(site_kg) -> tuple[str, str]:
    with open(site_kg / "download" / "entities.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["type"] == "Place")
    return row["entity"], row["name_zh"]


def test_search_norm_latin_drops_tones_spaces_case():
    assert norm_latin("Lǜ Shuǐ") == norm_latin("lu shui") == "lushui"


def test_search_ranks_exact_before_prefix_before_substring():
    idx = (Entry("a", "Place", "甲乙丙", ("甲乙丙",), ("jiayibing",), ("jyb",)),
           Entry("b", "Place", "乙", ("乙",), ("yi",), ("y",)),
           Entry("c", "Project", "乙丙", ("乙丙",), ("yibing",), ("yb",)))
    hits, facets = search(idx, "乙")
    assert [h.entry.iri for h in hits] == ["b", "c", "a"]
    assert facets == {"Place": 2, "Project": 1}
    hits, _ = search(idx, "乙", facet="Project")
    assert [h.entry.iri for h in hits] == ["c"]


def test_search_finds_the_place_by_pinyin_zh_and_tones(site_url, site_kg):
    iri, name = _place_name(site_kg)
    plain = lazy_pinyin(name)
    queries = ["".join(plain[:2]), " ".join(plain), " ".join(lazy_pinyin(name, style=Style.TONE)).title(),
               name[:2], name]
    for q in queries:
        r = requests.get(site_url + "/-/search.json", params={"q": q}).json()
        assert r["results"], q
        assert r["results"][0]["iri"] == iri, (q, r["results"][:3])
        assert r["results"][0]["type"] == "Place"


@pytest.mark.parametrize("q", ["", "   "])
def test_search_empty_query_has_no_results(site_url, q):
    r = requests.get(site_url + "/-/search.json", params={"q": q}).json()
    assert r["results"] == []


def test_search_facets_filter_by_type(hostile_url):
    r = requests.get(hostile_url + "/-/search.json", params={"q": "img"}).json()
    assert r["facets"].get("Place", 0) >= 1
    only = requests.get(hostile_url + "/-/search.json", params={"q": "img", "type": "Project"}).json()
    assert all(x["type"] == "Project" for x in only["results"])
    page = requests.get(hostile_url + "/-/search", params={"q": "甲"})
    assert page.status_code == 200 and "<img src=x" not in page.text
