"""Normalisation: open relations onto ontology properties, plus time, place and quotes.

The lexicon is read from the ontology (``skos:altLabel`` verb lemmas and phrases of every
``kg:relatedTo`` subproperty, ``kg:nominalization`` event nouns), never written in code. A
relation matches on its full lemma (``answer to``), then with trailing words dropped
(``deny within`` → ``deny``), then the same from its second word on (``also attend``).
Passives are recognised from the surface relation (``was arrested by``): the by-agent becomes
the actor and the subject the target.

>>> from kg.model import Relation
>>> lexicon().match(Relation("was arrested by", "arrest by"))
'https://w3id.org/kg/ns#arrested'
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.enrich.temporal import is_temporal
from kg.model import Mention, Relation, Span, Statement
from kg.model.results import DocumentResult
from kg.ontology.namespace import KG, ontology_path

_COPULA = frozenset({"be", "is", "are", "was", "were", "am", "been", "being", "'s", "’s"})
_PASSIVE_AUX = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "get",
                          "gets", "got", "gotten", "getting"})
_SKIP_AFTER_AUX = frozenset({"not", "n't", "never", "also", "still", "then", "being", "been",
                             "reportedly", "allegedly", "now", "already"})
_POSSESSIVES = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your",
                          "this", "that", "these", "those"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
#: spaCy labels a time or a place argument can carry.
TIME_LABELS = frozenset({"DATE", "TIME"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels that can be the target of an event noun (``deportation of X``).
_TARGET_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC", "LOC"})
_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True)
class Lexicon:
    """Relation phrases and event nouns of the ontology, keyed by lower-case lemma text."""

    phrases: dict[str, str]
    nouns: dict[str, str]
    labels: dict[str, str]
    parents: dict[str, tuple[str, ...]]  # kg: superproperties, up to kg:relatedTo

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """Read the lexicon from ``kg.ttl`` (the packaged ontology by default)."""
        return _load(str(path or ontology_path("kg.ttl")))

    def key(self, relation: Relation) -> str:
        """The relation's lemma text, lower case, with copula forms folded to ``be``."""
        words = (relation.lemma or relation.text).casefold().split()
        words = ["be" if w in _COPULA else w for w in words]
        return " ".join(words)

    def match(self, relation: Relation) -> str | None:
        """The property IRI the relation maps to, or ``None``."""
        words = self.key(relation).split()
        for start in range(len(words)):  # skips leading adverbs: "also attend" → "attend"
            for end in range(len(words), start, -1):
                found = self.phrases.get(" ".join(words[start:end]))
                if found:
                    return found
        return None

    def speech_lemmas(self) -> frozenset[str]:
        """One-word lemmas of ``kg:said`` (``say``, ``tell``, ``add``…): reporting verbs."""
        said = str(KG.said)
        return frozenset(p for p, iri in self.phrases.items() if iri == said and " " not in p)


@lru_cache(maxsize=4)
def _load(path: str) -> Lexicon:
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDFS, SKOS

    graph = Graph().parse(path, format="turtle")
    phrases: dict[str, str] = {}
    nouns: dict[str, str] = {}
    labels: dict[str, str] = {}
    parents: dict[str, tuple[str, ...]] = {}
    props = {p for p in graph.transitive_subjects(RDFS.subPropertyOf, KG.relatedTo)
             if isinstance(p, URIRef)}
    for prop in sorted(props):
        iri = str(prop)
        labels[iri] = str(graph.value(prop, RDFS.label) or iri.rsplit("#", 1)[-1])
        parents[iri] = tuple(sorted(str(s) for s in graph.objects(prop, RDFS.subPropertyOf)
                                    if str(s).startswith(str(KG._NS))))
        for phrase in sorted(map(str, graph.objects(prop, SKOS.altLabel))):
            phrases.setdefault(" ".join(phrase.casefold().split()), iri)
        for noun in sorted(map(str, graph.objects(prop, KG.nominalization))):
            nouns.setdefault(noun.casefold(), iri)
    return Lexicon(phrases, nouns, labels, parents)


def lexicon() -> Lexicon:
    """The packaged ontology's lexicon (cached)."""
    return Lexicon.load()


def is_passive(relation: Relation) -> bool:
    """True for a passive verb group (``was arrested``, ``is being held at``).

    >>> is_passive(Relation("is being held at", "hold at")), is_passive(Relation("is overseeing"))
    (True, False)
    """
    words = relation.text.casefold().split()
    lemma = (relation.lemma or relation.text).casefold().split()
    if not lemma or lemma[0] in _COPULA:
        return False
    for i, word in enumerate(words):
        if word not in _PASSIVE_AUX:
            continue
        rest = [w for w in words[i + 1:] if w not in _SKIP_AFTER_AUX and not w.endswith("ly")]
        return bool(rest) and not rest[0].endswith("ing") and rest[0] != "to"
    return False


@dataclass(frozen=True, slots=True)
class Roles:
    """Who did what to whom in a normalised statement."""

    actor: Mention | None
    patient: Mention | None
    target: Mention | None
    event_noun: str | None = None
    event_type: str | None = None


def _entity(mention: Mention | None) -> Mention | None:
    return None if mention is None or mention.literal else mention


