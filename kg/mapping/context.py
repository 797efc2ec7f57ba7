"""What the mapping of one record shares: its key, its graphs, its agents, and the prefixes.

:class:`RecordMapping` is handed to every mapping function of a record
(:mod:`kg.mapping.messages`, :mod:`kg.mapping.parts`, :mod:`kg.mapping.documents`): the
record and its key, the minter and authority, the graphs written
(:class:`~kg.mapping.evidence.Evidence`) and the names resolved in the record's context
(:class:`~kg.mapping.agents.Agents`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from kg.iris import Minter
from kg.mapping.agents import Agents
from kg.mapping.authority import Authority
from kg.mapping.evidence import Evidence
from kg.namespace import PREFIXES
from kg.records import SourceRecord, Span

__all__ = ["RecordMapping", "record_key", "bind_prefixes"]


def record_key(record: SourceRecord) -> str:
    """``{archive}-{key}``: the message and graph key of a record (``wilson-112696``), or the
    key alone when it already names the archive (``frus1961-63v06-d2``)."""
    return record.key if record.key.startswith(record.archive) else f"{record.archive}-{record.key}"


def bind_prefixes(graph: Graph, minter: Minter) -> Graph:
    """Bind the vocabulary and instance prefixes on ``graph``; returns it."""
    for prefix, ns in {**PREFIXES, **minter.prefixes()}.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


@dataclass
class RecordMapping:
    """The state of one record's mapping.

    Attributes:
        record: what a reader produced.
        key: the record's key (:func:`record_key`).
        minter: the IRI minter.
        authority: the name tables.
        evidence: the record's graph and provenance graph.
        agents: names resolved in the record's context, and those no table knows.
        warnings: values of the record left out of its graph, each with the reason (a
            source URL the store cannot hold).
    """

    record: SourceRecord
    key: str
    minter: Minter
    authority: Authority
    evidence: Evidence
    agents: Agents
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, record: SourceRecord, authority: Authority, minter: Minter,
              with_provenance: bool = True) -> RecordMapping:
        """Empty graphs for ``record``, and its names' context."""
        evidence = Evidence(record, record_key(record), minter, with_provenance)
        return cls(record, evidence.key, minter, authority, evidence,
                   Agents(record, authority, minter, evidence))

    @property
    def g(self) -> Graph:
        """The record's named graph."""
        return self.evidence.g

    def fact(self, s: URIRef, p: URIRef, o: URIRef | Literal, span: Span | None) -> None:
        """Assert ``(s, p, o)`` with the quote it was read from (:meth:`Evidence.fact`)."""
        self.evidence.fact(s, p, o, span)
