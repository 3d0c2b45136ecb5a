"""One self-contained HTML page with the interactive problem-to-solution map.

The page (``map_page.html`` beside this module) inlines vis-network (the copy pyvis ships),
the graph as JSON and the layers-over-time figure as SVG, so it opens offline and references
no URL. Every node is a box at the position and size :mod:`.layout` computes (no two overlap),
filled with a pale tint of its kind's or class's colour; a strategy's box carries its longest
lifetime and flags (⚠ contradicted by another source of the work, † needed a condition). A
search box and filters (electrolyte family, strategy type, method, minimum hours, current
density range) narrow the map in the page; hovering shows a node's figures and clicking shows
its evidence, method, conditions and problems in a side panel.
"""
from __future__ import annotations

import html
import io
import json
from importlib import resources
from pathlib import Path
from string import Template

import networkx as nx

from ..errors import NasiconKGError
from .layout import BORDER, FONT_FAMILY, FONT_PX, PAD_X, PAD_Y, layout_boxes, problem_levels, short_label, wrap_label

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


def fmt_number(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else ""


def hover_text(data: dict) -> str:
    """The plain-text tooltip of a node: label, kind and class, papers, and for a strategy its
    figures, the figures other sources give, its activation conditions and its method."""
    kind = data.get("kind", "")
    cls = data.get("strategy_type") or data.get("cls_label") or data.get("cls") or ""
    lines = [str(data.get("label", "")), f"{kind}" + (f" ({cls})" if cls and kind != "problem" else "")]
    lines.append(f"papers: {data.get('papers', 0)}; strategies: {data.get('strategies', 0)}")
    if kind == "strategy":
        if data.get("hours") is not None:
            cd = fmt_number(data.get("current_density"))
            at = f" at {cd} mA cm-2" if cd else ""
            temp = fmt_number(data.get("temperature"))
            lines.append(f"symmetric cell: {fmt_number(data['hours'])} h{at}" + (f", {temp} °C" if temp else ""))
        if data.get("other_reports"):
            lines.append("\u26a0 other sources of this work: " + "; ".join(data["other_reports"]))
        if data.get("conditions"):
            lines.append("\u2020 needed: " + "; ".join(data["conditions"]))
        if data.get("thickness_nm") is not None:
            lines.append(f"thickness: {fmt_number(data['thickness_nm'])} nm")
        if data.get("methods"):
            lines.append("made by: " + ", ".join(data["methods"]))
        if data.get("year"):
            lines.append(f"year: {data['year']}")
        if data.get("reported_by"):
            lines.append(f"reported by: {data['reported_by']}")
        lines.append("click for evidence")
    return "\n".join(lines)


def node_levels(G: nx.DiGraph) -> dict[str, int]:
    """Left-to-right column of every node: problems (by causal depth), strategies, materials,
    methods, electrolytes (the static figure draws the electrolytes; the HTML map filters by them)."""
    plevel = problem_levels(G)
    base = max(plevel.values(), default=-1) + 1
    order = {"strategy": 0, "material": 1, "method": 2, "electrolyte": 3}
    return {n: plevel[n] if d.get("kind") == "problem" else base + order.get(d.get("kind"), 1)
            for n, d in G.nodes(data=True)}


def map_label(data: dict) -> str:
    """The words in a node's box (problems and methods wrap onto short lines): a strategy adds its best lifetime, "⚠" when another source
    of the same work gives a different figure, "†" when the cell needed an activation condition."""
    if data.get("kind") in ("problem", "method"):
        return wrap_label(str(data.get("label", "")))
    label = short_label(str(data.get("label", "")))
    if data.get("kind") != "strategy":
        return label
    if data.get("hours") is not None:
        label += f" · {fmt_number(data['hours'])} h"
    if data.get("other_reports"):
        label += " \u26a0"
    if data.get("conditions"):
        label += " \u2020"
    return label


def _tint(colour: str, amount: float = 0.78) -> str:
    """``colour`` mixed with white (a pale fill that dark text reads on)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def _strategy_facets(G: nx.DiGraph, s: str, node_id: int) -> dict:
    """What the page's search box and filters test a strategy on."""
    d = G.nodes[s]
    words = [d.get("label", ""), d.get("strategy_type", ""), *d.get("families", []), *d.get("methods", []),
             *d.get("problems", []), *d.get("conditions", [])]
    words += [str(G.nodes[n].get("label", "")) for n in nx.all_neighbors(G, s)]
    words += [str(G.nodes[c].get("label", "")) for m in G.successors(s) for c in G.successors(m)
              if G.edges[m, c].get("relation") == "has component"]
    return {"id": node_id, "families": d.get("families", []), "kind": d.get("strategy_type", ""),
            "methods": d.get("methods", []), "hours": d.get("hours"), "cd": d.get("current_density"),
            "text": " | ".join(w for w in words if w).casefold()}


def _links(G: nx.DiGraph, drawn: set[str]) -> dict[str, set[str]]:
    """For each drawn node other than a strategy, the strategies that keep it on the map when
    filtering: the ones solving a problem directly, using a material (or a composite holding
    it), or making their layer by a method."""
    links: dict[str, set[str]] = {n: set() for n in drawn}
    for s, d in G.nodes(data=True):
        if d.get("kind") != "strategy":
            continue
        for p in G.predecessors(s):
            if G.edges[p, s].get("direct"):
                links[p].add(s)
        for m in G.successors(s):
            if m not in drawn:
                continue
            links[m].add(s)
            for n in G.successors(m):
                e = G.edges[m, n]
                if n in drawn and (e["relation"] == "has component" or s in e.get("strategies", ())):
                    links[n].add(s)
    return links


def _vis_data(G: nx.DiGraph) -> dict:
    boxes = layout_boxes(G, map_label)
    ids = {n: i for i, n in enumerate(boxes)}
    nodes, details, strategies = [], {}, []
    for n, box in boxes.items():
        d, i = G.nodes[n], ids[n]
        colour = node_colour(d)
        nodes.append({"id": i, "label": map_label(d), "kind": d.get("kind", ""), "shape": "box",
                      "x": box.x, "y": box.y, "fixed": True, "title": hover_text(d),
                      "box": [box.width, box.height],
                      "widthConstraint": {"minimum": box.width - 2 * (PAD_X + BORDER)},
                      "heightConstraint": {"minimum": box.height - 2 * (PAD_Y + BORDER), "valign": "middle"},
                      "color": {"background": _tint(colour), "border": colour,
                                "highlight": {"background": _tint(colour, 0.55), "border": "#000000"},
                                "hover": {"background": _tint(colour, 0.6), "border": colour}}})
        details[i] = _details(G, n)
        if d.get("kind") == "strategy":
            strategies.append(_strategy_facets(G, n, i))
    links = _links(G, set(boxes))
    edges = []
    for u, v, d in G.edges(data=True):
        if u not in ids or v not in ids:
            continue
        edges.append(_edge(f"e{len(edges)}", ids[u], ids[v], d))
    return {"nodes": nodes, "edges": edges, "details": details, "strategies": strategies,
            "links": {ids[n]: sorted(ids[s] for s in ss) for n, ss in links.items() if ss},
            "choices": _choices(strategies),
            "font": {"size": FONT_PX, "face": FONT_FAMILY}, "margin": {"x": PAD_X, "y": PAD_Y}}


def _choices(strategies: list[dict]) -> dict[str, list[str]]:
    return {"families": sorted({f for s in strategies for f in s["families"]}, key=str.casefold),
            "kinds": sorted({s["kind"] for s in strategies if s["kind"]}),
            "methods": sorted({m for s in strategies for m in s["methods"]}, key=str.casefold)}


def _details(G: nx.DiGraph, n: str) -> dict:
    d = G.nodes[n]
    neighbours = sorted({str(G.nodes[x].get("label", "")) for x in nx.all_neighbors(G, n)
                         if G.nodes[x].get("kind") == "strategy"})
    return {
        "iri": n, "label": str(d.get("label", "")), "kind": d.get("kind", ""),
        "cls": d.get("strategy_type") or d.get("cls_label") or d.get("cls", ""),
        "papers": d.get("papers", 0), "hours": d.get("hours"),
        "current_density": d.get("current_density"), "temperature": d.get("temperature"),
        "thickness_nm": d.get("thickness_nm"), "reported_by": d.get("reported_by", ""),
        "source": d.get("source", ""), "evidence": d.get("evidence", []), "strategies": neighbours,
        "methods": d.get("methods", []), "conditions": d.get("conditions", []),
        "other_reports": d.get("other_reports", []), "problems": d.get("problems", []),
        "families": d.get("families", []), "year": d.get("year"),
    }


def _edge(edge_id: str, u: int, v: int, d: dict) -> dict:
    rel = d.get("relation", "")
    edge = {"id": edge_id, "from": u, "to": v, "relation": rel, "title": rel, "arrows": "to"}
    if rel == "causes":
        edge.update(color={"color": "#b2182b"}, width=3, smooth={"type": "curvedCW", "roundness": 0.25})
    elif rel == "solved by":
        edge.update(color={"color": "#ef8a62" if d.get("direct") else "#f4a582"},
                    width=1.5 if d.get("direct") else 1, dashes=not d.get("direct"),
                    indirect=not d.get("direct"), hidden=not d.get("direct"))
    elif rel == "has component":
        edge.update(color={"color": "#999999"}, dashes=[2, 4], smooth={"type": "curvedCW", "roundness": 0.4})
    else:
        edge.update(color={"color": "#aaaaaa"})
    return edge


def _swatch(colour: str) -> str:
    return f'<span class="sw" style="background:{_tint(colour)};border-color:{colour}"></span>'


def _legend(G: nx.DiGraph) -> str:
    present = {(d.get("kind"), d.get("cls")) for _, d in G.nodes(data=True)}
    items = [f"<li>{_swatch(KIND_COLOURS[k])}{k}</li>" for k in ("problem", "method")
             if any(kind == k for kind, _ in present)]
    for cls, colour in STRATEGY_COLOURS.items():
        if ("strategy", cls) in present:
            label = next((d.get("strategy_type") for _, d in G.nodes(data=True) if d.get("cls") == cls), cls)
            items.append(f"<li>{_swatch(colour)}strategy: {html.escape(label)}</li>")
    for cls, colour in CLASS_COLOURS.items():
        if ("material", cls) in present:
            items.append(f"<li>{_swatch(colour)}material: {html.escape(cls)}</li>")
    items += [
        '<li><span class="ln" style="border-color:#b2182b;border-width:3px"></span>'
        'causes (causal chain)</li>',
        '<li><span class="ln" style="border-color:#ef8a62"></span>solved by</li>',
        '<li><span class="ln" style="border-color:#f4a582;border-style:dashed"></span>'
        'solved by (via a cause)</li>',
        '<li><span class="ln" style="border-color:#aaaaaa"></span>uses / made by</li>',
        "<li>\u00b7 600 h: longest symmetric-cell lifetime</li>",
        "<li>\u26a0 another source of the same work gives a different figure</li>",
        "<li>\u2020 needed added liquid electrolyte, heating, pre-cycling or a raised temperature</li>",
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


def _fig8_svg(G: nx.DiGraph) -> str:
    """The layers-over-time figure (the review's Fig. 8, from :mod:`.charts`) as inline SVG, or a
    sentence saying why there is none."""
    from .charts import _pyplot, layers_figure

    try:
        fig = layers_figure(G)
    except NasiconKGError as exc:
        return f"<p>{html.escape(str(exc))}</p>"
    buf = io.StringIO()
    try:
        fig.savefig(buf, format="svg", bbox_inches="tight")
    finally:
        _pyplot().close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]


def _page_template() -> Template:
    """The page (map_page.html beside this module), with $-placeholders for title, legend, data and
    vis-network's JS and CSS."""
    return Template(resources.files(__package__).joinpath("map_page.html").read_text(encoding="utf-8"))


def write_html_map(G: nx.DiGraph, path: str | Path, *,
                   title: str = "NASICON interface problems and solutions") -> Path:
    """Write the interactive map of ``G`` to one self-contained HTML file; return its path."""
    path = Path(path)
    vis_js, vis_css = _vis_assets()
    page = _page_template().substitute(title=html.escape(title), vis_css=vis_css, vis_js=vis_js,
                                       legend=_legend(G), data=_json_for_script(_vis_data(G)),
                                       fig8=_fig8_svg(G))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise NasiconKGError(f"cannot write {path}: {exc}") from None
    return path
