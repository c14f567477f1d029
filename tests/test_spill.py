"""Sorting on disk: the sorted runs merged give exactly ``sorted(set(lines))``."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest

from kg.rdf import spill
from kg.rdf.assemble import MergePlan
from kg.rdf.emit import DocumentTriples, EntityUse, split_named
from kg.rdf.sinks import GraphSink
from kg.rdf.spill import LineSorter


def _lines(n: int) -> list[str]:
    rng = random.Random(7)
    words = ["a", "b", "Zoë", "zoe", "Ω", "日本", "\U0001f600", "é", "e"]
    return [f'<http://x/{rng.choice(words)}{rng.randrange(n // 3)}> <http://p> '
            f'"{rng.choice(words)}" .\n' for _ in range(n)]


@pytest.mark.parametrize("run_bytes", [1 << 30, 2000, 97])
def test_sorted_file_is_the_lines_sorted_each_once(tmp_path: Path, run_bytes: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "FAN_IN", 3)  # small runs: several rounds of merging
    lines = _lines(3000)
    sorter = LineSorter(tmp_path, run_bytes=run_bytes)
    for i in range(0, len(lines), 100):
        sorter.add([line.encode() for line in lines[i:i + 100]])
    target = tmp_path / "out.nt"
    count = sorter.finish(target)
    expected = sorted(set(lines))
    assert target.read_text(encoding="utf-8") == "".join(expected)
    assert count == len(expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt"]  # the runs are gone


def test_nothing_added_gives_an_empty_file(tmp_path: Path) -> None:
    assert LineSorter(tmp_path).finish(tmp_path / "out.nt") == 0
    assert (tmp_path / "out.nt").read_bytes() == b""


def _document(n: int, triples: int = 200) -> DocumentTriples:
    """A made-up document naming one shared entity (merged away) and its own nodes."""
    doc = f"<http://x/doc/{n}>"
    own = [(doc, "<http://p/mentions>", "<http://x/entity/Khalil>")]
    own += [(f"<http://x/doc/{n}/st/{i}>", "<http://p/sentence>", f'"sentence {i} of {n}"')
            for i in range(triples)]
    uses = (EntityUse("http://x/entity/Khalil", "http://c/Person", "Khalil", 1, False),)
    lines, named = split_named(own, uses)
    return DocumentTriples(
        document_id=str(n), lines=lines, named=named, edges=(), uses=uses,
        rows=(), sentences=1, words=10, statements=0, normalised=0, quotes=0, properties=(),
        extractors=())


def _peak(documents: int) -> tuple[int, list[str]]:
    tracemalloc.start()
    sink = GraphSink()
    for n in range(documents):
        sink.add(_document(n))
    sink.finish(MergePlan({"http://x/entity/Khalil": "http://x/entity/Mahmoud-Khalil"}), [])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, sink.path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_a_graph_sink_holds_no_more_for_ten_times_the_documents(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "RUN_BYTES", 256 * 1024)
    small, lines = _peak(100)
    large, _ = _peak(1000)  # 1000 × 200 lines of ~70 bytes: 14 MB of lines
    assert large < 1.5 * small, (small, large)
    expected = {line.decode() for n in range(100)
                for line in _document(n).lines.splitlines(keepends=True)}
    expected |= {f"<http://x/doc/{n}> <http://p/mentions> <http://x/entity/Mahmoud-Khalil> .\n"
                 for n in range(100)}  # the merge plan applied to the lines naming the entity
    assert lines == sorted(expected)
