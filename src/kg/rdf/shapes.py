"""The SHACL shapes kg validates with, made ready for pyshacl once per validation.

* **Flattened**: a node shape's targets are copied onto each of its property shapes, which
  then stand alone. The results are the same (SHACL reports a property shape's results with
  that property shape as ``sh:sourceShape`` either way), but pyshacl checks a stand-alone
  property shape once for all its focus nodes instead of once per node: several times faster.
* **Checked for locality**: ``local`` is true when every constraint looks at most one hop from
  its focus node (see ``kg.rdf.validate``); otherwise ``notices`` say which shape does not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node, URIRef

from kg.ontology.namespace import ontology_path
from kg.rdf.chunks import RdfTriple
from kg.rdf.iris import prefixes

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_LISTS = (SH["or"], SH["and"], SH.xone)
#: Constraints that read beyond the focus node's own triples and those of its values.
_FAR = {SH.node: "sh:node", SH.qualifiedValueShape: "sh:qualifiedValueShape",
        SH.sparql: "a SPARQL constraint", SH.target: "a SPARQL target"}


def load_shapes(path: str | os.PathLike[str] | None = None) -> Graph:
    """The shapes graph (``ontology/shapes.ttl`` unless ``path`` names another)."""
    return Graph().parse(str(path or ontology_path("shapes.ttl")), format="turtle")


def _short(names: Graph, node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        try:
            return names.namespace_manager.normalizeUri(node)
        except Exception:  # not every IRI has a prefixed form
            return f"<{node}>"
    return repr(str(node))[:60]


def _alternatives(shapes: Graph, path: Node) -> list[URIRef]:
    """The properties of ``sh:alternativePath ( p q … )`` (IRIs only), or ``[]``."""
    head = shapes.value(path, SH.alternativePath)  # type: ignore[arg-type]
    members = list(Collection(shapes, head)) if head is not None else []
    return members if members and all(isinstance(m, URIRef) for m in members) else []  # type: ignore[return-value]


def _referenced(shapes: Graph) -> set[Node]:
    """Shapes used from inside other shapes (they must keep their own properties)."""
    used: set[Node] = set()
    for prop in (SH.node, SH["not"], SH.qualifiedValueShape):
        used.update(shapes.objects(None, prop))
    for prop in _LISTS:
        for head in shapes.objects(None, prop):
            used.update(Collection(shapes, head))
    return used


def flatten(shapes: Graph) -> Graph:
    """``shapes`` with each top-level node shape's targets moved onto its property shapes."""
    out = Graph()
    for binding in shapes.namespaces():
        out.bind(*binding)
    for triple in shapes:
        out.add(triple)
    used = _referenced(shapes)
    classes = set(shapes.subjects(RDF.type, RDFS.Class)) | set(
        shapes.subjects(RDF.type, OWL.Class))
    for node in set(shapes.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        if not targets or node in used or node in classes \
                or (node, SH.deactivated, None) in shapes:
            continue
        for prop in list(shapes.objects(node, SH.property)):
            for p, o in targets:
                out.add((prop, p, o))
            out.remove((node, SH.property, prop))
    return out


def far_reaching(shapes: Graph) -> list[str]:
    """Why ``shapes`` cannot be checked chunk by chunk (nothing: they can)."""
    names = Graph()
    for prefix, namespace in prefixes().items():
        names.bind(prefix, namespace)
    reasons = []
    for prop, what in _FAR.items():
        for shape in sorted(set(shapes.subjects(prop, None)), key=str):
            reasons.append(f"{_short(names, shape)} uses {what}")
    for shape, path in sorted(shapes.subject_objects(SH.path), key=str):
        if isinstance(path, BNode) and not _alternatives(shapes, path):
            reasons.append(f"{_short(names, shape)} has a path that is not one property "
                           "(nor a choice of properties)")
    for shape in sorted(set(shapes.subjects(SH.targetObjectsOf, None)), key=str):
        members = [shape, *shapes.objects(shape, SH.property)]
        if any((m, SH["class"], None) in shapes for m in members):
            reasons.append(f"{_short(names, shape)} checks sh:class on the values of a node "
                           "met as an object")
    return reasons


@dataclass(frozen=True)
class Shapes:
    """Flattened shapes, the ontology triples each chunk gets, and whether they are local."""

    graph: Graph
    ontology: tuple[RdfTriple, ...]
    names: Graph
    local: bool
    notices: tuple[str, ...]

    @classmethod
    def prepare(cls, path: str | os.PathLike[str] | None = None,
                ontologies: tuple[str, ...] = ()) -> Shapes:
        """kg's shapes (or ``path``), with range warnings for kg's vocabulary and
        ``ontologies``, and kg's ontology for the class hierarchy."""
        from kg.enrich.lexicon import lexicon
        from kg.enrich.vocabulary import Vocabulary, range_shapes

        shacl = load_shapes(path)
        own = lexicon().vocabulary
        for vocabulary in ([own] if own is not None else []) + (
                [Vocabulary.load(ontologies)] if ontologies else []):
            shacl += range_shapes(vocabulary)
        ontology = Graph().parse(str(ontology_path("kg.ttl")), format="turtle")
        names = Graph()
        for prefix, namespace in prefixes().items():
            names.bind(prefix, namespace)
        reasons = far_reaching(shacl)
        notices = () if not reasons else (
            "not streamed: the whole graph was validated at once, in memory, because "
            + "; ".join(reasons[:3]) + ("; …" if len(reasons) > 3 else ""),)
        return cls(flatten(shacl), tuple(ontology), names, not reasons, notices)

    def check(self, data: Graph) -> tuple[bool, list[str], list[str]]:
        """Validate ``data`` (changed in place: pyshacl adds nothing without inference);
        whether it conforms, each problem's line and kind."""
        import pyshacl

        conforms, results, _ = pyshacl.validate(
            data, shacl_graph=self.graph, inference="none", inplace=True,
            abort_on_first=False, allow_warnings=True, advanced=False)
        lines, kinds = [], []
        for result in results.subjects(SH.resultSeverity, None):
            focus = results.value(result, SH.focusNode)
            path = results.value(result, SH.resultPath)
            message = results.value(result, SH.resultMessage)
            shape = results.value(result, SH.sourceShape)
            warning = "warning: " if results.value(result, SH.resultSeverity) == SH.Warning \
                else ""
            choices = _alternatives(self.graph, path) if isinstance(path, BNode) else []
            shown = "|".join(_short(self.names, c) for c in choices) if choices \
                else _short(self.names, path)
            kinds.append(warning + (f"{shown}: {message}" if message else shown))
            lines.append(f"{warning}{_short(self.names, focus)} {shown}: {message} "
                         f"(shape {_short(self.names, shape)})")
        return bool(conforms), lines, kinds
