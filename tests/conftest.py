"""Shared fixtures: the example corpus (read from ../shared, never copied) and one build of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KG_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
CARB = SHARED / "bench" / "carb"
EXAMPLES = REPO / "examples"


def _require(path: Path) -> Path:
    if not path.exists():
        message = f"{path} is missing: clone the project beside ../shared (or set KG_SHARED)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _require(CORPUS)


@pytest.fixture(scope="session")
def carb_dir() -> Path:
    return _require(CARB)


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp.loader import load_model

    return load_model()


@pytest.fixture(scope="session")
def corpus_build(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``kg build ../shared/corpus --out DIR`` through the CLI, once per session."""
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path_factory.mktemp("corpus-build")
    result = CliRunner().invoke(main, ["build", str(corpus_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out
