"""Static figures with matplotlib (Agg backend): PNG or SVG by the path's suffix.

The lifetime charts read rows from ``viz/queries/viz_lifetime.rq`` (or take such rows
directly); :func:`network_figure` draws a graph from :func:`..network.build_network`
in columns, left to right: problems (by causal depth), strategies, materials, methods,
electrolytes. Lifetime axes are always logarithmic; colours of electrolyte families are fixed.
"""
from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Iterable

import networkx as nx

from ..errors import NasiconKGError
from .html_map import KIND_COLOURS, KIND_SHAPES, STRATEGY_COLOURS, node_colour, node_levels
from .network import STRATEGY_TYPES, local_name, query_text

FORMATS = {".png": "png", ".svg": "svg"}
MARKERS = {"InorganicProtectiveLayer": "o", "PolymerProtectiveLayer": "s", "HybridLayer": "D",
           "CompositeElectrolyteStrategy": "^", "SandwichInterlayer": "v", "InterfaceStrategy": "P"}
_MPL_MARKERS = {"diamond": "D", "dot": "o", "square": "s", "triangle": "^", "star": "*"}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise NasiconKGError(f"cannot draw {path.name}: use a .png or .svg file name")
    return fmt


def _save(fig, path: Path) -> Path:
    plt = _pyplot()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, format=_format(path), dpi=150, bbox_inches="tight")
    except OSError as exc:
        raise NasiconKGError(f"cannot write {path}: {exc}") from None
    finally:
        plt.close(fig)
    return path


def lifetime_rows(store_or_rows) -> list[dict]:
    """Rows of viz_lifetime.rq (from a store), or the rows given, one per symmetric-cell test:
    strategy, type, layer, family (of the protected electrolyte), hours, current_density, thickness."""
    rows = store_or_rows.select(query_text("viz_lifetime")) if hasattr(store_or_rows, "select") \
        else list(store_or_rows)
    by_test: dict[tuple, dict] = {}
    for r in rows:
        tname = local_name(str(r.get("type", "InterfaceStrategy")))
        key = (r.get("strategy"), r.get("hours"), r.get("currentDensity"))
        row = by_test.setdefault(key, {"strategy": r.get("strategy"), "types": set(), "families": set(),
                                       "layer": r.get("layerLabel") or r.get("label") or "",
                                       "hours": r.get("hours"), "current_density": r.get("currentDensity"),
                                       "thickness": r.get("thickness")})
        row["types"].add(tname)
        if r.get("familyLabel") or r.get("electrolyteLabel"):
            row["families"].add(str(r.get("familyLabel") or r.get("electrolyteLabel")))
    out = []
    for row in by_test.values():
        specific = sorted(t for t in row.pop("types") if t in STRATEGY_TYPES and t != "InterfaceStrategy")
        row["type"] = specific[0] if specific else "InterfaceStrategy"
        families = sorted(row.pop("families"))
        row["family"] = families[0] if families else "unknown"
        out.append(row)
    return sorted(out, key=lambda r: (str(r["strategy"]), r["hours"] or 0))


#: Fixed colours of the electrolyte families, so that a family has one colour in every chart.
FAMILY_COLOURS = {"LATP": "#1f77b4", "LAGP": "#d62728", "LATGP": "#9467bd", "LAGTP": "#9467bd",
                  "LZP": "#8c564b", "LLZO": "#2ca02c", "LLTO": "#17becf", "LiPON": "#e377c2",
                  "Li3PS4": "#bcbd22", "LGPS": "#bcbd22", "Li6PS5Cl": "#7f7f7f"}
