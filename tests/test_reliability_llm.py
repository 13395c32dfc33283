"""Issue 11, the LLM path: keys never leak, odd 200 replies are one clear error, --timeout is a
total deadline, answers are bounded. Against the local fake server only (no network)."""

from __future__ import annotations

import copy
import json
import time

import pytest

from rtdiagram.model.errors import DraftError
from rtdiagram.prose import reply
from rtdiagram.prose.drafting import draft
from rtdiagram.prose.llm import LLMSettings
from rtdiagram.prose.redact import redact, safe_url
from tests.fake_openai import SSE, Error, FakeOpenAI, Raw
from tests.test_draft import GOOD, TEXT

KEY = "sk-test-0123456789SECRETabcdef"


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


def settings(fake: FakeOpenAI, **kw) -> LLMSettings:
    values = {"model": "m", "base_url": fake.base_url, "api_key": KEY, "timeout": 5, "retries": 0}
    values.update(kw)
    return LLMSettings(**values)


def failure(fake: FakeOpenAI, progress=None, **kw) -> DraftError:
    with pytest.raises(DraftError) as info:
        draft(TEXT, provider="openai", settings=settings(fake, **kw), on_progress=progress)
    return info.value


@pytest.mark.parametrize("status", [400, 422, 500, 503])
def test_server_error_text_is_redacted(fake, status) -> None:
    fake.replies += [Error(status, f"bad request from key {KEY}; Authorization: Bearer abcdef123456789")] * 3
    error = failure(fake)
    text = error.message + (error.hint or "")
    assert f"({status})" in text
    assert "SECRET" not in text and "abcdef123456789" not in text


def test_key_in_base_url_userinfo_is_not_printed() -> None:
    error_settings = LLMSettings(model="m", base_url=f"http://user:{KEY}@127.0.0.1:9/v1", api_key="k", timeout=2)
    with pytest.raises(DraftError) as info:
        draft(TEXT, provider="openai", settings=error_settings)
    assert "could not connect" in info.value.message
    assert "SECRET" not in info.value.message and "user:" not in info.value.message


def test_echoed_key_never_reaches_the_draft(fake) -> None:
    answer = copy.deepcopy(GOOD)
    answer["components"][0]["name"] = f"Browsers {KEY}"
    answer["title"] = "Chat Bearer abcdefgh12345678"
    fake.replies.append(json.dumps(answer))
    result = draft(TEXT, provider="openai", settings=settings(fake))
    assert "SECRET" not in result.yaml_text and "abcdefgh12345678" not in result.yaml_text
    assert "redacted" in result.yaml_text


@pytest.mark.parametrize("body", [b"<html>502 Bad Gateway</html>", b"", b"[1, 2]", b'{"choices": 3}',
                                  b'{"choices": [{"message": {"content": 5}}]}', b"[" * 100_000])
def test_a_200_that_is_not_a_completion(fake, body) -> None:
    fake.replies.append(Raw(body, content_type="application/json"))
    error = failure(fake)
    assert "not a chat completion" in error.message or "could not be read" in error.message


@pytest.mark.parametrize("pieces", [
    ["data: {not json}\n\n"],
    ['data: {"choices": "x"}\n\n', "data: [DONE]\n\n"],
    ['data: {"choices": [{"delta": {"content": 7}}]}\n\n', "data: [DONE]\n\n"],
    ["event: error\ndata: nope\n\n"],
])
def test_a_malformed_stream_event(fake, pieces) -> None:
    fake.replies.append(SSE(pieces))
    error = failure(fake, progress=lambda count: None)
    assert "internal" not in error.message.lower()


def test_a_stream_of_keepalives_hits_the_total_deadline(fake) -> None:
    fake.replies.append(SSE([": keep-alive\n\n"] * 60, interval=0.1))
    started = time.monotonic()
    error = failure(fake, progress=lambda count: None, timeout=1.0)
    assert time.monotonic() - started < 4
    assert "timed out" in error.message


def test_a_slow_body_hits_the_total_deadline(fake) -> None:
    chunk = json.dumps(GOOD)
    fake.replies.append(SSE([f"data: {chunk}\n\n"[:1]] * 100, interval=0.1))
    started = time.monotonic()
    failure(fake, timeout=1.0)
    assert time.monotonic() - started < 4


def test_a_huge_answer_is_refused_not_resent(fake, monkeypatch) -> None:
    monkeypatch.setattr(reply, "MAX_ANSWER_CHARS", 5_000)
    answer = copy.deepcopy(GOOD)
    answer["components"] = [dict(GOOD["components"][0], id=f"c{i}") for i in range(200)]
    fake.replies += [json.dumps(answer)] * 3
    error = failure(fake, retries=2)
    assert "over 5,000 characters" in error.message
    assert len(fake.requests) == 1  # never sent back on a re-ask
    fake.replies.clear()
    fake.replies += [json.dumps(answer)] * 3
    streamed = failure(fake, progress=lambda count: None, retries=2)
    assert "over 5,000 characters" in streamed.message


def test_redact_shapes() -> None:
    assert redact(f"key {KEY} and Bearer abc.def-123456 and api_key=hunter2hunter") == (
        "key [redacted] and [redacted] and api_key=[redacted]")
    assert redact("eyJhbGciOi.eyJzdWIiOi.SflKxwRJSM ok") == "[redacted] ok"
    assert safe_url(f"https://me:{KEY}@api.example.com/v1?key=abc") == "https://api.example.com/v1"
    assert redact("plain text with a 25 s heartbeat") == "plain text with a 25 s heartbeat"
