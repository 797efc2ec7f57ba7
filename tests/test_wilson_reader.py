"""The seed-layout reader gets every fact of the sample record right, one test per fact."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kg.errors import SourceError
from kg.records import PartialDate, SourceRecord
from kg.sources import read, reader_for, wilson


@pytest.fixture(scope="module")
def record(sample_path: Path) -> SourceRecord:
    """The sample, read."""
    return next(wilson.read(sample_path))


@pytest.fixture(scope="module")
def letter(record: SourceRecord):
    """Kim Il Sung's letter carried by the telegram."""
    (inner,) = record.message.transmits
    return inner


def _events(record: SourceRecord) -> dict[str, object]:
    return {e.kind: e for e in record.message.events}


def test_title(record: SourceRecord) -> None:
    """The title line is kept verbatim."""
    assert "Telegram from Kim Il Sung to Stalin (via Shitykov)" == record.title


def test_date(record: SourceRecord) -> None:
    """The date line gives 9 October 1950."""
    assert PartialDate(1950, 10, 9) == record.date


def test_record_id_and_url(record: SourceRecord) -> None:
    """The numeric URL tail is the record id."""
    assert "112696" == record.record_id
    assert "https://wilson-center.drivingcreative.com/document/112696" == record.url


def test_summary(record: SourceRecord) -> None:
    """The summary paragraph is read whole."""
    assert record.summary is not None
    assert record.summary.startswith("Kim Il Sung requests that Koreans living in the Soviet Union")
    assert record.summary.endswith("in this telegram to Stalin.")


def test_original_language(record: SourceRecord) -> None:
    """The original language is Russian."""
    assert "Russian" == record.language


def test_both_aprf_citations(record: SourceRecord) -> None:
    """Both APRF locations are read with fond, opis, delo and folios as printed."""
    got = [(c.archive, c.fond, c.opis, c.papka, c.delo, c.folios) for c in record.citations]
    assert [("APRF", "45", "1", None, "347", "72-73"), ("APRF", "3", "65", None, "828", "13-14")] == got


def test_citation_text_kept(record: SourceRecord) -> None:
    """The citation string is kept exactly as printed."""
    assert record.citation is not None
    assert record.citation.startswith('"Telegram from Kim Il Sung to Stalin (via Shitykov)", October 9, 1950')
    assert "APRF, fond 45, opis 1, delo 347, listy 72-73" == record.citations[0].text


def test_carrier_is_ciphered_telegram(record: SourceRecord) -> None:
    """The document itself is a ciphered telegram."""
    assert "CipheredTelegram" == record.message.kind


def test_cipher_number(record: SourceRecord) -> None:
    """The cipher number is 600382/sh, as printed."""
    assert ("600382/sh",) == record.message.cipher_numbers


def test_outgoing_number_is_not_a_cipher_number(record: SourceRecord) -> None:
    """No. 1447/sh at the foot is the sender's serial number, not a cipher number."""
    assert ("1447/sh",) == record.message.serial_numbers


def test_place_sent(record: SourceRecord) -> None:
    """FROM: PYONGYANG gives the place sent."""
    assert "PYONGYANG" == record.message.place_sent


def test_carrier_sender_is_the_relay(record: SourceRecord) -> None:
    """The carrier telegram is sent by the relay named in the title (misspelt Shitykov)."""
    assert ["Shitykov"] == [r.printed for r in record.message.senders]


def test_carrier_addressee_as_printed(record: SourceRecord) -> None:
    """The title names the addressee; the TO line's form "Comrade STALIN I.V." is kept as printed."""
    assert ["Stalin"] == [r.printed for r in record.message.addressees]
    assert ("Comrade STALIN I.V.",) == record.message.addressed_as


def test_sent_time(record: SourceRecord) -> None:
    """Sent by wire on 10/09/50 at 7:05 a.m."""
    e = _events(record)["sending"]
    assert (datetime(1950, 10, 9, 7, 5), "wire") == (e.at, e.medium)


def test_received_time(record: SourceRecord) -> None:
    """Received in Moscow on 10/09/50 at 9:38 a.m."""
    e = _events(record)["receipt"]
    assert (datetime(1950, 10, 9, 9, 38), "Moscow") == (e.at, e.place)


def test_arrived_at_8dgs(record: SourceRecord) -> None:
    """Arrived at the 8D/GS on 10/09/50 at 9:45 a.m."""
    e = _events(record)["arrival"]
    assert (datetime(1950, 10, 9, 9, 45), "8D/GS") == (e.at, e.office)


def test_deciphered_by_morozov(record: SourceRecord) -> None:
    """Deciphered by Morozov on 10/09/50 at 10:45 a.m."""
    e = _events(record)["deciphering"]
    assert (datetime(1950, 10, 9, 10, 45), "Morozov") == (e.at, e.agent.printed)


