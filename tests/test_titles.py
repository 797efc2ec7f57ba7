"""The title grammar (kg/sources/titles/, its rules in title.lark): the archive's title list,
one test per construction, the grammar file itself, and robustness on arbitrary text.

Titles quoted inline are real archive titles from ``titles.jsonl`` unless a test's
docstring says they were written for testing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.sources.titles import TitleParse, TitleParty, _parse, parse_title
from kg.sources.titles.grammar import GRAMMAR_FILE, title_parser

# -- light normalisation of names for comparing with the gold keys ------------------------
#: Misspellings and case forms seen in the title list; the real resolver is kg.mapping.authority.
ALIASES = {
    "shitykov": "shtykov", "shtytkov": "shtykov", "poskrebyshevu": "poskrebyshev",
    "roschin": "roshchin", "vyshinskyy": "vyshinsky", "mao": "mao zedong",
    "shicai sheng": "sheng shicai", "vasil'yev": "vasilyev", "pak hon yong": "pak heon-yeong",
    "nikolai bulganin": "bulganin",
}
KIND_TO_GOLD = {"CipheredTelegram": "Telegram", "Telegram": "Telegram", "Cable": "Cable",
                "Letter": "Letter", "Note": "Note", "Memorandum": "Memorandum", "Report": "Report",
                "RecordOfConversation": "Conversation", None: "Other"}


def norm(name: str) -> str:
    """Fold case, drop honorifics and initials, then apply ALIASES."""
    text = re.sub(r"\b(?:comrade|cdes?\.|comr\.)\s*", "", name.lower())
    text = re.sub(r"(?:\b[a-z][a-z]?\.)+", "", text)       # I.V. / A.Ia. before or after
    text = " ".join(text.split())
    return ALIASES.get(text, text)


def names(parties: tuple[TitleParty, ...]) -> list[str]:
    return [norm(p.name) for p in parties]


def gold_titles() -> list[dict]:
    import os
    corpus = os.environ.get("KG_CORPUS")
    path = Path(corpus or "/nonexistent") / "wilson" / "titles.jsonl"
    if not path.is_file():
        return [pytest.param(None, id="no-corpus")]
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [pytest.param(g, id=f"t{n:02d}") for n, g in enumerate(lines)]


def parse_summary(t: TitleParse) -> dict:
    """The parse in the gold's vocabulary."""
    return {
        "kind": KIND_TO_GOLD[t.kind],
        "cipher_numbers": list(t.cipher_numbers),
        "senders": names(t.senders),
        "recipients": names(t.recipients),
        "via": names(t.via),
        "for": names(t.for_),
        "transmits": [{"senders": names(m.senders), "recipients": names(m.recipients)} for m in t.transmits],
        "participants": names(t.participants),
        "correspondence": t.correspondence,
        "signed_as": {norm(p.name): p.cover_key for p in (*t.senders, *t.recipients) if p.cover_key},
    }


# -- (1) the archive's title list ----------------------------------------------------------
@pytest.mark.corpus
@pytest.mark.parametrize("gold", gold_titles())
def test_archive_title(corpus: Path, gold: dict | None) -> None:
    """Every title of titles.jsonl parses to its gold kind, numbers, parties and covers."""
    assert gold is not None
    expected = {k: gold[k] for k in ("kind", "cipher_numbers", "via", "for", "transmits",
                                     "correspondence")}
    expected.update({k: [norm(n) for n in gold[k]] for k in ("senders", "recipients", "participants")})
    expected["signed_as"] = {norm(k): v for k, v in gold["signed_as"].items()}
    expected["via"] = [norm(n) for n in gold["via"]]
    expected["for"] = [norm(n) for n in gold["for"]]
    expected["transmits"] = [{k: [norm(n) for n in m[k]] for k in ("senders", "recipients")}
                             for m in gold["transmits"]]
    assert expected == parse_summary(parse_title(gold["title"]))


# -- (2) one test per construction ---------------------------------------------------------
def test_kind_from_head_words() -> None:
    """The head gives the kind: ciphered telegram, cable telegram, hand delivered note, ..."""
    assert "CipheredTelegram" == parse_title("Ciphered telegram, Zhou Enlai to Filippov [Stalin]").kind
    assert "Cable" == parse_title("Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong").kind
    assert "Note" == parse_title("Hand delivered note, Zhou Enlai to Stalin, conveying telegram From Mao Zedong to Zhou Enlai").kind
    assert "Letter" == parse_title("Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtytkov)").kind
    assert "Report" == parse_title("Report, Zhou Enlai to the Chairman [Mao Zedong]").kind
    assert None is parse_title("Draft Reply to Mao Zedong's Telegram from Stalin via Molotov").kind


