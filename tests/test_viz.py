"""The viz package on a hand-written miniature store (tests/fixtures/viz/mini.trig + the ontology)."""
from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from nasicon_kg.errors import NasiconKGError, QueryError
from nasicon_kg.ontology import ONTOLOGY_GRAPH, ontology_path
from nasicon_kg.store import KGStore
from nasicon_kg.viz import analysis, charts, export
from nasicon_kg.viz.html_map import node_levels, write_html_map
from nasicon_kg.viz.network import build_network, query_dir

FIXTURE = Path(__file__).parent / "fixtures" / "viz" / "mini.trig"
RES = "https://w3id.org/nasicon-kg/resource/"
NKG = "https://w3id.org/nasicon-kg/ontology#"


def load_mini() -> KGStore:
    store = KGStore(None)
    store._store.load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE,
                      to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    store._store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def store():
    return load_mini()


@pytest.fixture(scope="module")
def G(store):
    return build_network(store)


def kinds(G) -> Counter:
    return Counter(d["kind"] for _, d in G.nodes(data=True))


def labels(G, kind: str) -> list[str]:
    return sorted(d["label"] for _, d in G.nodes(data=True) if d["kind"] == kind)


# -- network ------------------------------------------------------------------------------

def ontology_problems() -> int:
    from nasicon_kg.lexicon import load_lexicon

    return len(load_lexicon().of("problem"))


def ontology_causes() -> int:
    from nasicon_kg.ontology import NKG, load_ontology_graph

    return len(set(load_ontology_graph().triples((None, NKG.causes, None))))


def test_node_kinds_and_counts(G):
    # every problem of the ontology; 8 strategies; ZnO, Al2O3, PEO, Ge, Li3PO4, LiF, PVDF-HFP/LATP and
    # its component PVDF-HFP; 4 methods; LATP and LAGP protected
    assert kinds(G) == {"problem": ontology_problems(), "strategy": 8, "material": 8, "method": 4,
                        "electrolyte": 2}
    assert labels(G, "electrolyte") == ["LAGP", "LATP"]
    assert labels(G, "method") == ["atomic layer deposition", "magnetron sputtering",
                                   "pulsed laser deposition", "solution casting"]


def test_edges_by_relation(G):
    rel = Counter(d["relation"] for *_, d in G.edges(data=True))
    assert rel["protects"] == 8 and rel["uses"] == 8
    assert rel["has component"] == 2
    # ZnO/ALD, Al2O3/ALD, PEO/casting, Ge/sputtering, composite/casting, Li3PO4/PLD, ZnO/sputtering
    assert rel["made by"] == 7
    # every causal link of the ontology (Reduction->MCI, MCI->HighIR, PoorContact->Dendrite, ...)
    assert rel["causes"] == ontology_causes() >= 8
    for u, v, d in G.edges(data=True):
        assert G.nodes[u]["kind"], G.nodes[v]["kind"]
        if d["relation"] == "solved by":
            assert G.nodes[u]["kind"] == "problem" and G.nodes[v]["kind"] == "strategy"


def test_solved_by_follows_the_causal_chain(G):
    zno = RES + "strategy/a1"
    assert G.edges[NKG + "ReductionByLithium", zno]["direct"] is True
    # ZnO addresses reduction by Li, which causes MCI formation, which causes high interfacial resistance
    assert G.edges[NKG + "MCIFormation", zno]["direct"] is False
    assert G.edges[NKG + "HighInterfacialResistance", zno]["direct"] is False
    assert not G.has_edge(NKG + "DendriteGrowth", zno)
    assert G.out_degree(NKG + "PolysulfideShuttle") == 0


def test_strategy_attributes(G):
    a1 = G.nodes[RES + "strategy/a1"]
    assert a1["label"] == "ZnO on LATP" and a1["cls"] == "InorganicProtectiveLayer"
    assert a1["strategy_type"] == "inorganic protective layer"
    assert (a1["hours"], a1["current_density"], a1["thickness_nm"]) == (1000.0, 0.1, 20.0)
    [ev] = a1["evidence"]
    assert ev["text"].startswith("Hao et al. deposited a 20 nm ZnO layer") and ev["ref"] == "[12] Hao 2018"
    assert ev["section"] == "Inorganic protective layers"
    assert ev["source"] == "Interfaces of NASICON electrolytes with lithium metal (doi:10.1000/review-a)"
    assert a1["reported_by"] == "Hao et al."
    # two tests: the longest-lived one is shown
    c2 = G.nodes[RES + "strategy/c2"]
    assert (c2["hours"], c2["current_density"], c2["tests"]) == (400.0, 0.2, 2)
    assert G.nodes[RES + "strategy/c3"]["hours"] is None


