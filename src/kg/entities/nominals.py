"""Nominal coreference inside a document: descriptions and possessive-anchored nominals.

Two kinds of noun phrase name an entity without a name of their own:

- A *definite description* (``the judge``, ``the 11-year-old``, ``the agency``) or an unnamed
  chain (``a robotics team`` … ``the team``): ``kg.entities.chains``.
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
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.entities.chains import Chains
from kg.entities.names import demonym_place, name_words
from kg.model import Mention, Provenance, Relation, Span, Statement
from kg.model.ids import slug
from kg.model.results import Referent
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
#: Nouns that name an owner's role already known by a fuller name ("Khalil's team" after
#: "Khalil's legal team").
_GENERIC_ROLES = frozenset({"team"})
_POSSESSIVE_GENDER = {"his": "m", "her": "f", "their": None, "its": None}
_QUOTE_MARKS = re.compile(r"[“”\"]")
_ARTICLE_WORDS = re.compile(r"^(?:a|an|the|this|that)\s+", re.IGNORECASE)


def _quoted(text: str, pos: int) -> bool:
    """Whether ``pos`` lies between quotation marks of its paragraph."""
    start = text.rfind("\n", 0, pos) + 1
    marks = _QUOTE_MARKS.findall(text, start, pos)
    return marks.count("“") > marks.count("”") or marks.count('"') % 2 == 1


def nominal_id(role: Role, owner_id: str) -> str:
    """The entity id of an owner's nominal: ``person/wife-of-kwame-okafor``."""
    kind = "person" if role.label == "PERSON" else "group"
    return f"{kind}/{slug(role.key)}-of-{owner_id.split('/', 1)[-1]}"


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
    return _parse_nominal(mention.text, mention.span.start)


@lru_cache(maxsize=1 << 16)  # asked again and again for the same arguments
def _parse_nominal(text: str, start: int) -> _Parsed | None:
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
        name = Span(start + nlo, start + nhi, text[nlo:nhi]) if (
            pattern is _PRONOUN_POSSESSIVE) else Span(start, start + len(text), text)
        return _Parsed(role, owner, name)
    return None


