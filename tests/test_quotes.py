"""Direct quotes and their speakers (sentences written for these tests)."""

from __future__ import annotations

import dataclasses
import re

from kg.enrich.lexicon import lexicon
from kg.enrich.quotes import attribute, find_quotes
from kg.model import Document, Mention, Provenance, Relation, Span, Statement
from kg.model.results import MentionRecord
from spans import mention_in, span_in


def _named(text: str, doc: str, label: str = "PERSON", nth: int = 0) -> Mention:
    return mention_in(text, doc, label, nth)


def _quotes(text: str, mentions: list[Mention], statements: tuple[Statement, ...] = (),
            records: tuple[MentionRecord, ...] = ()) -> list[tuple[str, str]]:
    found = find_quotes(Document("d", text), mentions, statements, lexicon().speech_lemmas(),
                        records)
    for q in found:
        assert text[q.span.start:q.span.end] == q.span.text
    return [(q.span.text, q.speaker.text) for q in found]


def test_said_after_the_quote_in_either_order() -> None:
    text = ("“The ruling is wrong,” said Leila Haddad on Monday.\n"
            "“We will appeal it,” Omar Reyes told reporters.")
    mentions = [_named("Leila Haddad", text), _named("Omar Reyes", text)]
    assert _quotes(text, mentions) == [("The ruling is wrong,", "Leila Haddad"),
                                       ("We will appeal it,", "Omar Reyes")]


def test_said_before_the_quote_with_a_colon_and_straight_marks() -> None:
    text = 'Haddad said: "Nobody should be jailed for speaking."'
    assert _quotes(text, [_named("Haddad", text)]) == [
        ("Nobody should be jailed for speaking.", "Haddad")]


def test_a_quote_paragraph_continues_with_the_same_speaker() -> None:
    text = ("“This is only the start,” said Omar Reyes. “We are going to take this case to "
            "the highest court.”")
    assert [s for _, s in _quotes(text, [_named("Omar Reyes", text)])] == [
        "Omar Reyes", "Omar Reyes"]


def test_a_pronoun_speaker_is_the_nearest_named_speaker_before() -> None:
    text = "“It was cruel,” said Leila Haddad.\n“We were never told why,” she added."
    assert [s for _, s in _quotes(text, [_named("Leila Haddad", text)])] == [
        "Leila Haddad", "Leila Haddad"]


def test_a_pronoun_speaker_can_come_from_a_said_statement() -> None:
    text = "The mayor's aide says the city was not warned. “We learned it on the news,” she says."
    subject = _named("The mayor's aide", text, "")
    said = Statement(subject, Relation("says", "say", predicate="https://w3id.org/kg/ns#said"),
                     None, Provenance("d", Span(0, 46, text[:46]), "test"))
    assert _quotes(text, [], (said,)) == [("We learned it on the news,", "The mayor's aide")]


def test_scare_quotes_and_headlines_are_not_quotes() -> None:
    text = ("The order cited “national interests” without detail.\n"
            "“We will win”: a rally in the rain\n"
            "The agency called it “routine.”")
    assert _quotes(text, []) == []


def test_statements_inside_a_quote_are_attributed_to_its_speaker() -> None:
    text = "“The agency ignored the court,” said Leila Haddad."
    speaker = _named("Leila Haddad", text)
    quotes = find_quotes(Document("d", text), [speaker], (), lexicon().speech_lemmas())
    inside = Statement(_named("The agency", text, "ORG"), Relation("ignored", "ignore"),
                       _named("the court", text, ""), Provenance("d", Span(0, 50, text), "t"))
    outside = Statement(speaker, Relation("said", "say"), None,
                        Provenance("d", Span(0, 50, text), "t"))
    out = attribute((inside, outside), quotes)
    assert out[0].attributed_to == speaker
    assert out[1].attributed_to is None


