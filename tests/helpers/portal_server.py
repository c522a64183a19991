"""A local stand-in for the data portals: a threaded HTTP server on 127.0.0.1 serving a folder,
with byte ranges (206), HEAD, a request log and per-path failure injection for download tests.

    with PortalServer(root) as server:          # server.url == "http://127.0.0.1:PORT"
        server.fail("/a/b.txt", 500)            # the next request of /a/b.txt answers 500,
        server.truncate("/a/b.txt", 100)        # the one after sends 100 bytes, then hangs up
        ...
        server.count("/a/b.txt")                # GET requests of that path so far

Injected faults are queued per path and each request of the path (any method, any query) takes
the next one, so `fail(p, 500, 2); truncate(p, 10)` makes requests 1-2 fail, 3 break, 4 succeed.

Also a plain static server for manual workflow runs:
`python tests/helpers/portal_server.py ROOT --port 8000` prints the URL and serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import re
import socket
import sys
import threading
from contextlib import suppress
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHUNK = 1 << 16
RANGE = re.compile(r"bytes=(\d+)-(\d*)")


@dataclass(frozen=True)
class Fault:
    """One injected misbehaviour: `kind` is status, truncate, ignore_range, omit_length, stall."""

    kind: str
    value: float = 0


class PortalServer:
    """Serves `root` on 127.0.0.1 (ephemeral port unless `port`); a context manager."""

    def __init__(self, root: str | Path, port: int = 0) -> None:
        self.root = Path(root).resolve()
        # (method, request target as sent (query included), headers), in arrival order
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._faults: dict[str, list[Fault]] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = _Server(("127.0.0.1", port), _Handler, self)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="portal-server"
        )

    # --- failure injection ---------------------------------------------------------------

    def fail(self, path: str, status: int, times: int = 1) -> None:
        """Answer the next `times` requests of `path` with `status` and an empty body."""
        self._add(path, Fault("status", status), times)

    def truncate(self, path: str, after_bytes: int, times: int = 1) -> None:
        """Announce the full Content-Length, send only `after_bytes` bytes, then hang up."""
        self._add(path, Fault("truncate", after_bytes), times)

    def ignore_range(self, path: str, times: int = 1) -> None:
        """Answer 200 with the whole file even when a Range was asked for."""
        self._add(path, Fault("ignore_range"), times)

    def omit_length(self, path: str, times: int = 1) -> None:
        """Send the body with no Content-Length, ended by closing the connection."""
        self._add(path, Fault("omit_length"), times)

    def stall(self, path: str, seconds: float, times: int = 1) -> None:
        """Wait `seconds` before answering (to provoke a client read timeout)."""
        self._add(path, Fault("stall", seconds), times)

    def count(self, path: str, method: str = "GET") -> int:
        """How many `method` requests of `path` (query ignored) arrived so far."""
        wanted = _normalise(path)
        with self._lock:
            return sum(
                1 for m, target, _ in self.requests if m == method and _path(target) == wanted
            )

    # --- life cycle ------------------------------------------------------------------------

    def __enter__(self) -> PortalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving, cut open connections and join every server thread."""
        self._closing.set()
        if self._thread.is_alive():
            self._httpd.shutdown()
        self._httpd.close_connections()
        self._httpd.server_close()  # joins the request threads
        if self._thread.is_alive():
            self._thread.join()

    # --- used by the handler -----------------------------------------------------------------

    def _add(self, path: str, fault: Fault, times: int) -> None:
        with self._lock:
            self._faults.setdefault(_normalise(path), []).extend([fault] * times)

    def _arrived(self, method: str, target: str, headers: dict[str, str]) -> Fault | None:
        """Log a request; the fault it must suffer, if any."""
        with self._lock:
            self.requests.append((method, target, headers))
            queue = self._faults.get(_path(target))
            return queue.pop(0) if queue else None


def _normalise(path: str) -> str:
    return "/" + path.lstrip("/")


def _path(target: str) -> str:
    return _normalise(unquote(urlsplit(target).path))


class _Server(ThreadingHTTPServer):
    """Tracks its connections so that closing never waits on an idle keep-alive client."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], handler: type, portal: PortalServer) -> None:
        self.portal = portal
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with suppress(OSError):  # the client may have closed it already
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request, client_address) -> None:
        # A client that hangs up mid-answer (timeouts, the tests' broken transfers) is expected.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the request log is `PortalServer.requests`."""

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        portal = self.server.portal
        fault = portal._arrived(self.command, self.path, dict(self.headers))
        kind = fault.kind if fault else None
        if fault and kind == "stall" and portal._closing.wait(fault.value):
            self.close_connection = True
            return
        if fault and kind == "status":
            return self._empty(int(fault.value))
        file = (portal.root / _path(self.path).lstrip("/")).resolve()
        if not file.is_relative_to(portal.root) or not file.is_file():
            return self._empty(HTTPStatus.NOT_FOUND)
        size = file.stat().st_size
        wanted = None if kind == "ignore_range" else self._range(size)
        if wanted == "unsatisfiable":
            return self._empty(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, f"bytes */{size}")
        first, last = wanted if wanted else (0, size - 1)
        if wanted:
            self.send_response(HTTPStatus.PARTIAL_CONTENT)
            self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        else:
            self.send_response(HTTPStatus.OK)
        length = last - first + 1
        if kind == "omit_length":
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if not body:
            return
        if kind == "truncate":
            length = min(length, int(fault.value))
            self.close_connection = True
        self._copy(file, first, length)

    def _range(self, size: int) -> tuple[int, int] | str | None:
        """(first, last) byte of a satisfiable `bytes=N-[M]` Range; other forms are ignored."""
        found = RANGE.fullmatch(self.headers.get("Range", "").strip())
        if not found:
            return None
        first = int(found[1])
        last = min(int(found[2]), size - 1) if found[2] else size - 1
        if first >= size:
            return "unsatisfiable"
        if last < first:
            return None
        return first, last

    def _copy(self, file: Path, first: int, length: int) -> None:
        with open(file, "rb") as handle:
            handle.seek(first)
            while length > 0:
                block = handle.read(min(CHUNK, length))
                if not block:
                    break
                self.wfile.write(block)
                length -= len(block)
        self.wfile.flush()

    def _empty(self, status: int, content_range: str | None = None) -> None:
        self.send_response(status)
        if content_range:
            self.send_header("Content-Range", content_range)
        self.send_header("Content-Length", "0")
        self.end_headers()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a folder as a local portal mirror.")
    parser.add_argument("root", help="folder laid out as <host>/<path>, like the download cache")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    args = parser.parse_args(argv)
    with PortalServer(args.root, args.port) as served:
        print(served.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)


if __name__ == "__main__":
    main()
