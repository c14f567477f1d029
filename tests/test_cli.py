"""The kg command on small inputs: outputs, formats and one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.rdf.formats import TSV_COLUMNS

ARTICLE = ("Federal agents detained Leila Haddad in Oakport on Tuesday. "
           "Judge Miriam Castillo ordered her release on Friday.\n")


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    (src / "story.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = run("build", str(src), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "statements" in result.output and "wrote" in result.output
    return out


def test_build_writes_graph_and_page(small_build: Path) -> None:
    visible = sorted(p.name for p in small_build.iterdir() if not p.name.startswith("."))
    assert visible == ["graph.html", "graph.ttl"]
    graph = Graph().parse(small_build / "graph.ttl")
    assert len(graph) > 20


def test_query_table_csv_json_ask_construct(small_build: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    table = run("query", str(small_build / "graph.ttl"), count)
    assert table.exit_code == 0
    n = int(table.output.splitlines()[2])
    assert n == len(Graph().parse(small_build / "graph.ttl"))
    as_csv = run("query", str(small_build), count, "--format", "csv")
    assert list(csv.reader(io.StringIO(as_csv.output))) == [["n"], [str(n)]]
    as_json = json.loads(run("query", str(small_build), count, "--format", "json").output)
    assert as_json["results"]["bindings"][0]["n"]["value"] == str(n)
    ask = run("query", str(small_build), "ASK { ?s a kg:Statement }")
    assert ask.output.strip() == "true"
    construct = run("query", str(small_build),
                    "CONSTRUCT { ?e a kg:Person } WHERE { ?e a kg:Person }")
    assert construct.exit_code == 0 and "kg:Person" in construct.output


def test_query_from_rq_file(small_build: Path, tmp_path: Path) -> None:
    rq = tmp_path / "people.rq"
    rq.write_text("SELECT ?label WHERE { ?p a kg:Person ; rdfs:label ?label } ORDER BY ?label",
                  encoding="utf-8")
    result = run("query", str(small_build), str(rq))
    assert result.exit_code == 0
    assert "Leila Haddad" in result.output


def test_malformed_query_is_one_line_with_position(small_build: Path) -> None:
    result = run("query", str(small_build), "SELECT ?s WHERE { ?s ?p }")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: SPARQL syntax error at line 1, column")


def test_export_tsv_has_the_documented_columns(small_build: Path) -> None:
    result = run("export", str(small_build / "graph.ttl"), "--format", "tsv")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert tuple(rows[0]) == TSV_COLUMNS
    assert len(rows) > 1 and all(len(r) == len(TSV_COLUMNS) for r in rows)
    for row in rows[1:]:
        record = dict(zip(TSV_COLUMNS, row, strict=True))
        assert record["subject_id"].startswith("https://")
        assert record["sentence"] in ARTICLE
        assert 0.0 < float(record["confidence"]) <= 1.0
    assert any(r[1] == "Federal agents" and r[4] == "Leila Haddad" for r in rows)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "nquads", "trig", "jsonld", "xml"])
def test_export_rdf_formats_parse_back(small_build: Path, fmt: str, tmp_path: Path) -> None:
    from rdflib import Dataset
    from rdflib.compare import isomorphic

    target = tmp_path / f"g.{fmt}"
    result = run("export", str(small_build), "--format", fmt, "--out", str(target))
    assert result.exit_code == 0, result.output
    parse_format = {"jsonld": "json-ld"}.get(fmt, fmt)
    original = Graph().parse(small_build / "graph.ttl")
    if fmt in ("nquads", "trig"):
        ds = Dataset().parse(target, format=parse_format)
        contexts = {str(c.identifier) for c in ds.graphs()}
        assert any(c.endswith("#graph") for c in contexts)  # one named graph per document
        union = Graph()
        for s, p, o, _ in ds.quads():
            union.add((s, p, o))
        assert isomorphic(union, original)
    else:
        assert isomorphic(Graph().parse(target, format=parse_format), original)


def test_extract_tsv_reads_stdin() -> None:
    result = run("extract", "--format", "tsv", input="The court denied the request .\n\n")
    assert result.exit_code == 0
    fields = result.output.splitlines()[0].split("\t")
    assert fields[0] == "The court denied the request ."
    assert float(fields[1]) > 0
    assert fields[2:] == ["denied", "The court", "the request"]


def test_extract_of_input_that_is_not_utf8_is_one_line() -> None:
    result = CliRunner().invoke(main, ["extract"], input=b"The court met .\n\xfc\x00\x9f\n")
    assert result.exit_code == 1
    assert result.output == "Error: <stdin>: line 2, column 1: not valid UTF-8 (byte 0xfc)\n"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("image.txt", b"GIF89a\x00\x01\x00\x00", "binary file"),
        ("latin.txt", b"Caf\xe9", "not valid UTF-8"),
    ],
)
def test_bad_input_one_line_error_and_nothing_written(tmp_path: Path, name: str, data: bytes,
                                                      message: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    out = tmp_path / "out"
    result = run("build", str(bad), "--out", str(out))
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and message in lines[0]
    assert not out.exists()


def test_missing_path_and_skip_bad(tmp_path: Path) -> None:
    result = run("build", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o"))
    assert result.exit_code != 0 and "no such file or directory" in result.output
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\xff\x00")
    result = run("build", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--skip-bad",
                 "--no-html")
    assert result.exit_code == 0
    assert "skipped" in result.output and (tmp_path / "o" / "graph.ttl").is_file()


def test_unknown_extractor_and_graph_errors(tmp_path: Path) -> None:
    result = run("extract", "--extractor", "nope.v9", input="A b c.\n")
    assert result.exit_code != 0 and "unknown extractor 'nope.v9'" in result.output
    result = run("query", str(tmp_path / "none.ttl"), "ASK {}")
    assert result.exit_code != 0 and "no such graph file" in result.output
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    result = run("export", str(broken), "--format", "nt")
    assert result.exit_code != 0 and "cannot parse as turtle" in result.output
