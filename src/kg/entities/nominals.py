"""Nominal coreference inside a document: descriptions and possessive-anchored nominals.

Two kinds of noun phrase name an entity without a name of their own:

- A *definite description* (``the judge``, ``the 11-year-old``, ``the agency``) refers back to
  a recent entity whose descriptions (from titles, appositions and predicates: "Louisiana
  Judge Jamee Comans" gives ``judge``) or type (``agency`` is an organisation) fit its head
  noun. When two entities fit, it stays unresolved.
- A *possessive-anchored nominal* (``Khalil's lawyers``, ``his legal team``, ``Attorneys for
  Khalil``, ``his wife``) is an entity of its own, the same one each time it is met with the
  same owner and role, tied to its owner by a typed ontology relation
  (``kg:legalCounselOf``, ``kg:spouseOf``, …) through an inferred statement.

``Nominals`` works for a ``kg.entities.resolve.DocumentResolver`` and calls it back for an
owner that is a name or a pronoun.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.entities.names import TITLES, demonym_place, name_words
from kg.ingest.files import slug
from kg.model import Mention, Provenance, Relation, Span, Statement
from kg.ontology.namespace import KG

if TYPE_CHECKING:
    from kg.entities.resolve import Cluster, DocumentResolver

EXTRACTOR = "kg.nominal.v1"


@dataclass(frozen=True, slots=True)
class Role:
    """What a role noun makes of its owner's nominal: one entity of ``label``, tied to the
    owner by ``predicate`` (read ``relation``)."""

    key: str  # one entity per owner and key: "lawyers" and "legal team" are one
    label: str
    predicate: str
    relation: str


_COUNSEL = Role("legal team", "NORP", str(KG.legalCounselOf), "legal counsel of")
_SPOUSE = Role("spouse", "PERSON", str(KG.spouseOf), "spouse of")
_PARENT = Role("parent", "PERSON", str(KG.parentOf), "parent of")
_CHILD = Role("child", "PERSON", str(KG.childOf), "child of")
_SIBLING = Role("sibling", "PERSON", str(KG.siblingOf), "sibling of")
_FAMILY = Role("family", "NORP", str(KG.relativeOf), "relative of")
_SPOKESPERSON = Role("spokesperson", "PERSON", str(KG.spokespersonFor), "spokesperson for")

#: Role nouns (singular and plural) and the role each names. Kin nouns keep their own key
#: ("father" and "mother" are two people), lawyers of one owner are one legal team.
ROLE_NOUNS: dict[str, Role] = {
    **dict.fromkeys(("lawyer", "lawyers", "attorney", "attorneys", "counsel", "legal team",
                     "defense team", "defence team", "legal representatives",
                     "defense lawyers", "defence lawyers"), _COUNSEL),
    **{w: dataclasses.replace(_SPOUSE, key=w) for w in ("wife", "husband")},
    "spouse": _SPOUSE,
    **{w: dataclasses.replace(_PARENT, key=w) for w in ("father", "mother")},
    "parents": dataclasses.replace(_PARENT, key="parents", label="NORP"),
    **{w: dataclasses.replace(_CHILD, key=w) for w in ("son", "daughter")},
    **{w: dataclasses.replace(_SIBLING, key=w) for w in ("brother", "sister")},
    "family": _FAMILY,
    **dict.fromkeys(("spokesperson", "spokesman", "spokeswoman"), _SPOKESPERSON),
}
_GENDER = {"wife": "f", "mother": "f", "daughter": "f", "sister": "f", "spokeswoman": "f",
           "husband": "m", "father": "m", "son": "m", "brother": "m", "spokesman": "m"}

# "Khalil’s lawyers", "Mahmoud Khalil's legal team": a name, the possessive, the role.
_OWNER_POSSESSIVE = re.compile(r"^(?:the\s+)?(?P<owner>[A-Z][^'’]*?)['’]s?\s+(?P<role>.+)$")
# "his wife", "their attorneys": a possessive pronoun and the role.
_PRONOUN_POSSESSIVE = re.compile(r"^(?P<owner>his|her|their|its)\s+(?P<role>.+)$",
                                 re.IGNORECASE)
# "Attorneys for Khalil", "the wife of Mahmoud Khalil", "lawyers representing Khalil".
_ROLE_FOR = re.compile(r"^(?:the\s+)?(?P<role>.+?)\s+(?:for|of|representing)\s+"
                       r"(?P<owner>[A-Z].*)$")
# Words allowed before a role noun ("his legal team", "her newborn son", "their own lawyers").
_ROLE_WORDS = re.compile(r"^(?:(?:own|new|newborn|former|late|young|elder|eldest|younger|"
                         r"youngest|two|three|immigration|longtime|personal)\s+)*(?P<noun>.+)$",
                         re.IGNORECASE)
# "the judge", "this agency", "the 11-year-old", "the immigration judge".
_DEFINITE = re.compile(r"^(?:the|this|that)\s+(?:[\w-]+\s+){0,2}([\w-]+)$", re.IGNORECASE)
#: Head nouns that a type alone licenses ("the agency" is the one organisation nearby).
TYPE_NOUNS: dict[str, str] = {
    **dict.fromkeys(("company", "firm", "agency", "organization", "organisation", "group",
                     "union", "university", "college", "department", "ministry", "party",
                     "charity"), "org"),
    **dict.fromkeys(("city", "country", "town", "village", "nation", "state", "province",
                     "region"), "place"),
}
#: How far back (characters) a description looks for the entity it refers to.
DESCRIPTION_WINDOW = 1500
_POSSESSIVE_GENDER = {"his": "m", "her": "f", "their": None, "its": None}
_QUOTE_MARKS = re.compile(r"[“”\"]")
_ARTICLE_WORDS = re.compile(r"^(?:a|an|the|this|that)\s+", re.IGNORECASE)


def _quoted(text: str, pos: int) -> bool:
    """Whether ``pos`` lies between quotation marks of its paragraph."""
    start = text.rfind("\n", 0, pos) + 1
    marks = _QUOTE_MARKS.findall(text, start, pos)
    return marks.count("“") > marks.count("”") or marks.count('"') % 2 == 1


def role_of(phrase: str) -> Role | None:
    """The role a noun phrase's words name (``legal team``, ``newborn son``), if any."""
    words = _ROLE_WORDS.match(" ".join(phrase.split()))
    noun = (words.group("noun") if words else phrase).casefold()
    return ROLE_NOUNS.get(noun) or ROLE_NOUNS.get(noun.split()[-1] if noun else "")


