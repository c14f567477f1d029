"""Validation by what changed (``kg.rdf.revalidate``): after real builds with a document
changed, removed or added, an edit that brings a violation and one that takes it away, and
edits of the graph itself (a node's type, a label, a subject), the report is the one a full
validation gives, byte for byte, and only the first run (or a stale, corrupt or foreign state)
validates the whole graph."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.api.graph import KnowledgeGraph
from kg.cli import main
from kg.ontology.namespace import ontology_path
from kg.rdf import revalidate as incremental
from kg.rdf.revalidate import VALIDATION_STATE, revalidate
from kg.rdf.sortedlines import Lines, changes, spliced
from kg.rdf.validate import ValidationReport, validate_path

DOCUMENTS = {
    "council": "The city council approved the new budget on Monday. Mayor Alice Brown praised "
               "the decision in a short speech.",
    "bridge": "Engineers from Acme Works repaired the old bridge in Springfield. The repairs "
              "took three weeks.",
    "market": "Local farmers sold apples at the market in Riverton. Maria Lopez bought a "
              "basket of pears.",
}
LONG = ("The city council approved the new budget on Monday after a long and tiring debate "
        "about roads, schools, parks and the old library.")
#: kg's shapes and one more: a statement's sentence is at most 100 characters long.
EXTRA = """
@prefix kg: <https://w3id.org/kg/ns#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
<https://example.org/shapes#ShortSentence> a sh:NodeShape ; sh:targetClass kg:Statement ;
    sh:property [ sh:path kg:sentence ; sh:maxLength 100 ] .
