"""Everything `nasicon-kg viz` writes, in one call: the HTML map, figures and exports.

Every file is named after the map, so that two maps in one folder never share a file: for
``out/map.html`` -> ``out/map.png``, ``out/map.svg`` (the network),
``out/map_lifetime_vs_current.png|svg``, ``out/map_thickness_vs_lifetime.png|svg``,
``out/map_layers_over_time.png|svg``, ``out/map.graphml``, ``out/map.gexf``,
``out/map_nodes.csv``, ``out/map_edges.csv``; ``viz --electrolyte LATP --out out/latp.html``
writes ``out/latp_lifetime_vs_current.png`` and so on. A filtered map's charts keep the whole
store's axes (the same scale for the same quantity) and their titles name the filter.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import NasiconKGError
from ..store import KGStore

MAP_TITLE = "NASICON interface problems and solutions"


def filter_words(*, query: str | None = None, electrolyte: str | None = None,
                 problem: str | None = None) -> str:
    """The filter in words, for titles ("" when there is none).

    >>> filter_words(electrolyte="LATP", problem="MCI formation")
    'electrolyte LATP, problem MCI formation'
    """
    words = []
    if electrolyte:
        words.append(f"electrolyte {electrolyte}")
    if problem:
        words.append(f"problem {problem}")
    if query:
        words.append("strategies of a query")
    return ", ".join(words)


def titled(title: str, words: str) -> str:
    return f"{title} ({words})" if words else title


def render_all(store: KGStore, out: str | Path, *, query: str | None = None, electrolyte: str | None = None,
               problem: str | None = None, charts: bool = True, exports: bool = True,
               formats: tuple[str, ...] = (".png", ".svg")) -> list[Path]:
    """Write the map of the store (narrowed by the filters, as :func:`.network.build_network`) to
    ``out``, with the charts in each of ``formats`` and the exports beside it; return the paths."""
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
    words = filter_words(query=query, electrolyte=electrolyte, problem=problem)
    written = [write_html_map(graph, out, title=titled(MAP_TITLE, words))]
    stem = out.with_suffix("")
    if charts:
        written += _charts(store, graph, stem, words, formats)
    if exports:
        written.append(ex.write_graphml(graph, stem.with_suffix(".graphml")))
        written.append(ex.write_gexf(graph, stem.with_suffix(".gexf")))
        written.extend(ex.write_csv(graph, Path(f"{stem}_nodes.csv"), Path(f"{stem}_edges.csv")))
    return [Path(p) for p in written]


def _charts(store: KGStore, graph, stem: Path, words: str, formats: tuple[str, ...]) -> list[Path]:
    from . import charts as ch

    all_rows = store.select(ch.query_text("viz_lifetime"))
    limits = ch.chart_limits(all_rows)    # the whole store's scale, filtered or not
    strategies = {n for n, d in graph.nodes(data=True) if d.get("kind") == "strategy"}
    rows = [r for r in all_rows if r.get("strategy") in strategies]
    written = []
    for suffix in formats:
        written.append(ch.network_figure(graph, stem.with_suffix(suffix)))
        for name, draw, title in (("lifetime_vs_current", ch.lifetime_vs_current, ch.LIFETIME_TITLE),
                                  ("thickness_vs_lifetime", ch.thickness_vs_lifetime, ch.THICKNESS_TITLE)):
            try:
                written.append(draw(rows, Path(f"{stem}_{name}{suffix}"), title=titled(title, words),
                                    limits=limits))
            except NasiconKGError:
                pass  # no cell test with the figures this chart needs: skip the chart, keep the rest
        try:
            written.append(ch.layers_over_time(graph, Path(f"{stem}_layers_over_time{suffix}"),
                                               title=titled(ch.LAYERS_TITLE, words), limits=limits))
        except NasiconKGError:
            pass  # no strategy with a year and a lifetime
    return written
