"""kg's output formats, defined once: the RDF formats (``kg.rdf.serialize``), the flat TSV of
statements, and the entity–statement network (GraphML, GEXF; ``kg.analysis.network``).
Light to import (the ``kg`` command's options list them)."""

from __future__ import annotations

from collections.abc import Iterable

from kg.errors import unknown_choice
from kg.model import StatementRecord
from kg.model.results import MentionRecord

#: The RDF formats (written by ``kg.rdf.serialize``) → file extension.
RDF_FORMATS: dict[str, str] = {"turtle": ".ttl", "nt": ".nt", "nquads": ".nq", "trig": ".trig",
                               "jsonld": ".jsonld", "xml": ".rdf"}
#: Formats with one named graph per document.
QUAD_FORMATS = frozenset({"nquads", "trig"})
#: The statement graph (entities and statements, not RDF), written with networkx.
NETWORK_FORMATS: dict[str, str] = {"graphml": ".graphml", "gexf": ".gexf"}
#: Formats written as XML 1.0, which cannot hold some characters at all (not even escaped).
XML_FORMATS = frozenset({"xml", *NETWORK_FORMATS})
#: Every ``kg export`` format → its file extension.
FORMATS: dict[str, str] = {
    **RDF_FORMATS,
    "tsv": ".tsv",
    "mentions": ".jsonl",
    **NETWORK_FORMATS,
}
#: ``kg export`` formats that write a folder (``kg.export``): neo4j-admin files, CSV tables.
FOLDER_FORMATS = ("neo4j", "csv")
#: How ``kg query`` prints SELECT results.
RESULT_FORMATS = ("table", "csv", "json")
TSV_COLUMNS = ("subject_id", "subject", "predicate", "object_id", "object", "confidence",
               "source", "sentence")

__all__ = ["FOLDER_FORMATS", "FORMATS", "NETWORK_FORMATS", "QUAD_FORMATS", "RDF_FORMATS",
           "RESULT_FORMATS", "TSV_COLUMNS", "XML_FORMATS", "check_format", "format_for",
           "to_mentions", "to_tsv"]


def check_format(name: str) -> str:
    """Return ``name`` if it is a known output format, else raise ``ConfigError``."""
    if name not in FORMATS:
        raise unknown_choice("format", name, FORMATS)
    return name


def format_for(path: str, default: str = "turtle") -> str:
    """The format a file name's extension asks for (``default`` for an unknown one)."""
    lowered = path.lower()
    return next((name for name, ext in FORMATS.items() if lowered.endswith(ext)), default)


def _cell(value: str) -> str:
    return " ".join(value.replace("\t", " ").replace("\r", " ").replace("\n", " ").split())


def to_tsv(records: Iterable[StatementRecord]) -> str:
    """The flat view: a header, then one row per statement (see ``TSV_COLUMNS``)."""
    lines = ["\t".join(TSV_COLUMNS)]
    for r in records:
        row = (r.subject_id, r.subject, r.predicate, r.object_id, r.object,
               f"{r.confidence:.3f}", r.source, r.sentence)
        lines.append("\t".join(_cell(v) for v in row))
    return "\n".join(lines) + "\n"


def to_mentions(records: Iterable[MentionRecord]) -> str:
    """One JSON object per line and mention: document, start, end, text, entity (IRI or
    null), how it was resolved and a confidence (``kg export --format mentions``)."""
    import json

    return "".join(json.dumps({"document": r.document_id, "start": r.start, "end": r.end,
                               "text": r.text, "entity": r.entity_id, "how": r.how,
                               "confidence": r.confidence}, ensure_ascii=False) + "\n"
                   for r in records)
