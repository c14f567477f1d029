"""``kg serve`` / ``kg push``: the real Oxigraph server on a free 127.0.0.1 port, over HTTP."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store.serve import OxigraphServer, free_port, push

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HOST = "127.0.0.1"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serve")
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--out", str(out), "--no-html",
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def sparql(url: str, query: str) -> dict:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def count(url: str, where: str) -> int:
    answer = sparql(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
    return int(answer["results"]["bindings"][0]["n"]["value"])


def test_read_only_server_answers_sparql_over_http(graph_file: Path) -> None:
    from kg.api.graph import KnowledgeGraph

    expected = len(KnowledgeGraph.load(graph_file))
    with OxigraphServer(graph_file, host=HOST) as server:
        assert server.url.startswith(f"http://{HOST}:")
        assert count(server.query_url, "?s ?p ?o") == expected
        statements = count(server.query_url, "?s a <https://w3id.org/kg/ns#Statement>")
        assert statements > 0
        with pytest.raises(Exception, match=r"HTTP [45]\d\d"):
            push(graph_file, server.store_url)  # read-only: writes are refused
        process = server.process
    assert process is not None and process.poll() is not None  # stopped on exit


def test_push_into_a_writable_server(graph_file: Path) -> None:
    from kg.api.graph import KnowledgeGraph

    expected = len(KnowledgeGraph.load(graph_file))
    server = OxigraphServer(graph_file, host=HOST, writable=True)
    try:
        server.start()
        result = CliRunner().invoke(main, ["push", str(graph_file), "--endpoint",
                                           server.store_url, "--graph", "urn:kg:test"])
        assert result.exit_code == 0, result.output
        assert "HTTP 20" in result.output
        assert count(server.query_url, "GRAPH <urn:kg:test> { ?s ?p ?o }") == expected
        # PUT replaces: pushing again leaves the same number of triples
        push(graph_file, server.store_url, graph="urn:kg:test")
        assert count(server.query_url, "GRAPH <urn:kg:test> { ?s ?p ?o }") == expected
    finally:
        server.stop()
    assert server.process is not None and server.process.poll() is not None


def test_push_to_nowhere_is_a_one_line_error(graph_file: Path) -> None:
    port = free_port(HOST)
    result = CliRunner().invoke(main, ["push", str(graph_file), "--endpoint",
                                       f"http://{HOST}:{port}/store"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach") and result.output.count("\n") == 1


def test_serve_a_missing_graph_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(tmp_path / "nope.ttl"), "--port", "0"])
    assert result.exit_code == 1 and "no such graph file" in result.output


def test_kg_serve_command_prints_endpoint_and_stops_with_its_server(graph_file: Path) -> None:
    import signal
    import subprocess
    import sys

    port = free_port(HOST)
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", str(graph_file), "--port",
                             str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.split() == ["SPARQL", "endpoint", f"http://{HOST}:{port}/query"]
        assert count(f"http://{HOST}:{port}/query", "?s ?p ?o") > 100
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
    with pytest.raises(OSError):  # the oxigraph child is gone too
        urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=2)
