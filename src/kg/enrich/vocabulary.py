"""A user's vocabulary: the properties and classes of OWL, RDFS or SKOS files, ready to match.

Every property (``owl:ObjectProperty``, ``owl:DatatypeProperty``, ``rdf:Property``, or anything
with an ``rdfs:domain``/``rdfs:range``/``rdfs:subPropertyOf``) brings its names: ``rdfs:label``,
``skos:prefLabel``, ``skos:altLabel``, ``skos:hiddenLabel`` and its local name split from
camelCase (``birthPlace`` → ``birth place``). Its domain and range become *kinds*, the local
names of kg's entity classes (``Person``, ``Place``, ``Date``…), so they can be checked against
the entity labels of a statement's arguments: a class is known by ``owl:equivalentClass`` with a
kg or schema.org class, by its name (``City``, ``Company``, ``Human``…) or by a superclass.

>>> vocabulary = Vocabulary.from_text('''
...   @prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...   ex:birthPlace a owl:ObjectProperty ; rdfs:domain ex:Person ; rdfs:range ex:City .''')
>>> prop = vocabulary.properties[0]
>>> prop.labels, sorted(prop.domain), sorted(prop.range)
((('birth', 'place'),), ['Person'], ['Facility', 'Place'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import OntologyError
from kg.ontology.namespace import local_name
from kg.ontology.presets import resolve_ontology

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_KG = "https://w3id.org/kg/ns#"
_SCHEMA = ("https://schema.org/", "http://schema.org/")
#: kg's entity kinds and the kinds each one includes.
_INCLUDES: dict[str, frozenset[str]] = {
    "Place": frozenset({"Place", "Facility"}),
    "Agent": frozenset({"Person", "Organization", "Group"}),
}
#: Class names (split, lower case, singular) and the kinds they are.
_CLASS_NAMES: dict[str, str] = {
    **dict.fromkeys(("person", "human", "people", "politician", "athlete", "artist", "writer",
                     "scientist", "actor", "musician", "footballer", "player"), "Person"),
    **dict.fromkeys(("organisation", "organization", "company", "corporation", "business",
                     "agency", "institution", "university", "school", "college", "team",
                     "club", "band", "party", "political party", "government", "newspaper",
                     "airline", "broadcaster", "employer", "sports team"), "Organization"),
    **dict.fromkeys(("place", "location", "city", "country", "town", "village", "state",
                     "region", "settlement", "populated place", "area", "island", "continent",
                     "administrative region", "municipality", "county", "province", "territory",
                     "spatial thing", "geographic location"), "Place"),
    **dict.fromkeys(("building", "airport", "facility", "stadium", "venue", "road", "bridge",
                     "infrastructure", "architectural structure", "hospital", "prison"),
                    "Facility"),
    **dict.fromkeys(("event", "election", "war", "battle", "festival", "military conflict",
                     "sports event"), "Event"),
    **dict.fromkeys(("work", "creative work", "book", "film", "movie", "album", "song",
                     "novel", "artwork", "written work", "musical work", "television show",
                     "periodical"), "CreativeWork"),
    **dict.fromkeys(("language",), "Language"),
    **dict.fromkeys(("date", "time", "year", "instant", "time instant"), "Date"),
    **dict.fromkeys(("quantity", "number", "quantitative value", "amount"), "Quantity"),
    **dict.fromkeys(("law", "legislation", "treaty", "act"), "Law"),
    **dict.fromkeys(("product", "device", "vehicle", "automobile", "aircraft", "software",
                     "food"), "Product"),
    **dict.fromkeys(("ethnic group", "nationality", "religion", "group"), "Group"),
    **dict.fromkeys(("agent",), "Agent"),
}
_DATE_TYPES = frozenset({"date", "dateTime", "gYear", "gYearMonth", "time", "dateTimeStamp"})
_ANY = frozenset[str]()  # no constraint known
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_\-\s]+")
_NOT_WORD = re.compile(r"[^\w'’]+")


def split_name(name: str) -> tuple[str, ...]:
    """A label or local name as lower-case words: ``birthPlace`` → ``('birth', 'place')``.

    >>> split_name("leaderName"), split_name("isPartOf"), split_name("alma mater")
    (('leader', 'name'), ('is', 'part', 'of'), ('alma', 'mater'))
    """
    spaced = _CAMEL.sub(" ", name.strip())
    return tuple(w for w in _NOT_WORD.sub(" ", spaced).casefold().split() if w)


@dataclass(frozen=True, slots=True)
class Property:
    """One property of a vocabulary: its names, domain and range as kinds, and its parents.

    ``domain``/``range`` empty: not declared or not known (no check). ``literal``: the range is
    a datatype (``xsd:…``, ``rdfs:Literal``), so a value may be a literal.
    """

    iri: str
    label: str
    labels: tuple[tuple[str, ...], ...]
    domain: frozenset[str] = _ANY
    range: frozenset[str] = _ANY
    literal: bool = False
    class_range: bool = False  # the range is a class: a literal value does not fit
    parents: tuple[str, ...] = ()
    equivalents: tuple[str, ...] = ()
    object_property: bool = False  # an owl:ObjectProperty: its values are never literals


@dataclass(frozen=True)
class Vocabulary:
    """The properties (sorted by IRI) and the classes' kinds of one or more files."""

    properties: tuple[Property, ...]
    sources: tuple[str, ...] = ()

    @classmethod
    def load(cls, paths: tuple[str, ...] | list[str]) -> Vocabulary:
        """Read and merge ``paths`` (Turtle, RDF/XML, N-Triples, JSON-LD by extension; a
        preset's name, ``schema``, for the packaged file). kg's own properties are left
        out: they are the lexicon's, and the user's equivalents of them are kept."""
        return _load(tuple(resolve_ontology(str(p)) for p in paths))

    @classmethod
    def from_text(cls, turtle: str, source: str = "<text>") -> Vocabulary:
        from rdflib import Graph

        graph = Graph()
        _parse(graph, source, data=turtle)
        return _vocabulary(graph, (source,), source, own=False)

    @cached_property
    def _by_iri(self) -> dict[str, Property]:
        return {p.iri: p for p in self.properties}

    def get(self, iri: str) -> Property | None:
        return self._by_iri.get(iri)


