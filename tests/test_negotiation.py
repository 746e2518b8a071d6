"""Content negotiation: q-values, specificity, and None (406) when nothing is acceptable."""
from __future__ import annotations

from server.negotiation import best_match, parse_accept

OFFER = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv"]


def test_negotiation_no_header_takes_the_first_offer():
    assert best_match(None, OFFER) == OFFER[0]
    assert best_match("", OFFER) == OFFER[0]
    assert best_match("*/*", OFFER) == OFFER[0]


def test_negotiation_q_values_decide():
    assert best_match("application/sparql-results+json;q=0.3, text/csv;q=0.8", OFFER) == "text/csv"
    assert best_match("text/*;q=0.9, application/sparql-results+xml", OFFER) == "application/sparql-results+xml"


def test_negotiation_most_specific_range_sets_the_quality():
    # text/csv is refused although text/* would accept it
    assert best_match("text/*, text/csv;q=0", ["text/csv", "text/tab-separated-values"]) == "text/tab-separated-values"
    assert best_match("*/*;q=0.1, application/sparql-results+json;q=0", OFFER) == OFFER[1]


def test_negotiation_nothing_acceptable_is_none():
    assert best_match("image/png", OFFER) is None
    assert best_match("*/*;q=0", OFFER) is None
    assert best_match("text/turtle", OFFER) is None


def test_negotiation_malformed_parts_are_ignored():
    ranges = parse_accept("garbage, text/csv;q=abc, application/json;q=0.5")
    assert [(r.type, r.subtype) for r in ranges] == [("text", "csv"), ("application", "json")]
    assert ranges[0].q == 0.0  # an unreadable q is not acceptable
    assert best_match("garbage, application/sparql-results+xml", OFFER) == OFFER[1]
