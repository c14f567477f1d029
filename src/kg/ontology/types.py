"""spaCy entity labels and the ontology classes they become."""

from __future__ import annotations

from rdflib import URIRef

from kg.model.ids import slug
from kg.ontology.namespace import KG

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

_CONCEPT = KG.Concept


def entity_class(label: str) -> URIRef:
    """The ontology class for a spaCy entity label (``""`` for a plain noun phrase)."""
    return TYPE_CLASSES.get(label, _CONCEPT)


def entity_kind(label: str) -> str:
    """The first part of the id of an entity tagged ``label``: its class's name as a slug.

    >>> entity_kind("PERSON"), entity_kind("WORK_OF_ART"), entity_kind("")
    ('person', 'creativework', 'concept')
    """
    return slug(str(entity_class(label)).rsplit("#", 1)[-1])
