"""The chain as a graph (Vega-Lite through Altair): materials → cells → PACK → application → cascade
utilization → recycling → back to materials, fed by local wind and PV, hosted by the park.

Each node is filled by its strength from :func:`geo.figures.chain.chain_summary` (present / weak / gap;
green power and the park are not judged), ringed where the sources name it a chain-extension target,
and clickable: a point selection named :data:`SELECTION` on the field ``node`` (a page passes it back
to its filters). Positions are pixels computed here, so arrows point the right way at any size.

Pure: no Streamlit.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from geo.chain import CHAIN_NODES, NODES, chain_columns, links, nodes_in_segment
from geo.figures.chain import NodeSummary
from geo.figures.charts import FONT, as_of_line, finish, palette
from geo.i18n import t
from geo.model import CHAIN_SEGMENTS, SEGMENT_COLORS

SELECTION = "chain_node"
STRENGTH_COLORS = {"ok": "#2e9e5b", "weak": "#f0a202", "gap": "#d7301f", "none": "#8c9aa5"}
EXTENSION_COLOR = "#6a3d9a"
EDGE_STYLE = {"flow": ("#5f6b7a", [1, 0], 1.8), "power": (SEGMENT_COLORS["green_power"], [2, 3], 1.6),
              "loop": (SEGMENT_COLORS["recycling"], [6, 4], 2.0)}
RADIUS = 13


def layout(width: int, height: int) -> dict[str, tuple[float, float]]:
    """Each node's (x, y) in pixels: chain segments left to right, a segment's nodes stacked around
    the middle; green power and the park in a row above."""
    left, right = 150, 60
    step = (width - left - right) / (len(CHAIN_SEGMENTS) - 1)
    top, bottom = 132, height - 78
    middle = (top + bottom) / 2
    tallest = max(len(nodes) for _, nodes in chain_columns())
    gap = (bottom - top) / max(tallest - 1, 1)
    at: dict[str, tuple[float, float]] = {}
    for i, (_, nodes) in enumerate(chain_columns()):
        for j, node in enumerate(nodes):
            at[node.id] = (left + i * step, middle + (j - (len(nodes) - 1) / 2) * gap)
    power = nodes_in_segment("green_power")
    for i, node in enumerate(power):  # above the segments they feed (cells and PACK)
        at[node.id] = (left + (1 + i) * step, 38)
    at["park"] = (left, 38)
    return at


def column_headers(width: int, height: int) -> pd.DataFrame:
    at = layout(width, height)
    return pd.DataFrame([{"segment": segment, "x": at[nodes[0].id][0], "color": SEGMENT_COLORS[segment]}
                         for segment, nodes in chain_columns()])


def node_rows(summary: dict[str, NodeSummary], lang: str, active: tuple[str, ...] = (),
              width: int = 780, height: int = 520) -> pd.DataFrame:
    """One row per node: position, strength, counts, extension target, whether the filter shows it."""
    at = layout(width, height)
    rows = []
    for node in CHAIN_NODES:
        s = summary[node.id]
        strength = s.status or "none"
        count = s.entities + s.assets
        name = t(f"chain_node.{node.id}", lang)
        tags = [t(f"chart.chain.strength.{strength}", lang)] if strength in ("weak", "gap") else []
        line2 = " · ".join([t("chart.chain.count", lang, n=count), *tags[:1]])
        if node.extension_target:  # its own line: short lines stay inside their column
            line2 += "\n" + t("diagram.badge_extension", lang, source=node.extension_source)
        rows.append({
            "node": node.id, "segment": node.segment, "x": at[node.id][0], "y": at[node.id][1],
            "strength": strength, "strength_label": t(f"chart.chain.strength.{strength}", lang),
            "color": STRENGTH_COLORS[strength], "enterprises": s.enterprises, "projects": s.projects,
            "assets": s.assets, "count": count, "name": name, "label": f"{name}\n{line2}",
            "segment_label": t(f"segment.{node.segment}", lang),
            "extension": node.extension_target, "extension_source": node.extension_source or "",
            "active": node.id in active,
            "description": t("chart.chain.aria", lang, name=name, n=count,
                             strength=t(f"chart.chain.strength.{strength}", lang)),
        })
    return pd.DataFrame(rows)


def _two_lines(text: str, longest: int = 12) -> str:
    """A long column header on two lines ("Application\n(incl. storage)"), so neighbours never overlap."""
    if len(text) <= longest:
        return text
    cut = text.find(" (") if " (" in text else text.find(" ")
    cut = cut if cut > 0 else text.find("（")
    return text if cut <= 0 else text[:cut] + "\n" + text[cut:].strip()


def _arrow_angle(dx: float, dy: float) -> float:
    """Degrees clockwise from up, for a triangle pointing along (dx, dy) on screen (y down)."""
    return math.degrees(math.atan2(dx, -dy))


def edge_rows(width: int, height: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The links as polylines (one row per point, ``edge`` and ``order``) and one arrowhead each; the
    loop back to materials is one path to the whole materials column, as the DOT graph draws it."""
    at = layout(width, height)
    points, heads = [], []
    loop_drawn = False
    for source, target, kind in links():
        if kind == "hosts":
            continue  # the park hosts the chain: said in its tooltip, not as lines across the materials
        if kind == "loop":
            if loop_drawn:
                continue
            loop_drawn = True
            materials = [at[n.id] for n in nodes_in_segment(NODES[target].segment)]
            (x0, y0), low = at[source], height - 22
            x1, y1 = 14, (materials[0][1] + materials[-1][1]) / 2  # left of the materials' labels
            path = [(x0 + RADIUS, y0), (x0 + 40, y0), (x0 + 40, low), (x1, low), (x1, y1), (x1 + 22, y1)]
        else:
            (x0, y0), (x1, y1) = at[source], at[target]
            length = math.hypot(x1 - x0, y1 - y0) or 1.0
            ux, uy = (x1 - x0) / length, (y1 - y0) / length
            path = [(x0 + ux * RADIUS, y0 + uy * RADIUS), (x1 - ux * (RADIUS + 5), y1 - uy * (RADIUS + 5))]
        edge = f"{source}>{target}"
        points += [{"edge": edge, "kind": kind, "order": i, "x": x, "y": y} for i, (x, y) in enumerate(path)]
        (ax, ay), (bx, by) = path[-2], path[-1]
        heads.append({"edge": edge, "kind": kind, "x": bx, "y": by, "angle": _arrow_angle(bx - ax, by - ay),
                      "color": EDGE_STYLE[kind][0]})
    return pd.DataFrame(points), pd.DataFrame(heads)


