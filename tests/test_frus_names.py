"""Names that are not names: the FRUS reader hands the mapping only party candidates that name
someone (kg.sources.frus.names), in their clean form; and a signature's footnote names no signer.

The inline volumes are written for testing coldwar-kg; the heads and signatures quote the
forms printed in the FRUS volumes named in each test (public domain)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.records import NameRef, SourceRecord
from kg.sources import frus
from kg.sources.frus.names import clean_name, complete_brackets, is_heading, only_initials
from kg.sources.frus.reader import display_name

PERSONS = ('<front><div type="section" xml:id="persons"><list type="names">'
           '<item><hi rend="strong"><persName xml:id="p_EDD1">Eisenhower, Dwight D.</persName>,'
           '</hi> President</item>'
           '<item><persName xml:id="p_MH1">Macmillan, Harold</persName>, Prime Minister</item>'
           '<item><persName xml:id="p_KNS1">Khrushchev, Nikita S.</persName>, Chairman</item>'
           '</list></div></front>')


def _read(tmp_path: Path, *docs: str) -> list[SourceRecord]:
    """The records of an inline volume (written for testing coldwar-kg) holding ``docs``."""
    body = "".join(f'<div type="document" xml:id="d{i}" n="{i}">{d}</div>' for i, d in enumerate(docs, 1))
    path = tmp_path / "names.xml"
    path.write_text('<!-- written for testing coldwar-kg -->\n<TEI xmlns="http://www.tei-c.org/ns/1.0" '
                    'xml:id="frus1949test"><teiHeader/>'
                    f'<text>{PERSONS}<body><div type="chapter">{body}</div></body></text></TEI>',
                    encoding="utf-8")
    records = list(frus.read(path))
    assert all(isinstance(r, SourceRecord) for r in records), records
    return records  # type: ignore[return-value]


def _printed(refs: tuple[NameRef, ...]) -> list[tuple[str, str]]:
    return [(r.printed, r.role_hint) for r in refs]


def test_bracket_completing_a_signature_is_read_as_the_name(tmp_path: Path) -> None:
    """frus1949v07p2 d19: "D A[cheson" (the editor completes the initialled name) is D. Acheson."""
    (r,) = _read(tmp_path, "<head>Memorandum by the Secretary of State</head><p>Text.</p>"
                           "<closer><signed>D A[cheson</signed></closer>")
    assert [("Secretary of State", "office"), ("D. Acheson", "person")] == _printed(r.message.authors)
    assert ("D A[cheson",) == r.message.signed_as


def test_initials_only_signature_is_a_signature_not_a_person(tmp_path: Path) -> None:
    """frus1949v07p2 d4: "M W. B" under a memorandum by (Bishop) stays cw:signedAs, no author."""
    (r,) = _read(tmp_path, "<head>Memorandum by the Chief of the Division of Northeast Asian Affairs "
                           "(Bishop) to the Director of the Office of Far Eastern Affairs</head><p>Text.</p>"
                           "<closer><signed>M W. B</signed></closer>")
    assert [("Bishop", "person")] == _printed(r.message.senders)
    assert [] == _printed(r.message.authors)
    assert ("M W. B",) == r.message.signed_as


@pytest.mark.parametrize(("head", "role", "expected"), [
    # frus1949v07p1 d26: the office is a qualifier of the person
    ("Memorandum of Conversation, by Mr. Charlton Ogburn, Jr., of the Division of Southeast Asian Affairs",
     "authors", [("Charlton Ogburn, Jr.", "person")]),
    # frus1955-57v20 d109: the date appended to the name
    ("109. Diary Entry by Ann C. Whitman, February 6, 1956", "authors", [("Ann C. Whitman", "person")]),
    # frus1948v01p2 d219: a publication is no sender
    ("Extract From Bulletin No. 151, May 17, 1948", "senders", []),
    # frus1949v07p2 d76: where the addressee was is no part of the name
    ("Interim Directive by the Joint Chiefs of Staff to General of the Army Douglas MacArthur, at Toyko",
     "addressees", [("Douglas MacArthur", "person")]),
    ("The Acting Secretary of State to the Secretary of State, at Paris", "addressees",
     [("Secretary of State", "office")]),
])
def test_head_parties_are_names(tmp_path: Path, head: str, role: str, expected: list[tuple[str, str]]) -> None:
    """A head's party is the name, without a date, a place or an office after it; a bulletin is none."""
    (r,) = _read(tmp_path, f"<head>{head}</head><p>Text.</p>")
    assert expected == _printed(getattr(r.message, role))


