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
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from kg.api.graph import GRAPH_FILE, HTML_FILE, KnowledgeGraph
from kg.build.cache import ResultCache
from kg.build.local import LocalExecutor, default_workers
from kg.build.options import BuildOptions
from kg.build.scheduler import Scheduler
from kg.enrich.lexicon import lexicon
from kg.enrich.normalise import normalise
from kg.entities.merge import merge_entities
from kg.entities.resolve import resolve
from kg.errors import InputError
from kg.extract import get_extractor
from kg.ingest.files import IngestReport, find_files, read_documents
from kg.model import Document
from kg.model.results import BuildReport, DocumentResult
from kg.nlp.loader import check_model
from kg.rdf.builder import GraphBuilder
from kg.store.oxigraph import StoreWriter, store_path

if TYPE_CHECKING:
    from rdflib import Graph

    from kg.rdf.light import LightGraph

_T = TypeVar("_T")


class _Sized(Protocol):
    """A per-document result: ``DocumentResult`` or a rendered fragment."""

    @property
    def sentences(self) -> int: ...

    @property
    def words(self) -> int: ...


_Counted = TypeVar("_Counted", bound=_Sized)


def _progress(items: Iterator[_T], total: int, enabled: bool | None) -> Iterator[_T]:
    """Wrap ``items`` in a progress bar on a terminal (``enabled=None``: only when a tty)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="doc", desc="building", file=sys.stderr) as bar:
        for item in items:
            bar.update(1)
            yield item


def _options(options: BuildOptions | None, changes: dict[str, Any]) -> BuildOptions:
    """``options`` (or the defaults) with the keyword ``changes`` applied."""
    base = options or BuildOptions()
    return dataclasses.replace(base, **changes) if changes else base


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
    opts = _options(options, changes)
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
    graph = build_documents(documents, opts, total=len(found),
                            source=", ".join(map(str, files)))
    assert graph.report is not None
    graph.report.skipped = list(ingest.skipped)
    return graph


def build_documents(
    documents: Iterable[Document],
    options: BuildOptions | None = None,
    *,
    total: int = 0,
    source: str = "input",
    **changes: Any,
) -> KnowledgeGraph:
    """Build a graph from ``Document`` values (text that is not in files); options as ``build``
    (``total``: how many documents to expect, for the progress bar; ``source``: what to name
    in the error when there are none).

    >>> doc = Document("note", "The court denied the request.")
    >>> len(build_documents([doc]).statements())
    1
    """
    opts = _options(options, changes)
    started = time.perf_counter()
    get_extractor(opts.extractor)
    check_model(opts.model)  # here, not in a worker: a missing model is one clear line
    executor = opts.executor or LocalExecutor(opts.workers or default_workers(),
                                              opts.start_method)
    report = BuildReport(model=opts.model, extractor=opts.extractor, workers=executor.workers)
    results_cache = None if opts.cache is None else ResultCache(
        opts.cache, opts.model, opts.extractor, rebuild=opts.rebuild)

    def counted(items: Iterator[_Counted]) -> Iterator[_Counted]:
        for item in _progress(items, total, opts.progress):
            report.documents += 1
            report.sentences += item.sentences
            report.words += item.words
            yield item
        if report.documents == 0:
            raise InputError(source, "no readable documents found")

    def scheduler(base: str | None) -> Scheduler:
        return Scheduler(executor, model=opts.model, extractor=opts.extractor, base=base,
                         cache=results_cache, batch_chars=opts.batch_chars,
                         while_waiting=opts.while_parsing, ontology=opts.ontology)

    graph: Graph | LightGraph
    if opts.store is None:
        # The workers resolve, normalise and render each document (``kg.rdf.light``); this
        # process only merges, with no rdflib graph on the way.
        from kg.rdf.light import Fragment, LightBuilder

        light = LightBuilder(opts.base, opts.ontology)
        fragments = cast("Iterator[Fragment]", scheduler(opts.base).run(documents))
        for fragment in counted(fragments):
            light.add(fragment)
        graph, merged = light.finish()
        dropped, unmapped = light.dropped, light.unmapped
        counts = (light.statements, light.entity_count, light.normalised, light.quotes)
    else:
        # Triples stream into the Oxigraph store after each document.
        dropped, unmapped = Counter[str](), Counter[str]()
        rdf_builder = GraphBuilder(opts.base, opts.ontology)
        writer = StoreWriter(store_path(opts.store) or opts.store)
        parsed = cast("Iterator[DocumentResult]", scheduler(None).run(documents))
        for result in counted(normalise(resolve(parsed, dropped), unmapped,
                                        rdf_builder._lexicon)):
            rdf_builder.add(result)
            writer.drain(rdf_builder)
        stored = writer.finish(rdf_builder.finish())
        merged = merge_entities(stored)
        graph = stored
        counts = (rdf_builder.statements, rdf_builder.entity_count, rdf_builder.normalised,
                  rdf_builder.quotes)
    if results_cache is not None:
        report.cache_hits, report.cache_misses = results_cache.hits, results_cache.misses
    report.statements, entities, report.normalised, report.quotes = counts
    report.entities = entities - merged
    report.dropped = dict(dropped)
    report.unmapped = sorted(unmapped.items(), key=lambda kv: (-kv[1], kv[0]))
    report.seconds = time.perf_counter() - started
    return KnowledgeGraph(graph, report)


def write_outputs(graph: KnowledgeGraph, out_dir: str | os.PathLike[str], *,
                  html: bool = True, max_nodes: int | None = None) -> list[Path]:
    """Write ``graph.ttl`` (and ``graph.html``) into ``out_dir``, each file atomically."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / GRAPH_FILE]
    graph.save(written[0], "turtle")
    if html:
        written.append(out / HTML_FILE)
        graph.write_html(written[1], max_nodes=max_nodes)
    return written


def load(path: str | os.PathLike[str]) -> KnowledgeGraph:
    """Load a graph file (or a build's output folder)."""
    return KnowledgeGraph.load(path)
