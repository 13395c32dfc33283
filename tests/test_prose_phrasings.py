"""How the offline drafter reads common architectural phrasings (general English, written for
this test; the drafting corpus measures the same things on whole descriptions)."""

from __future__ import annotations

from rtdiagram.prose.offline import extract_offline, unwrap
from tests.prose_helpers import drafted_links as _links


def _parts(text: str) -> dict[str, tuple[str, str | None, object]]:
    draft = extract_offline(text)
    return {c.name: (c.kind, c.technology, draft.extras.get(c.id, {}).get("replicas", c.replicas))
            for c in draft.extraction.components}


def _kinds(text: str) -> list[str]:
    return sorted(kind for kind, _, _ in _parts(text).values())


def test_soft_wrapped_lines_are_joined_but_structure_stays() -> None:
    text = "Title of the design\n- first bullet that wraps\n  onto a second line\n- second bullet\n\nNew paragraph"
    assert unwrap(text) == "Title of the design\n- first bullet that wraps onto a second line\n- second bullet\n\nNew paragraph"


def test_a_phrase_broken_across_lines_still_reads() -> None:
    text = ("Clients connect over WebSocket to the chat servers, and a broadcast reaches the other nodes without\n"
            "any broker, over the Erlang cluster.")
    assert extract_offline(text).extras.get("chat", {}).get("fanout") in ("cluster_mesh", "none")


def test_options_that_were_weighed_are_not_parts() -> None:
    parts = _parts("We evaluated Kafka, NATS and RabbitMQ, then picked NATS. Clients connect over WebSocket "
                   "to the gateway servers, which publish to NATS.")
    techs = {tech for _, tech, _ in parts.values()}
    assert "nats" in techs and "kafka" not in techs and "rabbitmq" not in techs


def test_a_product_given_as_the_example_of_a_role_is_that_part() -> None:
    parts = _parts("Browsers connect over WebSocket through a proxy server in front (NGINX in our case) to the "
                   "push servers. NGINX holds reads open for an hour.")
    proxies = [(name, tech) for name, (kind, tech, _) in parts.items() if kind == "proxy"]
    assert proxies == [("Proxy server", "nginx")]


def test_a_defined_name_is_a_part() -> None:
    parts = _parts("Beacon is a Go service that holds the WebSocket connections of every browser.")
    assert parts["Beacon"][0] == "gateway"


def test_counts_in_many_phrasings() -> None:
    assert _parts("Clients connect over WebSocket to two or more relay servers.")["Relay servers"][2] == "many"
    assert _parts("Clients connect over WebSocket to the relay servers. We use a single Redis for pub/sub.")[
        "Redis"][2] == 1
    parts = _parts("Clients connect over WebSocket to the relay servers. TURN: coturn on two EC2 instances.")
    assert [r for _, (kind, _, r) in parts.items() if kind == "turn"] == [2]


def test_a_count_of_code_is_not_a_count_of_instances() -> None:
    parts = _parts("The relay server is one Node.js application. Browsers connect to it over WebSocket.")
    assert all(r != 1 for _, (_, _, r) in parts.items())


def test_a_bare_role_word_names_a_part_only_when_nothing_plays_it() -> None:
    assert _kinds("Clients connect over WebSocket to the edge servers, which publish every event to the broker.") \
        .count("pubsub") == 1
    assert _kinds("Clients connect over WebSocket to the edge servers, which publish every event to the broker. "
                  "The broker is NATS.").count("pubsub") == 1


def test_a_token_checked_by_the_server_sits_on_the_gateway() -> None:
    draft = extract_offline("Browsers connect over WebSocket to the push servers; the session cookie rides along "
                            "and the servers check it.")
    gateway = next(c for c in draft.extraction.components if c.kind == "gateway")
    assert gateway.token_location == "cookie"
    assert not [c for c in draft.extraction.components if c.kind == "auth"]


def test_sticky_sessions_turned_down() -> None:
    draft = extract_offline("Browsers reach the socket servers through an AWS ALB over WebSocket. We do not use "
                            "sticky sessions.")
    assert draft.extras["alb"]["affinity"] == "none"


def test_a_fleet_stays_a_fleet_when_one_node_is_mentioned_later() -> None:
    parts = _parts("Clients connect over WebSocket to Edge. Edge is a fleet of nodes; a message typed on one "
                   "node reaches viewers on the others.")
    assert parts["Edge"][2] == "many"


def test_names_given_with_called_and_quotes() -> None:
    parts = _parts('Browsers open a WebSocket to our small Node.js server called "signal", which publishes room '
                   "events to a service called Pubsub.")
    assert parts["signal"][0] == "gateway" and parts["Pubsub"][0] == "pubsub"


def test_an_adverb_before_a_comma_is_not_a_name() -> None:
    parts = _parts("Clients connect over WebSocket to the relay servers. Straight after connecting, the client "
                   "sends its token in the first message.")
    assert not any(name.startswith("Straight") for name in parts)


def test_a_name_reached_over_a_stream_is_the_gateway() -> None:
    parts = _parts("The web app subscribes over a WebSocket to Skylark, which reads from Postgres.")
    assert parts["Skylark"][0] == "gateway"


def test_machines_and_the_people_watching_them_are_two_clients() -> None:
    draft = extract_offline("Field devices publish readings over MQTT to a Mosquitto broker. A bridge service "
                            "forwards them to the WebSocket servers, and every browser keeps a socket to one of them.")
    clients = [c.name for c in draft.extraction.components if c.kind == "client"]
    assert len(clients) == 2
    broker = next(c.id for c in draft.extraction.components if c.technology == "mosquitto")
    assert any(l.target == broker and l.source == "field" for l in draft.extraction.links)


def _hop_affinity(sentence: str) -> str | None:
    draft = extract_offline("Browsers connect over WebSocket through an HAProxy load balancer to the chat servers. "
                            + sentence)
    hop = next(c for c in draft.extraction.components if c.kind in ("load_balancer", "proxy"))
    return draft.extras.get(hop.id, {}).get("affinity")


def test_affinity_in_many_phrasings() -> None:
    assert _hop_affinity("HAProxy hashes on the room id so a room always lands on the same server.") == "consistent_hash"
    assert _hop_affinity("Each client is pinned to the same backend by source IP hash.") == "ip_hash"
    assert _hop_affinity("HAProxy is plain round robin.") == "none"


def _token(sentence: str) -> str | None:
    draft = extract_offline("Browsers connect over WebSocket to the chat servers. " + sentence)
    return next(c.token_location for c in draft.extraction.components if c.kind == "gateway")


def test_token_location_in_many_phrasings() -> None:
    assert _token("The token is passed as ?access_token= on connect.") == "query"
    assert _token("The JWT travels in the Sec-WebSocket-Protocol header.") == "subprotocol"
    assert _token("The client authenticates with its token in the first frame.") == "first_message"
    assert _token("Each socket sends a login message carrying the API key.") == "first_message"


def _replicas(text: str, kind: str) -> object:
    return next(r for _, (k, _, r) in _parts(text).items() if k == kind)


def test_more_count_phrasings() -> None:
    ws = "Browsers connect over WebSocket to the relay servers. "
    assert _replicas("Browsers connect over WebSocket to Centrifugo x3.", "gateway") == 3
    assert _replicas("Browsers connect over WebSocket to the relay nodes (currently five).", "gateway") == 5
    assert _replicas(ws + "The relay servers run as an active-passive pair.", "gateway") == 2
    assert _replicas(ws + "The relays publish to RabbitMQ. RabbitMQ is a single node.", "pubsub") == 1
    assert _replicas(ws + "Sessions live in Postgres: 1 primary + 2 replicas.", "datastore") == 3


def test_runtime_nodes_are_the_framework_gateway() -> None:
    parts = _parts("Staff browsers join a Phoenix LiveView over a WebSocket. Cluster: three Elixir nodes on Fly.io.")
    gateways = [(name, r) for name, (kind, _, r) in parts.items() if kind == "gateway"]
    assert len(gateways) == 1 and gateways[0][1] == 3
    assert not [name for name, (kind, _, _) in parts.items() if kind == "service"]


def test_people_use_the_software_client() -> None:
    parts = _parts("Players log in over HTTPS. The game client then opens a WebSocket to the chat servers.")
    assert [name for name, (kind, _, _) in parts.items() if kind == "client"] == ["Game client"]


def test_a_rejected_line_names_no_part() -> None:
    parts = _parts("Browsers connect over WebSocket to the chat servers.\nRejected: Kafka between the nodes.")
    assert not [name for name, (_, tech, _) in parts.items() if tech == "kafka"]


def test_a_lowercase_service_with_a_framework_appositive() -> None:
    parts = _parts("Browsers long-poll for prices. A bid is a POST to bid-api, a Flask app on three VMs.")
    assert parts["bid-api"][0] in ("gateway", "service") and parts["bid-api"][2] == 3


def test_delivery_guarantee_on_the_broker() -> None:
    draft = extract_offline("Devices publish to a Mosquitto broker with QoS 1 over MQTT; the servers subscribe.")
    broker = next(c.id for c in draft.extraction.components if c.kind == "pubsub")
    assert draft.extras[broker]["delivery"] == "at_least_once"


def test_clustering_without_a_broker_is_cluster_mesh() -> None:
    draft = extract_offline("Browsers connect over WebSocket to the chat nodes; a message reaches the other nodes "
                            "over distributed Erlang.")
    gateway = next(c.id for c in draft.extraction.components if c.kind == "gateway")
    assert draft.extras[gateway]["fanout"] == "cluster_mesh"


def test_a_store_verb_says_the_role_of_a_multi_role_product() -> None:
    parts = _parts("Browsers connect over WebSocket to alarm-bridge servers, which store each alarm in PostgreSQL and "
                   "publish it to RabbitMQ.")
    assert [kind for kind, tech, _ in parts.values() if tech == "postgres"] == ["datastore"]


def test_an_owner_is_not_part_of_the_name() -> None:
    parts = _parts("Monitors raise alarms through the vendor's monitor gateway. The monitor gateway forwards them over "
                   "WebSocket to the alarm servers.")
    assert len([name for name in parts if "monitor gateway" in name.lower()]) == 1


def test_the_heading_names_the_system() -> None:
    from rtdiagram.prose.drafting import draft
    text = "# Scorecast live match feed: design\n\nFans' browsers open an EventSource to the stream servers."
    assert draft(text, provider="offline").loaded.model.system.name == "Scorecast live match feed"


def test_an_acronym_with_its_expansion_is_a_part() -> None:
    parts = _parts("Backend services emit events to RENO (Rapid Event Notification System), which stores them in "
                   "Cassandra and pushes them through Zuul Push to TVs over WebSocket.")
    assert parts["RENO"][0] == "service"
    assert [kind for kind, tech, _ in parts.values() if tech == "zuul_push"] == ["gateway"]


def test_a_subscriber_uses_the_broker_named_before() -> None:
    draft = extract_offline("Field devices publish readings over MQTT to a Mosquitto broker. A bridge service "
                            "subscribes to those topics. Browsers connect over WebSocket to the edge servers.")
    bridge = next(c.id for c in draft.extraction.components if c.name.lower().startswith("bridge"))
    broker = next(c.id for c in draft.extraction.components if c.technology == "mosquitto")
    assert any({l.source, l.target} == {bridge, broker} for l in draft.extraction.links)


def test_two_products_joined_by_a_slash_are_one_part() -> None:
    parts = _parts("Browsers connect over WebSocket to the alert servers; closed apps get APNs/FCM notifications.")
    assert len([name for name, (kind, _, _) in parts.items() if kind == "external"]) == 1


