"""Identity in the mapping: no agent without a name, one person per person in a FRUS volume,
office titles checked against the office tables, and the identities report.

The records here are written for testing coldwar-kg (heads and signatures in the shape FRUS
prints them); none is archive text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, SKOS

from kg.mapping.authority import ResolveContext
from kg.mapping.mapper import map_record
from kg.mapping.names import not_a_name
from kg.namespace import CW
from kg.pipeline import build
from kg.publish.identities import identities
from kg.records import Message, NameRef, PartialDate, SourceRecord, Span

VOLUME = "frus1964-68v29p1"
DAY = PartialDate(1965, 3, 4)
#: Persons lists in the form FRUS prints them (written for testing coldwar-kg; the names are
#: those of the volumes' real lists).
LISTS = {
    "frus1961-63v06": (("p_RD1", "Rusk, Dean"), ("p_KJF1", "Kennedy, John F."),
                       ("p_KNS1", "Khrushchev, Nikita S.")),
    "frus1961-63v12": (("p_BM1", "Bundy, McGeorge"), ("p_BWP1", "Bundy, William P."),
                       ("p_RD1", "Rusk, Dean")),
}


def _record(title: str, senders=(), addressees=(), signed=(), volume: str | None = VOLUME,
            date: PartialDate | None = DAY, key: str = "d9001",
            participants=(), archive: str = "frus") -> SourceRecord:
    """A FRUS-shaped record written for testing coldwar-kg: the title is the text, and every
    party is a NameRef whose span points at its words in the title."""
    def ref(item):
        printed, at, ref_id = (item + (None,))[:3] if isinstance(item, tuple) else (item, None, None)
        start = title.index(at if at else printed)
        return NameRef(printed, 1, "person", Span(start, start + len(at or printed)), ref_id=ref_id)

    message = Message(part="", kind="Memorandum", senders=tuple(ref(s) for s in senders),
                      addressees=tuple(ref(a) for a in addressees), signed_as=tuple(signed),
                      participants=tuple(ref(p) for p in participants))
    return SourceRecord(source_file=f"{volume or 'x'}.xml", sha256="0" * 64, reader="test", reader_version="0",
                        archive=archive, key=f"{volume}-{key}" if volume else key, title=title,
                        message=message, date=date, text=title, volume=volume,
                        volume_persons=LISTS.get(volume or "", ()))


def _roles(mapped, prop) -> set[str]:
    return {str(o).rsplit("/", 1)[-1] for o in mapped.graph.objects(None, prop)}


# --- 1. no agent without a name ----------------------------------------------------------------
@pytest.mark.parametrize("printed, why", [
    ("Bulletin No. 151, May 17, 1948", "has digits"),
    ("D A[cheson", "unbalanced brackets"),
    ("Charlton Ogburn, Jr., of the Division of Southeast Asian Affairs",
     "has more than 6 words"),
    ("Ann C. Whitman, February 6, 1956", "has digits"),
    ("Agreement", "a word of the document, not a name"),
    ("Absent", "a word of the document, not a name"),
    ("2. For any new arrangements the Soviets would demand", "has digits"),
    ("Directing Panel of Project Solarium", "reads as a phrase (a word such as 'of the')"),
    ("Moscow: Khrushchev", "has a colon"),
])
def test_phrases_that_are_not_names_are_refused(printed, why) -> None:
    """Digits, brackets left open, a colon, more than six words, 'of the' or a word of the
    document's own structure: not a person's name."""
    assert why == not_a_name(printed, printed, "person")


@pytest.mark.parametrize("printed, kind", [
    ("Rusk", "person"), ("U. Alexis Johnson", "person"), ("Charles de Gaulle", "person"),
    ("Kim Il Sung", "person"), ("周恩来", "person"),
    ("Central Committee of the Workers' Party of Korea", "organization"),
    ("8th Directorate of the General Staff", "organization"), ("CC VKP(b)", "organization"),
])
def test_names_and_bodies_pass(printed, kind) -> None:
    """Personal names (particles and other scripts too) and bodies' names are names."""
    assert None is not_a_name(printed, printed, kind)


