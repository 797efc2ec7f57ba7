"""What the title grammar yields: a parse, its parties and the messages a title says it carries."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TitleMessage", "TitleParse", "TitleParty"]


@dataclass(frozen=True)
class TitleParty:
    """A party as the title prints it, with the real name when a cover name is bracketed.

    ``printed`` is ``title[start:end]``; ``name`` has offices and covers stripped, not
    initials or honorifics; ``cover_key`` is the cover normalised (``Filippov``,
    ``Feng Xi``, ``Kuznetsov``).
    """

    printed: str
    name: str
    cover: str | None = None
    start: int = 0
    end: int = 0
    cover_key: str | None = None


@dataclass(frozen=True)
class TitleMessage:
    """A message the title says the document carries ("transmitting a Message from A to B")."""

    kind: str | None
    senders: tuple[TitleParty, ...] = ()
    recipients: tuple[TitleParty, ...] = ()


@dataclass(frozen=True)
class TitleParse:
    """What a title says about its document.

    ``authors`` holds writers of a non-correspondence document ("Report by X" with no
    addressee), who are not senders. ``places`` holds places named after "from"/"to".
    """

    kind: str | None
    correspondence: bool
    cipher_numbers: tuple[str, ...] = ()
    senders: tuple[TitleParty, ...] = ()
    recipients: tuple[TitleParty, ...] = ()
    via: tuple[TitleParty, ...] = ()
    for_: tuple[TitleParty, ...] = ()
    transmits: tuple[TitleMessage, ...] = ()
    participants: tuple[TitleParty, ...] = ()
    rest: str = ""
    authors: tuple[TitleParty, ...] = ()
    places: tuple[str, ...] = ()
