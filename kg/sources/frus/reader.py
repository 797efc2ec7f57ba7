"""Reader for *Foreign Relations of the United States* (FRUS) TEI volumes.

One :class:`~kg.records.SourceRecord` per ``div[@type="document"]``, in the three
encodings of ``../shared/notes/frus-encoding.md`` (§3): legacy print volumes (2015
files: source note before the head, ``TEI/@xml:id``), born-digital volumes (2015
files: head ``N. Telegram From … to …`` with the source note as a footnote inside
it, volume id in ``publicationStmt/idno[@type="frus"]``, ``frus:`` bound to
``http://history.state.gov/ns/1.0``) and current upstream (``frus:doc-dateTime-min``,
``opener``, one-document split files as in ``frus-korea1950-sample/``).

Where each field comes from (TEI paths relative to the document ``div``; §4):

* ``title``: ``head`` text without notes; ``kind`` from its words after ``N.``
  (legacy: the suffix ``: Telegram`` of the source note).
* ``senders`` / ``addressees``: the head split into a *from* and a *to* phrase at the
  ``to`` between the ``@type="from"`` and ``@type="to"`` elements (or, untagged, by
  grammar); each phrase gives persons (``persName``, a ``(Surname)`` in brackets) or
  the whole phrase as printed (``Embassy in Korea`` even when the markup covers only
  ``Embassy``: pitfall 3), split at ``and`` into several parties (pitfall 4).
* ``authors`` / ``signed_as``: ``closer//signed`` (co-signers: several ``signed`` or
  ``signed/list/item``), outside ``frus:attachment``.
* ``date``: ``(.//dateline//date)[1]``, its ``@when``/``@from``/``@notBefore`` checked
  against its text (pitfall 6: the text wins when they disagree), else
  ``@frus:doc-dateTime-min``; ``time_text`` is the date text as printed.
* ``citation`` / ``citations`` / ``classification``: ``note[@type="source"]`` or a note
  starting ``Source:`` (§4 archival source); ``opener/seg`` markings.
* ``participants``: ``list[@type="participants"]//item``; ``mentions``: every other
  ``persName[@corresp]`` of the document, resolved against ``div[@xml:id="persons"]``.

Every fact carries the span it is read from: the record's ``text`` is the text of the
elements read, and its ``evidence`` names each element's XPath
(:mod:`kg.sources.frus.trace`). Party candidates are cleaned by the rules of
:mod:`kg.sources.frus.names`; a microfiche supplement's calendar entries are read by
:mod:`kg.sources.frus.calendar`.

The volume is streamed with :func:`lxml.etree.iterparse` (documents are cleared once
read: memory holds the volume's records, not its tree), without network access, DTD
loading or entity expansion; a DOCTYPE declaring entities is refused (XXE, billion laughs). A volume
cut short yields the documents completed before the break, then one
:class:`~kg.errors.SourceError` naming the line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from lxml import etree

from kg.errors import DocumentError, SourceError
from kg.records import SourceRecord
from kg.sources.frus.document import read_document
from kg.sources.frus.heads import Context
from kg.sources.frus.names import printed_in_full
from kg.sources.frus.notes import parse_source_note
from kg.sources.frus.text import TEI, XML_ID, T, kind_of, local_name, parse_date_text, text_of

__all__ = ["NAME", "VERSION", "SUFFIXES", "sniff", "read", "kind_of", "parse_date_text", "display_name",
           "parse_source_note"]

NAME = "frus"
VERSION = "0.2.0"
SUFFIXES = (".xml",)

URL_BASE = "https://history.state.gov/historicaldocuments"


def _record(div: etree._Element, ctx: Context, vol: _Volume, path: str) -> SourceRecord:
    """The record of one ``div[@type="document"]`` (``path``: its XPath)."""
    doc = read_document(div, ctx, path)
    layout = "current" if doc.current else "legacy" if vol.tei_id else "born-digital"
    return SourceRecord(
        source_file=vol.file, sha256=vol.sha256, reader=NAME, reader_version=VERSION, archive="frus",
        key=f"{ctx.volume}-{doc.doc_id}", record_id=f"{ctx.volume}/{doc.doc_id}",
        url=f"{URL_BASE}/{ctx.volume}/{doc.doc_id}", title=doc.title, message=doc.message, date=doc.date,
        summary=None, language="English", citation=doc.citation, citations=doc.citations, layout=layout,
        volume=ctx.volume, volume_title=vol.title, classification=doc.classification,
        received=doc.received, time_text=doc.time_text, mentions=doc.mentions,
        evidence=doc.evidence, text=doc.text, volume_persons=vol.listed)


# ---------------------------------------------------------------------------------------------
# The volume, streamed


class _Volume:
    """What the header and front matter say about the volume being read."""

    def __init__(self, path: Path, sha256: str) -> None:
        self.path, self.file, self.sha256 = path, path.name, sha256
        self.tei_id: str | None = None
        self.idno: str | None = None
        self.title: str | None = None
        self.persons: dict[str, str] = {}
        #: the persons list as printed, ``(id, "Rusk, Dean", "Secretary of State")``, handed
        #: on with every record
        self.listed: tuple[tuple[str, ...], ...] = ()

    def volume_id(self) -> str:
        """§2: TEI/@xml:id, else idno[@type="frus"], else the folder or a sibling's header."""
        return self.tei_id or self.idno or _volume_from_folder(self.path.parent) or self.path.stem

    def read_header(self, name: str, el: etree._Element) -> None:
        """Note the volume's title (``title[@type="complete"]``) and id (``idno[@type="frus"]``,
        ``bibl[@type="frus-volume-id"]``), the first of each."""
        if name == "title" and el.get("type") == "complete" and self.title is None:
            self.title = text_of(el)
        elif (name, el.get("type")) in (("idno", "frus"), ("bibl", "frus-volume-id")):
            self.idno = self.idno or text_of(el)

    def read_persons(self, div: etree._Element) -> None:
        """The persons list, ``div[@xml:id="persons"]//persName[@xml:id]``, in reading order,
        each with the words of its item after the name (``Special Assistant to the President
        for National Security Affairs from January 1961``)."""
        listed = []
        for pn in div.iter(f"{T}persName"):
            if (pid := pn.get(XML_ID)) and (text := text_of(pn)):
                self.persons[pid] = display_name(text)
                listed.append((pid, text, _description(pn)))
        self.listed += tuple(listed)


