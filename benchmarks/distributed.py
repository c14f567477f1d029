"""Distributed builds: ``--workers 2`` vs a 2-worker ``LocalCluster`` vs an external Dask
scheduler with 2 workers, in one run; and the client's peak RSS at 1× and 10× the input.

    python benchmarks/distributed.py                       # 100,000 words; RSS at 20k / 200k
    python benchmarks/distributed.py --words 300000 --rss-words 50000

The corpus is ``../shared/corpus`` repeated into one ``.jsonl`` (``throughput.make_corpus``).
Each build is ``kg build CORPUS --out TMP --no-html --no-validate`` plus one of

* ``--workers 2`` (local worker processes),
* ``--scheduler local:2`` (a ``LocalCluster`` the build starts and stops),
* ``--scheduler tcp://…`` (a ``dask scheduler`` and two ``dask worker --nthreads 1``
  processes started beforehand, ``tests/daskcluster.py``),

run in a child process of its own, timed from its start to its end (importing kg, starting
the cluster, loading the model on the workers, parsing, merging, writing graph.ttl): words/s
is the build's word count over that time. The outputs are compared byte for byte.

Client memory: the external-scheduler build with ``--store oxigraph:OUT/store`` (the graph
streams to disk, so only the client's own state can grow) at ``--rss-words`` and 10× that;
peak RSS is ``getrusage(RUSAGE_SELF)`` of the client process.

Acceptance: each Dask build ≥ 0.9× the words/s of ``--workers 2`` on this 2-core machine;
client peak RSS at 10× ≤ 1.3× that at 1×.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# This file's folder must not be on the path: its name would hide the `distributed` package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "tests"))  # daskcluster: the test suite's cluster

from daskcluster import SRC, DaskCluster  # noqa: E402


def _make_corpus(words: int, target: Path) -> int:
    """``benchmarks/throughput.py``'s corpus (imported by path: see above)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("throughput", HERE / "throughput.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return int(module.make_corpus(words, target))


def child(corpus: Path, out: Path, flags: list[str]) -> None:
    """Run ``kg build`` here and print its words, graph size and this process's peak RSS."""
    from kg.cli import main

    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        main.main(["build", str(corpus), "--out", str(out), "--no-html", "--no-validate",
                   *flags], standalone_mode=False)
    text = output.getvalue()
    words = int(re.search(r"words\s+([\d,]+)", text).group(1).replace(",", ""))  # type: ignore[union-attr]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    row = {"words": words, "rss_mb": usage.ru_maxrss / 1024,
           "cpu_s": usage.ru_utime + usage.ru_stime, "documents": int(re.search(
               r"documents\s+([\d,]+)", text).group(1).replace(",", ""))}  # type: ignore[union-attr]
    store = out / "store"
    if store.is_dir():
        import pyoxigraph

        row["triples"] = len(pyoxigraph.Store.read_only(str(store)))
        row["store_bytes"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
    print(json.dumps(row))


def build(corpus: Path, out: Path, flags: list[str]) -> dict[str, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", str(corpus), "--out", str(out),
                           "--", *flags], capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin:/usr/local/bin"})
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"kg build {' '.join(flags)} failed: {done.stderr.strip()[-2000:]}")
    row: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    row["seconds"] = seconds
    return row


def run(words: int, rss_words: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, DaskCluster(workers=2) as cluster:
        root = Path(tmp)
        corpus = root / "corpus.jsonl"
        size = _make_corpus(words, corpus)
        print(f"corpus: {size:,} words (whitespace), {corpus.stat().st_size:,} bytes; "
              f"external cluster at {cluster.address} (2 workers, 1 thread each)")
        configs = {"--workers 2": ["--workers", "2"],
                   "LocalCluster(2)": ["--scheduler", "local:2"],
                   "external scheduler": ["--scheduler", cluster.address]}
        rows, graphs = {}, {}
        for name, flags in configs.items():
            out = root / name.replace(" ", "-")
            rows[name] = build(corpus, out, flags)
            graphs[name] = (out / "graph.ttl").read_bytes()
            r = rows[name]
            print(f"{name:20} {r['seconds']:7.1f} s  {r['words'] / r['seconds']:7,.0f} words/s  "
                  f"client peak RSS {r['rss_mb']:5.0f} MB", flush=True)
        local = rows["--workers 2"]["words"] / rows["--workers 2"]["seconds"]
        for name in ("LocalCluster(2)", "external scheduler"):
            ratio = rows[name]["words"] / rows[name]["seconds"] / local
            same = "byte-identical" if graphs[name] == graphs["--workers 2"] else "DIFFERENT"
            print(f"{name} / --workers 2: {ratio:.2f}× words/s (≥ 0.90); graph.ttl {same}")

        peaks = []
        for scale in (1, 10):
            part = root / f"rss-{scale}.jsonl"
            part_words = _make_corpus(rss_words * scale, part)
            out = root / f"rss-{scale}"
            r = build(part, out, ["--scheduler", cluster.address,
                                  "--store", f"oxigraph:{out / 'store'}"])
            peaks.append(r["rss_mb"])
            print(f"--store build, external scheduler, {scale:2}× ({part_words:,} words): "
                  f"client peak RSS {r['rss_mb']:5.0f} MB, {r['seconds']:.1f} s, client CPU "
                  f"{r['cpu_s']:.1f} s; {r['documents']:,} documents, {r['triples']:,} triples, "
                  f"store {r['store_bytes'] / 1e6:.1f} MB", flush=True)
        print(f"client peak RSS 10× / 1×: {peaks[1] / peaks[0]:.2f} (≤ 1.30)")
        external = rows["external scheduler"]
        print(f"for docs/scale.md: client CPU {external['cpu_s'] / external['words'] * 1e6:.0f} s "
              f"per million words (default build, external scheduler); store "
              f"{r['store_bytes'] / r['triples']:.0f} bytes/triple, "
              f"{r['triples'] / r['documents']:.0f} triples/document (10× --store build)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--rss-words", type=int, default=20_000)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("flags", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.out, args.flags)
    else:
        run(args.words, args.rss_words)


if __name__ == "__main__":
    main()