def test_cipher_number_single() -> None:
    """"No. 709" gives one cipher number."""
    assert ("709",) == parse_title("Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong").cipher_numbers


def test_cipher_number_range() -> None:
    """"Nos. 408-410" gives every number of the range."""
    assert ("408", "409", "410") == parse_title("Cable Nos. 408-410, Shtykov to Vyshinsky (for the Politburo)").cipher_numbers


def test_cipher_number_suffix_and_list() -> None:
    """Suffixes such as /sh are dropped and listed numbers all kept (written for testing)."""
    assert ("600382", "600383") == parse_title("Telegram Nos. 600382/sh, 600383 from Shtykov to Stalin").cipher_numbers


def test_from_to() -> None:
    """"from A to B" names the sender and the addressee."""
    t = parse_title("Ciphered Telegram No. 13645 from Vyshinsky to Roschin")
    assert (["Vyshinsky"], ["Roschin"]) == ([p.name for p in t.senders], [p.name for p in t.recipients])


def test_comma_a_to_b() -> None:
    """"Head, A to B" and "Head A to B" name sender and addressee without "from"."""
    t = parse_title("Cable, Mao Zedong to Stalin")
    assert (["Mao Zedong"], ["Stalin"]) == ([p.name for p in t.senders], [p.name for p in t.recipients])
    t = parse_title("Telegram Shtykov to Vyshinsky on a Luncheon at the Ministry of Foreign Affairs of the DPRK")
    assert (["Shtykov"], ["Vyshinsky"]) == ([p.name for p in t.senders], [p.name for p in t.recipients])


def test_letter_of() -> None:
    """"Letter of A to B": "of" after the head names the writer."""
    t = parse_title("Letter of Governor Shicai Sheng to Cdes. Stalin, Molotov, and Voroshilov")
    assert ["Shicai Sheng"] == [p.name for p in t.senders]


def test_several_addressees_and_or_commas() -> None:
    """Addressees joined by "and", "or" and commas are all recipients."""
    t = parse_title("Letter of Governor Shicai Sheng to Cdes. Stalin, Molotov, and Voroshilov")
    assert ["Stalin", "Molotov", "Voroshilov"] == [p.name for p in t.recipients]
    t = parse_title("Telegram from Shtykov to Gromyko and Stalin")
    assert ["Gromyko", "Stalin"] == [p.name for p in t.recipients]
    t = parse_title("Telegram from Shtykov to Gromyko or Vyshinsky")  # written for testing
    assert ["Gromyko", "Vyshinsky"] == [p.name for p in t.recipients]


def test_several_senders() -> None:
    """Senders joined by "and" are all senders (written for testing)."""
    t = parse_title("Telegram from Kim Il Sung and Pak Hon Yong to Stalin")
    assert ["Kim Il Sung", "Pak Hon Yong"] == [p.name for p in t.senders]


def test_via_bare() -> None:
    """"A to B via C" names C as relay."""
    assert ["Roshchin"] == [p.name for p in parse_title("Ciphered Telegram No. 3172, Stalin to Zhou Enlai via Roshchin").via]


def test_via_in_parentheses() -> None:
    """"(via C)" names C as relay and leaves the addressee list alone."""
    t = parse_title("Ciphered Telegram, Filippov [Stalin] to Mao Zedong and Zhou Enlai (via Roshchin)")
    assert (["Roshchin"], ["Mao Zedong", "Zhou Enlai"]) == ([p.name for p in t.via], [p.name for p in t.recipients])


def test_via_in_brackets_after_each_party() -> None:
    """"[via C]" after the sender and after the addressee are both relays."""
    t = parse_title("Cable, Stalin [via Kuznetsov] to Mao Zedong [via Terebin]")
    assert (["Stalin"], ["Mao Zedong"], ["Kuznetsov", "Terebin"]) == (
        [p.name for p in t.senders], [p.name for p in t.recipients], [p.name for p in t.via])
    assert None is t.senders[0].cover


def test_via_after_subject_phrase() -> None:
    """A bracketed relay after a subject phrase is still read (written for testing)."""
    t = parse_title("Telegram from Stalin to Mao Zedong regarding the Armistice (via Roshchin)")
    assert ["Roshchin"] == [p.name for p in t.via]


def test_for_after_comma() -> None:
    """", for X" names the ultimate addressee."""
    assert ["Mao Zedong"] == [p.name for p in parse_title("Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong").for_]


