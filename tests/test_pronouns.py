"""Pronoun rules (kg.entities.pronouns, kg.extract.referents) on hand-built spaCy Docs.

Each Doc is written out token by token (word, part of speech, dependency, head, lemma,
morphology, entity), so a rule is tested on exactly the parse it reads, whatever a model
would do with the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import spacy
from spacy.tokens import Doc

from kg.entities.pronouns import PronounResolver, name_gender, title_gender
from kg.extract.referents import is_pleonastic, referents

VOCAB = spacy.blank("en").vocab
PRP = {"he": "Case=Nom|Gender=Masc|Number=Sing|Person=3|PronType=Prs",
       "him": "Case=Acc|Gender=Masc|Number=Sing|Person=3|PronType=Prs",
       "his": "Gender=Masc|Number=Sing|Person=3|Poss=Yes|PronType=Prs",
       "himself": "Case=Acc|Gender=Masc|Number=Sing|Person=3|PronType=Prs|Reflex=Yes",
       "she": "Case=Nom|Gender=Fem|Number=Sing|Person=3|PronType=Prs",
       "it": "Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs",
       "they": "Case=Nom|Number=Plur|Person=3|PronType=Prs",
       "who": "", "i": "Case=Nom|Number=Sing|Person=1|PronType=Prs"}


def parse(*rows: str) -> Doc:
    """A Doc from rows ``"word POS dep head [lemma] [ENT]"`` (head: absolute token index,
    ``-`` for the lemma = the word lower-cased; ENT as ``B-PERSON`` / ``I-PERSON``)."""
    words, pos, deps, heads, lemmas, morphs, ents = [], [], [], [], [], [], []
    for row in rows:
        word, p, dep, head, *rest = row.split()
        lemma = rest[0] if rest and rest[0] != "-" else word.lower()
        words.append(word)
        pos.append(p)
        deps.append(dep)
        heads.append(int(head))
        lemmas.append(lemma)
        if p == "PRON":
            morphs.append(PRP.get(word.lower(), ""))
        elif p in ("NOUN", "PROPN"):
            morphs.append("Number=Plur" if word.endswith("s") and p == "NOUN" else "Number=Sing")
        else:
            morphs.append("")
        ents.append(rest[1] if len(rest) > 1 else "O")
    sent_starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    return Doc(VOCAB, words=words, pos=pos, deps=deps, heads=heads, lemmas=lemmas,
               morphs=morphs, ents=ents, sent_starts=sent_starts)


@dataclass(frozen=True)
class Named:
    """A stand-in for kg.entities.resolve.Cluster: what the rules read of an entity."""

    name: str
    group: str
    gender: str | None = None
    uncertain: bool = False


def resolve(doc: Doc, entities: dict[str, Named]) -> dict[str, str | None]:
    """``{pronoun text@index: entity name or None}`` for the Doc's pronouns."""
    found = list(referents(doc))
    entity_at = {r.head: entities[r.span.text] for r in found
                 if r.kind != "pronoun" and r.span.text in entities}
    decisions = PronounResolver(found, entity_at).run()
    out: dict[str, str | None] = {}
    for r in found:
        if r.kind == "pronoun" and r.span.start in decisions:
            entity = decisions[r.span.start].entity
            out[f"{r.span.text}@{r.span.start}"] = getattr(entity, "name", None)
    return out


def only(decisions: dict[str, str | None], word: str) -> str | None:
    [key] = [k for k in decisions if k.split("@")[0] == word]
    return decisions[key]


FATIMA = Named("Fatima Nasser", "person", "f")
SERGEI = Named("Sergei Ivanov", "person", "m")
OMAR = Named("Omar", "person", "m")
ALI = Named("Ali", "person", "m")
ACME = Named("Acme", "org")
KENYA = Named("Kenya", "place")


def test_given_names_of_many_origins_have_a_gender() -> None:
    genders = {n: name_gender(n) for n in ("fatima", "sergei", "priya", "jose", "olena",
                                            "ahmed", "maria", "rahul")}
    assert genders == {"fatima": "f", "sergei": "m", "priya": "f", "jose": "m", "olena": "f",
                       "ahmed": "m", "maria": "f", "rahul": "m"}
    assert name_gender("zyxw") is None  # unknown: agrees with either, weakly
    assert title_gender("by Mrs. ") == "f" and title_gender("by Sir ") == "m"


