"""Plain-text tables that fit the terminal.

A table is laid out at its natural width; given a ``width`` it does not fit, the widest
columns are narrowed (all to one common width, as little as needed, never below their header)
and their long cells end in ``…``. Widths are counted in terminal cells: East Asian wide
characters take two, combining marks none. Without a ``width`` (output piped to a file or
program, or ``--wide``) every cell is printed whole.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Sequence
from typing import TextIO

ELLIPSIS = "…"
_GAP = 2  # spaces between columns
_MIN_WIDTH = 6  # a narrowed column keeps at least this many cells (or its header's width)


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes.

    >>> cell_width("ICE"), cell_width("東京"), cell_width("e\\u0301")
    (3, 4, 1)
    """
    total = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in ``…`` when it was cut.

    >>> clip("Mahmoud Khalil", 8)
    'Mahmoud…'
    """
    if cell_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = cell_width(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept).rstrip() + ELLIPSIS


def fit(widths: Sequence[int], minimums: Sequence[int], width: int) -> list[int]:
    """Column widths that fit in ``width`` cells (gaps included): the widest columns share
    one cap, the largest that fits; no column goes below its minimum.

    >>> fit([3, 40, 30], [3, 6, 6], 40)
    [3, 16, 16]
    """
    budget = width - _GAP * (len(widths) - 1)
    if sum(widths) <= budget:
        return list(widths)

    def total(cap: int) -> int:
        return sum(min(w, max(cap, m)) for w, m in zip(widths, minimums, strict=True))

    low, high = 0, max(widths)
    while low < high:  # the largest cap whose table fits
        middle = (low + high + 1) // 2
        if total(middle) <= budget:
            low = middle
        else:
            high = middle - 1
    return [min(w, max(low, m)) for w, m in zip(widths, minimums, strict=True)]


def format_table(names: Sequence[str], rows: Sequence[Sequence[str]],
                 width: int | None = None) -> str:
    """An aligned plain-text table with a header rule, fitted to ``width`` cells if given.

    >>> print(format_table(["n", "name"], [["1", "ICE"]]))
    n  name
    -  ----
    1  ICE
    """
    clean = [[" ".join(cell.split()) for cell in row] for row in rows]
    natural = [max([cell_width(n)] + [cell_width(r[i]) for r in clean])
               for i, n in enumerate(names)]
    widths = natural
    if width is not None:
        widths = fit(natural, [min(w, max(cell_width(n), _MIN_WIDTH))
                               for w, n in zip(natural, names, strict=True)], width)

    def line(cells: Sequence[str]) -> str:
        out = []
        for cell, size in zip(cells, widths, strict=True):
            text = clip(cell, size)
            out.append(text + " " * (size - cell_width(text)))
        return (" " * _GAP).join(out).rstrip()

    rule = (" " * _GAP).join("-" * w for w in widths)
    return "\n".join([line(names), rule, *(line(r) for r in clean)])


def terminal_width(stream: TextIO, wide: bool = False) -> int | None:
    """The width to fit tables to: the terminal's, when ``stream`` is one and not ``wide``;
    ``None`` (whole cells) when output goes to a file or a pipe."""
    if wide:
        return None
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return shutil.get_terminal_size().columns
