"""The ``kg:`` ontology namespace, mirrored from ``ontology/kg.ttl``.

Unknown terms raise ``AttributeError`` (``_fail = True``), so a typo cannot mint an
undeclared IRI; ``tests/test_namespace.py`` checks every term here is declared in the ontology.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

ONTOLOGY_IRI = "https://w3id.org/kg/ns"
#: Where entity, statement and document IRIs live unless a build names another base.
DATA_BASE = "https://w3id.org/kg/id/"


class KG(DefinedNamespace):
    """Terms of the kg ontology."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # Classes
    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    Group: URIRef
    Place: URIRef
    Facility: URIRef
    Event: URIRef
    Law: URIRef
    CreativeWork: URIRef
    Product: URIRef
    Language: URIRef
    Date: URIRef
    Quantity: URIRef
    Concept: URIRef
    Document: URIRef
    Statement: URIRef
    Quote: URIRef

    # Properties
    documentId: URIRef
    contentHash: URIRef
    subject: URIRef
    object: URIRef
    objectValue: URIRef
    relation: URIRef
    relationLemma: URIRef
    argument: URIRef
    negated: URIRef
    modality: URIRef
    confidence: URIRef
    sourceDocument: URIRef
    sentence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    page: URIRef
    unresolved: URIRef
    Mention: URIRef
    refersTo: URIRef
    mentionText: URIRef
    mentionStart: URIRef
    mentionEnd: URIRef
    resolvedBy: URIRef
    subjectText: URIRef
    subjectStart: URIRef
    subjectEnd: URIRef
    objectText: URIRef
    objectStart: URIRef
    objectEnd: URIRef
    extractor: URIRef
    rule: URIRef
    mentionCount: URIRef

    # Quotes, attribution, time and place
    speaker: URIRef
    quoteText: URIRef
    quoteStart: URIRef
    quoteEnd: URIRef
    attributedTo: URIRef
    time: URIRef
    timeText: URIRef
    place: URIRef

    # Entities named through another (kg.entities.nominals) and demonyms
    nominalOf: URIRef
    legalCounselOf: URIRef
    spouseOf: URIRef
    parentOf: URIRef
    childOf: URIRef
    siblingOf: URIRef
    relativeOf: URIRef
    spokespersonFor: URIRef
    demonymOf: URIRef

    # Normalised relations: statement roles and the lexicon's own terms
    predicate: URIRef
    actor: URIRef
    target: URIRef
    eventNoun: URIRef
    eventType: URIRef
    mappingMethod: URIRef
    mappingScore: URIRef
    nominalization: URIRef
    rangeRequired: URIRef
    relatedTo: URIRef
    actionAgainst: URIRef

    # Relation properties (the lexicon is their skos:altLabel; see kg.normalise)
    arrested: URIRef
    detained: URIRef
    deported: URIRef
    chargedWith: URIRef
    accused: URIRef
    targeted: URIRef
    sued: URIRef
    challenged: URIRef
    criticized: URIRef
    harmed: URIRef
    prevented: URIRef
    allowed: URIRef
    denied: URIRef
    ordered: URIRef
    ruled: URIRef
    filed: URIRef
    released: URIRef
    requested: URIRef
    issued: URIRef
    said: URIRef
    supports: URIRef
    represents: URIRef
    hasMember: URIRef
    memberOf: URIRef
    worksFor: URIRef
    leads: URIRef
    graduatedFrom: URIRef
    locatedIn: URIRef
    participatedIn: URIRef
    has: URIRef
    provided: URIRef
    describedAs: URIRef
    won: URIRef
    lost: URIRef
    defeated: URIRef
    acquitted: URIRef
    caused: URIRef
    indicates: URIRef
    satisfies: URIRef
    violated: URIRef
    omitted: URIRef
    wants: URIRef
    agreedWith: URIRef
    accepted: URIRef
    prioritizes: URIRef
    prepared: URIRef
    helped: URIRef
    employs: URIRef
    continued: URIRef
    resembles: URIRef
    displayed: URIRef
    dated: URIRef
    began: URIRef
    ended: URIRef
    birthPlace: URIRef
    birthDate: URIRef
    deathPlace: URIRef
    deathDate: URIRef
    causeOfDeath: URIRef
    thanked: URIRef
    increased: URIRef
    reduced: URIRef
    costs: URIRef
    lasted: URIRef


def ontology_dir() -> Path:
    """The folder holding ``kg.ttl``, ``shapes.ttl`` and ``queries/`` (works when installed)."""
    return Path(str(files("kg") / "ontology"))


def ontology_path(name: str = "kg.ttl") -> Path:
    """Path of one ontology file, e.g. ``ontology_path("kg.ttl")``."""
    return ontology_dir() / name


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/kg/ns#Person"), local_name("https://schema.org/founder")
    ('Person', 'founder')
    """
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
