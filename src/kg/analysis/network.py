"""Graph analytics with networkx: the statement graph, statistics and paths between entities.

>>> import kg
>>> nxg = kg.to_networkx(kg.load("out/graph.ttl"))      # doctest: +SKIP
>>> graph_stats(kg.load("out/graph.ttl"))["entities"]   # doctest: +SKIP

networkx is imported inside the functions, so ``import kg`` stays fast.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from kg.analysis.measures import pagerank
from kg.errors import AmbiguousEntityError, EntityNotFoundError, KGError
from kg.rdf.formats import NETWORK_FORMATS

if TYPE_CHECKING:
    import networkx as nx

    from kg.api.graph import KnowledgeGraph
    from kg.model import EntityRecord, StatementRecord

#: Node types never reached through a phrase link (too generic to connect anything).
_PHRASE_SKIP_TYPES = frozenset({"Concept", "Date", "Quantity"})
_MAX_NGRAM = 8
_WORD = re.compile(r"\w+")
#: Path length of a phrase link: a statement path of the same length is shown first.
PHRASE_COST = 1.5


# -- the networkx bridge ------------------------------------------------------------------


def to_networkx(graph: KnowledgeGraph, *, phrase_links: bool = False) -> nx.MultiDiGraph:
    """The statement graph: one node per entity, one edge per statement (subject → object).

    Nodes carry ``label``, ``type``, ``aliases`` (tuple) and ``mentions``; edges are keyed by
    the statement IRI and carry ``relation``, ``sentence``, ``source``, ``confidence``,
    ``statement`` and ``kind`` (``"statement"``). Statements whose object is a value, not an
    entity, have no edge. With ``phrase_links`` a noun-phrase node (type ``Concept``) also
    links to each named entity whose label or alias it contains (``kind="phrase"``, relation
    ``"contains"``): "graduate student at Columbia University" → Columbia University.
    """
    return _build(graph.entities(), graph.statements(), phrase_links)


def _build(entities: Iterable[EntityRecord], statements: Iterable[StatementRecord],
           phrase_links: bool) -> nx.MultiDiGraph:
    import networkx as nx

    g = nx.MultiDiGraph()
    for e in entities:
        g.add_node(e.iri, label=e.label, type=e.type, aliases=e.aliases, mentions=e.mentions)
    for st in statements:
        if not st.object_id:
            continue
        for iri, label in ((st.subject_id, st.subject), (st.object_id, st.object)):
            if iri not in g:
                g.add_node(iri, label=label, type="Entity", aliases=(), mentions=0)
        g.add_edge(st.subject_id, st.object_id, key=st.iri, relation=st.predicate,
                   sentence=st.sentence, source=st.source, confidence=st.confidence,
                   statement=st.iri, kind="statement")
    if phrase_links:
        _add_phrase_links(g)
    return g


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


def _add_phrase_links(g: nx.MultiDiGraph) -> None:
    """Link each Concept node to the named entities whose label or alias occurs in its label."""
    names: dict[tuple[str, ...], set[str]] = {}
    for node, data in g.nodes(data=True):
        if data["type"] not in _PHRASE_SKIP_TYPES:
            for name in (data["label"], *data["aliases"]):
                key = _words(name)
                if 0 < len(key) <= _MAX_NGRAM:
                    names.setdefault(key, set()).add(node)
    longest = max((len(k) for k in names), default=0)
    for node, data in sorted(g.nodes(data=True)):
        if data["type"] != "Concept":
            continue
        words = _words(data["label"])
        found: set[str] = set()
        for size in range(1, min(longest, len(words)) + 1):
            for start in range(len(words) - size + 1):
                found.update(names.get(words[start:start + size], ()))
        if not found - {node}:
            continue
        # the sentence the phrase was read from: that of its most confident statement
        seen = [d for *_, d in g.in_edges(node, data=True)] + [
            d for *_, d in g.out_edges(node, data=True)]
        first = min(seen, key=lambda d: (-d["confidence"], d["statement"]), default=None)
        sentence, source = (first["sentence"], first["source"]) if first else ("", "")
        for target in sorted(found - {node}):
            g.add_edge(node, target, key=f"phrase:{node}>{target}", relation="contains",
                       sentence=sentence, source=source, confidence=1.0, statement="",
                       kind="phrase")


def _undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """A simple undirected graph: ``weight`` = number of statements between two nodes, and
    ``cost`` (for paths) 1 when a statement links them, ``PHRASE_COST`` for a phrase link only.
    """
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(g.nodes)
    weights: Counter[tuple[str, str]] = Counter()
    stated: set[tuple[str, str]] = set()
    for u, v, kind in g.edges(data="kind"):
        if u != v:
            pair = (u, v) if u <= v else (v, u)
            weights[pair] += 1
            if kind == "statement":
                stated.add(pair)
    for (u, v), w in sorted(weights.items()):
        simple.add_edge(u, v, weight=w, cost=1.0 if (u, v) in stated else PHRASE_COST)
    return simple


# -- export -------------------------------------------------------------------------------


def _stringified(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with every attribute a string (GraphML/GEXF readers handle strings best)."""
    import networkx as nx

    def text(value: Any) -> str:
        if isinstance(value, tuple | list):
            return "; ".join(str(v) for v in value)
        if isinstance(value, float):
            return f"{value:.3f}"
        return str(value)

    out = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        out.add_node(node, **{k: text(v) for k, v in sorted(data.items())})
    for u, v, key, data in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **{k: text(v) for k, v in sorted(data.items())})
    return out


