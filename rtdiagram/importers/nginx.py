"""nginx configuration, parsed by crossplane (NGINX Inc's parser; includes are not followed).

One file is one ``proxy`` component (its id is the file's stem, so ``nginx.conf`` is ``nginx``),
an entry point. Reads, each with its line: ``proxy_read_timeout``/``proxy_send_timeout`` (the
lower one is the idle timeout), ``proxy_buffering``, whether ``proxy_set_header Upgrade`` and
``Connection`` are forwarded (with nginx's inheritance: a level that sets any header replaces
the inherited ones), ``listen … ssl``/``http2``, ``worker_connections``, and upstreams:
``ip_hash``, ``hash KEY [consistent]`` and ``sticky`` become the hop's affinity, each upstream
``server`` host a linked component (a gateway when it receives WebSocket or SSE traffic).
Only locations that carry real-time traffic (they forward Upgrade, or their path names
WebSocket, Socket.IO, SSE or events) decide the hop's values; the knowledge base's nginx
defaults fill what they do not set.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rtdiagram.importers.facts import Edge, ImportResult, Part, Source, seconds, slug, whole
from rtdiagram.importers.sources import problem, read_text
from rtdiagram.knowledge.technologies import lookup

WS_PATH = re.compile(r"ws|socket|cable|centrifugo|connection|realtime|live", re.I)
SSE_PATH = re.compile(r"sse|events?|stream", re.I)
INHERITED = ("proxy_read_timeout", "proxy_send_timeout", "proxy_buffering")


def _parse(path: Path, shown: str) -> list[dict]:
    try:
        import crossplane
    except ImportError:  # pragma: no cover - a dependency
        raise problem(shown, "reading nginx.conf needs the 'crossplane' package", code="I020",
                      hint="pip install crossplane") from None
    return _safe_parse(crossplane, path, shown)


def _safe_parse(crossplane: Any, path: Path, shown: str) -> list[dict]:
    try:
        payload = crossplane.parse(str(path), single=True, comments=False, check_ctx=False, check_args=False)
    except Exception as exc:  # crossplane raises its own NgxParser errors, with a line
        raise problem(shown, f"not valid nginx configuration: {getattr(exc, 'strerror', None) or exc}",
                      getattr(exc, "lineno", None) or 1, code="I021") from None
    for error in payload.get("errors") or []:
        raise problem(shown, f"not valid nginx configuration: {error.get('error')}", error.get("line") or 1, code="I021")
    return payload["config"][0]["parsed"] if payload.get("config") else []


def _walk(block: list[dict], context: dict, found: dict) -> None:
    """Collect upstreams and proxied locations with their effective settings."""
    here = dict(context)
    headers = [d for d in block if d["directive"] == "proxy_set_header"]
    if headers:
        here["headers"] = headers
    for directive in block:
        if directive["directive"] in INHERITED:
            here[directive["directive"]] = directive
    for directive in block:
        name, args = directive["directive"], directive.get("args", [])
        if name == "upstream" and args:
            found["upstreams"][args[0]] = directive
        elif name == "listen":
            found["listen"] += [(a, directive["line"]) for a in args]
        elif name == "worker_connections" and args:
            found["workers"] = directive
        elif name == "proxy_pass" and args:
            found["locations"].append((here.get("location"), args[0], here))
        if directive.get("block") is not None:
            child = dict(here)
            if name == "location":
                child["location"] = directive
            _walk(directive["block"], child, found)


def _forwards_upgrade(settings: dict) -> bool:
    names = {d["args"][0].lower(): d["args"][1] if len(d["args"]) > 1 else "" for d in settings.get("headers", []) if d.get("args")}
    return "upgrade" in names and "connection" in names


def read_file(path: Path) -> ImportResult:
    shown, _ = read_text(path)
    parsed = _parse(path, shown)
    found: dict[str, Any] = {"upstreams": {}, "listen": [], "locations": [], "workers": None}
    _walk(parsed, {}, found)
    result = ImportResult(files=[shown])
    part = Part(slug(path.stem if path.stem != "default" else "nginx"), "proxy", Source(shown, 1, "nginx configuration"),
                label="nginx", technology="nginx", entry=True)
    at = lambda d, what="": Source(shown, d["line"], what or f"{d['directive']} {' '.join(d.get('args', []))}".strip())  # noqa: E731
    if any(a == "ssl" for a, _ in found["listen"]):
        part.set("tls", True, Source(shown, next(l for a, l in found["listen"] if a == "ssl"), "listen … ssl"))
    if any(a == "http2" for a, _ in found["listen"]):
        part.set("h2", True, Source(shown, next(l for a, l in found["listen"] if a == "http2"), "listen … http2"))
    if found["workers"] and str(found["workers"]["args"][0]).isdigit():
        part.set("worker_connections", int(found["workers"]["args"][0]), at(found["workers"]))
    realtime = []
    for location, target, settings in found["locations"]:
        where = " ".join(location.get("args", [])) if location else "/"
        upgrade = _forwards_upgrade(settings)
        mode = "websocket" if upgrade or WS_PATH.search(where) else "sse" if SSE_PATH.search(where) else None
        line = location["line"] if location else 1
        if mode:
            realtime.append((where, line, mode, upgrade, settings))
        link_targets(result, part, found["upstreams"], target, mode, Source(shown, line, f"location {where} proxy_pass {target}"))
    for where, line, mode, upgrade, settings in realtime:
        if mode == "websocket" and not upgrade:
            part.set("websocket_upgrade", False, Source(shown, line, f"location {where}"),
                     "no proxy_set_header Upgrade/Connection on this WebSocket path")
        timeouts = [(seconds(settings[k]["args"][0]), settings[k]) for k in ("proxy_read_timeout", "proxy_send_timeout")
                    if k in settings and settings[k].get("args")]
        timeouts = [(v, d) for v, d in timeouts if v is not None]
        if timeouts:
            value, directive = min(timeouts, key=lambda t: t[0])
            known = part.facts.get("idle_timeout_s")
            if known is None or value < known.value:
                part.set("idle_timeout_s", whole(value), at(directive), f"for location {where}")
        read = settings.get("proxy_read_timeout")
        if read and seconds(read["args"][0]) is not None and "request_timeout_s" not in part.facts:
            part.set("request_timeout_s", whole(seconds(read["args"][0])), at(read))
        buffering = settings.get("proxy_buffering")
        if buffering and buffering.get("args") and (mode == "sse" or "buffering" not in part.facts):
            part.set("buffering", buffering["args"][0] == "on", at(buffering), f"for location {where}")
    if realtime and all(upgrade for _, _, m, upgrade, _ in realtime if m == "websocket") and \
            any(m == "websocket" for _, _, m, _, _ in realtime):
        where, line = next((w, l) for w, l, m, u, _ in realtime if m == "websocket")
        part.set("websocket_upgrade", True, Source(shown, line, f"location {where} proxy_set_header Upgrade/Connection"))
    entry = lookup("nginx")
    for attr, raw in (entry.defaults if entry else {}).items():
        if isinstance(raw, dict) and attr in ("idle_timeout_s", "request_timeout_s", "buffering", "websocket_upgrade"):
            part.default(attr, raw.get("value"), Source(shown), f"nginx {raw.get('setting')} ({raw.get('source')})")
    result.add(part)
    return result


def link_targets(result: ImportResult, hop: Part, upstreams: dict, target: str, mode: str | None, source: Source) -> None:
    host = re.sub(r"^[a-z]+://", "", target).split("/", 1)[0].split(":", 1)[0]
    upstream = upstreams.get(host)
    hosts = []
    if upstream is not None:
        for directive in upstream.get("block") or []:
            name, args = directive["directive"], directive.get("args", [])
            if name == "server" and args:
                hosts.append((args[0].split(":", 1)[0], directive["line"]))
            elif name in ("ip_hash", "hash", "sticky"):
                affinity = ("ip_hash" if name == "ip_hash" or (args and "remote_addr" in args[0])
                            else "cookie" if name == "sticky" else "consistent_hash")
                hop.set("affinity", affinity, Source(source.file, directive["line"], f"upstream {host}: {name} {' '.join(args)}".strip()))
    else:
        hosts.append((host, source.line))
    for name, line in hosts:
        if re.fullmatch(r"[\d.]+|localhost|unix", name) or name.startswith("$"):
            hop.notes.append(f"proxies to {name} ({source}); no component named after an address")
            continue
        kind = "gateway" if mode else "service"
        part = result.add(Part(slug(name.split(".")[0]), kind, Source(source.file, line, f"upstream server {name}"), label=name.split(".")[0]))
        if mode == "sse":
            part.set("transports", ["sse"], source, "receives Server-Sent Events")
        elif mode:
            part.notes.append(f"receives {'WebSocket' if mode == 'websocket' else 'SSE'} traffic from {hop.id} ({source})")
        result.link(Edge(hop.id, part.id, mode or "http", source))


def read(paths: list[Path]) -> ImportResult:
    result = ImportResult()
    for path in paths:
        result.extend(read_file(path))
    return result
