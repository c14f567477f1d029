"""Reading PDFs and web pages: pages/s for PDF text, docs/s for HTML article extraction, and
what reading costs next to a build of the same text.

The PDF is the invented 20-page court filing of ``tests/documents.py`` (running header,
"Page N of M" footer, hyphenated line ends), repeated ``--pdfs`` times; the web page is
``tests/data/saved_news_page.html`` (menus, cookie banner, comments), read ``--pages`` times.
The build is ``kg.build_documents`` of the extracted text (no cache), in this process, so
both are measured in CPU seconds of this process (other jobs on the machine do not count);
wall-clock seconds are printed too.

    python benchmarks/ingest.py [--pdfs 3] [--pages 200]

Acceptance: reading costs ≤ 10 % of a build of the same text.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from documents import filing_paragraphs, write_filing_pdf  # noqa: E402

NEWS_PAGE = REPO / "tests" / "data" / "saved_news_page.html"


def _timed(work):  # type: ignore[no-untyped-def]
    """``(result, CPU seconds, wall seconds)`` of ``work()``."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = work()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def _build(documents: list) -> tuple[float, float]:  # type: ignore[type-arg]
    from kg.api.core import build_documents
    from kg.build.local import InProcessExecutor

    _, cpu, wall = _timed(lambda: build_documents(documents, executor=InProcessExecutor()))
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdfs", type=int, default=3, help="20-page PDFs to read")
    parser.add_argument("--pages", type=int, default=200, help="times to read the web page")
    args = parser.parse_args()

    from kg.ingest.files import read_documents
    from kg.nlp.loader import load_model

    load_model()  # loaded once, outside every timing
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pdf"
        folder.mkdir()
        for n in range(args.pdfs):
            write_filing_pdf(folder / f"filing-{n}.pdf", filing_paragraphs(200), pages=20)
        pdf_docs, read_pdf, read_pdf_wall = _timed(lambda: list(read_documents([folder])))
        pages = sum(len(d.pages) for d in pdf_docs)
        words = sum(len(d.text.split()) for d in pdf_docs)
        build_pdf, build_pdf_wall = _build(pdf_docs)

        web = Path(tmp) / "web"
        web.mkdir()
        for n in range(args.pages):
            (web / f"page-{n:04d}.html").write_bytes(NEWS_PAGE.read_bytes())
        web_docs, read_web, read_web_wall = _timed(lambda: list(read_documents([web])))
        build_web, build_web_wall = _build(web_docs)

    print(f"PDF : {pages} pages ({words:,} words) read in {read_pdf:.2f} s CPU "
          f"({read_pdf_wall:.2f} s wall) = {pages / read_pdf:.1f} pages/s; build of the text "
          f"{build_pdf:.2f} s CPU ({build_pdf_wall:.2f} s wall); "
          f"reading = {100 * read_pdf / build_pdf:.1f} % of the build")
    print(f"HTML: {len(web_docs)} pages read as articles in {read_web:.2f} s CPU "
          f"({read_web_wall:.2f} s wall) = {len(web_docs) / read_web:.1f} docs/s; build of the "
          f"text {build_web:.2f} s CPU ({build_web_wall:.2f} s wall); "
          f"reading = {100 * read_web / build_web:.1f} % of the build")


if __name__ == "__main__":
    main()
