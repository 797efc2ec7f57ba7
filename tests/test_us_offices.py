"""US offices and posts resolve to an organization and the holder on the date; FRUS person ids
resolve to one person across volumes; the derived tables are what bench/derive_authority.py makes."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from kg.mapping.authority import Authority, ResolveContext

ROOT = Path(__file__).resolve().parents[1]
AUTH = Authority.load()


def _office(printed: str, date: str | None) -> tuple[str, str | None]:
    """(office key, holder key or None) for a printed office on a date."""
    org, holder = AUTH.office(printed, ResolveContext(date=date))
    return org.key, holder.key if holder else None


# --- offices and their holders ---------------------------------------------------------------

@pytest.mark.parametrize(("printed", "date", "expected"), [
    ("The Secretary of State", "1949-10-09", ("us-secretary-of-state", "acheson")),
    ("Secretary of State", "1962-06-01", ("us-secretary-of-state", "dean-rusk")),
    ("Embassy in Korea", "1950-06-25", ("us-embassy-korea", "john-j-muccio")),
    ("Ambassador in Korea", "1950-10-09", ("us-embassy-korea", "john-j-muccio")),
    ("Embassy in the Republic of Korea", "1964-05-20", ("us-embassy-korea", "samuel-d-berger")),
    ("Ambassador in the Soviet Union", "1950-10-10", ("us-embassy-soviet-union", "alan-g-kirk")),
    ("Embassy in the Soviet Union", "1962-06-01", ("us-embassy-soviet-union", "llewellyn-e-thompson")),
    ("Embassy in the Soviet Union", "1962-10-15", ("us-embassy-soviet-union", "foy-d-kohler")),
    ("Under Secretary", "1949-11-23", ("us-under-secretary-of-state", "james-e-webb")),
    ("the President", "1962-10-22", ("us-president", "kennedy")),
    ("Mission at the United Nations", "1962-10-25", ("us-mission-un", "adlai-e-stevenson")),
    ("Embassy in the Federal Republic of Germany", "1962-01-01", ("us-embassy-germany", "walter-c-dowling")),
    ("Embassy in Germany", "1962-01-01", ("us-embassy-germany", "walter-c-dowling")),
])
def test_office_holder_on_date(printed: str, date: str, expected: tuple[str, str]) -> None:
    """An office or post printed in a heading gives its organization and the POCOM holder that day."""
    assert expected == _office(printed, date)


def test_gap_between_ambassadors_has_no_holder() -> None:
    """Between Thompson (left 1962-07-27) and Kohler (from 1962-09-27) Moscow has no chief of mission."""
    assert ("us-embassy-soviet-union", None) == _office("Embassy in the Soviet Union", "1962-08-15")


def test_whole_year_with_two_ambassadors_has_no_holder() -> None:
    """A date of only '1962' spans Thompson and Kohler: no single holder."""
    assert ("us-embassy-soviet-union", None) == _office("Embassy in the Soviet Union", "1962")


def test_handover_day_is_ambiguous() -> None:
    """On 1959-04-22 Dulles left and Herter took office: no single Secretary."""
    assert ("us-secretary-of-state", None) == _office("Secretary of State", "1959-04-22")


def test_department_of_state_has_no_holder() -> None:
    """The Department is an organization with no holder."""
    org, holder = AUTH.office("the Department of State", ResolveContext(date="1950-10-09"))
    assert ("us-department-of-state", "organization", True, None) == (org.key, org.kind, org.known, holder)


def test_acting_secretary_is_the_office_without_a_holder() -> None:
    """'Acting Secretary' outside a vacancy is the Secretary's office; the signature names the person."""
    assert ("us-secretary-of-state", None) == _office("Acting Secretary of State", "1949-11-23")


def test_secretary_ad_interim_during_a_vacancy() -> None:
    """During the 1953-01-20 vacancy the Secretary ad interim (Matthews) is the acting holder."""
    assert ("us-secretary-of-state", "h-freeman-matthews") == _office("Acting Secretary of State", "1953-01-20")


def test_unknown_office_is_minted_without_holder() -> None:
    """An office no table knows is minted as an unknown organization with no holder."""
    org, holder = AUTH.office("Special Assistant for Cold Fusion", ResolveContext(date="1960-01-01"))
    assert ("us-special-assistant-for-cold-fusion", "organization", False, "minted", None) == (
        org.key, org.kind, org.known, org.matched_by, holder)


def test_consulate_general_is_minted_post() -> None:
    """POCOM lists no consuls: a Consulate General is a minted post with no holder."""
    org, holder = AUTH.office("Consulate General at Hong Kong", ResolveContext(date="1960-01-01"))
    assert ("us-consulate-general-hong-kong", "United States Consulate General at Hong Kong", False, None) == (
        org.key, org.pref_label, org.known, holder)


def test_mission_at_berlin_has_no_holder() -> None:
    """The Mission at Berlin is a known post; POCOM has no chief for it."""
    assert ("us-mission-berlin", None) == _office("Mission at Berlin", "1961-08-13")


