"""``kg.nlp.lemmas``: the model's lemmatizer remembered per distinct token gives its lemmas.

That every token's lemma equals the model's own on real text is checked with the other
attributes in ``tests/test_attributes.py``; these are the rules on hand-built ``Doc``s.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.errors import ConfigError
from kg.nlp.lemmas import LemmaTable, replace_lemmatizer
from kg.nlp.loader import DEFAULT_MODEL, load_model


@pytest.fixture(scope="module")
def model() -> spacy.language.Language:
    return spacy.load(DEFAULT_MODEL)


def _doc(model: spacy.language.Language, words: list[str], pos: list[str],
         morphs: list[str], lemmas: list[str] | None = None) -> Doc:
    return Doc(model.vocab, words=words, pos=pos, morphs=morphs, lemmas=lemmas)


def test_the_model_pipeline_gets_the_table(model: spacy.language.Language) -> None:
    fast = load_model()
    table = fast.get_pipe("lemmatizer")
    assert type(table) is LemmaTable and fast.pipe_names == model.pipe_names
    assert type(table.lemmatizer) is type(model.get_pipe("lemmatizer"))


def test_the_same_word_with_other_features_gets_its_own_lemma(
        model: spacy.language.Language) -> None:
    words = ["saw", "saw", "saws", "saws", "better", "better"]
    pos = ["VERB", "NOUN", "NOUN", "VERB", "ADJ", "ADJ"]
    morphs = ["Tense=Past|VerbForm=Fin", "Number=Sing", "Number=Plur",
              "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "Degree=Cmp", "Degree=Pos"]
    spacy_lemmas = [t.lemma_ for t in model.get_pipe("lemmatizer")(_doc(model, words, pos,
                                                                          morphs))]
    table = LemmaTable(model.get_pipe("lemmatizer"))  # type: ignore[arg-type]
    twice = [table(_doc(model, words, pos, morphs)) for _ in range(2)]  # then remembered
    assert [[t.lemma_ for t in doc] for doc in twice] == [spacy_lemmas] * 2
    assert spacy_lemmas == ["see", "saw", "saw", "saw", "well", "better"]


def test_a_lemma_already_set_is_kept_unless_the_lemmatizer_overwrites(
        model: spacy.language.Language) -> None:
    lemmatizer = model.get_pipe("lemmatizer")
    table = LemmaTable(lemmatizer)  # type: ignore[arg-type]
    doc = table(_doc(model, ["went", "went"], ["VERB", "VERB"],
                     ["Tense=Past|VerbForm=Fin"] * 2, ["gone", ""]))
    assert [t.lemma_ for t in doc] == ["gone", "go"]
    lemmatizer.overwrite = True  # type: ignore[attr-defined]
    try:
        doc = LemmaTable(lemmatizer)(_doc(model, ["went"], ["VERB"],  # type: ignore[arg-type]
                                          ["Tense=Past|VerbForm=Fin"], ["gone"]))
    finally:
        lemmatizer.overwrite = False  # type: ignore[attr-defined]
    assert doc[0].lemma_ == "go"


def test_empty_documents_pass_and_a_table_without_a_lemmatizer_is_a_clear_error(
        model: spacy.language.Language) -> None:
    assert len(LemmaTable(model.get_pipe("lemmatizer"))(Doc(model.vocab, words=[]))) == 0  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="no lemmatizer to follow"):
        LemmaTable()(Doc(model.vocab, words=["x"]))


def test_a_lemmatizer_it_cannot_follow_stays() -> None:
    nlp = spacy.blank("en")
    assert replace_lemmatizer(nlp) is False  # none at all
    nlp.add_pipe("trainable_lemmatizer", name="lemmatizer")
    assert replace_lemmatizer(nlp) is False
    assert type(nlp.get_pipe("lemmatizer")).__name__ == "EditTreeLemmatizer"
