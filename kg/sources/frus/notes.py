"""FRUS source notes: archival citations (NARA RG 59 Central Files, lot files, presidential
libraries; §4 archival source) and classification and handling markings.

Part of the FRUS reader (:mod:`kg.sources.frus.reader`).
"""

from __future__ import annotations

import re

from lxml import etree

from kg.records import ArchivalCitation
from kg.sources.frus.text import LEGACY_KIND, T, norm_space, text_with_breaks

__all__ = ["parse_source_note", "seg_markings"]

# ---------------------------------------------------------------------------------------------
# Source note (§4 archival source, classification)

_CLASS_WORDS = (r"Top Secret|Secret|Confidential|Unclassified|Limited Official Use|Official Use Only|"
                r"Restricted|Eyes Only|Personal and Confidential|Personal|Priority|Niact|Nodis|Exdis|"
                r"Limdis|Operational Immediate|Immediate|Flash|Routine|Emergency|Noforn|Sensitive|"
                r"Security Information|No Distribution|For Official Use Only|Literally Eyes Only|"
                r"Roger Channel|Cherokee|Special Handling|Controlled Dissem|Administratively Confidential"
                r"|No classification marking|Classification unknown|Declassified")
_CLASS_SENTENCE = re.compile(rf"(?:^|(?<=[.;:)\]])\s+|(?<=\s))(?P<s>(?:{_CLASS_WORDS})\b[^.]*)")
_CLASS_START = re.compile(rf"^(?:{_CLASS_WORDS})\b")
_NOT_MARKINGS = re.compile(r"^(?:No classification marking|Classification unknown)", re.I)
_DECIMAL = re.compile(r"^\s*(?:\d{3}(?:\.[\w-]+)?(?:\s+[\w.()&–-]+)*\s*/\s*[\w.–-]+|"
                      r"[A-Z]{2,5}\s+Files?:\s*Lot\s+\w+)")
_LOT = re.compile(r"\bLot\s+\d+\s*[A-Z]\s*\d+\b|\bLot\s+\w+")
_LIBRARY = re.compile(r"^(?:(?:[A-Z][\w.]*\s+){0,3}(?:Presidential\s+)?Library|"
                      r"Nixon Presidential Materials(?: Project)?|National Security Council Files)")
_LOC = re.compile(r"^Library of Congress(?:,?\s+Manuscripts? Division)?")
_DEPARTMENT = re.compile(r"^Department (?:of |or )?State\b", re.I)
_STATE_SERIES = re.compile(r"^(?:Executive Secretariat|S/S(?:\s*[-–]\s*[A-Z]+)?|S/P|Policy Planning Staff|"
                           r"International Trade|Conference)\s*(?:[-–]\s*)?Files?\b")
_ARCHIVE_HINT = re.compile(r"\b(?:Files?|Library|Archives?|Records|Papers|Center|Materials|"
                           r"Department|Agency|Ministry|Office|Institute|Foundation)\b")
_PUBLISHED = re.compile(r"\bp{1,2}\.\s*\d|\bBulletin\b|\bPublic Papers\b|Current Documents|"
                        r"\bprinted in\b|\bvol\.\s", re.I)


