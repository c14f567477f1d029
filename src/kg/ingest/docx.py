"""Reading Word files (``.docx``; the ``docx`` extra: ``python-docx``).

Paragraphs and tables come in document order, one paragraph per block. A table cell that
holds prose (a sentence: several words ending in terminal punctuation, or a long run of
words) is a paragraph of its own; the other cells of a row (numbers, names, headers) become
one line of cells joined by `` | `` (merged cells once). A table of sentences thus reads as
sentences, not as one line whose cells run together into a headline. The core properties give the
title, the author and the creation date.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from kg.errors import InputError, MissingExtraError
from kg.model import Document


def read_docx(file: Path, doc_id: str) -> Document:
    """``file`` as document ``doc_id``, with its core properties; ``InputError`` when it is
    not a Word file or has no text, ``MissingExtraError`` without python-docx."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:
        raise MissingExtraError(f"{file}: reading Word files", "docx") from None
    if not zipfile.is_zipfile(file):
        raise InputError(file, "not a Word .docx file (not a ZIP package; "
                               "save .doc files as .docx first)")
    try:
        document = docx.Document(str(file))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise InputError(file, f"not a readable Word .docx file ({error})") from None
    blocks = [block for block in _blocks(document) if block]
    props = document.core_properties
    created = props.created.date().isoformat() if props.created is not None else None
    return Document(doc_id, "\n\n".join(blocks), title=_clean(props.title),
                    author=_clean(props.author), date=created, source_path=str(file))


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _blocks(document: Any) -> list[str]:
    """Each paragraph's text and each table's rows, in the order they appear."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            out.append(" ".join(item.text.split()))
        elif isinstance(item, Table):
            out.append(_table_text(item))
    return out


# A cell of prose: at least this many words ending a sentence, or this many words in all.
_SENTENCE_WORDS = 4
_LONG_WORDS = 12
_TERMINAL = frozenset('.!?…"”’\')')


def _sentence(cell: str) -> bool:
    """True for a cell that holds a sentence (or a run of words long enough to be one)."""
    words = len(cell.split())
    return words >= _LONG_WORDS or (words >= _SENTENCE_WORDS and cell[-1] in _TERMINAL)


def _cells(row: Any) -> list[str]:
    """The row's cell texts, each merged cell once, blank cells left out."""
    cells: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
            continue
        seen.add(id(cell._tc))
        text = " ".join(cell.text.split()).strip("|").strip()
        if text:
            cells.append(text)
    return cells


def _table_text(table: Any) -> str:
    """The table's blocks: each prose cell alone, runs of data cells joined by `` | ``.

    In a table that holds a sentence, every cell of several words is prose, and one that
    does not end a sentence is given a full stop: the last cell of a row of statements is
    seldom punctuated, and a line without one reads as a headline (``kg.extract.facts``)."""
    rows = [cells for cells in map(_cells, table.rows) if cells]
    prose_table = any(_sentence(cell) for cells in rows for cell in cells)
    blocks: list[str] = []
    for cells in rows:
        run: list[str] = []
        for text in cells:
            if prose_table and len(text.split()) >= _SENTENCE_WORDS:
                if text[-1] not in _TERMINAL:
                    text = text.rstrip(",;:") + "."
                blocks.extend([" | ".join(run), text] if run else [text])
                run = []
            else:
                run.append(text)
        if run:
            blocks.append(" | ".join(run))
    return "\n\n".join(blocks)
