"""``kg.clause.v1``: a ClausIE-style extractor over the spaCy dependency parse.

Every verb (or copula) heads a clause. The clause finds its subjects — its own, the noun a
relative clause or participle modifies, or those of the verb it is coordinated with — and its
complements, which give its type (SV, SVO, SVC, SVA, SVOO, SVOC, SVOA). It then yields one
statement per subject and object (coordination is split). Appositions and possessives give
statements without a verb (``clause_nominal``). The modules beside this one read the parse:
``clause_subjects`` (predicates, verb groups, subjects), ``clause_types`` (complements and
clause types), ``clause_args`` (argument spans), ``clause_score`` (confidence).

Relations keep auxiliaries, negation and particles (``has not issued``); an xcomp chain is
folded in (``moved to challenge``), and so is the first preposition of a clause without a
direct object (``held at``). Other prepositional phrases become extra arguments. A passive
with an agent is turned active (``officials | held | Khalil``). Statements inside the
complement of a reporting verb (``X said that S``) are attributed to its subject.
"""


from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.extract import extractors
from kg.extract.clause_args import Args
from kg.extract.clause_labels import CCOMP, CONJ, JUDGING, MARK, OPRD, PREDICATE_POS, REPORTING
from kg.extract.clause_nominal import nominal_statements
from kg.extract.clause_score import confidence
from kg.extract.clause_subjects import find_subjects, is_predicate, with_conjuncts
from kg.extract.clause_types import Clause, read_clause
from kg.extract.facts import Lines, mark
from kg.extract.spans import is_separator, surface
from kg.model import Mention, Provenance, Relation, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

NAME = "kg.clause.v1"


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
            if args.pos[i] in PREDICATE_POS and is_predicate(args.tokens[i], args):
                clause = read_clause(args.tokens[i], args)
                if clause is not None:
                    found.extend(_statements(clause, args, sentence, n_tokens, document_id))
        found.extend(nominal_statements(sent, args, sentence, n_tokens, document_id, NAME))
        yield from mark((st for st in found if all(_has_content(a.text)
                                                   and _whole_words(a.span, args)
                                                   for a in st.arguments)), lines)


@lru_cache(maxsize=1 << 14)
def _has_content(text: str) -> bool:
    """An argument must say something: not empty, not a bare clitic (the ``’s`` of ``Let’s``)."""
    return _CONTENT.search(_CLITIC.sub("", text)) is not None


def _whole_words(span: Span, args: Args) -> bool:
    """An argument must not end inside a written word: the ``s`` of a masked ``s***`` (the
    tokenizer splits off the asterisks) is no object."""
    text = args.text
    end = span.end - args.offset
    if end >= len(text) or end <= 0:
        return True
    after = text[end]
    return not (after == "*" or (after.isalnum() and text[end - 1].isalnum()))


_CLITIC = re.compile(r"['’]s?\b")
_CONTENT = re.compile(r"[^\W_]")

def _attribution(verb: Token, args: Args) -> Mention | None:
    """The speaker when ``verb``'s clause is the complement of a reporting verb."""
    node = verb
    while node.dep_ == CONJ and node.head.i != node.i:
        node = node.head
    if node.dep_ != CCOMP or node.head.lemma_.lower() not in REPORTING:
        return None
    speakers, _, _ = find_subjects(node.head, args)
    return args.mention(speakers[0]) if speakers else None


def _relation(tokens: list[Token], args: Args) -> Relation:
    ordered = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
    ordered = [t for t in ordered if not is_separator(t.text)] or ordered  # "| arrested"
    spans = tuple(args.span(t.i, t.i) for t in ordered)
    text = surface(ordered)
    lemma = " ".join(t.lemma_.lower() for t in ordered if t.pos_ not in ("AUX", "PART"))
    return Relation(text, lemma or text.lower(), spans)


def _object(token: Token, clause: Clause, args: Args) -> Mention:
    """The object's mention; a clausal object starts after its ``that`` (kept in the relation)."""
    if token.dep_ != CCOMP:
        if clause.literal:
            return args.mention(token, literal=True)
        return args.mention_without(token, clause.verb)
    lo, hi = args.bounds(token)
    for child in token.children:
        if child.dep_ == MARK and child.i < token.i:
            lo = max(lo, child.i + 1)
    return args.mention_of(lo, hi, token, literal=True)


def _judgement(clause: Clause, args: Args, provenance: Provenance, n_tokens: int
               ) -> Iterator[Statement]:
    """"The mayor called the theft a betrayal": what the clause says is the object's
    complement (``the theft | is | a betrayal``), the subject's judgement (attributed to
    it); ``The mayor | called | the theft`` alone would be a phone call (it stays open IE
    output, not a fact: ``kg.extract.facts``)."""
    complement = next((t for _, t in clause.extras if t.dep_ == OPRD), None)
    if complement is None or not clause.subjects:
        return
    judge = args.mention_without(clause.subjects[0], clause.verb)
    be = Relation("is", "be", ())
    rule = Provenance(provenance.document_id, provenance.sentence, NAME, "SVOC-judgement")
    for obj in clause.objects:
        subject = args.mention_without(obj, clause.verb)
        for part in with_conjuncts(complement):
            said = args.mention(part, literal=part.pos_ == "ADJ")
            yield Statement(subject=subject, relation=be, object=said, provenance=rule,
                            negated=clause.negated, modality=clause.modality,
                            attributed_to=judge,
                            confidence=confidence("SVC", "own", subject, said, 1, n_tokens))


def _statements(clause: Clause, args: Args, sentence: Span, n_tokens: int,
                document_id: str) -> Iterator[Statement]:
    rel = _relation(clause.rel, args)
    provenance = Provenance(document_id, sentence, NAME, clause.rule)
    attributed = _attribution(clause.verb, args)
    extras = tuple(args.mention(head, start=prep) for prep, head in clause.extras)
    objects: list[Token | None] = list(clause.objects) or [None]
    if clause.rule.startswith("SVOC") and clause.verb.lemma_.lower() in JUDGING:
        yield from _judgement(clause, args, provenance, n_tokens)
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
