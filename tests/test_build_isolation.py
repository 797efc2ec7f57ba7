"""One bad file, record or value never stops a build, nothing is lost without a word, and no
input hangs it: the probe cases of issue 12 (build side) as regression tests.

Every input here is written for testing (inline, in a temporary folder); none is archive text.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.cli import cli
from kg.errors import RejectedDataError, SourceError
from kg.iris import Minter
from kg.mapping.authority import Authority
from kg.pipeline import FILE_TIME_LIMIT, build, source_graphs
from kg.sources import READERS, iter_files, time_limit
from kg.store import Store, graph_problems

M = Minter()
SAMPLE_GRAPH = str(M.graph("wilson-112696"))
KG = Path(sys.executable).with_name("kg")

#: serial, parallel (worker processes) and bulk builds must isolate failures alike
MODES = {"serial": {}, "parallel": {"workers": 2}, "bulk": {"bulk": True}}


def _wilson(n: int, *, title: str = "Telegram from Ivan Petrov to Stalin",
            url: str | None = None, summary: str = "A summary written for testing.") -> str:
    """A seed-layout Wilson record written for testing, record id ``n``."""
    url = url or f"https://digitalarchive.wilsoncenter.org/document/{n}"
    return (f"October 9, 1950\n\n{title}\n\nCitation:\n\n\"{title}\", October 9, 1950, Wilson "
            f"Center Digital Archive, APRF, fond 45, opis 1, delo 347, listy 72-73. <{url}>\n\n"
            f"Summary:\n\n{summary}\n\nOriginal Language:\n\nRussian\n\nContents:\n\n"
            "Translation - English\n\nTo Comrade STALIN\n\nText written for testing.\n")


def _csv(rows: list[list[str]]) -> str:
    """A scraper CSV written for testing: a header and ``rows``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["document_url", "original_publication_date", "title", "text_body", "record_id"])
    writer.writerows(rows)
    return buf.getvalue()


def _row(n: int, url: str | None = None, title: str | None = None) -> list[str]:
    """One CSV row written for testing, record id ``n``."""
    return [url if url is not None else f"https://digitalarchive.wilsoncenter.org/document/{n}",
            "October 9, 1950", f"Telegram from Ivan Petrov to Stalin, No. {n}" if title is None else title,
            "To Comrade STALIN\nText written for testing.", str(n)]


def _titles(store: Store, key: str) -> list[str]:
    rows = store.select(f"SELECT ?t WHERE {{ GRAPH <{M.graph(key)}> {{ <{M.message(key)}> "
                        f"<{DCTERMS.title}> ?t }} }}", union=False)
    return [row["t"].value for row in rows]


def _sources(store: Store, key: str) -> list[str]:
    rows = store.select(f"SELECT ?u WHERE {{ <{M.message(key)}> <{DCTERMS.source}> ?u }}")
    return [row["u"].value for row in rows]


@pytest.fixture(scope="module")
def warm(sample_path: Path, authority: Authority) -> Authority:
    """The authority tables, after one build of the sample in this process (the readers and
    the title grammar loaded, so that a time limit measures the work of a file, not imports)."""
    build([sample_path], Store(None), authority=authority)
    return authority


# --- every failure is the file's (or the record's) own ------------------------------------

NODE_RECORD_EMPTY_TYPE = """October 9, 1950

Telegram from Ivan Petrov to Stalin

Text of the telegram, written for testing.

A summary paragraph, written for testing.

Document Information

Source

APRF, fond 45, opis 1, delo 347.

Rights

Written for testing.

Type

Language

Russian

Record ID

900002
"""


@pytest.mark.parametrize("mode", MODES)
def test_node_record_with_empty_type_never_stops_the_batch(mode: str, tmp_path: Path,
                                                           sample_path: Path, warm: Authority) -> None:
    """A node-layout record whose Type is empty raised an IndexError and stored 0 records of
    the batch: now it is built or is its own error naming its path, and the sample beside
    it is built either way."""
    bad = tmp_path / "in" / "node-empty-type.txt"
    bad.parent.mkdir()
    bad.write_text(NODE_RECORD_EMPTY_TYPE)
    store = Store(tmp_path / "st")
    report = build([bad, sample_path], store, authority=warm, **MODES[mode])
    assert {str(bad)} == {e.file for e in report.errors} | {path for path, _, _ in report.built
                                                             if path != str(sample_path)}
    assert SAMPLE_GRAPH in source_graphs(store)


