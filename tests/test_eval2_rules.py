"""General rules of the title grammar and the body reader added after the second
independent evaluation: one test per rule, each with a small input of its own.

Every title and text here was written for testing coldwar-kg; none is archive text, and
none is taken from an evaluation set.
"""

from __future__ import annotations

from kg.records import PartialDate
from kg.sources import wilson
from kg.sources.body import BodyFacts, parse_body, parse_quantities
from kg.sources.body.requests import requests
from kg.sources.text import split_lines
from kg.sources.titles import TitleParse, parse_title

DAY = PartialDate(1951, 3, 2)
#: A long line, so that the lines after it are not read as the header.
LONG = ("This paragraph was written for testing coldwar-kg and is long enough not to be taken "
        "for a line of the header of the telegram.")


def _names(parties: tuple) -> list[str]:
    return [p.name for p in parties]


def _covers(parties: tuple) -> list[tuple[str, str | None]]:
    return [(p.name, p.cover) for p in parties]


def _body(text: str) -> BodyFacts:
    return parse_body(split_lines(text), DAY)


def _entries(facts: BodyFacts) -> list[tuple[str, int]]:
    return [(e.recipient.printed, e.copies) for e in facts.distribution]


# -- titles: kinds -------------------------------------------------------------------------

def test_note_verbale_is_a_note() -> None:
    """"Note Verbale" is a note, with its numbers (not cipher numbers) and an "of" writer."""
    t = parse_title("Note Verbale No. 7 of the Polish Embassy in Beijing to the PRC Foreign Ministry")
    assert ("Note", (), ["Polish Embassy in Beijing"], ["PRC Foreign Ministry"]) == \
        (t.kind, t.cipher_numbers, _names(t.senders), _names(t.recipients))


def test_singular_instruction_is_correspondence_of_no_kind() -> None:
    """"Instruction" (singular) is read like "Instructions": no kind, its parties kept."""
    t = parse_title("Instruction from the CC CPSU to Ambassador Yudin")
    assert (None, True, ["CC CPSU"], ["Yudin"]) == \
        (t.kind, t.correspondence, _names(t.senders), _names(t.recipients))


def test_notes_on_a_conversation_is_a_record_of_conversation() -> None:
    """"Notes on a Conversation with X" is a record of conversation, X a participant."""
    t = parse_title("Notes on a Conversation with Zhou Enlai")
    assert ("RecordOfConversation", False, ["Zhou Enlai"]) == (t.kind, t.correspondence, _names(t.participants))


def test_people_present_take_part_in_the_conversation() -> None:
    """"in the presence of X, Y and Z" makes X, Y and Z participants too."""
    t = parse_title("Record of Conversation between Mao Zedong and Yudin in the presence of Liu Shaoqi, "
                    "Chen Yun and Fedorenko")
    assert ["Mao Zedong", "Yudin", "Liu Shaoqi", "Chen Yun", "Fedorenko"] == _names(t.participants)


# -- titles: names -------------------------------------------------------------------------

def test_delegation_keeps_its_seat() -> None:
    """A delegation "at" or "in" a place keeps the place in its name, as an embassy does."""
    t = parse_title("Directive from the CC CPSU to the Soviet Delegation at the Moscow Talks")
    u = parse_title("Telegram from the Chinese Delegation in Warsaw to Mao Zedong")
    assert (["Soviet Delegation at the Moscow Talks"], ["Chinese Delegation in Warsaw"]) == \
        (_names(t.recipients), _names(u.senders))


def test_delegation_with_a_seat_is_no_participant() -> None:
    """A delegation with no named head is not a participant, its seat named or not."""
    t = parse_title("Record of Conversation of Molotov with the Polish Delegation in Moscow")
    assert ["Molotov"] == _names(t.participants)


def test_cc_with_a_party_abbreviation_is_a_body() -> None:
    """"the CC VKP(b)" is the party's Central Committee, not a person "VKP(b)" with an office."""
    t = parse_title("Letter from the CC VKP(b) to Mao Zedong, conveying Liu Shaoqi's Message to the CC KPK")
    assert (["CC VKP(b)"], ["CC KPK"]) == (_names(t.senders), _names(t.transmits[0].recipients))