_SPARE_COLOURS = ("#ff7f0e", "#aec7e8", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d")


def family_colour(family: str) -> str:
    """The colour of an electrolyte family: fixed for the known ones, else one picked by a stable
    hash of the name (the same in every run and every chart).

    >>> family_colour("LATP"), family_colour("NZSP") == family_colour("NZSP")
    ('#1f77b4', True)
    """
    if family in FAMILY_COLOURS:
        return FAMILY_COLOURS[family]
    return _SPARE_COLOURS[sum(family.encode("utf-8")) % len(_SPARE_COLOURS)]


def axis_limits(values: Iterable[float]) -> tuple[float, float] | None:
    """Log-axis limits holding the positive ``values`` with a margin of 0.15 decade each side, so
    that no point sits on the frame; charts of the same quantity are given the same limits.

    >>> [round(v, 4) for v in axis_limits([0.1, 10.0])]
    [0.0708, 14.1254]
    """
    positive = [v for v in values if isinstance(v, (int, float)) and v > 0]
    if not positive:
        return None
    return 10.0 ** (math.log10(min(positive)) - 0.15), 10.0 ** (math.log10(max(positive)) + 0.15)


def chart_limits(rows: list[dict]) -> dict[str, tuple[float, float] | None]:
    """Axis limits of the lifetime charts for ``rows`` (pass the whole store's rows to a filtered
    chart so it keeps the whole store's scale)."""
    rows = lifetime_rows(rows)
    return {k: axis_limits(r.get(k) for r in rows) for k in ("hours", "current_density", "thickness")}


def _scatter(rows: list[dict], x: str, xlabel: str, path: Path, title: str,
             limits: dict | None = None) -> Path:
    return _save(scatter_figure(rows, x, xlabel, title, limits), Path(path))


def scatter_figure(rows: list[dict], x: str, xlabel: str, title: str, limits: dict | None = None):
    """The lifetime scatter of ``rows`` (from :func:`lifetime_rows`) against column ``x``, as an
    unsaved matplotlib figure."""
    pts = [r for r in rows if isinstance(r.get(x), (int, float)) and isinstance(r.get("hours"), (int, float))
           and r[x] > 0 and r["hours"] > 0]
    if not pts:
        what = xlabel.split(" (")[0]
        raise NasiconKGError(f"nothing to plot: no symmetric-cell test with lifetime and {what}")
    limits = limits or {}
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in pts:
        groups[(r["family"], r["type"])].append(r)
    for (family, stype), members in sorted(groups.items()):
        ax.scatter([r[x] for r in members], [r["hours"] for r in members], s=46,
                   marker=MARKERS.get(stype, "o"), color=family_colour(family),
                   edgecolors="black", linewidths=0.5, zorder=3)
    at_point: dict[tuple, list[str]] = defaultdict(list)   # one label per point: "Ge, PEO"
    for r in pts:
        if str(r["layer"]) not in at_point[(r[x], r["hours"])]:
            at_point[(r[x], r["hours"])].append(str(r["layer"]))
    ax.set_yscale("log")   # lifetimes and current densities span decades: log axes, always
    ax.set_xscale("log")
    for setter, key in ((ax.set_ylim, "hours"), (ax.set_xlim, x)):
        lim = limits.get(key) or axis_limits(r.get(key) for r in pts)
        setter(*lim)
    place_labels(ax, [(px, py, ", ".join(names)) for (px, py), names in sorted(at_point.items())])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("symmetric-cell lifetime (h)")
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    _lifetime_legend(ax, {r["family"] for r in pts}, {r["type"] for r in pts})
    return fig


def _lifetime_legend(ax, families: set[str], types: set[str]) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=family_colour(f),
                      markeredgecolor="black", label=f) for f in sorted(families)]
    handles += [Line2D([], [], marker=MARKERS.get(t, "o"), linestyle="", markersize=7, markerfacecolor="white",
                       markeredgecolor="black", label=STRATEGY_TYPES.get(t, t)) for t in sorted(types)]
    ax.legend(handles=handles, fontsize=7.5, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              title="electrolyte (colour), strategy (marker)", title_fontsize=7.5)