def test_a_product_that_caches_is_not_a_cache() -> None:
    parts = _parts("Readers long-poll the api servers behind Fastly. Fastly caches every updates URL for two seconds.")
    assert not [name for name, (kind, _, _) in parts.items() if kind == "datastore"]


def test_a_managed_service_is_one_part_whatever_it_is_called() -> None:
    parts = _parts("The apps subscribe over WebSocket to Ably channels through the Ably SDKs. The ingester publishes each "
                   "event with Ably's REST API.")
    assert [kind for kind, tech, _ in parts.values() if tech == "ably"] == ["gateway"]


def test_a_part_of_a_named_service_is_that_service() -> None:
    parts = _parts("Browsers connect over WebSocket to Web PubSub. Web PubSub calls our event handler (a route on "
                   "lesson-api) over HTTP.")
    assert not [name for name in parts if "handler" in name.lower()]


def test_label_lines_in_terse_notes_name_parts() -> None:
    parts = _parts("handhelds: drivers POST gate events to yard-api\nyard-api: Kotlin + Spring Boot, 2 pods\n"
                   "path: browser -> AWS ALB -> board-stream (Node.js, 3 pods)\n"
                   "board-stream: pushes changed rows to its own SSE clients\ncross-node: one Redis, no replica")
    assert parts["board-stream"][0] == "gateway" and parts["board-stream"][2] == 3
    assert "cross-node" not in parts


def test_presence_as_a_word_is_not_a_part() -> None:
    assert "presence" not in _kinds("Browsers connect over WebSocket to the chat servers. The client library also "
                                    "handles presence.")
    assert "presence" in _kinds("Browsers connect over WebSocket to the chat servers, which broadcast presence "
                                "events when someone joins.")


def test_storage_on_the_device_is_not_a_part() -> None:
    assert "datastore" not in _kinds("The app keeps a local SQLite cache on the device and opens a WebSocket to the "
                                     "sync servers.")


def test_more_token_phrasings() -> None:
    assert _token("The token is sent as a URL parameter.") == "query"
    assert _token("Devices put the JWT in the password field of the MQTT CONNECT packet.") == "first_message"


def test_a_stated_guarantee_beats_a_hint() -> None:
    draft = extract_offline("Sensors publish over MQTT to the Mosquitto broker, QoS 0 only, so at most once. "
                            "Fine for telemetry, not for anything that needs guaranteed delivery.")
    broker = next(c.id for c in draft.extraction.components if c.kind == "pubsub")
    assert draft.extras[broker]["delivery"] == "at_most_once"


def test_hyphenated_role_names_and_ordinary_hyphens() -> None:
    parts = _parts("Browsers open a WebSocket through Envoy, and all editors of a sheet land on the same sheet-host. "
                   "We run six sheet-hosts. Positions go to loc-ingest. Redis is single-node. Clients may also use "
                   "wss://pubsub-edge.example.tv.")
    assert {"sheet-host", "loc-ingest"} <= set(parts)
    assert "single-node" not in parts and "pubsub-edge" not in parts


def test_an_option_only_thought_about_is_not_a_part() -> None:
    assert "pubsub" not in _kinds("Browsers connect over WebSocket to the sheet servers. We was thinking about Redis "
                                  "pub/sub so any host can serve any editor, but then ordering gets hard, so no.")


def test_a_products_own_api_is_that_product() -> None:
    parts = _parts("Viewers and the overlay widget connect over WebSocket to Centrifugo. match-ingest calls "
                   "centrifugo's HTTP server API to publish.")
    assert [kind for kind, tech, _ in parts.values() if tech == "centrifugo"] == ["gateway"]


def test_quoted_service_names_and_their_capitalised_mentions() -> None:
    draft = extract_offline('Turbines publish with MQTT to our EMQX cluster. The service "windbridge" (Go, two '
                            'instances) subscribes. Windbridge writes all values into InfluxDB.')
    ids = {c.id: c for c in draft.extraction.components}
    assert ids["windbridge"].kind == "service"
    influx = next(c.id for c in draft.extraction.components if c.technology == "influxdb")
    assert any(l.source == "windbridge" and l.target == influx and l.protocol == "http"
               for l in draft.extraction.links)


def test_the_way_in_is_the_streaming_transport_even_when_mqtt_is_named_more() -> None:
    draft = extract_offline("Turbines publish with MQTT to EMQX; MQTT QoS 1. The control room uses leitstand-gw, "
                            "a Phoenix application behind HAProxy, which pushes to the browsers over WebSocket.")
    hop = next(c.id for c in draft.extraction.components if c.kind == "load_balancer")
    assert {l.protocol for l in draft.extraction.links if hop in (l.source, l.target)} <= {"websocket", "http"}


def test_a_backend_that_acts_is_a_part_unless_it_was_named() -> None:
    assert "service" in _kinds("Phones connect over WebSocket to the push servers. Backend services that want to "
                               "reach a user call the push library.")
    parts = _parts("A Next.js frontend posts to a FastAPI backend. The backend calls the OpenAI API and streams tokens "
                   "back over SSE.")
    assert not [name for name in parts if name.lower() == "backend"]


def test_login_and_token_endpoints_are_auth() -> None:
    parts = _parts("The app gets a token from the token endpoint of our backend, then opens a WebSocket to the relay "
                   "servers. Login goes over the company SSO.")
    assert [kind for name, (kind, _, _) in parts.items() if "token endpoint" in name.lower()] == ["auth"]


def test_emphasis_marks_alone_are_no_name() -> None:
    assert "gateway" in _kinds("Browsers connect over WebSocket to **, a chat server.")


def test_with_no_gateway_the_service_a_proxy_sends_clients_to_is_it() -> None:
    parts = _parts("Browsers open a WebSocket to /live. HAProxy hashes the room id, so everyone in a room ends "
                   "up on the same room-host. Each room-host writes its log to Postgres.")
    assert [name for name, (kind, _, _) in parts.items() if kind == "gateway"] == ["room-host"]


def test_a_role_word_used_as_a_verb_is_no_part() -> None:
    parts = _parts("The app writes locally and queues the changes; while offline they queue up and are sent "
                   "later to the sync API, which stores them in Postgres.")
    assert "queue" not in {kind for kind, _, _ in parts.values()}


def test_a_client_word_that_qualifies_a_role_is_not_a_client() -> None:
    parts = _parts("Apps stream over gRPC. Edgegate, a front-end proxy for streaming traffic, sits in front of "
                   "the push servers.")
    assert parts["Edgegate"][0] == "proxy"


def test_a_protocol_before_an_apposition_is_no_name() -> None:
    parts = _parts("Apps held an SSE stream over HTTP/1.1, the server sent a heartbeat every 4 seconds.")
    assert not any("HTTP" in name for name in parts)


def test_an_apposition_after_a_preposition_inside_a_sentence() -> None:
    parts = _parts("Some notes on Nakama, the open-source game server of Heroic Labs. Clients open a WebSocket "
                   "on /ws. Sales events come in Kafka, an Apache Flink pipeline is reading them.")
    assert parts["Nakama"][0] == "gateway" and parts["Kafka"][0] == "pubsub"


def test_presence_as_a_feature_is_no_part() -> None:
    parts = _parts("Clients open a WebSocket to the game server; on this one socket go the chat, the presence "
                   "status and the match messages.")
    assert "presence" not in {kind for kind, _, _ in parts.values()}


def test_a_hyphenated_name_with_its_stack_in_brackets_is_a_part() -> None:
    parts = _parts("alarm console (browser) -> Envoy -> cold-watch (Rust/axum, 2 replicas), SSE\n"
                   "cold-watch reads the Redis stream and pushes to every open console")
    assert parts["cold-watch"] == ("gateway", "rust", 2) and parts["Envoy"][2] is None


def test_words_that_look_like_parts_but_are_settings_users_networks_or_game_tables() -> None:
    parts = _parts("Many buyers sit behind co-op proxies that break WebSockets, so the feed is long polling to "
                   "bid-api behind HAProxy. HAProxy's `timeout server` is 40 s. A six-player table always lives "
                   "on one SFU.")
    assert {kind for kind, _, _ in parts.values()} <= {"client", "load_balancer", "gateway", "service"}
    assert not any(name.lower().startswith(("co-op", "timeout", "table", "six")) for name in parts)


def test_a_transport_the_text_refuses_is_not_the_way_in() -> None:
    draft = extract_offline("Bidders use the web app. Their corporate proxies break WebSockets, so the browser "
                            "reaches bid-api through HAProxy with HTTP long polling, and no WebSockets anywhere.")
    assert {link.protocol for link in draft.extraction.links} == {"long_polling"}


def test_a_clause_with_its_subject_left_out_is_about_the_part_before() -> None:
    draft = extract_offline("handhelds: drivers POST gate events to yard-api\n"
                            "yard-api: Kotlin + Spring Boot, 2 pods. writes every event to Postgres\n"
                            "board-stream: Node.js, 3 pods, pushes rows to browsers over SSE")
    assert ("yard-api", "postgres") in {(link.source, link.target) for link in draft.extraction.links}


def test_every_part_using_one_store() -> None:
    draft = extract_offline("The client API hands events to the room server. The sync API serves /sync to clients "
                            "over long polling. All components keep their tables in one PostgreSQL database.")
    users = {link.source for link in draft.extraction.links if link.target == "postgres"}
    assert len(users) >= 3


def test_clients_reach_the_auth_part_they_log_in_through() -> None:
    draft = extract_offline("Browsers open a WebSocket to chat-gw. Login goes through auth-svc, which sets a "
                            "session cookie; chat-gw checks it on connect.")
    assert ("browser", "auth-svc") in {(link.source, link.target) for link in draft.extraction.links}


def test_a_label_line_describes_its_label() -> None:
    parts = _parts("RabbitMQ runs as a 3-node cluster.\nauth: one client cert per unit, no passwords\n"
                   "temp-collector (Kotlin, 4 replicas): AMQP consumer on queue temp.collect\n-> ClickHouse")
    assert parts["temp-collector"] == ("service", "kotlin", 4)  # not negated by the line before
    assert {kind for kind, _, _ in parts.values()} == {"service", "pubsub", "datastore"}  # no queue, no "AMQP consumer"


def test_a_client_word_with_its_own_noun_is_a_client_of_its_own() -> None:
    parts = _parts("The mobile app connects over WebSocket to chat-gw. The pharmacist console (React) also "
                   "connects to chat-gw.")
    assert {name for name, (kind, _, _) in parts.items() if kind == "client"} == {"Mobile app", "Pharmacist console"}


def test_a_single_word_name_with_its_language_in_brackets_is_a_part() -> None:
    parts = _parts("• matchmaker (Go) calls POST /internal/match-found on lobby-svc when a match is ready")
    assert parts["matchmaker"][:2] == ("service", "go")


def test_a_name_defined_as_the_part_that_does_something() -> None:
    parts = _parts("LiveNode is the part that keeps those components current once the page is open. It pushes "
                   "updates to the browser.")
    assert parts["LiveNode"][0] in ("service", "gateway")


def test_kept_in_a_store_and_one_redis_in_two_roles() -> None:
    assert _parts("The push servers keep messages in Redis and Cassandra.")["Redis"][0] == "datastore"
    assert _parts("chat-gw keeps the user -> node map in Redis.")["Redis"][0] == "registry"
    parts = _parts("Who is in which room we keep in Redis, and the signal nodes publish room events to each other "
                   "through Redis pub/sub.")
    assert [kind for name, (kind, _, _) in parts.items() if "redis" in name.lower()] == ["pubsub"]


