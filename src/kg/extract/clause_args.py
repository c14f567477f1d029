"""Argument spans and mentions for ``kg.clause.v1``.

An argument is the contiguous run of tokens a head word dominates, cut where a clause,
apposition or conjunct of that head begins (they become statements of their own), and
trimmed of punctuation at both ends. ``Args`` computes these once per token and document,
and reads entity names from a per-document index, so extraction stays linear.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.spans import LITERAL_LABELS
from kg.model import Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Children of an argument's head whose subtrees start a statement of their own.
_CUT = frozenset({"relcl", "appos", "advcl", "parataxis", "conj", "cc", "preconj"})
# A participle modifier (acl) is cut only when set off by a comma ("Khalil, detained in …");
# a restrictive one ("the case reviewed by a court") stays in the noun phrase.
_ACL = "acl"
# Tokens trimmed from the ends of an argument.
_TRIM_POS = frozenset({"PUNCT", "CCONJ", "SPACE"})


class Args:
    """Argument spans and mentions of one ``Doc``, memoised per head token."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # built anew on every ``doc.text`` access: read it once
        self._ents: list[SpacySpan | None] = [None] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self._ents[i] = ent
        self._bounds: dict[int, tuple[int, int]] = {}
        self._mentions: dict[tuple[int, int, bool], Mention] = {}

    def bounds(self, head: Token) -> tuple[int, int]:
        """``(first, last)`` token indices of the argument headed by ``head``."""
        cached = self._bounds.get(head.i)
        if cached is not None:
            return cached
        lo, hi = head.left_edge.i, head.right_edge.i
        for child in head.children:
            if not self._cuts(head, child):
                continue
            if child.i > head.i:
                hi = min(hi, child.left_edge.i - 1)
            else:
                lo = max(lo, child.right_edge.i + 1)
        parent = head.head.i
        if lo <= parent <= hi and parent != head.i:  # a non-projective parse
            if parent > head.i:
                hi = parent - 1
            else:
                lo = parent + 1
        lo, hi = self.trim(lo, hi, head.i)
        self._bounds[head.i] = (lo, hi)
        return lo, hi

    def _cuts(self, head: Token, child: Token) -> bool:
        if child.dep_ in _CUT:
            return True
        if child.dep_ == _ACL and child.i > head.i:
            return any(t.is_punct for t in self.doc[head.i + 1 : child.left_edge.i])
        return False

    def trim(self, lo: int, hi: int, keep: int) -> tuple[int, int]:
        """Shrink ``lo..hi`` past punctuation and conjunctions at either end, keeping ``keep``."""
        doc = self.doc
        while hi > keep and doc[hi].pos_ in _TRIM_POS:
            hi -= 1
        while lo < keep and doc[lo].pos_ in _TRIM_POS:
            lo += 1
        return lo, hi

    def span(self, lo: int, hi: int) -> Span:
        """The ``Span`` of tokens ``lo..hi`` (inclusive)."""
        doc = self.doc
        start = doc[lo].idx
        end = doc[hi].idx + len(doc[hi].text)
        return Span(start, end, self.text[start:end])

    def sentence(self, sent: SpacySpan) -> Span:
        """The sentence's own text, without surrounding white space."""
        lo, hi = sent.start, sent.end - 1
        doc = self.doc
        while lo < hi and doc[lo].is_space:
            lo += 1
        while hi > lo and doc[hi].is_space:
            hi -= 1
        return self.span(lo, hi)

    def length(self, head: Token) -> int:
        lo, hi = self.bounds(head)
        return hi - lo + 1

    def mention(self, head: Token, *, start: Token | None = None, literal: bool = False) -> Mention:
        """The argument headed by ``head``, extended left to ``start`` (its preposition)."""
        lo, hi = self.bounds(head)
        if start is not None:
            lo = min(lo, start.i)
        return self.mention_of(lo, hi, head, literal=literal)

    def mention_without(self, head: Token, clause: Token) -> Mention:
        """The argument headed by ``head``, cut before ``clause`` if it lies inside it
        (a noun modified by the participle whose statement it is the subject of)."""
        lo, hi = self.bounds(head)
        if head.i < clause.i <= hi:
            lo, hi = self.trim(lo, max(head.i, clause.left_edge.i - 1), head.i)
        return self.mention_of(lo, hi, head)

    def mention_of(self, lo: int, hi: int, head: Token, *, literal: bool = False) -> Mention:
        """A ``Mention`` of tokens ``lo..hi``; an entity at ``head`` names it."""
        key = (lo, hi, literal)
        cached = self._mentions.get(key)
        if cached is not None:
            return cached
        ent = self._ents[head.i]
        if ent is None or not lo <= ent.start <= ent.end - 1 <= hi:
            found = Mention(self.span(lo, hi), literal=literal)
        else:
            label = ent.label_
            name = self.span(ent.start, ent.end - 1)
            found = Mention(self.span(lo, hi), label, name, literal or label in LITERAL_LABELS)
        self._mentions[key] = found
        return found
