"""Spreadsheet CSV: ``entities.csv``, ``statements.csv`` and ``quotes.csv``.

UTF-8 with a byte-order mark and CRLF line ends, so Excel opens Arabic, Cyrillic or accented
names as they are. A text cell that starts like a formula (``=``, ``+``, ``-``, ``@``) gets a
leading ``'`` so that a spreadsheet shows it instead of running it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.fsutil import atomic_write_bytes
from kg.model import EntityRecord, QuoteRecord, StatementRecord

ENTITY_COLUMNS = ("label", "type", "mentions", "aliases", "iri")
STATEMENT_COLUMNS = ("subject", "relation", "object", "confidence", "source", "page",
                     "sentence", "subject_iri", "object_iri", "predicate_iri", "statement_iri")
QUOTE_COLUMNS = ("speaker", "quote", "source", "start", "end", "speaker_iri", "quote_iri")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    value = " ".join(value.split())
    return "'" + value if value.startswith(_FORMULA) else value


def table_bytes(header: Sequence[str], rows: Iterable[Sequence[str | int | float]]) -> bytes:
    """One CSV table as Excel reads it (BOM, CRLF; text cells made safe, numbers as they are).

    >>> table_bytes(["name", "n"], [["=1+1", 2]])
    b"\\xef\\xbb\\xbfname,n\\r\\n'=1+1,2\\r\\n"
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(v) if isinstance(v, str) else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_tables(out_dir: str | Path, entities: Iterable[EntityRecord],
                 statements: Iterable[StatementRecord],
                 quotes: Iterable[QuoteRecord]) -> list[Path]:
    """Write the three tables into ``out_dir``; return their paths. Entities come most
    mentioned first, statements and quotes in document order."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ents = sorted(entities, key=lambda e: (-e.mentions, e.label, e.iri))
    Rows = Iterable[Sequence[str | int | float]]
    tables: dict[str, tuple[tuple[str, ...], Rows]] = {
        "entities.csv": (ENTITY_COLUMNS, ([e.label, e.type, e.mentions, "; ".join(e.aliases),
                                           e.iri] for e in ents)),
        "statements.csv": (STATEMENT_COLUMNS, (
            [r.subject, r.predicate, r.object, f"{r.confidence:.3f}", r.source,
             r.extra.get("page", ""), r.sentence, r.subject_id, r.object_id,
             r.extra.get("predicate_iri", ""), r.iri] for r in statements)),
        "quotes.csv": (QUOTE_COLUMNS, ([q.speaker, q.text, q.source, q.start, q.end,
                                        q.speaker_id, q.iri] for q in quotes)),
    }
    written = []
    for name, (header, rows) in tables.items():
        atomic_write_bytes(out / name, table_bytes(header, rows))
        written.append(out / name)
    return written