def test_a_phrase_in_a_role_is_a_mention_not_a_person(authority, minter) -> None:
    """A head's phrase that is not a name gets no agent and no role; it is reported
    unresolved; the message keeps its real sender, and has no addressee left, so it is a
    document of its kind."""
    title = "Memorandum From Cyrus R. Vance to Bulletin No. 151, May 17, 1948"
    record = _record(title, senders=["Cyrus R. Vance"], addressees=["Bulletin No. 151, May 17, 1948"])
    mapped = map_record(record, authority, minter)
    assert set() == _roles(mapped, CW.addressee)
    assert "Bulletin No. 151, May 17, 1948" in mapped.unresolved
    assert not any("bulletin" in str(s) for s in mapped.graph.subjects())
    assert [Literal("Memorandum")] == list(mapped.graph.objects(None, DCTERMS.type))


def test_participants_that_are_not_names_are_left_out(authority, minter) -> None:
    """'Absent' on a participants list is no participant."""
    title = "Memorandum of Conversation. Participants: Dean Rusk; Absent"
    record = _record(title, participants=["Dean Rusk", "Absent"])
    assert {"dean-rusk"} == _roles(map_record(record, authority, minter), CW.participant)


# --- 2. one person per person in a FRUS volume --------------------------------------------------
def test_surname_resolves_through_the_volume_persons_list(authority, minter) -> None:
    """A signature 'Rusk' in a volume whose persons list has 'Rusk, Dean' is Dean Rusk, the
    same agent as the tagged name, and the merge is marked for the identities report."""
    title = "Telegram From the Department of State to the Embassy in Korea. Rusk"
    record = _record(title, senders=[("Rusk", "Rusk")], volume="frus1961-63v06")
    mapped = map_record(record, authority, minter)
    assert {"dean-rusk"} == _roles(mapped, CW.sender)
    assert [Literal("'Rusk' resolved by volume-persons")] == list(
        mapped.graph.objects(minter.person("dean-rusk"), SKOS.editorialNote))


def test_initials_resolve_through_the_volume_persons_list(authority) -> None:
    """'JFK' in a volume listing 'Kennedy, John F.' is John F. Kennedy."""
    authority.volume_persons.add("frus1961-63v06", LISTS["frus1961-63v06"])
    entry = authority.resolve("JFK", "person", ResolveContext(volume="frus1961-63v06"))
    assert ("kennedy", "volume-persons") == (entry.key, entry.matched_by)


def test_surname_without_a_volume_list_uses_the_person_table(authority) -> None:
    """'Muccio' in a 1949 volume (no persons list) is the one Muccio of the person table."""
    entry = authority.resolve("Muccio", "person", ResolveContext(date="1949-08-01", volume="frus1949v07p2"))
    assert ("john-j-muccio", "person-table") == (entry.key, entry.matched_by)


def test_printed_initials_must_fit_the_person(authority) -> None:
    """'J.W. Davis' is never joined to a Davis (or a William Davis Clarke) whose forenames do
    not start with J and W; 'J. Muccio' still is John J. Muccio."""
    ctx = ResolveContext(date="1966-01-01", volume="frus1964-68v28")
    assert ("minted", "john-j-muccio") == (
        authority.resolve("J.W. Davis", "person", ctx).matched_by,
        authority.resolve("J. Muccio", "person", ResolveContext(date="1949-08-01", volume="frus1949v07p2")).key)


def test_ambiguous_surname_stays_apart(authority) -> None:
    """'Bundy' where the volume lists McGeorge and William P. Bundy and no office on the date
    tells them apart: minted, never guessed."""
    authority.volume_persons.add("frus1961-63v12", LISTS["frus1961-63v12"])
    entry = authority.resolve("Bundy", "person", ResolveContext(date="1962-05-01", volume="frus1961-63v12"))
    assert ("bundy", "minted") == (entry.key, entry.matched_by)


#: The two Bundys of a persons list with the words FRUS prints after them (frus1961-63v22),
#: written out for testing coldwar-kg.
BUNDYS = (("p_BMG1", "Bundy, McGeorge", "Special Assistant to the President for National "
           "Security Affairs from January 1961"),
          ("p_BWP1", "Bundy, William P.", "Deputy Assistant Secretary of Defense for "
           "International Security Affairs January 1961-November 1963"))


@pytest.mark.parametrize("office, key", [
    ("President's Special Assistant for National Security Affairs", "mcgeorge-bundy"),
    ("Deputy Assistant Secretary of Defense for International Security Affairs", "william-p-bundy"),
    ("Assistant for Security Affairs", "bundy"),  # words both share: no clear lead, minted
    (None, "bundy"),
])
def test_listed_people_of_one_surname_are_told_apart_by_the_office_printed_with_the_name(
        authority, office, key) -> None:
    """'(Bundy)' after an office in a head is the listed Bundy whose description names that
    office; an office that does not clearly tell them apart (or none) leaves the name apart."""
    authority.volume_persons.add("frus1961-63v22test", BUNDYS)
    ctx = ResolveContext(date="1962-05-01", volume="frus1961-63v22test", office=office)
    assert key == authority.resolve("Bundy", "person", ctx).key


