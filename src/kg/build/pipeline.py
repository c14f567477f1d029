"""The build pipeline: documents → spaCy → extractor → per-document results.

Documents stream through ``nlp.pipe`` in chunks; each document's statements and named-entity
mentions come out as one frozen ``DocumentResult``, ready for resolution and the graph.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from kg.extract import Extractor
from kg.extract.referents import referents
from kg.extract.spans import LITERAL_LABELS, can_name, unpiped
from kg.model import Document, Mention, Span, Statement, shifted
from kg.model.results import DocumentResult, Referent
from kg.nlp.loader import chunks

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc



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
        if ent.label_ in LITERAL_LABELS or not can_name(ent.text):
            continue
        pieces = [(ent.start_char + offset, ent.text)]
        if ent.label_ == "ORG" and ", " in ent.text:
            pieces, start = [], ent.start_char + offset
            for part in ent.text.split(", "):
                pieces.append((start, part))
                start += len(part) + 2
        for start, text in pieces:
            if can_name(text):
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

    def pieces() -> Iterator[tuple[str, tuple[int, int, str]]]:
        for index, document in enumerate(documents):
            queue[index] = document
            for offset, piece in chunks(document.text):
                yield piece, (index, offset, piece)  # ``doc.text``, which spaCy rebuilds
            yield "", (index, _END, "")

    placing: Callable[..., Iterable[Statement]] | None = (
        extract if _takes_offset(extract) else None)  # it moves its output itself
    statements: list[Statement] = []
    mentions: list[Mention] = []
    found: list[Referent] = []
    sentences = words = 0
    for doc, (index, offset, text) in nlp.pipe(pieces(), as_tuples=True,
                                                batch_size=batch_size):
        if offset == _END:
            document = queue.pop(index)
            result = DocumentResult(document, tuple(statements), tuple(mentions), sentences, words,
                                    referents=tuple(found))
            statements, mentions, found, sentences, words = [], [], [], 0, 0
            yield result
            continue
        doc_id = queue[index].id
        unpiped(doc)
        if placing is not None:
            statements.extend(placing(doc, doc_id, offset=offset))
        else:
            statements.extend(shifted(st, offset) for st in extract(doc, doc_id))
        mentions.extend(_entity_mentions(doc, offset))
        found.extend(referents(doc, offset, text))
        piece_sentences, piece_words = _counts(doc)
        sentences += piece_sentences
        words += piece_words

