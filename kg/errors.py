"""Every error the library raises on purpose, with the exit code the CLI gives it.

Every error that concerns input carries the file and the place in it (line, field or XPath)
so that a user can find the problem without a debugger. The CLI maps a :class:`KgError` to
its ``exit_code`` and prints its message on one line; anything else is a bug.

Exit codes (documented in docs/cli.md):
    0  success (``validate``: the data conforms; warnings are listed, not failing)
    1  ``validate`` found violations
    2  the run failed: bad usage, a query that does not parse, an unknown format or engine, a
       missing store, a remote store that refused what was sent
    3  some inputs failed: each is named with its file and place; the rest was built
"""

from __future__ import annotations

__all__ = [
    "EXIT_OK", "EXIT_VIOLATIONS", "EXIT_INPUT", "EXIT_PARTIAL",
    "KgError", "UsageError", "SourceError", "DocumentError", "StoreError", "RejectedDataError",
    "QueryError",
    "ExportError", "SettingError", "NetworkError", "RemoteError", "PushError", "FetchError",
    "UnsupportedShapeError", "UnsupportedAxiomError", "RequestRefused", "check_engine",
]

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT, EXIT_PARTIAL = 0, 1, 2, 3


class KgError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = EXIT_INPUT


class UsageError(KgError):
    """An option or argument the library cannot act on (an unknown engine or format name)."""


def check_engine(engine: str, known: tuple[str, ...], what: str) -> str:
    """``engine`` if it is one of ``known``, else a :class:`UsageError` naming them.

    >>> check_engine("sparql", ("sparql", "pyshacl"), "validation")
    'sparql'
    >>> check_engine("spraql", ("sparql", "pyshacl"), "validation")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: unknown validation engine 'spraql' (known: sparql, pyshacl)
    """
    if engine not in known:
        raise UsageError(f"unknown {what} engine {engine!r} (known: {', '.join(known)})")
    return engine


class SourceError(KgError):
    """An input document could not be read as a record.

    Args:
        file: path or base name of the input file.
        message: what is wrong, in words a user understands.
        location: where in the file (``"line 3"``, ``"field title"``), if known.
    """

    def __init__(self, file: str, message: str, location: str | None = None) -> None:
        self.file = str(file)
        self.message = message
        self.location = location
        where = f"{self.file}:{location}" if location else self.file
        super().__init__(f"{where}: {message}")

    def naming(self, file: str) -> SourceError:
        """The same error naming ``file`` (a reader names the file's base name; a build names
        the path it was given)."""
        return type(self)(str(file), self.message, self.location)

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, str, str | None]]:
        """Pickle with the constructor's arguments, so that errors cross process boundaries
        (parallel builds send them back from the workers)."""
        return type(self), (self.file, self.message, self.location)


class DocumentError(KgError):
    """One document of a volume cannot be read; ``path`` is an XPath within the volume.

    The FRUS reader turns it into a :class:`SourceError` naming the volume and document.
    """

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.message, self.path = message, path


class StoreError(KgError):
    """The store could not be opened, read or written."""


class RejectedDataError(StoreError):
    """The store refused what it was given to write (an IRI or a literal it cannot hold):
    the data's fault, not the store's; a build reports it as the record's error."""


class QueryError(KgError):
    """A SPARQL query could not be parsed or evaluated."""


class ExportError(KgError):
    """An export could not be written."""


class SettingError(KgError):
    """An unknown server setting name, or a value of the wrong kind."""


class NetworkError(KgError):
    """A network could not be built or a name does not pick out one agent."""


class RemoteError(KgError):
    """A remote store could not be reached, or refused what was sent."""


class PushError(RemoteError):
    """A push that failed, and what the remote now holds.

    Attributes:
        replaced: graphs sent in full (every request acknowledged; after the count back:
            the graphs whose remote count equals the local one).
        failed: the graph being sent when a request failed, if any.
        untouched: graphs not sent at all; the remote holds what it held before for them.
        differing: graph -> ``(remote count, local count)`` for graphs counted back wrong.
    """

    def __init__(self, message: str, replaced: list[str] | None = None, failed: str | None = None,
                 untouched: list[str] | None = None,
                 differing: dict[str, tuple[int, int]] | None = None) -> None:
        super().__init__(message)
        self.replaced = replaced or []
        self.failed = failed
        self.untouched = untouched or []
        self.differing = differing or {}


class FetchError(KgError):
    """A volume could not be fetched; the message names the volume and the reason.

    Args:
        volume_id: the volume asked for (empty for an error about the request as a whole).
        message: one line for the user, naming the volume.
    """

    def __init__(self, volume_id: str, message: str) -> None:
        self.volume_id = volume_id
        self.message = message
        super().__init__(message)


class UnsupportedShapeError(KgError, NotImplementedError):
    """A SHACL construct the SPARQL compiler does not translate (use ``--engine pyshacl``)."""


class UnsupportedAxiomError(KgError, ValueError):
    """The ontology holds an axiom the SPARQL materialiser cannot translate (use ``--engine
    owlrl``)."""


class RequestRefused(KgError):
    """A request the read-only endpoint will not carry out, with the HTTP ``status`` (4xx)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
