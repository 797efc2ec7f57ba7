"""Body and metadata facts in layouts the reader was not first written for: distribution lists
in columns and after "to comrades", declared copy totals, cipher labels of each part of a
telegram, receipt notes in several styles, the cipher office's intake on outgoing copies,
units of requested quantities, years next to numbers, archive names and books in citations.

Every text here was written for testing coldwar-kg; none is archive text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from deadline import finishes_within

from kg.errors import SourceError
from kg.records import PartialDate
from kg.sources import wilson
from kg.sources.body import BodyFacts, parse_body, parse_quantities
from kg.sources.body.distribution import column_entry
from kg.sources.body.events import INTAKE
from kg.sources.citations import parse_citations
from kg.sources.text import split_lines

DAY = PartialDate(1960, 10, 8)


def _body(text: str, date: PartialDate | None = DAY) -> BodyFacts:
    return parse_body(split_lines(text), date)


def _entries(facts: BodyFacts) -> list[tuple[str, int]]:
    return [(e.recipient.printed, e.copies) for e in facts.distribution]


def _quantities(text: str) -> list[tuple[int, int, str]]:
    return [(q.low, q.high, q.unit) for q in parse_quantities(text)]


# -- distribution --------------------------------------------------------------------------

def test_column_with_dashes_and_total_below() -> None:
    """A list in columns ("Name – 1", one a line) gives one entry per person, leaves the
    department and the file out, and "7 copies" below it is the declared total."""
    facts = _body("Text of the telegram, written for testing coldwar-kg, ends here.\n\nPETROV\n\n"
                  "Khrushchev – 1\nKozlov – 2\nInternational Department – 1\nFile – 1\n7 copies\n")
    assert [("Khrushchev", 1), ("Kozlov", 2)] == _entries(facts)
    assert 7 == facts.declared_copies


def test_column_with_dot_leaders() -> None:
    """Dot leaders between name and count ("Kozlov .......... 1") make a column too."""
    facts = _body("A text written for testing coldwar-kg.\n\nIVANOV\n\n"
                  "Khrushchev ...... 1\nKozlov .......... 1\nMikoyan ......... 3\n")
    assert [("Khrushchev", 1), ("Kozlov", 1), ("Mikoyan", 3)] == _entries(facts)


def test_heading_over_a_column_of_bare_names() -> None:
    """A "Distribution:" heading with nothing after it heads the names below it, one copy each."""
    facts = _body("A text written for testing coldwar-kg.\n\nDistribution:\nStalin\nMolotov - 2\nFile\n")
    assert [("Stalin", 1), ("Molotov", 2)] == _entries(facts)


def test_declared_heading_over_lines_of_names() -> None:
    """"Distribution list - 5 copies" with no colon heads the lines of names below it."""
    facts = _body("A text written for testing coldwar-kg.\n\nDistribution list - 5 copies\n"
                  "Stalin (2), Molotov\nBeria, Malenkov.\nThis sentence, written for testing coldwar-kg, is no list.\n")
    assert ([("Stalin", 2), ("Molotov", 1), ("Beria", 1), ("Malenkov", 1)], 5) == (_entries(facts), facts.declared_copies)


def test_one_line_with_a_count_is_not_a_column() -> None:
    """A single "Name – 1" line, or lines split by a blank line, is no list in columns."""
    assert [] == _entries(_body("A text written for testing coldwar-kg.\n\nKhrushchev – 1\n"))
    assert [] == _entries(_body("A text written for testing coldwar-kg.\n\nKhrushchev – 1\n\nKozlov – 1\n"))


@pytest.mark.parametrize("line", [
    "Copies to comrades Khrushchev (2), Bulganin, Suslov",
    "Distributed to comrades: Khrushchev (2), Bulganin, Suslov",
    "Distribute to Cdes.: Khrushchev - 2, Bulganin, Suslov.",
    "Copies to: Khrushchev (2), Bulganin, Suslov",
])
def test_copies_to_comrades(line: str) -> None:
    """"Copies to comrades ...", "Distributed to comrades: ..." and "Distribute to Cdes.: ..."
    are distribution lists (one copy unless a number is given)."""
    facts = _body(f"A text written for testing coldwar-kg.\n\n{line}\n")
    assert [("Khrushchev", 2), ("Bulganin", 1), ("Suslov", 1)] == _entries(facts)


def test_copies_to_in_a_sentence_is_no_list() -> None:
    """A sentence starting "Copies to the ..." or "Distributed to ..." without comrades or a colon is no list."""
    facts = _body("A text written for testing coldwar-kg.\n\nCopies to the regional committees, the army and the press\n"
                  "Distributed to Stalin and Molotov yesterday\n")
    assert [] == _entries(facts)


def test_bare_copies_number_is_a_total() -> None:
    """"Copies: 2" states how many copies were made; it names no one."""
    facts = _body("A text written for testing coldwar-kg.\n\nA. MIKOYAN\n\nCopies: 2\n")
    assert ([], 2) == (_entries(facts), facts.declared_copies)


@pytest.mark.parametrize(("line", "total"), [
    ("7 copies", 7), ("Printed in 5 copies.", 5), ("Three copies printed.", 3), ("Typed in four copies", 4),
])
def test_declared_totals(line: str, total: int) -> None:
    """A line stating the number of copies alone gives the declared total."""
    facts = _body(f"A text written for testing coldwar-kg.\n\nPETROV\n\n{line}\n")
    assert total == facts.declared_copies


def test_sentence_about_copies_is_no_total() -> None:
    """A sentence that mentions copies is no declared total."""
    facts = _body("We received 7 copies of the newspaper, written for testing coldwar-kg, yesterday.\n")
    assert facts.declared_copies is None


def test_column_entry_refuses_sentences() -> None:
    """A line of prose ending in a number is no column entry."""
    assert None is column_entry("The division lost 40 men in the battle of 12")
    assert None is column_entry("Article 2 - 1")


# -- cipher numbers ------------------------------------------------------------------------

def test_ciphergram_label() -> None:
    """"CIPHERGRAM No. 2417" is a cipher number."""
    assert ("2417",) == _body("CIPHERGRAM No. 2417\n\nTo Minister X\n").cipher_numbers


def test_cipher_label_of_each_part() -> None:
    """A telegram sent in parts repeats the cipher label on a line of its own before each
    part: every number counts, "Further to my Nº" and "Outgoing No." do not."""
    text = ("Outgoing No. 311\n\nCABLE Nº 1151\n\nFrom NEW YORK\n\n"
            "Further to my Nº 611. Today we met them, and this text was written for testing coldwar-kg.\n\n"
            "CABLE Nº 1152\n\nThe second part of the text, written for testing coldwar-kg, is here.\n\n"
            "CABLE Nº 1153\n\nInstructions are requested.\n")
    assert ("1151", "1152", "1153") == _body(text).cipher_numbers


def test_label_inside_a_sentence_is_not_a_part() -> None:
    """A cipher label inside a sentence of the text is no cipher number of this telegram."""
    text = ("CABLE Nº 1151\n\nA long first line of the text written for testing coldwar-kg goes on here.\n\n"
            "Cable Nº 77 of yesterday was answered, as this text written for testing coldwar-kg says.\n")
    assert ("1151",) == _body(text).cipher_numbers


def test_protocol_number_under_a_party_heading() -> None:
    """"No. 49" under a party body's heading is a protocol number, under a ministry's a cipher number."""
    assert () == _body("CC CPSU\nNo. 49\n\nTo Comrade X\n").cipher_numbers
    assert ("2741",) == _body("USSR MINISTRY OF FOREIGN AFFAIRS\nNo. 2741\n\nTo Comrade X\n").cipher_numbers


# -- transmission steps --------------------------------------------------------------------

def test_recd_is_a_receipt() -> None:
    """"Rec'd 8.10.60, 11.20" is a receipt at 11:20."""
    (ev,) = _body("Ciphered telegram Nº 33105\n\nFrom PYONGYANG. Rec'd 8.10.60, 11.20\n").events
    assert ("receipt", datetime(1960, 10, 8, 11, 20)) == (ev.kind, ev.at)


def test_time_at_the_end_of_a_sentence() -> None:
    """A time closing a sentence ("at 21:05.") is read with its full stop after it."""
    facts = _body("Sent from Moscow on 12.03.1958 at 18:30; received in Warsaw on 12.03.1958 at 21:05.\n",
                  PartialDate(1958, 3, 12))
    assert [("sending", datetime(1958, 3, 12, 18, 30)), ("receipt", datetime(1958, 3, 12, 21, 5))] \
        == [(e.kind, e.at) for e in facts.events]


def test_long_line_of_steps() -> None:
    """A line of steps longer than a header line is still read when it starts with one."""
    facts = _body("Sent from Moscow on 12.03.1958 at 18:30; received in Warsaw by the cipher clerk of the "
                  "ministry on 12.03.1958 at 21:05.\n", PartialDate(1958, 3, 12))
    assert [datetime(1958, 3, 12, 18, 30), datetime(1958, 3, 12, 21, 5)] == [e.at for e in facts.events]


def test_receipt_by_the_cipher_department() -> None:
    """"Received by the cipher department" names the office that received, not a clerk."""
    facts = _body("Received by the cipher department 23:10 25.X.49\nSent 01:40 26.X.49\n",
                  PartialDate(1949, 10, 26))
    receipt = facts.events[0]
    assert ("cipher department", None) == (receipt.office, receipt.agent)


# -- the cipher office's intake on outgoing copies -----------------------------------------

def _intakes(facts: BodyFacts) -> list[str]:
    spans = {span for name, span in facts.evidence if name == INTAKE}
    return [e.text for e in facts.events if e.span in spans]


def test_receipt_before_sending_on_an_outgoing_copy() -> None:
    """On a copy of an outgoing telegram, "received at 0020" printed before "sent at 0215" is
    the cipher office's intake; the receipt keeps its kind and time as labelled."""
    facts = _body("COPY OF AN OUTGOING TELEGRAM\n\nCABLE Nº 3582\n\nreceived at 0020 2 September\n"
                  "sent at 0215 2 September\n", PartialDate(1949, 9, 2))
    assert ["received at 0020 2 September"] == _intakes(facts)
    assert ("receipt", datetime(1949, 9, 2, 0, 20)) == (facts.events[0].kind, facts.events[0].at)


