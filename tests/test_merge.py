"""Cross-document merging on the finished graph."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.namespace import SKOS

from kg.entities.merge import merge_entities, plan_merges
from kg.ontology.namespace import KG

E = Namespace("https://example.org/e/")


def graph_of(*entities: tuple[str, object, str, tuple[str, ...]]) -> Graph:
    g = Graph()
    for name, cls, label, aliases in entities:
        g.add((E[name], RDF.type, cls))
        g.add((E[name], RDFS.label, Literal(label)))
        g.add((E[name], KG.mentionCount, Literal(2)))
        for alias in aliases:
            g.add((E[name], SKOS.altLabel, Literal(alias)))
    return g


def test_merge_table() -> None:
    g = graph_of(
        ("ice", KG.Organization, "ICE", ()),
        ("ice-long", KG.Organization, "Immigration and Customs Enforcement", ()),
        ("trump-org", KG.Organization, "Trump", ()),  # a person's alias tagged ORG elsewhere
        ("trump", KG.Person, "Donald Trump", ("Trump",)),
        ("khalil", KG.Person, "Khalil", ()),
        ("mk", KG.Person, "Mahmoud Khalil", ()),
        ("us1", KG.Place, "U.S.", ()),
        ("us2", KG.Place, "US", ()),
        ("lh-org", KG.Organization, "Leila Haddad", ()),  # a person's full name, tagged ORG
        ("lh", KG.Person, "Leila Haddad", ()),
        ("concept-ice", KG.Concept, "ICE", ()),
        # Non-merges: different types, relation-bearing possessive, ambiguous surname.
        ("syria", KG.Place, "Syria", ()),
        ("syria-office", KG.Organization, "Syria Office", ()),
        ("wife", KG.Concept, "Khalil’s wife", ()),
        ("smith", KG.Person, "Smith", ()),
        ("js", KG.Person, "John Smith", ()),
        ("as", KG.Person, "Anna Smith", ()),
        ("anna", KG.Person, "Anna", ()),  # a given name is no evidence
        ("lee1", KG.Person, "Mei Lee", ()),  # people who share only a surname stay apart
        ("lee2", KG.Person, "Daniel Lee", ()),
        ("usa", KG.Place, "United States of America", ()),
        # an owner's nominal is no name: another document's bare "family" stays apart
        ("family-of-ana", KG.Group, "family", ()),
        ("concept-family", KG.Concept, "family", ()),
    )
    plan = {old.rsplit("/", 1)[-1]: new.rsplit("/", 1)[-1] for old, new in plan_merges(g).items()}
    assert plan == {
        "ice": "ice-long",
        "concept-ice": "ice-long",
        "trump-org": "trump",
        "khalil": "mk",
        "us2": "us1",
        "usa": "us1",
        "lh-org": "lh",
    }


def test_merge_moves_statements_and_keeps_names_as_aliases() -> None:
    g = graph_of(("ice", KG.Organization, "ICE", ()),
                 ("long", KG.Organization, "Immigration and Customs Enforcement", ()))
    st = E["st1"]
    g.add((st, KG.subject, E["ice"]))
    assert merge_entities(g) == 1
    assert (st, KG.subject, E["long"]) in g
    assert not list(g.triples((E["ice"], None, None)))
    assert set(g.objects(E["long"], SKOS.altLabel)) == {Literal("ICE")}
    assert g.value(E["long"], KG.mentionCount) == Literal(4)
