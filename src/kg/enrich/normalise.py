"""Normalisation: open relations onto ontology properties, plus time, place and quotes.

Relations map onto kg's own lexicon (``kg.enrich.lexicon``) and, with ``--ontology``, onto the
user's vocabulary (``kg.enrich.mapping``). Passives are recognised from the surface relation
(``was arrested by``): the by-agent becomes the actor and the subject the target.

>>> from kg.model import Provenance, Relation
>>> st = Statement(Mention(Span(0, 4, "Anna")), Relation("was arrested by", "arrest by"),
...                Mention(Span(20, 26, "police")), Provenance("d", Span(0, 27, ""), "x"))
>>> normalise_statement(st).relation.predicate
'https://w3id.org/kg/ns#arrested'
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from kg.enrich.lexicon import Lexicon, lexicon
from kg.enrich.mapping import kind, side
from kg.enrich.reading import Key, is_passive, relation_key, word_forms
from kg.enrich.temporal import is_temporal
from kg.model import Mapping, Mention, Span, Statement
from kg.model.results import DocumentResult
from kg.ontology.namespace import KG
from kg.ontology.types import entity_class

_POSSESSIVES = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "your",
                          "this", "that", "these", "those"})
_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
#: spaCy labels a time or a place argument can carry.
TIME_LABELS = frozenset({"DATE", "TIME"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels that can be the target of an event noun (``deportation of X``).
_TARGET_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC", "LOC"})
_DESCRIBED, _LOCATED, _HAS = str(KG.describedAs), str(KG.locatedIn), str(KG.has)
_AGENT_PASSIVE = frozenset({_HAS, str(KG.won)})  # a passive needs its by-agent
_PLACES = frozenset({"Place", "Facility"})
_WORD = re.compile(r"[\w’'-]+")


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


class Located:
    """Mentions found by where they start, so a statement looks only at those within its
    sentence (a document-wide scan per statement grows with the square of its length)."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        ordered = sorted(enumerate(mentions), key=lambda im: im[1].span.start)
        self._starts = [m.span.start for _, m in ordered]
        self._ordered = ordered

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions that start at or after ``start`` and end by ``end``, in their order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end, lo)
        found = [im for im in self._ordered[lo:hi] if im[1].span.end <= end]
        return [m for _, m in sorted(found, key=lambda im: im[0])]


def dates_and_places(mentions: Sequence[Mention]) -> tuple[Located, Located]:
    """The mentions that name a time (checked by ``is_temporal``), and those naming a place."""
    return (Located(m for m in mentions if m.label in TIME_LABELS and is_temporal(m.text)),
            Located(m for m in mentions if m.label in PLACE_LABELS))


def _time_and_place(st: Statement, dates: Located, places: Located
                    ) -> tuple[Mention | None, Mention | None]:
    args = [a.span for a in st.extra_args]
    last_word = st.relation.text.casefold().split()[-1:]
    if st.object is not None and last_word and last_word[0] in _LOCATIVE:
        args.append(st.object.span)
    core = [st.subject.span] + ([st.object.span] if st.object is not None else [])
    sentence = st.provenance.sentence
    lo = min([sentence.start, *(s.start for s in args)])  # every candidate lies in lo..hi
    hi = max([sentence.end, *(s.end for s in args)])
    near_dates = dates.within(lo, hi)
    time = st.time or _first_inside(near_dates, args) or next(
        (m for m in near_dates if sentence.start <= m.span.start and m.span.end <= sentence.end
         and not _inside(m, core)), None)
    place = st.place or _first_inside(places.within(lo, hi), args)
    return time, place


