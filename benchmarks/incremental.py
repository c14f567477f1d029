"""Incremental builds: a full ``kg build`` of 600 documents vs a re-run after changing one.

The 600 documents are whole articles of ``../shared/corpus`` (``--size article``, news-sized:
about 700 words each) or single paragraphs of them (``--size paragraph``, about 60 words), each
with a distinct opening sentence. Times are of the ``kg build`` command (a subprocess, as a
user runs it), and of the build inside one process (``kg.build`` + writing graph.ttl) to show
what start-up costs.

    python benchmarks/incremental.py [--docs 600] [--workers 2] [--size article|paragraph]

Acceptance: the re-run (median of three, each after changing a different document) takes
≤ 5 % of the full build, and its graph.ttl is byte-identical to a full ``--rebuild``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def make_documents(folder: Path, count: int, size: str = "article") -> int:
    """Write ``count`` distinct documents into ``folder``; return the number of words."""
    from kg.nlp.loader import chunks

    articles = [file.read_text(encoding="utf-8") for file in sorted(CORPUS.glob("*.txt"))]
    paragraphs = articles if size == "article" else [
        piece for text in articles for _, piece in chunks(text) if len(piece.split()) >= 12]
    words = 0
    for i in range(count):
        text = (f"Officer Lee{i} filed report {i} on Monday.\n\n"
                f"{paragraphs[i % len(paragraphs)]}\n")
        (folder / f"doc-{i:04d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def kg_build(src: Path, out: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", str(src),
                    "--out", str(out), "--no-html", *extra], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--size", choices=["article", "paragraph"], default="article",
                        help="documents as whole articles (default) or single paragraphs")
    args = parser.parse_args()
    workers = ["--workers", str(args.workers)]
    with tempfile.TemporaryDirectory() as tmp:
        src, out, full = Path(tmp) / "src", Path(tmp) / "out", Path(tmp) / "full"
        src.mkdir()
        words = make_documents(src, args.docs, args.size)
        print(f"{args.docs} documents ({args.size}s), {words:,} words")
        first = kg_build(src, out, *workers)
        print(f"full build (empty cache):    {first:6.1f} s", flush=True)
        again = []
        for number in (300, 150, 450):  # three re-runs, each after changing one document
            changed = src / f"doc-{number:04d}.txt"
            changed.write_text(changed.read_text(encoding="utf-8").replace("Monday", "Tuesday"),
                               encoding="utf-8")
            again.append(kg_build(src, out, *workers))
        median = statistics.median(again)
        runs = ", ".join(f"{t:.1f}" for t in again)
        print(f"re-run, 1 document changed:  {median:6.1f} s  ({median / first:.1%} of full; "
              f"≤ 5 %; median of {runs} s)")
        kg_build(src, full, "--rebuild", *workers)
        same = (out / "graph.ttl").read_bytes() == (full / "graph.ttl").read_bytes()
        print(f"graph.ttl equals a full --rebuild: {same}")

        import kg  # in-process: no interpreter start, spaCy import or model load counted

        cache = out / ".kg-cache"
        kg.build([src], workers=1, cache=cache)  # warm: imports and model loaded
        changed.write_text(changed.read_text(encoding="utf-8").replace("Tuesday", "Friday"),
                           encoding="utf-8")
        started = time.perf_counter()
        graph = kg.build([src], workers=1, cache=cache)
        graph.save(Path(tmp) / "graph.ttl")
        inner = time.perf_counter() - started
        print(f"in-process re-run (warm):    {inner:6.1f} s  ({inner / first:.1%} of full)")


if __name__ == "__main__":
    main()
