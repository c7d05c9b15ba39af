"""What the lists hold at each node of the chain: gaps (缺链), weak links (弱链) and the diagram.

Gaps: a node of the six chain segments with no enterprise or project in the lists is a gap (缺链);
one with fewer than ``weak_below`` is weak (弱链). Both call for filling the chain (补链). Nodes the
sources name as chain-extension targets (延链) carry ``extension_target`` and the source id.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.chain import CHAIN_NODES, NODES, ChainNode, links, nodes_in_segment
from geo.model import CHAIN_SEGMENTS

OPERATING: tuple[str, ...] = ("operating", "full_capacity")
DEFAULT_WEAK_BELOW = 2


def gap_status(entities: int, weak_below: int = DEFAULT_WEAK_BELOW) -> str:
    """"gap" with no enterprise or project, "weak" with fewer than ``weak_below``, else "ok"."""
    if weak_below < 1:
        raise ValueError("weak_below must be at least 1")
    if entities <= 0:
        return "gap"
    return "weak" if entities < weak_below else "ok"


@dataclass(frozen=True)
class NodeSummary:
    node: ChainNode
    enterprises: int = 0
    projects: int = 0
    assets: int = 0  # energy assets (wind farms, PV) at a green-power node
    capacity_mw: float | None = None  # sum where reported; None when no record reports one
    capacity_mw_records: int = 0  # how many records the MW sum covers
    cells_per_day: int | None = None
    output_value_cny_per_year: float | None = None
    ids: tuple[str, ...] = ()
    status: str | None = None  # gap / weak / ok, or None where gaps are not judged
    capacity_mw_operating: float | None = None  # the part of capacity_mw in operation

    @property
    def entities(self) -> int:
        """Enterprises and projects: what gap logic counts."""
        return self.enterprises + self.projects


def _sum_or_none(values: pd.Series) -> float | None:
    present = values.dropna()
    return float(present.sum()) if len(present) else None


def summarise_node(node: ChainNode, records: pd.DataFrame, weak_below: int = DEFAULT_WEAK_BELOW) -> NodeSummary:
    """What the (already filtered) lists hold at one node.

    Sums cover the records that report a value; the lists put a project's capacity and output on
    the project, not again on its enterprise, so nothing is counted twice.
    """
    at = records[records["chain_node"] == node.id]
    chain = at[at["layer"] == "chain"]
    enterprises = int((chain["kind"] == "enterprise").sum())
    projects = int((chain["kind"] == "project").sum())
    cells = _sum_or_none(at["cells_per_day"])
    return NodeSummary(
        node=node,
        enterprises=enterprises,
        projects=projects,
        assets=int((at["kind"] == "asset").sum()),
        capacity_mw=_sum_or_none(at["capacity_mw"]),
        capacity_mw_records=int(at["capacity_mw"].notna().sum()),
        cells_per_day=int(cells) if cells is not None else None,
        output_value_cny_per_year=_sum_or_none(at["output_value_cny_per_year"]),
        ids=tuple(at["id"]),
        status=gap_status(enterprises + projects, weak_below) if node.gap_assessed else None,
        capacity_mw_operating=_sum_or_none(at.loc[at["status"].isin(OPERATING), "capacity_mw"]),
    )


def chain_summary(records: pd.DataFrame, weak_below: int = DEFAULT_WEAK_BELOW) -> dict[str, NodeSummary]:
    """Every node's summary, keyed by node id, in chain order."""
    return {node.id: summarise_node(node, records, weak_below) for node in CHAIN_NODES}


# --- investment targets ------------------------------------------------------------------------


def targets_for_node(targets: pd.DataFrame | None, node_id: str) -> pd.DataFrame:
    """The investment targets listed for a node: rows of the Dataset's ``investment_targets`` whose
    ``chain_node`` is ``node_id``. Empty when there is no such list (never invented)."""
    if targets is None or "chain_node" not in getattr(targets, "columns", ()):
        return pd.DataFrame()
    return targets[targets["chain_node"] == node_id]


def dataset_targets(dataset) -> pd.DataFrame | None:
    """The Dataset's investment targets when it has them (the field is optional here)."""
    targets = getattr(dataset, "investment_targets", None)
    return targets if isinstance(targets, pd.DataFrame) else None


# --- an overview graph (Graphviz DOT) ----------------------------------------------------------

_STATUS_FILL = {"gap": "#fde2e1", "weak": "#fff1d6", "ok": "#e3f4e8", None: "#f2f2f2"}
_LINK_STYLE = {
    "flow": 'color="#444444"',
    "loop": 'color="#009E73", style=dashed, constraint=false',
    "power": 'color="#7A9A01", style=dotted',
    "hosts": 'color="#888888", style=dotted, arrowhead=none',
}


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def dot_source(summary: dict[str, NodeSummary], names: dict[str, str], segment_names: dict[str, str],
               ) -> str:
    """The chain as a left-to-right Graphviz graph: one cluster per segment, nodes filled by gap
    status, each labelled with its name and its record count; recycling's loop back to materials is
    one arrow to the materials cluster."""
    lines = ["digraph chain {", "  rankdir=LR; newrank=true; compound=true; nodesep=0.25; ranksep=0.5;",
             '  node [shape=box, style="rounded,filled", fontname="Noto Sans CJK SC", fontsize=13];',
             '  edge [arrowsize=0.7];']
    for segment in (*CHAIN_SEGMENTS, "green_power", "platform"):
        members = nodes_in_segment(segment)
        lines.append(f'  subgraph "cluster_{segment}" {{ label="{_dot_text(segment_names[segment])}"; '
                     'fontsize=12; color="#bbbbbb";')
        for node in members:
            s = summary[node.id]
            count = s.entities + s.assets
            border = ', penwidth=2.5, color="#6a3d9a"' if node.extension_target else ""
            lines.append(f'    "{node.id}" [label="{_dot_text(names[node.id])}\\n{count}", '
                         f'fillcolor="{_STATUS_FILL[s.status]}"{border}];')
        lines.append("  }")
    drawn_loops: set[tuple[str, str]] = set()
    for source, target, kind in links():
        if kind == "loop":  # one arrow back to the whole segment, not one per node
            segment = NODES[target].segment
            if (source, segment) in drawn_loops:
                continue
            drawn_loops.add((source, segment))
            lines.append(f'  "{source}" -> "{target}" [{_LINK_STYLE[kind]}, lhead="cluster_{segment}"];')
            continue
        lines.append(f'  "{source}" -> "{target}" [{_LINK_STYLE[kind]}];')
    lines.append("}")
    return "\n".join(lines)
