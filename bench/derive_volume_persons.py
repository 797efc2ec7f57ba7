"""Derive ``data/authority/frus-volume-persons.csv``: every FRUS volume's own persons list.

Reads the FRUS TEI volumes of the corpus (``frus/``, ``frus-bulk/``, ``frus-more/`` under
``KG_CORPUS`` or ``../shared/corpus``) and writes one row per ``persName[@xml:id]`` of a
volume's ``div[@xml:id="persons"]``: ``volume`` (the volume id, ``TEI/@xml:id`` or the
file's stem), ``id`` (the persons-list anchor, ``p_RD1``) and ``name`` (the entry as listed,
``Rusk, Dean``, notes left out, on one line). The mapping uses it to resolve a surname, an
initialled name or the initials (``JFK``) printed in a head or signature through the
volume's own list (:mod:`kg.mapping.authority.volumes`). Deterministic: same inputs,
byte-identical output.

Run::

    .venv/bin/python bench/derive_volume_persons.py [--corpus DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
FOLDERS = ("frus", "frus-bulk", "frus-more")


def _text(el: etree._Element) -> str:
    """The element's text on one line, ``note`` subtrees left out (their tails kept)."""
    out: list[str] = [el.text or ""]
    for ch in el:
        if ch.tag != f"{TEI}note":
            out.append(_text(ch))
        out.append(ch.tail or "")
    return " ".join("".join(out).split())


def volume_persons(path: Path) -> list[tuple[str, str, str]]:
    """(volume, id, name) for each person of the volume's persons list, in reading order."""
    rows: list[tuple[str, str, str]] = []
    volume = path.stem
    for _, el in etree.iterparse(str(path), events=("end",), tag=(f"{TEI}div", f"{TEI}TEI"),
                                 huge_tree=True):
        if el.tag == f"{TEI}div" and el.get(XML_ID) == "persons":
            rows += [(volume, pn.get(XML_ID), _text(pn)) for pn in el.iter(f"{TEI}persName")
                     if pn.get(XML_ID) and _text(pn)]
            break
        if el.tag == f"{TEI}div" and el.get("type") == "document":
            break  # the persons list comes before the documents
    return rows


def main(argv: list[str] | None = None) -> int:
    """Write the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path,
                    default=Path(os.environ.get("KG_CORPUS", ROOT.parent / "shared" / "corpus")))
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "authority" / "frus-volume-persons.csv")
    args = ap.parse_args(argv)
    files = sorted(p for folder in FOLDERS for p in (args.corpus / folder).glob("*.xml"))
    rows = sorted({row for path in files for row in volume_persons(path)})
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["volume", "id", "name"])
        writer.writerows(rows)
    print(f"{len(rows)} persons of {len({r[0] for r in rows})} volumes -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
