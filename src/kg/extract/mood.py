"""Clauses nobody asserts, told by their mood: a wish, a purpose, a condition.

``kg.extract.facts`` marks a statement read from such a clause (``irrealis``,
``conditional``): open-IE output keeps it, the entity graph leaves it out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.clause_args import Args

#: Verbs whose clausal object nobody asserts: a hope, a wish, a demand ("had hoped ICE would
#: show compassion"). Forms, not lemmas: the tagger lemmatises "hoped" as "hop".
_IRREALIS = re.compile(
    r"(?:hop|wish|want|pray|dream|demand|urg|request|propos|recommend|ask)"
    r"(?:e|es|ed|s|ing|t)?", re.IGNORECASE)


def wishes(verb: Token) -> bool:
    """Whether ``verb`` (a form) hopes, wishes or demands its clausal object."""
    return bool(_IRREALIS.fullmatch(verb.lower_))


#: Marks of a clause that holds only if something else does ("if", "unless"), and of one
#: that sets a time still to come when its main clause looks ahead ("until", "once").
_CONDITIONS = frozenset({"if", "unless"})
_UNTIL = frozenset({"until", "till", "once"})
_AHEAD = frozenset({"will", "would", "'ll", "shall", "could", "can", "may", "might", "must",
                    "should"})


def conditional(clause: Token, args: Args) -> bool:
    """Whether the adverbial ``clause`` is a condition, not a fact: "if"/"unless" opens it,
    or "until"/"once" does under a main verb with a modal ("will not unload a ship until
    they get one"; but "waited until the rain stopped" says the rain stopped)."""
    marks = {c.lower_ for c in args.children(clause) if c.dep_ == "mark"}
    if marks & _CONDITIONS:
        return True
    return bool(marks & _UNTIL) and any(
        c.dep_ == "aux" and c.lower_ in _AHEAD for c in args.children(clause.head))


#: Modals of a purpose clause ("so he could attend"); "so" with none says what followed.
_PURPOSE_MODALS = frozenset({"could", "would", "might", "may", "can", "will", "should"})


def purpose(clause: Token, args: Args) -> bool:
    """A clause opened by ``so (that)`` or ``in order that`` with a modal: what somebody
    wanted to happen, not what did."""
    children = list(args.children(clause))
    marks = {c.lower_ for c in children if c.dep_ == "mark"}
    return bool(marks & {"so", "order"}) and any(
        c.dep_ == "aux" and c.lower_ in _PURPOSE_MODALS for c in children)


def wished(clause: Token, args: Args) -> bool:
    """A ``where``/``when`` clause of a noun, with no comma before it, that an infinitive or
    ``let``'s verb is to make ("Let's build a world *where* the only flag is red"): the
    clause describes what is wanted, not what is ("moved to Paris, where she met him" is)."""
    first = clause.left_edge
    if first.i == 0 or first.nbor(-1).is_punct or not any(
            c.dep_ == "advmod" and c.lower_ in ("where", "when") for c in args.children(clause)):
        return False
    verb = clause.head.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.pos_ == "VERB" and (verb.head.lemma_.casefold() == "let" or any(
        c.tag_ == "TO" for c in args.children(verb)))
