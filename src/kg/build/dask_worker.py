"""The worker side of a build on a Dask cluster (``kg build --scheduler``).

Imported on each Dask worker (and by the client, to register ``Preload`` and read results):
it needs ``distributed``, so nothing else in kg imports it unless a scheduler is asked for.

A worker process prepares the build's ``Job`` (the spaCy model, the extractor and the
renderer: ``kg.build.executor.prepare``) once for its whole life: ``Preload`` does it when the
worker joins the cluster, and ``run_job`` — one task per batch of documents — reuses it, so
the model loads once per worker, never once per task. Tasks run under a lock, as spaCy
pipelines are not safe to share between threads (run workers with ``--nthreads 1`` and more
processes instead).

Documents read from files that the workers can read too (shared storage: the client checks
at the start) travel as ``Located`` values — the document without its text, the file's path
and the text's hash — and the worker reads the text itself (``read_located``), so the
client sends paths, not texts.

``run_job`` returns the batch's outputs pickled (``kg.build.local.dumps``). A document that
makes the work raise is found by re-running the batch one document at a time, and comes back
as a ``FailedDocument`` in its place, with its id, so the client can report it.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

from kg.build.cache import _model_version, pipeline_version, render_version
from kg.build.executor import Job, Output, prepare, render_key, run_batch
from kg.build.local import dumps
from kg.errors import ClusterError, KGError
from kg.ingest.files import read_file
from kg.model import Document
from kg.model.results import FailedDocument
from kg.version import __version__

_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Located:
    """A document the worker reads from ``path`` itself: ``document`` is it without its text
    (``""``), ``content_hash`` the text's (``Document.content_hash``)."""

    document: Document
    path: str  # absolute, as the workers see the shared storage
    content_hash: str
    html: str = "article"  # how the client read web pages (``read_documents(html=)``)


def readable(path: str, size: int) -> bool:
    """Whether this worker sees ``path`` with ``size`` bytes (the client's shared-storage check)."""
    try:
        return os.stat(path).st_size == size
    except OSError:
        return False


class _Cursors:
    """The documents of the files a worker reads, each file read forward from where the last
    request stopped (the client sends a file's documents in order), so reading a shard costs
    one pass, not one per batch. A few files stay open at once."""

    def __init__(self, keep: int = 4) -> None:
        self.keep = keep
        self.open: OrderedDict[str, Iterator[Document]] = OrderedDict()

    def _scan(self, located: Located) -> Iterator[Document]:
        file = Path(located.path)
        # bad JSONL lines are passed over, as the client did (or it would have stopped)
        return read_file(file, file.parent, [], html=located.html)

    def text(self, located: Located) -> str:
        for restart in (False, True):
            documents = self.open.pop(located.path, None)
            if documents is None or restart:
                documents = self._scan(located)
            self.open[located.path] = documents
            while len(self.open) > self.keep:
                self.open.popitem(last=False)
            for document in documents:
                if document.content_hash == located.content_hash:
                    return document.text
            self.open.pop(located.path, None)
        raise ClusterError(f"{located.path}: document {located.document.id!r} is not in it "
                           "as the client read it (did the file change during the build?)")


_cursors = _Cursors()


def read_located(item: Document | Located) -> Document:
    """The document ``item`` stands for, its text read from shared storage if need be."""
    if isinstance(item, Document):
        return item
    try:
        text = _cursors.text(item)
    except ClusterError:
        raise
    except (KGError, OSError) as error:
        raise ClusterError(f"a Dask worker cannot read {item.path}: {error}") from None
    return dataclasses.replace(item.document, text=text)


def versions(job: Job) -> dict[str, str]:
    """What must match between the client and every worker, by name: kg, spaCy, the model,
    and the fingerprint of the code and data that shape a document's output."""
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:  # pragma: no cover
        spacy_version = "not installed"
    fingerprint = (pipeline_version(job.model, job.extractor) if job.base is None else
                   render_version(job.model, job.extractor, render_key(job.base, job.ontology)))
    return {"kg": __version__, "spaCy": spacy_version,
            "model": f"{job.model} {_model_version(job.model)}", "pipeline": fingerprint}


def skew(here: dict[str, str], there: dict[str, str], where: str) -> str | None:
    """A one-line description of the first difference between two ``versions``, or None."""
    for name, value in here.items():
        other = there.get(name, "missing")
        if other != value:
            return (f"version skew: {name} {value} on this client but {other} on Dask worker "
                    f"{where}; install the same kg, spaCy and model on both")
    return None


class Preload(WorkerPlugin):  # type: ignore[misc]
    """Loads the model into each worker as it joins the cluster (now and later)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.name = "kg-preload"  # a new build's plugin replaces the last one's

    def setup(self, worker: Any) -> None:
        with _lock:
            prepare(self.job)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def run_job(job: Job, expected: dict[str, str], items: list[Document | Located]) -> bytes:
    """A task: the batch's outputs (a ``FailedDocument`` for each that raised), pickled.

    Refuses to run (``ClusterError``) on a worker whose ``versions`` differ from ``expected``,
    the client's, so a worker that joined after the start-up check cannot skew the output.
    """
    problem = skew(expected, versions(job), "(this one)")
    if problem is not None:
        raise ClusterError(problem)
    documents = [read_located(item) for item in items]
    with _lock:
        try:
            outputs: list[Output | FailedDocument] = list(run_batch(job, documents))
        except Exception:
            outputs = []
            for document in documents:  # find the document(s) that raise
                try:
                    outputs.extend(run_batch(job, [document]))
                except Exception as error:
                    outputs.append(FailedDocument(document.id, _one_line(error)))
    return dumps(outputs)
