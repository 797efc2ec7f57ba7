"""How long messages took: sent -> arrived -> received -> deciphered -> typed.

Read by SPARQL from the transmission events the records give (``cw:hasTransmissionEvent``
with ``cw:Sending``, ``cw:Arrival``, ``cw:Receipt``, ``cw:Deciphering``, ``cw:Typing``
and their ``cw:atLocalTime``). Times are local times as printed: when neither of two
times states an offset (as in the Soviet cipher registers), the difference is between
the printed clock times, which is the true interval only when both were kept in the same
zone (Moscow time, usually); when both state offsets it is exact. A channel is a pair
sender -> addressee of the message (or any key the caller groups by, such as ``medium``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from statistics import median
from typing import Any

import pyoxigraph as ox

from kg.namespace import CW
from kg.query.engine import PROLOGUE
from kg.store import Store

__all__ = ["EVENTS", "STEPS", "transmission_times", "channel_latency"]

#: transmission event class -> column name, in the order a telegram goes through them
EVENTS = {"Sending": "sent", "Arrival": "arrived", "Receipt": "received",
          "Deciphering": "deciphered", "Typing": "typed"}
#: intervals reported (in minutes), each from one column to another
STEPS = (("sent", "arrived"), ("sent", "received"), ("received", "deciphered"),
         ("deciphered", "typed"), ("sent", "deciphered"))

_EVENTS = """
    SELECT DISTINCT ?m ?type ?time ?medium WHERE {
      ?m cw:hasTransmissionEvent ?e . ?e a ?type ; cw:atLocalTime ?time .
      OPTIONAL { ?e cw:medium ?medium }
      VALUES ?type { %s } }"""
_ROLES = """
    SELECT DISTINCT ?m ?role ?agent WHERE {
      ?m cw:hasTransmissionEvent ?e . ?e cw:atLocalTime ?time .
      VALUES ?role { cw:sender cw:addressee } ?m ?role ?agent }"""


def _minutes(a: str, b: str) -> float:
    """Minutes from ``a`` to ``b`` (ISO date-times); printed clock times unless both have
    an offset.

    >>> _minutes("1950-10-09T07:05:00", "1950-10-09T10:45:00")
    220.0
    """
    x, y = datetime.fromisoformat(a), datetime.fromisoformat(b)
    if (x.tzinfo is None) != (y.tzinfo is None):
        x, y = x.replace(tzinfo=None), y.replace(tzinfo=None)
    return (y - x).total_seconds() / 60


def transmission_times(store: Store) -> list[dict]:
    """One row per message with timed transmission events: ``message``, ``sender`` and
    ``addressee`` (IRIs, ``" "``-joined when several), ``medium``, the earliest time of each
    event (:data:`EVENTS` columns, ``""`` when not recorded) and the minutes of each of
    :data:`STEPS` it has both ends of (``"sent->received"``...), sorted by message.

    >>> transmission_times(Store(None))
    []
    """
    values = " ".join(f"<{CW[name]}>" for name in EVENTS)
    times: dict[str, dict[str, str]] = defaultdict(dict)
    media: dict[str, str] = {}
    events = store.query(PROLOGUE + _EVENTS % values)
    assert isinstance(events, ox.QuerySolutions)  # a SELECT query
    for sol in events:
        m, column = sol["m"].value, EVENTS[sol["type"].value.rsplit("#", 1)[-1]]
        time = sol["time"].value
        if column not in times[m] or time < times[m][column]:
            times[m][column] = time
        if sol["medium"] is not None:
            media[m] = sol["medium"].value
    roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    agents = store.query(PROLOGUE + _ROLES)
    assert isinstance(agents, ox.QuerySolutions)  # a SELECT query
    for sol in agents:
        roles[(sol["m"].value, sol["role"].value)].append(sol["agent"].value)
    rows = []
    for m in sorted(times):
        row: dict[str, Any] = {"message": m,
               "sender": " ".join(sorted(roles[(m, str(CW.sender))])),
               "addressee": " ".join(sorted(roles[(m, str(CW.addressee))])),
               "medium": media.get(m, "")}
        row.update({column: times[m].get(column, "") for column in EVENTS.values()})
        for a, b in STEPS:
            if row[a] and row[b]:
                row[f"{a}->{b}"] = _minutes(row[a], row[b])
        rows.append(row)
    return rows


def channel_latency(rows: list[dict], by: Iterable[str] = ("sender", "addressee")) -> list[dict]:
    """Per channel (the ``by`` columns of :func:`transmission_times` rows): how many
    messages, and count, median, min and max minutes of each step they record.

    >>> rows = [{"sender": "a", "addressee": "b", "sent->received": 10.0},
    ...         {"sender": "a", "addressee": "b", "sent->received": 30.0}]
    >>> channel_latency(rows)[0]["sent->received"]
    {'n': 2, 'median': 20.0, 'min': 10.0, 'max': 30.0}
    """
    by = tuple(by)
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[tuple(row.get(c, "") for c in by)].append(row)
    out = []
    for key in sorted(groups):
        members = groups[key]
        channel: dict = dict(zip(by, key, strict=True))
        channel["messages"] = len(members)
        for a, b in STEPS:
            step = f"{a}->{b}"
            values = [r[step] for r in members if step in r]
            if values:
                channel[step] = {"n": len(values), "median": median(values),
                                 "min": min(values), "max": max(values)}
        out.append(channel)
    return out