RAISING_READER = '''"""A reader written for testing: reads a Wilson record, then fails as a buggy reader would."""
from kg.sources import wilson

NAME, VERSION, SUFFIXES = "raising", "0.0.0", (".raising",)


def sniff(path, head):
    return path.suffix == ".raising"


def read(path):
    yield from wilson.read(path)
    raise IndexError("list index out of range (a reader bug, written for testing)")
'''


@pytest.mark.parametrize("mode", MODES)
def test_any_exception_of_a_reader_is_that_files_error(mode: str, tmp_path: Path, sample_path: Path,
                                                       warm: Authority,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader that raises something other than a SourceError (a bug: here an IndexError
    after its first record; a reader registered in READERS for this test) fails that file
    only, named with its path and place; the record read before is kept, the sample built."""
    (tmp_path / "raising_reader_for_testing.py").write_text(RAISING_READER)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(READERS, "raising", "raising_reader_for_testing")
    bad = tmp_path / "in" / "900008.raising"
    bad.parent.mkdir()
    bad.write_text(_wilson(900008))
    store = Store(tmp_path / "st")
    report = build([bad, sample_path], store, authority=warm, **MODES[mode])
    [error] = report.errors
    assert (str(bad), "after record 1", True) == (error.file, error.location,
                                                  error.message.startswith("IndexError: "))
    assert {SAMPLE_GRAPH, str(M.graph("wilson-900008"))} == set(source_graphs(store))


@pytest.mark.parametrize("char", ['"', "<", "\\", "^", "`", "{", "|", "}"])
def test_citation_url_with_a_forbidden_character_keeps_the_good_records(
        char: str, tmp_path: Path, sample_path: Path, warm: Authority) -> None:
    """A citation URL with a character an IRI may not hold made rdflib raise and lost the good
    records built with it: now the URL alone is left out, with a warning naming the file and
    the URL, and every record is built."""
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "900003.txt"
    url = f"https://digitalarchive.wilsoncenter.org/document{char}x/900003"
    bad.write_text(_wilson(900003, url=url))
    (folder / "900004.txt").write_text(_wilson(900004))
    store = Store(tmp_path / "st")
    report = build([folder, sample_path], store, authority=warm)
    assert [] == report.errors
    assert 3 == len(report.built)
    [warning] = report.warnings
    assert (str(bad), True) == (warning.file, url in warning.message)
    assert ([], ["https://digitalarchive.wilsoncenter.org/document/900004"]) == (
        _sources(store, "wilson-900003"), _sources(store, "wilson-900004"))
    assert ["Telegram from Ivan Petrov to Stalin"] == _titles(store, "wilson-900003")


@pytest.mark.parametrize("mode", MODES)
def test_csv_row_with_relative_document_url_builds_every_row(mode: str, tmp_path: Path,
                                                             warm: Authority) -> None:
    """A CSV row whose document_url is relative aborted the whole write (0 of 36 records): now
    its URL is left out with a warning naming the row, and all 36 records are built."""
    rows = [_row(700000 + i) for i in range(36)]
    rows[4][0] = "document/700004"
    rows[9][0] = "https://digitalarchive.wilsoncenter.org/document/700009 with spaces"
    path = tmp_path / "rows.csv"
    path.write_text(_csv(rows))
    store = Store(tmp_path / "st")
    report = build([path], store, authority=warm, **MODES[mode])
    assert ([], 36) == (report.errors, len(report.built))
    assert [(str(path), "wilson-700004"), (str(path), "wilson-700009")] == [
        (w.file, w.location.split("(")[1].split(",")[0]) for w in report.warnings if w.location]
    assert ([], ["https://digitalarchive.wilsoncenter.org/document/700005"]) == (
        _sources(store, "wilson-700004"), _sources(store, "wilson-700005"))


def test_cli_bad_rows_print_every_error_and_exit_3(tmp_path: Path) -> None:
    """`kg build` on a CSV with a relative document_url, a row without a title and a row
    with too few fields: every error and warning is printed with the file's path and row,
    the other rows are built, and the exit code is 3 (some inputs failed), not 2."""
    rows = [_row(710000 + i) for i in range(36)]
    rows[4][0] = "document/710004"
    rows[20][2] = ""
    rows[30] = rows[30][:3]
    path = tmp_path / "rows.csv"
    path.write_text(_csv(rows))
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "st"), "build", str(path)])
    lines = result.stderr.splitlines()
    assert 3 == result.exit_code, result.output
    assert "built 34 record(s)" in result.stdout
    assert any(line.startswith(f"error {path}:row 22") and "no title" in line for line in lines), lines
    assert any(line.startswith(f"error {path}:row 32") for line in lines), lines
    assert any(line.startswith(f"warning {path}:record 5") and "document/710004" in line
               for line in lines), lines


def test_build_exits_2_when_the_run_itself_fails(tmp_path: Path, sample_path: Path) -> None:
    """A store that cannot be opened (its path is a file) is a failed run: exit 2, not 3."""
    blocker = tmp_path / "st"
    blocker.write_text("not a store, written for testing")
    result = CliRunner().invoke(cli, ["--store", str(blocker), "build", str(sample_path)])
    assert (2, True) == (result.exit_code, str(blocker) in result.output)


# --- nothing silent --------------------------------------------------------------------------

def test_duplicate_record_id_is_an_error_naming_both_files(tmp_path: Path, warm: Authority) -> None:
    """Two documents with the same record id: the first was silently replaced by the second;
    now the first is built and the second is an error naming both files."""
    folder = tmp_path / "in"
    folder.mkdir()
    first, second = folder / "a.txt", folder / "b.txt"
    first.write_text(_wilson(900005, title="Telegram from Ivan Petrov to Stalin"))
    second.write_text(_wilson(900005, title="Letter from Ivan Petrov to Stalin"))
    store = Store(tmp_path / "st")
    report = build([folder], store, authority=warm)
    [error] = report.errors
    assert (str(second), True) == (error.file, str(first) in error.message)
    assert "duplicate record id" in error.message
    assert ["Telegram from Ivan Petrov to Stalin"] == _titles(store, "wilson-900005")
    assert [str(first)] == [path for path, _, _ in report.built]


def test_duplicate_record_id_within_one_csv_names_both_rows(tmp_path: Path, warm: Authority) -> None:
    """Two rows of one CSV with the same record id: the first is built, the second is an
    error naming the first's place."""
    rows = [_row(720001), _row(720002), _row(720001, title="Letter from Ivan Petrov to Stalin")]
    path = tmp_path / "rows.csv"
    path.write_text(_csv(rows))
    store = Store(tmp_path / "st")
    report = build([path], store, authority=warm)
    [error] = report.errors
    assert (str(path), True) == (error.file, f"{path}:record 1 (wilson-720001" in error.message)
    assert error.location is not None and error.location.startswith("record 3 (wilson-720001")
    assert ["Telegram from Ivan Petrov to Stalin, No. 720001"] == _titles(store, "wilson-720001")


TEI_WITHOUT_DOCUMENTS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"
     xml:id="frus-written-for-testing">
<teiHeader><fileDesc><titleStmt><title>Written for testing</title></titleStmt></fileDesc></teiHeader>
<text><body><div type="chapter" xml:id="ch1"><head>A chapter written for testing</head></div></body></text>
</TEI>
"""

EMPTY_INPUTS = {
    "header-only.csv": "document_url,original_publication_date,title,text_body\n",
    "no-line-breaks.csv": "document_url,original_publication_date,title,text_body",
    "no-documents.xml": TEI_WITHOUT_DOCUMENTS,
}


@pytest.mark.parametrize("name", [*EMPTY_INPUTS, "dangling-link.txt"])
def test_input_without_a_record_is_reported(name: str, tmp_path: Path, sample_path: Path,
                                            warm: Authority) -> None:
    """A header-only CSV, a CSV without line breaks, a TEI file with no document divs and a
    dangling symbolic link in a folder each gave "built 0 records" and exit 0: each is now an
    error naming its path; the sample beside it is built."""
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / name
    if name in EMPTY_INPUTS:
        path.write_text(EMPTY_INPUTS[name])
    else:
        path.symlink_to(tmp_path / "nowhere.txt")
    store = Store(tmp_path / "st")
    report = build([folder, sample_path], store, authority=warm)
    assert [str(path)] == [e.file for e in report.errors]
    assert [SAMPLE_GRAPH] == source_graphs(store)


def test_folder_without_input_files_is_reported(tmp_path: Path, sample_path: Path,
                                               warm: Authority) -> None:
    """A folder named for the build that holds no file (only a hidden one) is an error naming
    it, not a silent "built 0 records"; the sample beside it is built."""
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / ".hidden.txt").write_text("written for testing")
    report = build([folder, sample_path], Store(None), authority=warm)
    assert [(str(folder), True)] == [(e.file, "no input file" in e.message) for e in report.errors]
    assert 1 == len(report.built)


def test_iter_files_yields_a_dangling_link_and_each_file_once(tmp_path: Path) -> None:
    """A folder's dangling symbolic link is listed (to be reported), hidden files are not, and
    a file named twice (itself and through its folder) is read once."""
    (tmp_path / "a.txt").write_text("written for testing")
    (tmp_path / ".hidden.txt").write_text("written for testing")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert [tmp_path / "a.txt", tmp_path / "gone.txt"] == list(
        iter_files([tmp_path, tmp_path / "a.txt"]))


def test_fifo_in_a_folder_is_reported_and_never_opened(tmp_path: Path, sample_path: Path) -> None:
    """A FIFO among the inputs is an error naming it ("not a regular file"); opening it would
    wait for a writer for ever. The build finishes (within 120 s) with exit 3."""
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    run = subprocess.run([str(KG), "--store", str(tmp_path / "st"), "build", str(folder),
                          str(sample_path)], capture_output=True, text=True, timeout=120)
    assert 3 == run.returncode, run.stderr
    assert f"error {folder / 'pipe.txt'}: not a regular file" in run.stderr
    assert "built 1 record(s)" in run.stdout


# --- no input hangs a build -------------------------------------------------------------------

def _big_csv(path: Path, rows: int) -> Path:
    """A CSV of ``rows`` records written for testing (about 15 ms each to read and map)."""
    body = "\n".join(["To Comrade STALIN", "FROM: PYONGYANG", "Text written for testing."] * 5)
    path.write_text(_csv([[f"https://digitalarchive.wilsoncenter.org/document/{600000 + i}",
                           "October 9, 1950", f"Telegram from Ivan Petrov to Stalin, No. {i}",
                           body, str(600000 + i)] for i in range(rows)]))
    return path


@pytest.mark.parametrize("mode", ["serial", "parallel"])
def test_file_over_the_time_limit_is_reported_and_the_rest_builds(
        mode: str, tmp_path: Path, sample_path: Path, warm: Authority) -> None:
    """A file that takes longer than the time limit to read and map (here 4,000 records, about
    a minute of work, against a limit of 6 s, generous for a loaded machine) is an error naming it and the limit; the sample in
    the same batch (a few hundredths of a second) is built."""
    big = _big_csv(tmp_path / "big.csv", 4000)
    store = Store(tmp_path / "st")
    report = build([sample_path, big], store, authority=warm, file_time_limit=6,
                   **MODES[mode])
    [error] = report.errors
    assert (str(big), True) == (error.file, "took longer than 6 s" in error.message)
    assert SAMPLE_GRAPH in source_graphs(store)
    assert len(report.built) < 4001


def test_time_limit_gives_back_an_outer_timer(tmp_path: Path, warm: Authority) -> None:
    """A build's per-file timer leaves an outer real-time timer (a test runner's) running."""
    path = tmp_path / "one.txt"
    path.write_text(_wilson(900006))
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, _frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 3600)
        build([path], Store(None), authority=warm, file_time_limit=60)
        left, _ = signal.getitimer(signal.ITIMER_REAL)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert ([], True) == (fired, 3000 < left <= 3600)


def test_time_limit_holds_when_its_first_alarm_is_swallowed() -> None:
    """Python prints and drops an exception raised while a ``__del__`` or a garbage-collector
    callback runs; an alarm that comes then is lost. The limit still ends the block: the
    alarm repeats until the block is left (here code that swallows the first one)."""
    swallowed, started = [], time.monotonic()
    with pytest.raises(SourceError, match="took longer than 0.2 s"):
        with time_limit("slow.txt", 0.2):
            try:
                while time.monotonic() - started < 30:
                    pass
            except BaseException as exc:  # noqa: BLE001 - stands for a lost alarm
                swallowed.append(type(exc).__name__)
            while time.monotonic() - started < 30:
                pass
    assert (["_TimeUp"], True) == (swallowed, time.monotonic() - started < 10)


def test_cli_file_time_limit_default_is_the_pipeline_default() -> None:
    """`kg build --file-time-limit` defaults to the library's FILE_TIME_LIMIT."""
    from kg.cli import build as build_commands

    assert FILE_TIME_LIMIT == build_commands.FILE_TIME_LIMIT
    option = next(p for p in build_commands.build.params if p.name == "file_time_limit")
    assert FILE_TIME_LIMIT == option.default


