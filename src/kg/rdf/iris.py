"""IRI minting: documents, entities, statements and quotes get deterministic IRIs (from type
and normalised name, or a hash of what makes them distinct), and the vocabulary kg writes, as
N-Triples terms (``Vocab``)."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, Namespace
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.entities.names import clean_name
from kg.model import Mention, Statement
from kg.model.ids import slug
from kg.model.results import MentionRecord, Quote
from kg.ontology.namespace import DATA_BASE, KG
from kg.ontology.types import entity_class, entity_kind
from kg.rdf import terms

SCHEMA = Namespace("https://schema.org/")


def prefixes(base: str = DATA_BASE) -> dict[str, str]:
    """The prefixes of a kg graph, in the order its Turtle declares them."""
    return {"owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS),
            "xsd": "http://www.w3.org/2001/XMLSchema#", "kg": str(KG._NS), "kgr": base,
            "schema": str(SCHEMA), "prov": str(PROV), "skos": str(SKOS),
            "dcterms": str(DCTERMS)}


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def document_iri(base: str, document_id: str) -> str:
    return f"{base}document/{document_id}"


@lru_cache(maxsize=100_000)
def _entity_iri(base: str, entity_id: str | None, label: str, name_text: str) -> str:
    if entity_id:
        return base + entity_id
    name = clean_name(name_text)
    key = slug(name) or hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return f"{base}{entity_kind(label)}/{key}"


def entity_iri(base: str, mention: Mention) -> str:
    """The IRI of the entity ``mention`` names, e.g. ``kgr:person/jamee-comans``.

    Resolution sets ``mention.entity_id`` (``"person/jamee-comans"``); without it the IRI
    comes from the mention's type and cleaned name.
    """
    return _entity_iri(base, mention.entity_id, mention.label, mention.name_text)


def statement_iri(base: str, st: Statement) -> str:
    """A hash of the statement's document, sentence, rule, relation and arguments."""
    parts = [st.provenance.document_id, str(st.provenance.sentence.start),
             st.provenance.rule, st.relation.text]
    for arg in st.arguments:
        parts += [str(arg.span.start), str(arg.span.end), arg.text]
    return f"{base}statement/{st.provenance.document_id}/{_digest(*parts)}"


def mention_iri(base: str, record: MentionRecord) -> str:
    return f"{base}mention/{record.document_id}/{record.start}-{record.end}"


def quote_iri(base: str, quote: Quote) -> str:
    key = f"{quote.span.start}:{quote.span.end}".encode()
    return f"{base}quote/{quote.document_id}/{hashlib.sha1(key).hexdigest()[:16]}"


class Vocab:
    """The terms kg writes, as N-Triples strings: ``V.type``, ``V.subject`` (``kg:``), …"""

    type = terms.iri(str(RDF.type))
    label = terms.iri(str(RDFS.label))
    subPropertyOf = terms.iri(str(RDFS.subPropertyOf))
    ObjectProperty = terms.iri(str(OWL.ObjectProperty))
    altLabel = terms.iri(str(SKOS.altLabel))
    title = terms.iri(str(DCTERMS.title))
    date = terms.iri(str(DCTERMS.date))
    creator = terms.iri(str(DCTERMS.creator))
    url = terms.iri(str(SCHEMA.url))
    datePublished = terms.iri(str(SCHEMA.datePublished))
    wasDerivedFrom = terms.iri(str(PROV.wasDerivedFrom))
    wasGeneratedBy = terms.iri(str(PROV.wasGeneratedBy))
    wasAttributedTo = terms.iri(str(PROV.wasAttributedTo))
    wasAssociatedWith = terms.iri(str(PROV.wasAssociatedWith))
    SoftwareAgent = terms.iri(str(PROV.SoftwareAgent))
    Activity = terms.iri(str(PROV.Activity))

    def __getattr__(self, name: str) -> str:
        """A ``kg:`` term (``AttributeError`` for one the ontology does not declare)."""
        found = terms.iri(str(getattr(KG, name)))
        setattr(self, name, found)
        return found

    @staticmethod
    @lru_cache(maxsize=64)
    def entity_class(label: str) -> str:
        """The class IRI (not a term) for a spaCy entity label."""
        return str(entity_class(label))
