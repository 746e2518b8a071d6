"""What a query may do here, decided before any engine sees it.

The endpoint is read-only and must never reach the network or the file system on a query's
behalf. pyoxigraph executes ``SERVICE`` itself (it opens HTTP connections), rdflib fetches
``FROM`` IRIs, and a remote server may honour vendor pragmas; so every query is inspected first:

- the query form must be ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` after a prologue of
  ``BASE``/``PREFIX`` only; an update (``INSERT``, ``LOAD`` …) is refused (403); anything else
  before the form (Virtuoso's ``DEFINE`` pragmas, for instance) is not SPARQL 1.1 (400);
- ``SERVICE`` is refused (403) unless its endpoint IRI is in the operator's allow-list; a
  ``SERVICE ?var`` can never be checked and is always refused;
- ``FROM``/``FROM NAMED`` are noted: they select graphs of our store and are never fetched.

- a query with more than ``MAX_STRUCTURE`` brackets and operators is refused (400): the engine
  parses and plans recursively, and a query nested or chained deeply enough overflows the stack of
  the executor that runs it, killing every query in it.

The inspection is a lexer, not a parser: it finds keywords outside strings, IRIs and comments.
A query it cannot tokenise is still passed on (the engine gives the precise syntax error), unless
the word ``SERVICE`` occurs in it anywhere. The lexer also looks at the query with ``\\u``
escapes decoded, in case an engine ever decodes them before parsing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
#: IRI schemes of vendor built-ins that a remote server would run (Virtuoso's bif: and sql:).
VENDOR_SCHEMES = ("bif:", "sql:")
VENDOR_NAMESPACES = ("http://www.openlinksw.com/schemas/bif#", "http://www.openlinksw.com/schemas/sql#",
                     "http://www.openlinksw.com/sparql/")


#: Most brackets and operators a query may have, outside strings, IRIs, comments and VALUES data. Far
#: above what people and tools write; far below what overflows an executor's stack (server.executor).
MAX_STRUCTURE = 5000
_STRUCTURE_CHARS = "{([!^&|+-*/=<>"
_STRUCTURE_TOKENS = frozenset({"{", "(", "[", "!", "^", "&&", "||", "|", "+", "-", "*", "/", "=", "!=", "<", ">",
                               "<=", ">="})


class Refused(Exception):
    """The query is not allowed here (answered 403)."""


class NotSparql(Exception):
    """The text is not a SPARQL 1.1 query we can accept (answered 400)."""


@dataclass(frozen=True)
class QueryInfo:
    form: str | None  # SELECT/ASK/CONSTRUCT/DESCRIBE, or None when the lexer could not tell
    has_dataset: bool  # the query names its own dataset with FROM / FROM NAMED
    services: tuple[str, ...] = ()  # allow-listed SERVICE endpoints the query calls


_TOKEN_SOURCE = r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$][^\s(){}\[\],;.!<>=+*/|&^"'\#@?$:\\-]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<bnode>_:[^\s(){}\[\],;!<>=+*/|&^"'\#@?$\\]+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[^\s(){}\[\],;!<>=+*/|&^"'\#@?$\\]|\\.)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|[^\s])
"""
_TOKEN = re.compile(_TOKEN_SOURCE, re.VERBOSE | re.DOTALL)
# the same without prefixed names, for the rest of a run of name characters where none can start
_TOKEN_NO_PNAME = re.compile("\n".join(line for line in _TOKEN_SOURCE.splitlines() if "?P<pname>" not in line),
                             re.VERBOSE | re.DOTALL)
_NAME_RUN = re.compile(r"[\w.-]*")

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_WORD = re.compile(r"(?<![\w:?$])service(?![\w:])", re.IGNORECASE)
# the prologue and the form keyword of an ordinary query, for the fast path; possessive (*+): a
# loop of alternatives that can split a run of blanks many ways must never backtrack (" " * 30 + "x"
# took minutes)
_FAST = re.compile(r"""\A(?:\s+|\#[^\n\r]*|(?:PREFIX|prefix)\s+[^\s:<>]*:\s*<[^<>"{}|^`\\\x00-\x20]*>
                       |(?:BASE|base)\s*<[^<>"{}|^`\\\x00-\x20]*>)*+(SELECT|ASK|CONSTRUCT|DESCRIBE)\b""",
                   re.VERBOSE | re.IGNORECASE)


class _LexError(Exception):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    """The tokens of a query, in time linear in its length."""
    out = []
    pos = 0
    n = len(text)
    no_pname_before = 0
    while pos < n:
        m = (_TOKEN if pos >= no_pname_before else _TOKEN_NO_PNAME).match(text, pos)
        if m is None or m.end() == pos:  # pragma: no cover - the punct branch matches any char
            raise _LexError(f"cannot read the query at offset {pos}")
        kind = m.lastgroup
        if kind != "pname" and pos >= no_pname_before:
            # no prefixed name starts here; unless a ':' ends this run of name characters, none starts
            # anywhere else in it either: do not scan the run again from each of its characters
            # ("a-a-a-…" or "中中中…" took quadratic time)
            end = _NAME_RUN.match(text, pos).end()
            if end >= n or text[end] != ":":
                no_pname_before = end
        if kind == "punct" and m.group() in "\"'":
            raise _LexError(f"unterminated string at offset {pos}")
        if kind not in ("ws", "comment"):
            out.append((kind, m.group()))
        pos = m.end()
    return out


