"""A real Dask cluster on 127.0.0.1 for tests and benchmarks: ``dask scheduler`` and
``dask worker`` processes on free ports, started with bounded waits and always torn down.

    with DaskCluster(workers=2) as cluster:
        kg.build(paths, scheduler=cluster.address)
        cluster.kill_worker(0)          # SIGKILL, as a crash or the OOM killer would

Workers run without a nanny (a killed worker stays dead) and with one thread each; they
import kg from ``src`` (``PYTHONPATH``), or from ``pythonpath`` when given.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

SRC = Path(__file__).resolve().parents[1] / "src"
START_TIMEOUT = 60.0  # seconds for the scheduler to write its file, and for workers to join


def _dask() -> list[str]:
    """The ``dask`` command of this interpreter's environment."""
    found = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
    if found is None:
        raise RuntimeError("the `dask` command is missing: pip install 'kg[dask]'")
    return [found]


class DaskCluster:
    def __init__(self, workers: int = 2, *, pythonpath: str | None = None,
                 preload: str | None = None) -> None:
        self.count = workers
        self.env = {**os.environ, "PYTHONPATH": pythonpath or str(SRC)}
        self.preload = preload
        self.scheduler: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []
        self.address = ""
        self._dir = Path(tempfile.mkdtemp(prefix="kg-dask-"))

    def __enter__(self) -> DaskCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def _log(self, name: str) -> int:
        return os.open(self._dir / f"{name}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    def start(self) -> None:
        info = self._dir / "scheduler.json"
        self.scheduler = subprocess.Popen(
            [*_dask(), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(info)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=self._log("scheduler"))
        deadline = time.monotonic() + START_TIMEOUT
        while not info.exists() or not info.read_text().strip():
            if self.scheduler.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the dask scheduler did not start: {self.logs()}")
            time.sleep(0.1)
        self.address = json.loads(info.read_text())["address"]
        for _ in range(self.count):
            self.add_worker()
        self.wait_for_workers(self.count)

    def add_worker(self) -> None:
        preload = ["--preload", self.preload] if self.preload else []
        number = len(self.workers)
        self.workers.append(subprocess.Popen(
            [*_dask(), "worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
             "--no-nanny", "--no-dashboard", "--name", f"w{number}", *preload],
            env=self.env, stdout=subprocess.DEVNULL, stderr=self._log(f"worker{number}")))

    def wait_for_workers(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=START_TIMEOUT, set_as_default=False) as client:
            try:
                client.wait_for_workers(count, timeout=START_TIMEOUT)
            except TimeoutError:
                raise RuntimeError(f"{count} dask workers did not join: {self.logs()}") from None

    def kill_worker(self, index: int) -> None:
        """SIGKILL worker ``index`` (it gets no chance to hand over its work)."""
        worker = self.workers[index]
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)

    def logs(self) -> str:
        return " | ".join(f"{p.name}: {p.read_text(errors='replace')[-800:]}"
                          for p in sorted(self._dir.glob("*.log")))

    def stop(self) -> None:
        processes = [*self.workers, *([self.scheduler] if self.scheduler else [])]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        shutil.rmtree(self._dir, ignore_errors=True)
