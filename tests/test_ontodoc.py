"""kg.ontodoc: the HTML documentation lists every term of the ontology in Chinese and English,
escapes every value and is self-contained and deterministic."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import vocab
from kg.ontodoc import load_ontology_graph, render_html
from kg.vocab import PK, QB

ONTOLOGY_DIR = Path(__file__).parent.parent / "ontology"
DOCUMENTED_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, QB.DimensionProperty,
                    QB.MeasureProperty, QB.AttributeProperty, SKOS.Concept, SKOS.ConceptScheme,
                    QB.DataStructureDefinition, QB.ComponentSpecification)


class _Entries(HTMLParser):
    """Collects the text of every ``<div class="term">`` by its id (entities already decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.entries: dict[str, str] = {}
        self.ids: list[str] = []
        self._current: str | None = None
        self._depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag != "div":
            return
        if self._current is not None:
            self._depth += 1
        elif attrs.get("class") == "term":
            self._current, self._depth, self._text = attrs["id"], 0, []

    def handle_endtag(self, tag):
        if tag != "div" or self._current is None:
            return
        if self._depth:
            self._depth -= 1
        else:
            self.entries[self._current] = " ".join(" ".join(self._text).split())
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._text.append(data)


def _entries(page: str) -> _Entries:
    parser = _Entries()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load_ontology_graph(ONTOLOGY_DIR)


@pytest.fixture(scope="module")
def page(graph) -> str:
    return render_html(graph)


def _terms(g: Graph) -> list[URIRef]:
    return sorted({s for t in DOCUMENTED_TYPES for s in g.subjects(RDF.type, t)
                   if isinstance(s, URIRef) and str(s).startswith(vocab.VOCAB_ROOT)}, key=str)


def _label(g: Graph, term: URIRef, lang: str) -> list[str]:
    return [str(o) for p in (RDFS.label, SKOS.prefLabel) for o in g.objects(term, p)
            if isinstance(o, Literal) and o.language == lang]


def test_ontodoc_load_ontology_graph_reads_every_turtle_file(tmp_path):
    (tmp_path / "b.ttl").write_text("<urn:x:b> <urn:x:p> 'b' .\n", encoding="utf-8")
    (tmp_path / "a.ttl").write_text("<urn:x:a> <urn:x:p> 'a' .\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not turtle {", encoding="utf-8")
    g = load_ontology_graph(tmp_path)
    assert set(g.subjects()) == {URIRef("urn:x:a"), URIRef("urn:x:b")}


def test_ontodoc_loads_the_whole_ontology(graph):
    expected = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        expected.parse(path, format="turtle")
    assert len(graph) == len(expected) > 0


def test_ontodoc_lists_every_term_with_both_labels(graph, page):
    entries = _entries(page).entries
    by_iri = {}
    for anchor, text in entries.items():
        for word in text.split():
            if word.startswith(vocab.VOCAB_ROOT):
                by_iri.setdefault(word, anchor)
                break
    terms = _terms(graph)
    assert len(terms) > 150
    problems = []
    for term in terms:
        anchor = by_iri.get(str(term))
        if anchor is None:
            problems.append(f"{term}: no entry")
            continue
        if str(term).startswith(str(PK._NS)) and anchor != str(term).removeprefix(str(PK._NS)):
            problems.append(f"{term}: anchor {anchor!r} is not the local name")
        for lang in ("zh", "en"):
            labels = _label(graph, term, lang)
            if not labels or not all(label in entries[anchor] for label in labels):
                problems.append(f"{term}: label@{lang} missing from its entry")
    assert not problems, "\n".join(problems)


def test_ontodoc_shows_definitions_in_both_languages(graph, page):
    text = _entries(page).entries["Report"]
    for definition in graph.objects(PK.Report, SKOS.definition):
        assert str(definition) in text


def test_ontodoc_anchors_are_unique(page):
    ids = _entries(page).ids
    assert len(ids) == len(set(ids))


def test_ontodoc_shows_alignments_notations_and_alt_labels(page):
    entries = _entries(page).entries
    assert "schema:Report" in entries["Report"] and "prov:Entity" in entries["Report"]
    assert "pk:Report ∪ pk:ReportSection" in entries["hasSection"]
    grp = entries["id-indicator-GRP"]
    assert "GRP" in grp and "生产总值" in grp and "wd:P2131" in grp
    assert "unit:M2" in entries["code-unit-square-metre"] and "MTK" in entries["code-unit-square-metre"]
    assert "sdmx-code:obsStatus-A" in entries["code-status-actual"]
    assert "sdmx-dimension:refArea" in entries["componentArea"]


def test_ontodoc_header(page):
    assert page.startswith("<!DOCTYPE html>")
    for text in ("0.1.0", "https://w3id.org/plankg/def", "https://creativecommons.org/licenses/by/4.0/",
                 "https://w3id.org/plankg/def#"):
        assert text in page
    assert 'href="#section-0"' in page


def test_ontodoc_is_self_contained(page):
    lowered = page.lower()
    for needle in ("<script", "<link", " src=", "@import", "javascript:"):
        assert needle not in lowered


def test_ontodoc_is_deterministic(graph, page):
    assert render_html(graph) == page
    assert render_html(load_ontology_graph(ONTOLOGY_DIR)) == page


def test_ontodoc_escapes_values():
    g = Graph()
    term = URIRef(str(PK._NS) + "Evil")
    g.add((term, RDF.type, OWL.Class))
    g.add((term, RDFS.label, Literal("<script>alert(1)</script>", lang="en")))
    g.add((term, RDFS.label, Literal('甲 & "乙"', lang="zh")))
    g.add((term, SKOS.definition, Literal("<b>bold</b>", lang="en")))
    g.add((term, RDFS.seeAlso, URIRef('https://example.org/"><script>x</script>')))
    page = render_html(g)
    assert "<script" not in page.lower()
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "甲 &amp; &quot;乙&quot;" in page
    entry = _entries(page).entries["Evil"]
    assert "<script>alert(1)</script>" in entry and '甲 & "乙"' in entry


def test_ontodoc_renders_graph_without_ontology_header():
    g = Graph()
    term = vocab.code("status", "actual")
    g.add((term, RDF.type, SKOS.Concept))
    g.add((term, SKOS.prefLabel, Literal("实际", lang="zh")))
    page = render_html(g)
    assert 'id="code-status-actual"' in page and "实际" in page
