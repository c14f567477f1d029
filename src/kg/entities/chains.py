"""Nominal chains: definite descriptions and unnamed noun phrases, resolved in text order.

Every noun phrase of a document without a name and without an owner (``the judge``, ``a
robotics team from Pune``, ``the national team``) is read as a determiner, modifiers, a head
noun and what follows the head (``kg.entities.phrases``). Then, in text order:

- an indefinite phrase (``a robotics team``) starts an entity of its own;
- a bare one (``farmers``, ``capitalism``) joins an earlier bare phrase of the same words;
- a definite one (``the``, ``this``, ``these``…) refers back, within ``WINDOW`` characters, to
  a named entity its head describes (a title, an apposition, a predicate or a word of the
  name: "Louisiana Judge Jamee Comans" … "the judge"; "Cairo University Hospital" … "the
  hospital") or to an earlier phrase with the same head, the same number and modifiers that
  do not contradict it (``the robotics team`` … ``the team`` … ``the national team``; not
  ``the old bridge`` after ``a new bridge``). A head that only names the entity's type
  (``the company``, ``the city``, ``the boy``) is weaker evidence: it is taken only when no
  description or chain fits, and only from one candidate. Two candidates: it abstains.

A chain of two or more phrases becomes one entity (a ``kg:Concept`` named by its first phrase:
the node that phrase had on its own); a phrase linked to a named entity takes that entity.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.entities.descriptions import Descriptions
from kg.entities.names import clean_name
from kg.entities.people import PERSON_NOUNS
from kg.entities.phrases import (
    CHILD_NOUNS,
    COMPANY_ENDS,
    GENDERED,
    Phrase,
    compatible,
    is_child,
    kinds_agree,
    name_kinds,
    parse_phrase,
    synonyms,
    type_of,
)
from kg.entities.pronouns import name_gender
from kg.entities.window import RecentIndex
from kg.model import Mention, Span, Statement
from kg.model.ids import slug
from kg.model.results import Referent

if TYPE_CHECKING:
    from kg.entities.resolve import Cluster, DocumentResolver

#: How far back (characters) a definite phrase looks for what it refers to.
WINDOW = 2000


def _is_person_noun(head: str) -> bool:
    """Whether a common noun denotes a person (the pronoun resolver's list: ``teacher``)."""
    return head in PERSON_NOUNS or head.endswith(("woman", "man", "person"))


def _named_like_person(cluster: Cluster) -> bool:
    """Whether a name the tagger did not call a person looks like one: a given name, then a
    word that is no plural and no kind of organisation ("Nusrat Jahan", not "Harlow
    Chemicals" or "Zenith Bank")."""
    return any(len(w) == 2 and name_gender(w[0]) is not None and not w[1].endswith("s")
               and type_of(w[1]) is None and w[1] not in COMPANY_ENDS for w in cluster.words)


class Chains:
    """The nominal chains of one document (see the module docstring)."""

    def __init__(self, resolver: DocumentResolver) -> None:
        self.resolver = resolver
        self._at: dict[int, Cluster] = {}  # by the offset of a phrase's head
        #: Heads of phrases linked to a place or person by its type alone ("the city").
        self.by_type: set[int] = set()
        self.described = Descriptions(resolver)

    def learn(self, statements: Iterable[Statement], mentions: Iterable[Mention]) -> None:
        """The descriptions of the named entities (``kg.entities.descriptions``)."""
        self.described.learn(statements, mentions)

    @property
    def apposed(self) -> dict[int, Cluster]:
        """An apposition's start → the named entity it is apposed to ("his wife, X")."""
        return self.described.apposed

    # -- chains ---------------------------------------------------------------------------

    def run(self, mentions: Iterable[Mention], referents: Iterable[Referent],
            anchored: Callable[[Mention], Cluster | None]) -> None:
        """Resolve every unnamed noun phrase among ``mentions`` (statement arguments) and
        ``referents`` (the parse's noun phrases), in text order. ``anchored`` gives the
        owner's nominal a phrase is (``Attorneys for Khalil``), which later phrases join."""
        phrases: dict[int, Phrase] = {}

        def add(found: Phrase | None) -> None:
            if found is not None:
                known = phrases.get(found.head_at)
                if known is None or (known.end - known.start) < (found.end - found.start):
                    phrases[found.head_at] = found  # the longest words: "a team from Pune"

        for ref in referents:
            if ref.kind == "noun":
                add(parse_phrase(ref.span.text, ref.span.start, ref.head, ref.number))
        for m in mentions:
            if not (m.label or m.literal):
                add(parse_phrase(m.text, m.span.start))
        ordered = sorted(phrases.values(), key=lambda p: (p.start, p.end))
        _Run(self, ordered, anchored).go()

    def of(self, mention: Mention) -> Cluster | None:
        """The entity of an unnamed noun phrase, if its chain tells one."""
        phrase = parse_phrase(mention.text, mention.span.start)
        return None if phrase is None else self._at.get(phrase.head_at)

    def of_referent(self, ref: Referent) -> Cluster | None:
        """The entity of a noun phrase of the parse, unless only the type of a place or person
        tells it (``the city``: too weak for a pronoun's antecedent)."""
        phrase = parse_phrase(ref.span.text, ref.span.start, ref.head, ref.number)
        if phrase is None or phrase.head_at in self.by_type:
            return None
        return self._at.get(phrase.head_at)


def _inside(phrases: list[Phrase], identified: dict[int, tuple[int, Cluster]]) -> set[int]:
    """Starts of the phrases (in text order) that lie inside a description a name renames:
    "finance minister" of "Brenmoor's finance minister, Adaeze Okonkwo" is no entity of its
    own. One sweep over both, in order."""
    spans = sorted((start, end) for start, (end, _) in identified.items())
    found: set[int] = set()
    j = 0
    for phrase in phrases:
        while j < len(spans) and spans[j][1] <= phrase.start:
            j += 1
        if j < len(spans) and spans[j][0] < phrase.start < spans[j][1]:
            found.add(phrase.start)
    return found


@dataclass
class _Chain:
    phrases: list[Phrase]
    entity: Cluster | None = None  # a named entity the chain refers to
    closed: bool = False  # an abstaining phrase: an entity of its own that nothing joins
    by_type: bool = False  # the entity was found by its type alone ("the city")
    #: One phrase per distinct (modifiers, capitalised words): ``compatible`` reads no more of
    #: an earlier phrase, so a long chain is checked against its few kinds of phrase.
    kinds: dict[tuple[frozenset[str], frozenset[str]], Phrase] = field(default_factory=dict)
    order: int = 0  # when it was made

    def __post_init__(self) -> None:
        for phrase in self.phrases:
            self.kinds.setdefault(_kind(phrase), phrase)

    @property
    def last(self) -> int:
        return self.phrases[-1].start


def _kind(phrase: Phrase) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(phrase.mods), phrase.proper


_POSSESSIVE_ENDS = ("'s", "’s", "'", "’")


@dataclass
class _Run:
    owner: Chains
    phrases: list[Phrase]
    anchored: Callable[[Mention], Cluster | None]
    chains: list[_Chain] = field(default_factory=list)
    by_head: dict[str, list[_Chain]] = field(default_factory=dict)
    #: Every chain, the one with the latest phrase last (phrases come in text order).
    latest: dict[int, _Chain] = field(default_factory=dict)
    seen: dict[int, list[int]] = field(default_factory=dict)  # named entity → positions
    #: Entities phrases may refer to, by a word of their descriptions or names, and by group.
    by_word: dict[str, list[Cluster]] = field(default_factory=dict)
    by_group: dict[str, list[Cluster]] = field(default_factory=dict)
    kinds: dict[int, set[str]] = field(default_factory=dict)  # type nouns an entity was called
    #: The entities named within the window, by word and by group ("w:judge", "g:person").
    recent: RecentIndex[Cluster] = field(default_factory=lambda: RecentIndex(WINDOW))

    def go(self) -> None:
        resolver = self.owner.resolver
        for cluster in resolver.clusters:
            if cluster.fixed_id is None:
                self._candidate(cluster)
        for cluster in resolver.clusters:
            self.seen[id(cluster)] = sorted(cluster.positions)
            for position in cluster.positions:
                self.recent.named_at(cluster, position)
        text = resolver.text
        inside = _inside(self.phrases, self.owner.described.identified)
        for phrase in self.phrases:
            if phrase.start in inside or (
                    phrase.start in self.owner.described.predicates
                    and not text.startswith(_POSSESSIVE_ENDS, phrase.end)):
                # "Team Nova, a robotics team": a description, not a new entity (but the owner
                # opening "The hospital's director, Colin Prescott" is a phrase of its own;
                # "director" inside it is none)
                continue
            nominal = self.anchored(Mention(Span(phrase.start, phrase.end, phrase.text)))
            if nominal is not None:
                self._add(_Chain([phrase], nominal))
                if id(nominal) not in self.seen:
                    self._candidate(nominal)  # "her son" … "the boy"
                self._link(phrase, nominal)
            elif phrase.definite:
                self._refer(phrase)
            elif phrase.determiner == "" and (same := self._same(phrase)) is not None:
                self._grow(same, phrase)  # "capitalism" … "capitalism"
            else:
                self._start(phrase)
        self._entities()

    def _candidate(self, cluster: Cluster) -> None:
        """Index an entity phrases may refer to (its descriptions are known by now)."""
        words = set(cluster.descriptions)
        if cluster.label != "PERSON":
            words |= name_kinds(cluster)
        for word in words:
            self.by_word.setdefault(word, []).append(cluster)
        self.by_group.setdefault(cluster.group, []).append(cluster)
        self.recent.index(cluster, [*(f"w:{w}" for w in words), f"g:{cluster.group}"])

    def _named(self, phrase: Phrase) -> tuple[list[Cluster], list[Cluster]]:
        """Named entities the phrase describes (strong) and ones of its type only (weak)."""
        strong: list[Cluster] = []
        weak: list[Cluster] = []
        kind = type_of(phrase.head)
        # only the entities named within the window (``RecentIndex``: linear in a document)
        self.recent.advance(phrase.start)
        found = {id(c): c for head in synonyms(phrase.head)
                 for c in self.recent.recent(f"w:{head}")}
        if kind is not None:
            found.update((id(c), c) for c in self.recent.recent(f"g:{kind.group}"))
        for cluster in found.values():
            person = cluster.label == "PERSON"
            if phrase.plural and cluster.label != "NORP":
                continue
            if phrase.proper and not {w.casefold() for w in phrase.proper} <= name_kinds(
                    cluster):
                continue  # "the Lekki district" is not Lagos
            if phrase.head in cluster.descriptions or (
                    not person and synonyms(phrase.head) & name_kinds(cluster)):
                strong.append(cluster)
            elif kind is not None and kind.group == cluster.group and kinds_agree(
                    phrase.head, cluster, self.kinds.get(id(cluster), ())) and not (
                    phrase.restricted):
                if person and phrase.head in GENDERED and (
                        cluster.gender != GENDERED[phrase.head]):
                    continue  # "the man": a man, not a name of unknown gender ("Lyon")
                if phrase.head in CHILD_NOUNS and not is_child(cluster):
                    continue  # "the boy" is not the father named just before
                if not person and _named_like_person(cluster):
                    continue  # "Nusrat Jahan" tagged an organisation is no "government"
                weak.append(cluster)
        return strong, weak

    def _chains(self, phrase: Phrase) -> list[_Chain]:
        """Earlier chains of the phrase's head or a synonym ("the blaze" … "the fire")."""
        heads = list(synonyms(phrase.head))
        found = [c for c in self._within(phrase) if c.phrases[0].head in heads
                 and not c.closed and c.phrases[0].plural == phrase.plural
                 and all(compatible(p, phrase) for p in c.kinds.values())]
        return sorted(found, key=lambda c: (heads.index(c.phrases[0].head), c.order))

    def _within(self, phrase: Phrase) -> Iterator[_Chain]:
        """The chains with a phrase within the window before ``phrase``, latest first."""
        for chain in reversed(self.latest.values()):
            if phrase.start - chain.last > WINDOW:
                return
            yield chain

    def _grow(self, chain: _Chain, phrase: Phrase) -> None:
        chain.phrases.append(phrase)
        chain.kinds.setdefault(_kind(phrase), phrase)
        self.latest.pop(id(chain), None)
        self.latest[id(chain)] = chain

    def _same(self, phrase: Phrase) -> _Chain | None:
        """The chain of an earlier bare phrase of the same words."""
        words = clean_name(phrase.text).casefold()
        return next((c for c in reversed(self.by_head.get(phrase.head, ()))
                     if c.entity is None and not c.closed and c.phrases[0].determiner == ""
                     and clean_name(c.phrases[0].text).casefold() == words), None)

    def _someone(self, phrase: Phrase) -> bool:
        """Whether a person without a name was met within the window before ``phrase``."""
        return any(c.entity is None and _is_person_noun(c.phrases[0].head)
                   for c in self._within(phrase))

    def _refer(self, phrase: Phrase) -> None:
        strong, weak = self._named(phrase)
        chains = self._chains(phrase)
        # a chain that found its entity by type alone is no better evidence than the type
        sure = {id(c.entity): c for c in chains if c.entity is not None and not c.by_type}
        for cluster in strong:
            sure.pop(id(cluster), None)
        options: list[Cluster | _Chain] = [*strong, *sure.values(),
                                           *(c for c in chains if c.entity is None)]
        by_type = not options
        if by_type and weak and weak[0].label == "PERSON" and self._someone(phrase):
            weak = []  # "a former bank manager … the man": an unnamed person competes
        if by_type:
            typed = {id(c): c for c in weak}
            typed.update({id(c.entity): c.entity for c in chains if c.entity is not None})
            options = [*typed.values()]
        if len(options) == 1:
            found = options[0]
            if isinstance(found, _Chain):
                self._grow(found, phrase)
                if found.entity is not None:
                    self._link(phrase, found.entity, by_type=False)
                return
            self._link(phrase, found, by_type)
            joined = next((c for c in chains if c.entity is found), None)
            if joined is not None:
                self._grow(joined, phrase)
            else:
                self._add(_Chain([phrase], found, by_type=by_type))
        elif options:
            self._add(_Chain([phrase], closed=True))  # two fit: an entity of its own
        else:
            self._start(phrase)

    def _link(self, phrase: Phrase, cluster: Cluster, by_type: bool = False) -> None:
        self.owner._at[phrase.head_at] = cluster
        if by_type and cluster.group != "org":
            self.owner.by_type.add(phrase.head_at)  # "the city": weak for a pronoun's "it"
        self.owner.resolver.described_at[phrase.start] = (phrase.end, phrase.text, cluster)
        if type_of(phrase.head) is not None:
            # what it is called: "the city" … then "the country" is not it
            self.kinds.setdefault(id(cluster), set()).add(phrase.head)
        positions = self.seen.setdefault(id(cluster), [])
        positions.insert(bisect_left(positions, phrase.start), phrase.start)
        self.recent.named_at(cluster, phrase.start)

    def _start(self, phrase: Phrase) -> None:
        self._add(_Chain([phrase]))

    def _add(self, chain: _Chain) -> None:
        chain.order = len(self.chains)
        self.chains.append(chain)
        self.by_head.setdefault(chain.phrases[0].head, []).append(chain)
        self.latest[id(chain)] = chain

    def _entities(self) -> None:
        """One unnamed entity per chain of two or more phrases, named by its first phrase
        (the node that phrase had on its own)."""
        from kg.entities.resolve import Cluster

        for chain in self.chains:
            if chain.entity is not None or len(chain.phrases) < 2:
                continue
            name = clean_name(chain.phrases[0].text)
            cluster = Cluster("", fixed_id=f"concept/{slug(name) or 'phrase'}")
            for phrase in chain.phrases:
                cluster.names[clean_name(phrase.text)] += 1
                cluster.positions.append(phrase.start)
                self._link(phrase, cluster)
