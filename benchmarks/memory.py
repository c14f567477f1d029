"""Peak memory of ``kg build``, 1× vs 10× the corpus: streaming, not growing.

    python benchmarks/memory.py                        # 50,000 and 500,000 words, 2 workers
    python benchmarks/memory.py --words 20000 --scale 5 --workers 1 --sink store

The corpus is ``../shared/corpus`` repeated into a folder of ``.txt`` files (distinct names, so
distinct document ids) up to ``--words`` words, and ``--scale`` times that. Each size runs

    kg build CORPUS --out OUT --store oxigraph:OUT/store --no-html --workers N   (--sink store)
    kg build CORPUS --out OUT --no-html --no-validate --workers N               (--sink graph)

(the CLI, so its defaults too: a fresh per-document cache in OUT/.kg-cache, graph.ttl, and for
the store build its validation, streamed from the store) in a child process of its own; the
default build (graph.ttl, sorted on disk) is measured without validation, which keeps a copy
of the graph in memory while it is under ``kg.rdf.validate.DISK_NT_BYTES`` of N-Triples
(bounded, but growing with the graph up to that size). ``--sink both`` (the default) runs
both. Each reports

* main: the peak RSS of the build's main process (``getrusage(RUSAGE_SELF)`` in the child);
* workers: each parsing worker's peak RSS (``VmHWM`` from ``/proc``, sampled every
  ``--interval`` s), their largest and their sum; ``getrusage(RUSAGE_CHILDREN)`` (the largest
  reaped worker) is printed as a cross-check;
* tree: the largest total PSS of the whole process tree at one sample, i.e. the memory the
  build occupies with pages the forked workers share with the main process counted once.

Acceptance: peak RSS at 10× the corpus ≤ 1.3× that at 1× (main process, largest worker and
the whole tree, each).
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
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
RATIO_WANTED = 1.3


def make_corpus(words: int, target: Path) -> tuple[int, int]:
    """Fill the folder ``target`` with copies of the corpus articles up to ``words`` words
    (whitespace-separated); the words and files written."""
    sources = sorted(CORPUS.glob("*.txt"))
    sizes = [len(p.read_text(encoding="utf-8").split()) for p in sources]
    target.mkdir(parents=True)
    total = n = 0
    while total < words:
        source = sources[n % len(sources)]
        shutil.copyfile(source, target / f"{n:06d}_{source.name}")
        total += sizes[n % len(sources)]
        n += 1
    return total, n


# -- the child: one build --------------------------------------------------------------

def build_child(corpus: Path, out: Path, workers: int, sink: str) -> dict[str, float]:
    """Run ``kg build`` in this process; peak RSS of this process and of its reaped children."""
    from kg.cli import main

    flags = (["--store", f"oxigraph:{out}/store"] if sink == "store" else ["--no-validate"])
    args = ["build", str(corpus), "--out", str(out), *flags, "--no-html", "--workers",
            str(workers)]
    output = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(output):
        main.main(args, standalone_mode=False)
    seconds = time.perf_counter() - started
    rss_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    summary = output.getvalue()

    def count(name: str) -> int:
        found = re.search(rf"^{name}\s+([\d,]+)", summary, re.MULTILINE)
        return int(found.group(1).replace(",", "")) if found else 0

    import pyoxigraph as ox

    triples = (len(ox.Store.read_only(f"{out}/store")) if sink == "store" else
               sum(1 for _ in ox.parse(path=out / "graph.ttl", format=ox.RdfFormat.TURTLE)))
    return {"seconds": seconds, "words": count("words"), "documents": count("documents"),
            "statements": count("statements"), "triples": triples,
            "rss_main_mb": rss_main, "rss_children_mb": rss_children}


# -- the parent: sampling the child's process tree ---------------------------------------

def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:  # the process has just ended
        return ""


def _kb(text: str, key: str) -> int:
    found = re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it (from the parent ids in ``/proc/*/stat``)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _read(f"/proc/{entry}/stat")
            if stat:
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


@dataclass
class TreeSample:
    """Peaks seen while sampling a build's process tree."""

    hwm_kb: dict[int, int] = field(default_factory=dict)  # pid → peak RSS (VmHWM)
    helpers: set[int] = field(default_factory=set)  # e.g. multiprocessing's resource tracker
    tree_pss_kb: int = 0
    samples: int = 0

    def sample(self, root: int) -> None:
        pss = 0
        for pid in _descendants(root):
            status = _read(f"/proc/{pid}/status")
            if not status:
                continue
            self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), _kb(status, "VmHWM"))
            if pid != root and "resource_tracker" in _read(f"/proc/{pid}/cmdline"):
                self.helpers.add(pid)
            pss += _kb(_read(f"/proc/{pid}/smaps_rollup"), "Pss")
        self.tree_pss_kb = max(self.tree_pss_kb, pss)
        self.samples += 1


