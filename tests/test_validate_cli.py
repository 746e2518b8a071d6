"""``kg validate``: a built KG or RDF files, a report grouped by shape that quotes the report, the
machine-readable reports, and the exit status."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF, SH, XSD

from kg.build import union_graph
from kg.cli import main
from kg.vocab import NIF, PK, SDMX_DIMENSION

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
PS = "https://w3id.org/plankg/shapes#"


def test_validate_cli_kg_conforms(seed_kg, capsys):
    assert main(["validate", "--kg", str(seed_kg)]) == 0
    out = capsys.readouterr().out
    last = out.rstrip().splitlines()[-1]
    assert last.startswith("conforms: 0 violations") and "focus nodes" in last


def test_validate_cli_json_says_what_each_shape_checked(seed_kg, capsys):
    assert main(["validate", "--kg", str(seed_kg), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    manifest = json.loads((seed_kg / "manifest.json").read_text(encoding="utf-8"))
    assert report["conforms"] is True and report["violations"] == 0
    checked = {c["shape"]: c for c in report["checked"]}
    assert checked[PS + "ObservationShape"]["focus_nodes"] == manifest["observations"]
    assert checked[PS + "ObservationShape"]["name_zh"] and checked[PS + "ObservationShape"]["name_en"]


def test_validate_cli_turtle_is_a_shacl_report(seed_kg, capsys):
    assert main(["validate", "--kg", str(seed_kg), "--format", "turtle"]) == 0
    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    (report,) = g.subjects(RDF.type, SH.ValidationReport)
    assert g.value(report, SH.conforms) == Literal(True)


def test_validate_cli_file_quotes_the_span_at_fault(capsys):
    fixture = FIXTURES / "invalid" / "SpanQuoteShape.ttl"
    assert main(["validate", str(fixture)]) == 2
    out = capsys.readouterr().out
    g = Graph().parse(fixture)
    (span,) = g.subjects(NIF.anchorOf, None)
    quote, text = str(g.value(span, NIF.anchorOf)), str(g.value(g.value(span, NIF.referenceContext), NIF.isString))
    found = text[int(g.value(span, NIF.beginIndex)):int(g.value(span, NIF.endIndex))]
    block = out.split("Violation: ps:SpanQuoteShape", 1)[1]
    assert f"quote  「{quote}」  but the text there is  「{found}」" in block
    assert "path   ^nif:referenceContext" in block
    assert out.rstrip().splitlines()[-1].startswith("does NOT conform")


def test_validate_cli_quotes_the_number_and_clause_of_an_observation(seed_kg, tmp_path, capsys):
    ds = Dataset()
    ds.parse(seed_kg / "kg.nq", format="nquads")
    g = union_graph(ds)
    o = min(g.subjects(RDF.type, PK.Observation))
    g.set((o, SDMX_DIMENSION.refPeriod, Literal("twenty-twenty-two", datatype=XSD.gYear)))
    bad = tmp_path / "bad.nt"
    g.serialize(bad, format="nt", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    out = capsys.readouterr().out
    number = g.value(min(g.objects(o, PK.source)), NIF.anchorOf)
    clause = g.value(min(g.objects(o, PK.clause)), NIF.anchorOf)
    block = out.split("Violation: ps:Observation-refPeriod", 1)[1].split("\n\n", 1)[0]
    assert f"quote  「{number}」  in  「{clause}」" in block
    assert "twenty-twenty-two" in block


def test_validate_cli_warnings_are_shown_but_not_fatal(capsys):
    assert main(["validate", str(FIXTURES / "invalid" / "EntityEnglishLabelShape.ttl")]) == 2  # other shapes too
    out = capsys.readouterr().out
    assert "Warning: ps:EntityEnglishLabelShape" in out
    assert main(["validate", str(FIXTURES / "valid" / "IC-4-DimensionsHaveRange.ttl")]) == 0
    assert "conforms: 0 violations" in capsys.readouterr().out


@pytest.mark.parametrize("args,message", [
    (["--kg", "{tmp}/kg", "{tmp}/x.ttl"], "either --kg DIR or RDF files"),
    (["{tmp}/report.docx"], "unknown RDF format"),
    (["{tmp}/missing.ttl"], "no such file"),
])
def test_validate_cli_refuses_bad_input(args, message, tmp_path, capsys):
    assert main(["validate", *(a.format(tmp=tmp_path) for a in args)]) == 1
    assert message in capsys.readouterr().err


def test_validate_cli_refuses_unparsable_rdf(tmp_path, capsys):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "not valid turtle" in capsys.readouterr().err
