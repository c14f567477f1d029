"""Relation normalisation (the ontology lexicon), roles, time and place."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from kg.enrich.lexicon import Lexicon, lexicon
from kg.enrich.normalise import normalise, normalise_statement, roles
from kg.enrich.reading import is_passive
from kg.enrich.temporal import dateline_date, is_temporal, resolve_date, text_anchor
from kg.model import Document, Provenance, Relation, Span, Statement
from kg.model.results import DocumentResult
from kg.ontology.namespace import KG, ontology_path
from spans import mention_in


def _statement(sentence: str, subject: str, rel: str, lemma: str, obj: str | None,
               extra: tuple[str, ...] = ()) -> Statement:
    return Statement(
        subject=mention_in(subject, sentence),
        relation=Relation(rel, lemma),
        object=mention_in(obj, sentence) if obj else None,
        provenance=Provenance("d", Span(0, len(sentence), sentence), "test"),
        extra_args=tuple(mention_in(e, sentence) for e in extra),
    )


@pytest.mark.parametrize(("text", "lemma", "expected"), [
    ("has ordered", "order", KG.ordered),
    ("was arrested by", "arrest by", KG.arrested),
    ("answer to", "answer to", KG.worksFor),
    ("was denied within", "deny within", KG.denied),
    ("also attended", "also attend", KG.graduatedFrom),
    ("includes", "include", KG.hasMember),
    ("is", "is", KG.describedAs),
    ("says", "say", KG.said),
])
def test_relations_map_onto_ontology_properties(text: str, lemma: str, expected: str) -> None:
    assert lexicon().match(Relation(text, lemma)) == str(expected)


def test_unknown_relations_stay_open() -> None:
    assert lexicon().match(Relation("juggled", "juggle")) is None


def test_the_lexicon_is_read_from_the_ontology_file(tmp_path: Path) -> None:
    extra = tmp_path / "kg.ttl"
    extra.write_text(ontology_path("kg.ttl").read_text(encoding="utf-8") + """
kg:juggled a owl:ObjectProperty ; rdfs:label "juggled"@en ; rdfs:comment "test"@en ;
    rdfs:subPropertyOf kg:relatedTo ; skos:altLabel "juggle" .
