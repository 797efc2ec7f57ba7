"""People a text names: who signed it, its serial number, and who was present.

Signatures in every style: letter-spaced (``S H T Y K O V``), capitals, a cover with the
real name bracketed (``FENG XI [FYN SI; Stalin]``), a date before the name
(``21.XI.51 GROMYKO``) or a closing (``With communist greetings, Kim Il Sung``); a
mixed-case name counts only where a letter ends. Outgoing numbers (``No. 1447/sh``) and
the people present at a conversation (``Present: ...``, interpreters left out).
"""

from __future__ import annotations

import re

from kg.normalize import parse_date_line
from kg.records import NameRef
from kg.sources.body.distribution import copy_note
from kg.sources.body.events import EVENT_WORD
from kg.sources.body.facts import Accumulator
from kg.sources.body.scan import bracket_parts, capitalised_tail, present, without_last_bracket
from kg.sources.limits import check_count
from kg.sources.text import Line, drop_brackets

__all__ = ["CLOSING", "LETTER_SPACED", "SERIAL", "SIGNATURE", "LetterEnds", "cover_or_name",
           "maybe_signature", "participants", "quoted_signature", "spelt"]

# ``who`` is ``.*[^"”.\n]|.``, the same as ``.+?`` before ``["”.]*$`` without retrying the
# quotes and stops after every character (which took quadratic time)
CLOSING = re.compile(
    r"^(?:respectfully|sincerely|with (?:deep |communist |bolshevik )?(?:respect|greetings)|"
    r"yours(?: sincerely)?|greetings)[,.!]?(?:\s+(?P<who>.*[^\"”.\n]|.))?[\"”.]*$", re.IGNORECASE)
SERIAL = re.compile(r"^(?:No\.?|N[º°])\s*(?P<num>\d+(?:/\w+)?)\.?$", re.IGNORECASE)
_DATE_TOKEN = r"\d{1,2}\.(?:[IVX]{1,4}|\d{1,2})(?:\.\d{2,4})?"
# initials of one or two letters, in either case ("T. SHTYKOV", "Kh. Choibalsan", "KH. CHOIBALSAN")
SIGNATURE = re.compile(
    rf"^(?:{_DATE_TOKEN}\s+)?(?P<name>(?:[A-Z][A-Za-z]?\.\s?){{0,3}}[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}}"
    r"(?:\s*\[[^\]]+\])?)[.\"”]*$")
LETTER_SPACED = re.compile(r"^(?P<name>(?:[A-Z] ){2,}[A-Z](?:\s{2,}(?:[A-Z] )+[A-Z])*)[.\"”]*$")
_NOT_SIGNATURE = {"top", "priority", "secret", "urgent", "copy", "from", "to", "strictly",
                  "immediately", "translation", "english", "contents", "special", "molniya",
                  "extremely", "reference", "enclosure", "attachment", "cipher", "ciphered",
                  "telegram", "cable", "outgoing", "secretary", "soviet", "ambassador", "confirm"}
_AND = re.compile(r"(?<!\s)\s+and\s+")  # a run of spaces is tried once, from its start


def cover_or_name(printed: str) -> str:
    """The name a signature is printed under: the cover in ``FILIPPOV [Stalin]``."""
    return drop_brackets(printed, spaces=True).strip(" .\"”") or printed


def _bracket_parts(printed: str) -> tuple[str, str | None]:
    """``FENG XI [FYN SI; Stalin]`` -> (``Stalin``, ``FENG XI``); plain names -> (name, None)."""
    if (parts := bracket_parts(printed)) is None:
        return printed.strip(" .\"”"), None
    outer, inner, end = parts
    real = printed[inner:end].split(";")[-1].strip()
    return real, printed[:outer].strip()


def maybe_signature(line: Line, i: int, ends: LetterEnds, acc: Accumulator) -> None:
    """A signature line (``content[i]`` of the text ``ends`` knows): letter-spaced or
    capitals anywhere after the header; a mixed-case name only where letters end (last
    lines, before dates/numbers, after a closing)."""
    text = line.text
    m = LETTER_SPACED.match(text)
    if m is None:
        m = SIGNATURE.match(text)
        if m is None:
            c = CLOSING.match(text)
            if c and c["who"]:
                _add_signature(line, c["who"].strip(), line.text.index(c["who"]), acc)
            return
        if not _signs(m["name"], i, ends):
            return
    _add_signature(line, m["name"], m.start("name"), acc)


def quoted_signature(line: Line, acc: Accumulator) -> None:
    """The last line of a quoted block that no line announces as a transmitted message
    ("Pass on to KIM IL SUNG orally the following:"): a name alone, letter-spaced or in
    capitals ("F Y N   S I", "KUZNETSOV"), signs the quoted text (the message the title
    names, or the one it carries); kept apart from the text's own signatures."""
    lead = len(line.text) - len(line.text.lstrip("\"“"))
    inner = line.sub(lead, len(line.text.rstrip().rstrip(".\"”")))
    m = LETTER_SPACED.match(inner.text)
    if m is None and ((m := SIGNATURE.match(inner.text)) is None
                      or not m["name"].isupper() or not _name_signs(m["name"])):
        return
    name = spelt(m["name"])
    acc.quoted_signatures.append(cover_or_name(name))
    acc.evidence.append((f"signed:{acc.quoted_signatures[-1]}", inner.span(m.start("name"), m.end("name"))))