def test_cipher_department_receipt_is_an_intake() -> None:
    """A receipt by the cipher department is its intake."""
    facts = _body("Received by the cipher department 23:10 25.X.49\nSent 01:40 26.X.49\n",
                  PartialDate(1949, 10, 26))
    assert ["Received by the cipher department 23:10 25.X.49"] == _intakes(facts)


def test_incoming_receipt_is_no_intake() -> None:
    """On an incoming telegram the receipt follows the sending: the addressee's receipt."""
    facts = _body("Sent 31.8.50 11:32\nReceived 31.8.50 17:27\n", PartialDate(1950, 8, 31))
    assert [] == _intakes(facts)


def test_receipt_printed_first_but_later_is_no_intake() -> None:
    """A receipt printed before the sending but later than it is the addressee's receipt."""
    facts = _body("Received 31.8.50 17:27\nSent 31.8.50 11:32\n", PartialDate(1950, 8, 31))
    assert [] == _intakes(facts)


OUTGOING = """September 2, 1949

Cable No. 12 from X to Y

Citation:

"Cable No. 12 from X to Y", September 2, 1949, Wilson Center Digital Archive, RGASPI, f. 1, op. 2, d. 3, l. 4.

Summary:

Written for testing coldwar-kg.

Contents:

COPY OF AN OUTGOING TELEGRAM

CABLE Nº 12

received at 0020 2 September
sent at 0215 2 September

The text of this cable was written for testing coldwar-kg and is no archive text.
"""


