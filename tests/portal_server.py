"""A local stand-in for the data portals: a threaded HTTP server on 127.0.0.1 serving a folder,
with byte ranges (206), request logging and failure injection for download tests.

    with PortalServer(root) as server:      # server.url == "http://127.0.0.1:PORT"
        server.fail("/a/b.txt", 500)        # the next request of that path answers 500
        server.truncate("/a/b.txt", 100)    # the next one sends 100 bytes, then hangs up

Also a plain static server for manual runs: `python tests/portal_server.py ROOT --port 8000`.
"""

from __future__ import annotations

import argparse
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class PortalServer:
    def __init__(self, root: str | Path, port: int = 0) -> None:
        self.root = Path(root).resolve()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._failures: dict[str, list[int]] = {}
        self._truncations: dict[str, list[int]] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def fail(self, path: str, status: int, times: int = 1) -> None:
        with self._lock:
            self._failures.setdefault(path, []).extend([status] * times)

    def truncate(self, path: str, after_bytes: int, times: int = 1) -> None:
        with self._lock:
            self._truncations.setdefault(path, []).extend([after_bytes] * times)

    def __enter__(self) -> PortalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next(self, table: dict[str, list[int]], path: str) -> int | None:
        with self._lock:
            queue = table.get(path)
            return queue.pop(0) if queue else None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self._serve(body=False)

            def do_GET(self) -> None:
                self._serve(body=True)

            def _serve(self, body: bool) -> None:
                path = unquote(urlsplit(self.path).path)
                with server._lock:
                    server.requests.append((self.command, path, dict(self.headers)))
                status = server._next(server._failures, path)
                if status is not None:
                    return self._empty(status)
                file = (server.root / path.lstrip("/")).resolve()
                if not file.is_relative_to(server.root) or not file.is_file():
                    return self._empty(HTTPStatus.NOT_FOUND)
                data = file.read_bytes()
                start = 0
                ranged = self.headers.get("Range", "")
                if ranged.startswith("bytes=") and ranged.endswith("-"):
                    start = int(ranged[6:-1])
                    if start >= len(data):
                        return self._empty(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                    self.send_response(HTTPStatus.PARTIAL_CONTENT)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(HTTPStatus.OK)
                payload = data[start:]
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                if not body:
                    return
                cut = server._next(server._truncations, path)
                if cut is not None:
                    self.wfile.write(payload[:cut])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(payload)

            def _empty(self, status: int) -> None:
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve a folder as a local portal mirror.")
    parser.add_argument("root")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    with PortalServer(args.root, args.port) as served:
        print(served.url, flush=True)
        threading.Event().wait()
