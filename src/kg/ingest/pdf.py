"""Reading PDF files (the ``pdf`` extra: ``pdfminer.six``).

Text comes in reading order from pdfminer's layout analysis, one text box per paragraph.
Lines that repeat in the top or bottom margin of most pages (running headers, footers, page
numbers; digits do not count, so "Page 3 of 20" repeats) are dropped; a word broken by a
hyphen at a line end is joined again; a paragraph cut by a page break is joined across it.
``PdfText.pages`` holds the offset in the text where each page starts.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError, MissingExtraError

#: The share of a page's height at its top and at its bottom where headers and footers live.
MARGIN = 0.15
#: A margin line is a header or footer when it repeats on this share of the pages (at least 2).
REPEATS = 0.4
_END = re.compile(r"[.!?:;\"”’)\]…]$")
_BROKEN = re.compile(r"(\w+)-$")
_DIGITS = re.compile(r"\d+")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st", "\u00ad": ""})


@dataclass(frozen=True, slots=True)
class PdfText:
    """The text of a PDF, where each page starts in it, and its metadata."""

    text: str
    pages: tuple[int, ...]
    title: str | None = None
    author: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class _Box:
    """One text box of a page: its lines and whether it sits in the top or bottom margin."""

    lines: tuple[str, ...]
    margin: bool
    full: bool = False  # its last line runs to the right edge of the page's text

    @property
    def key(self) -> str:
        return _DIGITS.sub("#", " ".join(" ".join(self.lines).split())).casefold()


def read_pdf(file: Path) -> PdfText:
    """The text of ``file``; ``InputError`` for a file that is not a PDF, is encrypted,
    damaged, or has no text layer (a scan), ``MissingExtraError`` without pdfminer."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(file, error.strerror or str(error)) from None
    if b"%PDF-" not in data[:1024]:
        raise InputError(file, "not a PDF (no %PDF- header)")
    try:
        from pdfminer.layout import LAParams
    except ImportError:
        raise MissingExtraError(f"{file}: reading PDF files", "pdf") from None
    document = _open(file, data)
    pages = _pages(file, document, LAParams())
    text, starts = _assemble(_drop_running_lines(pages))
    if not text.strip():
        raise InputError(file, "no text layer; run OCR first")
    info = _info(document)
    return PdfText(text, starts, info.get("Title"), info.get("Author"),
                   _pdf_date(info.get("CreationDate")))


def _open(file: Path, data: bytes) -> Any:
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    try:
        return PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFPasswordIncorrect:
        raise InputError(file, "encrypted PDF: it needs a password; "
                               "save a decrypted copy first (e.g. qpdf --decrypt)") from None
    except PDFEncryptionError as error:
        raise InputError(file, f"encrypted PDF that cannot be read ({error})") from None
    except (PSException, ValueError, KeyError, TypeError) as error:
        raise InputError(file, f"damaged PDF ({type(error).__name__}: {error})") from None


def _pages(file: Path, document: Any, laparams: Any) -> list[list[_Box]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFTextExtractionNotAllowed
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.psexceptions import PSException

    manager = PDFResourceManager(caching=True)
    device = PDFPageAggregator(manager, laparams=laparams)
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[list[_Box]] = []
    try:
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            layout = device.get_result()
            height = layout.height or 1.0
            found = []
            for item in layout:
                if not isinstance(item, LTTextBox):
                    continue
                objs = [obj for obj in item if isinstance(obj, LTTextLine)]
                lines = [" ".join(obj.get_text().translate(_LIGATURES).split()) for obj in objs]
                if any(lines):
                    margin = (item.y0 - layout.y0 >= (1 - MARGIN) * height
                              or item.y1 - layout.y0 <= MARGIN * height)
                    found.append((tuple(line for line in lines if line), margin, objs[-1].x1))
            right = max((x1 for _, margin, x1 in found if not margin), default=0.0)
            slack = 0.05 * (layout.width or 1.0)
            pages.append([_Box(lines, margin, x1 >= right - slack)
                          for lines, margin, x1 in found])
    except PDFTextExtractionNotAllowed:
        raise InputError(file, "encrypted PDF that forbids text extraction") from None
    except (PSException, ValueError, KeyError, TypeError) as error:
        raise InputError(file, f"damaged PDF ({type(error).__name__}: {error})") from None
    return pages


def _drop_running_lines(pages: list[list[_Box]]) -> list[list[_Box]]:
    """``pages`` without the margin boxes that repeat on most pages."""
    seen = Counter(key for boxes in pages for key in {b.key for b in boxes if b.margin})
    least = max(2, math.ceil(REPEATS * len(pages)))
    running = {key for key, count in seen.items() if count >= least}
    return [[b for b in boxes if not (b.margin and b.key in running)] for boxes in pages]


def _join_lines(lines: tuple[str, ...] | list[str]) -> str:
    """Lines of one paragraph as one line; ``exam-`` + ``ple`` → ``example``."""
    out = lines[0]
    for line in lines[1:]:
        broken = _BROKEN.search(out)
        if broken and line[:1].islower() and broken.group(1)[-1:].isalpha():
            out = out[:-1] + line
        else:
            out = f"{out} {line}"
    return out


def _continues(previous: str, following: str, page_break: bool, full: bool) -> bool:
    """Whether ``following`` goes on the paragraph ``previous`` (cut by a box or a page end;
    ``full``: the last line before the cut runs to the right edge)."""
    if page_break and full:
        return True
    if _END.search(previous):
        return False
    if following[:1].islower():
        return True
    # A page break cuts a sentence mid-way; a short line before it is a heading.
    return page_break and len(previous.split()) >= 8


def _assemble(pages: list[list[_Box]]) -> tuple[str, tuple[int, ...]]:
    """The document text (paragraphs separated by blank lines) and each page's start."""
    paragraphs: list[str] = []
    starts: list[int] = []
    length = 0  # of "\n\n".join(paragraphs)
    full = False  # the last box so far ends with a full line
    for boxes in pages:
        first = True
        page_start: int | None = None
        for box in boxes:
            text = _join_lines(box.lines)
            if paragraphs and _continues(paragraphs[-1], text, first, full):
                joined = _join_lines([paragraphs[-1], text])
                if page_start is None:
                    page_start = length - len(paragraphs[-1]) + len(joined) - len(text)
                length += len(joined) - len(paragraphs[-1])
                paragraphs[-1] = joined
            else:
                length += len(text) + (2 if paragraphs else 0)
                paragraphs.append(text)
                if page_start is None:
                    page_start = length - len(text)
            first, full = False, box.full
        starts.append(length if page_start is None else page_start)
    if starts:
        starts[0] = 0
    return "\n\n".join(paragraphs), tuple(starts)


def _info(document: Any) -> dict[str, str]:
    """The document information dictionary as text (``Title``, ``Author``, …)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    for info in getattr(document, "info", []) or []:
        for key, raw in (resolve1(info) or {}).items():
            value = resolve1(raw)
            if isinstance(value, bytes):
                text = decode_text(value)
            elif isinstance(value, PSLiteral):
                text = str(value.name)
            elif isinstance(value, str):
                text = value
            else:
                continue
            text = " ".join(text.replace("\x00", "").split())
            if text:
                found.setdefault(str(key), text)
    return found


def _pdf_date(value: str | None) -> str | None:
    """``D:20250310093000Z`` → ``2025-03-10`` (``None`` when it is not a PDF date)."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", value or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    if month and day:
        return f"{year}-{month}-{day}"
    return f"{year}-{month}" if month else year
