"""How a relation is read for matching: lemmas without auxiliaries, modals, negation, adverbs
and articles (``was born in`` → ``bear in``, passive; ``is the capital of`` → ``be capital of``,
copular), and the word forms, agent nouns and event nouns a label word may stand for.

>>> from kg.model import Relation
>>> relation_key(Relation("was born in", "bear in"), True).words
('bear', 'in')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.model import Relation

COPULA = frozenset({"be", "is", "are", "was", "were", "am", "been", "being", "'s", "’s"})
DROP = frozenset({"will", "would", "can", "could", "may", "might", "must", "shall", "should",
                   "'ll", "wo", "ca", "not", "n't", "never", "also", "still", "then", "thus",
                   "now", "already", "once", "just", "even", "only", "again", "the", "a", "an",
                   "reportedly", "allegedly", "being", "been"})
_AUXILIARIES = frozenset({"have", "has", "had", "do", "does", "did"})
_LY_VERBS = frozenset({"apply", "reply", "supply", "rely", "imply", "comply", "multiply",
                       "rally", "tally", "ally", "fly", "bully"})
PREPOSITIONS = frozenset({"in", "of", "for", "by", "at", "from", "to", "with", "on", "into",
                          "as", "under", "over", "since", "during", "near", "about"})
#: Participles and verb forms whose lemma a suffix rule cannot find.
_IRREGULAR = {"born": "bear", "borne": "bear", "known": "know", "held": "hold", "led": "lead",
              "made": "make", "built": "build", "written": "write", "given": "give",
              "taken": "take", "won": "win", "sold": "sell", "bought": "buy", "left": "leave",
              "brought": "bring", "kept": "keep", "shown": "show", "drawn": "draw",
              "spoken": "speak", "chosen": "choose", "begun": "begin", "run": "run",
              "died": "die", "lived": "live", "played": "play", "named": "name"}
#: Lemmas the tagger gets wrong, with the surface forms that show it (``hoped`` → ``hop``).
_MISREAD = {"hop": ("hope", frozenset({"hoped", "hoping", "hopes", "hope"}))}
#: Event nouns whose verb a suffix rule cannot find.
_EVENT_NOUNS = {"bear": ("birth",), "die": ("death",), "marry": ("marriage",),
                "bury": ("burial",), "arrive": ("arrival",), "live": ("residence",),
                "reside": ("residence",), "debut": ("debut",)}


#: Past participles that do not end in -ed, -en or -wn.
_PARTICIPLES = frozenset(_IRREGULAR) | frozenset({
    "set", "put", "hit", "cut", "sent", "told", "found", "paid", "caught", "taught", "shot",
    "struck", "bound", "meant", "heard", "felt", "met", "read", "spent", "lost", "hung", "fed",
    "bred", "fled", "sought", "thought", "dealt", "laid", "said", "sat", "stuck", "hurt",
    "let", "quit", "spread", "split", "shut", "bid", "cast", "cost", "burnt", "lit", "slain",
    "sworn", "torn", "worn", "swept", "wept", "won", "overseen", "undertaken", "withheld",
    "upheld", "forgiven", "forbidden"})


_PASSIVE_AUX = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "get",
                          "gets", "got", "gotten", "getting"})
_SKIP_AFTER_AUX = frozenset({"not", "n't", "never", "also", "still", "then", "being", "been",
                             "reportedly", "allegedly", "now", "already"})

def is_participle(word: str) -> bool:
    """Whether ``word`` can be a past participle (``arrested``, ``held``, ``born``)."""
    return word.endswith(("ed", "en", "wn")) or word in _PARTICIPLES


def is_passive(relation: Relation) -> bool:
    """True for a passive verb group (``was arrested``, ``is being held at``).

    >>> is_passive(Relation("is being held at", "hold at")), is_passive(Relation("is overseeing"))
    (True, False)
    """
    return _passive(relation.text, relation.lemma)


@lru_cache(maxsize=1 << 14)
def _passive(text: str, lemma_text: str) -> bool:
    """``is_passive`` of a relation's text and lemma (statements share relation words: read
    once per process)."""
    words = text.casefold().split()
    lemma = (lemma_text or text).casefold().split()
    if not lemma or lemma[0] in COPULA:
        return False
    for i, word in enumerate(words):
        if word not in _PASSIVE_AUX:
            continue
        rest = [w for w in words[i + 1:] if w not in _SKIP_AFTER_AUX and not w.endswith("ly")]
        return bool(rest) and is_participle(rest[0])
    return False


def _copular(text: list[str]) -> bool:
    """A copula that is the main verb: not followed by a participle (``is being held``)
    or an ``-ing`` form (``are swelling``)."""
    for i, word in enumerate(text):
        if word not in COPULA:
            continue
        rest = [w for w in text[i + 1:] if w not in DROP and not w.endswith("ly")]
        if not rest or not (rest[0].endswith("ing") or is_participle(rest[0])):
            return True
    return False


def word_forms(word: str) -> frozenset[str]:
    """The lemmas a label word may stand for (``located`` → ``locate``, ``places`` → ``place``).

    >>> sorted(word_forms("located")), sorted(word_forms("born"))
    (['locat', 'locate', 'located'], ['bear', 'born'])
    """
    forms = {word}
    if word in COPULA:
        forms.add("be")
    if word in _IRREGULAR:
        forms.add(_IRREGULAR[word])
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith("es") and word[:-2].endswith(("s", "x", "ch", "sh")):
        forms.add(word[:-2])
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            forms.update({stem, stem + "e"})
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.add(stem[:-1])
            if stem.endswith("i"):
                forms.add(stem[:-1] + "y")
    return frozenset(forms)


def agent_nouns(verb: str) -> frozenset[str]:
    """Nouns for who does ``verb``: ``found`` → ``founder``, ``create`` → ``creator``."""
    out = {verb + "er", verb + "or"}
    if verb.endswith("e"):
        out |= {verb + "r", verb[:-1] + "or"}
    if len(verb) > 2 and verb[-1] not in "aeiouwy" and verb[-2] in "aeiou" and \
            verb[-3] not in "aeiou":
        out.add(verb + verb[-1] + "er")
    return frozenset(out)


def event_nouns(verb: str) -> frozenset[str]:
    """Nouns for the event of ``verb``: ``bear`` → ``birth``, ``found`` → ``founding``."""
    out = {verb, verb + "ing", verb + "ation", verb + "ion", verb + "ment"}
    if verb.endswith("e"):
        out |= {verb[:-1] + "ing", verb[:-1] + "ion", verb[:-1] + "ation"}
    out.update(_EVENT_NOUNS.get(verb, ()))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Key:
    """A relation as the matcher reads it."""

    words: tuple[str, ...]  # content lemmas; "be" for a copula
    passive: bool
    copular: bool
    complement: int = 0  # where a "to" complement's verb starts ("work to meet": 1), or 0


def relation_key(relation: Relation, passive: bool) -> Key:
    """``relation``'s words for matching (see the module docstring)."""
    return _key(relation.text, relation.lemma, passive)


