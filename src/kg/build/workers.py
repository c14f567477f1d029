"""Parallel, streaming, cached extraction: documents in, ``DocumentResult`` values out, in order.

Documents are grouped into batches of about ``BATCH_CHARS`` characters. A pool of worker
processes — each loads the model once — parses the batches and sends back only the small,
picklable results (never spaCy ``Doc`` objects). With one worker that is still one separate
process, so this process renders while it parses (``KG_SEPARATE_SINGLE=0`` parses in-process).
Workers are forked where the platform allows (``KG_START_METHOD`` overrides). At most
``2 × workers`` batches are in flight, so memory stays flat however long the input. Workers
start one at a time, as batches need them; the first starts loading the model at once, while
this process replays what a ``ResultCache`` holds (so a re-run with one changed document does
not wait for the model after reading the rest), and is stopped unused when every document
turns out to be a hit. A worker pickles its batch's results itself, with a fast
reducer for each of kg's frozen dataclasses (``_dumps``).
"""

from __future__ import annotations

import copyreg
import gc
import io
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from kg.build.cache import ResultCache
from kg.errors import KGError
from kg.extract import Extractor, get_extractor
from kg.model import Document, Mention, Provenance, Relation, Span, Statement
from kg.nlp.loader import load_model
from kg.build.pipeline import process
from kg.model.results import DocumentResult

BATCH_CHARS = 20_000  # characters per batch sent to a worker (~3,000 words, ~1 s of parsing)
MIN_PARALLEL_BYTES = 256 * 1024  # below this much input, `workers=None` means one worker

#: Workers are forked where the platform can (no interpreter start or re-import of kg, as
#: spaCy's own ``n_process`` does), spawned elsewhere.
_START_METHOD = os.environ.get("KG_START_METHOD") or (
    "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")

_SEPARATE_SINGLE = os.environ.get("KG_SEPARATE_SINGLE", "1") == "1"

_worker: dict[str, Any] = {}


def default_workers(input_bytes: int | None = None) -> int:
    """All cores, except one worker for inputs too small to repay starting a pool."""
    if input_bytes is not None and input_bytes < MIN_PARALLEL_BYTES:
        return 1
    return os.cpu_count() or 1


class _Stage:
    """What a worker does to a batch: parse and extract; with ``base``, also store each
    result in ``cache`` and render it (``kg.rdf.light.render``) into a ``Fragment``."""

    def __init__(self, model: str, extractor: str, extract: Extractor | None = None,
                 base: str | None = None, cache: ResultCache | None = None) -> None:
        self.nlp = load_model(model)
        self.extract = extract or get_extractor(extractor)
        self.cache = cache
        self.renderer = None
        if base is not None:
            from kg.rdf.light import DocumentRenderer

            self.renderer = DocumentRenderer(base)

    def __call__(self, batch: list[Document]) -> list[Any]:
        results = process(batch, self.nlp, self.extract)
        if self.renderer is None:
            return list(results)
        from kg.rdf.light import render

        out = []
        for result in results:
            fragment = render(result, self.renderer)
            if self.cache is not None:
                self.cache.put(result)
                self.cache.put_fragment(result.document, str(self.renderer.base), fragment)
            out.append(fragment)
        return out


def _init_worker(model: str, extractor: str, extract: Extractor | None,
                 base: str | None = None, cache: ResultCache | None = None) -> None:
    _worker["stage"] = _Stage(model, extractor, extract, base, cache)
    gc.freeze()  # the model and modules live as long as the worker: keep the collector off them


