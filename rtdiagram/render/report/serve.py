"""``report --watch --serve``: the last good review page on 127.0.0.1, reloaded on every rebuild.

A stdlib ``ThreadingHTTPServer`` bound to 127.0.0.1 on a free port serves the page from memory
at ``/`` and a Server-Sent Events stream at ``/events``: ``reload`` after each good build,
``problem`` (the diagnostics as text, shown in a banner over the last good page) after an
invalid one. Only the served copy carries the live-reload script — its hash joins the page's
Content-Security-Policy with ``connect-src 'self'`` — so the file written to disk stays
self-contained and offline. Requests naming another host (DNS rebinding) are refused.
"""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from rtdiagram.model.errors import RenderError
from rtdiagram.render.report.html import csp_hash

HOST = "127.0.0.1"
KEEPALIVE_S = 15.0
_CSP_SCRIPT = "script-src '"
_CSP_BASE = "; base-uri"

LIVE_SCRIPT = """(function(){
var es=new EventSource('/events?v=%(version)d');
function banner(text){var b=document.getElementById('rt-live');
if(!b){b=document.createElement('pre');b.id='rt-live';b.setAttribute('role','alert');
b.style.cssText='position:fixed;left:0;right:0;bottom:0;margin:0;padding:10px 14px;z-index:99;max-height:40vh;'
+'overflow:auto;background:#d1242f;color:#fff;font:13px/1.4 ui-monospace,monospace;white-space:pre-wrap';
document.body.appendChild(b);}b.textContent=text;b.hidden=!text;}
es.addEventListener('reload',function(){location.reload();});
es.addEventListener('problem',function(e){banner(JSON.parse(e.data));});
})();"""

WAITING = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" "
           "content=\"default-src 'none'; script-src 'report-sample'; base-uri 'none'\">\n<title>rtdiagram review</title></head>\n"
           "<body><p>Waiting for a valid model: the errors are in the terminal.</p>\n</body></html>\n")


def live_page(page: str, version: int) -> str:
    """The page with the live-reload script, allowed by its hash and ``connect-src 'self'``."""
    script = LIVE_SCRIPT % {"version": version}
    if page.count(_CSP_SCRIPT) != 1 or page.count(_CSP_BASE) != 1 or "</body>" not in page:
        raise RenderError("the review page has no Content-Security-Policy to extend for live reload")
    page = page.replace(_CSP_SCRIPT, f"{_CSP_SCRIPT}{csp_hash(script)}' '", 1)
    page = page.replace(_CSP_BASE, f"; connect-src 'self'{_CSP_BASE}", 1)
    head, _, tail = page.rpartition("</body>")
    return f"{head}<script>{script}</script>\n</body>{tail}"


class LiveServer:
    """The page and its event stream. ``on_build`` takes each :class:`~rtdiagram.render.watch.Build`."""

    def __init__(self, host: str = HOST, port: int = 0) -> None:
        self._changed = threading.Condition()
        self.version = 0             # bumped by every good build
        self.page = live_page(WAITING, 0)   # until the first good build
        self.problem = ""
        self.closed = False
        self._httpd = ThreadingHTTPServer((host, port), _handler(self))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.url = f"http://{host}:{self.port}/"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="rtdiagram-serve", daemon=True)
        self._thread.start()

    def on_build(self, build: Any) -> None:
        with self._changed:
            if build.ok and isinstance(build.value, str):
                self.version += 1
                self.page, self.problem = live_page(build.value, self.version), ""
            else:
                self.problem = build.problem or "the model is not valid"
            self._changed.notify_all()

    def events(self, seen: int, problem: str) -> tuple[str, Any] | None:
        """The next event for a client that has ``seen`` this version and ``problem``; None when
        nothing happened for a while (send a keep-alive) or the server is closing."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or self.version != seen or self.problem != problem,
                                   timeout=KEEPALIVE_S)
            if self.closed:
                return ("close", None)
            if self.version != seen:
                return ("reload", self.version)
            if self.problem != problem:
                return ("problem", self.problem)
            return None

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _handler(server: LiveServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:   # quiet: the terminal shows builds
            pass

        def do_GET(self) -> None:
            if self.headers.get("Host", "") not in (f"{HOST}:{server.port}", f"localhost:{server.port}"):
                self._send(HTTPStatus.FORBIDDEN, "text/plain", b"wrong host\n")
                return
            url = urlsplit(self.path)
            if url.path == "/events":
                self._stream(int((parse_qs(url.query).get("v") or ["0"])[0] or 0))
            elif url.path in ("/", "/index.html"):
                with server._changed:
                    page = server.page
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8"))
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")

        def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, seen: int) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            problem = ""
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while True:
                    event = server.events(seen, problem)
                    if event is None:
                        self.wfile.write(b": keep-alive\n\n")
                    elif event[0] == "close":
                        return
                    elif event[0] == "reload":
                        seen = event[1]
                        self.wfile.write(f"event: reload\ndata: {seen}\n\n".encode())
                    else:
                        problem = event[1]
                        self.wfile.write(f"event: problem\ndata: {json.dumps(problem)}\n\n".encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                return

    return Handler
