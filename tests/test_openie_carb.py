"""Open-IE mode scored on the CaRB dev split with the shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.extract.openie import extract_sentences, tsv_rows


def test_carb_dev_beats_textacy_svo(carb_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "system.tsv"
    lines = (carb_dir / "dev.txt").read_text(encoding="utf-8").splitlines()
    with out.open("w", encoding="utf-8") as handle:
        for sentence, statements in extract_sentences(lines):
            for row in tsv_rows(sentence, statements):
                handle.write(row + "\n")
    score = subprocess.run(
        [sys.executable, str(carb_dir / "score.py"), str(carb_dir / "gold" / "dev.tsv"), str(out),
         "--json"], capture_output=True, text=True, check=True)
    metrics = json.loads(score.stdout)
    assert metrics["f1"] > 0.189, metrics
    # Every extraction's arguments are tokens of its sentence.
    for row in out.read_text(encoding="utf-8").splitlines():
        sentence, _, _, *args = row.split("\t")
        tokens = set(sentence.split())
        assert all(set(arg.split()) <= tokens for arg in args), row