def measure(corpus: Path, out: Path, workers: int, interval: float,
            sink: str) -> dict[str, float]:
    """One build in a child process, its process tree sampled until it ends."""
    command = [sys.executable, __file__, "--child", str(corpus), "--out", str(out),
               "--workers", str(workers), "--sink", sink]
    tree = TreeSample()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as child:
        while child.poll() is None:
            tree.sample(child.pid)
            time.sleep(interval)
        stdout, stderr = child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"build failed ({child.returncode}):\n{stderr}")
    result: dict[str, float] = json.loads(stdout.strip().splitlines()[-1])
    workers_kb = [kb for pid, kb in tree.hwm_kb.items()
                  if pid != child.pid and pid not in tree.helpers]
    result.update(
        worker_count=len(workers_kb),
        rss_worker_max_mb=max(workers_kb, default=0) / 1024,
        rss_worker_sum_mb=sum(workers_kb) / 1024,
        tree_pss_mb=tree.tree_pss_kb / 1024,
        samples=tree.samples,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=50_000, help="1× the corpus, in words")
    parser.add_argument("--scale", type=int, default=10, help="the large size, × --words")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sink", choices=["store", "graph", "both"], default="both")
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # the corpus to build
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(build_child(args.child, args.out, args.workers, args.sink)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpora = {}  # scale → (folder, words, files)
        for scale in (1, args.scale):
            folder = Path(tmp) / f"corpus-{scale}x"
            corpora[scale] = (folder, *make_corpus(args.words * scale, folder))
        for sink in (["store", "graph"] if args.sink == "both" else [args.sink]):
            run(corpora, Path(tmp), args, sink)


def run(corpora: dict[int, tuple[Path, int, int]], tmp: Path, args: argparse.Namespace,
        sink: str) -> None:
    """Both sizes with one sink; the ratios."""
    flags = "--store oxigraph:OUT/store" if sink == "store" else "--no-validate"
    print(f"kg build CORPUS --out OUT {flags} --no-html --workers {args.workers}; "
          f"peak RSS in MB (tree: peak total PSS)")
    rows: dict[int, dict[str, float]] = {}
    for scale in (1, args.scale):
        corpus, words, files = corpora[scale]
        r = measure(corpus, tmp / f"out-{sink}-{scale}x", args.workers, args.interval,
                    sink)
        rows[scale] = r
        print(f"{scale:3}× {words:9,} words, {files:5,} files, {r['statements']:8,.0f} "
              f"statements, {r['triples']:10,.0f} triples, {r['seconds']:6.1f} s:  "
              f"main {r['rss_main_mb']:5.0f}  workers max {r['rss_worker_max_mb']:5.0f}, "
              f"sum {r['rss_worker_sum_mb']:5.0f} ({r['worker_count']:.0f}; "
              f"RUSAGE_CHILDREN {r['rss_children_mb']:.0f})  "
              f"main+workers {r['rss_main_mb'] + r['rss_worker_sum_mb']:5.0f}  "
              f"tree {r['tree_pss_mb']:5.0f}", flush=True)
    small, large = rows[1], rows[args.scale]
    checks = {
        "main process": (large["rss_main_mb"], small["rss_main_mb"]),
        "largest worker": (large["rss_worker_max_mb"], small["rss_worker_max_mb"]),
        "main + workers (RSS sum)": (large["rss_main_mb"] + large["rss_worker_sum_mb"],
                                     small["rss_main_mb"] + small["rss_worker_sum_mb"]),
        "whole tree (PSS)": (large["tree_pss_mb"], small["tree_pss_mb"]),
    }
    for name, (big, base) in checks.items():
        if not base and not big:
            print(f"peak {name:25} {args.scale}×/1×: n/a (no worker processes)")
            continue
        ratio = big / base if base else float("inf")
        verdict = "pass" if ratio <= RATIO_WANTED else "FAIL"
        print(f"[{sink}] peak {name:25} {args.scale}×/1×: {ratio:.2f}  (≤ {RATIO_WANTED:.2f}) "
              f"{verdict}", flush=True)


if __name__ == "__main__":
    main()
