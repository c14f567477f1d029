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
