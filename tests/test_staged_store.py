"""A ``--store`` build's new store is made beside the old one and swapped in only when complete
(``kg.store.staged``): the old store untouched until then, what a killed build left cleared by
the next one, one build of a store at a time, a running server left on the old graph."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import GraphError
from kg.store import staged
from kg.store.oxigraph import open_store
from kg.store.serve import find_oxigraph, free_port
from kg.store.staged import StagedStore


def quads(tag: str, count: int) -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode(f"http://example.org/{tag}/{i}"),
                    ox.NamedNode("http://example.org/p"), ox.Literal(f"{tag} {i}"))
            for i in range(count)]


def build(path: Path, tag: str, count: int = 3) -> None:
    new = StagedStore(path)
    assert new.store is not None
    new.store.extend(quads(tag, count))
    new.commit()


def subjects(path: Path) -> set[str]:
    store = open_store(path, read_only=True)
    return {q.subject.value for q in store.quads_for_pattern(None, None, None)}


def files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_the_new_store_replaces_the_old_one_only_on_commit(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build(path, "old")
    before = files(path)
    new = StagedStore(path)
    assert new.store is not None
    new.store.extend(quads("new", 5))
    new.store.flush()
    assert files(path) == before  # building: the old store as it was, byte for byte
    graph = new.graph()
    new.commit()
    assert subjects(path) == {f"http://example.org/new/{i}" for i in range(5)}
    assert len(graph) == 5  # a graph made on the new store reads it at its place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no lock, no leftover


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_rebuild_swaps_with_either_way_of_renaming(tmp_path: Path, exchange: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if not exchange:
        monkeypatch.setattr(staged, "_exchange", lambda a, b: False)
    path = tmp_path / "store"
    build(path, "one")
    build(path, "two", 4)
    assert subjects(path) == {f"http://example.org/two/{i}" for i in range(4)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_an_aborted_build_leaves_the_old_store_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build(path, "old")
    before = files(path)
    new = StagedStore(path)
    assert new.store is not None
    new.store.extend(quads("new", 50))
    new.abort()
    assert files(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_first_build_that_fails_leaves_no_store(tmp_path: Path) -> None:
    new = StagedStore(tmp_path / "out" / "store")
    new.abort()
    assert not (tmp_path / "out").exists()


def test_the_next_build_clears_what_a_killed_one_left(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build(path, "old")
    (tmp_path / ".store.kg-new").mkdir()
    (tmp_path / ".store.kg-new" / "000009.log").write_bytes(b"half a store")
    build(path, "new")
    assert subjects(path) == {f"http://example.org/new/{i}" for i in range(3)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_a_store_moved_aside_by_a_killed_swap_is_put_back(tmp_path: Path) -> None:
    """Killed between the two renames (where renameat2 is missing): the old store is back
    before anything else happens."""
    path = tmp_path / "store"
    build(path, "old")
    path.rename(tmp_path / ".store.kg-old")
    new = StagedStore(path)
    assert subjects(path) == {f"http://example.org/old/{i}" for i in range(3)}
    new.abort()
    assert subjects(path) == {f"http://example.org/old/{i}" for i in range(3)}


def test_a_folder_that_is_not_a_store_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(GraphError, match="exists and is not an Oxigraph store"):
        StagedStore(tmp_path / "notes")
    (tmp_path / "file").write_text("mine", encoding="utf-8")
    with pytest.raises(GraphError, match="exists and is not an Oxigraph store"):
        StagedStore(tmp_path / "file")
    assert (tmp_path / "notes" / "a.txt").read_text(encoding="utf-8") == "mine"


HOLD = """\
import sys
from kg.store.staged import StagedStore
new = StagedStore(sys.argv[1])
print("building", flush=True)
sys.stdin.readline()
new.abort()
"""
WRITE = """\
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
"""


def holder(script: str, path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", script, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline() in ("building\n", "open\n")
    return proc


def test_a_second_build_of_the_same_store_refuses_with_the_pid(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build(path, "old")
    first = holder(HOLD, path)
    try:
        with pytest.raises(GraphError) as error:
            StagedStore(path)
        assert str(error.value) == (f"{path} is being written by another kg build (PID "
                                    f"{first.pid}); wait for it to finish")
    finally:
        first.communicate("\n", timeout=30)
    build(path, "new")  # free again
    assert subjects(path) == {f"http://example.org/new/{i}" for i in range(3)}


def test_a_store_open_for_writing_elsewhere_is_not_swapped(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build(path, "old")
    writer = holder(WRITE, path)
    try:
        with pytest.raises(GraphError, match="open for writing by another process"):
            StagedStore(path)
    finally:
        writer.communicate("\n", timeout=30)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def count(port: int) -> str:
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) {?s ?p ?o}"})
    request = urllib.request.Request(f"http://127.0.0.1:{port}/query?{query}",
                                     headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(response.read().decode("utf-8").split()[1])


def serve(path: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    proc = subprocess.Popen([find_oxigraph(), "serve-read-only", "--location", str(path),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            count(port)
            return proc, port
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise
            time.sleep(0.1)


def test_a_server_on_the_old_store_keeps_answering_from_it(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build(path, "old", 2000)
    server, port = serve(path)
    try:
        assert count(port) == "2000"
        build(path, "new", 3000)
        assert count(port) == "2000"  # its files stay readable after the swap removed them
    finally:
        server.terminate()
        server.wait(timeout=30)
    server, port = serve(path)
    try:
        assert count(port) == "3000"  # the next server serves the new graph
    finally:
        server.terminate()
        server.wait(timeout=30)
