"""Extractors: spaCy ``Doc`` in, ``Statement`` candidates out.

Extractors are registered under versioned names (``kg.svo.v1``) in a ``catalogue`` registry;
the name is recorded in every statement's provenance. Third-party packages can register
their own through the ``kg_extractors`` entry point, or in code::

    from kg.extract import extractors

    @extractors.register("mylab.quotes.v1")
    def quotes(doc, document_id=""):
        yield ...

An extractor is a callable ``(doc, document_id="") -> Iterator[Statement]`` whose offsets are
relative to ``doc.text``. One that also takes a keyword ``offset`` (as ``kg.clause.v1`` does)
adds it to every offset, which spares ``kg.build.pipeline`` moving its output into the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

import catalogue

from kg.errors import unknown_choice
from kg.model import Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc

DEFAULT_EXTRACTOR = "kg.clause.v1"

extractors = catalogue.create("kg", "extractors", entry_points=True)

# Modules that register the built-in extractors when imported.
_BUILTIN_MODULES = ("kg.extract.svo", "kg.extract.clause")


class Extractor(Protocol):
    def __call__(self, doc: Doc, document_id: str = "") -> Iterator[Statement]: ...


def _load_builtins() -> None:
    import importlib

    for module in _BUILTIN_MODULES:
        importlib.import_module(module)


def get_extractor(name: str) -> Extractor:
    """Return the extractor registered as ``name``.

    >>> get_extractor("kg.svo.v1").__name__
    'extract_svo'
    """
    _load_builtins()
    try:
        return extractors.get(name)  # type: ignore[no-any-return]
    except catalogue.RegistryError:
        raise unknown_choice("extractor", name, extractors.get_all()) from None


def available_extractors() -> list[str]:
    """Names of all registered extractors, sorted."""
    _load_builtins()
    return sorted(extractors.get_all())
