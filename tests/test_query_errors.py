"""``kg query`` on a graph file and on a store: no federation by default, updates refused with
the same words everywhere, and one-line errors (never a traceback) when a SERVICE fails."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query.guard import UPDATE_REFUSED

ARTICLE = "Federal agents detained Leila Haddad in Oakport on Tuesday.\n"


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The same small build as a graph file and as an Oxigraph store."""
    tmp = tmp_path_factory.mktemp("query-errors")
    (tmp / "story.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp / "story.txt"), "--out", str(tmp / "out"),
                                       "--no-html", "--workers", "1", "--store",
                                       f"oxigraph:{tmp / 'store'}"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["build", str(tmp / "story.txt"), "--out",
                                       str(tmp / "file"), "--no-html", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return {"file": str(tmp / "file" / "graph.ttl"), "store": str(tmp / "store")}


@pytest.fixture()
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_line_error(output: str) -> str:
    assert "Traceback" not in output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    return lines[0]


@pytest.mark.parametrize("kind", ["file", "store"])
def test_service_is_refused_without_contacting_anyone(graphs: dict[str, str], kind: str) -> None:
    with socket.socket() as target:
        target.bind(("127.0.0.1", 0))
        target.listen()
        target.setblocking(False)
        url = f"http://127.0.0.1:{target.getsockname()[1]}/x"
        result = CliRunner().invoke(main, ["query", graphs[kind],
                                           f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"])
        assert result.exit_code == 1
        assert "--allow-service" in one_line_error(result.output)
        with pytest.raises(BlockingIOError):
            target.accept()  # no connection was ever made


@pytest.mark.parametrize("kind", ["file", "store"])
def test_allowed_service_to_a_closed_port_is_one_line(graphs: dict[str, str], kind: str,
                                                      closed_port: int) -> None:
    query = f"SELECT * {{ SERVICE <http://127.0.0.1:{closed_port}/x> {{ ?s ?p ?o }} }}"
    result = CliRunner().invoke(main, ["query", graphs[kind], query, "--allow-service"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("Warning: --allow-service")
    error = one_line_error("\n".join(result.output.splitlines()[1:]))
    assert "refused" in error.lower()


@pytest.mark.parametrize("kind", ["file", "store"])
@pytest.mark.parametrize("update", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    "PREFIX x: <urn:x:> DELETE WHERE { ?s ?p ?o }"])
def test_updates_say_where_updates_are_allowed(graphs: dict[str, str], kind: str,
                                               update: str) -> None:
    result = CliRunner().invoke(main, ["query", graphs[kind], update])
    assert result.exit_code == 1
    assert one_line_error(result.output) == f"Error: {UPDATE_REFUSED}"
