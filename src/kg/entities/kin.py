"""Kin and role nouns a quote's speaker says of themselves: ``My wife``, ``my lawyers``.

Inside a quote, ``my``/``our`` is the speaker (``kg.enrich.quotes`` finds the speaker after
resolution). ``“My wife has not slept,” Ibrahim Yusuf said`` makes ``My wife`` the entity the
document already knows as Ibrahim Yusuf's spouse (an owner edge either way: spouses and
siblings are each other's), or else the same nominal entity ``his wife`` would be
(``person/wife-of-ibrahim-yusuf``), tied to the speaker by the role's typed relation.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from kg.entities.nominals import EXTRACTOR, Role, nominal_id, role_of
from kg.model import Mention, Provenance, Relation, Statement
from kg.ontology.namespace import KG

_FIRST_POSSESSIVE = re.compile(r"^(?P<owner>my|our)\s+(?P<role>.+)$", re.IGNORECASE)
#: Relations that hold both ways: the speaker's spouse is whoever the speaker is spouse of.
_SYMMETRIC = frozenset({str(KG.spouseOf), str(KG.siblingOf)})


class SpeakerKin:
    """The speakers' own nominals of one document's statements (see the module docstring)."""

    def __init__(self, statements: Iterable[Statement]) -> None:
        #: (predicate, entity) → the other end of a known symmetric owner edge
        self._known: dict[tuple[str, str], Mention] = {}
        self._owned: set[str] = set()  # nominal entities that already have their owner edge
        for st in statements:
            if st.provenance.rule != "possessive-nominal" or st.object is None:
                continue
            predicate = st.relation.predicate or ""
            if st.object.entity_id and st.subject.entity_id:
                self._owned.add(st.subject.entity_id)
                if predicate in _SYMMETRIC:
                    self._known.setdefault((predicate, st.object.entity_id), st.subject)
                    self._known.setdefault((predicate, st.subject.entity_id), st.object)
        self._new: dict[str, Statement] = {}

    def resolve(self, mention: Mention, speaker: Mention | None, st: Statement) -> Mention:
        """``mention`` as the speaker's nominal when it is one (``My wife``), else itself."""
        if speaker is None or speaker.entity_id is None or mention.entity_id is not None:
            return mention
        found = _FIRST_POSSESSIVE.match(mention.text)
        role = role_of(found.group("role")) if found else None
        if found is None or role is None or speaker.label != "PERSON":
            return mention
        if found.group("owner").casefold() == "our" and role.predicate == str(KG.spouseOf):
            return mention  # "our son", "our lawyers" are the speaker's too; "our wife" no
        known = self._known.get((role.predicate, speaker.entity_id))
        if known is not None and role.predicate in _SYMMETRIC:
            return dataclasses.replace(mention, label=known.label, entity_id=known.entity_id)
        entity_id = nominal_id(role, speaker.entity_id)
        nominal = dataclasses.replace(mention, label=role.label, entity_id=entity_id)
        if entity_id not in self._owned and entity_id not in self._new:
            self._new[entity_id] = _owner_edge(nominal, role, speaker, st.provenance)
        return nominal

    def owner_statements(self) -> Iterator[Statement]:
        """One owner edge for each nominal the speakers named and the document had not."""
        yield from self._new.values()


def _owner_edge(nominal: Mention, role: Role, speaker: Mention, prov: Provenance) -> Statement:
    return Statement(nominal, Relation(role.relation, "", (), role.predicate), speaker,
                     Provenance(prov.document_id, prov.sentence, EXTRACTOR,
                                "possessive-nominal"), confidence=0.9)