def network_text(graph: KnowledgeGraph, fmt: str) -> str:
    """The statement graph as GraphML or GEXF text; the same graph gives the same bytes."""
    import networkx as nx

    g = _stringified(to_networkx(graph))
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(g, named_key_ids=True,
                                             edge_id_from_attribute="statement")) + "\n"
    if fmt == "gexf":
        text = "\n".join(nx.generate_gexf(g)) + "\n"
        return re.sub(r' lastmodifieddate="[^"]*"', "", text)  # today's date: not reproducible
    from kg.errors import unknown_choice

    raise unknown_choice("network format", fmt, NETWORK_FORMATS)


# -- statistics ---------------------------------------------------------------------------


def _ranked(values: dict[str, float], g: nx.MultiDiGraph, top: int) -> list[dict[str, Any]]:
    order = sorted(values, key=lambda n: (-values[n], g.nodes[n]["label"], n))[:top]
    return [{"label": g.nodes[n]["label"], "type": g.nodes[n]["type"], "iri": n,
             "value": values[n]} for n in order]


def graph_stats(graph: KnowledgeGraph, *, top: int = 10, seed: int = 0) -> dict[str, Any]:
    """Counts, central entities, components and communities, as a JSON-ready dict.

    Degree counts statements in either direction; PageRank runs on the undirected graph
    weighted by statement count (as in the HTML view); components are weakly connected;
    communities come from Louvain with a fixed ``seed``, so the output is reproducible.
    """
    import networkx as nx

    records = graph.statements()
    g = _build(graph.entities(), records, phrase_links=False)
    simple = _undirected(g)
    degree = {n: float(d) for n, d in g.degree()}
    rank = pagerank(simple)
    components = sorted(nx.weakly_connected_components(g), key=lambda c: (-len(c), min(c)))
    communities = nx.community.louvain_communities(simple, seed=seed) if len(g) else []
    communities = sorted(communities, key=lambda c: (-len(c), min(c)))
    relations = Counter(r.predicate for r in records)
    types = Counter(data["type"] for _, data in g.nodes(data=True))

    def members(nodes: Iterable[str]) -> list[str]:
        return [g.nodes[n]["label"] for n in sorted(nodes, key=lambda n: (-degree[n], n))]

    return {
        "entities": g.number_of_nodes(),
        "statements": len(records),
        "entity_links": g.number_of_edges(),
        "types": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
        "relations": dict(sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))[:top]),
        "relation_kinds": len(relations),
        "top_degree": _ranked(degree, g, top),
        "top_pagerank": _ranked({str(n): r for n, r in rank.items()}, g, top),
        "components": {"count": len(components),
                       "isolated": sum(1 for c in components if len(c) == 1),
                       "largest": [len(c) for c in components[:top]]},
        "communities": {"count": len(communities), "seed": seed,
                        "largest": [{"size": len(c), "members": members(c)[:top]}
                                    for c in communities[:top] if len(c) > 1]},
    }


