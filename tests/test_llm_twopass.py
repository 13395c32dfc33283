"""Two-pass LLM drafting (``--passes 2``): the components first, then the links between them.

Against the local fake server only (no network): two requests are made, the second carries the
first's components and narrows the link ends to their ids, the answers merge into the model the
single pass gives, and cut-off, invalid and rejected requests behave on either pass as they do
in the single pass."""

from __future__ import annotations

import json

import pytest

from rtdiagram.model.errors import DraftError
from rtdiagram.prose.drafting import draft
from rtdiagram.prose.twopass import SHORTER_COMPONENTS, SHORTER_LINKS
from tests.fake_openai import FakeOpenAI, Reply
from tests.test_draft import GOOD, TEXT
from tests.test_llm_robust import ANSWER, KEY, REJECTIONS, run_cli, settings

COMPONENTS = json.dumps({"title": GOOD["title"], "components": GOOD["components"]})
LINKS = json.dumps({"links": GOOD["links"]})
IDS = [c["id"] for c in GOOD["components"]]


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server


def two(fake: FakeOpenAI, notes: list[str] | None = None, **kw):
    return draft(TEXT, provider="openai", settings=settings(fake, notes, passes=2, **kw))


def schema(request: dict) -> dict:
    return request["response_format"]["json_schema"]["schema"]


def test_two_requests_and_the_second_carries_the_first_pass_components(fake) -> None:
    fake.replies += [COMPONENTS, LINKS]
    result = two(fake)
    assert len(fake.requests) == 2
    first, second = fake.requests
    assert first["response_format"]["json_schema"]["name"] == "Components"
    assert set(schema(first)["properties"]) == {"title", "components"}  # the smaller schema: no links
    assert second["response_format"]["json_schema"]["name"] == "Links"
    assert set(schema(second)["properties"]) == {"links"}
    ends = schema(second)["$defs"]["ExtractedLink"]["properties"]
    assert ends["source"]["enum"] == IDS and ends["target"]["enum"] == IDS  # a grammar keeps to the known ids
    assert ends["source"]["maxLength"] == max(map(len, IDS))
    user = second["messages"][1]["content"]
    assert user.startswith(first["messages"][1]["content"])  # the same description, then the components
    listed = [json.loads(line) for line in user.split("link them by these ids only):\n", 1)[1].splitlines()]
    assert [c["id"] for c in listed] == IDS and listed[2] == {"id": "io", "name": "Socket.IO cluster",
                                                              "kind": "gateway", "technology": "Socket.IO"}
    assert first["messages"][0]["content"] != second["messages"][0]["content"]
    assert first["max_tokens"] == second["max_tokens"] == 4096 and second["temperature"] == 0
    assert result.request["response_format"]["json_schema"]["name"] == "Components"  # the first request


def test_the_passes_merge_into_what_the_single_pass_gives(fake) -> None:
    fake.replies += [COMPONENTS, LINKS, ANSWER]
    merged = two(fake)
    single = draft(TEXT, provider="openai", settings=settings(fake))
    assert merged.yaml_text == single.yaml_text
    model = merged.loaded.model
    assert model.by_id["io"].replicas == 3 and len(model.links) == 4


def test_fewer_than_two_components_make_one_request(fake) -> None:
    fake.replies.append(json.dumps({"title": None, "components": GOOD["components"][2:3]}))
    result = two(fake)
    assert len(fake.requests) == 1 and [c.id for c in result.loaded.model.components] == ["io"]


def test_progress_in_pass_two_reports_the_components_found(fake) -> None:
    seen: list[int] = []
    fake.replies += [COMPONENTS, LINKS]
    draft(TEXT, provider="openai", settings=settings(fake, passes=2), on_progress=seen.append)
    assert fake.requests[0]["stream"] and fake.requests[1]["stream"]
    assert max(seen) == 5 and seen[-1] == 5


# --- cut off, invalid, rejected: as in the single pass, on either pass ---------------------------

@pytest.mark.parametrize("streamed", [False, True])
def test_a_cut_off_first_pass_is_reasked_once_for_fewer_components(fake, streamed) -> None:
    notes: list[str] = []
    fake.replies += [Reply(COMPONENTS[:200], "length"), COMPONENTS, LINKS]
    progress = (lambda count: None) if streamed else None
    result = draft(TEXT, provider="openai", settings=settings(fake, notes, passes=2), on_progress=progress)
    assert len(result.loaded.model.links) == 4 and len(fake.requests) == 3
    reask = fake.requests[1]
    assert [m["role"] for m in reask["messages"]] == ["system", "user", "user"]
    assert reask["messages"][-1]["content"] == SHORTER_COMPONENTS
    assert schema(reask)["properties"]["components"]["maxItems"] == 12
    assert len(notes) == 1 and "cut off" in notes[0] and "pass 1 of 2" in notes[0]


