"""Pure, idempotent normalisers for names, dates and languages.

Everything here is a function of its argument alone (no tables of people: those
live in ``data/authority`` and :mod:`kg.mapping.authority`), and applying a normaliser
twice gives the same result as applying it once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kg.records import PartialDate

__all__ = [
    "fold",
    "slug",
    "collapse_letter_spacing",
    "strip_honorifics",
    "strip_initials",
    "clean_name",
    "display_name",
    "compact",
    "split_brackets",
    "russian_nominatives",
    "parse_date_line",
    "language_code",
    "MONTHS",
]

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_HONORIFICS = re.compile(
    r"^(?:(?:comrades?|cdes?\.?|cmrds?\.?|comr\.?|com\.|tov\.?|mr\.?|mrs\.?|dr\.?|governor|"
    r"marshal(?:\s+of\s+the\s+soviet\s+union)?|general(?:\s+of\s+the\s+army)?|"
    r"(?:lieutenant|colonel|major)[\s-]general|colonel|chairman|premier|president|ambassador)\s+)+",
    re.IGNORECASE,
)
_LEADING_ARTICLE = re.compile(r"^the\s+(?=\S)", re.IGNORECASE)
_TWO_LETTERS = re.compile(r"\S\S")
# "I.V.", "T.F.", "A.Ia.", "I. V." : one or two capitals (with an optional small letter) and dots.
_INITIALS = r"(?:[A-Z][a-z]?\.\s?){1,3}"
_LEADING_INITIALS = re.compile(rf"^{_INITIALS}\s*(?=[A-Z])")
_TRAILING_INITIALS = re.compile(rf"(?<!\s)\s+{_INITIALS}$")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces.

    >>> fold("  Kim Il-sung's ")
    'kim il sungs'
    >>> fold("Vasil'yev")
    'vasilyev'
    """
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = text.replace("'", "").replace("\u2019", "")
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def slug(text: str) -> str:
    """A lower-case, hyphenated key fit for an IRI path segment.

    >>> slug("Kim Il Sung")
    'kim-il-sung'
    >>> slug("8th Directorate of the General Staff")
    '8th-directorate-of-the-general-staff'
    """
    return fold(text).replace(" ", "-")


def collapse_letter_spacing(text: str) -> str:
    """Join a name printed with spaces between its letters.

    >>> collapse_letter_spacing("S H T Y K O V")
    'SHTYKOV'
    >>> collapse_letter_spacing("KIM IL SUNG")
    'KIM IL SUNG'
    >>> collapse_letter_spacing("F Y N   S I")
    'FYN SI'
    """
    if _TWO_LETTERS.search(text):
        return text                                # a word of two characters: not spaced out
    # "F E N G  X I": words separated by two or more spaces (before the one-word case, which
    # would join them into one)
    words = re.split(r"\s{2,}", text.strip())
    if len(words) > 1 and all(
        len(w.split()) > 1 and all(len(t) == 1 and t.isalpha() for t in w.split()) for w in words
    ):
        return " ".join("".join(w.split()) for w in words)
    tokens = text.split()
    if len(tokens) >= 3 and all(len(t) == 1 and t.isalpha() for t in tokens):
        return "".join(tokens)
    return text


def strip_honorifics(text: str) -> str:
    """Remove leading forms of address and ranks.

    >>> strip_honorifics("Comrade STALIN I.V.")
    'STALIN I.V.'
    >>> strip_honorifics("Cdes. Vasilevsky")
    'Vasilevsky'
    """
    return _HONORIFICS.sub("", text.strip()).strip()


def strip_initials(text: str) -> str:
    """Remove initials before or after a surname.

    >>> strip_initials("STALIN I.V.")
    'STALIN'
    >>> strip_initials("A.M. Vasilevsky")
    'Vasilevsky'
    >>> strip_initials("Kim Il Sung")
    'Kim Il Sung'
    """
    text = _TRAILING_INITIALS.sub("", text.strip())
    return _LEADING_INITIALS.sub("", text).strip()


