"""``kg.clause.v1``: a ClausIE-style extractor over the spaCy dependency parse.

Every verb (or copula) heads a clause. The clause finds its subjects — its own, the noun a
relative clause or participle modifies, or those of the verb it is coordinated with — and its
complements, which give its type (SV, SVO, SVC, SVA, SVOO, SVOC, SVOA). It then yields one
statement per subject and object (coordination is split). Appositions and possessives give
statements without a verb (``clause_nominal``).

Relations keep auxiliaries, negation and particles (``has not issued``); an xcomp chain is
folded in (``moved to challenge``), and so is the first preposition of a clause without a
direct object (``held at``). Other prepositional phrases become extra arguments. A passive
with an agent is turned active (``officials | held | Khalil``). Statements inside the
complement of a reporting verb (``X said that S``) are attributed to its subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.extract import extractors
from kg.extract.clause_args import Args
from kg.extract.clause_nominal import nominal_statements
from kg.extract.clause_score import confidence
from kg.extract.facts import Lines, mark
from kg.extract.spans import surface
from kg.model import Mention, Provenance, Relation, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "kg.clause.v1"

# Subjects: active, passive, and the expletive "there"/"it".
_SUBJ = frozenset({"nsubj", "csubj", "expl"})
_SUBJ_PASS = frozenset({"nsubjpass", "csubjpass"})
# Objects: direct object, indirect object ("gave *him* the book").
_DOBJ = "dobj"
_DATIVE = "dative"
# Subject complements of a copula ("is *a lawyer*", "is *ill*").
_COMPLEMENTS = frozenset({"attr", "acomp"})
# Object complement ("named him *director*").
_OPRD = "oprd"
# A clausal complement ("said *that S*") and an open one ("moved *to challenge*").
_CCOMP = "ccomp"
_XCOMP = "xcomp"
# Adverbials: prepositional phrases, the passive agent ("by Y"), bare noun adverbials
# ("*last week*").
_PREP = "prep"
_AGENT = "agent"
_POBJ = frozenset({"pobj", "pcomp"})
_NPADVMOD = "npadvmod"
# Pieces of the verb group: auxiliaries, negation, particles ("carried *out*").
_AUX = frozenset({"aux", "auxpass"})
_AUXPASS = "auxpass"
_NEG = "neg"
_PRT = "prt"
_VERB_GROUP = _AUX | {_NEG, _PRT}
_ADVMOD = "advmod"
_MARK = "mark"
# Clauses attached to something else.
_CONJ = "conj"
_RELCL = "relcl"
_ACL = "acl"
_ADVCL = "advcl"
# Tokens that are never a clause's verb (a participle used as an adjective is ``amod``).
_NOT_PREDICATE = frozenset({"aux", "auxpass", "amod", "compound"})
_PREDICATE_POS = frozenset({"VERB", "AUX"})  # only these can head a clause

# Relative and interrogative pronouns (who, whom, which, what, that as WDT).
_WH_TAGS = frozenset({"WDT", "WP"})
_WH_ADVERBS = frozenset({"when", "where", "why", "how", "whenever", "wherever"})
_MODALS = {
    "will": "will", "'ll": "will", "wo": "will", "would": "would", "'d": "would",
    "can": "can", "ca": "can", "could": "could", "may": "may", "might": "might",
    "must": "must", "shall": "shall", "should": "should",
}  # fmt: skip
# Verbs whose clausal complement is reported speech or belief.
_REPORTING = frozenset({
    "say", "tell", "claim", "report", "state", "announce", "argue", "allege", "add", "write",
    "insist", "note", "deny", "confirm", "believe", "think", "warn", "testify", "explain",
    "suggest", "maintain", "acknowledge", "admit", "assert", "contend", "declare", "indicate",
    "reveal", "show", "find", "conclude", "predict", "estimate", "fear", "hope", "know",
})  # fmt: skip


@dataclass(slots=True)
class _Clause:
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


@extractors.register(NAME)
def extract_clauses(doc: Doc, document_id: str = "", *, offset: int = 0
                    ) -> Iterator[Statement]:
    """Yield one statement per clause (and per coordinated subject or object) in ``doc``.

    ``offset`` is added to every character offset: ``doc`` is then a piece of a longer text
    that starts there (``kg.build.pipeline`` parses documents piece by piece).
    """
    args = Args(doc, offset)
    lines = Lines(args)
    for sent in doc.sents:
        sentence = args.sentence(sent)
        n_tokens = len(sent)
        found: list[Statement] = []
        for i in range(sent.start, sent.end):
            if args.pos[i] in _PREDICATE_POS and _is_predicate(args.tokens[i], args):
                clause = _clause(args.tokens[i], args)
                if clause is not None:
                    found.extend(_statements(clause, args, sentence, n_tokens, document_id))
        found.extend(nominal_statements(sent, args, sentence, n_tokens, document_id, NAME))
        yield from mark((st for st in found if all(_has_content(a.text) for a in st.arguments)),
                        lines)


@lru_cache(maxsize=1 << 14)
def _has_content(text: str) -> bool:
    """An argument must say something: not empty, not a bare clitic (the ``’s`` of ``Let’s``)."""
    return _CONTENT.search(_CLITIC.sub("", text)) is not None


_CLITIC = re.compile(r"['’]s?\b")
_CONTENT = re.compile(r"[^\W_]")


def _is_predicate(token: Token, args: Args) -> bool:
    """Verbs and copulas head clauses; an xcomp is folded into the verb that governs it."""
    if token.dep_ in _NOT_PREDICATE:
        return False
    if token.pos_ == "VERB":
        return not (token.dep_ == _XCOMP and token.head.pos_ in ("VERB", "AUX"))
    return token.pos_ == "AUX" and any(c.dep_ in _COMPLEMENTS or c.dep_ == _PREP
                                       or c.dep_ in _SUBJ for c in args.children(token))


def _chain(verb: Token, args: Args) -> list[Token]:
    """``verb`` and the open complements it controls: ``moved`` → ``[moved, challenge]``."""
    chain = [verb]
    while True:
        nxt = next((c for c in args.children(chain[-1])
                    if c.dep_ == _XCOMP and c.pos_ == "VERB"), None)
        if nxt is None:
            return chain
        chain.append(nxt)


def _with_conjuncts(token: Token) -> list[Token]:
    """``token`` and the tokens coordinated after it (``X, Y and Z``)."""
    return [token, *(c for c in token.conjuncts if c.i > token.i)]


def _antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun stands for: the head of its relative clause."""
    node = token
    while node.dep_ != _RELCL and node.head.i != node.i:
        node = node.head
    if node.dep_ == _RELCL and node.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return node.head
    return None


