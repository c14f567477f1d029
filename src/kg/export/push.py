"""``kg push --neo4j bolt://…``: load a graph into Neo4j with the official driver.

The statements are ``kg.export.neo4j.cypher_batches`` (``UNWIND $rows`` + ``MERGE`` on IRIs),
one write transaction per batch, after the IRI uniqueness constraint (``SCHEMA``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.errors import ConfigError, MissingExtraError, PushError
from kg.export.neo4j import BATCH_ROWS, SCHEMA, Node, Relationship, cypher_batches

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True, slots=True)
class PushReport:
    nodes: int
    relationships: int
    batches: int

    def summary(self) -> str:
        return (f"pushed {self.nodes:,} nodes and {self.relationships:,} relationships "
                f"in {self.batches:,} batches")


def run_batches(run: Callable[[str, list[dict[str, Any]]], object],
                parts: tuple[list[Node], list[Relationship]],
                batch_rows: int = BATCH_ROWS) -> PushReport:
    """Send every batch of ``parts`` through ``run(query, rows)`` (one transaction each)."""
    batches = 0
    for batch in cypher_batches(parts, batch_rows):
        run(batch.query, batch.rows)
        batches += 1
    return PushReport(len(parts[0]), len(parts[1]), batches)


def check_uri(uri: str) -> str:
    """``uri`` if its scheme is one the Neo4j driver speaks, else ``ConfigError``."""
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in SCHEMES:
        raise ConfigError(f"unknown Neo4j address {uri!r}; it must start with one of: "
                          + ", ".join(f"{s}://" for s in SCHEMES))
    return uri


def push_neo4j(uri: str, parts: tuple[list[Node], list[Relationship]], *,
               user: str = "neo4j", password: str | None = None,
               database: str | None = None, batch_rows: int = BATCH_ROWS) -> PushReport:
    """Load ``parts`` into the Neo4j server at ``uri``; ``PushError`` when it cannot."""
    check_uri(uri)
    try:
        import neo4j
        from neo4j.exceptions import DriverError, Neo4jError
    except ImportError:
        raise MissingExtraError("kg push --neo4j", "neo4j") from None
    auth = (user, password) if password is not None else None
    try:
        with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
            driver.verify_connectivity()
            with driver.session(database=database) as session:
                for statement in SCHEMA:
                    session.run(statement).consume()

                def run(query: str, rows: list[dict[str, Any]]) -> None:
                    session.execute_write(lambda tx: tx.run(query, rows=rows).consume())

                return run_batches(run, parts, batch_rows)
    except (DriverError, Neo4jError, OSError, ValueError) as error:
        message = " ".join(str(error).split()) or type(error).__name__
        raise PushError(f"{uri}: {message}") from None