def test_a_cut_off_second_pass_is_reasked_once_for_fewer_links(fake) -> None:
    notes: list[str] = []
    fake.replies += [COMPONENTS, Reply(LINKS[:100], "length"), LINKS]
    result = two(fake, notes)
    assert len(result.loaded.model.links) == 4
    reask = fake.requests[2]
    assert reask["messages"][-1]["content"] == SHORTER_LINKS and len(reask["messages"]) == 3
    assert schema(reask)["properties"]["links"]["maxItems"] == 20
    assert schema(reask)["$defs"]["ExtractedLink"]["properties"]["source"]["enum"] == IDS
    assert len(notes) == 1 and "pass 2 of 2" in notes[0]


@pytest.mark.parametrize("replies, stage", [
    ([Reply("{", "length")] * 2, "pass 1 of 2"),
    ([COMPONENTS, Reply("{", "length"), Reply("{", "length")], "pass 2 of 2"),
])
def test_a_second_cut_off_on_either_pass_is_one_clear_error(fake, replies, stage) -> None:
    fake.replies += replies
    with pytest.raises(DraftError) as info:
        two(fake, [], retries=2)
    assert len(fake.requests) == len(replies)
    assert "cut off again" in info.value.message and stage in info.value.message
    assert "\n" not in info.value.message and "--max-tokens" in (info.value.hint or "")


def test_an_invalid_first_pass_is_reasked_with_the_errors(fake) -> None:
    invented = json.loads(COMPONENTS)
    invented["components"][4]["evidence"] = ["a quote that is nowhere in the text"]
    fake.replies += [json.dumps(invented), COMPONENTS, LINKS]
    result = two(fake, [], retries=1)
    assert len(result.loaded.model.components) == 5
    reask = fake.requests[1]["messages"]
    assert reask[-2]["role"] == "assistant" and "failed validation" in reask[-1]["content"]
    assert "'db' has no evidence quote" in reask[-1]["content"]


def test_an_invalid_second_pass_is_reasked_then_one_clear_error(fake) -> None:
    unknown = json.dumps({"links": [{**GOOD["links"][0], "target": "cdn"}]})
    fake.replies += [COMPONENTS, unknown, unknown]
    with pytest.raises(DraftError) as info:
        two(fake, [], retries=1)
    assert len(fake.requests) == 3 and "unknown component id 'cdn'" in fake.requests[2]["messages"][-1]["content"]
    message = info.value.message
    assert message.startswith("the model's answer (pass 2 of 2: links) failed validation after 2 attempts")
    assert "\n" not in message


@pytest.mark.parametrize("replies", [["not json at all"], [COMPONENTS, "[1, 2"]])
def test_unreadable_answers_on_either_pass_fail_validation_cleanly(fake, replies) -> None:
    fake.replies += replies
    with pytest.raises(DraftError) as info:
        two(fake, [])
    assert "failed validation after 1 attempts" in info.value.message and "\n" not in info.value.message


def test_a_rejected_schema_falls_back_once_for_both_passes(fake) -> None:
    notes: list[str] = []
    fake.replies += [REJECTIONS["llama.cpp"], f"```json\n{COMPONENTS}\n```", f"Links: {LINKS}"]
    result = two(fake, notes)
    assert len(result.loaded.model.links) == 4 and len(fake.requests) == 3
    assert len(notes) == 1 and "falling back to JSON mode" in notes[0]
    second = fake.requests[2]  # pass 2 starts where pass 1 ended: JSON mode, schema in the prompt
    assert second["response_format"] == {"type": "json_object"}
    assert '"enum":["web","alb","io","bus","db"]' in second["messages"][0]["content"]


def test_errors_stay_redacted(fake) -> None:
    fake.replies += [COMPONENTS, json.dumps({"links": [{**GOOD["links"][0], "target": KEY}]})]
    with pytest.raises(DraftError) as info:
        two(fake, [])
    assert "SECRET" not in info.value.message


def test_cli_passes_option(fake, tmp_path) -> None:
    fake.replies += [COMPONENTS, LINKS]
    out = tmp_path / "chat.yaml"
    result = run_cli(fake, "--passes", "2", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert len(fake.requests) == 2 and "Traceback" not in result.stderr
    assert "links:\n  - {from: web, to: alb" in out.read_text()
    refused = run_cli(fake, "--passes", "3")
    assert refused.returncode == 2 and len(fake.requests) == 2
