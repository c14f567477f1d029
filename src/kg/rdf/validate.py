"""SHACL validation of a graph against ``ontology/shapes.ttl`` (pyshacl), streamed by section.

A graph is validated in pieces, never whole: each document's section (the document and every
node whose ``kg:sourceDocument`` it is) and the entity section (everything else: entities,
their edges, provenance nodes), cut into chunks of about ``CHUNK_TRIPLES`` triples. Every
chunk is validated with its *one-hop context*: all triples of each node a chunk triple points
to (an entity's type, label and count; a document's type), plus the ontology's class
hierarchy. That is what makes kg's shapes checkable piece by piece: most are node-local, and
the few that are not look exactly one hop away (``sh:class kg:Place`` on ``kg:place``,
``sh:class prov:SoftwareAgent`` on ``prov:wasAttributedTo``, and ``kgsh:NodeIsEntity``, which
targets the objects of statement triples and reads the entities' own triples). A problem
found in several chunks (a context node checked again) is reported once.

The graph lives in an Oxigraph store: a ``--store`` build's own, a file parsed into a
temporary one (on disk above ``DISK_BYTES``, so memory stays bounded), or a fresh build's
lines. Shapes files that look further than one hop (non-IRI paths, ``sh:node``, SPARQL
constraints, …) are validated on the whole graph at once, and the report says so.

>>> report = validate_path("out/graph.ttl")                     # doctest: +SKIP
>>> print(report.summary())                                     # doctest: +SKIP
conforms: 10,440 triples (3 documents, 1 entity chunk), 0 problems (0.4 s)
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from kg.fsutil import temporary_folder
from kg.ontology.namespace import KG
from kg.rdf.chunks import ChunkStore, rdflib_triples
from kg.rdf.shapes import Shapes, load_shapes

__all__ = ["CHUNK_TRIPLES", "DISK_BYTES", "ValidationReport", "load_shapes", "validate",
           "validate_path", "validate_store"]

CHUNK_TRIPLES = 20_000  #: triples of documents (or entities) validated together
#: Files larger than this are parsed into a temporary store on disk (memory stays bounded,
#: at twice the time); smaller ones into memory (about 8 bytes of RAM per byte of Turtle).
DISK_BYTES = 128_000_000
KEPT_PROBLEMS = 10_000  #: problems listed in a report; more are counted

_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DOCUMENT = ox.NamedNode(str(KG.Document))
_SOURCE = ox.NamedNode(str(KG.sourceDocument))
_DEFAULT = ox.DefaultGraph()


@dataclass(frozen=True)
class ValidationReport:
    """What pyshacl found: ``problems`` are readable one-line results (the first
    ``KEPT_PROBLEMS``; ``more`` counts the rest); ``notices`` say what was limited, and how."""

    conforms: bool
    triples: int
    seconds: float
    problems: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    chunks: int = 0
    notices: tuple[str, ...] = ()
    more: int = 0

    def summary(self, limit: int = 20) -> str:
        """One line, any notices, then (when it does not conform) the first ``limit`` problems."""
        head = "conforms" if self.conforms else "does not conform"
        total = len(self.problems) + self.more
        scope = (f" ({self.documents:,} document{'s' * (self.documents != 1)}, "
                 f"{self.chunks:,} chunk{'s' * (self.chunks != 1)})" if self.chunks else "")
        lines = [f"{head}: {self.triples:,} triples{scope}, {total:,} problems "
                 f"({self.seconds:.1f} s)"]
        lines += [f"  note: {notice}" for notice in self.notices]
        for kind, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {n:>5} × {kind}")
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if total > limit:
            lines.append(f"  … and {total - min(limit, len(self.problems)):,} more")
        return "\n".join(lines)


# -- entry points -----------------------------------------------------------------------

def validate(graph: Graph, shapes: str | os.PathLike[str] | None = None,
             ontologies: tuple[str, ...] = ()) -> ValidationReport:
    """Validate an rdflib ``graph`` (copied into an in-memory Oxigraph store)."""
    from kg.rdf.serialize import rdflib_lines

    return validate_lines(rdflib_lines(graph), shapes, ontologies)


def validate_lines(lines: Iterable[str], shapes: str | os.PathLike[str] | None = None,
                   ontologies: tuple[str, ...] = ()) -> ValidationReport:
    """Validate a graph given as N-Triples lines (a fresh build's)."""
    store = ox.Store()
    store.bulk_load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return validate_store(store, shapes, ontologies)


def validate_path(path: str | os.PathLike[str], shapes: str | os.PathLike[str] | None = None,
                  ontologies: tuple[str, ...] = ()) -> ValidationReport:
    """Validate a graph file (or a build folder's ``graph.ttl``), parsed by pyoxigraph into
    a temporary store: in memory for small files, on disk above ``DISK_BYTES``."""
    from kg.rdf.files import graph_file, read_store

    started = time.perf_counter()
    source = graph_file(path)
    if source.stat().st_size <= DISK_BYTES:
        return validate_store(read_store(source).store, shapes, ontologies, started)
    with temporary_folder("validate") as tmp:
        store = ox.Store(os.path.join(tmp, "store"))
        read_store(source, store)
        report = validate_store(store, shapes, ontologies, started)
        del store
    return report


def validate_store(store: ox.Store, shapes: str | os.PathLike[str] | None = None,
                   ontologies: tuple[str, ...] = (),
                   started: float | None = None) -> ValidationReport:
    """Validate the default graph of ``store``, section by section (see the module doc)."""
    started = time.perf_counter() if started is None else started
    return validate_share(store, Shapes.prepare(shapes, ontologies)).report(started)


def validate_share(store: ox.Store, prepared: Shapes, share: tuple[int, int] = (0, 1)
                   ) -> Share:
    """``validate_store``'s work, or the part ``share = (k, n)`` of it: every chunk is cut,
    counted and numbered, but only those whose number is ``k`` modulo ``n`` are checked
    (``Share.merge`` makes one report of the ``n`` parts)."""
    run = _Run(store, prepared, share)
    notices = list(prepared.notices)
    if any(True for _ in store.named_graphs()):
        notices.append("only the default graph was validated (kg keeps the whole graph "
                       "there); this store also has named graphs")
    if prepared.local:
        documents = [q.subject for q in store.quads_for_pattern(None, _TYPE, _DOCUMENT,
                                                                _DEFAULT)
                     if isinstance(q.subject, (ox.NamedNode, ox.BlankNode))]
        for chunk in _batches(_document_sections(store, documents)):
            run.check(chunk)
        for chunk in _batches(_entity_section(store, {str(d) for d in documents})):
            run.check(chunk)
        run.documents = len(documents)
    else:
        run.check(list(store.quads_for_pattern(None, None, None, _DEFAULT)), context=False)
    return Share(run.conforms, run.triples, run.documents, run.chunks, tuple(notices),
                 run.found)


# -- sections and chunks ----------------------------------------------------------------

def _node_quads(store: ox.Store, node: ox.NamedNode | ox.BlankNode | ox.Triple
                ) -> list[ox.Quad]:
    return list(store.quads_for_pattern(node, None, None, _DEFAULT))


def _document_sections(store: ox.Store, documents: list[ox.NamedNode | ox.BlankNode]
                       ) -> Iterator[list[ox.Quad]]:
    """Each document's section: the document's triples and those of its nodes (the subjects
    whose ``kg:sourceDocument`` it is)."""
    for document in documents:
        quads = _node_quads(store, document)
        nodes = dict.fromkeys(q.subject for q in store.quads_for_pattern(
            None, _SOURCE, document, _DEFAULT))
        for node in nodes:
            if node != document:
                quads += _node_quads(store, node)
        yield quads


def _entity_section(store: ox.Store, documents: set[str]) -> Iterator[list[ox.Quad]]:
    """Every subject outside the document sections, with its triples: one pass over the
    default graph, which Oxigraph reads from its subject-first index, so each subject's
    triples come together. A subject is in a document section if it is one of ``documents``
    or its own triples give one of them as its ``kg:sourceDocument``; nothing is kept per
    subject seen, so memory does not grow with the graph."""
    subject: object = None
    quads: list[ox.Quad] = []
    for quad in store.quads_for_pattern(None, None, None, _DEFAULT):
        if quad.subject != subject:
            if quads and not _in_document(quads, documents):
                yield quads
            subject, quads = quad.subject, []
        quads.append(quad)
    if quads and not _in_document(quads, documents):
        yield quads


def _in_document(quads: list[ox.Quad], documents: set[str]) -> bool:
    """Whether the node whose triples are ``quads`` is in a document section."""
    return str(quads[0].subject) in documents or any(
        q.predicate == _SOURCE and str(q.object) in documents for q in quads)


def _batches(sections: Iterable[list[ox.Quad]]) -> Iterator[list[ox.Quad]]:
    """Whole sections (or nodes) gathered into chunks of about ``CHUNK_TRIPLES`` triples."""
    chunk: list[ox.Quad] = []
    for quads in sections:
        chunk += quads
        if len(chunk) >= CHUNK_TRIPLES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


#: A problem found: the number of its chunk, its line's hash, its line (``None`` past the
#: first ``KEPT_PROBLEMS`` of a share: it is only counted) and its kind.
Found = tuple[int, int, str | None, str]


@dataclass(frozen=True)
class Share:
    """What checking (part of) a graph found: ``found`` holds each problem once, in the
    order met."""

    conforms: bool
    triples: int
    documents: int
    chunks: int
    notices: tuple[str, ...]
    found: list[Found]

    def report(self, started: float, others: Iterable[Share] = ()) -> ValidationReport:
        """The report of this share and ``others`` (the other parts of the same graph): each
        problem once, kept in the order of its first chunk, as one process finds them."""
        shares = [self, *others]
        first: dict[int, tuple[tuple[int, int], str | None, str]] = {}
        for share in shares:
            for position, (chunk, key, line, kind) in enumerate(share.found):
                seen = first.get(key)
                if seen is None or (chunk, position) < seen[0]:
                    first[key] = ((chunk, position), line, kind)
        ordered = sorted(first.values(), key=lambda item: item[0])
        counts: dict[str, int] = {}
        for _, _, kind in ordered:
            counts[kind] = counts.get(kind, 0) + 1
        problems = [line for _, line, _ in ordered[:KEPT_PROBLEMS]]
        assert None not in problems  # a kept problem is among the first of its own share
        more = len(ordered) - len(problems)
        notices = self.notices
        if more:
            notices += (f"listing the first {KEPT_PROBLEMS:,} problems; "
                        f"{more:,} more were counted",)
        return ValidationReport(all(s.conforms for s in shares), self.triples,
                                time.perf_counter() - started,
                                tuple(sorted(p for p in problems if p is not None)), counts,
                                self.documents, self.chunks, notices, more)


class _Run:
    """One validation: checks chunks (those of its ``share``), gathers their problems (each
    once)."""

    def __init__(self, store: ox.Store, shapes: Shapes, share: tuple[int, int] = (0, 1)
                 ) -> None:
        self.store, self.shapes, self.share = store, shapes, share
        self.seen: set[int] = set()
        self.found: list[Found] = []
        self.triples = self.chunks = self.documents = 0
        self.conforms = True

    def context(self, quads: list[ox.Quad]) -> list[ox.Quad]:
        """All triples of the nodes ``quads`` point to (outside ``quads``' own subjects)."""
        own = {q.subject for q in quads}
        found: list[ox.Quad] = []
        looked: set[ox.NamedNode | ox.BlankNode] = set()
        for quad in quads:
            node = quad.object
            if isinstance(node, (ox.NamedNode, ox.BlankNode)) and node not in own \
                    and node not in looked:
                looked.add(node)
                found += _node_quads(self.store, node)
        return found

    def check(self, quads: list[ox.Quad], context: bool = True) -> None:
        number = self.chunks
        self.triples += len(quads)
        self.chunks += 1
        if number % self.share[1] != self.share[0]:
            return  # another process's
        data = Graph(store=ChunkStore())
        store = data.store
        assert isinstance(store, ChunkStore)
        store.add_all(self.shapes.ontology)
        store.add_all(rdflib_triples(quads))
        if context:
            store.add_all(rdflib_triples(self.context(quads)))
        conforms, lines, kinds = self.shapes.check(data)
        self.conforms = self.conforms and conforms
        for line, kind in zip(lines, kinds, strict=True):
            key = hash(line)
            if key in self.seen:
                continue
            self.seen.add(key)
            self.found.append((number, key, line if len(self.found) < KEPT_PROBLEMS else None,
                               kind))

