"""``kg.svo.v1``: a compact subject–verb–object extractor over the dependency parse.

One statement per verb: its subjects (split on coordination) with its direct object, or,
without one, its first prepositional object, folding the preposition into the relation.
Other prepositional phrases become extra arguments. Negation and modal auxiliaries are kept as
attributes. It is deliberately simple; ``kg.clause.v1`` is the thorough extractor.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract import extractors
from kg.extract.spans import mention, relation, statement
from kg.model import Mention, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "kg.svo.v1"

_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
_OBJECTS = {"dobj", "attr", "oprd", "dative"}
_LITERAL_OBJECTS = {"acomp", "ccomp", "xcomp"}
_AUX = {"aux", "auxpass"}
_NEG = "neg"
_PARTICLE = "prt"
_PREP = "prep"
_AGENT = "agent"
_POBJ = {"pobj", "pcomp"}
_CONJ = "conj"
_RELCL = "relcl"
_ACL = "acl"
# Children whose subtrees do not belong inside an argument span.
_CUT = {"relcl", "acl", "appos", "punct", "cc", "advcl", "parataxis"}
_RELATIVE_PRONOUNS = {"who", "whom", "which", "that", "whose"}
_MODALS = {"will", "would", "can", "could", "may", "might", "must", "shall", "should"}


def _span_tokens(head: Token) -> list[Token]:
    """The head's subtree without clauses, appositions and conjuncts hanging off it."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in _CUT or child.dep_ in (_CONJ, "cc", "preconj"):
            continue
        tokens.extend(child.subtree)
    lo = min(t.i for t in tokens)
    hi = max(t.i for t in tokens)
    doc = head.doc
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    while lo < hi and doc[lo].is_punct:
        lo += 1
    return [doc[i] for i in range(lo, hi + 1)]


def _arg(head: Token, *, literal: bool = False) -> Mention:
    return mention(_span_tokens(head), head, literal=literal)


def _with_conjuncts(token: Token) -> list[Token]:
    """``token`` and the tokens coordinated with it (``X, Y and Z``)."""
    out = [token]
    for conj in token.conjuncts:
        if conj.i > token.i:
            out.append(conj)
    return out


def _subjects(verb: Token) -> list[Token]:
    """Subjects of ``verb``: its own, a coordinated verb's, or the noun a clause modifies."""
    own = [c for c in verb.children if c.dep_ in _SUBJECTS]
    if own and own[0].lower_ not in _RELATIVE_PRONOUNS:
        return _with_conjuncts(own[0])
    if verb.dep_ in (_RELCL, _ACL) and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]
    if not own and verb.dep_ == _CONJ:
        return _subjects(verb.head)
    return _with_conjuncts(own[0]) if own else []


def _prep_object(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in _POBJ), None)


def _verb_statements(verb: Token, document_id: str) -> Iterator[Statement]:
    subjects = _subjects(verb)
    if not subjects:
        return
    children = list(verb.children)
    rel_tokens = [c for c in children if c.dep_ in _AUX or c.dep_ in (_NEG, _PARTICLE)]
    rel_tokens = sorted([*rel_tokens, verb], key=lambda t: t.i)
    negated = any(c.dep_ == _NEG for c in children)
    modal = next((c.lower_ for c in children if c.dep_ == "aux" and c.lower_ in _MODALS), None)

    objects = [c for c in children if c.dep_ in _OBJECTS]
    literal_objects = [c for c in children if c.dep_ in _LITERAL_OBJECTS]
    preps = [(c, o) for c in children
             if c.dep_ in (_PREP, _AGENT) and (o := _prep_object(c)) is not None]

    rule = "svo"
    confidence = 0.8
    obj_heads: list[Token] = []
    literal = False
    if objects:
        obj_heads = _with_conjuncts(objects[0])
        if objects[0].dep_ == "attr":
            rule, confidence = "copula", 0.75
    elif any(p.i > verb.i for p, _ in preps):
        # The first preposition after the verb joins the relation ("answer to").
        prep, pobj = next((p, o) for p, o in preps if p.i > verb.i)
        preps.remove((prep, pobj))
        rel_tokens.append(prep)
        obj_heads = _with_conjuncts(pobj)
        rule, confidence = "sv-prep", 0.65
    elif literal_objects:
        obj_heads = [literal_objects[0]]
        literal = True
        rule, confidence = "sv-complement", 0.5

    extra = tuple(mention([p, *_span_tokens(o)], o) for p, o in preps)
    rel = relation(rel_tokens)
    sent = verb.sent
    for subj in subjects:
        subj_m = _arg(subj)
        if not obj_heads:
            yield statement(sent, subj_m, rel, None, extractor=NAME, rule="sv",
                            document_id=document_id, confidence=0.4, extra_args=extra,
                            negated=negated, modality=modal)
            continue
        for obj in obj_heads:
            penalty = 0.02 * max(0, len(_span_tokens(obj)) - 6)
            yield statement(sent, subj_m, rel, _arg(obj, literal=literal), extractor=NAME,
                            rule=rule, document_id=document_id,
                            confidence=max(0.05, confidence - penalty), extra_args=extra,
                            negated=negated, modality=modal)


@extractors.register(NAME)
def extract_svo(doc: Doc, document_id: str = "") -> Iterator[Statement]:
    """Yield one statement per verb (and per coordinated subject or object) in ``doc``."""
    for token in doc:
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ in ("ROOT", "conj")):
            yield from _verb_statements(token, document_id)
