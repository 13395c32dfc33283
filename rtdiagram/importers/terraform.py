"""Terraform plan JSON (``terraform show -json plan.out``): provenance is the resource address.

Reads ``planned_values`` (values) and ``configuration`` (references between resources, since
ARNs are unknown at plan time):

- ``aws_lb``/``aws_alb``: ALB or NLB, public or internal, ``idle_timeout`` (the ALB default
  from the knowledge base when absent);
- ``aws_lb_target_group``: ``stickiness`` (lb_cookie/app_cookie → cookie, source_ip → ip_hash),
  ``deregistration_delay``, ``slow_start``, joined to load balancers through listeners and
  listener rules, and to ECS services and auto scaling groups that register in them;
- ``aws_ecs_service`` (+ task definition images and env, recognised through the knowledge
  base), ``aws_appautoscaling_target``, ``aws_autoscaling_group``: replicas and autoscaling;
- ``aws_apigatewayv2_api`` with ``protocol_type = WEBSOCKET``: a managed gateway, its routes
  (as notes), Lambda integrations, and REQUEST authorizers with where their token travels;
- ``aws_elasticache_replication_group``: Redis/Valkey, node count, failover, cluster mode.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rtdiagram.importers.classify import classify, protocol_for
from rtdiagram.importers.facts import Edge, ImportResult, Part, Source, seconds, slug, whole
from rtdiagram.importers.sources import json_document, problem, read_text
from rtdiagram.knowledge.technologies import lookup


def _resources(module: dict) -> list[dict]:
    found = [r for r in module.get("resources") or [] if isinstance(r, dict) and r.get("mode", "managed") == "managed"]
    for child in module.get("child_modules") or []:
        found += _resources(child)
    return found


def _refs(value: Any) -> list[str]:
    """Resource addresses an expression references (``aws_lb.main.arn`` → ``aws_lb.main``)."""
    found: list[str] = []
    if isinstance(value, dict):
        for ref in value.get("references") or []:
            parts = str(ref).split(".")
            if len(parts) >= 2:
                found.append(".".join(parts[:2]))
        for key, inner in value.items():
            if key != "references":
                found += _refs(inner)
    elif isinstance(value, list):
        for inner in value:
            found += _refs(inner)
    return list(dict.fromkeys(found))


class _Plan:
    def __init__(self, data: dict, file: str) -> None:
        self.file = file
        self.values = {r["address"]: r for r in _resources((data.get("planned_values") or {}).get("root_module") or {})
                       if "address" in r}
        config = _resources((data.get("configuration") or {}).get("root_module") or {})
        self.expr = {r["address"]: r.get("expressions") or {} for r in config if "address" in r}
        self.result = ImportResult(files=[file])
        self.ids: dict[str, str] = {}      # resource address → part id

    def src(self, address: str, attr: str = "") -> Source:
        return Source(self.file, None, f"{address}.{attr}" if attr else address)

    def of(self, *types: str) -> list[tuple[str, dict]]:
        return [(a, r.get("values") or {}) for a, r in self.values.items() if r.get("type") in types]

    def refs(self, address: str, key: str) -> list[str]:
        return _refs(self.expr.get(address, {}).get(key))

    def part(self, address: str, kind: str, name: str, **kw: Any) -> Part:
        part = self.result.add(Part(slug(name), kind, self.src(address), label=name, **kw))
        self.ids[address] = part.id
        return part

    def run(self) -> ImportResult:
        self.load_balancers()
        self.backends()
        self.target_groups()
        self.websocket_apis()
        self.caches()
        return self.result

    def load_balancers(self) -> None:
        for address, v in self.of("aws_lb", "aws_alb"):
            network = v.get("load_balancer_type") == "network"
            part = self.part(address, "load_balancer", v.get("name") or address.split(".")[-1],
                             technology="nlb" if network else "alb", entry=not v.get("internal", False))
            if not network:
                if v.get("idle_timeout") is not None:
                    part.set("idle_timeout_s", whole(seconds(v["idle_timeout"])), self.src(address, "idle_timeout"))
                self.defaults(part, "alb", address, ("idle_timeout_s",))

    def defaults(self, part: Part, technology: str, address: str, attrs: tuple[str, ...]) -> None:
        entry = lookup(technology)
        for attr in attrs:
            raw = (entry.defaults if entry else {}).get(attr)
            if isinstance(raw, dict):
                part.default(attr, raw.get("value"), self.src(address), f"{entry.name} {raw.get('setting')} ({raw.get('source')})")

    def backends(self) -> None:
        tasks = {a: v for a, v in self.of("aws_ecs_task_definition")}
        for address, v in self.of("aws_ecs_service"):
            part = self.part(address, "service", v.get("name") or address.split(".")[-1])
            for task in self.refs(address, "task_definition"):
                self.classify_task(part, task, tasks.get(task) or {})
            if v.get("desired_count"):
                part.set("replicas", v["desired_count"], self.src(address, "desired_count"))
        for address, v in self.of("aws_appautoscaling_target"):
            owners = [self.ids[r] for r in self.refs(address, "resource_id") if r in self.ids]
            for owner in owners:
                self.scale(self.result.parts[owner], v.get("min_capacity"), v.get("max_capacity"), address)
        for address, v in self.of("aws_autoscaling_group"):
            part = self.part(address, "service", v.get("name") or address.split(".")[-1])
            part.notes.append("EC2 instances of an auto scaling group")
            if v.get("desired_capacity"):
                part.set("replicas", v["desired_capacity"], self.src(address, "desired_capacity"))
            self.scale(part, v.get("min_size"), v.get("max_size"), address)

    def classify_task(self, part: Part, address: str, values: dict) -> None:
        try:
            containers = json.loads(values.get("container_definitions") or "[]")
        except (TypeError, ValueError):
            containers = []
        containers = [c for c in containers if isinstance(c, dict)] if isinstance(containers, list) else []
        hints = [f"{e.get('name')}={e.get('value')}" for c in containers for e in c.get("environment") or [] if isinstance(e, dict)]
        image = str(containers[0].get("image") or "") if containers else ""
        classify(part, image, hints, self.src(address, "container_definitions"))

    def scale(self, part: Part, low: Any, high: Any, address: str) -> None:
        low = low if isinstance(low, int) and low >= 1 else 1
        if not isinstance(high, int) or high < 1:
            return
        if part.kind == "gateway":
            part.set("autoscaling", {"min": low, "max": max(high, low)}, self.src(address, "max_capacity"))
        part.set("replicas", {"min": low, "max": max(high, low)}, self.src(address), "the autoscaling range")

    def target_groups(self) -> None:
        lbs: dict[str, set[str]] = {}   # target group → load balancers
        for address, _ in self.of("aws_lb_listener"):
            for tg in [r for r in self.refs(address, "default_action") if r.startswith("aws_lb_target_group.")]:
                lbs.setdefault(tg, set()).update(r for r in self.refs(address, "load_balancer_arn"))
        for address, _ in self.of("aws_lb_listener_rule"):
            listeners = self.refs(address, "listener_arn")
            owners = {lb for listener in listeners for lb in self.refs(listener, "load_balancer_arn")}
            for tg in [r for r in self.refs(address, "action") if r.startswith("aws_lb_target_group.")]:
                lbs.setdefault(tg, set()).update(owners)
        all_lbs = [a for a, _ in self.of("aws_lb", "aws_alb")]
        members: dict[str, list[str]] = {}
        for address, _ in self.of("aws_ecs_service"):
            for tg in self.refs(address, "load_balancer"):
                members.setdefault(tg, []).append(self.ids[address])
        for address, _ in self.of("aws_autoscaling_group"):
            for tg in self.refs(address, "target_group_arns"):
                members.setdefault(tg, []).append(self.ids[address])
        for address, v in self.of("aws_lb_target_group"):
            owners = sorted(lbs.get(address) or (all_lbs if len(all_lbs) == 1 else []))
            targets = members.get(address) or [self.part(address, "service", v.get("name") or address.split(".")[-1]).id]
            for owner in [self.ids[o] for o in owners if o in self.ids]:
                lb = self.result.parts[owner]
                self.target_group(lb, address, v)
                for target in targets:
                    self.result.link(Edge(lb.id, target, protocol_for(self.result.parts[target]), self.src(address)))

    def target_group(self, lb: Part, address: str, v: dict) -> None:
        sticky = (v.get("stickiness") or [{}])[0] if isinstance(v.get("stickiness"), list) else v.get("stickiness") or {}
        if isinstance(sticky, dict) and sticky.get("enabled"):
            lb.set("affinity", "ip_hash" if sticky.get("type") == "source_ip" else "cookie",
                   self.src(address, "stickiness"), f"type {sticky.get('type')}")
        elif isinstance(sticky, dict) and sticky.get("enabled") is False:
            lb.set("affinity", "none", self.src(address, "stickiness"), "stickiness disabled")
        delay = seconds(v.get("deregistration_delay"))
        if delay is not None:
            lb.set("deregistration_delay_s", whole(delay), self.src(address, "deregistration_delay"))
        slow = seconds(v.get("slow_start"))
        if slow:
            lb.set("slow_start_s", whole(slow), self.src(address, "slow_start"))
        if lb.technology == "alb":
            self.defaults(lb, "alb", address, ("deregistration_delay_s",))

    def websocket_apis(self) -> None:
        apis = {a for a, v in self.of("aws_apigatewayv2_api") if v.get("protocol_type") == "WEBSOCKET"}
        for address in sorted(apis):
            v = self.values[address].get("values") or {}
            part = self.part(address, "gateway", v.get("name") or address.split(".")[-1],
                             technology="apigw_websocket", entry=True)
            part.set("fanout", "managed", self.src(address, "protocol_type"), "API Gateway posts to each connection")
            if v.get("route_selection_expression"):
                part.notes.append(f"route_selection_expression {v['route_selection_expression']} ({self.src(address)})")
        for address, v in self.of("aws_apigatewayv2_authorizer"):
            api = next((self.ids[r] for r in self.refs(address, "api_id") if r in apis), None)
            if api is None:
                continue
            auth = self.part(address, "auth", v.get("name") or address.split(".")[-1])
            auth.set("method", "authorizer", self.src(address, "authorizer_type"), f"{v.get('authorizer_type')} authorizer")
            for identity in v.get("identity_sources") or []:
                where = ("query" if ".querystring." in identity else "header" if ".header." in identity
                         else "cookie" if "cookie" in identity.lower() else None)
                if where:
                    auth.set("token_location", where, self.src(address, "identity_sources"), identity)
                    break
            self.result.link(Edge(api, auth.id, "internal", self.src(address, "api_id")))
        integrations = {}
        for address, v in self.of("aws_apigatewayv2_integration"):
            for fn in [r for r in self.refs(address, "integration_uri") if r.startswith("aws_lambda_function.")]:
                name = (self.values.get(fn, {}).get("values") or {}).get("function_name") or fn.split(".")[-1]
                integrations[address] = self.part(fn, "service", name, technology="aws_lambda").id
        for address, v in self.of("aws_apigatewayv2_route"):
            api = next((self.ids[r] for r in self.refs(address, "api_id") if r in apis), None)
            if api is None:
                continue
            auth = v.get("authorization_type") or "NONE"
            self.result.parts[api].notes.append(f"route {v.get('route_key')} (authorization {auth}) ({self.src(address)})")
            for integration in self.refs(address, "target"):
                if integration in integrations:
                    self.result.link(Edge(api, integrations[integration], "http", self.src(address, "target"),
                                          label=str(v.get("route_key"))))

    def caches(self) -> None:
        for address, v in self.of("aws_elasticache_replication_group"):
            part = self.part(address, "pubsub", v.get("replication_group_id") or address.split(".")[-1],
                             technology="redis")
            part.notes.append(f"ElastiCache {v.get('engine') or 'redis'} {v.get('engine_version') or ''}".strip())
            groups = v.get("num_node_groups") or 1
            nodes = v.get("num_cache_clusters") or groups * (1 + (v.get("replicas_per_node_group") or 0))
            if isinstance(nodes, int) and nodes >= 1:
                part.set("replicas", nodes, self.src(address, "num_cache_clusters"))
            if v.get("cluster_mode") == "enabled" or (isinstance(groups, int) and groups > 1):
                part.set("cluster_mode", "cluster", self.src(address, "num_node_groups"))
            if v.get("automatic_failover_enabled") is not None:
                part.set("ha", "managed" if v["automatic_failover_enabled"] else "none",
                         self.src(address, "automatic_failover_enabled"))
            part.notes.append("nothing in the plan says which services use it: add links by hand")


def read(paths: list[Path]) -> ImportResult:
    result = ImportResult()
    for path in paths:
        shown, text = read_text(path)
        data = json_document(text, shown).data
        if not isinstance(data, dict) or "planned_values" not in data:
            raise problem(shown, "not a Terraform plan: no 'planned_values' (use terraform show -json PLAN)", code="I030")
        result.extend(_Plan(data, shown).run())
    return result
