"""The front door of ``kg serve``: a small HTTP proxy that screens requests for the Oxigraph
server behind it.

The ``oxigraph`` server runs every ``SERVICE`` clause it is sent — it fetches from any URL a
client names, local addresses included — and has no switch to stop it. So ``kg serve`` starts
it on a private loopback port and listens itself: each request's SPARQL (in the URL, a form
body or a ``application/sparql-query``/``-update`` body) is read with ``kg.query.guard``, and
one that would fetch (``SERVICE``, ``LOAD``) is answered ``403`` unless federation was turned
on. Everything else is passed through, streaming, in both directions. Bodies sent compressed
(``Content-Encoding``) cannot be read here, so they are refused; Graph Store Protocol data
(``/store``) is passed through unread, since data is never run.
"""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kg.query.guard import uses_service

#: Headers that belong to one connection, not to the request or response they travel with.
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                         "te", "trailer", "transfer-encoding", "upgrade", "content-length",
                         "host"})
_FORM = "application/x-www-form-urlencoded"
_CHUNK = 64 * 1024
_MAX_SCREENED_BODY = 64 * 1024 * 1024  # a query or update larger than this is refused
REFUSED = ("SERVICE and LOAD are off on this endpoint: they would fetch from other servers. "
           "Start it with `kg serve --allow-service` to allow them.\n")


def _is_store_path(path: str) -> bool:
    """Whether ``path`` is the Graph Store Protocol endpoint (data in, data out, no SPARQL)."""
    base = urllib.parse.urlsplit(path).path
    return (base == "/store" or base.startswith("/store/")) and "%" not in base \
        and ".." not in base


def fetching(path: str, content_type: str, body: bytes) -> bool:
    """Whether a request would make the server fetch from a URL: any ``query``/``update``
    parameter of the URL, and any body that is not Graph Store data, is read as SPARQL.

    >>> fetching("/query?query=ASK%7B%7D", "", b"")
    False
    >>> fetching("/query", "application/sparql-query", b"ASK { SERVICE <http://x/> {} }")
    True
    """
    texts = [v for k, vs in urllib.parse.parse_qs(urllib.parse.urlsplit(path).query,
                                                  keep_blank_values=True).items()
             for v in vs]
    if body and not _is_store_path(path):
        text = body.decode("utf-8", "replace")
        if content_type.split(";", 1)[0].strip().lower() == _FORM:
            texts += [v for vs in urllib.parse.parse_qs(text, keep_blank_values=True).values()
                      for v in vs]
        else:
            texts.append(text)
    return any(uses_service(text) for text in texts)


class _Handler(BaseHTTPRequestHandler):
    """One client request: screen it, then relay it to the backend and the answer back."""

    protocol_version = "HTTP/1.0"  # one request per connection; a response ends at close
    server: GuardProxy
    timeout = 600

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: ``kg serve`` prints its own lines."""

    def _refuse(self, status: int, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _body_chunks(self) -> Iterator[bytes]:
        """The request body as it arrives (``Content-Length`` or chunked)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass  # trailers
                    return
                yield self.rfile.read(size)
                self.rfile.readline()
            return
        left = int(self.headers.get("Content-Length") or 0)
        while left > 0:
            chunk = self.rfile.read(min(left, _CHUNK))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk

    def _relay(self) -> None:
        has_body = "Content-Length" in self.headers or "Transfer-Encoding" in self.headers
        body: bytes | Iterator[bytes] | None = None
        if has_body and _is_store_path(self.path):
            body = self._body_chunks()  # Graph Store data: streamed through unread
        elif has_body:
            encoding = self.headers.get("Content-Encoding", "identity").strip().lower()
            if encoding not in ("", "identity"):
                self._refuse(415, f"Content-Encoding {encoding!r} is not accepted here\n")
                return
            data = bytearray()
            for chunk in self._body_chunks():
                data += chunk
                if len(data) > _MAX_SCREENED_BODY:
                    self._refuse(413, "request too large\n")
                    return
            body = bytes(data)
        if not self.server.allow_service and fetching(
                self.path, self.headers.get("Content-Type", ""),
                body if isinstance(body, bytes) else b""):
            self._refuse(403, REFUSED)
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        if isinstance(body, bytes):
            headers["Content-Length"] = str(len(body))
        elif body is not None:
            length = self.headers.get("Content-Length")
            if length is not None and "Transfer-Encoding" not in self.headers:
                headers["Content-Length"] = length
        connection = http.client.HTTPConnection(*self.server.backend, timeout=self.timeout)
        try:
            try:
                connection.request(self.command, self.path, body=body, headers=headers,
                                   encode_chunked=body is not None
                                   and not isinstance(body, bytes)
                                   and "Content-Length" not in headers)
                response = connection.getresponse()
            except OSError as error:
                self._refuse(502, f"the oxigraph server did not answer: {error}\n")
                return
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in _HOP_BY_HOP - {"content-length"}:
                    self.send_header(key, value)
            self.end_headers()
            while chunk := response.read(_CHUNK):
                self.wfile.write(chunk)
        finally:
            connection.close()

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _relay


class GuardProxy(ThreadingHTTPServer):
    """Listens on ``(host, port)`` and relays screened requests to ``backend``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], backend: tuple[str, int], *,
                 allow_service: bool = False) -> None:
        self.backend, self.allow_service = backend, allow_service
        self._thread: threading.Thread | None = None
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def start(self) -> GuardProxy:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, name="kg-serve-proxy",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()
