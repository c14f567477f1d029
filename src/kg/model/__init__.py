"""The data model: plain frozen dataclasses passed between stages.

Nothing here holds a spaCy object, so every value can cross a process boundary or be
cached. All offsets are character offsets into ``Document.text``.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a document: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """One input article.

    ``pages`` holds the offset in ``text`` where each page starts, for a paged source (a PDF);
    it is empty otherwise.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    source_path: str | None = None
    author: str | None = None
    pages: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset``, or ``None`` without pages.

        >>> Document("d", "one two", pages=(0, 4)).page_at(5)
        2
        """
        return bisect.bisect_right(self.pages, offset) or None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text: the key of everything derived from it."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Mention:
    """An argument as it appears in a sentence.

    ``span`` is the whole argument (``"Louisiana Judge Jamee Comans"``); ``name`` is the part
    that names the entity (``"Jamee Comans"``), ``label`` its spaCy entity label, or ``""`` for
    a plain noun phrase. A literal (an adjective, a clause) becomes an RDF literal, not a node.
    """

    span: Span
    label: str = ""
    name: Span | None = None
    literal: bool = False
    entity_id: str | None = None

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def name_text(self) -> str:
        return (self.name or self.span).text


@dataclass(frozen=True, slots=True)
class Mapping:
    """How a relation was mapped onto its ``predicate`` (``kg.enrich.mapping``).

    ``method``: ``lexicon`` (kg's phrases), ``label`` (a property's own label), ``derived``
    (an agent or event noun of the verb: ``founded`` → *founder*), ``copular`` (``X is the
    capital of Y``), ``possessive`` (``Y's capital is X``) or ``equivalent`` (a kg property's
    equivalent in the user's vocabulary); ``+domain``/``+range`` when the argument types were
    checked and fit. ``score`` is from 0 to 1. ``inverse``: the property runs from the
    statement's object to its subject; ``subject``/``object``: the property's own ends when
    they are not the statement's (the ``Y`` of ``X is the capital of Y``).
    """

    method: str
    score: float
    inverse: bool = False
    subject: Mention | None = None
    object: Mention | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """The relation of a statement.

    ``text`` is what a reader sees (``"was detained by"``); ``spans`` are the sentence pieces it
    was read from, empty when the relation is inferred (the ``"is"`` of an apposition).
    ``predicate`` is an ontology property IRI once the relation is normalised.
    """

    text: str
    lemma: str = ""
    spans: tuple[Span, ...] = ()
    predicate: str | None = None
    mapping: Mapping | None = None

    @property
    def inferred(self) -> bool:
        return not self.spans


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a statement comes from: document, sentence, extractor and the rule that fired."""

    document_id: str
    sentence: Span
    extractor: str
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Statement:
    """A subject–relation–object statement read from one sentence."""

    subject: Mention
    relation: Relation
    object: Mention | None
    provenance: Provenance
    extra_args: tuple[Mention, ...] = ()
    negated: bool = False
    modality: str | None = None
    attributed_to: Mention | None = None
    time: Mention | None = None
    place: Mention | None = None
    confidence: float = 1.0
    #: Why the statement stays out of the entity graph ("" for a fact): ``"caption"``,
    #: ``"dateline"``, ``"alias"``… (``kg.extract.facts``). Open-IE output keeps it, marked.
    filtered: str = ""

    @property
    def arguments(self) -> tuple[Mention, ...]:
        """Subject, object and extra arguments, in order."""
        head = (self.subject,) if self.object is None else (self.subject, self.object)
        return head + self.extra_args


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity as read back from a graph (for tables, analytics and views)."""

    iri: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0


@dataclass(frozen=True, slots=True)
class StatementRecord:
    """A statement as read back from a graph: the flat row of ``kg export --format tsv``.

    ``extra`` holds ``rule``, ``extractor``, ``sentence_start`` and, when known, the mentions'
    document offsets (``subject_start``, ``subject_end``, ``object_start``, ``object_end``),
    the statement's ISO ``date``, ``unresolved`` (``"true"`` for an unresolved argument), the
    ``page`` of a paged source and ``predicate_iri`` (the normalised ontology property).
    """

    iri: str
    subject_id: str
    subject: str
    predicate: str
    object_id: str  # "" when the object is a literal
    object: str
    confidence: float
    source: str
    sentence: str
    extra: dict[str, str] = field(default_factory=dict)

    def sort_key(self) -> tuple[str, int, str]:
        """How statements are listed: by source, position of the sentence, IRI."""
        return self.source, int(self.extra.get("sentence_start") or 0), self.iri


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A source document as read back from a graph (metadata is ``""`` when unknown)."""

    iri: str
    id: str
    title: str = ""
    url: str = ""
    date: str = ""  # ISO date (``schema:datePublished``) or the date as written


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A quote as read back from a graph: its words, speaker and document offsets."""

    iri: str
    speaker_id: str
    speaker: str
    text: str
    source: str  # document id
    start: int = 0
    end: int = 0


def shifted(value: T, offset: int, **changes: Any) -> T:
    """Return ``value`` with every nested ``Span`` moved by ``offset`` characters.

    Extractors see one chunk of a document; this maps their offsets back onto the document.
    ``changes`` replace top-level fields of a dataclass ``value``.

    >>> shifted(Span(0, 3, "abc"), 10)
    Span(start=10, end=13, text='abc')
    """
    if offset == 0 and not changes:
        return value  # values are frozen: nothing to move
    return _shift(value, offset, changes)  # type: ignore[no-any-return]


_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_NO_CHANGES: dict[str, Any] = {}


def _shift(value: Any, offset: int, changes: dict[str, Any]) -> Any:
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is Span:
        return Span(value.start + offset, value.end + offset, value.text)
    if kind is tuple:
        return tuple([_shift(v, offset, _NO_CHANGES) for v in value])
    names = _FIELD_NAMES.get(kind)
    if names is not None:  # one of kg's plain dataclasses (seen before)
        updates = {name: _shift(getattr(value, name), offset, _NO_CHANGES) for name in names}
        updates.update(changes)
        return kind(**updates)
    if isinstance(value, Span):
        return Span(value.start + offset, value.end + offset, value.text)
    if isinstance(value, tuple):
        return tuple(_shift(v, offset, _NO_CHANGES) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        if all(f.init for f in fields):
            _FIELD_NAMES[kind] = tuple(f.name for f in fields)
        updates = {f.name: _shift(getattr(value, f.name), offset, _NO_CHANGES) for f in fields}
        updates.update(changes)
        return dataclasses.replace(value, **updates)
    return value
