"""Interrupting ``kg build``: SIGINT, SIGTERM and SIGKILL, to its main process or to its whole
process group, during a file build and during a ``--store`` build.

Each case builds over the outputs of a previous build and is signalled once it is under way
(its first documents parsed; for a store build, the new store being written). Then: exit 130
(killed, for SIGKILL), no traceback, the previous outputs byte for byte as they were, no
process of the build left after 5 s, and the next run gives exactly what a clean build gives.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

# Test knobs, set in the build's process: batches of a few documents and store writes every
# few hundred triples, so that a small corpus is parsed, cached and stored in many steps.
DRIVER = """\
import functools, importlib, sys
options = importlib.import_module("kg.build.options")  # kg.build is also a function
sinks = importlib.import_module("kg.rdf.sinks")
options.BuildOptions = functools.partial(options.BuildOptions, batch_chars=2_000)
sinks.FLUSH_TRIPLES = 200
from kg.cli import main
main(sys.argv[1:], prog_name="kg")
"""

PEOPLE = ["Maria Lopez", "Samir Haddad", "Anna Berg", "Omar Nasser", "Helen Cho",
          "Lena Fischer", "Paul Reyes", "Karim Aziz"]
GROUPS = ["the Harbor City Council", "Meridian Bank", "the Coastal Workers Union",
          "Riverside University", "the Northfield Police Department"]
VERBS = ["sued", "criticized", "met", "thanked", "questioned", "supported", "contacted"]
PROCESS_GONE = 5.0  # seconds after the signal by which no process of the build may be left
PATIENCE = 180.0  # seconds a build may take on a loaded machine (not an assertion on speed)


def write_corpus(folder: Path, count: int, sentences: int = 8) -> Path:
    """``count`` short invented articles (names and events made up here)."""
    folder.mkdir(parents=True)
    cycle = itertools.cycle(itertools.product(PEOPLE, VERBS, GROUPS))
    for n in range(count):
        lines = [f"{p} {v} {g} in {1990 + (n * 7 + i) % 30}." for i, (p, v, g)
                 in zip(range(sentences), cycle, strict=False)]
        (folder / f"story{n:03d}.txt").write_text(" ".join(lines) + "\n", encoding="utf-8")
    return folder


def kg_args(source: Path, out: Path, kind: str, workers: int = 2) -> list[str]:
    args = ["build", str(source), "--out", str(out), "--no-html", "--no-validate",
            "--workers", str(workers)]
    return [*args, "--store", f"oxigraph:{out / 'store'}"] if kind == "store" else args


def run_kg(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", DRIVER, *args], capture_output=True,
                          text=True, timeout=PATIENCE, check=False)


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file under ``out`` and its bytes (not the cache, not lock files)."""
    files = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and not relative.startswith(".kg-cache/") \
                and not relative.endswith(".kg-build.lock"):
            files[relative] = path.read_bytes()
    return files


def store_lines(path: Path) -> list[str]:
    from kg.rdf import serialize
    from kg.store.oxigraph import open_store

    return serialize.store_lines(open_store(path, read_only=True))


def cached(out: Path) -> int:
    return sum(1 for _ in (out / ".kg-cache").rglob("*.nt"))


def store_written(out: Path) -> bool:
    """Whether the new store beside ``out/store`` holds some of the build's triples (its
    write-ahead log, or the table files Oxigraph's bulk loader writes, ``kg.rdf.sinks``)."""
    return sum(_size(p) for pattern in ("*.log", "*.sst")
               for p in (out / ".store.kg-new").glob(pattern)) > 10_000


