"""SHACL validation of a built graph against ``ontology/shapes.ttl`` (pyshacl, imported lazily).

>>> report = validate(kg.load("out/graph.ttl").graph)          # doctest: +SKIP
>>> print(report.summary())                                     # doctest: +SKIP
conforms: 5,120 triples, 0 problems (0.4 s)
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.ontology.namespace import ontology_path

#: ``kg build`` validates graphs up to this size; above it SHACL (pyshacl, in memory) would
#: take longer than the build, so it says so and leaves it to ``kg validate``.
BUILD_MAX_TRIPLES = 50_000


@dataclass(frozen=True)
class ValidationReport:
    """What pyshacl found: ``problems`` are readable one-line results."""

    conforms: bool
    triples: int
    seconds: float
    problems: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self, limit: int = 20) -> str:
        """One line, then (when it does not conform) the first ``limit`` problems."""
        head = "conforms" if self.conforms else "does not conform"
        lines = [f"{head}: {self.triples:,} triples, {len(self.problems):,} problems "
                 f"({self.seconds:.1f} s)"]
        for kind, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {n:>5} × {kind}")
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  … and {len(self.problems) - limit:,} more")
        return "\n".join(lines)


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # not every IRI has a prefixed form
            return f"<{node}>"
    return repr(str(node))[:60]


def _problems(results: Graph, data: Graph) -> tuple[list[str], Counter[str]]:
    lines, counts = [], Counter[str]()
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        warning = "warning: " if results.value(result, SH.resultSeverity) == SH.Warning else ""
        kind = warning + (f"{_short(data, path)}: {message}" if message
                          else _short(data, path))
        counts[kind] += 1
        lines.append(f"{warning}{_short(data, focus)} {_short(data, path)}: {message} "
                     f"(shape {_short(data, shape)})")
    return sorted(lines), counts


def load_shapes(path: str | Path | None = None) -> Graph:
    """The shapes graph (``ontology/shapes.ttl`` unless ``path`` names another)."""
    return Graph().parse(str(path or ontology_path("shapes.ttl")), format="turtle")


def validate(graph: Graph, shapes: str | Path | None = None,
             ontologies: tuple[str, ...] = ()) -> ValidationReport:
    """Validate ``graph`` against the shapes with the ontology's class hierarchy mixed in
    (so ``sh:class kg:Place`` accepts a ``kg:Facility``); no RDFS/OWL inference, which keeps it
    fast (well under a second for a few thousand triples). A literal value of a property
    whose range is a class (kg's or one of ``ontologies``'s) is a warning."""
    import pyshacl

    from kg.enrich.lexicon import lexicon
    from kg.enrich.vocabulary import Vocabulary, range_shapes

    started = time.perf_counter()
    ontology = Graph().parse(str(ontology_path("kg.ttl")), format="turtle")
    shacl = load_shapes(shapes)
    own = lexicon().vocabulary
    for vocabulary in ([own] if own is not None else []) + (
            [Vocabulary.load(ontologies)] if ontologies else []):
        shacl += range_shapes(vocabulary)
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shacl, ont_graph=ontology, inference="none",
        abort_on_first=False, allow_warnings=True, advanced=False)
    problems, counts = _problems(results, graph)
    return ValidationReport(bool(conforms), len(graph), time.perf_counter() - started,
                            tuple(problems), dict(counts))

