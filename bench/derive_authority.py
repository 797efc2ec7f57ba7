"""Derive ``data/authority/us-offices.csv`` and ``data/authority/frus-persons.csv`` from the corpus.

Reads only ``../shared/corpus/pocom/`` (Principal Officers & Chiefs of Mission, Office of the
Historian, public domain / CC0) and ``../shared/corpus/hso-people-subset/`` (HistoryAtState
person records), plus ``data/authority/people.csv`` for the project keys of people already
known. The raw files stay in the corpus; only the two derived fact tables are committed.

Run (deterministic: same inputs, byte-identical output)::

    .venv/bin/python bench/derive_authority.py        # corpus from KG_CORPUS or ../shared/corpus
    .venv/bin/python bench/derive_authority.py --corpus DIR --out /tmp/auth

``us-offices.csv``: one row per term of office that overlaps :data:`PERIOD` (1945-01-01 to
1981-01-20, the span of the FRUS volumes in the corpus). Columns:

* ``office``: the key of the office or post as an organization (``us-secretary-of-state``,
  ``us-embassy-korea``); ``office_label`` its preferred label;
* ``kind``: ``principal`` (Department principal, printed as the office name), ``acting``
  (``Secretary of State ad interim``: only vacancies of the Secretaryship), ``president``,
  ``mission`` (chief of mission by country; ``printed`` holds the place names),
  ``mission-org`` (representative to an organisation), ``post`` (a post POCOM has no chiefs for,
  e.g. the Mission at Berlin: no holder) or ``body`` (Department of State: no holder);
* ``printed``: ``|``-separated forms as printed in FRUS headings: office names for
  principals, place names (``the Soviet Union``, ``Korea``, ``the Republic of Korea``) for posts;
* ``source``: the POCOM file (``positions-principals/secretary.xml``) or ``curated``;
* ``holder`` (project person key, see ``frus-persons.csv``), ``pocom_person``, ``role_title``;
* ``started``/``ended``: the term (``started``, else ``arrived``; ad-interim terms from
  ``appointed``); records with only an ``appointed`` date (declined, did not proceed) are left
  out; ``end_basis`` says where ``ended`` comes from: ``ended`` (POCOM), ``next-start`` (no
  end date: until the next holder started, notes §7.2 rule 3), ``open`` (last holder) or
  ``curated``.

``frus-persons.csv``: one row per person: every HistoryAtState record of the subset, and every
POCOM holder of a row of ``us-offices.csv`` that has no such record. Columns: ``key`` (the
project key: an existing ``people.csv`` key for the people listed in :data:`KNOWN_HSG` and
:data:`KNOWN_POCOM`, checked by name; else the slug of ``pref_label``, with the HSG or POCOM id
appended only on a clash), ``pref_label`` ("First Last": the most-cited printed variant,
turned round), ``alt_labels`` (other variants, turned round), ``hidden_labels`` (the variants
as printed, surname first), ``hsg_id``, ``pocom_id``, ``viaf``, ``birth``, ``death``,
``frus_ids`` (every ``{volume}#{p-id}`` persons-list anchor of the record) and ``note``.
Labels shared by two people (after folding) are dropped from both, and labels of
``people.csv`` entries are never given to anyone else. No Wikidata IDs here: HSG, POCOM and
VIAF ids are recorded as columns, never as ``owl:sameAs``.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.normalize import fold, slug  # noqa: E402

PERIOD = ("1945-01-01", "1981-01-20")
"""Terms overlapping this span are kept (the FRUS volumes in the corpus run 1948-1980)."""

FRUS_ANCHOR = re.compile(r"/historicaldocuments/([^/]+)/persons#(.+)$")
POCOM_LINK = re.compile(r"/departmenthistory/people/([^/#]+)$")

KNOWN_HSG = {
    # HSG person id -> people.csv key; each checked against the record's preferred name.
    "107127": ("khrushchev", "Khrushchev, Nikita"),
    "105222": ("gromyko", "Gromyko, Andre"),
    "107025": ("kennedy", "Kennedy, John F."),
    "103887": ("eisenhower", "Eisenhower, Dwight D."),
    "107176": ("kim-il-sung", "Kim Il Sung"),
    "111321": ("rhee", "Rhee, Syngman"),
    "109136": ("mikoyan", "Mikoyan, Anastas"),
    "113864": ("ulbricht", "Ulbricht, Walter"),
}
"""Not merged on purpose (homonyms, notes §7.3): 107516 Vasily V. Kuznetsov (not the GRU chief
``kuznetsov``), 103701 Allen W. Dulles (not ``dulles``), 108251 Douglas MacArthur II (not
``macarthur``), 107032 Robert F. Kennedy (not ``kennedy``)."""

SAME_PERSON = {
    # HSG record -> POCOM person, where the record lacks the POCOM link; checked by its remarks
    "111273": "reischauer-edwin-oldfather",  # "Ambassador to Japan from April 27, 1961" = POCOM japan.xml
}

KNOWN_POCOM = {
    # POCOM person id -> people.csv key; checked against the POCOM surname.
    "acheson-dean-gooderham": ("acheson", "Acheson"),
    "dulles-john-foster": ("dulles", "Dulles"),
    "marshall-george-catlett": ("marshall", "Marshall"),
    "kennan-george-frost": ("kennan", "Kennan"),
}

PRESIDENTS = [
    # (person key, label if not in people.csv, from, to): general knowledge, not from POCOM.
    # Inauguration and succession days are shared, so a heading on such a day has no holder.
    ("truman", "", "1945-04-12", "1953-01-20"),
    ("eisenhower", "", "1953-01-20", "1961-01-20"),
    ("kennedy", "", "1961-01-20", "1963-11-22"),
    ("lyndon-johnson", "", "1963-11-22", "1969-01-20"),
    ("richard-nixon", "Richard Nixon", "1969-01-20", "1974-08-09"),
    ("gerald-ford", "Gerald Ford", "1974-08-09", "1977-01-20"),
    ("jimmy-carter", "Jimmy Carter", "1977-01-20", "1981-01-20"),
]
PRESIDENT_HSG = {"lyndon-johnson": "106664"}  # key -> HSG record that is this president

PRINCIPAL_KEYS = {
    "secretary": "us-secretary-of-state",
    "under-secretary": "us-under-secretary-of-state",
    "deputy-secretary": "us-deputy-secretary-of-state",
}
PRINCIPAL_EXTRA = {
    # historical or short names printed in FRUS headings
    "secretary": ["The Secretary", "Secretary"],
    "under-secretary": ["Under Secretary"],
    "assistant-secretary-for-east-asian-pacific-affairs": [
        "Assistant Secretary of State for Far Eastern Affairs",
        "Assistant Secretary for Far Eastern Affairs",
    ],
    "assistant-secretary-for-european-affairs": [
        "Assistant Secretary of State for European Affairs",
        "Assistant Secretary for European Affairs",
    ],
    "assistant-secretary-for-near-eastern-affairs": [
        "Assistant Secretary of State for Near Eastern, South Asian, and African Affairs",
        "Assistant Secretary for Near Eastern, South Asian, and African Affairs",
    ],
    "assistant-secretary-international-organization-affairs": [
        "Assistant Secretary of State for United Nations Affairs",
        "Assistant Secretary for United Nations Affairs",
        "Assistant Secretary for International Organization Affairs",
    ],
    "director-policy-planning": ["Director of the Policy Planning Staff", "Director of Policy Planning"],
}

COUNTRY_NAMES = {
    # POCOM file id -> (label used in the post's name, other names printed in FRUS headings)
    "russia": (
        "the Soviet Union",
        ["Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics", "Russia", "Moscow"],
    ),
    "korea": ("Korea", ["the Republic of Korea", "Republic of Korea", "South Korea", "Seoul"]),
    "germany": (
        "the Federal Republic of Germany",
        ["Germany", "Federal Republic of Germany", "West Germany", "Bonn"],
    ),
    "german-democratic-republic": ("the German Democratic Republic", ["East Germany"]),
    "france": ("France", ["Paris"]),
    "united-kingdom": (
        "the United Kingdom",
        ["United Kingdom", "Great Britain", "Britain", "England", "London"],
    ),
    "china": (
        "China",
        ["the Republic of China", "Republic of China", "Taiwan", "Nationalist China", "Taipei"],
    ),
    "japan": ("Japan", ["Tokyo"]),
    "vietnam-south": (
        "Vietnam",
        ["Viet-Nam", "South Vietnam", "the Republic of Vietnam", "Republic of Vietnam", "Saigon"],
    ),
    "italy": ("Italy", ["Rome"]),
    "india": ("India", ["New Delhi"]),
    "poland": ("Poland", ["Warsaw"]),
    "czechoslovakia": ("Czechoslovakia", ["Prague"]),
    "yugoslavia": ("Yugoslavia", ["Belgrade"]),
    "burma": ("Burma", ["Rangoon"]),
    "holy-see": ("the Holy See", ["Vatican"]),
    "congo-democratic-republic": (
        "the Congo",
        ["Congo", "Republic of the Congo", "Zaire", "Leopoldville", "Léopoldville", "Kinshasa"],
    ),
    "netherlands": ("the Netherlands", ["Netherlands", "The Hague"]),
    "philippines": ("the Philippines", ["Philippines", "Manila"]),
}

EMBASSY_KEYS = {"russia": "soviet-union", "vietnam-south": "vietnam"}
"""Post keys are ``us-embassy-{POCOM file id}`` except these (the country of the period)."""

ORG_NAMES = {
    "representative-to-un": ("the United Nations", ["United Nations", "UN", "U.N.", "USUN"]),
    "representative-to-nato": (
        "the North Atlantic Treaty Organization",
        [
            "North Atlantic Treaty Organization",
            "NATO",
            "the North Atlantic Council",
            "North Atlantic Council",
        ],
    ),
    "representative-to-oas": (
        "the Organization of American States",
        ["Organization of American States", "OAS"],
    ),
    "representative-to-oecd": ("the Organization for Economic Cooperation and Development", ["OECD"]),
}

CURATED_POSTS = [
    # (office key, label, kind, printed, note)
    (
        "us-department-of-state",
        "United States Department of State",
        "body",
        [
            "Department of State",
            "the Department of State",
            "Department",
            "the Department",
            "State Department",
            "Department of State of the United States",
        ],
        "The Department as sender or addressee: an organization with no single holder",
    ),
    (
        "us-mission-berlin",
        "United States Mission in Berlin",
        "post",
        ["Berlin", "West Berlin"],
        "POCOM lists no chiefs of mission for Berlin: no holder (use the signature)",
    ),
]


# --- reading --------------------------------------------------------------------------------------


def _text(el: ET.Element, path: str) -> str:
    return " ".join((el.findtext(path) or "").split())


def _overlaps(start: str, end: str | None) -> bool:
    return start <= PERIOD[1] + "~" and (end is None or end >= PERIOD[0])


def read_terms(path: Path, tag: str, ad_interim: bool = False) -> list[dict[str, str]]:
    """Terms that were served (started, else arrived; appointed for ad-interim), ends filled."""
    rows = []
    for rec in ET.parse(path).getroot().iter(tag):
        start = _text(rec, "started/date") or _text(rec, "arrived/date")
        if ad_interim and not start:
            start = _text(rec, "appointed/date")
        if not start:
            continue  # declined, not commissioned, did not proceed (notes §7.2 rule 2)
        rows.append(
            {
                "pocom_person": _text(rec, "person-id"),
                "role_title": _text(rec, "role-title-id"),
                "started": start[:10],
                "ended": _text(rec, "ended/date")[:10],
                "end_basis": "ended",
                "record": _text(rec, "id"),
            }
        )
    rows.sort(key=lambda r: (r["started"], r["record"]))
    for this, nxt in zip(rows, [*rows[1:], None], strict=False):
        if not this["ended"]:
            if nxt is not None:
                this["ended"], this["end_basis"] = nxt["started"], "next-start"
            else:
                this["end_basis"] = "open"
    return [r for r in rows if _overlaps(r["started"], r["ended"] or None)]


def read_pocom_people(pocom: Path) -> dict[str, dict[str, str]]:
    people = {}
    for f in sorted((pocom / "people").rglob("*.xml")):
        rec = ET.parse(f).getroot()
        pid = _text(rec, "id")
        people[pid] = {
            "surname": _text(rec, "persName/surname"),
            "forename": _text(rec, "persName/forename"),
            "genname": _text(rec, "persName/genname"),
            "altname": _text(rec, "persName/altname"),
            "birth": _text(rec, "birth"),
            "death": _text(rec, "death"),
        }
    return people


def read_hso(hso: Path) -> list[dict]:
    records = []
    for f in sorted((hso / "data").rglob("*.xml")):
        rec = ET.parse(f).getroot()
        counts: Counter[str] = Counter()
        anchors, pocom = set(), set()
        for orig in rec.iter("original"):
            name = _text(orig, "name")
            urls = [(u.text or "").strip() for u in orig.iter("source-url")]
            if name:
                counts[name] += len(urls)
        for url in rec.iter("source-url"):
            u = (url.text or "").strip()
            if m := FRUS_ANCHOR.search(u):
                anchors.add(f"{m[1]}#{m[2]}")
            elif m := POCOM_LINK.search(u):
                pocom.add(m[1])
        viaf = sorted(
            a.text.strip()
            for a in rec.iter("authority")
            if a.get("service") == "viaf" and (a.text or "").strip()
        )
        records.append(
            {
                "id": _text(rec, "id"),
                "preferred": _text(rec, "names/preferred/name"),
                "counts": counts,
                "anchors": anchors,
                "pocom": sorted(pocom),
                "viaf": viaf,
                "birth": _text(rec, "birth-year"),
                "death": _text(rec, "death-year"),
            }
        )
    return records


# --- names ----------------------------------------------------------------------------------------

_PARENS = re.compile(r"\s*\([^)]*\)")
_SUFFIX = re.compile(r"^(Jr\.?|Sr\.?|II|III|IV)$")
_TITLE_WORDS = frozenset(
    """general gen. brigadier major maj. lieutenant lt. colonel col. admiral adm. vice rear
    air chief marshal senator sen. ambassador dr. mr. mrs. ms. president premier chairman secretary captain
    capt. sir lord prince king governor gov. judge justice commander cdr.""".split()
)


def untitle(name: str) -> str:
    """``Brigadier General Andrew J. Goodpaster`` -> ``Andrew J. Goodpaster`` (two words kept at least)."""
    words = name.split()
    while len(words) > 2 and words[0].casefold() in _TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def turn_round(name: str) -> str:
    """``Thompson, Llewellyn E. ("Tommy"), Jr.`` -> ``Llewellyn E. Thompson Jr.`` (no parentheses)."""
    name = re.sub(r"\s+", " ", _PARENS.sub("", name)).strip().strip(",")
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) < 2:
        return name
    suffix = [p for p in parts[2:] if _SUFFIX.match(p)]
    rest = [p for p in parts[2:] if not _SUFFIX.match(p)]
    return " ".join([parts[1], *rest, parts[0], *suffix])


def printed_form(text: str) -> str:
    """The lookup form of a printed office or place: folded, without a leading article."""
    return re.sub(r"^the ", "", fold(text))


def _clean_variant(name: str) -> str:
    return re.sub(r"\s+", " ", _PARENS.sub("", name)).strip().strip(",").strip()


# --- derivation -----------------------------------------------------------------------------------


def derive(corpus: Path, people_csv: Path) -> tuple[list[dict], list[dict]]:
    pocom = corpus / "pocom"
    with people_csv.open(encoding="utf-8", newline="") as fh:
        existing = {r["key"]: r for r in csv.DictReader(fh)}
    reserved: dict[str, str] = {}  # folded label -> people.csv key
    for key, r in existing.items():
        for label in (r["pref_label"], *r["alt_labels"].split("|"), *r["hidden_labels"].split("|")):
            if fold(label):
                reserved.setdefault(fold(label), key)

    # offices ---------------------------------------------------------------------------
    terms: list[dict] = []
    used_printed: dict[str, set[str]] = defaultdict(set)
    for f in sorted((pocom / "positions-principals").glob("*.xml")):
        root = ET.parse(f).getroot()
        fid = f.stem
        if fid == "secretary-of-foreign-affairs-continental-congress":
            continue
        singular = _text(root, "names/singular")
        rows = read_terms(f, "principal", ad_interim=fid == "secretary-ad-interim")
        if not rows:
            continue
        if fid == "secretary-ad-interim":
            office, label, kind = "us-secretary-of-state", "Secretary of State (United States)", "acting"
            printed = [
                "Acting Secretary of State",
                "Acting Secretary",
                "Secretary of State ad interim",
                "Secretary of State, ad interim",
            ]
        else:
            office, label, kind = (
                PRINCIPAL_KEYS.get(fid, fid if fid.startswith("us-") else f"us-{fid}"),
                f"{singular} (United States)",
                "principal",
            )
            printed = [
                singular,
                *([singular.replace(" of State", "", 1)] if " of State" in singular else []),
                *PRINCIPAL_EXTRA.get(fid, []),
            ]
        for p in printed:
            used_printed[printed_form(p)].add(office + "/" + kind)
        for r in rows:
            terms.append(
                {
                    "office": office,
                    "office_label": label,
                    "kind": kind,
                    "printed": printed,
                    "source": f"positions-principals/{f.name}",
                    **r,
                }
            )
    country_files = sorted((pocom / "missions-countries").glob("*.xml"))
    for f in country_files:
        rows = read_terms(f, "chief")
        if not rows:
            continue
        fid = f.stem
        display, extra = COUNTRY_NAMES.get(fid, (fid.replace("-", " ").title(), []))
        office = f"us-embassy-{EMBASSY_KEYS.get(fid, fid)}"
        printed = [display, *extra]
        for p in printed:
            used_printed[printed_form(p)].add(office + "/mission")
        for r in rows:
            terms.append(
                {
                    "office": office,
                    "office_label": f"United States Embassy in {display}",
                    "kind": "mission",
                    "printed": printed,
                    "source": f"missions-countries/{f.name}",
                    **r,
                }
            )
    for f in sorted((pocom / "missions-orgs").glob("*.xml")):
        rows = read_terms(f, "chief")
        if not rows:
            continue
        fid = f.stem
        singular = _text(ET.parse(f).getroot(), "names/singular")
        m = re.search(r" (?:to|in) (?:the )?(.+)$", singular)
        org = ("the " + m[1]) if m else singular
        display, extra = ORG_NAMES.get(fid, (org, [org.removeprefix("the ")]))
        office = "us-mission-" + slug(fid.removeprefix("representative-to-").removeprefix("representative-"))
        printed = [display, *extra]
        for p in printed:
            used_printed[printed_form(p)].add(office + "/mission-org")
        for r in rows:
            terms.append(
                {
                    "office": office,
                    "office_label": f"United States Mission to {display}",
                    "kind": "mission-org",
                    "printed": printed,
                    "source": f"missions-orgs/{f.name}",
                    **r,
                }
            )
    for key, label, start, end in PRESIDENTS:
        terms.append(
            {
                "office": "us-president",
                "office_label": "President of the United States",
                "kind": "president",
                "printed": ["President", "the President", "President of the United States"],
                "source": "curated",
                "pocom_person": "",
                "role_title": "president",
                "started": start,
                "ended": end,
                "end_basis": "curated",
                "record": "",
                "_holder": key,
                "_holder_label": label,
            }
        )
    for office, label, kind, printed, note in CURATED_POSTS:
        terms.append(
            {
                "office": office,
                "office_label": label,
                "kind": kind,
                "printed": printed,
                "source": "curated",
                "pocom_person": "",
                "role_title": "",
                "started": "",
                "ended": "",
                "end_basis": "",
                "record": "",
                "note": note,
            }
        )
    # a printed form naming two different offices is dropped from both (never guessed)
    clashes = {p for p, offices in used_printed.items() if len({o.split("/")[0] for o in offices}) > 1}
    for t in terms:
        t["printed"] = [p for p in dict.fromkeys(t["printed"]) if printed_form(p) not in clashes]

    # persons ---------------------------------------------------------------------------
    people = read_pocom_people(pocom)
    hso = read_hso(corpus / "hso-people-subset")
    persons: list[dict] = []
    by_pocom: dict[str, dict] = {}
    for rec in hso:
        variants = [
            _clean_variant(n) for n, _ in sorted(rec["counts"].items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        variants = [v for v in dict.fromkeys(variants) if v]
        pref = untitle(turn_round((variants or [rec["preferred"]])[0]))
        row = {
            "hsg_id": rec["id"],
            "pocom_id": "|".join(rec["pocom"]),
            "viaf": "|".join(rec["viaf"]),
            "birth": rec["birth"],
            "death": rec["death"],
            "frus_ids": sorted(rec["anchors"]),
            "pref_label": pref,
            "alts": [turn_round(v) for v in variants] + [untitle(turn_round(v)) for v in variants],
            "hidden": [v for v in [_clean_variant(rec["preferred"]), *variants] if "," in v],
            "note": "HistoryAtState person record",
            "key": "",
        }
        if rec["id"] in KNOWN_HSG:
            key, check = KNOWN_HSG[rec["id"]]
            if not rec["preferred"].startswith(check):
                raise SystemExit(f"HSG {rec['id']} is {rec['preferred']!r}, expected {check!r} ({key})")
            row["key"] = key
        persons.append(row)
        if rec["id"] in SAME_PERSON:
            row["pocom_id"] = "|".join(sorted({*rec["pocom"], SAME_PERSON[rec["id"]]}))
        for pid in row["pocom_id"].split("|") if row["pocom_id"] else ():
            by_pocom[pid] = row
    for t in terms:
        pid = t["pocom_person"]
        if not pid or pid in by_pocom:
            continue
        p = people.get(pid)
        if p is None:
            raise SystemExit(f"POCOM person {pid} of {t['source']} has no people/ record")
        full = " ".join(x for x in (p["forename"], p["surname"], p["genname"]) if x)
        pref = p["altname"] or full
        row = {
            "hsg_id": "",
            "pocom_id": pid,
            "viaf": "",
            "birth": p["birth"],
            "death": p["death"],
            "frus_ids": [],
            "pref_label": pref,
            "alts": [full],
            "hidden": [f"{p['surname']}, {p['forename']}" + (f", {p['genname']}" if p["genname"] else "")],
            "note": "POCOM person (no HistoryAtState record in the subset)",
            "key": "",
        }
        if pid in KNOWN_POCOM:
            key, check = KNOWN_POCOM[pid]
            if p["surname"] != check:
                raise SystemExit(f"POCOM {pid} is {p['surname']!r}, expected {check!r} ({key})")
            row["key"] = key
        persons.append(row)
        by_pocom[pid] = row
    for key, label, _s, _e in PRESIDENTS:
        hsg = PRESIDENT_HSG.get(key)
        if key in existing:
            continue
        row = next((r for r in persons if hsg and r["hsg_id"] == hsg), None)
        if row is not None:
            row["key"] = key
            continue
        persons.append(
            {
                "hsg_id": "",
                "pocom_id": "",
                "viaf": "",
                "birth": "",
                "death": "",
                "frus_ids": [],
                "pref_label": label,
                "alts": [],
                "hidden": [],
                "key": key,
                "note": "President of the United States (curated; not in the HistoryAtState subset)",
            }
        )
    # keys: existing ones kept; others the slug of the pref label, id appended on a clash
    taken = set(existing)
    for row in persons:
        if row["key"]:
            taken.add(row["key"])
    base = Counter(slug(r["pref_label"]) for r in persons if not r["key"])
    for row in sorted(persons, key=lambda r: (r["hsg_id"] or "~", r["pocom_id"])):
        if row["key"]:
            continue
        key = slug(row["pref_label"])
        if key in taken or base[key] > 1:
            key = f"{key}-{row['hsg_id'] or slug(row['pocom_id'])}"
        row["key"] = key
        taken.add(key)
    # labels: those of people.csv stay theirs; a label two new people share goes to neither
    for row in persons:
        if row["key"] in existing:
            row["pref_label"] = existing[row["key"]]["pref_label"]
    owners: dict[str, set[str]] = defaultdict(set)
    for row in persons:
        if row["key"] in existing:
            continue
        for label in (row["pref_label"], *row["alts"], *row["hidden"]):
            owners[fold(label)].add(row["key"])
    for row in persons:
        mine = row["key"]

        def ok(label: str, mine: str = mine) -> bool:
            f = fold(label)
            return bool(f) and reserved.get(f, mine) == mine and owners.get(f, {mine}) <= {mine}

        if row["key"] not in existing and not ok(row["pref_label"]):
            # two people printed alike ("Robert Anderson"): the life dates (else the id) set them apart
            dates = "–".join(x for x in (row["birth"], row["death"]) if x)
            row["pref_label"] = f"{row['pref_label']} ({dates or row['hsg_id'] or row['pocom_id']})"
        seen = {fold(row["pref_label"])}
        alts = []
        for label in row["alts"]:
            if ok(label) and fold(label) not in seen:
                alts.append(label)
                seen.add(fold(label))
        hidden = []
        for label in row["hidden"]:
            if ok(label) and fold(label) not in seen:
                hidden.append(label)
                seen.add(fold(label))
        row["alts"], row["hidden"] = alts, hidden

    # holders of office terms
    for t in terms:
        if "_holder" in t:
            t["holder"] = t["_holder"]
        elif t["pocom_person"]:
            t["holder"] = by_pocom[t["pocom_person"]]["key"]
        else:
            t["holder"] = ""
    office_rows = [
        {
            "office": t["office"],
            "office_label": t["office_label"],
            "kind": t["kind"],
            "printed": "|".join(t["printed"]),
            "source": t["source"],
            "holder": t["holder"],
            "pocom_person": t["pocom_person"],
            "role_title": t["role_title"],
            "started": t["started"],
            "ended": t["ended"],
            "end_basis": t["end_basis"],
            "note": t.get("note", ""),
        }
        for t in terms
    ]
    office_rows.sort(key=lambda r: (r["office"], r["kind"], r["started"], r["holder"]))
    person_rows = [
        {
            "key": r["key"],
            "pref_label": r["pref_label"],
            "alt_labels": "|".join(r["alts"]),
            "hidden_labels": "|".join(r["hidden"]),
            "hsg_id": r["hsg_id"],
            "pocom_id": r["pocom_id"],
            "viaf": r["viaf"],
            "birth": r["birth"],
            "death": r["death"],
            "frus_ids": "|".join(r["frus_ids"]),
            "note": r["note"],
        }
        for r in persons
    ]
    person_rows.sort(key=lambda r: r["key"])
    return office_rows, person_rows


OFFICE_COLUMNS = [
    "office",
    "office_label",
    "kind",
    "printed",
    "source",
    "holder",
    "pocom_person",
    "role_title",
    "started",
    "ended",
    "end_basis",
    "note",
]
PERSON_COLUMNS = [
    "key",
    "pref_label",
    "alt_labels",
    "hidden_labels",
    "hsg_id",
    "pocom_id",
    "viaf",
    "birth",
    "death",
    "frus_ids",
    "note",
]


def write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_corpus = os.environ.get("KG_CORPUS") or str(ROOT.parent / "shared" / "corpus")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(default_corpus),
        help="the shared corpus (default: $KG_CORPUS or ../shared/corpus)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "data" / "authority",
        help="where to write us-offices.csv and frus-persons.csv (default data/authority)",
    )
    parser.add_argument(
        "--people",
        type=Path,
        default=ROOT / "data" / "authority" / "people.csv",
        help="people.csv whose keys are reused",
    )
    args = parser.parse_args(argv)
    offices, persons = derive(args.corpus, args.people)
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "us-offices.csv", OFFICE_COLUMNS, offices)
    write(args.out / "frus-persons.csv", PERSON_COLUMNS, persons)
    print(
        f"us-offices.csv: {len(offices)} rows, {len({r['office'] for r in offices})} offices; "
        f"frus-persons.csv: {len(persons)} persons "
        f"({sum(1 for r in persons if r['hsg_id'])} HSG, "
        f"{sum(1 for r in persons if r['frus_ids'])} with FRUS ids)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
