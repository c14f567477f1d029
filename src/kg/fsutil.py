"""Safe file output: atomic writes (a reader never sees a half-written file) and a lock file
that keeps two processes from writing one folder at once."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success rename it over ``path``.

    On any error the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with (open(fd, mode) if "b" in mode
              else open(fd, mode, encoding="utf-8", newline="")) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (UTF-8, newlines as given)."""
    with atomic_open(path) as handle:
        handle.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_open(path, "wb") as handle:
        handle.write(data)


class LockHeld(Exception):
    """Another process holds the lock at ``path`` (``pid``: its process id, if it wrote one)."""

    def __init__(self, path: Path, pid: int | None) -> None:
        self.path, self.pid = path, pid
        super().__init__(f"{path} is locked by process {pid if pid is not None else '?'}")


def _holder(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _acquire(path: Path, wait: bool, waiting: Callable[[int | None], None] | None) -> int:
    """An open descriptor of ``path`` holding its lock (POSIX ``lockf``: held by this process
    only, not by forked children, and released when this process ends, however it ends)."""
    import fcntl

    while True:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                pid = _holder(path)
                if not wait:
                    raise LockHeld(path, pid) from None
                if waiting is not None:
                    waiting(pid)
                    waiting = None
                fcntl.lockf(fd, fcntl.LOCK_EX)
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                return fd
        except FileNotFoundError:
            pass  # the holder removed the file it locked: take a new one
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


@contextmanager
def folder_lock(folder: str | os.PathLike[str], *, name: str = ".kg-build.lock",
                wait: bool = False,
                waiting: Callable[[int | None], None] | None = None) -> Iterator[Path]:
    """Hold the lock file ``folder/name`` (holding this process's id) while the block runs.

    When another process holds it, raise ``LockHeld`` or, with ``wait``, call ``waiting`` with
    its id and wait. A folder this call created is removed again if nothing else was put in it.
    """
    target = Path(folder)
    created = not target.exists()
    path = target / name
    fd = _acquire(path, wait, waiting)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield path
    finally:
        try:
            if created and all(p == path for p in target.iterdir()):
                path.unlink()
                target.rmdir()
        except OSError:
            pass
        os.close(fd)
