"""Where a FRUS fact is printed: the XPath of its element and offsets in that element's text.

A FRUS record has no running text of its own (the volume is one TEI file), so the reader
builds one for the mapping: the text of every element a fact of the document was read
from (its ``head``, source ``note``, ``dateline`` ``date`` and ``placeName``, ``signed``
items, ``persName`` ...), one after the other, each on its own line. Every fact's
:class:`~kg.records.Span` points into that text, and for every element the record's
``evidence`` holds one *segment* entry, named ``"xpath LINE /TEI/text/body/div[3]/div[7]/head"``,
whose span is where the element's text stands in it. :mod:`kg.mapping.evidence` turns a
span inside a segment into a W3C Web Annotation ``XPathSelector`` (the element) refined by a
``TextPositionSelector`` (the offsets within the element's text).

An element's text, as here and in the selector: its text nodes without its notes
(footnotes: the ``note`` children are printed elsewhere on the page), ``lb`` as a space,
white space collapsed and trimmed (what :func:`kg.sources.frus.text.text_of` gives).

The XPath steps are the elements' local names (``/TEI/text/body/div[3]``: the TEI
namespace is the volume's default one), with a position among the siblings of the same
name; an element of another namespace is named with its prefix (``frus:attachment[1]``).
"""

from __future__ import annotations

from lxml import etree

from kg.records import Span
from kg.sources.frus.text import TEI, line_of, local_name, text_of

__all__ = ["SEGMENT", "Trace", "segment_name", "parse_segment", "segment_line"]

#: prefix of a segment's name in ``SourceRecord.evidence``
SEGMENT = "xpath "


def segment_name(line: int, xpath: str) -> str:
    """The evidence name of an element's segment.

    >>> segment_name(12, "/TEI/text/body/div[1]/head")
    'xpath 12 /TEI/text/body/div[1]/head'
    """
    return f"{SEGMENT}{line} {xpath}"


def parse_segment(name: str) -> tuple[int, str] | None:
    """(line, XPath) of a segment's evidence name; ``None`` for any other fact's name.

    >>> parse_segment("xpath 12 /TEI/text/body/div[1]/head")
    (12, '/TEI/text/body/div[1]/head')
    >>> parse_segment("title") is None
    True
    """
    if not name.startswith(SEGMENT):
        return None
    line, _, xpath = name[len(SEGMENT):].partition(" ")
    return (int(line), xpath) if line.isdigit() and xpath.startswith("/") else None


def segment_line(evidence: tuple[tuple[str, Span], ...], offset: int) -> int | None:
    """The line in the file of the element whose segment holds ``offset`` of the record's
    text; ``None`` for a record with no segments (not an XML source).

    >>> segment_line((("title", Span(0, 5)), ("xpath 41 /TEI/text/body/div[1]/head", Span(0, 9))), 3)
    41
    """
    for name, span in evidence:
        if (found := parse_segment(name)) is not None and span.start <= offset <= span.end:
            return found[0]
    return None


class Trace:
    """The text of one document's traced elements, and their segments.

    Args:
        div: the document's ``div``.
        path: the XPath of the ``div`` (the reader knows it from the stream: the siblings
            before it may have been released).
    """

    def __init__(self, div: etree._Element, path: str) -> None:
        self.div = div
        self.path = path
        self.parts: list[str] = []
        self.size = 0
        self.segments: list[tuple[str, Span]] = []
        #: each signature as printed and its element (read by the document's signers)
        self.signatures: list[tuple[str, etree._Element]] = []
        self._starts: dict[etree._Element, tuple[int, str]] = {}
        self._steps: dict[etree._Element, dict[etree._Element, str]] = {}

    def text(self) -> str:
        """The record's text: the traced elements' texts, one a line."""
        return "".join(self.parts)

    def segment(self, el: etree._Element, text: str | None = None) -> tuple[int, str]:
        """(start in the record's text, the element's text): added on first use.

        ``text`` is the element's text where the caller has it already (it must be what
        :func:`~kg.sources.frus.text.text_of` gives).
        """
        known = self._starts.get(el)
        if known is not None:
            return known
        own = text_of(el) if text is None else text
        start = self.size
        self.parts.append(own + "\n")
        self.size += len(own) + 1
        self.segments.append((segment_name(line_of(el), self.xpath(el)), Span(start, start + len(own))))
        self._starts[el] = (start, own)
        return start, own

    def span(self, el: etree._Element | None, lo: int = 0, hi: int | None = None,
             text: str | None = None) -> Span | None:
        """The span of ``[lo, hi)`` of the element's text (all of it by default)."""
        if el is None:
            return None
        start, own = self.segment(el, text)
        hi = len(own) if hi is None else hi
        if not 0 <= lo < hi <= len(own):
            return None
        return Span(start + lo, start + hi)

    def find(self, el: etree._Element | None, quote: str | None) -> Span | None:
        """The span of the first place ``quote`` is printed in the element's text."""
        if el is None or not quote:
            return None
        start, own = self.segment(el)
        at = own.find(quote)
        return Span(start + at, start + at + len(quote)) if at >= 0 else None

    def xpath(self, el: etree._Element) -> str:
        """The element's XPath: the document's, then a step per element down to it."""
        steps: list[str] = []
        node: etree._Element | None = el
        while node is not None and node is not self.div:
            parent = node.getparent()
            if parent is None:
                return "/" + "/".join([step_name(node), *reversed(steps)])
            steps.append(self._step(parent, node))
            node = parent
        return self.path + "".join(f"/{s}" for s in reversed(steps))

    def _step(self, parent: etree._Element, child: etree._Element) -> str:
        """``name[k]`` of a child: its steps are counted once per parent (linear time)."""
        steps = self._steps.get(parent)
        if steps is None:
            children = [(ch, step_name(ch)) for ch in parent if isinstance(ch.tag, str)]
            total: dict[str, int] = {}
            for _, name in children:
                total[name] = total.get(name, 0) + 1
            seen: dict[str, int] = {}
            steps = {}
            for ch, name in children:  # "head" when it is the only one, else "p[3]"
                seen[name] = seen.get(name, 0) + 1
                steps[ch] = f"{name}[{seen[name]}]" if total[name] > 1 else name
            self._steps[parent] = steps
        return steps.get(child, step_name(child))


def step_name(el: etree._Element) -> str:
    """An element's name in an XPath step: its local name in TEI, else ``prefix:name``."""
    tag = el.tag if isinstance(el.tag, str) else ""
    name = local_name(tag)
    if tag.startswith(f"{{{TEI}}}") or not tag.startswith("{"):
        return name
    return f"{el.prefix or 'ns'}:{name}"
