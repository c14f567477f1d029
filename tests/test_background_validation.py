"""Validation in a process of its own (``kg.rdf.background``): the same report as in this
process, its errors raised here, and a process that is stopped when the build stops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from kg.errors import GraphError
from kg.rdf.background import BackgroundValidation
from kg.rdf.validate import validate_path
from test_validate import broken


def test_the_report_is_the_one_validate_path_gives(corpus_build: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    broken(Graph().parse(corpus_build / "graph.ttl")).serialize(bad, format="turtle")
    here = validate_path(bad)
    there = BackgroundValidation(bad).result()
    assert not there.conforms and len(there.problems) > 8
    assert (there.problems, there.counts, there.triples, there.documents, there.notices,
            there.more) == (here.problems, here.counts, here.triples, here.documents,
                            here.notices, here.more)
    assert BackgroundValidation(corpus_build).result().conforms


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
