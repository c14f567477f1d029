"""Validation in a process of its own (``kg.rdf.background``): the same report as in this
process, its errors raised here, and a process that is stopped when the build stops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import GraphError
from kg.rdf.background import BackgroundValidation
from kg.rdf.validate import validate_path
from test_validate import broken


def test_the_report_is_the_one_validate_path_gives(corpus_build: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    broken(Graph().parse(corpus_build / "graph.ttl")).serialize(bad, format="turtle")
    here = validate_path(bad)
    there = BackgroundValidation(bad).result()
    assert not there.conforms and len(there.problems) > 8
    assert (there.problems, there.counts, there.triples, there.documents, there.notices,
            there.more) == (here.problems, here.counts, here.triples, here.documents,
                            here.notices, here.more)
    assert BackgroundValidation(corpus_build).result().conforms


def test_an_error_of_the_check_is_raised_in_the_build(tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GraphError, match="cannot parse"):
        BackgroundValidation(tmp_path / "bad.ttl").result()


def test_a_stopped_check_leaves_no_process(corpus_build: Path) -> None:
    validation = BackgroundValidation(corpus_build)
    process = validation._check._process
    assert process is not None and process.pid is not None
    validation.stop()
    assert not process.is_alive()
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)  # ended and reaped


def _triples(store: object) -> set[str]:
    import pyoxigraph as ox

    assert isinstance(store, ox.Store)
    return {str(q.triple) for q in store}


def test_a_build_to_be_validated_keeps_its_graph_in_memory_and_the_check_reads_it(
        corpus_dir: Path) -> None:
    """``validated``: the build keeps the graph, merged entities and all, in an in-memory
    store as it is built; the check that reads it (here and in its own process) gives the
    report the graph's file gives."""
    import pyoxigraph as ox

    from kg.api.core import build
    from kg.rdf.built import BuiltGraph

    built = build([corpus_dir], workers=1, validated=True)._built
    assert isinstance(built, BuiltGraph) and built.store is not None
    assert built._plan.moved  # merged entities were rewritten in the copy too
    from_file = ox.Store()
    from_file.bulk_load(path=str(built.path), format=ox.RdfFormat.N_TRIPLES)
    assert _triples(built.store) == _triples(from_file)
    here = validate_path(built.path)
    there = BackgroundValidation(built.path, store=built.store).result()
    assert (there.problems, there.counts, there.triples, there.documents) == (
        here.problems, here.counts, here.triples, here.documents)
    assert there.conforms and there.triples == len(built)
    assert build([corpus_dir], workers=1)._built.store is None  # type: ignore[union-attr]


def test_a_copy_that_grows_past_its_limit_is_dropped() -> None:
    import pyoxigraph as ox

    from kg.rdf.assemble import MergePlan
    from kg.rdf.emit import DocumentTriples
    from kg.rdf.sinks import StoreSink

    line = b"<http://example.org/a> <http://example.org/b> \"c\" .\n"
    doc = DocumentTriples("d", line * 3, (), (), (), (), 1, 1, 0, 0, 0, (), ())
    roomy, small = StoreSink(ox.Store(), limit=10 * len(line)), StoreSink(ox.Store(), limit=len(line))
    for sink in (roomy, small):
        sink.add(doc)
        sink.finish(MergePlan({}), [])
    assert roomy.store is not None and len(roomy.store) == 1 and small.store is None


def test_a_store_sink_holds_the_same_triples_whatever_it_buffers() -> None:
    import pyoxigraph as ox

    from kg.rdf.assemble import MergePlan
    from kg.rdf.emit import DocumentTriples
    from kg.rdf.sinks import StoreSink

    docs = [DocumentTriples(f"d{n}", b"".join(
        f'<http://example.org/s{n}-{i}> <http://example.org/p> "{i}" .\n'.encode()
        for i in range(n + 1)), (), (), (), (), 1, 1, 0, 0, 0, (), ()) for n in range(40)]
    stores = []
    for flush in (1, 7, 100_000):  # a write per document, every few, once at the end
        sink = StoreSink(ox.Store(), flush=flush)
        for doc in docs:
            sink.add(doc)
        sink.finish(MergePlan({}), [])
        assert sink.store is not None
        stores.append(sorted(map(str, sink.store)))
    assert len(stores[0]) == sum(range(1, 41)) and stores[0] == stores[1] == stores[2]

