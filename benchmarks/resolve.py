"""How much entity resolution adds to a build.

Runs the pipeline over the corpus once, then times, in the same run: parsing and extraction,
in-document resolution, graph building and cross-document merging. Prints each and the share
of resolution (in-document + merge) in the whole build.

    python benchmarks/resolve.py [--corpus ../shared/corpus] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from kg.build.pipeline import process
from kg.entities.resolve import resolve_document
from kg.extract import DEFAULT_EXTRACTOR, get_extractor
from kg.ingest.files import read_documents
from kg.nlp.loader import load_model
from kg.ontology.namespace import DATA_BASE
from kg.rdf.assemble import Assembly
from kg.rdf.emit import emit
from kg.rdf.sinks import GraphSink

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeat", type=int, default=3, help="copies of the corpus")
    parser.add_argument("--extractor", default=DEFAULT_EXTRACTOR)
    args = parser.parse_args()

    base = list(read_documents([args.corpus]))
    docs = [type(d)(f"{d.id}-{i}", d.text) for i in range(args.repeat) for d in base]
    nlp, extract = load_model(), get_extractor(args.extractor)

    t0 = time.perf_counter()
    results = list(process(docs, nlp, extract))
    t1 = time.perf_counter()
    dropped: Counter[str] = Counter()
    resolved = [resolve_document(r, dropped) for r in results]
    t2 = time.perf_counter()
    assembly = Assembly(DATA_BASE, [GraphSink()])
    for r in resolved:
        assembly.add(emit(r, DATA_BASE))
    t3 = time.perf_counter()
    merged = len(assembly.finish().moved)  # the entity table, the merge plan, the sink
    t4 = time.perf_counter()

    parse, resolve, build, merge = t1 - t0, t2 - t1, t3 - t2, t4 - t3
    total = parse + resolve + build + merge
    words = sum(r.words for r in results)
    print(f"documents {len(docs)}, words {words:,}, statements {assembly.statements:,}, "
          f"entities merged across documents {merged}")
    print(f"parse + extract   {parse:8.3f} s")
    print(f"resolve (in-doc)  {resolve:8.3f} s")
    print(f"graph             {build:8.3f} s")
    print(f"merge (cross-doc) {merge:8.3f} s")
    print(f"resolution share of build time: {(resolve + merge) / total:.1%} "
          f"(target <= 10%)")


if __name__ == "__main__":
    main()
