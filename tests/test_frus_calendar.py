"""Calendar entries of the FRUS microfiche supplements (kg.sources.frus.calendar): the parties
stop at the entry's date, and a telegram's other end is the agency whose files it is cited from.

The inline entries are written for testing coldwar-kg after the forms printed in
frus1961-63v07-09mSupp and frus1961-63v10-12mSupp (public domain)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.records import NameRef, SourceRecord
from kg.sources import frus

SUPPLEMENTS = ("frus1961-63v07-09mSupp", "frus1961-63v10-12mSupp")


def _entry(tmp_path: Path, head: str) -> SourceRecord:
    """The record of one calendar entry in an inline volume (written for testing coldwar-kg)."""
    path = tmp_path / "supp.xml"
    path.write_text('<!-- written for testing coldwar-kg -->\n<TEI xmlns="http://www.tei-c.org/ns/1.0" '
                    'xml:id="frus1961-63testSupp"><teiHeader/><text><body><div type="chapter">'
                    f'<div type="document" xml:id="d1" n="1"><head>{head}</head></div>'
                    "</div></body></text></TEI>", encoding="utf-8")
    (record,) = list(frus.read(path))
    assert isinstance(record, SourceRecord), record
    return record


def _printed(refs: tuple[NameRef, ...]) -> list[tuple[str, str]]:
    return [(r.printed, r.role_hint) for r in refs]


@pytest.mark.parametrize(("head", "senders", "addressees"), [
    ("21. Telegram 295 to Moscow, July 28. Disarmament talks: proposed recess. Confidential. 4 pp. "
     "Department of State, Central Files, 600.0012/7–2861.",
     [("Department of State", "organization")], [("Moscow", "organization")]),
    ("13. Telegram 2888 from Moscow, May 24. Khrushchev’s views on tripartite control. Confidential. "
     "3 pp. Department of State, Central Files, 397.5611–GE/5–2461.",
     [("Moscow", "organization")], [("Department of State", "organization")]),
    ("90. Telegram 447 to Quito and 553 to Lima, February 25, 1961. U.S. concerns over possible arms "
     "race between Ecuador and Peru. Confidential. 2 pp. DOS, CF, 722.58/2–2161",
     [("Department of State", "organization")], [("Quito", "organization"), ("Lima", "organization")]),
    ("293. Telegram 18314 to McCone, September 7. Support for frequent reconnaissance missions. "
     "Top Secret. 1 p. CIA, DCI (McCone) Files: Job 80–B01285A, Box 4",
     [("Central Intelligence Agency", "organization")], [("McCone", "")]),
    # a circular telegram's posts are a body, though printed in lower case
    ("46. Circular telegram 386 to certain diplomatic posts, September 2. Possible U.S/U.K. statement. "
     "Secret. 3 pp. Department of State, Central Files, 700.5611/9–261.",
     [("Department of State", "organization")], [("certain diplomatic posts", "organization")]),
    ("390. Circular telegram 743 to all diplomatic and consular posts, October 24. Guidance for U.S. "
     "officials. Confidential. 2 pp. DOS, CF, 737.00/10–2462.",
     [("Department of State", "organization")], [("all diplomatic and consular posts", "organization")]),
    # a Department of Defense file holds others' telegrams: the other end is not inferred
    ("377. Telegram 987 to Moscow, October 24. Transmits regulation of Secretary McNamara. "
     "Unclassified. 2 pp. OSD, Historical Office, Secretary of Defense, Cable Files",
     [], [("Moscow", "")]),
    # both ends printed: nothing inferred, and the summary is no party
    ("255. Telegram 4455 from Agency personnel in Nicaragua to CIA, April 19. B-26 bombing schedule "
     "to be sent to Washington. Top Secret. 1 p. CIA Files",
     [("Agency personnel in Nicaragua", "organization")], [("CIA", "")]),
])
def test_calendar_telegram_parties(tmp_path: Path, head: str, senders: list, addressees: list) -> None:
    """A calendar telegram's parties come from the words before its date, the other end added."""
    m = _entry(tmp_path, head).message
    assert ("Telegram", senders, addressees) == (m.kind, _printed(m.senders), _printed(m.addressees))


def test_calendar_summary_names_no_party(tmp_path: Path) -> None:
    """The summary after the date is not read for parties ("… from Prime Minister Macmillan to
    President Kennedy …" is what the telegram carries, not who sent it)."""
    m = _entry(tmp_path, "124. Telegram 5441 to London, April 12. Text of message from Prime Minister "
                         "Macmillan to President Kennedy on joint approach to Khrushchev. Secret. 3 pp. "
                         "Department of State, Central Files, 700.5611/4–1262.").message
    assert ([("Department of State", "organization")], [("London", "organization")]) == (
        _printed(m.senders), _printed(m.addressees))


def test_pages_in_a_note_make_no_calendar_entry(tmp_path: Path) -> None:
    """A head is a calendar entry only when it prints "N pp." itself, not in its source note."""
    m = _entry(tmp_path, "5. Telegram From the Embassy in Korea to the Department of State, Seoul, "
                         'June 25, 1950<note type="source">Source: 795.00/6–2550, 3 pp. Secret.</note>').message
    assert ([("Embassy in Korea", "organization")], [("Department of State", "organization")]) == (
        _printed(m.senders), _printed(m.addressees))


def telegrams_with_both_parties(path: Path) -> tuple[int, int]:
    """(telegrams, telegrams with a sender and an addressee) of a volume."""
    telegrams = both = 0
    for r in frus.read(path):
        if isinstance(r, SourceRecord) and r.message.kind == "Telegram":
            telegrams += 1
            both += bool(r.message.senders and r.message.addressees)
    return telegrams, both


@pytest.mark.corpus
@pytest.mark.parametrize("volume", SUPPLEMENTS)
def test_corpus_supplement_telegrams_have_both_parties(corpus: Path, volume: str) -> None:
    """At least 90% of the telegrams of each microfiche supplement have sender and addressee
    (62 and 125 telegrams; 23% and 40% before calendar entries were read as such)."""
    telegrams, both = telegrams_with_both_parties(corpus / "frus-more" / f"{volume}.xml")
    assert telegrams >= 60
    assert both >= 0.9 * telegrams, (volume, both, telegrams)