def _description(pn: etree._Element) -> str:
    """The words of a persons-list item after its name (``, USN, Chief of Naval Operations``
    without the leading comma), or ``""`` for a name outside an item."""
    item = next((a for a in pn.iterancestors() if local_name(a.tag) == "item"), None)
    if item is None:
        return ""
    whole, name = text_of(item), text_of(pn)
    _, found, rest = whole.partition(name)
    return rest.lstrip(" ,;:").strip() if found else ""


_VOLUME_ID = re.compile(r"^frus\d{4}(?:-\d{2})?(?:v\d\w*|\w*)$")
_BIBL_VOLUME = re.compile(rb'<bibl type="frus-volume-id">\s*([\w-]+)\s*</bibl>')


@lru_cache(maxsize=64)
def _volume_from_folder(folder: Path) -> str | None:
    """Volume id of one-document split files (``frus1950v07/d651.xml``): the folder's name,
    else the ``bibl[@type="frus-volume-id"]`` some file of the folder carries in its header."""
    if _VOLUME_ID.match(folder.name):
        return folder.name
    try:
        siblings = sorted(p for p in folder.iterdir() if re.fullmatch(r"d\d+\.xml", p.name))
    except OSError:
        return None
    for sib in siblings[:200]:
        try:
            with open(sib, "rb") as fh:
                if m := _BIBL_VOLUME.search(fh.read(4096)):
                    return m[1].decode()
        except OSError:
            continue
    return None


def display_name(name: str) -> str:
    """``"Khrushchev, Nikita S."`` -> ``"Nikita S. Khrushchev"`` (persons-list form to reading order);
    a remark in parentheses is left out ("Eisenhower, Major John S. D. (Lieutenant Colonel from
    May 31, 1960)"); a generation after the forenames goes after the surname.

    >>> display_name("Palmer, Joseph A. II"), display_name("Johnson, U. Alexis, Jr.")
    ('Joseph A. Palmer II', 'U. Alexis Johnson Jr.')
    """
    name = re.sub(r"\s*\([^()]*\)", "", name)
    parts = [p.strip() for p in name.strip(" ,").split(",")]
    if len(parts) == 2 and parts[1] and parts[0]:
        *forenames, last = parts[1].split()
        if forenames and last in ("Jr.", "Sr.", "II", "III", "IV"):  # "Palmer, Joseph A. II"
            return f"{' '.join(forenames)} {parts[0]} {last}"
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[2].split(" ")[0] in ("Jr.", "Sr.", "II", "III", "IV"):
        return f"{parts[1]} {parts[0]} {parts[2]}"
    return name.strip(" ,")


def sniff(path: Path, head: bytes) -> bool:
    """An ``.xml`` file in the TEI namespace that looks like FRUS (a ``frus`` namespace or id)."""
    if Path(path).suffix.lower() not in SUFFIXES:
        return False
    return TEI.encode() in head and b"frus" in head


_ENTITY_DECL = re.compile(r"<!ENTITY", re.I)
_ROOT_START = re.compile(r"<[A-Za-z_]")


