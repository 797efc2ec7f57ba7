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
from kg.sources.limits import check_count
from kg.sources.text import Line, span_of

__all__ = ["TRANSLATION", "addressee", "header_cell", "header_lines", "is_header_line"]

TRANSLATION = re.compile(r"^(?:Translation\b.*|English Translation|Translated\b.*)$", re.IGNORECASE)
# a label naming the document as a ciphered telegram, a cable or a ciphergram, and its number
# ("CIPHERED TELEGRAM No. 1403", "Cipher telegram Nº 811/sh", "CIPHERGRAM No. 2417"), also at the
# head of an excerpt ("Excerpt from ciphered telegram No. 2961 from Beijing": the excerpted
# telegram's own number); several telegrams take several numbers ("CIPHERED TELEGRAMS NºNº 1398,
# 1399"); an office's registry number ("Outgoing No. 214") is not one
_KINDS = (r"(?:ciphered telegram|cipher telegram|coded telegram|cable telegram|ciphered cable|cipher cable"
          r"|ciphergram|telegram|cable)s?")
_CIPHER = re.compile(
    r"^(?:(?:excerpts?|extracts?) from\s+(?:an?\s+|the\s+)?)?"
    rf"(?P<kind>{_KINDS})"
    r"\s*(?:#|Nos?\.?|(?:N[º°o]\.?){1,2})\s*(?P<num>\d[\w/-]*)"
    r"(?P<more>(?:\s*(?:,|\band\b)\s*\d[\w/-]*(?=\s*(?:,|\band\b|$)))*)", re.IGNORECASE)
_NUMBER = re.compile(r"\d[\w/-]*")
#: A cipher label alone on its line, its number on the next ("Ciphergram" / "No. 107").
_LABEL = re.compile(rf"^{_KINDS}$", re.IGNORECASE)
#: A document's own heading: the number under it is the document's ("DIRECTIVE" / "No. 15").
_DOCUMENT = re.compile(r"^(?:DIRECTIVE|INSTRUCTIONS?|NOTE(?: VERBALE)?|VERBAL NOTE|RESOLUTION|DECISION"
                       r"|PROTOCOL|ORDER|INFORMATION|MEMORANDUM|REPORT|LETTER|STATEMENT)\b")
_BARE_NO = re.compile(r"^No\.?\s*(?P<num>\d+)$")
# a party body's heading: the number under it is a protocol's ("CC CPSU" / "No. 49"), not a cipher number
_PARTY = re.compile(r"\b(?:CC|CPSU|CCP|VKP|WPK|SED|CENTRAL COMMITTEE|PRESIDIUM|POLITBURO|SECRETARIAT"
                    r"|PARTY)\b")
_TO_HEAD = re.compile(r"TO:?\s+", re.IGNORECASE)
_NOT_WHO = re.compile(r"No\b|Nº|\d", re.IGNORECASE)
_INITIAL = re.compile(r"\b[A-Z]\.", re.IGNORECASE)
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
    anywhere, the transmission steps it prints. Below the header a line that is a cipher
    label alone heads the next part of a telegram sent in several (``CABLE Nº 1152``)."""
    if in_header and (_cipher(cell, acc) or _bare_number(cell, around.previous, acc)
                      or _addressee(cell, acc) or _place(cell, acc)):
        return
    if not in_header and cell.text == around.content[around.i].text and _part_label(cell, acc):
        return
    acc.events.extend(cell_events(cell, in_header, around))
    check_count("the list of transmission steps", len(acc.events), cell.n)


def _cipher(cell: Line, acc: Accumulator) -> bool:
    """``Ciphered Telegram # 600382/sh``: the number, and the kind when it says ciphered."""
    if not (m := _CIPHER.match(cell.text)):
        return False
    if m["kind"].lower().startswith(("cipher", "coded")):
        acc.kind = "CipheredTelegram"
        acc.evidence.append(("header-kind", span_of(cell, m, "kind")))
    _add_numbers(cell, m, acc)
    return True


def _add_numbers(cell: Line, m: re.Match[str], acc: Accumulator) -> None:
    """The numbers of a cipher label, each of a short range spelled out ("CABLE Nº 511-512":
    a telegram sent in two parts, numbered 511 and 512, as the title's "Nos. 511-512" reads)."""
    for found in _NUMBER.finditer(cell.text, m.start("num"), m.end()):
        r = re.fullmatch(r"(\d+)-(\d+)", found[0])
        lo, hi = (int(r[1]), int(r[2])) if r else (0, 0)
        numbers = [str(n) for n in range(lo, hi + 1)] if r and 0 < hi - lo < 50 else [found[0]]
        for number in numbers:
            acc.cipher.append(number)
            check_count("the list of cipher numbers", len(acc.cipher), cell.n)
            acc.evidence.append((f"cipher:{number}", span_of(cell, found)))