def _size(path: Path) -> int:
    """The size of a file the build may have moved since it was listed (0: gone)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except FileNotFoundError:  # a bulk-loaded table file, ingested into the store meanwhile
        return 0


def group_members(group: int) -> list[int]:
    """Live (not zombie) processes of process group ``group``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (command)"
        if fields[0] != "Z" and int(fields[2]) == group:
            members.append(int(entry.name))
    return members


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen[str], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if proc.poll() is not None:
            raise AssertionError(f"the build ended ({proc.returncode}) before {what}: "
                                 f"{proc.communicate()[1]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {PATIENCE:.0f} s")
        time.sleep(0.02)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small corpus for the previous build and a bigger one for the interrupted build."""
    root = tmp_path_factory.mktemp("corpora")
    return write_corpus(root / "before", 3), write_corpus(root / "after", 24)


_built: dict[tuple[str, str], Path] = {}


def built(kind: str, which: str, corpora: tuple[Path, Path],
          factory: pytest.TempPathFactory) -> Path:
    """The output folder of one uninterrupted build (``which``: "before" or "after"), made once
    per module and kind."""
    key = (kind, which)
    if key not in _built:
        out = factory.mktemp(f"{kind}-{which}") / "out"
        done = run_kg(kg_args(corpora[0] if which == "before" else corpora[1], out, kind))
        assert done.returncode == 0, done.stderr
        _built[key] = out
    return _built[key]


@pytest.mark.parametrize("kind", ["file", "store"])
@pytest.mark.parametrize("target", ["main", "group"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_an_interrupted_build_leaves_the_previous_outputs_and_no_process(
        kind: str, target: str, signum: int, corpora: tuple[Path, Path], tmp_path: Path,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path / "out"
    shutil.copytree(built(kind, "before", corpora, tmp_path_factory), out)
    before, entries = snapshot(out), cached(out)
    assert "graph.ttl" in before and (kind == "file") != ("store/CURRENT" in before)

    proc = subprocess.Popen([sys.executable, "-c", DRIVER, *kg_args(corpora[1], out, kind)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own process group, as in a shell
    try:
        wait_for(lambda: cached(out) > entries and (kind == "file" or store_written(out)),
                 proc, "progress")
        signalled = time.monotonic()
        if target == "group":
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        _, err = proc.communicate(timeout=PATIENCE)
        while group_members(proc.pid) and time.monotonic() < signalled + PROCESS_GONE:
            time.sleep(0.05)
        assert group_members(proc.pid) == [], "a process of the build outlived it"
    finally:
        if group_members(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    assert "Traceback" not in err
    if signum == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert (proc.returncode, err) == (130, "Interrupted.\n")
    after = snapshot(out)
    if signum == signal.SIGKILL:  # it could not clean up: the next run does
        after = {name: data for name, data in after.items()
                 if not name.startswith(".store.kg-new/") and not name.endswith(".tmp")}
    else:  # (after SIGKILL, a kg command of anyone's may already have swept its folders)
        assert left_behind(proc.pid) == []
    assert after == before

    rerun = run_kg(kg_args(corpora[1], out, kind, workers=1))  # one model to load, same bytes
    assert rerun.returncode == 0, rerun.stderr
    parsed = re.search(r"cache +(\d+) reused, (\d+) parsed", rerun.stdout)
    assert parsed is not None and int(parsed[2]) > 0, "the build was not under way"
    clean = built(kind, "after", corpora, tmp_path_factory)
    outside_store = {name for name in snapshot(out) if not name.startswith("store/")}
    assert outside_store == {"graph.ttl"}  # nothing left over
    assert (out / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
    if kind == "store":
        assert store_lines(out / "store") == store_lines(clean / "store")
    assert left_behind(proc.pid) == []  # the killed build's temporary folders were swept
    assert list((out / ".kg-cache").rglob("*.tmp")) == []  # and its half-written entries


def left_behind(pid: int) -> list[Path]:
    """The temporary folders of process ``pid`` (``kg.fsutil.temporary_folder``)."""
    return sorted(Path(tempfile.gettempdir()).glob(f"kg-*-{pid}-*"))


def test_the_next_build_sweeps_what_a_killed_one_left(corpora: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    """A spill folder, a half-written cache entry and a half-written graph.ttl of a build that
    was killed (a process that has ended) are gone after the next build; a folder of a running
    process stays."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = tmp_path / "out"
    assert run_kg(kg_args(corpora[0], out, "file", workers=1)).returncode == 0
    [version] = (out / ".kg-cache").iterdir()
    entry = next(version.glob("*/*.json"))
    half = entry.parent / f".{entry.name}.{dead.pid}-a1b2c3d4.tmp"
    half.write_text('{"half', encoding="utf-8")
    spill = Path(tempfile.mkdtemp(prefix=f"kg-build-{dead.pid}-"))
    (spill / "graph.nt").write_text("<a> <b> <c> .\n", encoding="utf-8")
    live = Path(tempfile.mkdtemp(prefix=f"kg-serve-{os.getpid()}-"))
    ttl = out / f".graph.ttl.{dead.pid}-e5f6g7h8.tmp"
    ttl.write_text("@prefix", encoding="utf-8")
    try:
        assert run_kg(kg_args(corpora[0], out, "file", workers=1)).returncode == 0
        assert not half.exists() and not spill.exists() and not ttl.exists()
        assert entry.is_file() and live.is_dir()
    finally:
        shutil.rmtree(spill, ignore_errors=True)
        shutil.rmtree(live, ignore_errors=True)


LOADING = """\
import time
from kg.signals import command_startup
with command_startup():
    print("loading", flush=True)
    time.sleep(120)
"""


@pytest.mark.parametrize("name", ["kg", "script.py"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupt_while_kg_loads_ends_the_command_quietly(
        name: str, signum: int, tmp_path: Path) -> None:
    """The ``kg`` command (here a script named kg) is interrupted quietly while its modules
    load; any other program importing kg keeps Python's own handling."""
    script = tmp_path / name
    script.write_text(LOADING, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "loading\n"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    if name == "kg":
        assert (proc.returncode, err) == (130, "Interrupted.\n")
    elif signum == signal.SIGTERM:
        assert proc.returncode == -signal.SIGTERM
    else:
        assert proc.returncode == -signal.SIGINT and err.rstrip().endswith("KeyboardInterrupt")


def test_kg_serve_killed_outright_takes_its_oxigraph_server_with_it(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"
    graph.write_text("<http://example.org/a> <http://example.org/p> \"v\" .\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(graph), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("SPARQL endpoint")
        assert len(group_members(proc.pid)) == 2  # kg and the oxigraph server
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=PATIENCE)
        killed = time.monotonic()
        while group_members(proc.pid) and time.monotonic() < killed + PROCESS_GONE:
            time.sleep(0.05)
        assert group_members(proc.pid) == []
    finally:
        if group_members(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