def _check_prolog(path: Path) -> None:
    """Refuse a DOCTYPE that declares entities (XXE, billion laughs) before parsing anything."""
    with open(path, "rb") as fh:
        data = fh.read(1 << 16)
        enc = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
        text = data.decode(enc, "ignore")
        while not _ROOT_START.search(text) and len(data) < (1 << 20):
            more = fh.read(1 << 16)
            if not more:
                break
            data += more
            text = data.decode(enc, "ignore")
    root = _ROOT_START.search(text)
    prolog = text[:root.start()] if root else text
    if decl := _ENTITY_DECL.search(prolog):
        line = prolog.count("\n", 0, decl.start()) + 1
        raise SourceError(path.name, "entity declarations are not allowed (XXE / entity expansion)",
                          f"line {line}")
    if root is None and "<!DOCTYPE" in prolog:
        raise SourceError(path.name, "DOCTYPE too large or no root element")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read(path: Path) -> Iterator[SourceRecord | SourceError]:
    """Records of every ``div[@type="document"]`` of a FRUS TEI file. The tree is let go as
    it is read, but the records are handed on once the volume is read, each with the names
    the volume prints in full (:func:`~kg.sources.frus.names.printed_in_full`): memory holds
    one volume's records, and a volume stopped by the file's time limit hands on none.

    A document that cannot be read is yielded as a :class:`SourceError` naming it, and
    the next ones are still read; a volume that breaks off (not well-formed) yields the
    documents completed before the break, then one :class:`SourceError` with the line.

    Raises:
        SourceError: the file cannot be opened, declares entities or holds no document
            ("no records"); any other failure of the volume as a whole, with the
            exception's type and message. Nothing else.
    """
    path = Path(path)
    try:
        sha = _sha256(path)
        _check_prolog(path)
    except OSError as exc:
        raise SourceError(path.name, f"cannot read file: {exc.strerror or exc}") from exc
    state = _Progress()
    held: list[SourceRecord | SourceError] = []  # the volume's records, for its names in full
    failure: SourceError | None = None
    try:
        held.extend(_stream(path, sha, state))
    except SourceError as exc:
        failure = exc
    except Exception as exc:  # noqa: BLE001 - the volume's failure, never a traceback
        where = f"in document {state.current}" if state.current else None
        failure = SourceError(path.name, f"cannot read the volume: {type(exc).__name__}: {exc}; "
                              f"{state.count} documents before this point were read", where)
    try:
        names = printed_in_full([r for r in held if isinstance(r, SourceRecord)])
    except Exception as exc:  # noqa: BLE001 - never a traceback, the records are kept
        names = ()
        failure = failure or SourceError(path.name, f"cannot collect the names printed in full: "
                                         f"{type(exc).__name__}: {exc}")
    held.reverse()
    while held:  # handed on one by one, and let go
        item = held.pop()
        yield replace(item, volume_names=names) if isinstance(item, SourceRecord) else item
    if failure is not None:
        raise failure
    if not state.count and not state.broken:
        raise SourceError(path.name, 'no records: the volume has no div[@type="document"]')


@dataclass
class _Progress:
    """Where the stream stands: documents open, the one being read, how many were read, and
    the volume's context (made once the header and front matter are read)."""

    depth: int = 0
    current: str = ""
    count: int = 0
    ctx: Context | None = None
    #: the volume broke off (and said so)
    broken: bool = False
    #: XPaths of the open elements of the path to a document (see :func:`_path_at_start`)
    paths: dict[etree._Element, str] = field(default_factory=dict)
    #: per parent, how many children of each name have started
    counts: dict[etree._Element, dict[str, int]] = field(default_factory=dict)


def _stream(path: Path, sha: str, state: _Progress | None = None) -> Iterator[SourceRecord | SourceError]:
    vol = _Volume(path, sha)
    state = state if state is not None else _Progress()
    tags = [f"{T}{name}" for name in ("TEI", "div", "title", "idno", "bibl", *_PATH_TAGS)]
    it = etree.iterparse(str(path), events=("start", "end"), tag=tags, resolve_entities=False,
                         no_network=True, load_dtd=False, huge_tree=False, remove_pis=True)
    first = True
    try:
        for event, el in it:
            if first:
                first = False
                _refuse_entities(el, path)
            name = local_name(el.tag)
            if event == "start":
                _start(name, el, vol, state)
                continue
            vol.read_header(name, el)
            if name == "div":
                yield from _end_div(el, vol, state)
            state.paths.pop(el, None)
            state.counts.pop(el, None)
    except etree.XMLSyntaxError as exc:
        yield from _broken(exc, it, path, state)


def _refuse_entities(el: etree._Element, path: Path) -> None:
    """Refuse an internal DTD that declares entities (defence in depth after the prolog check)."""
    dtd = el.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[attr-defined]  # stub lacks it
        raise SourceError(path.name, "entity declarations are not allowed", "line 1")


