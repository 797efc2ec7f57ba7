"""The only place that mints instance IRIs.

Instance IRIs are ``{base}id/{kind}/{key}`` with one configurable base (default
``https://w3id.org/cwkg/``, overridden by ``KG_BASE``). Keys are deterministic:

* documents reuse the archive's identifier (``message/wilson-112696``), embedded
  messages add their part (``message/wilson-112696-letter``);
* people, bodies, archives and places use the canonical key of the authority
  tables (``person/stalin``, ``archive/aprf``);
* composite things (events, distribution entries, copies, requests, items) use
  the owner's key plus a short hash of canonical JSON of their parts.

Never counters, file paths or run order: the same input gives the same IRIs in
any run and any order.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import URIRef

__all__ = ["DEFAULT_BASE", "Minter", "default_minter", "part_hash", "KIND_PREFIXES", "PROVENANCE_SUFFIX",
           "is_provenance_graph"]

DEFAULT_BASE = "https://w3id.org/cwkg/"

#: Turtle prefix per kind of instance (a ``/`` cannot stand in a prefixed name).
KIND_PREFIXES = {
    "msg": "message",
    "person": "person",
    "org": "org",
    "place": "place",
    "archive": "archive",
    "copy": "copy",
    "event": "event",
    "entry": "entry",
    "request": "request",
    "item": "item",
    "pseudonym": "pseudonym",
    "source": "source",
    "graph": "graph",
    "anno": "anno",
    "volume": "volume",
}

_SAFE = re.compile(r"[^A-Za-z0-9._~-]+")


def part_hash(*parts: object, length: int = 10) -> str:
    """Short SHA-256 of canonical JSON of ``parts``.

    >>> part_hash("sending", "1950-10-09T07:05:00")
    '5d88877986'
    >>> part_hash("a", 1) == part_hash("a", 1)
    True
    """
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                           default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:length]


def _segment(key: str) -> str:
    """Make ``key`` safe as one IRI path segment (unreserved characters only)."""
    seg = _SAFE.sub("-", key).strip("-.")
    return seg or "x"


#: The end of a record's provenance graph name (``graph/{record}-provenance``).
PROVENANCE_SUFFIX = "-provenance"


def is_provenance_graph(iri: str) -> bool:
    """Whether a graph name is a record's provenance graph.

    >>> is_provenance_graph("https://w3id.org/cwkg/id/graph/wilson-112696-provenance")
    True
    >>> is_provenance_graph("https://w3id.org/cwkg/id/graph/wilson-112696")
    False
    """
    return str(iri).endswith(PROVENANCE_SUFFIX)


@lru_cache(maxsize=8)
def _minter_for(base: str) -> Minter:
    return Minter(base if base.endswith("/") else base + "/")


def default_minter() -> Minter:
    """The minter for this process: ``KG_BASE`` (read once per value) or the default base.

    >>> default_minter() is default_minter()
    True
    """
    return _minter_for(os.environ.get("KG_BASE", DEFAULT_BASE))


@dataclass(frozen=True)
class Minter:
    """Mints IRIs under one base.

    >>> m = Minter("https://w3id.org/cwkg/")
    >>> str(m.message("wilson-112696"))
    'https://w3id.org/cwkg/id/message/wilson-112696'
    >>> str(m.person("kim-il-sung"))
    'https://w3id.org/cwkg/id/person/kim-il-sung'
    """

    base: str = DEFAULT_BASE

    @classmethod
    def from_env(cls) -> Minter:
        """A minter for ``KG_BASE`` (or the default base); the same as :func:`default_minter`."""
        return default_minter()

    def iri(self, kind: str, key: str) -> URIRef:
        """``{base}id/{kind}/{key}``."""
        return URIRef(f"{self.base}id/{kind}/{_segment(key)}")

    def namespace(self, kind: str) -> str:
        """The IRI prefix of a kind, for prefix declarations."""
        return f"{self.base}id/{kind}/"

    def message(self, key: str) -> URIRef:
        """A message or other document."""
        return self.iri("message", key)

    def person(self, key: str) -> URIRef:
        """A person."""
        return self.iri("person", key)

    def org(self, key: str) -> URIRef:
        """An organisation, office or body."""
        return self.iri("org", key)

    def agent(self, kind: str, key: str) -> URIRef:
        """A person or an organisation, by the authority table's kind."""
        return self.org(key) if kind == "organization" else self.person(key)

    def place(self, key: str) -> URIRef:
        """A place."""
        return self.iri("place", key)

    def archive(self, key: str) -> URIRef:
        """A holding archive."""
        return self.iri("archive", key)

    def pseudonym(self, key: str) -> URIRef:
        """A cover name."""
        return self.iri("pseudonym", key)

    def part(self, kind: str, owner_key: str, *parts: object) -> URIRef:
        """A composite node owned by a message: ``{kind}/{owner}-{hash of parts}``."""
        return self.iri(kind, f"{owner_key}-{part_hash(*parts)}")

    def instance_space(self) -> str:
        """The start of every instance IRI, ``{base}id/`` (VoID's ``void:uriSpace``).

        >>> Minter("https://w3id.org/cwkg/").instance_space()
        'https://w3id.org/cwkg/id/'
        """
        return f"{self.base}id/"

    def dataset(self, fragment: str | None = None) -> URIRef:
        """The dataset's IRI, ``{base}dataset`` (served at ``/dataset``), or a node of its
        description named after it (``{base}dataset#licence``).

        >>> str(Minter("https://w3id.org/cwkg/").dataset("licence"))
        'https://w3id.org/cwkg/dataset#licence'
        """
        return URIRef(f"{self.base}dataset" + (f"#{fragment}" if fragment else ""))

    def graph(self, key: str) -> URIRef:
        """A named graph (``graph/wilson-112696``, ``graph/inferred``)."""
        return self.iri("graph", key)

    def provenance_graph(self, key: str) -> URIRef:
        """The graph of a record's provenance, beside the record's own graph.

        >>> str(Minter().provenance_graph("wilson-112696"))
        'https://w3id.org/cwkg/id/graph/wilson-112696-provenance'
        """
        return self.graph(f"{key}{PROVENANCE_SUFFIX}")

    def source(self, sha256: str) -> URIRef:
        """An input file, by the SHA-256 of its bytes."""
        return self.iri("source", f"sha256-{sha256}")

    def volume(self, key: str) -> URIRef:
        """A published volume that documents belong to (``cw:inVolume``).

        >>> str(Minter().volume("frus1961-63v06"))
        'https://w3id.org/cwkg/id/volume/frus1961-63v06'
        """
        return self.iri("volume", key)

    def annotation(self, record_key: str, start: int, end: int) -> URIRef:
        """The Web Annotation of the quoted span ``[start, end)`` of a record's input file.

        >>> str(Minter().annotation("wilson-112696", 10, 42))
        'https://w3id.org/cwkg/id/anno/wilson-112696-344cc6cb00'
        """
        return self.part("anno", record_key, start, end)

    def annotation_part(self, annotation: URIRef | str, part: str) -> URIRef:
        """A node of an annotation: its ``target``, ``quote`` or ``position`` selector.

        >>> str(Minter().annotation_part("https://w3id.org/cwkg/id/anno/wilson-112696-344cc6cb00", "quote"))
        'https://w3id.org/cwkg/id/anno/wilson-112696-344cc6cb00-quote'
        """
        return URIRef(f"{annotation}-{part}")

    def annotation_body(self, annotation: URIRef | str, *statement: object) -> URIRef:
        """The body of an annotation for one statement read from its span (a hash of the triple).

        >>> body = Minter().annotation_body("https://w3id.org/cwkg/id/anno/a-1", "s", "p", "o")
        >>> body == URIRef("https://w3id.org/cwkg/id/anno/a-1-" + part_hash("s", "p", "o", length=8))
        True
        """
        return URIRef(f"{annotation}-{part_hash(*(str(t) for t in statement), length=8)}")

    @staticmethod
    def wikidata(qid: str) -> URIRef:
        """A Wikidata item (``owl:sameAs``, ``skos:closeMatch``, ``cw:country``): not minted
        under the base, the same for every minter.

        >>> str(Minter.wikidata("Q30"))
        'http://www.wikidata.org/entity/Q30'
        """
        return URIRef(f"http://www.wikidata.org/entity/{qid}")

    def prefixes(self) -> dict[str, str]:
        """Turtle prefixes for every kind of instance."""
        return {prefix: self.namespace(kind) for prefix, kind in KIND_PREFIXES.items()}
