"""kg's own lexicon: the relation phrases, event nouns and labels of ``kg.ttl``, and the
user's vocabulary next to it (``OntologyOptions``: ``--ontology``, ``--ontology-only``).

The lexicon is read from the ontology (``skos:altLabel`` verb lemmas and phrases of every
``kg:relatedTo`` subproperty, ``kg:nominalization`` event nouns, ``skos:hiddenLabel`` nouns
and second choices), never written in code. A relation matches on its full lemma
(``answer to``), then with trailing words dropped (``deny within`` → ``deny``), then the same
from its second word on (``also attend``).

>>> from kg.model import Relation
>>> lexicon().match(Relation("was arrested by", "arrest by"))
'https://w3id.org/kg/ns#arrested'
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.enrich.mapping import Mapper
from kg.enrich.reading import PREPOSITIONS, Key, is_passive, relation_key
from kg.enrich.vocabulary import Vocabulary, split_name, vocabulary_of
from kg.errors import ConfigError, OntologyError
from kg.model import Relation
from kg.ontology.namespace import KG, ontology_path

#: Verbs after which the next verb's action did not (yet) happen: "failed to disclose".
_NOT_FACTIVE = frozenset({"fail", "refuse", "decline", "cease", "forget", "neglect", "avoid",
                          "try", "attempt", "want", "plan", "hope", "threaten", "promise",
                          "vow", "seek", "intend", "aim", "expect", "wish", "set", "agree",
                          "pledge", "prepare", "decide", "offer", "propose"})
#: Verbs whose object does what their ``to`` complement says (``permitted X to stay``,
#: ``ordered him to leave``): the relation may be read as the first verb alone. After any
#: other verb the object belongs to the complement (``work to meet needs`` is no
#: employment, ``deserves to grow up`` no possession).
_OBJECT_CONTROL = frozenset({
    "allow", "permit", "let", "enable", "authorize", "authorise", "entitle", "order", "direct",
    "instruct", "command", "mandate", "require", "ask", "tell", "urge", "force", "compel",
    "persuade", "convince", "encourage", "invite", "advise", "warn", "forbid", "ban", "help",
    "pressure", "beg", "implore", "remind", "appoint", "elect", "hire", "call", "request",
    "empower", "oblige", "push", "press", "sue", "petition", "deport", "release"})


@dataclass(frozen=True)
class OntologyOptions:
    """``--ontology FILE`` (repeatable) and ``--ontology-only``: what relations map onto."""

    paths: tuple[str, ...] = ()
    only: bool = False

    def key(self) -> str:
        """What a cached rendering depends on: the files' bytes and ``only`` ("" if none)."""
        if not self.paths:
            return ""
        import hashlib

        digest = hashlib.sha256(b"only" if self.only else b"both")
        for path in self.paths:
            try:
                digest.update(Path(path).read_bytes())
            except OSError:
                raise OntologyError(f"{path}:1: no such ontology file") from None
        return "\0ontology:" + digest.hexdigest()[:16]


NO_ONTOLOGY = OntologyOptions()  #: kg's own vocabulary only


