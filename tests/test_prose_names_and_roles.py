"""How the offline drafter reads names, roles and false friends (general English, written for this
test; the drafting corpus measures the same things on whole descriptions)."""

from __future__ import annotations

from rtdiagram.prose.drafting import draft
from rtdiagram.prose.offline import extract_offline
from tests.prose_helpers import drafted_links as _links
from tests.prose_helpers import drafted_parts as _parts


def test_a_lower_case_name_that_never_takes_an_article_is_a_part() -> None:
    found = _parts("Each tablet POSTs the result to bieden. bieden ignores a second copy of the same board. "
                   "The TV opens a WebSocket to bieden, and bieden pings every 30 seconds.")
    assert "bieden" in found and found["bieden"].kind == "gateway"


def test_a_common_noun_in_a_compound_is_not_a_name() -> None:
    found = _parts("Planners sketch site plans in the app. Photos from site visits go to S3. The site layout "
                   "syncs over a WebSocket to the relay server.")
    assert "site" not in found


def test_an_appositive_role_names_the_part_later() -> None:
    found = _parts("The web UI is served by argocd-server, the API server, which runs as three replicas. "
                   "Browsers keep an SSE stream to it. The API server keeps no session state.")
    assert "argocd-server" in found and "api-server" not in found


def test_an_api_a_named_part_serves_is_that_part() -> None:
    found = _parts("Browsers hold a WebSocket to tb-core through HAProxy. Two tb-core nodes serve the REST API "
                   "and the WebSocket API.")
    assert "websocket" not in found and found["tb-core"].replicas == 2


def test_a_hop_with_instances_behind_it_is_the_load_balancer() -> None:
    found = _parts("pay-api runs as three instances behind Traefik. Phones open a WebSocket to wallet-ws, "
                   "two instances, also behind Traefik.")
    assert found["traefik"].kind == "load_balancer"


def test_an_outside_service_that_opens_the_connection_is_its_source() -> None:
    assert ("twilio", "media-gateway", "websocket") in _links(
        "Twilio then opens a WebSocket to media-gateway, our Node service.")


def test_false_friends_of_this_kind() -> None:
    found = _parts("noise-correlator matches every noise event above 65 dB and stores events in ClickHouse. "
                   "Each substation has a Sparkplug Edge Node that publishes over MQTT to HiveMQ. "
                   "We switched proxy buffering off. The app runs on one VM in the office server cupboard.")
    assert found["clickhouse"].replicas is None
    assert all(c.technology != "nodejs" for c in found.values())
    assert not any(c.kind == "proxy" for c in found.values())
    assert "office" not in found


def test_devices_publishing_to_a_named_broker_are_its_clients() -> None:
    text = ("- 6 gauge stations along the river: radar level sensor + LTE modem. Each publishes the level once "
            "a minute to a single Mosquitto on the town's VM.")
    assert ("station", "mosquitto", "mqtt") in _links(text)  # "Gauge stations", though the text never says MQTT


def test_a_credential_denied_the_url_and_the_header_rides_in_the_subscribe_message() -> None:
    draft = extract_offline("Browsers connect over WebSocket to the chat servers. The token is not going in the URL and "
                            "not in a header: it goes inside the params of the subscribe message.")
    assert next(c.token_location for c in draft.extraction.components if c.kind == "gateway") == "first_message"


def test_history_and_rate_limits_in_words() -> None:
    model = draft("Readers hold a long poll to liveblog-api, GET /updates?after={lastId}; it reads the entries "
                  "after lastId from MySQL. The console sends up to thirty messages a second over the WebSocket.",
                  provider="offline").loaded.model
    gateway = next(c for c in model.components if c.kind == "gateway")
    assert "history" in gateway.roles
    assert gateway.rate_limit.messages_per_s == 30


def test_a_ws_url_names_the_protocol_not_the_node_library() -> None:
    found = _parts("The browser opens a WebSocket to ws://standings.local:8000/ws, served by scoreboard, "
                   "a FastAPI app.")
    assert found["scoreboard"].technology == "fastapi"
    assert all(c.technology != "ws" for c in found.values())
