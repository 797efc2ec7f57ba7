"""``kg build``, ``kg validate``, ``kg reason`` and ``kg stats``: filling the store, checking
it against the shapes, enriching it, counting what it holds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from kg.cli.common import counting_progress, err, library_errors, open_store, out, say, write_text
from kg.errors import EXIT_OK, EXIT_PARTIAL, EXIT_VIOLATIONS

__all__ = ["build", "validate", "reason", "stats", "FILE_TIME_LIMIT"]

#: The default of --file-time-limit, :data:`kg.pipeline.FILE_TIME_LIMIT` (not imported here, so
#: that `kg --help` does not load the pipeline; a test checks that they agree).
FILE_TIME_LIMIT = 120.0


#: How many unresolved names of one file the console shows; `kg report unresolved` lists all.
SHOWN_UNRESOLVED = 12


def unresolved_line(names: list[str]) -> str:
    """The first names no table knows, and how many more there are.

    >>> unresolved_line(["Rusk", "Webb"])
    'Rusk, Webb'
    >>> unresolved_line([f"n{i}" for i in range(14)])
    'n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11 and 2 more (kg report unresolved lists them all)'
    """
    text = ", ".join(names[:SHOWN_UNRESOLVED])
    if len(names) > SHOWN_UNRESOLVED:
        text += f" and {len(names) - SHOWN_UNRESOLVED} more (kg report unresolved lists them all)"
    return text


@click.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--quiet", "-q", is_flag=True,
              help="Print only errors and warnings (values left out of a record).")
@click.option("--provenance/--no-provenance", default=True, show_default=True,
              help="Write each record's provenance graph (the quote and offsets of every fact, "
                   "for `kg explain`); --no-provenance builds about twice as fast.")
@click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(0),
              help="Processes reading and mapping files in parallel (0: one per core).")
@click.option("--bulk", is_flag=True,
              help="Load with Oxigraph's bulk loader: much faster for large builds, but not "
                   "atomic (a crash can leave part of the load; a re-run repairs it).")
@click.option("--file-time-limit", default=FILE_TIME_LIMIT, show_default=True, metavar="SECONDS",
              type=click.FloatRange(0),
              help="A file that takes longer to read and map is reported as failed and the "
                   "build goes on (0: no limit).")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], quiet: bool, provenance: bool, workers: int,
          bulk: bool, file_time_limit: float) -> None:
    """Read PATHS (files or folders; the format is detected) into the store.

    Each record becomes one named graph; re-building a record replaces its graph.
    A file or record that cannot be read (or takes longer than --file-time-limit), a
    duplicate record id, a file with no record: each is reported with its file and
    place, the rest is still built, and the exit code is 3. Exit 2 when the run itself
    fails (no store, bad usage).
    """
    from kg.pipeline import BuildReport
    from kg.pipeline import build as run_build
    from kg.sources import iter_files

    files = list(iter_files(list(paths)))
    report = BuildReport()
    shown = [0, 0]  # errors and warnings printed so far

    def show() -> None:
        for error in report.errors[shown[0]:]:
            say(err, "error", "red", str(error))
        for warning in report.warnings[shown[1]:]:
            say(err, "warning", "yellow", str(warning))
        shown[:] = [len(report.errors), len(report.warnings)]

    with counting_progress(disable=quiet or len(files) < 2) as bar:
        task = bar.add_task("building", total=len(files))

        def progress(_path: Path) -> None:
            bar.advance(task)
            show()

        try:
            with library_errors(), open_store(ctx) as store:
                run_build(paths, store, progress=progress,
                          report=report, provenance=provenance, workers=workers, bulk=bulk,
                          file_time_limit=file_time_limit)
        finally:
            show()  # what failed before the run itself did, too
    if not quiet:
        for path, names in report.unresolved.items():
            say(err, "unresolved", "yellow", f"{path}: {unresolved_line(names)}")
        out.print(f"built {len(report.built)} record(s), {report.triples} triples; "
                  f"{len(report.errors)} failed" + (f", {len(report.warnings)} warning(s)"
                                                    if report.warnings else ""))
    sys.exit(EXIT_PARTIAL if report.errors else EXIT_OK)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text",
              show_default=True, help="Readable report or the SHACL report graph in Turtle.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--turtle", "turtle_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the SHACL report graph (Turtle) to this file.")
@click.option("--engine", default="sparql", show_default=True, type=click.Choice(["sparql", "pyshacl"]),
              help="sparql (the shapes compiled to SPARQL inside Oxigraph; tested to give "
                   "pyshacl's results) or pyshacl (the reference).")
@click.pass_context
def validate(ctx: click.Context, fmt: str, output: Path | None, turtle_out: Path | None,
             engine: str) -> None:
    """Validate the store against the SHACL shapes in shapes/.

    Exit 0 when the data conforms (warnings are listed but do not fail), 1 when there
    are violations. The report is also kept in the store's validation graph.
    """
    from kg.pipeline import validate_store

    with open_store(ctx, must_exist=True) as store:
        result = validate_store(store, engine=engine)
    turtle = result.report.serialize(format="turtle")
    text = turtle if fmt == "turtle" else result.text()
    if turtle_out:
        write_text(turtle_out, turtle)
    if output:
        write_text(output, text)
    else:
        click.echo(text)
    sys.exit(EXIT_OK if result.conforms else EXIT_VIOLATIONS)


@click.command()
@click.option("--batch-size", default=200, show_default=True,
              help="Source records reasoned over together (owlrl).")
@click.option("--engine", default="sparql", show_default=True, type=click.Choice(["sparql", "owlrl"]),
              help="sparql (the ontology's OWL RL axioms as SPARQL updates inside Oxigraph; "
                   "tested to give owlrl's triples) or owlrl (the reference; slow on large stores).")
@click.pass_context
def reason(ctx: click.Context, batch_size: int, engine: str) -> None:
    """Materialise OWL RL inferences (wroteTo, relayedBy, alignments) into the
    inferred graph, replacing what was there."""
    from kg.pipeline import reason_store

    with open_store(ctx, must_exist=True) as store:
        n = reason_store(store, batch_size=batch_size, engine=engine)
    out.print(f"inferred {n} triples")


@click.command()
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json"]))
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Summary: sources, messages, people, organisations, triples asserted and
    inferred, SHACL violations and warnings."""
    from kg.pipeline import stats as run_stats

    with open_store(ctx, read_only=True) as store:
        figures = run_stats(store)
    if fmt == "json":
        click.echo(json.dumps(figures, indent=1))
        return
    table = Table(title="coldwar-kg", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in figures.items():
        table.add_row(key, str(value))
    out.print(table)
