"""Resolution inside a document: which entity does each mention refer to?

For every document, named-entity mentions are grouped into entities (aliases such as
``Khalil`` → ``Mahmoud Khalil``, ``Columbia`` → ``Columbia University``, ``ICE`` →
``Immigration and Customs Enforcement``, titles and possessives stripped); pronouns and
definite descriptions (``the judge``) are resolved to those entities by agreement, salience and
recency. Each mention then carries its entity's id and type. Statements whose arguments still
name nobody (an unresolved ``he``) are dropped and counted. Merging across documents is
``kg.entities.merge``'s job.
"""

from __future__ import annotations

import dataclasses
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg.entities.names import (
    FEMININE,
    FIRST_PERSON,
    MASCULINE,
    NEUTER,
    PLURAL,
    gender_of,
    initials,
    is_pronoun,
    name_words,
)
from kg.entities.nominals import Nominals
from kg.ingest.files import slug
from kg.model import Mention, Span, Statement
from kg.model.results import DocumentResult
from kg.ontology.types import entity_class

#: Entity labels grouped by what may share an entity (GPE and LOC are both places).
TYPE_GROUPS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place",
               "FAC": "facility", "NORP": "group", "EVENT": "event", "LAW": "law",
               "WORK_OF_ART": "work", "PRODUCT": "product", "LANGUAGE": "language",
               "DATE": "date", "TIME": "date"}
#: Labels the small model often gives a person's surname ("Khalil" as GPE or ORG).
_SURNAME_MISLABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
_NON_PERSON = {"org", "place", "facility", "law", "event", "work", "product"}
_GROUPS = {"org", "group", "place"}
#: How far back (characters) a pronoun looks for its antecedent.
_PRONOUN_WINDOW = 500
_QUOTATION = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)")
_HAS_WORD = re.compile(r"[^\W_]")
_POSSESSIVE_MARK = re.compile(r"['’]s?\b")


@dataclass
class Cluster:
    """One entity within a document: its mentions' names, positions and descriptions."""

    label: str
    words: set[tuple[str, ...]] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)
    positions: list[int] = field(default_factory=list)
    gender: str | None = None
    descriptions: set[str] = field(default_factory=set)
    fixed_id: str | None = None  # a nominal's (``kg.entities.nominals``): it has no name

    @property
    def group(self) -> str:
        return TYPE_GROUPS.get(self.label, self.label)

    @property
    def canonical(self) -> str:
        """The fullest name: most words, then most frequent, then alphabetical."""
        return min(self.names, key=lambda n: (-len(n.split()), -self.names[n], n))

    @property
    def entity_id(self) -> str:
        if self.fixed_id is not None:
            return self.fixed_id
        kind = slug(str(entity_class(self.label)).rsplit("#", 1)[-1])
        words = max(self.words, key=lambda w: (len(w), w))
        return f"{kind}/{slug(' '.join(words)) or slug(self.canonical)}"


def _unique(candidates: list[Cluster]) -> Cluster | None:
    return candidates[0] if len(candidates) == 1 else None


