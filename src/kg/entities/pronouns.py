"""Pronoun resolution that is right or abstains.

Each third-person pronoun is resolved over the parse records of its document
(``kg.model.results.Referent``) in the manner of Lappin & Leass (1994): candidate noun phrases
of the last few sentences are filtered by agreement and syntax, ranked by salience, and the
most salient wins only when it is a named entity and clearly ahead of the runner-up. Unnamed
noun phrases compete too: when "the lawyers" is the best antecedent of ``they``, ``they`` names
no entity and stays unresolved. First and second person are left to the quote speaker
(``kg.enrich.quotes``); a pleonastic ``it`` refers to nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from kg.entities.names import gender_detector, given_names
from kg.entities.people import (
    COLLECTIVE_NOUNS,
    PERSON_NOUNS,
    head_word,
    noun_gender,
)
from kg.model.results import Referent

MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
NEUTER = frozenset({"it", "its", "itself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
REFLEXIVE = frozenset({"himself", "herself", "itself", "themselves"})
POSSESSIVE = frozenset({"his", "her", "hers", "its", "their", "theirs"})
THIRD_PERSON = MASCULINE | FEMININE | NEUTER | PLURAL
RELATIVE = frozenset({"who", "whom", "whose", "which", "that"})

#: Entity groups (``kg.entities.resolve.TYPE_GROUPS``) ``it`` may name: never a person.
_NEUTER_GROUPS = frozenset({"org", "place", "facility", "law", "event", "work", "product"})
#: Groups ``they`` may name: organisations and peoples, never a person or a single place.
_PLURAL_GROUPS = frozenset({"org", "group"})

# -- salience weights (Lappin & Leass 1994, table 1; halved for each sentence back) -----------
_RECENCY = 100.0
_ROLE_WEIGHT = {"subj": 80.0, "attr": 70.0, "obj": 50.0, "iobj": 40.0, "pobj": 40.0}
_HEAD_NOUN = 80.0  # not embedded in another phrase
_NON_ADVERBIAL = 50.0  # not inside a prepositional phrase
_PARALLEL = 35.0  # the candidate has the pronoun's grammatical role
#: How many sentences back a pronoun looks, and how many candidate records at most.
SENTENCES_BACK = 2
MAX_CANDIDATES = 64
#: The winner must lead the runner-up by this factor, else the pronoun stays unresolved.
MARGIN = 1.6
#: A person of unknown gender is a weaker match for ``he``/``she`` than one of known gender.
_UNKNOWN_GENDER = 0.6


class Entity(Protocol):
    """What the rules need of an in-document entity (``kg.entities.resolve.Cluster``)."""

    @property
    def group(self) -> str: ...

    @property
    def gender(self) -> str | None: ...

    @property
    def uncertain(self) -> bool:
        """True when the tagger typed the entity's name both as a person and as not one."""
        ...


@dataclass(frozen=True, slots=True)
class Decision:
    """What a pronoun refers to: ``entity`` (``None`` when abstaining), a confidence and why."""

    entity: Entity | None
    confidence: float
    reason: str


# -- gender of a given name ---------------------------------------------------------------

_TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
                 "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f", "queen": "f",
                 "princess": "f", "madam": "f"}


_GUESSES = {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}


@lru_cache(maxsize=1 << 14)
def name_gender(given: str) -> str | None:
    """``"m"``, ``"f"`` or ``None`` for a given name: kg's list, then ``gender-guesser``'s
    40,000 names (names of many countries); an ambiguous or unknown name gives ``None``.

    >>> name_gender("fatima"), name_gender("sergei"), name_gender("chidera")
    ('f', 'm', None)
    """
    word = given.casefold()
    curated = given_names().get(word)
    if curated is not None:
        return curated
    for part in dict.fromkeys((word, word.split("-")[0])):
        guess = _GUESSES.get(gender_detector().get_gender(part))  # type: ignore[attr-defined]
        if guess is not None:
            return guess
    return None


