"""Builds on a real Dask cluster: a ``dask scheduler`` and two ``dask worker`` processes on
127.0.0.1 (``daskcluster.DaskCluster``), checked byte for byte against ``--workers 2``.

The seeds repeated 20× are 20 folders of symbolic links to ``../shared/corpus`` (distinct
paths, so distinct document ids; the text is read from ``../shared`` at test time).
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import pickle
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import dask_crash_extractor
import kg
from daskcluster import SRC, DaskCluster
from kg.build.cluster import DaskExecutor
from kg.build.dask_worker import Located
from kg.build.executor import Job
from kg.build.executor import _stages as stages
from kg.cli import main
from kg.errors import ClusterError
from kg.extract import DEFAULT_EXTRACTOR
from kg.ingest.files import read_documents
from kg.model import Document
from kg.nlp.loader import DEFAULT_MODEL

TESTS = Path(__file__).resolve().parent
COPIES = 20
BUILD_FLAGS = ["--no-html", "--no-validate"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskCluster]:
    with DaskCluster(workers=2, preload=str(TESTS / "dask_crash_extractor.py")) as running:
        yield running


@pytest.fixture(scope="module")
def seeds20(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seeds20")
    for copy in range(COPIES):
        folder = root / f"copy{copy:02d}"
        folder.mkdir()
        for seed in sorted(corpus_dir.glob("*.txt")):
            (folder / seed.name).symlink_to(seed)
    return root


@pytest.fixture(scope="module")
def local_ttl(seeds20: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """graph.ttl of ``kg build SEEDS20 --workers 2``."""
    out = tmp_path_factory.mktemp("local")
    result = CliRunner().invoke(main, ["build", str(seeds20), "--out", str(out),
                                       "--workers", "2", *BUILD_FLAGS])
    assert result.exit_code == 0, result.output
    return (out / "graph.ttl").read_bytes()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_cluster_build_is_byte_identical_to_two_local_workers(
        cluster: DaskCluster, seeds20: Path, local_ttl: bytes, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(seeds20), "--out", str(tmp_path),
                                       "--scheduler", cluster.address, *BUILD_FLAGS])
    assert result.exit_code == 0, result.output
    assert "2 workers" in result.output
    assert (tmp_path / "graph.ttl").read_bytes() == local_ttl
    # the workers stored each document's output in the (shared) cache: a re-run sends none
    again = kg.build([seeds20], scheduler=cluster.address, cache=tmp_path / ".kg-cache")
    assert again.report is not None
    assert again.report.cache_misses == 0 and again.report.cache_hits == 3 * COPIES


def test_a_local_cluster_build_forks_its_workers_and_is_byte_identical(
        seeds20: Path, local_ttl: bytes, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(seeds20), "--out", str(tmp_path),
                                       "--scheduler", "local:2", *BUILD_FLAGS])
    assert result.exit_code == 0, result.output
    assert "2 workers" in result.output
    assert (tmp_path / "graph.ttl").read_bytes() == local_ttl
    executor = DaskExecutor("local:1", preload=True)
    try:
        executor.start(Job(DEFAULT_MODEL, DEFAULT_EXTRACTOR, cache_dir=str(tmp_path / "c")))
        job = executor._job
        (settings,) = executor.client.run(_worker_settings, job).values()
        here = id(stages[job].nlp)
    finally:
        executor.close()
    # forked from this process with kg and spaCy imported and the model loaded (the very
    # object, at the address it has here: not loaded again), without the profiler
    assert settings == ("fork", True, False, here)


def _worker_settings(job: Job) -> tuple[str, bool, bool, int]:
    import dask

    return (multiprocessing.get_start_method(), "spacy" in sys.modules,
            bool(dask.config.get("distributed.worker.profile.enabled")), id(stages[job].nlp))


def test_documents_from_shared_files_go_out_as_paths(cluster: DaskCluster,
                                                     seeds20: Path) -> None:
    from kg.build.cluster import DaskExecutor

    document = next(read_documents([seeds20]))
    executor = DaskExecutor(cluster.address)
    try:
        item = executor._item(document)
        assert isinstance(item, Located) and item.document.text == ""
        assert len(pickle.dumps(item)) < len(document.text.encode())
        assert executor._item(Document("memo", "No file behind this text.")) == Document(
            "memo", "No file behind this text.")
    finally:
        executor.close()


def test_workers_read_gzipped_jsonl_shards_from_a_glob(cluster: DaskCluster,
                                                       tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    rows = [{"id": f"story-{n}", "text": f"Inspector Maren Holt of Tallinn arrested {n} smugglers "
             f"at the port on Friday. The court in Tartu denied bail to {n} of them."}
            for n in range(1, 7)]
    for shard in range(2):
        with gzip.open(shards / f"part-{shard}.jsonl.gz", "wt", encoding="utf-8") as out:
            for row in rows[shard * 3:(shard + 1) * 3]:
                out.write(json.dumps(row) + "\n")
    pattern = str(shards / "*.jsonl.gz")
    local = kg.build([pattern], workers=2)
    remote = kg.build([pattern], scheduler=cluster.address, batch_chars=200)
    assert remote.report is not None and remote.report.documents == 6
    assert remote.serialize("turtle") == local.serialize("turtle")


def test_a_crashing_document_is_named_and_skip_bad_builds_without_it(
        cluster: DaskCluster) -> None:
    good = Document("harbour", "Inspector Maren Holt arrested two smugglers at the port.")
    bad = Document("odd-one", f"{dask_crash_extractor.MARK} sold the ferry to a bank.")
    options = {"scheduler": cluster.address, "extractor": dask_crash_extractor.NAME}
    with pytest.raises(ClusterError) as stopped:
        kg.build_documents([good, bad], **options)
    message = str(stopped.value)
    assert "'odd-one'" in message and "--skip-bad" in message and "\n" not in message
    skipped = kg.build_documents([good, bad], skip_bad=True, **options)
    assert skipped.report is not None and len(skipped.report.skipped) == 1
    assert "'odd-one'" in skipped.report.skipped[0]
    alone = kg.build_documents([good], extractor=dask_crash_extractor.NAME, workers=1)
    assert skipped.serialize("turtle") == alone.serialize("turtle")


def test_unreachable_scheduler_is_a_one_line_error(seeds20: Path, tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(main, ["build", str(seeds20), "--out", str(tmp_path),
                                       "--scheduler", address])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: cannot reach the Dask scheduler at {address}")
    assert not (tmp_path / "graph.ttl").exists()


def test_without_dask_the_error_names_the_extra(seeds20: Path, tmp_path: Path) -> None:
    # ``sys.modules[name] = None`` makes ``import name`` fail as for a missing package
    code = ("import sys; sys.modules['distributed'] = None; sys.modules['dask'] = None; "
            "from kg.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", code, "build", str(seeds20), "--out",
                           str(tmp_path), "--scheduler", "local:1"],
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "pip install 'kg[dask]'" in done.stderr


def test_version_skew_is_refused_naming_both_versions(tmp_path: Path) -> None:
    import shutil

    other = tmp_path / "src"
    shutil.copytree(SRC / "kg", other / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    version = other / "kg" / "version.py"
    version.write_text(version.read_text().replace(f'"{kg.__version__}"', '"9.9.9"'))
    with DaskCluster(workers=1, pythonpath=str(other)) as skewed, \
            pytest.raises(ClusterError) as refused:
        kg.build_documents([Document("memo", "The court denied bail.")],
                           scheduler=skewed.address)
    assert f"kg {kg.__version__} on this client but 9.9.9 on Dask worker" in str(refused.value)


def test_local_and_dask_builds_share_one_cache_byte_identically(
        cluster: DaskCluster, corpus_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A Dask build into a relative OUT caches where the client looks (not under the workers'
    own working directory), and local and Dask builds reusing each other's entries give the
    same graph.ttl as a fresh local build."""
    inputs = tmp_path / "in"
    for copy in range(2):
        (inputs / f"c{copy}").mkdir(parents=True)
        for seed in sorted(corpus_dir.glob("*.txt")):
            (inputs / f"c{copy}" / seed.name).symlink_to(seed)
    monkeypatch.chdir(tmp_path)  # the workers' working directory stays elsewhere

    def build(out: str, *flags: str) -> tuple[bytes, str]:
        result = CliRunner().invoke(main, ["build", "in", "--out", out, *flags, *BUILD_FLAGS])
        assert result.exit_code == 0, result.output
        return (tmp_path / out / "graph.ttl").read_bytes(), result.output

    fresh, _ = build("fresh", "--workers", "2")
    first, _ = build("shared", "--scheduler", cluster.address)
    again, summary = build("shared", "--workers", "2")
    assert "6 reused, 0 parsed" in summary  # the workers' entries, in OUT/.kg-cache
    last, summary = build("shared", "--scheduler", cluster.address)
    assert "6 reused, 0 parsed" in summary
    assert first == again == last == fresh


def test_a_worker_killed_mid_build_changes_nothing(cluster: DaskCluster, seeds20: Path,
                                                   local_ttl: bytes, tmp_path: Path) -> None:
    """Runs last in this module: it leaves the cluster with one worker."""
    documents = list(read_documents([seeds20]))
    killed: list[int] = []

    def kill_after_most_were_sent() -> Iterator[Document]:
        for number, document in enumerate(documents):
            if number == len(documents) * 3 // 4:
                cluster.kill_worker(0)  # batches are running and queued on it now
                killed.append(number)
            yield document

    graph = kg.build_documents(kill_after_most_were_sent(), scheduler=cluster.address)
    assert killed and cluster.workers[0].poll() is not None
    graph.save(tmp_path / "graph.ttl", "turtle")
    assert (tmp_path / "graph.ttl").read_bytes() == local_ttl
