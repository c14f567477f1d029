"""A graph for Neo4j: ``neo4j-admin database import`` CSVs, a ``LOAD CSV`` script, and the
``UNWIND``/``MERGE`` batches ``kg push --neo4j`` sends (``kg.export.push``).

Entities become nodes labelled ``Entity`` and their type (``Person``, ``Organization``, …),
keyed by their IRI. Each statement between two entities becomes one relationship, keyed by the
statement's IRI, typed by its normalised property (``chargedWith`` → ``CHARGED_WITH``) or else
by its relation text (``was detained by`` → ``WAS_DETAINED_BY``), with its provenance
(sentence, source document, page, confidence, rule, extractor) as properties. Statements with
a literal object have no relationship. ``MERGE`` on the IRIs makes loading twice the same as
loading once; a re-built graph updates the properties in place.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.fsutil import atomic_write_text
from kg.model import EntityRecord, StatementRecord

#: The label every kg node has (its IRI is unique among them).
ENTITY_LABEL = "Entity"
#: neo4j-admin's default array delimiter (inside a value it becomes ``,``).
ARRAY_DELIMITER = ";"
BATCH_ROWS = 1000
NODE_HEADER = ("iri:ID", "name", "aliases:string[]", "mentions:int", ":LABEL")
#: Relationship columns after ``:START_ID``, ``:END_ID`` and ``:TYPE`` (name, neo4j-admin type).
REL_PROPERTIES: tuple[tuple[str, str], ...] = (
    ("iri", "string"), ("relation", "string"), ("confidence", "float"), ("source", "string"),
    ("page", "int"), ("sentence", "string"), ("rule", "string"), ("extractor", "string"),
    ("date", "string"))
REL_HEADER = (":START_ID", ":END_ID", ":TYPE",
              *(name if kind == "string" else f"{name}:{kind}" for name, kind in REL_PROPERTIES))
#: Run once before loading (Neo4j 5 syntax): the IRI is each node's key.
SCHEMA = (f"CREATE CONSTRAINT kg_entity_iri IF NOT EXISTS FOR (n:{ENTITY_LABEL}) "
          "REQUIRE n.iri IS UNIQUE",)


@dataclass(frozen=True, slots=True)
class Node:
    iri: str
    labels: tuple[str, ...]  # ("Entity", "Person")
    name: str
    aliases: tuple[str, ...]
    mentions: int


@dataclass(frozen=True, slots=True)
class Relationship:
    start: str
    end: str
    type: str
    properties: tuple[tuple[str, str | int | float | None], ...]  # in REL_PROPERTIES order


@dataclass(frozen=True, slots=True)
class CypherBatch:
    """One parameterised Cypher statement and the ``$rows`` it unwinds."""

    query: str
    rows: list[dict[str, Any]]


def _words(text: str) -> list[str]:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)  # chargedWith → charged With
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text))


def relationship_type(record: StatementRecord) -> str:
    """``CHARGED_WITH`` from the normalised property, else ``WAS_DETAINED_BY`` from the text.

    >>> relationship_type(StatementRecord("s", "a", "A", "was detained by", "b", "B", 1.0, "d",
    ...                                   "", {"predicate_iri": "https://w3id.org/kg/ns#sued"}))
    'SUED'
    """
    predicate = record.extra.get("predicate_iri", "")
    if predicate:
        local = re.split(r"[#/]", predicate.rstrip("#/"))[-1]
        if words := _words(local):
            return "_".join(words).upper()
    return "_".join(_words(record.predicate)).upper() or "RELATED_TO"


def nodes(entities: Iterable[EntityRecord]) -> list[Node]:
    """One node per entity, sorted by IRI."""
    out = []
    for e in sorted(entities, key=lambda e: e.iri):
        kind = "_".join(re.findall(r"[^\W_]+", e.type))  # a label is a plain name
        labels = (ENTITY_LABEL,) if kind in ("", ENTITY_LABEL) else (ENTITY_LABEL, kind)
        aliases = tuple(" ".join(a.replace(ARRAY_DELIMITER, ",").split()) for a in e.aliases)
        out.append(Node(e.iri, labels, e.label, aliases, e.mentions))
    return out


def relationships(statements: Iterable[StatementRecord],
                  node_iris: set[str]) -> list[Relationship]:
    """One relationship per statement whose subject and object are both nodes, sorted by IRI."""
    out = []
    for r in sorted(statements, key=lambda r: r.iri):
        if not (r.subject_id in node_iris and r.object_id in node_iris):
            continue
        page = r.extra.get("page", "")
        values: dict[str, str | int | float | None] = {
            "iri": r.iri, "relation": r.predicate, "confidence": round(r.confidence, 3),
            "source": r.source, "page": int(page) if page.isdigit() else None,
            "sentence": " ".join(r.sentence.split()), "rule": r.extra.get("rule") or None,
            "extractor": r.extra.get("extractor") or None, "date": r.extra.get("date") or None}
        out.append(Relationship(r.subject_id, r.object_id, relationship_type(r),
                                tuple((name, values[name]) for name, _ in REL_PROPERTIES)))
    return out


def graph_parts(entities: Iterable[EntityRecord],
                statements: Iterable[StatementRecord]) -> tuple[list[Node], list[Relationship]]:
    """The nodes and relationships of a graph's read-back records."""
    found = nodes(entities)
    return found, relationships(statements, {n.iri for n in found})


