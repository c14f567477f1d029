"""SHACL shapes as SPARQL (``kg.rdf.shacl_sparql``): on small graphs with a violation of every
translated constraint (and nodes that conform), the queries find exactly pyshacl's results;
shapes with something untranslated are validated by pyshacl, with a notice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.rdf.shacl_run import queries, run
from kg.rdf.shacl_sparql import sparql_path, translate
from kg.rdf.shapes import Shapes, store_subclasses, subclasses
from kg.rdf.terms import to_ox
from kg.rdf.validate import validate_store

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <urn:ex:> .
"""

SHAPES = PREFIXES + """
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:property
    [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ;
      sh:minLength 2 ; sh:maxLength 5 ] ,
    [ sh:path ex:age ; sh:maxCount 1 ; sh:datatype xsd:integer ; sh:minInclusive 0 ;
      sh:maxExclusive 150 ] ,
    [ sh:path ex:score ; sh:datatype xsd:decimal ; sh:minExclusive 0 ; sh:maxInclusive 1 ;
      sh:severity sh:Warning ] ,
    [ sh:path ex:knows ; sh:class ex:Person ; sh:nodeKind sh:IRI ] ,
    [ sh:path ex:email ; sh:minCount 2 ; sh:pattern "^[a-z]+@EX\\\\.ORG$" ; sh:flags "i" ;
      sh:message "two addresses at ex.org" ] ,
    [ sh:path ex:status ; sh:in ( "active" "retired" ) ] ,
    [ sh:path ex:alive ; sh:datatype xsd:boolean ] ,
    [ sh:path ex:born ; sh:datatype xsd:date ] ,
    [ sh:path ex:motto ; sh:datatype rdf:langString ] ,
    [ sh:path [ sh:inversePath ex:knows ] ; sh:maxCount 2 ] ,
    [ sh:path ( ex:knows ex:name ) ; sh:maxCount 2 ] ,
    [ sh:path [ sh:alternativePath ( ex:name ex:nick ) ] ; sh:maxCount 2 ] ,
    [ sh:path [ sh:oneOrMorePath ex:parent ] ; sh:nodeKind sh:BlankNodeOrIRI ] ,
    [ sh:path [ sh:zeroOrMorePath ex:parent ] ; sh:minCount 3 ; sh:severity sh:Info ] ,
    [ sh:path ex:kind ; sh:hasValue ex:Human ] ,
    [ sh:path ex:secret ; sh:maxCount 0 ] .
ex:Roots a sh:NodeShape ; sh:targetNode ex:ann, ex:ghost ; sh:class ex:Person ;
  sh:nodeKind sh:IRI ; sh:in ( ex:ann ex:bob ) .
ex:Tagged a sh:NodeShape ; sh:targetSubjectsOf ex:tag ;
  sh:property [ sh:path ex:tag ; sh:nodeKind sh:Literal ; sh:maxLength 3 ] .
ex:Known a sh:NodeShape ; sh:targetObjectsOf ex:knows ; sh:nodeKind sh:IRI ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:HumanKind a sh:NodeShape ; sh:targetObjectsOf ex:kind ; sh:hasValue ex:Human ;
  sh:pattern "human$" ; sh:flags "i" .
ex:NamedProperty a sh:PropertyShape ; sh:targetSubjectsOf ex:nick ; sh:path ex:nick ;
  sh:maxLength 4 ; sh:message "a short nick"@en .
ex:Off a sh:NodeShape ; sh:targetClass ex:Person ; sh:deactivated true ;
  sh:property [ sh:path ex:name ; sh:maxCount 0 ] .
"""

DATA = PREFIXES + """
ex:Employee rdfs:subClassOf ex:Person .
ex:ann a ex:Person ; ex:name "Ann" ; ex:age 30 ; ex:score 0.5 ; ex:knows ex:bob, ex:dan ;
  ex:email "ann@ex.org", "a@EX.ORG" ; ex:status "active" ; ex:alive true ;
  ex:born "1990-01-02"^^xsd:date ; ex:motto "carpe diem"@la ; ex:kind ex:Human ;
  ex:parent ex:bob ; ex:tag "ok" .
ex:bob a ex:Employee ; ex:name "B", "Bobby" ; ex:nick "Bobbie" ; ex:age -1, "x1"^^xsd:integer ;
  ex:score 0, 1.5 ; ex:knows ex:carl, ex:dan, "dave" ; ex:email "bob@ex.org" ;
  ex:status "gone" ; ex:alive "yes" ; ex:born "2020-13-45"^^xsd:date ;
  ex:motto "plain" ; ex:kind ex:Robot ; ex:parent "x" ; ex:tag ex:thing, "long" ;
  ex:secret "s" .
ex:carl ex:name "Carl" ; ex:knows ex:dan ; ex:kind ex:human .
ex:dan a ex:Person ; ex:name "Dan Longname" ; ex:age 150 ; ex:email "d@ex.org", "e@ex.org" ;
  ex:kind ex:Human .
"""


