"""CMIF: the Correspondence Metadata Interchange Format that correspSearch harvests.

A TEI file whose header lists one ``<correspDesc>`` per letter (TEI P5 §2.4.6; CMIF,
https://github.com/TEI-Correspondence-SIG/CMIF). Each message with an ``authorial`` edge
in the network becomes::

    <correspDesc ref="MESSAGE IRI" source="#BIBL-ID">
      <correspAction type="sent">
        <persName ref="WIKIDATA or OUR IRI">Terentii Shtykov</persName>   (orgName for bodies)
        <placeName ref="OUR IRI">Pyongyang</placeName>
        <date when="1950-10-09"/>
      </correspAction>
      <correspAction type="received">
        <persName ref="http://www.wikidata.org/entity/Q855">Joseph Stalin</persName>
        <placeName ref="...">Moscow</placeName> <date when="1950-10-09"/>
      </correspAction>
      <note>Relayed via Terentii Shtykov.</note>   <note>Telegram: TITLE</note>
    </correspDesc>

Senders are ``cw:sender`` or ``cw:author``, addressees ``cw:addressee`` (from the
network's authorial edges), and the relay is the ``via`` of the message's transmission
edges. With a store, agents that have ``owl:sameAs`` a Wikidata item are referred to by
it, the sending place is ``cw:placeSent``, the receipt is the ``cw:Receipt`` event (place
and day), the relay also comes from the carrier's sender (``cw:transmittedVia``), the
archive's page (``dcterms:source``) is a ``<note type="source">`` link and the archive's
record id (``cw:recordId``) is ``correspDesc/@key``.

The header holds what CMIF requires: ``titleStmt`` (title, editor with email),
``publicationStmt`` (publisher, ``idno type="url"``, date, CC-BY-4.0 licence) and one
``sourceDesc/bibl`` (``@type``, ``@xml:id``) per archive the messages come from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import IO

import networkx as nx
from lxml import etree

from kg.iris import default_minter
from kg.network.formats.common import edges, kind_of, node_attr
from kg.query.engine import run_query
from kg.store import Store

__all__ = ["write", "build_tree", "TEI_NS", "SOURCES", "message_facts"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
WIKIDATA = "http://www.wikidata.org/entity/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

#: first part of a message key -> (bibl id, type, description)
SOURCES = {
    "wilson": ("wilson-center-digital-archive", "online",
               "Wilson Center Digital Archive, https://digitalarchive.wilsoncenter.org/"),
    "frus": ("frus", "hybrid",
             "Foreign Relations of the United States, Office of the Historian, "
             "https://history.state.gov/historicaldocuments"),
}
_OTHER = ("coldwar-kg", "online", "coldwar-kg knowledge graph")

_FACTS = """
SELECT ?m ?p ?v ?label WHERE {
  VALUES ?m { %s }
  { ?m cw:placeSent ?v . BIND("placeSent" AS ?p) OPTIONAL { ?v skos:prefLabel ?label } }
  UNION { ?m cw:hasTransmissionEvent ?r . ?r a cw:Receipt ; cw:atLocalTime ?v .
          BIND("receivedAt" AS ?p) }
  UNION { ?m cw:hasTransmissionEvent ?r . ?r a cw:Receipt ; prov:atLocation ?v .
          BIND("placeReceived" AS ?p) OPTIONAL { ?v skos:prefLabel ?label } }
  UNION { ?m cw:transmittedVia/cw:sender ?v . BIND("via" AS ?p)
          OPTIONAL { ?v skos:prefLabel ?label } }
  UNION { ?m dcterms:source ?v . BIND("source" AS ?p) }
  UNION { ?m cw:recordId ?v . BIND("recordId" AS ?p) }
}"""
_SAME_AS = """
SELECT ?a ?w WHERE { VALUES ?a { %s } ?a owl:sameAs ?w .
  FILTER(STRSTARTS(STR(?w), "http://www.wikidata.org/entity/")) }"""


def _t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _values(iris: list[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def message_facts(store: Store | None, messages: list[str]) -> dict[str, dict[str, list]]:
    """Per message: ``placeSent``, ``receivedAt``, ``placeReceived``, ``via``, ``source``,
    ``recordId``, each a sorted list of ``(value, label)``; empty without a store."""
    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    if store is None:
        return facts
    for i in range(0, len(messages), 500):
        chunk = messages[i:i + 500]
        for row in run_query(store, _FACTS % _values(chunk)).rows:
            item = (row["v"].value, row["label"].value if "label" in row else "")
            if item not in facts[row["m"].value][row["p"].value]:
                facts[row["m"].value][row["p"].value].append(item)
    for per in facts.values():
        for values in per.values():
            values.sort()
    return facts


def _wikidata(store: Store | None, agents: list[str]) -> dict[str, str]:
    if store is None or not agents:
        return {}
    found: dict[str, str] = {}
    for i in range(0, len(agents), 500):
        for row in run_query(store, _SAME_AS % _values(agents[i:i + 500])).rows:
            found.setdefault(row["a"].value, row["w"].value)
    return found


def _source(message: str) -> tuple[str, str, str]:
    key = message.rstrip("/").split("/message/", 1)[-1]
    head = key.replace("/", "-").split("-", 1)[0]
    return next((v for k, v in SOURCES.items() if head.startswith(k)), _OTHER)


def _agent(parent: etree._Element, graph: nx.MultiDiGraph, node: str, same: dict[str, str]):
    tag = "orgName" if kind_of(graph, node).startswith("org") else "persName"
    el = etree.SubElement(parent, _t(tag), ref=same.get(node, node_attr(graph, node, "iri")))
    el.text = node_attr(graph, node, "label")


def _place(parent: etree._Element, facts: list) -> None:
    for iri, label in facts[:1]:
        etree.SubElement(parent, _t("placeName"), ref=iri).text = label or iri.rsplit("/", 1)[-1]


@dataclass
class _Letters:
    """The network's authorial messages: per message its senders, addressees, relays (the
    ``via`` of its transmission edges) and the data of its first authorial edge."""

    senders: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    addressees: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    relays: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    info: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def of(cls, graph: nx.MultiDiGraph) -> _Letters:
        letters = cls()
        for u, v, _, d in edges(graph):
            if d.get("layer") == "transmission" and d.get("via"):
                letters.relays[d.get("message") or ""].add(str(d["via"]))
            if d.get("layer", "authorial") == "authorial" and d.get("message"):
                letters.senders[d["message"]].add(u)
                letters.addressees[d["message"]].add(v)
                letters.info.setdefault(d["message"], d)
        return letters


def build_tree(graph: nx.MultiDiGraph, *, store: Store | None = None, title: str = "",
               editor: str = "coldwar-kg maintainers", email: str = "coldwar-kg@example.org",
               url: str | None = None) -> etree._ElementTree:
    """The CMIF document for the network's authorial messages."""
    letters = _Letters.of(graph)
    messages = sorted(letters.info)
    facts = message_facts(store, messages)
    same = _wikidata(store, sorted({str(n) for n in graph.nodes}))
    # lxml takes None as the prefix of the default namespace; lxml-stubs allow str only
    root = etree.Element(_t("TEI"), nsmap={None: TEI_NS})  # type: ignore[dict-item]
    header = etree.SubElement(root, _t("teiHeader"))
    _file_desc(header, messages, title=title, editor=editor, email=email, url=url)
    profile = etree.SubElement(header, _t("profileDesc"))
    for m in messages:
        _corresp_desc(profile, graph, m, letters, facts.get(m, {}), same)
    text = etree.SubElement(root, _t("text"))
    etree.SubElement(etree.SubElement(text, _t("body")), _t("p"))
    return etree.ElementTree(root)