def test_participants_are_names_not_headings_notes_or_sentences(tmp_path: Path) -> None:
    """Items of a participants list that head it ("Absent", "Americans"), note the editor's
    omission ("[Here follows the same list as Document 255.]", frus1961-63v15 d256) or are a
    sentence of the text (frus1958-60v08 d250) are not participants; an item's number is no
    part of the name (frus1955-57v13 d266)."""
    items = ["Americans", "The Secretary", "4. Jack C. Corbett", "Absent",
             "[Here follows the same list as Document 255.]",
             "2. For any new arrangements the Soviets would demand the participation of the Soviet "
             "Zone authorities."]
    lst = "".join(f"<item>{i}</item>" for i in items)
    (r,) = _read(tmp_path, f'<head>256. Memorandum of Conversation</head><list type="participants">{lst}</list>')
    assert [("Secretary", "office"), ("Jack C. Corbett", "person")] == _printed(r.message.participants)


def test_signature_footnote_names_no_signer(tmp_path: Path) -> None:
    """frus1958-60v08 d493 (Eisenhower to Macmillan): the signature "Ike" carries a footnote
    naming Khrushchev; Khrushchev is no author, and "Ike" is the sender's own signature."""
    (r,) = _read(tmp_path,
                 '<head>493. Letter From President <persName type="from" corresp="#p_EDD1">Eisenhower</persName> '
                 'to Prime Minister <persName type="to" corresp="#p_MH1">Macmillan</persName></head>'
                 '<p>Dear Harold:</p><closer><signed>Ike<note n="5"><p>our friends or '
                 '<persName corresp="#p_KNS1">Khrushchev</persName> with a sudden invitation.</p>'
                 '</note></signed></closer>')
    m = r.message
    assert ([("Dwight D. Eisenhower", "person")], [("Harold Macmillan", "person")], [], ("Ike",)) == (
        _printed(m.senders), _printed(m.addressees), _printed(m.authors), m.signed_as)


def test_participant_footnote_names_no_participant(tmp_path: Path) -> None:
    """frus1958-60v07p2 d108: a participant's footnote naming another person adds no participant."""
    (r,) = _read(tmp_path, '<head>108. Memorandum of Conversation</head><list type="participants">'
                           '<item>President <persName corresp="#p_EDD1">Eisenhower</persName><note n="1">'
                           '<persName corresp="#p_KNS1">Khrushchev</persName> was away.</note></item></list>')
    assert [("Dwight D. Eisenhower", "person")] == _printed(r.message.participants)


@pytest.mark.parametrize(("printed", "role", "expected"), [
    ("Agreement", "person", None),
    ("Absent", "person", ("Absent", "person")),  # a heading only in a list of participants
    ("unknown drafter", "", None),
    ("Memorandum of the Fourth Meeting of the Special Committee", "organization", None),
    ("[name not declassified]", "person", None),
    ("Vice President of the United States", "office", ("Vice President of the United States", "office")),
    ("First Session of the Contracting Parties", "", ("First Session of the Contracting Parties", "")),
    ("John A. Morrison of the Policy Planning Staff", "", ("John A. Morrison", "person")),
    ("McNamara, JCSM-236–61", "person", ("McNamara", "person")),
    ("Consul General at Jerusalem", "office", ("Consul General at Jerusalem", "office")),
    ("Chief, WH-4", "office", ("Chief, WH-4", "office")),
    ("certain diplomatic missions", "", ("certain diplomatic missions", "organization")),
])
def test_clean_name_rules(printed: str, role: str, expected: tuple[str, str] | None) -> None:
    """clean_name refuses what names no one and keeps offices and bodies as printed."""
    assert expected == clean_name(printed, role)


def test_name_helpers() -> None:
    """Brackets complete, initials and list headings are recognised."""
    assert ("W. W. Butterworth", "Dean Acheson") == (complete_brackets("W. W B[utterworth"),
                                                     complete_brackets("D[ean] A[cheson"))
    assert (True, True, False) == (only_initials("A.B."), only_initials("JFK"), only_initials("Ike"))
    assert (True, True, False) == (is_heading("U.S. Side:"), is_heading("Also present"),
                                   is_heading("Soviet Ministry of Foreign Affairs"))


def test_persons_list_remarks_are_not_part_of_the_name() -> None:
    """A persons-list entry's remark in parentheses is left out of the name read from it."""
    assert ("Major John S. D. Eisenhower", "Frank Wisner") == (
        display_name("Eisenhower, Major John S. D. (Lieutenant Colonel from May 31, 1960)"),
        display_name("Wisner, Frank (Harold S. Whiting)"))


