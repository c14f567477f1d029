"""From extraction results to an rdflib graph under the kg ontology.

IRIs are deterministic: entities from type and normalised name, statements from a hash of
document, sentence and the statement's parts, so the same input gives the same graph.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Identifier

from kg.enrich.lexicon import Lexicon, OntologyOptions, lexicon
from kg.enrich.normalise import edge, roles
from kg.enrich.temporal import parse_anchor, resolve_date, text_anchor
from kg.entities.names import clean_name, is_pronoun
from kg.ingest.files import slug
from kg.model import Document, Mention, Statement
from kg.model.results import DocumentResult, Quote
from kg.ontology.namespace import DATA_BASE, KG
from kg.ontology.types import entity_class

SCHEMA = Namespace("https://schema.org/")


class _Terms:
    """A namespace's terms, each looked up once: rdflib's attribute lookup is slow, and the
    same term object is also a faster dictionary key (``kg.rdf.light`` keeps one per term)."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        found: URIRef = getattr(self._namespace, name)
        setattr(self, name, found)
        return found


_KG, _RDF, _RDFS, _OWL, _XSD = _Terms(KG), _Terms(RDF), _Terms(RDFS), _Terms(OWL), _Terms(XSD)
_PROV, _DCTERMS, _SKOS, _SCHEMA = _Terms(PROV), _Terms(DCTERMS), _Terms(SKOS), _Terms(SCHEMA)

def canonical_label(forms: Counter[str]) -> str:
    """The label of an entity seen under several names: the longest name that contains the
    most frequent one (``Khalil`` ×9, ``Mahmoud Khalil`` ×3 → ``Mahmoud Khalil``).

    >>> canonical_label(Counter({"Khalil": 9, "Mahmoud Khalil": 3, "Columbia": 1}))
    'Mahmoud Khalil'
    """
    top = min(forms, key=lambda f: (-forms[f], -len(f), f))
    words = set(top.casefold().split())
    fuller = [f for f in forms if words <= set(f.casefold().split())]
    return min(fuller, key=lambda f: (-len(f.split()), -forms[f], f))


def _local_name(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1].replace("-", " ")


def _decimal(value: float) -> Literal:
    return _decimal_literal(f"{value:.3f}")


@lru_cache(maxsize=4096)  # confidences take few values
def _decimal_literal(text: str) -> Literal:
    return Literal(Decimal(text), datatype=_XSD.decimal)


@dataclass
class _EntityTally:
    cls: URIRef
    surface: Counter[str] = field(default_factory=Counter)
    mentions: int = 0


