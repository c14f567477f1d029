"""The options of one build, as one typed value (``kg.build(paths, options)``)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.enrich.lexicon import NO_ONTOLOGY, OntologyOptions
from kg.extract import DEFAULT_EXTRACTOR
from kg.nlp.loader import DEFAULT_MODEL
from kg.ontology.namespace import DATA_BASE

if TYPE_CHECKING:
    from kg.build.executor import Executor

BATCH_CHARS = 20_000  # characters per batch sent to a worker (~3,000 words, ~1 s of parsing)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build a graph. Every field has the default ``kg build`` uses.

    ``workers``: parsing processes of the local executor (``None``: every core, one for small
    inputs); ``executor``: another engine (a ``kg.build.executor.Executor``; ``None``: local
    worker processes, started with ``start_method``, fork where the platform has it);
    ``scheduler``: run on a Dask cluster instead (``tcp://HOST:PORT``, or ``local[:N]`` for a
    ``LocalCluster`` of N processes; ``pip install 'kg[dask]'``; see ``kg.build.cluster``),
    in batches of ``kg.build.cluster.BATCH_CHARS`` unless ``batch_chars`` is changed;
    ``cache``: a folder of per-document results reused when a document is unchanged
    (``rebuild`` ignores them); ``store``: ``oxigraph:PATH`` streams the graph into an
    on-disk Oxigraph store; ``skip_bad``: skip unreadable inputs instead of failing;
    ``progress``: a progress bar (``None``: only on a terminal); ``while_parsing``: called once
    while this process first waits for a worker (``kg build`` loads its HTML writer then);
    ``html``: read web pages as their ``"article"`` only or as all their text (``"raw"``);
    ``ontology``: the user's vocabulary relations map onto (``--ontology``, ``--ontology-only``);
    ``validated``: the graph will be validated in full once built (``kg build`` does when it
    has no earlier check to go on), so it is also kept in an in-memory Oxigraph store as it is
    built (up to ``kg.rdf.validate.DISK_NT_BYTES`` of N-Triples), which the check reads instead of
    parsing the graph's file.
    """

    model: str = DEFAULT_MODEL
    extractor: str = DEFAULT_EXTRACTOR
    base: str = DATA_BASE
    workers: int | None = 1
    executor: Executor | None = None
    start_method: str | None = None
    scheduler: str | None = None
    batch_chars: int = BATCH_CHARS
    cache: str | os.PathLike[str] | None = None
    rebuild: bool = False
    store: str | os.PathLike[str] | None = None
    skip_bad: bool = False
    progress: bool | None = False
    while_parsing: Callable[[], None] | None = None
    html: str = "article"
    ontology: OntologyOptions = NO_ONTOLOGY
    validated: bool = False