def test_a_role_said_to_be_retired_is_no_part() -> None:
    parts = _parts("The old pub/sub is retired, so the bot moves to chat-gw over WebSocket.")
    assert "pubsub" not in {kind for kind, _, _ in parts.values()}


def test_counts_in_appositions_brackets_and_pairs() -> None:
    parts = _parts("The admitter, a single worker, publishes to NATS. Leases live in etcd, a three-member cluster. "
                   "Devices publish to our Mosquitto broker (a single EC2 t3.small). For NAT we run our own coturn "
                   "pair on 443.")
    counts = {name.split()[0].lower(): replicas for name, (_, _, replicas) in parts.items()}
    assert (counts.get("admitter"), counts.get("etcd"), counts.get("mosquitto"), counts.get("coturn")) == (1, 3, 1, 2)


def test_a_consumer_subscribes_to_the_broker_named_before_and_publishes_to_another() -> None:
    draft = extract_offline("Field devices publish over MQTT to a Mosquitto broker. A Node.js bridge service subscribes "
                            "to those topics and republishes onto Redis Pub/Sub. WebSocket servers subscribe to Redis.")
    links = {(link.source, link.target) for link in draft.extraction.links}
    bridge = next(c.id for c in draft.extraction.components if "bridge" in c.id)
    assert (bridge, "mosquitto") in links and (bridge, "redis-pubsub") in links


def test_two_clauses_joined_by_a_comma_are_no_apposition() -> None:
    parts = _parts("Login goes over the company SSO, the browser receives a session cookie and the socket takes "
                   "it on connect to the gateway.")
    assert not any(name.lower().endswith("sso") and kind == "client" for name, (kind, _, _) in parts.items())


def test_the_phones_an_app_runs_on_are_that_app() -> None:
    parts = _parts("Rider and driver apps hold a stream to the push servers. On the phones, the networking stack "
                   "was rebuilt around gRPC.")
    assert len([1 for kind, _, _ in parts.values() if kind == "client"]) == 1


def test_an_address_said_to_go_to_a_product_is_that_products() -> None:
    draft = extract_offline("The app opens `wss://chat.example-app.io/ws?token=<JWT>` to Kong, which forwards to "
                            "chat-gw (3 pods).")
    assert [c.id for c in draft.extraction.components if c.kind == "gateway"] == ["chat-gw"]
    assert next(c for c in draft.extraction.components if c.id == "chat-gw").token_location == "query"


def test_a_hyphenated_gw_name_stays_a_gateway_after_an_apposition() -> None:
    parts = _parts("The build page opens an EventSource to tail-gw, a Node.js service written with Fastify, six "
                   "pods behind Cloudflare. tail-gw subscribes to NATS.")
    assert parts["tail-gw"][0] == "gateway"


def test_the_system_defined_in_the_opening_sentence_is_not_a_part() -> None:
    parts = _parts("Stackyard is a hosted CI service whose build page shows a running job's log. The build page "
                   "opens an EventSource to tail-gw behind Cloudflare.")
    assert not any("stackyard" in name.lower() or name.lower().startswith("ci") for name in parts)


def test_lowercase_names_defined_or_streamed_to() -> None:
    parts = _parts("**ines**: quayside is the socket tier: three instances behind the load balancer.\n"
                   "**ines**: the student page connects by WebSocket to lantern-live, which is Python.")
    assert parts["quayside"][0] == "gateway" and parts["quayside"][2] == 3
    assert "lantern-live" in parts


def test_a_websocket_api_and_its_address_are_one_gateway_and_a_bot_is_a_client() -> None:
    parts = _parts("bot -> Deribit WebSocket API, wss://www.deribit.com/ws/api/v2: one socket, JSON-RPC in both "
                   "directions")
    assert sorted(kind for kind, _, _ in parts.values()) == ["client", "gateway"]


def test_a_public_address_is_the_edge_the_text_deploys_or_else_the_gateway() -> None:
    ours = _parts("**quote-edge**: Java on Netty, six nodes behind an F5 load balancer. The browser opens "
                  "wss://stream.example-fx.com with its access token.")
    assert ours["quote-edge"][0] == "gateway" and not any("stream" in name for name in ours)
    theirs = _parts("Our bot connects to wss://socket.example-market.io/stocks and subscribes to trades.")
    assert [name for name, (kind, _, _) in theirs.items() if kind == "gateway"] == ["socket.example-market.io"]


def test_a_managed_realtime_service_clients_subscribe_to_is_the_gateway() -> None:
    parts = _parts("Drivers run the driver app; both it and the yard console hold a PubNub subscribe open through "
                   "the SDK. The Laravel backend subscribes too and writes to MySQL.")
    assert parts["PubNub"][0] == "gateway"


def test_the_least_busy_process_is_one_of_the_processes() -> None:
    parts = _parts("Rooms run on Colyseus, eight processes behind nginx. A new room goes to the least busy process.")
    assert not any(name.lower().startswith(("least", "most")) for name in parts)


def test_a_camel_case_name_ending_in_a_role_is_a_part() -> None:
    parts = _parts("The server script calls MessagingService:PublishAsync with a topic, and the other servers that "
                   "made SubscribeAsync on this topic receive it. Our code lives on GitHub.")
    assert parts["MessagingService"][0] == "pubsub" and "GitHub" not in parts


def test_vendors_providers_and_feeds_outside_are_external() -> None:
    parts = _parts("Five liquidity providers stream rates over FIX into rate-engine. The ingest-svc receives the "
                   "official event feed as webhooks, and a data vendor pushes odds to it.")
    assert {kind for name, (kind, _, _) in parts.items() if "rate-engine" not in name and "ingest" not in name} \
        == {"external"}


def test_a_database_on_a_managed_host_is_one_part() -> None:
    for text in ("The quiz-api writes final scores to MySQL on RDS.", "The quiz-api stores events in Postgres (Aurora).",
                 "The quiz-api stores events in RDS for PostgreSQL."):
        assert [kind for kind, _, _ in _parts(text).values()].count("datastore") == 1, text


def test_stun_labels_and_stun_served_by_the_turn_server() -> None:
    text = "Calls use WebRTC.\n- STUN: Google's public STUN server\n- TURN: coturn"
    assert [k for k, _, _ in _parts(text).values()].count("stun") == 1
    parts = _parts("coturn as TURN server on UDP 3478; for STUN the browser asks the same coturn.")
    assert "stun" not in {kind for kind, _, _ in parts.values()}


def test_the_f5_key_is_no_load_balancer() -> None:
    assert not _parts("The dashboard does not reconnect; the dispatcher has to press F5.")


def test_the_words_after_a_store_stop_at_the_next_step() -> None:
    parts = _parts("vitals-api -> Postgres (observations), then PUBLISH ward:4N on Redis\n"
                   "ward-stream subscribes to ward:4N and pushes SSE to the nurse station")
    assert parts["Postgres"][0] == "datastore" and parts["Redis"][0] == "pubsub"


def test_a_second_gateway_is_reached_by_the_clients() -> None:
    draft = extract_offline("Both browsers hold a WebSocket to room-signal (FastAPI) through Kong. The whiteboard is a "
                            "Yjs document synced through Hocuspocus, which saves snapshots to Postgres.")
    assert ("browser", "hocuspocus") in {(link.source, link.target) for link in draft.extraction.links}


def test_a_named_page_is_a_client_a_bare_or_old_page_is_not() -> None:
    parts = _parts("The teacher opens the host page on the projector and students join from the student page; both "
                   "pages connect by WebSocket to quiz-live. The old page that polled was dropped.")
    assert {name for name, (kind, _, _) in parts.items() if kind == "client"} == {"Host page", "Student page"}


def test_a_service_that_hands_the_client_something_is_called_by_it() -> None:
    draft = extract_offline("Browsers open a WebSocket to room-signal. lesson-api hands each browser TURN credentials "
                            "valid for two hours.")
    assert ("browser", "lesson-api") in {(link.source, link.target) for link in draft.extraction.links}


def test_a_client_reading_a_store_reads_it_through_the_gateway() -> None:
    draft = extract_offline("The build page opens an EventSource to tail-gw. A viewer that drops reconnects with "
                            "Last-Event-ID and gets everything after that point from ScyllaDB.")
    assert ("tail-gw", "scylladb") in {(link.source, link.target) for link in draft.extraction.links}


def test_token_placements_in_the_next_clause_or_an_auth_message() -> None:
    draft = extract_offline("Clients hold a WebSocket to room-signal through Kong. Notes sync through Hocuspocus. The "
                            "lesson JWT is the first message on the socket; room-signal closes sockets that never send it.")
    assert next(c for c in draft.extraction.components if c.id == "room-signal").token_location == "first_message"
    draft = extract_offline("bot -> Deribit WebSocket API. Once the socket is open the bot sends public/auth with its "
                            "client credentials.")
    assert [c.token_location for c in draft.extraction.components if c.kind == "gateway"] == ["first_message"]


def test_with_nothing_to_carry_messages_between_nodes_fanout_stays_on_the_node() -> None:
    draft = extract_offline("Both pages connect by WebSocket to quiz-live, three tasks behind an ALB. Every task keeps "
                            "the rooms in a dict in memory; Redis or another broker we don't use.")
    assert draft.extras["quiz-live"]["fanout"] == "none"


def test_replaying_what_a_client_missed_is_history() -> None:
    draft = extract_offline("Phones stay connected to the push servers over WebSocket. After a drop, the connection "
                            "state recovery gives the phone the messages it missed.")
    assert "history" in draft.extras.get("push", {}).get("roles", [])


def test_one_product_named_as_a_store_and_as_pub_sub_is_one_part() -> None:
    parts = _parts("rate-engine overwrites the pair's latest price in Hazelcast. A new subscriber gets the current "
                   "price from Hazelcast through quote-edge, the WebSocket tier.")
    assert [name for name in parts if "hazelcast" in name.lower()] == ["Hazelcast"]


def test_a_long_first_line_before_a_blank_line_is_a_title_and_every_gateway_is_reached() -> None:
    draft = extract_offline("Kraken WebSocket API v2, summary for our trading bot (sorry, english is not my first "
                            "language)\n\nPublic data is on wss://ws.kraken.com/v2. Private things are on "
                            "wss://ws-auth.kraken.com/v2, where our bot subscribes.")
    gateways = [c.id for c in draft.extraction.components if c.kind == "gateway"]
    assert gateways == ["ws-kraken-com", "ws-auth-kraken-com"]
    assert {link.target for link in draft.extraction.links} == set(gateways)


def test_handlers_calls_and_a_products_own_api_are_not_parts() -> None:
    parts = _parts("The client API hands the event to the room server by direct function call. Our match handler "
                   "(Go plugin) decides the game state. tos-bridge polls its event API every 5 seconds. The close "
                   "handler removes the socket.")
    assert not any(name.lower().startswith(("direct", "match", "event", "close")) for name in parts)


def test_what_each_node_runs_is_inside_the_part() -> None:
    parts = _parts("A bid is a POST to bid-api, a Flask app on three VMs, each running Gunicorn with eight sync "
                   "workers. Browsers long-poll bid-api.")
    assert sorted(kind for kind, _, _ in parts.values()) == ["client", "gateway"] and parts["bid-api"][2] == 3


