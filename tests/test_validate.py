"""SHACL validation: the corpus build conforms; broken graphs do not, with readable reports."""

from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef

from kg.cli import main
from kg.ontology.namespace import KG
from kg.rdf.validate import validate


def test_corpus_build_conforms_quickly(corpus_build: Path) -> None:
    graph = Graph().parse(corpus_build / "graph.ttl")
    started = time.perf_counter()
    report = validate(graph)
    assert report.conforms, report.summary()
    assert time.perf_counter() - started < 10
    assert report.summary().startswith("conforms")


def test_broken_statement_and_quote_are_reported(corpus_build: Path) -> None:
    graph = Graph().parse(corpus_build / "graph.ttl")
    st = next(graph.subjects(RDF.type, KG.Statement))
    graph.remove((st, KG.subject, None))
    graph.add((st, KG.time, Literal("soon")))
    quote = URIRef("https://w3id.org/kg/id/quote/x/1")
    graph.add((quote, RDF.type, KG.Quote))
    report = validate(graph)
    assert not report.conforms
    text = report.summary()
    assert "kg:subject" in text and "kg:time" in text and "kg:speaker" in text
    assert len(report.problems) >= 3


def test_validate_command_exit_codes(corpus_build: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(corpus_build / "graph.ttl")])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("conforms")
    graph = Graph().parse(corpus_build / "graph.ttl")
    for st in list(graph.subjects(RDF.type, KG.Statement))[:2]:
        graph.remove((st, KG.sourceDocument, None))
    bad = tmp_path / "bad.ttl"
    graph.serialize(bad, format="turtle")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "does not conform" in result.output and "kg:sourceDocument" in result.output


def test_build_reports_validation(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text("The court denied the request of Leila Haddad.",
                                  encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(source), "--out", str(tmp_path / "o"),
                                  "--no-html"])
    assert result.exit_code == 0, result.output
    assert "validation: conforms" in result.output
    skipped = runner.invoke(main, ["build", str(source), "--out", str(tmp_path / "p"),
                                   "--no-html", "--no-validate"])
    assert skipped.exit_code == 0 and "validation:" not in skipped.output
