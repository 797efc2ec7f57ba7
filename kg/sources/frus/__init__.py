"""FRUS TEI volumes: one record per ``div[@type="document"]``.

The package's public interface is the reader's (``NAME``, ``VERSION``, ``SUFFIXES``,
``sniff``, ``read``) and three helpers other code uses (``kind_of``, ``parse_date_text``,
``parse_source_note``). Inside it, ``reader`` streams a volume, ``document`` reads one
document, ``heads`` parses document headings, ``notes`` the source notes and ``text`` the
text, dates and kinds; the modules share only the names each lists in ``__all__``.
"""

from kg.sources.frus.notes import parse_source_note
from kg.sources.frus.reader import NAME, SUFFIXES, VERSION, kind_of, parse_date_text, read, sniff

__all__ = ["NAME", "VERSION", "SUFFIXES", "sniff", "read", "kind_of", "parse_date_text",
           "parse_source_note"]
