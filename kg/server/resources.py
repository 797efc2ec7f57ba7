"""What a resource's RDF description and its HTML page are made of, read from the store.

These functions run in a query worker (:class:`kg.server.workers.Call`): they get the
read-only store and return plain, picklable data; :mod:`kg.server.pages` turns it into HTTP.

**The description** of ``{base}id/{kind}/{key}`` is its concise bounded description over the
asserted graphs (:func:`kg.publish.void.asserted_filter`: every named graph except the provenance,
inferred, validation and measures graphs): every triple with the resource as subject, plus
the ``skos:prefLabel``, ``rdfs:label`` and ``dcterms:title`` of each IRI it links to. The
mapping mints an IRI for every composite node (events, copies, entries), so there are no blank
nodes to follow. Inferred triples (``cw:wroteTo``, ``cw:relayedBy``, ...) are left out; the
SPARQL endpoint has them.

**The page** adds, by kind: for a person, the messages they sent or wrote and those
addressed to them, with the other party, the date and the relay (the sender of the message
that carried it); for a message, the quote and line every fact was read from (when the
build kept provenance) and its archival copies; for an archive, its holdings grouped by
fond/opis/delo or record group/file designation; for every resource, the links pointing at it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from kg.iris import Minter
from kg.namespace import CW_NS, PREFIXES
from kg.publish.void import asserted_filter, uri_space
from kg.query.explain import explain
from kg.store import Store

__all__ = ["describe", "serialize", "resource_page", "local_path", "curie", "LABELS",
           "RDF_FORMATS", "LIMIT"]

SKOS = PREFIXES["skos"]
RDFS = PREFIXES["rdfs"]
DCTERMS = PREFIXES["dcterms"]
RDF_TYPE = PREFIXES["rdf"] + "type"

#: Label predicates, most preferred first.
LABELS = (SKOS + "prefLabel", RDFS + "label", DCTERMS + "title")

#: Media types of the RDF answers, and Oxigraph's format for each.
RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}

#: A term of a description (no RDF 1.2 triple terms).
Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: Most rows of one list on a page (inbound links, letters, holdings).
LIMIT = 1000

#: The variable the resource's IRI is bound to in every query (never pasted into the text).
_THIS = ox.Variable("this")


def _cw(name: str) -> str:
    return f"<{CW_NS}{name}>"


def _query(store: Store, query: str, iri: str, union: bool = True) -> Any:
    """``query`` over the store with ``?this`` bound to the IRI ``iri`` (never pasted into
    the text). Oxigraph substitutes it where the query names it (a SELECT must project it)
    but not inside a ``BIND`` or a subquery: the queries here do without those.

    Raises:
        ValueError: ``iri`` is not an IRI.
    """
    return store.oxigraph.query(query, use_default_graph_as_union=union,
                                substitutions={_THIS: ox.NamedNode(iri)})


def describe(store: Store, iri: str, base: str) -> list[ox.Triple] | None:
    """The concise bounded description of ``iri`` (see the module docstring); ``None`` when
    no graph mentions ``iri`` at all."""
    minter = Minter(base)
    keep_g, keep_h = asserted_filter(minter, "?g"), asserted_filter(minter, "?h")
    labels = " ".join(f"<{p}>" for p in LABELS)
    query = f"""CONSTRUCT {{ ?this ?p ?o . ?o ?lp ?label }} WHERE {{
      GRAPH ?g {{ ?this ?p ?o }} {keep_g}
      OPTIONAL {{ FILTER(isIRI(?o)) GRAPH ?h {{ ?o ?lp ?label }} {keep_h} VALUES ?lp {{ {labels} }} }}
    }}"""
    result = _query(store, query, iri, union=False)
    assert isinstance(result, ox.QueryTriples)  # a CONSTRUCT query
    triples = list(result)
    if not triples and not bool(_query(
            store, "ASK { GRAPH ?g { { ?s ?p ?this } UNION { ?this ?p ?o } } }", iri, union=False)):
        return None
    return sorted(triples, key=str)


def serialize(triples: list[ox.Triple], media_type: str, base: str) -> bytes:
    """``triples`` in one of :data:`RDF_FORMATS`, with the project's prefixes in Turtle."""
    fmt = RDF_FORMATS[media_type]
    prefixes = {**PREFIXES, **Minter(base).prefixes()} if fmt == ox.RdfFormat.TURTLE else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


