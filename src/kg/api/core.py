"""The Python API: the same operations as the ``kg`` command.

>>> import kg
>>> graph = kg.build(["examples/"])                                # doctest: +SKIP
>>> print(graph.report.summary())                                  # doctest: +SKIP
>>> graph.save("out/graph.ttl")                                    # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pyoxigraph as ox

from kg.api.graph import HTML_FILE, KnowledgeGraph
from kg.build.cache import ResultCache
from kg.build.executor import Executor
from kg.build.local import LocalExecutor, default_workers
from kg.build.options import BATCH_CHARS, BuildOptions
from kg.build.scheduler import Scheduler
from kg.enrich.lexicon import lexicon
from kg.errors import GraphError, InputError
from kg.extract import get_extractor
from kg.fsutil import TEMPORARY, atomic_together, sweep_files, sweep_temporaries
from kg.ingest.files import IngestReport, count_documents, find_files, read_documents
from kg.model import Document
from kg.model.results import BuildReport, FailedDocument
from kg.nlp.loader import check_model
from kg.rdf.assemble import Assembly
from kg.rdf.built import BuiltGraph
from kg.rdf.files import GRAPH_FILE
from kg.rdf.iris import prefixes
from kg.rdf.sinks import MEMORY_FLUSH_TRIPLES, GraphSink, StoreSink
from kg.rdf.validate import DISK_NT_BYTES
from kg.store.oxigraph import store_path
from kg.store.staged import StagedStore

if TYPE_CHECKING:
    from kg.rdf.emit import DocumentTriples
    from kg.rdf.validate import ValidationReport

_T = TypeVar("_T")


def _shows_progress(enabled: bool | None) -> bool:
    """Whether a build shows a progress bar (``enabled=None``: only on a terminal)."""
    return sys.stderr.isatty() if enabled is None else enabled


def _progress(items: Iterator[_T], total: int, enabled: bool | None) -> Iterator[_T]:
    """Wrap ``items`` in a progress bar of documents (see ``_shows_progress``). ``total``:
    how many to expect (``0``: unknown); a count that proves short becomes unknown, so the
    bar never reads more done than there are."""
    if not _shows_progress(enabled):
        yield from items
        return
    from tqdm import tqdm

    with tqdm(total=total or None, unit="doc", desc="building", file=sys.stderr) as bar:
        for item in items:
            if bar.total is not None and bar.n >= bar.total:
                bar.total = None
            bar.update(1)
            yield item


def _options(options: BuildOptions | None, changes: dict[str, Any]) -> BuildOptions:
    """``options`` (or the defaults) with the keyword ``changes`` applied."""
    base = options or BuildOptions()
    return dataclasses.replace(base, **changes) if changes else base


def _engine(opts: BuildOptions, fresh: bool) -> tuple[Executor, int]:
    """The build's executor and batch size: ``opts.executor``, a Dask cluster for
    ``opts.scheduler`` (batches of ``kg.build.cluster.BATCH_CHARS`` unless ``batch_chars`` was
    set), or local worker processes (``fresh``: nothing cached, every document is parsed, so
    local workers, and a ``LocalCluster``'s, share a model loaded here)."""
    if opts.executor is not None:
        return opts.executor, opts.batch_chars
    if opts.scheduler is not None:
        from kg.build import cluster

        chars = cluster.BATCH_CHARS if opts.batch_chars == BATCH_CHARS else opts.batch_chars
        executor = cluster.DaskExecutor(opts.scheduler, skip_bad=opts.skip_bad, html=opts.html,
                                        preload=fresh)
        return executor, chars
    return LocalExecutor(opts.workers or default_workers(), opts.start_method,
                         preload=fresh), opts.batch_chars


def _without_failed(outputs: Iterator[Any], report: BuildReport) -> Iterator[Any]:
    """``outputs`` without the documents that crashed on a worker (``skip_bad``), which go
    into ``report.skipped``."""
    for output in outputs:
        if isinstance(output, FailedDocument):
            report.skipped.append(output.describe())
        else:
            yield output


def build(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    options: BuildOptions | None = None,
    **changes: Any,
) -> KnowledgeGraph:
    """Build a knowledge graph from files and folders (``.txt``, ``.md``, ``.html``, ``.pdf``,
    ``.docx``, ``.jsonl``).

    ``options`` (a ``BuildOptions``) says how; keywords change single fields of it
    (``kg.build(paths, workers=2)``). Raises ``InputError`` for an unreadable input (unless
    ``skip_bad``), ``ConfigError`` for an unknown model or extractor and ``OntologyError`` for
    a bad ontology file. The build report is on ``graph.report``.
    """
    graph, staged = _build(paths, _options(options, changes))
    if staged is not None:
        staged.commit()
    return graph


def _build(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
           opts: BuildOptions) -> tuple[KnowledgeGraph, StagedStore | None]:
    """``build``, with a ``--store`` build's new store not yet swapped in."""
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files = [Path(p) for p in paths]
    get_extractor(opts.extractor)  # fail on a bad name before reading anything
    lexicon().with_ontology(opts.ontology)  # and on a bad ontology file
    found = list(find_files(files))
    if opts.workers is None:
        opts = dataclasses.replace(
            opts, workers=default_workers(sum(f.stat().st_size for f, _ in found)))
    ingest = IngestReport()
    documents = read_documents(files, skip_bad=opts.skip_bad, report=ingest, html=opts.html)
    total = count_documents(found) if _shows_progress(opts.progress) else 0
    graph, staged = _build_documents(documents, opts, total=total,
                                     source=", ".join(map(str, files)))
    assert graph.report is not None
    graph.report.skipped = [*ingest.skipped, *graph.report.skipped]
    return graph, staged


def build_documents(
    documents: Iterable[Document],
    options: BuildOptions | None = None,
    *,
    total: int = 0,
    source: str = "input",
    **changes: Any,
) -> KnowledgeGraph:
    """Build a graph from ``Document`` values (text that is not in files); options as ``build``
    (``total``: how many documents to expect, for the progress bar, ``0`` if unknown;
    ``source``: what to name in the error when there are none).

    >>> doc = Document("note", "The court denied the request.")
    >>> len(build_documents([doc]).statements())
    1
    """
    graph, staged = _build_documents(documents, _options(options, changes), total=total,
                                     source=source)
    if staged is not None:
        staged.commit()
    return graph


def _build_documents(documents: Iterable[Document], opts: BuildOptions, *, total: int,
                     source: str) -> tuple[KnowledgeGraph, StagedStore | None]:
    """``build_documents``, with a ``--store`` build's new store not yet swapped in (it is
    removed again if the build fails or is interrupted)."""
    path = None if opts.store is None else store_path(opts.store) or Path(opts.store)
    staged = None if path is None else StagedStore(path)
    try:
        return _build_into(documents, opts, total, source, staged), staged
    except BaseException:
        if staged is not None:
            staged.abort()
        raise


def _build_into(documents: Iterable[Document], opts: BuildOptions, total: int, source: str,
                staged: StagedStore | None) -> KnowledgeGraph:
    started = time.perf_counter()
    get_extractor(opts.extractor)
    check_model(opts.model)  # here, not in a worker: a missing model is one clear line
    results_cache = None if opts.cache is None else ResultCache(
        opts.cache, opts.model, opts.extractor, rebuild=opts.rebuild)
    executor, batch_chars = _engine(opts, results_cache is None or results_cache.empty)
    report = BuildReport(model=opts.model, extractor=opts.extractor, workers=executor.workers)
    sweep_temporaries()  # what builds killed outright left: their folders, cache entries
    if results_cache is not None:
        sweep_files(results_cache.dir, f"*/.*{TEMPORARY}")

    def counted(items: Iterator[DocumentTriples]) -> Iterator[DocumentTriples]:
        for item in _progress(items, total, opts.progress):
            report.documents += 1
            report.sentences += item.sentences
            report.words += item.words
            yield item
        if report.documents == 0:
            raise InputError(source, "no readable documents found")

    # The workers resolve, normalise and emit each document's triples (``kg.rdf.emit``);
    # this process replays the entity uses, merges and writes them into the sink.
    scheduler = Scheduler(executor, model=opts.model, extractor=opts.extractor, base=opts.base,
                          cache=results_cache, batch_chars=batch_chars,
                          while_waiting=opts.while_parsing, ontology=opts.ontology)
    # a ``--store`` build writes the store and, beside it, the sorted file graph.ttl is
    # written from (reading a store back costs memory that grows with it)
    store = None if staged is None else staged.store
    sink = GraphSink()
    sinks: list[GraphSink | StoreSink] = [sink] if store is None else [sink, StoreSink(store)]
    # a graph to be validated in full is kept in memory too, for the check to read
    copy = (StoreSink(ox.Store(), DISK_NT_BYTES, flush=MEMORY_FLUSH_TRIPLES)
            if opts.validated and store is None else None)
    sinks += [copy] if copy is not None else []
    assembly = Assembly(opts.base, sinks, scheduler.lexicon())
    outputs = _without_failed(scheduler.run(documents), report)
    for document in counted(cast("Iterator[DocumentTriples]", outputs)):
        assembly.add(document)
    plan = assembly.finish()
    built = BuiltGraph(sink, assembly.records, plan, prefixes(opts.base),
                       None if copy is None else copy.store)
    if results_cache is not None:
        report.cache_hits, report.cache_misses = results_cache.hits, results_cache.misses
    report.statements, report.normalised = assembly.statements, assembly.normalised
    report.entities, report.quotes = assembly.entity_count - len(plan.moved), assembly.quotes
    report.dropped = dict(assembly.dropped)
    report.unmapped = sorted(assembly.unmapped.items(), key=lambda kv: (-kv[1], kv[0]))
    report.seconds = time.perf_counter() - started
    if staged is None:
        return KnowledgeGraph(built, report)
    return KnowledgeGraph(staged.graph(opts.base), report, written=built)


def write_outputs(graph: KnowledgeGraph, out_dir: str | os.PathLike[str], *,
                  html: bool = True, max_nodes: int | None = None) -> list[Path]:
    """Write ``graph.ttl`` (and ``graph.html``) into ``out_dir``: each is written to a
    temporary file, and both are renamed together at the end, so an interrupted write leaves
    both as they were."""
    return _write(graph, Path(out_dir), html, max_nodes, None)


def build_outputs(paths: Iterable[str | os.PathLike[str]], out_dir: str | os.PathLike[str],
                  options: BuildOptions, *, html: bool = True, max_nodes: int | None = None,
                  on_built: Callable[[KnowledgeGraph], None] | None = None,
                  ) -> tuple[KnowledgeGraph, list[Path]]:
    """``kg build``: ``build`` then ``write_outputs``, with a ``--store`` build's store swapped
    in together with the files. Interrupted (or failing) anywhere before that, every previous
    output is left as it was. ``on_built`` is called with the graph before its files are
    written (``kg build`` starts validating it then)."""
    graph, staged = _build(paths, options)
    if on_built is not None:
        on_built(graph)
    return graph, _write(graph, Path(out_dir), html, max_nodes, staged)


def _write(graph: KnowledgeGraph, out: Path, html: bool, max_nodes: int | None,
           staged: StagedStore | None) -> list[Path]:
    written = [out / GRAPH_FILE, *([out / HTML_FILE] if html else [])]
    try:
        out.mkdir(parents=True, exist_ok=True)
        with atomic_together(before=None if staged is None else staged.commit):
            # the HTML page is written while graph.ttl is (by a forked process)
            graph.save(written[0], "turtle", meanwhile=None if not html else lambda: (
                graph.write_html(written[1], max_nodes=max_nodes)))
    except BaseException:
        if staged is not None:
            staged.abort()
        raise
    return written


def load(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Load a graph file (or a build's output folder)."""
    return KnowledgeGraph.load(path)


def validate_source(spec: str | os.PathLike[str], shapes: str | os.PathLike[str] | None = None,
                    ontologies: tuple[str, ...] = ()) -> ValidationReport:
    """Validate a graph file or build folder (parsed into a temporary store, on disk when
    large) or an Oxigraph store (``oxigraph:PATH`` or a store folder, opened read-only)."""
    from kg.rdf.validate import validate_path, validate_store
    from kg.store.oxigraph import open_store

    path = store_path(spec)
    if path is None:
        return validate_path(spec, shapes, ontologies)
    if not path.is_dir():
        raise GraphError(f"{spec}: no such Oxigraph store")
    return validate_store(open_store(path, read_only=True), shapes, ontologies)
