"""Statements without a verb for ``kg.clause.v1``: appositions and possessives.

Their relation is inferred (``is``, ``has``): the part that is not in the sentence has no
span, so a relation read entirely from nothing has ``Relation.spans == ()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract.clause_score import confidence
from kg.extract.spans import surface
from kg.model import Provenance, Relation, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from kg.extract.clause_args import Args

# "Ramzi Kassem, *co-director of CUNY CLEAR*": an apposition of a noun.
_APPOS = "appos"
# "*Khalil*'s wife": a possessor, and the "'s" that marks it.
_POSS = "poss"
_CASE = "case"
# "co-director *of* CUNY CLEAR": the preposition folded into an apposition's relation.
_PREP = "prep"
_POBJ = "pobj"
_NOMINAL = frozenset({"NOUN", "PROPN"})

_IS = Relation("is", "be", ())
_HAS = Relation("has", "have", ())


def nominal_statements(sent: SpacySpan, args: Args, sentence: Span, n_tokens: int,
                       document_id: str, extractor: str) -> Iterator[Statement]:
    """Yield the apposition and possessive statements of ``sent``."""
    for i in range(sent.start, sent.end):
        if args.pos[i] not in _NOMINAL:
            continue
        token = args.tokens[i]
        appositions = [c for c in args.children(token)
                       if c.dep_ == _APPOS and c.pos_ in _NOMINAL]
        if appositions:
            yield from _apposition(token, appositions, args, sentence, n_tokens, document_id,
                                   extractor)
        if token.dep_ == _POSS and token.head.pos_ in _NOMINAL:
            yield from _possessive(token, args, sentence, n_tokens, document_id, extractor)


def _apposition(noun: Token, appositions: list[Token], args: Args, sentence: Span,
                n_tokens: int, document_id: str, extractor: str) -> Iterator[Statement]:
    """``X, Y`` → ``X | is | Y``; ``X, Y of Z`` → ``X | is Y of | Z``."""
    # A hyphenated apposition ("co - director") may come as several appos siblings.
    head = appositions[-1]
    _, hi = args.bounds(head)
    lo, hi = args.trim(min(a.left_edge.i for a in appositions), hi, head.i)
    subject = args.mention(noun)
    of = next((c for c in args.children(head) if c.dep_ == _PREP and c.lower_ == "of"), None)
    pobj = None if of is None else next((c for c in args.children(of) if c.dep_ == _POBJ),
                                        None)
    if of is not None and pobj is not None and args.bounds(pobj)[1] == hi:
        spans = tuple(args.span(i, i) for i in range(lo, of.i + 1))
        words = surface(args.tokens[lo:of.i + 1])
        rel = Relation(f"is {words}", f"be {words.lower()}", spans)
        obj = args.mention(pobj)
        rule = "SVC-appos-of"
    else:
        rel, obj, rule = _IS, args.mention_of(lo, hi, head), "SVC-appos"
    yield Statement(
        subject=subject,
        relation=rel,
        object=obj,
        provenance=Provenance(document_id, sentence, extractor, rule),
        confidence=confidence(rule, "own", subject, obj, 0, n_tokens),
    )


def _possessive(possessor: Token, args: Args, sentence: Span, n_tokens: int,
                document_id: str, extractor: str) -> Iterator[Statement]:
    """``Khalil's wife`` → ``Khalil | has | wife``."""
    lo, hi = args.bounds(possessor)
    if args.tokens[hi].dep_ == _CASE:
        hi -= 1
    owned = possessor.head
    owned_lo = possessor.right_edge.i + 1
    _, owned_hi = args.bounds(owned)
    if hi < lo or owned_hi < owned_lo:
        return
    subject = args.mention_of(lo, hi, possessor)
    obj = args.mention_of(owned_lo, owned_hi, owned)
    yield Statement(
        subject=subject,
        relation=_HAS,
        object=obj,
        provenance=Provenance(document_id, sentence, extractor, "possessive"),
        confidence=confidence("possessive", "own", subject, obj, 0, n_tokens),
    )