def test_rest_calls_beside_the_socket_go_to_the_same_server() -> None:
    draft = extract_offline("The web client keeps a WebSocket to the sync backend and sends its batches as REST calls. "
                            "The backend writes to PostgreSQL.")
    pairs = {(link.source, link.target, link.protocol) for link in draft.extraction.links}
    client, gateway = next((s, t) for s, t, p in pairs if p == "websocket")
    assert (client, gateway, "http") in pairs


def test_plain_designs_in_general_english() -> None:
    parts = _parts("The dashboard polls the status API every 5 seconds; the status API reads from MySQL.")
    assert any(name.lower().startswith("status api") for name in parts)  # not "statu"
    parts = _parts("Players connect over WebSocket to the game servers. A matchmaker assigns each match to one game "
                   "server.")
    assert parts["Game servers"][2] is None  # one of them is no count
    parts = _parts("We run two nginx proxies in front of three Node.js socket servers. The socket servers keep the "
                   "user-to-server map in Redis.")
    assert not any("user-to" in name.lower() for name in parts)
    parts = _parts("Browsers connect to the chat service. The chat service (Elixir/Phoenix, 6 nodes) sits behind "
                   "HAProxy.")
    assert parts["Chat service"] == ("gateway", "phoenix", 6)


def test_devices_that_publish_to_the_broker_do_not_also_reach_the_gateway() -> None:
    draft = extract_offline("IoT devices publish telemetry over MQTT to an EMQX cluster. Operators watch a React "
                            "dashboard that receives alerts over WebSocket from the alerts gateway.")
    device = next(c.id for c in draft.extraction.components if c.kind == "client" and "iot" in c.id)
    assert {link.target for link in draft.extraction.links if link.source == device} == {"emqx"}


def test_the_same_role_words_with_and_without_the_stack_are_one_part() -> None:
    parts = _parts("We run two nginx proxies in front of three Node.js socket servers. The socket servers keep the "
                   "user map in Redis.")
    assert [kind for kind, _, _ in parts.values()].count("gateway") == 1


def test_more_plain_designs_in_general_english() -> None:
    parts = _parts("Video calls: browsers exchange SDP through our signaling server (a small Go service) over "
                   "WebSocket, then send media to a LiveKit SFU.")
    assert parts["Signaling server"][:2] == ("gateway", "go") and not any("small" in name.lower() for name in parts)
    parts = _parts("The WebSocket gateway runs 8 pods on Kubernetes behind an NGINX ingress; a scraper fetches scores "
                   "every 2 seconds and a notifier sends the changes to it.")
    assert parts["WebSocket gateway"] == ("gateway", None, 8)
    assert {"Scraper", "Notifier"} <= set(parts)
    parts = _parts("A Lambda reads the DynamoDB stream and publishes changes to AWS IoT Core, which pushes them over "
                   "MQTT over WebSockets to the mobile apps.")
    assert [name for name, (kind, _, _) in parts.items() if kind == "gateway"] == ["AWS IoT Core"]


def test_a_name_without_its_role_word_and_counts_that_are_anothers() -> None:
    draft = extract_offline("The mobile app subscribes over WebSockets to Apollo Server (Node.js). Apollo uses a Redis "
                            "PubSub to share events between its 4 replicas. Auth tokens are JWTs sent in the "
                            "connection_init payload. New posts are announced on a Redis channel.")
    parts = {c.id: c for c in draft.extraction.components}
    assert draft.extras.get("redis-pubsub", {}).get("replicas") is None  # the 4 replicas are Apollo's
    assert parts["apollo"].token_location == "first_message"
    assert ("apollo", "redis-pubsub") in {(link.source, link.target) for link in draft.extraction.links}


def test_an_endpoint_served_by_a_service_is_that_service() -> None:
    parts = _parts("Browsers open an SSE connection to the feed endpoint, which is served by three instances of "
                   "feed-api (Go) behind an ALB.")
    assert sorted(kind for kind, _, _ in parts.values()) == ["client", "gateway", "load_balancer"]
    assert parts["feed-api"] == ("gateway", "go", 3)


def test_the_gateway_named_only_by_its_role_is_a_part() -> None:
    text = ("Browsers reach the gateway through Cloudflare and an HAProxy pair. The gateway pulls session data "
            "from Memcached and is a Node.js app.")
    draft = extract_offline(text)
    parts = {c.id: (c.kind, c.technology) for c in draft.extraction.components}
    assert parts["gateway"] == ("gateway", "nodejs")
    links = {(l.source, l.target) for l in draft.extraction.links}
    assert {("haproxy", "gateway"), ("gateway", "memcached")} <= links


def test_a_server_described_as_an_app_is_not_a_client() -> None:
    assert "client" not in _kinds("Our gateway is a Node.js app behind an AWS ALB with sticky sessions.")


def test_a_worker_named_by_what_it_does_is_a_part() -> None:
    draft = extract_offline("Chat messages go to NATS. The archiver consumes them from NATS and writes them to "
                            "ScyllaDB, and the indexer updates Elasticsearch.")
    parts = {c.id: c.kind for c in draft.extraction.components}
    assert parts["archiver"] == parts["indexer"] == "service"
    assert {("archiver", "nats"), ("archiver", "scylladb")} <= {(l.source, l.target) for l in draft.extraction.links}


def test_pods_that_only_host_a_part_named_before_are_that_part() -> None:
    for text, tech, count in (
            ("Clients connect over WebSocket to the relay service. It runs on four Go pods.", "go", 4),
            ("Clients connect over WebSocket to the relay service. It runs as four Kubernetes pods.", None, 4),
            ("Clients connect over WebSocket to room-server. room-server is written in Rust, and we run a fleet of "
             "them as Kubernetes pods.", None, "many")):
        parts = _parts(text)
        assert [kind for kind, _, _ in parts.values()].count("gateway") == 1 and len(parts) == 2, parts
        kind, got_tech, replicas = next(v for v in parts.values() if v[0] == "gateway")
        assert replicas == count and (tech is None or got_tech == tech) and got_tech != "kubernetes"


def test_a_role_phrase_that_defines_a_named_part_is_that_part() -> None:
    parts = _parts("quayside is the socket tier: three instances. Clients connect over WebSocket to quayside, "
                   "which reads Redis. Redis, which the team calls the hot layer, is a single node.")
    assert sorted(parts) == ["Clients", "Redis", "quayside"]


def test_a_service_a_client_holds_a_stream_to_is_a_gateway() -> None:
    draft = extract_offline("The ops console holds a WebSocket to ops-live, which runs Phoenix Channels. "
                            "Browsers keep an EventSource open to feed-svc.")
    assert {c.id: c.kind for c in draft.extraction.components}["feed-svc"] == "gateway"
    assert ("feed-svc", "sse") in {(l.target, l.protocol) for l in draft.extraction.links}  # "Phoenix Channels. Browsers":
    # a sentence ends between the framework and the client word, so the browsers are clients, not a "Phoenix app"


def test_devices_that_publish_over_mqtt_are_clients_whatever_they_are_called() -> None:
    for text, name in (("A fleet of quadcopters, each with an LTE modem, publishes position twice a second to "
                        "AWS IoT Core over MQTT.", "Quadcopters"),
                       ("Every turbine controller is publishing its measurements with MQTT to our EMQX cluster.",
                        "Turbine controller")):
        draft = extract_offline(text)
        clients = [c for c in draft.extraction.components if c.kind == "client"]
        assert [c.name for c in clients] == [name]
        assert any(l.source == clients[0].id and l.protocol in ("mqtt", "pubsub") for l in draft.extraction.links)
    assert "Bridge" not in _parts("The bridge publishes every reading to Kafka; devices talk MQTT to it.")


def test_a_hyphenated_name_that_opens_a_sentence_is_a_part_and_its_realtime_framework_with_it() -> None:
    parts = _parts("Kiosks connect over WebSocket.\n- ward-board is ASP.NET Core with SignalR, two instances behind an "
                   "Azure Load Balancer.\n- SignalR keep-alive every 15 seconds.")
    assert parts["ward-board"] == ("gateway", "signalr", 2)
    assert "SignalR" not in parts


def test_a_part_on_a_single_vm_is_one_and_screens_are_clients() -> None:
    parts = _parts("robot-bridge, a Python service on a single VM, publishes to RabbitMQ. Nurse station screens "
                   "connect over WebSocket to ward-board.")
    assert parts["robot-bridge"][2] == 1
    assert [name for name, (kind, _, _) in parts.items() if kind == "client"] == ["Screens"]


def test_a_vendor_server_named_again_without_vendor_is_one_external_part() -> None:
    parts = _parts("Anchors feed the vendor RTLS server (on-prem). proximity-svc opens the RTLS server's WebSocket "
                   "position feed.")
    assert [name for name, (kind, _, _) in parts.items() if kind == "external"] == ["Vendor RTLS server"]
    assert "Vendor" not in parts


def test_of_two_servers_the_one_said_to_stream_to_the_clients_is_the_gateway() -> None:
    draft = extract_offline("The stenographer's software writes realtime text to a TCP socket that caption-ingest "
                            "listens on; caption-ingest POSTs each line to caption-hub.\ncaption-hub is FastAPI. It "
                            "stores lines in PostgreSQL and streams them to viewers as Server-Sent Events. The viewer "
                            "puts its pass in the Authorization header.")
    kinds = {c.id: (c.kind, c.token_location) for c in draft.extraction.components}
    assert kinds["caption-hub"] == ("gateway", "header") and kinds["caption-ingest"][0] == "service"


def test_a_bare_page_that_opens_the_connection_is_the_client() -> None:
    parts = _parts("The page makes a WebSocket connection to pager-ws. A page of results is cached.")
    assert [name for name, (kind, _, _) in parts.items() if kind == "client"] == ["Page"]


def test_a_which_is_clause_and_role_named_hosts_describe_the_part_before() -> None:
    parts = _parts("The mobile apps keep a WebSocket open to the score gateway, which is a Go service running on six "
                   "EC2 instances. Every gateway instance subscribes to Redis.")
    assert parts["Score gateway"] == ("gateway", "go", 6)
    assert sorted(kind for kind, _, _ in parts.values()) == ["client", "gateway", "pubsub"]


def test_terse_bullets_from_the_first_line() -> None:
    parts = _parts("- clients: React SPA + iOS app\n- edge: Cloudflare -> HAProxy (2 nodes, active/passive)\n"
                   "- ws tier: 4x Node.js (socket.io), redis adapter\n- state: Postgres primary + 2 read replicas\n")
    assert "client" in _kinds("- clients: React SPA + iOS app\n- edge: Cloudflare")
    assert parts["Ws tier"] == ("gateway", "socketio", 4) and parts["Postgres"][2] == 3
    assert not any("Node" in name for name in parts)


def test_a_hop_named_inside_an_apposition_and_before_them_is_in_front() -> None:
    parts = _parts("Traders connect to md-gateway, a fleet of Go pods behind HAProxy with leastconn balancing.")
    assert parts["HAProxy"][0] == "load_balancer" and parts["md-gateway"][0] == "gateway"
    parts = _parts("Centrifugo runs on two nodes that use Redis. Before them is Traefik, without sticky sessions.")
    assert parts["Traefik"][0] == "proxy"


def test_a_framework_apposition_a_bold_name_and_a_broker_known_by_its_use() -> None:
    parts = _parts("- beat-gw is Kotlin on Ktor, a pair of instances behind Envoy. Handhelds keep a WebSocket open to "
                   "beat-gw.")
    assert parts["beat-gw"][2] == 2 and "Ktor" not in parts
    parts = _parts("The sensors publish one reading per minute over MQTT to **VerneMQ**, a cluster of three nodes. "
                   "**Telegraf** subscribes to school/# and writes every reading into **InfluxDB**.")
    assert parts["VerneMQ"] == ("pubsub", None, 3) and parts["Telegraf"][0] == "service"


