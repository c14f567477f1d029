"""Reading graph files: a build folder's ``graph.ttl`` or any RDF file, by its extension.

A file is parsed by pyoxigraph, streaming, into an Oxigraph store (in memory unless one is
given, e.g. a temporary store on disk): the default and named graphs of a quad file together
in the store's default graph. SPARQL then runs in Oxigraph, never over an rdflib parse.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphError

GRAPH_FILE = "graph.ttl"  #: what ``kg build`` writes into its output folder

#: File extension → pyoxigraph parser.
PARSE_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES,
                 ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
                 ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD,
                 ".rdf": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
                 ".owl": ox.RdfFormat.RDF_XML, ".n3": ox.RdfFormat.N3}
_BATCH = 100_000  # quads per transaction while loading


@dataclass(frozen=True)
class FileGraph:
    """A graph file read into ``store`` (its default graph), with the prefixes it declared."""

    store: ox.Store
    source: Path
    prefixes: dict[str, str] = field(default_factory=dict)


def graph_file(path: str | os.PathLike[str]) -> Path:
    """The graph file ``path`` names (a build folder means its ``graph.ttl``)."""
    source = Path(path)
    if source.is_dir():
        source = source / GRAPH_FILE
    if not source.is_file():
        raise GraphError(f"{path}: no such graph file or Oxigraph store")
    return source


def parse_format(path: str | os.PathLike[str], source: Path) -> ox.RdfFormat:
    """The parser for ``source`` (by extension), or a ``GraphError`` listing the known ones."""
    fmt = PARSE_FORMATS.get(source.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown graph file type {source.suffix!r}; choose one of: "
                         + ", ".join(sorted(PARSE_FORMATS)))
    return fmt


def read_store(path: str | os.PathLike[str], store: ox.Store | None = None) -> FileGraph:
    """Parse the graph file ``path`` into ``store`` (a new in-memory store by default).

    Into a new in-memory store, a triple file is loaded by Oxigraph itself (no Python object
    per triple: a third of the time); into a given store (on disk) or from a quad file, it is
    parsed in batches of ``_BATCH`` quads, so memory stays bounded and named graphs merge.
    The prefixes are those declared before the file's first triple (where kg writes them).
    """
    source = graph_file(path)
    fmt = parse_format(path, source)
    quads = fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
    try:
        if store is None and not quads:
            target = ox.Store()
            target.load(path=str(source), format=fmt, lenient=True)
            return FileGraph(target, source, _head_prefixes(source, fmt))
        target = ox.Store() if store is None else store
        return FileGraph(target, source, _parse_into(source, fmt, target, quads))
    except (SyntaxError, ValueError) as error:
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise GraphError(f"{path}: cannot parse as {fmt.name.lower()}: {first[:200]}") from None
    except MemoryError as error:  # Oxigraph's parser holds one term in at most 16 MiB
        limit = re.search(r"buffer maximal size of (\d+)", str(error))
        why = (f"a term (an IRI or a literal) is longer than the parser's limit of "
               f"{int(limit[1]):,} bytes" if limit else "not enough memory")
        raise GraphError(f"{path}: cannot parse as {fmt.name.lower()}: {why}") from None


def _parse_into(source: Path, fmt: ox.RdfFormat, target: ox.Store,
                quads: bool) -> dict[str, str]:
    """Parse ``source`` into ``target``'s default graph batch by batch; its prefixes."""
    default = ox.DefaultGraph()
    # lenient: IRIs are not re-checked one by one (a third of the parse time); the
    # syntax is, and kg's own files are written by Oxigraph
    parser = ox.parse(path=str(source), format=fmt, lenient=True)
    while True:
        batch = list(itertools.islice(parser, _BATCH))
        if not batch:
            break
        if quads:
            batch = [ox.Quad(q.subject, q.predicate, q.object, default) for q in batch]
        target.extend(batch)
    return dict(getattr(parser, "prefixes", None) or {})


def _head_prefixes(source: Path, fmt: ox.RdfFormat) -> dict[str, str]:
    """The prefixes ``source`` declares before its first triple (the file parses: it was
    just loaded)."""
    parser = ox.parse(path=str(source), format=fmt, lenient=True)
    next(parser, None)
    return dict(getattr(parser, "prefixes", None) or {})