def _part_label(cell: Line, acc: Accumulator) -> bool:
    """A line that is only a cipher label (``CIPHERED TELEGRAM No. 1404``): the number of
    one part of a telegram sent in several."""
    if not ((m := _CIPHER.match(cell.text)) and m.end() == len(cell.text.rstrip("."))):
        return False
    _add_numbers(cell, m, acc)
    return True


def _bare_number(cell: Line, previous: Line | None, acc: Accumulator) -> bool:
    """``No. 26044`` under a heading in capitals (a ministry's: ``MID USSR``), not under
    ``TRANSLATION``, a party body's (``CC CPSU``: a protocol number) nor a document's own
    heading (``DIRECTIVE``: the directive's number); and under a cipher label alone on its
    line (``Ciphergram`` / ``No. 107``)."""
    if not ((m := _BARE_NO.match(cell.text)) and previous is not None):
        return False
    heading = previous.text.strip()
    if not _LABEL.match(heading) and not (
            re.fullmatch(r"[A-Z][A-Z() ]{2,}", heading) and not TRANSLATION.match(heading)
            and not _PARTY.search(heading) and not _DOCUMENT.match(heading)):
        return False
    acc.cipher.append(m["num"])
    acc.evidence.append((f"cipher:{m['num']}", span_of(cell, m, "num")))
    return True


def addressee(text: str) -> tuple[int, int] | None:
    """Where the addressee of a ``To ...`` cell stands (``To Comrade STALIN I.V.``).

    The span of ``who`` in ``^TO:?\\s+(?P<who>(?!No\b|Nº)[^\\d].*?(?:\b[A-Z]\\.)*)[.:]?$``
    (case ignored), found in linear time (the pattern took quadratic time): the name ends
    with the line, less a final ``.`` or ``:`` that does not close an initial.

    >>> t = "To Comrade STALIN I.V."
    >>> t[slice(*addressee(t))], addressee("To No. 5")
    ('Comrade STALIN I.V.', None)
    """
    head = _TO_HEAD.match(text)
    if head is None:
        return None
    first = head.start() + len(head[0].rstrip())  # where the whitespace after "To:" starts
    w = head.end()
    if w >= len(text) or _NOT_WHO.match(text, w):
        w -= 1                                     # the name starts with the last space
        if w <= first:
            return None
    return w, _name_end(text, w + 1)


def _name_end(text: str, floor: int) -> int:
    """End of ``.*?(?:\b[A-Z]\\.)*`` from ``floor`` before ``[.:]?$``: the earliest start of
    a run of initials reaching the end (or the end less a final ``.`` or ``:``)."""
    n = len(text)
    best: tuple[int, int] | None = None            # (start of the run, end of the name)
    for end in (n, n - 1):
        if end < floor or (end == n - 1 and text[n - 1:] not in (".", ":")):
            continue
        k = end
        while k - 2 >= floor and _INITIAL.match(text, k - 2):
            k -= 2
        if best is None or k < best[0]:
            best = (k, end)
    assert best is not None                        # the end itself always closes the name
    return best[1]


def _addressee(cell: Line, acc: Accumulator) -> bool:
    """``To Comrade STALIN I.V.``: a form of address and an addressee."""
    if (found := addressee(cell.text)) is None:
        return False
    span = cell.span(*found)
    who = cell.text[found[0]:found[1]].strip()
    if who.casefold().startswith(("your ", "my ", "our ")):
        return False                               # "To your No. 2215": a reference, no addressee
    acc.addressed_as.append(who)
    acc.addressees.append(NameRef(who, cell.n, span=span))
    acc.evidence.append((f"addressed:{who}", span))
    return True


def _place(cell: Line, acc: Accumulator) -> bool:
    """``FROM: PYONGYANG``: the place sent (the first one only)."""
    if acc.place is not None or not (m := _FROM.match(cell.text)):
        return False
    acc.place = m["where"].strip()
    acc.evidence.append(("place_sent", span_of(cell, m, "where")))
    return True
