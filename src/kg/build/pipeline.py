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
from kg.model.results import DocumentResult, ParsedDocument, Referent
from kg.nlp.loader import chunks

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


PIPE_BATCH_SIZE = 32  # pieces per ``nlp.pipe`` batch

#: What a parse keeps on its way from a worker that only parses (``parse_only``): every
#: annotation extraction reads (``DocBin``'s own default, spelt out).
PARSE_ATTRS = ["ORTH", "NORM", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID",
               "ENT_ID", "LEMMA", "MORPH", "POS", "SENT_START"]

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


class _Gathered:
    """One document's statements, mentions, referents and counts, piece by piece."""

    def __init__(self, document: Document, extract: Extractor) -> None:
        self.document = document
        self.extract = extract
        self.placing: Callable[..., Iterable[Statement]] | None = (
            extract if _takes_offset(extract) else None)  # it moves its output itself
        self.statements: list[Statement] = []
        self.mentions: list[Mention] = []
        self.referents: list[Referent] = []
        self.sentences = self.words = 0

    def add(self, doc: Doc, offset: int, text: str) -> None:
        """The parse of the piece ``text`` at ``offset`` in the document."""
        unpiped(doc)
        if self.placing is not None:
            self.statements.extend(self.placing(doc, self.document.id, offset=offset))
        else:
            self.statements.extend(shifted(st, offset)
                                   for st in self.extract(doc, self.document.id))
        self.mentions.extend(_entity_mentions(doc, offset))
        self.referents.extend(referents(doc, offset, text))
        piece_sentences, piece_words = _counts(doc)
        self.sentences += piece_sentences
        self.words += piece_words

    def result(self) -> DocumentResult:
        return DocumentResult(self.document, tuple(self.statements), tuple(self.mentions),
                              self.sentences, self.words, referents=tuple(self.referents))


def _parses(documents: Iterable[Document], nlp: Language, batch_size: int,
            ) -> Iterator[tuple[Document, list[Doc]]]:
    """Each document with the parses of its pieces (``kg.nlp.loader.chunks``), in order,
    streaming through one ``nlp.pipe``."""
    queue: dict[int, Document] = {}

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, document in enumerate(documents):
            queue[index] = document
            for offset, piece in chunks(document.text):
                yield piece, (index, offset)
            yield "", (index, _END)

    docs: list[Doc] = []
    for doc, (index, offset) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if offset == _END:
            yield queue.pop(index), docs
            docs = []
        else:
            docs.append(doc)


def process(
    documents: Iterable[Document],
    nlp: Language,
    extract: Extractor,
    *,
    batch_size: int = PIPE_BATCH_SIZE,
) -> Iterator[DocumentResult]:
    """Parse and extract every document, in input order, streaming."""
    for document, docs in _parses(documents, nlp, batch_size):
        yield _extracted(document, docs, extract)


def _extracted(document: Document, docs: Iterable[Doc], extract: Extractor) -> DocumentResult:
    gathered = _Gathered(document, extract)
    for doc, (offset, text) in zip(docs, chunks(document.text), strict=True):
        gathered.add(doc, offset, text)  # ``doc.text`` is ``text``, which spaCy rebuilds
    return gathered.result()


def parse_only(
    documents: Iterable[Document],
    nlp: Language,
    *,
    batch_size: int = PIPE_BATCH_SIZE,
) -> Iterator[ParsedDocument]:
    """Parse every document, in input order, streaming; ``extract_parsed`` does the rest
    (a worker that only parses, while the build's own process extracts)."""
    from spacy.tokens import DocBin

    for document, docs in _parses(documents, nlp, batch_size):
        parses = DocBin(attrs=PARSE_ATTRS, store_user_data=False, docs=docs)
        yield ParsedDocument(document, parses.to_bytes())


def extract_parsed(parsed: ParsedDocument, nlp: Language, extract: Extractor) -> DocumentResult:
    """What ``process`` gives for ``parsed.document``, from its parses."""
    from spacy.tokens import DocBin

    docs = DocBin(attrs=PARSE_ATTRS).from_bytes(parsed.parses).get_docs(nlp.vocab)
    return _extracted(parsed.document, docs, extract)