def _reducer(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """``cls(*fields)``: what pickle stores for an instance of the dataclass ``cls``."""
    names = [f.name for f in fields(cls) if f.init]
    assert len(names) == len(fields(cls)) > 1  # attrgetter of several names gives a tuple
    get = attrgetter(*names)
    return lambda value: (cls, get(value))


#: Pickle's default for a frozen, slotted dataclass calls ``dataclasses.fields`` for every
#: object, each way; these reducers store the field values and call the class instead.
_REDUCERS = copyreg.dispatch_table | {
    cls: _reducer(cls)
    for cls in (Span, Mention, Relation, Provenance, Statement, Document, DocumentResult)}


def _dumps(value: Any) -> bytes:
    """``pickle.dumps(value)`` with ``_REDUCERS`` (``pickle.loads`` reads it back)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(value)
    return buffer.getvalue()


def _parse_batch(batch: list[Document]) -> bytes:
    """A worker's job: the batch's results, pickled (see ``_dumps``)."""
    return _dumps(_worker["stage"](batch))


def _ready() -> None:
    """Nothing: submitted to start the worker processes (and load the model) early."""


class _InProcess(Executor):
    """Parses batches at once in this process, loading the model on first use."""

    def __init__(self, model: str, extractor: str, base: str | None = None,
                 cache: ResultCache | None = None) -> None:
        self.model, self.extractor, self.base, self.cache = model, extractor, base, cache
        self._stage: _Stage | None = None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run a batch now (``fn`` is ``_parse_batch``, ``args`` its batch)."""
        future: Future[Any] = Future()
        try:
            if self._stage is None:
                self._stage = _Stage(self.model, self.extractor, base=self.base,
                                     cache=self.cache)
            future.set_result(self._stage(args[0]))
        except Exception as error:
            future.set_exception(error)
        return future


def _picklable(extract: Extractor) -> Extractor | None:
    try:
        pickle.dumps(extract)
    except Exception:
        return None
    return extract


class _Workers:
    """Up to ``count`` worker processes, each a one-process executor, started one at a time
    as batches need them (a fork-based process pool would start them all at once); one
    ``_InProcess`` executor when parsing stays in this process."""

    def __init__(self, model: str, extractor: str, count: int, base: str | None = None,
                 cache: ResultCache | None = None, separate: bool = False) -> None:
        self._args = (model, extractor, base, cache)
        self.in_process = count <= 1 and not ((base is not None or separate)
                                              and _SEPARATE_SINGLE)
        self._count = 1 if self.in_process else max(count, 1)
        self._executors: list[Executor] = []
        self._queued: list[list[Future[Any]]] = []  # each executor's unfinished batches
        self._used: list[bool] = []

    def start(self) -> None:
        """Start the first worker (it loads the model while nothing is asked of it)."""
        if not self._executors:
            self._add()

    def _add(self) -> None:
        model, extractor, base, cache = self._args
        executor: Executor
        if self.in_process:
            executor = _InProcess(model, extractor, base, cache)
        else:
            extract = _picklable(get_extractor(extractor))
            executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context(_START_METHOD),
                initializer=_init_worker, initargs=(model, extractor, extract, base, cache))
            executor.submit(_ready)
        self._executors.append(executor)
        self._queued.append([])
        self._used.append(False)

    def submit(self, batch: list[Document]) -> Future[Any]:
        """Send ``batch`` to the least busy worker, starting another if all are busy."""
        self.start()
        for i, queued in enumerate(self._queued):
            self._queued[i] = [f for f in queued if not f.done()]
        i = min(range(len(self._queued)), key=lambda k: len(self._queued[k]))
        if self._queued[i] and len(self._executors) < self._count:
            self._add()
            i = len(self._executors) - 1
        future = self._executors[i].submit(_parse_batch, batch)
        self._queued[i].append(future)
        self._used[i] = True
        return future

    def close(self) -> None:
        """Wait for the workers that got batches; stop the others without waiting."""
        for executor, used in zip(self._executors, self._used, strict=True):
            if used:
                executor.shutdown(wait=True, cancel_futures=True)
                continue
            processes = list((getattr(executor, "_processes", None) or {}).values())
            executor.shutdown(wait=False, cancel_futures=True)
            for worker in processes:
                worker.terminate()
                worker.join()


