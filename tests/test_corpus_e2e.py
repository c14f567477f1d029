"""End to end on the example corpus (../shared/corpus): issue 2's acceptance points."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main

PROVENANCE = """
SELECT ?st ?id ?sentence ?start ?end WHERE {
  ?st a kg:Statement ; kg:sourceDocument ?doc ; kg:sentence ?sentence ;
      kg:sentenceStart ?start ; kg:sentenceEnd ?end ; kg:extractor ?x ; kg:confidence ?c .
  ?doc kg:documentId ?id .
}"""


def test_graph_parses_with_provenance_on_every_statement(corpus_build: Path,
                                                         corpus_dir: Path) -> None:
    graph = Graph().parse(corpus_build / "graph.ttl")
    texts = {p.stem.replace("_", "-").lower(): p.read_text(encoding="utf-8")
             for p in corpus_dir.glob("*.txt")}
    statements = set(graph.query("SELECT ?st WHERE { ?st a kg:Statement }",
                                 initNs={"kg": "https://w3id.org/kg/ns#"}))
    rows = list(graph.query(PROVENANCE, initNs={"kg": "https://w3id.org/kg/ns#"}))
    assert len(statements) >= 150
    assert {r[0] for r in rows} == {s[0] for s in statements}
    for _, doc_id, sentence, start, end in rows:
        text = texts[str(doc_id)]
        assert text[int(start):int(end)] == str(sentence)


def test_every_entity_has_a_type_and_label(corpus_build: Path) -> None:
    graph = Graph().parse(corpus_build / "graph.ttl")
    untyped = list(graph.query("""
        SELECT ?e WHERE { { ?st kg:subject ?e } UNION { ?st kg:object ?e }
          FILTER NOT EXISTS { ?e a ?type ; rdfs:label ?label } }""",
        initNs={"kg": "https://w3id.org/kg/ns#"}))
    assert untyped == []


def test_same_input_gives_byte_identical_outputs(corpus_build: Path, corpus_dir: Path,
                                                 tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(corpus_dir), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / name).read_bytes() == (corpus_build / name).read_bytes(), name


def test_html_references_no_remote_url(corpus_build: Path) -> None:
    html = (corpus_build / "graph.html").read_text(encoding="utf-8")
    assert re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I) == []
    assert re.findall(r"url\(\s*['\"]?(?:https?:)?//", html, re.I) == []
    assert "vis.Network" in html or "vis-network" in html


def test_tsv_and_count_query(corpus_build: Path) -> None:
    runner = CliRunner()
    tsv = runner.invoke(main, ["export", str(corpus_build / "graph.ttl"), "--format", "tsv"])
    header = tsv.output.splitlines()[0].split("\t")
    assert header == ["subject_id", "subject", "predicate", "object_id", "object", "confidence",
                      "source", "sentence"]
    count = runner.invoke(main, ["query", str(corpus_build / "graph.ttl"),
                                 "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
    assert count.exit_code == 0
    assert int(count.output.splitlines()[2]) == len(Graph().parse(corpus_build / "graph.ttl"))
