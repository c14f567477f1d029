"""Reading PDF files (the ``pdf`` extra: ``pypdfium2``, the PDFium engine).

Text comes in PDFium's reading order, one text box (lines set close together) per paragraph.
Lines that repeat in the top or bottom margin of most pages (running headers, footers, page
numbers; digits do not count, so "Page 3 of 20" repeats) are dropped; a word broken by a
hyphen at a line end is joined again; a paragraph cut by a page break is joined across it.
The document's ``pages`` hold the offset in its text where each page starts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError, MissingExtraError
from kg.model import Document

#: The share of a page's height at its top and at its bottom where headers and footers live.
MARGIN = 0.15
#: A margin line is a header or footer when it repeats on this share of the pages (at least 2).
REPEATS = 0.4
_END = re.compile(r"[.!?:;\"”’)\]…]$")
_BROKEN = re.compile(r"(\w+)-$")
_DIGITS = re.compile(r"\d+")
_LIGATURES = str.maketrans({"\x02": "-",  # PDFium's mark for a hyphen at a line end
                            "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st", "\u00ad": ""})


@dataclass(frozen=True, slots=True)
class _Box:
    """One text box of a page: its lines and whether it sits in the top or bottom margin."""

    lines: tuple[str, ...]
    margin: bool
    full: bool = False  # its last line runs to the right edge of the page's text

    @property
    def key(self) -> str:
        return _DIGITS.sub("#", " ".join(" ".join(self.lines).split())).casefold()


def read_pdf(file: Path, doc_id: str) -> Document:
    """``file`` as document ``doc_id``: its text, where each page starts and its metadata;
    ``InputError`` for a file that is not a PDF, is encrypted,
    damaged, or has no text layer (a scan), ``MissingExtraError`` without pypdfium2."""
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InputError(file, error.strerror or str(error)) from None
    if b"%PDF-" not in data[:1024]:
        raise InputError(file, "not a PDF (no %PDF- header)")
    try:
        import pypdfium2
    except ImportError:
        raise MissingExtraError(f"{file}: reading PDF files", "pdf") from None
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).casefold():
            raise InputError(file, "encrypted PDF: it needs a password; "
                                   "save a decrypted copy first (e.g. qpdf --decrypt)") from None
        raise InputError(file, f"damaged PDF ({error})") from None
    try:
        _check_permissions(file, document)
        pages = [_page_boxes(document[n]) for n in range(len(document))]
        info = {k: " ".join(str(v).split()) for k, v in document.get_metadata_dict().items()}
    except pypdfium2.PdfiumError as error:
        raise InputError(file, f"damaged PDF ({error})") from None
    finally:
        document.close()
    text, starts = _assemble(_drop_running_lines(pages))
    if not text.strip():
        raise InputError(file, "no text layer; run OCR first")
    return Document(doc_id, text, title=info.get("Title") or None,
                    author=info.get("Author") or None, date=_pdf_date(info.get("CreationDate")),
                    source_path=str(file), pages=starts)


#: Permission bit 5 of an encrypted PDF: copying or extracting its text.
_MAY_EXTRACT = 0x10


def _check_permissions(file: Path, document: Any) -> None:
    """``InputError`` for an encrypted PDF whose author forbids copying its text (one that
    opens without a password and allows it is read like any other)."""
    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) == -1:
        return  # not encrypted
    if not pdfium_c.FPDF_GetDocPermissions(document.raw) & _MAY_EXTRACT:
        raise InputError(file, "encrypted PDF that forbids copying its text; "
                               "ask for a copy without that restriction")


@dataclass
class _Line:
    left: float
    bottom: float
    right: float
    top: float
    text: str


def _page_boxes(page: Any) -> list[_Box]:
    """The text boxes of one page, in PDFium's reading order: text runs on one baseline make
    a line; a line starts a new box after a gap taller than half a line, or when it sits
    higher than the line before (a new column)."""
    textpage = page.get_textpage()
    _, height = page.get_size()
    lines: list[_Line] = []
    for n in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(n)
        text = " ".join(textpage.get_text_bounded(left, bottom, right, top)
                        .translate(_LIGATURES).split())
        if not text:
            continue
        last = lines[-1] if lines else None
        if last is not None and abs((last.top + last.bottom) - (top + bottom)) / 2 < \
                0.5 * max(top - bottom, 1.0) and left >= last.left:
            last.text, last.right = f"{last.text} {text}", max(last.right, right)
            last.top, last.bottom = max(last.top, top), min(last.bottom, bottom)
        else:
            lines.append(_Line(left, bottom, right, top, text))
    textpage.close()
    groups: list[list[_Line]] = []
    for line in lines:
        prev = groups[-1][-1] if groups else None
        size = max(line.top - line.bottom, 1.0)
        if prev is None or prev.bottom - line.top > 0.5 * size or line.top > prev.top:
            groups.append([line])
        else:
            groups[-1].append(line)

    def margin(group: list[_Line]) -> bool:
        return bool(min(x.bottom for x in group) >= (1 - MARGIN) * height
                    or max(x.top for x in group) <= MARGIN * height)

    right = max((x.right for g in groups if not margin(g) for x in g), default=0.0)
    width = max((x.right for g in groups for x in g), default=1.0)
    return [_Box(tuple(x.text for x in g), margin(g), bool(g[-1].right >= right - 0.05 * width))
            for g in groups]


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


def _pdf_date(value: str | None) -> str | None:
    """``D:20250310093000Z`` → ``2025-03-10`` (``None`` when it is not a PDF date)."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", value or "")
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    if month and day:
        return f"{year}-{month}-{day}"
    return f"{year}-{month}" if month else year
