"""Reader for the CSV written by the public scraper of the Wilson Center Digital Archive.

Columns (``wilson_archive.csv``): ``document_url, original_publication_date, title,
text_body, summary, authors, associated_places, subjects_discussed, source, language,
rights, record_id, ...``. Each row is one record; its fields go through the same
assembly as the plain-text layouts (:func:`kg.sources.wilson.assemble`), so the
title grammar, body facts and citations are read the same way.

Values are parsed with :mod:`csv`; each field is then located in the file, so every
fact keeps a span into the CSV file itself (a ``"`` inside a quoted field is
written ``""`` there, which :class:`~kg.sources.text.Line` accounts for). A bad
row is reported with its row number and field, and the other rows still build.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import SourceError
from kg.normalize import parse_date_line
from kg.records import SourceRecord
from kg.sources.limits import MAX_LINE_CHARS, line_too_long
from kg.sources.text import Line
from kg.sources.wilson import Fields, assemble, named

__all__ = ["NAME", "VERSION", "SUFFIXES", "sniff", "read", "parse_csv", "REQUIRED"]

NAME = "wilson-csv"
VERSION = "0.1.0"
SUFFIXES = (".csv",)
REQUIRED = ("document_url", "original_publication_date", "title", "text_body")


def sniff(path: Path, head: bytes) -> bool:
    """A ``.csv`` file whose header names the scraper's columns."""
    if path.suffix.lower() not in SUFFIXES:
        return False
    first = head.split(b"\n", 1)[0].decode("utf-8", "replace")
    return all(col in first for col in ("document_url", "title", "text_body"))


def read(path: Path) -> Iterator[SourceRecord | SourceError]:
    """Records of every row; a bad row is yielded as a :class:`SourceError` (naming the
    row and field) in its place, and the rows after it are still read.

    Raises:
        SourceError: the file as a whole cannot be read, or holds no row (nothing else).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path.name, f"cannot read file: {exc.strerror or exc}") from exc
    yield from parse_csv(data, path.name)


class _Cell:
    """A field value and the file offset of its first character."""

    __slots__ = ("value", "start", "quoted")

    def __init__(self, value: str, start: int, quoted: bool) -> None:
        self.value, self.start, self.quoted = value, start, quoted


def _locate(text: str, rows: list[list[str]]) -> list[list[_Cell]] | None:
    """File offsets of every field, checked against the raw text; None if they drift."""
    out, pos = [], 0
    for row in rows:
        cells = []
        for k, value in enumerate(row):
            quoted = text.startswith('"', pos)
            raw = '"' + value.replace('"', '""') + '"' if quoted else value
            if text[pos:pos + len(raw)] != raw:
                return None
            cells.append(_Cell(value, pos + 1 if quoted else pos, quoted))
            pos += len(raw)
            if k < len(row) - 1:
                pos += 1  # the comma
        if text.startswith("\r\n", pos):
            pos += 2
        elif text.startswith(("\n", "\r"), pos):
            pos += 1
        out.append(cells)
    return out


def _lines(cell: _Cell | None, n: int) -> list[Line]:
    """The lines of a field, each with its file offset (and doubled quotes noted)."""
    if cell is None:
        return []
    out, offset, quotes = [], 0, 0   # quotes: the '"' before this line, each written '""'
    for raw in cell.value.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        lead = len(body) - len(body.lstrip())
        doubled = tuple(i for i, ch in enumerate(stripped) if ch == '"') if cell.quoted else ()
        start = cell.start + offset + lead + quotes
        out.append(Line(n, start, stripped, doubled))
        offset += len(raw)
        quotes += raw.count('"') if cell.quoted else 0
    return out


def _first(cells: dict[str, _Cell], name: str, n: int) -> Line | None:
    return next((line for line in _lines(cells.get(name), n) if line.text), None)


def parse_csv(data: bytes, file_name: str) -> Iterator[SourceRecord | SourceError]:
    """Records of a scraper CSV, one per row (a bad row yields its :class:`SourceError`).

    Raises:
        SourceError: the file as a whole cannot be read (not UTF-8, no header, not CSV), or
            it has no data row ("no records"); nothing else.
    """
    try:
        sheet, rows = _sheet(data, file_name)
    except SourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - the file's failure, never a traceback
        raise SourceError(file_name, f"cannot read the file: {type(exc).__name__}: {exc}") from exc
    found = 0
    for number, row in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in row):
            continue
        found += 1
        yield _guarded_row(row, number, sheet)
    if not found:
        raise SourceError(file_name, _no_rows(sheet.file_text, len(rows)), "row 2")


def _no_rows(text: str, rows: int) -> str:
    """Why a CSV file with a header yields nothing."""
    if "\n" not in text and "\r" not in text:
        return "no records: the file has no line breaks, so it is a header row alone"
    if rows > 1:
        return "no records: every row after the header is blank"
    return "no records: the file has a header row and no data rows"


def _sheet(data: bytes, file_name: str) -> tuple[_Sheet, list[list[str]]]:
    """The file decoded and cut into rows, its header checked."""
    try:
        file_text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(file_name, f"not UTF-8 text ({exc.reason})", f"byte {exc.start}") from exc
    offset_bom = 1 if file_text.startswith("\ufeff") else 0
    text = file_text[offset_bom:]
    if not text.strip():
        raise SourceError(file_name, "empty file: no header row")
    csv.field_size_limit(1 << 30)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise SourceError(file_name, f"not a CSV file: {exc}") from exc
    header = rows[0]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SourceError(file_name, f"missing column(s): {', '.join(missing)}", "row 1")
    sheet = _Sheet(file_name, file_text, hashlib.sha256(data).hexdigest(), header,
                   _locate(text, rows), offset_bom)
    return sheet, rows


def _guarded_row(row: list[str], number: int, sheet: _Sheet) -> SourceRecord | SourceError:
    """The record of one row, or the row's :class:`SourceError` (whatever went wrong)."""
    where = f"row {number}"
    try:
        return _row(row, number, sheet)
    except SourceError as exc:
        return named(exc, sheet.file_name, None if exc.file else where)
    except Exception as exc:  # noqa: BLE001 - one row's failure is its own error, never a traceback
        return SourceError(sheet.file_name, f"cannot read the row: {type(exc).__name__}: {exc}", where)


