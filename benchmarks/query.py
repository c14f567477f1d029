"""SPARQL speed: rdflib's memory store vs the Oxigraph store on a synthetic kg-shaped graph.

    python benchmarks/query.py                      # 1,000,000 triples, 120 s per rdflib query
    python benchmarks/query.py --triples 200000 --timeout 30

The graph mimics a kg build: entities with types, labels and mention counts; statements with
type, subject, object, relation, confidence, source document and sentence. A quarter of the
entities are people and a quarter organisations, so about one statement in 16 has a person
as subject and an organisation as object (the rows the join query asks for).

Each query runs through ``KnowledgeGraph.query`` on both graphs (the Oxigraph one goes straight
to pyoxigraph; fastest of ``--repeat`` runs). Each rdflib query runs once, in a forked child
process that is stopped after ``--timeout`` seconds; a query that is stopped is reported as
``> TIMEOUT s (timed out)`` and its speed-up as a lower bound (``≥ N×``), so the benchmark
always finishes.

Acceptance: Oxigraph ≥ 10× faster than rdflib on every query.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import tempfile
import time
from decimal import Decimal
from multiprocessing.connection import Connection

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace

from kg.api.graph import KnowledgeGraph
from kg.ontology.namespace import KG
from kg.rdf import serialize
from kg.store.oxigraph import open_store, store_graph

R = Namespace("https://w3id.org/kg/id/")
TYPES = [KG.Person, KG.Organization, KG.Place, KG.Concept]
QUERIES = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "count by predicate":
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)",
    "join (who did what to whom)":
        "SELECT ?who ?rel ?what WHERE { ?st a kg:Statement ; kg:subject ?s ; kg:relation ?rel ;"
        " kg:object ?o . ?s a kg:Person ; rdfs:label ?who ."
        " ?o a kg:Organization ; rdfs:label ?what } LIMIT 1000",
    "filter on labels":
        "SELECT ?e ?label WHERE { ?e rdfs:label ?label FILTER(CONTAINS(?label, 'name 12')) }",
}
SPEEDUP_WANTED = 10.0


def synthetic(triples: int, seed: int = 7) -> Graph:
    """About ``triples`` triples: ``triples // 40`` entities, then statements of 7 triples."""
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
    """The fastest of ``repeat`` runs of ``query`` (seconds) and its number of rows."""
    best = float("inf")
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(list(graph.query(query)))
        best = min(best, time.perf_counter() - started)
    return best, rows


def _timed_child(graph: KnowledgeGraph, query: str, conn: Connection) -> None:
    try:
        conn.send(timed(graph, query, 1))
    except BaseException as error:  # report it to the parent rather than die silently
        conn.send(error)
    finally:
        conn.close()


def timed_limited(graph: KnowledgeGraph, query: str, timeout: float) -> tuple[float, int] | None:
    """``timed(graph, query, 1)`` in a forked child process (which shares ``graph`` without
    copying it); ``None`` when the child has not answered within ``timeout`` seconds."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_timed_child, args=(graph, query, sender), daemon=True)
    child.start()
    sender.close()  # the child holds the only sending end now
    try:
        if not receiver.poll(timeout):
            return None
        try:
            answer = receiver.recv()
        except EOFError:
            raise RuntimeError(f"rdflib child process died (exit code {child.exitcode})") from None
        if isinstance(answer, BaseException):
            raise answer
        return answer  # type: ignore[no-any-return]
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2, help="Oxigraph runs per query (fastest)")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds each rdflib query may take before it is stopped")
    args = parser.parse_args()
    started = time.perf_counter()
    memory = KnowledgeGraph(synthetic(args.triples))
    print(f"{len(memory):,} triples generated in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        db = open_store(f"{tmp}/store")
        lines = serialize.rdflib_lines(memory.graph)
        db.load("".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
        store = KnowledgeGraph(store_graph(db))
        print(f"loaded into Oxigraph in {time.perf_counter() - started:.0f} s")
        print(f"rdflib: one run per query, stopped after {args.timeout:.0f} s; "
              f"oxigraph: fastest of {args.repeat}")
        total_mem = total_ox = 0.0
        any_timed_out = False
        smallest = (float("inf"), False)  # the smallest speed-up, and whether it is a bound
        for name, query in QUERIES.items():
            ox_s, ox_rows = timed(store, query, args.repeat)
            answer = timed_limited(memory, query, args.timeout)
            if answer is None:
                any_timed_out = True
                mem_s = args.timeout
                mem_cell = f"> {args.timeout:.0f} s (timed out)"
                speedup_cell = f"≥ {mem_s / ox_s:.0f}×"
            else:
                mem_s, mem_rows = answer
                assert ox_rows == mem_rows, (name, ox_rows, mem_rows)
                mem_cell = f"{mem_s:.2f} s"
                speedup_cell = f"{mem_s / ox_s:.0f}×"
            smallest = min(smallest, (mem_s / ox_s, answer is None))
            total_mem, total_ox = total_mem + mem_s, total_ox + ox_s
            print(f"{name:30} rdflib {mem_cell:>22}  oxigraph {ox_s:7.3f} s  "
                  f"{speedup_cell:>7}  ({ox_rows:,} rows)", flush=True)
        bound = "≥ " if any_timed_out else ""
        total_cell = f"{'> ' if any_timed_out else ''}{total_mem:.2f} s"
        print(f"{'all queries':30} rdflib {total_cell:>22}  oxigraph {total_ox:7.3f} s  "
              f"{bound + f'{total_mem / total_ox:.0f}×':>7}")
        speedup, is_bound = smallest
        verdict = ("pass" if speedup >= SPEEDUP_WANTED
                   else "inconclusive (raise --timeout)" if is_bound else "FAIL")
        print(f"smallest speed-up: {'≥ ' if is_bound else ''}{speedup:.0f}× "
              f"(wanted ≥ {SPEEDUP_WANTED:.0f}× on every query): {verdict}")


if __name__ == "__main__":
    main()
