"""SPARQL speed: rdflib's memory store vs the Oxigraph store on a synthetic kg-shaped graph.

    python benchmarks/query.py [--triples 1000000]

The graph mimics a kg build: entities with types and labels, statements with subject,
object, relation, confidence and source document. Each query runs through
``KnowledgeGraph.query`` on both (the Oxigraph one goes straight to pyoxigraph).
Acceptance: Oxigraph ≥ 10× faster on these queries.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace

from kg.graph import KnowledgeGraph
from kg.namespace import KG
from kg.store import StoreWriter

R = Namespace("https://w3id.org/kg/id/")
TYPES = [KG.Person, KG.Organization, KG.Place, KG.Concept]
QUERIES = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "count by predicate":
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)",
    "join (who did what to whom)":
        "SELECT ?who ?rel ?what WHERE { ?st kg:subject ?s ; kg:relation ?rel ; kg:object ?o . "
        "?s a kg:Person ; rdfs:label ?who . ?o a kg:Organization ; rdfs:label ?what } LIMIT 1000",
    "filter on labels":
        "SELECT ?e ?label WHERE { ?e rdfs:label ?label FILTER(CONTAINS(?label, 'name 12')) }",
}


def synthetic(triples: int, seed: int = 7) -> Graph:
    rng = random.Random(seed)
    g = Graph()
    entities = max(100, triples // 40)
    for i in range(entities):
        g.add((R[f"e/{i}"], RDF.type, TYPES[i % len(TYPES)]))
        g.add((R[f"e/{i}"], RDFS.label, Literal(f"name {i}")))
        g.add((R[f"e/{i}"], KG.mentionCount, Literal(rng.randint(1, 50))))
    st = 0
    while len(g) < triples:
        s = R[f"statement/{st}"]
        for p, o in ((RDF.type, KG.Statement), (KG.subject, R[f"e/{rng.randrange(entities)}"]),
                     (KG.object, R[f"e/{rng.randrange(entities)}"]),
                     (KG.relation, Literal(rng.choice(["said", "detained", "met", "sued"]))),
                     (KG.confidence, Literal(Decimal(rng.randint(1, 99)) / 100,
                                             datatype=XSD.decimal)),
                     (KG.sourceDocument, R[f"document/{st // 20}"]),
                     (KG.sentence, Literal(f"Sentence {st} of the synthetic corpus."))):
            g.add((s, p, o))
        st += 1
    return g


def timed(graph: KnowledgeGraph, query: str, repeat: int) -> tuple[float, int]:
    best = float("inf")
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(list(graph.query(query)))
        best = min(best, time.perf_counter() - started)
    return best, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    started = time.perf_counter()
    memory = KnowledgeGraph(synthetic(args.triples))
    print(f"{len(memory):,} triples generated in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        writer = StoreWriter(f"{tmp}/store")
        store = KnowledgeGraph(writer.finish(memory.graph))
        print(f"loaded into Oxigraph in {time.perf_counter() - started:.0f} s")
        total_mem = total_ox = 0.0
        for name, query in QUERIES.items():
            ox_s, ox_rows = timed(store, query, args.repeat)
            mem_s, mem_rows = timed(memory, query, 1)
            assert ox_rows == mem_rows, (name, ox_rows, mem_rows)
            total_mem, total_ox = total_mem + mem_s, total_ox + ox_s
            print(f"{name:30} rdflib {mem_s:8.2f} s  oxigraph {ox_s:7.3f} s  "
                  f"{mem_s / ox_s:6.0f}×  ({ox_rows} rows)", flush=True)
        print(f"{'all queries':30} rdflib {total_mem:8.2f} s  oxigraph {total_ox:7.3f} s  "
              f"{total_mem / total_ox:6.0f}×  (≥ 10×)")


if __name__ == "__main__":
    main()
