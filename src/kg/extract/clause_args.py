"""Argument spans and mentions for ``kg.clause.v1``.

An argument is the contiguous run of tokens a head word dominates, cut where a clause,
apposition or conjunct of that head begins (they become statements of their own), and
trimmed of punctuation at both ends. ``Args`` computes these once per token and document,
and reads entity names from a per-document index, so extraction stays linear. It also keeps
one spaCy ``Token`` per position, each token's part of speech and children (spaCy makes new
``Token`` objects on every ``doc[i]`` and ``token.children``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.clause_labels import ACL
from kg.extract.spans import LITERAL_LABELS, can_name, is_separator, is_share
from kg.model import Mention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Children of an argument's head whose subtrees start a statement of their own.
_CUT = frozenset({"relcl", "appos", "advcl", "parataxis", "conj", "cc", "preconj"})
# Tokens trimmed from the ends of an argument.
_TRIM_POS = frozenset({"PUNCT", "CCONJ", "SPACE"})
#: Adverbs that open an argument only as the second half of a correlative ("not only X but
#: also Y"): they belong to the coordination, not to the noun phrase.
_LEADING_ADVERBS = frozenset({"also"})


_HYPHENS = frozenset({"-", "‐", "‑"})


class Args:
    """Argument spans and mentions of one ``Doc``, memoised per head token."""

    def __init__(self, doc: Doc, offset: int = 0) -> None:
        from spacy.attrs import HEAD, POS
        from spacy.parts_of_speech import NAMES

        self.doc = doc
        self.offset = offset  # added to every character offset (see ``extract_clauses``)
        self.text = doc.text  # built anew on every ``doc.text`` access: read it once
        self.tokens: list[Token] = list(doc)
        self.pos: list[str] = [NAMES[p] for p in doc.to_array(POS).tolist()]  # ``.pos_``
        self._children: list[list[Token]] = [[] for _ in self.tokens]
        # HEAD is the offset of a token's head (0 for a root), unsigned in the array
        for i, step in enumerate(doc.to_array(HEAD).astype("int64").tolist()):
            if step:
                self._children[i + step].append(self.tokens[i])
        self._ents: list[SpacySpan | None] = [None] * len(doc)
        for ent in doc.ents:
            if not can_name(ent.text):
                continue
            for i in range(ent.start, ent.end):
                self._ents[i] = ent
        self._bounds: dict[int, tuple[int, int]] = {}
        self._mentions: dict[tuple[int, int, bool], Mention] = {}

    def entity_at(self, token: Token) -> SpacySpan | None:
        """The named entity ``token`` is part of, if any (the same object for all its tokens)."""
        return self._ents[token.i]

    def children(self, token: Token) -> list[Token]:
        """``list(token.children)``."""
        return self._children[token.i]

    def bounds(self, head: Token) -> tuple[int, int]:
        """``(first, last)`` token indices of the argument headed by ``head``."""
        cached = self._bounds.get(head.i)
        if cached is not None:
            return cached
        lo, hi = head.left_edge.i, head.right_edge.i
        for child in self.children(head):
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
        lo, hi = self._whole_words(*self.trim(lo, hi, head.i))
        self._bounds[head.i] = (lo, hi)
        return lo, hi

    def _whole_words(self, lo: int, hi: int) -> tuple[int, int]:
        """``lo..hi`` widened to whole hyphenated words: the parser may cut "the semi-finals"
        into three objects, ``semi``, ``-`` and ``finals``."""
        doc, last = self.doc, len(self.doc) - 1

        def joined(i: int) -> bool:  # tokens i, i+1, i+2 spell one word "x-y"
            return (doc[i + 1].text in _HYPHENS and not doc[i].whitespace_
                    and not doc[i + 1].whitespace_ and doc[i].is_alpha and doc[i + 2].is_alpha
                    and not doc[i + 1].is_sent_start and not doc[i + 2].is_sent_start)

        while hi + 2 <= last and joined(hi):
            hi += 2
        while lo >= 2 and joined(lo - 2):
            lo -= 2
        return lo, hi

    def _cuts(self, head: Token, child: Token) -> bool:
        if child.dep_ in _CUT:
            return True
        # A participle modifier (acl) is cut only when set off by a comma ("Khalil, detained in
        # …"); a restrictive one ("the case reviewed by a court") stays in the noun phrase.
        if child.dep_ == ACL and child.i > head.i:
            return any(t.is_punct for t in self.doc[head.i + 1 : child.left_edge.i])
        return False

    def trim(self, lo: int, hi: int, keep: int) -> tuple[int, int]:
        """Shrink ``lo..hi`` past punctuation, conjunctions and separators (``|``, which the
        tagger takes for a noun) at either end, and past a leading "also", keeping ``keep``."""
        pos, tokens = self.pos, self.tokens
        while hi > keep and (pos[hi] in _TRIM_POS or is_separator(tokens[hi].text)):
            hi -= 1
        while lo < keep and (pos[lo] in _TRIM_POS or is_separator(tokens[lo].text) or (
                pos[lo] == "ADV" and tokens[lo].lower_ in _LEADING_ADVERBS)):
            lo += 1
        return lo, hi

    def span(self, lo: int, hi: int) -> Span:
        """The ``Span`` of tokens ``lo..hi`` (inclusive)."""
        last = self.tokens[hi]
        start = self.tokens[lo].idx
        end = last.idx + len(last)
        return Span(start + self.offset, end + self.offset, self.text[start:end])

    def sentence(self, sent: SpacySpan) -> Span:
        """The sentence's own text, without surrounding white space."""
        lo, hi = sent.start, sent.end - 1
        tokens = self.tokens
        while lo < hi and tokens[lo].is_space:
            lo += 1
        while hi > lo and tokens[hi].is_space:
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
        (a noun modified by the participle whose statement it is the subject of), or before
        the modifier of ``head`` that holds it ("A storm *swept* through the towns, *cutting*
        power": the storm cut power, not "A storm swept through the towns")."""
        lo, hi = self.bounds(head)
        if head.i < clause.i <= hi:
            top = clause
            while top.head.i not in (head.i, top.i):
                top = top.head
            cut = top if top.head.i == head.i and top.i > head.i else clause
            lo, hi = self.trim(lo, max(head.i, cut.left_edge.i - 1), head.i)
        return self.mention_of(lo, hi, head)

    def mention_of(self, lo: int, hi: int, head: Token, *, literal: bool = False) -> Mention:
        """A ``Mention`` of tokens ``lo..hi``; an entity at ``head`` names it."""
        key = (lo, hi, literal)
        cached = self._mentions.get(key)
        if cached is not None:
            return cached
        ent = self._ents[head.i]
        if ent is None or not lo <= ent.start <= ent.end - 1 <= hi or is_share(head, ent, hi):
            found = Mention(self.span(lo, hi), literal=literal)
        else:
            label = ent.label_
            name = self.span(ent.start, ent.end - 1)
            found = Mention(self.span(lo, hi), label, name, literal or label in LITERAL_LABELS)
        self._mentions[key] = found
        return found
