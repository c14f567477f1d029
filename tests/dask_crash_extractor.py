"""``test.crash.v1``: ``kg.clause.v1``, except that it raises on a document containing ``MARK``.

Preloaded into the test cluster's Dask workers (``dask worker --preload``) and imported by the
tests, so the same extractor is registered on both sides.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.extract import extractors, get_extractor

NAME = "test.crash.v1"
MARK = "Zebulon Quaxley"


@extractors.register(NAME)
def crash_on_mark(doc: Any, document_id: str = "", *, offset: int = 0) -> Iterator[Any]:
    if MARK in doc.text:
        raise RuntimeError(f"no rule for {MARK}")
    yield from get_extractor("kg.clause.v1")(doc, document_id, offset=offset)