def _resolve(token: Token) -> Token | None:
    """``token``, or the noun it refers to if it is a relative pronoun (``None``: unknown)."""
    if token.lower_ in ("what", "whatever"):
        return None  # a free relative ("what happened to him") refers to no noun of the sentence
    if token.tag_ in _WH_TAGS or (token.lower_ == "that" and token.tag_ in ("IN", "DT")
                                  and token.head.dep_ == _RELCL):
        return _antecedent(token)
    return token


def _subjects(verb: Token, args: Args) -> tuple[list[Token], str, bool]:
    """Subjects of ``verb``, the rule that found them, and whether the clause is passive."""
    children = args.children(verb)
    for child in children:
        if child.dep_ in _SUBJ or child.dep_ in _SUBJ_PASS:
            passive = child.dep_ in _SUBJ_PASS
            head = _resolve(child)
            if head is None:
                return [], "", passive
            rule = "own" if head.i == child.i else "relcl"
            return _with_conjuncts(head), rule, passive
    passive = any(c.dep_ == _AUXPASS for c in children)
    if verb.dep_ == _ACL and any(c.tag_ == "TO" for c in children):
        return [], "", passive  # an infinitive ("a chance *to ride* the bus") states nothing
    if verb.dep_ in (_RELCL, _ACL) and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        # Participle or subjectless relative clause: the noun it modifies
        # ("Khalil, *detained* in March").
        return [verb.head], "participle", passive or verb.tag_ == "VBN"
    if verb.dep_ == _CONJ and verb.head.pos_ in ("VERB", "AUX"):
        # Coordinated verb without its own subject shares the first verb's.
        subjects, _, head_passive = _subjects(verb.head, args)
        return subjects, "conj", passive or (head_passive and verb.tag_ == "VBN")
    if verb.dep_ == _ADVCL and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX"):
        # Adverbial participle ("…, saying that S") shares the main clause's subject.
        subjects, _, _ = _subjects(verb.head, args)
        return subjects, "advcl", passive
    return [], "", passive


