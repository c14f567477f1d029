"""Descriptions of named entities: what a later definite phrase may call them.

"Louisiana Judge Jamee Comans" is a ``judge``; "Dr. Ruiz" a ``doctor``; "Rhys Morgan, 11," an
``11-year-old``; "automaker BYD" an ``automaker``; "Ngozi Adeyemi, a finance official" an
``official``; "Tomás Herrera is the coach of …" a ``coach``; "Ingrid Solberg, the chief
executive of Nordvik Energy" (read as the relation "is the chief executive of") an
``executive``. Appositions and predicate nominals come from the statements and from the parse
records (whatever the extractor made of them); they are remembered so that nominal chains
(``kg.entities.chains``) do not take them for entities of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.entities.names import TITLES
from kg.entities.people import PERSON_NOUNS
from kg.entities.phrases import parse_phrase, type_of
from kg.model import Mention, Span, Statement
from kg.model.results import Referent

if TYPE_CHECKING:
    from kg.entities.resolve import Cluster, DocumentResolver

#: Titles written short, and the noun a later description uses ("Dr. Ruiz" … "the doctor").
_TITLE_NOUNS = {"dr": "doctor", "gov": "governor", "sen": "senator", "rep": "representative",
                "prof": "professor", "gen": "general", "capt": "captain", "sgt": "sergeant",
                "det": "detective", "insp": "inspector", "lt": "lieutenant", "col": "colonel",
                "supt": "superintendent", "atty": "attorney", "pres": "president"}
_AGE_AFTER = re.compile(r"^,\s+(\d{1,3}),")  # "Rhys Morgan, 11, went missing"
_AGE_WORD = re.compile(r"^(\d{1,3})-year-old$", re.IGNORECASE)
_DEFINITE = re.compile(r"^(?:the|this|that|his|her|its|their|[^\s'’]+['’]s?)\s", re.IGNORECASE)
_ARTICLES = re.compile(r"^(?:a|an|the|his|her|its|their|[^\s'’]+['’]s)\s+", re.IGNORECASE)
#: Relations that say what their subject is ("is", "was", "remains").
_COPULAS = frozenset({"is", "was", "are", "were", "'s", "has been", "had been", "remains",
                      "remained", "became", "becomes"})
# "is the chief executive of", "was a spokeswoman for": the noun inside the relation.
_RELATION_NOUN = re.compile(r"^(?:is|was|has been|had been|became) (?:the |a |an )?"
                            r"((?:[a-z-]+ ){0,2}[a-z-]+) (?:of|for|at)$")


#: Lower-case words that end like agent nouns but are none ("after", "other", "former").
_NOT_AGENTS = frozenset({"after", "other", "over", "under", "never", "ever", "either",
                         "neither", "whether", "rather", "later", "earlier", "further", "her",
                         "per", "together", "former", "latter", "for", "or", "nor", "major",
                         "minor", "order", "matter", "number", "member", "water", "power",
                         "letter", "paper", "summer", "winter", "october", "november",
                         "december", "september", "another", "their", "our", "your",
                         "whatever", "whoever", "however", "wherever", "better", "greater",
                         "senior", "junior", "interior", "exterior", "prior", "error",
                         "sooner", "longer", "stronger", "bigger", "smaller", "lower",
                         "upper", "inner", "outer", "border", "corner"})
_AGENT = re.compile(r"[a-z]{3,}(?:er|or|ist|ess)")


def _is_descriptor(word: str) -> bool:
    """Whether a lower-case word just before a name says what it is (``automaker``)."""
    return word.isalpha() and word.islower() and word not in _NOT_AGENTS and (
        type_of(word) is not None or word in PERSON_NOUNS or bool(_AGENT.fullmatch(word)))


def _described_head(text: str) -> str | None:
    """The head noun of a predicate or apposition: "a surgeon at Cairo University Hospital"
    → ``surgeon``, "the chief executive of Nordvik Energy" → ``executive``."""
    phrase = parse_phrase(_ARTICLES.sub("the ", text, count=1), 0)
    return None if phrase is None else phrase.head


class Descriptions:
    """The descriptions of one document's named entities (see the module docstring)."""

    def __init__(self, resolver: DocumentResolver) -> None:
        self.resolver = resolver
        self.predicates: set[int] = set()  # starts of appositions and predicate nominals
        #: An apposition's start → the named entity it is apposed to ("his wife, X").
        self.apposed: dict[int, Cluster] = {}
        #: A description's start → the named entity it is, when it stands first and the name
        #: renames it ("Quillon's chief executive, Martin Drexler, said"; "The former city
        #: treasurer is Ronald Pike"): where it is an argument, it is that entity. By start,
        #: with the description's end.
        self.identified: dict[int, tuple[int, Cluster]] = {}

    def learn(self, statements: Iterable[Statement], mentions: Iterable[Mention]) -> None:
        """Descriptions of named entities: titles before a name (``Louisiana Judge Jamee
        Comans`` → ``judge``), an age beside it (``Rhys Morgan, 11,`` → ``11-year-old``), and
        appositions and predicates (``X is a US immigration judge``, ``His lawyer, X``)."""
        resolver, text = self.resolver, self.resolver.text
        for m in mentions:
            cluster = resolver.by_start.get(m.span.start)
            if cluster is None:
                continue
            before = text[max(0, m.span.start - 40):m.span.start].split()[-3:]
            first = m.text.split()[0].casefold() if len(m.text.split()) > 2 else ""
            for word in (before[-1] if before else "", first):
                if _is_descriptor(word):
                    # "automaker BYD", "striker Harry Kane" (the tagger may take "Striker"
                    # into the name): a common noun just before the name
                    cluster.descriptions.add(word)
            if cluster.label != "PERSON":
                continue
            for word in reversed(before):
                bare = word.casefold().strip(".,")
                if _AGE_WORD.match(bare):
                    cluster.descriptions.add(bare)
                    continue
                if not (bare in TITLES or (word.isalpha() and word.istitle())):
                    break
                cluster.descriptions.add(_TITLE_NOUNS.get(bare, bare))
            age = _AGE_AFTER.match(text[m.span.end:m.span.end + 8])
            if age:
                cluster.descriptions.add(f"{age.group(1)}-year-old")
        for st in statements:
            if st.object is None:
                continue
            relation = st.relation.text.casefold()
            inner = _RELATION_NOUN.match(relation)
            if inner and st.subject.label and (cluster := resolver.cluster_of(st.subject)):
                # "Ingrid Solberg, the chief executive of Nordvik Energy" (is … of)
                cluster.descriptions.add(inner.group(1).split()[-1])
                continue
            if st.relation.lemma not in ("be", "") and relation not in _COPULAS:
                continue
            # "X is a judge" / "X, a judge": the phrase describes the named subject; "His
            # lawyer, X": the subject describes the named object.
            for named, other in ((st.subject, st.object), (st.object, st.subject)):
                cluster = resolver.cluster_of(named) if named.label else None
                if cluster is None or other.label or other.literal:
                    continue
                head = _described_head(other.text)
                if head is not None:
                    cluster.descriptions.add(head)
                self.predicates.add(other.span.start)
                appos = st.provenance.rule.startswith("SVC-appos")
                if appos:
                    self.apposed.setdefault(other.span.start, cluster)
                if named is st.object and (appos or _DEFINITE.match(other.text)):
                    # the description comes first and the name renames it; a copula with an
                    # indefinite subject ("A winner is Lyon") says less
                    self.identified.setdefault(other.span.start, (other.span.end, cluster))
                break
        self._learn_parsed(self.resolver.referents)

    def identity(self, span: Span) -> Cluster | None:
        """The named entity the description ``span`` is, if it is one (the same words: "The
        boy" is not "The boy's mother", which starts where it does)."""
        found = self.identified.get(span.start)
        return found[1] if found is not None and found[0] == span.end else None

    def _learn_parsed(self, referents: Iterable[Referent]) -> None:
        """Appositions and predicate nominals the parse shows (``Hassan Omar, the governor of
        Mombasa County``; ``Tomás Herrera is the coach``), whatever the extractor made."""
        resolver = self.resolver
        named: dict[int, Cluster] = {}  # head offset → entity
        subjects: dict[int, Cluster] = {}  # clause → named subject
        for ref in referents:
            cluster = resolver.by_start.get(ref.span.start) if ref.kind == "name" else None
            if cluster is not None:
                named[ref.head] = cluster
                if ref.role == "subj":
                    subjects.setdefault(ref.clause, cluster)
                continue
            if ref.kind != "noun":
                continue
            host = named.get(ref.bound) if ref.bound is not None else None
            if host is None and ref.role == "attr":
                host = subjects.get(ref.clause)
            head = _described_head(ref.span.text) if host is not None else None
            if host is not None and head is not None:
                host.descriptions.add(head)
                self.predicates.add(ref.span.start)
                if ref.bound is not None:
                    self.apposed.setdefault(ref.span.start, host)
