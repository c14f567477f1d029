"""Work done meanwhile in a forked process: ``Forked(work)`` starts it, ``result()`` waits.

A build's last steps need the whole graph but not each other: the SHACL check
(``kg.rdf.background``) and writing ``graph.ttl`` (``kg.rdf.serialize.write``) each run in a process
forked from the build, sharing its memory, while the build writes ``graph.html``. On two
cores the three no longer follow one another.

The forked process ignores SIGINT (a Ctrl-C to the process group reaches it too; its owner
stops it itself), dies of SIGTERM and dies with its parent; it ends with ``os._exit``, so it
runs no atexit handler and flushes none of the parent's buffers. The objects it inherits are
frozen (``gc.freeze``) while it forks: a forked process that garbage-collects the parent's
on-disk Oxigraph store (RocksDB, whose threads did not survive the fork) aborts. Where there
is no ``fork``, ``work`` runs in this process when its result is asked for.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

from kg.errors import KGError
from kg.signals import die_with_parent

_T = TypeVar("_T")
_HELD = frozenset({signal.SIGINT, signal.SIGTERM})  #: held back while forking


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Forked(Generic[_T]):
    """``work()`` in a forked process named ``name``, started now (see the module
    docstring); ``died``: the error raised if that process dies without an answer."""

    def __init__(self, work: Callable[[], _T], name: str, died: str) -> None:
        self._work = work
        self._died = died
        self._process: BaseProcess | None = None
        self._receiver: Connection | None = None
        if not can_fork():
            return
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(sender, work), name=name)
        gc.freeze()
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            self._process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            gc.unfreeze()
        sender.close()

    def result(self) -> _T:
        """What ``work()`` returned (raises what it raised; ``KGError`` if its process
        died)."""
        if self._process is None or self._receiver is None:
            return self._work()
        try:
            answer = self._receiver.recv()
        except EOFError:
            raise KGError(self._died) from None
        finally:
            self.stop()
        if isinstance(answer, BaseException):
            raise answer
        return answer  # type: ignore[no-any-return]

    def stop(self) -> None:
        """End the work (at once if it is still running) and release its process."""
        process, self._process = self._process, None
        if self._receiver is not None:
            self._receiver.close()
            self._receiver = None
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join()


def _child(sender: Connection, work: Callable[[], object]) -> None:
    """In the forked process: send what ``work()`` gives (or the error it raises), then end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    die_with_parent()
    try:
        sender.send(work())
    except BaseException as error:  # sent back, raised by ``result``
        sender.send(error if isinstance(error, Exception) else KGError(repr(error)))
    finally:
        sender.close()
        os._exit(0)