class Nominals:
    """Descriptions and nominals of one document (see the module docstring)."""

    def __init__(self, resolver: DocumentResolver) -> None:
        self.resolver = resolver
        self._nominal: dict[tuple[int, str], Cluster] = {}  # (id of owner, role key)
        self._owners: dict[int, tuple[Cluster, Role, Mention]] = {}  # id of nominal cluster
        self._met: dict[Span, Cluster | None] = {}  # nominals already resolved, by span
        self.chains = Chains(resolver)

    # -- descriptions and chains -----------------------------------------------------------

    def learn(self, statements: Iterable[Statement], mentions: Iterable[Mention]) -> None:
        """Descriptions of entities (titles, ages, appositions, predicates), then the
        document's nominal chains (``kg.entities.chains``)."""
        statements = tuple(statements)
        self.chains.learn(statements, mentions)
        arguments = {a.span: a for st in statements for a in st.arguments}
        # the nominals of named owners, in text order ("Khalil's lawyers"), before the
        # phrases that may name them again ("Khalil's team", "the lawyers")
        phrases = {**arguments, **{r.span: Mention(r.span) for r in self.resolver.referents
                                   if r.kind == "noun"}}
        for span in sorted(phrases, key=lambda s: (s.start, s.end)):
            self._anchored(phrases[span])
        self.chains.run(arguments.values(), self.resolver.referents, self._anchored)

    def _anchored(self, mention: Mention) -> Cluster | None:
        """The owner's nominal a phrase is, when its owner is a name (``Attorneys for X``)."""
        parsed = parse_nominal(mention)
        if parsed is None or parsed.owner.text.casefold() in _POSSESSIVE_GENDER:
            return None
        return self._nominal_cluster(mention, parsed)

    # -- resolution -----------------------------------------------------------------------

    def antecedent(self, mention: Mention) -> Cluster | None:
        """The entity a noun phrase without a name of its own refers to, if it can be told."""
        parsed = parse_nominal(mention)
        # "Quillon's chief executive, Martin Drexler, said": the description is Drexler
        identified = self.chains.described.identity(mention.span)
        if parsed is not None:
            return self._nominal_cluster(mention, parsed) or identified
        return identified or self._team_of(mention) or self.chains.of(mention)

    def referent(self, ref: Referent) -> Cluster | None:
        """The named entity or owner's nominal a parsed noun phrase refers to, for pronoun
        resolution (``kg.entities.pronouns``): ``the company`` after ``Lumen Robotics``,
        ``Khalil's lawyers``. Unnamed chains, phrases linked by their entity's type alone
        (``the city``), and nominals whose owner is a pronoun (the pronoun resolver runs before
        those are known) are not offered."""
        if ref.kind != "noun":
            return None
        mention = Mention(ref.span)
        found = self._anchored(mention)
        if found is None and parse_nominal(mention) is None:
            found = self.chains.of_referent(ref)
        return None if found is None or found.label == "" else found

    def _team_of(self, mention: Mention) -> Cluster | None:
        """``Khalil's team``, ``his team``: the one role of that owner whose name ends with
        the noun (``legal team``), once it is known."""
        for pattern in (_OWNER_POSSESSIVE, _PRONOUN_POSSESSIVE):
            found = pattern.match(mention.text)
            if found is None or found.group("role").casefold() not in _GENERIC_ROLES:
                continue
            noun = found.group("role").casefold()
            lo, hi = found.span("owner")
            owner_span = Span(mention.span.start + lo, mention.span.start + hi,
                              mention.text[lo:hi])
            roles = {key for _, key in self._nominal if key.endswith(noun)}
            if len(roles) != 1:
                return None
            parsed = _Parsed(ROLE_NOUNS[roles.pop()], owner_span, mention.span)
            owner = self._owner(parsed)
            if owner is None or (id(owner), parsed.role.key) not in self._nominal:
                return None  # the owner has no such team yet: a team of another kind
            return self._nominal_cluster(mention, parsed)
        return None

    def _owner(self, parsed: _Parsed) -> Cluster | None:
        resolver = self.resolver
        owner = Mention(parsed.owner, "", parsed.owner)
        pronoun = parsed.owner.text.casefold()
        if pronoun not in _POSSESSIVE_GENDER:
            found = resolver.cluster_of(owner)
            words = name_words(parsed.owner.text, person=True)
            if len(words) != 1 or (found is not None and found.label == "PERSON"):
                return found
            # "Nasseri's legal team" where two people are called Nasseri (and the tagger
            # made the name an organisation): the one of them who already has this role
            people = {id(p): p for p in resolver.index.get(("part", words))
                      if (id(p), parsed.role.key) in self._nominal}
            if len(people) == 1:
                return next(iter(people.values()))
            return None if resolver.index.get(("part", words)) else found
        # "his attorneys" after "Khalil's lawyers": the one owner who already has this role
        # (and agrees with the pronoun) is meant.
        gender = _POSSESSIVE_GENDER[pronoun]
        known = {id(o): o for o, role, _ in self._owners.values()
                 if role.key == parsed.role.key and (gender is None or o.gender in (None, gender))
                 and (gender is None) == (o.label != "PERSON")}
        quoted = _quoted(resolver.text, parsed.owner.start)
        if len(known) == 1:
            only = next(iter(known.values()))
            if not quoted:
                return only
            # in a quote the pronoun may be anyone the quote talks about ("…Jocelyn, who
            # said *her* family would be deported", long after Guadalupe's family): the
            # known owner only when the pronoun's own antecedent is that owner too
            return only if resolver.antecedent(owner) is only else None
        if quoted:
            return None  # "his father", said by someone else about someone else: abstain
        found = resolver.antecedent(owner)
        if found is not None and gender is not None and found.gender != gender:
            return None  # "her father" of a person whose gender is not known: abstain
        return found

    def _nominal_cluster(self, mention: Mention, parsed: _Parsed) -> Cluster | None:
        """The owner's nominal (made the first time), once per mention."""
        if mention.span not in self._met:
            self._met[mention.span] = self._new_nominal(mention, parsed)
        return self._met[mention.span]

    def _new_nominal(self, mention: Mention, parsed: _Parsed) -> Cluster | None:
        from kg.entities.resolve import Cluster

        owner = self._owner(parsed)
        if owner is None or (owner.label != "PERSON" and parsed.role.label == "PERSON"):
            return None
        key = (id(owner), parsed.role.key)
        found = self._nominal.get(key)
        if found is None:
            entity_id = nominal_id(parsed.role, owner.entity_id)
            host = self.chains.apposed.get(mention.span.start)
            if host is not None and host.label == parsed.role.label and host is not owner:
                found = host  # "his wife, Shirin Nasseri": the nominal is the named person
            else:
                found = Cluster(parsed.role.label, fixed_id=entity_id,
                                gender=_GENDER.get(parsed.role.key))
                # "the lawyers", "the son": what a later description calls it
                found.descriptions.update(
                    w for w, r in ROLE_NOUNS.items() if r.key == parsed.role.key and " " not in w)
            self._nominal[key] = found
            self._owners[id(found)] = (owner, parsed.role, mention)
        if found.fixed_id is not None:
            found.names[" ".join(parsed.name.text.split())] += 1
            found.positions.append(mention.span.start)
        return found

    def is_owned(self, mention: Mention) -> bool:
        """Whether ``mention`` is an owner's nominal of a known owner (``Khalil's wife``)."""
        parsed = parse_nominal(mention)
        return parsed is not None and self._nominal_cluster(mention, parsed) is not None

    def name_of(self, mention: Mention) -> Span | None:
        """The nominal's own words (``legal team`` of ``his legal team``), if it is one."""
        parsed = parse_nominal(mention)
        return None if parsed is None else parsed.name

    # -- owner edges ----------------------------------------------------------------------

    def supersedes(self, st: Statement) -> bool:
        """Whether an owner edge replaces ``st``: ``Khalil | has | lawyers`` (a possessive
        of a role noun) says less than ``Khalil's lawyers | legal counsel of | Khalil``."""
        if st.provenance.rule != "possessive" or st.object is None:
            return False
        noun = _ARTICLE_WORDS.sub("", st.object.text)
        if role_of(noun) is not None:
            return True
        # "Khalil | has | team" of "Khalil's team", read as his legal team
        start, end = st.subject.span.start, st.object.span.end
        whole = Mention(Span(start, end, self.resolver.text[start:end]))
        return noun.casefold() in _GENERIC_ROLES and self._team_of(whole) is not None

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
