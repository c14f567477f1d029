"""A ``--store`` build's new store: made beside the old one and swapped in only when complete.

``StagedStore(PATH)`` takes the store's build lock (``.NAME.kg-build.lock`` beside PATH: one
build of a store at a time, whatever its ``--out``), clears what an interrupted build left,
and opens an empty store in ``.NAME.kg-new`` beside PATH. ``commit()`` closes it and swaps it
in: one ``renameat2(RENAME_EXCHANGE)`` on Linux, where PATH is never missing; elsewhere two
renames, with the old store kept as ``.NAME.kg-old`` until the new one is in place.
``abort()`` removes it. Until the swap, PATH is the previous store, byte for byte.

A build killed outright (SIGKILL) leaves ``.NAME.kg-new`` or ``.NAME.kg-old``; the next build of
the store, holding the lock, removes them (and puts a ``.kg-old`` back if PATH is missing).

A server on the old store (``kg serve``, which opens all of a store's files at start) keeps
answering from the old graph, whose files stay readable until it stops; the new graph is
served by the next ``kg serve``. A store open for writing elsewhere (``kg serve --writable``)
would keep writing into files a swap removes, so the build refuses to start.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import gc
import os
import shutil
import sys
from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import GraphError
from kg.fsutil import LockHeld, folder_lock
from kg.ontology.namespace import DATA_BASE
from kg.store.oxigraph import OxigraphStore, open_store, store_graph, store_path

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` in one step (Linux ``renameat2``); False where that is
    not available (another system, an old kernel or libc, a file system without it)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _open_for_writing(path: Path) -> bool:
    """Whether another process has the store at ``path`` open for writing (RocksDB holds a
    POSIX lock on its ``LOCK`` file)."""
    lock = path / "LOCK"
    if not lock.is_file():
        return False
    import fcntl

    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the test lock
    return False


class StagedStore:
    """The store a build writes (see the module docstring); ``store`` until ``commit``."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(os.path.abspath(path))  # "." has no name to put beside it
        self.new = self.path.with_name(f".{self.path.name}.kg-new")
        self.old = self.path.with_name(f".{self.path.name}.kg-old")
        self._check_target()
        self._lock = contextlib.ExitStack()
        try:
            self._lock.enter_context(folder_lock(
                self.path.parent, name=f".{self.path.name}.kg-build.lock", remove=True))
        except LockHeld as held:
            raise GraphError(f"{self.path} is being written by another kg build (PID "
                             f"{held.pid or '?'}); wait for it to finish") from None
        try:
            self._clean()
            if self.path.is_dir() and _open_for_writing(self.path):
                raise GraphError(f"{self.path}: the store is open for writing by another "
                                 f"process (kg serve --writable?); stop it first")
            self.store: ox.Store | None = open_store(self.new)
        except BaseException:
            self._lock.close()
            raise
        self._graphs: list[OxigraphStore] = []
        self._finished = False

    def _check_target(self) -> None:
        path = self.path
        if path.exists() and not path.is_dir():
            raise GraphError(f"{path}: exists and is not an Oxigraph store; not overwriting")
        if path.is_dir() and store_path(path) is None and any(path.iterdir()):
            raise GraphError(f"{path}: exists and is not an Oxigraph store; not overwriting")

    def _clean(self) -> None:
        """Remove what an interrupted build of this store left (under the lock)."""
        if self.old.exists():
            if self.path.exists():
                shutil.rmtree(self.old)
            else:  # killed between the two renames: the old store goes back
                os.rename(self.old, self.path)
        if self.new.exists():
            shutil.rmtree(self.new)

    def graph(self, base: str = DATA_BASE) -> Graph:
        """An rdflib graph on the store; after ``commit`` it reads the store at ``path``."""
        assert self.store is not None, "committed already"
        graph = store_graph(self.store, self.path, base)
        self._graphs.append(cast(OxigraphStore, graph.store))
        return graph

    def _release(self) -> None:
        """Drop every reference to the new store (RocksDB closes it with the last one)."""
        for plugin in self._graphs:
            plugin.ox = None  # type: ignore[assignment]
        self.store = None
        gc.collect()

    def commit(self) -> None:
        """Swap the new store in (the build is complete); graphs made by ``graph`` follow it."""
        assert self.store is not None and not self._finished, "committed or aborted already"
        try:
            self.store.flush()
            self._release()
            try:  # still open somewhere in this process: RocksDB refuses a second open
                ox.Store(os.fspath(self.new))
            except OSError as error:
                raise GraphError(f"{self.new}: the new store is still open: {error}") from None
            if not self.path.exists():
                os.rename(self.new, self.path)
            elif _exchange(self.new, self.path):
                shutil.rmtree(self.new)  # the old store, under the new one's former name
            else:
                os.rename(self.path, self.old)
                os.rename(self.new, self.path)
                shutil.rmtree(self.old)
            reopened = open_store(self.path)
            for plugin in self._graphs:
                plugin.ox = reopened
        except BaseException:
            self._clean()
            raise
        finally:
            self._finished = True
            self._lock.close()

    def abort(self) -> None:
        """Drop the new store (unless committed); ``path`` stays as it was."""
        if self._finished:
            return
        try:
            self._release()
            self._clean()
        finally:
            self._finished = True
            self._lock.close()
