"""Big graph files: time and peak RSS of ``kg query`` and ``kg validate`` on a ~90 MB graph.ttl.

    python benchmarks/bigfile.py                       # ~90 MB from ../shared/corpus
    python benchmarks/bigfile.py --mb 20 --seed examples
    python benchmarks/bigfile.py --graph big/graph.ttl # measure an existing file
    python benchmarks/bigfile.py --mb 10 --keep g.ttl --make-only

The file is real kg output made bigger: ``kg build SEED --out DIR`` once (the shared corpus,
or ``--seed FOLDER``), then that graph copied until the file is about ``--mb`` megabytes, each
copy with fresh IRIs for its documents, statements, quotes, mentions and entities (``-c7``
appended to the path segment after the kind, ``kg:documentId`` too), as if each copy were
another corpus about other people; the provenance nodes (activities, extractors) are shared.
The copies' lines are made canonical and written as Turtle by kg's own serialiser, so the file
is laid out as ``kg build`` lays out graph.ttl.

Each command runs as ``python -m kg …`` in a child process of its own; its wall time, CPU
seconds (user + system, of that child and any processes it waited for) and peak RSS
(``ru_maxrss``, from ``os.wait4``) are printed. On a loaded machine the CPU seconds are what
to compare with the time target (the sum over the command's processes, forked helpers
included):

* ``kg query FILE 'SELECT (COUNT(*) …)'`` and ``kg query FILE --saved who-did-what``;
* ``kg validate FILE``.

Targets on a ~90 MB file: query ≤ 10 s and ≤ 1 GB; validate ≤ 60 s and ≤ 1.5 GB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
BASE = "https://w3id.org/kg/id/"
SHARED_KINDS = ("activity", "extractor")  # provenance nodes: one per extractor, not per copy
TARGETS = {"query": (10.0, 1024.0), "validate": (60.0, 1536.0)}  # seconds, MB

_IRI = re.compile(r"<" + re.escape(BASE) + r"([^/>]+)/([^/>]+)")
_DOCUMENT_ID = "<https://w3id.org/kg/ns#documentId> "


def build_seed(seed: Path, out: Path) -> Path:
    """``kg build SEED --out OUT --no-html --no-validate``; the graph.ttl it wrote."""
    subprocess.run([sys.executable, "-m", "kg", "build", str(seed), "--out", str(out),
                    "--no-html", "--no-validate", "--workers", "1"], check=True,
                   stdout=subprocess.DEVNULL)
    return out / "graph.ttl"


def graph_lines(path: Path) -> list[str]:
    """The triples of a graph file as N-Triples lines."""
    import pyoxigraph as ox

    data = ox.serialize(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE),
                        format=ox.RdfFormat.N_TRIPLES) or b""
    return [line + "\n" for line in data.decode("utf-8").split("\n") if line]


def copy_lines(lines: list[str], copy: int) -> list[str]:
    """``lines`` with fresh IRIs (and document ids) for copy number ``copy``."""
    suffix = f"-c{copy}"

    def rename(match: re.Match[str]) -> str:
        kind, key = match.group(1), match.group(2)
        if kind in SHARED_KINDS:
            return match.group(0)
        return f"<{BASE}{kind}/{key}{suffix}"

    out = []
    for line in lines:
        line = _IRI.sub(rename, line)
        s, p, o = line.split(" ", 2)
        if p + " " == _DOCUMENT_ID:
            o = o[:o.rindex('"')] + suffix + o[o.rindex('"'):]
            line = f"{s} {p} {o}"
        out.append(line)
    return out


def make_graph(seed_graph: Path, megabytes: float, target: Path) -> tuple[int, int]:
    """Write ``target`` (Turtle, about ``megabytes`` MB); its copies and triples."""
    from kg.rdf import serialize
    from kg.rdf.iris import prefixes

    lines = graph_lines(seed_graph)
    copies = max(1, round(megabytes * 1e6 / seed_graph.stat().st_size))
    everything: set[str] = set()
    for copy in range(copies):
        everything.update(copy_lines(lines, copy))
    canonical = sorted(everything)
    del everything
    with open(target, "wb") as output:
        serialize.write(canonical, "turtle", prefixes(), output)
    return copies, len(canonical)


def measure(args: list[str]) -> tuple[float, float, float, int, str]:
    """Run ``python -m kg ARGS``: wall seconds, CPU seconds (user + system, with the
    children it waited for), peak RSS (MB), exit code, first lines of output."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    assert child.stdout is not None
    output = child.stdout.read().decode("utf-8", "replace")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child's and its own children's
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    child.returncode = os.waitstatus_to_exitcode(status)
    lines = [line for line in output.splitlines() if line.strip()]
    return seconds, cpu, usage.ru_maxrss / 1024, child.returncode, " | ".join(lines[:2])[:150]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=90.0, help="Size of the file to make.")
    parser.add_argument("--seed", type=Path, default=CORPUS, help="Folder to build the seed from.")
    parser.add_argument("--graph", type=Path, default=None,
                        help="Measure this graph file instead of making one.")
    parser.add_argument("--keep", type=Path, default=None, help="Write the big file here.")
    parser.add_argument("--make-only", action="store_true", help="Make the file, measure nothing.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-bigfile-") as tmp:
        graph = args.graph
        if graph is None:
            started = time.perf_counter()
            seed = build_seed(args.seed, Path(tmp) / "seed")
            graph = args.keep or Path(tmp) / "graph.ttl"
            # in a child process: a peak RSS survives fork and exec on Linux, so children of a
            # parent that held the copies in memory would report the parent's peak as theirs
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                copies, triples = pool.submit(make_graph, seed, args.mb, graph).result()
            print(f"made {graph}: {graph.stat().st_size / 1e6:.1f} MB, {triples:,} triples, "
                  f"{copies} copies of {seed.stat().st_size / 1e6:.2f} MB "
                  f"({time.perf_counter() - started:.0f} s)")
        runs = {
            "query": [["query", str(graph), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
                      ["query", str(graph), "--saved", "who-did-what", "--format", "csv"]],
            "validate": [["validate", str(graph)]],
        } if not args.make_only else {}
        if runs:
            print(f"{'command':<44} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}  target (CPU s)")
        for kind, commands in runs.items():
            seconds_wanted, mb_wanted = TARGETS[kind]
            for command in commands:
                seconds, cpu, rss, code, output = measure(command)
                ok = "ok" if cpu <= seconds_wanted and rss <= mb_wanted else "OVER"
                name = "kg " + " ".join(c if len(c) < 30 else c[:27] + "…"
                                        for c in [command[0], *command[2:]])
                print(f"{name:<44} {seconds:>7.1f} {cpu:>7.1f} {rss:>8.0f}  "
                      f"≤ {seconds_wanted:.0f} s, ≤ {mb_wanted:.0f} MB: {ok} (exit {code})")
                print(f"    {output}")


if __name__ == "__main__":
    main()
