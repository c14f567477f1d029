"""Reading graph files: a build folder's ``graph.ttl`` or any RDF file, by its extension."""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from kg.errors import GraphError
from kg.ontology.namespace import KG

GRAPH_FILE = "graph.ttl"  #: what ``kg build`` writes into its output folder

#: File extension → rdflib parser.
PARSE_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
                 ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml",
                 ".owl": "xml", ".n3": "n3"}


def graph_file(path: str | os.PathLike[str]) -> Path:
    """The graph file ``path`` names (a build folder means its ``graph.ttl``)."""
    source = Path(path)
    if source.is_dir():
        source = source / GRAPH_FILE
    if not source.is_file():
        raise GraphError(f"{path}: no such graph file or Oxigraph store")
    return source


def read_graph(path: str | os.PathLike[str]) -> Graph:
    """The triples of a graph file (the default and named graphs of a quad file together)."""
    source = graph_file(path)
    fmt = PARSE_FORMATS.get(source.suffix.lower())
    if fmt is None:
        raise GraphError(f"{path}: unknown graph file type {source.suffix!r}; choose one of: "
                         + ", ".join(sorted(PARSE_FORMATS)))
    graph = Graph()
    try:
        if fmt in ("nquads", "trig"):
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(source, format=fmt)
            for s, p, o, _ in ds.quads():
                graph.add((s, p, o))
        else:
            graph.parse(source, format=fmt)
    except Exception as error:
        raise GraphError(f"{path}: cannot parse as {fmt}: {error}") from None
    for prefix, ns in (("kg", KG._NS), ("skos", SKOS)):
        graph.bind(prefix, ns)
    return graph
