"""SHACL validation: the corpus build conforms; broken graphs do not, with readable, sorted,
reproducible reports; by SPARQL it finds what pyshacl finds on the whole graph; stores and
``--store`` builds are validated like files; a skipped or limited validation says so."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.cli import main
from kg.ontology.namespace import KG, ontology_path
from kg.rdf import validate as validation
from kg.rdf.shacl_sparql import sparql_path
from kg.rdf.shapes import Shapes
from kg.rdf.validate import validate, validate_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def broken(graph: Graph) -> Graph:
    """``graph`` with problems in document sections, in the entity section, and across them
    (a place that is not a kg:Place; an entity without a label, met from statements)."""
    bad = Graph()
    for triple in graph:
        bad.add(triple)
    statements = sorted(bad.subjects(RDF.type, KG.Statement))
    for st in statements[:3]:
        bad.remove((st, KG.subject, None))
    for st in statements[3:5]:
        bad.add((st, KG.time, Literal("soon")))
    subject = next(o for st in statements[10:] for o in bad.objects(st, KG.subject))
    bad.remove((subject, LABEL, None))
    place = sorted(bad.objects(None, KG.place))[0]
    bad.remove((place, RDF.type, None))
    bad.add((place, RDF.type, KG.Person))
    bad.add((URIRef("https://w3id.org/kg/id/quote/x/1"), RDF.type, KG.Quote))
    return bad


def whole_graph_results(graph: Graph) -> list[tuple[str, str, str]]:
    """(focus, path, constraint) of each result of pyshacl on the whole graph, as a report
    shows focus and path."""
    shapes = Shapes.prepare()
    ontology = Graph().parse(str(ontology_path("kg.ttl")))
    _, results, _ = pyshacl.validate(graph, shacl_graph=shapes.graph, ont_graph=ontology,
                                     inference="none", allow_warnings=True)
    found = []
    for r in results.subjects(SH.resultSeverity, None):
        path = shapes.graph.value(results.value(r, SH.sourceShape), SH.path)
        found.append((shapes.name(results.value(r, SH.focusNode)),
                      sparql_path(shapes.graph, path, shapes.name),
                      str(results.value(r, SH.sourceConstraintComponent)).rsplit("#")[-1]))
    return sorted(found)


def test_corpus_build_conforms(corpus_build: Path) -> None:
    report = validate_path(corpus_build / "graph.ttl")
    assert report.conforms, report.summary()
    assert report.summary().startswith("conforms")
    assert report.triples == len(Graph().parse(corpus_build / "graph.ttl"))
    assert report.documents == 3 and not report.notices


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


def test_sparql_validation_finds_what_whole_graph_pyshacl_finds(corpus_build: Path) -> None:
    bad = broken(Graph().parse(corpus_build / "graph.ttl"))
    expected = whole_graph_results(bad)
    report = validate(bad)
    assert not report.conforms
    assert len(report.problems) == len(expected) > 8
    assert sorted((line.split(" ")[0], line.split(" ")[1].rstrip(":"))
                  for line in report.problems) == [(f, p) for f, p, _ in expected]
    assert list(report.problems) == sorted(report.problems)
    assert sum(report.counts.values()) == len(expected)
    text = report.summary(100)
    assert "Value does not have class kg:Place" in text  # a statement's place, typed elsewhere
    assert "rdfs:label: Less than 1 values" in text  # an entity named from a document
    assert "kg:time: Value is not Literal with datatype xsd:date (value 'soon', shape " \
        "kgsh:StatementShape)" in text


def test_the_same_graph_gives_the_same_report(corpus_build: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    broken(Graph().parse(corpus_build / "graph.ttl")).serialize(bad, format="turtle")
    first, second = validate_path(bad), validate_path(bad)
    assert first.problems == second.problems and first.counts == second.counts
    assert re.sub(r"\(\d+\.\d s\)", "", first.summary(100)) == re.sub(
        r"\(\d+\.\d s\)", "", second.summary(100))
    assert first.summary().startswith("does not conform: 10,")
    assert re.match(r"does not conform: [\d,]+ triples \(3 documents\), \d+ problems "
                    r"\(\d+\.\d s\)$", first.summary().splitlines()[0])


def test_problems_past_the_kept_ones_are_counted(corpus_build: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    bad = broken(Graph().parse(corpus_build / "graph.ttl"))
    every = validate(bad)
    monkeypatch.setattr(validation, "KEPT_PROBLEMS", 4)
    kept = validate(bad)
    assert kept.problems == every.problems[:4] and kept.counts == every.counts
    assert kept.more == len(every.problems) - 4
    assert "listing the first 4 problems" in kept.notices[-1]


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


# Builds fork workers: they run before this module opens any store on disk in-process.
def test_build_reports_validation_and_says_when_it_is_skipped(tmp_path: Path) -> None:
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
    assert skipped.exit_code == 0
    assert "validation: skipped (--no-validate); run `kg validate" in skipped.output
    assert "validation: conforms" not in skipped.output


@pytest.fixture(scope="module")
def store_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``kg build examples --store oxigraph:STORE``: its store and its output."""
    tmp = tmp_path_factory.mktemp("validate-store")
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--out", str(tmp / "out"),
                                       "--no-html", "--workers", "1",
                                       "--store", f"oxigraph:{tmp / 'store'}"])
    assert result.exit_code == 0, result.output
    return tmp / "store", result.output