def format_stats(stats: dict[str, Any], width: int | None = None) -> str:
    """``graph_stats`` as a readable report of aligned tables (fitted to ``width`` cells)."""
    from functools import partial

    from kg.query.table import clip, format_table

    table = partial(format_table, width=width)
    comp = stats["components"]
    lines = [f"entities     {stats['entities']:,}",
             f"statements   {stats['statements']:,} ({stats['entity_links']:,} between entities)",
             f"components   {comp['count']:,} weakly connected ({comp['isolated']:,} isolated);"
             f" largest: {', '.join(str(n) for n in comp['largest'][:5]) or '-'}",
             f"communities  {stats['communities']['count']:,} (Louvain, seed "
             f"{stats['communities']['seed']}; {len(stats['communities']['largest']):,} of the"
             " largest shown)", ""]
    lines += [table(["type", "entities"], [[t, str(n)] for t, n in stats["types"].items()]),
              ""]
    lines += [table([f"relation (top of {stats['relation_kinds']:,})", "statements"],
                    [[clip(r, 60), str(n)] for r, n in stats["relations"].items()]), ""]
    for key, name, fmt in (("top_degree", "degree", "{:.0f}"),
                           ("top_pagerank", "pagerank", "{:.4f}")):
        rows = [[clip(r["label"], 60), r["type"], fmt.format(r["value"])] for r in stats[key]]
        lines += [table(["entity", "type", name], rows), ""]
    rows = [[str(i), str(c["size"]), ", ".join(clip(m, 30) for m in c["members"])]
            for i, c in enumerate(stats["communities"]["largest"], 1)]
    lines.append(table(["community", "size", "members (by degree)"], rows))
    return "\n".join(lines)


# -- finding entities and paths ------------------------------------------------------------


def _describe(g: nx.MultiDiGraph, node: str) -> str:
    return f"{g.nodes[node]['label']} ({g.nodes[node]['type']}, {node})"