@pytest.mark.corpus
def test_corpus_d493_is_eisenhowers_letter(corpus: Path) -> None:
    """FRUS 1958-60 vol. VIII (frus-bulk/frus1958-60v08.xml) d493: Eisenhower writes to
    Macmillan; Khrushchev, named in the signature's footnote, is neither sender nor author."""
    record = next(r for r in frus.read(corpus / "frus-bulk" / "frus1958-60v08.xml")
                  if isinstance(r, SourceRecord) and r.key == "frus1958-60v08-d493")
    m = record.message
    assert (["Dwight D. Eisenhower"], [], ["Harold Macmillan"]) == (
        [p.printed for p in m.senders], [p.printed for p in m.authors], [p.printed for p in m.addressees])


def test_persons_list_descriptions_and_the_office_before_a_name_are_read(tmp_path: Path) -> None:
    """Each persons-list entry comes with the words after its name (the comma left out, the
    name in bold too), and a head's party with the office printed before it: what tells
    apart two listed people of one surname."""
    (r,) = _read(tmp_path, "<head>Memorandum From the President's Special Assistant for National "
                           "Security Affairs (Bundy) to the Prime Minister (Macmillan)</head><p>Text.</p>")
    assert ("p_EDD1", "Eisenhower, Dwight D.", "President") == r.volume_persons[0]
    assert ("p_MH1", "Macmillan, Harold", "Prime Minister") == r.volume_persons[1]
    assert [("Bundy", "President's Special Assistant for National Security Affairs")] == [
        (p.printed, p.office) for p in r.message.senders]


def test_every_record_carries_the_names_its_volume_prints_in_full(tmp_path: Path) -> None:
    """The names a volume prints in full in heads and signatures (not a surname alone, not a
    body) come with every record of it, the first document's too."""
    first, second = _read(
        tmp_path,
        "<head>Memorandum by the Executive Secretary (Souers) to the President</head><p>Text.</p>",
        "<head>Memorandum From Sidney W. Souers to the Technological Capabilities Panel</head>"
        "<p>Text.</p><closer><signed>Charles W. Lewis, Jr.</signed></closer>")
    assert ((("Charles W. Lewis, Jr.", ""), ("Sidney W. Souers", "")) == first.volume_names
            == second.volume_names)


def test_a_signature_in_full_takes_the_office_of_the_surname_it_signs_for(tmp_path: Path) -> None:
    """A head's "the Executive Secretary (Souers)" signed "Sidney W. Souers": the name
    printed in full comes with the office printed with the surname."""
    (r,) = _read(tmp_path, "<head>Memorandum by the Executive Secretary of the National Security "
                           "Council (Souers) to the President</head><p>Text.</p>"
                           "<closer><signed>Sidney W. Souers</signed></closer>")
    assert (("Sidney W. Souers", "Executive Secretary of the National Security Council"),) == r.volume_names


def test_calendar_name_with_its_bureau_is_a_person_writing_for_it(tmp_path: Path) -> None:
    """A microfiche calendar's "Hilsman (INR)" is the person Hilsman, with the bureau he
    writes for as the office printed with him (frus1961-63v10-12mSupp's form)."""
    (r,) = _read(tmp_path, "<head>4. Memorandum from Hilsman (INR) to Woodward (ARA), July 18, 1961. "
                           "Concern for stability. Secret. 2 pp. DOS, CF, 724.00/7-2461.</head>")
    assert [("Hilsman", "person", "INR"), ("Woodward", "person", "ARA")] == [
        (p.printed, p.role_hint, p.office) for p in (*r.message.senders, *r.message.addressees)]


def test_document_with_an_empty_head_is_kept_with_a_warning(tmp_path: Path, authority) -> None:
    """An empty head (frus1961-63v07-09mSupp d72a prints ``<head/>``) gives a document
    without title or parties, built with a warning that says so, never an error."""
    from kg.pipeline import build
    from kg.store import Store

    path = tmp_path / "names.xml"
    _read(tmp_path, "<head/><p>Text.</p>", "<head>Memorandum by the Secretary of State</head><p>Text.</p>")
    report = build([path], Store(None), authority=authority)
    assert (2, [], ["no title: the document's head is empty"]) == (
        len(report.built), report.errors, [w.message.split(" (")[0] for w in report.warnings])


def test_surnames_joined_by_a_slash_are_two_writers(tmp_path: Path) -> None:
    """A back-channel message "From Lord/Rodman to Haig" has two senders."""
    (r,) = _read(tmp_path, "<head>197. Hakto 46 Message From Lord/Rodman to Haig</head><p>Text.</p>")
    assert [("Lord", "person"), ("Rodman", "person")] == _printed(r.message.senders)
