"""End to end on the real model: a 20-page PDF against its text version, bad PDFs with
--skip-bad, and a saved news page (documents made in tests/documents.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from documents import (
    filing_paragraphs,
    write_encrypted_pdf,
    write_filing_pdf,
    write_scanned_pdf,
)
from kg.api.graph import KnowledgeGraph
from kg.cli import main
from kg.ontology.namespace import KG

NEWS_PAGE = Path(__file__).parent / "data" / "saved_news_page.html"
SCHEMA_URL = URIRef("https://schema.org/url")

pytestmark = pytest.mark.slow


def build(*args: str) -> str:
    result = CliRunner().invoke(main, ["build", *args, "--no-html", "--no-validate"])
    assert result.exit_code == 0, result.output
    return result.output


def _statement_set(graph: KnowledgeGraph) -> set[tuple[str, str, str, str]]:
    return {(r.subject, r.predicate, r.object, " ".join(r.sentence.split()))
            for r in graph.statements()}


@pytest.fixture(scope="module")
def filing_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, KnowledgeGraph,
                                                                     KnowledgeGraph]:
    root = tmp_path_factory.mktemp("filing")
    (root / "pdf").mkdir()
    (root / "txt").mkdir()
    pdf = root / "pdf" / "memorandum.pdf"
    kept = write_filing_pdf(pdf, filing_paragraphs(200), pages=20)
    (root / "txt" / "memorandum.txt").write_text("\n\n".join(kept), encoding="utf-8")
    for kind in ("pdf", "txt"):
        build(str(root / kind), "--out", str(root / f"out-{kind}"))
    return (pdf, KnowledgeGraph.load(root / "out-pdf"), KnowledgeGraph.load(root / "out-txt"))


def test_pdf_gives_the_statements_of_its_text_version(
        filing_builds: tuple[Path, KnowledgeGraph, KnowledgeGraph]) -> None:
    _, from_pdf, from_txt = filing_builds
    statements = _statement_set(from_pdf)
    # (not counting "State Attorney | has | Office": a possessive inside a name, no statement)
    assert len(statements) > 240
    assert statements == _statement_set(from_txt)


def test_every_pdf_statement_carries_the_page_its_sentence_is_on(
        filing_builds: tuple[Path, KnowledgeGraph, KnowledgeGraph]) -> None:
    from pdfminer.high_level import extract_text

    pdf, from_pdf, from_txt = filing_builds
    pages = {n: re.sub(r"\s|-", "", extract_text(str(pdf), page_numbers=[n - 1]))
             for n in range(1, 21)}
    g = from_pdf.graph
    seen = set()
    for st in g.subjects(KG.sentence, None):
        page = g.value(st, KG.page)
        assert isinstance(page, Literal), f"{st} has no kg:page"
        start = re.sub(r"\s|-", "", str(g.value(st, KG.sentence)))[:25]
        assert start in pages[int(page)], (page, start)
        seen.add(int(page))
    assert seen == set(range(1, 21))
    assert not list(from_txt.graph.subjects(KG.page, None))  # a text file has no pages


def test_bad_pdfs_fail_in_one_line_and_skip_bad_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    write_scanned_pdf(src / "scan.pdf")
    write_encrypted_pdf(src / "locked.pdf")
    (src / "notes.pdf").write_text("Samir Haddad sued Meridian Bank.\n", encoding="utf-8")
    (src / "story.txt").write_text("Samir Haddad sued Meridian Bank in 2021.\n",
                                   encoding="utf-8")
    for name in ("scan.pdf", "locked.pdf", "notes.pdf"):
        result = CliRunner().invoke(main, ["build", str(src / name), "--out",
                                           str(tmp_path / "o1")])
        assert result.exit_code != 0
        assert len(result.output.strip().splitlines()) == 1 and name in result.output
    assert not (tmp_path / "o1").exists()
    output = build(str(src), "--out", str(tmp_path / "o2"), "--skip-bad")
    warnings = [line for line in output.splitlines() if line.startswith("Warning: skipped")]
    assert len(warnings) == 3
    assert any("scan.pdf: no text layer; run OCR first" in w for w in warnings)
    assert any("locked.pdf: encrypted PDF" in w for w in warnings)
    assert any("notes.pdf: not a PDF" in w for w in warnings)
    graph = KnowledgeGraph.load(tmp_path / "o2")
    assert {r.source for r in graph.statements()} == {"story"}


def test_saved_news_page_gives_statements_from_the_article_only(tmp_path: Path) -> None:
    from kg.ingest.files import read_documents

    [article] = read_documents([NEWS_PAGE])
    build(str(NEWS_PAGE), "--out", str(tmp_path / "article"))
    graph = KnowledgeGraph.load(tmp_path / "article")
    records = graph.statements()
    assert len(records) >= 5
    for record in records:
        assert record.sentence in article.text
    names = {r.subject for r in records} | {r.object for r in records}
    assert "Meridian Bank" in names
    assert not names & {"Omar Nasser", "Paul Reyes", "Governor Paul Reyes"}  # the comments
    [doc] = graph.graph.subjects(KG.documentId, Literal("saved-news-page"))
    g = graph.graph
    assert str(g.value(doc, DCTERMS.title)) == article.title
    assert str(g.value(doc, DCTERMS.date)) == "2024-05-14"
    assert str(g.value(doc, SCHEMA_URL)) == article.url
    assert str(g.value(doc, DCTERMS.creator)) == "Dana Whitfield"
    # --html raw reads the comments too
    build(str(NEWS_PAGE), "--out", str(tmp_path / "raw"), "--html", "raw")
    raw = KnowledgeGraph.load(tmp_path / "raw")
    assert "Omar Nasser" in {r.subject for r in raw.statements()}


def test_exports_carry_the_page(filing_builds: tuple[Path, KnowledgeGraph, KnowledgeGraph],
                                tmp_path: Path) -> None:
    import csv

    from kg.export.neo4j import graph_parts
    from kg.export.tables import write_tables

    _, from_pdf, _ = filing_builds
    g = from_pdf.graph
    pages = {str(st): int(page) for st, page in g.subject_objects(KG.page)}
    write_tables(tmp_path, from_pdf.entities(), from_pdf.statements(), from_pdf.quotes())
    with (tmp_path / "statements.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {r["statement_iri"]: int(r["page"]) for r in rows} == pages
    _, rels = graph_parts(from_pdf.entities(), from_pdf.statements())
    assert rels and all(dict(r.properties)["page"] == pages[dict(r.properties)["iri"]]
                        for r in rels)