#: Offsets (points) tried in turn for a point's label: right, above, below, left, then further out.
LABEL_OFFSETS = ((5, 4), (5, -10), (-5, 6), (-5, -10), (6, 14), (6, -20), (-6, 16), (-6, -22),
                 (14, 24), (14, -30), (-14, 26), (-14, -32))


def place_labels(ax, items: list[tuple[float, float, str]], fontsize: float = 7.5) -> list:
    """Label points without overlaps: each label takes the first offset whose box hits no label
    placed before it and no point; when none is free it keeps the first and gets a leader line."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    points = [ax.transData.transform((px, py)) for px, py, _ in items]
    placed, texts = [], []
    # densest regions first: labels whose point has most neighbours get the best spots
    order = sorted(range(len(items)), key=lambda i: -sum(
        abs(points[i][0] - q[0]) < 60 and abs(points[i][1] - q[1]) < 20 for q in points))
    for i in order:
        px, py, label = items[i]
        for n, offset in enumerate(LABEL_OFFSETS):
            text = ax.annotate(label, (px, py), textcoords="offset points", xytext=offset,
                               ha="left" if offset[0] >= 0 else "right", fontsize=fontsize,
                               color="#333333")
            box = text.get_window_extent(renderer).expanded(1.05, 1.15)
            free = not any(box.overlaps(b) for b in placed) and not any(
                box.contains(qx, qy) for j, (qx, qy) in enumerate(points) if j != i)
            if free or n == len(LABEL_OFFSETS) - 1:
                if not free:
                    text.remove()
                    text = ax.annotate(label, (px, py), textcoords="offset points", xytext=LABEL_OFFSETS[4],
                                       fontsize=fontsize, color="#333333",
                                       arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.5})
                    box = text.get_window_extent(renderer)
                placed.append(box)
                texts.append(text)
                break
            text.remove()
    return texts


LIFETIME_TITLE = "Li symmetric cells: lifetime vs current density"
THICKNESS_TITLE = "Li symmetric cells: lifetime vs layer thickness"


def lifetime_vs_current(store_or_rows, path: str | Path, *, title: str = LIFETIME_TITLE,
                        limits: dict | None = None) -> Path:
    """Scatter of symmetric-cell lifetime (h) against current density (mA cm-2), log axes, one
    point per test: colour by electrolyte family, marker by strategy type, labelled by layer.
    ``limits`` (from :func:`chart_limits`) fixes the axes, e.g. to the whole store's."""
    return _scatter(lifetime_rows(store_or_rows), "current_density", "current density (mA cm$^{-2}$)",
                    Path(path), title, limits)


def thickness_vs_lifetime(store_or_rows, path: str | Path, *, title: str = THICKNESS_TITLE,
                          limits: dict | None = None) -> Path:
    """Scatter of symmetric-cell lifetime (h) against layer thickness (nm), log axes."""
    return _scatter(lifetime_rows(store_or_rows), "thickness", "layer thickness (nm)", Path(path),
                    title, limits)


LAYERS_TITLE = "How each class of layer advanced: longest symmetric-cell lifetime by year"


def layer_progress(G: nx.DiGraph) -> dict[str, list[tuple[int, float, str, bool]]]:
    """For each strategy type, its strategies as (year, hours, label, disputed), by year: the data
    of the review's Fig. 8. A strategy needs a year (of the work it cites) and a lifetime;
    ``disputed`` says another source of the same work gives another figure."""
    by_type: dict[str, list[tuple[int, float, str, bool]]] = defaultdict(list)
    for _, d in G.nodes(data=True):
        if d.get("kind") == "strategy" and isinstance(d.get("year"), int) \
                and isinstance(d.get("hours"), (int, float)) and d["hours"] > 0:
            by_type[d.get("cls") or "InterfaceStrategy"].append(
                (d["year"], float(d["hours"]), str(d.get("label", "")), bool(d.get("other_reports"))))
    return {t: sorted(points) for t, points in sorted(by_type.items())}