def test_papers_counts_distinct_works(G):
    node = {d["label"]: d for n, d in G.nodes(data=True) if d["kind"] != "strategy"}
    # ZnO: ref 12 of the review (Hao 2018) and study C
    assert node["ZnO"]["papers"] == 2 and node["ZnO"]["strategies"] == 2
    # LATP: Hao 2018, Liu 2019, the review itself (PEO, no citation), study B, study C
    assert node["LATP"]["papers"] == 5 and node["LATP"]["strategies"] == 7
    assert node["atomic layer deposition"]["papers"] == 2
    assert node["polysulfide shuttle"]["papers"] == 0


def test_material_classes(G):
    cls = {d["label"]: d["cls"] for _, d in G.nodes(data=True) if d["kind"] == "material"}
    assert cls["ZnO"] == "Oxide" and cls["PEO"] == "Polymer" and cls["Ge"] == "Metal"
    assert cls["PVDF-HFP/LATP"] == "HybridMaterial"
    assert G.nodes[RES + "material/LATP"]["cls"] == "LATP"


def test_filter_by_electrolyte(store):
    H = build_network(store, electrolyte="LAGP")
    assert labels(H, "strategy") == ["Ge on LAGP"]
    assert labels(H, "electrolyte") == ["LAGP"]
    assert labels(H, "material") == ["Ge"] and labels(H, "method") == ["magnetron sputtering"]
    # the problems Ge solves: reduction by Li and everything it leads to
    assert labels(H, "problem") == ["MCI formation", "high interfacial resistance",
                                    "loss of ionic conductivity", "reduction by Li metal", "volume expansion"]
    assert len(labels(build_network(store, electrolyte="latp"), "strategy")) == 7
    assert build_network(store, electrolyte="LLZO").number_of_nodes() == 0


def test_filter_by_problem_follows_causes(store):
    H = build_network(store, problem="dendrite growth")
    # PEO and ZnO (study C) address dendrites; the composite addresses poor contact, which causes dendrites
    assert labels(H, "strategy") == ["PEO on LATP", "PVDF-HFP/LATP on LATP", "ZnO on LATP"]
    assert {"dendrite growth", "short circuit"} <= set(labels(H, "problem"))
    assert "polysulfide shuttle" not in labels(H, "problem")
    # by an alternative label; consequences included: LiF addresses high interfacial resistance
    H = build_network(store, problem="MCI")
    assert "LiF on LATP" in labels(H, "strategy") and "Li3PO4 on LATP" in labels(H, "strategy")
    assert "PEO on LATP" not in labels(H, "strategy")
    assert H.has_edge(NKG + "MCIFormation", NKG + "HighInterfacialResistance")


def test_filter_by_unknown_problem_is_an_error(store):
    with pytest.raises(QueryError, match="no problem named"):
        build_network(store, problem="corrosion of the moon")


def test_filter_by_query(store):
    q = "SELECT ?strategy WHERE { ?strategy nkg:layerMaterial ?m . ?m a nkg:Oxide }"
    H = build_network(store, query=q)
    strategies = {n for n, d in H.nodes(data=True) if d["kind"] == "strategy"}
    assert strategies == {RES + "strategy/a1", RES + "strategy/a2", RES + "strategy/c2"}
    assert labels(H, "material") == ["Al2O3", "ZnO"]
    assert "PEO" not in labels(H, "material") and "LAGP" not in labels(H, "electrolyte")
    # only those strategies, their neighbours, and how their layers are made
    near = strategies | {m for s in strategies for m in nx.all_neighbors(H, s)}
    assert set(H) == near | {NKG + "ALD", NKG + "MagnetronSputtering"}
    # a query returning no ?strategy column: strategies touching the IRIs it names
    H = build_network(store, query="SELECT ?m WHERE { VALUES ?m { res:material\\/Ge } }")
    assert labels(H, "strategy") == ["Ge on LAGP"]
    combined = build_network(store, query=q, electrolyte="LAGP")
    assert combined.number_of_nodes() == 0


def test_bad_query_raises_query_error(store):
    with pytest.raises(QueryError):
        build_network(store, query="SELECT WHERE {")


def test_every_viz_query_has_a_comment_and_runs(store):
    for path in sorted(query_dir().glob("viz_*.rq")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), path.name
        assert store.select(text), f"{path.name} found nothing in the mini store"


# -- HTML ---------------------------------------------------------------------------------