def test_for_in_parentheses_drops_article() -> None:
    """"(for the Politburo)" names the Politburo as ultimate addressee."""
    assert ["Politburo"] == [p.name for p in parse_title("Cable Nos. 408-410, Shtykov to Vyshinsky (for the Politburo)").for_]


def test_transmitting_message_with_parties() -> None:
    """"transmitting a Message from A to B" is an embedded message with its own parties."""
    t = parse_title("Ciphered Telegram No. 50333, Terebin to Kuznetsov, transmitting a Message from Mao Zedong to Stalin")
    assert [("Message", ["Mao Zedong"], ["Stalin"])] == [
        (m.kind, [p.name for p in m.senders], [p.name for p in m.recipients]) for m in t.transmits]
    assert ["Kuznetsov"] == [p.name for p in t.recipients]


def test_conveying_telegram() -> None:
    """"conveying telegram From A to B" (capital From) is an embedded telegram."""
    t = parse_title("Hand delivered note, Zhou Enlai to Stalin, conveying telegram From Mao Zedong to Zhou Enlai")
    assert [("Telegram", ["Mao Zedong"], ["Zhou Enlai"])] == [
        (m.kind, [p.name for p in m.senders], [p.name for p in m.recipients]) for m in t.transmits]


def test_containing_message_sender_only() -> None:
    """"containing a message from A" has a sender and no addressee."""
    t = parse_title("Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong")
    assert [(["Mao Zedong"], [])] == [([p.name for p in m.senders], [p.name for p in m.recipients]) for m in t.transmits]


def test_relaying_letter_in_name() -> None:
    """"Relaying a Letter from A in B's Name": B is the letter's addressee."""
    t = parse_title("Telegram from Gromyko to Poskrebyshevu, Relaying a Letter from Kim Il Sung in Stalin's Name")
    assert [("Letter", ["Kim Il Sung"], ["Stalin"])] == [
        (m.kind, [p.name for p in m.senders], [p.name for p in m.recipients]) for m in t.transmits]


def test_transmitting_to_before_from() -> None:
    """"Transmitting a Letter to B from A": either order."""
    t = parse_title("Ciphered Telegram from Shtykov to Fyn-Si [Stalin], Transmitting a Letter to Stalin from Kim Il Sung")
    assert [(["Kim Il Sung"], ["Stalin"])] == [([p.name for p in m.senders], [p.name for p in m.recipients]) for m in t.transmits]


def test_transmitting_dated_message_with_second_message() -> None:
    """A dated embedded message and a second one joined by "with ... Message"."""
    t = parse_title("Telegram from Mao Zedong to I.V. Stalin, transmitting 14 January 1951 Message from Mao to Peng Dehuai with Message from Kim Il Sung")
    assert [(["Mao"], ["Peng Dehuai"]), (["Kim Il Sung"], [])] == [
        ([p.name for p in m.senders], [p.name for p in m.recipients]) for m in t.transmits]


def test_possessive_embedded_sender() -> None:
    """"transmitting A's Letter to B" names A as the letter's writer (written for testing)."""
    t = parse_title("Telegram from Shtykov to Stalin, transmitting Kim Il Sung's Letter to Stalin")
    assert [(["Kim Il Sung"], ["Stalin"])] == [([p.name for p in m.senders], [p.name for p in m.recipients]) for m in t.transmits]


def test_carried_message_only_becomes_the_parties() -> None:
    """With no writer of its own, the carried message's parties are sender and addressee."""
    t = parse_title("Cable with Message from Mao Zedong to Stalin")
    assert (["Mao Zedong"], ["Stalin"], ()) == ([p.name for p in t.senders], [p.name for p in t.recipients], t.transmits)


def test_cover_name_in_brackets() -> None:
    """"Filippov [Stalin]": the real name in the bracket, the cover outside."""
    p = parse_title("Ciphered Telegram No. 4159 from Filipov [Stalin] to Kovalev").senders[0]
    assert ("Stalin", "Filipov", "Filippov") == (p.name, p.cover, p.cover_key)


def test_cover_name_in_parentheses() -> None:
    """"Feng Xi (Stalin)": parentheses work like brackets."""
    p = parse_title("Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtytkov)").senders[0]
    assert ("Stalin", "Feng Xi", "Feng Xi") == (p.name, p.cover, p.cover_key)


def test_cover_name_inside_bracket() -> None:
    """"Stalin [Kuznetsov]": the real name outside, the cover inside."""
    p = parse_title("Cable, Stalin [Kuznetsov] to Mao Zedong [via Terebin]").senders[0]
    assert ("Stalin", "Kuznetsov", "Kuznetsov") == (p.name, p.cover, p.cover_key)