def local_path(iri: str, base: str) -> str | None:
    """The server path of an instance IRI (``{base}id/person/stalin`` -> ``/id/person/stalin``).

    >>> local_path("https://w3id.org/cwkg/id/person/stalin", "https://w3id.org/cwkg/")
    '/id/person/stalin'
    >>> local_path("http://www.wikidata.org/entity/Q855", "https://w3id.org/cwkg/") is None
    True
    """
    prefix = uri_space(Minter(base))
    return "/id/" + iri[len(prefix):] if iri.startswith(prefix) else None


def curie(iri: str, base: str) -> str:
    """A prefixed name when a project prefix covers ``iri``, else the IRI.

    >>> curie("https://w3id.org/cwkg/ontology#sender", "https://w3id.org/cwkg/")
    'cw:sender'
    """
    for prefix, ns in {**PREFIXES, **Minter(base).prefixes()}.items():
        if iri.startswith(ns) and re.fullmatch(r"[\w.\-]*", iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


class _Terms:
    """Turns store terms into display dicts: ``text``, ``href`` (a server path for instance
    IRIs, the IRI itself for other web IRIs), ``iri``, and for literals ``datatype``/``lang``."""

    def __init__(self, store: Store, base: str) -> None:
        self.store, self.base = store, base
        self.labels: dict[str, str] = {}

    def load_labels(self, iris: set[str]) -> None:
        todo = sorted(i for i in iris if i not in self.labels)
        for start in range(0, len(todo), 500):
            values = " ".join(f"<{i}>" for i in todo[start:start + 500])
            found: dict[str, dict[str, str]] = defaultdict(dict)
            query = (f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} VALUES ?p "
                     f"{{ {' '.join(f'<{p}>' for p in LABELS)} }} ?x ?p ?l }}")
            solutions = self.store.query(query)
            assert isinstance(solutions, ox.QuerySolutions)  # a SELECT query
            for sol in solutions:
                label = sol["l"]
                lang = label.language if isinstance(label, ox.Literal) else None
                # an English or untagged label beats one in another language
                key = sol["p"].value + ("" if lang in (None, "en") else "~")
                found[sol["x"].value].setdefault(key, label.value)
            for iri, by in found.items():
                order = [p + suffix for suffix in ("", "~") for p in LABELS]
                self.labels[iri] = next(by[k] for k in order if k in by)

    def iri(self, value: str) -> dict[str, Any]:
        href = local_path(value, self.base)
        vocabulary = any(value.startswith(ns) for ns in PREFIXES.values())
        if href is None and not vocabulary and value.startswith(("http://", "https://")):
            href = value
        short = curie(value, self.base)
        return {"text": self.labels.get(value, short), "short": short, "iri": value,
                "href": href, "external": href is not None and not href.startswith("/")}

    def term(self, term: Term | None) -> dict[str, Any] | None:
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.BlankNode):
            return {"text": f"_:{term.value}", "iri": None, "href": None, "external": False}
        datatype = term.datatype.value if term.datatype else None
        return {"text": term.value, "iri": None, "href": None, "lang": term.language,
                "datatype": curie(datatype, self.base) if datatype and not datatype.endswith(
                    ("#string", "#langString")) else None}


def _rows(store: Store, query: str, iri: str) -> list[dict[str, Any]]:
    """The rows of a SELECT ``query`` with ``?this`` bound to ``iri``."""
    out = []
    solutions = _query(store, query, iri)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    for sol in solutions:
        out.append({n: sol[n] for n in names})
    return out