@dataclass(frozen=True)
class Lexicon:
    """Relation phrases and event nouns of the ontology, keyed by lower-case lemma text."""

    phrases: dict[str, str]
    nouns: dict[str, str]
    labels: dict[str, str]
    parents: dict[str, tuple[str, ...]]  # kg: superproperties, up to kg:relatedTo
    vocabulary: Vocabulary | None = None  # the same file's properties: domain and range
    names: dict[str, tuple[tuple[str, ...], ...]] = dataclasses.field(default_factory=dict)
    fallback: dict[str, str] = dataclasses.field(default_factory=dict)  # skos:hiddenLabel
    #: kg properties with ``kg:rangeRequired``: the object's type must fit their range
    strict: frozenset[str] = frozenset()
    mapper: Mapper | None = None  # a user's vocabulary (``with_ontology``)
    only: bool = False  # map onto the user's vocabulary alone

    def with_ontology(self, options: OntologyOptions) -> Lexicon:
        """This lexicon with the vocabulary of ``options.paths`` (``kg build --ontology``)."""
        if not options.paths:
            if options.only:
                raise ConfigError("--ontology-only needs at least one --ontology FILE")
            return self
        return dataclasses.replace(self, mapper=Mapper(Vocabulary.load(options.paths)),
                                   only=options.only)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """Read the lexicon from ``kg.ttl`` (the packaged ontology by default)."""
        return _load(str(path or ontology_path("kg.ttl")))

    def key(self, relation: Relation) -> str:
        """The relation's lemma text, lower case, with copula forms folded to ``be``."""
        return " ".join(relation_key(relation, is_passive(relation)).words)

    def match(self, relation: Relation) -> str | None:
        """The property IRI the relation maps to, or ``None``."""
        found = self.find(relation_key(relation, is_passive(relation)))
        return found[0] if found else None

    def find(self, key: Key, head: str | None = None) -> tuple[str, bool] | None:
        """``(property IRI, exact)`` for a relation key; ``exact``: the whole key matched.

        With the object's ``head`` noun, a phrase of the key and the noun (``draw attention``)
        comes first. Leading words may be skipped (``continue retaliate against``), except
        past a verb that says the rest did not happen (``fail disclose``); trailing words
        may be dropped (``deny within``), a preposition only from a passive (an active
        verb's object would become its target: ``end in 2020``), a ``to`` complement only
        after a verb whose object it tells about (``permit stay`` → ``permit``, but not
        ``work meet`` → ``work``). A copula followed by more words (``be at``, ``be under``)
        matches only as a whole.
        """
        words = key.words
        if head is not None:
            found = self.phrases.get(" ".join((*words, head)))
            if found:
                return found, True
        for start in range(len(words)):
            if start and words[start - 1] in _NOT_FACTIVE:
                break
            for end in range(len(words), start, -1):
                if key.copular and start == 0 and end == 1 < len(words):
                    continue
                if start < key.complement and end <= key.complement and \
                        words[key.complement - 1] not in _OBJECT_CONTROL:
                    continue  # "work to meet": the first verb alone takes no object
                if not key.passive and any(w in PREPOSITIONS for w in words[end:]):
                    continue
                found = self.phrases.get(" ".join(words[start:end]))
                if found:
                    return found, start == 0 and end == len(words)
        return None

    def phrases_of(self, iri: str, key: Key) -> str | None:
        """The longest phrase of ``iri`` inside ``key`` (what ``find`` matched)."""
        words = key.words
        spans = [" ".join(words[i:j]) for i in range(len(words))
                 for j in range(len(words), i, -1)]
        return next((s for s in spans if self.phrases.get(s) == iri), None)

    def label(self, iri: str) -> str:
        """The property's label: kg's, the user's vocabulary's, or the IRI."""
        if iri in self.labels:
            return self.labels[iri]
        prop = self.mapper.vocabulary.get(iri) if self.mapper is not None else None
        return prop.label if prop is not None else iri

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
    names: dict[str, tuple[tuple[str, ...], ...]] = {}
    fallback: dict[str, str] = {}
    strict = frozenset(str(p) for p, v in graph.subject_objects(KG.rangeRequired)
                       if str(v).casefold() in ("true", "1"))
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
        hidden = sorted(" ".join(str(n).casefold().split())
                        for n in graph.objects(prop, SKOS.hiddenLabel))
        for phrase in hidden:
            fallback.setdefault(phrase, iri)
        names[iri] = tuple(sorted({split_name(labels[iri])} | {split_name(n) for n in hidden}))
    return Lexicon(phrases, nouns, labels, parents, vocabulary_of(graph, path), names,
                   fallback, strict)


def lexicon() -> Lexicon:
    """The packaged ontology's lexicon (cached)."""
    return Lexicon.load()
