"""Reading one chat-completion reply within bounds: a total deadline and a size cap.

``--timeout`` bounds the whole request, not each read: a stream that never ends, or sends a
keep-alive every second, is closed when the time is up. An answer over
:data:`MAX_ANSWER_CHARS` is refused instead of being held, validated and sent back on a
re-ask. A 200 reply that is not a chat completion (HTML from a proxy, a malformed SSE event)
is one clear :class:`DraftError`, never an internal error.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

from rtdiagram.model.errors import DraftError

MAX_ANSWER_CHARS = 200_000
CUT_OFF = "the model's answer was cut off (finish_reason=length)"
CUT_OFF_HINT = "raise --max-tokens, shorten the description, or use a model with a larger output limit"


class CutOff(DraftError):
    """The answer stopped at the output limit (``finish_reason == "length"``): re-asked once."""

    def __init__(self) -> None:
        super().__init__(CUT_OFF, hint=CUT_OFF_HINT)


class Deadline:
    """Closes whatever is reading (the response, else the whole client) when time is up."""

    def __init__(self, seconds: float, client: Any) -> None:
        self.seconds = seconds
        self.expired = False
        self._client = client
        self._target: Any = None
        self._started = time.monotonic()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, target: Any) -> None:
        self._target = target
        if self.expired:
            self._close(target)

    def check(self) -> None:
        if self.expired or time.monotonic() - self._started > self.seconds:
            self.expired = True
            raise self.error()

    def error(self) -> DraftError:
        return DraftError(f"timed out: no complete answer within --timeout {self.seconds:g} s",
                          hint="raise --timeout (local models can be slow)")

    def _expire(self) -> None:
        self.expired = True
        self._close(self._target if self._target is not None else self._client)

    @staticmethod
    def _close(target: Any) -> None:
        try:
            target.close()
        except Exception:
            pass

    def cancel(self) -> None:
        self._timer.cancel()


class Progress:
    """Components seen so far in a streamed answer, counted incrementally (not O(n²))."""

    def __init__(self, report: Callable[[int], None]) -> None:
        self.report, self.count, self.tail, self.done = report, 0, "", False

    def feed(self, piece: str) -> None:
        if self.done:
            return
        window = self.tail + piece
        head = window.split('"links"', 1)
        self.count += head[0].count('"kind"') - self.tail.count('"kind"')
        self.done = len(head) > 1
        self.tail = window[-8:]
        self.report(self.count)


def count_components(partial_json: str) -> int:
    """Components seen so far in a streamed answer (for the progress line)."""
    head = partial_json.split('"links"', 1)[0]
    return head.count('"kind"')


def _too_large() -> DraftError:
    return DraftError(f"the model's answer is over {MAX_ANSWER_CHARS:,} characters; stopped reading it",
                      hint="describe a smaller system, or draft it in parts")


def _not_a_completion(why: str) -> DraftError:
    return DraftError(f"the server's answer is not a chat completion ({why})",
                      hint="check --base-url: it must point at an OpenAI-compatible /v1 endpoint")


def parse_body(body: bytes) -> str:
    """A non-streamed chat completion body → the assistant's content."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        start = body[:40].decode("utf-8", "replace").strip()
        return _raise(_not_a_completion(f"not JSON: {start[:30]!r}…" if start else "an empty body"))
    choices = data.get("choices") if isinstance(data, dict) else None
    choice = choices[0] if isinstance(choices, list) and choices else None
    message = choice.get("message") if isinstance(choice, dict) else None
    if not isinstance(message, dict):
        return _raise(_not_a_completion("no choices[0].message"))
    if message.get("refusal"):
        raise DraftError(f"the model refused: {str(message['refusal'])[:200]}")
    if choice.get("finish_reason") == "length":
        raise CutOff()
    content = message.get("content")
    if content is not None and not isinstance(content, str):
        return _raise(_not_a_completion("content is not text"))
    return content or ""


def _raise(error: DraftError) -> str:
    raise error


def complete(client: Any, request: dict, on_progress: Callable[[int], None] | None, timeout: float) -> str:
    """The assistant's content for ``request``; OpenAIError passes through for ``explain``."""
    import openai

    deadline = Deadline(timeout, client)
    try:
        if on_progress is None:
            with client.chat.completions.with_streaming_response.create(**request) as response:
                deadline.watch(response)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    deadline.check()
                    size += len(chunk)
                    if size > MAX_ANSWER_CHARS * 4 + 65536:  # bytes: the JSON escapes the content
                        raise _too_large()
                    chunks.append(chunk)
            content = parse_body(b"".join(chunks))
            if len(content) > MAX_ANSWER_CHARS:
                raise _too_large()
            return content
        return _stream(client, request, on_progress, deadline)
    except DraftError:
        raise
    except openai.APIStatusError:
        raise
    except Exception as exc:
        if deadline.expired:
            raise deadline.error() from None
        if isinstance(exc, openai.OpenAIError) and not isinstance(exc, openai.APIResponseValidationError):
            raise
        raise _not_a_completion(type(exc).__name__) from None
    finally:
        deadline.cancel()


def _stream(client: Any, request: dict, on_progress: Callable[[int], None], deadline: Deadline) -> str:
    parts: list[str] = []
    size = 0
    finish = None
    progress = Progress(on_progress)
    with client.chat.completions.create(stream=True, **request) as stream:
        deadline.watch(stream)
        for chunk in stream:
            deadline.check()
            choices = getattr(chunk, "choices", None)
            if not choices:
                continue
            choice = choices[0]
            delta = getattr(choice, "delta", None)
            piece = getattr(delta, "content", None) if delta is not None else None
            if piece:
                if not isinstance(piece, str):
                    raise _not_a_completion("a streamed piece is not text")
                size += len(piece)
                if size > MAX_ANSWER_CHARS:
                    raise _too_large()
                parts.append(piece)
                progress.feed(piece)
            finish = getattr(choice, "finish_reason", None) or finish
    if finish == "length":
        raise CutOff()
    return "".join(parts)
