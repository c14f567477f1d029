"""kg's own lexicon on the common open relations of news: outcomes, cause and evidence,
stance, dates, birth and death — and the readings it refuses (a wrong mapping is worse than
none). Sentences written for these tests."""

from __future__ import annotations

import dataclasses

import pytest

from kg.enrich.normalise import edge, normalise_statement
from kg.model import Provenance, Relation, Span, Statement
from kg.ontology.namespace import KG
from spans import mention_in

Arg = tuple[str, str]  # text, spaCy label ("" for a plain noun phrase)


def _statement(sentence: str, subject: Arg, rel: str, lemma: str, obj: Arg | None) -> Statement:
    return Statement(
        subject=mention_in(subject[0], sentence, subject[1]),
        relation=Relation(rel, lemma),
        object=mention_in(obj[0], sentence, obj[1]) if obj else None,
        provenance=Provenance("d", Span(0, len(sentence), sentence), "test"))


def _predicate(st: Statement) -> str | None:
    return normalise_statement(st).relation.predicate


@pytest.mark.parametrize(("sentence", "subject", "rel", "lemma", "obj", "expected"), [
    ("Rivera defeated the incumbent.", ("Rivera", "PERSON"), "defeated", "defeat",
     ("the incumbent", ""), KG.defeated),
    ("The team lost the final.", ("The team", ""), "lost", "lose", ("the final", ""), KG.lost),
    ("The jury acquitted the driver.", ("The jury", ""), "acquitted", "acquit",
     ("the driver", ""), KG.acquitted),
    ("The storm caused widespread flooding.", ("The storm", ""), "caused", "cause",
     ("widespread flooding", ""), KG.caused),
    ("The protests led to new elections.", ("The protests", ""), "led to", "lead to",
     ("new elections", ""), KG.caused),  # not kg:leads
    ("The ruling reflects public anger.", ("The ruling", ""), "reflects", "reflect",
     ("public anger", ""), KG.indicates),
    ("The delay means that families wait.", ("The delay", ""), "means that", "mean that",
     ("families wait", ""), KG.indicates),
    ("The plan meets the requirements.", ("The plan", ""), "meets", "meet",
     ("the requirements", ""), KG.satisfies),
    ("The council violated the agreement.", ("The council", "ORG"), "violated", "violate",
     ("the agreement", ""), KG.violated),
    ("The firm failed to disclose its debts.", ("The firm", ""), "failed to disclose",
     "fail disclose", ("its debts", ""), KG.omitted),  # an omission, not a disclosure
    ("The union wants a pay rise.", ("The union", "ORG"), "wants", "want",
     ("a pay rise", ""), KG.wants),
    ("She had hoped for a pardon.", ("She", ""), "had hoped for", "hop for",
     ("a pardon", ""), KG.wants),  # the tagger's "hop" for "hoped"
    ("The court accepted the plea deal.", ("The court", ""), "accepted", "accept",
     ("the plea deal", ""), KG.accepted),
    ("The miners agreed to the terms.", ("The miners", ""), "agreed to", "agree to",
     ("the terms", ""), KG.accepted),
    ("Two ministers agreed.", ("Two ministers", ""), "agreed", "agree", None, KG.agreedWith),
    ("The senator continued her campaign.", ("The senator", ""), "continued", "continue",
     ("her campaign", ""), KG.continued),
    ("The clinic hired two nurses.", ("The clinic", ""), "hired", "hire",
     ("two nurses", ""), KG.employs),
    ("Volunteers helped the refugees.", ("Volunteers", ""), "helped", "help",
     ("the refugees", ""), KG.helped),
    ("The storm was like a war.", ("The storm", ""), "was like", "be like", ("a war", ""),
     KG.resembles),
    ("Fans waved banners.", ("Fans", ""), "waved", "wave", ("banners", ""), KG.displayed),
    ("The agency prioritizes repeat offenders.", ("The agency", ""), "prioritizes",
     "prioritize", ("repeat offenders", ""), KG.prioritizes),
    ("The lawyers are preparing an appeal.", ("The lawyers", ""), "are preparing", "prepare",
     ("an appeal", ""), KG.prepared),
    ("The letter, dated 12 May 1990, survived.", ("The letter", ""), "dated", "date",
     ("12 May 1990", "DATE"), KG.dated),
    ("The trial began on Monday.", ("The trial", ""), "began on", "begin on",
     ("Monday", "DATE"), KG.began),
    ("The festival began in 2019.", ("The festival", ""), "began in", "begin in",
     ("2019", "DATE"), KG.began),  # kg:locatedIn refuses a date; its second choice
    ("The protests began in Lyon.", ("The protests", ""), "began in", "begin in",
     ("Lyon", "GPE"), KG.locatedIn),
    ("The strike ended in March.", ("The strike", ""), "ended in", "end in",
     ("March", "DATE"), KG.ended),
    ("The talks lasted until March.", ("The talks", ""), "lasted until", "last until",
     ("March", "DATE"), KG.ended),  # not a period
    ("Rosa Lind was born in 1961.", ("Rosa Lind", "PERSON"), "was born in", "bear in",
     ("1961", "DATE"), KG.birthDate),
    ("Tomas Berg died in Bergen.", ("Tomas Berg", "PERSON"), "died in", "die in",
     ("Bergen", "GPE"), KG.deathPlace),
    ("Tomas Berg died in 2003.", ("Tomas Berg", "PERSON"), "died in", "die in",
     ("2003", "DATE"), KG.deathDate),
    ("Tomas Berg died of cancer.", ("Tomas Berg", "PERSON"), "died of", "die of",
     ("cancer", ""), KG.causeOfDeath),
    ("The bank raised interest rates.", ("The bank", "ORG"), "raised", "raise",
     ("interest rates", ""), KG.increased),
    ("The council cut taxes.", ("The council", "ORG"), "cut", "cut", ("taxes", ""),
     KG.reduced),
    ("The hearing lasted three hours.", ("The hearing", ""), "lasted", "last",
     ("three hours", "TIME"), KG.lasted),
    ("The mayor thanked the volunteers.", ("The mayor", ""), "thanked", "thank",
     ("the volunteers", ""), KG.thanked),
    ("The agency suspended all flights.", ("The agency", ""), "suspended", "suspend",
     ("all flights", ""), KG.prevented),
    ("The flood devastated the valley.", ("The flood", ""), "devastated", "devastate",
     ("the valley", ""), KG.harmed),
])
def test_common_news_relations_map_onto_kg_properties(
        sentence: str, subject: Arg, rel: str, lemma: str, obj: Arg | None,
        expected: str) -> None:
    assert _predicate(_statement(sentence, subject, rel, lemma, obj)) == str(expected)


