"""Issue 10, the LLM path robust with small local models: a bounded request (max_tokens,
temperature, maxLength/maxItems in the schema), one re-ask after a cut-off answer, and a one-line
note plus a fallback to plain JSON mode when a server rejects a parameter. Against the local fake
server only (no network), except the integration test at the end, which runs only when
RTDIAGRAM_TEST_LLM_URL names a real OpenAI-compatible server (bench/llm-smoke.sh starts one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from rtdiagram import load_file
from rtdiagram.model.errors import DraftError
from rtdiagram.prose.drafting import draft
from rtdiagram.prose.llm import SHORTER, LLMSettings, bounded_schema, extraction_schema, json_text
from tests.conftest import ROOT
from tests.fake_openai import Error, FakeOpenAI, Reply
from tests.test_draft import GOOD, TEXT

KEY = "sk-test-0123456789SECRETabcdef"
ANSWER = json.dumps(GOOD)


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


def settings(fake: FakeOpenAI, notes: list[str] | None = None, **kw) -> LLMSettings:
    values = {"model": "m", "base_url": fake.base_url, "api_key": KEY, "timeout": 5, "retries": 0,
              "max_tokens": 4096, "temperature": 0.0, "notify": (notes.append if notes is not None else None)}
    values.update(kw)
    return LLMSettings(**values)


def sent(request: dict) -> dict:
    return {k: v for k, v in request.items() if not k.startswith("_")}


def nodes(schema: object):
    """Every subschema (dicts under properties, $defs, items, anyOf…)."""
    if isinstance(schema, dict):
        yield schema
        for value in schema.values():
            yield from nodes(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from nodes(item)


def types(node: dict) -> list:
    kind = node.get("type")
    return kind if isinstance(kind, list) else [kind]


# --- a bounded request --------------------------------------------------------------------------

def test_request_carries_max_tokens_temperature_and_a_bounded_schema(fake) -> None:
    fake.replies.append(ANSWER)
    draft(TEXT, provider="openai", settings=settings(fake, max_tokens=1234, temperature=0.0))
    request = fake.requests[0]
    assert request["max_tokens"] == 1234 and request["temperature"] == 0
    schema = request["response_format"]["json_schema"]["schema"]
    strings = [n for n in nodes(schema) if "string" in types(n)]
    arrays = [n for n in nodes(schema) if "array" in types(n)]
    assert len(strings) >= 10 and all(isinstance(n.get("maxLength"), int) for n in strings)
    assert len(arrays) >= 4 and all(isinstance(n.get("maxItems"), int) for n in arrays)
    by_name = schema["$defs"]["ExtractedComponent"]["properties"]
    assert by_name["id"]["maxLength"] == 40 and by_name["evidence"]["maxItems"] == 3
    assert by_name["evidence"]["items"]["maxLength"] == 200
    assert schema["properties"]["components"]["maxItems"] == 80  # pydantic's own bound is kept


def test_bounded_schema_keeps_existing_bounds_and_enums() -> None:
    schema = bounded_schema({"type": "object", "properties": {
        "a": {"type": "string", "maxLength": 7}, "b": {"enum": ["x", "yyy"], "type": "string"},
        "c": {"type": "array", "items": {"type": ["string", "null"]}}}})
    assert schema["properties"]["a"]["maxLength"] == 7
    assert schema["properties"]["b"]["maxLength"] == 3
    assert schema["properties"]["c"]["maxItems"] > 0 and schema["properties"]["c"]["items"]["maxLength"] > 0


def test_library_defaults_send_max_tokens_but_no_temperature(fake) -> None:
    fake.replies.append(ANSWER)
    draft(TEXT, provider="openai", settings=LLMSettings(model="m", base_url=fake.base_url, api_key=KEY, timeout=5))
    assert fake.requests[0]["max_tokens"] == 4096 and "temperature" not in fake.requests[0]


def run_cli(fake: FakeOpenAI, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "OPENAI_API_KEY": KEY}
    return subprocess.run([sys.executable, "-m", "rtdiagram", "draft", TEXT, "--base-url", fake.base_url,
                           "--model", "fake", "--no-lint", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)


def test_cli_defaults_and_options(fake) -> None:
    fake.replies += [ANSWER, ANSWER]
    assert run_cli(fake).returncode == 0
    assert fake.requests[0]["max_tokens"] == 4096 and fake.requests[0]["temperature"] == 0
    result = run_cli(fake, "--max-tokens", "0", "--temperature", "0.7")
    assert result.returncode == 0, result.stderr
    assert "max_tokens" not in fake.requests[1] and fake.requests[1]["temperature"] == 0.7


# --- a cut-off answer ---------------------------------------------------------------------------

@pytest.mark.parametrize("streamed", [False, True])
def test_a_cut_off_answer_is_reasked_once_for_a_shorter_one(fake, streamed) -> None:
    notes: list[str] = []
    fake.replies += [Reply(ANSWER[:300], "length"), ANSWER]
    progress = (lambda count: None) if streamed else None
    result = draft(TEXT, provider="openai", settings=settings(fake, notes), on_progress=progress)
    assert len(result.loaded.model.components) == 5
    assert len(fake.requests) == 2
    messages = fake.requests[1]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "user"]  # the cut-off answer is not sent back
    assert messages[-1]["content"] == SHORTER and "SHORTER" in SHORTER
    short = fake.requests[1]["response_format"]["json_schema"]["schema"]  # the grammar enforces "shorter"
    assert short["properties"]["components"]["maxItems"] == 12 and short["properties"]["links"]["maxItems"] == 20
    assert short["$defs"]["ExtractedComponent"]["properties"]["evidence"]["maxItems"] == 1
    assert len(notes) == 1 and "cut off" in notes[0] and "--max-tokens 4096" in notes[0]


def test_a_second_cut_off_is_one_clear_error(fake) -> None:
    fake.replies += [Reply(ANSWER[:300], "length")] * 3
    with pytest.raises(DraftError) as info:
        draft(TEXT, provider="openai", settings=settings(fake, [], retries=2))
    assert len(fake.requests) == 2  # once, not once per --retries
    assert "cut off again" in info.value.message and "\n" not in info.value.message
    assert "--max-tokens" in (info.value.hint or "")


def test_a_cut_off_does_not_use_up_the_retries(fake) -> None:
    fake.replies += [Reply("{", "length"), "{}", ANSWER]
    result = draft(TEXT, provider="openai", settings=settings(fake, [], retries=1))
    assert len(result.loaded.model.components) == 5 and len(fake.requests) == 3


# --- a server that rejects a parameter ----------------------------------------------------------

REJECTIONS = {  # the 400 bodies these servers send for a response_format they cannot honour
    "openai": Error(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with "
                    "this model. Learn more about supported models at the Structured Outputs guide: "
                    "https://platform.openai.com/docs/guides/structured-outputs", param="response_format"),
    "llama.cpp": Error(400, 'response_format type must be one of "text" or "json_object", but got: json_schema',
                       code=400),
    "ollama": Error(400, 'invalid format: expected "json" or a valid JSON schema'),
    "vllm": Error(400, "Unsupported response_format json_schema for this model", "BadRequestError", code=400),
}


@pytest.mark.parametrize("server", sorted(REJECTIONS))
def test_rejected_response_format_falls_back_to_json_mode(fake, server) -> None:
    notes: list[str] = []
    fake.replies += [REJECTIONS[server], f"Here is the JSON:\n```json\n{ANSWER}\n```"]
    result = draft(TEXT, provider="openai", settings=settings(fake, notes))
    assert len(result.loaded.model.components) == 5
    assert len(notes) == 1 and "\n" not in notes[0]
    assert notes[0].startswith("the server does not accept response_format json_schema (400: ")
    assert "falling back to JSON mode" in notes[0]
    retry = fake.requests[1]
    assert retry["response_format"] == {"type": "json_object"}
    assert '"maxLength"' in retry["messages"][0]["content"]  # the schema moved into the prompt
    assert retry["max_tokens"] == 4096


def test_json_mode_request_golden(fake, golden) -> None:
    fake.replies += [REJECTIONS["llama.cpp"], ANSWER]
    draft(TEXT, provider="openai", settings=settings(fake, []))
    golden(json.dumps(sent(fake.requests[1]), indent=2, ensure_ascii=False) + "\n", "llm/request-json-mode.json")


def test_json_object_rejected_too_asks_for_plain_json(fake) -> None:
    notes: list[str] = []
    fake.replies += [REJECTIONS["openai"], Error(400, "'response_format.type' json_object is not supported"), ANSWER]
    result = draft(TEXT, provider="openai", settings=settings(fake, notes))
    assert len(result.loaded.model.components) == 5
    assert "response_format" not in fake.requests[2] and '"maxItems"' in fake.requests[2]["messages"][0]["content"]
    assert len(notes) == 2 and "json_object either" in notes[1]


def test_fallback_answers_are_validated_and_reasked(fake) -> None:
    fake.replies += [REJECTIONS["ollama"], "Sure! A gateway and a database.", ANSWER]
    result = draft(TEXT, provider="openai", settings=settings(fake, [], retries=1))
    assert len(result.loaded.model.components) == 5
    assert fake.requests[2]["response_format"] == {"type": "json_object"}
    assert fake.requests[2]["messages"][-1]["role"] == "user" and "failed validation" in fake.requests[2]["messages"][-1]["content"]


def test_a_rejected_max_length_keeps_strict_mode(fake) -> None:
    notes: list[str] = []
    fake.replies += [Error(400, "Invalid schema for response_format 'Extraction': In context=('properties', 'id'), "
                           "'maxLength' is not permitted.", param="response_format"), ANSWER]
    draft(TEXT, provider="openai", settings=settings(fake, notes))
    retry = fake.requests[1]["response_format"]
    assert retry["type"] == "json_schema" and retry["json_schema"]["strict"] is True
    assert "maxLength" not in json.dumps(retry) and "maxItems" in json.dumps(retry)
    assert len(notes) == 1 and "maxLength" in notes[0]


def test_rejected_temperature_and_max_tokens_are_adapted(fake) -> None:
    notes: list[str] = []
    fake.replies += [
        Error(400, "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) "
              "value is supported.", param="temperature", code="unsupported_value"),
        Error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
              "'max_completion_tokens' instead.", param="max_tokens", code="unsupported_parameter"),
        ANSWER,
    ]
    draft(TEXT, provider="openai", settings=settings(fake, notes))
    last = fake.requests[2]
    assert "temperature" not in last and "max_tokens" not in last and last["max_completion_tokens"] == 4096
    assert last["response_format"]["type"] == "json_schema"
    assert len(notes) == 2 and "temperature" in notes[0] and "max_completion_tokens" in notes[1]


def test_an_unrelated_400_is_not_a_fallback(fake) -> None:
    fake.replies += [Error(400, "context length exceeded: 9000 tokens")] * 2
    with pytest.raises(DraftError) as info:
        draft(TEXT, provider="openai", settings=settings(fake, []))
    assert len(fake.requests) == 1 and "refused the request (400)" in info.value.message


def test_notes_are_redacted(fake) -> None:
    notes: list[str] = []
    fake.replies += [Error(400, f"response_format json_schema unsupported for key {KEY}"), ANSWER]
    draft(TEXT, provider="openai", settings=settings(fake, notes))
    assert notes and "SECRET" not in notes[0]


def test_cli_prints_one_note_line_and_drafts(fake, tmp_path) -> None:
    fake.replies += [REJECTIONS["openai"], ANSWER]
    out = tmp_path / "chat.yaml"
    result = run_cli(fake, "-o", str(out))
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "falling back to JSON mode" in notes[0]
    assert "Traceback" not in result.stderr and "SECRET" not in result.stderr
    assert load_file(out).model.by_id["io"].replicas == 3


def test_json_text_finds_the_object() -> None:
    assert json_text('```json\n{"a": {"b": 1}}\n```') == '{"a": {"b": 1}}'
    assert json_text("no json here") == "no json here"
    assert "maxLength" in json.dumps(extraction_schema())


# --- a real server (opt-in) ---------------------------------------------------------------------

REAL_URL = os.environ.get("RTDIAGRAM_TEST_LLM_URL")


@pytest.mark.skipif(not REAL_URL, reason="RTDIAGRAM_TEST_LLM_URL is not set (bench/llm-smoke.sh starts a "
                    "llama.cpp server; set it to that server's /v1 URL to run this test)")
def test_a_real_server_gives_a_model_or_one_clear_line() -> None:
    real = LLMSettings(model=os.environ.get("RTDIAGRAM_TEST_LLM_MODEL", "smollm2"), base_url=REAL_URL,
                       api_key=os.environ.get("RTDIAGRAM_TEST_LLM_KEY"), temperature=0.0, retries=1,
                       timeout=float(os.environ.get("RTDIAGRAM_TEST_LLM_TIMEOUT", "300")), notify=lambda note: None)
    try:
        result = draft(TEXT, provider="openai", settings=real)
    except DraftError as error:  # a tiny model may fail; it must fail cleanly
        assert error.message and "\n" not in error.message and "Traceback" not in error.message
        assert "internal" not in error.message.lower()
        return
    assert result.loaded.model.components  # validated like any hand-written file
