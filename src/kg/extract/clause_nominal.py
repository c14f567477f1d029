"""Statements without a verb for ``kg.clause.v1``: appositions and possessives.

Their relation is inferred (``is``, ``has``): the part that is not in the sentence has no
span, so a relation read entirely from nothing has ``Relation.spans == ()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract.clause_labels import APPOS, CASE, CONJ, NOMINAL, POBJ, POSS, PREP
from kg.extract.clause_score import confidence
from kg.extract.spans import surface
from kg.model import Provenance, Relation, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from kg.extract.clause_args import Args

_IS = Relation("is", "be", ())
_IS_IN = Relation("is in", "be in", ())
_HAS = Relation("has", "have", ())
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_PLACES = frozenset({"GPE", "LOC"})
# Entity labels of the same kind: an apposition between two kinds cannot say "is".
_KINDS = {"PERSON": "person", "NORP": "group", "ORG": "org", "GPE": "place", "LOC": "place",
          "FAC": "facility", "DATE": "date", "TIME": "date", "EVENT": "event"}


def nominal_statements(sent: SpacySpan, args: Args, sentence: Span, n_tokens: int,
                       document_id: str, extractor: str) -> Iterator[Statement]:
    """Yield the apposition and possessive statements of ``sent``."""
    for i in range(sent.start, sent.end):
        if args.pos[i] not in NOMINAL:
            continue
        token = args.tokens[i]
        appositions = [c for c in args.children(token)
                       if c.dep_ == APPOS and c.pos_ in NOMINAL]
        if appositions:
            yield from _apposition(token, appositions, args, sentence, n_tokens, document_id,
                                   extractor)
        if token.dep_ == POSS and token.head.pos_ in NOMINAL:
            yield from _possessive(token, args, sentence, n_tokens, document_id, extractor)


def _apposition(noun: Token, appositions: list[Token], args: Args, sentence: Span,
                n_tokens: int, document_id: str, extractor: str) -> Iterator[Statement]:
    """``X, Y`` → ``X | is | Y``; ``X, Y of Z`` → ``X | is Y of | Z``."""
    # A hyphenated apposition ("co - director") may come as several appos siblings.
    head = appositions[-1]
    _, hi = args.bounds(head)
    lo, hi = args.trim(min(a.left_edge.i for a in appositions), hi, head.i)
    subject = args.mention(noun)
    of = next((c for c in args.children(head) if c.dep_ == PREP and c.lower_ == "of"), None)
    pobj = None if of is None else next((c for c in args.children(of) if c.dep_ == POBJ),
                                        None)
    filtered = ""
    owner = _role_noun(noun, head, args)
    if owner is not None:
        # "Co-founder of Vantara Labs, Priya Raghunathan, met …": the name is the co-founder,
        # not the company the parser attached it to.
        rel, rule = _IS, "SVC-appos-role"
        subject, obj = args.mention_of(lo, hi, head), args.mention_of(
            args.bounds(owner)[0], args.bounds(noun)[1], owner)
    elif of is not None and pobj is not None and args.bounds(pobj)[1] == hi:
        spans = tuple(args.span(i, i) for i in range(lo, of.i + 1))
        words = surface(args.tokens[lo:of.i + 1])
        rel = Relation(f"is {words}", f"be {words.lower()}", spans)
        obj = args.mention(pobj)
        rule = "SVC-appos-of"
    else:
        rel, obj, rule = _IS, args.mention_of(lo, hi, head), "SVC-appos"
        kinds = (_KINDS.get(subject.label), _KINDS.get(obj.label))
        if kinds == ("place", "place"):
            rel, rule = _IS_IN, "SVC-appos-place"  # "Jena, Louisiana"; "New York City (USA)"
        else:
            filtered = _not_an_identity(noun, appositions, head, args, kinds)
    yield Statement(
        subject=subject,
        relation=rel,
        object=obj,
        provenance=Provenance(document_id, sentence, extractor, rule),
        confidence=confidence(rule, "own", subject, obj, 0, n_tokens),
        filtered=filtered,
    )


def _role_noun(noun: Token, head: Token, args: Args) -> Token | None:
    """The common noun an apposition belongs to when the parser hung it on the name in that
    noun's ``of`` phrase: ``[Co-founder] of Vantara Labs, Priya Raghunathan``."""
    of = noun.head
    if not (noun.dep_ == POBJ and of.lower_ == "of" and of.dep_ == PREP
            and noun.pos_ == "PROPN" and head.pos_ == "PROPN"):
        return None
    owner = of.head
    return owner if owner.pos_ == "NOUN" and owner.i < noun.i else None


def _not_an_identity(noun: Token, appositions: list[Token], head: Token, args: Args,
                     kinds: tuple[str | None, str | None]) -> str:
    """Why ``noun, head`` is not ``noun | is | head`` ("": it is)."""
    ent = args.entity_at(noun)
    if ent is not None and ent is args.entity_at(head):
        return "name"  # inside one name: "the Cathedral of St. John the Divine"
    if any(c.dep_ == CONJ and noun.i < c.i < head.i for c in args.children(noun)):
        return "list"  # "Huge marches, student strikes, …, boycotts"
    if any(args.tokens[i].text == "," for i in range(appositions[0].i, head.i)):
        return "list"
    if noun.tag_ in _PLURAL_TAGS and head.tag_ not in _PLURAL_TAGS:
        return "list"  # "two children, Angel and Jacqueline": members, not the pair
    if any(args.tokens[i].text == "(" for i in range(max(0, head.left_edge.i - 1), head.i)):
        return "alias"  # "Immigration and Customs Enforcement (ICE)"
    if None not in kinds and kinds[0] != kinds[1]:
        return "types"  # "USA, March 10": a place is not a date
    return ""


def _possessive(possessor: Token, args: Args, sentence: Span, n_tokens: int,
                document_id: str, extractor: str) -> Iterator[Statement]:
    """``Khalil's wife`` → ``Khalil | has | wife``."""
    lo, hi = args.bounds(possessor)
    if args.tokens[hi].dep_ == CASE:
        hi -= 1
    owned = possessor.head
    owned_lo = possessor.right_edge.i + 1
    _, owned_hi = args.bounds(owned)
    if hi < lo or owned_hi < owned_lo:
        return
    subject = args.mention_of(lo, hi, possessor)
    obj = args.mention_of(owned_lo, owned_hi, owned)
    # "International Workers’ Day", "St. Patrick’s Cathedral": a possessive inside a name.
    after = args.tokens[owned_lo]
    inside_name = after.is_title and (possessor.pos_ == "PROPN" or owned.pos_ == "PROPN")
    # "residents' groups", "workers' rights": a bare plural noun's possessive says what kind
    # of thing, not whose
    kind = (possessor.tag_ == "NNS" and possessor.right_edge.lower_ in ("'", "’")
            and not any(c.dep_ in ("det", "poss", "nummod") for c in args.children(possessor)))
    yield Statement(
        subject=subject,
        relation=_HAS,
        object=obj,
        provenance=Provenance(document_id, sentence, extractor, "possessive"),
        confidence=confidence("possessive", "own", subject, obj, 0, n_tokens),
        filtered="name" if inside_name else "kind" if kind else "",
    )