def _format(path: str) -> str:
    suffix = Path(path).suffix.casefold()
    return {".owl": "xml", ".rdf": "xml", ".xml": "xml", ".nt": "nt", ".n3": "n3",
            ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig"}.get(suffix, "turtle")


def _parse(graph: Graph, source: str, data: str | None = None) -> None:
    """Parse one file (or ``data``) into ``graph``; a syntax error names file and line."""
    from xml.sax import SAXParseException

    from rdflib.plugins.parsers.notation3 import BadSyntax

    if data is None and not Path(source).is_file():
        raise OntologyError(f"{source}:1: no such ontology file")
    try:
        if data is None:
            graph.parse(source, format=_format(source))
        else:
            graph.parse(data=data, format="turtle")
    except BadSyntax as error:
        why = str(getattr(error, "_why", "syntax error"))
        text = data if data is not None else Path(source).read_text(encoding="utf-8")
        # rdflib counts past the last line for an error at the end of the file
        at = min(int(getattr(error, "lines", 0)) + 1, max(len(text.splitlines()), 1))
        raise OntologyError(f"{source}:{at}: {why}") from None
    except SAXParseException as error:
        raise OntologyError(f"{source}:{error.getLineNumber()}: {error.getMessage()}") from None
    except UnicodeDecodeError as error:
        raise OntologyError(f"{source}:1: not valid UTF-8 ({error.reason})") from None
    except Exception as error:  # rdflib's other parsers raise assorted errors
        line = re.search(r"line (\d+)", str(error))
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        raise OntologyError(f"{source}:{line.group(1) if line else 1}: {reason}") from None


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> Vocabulary:
    from rdflib import Graph

    graph = Graph()
    for path in paths:
        size = len(graph)
        _parse(graph, path)
        if len(graph) == size:
            raise OntologyError(f"{path}:1: no triples in the ontology file")
    return _vocabulary(graph, paths, ", ".join(paths), own=False)


def _texts(graph: Graph, node: Node, predicates: list[Node]) -> list[str]:
    from rdflib import Literal

    out = []
    for predicate in predicates:
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal) and (
                    value.language in (None, "") or str(value.language).startswith("en")):
                out.append(str(value))
    return sorted(set(out))