""", encoding="utf-8")
    custom = Lexicon.load(extra)
    assert custom.match(Relation("juggled", "juggle")) == str(KG._NS) + "juggled"
    assert lexicon().match(Relation("juggled", "juggle")) is None


def test_no_lexicon_phrase_belongs_to_two_properties() -> None:
    graph = Graph().parse(ontology_path("kg.ttl"))
    owners = Counter(str(o).casefold() for o in graph.objects(None, SKOS.altLabel))
    assert [p for p, n in owners.items() if n > 1] == []


def test_every_lexicon_property_is_in_the_namespace() -> None:
    for iri in lexicon().labels:
        assert str(getattr(KG, iri.rsplit("#", 1)[-1])) == iri


def test_passive_with_agent_swaps_roles() -> None:
    sentence = "Leila Haddad was detained by border agents in Dover."
    st = _statement(sentence, "Leila Haddad", "was detained by", "detain by", "border agents")
    assert is_passive(st.relation)
    r = roles(st)
    assert r.actor is not None and r.actor.text == "border agents"
    assert r.target is not None and r.target.text == "Leila Haddad"
    assert r.patient == r.target


def test_passive_without_agent_has_no_actor() -> None:
    sentence = "Haddad was charged under an old statute."
    st = _statement(sentence, "Haddad", "was charged under", "charge under", "an old statute")
    r = roles(st)
    assert r.actor is None and r.target is not None and r.target.text == "Haddad"


def test_progressive_and_copula_are_not_passive() -> None:
    assert not is_passive(Relation("is overseeing", "oversee"))
    assert not is_passive(Relation("is", "be"))
    assert is_passive(Relation("is being held at", "hold at"))


def test_event_noun_gives_the_target_of_the_action() -> None:
    sentence = "The tribunal ordered the expulsion of Leila Haddad to Norway."
    st = _statement(sentence, "The tribunal", "ordered", "order",
                    "the expulsion of Leila Haddad to Norway")
    person = mention_in("Leila Haddad", sentence, "PERSON")
    r = roles(st, [person, mention_in("Norway", sentence, "GPE")])
    assert (r.event_noun, r.event_type) == ("expulsion", str(KG.deported))
    assert r.target == person
    assert r.actor is not None and r.actor.text == "The tribunal"


def test_time_and_place_come_from_prepositional_arguments() -> None:
    sentence = "Officers arrested Haddad on May 3 in Dover."
    st = _statement(sentence, "Officers", "arrested", "arrest", "Haddad",
                    extra=("on May 3 in Dover",))
    date = mention_in("May 3", sentence, "DATE")
    town = mention_in("Dover", sentence, "GPE")
    out = normalise_statement(st, [date, town])
    assert out.relation.predicate == str(KG.arrested)
    assert out.time == date and out.place == town


def test_stage_counts_unmapped_relations() -> None:
    sentence = "Haddad juggled oranges."
    st = _statement(sentence, "Haddad", "juggled", "juggle", "oranges")
    result = DocumentResult(Document("d", sentence), (st,), (), 1, 3)
    unmapped: Counter[str] = Counter()
    out = list(normalise([result], unmapped))
    assert unmapped == Counter({"juggle": 1})
    assert out[0].statements[0].relation.predicate is None


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    ("March 10, 2025", None, datetime.date(2025, 3, 10)),
    ("on 4 July 2024", None, datetime.date(2024, 7, 4)),
    ("September 12", datetime.date(2025, 9, 20), datetime.date(2025, 9, 12)),
    ("December 30", datetime.date(2025, 1, 5), datetime.date(2024, 12, 30)),
    ("yesterday", datetime.date(2025, 3, 11), datetime.date(2025, 3, 10)),
    ("Sunday", datetime.date(2025, 4, 9), datetime.date(2025, 4, 6)),
    ("September 12", None, None),
    ("in June", datetime.date(2025, 9, 20), None),
])
def test_dates_resolve_when_the_text_or_anchor_allows(
        text: str, anchor: datetime.date | None, expected: datetime.date | None) -> None:
    assert resolve_date(text, anchor) == expected


def test_a_full_date_in_the_text_fixes_only_the_year() -> None:
    year = text_anchor("A rally on March 10, 2025 drew thousands.")
    assert resolve_date("March 11", None, year) == datetime.date(2025, 3, 11)
    assert resolve_date("yesterday", None, year) is None


def test_the_opening_dateline_dates_the_document() -> None:
    text = ("Rally in Oakport, March 10, 2025\nPhoto: J. Doe\n"
            "March 11—Police detained an organiser yesterday. He was released.")
    assert dateline_date(text) == datetime.date(2025, 3, 11)
    assert dateline_date("OAKPORT (AP) — Police said nothing.") is None  # no date in it
    assert dateline_date("Police said on March 11 — a Tuesday — that …") is None
    # a dateline far into the text opens another story, not this one
    assert dateline_date("Police said nothing.\n" * 200 + "March 11—Police said.") is None


def test_a_document_without_a_date_takes_its_datelines(nlp) -> None:  # type: ignore[no-untyped-def]
    from kg.api.core import build_documents
    from kg.model import Document

    text = ("Rally in Oakport, March 10, 2025\n"
            "March 11—Federal agents detained Leila Haddad on Monday. She was not charged.")
    graph = build_documents([Document("haddad", text)])
    [doc] = graph.documents()
    assert doc.date == "2025-03-11"
    dated = [r for r in graph.statements() if r.extra.get("date")]
    assert [r.extra["date"][:10] for r in dated] == ["2025-03-10"], dated  # "on Monday"
    # a date of its own wins
    [own] = build_documents([Document("h2", text, date="2025-04-01")]).documents()
    assert own.date.startswith("2025-04-01")


def test_ages_are_not_times() -> None:
    assert not is_temporal("age 35") and not is_temporal("11-year-old")
    assert is_temporal("last month") and is_temporal("1919-1920")
