"""Every mention can be audited (issue 11, point 5), and an unresolved pronoun stays out of the
entity graph but in the RDF, marked (point 1). End to end, on the real model."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal

from kg.api.core import build_documents
from kg.api.graph import KnowledgeGraph
from kg.model import Document
from kg.ontology.namespace import KG

TEXT = ("Javier Ruiz, a lawyer for the tenants, met Ana Gómez in Madrid on Monday. "
        "\u201cI will appeal the ruling,\u201d Ruiz said. It is no surprise that the owners "
        "objected. They said nothing more.")


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return build_documents([Document("ruiz", TEXT)])


def test_mentions_export_one_json_line_per_mention(graph: KnowledgeGraph) -> None:
    rows = [json.loads(line) for line in graph.serialize("mentions").splitlines()]
    assert rows and all(set(r) == {"document", "start", "end", "text", "entity", "how",
                                   "confidence"} for r in rows)
    for r in rows:
        assert TEXT[r["start"]:r["end"]] == r["text"] and r["document"] == "ruiz"
    by_text = {(r["text"], r["start"]): r for r in rows}
    speaker = by_text[("I", TEXT.index("I will"))]
    assert speaker["how"] == "speaker" and speaker["entity"].endswith("person/javier-ruiz")
    it = by_text[("It", TEXT.index("It is"))]
    assert it["entity"] is None and it["how"] == "pronoun"  # pleonastic: refers to nothing
    ruiz = by_text[("Ruiz", TEXT.index("Ruiz said"))]
    assert ruiz["how"] == "alias" and ruiz["entity"].endswith("person/javier-ruiz")


def test_mentions_are_in_the_rdf_for_sparql(graph: KnowledgeGraph) -> None:
    rows = graph.query("""SELECT ?text ?how WHERE {
        ?m a kg:Mention ; kg:mentionText ?text ; kg:resolvedBy ?how ;
           kg:refersTo ?e . FILTER(STRENDS(STR(?e), "/person/javier-ruiz")) }""")
    found = {(str(t), str(h)) for t, h in rows}  # type: ignore[misc]
    assert {("Javier Ruiz", "name"), ("Ruiz", "alias"), ("I", "speaker")} <= found


def test_an_unresolved_pronoun_statement_is_kept_marked_and_out_of_the_tables(
        graph: KnowledgeGraph) -> None:
    g = graph.graph
    marked = list(g.subjects(KG.unresolved, Literal(True)))
    assert marked, "the statement about 'They' is kept"
    for st in marked:
        assert g.value(st, KG.subject) is None or g.value(st, KG.object) is None
        assert g.value(st, KG.subjectText) is not None
    shown = {r.iri for r in graph.statements()}
    assert not shown & {str(st) for st in marked}
    assert not any(e.label.casefold() in ("they", "it", "i") for e in graph.entities())
    assert graph.report is not None and graph.report.dropped.get("unresolved pronoun")
