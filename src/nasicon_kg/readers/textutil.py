"""Pieces every reader shares: superscripts, citation markers, and a builder that
assembles ``Document.text`` while keeping every block's offsets true.

Conventions of the normalised text (all readers follow them):

- subscripts are flattened: ``Li<sub>3</sub>PO<sub>4</sub>`` -> ``Li3PO4``;
- superscripts become Unicode superscripts where every character has one
  (``cm<sup>-2</sup>`` -> ``cm⁻²``, ``Ti<sup>4+</sup>`` -> ``Ti⁴⁺``), else ``^(...)``;
- citation superscripts are removed from the text and kept as
  :class:`~nasicon_kg.model.Citation` anchors;
- blocks are joined with one blank line (``"\\n\\n"``).
"""
from __future__ import annotations

import re

from ..errors import ReaderError
from ..model import Block, Citation, Document, PaperMetadata, Reference, Table, TableRow

_SUP = str.maketrans("0123456789+-−=()niaxy", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵃˣʸ")
_SUP_OK = set("0123456789+-−=()niaxy")
_UNSUP = {v: k for k, v in zip("0123456789+-=()nixy", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣʸ")}
_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₓ", "0123456789+-=()x")

_CITE = re.compile(r"^\s*\d{1,4}(?:\s*[,–—\-−]\s*\d{1,4})*\s*$")


def superscript(text: str) -> str:
    """Render superscript content: Unicode superscripts where possible, else ``^(text)``."""
    text = text.strip()
    if text and all(c in _SUP_OK for c in text):
        return text.translate(_SUP)
    return f"^({text})" if text else ""


def unsuperscript(text: str) -> str:
    """Turn Unicode superscript characters back into ASCII (``cm⁻²`` -> ``cm-2``)."""
    return "".join(_UNSUP.get(c, c) for c in text)


def unsubscript(text: str) -> str:
    """Turn Unicode subscript digits into ASCII (``Li₃PO₄`` -> ``Li3PO4``)."""
    return text.translate(_SUB)


def parse_citation_numbers(text: str, max_number: int | None = None) -> tuple[int, ...] | None:
    """Numbers named by a citation marker, or None if ``text`` is not one.

    >>> parse_citation_numbers("75,79")
    (75, 79)
    >>> parse_citation_numbers("61–64")
    (61, 62, 63, 64)
    >>> parse_citation_numbers("-2") is None
    True
    """
    if not _CITE.match(text) or text.strip().startswith(("-", "−", "–")):
        return None
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", text.strip()):
        bounds = re.split(r"\s*[–—\-−]\s*", part)
        if len(bounds) == 1:
            numbers.append(int(bounds[0]))
        elif len(bounds) == 2:
            lo, hi = int(bounds[0]), int(bounds[1])
            if hi < lo or hi - lo > 50:
                return None
            numbers.extend(range(lo, hi + 1))
        else:
            return None
    if any(n == 0 for n in numbers):
        return None
    if max_number is not None and any(n > max_number for n in numbers):
        return None
    return tuple(dict.fromkeys(numbers))


class DocumentBuilder:
    """Appends blocks and tables to one text, recording offsets as it goes.

    >>> b = DocumentBuilder()
    >>> blk = b.add_block("Hello world.", section="Introduction")
    >>> doc = b.build(PaperMetadata())
    >>> doc.text[blk.start:blk.end]
    'Hello world.'
    """

    SEP = "\n\n"

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.tables: list[Table] = []

    def _append(self, text: str) -> int:
        if self._parts:
            self._parts.append(self.SEP)
            self._length += len(self.SEP)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start

    def add_block(self, text: str, section: str, kind: str = "paragraph",
                  citations: list[tuple[int, tuple[int, ...], str]] | None = None) -> Block:
        """Add a block; ``citations`` are (offset within ``text``, numbers, raw marker)."""
        start = self._append(text)
        cites = tuple(Citation(start + off, nums, raw) for off, nums, raw in (citations or []))
        block = Block(text=text, start=start, end=start + len(text), section=section,
                      kind=kind, citations=cites)  # type: ignore[arg-type]
        self.blocks.append(block)
        return block

    def add_table(self, label: str, caption: str, header: list[str], rows: list[list[str]],
                  section: str, footnote: str = "") -> Table:
        """Add a table: its caption as a caption block, then one text line per row."""
        cap = self.add_block(caption, section=section, kind="caption")
        header_start = self._append("\t".join(header))
        table_rows = []
        for cells in rows:
            line = "\t".join(cells)
            start = self._append(line)
            table_rows.append(TableRow(cells=tuple(cells), start=start, end=start + len(line)))
        end = self._length
        if footnote:
            self.add_block(footnote, section=section, kind="footnote")
        table = Table(label=label, caption=caption, header=tuple(header), rows=tuple(table_rows),
                      section=section, start=min(cap.start, header_start), end=end,
                      footnote=footnote)
        self.tables.append(table)
        return table

    def build(self, metadata: PaperMetadata, references: list[Reference] | tuple = ()) -> Document:
        return Document(text="".join(self._parts), metadata=metadata, blocks=tuple(self.blocks),
                        tables=tuple(self.tables), references=tuple(references))


def check_length(chars: int, max_chars: int) -> None:
    """Refuse a text of more than ``max_chars`` characters (0: no limit) in one line.

    >>> check_length(5_000_001, 5_000_000)
    Traceback (most recent call last):
    ...
    nasicon_kg.errors.ReaderError: text is 5,000,001 characters, over the limit of 5,000,000 (raise it with --max-chars)
    """
    if max_chars and chars > max_chars:
        raise ReaderError(f"text is {chars:,} characters, over the limit of {max_chars:,} "
                          "(raise it with --max-chars)")