class DocumentResolver:
    """Resolves the mentions of one document (see the module docstring)."""

    def __init__(self, result: DocumentResult) -> None:
        self.text = result.document.text
        self.clusters: list[Cluster] = []
        self.by_start: dict[int, Cluster] = {}
        self.name_at: dict[int, Span] = {m.span.start: m.span for m in result.mentions}
        ordered = sorted(result.mentions, key=lambda m: (-len(m.name_text.split()), m.span.start))
        for mention in ordered:
            self._add(mention)
        self.timeline = sorted((pos, c) for c in self.clusters for pos in c.positions)
        self.subjects = {st.subject.span.start for st in result.statements}
        # Memos for the rewriting below (the clusters no longer change).
        self._cluster_of: dict[Mention, Cluster | None] = {}
        self._entity_ids: dict[int, str] = {}  # by id() of a cluster in self.clusters
        self.nominals = Nominals(self)

    # -- named mentions -------------------------------------------------------------------

    def _add(self, mention: Mention) -> None:
        person = mention.label == "PERSON"
        words = name_words(mention.name_text, person=person)
        if not words:
            return
        cluster = self._find(mention.label, words, mention.name_text)
        if cluster is None:
            cluster = Cluster(mention.label)
            self.clusters.append(cluster)
        if cluster.label == "PERSON" and cluster.gender is None:
            cluster.gender = gender_of(words, self.text[: mention.span.start])
        cluster.words.add(words)
        cluster.names[" ".join(mention.name_text.split())] += 1
        cluster.positions.append(mention.span.start)
        self.by_start[mention.span.start] = cluster

    def _find(self, label: str, words: tuple[str, ...], text: str) -> Cluster | None:
        group = TYPE_GROUPS.get(label, label)
        same = [c for c in self.clusters if c.group == group]
        # The same name (after titles, articles and possessives are stripped).
        exact = [c for c in same if words in c.words]
        if exact:
            return exact[0]
        # A surname or given name of exactly one person, whatever label the tagger gave it.
        if len(words) <= 2 and label in _SURNAME_MISLABELS:
            people = [c for c in self.clusters if c.label == "PERSON" and any(
                len(w) > len(words) and (w[-len(words):] == words or w[:len(words)] == words)
                for w in c.words)]
            if found := _unique(people):
                return found
        if group == "org" and len(words) == 1:
            # An acronym of exactly one organisation ("ICE").
            if text.strip().isupper() and len(text.strip()) >= 2:
                acronym = [c for c in same if any(initials(w) == text.strip() for w in c.words)]
                if found := _unique(acronym):
                    return found
            # The first word of exactly one organisation's name ("Columbia").
            prefix = [c for c in same if any(len(w) > 1 and w[0] == words[0] for w in c.words)]
            if found := _unique(prefix):
                return found
        return None

    # -- pronouns and descriptions --------------------------------------------------------

    def learn_descriptions(self, statements: Iterable[Statement],
                           mentions: Iterable[Mention] = ()) -> None:
        """Titles, appositions and predicates describe entities (``kg.entities.nominals``)."""
        self.nominals.learn(statements, mentions)

    def cluster_of(self, mention: Mention) -> Cluster | None:
        """The entity ``mention`` names (remembered: statements share their mentions)."""
        try:
            return self._cluster_of[mention]
        except KeyError:
            found = self._cluster_of[mention] = self._named_cluster(mention)
            return found

    def _named_cluster(self, mention: Mention) -> Cluster | None:
        if mention.name is not None and mention.name.start in self.by_start:
            return self.by_start[mention.name.start]
        words = name_words(mention.name_text, person=mention.label in ("PERSON", ""))
        if mention.label:
            group = TYPE_GROUPS.get(mention.label, mention.label)
            return next((c for c in self.clusters if c.group == group and words in c.words), None)
        # A noun phrase that is just a known name the tagger missed ("Comans", "ICE").
        if words and not is_pronoun(mention):
            named = [c for c in self.clusters if words in c.words]
            if not named and len(words) <= 2:
                named = [c for c in self.clusters if c.label == "PERSON" and any(
                    len(w) > len(words) and w[-len(words):] == words for w in c.words)]
            return _unique(named)
        return None

    def _agrees(self, word: str, cluster: Cluster) -> bool:
        if word in MASCULINE:
            return cluster.label == "PERSON" and cluster.gender in (None, "m")
        if word in FEMININE:
            return cluster.label == "PERSON" and cluster.gender in (None, "f")
        if word in NEUTER:
            return cluster.group in _NON_PERSON
        if word in PLURAL:
            return cluster.group in _GROUPS
        return False

    def speaker(self, start: int) -> Cluster | None:
        """Who says ``I`` inside a quotation: the nearest person named in the same paragraph
        outside the quotation marks (``“I will fight,” Khalil said``)."""
        para_start = self.text.rfind("\n", 0, start) + 1
        para_end = self.text.find("\n", start)
        para_end = len(self.text) if para_end < 0 else para_end
        paragraph = self.text[para_start:para_end]
        quoted = [(m.start() + para_start, m.end() + para_start)
                  for m in _QUOTATION.finditer(paragraph)]
        if not any(a <= start < b for a, b in quoted):
            return None
        people = [(abs(pos - start), pos, c) for pos, c in self.timeline
                  if c.label == "PERSON" and para_start <= pos < para_end
                  and not any(a <= pos < b for a, b in quoted)]
        return min(people, key=lambda t: (t[0], t[1]))[2] if people else None

    def antecedent(self, mention: Mention, exclude: Cluster | None = None) -> Cluster | None:
        """The entity a pronoun or a definite description (``the judge``) refers to."""
        start = mention.span.start
        word = mention.text.casefold()
        if word in FIRST_PERSON:
            return self.speaker(start)
        if is_pronoun(mention):
            window = _PRONOUN_WINDOW if word not in PLURAL else _PRONOUN_WINDOW // 2
            best, best_score = None, -math.inf
            # the mentions at most ``window`` characters before the pronoun
            lo = bisect_left(self.timeline, (start - window,))
            hi = bisect_left(self.timeline, (start,), lo)
            for pos, cluster in self.timeline[lo:hi]:
                if cluster is exclude:
                    continue
                if not self._agrees(word, cluster):
                    continue
                score = -(start - pos) + (150.0 if pos in self.subjects else 0.0)
                score += 40 * math.log(len(cluster.positions))
                if score > best_score:
                    best, best_score = cluster, score
            return best
        return self.nominals.antecedent(mention)

    # -- rewriting ------------------------------------------------------------------------

    def resolve(self, mention: Mention, exclude: Cluster | None = None) -> Mention:
        """``mention`` with its entity id and type, when it can be told."""
        if mention.literal:
            return mention
        cluster = self.cluster_of(mention)
        if cluster is None and (is_pronoun(mention) or not mention.label):
            cluster = self.antecedent(mention, exclude)
        if cluster is None:
            return mention
        name = mention.name
        if name is not None and name.start in self.name_at:
            name = self.name_at[name.start]  # the tagger's span, split where it ran on
        if cluster.fixed_id is not None:
            name = self.nominals.name_of(mention) or name
        return Mention(mention.span, cluster.label, name, mention.literal,
                       self.entity_id(cluster))

    def entity_id(self, cluster: Cluster) -> str:
        """``cluster.entity_id``, remembered."""
        entity_id = self._entity_ids.get(id(cluster))
        if entity_id is None:
            entity_id = self._entity_ids[id(cluster)] = cluster.entity_id
        return entity_id

    def statement(self, st: Statement) -> Statement:
        subject = self.resolve(st.subject)
        subject_cluster = self.cluster_of(st.subject) or (
            self.antecedent(st.subject) if is_pronoun(st.subject) else None)
        obj = None if st.object is None else self.resolve(st.object, exclude=subject_cluster)
        return dataclasses.replace(
            st, subject=subject, object=obj,
            extra_args=tuple(self.resolve(a) for a in st.extra_args),
            attributed_to=None if st.attributed_to is None else self.resolve(st.attributed_to))