def _graphs(shapes: str = SHAPES, data: str = DATA) -> tuple[Graph, Graph, ox.Store]:
    store = ox.Store()
    store.load(data.encode(), format=ox.RdfFormat.TURTLE)
    return (Graph().parse(data=shapes, format="turtle"),
            Graph().parse(data=data, format="turtle"), store)


Key = tuple[str, str, str | None, str, str, str]


def _key(focus: object, path: str, value: object, component: str, severity: object,
         message: str) -> Key:
    return (str(focus), path, None if value is None else str(value), component,
            str(severity).removeprefix(str(SH)), message)


def angled(node: object) -> str:
    return f"<{node}>"


def pyshacl_keys(shapes: Graph, data: Graph, name: Callable[[Node], str] = angled
                 ) -> set[Key]:
    """pyshacl's results, paths written with ``name``; a generic message (no
    ``sh:message``) is left out ("")."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                    allow_warnings=True, advanced=False)
    keys = set()
    for result in report.subjects(SH.resultSeverity, None):
        shape = report.value(result, SH.sourceShape)
        path = shapes.value(shape, SH.path)
        value = report.value(result, SH.value)
        explicit = (shape, SH.message, None) in shapes
        keys.add(_key(to_ox(report.value(result, SH.focusNode)),
                      "" if path is None else sparql_path(shapes, path, name),
                      None if value is None else to_ox(value),
                      str(report.value(result, SH.sourceConstraintComponent)).removeprefix(
                          str(SH)).removesuffix("ConstraintComponent"),
                      report.value(result, SH.resultSeverity),
                      str(report.value(result, SH.resultMessage)) if explicit else ""))
    return keys


def sparql_keys(shapes: Graph, store: ox.Store) -> set[Key]:
    checks, reasons = translate(shapes, subclasses(store_subclasses(store)), angled)
    assert not reasons
    results = list(run(store, checks))
    keys = {_key(r.focus, r.source.path, r.value, r.component, r.source.severity,
                 r.message if (r.source.shape, SH.message, None) in shapes else "")
            for r in results}
    assert len(keys) == len(results)  # each result once
    return keys


def test_the_queries_find_what_pyshacl_finds() -> None:
    shapes, data, store = _graphs()
    expected = pyshacl_keys(shapes, data)
    assert sparql_keys(shapes, store) == expected
    components = {key[3] for key in expected}
    assert components == {"MinCount", "MaxCount", "Datatype", "Class", "NodeKind", "In",
                          "HasValue", "Pattern", "MinLength", "MaxLength", "MinInclusive",
                          "MaxExclusive", "MinExclusive", "MaxInclusive"}
    focus = {key[0] for key in expected}
    assert {k[1] for k in expected if k[0] == "<urn:ex:ann>"} == {
        "<urn:ex:knows>/<urn:ex:name>", "<urn:ex:parent>+"}  # two hops away: bob's
    assert {"<urn:ex:bob>", "<urn:ex:dan>", "<urn:ex:ghost>", "<urn:ex:Robot>",
            "<urn:ex:human>"} <= focus
    assert {key[4] for key in expected} == {"Violation", "Warning", "Info"}
    assert ("<urn:ex:bob>", "<urn:ex:email>", None, "MinCount", "Violation",
            "two addresses at ex.org") in expected
    assert ("<urn:ex:bob>", "<urn:ex:secret>", None, "MaxCount", "Violation", "") in expected
    paths = {key[1] for key in expected}
    assert {"^<urn:ex:knows>", "<urn:ex:knows>/<urn:ex:name>", "<urn:ex:parent>+",
            "<urn:ex:parent>*", "<urn:ex:name>|<urn:ex:nick>"} <= paths


def test_a_graph_that_conforms_has_no_results() -> None:
    data = PREFIXES + """ex:eve a ex:Person ; ex:name "Eve" ; ex:email "e@ex.org", "v@ex.org" ;
      ex:kind ex:Human ; ex:parent ex:p1 . ex:p1 ex:parent ex:p2 ."""
    shapes, graph, store = _graphs(SHAPES.replace("ex:ann, ex:ghost", "ex:eve").replace(
        "( ex:ann ex:bob )", "( ex:eve )"), data)
    assert sparql_keys(shapes, store) == pyshacl_keys(shapes, graph) == set()


def test_kg_shapes_on_a_small_build_find_what_pyshacl_finds() -> None:
    data = PREFIXES + """@prefix kg: <https://w3id.org/kg/ns#> .
    ex:d a kg:Document ; kg:documentId "d" ; kg:contentHash "abc" .
    ex:s a kg:Statement ; kg:relation "met" ; kg:confidence 1.5 ; kg:sourceDocument ex:d ;
      kg:sentence "x" ; kg:sentenceStart -1 ; kg:sentenceEnd 3 ; kg:extractor "t" ;
      kg:subject ex:a, ex:b ; kg:unresolved "yes" ; kg:place ex:a ; kg:time "2020-01-01" .
    ex:a kg:mentionCount 0 .
    ex:m a kg:Mention ; kg:resolvedBy "guess" ; kg:mentionText "A" ; kg:mentionStart 0 ;
      kg:mentionEnd 1 ; kg:confidence 0.5 ; kg:sourceDocument ex:d ."""
    shapes = Shapes.prepare()
    _, graph, store = _graphs(data=data)
    for sub, sup in shapes.hierarchy:
        graph.add((URIRef(sub), RDFS.subClassOf, URIRef(sup)))
    expected = {k[:5] for k in pyshacl_keys(shapes.graph, graph)}
    checks, reasons = translate(shapes.graph, subclasses(
        (*shapes.hierarchy, *store_subclasses(store))), angled)
    found = {_key(r.focus, r.source.path, r.value, r.component, r.source.severity, "")[:5]
             for r in run(store, checks)}
    assert not reasons and found == expected and len(expected) > 15



@pytest.mark.parametrize("threads", [2, 4])
def test_queries_asked_at_once_give_the_results_of_queries_asked_in_turn(threads: int) -> None:
    shapes, _, store = _graphs()
    checks, _ = translate(shapes, subclasses(store_subclasses(store)), angled)
    assert len(list(queries(checks))) > threads  # more queries than threads
    in_turn = list(run(store, checks, threads=1))
    assert len(in_turn) > 10
    assert list(run(store, checks, threads=threads)) == in_turn  # the same, in the same order

UNTRANSLATED = PREFIXES + """
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:property [ sh:path ex:knows ; sh:node ex:Named ] , [ sh:path ex:age ; sh:maxCount 1 ] .
"""


def test_untranslated_shapes_are_validated_by_pyshacl_with_a_notice(tmp_path: Path) -> None:
    shapes, data, store = _graphs(shapes=UNTRANSLATED)
    checks, reasons = translate(shapes, subclasses([]), angled)
    assert reasons == ["<urn:ex:PersonShape>: uses sh:node"] and checks == []
    path = tmp_path / "shapes.ttl"
    path.write_text(UNTRANSLATED, encoding="utf-8")
    prepared = Shapes.prepare(path)
    results, notices = prepared.results(store)
    found = {(str(r.focus), r.source.path, r.component) for r in results}
    expected = {(k[0], k[1], k[3]) for k in pyshacl_keys(shapes, data, prepared.name)}
    assert found == expected
    assert {("<urn:ex:bob>", "ex:age", "MaxCount"), ("<urn:ex:bob>", "ex:knows", "Node")} \
        <= found
    assert len(notices) == 1 and "validated by pyshacl" in notices[0]
    assert "because ex:PersonShape: uses sh:node" in notices[0]
    report = validate_store(store, path)
    assert not report.conforms and report.notices == notices
    assert len(report.problems) == len(found) and "ex:age: More than 1 values" in "\n".join(
        report.counts)


@pytest.mark.parametrize("extra, reason", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:or ( ex:A ex:B ) .", "sh:or"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:Person ; "
     "sh:property [ sh:path ex:name ; sh:uniqueLang true ] .", "sh:uniqueLang"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:Person ; "
     "sh:property [ sh:path ex:name ; sh:in ( [ ] ) ] .", "a blank node as a value"),
    ("ex:S a sh:NodeShape, rdfs:Class ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
     "implicit class target"),
])
def test_what_is_not_translated_is_named(extra: str, reason: str) -> None:
    shapes = Graph().parse(data=PREFIXES + extra, format="turtle")
    _, reasons = translate(shapes, subclasses([]), angled)
    assert len(reasons) == 1 and reason in reasons[0]