def test_outgoing_copy_marks_the_intake_on_the_message() -> None:
    """Read as a record, an outgoing copy's message keeps its receipt and sending as labelled
    and carries the intake mark on the receipt's span, for the mapping to read."""
    message = wilson.parse_text(OUTGOING, "outgoing.txt").message
    receipt, sending = message.events
    assert [("receipt", datetime(1949, 9, 2, 0, 20)), ("sending", datetime(1949, 9, 2, 2, 15))] \
        == [(e.kind, e.at) for e in message.events]
    assert receipt.span == message.span_of(INTAKE)
    assert sending.span != message.span_of(INTAKE)


# -- requests ------------------------------------------------------------------------------

def test_unit_ends_before_a_preposition() -> None:
    """A unit ends before "above", "against" and the like."""
    assert [(150000, 150000, "tons of coal"), (20000, 20000, "tons of coke")] \
        == _quantities("To deliver 150,000 tons of coal and 20,000 tons of coke above the plan.")
    assert [(500, 500, "automobiles")] == _quantities("500 automobiles against the credit")


def test_capitalised_adjective_in_a_unit() -> None:
    """A capitalised adjective starts a unit, lower-cased ("150 Korean students")."""
    assert [(150, 150, "korean students")] == _quantities("To accept 150 Korean students next year.")
    assert [(20, 20, "state bank specialists"), (3, 3, "tons of coal")] \
        == _quantities("to send 20 State Bank specialists, 3 tons of coal Comrade Kim asked for")


