"""kg.vocab against the ontology: the terms of PK are exactly the pk: terms the ontology declares,
and misspelt terms or codes fail loudly."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg import vocab
from kg.vocab import PK

ONTOLOGY_DIR = Path(__file__).parent.parent / "ontology"
#: The files that declare pk: terms (the code lists, units and indicators only use them).
DECLARING_FILES = ("plankg.ttl", "dsd.ttl")


@pytest.fixture(scope="module")
def declared() -> set[str]:
    g = Graph()
    for name in DECLARING_FILES:
        g.parse(ONTOLOGY_DIR / name, format="turtle")
    ns = str(PK._NS)
    return {str(s)[len(ns):] for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(ns)}


def test_vocab_pk_terms_equal_ontology_declarations(declared):
    in_code = set(PK.__annotations__)
    assert sorted(in_code - declared) == [], "in kg.vocab.PK but not declared in ontology/"
    assert sorted(declared - in_code) == [], "declared in ontology/ but missing from kg.vocab.PK"


def test_vocab_other_files_declare_no_pk_terms():
    ns = str(PK._NS)
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        if path.name in DECLARING_FILES:
            continue
        g = Graph().parse(path, format="turtle")
        assert not [s for s in g.subjects() if str(s).startswith(ns)], path.name


def test_vocab_known_term_is_its_iri():
    assert PK.Report == URIRef("https://w3id.org/plankg/def#Report")
    assert PK.reportObservationStructure == URIRef("https://w3id.org/plankg/def#reportObservationStructure")


def test_vocab_unknown_term_raises_attribute_error():
    with pytest.raises(AttributeError):
        PK.Reprot  # noqa: B018 - a misspelt term must fail


def test_vocab_code_returns_iri():
    assert vocab.code("status", "actual") == URIRef("https://w3id.org/plankg/code/status/actual")
    assert vocab.code("project-status", "topped_out") == URIRef(
        "https://w3id.org/plankg/code/project-status/topped_out")


@pytest.mark.parametrize("name, value", [("status", "guess"), ("qualifier", "lt"), ("measure", "Level"),
                                         ("no-such-list", "eq")])
def test_vocab_code_unknown_raises_key_error(name, value):
    with pytest.raises(KeyError):
        vocab.code(name, value)


def test_vocab_code_scheme_unknown_raises_key_error():
    assert vocab.code_scheme("unit") == URIRef("https://w3id.org/plankg/code/unit")
    with pytest.raises(KeyError):
        vocab.code_scheme("units")


def test_vocab_ontology_iri_and_version_match_ontology():
    g = Graph().parse(ONTOLOGY_DIR / "plankg.ttl", format="turtle")
    assert (vocab.ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert str(g.value(vocab.ONTOLOGY_IRI, OWL.versionInfo)) == vocab.ONTOLOGY_VERSION


def test_vocab_code_list_classes_are_declared(declared):
    for cls in vocab.CODE_LIST_CLASSES.values():
        assert str(cls).removeprefix(str(PK._NS)) in declared


def test_vocab_prefix_of_pk_is_its_namespace():
    assert vocab.PREFIXES["pk"] == str(PK._NS)
