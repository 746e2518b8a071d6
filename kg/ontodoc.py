"""Human-readable documentation of the plankg ontology, as one self-contained HTML5 page.

:func:`load_ontology_graph` reads every ``*.ttl`` of ``ontology/``; :func:`render_html` turns any
graph into a page that lists, in Chinese and English, every term the graph declares under
``https://w3id.org/plankg/``: the ontology header, classes, object and datatype properties, the Data
Cube structure, each code list and the indicator scheme. Each term is an anchored entry whose ``id``
is its local name, so ``…/def#Report`` resolves to the entry ``#Report``. The page has no script
and no external assets; every value from the graph is escaped.
"""
from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.vocab import PK, PREFIXES, QB, VOCAB_ROOT

__all__ = ["load_ontology_graph", "render_html"]

VANN = URIRef("http://purl.org/vocab/vann/")

#: Prefixes used to abbreviate IRIs on the page (the project's, plus a few the ontology cites).
DISPLAY_PREFIXES: tuple[tuple[str, str], ...] = tuple(PREFIXES.items()) + (
    ("sdmx-code", "http://purl.org/linked-data/sdmx/2009/code#"),
    ("sdmx-concept", "http://purl.org/linked-data/sdmx/2009/concept#"),
    ("vann", str(VANN)),
    ("unit", "http://qudt.org/vocab/unit/"),
    ("ind", VOCAB_ROOT + "id/indicator/"),
    ("code", VOCAB_ROOT + "code/"),
)

