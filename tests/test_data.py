"""data/ holds the real sample unchanged, and authority tables that load cleanly."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_sample_is_unchanged() -> None:
    """The sample record's SHA-256 is the one in ../shared/corpus/MANIFEST.md."""
    digest = hashlib.sha256((ROOT / "data" / "wilson" / "112696.txt").read_bytes()).hexdigest()
    assert "922c70178f727d9963887eac6f0c2486892c3f644b3b9c8c2a4a342053a57907" == digest


def test_people_keys_are_unique_and_labels_unambiguous(authority) -> None:
    """No two entries share a key, and no label points to two different people."""
    rows = list(csv.DictReader((ROOT / "data" / "authority" / "people.csv").open(encoding="utf-8")))
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys))
    seen: dict[str, str] = {}
    for entry in authority.entries.values():
        for label in (entry.pref_label, *entry.alt_labels, *entry.hidden_labels):
            other = seen.setdefault(label.casefold(), entry.key)
            assert entry.key == other, f"{label!r} names both {other} and {entry.key}"


def test_only_verified_ids_become_same_as(authority) -> None:
    """Rows marked V get owl:sameAs; V1 only closeMatch; U nothing."""
    rows = {r["key"]: r for r in csv.DictReader((ROOT / "data" / "authority" / "people.csv").open(encoding="utf-8"))}
    for key, entry in authority.entries.items():
        status = rows[key]["verification"] if key in rows else "U"  # derived tables carry no Wikidata IDs
        assert (status == "V") == bool(entry.same_as), key
        assert (status == "V1") == bool(entry.close_match), key


def test_sample_names_resolve(authority) -> None:
    """Every form of a name printed in the sample resolves to the right person."""
    forms = {"Comrade STALIN I.V.": "stalin", "STALIN Iosif Vissarionovich": "stalin",
             "Shitykov": "shtykov", "S H T Y K O V": "shtykov", "comrade KIM IL SUNG": "kim-il-sung",
             "KIM IL SUNG'S": "kim-il-sung", "Morozov": "morozov", "Kravchuk": "kravchuk",
             "8D/GS": "8th-directorate-general-staff", "Bulganin": "bulganin"}
    assert forms == {form: authority.resolve(form).key for form in forms}