def test_gender_picks_the_woman_over_the_more_salient_man() -> None:
    doc = parse("Sergei PROPN nsubj 1 - B-PERSON", "met VERB ROOT 1", "Fatima PROPN dobj 1 - B-PERSON",
                ". PUNCT punct 1", "She PRON nsubj 5", "left VERB ROOT 5", ". PUNCT punct 5")
    decisions = resolve(doc, {"Sergei": SERGEI, "Fatima": FATIMA})
    assert only(decisions, "She") == "Fatima Nasser"


def test_it_never_names_a_person() -> None:
    doc = parse("Omar PROPN nsubj 1 - B-PERSON", "joined VERB ROOT 1", "Acme PROPN dobj 1 - B-ORG",
                ". PUNCT punct 1", "It PRON nsubj 5", "grew VERB ROOT 5", ". PUNCT punct 5")
    assert only(resolve(doc, {"Omar": OMAR, "Acme": ACME}), "It") == "Acme"


def test_they_never_names_a_single_place_but_may_name_an_organisation() -> None:
    place = parse("Kenya PROPN nsubj 1 - B-GPE", "won VERB ROOT 1", ". PUNCT punct 1",
                  "They PRON nsubj 4", "celebrated VERB ROOT 4", ". PUNCT punct 4")
    assert only(resolve(place, {"Kenya": KENYA}), "They") is None
    org = parse("Acme PROPN nsubj 1 - B-ORG", "won VERB ROOT 1", ". PUNCT punct 1",
                "They PRON nsubj 4", "celebrated VERB ROOT 4", ". PUNCT punct 4")
    assert only(resolve(org, {"Acme": ACME}), "They") == "Acme"


def test_binding_a_plain_pronoun_is_not_its_co_argument() -> None:
    doc = parse("Omar PROPN nsubj 1 - B-PERSON", "met VERB ROOT 1", "Ali PROPN dobj 1 - B-PERSON",
                ". PUNCT punct 1", "Ali PROPN nsubj 5 - B-PERSON", "praised VERB ROOT 5",
                "him PRON dobj 5", ". PUNCT punct 5")
    assert only(resolve(doc, {"Omar": OMAR, "Ali": ALI}), "him") == "Omar"


def test_binding_a_reflexive_is_its_clause_subject() -> None:
    doc = parse("Omar PROPN nsubj 1 - B-PERSON", "met VERB ROOT 1", "Ali PROPN dobj 1 - B-PERSON",
                ". PUNCT punct 1", "Ali PROPN nsubj 5 - B-PERSON", "praised VERB ROOT 5",
                "himself PRON dobj 5", ". PUNCT punct 5")
    assert only(resolve(doc, {"Omar": OMAR, "Ali": ALI}), "himself") == "Ali"


def test_salience_without_a_clear_winner_abstains() -> None:
    doc = parse("Omar PROPN nsubj 1 - B-PERSON", "met VERB ROOT 1", "Ali PROPN dobj 1 - B-PERSON",
                ". PUNCT punct 1", "He PRON nsubj 5", "left VERB ROOT 5", ". PUNCT punct 5")
    assert only(resolve(doc, {"Omar": OMAR, "Ali": ALI}), "He") is None


def test_salience_prefers_the_subject_of_the_current_sentence() -> None:
    doc = parse("Ali PROPN nsubj 1 - B-PERSON", "arrived VERB ROOT 1", ". PUNCT punct 1",
                "Omar PROPN nsubj 4 - B-PERSON", "said VERB ROOT 4", "he PRON nsubj 6",
                "won VERB ccomp 4", ". PUNCT punct 4")
    assert only(resolve(doc, {"Omar": OMAR, "Ali": ALI}), "he") == "Omar"


def test_an_unnamed_noun_phrase_can_win_and_then_nobody_is_named() -> None:
    doc = parse("Acme PROPN nsubj 1 - B-ORG", "hired VERB ROOT 1", "the DET det 3",
                "lawyers NOUN dobj 1", ". PUNCT punct 1", "They PRON nsubj 6",
                "appealed VERB ROOT 6", ". PUNCT punct 6")
    assert only(resolve(doc, {"Acme": ACME}), "They") is None


def test_a_relative_pronoun_names_the_noun_its_clause_modifies() -> None:
    doc = parse("Omar PROPN nsubj 4 - B-PERSON", ", PUNCT punct 0", "who PRON nsubj 3",
                "resigned VERB relcl 0", "spoke VERB ROOT 4", ". PUNCT punct 4")
    assert only(resolve(doc, {"Omar": OMAR}), "who") == "Omar"


