"""A scriptable HTTP server on 127.0.0.1 for download tests: good files and hostile behaviours.

Routes:
  /files/NAME                serve NAME from the directory
  /status/CODE               answer with that status
  /flaky/KEY/N/NAME          answer 500 to the first N requests for KEY, then serve NAME
  /trickle/NAME?every=S      declare NAME's length, then send one byte every S seconds (0.2)
  /silent                    accept the request and never answer (until the server closes)
  /lying/BYTES               declare 1000 bytes in Content-Length, send BYTES bytes of video-ish data
  /endless/BYTES             no Content-Length: send BYTES bytes of video-ish data, then close
  /paced/NAME                serve NAME in 16 chunks over about a second, counting the
                             responses open at once (open_now, peak_open)
  /redirect/N/NAME           redirect N times, then serve NAME
  /goto?url=URL              redirect to URL
"""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

MP4_HEAD = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"


class Handler(http.server.BaseHTTPRequestHandler):
    server: LoopbackServer

    def log_message(self, format: str, *args: object) -> None:
        self.server.requests.append(self.path)

    def do_GET(self) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        parts = [urllib.parse.unquote(p) for p in parsed.path.strip("/").split("/")]
        route, args = parts[0], parts[1:]
        # A client giving up on a hostile answer is the expected outcome, not an error.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            getattr(self, f"route_{route}", self.not_found)(
                args, urllib.parse.parse_qs(parsed.query)
            )

    def not_found(self, *_: object) -> None:
        self.send_error(404)

    def send_file(self, name: str) -> None:
        path = self.server.directory / name
        if not path.is_file():
            return self.send_error(404)
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def route_files(self, args: list[str], _: dict[str, list[str]]) -> None:
        self.send_file("/".join(args))

    def route_status(self, args: list[str], _: dict[str, list[str]]) -> None:
        self.send_error(int(args[0]))

    def route_flaky(self, args: list[str], _: dict[str, list[str]]) -> None:
        key, failures, name = args[0], int(args[1]), "/".join(args[2:])
        with self.server.lock:
            self.server.hits[key] += 1
            hit = self.server.hits[key]
        if hit <= failures:
            return self.send_error(500)
        self.send_file(name)

    def route_trickle(self, args: list[str], query: dict[str, list[str]]) -> None:
        every = float(query.get("every", ["0.2"])[0])
        data = (self.server.directory / "/".join(args)).read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        deadline = time.monotonic() + 60
        for i in range(len(data)):
            if time.monotonic() > deadline or self.server.closing.is_set():
                break
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            self.server.closing.wait(every)

    def route_silent(self, *_: object) -> None:
        # Bounded, so a client that never gives up cannot pin a thread past the test run.
        self.server.closing.wait(120)

    def route_lying(self, args: list[str], _: dict[str, list[str]]) -> None:
        self.send_body(int(args[0]), declared=1000)

    def route_endless(self, args: list[str], _: dict[str, list[str]]) -> None:
        self.send_body(int(args[0]), declared=None)

    def send_body(self, total: int, declared: int | None) -> None:
        self.send_response(200)
        if declared is not None:
            self.send_header("Content-Length", str(declared))
        self.end_headers()  # HTTP/1.0 without a length: the body runs until the connection closes
        self.wfile.write(MP4_HEAD)
        chunk = b"\x00" * 65536
        sent = len(MP4_HEAD)
        while sent < total:
            self.wfile.write(chunk)
            sent += len(chunk)

    def route_paced(self, args: list[str], _: dict[str, list[str]]) -> None:
        data = (self.server.directory / "/".join(args)).read_bytes()
        with self.server.lock:
            self.server.open_now += 1
            self.server.peak_open = max(self.server.peak_open, self.server.open_now)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            step = -(-len(data) // 16)
            for i in range(0, len(data), step):
                self.wfile.write(data[i : i + step])
                self.wfile.flush()
                if self.server.closing.wait(1 / 16):
                    break
        finally:
            with self.server.lock:
                self.server.open_now -= 1

    def route_redirect(self, args: list[str], _: dict[str, list[str]]) -> None:
        n, name = int(args[0]), "/".join(args[1:])
        target = f"/redirect/{n - 1}/{name}" if n > 1 else f"/files/{name}"
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_goto(self, _: list[str], query: dict[str, list[str]]) -> None:
        self.send_response(302)
        self.send_header("Location", query["url"][0])
        self.send_header("Content-Length", "0")
        self.end_headers()


class LoopbackServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, directory: Path) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.directory = directory
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.closing = threading.Event()
        self.requests: list[str] = []
        self.open_now = self.peak_open = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def __enter__(self) -> LoopbackServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()
        self.shutdown()
        self.server_close()
