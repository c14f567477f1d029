"""The checks of ``kg.rdf.shacl_sparql`` asked of an Oxigraph store, a few queries at once.

``queries`` groups the checks (those of a kind on the same focus nodes in one query); ``run``
asks them on ``THREADS`` threads (Oxigraph answers a query without holding the GIL, and an
in-memory store answers several at once) and gives the results in the queries' order, so a
report is the same whatever the number of threads.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.rdf.shacl_sparql import Check, Column, Result

__all__ = ["THREADS", "Query", "queries", "run"]

THREADS = min(4, os.cpu_count() or 1)  #: queries asked at once


def _flags(columns: Iterable[Column]) -> str:
    """``BIND`` s of each column's condition to ``?c<k>`` and a filter that one is true."""
    columns = list(columns)
    names = [f"?c{k}" for k in range(len(columns))]
    binds = " ".join(f"BIND({c.condition} AS {v})" for c, v in zip(columns, names, strict=True))
    return f"{binds} FILTER({' || '.join(names)})"


@dataclass(frozen=True)
class Query:
    """A query asking ``checks`` (of one kind, on the same focus nodes)."""

    text: str
    kind: str
    checks: tuple[Check, ...]

    def found(self, row: ox.QuerySolution) -> Iterator[tuple[Check, Column, Any]]:
        """Each (check, column, value) that ``row`` violates."""
        if self.kind == "rows":
            yield self.checks[0], self.checks[0].columns[0], None
            return
        checks = self.checks
        if self.kind == "values":  # a branch per check, rows say which
            checks = (checks[int(row["i"].value)],)  # type: ignore[union-attr]
        columns = [(check, column) for check in checks for column in check.columns]
        for k, (check, column) in enumerate(columns):
            flag = row[f"c{k}"]
            if flag is not None and flag.value == "true":
                yield check, column, row["v"] if self.kind == "values" and column.valued \
                    else None


def queries(checks: Iterable[Check]) -> Iterator[Query]:
    """The queries that ask ``checks``: the value checks on the same focus nodes as one
    union (a branch each), the focus checks on the same focus nodes as one query (a flag per
    constraint), each ``rows`` check alone."""
    groups: dict[tuple[str, str], list[Check]] = {}
    for number, check in enumerate(checks):
        key = (check.kind, check.focus if check.kind == "focus" or check.joined else "")
        groups.setdefault(key if check.kind != "rows" else ("rows", str(number)), []).append(
            check)
    for (kind, focus), members in groups.items():
        if kind == "rows":
            yield Query(members[0].query, kind, tuple(members))
        elif kind == "values":
            branches = " UNION ".join(f"{{ {c.pairs} BIND({i} AS ?i) {_flags(c.columns)} }}"
                                      for i, c in enumerate(members))
            yield Query(f"SELECT * WHERE {{ {focus} {branches} }}", kind, tuple(members))
        else:
            flags = _flags(column for c in members for column in c.columns)
            yield Query(f"SELECT * WHERE {{ {focus} {flags} }}", kind, tuple(members))


def _results(store: ox.Store, query: Query) -> list[Result]:
    """The results of one query (its rows read here, on the thread that asked it)."""
    return [Result(row["f"], value, column.component,
                   "; ".join(check.source.messages) or column.message, check.source)
            for row in store.query(query.text)  # type: ignore[union-attr]
            for check, column, value in query.found(row)]


def run(store: ox.Store, checks: Iterable[Check], threads: int = THREADS) -> Iterator[Result]:
    """Every result of ``checks`` on the default graph of ``store``, in the queries' order
    (``threads``: how many queries are asked at once)."""
    asked = list(queries(checks))
    with ThreadPoolExecutor(max(1, min(threads, len(asked))), "kg-shacl") as pool:
        for results in pool.map(lambda query: _results(store, query), asked):
            yield from results
