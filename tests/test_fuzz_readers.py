"""Fuzzing the readers: generated and mutated inputs give records or errors naming the file,
never another exception and never a hang; one bad file in a build never changes the others.

Every input is written to a file in ``tmp_path`` and read through the public
``kg.sources.read``, in a worker process that is killed when one input runs past
``PER_INPUT_S`` (a generous bound: these inputs read in milliseconds). Inputs come from two
sources for each reader (Wilson text records in both layouts, the scraper CSV, FRUS TEI):

* hypothesis-generated text from each format's vocabulary (``derandomize=True``: CI runs
  the same inputs every time);
* mutations of real seeds by ``random.Random(i)``: lines deleted, duplicated or swapped,
  long runs inserted, truncation, flipped bytes, injected markup, quotes, brackets, control
  characters and huge numbers, broken CSV quoting, cut XML, entity declarations.

Seeds: the sample ``data/wilson/112696.txt``, the held-out records, the FRUS fixtures and
``tests/fixtures/fuzz/`` (all but the sample written for testing). The tests marked slow run
more than 1,000 inputs per reader (CI); the unmarked ones are a smoke subset of 50.

Failures are collected rather than raised at the first one: the assertion lists each
distinct failure once (the exception and its place in ``kg/``) with its shortest input,
which is also saved under ``tmp_path``. After a hang a run stops (each costs the bound).
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import random
import re
import shutil
import socket
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from fuzzing import run_generated
from hypothesis import strategies as st
from loopback import HTTP_NOT_FOUND, Listener

from kg.errors import SourceError
from kg.iris import Minter
from kg.mapping.authority import Authority
from kg.pipeline import build, special_graphs
from kg.records import SourceRecord
from kg.sources import read, reader_for, time_limit
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "wilson" / "112696.txt"
HELDOUT = ROOT / "tests" / "fixtures" / "wilson-heldout" / "records"
FRUS = ROOT / "tests" / "fixtures" / "frus"
FETCH = ROOT / "tests" / "fixtures" / "fetch"
FUZZ = ROOT / "tests" / "fixtures" / "fuzz"
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)

#: The reader's own per-file time limit (``kg.sources.time_limit``) for one input: generous,
#: since these inputs read in milliseconds; an input that reaches it is a failure (work that
#: grows faster than the input), and the run stops there (each costs the limit).
READ_LIMIT_S = 10.0
#: The bound past which the worker process is killed: an input the time limit did not stop.
PER_INPUT_S = 60.0
#: The same for one small build (eight files build in about three seconds).
PER_BUILD_S = 180.0
#: Address space a reader's worker process may take beyond what it starts with.
READER_MEMORY = 2 << 30

SLOW_GENERATED, SLOW_MUTATED = 400, 600  # 1,000 inputs per reader
SMOKE_GENERATED, SMOKE_MUTATED = 25, 25
SLOW_BATCHES, SMOKE_BATCHES = 20, 2


# --- a worker process per run, killed when an input outlives its bound ------------------------

def _limit_memory(extra: int) -> None:
    """Cap this process's address space at its current size plus ``extra`` (Linux)."""
    try:
        import resource

        with open("/proc/self/statm") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + extra if hard == resource.RLIM_INFINITY else min(hard, size + extra)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError, ImportError):
        pass


def _serve(conn: Any, function: Callable[[Any], Any], memory: int | None) -> None:
    """The worker's loop: one call per message, until ``None``."""
    if memory:
        _limit_memory(memory)
    while (arg := conn.recv()) is not None:
        conn.send(function(arg))


class Sandbox:
    """``function(arg)`` run in a child process, one call at a time; a call that outlives its
    bound has its child killed (a new one starts at the next call)."""

    def __init__(self, function: Callable[[Any], Any], method: str, memory: int | None = None) -> None:
        self.function, self.method, self.memory = function, method, memory
        self.process: Any = None
        self.conn: Any = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            try:
                self.conn.send(None)
                self.process.join(10)
            except OSError:
                pass
        self.stop()

    def _start(self) -> None:
        context: Any = multiprocessing.get_context(self.method)
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, self.function, self.memory),
                                       daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        """Kill the child, if there is one."""
        if self.process is not None:
            self.process.kill()
            self.process.join(10)
            self.conn.close()
            self.process = self.conn = None

    def call(self, arg: Any, limit: float) -> tuple[str, Any]:
        """``("ok", result)``, ``("hang", None)`` past ``limit`` seconds, or ``("died", exit code)``."""
        if self.process is None:
            self._start()
        self.conn.send(arg)
        if not self.conn.poll(limit):
            self.stop()
            return "hang", None
        try:
            return "ok", self.conn.recv()
        except EOFError:
            process = self.process
            self.stop()
            return "died", process.exitcode


def _where(frame: traceback.FrameSummary | None) -> str:
    if frame is None:
        return "?"
    path = Path(frame.filename)
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else "/".join(path.parts[-3:])
    return f"{name}:{frame.lineno} in {frame.name}"


