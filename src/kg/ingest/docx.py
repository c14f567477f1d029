"""Reading Word files (``.docx``; the ``docx`` extra: ``python-docx``).

Paragraphs and tables come in document order, one paragraph per block; a table row becomes
one line of its cells joined by `` | `` (merged cells once). The core properties give the
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


def _table_text(table: Any) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats in every column it spans
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return "\n\n".join(rows)