def test_a_man_listed_twice_is_one_person(authority) -> None:
    """A persons list that lists one man twice ("Palmer, Joseph A. II" and "Palmer, Joseph,
    II", frus1969-76ve05p2) leaves no doubt about 'Palmer': the fuller entry."""
    authority.volume_persons.add("frus1969-76ve05p2test", (
        ("p_PJAII1", "Palmer, Joseph A. II", "Ambassador to Libya"),
        ("p_PJII1", "Palmer, Joseph, II", "Assistant Secretary of State for African Affairs")))
    ctx = ResolveContext(date="1970-05-01", volume="frus1969-76ve05p2test")
    entry = authority.resolve("Palmer", "person", ctx)
    assert ("Joseph A. Palmer II", "volume-persons") == (entry.pref_label, entry.matched_by)


def test_a_surname_in_the_head_is_the_man_who_signed_in_full(authority, minter) -> None:
    """A head's 'Bundy', where the list has two Bundys, is the 'McGeorge Bundy' who signed
    the document; without that signature it stays apart."""
    title = "Memorandum From the President's Special Assistant (Bundy) to Secretary of State Rusk"
    signed = _record(title, senders=["Bundy"], signed=["McGeorge Bundy"], volume="frus1961-63v12",
                     date=PartialDate(1962, 5, 1))
    unsigned = replace(signed, message=replace(signed.message, signed_as=("Rusk",)))
    assert ({"mcgeorge-bundy"}, {"bundy"}) == (
        _roles(map_record(signed, authority, minter), CW.sender),
        _roles(map_record(unsigned, authority, minter), CW.sender))


@pytest.mark.parametrize("printed_in_full, key, rule", [
    ((("Sidney W. Souers", ""), ("Dean Acheson", "")), "sidney-w-souers", "volume-names"),
    ((("Sidney W. Souers", ""), ("Robert W. Souers", "")), "souers", "minted"),  # left open
])
def test_surname_is_the_one_the_volume_prints_in_full(authority, minter, printed_in_full, key,
                                                       rule) -> None:
    """In a volume without a persons list, a head's 'Souers' is the Sidney W. Souers the
    volume prints in full elsewhere; two of that surname leave it apart."""
    title = "Memorandum by the Executive Secretary of the National Security Council (Souers)"
    record = replace(_record(title, senders=["Souers"], volume="frus1948v99test",
                             date=PartialDate(1948, 5, 1)), volume_names=printed_in_full)
    mapped = map_record(record, authority, minter)
    assert {key} == _roles(mapped, CW.sender)
    notes = [str(n) for n in mapped.graph.objects(None, SKOS.editorialNote)]
    assert ([f"'Souers' resolved by {rule}"] if rule != "minted" else []) == notes


def test_names_printed_in_full_are_told_apart_by_the_offices_printed_with_them(authority, minter) -> None:
    """Two Hughes printed in full in a volume without a persons list: the head's
    'Director of the Bureau of the Budget (Hughes)' is the one who signed as director
    elsewhere in the volume."""
    title = "The Director of Foreign Operations to the Director of the Bureau of the Budget (Hughes)"
    at = title.index("Hughes")
    ref = NameRef("Hughes", 1, "person", Span(at, at + 6), office="Director of the Bureau of the Budget")
    base = _record(title, volume="frus1952-54v97test", date=PartialDate(1954, 12, 23))
    record = replace(base, message=replace(base.message, addressees=(ref,)), volume_names=(
        ("John C. Hughes", "Representative on the North Atlantic Council"),
        ("Rowland Hughes", "Director of the Bureau of the Budget")))
    assert {"rowland-hughes"} == _roles(map_record(record, authority, minter), CW.addressee)


def test_names_printed_in_full_are_each_records_own(authority, minter) -> None:
    """The names printed in full come with each record (its file): a record of the same
    volume id read from another file, without them, does not inherit them from a record
    mapped before it, whatever the order of a parallel build."""
    title = "Memorandum by the Executive Secretary of the National Security Council (Souers)"
    base = _record(title, senders=["Souers"], volume="frus1948v98test", date=PartialDate(1948, 5, 1))
    with_names = replace(base, volume_names=(("Sidney W. Souers", ""),))
    assert ({"sidney-w-souers"}, {"souers"}) == (
        _roles(map_record(with_names, authority, minter), CW.sender),
        _roles(map_record(base, authority, minter), CW.sender))