#: elements between the root and the documents, whose positions the stream counts
_PATH_TAGS = ("text", "body", "front", "back", "group")


def _path_at_start(el: etree._Element, state: _Progress) -> str:
    """The XPath of an element that starts (``/TEI/text/body/div[3]``), kept while it is open.

    The position of a ``div`` among its siblings is counted as they start: once read,
    siblings are released (:func:`_release`), so the tree no longer shows them. A ``div`` always
    has its position; ``text`` and ``body`` only when they are not the first of their name.
    """
    parent = el.getparent()
    name = local_name(el.tag)
    if parent is None:
        path = f"/{name}"
    else:
        counts = state.counts.setdefault(parent, {})
        n = counts[name] = counts.get(name, 0) + 1
        base = state.paths.get(parent) or _live_path(parent)
        path = f"{base}/{name}[{n}]" if name == "div" or n > 1 else f"{base}/{name}"
    state.paths[el] = path
    return path


def _live_path(el: etree._Element) -> str:
    """The XPath of an element the stream does not follow, from the tree as it stands."""
    steps: list[str] = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        name = local_name(node.tag)
        if parent is None:
            steps.append(name)
            break
        same = [c for c in parent if c.tag == node.tag]
        steps.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 or name == "div" else name)
        node = parent
    return "/" + "/".join(reversed(steps))


def _start(name: str, el: etree._Element, vol: _Volume, state: _Progress) -> None:
    """The root's id; a document opens; the path to a document is followed."""
    if name in _PATH_TAGS or name in ("TEI", "div"):
        _path_at_start(el, state)
    if name == "TEI" and el.getparent() is None:
        vol.tei_id = el.get(XML_ID)
    elif name == "div" and el.get("type") == "document":
        state.depth += 1
        state.current = el.get(XML_ID) or f"n={el.get('n')}"


def _end_div(el: etree._Element, vol: _Volume, state: _Progress) -> Iterator[SourceRecord | SourceError]:
    """A ``div`` read to its end: the persons list, or a document (its record, or the error
    naming it); outside documents, what was read is let go."""
    if el.get(XML_ID) == "persons":
        vol.read_persons(el)
    if el.get("type") == "document":
        state.depth -= 1
        if state.ctx is None:
            state.ctx = Context(vol.volume_id(), vol.persons)
        state.count += 1
        yield _document(el, state.ctx, vol, state.count, state.paths.get(el) or _live_path(el))
        state.current = ""
    if state.depth == 0:
        _release(el)


def _document(el: etree._Element, ctx: Context, vol: _Volume, count: int,
              path: str) -> SourceRecord | SourceError:
    """The record of a document, or a :class:`SourceError` naming the document (whatever
    went wrong)."""
    doc = el.get(XML_ID) or f"document {count}"
    try:
        return _record(el, ctx, vol, path)
    except DocumentError as exc:
        return SourceError(vol.file, f"{ctx.volume} {doc}: {exc.message}", f"{doc} ({exc.path})")
    except SourceError as exc:
        return SourceError(vol.file, f"{ctx.volume} {doc}: {exc.message}", doc)
    except Exception as exc:  # noqa: BLE001 - one document's failure is its own error
        return SourceError(vol.file, f"{ctx.volume} {doc}: cannot read the document: "
                           f"{type(exc).__name__}: {exc}", doc)


def _release(el: etree._Element) -> None:
    """Clear an element read to its end and the siblings before it: memory stays bounded."""
    el.clear(keep_tail=True)  # type: ignore[call-arg]  # lxml-stubs lacks keep_tail (lxml >= 4.4 has it)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _broken(exc: etree.XMLSyntaxError, it: etree.iterparse, path: Path,
            state: _Progress) -> Iterator[SourceError]:
    """A volume that is not well-formed: an entity stop is refused; a fatal error yields one
    :class:`SourceError` with the line (the documents before it were read)."""
    if "entity" in (exc.msg or "").lower():
        # libxml2 2.14 stops an expanding entity itself ("Maximum entity amplification
        # factor exceeded") before the first event, so the DTD check above never runs.
        raise SourceError(path.name, "entity declarations are not allowed "
                          f"(the parser stopped: {exc.msg})", f"line {exc.lineno}") from exc
    # Without recovery, libxml2 stops at the first fatal error (after the events before
    # it were delivered). Non-fatal validity errors (a duplicate xml:id: frus1952-54v12p2)
    # are only raised once the whole file has been parsed: those are ignored.
    if any(e.level_name == "FATAL" for e in it.error_log) or not len(it.error_log):
        state.broken = True
        where = f"line {exc.lineno}" + (f", in document {state.current}" if state.current else "")
        yield SourceError(path.name, f"volume is not well-formed XML ({exc.msg}); "
                          f"{state.count} documents before this point were read", where)
