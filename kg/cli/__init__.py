"""``kg``: the command line. A thin shell: parse options, call one library function,
format the answer, map errors to exit codes.

The commands live in a module per group: :mod:`kg.cli.build` (build, validate, reason,
stats), :mod:`kg.cli.query` (query, ask, queries, explain), :mod:`kg.cli.network`,
:mod:`kg.cli.publish` (export, push, report), :mod:`kg.cli.serve` and :mod:`kg.cli.fetch`;
:mod:`kg.cli.common` holds what they share.

Exit codes (documented in the README):
    0  success (``validate``: the data conforms; warnings are listed, not failing)
    1  ``validate`` found violations
    2  the run failed: bad usage, a query that does not parse, an unknown format, a
       missing store
    3  some inputs failed (``build``): each is named with its file and place, the rest
       was built
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import __version__
from kg.cli import build as build_commands
from kg.cli import fetch as fetch_commands
from kg.cli import network as network_commands
from kg.cli import publish as publish_commands
from kg.cli import query as query_commands
from kg.cli import serve as serve_commands
from kg.cli.common import err, say
from kg.errors import KgError
from kg.store import DEFAULT_STORE

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--store", "store", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_STORE, envvar="KG_STORE", show_default=True,
              help="Directory of the on-disk Oxigraph store (env KG_STORE).")
@click.pass_context
def cli(ctx: click.Context, store: Path) -> None:
    """coldwar-kg: Cold War correspondence as a knowledge graph.

    Build records into the store, validate them with SHACL, enrich them with OWL RL,
    query them with SPARQL, export them and draw who wrote to whom.
    """
    ctx.ensure_object(dict)
    ctx.obj["store"] = store


# in this order: `kg --help` sorts them, the README's CLI reference does not
for _command in (build_commands.build, build_commands.validate, build_commands.reason,
                 query_commands.query, query_commands.ask, query_commands.list_queries,
                 publish_commands.export, publish_commands.push, build_commands.stats,
                 network_commands.network, query_commands.explain, publish_commands.report,
                 serve_commands.serve, fetch_commands.fetch):
    cli.add_command(_command)
del _command


def main() -> None:
    """Console-script entry point."""
    try:
        cli(obj={})
    except KgError as exc:
        say(err, "error", "red", str(exc))
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
