"""The lithium chain as a vocabulary: its nodes and the links between them.

Officials read the chain as materials -> cells -> PACK -> application -> cascade utilization ->
recycling -> back to materials, with local wind and PV feeding it green power and the industrial park
hosting it. Each :class:`ChainNode` belongs to one segment of :data:`geo.model.SEGMENTS`; records name
their node in ``chain_node``. Pages draw the diagram from :data:`CHAIN_NODES`; nothing about the
chain's shape is written in a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.model import CHAIN_SEGMENTS


@dataclass(frozen=True)
class ChainNode:
    id: str
    segment: str
    # (target node id, link kind). Link kinds: the product flows along the chain ("flow"); recycling
    # loops back to materials ("loop"); green power feeds production ("power"); the park hosts
    # enterprises ("hosts").
    links: tuple[tuple[str, str], ...] = ()
    extension_target: bool = False
    extension_source: str | None = None  # the source id that names it a chain-extension target

    @property
    def gap_assessed(self) -> bool:
        """Gaps are judged on the six chain segments, not on green power or the park."""
        return self.segment in CHAIN_SEGMENTS


_MATERIALS = ("cathode", "anode", "separator", "electrolyte", "conductive_agent")
_APPLICATIONS = ("energy_storage", "vehicles", "tools")

CHAIN_NODES: tuple[ChainNode, ...] = (
    ChainNode("cathode", "materials", (("cells", "flow"),)),
    # S2: the park's chain-extension targets are separators (隔膜) and anode materials (负极材料).
    ChainNode("anode", "materials", (("cells", "flow"),), extension_target=True, extension_source="S2"),
    ChainNode("separator", "materials", (("cells", "flow"),), extension_target=True,
              extension_source="S2"),
    ChainNode("electrolyte", "materials", (("cells", "flow"),)),
    ChainNode("conductive_agent", "materials", (("cells", "flow"),)),
    ChainNode("cells", "cells", (("pack", "flow"),)),
    ChainNode("pack", "pack", tuple((a, "flow") for a in _APPLICATIONS)),
    ChainNode("energy_storage", "application", (("cascade", "flow"),)),
    ChainNode("vehicles", "application", (("cascade", "flow"),)),
    ChainNode("tools", "application", (("cascade", "flow"),)),
    ChainNode("cascade", "cascade", (("recycling", "flow"),)),
    ChainNode("recycling", "recycling", tuple((m, "loop") for m in _MATERIALS)),
    ChainNode("wind", "green_power", (("cells", "power"), ("pack", "power"))),
    ChainNode("solar", "green_power", (("cells", "power"), ("pack", "power"))),
    ChainNode("park", "platform", (("cells", "hosts"), ("anode", "hosts"), ("separator", "hosts"))),
)

NODE_IDS: tuple[str, ...] = tuple(n.id for n in CHAIN_NODES)
NODES: dict[str, ChainNode] = {n.id: n for n in CHAIN_NODES}


def nodes_in_segment(segment: str) -> tuple[ChainNode, ...]:
    return tuple(n for n in CHAIN_NODES if n.segment == segment)


def chain_columns() -> tuple[tuple[str, tuple[ChainNode, ...]], ...]:
    """The diagram's columns, left to right: each chain segment with its nodes, in chain order."""
    return tuple((segment, nodes_in_segment(segment)) for segment in CHAIN_SEGMENTS)


def links(kind: str | None = None) -> list[tuple[str, str, str]]:
    """Every link as (source, target, kind), optionally of one kind."""
    return [(n.id, target, k) for n in CHAIN_NODES for target, k in n.links if kind in (None, k)]
