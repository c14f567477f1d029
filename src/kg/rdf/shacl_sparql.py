"""SHACL shapes as SPARQL: each shape a few ``SELECT`` queries run on the Oxigraph store.

``translate`` reads the shapes graph into ``Check`` s; ``kg.rdf.shacl_run`` asks them of the
store and turns the rows into ``Result`` s: focus node, path, value, constraint component,
severity and message, the set pyshacl gives on the same graph (tests/test_shacl_sparql.py
compares them). Translated: the targets ``sh:targetClass`` (with subclasses), ``targetNode``,
``targetSubjectsOf``, ``targetObjectsOf``; any ``sh:path`` (as a SPARQL property path);
``sh:minCount``, ``maxCount``, ``hasValue``, ``datatype`` (ill-typed literals of the XSD
types SPARQL casts to fail), ``class`` (``rdf:type`` / ``rdfs:subClassOf*`` over the given
hierarchy), ``nodeKind``, ``in``, ``pattern`` (+ ``flags``), ``minLength``, ``maxLength``,
``min``/``maxInclusive``, ``min``/``maxExclusive``; ``sh:severity``, ``sh:message``,
``sh:deactivated``. Anything else (``sh:node``, ``sh:or``,
``sh:sparql``, ``sh:closed``, …) is not: ``translate`` says why (and kg uses pyshacl).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kg.rdf.terms import XSD, to_ox

__all__ = ["Check", "Column", "Result", "Source", "sparql_path", "translate"]

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_COUNTED = {SH.minCount, SH.maxCount, SH.hasValue}
_VALUED = (SH.datatype, SH.nodeKind, SH["in"], SH.pattern, SH.minLength, SH.maxLength,
           SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)
#: Other SHACL terms a shape may carry: read (or harmless) without changing what is checked.
_KNOWN = {*TARGETS, SH.path, SH.property, SH["class"], SH.flags, SH.severity, SH.message,
          SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue}
_KINDS = {SH.IRI: "!isIRI(?v)", SH.BlankNode: "!isBlank(?v)", SH.Literal: "!isLiteral(?v)",
          SH.BlankNodeOrIRI: "isLiteral(?v)", SH.BlankNodeOrLiteral: "isIRI(?v)",
          SH.IRIOrLiteral: "isBlank(?v)"}
_BOUNDS = {SH.minInclusive: (">=", "MinInclusive"), SH.maxInclusive: ("<=", "MaxInclusive"),
           SH.minExclusive: (">", "MinExclusive"), SH.maxExclusive: ("<", "MaxExclusive")}
#: XSD types whose lexical forms SPARQL checks by casting (an ill-typed literal fails).
_CAST = {"boolean", "integer", "decimal", "float", "double", "date", "dateTime", "time"}
_UNARY = {SH.inversePath: "^{}", SH.zeroOrMorePath: "{}*", SH.oneOrMorePath: "{}+",
          SH.zeroOrOnePath: "{}?"}
_TYPE = f"<{RDF.type}>"


class Untranslated(Exception):
    """What a shape uses that ``translate`` does not turn into SPARQL."""


@dataclass(frozen=True)
class Column:
    """One constraint of a check: its condition (true where it is violated; ``""`` in a
    check of ``query`` rows, each a violation), its component and generic message; whether
    its results give the value node (``sh:hasValue`` 's do not)."""

    condition: str
    component: str
    message: str
    valued: bool = True


@dataclass(frozen=True)
class Source:
    """Where results come from: a shape, how it is shown, its path (as shown; ``""`` for a
    node shape), its severity and its ``sh:message`` s."""

    shape: Node
    shown: str
    path: str
    severity: URIRef
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """Constraints of one shape, of one ``kind``: ``"values"``, conditions on each value node
    ``?v`` that ``pairs`` binds with its focus node ``?f`` (``pairs`` needs ``focus`` joined
    before it if ``joined``); ``"focus"``, conditions on each focus node ``?f`` that ``focus``
    binds; ``"rows"``, a ``query`` of its own whose every row (``?f``) is a violation. Checks
    of a kind on the same focus nodes are asked in one query (``run``)."""

    kind: str
    focus: str
    source: Source
    columns: tuple[Column, ...]
    pairs: str = ""
    joined: bool = False
    query: str = ""


@dataclass(frozen=True)
class Result:
    """One validation result, as pyshacl reports it (``component`` without the ``sh:``
    namespace and ``ConstraintComponent``: ``MinCount``)."""

    focus: Any
    value: Any
    component: str
    message: str
    source: Source


def _term(node: Node) -> str:
    if isinstance(node, BNode):
        raise Untranslated("a blank node as a value")
    return str(to_ox(node))


def _list(shapes: Graph, head: Node) -> list[Node]:
    return list(Collection(shapes, head))  # type: ignore[arg-type]


def sparql_path(shapes: Graph, path: Node, name: Callable[[URIRef], str]) -> str:
    """``path`` (a SHACL path in ``shapes``) as a SPARQL property path, its IRIs written by
    ``name``; a nested path is parenthesised, the outermost one is not."""
    def nested(node: Node) -> str:
        return name(node) if isinstance(node, URIRef) else f"({sparql_path(shapes, node, name)})"

    if isinstance(path, URIRef):
        return name(path)
    if not isinstance(path, BNode):
        raise Untranslated(f"the path {path!r}")
    for key, form in _UNARY.items():
        inner = shapes.value(path, key)
        if inner is not None:
            return form.format(nested(inner))
    choices = shapes.value(path, SH.alternativePath)
    if choices is not None:
        return "|".join(nested(n) for n in _list(shapes, choices))
    if shapes.value(path, RDF.first) is not None:
        return "/".join(nested(n) for n in _list(shapes, path))
    raise Untranslated("a path that is not a SHACL path")


def _one(shapes: Graph, shape: Node, prop: URIRef) -> Node | None:
    values = list(shapes.objects(shape, prop))
    if len(values) > 1:
        raise Untranslated(f"more than one sh:{prop.removeprefix(str(SH))} on one shape")
    return values[0] if values else None


def _integer(node: Node) -> int:
    if not isinstance(node, Literal) or not isinstance(node.value, int):
        raise Untranslated("a count or length that is not an integer")
    return int(node.value)


def _datatype(datatype: Node) -> str:
    """Violated unless ``?v`` is a well-typed literal of ``datatype``."""
    if not isinstance(datatype, URIRef):
        raise Untranslated("sh:datatype that is not an IRI")
    if datatype == RDFS.Literal:
        return "!isLiteral(?v)"
    typed = f"isLiteral(?v) && datatype(?v) = <{datatype}>"
    if datatype.startswith(XSD) and datatype.removeprefix(XSD) in _CAST:
        typed += f" && COALESCE(isLiteral(<{datatype}>(STR(?v))), false)"
    return f"!({typed})"


Name = Callable[[Node], str]  #: how a term is shown in a message


def _condition(shapes: Graph, shape: Node, prop: URIRef, node: Node, name: Name
               ) -> tuple[str, str, str]:
    """When ``?v`` violates ``shape prop node``: the condition, its component, its message."""
    if prop == SH.datatype:
        return _datatype(node), "Datatype", f"Value is not Literal with datatype {name(node)}"
    if prop == SH.nodeKind:
        if not isinstance(node, URIRef) or node not in _KINDS:
            raise Untranslated(f"sh:nodeKind {node}")
        return _KINDS[node], "NodeKind", f"Value is not of Node Kind {name(node)}"
    if prop == SH["in"]:
        members = _list(shapes, node)
        test = " || ".join(f"sameTerm(?v, {_term(m)})" for m in members) or "false"
        return (f"!({test})", "In",
                "Value not in list (" + ", ".join(name(m) for m in members) + ")")
    if prop == SH.hasValue:
        return f"!sameTerm(?v, {_term(node)})", "HasValue", f"Value is not {name(node)}"
    if prop == SH.pattern:
        flags = _one(shapes, shape, SH.flags)
        regex = f"REGEX(STR(?v), {_term(Literal(str(node)))}, {_term(Literal(str(flags or '')))})"
        return (f"isBlank(?v) || !COALESCE({regex}, false)", "Pattern",
                f"Value does not match pattern {str(node)!r}")
    if prop in (SH.minLength, SH.maxLength):
        n = _integer(node)
        low = prop == SH.minLength
        return (f"isBlank(?v) || STRLEN(STR(?v)) {'<' if low else '>'} {n}",
                "MinLength" if low else "MaxLength",
                f"String length not {'>=' if low else '<='} {n}")
    sign, component = _BOUNDS[prop]
    if not isinstance(node, Literal):
        raise Untranslated(f"a bound ({component}) that is not a literal")
    return (f"!COALESCE(?v {sign} {_term(node)}, false)", component,
            f"Value is not {sign} {node}")


def _focus(shapes: Graph, shape: Node, below: Callable[[URIRef], list[str]]) -> str:
    """A group pattern binding ``?f`` to each focus node of ``shape``, once."""
    parts = []
    for target in TARGETS:
        for node in sorted(shapes.objects(shape, target), key=str):
            if target == SH.targetNode:
                parts.append(f"VALUES ?f {{ {_term(node)} }}")
                continue
            if not isinstance(node, URIRef):
                raise Untranslated("a target that is not an IRI")
            if target == SH.targetClass:
                classes = below(node)
                parts.append(f"?f {_TYPE} <{classes[0]}>" if len(classes) == 1 else
                             f"?f {_TYPE} ?class . VALUES ?class {{ "
                             + " ".join(f"<{c}>" for c in classes) + " }")
            elif target == SH.targetSubjectsOf:
                parts.append(f"?f <{node}> ?object")
            else:
                parts.append(f"?subject <{node}> ?f")
    if len(parts) == 1 and parts[0].startswith(f"?f {_TYPE} <"):
        return parts[0] + " ."  # one class without subclasses: each node once
    union = " UNION ".join(f"{{ {part} }}" for part in parts)
    return f"{{ SELECT DISTINCT ?f WHERE {{ {union} }} }}"


def _checks(shapes: Graph, shape: Node, focus: str, path: Node | None, shown: str,
            below: Callable[[URIRef], list[str]], name: Name) -> Iterator[Check]:
    """The checks of one shape (a property shape if ``path``) on the nodes ``focus`` binds."""
    for prop in set(shapes.predicates(shape, None)):
        if str(prop).startswith(str(SH)) and prop not in _KNOWN and prop not in _COUNTED \
                and prop not in _VALUED:
            raise Untranslated(f"uses sh:{str(prop).removeprefix(str(SH))}")
    severity = _one(shapes, shape, SH.severity) or SH.Violation
    messages = tuple(sorted(str(m) for m in shapes.objects(shape, SH.message)))

    source = Source(shape, shown, "" if path is None else sparql_path(shapes, path, name),
                    severity, messages)  # type: ignore[arg-type]
    columns: list[Column] = []
    for prop in _VALUED + (SH["class"],) + (() if path is not None else (SH.hasValue,)):
        values = sorted(shapes.objects(shape, prop), key=str)
        if len(values) > 1 and prop != SH["class"]:
            raise Untranslated(f"more than one sh:{prop.removeprefix(str(SH))} on one shape")
        for node in values:
            if prop == SH["class"]:
                if not isinstance(node, URIRef):
                    raise Untranslated("sh:class that is not an IRI")
                classes = " ".join(f"<{c}>" for c in below(node))
                columns.append(Column(
                    f"NOT EXISTS {{ ?v {_TYPE} ?type . VALUES ?type {{ {classes} }} }}",
                    "Class", f"Value does not have class {name(node)}"))
            else:
                columns.append(Column(*_condition(shapes, shape, prop, node, name),
                                      valued=prop != SH.hasValue))
    if path is None:
        if any((shape, p, None) in shapes for p in (SH.minCount, SH.maxCount)):
            raise Untranslated("a count on a node shape")
        if columns:
            yield Check("values", focus, source, tuple(columns), f"{focus} BIND(?f AS ?v)")
        return
    if shapes.value(shape, SH.property) is not None:
        raise Untranslated("a property shape with property shapes of its own")
    step = sparql_path(shapes, path, lambda n: f"<{n}>")
    if columns:
        if isinstance(path, URIRef) or isinstance(shapes.value(path, SH.inversePath), URIRef):
            yield Check("values", focus, source, tuple(columns), f"?f {step} ?v", True)
        else:  # a node may be reached twice
            yield Check("values", focus, source, tuple(columns),
                        f"{{ SELECT DISTINCT ?f ?v WHERE {{ {focus} ?f {step} ?v }} }}")
    on_focus: list[Column] = []
    least = _one(shapes, shape, SH.minCount)
    n = 0 if least is None else _integer(least)
    if n == 1:
        on_focus.append(Column(f"NOT EXISTS {{ ?f {step} ?v }}", "MinCount",
                               "Less than 1 values"))
    elif n > 1:
        yield Check("rows", focus, source, (Column("", "MinCount", f"Less than {n} values"),),
                    query=f"SELECT ?f WHERE {{ {focus} OPTIONAL {{ ?f {step} ?v }} }} "
                    f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) < {n})")
    most = _one(shapes, shape, SH.maxCount)
    n = -1 if most is None else _integer(most)
    if n in (0, 1):
        exists = f"?f {step} ?v" + (f" . ?f {step} ?w FILTER(!sameTerm(?v, ?w))" if n else "")
        on_focus.append(Column(f"EXISTS {{ {exists} }}", "MaxCount", f"More than {n} values"))
    elif n > 1:
        yield Check("rows", focus, source, (Column("", "MaxCount", f"More than {n} values"),),
                    query=f"SELECT ?f WHERE {{ {focus} ?f {step} ?v }} GROUP BY ?f "
                    f"HAVING (COUNT(DISTINCT ?v) > {n})")
    wanted = _one(shapes, shape, SH.hasValue)
    if wanted is not None:
        on_focus.append(Column(f"NOT EXISTS {{ ?f {step} {_term(wanted)} }}", "HasValue",
                               f"Missing value {name(wanted)}", False))
    if on_focus:
        yield Check("focus", focus, source, tuple(on_focus))


