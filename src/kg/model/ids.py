"""Identifiers: every document and entity id (and so every IRI kg mints) is made of slugs."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")


def slug(text: str) -> str:
    """A lowercase, IRI-safe identifier: letters and digits of any script joined by ``-``.

    >>> slug("Mahmoud Khalil's case (2025)")
    'mahmoud-khalil-s-case-2025'
    """
    return "-".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))
