"""SPARQL: running queries with clear errors, and printing their results.

SELECT results print as an aligned table, CSV or SPARQL JSON; ASK as ``true``/``false``;
CONSTRUCT and DESCRIBE as Turtle.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.query import Result
from rdflib.term import Identifier, Node

from kg.errors import QueryError, unknown_choice
from kg.query.guard import check_query
from kg.query.table import format_table
from kg.rdf.formats import RESULT_FORMATS


def read_query(text_or_path: str) -> str:
    """The query itself: ``text_or_path`` or, when it names an ``.rq`` file, its contents."""
    if text_or_path.endswith((".rq", ".sparql")):
        path = Path(text_or_path)
        if not path.is_file():
            raise QueryError(f"{text_or_path}: no such query file")
        return path.read_text(encoding="utf-8")
    return text_or_path


def run_query(
    graph: Graph, query: str, bindings: Mapping[str, Identifier] | None = None, *,
    allow_service: bool = False,
) -> Result:
    """Run ``query`` on ``graph``; a malformed query raises ``QueryError`` with its position.

    Values in ``bindings`` are bound as RDF terms (never pasted into the query text). An
    update, and a ``SERVICE`` clause unless ``allow_service``, are refused before anything
    runs (``kg.query.guard``); ``FROM <url>`` never fetches anything.
    """
    import rdflib.plugins.sparql
    from pyparsing import ParseException

    from kg.ontology.namespace import KG

    check_query(query, allow_service=allow_service)
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> names a graph; no download
    try:
        result = graph.query(query, initNs={"kg": KG._NS}, initBindings=dict(bindings or {}))
        if result.type == "SELECT":
            result.bindings  # noqa: B018 - evaluate now, inside this error handling
        return result
    except QueryError:
        raise
    except ParseException as error:
        raise QueryError(
            f"SPARQL syntax error at line {error.lineno}, column {error.column}: "
            f"{error.msg} (near {error.line.strip()[:60]!r})"
        ) from None
    except Exception as error:  # rdflib raises plain exceptions for undefined prefixes etc.
        raise QueryError(f"SPARQL query failed: {error}") from None


def term_text(term: Node | None) -> str:
    """A term as a person reads it: IRIs and literals without quotes, blanks as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _rows(result: Result) -> tuple[list[str], list[list[str]]]:
    variables = list(result.vars or [])
    # the bindings themselves, not ``iter(result)`` (an rdflib ``ResultRow`` per row)
    rows = [[term_text(binding.get(v)) for v in variables] for binding in result.bindings]
    return [str(v) for v in variables], rows


def format_result(result: Result, fmt: str = "table", width: int | None = None) -> str:
    """Render a query result as text (``table``, fitted to ``width`` cells if given; ``csv``
    or ``json``, always whole)."""
    if fmt not in RESULT_FORMATS:
        raise unknown_choice("result format", fmt, RESULT_FORMATS)
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return json.dumps({"head": {}, "boolean": answer}) if fmt == "json" else str(answer).lower()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        from kg.ontology.namespace import KG

        result.graph.bind("kg", KG._NS)
        return result.graph.serialize(format="turtle").strip("\n")
    if fmt == "json":
        return (result.serialize(format="json") or b"").decode("utf-8")
    names, rows = _rows(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    return format_table(names, rows, width)
