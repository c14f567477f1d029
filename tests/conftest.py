"""Shared fixtures: the example corpus (read from ../shared, never copied) and one build of it."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KG_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
CARB = SHARED / "bench" / "carb"
EXAMPLES = REPO / "examples"


def pytest_configure(config: pytest.Config) -> None:
    """Let Ctrl-C reach the tests even when the runner was started with SIGINT ignored.

    A shell without job control starts background commands (``make test &``, ``nohup``) with
    SIGINT ignored, and the children the interrupt tests spawn inherit that, so a SIGINT they
    send would do nothing. A Python handler is reset to the default when a child execs, so
    installing Python's own handler here gives the tests and their children a terminal's SIGINT.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


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
