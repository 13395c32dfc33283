"""How the offline drafter reads brokers, counts, settings and credentials written in ordinary
words (general English, written for this test; the drafting corpus measures the same things on
whole descriptions)."""

from __future__ import annotations

from tests.prose_helpers import drafted_links as _links
from tests.prose_helpers import drafted_model as _model
from tests.prose_helpers import drafted_parts as _parts


def test_a_broker_that_bridges_to_another_is_linked_to_it() -> None:
    links = _links("plc-edge publishes to a local Mosquitto on the same box. Mosquitto bridges site/# over LTE "
                   "to the cooperative's EMQX cluster (three nodes).")
    assert ("mosquitto", "emqx", "mqtt") in links
    assert not any(l[:2] == ("plc-edge", "emqx") for l in links)


def test_browsers_that_speak_mqtt_over_websocket_to_the_broker_need_no_gateway() -> None:
    text = ("Sensors publish readings to EMQX over MQTT. The farm app shows live values: MQTT over WebSocket "
            "straight to EMQX. history-writer (Go) takes farm/# with a shared subscription and writes to TimescaleDB.")
    assert not any(c.kind == "gateway" for c in _parts(text).values())
    assert ("history-writer", "emqx", "mqtt") in _links(text)


def test_a_server_mounted_inside_another_part_is_that_part() -> None:
    found = _parts("Signalling goes through our own PeerServer, mounted with ExpressPeerServer under /peerjs inside "
                   "call-desk, the Express app that keeps accounts. Browsers open a WebSocket to call-desk.")
    assert "peerserver" not in found and "expresspeerserver" not in found and "call-desk" in found


def test_a_topic_links_its_user_to_the_broker_that_carries_it() -> None:
    links = _links("track-feeder writes positions to **Redpanda** (topic `tracks`). Sensors publish to "
                   "`noise/<id>/leq` on EMQX. live-noise subscribes to `noise/+/leq` on EMQX and consumes `tracks`, "
                   "and pushes both to browsers over a WebSocket.")
    assert ("live-noise", "redpanda", "kafka") in links


def test_counts_in_ordinary_words() -> None:
    assert _parts("The gateway keeps an MQTT connection to our **VerneMQ** pair at head office.")["vernemq"].replicas == 2
    assert _parts("Browsers connect to beamview-web. **beamview-collector** (Python, one per beamline, three "
                  "beamlines) reads the IOCs.")["beamview-collector"].replicas == 3
    assert _parts("The dispatch system posts to alarm-gateway. alarm-gateway is a small Go service. We run it "
                  "two times.")["alarm-gateway"].replicas == 2
    assert _parts("Orders flow through order-sync, the small Java service in between. There is exactly one "
                  "instance of it.")["order-sync"].replicas == 1


def test_a_product_said_to_be_a_role_is_not_a_second_part() -> None:
    found = _parts("Phones connect to Reverb. Reverb is the WebSocket server, one process on the same VPS.")
    assert set(found) == {"mobile", "laravel-reverb"} and found["laravel-reverb"].replicas == 1


def test_where_a_part_runs_and_what_runs_inside_it_are_not_parts() -> None:
    assert "heroku-router" not in _parts("Stations POST to cuelight-api, which is one Heroku eco dyno.")
    assert "sync" not in _parts("The bridge POSTs events to event-hub (Python, Flask under gunicorn with 4 sync "
                                "workers, on one VM).")
    assert "second" not in _parts("Every 15 seconds server sends a comment line. The app talks to board-hub by WebSocket.")


def test_a_timeout_setting_belongs_to_the_product_it_configures() -> None:
    found = _model("noVNC opens a WebSocket to wss://lab.example/websockify, nginx gives it to websockify with the "
                   "upgrade headers, proxy_read_timeout is 3600s.")
    assert found["nginx"].idle_timeout_s == 3600


def test_balancing_algorithms_state_the_affinity() -> None:
    assert _model("Browsers reach pigwatch over SockJS through HAProxy, balance source.")["haproxy"].affinity == "ip_hash"
    assert _model("Browsers reach lss-live over SSE through HAProxy: balance leastconn, timeout tunnel 2m."
                  )["haproxy"].affinity == "none"