def test_kuznetsov_alone_is_a_person() -> None:
    """Kuznetsov without a bracketed Stalin is the person of that name."""
    p = parse_title("Cable, Terebin to Stalin [via Kuznetsov]").via[0]
    assert ("Kuznetsov", None) == (p.name, p.cover)


def test_cover_misspellings() -> None:
    """Fyn-Si and Flilippov are normalised to the cover names Feng Xi and Filippov."""
    assert "Feng Xi" == parse_title("Ciphered Telegram from Shtykov to Fyn-Si [Stalin], Transmitting a Letter to Stalin from Kim Il Sung").recipients[0].cover_key
    assert "Filippov" == parse_title("Cable No. 3582 from Flilippov [Stalin] to Cde. Mao Zedong").senders[0].cover_key


def test_office_in_brackets() -> None:
    """"the Chairman [Mao Zedong]" is Mao Zedong, not a cover name."""
    p = parse_title("Report, Zhou Enlai to the Chairman [Mao Zedong]").recipients[0]
    assert ("Mao Zedong", None) == (p.name, p.cover)


def test_honorifics_stripped() -> None:
    """Comrade, Cde. and Cdes. are dropped from names."""
    assert ["Stalin"] == [p.name for p in parse_title("Ciphered Telegram, Shtykov to Comrade Stalin").recipients]
    assert ["Mao Zedong"] == [p.name for p in parse_title("Letter from Cde. Mao Zedong to Cde. Filippov [Stalin] via Kovalev").senders]
    assert ["Vasilevsky", "Vyshinsky"] == [p.name for p in parse_title(
        "Ciphered Telegram No. 502597, Razuvaev to Cdes. Vasilevsky and Vyshinsky, transmitting message from Kim Il Sung to I.V. Stalin").recipients]


def test_offices_stripped() -> None:
    """"Soviet Defense Minister A.M. Vasilevsky" is A.M. Vasilevsky."""
    assert ["A.M. Vasilevsky"] == [p.name for p in parse_title("Telegram from Soviet Defense Minister A.M. Vasilevsky to Stalin").senders]
    t = parse_title("Telegram from Minister of Foreign Affairs A.Ia. Vyshinsky to Shtykov")  # written for testing
    assert ["A.Ia. Vyshinsky"] == [p.name for p in t.senders]


def test_initials_either_order() -> None:
    """"I.V. Stalin" and "STALIN I.V." keep their initials for the resolver (written for testing)."""
    assert ["I.V. Stalin"] == [p.name for p in parse_title("Telegram, A. Gromyko to Cde. I.V. Stalin").recipients]
    t = parse_title("Ciphered Telegram from Shtykov to STALIN I.V.")
    assert ["STALIN I.V."] == [p.name for p in t.recipients]


def test_initials_after_comma_stay_with_their_name() -> None:
    """"Stalin, I.V., Molotov" is two addressees, not three (written for testing)."""
    t = parse_title("Telegram from Shtykov to Stalin, I.V., Molotov and Malenkov")
    assert ["Stalin I.V.", "Molotov", "Malenkov"] == [p.name for p in t.recipients]
    assert "Stalin, I.V." == t.recipients[0].printed


def test_office_alone_is_kept() -> None:
    """A party named only by office keeps the office words (written for testing)."""
    t = parse_title("Telegram from Stalin to the Soviet Ambassador in Beijing")
    assert (["Soviet Ambassador"], ("Beijing",)) == ([p.name for p in t.recipients], t.places)


def test_place_apposition() -> None:
    """"Roshchin in Beijing to ...": the place is not a party and the clause goes on (written for testing)."""
    t = parse_title("Telegram from Roshchin in Beijing to Filippov [Stalin]")
    assert (["Roshchin"], ["Stalin"], ("Beijing",)) == (
        [p.name for p in t.senders], [p.name for p in t.recipients], t.places)


def test_bracketed_remark_skipped() -> None:
    """A bracket that is neither cover, via nor for is skipped (written for testing)."""
    t = parse_title("Telegram from Stalin [sic] to Mao Zedong")
    assert (["Stalin"], ["Mao Zedong"]) == ([p.name for p in t.senders], [p.name for p in t.recipients])


