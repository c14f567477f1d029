"""Validation in a process of its own (``kg.rdf.background``): the same report as in this
process, its errors raised here, and a process that is stopped when the build stops."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import GraphError
from kg.rdf import background
from kg.rdf import validate as validation
from kg.rdf.background import BackgroundValidation
from kg.rdf.validate import validate_path
from test_validate import broken


def _lines(problems: tuple[str, ...]) -> list[str]:
    """Problem lines without the blank-node names of the shapes (new at every parse)."""
    return sorted(re.sub(r"\(shape '[^']*'\)", "(shape)", line) for line in problems)


def test_the_report_is_the_one_validate_path_gives(corpus_build: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    broken(Graph().parse(corpus_build / "graph.ttl")).serialize(bad, format="turtle")
    here = validate_path(bad)
    there = BackgroundValidation(bad).result()
    assert not there.conforms and len(there.problems) > 8
    assert (_lines(there.problems), there.counts, there.triples, there.documents, there.chunks,
            there.notices) == (_lines(here.problems), here.counts, here.triples, here.documents,
                               here.chunks, here.notices)
    assert BackgroundValidation(corpus_build).result().conforms


@pytest.mark.parametrize("shares", [2, 3])
def test_shared_out_over_processes_the_problems_kept_and_counted_are_the_same(
        corpus_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        shares: int) -> None:
    bad = tmp_path / "bad.ttl"
    broken(Graph().parse(corpus_build / "graph.ttl")).serialize(bad, format="turtle")
    monkeypatch.setattr(validation, "CHUNK_TRIPLES", 300)  # problems in many chunks
    monkeypatch.setattr(background, "_shares", lambda: shares)
    every = validate_path(bad)
    assert _lines(BackgroundValidation(bad).result().problems) == _lines(every.problems)
    monkeypatch.setattr(validation, "KEPT_PROBLEMS", 4)  # more than are listed
    here = validate_path(bad)
    there = BackgroundValidation(bad).result()
    assert here.more > 0 and here.chunks >= 6
    assert (len(there.problems), there.counts, there.more, there.chunks, there.notices) \
        == (len(here.problems), here.counts, here.more, here.chunks, here.notices)
    # which four are listed depends on pyshacl's order of results within a chunk
    assert set(_lines(there.problems)) <= set(_lines(every.problems))


def test_an_error_of_the_check_is_raised_in_the_build(tmp_path: Path) -> None:
    (tmp_path / "bad.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(GraphError, match="cannot parse"):
        BackgroundValidation(tmp_path / "bad.ttl").result()


def test_a_stopped_check_leaves_no_process(corpus_build: Path) -> None:
    validation = BackgroundValidation(corpus_build)
    process = validation._process
    assert process is not None and process.pid is not None
    validation.stop()
    assert not process.is_alive()
    with pytest.raises(ProcessLookupError):
        os.kill(process.pid, 0)  # ended and reaped