def test_html_map_is_self_contained(G, tmp_path):
    path = write_html_map(G, tmp_path / "map.html", title="Mini <map>")
    page = path.read_text(encoding="utf-8")
    assert "<title>Mini &lt;map&gt;</title>" in page
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", page, flags=re.I)
    assert tags and not any(re.search(r"(?:src|href)\s*=", t, flags=re.I) for t in tags)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, flags=re.I)
    assert "@import" not in page
    data = re.search(r'<script type="application/json" id="nkg-data">(.*?)</script>', page,
                     flags=re.S).group(1)
    import json

    parsed = json.loads(data)
    drawn = {n for n, d in G.nodes(data=True) if d["kind"] != "electrolyte"}   # electrolytes: a filter
    assert len(parsed["nodes"]) == len(drawn)
    assert len(parsed["edges"]) == sum(u in drawn and v in drawn for u, v in G.edges)
    # evidence text with '</script>' in it is escaped, not cut
    assert any("</script>" in ev["text"] for d in parsed["details"].values() for ev in d["evidence"])
    assert "cycled for 1000 h at 0.1 mA cm-2 [12]" in data
    assert any(e["relation"] == "causes" and e["width"] == 3 for e in parsed["edges"])
    hover = {n["label"]: n["title"] for n in parsed["nodes"]}
    assert "1000 h at 0.1 mA cm-2, 25 °C" in hover["ZnO on LATP · 1000 h"]
    assert "400 h at 0.2 mA cm-2" in hover["ZnO on LATP · 400 h"]
    # the Al2O3 cell: the review's table gives another figure, and it needed liquid electrolyte
    al2o3 = hover["Al2O3 on LATP · 600 h \u26a0 \u2020"]
    assert "other sources of this work: 150 h (table)" in al2o3
    assert "needed: added liquid electrolyte" in al2o3 and "made by: atomic layer deposition" in al2o3
    assert 'network.on("click"' in page and "Legend" in page
    assert re.search(r'<section id="fig8" hidden>\s*<svg', page)   # Fig. 8, inline
    assert {"search", "family", "kind", "method", "min-hours", "cd-min", "cd-max"} <= set(
        re.findall(r'<(?:input|select)[^>]*id="([\w-]+)"', page))
    assert parsed["choices"] == {
        "families": ["LAGP", "LATP"], "kinds": ["composite electrolyte", "inorganic protective layer",
                                                "polymer protective layer"],
        "methods": ["atomic layer deposition", "magnetron sputtering", "pulsed laser deposition",
                    "solution casting"]}


def test_strategy_conditions_and_contradicting_reports(G):
    a2 = G.nodes[RES + "strategy/a2"]
    assert (a2["hours"], a2["other_reports"]) == (600.0, ["150 h (table)"])
    assert a2["conditions"] == ["added liquid electrolyte"]
    assert a2["families"] == ["LATP"] and a2["year"] == 2019 and a2["methods"] == ["atomic layer deposition"]
    assert a2["problems"] == ["reduction by Li metal"]
    # two tests of ZnO (study C) at different current densities do not contradict each other
    assert G.nodes[RES + "strategy/c2"]["other_reports"] == []


def test_no_two_map_labels_overlap(G):
    from nasicon_kg.viz.html_map import map_label
    from nasicon_kg.viz.layout import box_size, layout_boxes, overlapping_boxes, text_width

    boxes = layout_boxes(G, map_label)
    assert set(boxes) == {n for n, d in G.nodes(data=True) if d["kind"] != "electrolyte"}
    assert overlapping_boxes(boxes) == []
    pairs = [(a, b) for a in boxes.values() for b in boxes.values() if a is not b and a.overlaps(b)]
    assert pairs == []   # the same, the slow way
    for n, box in boxes.items():   # every box holds its whole label
        assert box.width > text_width(map_label(G.nodes[n])) and (box.width, box.height) == \
            box_size(map_label(G.nodes[n]))
    # columns read left to right: problems, strategies, materials, methods
    right = {k: max(b.right for n, b in boxes.items() if G.nodes[n]["kind"] == k)
             for k in ("problem", "strategy", "material", "method")}
    left = {k: min(b.left for n, b in boxes.items() if G.nodes[n]["kind"] == k) for k in right}
    assert right["problem"] < left["strategy"] and right["strategy"] < left["material"] \
        < right["material"] < left["method"]


def test_overlap_check_finds_overlaps():
    from nasicon_kg.viz.layout import Box, overlapping_boxes

    boxes = {"a": Box(0, 0, 100, 20), "b": Box(40, 5, 40, 10), "c": Box(300, 0, 10, 10),
             "d": Box(0, 21, 100, 20)}
    assert overlapping_boxes(boxes) == [("a", "b")]