def test_first_person_is_left_to_the_quote_speaker() -> None:
    doc = parse("Omar PROPN nsubj 1 - B-PERSON", "spoke VERB ROOT 1", ". PUNCT punct 1",
                "I PRON nsubj 4", "won VERB ROOT 4", ". PUNCT punct 4")
    assert resolve(doc, {"Omar": OMAR}) == {}


@pytest.mark.parametrize(
    ("rows", "pleonastic"),
    [
        # "It is no surprise that Ali won."
        (("It PRON nsubj 1", "is AUX ROOT 1 be", "no DET det 3", "surprise NOUN attr 1",
          "that SCONJ mark 6", "Ali PROPN nsubj 6", "won VERB ccomp 1 win", ". PUNCT punct 1"),
         True),
        # "It is uncommon."
        (("It PRON nsubj 1", "is AUX ROOT 1 be", "uncommon ADJ acomp 1", ". PUNCT punct 1"),
         True),
        # "When it was forty percent, Acme sold."
        (("When SCONJ advmod 2", "it PRON nsubj 2", "was AUX advcl 7 be", "forty NUM nummod 4",
          "percent NOUN attr 2", ", PUNCT punct 7", "Acme PROPN nsubj 7", "sold VERB ROOT 7 sell",
          ". PUNCT punct 7"), True),
        # "It seems that Ali won."
        (("It PRON nsubj 1", "seems VERB ROOT 1 seem", "that SCONJ mark 4", "Ali PROPN nsubj 4",
          "won VERB ccomp 1 win", ". PUNCT punct 1"), True),
        # "It rained."
        (("It PRON nsubj 1", "rained VERB ROOT 1 rain", ". PUNCT punct 1"), True),
        # "It was Ali who won." (a cleft)
        (("It PRON nsubj 1", "was AUX ROOT 1 be", "Ali PROPN attr 1", "who PRON nsubj 4",
          "won VERB relcl 2 win", ". PUNCT punct 1"), True),
        # "It closed the plant." (referential)
        (("It PRON nsubj 1", "closed VERB ROOT 1 close", "the DET det 3", "plant NOUN dobj 1",
          ". PUNCT punct 1"), False),
        # "It is large." (referential: a plain adjective)
        (("It PRON nsubj 1", "is AUX ROOT 1 be", "large ADJ acomp 1", ". PUNCT punct 1"), False),
    ],
)
def test_pleonastic_it(rows: tuple[str, ...], pleonastic: bool) -> None:
    doc = parse(*rows)
    it = next(t for t in doc if t.lower_ == "it")
    assert is_pleonastic(it) is pleonastic


def test_a_pleonastic_it_is_never_resolved() -> None:
    doc = parse("Acme PROPN nsubj 1 - B-ORG", "won VERB ROOT 1 win", ". PUNCT punct 1",
                "It PRON nsubj 4", "is AUX ROOT 4 be", "uncommon ADJ acomp 4", ". PUNCT punct 4")
    assert only(resolve(doc, {"Acme": ACME}), "It") is None


def test_an_apposition_is_its_host_not_a_rival() -> None:
    # "Fatima, a nurse, arrived. She left." — "a nurse" is Fatima, not a second woman.
    doc = parse("Fatima PROPN nsubj 5 - B-PERSON", ", PUNCT punct 0", "a DET det 3",
                "nurse NOUN appos 0", ", PUNCT punct 0", "arrived VERB ROOT 5",
                ". PUNCT punct 5", "She PRON nsubj 8", "left VERB ROOT 8", ". PUNCT punct 8")
    assert only(resolve(doc, {"Fatima": FATIMA}), "She") == "Fatima Nasser"


def test_an_entity_of_doubtful_type_competes_but_never_wins() -> None:
    doc = parse("Acme PROPN nsubj 1 - B-ORG", "won VERB ROOT 1 win", ". PUNCT punct 1",
                "It PRON nsubj 4", "grew VERB ROOT 4", ". PUNCT punct 4")
    assert only(resolve(doc, {"Acme": Named("Acme", "org", uncertain=True)}), "It") is None


