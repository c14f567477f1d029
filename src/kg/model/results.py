"""Per-document results and the build report: what stages hand on, as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.model import Document, Mention, Span, Statement


@dataclass(frozen=True, slots=True)
class Referent:
    """A noun phrase or pronoun as the parser saw it: what pronoun resolution needs.

    ``role`` is the grammatical role (``subj``, ``obj``, ``iobj``, ``pobj``, ``poss``, ``attr``,
    ``mod`` for a name inside another noun phrase, ``other``); ``clause`` the start offset of
    the governing verb (co-arguments share it); ``number`` ``sg``, ``pl`` or ``""``.
    ``bound`` is a head offset: for a relative pronoun, of the noun its clause modifies; for
    an apposition, of its host (the same referent); for a possessive inside an apposition
    (``Liu Yang, his deputy``), of the host it cannot refer to.
    """

    span: Span
    head: int
    kind: str  # "pronoun" | "name" | "noun"
    role: str
    sentence: int
    clause: int
    number: str = ""
    label: str = ""
    pleonastic: bool = False
    embedded: bool = False  # inside a prepositional phrase or another noun phrase
    bound: int | None = None


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """One mention and how it was resolved (``kg export --format mentions``).

    ``how`` is ``name``, ``alias``, ``pronoun``, ``description`` or ``speaker``; ``entity_id``
    is ``None`` when resolution abstained.
    """

    document_id: str
    start: int
    end: int
    text: str
    entity_id: str | None
    how: str
    confidence: float


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything extracted from one document."""

    document: Document
    statements: tuple[Statement, ...]
    mentions: tuple[Mention, ...]
    sentences: int
    words: int
    quotes: tuple[Quote, ...] = ()  # set by kg.enrich.normalise
    referents: tuple[Referent, ...] = ()  # set by kg.build.pipeline
    mention_records: tuple[MentionRecord, ...] = ()  # set by kg.entities.resolve


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A document's parse, before extraction: its pieces' spaCy ``Doc``s as the bytes of a
    ``DocBin`` (what a worker that only parses hands back; ``kg.build.pipeline``)."""

    document: Document
    parses: bytes


#: The ``BuildReport.dropped`` key of statements kept with a pronoun that names no entity
#: (``kg:unresolved``): counted, but not dropped.
UNRESOLVED = "unresolved pronoun"


@dataclass(frozen=True, slots=True)
class FailedDocument:
    """A document whose per-document work raised on a worker: its id and the error, one line
    (a build with ``skip_bad`` goes on without it and lists it in ``BuildReport.skipped``)."""

    document_id: str
    error: str
    sentences: int = 0
    words: int = 0

    def describe(self) -> str:
        return f"document {self.document_id!r} crashed the extractor on a worker: {self.error}"


@dataclass
class BuildReport:
    """Counts and timings of one build, printed by ``kg build``."""

    model: str = ""
    extractor: str = ""
    documents: int = 0
    sentences: int = 0
    words: int = 0
    statements: int = 0
    entities: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    normalised: int = 0  # statements mapped onto an ontology property
    quotes: int = 0
    unmapped: list[tuple[str, int]] = field(default_factory=list)  # most frequent first
    workers: int = 1
    cache_hits: int | None = None  # None: no cache used
    cache_misses: int = 0

    def summary(self) -> str:
        """A short human-readable report."""
        rate = self.words / self.seconds if self.seconds else 0.0
        lines = [
            f"documents   {self.documents:>8,}",
            f"sentences   {self.sentences:>8,}",
            f"words       {self.words:>8,}",
            f"entities    {self.entities:>8,}",
            f"statements  {self.statements:>8,}",
        ]
        for reason, count in sorted(self.dropped.items()):
            kind = "kept, no entity link" if reason == UNRESOLVED else "dropped"
            lines.append(f"  {kind}: {reason}: {count:,}")
        if self.statements:
            share = self.normalised / self.statements
            lines.append(f"normalised  {self.normalised:>8,} ({share:.0%} of statements)")
        if self.quotes:
            lines.append(f"quotes      {self.quotes:>8,}")
        if self.unmapped:
            top = ", ".join(f"{lemma} ({n})" for lemma, n in self.unmapped[:10])
            lines.append(f"  unmapped relations: {top}")
        if self.skipped:
            lines.append(f"skipped     {len(self.skipped):>8,} bad input(s)")
        if self.cache_hits is not None:
            lines.append(f"cache       {self.cache_hits:>8,} reused, {self.cache_misses:,} parsed")
        lines.append(f"time        {self.seconds:>8.1f} s ({rate:,.0f} words/s)")
        workers = f", {self.workers} workers" if self.workers > 1 else ""
        lines.append(f"model {self.model}, extractor {self.extractor}{workers}")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted words (``span``, without the marks) and who said them."""

    span: Span
    speaker: Mention
    document_id: str