def _citation(piece: str) -> ArchivalCitation | None:
    """One archival location (§4): Central Files, lot files, presidential libraries, others."""
    text = piece.strip(" .;,")
    if not text or _PUBLISHED.search(text):
        return None
    legacy = LEGACY_KIND.sub("", text).strip()
    if m := re.match(r"^(?:National Archives(?: and Records Administration)?|NARA)\b,?\s*(.*)$", text):
        rest = m[1]
        rg = re.search(r"\bRG\s+(\d+)", rest)
        lot = _LOT.search(rest)
        cf = re.search(r"Central (?:Decimal |Foreign Policy )?Files?(?:\s+\d{4}[–-]\d{2,4})?,\s*"
                       r"([^,;]+(?:,[^,;]*\d[^,;]*)?)", rest)  # (not ",\s*[^,;]*": two ways to read spaces)
        desig = lot[0] if lot else (cf[1].strip() if cf else rest.split(",", 1)[-1].strip() or None)
        return ArchivalCitation(text, "NARA", record_group=rg[1] if rg else None,
                                file_designation=desig)
    if m := _LOC.match(text):
        return ArchivalCitation(text, "Library of Congress",
                                file_designation=text[m.end():].strip(" ,.") or None)
    if m := _DEPARTMENT.match(text):  # also the printed slips "Department State", "Department or State"
        rest = text[m.end():].lstrip(" ,")
        if lot := _LOT.search(rest):
            return ArchivalCitation(text, "NARA", record_group="59", file_designation=lot[0])
        cf = re.search(r"Central (?:Decimal )?Files?(?:\s+\d{4}[–-]\d{2,4})?,?\s*(.+)$", rest)
        return ArchivalCitation(text, "NARA", record_group="59",
                                file_designation=(cf[1] if cf else rest).strip(" ,.") or None)
    if _STATE_SERIES.match(legacy):  # a Department of State series after a ";" or alone
        lot = _LOT.search(legacy)
        return ArchivalCitation(text, "NARA", record_group="59",
                                file_designation=lot[0] if lot else legacy)
    if _DECIMAL.match(legacy):
        lot = _LOT.search(legacy)
        return ArchivalCitation(text, "NARA", record_group="59",
                                file_designation=lot[0] if lot else legacy)
    if m := _LIBRARY.match(text):
        return ArchivalCitation(text, m[0].strip(),
                                file_designation=text[m.end():].strip(" ,.") or None)
    if text.startswith("Washington National Records Center"):
        rg = re.search(r"\bRG\s+(\d+)", text)
        return ArchivalCitation(text, "Washington National Records Center",
                                record_group=rg[1] if rg else None,
                                file_designation=text.split(",", 1)[1].strip() if "," in text else None)
    head, _, rest = legacy.partition(",")
    head = head.split(":")[0].strip()
    if _ARCHIVE_HINT.search(head):
        lot = _LOT.search(legacy)
        return ArchivalCitation(text, head, file_designation=lot[0] if lot else (rest.strip() or None))
    return None


def _split_citations(part: str) -> list[str]:
    pieces: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in part:
        depth += ch == "("
        depth -= ch == ")"
        if ch == ";" and depth <= 0:
            pieces.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    pieces.append("".join(cur))
    return [p.strip() for p in pieces if p.strip()]


def parse_source_note(note: str) -> tuple[str, tuple[ArchivalCitation, ...], tuple[str, ...]]:
    """(citation as printed without ``Source:``, archival citations, markings) of a source note.

    >>> text, cits, marks = parse_source_note(
    ...     "Source: Department of State, Central Files, 795.00/10–950. Secret; Priority; Limdis.")
    >>> cits[0].archive, cits[0].record_group, cits[0].file_designation, marks
    ('NARA', '59', '795.00/10–950', ('Secret', 'Priority', 'Limdis'))
    """
    text = re.sub(r"^\s*Source\s*[:.]?\s+", "", norm_space(note))  # also the slips "Source." "Source"
    cls = _CLASS_SENTENCE.search(text)
    cit_part = text[:cls.start("s")] if cls else text
    if not cls:
        cit_part = re.split(r"\.\s+(?=(?:Drafted|Repeated|Sent|Transmitted|Also|Printed|According|"
                            r"The|This|Approved|Cleared|Initialed|Signed|No|Received|Copies|A|An|"
                            r"In|There|Another)\b)", text)[0]
    marks: list[str] = []
    if cls:
        for m in re.split(r"(?:(?<!\s)\s+)?;\s*", cls["s"]):
            m = m.strip(" .,")
            if m and not _NOT_MARKINGS.match(m) and len(m) <= 60:
                marks.append(m)
    cits = tuple(c for p in _split_citations(cit_part) if (c := _citation(p)))
    return text, cits, tuple(marks)


_MARKING = re.compile(rf"\b(?:{_CLASS_WORDS}|US Urgent|Urgent|Operational Priority|Niact)\b", re.I)
_MARKING_CASE = {"niact": "Niact", "limdis": "Limdis", "exdis": "Exdis", "nodis": "Nodis",
                 "us urgent": "US Urgent", "noforn": "Noforn"}


def seg_markings(opener: etree._Element | None) -> list[str]:
    """Markings printed in ``opener/seg`` (one per line: ``secret``, ``niact``)."""
    if opener is None:
        return []
    out: list[str] = []
    for seg in opener.iter(f"{T}seg"):
        for chunk in text_with_breaks(seg).split("\n"):
            for piece in re.split(r"(?:(?<!\s)\s+)?[;—]\s*", chunk):
                piece = norm_space(piece).strip(" .,")
                known = [k[0] for k in _MARKING.finditer(piece)]
                for m in (known if known and sum(map(len, known)) >= len(piece.replace(" ", "")) * 0.6
                          else [piece] if piece else []):
                    low = m.lower()
                    out.append(_MARKING_CASE.get(low) or (m.title() if m.islower() or m.isupper() else m))
    return out