def _file_desc(header: etree._Element, messages: list[str], *, title: str, editor: str,
               email: str, url: str | None) -> None:
    """``fileDesc``: ``titleStmt``, ``publicationStmt`` and one ``sourceDesc/bibl`` per archive."""
    base = default_minter().base
    file_desc = etree.SubElement(header, _t("fileDesc"))
    title_stmt = etree.SubElement(file_desc, _t("titleStmt"))
    etree.SubElement(title_stmt, _t("title")).text = title or "coldwar-kg: Cold War correspondence"
    ed = etree.SubElement(title_stmt, _t("editor"))
    ed.text = editor + " "
    etree.SubElement(ed, _t("email")).text = email
    pub = etree.SubElement(file_desc, _t("publicationStmt"))
    publisher = etree.SubElement(pub, _t("publisher"))
    etree.SubElement(publisher, _t("ref"), target=base).text = "coldwar-kg"
    etree.SubElement(pub, _t("idno"), type="url").text = url or f"{base}cmif.xml"
    etree.SubElement(pub, _t("date"), when=date.today().isoformat())
    avail = etree.SubElement(pub, _t("availability"))
    etree.SubElement(avail, _t("licence"), target=CC_BY).text = (
        "This file is licensed under the terms of the Creative Commons License CC-BY 4.0")
    source_desc = etree.SubElement(file_desc, _t("sourceDesc"))
    used = sorted({_source(m) for m in messages}) or [_OTHER]
    for bibl_id, bibl_type, description in used:
        bibl = etree.SubElement(source_desc, _t("bibl"), type=bibl_type)
        bibl.set("{http://www.w3.org/XML/1998/namespace}id", bibl_id)
        bibl.text = description


