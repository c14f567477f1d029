"""PDF, Word and saved web pages in: the documents are made here (tests/documents.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from documents import (
    filing_paragraphs,
    write_encrypted_pdf,
    write_filing_pdf,
    write_scanned_pdf,
)
from kg.errors import InputError, MissingExtraError
from kg.ingest.files import IngestReport, read_documents

DATA = Path(__file__).parent / "data"
NEWS_PAGE = DATA / "saved_news_page.html"


@pytest.fixture(scope="module")
def filing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 20-page PDF with a running header and a page footer, and its text version."""
    folder = tmp_path_factory.mktemp("filing")
    pdf = folder / "pdf" / "memorandum.pdf"
    pdf.parent.mkdir()
    kept = write_filing_pdf(pdf, filing_paragraphs(200), pages=20)
    txt = folder / "txt" / "memorandum.txt"
    txt.parent.mkdir()
    txt.write_text("\n\n".join(kept), encoding="utf-8")
    return pdf, txt


def _words(text: str) -> list[str]:
    return text.split()


def test_pdf_text_is_the_text_version_without_headers_footers_or_broken_words(
        filing: tuple[Path, Path]) -> None:
    pdf, txt = filing
    [doc] = read_documents([pdf])
    [plain] = read_documents([txt])
    assert _words(doc.text) == _words(plain.text)  # same words in the same order
    assert "Case No." not in doc.text and not re.search(r"Page \d+ of", doc.text)
    assert not re.search(r"\w-\s", doc.text)  # no "reorgani- zation" left
    assert doc.title == "Memorandum Opinion in Harbor City v. Meridian Bank"
    assert doc.author == "Clerk of the Harbor City District Court"
    # headings stay paragraphs of their own
    assert "\n\nProcedural History\n\n" in doc.text


def test_pdf_pages_point_into_the_text_page_by_page(filing: tuple[Path, Path]) -> None:
    from pdfminer.high_level import extract_text

    pdf, _ = filing
    [doc] = read_documents([pdf])
    assert len(doc.pages) == 20 and doc.pages[0] == 0
    assert list(doc.pages) == sorted(doc.pages)
    for number in (1, 2, 7, 20):
        start = doc.pages[number - 1]
        end = doc.pages[number] if number < 20 else len(doc.text)
        raw = extract_text(str(pdf), page_numbers=[number - 1])
        body = [line for line in raw.splitlines()
                if not line.startswith(("Case No.", "Page "))]
        # the page's own characters, in order, without the header, footer and line-end hyphens
        expected = re.sub(r"-\n(?=[a-z])|\s|-$", "", "\n".join(body).strip())
        assert re.sub(r"\s", "", doc.text[start:end]) == expected
        assert doc.page_at(start) == number and doc.page_at(end - 1) == number


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("scan.pdf", write_scanned_pdf, "no text layer; run OCR first"),
        ("locked.pdf", write_encrypted_pdf, "encrypted PDF: it needs a password"),
        ("nocopy.pdf", lambda p: write_encrypted_pdf(p, "", can_copy=False),
         "encrypted PDF that forbids copying its text"),
        ("renamed.pdf", lambda p: p.write_text("Just a text file.\n"), "not a PDF"),
        ("cut.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj <<"), "damaged PDF"),
        ("letter.docx", lambda p: p.write_text("not a zip"), "not a Word .docx file"),
    ],
)
def test_bad_documents_give_one_line_errors_and_skip_bad_goes_on(
        tmp_path: Path, name: str, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / name
    make(bad)
    (tmp_path / "z-good.txt").write_text("Samir Haddad sued Meridian Bank.", encoding="utf-8")
    with pytest.raises(InputError) as error:
        list(read_documents([tmp_path]))
    message = str(error.value)
    assert message.startswith(f"{bad}: ") and reason in message and "\n" not in message
    report = IngestReport()
    docs = list(read_documents([tmp_path], skip_bad=True, report=report))
    assert [d.id for d in docs] == ["z-good"]
    assert report.skipped == [message]


@pytest.mark.parametrize(
    ("suffix", "module", "extra"),
    [(".pdf", "pypdfium2", "pdf"), (".docx", "docx", "docx"),
     (".html", "trafilatura", "web")],
)
def test_a_missing_extra_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  suffix: str, module: str, extra: str) -> None:
    path = tmp_path / f"file{suffix}"
    path.write_bytes(b"%PDF-1.4\n" if suffix == ".pdf" else b"<p>Hello</p>")
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(MissingExtraError, match=rf"pip install 'kg\[{extra}\]'") as error:
        list(read_documents([path], skip_bad=True))  # not a bad file: never skipped
    assert str(path) in str(error.value)


def test_docx_paragraphs_tables_and_core_properties(tmp_path: Path) -> None:
    import datetime

    import docx

    word = docx.Document()
    word.add_heading("Statement of Lena Fischer", level=1)
    word.add_paragraph("Lena Fischer met Omar Nasser in Harbor City.")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Name", "Role"
    table.cell(1, 0).text, table.cell(1, 1).text = "Omar Nasser", "Witness"
    word.add_paragraph("She contacted the police   the next day.")
    props = word.core_properties
    props.title, props.author = "Witness statement", "Lena Fischer"
    props.created = datetime.datetime(2024, 3, 9, 10, 30)
    path = tmp_path / "statement.docx"
    word.save(str(path))
    [doc] = read_documents([path])
    assert doc.text == ("Statement of Lena Fischer\n\nLena Fischer met Omar Nasser in Harbor City."
                        "\n\nName | Role\n\nOmar Nasser | Witness\n\n"
                        "She contacted the police the next day.")
    assert (doc.title, doc.author, doc.date) == ("Witness statement", "Lena Fischer",
                                                 "2024-03-09")
    assert doc.pages == ()


def test_saved_news_page_gives_the_article_and_its_metadata() -> None:
    [doc] = read_documents([NEWS_PAGE])
    assert doc.text.startswith("Harbor City council sues Meridian Bank over pier loans\n\n"
                               "The Harbor City Council sued Meridian Bank on Monday")
    assert "Judge Maria Lopez will hear the case in July." in doc.text
    for chrome in ("cookies", "Subscribe", "Most read", "bribed", "Governor Paul Reyes",
                   "Privacy policy", "Comments (3)", "harborfan88"):
        assert chrome not in doc.text
    assert doc.title == "Harbor City council sues Meridian Bank over pier loans"
    assert doc.date == "2024-05-14"
    assert doc.url == "https://ledger.example.org/news/2024/05/harbor-city-sues-meridian-bank"
    assert doc.author == "Dana Whitfield"


def test_html_raw_keeps_every_visible_text() -> None:
    [doc] = read_documents([NEWS_PAGE], html="raw")
    assert "Omar Nasser bribed the whole council" in doc.text and "Subscribe" in doc.text
    assert doc.url is None
    with pytest.raises(Exception, match="unknown html mode 'full'; choose one of: article, raw"):
        list(read_documents([NEWS_PAGE], html="full"))


def test_an_encrypted_pdf_that_opens_without_a_password_and_allows_copying_is_read(
        tmp_path: Path) -> None:
    path = tmp_path / "protected.pdf"
    write_encrypted_pdf(path, "", can_copy=True)
    [doc] = read_documents([path])
    assert doc.text == "Samir Haddad sued Meridian Bank in 2021." and doc.pages == (0,)
