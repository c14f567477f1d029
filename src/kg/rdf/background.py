"""Validation in a process of its own, so a build writes its files while its graph is checked.

``kg build`` validates its fresh graph (``kg.rdf.validate.validate_path`` on the build's
sorted N-Triples file) in a forked process started as soon as the graph is built, and writes
``graph.ttl`` and ``graph.html`` meanwhile: on a machine with a core to spare the check no
longer follows the writing. One process, forked once: the report is the one ``validate_path``
gives in this process.

The validating process ignores SIGINT (a Ctrl-C to the process group reaches it too; the build
stops it itself), dies of SIGTERM and dies with its parent. Where there is no ``fork`` the
check runs here, when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import pyoxigraph as ox

from kg.errors import KGError
from kg.rdf.validate import ValidationReport, validate_path, validate_store
from kg.signals import die_with_parent

_HELD = frozenset({signal.SIGINT, signal.SIGTERM})  #: held back while forking


def _fork(target: Callable[..., None], *args: object) -> tuple[BaseProcess, Connection]:
    """``target(sender, *args)`` in a forked process, and the end of the pipe it sends on."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    # stopped and joined by its owner, and dies with it
    process = context.Process(target=target, args=(sender, *args), name="kg-validate")
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
    sender.close()
    return process, receiver


def _run(sender: Connection, work: Callable[[], object]) -> None:
    """In a forked process: send what ``work()`` gives (or the error it raises), then end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    die_with_parent()
    try:
        sender.send(work())
    except BaseException as error:  # sent back, raised in the build
        sender.send(error if isinstance(error, Exception) else KGError(repr(error)))
    finally:
        sender.close()
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers


def _receive(receiver: Connection) -> object:
    try:
        answer = receiver.recv()
    except EOFError:
        raise KGError("a validating process died (out of memory?); run `kg validate` on "
                      "the output") from None
    if isinstance(answer, BaseException):
        raise answer
    return answer


def _validate(path: str, shapes: str | None, ontologies: tuple[str, ...], state: str | None,
              reuse: bool, store: ox.Store | None) -> ValidationReport:
    if state is None:
        if store is not None:
            return validate_store(store, shapes, ontologies)
        return validate_path(path, shapes, ontologies)
    from kg.rdf.revalidate import revalidate

    return revalidate(path, state, shapes, ontologies, reuse, store)


def _child(sender: Connection, *args: Any) -> None:
    _run(sender, lambda: _validate(*args))


class BackgroundValidation:
    """``validate_path(path, shapes, ontologies)``, started now; ``result()`` waits for it.
    ``keep``: what must live as long as the check (the owner of the file at ``path``).
    ``state``: a folder where the last check of a build's graph is kept, so that this one
    validates only what changed (``kg.rdf.revalidate``; ``reuse=False``: all of it).
    ``store``: the same graph in an in-memory Oxigraph store, read by a full check instead of
    the file (the forked process shares it)."""

    def __init__(self, path: str | os.PathLike[str], shapes: str | os.PathLike[str] | None = None,
                 ontologies: tuple[str, ...] = (), keep: object = None,
                 state: str | os.PathLike[str] | None = None, reuse: bool = True,
                 store: ox.Store | None = None) -> None:
        self._keep = keep
        self._args = (str(path), None if shapes is None else str(shapes), tuple(ontologies),
                      None if state is None else str(state), reuse, store)
        self._process: BaseProcess | None = None
        self._receiver: Connection | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        self._process, self._receiver = _fork(_child, *self._args)

    def result(self) -> ValidationReport:
        """The report (raises what the check raised; ``KGError`` if its process died)."""
        if self._process is None or self._receiver is None:
            return _validate(*self._args)
        try:
            report = _receive(self._receiver)
        finally:
            self.stop()
        assert isinstance(report, ValidationReport)
        return report

    def stop(self) -> None:
        """End the check (at once if it is still running) and release its process."""
        process, self._process = self._process, None
        if self._receiver is not None:
            self._receiver.close()
            self._receiver = None
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join()
