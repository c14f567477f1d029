"""Small measures shared by ``kg stats`` and the HTML view: PageRank and clipped labels."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


def pagerank(graph: nx.Graph) -> dict[Hashable, float]:
    """PageRank over ``graph`` (edge ``weight``s count), degree where it does not converge."""
    import networkx as nx

    if not len(graph):
        return {}
    try:
        ranks: dict[Hashable, float] = nx.pagerank(graph, max_iter=200, tol=1e-8)
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - fall back to degree
        ranks = {node: float(degree) for node, degree in graph.degree()}
    return ranks


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