def _signs(name: str, i: int, ends: LetterEnds) -> bool:
    """Whether a name matching :data:`SIGNATURE` on ``content[i]`` is a signature."""
    if not ends.at(i):
        return False  # capitals mid-text are headings and address blocks, not signatures
    return _name_signs(name)


def _name_signs(name: str) -> bool:
    """Whether a name standing where a text is signed is a signature: at most four words,
    none of a heading's ("SECRET", "CIPHERED TELEGRAM"), and not two or three capitals."""
    words = re.findall(r"[A-Za-z]+", drop_brackets(name))
    if not words or any(w.lower() in _NOT_SIGNATURE for w in words) or len(words) > 4:
        return False
    return not (name.isupper() and len(name.replace(" ", "")) < 4)


def spelt(printed: str) -> str:
    """A name letter-spaced in several words, read as its words ("F Y N   S I": ``FYN SI``,
    the wider gaps part the words); any other name as printed."""
    words = re.split(r"\s{2,}", printed.strip(" .\"”"))
    if len(words) < 2 or not LETTER_SPACED.match(printed):
        return printed
    return " ".join("".join(w.split()) for w in words)


def _add_signature(line: Line, printed: str, at: int, acc: Accumulator) -> None:
    length = len(printed)
    printed = spelt(printed)
    real, cover = _bracket_parts(printed)
    signed = cover or printed.strip(" .\"”")
    acc.signatures.append(signed)
    acc.evidence.append((f"signed:{signed}", line.span(at, at + length)))
    acc.signatories.append(NameRef(real, line.n, span=line.span(at, at + length), cover=cover))


class LetterEnds:
    """Where a letter may be signed in a text: after a closing ("With greetings,"), or on a
    line followed only by lines that may follow a signature (dates, numbers, transmission
    steps, copies, notes; none quoted).

    The lines that may follow a signature are found once, from the end of the text (asking
    it for each line in turn took time quadratic in the number of lines).
    """

    def __init__(self, content: list[Line], quoted: set[int]) -> None:
        self.content, self.quoted = content, quoted
        self._tail: int | None = None

    def at(self, i: int) -> bool:
        """Whether ``content[i]`` stands where a letter is signed."""
        if i > 0 and CLOSING.match(self.content[i - 1].text):
            return True
        if self._tail is None:
            k = len(self.content)
            while k > 0 and self.content[k - 1].n not in self.quoted \
                    and _after_signature(self.content[k - 1].text):
                k -= 1
            self._tail = k                         # content[k:] may all follow a signature
        return i + 1 >= self._tail


def _after_signature(t: str) -> bool:
    """Lines that may follow a signature: dates, numbers, transmission steps, copies, notes."""
    return bool(parse_date_line(t.rstrip(".")) or re.match(rf"^{_DATE_TOKEN}\b", t) or SERIAL.match(t)
                or EVENT_WORD.match(t) or copy_note(t)
                or re.match(r"^\d{1,2}\.\d{1,2}\s+\d{1,2}:\d{2}$", t)
                or re.match(r"^[A-Z][a-z]+ \d{1,2}$", t) or t.startswith(("[", "Reference:", "Note:")))


def participants(content: list[Line]) -> tuple[NameRef, ...]:
    """People named after ``Present:`` (interpreters are not participants)."""
    out: list[NameRef] = []
    for line in content:
        if (who := present(line.text)) is None:
            continue
        seg_start = who[0]
        for piece in re.finditer(r"[^,;]+", line.text[slice(*who)]):
            for part in _AND.split(piece.group(0)):
                name = _participant_name(part)
                if name is None:
                    continue
                at = line.text.find(name, seg_start)
                span = line.span(at, at + len(name)) if at >= 0 else None
                out.append(NameRef(name, line.n, span=span))
                check_count("the list of people present", len(out), line.n)
    return tuple(out)


def _participant_name(part: str) -> str | None:
    """The name in one item of a ``Present:`` list, or None for groups and phrases."""
    name = re.sub(r"^(?:on the \w+ side|also|from the \w+ side)\s+", "", part.strip(), flags=re.I)
    name = without_last_bracket(name).strip(" .")
    # "the PRC ambassador Wang Jiaxiang": the name is the trailing capitalised run
    if (tail := capitalised_tail(name)) is not None:
        name = name[tail:].strip()
    if not name or not name[0].isupper() or len(name.split()) > 4 \
            or re.search(r"(?i)\b(?:members?|delegation|others?)\b", name):
        return None
    return name