class GraphBuilder:
    """Accumulates documents, then writes entities and statements into one graph."""

    def __init__(self, base: str = DATA_BASE, ontology: OntologyOptions | None = None) -> None:
        self.base = Namespace(base)
        self.ontology = ontology
        self.graph = Graph()
        for prefix, ns in (("kg", KG._NS), ("kgr", self.base), ("schema", SCHEMA),
                           ("prov", PROV), ("skos", SKOS), ("dcterms", DCTERMS)):
            self.graph.bind(prefix, ns)
        self._entities: dict[URIRef, _EntityTally] = {}
        self.statements = 0
        self.normalised = 0
        self.quotes = 0
        self._lexicon: Lexicon = lexicon().with_ontology(ontology or OntologyOptions())
        self._properties: set[str] = set()
        self._extractors: set[str] = set()
        self._mentions: tuple[Mention, ...] = ()
        self._document: Document | None = None
        self._anchor: date | None = None
        self._year_anchor: date | None = None
        self._anchor_text: str | None = None  # where to find the year anchor, if not yet found
        self._uris: dict[str, URIRef] = {}
        self._last_iri: tuple[Statement | None, URIRef] = (None, URIRef(""))

    def entity_iri(self, mention: Mention) -> URIRef:
        """The IRI of the entity ``mention`` names, e.g. ``kgr:person/jamee-comans``.

        Resolution sets ``mention.entity_id`` (``"person/jamee-comans"``); without it the IRI
        comes from the mention's type and cleaned name.
        """
        if mention.entity_id:
            return self.base[mention.entity_id]
        cls = entity_class(mention.label)
        name = clean_name(mention.name_text)
        key = slug(name) or hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
        kind = slug(str(cls).rsplit("#", 1)[-1])
        return self.base[f"{kind}/{key}"]

    def _tally(self, mention: Mention, count: int) -> URIRef:
        iri = self.entity_iri(mention)
        tally = self._entities.get(iri)
        if tally is None:
            tally = self._entities[iri] = _EntityTally(entity_class(mention.label))
        if not is_pronoun(mention):
            tally.surface[clean_name(mention.name_text)] += 1
        tally.mentions += count
        return iri

    def add(self, result: DocumentResult) -> None:
        """Add one document, its named-entity mentions and its statements."""
        doc_iri = self.add_document(result.document)
        named = {self.entity_iri(m) for m in result.mentions}
        for mention in result.mentions:
            self._tally(mention, 1)
        self._mentions = result.mentions
        self._document = result.document
        self._anchor = self._year_anchor = parse_anchor(result.document.date)
        self._anchor_text = None if self._anchor else result.document.text
        for st in result.statements:
            self.add_statement(st, doc_iri, named)
        for quote in result.quotes:
            self.add_quote(quote, doc_iri)

    def _find_year_anchor(self) -> date | None:
        """The document's date, else the latest full date in its text (``text_anchor``: looked
        for once, when a statement first needs it)."""
        if self._anchor_text is not None:
            self._year_anchor, self._anchor_text = text_anchor(self._anchor_text), None
        return self._year_anchor

    def _uri(self, value: str) -> URIRef:
        """``URIRef(value)``, one object per IRI (a faster dictionary key)."""
        found = self._uris.get(value)
        if found is None:
            found = self._uris[value] = URIRef(value)
        return found

    def add_document(self, document: Document) -> URIRef:
        g = self.graph
        iri = self.base[f"document/{document.id}"]
        g.add((iri, _RDF.type, _KG.Document))
        g.add((iri, _KG.documentId, Literal(document.id)))
        g.add((iri, _KG.contentHash, Literal(document.content_hash)))
        if document.title:
            g.add((iri, _DCTERMS.title, Literal(document.title)))
        if document.url:
            g.add((iri, _SCHEMA.url, Literal(document.url, datatype=_XSD.anyURI)))
        if document.author:
            g.add((iri, _DCTERMS.creator, Literal(document.author)))
        if document.date:
            g.add((iri, _DCTERMS.date, Literal(document.date)))
            published = parse_anchor(document.date)
            if published is not None:
                g.add((iri, _SCHEMA.datePublished, Literal(published, datatype=_XSD.date)))
        return iri

    def statement_iri(self, st: Statement) -> URIRef:
        """The statement's IRI (the last one is remembered: ``kg.rdf.light`` asks twice)."""
        last, found = self._last_iri
        if st is last:
            return found
        parts = [st.provenance.document_id, str(st.provenance.sentence.start),
                 st.provenance.rule, st.relation.text]
        for arg in st.arguments:
            parts += [str(arg.span.start), str(arg.span.end), arg.text]
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
        found = self.base[f"statement/{st.provenance.document_id}/{digest}"]
        self._last_iri = (st, found)
        return found

    def _literal(self, value: str | int | bool) -> Identifier:
        """``Literal(value)``: a statement's plain or integer literal (``kg.rdf.light``
        renders it straight to its N-Triples form instead)."""
        return Literal(value)

    def add_statement(self, st: Statement, doc_iri: URIRef, named: set[URIRef]) -> None:
        g = self.graph
        lit = self._literal
        iri = self.statement_iri(st)
        prov = st.provenance
        subject = self._tally(st.subject, 0 if self.entity_iri(st.subject) in named else 1)
        triples = [
            (_RDF.type, _KG.Statement),
            (_KG.subject, subject),
            (_KG.subjectText, lit(st.subject.text)),
            (_KG.subjectStart, lit(st.subject.span.start)),
            (_KG.subjectEnd, lit(st.subject.span.end)),
            (_KG.relation, lit(st.relation.text)),
            (_KG.relationLemma, lit(st.relation.lemma)),
            (_KG.confidence, _decimal(st.confidence)),
            (_KG.negated, lit(st.negated)),
            (_KG.sourceDocument, doc_iri),
            (_KG.sentence, lit(prov.sentence.text)),
            (_KG.sentenceStart, lit(prov.sentence.start)),
            (_KG.sentenceEnd, lit(prov.sentence.end)),
            (_KG.extractor, lit(prov.extractor)),
        ]
        if prov.rule:
            triples.append((_KG.rule, lit(prov.rule)))
        page = self._document.page_at(prov.sentence.start) if self._document else None
        if page is not None:
            triples.append((_KG.page, lit(page)))
        if st.modality:
            triples.append((_KG.modality, lit(st.modality)))
        if st.object is not None:
            obj = st.object
            if obj.literal:
                triples.append((_KG.objectValue, lit(obj.text)))
            else:
                in_named = self.entity_iri(obj) in named
                triples.append((_KG.object, self._tally(obj, 0 if in_named else 1)))
            triples += [
                (_KG.objectText, lit(obj.text)),
                (_KG.objectStart, lit(obj.span.start)),
                (_KG.objectEnd, lit(obj.span.end)),
            ]
        for arg in st.extra_args:
            triples.append((_KG.argument, lit(arg.text)))
        triples += self._provenance(st, doc_iri) + self._normalised(st, named)
        for p, o in triples:
            g.add((iri, p, o))
        self.statements += 1

    def _node(self, mention: Mention) -> URIRef:
        """The entity of a mention met outside subject and object (tallied if it is new)."""
        iri = self.entity_iri(mention)
        return iri if iri in self._entities else self._tally(mention, 1)

    def _provenance(self, st: Statement, doc_iri: URIRef) -> list[tuple[URIRef, Identifier]]:
        name = st.provenance.extractor
        self._extractors.add(name)
        return [(_PROV.wasDerivedFrom, doc_iri),
                (_PROV.wasGeneratedBy, self._uri(f"{self.base}activity/extraction-{name}")),
                (_PROV.wasAttributedTo, self._uri(f"{self.base}extractor/{name}"))]

    def _normalised(self, st: Statement, named: set[URIRef]) -> list[tuple[URIRef, Identifier]]:
        """Predicate, roles, event noun, time, place and attribution of ``st``."""
        out: list[tuple[URIRef, Identifier]] = []
        if st.relation.predicate:
            prop = self._uri(st.relation.predicate)
            self._properties.add(st.relation.predicate)
            self.normalised += 1
            out.append((_KG.predicate, prop))
            if st.relation.mapping is not None:
                out += [(_KG.mappingMethod, Literal(st.relation.mapping.method)),
                        (_KG.mappingScore, _decimal(st.relation.mapping.score))]
            r = roles(st, self._mentions, self._lexicon)
            actor = self._node(r.actor) if r.actor is not None else None
            if actor is not None:
                out.append((_KG.actor, actor))
            if r.target is not None:
                out.append((_KG.target, self._node(r.target)))
            if r.event_noun and r.event_type:
                self._properties.add(r.event_type)
                out += [(_KG.eventNoun, Literal(r.event_noun)),
                        (_KG.eventType, self._uri(r.event_type))]
            ends = edge(st, self._mentions, self._lexicon)
            if ends is not None:
                self.graph.add((self._node(ends[0]), prop, self._node(ends[1])))
        if st.time is not None:
            out.append((_KG.timeText, Literal(" ".join(st.time.text.split()))))
            day = resolve_date(st.time.text, self._anchor, self._find_year_anchor())
            if day is not None:
                out.append((_KG.time, Literal(day, datatype=_XSD.date)))
        if st.place is not None:
            out.append((_KG.place, self._node(st.place)))
        if st.attributed_to is not None and not is_pronoun(st.attributed_to):
            out.append((_KG.attributedTo, self._node(st.attributed_to)))
        return out

    def add_quote(self, quote: Quote, doc_iri: URIRef) -> URIRef:
        """A ``kg:Quote`` node: speaker, words, offsets and source document."""
        key = f"{quote.span.start}:{quote.span.end}".encode()
        iri = self.base[f"quote/{quote.document_id}/{hashlib.sha1(key).hexdigest()[:16]}"]
        for p, o in ((_RDF.type, _KG.Quote), (_KG.speaker, self._node(quote.speaker)),
                     (_KG.quoteText, Literal(quote.span.text)),
                     (_KG.quoteStart, Literal(quote.span.start)),
                     (_KG.quoteEnd, Literal(quote.span.end)),
                     (_KG.sourceDocument, doc_iri), (_PROV.wasDerivedFrom, doc_iri)):
            self.graph.add((iri, p, o))
        self.quotes += 1
        return iri

    def _vocabulary(self) -> None:
        """Extractor agents and activities, and the relation properties the graph uses."""
        g = self.graph
        for name in sorted(self._extractors):
            agent = self.base[f"extractor/{name}"]
            activity = self.base[f"activity/extraction-{name}"]
            g.add((agent, _RDF.type, _PROV.SoftwareAgent))
            g.add((agent, _RDFS.label, Literal(name)))
            g.add((activity, _RDF.type, _PROV.Activity))
            g.add((activity, _RDFS.label, Literal(f"extraction with {name}")))
            g.add((activity, _PROV.wasAssociatedWith, agent))
        todo, seen = sorted(self._properties), set()
        while todo:
            iri = todo.pop()
            if iri in seen:
                continue
            seen.add(iri)
            prop = URIRef(iri)
            g.add((prop, _RDF.type, _OWL.ObjectProperty))
            g.add((prop, _RDFS.label, Literal(self._lexicon.label(iri), lang="en")))
            for parent in self._lexicon.parents.get(iri, ()):
                g.add((prop, _RDFS.subPropertyOf, URIRef(parent)))
                todo.append(parent)

    def finish(self) -> Graph:
        """Write the entities (type, label, aliases, mention count) and return the graph."""
        self._vocabulary()
        g = self.graph
        for iri, tally in self._entities.items():
            forms = sorted(tally.surface.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
            label = canonical_label(tally.surface) if forms else _local_name(iri)
            forms = [(f, n) for f, n in forms if f != label]
            g.add((iri, _RDF.type, tally.cls))
            g.add((iri, _RDFS.label, Literal(label)))
            g.add((iri, _KG.mentionCount, Literal(max(tally.mentions, 1))))
            for alias, _ in forms:
                g.add((iri, _SKOS.altLabel, Literal(alias)))
        return g

    @property
    def entity_count(self) -> int:
        return len(self._entities)


def build_graph(results: Iterable[DocumentResult], base: str = DATA_BASE) -> Graph:
    """The graph of all ``results`` (convenience for tests and notebooks)."""
    builder = GraphBuilder(base)
    for result in results:
        builder.add(result)
    return builder.finish()
