"""The problem -> strategy -> material -> method map as a networkx DiGraph.

Compute first: :func:`build_network` reads the store through its internal ``viz/queries/viz_*.rq`` files
and returns a plain ``networkx.DiGraph``; the HTML map, the charts and the exports only
draw or write that graph.

Nodes are keyed by IRI and carry ``kind`` (problem, strategy, material, method,
electrolyte), ``label``, ``cls`` and ``papers``. ``papers`` counts the distinct works that
report a node: for a strategy, the works it is attributed to and its evidence cites (a review's
strategy counts the original papers it cites for it), or its source paper when none; for any
other node, the union over the strategies it is linked to.

Edges carry ``relation``: problem -> strategy "solved by" (``direct`` False when the
strategy addresses a cause of the problem, found through ``nkg:causes*``), strategy ->
material "uses", material -> method "made by" (``strategies`` lists which strategy made it
so), strategy -> electrolyte "protects", material -> material "has component" and
problem -> problem "causes".
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import networkx as nx

from ..errors import QueryError

KINDS = ("problem", "strategy", "material", "method", "electrolyte")

NKG_NS = "https://w3id.org/nasicon-kg/ontology#"

#: Strategy classes (local names) -> the words shown for them.
STRATEGY_TYPES = {
    "InorganicProtectiveLayer": "inorganic protective layer",
    "PolymerProtectiveLayer": "polymer protective layer",
    "HybridLayer": "hybrid layer",
    "CompositeElectrolyteStrategy": "composite electrolyte",
    "SandwichInterlayer": "sandwich interlayer",
    "InterfaceStrategy": "interface strategy",
}

_GENERIC_CLASSES = {"Material", "NamedIndividual", "Thing", "FabricationMethod", "Problem"}


def query_dir() -> Path:
    """Where the map's own ``.rq`` files are: ``viz/queries/``, beside this module (internal
    queries, kept out of the user's ``queries/``)."""
    return Path(__file__).resolve().parent / "queries"


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    """The text of ``viz/queries/<name>.rq``."""
    path = query_dir() / f"{name}.rq"
    if not path.exists():
        raise QueryError(f"no query named {name!r} in {query_dir()}")
    return path.read_text(encoding="utf-8")


def local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# -- reading the store ---------------------------------------------------------------------

def _work_key(row: dict) -> str:
    """A key for the work an evidence row stands for: the cited work, else the source paper."""
    if row.get("work"):
        return str(row["work"])
    if row.get("firstAuthor") and row.get("year"):
        return f"{str(row['firstAuthor']).casefold()}|{row['year']}"
    if row.get("ref"):
        return str(row["ref"])
    return str(row.get("paper") or "")


def _source_text(row: dict) -> str:
    title = row.get("title") or ""
    doi = row.get("doi") or ""
    if title and doi:
        return f"{title} (doi:{doi})"
    return title or (f"doi:{doi}" if doi else str(row.get("paper") or ""))


def _ref_text(row: dict) -> str:
    if not row.get("ref"):
        return ""
    parts = [f"[{row['refNumber']}]" if row.get("refNumber") is not None else ""]
    if row.get("firstAuthor"):
        parts.append(str(row["firstAuthor"]))
    if row.get("year"):
        parts.append(str(row["year"]))
    return " ".join(p for p in parts if p) or str(row["ref"])