def _fits(lex: Lexicon, iri: str, key: Key, st: Statement) -> str | None:
    """``None`` if kg's property ``iri`` does not fit the statement's argument kinds (see
    ``kg.enrich.mapping.side``), else what was checked (``""``, ``"+range"``…).

    ``kg:has`` needs a holder and a thing held: an object, or a passive's by-agent; a
    passive ``kg:won`` needs its by-agent too (``some were won to this narrative``: won
    over, not won). A copula with more words (``be in``, ``be at``) needs an object that
    fits the range, and so does a property with ``kg:rangeRequired`` (``died in Lisbon``, not
    ``died in the fire``); the date object of an active verb is when, not what (``he said in
    August``), unless the range says dates (or the relation is a copula: ``the deadline is
    March 10``).
    """
    if key.words == ("be",) and st.subject.text.casefold() == "there":
        return None  # "there could still be X": existential, nothing is described
    by_agent = st.relation.text.casefold().split()[-1:] == ["by"]
    if iri in _AGENT_PASSIVE and key.passive and not by_agent:
        return None  # "was won to": no one who won or has it
    if iri == _HAS and not key.passive and st.object is None:
        return None  # "is winning": nothing had
    prop = lex.vocabulary.get(iri) if lex.vocabulary is not None else None
    if prop is None:
        return ""
    dom, rng = side(prop.domain, st.subject, False, prop), side(prop.range, st.object, True,
                                                                  prop)
    if iri in lex.strict and st.object is not None and st.object.literal:  # "$90 million"
        rng = 1 if entity_class(st.object.label).rsplit("#", 1)[-1] in prop.range else None
    if dom is None or rng is None or (iri in lex.strict and rng != 1):
        return None
    if key.copular and len(key.words) > 1 and prop.range and rng != 1:
        return None
    if not key.passive and not key.copular and kind(st.object) == "Date" and \
            "Date" not in prop.range:
        return None
    if key.copular and kind(st.object) == "Date" and kind(st.subject) not in (
            "Date", "Concept", "Literal", "Quantity", "Event"):
        return None  # "USA, March 10": a place (a person…) is not a date
    return ("+domain" if dom else "") + ("+range" if rng else "")


def _head(obj: Mention | None) -> str | None:
    """The object's last word in the singular (``many forms`` → ``form``), if a noun phrase."""
    if obj is None or obj.literal or obj.label:
        return None
    words = obj.text.casefold().split()
    if not words:
        return None
    forms = word_forms(words[-1])
    return min(forms, key=lambda f: (len(f), f)) if words[-1].endswith("s") else words[-1]


def map_relation(st: Statement, mentions: Sequence[Mention] = (), lex: Lexicon | None = None
                 ) -> tuple[str, Mapping] | None:
    """The property ``st``'s relation maps onto and how, or ``None`` (see ``kg.enrich.mapping``).

    The user's vocabulary (``Lexicon.mapper``) is tried first; kg's own lexicon after it,
    unless ``Lexicon.only``.
    """
    lex = lex or lexicon()
    key = relation_key(st.relation, is_passive(st.relation))
    found = lex.find(key, _head(st.object))
    checked = _fits(lex, found[0], key, st) if found is not None else None
    kg_iri = found[0] if found is not None and checked is not None else None
    if found is not None and kg_iri is None:  # refused: a skos:hiddenLabel of another?
        phrase = lex.phrases_of(found[0], key)
        other = lex.fallback.get(phrase or "")
        checked = _fits(lex, other, key, st) if other is not None else None
        kg_iri = other if checked is not None else None
    if kg_iri == _DESCRIBED and st.relation.inferred and kind(st.subject) in _PLACES and \
            kind(st.object) in _PLACES:  # "Jena, Louisiana": the first is in the second
        kg_iri, checked = _LOCATED, "+range"
    if lex.mapper is not None:
        mapped = lex.mapper.match(st, key, mentions, kg_iri, lex.names.get(kg_iri or "", ()))
        if mapped is not None:
            return mapped
    if kg_iri is None or lex.only:
        return None
    assert found is not None
    return kg_iri, Mapping("lexicon" + (checked or ""), 1.0 if found[1] else 0.9)


def _has_domain(lex: Lexicon | None, st: Statement) -> bool:
    """Whether kg's property of ``st`` declares a domain: its first end is then the subject
    of a passive without by-agent (``X was born in Y``: birth place(X, Y))."""
    lex = lex or lexicon()
    prop = lex.vocabulary.get(st.relation.predicate or "") if lex.vocabulary else None
    return prop is not None and bool(prop.domain)