def test_bracket_after_a_russian_surname_names_who_used_the_cover() -> None:
    """"Andreev [Mikoyan]": a bracket after a Russian surname names the person behind the
    cover, both ways round with Kuznetsov and Stalin; a bracket after a Chinese or Korean
    name completes it."""
    t = parse_title("Telegram from Andreev [Mikoyan] to Kuznetsov [Stalin]")
    u = parse_title("Telegram from Lin [Biao] to Kim Il [Sung]")
    assert ([("Mikoyan", "Andreev")], [("Stalin", "Kuznetsov")]) == (_covers(t.senders), _covers(t.recipients))
    assert (["Lin Biao"], ["Kim Il Sung"]) == (_names(u.senders), _names(u.recipients))


# -- titles: places and messages -----------------------------------------------------------

def test_place_before_the_writer_after_a_bare_comma() -> None:
    """"Cable from Mukden, Gao Gang to Stalin": two names joined by a bare comma are no
    list; the first is where the cable was sent from."""
    t = parse_title("Cable from Mukden, Gao Gang to Stalin")
    assert (["Gao Gang"], ["Stalin"], ("Mukden",)) == (_names(t.senders), _names(t.recipients), t.places)


def test_place_after_the_addressee_after_a_bare_comma() -> None:
    """"to Filippov [Stalin], Dalian": the single word after a bare comma is a place."""
    t = parse_title("Telegram from Kovalev to Filippov [Stalin], Dalian")
    assert ([("Stalin", "Filippov")], ("Dalian",)) == (_covers(t.recipients), t.places)


def test_place_after_a_list_closed_by_and() -> None:
    """"from Gao Gang and Li Fuchun, Shenyang, to ...": a name after a bare comma once the
    list has had its "and" is no party of it but a place."""
    t = parse_title("Telegram from Gao Gang and Li Fuchun, Shenyang, to the CC VKP(b)")
    assert (["Gao Gang", "Li Fuchun"], ("Shenyang",)) == (_names(t.senders), t.places)


def test_lists_of_parties_with_and_stay_lists() -> None:
    """A list with "and" before its last name is a list of parties, commas and all, and so
    is one opened by a plural honorific ("to Cdes. A, B")."""
    t = parse_title("Telegram from Stalin to Malenkov, Beria and Bulganin")
    u = parse_title("Telegram from Kovalev to Cdes. Malenkov, Beria")
    assert (["Malenkov", "Beria", "Bulganin"], ()) == (_names(t.recipients), t.places)
    assert (["Malenkov", "Beria"], ()) == (_names(u.recipients), u.places)


def test_second_message_of_the_same_kind_after_and_from() -> None:
    """"transmitting Letters from A to B and from B to A": two messages of one kind."""
    t: TitleParse = parse_title("Telegram from Yudin to Khrushchev, transmitting Letters from Liu Shaoqi "
                                "to Ho Chi Minh and from Ho Chi Minh to Liu Shaoqi")
    assert [("Letter", ["Liu Shaoqi"], ["Ho Chi Minh"]), ("Letter", ["Ho Chi Minh"], ["Liu Shaoqi"])] == \
        [(m.kind, _names(m.senders), _names(m.recipients)) for m in t.transmits]


# -- body: cipher numbers ------------------------------------------------------------------

def test_excerpt_header_gives_the_excerpted_telegrams_number() -> None:
    """"Excerpt from ciphered telegram No. N from X" labels the excerpted telegram's number."""
    facts = _body(f"Excerpt from ciphered telegram No. 4471 from Pyongyang of 2.III.51\n\n{LONG}\n\nRAZUVAEV")
    assert ("4471",) == facts.cipher_numbers


def test_range_in_a_cipher_label_is_spelled_out() -> None:
    """"CABLE Nº 731-732" is the label of a cable in two parts, numbered 731 and 732."""
    facts = _body(f"CABLE Nº 731-732\n\n{LONG}\n\nROSHCHIN")
    assert ("731", "732") == facts.cipher_numbers