def _key(value: str | None) -> tuple:
    """Natural order for archival numbers ("3" < "45" < "059a")."""
    parts = re.split(r"(\d+)", value or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def _correspondence(store: Store, iri: str, terms: _Terms) -> dict[str, list[dict[str, Any]]]:
    """Messages a person sent or wrote, and those addressed to them, with the relay."""
    query = f"""SELECT DISTINCT ?this ?dir ?m ?other ?date ?carrier ?relay WHERE {{
      {{ ?m {_cw('sender')}|{_cw('author')} ?this .
         OPTIONAL {{ ?m {_cw('addressee')} ?other }} BIND("sent" AS ?dir) }}
      UNION
      {{ ?m {_cw('addressee')} ?this .
         OPTIONAL {{ ?m {_cw('sender')}|{_cw('author')} ?other }} BIND("received" AS ?dir) }}
      OPTIONAL {{ ?carrier {_cw('transmits')} ?m . ?carrier {_cw('sender')} ?relay
                  FILTER(?relay != ?this) OPTIONAL {{ ?carrier {_cw('dateSent')} ?d1 }} }}
      OPTIONAL {{ ?m {_cw('dateSent')} ?d0 }}
      BIND(COALESCE(?d0, ?d1) AS ?date)
    }} ORDER BY ?date ?m ?other LIMIT {LIMIT}"""
    rows = _rows(store, query, iri)
    terms.load_labels({r[k].value for r in rows for k in ("m", "other", "carrier", "relay")
                       if isinstance(r[k], ox.NamedNode)})
    out: dict[str, list[dict[str, Any]]] = {"sent": [], "received": []}
    for r in rows:
        out[r["dir"].value].append({k: terms.term(r[k]) for k in ("m", "other", "date", "carrier",
                                                                    "relay")})
    return out


def _holdings(store: Store, iri: str, terms: _Terms) -> list[dict[str, Any]]:
    """An archive's copies grouped by fond/opis/delo (or record group/file designation)."""
    fields = ("fond", "opis", "delo", "papka", "folios", "recordGroup", "fileDesignation")
    optional = " ".join(f"OPTIONAL {{ ?c {_cw(f)} ?{f} }}" for f in fields)
    query = f"""SELECT ?this ?c ?m ?date ?citation {' '.join('?' + f for f in fields)} WHERE {{
      ?c {_cw('heldBy')} ?this . {optional}
      OPTIONAL {{ ?c <{DCTERMS}bibliographicCitation> ?citation }}
      OPTIONAL {{ ?m {_cw('hasArchivalCopy')} ?c OPTIONAL {{ ?m {_cw('dateSent')} ?date }} }}
    }} LIMIT {LIMIT}"""
    rows = _rows(store, query, iri)
    terms.load_labels({r[k].value for r in rows for k in ("c", "m") if isinstance(r[k], ox.NamedNode)})
    groups: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        v = {f: r[f].value if r[f] is not None else None for f in fields}
        if v["fond"] or v["opis"] or v["delo"]:
            parts = [("fond", v["fond"]), ("opis", v["opis"]), ("delo", v["delo"])]
        else:
            parts = [("record group", v["recordGroup"]), ("file", v["fileDesignation"])]
        name = ", ".join(f"{k} {x}" for k, x in parts if x) or "no location given"
        sort = tuple(_key(x) for _, x in parts)
        group = groups.setdefault(sort + (name,), {"name": name, "items": []})
        group["items"].append({
            "copy": terms.term(r["c"]), "message": terms.term(r["m"]),
            "date": terms.term(r["date"]), "citation": terms.term(r["citation"]),
            "where": ", ".join(f"{k} {v[k]}" for k in ("papka", "folios") if v[k]),
        })
    for group in groups.values():
        group["items"].sort(key=lambda i: (_key(i["where"]), i["message"]["iri"] if i["message"] else ""))
    return [groups[k] for k in sorted(groups)]


def resource_page(store: Store, iri: str, base: str) -> dict[str, Any] | None:
    """Everything the HTML page of ``iri`` shows; ``None`` when no graph mentions it."""
    triples = describe(store, iri, base)
    if triples is None:
        return None
    terms = _Terms(store, base)
    keep = asserted_filter(Minter(base))
    inbound_rows = _rows(store, f"SELECT DISTINCT ?this ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p ?this }} {keep} }} "
                                f"ORDER BY ?p ?s LIMIT {LIMIT + 1}", iri)
    evidence = explain(store, iri)
    own = _statements(triples, iri)
    terms.load_labels({iri} | {o.value for _, o in own if isinstance(o, ox.NamedNode)}
                      | {p for p, _ in own}
                      | {r["s"].value for r in inbound_rows if isinstance(r["s"], ox.NamedNode)}
                      | {e.subject for e in evidence}
                      | {e.object for e in evidence if e.object.startswith(("http:", "https:"))})
    quotes: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in evidence:
        quotes[(e.subject, e.predicate, e.object)].append(
            {"quote": " ".join(e.quote.split()), "line": e.line, "file": e.file})
    properties: dict[str, dict[str, Any]] = {}
    for p, o in own:
        prop = properties.setdefault(p, {"p": terms.iri(p), "values": []})
        value = terms.term(o) or {}
        value["read"] = quotes.get((iri, p, o.value), [])
        prop["values"].append(value)
    ordered = sorted(properties.values(), key=lambda p: (p["p"]["iri"] != RDF_TYPE, p["p"]["short"]))
    parts: dict[str, dict[str, Any]] = {}
    for e in evidence:
        if e.subject == iri:
            continue
        part = parts.setdefault(e.subject, {"s": terms.iri(e.subject), "facts": []})
        obj = (terms.iri(e.object) if e.object.startswith(("http:", "https:"))
               else {"text": e.object, "href": None, "iri": None, "lang": None, "datatype": None})
        part["facts"].append({"p": terms.iri(e.predicate), "o": obj, "line": e.line,
                              "quote": " ".join(e.quote.split())})
    space = uri_space(Minter(base))
    kind, _, key = iri[len(space):].partition("/") if iri.startswith(space) else ("", "", iri)
    types = [o.value for p, o in own if p == RDF_TYPE]
    page: dict[str, Any] = {
        "iri": iri, "kind": kind, "key": key,
        "label": terms.labels.get(iri, key or iri),
        "types": [terms.iri(t) for t in types],
        "properties": ordered,
        "inbound": [{"s": terms.term(r["s"]), "p": terms.iri(r["p"].value)}
                    for r in inbound_rows[:LIMIT]],
        "inbound_more": len(inbound_rows) > LIMIT,
        "parts": list(parts.values()),
        "provenance": bool(evidence),
        "correspondence": None, "holdings": None, "source": None,
    }
    if kind in ("person", "org") or f"{CW_NS}Person" in types or f"{CW_NS}Organization" in types:
        page["correspondence"] = _correspondence(store, iri, terms)
    if f"{CW_NS}Archive" in types or kind == "archive":
        page["holdings"] = _holdings(store, iri, terms)
    if kind == "message":
        page["source"] = _source(store, iri, terms)
    return page


def _statements(triples: list[ox.Triple], iri: str) -> list[tuple[str, Term]]:
    """Predicate and object of the triples about ``iri`` (the description has no triple terms)."""
    return [(t.predicate.value, t.object) for t in triples
            if isinstance(t.subject, ox.NamedNode) and t.subject.value == iri
            and not isinstance(t.object, ox.Triple)]


def _source(store: Store, iri: str, terms: _Terms) -> dict[str, Any]:
    """A message's citation, its archival copies, its link to the source, its carriers."""
    fields = ("fond", "opis", "delo", "papka", "folios", "recordGroup", "fileDesignation")
    query = f"""SELECT ?this ?m ?citation ?url ?file ?volume ?c ?archive ?copycit
                       {' '.join('?' + f for f in fields)} WHERE {{
      ?m {_cw('transmits')}? ?this
      OPTIONAL {{ ?m <{DCTERMS}bibliographicCitation> ?citation }}
      OPTIONAL {{ ?m <{DCTERMS}source> ?url }}
      OPTIONAL {{ ?m {_cw('sourceFile')} ?file }}
      OPTIONAL {{ ?m {_cw('inVolume')} ?volume }}
      OPTIONAL {{ ?m {_cw('hasArchivalCopy')} ?c . OPTIONAL {{ ?c {_cw('heldBy')} ?archive }}
                 OPTIONAL {{ ?c <{DCTERMS}bibliographicCitation> ?copycit }}
                 {' '.join(f'OPTIONAL {{ ?c {_cw(f)} ?{f} }}' for f in fields)} }}
    }}"""
    rows = _rows(store, query, iri)
    terms.load_labels({r[k].value for r in rows for k in ("m", "volume", "c", "archive")
                       if isinstance(r[k], ox.NamedNode)})
    out: dict[str, Any] = {"carriers": [], "citations": [], "urls": [], "files": [],
                           "volumes": [], "copies": []}
    seen: set[tuple[str, str]] = set()

    def add(where: str, value: Any) -> None:
        if value is not None and (where, str(value.get("iri") or value["text"])) not in seen:
            seen.add((where, str(value.get("iri") or value["text"])))
            out[where].append(value)

    for r in rows:
        if r["m"].value != iri:
            add("carriers", terms.term(r["m"]))
        add("citations", terms.term(r["citation"]))
        add("urls", terms.term(r["url"]))
        add("files", terms.term(r["file"]))
        add("volumes", terms.term(r["volume"]))
        if r["c"] is not None and ("copy", r["c"].value) not in seen:
            seen.add(("copy", r["c"].value))
            out["copies"].append({
                "copy": terms.term(r["c"]), "archive": terms.term(r["archive"]),
                "citation": terms.term(r["copycit"]),
                "location": ", ".join(f"{name} {r[f].value}" for f, name in zip(
                    fields, ("fond", "opis", "delo", "papka", "listy", "record group", "file"),
                    strict=True) if r[f] is not None)})
    return out
