"""``kg.query.guard``: requests that would fetch from URLs are found before anything runs them.

The oracle is Oxigraph itself: a ``SERVICE`` to port 9 fails at once with "port 9 is not
allowed" (no packet is sent), so each spelling below is checked to really be run as a
``SERVICE`` by Oxigraph, or really not, and the guard must agree wherever Oxigraph fetches.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import QueryError
from kg.query.guard import (
    SERVICE_REFUSED,
    UPDATE_REFUSED,
    check_query,
    form,
    is_update,
    uses_service,
)

PROLOGUE = "PREFIX x: <http://127.0.0.1:9/> PREFIX : <http://127.0.0.1:9/> "
STORE = ox.Store()
STORE.add(ox.Quad(ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p"),
                  ox.Literal("x", language="en")))


def oxigraph_fetches(query: str) -> bool:
    """Whether Oxigraph tries to fetch ``http://127.0.0.1:9/`` when it runs ``query``."""
    try:
        list(STORE.query(PROLOGUE + query))  # type: ignore[arg-type]
    except OSError as error:
        return "port 9" in str(error)
    except (SyntaxError, RuntimeError, ValueError):
        return False
    return False


FETCHING = [
    "SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * {?s ?p ?o.SERVICE:a{?s ?p ?o}}",          # SERVICE then the name :a
    "SELECT * {?s ?p ?o. SERVICEx:a {?s ?p ?o}}",        # SERVICE then the name x:a
    'SELECT * { ?s ?p "x"@en.SERVICE<http://127.0.0.1:9/>{?s ?p ?o} }',
    "SELECT * { {?s ?p ?o}SERVICE<http://127.0.0.1:9/>{?s ?p ?o} }",
    "SELECT * { ?s ?p ?o FILTER(1<2)SERVICE<http://127.0.0.1:9/>{?s ?p ?o} }",
    "SELECT * { ?s ?p ?o.SERVICE#comment\n<http://127.0.0.1:9/>{?s ?p ?o} }",
    "select * { ?s ?p ?o. sErViCe <http://127.0.0.1:9/> { ?s ?p ?o } }",
]
HARMLESS = [
    "SELECT * { ?s ?p ?o }",
    "SELECT ?service { ?service ?p ?o }",
    "SELECT * { ?s a <http://schema.org/Service> ; x:SERVICE 'SERVICE <http://x/> {}' }",
    'SELECT * { ?s ?p """a " SERVICE <http://127.0.0.1:9/> {} """ } # SERVICE <http://x/>',
    "SELECT * { ?s x:LOADING ?o }",
]


@pytest.mark.parametrize("query", FETCHING)
def test_every_spelling_oxigraph_runs_as_service_is_found(query: str) -> None:
    assert oxigraph_fetches(query), "the oracle: Oxigraph does fetch for this spelling"
    assert uses_service(PROLOGUE + query)
    with pytest.raises(QueryError, match="--allow-service"):
        check_query(PROLOGUE + query)
    check_query(PROLOGUE + query, allow_service=True)


@pytest.mark.parametrize("query", HARMLESS)
def test_words_in_strings_comments_iris_and_names_are_not_service(query: str) -> None:
    assert not oxigraph_fetches(query)
    assert not uses_service(PROLOGUE + query)
    check_query(PROLOGUE + query)


def test_escapes_are_read_as_rdflib_reads_them() -> None:
    assert uses_service(r"SELECT * { \u0053ERVICE <http://127.0.0.1:9/> { } }")


PIECES = ["SERVICE", "service", "SERVICEx:a", ":a", "x:a", "<http://127.0.0.1:9/>", "?s", "?o",
          "{", "}", "{?s ?p ?o}", ".", "#c\n", '"SERVICE"', "'q'", "1", "true", "@en", "(", ")",
          "FILTER(1<2)", " ", "\n", "\t", "SILENT", "OPTIONAL", "BIND(1 AS ?z)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10))
def test_no_spelling_fetches_unnoticed(pieces: list[str]) -> None:
    query = "SELECT * { ?s ?p ?o " + "".join(pieces) + " }"
    if oxigraph_fetches(query):
        assert uses_service(PROLOGUE + query), query


def test_updates_are_recognised_and_refused() -> None:
    assert form("PREFIX a: <b:> SELECT * {}") == "SELECT"
    assert form("# INSERT\nASK {}") == "ASK"
    for update in ("INSERT DATA { <a:a> <a:b> <a:c> }", "prefix a: <b:> with <g:g> delete {} "
                   "where {}", "DROP ALL", "LOAD <http://127.0.0.1:9/>", "clear default"):
        assert is_update(update)
        with pytest.raises(QueryError) as caught:
            check_query(update)
        assert str(caught.value) == UPDATE_REFUSED
    assert uses_service("LOAD <http://127.0.0.1:9/x>")
    assert str(QueryError(SERVICE_REFUSED)).count("\n") == 0
