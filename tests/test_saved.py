"""Saved SPARQL queries and --bind parameters, on a small hand-written graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import kg
from kg.errors import ConfigError, QueryError
from kg.query.saved import (
    SavedQuery,
    format_saved_list,
    list_saved,
    load_saved,
    parse_binding,
    parse_bindings,
    parse_term,
    queries_dir,
)

STORY = Path(__file__).parent / "data" / "explore_story.ttl"
ID = "https://w3id.org/kg/id/"
NAMES = ["co-occurring", "entity-profile", "quotes-by-person", "timeline", "who-did-what"]
NASTY = 'x" } DROP ALL {'


@pytest.fixture()
def story() -> kg.KnowledgeGraph:
    return kg.load(STORY)


def run(graph: kg.KnowledgeGraph, query_name: str, /, **binds: str) -> list[dict[str, str]]:
    query = load_saved(query_name)
    bindings = parse_bindings([f"{k}={v}" for k, v in binds.items()], query.text)
    result = graph.query(query.text, bindings)
    names = [str(v) for v in result.vars or []]
    return [{n: ("" if row[i] is None else str(row[i])) for i, n in enumerate(names)}  # type: ignore[index]
            for row in result]


def test_saved_queries_are_listed_with_descriptions() -> None:
    queries = list_saved()
    names = [q.name for q in queries]
    assert names == sorted(names) and set(NAMES) <= set(names)  # others may ship more
    assert all(q.description and not q.description.startswith("#") for q in queries)
    assert queries_dir().joinpath("timeline.rq").is_file()
    listing = format_saved_list(queries)
    first = listing.splitlines()[0].split(None, 1)
    assert first == [queries[0].name, queries[0].description]
    assert "--bind name=…" in listing
    assert load_saved("entity-profile").parameters.keys() == {"name", "entity"}


def test_load_saved_by_name_or_file_name_and_unknown() -> None:
    assert load_saved("timeline.rq").name == "timeline"
    with pytest.raises(ConfigError) as error:
        load_saved("timelines")
    message = str(error.value)
    assert message.startswith("unknown saved query 'timelines'; choose one of: ")
    assert message.split(": ", 1)[1].split(", ") == [q.name for q in list_saved()]


def test_parse_term_iri_or_literal() -> None:
    assert parse_term("<https://w3id.org/kg/id/x>") == URIRef("https://w3id.org/kg/id/x")
    assert parse_term("http://example.org/a") == URIRef("http://example.org/a")
    assert parse_term("https://example.org/a b") == Literal("https://example.org/a b")
    assert parse_term("<not an iri>") == Literal("<not an iri>")
    assert parse_term("Ada Brook") == Literal("Ada Brook")
    term = parse_term(NASTY)
    assert isinstance(term, Literal) and str(term) == NASTY


def test_parse_binding_syntax() -> None:
    assert parse_binding("?name=a=b") == ("name", Literal("a=b"))
    assert parse_binding("name=") == ("name", Literal(""))
    for bad in ("name", "=x", "1x=2", "na me=x"):
        with pytest.raises(QueryError, match="var=value"):
            parse_binding(bad)
    with pytest.raises(QueryError, match="bound twice"):
        parse_bindings(["a=1", "a=2"])


def test_binding_an_unknown_variable_lists_the_query_variables() -> None:
    query = "SELECT ?who WHERE { ?who ?p ?o }"
    with pytest.raises(QueryError, match=r"no variable \?whom; its variables: \?who, \?p, \?o"):
        parse_bindings(["whom=x"], query)
    assert SavedQuery("q", "", "# ?hidden in a comment\nSELECT $a WHERE {}").variables == ["a"]


def test_every_saved_query_runs_on_the_story(story: kg.KnowledgeGraph) -> None:
    for name in NAMES:
        assert run(story, name), name
    for query in list_saved():  # including any other saved query: it must at least run
        story.query(query.text)


def test_entity_profile(story: kg.KnowledgeGraph) -> None:
    rows = run(story, "entity-profile", name="BROOK")  # an alias, any case
    assert {r["entity"] for r in rows} == {ID + "person/ada-brook"}
    assert rows[0]["type"] == "Person" and rows[0]["mentions"] == "4"
    assert rows[0]["aliases"] == "Brook"
    got = {(r["role"], r["relation"], r["other"]) for r in rows}
    assert ("subject", "chairs", "River Council") in got
    assert ("subject", "said", "the budget is fixed") in got
    assert ("object", "criticised", "Tom Vale") in got
    by_iri = run(story, "entity-profile", entity=f"<{ID}place/eastport>")
    assert [(r["label"], r["relation"]) for r in by_iri] == [("Eastport", "")]


def test_who_did_what(story: kg.KnowledgeGraph) -> None:
    rows = run(story, "who-did-what", name="tom vale")
    assert [(r["who"], r["did"], r["what"]) for r in rows] == [
        ("Tom Vale", "criticised", "Ada Brook"),
        ("Tom Vale", "criticised", "River Council"),
        ("Tom Vale", "sued", "River Council"),
    ]
    # subjects that are noun phrases or places are not actors
    assert "director of Millford Library" not in {r["who"] for r in run(story, "who-did-what")}


def test_quotes_from_speech_statements_then_from_quote_nodes(story: kg.KnowledgeGraph) -> None:
    rows = run(story, "quotes-by-person")
    assert [(r["speaker"], r["quote"], r["source"]) for r in rows] == [
        ("Ada Brook", "the budget is fixed", "d1")]
    from rdflib import RDF

    kgns = "https://w3id.org/kg/ns#"
    quote = URIRef(ID + "quote/q1")
    g = story.graph
    g.add((quote, RDF.type, URIRef(kgns + "Quote")))
    g.add((quote, URIRef(kgns + "speaker"), URIRef(ID + "person/tom-vale")))
    g.add((quote, URIRef(kgns + "quoteText"), Literal("We will not stop.")))
    g.add((quote, URIRef(kgns + "sourceDocument"), URIRef(ID + "document/d3")))
    rows = run(story, "quotes-by-person")
    assert [(r["speaker"], r["quote"], r["source"]) for r in rows] == [
        ("Tom Vale", "We will not stop.", "d3")]
    assert run(story, "quotes-by-person", name="Ada Brook") == []


def test_timeline_orders_by_time(story: kg.KnowledgeGraph) -> None:
    rows = run(story, "timeline")
    whens = [(r["when"], r["time_text"], r["relation"]) for r in rows]
    # kg:time beats the document's date; a Date object gives the time text
    assert whens[0] == ("", "May", "joined in")  # no calendar date: unbound sorts first
    assert ("2024-05-01", "", "chairs") in whens
    assert ("2024-05-02", "on Thursday", "met in") in whens
    assert [w for w, _, _ in whens if w] == sorted(w for w, _, _ in whens if w)
    assert all(r["source"] != "d3" for r in rows)  # d3 has no date and no time
    assert {r["relation"] for r in run(story, "timeline", name="Millford")} == {"met in"}


def test_co_occurring(story: kg.KnowledgeGraph) -> None:
    rows = run(story, "co-occurring")
    pairs = {frozenset((r["a"], r["b"])): r["sentences"] for r in rows}
    assert pairs[frozenset(("Ada Brook", "River Council"))] == "2"  # sentences in d1 and d2
    assert pairs[frozenset(("Tom Vale", "Ada Brook"))] == "1"
    assert not any("director of Millford Library" in p for p in pairs)  # a noun phrase
    assert all(r["a"] != "May" and r["b"] != "May" for r in rows)  # dates left out
    assert [{r["a"], r["b"]} for r in run(story, "co-occurring", name="ian kent")] == [
        {"Ian Kent", "Iris Kent"}]


def test_injection_is_bound_as_a_literal_and_harmless(story: kg.KnowledgeGraph) -> None:
    before = len(story.graph)
    for name in NAMES:
        query = load_saved(name)
        if "name" in query.variables:
            assert run(story, name, name=NASTY) == [], name
    assert len(story.graph) == before
    assert run(story, "who-did-what")  # the graph still answers


def test_query_df(story: kg.KnowledgeGraph) -> None:
    df = story.query_df(load_saved("entity-profile").text,
                        {"name": Literal("river council")})
    assert list(df.columns)[:4] == ["entity", "label", "type", "mentions"]
    assert set(df["label"]) == {"River Council"}
    assert df["mentions"].iloc[0] == 3  # a Python int, not a Literal
    assert df["aliases"].iloc[0] == "the Council"
    with pytest.raises(QueryError, match="SELECT"):
        story.query_df("ASK { ?s ?p ?o }")


def test_quotes_include_reported_speech(story: kg.KnowledgeGraph) -> None:
    # "Iris Kent said that Tom Vale sued the Council": the statement is attributed to her
    story.graph.add((URIRef(ID + "statement/s5"), URIRef("https://w3id.org/kg/ns#attributedTo"),
                     URIRef(ID + "person/iris-kent")))
    rows = run(story, "quotes-by-person")
    assert [(r["speaker"], r["kind"], r["quote"]) for r in rows] == [
        ("Iris Kent", "reported", "Tom Vale sued River Council")]