@lru_cache(maxsize=1 << 14)
def _key(relation_text: str, lemma: str, passive: bool) -> Key:
    """``relation_key`` of a relation's text and lemma (a ``Key`` is immutable: shared)."""
    text = relation_text.casefold().split()
    words = [_relemma(w, text) for w in (lemma or relation_text).casefold().split()
             if w not in DROP and any(c.isalnum() for c in w)
             and not (w.endswith("ly") and len(w) > 5 and w not in _LY_VERBS)]
    while words and words[0] in _AUXILIARIES and (len(words) > 1 or len(text) > 1):
        words.pop(0)  # "has been", "did say": an auxiliary, not the verb
    words = ["be" if w in COPULA else w for w in words]
    copular = not passive and ("be" in words[:1] or _copular(text))
    if copular and (not words or words[0] != "be"):
        words.insert(0, "be")
    if len(words) > 1 and words[-1] == "that":  # "argue that", "is that": a complementiser
        words.pop()
    if passive and words and words[0] == "be":
        words.pop(0)
    return Key(tuple(words), passive, copular and bool(words) and words[0] == "be",
               _complement(text, words))


def _relemma(lemma: str, text: list[str]) -> str:
    """``lemma``, or the right one when the tagger misread a form (``had hoped``: ``hop``)."""
    fix = _MISREAD.get(lemma)
    return fix[0] if fix is not None and not fix[1].isdisjoint(text) else lemma


def _complement(text: list[str], words: list[str]) -> int:
    """The index in ``words`` of the verb after ``to`` in ``text`` (``moved to challenge``
    → the index of ``challenge``), or 0 when the relation has no ``to`` complement."""
    after = next((text[i + 1] for i in range(len(text) - 1) if text[i] == "to"), None)
    if after is None:
        return 0
    forms = word_forms(after) | {_IRREGULAR.get(after, after)}
    return next((i for i in range(1, len(words)) if words[i] in forms), 0)

