"""The Oxigraph store: streamed builds, and query/export/entities on a store as on a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal

from kg.api.graph import KnowledgeGraph
from kg.cli import main
from kg.store.oxigraph import open_graph, store_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
COUNT = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"


def _values(graph: Graph) -> set[tuple[Any, ...]]:
    """Triples with literals compared by value (Oxigraph writes 0.780 as 0.78)."""
    return {(s, p, (o.datatype, o.toPython()) if isinstance(o, Literal) else o)
            for s, p, o in graph}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``kg build examples --store oxigraph:DIR/store`` and a plain build for comparison."""
    tmp = tmp_path_factory.mktemp("store")
    runner = CliRunner()
    plain = runner.invoke(main, ["build", str(EXAMPLES), "--out", str(tmp / "plain"),
                                 "--no-html", "--workers", "1"])
    assert plain.exit_code == 0, plain.output
    stored = runner.invoke(main, ["build", str(EXAMPLES), "--out", str(tmp / "out"), "--no-html",
                                  "--workers", "1", "--store", f"oxigraph:{tmp / 'store'}"])
    assert stored.exit_code == 0, stored.output
    return tmp / "plain" / "graph.ttl", tmp / "store"


def test_store_holds_the_same_graph(built: tuple[Path, Path]) -> None:
    ttl, store = built
    assert store_path(store) == store  # a store folder is recognised without the prefix
    file_graph = KnowledgeGraph.load(ttl)
    store_graph = KnowledgeGraph.load(f"oxigraph:{store}")
    assert len(store_graph) == len(file_graph) > 100
    assert _values(store_graph.graph) == _values(file_graph.graph)
    assert store_graph.entities() == file_graph.entities()
    assert [r.iri for r in store_graph.statements()] == [r.iri for r in file_graph.statements()]


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_kg_query_on_a_store_prints_as_on_a_file(built: tuple[Path, Path], fmt: str) -> None:
    ttl, store = built
    runner = CliRunner()
    on_file = runner.invoke(main, ["query", str(ttl), COUNT, "--format", fmt])
    on_store = runner.invoke(main, ["query", f"oxigraph:{store}", COUNT, "--format", fmt])
    assert on_file.exit_code == 0 and on_store.exit_code == 0, on_store.output
    assert on_store.output == on_file.output


def test_query_errors_and_ask_on_a_store(built: tuple[Path, Path]) -> None:
    _, store = built
    runner = CliRunner()
    bad = runner.invoke(main, ["query", str(store), "SELECT ?x WHERE {"])
    assert bad.exit_code != 0 and "Error: " in bad.output and "SPARQL" in bad.output
    ask = runner.invoke(main, ["query", str(store), "ASK { ?s a kg:Statement }"])
    assert ask.output.strip() == "true"


@pytest.mark.parametrize("fmt", ["nt", "turtle", "nquads", "tsv"])
def test_kg_export_from_a_store(built: tuple[Path, Path], fmt: str, tmp_path: Path) -> None:
    ttl, store = built
    target = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(main, ["export", str(store), "--format", fmt, "--out",
                                       str(target)])
    assert result.exit_code == 0, result.output
    if fmt == "tsv":
        expected = KnowledgeGraph.load(ttl).serialize("tsv")
        assert target.read_text(encoding="utf-8") == expected
        return
    parsed = Graph()
    if fmt == "nquads":
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(target, format="nquads")
        for s, p, o, _ in ds.quads():
            parsed.add((s, p, o))
    else:
        parsed.parse(target, format=fmt)
    assert _values(parsed) == _values(KnowledgeGraph.load(ttl).graph)


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["query", f"oxigraph:{tmp_path / 'nope'}", "ASK {}"])
    assert result.exit_code == 1 and "no such Oxigraph store" in result.output
    with pytest.raises(Exception, match="no such Oxigraph store"):
        open_graph(f"oxigraph:{tmp_path / 'nope'}")
