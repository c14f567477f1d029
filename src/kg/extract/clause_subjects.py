"""Predicates, their verb groups and subjects for ``kg.clause.v1``.

Every verb (or copula) heads a clause unless it is folded into the verb that governs it. A
clause's subjects are its own, the noun a relative clause or participle modifies, or those of
the verb it is coordinated with; a relative pronoun stands for the noun its clause modifies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.clause_labels import (
    ACL,
    ADVCL,
    ADVMOD,
    APPOS,
    AUX,
    AUXPASS,
    COMPLEMENTS,
    CONJ,
    DOBJ,
    NOT_PREDICATE,
    PREP,
    PREP_OBJECTS,
    RELCL,
    REPORTING,
    SUBJ,
    SUBJ_PASS,
    VERB_GROUP,
    WH_ADVERBS,
    WH_TAGS,
    XCOMP,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.clause_args import Args


def is_predicate(token: Token, args: Args) -> bool:
    """Verbs and copulas head clauses; an xcomp is folded into the verb that governs it."""
    if token.dep_ in NOT_PREDICATE:
        return False
    if token.pos_ == "VERB":
        return not (token.dep_ == XCOMP and token.head.pos_ in ("VERB", "AUX"))
    return token.pos_ == "AUX" and any(c.dep_ in COMPLEMENTS or c.dep_ == PREP
                                       or c.dep_ in SUBJ for c in args.children(token))


def verb_chain(verb: Token, args: Args) -> list[Token]:
    """``verb`` and the open complements it controls: ``moved`` → ``[moved, challenge]``.

    A verb with an object of its own ends the chain: in "asked the Commission to review the
    plan" the Commission is asked, and what it is asked to do is an argument
    (``read_clause``), not part of the relation ("asked to review | the Commission")."""
    chain = [verb]
    while True:
        children = args.children(chain[-1])
        nxt = next((c for c in children if c.dep_ == XCOMP and c.pos_ == "VERB"), None)
        if nxt is None or any(c.dep_ == DOBJ for c in children):
            return chain
        chain.append(nxt)


def with_conjuncts(token: Token) -> list[Token]:
    """``token`` and the tokens coordinated after it (``X, Y and Z``). An adverb coordinated
    with a noun is no argument of its own ("swelling in Paris, London and *elsewhere*")."""
    nominal = token.pos_ != "ADV"
    return [token, *(c for c in token.conjuncts
                     if c.i > token.i and not (nominal and c.pos_ == "ADV"))]


def antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for: the head of its relative clause."""
    node = token
    while node.dep_ != RELCL and node.head.i != node.i:
        node = node.head
    if node.dep_ == RELCL and node.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        noun = node.head
        if noun.dep_ == APPOS and noun.pos_ == "NOUN" and noun.head.pos_ == "PROPN":
            # "Omar Haddad, a driver who witnessed the crash": the driver is Omar Haddad
            return noun.head
        return noun
    return None


def resolve(token: Token) -> Token | None:
    """``token``, or the noun it refers to if it is a relative pronoun (``None``: unknown)."""
    if token.lower_ in ("what", "whatever"):
        return None  # a free relative ("what happened to him") refers to no noun of the sentence
    if token.tag_ in WH_TAGS or (token.lower_ == "that" and token.tag_ in ("IN", "DT")
                                  and token.head.dep_ == RELCL):
        return antecedent(token)
    return token


