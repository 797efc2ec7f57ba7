"""Records -> triples. Pure: the same record gives the same graph.

One function per part of a record; each names the record field it reads and the
``cw:`` terms it writes. The mapper asserts only what the source says: roles
(``cw:sender``, ``cw:addressee``, ``cw:transmits``), never what follows from
them (``cw:wroteTo``, ``cw:relayedBy``, ``cw:transmittedVia``), which OWL RL
infers into the inferred graph (:mod:`kg.reason.reference`).

People, bodies, archives and places that the authority tables know are only
*referenced* from a source graph; their labels live in the authority graph
(:func:`authority_graph`). Names no table knows get a minted node whose type and
label are written into the source graph, and are reported as unresolved.

The work is shared out by topic: :mod:`kg.mapping.messages` (roles, numbers, carried
messages), :mod:`kg.mapping.parts` (events, distribution entries, requests),
:mod:`kg.mapping.documents` (record-level fields, archival copies),
:mod:`kg.mapping.agents` (names in the record's context), :mod:`kg.mapping.evidence`
(the graphs and the quote of every statement) and :mod:`kg.mapping.authority_graph`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rdflib import Graph, URIRef

from kg.iris import Minter
from kg.mapping.authority import Authority
from kg.mapping.authority_graph import authority_graph
from kg.mapping.context import RecordMapping, bind_prefixes, record_key
from kg.mapping.documents import document
from kg.mapping.messages import message
from kg.mapping.parts import EVENT_CLASSES
from kg.records import SourceRecord

__all__ = ["MappedRecord", "map_record", "authority_graph", "bind_prefixes", "record_key",
           "EVENT_CLASSES"]


@dataclass
class MappedRecord:
    """The named graph of one source record; ``warnings`` names the values of the record
    left out of it (a source URL the store cannot hold), each with the reason."""

    key: str
    graph_iri: URIRef
    graph: Graph
    unresolved: list[str] = field(default_factory=list)
    provenance_iri: URIRef | None = None
    provenance: Graph | None = None
    warnings: list[str] = field(default_factory=list)


def map_record(record: SourceRecord, authority: Authority, minter: Minter,
               generated_at: datetime | None = None, provenance: bool = True) -> MappedRecord:
    """Map one record to its named graph.

    Args:
        record: what a reader produced.
        authority: the name tables (``data/authority``).
        minter: the IRI minter (base).
        generated_at: the build time written as ``prov:generatedAtTime`` (``None``: left out,
            which keeps golden tests deterministic).
        provenance: also make the provenance graph (a Web Annotation per quoted span);
            off for bulk builds that do not need ``kg explain``.
    """
    rm = RecordMapping.start(record, authority, minter, provenance)
    iri = message(rm, record.message, rm.key, top=True)
    document(rm, iri)
    graph_iri = minter.graph(rm.key)
    rm.evidence.describe(graph_iri, generated_at)
    rm.warnings.extend(rm.agents.notes)  # a head's office title against the volume's @corresp
    unresolved = list(dict.fromkeys(rm.agents.unresolved))
    if not provenance:
        return MappedRecord(rm.key, graph_iri, rm.g, unresolved, warnings=rm.warnings)
    prov_iri = minter.provenance_graph(rm.key)
    rm.evidence.describe_provenance(prov_iri)
    return MappedRecord(rm.key, graph_iri, rm.g, unresolved, prov_iri, rm.evidence.prov,
                        rm.warnings)
