"""A description the name after it renames is that entity (``kg.entities.identity``): on a
hand-written document with hand-made statements, then end to end on the real model."""

from __future__ import annotations

from collections import Counter

from kg.entities.resolve import resolve_document
from kg.model import Document, Mention, Provenance, Relation, Span, Statement
from kg.model.results import DocumentResult
from kg.ontology.namespace import KG
from spans import mention_in, span_in

TEXT = ("Vantor's chief executive, Ilse Marmon, said the plant would close. "
        "The former city treasurer is Osric Pell. The former city treasurer resigned. "
        "A surprise winner is Lyon.")


def stmt(subject: Mention, relation: str, obj: Mention | None, rule: str = "SVO",
         lemma: str = "") -> Statement:
    return Statement(subject, Relation(relation, lemma or relation), obj,
                     Provenance("doc", Span(0, len(TEXT), TEXT), "test.v1", rule))


def phrase(text: str, nth: int = 0) -> Mention:
    return Mention(span_in(text, TEXT, nth))


MENTIONS = (mention_in("Vantor", TEXT, "ORG"), mention_in("Ilse Marmon", TEXT, "PERSON"),
            mention_in("Osric Pell", TEXT, "PERSON"), mention_in("Lyon", TEXT, "GPE"))
STATEMENTS = (
    stmt(phrase("Vantor's chief executive"), "said", phrase("the plant would close")),
    stmt(phrase("Vantor's chief executive"), "is", MENTIONS[1], "SVC-appos", "be"),
    stmt(MENTIONS[0], "has", phrase("chief executive"), "possessive"),
    stmt(phrase("The former city treasurer"), "is", MENTIONS[2], "SVC", "be"),
    stmt(phrase("The former city treasurer", 1), "resigned", None, "SV"),
    stmt(phrase("A surprise winner"), "is", MENTIONS[3], "SVC", "be"),
)


def resolved() -> list[tuple[str, str | None, str, str | None, str]]:
    doc = DocumentResult(Document("doc", TEXT), STATEMENTS, MENTIONS, 4, 30)
    out = resolve_document(doc, Counter())
    return [(st.subject.text, st.subject.entity_id, st.relation.text,
             st.object.entity_id if st.object else None,
             st.object.text if st.object else "") for st in out.statements]


def test_apposed_description_is_the_named_entity_and_its_owner_employs_it() -> None:
    rows = resolved()
    marmon = "person/ilse-marmon"
    assert ("Vantor's chief executive", marmon, "said", None,
            "the plant would close") in rows
    # the identity is said of the name, the description kept as text (no node of its own)
    assert (MENTIONS[1].text, marmon, "is", None, "Vantor's chief executive") in rows
    # the possessive inside it: the owner
    [owner] = [r for r in rows if r[2] == "chief executive of"]
    assert owner[1] == marmon and owner[3] == "organization/vantor"
    assert not any(r[1] and r[1].startswith("concept/") for r in rows), rows


def test_copular_definite_description_is_the_named_entity() -> None:
    rows = resolved()
    assert ("Osric Pell", "person/osric-pell", "is", None, "former city treasurer") in rows
    # an indefinite subject says less: no identity ("A surprise winner is Lyon")
    assert not any(r[1] == "place/lyon" and r[2] == "is" for r in rows), rows


def test_real_model_identities(nlp) -> None:  # type: ignore[no-untyped-def]
    from kg.api.core import build_documents

    text = ("Quillon's chief executive, Martin Drexler, said the plant would close. "
            "The European lender is Fennick Bank. The bank cut rates on Monday.")
    rows = build_documents([Document("id", text)]).statements()
    found = {(r.subject_id.rsplit("/", 2)[-2:][-1], r.predicate, r.object) for r in rows}
    assert ("martin-drexler", "said", "the plant would close") in found, found
    assert ("fennick-bank", "is", "European lender") in found, found
    assert not any(r.subject_id.endswith(("quillon-s-chief-executive", "european-lender"))
                   for r in rows), found
    assert any(r.predicate == "chief executive of" and r.object == "Quillon"
               and r.extra.get("predicate_iri") == str(KG.worksFor) for r in rows), found
