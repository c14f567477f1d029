"""One build at a time into one ``--out``: the lock file in OUT, ``--wait``, and a lock that
dies with its process (however it dies)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ARTICLE = "Federal agents detained Leila Haddad in Oakport on Tuesday.\n"
HOLD = ("import sys\nfrom kg.fsutil import folder_lock\n"
        "with folder_lock(sys.argv[1]):\n    print('locked', flush=True)\n    sys.stdin.readline()\n")


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path / "in"


def hold(out: Path) -> subprocess.Popen[str]:
    """Another process that holds OUT's build lock until its stdin gets a line."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
    return proc


def build(source: Path, out: Path, *extra: str):
    return CliRunner().invoke(main, ["build", str(source), "--out", str(out), "--no-html",
                                     "--workers", "1", *extra])


def test_a_second_build_into_the_same_out_refuses_with_the_pid(source: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = hold(out)
    try:
        result = build(source, out)
        assert result.exit_code == 1
        assert result.output == (f"Error: {out} is being written by another kg build (PID "
                                 f"{holder.pid}); wait for it to finish, or pass --wait\n")
        assert not (out / "graph.ttl").exists()
    finally:
        holder.communicate("\n", timeout=10)
    assert build(source, out).exit_code == 0  # free again once the holder is done
    assert (out / "graph.ttl").is_file()


def test_wait_waits_for_the_running_build(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = hold(out)
    waiter = subprocess.Popen([sys.executable, "-m", "kg", "build", str(source), "--out",
                               str(out), "--no-html", "--workers", "1", "--wait"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert waiter.stderr is not None
        line = waiter.stderr.readline()
        assert line == f"waiting for the kg build writing {out} (PID {holder.pid}) to finish\n"
        assert waiter.poll() is None and not (out / "graph.ttl").exists()
    finally:
        holder.communicate("\n", timeout=10)
    _, err = waiter.communicate(timeout=120)
    assert waiter.returncode == 0, err
    assert (out / "graph.ttl").is_file()


def test_the_lock_dies_with_a_killed_holder(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = hold(out)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert build(source, out).exit_code == 0


def test_a_failed_first_build_leaves_no_out_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = build(tmp_path / "empty.txt", tmp_path / "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()
