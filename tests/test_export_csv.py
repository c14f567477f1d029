"""Spreadsheet CSV out: entities, statements and quotes, UTF-8 with BOM for Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.api.graph import KnowledgeGraph
from kg.cli import main
from kg.export.tables import (
    ENTITY_COLUMNS,
    QUOTE_COLUMNS,
    STATEMENT_COLUMNS,
    write_tables,
)
from kg.model import EntityRecord, QuoteRecord, StatementRecord

STORY = ("Judge Maria Lopez fined Meridian Bank in Harbor City on Monday. "
         "The Coastal Workers Union praised Judge Maria Lopez.\n\n"
         "“This is a victory for every worker,” said Karim Aziz.\n\n"
         "Omar Nasser criticized Meridian Bank.")


def read_table(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    (src / "story.txt").write_text(STORY, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(out), "--no-html",
                                       "--no-validate"])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


def test_export_csv_writes_the_three_tables_of_the_graph(graph_file: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "tables"
    result = CliRunner().invoke(main, ["export", str(graph_file), "--format", "csv", "--out",
                                       str(out)])
    assert result.exit_code == 0, result.output
    graph = KnowledgeGraph.load(graph_file)
    entities = read_table(out / "entities.csv")
    assert tuple(entities[0]) == ENTITY_COLUMNS
    assert sorted(row[4] for row in entities[1:]) == sorted(e.iri for e in graph.entities())
    mentions = [int(row[2]) for row in entities[1:]]
    assert mentions == sorted(mentions, reverse=True)
    statements = read_table(out / "statements.csv")
    assert tuple(statements[0]) == STATEMENT_COLUMNS
    records = graph.statements()
    assert [row[-1] for row in statements[1:]] == [r.iri for r in records]
    for row, record in zip(statements[1:], records, strict=True):
        assert row[:3] == [record.subject, record.predicate, record.object]
        assert row[4] == "story" and row[6] == record.sentence and row[6] in STORY
        assert row[5] == ""  # a text file has no pages
    assert any(row[0] == "Maria Lopez" and row[1] == "fined" for row in statements[1:])
    quotes = read_table(out / "quotes.csv")
    assert tuple(quotes[0]) == QUOTE_COLUMNS
    assert [(q[0], q[1]) for q in quotes[1:]] == [("Karim Aziz",
                                                   "This is a victory for every worker,")]
    start, end = int(quotes[1][3]), int(quotes[1][4])
    assert STORY[start:end] == quotes[1][1]


def test_tables_keep_any_script_and_defuse_formulas(tmp_path: Path) -> None:
    entities = [EntityRecord("urn:e:1", "محمود خليل", "Person", ("=HYPERLINK(1)", "Khalil"), 3),
                EntityRecord("urn:e:2", "Zoë Łukasik", "Person", (), 1)]
    statements = [StatementRecord("urn:s:1", "urn:e:1", "محمود خليل", "met", "urn:e:2",
                                  "Zoë Łukasik", 0.9, "doc", "محمود خليل met Zoë Łukasik.",
                                  {"page": "4", "predicate_iri": ""}),
                  StatementRecord("urn:s:2", "urn:e:2", "Zoë Łukasik", "said", "", "+1 555",
                                  0.5, "doc", "Line one\nline two", {})]
    quotes = [QuoteRecord("urn:q:1", "urn:e:2", "Zoë Łukasik", "@everyone, listen", "doc", 5,
                          22)]
    write_tables(tmp_path, entities, statements, quotes)
    rows = read_table(tmp_path / "entities.csv")
    assert rows[1] == ["محمود خليل", "Person", "3", "'=HYPERLINK(1); Khalil", "urn:e:1"]
    rows = read_table(tmp_path / "statements.csv")
    assert rows[1][:7] == ["محمود خليل", "met", "Zoë Łukasik", "0.900", "doc", "4",
                           "محمود خليل met Zoë Łukasik."]
    assert rows[2][2] == "'+1 555" and rows[2][6] == "Line one line two"
    assert read_table(tmp_path / "quotes.csv")[1][1] == "'@everyone, listen"
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    write_tables(tmp_path, entities, statements, quotes)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == first
