"""The model's rule-based lemmatizer, remembered per distinct token.

spaCy's ``Lemmatizer`` (``rule`` mode, as in ``en_core_web_sm``) remembers a lemma only when
its rules ran: a word it takes as a base form (a singular noun, an infinitive, a positive
adjective: most of the words of a news story) has its features read into a dict and checked
again every time it occurs, and every token's lemma is set one Python call at a time. It costs
a sixth of the whole pipeline. Its lemma depends only on the token's text, coarse POS and
morphological features (``ORTH``, ``POS``, ``MORPH``), and a lemma already set (by the
attribute rules) is kept unless it overwrites: so ``LemmaTable`` asks the model's lemmatizer
once per distinct ``(ORTH, POS, MORPH)`` and writes the whole document's lemmas from its
arrays (the same lemmas, token for token; ``tests/test_attributes.py`` checks them against
the model on real text). Other lemmatizers (trainable ones, other languages' rules) stay.

``replace_lemmatizer(nlp)`` swaps it in (``kg.nlp.loader.load_model`` does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from kg.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

NAME = "kg_lemma_table"
_LEMMATIZER = "lemmatizer"
#: The modes whose lemma is a function of ``ORTH``, ``POS`` and ``MORPH`` alone.
_PURE_MODES = frozenset({"rule", "lookup", "pos_lookup"})
#: Distinct tokens whose lemmas are remembered, at most.
CACHE_SIZE = 200_000


class LemmaTable:
    """A pipeline component that sets the lemmas ``lemmatizer`` sets (see the module
    docstring)."""

    def __init__(self, lemmatizer: Lemmatizer | None = None) -> None:
        self.lemmatizer = lemmatizer
        self._seen: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        lemmatizer = self.lemmatizer
        if lemmatizer is None:
            raise ConfigError(f"the {NAME!r} component has no lemmatizer to follow; "
                              "make it with kg.nlp.lemmas.replace_lemmatizer")
        if len(doc) == 0:
            return doc
        seen, strings, overwrite = self._seen, doc.vocab.strings, lemmatizer.overwrite
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(
                doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not overwrite:
                lemmas.append(lemma)  # set by the attribute rules
                continue
            key = (orth, pos, morph)
            found = seen.get(key)
            if found is None:
                if len(seen) >= CACHE_SIZE:
                    seen.clear()
                found = seen[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(found)
        doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64).reshape(-1, 1))  # type: ignore[arg-type]
        return doc


def replace_lemmatizer(nlp: Language) -> bool:
    """Put a ``LemmaTable`` in place of ``nlp``'s ``lemmatizer`` when it is spaCy's own
    (English or language-neutral) rule, lookup or POS-lookup lemmatizer; whether it did."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer

    if _LEMMATIZER not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(_LEMMATIZER)
    if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer) or \
            lemmatizer.mode not in _PURE_MODES:  # type: ignore[attr-defined]
        return False
    _register()
    table = nlp.replace_pipe(_LEMMATIZER, NAME)
    assert isinstance(table, LemmaTable)
    table.lemmatizer = lemmatizer  # type: ignore[assignment]
    return True


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(NAME):
        @Language.factory(NAME)
        def make(nlp: Language, name: str) -> LemmaTable:
            return LemmaTable()
