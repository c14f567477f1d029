"""``kg.nlp.attributes``: the model's attribute rules applied as lookups give exactly what
spaCy's ``AttributeRuler`` gives (and ``kg.nlp.lemmas`` the lemmas its lemmatizer gives)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from kg.nlp.attributes import AttributeTable, replace_ruler
from kg.nlp.lemmas import LemmaTable
from kg.nlp.loader import DEFAULT_MODEL, chunks, load_model

ATTRS = ["ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB",
         "ENT_TYPE"]

OWN = """Y'all gonna love it, ain't nothin' wrong — let's go. Gotta run; c'mon!
There is a dog. It is here. I gave it to you, and you gave it to me. Gets it? Got it.
Dr. Nnamdi Okafor-Chukwu, 54, said he'd been there: "I can't and won't stop," he said.
Fatima al-Zahra's lawyers don't think they'll appeal, though it's uncertain whether they would.
  \n\nSomething happened to somebody; nobody knew what, but everyone saw it.
"""


def _same(a: Doc, b: Doc) -> bool:
    return bool((a.to_array(ATTRS) == b.to_array(ATTRS)).all()) and \
        [str(t.morph) for t in a] == [str(t.morph) for t in b]


def _texts(corpus: Path, carb: Path) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    texts += (carb / "dev.txt").read_text(encoding="utf-8").splitlines()[:300]
    texts.append(OWN)
    return [piece for text in texts for _, piece in chunks(text)] + [OWN, "", "   "]


def test_every_token_attribute_equals_the_model_ruler_on_real_text(corpus_dir: Path,
                                                                  carb_dir: Path) -> None:
    texts = _texts(corpus_dir, carb_dir)
    model = spacy.load(DEFAULT_MODEL)
    fast = load_model()
    assert type(fast.get_pipe("attribute_ruler")) is AttributeTable
    assert type(fast.get_pipe("lemmatizer")) is LemmaTable  # so LEMMA is checked too
    assert fast.pipe_names == model.pipe_names
    differing = [d.text[:60] for d, e in zip(model.pipe(texts), fast.pipe(texts), strict=True)
                 if not _same(d, e)]
    assert differing == []
    assert len(texts) > 300


def _ruled(patterns: list[dict[str, Any]], words: list[str], tags: list[str],
           deps: list[str]) -> tuple[Doc, Doc]:
    """The same hand-built Doc after spaCy's ruler and after the table, both with
    ``patterns``."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    heads = [0] * len(words)

    def doc() -> Doc:
        return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads)

    return ruler(doc()), AttributeTable(nlp.vocab, ruler.patterns)(doc())  # type: ignore[attr-defined]


RULES: list[dict[str, Any]] = [
    # a tag rule, then a later rule for one word of that tag, which overrides it
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["nobody", "someone"]}}]],
     "attrs": {"POS": "PRON"}},
    # two tokens, the second one set (a positive index), and the last one (negative)
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]],
     "attrs": {"POS": "VERB"}, "index": -1},
    # a regular expression, two alternatives, a set that leaves out the empty value
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
    {"patterns": [[{"TAG": "VBZ", "LOWER": "gets"}], [{"TAG": "VBD", "LOWER": "got"}]],
     "attrs": {"LEMMA": "get"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}]],
     "attrs": {"POS": "AUX"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
]


def test_hand_built_rules_match_the_ruler_token_for_token() -> None:
    words = ["There", "was", "nobody", "gon", "na", "say", "nothin'", ",", "he", "got",
             "it", "\n", "and", "gets", "to", "go", "someone", "dog"]
    tags = ["EX", "VBD", "NN", "VBG", "TO", "VB", "NN", ",", "PRP", "VBD", "PRP", "_SP", "CC",
            "VBZ", "TO", "VB", "NN", "NN"]
    deps = ["expl", "ROOT", "attr", "aux", "aux", "xcomp", "dobj", "punct", "nsubj", "conj",
            "dobj", "dep", "cc", "conj", "aux", "xcomp", "npadvmod", "dobj"]
    ruler, table = _ruled(RULES, words, tags, deps)
    assert _same(ruler, table)
    by_word = {t.text: t for t in table}
    assert by_word["nobody"].pos_ == "PRON" and by_word["dog"].pos_ == "NOUN"  # later rule wins
    assert [by_word["gon"].lemma_, by_word["na"].lemma_] == ["go", "to"]
    assert by_word["was"].pos_ == "VERB" and by_word["nothin'"].lemma_ == "nothing"
    assert by_word["got"].lemma_ == by_word["gets"].lemma_ == "get"
    assert by_word["gon"].pos_ == "AUX" and by_word["to"].pos_ != "AUX"  # TO left out
    assert by_word["\n"].pos_ == "SPACE"


@pytest.mark.parametrize("rule", [
    {"patterns": [[{"LOWER": {"FUZZY": "gonna"}}]], "attrs": {"LEMMA": "go"}},
    {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"NORM": "thing"}},
])
def test_a_rule_it_cannot_apply_keeps_the_model_ruler(rule: dict[str, Any]) -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([RULES[0], rule])  # type: ignore[attr-defined]
    assert replace_ruler(nlp) is False
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_a_pipeline_without_a_ruler_is_left_alone() -> None:
    nlp = spacy.blank("en")
    assert replace_ruler(nlp) is False and nlp.pipe_names == []