def test_a_signature_in_full_is_the_signers_not_the_addressees(authority, minter) -> None:
    """A memorandum from one Bundy to the other, signed 'William P. Bundy': the offices
    printed with the names tell them apart; the signature never makes the addressee the
    signer."""
    title = ("Memorandum From the Deputy Assistant Secretary of Defense for International Security "
             "Affairs (Bundy) to the President's Special Assistant for National Security Affairs (Bundy)")
    base = _record(title, volume="frus1961-63v22test2", date=PartialDate(1962, 5, 1),
                   signed=["William P. Bundy"])
    first, second = title.index("(Bundy)") + 1, title.rindex("(Bundy)") + 1
    sender = NameRef("Bundy", 1, "person", Span(first, first + 5),
                     office="Deputy Assistant Secretary of Defense for International Security Affairs")
    addressee = NameRef("Bundy", 1, "person", Span(second, second + 5),
                        office="President's Special Assistant for National Security Affairs")
    record = replace(base, volume_persons=BUNDYS,
                     message=replace(base.message, senders=(sender,), addressees=(addressee,)))
    mapped = map_record(record, authority, minter)
    assert ({"william-p-bundy"}, {"mcgeorge-bundy"}) == (_roles(mapped, CW.sender),
                                                         _roles(mapped, CW.addressee))


def test_the_holder_of_the_office_written_to_never_signs(authority, minter) -> None:
    """'Johnson' signing a White House telegram to the Embassy in Japan (1967) is not the
    ambassador the telegram is addressed to."""
    title = "Telegram From the White House to the Embassy in Japan. Johnson"
    base = _record(title, volume="frus1964-68v29p2test2", date=PartialDate(1967, 3, 1))
    white_house = NameRef("White House", 1, "office", Span(15, 26))
    embassy = NameRef("Embassy in Japan", 1, "office", Span(34, 50))
    signer = NameRef("Johnson", 1, "person", Span(title.rindex("Johnson"), len(title)))
    record = replace(base, message=replace(base.message, senders=(white_house,), addressees=(embassy,),
                                           authors=(signer,)))
    assert "u-alexis-johnson" not in _roles(map_record(record, authority, minter), CW.author)


def test_wilson_records_take_no_frus_identity_rule(authority, minter) -> None:
    """Outside FRUS, a lone surname is not joined by a signature, an office or a name printed
    elsewhere: the Wilson record's 'Bundy' stays as printed."""
    title = "Memorandum from the President's Special Assistant (Bundy) to Khrushchev"
    record = replace(_record(title, senders=["Bundy"], volume=None, archive="wilson",
                             signed=["McGeorge Bundy"]), volume_names=(("McGeorge Bundy", ""),))
    assert {"bundy"} == _roles(map_record(record, authority, minter), CW.sender)


def test_a_surname_signing_for_an_office_is_its_holder_on_the_date(authority, minter) -> None:
    """'Johnson' signing the Embassy in Japan's telegram of 1967, in a volume listing three
    Johnsons, is the ambassador on that date (U. Alexis Johnson), as the office tables say."""
    title = "Telegram From the Embassy in Japan to the Department of State. Johnson"
    listed = (("p_JLB1", "Johnson, Lyndon B.", "President"),
              ("p_JUA1", "Johnson, U. Alexis", "Ambassador to Japan"),
              ("p_JHK1", "Johnson, General Harold K.", "Chief of Staff, U.S. Army"))
    base = _record(title, volume="frus1964-68v29p2test", date=PartialDate(1967, 3, 1))
    office = NameRef("Embassy in Japan", 1, "office", Span(15, 31))
    signer = NameRef("Johnson", 1, "person", Span(title.rindex("Johnson"), len(title)))
    record = replace(base, volume_persons=listed,
                     message=replace(base.message, senders=(office,), authors=(signer,)))
    assert {"u-alexis-johnson"} == _roles(map_record(record, authority, minter), CW.author)


