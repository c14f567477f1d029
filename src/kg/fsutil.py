"""Safe file output: atomic writes (a reader never sees a half-written file), a lock file
that keeps two processes from writing one folder at once, and temporaries a killed process
left behind swept away by the next one.

Every temporary kg makes carries its process id in its name: ``kg-KIND-PID-XXXX`` folders in
the system's temporary directory (``temporary_folder``) and ``.NAME.PID-XXXX.tmp`` files
beside their targets (``atomic_open``). A process ended outright (SIGKILL, the OOM killer)
cannot remove them; ``sweep_temporaries`` removes those whose process no longer runs.
"""

from __future__ import annotations

import contextvars
import glob
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

#: The renames an ``atomic_together`` block has put off (temporary file, target).
_together: contextvars.ContextVar[list[tuple[str, Path]] | None] = contextvars.ContextVar(
    "kg_atomic_together", default=None)


@contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success rename it over ``path`` (inside an
    ``atomic_together`` block: when the block ends).

    On any error the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}-", suffix=TEMPORARY,
                               dir=target.parent)
    try:
        with (open(fd, mode) if "b" in mode
              else open(fd, mode, encoding="utf-8", newline="")) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the usual mode
        group = _together.get()
        if group is None:
            os.replace(tmp, target)
        else:
            group.append((tmp, target))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


TEMPORARY = ".tmp"  # the suffix of atomic_open's temporary files


@contextmanager
def atomic_together(before: Callable[[], None] | None = None) -> Iterator[None]:
    """Every ``atomic_open`` in the block renames its file when the block ends, all together
    (interrupts held back meanwhile; ``before`` runs first, in the same step): an error or
    an interrupt before leaves every target as it was."""
    group: list[tuple[str, Path]] = []
    token = _together.set(group)
    try:
        yield
        _together.reset(token)
        with interrupts_deferred():
            if before is not None:
                before()
            while group:
                tmp, target = group[0]
                os.replace(tmp, target)
                group.pop(0)
    finally:
        if _together.get() is group:
            _together.reset(token)
        for tmp, _ in group:
            Path(tmp).unlink(missing_ok=True)


def remove_temporaries(folder: str | os.PathLike[str], names: Iterable[str]) -> None:
    """Remove what ``atomic_open`` of ``folder/NAME`` left when its process was killed; only
    safe while no other process writes those files (under the folder's lock)."""
    for name in names:
        for path in Path(folder).glob(f".{glob.escape(name)}.*{TEMPORARY}"):
            path.unlink(missing_ok=True)


#: ``kg-KIND-PID-XXXX`` (``temporary_folder``) and ``.NAME.PID-XXXX.tmp`` (``atomic_open``).
_FOLDER = re.compile(r"kg-[a-z]+-(\d+)-[a-z0-9_]+")
_FILE = re.compile(r"\..+\.(\d+)-[a-z0-9_]+" + re.escape(TEMPORARY))


def temporary_folder(kind: str, dir: str | os.PathLike[str] | None = None
                     ) -> tempfile.TemporaryDirectory[str]:
    """A ``tempfile.TemporaryDirectory`` named ``kg-KIND-PID-…`` (``kind``: lower-case
    letters), so that ``sweep_temporaries`` knows whose it is."""
    return tempfile.TemporaryDirectory(prefix=f"kg-{kind}-{os.getpid()}-", dir=dir)


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists (another user's counts; so does a zombie)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def sweep_temporaries(folder: str | os.PathLike[str] | None = None) -> int:
    """Remove the ``temporary_folder`` folders in ``folder`` (the system's temporary directory
    by default) that are this user's and whose process is gone; how many. A folder whose
    process id was taken again by a new process is left for a later sweep."""
    root = os.fspath(folder) if folder is not None else tempfile.gettempdir()
    removed = 0
    try:
        entries = list(os.scandir(root))
    except OSError:
        return 0
    for entry in entries:
        found = _FOLDER.fullmatch(entry.name)
        try:
            if found is None or _running(int(found[1])) or \
                    not entry.is_dir(follow_symlinks=False) or \
                    entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed += 1
    return removed


def sweep_files(folder: str | os.PathLike[str], pattern: str = f"*{TEMPORARY}") -> int:
    """Remove ``atomic_open``'s temporary files under ``folder`` (those ``pattern`` globs,
    e.g. ``*/.*.tmp``) whose process is gone; how many."""
    removed = 0
    for path in Path(folder).glob(pattern):
        found = _FILE.fullmatch(path.name)
        if found is not None and not _running(int(found[1])):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


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
                wait: bool = False, waiting: Callable[[int | None], None] | None = None,
                remove: bool = False) -> Iterator[Path]:
    """Hold the lock file ``folder/name`` (holding this process's id) while the block runs.

    When another process holds it, raise ``LockHeld`` or, with ``wait``, call ``waiting`` with
    its id and wait. A folder this call created is removed again if nothing else was put in it;
    ``remove``: the lock file is removed in any case (a waiter then takes a new one).
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
            if remove or (created and all(p == path for p in target.iterdir())):
                path.unlink()
            if created and not any(target.iterdir()):
                target.rmdir()
        except OSError:
            pass
        os.close(fd)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs (a few renames that must all happen
    or none); one that came meanwhile is raised again after it. Off the main thread (where
    handlers cannot be set) the block just runs."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, _frame: Any) -> None:
        caught.append(signum)

    previous = {signum: signal.signal(signum, hold)
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if caught:
            signal.raise_signal(caught[0])