def test_label_of_several_telegrams_lists_their_numbers() -> None:
    """"CIPHERED TELEGRAMS NºNº 2210, 2211" labels two telegrams; a date after a label's
    number is no number of it."""
    two = _body(f"CIPHERED TELEGRAMS NºNº 2210, 2211\n\n{LONG}\n\nLEBEDEV")
    dated = _body(f"CIPHERED TELEGRAM No. 2212, 5 March 1951\n\n{LONG}\n\nLEBEDEV")
    assert (("2210", "2211"), ("2212",)) == (two.cipher_numbers, dated.cipher_numbers)


def test_number_under_a_label_alone_or_a_document_heading() -> None:
    """"No. N" under a cipher label alone on its line ("Ciphergram") is the cipher number;
    under a document's own heading ("DIRECTIVE") it is the document's number, not one."""
    label = _body(f"Ciphergram\nNo. 318\n\n{LONG}\n\nLEBEDEV")
    directive = _body(f"DIRECTIVE\nNo. 319\n\n{LONG}\n\nLEBEDEV")
    assert (("318",), ()) == (label.cipher_numbers, directive.cipher_numbers)


# -- body: distribution --------------------------------------------------------------------

def test_numbered_entries_of_a_copies_list() -> None:
    """"Copies: 1 - Cde. X, 2 - file": the leading numbers are copy numbers, one copy each."""
    facts = _body(f"{LONG}\n\nPETROV\n\nCopies: 1 - Cde. Lebedev, 2 - Cde. Ignatiev, 3 - file")
    assert [("Cde. Lebedev", 1), ("Cde. Ignatiev", 1)] == _entries(facts)


def test_copy_line_with_a_dash_for_to() -> None:
    """"Copy Nº 1 - Cde. X" is read like "Copy Nº 1 to Cde. X"."""
    facts = _body(f"{LONG}\n\nPETROV\n\nCopy Nº 1 - Cde. Malenkov\nCopy Nº 2 - Cde. Beria\nThree copies printed")
    assert ([("Cde. Malenkov", 1), ("Cde. Beria", 1)], 3) == (_entries(facts), facts.declared_copies)


def test_run_of_numbered_copy_lines() -> None:
    """Numbered copy lines at the foot ("1 - Cde. X" / "2 - to Cde. Y" / "3 - file") give one
    copy per person; "Printed 3 copies:" over them is the total, and the signature above
    them still signs."""
    facts = _body(f"{LONG}\n\nFEDORENKO\n\nPrinted 3 copies:\n1 - Cde. Suslov M.A.\n2 - to Cde. Molotov\n3 - file")
    assert ([("Cde. Suslov M.A", 1), ("Cde. Molotov", 1)], 3, ("FEDORENKO",)) == \
        (_entries(facts), facts.declared_copies, facts.signatures)


def test_single_numbered_line_is_no_copy_list() -> None:
    """One line "1 - X" alone is not a list of copies."""
    facts = _body(f"{LONG}\n\n1 - Cde. Suslov\n\nPETROV")
    assert [] == _entries(facts)


def test_printed_copies_without_in_is_a_total_after_a_signature() -> None:
    """"Printed 8 copies" states the total, and may follow a signature (here a cover name)."""
    facts = _body(f"{LONG}\n\nFYN-SI\n\nPrinted 8 copies")
    assert (8, ("FYN-SI",)) == (facts.declared_copies, facts.signatures)


# -- body: signatures ----------------------------------------------------------------------

def test_unannounced_quote_is_signed_by_its_last_line() -> None:
    """A quoted text no line announces as a message ("Pass on ... the following:") is signed
    by a name alone on its last line; letter-spaced words are read as words."""
    facts = _body(f"To ROSHCHIN\n\nPass on to Comrade MAO ZEDONG orally the following:\n\n\"{LONG}\n\n"
                  "F E N G   X I\"\n\nReport delivery.")
    assert (("FENG XI",), ()) == (facts.quoted_signatures, facts.signatures)