def test_capitalised_word_alone_is_no_unit() -> None:
    """A number before a name or a month is no quantity."""
    assert [] == _quantities("by 1 September 1960 and 3 Comrades")


def test_year_is_never_a_quantity() -> None:
    """"in 1961 specialists" holds no quantity: 1961 is a year."""
    assert [] == _quantities("in the course of 1961 specialists will arrive")
    assert [(1961, 1961, "specialists")] == _quantities("to send 1961 specialists")


# -- citations -----------------------------------------------------------------------------

def test_full_archive_name_with_abbreviation() -> None:
    """The archive's full name with its abbreviation in brackets gives the abbreviation."""
    (c,) = parse_citations("Archive of the President of the Russian Federation (APRF), f. 45, op. 1, "
                           "d. 341, ll. 1-9.", whole_citation=False)
    assert ("APRF", "45", "1", "341", "1-9") == (c.archive, c.fond, c.opis, c.delo, c.folios)


def test_book_page_is_no_citation() -> None:
    """A book's page ("p. 81") is no archival reference."""
    assert () == parse_citations("Qiang Zhai, China and the Vietnam Wars, 1950-1975 (Chapel Hill: "
                                 "University of North Carolina Press, 2000), p. 81.", whole_citation=False)


def test_folios_under_an_archive_abbreviation() -> None:
    """Folios alone under an archive's abbreviation are still a reference."""
    (c,) = parse_citations("APRF, Listy 146-147, Fond and Opis not given.", whole_citation=False)
    assert ("APRF", "146-147") == (c.archive, c.folios)


def test_fond_with_a_letter_prefix() -> None:
    """GARF's fond numbers carry a letter ("f. R-5446"), kept as printed."""
    (c,) = parse_citations("GARF, f. R-5446, op. 1, d. 12, ll. 3-5.", whole_citation=False)
    assert ("GARF", "R-5446", "1", "12", "3-5") == (c.archive, c.fond, c.opis, c.delo, c.folios)


def test_and_between_the_last_two_names() -> None:
    """"and" before the last name of a list parts two names."""
    facts = _body("A text written for testing coldwar-kg.\n\nDistributed to comrades: Khrushchev, Bulganin and Suslov\n")
    assert [("Khrushchev", 1), ("Bulganin", 1), ("Suslov", 1)] == _entries(facts)


def test_reference_to_your_number_is_no_addressee() -> None:
    """"To your No. 2215" in the header refers to a telegram; it names no addressee."""
    assert () == _body("CABLE Nº 12\n\nTo your No. 2215\n").addressees
    assert ("Comrade Gromyko",) == tuple(a.printed for a in _body("CABLE Nº 12\n\nTo Comrade Gromyko\n").addressees)


