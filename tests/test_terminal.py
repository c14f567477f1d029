"""Terminal output: tables fit the terminal (cells end in "…"), ``--wide`` and piped output
print whole cells, and the progress bar counts documents."""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from kg.query.table import ELLIPSIS, cell_width, clip, fit, format_table

ROWS = [["Leila Haddad", "Person", "12", "Haddad; Ms Haddad; the detainee from Oakport harbor",
         "https://w3id.org/kg/id/entity/leila-haddad"],
        ["東京地方裁判所", "Organization", "3", "", "https://w3id.org/kg/id/entity/tokyo"]]
HEADER = ["label", "type", "mentions", "aliases", "iri"]


def test_a_table_too_wide_is_fitted_and_keeps_short_columns_whole() -> None:
    natural = format_table(HEADER, ROWS)
    assert max(cell_width(line) for line in natural.splitlines()) > 60
    fitted = format_table(HEADER, ROWS, width=70)
    lines = fitted.splitlines()
    assert max(cell_width(line) for line in lines) <= 70
    assert lines[0].split() == HEADER
    assert lines[2].startswith("Leila Haddad    Person        12        ")  # short: whole
    assert lines[3].startswith("東京地方裁判所  Organization  3")
    assert lines[2].count(ELLIPSIS) == 2  # the long aliases and IRI were cut
    assert format_table(HEADER, ROWS, width=500) == natural  # fits: unchanged


def test_clip_and_fit_count_terminal_cells() -> None:
    assert clip("東京地方裁判所", 7) == "東京地…"
    assert cell_width(clip("東京地方裁判所", 7)) <= 7
    assert fit([5, 50, 50], [5, 6, 6], 60) == [5, 25, 25]
    assert fit([5, 10], [5, 6], 60) == [5, 10]


def run_in_terminal(args: list[str], columns: int) -> str:
    """Run ``python -m kg ARGS`` with stdout on a pseudo-terminal ``columns`` wide."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=slave,
                            stderr=subprocess.PIPE, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the terminal closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def piped(args: list[str]) -> str:
    done = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          timeout=120, check=True)
    return done.stdout


@pytest.mark.parametrize("command", [["entities"], ["stats"],
                                     ["query", "--saved", "who-did-what"]])
def test_tables_fit_the_terminal_and_wide_or_piped_print_whole_cells(corpus_build: Path,
                                                                     command: list[str]) -> None:
    graph = str(corpus_build / "graph.ttl")
    args = [command[0], graph, *command[1:]]
    fitted = run_in_terminal(args, 100)
    assert max(cell_width(line) for line in fitted.splitlines()) <= 100
    assert ELLIPSIS in fitted
    whole = piped(args)
    assert max(cell_width(line) for line in whole.splitlines()) > 100
    assert run_in_terminal([*args, "--wide"], 100) == whole


def test_piped_tsv_and_csv_are_never_cut(corpus_build: Path) -> None:
    graph = str(corpus_build / "graph.ttl")
    tsv = piped(["entities", graph, "--format", "tsv"])
    assert max(len(line) for line in tsv.splitlines()) > 100
    assert run_in_terminal(["entities", graph, "--format", "tsv"], 60) == tsv
    csv = piped(["query", graph, "--saved", "who-did-what", "--format", "csv"])
    assert run_in_terminal(["query", graph, "--saved", "who-did-what", "--format", "csv"],
                           60) == csv


def test_the_progress_bar_counts_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    import kg
    from kg.ingest.files import count_documents, find_files

    lines = [json.dumps({"id": f"d{i}", "text": f"Agents detained person {i}."})
             for i in range(7)]
    (tmp_path / "news.jsonl").write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    (tmp_path / "one.txt").write_text("The court denied the request.", encoding="utf-8")
    assert count_documents(find_files([tmp_path])) == 8
    graph = kg.build([tmp_path], progress=True)
    assert graph.report is not None and graph.report.documents == 8
    bar = capsys.readouterr().err
    assert "8/8" in bar and "/2" not in bar


def test_the_progress_bar_counts_the_documents_of_gzipped_shards(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import kg
    from kg.ingest.files import count_documents, find_files

    for shard in range(2):
        lines = [json.dumps({"id": f"s{shard}-{i}", "text": f"Agents detained person {i}."})
                 for i in range(4)]
        (tmp_path / f"part-{shard}.jsonl.gz").write_bytes(
            gzip.compress(("\n".join(lines) + "\n\n").encode()))
    assert count_documents(find_files([tmp_path])) == 8
    graph = kg.build([str(tmp_path / "*.jsonl.gz")], progress=True)
    assert graph.report is not None and graph.report.documents == 8
    bar = capsys.readouterr().err
    assert "8/8" in bar and "/2" not in bar


def test_a_progress_total_that_proves_short_becomes_unknown(
        capsys: pytest.CaptureFixture[str]) -> None:
    from kg.api.core import build_documents
    from kg.model import Document

    documents = [Document(f"d{i}", f"Agents detained person {i}.") for i in range(3)]
    build_documents(documents, total=1, progress=True)
    bar = capsys.readouterr().err
    assert "3doc" in bar.replace(" ", "") and "3/1" not in bar and "2/1" not in bar
