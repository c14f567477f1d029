"""The networkx bridge, statistics, paths and GraphML/GEXF export, on a small hand-written graph."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.analysis.network import (
    find_entity,
    find_paths,
    format_path,
    format_stats,
    graph_stats,
    iframe_html,
    network_text,
    to_networkx,
)
from kg.errors import AmbiguousEntityError, EntityNotFoundError, KGError

STORY = Path(__file__).parent / "data" / "explore_story.ttl"
ID = "https://w3id.org/kg/id/"


@pytest.fixture(scope="module")
def story() -> kg.KnowledgeGraph:
    return kg.load(STORY)


def test_to_networkx_nodes_edges_and_attributes(story: kg.KnowledgeGraph) -> None:
    g = kg.to_networkx(story)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == 11  # every entity, even isolated ones (Eastport)
    # 9 statements, one with a value object ("the budget is fixed") → 8 edges
    assert g.number_of_edges() == 8
    ada = g.nodes[ID + "person/ada-brook"]
    assert ada == {"label": "Ada Brook", "type": "Person", "aliases": ("Brook",), "mentions": 4}
    edge = g.edges[ID + "person/ada-brook", ID + "organization/river-council", ID + "statement/s1"]
    assert edge["relation"] == "chairs"
    assert edge["sentence"] == "Ada Brook chairs the River Council."
    assert edge["source"] == "d1"
    assert edge["confidence"] == pytest.approx(0.9)
    assert edge["statement"] == ID + "statement/s1"
    # two statements between the same pair stay two parallel edges
    assert g.number_of_edges(ID + "person/tom-vale", ID + "organization/river-council") == 2


def test_phrase_links_connect_noun_phrases_to_names_they_contain(story: kg.KnowledgeGraph) -> None:
    g = to_networkx(story, phrase_links=True)
    phrase = ID + "concept/director-of-millford-library"
    targets = {v for _, v, kind in g.out_edges(phrase, data="kind") if kind == "phrase"}
    assert targets == {ID + "organization/millford-library", ID + "place/millford"}
    data = next(iter(g.get_edge_data(phrase, ID + "place/millford").values()))
    assert data["relation"] == "contains"
    assert data["sentence"] == "Ada Brook was named director of Millford Library."
    # without the option there are statement edges only
    assert {k for *_, k in to_networkx(story).edges(data="kind")} == {"statement"}


def test_graph_stats(story: kg.KnowledgeGraph) -> None:
    stats = graph_stats(story, top=3)
    assert stats["entities"] == 11 and stats["statements"] == 9 and stats["entity_links"] == 8
    assert stats["types"]["Person"] == 4
    assert stats["relations"] == {"criticised": 2, "chairs": 1, "joined in": 1}
    assert [r["label"] for r in stats["top_degree"]] == ["Ada Brook", "River Council", "Tom Vale"]
    assert stats["top_degree"][0]["value"] == 4
    assert stats["top_pagerank"][0]["label"] == "Ada Brook"
    assert stats["components"] == {"count": 5, "isolated": 3, "largest": [6, 2, 1]}
    groups = [set(c["members"]) for c in stats["communities"]["largest"]]
    assert {"Ian Kent", "Iris Kent"} in groups  # the Kents only know each other
    assert graph_stats(story, top=3) == stats  # Louvain with a seed: reproducible
    text = format_stats(stats)
    assert "components   5 weakly connected (3 isolated)" in text
    assert "Ada Brook" in text and "criticised" in text


def test_graph_stats_of_an_empty_graph() -> None:
    from rdflib import Graph

    stats = graph_stats(kg.KnowledgeGraph(Graph()))
    assert stats["entities"] == 0 and stats["communities"]["count"] == 0
    assert "entities     0" in format_stats(stats)


def test_find_entity_by_label_alias_and_iri(story: kg.KnowledgeGraph) -> None:
    g = to_networkx(story)
    assert find_entity(g, "  ada   BROOK ") == ID + "person/ada-brook"
    assert find_entity(g, "the council") == ID + "organization/river-council"  # alias
    assert find_entity(g, ID + "place/eastport") == ID + "place/eastport"
    # the Person wins over a noun phrase that reads the same
    assert find_entity(g, "Tom Vale") == ID + "person/tom-vale"


def test_find_entity_errors_list_candidates(story: kg.KnowledgeGraph) -> None:
    g = to_networkx(story)
    with pytest.raises(AmbiguousEntityError) as ambiguous:
        find_entity(g, "kent")
    message = str(ambiguous.value)
    assert "\n" not in message
    assert "Ian Kent (Person, " + ID + "person/ian-kent)" in message and "Iris Kent" in message
    with pytest.raises(EntityNotFoundError, match=r"no entity named 'Ada Brok'.*Ada Brook"):
        find_entity(g, "Ada Brok")
    with pytest.raises(EntityNotFoundError) as missing:
        find_entity(g, "Zanzibar")
    assert str(missing.value) == "no entity named 'Zanzibar'"
    assert isinstance(missing.value, KGError)


def test_find_paths_follows_statements_in_either_direction(story: kg.KnowledgeGraph) -> None:
    paths = find_paths(story, "Millford", "Tom Vale", max_paths=1)
    assert len(paths) == 1
    hops = paths[0]
    assert [(h.subject, h.relation, h.object) for h in hops] == [
        ("River Council", "met in", "Millford"),
        ("Tom Vale", "criticised", "River Council"),
    ]
    assert hops[1].alternatives == 1  # "sued" links the same two entities
    assert hops[1].sentence == "Tom Vale criticised the River Council and Ada Brook."


def test_find_paths_prefers_statements_then_phrases(story: kg.KnowledgeGraph) -> None:
    paths = find_paths(story, "Ada Brook", "Millford", max_paths=3)
    assert [h.relation for h in paths[0]] == ["chairs", "met in"]
    assert [h.kind for h in paths[1]] == ["statement", "phrase"]
    assert len(paths) == 3
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)
    # a name only inside a noun phrase is reached through the phrase
    [only] = find_paths(story, "Ada Brook", "Millford Library", max_paths=1)
    assert [(h.relation, h.object) for h in only] == [
        ("was named", "director of Millford Library"), ("contains", "Millford Library")]
    assert find_paths(story, "Ada Brook", "Millford Library", phrase_links=False) == []


def test_find_paths_unconnected_and_same(story: kg.KnowledgeGraph) -> None:
    assert find_paths(story, "Ada Brook", "Eastport") == []
    assert find_paths(story, "Iris Kent", "Ada Brook") == []
    with pytest.raises(KGError, match="same entity"):
        find_paths(story, "Ada Brook", "brook")


def test_format_path_prints_each_statement_with_its_sentence(story: kg.KnowledgeGraph) -> None:
    [path] = find_paths(story, "Ada Brook", "Millford", max_paths=1)
    assert format_path(path, 1) == (
        "path 1: 2 steps\n"
        "  1. Ada Brook —chairs→ River Council\n"
        "     [d1] Ada Brook chairs the River Council.\n"
        "  2. River Council —met in→ Millford\n"
        "     [d1] The Council met in Millford on Thursday."
    )


def test_graphml_round_trip_and_determinism(story: kg.KnowledgeGraph, tmp_path: Path) -> None:
    text = network_text(story, "graphml")
    assert text == network_text(kg.load(STORY), "graphml")
    assert 'attr.type="string"' in text and 'attr.type="double"' not in text
    path = tmp_path / "g.graphml"
    story.save(path)  # the format follows the extension
    assert path.read_text(encoding="utf-8") == text
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == 11 and back.number_of_edges() == 8
    assert back.nodes[ID + "person/ada-brook"]["aliases"] == "Brook"
    assert back.nodes[ID + "person/ada-brook"]["mentions"] == "4"
    edges = {d["statement"]: d for *_, d in back.edges(data=True)}
    assert edges[ID + "statement/s1"]["confidence"] == "0.900"


def test_gexf_is_reproducible_and_readable(story: kg.KnowledgeGraph, tmp_path: Path) -> None:
    text = story.serialize("gexf")
    assert "lastmodifieddate" not in text
    assert text == network_text(kg.load(STORY), "gexf")
    (tmp_path / "g.gexf").write_text(text, encoding="utf-8")
    back = nx.read_gexf(tmp_path / "g.gexf")
    assert back.number_of_nodes() == 11
    assert {d["relation"] for *_, d in back.edges(data=True)} >= {"chairs", "met in", "sued"}


def test_network_text_rejects_unknown_format(story: kg.KnowledgeGraph) -> None:
    with pytest.raises(KGError, match="graphml"):
        network_text(story, "dot")


def test_iframe_html_escapes_the_page() -> None:
    page = '<html><body><script>alert("x & y")</script></body></html>'
    frame = iframe_html(page, height=300)
    assert frame.startswith('<div class="kg-graph"><iframe srcdoc="&lt;html&gt;')
    assert frame.endswith("></iframe></div>")
    assert "&quot;x &amp; y&quot;" in frame and "<script>" not in frame
    assert "height:300px" in frame


def test_phrase_links_also_follow_aliases() -> None:
    from rdflib import RDF, RDFS, Literal, URIRef

    from kg.ontology.namespace import KG

    graph = kg.load(STORY)
    letter = URIRef(ID + "concept/letter-from-brook")
    graph.graph.add((letter, RDF.type, KG.Concept))
    graph.graph.add((letter, RDFS.label, Literal("letter from Brook")))
    graph.graph.add((letter, KG.mentionCount, Literal(1)))
    g = to_networkx(graph, phrase_links=True)
    assert g.has_edge(str(letter), ID + "person/ada-brook")  # "Brook" is Ada Brook's alias
    assert not g.has_edge(str(letter), ID + "place/millford")
