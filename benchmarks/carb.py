"""CaRB open-IE benchmark for kg's extractors: accuracy and speed in one run.

    python3 benchmarks/carb.py [--extractor kg.clause.v1] [--dev PATH] [--gold PATH]

Parses the dev sentences once with ``nlp.pipe`` (timed: the parse rate), then runs the
extractor over the parsed docs (timed separately: the extraction rate), writes CaRB TSV to a
temporary file and scores it with the benchmark's own ``score.py``. Prints AUC, P, R, F1,
sentences per second for both stages and the extraction overhead (extraction / parse time).
Paths default to ``../shared/bench/carb`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.extract import get_extractor
from kg.extract.openie import tsv_rows
from kg.nlp.loader import DEFAULT_MODEL, load_model

ROOT = Path(__file__).resolve().parent.parent
CARB = ROOT.parent / "shared" / "bench" / "carb"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extractor", default="kg.clause.v1")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--dev", type=Path, default=CARB / "dev.txt")
    parser.add_argument("--gold", type=Path, default=CARB / "gold" / "dev.tsv")
    parser.add_argument("--scorer", type=Path, default=CARB / "score.py")
    parser.add_argument("--batch-size", type=int, default=128)
    options = parser.parse_args(argv)

    sentences = [line.strip() for line in options.dev.read_text("utf-8").splitlines()]
    sentences = [s for s in sentences if s]
    extract = get_extractor(options.extractor)
    nlp = load_model(options.model)
    nlp("Warm up the pipeline.")

    start = time.perf_counter()
    docs = list(nlp.pipe(sentences, batch_size=options.batch_size))
    parse_time = time.perf_counter() - start

    start = time.perf_counter()
    found = [list(extract(doc)) for doc in docs]
    extract_time = time.perf_counter() - start

    with tempfile.NamedTemporaryFile("w", suffix=".tsv", encoding="utf-8", delete=False) as out:
        for doc, statements in zip(docs, found, strict=True):
            for row in tsv_rows(doc.text, statements):
                out.write(row + "\n")
        system = out.name
    result = subprocess.run(
        [sys.executable, str(options.scorer), str(options.gold), system, "--json"],
        check=True, capture_output=True, text=True,
    )
    Path(system).unlink()
    scores = json.loads(result.stdout)

    n = len(docs)
    print(f"extractor    {options.extractor}  ({n} sentences, {scores['extractions']} extractions)")
    print(f"AUC {scores['auc']:.3f}  P {scores['precision']:.3f}  "
          f"R {scores['recall']:.3f}  F1 {scores['f1']:.3f}")
    print(f"parse        {parse_time:7.3f} s  {n / parse_time:8.1f} sentences/s (nlp.pipe)")
    print(f"extraction   {extract_time:7.3f} s  {n / extract_time:8.1f} sentences/s")
    print(f"overhead     {extract_time / parse_time:7.1%} of parse time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
