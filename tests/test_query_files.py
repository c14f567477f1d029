"""``kg query`` on a graph file runs in Oxigraph (the file parsed by pyoxigraph): every saved
query answers the same rows as rdflib's SPARQL on an rdflib parse of the file (the old path)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kg.api.graph import KnowledgeGraph
from kg.cli import main
from kg.query.saved import list_saved, parse_bindings
from kg.query.sparql import format_result, run_query
from kg.store.oxigraph import is_store_graph

NAME = "Mahmoud Khalil"  # in the shared corpus


def _rows(text: str, skip: frozenset[str] = frozenset()) -> list[list[str]]:
    """CSV rows, sorted, without the columns named in ``skip``."""
    header, *rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, name in enumerate(header) if name not in skip]
    return [[header[i] for i in keep], *sorted([row[i] for i in keep] for row in rows)]


@pytest.fixture(scope="module")
def parsed(corpus_build: Path) -> Graph:
    return Graph().parse(corpus_build / "graph.ttl")


def test_a_file_is_queried_in_oxigraph(corpus_build: Path) -> None:
    graph = KnowledgeGraph.load(corpus_build / "graph.ttl")
    assert is_store_graph(graph.graph)
    assert len(graph) == len(Graph().parse(corpus_build / "graph.ttl"))


@pytest.mark.parametrize("name", [q.name for q in list_saved()])
def test_saved_queries_give_the_rows_rdflib_gave(corpus_build: Path, parsed: Graph,
                                                 name: str) -> None:
    [query] = [q for q in list_saved() if q.name == name]
    binds = [f"name={NAME}"] if "name" in query.parameters else []
    before = format_result(run_query(parsed, query.text, parse_bindings(binds, query.text)),
                           "csv")
    args = ["query", str(corpus_build / "graph.ttl"), "--saved", name, "--format", "csv"]
    result = CliRunner().invoke(main, args + [a for b in binds for a in ("--bind", b)])
    assert result.exit_code == 0, result.output
    sampled = frozenset(re.findall(r"SAMPLE\([^)]*\)\s+AS\s+\?(\w+)", query.text))  # any value
    rows = _rows(result.output, sampled)
    assert rows == _rows(before, sampled)
    assert len(rows) > 1  # a header and at least one answer


def test_quad_files_are_queried_as_one_graph(corpus_build: Path, tmp_path: Path) -> None:
    graph = KnowledgeGraph.load(corpus_build / "graph.ttl")
    nquads = tmp_path / "graph.nq"
    nquads.write_bytes(graph.serialize_bytes("nquads"))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    runner = CliRunner()
    on_quads = runner.invoke(main, ["query", str(nquads), count, "--format", "csv"])
    on_turtle = runner.invoke(main, ["query", str(corpus_build), count, "--format", "csv"])
    assert on_quads.exit_code == 0 and on_quads.output == on_turtle.output
    assert on_quads.output.split()[1] == str(len(graph))


def test_an_unparsable_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(bad), "ASK {}"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {bad}: cannot parse as turtle")
    assert "Traceback" not in result.output


def test_a_term_longer_than_the_parser_takes_is_one_line(tmp_path: Path) -> None:
    huge = tmp_path / "huge.nt"
    huge.write_text(f'<urn:a> <urn:b> "{"y" * 17_000_000}" .\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(huge), "ASK {}"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {huge}: cannot parse as n-triples: a term (an IRI or a "
                             "literal) is longer than the parser's limit of 16,777,216 bytes\n")


def test_a_file_keeps_the_base_its_prefixes_declare(tmp_path: Path) -> None:
    """A file is loaded by Oxigraph in one call; its prefixes come from the file's head."""
    own = tmp_path / "own.ttl"
    own.write_text("@prefix kgr: <http://example.org/id/> .\n"
                   "@prefix ex: <http://example.org/v#> .\n"
                   "kgr:a ex:p kgr:b .\n", encoding="utf-8")
    graph = KnowledgeGraph.load(own)
    assert dict(graph.graph.namespaces())["kgr"] == URIRef("http://example.org/id/")
    assert len(graph) == 1
