"""Calendar entries of the FRUS microfiche supplements: the parties of a one-line summary.

A microfiche supplement (frus1961-63v07-09mSupp, frus1961-63v10-12mSupp) prints, for each
document it reproduces on fiche, one calendar entry as the document's head:
"21. Telegram 295 to Moscow, July 28. Disarmament talks: proposed recess. Confidential.
4 pp. Department of State, Central Files, 600.0012/7–2861." The parties stop at the date
(:func:`~kg.sources.frus.heads.calendar_end`), and a telegram names only its far end: a
Department of State telegram "to Moscow" is the Department's to the post at Moscow, one
"from Moscow" the post's to the Department (the calendars list the Department's
telegrams by post, as its Central Files do). The other end is the agency whose files the
entry cites: a telegram "to McCone" cited from "CIA, DCI (McCone) Files" is the Central
Intelligence Agency's; where the entry cites Defense files ("OSD", "JCS", which hold copies of
others' telegrams), the other end is not inferred.

Part of the FRUS reader (:mod:`kg.sources.frus.reader`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree

from kg.records import NameRef, Span
from kg.sources.frus.heads import HEAD_NUMBER, Context, calendar_end, calendar_posts, parties

__all__ = ["calendar_parties"]

#: files that hold copies of other agencies' telegrams: the other end is unknown
_COPY_FILES = re.compile(r"\b(?:OSD|JCS|Joint Chiefs|NDU|Department of Defense|Defense Department|"
                         r"USIA|NSA)\b")
#: the Central Intelligence Agency's files: the other end is the Agency
_CIA_FILES = re.compile(r"\b(?:CIA|Central Intelligence Agency)\b")
DEPARTMENT = "Department of State"
AGENCY = "Central Intelligence Agency"


def calendar_parties(title: str, f_span: tuple[int, int] | None, t_span: tuple[int, int] | None,
                     marks: list[tuple[etree._Element, int, int]], ctx: Context, kind: str
                     ) -> tuple[list[NameRef], list[NameRef]]:
    """(senders, addressees) of a calendar entry, the Department of State added as the other
    end of a telegram that names one end only (see the module's docstring)."""
    senders = _posts(title, f_span, marks, ctx, kind)
    addressees = _posts(title, t_span, marks, ctx, kind)
    end = calendar_end(title)
    if kind != "Telegram" or bool(senders) == bool(addressees) or end is None \
            or _COPY_FILES.search(title, end):
        return senders, addressees
    num = HEAD_NUMBER.match(title)
    start = num.end() if num else 0
    agency = AGENCY if _CIA_FILES.search(title, end) else DEPARTMENT
    # the words the other end is read from: "Telegram 295 to Moscow"
    other = NameRef(agency, role_hint="organization", span=Span(start, end) if start < end else None)
    far = senders or addressees
    if agency == DEPARTMENT:  # the far end of a Department telegram is a post ("Moscow"), not a person
        far = [p if p.ref_id or p.role_hint in ("organization", "office")
               else replace(p, role_hint="organization") for p in far]
    return (far, [other]) if senders else ([other], far)


def _posts(title: str, span: tuple[int, int] | None, marks: list[tuple[etree._Element, int, int]],
           ctx: Context, kind: str) -> list[NameRef]:
    """The parties of one end: each post of "Quito and 553 to Lima" apart."""
    if span is None:
        return []
    refs = [ref for a, b in calendar_posts(title, *span) for ref in parties(title, a, b, marks, ctx)]
    if kind != "Telegram":
        return refs
    # one capitalised word at a telegram's end is a post ("Moscow") or a person ("McCone"): the
    # reader cannot tell
    return [replace(r, role_hint="") if r.role_hint == "person" and not r.ref_id and " " not in r.printed
            else r for r in refs]
