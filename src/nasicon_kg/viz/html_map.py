"""One self-contained HTML page with the interactive problem-to-solution map.

The page inlines vis-network (the copy pyvis ships) and the graph as JSON, so it opens
offline and references no URL. Nodes are coloured by kind and class and sized by
``papers``; the causal chain is drawn in thick red arcs; hovering shows key figures and
clicking a node shows its evidence sentences and sources in a side panel.
"""
from __future__ import annotations

import html
import json
import math
from importlib import resources
from pathlib import Path

import networkx as nx

from ..errors import NasiconKGError

#: Colour of each node kind (strategies and materials are coloured by class instead).
KIND_COLOURS = {
    "problem": "#d62728",
    "strategy": "#1f77b4",
    "material": "#bdbdbd",
    "method": "#7f7f7f",
    "electrolyte": "#e6ab02",
}
KIND_SHAPES = {"problem": "diamond", "strategy": "dot", "material": "square", "method": "triangle",
               "electrolyte": "star"}
STRATEGY_COLOURS = {
    "InorganicProtectiveLayer": "#1f77b4",
    "PolymerProtectiveLayer": "#2ca02c",
    "HybridLayer": "#9467bd",
    "CompositeElectrolyteStrategy": "#ff7f0e",
    "SandwichInterlayer": "#17becf",
    "InterfaceStrategy": "#8c564b",
}
CLASS_COLOURS = {
    "Oxide": "#6baed6",
    "DopedOxide": "#4292c6",
    "Metal": "#a6761d",
    "LithiumSalt": "#fdae6b",
    "Fluoride": "#fdd0a2",
    "Nitride": "#9e9ac8",
    "Sulfide": "#e7ba52",
    "Polymer": "#74c476",
    "PolymerElectrolyte": "#31a354",
    "HybridMaterial": "#c994c7",
    "Nanocomposite": "#de9ed6",
    "Carbon": "#525252",
    "GlassElectrolyte": "#fd8d3c",
    "SolidElectrolyte": "#e6ab02",
}


def node_colour(data: dict) -> str:
    """The fill colour of a node: strategy type, material class, else its kind."""
    kind = data.get("kind", "")
    if kind == "strategy":
        return STRATEGY_COLOURS.get(data.get("cls", ""), KIND_COLOURS["strategy"])
    if kind == "material":
        return CLASS_COLOURS.get(data.get("cls", ""), KIND_COLOURS["material"])
    return KIND_COLOURS.get(kind, "#999999")


def node_size(data: dict) -> float:
    return round(10 + 7 * math.sqrt(max(int(data.get("papers") or 0), 0)), 1)


