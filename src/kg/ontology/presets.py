"""The packaged vocabulary preset (``ontology/schema.ttl``) and graphs rewritten into it.

``kg export GRAPH --vocabulary schema`` writes schema.org terms where kg's properties and
classes have an equivalent (``owl:equivalentProperty`` in the preset, ``owl:equivalentClass``
in ``kg.ttl``); ``--vocabulary wikidata`` writes Wikidata's. Terms without one stay kg's.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from kg.errors import unknown_choice
from kg.ontology.namespace import KG, ontology_path

#: ``--ontology NAME`` names a packaged file when no file of that name exists.
PRESETS = {"schema": "schema.ttl"}
#: ``--vocabulary NAME`` and the namespace of the terms it writes.
VOCABULARIES = {"kg": str(KG._NS), "schema": "https://schema.org/",
                "wikidata": "http://www.wikidata.org/"}


def resolve_ontology(value: str) -> str:
    """A file path for ``--ontology``: the value itself, or a preset's packaged file."""
    if value in PRESETS and not Path(value).exists():
        return str(ontology_path(PRESETS[value]))
    return value


@lru_cache(maxsize=4)
def equivalents(vocabulary: str) -> dict[URIRef, URIRef]:
    """kg term → its equivalent in ``vocabulary`` (``schema``, ``wikidata``; ``kg``: none)."""
    if vocabulary not in VOCABULARIES:
        raise unknown_choice("vocabulary", vocabulary, VOCABULARIES)
    if vocabulary == "kg":
        return {}
    graph = Graph().parse(str(ontology_path("kg.ttl")), format="turtle")
    graph.parse(str(ontology_path(PRESETS["schema"])), format="turtle")
    target, ns = VOCABULARIES[vocabulary], str(KG._NS)
    out: dict[URIRef, URIRef] = {}
    for link in (OWL.equivalentProperty, OWL.equivalentClass):
        for a, b in sorted(graph.subject_objects(link)):
            for one, other in ((a, b), (b, a)):
                if (isinstance(one, URIRef) and isinstance(other, URIRef)
                        and str(one).startswith(ns) and str(other).startswith(target)):
                    out.setdefault(one, other)
    return out


def rewrite(graph: Graph, vocabulary: str) -> Graph:
    """A copy of ``graph`` with every kg term that has an equivalent replaced by it."""
    mapping: dict[Node, Node] = {k: v for k, v in equivalents(vocabulary).items()}
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns)
    if vocabulary == "schema":
        out.bind("schema", VOCABULARIES["schema"], override=True)
    elif vocabulary == "wikidata":
        out.bind("wdt", "http://www.wikidata.org/prop/direct/")
        out.bind("wd", "http://www.wikidata.org/entity/")
    for s, p, o in graph:
        out.add((mapping.get(s, s), mapping.get(p, p), mapping.get(o, o)))
    return out
