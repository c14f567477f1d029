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

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Identifier

from kg.ingest import slug
from kg.model import Document, Mention, Statement
from kg.names import clean_name, is_pronoun
from kg.namespace import DATA_BASE, KG
from kg.normalise import Lexicon, lexicon, roles
from kg.pipeline import DocumentResult
from kg.quotes import Quote
from kg.temporal import parse_anchor, resolve_date, text_anchor

SCHEMA = Namespace("https://schema.org/")

#: spaCy entity labels and the ontology class each becomes; anything else is a Concept.
TYPE_CLASSES: dict[str, URIRef] = {
    "PERSON": KG.Person,
    "ORG": KG.Organization,
    "NORP": KG.Group,
    "GPE": KG.Place,
    "LOC": KG.Place,
    "FAC": KG.Facility,
    "EVENT": KG.Event,
    "LAW": KG.Law,
    "WORK_OF_ART": KG.CreativeWork,
    "PRODUCT": KG.Product,
    "LANGUAGE": KG.Language,
    "DATE": KG.Date,
    "TIME": KG.Date,
    "CARDINAL": KG.Quantity,
    "ORDINAL": KG.Quantity,
    "MONEY": KG.Quantity,
    "PERCENT": KG.Quantity,
    "QUANTITY": KG.Quantity,
}

def entity_class(label: str) -> URIRef:
    """The ontology class for a spaCy entity label (``""`` for a plain noun phrase)."""
    return TYPE_CLASSES.get(label, KG.Concept)


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
    return Literal(Decimal(f"{value:.3f}"), datatype=XSD.decimal)


@dataclass
class _EntityTally:
    cls: URIRef
    surface: Counter[str] = field(default_factory=Counter)
    mentions: int = 0


