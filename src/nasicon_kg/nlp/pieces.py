"""Cut an oversized text block into pieces the pipeline can take, keeping offsets.

spaCy refuses a text longer than ``nlp.max_length`` (error E088), and a one-line file is one block
however long it is. :func:`pieces` cuts such a block after the last sentence end that fits
(". ", "? ", "! " before the limit), else at the last space, else hard at the limit, and gives each
piece with its offset in the block, so every span found in a piece maps back to the document's text.
A block that fits is one piece.
"""
from __future__ import annotations

import re

#: Longest piece handed to the pipeline (characters): far below spaCy's max_length (1,000,000), and
#: small enough that per-piece work which grows faster than the text stays cheap. Real paragraphs are
#: a few thousand characters and are never cut.
PIECE_CHARS = 50_000

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
_SPACE = re.compile(r"\s+")


def pieces(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text`` in order, each piece at most ``limit`` characters.

    >>> pieces("One. Two. Three.", limit=10)
    [(0, 'One. Two. '), (10, 'Three.')]
    >>> pieces("abcdefgh", limit=3)
    [(0, 'abc'), (3, 'def'), (6, 'gh')]
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = cut_point(text, start, start + limit)
        out.append((start, text[start:end]))
        start = end
    if start < len(text) or not out:
        out.append((start, text[start:]))
    return out


def cut_point(text: str, start: int, stop: int) -> int:
    """Where to end a piece that starts at ``start`` and may not reach past ``stop``: after the last
    sentence end in its second half, else after the last run of spaces there, else at ``stop``."""
    floor = start + (stop - start) // 2
    for pattern in (_SENTENCE_END, _SPACE):
        last = None
        for m in pattern.finditer(text, floor, stop):
            last = m
        if last is not None and last.end() > start:
            return last.end()
    return stop
