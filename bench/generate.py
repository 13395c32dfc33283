"""Deterministic synthetic models of N components (standard library only).

The topology follows the project's tiers: clients → load balancers → gateways → messaging
(pub/sub, registry, presence) → services → datastores, with about 1.5 N links.
"""

from __future__ import annotations

import random
import sys

SHARES = [("client", 0.15), ("load_balancer", 0.05), ("gateway", 0.25), ("pubsub", 0.03),
          ("registry", 0.02), ("service", 0.32), ("datastore", 0.18)]


def generate(n: int) -> str:
    rng = random.Random(n)
    counts = {kind: max(1, round(n * share)) for kind, share in SHARES}
    counts["service"] += n - sum(counts.values())
    ids: dict[str, list[str]] = {}
    lines = [
        "# yaml-language-server: $schema=../schemas/rtdiagram.schema.json",
        "version: 1",
        "system:",
        f"  name: Synthetic system of {n} components",
        "  expected: {peak_users: 100000, publish_rate_per_s: 500, avg_recipients: 20}",
        "  features: [rooms, broadcast]",
        "components:",
    ]
    extra = {
        "client": "platform: browser, reconnect: {strategy: exponential, base_ms: 1000, max_ms: 5000, jitter: 0.5}",
        "load_balancer": "technology: alb, affinity: cookie, idle_timeout_s: 300",
        "gateway": "technology: socketio, replicas: 3, transports: [websocket, long_polling], "
                   "heartbeat: {mechanism: library, interval_s: 25, timeout_s: 20}",
        "pubsub": "technology: redis_streams, ha: sentinel",
        "registry": "store: redis, ttl_s: 75, cleanup: ttl_and_disconnect",
        "service": "technology: FastAPI, replicas: 2",
        "datastore": "technology: PostgreSQL",
    }
    for kind, count in counts.items():
        ids[kind] = [f"{kind.replace('_', '-')}-{i}" for i in range(count)]
        for cid in ids[kind]:
            lines.append(f"  - {{id: {cid}, kind: {kind}, label: \"{cid.title()}\", {extra[kind]}}}")
    links: list[str] = []
    protocol = {"client": "websocket", "load_balancer": "websocket", "gateway": "pubsub",
                "pubsub": "pubsub", "registry": "redis", "service": "sql"}
    chain = ["client", "load_balancer", "gateway", "pubsub", "service", "datastore"]
    for source, target in zip(chain, chain[1:]):
        for cid in ids[source]:
            links.append(f"  - {{from: {cid}, to: {rng.choice(ids[target])}, protocol: {protocol[source]}}}")
    for cid in ids["gateway"]:
        links.append(f"  - {{from: {cid}, to: {rng.choice(ids['registry'])}, protocol: redis}}")
    # Extra calls go forward through the tiers (services call services and datastores), as in
    # real designs and in the peers' benchmark workload; back edges across tier clusters make
    # Graphviz's ranking pathological at this size.
    forward = [("gateway", "service"), ("service", "service"), ("service", "datastore")]
    while len(links) < round(1.5 * n):
        source_kind, target_kind = forward[rng.randrange(len(forward))]
        a, b = rng.choice(ids[source_kind]), rng.choice(ids[target_kind])
        if a != b:
            links.append(f"  - {{from: {a}, to: {b}, protocol: grpc, label: call}}")
    return "\n".join(lines + ["links:"] + links) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