def test_levels_put_problems_first_by_causal_depth(G):
    lv = node_levels(G)
    assert lv[NKG + "ReductionByLithium"] == 0 and lv[NKG + "MCIFormation"] == 1
    assert lv[NKG + "HighInterfacialResistance"] == 2
    assert lv[RES + "strategy/a1"] < lv[RES + "material/ZnO"] < lv[NKG + "ALD"] < lv[RES + "material/LAGP"]


# -- charts -------------------------------------------------------------------------------

def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def assert_svg(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg") and len(list(root.iter())) > 50


def test_lifetime_charts(store, tmp_path):
    assert_png(charts.lifetime_vs_current(store, tmp_path / "life.png"))
    assert_svg(charts.lifetime_vs_current(store, tmp_path / "life.svg"))
    assert_png(charts.thickness_vs_lifetime(store, tmp_path / "thick.png"))
    assert_svg(charts.thickness_vs_lifetime(store, tmp_path / "thick.svg"))


def test_lifetime_rows_one_per_test(store):
    rows = charts.lifetime_rows(store)
    assert len(rows) == 9   # 5 strategies with one test, Al2O3 and ZnO (study C) with two; LiF none
    assert sorted(charts.rows_to_points(store.select(charts.query_text("viz_lifetime"))))[:2] == \
        [(0.05, 600.0), (0.1, 500.0)]
    assert {r["type"] for r in rows} == {"InorganicProtectiveLayer", "PolymerProtectiveLayer",
                                         "CompositeElectrolyteStrategy"}


def test_chart_errors(tmp_path, G):
    with pytest.raises(NasiconKGError, match="nothing to plot"):
        charts.lifetime_vs_current([], tmp_path / "x.png")
    with pytest.raises(NasiconKGError, match=r"\.png or \.svg"):
        charts.network_figure(G, tmp_path / "x.jpg")
    with pytest.raises(NasiconKGError, match="empty"):
        charts.network_figure(nx.DiGraph(), tmp_path / "x.png")


def test_network_figure(G, tmp_path):
    assert_png(charts.network_figure(G, tmp_path / "net.png"))
    assert_svg(charts.network_figure(G, tmp_path / "net.svg"))
    pos = charts.layered_positions(G)
    assert pos[NKG + "ReductionByLithium"][0] < pos[RES + "strategy/a1"][0] < pos[RES + "material/ZnO"][0]


# -- exports ------------------------------------------------------------------------------

def test_graphml_and_gexf_round_trip(G, tmp_path):
    for writer, reader, name in ((export.write_graphml, nx.read_graphml, "g.graphml"),
                                 (export.write_gexf, nx.read_gexf, "g.gexf")):
        H = reader(writer(G, tmp_path / name))
        assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    H = nx.read_graphml(tmp_path / "g.graphml")
    a1 = H.nodes[RES + "strategy/a1"]
    assert a1["kind"] == "strategy" and a1["hours"] == 1000.0 and "[12] Hao 2018" in a1["evidence"]


def test_csv_rows(G, tmp_path):
    nodes, edges = export.write_csv(G, tmp_path / "nodes.csv", tmp_path / "edges.csv")
    with nodes.open(encoding="utf-8") as fh:
        node_rows = list(csv.DictReader(fh))
    with edges.open(encoding="utf-8") as fh:
        edge_rows = list(csv.DictReader(fh))
    assert len(node_rows) == G.number_of_nodes() and len(edge_rows) == G.number_of_edges()
    assert {r["kind"] for r in node_rows} == {"problem", "strategy", "material", "method", "electrolyte"}
    made_by = [r for r in edge_rows if r["relation"] == "made by" and r["target"] == NKG + "ALD"]
    assert len(made_by) == 2


def test_flat_value():
    assert export.flat_value(["a", 1]) == "a; 1"
    assert export.flat_value([{"text": "x"}]) == '[{"text": "x"}]'
    assert export.flat_value(2.5) == 2.5 and export.flat_value(None) is None


# -- analysis -----------------------------------------------------------------------------

def test_graph_stats(G):
    stats = analysis.graph_stats(G)
    assert set(stats) == set(analysis.STATS_COLUMNS)
    for name, rows in stats.items():
        assert all(len(r) == len(analysis.STATS_COLUMNS[name]) for r in rows), name
    assert stats["materials"][0] == ("ZnO", "Oxide", 2, 2)
    assert stats["electrolytes"][0] == ("LATP", 7, 5)
    # problems no strategy of the mini graph addresses come first, polysulfide shuttle among them
    assert stats["problems_few_solutions"][0][1:] == (0, 0, 0)
    assert ("polysulfide shuttle", 0, 0, 0) in stats["problems_few_solutions"]
    # polysulfide shuttle is on its own; everything else, with all 8 strategies, is one component
    assert [r[2] for r in stats["components"]] == [8, 0] and stats["components"][1][1] == 1
    assert len(stats["degree_centrality"]) == 10
    assert stats["betweenness_centrality"][0][0] == "high interfacial resistance"


def test_graph_stats_on_empty_graph():
    stats = analysis.graph_stats(nx.DiGraph())
    assert all(rows == [] for rows in stats.values())


def test_chart_labels_do_not_overlap(tmp_path):
    """Crowded points (several at one spot, neighbours close by) get labels whose boxes do not overlap."""
    from nasicon_kg.viz.charts import _pyplot, place_labels

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(4, 3))
    items = [(1.0, 100.0 + i, f"layer {i}") for i in range(4)] + [(1.05, 101.0, "nearby label")]
    ax.scatter([p[0] for p in items], [p[1] for p in items])
    texts = place_labels(ax, items)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    assert len(texts) == len(items)
    free = [not any(a.overlaps(b) for b in boxes if b is not a) for a in boxes]
    assert sum(free) >= len(items) - 1  # at most one falls back to a leader line
    plt.close(fig)