def test_lead_pattern_searched_from_its_earliest_start_finds_the_same_match() -> None:
    """``_lead`` skips clauses no verb ends and searches from ``_earliest_lead``: the same
    match as searching every clause from its start."""
    import random

    from kg.enrich.quotes import _earliest_lead, _patterns, _verb_start

    patterns = _patterns(frozenset(lexicon().speech_lemmas()))
    words = ["said", "Said", "told", "added", "again", "then", "firmly", "The judge", "(x)",
             "Khalil", ",", ":", ";", "“", '"', "-", " ", "\u00a0", "x" * 40]
    rng = random.Random(7)
    for _ in range(3000):
        clause = "".join(rng.choice(words) + rng.choice([" ", "", ", ", "  "])
                         for _ in range(rng.randint(1, 12)))
        full = patterns.lead.search(clause)
        verb = _verb_start(clause, patterns)
        fast = None if verb is None else patterns.lead.search(clause, _earliest_lead(clause, verb))
        assert (full is None) == (fast is None), clause
        assert full is None or fast is None or full.span("spk") == fast.span("spk"), clause


def test_inside_a_quote_i_is_the_speaker_and_he_never_is() -> None:
    text = "“I told him to keep running,” said Erik Dahl."
    speaker = dataclasses.replace(_named("Erik Dahl", text), entity_id="person/erik-dahl")
    quotes = find_quotes(Document("d", text), [speaker], (), lexicon().speech_lemmas())
    him = dataclasses.replace(_named("him", text, "PERSON"), entity_id="person/erik-dahl")
    st = Statement(_named("I", text, ""), Relation("told", "tell"), him,
                   Provenance("d", Span(0, len(text), text), "t"))
    [out] = attribute((st,), quotes)
    assert out.subject.entity_id == "person/erik-dahl"  # "I": the speaker
    assert out.object is not None and out.object.entity_id is None  # "him": someone else


def _known(piece: str, text: str, entity: str, nth: int = 0) -> Mention:
    return dataclasses.replace(_named(piece, text, nth=nth), entity_id=entity)


def _pronoun(piece: str, text: str, entity: str | None, nth: int = 0) -> MentionRecord:
    """The mention record of the pronoun ``piece`` (a whole word), which kg's coreference
    resolved to ``entity`` (or not)."""
    start = [m.start() for m in re.finditer(rf"\b{piece}\b", text)][nth]
    return MentionRecord("d", start, start + len(piece), piece, entity, "pronoun",
                         0.0 if entity is None else 0.95)


def test_a_resolved_pronoun_speaker_is_its_entity() -> None:
    text = "Tomas Varga ran the depot for a decade. “The trucks never came,” he said."
    varga = _known("Tomas Varga", text, "person/tomas-varga")
    [quote] = find_quotes(Document("d", text), [varga], (), lexicon().speech_lemmas(),
                          (_pronoun("he", text, "person/tomas-varga"),))
    assert quote.speaker.entity_id == "person/tomas-varga"
    assert quote.speaker.label == "PERSON"  # typed as the entity's named mentions are
    assert quote.speaker.span.text == "he"
    # without its resolution there is no earlier speaker to fall back on: no quote
    assert _quotes(text, [varga]) == []


def test_a_pronoun_speaker_is_what_coreference_says_not_the_nearest_earlier_speaker() -> None:
    text = ("“The vote was fair,” said Ines Moreau. Karl Lindqvist disagreed.\n"
            "“It was rushed,” he said.")
    mentions = [_known("Ines Moreau", text, "person/ines-moreau"),
                _known("Karl Lindqvist", text, "person/karl-lindqvist")]
    found = find_quotes(Document("d", text), mentions, (), lexicon().speech_lemmas(),
                        (_pronoun("he", text, "person/karl-lindqvist"),))
    assert [q.speaker.entity_id for q in found] == ["person/ines-moreau",
                                                    "person/karl-lindqvist"]
    # a pronoun kg left unresolved falls back on the nearest speaker before only if it may
    # name them: "he" is not Ines
    unresolved = (_pronoun("he", text, None),)
    assert [s for _, s in _quotes(text, mentions, (), unresolved)] == ["Ines Moreau"]
    she = text.replace("he said", "she said")
    assert [s for _, s in _quotes(she, mentions, (), (_pronoun("she", she, None),))] == [
        "Ines Moreau", "Ines Moreau"]


def test_first_person_in_a_pronoun_speakers_quote_is_that_speaker() -> None:
    text = "Nadia Fortuny runs the shelter. “I asked the city for beds,” she said."
    fortuny = _known("Nadia Fortuny", text, "person/nadia-fortuny")
    quotes = find_quotes(Document("d", text), [fortuny], (), lexicon().speech_lemmas(),
                         (_pronoun("she", text, "person/nadia-fortuny"),))
    st = Statement(_named("I", text, ""), Relation("asked", "ask"), _named("the city", text, ""),
                   Provenance("d", Span(0, len(text), text), "t"))
    [out] = attribute((st,), quotes)
    assert out.subject.entity_id == "person/nadia-fortuny"
    assert out.attributed_to is not None
    assert out.attributed_to.entity_id == "person/nadia-fortuny"


