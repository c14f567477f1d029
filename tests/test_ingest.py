from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.files import IngestReport, html_text, read_documents
from kg.model.ids import slug


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_reads_every_supported_type_recursively_with_stable_ids(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Plain text.")
    write(tmp_path / "sub" / "b.md", "# Title\n\nMarkdown text.")
    write(tmp_path / "sub" / "c.html", "<title>Page</title><p>Visible</p><script>hidden()</script>")
    write(tmp_path / "d.jsonl", json.dumps({"id": "X 1", "text": "One.", "date": "2025-03-10"})
          + "\n\n" + json.dumps({"text": "Two."}) + "\n")
    write(tmp_path / "ignored.csv", "a,b")
    docs = list(read_documents([tmp_path]))
    assert [d.id for d in docs] == ["a", "x-1", "d-3", "sub-b", "sub-c"]
    by_id = {d.id: d for d in docs}
    assert by_id["sub-c"].text == "Visible" and by_id["sub-c"].title == "Page"
    assert by_id["x-1"].date == "2025-03-10"
    assert by_id["a"].text == "Plain text."
    # Same input, same ids and order.
    assert [d.id for d in read_documents([tmp_path])] == [d.id for d in docs]


def test_a_walk_leaves_out_kg_output_folders(tmp_path: Path) -> None:
    """``kg build . --out out`` run twice must not read its own graph.html the second time."""
    write(tmp_path / "story.txt", "The mayor opened the bridge.")
    write(tmp_path / "out" / "graph.html", "<title>kg explorer</title><p>Not an article</p>")
    write(tmp_path / "out" / ".kg-build.lock", "123")
    write(tmp_path / "old" / "graph.md", "An older build's notes.")
    write(tmp_path / "old" / ".kg-cache" / "x.txt", "cached")
    write(tmp_path / "notes" / "page.md", "A page of notes.")
    assert [d.id for d in read_documents([tmp_path])] == ["notes-page", "story"]
    # Named itself, an output folder is read like any other.
    assert [d.id for d in read_documents([tmp_path / "old"])] == ["graph"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin1.txt", "Caf\u00e9 au lait".encode("latin-1"),
         "not valid UTF-8 (byte 0xe9 at line 1, column 4, offset 3)"),
        ("latin1.jsonl", b'{"text": "ok"}\n{"text": "Caf\xe9"}\n',
         "line 2, column 14: not valid UTF-8 (byte 0xe9)"),
        ("bad.jsonl", b'{"text": "ok"}\n{not json}\n', "line 2, column 2: invalid JSON"),
        ("comma.jsonl", b'{"text": "ok",}\n', "line 1, column 15: invalid JSON"),
        ("notext.jsonl", b'{"title": "no text"}\n', "line 1: missing or empty 'text'"),
        ("page.html", b"<script>only()</script>", "no text"),
    ],
)
def test_bad_files_name_the_file_and_the_reason(tmp_path: Path, name: str, data: bytes,
                                                reason: str) -> None:
    path = write(tmp_path / name, data)
    with pytest.raises(InputError) as error:
        list(read_documents([path]))
    assert str(path) in str(error.value)
    assert reason in str(error.value)


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        list(read_documents([tmp_path / "nope.txt"]))


def test_skip_bad_counts_skipped_files(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "Fine.")
    write(tmp_path / "bad.txt", b"\xff\xfe\x00")
    report = IngestReport()
    docs = list(read_documents([tmp_path], skip_bad=True, report=report))
    assert [d.id for d in docs] == ["good"]
    assert len(report.skipped) == 1 and "bad.txt" in report.skipped[0]


def test_skip_bad_skips_one_bad_jsonl_line_not_the_file(tmp_path: Path) -> None:
    write(tmp_path / "news.jsonl", '{"id": "a", "text": "One."}\n{"id": "b", "text": "Two.",}\n'
          '\n{"id": "c"}\n{"id": "d", "text": "Four."}\n')
    report = IngestReport()
    docs = list(read_documents([tmp_path], skip_bad=True, report=report))
    assert [d.id for d in docs] == ["a", "d"]
    assert report.skipped == [
        f"{tmp_path / 'news.jsonl'}: line 2, column 28: invalid JSON (Expecting property name "
        "enclosed in double quotes)",
        f"{tmp_path / 'news.jsonl'}: line 4: missing or empty 'text'"]
    with pytest.raises(InputError, match="line 2, column 28"):
        list(read_documents([tmp_path]))  # without --skip-bad the first bad line fails


