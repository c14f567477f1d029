"""Worker start-up by start method: the time from ``LocalExecutor.start`` to the outputs of the
first batch (one short sentence) on each of N workers, for fork (kg's default on Linux),
forkserver (with and without kg's modules preloaded in the server) and spawn.

Forking a parent that runs threads (each worker's pool has a manager thread; tqdm has one) can
in rare cases leave a child blocked on a lock another thread held at the fork; forkserver
forks from a single-threaded server instead. This measures what that would cost.

    python benchmarks/start_method.py [--workers 2] [--rounds 5]

Each method runs in its own process (the forkserver and its preload are per process), the
methods interleaved round by round; medians, and the ratio to fork.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

METHODS = ["fork", "forkserver", "forkserver+preload", "spawn"]

ROUND = """\
import multiprocessing, sys, time
from kg.build.executor import Job
from kg.build.local import LocalExecutor
from kg.extract import DEFAULT_EXTRACTOR
from kg.model import Document
from kg.nlp.loader import DEFAULT_MODEL, check_model

def main():
    method, workers = sys.argv[1], int(sys.argv[2])
    check_model(DEFAULT_MODEL)  # as kg build does in its main process (imports spaCy)
    if method == "forkserver+preload":
        multiprocessing.set_forkserver_preload(["kg.build.executor", "kg.build.local"])
        method = "forkserver"
    executor = LocalExecutor(workers, method)
    started = time.perf_counter()
    executor.start(Job(DEFAULT_MODEL, DEFAULT_EXTRACTOR))
    batch = [Document("d", "The court denied the request.")]
    pending = [executor.submit(batch) for _ in range(workers)]  # one on each worker
    for p in pending:
        p.result()
    print(time.perf_counter() - started)
    executor.close()

if __name__ == "__main__":
    main()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    times: dict[str, list[float]] = {m: [] for m in METHODS}
    for _ in range(args.rounds):
        for method in METHODS:
            done = subprocess.run([sys.executable, "-c", ROUND, method, str(args.workers)],
                                  capture_output=True, text=True, check=True)
            times[method].append(float(done.stdout.split()[-1]))
    fork = statistics.median(times["fork"])
    print(f"{args.workers} workers, {args.rounds} rounds: seconds to the first outputs")
    for method, values in times.items():
        median = statistics.median(values)
        print(f"{method:20s} median {median:5.2f} s  ({median / fork:4.2f}× fork)   "
              + " ".join(f"{v:.2f}" for v in values))


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)")