def test_a_ping_sent_when_the_line_is_quiet_is_a_heartbeat() -> None:
    found = _model("The app connects to Pusher Channels. pusher-js pings after 120 s without traffic.")
    assert found["pusher"].heartbeat.interval_s == 120 and found["pusher"].idle_timeout_s is None


def test_where_a_credential_travels_in_more_words() -> None:
    assert _parts("Browsers open a WebSocket to media-gateway. On the upgrade request media-gateway checks the "
                  "X-Twilio-Signature header.")["media-gateway"].token_location == "header"
    assert _parts("Browsers open a WebSocket to beamview-web: wss://beamview.lab/ws?bt=<id>&pw=<password>, one "
                  "password per beamtime.")["beamview-web"].token_location == "query"


def test_an_api_named_after_another_organisation_is_outside_the_system() -> None:
    found = _parts("The tracker service polls the Météo-France API every ten minutes. The scheduler asks the "
                   "weather service for warnings.")
    assert found["meteo-france"].kind == "external" and found["weather"].kind == "external"


def test_requests_parked_until_an_answer_are_long_polling() -> None:
    found = _parts("results-edge (Go, six instances behind an AWS ALB) answers the apps. The app calls "
                   "GET /draws?wait=60 on results-edge: the request is parked until the draw is confirmed. "
                   "notifier sends a push per user via FCM.")
    assert found["results-edge"].kind == "gateway" and found["notifier"].kind == "service"


def test_api_calls_beside_the_socket_take_the_same_way_in() -> None:
    text = ("NodeBB runs three processes. nginx in front passes Upgrade and Connection, and browsers use socket.io "
            "over websocket. NodeBB only gets API calls and sockets; nginx serves the static files itself.")
    links = _links(text)
    assert ("browser", "nginx", "http") in links and ("nginx", "nodebb", "http") in links


def test_a_subscription_with_no_broker_named_is_to_the_one_broker() -> None:
    text = ("Each kiln has an ESP32 that publishes the temperature over MQTT to Mosquitto on the Pi. On the same Pi "
            "runs curva, a small FastAPI app. It subscribes to forno/#, writes every reading to InfluxDB and sends "
            "it to the open browsers with Server-Sent Events. forno-bot is a Python script, also subscribed.")
    links = _links(text)
    assert ("curva", "mosquitto", "mqtt") in links and ("forno-bot", "mosquitto", "mqtt") in links


def test_a_second_server_no_client_reaches_is_a_back_end_service() -> None:
    text = ("**route-core** (Spring Boot, two instances) holds a shared subscription on `truck/#`, matches trucks to "
            "jobs read from the **ticket database** (MS SQL, read-only view), gets ETAs from **OSRM**'s HTTP API, "
            "keeps progress in **PostgreSQL**, and publishes an update per job on the Redis pub/sub channel "
            "`job:<id>`.\n\n**yard-feed** (Node.js, two instances behind **HAProxy**) serves the tablet page. The "
            "page opens an SSE stream at `/jobs/<id>/stream`; the order token from the SMS link travels as `?t=` in that URL.")
    found = _parts(text)
    assert found["route-core"].kind == "service" and found["yard-feed"].kind == "gateway"
    assert found["yard-feed"].token_location == "query"


def test_parts_listed_after_their_counted_group_are_parts_of_their_own() -> None:
    text = ("Four Spring Boot services read their settings from the config server: catalogue, basket, checkout and "
            "banner, each running as two instances. They all publish to RabbitMQ. banner.properties is for the "
            "banner service only.")
    found = _parts(text)
    assert {"catalogue", "basket", "checkout", "banner"} <= set(found) and "spring-boot" not in found
    assert all(found[name].replicas == 2 and found[name].technology == "spring" for name in ("catalogue", "banner"))
    links = _links(text)
    assert all((name, "rabbitmq", "amqp") in links for name in ("catalogue", "basket", "checkout", "banner"))
    assert ("catalogue", "basket", "internal") not in links  # listed together, not calling each other


def test_it_is_and_this_is_describe_the_part_named_just_before() -> None:
    found = _parts("The screens open a WebSocket to oee-board. This is Python with FastAPI, two copies behind nginx.")
    assert found["oee-board"].technology == "fastapi" and found["oee-board"].replicas == 2
    found = _parts("The screens open a WebSocket to line-feed. It is a Go service, two copies behind nginx.")
    assert found["line-feed"].technology == "go" and found["line-feed"].replicas == 2 and "go" not in found