def test_a_store_build_is_validated(store_build: tuple[Path, str]) -> None:
    _, output = store_build
    assert "validation: conforms" in output
    assert "triples (5 documents" in output


def test_validate_a_store(store_build: tuple[Path, str], tmp_path: Path) -> None:
    store, _ = store_build
    runner = CliRunner()
    for spec in (str(store), f"oxigraph:{store}"):
        result = runner.invoke(main, ["validate", spec])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("conforms") and "5 documents" in result.output
    missing = runner.invoke(main, ["validate", f"oxigraph:{tmp_path / 'none'}"])
    assert missing.exit_code == 1 and "no such Oxigraph store" in missing.output
    assert "Traceback" not in missing.output


def test_shapes_not_translated_say_pyshacl_validated_the_whole_graph(corpus_build: Path,
                                                                     tmp_path: Path) -> None:
    shapes = tmp_path / "far.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kg: <https://w3id.org/kg/ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <urn:ex:> .\n"
        "ex:Speaker a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .\n"
        "ex:Quote a sh:NodeShape ; sh:targetClass kg:Quote ;\n"
        "  sh:property [ sh:path kg:speaker ; sh:node ex:Speaker ] .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(corpus_build), "--shapes", str(shapes)])
    assert result.exit_code == 0, result.output
    assert "note: not translated to SPARQL: the whole graph was validated by pyshacl" \
        in result.output
    assert "ex:Quote: uses sh:node" in result.output


def disk_stores(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders of the on-disk stores ``kg.rdf.validate`` opens from now on."""
    created: list[str] = []
    real = ox.Store

    def store(path: str | None = None) -> ox.Store:
        if path is not None:
            created.append(path)
        return real(path) if path is not None else real()

    monkeypatch.setattr(validation.ox, "Store", store)
    return created


def test_a_big_file_is_validated_from_a_store_on_disk(corpus_build: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "DISK_BYTES", 1000)
    created = disk_stores(monkeypatch)
    report = validate_path(corpus_build)
    assert report.conforms and report.documents == 3
    assert created and not Path(created[0]).exists()  # a temporary store, removed after


def test_n_triples_stay_in_memory_up_to_their_own_larger_limit(
        corpus_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the same graph spelt out as N-Triples is several times the bytes of its Turtle, for
    # the same store in memory: a file build's sorted .nt is judged by DISK_NT_BYTES
    nt = tmp_path / "graph.nt"
    ox.serialize(ox.parse(path=str(corpus_build / "graph.ttl"), format=ox.RdfFormat.TURTLE),
                 output=str(nt), format=ox.RdfFormat.N_TRIPLES)
    assert nt.stat().st_size > 3 * (corpus_build / "graph.ttl").stat().st_size
    monkeypatch.setattr(validation, "DISK_BYTES", 1000)
    monkeypatch.setattr(validation, "DISK_NT_BYTES", nt.stat().st_size)
    created = disk_stores(monkeypatch)
    in_memory = validate_path(nt)
    assert in_memory.conforms and in_memory.documents == 3 and not created
    on_disk = validate_path(corpus_build / "graph.ttl")
    assert created and on_disk.triples == in_memory.triples


def test_a_broken_store_does_not_conform(store_build: tuple[Path, str],
                                         tmp_path: Path) -> None:
    store, _ = store_build
    copy = ox.Store(str(tmp_path / "copy"))
    copy.load(ox.Store.read_only(str(store)).dump(format=ox.RdfFormat.N_QUADS) or b"",
              format=ox.RdfFormat.N_QUADS)
    copy.add(ox.Quad(ox.NamedNode("https://w3id.org/kg/id/quote/x/1"),
                     ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Quote))))
    copy.flush()
    del copy
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "copy")])
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.output and "kg:speaker" in result.output
