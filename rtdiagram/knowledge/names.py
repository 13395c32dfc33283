"""Display names: how a transport or a technology id is written for people.

Shared by the diagrams and the prose prompts, so both name things the same way.
"""

from __future__ import annotations

from typing import Any

TRANSPORT_NAMES = {
    "websocket": "WebSocket", "sse": "SSE", "long_polling": "long polling", "webrtc": "WebRTC",
    "http2_push": "HTTP/2 push", "webtransport": "WebTransport",
}
# Display names for the technology values that are enums in the model.
TECH_NAMES = {
    "alb": "AWS ALB", "nlb": "AWS NLB", "clb": "AWS CLB", "gcp_https_lb": "GCP HTTPS LB",
    "azure_appgw": "Azure App Gateway", "azure_lb": "Azure LB", "nginx": "nginx",
    "ingress_nginx": "ingress-nginx", "envoy": "Envoy", "haproxy": "HAProxy",
    "traefik": "Traefik", "apache": "Apache", "heroku_router": "Heroku router",
    "cloudflare": "Cloudflare", "cloudfront": "CloudFront", "fastly": "Fastly",
    "cdn_other": "CDN", "api_gateway": "API gateway", "kong": "Kong",
    "k8s_service": "Kubernetes Service", "socketio": "Socket.IO", "engineio": "Engine.IO",
    "ws": "ws (Node.js)", "uwebsockets": "uWebSockets", "signalr": "SignalR",
    "sockjs": "SockJS", "centrifugo": "Centrifugo", "phoenix": "Phoenix Channels",
    "apigw_websocket": "API Gateway WebSocket", "ably": "Ably", "pusher": "Pusher",
    "azure_signalr": "Azure SignalR Service", "mercure": "Mercure",
    "actioncable": "Action Cable", "express": "Express", "fastapi": "FastAPI",
    "nodejs": "Node.js", "go": "Go", "spring": "Spring", "in_memory": "in-memory",
    "redis_pubsub": "Redis Pub/Sub", "redis_sharded_pubsub": "Redis sharded Pub/Sub",
    "redis_streams": "Redis Streams", "kafka": "Kafka", "nats": "NATS",
    "nats_jetstream": "NATS JetStream", "postgres": "PostgreSQL",
    "mongo": "MongoDB", "rabbitmq": "RabbitMQ", "google_pubsub": "Google Pub/Sub",
    "sns": "AWS SNS", "managed": "managed", "redis": "Redis", "dynamodb": "DynamoDB",
    "sql": "SQL database", "memory": "in-memory", "cpp": "C++", "csharp": "C#",
}
# A technology named by the feature a kind uses: PostgreSQL as a bus is its LISTEN/NOTIFY, but
# a PostgreSQL datastore is just PostgreSQL.
KIND_TECH_NAMES = {("pubsub", "postgres"): "PostgreSQL LISTEN/NOTIFY"}


def technology_name(technology: str, kind: str | None = None) -> str | None:
    """How a technology id is written for people, for a component of this kind."""
    return KIND_TECH_NAMES.get((kind, technology)) or TECH_NAMES.get(technology)


def technology_label(component: Any) -> str | None:
    """The technology line shown under a component's name, or None."""
    technology = component.technology
    if not technology and component.kind in ("registry", "presence"):
        technology = component.store
    if not technology or technology in ("other", "custom", "none"):
        return None
    shown = technology_name(technology, component.kind) or _kb_name(technology) or technology
    return None if shown.lower() == component.display_name.lower() else shown


def _kb_name(technology: str) -> str | None:
    """A knowledge-base id ("f5_bigip", "oracle_db") written as its product's name."""
    from rtdiagram.knowledge.technologies import lookup  # the table loads on first use, not at import

    entry = lookup(technology) if technology.replace("_", "").isalnum() and technology.islower() else None
    return entry.name if entry is not None and entry.id == technology else None