def test_a_surname_after_a_post_is_who_held_it_that_year(authority, minter) -> None:
    """'The Ambassador in Brazil (Johnson)' of 15 July 1948, in a volume without a persons
    list, is Herschel V. Johnson, who held the post that year (the office tables start his
    term at his credentials, a week later)."""
    title = "The Ambassador in Brazil (Johnson) to the Secretary of State"
    base = _record(title, volume="frus1948v09test", date=PartialDate(1948, 7, 15))
    ref = NameRef("Johnson", 1, "person", Span(26, 33), office="Ambassador in Brazil")
    mapped = map_record(replace(base, message=replace(base.message, senders=(ref,))), authority, minter)
    assert ({"herschel-v-johnson"}, [Literal("'Johnson' resolved by office-holder")]) == (
        _roles(mapped, CW.sender), list(mapped.graph.objects(None, SKOS.editorialNote)))


def test_short_forms_outside_frus_are_not_joined(authority) -> None:
    """Without a volume (a Wilson record), a lone surname is not looked up in FRUS lists."""
    assert "minted" == authority.resolve("Muccio", "person", ResolveContext(date="1949-08-01")).matched_by


def test_any_volume_brings_its_own_list(authority, minter) -> None:
    """A volume no table knows: its records carry its persons list, and 'Quill' resolves
    through it there, never in another volume."""
    title = "Telegram From the Embassy in Ruritania to the Department of State. Quill"
    listed = (("p_QA1", "Quill, Adam"), ("p_QB1", "Quiller, Bea"))
    record = replace(_record(title, senders=[("Quill", "Quill")], volume="frus1950v99"),
                     volume_persons=listed)
    assert {"adam-quill"} == _roles(map_record(record, authority, minter), CW.sender)
    assert "volume-persons" == authority.resolve(
        "Quill", "person", ResolveContext(volume="frus1950v99")).matched_by
    assert "minted" == authority.resolve("Quill", "person", ResolveContext(volume="frus1950v98")).matched_by


# --- 2b. office titles in heads -------------------------------------------------------------------
def test_president_in_a_head_is_the_president_not_the_corresp(authority, minter) -> None:
    """'to President Johnson' whose @corresp points at U. Alexis Johnson (as d258 of
    frus1964-68v29p1 does) is Lyndon B. Johnson, and the disagreement is reported."""
    title = "258. Memorandum From Secretary of State Rusk to President Johnson"
    record = _record(title, senders=[("Dean Rusk", "Rusk", f"{VOLUME}#p_RD1")],
                     addressees=[("U. Alexis Johnson", "Johnson", f"{VOLUME}#p_JUA1")], date=None)
    mapped = map_record(record, authority, minter)
    assert ({"dean-rusk"}, {"lyndon-johnson"}) == (_roles(mapped, CW.sender), _roles(mapped, CW.addressee))
    assert 1 == len([w for w in mapped.warnings if "U. Alexis Johnson" in w and "took the office holder" in w])


def test_a_title_that_fits_nobody_on_the_date_changes_nothing(authority, minter) -> None:
    """'President Rusk' fits no President: the tagged person stays."""
    title = "Memorandum From the Secretary to President Rusk"
    record = _record(title, addressees=[("Dean Rusk", "Rusk", f"{VOLUME}#p_RD1")])
    assert {"dean-rusk"} == _roles(map_record(record, authority, minter), CW.addressee)


# --- 3. kg report identities ------------------------------------------------------------------------
def test_identities_report_lists_merges_and_splits(store, authority, minter) -> None:
    """The report gives each merge with its volume, printed form and rule, and each one-word
    person beside a longer-named one of that surname in one volume."""
    from kg.pipeline import load_reference_graphs

    load_reference_graphs(store, authority, minter)
    for record in (
        _record("Telegram. Rusk to Bundy", senders=[("Rusk", "Rusk")], addressees=[("Bundy", "Bundy")],
                volume="frus1961-63v12", key="d1", date=PartialDate(1962, 5, 1)),
        _record("Memorandum From William P. Bundy to Rusk", senders=["William P. Bundy"],
                addressees=[("Rusk", "Rusk")], volume="frus1961-63v12", key="d2",
                date=PartialDate(1962, 5, 2)),
    ):
        mapped = map_record(record, authority, minter, generated_at=datetime(2026, 1, 1, tzinfo=UTC))
        store.replace_graph(mapped.graph_iri, mapped.graph)
    found = identities(store)
    assert {("frus1961-63v12", "Rusk", "Dean Rusk", "volume-persons")} == {
        (m.volume, m.printed, m.label, m.rule) for m in found.merges}
    assert {("frus1961-63v12", "Bundy", "William P. Bundy")} == {
        (s.volume, s.short, s.full) for s in found.splits}


