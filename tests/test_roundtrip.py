"""Every export format parses back to the same graph; arbitrary labels survive Turtle and N-Triples."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.api.graph import KnowledgeGraph
from kg.ontology.namespace import KG
from kg.rdf import formats as export

PARSERS = {"turtle": "turtle", "nt": "nt", "nquads": "nquads", "trig": "trig",
           "jsonld": "json-ld", "xml": "xml"}


def _parse(text: str, fmt: str) -> Graph:
    if fmt in export.QUAD_FORMATS:
        ds = Dataset()
        ds.parse(data=text, format=PARSERS[fmt])
        graph = Graph()
        for s, p, o, _ in ds.quads():
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=text, format=PARSERS[fmt])


@pytest.fixture(scope="module")
def corpus_graph(corpus_build: Path) -> Graph:
    return Graph().parse(corpus_build / "graph.ttl")


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_every_format_round_trips_the_corpus_graph(corpus_graph: Graph, fmt: str) -> None:
    back = _parse(KnowledgeGraph(corpus_graph).serialize(fmt), fmt)
    assert len(back) == len(corpus_graph)
    assert isomorphic(back, corpus_graph)


# Any Unicode text except lone surrogates (not encodable in UTF-8, so not valid RDF text).
labels = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
edge_cases = st.sampled_from(['say "hi"', "back\\slash", "line\nbreak\r\n", "tab\there",
                              "שלום عليكم", "\u202ertl override", "“curly” ‘quotes’",
                              "'''", '"""', "\x00\x07\x1f", "🏳️‍🌈", ""])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=st.one_of(labels, edge_cases), lang=st.sampled_from([None, "en", "ar"]))
def test_arbitrary_labels_round_trip(label: str, lang: str | None) -> None:
    graph = Graph()
    node = URIRef("https://w3id.org/kg/id/concept/x")
    graph.add((node, RDF.type, KG.Concept))
    graph.add((node, RDFS.label, Literal(label, lang=lang)))
    graph.add((node, KG.mentionCount, Literal(1)))
    for fmt in ("turtle", "nt"):
        back = _parse(KnowledgeGraph(graph).serialize(fmt), fmt)
        assert isomorphic(back, graph), (fmt, label)
        assert str(back.value(node, RDFS.label)) == label