def running_best(points: list[tuple]) -> list[tuple[int, float]]:
    """The best lifetime reached by each year a class has a point in (a step line).

    >>> running_best([(2016, 200.0, "a", False), (2018, 100.0, "b", False), (2019, 600.0, "c", False)])
    [(2016, 200.0), (2018, 200.0), (2019, 600.0)]
    """
    best, out = 0.0, []
    for year in sorted({p[0] for p in points}):
        best = max([best] + [p[1] for p in points if p[0] == year])
        out.append((year, best))
    return out


def layers_over_time(G: nx.DiGraph, path: str | Path, *, title: str = LAYERS_TITLE,
                     limits: dict | None = None) -> Path:
    """Fig. 8 of the review drawn from the graph: each strategy's longest symmetric-cell lifetime
    (log axis) against the year of the work it cites, marker and colour by strategy type, and a
    step line per type through the best lifetime reached so far."""
    return _save(layers_figure(G, title, limits), Path(path))


def layers_figure(G: nx.DiGraph, title: str = LAYERS_TITLE, limits: dict | None = None):
    progress = layer_progress(G)
    if not progress:
        raise NasiconKGError("nothing to plot: no strategy with both a year and a lifetime")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    for stype, points in progress.items():
        colour, label = STRATEGY_COLOURS.get(stype, "#555555"), STRATEGY_TYPES.get(stype, stype)
        ax.scatter([p[0] for p in points], [p[1] for p in points], s=40, marker=MARKERS.get(stype, "o"),
                   color=colour, edgecolors=["#d62728" if p[3] else "black" for p in points],
                   linewidths=[1.8 if p[3] else 0.5 for p in points], zorder=3, label=label)
        best = running_best(points)
        ax.step([y for y, _ in best], [h for _, h in best], where="post", color=colour, lw=1.4, alpha=0.8)
    ax.set_yscale("log")
    hours = (limits or {}).get("hours") or axis_limits(p[1] for pts in progress.values() for p in pts)
    ax.set_ylim(*hours)
    years = [p[0] for pts in progress.values() for p in pts]
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("year of the cited work")
    ax.set_ylabel("longest symmetric-cell lifetime (h)")
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=MARKERS.get(t, "o"), linestyle="-", markersize=7,
                      color=STRATEGY_COLOURS.get(t, "#555555"), markeredgecolor="black", markeredgewidth=0.5,
                      label=STRATEGY_TYPES.get(t, t)) for t in progress]
    if any(p[3] for pts in progress.values() for p in pts):
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor="white",
                              markeredgecolor="#d62728", markeredgewidth=1.8,
                              label="another source of the work\ngives another figure"))
    ax.legend(handles=handles, fontsize=7.5, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              title="strategy (line: best so far)", title_fontsize=7.5)
    return fig