def fmt_number(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else ""


def hover_text(data: dict) -> str:
    """The plain-text tooltip of a node: label, kind and class, papers, key figures."""
    kind = data.get("kind", "")
    cls = data.get("strategy_type") or data.get("cls_label") or data.get("cls") or ""
    lines = [str(data.get("label", "")), f"{kind}" + (f" ({cls})" if cls and kind != "problem" else "")]
    lines.append(f"papers: {data.get('papers', 0)}; strategies: {data.get('strategies', 0)}")
    if kind == "strategy":
        if data.get("hours") is not None:
            cd = fmt_number(data.get("current_density"))
            at = f" at {cd} mA cm-2" if cd else ""
            lines.append(f"symmetric cell: {fmt_number(data['hours'])} h{at}")
        if data.get("thickness_nm") is not None:
            lines.append(f"thickness: {fmt_number(data['thickness_nm'])} nm")
        if data.get("reported_by"):
            lines.append(f"reported by: {data['reported_by']}")
        lines.append("click for evidence")
    return "\n".join(lines)


def problem_levels(G: nx.DiGraph) -> dict[str, int]:
    """Column of each problem: its depth in the causal chain (root causes first)."""
    C = nx.DiGraph()
    C.add_nodes_from(n for n, d in G.nodes(data=True) if d.get("kind") == "problem")
    C.add_edges_from((u, v) for u, v, d in G.edges(data=True) if d.get("relation") == "causes")
    if not nx.is_directed_acyclic_graph(C):
        return {n: 0 for n in C}
    depth: dict[str, int] = {}
    for n in nx.topological_sort(C):
        depth[n] = max((depth[p] + 1 for p in C.predecessors(n)), default=0)
    return depth


def node_levels(G: nx.DiGraph) -> dict[str, int]:
    """Left-to-right column of every node: problems (by causal depth), strategies, materials,
    methods, electrolytes."""
    plevel = problem_levels(G)
    base = max(plevel.values(), default=-1) + 1
    order = {"strategy": 0, "material": 1, "method": 2, "electrolyte": 3}
    return {n: plevel[n] if d.get("kind") == "problem" else base + order.get(d.get("kind"), 1)
            for n, d in G.nodes(data=True)}


def _vis_data(G: nx.DiGraph) -> dict:
    levels = node_levels(G)
    ids = {n: i for i, n in enumerate(G.nodes)}
    nodes, details = [], {}
    for n, d in G.nodes(data=True):
        i = ids[n]
        nodes.append({"id": i, "label": str(d.get("label", "")), "group": d.get("kind", ""),
                      "shape": KIND_SHAPES.get(d.get("kind"), "dot"), "color": node_colour(d),
                      "size": node_size(d), "level": levels[n], "title": hover_text(d)})
        neighbours = sorted({str(G.nodes[x].get("label", "")) for x in nx.all_neighbors(G, n)
                             if G.nodes[x].get("kind") == "strategy"})
        details[i] = {
            "iri": n, "label": str(d.get("label", "")), "kind": d.get("kind", ""),
            "cls": d.get("strategy_type") or d.get("cls_label") or d.get("cls", ""),
            "papers": d.get("papers", 0), "hours": d.get("hours"),
            "current_density": d.get("current_density"), "thickness_nm": d.get("thickness_nm"),
            "reported_by": d.get("reported_by", ""), "source": d.get("source", ""),
            "evidence": d.get("evidence", []), "strategies": neighbours,
        }
    edges = []
    for u, v, d in G.edges(data=True):
        rel = d.get("relation", "")
        edge = {"id": f"e{len(edges)}", "from": ids[u], "to": ids[v], "relation": rel, "title": rel,
                "arrows": "to"}
        if rel == "causes":
            edge.update(color={"color": "#b2182b"}, width=3, smooth={"type": "curvedCW", "roundness": 0.2})
        elif rel == "solved by":
            edge.update(color={"color": "#ef8a62" if d.get("direct") else "#fddbc7"},
                        width=1.5 if d.get("direct") else 1, dashes=not d.get("direct"),
                        indirect=not d.get("direct"), hidden=not d.get("direct"))
        elif rel == "has component":
            edge.update(color={"color": "#999999"}, dashes=[2, 4])
        else:
            edge.update(color={"color": "#aaaaaa"})
        edges.append(edge)
    return {"nodes": nodes, "edges": edges, "details": details, "layout": layout_spacing(levels)}


def layout_spacing(levels: dict[str, int]) -> dict[str, int]:
    """Row and column spacing so the layered map comes out about as wide as tall."""
    per_level: dict[int, int] = {}
    for lvl in levels.values():
        per_level[lvl] = per_level.get(lvl, 0) + 1
    tallest = max(per_level.values(), default=1)
    node_spacing = 80 if tallest <= 12 else 44
    columns = max(len(per_level), 1)
    level_sep = min(600, max(190, tallest * node_spacing // columns))
    return {"nodeSpacing": node_spacing, "levelSeparation": level_sep,
            "fontSize": 13 if tallest <= 12 else 18}


def _legend(G: nx.DiGraph) -> str:
    items = []
    for kind, shape in KIND_SHAPES.items():
        items.append(f'<li><span class="sw {shape}" style="background:{KIND_COLOURS[kind]}"></span>'
                     f'{kind}</li>')
    present = {(d.get("kind"), d.get("cls")) for _, d in G.nodes(data=True)}
    for cls, colour in STRATEGY_COLOURS.items():
        if ("strategy", cls) in present:
            label = next((d.get("strategy_type") for _, d in G.nodes(data=True) if d.get("cls") == cls), cls)
            items.append(f'<li><span class="sw dot" style="background:{colour}"></span>'
                         f'{html.escape(label)}</li>')
    for cls, colour in CLASS_COLOURS.items():
        if ("material", cls) in present:
            items.append(f'<li><span class="sw square" style="background:{colour}"></span>material: '
                         f'{html.escape(cls)}</li>')
    items += [
        '<li><span class="ln" style="border-color:#b2182b;border-width:3px"></span>'
        'causes (causal chain)</li>',
        '<li><span class="ln" style="border-color:#ef8a62"></span>solved by</li>',
        '<li><span class="ln" style="border-color:#f4a582;border-style:dashed"></span>'
        'solved by (via a cause)</li>',
        '<li><span class="ln" style="border-color:#aaaaaa"></span>uses / made by / protects</li>',
        '<li>size: number of papers</li>',
    ]
    return "<ul>" + "".join(items) + "</ul>"


def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as pyvis ships them."""
    try:
        lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
        return ((lib / "vis-network.min.js").read_text(encoding="utf-8"),
                (lib / "vis-network.css").read_text(encoding="utf-8"))
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise NasiconKGError(f"cannot read vis-network from the pyvis package: {exc}") from None


def _json_for_script(obj) -> str:
    """JSON safe inside a <script> element (no '</script', no HTML-special characters)."""
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style>
<style>
body {{ margin:0; font:14px/1.4 system-ui, sans-serif; color:#222; display:flex; height:100vh; }}
#main {{ flex:1; display:flex; flex-direction:column; min-width:0; }}
header {{ padding:6px 12px; border-bottom:1px solid #ddd; display:flex; gap:16px; align-items:center; }}
header h1 {{ font-size:16px; margin:0; }}
#map {{ flex:1; min-height:0; }}
aside {{ width:340px; border-left:1px solid #ddd; overflow:auto; padding:8px 12px; background:#fafafa; }}
aside h2 {{ font-size:15px; margin:8px 0 4px; }} aside h3 {{ font-size:13px; margin:10px 0 4px; }}
#legend ul {{ list-style:none; padding:0; margin:0; font-size:12px; }}
#legend li {{ display:flex; align-items:center; gap:6px; margin:2px 0; }}
.sw {{ display:inline-block; width:12px; height:12px; border:1px solid #555; }}
.sw.dot {{ border-radius:50%; }} .sw.diamond {{ transform:rotate(45deg) scale(.8); }}
.sw.triangle {{ clip-path:polygon(50% 0,100% 100%,0 100%); }}
.sw.star {{ clip-path:polygon(50% 0,61% 35%,98% 35%,68% 57%,79% 91%,
                              50% 70%,21% 91%,32% 57%,2% 35%,39% 35%); }}
.ln {{ display:inline-block; width:26px; border-top:2px solid; }}
.ev {{ background:#fff; border:1px solid #e3e3e3; border-radius:4px; padding:6px; margin:6px 0; }}
.ev .src {{ color:#666; font-size:12px; margin-top:4px; }}
.vis-tooltip {{ white-space:pre-line !important; }}
</style></head>
<body>
<div id="main">
<header><h1>{title}</h1><span id="counts"></span>
<label><input type="checkbox" id="indirect"> show solutions via causes</label></header>
<div id="map"></div>
</div>
<aside><div id="panel"><h2>Details</h2>
<p>Click a node: a strategy shows its evidence sentences and sources.</p></div>
<h3>Legend</h3><div id="legend">{legend}</div></aside>
<script>{vis_js}</script>
<script type="application/json" id="nkg-data">{data}</script>
<script>
(function () {{
  "use strict";
  var data = JSON.parse(document.getElementById("nkg-data").textContent);
  data.nodes.forEach(function (n) {{
    var el = document.createElement("div"); el.textContent = n.title; n.title = el;
  }});
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var options = {{
    layout: {{ hierarchical: {{ enabled: true, direction: "LR", levelSeparation: data.layout.levelSeparation,
                               nodeSpacing: data.layout.nodeSpacing,
                               treeSpacing: 40, sortMethod: "directed" }} }},
    physics: false,
    interaction: {{ hover: true, tooltipDelay: 120, navigationButtons: false }},
    nodes: {{ font: {{ size: data.layout.fontSize }}, borderWidth: 1 }},
    edges: {{ smooth: {{ type: "cubicBezier", forceDirection: "horizontal", roundness: 0.4 }},
             arrows: {{ to: {{ scaleFactor: 0.5 }} }} }}
  }};
  var network = new vis.Network(document.getElementById("map"), {{ nodes: nodes, edges: edges }}, options);
  document.getElementById("counts").textContent =
    data.nodes.length + " nodes, " + data.edges.length + " edges";
  function fit() {{          // fit the nodes, then leave room for the labels at the edges
    network.fit({{ animation: false }});
    network.moveTo({{ scale: network.getScale() * 0.85, animation: false }});
  }}
  fit();
  network.on("resize", fit);          // the page may be laid out again after the first drawing
  window.setTimeout(fit, 300);
  network.once("afterDrawing", function () {{
    document.body.setAttribute("data-rendered-nodes", String(nodes.length));
  }});
  document.getElementById("indirect").addEventListener("change", function (e) {{
    edges.update(data.edges.filter(function (x) {{ return x.indirect; }})
      .map(function (x) {{ return {{ id: x.id, hidden: !e.target.checked }}; }}));
  }});
  function add(parent, tag, text, cls) {{
    var el = document.createElement(tag); el.textContent = text; if (cls) el.className = cls;
    parent.appendChild(el); return el;
  }}
  function num(x) {{ return (x === null || x === undefined) ? "" : String(x); }}
  network.on("click", function (params) {{
    if (!params.nodes.length) return;
    var d = data.details[params.nodes[0]], panel = document.getElementById("panel");
    panel.textContent = "";
    add(panel, "h2", d.label);
    add(panel, "div", d.kind + (d.cls ? " \u2014 " + d.cls : ""));
    add(panel, "div", "papers: " + d.papers);
    if (d.kind === "strategy") {{
      if (d.hours !== null) add(panel, "div", "symmetric cell: " + num(d.hours) + " h" +
        (d.current_density !== null ? " at " + num(d.current_density) + " mA cm-2" : ""));
      if (d.thickness_nm !== null) add(panel, "div", "thickness: " + num(d.thickness_nm) + " nm");
      if (d.reported_by) add(panel, "div", "reported by: " + d.reported_by);
      add(panel, "h3", "Evidence");
      if (!d.evidence.length) add(panel, "p", "(no evidence sentence stored)");
      d.evidence.forEach(function (ev) {{
        var box = add(panel, "div", "", "ev");
        add(box, "div", "\u201c" + ev.text + "\u201d");
        add(box, "div", [ev.section, ev.source, ev.ref].filter(Boolean).join(" \u00b7 "), "src");
      }});
    }} else if (d.strategies.length) {{
      add(panel, "h3", "Strategies");
      var ul = add(panel, "ul", "");
      d.strategies.forEach(function (s) {{ add(ul, "li", s); }});
    }}
    add(panel, "div", d.iri, "src");
  }});
  window.nkgNetwork = network;
}})();
</script>
</body></html>
"""


def write_html_map(G: nx.DiGraph, path: str | Path, *,
                   title: str = "NASICON interface problems and solutions") -> Path:
    """Write the interactive map of ``G`` to one self-contained HTML file; return its path."""
    path = Path(path)
    vis_js, vis_css = _vis_assets()
    page = _PAGE.format(title=html.escape(title), vis_css=vis_css, vis_js=vis_js,
                        legend=_legend(G), data=_json_for_script(_vis_data(G)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise NasiconKGError(f"cannot write {path}: {exc}") from None
    return path
