"""``kg serve`` and ``kg push``: the graph over HTTP (SPARQL endpoint and Graph Store Protocol)."""

from __future__ import annotations

import click

from kg.cli.exports import Neo4jTarget, neo4j_options, push_to_neo4j


@click.command()
@click.argument("graph")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="TCP port (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--writable", is_flag=True,
              help="Allow SPARQL updates and Graph Store writes (a graph file is served from a "
                   "temporary copy; a store is changed in place).")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE and LOAD (federation: the server fetches from the URLs that "
                   "clients name).")
def serve(graph: str, port: int, host: str, writable: bool, allow_service: bool) -> None:
    """Serve a graph file, build folder or Oxigraph store as a SPARQL endpoint (Ctrl-C stops).

    \b
    Example:
      kg serve out/graph.ttl --port 7878
      curl -H 'Accept: application/sparql-results+json' \\
           --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:7878/query
    """
    import sys

    from kg.cli.main import SERVICE_WARNING
    from kg.store.serve import OxigraphServer, is_loopback

    if not is_loopback(host):
        click.echo(f"Warning: --host {host}: the endpoint is reachable from the network, "
                   "by anyone who can reach this machine", err=True)
    if allow_service:
        click.echo(SERVICE_WARNING, err=True)
    server = OxigraphServer(graph, host=host, port=port or None, writable=writable,
                            allow_service=allow_service)
    server.start()
    try:
        click.echo(f"SPARQL endpoint  {server.query_url}")
        if writable:
            click.echo(f"update endpoint  {server.update_url}")
            click.echo(f"graph store      {server.store_url}")
        click.echo(f"query UI         {server.url}")
        click.echo("read-write; Ctrl-C stops" if writable else "read-only; Ctrl-C stops")
        sys.stdout.flush()
        code = server.wait()
        if code != 0:
            raise click.ClickException(f"the oxigraph server stopped: {server.log_tail()}")
    finally:
        server.stop()


@click.command()
@click.argument("graph")
@click.option("--endpoint", default=None,
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store.")
@click.option("--graph", "graph_iri", default=None,
              help="Named graph IRI to write (default: the endpoint's default graph).")
@click.option("--append", is_flag=True, help="Add to the graph (POST) instead of replacing it.")
@neo4j_options
def push(graph: str, endpoint: str | None, graph_iri: str | None, append: bool,
         neo4j: Neo4jTarget | None) -> None:
    """Load a graph (file, build folder or Oxigraph store) into a SPARQL 1.1 endpoint, or
    into Neo4j (batched UNWIND + MERGE: pushing again updates, never duplicates).

    \b
    Example:
      kg push out/graph.ttl --endpoint http://127.0.0.1:7878/store --graph urn:kg:news
      kg push out/graph.ttl --neo4j bolt://localhost:7687 --user neo4j
    """
    from kg.store.serve import push as push_graph

    if (endpoint is None) == (neo4j is None):
        raise click.UsageError("give either --endpoint URL or --neo4j bolt://HOST:PORT")
    if neo4j is not None:
        push_to_neo4j(graph, neo4j)
        return
    assert endpoint is not None

    status = push_graph(graph, endpoint, graph=graph_iri, append=append)
    target = graph_iri or "default graph"
    click.echo(f"pushed {graph} to {endpoint} ({target}): HTTP {status}")
