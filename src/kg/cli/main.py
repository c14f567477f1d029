"""The ``kg`` command: a thin layer over the Python API.

Every ``KGError`` becomes a one-line ``Error: …`` message and a non-zero exit.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.errors import KGError
from kg.extract import DEFAULT_EXTRACTOR
from kg.nlp.loader import DEFAULT_MODEL
from kg.rdf.formats import FOLDER_FORMATS, FORMATS, RESULT_FORMATS
from kg.signals import interrupt_on_sigterm
from kg.version import __version__

if TYPE_CHECKING:
    from kg.build.options import BuildOptions


class _Group(click.Group):
    """One line, never a traceback: ``KGError`` and ``OSError`` become click's ``Error: …``
    (exit 1), Ctrl-C and SIGTERM print ``Interrupted.`` (exit 130), a closed output pipe ends
    quietly, and anything unexpected is one line naming a file that holds the traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        previous = interrupt_on_sigterm()
        try:
            from kg.fsutil import sweep_temporaries

            sweep_temporaries()  # left by kg processes killed outright (kg.fsutil)
            return super().invoke(ctx)
        except KGError as error:
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(1)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from None
        except Exception as error:
            raise click.ClickException(_internal_error(error)) from None
        finally:
            if previous is not None:
                import signal

                signal.signal(signal.SIGTERM, previous)


def _silence_stdout() -> None:
    """After the reader of stdout went away: no second error when Python flushes it at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _internal_error(error: Exception) -> str:
    """The one line for a bug in kg; the traceback goes to a file the line names."""
    import tempfile
    import traceback

    with tempfile.NamedTemporaryFile("w", prefix="kg-traceback-", suffix=".txt",
                                     delete=False, encoding="utf-8") as log:
        traceback.print_exception(error, file=log)
    first = (str(error).strip().splitlines() or [""])[0][:200]
    return (f"internal error: {type(error).__name__}: {first} (a bug in kg; "
            f"the traceback is in {log.name})")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg — build a knowledge graph from news articles, then query, export and look at it."""


model_option = click.option("--model", default=DEFAULT_MODEL, show_default=True,
                            help="spaCy pipeline: an installed package name or a path.")
extractor_option = click.option("--extractor", default=DEFAULT_EXTRACTOR, show_default=True,
                                help="Registered extractor name (see `kg extractors`).")
wide_option = click.option("--wide", is_flag=True,
                           help="Print whole cells (tables are fitted to the terminal).")
SERVICE_WARNING = ("Warning: --allow-service: SERVICE clauses fetch from any URL they name, "
                   "local addresses included")
ontology_option = click.option(
    "--ontology", "ontologies", multiple=True, metavar="FILE",
    help="Map relations onto this OWL/RDFS/SKOS file's properties too (repeatable; "
         "`schema`: the packaged schema.org/Wikidata preset).")
ontology_only_option = click.option("--ontology-only", is_flag=True,
                                    help="Map onto the --ontology files only, not kg's own.")


def _ontology(ontologies: tuple[str, ...], only: bool) -> Any:
    from kg.enrich.lexicon import OntologyOptions

    return OntologyOptions(tuple(ontologies), only)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out"), show_default=True, help="Folder for graph.ttl and graph.html.")
@model_option
@extractor_option
@click.option("--skip-bad", is_flag=True,
              help="Skip unreadable files, and bad lines of .jsonl files, with a warning.")
@click.option("--no-html", is_flag=True, help="Do not write graph.html.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Draw at most this many entities in graph.html (top by PageRank).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Parsing processes [default: all cores; one for small inputs].")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="Per-document result cache [default: OUT/.kg-cache].")
@click.option("--rebuild", is_flag=True, help="Ignore cached results and parse everything.")
@click.option("--store", default=None, metavar="oxigraph:PATH",
              help="Stream the graph into an on-disk Oxigraph store (for large corpora).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check (see `kg validate`).")
@click.option("--wait", is_flag=True,
              help="If another build is writing OUT, wait for it instead of stopping.")
@click.option("--html", "html_mode", type=click.Choice(["article", "raw"]), default="article",
              show_default=True, help="Web pages: the article only, or all visible text.")
@ontology_option
@ontology_only_option
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT|local[:N]",
              help="Parse on a Dask cluster (pip install 'kg[dask]').")
