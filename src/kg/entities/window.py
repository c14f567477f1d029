"""The entities named within a window of characters before a position, by key, in one pass.

Nominal chains (``kg.entities.chains``) read a document's phrases in text order and ask, for
each, which entities of a word or a group were named in the last ``window`` characters. Asking
every entity of the group each time costs phrases × entities on a long document; here each
mention enters the window once and leaves it once (two heaps), and each key keeps only the
entities in the window, so a document costs time linear in its mentions (times a logarithm).
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class RecentIndex(Generic[T]):
    """Entities by key, those named in ``[position - window, position)`` (see the module)."""

    def __init__(self, window: int) -> None:
        self.window = window
        self._enter: list[tuple[int, int, int]] = []  # (position, seq, entity id)
        self._leave: list[tuple[int, int, int]] = []  # (position + window, seq, entity id)
        self._seq = 0
        self._at = -1  # the last position advanced to
        self._items: dict[int, T] = {}
        self._order: dict[int, int] = {}  # entity id → when it was first indexed
        self._keys: dict[int, set[Hashable]] = {}
        self._count: dict[int, int] = {}  # entity id → its mentions in the window
        self._active: dict[Hashable, dict[int, T]] = {}

    def index(self, item: T, keys: Iterable[Hashable]) -> None:
        """``item`` may be found under ``keys`` (more keys may come later)."""
        key_id = id(item)
        self._items[key_id] = item
        self._order.setdefault(key_id, len(self._order))
        new = set(keys) - self._keys.setdefault(key_id, set())
        self._keys[key_id] |= new
        if self._count.get(key_id, 0):
            for key in new:
                self._active.setdefault(key, {})[key_id] = item

    def named_at(self, item: T, position: int) -> None:
        """``item`` is named at ``position`` (not before the position last advanced to)."""
        self._items.setdefault(id(item), item)
        self._seq += 1
        heapq.heappush(self._enter, (position, self._seq, id(item)))

    def advance(self, position: int) -> None:
        """Move the window's end to ``position`` (positions only grow)."""
        self._at = position
        while self._enter and self._enter[0][0] < position:
            at, seq, key_id = heapq.heappop(self._enter)
            heapq.heappush(self._leave, (at + self.window, seq, key_id))
            self._count[key_id] = self._count.get(key_id, 0) + 1
            if self._count[key_id] == 1:
                item = self._items[key_id]
                for key in self._keys.get(key_id, ()):
                    self._active.setdefault(key, {})[key_id] = item
        while self._leave and self._leave[0][0] < position:
            _, _, key_id = heapq.heappop(self._leave)
            self._count[key_id] -= 1
            if not self._count[key_id]:
                for key in self._keys.get(key_id, ()):
                    self._active.get(key, {}).pop(key_id, None)

    def recent(self, key: Hashable) -> list[T]:
        """The entities under ``key`` named in the window, in the order they were indexed."""
        found = self._active.get(key)
        if not found:
            return []
        return [found[k] for k in sorted(found, key=self._order.__getitem__)]
