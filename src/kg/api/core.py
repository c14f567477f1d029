"""The Python API: the same operations as the ``kg`` command.

>>> import kg
>>> graph = kg.build(["examples/"])                                # doctest: +SKIP
>>> print(graph.report.summary())                                  # doctest: +SKIP
>>> graph.save("out/graph.ttl")                                    # doctest: +SKIP
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from kg.api.graph import GRAPH_FILE, HTML_FILE, KnowledgeGraph
from kg.build.cache import ResultCache
from kg.build.workers import default_workers, run
from kg.enrich.normalise import normalise
from kg.entities.merge import merge_entities
from kg.entities.resolve import resolve
from kg.errors import InputError
from kg.extract import DEFAULT_EXTRACTOR, get_extractor
from kg.ingest.files import IngestReport, find_files, read_documents
from kg.model import Document
from kg.model.results import BuildReport
from kg.nlp.loader import DEFAULT_MODEL
from kg.ontology.namespace import DATA_BASE
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


def build(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    model: str = DEFAULT_MODEL,
    extractor: str = DEFAULT_EXTRACTOR,
    skip_bad: bool = False,
    base: str = DATA_BASE,
    progress: bool | None = False,
    workers: int | None = 1,
    cache: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    store: str | os.PathLike[str] | None = None,
    while_parsing: Callable[[], None] | None = None,
) -> KnowledgeGraph:
    """Build a knowledge graph from files and folders (``.txt``, ``.md``, ``.html``, ``.jsonl``).

    ``workers``: processes that parse (``None``: every core, one for small inputs); ``cache``: a
    folder of per-document results reused when a document is unchanged (``rebuild`` ignores
    them); ``store``: ``oxigraph:PATH`` streams the graph into an on-disk Oxigraph store.
    Raises ``InputError`` for an unreadable input (unless ``skip_bad``) and ``ConfigError`` for
    an unknown model or extractor. ``while_parsing`` is called once while this process waits
    for the parsing workers (``kg build`` loads its HTML writer then). The build report is on
    ``graph.report``.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    files = [Path(p) for p in paths]
    get_extractor(extractor)  # fail on a bad name before reading anything
    found = list(find_files(files))
    total = len(found)
    if workers is None:
        workers = default_workers(sum(f.stat().st_size for f, _ in found))
    ingest = IngestReport()
    documents = read_documents(files, skip_bad=skip_bad, report=ingest)
    graph = build_documents(documents, model=model, extractor=extractor, base=base,
                            progress=progress, total=total,
                            source=", ".join(map(str, files)), workers=workers, cache=cache,
                            rebuild=rebuild, store=store, while_parsing=while_parsing)
    assert graph.report is not None
    graph.report.skipped = list(ingest.skipped)
    return graph


def build_documents(
    documents: Iterable[Document],
    *,
    model: str = DEFAULT_MODEL,
    extractor: str = DEFAULT_EXTRACTOR,
    base: str = DATA_BASE,
    progress: bool | None = False,
    total: int = 0,
    source: str = "input",
    workers: int | None = 1,
    cache: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    store: str | os.PathLike[str] | None = None,
    while_parsing: Callable[[], None] | None = None,
) -> KnowledgeGraph:
    """Build a graph from ``Document`` values (text that is not in files); options as ``build``.

    >>> doc = Document("note", "The court denied the request.")
    >>> len(build_documents([doc]).statements())
    1
    """
    started = time.perf_counter()
    get_extractor(extractor)
    workers = workers or default_workers()
    report = BuildReport(model=model, extractor=extractor, workers=workers)
    results_cache = None if cache is None else ResultCache(cache, model, extractor,
                                                           rebuild=rebuild)

    def counted(items: Iterator[_Counted]) -> Iterator[_Counted]:
        for item in _progress(items, total, progress):
            report.documents += 1
            report.sentences += item.sentences
            report.words += item.words
            yield item
        if report.documents == 0:
            raise InputError(source, "no readable documents found")

    graph: Graph | LightGraph
    if store is None:
        # The workers resolve, normalise and render each document (``kg.rdf.light``); this
        # process only merges, with no rdflib graph on the way.
        from kg.rdf.light import LightBuilder

        light = LightBuilder(base)
        for fragment in counted(run(documents, model=model, extractor=extractor,
                                    workers=workers, cache=results_cache, render_base=base,
                                    while_waiting=while_parsing)):
            light.add(fragment)
        graph, merged = light.finish()
        dropped, unmapped = light.dropped, light.unmapped
        counts = (light.statements, light.entity_count, light.normalised, light.quotes)
    else:
        # Triples stream into the Oxigraph store after each document.
        dropped, unmapped = Counter[str](), Counter[str]()
        rdf_builder = GraphBuilder(base)
        writer = StoreWriter(store_path(store) or store)
        parsed = run(documents, model=model, extractor=extractor, workers=workers,
                     cache=results_cache)
        for result in counted(normalise(resolve(parsed, dropped), unmapped)):
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