"""


def same(a: ValidationReport, b: ValidationReport) -> bool:
    """The same report but for the seconds it took."""
    def timeless(report: ValidationReport) -> str:
        return re.sub(r"\(\d+\.\d s\)", "", report.summary(10_000))

    return timeless(a) == timeless(b) and all(
        getattr(a, field) == getattr(b, field) for field in (
            "conforms", "triples", "documents", "problems", "counts", "notices", "more"))


@pytest.fixture
def full_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths ``revalidate`` validated in full."""
    runs: list[str] = []
    whole = incremental.validate_path

    def counted(path: str, *args: object, **kwargs: object) -> ValidationReport:
        runs.append(str(path))
        return whole(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(incremental, "validate_path", counted)
    return runs


def canonical(graph: KnowledgeGraph, path: Path) -> Path:
    path.write_text("".join(graph.lines()), encoding="utf-8")
    return path


def test_real_builds_with_edits_give_the_full_report(tmp_path: Path,
                                                    full_runs: list[str]) -> None:
    src, state, cache = tmp_path / "src", tmp_path / "state", tmp_path / "cache"
    src.mkdir()
    for name, text in DOCUMENTS.items():
        (src / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(ontology_path("shapes.ttl").read_text(encoding="utf-8") + EXTRA,
                      encoding="utf-8")
    council = src / "council.txt"
    edits: list[tuple[str, Callable[[], object]]] = [
        ("first build", lambda: None),
        ("nothing changed", lambda: None),
        ("a document changed", lambda: council.write_text(
            DOCUMENTS["council"].replace("Monday", "Tuesday"), encoding="utf-8")),
        ("a violation brought", lambda: council.write_text(LONG, encoding="utf-8")),
        ("the violation taken away", lambda: council.write_text(
            DOCUMENTS["council"], encoding="utf-8")),
        ("a document removed", lambda: (src / "bridge.txt").unlink()),
        ("a document added", lambda: (src / "square.txt").write_text(
            LONG.replace("city council", "town board"), encoding="utf-8")),
    ]
    conforming = []
    for number, (what, edit) in enumerate(edits):
        edit()
        graph = kg.build([src], workers=1, cache=cache)
        path = canonical(graph, tmp_path / f"graph-{number}.nt")
        again = revalidate(path, state, shapes)
        whole = validate_path(path, shapes)
        assert same(again, whole), what
        assert full_runs == [str(tmp_path / "graph-0.nt")], what  # only the first was full
        conforming.append(whole.conforms)
    assert conforming == [True, True, True, False, True, True, False]
    assert len([f for f in state.iterdir() if f.suffix == ".nt"]) == 2  # graph and index


def _edited(lines: list[str], node_of: Callable[[list[str]], str], drop: str,
            add: str = "") -> list[str]:
    node = node_of(lines)
    kept = [line for line in lines if not line.startswith(f"{node} {drop} ")]
    return sorted({*kept, *([f"{node} {add} .\n"] if add else [])})


def test_graph_edits_give_the_full_report(corpus_build: Path, tmp_path: Path,
                                          full_runs: list[str]) -> None:
    lines = KnowledgeGraph.load(corpus_build).lines()
    kg_ns, rdf_type = "<https://w3id.org/kg/ns#", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

    def objects_of(predicate: str) -> Callable[[list[str]], str]:
        return lambda ls: sorted(line.split(" ", 2)[2][:-3] for line in ls
                                 if line.split(" ")[1] == predicate)[0]

    def subjects_of(predicate: str) -> Callable[[list[str]], str]:
        return lambda ls: sorted(line.split(" ")[0] for line in ls
                                 if line.split(" ")[1] == predicate)[0]

    place = objects_of(f"{kg_ns}place>")  # retyped: the statements that name it break
    graphs = [
        lines,
        _edited(lines, place, rdf_type, f"{rdf_type} {kg_ns}Person>"),
        _edited(lines, objects_of(f"{kg_ns}subject>"),
                "<http://www.w3.org/2000/01/rdf-schema#label>"),
        _edited(lines, subjects_of(f"{kg_ns}subject>"), f"{kg_ns}subject>",
                f'{kg_ns}time> "soon"'),
        _edited(lines, subjects_of(f"{kg_ns}subject>"), "-",  # points to a node unknown
                f"{kg_ns}object> <https://example.org/nobody>"),
        lines,
    ]
    reports = []
    for number, graph in enumerate(graphs):
        path = tmp_path / f"graph-{number}.nt"
        path.write_text("".join(graph), encoding="utf-8")
        again = revalidate(path, tmp_path / "state")
        whole = validate_path(path)
        assert same(again, whole), number
        reports.append(whole)
    assert full_runs == [str(tmp_path / "graph-0.nt")]
    assert [r.conforms for r in reports] == [True, False, False, False, False, True]
    assert any(p.startswith("<https://example.org/nobody> rdfs:label") for p in reports[4].problems)
    assert any("Value does not have class kg:Place" in p for p in reports[1].problems)


def test_a_stale_or_corrupt_state_means_a_full_validation(corpus_build: Path, tmp_path: Path,
                                                          full_runs: list[str]) -> None:
    path = canonical(KnowledgeGraph.load(corpus_build), tmp_path / "graph.nt")
    state = tmp_path / "state"
    first = revalidate(path, state)
    graph = next(state.glob("graph-*.nt"))
    data = graph.read_bytes()
    graph.unlink()  # a link to the validated file
    graph.write_bytes(data[:-10])  # truncated
    assert same(revalidate(path, state), first)
    (state / "state.json").write_text("{not json", encoding="utf-8")
    assert same(revalidate(path, state), first)
    shapes = tmp_path / "shapes.ttl"  # other shapes: another key
    shapes.write_text(ontology_path("shapes.ttl").read_text(encoding="utf-8") + EXTRA,
                      encoding="utf-8")
    assert same(revalidate(path, state, shapes), validate_path(path, shapes))
    assert same(revalidate(path, state, reuse=False), first)
    assert len(full_runs) == 5
    assert same(revalidate(path, state), first) and len(full_runs) == 5
    assert sorted(f.name.split("-")[0] for f in state.iterdir()) == ["graph", "index",
                                                                      "state.json"]


def test_a_build_validates_what_changed_and_reports_as_kg_validate(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for name, text in DOCUMENTS.items():
        (src / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    for change in ("", "Tuesday", "Friday"):
        if change:
            (src / "council.txt").write_text(DOCUMENTS["council"].replace("Monday", change),
                                             encoding="utf-8")
        result = CliRunner().invoke(main, ["build", str(src), "--out", str(out), "--no-html"])
        assert result.exit_code == 0, result.output
        line = next(x for x in result.output.splitlines() if x.startswith("validation: "))
        expected = validate_path(out).summary()
        assert re.sub(r"\(\d+\.\d s\)", "", line) == \
            "validation: " + re.sub(r"\(\d+\.\d s\)", "", expected)
    assert (out / ".kg-cache" / VALIDATION_STATE / "state.json").is_file()


def test_changes_and_splices_of_sorted_lines() -> None:
    rng = random.Random(7)
    words = [f"<w{rng.randrange(10**6)}> <p> \"{'x' * rng.randrange(300)}\" .\n"
             for _ in range(3000)]
    old = sorted(set(words[:2500]))
    new = sorted(set(words[500:]) - set(words[1000:1010]))
    a, b = Lines("".join(old).encode()), Lines("".join(new).encode())
    removed, added = changes(a, b)
    assert removed == sorted({w.encode() for w in old} - {w.encode() for w in new})
    assert added == sorted({w.encode() for w in new} - {w.encode() for w in old})
    assert spliced(a, removed, added) == b.data
    assert changes(Lines(b""), b) == ([], b.data.splitlines(keepends=True))
    assert b.starting(new[7].split(" ")[0].encode() + b" ") == [new[7].encode()]


def test_changed_blank_nodes_mean_a_full_validation(tmp_path: Path,
                                                   full_runs: list[str]) -> None:
    document = ("<https://example.org/d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                "<https://w3id.org/kg/ns#Document> .\n")
    lines = [document, "_:b <https://w3id.org/kg/ns#subject> <https://example.org/d> .\n"]
    for number, graph in enumerate(([document], sorted(lines), [document])):
        path = tmp_path / f"graph-{number}.nt"
        path.write_text("".join(graph), encoding="utf-8")
        assert same(revalidate(path, tmp_path / "state"), validate_path(path))
    assert len(full_runs) == 3  # a store names blank nodes anew: only a full run says


def test_a_file_not_in_canonical_form_is_validated_without_a_state(tmp_path: Path) -> None:
    path = tmp_path / "graph.nt"  # valid N-Triples, but not as Oxigraph writes them
    path.write_text("<https://example.org/d> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
                    " <https://w3id.org/kg/ns#Document>.\n", encoding="utf-8")
    assert same(revalidate(path, tmp_path / "state"), validate_path(path))
    assert not (tmp_path / "state" / "state.json").exists()
