"""A chunk of a graph for pyshacl: Oxigraph quads as rdflib triples in a small, fast store.

rdflib's ``Memory`` store keeps contexts for every triple, which is most of pyshacl's time on
kg graphs; ``ChunkStore`` keeps two plain indexes (by subject, by predicate) and nothing else.
It says it is context- and graph-aware only because pyshacl wraps every data graph in an
rdflib ``Dataset``; it holds one graph.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.store import Store
from rdflib.term import Node

from kg.rdf.terms import from_ox

RdfTriple = tuple[Node, Node, Node]
_Pattern = tuple[Node | None, Node | None, Node | None]
_NONE: tuple[()] = ()
_SHORT = 40  # literals up to this length are cached


@lru_cache(maxsize=200_000)
def _iri(term: ox.NamedNode) -> Node:
    return from_ox(term)


@lru_cache(maxsize=200_000)
def _short_literal(term: ox.Literal) -> Node:
    return from_ox(term)


def _object(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return _iri(term)
    if isinstance(term, ox.Literal) and len(term.value) <= _SHORT:
        return _short_literal(term)  # numbers, flags, names: met again and again
    return from_ox(term)


def rdflib_triples(quads: Iterable[ox.Quad | ox.Triple]) -> Iterator[RdfTriple]:
    """``quads`` (graph names dropped) as rdflib triples (IRIs and short literals converted
    once each: rdflib's ``Literal`` is slow to make)."""
    for q in quads:
        yield (_iri(q.subject) if isinstance(q.subject, ox.NamedNode) else from_ox(q.subject),
               _iri(q.predicate), _object(q.object))


class ChunkStore(Store):  # type: ignore[misc]
    """An in-memory rdflib store with a subject and a predicate index, nothing else."""

    context_aware = True
    graph_aware = True
    formula_aware = False
    transaction_aware = False

    def __init__(self) -> None:
        super().__init__()
        self._spo: dict[Node, dict[Node, set[Node]]] = {}
        self._pos: dict[Node, dict[Node, set[Node]]] = {}
        self._size = 0
        self._prefixes: dict[str, Any] = {}

    def add(self, triple: RdfTriple, context: Any = None, quoted: bool = False) -> None:
        s, p, o = triple
        objects = self._spo.setdefault(s, {}).setdefault(p, set())
        if o in objects:
            return
        objects.add(o)
        self._size += 1
        self._pos.setdefault(p, {}).setdefault(o, set()).add(s)

    def add_all(self, triples: Iterable[RdfTriple]) -> None:
        for triple in triples:
            self.add(triple)

    def remove(self, pattern: _Pattern, context: Any = None) -> None:
        for (s, p, o), _ in list(self.triples(pattern)):
            self._spo[s][p].discard(o)
            self._pos[p][o].discard(s)
            self._size -= 1

    def triples(self, pattern: _Pattern, context: Any = None
                ) -> Iterator[tuple[RdfTriple, Iterator[Any]]]:
        s, p, o = pattern
        if s is not None:
            by_predicate = self._spo.get(s, {})
            predicates = [p] if p is not None else list(by_predicate)
            for pred in predicates:
                objects = by_predicate.get(pred, set())
                for obj in ([o] if o is not None and o in objects else
                            [] if o is not None else list(objects)):
                    yield (s, pred, obj), iter(_NONE)
        elif p is not None:
            by_object = self._pos.get(p, {})
            for obj in [o] if o is not None else list(by_object):
                for subject in list(by_object.get(obj, ())):
                    yield (subject, p, obj), iter(_NONE)
        else:  # by object alone (pyshacl hardly asks): a scan
            for subject, by_predicate in list(self._spo.items()):
                for pred, objects in list(by_predicate.items()):
                    for obj in [o] if o is not None and o in objects else \
                            [] if o is not None else list(objects):
                        yield (subject, pred, obj), iter(_NONE)

    def __len__(self, context: Any = None) -> int:
        return self._size

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from ()

    def add_graph(self, graph: Any) -> None:
        """One graph only: nothing to add."""

    def remove_graph(self, graph: Any) -> None:
        """One graph only: nothing to remove."""

    def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
        self._prefixes[prefix] = namespace

    def namespace(self, prefix: str) -> Any:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: Any) -> str | None:
        return next((k for k, v in self._prefixes.items() if v == namespace), None)

    def namespaces(self) -> Iterator[tuple[str, Any]]:
        yield from list(self._prefixes.items())