def layered_positions(G: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Column per kind (problems by causal depth first); rows ordered to shorten edges."""
    levels = node_levels(G)
    columns: dict[int, list[str]] = defaultdict(list)
    for n in sorted(G.nodes, key=lambda n: str(G.nodes[n].get("label", ""))):
        columns[levels[n]].append(n)
    order = {n: float(i) for col in columns.values() for i, n in enumerate(col)}
    for _ in range(4):   # barycentre sweeps, left to right then back
        for lvl in sorted(columns) + sorted(columns, reverse=True):
            def centre(n: str) -> float:
                nb = [order[m] for m in nx.all_neighbors(G, n) if levels[m] != lvl]
                return sum(nb) / len(nb) if nb else order[n]
            columns[lvl].sort(key=centre)
            for i, n in enumerate(columns[lvl]):
                order[n] = float(i)
    tallest = max((len(c) for c in columns.values()), default=1)
    pos = {}
    for lvl, col in columns.items():   # short columns are spread over the tallest one's height
        step = tallest / len(col)
        for i, n in enumerate(col):
            pos[n] = (float(lvl), -(i + 0.5) * step)
    return pos


def network_figure(G: nx.DiGraph, path: str | Path, *, direct_only: bool = True) -> Path:
    """The map drawn in columns; ``direct_only`` leaves out the "solved by (via a cause)" edges."""
    if G.number_of_nodes() == 0:
        raise NasiconKGError("nothing to draw: the network is empty")
    plt = _pyplot()
    pos = layered_positions(G)
    ncols = max(x for x, _ in pos.values()) + 1
    tallest = max(-y for _, y in pos.values()) + 0.5
    fig, ax = plt.subplots(figsize=(max(9.0, 2.3 * ncols), max(5.0, 0.6 * tallest + 1.5)))
    styles = {"causes": dict(edge_color="#b2182b", width=2.2, connectionstyle="arc3,rad=0.25"),
              "solved by": dict(edge_color="#ef8a62", width=1.0, connectionstyle="arc3,rad=0.0"),
              "has component": dict(edge_color="#999999", width=0.8, style="dashed",
                                    connectionstyle="arc3,rad=0.3")}
    default = dict(edge_color="#aaaaaa", width=0.8, connectionstyle="arc3,rad=0.0")
    by_rel: dict[str, list] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        if direct_only and d.get("relation") == "solved by" and not d.get("direct"):
            continue
        by_rel[d.get("relation", "")].append((u, v))
    for rel, edges in by_rel.items():
        nx.draw_networkx_edges(G, pos, edgelist=edges, ax=ax, arrows=True, arrowsize=8, node_size=260,
                               **styles.get(rel, default))
    for kind, shape in KIND_SHAPES.items():
        nodes = [n for n, d in G.nodes(data=True) if d.get("kind") == kind]
        if not nodes:
            continue
        sizes = [min(900.0, 60 + 90 * (G.nodes[n].get("papers") or 0) ** 0.5) for n in nodes]
        nx.draw_networkx_nodes(G, pos, nodelist=nodes, ax=ax, node_shape=_MPL_MARKERS[shape],
                               node_color=[node_colour(G.nodes[n]) for n in nodes], node_size=sizes,
                               edgecolors="black", linewidths=0.5)
    labels = {n: _short(str(d.get("label", ""))) for n, d in G.nodes(data=True)}
    for n, (x, y) in pos.items():
        ax.annotate(labels[n], (x, y), textcoords="offset points", xytext=(0, -11), ha="center",
                    va="top", fontsize=7)
    _network_legend(ax, G)
    ax.set_axis_off()
    ax.margins(x=0.08, y=0.06)
    ax.set_title("Interface problems -> strategies -> layer materials -> methods, electrolytes", fontsize=10)
    return _save(fig, Path(path))


def _short(label: str, width: int = 28) -> str:
    return label if len(label) <= width else label[: width - 1] + "\u2026"


def _network_legend(ax, G: nx.DiGraph) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=_MPL_MARKERS[KIND_SHAPES[k]], linestyle="", markersize=7,
                      markerfacecolor=KIND_COLOURS[k], markeredgecolor="black", label=k)
               for k in KIND_SHAPES if any(d.get("kind") == k for _, d in G.nodes(data=True))]
    for cls, colour in STRATEGY_COLOURS.items():
        if any(d.get("kind") == "strategy" and d.get("cls") == cls for _, d in G.nodes(data=True)):
            handles.append(Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=colour,
                                  markeredgecolor="black", label=STRATEGY_TYPES.get(cls, cls)))
    handles += [Line2D([], [], color="#b2182b", lw=2.2, label="causes"),
                Line2D([], [], color="#ef8a62", lw=1.0, label="solved by (addresses)")]
    ax.legend(handles=handles, fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def rows_to_points(rows: Iterable[dict]) -> list[tuple[float, float]]:
    """(current density, hours) pairs of rows that have both: what the lifetime chart plots."""
    return [(r["current_density"], r["hours"]) for r in lifetime_rows(rows)
            if isinstance(r.get("current_density"), (int, float))
            and isinstance(r.get("hours"), (int, float))]
