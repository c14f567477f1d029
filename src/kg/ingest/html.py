"""Reading saved web pages as articles (the ``web`` extra: ``trafilatura``, offline).

Only the story is kept: menus, cookie banners, related links, comments and footers are left
out. Title, author, publication date and canonical URL come from the page's metadata.
``kg build --html raw`` reads every visible text instead (``kg.ingest.files.html_text``).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from kg.errors import InputError, MissingExtraError
from kg.model import Document

#: How ``.html`` files are read: the article only, or every visible text of the page.
HTML_MODES = ("article", "raw")


@cache
def _options() -> Any:
    """trafilatura's settings, made once (they are shared read-only across pages).

    ``fast`` skips the readability/jusText fallback passes, a third of the reading time
    (benchmarks/ingest.py) for the same article text on news pages."""
    from trafilatura.settings import Extractor

    for name in ("trafilatura", "htmldate", "courlan"):  # their problems become InputError
        logging.getLogger(name).setLevel(logging.CRITICAL)
    dates: Any = {"extensive_search": False, "original_date": True}  # htmldate takes booleans
    return Extractor(output_format="python", fast=True, comments=False, tables=True,
                     with_metadata=True, dedup=False, date_params=dates)


def read_article(file: Path, markup: str, doc_id: str) -> Document:
    """The article in ``markup`` (read from ``file``) as document ``doc_id``; ``InputError``
    when the page holds no article text, ``MissingExtraError`` without trafilatura."""
    try:
        import trafilatura
    except ImportError:
        raise MissingExtraError(f"{file}: reading web pages as articles (or use --html raw)",
                                "web") from None
    found = trafilatura.bare_extraction(markup, options=_options())
    text = getattr(found, "text", None) or ""
    paragraphs = [" ".join(line.split()) for line in text.splitlines()]
    body = "\n\n".join(p for p in paragraphs if p)
    if not body:
        raise InputError(file, "no text in the page's article (--html raw reads all of it)")

    def meta(name: str) -> str | None:
        value = getattr(found, name, None)
        return " ".join(value.split()) or None if isinstance(value, str) else None

    return Document(doc_id, body, title=meta("title"), url=meta("url"), date=meta("date"),
                    source_path=str(file), author=meta("author"))
