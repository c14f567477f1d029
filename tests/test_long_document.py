"""Per-document work grows linearly with a document that has no line breaks (issue 13).

Work is counted, not timed: the document text is a ``str`` that tallies how many characters
its ``find``/``rfind``/``index`` calls and slices look at. A search window that grows with the
document (the quote-speaker search used to scan the whole newline-free "paragraph" for every
first-person pronoun) makes the tally grow quadratically.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any, SupportsIndex

from kg.build.pipeline import process
from kg.enrich.normalise import normalise
from kg.entities.resolve import resolve_document
from kg.extract import DEFAULT_EXTRACTOR, get_extractor
from kg.model import Document

BLOCK = ("Amina Okafor, a lawyer for the union, said the hearing would resume. "
         "\u201cI will appeal the ruling,\u201d Okafor said. She added that it was uncommon "
         "for the court to act so fast. The union said it would protest. "
         "\u201cWe are not afraid,\u201d a worker shouted. Diego Morales said he agreed. ")


class CountingText(str):
    """A ``str`` that counts the characters its searches and slices examine."""

    seen = 0

    def _bounds(self, start: SupportsIndex | None, end: SupportsIndex | None) -> int:
        lo = 0 if start is None else max(0, int(start))
        hi = len(self) if end is None else min(len(self), int(end))
        return max(0, hi - lo)

    def find(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        found = str.find(self, sub, start, end)
        lo = 0 if start is None else max(0, int(start))
        CountingText.seen += (found - lo + len(sub)) if found >= 0 else self._bounds(start, end)
        return found

    def rfind(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        found = str.rfind(self, sub, start, end)
        hi = len(self) if end is None else min(len(self), int(end))
        CountingText.seen += (hi - found) if found >= 0 else self._bounds(start, end)
        return found

    def index(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        found = str.index(self, sub, start, end)
        CountingText.seen += found - (0 if start is None else int(start)) + len(sub)
        return found

    def __getitem__(self, key: Any) -> str:
        piece = str.__getitem__(self, key)
        CountingText.seen += len(piece)
        return piece


def _work(nlp: Any, copies: int) -> tuple[int, int]:
    """(characters examined after parsing, words) for a one-line document of ``copies``."""
    text = " ".join(BLOCK for _ in range(copies))
    [parsed] = process([Document("long", text)], nlp, get_extractor(DEFAULT_EXTRACTOR))
    counted = dataclasses.replace(parsed, document=dataclasses.replace(
        parsed.document, text=CountingText(text)))
    CountingText.seen = 0
    [result] = normalise([resolve_document(counted, Counter())])
    assert result.quotes and result.statements  # the work was done
    return CountingText.seen, parsed.words


def test_resolution_and_quotes_are_linear_in_a_newline_free_document(nlp: Any) -> None:
    small, small_words = _work(nlp, 8)
    big, big_words = _work(nlp, 32)
    per_word_small, per_word_big = small / small_words, big / big_words
    assert per_word_big <= 1.3 * per_word_small, (per_word_small, per_word_big)
