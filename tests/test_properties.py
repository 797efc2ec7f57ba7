"""Invariants checked with hypothesis: readers never crash, normalisers are idempotent,
IRIs are deterministic and valid, mapping is pure."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.errors import SourceError
from kg.iris import Minter
from kg.mapping.authority import Authority
from kg.mapping.mapper import map_record
from kg.normalize import clean_name, collapse_letter_spacing, fold, slug
from kg.records import SourceRecord
from kg.sources.wilson import parse_bytes, parse_text

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "wilson" / "112696.txt"
SAMPLE_BYTES = SAMPLE.read_bytes()
SAMPLE_TEXT = SAMPLE_BYTES.decode("utf-8")
SAMPLE_LINES = SAMPLE_TEXT.splitlines()
SECTION_HEADS = ("Citation:", "Summary:", "Original Language:", "Contents:")

AUTHORITY = Authority.load()
MINTER = Minter()

PROPERTY = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _sections(lines: list[str]) -> list[list[str]]:
    """The sample cut into its head (date, title) and one chunk per section header."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.strip() in SECTION_HEADS:
            chunks.append([])
        chunks[-1].append(line)
    return chunks


SAMPLE_SECTIONS = _sections(SAMPLE_LINES)


def _read(text: str) -> SourceRecord | None:
    """parse_text's record, or None when it raised SourceError (anything else propagates)."""
    try:
        record = parse_text(text, "fuzz.txt")
    except SourceError:
        return None
    assert isinstance(record, SourceRecord)
    return record


def _read_bytes(data: bytes) -> SourceRecord | None:
    """parse_bytes's record, or None when it raised SourceError (anything else propagates)."""
    try:
        record = parse_bytes(data, "fuzz.txt")
    except SourceError:
        return None
    assert isinstance(record, SourceRecord)
    return record


def _maps(record: SourceRecord | None) -> None:
    """A record the reader returned maps to a graph without raising."""
    if record is not None:
        mapped = map_record(record, AUTHORITY, MINTER)
        assert isinstance(mapped.graph, Graph)


# --- readers: a record or a SourceError, nothing else ------------------------------------

@PROPERTY
@given(st.text())
def test_parse_text_arbitrary(text: str) -> None:
    """parse_text on any text returns a SourceRecord or raises SourceError."""
    _maps(_read(text))


@PROPERTY
@given(st.lists(st.sampled_from([
    "October 9, 1950", "9 October 1950", "1950", "April 1950", "", "Citation:", "Summary:",
    "Original Language:", "Contents:", "Telegram from A to B (via C)", "Ciphered Telegram # 1/sh",
    "To Comrade X", "FROM: PYONGYANG", "Sent by wire on 10/09/50 at 7:05 a.m.",
    "Deciphered by Morozov on 13/13/50 at 25:61 p.m.", "Distribution list - 3 copies: A - 1,",
    "B - 2.", "\"Comrade X,", "1. To permit the training of 200-300 pilots", "Respectfully, Y\"",
    "S H T Y K O V", "No. 1447/sh", "I support Y'S request.", "Typed by Kravchuk on 10/09/50",
]) | st.text(max_size=40), max_size=40))
def test_parse_text_layout_like(lines: list[str]) -> None:
    """parse_text on lines drawn from the seed layout's vocabulary returns a record or SourceError."""
    _maps(_read("\n".join(lines)))


@PROPERTY
@given(st.data())
def test_parse_sample_with_lines_deleted(data: st.DataObject) -> None:
    """The sample with any lines deleted reads as a record or SourceError, and maps."""
    keep = data.draw(st.lists(st.booleans(), min_size=len(SAMPLE_LINES),
                              max_size=len(SAMPLE_LINES)))
    text = "\n".join(line for line, k in zip(SAMPLE_LINES, keep, strict=True) if k)
    _maps(_read(text))


@PROPERTY
@given(st.permutations(range(len(SAMPLE_SECTIONS))))
def test_parse_sample_with_sections_shuffled(order: list[int]) -> None:
    """The sample with its sections in any order reads as a record or SourceError, and maps."""
    text = "\n".join(line for i in order for line in SAMPLE_SECTIONS[i])
    _maps(_read(text))


@PROPERTY
@given(st.permutations(range(1, len(SAMPLE_SECTIONS))))
def test_parse_sample_sections_reordered_keeps_title(order: list[int]) -> None:
    """Reordering the sections after the title never loses the record: it always reads."""
    text = "\n".join(line for i in (0, *order) for line in SAMPLE_SECTIONS[i])
    record = _read(text)
    assert record is not None
    assert "Telegram from Kim Il Sung to Stalin (via Shitykov)" == record.title
    _maps(record)


@PROPERTY
@given(st.integers(min_value=0, max_value=len(SAMPLE_TEXT)))
def test_parse_sample_truncated(at: int) -> None:
    """The sample cut at any character reads as a record or SourceError, and maps."""
    _maps(_read(SAMPLE_TEXT[:at]))


@PROPERTY
@given(st.integers(min_value=0, max_value=len(SAMPLE_BYTES)))
def test_parse_sample_bytes_truncated(at: int) -> None:
    """The sample's bytes cut at any byte (even inside a UTF-8 sequence) give a record or SourceError."""
    _maps(_read_bytes(SAMPLE_BYTES[:at]))