@dataclass(frozen=True, slots=True)
class _Parsed:
    role: Role
    owner: Span  # the owner's words in the document (a name or a possessive pronoun)
    name: Span  # the nominal's own words ("legal team" of "his legal team")


def parse_nominal(mention: Mention) -> _Parsed | None:
    """The role and owner of a possessive-anchored nominal, or ``None``."""
    text, start = mention.text, mention.span.start
    for pattern in (_OWNER_POSSESSIVE, _PRONOUN_POSSESSIVE, _ROLE_FOR):
        found = pattern.match(text)
        if found is None:
            continue
        role = role_of(found.group("role"))
        if role is None:
            continue
        lo, hi = found.span("owner")
        owner = Span(start + lo, start + hi, text[lo:hi])
        nlo, nhi = found.span("role")
        name = (Span(start + nlo, start + nhi, text[nlo:nhi])
                if pattern is _PRONOUN_POSSESSIVE else mention.span)
        return _Parsed(role, owner, name)
    return None


class Nominals:
    """Descriptions and nominals of one document (see the module docstring)."""

    def __init__(self, resolver: DocumentResolver) -> None:
        self.resolver = resolver
        self._nominal: dict[tuple[int, str], Cluster] = {}  # (id of owner, role key)
        self._owners: dict[int, tuple[Cluster, Role, Mention]] = {}  # id of nominal cluster

    # -- descriptions ---------------------------------------------------------------------

    def learn(self, statements: Iterable[Statement], mentions: Iterable[Mention]) -> None:
        """Descriptions of entities: titles before a name (``Louisiana Judge Jamee Comans``
        → ``judge``), and appositions and predicates (``X is a US immigration judge``)."""
        resolver = self.resolver
        for m in mentions:
            cluster = resolver.by_start.get(m.span.start)
            if cluster is None or cluster.label != "PERSON":
                continue
            # the words just before the name: titles ("Dr."), capitalised role words
            # ("Magistrate", "Louisiana Judge"), up to the sentence's start
            for word in reversed(resolver.text[max(0, m.span.start - 40):m.span.start]
                                 .split()[-3:]):
                bare = word.casefold().strip(".")
                if not (bare in TITLES or (word.isalpha() and word.istitle())):
                    break
                cluster.descriptions.add(bare)
        for st in statements:
            if st.object is None or st.object.label or st.relation.lemma not in ("be", ""):
                continue
            cluster = resolver.cluster_of(st.subject)
            if cluster is not None:
                head = _ARTICLE_WORDS.sub("", st.object.text.split(" of ")[0]).split()
                if head:
                    cluster.descriptions.add(head[-1].casefold().strip(".,"))

    # -- resolution -----------------------------------------------------------------------

    def antecedent(self, mention: Mention) -> Cluster | None:
        """The entity a noun phrase without a name of its own refers to, if it can be told."""
        parsed = parse_nominal(mention)
        if parsed is not None:
            return self._nominal_cluster(mention, parsed)
        match = _DEFINITE.match(" ".join(mention.text.split()))
        if match is None:
            return None
        return self._described(match.group(1).casefold(), mention.span.start)

    def _described(self, noun: str, start: int) -> Cluster | None:
        """The one recent entity ``noun`` describes (its description or its type)."""
        kind = TYPE_NOUNS.get(noun)
        recent: dict[int, tuple[int, Cluster]] = {}
        for cluster in self.resolver.clusters:
            last = max((p for p in cluster.positions if start - DESCRIPTION_WINDOW <= p < start),
                       default=-1)
            if last < 0:
                continue
            if noun in cluster.descriptions or (kind is not None and cluster.group == kind):
                recent[id(cluster)] = (last, cluster)
        # two entities fit: the description does not tell which
        return next(iter(recent.values()))[1] if len(recent) == 1 else None

    def _owner(self, parsed: _Parsed) -> Cluster | None:
        resolver = self.resolver
        owner = Mention(parsed.owner, "", parsed.owner)
        pronoun = parsed.owner.text.casefold()
        if pronoun not in _POSSESSIVE_GENDER:
            return resolver.cluster_of(owner)
        # "his attorneys" after "Khalil's lawyers": the one owner who already has this role
        # (and agrees with the pronoun) is meant.
        gender = _POSSESSIVE_GENDER[pronoun]
        known = {id(o): o for o, role, _ in self._owners.values()
                 if role.key == parsed.role.key and (gender is None or o.gender in (None, gender))
                 and (gender is None) == (o.label != "PERSON")}
        if len(known) == 1:
            return next(iter(known.values()))
        if _quoted(resolver.text, parsed.owner.start):
            return None  # "his father", said by someone else about someone else: abstain
        found = resolver.antecedent(owner)
        if found is not None and gender is not None and found.gender != gender:
            return None  # "her father" of a person whose gender is not known: abstain
        return found

    def _nominal_cluster(self, mention: Mention, parsed: _Parsed) -> Cluster | None:
        from kg.entities.resolve import Cluster

        owner = self._owner(parsed)
        if owner is None or (owner.label != "PERSON" and parsed.role.label == "PERSON"):
            return None
        key = (id(owner), parsed.role.key)
        found = self._nominal.get(key)
        if found is None:
            entity_id = f"{'person' if parsed.role.label == 'PERSON' else 'group'}/" \
                        f"{slug(parsed.role.key)}-of-{owner.entity_id.split('/', 1)[-1]}"
            found = self._nominal[key] = Cluster(parsed.role.label, fixed_id=entity_id,
                                                 gender=_GENDER.get(parsed.role.key))
            self._owners[id(found)] = (owner, parsed.role, mention)
        found.names[" ".join(parsed.name.text.split())] += 1
        found.positions.append(mention.span.start)
        return found

    def name_of(self, mention: Mention) -> Span | None:
        """The nominal's own words (``legal team`` of ``his legal team``), if it is one."""
        parsed = parse_nominal(mention)
        return None if parsed is None else parsed.name

    # -- owner edges ----------------------------------------------------------------------

    def supersedes(self, st: Statement) -> bool:
        """Whether an owner edge replaces ``st``: ``Khalil | has | lawyers`` (a possessive
        of a role noun) says less than ``Khalil's lawyers | legal counsel of | Khalil``."""
        return (st.provenance.rule == "possessive" and st.object is not None
                and role_of(_ARTICLE_WORDS.sub("", st.object.text)) is not None)

    def owner_statements(self, statements: Iterable[Statement]) -> Iterator[Statement]:
        """One inferred statement per nominal entity, ``<nominal> — <role> — <owner>``, read
        from the first sentence that mentions it; and ``<Group> — demonym of — <Place>`` for
        a demonym whose country the document names."""
        sentences: dict[int, Provenance] = {}
        for st in statements:
            for arg in st.arguments:
                sentences.setdefault(arg.span.start, st.provenance)
            sentences.setdefault(st.provenance.sentence.start, st.provenance)
        resolver = self.resolver
        for owner, role, mention in self._owners.values():
            prov = sentences.get(mention.span.start)
            if prov is None:
                continue
            nominal = resolver.resolve(mention)
            first = min(owner.positions)
            named = Mention(resolver.name_at.get(first, mention.span), owner.label,
                            resolver.name_at.get(first), False, resolver.entity_id(owner))
            yield Statement(nominal, Relation(role.relation, "", (), role.predicate), named,
                            Provenance(prov.document_id, prov.sentence, EXTRACTOR,
                                       "possessive-nominal"), confidence=0.9)
        yield from self._demonyms(sentences)

    def _demonyms(self, sentences: dict[int, Provenance]) -> Iterator[Statement]:
        resolver = self.resolver
        places = {w: c for c in resolver.clusters if c.group == "place" for w in c.words}
        starts = sorted(p.sentence.start for p in sentences.values())
        for cluster in resolver.clusters:
            country = demonym_place(cluster.canonical) if cluster.label == "NORP" else None
            place = None if country is None else places.get(name_words(country))
            if place is None or not cluster.positions:
                continue
            first = min(cluster.positions)
            i = bisect_right(starts, first) - 1
            prov = sentences.get(starts[i]) if i >= 0 else None
            if prov is None or first not in resolver.name_at or first >= prov.sentence.end:
                continue
            there = min(place.positions)
            group = Mention(resolver.name_at[first], "NORP", resolver.name_at[first], False,
                            resolver.entity_id(cluster))
            named = Mention(resolver.name_at[there], place.label, resolver.name_at[there],
                            False, resolver.entity_id(place))
            yield Statement(group, Relation("demonym of", "", (), str(KG.demonymOf)), named,
                            Provenance(prov.document_id, prov.sentence, EXTRACTOR, "demonym"),
                            confidence=0.9)
