"""A freshly built graph: its canonical N-Triples lines plus the entity and statement records
the HTML page and the TSV need, with no rdflib graph until something asks for one."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph

from kg.model import EntityRecord, StatementRecord
from kg.rdf import serialize
from kg.rdf.assemble import MergePlan, local_name
from kg.rdf.emit import ROW_EXTRA, StatementRow


def statement_records(rows: Sequence[StatementRow], entities: Sequence[EntityRecord],
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
    """A finished build: canonical ``lines``, ``entities`` and statement rows."""

    def __init__(self, lines: list[str], entities: list[EntityRecord],
                 rows: list[StatementRow], plan: MergePlan, prefixes: dict[str, str]) -> None:
        self.lines = lines
        self._entities = entities
        self._rows = rows
        self._plan = plan
        self.prefixes = prefixes

    def __len__(self) -> int:
        return len(self.lines)

    def serialize(self, fmt: str) -> bytes:
        """The graph in one of ``kg.rdf.formats.RDF_FORMATS``."""
        return serialize.write(self.lines, fmt, self.prefixes)

    def entities(self) -> list[EntityRecord]:
        return list(self._entities)

    def statements(self) -> list[StatementRecord]:
        return statement_records(self._rows, self._entities, self._plan)

    def to_rdflib(self) -> Graph:
        """The same graph as an rdflib ``Graph``."""
        graph = Graph(bind_namespaces="core")
        for prefix, ns in self.prefixes.items():
            graph.bind(prefix, ns, override=True)
        graph.parse(data="".join(self.lines), format="nt")
        return graph
