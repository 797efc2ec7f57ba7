"""``kg fetch``: download source documents (FRUS volumes) into a local cache and print
their paths."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TransferSpeedColumn

from kg.cli.common import err, library_errors, say
from kg.errors import EXIT_INPUT, EXIT_OK, FetchError

__all__ = ["fetch", "fetch_frus"]


@click.group()
def fetch() -> None:
    """Download source documents into a local cache (see `kg fetch frus`)."""


@fetch.command(name="frus")
@click.argument("volume_ids", metavar="VOLUME_ID...", nargs=-1, required=True)
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Cache folder. Default: $KG_CACHE/frus, else ~/.cache/coldwar-kg/frus.")
@click.option("--from", "from_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Copy the volumes from this local folder (<DIR>/<ID>.xml) instead of the network.")
@click.option("--base-url", help="Folder URL the volumes are downloaded from.  "
                                 "[default: the volumes/ folder of github.com/HistoryAtState/frus]")
@click.option("--force", is_flag=True, help="Fetch again even when the cache holds a good copy.")
def fetch_frus(volume_ids: tuple[str, ...], cache: Path | None, from_dir: Path | None,
               base_url: str | None, force: bool) -> None:
    """Fetch FRUS volumes (TEI XML) such as frus1961-63v06 into the cache and print
    their paths, one a line, e.g. `kg build $(kg fetch frus frus1961-63v06)`.

    Each file is checked (SHA-256 kept next to it, the content must parse as TEI) and
    renamed into place only when complete; a good cached copy is reused. Exit 0 when
    every volume was fetched, 2 when any failed (one line each, with the reason)."""
    from kg.sources import fetch as lib

    with Progress(TextColumn("{task.description}", markup=False), BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(volume_id: str, done: int, total: int | None) -> None:
            if volume_id not in tasks:
                tasks[volume_id] = bar.add_task(volume_id, total=total)
            bar.update(tasks[volume_id], completed=done)

        with library_errors():
            results = list(lib.fetch_frus(volume_ids, cache=cache or lib.DEFAULT_CACHE,
                                          base_url=base_url or lib.DEFAULT_BASE_URL,
                                          from_dir=from_dir, force=force, progress=progress))
    for result in results:
        if isinstance(result, FetchError):
            say(err, "error", "red", str(result))
        else:
            click.echo(result.path)
    sys.exit(EXIT_INPUT if any(isinstance(r, FetchError) for r in results) else EXIT_OK)
