"""Readable names of the states agents act for (``cw:country`` Wikidata items)."""

from __future__ import annotations

__all__ = ["COUNTRY_NAMES", "country_name"]

#: Wikidata items of the states in the corpus, for legends (others show their Q-number)
COUNTRY_NAMES: dict[str, str] = {
    "Q15180": "Soviet Union", "Q30": "United States", "Q148": "China (PRC)",
    "Q423": "North Korea", "Q884": "South Korea", "Q865": "Taiwan (ROC)",
    "Q145": "United Kingdom", "Q142": "France", "Q183": "Germany", "Q713750": "West Germany",
    "Q16957": "East Germany", "Q241": "Cuba", "Q881": "Vietnam", "Q36": "Poland",
    "Q28": "Hungary", "Q33946": "Czechoslovakia", "Q218": "Romania", "Q219": "Bulgaria",
    "Q222": "Albania", "Q36704": "Yugoslavia", "Q17": "Japan", "Q668": "India",
    "Q843": "Pakistan", "Q794": "Iran", "Q79": "Egypt", "Q801": "Israel", "Q43": "Turkey",
    "Q38": "Italy", "Q16": "Canada", "Q1065": "United Nations",
}


def country_name(country: str) -> str:
    """A readable name for a Wikidata country IRI.

    >>> country_name("http://www.wikidata.org/entity/Q15180"), country_name("")
    ('Soviet Union', 'no state recorded')
    """
    if not country:
        return "no state recorded"
    qid = country.rstrip("/").rsplit("/", 1)[-1]
    return COUNTRY_NAMES.get(qid, qid)
