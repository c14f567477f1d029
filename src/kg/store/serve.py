"""SPARQL over HTTP: running the Oxigraph server on a graph, and pushing graphs to endpoints.

``OxigraphServer`` starts the ``oxigraph`` binary (PyPI package ``oxigraph``) on a store —
a graph file is first loaded into a temporary one — and stops it again, always. ``push`` sends
a graph to any SPARQL 1.1 Graph Store Protocol endpoint with ``urllib``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO

from kg.errors import ConfigError, GraphError
from kg.fsutil import temporary_folder
from kg.ontology.namespace import DATA_BASE
from kg.rdf import serialize
from kg.rdf.files import graph_file, read_store
from kg.rdf.iris import prefixes
from kg.signals import die_with_parent
from kg.store.oxigraph import open_store, store_path
from kg.store.proxy import GuardProxy

_BACKEND_HOST = "127.0.0.1"  # the oxigraph process itself; clients reach it through the proxy
_CONTENT_TYPES = {".ttl": "text/turtle", ".nt": "application/n-triples"}


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: beside this Python, else on ``PATH``."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise ConfigError("the oxigraph server is not installed; pip install oxigraph")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine (``localhost``, ``127.x``, ``::1``).

    >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0"), is_loopback("localhost")
    (True, False, True)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class OxigraphServer:
    """The Oxigraph SPARQL server on ``source`` (a graph file, build folder or store).

    The ``oxigraph`` process listens on a private loopback port; clients talk to a
    ``GuardProxy`` on ``host:port`` that refuses ``SERVICE`` and ``LOAD`` (requests that
    make the server fetch from URLs) unless ``allow_service``.
    """

    def __init__(self, source: str | os.PathLike[str], *, host: str = "127.0.0.1",
                 port: int | None = None, writable: bool = False,
                 allow_service: bool = False) -> None:
        self.source, self.host, self.writable = source, host, writable
        self.allow_service = allow_service
        self.port = port or free_port(host)
        self.process: subprocess.Popen[bytes] | None = None
        self.proxy: GuardProxy | None = None
        self._backend_port = 0
        self._workdir: Path | None = None  # temporary: the server's log and a loaded store
        self._log: IO[bytes] | None = None
        self._files = contextlib.ExitStack()  # closes the log, then removes the folder

    @property
    def url(self) -> str:
        """The query UI (and the base of every endpoint)."""
        return f"http://{self.host}:{self.port}/"

    @property
    def query_url(self) -> str:
        return self.url + "query"

    @property
    def update_url(self) -> str:
        return self.url + "update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol endpoint (for ``kg push``)."""
        return self.url + "store"

    def _location(self, binary: str) -> Path:
        existing = store_path(self.source)
        if existing is not None:
            if not existing.is_dir():
                raise GraphError(f"{self.source}: no such Oxigraph store")
            return existing
        file = graph_file(self.source)
        assert self._workdir is not None
        location = self._workdir / "store"
        done = subprocess.run([binary, "load", "--location", str(location), "--file", str(file)],
                              capture_output=True, check=False,
                              env={**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"})
        if done.returncode != 0:
            raise GraphError(f"{file}: oxigraph cannot load it: {_load_error(done.stderr)}")
        return location

    def start(self, timeout: float = 30.0) -> OxigraphServer:
        """Start the server and wait until it answers; raise ``GraphError`` if it does not."""
        binary = find_oxigraph()
        self._workdir = Path(self._files.enter_context(
            temporary_folder("serve")))
        try:
            location = self._location(binary)
            mode = "serve" if self.writable else "serve-read-only"
            log = open(self._workdir / "server.log", "w+b")  # noqa: SIM115
            self._log = self._files.enter_context(log)
            self._backend_port = free_port(_BACKEND_HOST)
            self.process = subprocess.Popen(
                [binary, mode, "--location", str(location),
                 "--bind", f"{_BACKEND_HOST}:{self._backend_port}"],
                stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent)  # kg killed outright: the server goes too
            self._wait(timeout)
            try:
                self.proxy = GuardProxy((self.host, self.port),
                                        (_BACKEND_HOST, self._backend_port),
                                        allow_service=self.allow_service).start()
            except OSError as error:
                raise GraphError(f"cannot listen on {self.host}:{self.port}: "
                                 f"{error.strerror or error}") from None
        except BaseException:
            self.stop()
            raise
        return self

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise GraphError(f"the oxigraph server stopped: {self.log_tail()}")
            try:
                with socket.create_connection((_BACKEND_HOST, self._backend_port),
                                              timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise GraphError(f"the oxigraph server did not start within {timeout:.0f} s")

    def log_tail(self) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else "(no output)"

    def wait(self) -> int:
        """Block until the server exits (Ctrl-C stops it); its exit code."""
        assert self.process is not None
        return self.process.wait()

    def stop(self) -> None:
        """Stop the server (terminate, then kill) and remove its temporary files."""
        if self.proxy is not None:
            self.proxy.stop()
            self.proxy = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log = self._workdir = None
        self._files.close()

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _payload(source: str | os.PathLike[str], workdir: Path) -> tuple[Path, str]:
    """A Turtle or N-Triples file holding ``source``, and its media type."""
    if store_path(source) is not None:
        target = workdir / "graph.nt"
        store = open_store(store_path(source) or source, read_only=True)
        target.write_text("".join(serialize.store_lines(store)), encoding="utf-8")
        return target, _CONTENT_TYPES[".nt"]
    file = graph_file(source)
    media = _CONTENT_TYPES.get(file.suffix.lower())
    if media is not None:
        return file, media
    read = read_store(file)
    target = workdir / "graph.ttl"
    base = read.prefixes.get("kgr", DATA_BASE)
    target.write_bytes(serialize.write(serialize.store_lines(read.store), "turtle",
                                       prefixes(base)))
    return target, _CONTENT_TYPES[".ttl"]


def _load_error(stderr: bytes) -> str:
    """The reason in ``oxigraph load``'s error output (the parser's message, not a Rust stack
    backtrace).

    >>> _load_error(b"Error while loading file g.ttl: Parser error at line 1\\nError: failed\\n"
    ...             b"\\nStack backtrace:\\n   0: main\\n")
    'Parser error at line 1'
    """
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").split(
        "Stack backtrace:")[0].splitlines() if line.strip()]
    for line in lines:
        if line.startswith("Error while loading file "):
            return line.split(": ", 1)[-1][:200]
    return lines[-1][:200] if lines else "(no message)"


def gsp_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of ``graph`` (the default graph when ``None``).

    >>> gsp_url("http://127.0.0.1:7878/store", "urn:x:g")
    'http://127.0.0.1:7878/store?graph=urn%3Ax%3Ag'
    """
    query = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
    return endpoint + ("&" if "?" in endpoint else "?") + query


def push(source: str | os.PathLike[str], endpoint: str, *, graph: str | None = None,
         append: bool = False, timeout: float = 300.0) -> int:
    """Send ``source`` to a Graph Store Protocol ``endpoint``: PUT replaces the graph, POST
    (``append``) adds to it. Returns the HTTP status; raises ``GraphError`` on failure."""
    if not endpoint.startswith(("http://", "https://")):
        raise ConfigError(f"endpoint {endpoint!r} must be an http:// or https:// URL")
    url = gsp_url(endpoint, graph)
    with temporary_folder("push") as tmp:
        file, media = _payload(source, Path(tmp))
        size = file.stat().st_size
        with open(file, "rb") as body:
            request = urllib.request.Request(
                url, data=body, method="POST" if append else "PUT",
                headers={"Content-Type": f"{media}; charset=utf-8", "Content-Length": str(size)})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    return int(response.status)
            except urllib.error.HTTPError as error:
                detail = error.read().decode("utf-8", "replace").strip().splitlines()
                hint = f": {detail[0][:200]}" if detail else ""
                raise GraphError(f"{url}: HTTP {error.code} {error.reason}{hint}") from None
            except urllib.error.URLError as error:
                raise GraphError(f"cannot reach {endpoint}: {error.reason}") from None
