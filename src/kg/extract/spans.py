"""Turning spaCy tokens into model values (``Span``, ``Mention``, ``Statement``).

Extractors use these helpers so that every argument is a real span of the sentence with
character offsets, and so that entity names and labels are read the same way everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from kg.model import Mention, Provenance, Relation, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Entity labels whose mentions become literals rather than nodes of their own.
LITERAL_LABELS = frozenset({"CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "MONEY"})
_NAME_CHAR = re.compile(r"[^\W_]")


def can_name(text: str) -> bool:
    """Whether a span the tagger took for an entity can name one: it has a letter or digit
    (an emoji flag cannot) and is not one lower-case word (``us`` is a pronoun, not the US).

    >>> can_name("🇬🇭"), can_name("us"), can_name("US"), can_name("de Rayos")
    (False, False, True, True)
    """
    return _NAME_CHAR.search(text) is not None and not (text.islower() and " " not in text)


def is_separator(text: str) -> bool:
    """True for a token that only separates: a run of ``|`` (a table row read as a line)."""
    return bool(text) and not text.strip("|¦")


def unpiped(doc: Doc) -> None:
    """Trim separator tokens (``is_separator``) off the ends of ``doc``'s named entities, in
    place, so that no entity is labelled ``| Police``; an entity of separators alone goes."""
    from spacy.tokens import Span as SpacySpan

    ents = list(doc.ents)
    if not any(is_separator(doc[ent.start].text) or is_separator(doc[ent.end - 1].text)
               for ent in ents):
        return
    kept: list[SpacySpan] = []
    for ent in ents:
        start, end = ent.start, ent.end
        while start < end and is_separator(doc[start].text):
            start += 1
        while end > start and is_separator(doc[end - 1].text):
            end -= 1
        if start < end:
            kept.append(ent if (start, end) == (ent.start, ent.end)
                        else SpacySpan(doc, start, end, label=ent.label))
    doc.ents = kept


def char_span(doc: Doc, start: int, end: int) -> Span:
    """The ``Span`` covering characters ``start:end`` of ``doc``."""
    return Span(start, end, doc.text[start:end])


def token_span(tokens: Sequence[Token]) -> Span:
    """The ``Span`` from the first to the last of ``tokens`` (which must be non-empty)."""
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return char_span(first.doc, first.idx, last.idx + len(last.text))


def sentence_span(sent: SpacySpan) -> Span:
    """The sentence's own text, trimmed of surrounding white space."""
    tokens = [t for t in sent if not t.is_space]
    if not tokens:
        return char_span(sent.doc, sent.start_char, sent.start_char)
    return token_span(tokens)


def entity_of(token: Token) -> SpacySpan | None:
    """The named entity ``token`` belongs to, if any."""
    if not token.ent_type_:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return None


def is_share(head: Token, ent: SpacySpan, last: int) -> bool:
    """True when the quantity ``ent`` at ``head`` is a share of something its phrase (up to
    token ``last``) names: "About 20% of undocumented people", "3,000 of the workers" are
    that part, not the number."""
    return ent.label_ in LITERAL_LABELS and any(
        c.dep_ == "prep" and c.lower_ == "of" and ent.end <= c.i <= last
        for c in head.children)


def mention(tokens: Sequence[Token], head: Token, *, literal: bool = False) -> Mention:
    """A ``Mention`` spanning ``tokens`` whose head word is ``head``.

    When the head lies in a named entity, the entity names the mention and gives its label.
    """
    ent = entity_of(head)
    if ent is None or is_share(head, ent, max(t.i for t in tokens)):
        return Mention(token_span(tokens), literal=literal)
    name = token_span(list(ent))
    label = ent.label_
    return Mention(token_span(tokens), label, name, literal or label in LITERAL_LABELS)


def surface(tokens: Sequence[Token]) -> str:
    """Tokens as written: their own spacing between neighbours (``co-director``), one space
    across a gap."""
    parts = []
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        parts.append(token.text)
        if following is not None:
            adjacent = following.i == token.i + 1
            parts.append(token.whitespace_ if adjacent else " ")
    return "".join(parts)


def relation(tokens: Iterable[Token], text: str | None = None) -> Relation:
    """A ``Relation`` read from ``tokens`` in the order given; ``text`` overrides the surface."""
    ordered = list(tokens)
    spans = tuple(token_span([t]) for t in ordered)
    written = text if text is not None else surface(ordered)
    lemma = " ".join(t.lemma_.lower() for t in ordered if t.pos_ not in ("AUX", "PART"))
    return Relation(written, lemma or written.lower(), spans)


def statement(
    sent: SpacySpan,
    subject: Mention,
    rel: Relation,
    obj: Mention | None,
    *,
    extractor: str,
    rule: str,
    document_id: str = "",
    confidence: float,
    extra_args: tuple[Mention, ...] = (),
    negated: bool = False,
    modality: str | None = None,
) -> Statement:
    """Assemble a ``Statement`` with provenance for sentence ``sent``."""
    return Statement(
        subject=subject,
        relation=rel,
        object=obj,
        provenance=Provenance(document_id, sentence_span(sent), extractor, rule),
        extra_args=extra_args,
        negated=negated,
        modality=modality,
        confidence=round(confidence, 3),
    )