@dataclass
class _Batch:
    documents: list[Document] = field(default_factory=list)
    chars: int = 0
    future: Future[Any] | None = None  # the results: a list, or a worker's pickled list
    results: list[Any] | None = None

    def result(self, index: int) -> Any:
        """The result of document ``index`` (waits for the batch; unpickles it once)."""
        if self.results is None:
            assert self.future is not None
            value = self.future.result()
            self.results = pickle.loads(value) if isinstance(value, bytes) else value
        return self.results[index]


def run(
    documents: Iterable[Document],
    *,
    model: str,
    extractor: str,
    workers: int = 1,
    cache: ResultCache | None = None,
    batch_chars: int = BATCH_CHARS,
    render_base: str | None = None,
    while_waiting: Callable[[], None] | None = None,
) -> Iterator[Any]:
    """Yield each document's result in input order (see the module docstring).

    With ``render_base``, the workers also resolve, normalise and render each document and
    ``run`` yields ``kg.rdf.light.Fragment`` values instead. A document whose rendered
    fragment is cached costs one file read; one whose parse result alone is cached is
    rendered here (and its fragment cached). ``while_waiting`` is called once, the first
    time this process would wait for a worker (to do work it will need later meanwhile).
    """
    renderer: Any = None
    # With one worker this process would only wait, so it renders while the worker parses
    # (and stores the parse results); with more, the workers render too.
    render_here = render_base is not None and workers <= 1 and _SEPARATE_SINGLE
    pool = _Workers(model, extractor, workers, None if render_here else render_base,
                    None if render_here else cache, separate=render_base is not None)
    # Each slot is a finished result, or (batch, index) for one whose batch is being parsed.
    slots: deque[Any] = deque()  # a DocumentResult, a Fragment or (batch, index)
    open_batch = _Batch()
    in_flight: deque[_Batch] = deque()
    max_in_flight = 2 * max(workers, 1)

    def submit() -> None:
        nonlocal open_batch
        if not open_batch.documents:
            return
        open_batch.future = pool.submit(open_batch.documents)
        in_flight.append(open_batch)
        open_batch = _Batch()

    def render_result(result: DocumentResult) -> Any:
        nonlocal renderer
        from kg.rdf.light import DocumentRenderer, render

        assert render_base is not None
        if renderer is None:
            renderer = DocumentRenderer(render_base)
        fragment = render(result, renderer)
        if cache is not None:
            cache.put_fragment(result.document, render_base, fragment)
        return fragment

    def pop() -> Any:
        slot = slots.popleft()
        if isinstance(slot, DocumentResult):
            return slot if render_base is None else render_result(slot)
        if not isinstance(slot, tuple):
            return slot  # a cached Fragment
        batch, index = slot
        nonlocal while_waiting
        if batch.future is None:
            submit()
        assert batch.future is not None
        if while_waiting is not None and not batch.future.done():
            idle, while_waiting = while_waiting, None
            idle()
        try:
            result = batch.result(index)
        except BrokenProcessPool:
            raise KGError("a parsing worker process died (out of memory?); "
                          "try fewer workers, e.g. --workers 1") from None
        if index == len(batch.documents) - 1:
            in_flight.remove(batch)
            batch.documents.clear()
            batch.results = None
        if cache is not None and (render_base is None or render_here):
            cache.put(result)
        return render_result(result) if render_here else result

    try:
        pool.start()
        for document in documents:
            hit: Any = None
            if cache is not None:
                if render_base is not None:
                    hit = cache.get_fragment(document, render_base)
                if hit is None:
                    hit = cache.get(document)
            if hit is not None:
                slots.append(hit)
            else:
                slots.append((open_batch, len(open_batch.documents)))
                open_batch.documents.append(document)
                open_batch.chars += len(document.text)
                if open_batch.chars >= batch_chars:
                    submit()
            while len(in_flight) >= max_in_flight or len(slots) > 64 * max_in_flight:
                yield pop()
            while slots and not isinstance(slots[0], tuple):
                yield pop()
        submit()  # the last, partly filled batch: its worker need not wait for this process
        while slots:
            yield pop()
    finally:
        pool.close()
