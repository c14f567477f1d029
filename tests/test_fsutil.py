from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kg.fsutil import atomic_open, atomic_write_text


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