def test_the_sse_thing_settings_and_a_proxy_on_the_users_network() -> None:
    parts = _parts("notify-worker polls that table every 30s and POSTs each row to push-svc. push-svc is the SSE thing: "
                   "node, one container on Azure App Service. The patient app holds an EventSource to it.")
    assert parts["push-svc"][0] == "gateway" and parts["notify-worker"][0] == "service"
    assert not any("App Service" in name for name in parts)
    parts = _parts("Kiosks poll returns-api. Not WebSocket: the resort's filtering proxy on the lift network strips "
                   "Upgrade headers. HAProxy in front, timeout server 65 s.")
    assert sorted(kind for kind, _, _ in parts.values()) == ["client", "load_balancer", "service"]


def test_a_role_named_with_a_gerund_and_defined_as_a_product() -> None:
    parts = _parts("The drivers app is sending the location every 5 second to the tracking server by MQTT. The tracking "
                   "server is a Mosquitto broker, only one. A Python consumer take the messages from Mosquitto.")
    assert parts["Tracking server"] == ("pubsub", "mosquitto", 1)
    assert "client" in _kinds("When the passenger choose the night ferry, the booking page show the plan. The page do "
                              "long polling to cabin-api.")
    assert "We don't use WebSocket" not in _parts("We don't use WebSocket, the company proxy of some agencies block it.")


def test_two_stores_in_one_clause_are_not_linked_to_each_other() -> None:
    draft = extract_offline("Browsers connect through the AWS ALB to the collaboration servers (Elixir/Phoenix, three "
                            "nodes). Snapshots go to S3 every minute and the operation log lives in DynamoDB.")
    pairs = {(l.source, l.target) for l in draft.extraction.links}
    assert ("s3", "dynamodb") not in pairs and ("dynamodb", "s3") not in pairs
    assert {("collaboration", "s3"), ("collaboration", "dynamodb")} <= pairs


def test_pods_with_no_gateway_to_host_make_no_gateway() -> None:
    assert "Gateway" not in _parts("The ops bot calls the Web API over HTTPS. We'd run a pair of pods.")


def test_instances_of_a_part_named_before_are_its_hosts() -> None:
    parts = _parts("The Acme Bridge Proxy gives an HTTP API in front of the Kafka cluster. Any Bridge Proxy instance "
                   "can take it, so several instances behind a load balancer is fine.")  # a product the KB does not know
    assert [name for name, (kind, _, _) in parts.items() if kind == "proxy"] == ["Acme Bridge Proxy"]


def test_a_labelled_line_counts_its_part_and_the_machine_it_runs_on_is_no_part() -> None:
    parts = _parts("- call-relay: Rust/tokio, one process on the court-side server under the umpire's chair.\n"
                   "- Fan app reaches call-relay over WebSocket through Cloudflare.\n"
                   "- call-relay POSTs each call to stats-api, which writes it to Postgres.\n")
    assert parts["call-relay"][2] == 1 and parts["stats-api"][2] is None
    assert not any("server" in name.lower() for name in parts)


def test_the_consumer_inside_a_service_and_a_service_players_reach_over_websocket() -> None:
    draft = extract_offline("The order service publishes status changes to Kafka. A consumer group in the notification "
                            "service reads them and pushes each change to the customer's browser over SSE.")
    assert {c.id: c.kind for c in draft.extraction.components}["notification"] == "gateway"
    assert ("notification", "sse") in {(l.target, l.protocol) for l in draft.extraction.links}
    parts = _parts("Each match runs on one game server. The lobby service, which players reach over WebSocket, reads "
                   "the assignment from etcd.")
    assert parts["Lobby service"][0] == "gateway"


def test_a_named_monolith_is_a_part_and_a_bare_one_is_not() -> None:
    parts = _parts("The Rails monolith writes every notification to Postgres and enqueues a Sidekiq job.")
    assert parts["Rails monolith"] == ("service", "rails", None)
    assert "Monolith" not in _parts("Dendrite is a homeserver. It runs only as a monolith backed by Postgres.")


def test_what_lives_in_a_store_makes_it_a_store() -> None:
    assert _parts("Clients connect over WebSocket to the gateway. The room state lives in Redis.")["Redis"][0] == "datastore"


def test_a_markdown_table_row_is_a_clause_with_its_count() -> None:
    parts = _parts("| Component | Technology | Instances | Notes |\n|---|---|---|---|\n"
                   "| chat-gateway | Node.js + ws | 4 | holds client WebSockets |\n"
                   "| Redis | Redis 7 | 1 | pub/sub between gateways |\n"
                   "| Postgres | PostgreSQL 15 | primary + replica | message history |\n\n"
                   "Clients connect to chat-gateway through an nginx ingress.")
    assert parts["chat-gateway"][2] == 4 and parts["Postgres"] == ("datastore", "postgres", 2)
    assert parts["Redis"] == ("pubsub", "redis", 1)


def test_a_non_native_description_of_a_bus_tracker() -> None:
    draft = extract_offline(
        "Every bus have a GPS box which send the position each 10 seconds with MQTT to our broker, it is HiveMQ with "
        "2 nodes. A small service in Python (we call him \"bus-feeder\") read the positions from HiveMQ and put them in "
        "Redis. The passengers open the web page and the page make a connection SSE to the api-live, written in "
        "Node.js, 3 instances behind HAProxy.")
    parts = {c.name: (c.kind, c.technology, draft.extras.get(c.id, {}).get("replicas", c.replicas))
             for c in draft.extraction.components}
    assert parts["GPS box"][0] == "client" and parts["HiveMQ"] == ("pubsub", "hivemq", 2)
    assert parts["bus-feeder"] == ("service", "python", None) and parts["Redis"][0] == "datastore"
    assert parts["api-live"] == ("gateway", "nodejs", 3)


def test_of_two_candidate_gateways_the_one_a_stream_is_held_open_to_wins() -> None:
    parts = _parts("flight-events, a Spring service, reads that queue and produces to Kafka. The gate screens run a web "
                   "page that keeps a Server-Sent Events stream open to gate-feed, two containers on ECS behind an ALB.")
    assert parts["gate-feed"][0] == "gateway" and parts["flight-events"][0] == "service"


def test_terse_sse_from_a_named_server() -> None:
    parts = _parts("- Ops map: React app, SSE from ops-feed. ops-feed = 2 instances behind Traefik.")
    assert parts["ops-feed"] == ("gateway", None, 2)


def test_terse_mqtt_devices_and_an_option_not_used() -> None:
    parts = _parts("- 24 valve controllers (ESP32 + solenoid), Wi-Fi, MQTT to Mosquitto on the Pi. One broker.\n"
                   "- 12 soil probes publish moisture every 60 s to gh3/soil/<bed>.\n"
                   "- valve-api (FastAPI) publishes manual commands the same way.\n"
                   "- Not used: AWS IoT Core (overkill for 24 valves).\n")
    assert sorted(name for name, (kind, _, _) in parts.items() if kind == "client") == ["Soil probes", "Valve controllers"]
    assert "AWS IoT Core" not in parts and "gateway" not in _kinds("- 24 valve controllers, MQTT to Mosquitto.\n"
                                                                   "- valve-api (FastAPI) publishes commands.\n")


def test_a_bold_acronym_users_sign_in_through_is_the_auth_part() -> None:
    parts = _parts("The board takes Server-Sent Events from **board-stream**. Users sign in through the trust's "
                   "**ADFS**, which leaves a session cookie. The **CAD** (computer-aided dispatch) system posts.")
    assert parts["ADFS"][0] == "auth" and "CAD" not in parts
    assert "client" in _kinds("A fan opens the waiting page, it opens a WebSocket to queue-ws.")


def test_a_product_given_as_the_usual_example_and_a_two_word_name_streamed_to() -> None:
    parts = _parts("Everything meets at an MQTT broker, usually the Mosquitto broker add-on. The browser dashboards "
                   "keep a WebSocket to Home Assistant's WebSocket API.")
    assert [(name, tech) for name, (kind, tech, _) in parts.items() if kind == "pubsub"] == [("MQTT broker", "mosquitto")]
    assert [name for name, (kind, _, _) in parts.items() if kind == "gateway"] == ["Home Assistant"]


def test_the_http_api_of_a_product_is_that_product() -> None:
    parts = _parts("tally-app pushes an event to Pusher Channels by the HTTP API of Pusher. The public page connects "
                   "to Pusher over WebSocket.")
    assert "HTTP API" not in parts
    assert "HTTP API" in _parts("The mobile apps call the HTTP API, which writes to Kafka.")


def test_redis_used_for_geo_sets_or_sorted_sets_is_a_store() -> None:
    assert _parts("geo-indexer consumes the topic; last fix per scooter in Redis (GEO set).")["Redis"][0] == "datastore"


def test_a_clause_after_a_semicolon_keeps_the_doer_before_it() -> None:
    draft = extract_offline("- geo-indexer (Go) consumes it; last fix per scooter in Redis (GEO set), full track to "
                            "TimescaleDB.")
    pairs = {(l.source, l.target) for l in draft.extraction.links}
    assert {("geo-indexer", "redis"), ("geo-indexer", "timescaledb")} <= pairs


def test_a_proxy_in_front_of_plain_services() -> None:
    draft = extract_offline("nginx sits in front and passes requests to lemmy-ui and to the Rust backend.")
    assert ("nginx", "rust") in {(l.source, l.target) for l in draft.extraction.links}
    assert "client" not in _kinds("nginx sits in front and passes requests to lemmy-ui.")  # "UI" inside a name


def test_two_products_of_one_vendor_stay_two_and_a_backend_that_enqueues_is_a_part() -> None:
    parts = _parts("The hub runs on four Azure VMs behind Azure Front Door, and scale-out goes through the Azure "
                   "SignalR Service backplane.")
    assert "Azure Front Door" in parts
    assert "Backend" in _parts("The backend enqueues a message in SQS; a pool of Lambda functions reads the queue.")


def test_a_role_named_again_without_its_modifier_and_a_token_issuer() -> None:
    parts = _parts("y-websocket server pushes updates to the search indexer over HTTP. The indexer can catch up on the "
                   "next edit. Stewards' tablets stream SSE from gate-feed; tokens come from **Zitadel**.")
    assert [name for name in parts if "ndexer" in name] == ["Search indexer"]
    assert parts["Zitadel"][0] == "auth"


def test_named_as_is_no_name_and_what_a_requirement_rules_out_is_no_part() -> None:
    parts = _parts("Every open tab listens on Pusher Channels over WebSocket. PubNub or server-sent events are named as "
                   "equally good carriers. The database is Postgres; it must provide snapshot isolation, which rules "
                   "out DynamoDB.")
    assert "as" not in parts and "DynamoDB" not in parts


def test_a_verbless_sentence_opening_with_the_stack_describes_the_part_before() -> None:
    parts = _parts("mia: how does the lobby TV know?\ntom: booking-api pushes it. ASP.NET Core with a SignalR hub at "
                   "/hubs/classes, 2 instances. the lobby TV and the member app both connect to that hub over WebSocket")
    assert parts["booking-api"][0] == "gateway" and parts["booking-api"][2] == 2
    assert not any("hub" in name.lower() for name in parts)


