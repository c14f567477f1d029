"""One error hierarchy for everything a user can get wrong.

Every message names the bad value and, where there is a fixed set, the valid choices.
The CLI prints ``str(error)`` as a single line and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable


class KGError(Exception):
    """Base class of every error kg raises on purpose."""

    exit_code = 1


class InputError(KGError):
    """An input document cannot be read (missing, empty, binary, not UTF-8, malformed)."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class MissingExtraError(KGError):
    """A file kind or feature needs an optional extra that is not installed."""

    def __init__(self, what: object, extra: str) -> None:
        self.extra = extra
        super().__init__(f"{what} needs the '{extra}' extra: pip install 'kg[{extra}]'")


class ConfigError(KGError):
    """A setting names something that does not exist (model, extractor, format, …)."""


class QueryError(KGError):
    """A SPARQL query is malformed or cannot be run."""


class PushError(KGError):
    """A graph cannot be loaded into a database (bad address, unreachable, refused)."""


class GraphError(KGError):
    """A graph file cannot be read or written."""


class EntityNotFoundError(KGError):
    """No entity has the given name (``kg path``)."""


class AmbiguousEntityError(KGError):
    """Several entities have the given name (``kg path``)."""


class ClusterError(KGError):
    """A distributed build cannot run: no Dask, no scheduler, version skew, a failed task."""


def unknown_choice(kind: str, value: str, choices: Iterable[str]) -> ConfigError:
    """Build the standard "unknown X" error listing the valid choices.

    >>> str(unknown_choice("format", "xml", ["turtle", "nt"]))
    "unknown format 'xml'; choose one of: nt, turtle"
    """
    listed = ", ".join(sorted(choices)) or "(none available)"
    return ConfigError(f"unknown {kind} {value!r}; choose one of: {listed}")


class OntologyError(KGError):
    """An ontology file given with ``--ontology`` is missing, unparsable or has no properties.

    The message starts ``FILE:LINE:``.
    """
