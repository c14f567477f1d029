"""Exploration commands: ``kg stats``, ``kg path`` and ``kg view``.

Joined to the ``kg`` group in ``kg.cli``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.cli.main import wide_option


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="A readable report, or JSON.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many relations, entities and communities to list.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed of the Louvain community detection.")
@wide_option
def stats(graph: Path, fmt: str, top: int, seed: int, wide: bool) -> None:
    """Counts by type and relation, central entities, components and communities.

    \b
    Example:
      kg stats out/graph.ttl --top 5
    """
    from kg.analysis.network import format_stats, graph_stats
    from kg.api.graph import KnowledgeGraph
    from kg.query.table import terminal_width

    result = graph_stats(KnowledgeGraph.load(graph), top=top, seed=seed)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        click.echo(format_stats(result, terminal_width(sys.stdout, wide)))


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("source")
@click.argument("target")
@click.option("--max-paths", type=click.IntRange(min=1), default=3, show_default=True,
              help="Print at most this many paths, shortest first.")
@click.option("--no-phrases", is_flag=True,
              help="Follow statements only, not noun phrases to the names they contain.")
def path(graph: Path, source: str, target: str, max_paths: int, no_phrases: bool) -> None:
    """Show how two entities are connected, statement by statement, with sentences.

    Entities are named by label or alias (any case) or by IRI (``<IRI>``); a name several
    entities share lists them with their IRIs. Statements are followed in either direction.

    \b
    Example:
      kg path out/graph.ttl "Leila Haddad" "Miriam Castillo"
      kg path out/graph.ttl "Leila Haddad" \\
        "<https://w3id.org/kg/id/organization/coastal-dockworkers-alliance>"
    """
    from kg.analysis.network import find_paths, format_path
    from kg.api.graph import KnowledgeGraph
    from kg.errors import KGError

    paths = find_paths(KnowledgeGraph.load(graph), source, target, max_paths=max_paths,
                       phrase_links=not no_phrases)
    if not paths:
        raise KGError(f"{source!r} and {target!r} are not connected in {graph}")
    click.echo("\n\n".join(format_path(p, i) for i, p in enumerate(paths, 1)))


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--out", "out_file", required=True,
              type=click.Path(path_type=Path, dir_okay=False), help="The HTML file to write.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Draw at most this many named entities at first (top by PageRank; "
                   "default 400). Search reaches every entity.")
@click.option("--title", default="Knowledge graph", show_default=True, help="Page title.")
def view(graph: Path, out_file: Path, max_nodes: int | None, title: str) -> None:
    """Write the interactive HTML explorer of a graph (works offline).

    The first view draws the named entities and their relations; click or search an entity
    for its statements with their sentences, its documents and its quotes. Filters (document,
    date, confidence, type) and the selection are kept in the URL fragment.

    \b
    Example:
      kg view out/graph.ttl --out graph.html --max-nodes 200
    """
    from kg.api.graph import KnowledgeGraph

    KnowledgeGraph.load(graph).write_html(out_file, max_nodes=max_nodes, title=title)
    click.echo(f"wrote {out_file}")
