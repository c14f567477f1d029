"""Helpers for tests that build mentions by hand in a text they wrote."""

from __future__ import annotations

from kg.model import Mention, Span


def span_in(piece: str, text: str, nth: int = 0) -> Span:
    """The ``nth`` occurrence of ``piece`` in ``text`` as a ``Span``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return Span(start, start + len(piece), piece)


def mention_in(piece: str, text: str, label: str = "", nth: int = 0) -> Mention:
    """A mention of the ``nth`` ``piece`` in ``text``, named by its own span."""
    span = span_in(piece, text, nth)
    return Mention(span, label, span)
