"""The ``cw:`` vocabulary as a closed namespace.

Code writes ``CW.sender``, never a string IRI. :class:`CW` is an rdflib
``DefinedNamespace`` with ``_fail = True``: a misspelled term raises
``AttributeError`` at import or call time instead of minting a stray IRI.
``tests/test_ontology.py`` checks that every term listed here is declared in
``ontology/cw.ttl`` and that every ``cw:`` term the ontology or the shapes use is
listed here.

The ontology namespace is fixed by the core profile (``../shared/ONTOLOGY.md``);
only the instance base (see :mod:`kg.iris`) is configurable per deployment.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, URIRef

__all__ = ["CW", "CW_NS", "SCHEMA", "RICO", "SHAPES", "OA", "PREFIXES"]

CW_NS = "https://w3id.org/cwkg/ontology#"


class CW(DefinedNamespace):
    """Terms of the coldwar-kg ontology (``ontology/cw.ttl``)."""

    _NS = Namespace(CW_NS)
    _fail = True

    # --- documents and messages (core profile) ---
    Document: URIRef
    Message: URIRef
    Telegram: URIRef
    CipheredTelegram: URIRef
    Cable: URIRef
    Letter: URIRef
    Note: URIRef
    Memorandum: URIRef
    Report: URIRef
    RecordOfConversation: URIRef
    sourceFile: URIRef
    recordId: URIRef
    sender: URIRef
    sent: URIRef
    author: URIRef
    authored: URIRef
    addressee: URIRef
    relayedBy: URIRef
    intendedFor: URIRef
    transmits: URIRef
    transmittedVia: URIRef
    signedAs: URIRef
    addressedAs: URIRef
    dateSent: URIRef
    cipherNumber: URIRef
    senderSerialNumber: URIRef
    placeSent: URIRef
    participant: URIRef
    wroteTo: URIRef
    wroteAsAuthorTo: URIRef  # helper for the second wroteTo chain (via cw:authored)
    correspondedWith: URIRef

    # --- agents and names ---
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Pseudonym: URIRef
    pseudonymOf: URIRef
    country: URIRef

    # --- transmission and distribution ---
    TransmissionEvent: URIRef
    Sending: URIRef
    Receipt: URIRef
    Arrival: URIRef
    CipherOfficeIntake: URIRef
    Deciphering: URIRef
    Typing: URIRef
    hasTransmissionEvent: URIRef
    atLocalTime: URIRef
    asPrinted: URIRef
    medium: URIRef
    DistributionEntry: URIRef
    hasDistributionEntry: URIRef
    copyRecipient: URIRef
    copyCount: URIRef
    declaredCopyCount: URIRef

    # --- requests ---
    Request: URIRef
    RequestedItem: URIRef
    containsRequest: URIRef
    requestedBy: URIRef
    requestedFrom: URIRef
    endorsedBy: URIRef
    hasRequestedItem: URIRef
    rank: URIRef
    recruitmentPool: URIRef

    # --- archives ---
    Archive: URIRef
    ArchivalCopy: URIRef
    abbreviation: URIRef
    hasArchivalCopy: URIRef
    heldBy: URIRef
    fond: URIRef
    opis: URIRef
    delo: URIRef
    papka: URIRef
    folios: URIRef
    recordGroup: URIRef
    fileDesignation: URIRef

    # --- published editions (FRUS volumes) ---
    Volume: URIRef
    inVolume: URIRef
    classification: URIRef
    receivedNote: URIRef
    localTimeText: URIRef
    mentions: URIRef
    heldOffice: URIRef

    # --- provenance of the graph itself ---
    SourceGraph: URIRef
    SourceDocument: URIRef
    InferredGraph: URIRef
    ProvenanceGraph: URIRef
    fileName: URIRef
    sha256: URIRef
    readerName: URIRef
    readerVersion: URIRef
    sourceLine: URIRef

    # --- network measures (kg.network.observations) ---
    MeasureObservation: URIRef
    NetworkAnalysis: URIRef
    measuredAgent: URIRef
    measure: URIRef
    measureValue: URIRef
    layer: URIRef
    sliceStart: URIRef
    sliceEnd: URIRef
    algorithm: URIRef
    parameters: URIRef
    networkDigest: URIRef


SCHEMA = Namespace("https://schema.org/")
RICO = Namespace("https://www.ica.org/standards/RiC/ontology#")
SHAPES = Namespace("https://w3id.org/cwkg/shapes#")
OA = Namespace("http://www.w3.org/ns/oa#")

#: Prefixes bound in every serialisation (Turtle, TriG, JSON-LD context).
PREFIXES: dict[str, str] = {
    "cw": CW_NS,
    "schema": str(SCHEMA),
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rico": str(RICO),
    "sh": "http://www.w3.org/ns/shacl#",
    "oa": "http://www.w3.org/ns/oa#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
