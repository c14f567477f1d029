"""Executors on this machine: worker processes (the default) and this process itself.

``LocalExecutor`` runs up to ``workers`` processes, each a one-process pool that loads the
model once. They start one at a time, as batches need them: the first starts loading the model
at once (while the build replays its cache), and one that got no batch is stopped without
waiting for it, so a re-run with everything cached does not wait for a model it never uses.
A build that will parse everything (``preload``: no cache to replay) loads the model here
instead, before the first fork: every worker shares it, ready at once, as with spaCy's own
``n_process``.
A worker pickles its batch's outputs itself, with a fast reducer for each of kg's frozen
dataclasses (``dumps``). ``InProcessExecutor`` parses in this process (debugging, profiling).

Workers never outlive the build. A worker ignores SIGINT (Ctrl-C reaches the whole process
group; the build stops its workers itself) and dies of SIGTERM; it dies with its parent,
however the parent dies (SIGKILL, the OOM killer): ``PR_SET_PDEATHSIG`` on Linux, and
everywhere a thread that watches the parent's process id. A build that stops early (an error,
an interrupt) stops its workers at once instead of waiting for their batches.
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import io
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from kg.build.executor import Job, Output, Pending, prepare, run_batch
from kg.errors import KGError
from kg.extract import Extractor, get_extractor
from kg.model import Document, Mention, Provenance, Relation, Span, Statement
from kg.model.results import DocumentResult, MentionRecord, ParsedDocument, Referent
from kg.signals import die_with_parent

MIN_PARALLEL_BYTES = 256 * 1024  # below this much input, `workers=None` means one worker
PARENT_POLL = 0.5  # seconds between a worker's checks that its parent is alive
_parent_death_signal = True  # PR_SET_PDEATHSIG where there is one (a test turns it off)


def default_workers(input_bytes: int | None = None) -> int:
    """All cores, except one worker for inputs too small to repay starting a pool."""
    if input_bytes is not None and input_bytes < MIN_PARALLEL_BYTES:
        return 1
    return os.cpu_count() or 1


def default_start_method() -> str:
    """Fork where the platform can (no interpreter start or re-import of kg, as spaCy's own
    ``n_process`` does), spawn elsewhere."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


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
    for cls in (Span, Mention, Relation, Provenance, Statement, Document, DocumentResult,
                Referent, MentionRecord, ParsedDocument)}


def dumps(value: Any) -> bytes:
    """``pickle.dumps(value)`` with ``_REDUCERS`` (``pickle.loads`` reads it back)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(value)
    return buffer.getvalue()


# What runs in a worker process. The pool's initializer only records the job, so the worker
# answers ``_pid`` at once (its parent can then stop it); ``_warm`` loads the model.
_setup: list[tuple[Job, Extractor | None]] = []


#: Signals held back in the parent while a worker is forked.
_HELD = frozenset({signal.SIGINT, signal.SIGTERM})


def _init_worker(job: Job, extract: Extractor | None, parent: int | None) -> None:
    """``parent``: the build's process id, when it is this worker's parent (fork, spawn; not
    forkserver, whose server process is)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not kg's handler, inherited by fork
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # blocked by the parent around the fork
    _exit_with_parent(os.getppid() if parent is None else parent)
    _setup[:] = [(job, extract)]


