"""Characters XML cannot hold: kg's builds never contain them, and a graph that does is
refused by the XML formats (one line) and written correctly by every other format."""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from kg.cli import main

FORBIDDEN = "\x00\x08\x1f\ufffe\ud800"
LABEL = "A\x00B\x08C\uffffD"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("xml-safe")
    line = {"id": "nul", "title": "T\x00itle",
            "text": "Federal agents detained Leila\x00 Haddad in Oakport\ud800 on Tuesday.\x08"}
    (tmp / "news.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp / "news.jsonl"), "--out", str(tmp / "out"),
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    return tmp / "out" / "graph.ttl"


@pytest.mark.parametrize("fmt", ["xml", "graphml", "gexf"])
def test_a_build_from_text_with_control_characters_exports_well_formed_xml(
        built: Path, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(main, ["export", str(built), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    xml.dom.minidom.parseString(text.encode("utf-8"))  # raises on ill-formed XML
    assert not any(c in text for c in FORBIDDEN)


def test_the_build_holds_the_replacement_at_the_same_offsets(built: Path) -> None:
    from kg.ingest.files import read_documents

    (document,) = read_documents([built.parent.parent / "news.jsonl"])
    # each forbidden character became one U+FFFD, so no offset moved
    assert document.text == "Federal agents detained Leila\ufffd Haddad in Oakport\ufffd on Tuesday.\ufffd"
    assert document.title == "T\ufffditle"
    graph = Graph().parse(built)
    assert not any(c in str(t) for triple in graph for t in triple for c in FORBIDDEN)


@pytest.fixture()
def foreign(tmp_path: Path) -> Path:
    """A graph made elsewhere, with a label XML cannot hold."""
    graph = Graph()
    graph.add((URIRef("http://example.org/a"), RDFS.label, Literal(LABEL)))
    path = tmp_path / "foreign.nt"
    path.write_text(graph.serialize(format="nt"), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["xml", "graphml", "gexf"])
def test_xml_formats_refuse_a_graph_xml_cannot_hold(foreign: Path, fmt: str,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(main, ["export", str(foreign), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 1
    assert result.output == (f"Error: cannot write {fmt}: {LABEL!r} holds U+0000, which XML "
                             "cannot represent; choose one of: jsonld, nquads, nt, trig, turtle\n")
    assert not out.exists()


@pytest.mark.parametrize(("fmt", "parse"), [("turtle", "turtle"), ("nt", "nt"),
                                            ("nquads", "nquads"), ("trig", "trig"),
                                            ("jsonld", "json-ld")])
def test_other_formats_write_the_characters_and_round_trip(foreign: Path, fmt: str,
                                                            parse: str) -> None:
    result = CliRunner().invoke(main, ["export", str(foreign), "--format", fmt])
    assert result.exit_code == 0, result.output
    data = Dataset()
    data.parse(data=result.output, format=parse)
    assert [str(o) for _, _, o, _ in data.quads((None, RDFS.label, None, None))] == [LABEL]
