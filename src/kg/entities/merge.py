"""Merging entities across documents, on the finished graph.

Within a document, ``kg.entities.resolve`` ties aliases to full names. Across documents the same
entity can still appear under two IRIs: ``ICE`` in one article and ``Immigration and Customs
Enforcement`` in another, ``Trump`` tagged as an organisation where no full name was given.
``merge_entities`` folds such pairs into one node. It merges only within a type, with two
exceptions backed by evidence: an untyped noun phrase (``kg:Concept``) that is exactly a known
name, and a single name that another document already showed to be a person's alias. Names go
through ``kg.entities.names.name_words``, so a country's names and codes (U.S., USA, United
States) are one key. Two full names are merged only when they are the same name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.entities.names import initials, name_words
from kg.ontology.namespace import KG

_DOTS = re.compile(r"[.\s]+")


def _key(label: str) -> str:
    """``U.S.`` and ``US`` share a key; so do ``the ICE`` and ``ICE``."""
    return _DOTS.sub(" ", " ".join(name_words(label))).strip().replace(" ", "")


class _Entity:
    def __init__(self, iri: URIRef, type_: URIRef, label: str, aliases: set[str]) -> None:
        self.iri = iri
        self.type = type_
        self.label = label
        self.aliases = aliases
        self.words = name_words(self.label, person=self.type == KG.Person)

    @classmethod
    def from_graph(cls, graph: Graph, iri: URIRef) -> _Entity:
        type_ = min((t for t in graph.objects(iri, RDF.type) if isinstance(t, URIRef)),
                    default=KG.Entity)
        return cls(iri, type_, str(graph.value(iri, RDFS.label) or ""),
                   {str(a) for a in graph.objects(iri, SKOS.altLabel)})


class _Index:
    """Lookups that make each merge decision constant-time."""

    def __init__(self, entities: list[_Entity]) -> None:
        self.by_key: dict[tuple[URIRef, str], list[_Entity]] = defaultdict(list)
        self.person_part: dict[str, list[_Entity]] = defaultdict(list)
        self.person_alias: dict[str, list[_Entity]] = defaultdict(list)
        self.person_label: dict[str, list[_Entity]] = defaultdict(list)
        self.acronym: dict[str, list[_Entity]] = defaultdict(list)
        self.typed_name: dict[str, list[_Entity]] = defaultdict(list)
        for e in entities:
            self.by_key[(e.type, _key(e.label))].append(e)
            if e.type == KG.Person:
                if len(e.words) > 1:  # by surname only: "Maria" may be any Maria
                    self.person_part[e.words[-1]].append(e)
                for alias in e.aliases:
                    self.person_alias[alias].append(e)
                if len(e.words) > 1:
                    self.person_label[_key(e.label)].append(e)
            if e.type == KG.Organization and len(e.words) > 1:
                self.acronym[initials(e.words)].append(e)
            if e.type != KG.Concept:
                # only names: an owner's nominal labelled "family" (Guadalupe's family) is
                # not what a bare "the family" of another document is
                for name in {_key(n) for n in (e.label, *e.aliases) if _is_name(n)}:
                    self.typed_name[name].append(e)


def _is_name(label: str) -> bool:
    """A name has an upper-case letter or a digit; a common noun phrase has none."""
    return any(c.isupper() or c.isdigit() for c in label)


def _merge_target(e: _Entity, index: _Index) -> _Entity | None:
    """The entity ``e`` should be folded into, if exactly one is indicated."""

    def unique(found: Iterable[_Entity]) -> _Entity | None:
        hits = {f.iri: f for f in found if f.iri != e.iri}
        return next(iter(hits.values())) if len(hits) == 1 else None

    key = _key(e.label)
    # The same name and type under two IRIs (punctuation differs): keep the first IRI.
    same = [f for f in index.by_key.get((e.type, key), []) if f.iri < e.iri]
    if same:
        return same[0]
    # A single name that is the surname of exactly one person (two people who share only a
    # surname are never merged: the single name then stays apart).
    if e.type == KG.Person and len(e.words) == 1:
        return unique(index.person_part.get(e.words[0], []))
    # A noun phrase that is exactly a known name.
    if e.type == KG.Concept:
        return unique(index.typed_name.get(key, []))
    # A person's name under another type (the tagger mislabels people): a single name another
    # document showed to be a person's alias, or a person's full name.
    if e.type != KG.Person:
        people = (index.person_alias.get(e.label, []) if len(e.words) == 1
                  else index.person_label.get(key, []))
        if person := unique(people):
            return person
    # An acronym of exactly one organisation.
    if e.type == KG.Organization and e.label.isupper() and len(e.label) >= 2:
        return unique(index.acronym.get(e.label, []))
    return None


def plan_merges(graph: Graph) -> dict[URIRef, URIRef]:
    """``{old IRI: IRI it merges into}``, resolved transitively, in a deterministic order."""
    iris = sorted({s for s in graph.subjects(KG.mentionCount, None) if isinstance(s, URIRef)})
    return _plan([_Entity.from_graph(graph, iri) for iri in iris])


def plan_entity_merges(entities: Iterable[tuple[str, str, str, Iterable[str]]]
                       ) -> dict[str, str]:
    """``plan_merges`` for entities given as ``(iri, type IRI, label, aliases)`` values."""
    found = sorted((_Entity(URIRef(iri), URIRef(type_), label, set(aliases))
                    for iri, type_, label, aliases in entities), key=lambda e: e.iri)
    return {str(old): str(new) for old, new in _plan(found).items()}


def _plan(entities: list[_Entity]) -> dict[URIRef, URIRef]:
    index = _Index(entities)
    plan: dict[URIRef, URIRef] = {}
    for e in entities:
        target = _merge_target(e, index)
        if target is not None:
            plan[e.iri] = target.iri
    for old in list(plan):
        seen = {old}
        while plan[old] in plan and plan[old] not in seen:
            seen.add(plan[old])
            plan[old] = plan[plan[old]]
        if plan[old] == old:
            del plan[old]
    return plan


def _count(graph: Graph, iri: URIRef) -> int:
    value = graph.value(iri, KG.mentionCount)
    return int(value) if isinstance(value, Literal) else 0


#: What ``merge_entities`` rewrites for the survivor rather than moving.
_DESCRIPTORS = frozenset({RDF.type, RDFS.label, SKOS.altLabel, KG.mentionCount})


def merge_entities(graph: Graph) -> int:
    """Fold duplicate entities of ``graph`` together in place; return how many were merged."""
    plan = plan_merges(graph)
    for old, new in sorted(plan.items()):
        count = _count(graph, old) + _count(graph, new)
        names = {str(n) for n in graph.objects(old, RDFS.label)}
        names |= {str(n) for n in graph.objects(old, SKOS.altLabel)}
        for triple in list(graph.triples((old, None, None))):
            graph.remove(triple)
            _, p, o = triple
            if p not in _DESCRIPTORS:  # an edge to another entity moves to the survivor
                graph.add((new, p, new if o == old else o))
        for s, p, _ in list(graph.triples((None, None, old))):
            graph.remove((s, p, old))
            graph.add((s, p, new))
        graph.set((new, KG.mentionCount, Literal(count)))
        label = str(graph.value(new, RDFS.label))
        for name in sorted(names - {label}):
            graph.add((new, SKOS.altLabel, Literal(name)))
    return len(plan)
