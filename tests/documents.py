"""Test documents made here: a paged court filing (PDF), a scan, a Word file, a saved web page.

All text is written for these tests (names and events are invented).
"""

from __future__ import annotations

import itertools
from pathlib import Path

PEOPLE = ["Judge Maria Lopez", "Samir Haddad", "Detective Anna Berg", "Omar Nasser",
          "Prosecutor Helen Cho", "Lena Fischer", "Governor Paul Reyes", "Karim Aziz"]
GROUPS = ["the Harbor City Council", "the Northfield Police Department", "Meridian Bank",
          "the Coastal Workers Union", "the State Attorney's Office", "Riverside University"]
VERBS = ["sued", "criticized", "met", "thanked", "questioned", "supported", "contacted",
         "investigated"]
HEADINGS = ["Background", "Procedural History", "Findings of Fact", "Discussion", "Conclusion"]


def filing_paragraphs(count: int = 90) -> list[str]:
    """Paragraphs of an invented memorandum: short headings and three-sentence paragraphs
    with long words (so that line ends get hyphenated)."""
    pairs = itertools.cycle(itertools.product(PEOPLE, GROUPS))
    verbs = itertools.cycle(VERBS)
    out: list[str] = []
    for n in range(count):
        if n % 12 == 0:
            out.append(HEADINGS[(n // 12) % len(HEADINGS)])
            continue
        sentences = []
        for _ in range(3):
            person, group = next(pairs)
            verb = next(verbs)
            sentences.append(f"{person} {verb} {group} about the administrative "
                             f"reorganization in {2010 + n % 14}.")
        out.append(" ".join(sentences))
    return out


def _wrap(words: list[str], width: float, measure) -> list[str]:  # type: ignore[no-untyped-def]
    """Greedy line wrapping that hyphenates a long word at the line end."""
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if measure(candidate) <= width:
            line = candidate
            continue
        if len(word) >= 10:
            for cut in range(len(word) - 4, 3, -1):
                head = f"{line} {word[:cut]}-".strip()
                if word[:cut].isalpha() and measure(head) <= width:
                    lines.append(head)
                    line = word[cut:]
                    break
            else:
                lines.append(line)
                line = word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def write_filing_pdf(path: Path, paragraphs: list[str], pages: int = 20) -> list[str]:
    """Lay ``paragraphs`` out on exactly ``pages`` US-letter pages with a running header and a
    "Page N of M" footer; return the paragraphs that fit (the text version of the PDF)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    width, height = letter
    left, top, bottom, leading, size = 72, height - 90, 80, 14, 11
    c = canvas.Canvas(str(path), pagesize=letter, invariant=True)
    c.setTitle("Memorandum Opinion in Harbor City v. Meridian Bank")
    c.setAuthor("Clerk of the Harbor City District Court")
    page, y, kept = 1, top, []

    def frame() -> None:
        c.setFont("Helvetica", 9)
        c.drawString(left, height - 50, "Case No. 24-cv-0142 | Memorandum Opinion | Filed 2024")
        c.drawString(width / 2 - 30, 45, f"Page {page} of {pages}")

    frame()
    for text in paragraphs:
        heading = len(text.split()) < 5
        font = "Helvetica-Bold" if heading else "Helvetica"
        lines = _wrap(text.split(), width - 2 * left,
                      lambda s, font=font: stringWidth(s, font, size))
        if page == pages and y - leading * (len(lines) - 1) < bottom:
            c.save()  # the last page is full: stop at a paragraph's end
            return kept
        for line in lines:
            if y < bottom:
                c.showPage()
                page += 1
                frame()
                y = top
            c.setFont(font, size)
            c.drawString(left, y, line)
            y -= leading
        kept.append(text)
        y -= leading
    raise AssertionError("not enough paragraphs to fill the pages")


def write_scanned_pdf(path: Path) -> None:
    """A one-page PDF whose only content is a picture of text (no text layer)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(image)
    for n in range(20):
        draw.text((60, 60 + 40 * n), f"Line {n} of a scanned letter to the council.", fill="black")
    c = canvas.Canvas(str(path), pagesize=letter, invariant=True)
    c.drawImage(ImageReader(image), 0, 0, *letter)
    c.showPage()
    c.save()


def write_encrypted_pdf(path: Path, user_password: str = "secret", can_copy: bool = True) -> None:
    """An encrypted PDF: it opens only with ``user_password`` ("": opens without one);
    ``can_copy``: whether its permissions allow copying the text."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    encrypt = pdfencrypt.StandardEncryption(user_password, "owner", canCopy=int(can_copy))
    c = canvas.Canvas(str(path), encrypt=encrypt)
    c.drawString(72, 720, "Samir Haddad sued Meridian Bank in 2021.")
    c.showPage()
    c.save()
