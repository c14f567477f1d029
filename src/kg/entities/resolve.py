"""Resolution inside a document: which entity does each mention refer to?

For every document, named-entity mentions are grouped into entities (aliases such as
``Khalil`` → ``Mahmoud Khalil``, ``Columbia`` → ``Columbia University``, ``ICE`` →
``Immigration and Customs Enforcement``, titles and possessives stripped); pronouns and
definite descriptions (``the judge``) are resolved to those entities by agreement, salience and
recency. Pronouns follow the rules of ``kg.entities.pronouns``, which abstain when the evidence
is not enough. Each mention then carries its entity's id and type, and every decision is kept
as a ``MentionRecord``. A statement whose pronoun still names nobody (an unresolved ``he``) is
kept, with its surface text, and counted: it is *unresolved* and stays out of entity edges.
Merging across documents is ``kg.entities.merge``'s job.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kg.entities.identity import identity_statement
from kg.entities.names import initials, is_pronoun, name_words, tagged_names
from kg.entities.nominals import Nominals
from kg.entities.people import person_through_pronoun
from kg.entities.pronouns import (
    REFLEXIVE,
    Decision,
    PronounResolver,
    name_gender,
    title_gender,
)
from kg.model import Mention, Span, Statement
from kg.model.ids import slug
from kg.model.results import UNRESOLVED, DocumentResult, MentionRecord, Referent
from kg.ontology.types import entity_kind

#: Entity labels grouped by what may share an entity (GPE and LOC are both places).
TYPE_GROUPS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place",
               "FAC": "facility", "NORP": "group", "EVENT": "event", "LAW": "law",
               "WORK_OF_ART": "work", "PRODUCT": "product", "LANGUAGE": "language",
               "DATE": "date", "TIME": "date"}
#: Labels the small model often gives a person's surname ("Khalil" as GPE or ORG).
_SURNAME_MISLABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}
#: How far back (characters) a definite description looks for its entity.
_DESCRIPTION_WINDOW = 2000
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
    order: int = 0  # creation order in its document
    uncertain: bool = False  # the same name was also tagged as another kind (person or not)

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
        words = max(self.words, key=lambda w: (len(w), w))
        return f"{entity_kind(self.label)}/{slug(' '.join(words)) or slug(self.canonical)}"


def _unique(candidates: list[Cluster]) -> Cluster | None:
    return candidates[0] if len(candidates) == 1 else None


class _Index:
    """Clusters by the keys name matching asks about, so each lookup is constant-time:
    ``("words", group, words)``, ``("any", words)``, ``("part", words)`` (a person's
    first or last one or two words), ``("suffix", words)`` (last ones), ``("initials", ABC)``
    and ``("first", word)`` of organisations."""

    def __init__(self) -> None:
        self._keys: dict[tuple[object, ...], dict[int, Cluster]] = {}

    def _put(self, key: tuple[object, ...], cluster: Cluster) -> None:
        self._keys.setdefault(key, {})[cluster.order] = cluster

    def add(self, cluster: Cluster, words: tuple[str, ...]) -> None:
        self._put(("words", cluster.group, words), cluster)
        self._put(("any", words), cluster)
        if cluster.label == "PERSON":
            for k in (1, 2):
                if len(words) > k:
                    self._put(("part", words[-k:]), cluster)
                    self._put(("part", words[:k]), cluster)
                    self._put(("suffix", words[-k:]), cluster)
        if cluster.group == "org":
            self._put(("initials", initials(words)), cluster)
            if len(words) > 1:
                self._put(("first", words[0]), cluster)

    def get(self, key: tuple[object, ...]) -> list[Cluster]:
        """The clusters under ``key``, in creation order."""
        found = self._keys.get(key)
        return [found[k] for k in sorted(found)] if found else []


class DocumentResolver:
    """Resolves the mentions of one document (see the module docstring)."""

    def __init__(self, result: DocumentResult) -> None:
        self.text = result.document.text
        self.clusters: list[Cluster] = []
        self.by_start: dict[int, Cluster] = {}
        self.name_at: dict[int, Span] = {m.span.start: m.span for m in result.mentions}
        self.index = _Index()
        ordered = sorted(result.mentions, key=lambda m: (-len(m.name_text.split()), m.span.start))
        for mention in ordered:
            self._add(mention)
        self._mark_uncertain()
        self.timeline = sorted(((pos, c) for c in self.clusters for pos in c.positions),
                               key=lambda pc: pc[0])
        self.referents = result.referents
        self._pronouns: dict[int, Decision] | None = None
        #: Noun phrases resolved as descriptions: start → (end, text, entity).
        self.described_at: dict[int, tuple[int, str, Cluster]] = {}
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
            cluster = Cluster(mention.label, order=len(self.clusters))
            self.clusters.append(cluster)
        if cluster.label == "PERSON" and cluster.gender is None:
            before = self.text[max(0, mention.span.start - 12):mention.span.start]
            # the first given name of known gender ("Novelist Teresa Moreau": Teresa)
            cluster.gender = title_gender(before) or next(
                (g for w in words[:max(1, len(words) - 1)] if (g := name_gender(w))), None)
        if words not in cluster.words:
            cluster.words.add(words)
            self.index.add(cluster, words)
        cluster.names[" ".join(mention.name_text.split())] += 1
        cluster.positions.append(mention.span.start)
        self.by_start[mention.span.start] = cluster

    def _mark_uncertain(self) -> None:
        """A name tagged once as a person and once as something else: its type is in doubt."""
        kinds: dict[tuple[str, ...], set[bool]] = {}
        for cluster in self.clusters:
            for words in cluster.words:
                kinds.setdefault(words, set()).add(cluster.label == "PERSON")
        for cluster in self.clusters:
            cluster.uncertain = any(len(kinds[w]) > 1 for w in cluster.words)

    def _find(self, label: str, words: tuple[str, ...], text: str) -> Cluster | None:
        group = TYPE_GROUPS.get(label, label)
        index = self.index
        # The same name (after titles, articles and possessives are stripped).
        exact = index.get(("words", group, words))
        if exact:
            return exact[0]
        # A surname or given name of exactly one person, whatever label the tagger gave it.
        if len(words) <= 2 and label in _SURNAME_MISLABELS:
            people = index.get(("part", words))
            if found := _unique(people):
                return found
        if group == "org" and len(words) == 1:
            # An acronym of exactly one organisation ("ICE").
            acronym = text.strip()
            if (acronym.isupper() and len(acronym) >= 2
                    and (found := _unique(index.get(("initials", acronym))))):
                return found
            # The first word of exactly one organisation's name ("Columbia").
            if found := _unique(index.get(("first", words[0]))):
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
            return next(iter(self.index.get(("words", group, words))), None)
        # A noun phrase that is just a known name the tagger missed ("Comans", "ICE").
        if words and not is_pronoun(mention):
            named = self.index.get(("any", words))
            if not named and len(words) <= 2:
                named = self.index.get(("suffix", words))
            return _unique(named)
        return None

    def pronoun(self, start: int) -> Decision | None:
        """The decision ``kg.entities.pronouns`` took for the pronoun at ``start``."""
        if self._pronouns is None:
            entity_at: dict[int, Cluster] = {}
            for ref in self.referents:
                found = self._referent_cluster(ref)
                if found is not None:
                    entity_at[ref.head] = found
            self._pronouns = PronounResolver(self.referents, entity_at).run()
        return self._pronouns.get(start)

    def _referent_cluster(self, ref: Referent) -> Cluster | None:
        """The entity a parsed noun phrase names: a tagged name, a capitalised phrase that
        is a known name the tagger missed (``ICE``), or the named entity or owner's nominal
        a description names (``the company``, ``Khalil's lawyers``)."""
        if ref.kind == "pronoun":
            return None
        found = self.by_start.get(ref.span.start)
        name = self.name_at.get(ref.span.start)
        if found is not None and name is not None and name.end <= ref.head:
            found = None  # "Khalil's wife", "Pro-Palestinian activists": a name opens it
        if found is None and ref.span.text[:1].isupper():
            found = self.cluster_of(Mention(ref.span))
        # "the company" after "Lumen Robotics", "Khalil's lawyers" (kg.entities.nominals)
        return found if found is not None else self.nominals.referent(ref)

    def antecedent(self, mention: Mention, exclude: Cluster | None = None) -> Cluster | None:
        """The entity a pronoun or a definite description (``the judge``) refers to."""
        if is_pronoun(mention):
            decision = self.pronoun(mention.span.start)
            if decision is None or decision.entity is None:
                return None
            found = decision.entity
            if not isinstance(found, Cluster):
                return None
            reflexive = mention.text.casefold() in REFLEXIVE
            return None if found is exclude and not reflexive else found
        return self.nominals.antecedent(mention)

    # -- rewriting ------------------------------------------------------------------------

    def resolve(self, mention: Mention, exclude: Cluster | None = None) -> Mention:
        """``mention`` with its entity id and type, when it can be told."""
        if mention.literal:
            return mention
        cluster = self.cluster_of(mention)
        if cluster is None and (is_pronoun(mention) or not mention.label):
            cluster = self.antecedent(mention, exclude)
            if cluster is not None and not is_pronoun(mention):
                self.described_at[mention.span.start] = (mention.span.end, mention.text, cluster)
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
        identity = identity_statement(self, st)
        if identity is not None:
            return identity
        subject = self.resolve(st.subject)
        subject_cluster = self.cluster_of(st.subject) or (
            self.antecedent(st.subject) if is_pronoun(st.subject) else None)
        obj = None if st.object is None else self.resolve(st.object, exclude=subject_cluster)
        return dataclasses.replace(
            st, subject=subject, object=obj,
            extra_args=tuple(self.resolve(a) for a in st.extra_args),
            attributed_to=None if st.attributed_to is None else self.resolve(st.attributed_to))


#: Lemmas of relations that say what their subject is: said of the subject itself, nothing.
_COPULAS = frozenset({"be", "become", "remain"})


def _drop_reason(st: Statement) -> str | None:
    if st.filtered:  # not a fact (``kg.extract.facts``): open-IE output keeps it
        return st.filtered
    if (st.object is not None and st.object.entity_id is not None
            and st.object.entity_id == st.subject.entity_id and st.relation.lemma in _COPULAS):
        # "Immigration and Customs Enforcement — is — ICE", "she — became — the first woman"
        return "same entity"
    args = [st.subject] if st.object is None or st.object.literal else [st.subject, st.object]
    if any(not _HAS_WORD.search(_POSSESSIVE_MARK.sub("", a.text)) for a in args):
        return "empty argument"
    return None


def names_nobody(mention: Mention) -> bool:
    """True for a pronoun that names no entity, or a person named only through such a
    pronoun ("my wife", "his father" in someone else's quote): it gets no entity node."""
    return not mention.literal and mention.entity_id is None and (
        is_pronoun(mention) or (not mention.label and person_through_pronoun(mention.text)))


def is_unresolved(st: Statement) -> bool:
    """True when the subject or object names nobody (``names_nobody``): the statement keeps
    its surface text but makes no entity edge (``kg:unresolved``)."""
    return any(a is not None and names_nobody(a) for a in (st.subject, st.object))


def count_unresolved(statements: Iterable[Statement], counts: Counter[str]) -> None:
    """Add the unresolved statements among ``statements`` to the build report's counts."""
    found = sum(1 for st in statements if is_unresolved(st))
    if found:
        counts[UNRESOLVED] += found


def _records(resolver: DocumentResolver, result: DocumentResult,
             mentions: Iterable[Mention]) -> tuple[MentionRecord, ...]:
    """Every named mention and pronoun of the document, with how it was resolved."""
    doc_id = result.document.id
    found: dict[tuple[int, int], MentionRecord] = {}
    for m in mentions:
        cluster = resolver.cluster_of(m)
        how = "name" if cluster is None or " ".join(m.name_text.split()) == cluster.canonical \
            else "alias"
        found[(m.span.start, m.span.end)] = MentionRecord(
            doc_id, m.span.start, m.span.end, m.text, m.entity_id, how, 1.0)
    for start, (end, text, cluster) in resolver.described_at.items():
        found[(start, end)] = MentionRecord(doc_id, start, end, text,
                                            resolver.entity_id(cluster), "description", 0.8)
    for ref in result.referents:
        if ref.kind != "pronoun":
            continue
        decision = resolver.pronoun(ref.span.start)
        entity = decision.entity if decision is not None else None
        found[(ref.span.start, ref.span.end)] = MentionRecord(
            doc_id, ref.span.start, ref.span.end, ref.span.text,
            resolver.entity_id(entity) if isinstance(entity, Cluster) else None, "pronoun",
            decision.confidence if decision is not None else 0.0)
    return tuple(found[k] for k in sorted(found))


def resolve_document(result: DocumentResult, dropped: Counter[str]) -> DocumentResult:
    """One document's result with every resolvable mention tied to its entity (statements
    with an empty argument are dropped and counted in ``dropped``)."""
    result = dataclasses.replace(result, mentions=tuple(
        tagged_names(result.mentions, result.document.text)))
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
    return dataclasses.replace(result, statements=tuple(kept), mentions=mentions,
                               mention_records=_records(resolver, result, mentions))


def resolve(results: Iterable[DocumentResult], dropped: Counter[str]) -> Iterator[DocumentResult]:
    """Resolve each document in turn (streaming); ``dropped`` counts removed statements."""
    for result in results:
        yield resolve_document(result, dropped)
