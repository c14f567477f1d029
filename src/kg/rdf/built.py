"""A freshly built graph: its canonical N-Triples file plus the entity and statement records
the HTML page and the TSV need, with no rdflib graph until something asks for one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.model import EntityRecord, StatementRecord
from kg.ontology.namespace import local_name
from kg.rdf import serialize
from kg.rdf.assemble import MergePlan
from kg.rdf.emit import ROW_EXTRA, StatementRow
from kg.rdf.sinks import GraphSink
from kg.rdf.spill import read_lines


def statement_records(rows: Iterable[StatementRow], entities: Sequence[EntityRecord],
                      plan: MergePlan) -> list[StatementRecord]:
    """The statement records of a build (merged entities replaced by their survivors)."""
    labels = {e.iri: e.label for e in entities}
    moved = plan.moved

    def label(node: str) -> str:
        found = labels.get(node)
        return found if found is not None else local_name(node)

    records, seen = [], set()
    for (st, subject, subject_text, relation, obj, value, confidence, source, sentence,
         rule, extractor, start, *more) in rows:
        if st in seen:
            continue
        seen.add(st)
        subject, obj = moved.get(subject, subject), moved.get(obj, obj)
        records.append(StatementRecord(
            iri=st, subject_id=subject, subject=label(subject) if subject else subject_text,
            predicate=relation, object_id=obj, object=label(obj) if obj else value,
            confidence=confidence, source=source, sentence=sentence,
            extra={"rule": rule, "extractor": extractor, "sentence_start": str(start),
                   **{k: v for k, v in zip(ROW_EXTRA, more, strict=True) if v}}))
    records.sort(key=StatementRecord.sort_key)
    return records


class BuiltGraph:
    """A finished build: its canonical file (``path``, sorted N-Triples lines, each once), its
    ``entities`` and statement rows, kept on disk by the build's ``GraphSink``; ``store``: the
    same graph in an in-memory Oxigraph store, where the build kept one for its validation."""

    def __init__(self, sink: GraphSink, entities: list[EntityRecord], plan: MergePlan,
                 prefixes: dict[str, str], store: ox.Store | None = None) -> None:
        self._sink = sink
        self.store = store
        self._entities = entities
        self._plan = plan
        self.prefixes = prefixes

    @property
    def path(self) -> Path:
        return self._sink.path

    @property
    def folder(self) -> Path:
        """A temporary folder that lives as long as this graph."""
        return self._sink.folder

    def __len__(self) -> int:
        return self._sink.count

    def lines(self) -> list[str]:
        """The canonical lines (read from ``path``: as much memory as the graph)."""
        return serialize.split_lines(self.path.read_text(encoding="utf-8"))

    def lines_without(self, *kinds: str) -> bytes:
        """The canonical lines, but those whose subject is a node of one of ``kinds``
        (``statement``, ``mention``: IRIs under the build's base, ``kg.rdf.iris``)."""
        base = self.prefixes["kgr"]
        skip = tuple(f"<{base}{kind}/".encode() for kind in kinds)
        return b"".join(line for chunk in read_lines(self.path) for line in chunk
                        if not line.startswith(skip))

    def entities(self) -> list[EntityRecord]:
        return list(self._entities)

    def statements(self) -> list[StatementRecord]:
        return statement_records(self._sink.rows(), self._entities, self._plan)

    def to_rdflib(self) -> Graph:
        """The same graph as an rdflib ``Graph``."""
        graph = Graph(bind_namespaces="core")
        for prefix, ns in self.prefixes.items():
            graph.bind(prefix, ns, override=True)
        graph.parse(source=str(self.path), format="nt")
        return graph
