"""Streaming, cached, ordered parsing: documents in, one output per document out, in order.

Documents are grouped into batches of about ``batch_chars`` characters and handed to an
``Executor``; a document whose output is cached never reaches it. At most ``2 × workers``
batches are in flight and at most ``MAX_HELD`` documents wait behind the oldest unfinished
batch, so memory stays flat however long the input. With a single worker in another process,
the worker only parses, and this process extracts from each parse and turns the result into
triples (``kg.rdf.emit``) while the worker parses the next.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from kg.build.cache import ResultCache
from kg.build.executor import Executor, Job, Output, Pending, render_key
from kg.enrich.lexicon import NO_ONTOLOGY, Lexicon, OntologyOptions
from kg.model import Document
from kg.model.results import DocumentResult, ParsedDocument

#: Documents held (parsed or found in the cache, not yet yielded) behind the oldest unfinished
#: batch before the build waits for it: a long run of cache hits after a slow batch is read
#: this far ahead, no further.
MAX_HELD = 4096


@dataclass(eq=False, slots=True)
class _Batch:
    """Documents parsed together, or one document found in the cache (``outputs`` known)."""

    documents: list[Document]
    chars: int = 0
    pending: Pending | None = None
    outputs: list[Output] | None = None

    def done(self) -> bool:
        return self.outputs is not None or (self.pending is not None and self.pending.done())


@dataclass(frozen=True, slots=True)
class _Slot:
    """A document's place in the output: its batch and its position there."""

    batch: _Batch
    index: int

    def last(self) -> bool:
        return self.index == len(self.batch.documents) - 1


class Scheduler:
    """Yields one ``Output`` per document, in input order (``run``; see the module docstring).

    ``base``: outputs are each document's triples under this base IRI
    (``kg.rdf.emit.DocumentTriples``); ``None``: parse results (``DocumentResult``).
    ``while_waiting`` is called once, the first time this process would wait for a worker (to
    do work it will need later meanwhile).
    """

    def __init__(self, executor: Executor, *, model: str, extractor: str,
                 base: str | None = None, cache: ResultCache | None = None,
                 batch_chars: int = 20_000,
                 while_waiting: Callable[[], None] | None = None,
                 ontology: OntologyOptions = NO_ONTOLOGY) -> None:
        self.executor = executor
        self.base = base
        self.ontology = ontology
        self.render_key = render_key(base or "", ontology)
        self._lexicon: Lexicon | None = None
        self.cache = cache
        self.batch_chars = batch_chars
        self.while_waiting = while_waiting
        self._waited = False
        # One worker elsewhere: it only parses, and this process extracts and renders meanwhile.
        self.render_here = base is not None and executor.separate and executor.workers <= 1
        self.job = Job(model, extractor, None if self.render_here else base,
                       None if cache is None or self.render_here else str(cache.root),
                       ontology, parse_only=self.render_here)
        self.in_flight = 2 * max(executor.workers, 1)
        self._slots: deque[_Slot] = deque()
        self._open = _Batch([])
        self._submitted: deque[_Batch] = deque()

    def run(self, documents: Iterable[Document]) -> Iterator[Output]:
        self.executor.start(self.job)
        try:
            for document in documents:
                self._add(document)
                while (len(self._submitted) >= self.in_flight
                       or len(self._slots) > MAX_HELD):
                    yield self._pop()
                while self._slots and self._slots[0].batch.done():
                    yield self._pop()
            self._submit()  # the last, partly filled batch
            while self._slots:
                yield self._pop()
        finally:
            self.executor.close()

    def _add(self, document: Document) -> None:
        hit = self._cached(document)
        if hit is not None:
            self._slots.append(_Slot(_Batch([document], outputs=[hit]), 0))
            if self._open.documents and len(self._submitted) < max(self.executor.workers, 1):
                self._submit()  # a worker is idle: parse what waits, not after the cache hits
            return
        batch = self._open
        self._slots.append(_Slot(batch, len(batch.documents)))
        batch.documents.append(document)
        batch.chars += len(document.text)
        if batch.chars >= self.batch_chars:
            self._submit()

    def _cached(self, document: Document) -> Output | None:
        if self.cache is None:
            return None
        if self.base is not None:
            triples = self.cache.get_triples(document, self.render_key)
            if triples is not None:
                return triples
        result = self.cache.get(document)
        return None if result is None else self._finish(result)

    def _submit(self) -> None:
        batch = self._open
        if batch.documents:
            batch.pending = self.executor.submit(batch.documents)
            self._submitted.append(batch)
            self._open = _Batch([])

    def _pop(self) -> Output:
        slot = self._slots.popleft()
        batch = slot.batch
        if batch.outputs is None:
            if batch.pending is None:
                self._submit()  # the open batch: send it now rather than wait for more
            assert batch.pending is not None
            if not self._waited and not batch.pending.done():
                self._waited = True
                self._meanwhile()
            batch.outputs = batch.pending.result()
            if self.render_here:
                batch.outputs = [self._finish(out, parsed=True) for out in batch.outputs]
            self._submitted.remove(batch)
        output = batch.outputs[slot.index]
        if slot.last():
            batch.documents.clear()
            batch.outputs = []
        return output

    def _finish(self, output: Output, parsed: bool = False) -> Output:
        """A parse result made into the build's output: extracted (from a worker that only
        parsed), cached (if parsed here), emitted."""
        if isinstance(output, ParsedDocument):
            output = self._extract(output)
        if not isinstance(output, DocumentResult) or self.base is None:
            return output
        from kg.rdf.emit import render

        if self.cache is not None and parsed:
            self.cache.put(output)
        triples = render(output, self.base, self.lexicon())
        if self.cache is not None:
            self.cache.put_triples(output.document, self.render_key, triples)
        return triples

    def _meanwhile(self) -> None:
        """What this process does the first time it waits for a worker: ``while_waiting``,
        and the model that extraction here needs (already loaded when the workers were forked
        from this process), while the worker loads its own."""
        if self.while_waiting is not None:
            self.while_waiting()
        if self.job.parse_only:
            from kg.nlp.loader import load_model

            load_model(self.job.model)

    def _extract(self, parsed: ParsedDocument) -> DocumentResult:
        from kg.build.pipeline import extract_parsed
        from kg.extract import get_extractor
        from kg.nlp.loader import load_model

        return extract_parsed(parsed, load_model(self.job.model),
                              get_extractor(self.job.extractor))

    def lexicon(self) -> Lexicon:
        """The ontology's lexicon with the user's vocabulary (loaded once)."""
        if self._lexicon is None:
            from kg.enrich.lexicon import lexicon

            self._lexicon = lexicon().with_ontology(self.ontology)
        return self._lexicon