def _verb_group(chain: list[Token], subjects: list[Token], args: Args) -> list[Token]:
    """Auxiliaries, negation, particles and pre-verbal adverbs of every verb in ``chain``."""
    first_subject = min((s.i for s in subjects), default=-1)
    group: list[Token] = []
    for verb in chain:
        group.append(verb)
        for child in args.children(verb):
            if child.dep_ in _VERB_GROUP or _preverbal_adverb(child, first_subject, verb):
                group.append(child)
    head = chain[0]
    if head.dep_ == _CONJ and not any(c.dep_ in _AUX for c in args.children(head)):
        # "was arrested and charged": the coordinated verb shares the auxiliaries.
        group.extend(c for c in args.children(head.head) if c.dep_ in _AUX)
    return group


def _preverbal_adverb(token: Token, first_subject: int, verb: Token) -> bool:
    """An adverb between subject and verb belongs to the relation ("*often* refers to")."""
    return (token.dep_ == _ADVMOD and first_subject < token.i < verb.i and token.pos_ == "ADV"
            and token.lower_ not in _WH_ADVERBS)


def _prep_object(prep: Token, args: Args) -> Token | None:
    return next((c for c in args.children(prep) if c.dep_ in _POBJ), None)


def _clause(verb: Token, args: Args) -> _Clause | None:
    subjects, subject_rule, passive = _subjects(verb, args)
    if not subjects:
        return None
    chain = _chain(verb, args)
    rel = _verb_group(chain, subjects, args)
    clause = _Clause(verb, rel, subjects, subject_rule)
    clause.negated = any(t.dep_ == _NEG for t in rel)
    clause.modality = next((_MODALS[t.lower_] for t in rel
                            if t.dep_ == "aux" and t.lower_ in _MODALS), None)
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
            if dep == _DOBJ and dobj is None:
                dobj = _resolve(child)
            elif dep == _DATIVE and dative is None:
                target = _prep_object(child, args) if child.pos_ == "ADP" else child
                dative = None if target is None else _resolve(target)
            elif dep in _COMPLEMENTS and complement is None:
                complement = _resolve(child)
            elif dep == _CCOMP and ccomp is None:
                ccomp = child
            elif dep == _OPRD and oprd is None:
                oprd = child
            elif dep == _AGENT:
                by = _prep_object(child, args)
                agent = None if by is None else _resolve(by)
            elif dep == _PREP:
                pobj = _prep_object(child, args)
                if pobj is None:
                    if not args.children(child):
                        rel.append(child)  # a stranded preposition ("looked into")
                    continue
                resolved = _resolve(pobj)
                if resolved is not None:
                    preps.append((child, resolved))
            elif dep == _NPADVMOD and child.pos_ in ("NOUN", "PROPN"):
                clause.extras.append((None, child))
    _relative_object(verb, subjects, dobj, preps, clause)
    if passive and agent is not None:
        return _passive_agent(clause, agent, preps)
    _type(clause, dobj, dative, complement, ccomp, oprd, preps, passive)
    if not clause.objects and not clause.extras:
        _borrow_object(clause, args)
    return clause


def _relative_object(verb: Token, subjects: list[Token], dobj: Token | None,
                     preps: list[tuple[Token, Token]], clause: _Clause) -> None:
    """A relative clause with its own subject and no object: its noun is the object
    ("the match *Keibler lost*" → ``Keibler | lost | the match``)."""
    if (verb.dep_ == _RELCL and clause.subject_rule == "own" and dobj is None and not preps
            and verb.pos_ == "VERB" and verb.head.pos_ in ("NOUN", "PROPN")
            and verb.head not in subjects):
        clause.objects = [verb.head]
        clause.clause_type, clause.rule = "SVO", "SVO-relcl"


def _passive_agent(clause: _Clause, agent: Token, preps: list[tuple[Token, Token]]) -> _Clause:
    """``X was arrested by Y`` → ``Y | arrested | X``: the agent becomes the subject."""
    clause.objects = clause.subjects
    clause.subjects = _with_conjuncts(agent)
    clause.rel = [t for t in clause.rel if t.dep_ != _AUXPASS]
    clause.extras.extend((p, o) for p, o in preps)
    clause.clause_type = "SVOA" if preps else "SVO"
    clause.rule = "passive-agent"
    return clause