# -- UNWIND / MERGE batches -------------------------------------------------------------------

def _name(name: str) -> str:
    """A label or type as a Cypher name (backticked, backticks doubled)."""
    return "`" + name.replace("`", "``") + "`"


def cypher_batches(parts: tuple[list[Node], list[Relationship]],
                   batch_rows: int = BATCH_ROWS) -> Iterator[CypherBatch]:
    """The statements that load ``parts``: nodes by label, then relationships by type, each in
    batches of ``batch_rows``. Every statement ``MERGE``s on the IRI, so running them again
    changes nothing."""
    node_list, rel_list = parts
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for n in node_list:
        by_label[n.labels[-1]].append({"iri": n.iri, "name": n.name,
                                       "aliases": list(n.aliases), "mentions": n.mentions})
    for label in sorted(by_label):
        extra = "" if label == ENTITY_LABEL else f" SET n:{_name(label)}"
        query = (f"UNWIND $rows AS row MERGE (n:{ENTITY_LABEL} {{iri: row.iri}}){extra} "
                 "SET n.name = row.name, n.aliases = row.aliases, n.mentions = row.mentions")
        yield from _chunks(query, by_label[label], batch_rows)
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rel_list:
        props = dict(r.properties)
        by_type[r.type].append({"start": r.start, "end": r.end, "iri": props.pop("iri"),
                                "props": props})
    for rel_type in sorted(by_type):
        sets = ", ".join(f"r.{name} = row.props.{name}" for name, _ in REL_PROPERTIES[1:])
        query = (f"UNWIND $rows AS row MATCH (a:{ENTITY_LABEL} {{iri: row.start}}) "
                 f"MATCH (b:{ENTITY_LABEL} {{iri: row.end}}) "
                 f"MERGE (a)-[r:{_name(rel_type)} {{iri: row.iri}}]->(b) SET {sets}")
        yield from _chunks(query, by_type[rel_type], batch_rows)


def _chunks(query: str, rows: list[dict[str, Any]], size: int) -> Iterator[CypherBatch]:
    for start in range(0, len(rows), max(1, size)):
        yield CypherBatch(query, rows[start:start + size])


# -- neo4j-admin import CSVs and load.cypher ---------------------------------------------------

def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def _file_stem(name: str, used: set[str]) -> str:
    stem = "_".join(re.findall(r"[A-Za-z0-9]+", name)) or "other"
    candidate, n = stem, 2
    while candidate.casefold() in used:
        candidate, n = f"{stem}_{n}", n + 1
    used.add(candidate.casefold())
    return candidate


