"""kg.normalize: each name form is cleaned as documented, and every normaliser is idempotent."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.normalize import (
    clean_name,
    collapse_letter_spacing,
    compact,
    fold,
    russian_nominatives,
    slug,
    split_brackets,
    strip_honorifics,
    strip_initials,
)

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMEISH = st.lists(st.sampled_from(list("abkmostvyzAKMSTV .'-[]();,:ŏŭ\u2019\"") + [
    "Cde. ", "the ", "Comrade ", "I.V. ", " I.V.", "'s", "S H T Y K O V", ", 1879-1953", "  "]),
    max_size=12).map("".join)


@pytest.mark.parametrize(("printed", "expected"), [
    ("Comrade STALIN I.V.", "STALIN I.V."),
    ("Cdes. Vasilevsky", "Vasilevsky"),
    ("Cde. Mao Zedong", "Mao Zedong"),
    ("Comr. Shtykov", "Shtykov"),
    ("Com. Shtykov", "Shtykov"),
    ("Governor Shicai Sheng", "Shicai Sheng"),
    ("General of the Army Zakharov", "Zakharov"),
])
def test_honorifics_are_stripped(printed: str, expected: str) -> None:
    """Forms of address and ranks before a name go (Comrade, Cde., Com., Governor, General of the Army)."""
    assert expected == strip_honorifics(printed)


@pytest.mark.parametrize(("printed", "expected"), [
    ("I.V. Stalin", "Stalin"),
    ("Stalin I.V.", "Stalin"),
    ("A.Ia. Vyshinsky", "Vyshinsky"),
    ("I. V. STALIN", "STALIN"),
    ("T. Shtykov", "Shtykov"),
])
def test_initials_before_and_after_are_stripped(printed: str, expected: str) -> None:
    """Initials before or after the surname (A.Ia. Vyshinsky, Stalin I.V.) are removed."""
    assert expected == strip_initials(printed)


def test_letter_spacing_is_collapsed() -> None:
    """A signature printed letter by letter (S H T Y K O V) becomes one word."""
    assert "SHTYKOV" == collapse_letter_spacing("S H T Y K O V")


def test_leading_article_and_life_dates_are_dropped() -> None:
    """'the Politburo' loses its article; an author heading loses its life dates."""
    assert ("Politburo", "Stalin, Joseph") == (clean_name("the Politburo"),
                                               clean_name("Stalin, Joseph, 1879-1953"))


@pytest.mark.parametrize(("a", "b"), [
    ("Kim Il Sung", "Kim Il-sung"),
    ("Pak Hon Yong", "Pak Hŏn-yŏng"),
    ("P'eng Teh-huai", "Peng Teh-huai"),
    ("Vasil'yev", "Vasilyev"),
])
def test_fold_ignores_hyphens_apostrophes_and_breves(a: str, b: str) -> None:
    """Folding makes romanisation punctuation (hyphen, apostrophe, breve) irrelevant."""
    assert fold(a) == fold(b)


def test_compact_ignores_word_splits() -> None:
    """Compacting also drops spaces: 'Kim Ilsung' and 'KIM IL-SUNG' agree."""
    assert compact("Kim Ilsung") == compact("KIM IL-SUNG")


@pytest.mark.parametrize(("printed", "expected"), [
    ("Filippov [Stalin]", ("Filippov", ("Stalin",))),
    ("Feng Xi (Stalin)", ("Feng Xi", ("Stalin",))),
    ("FENG XI [FYN SI; Stalin]", ("FENG XI", ("FYN SI", "Stalin"))),
    ("BEIPING [SIC]", ("BEIPING", ())),
    ("VKP(b) CC", ("VKP(b) CC", ())),
])
def test_split_brackets(printed: str, expected: tuple[str, tuple[str, ...]]) -> None:
    """Bracketed editorial names are split off; 'VKP(b)' and '[sic]' are not names."""
    assert expected == split_brackets(printed)


@pytest.mark.parametrize(("printed", "expected"), [
    ("Poskrebyshevu", "poskrebyshev"),
    ("Molotovu", "molotov"),
    ("Stalinu", "stalin"),
    ("Vyshinskomu", "vyshinsky"),
    ("Shtykovym", "shtykov"),
])
def test_russian_case_endings_give_the_nominative(printed: str, expected: str) -> None:
    """The nominative is among the candidates for a dative/instrumental surname."""
    assert expected in russian_nominatives(printed)


def test_short_words_have_no_case_candidates() -> None:
    """No candidate stem is shorter than four letters ('Kima' does not become 'kim')."""
    assert () == russian_nominatives("Kima")


@PROPERTY
@given(NAMEISH)
def test_clean_fold_slug_compact_are_idempotent(text: str) -> None:
    """clean_name, fold, slug and compact applied twice equal applied once."""
    assert [clean_name(text), fold(text), slug(text), compact(text)] == [
        clean_name(clean_name(text)), fold(fold(text)), slug(slug(text)), compact(compact(text))]


@PROPERTY
@given(st.text(max_size=60))
def test_normalisers_are_idempotent_on_any_text(text: str) -> None:
    """On arbitrary text too, each normaliser reaches its fixed point in one application."""
    assert [clean_name(text), fold(text), slug(text)] == [
        clean_name(clean_name(text)), fold(fold(text)), slug(slug(text))]