def test_skip_bad_skips_a_jsonl_line_that_is_not_utf8(tmp_path: Path) -> None:
    write(tmp_path / "news.jsonl", b'{"id": "a", "text": "One."}\n{"id": "b", "text": "\xff"}\n'
          b'{"id": "c", "text": "Three\xe2\x80\xa8lines\xc2\x85here."}\r\n')
    report = IngestReport()
    docs = list(read_documents([tmp_path], skip_bad=True, report=report))
    assert [(d.id, d.text) for d in docs] == [("a", "One."), ("c", "Three\u2028lines\x85here.")]
    assert report.skipped == [
        f"{tmp_path / 'news.jsonl'}: line 2, column 22: not valid UTF-8 (byte 0xff)"]


def test_skip_bad_with_nothing_readable_says_what_was_skipped(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", '{"id": "a"}\n[1]\n')
    with pytest.raises(InputError) as error:
        list(read_documents([tmp_path], skip_bad=True))
    assert str(error.value) == (f"{tmp_path}: no readable documents; skipped {tmp_path}/a.jsonl: "
                                "line 1: missing or empty 'text' (and 1 more bad input)")


def test_odd_unicode_and_bom_survive(tmp_path: Path) -> None:
    text = "\ufeffمحمود خليل said “no” <script>alert(1)</script>."
    doc = next(read_documents([write(tmp_path / "u.txt", text)]))
    assert doc.text == text[1:]


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    write(tmp_path / "x.jsonl", '{"id": "same", "text": "A."}\n{"id": "same", "text": "B."}\n')
    with pytest.raises(InputError, match="used twice"):
        list(read_documents([tmp_path]))


@pytest.mark.parametrize(("files", "message"), [
    ({"a/b.txt": "One.", "a b.txt": "Two."},
     "document ids 'a/b' ({root}/a/b.txt) and 'a b' ({root}/a b.txt) both become 'a-b'"),
    ({"x.jsonl": '{"id": "a/b", "text": "A."}\n{"id": "a b", "text": "B."}\n'},
     "document ids 'a/b' ({root}/x.jsonl line 1) and 'a b' ({root}/x.jsonl line 2) both "
     "become 'a-b'"),
    ({"x.jsonl": '{"id": "s", "text": "A."}\n', "y.jsonl": '{"id": "s", "text": "B."}\n'},
     "document id 's' is used twice in the input ({root}/x.jsonl line 1; {root}/y.jsonl line 1)"),
])
def test_clashing_ids_are_named_as_the_input_gives_them(tmp_path: Path, files: dict[str, str],
                                                        message: str) -> None:
    for name, text in files.items():
        write(tmp_path / name, text)
    with pytest.raises(InputError) as error:
        list(read_documents([tmp_path]))
    assert message.format(root=tmp_path) in str(error.value)


def test_a_folder_of_unsupported_files_lists_what_kg_reads(tmp_path: Path) -> None:
    from kg.ingest.files import SUFFIXES

    for name in ("a.odt", "b.odt", "c.xyz", ".hidden.txt"):
        write(tmp_path / name, "x")
    with pytest.raises(InputError) as error:
        list(read_documents([tmp_path]))
    assert "found: .odt ×2, .xyz ×1" in str(error.value)
    assert str(error.value).endswith("supported: " + ", ".join(sorted(SUFFIXES)))


def test_html_text_keeps_paragraphs_and_drops_hidden_parts() -> None:
    title, text = html_text("<head><title> T </title><style>p{}</style></head>"
                            "<p>One &amp; two</p><div>Three<br>four</div><noscript>x</noscript>")
    assert title == "T"
    assert text == "One & two\n\nThree\n\nfour"


def test_slug_keeps_any_script() -> None:
    assert slug("محمود خليل") == "محمود-خليل"
    assert slug("Khalil’s Team!") == "khalil-s-team"
