"""Exceptions raised by the library; the CLI maps them to exit codes.

Every error that concerns input carries the file and the place in it (line,
field or XPath) so that a user can find the problem without a debugger.
"""

from __future__ import annotations

__all__ = ["KgError", "SourceError", "StoreError", "QueryError", "ExportError"]


class KgError(Exception):
    """Base class of every error the library raises on purpose."""


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

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, str, str | None]]:
        """Pickle with the constructor's arguments, so that errors cross process boundaries
        (parallel builds send them back from the workers)."""
        return type(self), (self.file, self.message, self.location)


class StoreError(KgError):
    """The store could not be opened, read or written."""


class QueryError(KgError):
    """A SPARQL query could not be parsed or evaluated."""


class ExportError(KgError):
    """An export could not be written."""
