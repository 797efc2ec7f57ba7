"""A receipt printed before the sending on a copy of an outgoing telegram is the sender's
cipher office taking the text in: typed ``cw:CipherOfficeIntake`` (still a ``cw:Receipt`` as
printed, which the shared scorer reads), and left out of the transmission delays and of the
report's received-before-sent list. An incoming telegram's receipt is not."""

from __future__ import annotations

from pathlib import Path

from kg.pipeline import build
from kg.publish.report import received_before_sent
from kg.query.ask import ask
from kg.query.engine import run_query
from kg.store import Store

# Written for testing coldwar-kg in the layout of an outgoing copy; not archive text.
OUTGOING = """September 2, 1949

Cable No. 9901 from Filippov [Stalin] to Cde. Mao Zedong

Summary:

Written for testing coldwar-kg; not archive text.

Contents:

COPY OF AN OUTGOING TELEGRAM                TOP SECRET

CABLE Nº 9901

received at 0020 2 September
sent at 0215 2 September

to TEREBIN

Pass the following to Cde. MAO ZEDONG: the text of a test.

FILIPPOV
"""

# Written for testing coldwar-kg; not archive text.
INCOMING = """October 9, 1950

Ciphered Telegram No. 9902, Shtykov to Stalin

Summary:

Written for testing coldwar-kg; not archive text.

Contents:

CIPHERED TELEGRAM No. 9902

Sent 9.10.50 07:05
Received 9.10.50 09:38

To Comrade Stalin. The text of a test.

SHTYKOV
"""

KINDS = """SELECT ?m ?kind WHERE { ?m cw:hasTransmissionEvent ?e . ?e a ?kind
  FILTER(?kind IN (cw:Receipt, cw:CipherOfficeIntake)) }"""


def _store(tmp_path: Path) -> Store:
    for name, text in (("out.txt", OUTGOING), ("in.txt", INCOMING)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "st")
    report = build([tmp_path / "out.txt", tmp_path / "in.txt"], store)
    assert 2 == len(report.built) and not report.errors
    return store


def test_the_outgoing_copys_receipt_is_the_cipher_offices_intake(tmp_path: Path) -> None:
    store = _store(tmp_path)
    kinds = {(r["m"].value.rsplit("/", 1)[-1], r["kind"].value.rsplit("#", 1)[-1])
             for r in run_query(store, KINDS).rows}
    out = next(m for m, k in kinds if k == "CipherOfficeIntake")
    inc = next(m for m, _ in kinds if m != out)
    assert ("wilson-out", "wilson-in") == (out, inc)  # keyed by the file names
    assert {(out, "Receipt"), (out, "CipherOfficeIntake"), (inc, "Receipt")} == kinds


def test_delays_and_the_report_leave_the_intake_out(tmp_path: Path) -> None:
    store = _store(tmp_path)
    rows = ask(store, "transmission-delays").rows
    received = {r["message"].value.rsplit("/", 1)[-1]: r.get("received") for r in rows}
    assert 2 == len(received)
    assert [None] == [v for m, v in received.items() if v is None]  # the outgoing copy: no receipt
    assert "09:38" in next(v.value for v in received.values() if v is not None)
    assert [] == received_before_sent(store)
