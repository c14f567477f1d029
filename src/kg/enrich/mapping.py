"""Relations onto a user's vocabulary: label matching, derivation, copular and possessive
readings, checked against domain and range.

A statement's relation is read as lemmas with auxiliaries, modals, negation, adverbs and
articles dropped (``was born in`` → ``bear in``, passive). It maps onto a property of a
``kg.enrich.vocabulary.Vocabulary`` in one of these ways, each with a base score:

- ``label`` (0.9): the words are one of the property's labels, lemmatised (``born in``,
  ``works for``, ``is part of``); a passive ``founded by`` read against an active label, or the
  reverse, maps the other way round.
- ``derived`` (0.75): the label is an agent noun of the verb (``found`` → *founder*,
  ``employ`` → *employer*: ``A founded B`` → *founder*(B, A)) or an event noun followed by a
  place or time word (``bear in`` → *birth place*, ``die on`` → *death date*).
- ``copular`` (0.85): ``X is the capital of Y`` → *capital*(Y, X).
- ``possessive`` (0.85): ``Y's capital is X`` and ``X is Y's capital`` → *capital*(Y, X).
- ``equivalent`` (0.85): kg's own lexicon knows the relation and the user's property is
  ``owl:equivalentProperty`` to (or named like) that kg property.

Each side is then checked: a subject or object whose entity kind clashes with the domain or
range refuses the candidate; one that fits adds 0.05 (and ``+domain``/``+range`` to the
method). A derived candidate needs at least one side that fits. The best candidate at or over
``THRESHOLD`` wins; two different properties tied at the top: no mapping (a wrong mapping is
worse than none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.enrich.reading import (
    DROP,
    PREPOSITIONS,
    Key,
    agent_nouns,
    event_nouns,
    word_forms,
)
from kg.enrich.vocabulary import Property, Vocabulary
from kg.model import Mapping, Mention, Span, Statement
from kg.ontology.types import entity_class

THRESHOLD = 0.6
_BASE = {"label": 0.9, "derived": 0.75, "copular": 0.85, "possessive": 0.85,
         "equivalent": 0.85}
_PLACE_HEADS = frozenset({"place", "location", "city", "country", "site", "town"})
_TIME_HEADS = frozenset({"date", "year", "time", "day"})
_WORD = re.compile(r"[\w’'-]+")
#: Prepositions after a relational noun that lead to its owner (``the N of Y``).
_OWNERS = frozenset({"of", "to", "for"})
_DETERMINERS = frozenset({"its", "his", "her", "their", "our", "my", "your"})
_RELATIVE = re.compile(r",?\s+(?:which|who|whom|whose|where|that)\b")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
#: Nouns that say what kind of thing the subject is: ``X is a type of Y`` is type(X, Y).
_KINDS = frozenset({"type", "kind", "sort", "form", "variety", "species", "genre", "example"})


def kind(mention: Mention | None) -> str | None:
    """The entity kind of a mention (``Person``, ``Place``…), ``Literal`` or ``None``."""
    if mention is None:
        return None
    if mention.literal:
        return "Literal"
    return str(entity_class(mention.label)).rsplit("#", 1)[-1]


def side(kinds: frozenset[str], mention: Mention | None, is_range: bool,
          prop: Property) -> int | None:
    """1: the mention's kind fits; 0: unknown; ``None``: it clashes."""
    k = kind(mention)
    if k is None or k == "Concept":
        return 0
    if k == "Literal":
        return None if is_range and prop.class_range else 0
    if not kinds:
        return 0
    return 1 if k in kinds else None


@dataclass(frozen=True, slots=True)
class _Candidate:
    prop: Property
    method: str
    inverse: bool = False
    subject: Mention | None = None
    object: Mention | None = None
    implied: frozenset[str] = frozenset()  # the range the label names (``birth place``)


def _matches(label: tuple[str, ...], words: Sequence[str]) -> bool:
    return len(label) == len(words) and all(
        w in word_forms(x) for x, w in zip(label, words, strict=True))