def build(paths: tuple[Path, ...], out_dir: Path, model: str, extractor: str, skip_bad: bool,
          no_html: bool, max_nodes: int | None, workers: int | None, cache_dir: Path | None,
          rebuild: bool, store: str | None, no_validate: bool, wait: bool,
          html_mode: str, ontologies: tuple[str, ...], ontology_only: bool,
          scheduler: str | None) -> None:
    """Build a graph from files and folders (.txt, .md, .html, .pdf, .docx, .jsonl).

    \b
    Example:
      kg build examples/ --out out
      kg build corpus/ --workers 2 --store oxigraph:out/store
      kg build 'shards/*.jsonl.gz' --scheduler tcp://10.0.0.5:8786
    """
    from kg.build.options import BuildOptions
    if store is not None and not store.startswith("oxigraph:"):
        raise click.BadParameter("expected oxigraph:PATH", param_hint="--store")
    with _build_lock(out_dir, wait):
        _build(paths, out_dir, BuildOptions(
            model=model, extractor=extractor, skip_bad=skip_bad, progress=None, workers=workers,
            cache=cache_dir or out_dir / ".kg-cache", rebuild=rebuild, store=store,
            html=html_mode, scheduler=scheduler,
            while_parsing=partial(_preload, html=not no_html, validate=not no_validate,
                                  ontologies=ontologies),
            ontology=_ontology(ontologies, ontology_only)),
            html=not no_html, max_nodes=max_nodes, validate=not no_validate)


def _preload(*, html: bool, validate: bool, ontologies: tuple[str, ...]) -> None:
    """What the end of a build needs, made ready while it waits for its parsers: the HTML
    page's libraries, the SHACL shapes."""
    if html:
        from kg.viz.html import preload

        preload()
    if validate:
        from kg.rdf.shapes import Shapes

        Shapes.ready(None, ontologies)  # as the check asks for them


@contextmanager
def _build_lock(out_dir: Path, wait: bool) -> Iterator[None]:
    """Hold OUT's lock file for the whole build: a second build into OUT stops with the
    first one's PID, or (``--wait``) waits for it."""
    from kg.fsutil import LockHeld, folder_lock

    def waiting(pid: int | None) -> None:
        click.echo(f"waiting for the kg build writing {out_dir} (PID {pid or '?'}) to finish",
                   err=True)

    try:
        with folder_lock(out_dir, wait=wait, waiting=waiting):
            yield
    except LockHeld as held:
        raise KGError(f"{out_dir} is being written by another kg build (PID "
                      f"{held.pid or '?'}); wait for it to finish, or pass --wait") from None


def _build(paths: tuple[Path, ...], out_dir: Path, options: BuildOptions, *, html: bool,
           max_nodes: int | None, validate: bool) -> None:
    """``kg build`` once OUT is locked: build, write, report, validate."""
    from kg.api.core import build_outputs
    from kg.api.graph import HTML_FILE, KnowledgeGraph, Validation
    from kg.fsutil import remove_temporaries
    from kg.rdf.files import GRAPH_FILE
    from kg.rdf.revalidate import VALIDATION_STATE, has_state

    remove_temporaries(out_dir, [GRAPH_FILE, HTML_FILE])  # left by a build killed outright
    started: list[Validation] = []  # the graph is checked while its files are written
    state = None if options.cache is None else Path(options.cache) / VALIDATION_STATE
    # with no earlier check to go by what changed, the check is full: the build keeps the
    # graph in memory for it
    full = options.rebuild or state is None or not has_state(state)
    options = dataclasses.replace(options, validated=validate and full)

    def start(built: KnowledgeGraph) -> None:
        started.append(built.start_validation(ontologies=options.ontology.paths, state=state,
                                              reuse=not options.rebuild))

    try:
        graph, written = build_outputs(paths, out_dir, options, html=html,
                                       max_nodes=max_nodes, on_built=start if validate else None)
        assert graph.report is not None
        for problem in graph.report.skipped:
            click.echo(f"Warning: skipped {problem}", err=True)
        click.echo(graph.report.summary())
        for path in written:
            click.echo(f"wrote {path}")
        if not validate:
            target = options.store if options.store is not None else out_dir
            click.echo(f"validation: skipped (--no-validate); run `kg validate {target}`")
            return
        report = started[0].result()
    finally:
        for validation in started:
            validation.stop()
    click.echo(f"validation: {report.summary()}", err=not report.conforms)
    if not report.conforms:
        sys.exit(1)