def find_subjects(verb: Token, args: Args) -> tuple[list[Token], str, bool]:
    """Subjects of ``verb``, the rule that found them, and whether the clause is passive."""
    children = args.children(verb)
    for child in children:
        if child.dep_ in SUBJ or child.dep_ in SUBJ_PASS:
            passive = child.dep_ in SUBJ_PASS
            head = resolve(child)
            if head is None:
                return [], "", passive
            rule = "own" if head.i == child.i else "relcl"
            return with_conjuncts(head), rule, passive
    passive = any(c.dep_ == AUXPASS for c in children)
    if verb.dep_ == ACL and any(c.tag_ == "TO" for c in children):
        return [], "", passive  # an infinitive ("a chance *to ride* the bus") states nothing
    if verb.dep_ in (RELCL, ACL) and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        if verb.dep_ == ACL and _inner_noun(verb.head):
            return [], "", passive
        # Participle or subjectless relative clause: the noun it modifies
        # ("Khalil, *detained* in March").
        return [verb.head], "participle", passive or verb.tag_ == "VBN"
    if verb.dep_ == CONJ and verb.head.pos_ in ("VERB", "AUX"):
        # Coordinated verb without its own subject shares the first verb's.
        subjects, _, head_passive = find_subjects(verb.head, args)
        return subjects, "conj", passive or (head_passive and verb.tag_ == "VBN")
    if verb.dep_ == ADVCL and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX"):
        if _after_modified_noun(verb, args):
            return [], "", passive
        # Adverbial participle ("…, saying that S") shares the main clause's subject.
        subjects, _, _ = find_subjects(verb.head, args)
        return subjects, "advcl", passive
    return [], "", passive


def _inner_noun(noun: Token) -> bool:
    """A participle after ``N1 for N2`` may modify either noun ("a request for release
    *filed* on behalf of X": the request was filed): the parser's choice of the inner noun
    is a guess, so the participle states nothing. After ``of`` the inner noun is the usual
    reading ("the release of prisoners *held* in Gaza") and is kept."""
    prep = noun.head
    return (noun.dep_ == "pobj" and prep.dep_ == PREP and prep.lower_ != "of"
            and prep.head.pos_ in ("NOUN", "PROPN"))


def _after_modified_noun(participle: Token, args: Args) -> bool:
    """An adverbial participle that follows an apposition or relative clause of a noun after
    the main verb ("denied the application, *a legal order that waives a ground*,
    *permitting* a person to stay") may describe that noun rather than the main clause's
    subject: its subject is unknown, and the participle states nothing. A reporting
    participle ("…, *explaining* that S") is the main subject's speech tag all the same."""
    if participle.lemma_.lower() in REPORTING:
        return False
    main = participle.head
    tokens = args.tokens
    return any(tokens[i].dep_ in (APPOS, RELCL) and tokens[i].head.i > main.i
               for i in range(main.i + 1, participle.left_edge.i))


def verb_group(chain: list[Token], subjects: list[Token], args: Args) -> list[Token]:
    """Auxiliaries, negation, particles and pre-verbal adverbs of every verb in ``chain``."""
    first_subject = min((s.i for s in subjects), default=-1)
    group: list[Token] = []
    for verb in chain:
        group.append(verb)
        for child in args.children(verb):
            if child.dep_ in VERB_GROUP or preverbal_adverb(child, first_subject, verb):
                group.append(child)
    head = chain[0]
    if (head.dep_ == CONJ and not any(c.dep_ in AUX for c in args.children(head))
            and not _finite(head, args)):
        # "was arrested and charged", "23,000 have been arrested and 18,000 deported": the
        # coordinated verb shares the auxiliaries (a finite one has none to share: "does not
        # meet … and that it reflects" is not "does reflects").
        group.extend(c for c in args.children(head.head) if c.dep_ in AUX)
    return group


def _finite(verb: Token, args: Args) -> bool:
    """A present-tense verb, or a past one with a subject of its own ("and the judge left"),
    unless it is the gapped passive of a passive ("23,000 have been arrested and 18,000
    deported": no object, after a verb with a passive auxiliary)."""
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    children = args.children(verb)
    if verb.tag_ != "VBD" or not any(c.dep_ in SUBJ for c in children):
        return False
    gapped = (any(c.dep_ == "auxpass" for c in args.children(verb.head))
              and not any(c.dep_ == DOBJ for c in children))
    return not gapped


def preverbal_adverb(token: Token, first_subject: int, verb: Token) -> bool:
    """An adverb between subject and verb belongs to the relation ("*often* refers to")."""
    return (token.dep_ == ADVMOD and first_subject < token.i < verb.i and token.pos_ == "ADV"
            and token.lower_ not in WH_ADVERBS)


def prep_object(prep: Token, args: Args) -> Token | None:
    return next((c for c in args.children(prep) if c.dep_ in PREP_OBJECTS), None)
