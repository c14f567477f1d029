"""How much relation mapping adds to a build.

Builds the corpus repeated ``--repeat`` times (20 by default) in one process, then times, over
the same parsed and resolved documents, the mapping of every statement (``map_relation``):
onto kg's own lexicon, and onto kg's plus a user's vocabulary (``--ontology``, the packaged
schema.org/Wikidata preset and the 30-property test ontology by default). Prints the build
time, each mapping time and its share of the build, and the normalised share of statements.

    python benchmarks/mapping.py [--corpus ../shared/corpus] [--repeat 20]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from kg.api.core import build_documents
from kg.build.local import InProcessExecutor
from kg.build.options import BuildOptions
from kg.build.pipeline import process
from kg.enrich.lexicon import Lexicon, OntologyOptions, lexicon
from kg.enrich.normalise import map_relation
from kg.entities.resolve import resolve
from kg.extract import DEFAULT_EXTRACTOR, get_extractor
from kg.ingest.files import read_documents
from kg.model.results import DocumentResult
from kg.nlp.loader import load_model

ROOT = Path(__file__).resolve().parents[1]


def _map_all(results: list[DocumentResult], lex: Lexicon) -> tuple[float, int, int]:
    """Seconds to map every statement, how many statements, how many mapped."""
    started = time.perf_counter()
    mapped = total = 0
    for result in results:
        for st in result.statements:
            total += 1
            mapped += map_relation(st, result.mentions, lex) is not None
    return time.perf_counter() - started, total, mapped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=20, help="copies of the corpus")
    parser.add_argument("--ontology", action="append", default=None,
                        help="a user's ontology file (repeatable)")
    args = parser.parse_args()
    ontologies = tuple(args.ontology or ["schema", str(ROOT / "tests/data/news_ontology.ttl")])

    base = list(read_documents([args.corpus]))
    docs = [type(d)(f"{d.id}-{i}", d.text) for i in range(args.repeat) for d in base]
    load_model()  # loaded once, outside the timings

    started = time.perf_counter()
    graph = build_documents(docs, BuildOptions(executor=InProcessExecutor()))
    build_seconds = time.perf_counter() - started
    assert graph.report is not None

    results = list(resolve(process(docs, load_model(), get_extractor(DEFAULT_EXTRACTOR)),
                           Counter()))
    own = lexicon()
    user = own.with_ontology(OntologyOptions(ontologies))
    _map_all(results[:3], user)  # warm the caches (vocabulary loaded once per process)
    print(f"documents {len(docs)}, words {graph.report.words:,}, statements "
          f"{graph.report.statements:,}")
    print(f"kg build (one process, no cache)   {build_seconds:7.2f} s")
    for name, lex in (("kg's lexicon", own), ("kg + " + ", ".join(ontologies), user)):
        seconds, total, mapped = _map_all(results, lex)
        print(f"mapping onto {name}: {seconds:6.3f} s = {seconds / build_seconds:6.2%} of "
              f"the build; {mapped}/{total} statements mapped ({mapped / max(total, 1):.1%})")


if __name__ == "__main__":
    main()