def resolved_in_document(doc: Doc) -> dict[str, str | None]:
    """Like ``resolve``, through ``kg.entities.resolve.DocumentResolver`` (which finds each
    referent's entity from the Doc's named mentions itself)."""
    from kg.entities.resolve import DocumentResolver
    from kg.model import Document, Mention, Span
    from kg.model.results import DocumentResult

    mentions = tuple(Mention(Span(e.start_char, e.end_char, e.text), e.label_,
                             Span(e.start_char, e.end_char, e.text)) for e in doc.ents)
    found = tuple(referents(doc))
    resolver = DocumentResolver(DocumentResult(Document("d", doc.text), (), mentions, 1,
                                               len(doc), referents=found))
    out: dict[str, str | None] = {}
    for r in found:
        if r.kind == "pronoun":
            decision = resolver.pronoun(r.span.start)
            entity = decision.entity if decision is not None else None
            out[f"{r.span.text}@{r.span.start}"] = getattr(entity, "canonical", None)
    return out


def test_a_phrase_that_opens_with_a_name_is_not_that_name() -> None:
    # "Omar's wife, who left, spoke." — "who" is the wife (an owner's nominal), not Omar.
    doc = parse("Omar PROPN poss 2 - B-PERSON", "'s PART case 0", "wife NOUN nsubj 7",
                ", PUNCT punct 2", "who PRON nsubj 5", "left VERB relcl 2 leave",
                ", PUNCT punct 2", "spoke VERB ROOT 7 speak", ". PUNCT punct 7")
    assert only(resolved_in_document(doc), "who") == "Omar 's wife"
    # "Omar, who left, spoke." — the name itself is the antecedent.
    named = parse("Omar PROPN nsubj 4 - B-PERSON", ", PUNCT punct 0", "who PRON nsubj 3",
                  "left VERB relcl 0 leave", "spoke VERB ROOT 4 speak", ". PUNCT punct 4")
    assert only(resolved_in_document(named), "who") == "Omar"


def test_a_relative_after_a_noun_inside_another_phrase_names_nobody() -> None:
    # "The plant in Pune, which opened, grew." — the plant or Pune: the parse cannot tell.
    doc = parse("The DET det 1", "plant NOUN nsubj 7", "in ADP prep 1", "Pune PROPN pobj 2 - B-GPE",
                ", PUNCT punct 3", "which PRON nsubj 6", "opened VERB relcl 3 open",
                "grew VERB ROOT 7 grow", ". PUNCT punct 7")
    assert resolve(doc, {"Pune": Named("Pune", "place")}) == {}
    # "Pune, which grew, won." — the relative clause is the name's own.
    doc = parse("Pune PROPN nsubj 4 - B-GPE", ", PUNCT punct 0", "which PRON nsubj 3",
                "grew VERB relcl 0 grow", "won VERB ROOT 4 win", ". PUNCT punct 4")
    assert only(resolve(doc, {"Pune": Named("Pune", "place")}), "which") == "Pune"


def test_a_name_apposed_to_a_person_noun_is_a_person_whatever_its_tag() -> None:
    # "The governor, Tomasz Wieczorek, spoke. He left." with the name tagged an organisation
    rows = ("The DET det 1", "governor NOUN nsubj 5", ", PUNCT punct 1",
            "Tomasz PROPN compound 4 - B-ORG", "Wieczorek PROPN appos 1 - I-ORG",
            "spoke VERB ROOT 5 speak", ". PUNCT punct 5")
    tagged = {"Tomasz Wieczorek": Named("Tomasz Wieczorek", "org")}
    doc = parse(*rows, "He PRON nsubj 8", "left VERB ROOT 8 leave", ". PUNCT punct 8")
    assert only(resolve(doc, tagged), "He") == "Tomasz Wieczorek"
    doc = parse(*rows, "It PRON nsubj 8", "left VERB ROOT 8 leave", ". PUNCT punct 8")
    assert only(resolve(doc, tagged), "It") is None  # and so it is not ``it``


def test_an_age_apposed_to_a_name_never_takes_its_place() -> None:
    # "Haddad, 34, was arrested. He had overstayed." — "34" (tagged DATE, apposed to Haddad)
    # is no referent: "He" is Haddad, not "34".
    doc = parse("Haddad PROPN nsubjpass 5 - B-PERSON", ", PUNCT punct 0",
                "34 NUM appos 0 - B-DATE", ", PUNCT punct 0", "was AUX auxpass 5",
                "arrested VERB ROOT 5 arrest", ". PUNCT punct 5", "He PRON nsubj 9",
                "had AUX aux 9", "overstayed VERB ROOT 9 overstay", ". PUNCT punct 9")
    assert only(resolved_in_document(doc), "He") == "Haddad"