def test_options_on_the_table_or_not_taken_and_a_brokers_machines() -> None:
    parts = _parts("- VerneMQ = 2-node cluster on the site servers.\n- Kafka was on the table for the audit trail. not "
                   "doing it.\n- All jobs are saved in PostgreSQL. Firebase we did not take, the data stays in Italy.\n")
    assert sorted(parts) == ["PostgreSQL", "VerneMQ"]


def test_a_terse_device_line_links_the_devices_to_the_broker() -> None:
    draft = extract_offline("- ~9,000 scooters, LTE modem each. MQTT 3.1.1 over TLS to EMQX, 3-node cluster.\n"
                            "- Ops map: React app, SSE from ops-feed.\n")
    clients = [c for c in draft.extraction.components if c.kind == "client"]
    assert any(c.name == "Scooters" for c in clients)
    assert ("scooter", "emqx", "mqtt") in {(l.source, l.target, l.protocol) for l in draft.extraction.links}


def test_a_gateway_by_name_alone_that_no_client_reaches_is_a_service() -> None:
    draft = extract_offline("The dispatch system sends an XML message over HTTPS to our alarm-gateway. alarm-gateway is a "
                            "small Go service; it publishes the alarm on NATS. The app holds a WebSocket to status-hub, "
                            "which is subscribed on NATS.")
    kinds = {c.id: c.kind for c in draft.extraction.components}
    assert kinds["alarm-gateway"] == "service" and kinds["status-hub"] == "gateway"
    assert not any(l.target == "alarm-gateway" and l.source == "app" for l in draft.extraction.links)


def test_the_service_that_issues_the_tokens_is_the_auth_part() -> None:
    parts = _parts("The client's first frame is a hello carrying the JWT that account-svc issued at sign-in. Browsers "
                   "reach room-server over WebSocket. nginx sends logins to **oauth2-proxy**.")
    assert parts["account-svc"][0] == "auth" and parts["oauth2-proxy"][0] == "auth"


def test_the_socket_url_in_a_browser_design_is_a_websocket() -> None:
    parts = _parts("Browsers reach the rooms through Envoy. The socket URL carries the room id, and Envoy's ring-hash "
                   "balancing sends every player of a room to the same room-server pod.")
    assert parts["room-server"][0] == "gateway"


def test_tvs_wall_boards_panels_and_tills_are_client_words() -> None:
    for text in ("The lobby TV connects over WebSocket to booking-api.", "Wall boards subscribe over SSE to quay-feed.",
                 "The grower's panel polls valve-api.", "The box-office tills run the seat page."):
        assert "client" in _kinds(text), text


def test_outside_services_called_and_the_company_a_text_is_about() -> None:
    parts = _parts("When the shopper pays, the booking page goes to Adyen; Adyen calls our webhook and cabin-api "
                   "writes the booking to Postgres. notice-svc sends the e-mail through Amazon SES.")
    assert parts["Adyen"][0] == "external" and parts["Amazon SES"][0] == "external"
    assert "Slack" not in _parts("Slack's real-time delivery rests on four services written in Java. Channel Servers "
                                 "keep the messages, and Slack clients connect over WebSocket to gateway servers.")
    assert "Jenkins service" not in _parts("Jenkins keeps an SSH session open to Gerrit; auth is the ssh key of the "
                                           "jenkins service account.")


def test_a_tier_that_is_a_set_of_processes_and_a_store_edges_register_in() -> None:
    parts = _parts("The delivery tier is a set of Go processes (\"edges\") that hold SSE connections from browsers. "
                   "Each edge registers its users in Redis so the router knows where to send.")
    assert parts["Delivery tier"][0] == "gateway" and parts["Delivery tier"][2] == "many"
    assert not any(name.startswith("Go") for name in parts) and parts["Redis"][0] == "registry"


def test_a_react_spa_in_an_apposition_is_a_client_and_presence_kept_in_a_store_is_the_store() -> None:
    parts = _parts("Agents use the Agent Desk, a React SPA. Both open a WebSocket to chat-core. routing-svc picks the "
                   "next free agent using the presence data it keeps in Redis.")
    assert parts["Agent Desk"][0] == "client" and "Presence" not in parts and parts["Redis"][0] == "presence"


def test_a_signalling_server_is_reached_over_its_socket_not_over_webrtc() -> None:
    draft = extract_offline("The patient and the doctor open the consultation page, which connects to our signalling "
                            "server (a small Node.js service using Socket.IO) to exchange SDP offers and ICE candidates. "
                            "Media flows through our TURN servers (coturn, two instances).")
    protocols = {(l.source, l.target): l.protocol for l in draft.extraction.links}
    assert protocols[("consultation", "signalling")] == "websocket" and protocols[("consultation", "turn")] == "webrtc"


def test_a_role_said_to_be_a_service_and_a_range_of_instances() -> None:
    parts = _parts("The widget long-polls our edge API through Fastly. The edge API is a Go service on Cloud Run "
                   "(autoscaling from 2 to 40 instances).")
    assert parts["Edge API"] == ("gateway", "go", "many") and not any(n.startswith("Go") for n in parts)


def test_an_organisations_api_is_an_outside_system_and_a_snapshot_store() -> None:
    parts = _parts("The feed handler pulls odds from the bookmaker's API every second and pushes changes into NATS. "
                   "A reconnecting client gets the current odds snapshot from Redis.")
    assert parts["Bookmaker's API"][0] == "external" and parts["Redis"][0] == "datastore"


def test_a_role_in_brackets_after_a_product_and_a_count_first_in_brackets() -> None:
    parts = _parts("Each board is held by one board-server process. board-server instances (12, Node.js) persist "
                   "updates to DynamoDB. The session cookie is validated by board-server against Redis (session store).")
    assert parts["board-server"][2] == 12 and parts["Redis"][0] == "registry" and "Session store" not in parts


def test_a_named_gateway_described_as_three_go_pods() -> None:
    parts = _parts("Browsers hold a WebSocket to chat-gw, three Go pods behind an NLB; chat-gw publishes to Redis.")
    assert parts["chat-gw"] == ("gateway", "go", 3) and len(parts) == 4


def test_counts_as_members_dynos_a_bold_name_a_labelled_line_and_just_one() -> None:
    ws = "Browsers connect over WebSocket to the hub. "
    assert _replicas(ws + "The hub keeps its state in etcd. Our etcd cluster is three members.", "registry") == 3
    assert _replicas(ws + "The hub buffers in Redis, a primary with one replica.", "pubsub") == 2
    assert _replicas(ws + "Its channel layer sits on one **Redis**.", "pubsub") == 1
    assert _replicas(ws + "Jobs go to the hub, which is one eco dyno.", "gateway") == 1
    text = ("Jobs go through Redis; the horizon worker (just one) hands them to Reverb.\n"
            "Reverb: single process on studio-srv-2, :8080\n"
            "np-bridge (small node script) posts to the api.\n")
    assert _replicas(text, "gateway") == 1  # the process on Reverb's line is Reverb's, not np-bridge's


def test_a_proxy_that_spreads_the_connections_is_the_load_balancer() -> None:
    spread = _kinds("Browsers reach the board servers through the faculty's nginx, which spreads connections over "
                    "both replicas.")
    assert "load_balancer" in spread and "proxy" not in spread
    assert "proxy" in _kinds("Browsers reach the board servers through nginx, which terminates TLS.")


def test_an_appositive_after_a_longer_phrase_and_one_with_a_relative_clause() -> None:
    """"holds a Socket.IO connection to real-time, a Node.js service that does …": the clause before
    the name is not the name, and "a service that does" is a description, not a clause."""
    parts = _parts("The editor page holds a Socket.IO connection to real-time, a Node.js service that does nothing "
                   "but the socket side. real-time keeps the session in Redis.")
    assert "real-time" in parts


def test_a_client_named_at_a_line_start_and_the_device_it_runs_on() -> None:
    parts = _parts("- tank-api: REST plus SSE for live levels\n"
                   "- haulier app (Flutter, on drivers' phones) -> tank-api. JWT in the Authorization header\n")
    assert [name for name, (kind, _, _) in parts.items() if kind == "client"] == ["Haulier app on drivers' phones"]  # one client
    parts = _parts("The SM's laptop runs CueDesk, a little Electron app. It posts to cue-api, which triggers an "
                   "event on Pusher.")
    assert [name for name, (kind, _, _) in parts.items() if kind == "client"] == ["CueDesk on SM's laptop"]


def test_machines_that_open_connections_are_clients() -> None:
    parts = _parts("fleet-hub is a Go service. The AMRs each hold a WebSocket to fleet-hub and push their pose "
                   "every 200 ms.")
    assert parts["AMRs"][0] == "client"
    parts = _parts("cue-api triggers an event on Pusher. The boxes (ESP32 and a lamp, six of them) each keep a "
                   "websocket open to Pusher.")
    assert parts["Boxes"][0] == "client"
    kinds = _kinds("The relay pings every 10 seconds. Browsers connect over WebSocket to the relay servers.")
    assert kinds.count("client") == 1  # a relay is a server here, not a machine in the field


def test_of_two_services_the_one_whose_line_names_sse_is_the_gateway() -> None:
    parts = _parts("- alarm-svc (Python) subscribes to the readings and sends an SMS through Twilio\n"
                   "- tank-api: REST for the planners + SSE /v1/live for live levels\n"
                   "- haulier app (Flutter) -> tank-api\n")
    assert parts["tank-api"][0] == "gateway" and parts["alarm-svc"][0] == "service"


def test_a_broker_that_forwards_to_a_database_is_linked_to_it() -> None:
    draft = extract_offline("Sensors publish over MQTT to EMQX. EMQX also forwards every reading to InfluxDB.")
    assert ("emqx", "influxdb") in {(l.source, l.target) for l in draft.extraction.links}
    draft = extract_offline("Snapshots go to S3 and the log lives in DynamoDB.")
    assert not draft.extraction.links


def test_a_later_clause_of_a_note_is_about_the_server_the_line_opens_with() -> None:
    draft = extract_offline("- broker = EMQX, 2-node cluster\n"
                            "- alarm-svc (Python, 2 instances) subscribes to alarms/#. milk too warm -> alarm row in "
                            "Postgres + SMS to the farmer via Twilio\n")
    links = {(l.source, l.target) for l in draft.extraction.links}
    assert {("alarm-svc", "postgres"), ("alarm-svc", "twilio")} <= links and ("postgres", "twilio") not in links


def test_a_framework_that_acts_is_the_app_built_with_it_not_the_part_it_calls() -> None:
    parts = _parts("The booking site is Django with PostgreSQL; the tablets call the Django API. When a room is "
                   "booked, Django make a POST to the Mercure hub with the room's topic. The screens open an "
                   "EventSource to the hub.")
    assert parts["Mercure hub"][:2] == ("gateway", "mercure")


def test_a_size_word_does_not_name_a_client() -> None:
    kinds = _kinds("Next to each door there is a small tablet which shows if the room is free. The door tablets "
                   "open an EventSource to the hub.")
    assert kinds.count("client") == 1


def test_what_a_design_doc_lists_under_a_rejecting_heading_is_not_built() -> None:
    text = ("## Design\nThe kiosks connect to Centrifugo over WebSocket and send the JWT in the connect command, "
            "the first frame on the socket.\n\n## Not doing\n- Keeping the 5 s polling as a fallback.\n"
            "- Writing our own socket server.\n- Kafka between the services.\n")
    parts = _parts(text)
    assert [kind for kind, _, _ in parts.values() if kind == "gateway"] == ["gateway"]
    assert "kafka" not in {tech for _, tech, _ in parts.values()}
    assert {c.id: c.token_location for c in extract_offline(text).extraction.components}["centrifugo"] == "first_message"


