"""Distributed builds: ``--workers 2`` vs a 2-worker ``LocalCluster`` vs an external Dask
scheduler with 2 workers, in one run; and the client's peak RSS at 1× and 10× the input.

    python benchmarks/distributed.py                 # 100,000 words; RSS at 20k / 200k
    python benchmarks/distributed.py --repeat 3      # three rounds of the three builds
    python benchmarks/distributed.py --only memory --rss-words 50000

The corpus is ``../shared/corpus`` repeated into one ``.jsonl`` (``throughput.make_corpus``).
Each build is ``kg build CORPUS --out TMP --no-html --no-validate`` plus one of

* ``--workers 2`` (local worker processes),
* ``--scheduler local:2`` (a ``LocalCluster`` the build starts and stops),
* ``--scheduler tcp://…`` (a ``dask scheduler`` and two ``dask worker --nthreads 1``
  processes started beforehand, ``tests/daskcluster.py``),

run in a child process of its own, timed from its start to its end (importing kg, starting
the cluster, loading the model on the workers, parsing, merging, writing graph.ttl): words/s
is the build's word count over that time. The machine is shared, so the three builds run in
turn, ``--repeat`` rounds, and the best round of each is compared (each round's ratio is
printed too); CPU seconds are printed beside them (the client's, and the workers': reaped
children for local workers and a LocalCluster, ``/proc`` for the external workers), as the
load-independent cost. The outputs are compared byte for byte.

Client memory: external-scheduler builds at ``--rss-words`` and 10× that (the seeds
repeated, so the entities do not grow), the default build (graph.ttl, sorted on disk) and a
``--store oxigraph:OUT/store`` build; peak RSS is ``getrusage(RUSAGE_SELF)`` of the client
process. ``--no-validate``: validating a graph of up to ``kg.rdf.validate.DISK_NT_BYTES``
of N-Triples keeps it in memory (a bounded cost, but one that grows with the graph up to that size).

Acceptance: each Dask build ≥ 0.9× the words/s of ``--workers 2`` on this 2-core machine;
client peak RSS at 10× ≤ 1.3× that at 1×.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import resource
import shutil
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

RSS_RATIO = 1.3  # acceptance: client peak RSS at 10× the input / at 1×


def _make_corpus(words: int, target: Path) -> int:
    """``benchmarks/throughput.py``'s corpus (imported by path: see above)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("throughput", HERE / "throughput.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return int(module.make_corpus(words, target))


def child(corpus: Path, out: Path, flags: list[str]) -> None:
    """Run ``kg build`` here and print its words, graph size, this process's peak RSS and the
    CPU seconds of this process and of its reaped children (local workers, a LocalCluster's)."""
    from kg.cli import main

    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        main.main(["build", str(corpus), "--out", str(out), "--no-html", "--no-validate",
                   *flags], standalone_mode=False)
    text = output.getvalue()

    def count(name: str) -> int:
        found = re.search(rf"{name}\s+([\d,]+)", text)
        return int(found.group(1).replace(",", "")) if found else 0

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    row = {"words": count("words"), "documents": count("documents"),
           "rss_mb": me.ru_maxrss / 1024, "cpu_s": me.ru_utime + me.ru_stime,
           "children_cpu_s": kids.ru_utime + kids.ru_stime}
    store = out / "store"
    if store.is_dir():
        import pyoxigraph

        row["triples"] = len(pyoxigraph.Store.read_only(str(store)))
        row["store_bytes"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
    print(json.dumps(row))


def _cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes ``pids`` have used so far."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def build(corpus: Path, out: Path, flags: list[str],
          workers: list[int] | None = None) -> dict[str, float]:
    """One build in a child process; ``workers``: the external Dask workers' process ids,
    whose CPU seconds during the build go into ``workers_cpu_s``."""
    shutil.rmtree(out, ignore_errors=True)
    before = _cpu(workers or [])
    started = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", str(corpus), "--out", str(out),
                           "--", *flags], capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin:/usr/local/bin"})
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"kg build {' '.join(flags)} failed: {done.stderr.strip()[-2000:]}")
    row: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    row["seconds"] = seconds
    row["workers_cpu_s"] = (_cpu(workers) - before) if workers else row["children_cpu_s"]
    if "triples" not in row:  # counted here, after the build was timed
        import pyoxigraph

        row["triples"] = sum(1 for _ in pyoxigraph.parse(path=out / "graph.ttl",
                                                         format=pyoxigraph.RdfFormat.TURTLE))
    return row


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def throughput(root: Path, corpus: Path, cluster: DaskCluster, repeat: int) -> None:
    """The three builds, ``repeat`` rounds of each in turn; the best round of each is used
    (the one least slowed by the machine's other jobs) and every round's ratio is shown."""
    pids = [worker.pid for worker in cluster.workers]
    configs = {"--workers 2": (["--workers", "2"], None),
               "LocalCluster(2)": (["--scheduler", "local:2"], None),
               "external scheduler": (["--scheduler", cluster.address], pids)}
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in configs}
    graphs: dict[str, bytes] = {}
    for n in range(repeat):
        print(f"round {n + 1}/{repeat} ({_load()})", flush=True)
        for name, (flags, workers) in configs.items():
            out = root / name.replace(" ", "-")
            r = build(corpus, out, flags, workers)
            rounds[name].append(r)
            graphs.setdefault(name, (out / "graph.ttl").read_bytes())
            print(f"  {name:20} {r['seconds']:7.1f} s  {r['words'] / r['seconds']:7,.0f} "
                  f"words/s  CPU s: client {r['cpu_s']:5.1f}, workers {r['workers_cpu_s']:6.1f}"
                  f"  client peak RSS {r['rss_mb']:4.0f} MB  {r['triples']:,.0f} triples",
                  flush=True)
    best = {name: min(rows, key=lambda r: r["seconds"]) for name, rows in rounds.items()}
    local = best["--workers 2"]
    print(f"best of {repeat} ({_load()}):")
    for name, r in best.items():
        cpu = r["cpu_s"] + r["workers_cpu_s"]
        print(f"  {name:20} {r['words'] / r['seconds']:7,.0f} words/s, "
              f"{cpu / r['words'] * 1e3:.1f} CPU ms per word (client + workers)")
    for name in ("LocalCluster(2)", "external scheduler"):
        r = best[name]
        ratio = (r["words"] / r["seconds"]) / (local["words"] / local["seconds"])
        per_round = ", ".join(f"{a['seconds'] / b['seconds']:.2f}"
                              for a, b in zip(rounds["--workers 2"], rounds[name], strict=True))
        cpu = ((local["cpu_s"] + local["workers_cpu_s"])
               / (r["cpu_s"] + r["workers_cpu_s"]))
        same = "byte-identical" if graphs[name] == graphs["--workers 2"] else "DIFFERENT"
        verdict = "pass" if ratio >= 0.9 else "FAIL"
        print(f"{name} / --workers 2: {ratio:.2f}× words/s (≥ 0.90) {verdict}; rounds "
              f"{per_round}; CPU per word {cpu:.2f}× as efficient; graph.ttl {same}")
    external = best["external scheduler"]
    print(f"for docs/scale.md: external-scheduler build: client CPU "
          f"{external['cpu_s'] / external['words'] * 1e6:.0f} s per million words, workers "
          f"{external['words'] / external['workers_cpu_s']:,.0f} words per CPU second")


