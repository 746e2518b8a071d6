"""Every targeted shape, on its own fixtures: tests/fixtures/shapes/valid/<Shape>.ttl gives the
shape focus nodes and gets no result from it; tests/fixtures/shapes/invalid/<Shape>.ttl breaks it at
the path its first line names (``# breaks ps:<Shape> at path <path>: <why>``).

All fixtures of a kind are validated together, with the ontology beside them as a build has it,
in one run: each fixture mints its IRIs under its own namespace, so a result belongs to the
fixture whose nodes it is about."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH

from kg.build import shapes_graph, vocabulary_graph
from kg.validate import focus_nodes, validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
PS = "https://w3id.org/plankg/shapes#"
HEADER = re.compile(r"^# breaks ps:(?P<shape>\S+) at path (?P<path>\S+): (?P<why>.+)$")
CURIE = re.compile(r"(?<![\w<])([a-z][a-z-]*):([A-Za-z_][\w.-]*)")
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
#: A fixture says one thing; more triples than this and it is no longer small.
MAX_TRIPLES = 24


def _names(kind: str) -> list[str]:
    return sorted(p.stem for p in (FIXTURES / kind).glob("*.ttl"))


def _load(kind: str) -> dict[str, Graph]:
    return {name: Graph().parse(FIXTURES / kind / f"{name}.ttl", format="turtle") for name in _names(kind)}


def _nodes(fixture: Graph, vocabulary: Graph) -> set[str]:
    """The nodes a fixture is about: its subjects and objects that the vocabulary does not define."""
    nodes = {n for s, _p, o in fixture for n in (s, o) if isinstance(n, (URIRef, BNode))}
    return {str(n) for n in nodes if (n, None, None) not in vocabulary}


class Run:
    """All fixtures of one kind validated together, with the ontology."""

    def __init__(self, kind: str, shapes: Graph, vocabulary: Graph):
        self.fixtures = _load(kind)
        self.data = Graph()
        self.data += vocabulary
        for g in self.fixtures.values():
            self.data += g
        self.validation = validate(self.data, shapes)
        self.nodes = {name: _nodes(g, vocabulary) for name, g in self.fixtures.items()}

    def results(self, name: str):
        nodes = self.nodes[name]
        return [r for r in self.validation.results
                if r.shape == PS + name and (r.focus in nodes or r.value in nodes)]


@pytest.fixture(scope="module")
def shapes(settings):
    return shapes_graph(settings)


@pytest.fixture(scope="module")
def vocabulary(settings):
    return vocabulary_graph(settings)


@pytest.fixture(scope="module")
def valid_run(shapes, vocabulary):
    return Run("valid", shapes, vocabulary)


@pytest.fixture(scope="module")
def invalid_run(shapes, vocabulary):
    return Run("invalid", shapes, vocabulary)


def _expected_path(text: str, fixture: Graph) -> str:
    """The header's path in kg.validate's notation: a bare IRI for a predicate, else a SPARQL path."""
    if text == "-":
        return ""
    nm = fixture.namespace_manager
    if CURIE.fullmatch(text):
        return str(nm.expand_curie(text))
    return CURIE.sub(lambda m: f"<{nm.expand_curie(m.group(0))}>", text)


def test_shapes_fixtures_exist_for_every_targeted_shape(shapes):
    targeted = {str(s)[len(PS):] for t in TARGETS for s in shapes.subjects(t, None) if str(s).startswith(PS)}
    assert targeted, "no targeted shapes found"
    assert set(_names("valid")) == targeted
    assert set(_names("invalid")) == targeted


@pytest.mark.parametrize("kind", ["valid", "invalid"])
def test_shapes_fixtures_are_small(kind):
    for name, g in _load(kind).items():
        assert 0 < len(g) <= MAX_TRIPLES, f"{kind}/{name}.ttl has {len(g)} triples"


@pytest.mark.parametrize("name", _names("valid"))
def test_shapes_valid_fixture_conforms(name, valid_run, shapes):
    shape = URIRef(PS + name)
    focus = {str(n) for n in focus_nodes(shapes, valid_run.data, shape)} & valid_run.nodes[name]
    assert focus, f"valid/{name}.ttl gives {name} no focus node, so it tests nothing"
    assert valid_run.results(name) == [], f"valid/{name}.ttl breaks {name}"


@pytest.mark.parametrize("name", _names("invalid"))
def test_shapes_invalid_fixture_breaks_its_shape_at_its_path(name, invalid_run, shapes):
    header = (FIXTURES / "invalid" / f"{name}.ttl").read_text(encoding="utf-8").splitlines()[0]
    m = HEADER.match(header)
    assert m and m.group("shape") == name, f"invalid/{name}.ttl: bad first line {header!r}"
    path = _expected_path(m.group("path"), invalid_run.fixtures[name])
    severity = str(shapes.value(URIRef(PS + name), SH.severity) or SH.Violation).rsplit("#", 1)[-1]
    found = invalid_run.results(name)
    assert found, f"invalid/{name}.ttl ({m.group('why')}) is not caught by {name}"
    assert {(r.path, r.severity) for r in found} == {(path, severity)}, (
        f"invalid/{name}.ttl is caught at {sorted({r.path for r in found})}, not at {path!r} ({severity})")
