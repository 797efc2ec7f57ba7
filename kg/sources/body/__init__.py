"""Facts printed in the text of a telegram, cable, letter or record of conversation.

Reads, from the body lines of a record (each a :class:`~kg.sources.text.Line`
that knows its place in the file):

* the header: cipher numbers (``Ciphered Telegram # 600382/sh``, ``CABLE Nº 58458``,
  ``CIPHERGRAM No. 2417``, ``No. 26044`` under a ministry heading, and the label of each
  part of a telegram sent in several), addressee lines (``To Comrade STALIN I.V.``), the
  place sent (``FROM: PYONGYANG``) (:mod:`~kg.sources.body.header`);
* transmission steps in every style: ``Sent by wire on 10/09/50 at 7:05 a.m.``,
  ``Sent 31.8.50 11:32``, ``Received 18:35 21.XI.1951``, ``received at 0020 2 September``,
  ``Received 20 hours 45 minutes 17.11.1950``, ``Rec'd 8.10.60, 11.20``, ``Deciphered by
  Morozov ...``, ``Typed by Plyvkina`` / ``at 0230 2 September``; a receipt printed before
  the sending on an outgoing copy is marked as the cipher office's intake (evidence
  ``cipher-office-intake``) (:mod:`~kg.sources.body.events`);
* distribution: ``Distribution list - 11 copies: Stalin - 2, ...``, ``Copies: Stalin (2),
  Molotov``, ``Copies to comrades ...``, a list in columns (``Kozlov ...... 1``), ``Copy Nº 1
  to Cde. Stalin``, ``copies NºNº 1-2 to Cde. Poskrebyshev``, and the totals ``Three copies
  made``, ``Printed in 7 copies``, ``Copies: 2`` (no count means one copy; files,
  departments and ``Copy`` left out) (:mod:`~kg.sources.body.distribution`);
* a transmitted message in quotes (:mod:`~kg.sources.body.quotes`), numbered requests with
  quantities and ranges (:mod:`~kg.sources.body.requests`), endorsements (``I support ...
  request``), signatures (``S H T Y K O V``, ``FENG XI [FYN SI; Stalin]``, ``21.XI.51
  GROMYKO``), outgoing numbers (``No. 1447/sh``), and the people present at a conversation
  (``Present: ...``, interpreters left out) (:mod:`~kg.sources.body.people`).

:func:`parse_body` (:mod:`~kg.sources.body.parse`) drives the steps; the facts it returns
are a :class:`BodyFacts` (:mod:`~kg.sources.body.facts`).
"""

from kg.sources.body.events import EVENT_KINDS, parse_event
from kg.sources.body.facts import BodyFacts, Embedded
from kg.sources.body.parse import parse_body
from kg.sources.body.requests import parse_quantities

__all__ = ["BodyFacts", "Embedded", "parse_body", "parse_event", "parse_quantities", "EVENT_KINDS"]
