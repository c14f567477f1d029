"""Word tables in: cells that are sentences keep their statements; data rows read as before;
no argument, predicate or entity label carries the ``|`` that joins a row's cells."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.api.core import build_documents
from kg.ingest.files import read_documents
from kg.model import Document

# Statements in table cells, the last cell of each row without its full stop (as people type
# them), and what kg should read from each: (subject, predicate, object).
_SENTENCES = [
    ("On Monday the council approved the new harbour budget.",
     "Omar Nasser reported the theft to the Police"),
    ("The mayor opened the bridge in March.",
     "Lena Fischer praised the engineers who built the bridge"),
]
_EXPECTED = {
    ("council", "approved", "new harbour budget"),
    ("Omar Nasser", "reported", "theft"),
    ("mayor", "opened", "bridge"),
    ("Lena Fischer", "praised", "engineers"),
}
_DATA = [("Name", "Role", "Year"), ("Omar Nasser", "Witness", "2021"),
         ("Lena Fischer", "Reporter", "2022")]


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import docx

    word = docx.Document()
    word.add_paragraph("Lena Fischer met Omar Nasser in Harbor City.")
    for rows in (_SENTENCES, _DATA):
        table = word.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        word.add_paragraph("")
    path = tmp_path_factory.mktemp("docx") / "report.docx"
    word.save(str(path))
    return path


def test_sentence_cells_are_paragraphs_and_data_rows_stay_joined(report_docx: Path) -> None:
    [doc] = read_documents([report_docx])
    assert doc.text.split("\n\n") == [
        "Lena Fischer met Omar Nasser in Harbor City.",
        "On Monday the council approved the new harbour budget.",
        "Omar Nasser reported the theft to the Police.",  # a full stop ends the statement
        "The mayor opened the bridge in March.",
        "Lena Fischer praised the engineers who built the bridge.",
        "Name | Role | Year", "Omar Nasser | Witness | 2021", "Lena Fischer | Reporter | 2022",
    ]


def test_sentence_cells_give_their_statements_and_no_label_has_a_pipe(
        report_docx: Path) -> None:
    [doc] = read_documents([report_docx])
    graph = kg.build(report_docx)
    triples = {(s.subject, s.predicate, s.object) for s in graph.statements()}
    assert triples >= _EXPECTED
    assert ("Lena Fischer", "met", "Omar Nasser") in triples
    labels = [e.label for e in graph.entities()]
    assert {"Omar Nasser", "Lena Fischer", "council", "engineers"} <= set(labels)
    assert not [label for label in labels if "|" in label]
    for s in graph.statements():  # offsets point into the text kg stored
        start, end = int(s.extra["subject_start"]), int(s.extra["subject_end"])
        assert s.subject in doc.text[start:end]
        sentence = int(s.extra["sentence_start"])
        assert doc.text[sentence:sentence + len(s.sentence)] == s.sentence
    # the data rows read as before: names, not statements
    assert not [t for t in triples if "Witness" in t or "Reporter" in t]


def test_a_pipe_never_starts_or_ends_an_argument_label_or_predicate() -> None:
    text = ("The officers questioned the driver | Police later released him\n\n"
            "| Police Scotland | arrested Omar Nasser.\n\n"
            "Omar Nasser | Witness | Harbor City Police")
    graph = build_documents([Document("piped", text)])
    statements = graph.statements()
    assert ("Police Scotland", "arrested", "Omar Nasser") in {
        (s.subject, s.predicate, s.object) for s in statements}
    for s in statements:
        for value in (s.subject, s.predicate, s.object or ""):
            assert value.strip() == value.strip().strip("|").strip(), s
        for side in ("subject", "object"):
            if f"{side}_start" in s.extra:
                span = text[int(s.extra[f"{side}_start"]):int(s.extra[f"{side}_end"])]
                assert not span.startswith("|") and not span.endswith("|"), s
    labels = {e.label for e in graph.entities()}
    assert "Police Scotland" in labels
    assert not [label for label in labels if "|" in label]
