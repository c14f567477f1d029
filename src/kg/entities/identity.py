"""A description that the name after it renames is that named entity, not a node of its own.

"Quillon's chief executive, Martin Drexler, said …" and "The former city treasurer is Ronald
Pike" (``kg.entities.descriptions`` records such descriptions as *identified*): wherever the
description is an argument it is the named entity (``kg.entities.nominals``), and the
statements that say so are said of the name:

- ``Quillon's chief executive | is | Martin Drexler`` → ``Martin Drexler | is | Quillon's
  chief executive``, the description kept as text;
- ``Quillon | has | chief executive`` (the possessive inside it) → ``Martin Drexler | chief
  executive of | Quillon`` (``kg:worksFor`` when the owner is an organisation).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from kg.model import Mention, Relation, Span, Statement
from kg.ontology.namespace import KG

if TYPE_CHECKING:
    from kg.entities.resolve import DocumentResolver

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def identity_statement(resolver: DocumentResolver, st: Statement) -> Statement | None:
    """``st`` said of the named entity an identified description is, or ``None``."""
    if st.object is None:
        return None
    described = resolver.nominals.chains.described
    if st.provenance.rule == "possessive" and not st.object.label:
        found = described.identified.get(st.subject.span.start)
        if found is None or found[0] != st.object.span.end:
            return None
        owned = found[1]
        # "Quillon's chief executive": the owner's possessive starts the description
        owner = resolver.resolve(st.subject)
        if owner.entity_id is None or owner.entity_id == resolver.entity_id(owned):
            return None
        role = _ARTICLE.sub("", st.object.text)
        predicate = str(KG.worksFor) if owner.label == "ORG" else None
        person = Mention(st.object.span, owned.label, None, False, resolver.entity_id(owned))
        return dataclasses.replace(st, subject=person, object=owner,
                                   relation=Relation(f"{role} of", "", (), predicate))
    host = described.identity(st.subject.span)
    if host is None or st.subject.label or not st.object.label or (
            host is not resolver.cluster_of(st.object)):
        return None
    if resolver.nominals.is_owned(st.subject):
        return None  # "Khalil's wife, Noor Abdalla": the owner edge says it (spouse of)
    span = st.subject.span
    text = _ARTICLE.sub("", span.text)
    words = Span(span.end - len(text), span.end, text)
    resolver.described_at[span.start] = (span.end, span.text, host)
    return dataclasses.replace(
        st, subject=resolver.resolve(st.object),
        object=Mention(words, "", None, True, None),
        extra_args=tuple(resolver.resolve(a) for a in st.extra_args))
