"""kg.forked: work in a forked process, its answer or its error back here; and the one use
that writes a file through it (``kg.rdf.serialize.write`` with ``meanwhile``)."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from kg import forked
from kg.errors import GraphError, KGError
from kg.forked import Forked
from kg.rdf import serialize

needs_fork = pytest.mark.skipif(not forked.can_fork(), reason="no fork on this platform")

_LINES = (
    '<https://example.org/a> <https://example.org/p> "Ahmad é \\"x\\" أحمد" .\n'
    "<https://example.org/a> <https://example.org/q> <https://example.org/b> .\n"
    "<https://example.org/b> <https://example.org/p> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n")


@needs_fork
def test_the_work_runs_in_another_process_and_its_answer_comes_back() -> None:
    assert Forked(os.getpid, "kg-test", "died").result() != os.getpid()
    assert Forked(lambda: {"a": [1, 2]}, "kg-test", "died").result() == {"a": [1, 2]}


@needs_fork
def test_an_error_of_the_work_is_raised_here() -> None:
    def fails() -> None:
        raise GraphError("cannot parse <x>")

    with pytest.raises(GraphError, match="cannot parse <x>"):
        Forked(fails, "kg-test", "died").result()


@needs_fork
def test_a_process_that_dies_without_an_answer_is_a_one_line_error() -> None:
    with pytest.raises(KGError, match="the test process died"):
        Forked(lambda: os._exit(3), "kg-test", "the test process died").result()


@needs_fork
def test_a_stopped_work_leaves_no_process() -> None:
    work = Forked(lambda: time.sleep(60), "kg-test", "died")
    process = work._process
    assert process is not None and process.pid is not None
    work.stop()
    assert not process.is_alive()
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)  # ended and reaped


def test_without_fork_the_work_runs_here_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    assert Forked(os.getpid, "kg-test", "died").result() == os.getpid()


@pytest.mark.parametrize("fork", [True, False])
@pytest.mark.parametrize("fmt", ["turtle", "nt", "trig"])
def test_a_file_written_meanwhile_is_the_file_written_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, fork: bool) -> None:
    if not fork:
        monkeypatch.setattr(serialize, "can_fork", lambda: False)
    source = tmp_path / "graph.nt"
    source.write_text(_LINES, encoding="utf-8")
    prefixes = {"ex": "https://example.org/"}
    alone = serialize.write(source, fmt, prefixes)
    called: list[int] = []
    with open(tmp_path / "out", "wb") as output:
        output.write(b"")  # nothing buffered here reaches the file twice
        serialize.write(source, fmt, prefixes, output, meanwhile=lambda: called.append(1))
    assert called == [1]
    assert (tmp_path / "out").read_bytes() == alone
    assert b"Ahmad \xc3\xa9" in alone


@needs_fork
def test_an_error_writing_meanwhile_is_raised_and_meanwhile_still_ran(tmp_path: Path) -> None:
    source = tmp_path / "graph.nt"
    source.write_text("<a> <b> .\n", encoding="utf-8")  # not N-Triples
    called: list[int] = []
    with pytest.raises(SyntaxError), open(tmp_path / "out", "wb") as output:
        serialize.write(source, "turtle", {}, output, meanwhile=lambda: called.append(1))
    assert called == [1]


def test_bytes_are_written_as_before_without_meanwhile() -> None:
    out = io.BytesIO()
    assert serialize.write(list(_LINES.splitlines(keepends=True)), "nt", {}, out) == b""
    assert out.getvalue().decode() == _LINES