def _active(shapes: Graph, shape: Node) -> bool:
    return not any(isinstance(d, Literal) and d.value is True
                   for d in shapes.objects(shape, SH.deactivated))


def translate(shapes: Graph, below: Callable[[URIRef], list[str]], name: Name
              ) -> tuple[list[Check], list[str]]:
    """The checks of every shape with targets in ``shapes`` and, if some cannot be
    translated, why not (then the checks are incomplete). ``below(C)``: ``C`` and its
    subclasses; ``name``: how a term is shown."""
    checks: list[Check] = []
    reasons: list[str] = []
    tops = {s for t in TARGETS for s in shapes.subjects(t, None)}
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        if (shape, RDF.type, RDFS.Class) in shapes:
            reasons.append(f"{name(shape)} is a class (an implicit class target)")
    if shapes.value(predicate=SH.target) is not None:
        reasons.append("a SPARQL target (sh:target)")
    for shape in sorted(tops, key=str):
        if not _active(shapes, shape):
            continue
        try:
            focus = _focus(shapes, shape, below)
            path = shapes.value(shape, SH.path)
            shown = name(shape) if isinstance(shape, URIRef) else "-"
            checks += _checks(shapes, shape, focus, path, shown, below, name)
            if path is not None:
                continue
            for prop in sorted(shapes.objects(shape, SH.property), key=str):
                if not _active(shapes, prop):
                    continue
                if shapes.value(prop, SH.path) is None:
                    raise Untranslated("a property shape without sh:path")
                checks += _checks(shapes, prop, focus, shapes.value(prop, SH.path),
                                  name(prop) if isinstance(prop, URIRef) else shown,
                                  below, name)
        except Untranslated as why:
            reasons.append(f"{name(shape)}: {why}")
    return checks, reasons