def test_typed_by_kravchuk(record: SourceRecord) -> None:
    """Typed by Kravchuk on 10/09/50 at 11:20 a.m."""
    e = _events(record)["typing"]
    assert (datetime(1950, 10, 9, 11, 20), "Kravchuk") == (e.at, e.agent.printed)


def test_event_lines_are_traceable(record: SourceRecord) -> None:
    """Each event keeps its line as printed and its line number in the file."""
    e = _events(record)["deciphering"]
    assert ("Deciphered by Morozov on 10/09/50 at 10:45 a.m.", 34) == (e.text, e.line)


def test_declared_copies(record: SourceRecord) -> None:
    """The distribution list declares 11 copies."""
    assert 11 == record.message.declared_copies


def test_distribution_entries(record: SourceRecord) -> None:
    """Stalin 2 and Molotov, Malenkov, Beria, Mikoyan, Kaganovich, Bulganin 1 each."""
    got = [(d.recipient.printed, d.copies) for d in record.message.distribution]
    assert [("Stalin", 2), ("Molotov", 1), ("Malenkov", 1), ("Beria", 1), ("Mikoyan", 1),
            ("Kaganovich", 1), ("Bulganin", 1)] == got


def test_transmitted_letter(letter) -> None:
    """The telegram transmits a letter from Kim Il Sung to Stalin."""
    assert ("Letter", ["Kim Il Sung"], ["Stalin"]) == (
        letter.kind, [r.printed for r in letter.senders], [r.printed for r in letter.addressees])


def test_letter_salutation(letter) -> None:
    """The letter's form of address is kept as printed."""
    assert ("Comrade STALIN Iosif Vissarionovich",) == letter.addressed_as


def test_letter_signature(letter) -> None:
    """The letter is signed KIM IL SUNG."""
    assert ("KIM IL SUNG",) == letter.signed_as


def test_two_numbered_requests(letter) -> None:
    """The letter makes two numbered requests."""
    assert [1, 2] == [r.number for r in letter.requests]


def test_first_request_quantities(letter) -> None:
    """Request 1: 200-300 pilots."""
    assert [(200, 300, "pilots")] == [(q.low, q.high, q.unit) for q in letter.requests[0].quantities]


def test_second_request_quantities(letter) -> None:
    """Request 2: 1,000 tankists, 2,000 pilots, 500 radio operators, 500 engineering officers."""
    got = [(q.low, q.high, q.unit) for q in letter.requests[1].quantities]
    assert [(1000, 1000, "tankists"), (2000, 2000, "pilots"), (500, 500, "radio operators"),
            (500, 500, "engineering officers")] == got


def test_recruitment_pools(letter) -> None:
    """Where each group is to be recruited from."""
    assert ["Korean students studying in the Soviet Union",
            "Soviet Koreans residing in the Soviet Union"] == [r.recruitment_pool for r in letter.requests]


def test_endorsement(record: SourceRecord) -> None:
    """"I support KIM IL SUNG'S request." makes the carrier's sender an endorser."""
    assert ["Shitykov"] == [r.printed for r in record.message.endorsed_by]


def test_letter_spaced_signature(record: SourceRecord) -> None:
    """The telegram is signed "S H T Y K O V", kept as printed."""
    assert ("S H T Y K O V",) == record.message.signed_as


def test_provenance_fields(record: SourceRecord) -> None:
    """File name, SHA-256 and reader are recorded."""
    assert ("112696.txt", "922c70178f727d9963887eac6f0c2486892c3f644b3b9c8c2a4a342053a57907",
            "wilson", "seed") == (record.source_file, record.sha256, record.reader, record.layout)


@pytest.mark.parametrize(("content", "where", "what"), [
    (b"", None, "empty file"),
    (b"\n\n   \n", None, "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "byte", "binary"),
    (b"October 9, 1950\n\nCitation:\n\nsomething\n", "line 3", "no title"),
    (b"Not a date\nA title\n", "line 1", "not a date"),
    (b"\xff\xfeO\x00c\x00t\x00", "byte", "binary"),
])
def test_bad_input_raises_source_error(tmp_path: Path, content: bytes, where: str | None,
                                       what: str) -> None:
    """Bad files raise SourceError naming the file, the place and the problem."""
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        list(read(path))
    assert "bad.txt" == info.value.file
    assert what in info.value.message
    if where:
        assert info.value.location is not None and info.value.location.startswith(where)


def test_unknown_file_kind(tmp_path: Path) -> None:
    """A file no reader claims is a SourceError listing the known kinds."""
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n")
    with pytest.raises(SourceError, match=r"no reader .*\.txt"):
        reader_for(path)