def write_neo4j(out_dir: str | Path, entities: Iterable[EntityRecord],
                statements: Iterable[StatementRecord]) -> list[Path]:
    """Write ``nodes_<Label>.csv``, ``rels_<TYPE>.csv`` (neo4j-admin's header contract),
    ``import.sh`` (the neo4j-admin command) and ``load.cypher`` (the same load with
    ``LOAD CSV``, for a running server) into ``out_dir``; return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    node_list, rel_list = graph_parts(entities, statements)
    written: list[Path] = []
    script = [f"{s};" for s in SCHEMA]
    used: set[str] = set()
    node_files, rel_files = [], []
    by_label: dict[str, list[Node]] = defaultdict(list)
    for n in node_list:
        by_label[n.labels[-1]].append(n)
    for label in sorted(by_label):
        name = f"nodes_{_file_stem(label, used)}.csv"
        rows = ((n.iri, n.name, ARRAY_DELIMITER.join(n.aliases), n.mentions,
                 ARRAY_DELIMITER.join(n.labels)) for n in by_label[label])
        written.append(_write(out / name, _csv(NODE_HEADER, rows)))
        node_files.append(name)
        extra = "" if label == ENTITY_LABEL else f" SET n:{_name(label)}"
        script.append(
            f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row\n"
            f"MERGE (n:{ENTITY_LABEL} {{iri: row.`iri:ID`}}){extra}\n"
            "SET n.name = row.name, n.mentions = toInteger(row.`mentions:int`),\n"
            "    n.aliases = CASE WHEN row.`aliases:string[]` IS NULL OR "
            "row.`aliases:string[]` = '' THEN [] "
            f"ELSE split(row.`aliases:string[]`, '{ARRAY_DELIMITER}') END;")
    by_type: dict[str, list[Relationship]] = defaultdict(list)
    for r in rel_list:
        by_type[r.type].append(r)
    for rel_type in sorted(by_type):
        name = f"rels_{_file_stem(rel_type, used)}.csv"
        rel_rows = ((r.start, r.end, r.type, *(v for _, v in r.properties))
                    for r in by_type[rel_type])
        written.append(_write(out / name, _csv(REL_HEADER, rel_rows)))
        rel_files.append(name)
        sets = ",\n    ".join(_load_set(name_, kind) for name_, kind in REL_PROPERTIES[1:])
        script.append(
            f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row\n"
            f"MATCH (a:{ENTITY_LABEL} {{iri: row.`:START_ID`}})\n"
            f"MATCH (b:{ENTITY_LABEL} {{iri: row.`:END_ID`}})\n"
            f"MERGE (a)-[r:{_name(rel_type)} {{iri: row.iri}}]->(b)\n"
            f"SET {sets};")
    written.append(_write(out / "load.cypher", "\n\n".join(script) + "\n"))
    command = ["neo4j-admin database import full --overwrite-destination \\"]
    command += [f"  --nodes={name} \\" for name in node_files]
    command += [f"  --relationships={name} \\" for name in rel_files]
    command.append('  "${1:-neo4j}"')
    written.append(_write(out / "import.sh", "#!/bin/sh\n# Run from this folder; "
                          "the argument names the database (default: neo4j).\nset -e\n"
                          "cd \"$(dirname \"$0\")\"\n" + "\n".join(command) + "\n"))
    return written


def _load_set(name: str, kind: str) -> str:
    column = f"row.{name}" if kind == "string" else f"row.`{name}:{kind}`"
    if kind == "int":
        return f"r.{name} = toInteger({column})"
    if kind == "float":
        return f"r.{name} = toFloat({column})"
    return f"r.{name} = CASE {column} WHEN '' THEN null ELSE {column} END"


def _write(path: Path, text: str) -> Path:
    atomic_write_text(path, text)
    return path
