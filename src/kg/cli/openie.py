"""Open-IE mode: ``kg extract`` (one sentence per line in, one extraction per line out) and
``kg extractors``."""

from __future__ import annotations

from typing import Any

import click

from kg.cli.main import (
    _ontology,
    extractor_option,
    model_option,
    ontology_only_option,
    ontology_option,
)
from kg.extract import DEFAULT_EXTRACTOR


@click.command()
@click.argument("source", default="-", type=click.File("rb"))
@click.option("--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv",
              show_default=True, help="tsv: CaRB's format; jsonl: with offsets and attributes.")
@model_option
@extractor_option
@ontology_option
@ontology_only_option
def extract(source: Any, fmt: str, model: str, extractor: str, ontologies: tuple[str, ...],
            ontology_only: bool) -> None:
    """Open-IE mode: one sentence per line in, one extraction per line out.

    With --ontology, each jsonl line also has the property the relation maps onto
    ("predicate", "mapping", and "triple": subject, property, object).

    \b
    Example:
      echo "The court denied the request." | kg extract --format tsv
      echo "Ann Lee was born in Oslo." | kg extract --format jsonl --ontology dbpedia.ttl
    """
    import json

    from kg.enrich.lexicon import lexicon
    from kg.enrich.normalise import mapping_fields
    from kg.extract.openie import extract_sentences, json_row, tsv_rows

    lex = lexicon().with_ontology(_ontology(ontologies, ontology_only)) if ontologies \
        else None
    for sentence, statements in extract_sentences(_text_lines(source), model=model,
                                                  extractor=extractor):
        if fmt == "tsv":
            for row in tsv_rows(sentence, statements):
                click.echo(row)
        else:
            for st in statements:
                row = json_row(sentence, st)
                if lex is not None:
                    fields = {**json.loads(row), **mapping_fields(st, lex)}
                    row = json.dumps(fields, ensure_ascii=False)
                click.echo(row)


def _text_lines(source: Any) -> Any:
    """The lines of a binary file as text; a one-line ``InputError`` on one not UTF-8."""
    from kg.errors import InputError

    for number, line in enumerate(source, start=1):
        try:
            yield line.decode("utf-8").removeprefix("\ufeff" if number == 1 else "")
        except UnicodeDecodeError as error:
            raise InputError(getattr(source, "name", "<stdin>"), f"line {number}, column "
                             f"{error.start + 1}: not valid UTF-8 (byte 0x"
                             f"{line[error.start]:02x})") from None


@click.command("extractors")
def list_extractors() -> None:
    """List the registered extractors (the default is marked).

    \b
    Example:
      kg extractors
    """
    from kg.extract import available_extractors

    for name in available_extractors():
        marker = " (default)" if name == DEFAULT_EXTRACTOR else ""
        click.echo(f"{name}{marker}")