def test_a_store_written_before_a_publish_stays_a_store_and_caches_is_cache() -> None:
    parts = _parts("Browsers hold an SSE stream to berth-api. berth-api updates the berth in PostgreSQL and "
                   "publish the change on Redis, channel berths.")
    assert parts["PostgreSQL"][0] == "datastore" and parts["Redis"][0] == "pubsub"
    from rtdiagram.prose.mentions import singular
    assert (singular("caches"), singular("branches"), singular("boxes")) == ("cache", "branch", "box")


def test_calling_a_function_is_not_naming_a_part() -> None:
    parts = _parts("The order page opens a WebSocket to Daphne. When the Django app saves a change, it calls "
                   "`group_send` on the channel layer.")
    assert "group_send" not in parts
    assert "multiplayer" in _parts("Opening a file opens a WebSocket to a service Figma simply calls *multiplayer*.")


def test_a_client_described_in_brackets_its_js_library_and_another_apps_clients_are_one_client() -> None:
    text = ("The dispatch console (a browser page using the SignalR JavaScript client) talks to one hub in our "
            "ASP.NET Core app over WebSocket. Several apps on one Redis need different prefixes, or one app's "
            "broadcasts leak to the other's clients. The JS client sends the bearer token in the query string. "
            "Connections to Redis come back on their own.")
    parts = _parts(text)
    assert [name for name, (kind, _, _) in parts.items() if kind == "client"] == ["Dispatch console"]
    assert [kind for kind, tech, _ in parts.values() if tech == "redis"] == ["pubsub"]


def test_clients_named_by_a_proper_name_a_count_or_brackets() -> None:
    text = ("- caller's desk: SurCue (our Electron app) on two laptops\n"
            "- SurCue -> cue-hub over a Phoenix channel; broadcasts go node to node via Phoenix.PubSub\n"
            "- consumers: 1,100 seat-back screens, Libretto app on visitors' phones via the house Wi-Fi\n"
            "- phones: SSE through nginx to cue-hub\n")
    clients = sorted(name for name, (kind, _, _) in _parts(text).items() if kind == "client")
    assert clients == ["Libretto app on visitors' phones", "Seat-back screens", "SurCue"]
    assert not [name for name, (kind, _, _) in _parts(text).items() if kind == "service"]  # "broadcasts go node"
    names = _parts("The frontend runs in the Jira page (UI Kit or Custom UI). The backend is one container on "
                   "Azure App Service.")
    assert not {"Custom UI", "Azure App"} & set(names)


def test_the_name_alternation_prefers_the_longest_name() -> None:
    import re

    from rtdiagram.prose.phrases import trie_pattern
    pattern = re.compile(rf"(?:{trie_pattern(['ab', 'abc', 'a', 'b-x', 'abd'])})(?![\w-])")
    assert [m.group() for m in pattern.finditer("abc ab a abd b-x abdx")] == ["abc", "ab", "a", "abd", "b-x"]


def test_a_coined_one_word_name_defined_by_its_stack() -> None:
    parts = _parts("Phones stream SSE from waitboard. waitboard is written in Go and runs as two instances behind "
                   "Traefik.\n- lanebook = Flask, one VM. stores in SQLite\n- broker = EMQX, 2-node cluster\n")
    assert {"waitboard", "lanebook"} <= set(parts) and "broker" not in parts
    assert parts["waitboard"][2] == 2


def test_a_coined_name_in_non_native_phrasing_and_an_mqtt_keep_alive_in_two_words() -> None:
    text = ("tankreader is small Python program on the industrial PC. Every change it publishes to EMQX. "
            "EMQX is running as cluster of two nodes. Keep alive of the clients is 30 seconds.\n"
            "- alarmist, a Go service: when the temperature is wrong, it sends a message to the brewers.\n")
    parts = _parts(text)
    assert parts["tankreader"][:2] == ("service", "python") and parts["alarmist"][:2] == ("service", "go")
    assert "Go service" not in parts
    broker = next(c for c in extract_offline(text).extraction.components if c.kind == "pubsub")
    assert broker.heartbeat_interval_s == 30


def test_a_server_whose_instances_hold_the_streams_is_the_gateway_and_rooms_and_modes_are_not_parts() -> None:
    text = ("The box publishes a record to Mosquitto in the valley-station server room, over MQTT. queue-calc, a "
            "Python service, turns counts into waits and publishes each on a Redis channel.\n\n"
            "waitboard is written in Go and runs as two instances behind Traefik. Both instances subscribe to that "
            "Redis channel and hold Server-Sent Events streams for the Hochegg app and the LED boards, small players "
            "running a browser in kiosk mode. Nobody looks at the queue maze.")
    parts = _parts(text)
    assert parts["waitboard"][0] == "gateway"
    assert not {"Valley-station server", "Kiosk", "Queue"} & set(parts)


def test_a_client_named_in_brackets_is_found_again_later() -> None:
    draft = extract_offline("- desk: SurCue (our Electron app) on two laptops\n- SurCue -> cue-hub over WebSocket\n"
                            "- cue-hub: Elixir/Phoenix, 2 nodes\n")
    assert ("surcue", "cue-hub") in {(l.source, l.target) for l in draft.extraction.links}
    assert next(c for c in draft.extraction.components if c.kind == "client").name == "SurCue"


def test_a_portal_is_a_client_app_service_is_not_and_a_phoenix_channel_is_a_websocket() -> None:
    parts = _parts("case-api (ASP.NET Core, two instances on App Service) sends each step to Azure SignalR Service. "
                   "The Practice Portal holds a connection to Azure SignalR Service.")
    assert [name for name, (kind, _, _) in parts.items() if kind == "client"] == ["Practice Portal"]
    draft = extract_offline("The desk app -> cue-hub over a Phoenix channel. cue-hub is Elixir/Phoenix.")
    assert [l.protocol for l in draft.extraction.links if l.target == "cue-hub"] == ["websocket"]


def test_one_vps_and_a_stack_then_one_vm() -> None:
    text = "- golive-hook is a small Go service on one VPS.\n- lanebook = Flask, one VM. stores in SQLite\n- browsers poll lanebook.\n"
    parts = _parts(text)
    assert parts["golive-hook"][2] == 1 and parts["lanebook"][2] == 1


def test_bold_marks_stay_out_of_names_and_socket_clients_is_not_a_client() -> None:
    text = ("- **live** is an API Gateway WebSocket API.\n- Socket clients: the customer's **status page** on their "
            "phone and the **desk display**.\n")
    names = [name for name, (kind, _, _) in _parts(text).items() if kind == "client"]
    assert "Socket clients" not in names and not any("*" in name for name in names)


def test_an_engine_defined_by_its_stack_and_a_count_and_hop_inside_an_appositive() -> None:
    text = ("Trackers publish to IoT Core. The ETA engine is a Python service on ECS Fargate; it reads Postgres. The map opens a "
            "WebSocket to map-feed, a Node.js service with two instances behind an Application Load Balancer.")
    parts = _parts(text)
    assert parts["ETA engine"][:2] == ("service", "python")
    assert parts["map-feed"][2] == 2 and parts["Application Load Balancer"][:2] == ("load_balancer", "alb")


def test_a_name_ending_in_map_does_not_make_a_store_a_registry() -> None:
    parts = _parts("The app opens a WebSocket to map-feed. Our Postgres on RDS holds the stops; map-feed looks the "
                   "route up in Postgres.")
    assert [kind for kind, tech, _ in parts.values() if tech == "postgres"] == ["datastore"]


def test_a_server_that_streams_to_browsers_a_clause_before_a_name_and_a_not_this_winter_section() -> None:
    text = ("## Dispatch\nDispatchers use plow-desk, a desktop Electron app. It keeps a WebSocket to fleet-live "
            "(Spring Boot, three pods).\n\n## Public map\npublic-feed (Go) consumes the same topic and streams "
            "Server-Sent Events to browsers through Cloudflare. OKX drops a connection with no data for 30 s.\n\n"
            "## Not this winter\nA GTFS-realtime feed for the transit app.\n")
    parts = _parts(text)
    assert parts["public-feed"][0] == "gateway" and parts["plow-desk"][0] == "client"
    assert not [name for name in parts if "ransit" in name or "Dispatchers" in name]


def test_browsers_after_a_couriers_app_and_a_board_running_in_a_browser() -> None:
    parts = _parts("Couriers' app -> courier-api to open a compartment. Ops map: browsers hold a WebSocket to ops-push.")
    assert sorted(name for name, (kind, _, _) in parts.items() if kind == "client") == ["Browsers", "Couriers' app"]
    parts = _parts("Nurses carry Android handsets with the WardWatch app; each station has a wall board running in a "
                   "browser. Both hold a WebSocket to pager-gw.")
    assert "Browser" not in parts


def test_a_chat_timestamp_is_not_a_count() -> None:
    text = ("tomek 09:03  clean-api is still the Ktor service on the two VMs?\nmara  09:03  yes.\n"
            "mara  09:06  dispatch-ws, Go, 3 pods. the handhelds hold a websocket to it\n")
    parts = _parts(text)
    assert parts["clean-api"][2] == 2 and parts["dispatch-ws"][2] == 3


def test_a_plural_set_equal_to_hardware_is_not_a_coined_name() -> None:
    parts = _parts("- boards = Raspberry Pi + kiosk Chromium on the course routers\n- board-feed: Node, 2 instances. each "
                   "LED board holds an SSE stream to board-feed\n")
    assert "boards" not in parts


def test_a_role_something_acts_as_and_instance_fields_are_not_parts() -> None:
    parts = _parts("The browser opens a WebSocket to a Worker, which forwards it to the room's Durable Object. "
                   "Eviction wipes instance fields. Hibernation only covers the object acting as a WebSocket server.")
    assert not {"Eviction wipes instance", "WebSocket server"} & set(parts)


def test_a_bold_name_defined_as_a_process_and_a_bold_word_with_its_stack() -> None:
    text = ("## Flow\n2. **mailhook** (Python, on our VM) checks the mailbox and POSTs the mission to "
            "**callout-server**.\n3. **callout-server** is a single Node.js process using the `ws` library. Every "
            "member's app keeps a WebSocket open to it.\n")
    parts = _parts(text)
    assert parts["mailhook"][:2] == ("service", "python")
    assert parts["callout-server"] == ("gateway", "ws", 1) and "Node.js process" not in parts


def test_a_package_a_part_is_built_on_is_not_a_part() -> None:
    parts = _parts("Our deploy-notifier is a small Go service built on the official api package. It streams events "
                   "from the Nomad agent.")
    assert not [name for name in parts if "api" in name.lower()]


def test_the_one_service_behind_a_balancer_that_clients_stream_to_holds_the_streams() -> None:
    text = ("- feed-svc: Node, 2 instances behind haproxy.\n"
            "- each wall display holds an SSE stream GET /displays/<id> through haproxy\n")
    parts = _parts(text)
    assert parts["feed-svc"] == ("gateway", "nodejs", 2)
    assert ("haproxy", "feed-svc", "sse") in _links(text)


def test_a_machine_named_with_its_place_and_udp_datagrams() -> None:
    parts = _parts("Each LED board on the platform holds an SSE stream to sign-feed. The GPS unit in each bus sends a "
                   "fix every 5 seconds as a UDP datagram to fix-ingest (Rust, two instances).")
    assert parts["LED board"][0] == "client"
    links = _links("The GPS trackers connect over UDP datagrams to fix-ingest, a Rust service.")
    assert any(protocol == "udp" for _, _, protocol in links)


