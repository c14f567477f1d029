from __future__ import annotations

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL

from kg.ontology.namespace import KG, ontology_path


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path("kg.ttl"))


def test_every_namespace_term_is_declared_in_the_ontology(ontology: Graph) -> None:
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    terms = [KG[name] for name in KG.__annotations__]
    assert terms, "namespace lists no terms"
    missing = [t for t in terms if t not in declared]
    assert missing == []


def test_every_ontology_term_has_label_and_comment(ontology: Graph) -> None:
    from rdflib import RDFS

    for term in ontology.subjects(RDF.type, None):
        if str(term).startswith(str(KG._NS)) and (term, RDF.type, OWL.Ontology) not in ontology:
            assert ontology.value(term, RDFS.label) is not None, term
            assert ontology.value(term, RDFS.comment) is not None, term


def test_unknown_terms_are_refused() -> None:
    with pytest.raises(AttributeError):
        KG.Persn  # noqa: B018


def test_ontology_is_shipped_inside_the_package() -> None:
    path = ontology_path("kg.ttl")
    assert (path.is_file() and "site-packages" in str(path)) or "src/kg/ontology" in str(path)


def test_shapes_and_saved_queries_use_only_declared_terms(ontology: Graph) -> None:
    import re

    from kg.ontology.namespace import ontology_dir

    declared = {str(s) for s in ontology.subjects(RDF.type, None)}
    texts = [ontology_path("shapes.ttl").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in
              (ontology_dir() / "queries").glob("*.rq")
              if p.stem in {"actions-against", "quotes-by", "legal-team"}]
    used = {str(KG._NS) + name for text in texts
            for name in re.findall(r"\bkg:([A-Za-z_][\w]*)", text)}
    assert len(texts) == 4 and used
    assert sorted(used - declared) == []
