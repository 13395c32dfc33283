"""Heartbeat intervals and idle timeouts in the phrasings architects use (prose/timing.py).

The phrasings are general English, written for this test, not taken from the drafting corpus.
"""

from __future__ import annotations

import pytest

from rtdiagram.prose.offline import extract_offline

GATEWAY = "Clients connect over WebSocket to the push servers behind an nginx proxy. "


def _attrs(text: str) -> dict[str, dict]:
    draft = extract_offline(GATEWAY + text)
    merged: dict[str, dict] = {}
    for component in draft.extraction.components:
        attrs = dict(draft.extras.get(component.id, {}))
        if component.heartbeat_interval_s is not None:
            attrs["heartbeat_interval_s"] = component.heartbeat_interval_s
        merged[component.kind] = attrs
    return merged


@pytest.mark.parametrize("sentence, seconds", [
    ("The servers ping every 25 seconds.", 25),
    ("The push servers ping roughly every half minute.", 30),
    ("A 30-second heartbeat keeps the sockets warm.", 30),
    ("Heartbeat interval is 20s.", 20),
    ("The server sends a ping each 15 seconds.", 15),
    ("Keepalive comments go out every 10 s.", 10),
    ("Every 45 seconds the servers send a ping frame.", 45),
    ("We heartbeat at 1 minute intervals.", 60),
])
def test_heartbeat_phrasings(sentence, seconds):
    assert _attrs(sentence)["gateway"].get("heartbeat_interval_s") == seconds


@pytest.mark.parametrize("sentence, seconds", [
    ("The proxy has a 90 s idle cut-off.", 90),
    ("The proxy drops idle sockets after five minutes.", 300),
    ("nginx closes connections that stay silent for 60 seconds.", 60),
    ("The proxy disconnects after 2 minutes of inactivity.", 120),
    ("proxy_read_timeout is set to 3600s on the proxy.", 3600),
    ("Idle timeout on the proxy is 350 seconds.", 350),
])
def test_idle_timeout_phrasings(sentence, seconds):
    assert _attrs(sentence)["proxy"].get("idle_timeout_s") == seconds


def test_the_subject_of_the_clause_owns_the_timeout():
    attrs = _attrs("Timeouts: the servers heartbeat every 30 s; the nginx proxy closes idle connections after 75 s.")
    assert attrs["gateway"]["heartbeat_interval_s"] == 30
    assert attrs["proxy"]["idle_timeout_s"] == 75


@pytest.mark.parametrize("sentence", [
    "Pods get a 30 second grace period on shutdown.",
    "Tokens expire after 15 minutes.",
    "Clients reconnect with a back-off of up to 30 seconds.",
    "Median delivery latency is 80 ms.",
    "The nginx proxy has no idle timeout of 60 seconds any more.",
])
def test_other_durations_are_not_timing(sentence):
    attrs = _attrs(sentence)
    assert "heartbeat_interval_s" not in attrs["gateway"]
    assert "idle_timeout_s" not in attrs.get("proxy", {})


@pytest.mark.parametrize("sentence, seconds", [
    ("The servers send a heartbeat message once a minute.", 60),
    ("Server-side pings (30 s) keep the sockets open.", 30),
    ("Socket.IO runs with pingInterval: 25000 on the push servers.", 25),
    ("The push servers' heartbeat stays at the default 30 s.", 30),
    ("The push servers emit a heartbeat message every minute.", 60),
    ("pingInterval is set to 20000 ms on the push servers.", 20),
])
def test_more_heartbeat_phrasings(sentence, seconds):
    assert _attrs(sentence)["gateway"].get("heartbeat_interval_s") == seconds


def test_a_bare_timeout_on_a_hop_is_its_idle_timeout():
    assert _attrs("The nginx proxy timeout is 75 seconds.")["proxy"].get("idle_timeout_s") == 75


@pytest.mark.parametrize("sentence, seconds", [
    ("The nginx proxy has proxy-read-timeout 3600s.", 3600),
    ("The proxy's first-byte timeout is still the default 15 seconds.", 15),
    ("The nginx proxy's backend service timeout was left at the default 30 seconds.", 30),
])
def test_timeouts_written_as_settings(sentence, seconds):
    assert _attrs(sentence)["proxy"].get("idle_timeout_s") == seconds


def test_a_setting_name_before_the_value_is_a_heartbeat():
    assert _attrs("Socket.IO runs with pingInterval 25s / pingTimeout 20s.")["gateway"]["heartbeat_interval_s"] == 25


def test_a_stated_heartbeat_beats_an_every_that_only_shares_its_clause():
    text = ("Every 10 s each push server sends each fan their position, and a comment line every 20 s keeps quiet "
            "streams open.")
    assert _attrs(text)["gateway"]["heartbeat_interval_s"] == 20


def test_pinning_to_a_node_with_a_cookie_and_a_named_session_cookie() -> None:
    draft = extract_offline("The page opens a WebSocket to seat-ws through HAProxy, which pins each browser to a node "
                            "with an inserted SRV cookie. Buyers are recognised by the `cc_session` cookie set at login.")
    assert draft.extras["haproxy"]["affinity"] == "cookie"
    assert {c.id: c.token_location for c in draft.extraction.components}["seat-ws"] == "cookie"


