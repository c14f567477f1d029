"""Clause types for ``kg.clause.v1``: a clause's complements and the type they give it.

The complements of a clause's verb chain give its type (SV, SVO, SVC, SVA, SVOO, SVOC, SVOA)
and its object; the first preposition of a clause without a direct object joins the relation
(``held at``), other prepositional phrases become extra arguments, and a passive with an agent
is turned active (``officials | held | Khalil``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract.clause_labels import (
    AGENT,
    AUXPASS,
    CCOMP,
    COMPLEMENTS,
    CONJ,
    DATIVE,
    DOBJ,
    FINITE,
    IDIOMS,
    MARK,
    MODALS,
    NEG,
    NPADVMOD,
    OPRD,
    PREP,
    PREP_OBJECTS,
    PRT,
    RELCL,
    REPORTING,
    SUBJ,
    SUBJ_PASS,
    XCOMP,
)
from kg.extract.clause_subjects import (
    find_subjects,
    prep_object,
    resolve,
    verb_chain,
    verb_group,
    with_conjuncts,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.clause_args import Args


@dataclass(slots=True)
class Clause:
    """One clause: its verb group, arguments and the grammar rule that read them."""

    verb: Token
    rel: list[Token]
    subjects: list[Token]
    subject_rule: str
    objects: list[Token] = field(default_factory=list)
    extras: list[tuple[Token | None, Token]] = field(default_factory=list)
    clause_type: str = "SV"
    rule: str = "SV"
    literal: bool = False
    negated: bool = False
    modality: str | None = None


def read_clause(verb: Token, args: Args) -> Clause | None:
    """The clause ``verb`` heads, with its type and arguments (``None``: it has no subject)."""
    subjects, subject_rule, passive = find_subjects(verb, args)
    if not subjects:
        return None
    chain = verb_chain(verb, args)
    if any(c.dep_ == XCOMP and c.tag_ in FINITE for level in chain
           for c in args.children(level)):
        # "The fact that the dam failed shocked the villagers", parsed "failed" → xcomp
        # "shocked": an open complement is never a finite verb, so the parse is broken
        return None
    rel = verb_group(chain, subjects, args)
    clause = Clause(verb, rel, subjects, subject_rule)
    clause.negated = any(t.dep_ == NEG for t in rel)
    clause.modality = next((MODALS[t.lower_] for t in rel
                            if t.dep_ == "aux" and t.lower_ in MODALS), None)
    dobj: Token | None = None
    dative: Token | None = None
    complement: Token | None = None
    ccomp: Token | None = None
    oprd: Token | None = None
    agent: Token | None = None
    preps: list[tuple[Token, Token]] = []
    for level in chain:
        for child in args.children(level):
            dep = child.dep_
            if dep == DOBJ and _idiom(level, child, args):
                rel.append(child)  # "are taking place": the noun is the relation's
            elif dep == DOBJ and dobj is None:
                dobj = resolve(child)
            elif dep == DOBJ and dobj is not None and _within(child, dobj, args):
                continue  # "semi", "-", "finals": pieces of one hyphenated object
            elif dep == DOBJ:
                # A second direct object: "puts on sharp display the credibility" folds the
                # bare first one into the relation; any other shape is a broken parse.
                if dobj is None or not _fixed_object(level, dobj, args):
                    return None
                rel.extend(args.tokens[i] for i in range(dobj.left_edge.i, dobj.right_edge.i + 1))
                dobj = resolve(child)
            elif dep == DATIVE and dative is None:
                target = prep_object(child, args) if child.pos_ == "ADP" else child
                dative = None if target is None else resolve(target)
            elif dep in COMPLEMENTS and complement is None:
                complement = resolve(child)
            elif dep == CCOMP and ccomp is None:
                ccomp = child
            elif dep == OPRD and oprd is None:
                oprd = child
            elif dep == AGENT:
                by = prep_object(child, args)
                agent = None if by is None else resolve(by)
            elif dep == PRT and child in rel and (pobj := prep_object(child, args)) is not None:
                # "ferry capsizes off island": a particle with an object is a preposition
                rel.remove(child)
                resolved = resolve(pobj)
                if resolved is not None:
                    preps.append((child, resolved))
            elif dep == PREP:
                pobj = prep_object(child, args)
                if pobj is None:
                    if not args.children(child):
                        rel.append(child)  # a stranded preposition ("looked into")
                    continue
                resolved = resolve(pobj)
                if resolved is not None:
                    preps.append((child, resolved))
            elif dep == NPADVMOD and child.pos_ in ("NOUN", "PROPN"):
                clause.extras.append((None, child))
            elif dep == XCOMP and child.pos_ == "VERB" and level is chain[-1]:
                clause.extras.append((None, child))  # what the object is asked to do
    if ccomp is not None and sum(c.dep_ in SUBJ for c in args.children(ccomp)) > 1:
        return None  # "found that the seasons before this one were": two subjects, a broken parse
    relative_object(verb, subjects, dobj, preps, clause)
    if passive and agent is not None:
        return passive_agent(clause, agent, preps)
    choose_type(clause, dobj, dative, complement, ccomp, oprd, preps, passive)
    if clause.rule.startswith("SVC") and _bare_comparative(clause.objects, args):
        return None
    if not clause.objects and not clause.extras and not passive:
        # (a passive takes no object: "was arrested and charged with fraud")
        borrow_object(clause, args)
    return clause


def _within(token: Token, head: Token, args: Args) -> bool:
    """Whether ``token`` lies inside the argument ``head`` heads (``Args.bounds``)."""
    lo, hi = args.bounds(head)
    return lo <= token.i <= hi


def _idiom(verb: Token, noun: Token, args: Args) -> bool:
    """A bare noun of a light-verb idiom ("take place", "give birth"): no determiner, no
    modifier of its own."""
    return (noun.lemma_.lower() in IDIOMS.get(verb.lemma_.lower(), ())
            and noun.tag_ == "NN" and not args.children(noun))


def _fixed_object(verb: Token, noun: Token, args: Args) -> bool:
    """The bare noun of an idiom between a particle and the real object ("puts *on sharp
    display* the credibility"): no determiner, right after the verb's particle."""
    before = args.tokens[noun.left_edge.i - 1] if noun.left_edge.i > 0 else None
    return (before is not None and before.dep_ == PRT and before.head.i == verb.i
            and not any(c.dep_ in ("det", "poss") for c in args.children(noun)))


def _bare_comparative(objects: list[Token], args: Args) -> bool:
    """"immigrants are *less*", "war is *worse*": a comparative with nothing it is compared
    to says nothing that stands on its own."""
    return (len(objects) == 1 and objects[0].tag_ in ("JJR", "RBR")
            and not args.children(objects[0]))


def relative_object(verb: Token, subjects: list[Token], dobj: Token | None,
                     preps: list[tuple[Token, Token]], clause: Clause) -> None:
    """A relative clause with its own subject and no object: its noun is the object
    ("the match *Keibler lost*" → ``Keibler | lost | the match``)."""
    if (verb.dep_ == RELCL and clause.subject_rule == "own" and dobj is None and not preps
            and verb.pos_ == "VERB" and verb.head.pos_ in ("NOUN", "PROPN")
            and verb.head not in subjects):
        clause.objects = [verb.head]
        clause.clause_type, clause.rule = "SVO", "SVO-relcl"


def passive_agent(clause: Clause, agent: Token, preps: list[tuple[Token, Token]]) -> Clause:
    """``X was arrested by Y`` → ``Y | arrested | X``: the agent becomes the subject."""
    clause.objects = clause.subjects
    clause.subjects = with_conjuncts(agent)
    clause.rel = [t for t in clause.rel if t.dep_ != AUXPASS]
    clause.extras.extend((p, o) for p, o in preps)
    clause.clause_type = "SVOA" if preps else "SVO"
    clause.rule = "passive-agent"
    return clause


def choose_type(clause: Clause, dobj: Token | None, dative: Token | None,
                complement: Token | None, ccomp: Token | None, oprd: Token | None,
                preps: list[tuple[Token, Token]], passive: bool) -> None:
    """Choose the clause type and its object; remaining adverbials become extra arguments."""
    verb = clause.verb
    if clause.objects:  # already found (relative clause object)
        clause.extras.extend(preps)
        return
    after = [(p, o) for p, o in preps if p.i > verb.i]
    if dobj is not None:
        clause.objects = with_conjuncts(dobj)
        if dative is not None:
            clause.clause_type, clause.rule = "SVOO", "SVOO"
            clause.extras.append((None, dative))
        elif oprd is not None:
            clause.clause_type, clause.rule = "SVOC", "SVOC"
            clause.extras.append((None, oprd))
        elif preps:
            clause.clause_type, clause.rule = "SVOA", "SVOA"
        else:
            clause.clause_type, clause.rule = "SVO", "SVO"
        clause.extras.extend(preps)
    elif complement is not None:
        clause.objects = with_conjuncts(complement)
        clause.literal = complement.dep_ == "acomp"
        clause.clause_type, clause.rule = "SVC", "SVC"
        clause.extras.extend(preps)
    elif ccomp is not None:
        clause.objects = [ccomp]
        clause.literal = True
        clause.rel.extend(c for c in ccomp.children if c.dep_ == MARK and c.i < ccomp.i)
        reporting = verb.lemma_.lower() in REPORTING
        clause.clause_type, clause.rule = "SVO", "reported" if reporting else "SVO-ccomp"
        clause.extras.extend(preps)
    elif after:
        # SVA: the first preposition after the verb joins the relation ("held at").
        prep, pobj = after[0]
        clause.rel.append(prep)
        if (inner := complex_preposition(pobj)) is not None:
            clause.rel.extend((pobj, inner[0]))  # "filed on behalf of" X
            pobj = inner[1]
        clause.objects = with_conjuncts(pobj)
        clause.clause_type = "SVA"
        clause.rule = "SVA-passive" if passive else "SVA"
        clause.extras.extend(p for p in preps if p[0].i != prep.i)
    elif dative is not None:
        clause.objects = [dative]
        clause.clause_type, clause.rule = "SVO", "SVO"
        clause.extras.extend(preps)
    elif (measure := measure_object(clause)) is not None:
        clause.objects = [measure]
        clause.clause_type, clause.rule = "SVA", "SVA-measure"
        clause.extras.extend(preps)
    else:
        clause.rule = "SV-passive" if passive else "SV"
        clause.extras.extend(preps)
    if clause.subject_rule in ("relcl", "participle"):
        clause.rule = f"{clause.rule}-{clause.subject_rule}"


#: Nouns of complex prepositions: ``on behalf of X``, ``in front of X``, ``in support of X``.
_COMPLEX_PREPOSITIONS = frozenset({
    "behalf", "front", "favor", "favour", "spite", "lieu", "support", "defense", "defence",
    "honor", "honour", "memory", "charge", "search", "violation", "response",
})  # fmt: skip


def complex_preposition(pobj: Token) -> tuple[Token, Token] | None:
    """``(of, X)`` when ``pobj`` is the bare noun of a complex preposition (``on behalf of
    X``): X is the object, and the noun and ``of`` belong to the relation."""
    if pobj.lower_ not in _COMPLEX_PREPOSITIONS or pobj.tag_ != "NN":
        return None
    if any(c.dep_ in ("det", "poss", "amod") for c in pobj.children):
        return None
    of = next((c for c in pobj.children if c.dep_ == PREP and c.lower_ == "of"), None)
    target = None if of is None else next(
        (c for c in of.children if c.dep_ in PREP_OBJECTS), None)
    return None if of is None or target is None else (of, target)


def measure_object(clause: Clause) -> Token | None:
    """``The strike lasted three weeks``: with no other complement, a counted noun phrase
    modifying the verb (npadvmod with a number) is what the clause states, not an adverbial;
    it leaves the extra arguments."""
    for k, (prep, noun) in enumerate(clause.extras):
        counted = any(c.dep_ == "nummod" for c in noun.children)
        if prep is None and noun.dep_ == NPADVMOD and counted:
            del clause.extras[k]
            return noun
    return None


#: Entity types of a time or a measure: "within 24 hours" says when, it is no object.
_WHEN_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "PERCENT", "MONEY"})


def _adverbial(prep: Token, args: Args) -> bool:
    """A prepositional phrase that says when or how much ("deported within 24 hours"): the
    verb before the conjunction cannot take its noun as an object ("detained | 24 hours")."""
    target = prep_object(prep, args)
    return target is None or target.ent_type_ in _WHEN_LABELS


def borrow_object(clause: Clause, args: Args) -> None:
    """``attended and spoke at the rally``: a verb without complements shares those of the
    verb coordinated after it (``She | attended | the rally``)."""
    for conj in args.children(clause.verb):
        if conj.dep_ != CONJ or conj.i < clause.verb.i or conj.pos_ != "VERB":
            continue
        if any(c.dep_ in SUBJ or c.dep_ in SUBJ_PASS for c in args.children(conj)):
            return
        for child in args.children(conj):
            if child.dep_ == DOBJ:
                target: Token | None = child
            elif child.dep_ == PREP and not _adverbial(child, args):
                target = prep_object(child, args)
            else:
                continue
            if target is not None and (target := resolve(target)) is not None:
                clause.objects = with_conjuncts(target)
                clause.clause_type, clause.rule = "SVO", "SVO-shared"
                return
        return
