"""Store -> a multigraph of agents, one edge per message and layer, by SPARQL.

The network is read from the graph (the union of the store's graphs, after ``kg reason``
or not), never from records, so it shows exactly what the graph says. This is the
contract the writers (:mod:`kg.network.formats`) and the measures code against:

``build_network(store, layers=("authorial", "transmission", "circulation", "office"),
start=None, end=None) -> nx.MultiDiGraph``

* ``start``/``end``: ISO dates (``1950``, ``1950-10``, ``1950-10-09``), inclusive. An edge
  is kept when its whole date lies in the range (``1950-10`` is kept for ``--from 1950-10-01
  --to 1950-12-31``, not for ``--from 1950-10-09``); undated edges are kept only when no
  range is given.
* graph attributes: ``layers`` (tuple), ``start``, ``end`` (as given, or ``None``).
* nodes are keyed by the agent IRI (str), with ``label`` (``skos:prefLabel``, else the
  IRI tail), ``kind`` (``"person"`` or ``"organization"``), ``country`` (the Wikidata
  item IRI of ``cw:country``, or ``""``) and ``iri``.
* edges are keyed ``f"{layer}:{message_iri}"``, with ``#2``, ``#3`` ... appended when that
  key is already taken (a message with two senders), so keys are unique in the graph.
  Attributes: ``layer``; ``message`` (the IRI behind the edge); ``date`` (``YYYY-MM-DD``,
  ``YYYY-MM``, ``YYYY`` or ``""``: the message's ``cw:dateSent``, else its carrier's);
  ``kind`` (the most specific ``cw:`` class of the message: ``Telegram``, ``Letter``...);
  ``weight`` (copies for circulation, else 1); ``via`` (the relay of a transmission
  edge, else ``""``); ``title`` (``dcterms:title`` or ``""``).

The layers (one SPARQL query each, :data:`LAYER_QUERIES`):

``authorial``
    ``cw:sender`` or ``cw:author`` -> ``cw:addressee`` of a message.
``transmission``
    for a carrier C with ``C cw:transmits E``: E's sender or author -> C's sender, and C's
    sender -> E's addressees; both edges carry ``message`` = E and ``via`` = C's sender
    (Kim Il Sung -> Shtykov -> Stalin for the letter inside Shtykov's telegram).
``circulation``
    ``cw:sender`` -> each ``cw:copyRecipient`` of the message's distribution list,
    weighted by ``cw:copyCount`` (1 when not stated).
``office``
    a FRUS post and the person who held it: the mapping writes the office as
    ``cw:sender`` and its holder as ``cw:author`` of the same message, and both the post
    and its holder as ``cw:addressee``. An office edge (organisation -> person) is drawn
    once per message and side, only when that side names exactly one ``cw:Organization``
    and one ``cw:Person`` (two authors, say Kennedy and Rusk for the Department of State,
    are not guessed apart).

Self-loops (an agent writing to itself) are left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

import networkx as nx
import pyoxigraph as ox

from kg.errors import NetworkError
from kg.namespace import CW, CW_NS
from kg.query.engine import PROLOGUE
from kg.store import Store

__all__ = ["LAYERS", "LAYER_QUERIES", "build_network", "normalise_date",
           "date_bounds", "find_agent"]

#: every layer, in the order edges are added
LAYERS = ("authorial", "transmission", "circulation", "office")




LAYER_QUERIES = {
    "authorial": """
        SELECT DISTINCT ?m ?a ?b ?via (1 AS ?w) WHERE {
          ?m cw:sender|cw:author ?a ; cw:addressee ?b . BIND("" AS ?via)
          FILTER(?a != ?b) }""",
    "transmission": """
        SELECT DISTINCT ?m ?a ?b ?via (1 AS ?w) WHERE {
          ?c cw:transmits ?m ; cw:sender ?via .
          { ?m cw:sender|cw:author ?x . BIND(true AS ?in) }
          UNION { ?m cw:addressee ?x . BIND(false AS ?in) }
          BIND(IF(?in, ?x, ?via) AS ?a) BIND(IF(?in, ?via, ?x) AS ?b)
          FILTER(?a != ?b) }""",
    "circulation": """
        SELECT ?m ?a ?b ("" AS ?via) (SUM(?n) AS ?w) WHERE {
          SELECT DISTINCT ?m ?a ?b ?e ?n WHERE {
            ?m cw:hasDistributionEntry ?e ; cw:sender ?a . ?e cw:copyRecipient ?b .
            OPTIONAL { ?e cw:copyCount ?count } BIND(COALESCE(?count, 1) AS ?n)
            FILTER(?a != ?b) } }
        GROUP BY ?m ?a ?b""",
    "office": """
        SELECT ?m (SAMPLE(?org) AS ?a) (SAMPLE(?person) AS ?b) ("" AS ?via) (1 AS ?w) WHERE {
          VALUES (?org_role ?person_role) { (cw:sender cw:author) (cw:addressee cw:addressee) }
          ?m ?org_role ?org . ?org a cw:Organization .
          ?m ?person_role ?person . ?person a cw:Person . }
        GROUP BY ?m ?org_role
        HAVING (COUNT(DISTINCT ?org) = 1 && COUNT(DISTINCT ?person) = 1)""",
}

_SUBCLASSES = f"""
    SELECT DISTINCT ?sub ?sup WHERE {{ ?sub rdfs:subClassOf ?sup .
      FILTER(STRSTARTS(STR(?sub), "{CW_NS}") && STRSTARTS(STR(?sup), "{CW_NS}")) }}"""
_TYPES = "SELECT DISTINCT ?m ?c WHERE { ?m a ?c . VALUES ?c { %s } }"
_DATES = "SELECT DISTINCT ?m ?d WHERE { ?m cw:dateSent ?d }"
_CARRIER_DATES = "SELECT DISTINCT ?m ?d WHERE { ?c cw:transmits ?m ; cw:dateSent ?d }"
_TITLES = "SELECT DISTINCT ?m ?t WHERE { ?m dcterms:title ?t }"
_LABELS = "SELECT DISTINCT ?a ?l WHERE { ?a skos:prefLabel ?l }"
_KINDS = ("SELECT DISTINCT ?a ?t WHERE { ?a a ?t . "
          "VALUES ?t { cw:Person cw:Organization cw:Archive } }")
_COUNTRIES = "SELECT DISTINCT ?a ?c WHERE { ?a cw:country ?c }"

_DATE = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _select(store: Store, text: str) -> Iterator[tuple[str, ...]]:
    """Rows of a SELECT as tuples of lexical values (``""`` when unbound)."""
    result = store.query(PROLOGUE + text)
    assert isinstance(result, ox.QuerySolutions)  # a SELECT query
    names = [v.value for v in result.variables]
    for sol in result:
        yield tuple(sol[n].value if sol[n] is not None else "" for n in names)


def normalise_date(value: str) -> str:
    """An ``xsd:date``, ``dateTime``, ``gYearMonth`` or ``gYear`` lexical form as ``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY``; ``""`` when it is not a date.

    >>> normalise_date("1950-10-09T07:05:00"), normalise_date("1961-06"), normalise_date("1962Z")
    ('1950-10-09', '1961-06', '1962')
    >>> normalise_date("undated")
    ''
    """
    match = _DATE.match(value.strip())
    if not match:
        return ""
    return "-".join(part for part in match.groups() if part)


def date_bounds(date: str) -> tuple[str, str]:
    """The first and last day a (possibly partial) date covers, as ISO dates.

    >>> date_bounds("1950"), date_bounds("1950-02"), date_bounds("1950-10-09")
    (('1950-01-01', '1950-12-31'), ('1950-02-01', '1950-02-28'), ('1950-10-09', '1950-10-09'))
    """
    import calendar

    date = normalise_date(date)
    if not date:
        raise NetworkError(f"not a date: {date!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = date.split("-") if not date.startswith("-") else date[1:].split("-")
    if len(parts) == 3:
        return date, date
    year = int(date[:-3] if len(parts) == 2 else date)
    if len(parts) == 2:
        month = int(parts[1])
        last = calendar.monthrange(year, month)[1]
        return f"{date}-01", f"{date}-{last:02d}"
    return f"{date}-01-01", f"{date}-12-31"


def _document_depths(store: Store) -> dict[str, int]:
    """Every ``cw:`` class below ``cw:Document`` with its number of ``cw:`` superclasses
    (deeper is more specific: CipheredTelegram 3, Telegram 2, Message 1, Document 0)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for sub, sup in _select(store, _SUBCLASSES):
        if sub != sup:
            parents[sub].add(sup)

    def ancestors(c: str, seen: set[str]) -> set[str]:
        for p in parents.get(c, ()):
            if p not in seen:
                seen.add(p)
                ancestors(p, seen)
        return seen

    document = str(CW.Document)
    depths = {document: 0}
    for c in parents:
        up = ancestors(c, set()) - {c}
        if document in up:
            depths[c] = len(up)
    return depths