@pytest.mark.parametrize(("sentence", "subject", "rel", "lemma", "obj"), [
    # a property with kg:rangeRequired needs an object of its range
    ("Three people died in the fire.", ("Three people", ""), "died in", "die in",
     ("the fire", "")),
    ("He was born in poverty.", ("He", ""), "was born in", "bear in", ("poverty", "")),
    ("The war ended in a stalemate.", ("The war", ""), "ended in", "end in",
     ("a stalemate", "")),
    ("She dated a musician.", ("She", ""), "dated", "date", ("a musician", "")),
    # a birth place is a person's
    ("Acme was born in Ohio.", ("Acme", "ORG"), "was born in", "bear in", ("Ohio", "GPE")),
    # "want to X" is no wanting of the object; "meet" a person is not "satisfies"
    ("The union wants to strike.", ("The union", "ORG"), "wants to strike", "want strike",
     None),
    ("The envoy met the minister.", ("The envoy", ""), "met", "meet", ("the minister", "")),
    # "raise" and "cut" only with an object that says the sense
    ("The club raised money.", ("The club", "ORG"), "raised", "raise", ("money", "")),
    ("The group raised concerns.", ("The group", ""), "raised", "raise", ("concerns", "")),
    ("The firm cut ties with them.", ("The firm", ""), "cut", "cut", ("ties", "")),
    ("The scandal cost him his job.", ("The scandal", ""), "cost", "cost", ("him", "")),
    ("The talks lasted until dawn.", ("The talks", ""), "lasted until", "last until",
     ("dawn", "")),
    # past a verb that says the rest has not happened yet: no vote is detained
    ("The mayor agreed to hold a new vote.", ("The mayor", ""), "agreed to hold",
     "agree hold", ("a new vote", "")),
    ("Officials prepared to deport him.", ("Officials", ""), "prepared to deport",
     "prepare deport", ("him", "")),
    # "hop" stays "hop" where the text says so
    ("The rabbit hopped the fence.", ("The rabbit", ""), "hopped", "hop", ("the fence", "")),
])
def test_readings_the_lexicon_refuses(sentence: str, subject: Arg, rel: str, lemma: str,
                                      obj: Arg | None) -> None:
    assert _predicate(_statement(sentence, subject, rel, lemma, obj)) is None


def test_an_amount_is_a_literal_that_fits_a_quantity_range() -> None:
    s = "The mission cost $90 million."
    amount = mention_in("$90 million", s, "MONEY")
    st = _statement(s, ("The mission", ""), "cost", "cost", None)
    st = dataclasses.replace(st, object=dataclasses.replace(amount, literal=True))
    assert _predicate(st) == str(KG.costs)
    st = dataclasses.replace(st, object=dataclasses.replace(amount, label="", literal=True))
    assert _predicate(st) is None  # a value that is not known to be an amount


def test_a_passive_birth_links_the_person_to_the_place() -> None:
    st = _statement("Rosa Lind was born in Porto.", ("Rosa Lind", "PERSON"), "was born in",
                    "bear in", ("Porto", "GPE"))
    mapped = normalise_statement(st)
    assert mapped.relation.predicate == str(KG.birthPlace)
    assert [m.text for m in edge(mapped) or ()] == ["Rosa Lind", "Porto"]
