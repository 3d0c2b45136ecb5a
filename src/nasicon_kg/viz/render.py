"""Everything `nasicon-kg viz` writes, in one call: the HTML map, figures and exports.

Files go beside the map: for ``out/map.html`` -> ``out/map.png``, ``out/map.svg`` (the
network), ``out/lifetime_vs_current.png|svg``, ``out/thickness_vs_lifetime.png|svg``,
``out/map.graphml``, ``out/map.gexf``, ``out/map_nodes.csv``, ``out/map_edges.csv``.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import NasiconKGError
from ..store import KGStore


def render_all(store: KGStore, out: str | Path, *, query: str | None = None, electrolyte: str | None = None,
               problem: str | None = None, charts: bool = True, exports: bool = True) -> list[Path]:
    from . import charts as ch
    from . import export as ex
    from .html_map import write_html_map
    from .network import build_network

    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise NasiconKGError(f"--out must name an .html file, got {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    graph = build_network(store, electrolyte=electrolyte, problem=problem, query=query)
    if not any(d.get("kind") == "strategy" for _, d in graph.nodes(data=True)):
        raise NasiconKGError("nothing to draw: the store (or the filter) has no strategies")
    written = [write_html_map(graph, out)]
    stem = out.with_suffix("")
    if charts:
        strategies = {n for n, d in graph.nodes(data=True) if d.get("kind") == "strategy"}
        rows = [r for r in store.select(ch.query_text("viz_lifetime")) if r.get("strategy") in strategies] \
            if (query or electrolyte or problem) else store
        for suffix in (".png", ".svg"):
            written.append(ch.network_figure(graph, stem.with_suffix(suffix)))
            for name, draw in (("lifetime_vs_current", ch.lifetime_vs_current),
                               ("thickness_vs_lifetime", ch.thickness_vs_lifetime)):
                try:
                    written.append(draw(rows, out.parent / f"{name}{suffix}"))
                except NasiconKGError:
                    pass  # no cell test with the figures this chart needs: skip the chart, keep the rest
    if exports:
        written.append(ex.write_graphml(graph, stem.with_suffix(".graphml")))
        written.append(ex.write_gexf(graph, stem.with_suffix(".gexf")))
        written.extend(ex.write_csv(graph, Path(f"{stem}_nodes.csv"), Path(f"{stem}_edges.csv")))
    return [Path(p) for p in written]
