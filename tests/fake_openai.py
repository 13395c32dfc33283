"""A fake OpenAI-compatible server for tests: stdlib only, bound to 127.0.0.1 on a free port.

Push replies onto ``.replies`` — a string (the assistant's content), a :class:`Reply` (content
with its own finish_reason), an :class:`Error`, a :class:`Delay`, :class:`Raw` or :class:`SSE` —
and read the JSON bodies the client sent from ``.requests``.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Error:
    status: int
    message: str
    type: str = "invalid_request_error"
    param: str | None = None      # sent only when set, like OpenAI's "param": "response_format"
    code: object = None           # sent only when set (llama.cpp sends the status here)


@dataclass
class Reply:
    """The assistant's content with a finish_reason of its own ("length": cut off)."""
    content: str
    finish_reason: str = "stop"


@dataclass
class Delay:
    seconds: float
    reply: object


@dataclass
class Raw:
    """A reply sent as is: any status, body and content type (HTML from a proxy…)."""
    body: bytes
    status: int = 200
    content_type: str = "text/html"


@dataclass
class SSE:
    """A stream of raw SSE text pieces, ``interval`` seconds apart (keep-alives, bad events)."""
    pieces: list[str]
    interval: float = 0.0


class FakeOpenAI:
    def __init__(self, chunk_size: int = 40, finish_reason: str = "stop") -> None:
        self.replies: list[object] = []
        self.requests: list[dict] = []
        self.chunk_size = chunk_size
        self.finish_reason = finish_reason
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _sse(self, events: list[str], interval: float = 0.0) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for event in events:
                        self.wfile.write(event.encode())
                        self.wfile.flush()
                        if interval:
                            time.sleep(interval)
                except OSError:  # the client hung up (a deadline): nothing more to send
                    pass
                self.close_connection = True

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                request["_path"] = self.path
                request["_auth"] = self.headers.get("Authorization")
                outer.requests.append(request)
                reply = outer.replies.pop(0) if outer.replies else Error(500, "no scripted reply", "server_error")
                if isinstance(reply, Delay):
                    time.sleep(reply.seconds)
                    reply = reply.reply
                if isinstance(reply, Error):
                    error = {"message": reply.message, "type": reply.type}
                    error.update({k: v for k, v in (("param", reply.param), ("code", reply.code)) if v is not None})
                    return self._json(reply.status, {"error": error})
                if isinstance(reply, Raw):
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return None
                if isinstance(reply, SSE):
                    return self._sse(reply.pieces, reply.interval)
                if not self.path.endswith("/chat/completions"):
                    return self._json(404, {"error": {"message": "unknown path", "type": "not_found_error"}})
                finish = reply.finish_reason if isinstance(reply, Reply) else outer.finish_reason
                text = reply.content if isinstance(reply, Reply) else str(reply)
                if request.get("stream"):
                    return self._sse(outer._chunks(text, request, finish))
                return self._json(200, outer._body(text, request, finish))

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hung up mid-reply is part of the tests, not noise

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _body(self, text: str, request: dict, finish: str | None = None) -> dict:
        return {
            "id": "chatcmpl-fake", "object": "chat.completion", "created": 0,
            "model": request.get("model", "fake"),
            "choices": [{"index": 0, "finish_reason": finish or self.finish_reason, "logprobs": None,
                         "message": {"role": "assistant", "content": text, "refusal": None}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }

    def _chunks(self, text: str, request: dict, finish: str | None = None) -> list[str]:
        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                "model": request.get("model", "fake")}

        def chunk(delta: dict, finish: str | None = None) -> dict:
            return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

        events = [chunk({"role": "assistant", "content": ""})]
        events += [chunk({"content": text[i:i + self.chunk_size]}) for i in range(0, len(text), self.chunk_size)]
        events.append(chunk({}, finish or self.finish_reason))
        return [f"data: {json.dumps(e)}\n\n" for e in events] + ["data: [DONE]\n\n"]