def chain_graph(summary: dict[str, NodeSummary], meta: dict, lang: str, *, active: tuple[str, ...] = (),
                dark: bool = False, width: int = 780, height: int = 520, weak_below: int = 2):
    """The chain graph. ``active`` are the nodes the filter shows now (ringed); a click on a node selects
    it in the point selection :data:`SELECTION` (field ``node``)."""
    p = palette(dark)
    nodes = node_rows(summary, lang, active, width, height)
    points, heads = edge_rows(width, height)
    px = {"scale": None, "axis": None}
    edges = []
    for kind, (color, dash, stroke) in EDGE_STYLE.items():
        part = points[points["kind"] == kind]
        edges.append(alt.Chart(part).mark_line(color=color, strokeDash=dash, strokeWidth=stroke,
                                               interpolate="linear").encode(
            x=alt.X("x:Q", **px), y=alt.Y("y:Q", **px), detail="edge:N", order="order:Q"))
    arrows = alt.Chart(heads).mark_point(shape="triangle-up", filled=True, size=70, opacity=1).encode(
        x=alt.X("x:Q", **px), y=alt.Y("y:Q", **px), angle=alt.Angle("angle:Q", scale=None),
        fill=alt.Fill("color:N", scale=None), color=alt.Color("color:N", scale=None))
    headers = alt.Chart(column_headers(width, height).assign(
        label=lambda f: [_two_lines(t(f"segment.{s}", lang)) for s in f["segment"]])).mark_text(
        fontSize=13, fontWeight="bold", baseline="middle", lineBreak="\n", lineHeight=15, font=FONT).encode(
        x=alt.X("x:Q", **px), y=alt.value(102), text="label:N", color=alt.Color("color:N", scale=None))
    select = alt.selection_point(name=SELECTION, fields=["node"], on="click", clear=False)
    legend_order = [t(f"chart.chain.strength.{s}", lang) for s in STRENGTH_COLORS]
    strength = alt.Color("strength_label:N", title=None,
                         scale=alt.Scale(domain=legend_order, range=list(STRENGTH_COLORS.values())),
                         legend=alt.Legend(orient="bottom", direction="horizontal", labelFontSize=12, labelLimit=320))
    tooltip = [alt.Tooltip("name:N", title=t("chart.col.node", lang)),
               alt.Tooltip("segment_label:N", title=t("chart.col.segment", lang)),
               alt.Tooltip("strength_label:N", title=t("chart.col.strength", lang)),
               alt.Tooltip("enterprises:Q", title=t("chart.chain.enterprises", lang)),
               alt.Tooltip("projects:Q", title=t("chart.chain.projects", lang)),
               alt.Tooltip("assets:Q", title=t("chart.chain.assets", lang))]
    base = alt.Chart(nodes).encode(x=alt.X("x:Q", **px), y=alt.Y("y:Q", **px))
    # The rings are drawn for the eye; the node's own mark describes it to a screen reader (aria off here).
    extension = base.transform_filter(alt.datum.extension).mark_point(
        shape="circle", size=(2 * RADIUS + 12) ** 2, strokeWidth=2.5, strokeDash=[3, 2], color=EXTENSION_COLOR,
        aria=False)
    ring = base.transform_filter(alt.datum.active).mark_point(
        shape="circle", size=(2 * RADIUS + 6) ** 2, strokeWidth=3, color=p["text"], aria=False)
    dots = base.mark_point(shape="circle", filled=True, size=(2 * RADIUS) ** 2, opacity=1, cursor="pointer",
                           stroke=p["background"], strokeWidth=2).encode(
        color=strength, description=alt.Description("description:N"), tooltip=tooltip).add_params(select)
    # Labels under the nodes; the materials' to their left, clear of the arrows to the cells.
    labels = alt.layer(
        base.transform_filter(alt.datum.segment != "materials").mark_text(
            baseline="top", dy=RADIUS + 4, fontSize=12, lineBreak="\n", lineHeight=15, color=p["text"],
            font=FONT).encode(text="label:N"),
        base.transform_filter(alt.datum.segment == "materials").mark_text(
            align="right", baseline="middle", dx=-(RADIUS + 6), dy=-7, fontSize=12, lineBreak="\n", lineHeight=15,
            color=p["text"], font=FONT).encode(text="label:N"))
    loop_label = alt.Chart(pd.DataFrame({"text": [t("chart.chain.loop", lang)]})).mark_text(
        fontSize=12, color=SEGMENT_COLORS["recycling"], baseline="bottom", font=FONT).encode(
        x=alt.value(width / 2), y=alt.value(height - 25), text="text:N")
    power_label = alt.Chart(pd.DataFrame({"text": [t("chart.chain.power", lang)]})).mark_text(
        fontSize=12, color=SEGMENT_COLORS["green_power"], align="left", baseline="middle", font=FONT).encode(
        x=alt.value(layout(width, height)["solar"][0] + 2 * RADIUS), y=alt.value(38), text="text:N")
    chart = alt.layer(*edges, arrows, headers, extension, ring, dots, labels, loop_label, power_label).properties(
        width=width, height=height)
    lines = [t("chart.chain.rule", lang, weak_below=weak_below), t("chart.chain.click", lang), as_of_line(meta, lang)]
    return finish(chart, t("chart.chain.title", lang), lines, dark)