def memory(root: Path, cluster: DaskCluster, rss_words: int) -> None:
    """The client's peak RSS at ``rss_words`` and 10× that, external scheduler, for the
    default build (graph.ttl) and a ``--store`` build."""
    corpora = {}
    for scale in (1, 10):
        corpora[scale] = root / f"rss-{scale}.jsonl"
        _make_corpus(rss_words * scale, corpora[scale])
    for sink in ("graph.ttl", "--store"):
        peaks = []
        for scale in (1, 10):
            out = root / f"rss-{sink.strip('-')}-{scale}"
            flags = ["--scheduler", cluster.address]
            if sink == "--store":
                flags += ["--store", f"oxigraph:{out / 'store'}"]
            r = build(corpora[scale], out, flags)
            peaks.append(r["rss_mb"])
            store = (f", store {r['store_bytes'] / 1e6:.1f} MB "
                     f"({r['store_bytes'] / r['triples']:.0f} B/triple)"
                     if "store_bytes" in r else "")
            print(f"{sink:9} {scale:2}× {r['words']:8,.0f} words: client peak RSS "
                  f"{r['rss_mb']:4.0f} MB, client CPU {r['cpu_s']:5.1f} s, "
                  f"{r['documents']:,.0f} documents, {r['triples']:,.0f} triples{store}",
                  flush=True)
        ratio = peaks[1] / peaks[0]
        print(f"client peak RSS 10× / 1× ({sink}): {ratio:.2f} (≤ {RSS_RATIO:.2f}) "
              f"{'pass' if ratio <= RSS_RATIO else 'FAIL'}", flush=True)


def run(words: int, rss_words: int, repeat: int, parts: set[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, DaskCluster(workers=2) as cluster:
        root = Path(tmp)
        print(f"external cluster at {cluster.address} (2 workers, 1 thread each); {_load()}")
        if "throughput" in parts:
            corpus = root / "corpus.jsonl"
            size = _make_corpus(words, corpus)
            print(f"corpus: {size:,} words (whitespace), {corpus.stat().st_size:,} bytes")
            throughput(root, corpus, cluster, repeat)
        if "memory" in parts:
            memory(root, cluster, rss_words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--rss-words", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the three builds")
    parser.add_argument("--only", choices=["throughput", "memory"], default=None)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("flags", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child, args.out, args.flags)
    else:
        run(args.words, args.rss_words, args.repeat,
            {args.only} if args.only else {"throughput", "memory"})


if __name__ == "__main__":
    main()