def title_gender(preceding: str) -> str | None:
    """The gender of a title just before a name (``Mrs.``, ``Sir``), read with ``nameparser``.

    >>> title_gender("said Mrs. "), title_gender("Dr. ")
    ('f', None)
    """
    words = preceding.split()
    return _word_title_gender(words[-1]) if words else None


@lru_cache(maxsize=1 << 12)
def _word_title_gender(word: str) -> str | None:
    """``title_gender`` of the one word before a name (a ``nameparser`` parse costs 0.3 ms:
    each word is parsed once per process)."""
    from nameparser import HumanName

    title = HumanName(f"{word} Placeholder Name").title.casefold().strip(".")
    return _TITLE_GENDER.get(title)


# -- agreement ----------------------------------------------------------------------------

def _noun_head(referent: Referent) -> str:
    return head_word(referent.span.text)


def _is_person_noun(referent: Referent) -> bool:
    """A common noun phrase that names a person ("the regional governor", "a nurse")."""
    if referent.kind != "noun" or referent.number == "pl":
        return False
    head = _noun_head(referent)
    return head in PERSON_NOUNS or head.endswith(("woman", "man", "person"))


def _agrees_with_noun(word: str, referent: Referent) -> bool:
    """Agreement with an unnamed noun phrase: number, animacy and a noun's own gender."""
    last = referent.span.text.rsplit(None, 1)[-1]
    if last[:1].isupper() and referent.head != referent.sentence:
        return True  # a name the tagger missed ("Obi said he…"): it may be anyone
    head = _noun_head(referent)
    person = head in PERSON_NOUNS or head.endswith(("woman", "man", "person"))
    if word in PLURAL:
        return referent.number == "pl" or head in COLLECTIVE_NOUNS
    if referent.number == "pl":
        return False
    if word in MASCULINE:
        return person and noun_gender(head) != "f"
    if word in FEMININE:
        return person and noun_gender(head) != "m"
    return not person  # ``it``


def _agrees_with_entity(word: str, referent: Referent, entity: Entity) -> float:
    """Agreement with a named entity: 1 (agrees), a fraction (agrees if its unknown gender
    allows) or 0 (does not)."""
    group = entity.group
    if word in MASCULINE or word in FEMININE:
        # Gender: a named person whose given name or title agrees.
        if group != "person":
            return 0.0
        wanted = "m" if word in MASCULINE else "f"
        if entity.gender is None:
            return _UNKNOWN_GENDER
        return 1.0 if entity.gender == wanted else 0.0
    if word in NEUTER:
        # Animacy: ``it`` never names a person; number: a plural name is not ``it``.
        return 1.0 if group in _NEUTER_GROUPS and referent.number != "pl" else 0.0
    # Number: ``they`` takes organisations and peoples, never one person or one place.
    return 1.0 if group in _PLURAL_GROUPS else 0.0


# -- syntax -------------------------------------------------------------------------------

def _bound_out(pronoun: Referent, candidate: Referent) -> bool:
    """Binding: a plain pronoun is not a co-argument of its antecedent ("Nasser told him":
    him ≠ Nasser), and a phrase never contains the pronoun it antecedes ("his lawyers")."""
    if candidate.span.start <= pronoun.span.start < candidate.span.end:
        return True
    word = pronoun.span.text.casefold()
    if word in POSSESSIVE or word in REFLEXIVE:
        return False
    return candidate.clause == pronoun.clause and candidate.role in ("subj", "obj", "iobj")


def _salience(candidate: Referent, back: int) -> float:
    """Lappin–Leass salience of one mention, halved for each sentence back."""
    weight = _RECENCY + _ROLE_WEIGHT.get(candidate.role, 0.0)
    if not candidate.embedded:
        weight += _HEAD_NOUN
    if candidate.role != "pobj":
        weight += _NON_ADVERBIAL
    return weight / float(2 ** back)


@dataclass
class _Class:
    """A discourse referent being scored: a named entity or one unnamed noun phrase."""

    entity: Entity | None
    score: float = 0.0
    last: Referent | None = None
    back: int = 0  # sentences between ``last`` and the pronoun