def _children() -> list[int]:
    """The process ids whose parent is this process (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                pids.append(int(entry.name))
    return pids


@pytest.mark.slow
def test_killed_worker_loses_no_file(tmp_path: Path, sample_path: Path, warm: Authority) -> None:
    """A worker process killed in the middle of a parallel build (as the kernel's
    out-of-memory killer would) breaks the pool: the file it was reading is read again and
    every record of every file is built, with no error."""
    big = _big_csv(tmp_path / "big.csv", 300)
    killed: list[int] = []

    def kill_one() -> None:
        deadline = time.monotonic() + 60
        while not killed and time.monotonic() < deadline:
            for pid in _children():
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                break
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one)
    killer.start()
    store = Store(tmp_path / "st")
    report = build([big, sample_path], store, authority=warm, workers=2, file_time_limit=0)
    killer.join()
    assert (1, [], 301) == (len(killed), report.errors, len(report.built))


# --- the store refuses nothing it was handed ----------------------------------------------------

def test_graph_problems_name_every_term_the_store_cannot_hold() -> None:
    """IRIs with a space, a forbidden character or no scheme and a literal with a lone
    surrogate are each named before anything is written."""
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    g = Graph()
    for o in (URIRef("https://example.org/a b"), URIRef("https://example.org/a|b"),
              URIRef("document/1"), Literal("lone \ud800"), Literal("fine"),
              URIRef("https://example.org/fine")):
        g.add((s, p, o))
    problems = graph_problems(g, limit=10)
    assert 4 == len(problems)
    for shown in ("<https://example.org/a b>", "<https://example.org/a|b>", "<document/1>",
                  "'lone \\\\ud800'"):
        assert any(line.startswith(shown) for line in problems), (shown, problems)


def test_store_refusing_a_record_is_rejected_data_and_writes_nothing(tmp_path: Path) -> None:
    """N-Triples the store cannot parse are a RejectedDataError (the record's fault, not the
    run's) and leave the store as it was."""
    store = Store(tmp_path / "st")
    with pytest.raises(RejectedDataError):
        store.replace_graphs_nt({"https://example.org/g": "<https://example.org/a b> <p> <o> .\n"})
    assert 0 == store.count()


# --- user text is never markup -----------------------------------------------------------------

def test_quoted_markup_in_an_error_is_printed_as_it_is(tmp_path: Path, sample_path: Path) -> None:
    """A file whose first line reads "[/bold] :x:" killed the run with a MarkupError: now its
    error is printed with the quote as it is (no markup, no emoji) and the sample is built."""
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "[bold]markup :x:.txt"
    bad.write_text("[/bold] :x: [red]\n\nWritten for testing.\n")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "st"), "build", str(folder),
                                      str(sample_path)])
    assert 3 == result.exit_code, result.output
    assert f"error {bad}:line 1: first line is not a date: '[/bold] :x: [red]'" in result.stderr
    assert "built 1 record(s)" in result.stdout


