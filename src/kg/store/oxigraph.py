"""The on-disk graph store: an Oxigraph (pyoxigraph) database behind the rdflib ``Graph`` API.

``OxigraphStore`` is an rdflib store plugin, so ``KnowledgeGraph`` code (entities, statements,
merging) runs unchanged on a store, while SPARQL queries go straight to Oxigraph. A build
streams into a new store beside the old one (``kg.store.staged``, ``kg.rdf.sinks.StoreSink``).

A store is named ``oxigraph:PATH`` or just by its directory.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef, Variable
from rdflib.query import Result
from rdflib.store import Store
from rdflib.term import Node

from kg.errors import GraphError, QueryError
from kg.ontology.namespace import DATA_BASE
from kg.rdf.iris import prefixes
from kg.rdf.terms import from_ox, to_ox

PREFIX = "oxigraph:"


def store_path(spec: str | os.PathLike[str]) -> Path | None:
    """The directory ``spec`` names as a store (``oxigraph:PATH`` or a store folder), or None."""
    text = os.fspath(spec)
    if text.startswith(PREFIX):
        return Path(text[len(PREFIX):])
    path = Path(text)
    if path.is_dir() and (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*")):
        return path
    return None


# -- the rdflib store plugin ------------------------------------------------------------

class OxigraphStore(Store):  # type: ignore[misc]
    """An rdflib ``Store`` over the default graph of a pyoxigraph ``Store``."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, store: ox.Store, path: Path | None = None) -> None:
        super().__init__()
        self.ox = store
        self.path = path
        self.changes = 0  # writes through this plugin (``add``, ``addN``, ``remove``)
        self._prefixes: dict[str, URIRef] = {}

    def add(self, triple: tuple[Node, Node, Node], context: Any = None,
            quoted: bool = False) -> None:
        self.changes += 1
        self.ox.add(ox.Quad(*(to_ox(t) for t in triple)))

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Any]]) -> None:
        self.changes += 1
        self.ox.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o, _ in quads])

    def _pattern(self, triple: tuple[Node | None, Node | None, Node | None]) -> Iterator[Any]:
        s, p, o = (None if t is None else to_ox(t) for t in triple)
        return iter(self.ox.quads_for_pattern(s, p, o, ox.DefaultGraph()))

    def remove(self, triple: tuple[Node | None, Node | None, Node | None],
               context: Any = None) -> None:
        self.changes += 1
        for quad in list(self._pattern(triple)):
            self.ox.remove(quad)

    def triples(self, triple_pattern: tuple[Node | None, Node | None, Node | None],
                context: Any = None) -> Iterator[tuple[tuple[Node, Node, Node], Iterator[Any]]]:
        for quad in self._pattern(triple_pattern):
            yield (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)), iter(())

    def __len__(self, context: Any = None) -> int:
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def contexts(self, triple: Any = None) -> Any:
        return iter(())

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        if override or prefix not in self._prefixes:
            self._prefixes = {k: v for k, v in self._prefixes.items() if v != namespace}
            self._prefixes[prefix] = URIRef(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return next((k for k, v in self._prefixes.items() if v == namespace), None)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from list(self._prefixes.items())

    def query(self, query: Any, initNs: Mapping[str, Any],
              initBindings: Mapping[str, Node], queryGraph: Any, **kwargs: Any) -> Result:
        """Run SPARQL in Oxigraph; the answer is an rdflib ``Result`` for one output path."""
        if not isinstance(query, str):
            raise NotImplementedError  # a prepared rdflib query: let rdflib evaluate it
        from kg.query.guard import inline_bindings

        prefixes = {k: str(v) for k, v in [*self._prefixes.items(), *initNs.items()] if k}
        # Bound as RDF terms in a VALUES block (Oxigraph's own substitution only takes
        # variables the query projects; a saved query's ?name often is not)
        substitutions = {ox.Variable(str(k)): to_ox(v) for k, v in initBindings.items()}
        inlined = inline_bindings(query, {str(k): str(to_ox(v)) for k, v in
                                          initBindings.items()}) if initBindings else None
        if inlined is not None:
            query, substitutions = inlined, {}
        try:
            answer = self.ox.query(query, prefixes=prefixes, substitutions=substitutions or None)
        except SyntaxError as error:
            raise QueryError(syntax_message(_first_line(error))) from None
        except (ValueError, OSError, RuntimeError) as error:
            raise QueryError(f"SPARQL query failed: {_first_line(error)}") from None
        return to_result(answer)


def syntax_message(text: str) -> str:
    """Oxigraph's ``error at 1:26: expected …`` as ``SPARQL syntax error at line 1, column
    26: expected …`` (the words rdflib's errors get too)."""
    found = re.match(r"error at (\d+):(\d+): (.*)", text)
    if found is None:
        return f"SPARQL syntax error: {text}"
    line, column, rest = found.groups()
    return f"SPARQL syntax error at line {line}, column {column}: {rest}"


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:160] if text else type(error).__name__


def to_result(answer: Any) -> Result:
    """A pyoxigraph query answer as an rdflib ``Result`` (for ``kg.query.sparql.format_result``)."""
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QuerySolutions):
        result = Result("SELECT")
        names = [v.value for v in answer.variables]
        result.vars = [Variable(n) for n in names]
        keys = list(result.vars)
        terms: dict[Any, Any] = {}  # each term converted once (rdflib's terms are slow to make)
        rows: list[Mapping[Variable, Any]] = []
        for solution in answer:
            row = {}
            for i, key in enumerate(keys):
                value = solution[i]
                if value is not None:
                    term = terms.get(value)
                    if term is None:
                        term = terms[value] = from_ox(value)
                    row[key] = term
            rows.append(row)
        result.bindings = rows
        return result
    result = Result("CONSTRUCT")
    graph = Graph()
    for t in answer:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    result.graph = graph
    return result


# -- opening, writing, dumping ----------------------------------------------------------

def open_store(path: str | os.PathLike[str], *, read_only: bool = False) -> ox.Store:
    """Open (or create) the store at ``path``; a clear ``GraphError`` when it is locked."""
    try:
        if read_only:
            return ox.Store.read_only(os.fspath(path))
        return ox.Store(os.fspath(path))
    except OSError as error:
        raise GraphError(f"{path}: cannot open Oxigraph store: {error}") from None


def store_graph(store: ox.Store, path: Path | None = None, base: str = DATA_BASE) -> Graph:
    """An rdflib ``Graph`` whose triples live in ``store`` (kg's prefixes bound)."""
    graph = Graph(store=OxigraphStore(store, path))
    for prefix, namespace in prefixes(base).items():
        graph.bind(prefix, namespace)
    return graph


def open_graph(spec: str | os.PathLike[str], *, read_only: bool = True) -> Graph:
    """The graph in a store named by ``spec`` (``oxigraph:PATH`` or a store folder)."""
    path = store_path(spec)
    if path is None or not path.is_dir():
        raise GraphError(f"{spec}: no such Oxigraph store")
    return store_graph(open_store(path, read_only=read_only), path)


def is_store_graph(graph: Graph) -> bool:
    return isinstance(graph.store, OxigraphStore)