def _pick_class(classes: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """The most telling (class local name, class label) of a term: not Material or NamedIndividual."""
    best = ("", "")
    for iri, label in sorted(set(classes)):
        name = local_name(iri)
        if name in _GENERIC_CLASSES:
            best = best if best[0] else (name, label)
            continue
        return name, label or name
    return best


def _first(values: Iterable[str]) -> str:
    values = sorted({v for v in values if v})
    return values[0] if values else ""


class _Terms:
    """Labels, classes, families and components of the materials and methods, from viz_terms.rq."""

    def __init__(self, rows: list[dict]):
        self.pref: dict[str, set] = defaultdict(set)
        self.label: dict[str, set] = defaultdict(set)
        self.abbrev: dict[str, set] = defaultdict(set)
        self.classes: dict[str, set] = defaultdict(set)
        self.families: dict[str, set] = defaultdict(set)
        self.components: dict[str, set] = defaultdict(set)
        for r in rows:
            t = r["term"]
            for key, store in (("prefLabel", self.pref), ("label", self.label),
                               ("abbreviation", self.abbrev)):
                if r.get(key):
                    store[t].add(str(r[key]))
            if r.get("cls"):
                self.classes[t].add((r["cls"], str(r.get("clsLabel") or "")))
            if r.get("family"):
                self.families[t].add(str(r.get("familyLabel") or local_name(r["family"])))
            if r.get("component"):
                self.components[t].add(r["component"])

    def name(self, iri: str) -> str:
        return _first(self.pref[iri]) or _first(self.label[iri]) or local_name(iri)

    def family(self, iri: str) -> str:
        """The family an electrolyte belongs to ("LATP" for Li1.3Al0.3Ti1.7(PO4)3), else its name."""
        return _first(self.families[iri]) or self.name(iri)

    def cls(self, iri: str) -> tuple[str, str]:
        return _pick_class(self.classes[iri])

    def names(self, iri: str) -> set[str]:
        """Every name a user may filter by: labels, abbreviations, class and family labels."""
        names = self.pref[iri] | self.label[iri] | self.abbrev[iri] | self.families[iri]
        names |= {lab for _, lab in self.classes[iri] if lab} | {local_name(iri)}
        return {n.casefold() for n in names}


def _strategy_rows(store) -> dict[str, dict]:
    strategies: dict[str, dict] = {}
    for r in store.select(query_text("viz_network")):
        s = strategies.setdefault(r["strategy"], {
            "types": set(), "labels": set(), "electrolytes": set(), "layers": set(), "methods": set(),
            "thickness": set(), "papers": set(), "reported_by": set()})
        s["types"].add(local_name(r["type"]))
        for key, var in (("labels", "label"), ("electrolytes", "electrolyte"), ("layers", "layer"),
                         ("methods", "method"), ("thickness", "thickness"), ("papers", "paper"),
                         ("reported_by", "reportedBy")):
            if r.get(var) is not None:
                s[key].add(r[var])
    return strategies


def _strategy_type(types: set[str]) -> str:
    specific = sorted(t for t in types if t in STRATEGY_TYPES and t != "InterfaceStrategy")
    return specific[0] if specific else "InterfaceStrategy"


def _best_test(tests: list[dict]) -> dict:
    """The symmetric-cell test with the longest lifetime (ties: higher current density)."""
    timed = [t for t in tests if isinstance(t.get("hours"), (int, float))]
    if not timed:
        return {}
    return max(timed, key=lambda t: (t["hours"], t.get("currentDensity") or 0.0))


def other_reports(tests: list[dict], best: dict) -> list[str]:
    """The other figures for ``best``'s cell that contradict it: tests of the same strategy at the
    same current density (or one not stated) whose lifetime differs by more than 1 %, as
    "100 h (table)", longest first.

    >>> other_reports([{"hours": 600.0, "origin": "text"}, {"hours": 100.0, "origin": "table"}],
    ...               {"hours": 600.0})
    ['100 h (table)']
    """
    if not best:
        return []
    cd = best.get("currentDensity")
    seen: dict[str, float] = {}
    for t in tests:
        h = t.get("hours")
        if not isinstance(h, (int, float)) or abs(h - best["hours"]) <= 0.01 * best["hours"]:
            continue
        if cd is not None and t.get("currentDensity") is not None and t["currentDensity"] != cd:
            continue
        origin = f" ({t['origin']})" if t.get("origin") else ""
        seen.setdefault(f"{h:g} h{origin}", h)
    return sorted(seen, key=lambda k: -seen[k])


def _condition_table(store) -> dict[str, list[str]]:
    """Each strategy's activation conditions, as "heating (170 °C)"."""
    conditions: dict[str, set[str]] = defaultdict(set)
    for r in store.select(query_text("viz_conditions")):
        t = r.get("temperature")
        conditions[r["strategy"]].add(f"{r['condition']} ({t:g} °C)" if isinstance(t, (int, float))
                                      else str(r["condition"]))
    return {s: sorted(c) for s, c in conditions.items()}


# -- building the graph --------------------------------------------------------------------

def build_network(store, *, electrolyte: str | None = None, problem: str | None = None,
                  query: str | None = None) -> nx.DiGraph:
    """The problem-to-solution map of the store, optionally narrowed.

    ``electrolyte`` keeps strategies protecting an electrolyte of that name (label,
    abbreviation, class or family: "LATP" matches LATP and Li1.3Al0.3Ti1.7(PO4)3);
    ``problem`` keeps that problem, the problems it leads to, and the strategies that
    address any of them or a cause of the problem; ``query`` is a SPARQL SELECT whose
    ``?strategy`` column (or, without one, any IRI it returns) names the strategies to keep.
    Filters combine (all must hold). The map then holds the kept strategies and their
    neighbours.
    """
    strategies = _strategy_rows(store)
    terms = _Terms(store.select(query_text("viz_terms")))
    solves: dict[str, dict[str, bool]] = defaultdict(dict)
    for r in store.select(query_text("viz_solves")):
        direct = r["problem"] == r["addressed"]
        solves[r["strategy"]][r["problem"]] = solves[r["strategy"]].get(r["problem"], False) or direct
    tests: dict[str, list[dict]] = defaultdict(list)
    for r in store.select(query_text("viz_tests")):
        tests[r["strategy"]].append(r)
    evidence: dict[str, dict[str, dict]] = defaultdict(dict)
    works: dict[str, set[str]] = defaultdict(set)
    years: dict[str, set[int]] = defaultdict(set)   # of the works cited for a strategy
    for r in store.select(query_text("viz_evidence")) + store.select(query_text("viz_attribution")):
        if isinstance(r.get("year"), int):
            years[r["strategy"]].add(r["year"])
    for r in store.select(query_text("viz_evidence")):
        ev = evidence[r["strategy"]].setdefault(r["evidence"], {
            "text": str(r.get("text") or ""), "section": str(r.get("section") or ""),
            "source": _source_text(r), "refs": []})
        if (ref := _ref_text(r)) and ref not in ev["refs"]:
            ev["refs"].append(ref)
        if r.get("ref"):
            works[r["strategy"]].add(_work_key(r))
    for r in store.select(query_text("viz_attribution")):  # the works a strategy is attributed to
        works[r["strategy"]].add(_work_key(r))
    problems = _problem_table(store)
    conditions = _condition_table(store)

    keep = set(strategies)
    if electrolyte is not None:
        wanted = electrolyte.strip().casefold()
        keep &= {s for s, row in strategies.items()
                 if any(wanted in terms.names(e) for e in row["electrolytes"])}
    kept_problems: set[str] = set()
    if problem is not None:
        roots = _match_problems(problems, problem)
        if not roots:
            raise QueryError(f"no problem named {problem!r}")
        causal = _causal_graph(problems)
        related: set[str] = set()   # a strategy addressing a cause of the problem solves it too
        for root in roots:
            kept_problems |= {root} | nx.descendants(causal, root)
            related |= nx.ancestors(causal, root)
        related |= kept_problems
        keep &= {s for s in strategies
                 if related & {p for p, direct in solves.get(s, {}).items() if direct}}
    if query is not None:
        keep &= _query_strategies(store, query, strategies, terms, problems)

    G = nx.DiGraph()
    for s in sorted(keep):
        row = strategies[s]
        support = works[s] or {str(p) for p in row["papers"]}
        _add_strategy(G, s, row, terms, tests.get(s, []), evidence.get(s, {}), support)
        G.nodes[s].update(conditions=conditions.get(s, []), year=min(years[s], default=None),
                          families=sorted({terms.family(e) for e in row["electrolytes"]}),
                          problems=sorted(problems[p]["label"] for p, direct in solves.get(s, {}).items()
                                          if direct and p in problems))
    filtered = electrolyte is not None or problem is not None or query is not None
    for p, info in problems.items():
        if not filtered or p in kept_problems:
            G.add_node(p, kind="problem", label=info["label"], cls="Problem", iri=p, papers=0)
    for s in sorted(keep):
        for p, direct in sorted(solves.get(s, {}).items()):
            if p not in problems:
                continue
            if p not in G:
                G.add_node(p, kind="problem", label=problems[p]["label"], cls="Problem", iri=p, papers=0)
            G.add_edge(p, s, relation="solved by", direct=direct)
    for p, info in problems.items():
        for q in info["causes"]:
            if p in G and q in G:
                G.add_edge(p, q, relation="causes", direct=True)
    _count_papers(G)
    return G


def _add_strategy(G: nx.DiGraph, s: str, row: dict, terms: _Terms, tests: list[dict],
                  evidence: dict[str, dict], support: set[str]) -> None:
    stype = _strategy_type(row["types"])
    best = _best_test(tests)
    thickness = sorted(row["thickness"])
    G.add_node(s, kind="strategy", iri=s, cls=stype, strategy_type=STRATEGY_TYPES[stype],
               label=_first(row["labels"]) or local_name(s),
               hours=best.get("hours"), current_density=best.get("currentDensity"),
               temperature=best.get("temperature"), other_reports=other_reports(tests, best),
               methods=sorted(terms.name(m) for m in row["methods"]),
               thickness_nm=thickness[0] if thickness else None,
               tests=len(tests), reported_by=", ".join(sorted(row["reported_by"])),
               source=_first(e["source"] for e in evidence.values()) or _first(map(str, row["papers"])),
               evidence=[{"text": e["text"], "section": e["section"], "source": e["source"],
                          "ref": "; ".join(e["refs"])} for _, e in sorted(evidence.items())],
               support=sorted(support))
    for e in sorted(row["electrolytes"]):
        _add_term(G, e, "electrolyte", terms)
        G.add_edge(s, e, relation="protects", direct=True)
    for m in sorted(row["layers"]):
        _add_term(G, m, "material", terms)
        G.add_edge(s, m, relation="uses", direct=True)
        for c in sorted(terms.components[m]):
            _add_term(G, c, "material", terms)
            G.add_edge(m, c, relation="has component", direct=True)
        for method in sorted(row["methods"]):
            _add_term(G, method, "method", terms)
            if G.has_edge(m, method):
                G.edges[m, method]["strategies"].append(s)
            else:
                G.add_edge(m, method, relation="made by", direct=True, strategies=[s])


def _add_term(G: nx.DiGraph, iri: str, kind: str, terms: _Terms) -> None:
    if iri in G:
        if kind == "electrolyte" and G.nodes[iri]["kind"] == "material":
            G.nodes[iri]["kind"] = "electrolyte"   # a protected electrolyte is shown as one
        return
    cls, cls_label = terms.cls(iri)
    if kind == "method":
        cls, cls_label = "FabricationMethod", "fabrication method"
    G.add_node(iri, kind=kind, iri=iri, label=terms.name(iri), cls=cls or "Material",
               cls_label=cls_label or cls or "material", papers=0)


def _count_papers(G: nx.DiGraph) -> None:
    """``strategies`` and ``papers`` on every node: the strategies it is linked to, and the
    distinct works reporting them."""
    linked: dict[str, set[str]] = defaultdict(set)
    for s, data in G.nodes(data=True):
        if data["kind"] != "strategy":
            continue
        linked[s].add(s)
        for n in nx.all_neighbors(G, s):
            linked[n].add(s)
        for m in G.successors(s):
            if G.nodes[m]["kind"] != "material":
                continue
            for n in G.successors(m):   # its method (when made so for this strategy) and components
                e = G.edges[m, n]
                if e["relation"] == "has component" or s in e.get("strategies", ()):
                    linked[n].add(s)
    for n, data in G.nodes(data=True):
        data["strategies"] = len(linked[n])
        data["papers"] = len({w for s in linked[n] for w in G.nodes[s]["support"]})


def _problem_table(store) -> dict[str, dict]:
    problems: dict[str, dict] = {}
    for r in store.select(query_text("viz_problems")):
        p = problems.setdefault(r["problem"], {"labels": set(), "names": set(), "causes": set()})
        if r.get("label"):
            p["labels"].add(str(r["label"]))
        if r.get("altLabel"):
            p["names"].add(str(r["altLabel"]))
        if r.get("causes"):
            p["causes"].add(r["causes"])
    for iri, p in problems.items():
        p["label"] = _first(p["labels"]) or local_name(iri)
        p["names"] = {n.casefold() for n in p["names"] | p["labels"] | {local_name(iri)}}
    return problems


def _causal_graph(problems: dict[str, dict]) -> nx.DiGraph:
    C = nx.DiGraph()
    C.add_nodes_from(problems)
    C.add_edges_from((p, q) for p, info in problems.items() for q in info["causes"])
    return C


def _match_problems(problems: dict[str, dict], name: str) -> set[str]:
    wanted = name.strip().casefold()
    return {iri for iri, p in problems.items() if wanted in p["names"] or wanted == iri.casefold()}


def _query_strategies(store, sparql: str, strategies: dict[str, dict], terms: _Terms,
                      problems: dict[str, dict]) -> set[str]:
    rows = store.select(sparql)
    if rows and any("strategy" in r for r in rows):
        iris = {r["strategy"] for r in rows if isinstance(r.get("strategy"), str)}
    else:
        iris = {v for r in rows for v in r.values()
                if isinstance(v, str) and v.startswith(("http://", "https://"))}
    named = iris & set(strategies)
    if named or not iris:
        return named
    # the query named materials, methods, electrolytes or problems: keep the strategies touching them
    solves = defaultdict(set)
    for r in store.select(query_text("viz_solves")):
        solves[r["strategy"]].add(r["problem"])
    return {s for s, row in strategies.items()
            if iris & (row["electrolytes"] | row["layers"] | row["methods"] | solves[s]
                       | {c for m in row["layers"] for c in terms.components[m]})}