class PronounResolver:
    """Resolves the third-person pronouns of one document, in text order.

    ``entity_at`` maps the head offset of a referent that names an entity to that entity (a
    phrase that only starts with a name, "Khalil's wife", is not that name's referent);
    relative pronouns take the entity of the noun they modify. Decisions feed back: a resolved
    pronoun becomes a mention of its entity for the pronouns after it.
    """

    def __init__(self, referents: Sequence[Referent], entity_at: Mapping[int, Entity]) -> None:
        self.referents = referents
        self.entity_at = entity_at
        self.decisions: dict[int, Decision] = {}  # by pronoun start offset
        self.key_at: dict[int, Hashable] = {}  # the class of the referent with this head
        self.key_entity: dict[Hashable, Entity] = {}  # the entity of a class, when named
        #: Classes an apposed person noun shows to be people, whatever the tagger typed
        #: their name ("the regional governor, Tomasz Wieczorek" with the name an ORG).
        self.people: set[Hashable] = set()

    def run(self) -> dict[int, Decision]:
        recent: list[tuple[int, Referent, Hashable]] = []  # (sentence no, referent, class key)
        sentence_no, last_sentence = -1, None
        for ref in self.referents:
            if ref.sentence != last_sentence:
                sentence_no, last_sentence = sentence_no + 1, ref.sentence
                recent = [r for r in recent if sentence_no - r[0] <= SENTENCES_BACK]
            if ref.kind == "pronoun":
                key = self._pronoun(ref, recent, sentence_no)
            else:
                key = self._phrase(ref, recent)
            if key is None:
                continue  # a pleonastic or undecided pronoun is no discourse referent
            self.key_at[ref.head] = key
            recent.append((sentence_no, ref, key))
            if len(recent) > MAX_CANDIDATES:
                del recent[0]
        return self.decisions

    def _phrase(self, ref: Referent, recent: list[tuple[int, Referent, Hashable]]
                ) -> Hashable:
        """The class of a noun phrase: its entity's, its host's (an apposition), or its own."""
        entity = self.entity_at.get(ref.head)
        key: Hashable = ("np", ref.span.start) if entity is None else id(entity)
        if entity is not None:
            self.key_entity[key] = entity
        host = self.key_at.get(ref.bound) if ref.bound is not None else None
        if host is None and entity is None and ref.role == "attr":
            # A predicate nominal: "Khalil is a permanent resident" describes its subject,
            # it is no second referent to compete for a later pronoun.
            host = next((k for _, cand, k in reversed(recent)
                         if cand.clause == ref.clause and cand.role == "subj"), None)
        if host is not None and host != key:
            # An apposition: "Ngozi Adeyemi, a finance official" is one referent.
            if entity is None:
                if _is_person_noun(ref):
                    self.people.add(host)  # "Wieczorek (tagged ORG), the governor"
                return host
            if host in self.people or any(_is_person_noun(cand) for _, cand, old in recent
                                          if old == host):
                self.people.add(key)  # "the governor, Tomasz Wieczorek (tagged ORG)"
            for i, (number, cand, old) in enumerate(recent):
                if old == host:
                    recent[i] = (number, cand, key)
            self.key_at.update({h: key for h, k in self.key_at.items() if k == host})
        return key

    def _pronoun(self, ref: Referent, recent: list[tuple[int, Referent, Hashable]],
                 sentence_no: int) -> Hashable | None:
        word = ref.span.text.casefold()
        # Relative pronouns: the noun their clause modifies ("Khalil, who …").
        if word in RELATIVE and ref.bound is not None:
            key = self.key_at.get(ref.bound)
            entity = self.key_entity.get(key) if key is not None else None
            self.decisions[ref.span.start] = (
                Decision(entity, 0.95, "relative") if entity is not None
                else Decision(None, 0.0, "unnamed antecedent"))
            return key
        if word not in THIRD_PERSON:
            return None  # first and second person: the quote speaker's business
        decision = self._decide(ref, word, recent, sentence_no)
        self.decisions[ref.span.start] = decision
        if decision.entity is not None:
            self.key_entity[id(decision.entity)] = decision.entity
            return id(decision.entity)
        if decision.reason == "unnamed antecedent":
            return ("np", ref.span.start)
        return None

    def _decide(self, ref: Referent, word: str, recent: list[tuple[int, Referent, Hashable]],
                sentence_no: int) -> Decision:
        # Pleonastic ``it``: "it is no surprise that…", "when it was forty percent".
        if ref.pleonastic:
            return Decision(None, 0.0, "pleonastic")
        if word in REFLEXIVE:
            return self._reflexive(ref, word, recent)
        return self._rank(ref, word, recent, sentence_no)

    def _reflexive(self, ref: Referent, word: str,
                   recent: list[tuple[int, Referent, Hashable]]) -> Decision:
        """A reflexive names the subject of its own clause ("she praised herself")."""
        for _, cand, key in reversed(recent):
            if cand.clause == ref.clause and cand.role == "subj":
                entity = self.key_entity.get(key)
                if entity is not None and not entity.uncertain and (
                        _agrees_with_entity(word, cand, entity) > 0):
                    return Decision(entity, 0.95, "reflexive")
                break
        return Decision(None, 0.0, "no candidate")

    def _rank(self, ref: Referent, word: str, recent: list[tuple[int, Referent, Hashable]],
              sentence_no: int) -> Decision:
        """Salience over the agreeing candidates; the winner must be named and clearly first."""
        classes: dict[Hashable, _Class] = {}
        doubt = 0.0
        # Binding rules out a whole entity, whichever of its mentions is the co-argument, and
        # the host of an apposition the pronoun is inside ("Liu Yang, his deputy").
        bound = {key for _, cand, key in recent if _bound_out(ref, cand)}
        if ref.bound is not None and ref.bound in self.key_at:
            bound.add(self.key_at[ref.bound])
        for number, cand, key in recent:
            if cand.head >= ref.head or cand.role == "mod" or key in bound:
                continue
            entity = self.key_entity.get(key)
            if cand.kind == "pronoun" and entity is None:
                if cand.span.text.casefold() not in _same_kind(word):
                    continue
                fit = 1.0  # a pronoun of the same kind that named no entity
            elif entity is not None and entity.uncertain:
                fit = 1.0  # the tagger gave it two types: it competes, but cannot win
            elif entity is not None and key in self.people and entity.group != "person":
                fit = _UNKNOWN_GENDER if word in MASCULINE | FEMININE else 0.0
            elif entity is not None:
                fit = _agrees_with_entity(word, cand, entity)
                if (fit == 0.0 and number == sentence_no and cand.role == "subj"
                        and word in NEUTER | PLURAL and entity.group == "person"):
                    # "Berlin said it would…" with Berlin tagged a person: the tagger is in
                    # doubt more often than the writer skips the subject; abstain if it leads.
                    doubt = max(doubt, _salience(cand, 0))
            else:
                fit = 1.0 if _agrees_with_noun(word, cand) else 0.0
            if fit == 0.0:
                continue
            found = classes.setdefault(key, _Class(self.key_entity.get(key)))
            found.score += fit * _salience(cand, sentence_no - number)
            found.last, found.back = cand, sentence_no - number
        for found in classes.values():
            if found.last is not None and found.last.role == ref.role:
                found.score += _PARALLEL / (2 ** found.back)
        ranked = sorted(classes.values(), key=lambda c: -c.score)
        if not ranked:
            return Decision(None, 0.0, "no candidate")
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if runner_up * MARGIN > best.score:
            return Decision(None, 0.0, "ambiguous")
        if best.entity is None:
            return Decision(None, 0.0, "unnamed antecedent")
        if best.entity.uncertain:
            return Decision(None, 0.0, "uncertain type")
        if doubt > best.score:
            return Decision(None, 0.0, "doubtful type")
        confidence = round(min(0.95, 0.5 + 0.5 * (1 - runner_up / best.score)), 3)
        return Decision(best.entity, confidence, "salience")


def _same_kind(word: str) -> frozenset[str]:
    for kind in (MASCULINE, FEMININE, NEUTER, PLURAL):
        if word in kind:
            return kind
    return frozenset()

