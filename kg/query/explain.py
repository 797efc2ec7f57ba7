"""Every fact next to the words it was read from, and the names nobody knows.

:func:`explain` collects, for a message (with what it carries, its events,
distribution entries, requests and archival copies), every statement that has a
Web Annotation in a provenance graph: the statement, the exact quote, its
character offsets and line in the input file. :func:`unresolved` lists the agents
that no authority table knows (the mapper describes those inside the source
graph itself) with every place they are printed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.iris import default_minter
from kg.namespace import PREFIXES
from kg.query.engine import run_query
from kg.store import Store

__all__ = ["Evidence", "Unresolved", "explain", "unresolved", "expand_iri", "format_evidence",
           "short_iri"]


@dataclass(frozen=True)
class Evidence:
    """One asserted statement and the quote it was read from."""

    subject: str
    predicate: str
    object: str
    object_label: str | None
    quote: str
    start: int
    end: int
    line: int
    file: str | None
    #: the element the quote is printed in (an XML source: FRUS TEI); offsets are in its text
    xpath: str | None = None


@dataclass(frozen=True)
class Unresolved:
    """A printed name no authority table resolved, and one place it is printed: the file,
    the document (its message IRI) and, in a store built with provenance, the line and the
    words as printed."""

    agent: str
    label: str
    file: str | None
    line: int | None
    quote: str | None
    document: str | None = None


EXPLAIN = """
# ?root: bound by the caller. DISTINCT: every record of a volume (FRUS) describes the file again
SELECT DISTINCT ?root ?s ?p ?o ?label ?exact ?start ?end ?line ?file ?xpath WHERE {
  ?root (cw:transmits)* ?m .
  ?m (cw:hasTransmissionEvent|cw:hasDistributionEntry|cw:containsRequest|cw:hasArchivalCopy|
      (cw:containsRequest/cw:hasRequestedItem))? ?s .
  ?a oa:hasBody ?st ; oa:hasTarget ?t .
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?t oa:hasSelector ?q, ?sel ; cw:sourceLine ?line .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact .
  # offsets in the file (TextPositionSelector), or in an element's text (XPathSelector refinedBy one)
  { ?sel a oa:TextPositionSelector BIND(?sel AS ?pos) }
  UNION { ?sel a oa:XPathSelector ; rdf:value ?xpath ; oa:refinedBy ?pos }
  ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?t oa:hasSource/cw:fileName ?file }
  OPTIONAL { ?o skos:prefLabel ?label }
}
ORDER BY ?start ?p
"""

UNRESOLVED = """
SELECT DISTINCT ?agent ?label ?file ?line ?exact ?doc ?source WHERE {
  GRAPH ?g { ?g a cw:SourceGraph . ?agent a ?cls ; rdfs:label ?label .
    OPTIONAL { ?doc cw:sourceFile ?source } }
  FILTER(?cls IN (cw:Person, cw:Organization))
  OPTIONAL {
    ?a oa:hasBody ?st ; oa:hasTarget ?t .
    ?st rdf:object ?agent .
    ?t cw:sourceLine ?line ; oa:hasSelector ?q .
    ?q oa:exact ?exact .
    OPTIONAL { ?t oa:hasSource/cw:fileName ?file }
  }
}
ORDER BY ?label ?file ?line
"""


def expand_iri(name: str) -> str:
    """A full IRI from a prefixed name (``msg:wilson-112696``), ``<IRI>`` or an IRI.

    >>> expand_iri("msg:wilson-112696")
    'https://w3id.org/cwkg/id/message/wilson-112696'
    """
    name = name.strip()
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    prefixes = {**PREFIXES, **default_minter().prefixes()}
    if sep and prefix in prefixes and not local.startswith("//"):
        return prefixes[prefix] + local
    return name


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def explain(store: Store, iri: str) -> list[Evidence]:
    """The traced statements about a message and its parts, in the order of the text.

    Raises:
        QueryError: the IRI is not an absolute IRI.
    """
    target = expand_iri(iri)
    if ":" not in target or any(c in target for c in " <>\"{}|\\^`"):
        raise QueryError(f"not an IRI or a known prefixed name: {iri!r}")
    try:
        root = ox.NamedNode(target)
    except ValueError as exc:
        raise QueryError(f"not an IRI or a known prefixed name: {iri!r} ({exc})") from exc
    out = []
    for row in run_query(store, EXPLAIN, {"root": root}).rows:
        out.append(Evidence(
            subject=row["s"].value, predicate=row["p"].value, object=row["o"].value,
            object_label=_value(row.get("label")), quote=row["exact"].value,
            start=int(row["start"].value), end=int(row["end"].value),
            line=int(row["line"].value), file=_value(row.get("file")), xpath=_value(row.get("xpath")),
        ))
    return out


def unresolved(store: Store) -> list[Unresolved]:
    """Agents minted for names no authority table knows, with where they are printed: the
    line and quote where the store keeps provenance, and always the file and the document
    (a record's graph names its file; of the messages it holds, the record's own, whose IRI
    is the shortest)."""
    found: dict[tuple[str, str, str | None, int | None, str | None], Unresolved] = {}
    for row in run_query(store, UNRESOLVED).rows:
        line = int(row["line"].value) if "line" in row else None
        quote = _value(row.get("exact"))
        file = _value(row.get("file")) or _value(row.get("source"))
        doc = _value(row.get("doc"))
        key = (row["agent"].value, row["label"].value, file, line, quote)
        seen = found.get(key)
        if seen is None or (doc is not None and (seen.document is None or len(doc) < len(seen.document))):
            found[key] = Unresolved(*key, document=doc)
    return sorted(found.values(), key=lambda r: (r.label, r.file or "", r.line or 0, r.document or ""))


def short_iri(iri: str) -> str:
    """A prefixed name where a known prefix fits (``msg:wilson-112696``), else the IRI.

    >>> short_iri("https://w3id.org/cwkg/id/message/wilson-112696")
    'msg:wilson-112696'
    """
    for prefix, ns in {**PREFIXES, **default_minter().prefixes()}.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def format_evidence(facts: list[Evidence]) -> str:
    """A readable listing: per subject, each fact with its line, offsets and quote."""
    if not facts:
        return "no traced facts (is the IRI a message built into this store?)"
    lines: list[str] = []
    current = None
    for f in sorted(facts, key=lambda f: (f.subject != facts[0].subject, f.subject, f.start)):
        if f.subject != current:
            current = f.subject
            lines.append(f"{short_iri(f.subject)}" + (f"  ({f.file})" if f.file else ""))
        value = f.object_label or (short_iri(f.object) if f.object.startswith("http") else f.object)
        quote = " ".join(f.quote.split())
        if len(quote) > 90:
            quote = quote[:87] + "..."
        where = f"{f.xpath} " if f.xpath else ""
        lines.append(f"  line {f.line:<4} {short_iri(f.predicate):28s} {value[:40]:40s} "
                     f"« {quote} »  {where}[{f.start}-{f.end}]")
    return "\n".join(lines)

