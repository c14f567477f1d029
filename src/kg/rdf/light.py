"""The fast build path: per-document rendering to N-Triples strings, merged without rdflib.

``DocumentRenderer`` runs ``kg.rdf.builder.GraphBuilder``'s own code for one document, but records
its triples as N-Triples term strings instead of adding them to an rdflib graph, and records
every entity it touches as a *tally operation* (which the main process replays in input
order, so counts and labels are exactly those of a single ``GraphBuilder``). Rendering is
per document, so it runs in the parsing worker processes (``kg.build.executor``); the main process
only replays tallies, writes the entity section, merges duplicate entities on the entity
table (``kg.entities.merge.plan_entity_merges``) and rewrites IRIs while writing.

Each document's own nodes (the document, its statements and quotes) are written as a Turtle
body in the worker, so the main process (and a re-run that finds the fragment cached) only
joins text: graph.ttl is the entity section (vocabulary, entities and entity-to-entity edges,
written after the merge) followed by one body per document, in document-id order. A merged
entity's IRI is replaced in the bodies that mention it; the nodes of a body have at most one
entity per predicate, so the replacement cannot create a duplicate triple.

The result is a ``LightGraph``: that Turtle, and the entity and statement records the HTML
page and TSV need. An rdflib ``Graph`` is made only when something asks for one
(``LightGraph.to_rdflib``).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.enrich.lexicon import Lexicon, OntologyOptions
from kg.enrich.normalise import normalise
from kg.entities.names import clean_name, is_pronoun
from kg.entities.resolve import resolve_document
from kg.model import EntityRecord, Mention, Statement, StatementRecord
from kg.model.results import DocumentResult
from kg.ontology.namespace import DATA_BASE, KG
from kg.ontology.types import entity_class
from kg.rdf.builder import SCHEMA, GraphBuilder, _local_name, canonical_label
from kg.rdf.turtle import (
    NTriple,
    TurtleWriter,
    graph_triples,
    iri,
    join_turtle,
    literal,
    term,
    write_ntriples,
)

# A tally operation: (kind, entity IRI, class IRI, surface form or None, mention count).
# kind 0 counts a mention (``GraphBuilder._tally``); kind 1 counts one only for an entity not
# seen before (``GraphBuilder._node``).
TallyOp = tuple[int, str, str, str | None, int]
# (iri, subject IRI, subject text, relation, object IRI, object value, confidence, document id,
#  sentence, rule, extractor, sentence start)
StatementRow = tuple[str, str, str, str, str, str, float, str, str, str, str, int,
                     str, str, str, str, str]
#: The optional ``StatementRecord.extra`` fields at the end of a ``StatementRow``.
ROW_EXTRA = ("subject_start", "subject_end", "object_start", "object_end", "date")


def prefixes(base: str = DATA_BASE) -> dict[str, str]:
    """The prefixes of a built graph (the ``core`` ones rdflib binds, then kg's)."""
    return {"owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
            "xml": "http://www.w3.org/XML/1998/namespace", "kg": str(KG._NS), "kgr": base,
            "schema": str(SCHEMA), "prov": str(PROV), "skos": str(SKOS),
            "dcterms": str(DCTERMS)}


@dataclass(frozen=True, slots=True)
class Fragment:
    """One document rendered: its own nodes as Turtle, its entity-to-entity triples, entity
    tallies, statement rows and counts."""

    document_id: str
    turtle: bytes  # a Turtle body (UTF-8, no @prefix lines) of the document's own nodes
    prefixes: tuple[str, ...]  # the prefixes ``turtle`` uses
    size: int  # the number of triples in ``turtle``
    edges: tuple[NTriple, ...]  # triples between entities (they go in the entity section)
    tallies: tuple[TallyOp, ...]
    rows: tuple[StatementRow, ...]
    sentences: int
    words: int
    statements: int
    normalised: int
    quotes: int
    properties: tuple[str, ...]
    extractors: tuple[str, ...]
    dropped: tuple[tuple[str, int], ...]
    unmapped: tuple[tuple[str, int], ...]


class _Recorder:
    """Stands in for the rdflib ``Graph`` of a ``GraphBuilder``: keeps N-Triples strings."""

    def __init__(self, cache: dict[Any, str]) -> None:
        self.triples: list[NTriple] = []
        self._cache = cache

    def _term(self, node: Any) -> str:
        if type(node) is str:  # already in N-Triples form (``DocumentRenderer._literal``)
            return node
        if type(node) is URIRef:
            found = self._cache.get(node)
            if found is None:
                found = self._cache[node] = iri(str(node))
            return found
        return term(node)

    def add(self, triple: tuple[Any, Any, Any]) -> None:
        s, p, o = triple
        self.triples.append((self._term(s), self._term(p), self._term(o)))


class DocumentRenderer(GraphBuilder):
    """Renders single documents with ``GraphBuilder``'s code (see the module docstring)."""

    def __init__(self, base: str = DATA_BASE, ontology: OntologyOptions | None = None) -> None:
        super().__init__(base, ontology)
        #: what a cached fragment depends on besides the code: the base and the ontology
        self.cache_key = base + (ontology.key() if ontology is not None else "")
        self._terms: dict[Any, str] = {}
        self._recorder = _Recorder(self._terms)
        self._ops: list[TallyOp] = []
        self._entity_terms: set[str] = set()
        self._rows: list[StatementRow] = []
        self._writer = TurtleWriter(prefixes(base))
        self._iris: dict[tuple[str | None, str, str], URIRef] = {}
        self._literals: dict[tuple[type, Any], str] = {}

    def _literal(self, value: str | int | bool) -> Any:
        """The N-Triples form of ``Literal(value)``, made without rdflib for plain text."""
        if type(value) is str:
            return literal(value)
        key = (type(value), value)
        found = self._literals.get(key)
        if found is None:
            if len(self._literals) >= 100_000:
                self._literals.clear()
            found = self._literals[key] = term(Literal(value))
        return found

    def entity_iri(self, mention: Mention) -> URIRef:
        """As ``GraphBuilder.entity_iri``, remembered by what it depends on."""
        key = (mention.entity_id, mention.label, mention.name_text)
        found = self._iris.get(key)
        if found is None:
            if len(self._iris) >= 100_000:
                self._iris.clear()
            found = self._iris[key] = super().entity_iri(mention)
        return found

    def _op(self, kind: int, mention: Mention, count: int) -> URIRef:
        iri_ = self.entity_iri(mention)
        surface = None if is_pronoun(mention) else clean_name(mention.name_text)
        self._ops.append((kind, str(iri_), str(entity_class(mention.label)), surface, count))
        self._entity_terms.add(self._recorder._term(iri_))
        return iri_

    def _tally(self, mention: Mention, count: int) -> URIRef:
        return self._op(0, mention, count)

    def _node(self, mention: Mention) -> URIRef:
        return self._op(1, mention, 1)

    def add_statement(self, st: Statement, doc_iri: URIRef, named: set[URIRef]) -> None:
        mark = len(self._recorder.triples)
        super().add_statement(st, doc_iri, named)
        prov, obj = st.provenance, st.object
        object_iri = "" if obj is None or obj.literal else str(self.entity_iri(obj))
        time = iri(str(KG.time))
        day = next((o.split('"')[1] for _, p, o in self._recorder.triples[mark:] if p == time), "")
        extra = (str(st.subject.span.start), str(st.subject.span.end),
                 "" if obj is None else str(obj.span.start),
                 "" if obj is None else str(obj.span.end), day)
        self._rows.append((
            str(self.statement_iri(st)), str(self.entity_iri(st.subject)), st.subject.text,
            st.relation.text, object_iri,
            obj.text if obj is not None and obj.literal else "",
            float(f"{st.confidence:.3f}"), prov.document_id, prov.sentence.text,
            prov.rule or "", prov.extractor, prov.sentence.start, *extra))

    def fragment(self, result: DocumentResult, dropped: Counter[str] | None = None,
                 unmapped: Counter[str] | None = None) -> Fragment:
        """Render one resolved and normalised document."""
        self.graph = self._recorder = _Recorder(self._terms)  # type: ignore[assignment]
        self._ops, self._rows, self._entity_terms = [], [], set()
        self.statements = self.normalised = self.quotes = 0
        self._properties, self._extractors = set(), set()
        self.add(result)
        own: list[NTriple] = []
        edges: list[NTriple] = []
        for triple in self._recorder.triples:
            (edges if triple[0] in self._entity_terms else own).append(triple)
        self._writer.used = set()
        body = self._writer.body(own).encode("utf-8")
        return Fragment(
            result.document.id, body, tuple(sorted(self._writer.used)), len(set(own)),
            tuple(dict.fromkeys(edges)), tuple(self._ops),
            tuple(self._rows), result.sentences, result.words, self.statements,
            self.normalised, self.quotes, tuple(sorted(self._properties)),
            tuple(sorted(self._extractors)), tuple(sorted((dropped or {}).items())),
            tuple(sorted((unmapped or {}).items())))


def render(result: DocumentResult, renderer: DocumentRenderer,
           lex: Lexicon | None = None) -> Fragment:
    """Resolve, normalise and render one parsed document (what a worker does per document)."""
    dropped: Counter[str] = Counter()
    unmapped: Counter[str] = Counter()
    resolved = resolve_document(result, dropped)
    [normalised] = list(normalise([resolved], unmapped, lex or renderer._lexicon))
    return renderer.fragment(normalised, dropped, unmapped)


@dataclass
class _Tally:
    cls: str
    surface: Counter[str] = dataclasses.field(default_factory=Counter)
    mentions: int = 0


class LightBuilder:
    """Collects ``Fragment`` values in input order, then makes a ``LightGraph``."""

    def __init__(self, base: str = DATA_BASE, ontology: OntologyOptions | None = None) -> None:
        self.base = base
        self.ontology = ontology
        # (document id, input position, Turtle body, its prefixes, entity IRIs it names)
        self._sections: list[tuple[str, int, bytes, tuple[str, ...], frozenset[str]]] = []
        self._size = 0
        self._edges: list[NTriple] = []
        self._rows: list[StatementRow] = []
        self._entities: dict[str, _Tally] = {}
        self._properties: set[str] = set()
        self._extractors: set[str] = set()
        self.statements = self.normalised = self.quotes = 0
        self.dropped: Counter[str] = Counter()
        self.unmapped: Counter[str] = Counter()

    def add(self, fragment: Fragment) -> None:
        self._sections.append((fragment.document_id, len(self._sections), fragment.turtle,
                               fragment.prefixes, frozenset(op[1] for op in fragment.tallies)))
        self._size += fragment.size
        self._edges.extend(fragment.edges)
        self._rows.extend(fragment.rows)
        entities = self._entities
        for kind, iri_, cls, surface, count in fragment.tallies:
            tally = entities.get(iri_)
            if tally is None:
                tally = entities[iri_] = _Tally(cls)
            elif kind == 1:
                continue
            if surface is not None:
                tally.surface[surface] += 1
            tally.mentions += count
        self.statements += fragment.statements
        self.normalised += fragment.normalised
        self.quotes += fragment.quotes
        self._properties.update(fragment.properties)
        self._extractors.update(fragment.extractors)
        self.dropped.update(dict(fragment.dropped))
        self.unmapped.update(dict(fragment.unmapped))

    @property
    def entity_count(self) -> int:
        return len(self._entities)

    def _vocabulary(self) -> list[NTriple]:
        vocabulary = GraphBuilder(self.base, self.ontology)
        recorder = _Recorder({})
        vocabulary.graph = recorder  # type: ignore[assignment]
        vocabulary._extractors, vocabulary._properties = self._extractors, self._properties
        vocabulary._vocabulary()
        return recorder.triples

    def finish(self) -> tuple[LightGraph, int]:
        """The graph (entities merged across documents) and how many entities were merged."""
        from kg.entities.merge import plan_entity_merges

        entities: dict[str, tuple[str, str, list[str], int]] = {}
        for iri_, tally in self._entities.items():
            forms = sorted(tally.surface.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
            label = canonical_label(tally.surface) if forms else _local_name(URIRef(iri_))
            entities[iri_] = (tally.cls, label, [f for f, _ in forms if f != label],
                              max(tally.mentions, 1))
        plan = plan_entity_merges((i, c, lab, al) for i, (c, lab, al, _) in entities.items())
        counts = {i: e[3] for i, e in entities.items()}
        extra: dict[str, set[str]] = {}
        for old, new in sorted(plan.items()):
            counts[new] += counts[old]
            _, old_label, old_aliases, _ = entities[old]
            extra.setdefault(new, set()).update([old_label, *old_aliases])
        records: list[EntityRecord] = []
        head = self._vocabulary()
        label_p, alt_p, count_p = iri(str(RDFS.label)), iri(str(SKOS.altLabel)), \
            iri(str(KG.mentionCount))
        type_p, integer = iri(str(RDF.type)), str(XSD.integer)
        for iri_, (cls, label, aliases, _) in entities.items():
            if iri_ in plan:
                continue
            names = set(aliases) | (extra.get(iri_, set()) - {label})
            node = iri(iri_)
            head += [(node, type_p, iri(cls)), (node, label_p, literal(label)),
                     (node, count_p, literal(str(counts[iri_]), integer))]
            head += [(node, alt_p, literal(name)) for name in names]
            records.append(EntityRecord(iri_, label, cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
                                        tuple(sorted(names)), counts[iri_]))
        records.sort(key=lambda r: r.iri)
        gone = {iri(old): iri(new) for old, new in plan.items()}
        head += [(gone.get(s, s), p, gone.get(o, o)) for s, p, o in self._edges]
        writer = TurtleWriter(prefixes(self.base))
        head_body = writer.body(head)
        size = len(set(head)) + self._size
        used: set[str] = set()
        # a merged entity's IRI as written in a body, and its replacement
        replace = {old: (TurtleWriter(writer.prefixes).term(iri(old)).encode("utf-8"),
                         writer.term(iri(new)).encode("utf-8")) for old, new in plan.items()}
        bodies = []
        for _, _, body, body_prefixes, mentioned in sorted(self._sections, key=lambda s: s[:2]):
            used.update(body_prefixes)
            for old in sorted(mentioned & plan.keys()):
                body = _replace_object(body, *replace[old])
            bodies.append(body)
        head_text = join_turtle(writer.header(used | writer.used), [head_body])
        turtle = b"\n".join([head_text.encode("utf-8"), *bodies])
        graph = LightGraph(turtle, size, records, self._rows, plan, prefixes(self.base))
        self._sections, self._edges, self._rows = [], [], []
        return graph, len(plan)


def _replace_object(body: bytes, old: bytes, new: bytes) -> bytes:
    """``body`` with the object ``old`` (a term as ``TurtleWriter`` writes it) replaced.

    An object is always the last term of a line: followed by `` ;``, `` ,`` or `` .`` and a
    line break (literals cannot hold a line break), so the match is exact.
    """
    for end in (b" ;\n", b" ,\n", b" .\n"):
        body = body.replace(b" " + old + end, b" " + new + end)
    return body


class LightGraph:
    """A finished graph as Turtle (UTF-8) plus its entity and statement records (``rows``
    name entities as rendered; ``merged`` maps a merged entity's IRI to its survivor)."""

    def __init__(self, turtle: bytes, size: int, entities: list[EntityRecord],
                 rows: list[StatementRow], merged: dict[str, str],
                 prefixes: dict[str, str]) -> None:
        self._turtle = turtle
        self._merged = merged
        self._size = size
        self._entities = entities
        self._rows = rows
        self.prefixes = prefixes

    def __len__(self) -> int:
        return self._size

    def turtle(self) -> str:
        return self._turtle.decode("utf-8")

    def turtle_bytes(self) -> bytes:
        return self._turtle

    def ntriples(self) -> str:
        return write_ntriples(graph_triples(self.to_rdflib()))

    def entities(self) -> list[EntityRecord]:
        """As ``KnowledgeGraph.entities``."""
        return list(self._entities)

    def statements(self) -> list[StatementRecord]:
        """As ``KnowledgeGraph.statements``."""
        labels = {e.iri: e.label for e in self._entities}
        merged = self._merged

        def label(node: str) -> str:
            found = labels.get(node)
            return found if found is not None else node.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

        records, seen = [], set()
        for (st, subject, subject_text, relation, obj, value, confidence, source, sentence,
             rule, extractor, start, *more) in self._rows:
            if st in seen:
                continue
            seen.add(st)
            subject, obj = merged.get(subject, subject), merged.get(obj, obj)
            records.append(StatementRecord(
                iri=st, subject_id=subject, subject=label(subject) if subject else subject_text,
                predicate=relation, object_id=obj, object=label(obj) if obj else value,
                confidence=confidence, source=source, sentence=sentence,
                extra={"rule": rule, "extractor": extractor, "sentence_start": str(start),
                       **{k: v for k, v in zip(ROW_EXTRA, more, strict=True) if v}}))
        records.sort(key=lambda r: (r.source, int(r.extra["sentence_start"] or 0), r.iri))
        return records

    def to_rdflib(self) -> Graph:
        """The same graph as an rdflib ``Graph`` (parsed from its Turtle)."""
        graph = Graph(bind_namespaces="core")
        for prefix, ns in self.prefixes.items():
            graph.bind(prefix, ns, override=True)
        graph.parse(data=self._turtle, format="turtle")
        return graph
