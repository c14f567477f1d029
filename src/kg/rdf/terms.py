"""RDF terms as N-Triples strings, exactly as Oxigraph writes them.

A triple is three such strings (``Triple``): cheap to build, hash, sort and ship between
processes, and a sorted list of ``"s p o .\\n"`` lines is the canonical form of a graph
(``kg.rdf.serialize``). Every term goes through pyoxigraph, and typed literals are given in
their canonical lexical form (``0.83``, not ``0.830``), so a triple read back from a store or
a file has the same string.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, TypeAlias

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import GraphError

Triple: TypeAlias = tuple[str, str, str]

XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_DATATYPES = {bool: ox.NamedNode(XSD + "boolean"), int: ox.NamedNode(XSD + "integer")}
_DECIMAL = ox.NamedNode(XSD + "decimal")
_DATE = ox.NamedNode(XSD + "date")


@lru_cache(maxsize=200_000)
def iri(value: str) -> str:
    """``<value>``."""
    return str(ox.NamedNode(value))


def text(value: str, lang: str | None = None) -> str:
    """A plain (or language-tagged) string literal."""
    return str(ox.Literal(value, language=lang) if lang else ox.Literal(value))


@lru_cache(maxsize=4096)
def typed(value: str, datatype: str) -> str:
    """A literal of ``datatype`` (a full IRI) with the lexical form ``value`` as it is."""
    return str(ox.Literal(value, datatype=ox.NamedNode(datatype)))


@lru_cache(maxsize=4096)
def number(value: bool | int) -> str:
    """An ``xsd:boolean`` or ``xsd:integer`` literal."""
    lexical = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return str(ox.Literal(lexical, datatype=_DATATYPES[type(value)]))


@lru_cache(maxsize=4096)
def decimal(value: float, places: int = 3) -> str:
    """An ``xsd:decimal`` rounded to ``places``, canonical (``0.830`` is written ``0.83``)."""
    lexical = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return str(ox.Literal("0" if lexical in ("", "-0") else lexical, datatype=_DECIMAL))


def day(value: date) -> str:
    """An ``xsd:date`` literal."""
    return str(ox.Literal(value.isoformat(), datatype=_DATE))


def line(triple: Triple) -> str:
    """The N-Triples line of ``triple``."""
    return f"{triple[0]} {triple[1]} {triple[2]} .\n"


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise GraphError(f"cannot store RDF term {term!r}")


def from_ox(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term (plain strings without a datatype, as rdflib has)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise GraphError(f"unsupported RDF term in store: {term!r}")
