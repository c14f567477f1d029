"""Where a build's triples go: a sorted N-Triples file on disk (for ``graph.ttl``), an
Oxigraph store, or N-Quads with one named graph per document. Each streams the documents as
they come, so the build's memory does not grow with its input, and applies the same merge plan
(``kg.rdf.assemble.MergePlan``) to the same triples, so all hold the same graph."""

from __future__ import annotations

import io
import os
import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.fsutil import temporary_folder
from kg.rdf import serialize, terms
from kg.rdf.assemble import MergePlan
from kg.rdf.emit import DocumentTriples, StatementRow
from kg.rdf.spill import LineSorter
from kg.rdf.terms import Triple

FLUSH_TRIPLES = 10_000  # triples buffered before a write to the store (see ``StoreSink``)
MEMORY_FLUSH_TRIPLES = 100_000  # the same, into an in-memory store
FLUSH_BYTES = 1 << 20  # pickled bytes buffered before an append to a spill file


class Pickles:
    """Values appended to the file ``path`` as pickles (a buffer at a time), read back in
    order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._held: list[bytes] = []
        self._size = 0

    def append(self, value: Any) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self._held.append(data)
        self._size += len(data)
        if self._size >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        if self._held:
            with open(self.path, "ab") as out:
                out.write(b"".join(self._held))
        self._held, self._size = [], 0

    def __iter__(self) -> Iterator[Any]:
        self.flush()
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    return


class GraphSink:
    """The graph as one sorted N-Triples file, ``path`` (the canonical form), with the
    statement rows beside it (``rows``), in a temporary folder that lives as long as the sink.

    Each document's lines go to disk as they come: those that name none of its entities into
    the sorted runs of a ``kg.rdf.spill.LineSorter``, those that do (which the merge plan may
    change) into a file of their own, replayed through the plan by ``finish``.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self._folder = temporary_folder("build", dir=folder)
        self.folder = Path(self._folder.name)
        self.path = self.folder / "graph.nt"
        self.count = 0  # lines in ``path`` once finished
        self._sorter = LineSorter(self.folder)
        self._named = Pickles(self.folder / "named.pickle")
        self._rows = Pickles(self.folder / "rows.pickle")

    def add(self, document: DocumentTriples) -> None:
        self._sorter.add(io.BytesIO(document.lines).readlines())
        if document.named:
            self._named.append(document.named)
        if document.rows:
            self._rows.append(document.rows)

    def finish(self, plan: MergePlan, head: Sequence[Triple]) -> None:
        line, apply = terms.line, plan.apply
        self._sorter.add([line(t).encode() for t in head])
        for triples in self._named:
            if plan.moved:
                triples = [apply(t) for t in triples]
            self._sorter.add([line(t).encode() for t in triples])
        self._named.path.unlink(missing_ok=True)
        self.count = self._sorter.finish(self.path)

    def rows(self) -> Iterator[StatementRow]:
        """Every document's statement rows, in input order (merged entities not replaced)."""
        for rows in self._rows:
            yield from rows


class NQuadsSink(GraphSink):
    """Writes the graph as N-Quads (one named graph per document) to ``output`` when done."""

    def __init__(self, output: IO[bytes]) -> None:
        super().__init__()
        self.output = output

    def finish(self, plan: MergePlan, head: Sequence[Triple]) -> None:
        super().finish(plan, head)
        serialize.write(self.path, "nquads", {}, self.output)


class StoreSink:
    """Streams each document into an Oxigraph ``store`` as it comes; at the end rewrites the
    triples that name a merged entity and adds the head.

    Each ``FLUSH_TRIPLES`` go in with Oxigraph's bulk loader, which writes them to disk at once:
    ``Store.load`` keeps them in RocksDB's write buffers (one per index), which grew the build's
    memory by ~400 MB per million triples. The loader's own buffers grow with the size of one
    call: 50,000 triples at a time raised the peak RSS by ~45 MB, 10,000 by ~8 MB, for the same
    CPU time.

    ``limit``: at most this many bytes of N-Triples; a graph that grows past it is dropped
    (``store`` becomes ``None``), for a copy that is only worth keeping while it is small.
    ``flush``: triples buffered before a write (default ``FLUSH_TRIPLES``; an in-memory store,
    with no disk buffers to grow, loads faster in fewer, larger writes: 10,000 → 100,000 cut
    its CPU by a fifth).
    """

    def __init__(self, store: ox.Store, limit: int | None = None,
                 flush: int | None = None) -> None:
        self.store: ox.Store | None = store
        self._flush_at = FLUSH_TRIPLES if flush is None else flush
        self._buffer: list[bytes] = []
        self._count = 0  # triples in ``_buffer``
        self._room = limit  # bytes still allowed

    def add(self, document: DocumentTriples) -> None:
        self._add([document.lines, *(terms.line(t).encode() for t in document.named)],
                  document.lines.count(b"\n") + len(document.named))

    def _add(self, lines: list[bytes], count: int) -> None:
        if self.store is None:
            return
        if self._room is not None:
            self._room -= sum(map(len, lines))
            if self._room < 0:  # too big to keep
                self.store, self._buffer, self._count = None, [], 0
                return
        self._buffer += lines
        self._count += count
        if self._count >= self._flush_at:
            self._flush()

    def _flush(self) -> None:
        if self._buffer and self.store is not None:
            self.store.bulk_load(b"".join(self._buffer), format=ox.RdfFormat.N_TRIPLES)
            self._buffer, self._count = [], 0

    def finish(self, plan: MergePlan, head: Sequence[Triple]) -> None:
        self._flush()
        if self.store is None:
            return
        default = ox.DefaultGraph()
        for old in plan.old_terms():
            # documents name entities only as objects (their subjects are documents,
            # statements and quotes); the head is written after the merge
            store = self.store
            if store is None:
                return
            found = list(store.quads_for_pattern(None, None, ox.NamedNode(old[1:-1]), default))
            moved = [terms.line(plan.apply((str(q.subject), str(q.predicate),
                                            str(q.object)))).encode() for q in found]
            for quad in found:
                store.remove(quad)
            self._add(moved, len(moved))
        self._add([terms.line(t).encode() for t in head], len(head))
        self._flush()
        if self.store is not None:
            self.store.flush()