def test_editor_name_in_parentheses_is_the_holder() -> None:
    """'The Ambassador in Korea (Muccio)': the printed name picks the holder among the post's chiefs."""
    org, holder = AUTH.office("The Ambassador in Korea (Muccio)", ResolveContext(date="1950-10-09"))
    assert ("us-embassy-korea", "john-j-muccio", "bracket") == (org.key, holder.key, holder.matched_by)


def test_no_date_no_holder() -> None:
    """Without a date the holder is not guessed."""
    assert ("us-secretary-of-state", None) == _office("Secretary of State", None)


def test_office_labels() -> None:
    """Offices and posts are organization entries with readable labels."""
    labels = {k: (AUTH.entries[k].kind, AUTH.entries[k].pref_label)
              for k in ("us-secretary-of-state", "us-embassy-korea", "us-embassy-soviet-union",
                        "us-department-of-state")}
    assert {"us-secretary-of-state": ("organization", "Secretary of State (United States)"),
            "us-embassy-korea": ("organization", "United States Embassy in Korea"),
            "us-embassy-soviet-union": ("organization", "United States Embassy in the Soviet Union"),
            "us-department-of-state": ("organization", "United States Department of State")} == labels


@pytest.mark.parametrize(("printed", "expected"), [
    ("The Secretary of State", ("acheson", "person", "office")),
    ("Ambassador in Korea", ("john-j-muccio", "person", "office")),
    ("Embassy in Korea", ("us-embassy-korea", "organization", "office")),
    ("Acting Secretary of State", ("us-secretary-of-state", "organization", "office")),
])
def test_resolve_kind_office(printed: str, expected: tuple[str, str, str]) -> None:
    """resolve(kind='office') gives a role's holder, else the office or post as an organization."""
    entry = AUTH.resolve(printed, "office", ResolveContext(date="1950-10-09"))
    assert expected == (entry.key, entry.kind, entry.matched_by)


def test_soviet_ambassador_office_still_resolves() -> None:
    """offices.csv (the SOVIET AMBASSADOR in Pyongyang) still wins with kind='office'."""
    assert "shtykov" == AUTH.resolve("the SOVIET AMBASSADOR", "office",
                                     ResolveContext(date="1950-10-05", place="Pyongyang")).key


# --- persons across volumes ------------------------------------------------------------------

def test_khrushchev_ids_of_two_volumes_are_one_person() -> None:
    """p_KNS2 (1961-63v06) and p_KNS1 (1955-57v24) are both Khrushchev, the people.csv entry."""
    a, b = AUTH.resolve_ref("frus1961-63v06#p_KNS2"), AUTH.resolve_ref("frus1955-57v24#p_KNS1")
    assert ("khrushchev", "khrushchev", "Nikita Khrushchev", "107127", "64007537") == (
        a.key, b.key, a.pref_label, a.hsg_id, a.viaf)


def test_kennedy_across_volumes() -> None:
    """Kennedy's ids in 1958-60v06 (p_KJF1) and 1961-63v06 (p_KJF2) give the one entry 'kennedy'."""
    assert ["kennedy", "kennedy"] == [AUTH.resolve_ref(r).key
                                      for r in ("frus1958-60v06#p_KJF1", "frus1961-63v06#p_KJF2")]


def test_wilson_name_and_frus_ref_meet() -> None:
    """The Wilson-side name and the FRUS persons id resolve to the same key."""
    assert [("khrushchev",) * 2, ("gromyko",) * 2, ("kim-il-sung",) * 2] == [
        (AUTH.resolve("Khrushchev").key, AUTH.resolve_ref("frus1961-63v06#p_KNS2").key),
        (AUTH.resolve("Gromyko").key, AUTH.resolve_ref("frus1961-63v15#p_GAA1").key),
        (AUTH.resolve("Kim Il Sung").key, AUTH.resolve_ref("frus1964-68v29p1#p_KIS1").key)]


def test_ref_forms_and_unknown_ids() -> None:
    """The /persons# and URL forms resolve too; an unlisted id gives None."""
    got = [AUTH.resolve_ref(r) and AUTH.resolve_ref(r).key for r in (
        "frus1961-63v06/persons#p_KNS2",
        "https://history.state.gov/historicaldocuments/frus1961-63v06/persons#p_KNS2",
        "frus1961-63v06#p_NOBODY1", "p_KNS2")]
    assert ["khrushchev", "khrushchev", None, None] == got


def test_homonyms_are_not_merged() -> None:
    """Vasily Kuznetsov, Allen Dulles and Douglas MacArthur II stay apart from the people.csv entries."""
    by_hsg = {e.hsg_id: e.key for e in AUTH.entries.values() if e.hsg_id}
    assert (["vasily-v-kuznetsov", "allen-w-dulles", "douglas-macarthur-ii"], "kuznetsov") == (
        [by_hsg["107516"], by_hsg["103701"], by_hsg["108251"]], AUTH.resolve("Kuznetsov").key)


