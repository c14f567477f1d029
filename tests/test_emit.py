"""One emitter, sinks, one serialiser: every build path gives the same statements and the
same graph.ttl bytes, and ``kg export --format turtle`` of either gives them again."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from kg.api.core import build
from kg.api.graph import KnowledgeGraph
from kg.cli import main
from kg.rdf import terms
from kg.rdf.assemble import MergePlan

NEWS = Path(__file__).resolve().parent / "data" / "news31"


def _statements(graph: KnowledgeGraph) -> set[tuple[str, ...]]:
    return {(r.iri, r.subject_id, r.subject, r.predicate, r.object_id, r.object,
             f"{r.confidence:.3f}", r.source, r.sentence) for r in graph.statements()}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``kg build`` of the 31 news stories into a folder, and with ``--store``."""
    out = tmp_path_factory.mktemp("paths")
    runner = CliRunner()
    for name, extra in (("file", []), ("store", ["--store", f"oxigraph:{out}/db"])):
        result = runner.invoke(main, ["build", str(NEWS), "--out", str(out / name),
                                      "--no-html", "--no-validate", *extra])
        assert result.exit_code == 0, result.output
    return {"file": out / "file" / "graph.ttl", "store": out / "store" / "graph.ttl",
            "db": out / "db"}


def test_file_build_store_build_and_their_exports_write_the_same_turtle_bytes(
        outputs: dict[str, Path], tmp_path: Path) -> None:
    turtle = outputs["file"].read_bytes()
    assert turtle.startswith(b"@prefix") and b"kg:Statement" in turtle
    assert outputs["store"].read_bytes() == turtle
    for source in (outputs["file"], outputs["store"], f"oxigraph:{outputs['db']}"):
        target = tmp_path / "export.ttl"
        result = CliRunner().invoke(main, ["export", str(source), "--format", "turtle",
                                           "--out", str(target)])
        assert result.exit_code == 0, result.output
        assert target.read_bytes() == turtle, source


def test_statement_sets_are_the_same_on_every_build_path(outputs: dict[str, Path],
                                                          tmp_path: Path) -> None:
    from kg.build.local import InProcessExecutor

    one = build([NEWS])
    expected = _statements(one)
    assert len(expected) > 100
    assert _statements(KnowledgeGraph.load(outputs["file"])) == expected
    assert _statements(KnowledgeGraph.load(f"oxigraph:{outputs['db']}")) == expected
    assert _statements(build([NEWS], workers=2)) == expected
    assert _statements(build([NEWS], executor=InProcessExecutor())) == expected
    cache = tmp_path / "cache"
    build([NEWS], cache=cache)
    again = build([NEWS], cache=cache, store=f"oxigraph:{tmp_path / 'db'}")
    assert again.report is not None and again.report.cache_misses == 0
    assert _statements(again) == expected
    assert {e.iri for e in again.entities()} == {e.iri for e in one.entities()}


def test_merged_entities_are_gone_from_every_sink(outputs: dict[str, Path]) -> None:
    from kg.entities.merge import plan_merges
    from kg.ontology.namespace import DATA_BASE

    for source in (outputs["file"], f"oxigraph:{outputs['db']}"):
        graph = KnowledgeGraph.load(source)
        rdf = graph.graph
        assert plan_merges(rdf) == {}  # nothing left to merge
        own = ("document/", "statement/", "quote/", "activity/", "extractor/")
        named = {str(o) for o in rdf.objects() if str(o).startswith(DATA_BASE)
                 and not str(o)[len(DATA_BASE):].startswith(own)}
        assert named and named <= {e.iri for e in graph.entities()}


def test_nquads_put_each_documents_statements_in_its_own_graph(
        outputs: dict[str, Path]) -> None:
    graph = KnowledgeGraph.load(outputs["file"])
    dataset = Dataset()
    dataset.parse(data=graph.serialize("nquads"), format="nquads")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    documents = {f"https://w3id.org/kg/id/document/{p.stem}#graph" for p in NEWS.glob("*.txt")}
    assert documents <= names
    one = dataset.graph(URIRef("https://w3id.org/kg/id/document/story07#graph"))
    assert {str(s).split("/")[-2] for s in one.subjects()} <= {"story07"}
    assert len(dataset.default_graph) + sum(len(dataset.graph(URIRef(n))) for n in
                                            documents) == len(graph)
    back = Graph()
    for s, p, o, _ in dataset.quads():
        back.add((s, p, o))
    assert len(back) == len(graph)


def test_merge_plan_replaces_subjects_and_objects_only() -> None:
    old, new = "https://w3id.org/kg/id/person/khalil", "https://w3id.org/kg/id/person/m-khalil"
    plan = MergePlan({old: new})
    pred, text = terms.iri("http://example.org/p"), terms.text(old)
    assert plan.apply((terms.iri(old), pred, terms.iri(old))) == (
        terms.iri(new), pred, terms.iri(new))
    assert plan.apply((terms.iri("http://example.org/s"), pred, text))[2] == text
    assert plan.touches([old]) and not plan.touches([new])


def test_typed_literals_are_written_in_canonical_form() -> None:
    assert terms.decimal(0.83) == '"0.83"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    assert terms.decimal(1.0).startswith('"1"^^') and terms.decimal(0.0).startswith('"0"^^')
    assert terms.number(False) == '"false"^^<http://www.w3.org/2001/XMLSchema#boolean>'
    assert terms.text('say "hi"\n', "en") == '"say \\"hi\\"\\n"@en'


def test_a_store_build_writes_from_its_own_file_until_its_store_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``--store`` build keeps the sorted file its sinks wrote beside the store, and writes
    from it (the store is not read back); once the graph is changed through kg, the store
    itself is the source."""
    from kg.rdf import serialize

    graph = build([NEWS / "story01.txt"], store=f"oxigraph:{tmp_path / 'db'}")
    store_file = serialize.store_file
    with monkeypatch.context() as patch:
        patch.setattr(serialize, "store_file", None)  # reading the store back would fail
        before = graph.serialize_bytes("nt")
    assert before == build([NEWS / "story01.txt"]).serialize_bytes("nt")
    added = (URIRef("http://example.org/a"), URIRef("http://example.org/b"),
             URIRef("http://example.org/c"))
    graph.graph.add(added)
    assert serialize.store_file is store_file
    after = graph.serialize_bytes("nt")
    assert after != before and b"<http://example.org/a>" in after
    assert sorted(after.splitlines()) == sorted([*before.splitlines(), terms.line(
        tuple(f"<{t}>" for t in added)).rstrip("\n").encode()])