def test_lifetime_chart_colours_families_marks_types_and_keeps_log_axes(store):
    rows = charts.lifetime_rows(store)
    assert {r["family"] for r in rows} == {"LATP", "LAGP"}
    limits = charts.chart_limits(store.select(charts.query_text("viz_lifetime")))
    margin = 10 ** 0.15
    assert limits["hours"] == pytest.approx((150 / margin, 1000 * margin))
    assert limits["current_density"] == pytest.approx((0.05 / margin, 1.0 * margin))
    # one LAGP point only, a narrow range: the axes stay logarithmic and keep the whole store's limits
    lagp = [r for r in rows if r["family"] == "LAGP"]
    fig = charts.scatter_figure(lagp, "current_density", "current density", "lifetime (electrolyte LAGP)",
                                limits)
    try:
        [ax] = fig.axes[:1]
        assert ax.get_yscale() == "log" and ax.get_xscale() == "log"
        assert ax.get_ylim() == pytest.approx(limits["hours"])
        assert ax.get_xlim() == pytest.approx(limits["current_density"])
        assert ax.get_title() == "lifetime (electrolyte LAGP)"
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["LAGP", "inorganic protective layer"]
        [points] = ax.collections
        assert tuple(points.get_facecolor()[0][:3]) == pytest.approx(
            tuple(int(charts.family_colour("LAGP")[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    finally:
        charts._pyplot().close(fig)


def test_a_filtered_viz_writes_its_own_files(store, tmp_path):
    from nasicon_kg.viz.render import render_all

    full = render_all(store, tmp_path / "map.html", formats=(".svg",))
    before = {p.name: p.read_bytes() for p in full}
    latp = render_all(store, tmp_path / "latp.html", electrolyte="LATP", formats=(".svg",))
    assert {p.name for p in latp}.isdisjoint(before)
    assert {p.name: p.read_bytes() for p in full} == before
    assert {"map_lifetime_vs_current.svg", "latp_lifetime_vs_current.svg", "latp_layers_over_time.svg",
            "latp.svg", "latp.graphml", "latp_nodes.csv", "latp.html"} <= {p.name for p in full + latp}
    page = (tmp_path / "latp.html").read_text(encoding="utf-8")
    assert "<title>NASICON interface problems and solutions (electrolyte LATP)</title>" in page
    svg = (tmp_path / "latp_lifetime_vs_current.svg").read_text(encoding="utf-8")
    assert "(electrolyte LATP)" in svg


def test_layers_over_time_is_fig_8_from_data(G, tmp_path):
    progress = charts.layer_progress(G)
    # Al2O3 (ref 15, Liu 2019): 600 h, and the review's table says 150 h
    assert (2019, 600.0, "Al2O3 on LATP", True) in progress["InorganicProtectiveLayer"]
    assert all(p[0] and p[1] > 0 for pts in progress.values() for p in pts)
    inorganic = charts.running_best(progress["InorganicProtectiveLayer"])
    assert [h for _, h in inorganic] == sorted(h for _, h in inorganic)   # the best never goes down
    fig = charts.layers_figure(G)
    try:
        ax = fig.axes[0]
        assert ax.get_yscale() == "log"
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "inorganic protective layer" in legend and any("another figure" in t for t in legend)
    finally:
        charts._pyplot().close(fig)
    assert_png(charts.layers_over_time(G, tmp_path / "fig8.png"))