def test_affinity_switched_off_a_last_id_replay_and_a_signed_pass_in_the_url() -> None:
    draft = extract_offline(
        "The panel opens a WebSocket to notes-hub behind Azure Application Gateway. The cookie affinity of the "
        "gateway we switched off. When a panel reconnects, it gives the last stream ID it has seen and receives "
        "everything after. It passes a signed store pass as ?pass= in the URL.")
    assert draft.extras["azure-appgw"]["affinity"] == "none"
    gateway = next(c for c in draft.extraction.components if c.id == "notes-hub")
    assert gateway.token_location == "query" and "history" in (draft.extras["notes-hub"].get("roles") or [])


def test_mqtt_connect_credentials_are_not_the_gateways() -> None:
    draft = extract_offline("Sensors publish to EMQX over MQTT; each board logs in with its own username and password "
                            "in the MQTT CONNECT. The app opens an SSE stream to avail-svc.")
    assert {c.id: c.token_location for c in draft.extraction.components}.get("avail-svc") is None


def test_a_bold_server_streamed_from_and_identification_in_the_query_string() -> None:
    draft = extract_offline("The ops console holds a WebSocket to ops-live. The customer app streams SSE from "
                            "**track-api** (Go) with the order token in an Authorization header.")
    assert {c.id: (c.kind, c.token_location) for c in draft.extraction.components}["track-api"] == ("gateway", "header")
    draft = extract_offline("The page make a WebSocket connection to pager-ws. The order number in the query string is "
                            "the only identification, we have no login for guests.")
    assert {c.id: c.token_location for c in draft.extraction.components}["pager-ws"] == "query"


def test_a_broker_that_clients_reach_directly_keeps_their_keep_alive_and_checks_their_login() -> None:
    """MQTT devices connect to the broker itself: the keep alive and the CONNECT credentials are the
    broker's, not a gateway's that only the browsers reach."""
    draft = extract_offline("Sensors publish to EMQX over MQTT; each board logs in with its own username and password "
                            "in the MQTT CONNECT. MQTT keepalive 60 s. The app opens an SSE stream to avail-svc, "
                            "which pings every 20 seconds.")
    parts = {c.id: (c.kind, c.heartbeat_interval_s, c.token_location) for c in draft.extraction.components}
    assert parts["emqx"] == ("pubsub", 60, "first_message")
    assert parts["avail-svc"] == ("gateway", 20, None)
    # no MQTT word at all: Mosquitto speaks it, and nothing else holds the tablets' connections
    draft = extract_offline("- alert -> Mosquitto, single broker. topic alert/<truckId>, QoS 0\n"
                            "- cab tablets subscribe alert/<own truck>. clean session, keepalive 120 s\n"
                            "- tablets log in with a username/password each\n")
    broker = next(c for c in draft.extraction.components if c.kind == "pubsub")
    assert (broker.heartbeat_interval_s, broker.token_location) == (120, "first_message")


def test_a_broker_keep_alive_is_drawn_and_described() -> None:
    from rtdiagram.prose.drafting import draft
    from rtdiagram.prose.prompts import describe

    drafted = draft("Sensors publish to EMQX over MQTT. MQTT keepalive 60 s; each board logs in with a "
                    "username and password in the MQTT CONNECT.", provider="offline")
    broker = next(c for c in drafted.loaded.model.components if c.kind == "pubsub")
    assert broker.heartbeat.interval_s == 60 and broker.token_location == "first_message"
    assert "a client keep-alive of 60 seconds" in describe(broker)["facts"]


def test_a_shared_key_in_the_url_is_a_query_credential() -> None:
    draft = extract_offline("The gate units hold a WebSocket to pass-hub. Gate units authenticate with one common key "
                            "in the URL, ?key=..., the same for every gate.")
    assert {c.id: c.token_location for c in draft.extraction.components}["pass-hub"] == "query"


def test_a_snake_case_token_parameter_is_a_credential() -> None:
    draft = extract_offline("Screens hold a WebSocket to floorhub (ASP.NET Core SignalR). Staff log in with their PIN "
                            "and get a JWT; the SignalR client sends it as access_token in the query string.")
    assert [c.token_location for c in draft.extraction.components if c.kind == "gateway"] == ["query"]


def test_credentials_as_a_short_query_parameter_a_device_key_header_and_the_one_gateway() -> None:
    draft = extract_offline("Couriers open the tracking link. The tracking link carries a signed token as ?t=, which "
                            "track-stream verifies when the SSE stream opens.")
    assert {c.id: c.token_location for c in draft.extraction.components}["track-stream"] == "query"
    draft = extract_offline("The big screens hold an SSE stream to board-stream. For login every screen has a device "
                            "key; the screen sends it in an X-Board-Key header.")
    assert {c.id: c.token_location for c in draft.extraction.components}["board-stream"] == "header"