def _type(clause: _Clause, dobj: Token | None, dative: Token | None, complement: Token | None,
          ccomp: Token | None, oprd: Token | None, preps: list[tuple[Token, Token]],
          passive: bool) -> None:
    """Choose the clause type and its object; remaining adverbials become extra arguments."""
    verb = clause.verb
    if clause.objects:  # already found (relative clause object)
        clause.extras.extend(preps)
        return
    after = [(p, o) for p, o in preps if p.i > verb.i]
    if dobj is not None:
        clause.objects = _with_conjuncts(dobj)
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
        clause.objects = _with_conjuncts(complement)
        clause.literal = complement.dep_ == "acomp"
        clause.clause_type, clause.rule = "SVC", "SVC"
        clause.extras.extend(preps)
    elif ccomp is not None:
        clause.objects = [ccomp]
        clause.literal = True
        clause.rel.extend(c for c in ccomp.children if c.dep_ == _MARK and c.i < ccomp.i)
        reporting = verb.lemma_.lower() in _REPORTING
        clause.clause_type, clause.rule = "SVO", "reported" if reporting else "SVO-ccomp"
        clause.extras.extend(preps)
    elif after:
        # SVA: the first preposition after the verb joins the relation ("held at").
        prep, pobj = after[0]
        clause.rel.append(prep)
        clause.objects = _with_conjuncts(pobj)
        clause.clause_type = "SVA"
        clause.rule = "SVA-passive" if passive else "SVA"
        clause.extras.extend(p for p in preps if p[0].i != prep.i)
    elif dative is not None:
        clause.objects = [dative]
        clause.clause_type, clause.rule = "SVO", "SVO"
        clause.extras.extend(preps)
    else:
        clause.rule = "SV-passive" if passive else "SV"
        clause.extras.extend(preps)
    if clause.subject_rule in ("relcl", "participle"):
        clause.rule = f"{clause.rule}-{clause.subject_rule}"


def _borrow_object(clause: _Clause, args: Args) -> None:
    """``attended and spoke at the rally``: a verb without complements shares those of the
    verb coordinated after it (``She | attended | the rally``)."""
    for conj in args.children(clause.verb):
        if conj.dep_ != _CONJ or conj.i < clause.verb.i or conj.pos_ != "VERB":
            continue
        if any(c.dep_ in _SUBJ or c.dep_ in _SUBJ_PASS for c in args.children(conj)):
            return
        for child in args.children(conj):
            if child.dep_ == _DOBJ:
                target: Token | None = child
            elif child.dep_ == _PREP:
                target = _prep_object(child, args)
            else:
                continue
            if target is not None and (target := _resolve(target)) is not None:
                clause.objects = _with_conjuncts(target)
                clause.clause_type, clause.rule = "SVO", "SVO-shared"
                return
        return


def _attribution(verb: Token, args: Args) -> Mention | None:
    """The speaker when ``verb``'s clause is the complement of a reporting verb."""
    node = verb
    while node.dep_ == _CONJ and node.head.i != node.i:
        node = node.head
    if node.dep_ != _CCOMP or node.head.lemma_.lower() not in _REPORTING:
        return None
    speakers, _, _ = _subjects(node.head, args)
    return args.mention(speakers[0]) if speakers else None


def _relation(tokens: list[Token], args: Args) -> Relation:
    ordered = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    spans = tuple(args.span(t.i, t.i) for t in ordered)
    text = surface(ordered)
    lemma = " ".join(t.lemma_.lower() for t in ordered if t.pos_ not in ("AUX", "PART"))
    return Relation(text, lemma or text.lower(), spans)


def _object(token: Token, clause: _Clause, args: Args) -> Mention:
    """The object's mention; a clausal object starts after its ``that`` (kept in the relation)."""
    if token.dep_ != _CCOMP:
        if clause.literal:
            return args.mention(token, literal=True)
        return args.mention_without(token, clause.verb)
    lo, hi = args.bounds(token)
    for child in token.children:
        if child.dep_ == _MARK and child.i < token.i:
            lo = max(lo, child.i + 1)
    return args.mention_of(lo, hi, token, literal=True)


def _statements(clause: _Clause, args: Args, sentence: Span, n_tokens: int,
                document_id: str) -> Iterator[Statement]:
    rel = _relation(clause.rel, args)
    provenance = Provenance(document_id, sentence, NAME, clause.rule)
    attributed = _attribution(clause.verb, args)
    extras = tuple(args.mention(head, start=prep) for prep, head in clause.extras)
    objects: list[Token | None] = list(clause.objects) or [None]
    for subject in clause.subjects:
        subj = args.mention_without(subject, clause.verb)
        for obj_token in objects:
            if obj_token is not None and obj_token.i == subject.i:
                continue
            obj = None if obj_token is None else _object(obj_token, clause, args)
            yield Statement(
                subject=subj,
                relation=rel,
                object=obj,
                provenance=provenance,
                extra_args=extras,
                negated=clause.negated,
                modality=clause.modality,
                attributed_to=attributed,
                confidence=confidence(clause.rule, clause.subject_rule, subj, obj,
                                      len(rel.spans), n_tokens),
            )
