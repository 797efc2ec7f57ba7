"""Party candidates of FRUS heads, signatures and lists: what is a name, and its clean form.

The reader hands the mapping a person, body or office only where the words are one: not a
heading of a list ("Absent", "Americans"), an editorial note ("[Here follows the same list
as Document 255.]"), a publication ("Bulletin No. 151, May 17, 1948"), a sentence of the
text ("2. For any new arrangements the Soviets would demand ...") or bare initials ("M W.
B"). A name keeps what names the person and loses what qualifies it: the date appended
to it ("Ann C. Whitman, February 6, 1956"), the place ("General ... MacArthur, at Toyko"),
the office ("Charlton Ogburn, Jr., of the Division of Southeast Asian Affairs"), and an
editor's completion in brackets is read as the name it completes ("D A[cheson" is
"D. Acheson").

Part of the FRUS reader (:mod:`kg.sources.frus.reader`). Every rule here is written for
the conventions of the printed volumes and runs in linear time.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["clean_name", "complete_brackets", "is_heading", "only_initials", "strip_qualifiers",
           "full_name", "printed_in_full"]

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December)")
# ", February 6, 1956", " February 1956", ", undated" at the end
_TRAILING_DATE = re.compile(rf"(?:,|(?<!\s))\s+(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|{_MONTH},?\s+\d{{4}}|"
                            rf"undated|\[undated\])\.?$")
# ", at Toyko", " at Paris" at the end: where the person was, not who
_TRAILING_PLACE = re.compile(r"(?:,|(?<!\s))\s+at\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")
# "Charlton Ogburn, Jr., of the Division of ...": the name, then ", of the <office>"
_OF_OFFICE = re.compile(r"^(?P<name>(?:[A-Z][\w’'-]*\.?\s+){1,4}[A-Z][\w’'-]+(?:,\s+(?:Jr|Sr)\.|,?\s+"
                        r"(?:II|III|IV|2d|3d))?),?\s+of\s+the\s+(?P<office>[A-Z].*)$")
_OFFICE_WORDS = ("Division|Office|Bureau|Staff|Department|Embassy|Mission|Delegation|Section|Branch|"
                 "Secretariat|Agency|Council|Committee|Board|Legation|Consulate|Command|Service")
_OFFICE_PART = re.compile(rf"\b(?:{_OFFICE_WORDS})\b")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Miss|Ms|Dr)\.?\s+(?=[A-Z])")
# an editor's completion of a name: "A[cheson", "B[utterworth]"
_COMPLETION = re.compile(r"\b([A-Z])\[([a-z][\w’'-]*)\]?")
# a bare initial before a name or another initial: "D Acheson" -> "D. Acheson"
_BARE_INITIAL = re.compile(r"\b([A-Z])(?=\s+[A-Z])")
_ITEM_NUMBER = re.compile(r"^(?:\(\d+\)|\d+[.)])\s+")
# a document's number after a name: "McNamara, JCSM-236–61"
_TRAILING_NUMBER = re.compile(r",\s+[A-Z]+[-–](?=[\w–-]*\d)[\w–-]*$")
_INITIALS = re.compile(r"^(?:[A-Z]\.?\s*){1,4}$")
# words that head a list or a group in it, never a party of their own
_HEADINGS = re.compile(r"^(?:Absent|Present|Also\s+[Pp]resent|Participants?|Others?|Observers?|Guests?|"
                       r"Americans|Soviets|British|French|Germans|Russians|Chinese|Japanese|Koreans|"
                       r"(?:U\.?\s?S\.?|United States|American|Soviet|British|French|German|[A-Z][a-z]+)"
                       r"\s+(?:Side|Delegation|Participants|Representatives))\s*[:.]?$")
# a publication or an instrument, not an author: "Bulletin No. 151", "Agreement", "Protocol"
_DOCUMENT = re.compile(r"^(?:Bulletin|Report|Paper|Despatch|Dispatch|Telegram|Airgram|Memorandum|"
                       r"Agreement|Protocol|Treaty|Convention|Resolution|Communiqu[eé]|Statement|"
                       r"Article|Annex|Enclosure|Extract|Minutes|Record)\b(?:\s+No\.\s*\d|\s*$|"
                       r"\s+(?:of|on|by|from)\s)")
# the posts a circular telegram goes to: "certain diplomatic missions", "selected ARA diplomatic posts"
_POSTS = re.compile(r"\b(?:missions|posts|embassies|consulates|legations|delegations)$")
# no name: "unknown drafter", "unidentified official"
_UNKNOWN = re.compile(r"^(?:an?\s+)?(?:unknown|unidentified|anonymous)\b", re.I)
#: words a name may hold in lower case ("de Gaulle", "von Brentano", "of the Army")
_PARTICLES = frozenset("de da di del della des du la le von van der den ten al el bin ibn y e of the "
                       "and für zu".split())


def complete_brackets(text: str) -> str:
    """An editor's completion of an initialled signature read as the name it completes.

    >>> complete_brackets("D A[cheson"), complete_brackets("W. W B[utterworth]")
    ('D. Acheson', 'W. W. Butterworth')
    """
    if "[" not in text:
        return text
    done = _COMPLETION.sub(lambda m: m[1] + m[2], text)
    return _BARE_INITIAL.sub(r"\1.", done) if done != text else text


def only_initials(text: str) -> bool:
    """Whether a signature is initials only (``"M W. B"``, ``"D.A."``): no name to resolve.

    >>> only_initials("M W. B"), only_initials("D. Acheson")
    (True, False)
    """
    return bool(_INITIALS.match(text.strip()))


def is_heading(text: str) -> bool:
    """Whether a list item heads the list or a group of it (``"Absent"``, ``"U.S. Side:"``).

    >>> is_heading("Absent"), is_heading("Americans"), is_heading("Ambassador Thompson")
    (True, True, False)
    """
    return bool(_HEADINGS.match(text.strip()))


def strip_qualifiers(text: str, person: bool = True) -> str:
    """A party phrase without the date or place appended to it, a person's also without a
    document number (for an office, only a place after a comma: "Consul General at
    Jerusalem" is an office).

    >>> strip_qualifiers("Ann C. Whitman, February 6, 1956")
    'Ann C. Whitman'
    >>> strip_qualifiers("General of the Army Douglas MacArthur, at Toyko", person=False)
    'General of the Army Douglas MacArthur'
    """
    out = _TRAILING_DATE.sub("", text.strip())
    if person:  # "McNamara, JCSM-236–61"; but "Chief, WH-4" is an office
        out = _TRAILING_NUMBER.sub("", out)
    if (m := _TRAILING_PLACE.search(out)) and (person or out[m.start()] == ","):
        out = out[:m.start()]
    return out.strip(" ,;")


def _is_sentence(text: str) -> bool:
    """A sentence of the text, not a name: a third of its words in lower case beyond the
    particles a name holds (``"For any new arrangements the Soviets would demand ..."``)."""
    words = text.split()
    lower = [w for w in words if w[:1].islower() and w.strip(",.;:()") not in _PARTICLES]
    return len(words) >= 5 and len(lower) >= 3 and 3 * len(lower) >= len(words)


def clean_name(printed: str, role: str, item: bool = False) -> tuple[str, str] | None:
    """(printed, role) of a party candidate in its clean form, or ``None`` when it is no name.

    ``role`` is the reader's guess (``"person"``, ``"office"``, ``"organization"``, ``""``);
    ``item``: the candidate is an item of a list of participants (which has headings).

    >>> clean_name("Charlton Ogburn, Jr., of the Division of Southeast Asian Affairs", "")
    ('Charlton Ogburn, Jr.', 'person')
    >>> clean_name("Bulletin No. 151, May 17, 1948", "") is None
    True
    >>> clean_name("[Here follows the same list as Document 255.]", "") is None
    True
    """
    text = " ".join(printed.split())
    if not text or (text.startswith("[") and text.endswith("]")) or (item and is_heading(text)) \
            or _DOCUMENT.match(text) or _UNKNOWN.match(text):
        return None
    person = role in ("person", "")
    # the number of a list item ("4. Jack C. Corbett", "(1) RUMANYTSEV") is not part of a name
    text = strip_qualifiers(complete_brackets(_ITEM_NUMBER.sub("", text)), person)
    if person and _POSTS.search(text):
        return text, "organization"
    if not text or _DOCUMENT.match(text) or (person and _is_sentence(text)):
        return None
    if person and (m := _OF_OFFICE.match(_HONORIFIC.sub("", text))) and _OFFICE_PART.search(m["office"]):
        return m["name"], "person"
    if role == "person" and only_initials(text):
        return None
    return text, role


# a personal name in full: forenames or initials, then a surname (``Sidney W. Souers``,
# ``Charles W. Lewis, Jr.``, ``Roderic L. O'Connor``, ``Charles de Gaulle``)
_FULL_NAME = re.compile(r"^(?:[A-Z][a-z’'-]+(?:[A-Z][a-z’'-]+)?|[A-Z]\.(?:\s?[A-Z]\.)*)"
                        r"(?:\s+(?:[A-Z][a-z’'-]+(?:[A-Z][a-z’'-]+)?|[A-Z]\.|de|van|von|da|du|la|le))*"
                        r"\s+(?:O’|O'|Mc|Mac)?[A-Z][a-z’'-]+(?:,?\s+(?:Jr\.|Sr\.|II|III|IV|2d|3d))?$")


# words no personal name holds: bodies and offices ("Under Secretary", "General
# Headquarters", "Sherman Kent Chairman"); and, first, ranks and titles ("King Hussein",
# "General Taylor"), which are surnames elsewhere (Winston Lord)
_BODY_WORD = re.compile(rf"\b(?:{_OFFICE_WORDS}|Panel|Group|Report|Force|Team|Government|House|Chiefs|"
                        r"States|Nations|Republic|Union|Headquarters|Secretary|Chairman|Ambassador|"
                        r"Counselor|Commanding)\b"
                        r"|^(?:Under|Acting|Deputy|Assistant|President|Minister|Premier|Consul|General|"
                        r"Admiral|Colonel|Major|Captain|Commander|Lieutenant|Marshal|Governor|Senator|"
                        r"Judge|King|Queen|Prince|Shah|Emperor|Sir|Lord|Mr|Mrs|Dr)\b")


def full_name(text: str) -> bool:
    """Whether ``text`` is a personal name in full (a forename or initials, then a surname).

    >>> [full_name(t) for t in ("Sidney W. Souers", "McGeorge Bundy", "Souers",
    ...                         "DEAN ACHESON", "Technological Capabilities Panel Report", "M W. B",
    ...                         "Carlos P. Garcia W. J. Sebald", "Under Secretary", "King Hussein",
    ...                         "Winston Lord")]
    [True, True, False, False, False, False, False, False, False, True]
    """
    words = [w for w in text.replace(",", " ").split() if w not in ("Jr.", "Sr.", "II", "III", "IV")]
    return len(words) <= 4 and bool(_FULL_NAME.match(text)) and not _BODY_WORD.search(text)


def printed_in_full(records: list[Any]) -> tuple[tuple[str, str], ...]:
    """The personal names a volume prints in full in its heads and signatures (the senders,
    authors and addressees of its documents and what they carry, and the signatures), each
    with the offices printed with it or, for a signature, with the head's surname it signs
    for (``("Rowland Hughes", "Director of the Bureau of the Budget")``), sorted: where a
    head elsewhere in the volume prints only the surname (``Hughes``), the mapping joins it
    to the one of these with that surname, told apart by the office where several have it.
    """
    found: dict[str, set[str]] = {}
    for record in records:
        stack = [record.message]
        while stack:
            msg = stack.pop()
            stack.extend(msg.transmits)
            offices = {_last_word(r.printed): r.office for r in (*msg.senders, *msg.authors) if r.office}
            for ref in (*msg.senders, *msg.authors, *msg.addressees):
                if ref.role_hint == "person" and full_name(ref.printed):
                    found.setdefault(ref.printed, set()).update([ref.office] if ref.office else [])
            # the editor's completions read as the name: "L[oy] W. H[enderson]"
            for signed in (s.replace("[", "").replace("]", "") for s in msg.signed_as):
                if full_name(signed):
                    office = offices.get(_last_word(signed))
                    found.setdefault(signed, set()).update([office] if office else [])
    return tuple((name, "; ".join(sorted(found[name]))) for name in sorted(found))


def _last_word(name: str) -> str:
    words = [w for w in name.replace(",", " ").split() if w not in ("Jr.", "Sr.", "II", "III", "IV")]
    return words[-1].casefold() if words else ""
