"""Sorting more N-Triples lines than fit in memory: sorted runs on disk, merged.

``LineSorter`` takes lines (UTF-8 bytes, each ending in ``\\n``) in any order. Whenever it
holds ``RUN_BYTES`` of them it sorts them, drops repeats and writes them to a *run* file in
its folder; ``finish`` merges the runs (``heapq.merge``, at most ``FAN_IN`` files open at
once) into one file of all the lines sorted, each once: the canonical form of
``kg.rdf.serialize``. UTF-8 bytes sort in the order of their code points, so the file's order
is that of ``sorted`` on the lines as strings. Memory is bounded by ``RUN_BYTES`` (the lines
held, sorted in place and written one by one: no second copy), whatever the number of lines.
"""

from __future__ import annotations

import heapq
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO

RUN_BYTES = 4 << 20  # line bytes held before they are written as a sorted run
FAN_IN = 64  # runs merged at once (each read through a buffer of RUN_BYTES / FAN_IN)


def read_lines(path: str | os.PathLike[str]) -> Iterator[list[bytes]]:
    """The lines of the file ``path`` (only ``\\n`` ends a line), in lists of about
    ``RUN_BYTES``."""
    with open(path, "rb") as handle:
        while chunk := handle.readlines(RUN_BYTES):
            yield chunk


def _unique(lines: Iterable[bytes], out: IO[bytes]) -> int:
    """Write sorted ``lines`` to ``out`` without repeats; how many were written."""
    count, last = 0, None
    write = out.write
    for line in lines:
        if line != last:
            write(line)
            count += 1
            last = line
    return count


class LineSorter:
    """Lines in, one sorted file of them (each once) out; see the module docstring."""

    def __init__(self, folder: str | os.PathLike[str], run_bytes: int | None = None) -> None:
        self.folder = Path(folder)
        self.run_bytes = run_bytes or RUN_BYTES
        self._held: list[bytes] = []
        self._size = 0
        self._runs: list[Path] = []
        self._names = itertools.count()

    def add(self, lines: Sequence[bytes]) -> None:
        self._held += lines
        self._size += sum(map(len, lines))
        if self._size >= self.run_bytes:
            self._spill()

    def _run_path(self) -> Path:
        return self.folder / f"run-{next(self._names):06d}.nt"

    def _spill(self) -> None:
        if self._held:
            path = self._run_path()
            self._held.sort()  # in place, repeats written once: no set, no joined copy
            with open(path, "wb") as out:
                _unique(self._held, out)
            self._runs.append(path)
        self._held, self._size = [], 0

    def finish(self, target: str | os.PathLike[str]) -> int:
        """Write every line added, sorted and each once, to ``target``; how many lines."""
        if not self._runs:  # everything is still here: one sort, no merge
            held, self._held, self._size = self._held, [], 0
            held.sort()
            with open(target, "wb") as out:
                return _unique(held, out)
        self._spill()
        while len(self._runs) > FAN_IN:
            first, self._runs = self._runs[:FAN_IN], self._runs[FAN_IN:]
            merged = self._run_path()
            _merge(first, merged)
            self._runs.append(merged)
        runs, self._runs = self._runs, []
        return _merge(runs, Path(target))


def _merge(runs: list[Path], target: Path) -> int:
    """Merge the sorted ``runs`` into ``target`` (each line once) and delete them."""
    with ExitStack() as stack:
        buffer = max(RUN_BYTES // FAN_IN, 4096)
        files = [stack.enter_context(open(run, "rb", buffering=buffer)) for run in runs]
        out = stack.enter_context(open(target, "wb", buffering=buffer))
        count = _unique(heapq.merge(*files), out)
    for run in runs:
        run.unlink()
    return count