def _unescape(text: str) -> str:
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _decode_iri(tok: str) -> str:
    return _unescape(tok[1:-1])


def inspect(query: str, *, allowlist: tuple[str, ...] = (), remote: bool = False) -> QueryInfo:
    """Check a query; raise :class:`Refused` or :class:`NotSparql`, or say what it is.

    ``remote`` adds the checks that matter when the text is forwarded to another server: standard
    syntax only (no undeclared prefixes, no vendor built-ins).
    """
    lowered = query.lower()
    _check_structure(query)
    if "\\u" in lowered:
        _check_structure(_unescape(query))
    fast = None if remote else _FAST.match(query)
    if fast and "service" not in lowered and "from" not in lowered and "\\u" not in lowered:
        # an ordinary query: no SERVICE or FROM anywhere, not even inside a string
        form = fast.group(1).upper()
        return QueryInfo(form, False)
    info = _inspect_text(query, allowlist, remote)
    if "\\u" in lowered:
        # were an engine ever to decode \u escapes before parsing, it would see this text
        try:
            _inspect_text(_unescape(query), allowlist, remote)
        except NotSparql:
            pass
    return info


def _check_structure(query: str) -> None:
    """Refuse a query with more than MAX_STRUCTURE brackets and operators (NotSparql)."""
    if len(query) <= MAX_STRUCTURE:
        return
    n = sum(map(query.count, _STRUCTURE_CHARS))  # strings and IRIs too: an upper bound
    if n <= MAX_STRUCTURE:
        return
    try:
        toks = _tokens(query)
    except _LexError:
        pass  # keep the upper bound
    else:
        n = 0
        values = 0  # 0: outside VALUES; 1: after VALUES, before its data; 2: in its data
        for kind, text in toks:
            if values:
                if text == "{" and values == 1:
                    values = 2
                elif text == "}" and values == 2:
                    values = 0
            elif kind == "word" and text.upper() == "VALUES":
                values = 1
            elif kind == "punct" and text in _STRUCTURE_TOKENS:
                n += 1
    if n > MAX_STRUCTURE:
        raise NotSparql(f"bad query: more than {MAX_STRUCTURE} brackets and operators; this endpoint does not "
                        "run queries nested or chained this deeply (list values with VALUES, or split the query)")


def _inspect_text(query: str, allowlist: tuple[str, ...], remote: bool) -> QueryInfo:
    try:
        toks = _tokens(query)
    except _LexError as e:
        if _SERVICE_WORD.search(query):
            raise Refused("SERVICE is not allowed on this endpoint (and the query could not be read: "
                          f"{e})") from None
        if remote:
            raise NotSparql(f"bad query: {e}") from None
        return QueryInfo(None, "from" in query.lower())

    prefixes: dict[str, str] = {}
    base = ""
    i = 0
    # prologue
    while i < len(toks):
        kind, text = toks[i]
        word = text.upper() if kind == "word" else ""
        if word == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = urljoin(base, _decode_iri(toks[i + 1][1]))
            i += 2
        elif word == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1][:-1]] = urljoin(base, _decode_iri(toks[i + 2][1]))
            i += 3
        else:
            break
    form = None
    if i < len(toks):
        kind, text = toks[i]
        word = text.upper() if kind == "word" else ""
        if word in QUERY_FORMS:
            form = word
        elif word in UPDATE_WORDS:
            raise Refused("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR …) is not "
                          "allowed")
        elif remote or word == "DEFINE":
            raise NotSparql(f"bad query: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {text!r}")
    elif remote:
        raise NotSparql("bad query: empty query")

    has_dataset = False
    services = []
    for j in range(i, len(toks)):
        kind, text = toks[j]
        if kind == "word":
            word = text.upper()
            if word == "FROM":
                has_dataset = True
            elif word == "SERVICE":
                services.append(_service_endpoint(toks, j, prefixes, base, allowlist))
        elif remote and kind in ("pname", "iri"):
            iri = _expand(text, kind, prefixes, base)
            if iri is None:
                raise NotSparql(f"bad query: undeclared prefix in {text!r}")
            if iri.lower().startswith(VENDOR_SCHEMES) or iri.startswith(VENDOR_NAMESPACES):
                raise Refused(f"vendor built-in functions are not allowed: {text}")
    return QueryInfo(form, has_dataset, tuple(services))


def _expand(text: str, kind: str, prefixes: dict[str, str], base: str) -> str | None:
    if kind == "iri":
        return urljoin(base, _decode_iri(text)) if base else _decode_iri(text)
    prefix, _, local = text.partition(":")
    if prefix not in prefixes:
        return None
    return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)


def _service_endpoint(toks, j: int, prefixes: dict[str, str], base: str, allowlist: tuple[str, ...]) -> str:
    k = j + 1
    if k < len(toks) and toks[k][0] == "word" and toks[k][1].upper() == "SILENT":
        k += 1
    if not allowlist:
        raise Refused("SERVICE (federated query) is not allowed on this endpoint")
    if k >= len(toks) or toks[k][0] not in ("iri", "pname"):
        raise Refused("SERVICE is only allowed with a fixed endpoint IRI from the allow-list")
    iri = _expand(toks[k][1], toks[k][0], prefixes, base)
    if iri is None or iri not in allowlist:
        raise Refused(f"SERVICE {iri or toks[k][1]} is not in this endpoint's allow-list")
    return iri
