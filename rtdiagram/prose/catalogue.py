"""The offline extractor's vocabulary: the products it recognises and the words that name kinds.

Most specific first: the first entry that claims a span of text wins it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

I = re.IGNORECASE  # noqa: E741


@dataclass(frozen=True)
class Entry:
    pattern: str
    kind: str
    id: str
    name: str | None = None          # None: the matched text
    technology: str | None = None    # None: no technology; "$0": the matched text
    fallback: bool = False           # a generic word: used only when nothing of its kind was found
    flags: int = I


# Most specific first: the first entry that claims a span of text wins it.
CATALOGUE: tuple[Entry, ...] = (
    # gateways and managed real-time services
    Entry(r"(?:AWS )?API Gateway WebSocket(?: API)?", "gateway", "apigw", "API Gateway WebSocket", "API Gateway WebSocket"),
    Entry(r"Socket\.?io(?: server)?(?: cluster| servers?| nodes?)?", "gateway", "socketio", None, "Socket.IO"),
    Entry(r"(?:Azure )?SignalR(?: Service| hub| server)?", "gateway", "signalr", None, "SignalR"),
    Entry(r"Centrifugo(?: cluster| server)?", "gateway", "centrifugo", None, "Centrifugo"),
    Entry(r"Phoenix (?:Channels|server)", "gateway", "phoenix", None, "Phoenix"),
    Entry(r"\bAbly\b", "gateway", "ably", "Ably", "Ably"),
    Entry(r"\bPusher\b", "gateway", "pusher", "Pusher", "Pusher"),
    Entry(r"\bMercure(?: hub)?", "gateway", "mercure", None, "Mercure"),
    Entry(r"\bws\b (?:library|server)", "gateway", "ws-server", None, "ws"),
    Entry(r"(?:Node\.js )?Express (?:server|backend|app)", "gateway", "express", None, "Express"),
    Entry(r"FastAPI(?: backend| server| service| app)?", "gateway", "fastapi", None, "FastAPI"),
    Entry(r"WebSocket (?:server|gateway)s?", "gateway", "ws-gateway", None, None),
    # edge
    Entry(r"ingress-nginx|nginx ingress(?: controller)?", "ingress", "ingress", None, "ingress-nginx"),
    Entry(r"(?:AWS )?(?:NLB|Network Load Balancer)", "load_balancer", "nlb", None, "AWS NLB"),
    Entry(r"(?:AWS )?(?:ALB|Application Load Balancer)", "load_balancer", "alb", None, "AWS ALB"),
    Entry(r"\bnginx\b", "proxy", "nginx", "nginx", "nginx"),
    Entry(r"\bEnvoy\b", "proxy", "envoy", "Envoy", "Envoy"),
    Entry(r"\bHAProxy\b", "load_balancer", "haproxy", "HAProxy", "HAProxy"),
    Entry(r"\bTraefik\b", "proxy", "traefik", "Traefik", "Traefik"),
    Entry(r"\bCloudflare\b", "cdn", "cloudflare", "Cloudflare", "Cloudflare"),
    Entry(r"\bCloudFront\b", "cdn", "cloudfront", "CloudFront", "CloudFront"),
    Entry(r"\bFastly\b", "cdn", "fastly", "Fastly", "Fastly"),
    Entry(r"(?:AWS )?API Gateway(?: layer)?", "proxy", "api-gateway", "API gateway", "API Gateway"),
    Entry(r"\bKong\b", "proxy", "kong", "Kong", "Kong"),
    Entry(r"\bload balancer\b", "load_balancer", "lb", "Load balancer", None, fallback=True),
    # pub/sub
    Entry(r"Redis Pub/?Sub", "pubsub", "pubsub", "Redis Pub/Sub", "Redis Pub/Sub"),
    Entry(r"Redis Streams?", "pubsub", "streams", "Redis Streams", "Redis Streams"),
    Entry(r"\bKafka\b", "pubsub", "kafka", "Kafka", "Kafka"),
    Entry(r"NATS(?: JetStream)?", "pubsub", "nats", None, "$0"),
    Entry(r"\bRabbitMQ\b", "pubsub", "rabbitmq", "RabbitMQ", "RabbitMQ"),
    Entry(r"\bpub/?sub (?:layer|bus|broker)", "pubsub", "pubsub", "Pub/sub", None, fallback=True),
    # auth
    Entry(r"Lambda authorizer", "auth", "authorizer", "Lambda authorizer", "AWS Lambda"),
    Entry(r"\b(?:Auth0|Cognito|Clerk|Keycloak)\b", "auth", "auth", None, "$0"),
    Entry(r"\bJWTs?\b", "auth", "auth", "JWT auth", "JWT"),
    Entry(r"Bearer token(?: authentication)?", "auth", "auth", "Bearer token auth", "Bearer token"),
    Entry(r"\bOAuth(?: ?2)?\b", "auth", "auth", "OAuth", "OAuth"),
    # serverless and services
    Entry(r"\$disconnect Lambda", "service", "disconnect-fn", "$disconnect Lambda", "AWS Lambda"),
    Entry(r"\$connect Lambda|a Lambda (?:stores|writes|saves)", "service", "connect-fn", "$connect Lambda", "AWS Lambda"),
    Entry(r"game[- ]state Lambda", "service", "game-fn", "Game state Lambda", "AWS Lambda"),
    Entry(r"(?:dedicated )?Lambda functions", "service", "action-fns", "Action Lambdas", "AWS Lambda"),
    Entry(r"(?:metrics )?collector(?: service)?", "service", "collector", "Metrics collector", None),
    Entry(r"cleanup job", "service", "cleanup", "Cleanup job", None),
    Entry(r"\b(?:[a-z]+ )?(?:worker|microservice)s?\b", "service", "worker", None, None, fallback=True),
    # stores
    Entry(r"PostgreSQL|Postgres\b", "datastore", "postgres", "PostgreSQL", "PostgreSQL"),
    Entry(r"\bMySQL\b", "datastore", "mysql", "MySQL", "MySQL"),
    Entry(r"\bMongoDB\b", "datastore", "mongodb", "MongoDB", "MongoDB"),
    Entry(r"\bCassandra\b", "datastore", "cassandra", "Cassandra", "Cassandra"),
    Entry(r"DynamoDB(?: [a-z-]+)* table|DynamoDB\b", "datastore", "dynamodb", None, "DynamoDB"),
    Entry(r"\bS3\b", "datastore", "s3", "S3", "S3"),
    # queues
    Entry(r"\bSQS\b", "queue", "sqs", "SQS", "SQS"),
    Entry(r"\bBullMQ\b", "queue", "bullmq", "BullMQ", "BullMQ"),
    # external APIs and monitoring
    Entry(r"OpenAI(?: Responses| Chat Completions| Realtime)?(?: API)?", "external", "openai", None, "OpenAI API"),
    Entry(r"Anthropic(?: API)?", "external", "anthropic", None, "Anthropic API"),
    Entry(r"Datadog(?: APIs?)?", "external", "datadog", "Datadog API", "Datadog"),
    Entry(r"Prometheus(?: APIs?)?", "external", "prometheus", "Prometheus API", "Prometheus"),
    Entry(r"\b(?:Stripe|Twilio|Slack)(?: API)?", "external", "$slug", None, None),
    Entry(r"CloudWatch", "monitoring", "cloudwatch", "CloudWatch", "CloudWatch"),
    Entry(r"\bGrafana\b", "monitoring", "grafana", "Grafana", "Grafana"),
    # WebRTC relays
    Entry(r"\bcoturn\b|\bTURN (?:server|relay)s?", "turn", "turn", "TURN relay", None),
    Entry(r"\bSTUN (?:server)?s?", "stun", "stun", "STUN server", None),
    # presence
    Entry(r"\bpresence\b(?: (?:service|tracking|store))?", "presence", "presence", "Presence", None),
    # clients
    Entry(r"\b(?:React|Next\.js|Vue|Angular|Svelte)(?: (?:frontend|front-end|app|client|UI|dashboard))?", "client", "web", None, "$framework"),
    Entry(r"\b(?:iOS|Android|mobile) (?:apps?|clients?|devices?)|\b(?:smart)?phones\b|\bphone apps?\b", "client", "mobile", None, None),
    Entry(r"\bplayers?\b", "client", "player", "Player", None, fallback=True),
    Entry(r"\bbrowsers?\b", "client", "browser", "Browser", None, fallback=True),
)

# "Name, a load balancer" — the appositive people (and `rtdiagram prompt`) use to introduce parts.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("real-time gateway", "gateway"), ("websocket gateway", "gateway"), ("gateway", "gateway"),
    ("connection registry", "registry"), ("registry", "registry"),
    ("load balancer", "load_balancer"), ("reverse proxy", "proxy"), ("proxy", "proxy"),
    ("cdn", "cdn"), ("ingress", "ingress"), ("pub/sub broker", "pubsub"), ("pub/sub", "pubsub"),
    ("message broker", "pubsub"), ("presence store", "presence"), ("presence", "presence"),
    ("auth component", "auth"), ("authentication", "auth"), ("authorizer", "auth"),
    ("datastore", "datastore"), ("database", "datastore"), ("queue", "queue"),
    ("monitoring", "monitoring"), ("external service", "external"), ("external api", "external"),
    ("turn relay", "turn"), ("stun server", "stun"),
    ("browser client", "client"), ("mobile client", "client"), ("server client", "client"),
    ("desktop client", "client"), ("client", "client"), ("service", "service"),
)