def test_explain_prints_markup_and_emoji_codes_as_they_are(tmp_path: Path) -> None:
    """`kg explain` shows a quote holding "[/bold]" and ":x:" exactly as printed."""
    path = tmp_path / "900007.txt"
    path.write_text(_wilson(900007, summary='Petrov writes "[/bold] :x:" to Stalin, for testing.'))
    store = tmp_path / "st"
    assert 0 == CliRunner().invoke(cli, ["--store", str(store), "build", str(path)]).exit_code
    result = CliRunner().invoke(cli, ["--store", str(store), "explain", "msg:wilson-900007"])
    assert (0, True) == (result.exit_code, '"[/bold] :x:"' in result.output)


def test_table_cells_print_markup_and_emoji_codes_as_they_are(capsys: Any) -> None:
    """A `kg ask` table cell holding "[/bold]" and ":x:" is printed as it is."""
    from kg.cli.query import _print_rows

    _print_rows("written-for-testing", ["quote"], [{"quote": "[/bold] :x: [red]"}], "table")
    assert "[/bold] :x: [red]" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["ask", "relay-chain", "--param", b"writer=\xff"],
                                  ["query", b"SELECT * { ?s ?p \"\xff\" }"],
                                  ["explain", b"msg:\xff"]])
def test_non_utf8_argument_is_a_usage_error_not_a_traceback(args: list[str | bytes],
                                                            tmp_path: Path) -> None:
    """A --param value (or a query, or an IRI) that is not UTF-8 gave a traceback: now a
    clear usage error naming the bytes, exit 2."""
    run = subprocess.run([str(KG), "--store", str(tmp_path / "st"), *args], capture_output=True)
    stderr = run.stderr.decode("utf-8", "replace")
    assert (2, True, False) == (run.returncode, "not UTF-8 text" in stderr and "\\xff" in stderr,
                                "Traceback" in stderr)
