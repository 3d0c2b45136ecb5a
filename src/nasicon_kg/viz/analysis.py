"""Numbers about the map: what is studied most, what is solved least, what holds it together.

:func:`graph_stats` returns plain rows (tuples) per table; :data:`STATS_COLUMNS` names
their columns, so the CLI can print each as a table.
"""
from __future__ import annotations

import networkx as nx

#: Column names of each table :func:`graph_stats` returns.
STATS_COLUMNS: dict[str, tuple[str, ...]] = {
    "materials": ("material", "class", "strategies", "papers"),
    "methods": ("method", "strategies", "papers"),
    "electrolytes": ("electrolyte", "strategies", "papers"),
    "problems_few_solutions": ("problem", "addressed directly", "solved (incl. via causes)", "papers"),
    "components": ("component", "nodes", "strategies", "problems", "examples"),
    "degree_centrality": ("node", "kind", "degree centrality"),
    "betweenness_centrality": ("node", "kind", "betweenness centrality"),
}


def _label(G: nx.DiGraph, n: str) -> str:
    return str(G.nodes[n].get("label", n))


def _ranked(G: nx.DiGraph, kind: str) -> list[tuple]:
    rows = [(d.get("label", n), d.get("strategies", 0), d.get("papers", 0), d.get("cls", ""))
            for n, d in G.nodes(data=True) if d.get("kind") == kind]
    return sorted(rows, key=lambda r: (-r[1], -r[2], str(r[0]).casefold()))


def graph_stats(G: nx.DiGraph, *, top: int = 10) -> dict[str, list[tuple]]:
    """Tables about ``G`` (see :data:`STATS_COLUMNS` for their columns).

    >>> G = nx.DiGraph()
    >>> G.add_node("p", kind="problem", label="dendrite growth")
    >>> G.add_node("s", kind="strategy", label="PEO on LATP", papers=1, strategies=1)
    >>> G.add_edge("p", "s", relation="solved by", direct=True)
    >>> graph_stats(G)["problems_few_solutions"]
    [('dendrite growth', 1, 1, 0)]
    """
    stats: dict[str, list[tuple]] = {}
    stats["materials"] = [(lab, cls, s, p) for lab, s, p, cls in _ranked(G, "material")][:top]
    stats["methods"] = [(lab, s, p) for lab, s, p, _ in _ranked(G, "method")][:top]
    stats["electrolytes"] = [(lab, s, p) for lab, s, p, _ in _ranked(G, "electrolyte")][:top]
    problems = []
    for n, d in G.nodes(data=True):
        if d.get("kind") != "problem":
            continue
        solved = [(v, e) for _, v, e in G.out_edges(n, data=True) if e.get("relation") == "solved by"]
        problems.append((_label(G, n), sum(1 for _, e in solved if e.get("direct")), len(solved),
                         d.get("papers", 0)))
    stats["problems_few_solutions"] = sorted(problems, key=lambda r: (r[2], r[1], r[0].casefold()))[:top]
    comps = sorted(nx.weakly_connected_components(G), key=lambda c: (-len(c), min(c))) if len(G) else []
    stats["components"] = [
        (i + 1, len(c), sum(1 for n in c if G.nodes[n].get("kind") == "strategy"),
         sum(1 for n in c if G.nodes[n].get("kind") == "problem"),
         ", ".join(sorted(_label(G, n) for n in c)[:4]) + (", ..." if len(c) > 4 else ""))
        for i, c in enumerate(comps)]
    U = G.to_undirected(as_view=True)
    for name, values in (("degree_centrality", nx.degree_centrality(U) if len(G) > 1 else {}),
                         ("betweenness_centrality", nx.betweenness_centrality(U) if len(G) > 2 else {})):
        ranked = sorted(values.items(), key=lambda kv: (-kv[1], _label(G, kv[0]).casefold()))[:top]
        stats[name] = [(_label(G, n), G.nodes[n].get("kind", ""), round(v, 4)) for n, v in ranked]
    return stats
