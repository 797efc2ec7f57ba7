"""The header of a text: cipher numbers, addressee lines and the place sent.

``Ciphered Telegram # 600382/sh``, ``CABLE Nº 58458``, ``No. 26044`` under a ministry
heading; ``To Comrade STALIN I.V.``; ``FROM: PYONGYANG``. A header line may hold several
cells (runs of spaces apart); each cell is read on its own, and transmission steps
(:mod:`kg.sources.body.events`) are read from every short line, in the header or not.
"""

from __future__ import annotations

import re

from kg.records import NameRef
from kg.sources.body.events import cell_events
from kg.sources.body.facts import Accumulator, Around
from kg.sources.text import Line, span_of

__all__ = ["TRANSLATION", "header_cell", "header_lines", "is_header_line"]

TRANSLATION = re.compile(r"^(?:Translation\b.*|English Translation|Translated\b.*)$", re.IGNORECASE)
_CIPHER = re.compile(
    r"^(?P<kind>ciphered telegram|cipher telegram|coded telegram|cable telegram|telegram|cable)\s*"
    r"(?:#|No\.?|N[º°o]\.?)\s*(?P<num>\d[\w/-]*)", re.IGNORECASE)
_BARE_NO = re.compile(r"^No\.?\s*(?P<num>\d+)$")
_TO = re.compile(r"^TO:?\s+(?P<who>(?!No\b|Nº)[^\d].*?(?:\b[A-Z]\.)*)[.:]?$", re.IGNORECASE)
_FROM = re.compile(r"^FROM:?\s+(?P<where>[A-Za-z][A-Za-z' -]+?)\.?$", re.IGNORECASE)


def is_header_line(line: Line) -> bool:
    """A short line (at most 14 words), as header lines are."""
    return len(line.text.split()) <= 14


def header_lines(content: list[Line], quoted: set[int]) -> set[int]:
    """Numbers of the leading short lines (at most 16) before the first long or quoted one."""
    header: set[int] = set()
    for line in content[:16]:
        if not is_header_line(line) or line.n in quoted:
            break
        header.add(line.n)
    return header


def header_cell(cell: Line, in_header: bool, around: Around, acc: Accumulator) -> None:
    """Read one cell: in the header, a cipher number, an addressee or the place sent;
    anywhere, the transmission steps it prints."""
    if in_header and (_cipher(cell, acc) or _bare_number(cell, around.previous, acc)
                      or _addressee(cell, acc) or _place(cell, acc)):
        return
    acc.events.extend(cell_events(cell, in_header, around))


def _cipher(cell: Line, acc: Accumulator) -> bool:
    """``Ciphered Telegram # 600382/sh``: the number, and the kind when it says ciphered."""
    if not (m := _CIPHER.match(cell.text)):
        return False
    if m["kind"].lower().startswith(("cipher", "coded")):
        acc.kind = "CipheredTelegram"
        acc.evidence.append(("header-kind", span_of(cell, m, "kind")))
    acc.cipher.append(m["num"])
    acc.evidence.append((f"cipher:{m['num']}", span_of(cell, m, "num")))
    return True


def _bare_number(cell: Line, previous: Line | None, acc: Accumulator) -> bool:
    """``No. 26044`` under a heading in capitals (a ministry's), not under ``TRANSLATION``."""
    if not ((m := _BARE_NO.match(cell.text)) and previous is not None
            and re.fullmatch(r"[A-Z][A-Z() ]{2,}", previous.text.strip())
            and not TRANSLATION.match(previous.text)):
        return False
    acc.cipher.append(m["num"])
    acc.evidence.append((f"cipher:{m['num']}", span_of(cell, m, "num")))
    return True


def _addressee(cell: Line, acc: Accumulator) -> bool:
    """``To Comrade STALIN I.V.``: a form of address and an addressee."""
    if not (m := _TO.match(cell.text)):
        return False
    who = m["who"].strip()
    acc.addressed_as.append(who)
    acc.addressees.append(NameRef(who, cell.n, span=span_of(cell, m, "who")))
    acc.evidence.append((f"addressed:{who}", span_of(cell, m, "who")))
    return True


def _place(cell: Line, acc: Accumulator) -> bool:
    """``FROM: PYONGYANG``: the place sent (the first one only)."""
    if acc.place is not None or not (m := _FROM.match(cell.text)):
        return False
    acc.place = m["where"].strip()
    acc.evidence.append(("place_sent", span_of(cell, m, "where")))
    return True