def test_bodies_kept_as_named() -> None:
    """Bodies keep their words, less a leading article."""
    assert ["USSR Council of Ministers"] == [p.name for p in parse_title("Telegram from Shtykov to USSR Council of Ministers").recipients]
    t = parse_title("Cable, 8th Directorate of the USSR Armed Forces General Staff to Cdes. Shtykov and Vasil'yev")
    assert ["8th Directorate of the USSR Armed Forces General Staff"] == [p.name for p in t.senders]


def test_place_after_from_is_not_a_party() -> None:
    """"Telegram from Pyongyang" names a place, not a sender (written for testing)."""
    t = parse_title("Telegram from Pyongyang to Stalin")
    assert ((), ["Stalin"], ("Pyongyang",)) == (t.senders, [p.name for p in t.recipients], t.places)


def test_subject_phrase_names_are_not_parties() -> None:
    """Names in "on ...", "regarding ...", ", approved by ..." and ", Plans for ..." are not parties."""
    t = parse_title("Telegram Shtykov to Vyshinsky on a Luncheon at the Ministry of Foreign Affairs of the DPRK")
    assert (["Vyshinsky"], "on a Luncheon at the Ministry of Foreign Affairs of the DPRK") == (
        [p.name for p in t.recipients], t.rest)
    t = parse_title("Telegram from Gromyko to Shtykov, approved by CC Politburo")
    assert ["Shtykov"] == [p.name for p in t.recipients]
    t = parse_title("Telegram from Shtykov to Stalin, Plans for the Offensive")  # written for testing
    assert (["Stalin"], ()) == ([p.name for p in t.recipients], t.for_)
    t = parse_title("Telegram from Shtykov to Stalin regarding Kim Il Sung")  # written for testing
    assert ["Stalin"] == [p.name for p in t.recipients]


def test_possessive_addressee() -> None:
    """"Draft Reply to A's Telegram from B via C": A is the addressee, B the writer."""
    t = parse_title("Draft Reply to Mao Zedong's Telegram from Stalin via Molotov")
    assert (["Stalin"], ["Mao Zedong"], ["Molotov"], True) == (
        [p.name for p in t.senders], [p.name for p in t.recipients], [p.name for p in t.via], t.correspondence)


def test_record_of_conversation_participants() -> None:
    """A record of conversation has participants, no sender or addressee."""
    t = parse_title("Record of a Conversation of Cde. Stalin with Kim Il Sung and Pak Heon-yeong")
    assert (False, (), (), ["Stalin", "Kim Il Sung", "Pak Heon-yeong"]) == (
        t.correspondence, t.senders, t.recipients, [p.name for p in t.participants])


def test_conversation_delegation_headed_by() -> None:
    """A delegation "headed by X" gives X; the delegation and its country are not participants."""
    t = parse_title("Notes of the Conversation between Comrade I.V. Stalin and a Governmental Delegation "
                    "from the Democratic People's Republic of Korea headed by Kim Il Sung")
    assert ["I.V. Stalin", "Kim Il Sung"] == [p.name for p in t.participants]


def test_conversation_interpreter_excluded() -> None:
    """Interpreters in brackets are not participants (written for testing)."""
    t = parse_title("Memorandum of Conversation between Mao Zedong and Soviet Ambassador Yudin (interpreter Fedorenko)")
    assert ["Mao Zedong", "Yudin"] == [p.name for p in t.participants]


def test_journal_prefix() -> None:
    """"From the Journal of X: Record of Conversation with Y": both take part (written for testing)."""
    t = parse_title("From the Journal of V.V. Kuznetsov: Record of Conversation with Mao Zedong")
    assert ("RecordOfConversation", ["V.V. Kuznetsov", "Mao Zedong"]) == (t.kind, [p.name for p in t.participants])


def test_decisions_and_headless_titles_are_not_correspondence() -> None:
    """Decisions, protocols and titles with no document word name no sender or addressee."""
    t = parse_title("The Political Situation in Korea during the Period of Military Operations")
    assert (None, False, (), ()) == (t.kind, t.correspondence, t.senders, t.recipients)
    t = parse_title("Decisions of the Politburo")  # written for testing
    assert (None, False, (), ()) == (t.kind, t.correspondence, t.senders, t.recipients)
    assert ["Politburo"] == [p.name for p in t.authors]
    t = parse_title("Decision of the CC VKP(b) Politburo to approve the draft directive to Shtykov")  # written for testing
    assert ((), ["CC VKP(b) Politburo"]) == (t.recipients, [p.name for p in t.authors])
    t = parse_title("Report on the Military Situation in Korea")  # written for testing
    assert ("Report", False) == (t.kind, t.correspondence)


