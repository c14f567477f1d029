"""The interactive HTML view: a self-contained vis-network page built with pyvis.

``render_html`` turns entity and statement records into one HTML file that works offline:
vis-network's JavaScript is inlined, the page references no remote URL, and the output is
deterministic (nodes and edges are sorted, ids are counters, the layout seed is fixed).

What the page shows:

* one node per entity, coloured by type (legend with counts and a filter checkbox per type),
  sized by PageRank computed on the drawn graph;
* one arrow per distinct (subject, relation, object); parallel statements are merged and their
  sentences and documents are listed in the edge tooltip;
* literal objects (adjectives, clauses, values) are **not** drawn as nodes: they would add
  many one-off leaves that connect nothing and drown the entities.  They are listed as
  "facts" in their subject's tooltip instead;
* a search box (label or alias → focus) and a physics toggle.  The layout is computed by
  a physics stabilisation capped in iterations and in time (``LAYOUT_BUDGET_MS``), then
  physics is frozen so big pages stay responsive; ticking "Physics" resumes it.

Safety: every string from the data reaches the page either through Jinja's autoescaping
(title, legend) or as JSON inside ``<script>`` with ``<``, ``>``, ``&``, ``'``, U+2028 and
U+2029 escaped; the page's script builds tooltips with ``textContent`` and never sets
``innerHTML``, and vis-network draws labels on a canvas.
"""

from __future__ import annotations

import functools
import json
import math
import os
import sys
import types
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from kg.errors import ConfigError
from kg.fsutil import atomic_write_text
from kg.model import EntityRecord, StatementRecord

TEMPLATE_DIR = Path(__file__).parent.parent / "data"
TEMPLATE_NAME = "viz_explorer.html"
VIS_JS = ("templates", "lib", "vis-9.1.2", "vis-network.min.js")
UNKNOWN_TYPE = "Thing"
TYPE_COLOURS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Place": "#59a14f",
    "Group": "#b07aa1",
    "Date": "#9c755f",
    "Event": "#e15759",
    "Law": "#76b7b2",
    "Concept": "#edc948",
    "Quantity": "#79706e",
    "CreativeWork": "#ff9da7",
    "Product": "#d37295",
    "Language": "#8cd17d",
    "Facility": "#499894",
    UNKNOWN_TYPE: "#a0a0a0",
}
FALLBACK_COLOURS = ("#86bcb6", "#f1ce63", "#a0cbe8", "#ffbe7d", "#d4a6c8", "#b6992d", "#fabfd2")
MAX_ALIASES = 10
MAX_FACTS = 8
MAX_EVIDENCE = 5
LABEL_CHARS = 40
EDGE_LABEL_CHARS = 30
TEXT_CHARS = 400
BIG_GRAPH = 1000
LAYOUT_BUDGET_MS = 6000  # stabilisation stops after this long even if iterations remain


