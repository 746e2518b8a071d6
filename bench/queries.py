"""The endpoint benchmark's query mix: real research questions on plankg's data model.

Each is kept in the shape that is fast on pyoxigraph and Oxigraph: the analytic ones join
aggregated sub-SELECTs rather than self-joining observations (at 860k triples one self-join took
440 ms, rewritten as two sub-SELECTs 21 ms). A slower median here is a regression.
"""
from __future__ import annotations

PREFIXES = """PREFIX pk: <https://w3id.org/plankg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX schema: <https://schema.org/>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX status: <https://w3id.org/plankg/code/status/>
PREFIX measure: <https://w3id.org/plankg/code/measure/>
"""

#: name → (what it asks, query); ``{place}`` is the area of the seed report
QUERIES: dict[str, tuple[str, str]] = {
    "headline": ("headline indicators of a place and year", PREFIXES + """
SELECT ?code ?label ?measure ?value ?unit WHERE {
  ?o sdmx-dimension:refArea <{place}> ; sdmx-dimension:refPeriod "2022"^^xsd:gYear ;
     pk:indicator ?i ; pk:measureKind/skos:notation ?measure ; sdmx-measure:obsValue ?value .
  ?i a pk:HeadlineIndicator ; skos:notation ?code ; skos:prefLabel ?label FILTER(lang(?label) = "zh")
  OPTIONAL { ?o pk:unitText ?unit }
} ORDER BY ?code ?measure"""),
    "target_vs_actual": ("target vs actual per indicator and area (two aggregated sub-SELECTs)", PREFIXES + """
SELECT ?area ?code ?measure ?target ?actual WHERE {
  { SELECT ?area ?code ?measure (MAX(?v) AS ?target) WHERE {
      ?o sdmx-attribute:obsStatus status:target ; pk:indicator/skos:notation ?code ;
         pk:measureKind/skos:notation ?measure ; sdmx-measure:obsValue ?v ; sdmx-dimension:refArea ?area .
    } GROUP BY ?area ?code ?measure }
  { SELECT ?area ?code ?measure (MAX(?v) AS ?actual) WHERE {
      VALUES ?s { status:actual status:estimate }
      ?o sdmx-attribute:obsStatus ?s ; pk:indicator/skos:notation ?code ;
         pk:measureKind/skos:notation ?measure ; sdmx-measure:obsValue ?v ; sdmx-dimension:refArea ?area .
    } GROUP BY ?area ?code ?measure }
} ORDER BY ?area ?code ?measure LIMIT 1000"""),
    "projects": ("projects by status and place", PREFIXES + """
SELECT ?status ?place (COUNT(DISTINCT ?p) AS ?n) WHERE {
  ?p a pk:Project ; schema:location ?place ; pk:milestone/pk:projectStatus/skos:notation ?status .
} GROUP BY ?status ?place ORDER BY DESC(?n) ?status ?place LIMIT 1000"""),
    "label_search": ("label search in Chinese (科技)", PREFIXES + """
SELECT ?s ?label WHERE {
  ?s rdfs:label ?label FILTER(lang(?label) = "zh" && CONTAINS(?label, "科技"))
} LIMIT 100"""),
    "describe": ("DESCRIBE of an entity (the seed report's area)", "DESCRIBE <{place}>"),
    "count_by_type": ("counts by type", PREFIXES + """
SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) ?type"""),
    "growth_by_indicator": ("mean growth rate per headline indicator, all reports", PREFIXES + """
SELECT ?code (COUNT(?o) AS ?n) (AVG(?v) AS ?mean) WHERE {
  ?o pk:measureKind measure:growth_pct ; pk:indicator ?i ; sdmx-measure:obsValue ?v .
  ?i a pk:HeadlineIndicator ; skos:notation ?code .
} GROUP BY ?code ORDER BY DESC(?n) ?code"""),
}


def queries(place: str) -> dict[str, str]:
    return {name: q.replace("{place}", place) for name, (_what, q) in QUERIES.items()}


def accept_for(query: str) -> str:
    head = query.upper()
    return "text/turtle" if "DESCRIBE" in head.split("WHERE")[0] or head.lstrip().startswith("CONSTRUCT") \
        else "application/sparql-results+json"