class Mapper:
    """Maps statements onto one vocabulary's properties (see the module docstring)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._labels: list[tuple[Property, tuple[str, ...]]] = []
        for prop in vocabulary.properties:
            for label in prop.labels:
                self._labels.append((prop, label))
                if len(label) > 1 and label[-1] in ("name", "total"):
                    self._labels.append((prop, label[:-1]))  # leaderName, populationTotal
        self._by_last: dict[str, list[tuple[Property, tuple[str, ...]]]] = {}
        for prop, label in self._labels:
            for form in word_forms(label[-1]):
                self._by_last.setdefault(form, []).append((prop, label))
        self._by_label: dict[tuple[str, ...], list[Property]] = {}
        self._events: dict[str, list[tuple[Property, tuple[str, ...]]]] = {}
        for prop, label in self._labels:
            self._by_label.setdefault(label, []).append(prop)
            heads = _PLACE_HEADS | _TIME_HEADS
            if len(label) == 2 and label[1] in heads:  # "birth place"
                self._events.setdefault(label[0], []).append((prop, label))
            elif len(label) == 3 and label[0] in heads and label[1] == "of":  # "date of birth"
                self._events.setdefault(label[2], []).append((prop, label))
            elif len(label) == 1 and label[0].endswith(("ion", "ment")):  # "location"
                self._events.setdefault(label[0], []).append((prop, label))
        self._compounds: dict[str, list[Property]] = {}  # "birthplace" for "birth place"
        for prop, label in self._labels:
            if 1 < len(label) < 4 and not set(label) & PREPOSITIONS:
                self._compounds.setdefault("".join(label), []).append(prop)
        self._by_equivalent: dict[str, list[Property]] = {}
        for prop in vocabulary.properties:
            for other in (prop.iri, *prop.equivalents):
                self._by_equivalent.setdefault(other, []).append(prop)

    def _with_last(self, word: str) -> list[tuple[Property, tuple[str, ...]]]:
        return self._by_last.get(word, [])

    def _nouns(self, words: Sequence[str]) -> list[Property]:
        """Properties with a noun label equal to ``words`` (lemmatised)."""
        if not words:
            return []
        out = self._compounds.get(words[0], []) if len(words) == 1 else []
        singular = {f for f in word_forms(words[-1]) if len(f) >= len(words[-1]) - 2}
        for last in sorted({words[-1]} | singular):  # "headquarters" for "headquarter"
            out += [p for p, label in self._with_last(last) if label[-1] not in PREPOSITIONS
                    and _matches(label, (*words[:-1], last)) and p not in out]
        return out

    def candidates(self, st: Statement, key: Key, mentions: Sequence[Mention],
                   kg_property: str | None = None,
                   kg_names: Iterable[tuple[str, ...]] = ()) -> list[_Candidate]:
        words = key.words
        out: list[_Candidate] = []
        if words:
            bare = words[1:] if key.copular else words
            for prop, label in self._with_last(words[-1]) + (
                    self._with_last(bare[-1]) if bare and bare != words else []):
                if _matches(label, words) or (key.copular and label[-1] in PREPOSITIONS
                                              and _matches(label, bare)):
                    out.append(_Candidate(prop, "label"))
            if key.passive and words[-1] == "by":
                out += [_Candidate(p, "label", inverse=True) for p, label in
                        self._with_last(words[-2]) if len(words) > 1
                        and _matches(label, words[:-1])]
            elif not key.copular:
                out += [_Candidate(p, "label", inverse=True) for p, label in
                        self._with_last("by") if _matches(label, [*words, "by"])]
                # "married" against "married to", "engaged" against "engaged with"
                out += [_Candidate(p, "label") for prep in ("to", "with") for p, label in
                        self._with_last(prep) if len(words) == 1 and st.object is not None
                        and _matches(label, [*words, prep])]
            out += self._derived(words, key)
            if key.copular and len(words) > 2 and words[-1] == "of":
                kinds = words[-2] in _KINDS  # "X is a type of Y": type(X, Y)
                out += [_Candidate(p, "copular", inverse=not kinds)
                        for p in self._nouns(words[1:-1])]
            if key.copular and words == ("be",):
                out += self._copular(st, mentions)
            elif words == ("have",):
                out += self._copular(st, mentions, have=True)
        if kg_property is not None:
            aligned = set(self._by_equivalent.get(kg_property, []))
            for name in kg_names:
                aligned.update(self._by_label.get(name, ()))
            out += [_Candidate(p, "equivalent") for p in sorted(aligned, key=lambda p: p.iri)]
        return out

    def _derived(self, words: Sequence[str], key: Key) -> list[_Candidate]:
        verb, prep = words[0], words[-1] if len(words) > 1 else ""
        if key.copular or verb in PREPOSITIONS:
            return []
        out: list[_Candidate] = []
        if len(words) == 1 or (key.passive and words[1:] == ("by",)):
            agents = agent_nouns(verb)
            for noun in sorted(agents):
                # A founded B → founder(B, A); B was founded by A → founder(B, A).
                out += [_Candidate(p, "derived", inverse=not key.passive)
                        for p in self._nouns((noun,))]
        if prep in ("in", "at", "on", "from", "during") and len(words) == 2:
            for noun in sorted(event_nouns(verb)):
                out += [_Candidate(p, "derived", implied=_implied(label))
                        for p, label in self._events.get(noun, ())]
        return out

    def _copular(self, st: Statement, mentions: Sequence[Mention],
                 have: bool = False) -> list[_Candidate]:
        """``X is the N of Y`` and ``X is Y's N`` → N(Y, X); ``the N of Y is X`` and ``Y's N
        is X`` → N(Y, X); with ``have``: ``X has a N of Y`` → N(X, Y)."""
        out: list[_Candidate] = []
        obj = st.object
        unnamed = not st.relation.inferred  # an apposition the parser guessed: names only
        if obj is not None and not obj.literal and obj.label == "":
            (method, noun), owner = _noun_and_owner(obj, mentions, unnamed, have)
            if owner is not None and have and method == "copular":
                out += [_Candidate(p, "possessive", subject=st.subject, object=owner)
                        for p in self._nouns(noun)]
            elif owner is not None and not have and noun[-1:] and noun[-1] in _KINDS:
                out += [_Candidate(p, method, subject=st.subject, object=owner)
                        for p in self._nouns(noun)]  # "X is a type of Y": type(X, Y)
            elif owner is not None and not have:
                out += [_Candidate(p, method, subject=owner, object=st.subject)
                        for p in self._nouns(noun)]
                if method == "copular":  # "X is part of Y" against "is part of": X → Y
                    out += [_Candidate(p, "copular", subject=st.subject, object=owner)
                            for p, label in self._with_last("of")
                            if _matches(label, (*noun, "of"))
                            or _matches(label, ("be", *noun, "of"))]
        if not have and st.subject.label == "" and obj is not None:
            (method, noun), owner = _noun_and_owner(st.subject, mentions, unnamed)
            if owner is not None:
                out += [_Candidate(p, method, subject=owner, object=obj)
                        for p in self._nouns(noun)]
        return out

    def match(self, st: Statement, key: Key, mentions: Sequence[Mention] = (),
              kg_property: str | None = None,
              kg_names: Iterable[tuple[str, ...]] = ()) -> tuple[str, Mapping] | None:
        """The best confident ``(property IRI, Mapping)`` for ``st``, or ``None``."""
        scored: list[tuple[float, str, Mapping]] = []
        for c in self.candidates(st, key, mentions, kg_property, kg_names):
            subj, obj = (st.object, st.subject) if c.inverse else (st.subject, st.object)
            subj, obj = c.subject or subj, c.object or obj
            dom = side(c.prop.domain, subj, False, c.prop)
            rng = side(c.prop.range or c.implied, obj, True, c.prop)
            if dom is None or rng is None or (c.method == "derived" and dom + rng == 0):
                continue
            score = round(_BASE[c.method] + 0.05 * (dom + rng), 3)
            method = c.method + ("+domain" if dom else "") + ("+range" if rng else "")
            scored.append((score, c.prop.iri, Mapping(method, score, c.inverse, c.subject,
                                                      c.object)))
        if not scored:
            return None
        best = max(s for s, _, _ in scored)
        top = sorted({(iri, m) for s, iri, m in scored if s == best},
                     key=lambda t: (t[0], t[1].method))
        if best < THRESHOLD or not self._same({iri for iri, _ in top}):
            return None
        return top[0]

    def _same(self, iris: set[str]) -> bool:
        """One property, or properties declared equivalent to one another (a tie is then
        broken by IRI)."""
        first = min(iris)
        prop = self.vocabulary.get(first)
        return prop is not None and iris <= {first, *prop.equivalents}


def _implied(label: tuple[str, ...]) -> frozenset[str]:
    """The kinds a derived label's head word names: a place (``birth place``, ``location``)
    or a time (``death date``, ``date of birth``); none otherwise."""
    if _PLACE_HEADS & set(label) or label[-1:] == ("location",):
        return frozenset({"Place", "Facility"})
    return frozenset({"Date"}) if _TIME_HEADS & set(label) else frozenset()


def _noun_and_owner(mention: Mention, mentions: Sequence[Mention], unnamed: bool = True,
                    have: bool = False
                    ) -> tuple[tuple[str, tuple[str, ...]], Mention | None]:
    """``(("copular"|"possessive", noun words), owner)`` of ``the N of Y`` (``to``, ``for``)
    or ``Y's N``; ``unnamed``: the owner may be a name the tagger missed (``_owner``);
    ``have``: the object of ``X has its N in Y`` or ``X has a N of 3500`` (a number)."""
    text = mention.text
    words = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    lowered = [w.casefold() for w, _ in words]
    base = mention.span.start
    drop = DROP | _DETERMINERS if have else DROP
    for i, word in enumerate(lowered):
        if (word in _OWNERS or (have and word in ("in", "at"))) and i > 0:
            noun = tuple(w for w in lowered[:i] if w not in drop)
            lo, hi = base + words[i][1] + len(word), mention.span.end
            return ("copular", noun), _owner(mentions, lo, hi, mention if unnamed else None,
                                             have)
        if word.endswith(("'s", "’s")) and i + 1 < len(words):
            noun = tuple(w for w in lowered[i + 1:] if w not in DROP)
            lo, hi = base, base + words[i][1] + len(words[i][0]) - 2
            return ("possessive", noun), _owner(mentions, lo, hi, mention if unnamed else None)
    return ("copular", ()), None


def _owner(mentions: Sequence[Mention], lo: int, hi: int, phrase: Mention | None,
           number: bool = False) -> Mention | None:
    """The first named mention between ``lo`` and ``hi``; without one, the words there when
    they are a name (capitalised after an article: ``the capital of Indiana``), so a
    sentence whose names the tagger missed still reads; with ``number``, a leading number
    as a literal (``a runway length of 3500 metres`` → ``3500``)."""
    inside = [m for m in mentions if lo <= m.span.start and m.span.end <= hi and m.label
              and not m.literal]
    if inside:
        return min(inside, key=lambda m: m.span.start)
    if phrase is None:
        return None
    text = phrase.text[lo - phrase.span.start:hi - phrase.span.start]
    stripped = text.lstrip()
    for article in ("the ", "The "):
        stripped = stripped.removeprefix(article)
    stripped = _RELATIVE.split(stripped, 1)[0].rstrip(" ,.;")  # "X, which is …" → "X"
    value = _NUMBER.match(stripped) if number else None
    if value is not None:
        start = lo + text.index(stripped)
        return Mention(Span(start, start + value.end(), value.group()), "", literal=True)
    if not stripped or not stripped[0].isupper():
        return None
    start = lo + text.index(stripped)
    return Mention(Span(start, start + len(stripped), stripped), "")
