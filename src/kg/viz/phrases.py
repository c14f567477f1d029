"""Phrase links: a named entity read inside a noun phrase that a statement links to.

Many statements link a named entity to a noun phrase rather than to another name:
*Khalil failed to disclose [his work with UNRWA]*. The default view folds the phrase away, so
the explorer links the two names through it: the edge says it goes through a phrase (dashed)
and its panel shows the statement and its sentence. To stay on the safe side, only short
phrases count (``MAX_WORDS``), a name must match whole words exactly (label or alias of at
least ``MIN_CHARS`` characters, with a capital letter), a name shared by two entities counts
for neither, and a phrase naming more than ``MAX_NAMES`` entities links none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

MAX_WORDS = 10
MAX_NAMES = 2
MIN_CHARS = 3
_WORD = re.compile(r"\w+(?:[’'.-]\w+)*\.?", re.UNICODE)


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


class NameIndex(dict[tuple[str, ...], int]):
    """Word sequence of a name → its entity, and the longest name's length in words."""

    longest = 0


def name_index(names: Iterable[tuple[int, Sequence[str]]]) -> NameIndex:
    """Word sequence of each usable name → its entity; names of two entities are dropped."""
    index = NameIndex()
    clashes: set[tuple[str, ...]] = set()
    for entity, texts in names:
        for text in texts:
            words = _words(text)
            if len(text) < MIN_CHARS or not words or not any(c.isupper() for c in text):
                continue
            if index.get(words, entity) != entity:
                clashes.add(words)
            index[words] = entity
    for words in clashes:
        del index[words]
    index.longest = max(map(len, index), default=0)
    return index


def named_in(phrase: str, index: NameIndex) -> list[int]:
    """The entities whose names the phrase contains (longest match first), or [] if too many."""
    words = _words(phrase)
    if not index or len(words) > MAX_WORDS:
        return []
    longest = index.longest
    found: list[int] = []
    at = 0
    while at < len(words):
        for size in range(min(longest, len(words) - at), 0, -1):
            entity = index.get(words[at: at + size])
            if entity is not None:
                if entity not in found:
                    found.append(entity)
                at += size
                break
        else:
            at += 1
    return found if len(found) <= MAX_NAMES else []