def clean_name(printed: str) -> str:
    """The name without honorifics, quotes, possessives or letter-spacing; initials kept.

    >>> clean_name("comrade KIM IL SUNG:")
    'KIM IL SUNG'
    >>> clean_name("KIM IL SUNG'S")
    'KIM IL SUNG'
    >>> clean_name("S H T Y K O V")
    'SHTYKOV'
    >>> clean_name("Stalin, Joseph, 1879-1953")
    'Stalin, Joseph'
    >>> clean_name("the Politburo")
    'Politburo'
    >>> clean_name("Com. Shtykov")
    'Shtykov'
    >>> clean_name("General of the Army Zakharov")
    'Zakharov'
    """
    text = unicodedata.normalize("NFC", printed).replace("\u2019", "'")
    first = True
    while True:  # no pass lengthens the text: repeat to the fixed point (idempotence)
        before = text
        text = _without_possessive(text.strip().strip("\"'“”«»").strip())
        text = text.rstrip(":;,").strip()
        text = collapse_letter_spacing(text)
        text = _without_life_dates(text)
        text = _LEADING_ARTICLE.sub("", text)
        text = strip_honorifics(text)
        if first:  # passes only ever cut the ends: no run of spaces appears after the first
            text, first = re.sub(r"\s+", " ", text), False
        if text == before:
            break
    return text


# A pass of clean_name looks only at the ends of the name (a name of many layers, "the 'the
# 'the ...", takes a pass a layer); the patterns that tried every space of a run are gone.


def _without_possessive(text: str) -> str:
    """``re.sub(r"'[sS]$|'$", "", text)`` on a stripped text."""
    if text.endswith(("'s", "'S")):
        return text[:-2]
    return text[:-1] if text.endswith("'") else text


def _without_life_dates(text: str) -> str:
    r"""``text`` less the life dates that end it ("Stalin, Joseph, 1879-1953"): what
    ``re.sub(r",?\s*\b\d{4}\s*-\s*(?:\d{4})?$", "", text)`` gives on a stripped text, read
    backwards from its end (the pattern tried every space of a run: quadratic time)."""
    k = len(text)
    if k >= 4 and text[k - 4:].isdecimal():
        k -= 4                                     # "-1953"
    dash = _space_before(text, k) - 1
    if dash < 0 or text[dash] != "-":
        return text
    end = _space_before(text, dash)                # "1879 -"
    birth = end - 4
    if birth < 0 or not text[birth:end].isdecimal() or (birth and _is_word(text[birth - 1])):
        return text
    start = _space_before(text, birth)
    if start and text[start - 1] == ",":
        start -= 1
    return text[:start]


def _space_before(text: str, i: int) -> int:
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i


def _is_word(ch: str) -> bool:
    """``\\w``: a letter, a digit or ``_``."""
    return ch.isalnum() or ch == "_"


def display_name(name: str) -> str:
    """Title-case a name printed in capitals; leave mixed case alone.

    >>> display_name("MOROZOV")
    'Morozov'
    >>> display_name("Kim Il Sung")
    'Kim Il Sung'
    >>> display_name("KIM I.M."), display_name("A.B.")
    ('Kim I.M.', 'A.B.')
    """
    if name.isupper():
        # capitalise each run of letters, so that initials stay capitals ("A.B.", not "A.b.")
        return " ".join(_LETTER_RUN.sub(lambda m: m[0].capitalize(), w) for w in name.split())
    return name


_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")


def compact(text: str) -> str:
    """:func:`fold` without the spaces: hyphenation and word splits of romanised names vanish.

    >>> compact("Kim Il-sung") == compact("Kim Ilsung") == compact("KIM IL SUNG")
    True
    >>> compact("P'eng Teh-huai")
    'pengtehhuai'
    >>> compact("Pak Hŏn-yŏng")
    'pakhonyong'
    """
    return fold(text).replace(" ", "")


# A bracket opens a new word: "Filippov [Stalin]", but not "VKP(b)".
_BRACKETS = re.compile(r"(?:^|(?<!\s)\s+)[\[(]([^\[\]()]*)[\])]")


