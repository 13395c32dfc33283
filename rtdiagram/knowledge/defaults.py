"""Platform defaults lint assumes when a model is silent — one table, easy to update.

Numbers are vendor defaults at the time of writing (see the sources in docs/rules.md); every
finding that relies on one says so ("assumed nginx default proxy_read_timeout 60 s").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Default:
    value: Any
    setting: str   # the vendor's own name for it, quoted in findings
    product: str


def _d(product: str, **settings: tuple[Any, str]) -> dict[str, Default]:
    return {attr: Default(value, name, product) for attr, (value, name) in settings.items()}


# Hop technology → attribute → default.
HOPS: dict[str, dict[str, Default]] = {
    "nginx": _d("nginx", idle_timeout_s=(60, "proxy_read_timeout"),
                request_timeout_s=(60, "proxy_read_timeout"), buffering=(True, "proxy_buffering"),
                websocket_upgrade=(False, "Upgrade/Connection forwarding")),
    "ingress_nginx": _d("ingress-nginx", idle_timeout_s=(60, "proxy-read-timeout"),
                        request_timeout_s=(60, "proxy-read-timeout"), buffering=(True, "proxy-buffering"),
                        websocket_upgrade=(True, "WebSocket support")),
    "alb": _d("AWS ALB", idle_timeout_s=(60, "idle timeout"),
              deregistration_delay_s=(300, "deregistration_delay"), websocket_upgrade=(True, "WebSocket support")),
    "clb": _d("AWS CLB", idle_timeout_s=(60, "idle timeout")),
    "nlb": _d("AWS NLB", idle_timeout_s=(350, "TCP idle timeout"), websocket_upgrade=(True, "TCP pass-through")),
    "heroku_router": _d("Heroku router", idle_timeout_s=(55, "rolling idle window"),
                        request_timeout_s=(30, "time to first byte")),
    "cloudflare": _d("Cloudflare", idle_timeout_s=(100, "WebSocket idle close (observed, unpublished)"),
                     request_timeout_s=(100, "Proxy Read Timeout"), websocket_upgrade=(True, "WebSockets"),
                     buffering=(False, "Response Buffering")),
    "gcp_https_lb": _d("GCP external HTTP(S) LB", max_duration_s=(30, "backend service timeoutSec"),
                       request_timeout_s=(30, "backend service timeoutSec"), websocket_upgrade=(True, "WebSocket support")),
    "envoy": _d("Envoy", idle_timeout_s=(300, "stream_idle_timeout"), max_duration_s=(15, "route timeout"),
                request_timeout_s=(15, "route timeout"), websocket_upgrade=(False, "upgrade_configs")),
    "haproxy": _d("HAProxy", idle_timeout_s=(50, "timeout server/client"),
                  request_timeout_s=(50, "timeout server"), websocket_upgrade=(True, "WebSocket support")),
    "apache": _d("Apache", websocket_upgrade=(False, "mod_proxy_wstunnel")),
    "traefik": _d("Traefik", websocket_upgrade=(True, "WebSocket support")),
}

# Managed WebSocket services: lint judges the service, not servers we do not run.
MANAGED_GATEWAYS = frozenset({"apigw_websocket", "ably", "pusher", "azure_signalr"})

# Gateway technology → attribute → default.
GATEWAYS: dict[str, dict[str, Default]] = {
    "socketio": _d("Socket.IO", heartbeat_mechanism=("library", "ping/pong"),
                   heartbeat_interval_s=(25, "pingInterval"), heartbeat_timeout_s=(20, "pingTimeout"),
                   max_message_bytes=(1_000_000, "maxHttpBufferSize"), in_memory_session=(True, "session per process")),
    "engineio": _d("Engine.IO", heartbeat_mechanism=("library", "ping/pong"),
                   heartbeat_interval_s=(25, "pingInterval"), heartbeat_timeout_s=(20, "pingTimeout"),
                   in_memory_session=(True, "session per process")),
    "sockjs": _d("SockJS", heartbeat_mechanism=("library", "heartbeat frames"),
                 heartbeat_interval_s=(25, "heartbeat_delay"), in_memory_session=(True, "session per process")),
    "signalr": _d("ASP.NET Core SignalR", heartbeat_mechanism=("library", "keep-alive"),
                  heartbeat_interval_s=(15, "KeepAliveInterval"), heartbeat_timeout_s=(30, "ClientTimeoutInterval"),
                  max_message_bytes=(32_768, "MaximumReceiveMessageSize"), in_memory_session=(True, "connection per process")),
    "ws": _d("ws (Node.js)", heartbeat_mechanism=("none", "no built-in ping"),
             max_message_bytes=(104_857_600, "maxPayload")),
    "centrifugo": _d("Centrifugo", heartbeat_mechanism=("library", "ping/pong"),
                     heartbeat_interval_s=(25, "ping interval")),
    "phoenix": _d("Phoenix Channels", heartbeat_mechanism=("library", "heartbeat"),
                  heartbeat_interval_s=(30, "heartbeatIntervalMs")),
    "apigw_websocket": _d("API Gateway WebSocket", max_message_bytes=(131_072, "message size quota"),
                          idle_timeout_s=(600, "idle connection timeout"),
                          max_duration_s=(7200, "maximum connection duration"),
                          new_conn_rate_per_s=(500, "new connections per second quota")),
}

LINUX_FD_LIMIT = Default(1024, "ulimit -n", "Linux")
K8S_GRACE_PERIOD = Default(30, "terminationGracePeriodSeconds", "Kubernetes")
REDIS_OUTPUT_BUFFER_HARD_MB = Default(32, "client-output-buffer-limit pubsub", "Redis")


def hop_default(technology: str | None, attr: str) -> Default | None:
    return HOPS.get(technology or "", {}).get(attr)


def gateway_default(technology: str | None, attr: str) -> Default | None:
    return GATEWAYS.get(technology or "", {}).get(attr)


def describe(default: Default, unit: str = "") -> str:
    """"assumed nginx default proxy_read_timeout 60 s" — for findings that relied on it."""
    value = default.value
    if isinstance(value, bool):
        return f"assumed {default.product} default: {default.setting} {'on' if value else 'off'}"
    if isinstance(value, (int, float)):
        return f"assumed {default.product} default {default.setting} {value:,g}{unit}"
    return f"assumed {default.product} default: {default.setting}"