def _corresp_desc(profile: etree._Element, graph: nx.MultiDiGraph, m: str, letters: _Letters,
                  facts: dict[str, list], same: dict[str, str]) -> None:
    """One message's ``correspDesc``: sent and received actions, then the notes."""
    cd = etree.SubElement(profile, _t("correspDesc"), ref=m, source=f"#{_source(m)[0]}")
    if facts.get("recordId"):
        cd.set("key", facts["recordId"][0][0])
    d = letters.info[m]
    sent = etree.SubElement(cd, _t("correspAction"), type="sent")
    for node in sorted(letters.senders[m], key=str):
        _agent(sent, graph, node, same)
    _place(sent, facts.get("placeSent", []))
    if d.get("date"):
        etree.SubElement(sent, _t("date"), when=str(d["date"]))
    received = etree.SubElement(cd, _t("correspAction"), type="received")
    for node in sorted(letters.addressees[m], key=str):
        _agent(received, graph, node, same)
    _place(received, facts.get("placeReceived", []))
    if facts.get("receivedAt"):
        etree.SubElement(received, _t("date"), when=facts["receivedAt"][0][0][:10])
    _relay_notes(cd, graph, letters.relays.get(m, set()), facts, same)
    if d.get("title") or d.get("kind"):
        note = etree.SubElement(cd, _t("note"), type="title")
        note.text = ": ".join(x for x in (str(d.get("kind") or ""), str(d.get("title") or "")) if x)
    for link, _ in facts.get("source", []):
        note = etree.SubElement(cd, _t("note"), type="source")
        etree.SubElement(note, _t("ref"), target=link).text = link


def _relay_notes(cd: etree._Element, graph: nx.MultiDiGraph, relays: set[str],
                 facts: dict[str, list], same: dict[str, str]) -> None:
    """``<note type="relay">`` per relay: the carrier's sender (store) or the edges' ``via``."""
    via: dict[str, str] = dict(facts.get("via", []))
    for iri in relays:
        label = node_attr(graph, iri, "label") if iri in graph else ""
        via[iri] = via.get(iri) or label
    for iri, label in sorted(via.items()):
        note = etree.SubElement(cd, _t("note"), type="relay")
        note.text = "Relayed via "
        etree.SubElement(note, _t("persName"), ref=same.get(iri, iri)).text = (
            label or iri.rsplit("/", 1)[-1])


def write(graph: nx.MultiDiGraph, fh: IO[bytes], *, store: Store | None = None,
          title: str = "") -> None:
    """Write CMIF (UTF-8, indented)."""
    build_tree(graph, store=store, title=title).write(fh, encoding="UTF-8", xml_declaration=True,
                                                      pretty_print=True)
