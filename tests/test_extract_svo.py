"""Grammar rules of kg.svo.v1 on hand-built parses, so a model update cannot break them."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.errors import ConfigError
from kg.extract import available_extractors, get_extractor
from kg.extract.svo import extract_svo


def parsed(words, heads, deps, pos, ents=None, lemmas=None) -> Doc:
    """A Doc with the given absolute head indices, labels and parts of speech."""
    vocab = spacy.blank("en").vocab
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents,
               lemmas=lemmas or [w.lower() for w in words], sent_starts=[True] + [False] * (len(words) - 1))


def triples(doc: Doc) -> list[tuple[str, str, str]]:
    return [(s.subject.text, s.relation.text, s.object.text if s.object else "")
            for s in extract_svo(doc)]


def test_subject_verb_object_with_entity_names() -> None:
    # Federal agents detained Leila Haddad .
    doc = parsed(["Federal", "agents", "detained", "Leila", "Haddad", "."],
                 [1, 2, 2, 4, 2, 2], ["amod", "nsubj", "ROOT", "compound", "dobj", "punct"],
                 ["ADJ", "NOUN", "VERB", "PROPN", "PROPN", "PUNCT"],
                 ents=["O", "O", "O", "B-PERSON", "I-PERSON", "O"])
    [st] = list(extract_svo(doc))
    assert (st.subject.text, st.relation.text, st.object.text) == ("Federal agents", "detained", "Leila Haddad")
    assert st.object.label == "PERSON" and st.object.name_text == "Leila Haddad"
    assert st.provenance.extractor == "kg.svo.v1" and st.provenance.rule == "svo"
    assert doc.text[st.object.span.start:st.object.span.end] == "Leila Haddad"


def test_coordinated_objects_split_into_statements() -> None:
    # The letter thanked Castillo and members .
    doc = parsed(["The", "letter", "thanked", "Castillo", "and", "members", "."],
                 [1, 2, 2, 2, 3, 3, 2], ["det", "nsubj", "ROOT", "dobj", "cc", "conj", "punct"],
                 ["DET", "NOUN", "VERB", "PROPN", "CCONJ", "NOUN", "PUNCT"])
    assert triples(doc) == [("The letter", "thanked", "Castillo"), ("The letter", "thanked", "members")]


def test_negation_and_modality_are_kept() -> None:
    # The court will not hear the case .
    doc = parsed(["The", "court", "will", "not", "hear", "the", "case", "."],
                 [1, 4, 4, 4, 4, 6, 4, 4], ["det", "nsubj", "aux", "neg", "ROOT", "det", "dobj", "punct"],
                 ["DET", "NOUN", "AUX", "PART", "VERB", "DET", "NOUN", "PUNCT"])
    [st] = list(extract_svo(doc))
    assert st.relation.text == "will not hear"
    assert st.negated and st.modality == "will"


def test_preposition_after_verb_joins_relation() -> None:
    # Haddad was born in Beirut .
    doc = parsed(["Haddad", "was", "born", "in", "Beirut", "."],
                 [2, 2, 2, 2, 3, 2], ["nsubjpass", "auxpass", "ROOT", "prep", "pobj", "punct"],
                 ["PROPN", "AUX", "VERB", "ADP", "PROPN", "PUNCT"])
    assert triples(doc) == [("Haddad", "was born in", "Beirut")]


def test_relative_clause_takes_its_head_noun_as_subject() -> None:
    # a teacher who organized the vigil spoke .
    doc = parsed(["a", "teacher", "who", "organized", "the", "vigil", "spoke", "."],
                 [1, 6, 3, 1, 5, 3, 6, 6],
                 ["det", "nsubj", "nsubj", "relcl", "det", "dobj", "ROOT", "punct"],
                 ["DET", "NOUN", "PRON", "VERB", "DET", "NOUN", "VERB", "PUNCT"])
    assert ("a teacher", "organized", "the vigil") in triples(doc)
    assert all(s != "who" for s, _, _ in triples(doc))


def test_registry_knows_the_extractor_and_rejects_unknown_names() -> None:
    assert "kg.svo.v1" in available_extractors()
    assert get_extractor("kg.svo.v1") is extract_svo
    with pytest.raises(ConfigError, match=r"unknown extractor 'nope.v1'; choose one of: .*kg.svo.v1"):
        get_extractor("nope.v1")
