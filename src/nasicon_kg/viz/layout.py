"""Where each node of the map goes: columns left to right, rows that never overlap.

The HTML map draws every node as a box holding its label, at the position and size computed
here (vis-network is told both, so the browser draws exactly these boxes). A box's width is
its label's width in DejaVu Sans (the page's first font, and the widest of its fallbacks),
measured with matplotlib's copy of the font, plus padding; its height is one line plus
padding. Columns are as wide as their widest box and rows as tall as one box plus a gap, so
by construction no two boxes overlap, and :func:`overlapping_boxes` checks that they do not.

Columns: problems (by depth in the causal chain, root causes first), strategies, materials,
methods. Rows within a column are ordered by barycentre sweeps so that edges run short.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import networkx as nx

#: The page's label font (CSS px) and the font the widths are measured in.
FONT_PX = 14
FONT_FAMILY = "DejaVu Sans"
PAD_X, PAD_Y = 7, 3          # padding inside a box, each side (px)
BORDER = 3                   # a box's widest border (selected), which its drawn extent includes (px)
ROW_GAP, COLUMN_GAP = 6, 70   # between boxes in a column, between columns (px)
LINE_HEIGHT = 1.25           # of a label line, in font sizes
WRAP_AT = 18                 # problem and method labels wrap at this many characters
MAX_LABEL = 36               # longer labels are cut with an ellipsis (the full one is in the hover)

#: Column order of the node kinds after the problem columns; kinds not named are not drawn.
COLUMN_KINDS = {"strategy": 0, "material": 1, "method": 2}


@dataclass(frozen=True)
class Box:
    """A node's box: centre (x, y), width, height, in CSS px at zoom 1."""

    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        return self.y - self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height / 2

    def overlaps(self, other: "Box") -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)


def short_label(label: str, width: int = MAX_LABEL) -> str:
    """The label as drawn: cut to ``width`` characters with an ellipsis.

    >>> short_label("a" * 50, 10)
    'aaaaaaaaa…'
    """
    return label if len(label) <= width else label[: width - 1] + "\u2026"


@lru_cache(maxsize=4096)
def text_width(text: str, font_px: float = FONT_PX) -> float:
    """Width in px of ``text`` set in DejaVu Sans at ``font_px`` (advance widths, kerning included)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    width, _, _ = TextToPath().get_text_width_height_descent(
        text, FontProperties(family=FONT_FAMILY, size=font_px), ismath=False)
    return float(width)


def wrap_label(label: str, width: int = WRAP_AT) -> str:
    """``label`` broken at spaces into lines of at most ``width`` characters where it can be
    (a longer word keeps its own line).

    >>> wrap_label("high interfacial resistance", 18)
    'high interfacial\\nresistance'
    """
    lines: list[str] = []
    for word in label.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def box_size(text: str, font_px: float = FONT_PX) -> tuple[float, float]:
    """(width, height) of the box drawn around ``text`` (lines split at "\\n"), with 4 % and 2 px to
    spare for other fonts' rounding."""
    lines = text.split("\n")
    return (round(max(text_width(line, font_px) for line in lines) * 1.04 + 2 * (PAD_X + BORDER) + 2, 1),
            round(len(lines) * font_px * LINE_HEIGHT + 2 * (PAD_Y + BORDER), 1))


def problem_levels(G: nx.DiGraph) -> dict[str, int]:
    """Column of each problem: its depth in the causal chain (root causes first)."""
    C = nx.DiGraph()
    C.add_nodes_from(n for n, d in G.nodes(data=True) if d.get("kind") == "problem")
    C.add_edges_from((u, v) for u, v, d in G.edges(data=True)
                     if d.get("relation") == "causes" and u in C and v in C)
    if not nx.is_directed_acyclic_graph(C):
        return {n: 0 for n in C}
    depth: dict[str, int] = {}
    for n in nx.topological_sort(C):
        depth[n] = max((depth[p] + 1 for p in C.predecessors(n)), default=0)
    return depth


def map_levels(G: nx.DiGraph) -> dict[str, int]:
    """Column of every drawn node: problems by causal depth, then strategies, materials, methods.
    Nodes of other kinds (the protected electrolytes, shown as a filter instead) get none."""
    plevel = problem_levels(G)
    base = max(plevel.values(), default=-1) + 1
    return {n: plevel[n] if d.get("kind") == "problem" else base + COLUMN_KINDS[d["kind"]]
            for n, d in G.nodes(data=True) if d.get("kind") == "problem" or d.get("kind") in COLUMN_KINDS}


def column_order(G: nx.DiGraph, levels: dict[str, int], sweeps: int = 4) -> dict[int, list[str]]:
    """The nodes of each column, top to bottom, ordered by barycentre sweeps to shorten edges."""
    columns: dict[int, list[str]] = defaultdict(list)
    for n in sorted(levels, key=lambda n: (str(G.nodes[n].get("label", "")).casefold(), n)):
        columns[levels[n]].append(n)
    order = {n: float(i) for col in columns.values() for i, n in enumerate(col)}
    for _ in range(sweeps):
        for lvl in sorted(columns) + sorted(columns, reverse=True):
            def centre(n: str) -> float:
                nb = [order[m] for m in nx.all_neighbors(G, n) if m in levels and levels[m] != lvl]
                return sum(nb) / len(nb) if nb else order[n]
            columns[lvl].sort(key=centre)
            for i, n in enumerate(columns[lvl]):
                order[n] = float(i)
    return dict(columns)


def _plain_label(data: dict) -> str:
    return short_label(str(data.get("label", "")))


def column_step(boxes_height: list[float], rows: int, tallest: int, row: float) -> float:
    """Distance between box centres in a column of ``rows`` boxes: the column is spread over the
    tallest column's height, never closer than its highest box and a gap."""
    return max(row * tallest / rows, max(boxes_height) + ROW_GAP)


def layout_boxes(G: nx.DiGraph, label_of: Callable[[dict], str] = _plain_label,
                 font_px: float = FONT_PX) -> dict[str, Box]:
    """A box for every drawn node of ``G`` (see :func:`map_levels`) around the text
    ``label_of(node data)``; no two overlap.

    Each column is as wide as its widest box; a column shorter than the tallest is spread over
    the same height (its row step grows, never shrinks below one box and a gap).
    """
    levels = map_levels(G)
    columns = column_order(G, levels)
    sizes = {n: box_size(label_of(G.nodes[n]), font_px) for n in levels}
    row = min((h for _, h in sizes.values()), default=0.0) + ROW_GAP
    tallest = max((len(c) for c in columns.values()), default=0)
    boxes: dict[str, Box] = {}
    left = 0.0
    for lvl in sorted(columns):
        col = columns[lvl]
        width = max(sizes[n][0] for n in col)
        step = column_step([sizes[n][1] for n in col], len(col), tallest, row)
        for i, n in enumerate(col):
            w, h = sizes[n]
            boxes[n] = Box(round(left + width / 2, 1), round((i + 0.5) * step, 1), w, h)
        left += width + COLUMN_GAP
    return boxes


def overlapping_boxes(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    """Every pair of nodes whose boxes overlap (a sweep over x; empty for a good layout)."""
    items = sorted(boxes.items(), key=lambda kv: kv[1].left)
    pairs, active = [], []
    for n, b in items:
        active = [(m, a) for m, a in active if a.right > b.left]
        pairs += [(m, n) for m, a in active if a.overlaps(b)]
        active.append((n, b))
    return pairs
