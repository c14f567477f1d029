"""SHACL validation of a graph against ``ontology/shapes.ttl``, by SPARQL on its store.

The graph lives in an Oxigraph store: a ``--store`` build's own, a file parsed into a
temporary one (on disk above ``DISK_BYTES``, so memory stays bounded), or a fresh build's
copy of its triples in memory. The shapes are translated into SPARQL queries run on that store
(``kg.rdf.shacl_sparql``); shapes that use something not translated are checked by pyshacl on
the whole graph instead, and the report says so (``kg.rdf.shapes``). Problem lines are sorted:
the same graph gives the same report, byte for byte.

>>> report = validate_path("out/graph.ttl")                     # doctest: +SKIP
>>> print(report.summary())                                     # doctest: +SKIP
conforms: 10,440 triples (3 documents), 0 problems (0.4 s)
"""

from __future__ import annotations

import heapq
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from kg.fsutil import temporary_folder
from kg.ontology.namespace import KG
from kg.rdf.shacl_sparql import Result
from kg.rdf.shapes import Shapes, load_shapes

__all__ = ["DISK_BYTES", "DISK_NT_BYTES", "KEPT_PROBLEMS", "Problem", "ValidationReport",
           "load_shapes", "problems", "report", "validate", "validate_path", "validate_store"]

#: Files larger than this are parsed into a temporary store on disk (memory stays bounded, at
#: four to five times the time: 2M triples took 8.7 s in memory and 43.8 s on disk); smaller
#: ones into memory, which takes about 7 bytes of RAM per byte of kg's Turtle.
DISK_BYTES = 128_000_000
#: The same for N-Triples (a fresh build's sorted file, its in-memory copy): it spells every
#: term out, so the same graph is ~3.6× the bytes at about 2 bytes of RAM per byte, and this
#: limit comes to the same ~0.9 GB of RAM.
DISK_NT_BYTES = 450_000_000
KEPT_PROBLEMS = 10_000  #: problems listed in a report; more are counted

_PREFIX = {SH.Warning: "warning: ", SH.Info: "info: "}


@dataclass(frozen=True)
class ValidationReport:
    """What the shapes found: ``problems`` are readable one-line results, sorted (the first
    ``KEPT_PROBLEMS``; ``more`` counts the rest); ``counts`` how many of each kind;
    ``notices`` say what was limited, and how."""

    conforms: bool
    triples: int
    seconds: float
    problems: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    notices: tuple[str, ...] = ()
    more: int = 0

    def summary(self, limit: int = 20) -> str:
        """One line, any notices, then (when it does not conform) the first ``limit`` problems."""
        head = "conforms" if self.conforms else "does not conform"
        total = len(self.problems) + self.more
        lines = [f"{head}: {self.triples:,} triples ({self.documents:,} "
                 f"document{'s' * (self.documents != 1)}), {total:,} problems "
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
                  ontologies: tuple[str, ...] = (),
                  every: Callable[[Problem], None] | None = None) -> ValidationReport:
    """Validate a graph file (or a build folder's ``graph.ttl``), parsed by pyoxigraph into
    a temporary store: in memory for small files, on disk above ``DISK_BYTES`` (``DISK_NT_BYTES``
    for N-Triples). ``every``
    is given each problem (the report lists only the first ``KEPT_PROBLEMS``)."""
    from kg.rdf.files import graph_file, read_store

    started = time.perf_counter()
    source = graph_file(path)
    limit = DISK_NT_BYTES if source.suffix.lower() == ".nt" else DISK_BYTES
    if source.stat().st_size <= limit:
        return validate_store(read_store(source).store, shapes, ontologies, started, every)
    with temporary_folder("validate") as tmp:
        store = ox.Store(os.path.join(tmp, "store"))
        read_store(source, store)
        found = validate_store(store, shapes, ontologies, started, every)
        del store
    return found


def validate_store(store: ox.Store, shapes: str | os.PathLike[str] | None = None,
                   ontologies: tuple[str, ...] = (),
                   started: float | None = None,
                   every: Callable[[Problem], None] | None = None,
                   prepared: Shapes | None = None) -> ValidationReport:
    """Validate the default graph of ``store`` (see the module doc); ``every`` is given each
    problem; ``prepared``: the shapes of ``shapes`` and ``ontologies``, prepared already."""
    started = time.perf_counter() if started is None else started
    prepared = prepared or Shapes.ready(shapes, ontologies)
    results, notices = prepared.results(store)
    if any(True for _ in store.named_graphs()):
        notices += ("only the default graph was validated (kg keeps the whole graph "
                    "there); this store also has named graphs",)
    return _report(store, prepared, results, notices, started, every)


def _count(store: ox.Store, pattern: str) -> int:
    row = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")))  # type: ignore[arg-type]
    return int(row["n"].value)


@dataclass(frozen=True)
class Problem:
    """One result as a report lists it: its focus node (N-Triples), whether it is a
    violation, its kind (what ``counts`` counts) and its line."""

    focus: str
    violation: bool
    kind: str
    line: str


def problems(shapes: Shapes, results: Iterable[Result]) -> Iterator[Problem]:
    """Each of ``results`` as a ``Problem``."""
    for result in results:
        source = result.source
        prefix = _PREFIX.get(source.severity, "")
        kind = f"{prefix}{source.path}: {result.message}" if source.path \
            else f"{prefix}{result.message}"
        value = "" if result.value is None else f"value {shapes.show(result.value)}, "
        where = f" {source.path}" if source.path else ""
        yield Problem(str(result.focus), source.severity == SH.Violation, kind,
                      f"{prefix}{shapes.show(result.focus)}{where}: {result.message} ({value}"
                      f"shape {source.shown})")


def report(found: Iterable[Problem], triples: int, documents: int,
           notices: tuple[str, ...], started: float) -> ValidationReport:
    """The report of the problems ``found``: the first ``KEPT_PROBLEMS`` lines in sorted
    order are kept (no more are held at once), all are counted by kind."""
    counts: dict[str, int] = {}
    conforms = True

    def lines() -> Iterator[str]:
        nonlocal conforms
        for problem in found:
            conforms = conforms and not problem.violation
            counts[problem.kind] = counts.get(problem.kind, 0) + 1
            yield problem.line

    kept = heapq.nsmallest(KEPT_PROBLEMS, lines())
    more = sum(counts.values()) - len(kept)
    if more:
        notices += (f"listing the first {KEPT_PROBLEMS:,} problems; {more:,} more were "
                    "counted",)
    return ValidationReport(conforms, triples, time.perf_counter() - started, tuple(kept),
                            counts, documents, notices, more)


def _report(store: ox.Store, shapes: Shapes, results: Iterator[Result],
            notices: tuple[str, ...], started: float,
            every: Callable[[Problem], None] | None) -> ValidationReport:
    triples = len(store) if not any(True for _ in store.named_graphs()) \
        else _count(store, "?s ?p ?o")
    documents = _count(store, f"?d a <{KG.Document}>")
    found = problems(shapes, results)
    return report(found if every is None else _seen(found, every), triples, documents,
                  notices, started)


def _seen(found: Iterable[Problem], every: Callable[[Problem], None]) -> Iterator[Problem]:
    for problem in found:
        every(problem)
        yield problem
