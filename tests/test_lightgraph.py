"""The rdflib-free build path: per-document Turtle bodies joined, merged entities rewritten."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import XSD, Graph, Literal
from rdflib.compare import isomorphic

from kg.api.core import build
from kg.rdf.light import _replace_object
from kg.rdf.turtle import TurtleWriter, iri


def _canonical(graph: Graph) -> Graph:
    """``graph`` with decimals in canonical form (Oxigraph canonicalises ``0.850`` to ``0.85``)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(str(Decimal(str(o)).normalize()), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_replace_object_is_exact_at_term_boundaries() -> None:
    writer = TurtleWriter({"ex": "http://example.org/"})
    old, longer, new = (iri(f"https://w3id.org/kg/id/person/{n}") for n in
                        ("khalil", "khalil-family", "mahmoud-khalil"))
    body = writer.body([
        ("<http://example.org/s1>", "<http://example.org/p>", old),
        ("<http://example.org/s1>", "<http://example.org/q>", longer),
        ("<http://example.org/s2>", "<http://example.org/p>", old),
        ("<http://example.org/s2>", "<http://example.org/p>", '"see ' + old[1:-1] + '"'),
    ])
    out = _replace_object(body.encode(), writer.term(old).encode(),
                          writer.term(new).encode()).decode()
    assert out.count(new) == 2 and old not in out.replace('"see ' + old[1:-1], "")
    assert longer in out and '"see https://w3id.org/kg/id/person/khalil"' in out


def test_light_build_equals_store_build_on_the_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    light = build([corpus_dir])
    assert light.report is not None and light.report.entities > 0
    stored = build([corpus_dir], store=f"oxigraph:{tmp_path / 'store'}")
    parsed = Graph().parse(data=light.serialize("turtle"), format="turtle")
    assert len(parsed) == len(light)  # the triple count without parsing is exact
    assert isomorphic(_canonical(parsed), _canonical(stored.graph))
    text = light.serialize("turtle")
    assert text == build([corpus_dir], workers=2).serialize("turtle")


def test_merged_entity_iri_is_gone_from_every_body(corpus_dir: Path) -> None:
    from kg.entities.merge import plan_merges
    from kg.ontology.namespace import DATA_BASE

    graph = build([corpus_dir])
    rdf = Graph().parse(data=graph.serialize("turtle"), format="turtle")
    assert plan_merges(rdf) == {}  # nothing left to merge
    own_nodes = ("document/", "statement/", "quote/", "activity/", "extractor/")
    referenced = {str(o) for o in rdf.objects() if str(o).startswith(DATA_BASE)
                  and not str(o)[len(DATA_BASE):].startswith(own_nodes)}
    assert referenced and referenced <= {e.iri for e in graph.entities()}