@PROPERTY
@given(st.binary(max_size=2000))
def test_parse_bytes_arbitrary(data: bytes) -> None:
    """parse_bytes on any bytes returns a SourceRecord or raises SourceError."""
    _maps(_read_bytes(data))


@PROPERTY
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(SAMPLE_BYTES)),
                          st.binary(min_size=1, max_size=8)), min_size=1, max_size=6))
def test_parse_sample_bytes_corrupted(edits: list[tuple[int, bytes]]) -> None:
    """The sample with random bytes overwritten or inserted gives a record or SourceError."""
    data = bytearray(SAMPLE_BYTES)
    for i, (at, chunk) in enumerate(edits):
        if i % 2:
            data[at:at] = chunk
        else:
            data[at:at + len(chunk)] = chunk
    _maps(_read_bytes(bytes(data)))


@PROPERTY
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(SAMPLE_TEXT)), st.text(max_size=12)),
                min_size=1, max_size=6))
def test_parse_sample_text_spliced(edits: list[tuple[int, str]]) -> None:
    """The sample with arbitrary text spliced in anywhere reads as a record or SourceError, and maps."""
    text = SAMPLE_TEXT
    for at, chunk in edits:
        text = text[:at] + chunk + text[at:]
    _maps(_read(text))


# --- normalisers are idempotent ----------------------------------------------------------

NAMES = (st.text()
         | st.from_regex(r"(Comrade |Cde\. )?[A-Z]( [A-Z]){2,8}('S)?[:,]?", fullmatch=True)
         # nested quotes, honorifics and possessives: each layer is one more pass of a normaliser
         | st.from_regex(r"(Comrade \"?){0,12}[A-Z][A-Za-z]{0,6}(( [A-Z]){2,4})?('S|'s|:|,){0,12}",
                         fullmatch=True))


@pytest.mark.parametrize("normaliser", [clean_name, fold, slug, collapse_letter_spacing],
                         ids=lambda f: f.__name__)
@PROPERTY
@given(text=NAMES)
@example(text="A'S'S'S'S'S'S'S'S'S")
def test_normaliser_idempotent(normaliser, text: str) -> None:
    """Applying a normaliser twice gives what applying it once gives."""
    once = normaliser(text)
    assert once == normaliser(once)


# --- IRIs are deterministic and valid ----------------------------------------------------

KINDS = ["message", "person", "org", "place", "archive", "pseudonym", "graph", "source"]


def _assert_valid_iri(iri: URIRef) -> None:
    text = str(iri)
    assert not any(ch.isspace() for ch in text)
    assert not any(ch in text for ch in '<>"{}|^`\\')
    assert text == ox.NamedNode(text).value
    parsed = Graph().parse(data=f"<{text}> <urn:p> <urn:o> .", format="nt")
    assert [URIRef(text)] == list(parsed.subjects())


@PROPERTY
@given(kind=st.sampled_from(KINDS), key=st.text())
def test_minted_iri_valid_and_deterministic(kind: str, key: str) -> None:
    """Minter.iri gives the same valid IRI, with no spaces, for any key in every run."""
    iri = Minter().iri(kind, key)
    assert iri == Minter().iri(kind, key)
    assert str(iri).startswith(f"https://w3id.org/cwkg/id/{kind}/")
    _assert_valid_iri(iri)


@PROPERTY
@given(key=st.text(), parts=st.lists(st.text() | st.integers() | st.none(), max_size=4))
def test_part_iri_valid_and_deterministic(key: str, parts: list) -> None:
    """Minter.part gives the same valid IRI for the same owner and parts."""
    m = Minter()
    iri = m.part("event", key, *parts)
    assert iri == Minter().part("event", key, *parts)
    _assert_valid_iri(iri)


@PROPERTY
@given(key=st.text())
def test_minter_methods_valid(key: str) -> None:
    """Every minting method gives a valid IRI for any key."""
    m = Minter()
    for iri in (m.message(key), m.person(key), m.org(key), m.agent("organization", key),
                m.agent("person", key), m.place(key), m.archive(key), m.pseudonym(key),
                m.graph(key), m.source(key)):
        _assert_valid_iri(iri)


# --- mapping is pure ---------------------------------------------------------------------

def test_map_sample_twice_isomorphic(authority: Authority, minter: Minter,
                                     sample_path: Path) -> None:
    """Mapping the sample twice gives isomorphic graphs under the same graph IRI."""
    record = parse_bytes(sample_path.read_bytes(), sample_path.name)
    first = map_record(record, authority, minter)
    second = map_record(record, authority, minter)
    assert first.graph_iri == second.graph_iri
    assert len(first.graph) == len(second.graph)
    assert isomorphic(first.graph, second.graph)
    assert first.unresolved == second.unresolved


@FEW
@given(st.data())
def test_map_mutated_sample_twice_isomorphic(data: st.DataObject) -> None:
    """Any record read from a mutated sample maps to isomorphic graphs on two calls."""
    keep = data.draw(st.lists(st.booleans(), min_size=len(SAMPLE_LINES),
                              max_size=len(SAMPLE_LINES)))
    record = _read("\n".join(line for line, k in zip(SAMPLE_LINES, keep, strict=True) if k))
    if record is not None:
        first = map_record(record, AUTHORITY, MINTER)
        second = map_record(record, AUTHORITY, MINTER)
        assert isomorphic(first.graph, second.graph)
