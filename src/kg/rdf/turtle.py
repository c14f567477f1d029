"""A fast, deterministic Turtle writer.

Triples are handled as N-Triples term strings (``<iri>``, ``"text"@en``,
``"3"^^<http://www.w3.org/2001/XMLSchema#integer>``, ``_:b1``), which are cheap to build,
hash, sort and ship between processes. ``write_turtle`` groups them by subject (``;``) and
predicate (``,``), sorts subjects, predicates (``rdf:type`` first, as ``a``) and objects by
their N-Triples form, abbreviates IRIs with the prefixes in use, and writes integers,
decimals and booleans bare. The same triples always give the same bytes.

>>> print(write_turtle([("<http://example.org/x>", "<http://example.org/p>", '"hi"@en')],
...                    {"ex": "http://example.org/"}), end="")
@prefix ex: <http://example.org/> .
<BLANKLINE>
ex:x ex:p "hi"@en .
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import BNode, Literal

NTriple = tuple[str, str, str]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_INTEGER = f"^^<{XSD}integer>"
_DECIMAL = f"^^<{XSD}decimal>"
_BOOLEAN = f"^^<{XSD}boolean>"
_BARE_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_BARE_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")
# A conservative PN_LOCAL: anything else is written as a full <IRI>.
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_BNODE = re.compile(r"[A-Za-z0-9_]+\Z")
_LANG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*\Z")

_STRING_ESCAPES = {i: f"\\u{i:04X}" for i in range(0x20)} | {
    0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
    0x22: '\\"', 0x5C: "\\\\", 0x7F: "\\u007F"}
_IRI_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x21), *map(ord, '<>"{}|^`\\')]}


def literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
    """The N-Triples form of a literal (``datatype`` a full IRI, ``None`` for a plain one)."""
    text = '"' + lexical.translate(_STRING_ESCAPES) + '"'
    if lang:
        return f"{text}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{text}^^<{datatype.translate(_IRI_ESCAPES)}>"
    return text


def iri(value: str) -> str:
    """The N-Triples form of an IRI."""
    return "<" + value.translate(_IRI_ESCAPES) + ">"


def term(node: Any) -> str:
    """The N-Triples form of an rdflib term (IRI, literal or blank node)."""
    if isinstance(node, Literal):
        lang = node.language
        if lang and not _LANG.match(lang):
            raise ValueError(f"invalid language tag {lang!r}")
        return literal(str(node), None if node.datatype is None else str(node.datatype), lang)
    if isinstance(node, BNode):
        label = str(node)
        return "_:" + (label if _BNODE.match(label) else "x" + label.encode().hex())
    return iri(str(node))


def graph_triples(graph: Any) -> list[NTriple]:
    """Every triple of an rdflib graph as N-Triples term strings."""
    cache: dict[Any, str] = {}

    def get(node: Any) -> str:
        found = cache.get(node)
        if found is None:
            found = cache[node] = term(node)
        return found

    return [(get(s), get(p), term(o)) for s, p, o in graph]


def _compact(node: str, prefixes: list[tuple[str, str]], used: set[str],
             cache: dict[str, str]) -> str:
    """An IRI term as a prefixed name when one fits, a literal with bare or short forms."""
    found = cache.get(node)
    if found is not None:
        return found
    out = node
    if node[0] == "<":
        value = node[1:-1]
        for prefix, ns in prefixes:
            if value.startswith(ns) and _LOCAL.match(value, len(ns)):
                out = f"{prefix}:{value[len(ns):]}"
                used.add(prefix)
                break
    elif node[0] == '"':
        end = node.rfind('"')
        tail = node[end + 1:]
        if tail.startswith("^^"):
            lexical = node[1:end]
            if (tail == _INTEGER and _BARE_INTEGER.match(lexical)) or (
                    tail == _DECIMAL and _BARE_DECIMAL.match(lexical)) or (
                    tail == _BOOLEAN and lexical in ("true", "false")):
                out = lexical
            else:
                out = node[:end + 1] + "^^" + _compact(tail[2:], prefixes, used, cache)
    cache[node] = out
    return out


class TurtleWriter:
    """Writes triples as Turtle bodies (no ``@prefix`` lines) under one set of prefixes, and
    remembers which prefixes the bodies used, for ``header``.

    Bodies written apart may be joined with a blank line into one document (``kg.rdf.light``
    caches one body per source document).
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = dict(prefixes)
        # longest namespace first, so the most specific prefix wins
        self._ordered = sorted(self.prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: set[str] = set()
        self._cache: dict[str, str] = {RDF_TYPE: "a"}

    def term(self, node: str) -> str:
        """``node`` (an N-Triples term) as written in a body."""
        if len(self._cache) > 200_000:
            self._cache = {RDF_TYPE: "a"}
        return _compact(node, self._ordered, self.used, self._cache)

    def body(self, triples: Iterable[NTriple]) -> str:
        """``triples`` (duplicates allowed) grouped by subject, subjects sorted."""
        by_subject: dict[str, list[tuple[str, str]]] = {}
        for s, p, o in triples:
            pairs = by_subject.get(s)
            if pairs is None:
                by_subject[s] = [(p, o)]
            else:
                pairs.append((p, o))
        compact = self.term
        body: list[str] = []
        for s in sorted(by_subject):
            pairs = sorted(set(by_subject[s]), key=lambda po: (po[0] != RDF_TYPE, po))
            lines: list[str] = []
            last_p = None
            for p, o in pairs:
                obj = compact(o)
                if p == last_p:
                    lines[-1] += " ,\n        " + obj
                else:
                    lines.append(f"{compact(p)} {obj}")
                    last_p = p
            body.append(compact(s) + " " + " ;\n    ".join(lines) + " .\n")
        return "\n".join(body)

    def header(self, used: Iterable[str] | None = None) -> str:
        """``@prefix`` lines for the prefixes in ``used`` (default: every one used so far)."""
        names = sorted(self.used if used is None else set(used))
        return "".join(f"@prefix {name}: <{self.prefixes[name]}> .\n" for name in names)


def join_turtle(header: str, bodies: Iterable[str]) -> str:
    """One Turtle document from a header and bodies (empty bodies are left out)."""
    parts = [body for body in bodies if body]
    if header and parts:
        parts.insert(0, header)
    elif header:
        return header
    return "\n".join(parts)


def write_turtle(triples: Iterable[NTriple], prefixes: Mapping[str, str]) -> str:
    """``triples`` (N-Triples term strings; duplicates allowed) as sorted, grouped Turtle.

    Only the ``prefixes`` (``{prefix: namespace}``) some IRI uses are declared.
    """
    writer = TurtleWriter(prefixes)
    body = writer.body(triples)
    return join_turtle(writer.header(), [body])


def write_ntriples(triples: Iterable[NTriple]) -> str:
    """``triples`` as N-Triples, one per line, sorted and without duplicates."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in sorted(set(triples)))