def test_offsets_slice_printed() -> None:
    """Every party's printed text is title[start:end]."""
    title = "Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong"
    t = parse_title(title)
    for p in (*t.senders, *t.recipients, *t.for_):
        assert p.printed == title[p.start:p.end]
    assert "Filippov [Stalin]" == t.senders[0].printed


def test_plural_kinds_and_their_numbers() -> None:
    """A plural kind word is the kind; its number list and range are all cipher numbers (written for testing)."""
    t = parse_title("Ciphered Telegrams Nos. 4156-4157, Roshchin to Filippov [Stalin]")
    assert ("CipheredTelegram", ("4156", "4157"), ["Roshchin"], ["Stalin"]) == (
        t.kind, t.cipher_numbers, [p.name for p in t.senders], [p.name for p in t.recipients])
    t = parse_title("Cables Nos. 101, 102 and 103 from Shtykov to Vyshinsky")
    assert ("Cable", ("101", "102", "103")) == (t.kind, t.cipher_numbers)
    assert ("Letter", True) == (parse_title("Letters from Mao Zedong to Stalin").kind,
                                parse_title("Letters from Mao Zedong to Stalin").correspondence)


def test_words_before_the_kind_do_not_change_it() -> None:
    """"Outgoing", "Joint", "Three" before the kind word leave the kind (written for testing)."""
    t = parse_title("Outgoing Ciphered Telegram No. 301, Gromyko to Shtykov")
    assert ("CipheredTelegram", ("301",), ["Shtykov"]) == (t.kind, t.cipher_numbers, [p.name for p in t.recipients])
    t = parse_title("Joint Letter from Kim Il Sung and Pak Hon Yong to Stalin")
    assert ("Letter", ["Kim Il Sung", "Pak Hon Yong"]) == (t.kind, [p.name for p in t.senders])
    assert "Cable" == parse_title("Three Cables from Stalin to Mao Zedong").kind


def test_only_telegrams_have_cipher_numbers() -> None:
    """The number of a note or a protocol is not a cipher number (written for testing)."""
    assert () == parse_title("Note No. 12 from the Soviet Embassy to the DPRK Foreign Ministry").cipher_numbers
    assert () == parse_title("Protocol No. 7 of the Politburo of the CC VKP(b)").cipher_numbers


def test_bracket_completing_a_name_is_no_cover() -> None:
    """"Pak Hon [Yong]" and "[Nikita] Khrushchev" complete the name; no cover (written for testing)."""
    t = parse_title("Telegram from Pak Hon [Yong] to [Nikita] Khrushchev")
    assert (["Pak Hon Yong"], ["Nikita Khrushchev"], [None, None]) == (
        [p.name for p in t.senders], [p.name for p in t.recipients], [p.cover for p in (*t.senders, *t.recipients)])
    assert "[Nikita] Khrushchev" == t.recipients[0].printed


def test_cover_name_alone_and_misspelt() -> None:
    """A cover printed alone stands for the person it covers; a misspelt cover next to the
    bracketed real name is still the cover (written for testing)."""
    p = parse_title("Ciphered Telegram, Feng Xi to Kim Il Sung").senders[0]
    assert ("Stalin", "Feng Xi", "Feng Xi") == (p.name, p.cover, p.cover_key)
    p = parse_title("Ciphered Telegram, Roshchin to Filipppov [Stalin]").recipients[0]
    assert ("Stalin", "Filipppov", "Filippov") == (p.name, p.cover, p.cover_key)
    assert ("Filatov", None) == (parse_title("Telegram from Filatov to Stalin").senders[0].name,
                                 parse_title("Telegram from Filatov to Stalin").senders[0].cover)


def test_office_in_apposition_is_not_a_party() -> None:
    """"X, Deputy Premier and Foreign Minister of the DPRK, to Y": the offices are X's (written for testing)."""
    t = parse_title("Letter from Pak Hon Yong, Deputy Premier and Foreign Minister of the DPRK, to Vyshinsky")
    assert (["Pak Hon Yong"], ["Vyshinsky"]) == ([p.name for p in t.senders], [p.name for p in t.recipients])
    t = parse_title("Telegram from Shtykov to Stalin, Premier Kim Il Sung and Molotov")
    assert ["Stalin", "Kim Il Sung", "Molotov"] == [p.name for p in t.recipients]
    t = parse_title("Telegram, G.I. Tunkin, Chargé d'Affaires of the USSR in the DPRK, to the USSR Foreign Ministry")
    assert (["G.I. Tunkin"], ["USSR Foreign Ministry"]) == ([p.name for p in t.senders], [p.name for p in t.recipients])