def _earliest(store: Store, query: str, messages: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for m, d in _select(store, query):
        d = normalise_date(d)
        if m in messages and d and (m not in found or d < found[m]):
            found[m] = d
    return found


def _message_facts(store: Store, messages: set[str]) -> tuple[dict, dict, dict]:
    """Kind, date and title of each message behind an edge."""
    depth = _document_depths(store)
    kinds: dict[str, str] = {}
    values = " ".join(f"<{c}>" for c in sorted(depth))
    for m, c in _select(store, _TYPES % values):
        if m in messages and depth[c] > depth.get(kinds.get(m, ""), -1):
            kinds[m] = c
    # an embedded message without its own date takes its carrier's
    dates = {**_earliest(store, _CARRIER_DATES, messages), **_earliest(store, _DATES, messages)}
    titles: dict[str, str] = {}
    for m, t in _select(store, _TITLES):
        if m in messages and (m not in titles or t < titles[m]):
            titles[m] = t
    return ({m: c.removeprefix(CW_NS) for m, c in kinds.items()}, dates, titles)


def _agent_facts(store: Store, graph: nx.MultiDiGraph) -> None:
    """Set label, kind and country on every node."""
    for iri, data in graph.nodes(data=True):
        tail = iri.rstrip("/").rsplit("/", 1)[-1]
        kind = "organization" if any(f"/id/{k}/" in iri for k in ("org", "archive")) else "person"
        data.update(iri=iri, label=tail, kind=kind, country="")
    labels: dict[str, str] = {}
    for a, label in _select(store, _LABELS):
        if a in graph and (a not in labels or label < labels[a]):
            labels[a] = label
    for a, label in labels.items():
        graph.nodes[a]["label"] = label
    for a, t in _select(store, _KINDS):
        if a in graph:
            graph.nodes[a]["kind"] = "person" if t == str(CW.Person) else "organization"
    for a, country in sorted(_select(store, _COUNTRIES)):
        if a in graph and not graph.nodes[a]["country"]:
            graph.nodes[a]["country"] = country


def _in_range(date: str, lo: str | None, hi: str | None) -> bool:
    if lo is None and hi is None:
        return True
    if not date:
        return False
    first, last = date_bounds(date)
    return (lo is None or first >= lo) and (hi is None or last <= hi)


def build_network(store: Store, layers: Iterable[str] = LAYERS, start: str | None = None,
                  end: str | None = None) -> nx.MultiDiGraph:
    """The correspondence multigraph of the given layers (see the module docstring).

    Args:
        store: the store (read only).
        layers: any of :data:`LAYERS`.
        start: first date kept (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), inclusive.
        end: last date kept, inclusive.

    Raises:
        NetworkError: an unknown layer or a date that does not parse.

    >>> from kg.store import Store
    >>> g = build_network(Store(None))
    >>> g.number_of_nodes(), g.graph["layers"]
    (0, ('authorial', 'transmission', 'circulation', 'office'))
    """
    layers = tuple(layers)
    unknown = [name for name in layers if name not in LAYER_QUERIES]
    if unknown:
        raise NetworkError(f"unknown layer {', '.join(unknown)} (one of {', '.join(LAYERS)})")
    lo = date_bounds(start)[0] if start else None
    hi = date_bounds(end)[1] if end else None
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(layers=layers, start=start, end=end)
    rows: list[tuple[str, ...]] = []
    for layer in LAYERS:
        if layer in layers:
            rows.extend((layer, *row) for row in sorted(_select(store, LAYER_QUERIES[layer])))
    if not rows:
        return graph
    kinds, dates, titles = _message_facts(store, {row[1] for row in rows})
    used: set[str] = set()
    for layer, m, a, b, via, w in rows:
        date = dates.get(m, "")
        if not _in_range(date, lo, hi):
            continue
        key = base = f"{layer}:{m}"
        n = 1
        while key in used:
            n += 1
            key = f"{base}#{n}"
        used.add(key)
        graph.add_edge(a, b, key=key, layer=layer, message=m, date=date,
                       kind=kinds.get(m, "Document"), weight=int(float(w or 1)), via=via,
                       title=titles.get(m, ""))
    _agent_facts(store, graph)
    return graph


def find_agent(graph: nx.Graph, name: str) -> str:
    """The node a name picks out: its IRI, a prefixed ``person:stalin``, its exact label,
    or a unique substring of one label (case is ignored).

    Raises:
        NetworkError: no node or several nodes match.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("https://w3id.org/cwkg/id/person/stalin", label="Joseph Stalin")
    >>> find_agent(g, "stalin"), find_agent(g, "person:stalin") == find_agent(g, "Joseph Stalin")
    ('https://w3id.org/cwkg/id/person/stalin', True)
    """
    if name in graph:
        return name
    needle = name.casefold().strip()
    if ":" in needle and "//" not in needle:
        prefix, _, key = needle.partition(":")
        hits = [n for n in graph if n.casefold().endswith(f"/{prefix}/{key}")
                or (prefix == "org" and n.casefold().endswith(f"/org/{key}"))]
        if len(hits) == 1:
            return hits[0]
    exact = [n for n, d in graph.nodes(data=True) if str(d.get("label", "")).casefold() == needle]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [n for n, d in graph.nodes(data=True)
                        if needle in str(d.get("label", "")).casefold()]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise NetworkError(f"no agent called {name!r} in this network")
    names = ", ".join(sorted(str(graph.nodes[n].get("label", n)) for n in partial)[:8])
    raise NetworkError(f"{name!r} matches {len(partial)} agents: {names}; be more precise")