@dataclass(frozen=True)
class _Sheet:
    """What every row of one CSV file shares: the file, its header and where its fields stand."""

    file_name: str
    file_text: str
    sha256: str
    header: list[str]
    #: every field's place in the file (rows in file order, header first); None if they drift
    located: list[list[_Cell]] | None
    #: 1 when the file starts with a byte-order mark (offsets are counted without it)
    offset_bom: int


def _cells(row: list[str], number: int, sheet: _Sheet) -> dict[str, _Cell]:
    """The fields of a row by column name, at their places in the file."""
    if sheet.located is not None:
        cells = {h: sheet.located[number - 1][k] for k, h in enumerate(sheet.header)}
        for cell in cells.values():
            cell.start += sheet.offset_bom
        return cells
    # offsets could not be checked: keep the values, drop the spans
    return {h: _Cell(row[k], 0, False) for k, h in enumerate(sheet.header)}


def _row(row: list[str], number: int, sheet: _Sheet) -> SourceRecord:
    """One row as a record."""
    file_name, header = sheet.file_name, sheet.header
    where = f"row {number}"
    if len(row) != len(header):
        raise SourceError(file_name, f"{len(row)} fields, the header has {len(header)}", where)
    cells = _cells(row, number, sheet)
    _check_lengths(cells, number, file_name)
    title = _first(cells, "title", number)
    if title is None:
        raise SourceError(file_name, "record has no title", f"{where}, field title")
    date_line = _first(cells, "original_publication_date", number)
    date = parse_date_line(date_line.text) if date_line else None
    if date is None:
        raise SourceError(file_name, "no publication date, or not a date: "
                          f"{(date_line.text if date_line else '')[:40]!r}",
                          f"{where}, field original_publication_date")
    fields = Fields(
        title=title, date=date, date_line=date_line,
        summary=[line for line in _lines(cells.get("summary"), number) if line.text],
        language=_language(cells.get("language"), number),
        citation=[line for line in _lines(cells.get("source"), number) if line.text],
        record_id=_first(cells, "record_id", number),
        body=_lines(cells.get("text_body"), number),
        layout="csv",
    )
    url = _first(cells, "document_url", number)
    if url is not None:
        fields.url = (url.text, url.span())
    record_id = fields.record_id.text if fields.record_id and fields.record_id.text.isdigit() else None
    if fields.record_id is not None and record_id is None:
        fields.record_id = None
    return assemble(fields, file_name=file_name, sha256=sheet.sha256,
                    text=sheet.file_text if sheet.located else "",
                    reader=NAME, version=VERSION,
                    key=record_id or (url.text.rstrip("/").rsplit("/", 1)[-1] if url else f"row{number}"))


#: the columns a record is read from
_READ = ("document_url", "original_publication_date", "title", "text_body", "summary", "source",
         "language", "record_id")


def _check_lengths(cells: dict[str, _Cell], number: int, file_name: str) -> None:
    """Refuse a row one of whose fields read has a line over :data:`MAX_LINE_CHARS`."""
    for name in _READ:
        cell = cells.get(name)
        if cell is None or len(cell.value) <= MAX_LINE_CHARS:
            continue
        for k, line in enumerate(cell.value.splitlines(), start=1):
            if len(line) > MAX_LINE_CHARS:
                raise line_too_long(file_name, f"row {number}, field {name}", len(line),
                                    f"line {k} of field {name}")


def _language(cell: _Cell | None, n: int) -> Line | None:
    """The first language of the JSON list the scraper writes (``["English"]``)."""
    line = next((line for line in _lines(cell, n) if line.text), None)
    if line is None:
        return None
    try:
        values = json.loads(line.text)
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        return line
    if isinstance(values, list) and values and isinstance(values[0], str):
        at = line.text.find(values[0])
        return line.sub(at, at + len(values[0])) if at >= 0 else None
    return None