def _event(obj: Mention, nouns: dict[str, str], mentions: Sequence[Mention]
           ) -> tuple[str, str, Mention | None] | None:
    """``(noun, property, target)`` when ``obj`` is headed by an event noun of the lexicon."""
    words = [(m.group(), m.start()) for m in _WORD.finditer(obj.text)]
    lowered = [w.casefold() for w, _ in words]
    for i, word in enumerate(lowered[:5]):
        noun = word if word in nouns else word.rstrip("s") if word.rstrip("s") in nouns else None
        if noun is None:
            continue
        if i + 1 < len(words) and lowered[i + 1] == "of":
            lo, hi = obj.span.start + words[i + 1][1] + 2, obj.span.end
        elif i > 0 and lowered[i - 1].endswith(("'s", "’s")):
            lo, hi = obj.span.start, obj.span.start + words[i - 1][1] + len(words[i - 1][0])
        elif all(w in _POSSESSIVES or w.isalpha() for w in lowered[:i]):
            return noun, nouns[noun], None
        else:
            continue
        inside = [m for m in mentions
                  if lo <= m.span.start and m.span.end <= hi and m.label in _TARGET_LABELS]
        inside.sort(key=lambda m: (m.label != "PERSON", m.span.start))
        return noun, nouns[noun], inside[0] if inside else None
    return None


def roles(st: Statement, mentions: Sequence[Mention] = (), lex: Lexicon | None = None) -> Roles:
    """The actor, patient and target of ``st`` (with its event noun, if any)."""
    lex = lex or lexicon()
    obj = _entity(st.object)
    if is_passive(st.relation):
        by_agent = st.relation.text.casefold().split()[-1] == "by"
        actor, patient = (obj, st.subject) if by_agent else (None, st.subject)
        return Roles(actor, patient, patient)
    event = _event(obj, lex.nouns, mentions) if obj is not None else None
    if event is not None and event[2] is not None:
        return Roles(st.subject, obj, event[2], event[0], event[1])
    if event is not None:
        return Roles(st.subject, obj, obj, event[0], event[1])
    return Roles(st.subject, obj, obj)


def _inside(m: Mention, spans: Iterable[Span]) -> bool:
    return any(s.start <= m.span.start and m.span.end <= s.end for s in spans)


def _first_inside(mentions: Sequence[Mention], spans: list[Span]) -> Mention | None:
    """The first of ``mentions`` inside one of ``spans``."""
    if not spans:
        return None
    return next((m for m in mentions if _inside(m, spans)), None)


def _dates(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions that name a time."""
    return [m for m in mentions if m.label in TIME_LABELS and is_temporal(m.text)]


def _places(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions that name a place."""
    return [m for m in mentions if m.label in PLACE_LABELS]


def _time_and_place(st: Statement, mentions: Sequence[Mention],
                    dates: list[Mention] | None = None, places: list[Mention] | None = None
                    ) -> tuple[Mention | None, Mention | None]:
    args = [a.span for a in st.extra_args]
    last_word = st.relation.text.casefold().split()[-1:]
    if st.object is not None and last_word and last_word[0] in _LOCATIVE:
        args.append(st.object.span)
    core = [st.subject.span] + ([st.object.span] if st.object is not None else [])
    sentence = st.provenance.sentence
    if dates is None:
        dates = _dates(mentions)
    if places is None:
        places = _places(mentions)
    time = st.time or _first_inside(dates, args) or next(
        (m for m in dates if sentence.start <= m.span.start and m.span.end <= sentence.end
         and not _inside(m, core)), None)
    place = st.place or _first_inside(places, args)
    return time, place


def normalise_statement(st: Statement, mentions: Sequence[Mention] = (),
                        lex: Lexicon | None = None, *, dates: list[Mention] | None = None,
                        places: list[Mention] | None = None) -> Statement:
    """``st`` with its ontology property (if the lexicon knows its relation), time and place.

    ``dates``, ``places``: the mentions among ``mentions`` that name a time or a place, if
    already known.
    """
    lex = lex or lexicon()
    predicate = st.relation.predicate or lex.match(st.relation)
    time, place = _time_and_place(st, mentions, dates, places)
    relation = dataclasses.replace(st.relation, predicate=predicate)
    return dataclasses.replace(st, relation=relation, time=time, place=place)


def normalise(results: Iterable[DocumentResult], unmapped: Counter[str] | None = None,
              lex: Lexicon | None = None) -> Iterator[DocumentResult]:
    """The normalisation stage: every statement normalised, quotes found and attributed.

    Relations the lexicon does not know are counted in ``unmapped`` (by lemma text).
    """
    from kg.enrich.quotes import attribute, find_quotes

    lex = lex or lexicon()
    for result in results:
        dates, places = _dates(result.mentions), _places(result.mentions)
        statements = tuple(normalise_statement(st, result.mentions, lex, dates=dates,
                                               places=places)
                           for st in result.statements)
        if unmapped is not None:
            unmapped.update(lex.key(st.relation) for st in statements
                            if st.relation.predicate is None)
        quotes = find_quotes(result.document, result.mentions, statements,
                             lex.speech_lemmas())
        yield dataclasses.replace(result, statements=attribute(statements, quotes),
                                  quotes=quotes)
