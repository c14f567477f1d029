"""Builds on a Dask cluster: the per-document work runs on the workers, the merge stays here.

``kg build --scheduler tcp://HOST:PORT`` (or ``kg.build(..., scheduler=...)``) connects to
an existing Dask scheduler; ``--scheduler local[:N]`` starts a ``LocalCluster`` of N worker
processes (default: one per core) for trying it out. ``DaskExecutor`` is a
``kg.build.executor.Executor``: the build's ``Scheduler`` sends it batches instead of to local
worker processes, and everything else — batching, the bounded number of batches in flight,
the per-document cache, merging in input order and the sinks — is the local build's own code,
so the output is byte-identical.

At the start the client compares its kg, spaCy and model versions (and the fingerprint of
the rendering code) with every worker's, and refuses to build on a mismatch, naming both.
Each worker loads the model once (``kg.build.dask_worker.Preload``). When every worker sees an
input folder's first file as the client does (the same path and size: shared storage), the
documents read from that folder go out as paths (``kg.build.dask_worker.Located``), not texts,
and the workers read them; cached documents are never sent (``run`` replays them here). A
worker that dies mid-build has its tasks rerun by Dask; a task that keeps killing workers, an
unreachable scheduler or a cluster with no workers is a one-line ``ClusterError``.

``dask`` and ``distributed`` are an extra (``pip install 'kg[dask]'``), imported only here.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import pickle
import re
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kg.errors import ClusterError, ConfigError, KGError

if TYPE_CHECKING:
    from kg.build.cache import ResultCache
    from kg.build.dask_worker import Located
    from kg.build.executor import Job, Output
    from kg.model import Document

CONNECT_TIMEOUT = 5.0  # seconds to reach the scheduler, and then to see a worker
#: Characters per task: a few seconds of work for one worker (~6,000 words), so Dask's
#: per-task cost (a few milliseconds) is lost in the noise.
BATCH_CHARS = 40_000
INSTALL_HINT = "pip install 'kg[dask]'"

_ADDRESS = re.compile(r"^(?:(tcp|tls|ws|wss|ucx)://)?([\w.\-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$")


def parse_scheduler(spec: str) -> tuple[str | None, int]:
    """``(address, 0)`` for a scheduler address, ``(None, N)`` for ``local[:N]``.

    >>> parse_scheduler("127.0.0.1:8786"), parse_scheduler("local:2")
    (('tcp://127.0.0.1:8786', 0), (None, 2))
    """
    text = spec.strip()
    if text == "local" or text.startswith("local:"):
        count = text.partition(":")[2] or str(os.cpu_count() or 1)
        if not count.isdigit() or int(count) < 1:
            raise ConfigError(f"bad scheduler {spec!r}: local:N needs a worker count N ≥ 1")
        return None, int(count)
    match = _ADDRESS.match(text)
    if match is None:
        raise ConfigError(f"bad scheduler {spec!r}; expected tcp://HOST:PORT, local or local:N")
    return f"{match.group(1) or 'tcp'}://{match.group(2)}:{match.group(3)}", 0


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError(
            f"a --scheduler build needs Dask, which is not installed: {INSTALL_HINT}") from None
    return distributed


def _local_cluster(distributed: Any, workers: int) -> Any:
    """A ``LocalCluster`` of ``workers`` one-thread worker processes on this machine.

    The workers are forked from this process where the platform can (as the local build's
    are, ``kg.build.local.default_start_method``), after it imported kg's worker side and
    spaCy, so they start without a fresh interpreter and the imports (~2 CPU s each when
    spawned); the statistical profiler, which samples every worker 100 times a second, is off.
    Frozen, the objects the workers inherit are never collected there (see ``LocalExecutor``).
    """
    import gc

    import dask
    import spacy  # noqa: F401  imported once here rather than in each worker

    from kg.build import dask_worker  # noqa: F401
    from kg.build.local import default_start_method

    settings = {"distributed.worker.multiprocessing-method": default_start_method(),
                "distributed.worker.profile.enabled": False}
    gc.freeze()
    try:
        with dask.config.set(settings):
            return distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, host="127.0.0.1")
    finally:
        gc.unfreeze()


class _Task:
    """A batch on the cluster: ``result()`` is its outputs (a one-line ``ClusterError`` when a
    document crashed and ``skip_bad`` is off, the task failed or kept killing workers)."""

    def __init__(self, future: Any, batch: list[Document], executor: DaskExecutor) -> None:
        self.future, self.batch, self.executor = future, batch, executor

    def done(self) -> bool:
        return bool(self.future.done())

    def result(self) -> list[Output]:
        from kg.model.results import FailedDocument

        distributed = _distributed()
        try:
            outputs: list[Any] = pickle.loads(self.future.result())
        except KGError:
            raise
        except distributed.KilledWorker:
            raise ClusterError(
                f"the batch of documents {self.batch[0].id!r} to {self.batch[-1].id!r} killed "
                "Dask workers again and again (out of memory?)") from None
        except (OSError, TimeoutError, distributed.comm.CommClosedError) as error:
            raise ClusterError(f"lost the Dask scheduler during the build: {error}") from None
        finally:
            self.future.release()
        for document, output in zip(self.batch, outputs, strict=True):
            if isinstance(output, FailedDocument):
                if not self.executor.skip_bad:
                    raise ClusterError(f"{output.describe()} (--skip-bad builds without it)")
            elif self.executor.client_cache is not None:
                self.executor.store(document, output)
        return outputs


class DaskExecutor:
    """Runs batches on a Dask cluster (``scheduler``: an address, ``local`` or ``local:N``).

    Connects to an address at once (so a bad one fails before any input is read); ``local``
    starts its cluster in ``start``, which checks versions and loads the model on every
    worker (``preload``: a build with nothing cached loads it here before a ``LocalCluster``
    forks its workers, which then share it). ``skip_bad``: a document that crashes on a
    worker comes back as a ``FailedDocument`` instead of stopping the build; ``html``: the
    ``read_documents`` mode the documents were read with (workers re-read web pages so).
    """

    separate = True

    def __init__(self, scheduler: str, *, skip_bad: bool = False, html: str = "article",
                 timeout: float = CONNECT_TIMEOUT, preload: bool = False) -> None:
        address, local_workers = parse_scheduler(scheduler)
        _distributed()
        self.skip_bad = skip_bad
        self.html = html  # how the documents' web pages were read, for workers reading them
        self.timeout = timeout
        self._preload = preload
        self.client_cache: ResultCache | None = None  # caching here: workers cannot
        self._job: Job | None = None
        self._cluster: Any = None
        self.client: Any = None
        self._keys = (f"kg-batch-{uuid.uuid4().hex[:8]}-{n}" for n in itertools.count())
        self._shared: dict[str, bool] = {}  # folder → whether the workers read its files
        self.expected: dict[str, str] = {}
        self._workers = local_workers
        self.address = address
        if address is not None:
            self._connect(address)

    def _connect(self, address: str) -> None:
        distributed = _distributed()
        try:
            self.client = distributed.Client(address, timeout=self.timeout,
                                             set_as_default=False)
        except (OSError, TimeoutError) as error:
            self.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {address} within "
                               f"{self.timeout:g} s ({error}); is `dask scheduler` running?"
                               ) from None
        try:
            self.client.wait_for_workers(1, timeout=self.timeout)
        except (OSError, TimeoutError):
            self.close()
            raise ClusterError(f"the Dask scheduler at {address} has no workers (waited "
                               f"{self.timeout:g} s); start some: dask worker {address}"
                               ) from None
        self._workers = max(int(sum(self.client.nthreads().values())), 1)

    def _start_local(self, job: Job) -> None:
        """Start the ``LocalCluster`` of ``local:N`` (``preload``: with the model loaded here
        first, so the forked workers share it, as the local build's do)."""
        if self._preload:
            from kg.build.executor import prepare
            from kg.build.local import default_start_method

            if default_start_method() == "fork":
                prepare(job)
        self._cluster = _local_cluster(_distributed(), self._workers)
        self.address = self._cluster.scheduler_address
        self._connect(self.address)

    @property
    def workers(self) -> int:
        """Batches the cluster runs at once (its worker threads when connected; ``N`` of
        ``local:N``)."""
        return self._workers

    def start(self, job: Job) -> None:
        """Refuse workers whose versions differ; load the model on each (``Preload``)."""
        from kg.build.dask_worker import Preload, skew, versions

        if job.cache_dir is not None:
            # as an absolute path: a relative one would name a folder under each worker's own
            # working directory, where this client never looks (no cache reuse on a re-run)
            job = dataclasses.replace(job, cache_dir=os.path.abspath(job.cache_dir))
        if self.client is None:
            self._start_local(job)
        self.expected = versions(job)
        for where, theirs in sorted(self.client.run(versions, job).items()):
            problem = skew(self.expected, theirs, where)
            if problem is not None:
                raise ClusterError(problem)
        if job.cache_dir is not None:
            folder = job.cache_dir
            if not self._workers_read_folder(folder):
                from kg.build.cache import ResultCache

                self.client_cache = ResultCache(folder, job.model, job.extractor)
                job = dataclasses.replace(job, cache_dir=None)
        self._job = job
        self.client.register_plugin(Preload(job))

    def _workers_read_folder(self, folder: str) -> bool:
        """Whether the workers see the cache ``folder`` this client writes (shared storage)."""
        from kg.build.dask_worker import readable

        os.makedirs(folder, exist_ok=True)
        probe = os.path.join(os.path.abspath(folder), f".kg-probe-{uuid.uuid4().hex}")
        with open(probe, "w", encoding="utf-8") as handle:
            handle.write(probe)
        try:
            return all(self.client.run(readable, probe, len(probe)).values())
        finally:
            os.unlink(probe)

    def store(self, document: Document, output: Output) -> None:
        """Cache ``output`` here, for workers that cannot write the cache folder."""
        from kg.model.results import DocumentResult, ParsedDocument

        assert self.client_cache is not None and self._job is not None
        if isinstance(output, DocumentResult):
            self.client_cache.put(output)
        elif self._job.base is not None and not isinstance(output, ParsedDocument):
            from kg.build.executor import render_key

            self.client_cache.put_triples(document, render_key(self._job.base,
                                                               self._job.ontology), output)

    def _workers_read(self, path: str) -> bool:
        """Whether every worker sees ``path`` as this client does (once per folder)."""
        folder = os.path.dirname(path)
        if folder not in self._shared:
            from kg.build.dask_worker import readable

            try:
                size = os.stat(path).st_size
            except OSError:
                self._shared[folder] = False
            else:
                self._shared[folder] = all(self.client.run(readable, path, size).values())
        return self._shared[folder]

    def _item(self, document: Document) -> Document | Located:
        """What goes to a worker for ``document``: its path if the workers can read it."""
        from kg.build.dask_worker import Located

        if document.source_path is None:
            return document
        path = os.path.abspath(document.source_path)
        if not self._workers_read(path):
            return document
        return Located(dataclasses.replace(document, text=""), path, document.content_hash,
                       self.html)

    def submit(self, batch: Sequence[Document]) -> _Task:
        from kg.build.dask_worker import run_job

        assert self._job is not None, "start() first"
        documents = list(batch)
        items = [self._item(document) for document in documents]
        future = self.client.submit(run_job, self._job, self.expected, items,
                                    key=next(self._keys), pure=False)
        return _Task(future, documents, self)

    def close(self) -> None:
        """Disconnect (and stop the ``LocalCluster`` this executor started)."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