def split_brackets(printed: str) -> tuple[str, tuple[str, ...]]:
    """The name outside brackets, and the names given inside ``[...]`` or ``(...)``.

    Several names in one bracket are split at ``;``. Editorial ``sic`` is dropped.

    >>> split_brackets("Filippov [Stalin]")
    ('Filippov', ('Stalin',))
    >>> split_brackets("FENG XI [FYN SI; Stalin]")
    ('FENG XI', ('FYN SI', 'Stalin'))
    >>> split_brackets("the Chairman [Mao Zedong]")
    ('the Chairman', ('Mao Zedong',))
    >>> split_brackets("Kim Il Sung")
    ('Kim Il Sung', ())
    >>> split_brackets("Politburo of the CC VKP(b)")
    ('Politburo of the CC VKP(b)', ())
    """
    inner = tuple(
        part.strip()
        for group in _BRACKETS.findall(printed)
        for part in group.split(";")
        if part.strip() and fold(part) != "sic"
    )
    outer = re.sub(r"\s+", " ", _BRACKETS.sub(" ", printed)).strip()
    return outer, inner


# Russian oblique-case endings of surnames, longest first, with what replaces them in the
# nominative: Molotovu -> Molotov, Vyshinskomu -> Vyshinsky, Poskrebyshevym -> Poskrebyshev.
_CASE_ENDINGS = (
    ("skogo", "sky"), ("skomu", "sky"), ("skim", "sky"), ("skom", "sky"),
    ("ovym", "ov"), ("evym", "ev"), ("inym", "in"),
    ("ovu", "ov"), ("evu", "ev"), ("inu", "in"), ("ova", "ov"), ("eva", "ev"), ("ina", "in"),
    ("ove", "ov"), ("eve", "ev"), ("ine", "in"),
    ("om", ""), ("ym", ""), ("oi", ""), ("u", ""), ("a", ""), ("e", ""),
)


def russian_nominatives(word: str) -> tuple[str, ...]:
    """Candidate nominative forms of a surname in an oblique case (folded, longest rule first).

    Only candidates are produced; :mod:`kg.mapping.authority` accepts one only if a known surname
    has exactly that form. Stems shorter than four letters are never produced.

    >>> russian_nominatives("Poskrebyshevu")
    ('poskrebyshev',)
    >>> russian_nominatives("Vyshinskomu")
    ('vyshinsky', 'vyshinskom')
    >>> russian_nominatives("Kim")
    ()
    """
    folded = fold(word)
    if " " in folded:
        return ()
    out: list[str] = []
    for ending, replacement in _CASE_ENDINGS:
        if folded.endswith(ending):
            stem = folded[: -len(ending)] + replacement
            if len(stem) >= 4 and stem != folded:
                out.append(stem)
    return tuple(dict.fromkeys(out))


_DATE_DMY = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_DATE_MDY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_DATE_MY = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_DATE_Y = re.compile(r"^(\d{4})$")


def parse_date_line(text: str) -> PartialDate | None:
    """Parse a record's date line; ``None`` if it is not a date.

    >>> parse_date_line("October 9, 1950")
    PartialDate(year=1950, month=10, day=9)
    >>> parse_date_line("April 1950")
    PartialDate(year=1950, month=4, day=None)
    >>> parse_date_line("9 October 1950").iso()
    '1950-10-09'
    >>> parse_date_line("1948").iso()
    '1948'
    >>> parse_date_line("Telegram from Kim") is None
    True
    """
    text = text.strip()
    try:
        if m := _DATE_MDY.match(text):
            month, day, year = MONTHS.get(m[1].lower()), int(m[2]), int(m[3])
            if month is None:
                return None
            _check(year, month, day)
            return PartialDate(year, month, day)
        if m := _DATE_DMY.match(text):
            day, month, year = int(m[1]), MONTHS.get(m[2].lower()), int(m[3])
            if month is None:
                return None
            _check(year, month, day)
            return PartialDate(year, month, day)
        if m := _DATE_MY.match(text):
            month = MONTHS.get(m[1].lower())
            return PartialDate(int(m[2]), month) if month else None
        if m := _DATE_Y.match(text):
            return PartialDate(int(m[1]))
    except ValueError:
        return None
    return None


def _check(year: int, month: int, day: int) -> None:
    from datetime import date

    date(year, month, day)  # raises ValueError on 31 June and the like


@lru_cache(maxsize=256)
def language_code(name: str) -> str | None:
    """ISO 639-1 code (or 639-3 where there is no two-letter code) for a language name.

    >>> language_code("Russian")
    'ru'
    >>> language_code("Korean")
    'ko'
    >>> language_code("Klingonese") is None
    True
    """
    import pycountry

    try:
        lang = pycountry.languages.lookup(name.strip())
    except LookupError:
        return None
    return getattr(lang, "alpha_2", None) or lang.alpha_3
