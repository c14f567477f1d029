"""Confidence of ``kg.clause.v1`` statements.

A prior per grammar rule (how often that rule yields a correct statement), lowered for
indirect subjects, missing objects, long arguments and many extra arguments. The numbers
were set by looking at the precision of each rule on the CaRB dev set; only their order
matters to the precision/recall curve.
"""

from __future__ import annotations

from kg.model import Mention

# Prior per rule.
_RULE_PRIOR = {
    "SVO": 0.85,
    "SVOO": 0.8,
    "SVOC": 0.7,
    "SVOA": 0.8,
    "SVC": 0.8,
    "SVA": 0.75,
    "passive": 0.75,
    "passive-agent": 0.75,
    "reported": 0.7,
    "SVO-ccomp": 0.6,
    "SVO-relcl": 0.65,
    "SVO-shared": 0.6,
    "SV": 0.3,
    "SVC-appos": 0.6,
    "SVC-appos-of": 0.6,
    "possessive": 0.3,
}
# Penalty by how the subject was found (own subject: none).
_SUBJECT_PENALTY = {"own": 0.0, "relcl": 0.05, "participle": 0.1, "conj": 0.05, "advcl": 0.2}
# Arguments longer than this many words cost a little each extra word.
_LONG_ARGUMENT = 8
_PER_EXTRA_WORD = 0.01
_PER_EXTRA_ARG = 0.03


def _words(m: Mention) -> int:
    return m.span.text.count(" ") + 1


def confidence(rule: str, subject_rule: str, subject: Mention, obj: Mention | None,
               extras: tuple[Mention, ...], relation_words: int) -> float:
    """A score in [0.05, 1] ranking likely-correct statements first."""
    base = _RULE_PRIOR.get(rule.split("-relcl")[0].split("-participle")[0], 0.5)
    score = base - _SUBJECT_PENALTY.get(subject_rule, 0.1)
    if obj is None:
        score -= 0.1
    length = _words(subject) + (_words(obj) if obj is not None else 0)
    score -= _PER_EXTRA_WORD * max(0, length - 2 * _LONG_ARGUMENT)
    score -= _PER_EXTRA_ARG * max(0, len(extras) - 1)
    score -= 0.02 * max(0, relation_words - 4)
    return round(min(1.0, max(0.05, score)), 3)