def test_bundy_on_a_date_when_one_bundy_held_an_office_is_that_bundy(authority) -> None:
    """'Bundy' in 1965, when William P. Bundy was Assistant Secretary and McGeorge Bundy held
    no office of the tables: the office on the date tells the two listed Bundys apart."""
    authority.volume_persons.add("frus1961-63v12", LISTS["frus1961-63v12"])
    entry = authority.resolve("Bundy", "person", ResolveContext(date="1965-03-04", volume="frus1961-63v12"))
    assert ("william-p-bundy", "volume-persons") == (entry.key, entry.matched_by)


def test_build_is_unchanged_for_the_sample(sample_path, store) -> None:
    """The Wilson sample has no volume: no merge, no split."""
    build([sample_path], store)
    found = identities(store)
    assert ([], []) == (found.merges, found.splits)


def test_report_identities_command_answers_json(store, authority, minter, tmp_path) -> None:
    """`kg report identities --format json` lists the merges and the splits of the store."""
    import json

    from click.testing import CliRunner

    from kg.cli import cli
    from kg.pipeline import load_reference_graphs

    load_reference_graphs(store, authority, minter)
    record = _record("Telegram. Rusk to Bundy", senders=[("Rusk", "Rusk")], addressees=[("Bundy", "Bundy")],
                     volume="frus1961-63v12", key="d1", date=PartialDate(1962, 5, 1))
    mapped = map_record(record, authority, minter)
    store.replace_graph(mapped.graph_iri, mapped.graph)
    path = store.path
    store.close()
    result = CliRunner().invoke(cli, ["--store", str(path), "report", "identities", "--format", "json"],
                                catch_exceptions=False)
    answer = json.loads(result.output)
    assert (0, [("Rusk", "volume-persons")], []) == (
        result.exit_code, [(m["printed"], m["rule"]) for m in answer["merges"]], answer["splits"])


# --- the acceptance check on the full shared build ------------------------------------------------
#: A role's person whose name has digits, brackets, a colon, more than six words or "of the"
#: (POCOM's ``Frank George Wisner, 2nd`` is labelled ``Frank George Wisner II``).
_NOT_A_NAME = re.compile(r"\d|[\[\]()]|:|\bof\b|\bthe\b")


@pytest.fixture(scope="module")
def full_build(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    """frus/, frus-bulk/, frus-more/, the Wilson records and the CSV of wilson-center, built
    together as a new user would (bulk, two workers, no provenance): several minutes."""
    from kg.store import Store

    store = Store(tmp_path_factory.mktemp("full") / "store")
    build([corpus / "frus", corpus / "frus-bulk", corpus / "frus-more", corpus / "wilson" / "records",
           corpus / "wilson-center"], store, workers=2, bulk=True, provenance=False)
    return store


def _people_in_roles(store) -> dict[str, set[str]]:
    """Each person in a sender, author or addressee role, with every name it has."""
    from kg.query.engine import run_query

    rows = run_query(store, """SELECT DISTINCT ?a ?label WHERE {
        GRAPH ?g { VALUES ?role { cw:sender cw:author cw:addressee } ?m ?role ?a }
        GRAPH ?h { ?a a cw:Person }
        { GRAPH ?i { ?a skos:prefLabel ?label } } UNION { GRAPH ?j { ?a rdfs:label ?label } } }""").rows
    labels: dict[str, set[str]] = {}
    for row in rows:
        labels.setdefault(row["a"].value, set()).add(row["label"].value)
    return labels


@pytest.mark.corpus
@pytest.mark.slow
def test_no_sender_author_or_addressee_without_a_name_on_the_full_build(full_build) -> None:
    """On the full shared build, no person in a sender, author or addressee role has a name
    with digits, brackets, a colon, more than six words or words such as 'of the'."""
    offenders = sorted(label for names in _people_in_roles(full_build).values() for label in names
                       if _NOT_A_NAME.search(label) or len(label.split()) > 6)
    assert [] == offenders


@pytest.mark.corpus
@pytest.mark.slow
def test_possible_splits_are_at_most_one_percent_of_people_in_roles(full_build) -> None:
    """Possible splits (a one-word person and a longer-named person of that surname, both in
    roles in one volume) are at most 1% of the people in sender, author or addressee roles."""
    splits = identities(full_build).splits
    assert len(splits) <= 0.01 * len(_people_in_roles(full_build)), len(splits)