def test_a_part_that_serves_a_path_as_sse_is_the_gateway_beside_a_gateway_by_name() -> None:
    parts = _parts("The sensor gateway POSTs readings to **reading-hub** (Python, one VM). reading-hub keeps the last "
                   "20 readings per room and serves `GET /stream/<room>` as Server-Sent Events to the wall screens.")
    assert parts["reading-hub"][0] == "gateway"


def test_hyphenated_names_ending_in_an_agent_noun() -> None:
    parts = _parts("Only store-apiserver talks to Postgres. The job-scheduler and the page-updater read through "
                   "store-apiserver.")
    assert {"store-apiserver", "job-scheduler", "page-updater"} <= set(parts)


def test_the_app_is_the_client_named_an_app_and_users_log_in_there() -> None:
    text = ("The kiosk TV and the member app both connect over WebSocket to the hub, an ASP.NET Core SignalR hub. "
            "Members sign in through Auth0 in the app.")
    draft = extract_offline(text)
    ids = {c.name: c.id for c in draft.extraction.components}
    assert (ids["Member app"], ids["Auth0"], "http") in _links(text)


def test_a_lower_case_program_name_before_its_stack() -> None:
    parts = _parts("Bookings reach lampd, a FastAPI service on the office box, through a Cloudflare Tunnel. lampd "
                   "publishes on/off commands to Mosquitto.")
    assert parts["lampd"][1] == "fastapi"


def test_devices_stay_apart_from_a_page_they_do_not_open() -> None:
    parts = _parts("The door tablets and the hall screen open an EventSource to room-hub. The tablet calls the "
                   "Django API when a student checks in.")
    assert _kinds("The door tablets and the hall screen open an EventSource to room-hub.").count("client") == 2
    assert "Door tablets" in parts


def test_a_page_of_the_docs_and_a_client_word_in_a_path_are_not_clients() -> None:
    parts = _parts("As the reverse-proxy page of the wiki says, the browser keeps a WebSocket to the monitor. Its "
                   "data lives at /app/data.")
    assert not [name for name in parts if "page" in name.lower() or name == "App"]


def test_trackers_that_connect_are_clients_and_users_are_not_instances() -> None:
    assert _parts("GPS trackers connect over TCP to the tracking server.")["GPS trackers"][0] == "client"
    parts = _parts("The app holds a WebSocket to alarm-hub (also Go, only one instance, for 60 members that is "
                   "enough).")
    assert parts["alarm-hub"][2] == 1


def test_the_credential_goes_to_the_gateway_clients_reach_not_a_gateway_by_name() -> None:
    text = ("The control centre sends an XML message to our alarm-gateway, a small Go service. The app holds a "
            "WebSocket to status-hub (Go). For login every device has a token; the app puts it as Bearer in the "
            "Authorization header of the upgrade.")
    draft = extract_offline(text)
    assert {c.name: c.token_location for c in draft.extraction.components}["status-hub"] == "header"


def test_a_version_number_is_not_a_count_and_a_defined_node_is_the_part() -> None:
    parts = _parts("The MCP server is an OAuth 2.1 resource server. Clients open an SSE stream to the MCP server.")
    assert all(r in (None, 1) for _, (_, _, r) in parts.items())
    parts = _parts("race-hub is a single Phoenix node running on the timing PC. Each tablet sends scores over a "
                   "WebSocket to race-hub. If the 4G router is down, race-hub retries later.")
    assert parts["race-hub"] == ("gateway", "phoenix", 1) and not [n for n in parts if "router" in n.lower()]


def test_a_line_label_names_the_stack_it_describes_but_a_chat_speaker_does_not() -> None:
    parts = _parts("- **lantern**: Go service, two instances on a VPS pair. lantern writes tracks to TimescaleDB.\n"
                   "- **Broker**: HiveMQ Cloud, hosted.\n")
    assert parts["lantern"] == ("service", "go", 2)
    chat = _parts("tom: the hub is a Go service, 2 instances. browsers connect over WebSocket to it\n"
                  "mia: and storage?\ntom: Postgres\n")
    assert "tom" not in {name.lower() for name in chat}


def test_a_quoted_name_given_to_a_device_names_the_client() -> None:
    parts = _parts('The caller has a tablet, the "consola". When she presses CALL, the consola makes a POST to '
                   'call-api (Laravel).')
    assert parts["consola"][0] == "client"


def test_a_system_of_record_by_its_acronym_is_external_but_cad_files_are_not() -> None:
    parts = _parts("Admissions leave the PAS as HL7 v2 over MLLP and reach Rhapsody. The ward screens hold a "
                   "WebSocket to bed-hub.")
    assert parts["PAS"][0] == "external"
    assert "CAD" not in _parts("The lab receives CAD files over SFTP. Browsers hold a WebSocket to case-hub.")


def test_clients_reach_the_auth_part_their_tokens_come_from() -> None:
    text = "The stewards' tablets hold a WebSocket to gate-hub (Go). Tokens come from **Zitadel**."
    draft = extract_offline(text)
    ids = {c.name: c.id for c in draft.extraction.components}
    assert (ids["Stewards' tablets"], ids["Zitadel"], "http") in _links(text)


def test_a_version_after_a_product_is_not_a_count() -> None:
    parts = _parts("scan-intake appends each scan to a Redis stream on a single Redis 7 instance. Browsers hold a "
                   "WebSocket to bay-hub, which reads the stream.")
    assert 7 not in {r for _, (_, _, r) in parts.items()}


def test_a_role_with_its_product_in_brackets_is_one_part() -> None:
    parts = _parts("Staff log in via the internal SSO (Authentik), session cookie. Browsers hold a WebSocket to "
                   "ops-hub.")
    assert [name for name, (kind, _, _) in parts.items() if kind == "auth"] == ["Authentik"]


def test_a_terse_line_labelled_with_an_agent_noun_is_a_part() -> None:
    parts = _parts("Web app -> Convex deployment: one WebSocket.\nCommitter: conflict check, then appends to the "
                   "transaction log.\nSubscription manager: follows the log.\nTrigger: a cron job.\n")
    assert {"Committer", "Subscription manager"} <= set(parts) and "Trigger" not in parts


def test_no_traffic_for_a_while_is_an_idle_timeout_and_authenticating_with_a_cookie() -> None:
    draft = extract_offline("Browsers hold a WebSocket to hub-svc, a Go service. Connections with no traffic for 2 "
                            "minutes are closed. Clients authenticate with a cookie set at login.")
    hub = next(c for c in draft.extraction.components if c.id == "hub-svc")
    assert draft.extras["hub-svc"]["idle_timeout_s"] == 120 and hub.token_location == "cookie"


def test_replicas_of_a_service_and_landing_on_the_same_named_node() -> None:
    assert _parts("We run two replicas of the push service. Browsers hold WebSockets to it.")["Push service"][2] == 2
    draft = extract_offline("Browsers connect through HAProxy to the chat servers; HAProxy balances on source IP, so a "
                            "client always lands on the same chat node.")
    assert draft.extras["haproxy"]["affinity"] == "ip_hash"


def test_workers_that_terminate_the_sockets_are_the_gateway() -> None:
    parts = _parts("Edge workers terminate the sockets and forward messages to the core service over gRPC.")
    assert parts["Edge workers"][0] == "gateway" and parts["Core service"][0] == "service"


def test_a_queue_in_a_named_broker_is_part_of_it() -> None:
    assert set(_parts("The billing worker listens to the payments queue in RabbitMQ.")) == {"Billing worker", "RabbitMQ"}


def test_a_client_speaks_the_stream_to_the_hop_in_front_of_the_gateway() -> None:
    links = _links("Five Node.js socket servers behind an AWS NLB push scores to the browsers over Socket.IO.")
    assert ("browser", "nlb", "websocket") in links and ("browser", "nlb", "http") not in links


def test_reconnecting_with_last_event_id_is_no_history_when_none_is_kept() -> None:
    text = ("Browsers keep an EventSource open to track-svc (Kotlin). If the connection is lost, the browser reconnects "
            "with Last-Event-ID but we don't keep history, so it only gets the next position.")
    assert "history" not in extract_offline(text).extras.get("track-svc", {}).get("roles", [])


def test_sensors_that_publish_do_not_log_in_and_timescaledb_speaks_sql() -> None:
    links = _links("About 3,000 parking sensors publish occupancy over MQTT to an EMQX cluster. A Python bridge subscribes "
                   "and writes changes to TimescaleDB. The city map gets live updates over SSE from map-feed, a Go service "
                   "that also subscribes to the broker. Operators log in through Azure AD.")
    assert not [l for l in links if l[0] == "sensor" and l[1] == "entra-id"]
    assert any(target == "timescaledb" and protocol == "sql" for _, target, protocol in links)


def test_a_client_described_in_brackets_takes_the_name_before_them() -> None:
    parts = _parts("The city map (a React app) gets live updates over SSE from map-feed, a Go service.")
    assert parts["City map"] == ("client", "react", None)


def test_the_http_version_a_hop_speaks() -> None:
    draft = extract_offline("Browsers hold an SSE stream through nginx, which speaks HTTP/1.1 to them, to feed-svc (Go).")
    assert draft.extras["nginx"]["http_version"] == "1.1"


def test_message_size_and_rate_limits_in_plain_words() -> None:
    draft = extract_offline("Browsers hold a WebSocket to chat-gw (Go). Messages are capped at 2 KB; more than 5 msgs/s "
                            "on a socket and chat-gw closes it.")
    extras = draft.extras["chat-gw"]
    assert extras["max_message_bytes"] == 2048 and extras["rate_limit"] == {"messages_per_s": 5.0}


def test_a_bold_machine_word_is_a_client() -> None:
    parts = _parts("- **Trackers**: every basket carries an LTE GPS tracker that publishes its position over MQTT to "
                   "HiveMQ Cloud.\n- **nacelle**: Go service, subscribes to the positions.\n")
    assert parts["Trackers"][0] == "client"


def test_the_load_balancer_is_the_one_named_before() -> None:
    draft = extract_offline("Browsers hold WebSockets through the ALB to hub-svc, a Go service. We set the load "
                            "balancer's idle timeout to 3600 seconds.")
    assert [c.id for c in draft.extraction.components if c.kind == "load_balancer"] == ["alb"]
    assert draft.extras["alb"]["idle_timeout_s"] == 3600


def test_where_the_credential_goes_after_a_clause_that_names_its_issuer() -> None:
    draft = extract_offline("Keycloak issues the tokens; clients send theirs as the first message on the socket to "
                            "the hub.")
    assert {c.id: c.token_location for c in draft.extraction.components}["keycloak"] == "first_message"


def test_a_leading_label_is_the_system_name_but_a_speaker_is_not() -> None:
    from rtdiagram.prose.drafting import draft
    name = lambda text: draft(text, provider="offline").loaded.model.system.name  # noqa: E731
    assert name("Telehealth video visits: the patient app connects to signal-svc over WebSocket.") == \
        "Telehealth video visits"
    assert name("Kofi Mensah: the board connects to hub-svc.\nKofi Mensah: and it pings every 20 s.") != "Kofi Mensah"


def test_signalling_through_a_balancer_is_a_websocket_not_media() -> None:
    links = _links("The patient app and the clinician's browser exchange SDP offers and ICE candidates through "
                   "signal-svc, a Node.js WebSocket server behind an ALB. Media flows peer to peer.")
    assert all(protocol == "websocket" for source, target, protocol in links if target == "alb")