def test_seated_bodies_and_posts() -> None:
    """"the Legation in Beijing" is one body; "the PRC Ambassador in Moscow X" is X (written for testing)."""
    t = parse_title("Telegram from the Czechoslovak Legation in Beijing to the Czechoslovak Foreign Ministry")
    assert (["Czechoslovak Legation in Beijing"], ["Czechoslovak Foreign Ministry"]) == (
        [p.name for p in t.senders], [p.name for p in t.recipients])
    t = parse_title("Letter from Gromyko to the PRC Ambassador in Moscow Wang Jiaxiang")
    assert ["Wang Jiaxiang"] == [p.name for p in t.recipients]


def test_office_ends_before_the_holder() -> None:
    """The office ends at its last office or body word before the holder's name (written for testing)."""
    t = parse_title("Report from the Chief Military Adviser in the KPA Razuvaev to Vasilevsky")
    assert (["Razuvaev"], True) == ([p.name for p in t.senders], t.correspondence)
    t = parse_title("Letter from Korean People's Army Commander Kim Chaek to Peng Dehuai")
    assert ["Kim Chaek"] == [p.name for p in t.senders]


def test_for_transmission_to() -> None:
    """"for Delivery to X" and "for Transmission to X" name X as ultimate addressee (written for testing)."""
    t = parse_title("Ciphered Telegram, Stalin to Roshchin, for Delivery to Mao Zedong")
    assert (["Roshchin"], ["Mao Zedong"]) == ([p.name for p in t.recipients], [p.name for p in t.for_])


def test_two_carried_messages_joined_by_and() -> None:
    """"transmitting a Letter from A to B and a Reply from B": two messages (written for testing)."""
    t = parse_title("Cable, Roshchin to Stalin, transmitting a Letter from Mao Zedong to Kim Il Sung and a Reply from Kim Il Sung")
    assert [("Letter", ["Mao Zedong"], ["Kim Il Sung"]), ("Message", ["Kim Il Sung"], [])] == [
        (m.kind, [p.name for p in m.senders], [p.name for p in m.recipients]) for m in t.transmits]


def test_plural_possessive_stays_in_the_name() -> None:
    """"Workers' Party" is one name with its apostrophe (written for testing)."""
    t = parse_title("Telegram from Shtykov to the Central Committee of the Korean Workers' Party")
    assert ["Central Committee of the Korean Workers' Party"] == [p.name for p in t.recipients]


def test_conversation_heads_and_groups() -> None:
    """"Discussion between" is a conversation; "a Delegation of X" is a group (written for testing)."""
    t = parse_title("Discussion between Mao Zedong and Yudin on the Korean Question")
    assert ("RecordOfConversation", ["Mao Zedong", "Yudin"]) == (t.kind, [p.name for p in t.participants])
    t = parse_title("Record of Conversation between Stalin and a Delegation of the Chinese Communist Party")
    assert ["Stalin"] == [p.name for p in t.participants]


def test_journal_excerpt_and_journal_alone() -> None:
    """The journal's writer takes part in its conversation; a journal alone has an author (written for testing)."""
    t = parse_title("Excerpt from the Journal of V.V. Kuznetsov, Conversation with Kim Il Sung")
    assert ("RecordOfConversation", ["V.V. Kuznetsov", "Kim Il Sung"]) == (t.kind, [p.name for p in t.participants])
    t = parse_title("From the Diary of V.V. Kuznetsov for 3 May 1953")
    assert ((), ["V.V. Kuznetsov"]) == (t.participants, [p.name for p in t.authors])


def test_possessive_head_gives_the_kind() -> None:
    """"Stalin's Telegram to Mao Zedong": the writer's document word is the kind (written for testing)."""
    t = parse_title("Stalin's Telegram to Mao Zedong")
    assert ("Telegram", ["Stalin"], ["Mao Zedong"]) == (
        t.kind, [p.name for p in t.senders], [p.name for p in t.recipients])


def test_subject_titles_name_no_roles() -> None:
    """A subject, a verb after "to", a participle after the addressee open no role (written for testing)."""
    t = parse_title("Soviet Economic Aid to Korea, 1949-1953")
    assert ((), (), False) == (t.senders, t.recipients, t.correspondence)
    t = parse_title("Politburo Decision to Approve a Telegram to Shtykov")
    assert ((), ()) == (t.senders, t.recipients)
    t = parse_title("Telegram from Kim Il Sung to Stalin Requesting Arms")
    assert (["Stalin"], "Requesting Arms") == ([p.name for p in t.recipients], t.rest)


