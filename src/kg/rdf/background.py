"""Validation in a process of its own, so a build writes its files while its graph is checked.

``kg build`` validates its fresh graph (``kg.rdf.validate.validate_path`` on the build's
sorted N-Triples file) in a forked process started as soon as the graph is built, and writes
``graph.ttl`` and ``graph.html`` meanwhile: on a machine with a core to spare the check no
longer follows the writing. The report is the one ``validate_path`` gives in this process.

The validating process ignores SIGINT (a Ctrl-C to the process group reaches it too; the build
stops it itself), dies of SIGTERM and dies with its parent. Where there is no ``fork`` the
check runs here, when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.signals import die_with_parent

if TYPE_CHECKING:
    from kg.rdf.validate import ValidationReport

_HELD = frozenset({signal.SIGINT, signal.SIGTERM})  #: held back while forking


def _child(sender: Connection, path: str, shapes: str | None, ontologies: tuple[str, ...]
           ) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    die_with_parent()
    from kg.rdf.validate import validate_path

    try:
        sender.send(validate_path(path, shapes, ontologies))
    except BaseException as error:  # sent back, raised in the build
        sender.send(error if isinstance(error, Exception) else KGError(repr(error)))
    finally:
        sender.close()
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffers


class BackgroundValidation:
    """``validate_path(path, shapes, ontologies)``, started now; ``result()`` waits for it.
    ``keep``: what must live as long as the check (the owner of the file at ``path``)."""

    def __init__(self, path: str | os.PathLike[str], shapes: str | os.PathLike[str] | None = None,
                 ontologies: tuple[str, ...] = (), keep: object = None) -> None:
        self._keep = keep
        self._args = (str(path), None if shapes is None else str(shapes), tuple(ontologies))
        self._process: multiprocessing.process.BaseProcess | None = None
        self._receiver: Connection | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(sender, *self._args),
                                  name="kg-validate", daemon=True)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        sender.close()
        self._process, self._receiver = process, receiver

    def result(self) -> ValidationReport:
        """The report (raises what the check raised; ``KGError`` if its process died)."""
        if self._process is None or self._receiver is None:
            from kg.rdf.validate import validate_path

            return validate_path(*self._args)
        try:
            answer = self._receiver.recv()
        except EOFError:
            raise KGError("the validating process died (out of memory?); run "
                          "`kg validate` on the output") from None
        finally:
            self.stop()
        if isinstance(answer, BaseException):
            raise answer
        report: ValidationReport = answer
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
