"""Confidence of ``kg.clause.v1`` statements.

A prior per grammar rule (how often that rule yields a correct statement), lowered for
indirect subjects, missing objects, long subjects and long sentences, raised for relations
of several words. The numbers
were set by looking at the precision of each rule on the CaRB dev set; only their order
matters to the precision/recall curve.
"""

from __future__ import annotations

from kg.model import Mention

# Prior per rule: roughly the share of its statements that match a gold tuple on CaRB dev.
_RULE_PRIOR = {
    "SVO": 0.8,
    "SVOO": 0.7,
    "SVOC": 0.72,
    "SVOA": 0.78,
    "SVC": 0.7,
    "SVA": 0.8,
    "SVA-passive": 0.78,
    "reported": 0.85,
    "SVO-ccomp": 0.68,
    "SVO-relcl": 0.66,
    "SVA-relcl": 0.7,
    "SVC-relcl": 0.64,
    "SVO-participle": 0.58,
    "SVA-participle": 0.6,
    "SVC-participle": 0.5,
    "SVA-passive-participle": 0.6,
    "SVO-shared": 0.64,
    "SVA-measure": 0.7,
    "SVC-appos": 0.52,
    "SVC-appos-of": 0.58,
    "SV": 0.3,
    "SV-passive": 0.3,
    "passive-agent": 0.32,
    "possessive": 0.25,
}
# Penalty by how the subject was found: shared with a coordinated verb or a main clause.
_SUBJECT_PENALTY = {"conj": 0.05, "advcl": 0.15}
# Long subjects are often mis-cut; long sentences are parsed less reliably.
_LONG_SUBJECT = 8
_PER_SUBJECT_WORD = 0.02
_LONG_SENTENCE = 20
_PER_SENTENCE_TOKEN = 0.003
# Each relation word past the first (up to three) is a sign that the clause was read whole.
_PER_RELATION_WORD = 0.03


def _prior(rule: str) -> float:
    """The prior of ``rule``, or of its most specific listed prefix (``SVOA-relcl`` → ``SVOA``)."""
    while rule not in _RULE_PRIOR and "-" in rule:
        rule = rule.rsplit("-", 1)[0]
    return _RULE_PRIOR.get(rule, 0.5)


def _words(m: Mention) -> int:
    return m.span.text.count(" ") + 1


def confidence(rule: str, subject_rule: str, subject: Mention, obj: Mention | None,
               relation_words: int, sentence_tokens: int) -> float:
    """A score in [0.05, 1] ranking likely-correct statements first."""
    score = _prior(rule) - _SUBJECT_PENALTY.get(subject_rule, 0.0)
    if obj is None:
        score -= 0.1
    score -= _PER_SUBJECT_WORD * max(0, _words(subject) - _LONG_SUBJECT)
    score -= _PER_SENTENCE_TOKEN * max(0, sentence_tokens - _LONG_SENTENCE)
    score += _PER_RELATION_WORD * min(3, max(0, relation_words - 1))
    return round(min(1.0, max(0.05, score)), 3)
