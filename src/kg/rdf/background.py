"""Validation in a process of its own, so a build writes its files while its graph is checked.

``kg build`` validates its fresh graph (``kg.rdf.validate.validate_path`` on the build's
sorted N-Triples file) in a forked process started as soon as the graph is built, and writes
``graph.ttl`` and ``graph.html`` meanwhile: on a machine with a core to spare the check no
longer follows the writing. One process, forked once (``kg.forked``): the report is the one
``validate_path`` gives in this process. Where there is no ``fork`` the check runs here, when
its result is asked for.
"""

from __future__ import annotations

import os

import pyoxigraph as ox

from kg.forked import Forked
from kg.rdf.validate import ValidationReport, validate_path, validate_store


def _validate(path: str, shapes: str | None, ontologies: tuple[str, ...], state: str | None,
              reuse: bool, store: ox.Store | None) -> ValidationReport:
    if state is None:
        if store is not None:
            return validate_store(store, shapes, ontologies)
        return validate_path(path, shapes, ontologies)
    from kg.rdf.revalidate import revalidate

    return revalidate(path, state, shapes, ontologies, reuse, store)


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
        args = (str(path), None if shapes is None else str(shapes), tuple(ontologies),
                None if state is None else str(state), reuse, store)
        self._check = Forked(lambda: _validate(*args), "kg-validate",
                             "a validating process died (out of memory?); run `kg validate` "
                             "on the output")

    def result(self) -> ValidationReport:
        """The report (raises what the check raised; ``KGError`` if its process died)."""
        return self._check.result()

    def stop(self) -> None:
        """End the check (at once if it is still running) and release its process."""
        self._check.stop()