def test_a_quote_that_ends_its_sentence_is_not_the_next_sentences_words() -> None:
    text = ("“We will appeal.” Later Rosa Imhof said the court had erred.\n"
            "“We will appeal.” Rosa Imhof said.")
    imhof = [_named("Rosa Imhof", text), _named("Rosa Imhof", text, nth=1)]
    assert _quotes(text, imhof) == [("We will appeal.", "Rosa Imhof")]
    assert find_quotes(Document("d", text), imhof, (), lexicon().speech_lemmas())[0].span == \
        span_in("We will appeal.", text, 1)


def test_real_model_a_pronoun_speaker_takes_its_resolved_entity() -> None:
    from kg.api.core import build_documents

    text = ("Ines Moreau chairs the port authority. Karl Lindqvist, a dock worker, spoke after "
            "her. “The new cranes are unsafe,” he said. “I reported the cracks in March.”")
    graph = build_documents([Document("port", text)])
    assert [(q.text, q.speaker) for q in graph.quotes()] == [
        ("The new cranes are unsafe,", "Karl Lindqvist"),
        ("I reported the cracks in March.", "Karl Lindqvist")]
    # "I" inside his quote is him
    assert any(r.subject == "Karl Lindqvist" and "reported" in r.predicate
               for r in graph.statements())


def test_a_statement_attributed_to_a_resolved_pronoun_names_its_entity() -> None:
    text = "Paul Reyes blamed the referee. He said the decision was wrong."
    reyes = _known("Paul Reyes", text, "person/paul-reyes")
    he = dataclasses.replace(_named("He", text), entity_id="person/paul-reyes")
    st = Statement(_named("the decision", text, ""), Relation("was", "be"),
                   _named("wrong", text, ""), Provenance("d", Span(31, len(text), text[31:]), "t"),
                   attributed_to=he)
    unresolved = dataclasses.replace(st, attributed_to=_named("He", text))
    out = attribute((st, unresolved), (), (reyes,))
    assert out[0].attributed_to == reyes  # the graph says who: Paul Reyes, not "He"
    assert out[1].attributed_to == _named("He", text)  # nobody known: left as it was


def test_real_model_words_of_a_pronoun_speaker_are_attributed_to_the_speaker() -> None:
    from kg.api.core import build_documents

    text = ("Karl Lindqvist, a dock worker, spoke after the vote. He said the new cranes were "
            "unsafe. “The harbour board ignored the cracks,” he added.")
    graph = build_documents([Document("port", text)])
    rows = graph.query("""SELECT ?text ?who WHERE { ?st a kg:Statement ; kg:subjectText ?text ;
                          kg:attributedTo ?who }""")
    by = {str(r[0]): str(r[1]) for r in rows}  # type: ignore[index]
    assert by["the new cranes"].endswith("/person/karl-lindqvist")
    assert by["The harbour board"].endswith("/person/karl-lindqvist")


def test_real_model_a_pronoun_speaker_coreference_leaves_open_has_no_speaker() -> None:
    from kg.api.core import build_documents

    # "she" has no woman to refer to: the quote is nobody's, not Viktor Lund's (the nearest
    # speaker before it, a man), and its "My" names nobody
    text = ("Viktor Lund said the company would appeal. “This delay costs jobs,” he said. "
            "The farmer welcomed the news. “My grandfather fished here,” she said.")
    graph = build_documents([Document("mine", text)])
    assert [(q.text, q.speaker) for q in graph.quotes()] == [
        ("This delay costs jobs,", "Viktor Lund")]


def test_the_speaker_is_the_person_a_name_before_a_title_modifies() -> None:
    text = ("“They ignored us,” said Guild president Marco Bellini.\n"
            "“We waited,” Marco Bellini of the Guild said.")
    mentions = [_named("Guild", text), _named("Marco Bellini", text),
                _named("Marco Bellini", text, nth=1), _named("Guild", text, nth=1)]
    assert [s for _, s in _quotes(text, mentions)] == ["Marco Bellini", "Marco Bellini"]