def _exit_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends (see the module docstring)."""
    if _parent_death_signal:
        die_with_parent()
    if os.getppid() != parent:  # gone already, before the line above
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="kg-watch-parent",
                     daemon=True).start()


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(PARENT_POLL)
        if os.getppid() != parent:
            os._exit(1)


def _pid() -> int:
    return os.getpid()


def _warm() -> None:
    prepare(*_setup[0])


def _run_pickled(batch: Sequence[Document]) -> bytes:
    _warm()
    return dumps(run_batch(_setup[0][0], batch))


def _picklable(extract: Extractor) -> Extractor | None:
    try:
        pickle.dumps(extract)
    except Exception:
        return None
    return extract


@dataclass(slots=True)
class _FromWorker:
    """A batch sent to a worker process; its outputs come back pickled."""

    future: Future[bytes]

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> list[Output]:
        try:
            data = self.future.result()
        except BrokenProcessPool:
            raise KGError("a parsing worker process died (out of memory?); "
                          "try fewer workers, e.g. --workers 1") from None
        outputs: list[Output] = pickle.loads(data)
        return outputs


@dataclass(slots=True)
class _Worker:
    """One worker process (a one-process pool) and its unfinished batches."""

    pool: ProcessPoolExecutor
    pid: Future[int]
    queued: list[Future[bytes]] = field(default_factory=list)
    used: bool = False

    def busy(self) -> int:
        self.queued = [f for f in self.queued if not f.done()]
        return len(self.queued)

    def stop(self) -> None:
        """Stop it at once if it got no batch (it may still be loading the model, which is
        not needed) or if some of its batches were not read (the build stopped early);
        otherwise let it end by itself."""
        if (not self.used or self.busy()) and not (self.pid.done() and self.pid.exception()):
            with contextlib.suppress(ProcessLookupError):  # it died meanwhile
                os.kill(self.pid.result(), signal.SIGTERM)
        self.pool.shutdown(wait=True, cancel_futures=True)


class LocalExecutor:
    """Up to ``workers`` worker processes on this machine (see the module docstring)."""

    separate = True

    def __init__(self, workers: int = 1, start_method: str | None = None, *,
                 preload: bool = False) -> None:
        self._workers = max(workers, 1)
        self._context = multiprocessing.get_context(start_method or default_start_method())
        self._preload = preload and self._context.get_start_method() == "fork"
        self._job: Job | None = None
        self._extract: Extractor | None = None
        self._running: list[_Worker] = []

    @property
    def workers(self) -> int:
        return self._workers

    def start(self, job: Job) -> None:
        self._job = job
        self._extract = _picklable(get_extractor(job.extractor))
        if self._preload:  # forked workers share this process's model, as spaCy's n_process
            prepare(job, self._extract)
        if not self._running:
            self._add()

    def _add(self) -> _Worker:
        assert self._job is not None, "start() first"
        parent = None if self._context.get_start_method() == "forkserver" else os.getpid()
        pool = ProcessPoolExecutor(max_workers=1, mp_context=self._context,
                                   initializer=_init_worker,
                                   initargs=(self._job, self._extract, parent))
        # The first submit forks the worker. Frozen, the objects it inherits are never
        # collected there: a forked child that garbage-collects the parent's on-disk Oxigraph
        # store (RocksDB, whose threads did not survive the fork) aborts the process.
        # SIGINT/SIGTERM are held while forking: a Ctrl-C to the process group landing in the
        # child before its initializer ignores it printed a KeyboardInterrupt traceback from
        # the fork handlers; the child unblocks them once its handlers are set.
        gc.freeze()
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            worker = _Worker(pool, pool.submit(_pid))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            gc.unfreeze()
        pool.submit(_warm)
        self._running.append(worker)
        return worker

    def submit(self, batch: Sequence[Document]) -> Pending:
        """Send ``batch`` to the least busy worker, starting another if all are busy."""
        worker = min(self._running, key=_Worker.busy) if self._running else self._add()
        if worker.busy() and len(self._running) < self._workers:
            worker = self._add()
        future = worker.pool.submit(_run_pickled, list(batch))
        worker.queued.append(future)
        worker.used = True
        return _FromWorker(future)

    def close(self) -> None:
        for worker in self._running:
            worker.stop()
        self._running = []


@dataclass(slots=True)
class _Done:
    """A batch parsed already (or its error)."""

    outputs: list[Output] | None
    error: Exception | None = None

    def done(self) -> bool:
        return True

    def result(self) -> list[Output]:
        if self.error is not None:
            raise self.error
        assert self.outputs is not None
        return self.outputs


class InProcessExecutor:
    """Parses each batch when it is submitted, in this process."""

    workers = 1
    separate = False

    def __init__(self) -> None:
        self._job: Job | None = None

    def start(self, job: Job) -> None:
        self._job = job  # the model loads with the first batch

    def submit(self, batch: Sequence[Document]) -> Pending:
        assert self._job is not None, "start() first"
        try:
            return _Done(run_batch(self._job, batch))
        except Exception as error:
            return _Done(None, error)

    def close(self) -> None:
        pass