def _list_saved(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from kg.query.saved import format_saved_list, list_saved

        click.echo(format_saved_list(list_saved()))
        ctx.exit()


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("query", required=False)
@click.option("--saved", metavar="NAME", help="Run a saved query (see --list-saved).")
@click.option("--bind", "binds", metavar="VAR=VALUE", multiple=True,
              help="Bind ?VAR to VALUE (an IRI if <…> or http(s)://…, else a literal).")
@click.option("--list-saved", is_flag=True, expose_value=False, is_eager=True,
              callback=_list_saved, help="List the saved queries and exit.")
@click.option("--format", "fmt", type=click.Choice(RESULT_FORMATS), default="table",
              show_default=True, help="How to print SELECT results.")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE clauses (federated query: fetches from the URLs they name).")
@wide_option
def query(graph: Path, query: str | None, saved: str | None, binds: tuple[str, ...],
          fmt: str, allow_service: bool, wide: bool) -> None:
    """Run a SPARQL query (a string, a .rq file or --saved NAME) on a graph.

    \b
    Examples:
      kg query out/graph.ttl 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      kg query out/graph.ttl --saved entity-profile --bind name="Leila Haddad"
    """
    from kg.api.graph import KnowledgeGraph
    from kg.errors import QueryError
    from kg.query.saved import SavedQuery, load_saved, parse_bindings
    from kg.query.sparql import format_result, read_query
    from kg.query.table import terminal_width

    if (query is None) == (saved is None):
        raise QueryError("give either a QUERY or --saved NAME (see kg query --list-saved)")
    chosen = load_saved(saved) if saved is not None else SavedQuery("", "", read_query(query or ""))
    text = chosen.text
    bindings = parse_bindings(binds, text)
    chosen.check_bound(bindings)
    if allow_service:
        click.echo(SERVICE_WARNING, err=True)
    result = KnowledgeGraph.load(graph).query(text, bindings, allow_service=allow_service)
    click.echo(format_result(result, fmt, terminal_width(sys.stdout, wide)))


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice([*FORMATS, *FOLDER_FORMATS]))
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="Write to this file (atomically) instead of standard output; "
                   "the folder for neo4j and csv.")
@click.option("--vocabulary", type=click.Choice(["kg", "schema", "wikidata"]), default="kg",
              show_default=True,
              help="Write schema.org or Wikidata terms where kg's have an equivalent.")
def export(graph: Path, fmt: str, out_file: Path | None, vocabulary: str) -> None:
    """Export a graph in another RDF format, as a flat TSV of statements, as the
    entity–statement network for Gephi and friends (graphml, gexf), as neo4j-admin import
    files (neo4j) or as spreadsheet tables (csv: entities, statements, quotes).

    \b
    Example:
      kg export out/graph.ttl --format tsv > statements.tsv
      kg export out/graph.ttl --format neo4j --out neo4j-import/
    """
    from kg.api.graph import KnowledgeGraph
    from kg.fsutil import atomic_write_text

    if fmt in FOLDER_FORMATS:
        from kg.cli.exports import export_folder

        export_folder(graph, fmt, out_file)
        return
    loaded = KnowledgeGraph.load(graph)
    if vocabulary != "kg":
        from kg.ontology.presets import rewrite

        loaded = KnowledgeGraph(rewrite(loaded.graph, vocabulary))
    text = loaded.serialize(fmt)
    if out_file is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        atomic_write_text(out_file, text)


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "tsv"]), default="table",
              show_default=True)
@wide_option
def entities(graph: Path, fmt: str, wide: bool) -> None:
    """List entities with type, aliases and mention counts, most mentioned first.

    \b
    Example:
      kg entities out/graph.ttl
    """
    from kg.api.graph import KnowledgeGraph
    from kg.query.table import format_table, terminal_width

    records = sorted(KnowledgeGraph.load(graph).entities(), key=lambda e: (-e.mentions, e.label))
    rows = [[e.label, e.type, str(e.mentions), "; ".join(e.aliases), e.iri] for e in records]
    header = ["label", "type", "mentions", "aliases", "iri"]
    if fmt == "tsv":
        for row in [header, *rows]:
            click.echo("\t".join(" ".join(c.split()) for c in row))
    else:
        click.echo(format_table(header, rows, terminal_width(sys.stdout, wide)))


if __name__ == "__main__":  # pragma: no cover
    main()