def test_a_server_that_keeps_the_request_open_until_there_is_news_is_long_polling() -> None:
    found = _parts("Each wind machine has a small controller app on an LTE modem. The app asks the server: it makes "
                   "GET /cmd?machine=7 and the server keeps the request open until there is an order or 60 seconds have "
                   "passed. The server is fan-api, written in Go, two instances behind the provider's load balancer.")
    assert found["fan-api"].kind == "gateway" and found["fan-api"].replicas == 2


def test_a_number_in_a_query_string_or_an_alternative_is_no_count() -> None:
    replicas = _model("Apps ask the watcher. Consul runs as three or five servers per datacenter.")["consul"].replicas
    assert replicas is not None and not isinstance(replicas, int)  # a range: many, not three and not five


def test_an_application_server_that_requests_go_on_to_is_a_part_and_api_calls_are_not() -> None:
    found = _parts("On every node nginx listens on 443. Ordinary API calls go on to uWSGI on port 8050; requests for "
                   "/websocket go to Daphne on 8051, and the F5 pool in front spreads the browsers over the nodes.")
    assert {"uwsgi", "daphne", "f5-bigip"} <= set(found) and not any(f.startswith("ordinary") for f in found)


def test_another_node_is_one_of_the_nodes_not_a_part() -> None:
    found = _parts("Browsers connect over WebSocket to Daphne. To get events from one node onto another node, "
                   "wsbroadcast on every node opens a WebSocket to every other node.")
    assert "daphne" in found and not any(f.startswith("another") for f in found)


def test_a_server_that_sends_over_a_realtime_framework_is_the_gateway() -> None:
    text = ("Each cabin has an ESP32 button; a press is published over MQTT to Mosquitto. Mosquitto runs on the back "
            "office PC, next to callbridge, a little Node.js service. callbridge subscribes to fitting/# and sends "
            "every press over Socket.IO to the staff iPods on the shop floor.")
    found = _parts(text)
    assert found["callbridge"].kind == "gateway" and found["callbridge"].technology == "socketio"
    assert "socketio" not in found and any(f.kind == "client" and "iPods" in f.name for f in found.values())
    assert any(l[1] == "callbridge" and l[2] == "websocket" for l in _links(text))


def test_a_labelled_line_names_its_stack_and_switched_off_transports_are_refused() -> None:
    text = ("- Screens: 11 door screens (Raspberry Pi, Chromium kiosk).\n"
            "- Saalplan: ASP.NET Core with a SignalR hub at /hubs/saal. 2 instances, Windows Server VMs.\n"
            "- Screen transport: WebSockets only. SSE and long polling switched off in the client.\n"
            "- Clerks set the room status; a clerk's change reaches every screen.\n"
            "- Clerk logins: local Saalplan accounts.")
    found = _parts(text)
    assert found["saalplan"].kind == "gateway" and found["saalplan"].replicas == 2
    assert not any(f.startswith(("windows", "clerk", "signalr")) for f in found)
    assert all(l[2] in ("websocket", "http") for l in _links(text) if l[1] == "saalplan")


def test_a_verb_before_a_role_word_is_not_part_of_its_name() -> None:
    found = _parts("Browsers connect to chat-gw over WebSocket. The API key stays server side; HailDesk gets jobs from "
                   "Redis pub/sub. We used to restart services after every change.")
    assert not any(f.startswith(("key", "haildesk-get", "restart")) for f in found)


def test_a_store_that_is_only_possible_is_not_a_part() -> None:
    found = _parts("Browsers hold a WebSocket to gotify. Messages are saved in SQLite; MySQL or Postgres is also "
                   "possible. CockroachDB holds the rest; with PostgreSQL it is working too, but only for development.")
    assert "sqlite" in found and not {"mysql", "postgres"} & set(found)


def test_a_pricing_tier_is_not_a_part() -> None:
    found = _parts("The Pi publishes a small JSON to our HiveMQ Cloud cluster, free tier, topic allsky/meteor. meteorbot "
                   "subscribes to allsky/+/meteor.")
    assert not any(f.startswith("free") for f in found)


def test_the_tail_of_a_number_with_a_thousands_comma_is_no_count() -> None:
    found = _parts("The department inspects about 1,900 bridges a year; tablets sync with sync-api over SSE. sync-api is "
                   "one Node.js process with Express.")
    assert found["sync-api"].replicas == 1


