"""Ranks, communities and positions of the explorer's first view, computed once in Python.

The layout is computed here rather than by the browser's physics so that a big page is
interactive as soon as it is drawn and the same graph always looks the same: each Louvain
community is laid out on its own (Kamada–Kawai when small, else a seeded spring layout) and
the communities are packed in rows, largest first, so unrelated stories sit apart instead of
piling into one ball.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from kg.analysis import measures

Pair = tuple[int, int]
SPACING = 120.0  # canvas pixels between neighbouring nodes


def _graph(n: int, links: Counter[Pair]) -> object:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(links.items()))
    return graph


def pagerank(n: int, links: Counter[Pair]) -> list[float]:
    """PageRank of ``n`` nodes over weighted undirected ``links`` (0 for unlinked nodes)."""
    if not links:
        return [0.0] * n
    ranks = measures.pagerank(_graph(0, links))
    return [float(ranks.get(i, 0.0)) for i in range(n)]


def communities(n: int, links: Counter[Pair], *, seed: int = 0) -> list[int]:
    """Louvain community of each node, numbered by size (largest 0); -1 for unlinked nodes."""
    import networkx as nx

    out = [-1] * n
    if not links:
        return out
    found = nx.community.louvain_communities(_graph(0, links), seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    for number, members in enumerate(ordered):
        for member in members:
            out[member] = number
    return out


def layout(nodes: Sequence[int], links: Counter[Pair],
           group: Sequence[int]) -> dict[int, list[float]]:
    """Positions of ``nodes``: one spring layout per community, communities packed in rows."""
    import networkx as nx

    members: dict[int, list[int]] = {}
    for node in nodes:
        members.setdefault(group[node], []).append(node)
    blocks = sorted(members.values(), key=lambda m: (-len(m), m[0]))
    inside: dict[int, list[Pair]] = {}  # each community's links, read once for all of them
    drawn = set(nodes)
    for pair in sorted(links):
        if pair[0] in drawn and pair[1] in drawn and group[pair[0]] == group[pair[1]]:
            inside.setdefault(group[pair[0]], []).append(pair)
    width = SPACING * max(4.0, 1.6 * math.sqrt(len(nodes)))
    out: dict[int, list[float]] = {}
    x = y = row_height = 0.0
    for block in blocks:
        sub = nx.Graph()
        sub.add_nodes_from(block)
        sub.add_edges_from(inside.get(group[block[0]], ()))
        size = SPACING * max(0.6, 1.5 * math.sqrt(len(block)))
        if len(block) == 1:
            where = {block[0]: (0.0, 0.0)}
        elif len(block) <= 60:  # small: Kamada–Kawai spreads a hub's neighbours evenly
            where = nx.kamada_kawai_layout(sub)
        else:
            iterations = 50 if len(block) < 200 else 30
            where = nx.spring_layout(sub, seed=7, iterations=iterations)
        if x > 0 and x + size > width:
            x, y, row_height = 0.0, y + row_height + SPACING, 0.0
        for node, (px, py) in where.items():
            out[node] = [round(x + size / 2 + float(px) * size / 2, 1),
                         round(y + size / 2 + float(py) * size / 2, 1)]
        x += size + SPACING
        row_height = max(row_height, size)
    return out
