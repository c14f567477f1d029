"""The build pipeline: documents → spaCy → extractor → per-document results.

Documents stream through ``nlp.pipe`` in chunks; each document's statements and named-entity
mentions come out as one frozen ``DocumentResult``, ready for resolution and the graph.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract import Extractor
from kg.extract.spans import LITERAL_LABELS
from kg.model import Document, Mention, Span, Statement, shifted
from kg.nlp import chunks

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.quotes import Quote


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """Everything extracted from one document."""

    document: Document
    statements: tuple[Statement, ...]
    mentions: tuple[Mention, ...]
    sentences: int
    words: int
    quotes: tuple[Quote, ...] = ()  # set by kg.normalise


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
            lines.append(f"  dropped: {reason}: {count:,}")
        if self.statements:
            share = self.normalised / self.statements
            lines.append(f"normalised  {self.normalised:>8,} ({share:.0%} of statements)")
        if self.quotes:
            lines.append(f"quotes      {self.quotes:>8,}")
        if self.unmapped:
            top = ", ".join(f"{lemma} ({n})" for lemma, n in self.unmapped[:10])
            lines.append(f"  unmapped relations: {top}")
        if self.skipped:
            lines.append(f"skipped     {len(self.skipped):>8,} bad input file(s)")
        if self.cache_hits is not None:
            lines.append(f"cache       {self.cache_hits:>8,} reused, {self.cache_misses:,} parsed")
        lines.append(f"time        {self.seconds:>8.1f} s ({rate:,.0f} words/s)")
        workers = f", {self.workers} workers" if self.workers > 1 else ""
        lines.append(f"model {self.model}, extractor {self.extractor}{workers}")
        return "\n".join(lines)


PIPE_BATCH_SIZE = 32  # pieces per ``nlp.pipe`` batch

_END = -1  # offset of the empty piece that marks the end of a document


def _takes_offset(extract: Extractor) -> bool:
    """Whether ``extract`` takes ``offset=``, and so places its output in the document itself
    (see ``kg.extract``)."""
    try:
        return "offset" in inspect.signature(extract).parameters
    except (TypeError, ValueError):
        return False


def _entity_mentions(doc: Doc, offset: int) -> Iterator[Mention]:
    """Named-entity mentions (``offset`` added to their offsets); an organisation list the
    tagger ran together (``the Center for Constitutional Rights, Dratel & Lewis``) is split at
    its commas."""
    for ent in doc.ents:
        if not ent.text.strip() or ent.label_ in LITERAL_LABELS:
            continue
        pieces = [(ent.start_char + offset, ent.text)]
        if ent.label_ == "ORG" and ", " in ent.text:
            pieces, start = [], ent.start_char + offset
            for part in ent.text.split(", "):
                pieces.append((start, part))
                start += len(part) + 2
        for start, text in pieces:
            if text.strip():
                span = Span(start, start + len(text), text)
                yield Mention(span, ent.label_, span)


def _counts(doc: Doc) -> tuple[int, int]:
    """Sentences that are not blank, and words (tokens neither space nor punctuation)."""
    from spacy.attrs import IS_PUNCT, IS_SPACE

    sentences = sum(1 for s in doc.sents if any(not t.is_space for t in s))
    words = len(doc) - int(doc.to_array([IS_SPACE, IS_PUNCT]).any(axis=1).sum())
    return sentences, words


def process(
    documents: Iterable[Document],
    nlp: Language,
    extract: Extractor,
    *,
    batch_size: int = PIPE_BATCH_SIZE,
) -> Iterator[DocumentResult]:
    """Parse and extract every document, in input order, streaming."""
    queue: dict[int, Document] = {}

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, document in enumerate(documents):
            queue[index] = document
            for offset, piece in chunks(document.text):
                yield piece, (index, offset)
            yield "", (index, _END)

    placing: Callable[..., Iterable[Statement]] | None = (
        extract if _takes_offset(extract) else None)  # it moves its output itself
    statements: list[Statement] = []
    mentions: list[Mention] = []
    sentences = words = 0
    for doc, (index, offset) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if offset == _END:
            document = queue.pop(index)
            result = DocumentResult(document, tuple(statements), tuple(mentions), sentences, words)
            statements, mentions, sentences, words = [], [], 0, 0
            yield result
            continue
        doc_id = queue[index].id
        if placing is not None:
            statements.extend(placing(doc, doc_id, offset=offset))
        else:
            statements.extend(shifted(st, offset) for st in extract(doc, doc_id))
        mentions.extend(_entity_mentions(doc, offset))
        piece_sentences, piece_words = _counts(doc)
        sentences += piece_sentences
        words += piece_words