def _drop_reason(st: Statement) -> str | None:
    if st.filtered:  # not a fact (``kg.extract.facts``): open-IE output keeps it
        return st.filtered
    if (st.object is not None and st.object.entity_id is not None
            and st.object.entity_id == st.subject.entity_id and st.relation.lemma == "be"):
        return "same entity"  # "Immigration and Customs Enforcement — is — ICE"
    args = [st.subject] if st.object is None or st.object.literal else [st.subject, st.object]
    if any(not _HAS_WORD.search(_POSSESSIVE_MARK.sub("", a.text)) for a in args):
        return "empty argument"
    if any(is_pronoun(a) and a.entity_id is None for a in args):
        return "unresolved pronoun"
    return None


def resolve_document(result: DocumentResult, dropped: Counter[str]) -> DocumentResult:
    """One document's result with every resolvable mention tied to its entity."""
    resolver = DocumentResolver(result)
    resolver.learn_descriptions(result.statements, result.mentions)
    mentions = tuple(resolver.resolve(m) for m in result.mentions)
    kept = []
    for st in result.statements:
        resolved = resolver.statement(st)
        reason = "nominal" if resolver.nominals.supersedes(st) else _drop_reason(resolved)
        if reason is None:
            kept.append(resolved)
        else:
            dropped[reason] += 1
    kept.extend(resolver.nominals.owner_statements(kept))
    return dataclasses.replace(result, statements=tuple(kept), mentions=mentions)


def resolve(results: Iterable[DocumentResult], dropped: Counter[str]) -> Iterator[DocumentResult]:
    """Resolve each document in turn (streaming); ``dropped`` counts removed statements."""
    for result in results:
        yield resolve_document(result, dropped)