def test_the_processes_a_named_app_is_run_as_are_that_app() -> None:
    found = _parts('The bracket site is our django app "kloppbaum" with channels. I start it as three daphne processes. '
                   "Two screens in the hall show /live; that page opens a websocket.")
    assert found["kloppbaum"].kind == "gateway" and found["kloppbaum"].replicas == 3 and "daphne" not in found


def test_a_quoted_name_said_to_be_an_app_on_the_web_server_stands_behind_it() -> None:
    text = ('"druckschlange" is a PHP app on the library\'s web server (Apache + PHP-FPM). The queue page and the big '
            "screen open /queue/stream, that's server-sent events.")
    found = _parts(text)
    assert found["druckschlange"].kind == "gateway"
    assert ("apache", "druckschlange", "sse") in _links(text)


def test_a_protocol_named_after_a_product_and_its_client_library_are_not_that_product() -> None:
    text = ("Until now the courier was planned by phone. The app publishes an event to Soketi over its HTTP API. Soketi "
            "is our WebSocket server for the Pusher protocol, two instances behind the load balancer. On the screens "
            "pusher-js sends a ping when nothing comes for 30 seconds.")
    found = _parts(text)
    assert "pusher" not in found and found["soketi"].replicas == 2 and "mobile" not in found


def test_a_web_framework_alone_does_not_make_a_back_end_service_a_gateway() -> None:
    text = ('Everything goes through NATS, three servers with the websocket port on, so the tablets connect direct '
            'from the browser, no server of ours in the middle. "ora-esame", a small Go service, publishes the time '
            'left. For the report, "verbale", a Quarkus service, subscribes to ALERTS and saves each alert in '
            "PostgreSQL. rds-feeder writes the title to the RDS encoder over TCP.")
    found = _parts(text)
    assert found["verbale"].kind == "service" and found["ora-esame"].kind == "service"
    assert not any(f.kind == "gateway" for f in found.values())
    assert not {"go", "quarkus", "amazon-rds"} & set(found)


def test_the_one_server_of_ours_stands_behind_the_hop_clients_long_poll() -> None:
    text = ("- pickup-api: Go, one VPS, PostgreSQL on the same box.\n"
            "- Whole festival domain behind Cloudflare.\n"
            "- Truck tablets: long poll GET /orders?truck=7, held up to 25 s.")
    found = _parts(text)
    assert found["pickup-api"].kind == "gateway"
    assert ("cloudflare", "pickup-api", "long_polling") in _links(text)


def test_an_annotation_is_code_not_a_part() -> None:
    found = _parts("lineup-web, our Java webapp on Tomcat, holds the WebSockets. The board endpoint is an Atmosphere "
                   "@ManagedService; the pages use atmosphere.js.")
    assert "managedservice" not in found


def test_static_pages_beside_the_socket_take_the_same_way_in() -> None:
    text = ("The page is noVNC, only static files, and nginx serves them. The browser opens a WebSocket through nginx "
            "to websockify.")
    assert ("browser", "nginx", "http") in _links(text)


def test_requests_that_go_to_a_service_over_rest_come_from_the_clients() -> None:
    text = ("Traders' browsers hold a WebSocket to md-gateway for prices. Orders do not travel over the socket. They "
            "go to order-api over REST.")
    assert any(l[1:] == ("order-api", "http") and l[0] != "md-gateway" for l in _links(text))


def test_code_in_backticks_and_the_channel_layer_are_not_parts() -> None:
    found = _parts("nginx sends /ws/ to Daphne. In Daphne, `ProtocolTypeRouter` passes WebSocket connections to "
                   "`OrderConsumer`. The Django app calls group_send on the channel layer, which is one Redis.")
    assert "protocoltyperouter" not in found and not any(f.startswith("channel") for f in found)


def test_the_vm_a_part_runs_on_is_not_a_part() -> None:
    found = _parts("- lanebook = Flask, one VM. stores in SQLite\n- lanewatch = aiohttp, same VM, its own process. "
                   "Foyer TV keeps a websocket to lanewatch.")
    assert "vm" not in found and found["lanebook"].replicas == 1


def test_we_run_three_tasks_is_a_count() -> None:
    found = _parts("Phones get alerts from the ETA engine. The ETA engine is a Python service on ECS Fargate. We run "
                   "three tasks so that a crash never stops the alerts.")
    assert found["eta-engine"].replicas == 3


