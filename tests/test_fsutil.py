from __future__ import annotations

import signal
import stat
from pathlib import Path

import pytest

from kg.fsutil import atomic_open, atomic_together, atomic_write_text, remove_temporaries


def test_atomic_write_replaces_and_uses_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "g.ttl"
    target.write_text("old", encoding="utf-8")
    atomic_write_text(target, "new ✓\n")
    assert target.read_text(encoding="utf-8") == "new ✓\n"
    assert stat.S_IMODE(target.stat().st_mode) & 0o044  # readable by others, not 0600
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "g.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_writes_together_are_renamed_together_at_the_end(tmp_path: Path) -> None:
    one, two = tmp_path / "graph.ttl", tmp_path / "graph.html"
    one.write_text("old 1", encoding="utf-8")
    two.write_text("old 2", encoding="utf-8")
    seen = []
    with atomic_together(before=lambda: seen.append(one.read_text(encoding="utf-8"))):
        atomic_write_text(one, "new 1")
        assert one.read_text(encoding="utf-8") == "old 1"  # not yet
        atomic_write_text(two, "new 2")
    assert seen == ["old 1"]  # ``before`` runs first, in the same step
    assert (one.read_text(encoding="utf-8"), two.read_text(encoding="utf-8")) == \
        ("new 1", "new 2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html", "graph.ttl"]


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_an_error_before_the_end_of_writes_together_changes_nothing(
        tmp_path: Path, error: type[BaseException]) -> None:
    one, two = tmp_path / "graph.ttl", tmp_path / "graph.html"
    one.write_text("old 1", encoding="utf-8")
    with pytest.raises(error), atomic_together():
        atomic_write_text(one, "new 1")
        atomic_write_text(two, "new 2")
        raise error
    assert one.read_text(encoding="utf-8") == "old 1" and not two.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_an_interrupt_while_renaming_comes_after_all_renames(tmp_path: Path) -> None:
    one, two = tmp_path / "a", tmp_path / "b"
    with pytest.raises(KeyboardInterrupt), atomic_together(
            before=lambda: signal.raise_signal(signal.SIGINT)):
        atomic_write_text(one, "1")
        atomic_write_text(two, "2")
    assert (one.read_text(encoding="utf-8"), two.read_text(encoding="utf-8")) == ("1", "2")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_temporaries_of_a_killed_writer_are_removed(tmp_path: Path) -> None:
    (tmp_path / ".graph.ttl.x1y2.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".notes.txt.x1y2.tmp").write_text("someone else's", encoding="utf-8")
    (tmp_path / "graph.ttl").write_text("whole", encoding="utf-8")
    remove_temporaries(tmp_path, ["graph.ttl", "graph.html"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.txt.x1y2.tmp", "graph.ttl"]


def _dead_pid() -> int:
    """The id of a process that has ended (and been waited for)."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_sweep_removes_the_temporary_folders_of_ended_processes_only(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from kg.fsutil import sweep_temporaries, temporary_folder

    dead = _dead_pid()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = tmp_path / f"kg-build-{dead}-abc123_x"
        (stale / "runs").mkdir(parents=True)
        (stale / "runs" / "run0").write_bytes(b"x" * 100)
        running = tmp_path / f"kg-serve-{alive.pid}-zz9"
        running.mkdir()
        other = tmp_path / f"kg-build-{dead}"  # not a name kg gives (no random part)
        other.mkdir()
        mine = temporary_folder("validate", dir=tmp_path)
        assert Path(mine.name).name.startswith(f"kg-validate-{os.getpid()}-")
        assert sweep_temporaries(tmp_path) == 1
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [running.name, other.name, Path(mine.name).name])
        mine.cleanup()
    finally:
        alive.kill()
        alive.wait()


def test_sweep_files_removes_atomic_temporaries_of_ended_processes(tmp_path: Path) -> None:
    import os

    from kg.fsutil import sweep_files

    entries = tmp_path / "v1" / "ab"
    entries.mkdir(parents=True)
    dead = _dead_pid()
    stale = entries / f".abcd.json.{dead}-k2j4h5g6.tmp"
    own = entries / f".abce.json.{os.getpid()}-k2j4h5g6.tmp"
    entry = entries / "abcd.json"
    for path in (stale, own, entry):
        path.write_text("{}", encoding="utf-8")
    with atomic_open(entries / "abcf.json") as handle:  # its temporary carries this PID
        handle.write("{}")
        [temporary] = [p for p in entries.iterdir() if p.name.startswith(".abcf.json.")]
        assert temporary.name.startswith(f".abcf.json.{os.getpid()}-")
        assert sweep_files(tmp_path / "v1", "*/.*.tmp") == 1
    assert sorted(p.name for p in entries.iterdir()) == sorted(
        [own.name, entry.name, "abcf.json"])
