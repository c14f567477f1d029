"""``KnowledgeGraph``: a built graph with the operations the CLI offers.

>>> import kg
>>> graph = kg.load("out/graph.ttl")                      # doctest: +SKIP
>>> graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")  # doctest: +SKIP
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SDO, SKOS
from rdflib.query import Result
from rdflib.term import Identifier, Node

from kg.errors import QueryError
from kg.fsutil import atomic_open, atomic_write_bytes, atomic_write_text, temporary_folder
from kg.model import DocumentRecord, EntityRecord, QuoteRecord, StatementRecord
from kg.model.results import MentionRecord
from kg.ontology.namespace import KG, local_name
from kg.query.sparql import run_query
from kg.rdf import formats, serialize
from kg.rdf.built import BuiltGraph
from kg.rdf.files import read_store

if TYPE_CHECKING:
    from kg.model.results import BuildReport
    from kg.rdf.validate import ValidationReport

HTML_FILE = "graph.html"


#: Optional statement fields copied into ``StatementRecord.extra`` when present.
_EXTRA_FIELDS = (("subject_start", KG.subjectStart), ("subject_end", KG.subjectEnd),
                 ("object_start", KG.objectStart), ("object_end", KG.objectEnd),
                 ("date", KG.time), ("unresolved", KG._NS["unresolved"]),
                 ("page", KG.page), ("predicate_iri", KG.predicate))


class Validation(Protocol):
    """A validation under way: ``result()`` waits for its report, ``stop()`` abandons it."""

    def result(self) -> ValidationReport: ...

    def stop(self) -> None: ...


@dataclass
class _Later:
    """A validation run when its result is asked for."""

    graph: KnowledgeGraph
    shapes: str | os.PathLike[str] | None
    ontologies: tuple[str, ...]

    def result(self) -> ValidationReport:
        return self.graph.validate(self.shapes, self.ontologies)

    def stop(self) -> None:
        pass


class KnowledgeGraph:
    """An RDF knowledge graph built by kg, with query, export and view helpers."""

    def __init__(self, graph: Graph | BuiltGraph, report: BuildReport | None = None,
                 written: BuiltGraph | None = None) -> None:
        """``written``: a ``--store`` build's own canonical file of the store's triples
        (written beside it, ``kg.rdf.sinks``), used as the store's canonical form until the
        store changes, so writing graph.ttl does not read the store back."""
        self._built: BuiltGraph | None = graph if isinstance(graph, BuiltGraph) else None
        self._graph: Graph | None = None if isinstance(graph, BuiltGraph) else graph
        self._written = written
        self._readers: dict[bool, Graph] = {}  # ``_readable`` of a fresh build
        self.report = report

    @property
    def graph(self) -> Graph:
        """The rdflib graph (a fresh build's is made on first use, from its own triples)."""
        if self._graph is None:
            assert self._built is not None
            self._graph = self._built.to_rdflib()
            # from now on the rdflib graph is the truth (it may change)
            self._built, self._readers = None, {}
        return self._graph

    @graph.setter
    def graph(self, graph: Graph) -> None:
        self._graph, self._built, self._written = graph, None, None

    def __len__(self) -> int:
        return len(self._built) if self._built is not None else len(self.graph)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self):,} triples>"

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> KnowledgeGraph:
        """Read a graph file, the ``graph.ttl`` inside a build's output folder, or open an
        Oxigraph store (``oxigraph:PATH`` or a store folder) read-only. A file is parsed by
        pyoxigraph into an in-memory Oxigraph store, so SPARQL on it runs in Oxigraph."""
        from kg.ontology.namespace import DATA_BASE
        from kg.store.oxigraph import open_graph, store_graph, store_path

        if store_path(path) is not None:
            return cls(open_graph(path))
        read = read_store(path)
        return cls(store_graph(read.store, base=read.prefixes.get("kgr", DATA_BASE)))

    # -- output -------------------------------------------------------------------------

    def lines(self) -> list[str]:
        """The graph's canonical form: its triples as sorted N-Triples lines
        (``kg.rdf.serialize``); the same triples give the same lines, wherever they live."""
        with self._canonical() as source:
            return list(serialize.as_lines(source))

    @contextmanager
    def _canonical(self) -> Iterator[serialize.Canonical]:
        """The canonical form: a file for a fresh build or a store (sorted on disk, in a
        temporary folder while the ``with`` lasts), lines for an rdflib graph."""
        if self._built is not None:
            yield self._built.path
            return
        from kg.store.oxigraph import OxigraphStore

        store = self.graph.store
        if not isinstance(store, OxigraphStore):
            yield serialize.rdflib_lines(self.graph)
        elif self._written is not None and not store.changes:  # the build's own file
            yield self._written.path
        else:
            with temporary_folder("sort") as folder:
                yield serialize.store_file(store.ox, Path(folder))

    def _prefixes(self) -> dict[str, str]:
        if self._built is not None:
            return self._built.prefixes
        return serialize.graph_prefixes(self.graph)

    def serialize_bytes(self, format: str = "turtle") -> bytes:
        """The graph in one of ``kg.rdf.formats.FORMATS`` as bytes (UTF-8)."""
        formats.check_format(format)
        if format == "tsv":
            return formats.to_tsv(self.statements()).encode("utf-8")
        if format == "mentions":
            return formats.to_mentions(self.mentions()).encode("utf-8")
        if format in formats.NETWORK_FORMATS:
            if format in formats.XML_FORMATS:
                with self._canonical() as source:
                    serialize.check_xml_safe(source, format)
            from kg.analysis.network import network_text

            return network_text(self, format).encode("utf-8")
        output = io.BytesIO()
        self._write_rdf(format, output)
        return output.getvalue()

    def _write_rdf(self, format: str, output: IO[bytes],
                   meanwhile: Callable[[], None] | None = None) -> None:
        """Write the graph in one of ``kg.rdf.formats.RDF_FORMATS`` into ``output``, streamed
        from the canonical file of a build or a store; ``meanwhile`` is called as it is
        written (see ``save``)."""
        with self._canonical() as source:
            if format in formats.XML_FORMATS:
                serialize.check_xml_safe(source, format)
            serialize.write(source, format, self._prefixes(), output, meanwhile)

    def serialize(self, format: str = "turtle") -> str:
        """The graph as text in one of ``kg.rdf.formats.FORMATS`` (``turtle``, ``nt``, …)."""
        return self.serialize_bytes(format).decode("utf-8")

    def save(self, path: str | os.PathLike[str], format: str | None = None, *,
             meanwhile: Callable[[], None] | None = None) -> None:
        """Write the graph to ``path`` atomically; the format follows the extension by default.
        ``meanwhile``: called while the file is written, which a forked process does where it
        can (``kg.forked``), so the two run at once (``kg build`` writes its HTML page)."""
        fmt = format or formats.format_for(str(path))
        if fmt not in formats.RDF_FORMATS:
            atomic_write_bytes(path, self.serialize_bytes(fmt))
            if meanwhile is not None:
                meanwhile()
            return
        with atomic_open(path, "wb") as output:
            self._write_rdf(fmt, output, meanwhile)

    def write_html(self, path: str | os.PathLike[str], *, max_nodes: int | None = None,
                   title: str = "Knowledge graph", isolated: bool = False) -> None:
        """Write the interactive network page (works offline).

        Entities that take part in no statement (nor are named inside a phrase one links to)
        are left out unless ``isolated``.
        """
        from kg.viz.html import render_html

        atomic_write_text(path, render_html(self.entities(), self.statements(),
                                            quotes=self.quotes(), documents=self.documents(),
                                            title=title, max_nodes=max_nodes,
                                            isolated=isolated))

    def validate(self, shapes: str | os.PathLike[str] | None = None,
                 ontologies: tuple[str, ...] = ()) -> ValidationReport:
        """Check against the SHACL shapes (``kg.rdf.validate``): a store where it is."""
        from kg.rdf.validate import validate, validate_path, validate_store
        from kg.store.oxigraph import OxigraphStore

        if self._built is not None:  # its copy in memory, or else its sorted .nt file
            if self._built.store is not None:
                return validate_store(self._built.store, shapes, ontologies)
            return validate_path(self._built.path, shapes, ontologies)
        store = self.graph.store
        if isinstance(store, OxigraphStore):
            return validate_store(store.ox, shapes, ontologies)
        return validate(self.graph, shapes, ontologies)

    def start_validation(self, shapes: str | os.PathLike[str] | None = None,
                         ontologies: tuple[str, ...] = (), state: str | os.PathLike[str]
                         | None = None, reuse: bool = True) -> Validation:
        """``validate``, started now: a fresh build's by its own process (``state``: see
        ``kg.rdf.background``), so its files are written meanwhile; others when asked."""
        if self._built is not None:
            from kg.rdf.background import BackgroundValidation

            return BackgroundValidation(self._built.path, shapes, ontologies, self._built,
                                        state, reuse, self._built.store)
        return _Later(self, shapes, ontologies)

    # -- reading ------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None, *,
              allow_service: bool = False) -> Result:
        """Run a SPARQL query (``kg:`` is predeclared); see ``kg.query.sparql.format_result``.
        ``SERVICE`` (federation) is refused unless ``allow_service``."""
        return run_query(self.graph, sparql, bindings, allow_service=allow_service)

    def query_df(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Any:
        """Run a SELECT query and return a ``pandas.DataFrame``, one column per variable.

        Literals become Python values (``int``, ``float``, ``str``, …), IRIs strings, unbound
        cells ``None``. Needs pandas (``pip install kg[notebook]``).
        """
        import pandas as pd  # type: ignore[import-untyped]

        result = self.query(sparql, bindings)
        if result.type != "SELECT":
            raise QueryError(f"query_df needs a SELECT query, not {result.type}")
        names = [str(v) for v in (result.vars or [])]

        def value(term: Node | None) -> Any:
            if term is None:
                return None
            return term.toPython() if isinstance(term, Literal) else str(term)

        rows = [[value(row[i]) for i in range(len(names))] for row in result]  # type: ignore[index]
        return pd.DataFrame(rows, columns=names)

    def label(self, node: Node, graph: Graph | None = None) -> str:
        g = self.graph if graph is None else graph
        value = g.value(node, RDFS.label)  # type: ignore[arg-type]
        return str(value) if value is not None else local_name(str(node))

    def _readable(self, mentions: bool = False) -> Graph:
        """An rdflib view for reading; a fresh build keeps its own triples as the truth.

        A fresh build's view is an in-memory Oxigraph store of its triples without the
        statements (read from their rows instead) and, unless ``mentions``, without the mention
        nodes: documents, quotes and entities, which the HTML page holds anyway.
        """
        if self._graph is not None:
            return self._graph
        assert self._built is not None
        reader = self._readers.get(mentions)
        if reader is None:
            import pyoxigraph as ox

            from kg.store.oxigraph import store_graph

            store = ox.Store()
            skip = ("statement",) if mentions else ("statement", "mention")
            store.bulk_load(self._built.lines_without(*skip), format=ox.RdfFormat.N_TRIPLES)
            reader = self._readers[mentions] = store_graph(store)
        return reader

    def entities(self) -> list[EntityRecord]:
        """Every entity with its type, label, aliases and mention count, sorted by IRI."""
        if self._built is not None:
            return self._built.entities()
        g = self.graph
        records = []
        for iri in sorted({s for s in g.subjects(KG.mentionCount, None) if isinstance(s, URIRef)}):
            types = sorted(local_name(str(t)) for t in g.objects(iri, RDF.type))
            count = g.value(iri, KG.mentionCount)
            aliases = tuple(sorted(str(a) for a in g.objects(iri, SKOS.altLabel)))
            records.append(EntityRecord(str(iri), self.label(iri), types[0] if types else "Entity",
                                        aliases, int(count) if isinstance(count, Literal) else 0))
        return records

    def documents(self) -> list[DocumentRecord]:
        """Every source document with its title, URL and date when known, sorted by id."""
        g = self._readable()
        records = []
        for doc in g.subjects(RDF.type, KG.Document):
            def val(*props: URIRef, node: Node = doc) -> str:
                for prop in props:
                    value = g.value(node, prop)  # type: ignore[arg-type]
                    if value is not None:
                        return str(value)
                return ""

            records.append(DocumentRecord(str(doc), val(KG.documentId), val(DCTERMS.title),
                                          val(SDO.url), val(SDO.datePublished,
                                                               DCTERMS.date)))
        return sorted(records, key=lambda r: (r.id, r.iri))

    def mentions(self) -> list[MentionRecord]:
        """Every mention (``kg:Mention``), sorted by document and offset; read back,
        ``entity_id`` is the entity's full IRI (``None`` where resolution abstained)."""
        g = self._readable(mentions=True)
        records = []
        for node in g.subjects(RDF.type, KG.Mention):
            doc, entity = g.value(node, KG.sourceDocument), g.value(node, KG.refersTo)
            start, end = g.value(node, KG.mentionStart), g.value(node, KG.mentionEnd)
            confidence = g.value(node, KG.confidence)
            records.append(MentionRecord(
                str(g.value(doc, KG.documentId) or "") if doc is not None else "",
                int(start) if isinstance(start, Literal) else 0,
                int(end) if isinstance(end, Literal) else 0,
                str(g.value(node, KG.mentionText) or ""),
                None if entity is None else str(entity),
                str(g.value(node, KG.resolvedBy) or ""),
                float(confidence) if isinstance(confidence, Literal) else 0.0))
        return sorted(records, key=lambda r: (r.document_id, r.start, r.end))

    def quotes(self) -> list[QuoteRecord]:
        """Every quote with its speaker and document offsets, sorted by document and offset."""
        g = self._readable()
        records = []
        for quote in g.subjects(RDF.type, KG.Quote):
            speaker, doc = g.value(quote, KG.speaker), g.value(quote, KG.sourceDocument)
            start, end = g.value(quote, KG.quoteStart), g.value(quote, KG.quoteEnd)
            records.append(QuoteRecord(
                str(quote), "" if speaker is None else str(speaker),
                "" if speaker is None else self.label(speaker, g),
                str(g.value(quote, KG.quoteText) or ""),
                str(g.value(doc, KG.documentId) or "") if doc is not None else "",
                int(start) if isinstance(start, Literal) else 0,
                int(end) if isinstance(end, Literal) else 0))
        return sorted(records, key=lambda r: (r.source, r.start, r.iri))

    def statements(self) -> list[StatementRecord]:
        """Every statement as a flat record, sorted by source, sentence position and IRI."""
        if self._built is not None:
            return self._built.statements()
        g = self.graph
        records = []
        for st in g.subjects(RDF.type, KG.Statement):
            if (st, KG.unresolved, Literal(True)) in g:
                continue  # a pronoun naming nobody: in the RDF, not in the tables and HTML
            def val(prop: URIRef, node: Node = st) -> str:
                value = g.value(node, prop)  # type: ignore[arg-type]
                return "" if value is None else str(value)

            subject = g.value(st, KG.subject)
            obj = g.value(st, KG.object)
            doc = g.value(st, KG.sourceDocument)
            confidence = g.value(st, KG.confidence)
            extra = {"rule": val(KG.rule), "extractor": val(KG.extractor),
                     "sentence_start": val(KG.sentenceStart)}
            for key, prop in _EXTRA_FIELDS:
                if value := val(prop):
                    extra[key] = value
            records.append(StatementRecord(
                iri=str(st),
                subject_id="" if subject is None else str(subject),
                subject=self.label(subject) if subject is not None else val(KG.subjectText),
                predicate=val(KG.relation),
                object_id="" if obj is None else str(obj),
                object=self.label(obj) if obj is not None else val(KG.objectValue),
                confidence=float(confidence) if isinstance(confidence, Literal) else 0.0,
                source=val(KG.documentId, doc) if doc is not None else "",
                sentence=val(KG.sentence),
                extra=extra,
            ))
        records.sort(key=StatementRecord.sort_key)
        return records
