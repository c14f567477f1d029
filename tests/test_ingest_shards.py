"""Sharded inputs: ``.jsonl.gz`` files and glob patterns (what a cluster build reads)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.files import find_files, read_documents

ROWS = [{"id": "ferry-sale", "text": "The port authority sold the old ferry on Monday."},
        {"text": "Dockworkers in Gdansk voted to strike.", "title": "Strike vote"}]


def _lines() -> str:
    return "".join(json.dumps(row) + "\n" for row in ROWS)


def test_a_gzipped_shard_reads_like_the_plain_one(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "packed").mkdir()
    (tmp_path / "plain" / "part-0.jsonl").write_text(_lines(), encoding="utf-8")
    (tmp_path / "packed" / "part-0.jsonl.gz").write_bytes(gzip.compress(_lines().encode()))
    plain = list(read_documents([tmp_path / "plain"]))
    packed = list(read_documents([tmp_path / "packed"]))
    assert [d.id for d in packed] == ["ferry-sale", "part-0-2"] == [d.id for d in plain]
    assert [(d.text, d.title) for d in packed] == [(d.text, d.title) for d in plain]


def test_a_glob_takes_its_matches_in_order_under_the_folder_before_the_wildcard(
        tmp_path: Path) -> None:
    for name in ("b", "a"):
        shard = tmp_path / "shards" / name / "part.jsonl.gz"
        shard.parent.mkdir(parents=True)
        shard.write_bytes(gzip.compress(_lines().replace("ferry-sale", f"sale-{name}").encode()))
    (tmp_path / "shards" / "a" / "notes.csv").write_text("not an input\n")
    found = list(find_files([str(tmp_path / "shards" / "*" / "*")]))
    assert found == [(tmp_path / "shards" / n / "part.jsonl.gz", tmp_path / "shards")
                     for n in ("a", "b")]
    ids = [d.id for d in read_documents([str(tmp_path / "shards" / "**" / "*.jsonl.gz")])]
    assert ids == ["sale-a", "a-part-2", "sale-b", "b-part-2"]


def test_a_glob_without_matches_and_a_broken_gzip_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no .* files match this pattern"):
        list(find_files([str(tmp_path / "*.jsonl.gz")]))
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(_lines().encode())[:20])
    with pytest.raises(InputError, match=r"cut\.jsonl\.gz: not a valid gzip file"):
        list(read_documents([tmp_path]))
