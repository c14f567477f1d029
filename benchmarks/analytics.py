"""Benchmark of the analytics: ``to_networkx``, ``graph_stats`` and ``find_paths``.

    python benchmarks/analytics.py                    # 20,000 entities, 40,000 statements
    python benchmarks/analytics.py --nodes 2000 --statements 4000

Builds a deterministic random RDF graph in the shape kg writes (entities with label, type,
aliases and mention count; kg:Statement nodes with subject, object, relation, sentence and
source; a few hubs from preferential attachment, a tenth of the entities noun phrases that
name another entity), wraps it in a ``KnowledgeGraph`` and prints the time of each step.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.analysis.network import find_paths, graph_stats, to_networkx
from kg.api.graph import KnowledgeGraph
from kg.ontology.namespace import KG

BASE = "https://w3id.org/kg/id/"
TYPES = ("Person", "Organization", "Place", "Group", "Event", "Facility")
RELATIONS = ("met", "works for", "visited", "founded", "criticised", "signed", "sued",
             "was born in", "attended", "replaced")
WORDS = ("north", "river", "alpha", "union", "civic", "grand", "harbor", "stone", "maple",
         "summit", "cedar", "lake", "bright", "iron", "silver", "oak", "delta", "crown")


def synthetic_graph(nodes: int, statements: int, seed: int = 0) -> KnowledgeGraph:
    """A random graph of ``nodes`` entities and ``statements`` statements (deterministic)."""
    rng = random.Random(seed)
    g = Graph()
    iris: list[URIRef] = []
    labels: list[str] = []
    for i in range(nodes):
        words = [rng.choice(WORDS).title() for _ in range(rng.randint(1, 3))]
        label = f"{' '.join(words)} {i}"
        concept = i >= 10 and rng.random() < 0.1  # a noun phrase naming an earlier entity
        if concept:
            label = f"office of {labels[rng.randrange(i)]}"
        kind = "Concept" if concept else rng.choice(TYPES)
        iri = URIRef(f"{BASE}{kind.lower()}/e{i}")
        g.add((iri, RDF.type, KG[kind]))
        g.add((iri, RDFS.label, Literal(label)))
        g.add((iri, KG.mentionCount, Literal(rng.randint(1, 20))))
        if rng.random() < 0.2:
            g.add((iri, SKOS.altLabel, Literal(words[-1] + f" {i}")))
        iris.append(iri)
        labels.append(label)
    ends: list[int] = []  # preferential attachment: endpoints of earlier statements
    for j in range(statements):
        a = rng.choice(ends) if ends and rng.random() < 0.5 else rng.randrange(nodes)
        b = rng.randrange(nodes)
        ends += [a, b]
        st = URIRef(f"{BASE}statement/doc{j % 500}/{j:08x}")
        doc = URIRef(f"{BASE}document/doc{j % 500}")
        relation = rng.choice(RELATIONS)
        for p, o in ((RDF.type, KG.Statement), (KG.subject, iris[a]), (KG.object, iris[b]),
                     (KG.relation, Literal(relation)),
                     (KG.confidence, Literal(Decimal(f"{rng.random():.3f}"),
                                             datatype=XSD.decimal)),
                     (KG.sourceDocument, doc),
                     (KG.sentence, Literal(f"{labels[a]} {relation} {labels[b]}.")),
                     (KG.sentenceStart, Literal(j * 40))):
            g.add((st, p, o))
    for d in range(min(500, statements)):
        doc = URIRef(f"{BASE}document/doc{d}")
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, KG.documentId, Literal(f"doc{d}")))
    return KnowledgeGraph(g)


def timed(name: str, func: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = func()
    print(f"{name:<38} {time.perf_counter() - start:8.2f} s", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=20_000)
    parser.add_argument("--statements", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    graph = timed(f"build synthetic RDF graph ({args.nodes:,} entities)",
                  lambda: synthetic_graph(args.nodes, args.statements, args.seed))
    print(f"{'':<38} {len(graph):,} triples")
    timed("KnowledgeGraph.entities()", graph.entities)
    timed("KnowledgeGraph.statements()", graph.statements)
    g = timed("to_networkx", lambda: to_networkx(graph))
    print(f"{'':<38} {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges")
    timed("to_networkx(phrase_links=True)", lambda: to_networkx(graph, phrase_links=True))
    stats = timed("graph_stats (reads the graph again)", lambda: graph_stats(graph))
    print(f"{'':<38} {stats['components']['count']:,} components, "
          f"{stats['communities']['count']:,} communities")
    linked = timed("to_networkx(phrase_links=True) again",
                   lambda: to_networkx(graph, phrase_links=True))
    rng = random.Random(args.seed)
    labels = [d["label"] for _, d in linked.nodes(data=True) if d["type"] != "Concept"]
    pairs = [(rng.choice(labels), rng.choice(labels)) for _ in range(5)]
    found = timed("find_paths x5 (3 paths, prebuilt graph)",
                  lambda: [find_paths(linked, a, b, max_paths=3) for a, b in pairs if a != b])
    print(f"{'':<38} path lengths: {[[len(p) for p in ps] for ps in found]}")
    timed("find_paths x1 from the KnowledgeGraph",
          lambda: find_paths(graph, pairs[0][0], pairs[0][1], max_paths=3))


if __name__ == "__main__":
    main()
