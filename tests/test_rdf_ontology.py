"""The corpus graph under the ontology: declared terms, normalised relations, PROV, quotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.namespace import PROV

from kg.api.graph import KnowledgeGraph
from kg.cli import main
from kg.model import Document
from kg.ontology.namespace import KG, ontology_dir, ontology_path

KGNS = str(KG._NS)


@pytest.fixture(scope="module")
def graph(corpus_build: Path) -> Graph:
    return Graph().parse(corpus_build / "graph.ttl")


def test_every_kg_term_the_graph_uses_is_declared(graph: Graph) -> None:
    ontology = Graph().parse(ontology_path("kg.ttl"))
    declared = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(KGNS)}
    used = {t for triple in graph for t in triple
            if isinstance(t, URIRef) and str(t).startswith(KGNS)}
    assert used, "the graph uses no kg: terms"
    assert sorted(used - declared) == []


def test_at_least_half_the_statements_are_normalised(graph: Graph) -> None:
    statements = set(graph.subjects(RDF.type, KG.Statement))
    normalised = {s for s in statements if (s, KG.predicate, None) in graph}
    assert len(normalised) / len(statements) >= 0.5


def test_who_did_what_to_whom_is_one_triple_pattern(graph: Graph) -> None:
    rows = graph.query("""
        SELECT ?who WHERE { ?actor kg:ordered ?what ; rdfs:label ?who }""",
        initNs={"kg": KG._NS})
    assert rows and all(isinstance(r[0].toPython(), str) for r in rows)
    # the direct triple agrees with the statement node that carries it
    for actor, prop, _ in graph.triples((None, KG.arrested, None)):
        assert any((st, KG.actor, actor) in graph for st in graph.subjects(KG.predicate, prop))


def test_every_statement_has_prov(graph: Graph) -> None:
    for st in graph.subjects(RDF.type, KG.Statement):
        doc = graph.value(st, KG.sourceDocument)
        assert (st, PROV.wasDerivedFrom, doc) in graph
        agent = graph.value(st, PROV.wasAttributedTo)
        assert (agent, RDF.type, PROV.SoftwareAgent) in graph
        activity = graph.value(st, PROV.wasGeneratedBy)
        assert (activity, PROV.wasAssociatedWith, agent) in graph


def test_quotes_have_speakers_and_go_to_their_document_graph(graph: Graph,
                                                             corpus_dir: Path) -> None:
    quotes = set(graph.subjects(RDF.type, KG.Quote))
    assert len(quotes) >= 5
    texts = {p.stem.replace("_", "-").lower(): p.read_text(encoding="utf-8")
             for p in corpus_dir.glob("*.txt")}
    dataset = Dataset()
    dataset.parse(data=KnowledgeGraph(graph).serialize("nquads"), format="nquads")
    for q in quotes:
        doc = graph.value(q, KG.sourceDocument)
        text = texts[str(graph.value(doc, KG.documentId))]
        start, end = (int(graph.value(q, p)) for p in (KG.quoteStart, KG.quoteEnd))
        assert text[start:end] == str(graph.value(q, KG.quoteText))
        assert graph.value(q, KG.speaker) is not None
        assert (q, KG.quoteText, None) in dataset.graph(URIRef(f"{doc}#graph"))


def test_statements_carry_time_text_and_places(graph: Graph) -> None:
    assert len(set(graph.subjects(KG.timeText, None))) >= 10
    for place in graph.objects(None, KG.place):
        assert {KG.Place, KG.Facility} & set(graph.objects(place, RDF.type))


@pytest.mark.parametrize(("name", "column", "expected"), [
    ("actions-against", "action", {"arrested", "ordered deportation"}),
    ("quotes-by", "speaker", {"Mahmoud Khalil"}),
    ("legal-team", "member", {"ACLU", "Center for Constitutional Rights"}),
])
def test_saved_ontology_queries_answer_on_the_corpus(corpus_build: Path, name: str, column: str,
                                                     expected: set[str]) -> None:
    query = ontology_dir() / "queries" / f"{name}.rq"
    result = CliRunner().invoke(main, ["query", str(corpus_build / "graph.ttl"), str(query),
                                       "--format", "csv", "--bind", "name=Mahmoud Khalil"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    index = lines[0].split(",").index(column)
    values = {line.split(",")[index] for line in lines[1:]}
    assert expected <= values


def test_a_document_date_resolves_statement_dates() -> None:
    from kg.api.core import build_documents

    text = "Police arrested Leila Haddad on Sunday in Dover."
    graph = build_documents([Document("n", text, date="2025-04-09")]).graph
    days = {str(d) for d in graph.objects(None, KG.time)}
    assert days == {"2025-04-06"}
    actors = {str(graph.value(a, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
              for a, _ in graph.subject_objects(KG.arrested)}
    assert actors == {"Police"}