def edge(st: Statement, mentions: Sequence[Mention] = (), lex: Lexicon | None = None, *,
         literal: bool = False) -> tuple[Mention, Mention] | None:
    """The two entities a normalised statement links directly with its ``predicate``.

    kg's own properties run from the actor to the patient (``roles``), or, for a passive
    without by-agent, from the subject when the property declares a domain (``born in``)
    or names the user's (``equivalent``); a user's property runs as its mapping says. None
    for a negated or modal statement, or a literal end (unless ``literal``: then the second
    end may be a literal value).
    """
    mapping = st.relation.mapping
    if st.relation.predicate is None or st.negated or st.modality:
        return None
    if mapping is None or mapping.method.startswith(("lexicon", "equivalent")):
        r = roles(st, mentions, lex)
        a, b = _entity(r.actor), _entity(r.patient)
        if a is None and mapping is not None and is_passive(st.relation) and \
                st.relation.text.casefold().split()[-1] != "by" and (
                    mapping.method.startswith("equivalent") or _has_domain(lex, st)):
            a, b = _entity(st.subject), _entity(st.object)  # "X is located in Y": Y's X
    else:
        a, b = (st.object, st.subject) if mapping.inverse else (st.subject, st.object)
        a, b = _entity(mapping.subject or a), (mapping.object or b)
        b = b if literal else _entity(b)
    return (a, b) if a is not None and b is not None else None


def normalise_statement(st: Statement, mentions: Sequence[Mention] = (),
                        lex: Lexicon | None = None, *,
                        located: tuple[Located, Located] | None = None) -> Statement:
    """``st`` with its ontology property (if the lexicon knows its relation), time and place.

    ``located``: ``dates_and_places(mentions)``, if already known.
    """
    lex = lex or lexicon()
    relation = st.relation
    if relation.predicate is None:
        mapped = map_relation(st, mentions, lex)
        if mapped is not None:
            relation = dataclasses.replace(relation, predicate=mapped[0], mapping=mapped[1])
    time, place = _time_and_place(st, *(located or dates_and_places(mentions)))
    return dataclasses.replace(st, relation=relation, time=time, place=place)


def mapping_fields(st: Statement, lex: Lexicon) -> dict[str, object]:
    """What ``kg extract --ontology`` adds to a JSON line: the property ``st`` maps onto, how,
    and the triple it states (the statement's own arguments are the only mentions; its ends
    named without a leading article: ``the United States`` → ``United States``)."""
    mapped = normalise_statement(st, st.arguments, lex)
    mapping = mapped.relation.mapping
    if mapped.relation.predicate is None or mapping is None:
        return {"predicate": None, "mapping": None, "triple": None}
    ends = edge(mapped, st.arguments, lex, literal=True)
    return {"predicate": mapped.relation.predicate,
            "mapping": {"method": mapping.method, "score": mapping.score,
                        "inverse": mapping.inverse},
            "triple": None if ends is None else [_bare(ends[0].text), mapped.relation.predicate,
                                                 _bare(ends[1].text)]}


def _bare(text: str) -> str:
    """``text`` without a leading article (``the Purple Heart`` → ``Purple Heart``)."""
    first, _, rest = text.partition(" ")
    return rest if rest and first.casefold() in ("the", "a", "an") else text


def normalise(results: Iterable[DocumentResult], unmapped: Counter[str] | None = None,
              lex: Lexicon | None = None) -> Iterator[DocumentResult]:
    """The normalisation stage: every statement normalised, quotes found and attributed.

    Relations the lexicon does not know are counted in ``unmapped`` (by lemma text).
    """
    from kg.enrich.quotes import find_quotes, speak

    lex = lex or lexicon()
    for result in results:
        located = dates_and_places(result.mentions)
        statements = tuple(normalise_statement(st, result.mentions, lex, located=located)
                           for st in result.statements)
        if unmapped is not None:
            unmapped.update(lex.key(st.relation) for st in statements
                            if st.relation.predicate is None)
        quotes = find_quotes(result.document, result.mentions, statements,
                             lex.speech_lemmas(), result.mention_records)
        yield speak(dataclasses.replace(result, statements=statements, quotes=quotes))