def script_json(value: Any, **kwargs: Any) -> str:
    """JSON that is safe inside ``<script>``: ``</script>``, ``<!--`` and JS line breaks escaped."""
    kwargs.setdefault("sort_keys", True)
    kwargs.setdefault("ensure_ascii", False)
    kwargs.setdefault("separators", (",", ":"))
    text = json.dumps(value, **kwargs)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("'", "\\u0027"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def type_colour(type_: str) -> str:
    """The colour of an entity type: a fixed palette, then a stable pick for other types."""
    return TYPE_COLOURS.get(type_) or FALLBACK_COLOURS[zlib.crc32(type_.encode()) % 7]


def _shade(colour: str, factor: float) -> str:
    """Darken (factor < 1) or lighten (factor > 1) a ``#rrggbb`` colour."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    if factor <= 1:
        rgb = [round(c * factor) for c in rgb]
    else:
        rgb = [round(c + (255 - c) * (factor - 1)) for c in rgb]
    return "#" + "".join(f"{min(255, c):02x}" for c in rgb)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class _Node:
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    facts: dict[tuple[str, str], None] = field(default_factory=dict)  # ordered set


@dataclass
class _Edge:
    evidence: set[tuple[str, str]] = field(default_factory=set)
    count: int = 0
    confidence: float = 0.0


EdgeKey = tuple[str, str, str]  # subject id, predicate, object id


def _collect(
    entities: Sequence[EntityRecord], statements: Sequence[StatementRecord]
) -> tuple[dict[str, _Node], dict[EdgeKey, _Edge]]:
    """Index entities by IRI and merge statements into edges and literal facts."""
    nodes: dict[str, _Node] = {}
    for ent in sorted(entities, key=lambda e: (e.iri, e.label, e.type)):
        if ent.iri not in nodes:
            nodes[ent.iri] = _Node(ent.label, ent.type or UNKNOWN_TYPE, ent.aliases, ent.mentions)
    edges: dict[EdgeKey, _Edge] = {}
    for st in sorted(statements, key=_statement_key):
        if not st.subject_id:
            continue
        if st.subject_id not in nodes:
            nodes[st.subject_id] = _Node(st.subject, UNKNOWN_TYPE)
        if not st.object_id:
            nodes[st.subject_id].facts[(st.predicate, st.object)] = None
            continue
        if st.object_id not in nodes:
            nodes[st.object_id] = _Node(st.object, UNKNOWN_TYPE)
        key = (st.subject_id, st.predicate, st.object_id)
        edge = edges.get(key)
        if edge is None:
            edge = edges[key] = _Edge()
        edge.count += 1
        edge.confidence = max(edge.confidence, st.confidence)
        if st.sentence or st.source:
            edge.evidence.add((st.sentence, st.source))
    return nodes, edges


def _statement_key(st: StatementRecord) -> tuple[str, ...]:
    return (st.subject_id, st.predicate, st.object_id, st.object, st.source, st.sentence, st.iri)


def _pagerank(keys: Sequence[str], edges: dict[EdgeKey, _Edge]) -> dict[str, float]:
    """PageRank of ``keys`` over the edges among them, weighted by statement count.

    The graph is taken as undirected: a statement links both ends, so an entity that is the
    subject of many statements ranks as high as one that is often their object.
    """
    import networkx as nx

    weights: Counter[tuple[str, str]] = Counter()
    for (subject, _, obj), edge in edges.items():
        weights[(subject, obj) if subject <= obj else (obj, subject)] += edge.count
    graph = nx.Graph()
    graph.add_nodes_from(keys)
    graph.add_weighted_edges_from((s, o, w) for (s, o), w in weights.items())
    if not keys:
        return {}
    try:
        ranks: dict[str, float] = nx.pagerank(graph, max_iter=200, tol=1e-8)
    except nx.PowerIterationFailedConvergence:  # pragma: no cover - fall back to degree
        total = max(1, 2 * graph.number_of_edges())
        ranks = {k: (graph.degree(k) + 1) / total for k in keys}
    return ranks


def _vis_nodes(nodes: dict[str, _Node], ids: dict[str, int], rank: dict[str, float]) -> list[Any]:
    top = max(rank.values(), default=1.0) or 1.0
    out = []
    for key, num in ids.items():
        node = nodes[key]
        label = node.label or "(unnamed)"
        size = 8 + 26 * math.sqrt(rank.get(key, 0.0) / top)
        out.append(
            {
                "id": num,
                "label": _clip(label, LABEL_CHARS),
                "group": node.type,
                "size": round(size, 1),
                "kg": {
                    "label": _clip(label, TEXT_CHARS),
                    "type": node.type,
                    "aliases": [_clip(a, TEXT_CHARS) for a in node.aliases[:MAX_ALIASES]],
                    "more_aliases": max(0, len(node.aliases) - MAX_ALIASES),
                    "mentions": node.mentions,
                    "facts": [
                        [_clip(p, TEXT_CHARS), _clip(v, TEXT_CHARS)]
                        for p, v in islice(node.facts, MAX_FACTS)
                    ],
                    "more_facts": max(0, len(node.facts) - MAX_FACTS),
                },
            }
        )
    return out


def _vis_edges(edges: dict[EdgeKey, _Edge], ids: dict[str, int]) -> list[Any]:
    keyed = sorted(((ids[s], ids[o], p), e) for (s, p, o), e in edges.items())
    seen: Counter[tuple[int, int]] = Counter()
    out = []
    for num, ((src, dst, predicate), edge) in enumerate(keyed):
        pair = (min(src, dst), max(src, dst))
        item: dict[str, Any] = {
            "id": num,
            "from": src,
            "to": dst,
            "label": _clip(predicate, EDGE_LABEL_CHARS),
            "width": round(1 + 0.75 * min(edge.count - 1, 4), 2),
        }
        if k := seen[pair]:  # bend parallel edges apart, alternating sides, so labels stay apart
            bend = min(0.8, 0.25 * ((k + 1) // 2))
            side = "curvedCW" if k % 2 else "curvedCCW"
            item["smooth"] = {"enabled": True, "type": side, "roundness": bend}
        seen[pair] += 1
        evidence = sorted(edge.evidence)
        item["kg"] = {
            "relation": _clip(predicate, TEXT_CHARS),
            "evidence": [
                [_clip(s, TEXT_CHARS), _clip(d, TEXT_CHARS)] for s, d in evidence[:MAX_EVIDENCE]
            ],
            "more_evidence": max(0, len(evidence) - MAX_EVIDENCE),
            "statements": edge.count,
            "confidence": round(edge.confidence, 3),
        }
        out.append(item)
    return out


def _options(types: Sequence[str], n_nodes: int, n_edges: int) -> dict[str, Any]:
    """vis-network options: type groups, a capped stabilisation and lighter settings when big."""
    size = n_nodes + n_edges
    big = size > BIG_GRAPH
    iterations = max(60, min(1000, 200_000 // max(1, size)))
    groups = {}
    for type_ in types:
        colour = type_colour(type_)
        border = _shade(colour, 0.7)
        light = {"background": _shade(colour, 1.35), "border": border}
        groups[type_] = {
            "color": {"background": colour, "border": border, "highlight": light, "hover": light}
        }
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": 14, "color": "#202124", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {
                "color": "#a8adb3",
                "highlight": "#3c4043",
                "hover": "#5f6368",
                "inherit": False,
            },
            "font": {
                "size": 10,
                "color": "#5f6368",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
            "smooth": False if big else {"enabled": True, "type": "continuous"},
        },
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "springLength": 110,
                "avoidOverlap": 0.2,
            },
            "stabilization": {
                "enabled": True,
                "iterations": iterations,
                "updateInterval": 1 if size > 20 * BIG_GRAPH else 5 if big else 20,
                "fit": True,
            },
            "minVelocity": 1,
        },
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 100},
        "interaction": {
            "hover": True,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "tooltipDelay": 150,
        },
    }


def _import_pyvis() -> Any:
    """The ``pyvis`` package, imported without IPython when IPython is not loaded yet.

    ``pyvis.network`` imports ``IPython.display.IFrame`` at import time, only to show a
    network in a notebook; loading IPython costs about half a second of every ``kg build``.
    A stand-in ``IFrame`` imports the real one when it is first called.
    """
    if "pyvis.network" not in sys.modules and "IPython" not in sys.modules:
        package, display = types.ModuleType("IPython"), types.ModuleType("IPython.display")

        def iframe(*args: Any, **kwargs: Any) -> Any:
            from IPython.display import IFrame

            return IFrame(*args, **kwargs)

        display.IFrame = iframe  # type: ignore[attr-defined]
        package.display = display  # type: ignore[attr-defined]
        sys.modules["IPython"], sys.modules["IPython.display"] = package, display
        try:
            import pyvis.network
        finally:
            for name, stub in (("IPython.display", display), ("IPython", package)):
                if sys.modules.get(name) is stub:
                    del sys.modules[name]
    import pyvis

    return pyvis


@functools.cache
def _vis_js() -> str:
    """vis-network's standalone bundle from the pyvis package, ready to inline."""
    pyvis = _import_pyvis()

    text = Path(pyvis.__file__).parent.joinpath(*VIS_JS).read_text(encoding="utf-8")
    text = text.replace("//# sourceMappingURL=vis-network.min.js.map", "")
    if "</script" in text.lower() or "<!--" in text:  # pragma: no cover - bundle check
        raise RuntimeError("the vis-network bundle cannot be inlined safely")
    return text


def preload() -> None:
    """Import and read what ``render_html`` needs (done while a build waits for parsing)."""
    import networkx  # noqa: F401

    _vis_js()


def _summary(shown: tuple[int, int], total: tuple[int, int]) -> str:
    (n_shown, s_shown), (n_total, s_total) = shown, total
    if (n_shown, s_shown) == (n_total, s_total):
        return (
            f"{n_total:,} {'entity' if n_total == 1 else 'entities'} and "
            f"{s_total:,} {'statement' if s_total == 1 else 'statements'}"
        )
    return f"showing {n_shown:,} of {n_total:,} entities and {s_shown:,} of {s_total:,} statements"


def render_html(
    entities: Sequence[EntityRecord],
    statements: Sequence[StatementRecord],
    *,
    title: str = "Knowledge graph",
    max_nodes: int | None = None,
) -> str:
    """Render the graph as one self-contained, offline, deterministic HTML page.

    With ``max_nodes`` only the top ``max_nodes`` entities by PageRank (over the whole graph)
    and the statements among them are drawn; the page says what was left out.
    """
    if max_nodes is not None and (isinstance(max_nodes, bool) or max_nodes < 1):
        raise ConfigError(f"max_nodes must be a positive whole number, not {max_nodes!r}")
    Network = _import_pyvis().network.Network

    nodes, edges = _collect(entities, statements)
    keys = sorted(nodes)
    if max_nodes is not None and len(keys) > max_nodes:
        rank = _pagerank(keys, edges)
        kept = set(sorted(keys, key=lambda k: (-rank[k], k))[:max_nodes])
        keys = [k for k in keys if k in kept]
        edges = {k: e for k, e in edges.items() if k[0] in kept and k[2] in kept}
    kept_keys = set(keys)
    shown_statements = sum(
        1
        for st in statements
        if st.subject_id in kept_keys and (not st.object_id or st.object_id in kept_keys)
    )
    ids = {key: num for num, key in enumerate(keys)}
    rank = _pagerank(keys, edges)
    types = Counter(nodes[k].type for k in keys)
    legend = [(t, type_colour(t), n) for t, n in sorted(types.items(), key=lambda x: (-x[1], x[0]))]

    net = Network(directed=True, cdn_resources="in_line", heading=title)
    net.nodes = _vis_nodes(nodes, ids, rank)
    net.edges = _vis_edges(edges, ids)
    net.set_template_dir(str(TEMPLATE_DIR) + os.sep, TEMPLATE_NAME)
    env = net.templateEnv
    env.policies["json.dumps_function"] = script_json
    env.policies["json.dumps_kwargs"] = {}
    env.globals.update(
        kg_title=title,
        kg_summary=_summary((len(keys), shown_statements), (len(nodes), len(statements))),
        kg_truncated=len(keys) < len(nodes),
        kg_legend=legend,
        kg_options=_options([t for t, _, _ in legend], len(net.nodes), len(net.edges)),
        kg_vis_js=_vis_js(),
        kg_budget_ms=LAYOUT_BUDGET_MS,
    )
    html: str = net.generate_html(name="kg.html")
    return html


def write_html(
    path: str | os.PathLike[str],
    entities: Sequence[EntityRecord],
    statements: Sequence[StatementRecord],
    *,
    title: str = "Knowledge graph",
    max_nodes: int | None = None,
) -> None:
    """Render the page and write it to ``path`` atomically."""
    atomic_write_text(path, render_html(entities, statements, title=title, max_nodes=max_nodes))
