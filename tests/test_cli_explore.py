"""``kg stats``, ``kg path``, ``kg view``, ``kg query --saved`` and GraphML/GEXF export."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main

STORY = str(Path(__file__).parent / "data" / "explore_story.ttl")


def kg(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def error_line(output: str) -> str:
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    return lines[0]


def test_stats_table_and_json() -> None:
    code, out = kg("stats", STORY, "--top", "2")
    assert code == 0, out
    assert out.startswith("entities     11\nstatements   9 (8 between entities)\n")
    assert "Ada Brook" in out and "pagerank" in out and "community" in out
    code, out = kg("stats", STORY, "--format", "json", "--seed", "3")
    data = json.loads(out)
    assert data["types"]["Person"] == 4 and data["communities"]["seed"] == 3
    assert data["top_degree"][0] == {"label": "Ada Brook", "type": "Person",
                                     "iri": "https://w3id.org/kg/id/person/ada-brook",
                                     "value": 4.0}


def test_path_prints_statements_and_sentences() -> None:
    code, out = kg("path", STORY, "ada brook", "MILLFORD", "--max-paths", "2")
    assert code == 0, out
    assert out.startswith("path 1: 2 steps\n  1. Ada Brook —chairs→ River Council\n"
                          "     [d1] Ada Brook chairs the River Council.\n")
    assert "\n\npath 2: 2 steps\n" in out and "path 3" not in out
    code, out = kg("path", STORY, "Ada Brook", "Millford", "--no-phrases")
    assert "contains" not in out and out.count("path ") == 2


def test_path_errors_are_one_line() -> None:
    code, out = kg("path", STORY, "Kent", "Ada Brook")
    assert code == 1
    assert error_line(out).startswith("Error: 'Kent' names 2 entities: Ian Kent (Person, ")
    code, out = kg("path", STORY, "Ada Brok", "Millford")
    assert code == 1 and "did you mean: Ada Brook" in error_line(out)
    code, out = kg("path", STORY, "Ada Brook", "Eastport")
    assert code == 1 and error_line(out).startswith("Error: 'Ada Brook' and 'Eastport' are not "
                                                    "connected")
    code, out = kg("path", "missing.ttl", "a", "b")
    assert code == 1 and "no such graph file" in error_line(out)


def test_view_writes_the_page(tmp_path: Path) -> None:
    out_file = tmp_path / "view.html"
    code, out = kg("view", STORY, "--out", str(out_file), "--max-nodes", "3",
                   "--title", "Story <test>")
    assert code == 0, out
    assert out.strip() == f"wrote {out_file}"
    page = out_file.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html") or "<html" in page[:200].lower()
    assert "Story &lt;test&gt;" in page and "Story <test>" not in page
    assert "Ada Brook" in page and "Eastport" not in page  # the top 3 by PageRank only


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_network_formats(fmt: str, tmp_path: Path) -> None:
    code, out = kg("export", STORY, "--format", fmt)
    assert code == 0
    assert kg("export", STORY, "--format", fmt)[1] == out  # deterministic
    path = tmp_path / f"g.{fmt}"
    path.write_text(out, encoding="utf-8")
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert graph.number_of_nodes() == 11


def test_query_saved_with_bindings() -> None:
    code, out = kg("query", STORY, "--saved", "who-did-what", "--bind", "name=Tom Vale",
                   "--format", "csv")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == "who,did,what,source,sentence" and len(lines) == 4
    assert lines[1].startswith("Tom Vale,criticised,Ada Brook,d2,")
    code, out = kg("query", STORY, "--saved", "entity-profile", "--bind",
                   "entity=<https://w3id.org/kg/id/place/eastport>", "--format", "csv")
    assert out.splitlines()[1].startswith("https://w3id.org/kg/id/place/eastport,Eastport,Place,1")


def test_query_binding_with_a_plain_query_and_injection() -> None:
    query = "SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    code, out = kg("query", STORY, query, "--bind", "label=Millford", "--format", "csv")
    assert out.splitlines() == ["e", "https://w3id.org/kg/id/place/millford"]
    code, out = kg("query", STORY, query, "--bind", 'label=x" } DROP ALL {', "--format", "csv")
    assert code == 0 and out.splitlines() == ["e"]


def test_query_list_saved_needs_no_graph() -> None:
    code, out = kg("query", "--list-saved")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert names == sorted(names)
    assert {"co-occurring", "entity-profile", "quotes-by-person", "timeline",
            "who-did-what"} <= set(names)


def test_query_argument_errors() -> None:
    code, out = kg("query", STORY)
    assert code == 1 and error_line(out) == (
        "Error: give either a QUERY or --saved NAME (see kg query --list-saved)")
    code, out = kg("query", STORY, "ASK { ?s ?p ?o }", "--saved", "timeline")
    assert code == 1
    code, out = kg("query", STORY, "--saved", "nope")
    assert code == 1 and "choose one of: " in error_line(out)
    assert "entity-profile" in error_line(out) and "who-did-what" in error_line(out)
    code, out = kg("query", STORY, "--saved", "timeline", "--bind", "nobody=x")
    assert code == 1 and "has no variable ?nobody" in error_line(out)
    code, out = kg("query", STORY, "--saved", "timeline", "--bind", "name")
    assert code == 1 and "var=value" in error_line(out)


def test_help_has_examples() -> None:
    for command in ("stats", "path", "view"):
        code, out = kg(command, "--help")
        assert code == 0 and "Example:" in out and f"kg {command} out/graph.ttl" in out


@pytest.mark.slow
def test_path_on_the_corpus(corpus_build: Path) -> None:
    """The acceptance example of issue #6: Mahmoud Khalil to Columbia University."""
    graph = str(corpus_build / "graph.ttl")
    code, out = kg("path", graph, "Mahmoud Khalil", "Columbia University")
    assert code == 0, out
    first = out.split("\n\n")[0].splitlines()
    assert first[0].startswith("path 1: ")
    assert "Mahmoud Khalil" in first[1] and "Columbia University" in out.split("\n\n")[0]
    sentences = [line.strip() for line in first[1:] if line.strip().startswith("[")]
    assert sentences and all("Columbia" in s or "Khalil" in s for s in sentences)
    code, out = kg("stats", graph, "--format", "json")
    assert code == 0 and json.loads(out)["statements"] > 50
