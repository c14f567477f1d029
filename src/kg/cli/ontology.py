"""Ontology commands: ``kg validate``.

Joined to the ``kg`` group in ``kg.cli``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--shapes", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="SHACL shapes file (default: the packaged shapes.ttl).")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="How many problems to list.")
@click.option("--ontology", "ontologies", multiple=True, metavar="FILE",
              help="Also warn about literal values of this file's class-ranged properties.")
def validate(graph: Path, shapes: Path | None, limit: int, ontologies: tuple[str, ...]) -> None:
    """Check a graph file, build folder or Oxigraph store against the kg SHACL shapes (as
    SPARQL queries on the graph's store: memory stays bounded); exit 1 when it does not conform.

    \b
    Example:
      kg validate out/graph.ttl
      kg validate out/store
    """
    from kg.api.core import validate_source

    report = validate_source(graph, shapes, ontologies)
    click.echo(report.summary(limit))
    if not report.conforms:
        sys.exit(1)
