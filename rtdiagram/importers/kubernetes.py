"""Kubernetes manifests: a folder, multi-document YAML, or ``kubectl get -o yaml`` (a List).

Reads, each with its file and line:

- Deployments and StatefulSets: ``replicas``, the HorizontalPodAutoscaler that targets them
  (min/max and metric), ``terminationGracePeriodSeconds`` (default 30 s when absent), preStop
  hooks (as notes), and what they run: images recognised by the knowledge base (Redis, NATS,
  Centrifugo, …), Socket.IO told by its env or labels. Env vars naming another workload's host
  become guessed links.
- Services: selectors (how an ingress reaches pods), ``sessionAffinity: ClientIP``, and
  ``type: LoadBalancer`` as an entry point.
- Ingress: the controller (ingress-nginx by class or annotations), ingress-nginx annotations
  ``affinity``, ``upstream-hash-by``, ``proxy-read-timeout``/``proxy-send-timeout``,
  ``proxy-buffering``, TLS, and the knowledge base's documented defaults when they are absent.
- Gateway API: Gateways (class, TLS listeners) and HTTPRoutes (backends, ``timeouts``,
  ``sessionPersistence``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rtdiagram.importers.classify import classify, env_links, protocol_for
from rtdiagram.importers.facts import Edge, ImportResult, Part, Source, seconds, slug, whole
from rtdiagram.importers.sources import Doc, read_text, yaml_documents
from rtdiagram.knowledge.defaults import K8S_GRACE_PERIOD
from rtdiagram.knowledge.technologies import lookup

NGINX = "nginx.ingress.kubernetes.io/"
WORKLOADS = frozenset({"Deployment", "StatefulSet", "DaemonSet"})
GATEWAY_API = "gateway.networking.k8s.io/"


def is_manifest(doc: Doc) -> bool:
    data = doc.data
    return isinstance(data, dict) and isinstance(data.get("apiVersion"), str) and isinstance(data.get("kind"), str)


def manifests(docs: list[Doc]) -> list[Doc]:
    """Every object, with the items of ``kind: List`` unpacked."""
    found = []
    for doc in docs:
        if is_manifest(doc) and doc.data["kind"].endswith("List") and isinstance(doc.data.get("items"), list):
            found += [doc.sub("items", i) for i, item in enumerate(doc.data["items"]) if isinstance(item, dict)]
        elif is_manifest(doc):
            found.append(doc)
    return found


def _name(doc: Doc) -> str:
    meta = doc.data.get("metadata") or {}
    return str(meta.get("name") or doc.data["kind"].lower()) if isinstance(meta, dict) else doc.data["kind"].lower()


def _get(data: Any, *path: Any) -> Any:
    for key in path:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data


def _src(doc: Doc, *path: Any, detail: str = "") -> Source:
    return Source(doc.file, doc.line(*path), detail)


class _Reader:
    def __init__(self, objects: list[Doc]) -> None:
        self.objects = objects
        self.result = ImportResult()
        self.pods: dict[str, dict] = {}          # workload id → pod labels
        self.services: dict[str, list[str]] = {}  # service name → workload ids
        self.env: dict[str, list] = {}

    def of(self, *kinds: str) -> list[Doc]:
        return [d for d in self.objects if d.data["kind"] in kinds]

    def run(self) -> ImportResult:
        for doc in self.of(*WORKLOADS):
            self.workload(doc)
        for doc in self.of("HorizontalPodAutoscaler"):
            self.autoscaler(doc)
        for doc in self.of("Service"):
            self.service(doc)
        for doc in self.of("Ingress"):
            self.ingress(doc)
        for doc in self.of("Gateway"):
            if doc.data["apiVersion"].startswith(GATEWAY_API):
                self.gateway(doc)
        for doc in self.of("HTTPRoute"):
            self.route(doc)
        for owner, env in self.env.items():
            for edge in env_links(owner, env, self.result.parts):
                self.result.link(edge)
        return self.result

    # -- workloads ------------------------------------------------------------------------

    def workload(self, doc: Doc) -> None:
        name, kind = _name(doc), doc.data["kind"]
        part = Part(slug(name), "service", _src(doc, "metadata", "name", detail=kind), label=name)
        pod = ("spec", "template", "spec")
        containers = _get(doc.data, *pod, "containers") or []
        labels = _get(doc.data, "spec", "template", "metadata", "labels") or {}
        hints = [f"{k}={v}" for k, v in {**(_get(doc.data, "metadata", "labels") or {}), **labels}.items()]
        env: list = []
        for c, container in enumerate(containers if isinstance(containers, list) else []):
            for e, var in enumerate(container.get("env") or [] if isinstance(container, dict) else []):
                if isinstance(var, dict) and "name" in var:
                    env.append((var["name"], var.get("value"), _src(doc, *pod, "containers", c, "env", e, detail=f"env {var['name']}")))
                    hints.append(f"{var['name']}={var.get('value', '')}")
            hook = _get(container, "lifecycle", "preStop")
            if hook:
                command = _get(hook, "exec", "command")
                shown = (" ".join(map(str, command)) if isinstance(command, list)
                         else f"sleep {_get(hook, 'sleep', 'seconds')}" if _get(hook, "sleep")
                         else f"httpGet {_get(hook, 'httpGet', 'path') or '/'}" if _get(hook, "httpGet") else "set")
                part.notes.append(f"preStop hook: {shown} ({_src(doc, *pod, 'containers', c, 'lifecycle', 'preStop')}); "
                                  "it delays SIGTERM but does not drain connections by itself")
        images = [c.get("image", "") for c in containers if isinstance(c, dict)]
        classify(part, images[0] if images else "", hints, _src(doc, *pod, "containers", 0, "image"))
        for extra in images[1:]:
            part.notes.append(f"sidecar image {extra}")
        replicas = _get(doc.data, "spec", "replicas")
        if isinstance(replicas, int) and replicas >= 1 and kind != "DaemonSet":
            part.set("replicas", replicas, _src(doc, "spec", "replicas", detail="spec.replicas"))
        elif kind != "DaemonSet":
            part.default("replicas", 1, _src(doc, "spec"), "Kubernetes spec.replicas defaults to 1")
        grace = _get(doc.data, *pod, "terminationGracePeriodSeconds")
        if isinstance(grace, (int, float)) and not isinstance(grace, bool):
            part.set("termination_grace_period_s", whole(grace),
                     _src(doc, *pod, "terminationGracePeriodSeconds", detail="terminationGracePeriodSeconds"))
        else:
            part.default("termination_grace_period_s", K8S_GRACE_PERIOD.value, _src(doc, *pod),
                         "Kubernetes terminationGracePeriodSeconds")
        self.pods[part.id] = labels if isinstance(labels, dict) else {}
        self.env[part.id] = env
        self.result.add(part)

    def autoscaler(self, doc: Doc) -> None:
        target = slug(str(_get(doc.data, "spec", "scaleTargetRef", "name") or ""))
        part = self.result.parts.get(target)
        if part is None:
            self.result.warnings.append(f"{_src(doc)}: HorizontalPodAutoscaler targets {target!r}, not in the input")
            return
        low = _get(doc.data, "spec", "minReplicas") or 1
        high = _get(doc.data, "spec", "maxReplicas")
        metrics = _get(doc.data, "spec", "metrics") or []
        metric = None
        for entry in metrics if isinstance(metrics, list) else []:
            name = str(_get(entry, "resource", "name") or _get(entry, "pods", "metric", "name")
                       or _get(entry, "external", "metric", "name") or "")
            metric = name if name in ("cpu", "memory") else "connections" if "connection" in name else "custom"
            break
        if _get(doc.data, "spec", "targetCPUUtilizationPercentage"):
            metric = "cpu"
        source = _src(doc, "spec", "maxReplicas", detail=f"HorizontalPodAutoscaler {_name(doc)}")
        if part.kind == "gateway":
            scale = {k: v for k, v in {"min": low, "max": high, "metric": metric}.items() if v is not None}
            part.set("autoscaling", scale, source)
        part.set("replicas", {k: v for k, v in {"min": low, "max": high}.items() if v}, source,
                 "the autoscaler's range")

    # -- services and entry points ---------------------------------------------------------

    def service(self, doc: Doc) -> None:
        name = _name(doc)
        selector = _get(doc.data, "spec", "selector") or {}
        targets = [wid for wid, labels in self.pods.items()
                   if isinstance(selector, dict) and selector and all(labels.get(k) == v for k, v in selector.items())]
        self.services[name] = targets
        affinity = _get(doc.data, "spec", "sessionAffinity")
        public = _get(doc.data, "spec", "type") == "LoadBalancer"
        if affinity != "ClientIP" and not public:
            return
        part = Part(slug(f"{name}-svc"), "load_balancer", _src(doc, "metadata", "name", detail="Service"),
                    label=f"Service {name}", technology="k8s_service", entry=public)
        if affinity == "ClientIP":
            part.set("affinity", "ip_hash", _src(doc, "spec", "sessionAffinity", detail="sessionAffinity: ClientIP"))
            timeout = _get(doc.data, "spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds")
            if timeout:
                part.notes.append(f"ClientIP affinity lasts {timeout} s")
        self.result.add(part)
        for target in targets:
            self.result.link(Edge(part.id, target, protocol_for(self.result.parts[target]),
                                  _src(doc, "spec", "selector", detail="selector"), guessed=True, why="Service selector"))
        self.services[name] = [part.id]

    def fresh(self, name: str, suffix: str) -> str:
        """An id for an entry point that does not take a workload's (``chat`` → ``chat-ingress``)."""
        base = slug(name)
        return base if base not in self.result.parts else slug(f"{name}-{suffix}")

    def backends(self, service: str, source: Source) -> list[str]:
        """The parts a Service name leads to (its workloads, or the Service itself)."""
        if self.services.get(service):
            return self.services[service]
        placeholder = Part(slug(service), "service", source, label=service)
        placeholder.notes.append(f"Service {service!r} is named at {source} but its workloads are not in the input")
        return [self.result.add(placeholder).id]

    def ingress(self, doc: Doc) -> None:
        name = _name(doc)
        annotations = _get(doc.data, "metadata", "annotations") or {}
        cls = _get(doc.data, "spec", "ingressClassName") or annotations.get("kubernetes.io/ingress.class")
        nginx = cls == "nginx" or any(str(k).startswith(NGINX) for k in annotations)
        technology = "ingress_nginx" if nginx else (lookup(str(cls)).id if cls and lookup(str(cls)) else None)
        part = Part(self.fresh(name, "ingress"), "ingress", _src(doc, "metadata", "name", detail="Ingress"),
                    label=f"Ingress {name}", technology=technology, entry=True)
        if cls and not nginx and technology is None:
            part.notes.append(f"ingress class {cls!r} is not in the knowledge base")
        if nginx:
            self.nginx_annotations(doc, part, annotations)
        if _get(doc.data, "spec", "tls"):
            part.set("tls", True, _src(doc, "spec", "tls", detail="spec.tls"))
        self.result.add(part)
        rules = _get(doc.data, "spec", "rules") or []
        found = []
        for r, rule in enumerate(rules if isinstance(rules, list) else []):
            for p, path in enumerate(_get(rule, "http", "paths") or []):
                svc = _get(path, "backend", "service", "name") or _get(path, "backend", "serviceName")
                if svc:
                    found.append((str(svc), _src(doc, "spec", "rules", r, "http", "paths", p, "backend", detail=f"path {path.get('path', '/')}")))
        default = _get(doc.data, "spec", "defaultBackend", "service", "name")
        if default:
            found.append((str(default), _src(doc, "spec", "defaultBackend", detail="defaultBackend")))
        for svc, source in found:
            for target in self.backends(svc, source):
                self.result.link(Edge(part.id, target, protocol_for(self.result.parts[target]), source))

    def nginx_annotations(self, doc: Doc, part: Part, annotations: dict) -> None:
        def at(key: str) -> Source:
            return _src(doc, "metadata", "annotations", NGINX + key, detail=NGINX + key)

        read, send = (seconds(annotations.get(NGINX + k)) for k in ("proxy-read-timeout", "proxy-send-timeout"))
        if read is not None and (send is None or read <= send):
            part.set("idle_timeout_s", whole(read), at("proxy-read-timeout"))
        elif send is not None:
            part.set("idle_timeout_s", whole(send), at("proxy-send-timeout"), "lower than proxy-read-timeout")
        if read is not None:
            part.set("request_timeout_s", whole(read), at("proxy-read-timeout"))
        affinity = annotations.get(NGINX + "affinity")
        if affinity == "cookie":
            part.set("affinity", "cookie", at("affinity"))
        elif annotations.get(NGINX + "upstream-hash-by"):
            key = annotations[NGINX + "upstream-hash-by"]
            part.set("affinity", "ip_hash" if "remote_addr" in str(key) else "consistent_hash",
                     at("upstream-hash-by"), f"hash by {key}")
        buffering = str(annotations.get(NGINX + "proxy-buffering", "")).lower()
        if buffering in ("on", "off"):
            part.set("buffering", buffering == "on", at("proxy-buffering"))
        entry = lookup("ingress_nginx")
        for attr, raw in (entry.defaults if entry else {}).items():
            if attr in ("idle_timeout_s", "request_timeout_s", "buffering", "websocket_upgrade") and isinstance(raw, dict):
                part.default(attr, raw.get("value"), _src(doc, "metadata"),
                             f"ingress-nginx {raw.get('setting')} ({raw.get('source')})")

    def gateway(self, doc: Doc) -> None:
        name = _name(doc)
        cls = str(_get(doc.data, "spec", "gatewayClassName") or "")
        part = Part(self.fresh(name, "gateway"), "proxy", _src(doc, "metadata", "name", detail="Gateway API Gateway"),
                    label=f"Gateway {name}", entry=True)
        if cls:  # a class names an implementation's configuration, not its defaults: no technology
            part.notes.append(f"gatewayClassName {cls!r} ({_src(doc, 'spec', 'gatewayClassName')}); set technology by hand")
        listeners = _get(doc.data, "spec", "listeners") or []
        for i, listener in enumerate(listeners if isinstance(listeners, list) else []):
            if _get(listener, "protocol") in ("HTTPS", "TLS"):
                part.set("tls", True, _src(doc, "spec", "listeners", i, "protocol", detail="listener protocol"))
        self.result.add(part)

    def route(self, doc: Doc) -> None:
        parents = [str(_get(ref, "name")) for ref in _get(doc.data, "spec", "parentRefs") or [] if _get(ref, "name")]
        owners = []
        for parent in parents:
            owner = self.result.parts.get(slug(parent)) or self.result.parts.get(slug(f"{parent}-gateway"))
            if owner is None or owner.kind != "proxy":
                owner = self.result.add(Part(self.fresh(parent, "gateway"), "proxy", _src(doc, "spec", "parentRefs", detail="parentRef"),
                                             label=f"Gateway {parent}", entry=True))
            owners.append(owner)
        for r, rule in enumerate(_get(doc.data, "spec", "rules") or []):
            timeout = seconds(_get(rule, "timeouts", "request"))
            persistence = _get(rule, "sessionPersistence", "type")
            for owner in owners:
                if timeout:
                    owner.set("request_timeout_s", whole(timeout),
                              _src(doc, "spec", "rules", r, "timeouts", "request", detail=f"HTTPRoute {_name(doc)} timeouts.request"))
                if persistence:
                    owner.set("affinity", "cookie" if persistence == "Cookie" else "header",
                              _src(doc, "spec", "rules", r, "sessionPersistence", detail="sessionPersistence"))
            for b, ref in enumerate(_get(rule, "backendRefs") or []):
                if not _get(ref, "name"):
                    continue
                source = _src(doc, "spec", "rules", r, "backendRefs", b, detail=f"HTTPRoute {_name(doc)} backendRef")
                for target in self.backends(str(ref["name"]), source):
                    for owner in owners:
                        self.result.link(Edge(owner.id, target, protocol_for(self.result.parts[target]), source))


def read_docs(docs: list[Doc]) -> ImportResult:
    return _Reader(manifests(docs)).run()


def read(paths: list[Path]) -> ImportResult:
    docs: list[Doc] = []
    files = []
    for path in paths:
        shown, text = read_text(path)
        docs += yaml_documents(text, shown)
        files.append(shown)
    result = read_docs(docs)
    result.files += files
    return result