class GraphBuilder:
    """Accumulates documents, then writes entities and statements into one graph."""

    def __init__(self, base: str = DATA_BASE) -> None:
        self.base = Namespace(base)
        self.graph = Graph()
        for prefix, ns in (("kg", KG._NS), ("kgr", self.base), ("schema", SCHEMA),
                           ("prov", PROV), ("skos", SKOS), ("dcterms", DCTERMS)):
            self.graph.bind(prefix, ns)
        self._entities: dict[URIRef, _EntityTally] = {}
        self.statements = 0
        self.normalised = 0
        self.quotes = 0
        self._lexicon: Lexicon = lexicon()
        self._properties: set[str] = set()
        self._extractors: set[str] = set()
        self._mentions: tuple[Mention, ...] = ()
        self._anchor: date | None = None
        self._year_anchor: date | None = None

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
        self._anchor = parse_anchor(result.document.date)
        self._year_anchor = self._anchor or text_anchor(result.document.text)
        for st in result.statements:
            self.add_statement(st, doc_iri, named)
        for quote in result.quotes:
            self.add_quote(quote, doc_iri)

    def add_document(self, document: Document) -> URIRef:
        g = self.graph
        iri = self.base[f"document/{document.id}"]
        g.add((iri, RDF.type, KG.Document))
        g.add((iri, KG.documentId, Literal(document.id)))
        g.add((iri, KG.contentHash, Literal(document.content_hash)))
        if document.title:
            g.add((iri, DCTERMS.title, Literal(document.title)))
        if document.url:
            g.add((iri, SCHEMA.url, Literal(document.url, datatype=XSD.anyURI)))
        if document.date:
            g.add((iri, DCTERMS.date, Literal(document.date)))
            published = parse_anchor(document.date)
            if published is not None:
                g.add((iri, SCHEMA.datePublished, Literal(published, datatype=XSD.date)))
        return iri

    def statement_iri(self, st: Statement) -> URIRef:
        parts = [st.provenance.document_id, str(st.provenance.sentence.start),
                 st.provenance.rule, st.relation.text]
        for arg in st.arguments:
            parts += [str(arg.span.start), str(arg.span.end), arg.text]
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
        return self.base[f"statement/{st.provenance.document_id}/{digest}"]

    def _literal(self, value: str | int | bool) -> Identifier:
        """``Literal(value)``: a statement's plain or integer literal (``kg.lightgraph``
        renders it straight to its N-Triples form instead)."""
        return Literal(value)

    def add_statement(self, st: Statement, doc_iri: URIRef, named: set[URIRef]) -> None:
        g = self.graph
        lit = self._literal
        iri = self.statement_iri(st)
        prov = st.provenance
        subject = self._tally(st.subject, 0 if self.entity_iri(st.subject) in named else 1)
        triples = [
            (RDF.type, KG.Statement),
            (KG.subject, subject),
            (KG.subjectText, lit(st.subject.text)),
            (KG.subjectStart, lit(st.subject.span.start)),
            (KG.subjectEnd, lit(st.subject.span.end)),
            (KG.relation, lit(st.relation.text)),
            (KG.relationLemma, lit(st.relation.lemma)),
            (KG.confidence, _decimal(st.confidence)),
            (KG.negated, lit(st.negated)),
            (KG.sourceDocument, doc_iri),
            (KG.sentence, lit(prov.sentence.text)),
            (KG.sentenceStart, lit(prov.sentence.start)),
            (KG.sentenceEnd, lit(prov.sentence.end)),
            (KG.extractor, lit(prov.extractor)),
        ]
        if prov.rule:
            triples.append((KG.rule, lit(prov.rule)))
        if st.modality:
            triples.append((KG.modality, lit(st.modality)))
        if st.object is not None:
            obj = st.object
            if obj.literal:
                triples.append((KG.objectValue, lit(obj.text)))
            else:
                in_named = self.entity_iri(obj) in named
                triples.append((KG.object, self._tally(obj, 0 if in_named else 1)))
            triples += [
                (KG.objectText, lit(obj.text)),
                (KG.objectStart, lit(obj.span.start)),
                (KG.objectEnd, lit(obj.span.end)),
            ]
        for arg in st.extra_args:
            triples.append((KG.argument, lit(arg.text)))
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
        return [(PROV.wasDerivedFrom, doc_iri),
                (PROV.wasGeneratedBy, self.base[f"activity/extraction-{name}"]),
                (PROV.wasAttributedTo, self.base[f"extractor/{name}"])]

    def _normalised(self, st: Statement, named: set[URIRef]) -> list[tuple[URIRef, Identifier]]:
        """Predicate, roles, event noun, time, place and attribution of ``st``."""
        out: list[tuple[URIRef, Identifier]] = []
        if st.relation.predicate:
            prop = URIRef(st.relation.predicate)
            self._properties.add(st.relation.predicate)
            self.normalised += 1
            out.append((KG.predicate, prop))
            r = roles(st, self._mentions, self._lexicon)
            actor = self._node(r.actor) if r.actor is not None else None
            if actor is not None:
                out.append((KG.actor, actor))
            if r.target is not None:
                out.append((KG.target, self._node(r.target)))
            if r.event_noun and r.event_type:
                self._properties.add(r.event_type)
                out += [(KG.eventNoun, Literal(r.event_noun)),
                        (KG.eventType, URIRef(r.event_type))]
            if actor is not None and r.patient is not None and not (st.negated or st.modality):
                self.graph.add((actor, prop, self._node(r.patient)))
        if st.time is not None:
            out.append((KG.timeText, Literal(" ".join(st.time.text.split()))))
            day = resolve_date(st.time.text, self._anchor, self._year_anchor)
            if day is not None:
                out.append((KG.time, Literal(day, datatype=XSD.date)))
        if st.place is not None:
            out.append((KG.place, self._node(st.place)))
        if st.attributed_to is not None and not is_pronoun(st.attributed_to):
            out.append((KG.attributedTo, self._node(st.attributed_to)))
        return out

    def add_quote(self, quote: Quote, doc_iri: URIRef) -> URIRef:
        """A ``kg:Quote`` node: speaker, words, offsets and source document."""
        key = f"{quote.span.start}:{quote.span.end}".encode()
        iri = self.base[f"quote/{quote.document_id}/{hashlib.sha1(key).hexdigest()[:16]}"]
        for p, o in ((RDF.type, KG.Quote), (KG.speaker, self._node(quote.speaker)),
                     (KG.quoteText, Literal(quote.span.text)),
                     (KG.quoteStart, Literal(quote.span.start)),
                     (KG.quoteEnd, Literal(quote.span.end)),
                     (KG.sourceDocument, doc_iri), (PROV.wasDerivedFrom, doc_iri)):
            self.graph.add((iri, p, o))
        self.quotes += 1
        return iri

    def _vocabulary(self) -> None:
        """Extractor agents and activities, and the relation properties the graph uses."""
        g = self.graph
        for name in sorted(self._extractors):
            agent = self.base[f"extractor/{name}"]
            activity = self.base[f"activity/extraction-{name}"]
            g.add((agent, RDF.type, PROV.SoftwareAgent))
            g.add((agent, RDFS.label, Literal(name)))
            g.add((activity, RDF.type, PROV.Activity))
            g.add((activity, RDFS.label, Literal(f"extraction with {name}")))
            g.add((activity, PROV.wasAssociatedWith, agent))
        todo, seen = sorted(self._properties), set()
        while todo:
            iri = todo.pop()
            if iri in seen:
                continue
            seen.add(iri)
            prop = URIRef(iri)
            g.add((prop, RDF.type, OWL.ObjectProperty))
            g.add((prop, RDFS.label, Literal(self._lexicon.labels.get(iri, iri), lang="en")))
            for parent in self._lexicon.parents.get(iri, ()):
                g.add((prop, RDFS.subPropertyOf, URIRef(parent)))
                todo.append(parent)

    def finish(self) -> Graph:
        """Write the entities (type, label, aliases, mention count) and return the graph."""
        self._vocabulary()
        g = self.graph
        for iri, tally in self._entities.items():
            forms = sorted(tally.surface.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
            label = canonical_label(tally.surface) if forms else _local_name(iri)
            forms = [(f, n) for f, n in forms if f != label]
            g.add((iri, RDF.type, tally.cls))
            g.add((iri, RDFS.label, Literal(label)))
            g.add((iri, KG.mentionCount, Literal(max(tally.mentions, 1))))
            for alias, _ in forms:
                g.add((iri, SKOS.altLabel, Literal(alias)))
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
