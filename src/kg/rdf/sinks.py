"""Where a build's triples go: kept for a Turtle file, streamed into an Oxigraph store, or
written as N-Quads with one named graph per document. Each applies the same merge plan
(``kg.rdf.assemble.MergePlan``) to the same triples, so all hold the same graph."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

import pyoxigraph as ox

from kg.rdf import serialize, terms
from kg.rdf.assemble import MergePlan
from kg.rdf.emit import DocumentTriples
from kg.rdf.terms import Triple

FLUSH_TRIPLES = 50_000  # triples buffered before a write to the store


def document_lines(document: DocumentTriples, plan: MergePlan) -> list[str]:
    """The document's N-Triples lines, merged entities replaced."""
    triples = document.triples
    if plan.touches(use.iri for use in document.uses):
        triples = tuple(plan.apply(t) for t in triples)
    return [terms.line(t) for t in triples]


class GraphSink:
    """Keeps every triple; ``lines`` is the canonical graph once finished (``graph.ttl``)."""

    def __init__(self) -> None:
        self._documents: list[DocumentTriples] = []
        self.lines: list[str] = []

    def add(self, document: DocumentTriples) -> None:
        self._documents.append(document)

    def finish(self, plan: MergePlan, head: Sequence[Triple]) -> None:
        lines = [terms.line(t) for t in head]
        for document in self._documents:
            lines += document_lines(document, plan)
        self._documents = []
        self.lines = serialize.canonical(lines)


class NQuadsSink(GraphSink):
    """Writes the graph as N-Quads (one named graph per document) to ``output`` when done."""

    def __init__(self, output: IO[bytes]) -> None:
        super().__init__()
        self.output = output

    def finish(self, plan: MergePlan, head: Sequence[Triple]) -> None:
        super().finish(plan, head)
        serialize.write(self.lines, "nquads", {}, self.output)


class StoreSink:
    """Streams each document into an Oxigraph ``store`` as it comes (memory stays flat); at
    the end rewrites the triples that name a merged entity and adds the head."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._buffer: list[str] = []

    def add(self, document: DocumentTriples) -> None:
        self._buffer += [terms.line(t) for t in document.triples]
        if len(self._buffer) >= FLUSH_TRIPLES:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self.store.load("".join(self._buffer).encode("utf-8"),
                            format=ox.RdfFormat.N_TRIPLES)
            self._buffer = []

    def finish(self, plan: MergePlan, head: Sequence[Triple]) -> None:
        self._flush()
        default = ox.DefaultGraph()
        for old in plan.old_terms():
            # documents name entities only as objects (their subjects are documents,
            # statements and quotes); the head is written after the merge
            found = list(self.store.quads_for_pattern(None, None, ox.NamedNode(old[1:-1]),
                                                      default))
            moved = [terms.line(plan.apply((str(q.subject), str(q.predicate), str(q.object))))
                     for q in found]
            for quad in found:
                self.store.remove(quad)
            self._buffer += moved
        self._buffer += [terms.line(t) for t in head]
        self._flush()
        self.store.flush()