# Relations shown for a term: (predicate, heading). Objects are IRIs, blank nodes or literals.
_RELATIONS: tuple[tuple[URIRef, str], ...] = (
    (RDFS.subClassOf, "上位类 Super-classes"),
    (RDFS.subPropertyOf, "上位属性 Super-properties"),
    (RDFS.domain, "定义域 Domain"),
    (RDFS.range, "值域 Range"),
    (SKOS.broader, "上位概念 Broader"),
    (SKOS.narrower, "下位概念 Narrower"),
    (SKOS.inScheme, "所属体系 In scheme"),
    (QB.codeList, "代码表 Code list"),
    (QB.concept, "SDMX 概念 Concept"),
    (QB.dimension, "维度 Dimension"),
    (QB.measure, "度量 Measure"),
    (QB.attribute, "属性 Attribute"),
    (QB.order, "次序 Order"),
    (QB.componentRequired, "必需 Required"),
    (QB.component, "组成部分 Components"),
    (PK.unitKind, "单位类别 Unit kind"),
    (SKOS.exactMatch, "精确对应 Exact match"),
    (SKOS.closeMatch, "近似对应 Close match"),
    (OWL.equivalentClass, "等价类 Equivalent class"),
    (RDFS.seeAlso, "参见 See also"),
    (RDFS.isDefinedBy, "定义于 Defined by"),
)

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;line-height:1.5;color:#1a1a1a}
h1{font-size:1.6rem}h2{border-bottom:2px solid #8a1c1c;padding-bottom:.2rem;margin-top:2.5rem}
h3{margin-bottom:.3rem}code{font-size:.9em;background:#f4f4f4;padding:0 .2em}
.term{border-left:3px solid #ddd;padding:.2rem 0 .2rem 1rem;margin:1.2rem 0}
.term:target{border-left-color:#8a1c1c;background:#fff8f0}
dl{display:grid;grid-template-columns:12rem 1fr;gap:.2rem 1rem;margin:.3rem 0}dt{color:#555}dd{margin:0}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
nav ul{columns:2}
"""


def load_ontology_graph(ontology_dir: Path) -> Graph:
    """Parse every ``*.ttl`` file of ``ontology_dir`` (in sorted order) into one graph."""
    graph = Graph()
    for path in sorted(Path(ontology_dir).glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def render_html(graph: Graph) -> str:
    """Render ``graph`` as a self-contained HTML5 page documenting its plankg terms."""
    documented = _documented_terms(graph)
    parts = ["<!DOCTYPE html>", '<html lang="zh-Hans">', "<head>", '<meta charset="utf-8">',
             f"<title>{_esc(_page_title(graph))}</title>", f"<style>{_CSS}</style>", "</head>", "<body>"]
    parts.extend(_header(graph))
    sections = list(_sections(graph))
    parts.append("<nav><h2>目录 Contents</h2><ul>")
    parts.extend(f'<li><a href="#section-{i}">{_esc(title)}</a></li>' for i, (title, _, _) in
                 enumerate(sections))
    parts.append("</ul></nav>")
    for i, (title, intro, terms) in enumerate(sections):
        parts.append(f'<section id="section-{i}"><h2>{_esc(title)}</h2>')
        if intro is not None:
            parts.append(_entry(graph, intro, documented, heading="h3"))
        parts.extend(_entry(graph, term, documented) for term in terms)
        parts.append("</section>")
    parts.extend(["</body>", "</html>", ""])
    return "\n".join(parts)


# --- what to document ---------------------------------------------------------------------------

def _ours(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(VOCAB_ROOT)


def _typed(graph: Graph, *classes: URIRef, ours: bool = True) -> list[URIRef]:
    found = {s for c in classes for s in graph.subjects(RDF.type, c)
             if isinstance(s, URIRef) and (_ours(s) if ours else not _ours(s))}
    return sorted(found, key=str)


def _sections(graph: Graph) -> Iterator[tuple[str, URIRef | None, list[URIRef]]]:
    """(title, scheme or None, terms) for each section of the page, in page order."""
    listed: set[URIRef] = set()

    def take(terms: Iterable[URIRef]) -> list[URIRef]:
        fresh = [t for t in terms if t not in listed]
        listed.update(fresh)
        return fresh

    yield "类 Classes", None, take(_typed(graph, OWL.Class, RDFS.Class))
    yield "对象属性 Object properties", None, take(_typed(graph, OWL.ObjectProperty))
    yield "数据属性 Datatype properties", None, take(_typed(graph, OWL.DatatypeProperty))
    cube = take(_typed(graph, QB.DataStructureDefinition) + _typed(graph, QB.ComponentSpecification))
    cube += _typed(graph, QB.DimensionProperty, QB.MeasureProperty, QB.AttributeProperty, ours=False)
    yield "数据立方体结构 Data Cube structure", None, cube
    for scheme in _typed(graph, SKOS.ConceptScheme):
        listed.add(scheme)
        members = sorted((c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)),
                         key=lambda c: (str(graph.value(c, SKOS.notation) or ""), str(c)))
        title = " ".join(v for v in (_label(graph, scheme, "zh"), _label(graph, scheme, "en")) if v)
        yield title or _curie(scheme), scheme, take(members)
    rest = {s for s in graph.subjects() if _ours(s) and s not in listed
            and (graph.value(s, RDF.type) is not None) and (s, RDF.type, OWL.Ontology) not in graph}
    if rest:
        yield "其他术语 Other terms", None, sorted(rest, key=str)


def _documented_terms(graph: Graph) -> set[URIRef]:
    terms: set[URIRef] = set()
    for _, intro, members in _sections(graph):
        terms.update(members)
        if intro is not None:
            terms.add(intro)
    return terms


# --- rendering ----------------------------------------------------------------------------------

def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _anchor(term: URIRef) -> str:
    iri = str(term)
    if "#" in iri:
        return iri.rsplit("#", 1)[1]
    if iri.startswith(VOCAB_ROOT):
        return iri[len(VOCAB_ROOT):].strip("/").replace("/", "-")
    return _curie(term).replace(":", "-")


def _curie(term: URIRef) -> str:
    iri = str(term)
    best = max((p for p in DISPLAY_PREFIXES if iri.startswith(p[1]) and len(iri) > len(p[1])),
               key=lambda p: len(p[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


def _label(graph: Graph, term: Node, lang: str) -> str:
    values = sorted(str(o) for p in (RDFS.label, SKOS.prefLabel) for o in graph.objects(term, p)
                    if isinstance(o, Literal) and (o.language or "").lower().startswith(lang))
    return "; ".join(dict.fromkeys(values))


def _texts(graph: Graph, term: Node, predicate: URIRef, lang: str | None) -> list[str]:
    """Literal values of ``predicate`` in ``lang`` (``None``: literals without a language tag)."""
    return sorted(str(o) for o in graph.objects(term, predicate) if isinstance(o, Literal)
                  and ((o.language or "").lower().startswith(lang) if lang else o.language is None))


def _page_title(graph: Graph) -> str:
    for onto in _typed(graph, OWL.Ontology) + _typed(graph, OWL.Ontology, ours=False):
        titles = _texts(graph, onto, DCTERMS.title, "en") or _texts(graph, onto, DCTERMS.title, "zh")
        if titles:
            return titles[0]
    return "plankg ontology documentation"


def _node(graph: Graph, node: Node, documented: set[URIRef]) -> str:
    if isinstance(node, Literal):
        return f"<code>{_esc(node)}</code>"
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return " ∪ ".join(_node(graph, m, documented) for m in Collection(graph, members))
        return "<em>(匿名节点 anonymous node)</em>"
    target = f"#{_anchor(node)}" if node in documented else str(node)
    return f'<a href="{_esc(target)}"><code>{_esc(_curie(node))}</code></a>'


def _header(graph: Graph) -> list[str]:
    out = [f"<h1>{_esc(_page_title(graph))}</h1>"]
    for onto in _typed(graph, OWL.Ontology) + _typed(graph, OWL.Ontology, ours=False):
        rows: list[tuple[str, str]] = []
        for lang, name in (("zh", "标题"), ("en", "Title")):
            rows += [(name, f'<span lang="{lang}">{_esc(t)}</span>')
                     for t in _texts(graph, onto, DCTERMS.title, lang)]
        rows.append(("IRI 本体 IRI", _node(graph, onto, set())))
        for predicate, name in ((OWL.versionInfo, "版本 Version"),
                                (OWL.versionIRI, "版本 IRI Version IRI"),
                                (DCTERMS.license, "许可 Licence"), (DCTERMS.created, "创建 Created"),
                                (DCTERMS.creator, "作者 Creator"),
                                (VANN + "preferredNamespacePrefix", "前缀 Prefix"),
                                (VANN + "preferredNamespaceUri", "命名空间 Namespace")):
            rows += [(name, _node(graph, o, set())) for o in sorted(graph.objects(onto, predicate))]
        for lang, name in (("zh", "说明"), ("en", "Description")):
            rows += [(name, f'<span lang="{lang}">{_esc(t)}</span>')
                     for t in _texts(graph, onto, DCTERMS.description, lang)]
        out.append("<dl>" + "".join(f"<dt>{_esc(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>")
    out.append("<h2>前缀 Prefixes</h2><table><tr><th>prefix</th><th>IRI</th></tr>")
    out.extend(f"<tr><td><code>{_esc(p)}:</code></td><td><code>{_esc(iri)}</code></td></tr>"
               for p, iri in DISPLAY_PREFIXES)
    out.append("</table>")
    return out


def _entry(graph: Graph, term: URIRef, documented: set[URIRef], heading: str = "h3") -> str:
    zh, en = _label(graph, term, "zh"), _label(graph, term, "en")
    rows: list[tuple[str, str]] = [("IRI", f'<a href="{_esc(term)}"><code>{_esc(term)}</code></a>')]
    types = sorted(graph.objects(term, RDF.type), key=str)
    if types:
        rows.append(("类型 Type", ", ".join(_node(graph, t, documented) for t in types)))
    rows.append(("中文标签 Chinese label", f'<span lang="zh">{_esc(zh)}</span>'))
    rows.append(("英文标签 English label", f'<span lang="en">{_esc(en)}</span>'))
    for notation in _texts(graph, term, SKOS.notation, None):
        rows.append(("记号 Notation", f"<code>{_esc(notation)}</code>"))
    for lang in ("zh", "en"):
        alts = _texts(graph, term, SKOS.altLabel, lang)
        if alts:
            joined = ("、" if lang == "zh" else "; ").join(alts)
            rows.append((f"别名 Alternative labels ({lang})", f'<span lang="{lang}">{_esc(joined)}</span>'))
    for predicate, name in ((SKOS.definition, "定义 Definition"), (RDFS.comment, "注释 Comment"),
                            (SKOS.scopeNote, "适用范围 Scope note")):
        for lang in ("zh", "en"):
            for text in _texts(graph, term, predicate, lang):
                rows.append((f"{name} ({lang})", f'<span lang="{lang}">{_esc(text)}</span>'))
    for predicate, name in _RELATIONS:
        objects = sorted(graph.objects(term, predicate), key=lambda o: (isinstance(o, BNode), str(o)))
        if objects:
            rows.append((name, ", ".join(_node(graph, o, documented) for o in objects)))
    title = " · ".join(v for v in (zh, en) if v) or _curie(term)
    body = "".join(f"<dt>{_esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<div class="term" id="{_esc(_anchor(term))}"><{heading}>{_esc(title)} '
            f"<small><code>{_esc(_curie(term))}</code></small></{heading}><dl>{body}</dl></div>")
