"""General rules of the title grammar and the body reader added after the third
independent evaluation: one test per rule, each with a small input of its own.

Every title and text here was written for testing coldwar-kg; none is archive text, and
none is taken from an evaluation set.
"""

from __future__ import annotations

from kg.sources.body import parse_quantities
from kg.sources.body.requests import requests
from kg.sources.text import split_lines
from kg.sources.titles import parse_title


def _names(parties: tuple) -> list[str]:
    return [p.name for p in parties]


def _units(text: str) -> list[tuple[int, int, str]]:
    return [(q.low, q.high, q.unit) for q in parse_quantities(text)]


# -- titles --------------------------------------------------------------------------------

def test_seat_after_a_named_holder_is_a_place() -> None:
    # "Ambassador X in <city>": the city is where X sits, not part of X's name
    t = parse_title("Cable from Ambassador Panyushkin in Washington to Vyshinsky")
    assert _names(t.senders) == ["Panyushkin"]
    assert _names(t.recipients) == ["Vyshinsky"]
    assert "Washington" in t.places
    # the post's own seat still belongs to it: "the DPRK Ambassador in Moscow Ju Yeong-ha"
    t = parse_title("Letter from the DPRK Ambassador in Moscow Ju Yeong-ha to Molotov")
    assert _names(t.senders) == ["Ju Yeong-ha"]


def test_memorandum_without_addressee_is_no_correspondence() -> None:
    # like a report, a memorandum naming no addressee is a paper: its writer is no sender
    t = parse_title("Memorandum by Ambassador Panyushkin on the Trade Talks")
    assert t.kind == "Memorandum"
    assert not t.correspondence
    assert t.senders == () and t.recipients == ()
    assert _names(t.authors) == ["Panyushkin"]
    # with an addressee it stays correspondence
    t = parse_title("Memorandum from Malik to Vyshinsky on the Trade Talks")
    assert t.correspondence
    assert _names(t.senders) == ["Malik"] and _names(t.recipients) == ["Vyshinsky"]


def test_for_before_a_subject_noun_is_a_purpose() -> None:
    # "for the Talks with X" says what the instructions are for, names no party
    t = parse_title("Instructions to Malik for the Negotiations with Acheson")
    assert _names(t.recipients) == ["Malik"]
    assert t.for_ == ()
    assert t.rest.startswith("for the Negotiations")


def test_occasion_after_the_kind_word_is_no_party() -> None:
    # "Telegram of Greetings from A to B": the greetings are the telegram's occasion
    t = parse_title("Telegram of Greetings from Ho Chi Minh to Malenkov")
    assert t.kind == "Telegram"
    assert _names(t.senders) == ["Ho Chi Minh"]
    assert _names(t.recipients) == ["Malenkov"]


def test_single_word_after_a_conversation_list_is_its_place() -> None:
    # "between A and B, <city>, <date>": the city is where they met, not a participant
    t = parse_title("Record of Conversation between Gromyko and Lange, Warsaw, 4 May 1955")
    assert _names(t.participants) == ["Gromyko", "Lange"]
    assert "Warsaw" in t.places


def test_office_before_a_bare_comma_is_the_names_apposition() -> None:
    # "from <office>, <name>, to ...": one writer, named after the office
    t = parse_title("Telegram from the Premier of the State Council of the PRC, Zhou Enlai, to Bulganin")
    assert _names(t.senders) == ["Zhou Enlai"]
    assert _names(t.recipients) == ["Bulganin"]


# -- requests ------------------------------------------------------------------------------

def test_unit_keeps_an_of_the_complement_in_lower_case() -> None:
    assert _units("1. To admit 12 students of the agricultural academy.") == [
        (12, 12, "students of the agricultural academy")]
    # a capitalised adjective leading a lower-case noun is part of it, and the unit may run
    # past five words
    assert _units("to grant visas to 9 members of the Polish theatre troupe.") == [
        (9, 9, "members of the polish theatre troupe")]
    # an all-capitalised complement is a body the people come from, not part of the unit
    assert _units("to send 3 officers of the Operations Directorate to the front.") == [
        (3, 3, "officers")]


def test_someone_elses_request_answered_is_no_asking_line() -> None:
    # "In reply to your request, we inform you:" answers a request; the list is no request
    text = ("In reply to your request, the Soviet Government informs you:\n"
            "1. 40 tractors will be shipped in June.\n"
            "We ask you:\n"
            "1. To send 6 agronomists to Moscow.\n")
    found = requests(split_lines(text))
    assert [r.text for r in found] == ["To send 6 agronomists to Moscow."]
