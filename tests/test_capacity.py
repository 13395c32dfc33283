"""Capacity figures (domain-rules §4): the collaborative editor checked by hand, sources, goldens."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from rtdiagram.analysis.capacity import connections, first_retry_window_s, pubsub_ingress_per_node
from rtdiagram.analysis.capacity_figures import estimate
from rtdiagram.analysis.capacity_format import FORMATS, capacity_report, format_sheet
from rtdiagram.analysis.engine import lint
from rtdiagram.analysis.ruleset import Thresholds
from rtdiagram.model.loader import load_file, load_text

from tests.conftest import EXAMPLES, ROOT

EDITOR = ROOT / "examples" / "collab-editor.yaml"


@pytest.fixture(scope="module")
def sheet():
    return estimate(load_file(EDITOR).model)


def test_editor_figures_by_hand(sheet) -> None:
    """examples/collab-editor.yaml: 20,000 users × 1.2, P = 800/s, R = 6, S = 300 B, 3 nodes,
    fd_limit 1,048,576, heartbeat 25 s, TLS, reconnect base 1 s jitter 0.5, drain 20 s."""
    c = 20_000 * 1.2
    assert sheet.value("connections") == c == 24_000
    assert sheet.value("limit_fd.ws") == 1_048_576 - 64
    assert sheet.value("conns_per_node.ws") == 1_048_512           # memory limit unknown
    assert sheet.value("nodes_needed.ws") == math.ceil(c / 1_048_512) + 1 == 2
    assert sheet.value("load_per_node.ws") == c / 3 == 8_000
    d = 800 * 6
    assert sheet.value("deliveries") == d == 4_800
    assert sheet.value("deliveries_per_node.ws") == d / 3 == 1_600
    frame = 300 + 4 + 22                                           # payload ≤ 65,535: 4-byte header; TLS 1.3 record
    assert sheet.value("frame_bytes.ws") == frame == 326
    pings = c / 25 * (2 + 22)
    assert sheet.value("heartbeat_egress.ws") == pings == 23_040
    assert sheet.value("egress.ws") == d * frame + pings == 1_587_840
    assert sheet.value("egress_per_node.ws") == pytest.approx((d * frame + pings) / 3)
    assert sheet.value("heartbeat_packets.ws") == 2 * c / 25 == 1_920
    assert sheet.value("heartbeat_bytes.ws") == c / 25 * (2 + 6 + 2 * 22) == 49_920
    assert sheet.value("pubsub_node_msgs.bus") == 800                # granularity unstated: global
    assert sheet.value("broker_deliveries.bus") == 800 * 3
    assert sheet.value("pubsub_node_bytes.bus") == 800 * 300
    assert sheet.value("stall_headroom.bus") == pytest.approx(32 * 1024 * 1024 / 240_000)   # ≈ 139.8 s
    assert sheet.value("retry_window.ws") == 2 * 0.5 * 1.0
    assert sheet.value("arrivals_node_failure.ws") == 8_000 / 1.0
    assert sheet.value("arrivals_deploy.ws") == 8_000 / 20
    assert sheet.value("arrivals_mass.ws") == 24_000


def test_missing_inputs_are_named_not_invented(sheet) -> None:
    memory = sheet.get("limit_memory.ws")
    assert memory.value is None
    assert memory.missing == ("components[ws].node_memory_mb", "components[ws].memory_per_connection_kb")
    for key in ("accept_rate.ws", "recovery_node_failure.ws", "recovery_deploy.ws", "recovery_mass.ws"):
        assert sheet.value(key) is None
        assert any("handshake_rate_per_node_per_s" in m for m in sheet.get(key).missing)


def test_every_input_says_where_it_came_from(sheet) -> None:
    for figure in sheet.figures:
        assert figure.formula
        for item in figure.inputs:
            assert item.source in ("model", "default", "threshold", "constant", "derived", "assumption")
            assert item.where, (figure.id, item.symbol)
            if item.source == "derived" and " " not in item.where:   # another figure, by id
                assert sheet.get(item.where) is not None, item.where
    hard = next(i for i in sheet.get("stall_headroom.bus").inputs if i.symbol == "hard_limit")
    assert hard.source == "default" and hard.where.startswith("assumed Redis")


def test_lint_uses_the_same_numbers(sheet) -> None:
    loaded = load_file(EDITOR)
    bus = loaded.model.by_id["bus"]
    assert pubsub_ingress_per_node(loaded.model, bus) == sheet.value("pubsub_node_bytes.bus")
    assert connections(loaded.model) == sheet.value("connections")
    lint(loaded)   # the capacity rules still run


def test_per_room_channels_share_formula() -> None:
    text = EDITOR.read_text("utf-8").replace("    technology: redis_pubsub\n",
                                                "    technology: redis_pubsub\n    channel_granularity: per_room\n")
    sheet = estimate(load_text(text, "editor.yaml").model)
    share = 1 - (1 - 1 / 3) ** 6
    assert sheet.value("pubsub_node_msgs.bus") == pytest.approx(800 * share)
    assert sheet.value("pubsub_node_bytes.bus") == pytest.approx(800 * share * 300)


def test_accept_rate_gives_recovery_time() -> None:
    text = EDITOR.read_text("utf-8").replace("    fd_limit: 1048576\n",
                                                "    fd_limit: 1048576\n    handshake_rate_per_node_per_s: 500\n"
                                                "    node_memory_mb: 4096\n    memory_per_connection_kb: 50\n")
    sheet = estimate(load_text(text, "editor.yaml").model)
    assert sheet.value("limit_memory.ws") == math.floor(4096 * 1024 * 0.7 / 50) == 58_720
    assert sheet.value("nodes_needed.ws") == math.ceil(24_000 / 58_720) + 1
    assert sheet.value("accept_rate.ws") == 500 * 2                 # the two survivors
    assert sheet.value("recovery_node_failure.ws") == 8_000 / 1_000
    assert sheet.value("recovery_deploy.ws") == 20                  # the drain spread dominates
    assert sheet.value("recovery_mass.ws") == 24
    assert "backoff cap" in sheet.get("recovery_mass.ws").note      # 5 s < 24 s


def test_thresholds_are_inputs() -> None:
    sheet = estimate(load_file(EDITOR).model, Thresholds(fd_reserve=1000))
    assert sheet.value("limit_fd.ws") == 1_048_576 - 1000


def test_nothing_known_gives_named_gaps() -> None:
    text = "system: {name: Bare}\ncomponents:\n  - {id: c, kind: client}\n  - {id: g, kind: gateway, technology: ws}\n" \
           "links:\n  - {from: c, to: g, protocol: websocket}\n"
    sheet = estimate(load_text(text, "bare.yaml").model)
    assert sheet.value("connections") is None
    assert "system.expected.peak_users" in sheet.get("connections").missing
    assert sheet.value("deliveries") is None
    for fmt in FORMATS:
        assert format_sheet(sheet, fmt)


def test_first_retry_window() -> None:
    client = load_file(EDITOR).model.by_id["editor"]
    assert first_retry_window_s(client) == 1.0


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_estimates(example: Path) -> None:
    data = json.loads(capacity_report(example, "json"))
    assert data["figures"] and all(f["formula"] for f in data["figures"])


@pytest.mark.parametrize("fmt, suffix", [("table", "txt"), ("markdown", "md"), ("json", "json")])
def test_editor_golden(fmt: str, suffix: str, golden, in_root) -> None:
    text = capacity_report(Path("examples/collab-editor.yaml"), fmt)
    assert str(ROOT) not in text
    golden(text, f"capacity/collab-editor.{suffix}")


def test_flawed_golden(golden, in_root) -> None:
    golden(capacity_report(Path("examples/flawed-chat.yaml"), "markdown"), "capacity/flawed-chat.md")


def test_degenerate_numbers_do_not_crash() -> None:
    text = ("system: {name: Edge, expected: {peak_users: 10, publish_rate_per_s: 0, avg_recipients: 0, avg_message_bytes: 0}}\n"
            "components:\n  - {id: c, kind: client, reconnect: {strategy: fixed, base_ms: 0, jitter: false}}\n"
            "  - {id: g, kind: gateway, technology: ws, replicas: 1, fd_limit: 10, heartbeat: {mechanism: ws_ping, interval_s: 0},"
            " drain: {enabled: true, timeout_s: 0}}\n"
            "  - {id: b, kind: pubsub, technology: redis_pubsub}\n"
            "links:\n  - {from: c, to: g, protocol: websocket}\n  - {from: g, to: b, protocol: pubsub}\n")
    sheet = estimate(load_text(text, "edge.yaml").model)
    assert sheet.value("nodes_needed.g") is None and "no connection" in sheet.get("nodes_needed.g").note
    assert sheet.value("heartbeat_packets.g") is None
    assert sheet.value("arrivals_mass.g") is None
    for fmt in FORMATS:
        assert format_sheet(sheet, fmt)
