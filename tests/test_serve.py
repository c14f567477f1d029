"""``kg serve`` / ``kg push``: the real Oxigraph server on a free 127.0.0.1 port, over HTTP."""

from __future__ import annotations

import json
import urllib.error
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


def test_serve_a_file_oxigraph_cannot_parse_names_the_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser's message, not the last line of a Rust stack backtrace."""
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(b"\xff\xfe<a> <b> <c> .\n")
    result = CliRunner().invoke(main, ["serve", str(bad), "--port", "0"])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"Error: {bad}: oxigraph cannot load it: Parser error at "
                                    "line 1")
    assert "Invalid UTF-8" in result.output


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


class _Listener:
    """A local HTTP server that records every request it gets (the SSRF target)."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.paths: list[str] = []
        paths = self.paths

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                paths.append(self.path)
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"<html>internal page</html>")

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.server.server_address[1]}/secret"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def listener():
    target = _Listener()
    yield target
    target.close()


def _post(url: str, data: bytes, content_type: str) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_read_only_server_refuses_service_in_every_request_shape(graph_file: Path,
                                                                  listener: _Listener) -> None:
    query = f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with OxigraphServer(graph_file, host=HOST) as server:
        form = urllib.parse.urlencode({"query": query}).encode()
        shapes = [
            _post(server.query_url, form, "application/x-www-form-urlencoded"),
            _post(server.query_url, query.encode(), "application/sparql-query"),
            _post(server.query_url + "?" + urllib.parse.urlencode({"query": query}), b"",
                  "application/sparql-query"),
        ]
        try:
            urllib.request.urlopen(server.query_url + "?" + form.decode(), timeout=30)
        except urllib.error.HTTPError as error:
            shapes.append((error.code, error.read().decode()))
        for status, body in shapes:
            assert status == 403 and "--allow-service" in body
        assert count(server.query_url, "?s ?p ?o") > 100  # other queries still run
    assert listener.paths == []  # nothing reached the target


def test_allow_service_turns_federation_on(graph_file: Path, listener: _Listener) -> None:
    query = f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with OxigraphServer(graph_file, host=HOST, allow_service=True) as server:
        _post(server.query_url, query.encode(), "application/sparql-query")
    assert listener.paths == ["/secret"]


def test_kg_serve_warns_about_network_hosts_and_federation(graph_file: Path) -> None:
    import signal
    import subprocess
    import sys

    port = free_port(HOST)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph_file), "--port",
                             str(port), "--host", "0.0.0.0", "--allow-service"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith("SPARQL endpoint")
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    lines = err.splitlines()
    assert any("0.0.0.0" in line and "reachable from the network" in line for line in lines)
    assert any("--allow-service" in line for line in lines)
    assert "Traceback" not in err