def test_pocom_holder_and_frus_person_are_one_entry() -> None:
    """The Ambassador in Korea of 1964 (POCOM) is the FRUS person p_BSD1 of 1964-68v29p1."""
    _org, holder = AUTH.office("Embassy in Korea", ResolveContext(date="1964-05-20"))
    assert holder.key == AUTH.resolve_ref("frus1964-68v29p1#p_BSD1").key


def test_derived_entries_carry_no_wikidata_links() -> None:
    """Rows of the derived tables give no owl:sameAs or closeMatch (HSG/VIAF ids are fields only)."""
    people = {r["key"] for r in csv.DictReader((ROOT / "data" / "authority" / "people.csv").open(encoding="utf-8"))}
    linked = [k for k, e in AUTH.entries.items() if k not in people and (e.same_as or e.close_match)]
    assert [] == linked


def test_every_holder_is_an_entry() -> None:
    """Every holder in us-offices.csv is a person entry with a label."""
    missing = sorted({t.holder for t in AUTH.office_terms
                      if t.holder and (t.holder not in AUTH.entries or AUTH.entries[t.holder].kind != "person")})
    assert [] == missing


# --- derivation ---------------------------------------------------------------------------------

def test_derivation_reproduces_committed_tables(corpus: Path, tmp_path: Path) -> None:
    """bench/derive_authority.py on the corpus writes exactly the committed CSVs."""
    subprocess.run([sys.executable, str(ROOT / "bench" / "derive_authority.py"), "--corpus", str(corpus),
                    "--out", str(tmp_path)], check=True, capture_output=True)
    names = ["us-offices.csv", "frus-persons.csv"]
    assert [True, True] == [(tmp_path / n).read_bytes() == (ROOT / "data" / "authority" / n).read_bytes()
                            for n in names]


# --- the country an agent acted for (cw:country) ------------------------------------------

def test_offices_posts_and_pocom_officials_are_united_states() -> None:
    """US offices, posts (known or minted) and POCOM officials carry the United States (Q30)."""
    ctx = ResolveContext(date="1962-06-01")
    secretary, rusk = AUTH.office("Secretary of State", ctx)
    minted, _ = AUTH.office("Consulate General at Nowhere", ctx)
    assert ("Q30", "Q30", "Q30") == (secretary.country, rusk.country, minted.country)


def test_curated_people_carry_their_side_and_others_none() -> None:
    """people.csv gives the side of each curated agent; an unknown side stays empty."""
    assert {"stalin": "Q15180", "mao-zedong": "Q148", "kim-il-sung": "Q423", "rhee": "Q884",
            "truman": "Q30", "ussr-foreign-ministry": "Q15180", "nehru": ""} == {
        key: AUTH.entries[key].country for key in
        ("stalin", "mao-zedong", "kim-il-sung", "rhee", "truman", "ussr-foreign-ministry", "nehru")}


def test_authority_graph_states_cw_country() -> None:
    """The authority graph links an agent to its country's Wikidata item with cw:country."""
    from rdflib import URIRef

    from kg.iris import Minter
    from kg.mapping.mapper import authority_graph
    from kg.namespace import CW

    minter = Minter()
    g = authority_graph(AUTH, minter)
    assert URIRef("http://www.wikidata.org/entity/Q15180") == g.value(minter.agent("person", "stalin"),
                                                                      CW.country)
    assert g.value(minter.agent("person", "nehru"), CW.country) is None


def test_holders_of_us_offices_are_united_states() -> None:
    """A holder of a US office who is not a POCOM official (a President) still acts for Q30."""
    assert "Q30" == AUTH.entries["lyndon-johnson"].country



# --- office titles printed with a surname --------------------------------------------------------
@pytest.mark.parametrize("title, surname, ctx, key", [
    ("President", "johnson", ResolveContext(volume="frus1964-68v29p1"), "lyndon-johnson"),
    ("President", "johnson", ResolveContext(date="1966-05-02", volume="frus1964-68v29p1"), "lyndon-johnson"),
    ("Secretary of State", "rusk", ResolveContext(date="1962-10-20"), "dean-rusk"),
    ("Secretary of State", "dulles", ResolveContext(date="1955-06-01"), "dulles"),
])
def test_an_office_title_with_a_surname_is_its_holder_then(title, surname, ctx, key) -> None:
    """'President Johnson' in a 1964-68 volume is Lyndon B. Johnson; 'Secretary of State
    Dulles' in 1955 is John Foster Dulles (not Allen W. Dulles)."""
    from kg.mapping.authority.offices import titled_holder

    assert key == titled_holder(AUTH, title, surname, ctx).key


def test_an_office_title_no_holder_of_that_name_held_gives_none() -> None:
    """'President Rusk' and 'President Johnson' in 1955 name no President."""
    from kg.mapping.authority.offices import titled_holder

    assert (None, None) == (titled_holder(AUTH, "President", "rusk", ResolveContext(date="1962-01-01")),
                            titled_holder(AUTH, "President", "johnson", ResolveContext(date="1955-01-01")))
