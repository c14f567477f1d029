"""Serialising a graph: RDF formats, one named graph per document, and the flat TSV view."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, Dataset, Graph, URIRef

from kg.errors import unknown_choice
from kg.model import StatementRecord
from kg.ontology.namespace import KG

#: Output format name → (rdflib serializer, file extension). ``tsv`` is kg's own.
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("turtle", ".ttl"),
    "nt": ("nt", ".nt"),
    "nquads": ("nquads", ".nq"),
    "trig": ("trig", ".trig"),
    "jsonld": ("json-ld", ".jsonld"),
    "xml": ("xml", ".rdf"),
    "tsv": ("tsv", ".tsv"),
    "graphml": ("graphml", ".graphml"),
    "gexf": ("gexf", ".gexf"),
}
QUAD_FORMATS = {"nquads", "trig"}
#: The statement graph (entities and statements, not RDF), written with networkx.
NETWORK_FORMATS = {"graphml", "gexf"}
TSV_COLUMNS = ("subject_id", "subject", "predicate", "object_id", "object", "confidence",
               "source", "sentence")


def check_format(name: str) -> str:
    """Return ``name`` if it is a known output format, else raise ``ConfigError``."""
    if name not in FORMATS:
        raise unknown_choice("format", name, FORMATS)
    return name


def document_graph_iri(doc_iri: URIRef) -> URIRef:
    """The named graph holding one document's statements."""
    return URIRef(f"{doc_iri}#graph")


def to_dataset(graph: Graph) -> Dataset:
    """Split ``graph`` into one named graph per document plus the default graph.

    A statement and everything said about it go to its source document's graph; documents,
    entities and anything else stay in the default graph.
    """
    ds = Dataset()
    for prefix, ns in graph.namespaces():
        ds.bind(prefix, ns)
    home: dict[URIRef, URIRef] = {}
    for st, doc in graph.subject_objects(KG.sourceDocument):
        if isinstance(st, URIRef) and isinstance(doc, URIRef):
            home[st] = document_graph_iri(doc)
    default = ds.default_graph
    graphs: dict[URIRef, Graph] = {}
    for triple in graph:
        target = home.get(triple[0])  # type: ignore[call-overload]
        if target is None:
            default.add(triple)
        else:
            if target not in graphs:
                graphs[target] = ds.graph(target)
            graphs[target].add(triple)
    return ds


def serialize(graph: Graph, fmt: str, records: Iterable[StatementRecord] = ()) -> str:
    """``graph`` as text in format ``fmt`` (``records`` are needed for ``tsv``)."""
    check_format(fmt)
    if fmt == "tsv":
        return to_tsv(records)
    if fmt in NETWORK_FORMATS:
        from kg.analysis.network import network_text
        from kg.api.graph import KnowledgeGraph

        return network_text(KnowledgeGraph(graph), fmt)
    if fmt in ("turtle", "nt"):
        from kg.rdf.turtle import graph_triples, write_ntriples, write_turtle

        triples = graph_triples(graph)
        if fmt == "nt":
            return write_ntriples(triples)
        return write_turtle(triples, {prefix: str(ns) for prefix, ns in graph.namespaces()})
    rdflib_format = FORMATS[fmt][0]
    if fmt in QUAD_FORMATS:
        return to_dataset(graph).serialize(format=rdflib_format)
    if fmt == "jsonld":
        return graph.serialize(format=rdflib_format, auto_compact=True, sort_keys=True)
    return graph.serialize(format=rdflib_format)


def _cell(value: str) -> str:
    return " ".join(value.replace("\t", " ").replace("\r", " ").replace("\n", " ").split())


def to_tsv(records: Iterable[StatementRecord]) -> str:
    """The flat view: a header, then one row per statement (see ``TSV_COLUMNS``)."""
    lines = ["\t".join(TSV_COLUMNS)]
    for r in records:
        row = (r.subject_id, r.subject, r.predicate, r.object_id, r.object,
               f"{r.confidence:.3f}", r.source, r.sentence)
        lines.append("\t".join(_cell(v) for v in row))
    return "\n".join(lines) + "\n"


def is_statement(graph: Graph, node: URIRef) -> bool:
    return (node, RDF.type, KG.Statement) in graph