def crash_of(exc: BaseException) -> tuple[str, str]:
    """An exception's signature (its type and innermost frame in ``kg/``) and one detail line."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if (ROOT / "kg") in Path(f.filename).parents]
    place = _where(ours[-1] if ours else (frames[-1] if frames else None))
    detail = (f"{type(exc).__name__}: {str(exc)[:300]} (at {place}; innermost frame "
              f"{_where(frames[-1] if frames else None)})")
    return f"{type(exc).__name__} at {place}", detail


# --- reading one input (in the worker) -----------------------------------------------------

@dataclass
class ReadOutcome:
    """What reading one file gave: the reader that claimed it, the layouts of its records,
    its errors (file, message), anything else it yielded, and the exception that escaped."""

    reader: str | None = None
    seconds: float = 0.0
    layouts: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    crash: tuple[str, str] | None = None


def read_one(path_text: str) -> ReadOutcome:
    """Read one file through ``kg.sources.read`` and say what came of it (runs in the worker)."""
    out, path = ReadOutcome(), Path(path_text)
    try:
        out.reader = reader_for(path).NAME
    except SourceError:
        pass
    except Exception as exc:  # the property: nothing else escapes
        out.crash = crash_of(exc)
        return out
    started = time.monotonic()
    try:
        with time_limit(path, READ_LIMIT_S):
            _read_into(out, path)
    except SourceError as exc:
        out.errors.append((exc.file, str(exc)))
    except Exception as exc:  # the property: nothing else escapes
        out.crash = crash_of(exc)
    out.seconds = time.monotonic() - started
    return out


def _read_into(out: ReadOutcome, path: Path) -> None:
    """What ``kg.sources.read`` yields for ``path``, noted in ``out``."""
    for item in read(path):
        if isinstance(item, SourceRecord):
            out.layouts.append(item.layout or "")
        elif isinstance(item, SourceError):
            out.errors.append((item.file, str(item)))
        else:
            out.others.append(repr(item)[:200])


# --- tallying a run --------------------------------------------------------------------------

@dataclass
class Tally:
    """What a fuzz run saw: inputs run, inputs the intended reader claimed, record layouts,
    and each distinct failure once (signature -> detail, origin, shortest input)."""

    inputs: int = 0
    claimed: int = 0
    layouts: Counter[str] = field(default_factory=Counter)
    failures: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)
    hung: bool = False

    def fail(self, signature: str, detail: str, origin: str, data: bytes) -> None:
        """Note a failure; keep the shortest input of each signature."""
        known = self.failures.get(signature)
        if known is None or len(data) < len(known[2]):
            self.failures[signature] = (detail, origin, data)

    def report(self, folder: Path) -> str:
        """Every distinct failure with its input (saved in ``folder``), or ``""``."""
        lines = []
        for k, (signature, (detail, origin, data)) in enumerate(sorted(self.failures.items())):
            saved = folder / f"failure-{k}.bin"
            saved.write_bytes(data)
            lines.append(f"- {signature}\n    {detail}\n    input: {origin}; {len(data)} bytes, "
                         f"saved as {saved}: {data[:240]!r}")
        return "\n".join(lines)


FILE_NAMES = ("in-{i}", "in put [bold]{i}[red]", "é-{i}", "{i}:x:", "x'{i}\"")


class ReaderFuzz:
    """Runs inputs through ``kg.sources.read`` in a sandbox and checks the property."""

    def __init__(self, reader: str, suffix: str, folder: Path, sandbox: Sandbox) -> None:
        self.reader, self.suffix, self.folder, self.sandbox = reader, suffix, folder, sandbox
        self.tally = Tally()

    def check(self, data: bytes, origin: str) -> None:
        """Read ``data`` as a file; note what breaks the property."""
        if self.tally.hung:
            return
        path = self.folder / (FILE_NAMES[self.tally.inputs % len(FILE_NAMES)].format(
            i=self.tally.inputs) + self.suffix)
        path.write_bytes(data)
        status, outcome = self.sandbox.call(str(path), PER_INPUT_S)
        path.unlink(missing_ok=True)
        self.tally.inputs += 1
        if status == "hang":
            self.tally.hung = True
            self.tally.fail("hang", f"no answer within {PER_INPUT_S:.0f} s", origin, data)
        elif status == "died":
            self.tally.fail("worker died", f"the reading process died (exit code {outcome})",
                            origin, data)
        else:
            self._judge(outcome, path.name, data, origin)

    def _judge(self, outcome: ReadOutcome, name: str, data: bytes, origin: str) -> None:
        tally = self.tally
        tally.claimed += outcome.reader == self.reader
        tally.layouts.update(outcome.layouts)
        if outcome.seconds >= READ_LIMIT_S:
            tally.hung = True
            tally.fail("time limit reached", f"{outcome.seconds:.0f} s, past the per-file limit of "
                       f"{READ_LIMIT_S:.0f} s: work growing faster than the input", origin, data)
        if outcome.crash:
            tally.fail(*outcome.crash, origin, data)
        for file, message in outcome.errors:
            if Path(file).name != name:
                tally.fail("SourceError not naming the file",
                           f"{message!r}: names {file!r}, not {name!r}", origin, data)
        for other in outcome.others:
            tally.fail("neither a record nor a SourceError", other, origin, data)
        if not (outcome.layouts or outcome.errors or outcome.others or outcome.crash):
            tally.fail("nothing said about the input", "no record and no error", origin, data)


def assert_no_failures(tally: Tally, folder: Path) -> None:
    """Fail listing every distinct failure in full (an assertion's diff would cut them short)."""
    report = tally.report(folder)
    if report:
        pytest.fail(f"{len(tally.failures)} distinct failures in {tally.inputs} inputs:\n{report}",
                    pytrace=False)



# --- mutations --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Context:
    """What the mutations of one format draw from: long-run units, injected tokens, the run
    sizes and the loopback port named in tokens that would fetch something."""

    units: tuple[bytes, ...]
    tokens: tuple[bytes, ...]
    sizes: tuple[int, ...]
    ops: tuple[Op, ...]
    #: the most mutations applied to one input
    rounds: int = 4


Op = Callable[[bytes, random.Random, Context], bytes]


def _split(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def delete_lines(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    lines = _split(data)
    at = rng.randrange(len(lines))
    del lines[at:at + rng.randint(1, 6)]
    return b"".join(lines)


def duplicate_lines(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    lines = _split(data)
    at = rng.randrange(len(lines))
    lines[at:at] = lines[at:at + rng.randint(1, 4)] * rng.choice((1, 2, 50))
    return b"".join(lines)


def swap_lines(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    lines = _split(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def long_run(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    unit = rng.choice(ctx.units)
    run = unit * max(1, rng.choice(ctx.sizes) // len(unit))
    at = rng.randrange(len(data) + 1)
    return data[:at] + run + data[at:]


def truncate(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def flip_bytes(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8) if buf else 0):
        at = rng.randrange(len(buf))
        buf[at] = rng.randrange(256) if rng.random() < 0.5 else buf[at] ^ (1 << rng.randrange(8))
    return bytes(buf)


def inject(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    token = rng.choice(ctx.tokens)
    lines = _split(data)
    at = rng.randrange(len(lines))
    mode = rng.randrange(3)
    if mode == 0:  # anywhere in a line
        cut = rng.randrange(len(lines[at]) + 1)
        lines[at] = lines[at][:cut] + token + lines[at][cut:]
    elif mode == 1:  # a line of its own
        lines.insert(at, token + b"\n")
    else:  # in place of a line
        lines[at] = token + b"\n"
    return b"".join(lines)


def splice(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    start = rng.randrange(len(data) + 1)
    chunk = data[start:start + rng.randint(1, 2000)]
    at = rng.randrange(len(data) + 1)
    return data[:at] + chunk + data[at:]


def line_ends(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    return data.replace(b"\n", rng.choice((b"\r\n", b"\r", b"\n\n", b"\x0b", b"\xe2\x80\xa8",
                                           b"\xc2\x85", b"")))


def prefix(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    return rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\n\n\n", b"   ", b"\x00",
                       b"\xef\xbb\xbf\xef\xbb\xbf")) + data


COMMON_OPS = (delete_lines, duplicate_lines, swap_lines, long_run, truncate, flip_bytes, inject,
              inject, splice, line_ends, prefix)

# Wilson text records

NODE_KEYS = (b"Type", b"Record ID", b"Language", b"Source", b"Rights", b"Original Uploaded Date",
             b"Original Archive")
HEADS = (b"Citation:", b"Summary:", b"Original Language:", b"Contents:", b"Document Information",
         b"Associated Places", b"Author(s):", b"Associated People & Organizations", b"Citation: x",
         b"Contents: Translation - English", b"Associated Topics")


def empty_node_value(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    """A node-layout key with its value taken away (``Type`` followed by nothing)."""
    lines = _split(data)
    keys = [i for i, line in enumerate(lines) if line.strip() in NODE_KEYS]
    if not keys:
        return data + b"\nDocument Information\n\n" + rng.choice(NODE_KEYS) + b"\n"
    at = rng.choice(keys) + 1
    while at < len(lines) and not lines[at].strip():
        at += 1
    if at < len(lines) and lines[at].strip() not in NODE_KEYS:
        del lines[at]
    return b"".join(lines)


def node_value(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    """A node-layout key's value replaced by a token."""
    lines = _split(data)
    keys = [i for i, line in enumerate(lines) if line.strip() in NODE_KEYS]
    if not keys:
        return data + b"\nDocument Information\n\n" + rng.choice(NODE_KEYS) + b"\n\n" + \
            rng.choice(ctx.tokens) + b"\n"
    at = min(rng.choice(keys) + 2, len(lines))
    lines[at:at + 1] = [rng.choice(ctx.tokens) + b"\n"]
    return b"".join(lines)


def section_head(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    lines = _split(data)
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(HEADS) + b"\n")
    return b"".join(lines)


#: URLs that are not IRIs (one of ``" < \\ ^ ` { | }`` or a space in them) or not absolute.
BAD_URLS = (*(b"https://e.org/a" + c + b"b/1" for c in (b'"', b"<", b"\\", b"^", b"`", b"{", b"|", b"}",
                                                         b" ", b"\x01")),
            b'https://e.org/"<>\\^`{|}/1', b"http://[::1", b"javascript:alert(1)", b"/document/3",
            b"document/4", b"", b"https://", b"http://%zz/5", b"https://e.org/" + b"9" * 400, b"urn:x",
            b"https://e.org/%00", b"https://e.org/\xd0\x96/7")


def citation_url(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    """The record's URLs replaced by one that is not a valid IRI (or not absolute); a record
    without one gets it in its citation (``Source`` or ``Citation:``)."""
    if re.search(rb"https?://", data):
        return re.sub(rb"https?://[^\s>\",]+", lambda m: rng.choice(BAD_URLS), data,
                      count=rng.choice((0, 1)))
    lines = _split(data)
    heads = [i for i, line in enumerate(lines) if line.strip() in (b"Source", b"Citation:")]
    at = min(heads[0] + 2, len(lines)) if heads else len(lines)
    lines.insert(at, b"Test Archive, f. 1. <" + rng.choice(BAD_URLS) + b">\n")
    return b"".join(lines)


def _tokens(port: int) -> tuple[bytes, ...]:
    loopback = f"http://127.0.0.1:{port}"
    text = (
        "[bold]", "[/bold]", "[/]", "[link=https://e.org/]x[/link]", "[red]x", ":x:", ":thumbs_up:",
        '"', "“Comrade STALIN,", "”", "'", "«", "»", "[", "]", "(via", "(", ")", "{", "}", "<", ">",
        "<script>alert(1)</script>", "&amp;", "\x01", "\x1b[31m", "\x7f", "\u2028", "\ufeff",
        "\U0010ffff", "\u0301", "\t\t\t", "9" * 400, "No. 99999999999999999999999/sh",
        "Distribution list - 99999999999999999999 copies: Stalin - 99999999999999999999,",
        "Sent by wire on 99/99/99 at 99:99 a.m.", "Deciphered by X on 31/02/1950 at 25:61 p.m.",
        "Received 99 hours 99 minutes 99.99.9999",
        "1. To permit the training of 99999999999999999999999 pilots", "1e309", "-0",
        "February 30, 1950", "0 January 0000", "October 9, 99999", "Record ID", "Type", "²³", "١٢٣",
        "１２３", "Ⅻ",
        "Document Information", "Citation:", "Contents:", "Summary:",
        "I herewith transmit a letter from comrade", "S H T Y K O V", "Respectfully, KIM IL SUNG\"",
        "[Enclosure]", "Present: A, B, C", "{{7*7}}", "%s%n", "\\", "\\u0000", '"""',
        f"> }} SERVICE <{loopback}/> {{ #", f"<{loopback}/>", "'; DROP", "f. 99999999999999999999",
        "APRF, fond , opis , delo , listy -", "To:", "FROM:", "Copies:", "Copies made: 999999999",
    )
    raw = (b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\x00", b"\xe2\x80")
    return tuple(t.encode() for t in text) + raw


WILSON_UNITS = (b"transmit the letter from ", b"forward message ", b"A ", b"Stalin - 1, ",
                b"f. 45, op. 1, d. 3, ", b"(", b"[", b'"', b"x", b" ", b"\t", b"1. ", b"Comrade ",
                b" to ", b" and ", b"No. 1/", "Ж".encode(), b"via ", b"...", b"- ", b", ", b"A. ",
                b"Sent ", b"10/09/50 ")
RUN_SIZES = (300, 5_000, 40_000, 99_000, 150_000)
BUILD_RUN_SIZES = (300, 3_000, 20_000)


WILSON_OPS = (*COMMON_OPS, empty_node_value, node_value, section_head, citation_url)
#: Mutations for the build property: mostly ones that leave a readable record with odd values.
WILSON_BUILD_OPS = (citation_url, citation_url, node_value, node_value, empty_node_value, inject, inject,
                    section_head, duplicate_lines, delete_lines, long_run, line_ends)


# the scraper CSV

def break_quote(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    quotes = [m.start() for m in re.finditer(rb'"', data)]
    if quotes and rng.random() < 0.5:
        at = rng.choice(quotes)
        return data[:at] + data[at + 1:]
    at = rng.randrange(len(data) + 1)
    return data[:at] + b'"' + data[at:]


def commas(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    lines = _split(data)
    at = rng.randrange(len(lines))
    lines[at] = lines[at].replace(b",", b"", rng.randint(1, 3)) if rng.random() < 0.5 \
        else lines[at].replace(b",", b",,", rng.randint(1, 3))
    return b"".join(lines)


def no_line_breaks(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    return data.replace(b"\r\n", b" ").replace(b"\n", b" ").replace(b"\r", b" ")


def header_only(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    return _split(data)[0] + rng.choice((b"", b"\n", b"\n\n\n", b",,,,\n"))


def relative_url(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    """document_url made relative, empty or not an IRI (in one row or in all)."""
    return data.replace(b"https://digitalarchive.wilsoncenter.org/document/", rng.choice(BAD_URLS),
                        rng.choice((1, -1)))


def duplicate_row(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    lines = _split(data)
    rows = [i for i, line in enumerate(lines) if line.startswith(b"https://")]
    if rows:
        at = rng.choice(rows)
        lines.insert(rng.randrange(1, len(lines) + 1), lines[at])
    return b"".join(lines)


def header_names(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    head, _, rest = data.partition(b"\n")
    names = head.split(b",")
    i, j = rng.randrange(len(names)), rng.randrange(len(names))
    names[i], names[j] = names[j], names[i]
    if rng.random() < 0.3:
        names[i] = rng.choice((b"", b"title", b'"title', b"record_id", b"\xff"))
    sep = b";" if rng.random() < 0.1 else b","
    return sep.join(names) + b"\n" + rest


CSV_UNITS = (b'"', b",", b'""', b"a,", b'"a",', b"\n", b"\r\n", b'\\"', *WILSON_UNITS)


CSV_OPS = (*COMMON_OPS, break_quote, break_quote, commas, no_line_breaks, header_only, relative_url,
           duplicate_row, header_names, citation_url)
CSV_BUILD_OPS = (relative_url, relative_url, citation_url, citation_url, inject, inject, duplicate_row,
                 header_names, break_quote, commas, long_run, delete_lines, header_only, no_line_breaks)


# FRUS TEI

def drop_close_tag(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    tags = list(re.finditer(rb"</[^>]*>", data))
    if not tags:
        return data
    m = rng.choice(tags)
    return data[:m.start()] + data[m.end():]


TEI_TAGS = (b"div", b"head", b"p", b"note", b"persName", b"hi", b"gloss", b"date", b"dateline",
            b"closer", b"signed", b"list", b"item", b"opener", b"frus:attachment", b"TEI", b"text",
            b"body", b"placeName", b"seg", b"title", b"idno", b"bibl")


def open_tag(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    at = rng.randrange(len(data) + 1)
    tag = rng.choice(TEI_TAGS)
    attrs = rng.choice((b"", b' type="document"', b' xml:id="d1"', b' type="from"', b' when="1950"'))
    return data[:at] + b"<" + tag + attrs + b">" + data[at:]


def _doctypes(port: int) -> tuple[bytes, ...]:
    loopback = f"http://127.0.0.1:{port}"
    return tuple(d.encode() for d in (
        '<!DOCTYPE TEI [<!ENTITY e "x">]>',
        f'<!DOCTYPE TEI [<!ENTITY e SYSTEM "{loopback}/e">]>',
        f'<!DOCTYPE TEI [<!ENTITY % p SYSTEM "{loopback}/p"> %p;]>',
        f'<!DOCTYPE TEI SYSTEM "{loopback}/tei.dtd">',
        f'<!DOCTYPE TEI PUBLIC "-//X//Y" "{loopback}/tei.dtd">',
        '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY e "&c;&c;&c;&c;&c;&c;&c;&c;">]>',
        '<!DOCTYPE TEI [<!ENTITY e SYSTEM "file:///etc/hostname">]>',
        '<!doctype TEI [<!entity e "x">]>',
        '<!DOCTYPE TEI [ <!-- <!ENTITY --> <!ELEMENT TEI ANY> ]>',
        '<!DOCTYPE TEI [<!ENTITY\te\t"x">]>',
        '<!DOCTYPE TEI [<!ATTLIST div type CDATA "document">]>',
    ))


def entity_decl(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    """A DOCTYPE (declaring entities, or naming an external DTD) before the root, and
    sometimes a reference to the entity in the text."""
    doctype = rng.choice(tuple(t for t in ctx.tokens if t.lower().startswith(b"<!doctype")))
    at = max(data.find(b"<TEI"), 0)
    data = data[:at] + doctype + b"\n" + data[at:]
    if rng.random() < 0.7:
        spot = data.find(b"<p>")
        spot = spot + 3 if spot >= 0 else len(data)
        data = data[:spot] + b"&e;" + data[spot:]
    return data


def entity_ref(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    at = rng.randrange(len(data) + 1)
    ref = rng.choice((b"&e;", b"&#0;", b"&#x110000;", b"&amp", b"&lt;", b"&#1114111;", b"&#xD800;",
                      b"&;", b"&#;", b"&nbsp;"))
    return data[:at] + ref + data[at:]


ATTRIBUTE_VALUES = (b"9999-99-99", b"", b"1950-02-30", b"99999999999999999999", b"x", b"d1",
                    b"-1950-01-01", b"1950-01-01T99:99:99", b"\xff", b"&amp;", b"[/bold]", b" ", b"d 1",
                    b"d{1}", b"a\\b", b"x^y`z|", b"&quot;&lt;&gt;", b"#", b"%", b"%zz", b"\xd0\x96",
                    b"frus1950v07/../x", b"\xd9\xa3")


def attribute(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    values = list(re.finditer(rb'(?:when|from|to|notBefore|notAfter|xml:id|n|type|corresp|'
                              rb'frus:doc-dateTime-min|frus:doc-dateTime-max)="([^"]*)"', data))
    if not values:
        return data
    m = rng.choice(values)
    return data[:m.start(1)] + rng.choice(ATTRIBUTE_VALUES) + data[m.end(1):]


def deep_nesting(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    depth = rng.choice((10, 300, 3000))
    spot = data.find(b"<p>")
    at = spot + 3 if spot >= 0 else rng.randrange(len(data) + 1)
    return data[:at] + b"<hi>" * depth + b"x" + b"</hi>" * depth + data[at:]


def encoding_decl(data: bytes, rng: random.Random, ctx: Context) -> bytes:
    data = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", data)
    encoding = rng.choice((b"UTF-16", b"ISO-8859-1", b"EBCDIC-US", b"bogus", b"UTF-32", b"utf-8"))
    return b'<?xml version="1.0" encoding="' + encoding + b'"?>\n' + data


def _frus_tokens(port: int) -> tuple[bytes, ...]:
    loopback = f"http://127.0.0.1:{port}"
    markup = (
        "<![CDATA[ x ]]>", "]]>", "<?pi x?>", "<!-- -- -->", "<!--", "&", "<", "</div>",
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{loopback}/x.xml"/>',
        f'<?xml-stylesheet href="{loopback}/s.xsl"?>',
        f'<p xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x {loopback}/s.xsd">',
        '<div type="document" xml:id="d1">', '<persName corresp="#p_KNS2">X</persName>',
        '<date when="9999-99-99">February 30, 1950</date>', '<note type="source">Source: ',
        "<head>", "</head>", '<list type="participants"><item>', "<closer><signed>",
        '<gloss type="to">', '<persName type="from">', "<frus:attachment>", "<lb/>",
    )
    return (*(m.encode() for m in markup), *_doctypes(port), *_tokens(port))


FRUS_UNITS = (b"<hi>", b"</hi>", b"<hi>x</hi>", b"&amp;", b"<persName>A</persName> and ", b"<lb/>",
              b"to the ", b'<div type="document">', b"x", b"Telegram From the ", b" to ", b"(", b" and ")


FRUS_OPS = (*COMMON_OPS, truncate, drop_close_tag, open_tag, entity_decl, entity_decl, entity_ref,
            attribute, attribute, deep_nesting, encoding_decl)
FRUS_BUILD_OPS = (attribute, attribute, attribute, inject, inject, entity_ref, open_tag, drop_close_tag,
                  truncate, deep_nesting, long_run, entity_decl)


def mutate(data: bytes, rng: random.Random, ctx: Context) -> tuple[bytes, list[str]]:
    """``data`` after one to ``ctx.rounds`` mutations drawn by ``rng``, and their names."""
    names = []
    for _ in range(rng.randint(1, ctx.rounds)):
        op = rng.choice(ctx.ops)
        data = op(data, rng, ctx)
        names.append(op.__name__)
    return data, names


# --- generated inputs -----------------------------------------------------------------------

DATES = ("October 9, 1950", "9 October 1950", "1950", "April 1950", "c. 1950", "0000", "1950-10-09",
         "October 1950 - November 1950", "February 30, 1950", "99999999999999999999", "",
         "May 32, 1950", "31 Brumaire 1950", "Undated")
TITLES = ("Telegram from Kim Il Sung to Stalin (via Shitykov)",
          "Ciphered Telegram No. 3411 from A.Ia. Vyshinsky to Cde. T.F. Shtykov",
          "Letter, X to Y, transmitting a message from D to E",
          "Ciphered Telegram Nos. 4112-4113, Kovalev to Filippov [Stalin], transmitting a Message "
          "from Mao Zedong to Stalin", "Memorandum of Conversation between A and B",
          "Note from A and B to C, D and E", "Telegram from [Stalin] to (via)", "from to via",
          "Cable No. from", "Record of a Conversation", "Letter from to", "Telegram to from via for")
BODY = ("Ciphered Telegram # 600382/sh", "To Comrade STALIN I.V.", "FROM: PYONGYANG",
        "Sent by wire on 10/09/50 at 7:05 a.m.", "Received in Moscow on 10/09/50 at 9:38 a.m.",
        "Deciphered by Morozov on 10/09/50 at 10:45 a.m.", "Distribution list - 11 copies: Stalin - 2,",
        "Molotov - 1, Malenkov - 1, Beria - 1.",
        "I herewith transmit a letter of the following content addressed to your name from comrade "
        "KIM IL SUNG:", '"Comrade STALIN Iosif Vissarionovich,', "1. To permit the training of 200-300 pilots",
        '2. To permit the training of 1,000 tankists.', 'Respectfully, KIM IL SUNG"', "S H T Y K O V",
        "No. 1447/sh", "I support Kim's request.", "Typed by Kravchuk on 10/09/50", "[Enclosure]",
        "Copies: Stalin (2), Molotov, Copy.", "Received 20 hours 45 minutes 12.11.1949",
        "Present: A, B. Interpreter: C.", "APRF, fond 45, opis 1, delo 347, listy 72-73.",
        "<https://digitalarchive.wilsoncenter.org/document/112696>", "Translation - English", "")


@cache
def _text_line() -> st.SearchStrategy[str]:
    """A line of text: from the layouts' vocabulary, an injected token, or arbitrary."""
    tokens = [t.decode("utf-8", "replace") for t in _tokens(9)]
    return st.sampled_from(BODY) | st.sampled_from(tokens) | st.text(max_size=50)


def _seed_record(date: str, title: str, sections: list[tuple[str, list[str]]], eol: str) -> bytes:
    lines = [date, title]
    for head, body in sections:
        lines += [head, *body]
    return eol.join(lines).encode()


def _node_record(date: str, title: str, body: list[str], meta: list[tuple[str, list[str]]],
                 eol: str) -> bytes:
    lines = [date, "", title, "", *body, "", "Document Information", ""]
    for key, values in meta:
        lines += [key, "", *values, ""]
    return eol.join(lines).encode()


def wilson_inputs() -> st.SearchStrategy[bytes]:
    """Wilson records in either layout from the layouts' vocabulary, and arbitrary text."""
    line = _text_line()
    date = st.sampled_from(DATES) | st.text(max_size=20)
    title = st.sampled_from(TITLES) | st.text(max_size=60)
    eol = st.sampled_from(("\n", "\n\n", "\r\n"))
    heads = st.sampled_from(("Citation:", "Summary:", "Original Language:", "Contents:",
                             "Citation: inline", "Associated Places"))
    seed = st.builds(_seed_record, date, title,
                     st.lists(st.tuples(heads, st.lists(line, max_size=8)), max_size=5), eol)
    keys = st.sampled_from([k.decode() for k in NODE_KEYS] + ["Associated Topics", "Bogus"])
    node = st.builds(_node_record, date, title, st.lists(line, max_size=12),
                     st.lists(st.tuples(keys, st.lists(line, max_size=2)), max_size=10), eol)
    return st.one_of(seed, node, st.text().map(str.encode), st.binary(max_size=300))


CSV_COLUMNS = ("document_url,page_number,page_number_one_indexed,page_position,original_publication_date,"
               "title,credits,text_body,summary,authors,associated_places,subjects_discussed,"
               "associated_people_orgs,document_contributors,source,original_upload_date,"
               "original_archive_title,language,rights,record_id,original_classification,donors,"
               "scraped_at").split(",")


@cache
def _cells() -> st.SearchStrategy[dict[str, str]]:
    """The cells of one row the reader reads, each from its column's vocabulary or arbitrary."""
    line = _text_line()
    return st.fixed_dictionaries({
        "document_url": st.sampled_from([u.decode("utf-8", "replace") for u in BAD_URLS]
                                        + ["https://digitalarchive.wilsoncenter.org/document/990001"] * 4),
        "original_publication_date": st.sampled_from(DATES) | line,
        "title": st.sampled_from(TITLES) | line,
        "text_body": st.lists(line, max_size=10).map("\n".join),
        "summary": line,
        "source": st.sampled_from(BODY) | line,
        "language": st.sampled_from(['["Russian"]', "[]", '["', "Russian", "[1]", '{"a": 1}', "null"]),
        "record_id": st.sampled_from(["990001", "", "99999999999999999999", "x", "-1", "1e5"]),
    })


@st.composite
def csv_inputs(draw: st.DrawFn) -> bytes:
    """Scraper CSV files: shuffled or missing columns, cells from each column's vocabulary,
    written with proper quoting or joined raw, ragged rows."""
    header = list(CSV_COLUMNS)
    if draw(st.booleans()):
        draw(st.randoms(use_true_random=False)).shuffle(header)
    for column in draw(st.sets(st.sampled_from(CSV_COLUMNS), max_size=2)):
        header.remove(column)
    filler = draw(st.sampled_from(("", "x", '"', "[]", "\n", ",")))
    rows = [header]
    for _ in range(draw(st.integers(0, 3))):
        cells = draw(_cells())
        row = [cells.get(c, filler) for c in header]
        rows.append(row[:draw(st.integers(0, len(row)))] if draw(st.integers(0, 9)) == 0 else row)
    style = draw(st.sampled_from(("csv", "csv", "crlf", "raw")))
    if style == "raw":
        return "\n".join(",".join(row) for row in rows).encode()
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n" if style == "crlf" else "\n").writerows(rows)
    return buf.getvalue().encode()


TEI_NS = 'xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"'


@cache
def _inline() -> st.SearchStrategy[str]:
    """Text with inline TEI markup nested a few levels (escaped, or raw now and then)."""
    words = st.sampled_from(("The Secretary of State", "Embassy in Korea", "Dean Acheson", "to the",
                             "Telegram", "Washington, June 25, 1950—7 p.m.", "Source: RG 59, 795.00/6–2550",
                             "secret", "Kennedy, John F.", "(Muccio)", "and"))
    leaf = words | st.text(max_size=30).map(escape) | st.text(max_size=10)
    tags = st.sampled_from(('persName corresp="#p_KNS2"', 'persName type="from"', 'gloss type="to"',
                            'hi rend="italic"', 'note n="1"', "placeName", 'date when="1950-06-25"',
                            "hi", "lb"))
    return st.recursive(leaf, lambda children: st.builds(
        lambda tag, parts: f"<{tag}>{''.join(parts)}</{tag.split(' ')[0]}>", tags,
        st.lists(children, max_size=2)), max_leaves=4)


BLOCKS = ("<head>{0}</head>", '<note type="source">{0}</note>', "<p>{0}</p>",
          "<closer><signed>{0}</signed></closer>",
          '<opener><dateline><date when="1950-06-25T19:00:00">{0}</date></dateline></opener>',
          '<dateline><date from="1950-06" to="1950-05">{0}</date></dateline>',
          '<list type="participants"><item>{0}</item></list>', "<frus:attachment><p>{0}</p></frus:attachment>",
          "<closer><signed><list><item>{0}</item><item>{0}</item></list></signed></closer>")
HEADERS = ('<publicationStmt><idno type="frus">frus1950v07</idno></publicationStmt>', "",
           '<publicationStmt><idno type="frus"></idno></publicationStmt>')
PERSONS = ('<div xml:id="persons"><list><item><persName xml:id="p_KNS2">Khrushchev, Nikita S.</persName>'
           "</item></list></div>", "")


@cache
def _documents() -> st.SearchStrategy[list[list[str]]]:
    block = st.builds(lambda template, text: template.format(text), st.sampled_from(BLOCKS), _inline())
    return st.lists(st.lists(block, max_size=5), max_size=3)


def _document(n: int, blocks: list[str]) -> str:
    return f'<div type="document" xml:id="d{n}" n="{n}">{"".join(blocks)}</div>'


@st.composite
def frus_inputs(draw: st.DrawFn) -> bytes:
    """FRUS TEI volumes: header variants, a persons list, documents built from the blocks
    the reader looks at filled with nested inline markup, sometimes cut short."""
    ids = draw(st.sampled_from(('xml:id="frus1950v07"', 'xml:id="frus1950test"', "", 'xml:id="x y"')))
    body = "".join(_document(i + 1, blocks) for i, blocks in enumerate(draw(_documents())))
    text = (f"<TEI {TEI_NS} {ids}><teiHeader><fileDesc><titleStmt><title type=\"complete\">"
            f"{draw(_inline())}</title></titleStmt>{draw(st.sampled_from(HEADERS))}</fileDesc>"
            f"</teiHeader><text><body>{draw(st.sampled_from(PERSONS))}"
            f'<div type="compilation">{body}</div></body></text></TEI>')
    data = (draw(st.sampled_from(("", '<?xml version="1.0" encoding="UTF-8"?>\n'))) + text).encode()
    cut = draw(st.none() | st.none() | st.integers(0, len(data)))
    return data if cut is None else data[:cut]


# --- the readers -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Format:
    """One reader under fuzzing: its name, file suffix, seeds, generated inputs, mutations."""

    reader: str
    suffix: str
    seeds: tuple[Path, ...]
    inputs: Callable[[], st.SearchStrategy[bytes]]
    units: tuple[bytes, ...]
    tokens: Callable[[int], tuple[bytes, ...]]
    ops: tuple[Op, ...]
    build_ops: tuple[Op, ...]

    def context(self, port: int) -> Context:
        """The mutations' context, naming ``port`` in the tokens that would fetch something."""
        return Context(self.units, self.tokens(port), RUN_SIZES, self.ops)

    def build_context(self) -> Context:
        """The context of the build property's mutations: fewer, smaller, mostly leaving a
        readable record with odd values."""
        return Context(self.units, self.tokens(9), BUILD_RUN_SIZES, self.build_ops, rounds=2)


FORMATS = {
    "wilson": Format("wilson", ".txt", (SAMPLE, *sorted(HELDOUT.glob("*.txt"))), wilson_inputs,
                     WILSON_UNITS, _tokens, WILSON_OPS, WILSON_BUILD_OPS),
    "wilson-csv": Format("wilson-csv", ".csv", tuple(sorted(FUZZ.glob("*.csv"))), csv_inputs,
                         CSV_UNITS, _tokens, CSV_OPS, CSV_BUILD_OPS),
    "frus": Format("frus", ".xml", (*sorted(FRUS.glob("*.xml")), *sorted(FETCH.glob("*.xml"))),
                   frus_inputs, FRUS_UNITS, _frus_tokens, FRUS_OPS, FRUS_BUILD_OPS),
}


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A loopback listener that no reader may connect to."""
    with Listener(HTTP_NOT_FOUND) as live:
        yield live


def fuzz_reader(fmt: Format, folder: Path, generated: int, mutated: int, port: int) -> Tally:
    """Run ``generated`` hypothesis inputs and ``mutated`` mutations of the seeds through the
    reader, in a worker process."""
    folder.mkdir()
    with Sandbox(read_one, "fork", READER_MEMORY) as sandbox:
        fuzz = ReaderFuzz(fmt.reader, fmt.suffix, folder, sandbox)
        run_generated(fmt.inputs(), generated, lambda data: fuzz.check(data, "hypothesis"))
        seeds = [p.read_bytes() for p in fmt.seeds]
        ctx = fmt.context(port)
        for i in range(mutated):
            rng = random.Random(i)
            k = rng.randrange(len(seeds))
            data, ops = mutate(seeds[k], rng, ctx)
            fuzz.check(data, f"random.Random({i}): {fmt.seeds[k].name} {'+'.join(ops)}")
    return fuzz.tally


@pytest.mark.parametrize("reader", list(FORMATS))
def test_fuzzed_inputs_give_records_or_errors_naming_the_file(reader: str, tmp_path: Path,
                                                              listener: Listener) -> None:
    """50 generated and mutated inputs per reader: records or SourceErrors naming the file (at
    least one), nothing else, no hang, no connection (the smoke subset of the slow test below)."""
    tally = fuzz_reader(FORMATS[reader], tmp_path / "in", SMOKE_GENERATED, SMOKE_MUTATED,
                        listener.port)
    assert_no_failures(tally, tmp_path)
    assert SMOKE_GENERATED + SMOKE_MUTATED == tally.inputs
    assert tally.claimed > tally.inputs // 2
    assert [] == listener.connections


@pytest.mark.slow
@pytest.mark.parametrize("reader", list(FORMATS))
def test_a_thousand_fuzzed_inputs_per_reader(reader: str, tmp_path: Path, listener: Listener) -> None:
    """1,000 generated and mutated inputs per reader: each gives records or SourceErrors naming
    the file (at least one: nothing silent), never another exception, never the per-file time
    limit (work linear in the input) nor a hang, and no reader connects anywhere (entity, DTD and
    XInclude URLs name a loopback listener)."""
    tally = fuzz_reader(FORMATS[reader], tmp_path / "in", SLOW_GENERATED, SLOW_MUTATED, listener.port)
    assert_no_failures(tally, tmp_path)
    assert tally.inputs >= 1000
    assert tally.claimed > tally.inputs // 2
    assert [] == listener.connections
    if reader == "wilson":  # both layouts were read, many times
        assert {"seed", "node"} <= {layout for layout, n in tally.layouts.items() if n >= 100}


# --- one bad file in a build ------------------------------------------------------------------

GOOD_FILES = (SAMPLE, *(HELDOUT / f"ho-00{n}.txt" for n in range(1, 5)), FUZZ / "scraper-a.csv",
              FRUS / "legacy.xml")
#: Seeds of the bad files, by reader: other records than the good files' (no shared record id).
BAD_SEEDS = {"wilson": tuple(HELDOUT / f"ho-0{n}.txt" for n in range(11, 21)),
             "wilson-csv": (FUZZ / "scraper-b.csv",),
             "frus": (FRUS / "born_digital.xml", FRUS / "current.xml")}


@cache
def _authority() -> Authority:
    return Authority.load()


@dataclass
class BuildOutcome:
    """What one build gave: files and graphs built, errors (file, message), the quads of the
    graphs asked for (as text), and the exception that escaped."""

    built: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    graphs: dict[str, frozenset[str]] = field(default_factory=dict)
    crash: tuple[str, str] | None = None


def build_one(job: tuple[list[str], str, list[str] | None]) -> BuildOutcome:
    """Build ``paths`` into a new store at ``store_dir``; the quads of the graphs named (all but
    the special graphs when ``None``). Runs in the worker process."""
    paths, store_dir, wanted = job
    out = BuildOutcome()
    try:
        store = Store(Path(store_dir))
        try:
            report = build([Path(p) for p in paths], store, authority=_authority(), minter=Minter(),
                           now=FIXED_TIME, file_time_limit=READ_LIMIT_S * 3)
            out.built = [(file, graph) for file, graph, _ in report.built]
            out.errors = [(e.file, str(e)) for e in report.errors]
            special = {str(g) for g in special_graphs(Minter()).values()}
            names = wanted if wanted is not None else [g for g in store.graphs() if g not in special]
            out.graphs = {g: frozenset(str(q) for q in store.quads([g])) for g in names}
        finally:
            store.close()
    except Exception as exc:  # the property: nothing escapes
        out.crash = crash_of(exc)
    return out


def _build_problems(status: str, out: Any, bad: Path, baseline: BuildOutcome) -> list[tuple[str, str]]:
    """What breaks the property in one batch: (signature, detail) pairs."""
    if status != "ok":
        return [(f"build {status}", f"the build {status} (bound {PER_BUILD_S:.0f} s; {out})")]
    if out.crash:
        return [out.crash]
    problems = [("error naming a good file", f"{message!r}") for file, message in out.errors
                if Path(file).name != bad.name]
    said = {Path(f).name for f, _ in out.built} | {Path(f).name for f, _ in out.errors}
    if bad.name not in said:
        problems.append(("nothing said about the bad file", "neither built nor an error"))
    for graph, quads in baseline.graphs.items():
        got = out.graphs.get(graph, frozenset())
        if got != quads:
            problems.append(("a good graph changed", f"{graph}: {len(quads - got)} quads lost, "
                             f"{len(got - quads)} gained, e.g. {sorted(quads ^ got)[:2]}"))
    return problems


def build_property(tmp_path: Path, batches: int) -> tuple[Tally, int]:
    """Build the good files with one mutated file among them, ``batches`` times; compare the good
    records' graphs with a build of the good files alone."""
    good = tmp_path / "good"
    good.mkdir()
    good_paths = [str(shutil.copy(p, good / p.name)) for p in GOOD_FILES]
    tally = Tally()
    with Sandbox(build_one, "spawn") as sandbox:
        status, baseline = sandbox.call((good_paths, str(tmp_path / "store-good"), None), PER_BUILD_S)
        assert ("ok", None, []) == (status, baseline.crash, baseline.errors)
        assert len(GOOD_FILES) == len({Path(f).name for f, _ in baseline.built})
        for i in range(batches):
            rng = random.Random(10_000 + i)
            reader = list(BAD_SEEDS)[i % len(BAD_SEEDS)]
            seed = rng.choice(BAD_SEEDS[reader])
            data, ops = mutate(seed.read_bytes(), rng, FORMATS[reader].build_context())
            bad = tmp_path / f"batch-{i}" / f"bad {i} [bold]'{seed.suffix}"
            bad.parent.mkdir()
            bad.write_bytes(data)
            paths = [*good_paths[:3], str(bad), *good_paths[3:]]
            store_dir = tmp_path / f"store-{i}"
            status, out = sandbox.call((paths, str(store_dir), list(baseline.graphs)), PER_BUILD_S)
            tally.inputs += 1
            for signature, detail in _build_problems(status, out, bad, baseline):
                tally.fail(signature, detail, f"batch {i}: {seed.name} {'+'.join(ops)}", data)
            shutil.rmtree(store_dir, ignore_errors=True)
            if status == "hang":
                break
    return tally, len(baseline.graphs)


def test_one_bad_file_never_changes_the_good_files_graphs(tmp_path: Path) -> None:
    """A mutated file built among good files leaves every good record's graphs exactly as a
    build of the good files alone makes them, and is itself built or reported (smoke subset)."""
    tally, graphs = build_property(tmp_path, SMOKE_BATCHES)
    assert_no_failures(tally, tmp_path)
    assert SMOKE_BATCHES == tally.inputs
    assert graphs >= 2 * len(GOOD_FILES)


@pytest.mark.slow
def test_twenty_bad_files_never_change_the_good_files_graphs(tmp_path: Path) -> None:
    """20 builds, each with one mutated file (Wilson text, CSV or TEI) among good files: the good
    records' graphs are always those of a build of the good files alone, no exception escapes
    the build, no error names a good file, and the bad file is built or reported."""
    tally, _ = build_property(tmp_path, SLOW_BATCHES)
    assert_no_failures(tally, tmp_path)
    assert SLOW_BATCHES == tally.inputs


def test_the_seeds_are_read_without_error() -> None:
    """Every seed of the mutations reads as records (the fuzzing starts from valid inputs),
    except the FRUS fixtures that exist to be refused or cut."""
    refused = {"laughs.xml", "xxe.xml", "nohead.xml", "truncated.xml"}
    for fmt in FORMATS.values():
        for seed in fmt.seeds:
            outcome = read_one(str(seed))
            assert (fmt.reader, None) == (outcome.reader, outcome.crash), seed
            assert (seed.name in refused) == bool(outcome.errors), (seed, outcome.errors)
            assert outcome.layouts or seed.name in refused, seed


def test_the_listener_notes_a_connection() -> None:
    """The loopback listener the readers are checked against does see a connection."""
    with Listener(HTTP_NOT_FOUND) as live:
        with socket.create_connection(("127.0.0.1", live.port), timeout=5) as conn:
            conn.sendall(b"GET / HTTP/1.0\r\n\r\n")
            conn.recv(100)
        assert [b"GET / HTTP/1.0\r\n\r\n"] == live.connections


def test_a_worker_past_its_bound_is_killed_and_replaced() -> None:
    """A call that outlives its bound is reported as a hang, and the next call gets a new worker."""
    with Sandbox(time.sleep, "fork") as sandbox:
        assert ("hang", None) == sandbox.call(60, 0.5)
        assert ("ok", None) == sandbox.call(0, 60)


def test_mutations_are_reproducible() -> None:
    """The same seed number gives the same mutated input (a failure names its seed number)."""
    fmt = FORMATS["wilson"]
    first = mutate(SAMPLE.read_bytes(), random.Random(7), fmt.context(9))
    assert first == mutate(SAMPLE.read_bytes(), random.Random(7), fmt.context(9))
    assert set(first[1]) <= {op.__name__ for op in fmt.ops}
    assert first[0] != SAMPLE.read_bytes()
