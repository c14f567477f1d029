"""The on-disk graph store: an Oxigraph (pyoxigraph) database behind the rdflib ``Graph`` API.

``OxigraphStore`` is an rdflib store plugin, so ``KnowledgeGraph`` code (entities, statements,
merging) runs unchanged on a store, while SPARQL queries go straight to Oxigraph and exports
in Turtle, N-Triples and RDF/XML use Oxigraph's own serialiser. ``StoreWriter`` streams a build
into a store document by document, so memory does not grow with the corpus.

A store is named ``oxigraph:PATH`` or just by its directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.store import Store
from rdflib.term import Node

from kg.errors import GraphError, QueryError

if TYPE_CHECKING:
    from kg.rdf.builder import GraphBuilder

PREFIX = "oxigraph:"
FLUSH_TRIPLES = 50_000  # triples buffered before a write to the store
_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: kg export format → Oxigraph serialiser (formats kg writes itself are not listed).
NATIVE_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                  "xml": ox.RdfFormat.RDF_XML}


def store_path(spec: str | os.PathLike[str]) -> Path | None:
    """The directory ``spec`` names as a store (``oxigraph:PATH`` or a store folder), or None."""
    text = os.fspath(spec)
    if text.startswith(PREFIX):
        return Path(text[len(PREFIX):])
    path = Path(text)
    if path.is_dir() and (path / "CURRENT").is_file() and any(path.glob("OPTIONS-*")):
        return path
    return None


# -- terms ------------------------------------------------------------------------------

def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise GraphError(f"cannot store RDF term {term!r}")


def from_ox(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term (plain strings without a datatype, as rdflib has)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise GraphError(f"unsupported RDF term in store: {term!r}")


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
        self._prefixes: dict[str, URIRef] = {}

    def add(self, triple: tuple[Node, Node, Node], context: Any = None,
            quoted: bool = False) -> None:
        self.ox.add(ox.Quad(*(to_ox(t) for t in triple)))

    def addN(self, quads: Iterable[tuple[Node, Node, Node, Any]]) -> None:
        self.ox.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o, _ in quads])

    def _pattern(self, triple: tuple[Node | None, Node | None, Node | None]) -> Iterator[Any]:
        s, p, o = (None if t is None else to_ox(t) for t in triple)
        return iter(self.ox.quads_for_pattern(s, p, o, ox.DefaultGraph()))

    def remove(self, triple: tuple[Node | None, Node | None, Node | None],
               context: Any = None) -> None:
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
        prefixes = {k: str(v) for k, v in [*self._prefixes.items(), *initNs.items()] if k}
        substitutions = {ox.Variable(str(k)): to_ox(v) for k, v in initBindings.items()}
        try:
            answer = self.ox.query(query, prefixes=prefixes, substitutions=substitutions or None)
        except SyntaxError as error:
            raise QueryError(f"SPARQL syntax error: {_first_line(error)}") from None
        except (ValueError, OSError, RuntimeError) as error:
            raise QueryError(f"SPARQL query failed: {_first_line(error)}") from None
        return to_result(answer)


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
        rows: list[Mapping[Variable, Any]] = []
        for solution in answer:
            row = {}
            for i, name in enumerate(names):
                value = solution[i]
                if value is not None:
                    row[Variable(name)] = from_ox(value)
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


def store_graph(store: ox.Store, path: Path | None = None) -> Graph:
    """An rdflib ``Graph`` whose triples live in ``store``."""
    from kg.ontology.namespace import DATA_BASE, KG

    graph = Graph(store=OxigraphStore(store, path))
    graph.bind("kg", KG._NS)
    graph.bind("kgr", DATA_BASE)
    return graph


def open_graph(spec: str | os.PathLike[str], *, read_only: bool = True) -> Graph:
    """The graph in a store named by ``spec`` (``oxigraph:PATH`` or a store folder)."""
    path = store_path(spec)
    if path is None or not path.is_dir():
        raise GraphError(f"{spec}: no such Oxigraph store")
    return store_graph(open_store(path, read_only=read_only), path)


def is_store_graph(graph: Graph) -> bool:
    return isinstance(graph.store, OxigraphStore)


def _prefixes(graph: Graph) -> dict[str, str]:
    wanted = ("kg", "kgr", "rdf", "rdfs", "xsd", "skos", "schema", "prov", "dcterms")
    bound = {p: str(ns) for p, ns in graph.namespaces()}
    return {p: bound[p] for p in wanted if p in bound}


def dump(graph: Graph, fmt: str, output: str | os.PathLike[str] | None = None) -> bytes | None:
    """Serialise a store-backed ``graph`` with Oxigraph (to ``output``, atomically, if given)."""
    store = graph.store
    assert isinstance(store, OxigraphStore)
    kwargs: dict[str, Any] = {"format": NATIVE_FORMATS[fmt], "from_graph": ox.DefaultGraph()}
    if fmt != "nt":
        kwargs["prefixes"] = _prefixes(graph)
    if output is not None:
        target = Path(output)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        try:
            store.ox.dump(tmp, **kwargs)
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; give the usual mode
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return None
    data: bytes | None = store.ox.dump(**kwargs)
    return data


class StoreWriter:
    """Streams a ``GraphBuilder``'s triples into a fresh store as documents are added."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if self.path.exists() and store_path(self.path) is None and any(self.path.iterdir()):
            raise GraphError(f"{path}: exists and is not an Oxigraph store; not overwriting")
        if self.path.exists():
            shutil.rmtree(self.path)  # a build replaces the whole store
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.store = open_store(self.path)
        self._buffer: list[Any] = []
        self._namespaces: list[tuple[str, URIRef]] = []

    def drain(self, builder: GraphBuilder) -> None:
        """Move the triples ``builder`` holds so far into the store (buffered)."""
        graph = builder.graph
        if not self._namespaces:
            self._namespaces = list(graph.namespaces())
        builder.graph = Graph(bind_namespaces="none")
        self.write(graph)

    def write(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        buffer = self._buffer
        for s, p, o in triples:
            buffer.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o)))
        if len(buffer) >= FLUSH_TRIPLES:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self.store.bulk_extend(self._buffer)
            self._buffer = []

    def finish(self, graph: Graph) -> Graph:
        """Write the builder's final ``graph`` and return the store as an rdflib graph."""
        self.write(graph)
        self.flush()
        self.store.flush()
        result = store_graph(self.store, self.path)
        for prefix, ns in [*self._namespaces, *graph.namespaces()]:
            result.bind(prefix, ns)
        return result