class _Kinds:
    """Classes of a graph as kinds (memoised, with cycles cut)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.memo: dict[str, frozenset[str]] = {}

    def of(self, node: Node, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        from rdflib import OWL, RDFS, URIRef
        from rdflib.namespace import SKOS

        iri = str(node)
        if iri in self.memo:
            return self.memo[iri]
        found: frozenset[str] = _ANY
        if iri.startswith(_KG):
            name = local_name(iri)
            found = _INCLUDES.get(name, frozenset({name})) if name != "Entity" else _ANY
        else:
            names = [local_name(iri)] if isinstance(node, URIRef) else []
            names += _texts(self.graph, node, [RDFS.label, SKOS.prefLabel])
            for name in names:
                words = split_name(name)
                key = " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)
                kind = _CLASS_NAMES.get(" ".join(words)) or _CLASS_NAMES.get(key)
                if kind is not None:
                    found = _INCLUDES.get(kind, frozenset({kind}))
                    break
        if not found and iri not in seen:
            for other in sorted(set(self.graph.objects(node, OWL.equivalentClass))
                                | set(self.graph.objects(node, RDFS.subClassOf)), key=str):
                if str(other).startswith(_SCHEMA) and local_name(str(other)) == "Thing":
                    continue
                found = self.of(other, seen | {iri})
                if found:
                    break
        self.memo[iri] = found
        return found


def range_shapes(vocabulary: Vocabulary) -> Graph:
    """SHACL shapes that warn when a property whose range is a class (or an
    ``owl:ObjectProperty``) has a literal value (``kg validate``)."""
    import hashlib

    from rdflib import RDF, BNode, Graph, Literal, URIRef
    from rdflib.namespace import SH

    shapes = Graph()
    for prop in vocabulary.properties:
        if not (prop.class_range or prop.object_property):
            continue
        iri = URIRef(prop.iri)
        digest = hashlib.sha1(prop.iri.encode()).hexdigest()[:12]
        shape = URIRef(f"https://w3id.org/kg/shapes#range-{local_name(prop.iri)}-{digest}")
        constraint = BNode(f"range{digest}")
        shapes.add((shape, RDF.type, SH.NodeShape))
        shapes.add((shape, SH.targetSubjectsOf, iri))
        shapes.add((shape, SH.property, constraint))
        shapes.add((constraint, SH.path, iri))
        shapes.add((constraint, SH.nodeKind, SH.BlankNodeOrIRI))
        shapes.add((constraint, SH.severity, SH.Warning))
        shapes.add((constraint, SH.message, Literal(
            f"a literal value, but the range of {prop.label!r} is a class")))
    return shapes


def vocabulary_of(graph: Graph, source: str) -> Vocabulary:
    """The vocabulary of an already parsed graph (kg's own ontology, say)."""
    return _vocabulary(graph, (source,), source)


def _vocabulary(graph: Graph, sources: tuple[str, ...], name: str, own: bool = True
                ) -> Vocabulary:
    from rdflib import OWL, RDF, RDFS, URIRef
    from rdflib.namespace import SKOS

    kinds = _Kinds(graph)
    candidates: set[Node] = set()
    for cls in (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property,
                OWL.FunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty):
        candidates.update(graph.subjects(RDF.type, cls))
    for predicate in (RDFS.domain, RDFS.range, RDFS.subPropertyOf, OWL.equivalentProperty):
        candidates.update(graph.subjects(predicate, None))
    props: list[Property] = []
    for node in sorted((n for n in candidates if isinstance(n, URIRef)), key=str):
        iri = str(node)
        if not own and iri.startswith(_KG):
            continue
        names = _texts(graph, node, [RDFS.label, SKOS.prefLabel, SKOS.altLabel,
                                     SKOS.hiddenLabel])
        labels = {split_name(n) for n in names} | {split_name(local_name(iri))}
        domain = frozenset().union(*(kinds.of(d) for d in graph.objects(node, RDFS.domain)))
        ranges = list(graph.objects(node, RDFS.range))
        literal = (node, RDF.type, OWL.DatatypeProperty) in graph or any(
            str(r).startswith(_XSD) or str(r) == _RDFS + "Literal" for r in ranges)
        range_: frozenset[str] = frozenset()
        for r in ranges:
            if str(r).startswith(_XSD):
                kind = local_name(str(r))
                if kind in _DATE_TYPES:
                    range_ |= {"Date"}
                elif kind not in ("string", "anyURI", "langString", "normalizedString"):
                    range_ |= {"Quantity"}
            else:
                range_ |= kinds.of(r)
        class_range = bool(ranges) and not literal and (
            (node, RDF.type, OWL.ObjectProperty) in graph or bool(range_))
        label = (_texts(graph, node, [RDFS.label, SKOS.prefLabel]) or
                 [" ".join(split_name(local_name(iri)))])[0]
        props.append(Property(
            iri, label, tuple(sorted(lab for lab in labels if lab)), domain, range_, literal,
            class_range,
            tuple(sorted(str(p) for p in graph.objects(node, RDFS.subPropertyOf))),
            tuple(sorted({str(p) for p in graph.objects(node, OWL.equivalentProperty)}
                         | {str(p) for p in graph.subjects(OWL.equivalentProperty, node)})),
            (node, RDF.type, OWL.ObjectProperty) in graph))
    if not props:
        raise OntologyError(f"{name}:1: no properties (owl:ObjectProperty, "
                            "owl:DatatypeProperty or rdf:Property) in the ontology")
    return Vocabulary(tuple(props), sources)
