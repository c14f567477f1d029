"""The SHACL shapes kg validates with, made ready once per validation, and their results.

``Shapes.results`` checks the default graph of an Oxigraph store: by SPARQL queries on the
store itself (``kg.rdf.shacl_sparql``), or, when the shapes use something those queries do not
translate, by pyshacl on the whole graph copied into rdflib (slower, in memory; a notice says
so and why). Either way the class hierarchy is kg's ontology's plus the graph's own
``rdfs:subClassOf`` triples.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.ontology.namespace import ontology_path
from kg.rdf.iris import prefixes
from kg.rdf.shacl_run import run
from kg.rdf.shacl_sparql import Check, Result, Source, sparql_path, translate
from kg.rdf.terms import from_ox, to_ox

_READY: dict[tuple[object, ...], Shapes] = {}  # by ``Shapes.ready``


def _stamp(path: str) -> tuple[int, int]:
    try:
        found = os.stat(path)
    except OSError:
        return (-1, -1)  # ``prepare`` says what is wrong with it
    return (found.st_mtime_ns, found.st_size)


def load_shapes(path: str | os.PathLike[str] | None = None) -> Graph:
    """The shapes graph (``ontology/shapes.ttl`` unless ``path`` names another)."""
    return Graph().parse(str(path or ontology_path("shapes.ttl")), format="turtle")


def _short(names: Graph, node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        try:
            return names.namespace_manager.normalizeUri(node)
        except Exception:  # not every IRI has a prefixed form
            return f"<{node}>"
    return repr(str(node))[:60]


def subclasses(pairs: Iterable[tuple[str, str]]) -> Callable[[URIRef], list[str]]:
    """``below(C)``: ``C`` and every class under it by ``pairs`` of (subclass, class)."""
    down: dict[str, set[str]] = {}
    for sub, sup in pairs:
        down.setdefault(sup, set()).add(sub)

    def below(cls: URIRef) -> list[str]:
        seen, todo = {str(cls)}, [str(cls)]
        while todo:
            for sub in down.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return sorted(seen)

    return below


def store_subclasses(store: ox.Store) -> list[tuple[str, str]]:
    """The (subclass, class) IRI pairs of ``store`` 's default graph."""
    rows = store.query(f"SELECT ?a ?b WHERE {{ ?a <{RDFS.subClassOf}> ?b }}")
    return [(row["a"].value, row["b"].value) for row in rows  # type: ignore[union-attr]
            if isinstance(row["a"], ox.NamedNode) and isinstance(row["b"], ox.NamedNode)]


@dataclass(frozen=True)
class Shapes:
    """The shapes, the ontology's class hierarchy, and the prefixes terms are shown with."""

    graph: Graph
    hierarchy: tuple[tuple[str, str], ...]
    names: Graph

    @classmethod
    def prepare(cls, path: str | os.PathLike[str] | None = None,
                ontologies: tuple[str, ...] = ()) -> Shapes:
        """kg's shapes (or ``path``), with range warnings for kg's vocabulary and
        ``ontologies``, and kg's ontology for the class hierarchy."""
        from kg.enrich.lexicon import lexicon
        from kg.enrich.vocabulary import Vocabulary, range_shapes

        shacl = load_shapes(path)
        own = lexicon().vocabulary
        for vocabulary in ([own] if own is not None else []) + (
                [Vocabulary.load(ontologies)] if ontologies else []):
            shacl += range_shapes(vocabulary)
        ontology = Graph().parse(str(ontology_path("kg.ttl")), format="turtle")
        names = Graph()
        for prefix, namespace in [*shacl.namespaces(), *prefixes().items()]:
            names.bind(prefix, namespace, override=True)
        hierarchy = tuple(sorted({(str(a), str(b)) for a, b in ontology.subject_objects(
            RDFS.subClassOf) if isinstance(a, URIRef) and isinstance(b, URIRef)}))
        return cls(shacl, hierarchy, names)

    @classmethod
    def ready(cls, path: str | os.PathLike[str] | None = None,
              ontologies: tuple[str, ...] = ()) -> Shapes:
        """``prepare(path, ontologies)``, kept while the files it reads are unchanged: ``kg
        build`` makes them ready while it parses, and its check, forked later, finds them
        (0.3 s of rdflib parsing no longer after the build)."""
        files = [str(f) for f in (path, *ontologies) if f is not None]
        key = (None if path is None else str(path), tuple(ontologies),
               tuple(_stamp(f) for f in files))
        if key not in _READY:
            _READY.clear()  # one set at a time
            _READY[key] = cls.prepare(path, ontologies)
        return _READY[key]

    def name(self, node: Node | None) -> str:
        """How a term is shown in a report."""
        return _short(self.names, node)

    def show(self, term: object) -> str:
        """How a pyoxigraph term is shown in a report."""
        return self.name(from_ox(term))

    def checks(self, pairs: Iterable[tuple[str, str]]) -> tuple[list[Check], list[str]]:
        """The shapes as SPARQL checks, for a graph with the (subclass, class) ``pairs``
        besides the ontology's, and why some shapes are not translated (``translate``)."""
        return translate(self.graph, subclasses((*self.hierarchy, *pairs)), self.name)

    def results(self, store: ox.Store) -> tuple[Iterator[Result], tuple[str, ...]]:
        """Every result of the shapes on the default graph of ``store``, and notices."""
        own = store_subclasses(store)
        checks, reasons = self.checks(own)
        pairs = (*self.hierarchy, *own)
        if not reasons:
            return run(store, checks), ()
        notice = ("not translated to SPARQL: the whole graph was validated by pyshacl, in "
                  "memory, because " + "; ".join(reasons[:3]) + ("; …" if len(reasons) > 3
                                                                 else ""))
        return self._pyshacl(store, pairs), (notice,)

    def _pyshacl(self, store: ox.Store, pairs: tuple[tuple[str, str], ...]
                 ) -> Iterator[Result]:
        """pyshacl's results on the default graph of ``store`` (with the class hierarchy)."""
        import pyshacl

        data = Graph()
        for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            data.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        for sub, sup in pairs:
            data.add((URIRef(sub), RDFS.subClassOf, URIRef(sup)))
        _, report, _ = pyshacl.validate(data, shacl_graph=self.graph, inference="none",
                                        inplace=True, abort_on_first=False,
                                        allow_warnings=True, advanced=False)
        assert isinstance(report, Graph)
        for result in report.subjects(SH.resultSeverity, None):
            shape = report.value(result, SH.sourceShape)
            path = self.graph.value(shape, SH.path)  # type: ignore[arg-type]
            value = report.value(result, SH.value)
            component = str(report.value(result, SH.sourceConstraintComponent))
            severity = report.value(result, SH.resultSeverity)
            shown = self.name(shape) if isinstance(shape, URIRef) else "-"
            if not isinstance(shape, URIRef):
                owner = self.graph.value(predicate=SH.property, object=shape)
                shown = self.name(owner) if isinstance(owner, URIRef) else "-"
            source = Source(shape, shown,  # type: ignore[arg-type]
                            "" if path is None else sparql_path(self.graph, path, self.name),
                            severity)  # type: ignore[arg-type]
            yield Result(to_ox(report.value(result, SH.focusNode)),  # type: ignore[arg-type]
                         None if value is None else to_ox(value),
                         component.removeprefix(str(SH)).removesuffix("ConstraintComponent"),
                         "; ".join(sorted(str(m) for m in report.objects(
                             result, SH.resultMessage))), source)