def test_a_system_named_for_what_it_does_is_outside_unless_it_is_the_system_described() -> None:
    found = _parts("The dispatch system posts each call to alarm-gateway, which pushes it to the app over WebSocket. "
                   "The newsroom system sends the running order too.")
    assert found["dispatch"].kind == "external" and found["newsroom"].kind == "external"
    found = _parts("Netflix built RENO (Rapid Event Notification System) to push events to devices over WebSocket. "
                   "Trucks come from plant-dispatch, the plant's system, polled over REST.")
    assert found["reno"].kind != "external" and found["plant-dispatch"].kind == "external"


def test_states_and_stores_on_the_device_are_not_parts() -> None:
    found = _parts("chargeq-api keeps the queue in memory only; a restart means an empty queue. Tablets hold a WebSocket "
                   "to chargeq-api and keep a local file cache for when it is unreachable. A real server we did not "
                   "want.")
    assert not any(f.startswith(("empty", "file", "real")) for f in found)


def test_adjectives_and_organisations_named_like_roles_are_not_parts() -> None:
    found = _parts("The broadcaster sends its graphics feed. Browsers hold a WebSocket to job-hub. A typical job takes "
                   "ten minutes; the last job of the day closes the shift. An automatic consumer commits offsets.")
    assert not any(f.startswith(("broadcaster", "typical", "last", "automatic")) for f in found)


def test_a_port_for_an_api_is_part_of_the_server_described() -> None:
    found = _parts("Nakama is one binary written in Go. It listens on a few ports: 7350 for the HTTP API and the realtime "
                   "socket, 7349 for the gRPC API. Game clients connect over WebSocket.")
    assert not any(f.startswith("grpc") for f in found)


def test_hosting_places_and_other_peoples_apis_are_not_parts_of_ours() -> None:
    found = _parts("Editors' browsers hold a WebSocket to notes-hub. Legal did not want unpublished articles on Google "
                   "servers. Fourteen agents sit on two compute nodes. Actions may call third-party APIs (e.g. Stripe).")
    assert not any(f.startswith(("google", "compute")) for f in found)
    assert all(f.kind == "external" for k, f in found.items() if k.startswith(("third-party", "stripe")))


def test_a_message_sent_over_https_is_an_http_link_in_a_websocket_text() -> None:
    links = _links("Their dispatch system sends an XML message over HTTPS to our alarm-gateway. alarm-gateway publishes "
                   "it on NATS. The app holds a WebSocket to status-hub, which subscribes on NATS.")
    assert ("dispatch", "alarm-gateway", "http") in links


def test_a_fan_out_guessed_through_the_broker_is_drawn_to_it() -> None:
    text = ("oee-collector writes every change to a Redis stream. The screens open a WebSocket to oee-board, two "
            "copies behind nginx; each copy reads the streams by itself.")
    found = _model(text)
    board = next(c for c in found.values() if c.kind == "gateway")
    assert board.fanout == "broker"
    assert any(l[0] == board.id and found[l[1]].kind == "pubsub" for l in _links(text))


def test_an_outside_system_no_clause_links_is_called_by_the_server_named_before_it() -> None:
    text = ("alarm-gateway saves the alarm in PostgreSQL and then makes two things at the same moment:\n"
            "1. it sends a high-priority push over FCM and APNs, so that a sleeping phone rings;\n"
            "2. it publishes the alarm on NATS. The app holds a WebSocket to status-hub, subscribed on NATS.")
    links = _links(text)
    assert ("alarm-gateway", "fcm", "http") in links and ("alarm-gateway", "apns", "http") in links


def test_a_client_no_clause_links_comes_in_the_way_the_others_do() -> None:
    text = ("- Guards' phones post each checkpoint scan to patrol-api over HTTPS.\n"
            "- Control room: browser on the wall screen, setInterval GET /board every 60 s.")
    assert any(l[0] != "mobile" and l[1] == "patrol-api" for l in _links(text))


def test_who_is_who_in_the_stream_url_is_a_query_credential() -> None:
    found = _model("The app keeps an SSE stream open through the load balancer to stream-hub, passing its anonymous "
                   "player id as ?pid= on the URL.")
    assert found["stream-hub"].token_location == "query"