def test_two_letter_initials_before_a_signature() -> None:
    """"KH. CHOIBALSAN": initials of two letters lead a signature in capitals."""
    facts = _body(f"{LONG}\n\nKH. CHOIBALSAN\n\n2.III.51")
    assert ("KH. CHOIBALSAN",) == facts.signatures


# -- body: requests ------------------------------------------------------------------------

def test_request_named_not_made_does_not_ask() -> None:
    """"In connection with the request of X, the Ministry considers it advisable:" names a
    request but makes none: the list after it is not of requests; a line that also asks
    ("..., we ask you, Comrade X, to send the following:") still does."""
    named = split_lines("In connection with the request of the Polish Government, the Ministry considers "
                        "it advisable:\n1. To send 20 specialists.\n")
    asked = split_lines("In connection with the request of the Polish Government, we ask you, Comrade "
                        "Molotov, to send the following:\n1. 20 specialists.\n")
    assert (0, 1) == (len(requests(named)), len(requests(asked)))


def test_orders_as_a_verb_do_not_ask() -> None:
    """"the High Command orders:" commands; "our orders:" (purchase orders) still ask."""
    commands = split_lines("The High Command orders:\n1. To move 2 divisions north.\n")
    orders = split_lines("We list our orders:\n1. 40 lorries.\n")
    assert (0, 1) == (len(requests(commands)), len(requests(orders)))


def test_model_designation_is_part_of_the_unit() -> None:
    """"60 IS-2 tanks": the number of a model's designation is no quantity; it opens the unit."""
    assert [(60, 60, "is-2 tanks")] == [(q.low, q.high, q.unit) for q in parse_quantities("to deliver 60 IS-2 tanks")]


def test_verb_after_the_unit_ends_it() -> None:
    """"That 5,000 recruits reach the front": a word followed by "the" is a verb, not the unit."""
    assert [(5000, 5000, "recruits")] == [(q.low, q.high, q.unit)
                                          for q in parse_quantities("That 5,000 recruits reach the front")]


def test_rate_after_the_unit_is_left_out() -> None:
    """"50 tons of coal a month": the rate is not part of the unit, "of coal" is."""
    assert [(50, 50, "tons of coal")] == [(q.low, q.high, q.unit)
                                          for q in parse_quantities("to send 50 tons of coal a month")]


def _record(title: str, body: str) -> str:
    return (f"\n\nMarch 2, 1951\n\n{title}\n\nCitation:\n\n\"{title}\", March 2, 1951, Wilson Center "
            "Digital Archive, APRF, f. 1, op. 2, d. 3, l. 4.\n\nSummary:\n\nWritten for testing coldwar-kg."
            f"\n\nContents:\n\n{body}\n")


def test_quoted_signature_signs_the_relayed_message() -> None:
    """"A to B (via C)" with a quoted text no line announces: its signature (a cover name)
    signs A's message carried by C, not C's own."""
    body = f"CIPHERED TELEGRAM No. 5120\n\nPass on to Comrade MAO ZEDONG the following:\n\n\"{LONG}\n\nFILIPPOV\""
    message = wilson.parse_text(_record("Ciphered Telegram, Stalin to Mao Zedong (via Roshchin)", body),
                                "relayed.txt").message
    assert ((), ("FILIPPOV",)) == (message.signed_as, message.transmits[0].signed_as)


def test_quoted_signature_signs_the_carried_message() -> None:
    """"A to B, transmitting a message from D": the quoted message's signature signs the
    carried message, the signature below the quote the carrier."""
    body = (f"CIPHERED TELEGRAM No. 5121\n\nI transmit the message of Mao Zedong:\n\n\"{LONG}\n\n"
            "MAO ZEDONG\"\n\nROSHCHIN")
    message = wilson.parse_text(_record("Telegram from Roshchin to Stalin, transmitting a Message from "
                                        "Mao Zedong", body), "carried.txt").message
    assert (("ROSHCHIN",), ("MAO ZEDONG",)) == (message.signed_as, message.transmits[0].signed_as)