def test_unknown_place_before_the_addressee() -> None:
    """"X in Berlin to Y": the writer's seat is a place even when not a known one (written for testing)."""
    t = parse_title("Cable from Molotov in Berlin to Malenkov")
    assert (["Molotov"], ["Malenkov"], ("Berlin",)) == (
        [p.name for p in t.senders], [p.name for p in t.recipients], t.places)
    t = parse_title("Cable from Molotov in Berlin regarding the Conference")
    assert ((), "in Berlin regarding the Conference") == (t.places, t.rest)


def test_list_comma_before_a_subject_phrase_ends_the_list() -> None:
    """A name after a comma not followed by a list separator is a subject phrase (written for testing)."""
    t = parse_title("Telegram from Shtykov to Stalin, Kim Il Sung regarding the Offensive")
    assert (["Stalin"], "Kim Il Sung regarding the Offensive") == ([p.name for p in t.recipients], t.rest)


# -- (3) the grammar file -------------------------------------------------------------------
def _grammar_text() -> str:
    from importlib import resources
    return resources.files("kg.sources.titles").joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")


def test_grammar_file_ships_and_loads() -> None:
    """title.lark is package data (pyproject) and builds an LALR parser with both start rules."""
    import tomllib
    data = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert "sources/titles/*.lark" in data["tool"]["setuptools"]["package-data"]["kg"]
    parser = title_parser()
    assert ("lalr", ["title", "mod_inner"]) == (parser.options.parser, parser.options.start)


def test_every_rule_is_reachable_and_documented() -> None:
    """Every rule of title.lark is reachable from a start rule and has an example in the comment above it."""
    rules = title_parser().rules
    uses: dict[str, set[str]] = {}
    for rule in rules:
        uses.setdefault(rule.origin.name, set()).update(s.name for s in rule.expansion if not s.is_term)
    reached, todo = set(), ["title", "mod_inner"]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo.extend(uses.get(name, ()))
    lines = _grammar_text().splitlines()
    defined = [(n, m.group(1)) for n, line in enumerate(lines) if (m := re.match(r"^(\w+):", line))]
    assert [] == [name for _, name in defined if name not in reached and not name.startswith("_")]
    undocumented = []
    for n, name in defined:
        block = []
        for line in reversed(lines[:n]):
            if not line.strip():
                break
            block.append(line)
        if not any(line.startswith("//") and '"' in line for line in block):
            undocumented.append(name)
    assert [] == undocumented


def test_every_terminal_is_made_by_the_lexer() -> None:
    """Each terminal the grammar declares is a name the lexer gives (no terminal the grammar waits for in vain)."""
    import inspect

    from kg.sources.titles import lexer
    source = inspect.getsource(lexer)
    declared = {t for line in _grammar_text().splitlines() if line.startswith("%declare") for t in line.split()[1:]}
    assert set() == {t for t in declared if f'"{t}"' not in source}


def test_long_title_reads_in_linear_time() -> None:
    """A title of 20,000 list commas and a title of 20,000 brackets read well within a second each (written for testing)."""
    import time
    for title in ("Telegram from Stalin" + ", Stalin" * 999 + " to Mao", "(" * 20_000, "," * 20_000,
                  "Telegram to " + "A. " * 5_000):
        start = time.perf_counter()
        parse_title(title)
        assert time.perf_counter() - start < 2.0


# -- (4) robustness -------------------------------------------------------------------------
def all_parties(t: TitleParse) -> list[TitleParty]:
    return [*t.senders, *t.recipients, *t.via, *t.for_, *t.participants, *t.authors,
            *(p for m in t.transmits for p in (*m.senders, *m.recipients))]


_WORDS = st.sampled_from(["Telegram", "Ciphered", "Cable", "Letter", "Record", "of", "a", "Conversation",
                          "from", "to", "via", "for", "and", "or", ",", "(", ")", "[", "]", "No.", "Nos.",
                          "408-410", "709", "Stalin", "Filippov", "Kuznetsov", "Cde.", "I.V.", "the",
                          "transmitting", "with", "Message", "in", "Stalin's", "Name", "headed", "by",
                          "From", "Journal", ":", "Pyongyang", "Chairman", "Mao", "Zedong's", "#", "'s"])


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(_WORDS, max_size=20).map(" ".join)))
def test_parser_never_raises_and_offsets_slice(title: str) -> None:
    """On any text the grammar (without its safety net) returns a parse whose offsets slice the title."""
    t = _parse(title)
    for p in all_parties(t):
        assert p.printed == title[p.start:p.end]
    assert isinstance(parse_title(title), TitleParse)
