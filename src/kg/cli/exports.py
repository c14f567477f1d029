"""Exports that write folders (``kg export --format neo4j|csv``) and ``kg push --neo4j``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from kg.export.neo4j import BATCH_ROWS


@dataclass(frozen=True, slots=True)
class Neo4jTarget:
    """Where and how ``kg push`` loads a graph into Neo4j."""

    uri: str
    user: str = "neo4j"
    password: str | None = None
    database: str | None = None
    batch_rows: int = BATCH_ROWS


def neo4j_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--neo4j`` options of ``kg push``, passed to ``command`` as one ``neo4j`` value."""

    @functools.wraps(command)
    def wrapper(*args: Any, neo4j_uri: str | None, neo4j_user: str,
                neo4j_password: str | None, neo4j_database: str | None, batch_size: int,
                **kwargs: Any) -> Any:
        target = None if neo4j_uri is None else Neo4jTarget(
            neo4j_uri, neo4j_user, neo4j_password, neo4j_database, batch_size)
        return command(*args, neo4j=target, **kwargs)

    for option in reversed([
        click.option("--neo4j", "neo4j_uri", default=None, metavar="bolt://HOST:PORT",
                     help="Load into this Neo4j server instead (bolt://, neo4j://, …+s).")
        , click.option("--user", "neo4j_user", default="neo4j", show_default=True,
                       help="Neo4j user.")
        , click.option("--password", "neo4j_password", default=None, envvar="NEO4J_PASSWORD",
                       help="Neo4j password [default: $NEO4J_PASSWORD; none: no auth].")
        , click.option("--database", "neo4j_database", default=None,
                       help="Neo4j database [default: the server's default].")
        , click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_ROWS,
                       show_default=True, help="Rows per UNWIND batch (one transaction each).")
    ]):
        wrapper = option(wrapper)
    return wrapper


def push_to_neo4j(graph: str, target: Neo4jTarget) -> None:
    from kg.api.graph import KnowledgeGraph
    from kg.export.neo4j import graph_parts
    from kg.export.push import check_uri, push_neo4j

    check_uri(target.uri)  # before reading the graph
    loaded = KnowledgeGraph.load(graph)
    parts = graph_parts(loaded.entities(), loaded.statements())
    report = push_neo4j(target.uri, parts, user=target.user, password=target.password,
                        database=target.database, batch_rows=target.batch_rows)
    click.echo(f"{report.summary()} to {target.uri}")


def export_folder(graph: Path, fmt: str, out: Path | None) -> None:
    """``kg export --format neo4j|csv --out DIR``."""
    from kg.api.graph import KnowledgeGraph

    if out is None:
        raise click.UsageError(f"--format {fmt} writes a folder of files: give --out DIR")
    if out.exists() and not out.is_dir():
        raise click.UsageError(f"--out {out} is a file; --format {fmt} needs a folder")
    loaded = KnowledgeGraph.load(graph)
    if fmt == "neo4j":
        from kg.export.neo4j import write_neo4j

        written = write_neo4j(out, loaded.entities(), loaded.statements())
    else:
        from kg.export.tables import write_tables

        written = write_tables(out, loaded.entities(), loaded.statements(), loaded.quotes())
    for path in written:
        click.echo(f"wrote {path}")
