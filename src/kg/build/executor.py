"""The executor interface: how batches of documents are parsed, here or elsewhere.

A build hands an ``Executor`` its ``Job`` once (``start``), then batches of documents
(``submit``), and reads each batch's outputs back through the ``Pending`` it got, in the
order it chooses (``kg.build.scheduler`` keeps input order and skips cached documents:
an executor only ever sees documents that must be parsed). ``run_batch`` is what a worker does
with a batch, wherever it runs: engines call it (``kg.build.local`` in worker processes, a
Dask executor on its workers). See /work/notes/arch.md and docs/architecture.md.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeAlias

from kg.build.cache import ResultCache
from kg.build.pipeline import parse_only, process
from kg.enrich.lexicon import NO_ONTOLOGY, OntologyOptions
from kg.extract import Extractor, get_extractor
from kg.model import Document
from kg.model.results import DocumentResult, ParsedDocument
from kg.nlp.loader import load_model

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.enrich.lexicon import Lexicon
    from kg.rdf.emit import DocumentTriples

#: What a worker returns per document: its parse result, its triples (with ``Job.base``) or
#: only its parse (with ``Job.parse_only``).
Output: TypeAlias = "DocumentResult | DocumentTriples | ParsedDocument"


@dataclass(frozen=True, slots=True)
class Job:
    """What every worker needs to know, sent once per worker (a small, picklable value).

    ``base``: also resolve, normalise and render each result under this base IRI (``None``:
    parse and extract only); ``cache_dir``: store each result (and its rendering) in the
    ``ResultCache`` at this folder, which the workers must be able to write; ``ontology``:
    the user's vocabulary relations are normalised onto; ``parse_only``: only parse, and
    hand the parses back (``kg.build.pipeline.parse_only``) for the build's own process to
    extract from.
    """

    model: str
    extractor: str
    base: str | None = None
    cache_dir: str | None = None
    ontology: OntologyOptions = NO_ONTOLOGY
    parse_only: bool = False


def render_key(base: str, ontology: OntologyOptions) -> str:
    """What a document's cached triples depend on besides the code: the base IRI and the
    user's ontology."""
    return base + ontology.key()


class Pending(Protocol):
    """A submitted batch: ``result()`` waits for it and returns one output per document, in
    the batch's order (it raises ``KGError`` when the worker died)."""

    def done(self) -> bool: ...

    def result(self) -> list[Output]: ...


class Executor(Protocol):
    """Runs ``run_batch(job, batch)`` for each submitted batch, somewhere.

    ``workers``: how many batches it parses at once (the build keeps ``2 × workers`` in
    flight); ``separate``: whether they are parsed outside this process (this process is then
    free meanwhile, and with one worker it renders while the worker parses).
    """

    @property
    def workers(self) -> int: ...

    @property
    def separate(self) -> bool: ...

    def start(self, job: Job) -> None:
        """Get ready for ``job`` (start loading the model); called once, before ``submit``."""

    def submit(self, batch: Sequence[Document]) -> Pending:
        """Queue ``batch``; never blocks for long."""

    def close(self) -> None:
        """Wait for what was submitted, then release everything (stop idle workers now)."""


class _Stage:
    """A worker's state for one ``Job``: the model, the extractor and the ontology's lexicon."""

    def __init__(self, job: Job, extract: Extractor | None = None) -> None:
        self.job = job
        self.nlp: Language = load_model(job.model)
        self.extract = extract or get_extractor(job.extractor)
        self.cache = (None if job.cache_dir is None
                      else ResultCache(job.cache_dir, job.model, job.extractor))
        self.lex: Lexicon | None = None
        if job.base is not None:
            from kg.enrich.lexicon import lexicon
            from kg.entities.names import load_tables

            self.lex = lexicon().with_ontology(job.ontology)
            # read once here: workers forked from a process that prepared the job share them
            load_tables()

    def __call__(self, batch: Sequence[Document]) -> list[Output]:
        if self.job.parse_only:
            return list(parse_only(batch, self.nlp))
        results = process(batch, self.nlp, self.extract)
        base = self.job.base
        if base is None:
            if self.cache is None:
                return list(results)
            out: list[Output] = []
            for result in results:
                self.cache.put(result)
                out.append(result)
            return out
        from kg.rdf.emit import render

        rendered: list[Output] = []
        for result in results:
            triples = render(result, base, self.lex)
            if self.cache is not None:
                self.cache.put(result)
                self.cache.put_triples(result.document, render_key(base, self.job.ontology),
                                       triples)
            rendered.append(triples)
        return rendered


_stages: dict[Job, _Stage] = {}


def prepare(job: Job, extract: Extractor | None = None) -> None:
    """Load what ``job`` needs in this (worker) process, once; ``extract`` replaces the
    registered extractor (for one registered at run time in the parent process)."""
    if job not in _stages:
        _stages.clear()
        _stages[job] = _Stage(job, extract)
        gc.freeze()  # the model lives as long as the worker: keep the collector off it


def run_batch(job: Job, batch: Sequence[Document]) -> list[Output]:
    """A worker's job: each document of ``batch`` parsed (and rendered), in order."""
    prepare(job)
    return _stages[job](batch)
