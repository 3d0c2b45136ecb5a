"""Write the map for other tools: GraphML, GEXF (Gephi) and two CSV files (nodes, edges).

GraphML and GEXF take only strings, numbers and booleans as attribute values, so lists
and dicts (a strategy's evidence, a method edge's strategies) are flattened first:
lists of scalars join with "; ", anything else becomes JSON; missing values are left out.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx

from ..errors import NasiconKGError


def flat_value(value):
    """A GraphML/GEXF/CSV-friendly value: str, int, float or bool (None stays None)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple, set)) and all(isinstance(v, (str, int, float)) for v in value):
        return "; ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flat_graph(G: nx.DiGraph) -> nx.DiGraph:
    """A copy of ``G`` whose attribute values are all scalars (None dropped)."""
    H = nx.DiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: flat_value(v) for k, v in d.items() if v is not None})
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **{k: flat_value(x) for k, x in d.items() if x is not None})
    return H


def _prepare(path: str | Path) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NasiconKGError(f"cannot write {path}: {exc}") from None
    return path


def write_graphml(G: nx.DiGraph, path: str | Path) -> Path:
    """Write ``G`` as GraphML; return the path."""
    path = _prepare(path)
    try:
        nx.write_graphml(flat_graph(G), path)
    except OSError as exc:
        raise NasiconKGError(f"cannot write {path}: {exc}") from None
    return path


def write_gexf(G: nx.DiGraph, path: str | Path) -> Path:
    """Write ``G`` as GEXF (Gephi); return the path."""
    path = _prepare(path)
    H = flat_graph(G)
    for _, d in H.nodes(data=True):   # GEXF keeps "label" as the node label, not an attribute
        d.setdefault("label", "")
    try:
        nx.write_gexf(H, path)
    except OSError as exc:
        raise NasiconKGError(f"cannot write {path}: {exc}") from None
    return path


def write_csv(G: nx.DiGraph, nodes_path: str | Path, edges_path: str | Path) -> tuple[Path, Path]:
    """Write one row per node (id + attributes) and one per edge (source, target + attributes)."""
    H = flat_graph(G)
    node_keys = sorted({k for _, d in H.nodes(data=True) for k in d})
    edge_keys = sorted({k for *_, d in H.edges(data=True) for k in d})
    nodes_path, edges_path = _prepare(nodes_path), _prepare(edges_path)
    try:
        with nodes_path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["id", *node_keys])
            for n, d in H.nodes(data=True):
                w.writerow([n, *("" if d.get(k) is None else d[k] for k in node_keys)])
        with edges_path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["source", "target", *edge_keys])
            for u, v, d in H.edges(data=True):
                w.writerow([u, v, *("" if d.get(k) is None else d[k] for k in edge_keys)])
    except OSError as exc:
        raise NasiconKGError(f"cannot write CSV: {exc}") from None
    return nodes_path, edges_path