def find_entity(g: nx.MultiDiGraph, name: str) -> str:
    """The node named ``name``: an IRI (bare or as ``<IRI>``), or a label or alias
    (case-insensitive).

    A label match wins over an alias match; several matches raise ``AmbiguousEntityError``
    and none ``EntityNotFoundError``, both listing candidates.
    """
    if name in g:
        return name
    if name.startswith("<") and name.endswith(">"):
        if name[1:-1] in g:
            return name[1:-1]
        raise EntityNotFoundError(f"no entity has the IRI {name}")
    wanted = " ".join(name.split()).casefold()
    by_label = sorted(str(n) for n, d in g.nodes(data=True) if d["label"].casefold() == wanted)
    matches = by_label or sorted(str(n) for n, d in g.nodes(data=True)
                                 if wanted in (a.casefold() for a in d["aliases"]))
    named = [n for n in matches if g.nodes[n]["type"] != "Concept"]
    if len(named) == 1:  # a named entity wins over a noun phrase that reads the same
        return named[0]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(_describe(g, n) for n in matches[:8])
        raise AmbiguousEntityError(f"{name!r} names {len(matches)} entities: {listed}; "
                                   "name one by its IRI, e.g. "
                                   f"'<{matches[0]}>'")
    labels = {d["label"].casefold(): n for n, d in sorted(g.nodes(data=True))}
    close = [labels[k] for k in difflib.get_close_matches(wanted, list(labels), n=5, cutoff=0.6)]
    close += sorted(n for k, n in labels.items() if wanted in k and n not in close)
    hint = ("; did you mean: " + "; ".join(_describe(g, n) for n in close[:5])) if close else ""
    raise EntityNotFoundError(f"no entity named {name!r}{hint}")


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path: a statement (or phrase link) read in its own direction."""

    subject: str
    relation: str
    object: str
    sentence: str
    source: str
    statement: str
    kind: str
    confidence: float
    alternatives: int  # other statements linking the same two entities


def _hop(g: nx.MultiDiGraph, a: str, b: str) -> Hop:
    edges = [(u, v, d) for u, v in ((a, b), (b, a)) if g.has_edge(u, v)
             for d in g.get_edge_data(u, v).values()]
    u, v, d = min(edges, key=lambda e: (e[2]["kind"] != "statement", -e[2]["confidence"],
                                        e[2]["statement"]))
    return Hop(g.nodes[u]["label"], d["relation"], g.nodes[v]["label"], d["sentence"],
               d["source"], d["statement"], d["kind"], d["confidence"], len(edges) - 1)


def find_paths(graph: KnowledgeGraph | nx.MultiDiGraph, a: str, b: str, *, max_paths: int = 3,
               phrase_links: bool = True) -> list[list[Hop]]:
    """Up to ``max_paths`` shortest connections between entities ``a`` and ``b``, shortest first.

    Statements are followed in either direction; each hop shows the most confident statement
    linking its two entities; a path through a phrase link counts it as 1.5 steps. An empty
    list means they are not connected. ``graph`` may be a prebuilt ``to_networkx`` graph (then
    ``phrase_links`` is whatever it was built with).
    """
    import networkx as nx

    g = graph if isinstance(graph, nx.MultiDiGraph) else to_networkx(
        graph, phrase_links=phrase_links)
    start, end = find_entity(g, a), find_entity(g, b)
    if start == end:
        raise KGError(f"{a!r} and {b!r} are the same entity ({start})")
    simple = _undirected(g)
    paths: list[list[Hop]] = []
    try:
        for nodes in nx.shortest_simple_paths(simple, start, end, weight="cost"):
            paths.append([_hop(g, u, v) for u, v in pairwise(nodes)])
            if len(paths) >= max_paths:
                break
    except nx.NetworkXNoPath:
        pass
    return paths


def format_path(path: Sequence[Hop], number: int | None = None) -> str:
    """One path, statement by statement, each with its source sentence."""
    head = f"path {number}: " if number is not None else ""
    lines = [f"{head}{len(path)} {'step' if len(path) == 1 else 'steps'}"]
    for i, hop in enumerate(path, 1):
        more = f"  (+{hop.alternatives} more)" if hop.alternatives else ""
        if hop.kind == "phrase":
            more = "  (the phrase names the entity)"
        lines.append(f"  {i}. {hop.subject} —{hop.relation}→ {hop.object}{more}")
        if hop.sentence and i > 1 and hop.sentence == path[i - 2].sentence:
            lines.append("     (same sentence)")
        elif hop.sentence:
            lines.append(f"     [{hop.source}] {' '.join(hop.sentence.split())}")
    return "\n".join(lines)


# -- notebooks ------------------------------------------------------------------------------


def iframe_html(page: str, *, height: int = 600) -> str:
    """An ``<iframe>`` (in a ``<div>``) showing the HTML document ``page``, escaped into
    ``srcdoc`` so the page runs in its own document.

    For notebooks: ``IPython.display.HTML(iframe_html(render_html(...)))``.
    """
    return (f'<div class="kg-graph"><iframe srcdoc="{html.escape(page, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts"></iframe></div>')