def test_time_without_a_date_takes_the_records_day() -> None:
    """"received at 1410" with no date on the line is a time of the record's day."""
    facts = _body("CABLE Nº 12\n\nreceived at 1410\nsent at 1655\n", PartialDate(1949, 6, 5))
    assert [datetime(1949, 6, 5, 14, 10), datetime(1949, 6, 5, 16, 55)] == [e.at for e in facts.events]


def test_and_before_a_full_archive_name() -> None:
    """"and" before an archive's full name with its abbreviation in brackets parts two references."""
    refs = parse_citations("APRF, f. 45, op. 1, d. 331, ll. 59-61 and Archive of the Foreign Policy of the "
                           "Russian Federation (AVP RF), f. 07, op. 22, p. 36, d. 12, l. 8.", whole_citation=False)
    assert [("APRF", "45", None), ("AVP RF", "07", "36")] == [(c.archive, c.fond, c.papka) for c in refs]


def test_table_in_the_text_is_no_column() -> None:
    """Lines of a table above the end of the text, or with counts too large for copies, are no list."""
    above = _body("Losses:\nTanks – 2\nGuns – 3\n\nThe rest of this text, written for testing coldwar-kg, "
                  "runs on for a long while after the table.\n")
    large = _body("A text written for testing coldwar-kg.\n\nTanks – 120\nGuns – 300\n")
    assert ([], []) == (_entries(above), _entries(large))


def test_spans_of_time_are_no_quantities() -> None:
    """"3 months" and "2 weeks" are spans of time, not things requested."""
    assert [(40, 40, "instructors")] == _quantities("40 instructors for 3 months and 2 weeks")


def test_time_after_a_worded_date_is_no_date() -> None:
    """"Received 9 October 1950, 10.20": the date in words is the day, 10.20 the time."""
    (ev,) = _body("CABLE Nº 12\n\nReceived 9 October 1950, 10.20\n", PartialDate(1950, 10, 9)).events
    assert datetime(1950, 10, 9, 10, 20) == ev.at


def test_time_before_a_numeric_date() -> None:
    """"Received 12.45 27.X.62": the time comes first, the date after."""
    (ev,) = _body("CABLE Nº 12\n\nReceived 12.45 27.X.62\n", PartialDate(1962, 10, 27)).events
    assert datetime(1962, 10, 27, 12, 45) == ev.at


# -- linear time ---------------------------------------------------------------------------

MB = 1 << 20
BOUND = 30  # seconds: generous; each input below reads in a few seconds


def _repeat(token: str, size: int) -> str:
    return (token * (size // len(token) + 1))[:size]


READERS: dict[str, Callable[[str], object]] = {
    "body": lambda line: _body(f"Ciphered Telegram No. 1\nTo Comrade X\n{line}\n\"Dear Comrade,\nText\nSTALIN\"\n"),
    "step": lambda line: _body(f"{line}\n"),
    "citation": lambda line: parse_citations(line, whole_citation=False),
    "quantities": parse_quantities,
    "lines": lambda line: _body("Text.\n" + line.replace("|", "\n")),
}
NEW_TOKENS = ["1900 x ", "in 1900 ", "1.2,", "Sent 1.2 ", "Received by the a ", "Rec'd 1.2 1:10 ", "......1",
              " and A (B), ", " and Archive of the A (B) ", "f. R-1 ", "p. 1 ", "Copies to comrades a, ",
              "150 Korean ", "1 hrs. 1 ", "10.20 ", "Kozlov – 1|", "Stalin, Molotov|", "Distribution:|",
              "CABLE Nº 1|"]


@pytest.mark.slow
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("token", NEW_TOKENS)
def test_new_rules_read_a_1mb_input_in_bounded_time(reader: str, token: str) -> None:
    """The rules added for these layouts read 1 MB of one repeated token within 30 s (or refuse
    a list over the limits)."""
    with finishes_within(BOUND):
        try:
            READERS[reader](_repeat(token, MB))
        except SourceError as exc:
            assert "the limit is" in exc.message
