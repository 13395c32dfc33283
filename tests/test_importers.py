"""rtdiagram import: each source format → a valid, commented model whose facts carry provenance.

Goldens live in tests/golden/import/; refresh them with RTDIAGRAM_UPDATE_GOLDEN=1 after
checking the diff. Every sample plants one mistake that lint must find after the import.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from rtdiagram.analysis.engine import lint
from rtdiagram.importers import import_sources
from rtdiagram.importers.classify import host_of, image_name
from rtdiagram.importers.facts import seconds, slug
from rtdiagram.model.errors import ModelError, RtdiagramError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path("tests/importers")
GOLDEN = ROOT / "tests" / "golden" / "import"

CASES = {
    "k8s": ["k8s"],
    "compose": ["compose/compose.yaml"],
    "nginx": ["nginx/nginx.conf"],
    "terraform": ["terraform/plan.json"],
    "asyncapi": ["asyncapi/chat.asyncapi.yaml"],
    "compose-nginx": ["compose/compose.yaml", "nginx/nginx.conf"],
}


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)   # provenance paths are shown relative to the working directory


def run(name: str):
    return import_sources([SAMPLES / p for p in CASES[name]])


def codes(imported) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in lint(imported.loaded).diagnostics:
        found.setdefault(d.code, []).append(d.message)
    return found


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name):
    text = run(name).text
    golden = GOLDEN / f"{name}.yaml"
    if os.environ.get("RTDIAGRAM_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_imported_value_says_where_it_came_from(name):
    in_components = False
    for line in run(name).text.splitlines():
        if line.startswith(("components:", "links:")):
            in_components = line.startswith("components:")
            continue
        match = re.match(r"^ {2}(?:- | {2})(\w+): ", line)
        if in_components and match and match.group(1) not in ("id", "kind", "label", "technology"):
            assert "# from " in line, line


def test_k8s_facts_match_the_manifests():
    model = run("k8s").loaded.model
    ingress, chat = model.by_id["chat-ingress"], model.by_id["chat"]
    assert (ingress.technology, ingress.idle_timeout_s, ingress.affinity, ingress.tls) == ("ingress_nginx", 30, "cookie", True)
    assert ingress.buffering is None          # absent: the default stays a comment, lint assumes it
    assert (chat.technology, chat.termination_grace_period_s) == ("socketio", 45)
    assert (chat.autoscaling.min, chat.autoscaling.max, chat.autoscaling.metric) == (3, 12, "cpu")
    assert model.by_id["redis"].technology == "redis" and model.by_id["nats"].kind == "pubsub"
    assert model.by_id["centrifugo"].technology == "centrifugo"       # from a kubectl List
    assert model.by_id["centrifugo-svc"].affinity == "ip_hash"         # sessionAffinity: ClientIP
    assert {(l.from_, l.to) for l in model.links} >= {("chat-ingress", "chat"), ("chat", "redis"),
                                                      ("public", "centrifugo-svc"), ("users", "chat-ingress")}


def test_k8s_defaults_and_provenance_are_written_as_comments():
    text = run("k8s").text
    assert "idle_timeout_s: 30  # from tests/importers/k8s/ingress.yaml:10 (nginx.ingress.kubernetes.io/proxy-read-timeout)" in text
    assert re.search(r"# buffering: false +# default, not set in tests/importers/k8s/ingress.yaml: ingress-nginx proxy-buffering", text)
    assert "# termination_grace_period_s: 30" in text           # centrifugo: Kubernetes default
    assert "# guessed: env REDIS_URL names host 'redis'" in text


def test_k8s_planted_mistake_heartbeat_over_proxy_read_timeout():
    found = codes(run("k8s"))
    assert any("45 s" in m and "'chat-ingress', 30 s" in m for m in found["HB002"])


def test_nginx_planted_mistakes():
    imported = run("nginx")
    nginx = imported.loaded.model.by_id["nginx"]
    assert (nginx.websocket_upgrade, nginx.affinity, nginx.idle_timeout_s, nginx.buffering) == (False, "ip_hash", 75, True)
    assert imported.loaded.model.by_id["feed"].transports == ["sse"]
    found = codes(imported)
    assert any("'chat'" in m for m in found["LB003"]) and "TR002" in found


def test_compose_planted_mistake_and_merge_with_nginx():
    assert "LB001" in codes(run("compose"))            # two Socket.IO replicas, no affinity
    merged = run("compose-nginx").loaded.model
    assert merged.by_id["chat"].replicas == 2 and merged.by_id["nginx"].affinity == "ip_hash"
    assert merged.by_id["chat"].termination_grace_period_s == 20


def test_terraform_facts_and_planted_mistake():
    imported = run("terraform")
    model = imported.loaded.model
    alb = model.by_id["realtime-alb"]
    assert (alb.idle_timeout_s, alb.affinity, alb.deregistration_delay_s) == (30, "cookie", 120)
    assert model.by_id["notify-ws"].technology == "apigw_websocket"
    assert model.by_id["ws-gateway"].autoscaling.max == 20
    assert model.by_id["realtime-redis"].ha == "managed"
    assert "(aws_lb.realtime.idle_timeout)" in imported.text
    assert "AU002" in codes(imported)                  # the authorizer reads the token from the query


def test_asyncapi_channels_flows_and_planted_mistake():
    imported = run("asyncapi")
    model = imported.loaded.model
    assert [c.name for c in model.channels] == ["rooms/{roomId}", "users/{userId}/inbox"]
    steps = {f.name: (f.steps[0].from_, f.steps[0].to) for f in model.flows}
    assert steps["receiveChatMessage"] == ("users", "production")    # the server receives
    assert steps["sendChatMessage"] == ("production", "users")       # the server sends
    assert "AU002" in codes(imported)


def test_into_keeps_hand_written_values_and_reports_conflicts(tmp_path):
    imported = import_sources([SAMPLES / "k8s"], into=SAMPLES / "into" / "design.yaml")
    model = imported.loaded.model
    assert model.by_id["chat-ingress"].idle_timeout_s == 3600           # hand-written wins
    assert model.by_id["chat-ingress"].affinity == "cookie"             # imported, was silent
    assert model.by_id["chat"].heartbeat.interval_s == 25
    assert model.by_id["chat"].termination_grace_period_s == 45
    assert "users" not in model.by_id                                   # the model's own client
    assert any(c.startswith("chat-ingress.idle_timeout_s: hand-written 3600 kept") for c in imported.conflicts)
    assert "HB002" not in codes(imported)


@pytest.mark.parametrize("name, text, code, line", [
    ("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x]\nspec: {}\n", "I002", 3),
    ("nginx.conf", "http {\n  server {\n    location / {\n      proxy_pass http://a;\n  }\n", "I021", 5),
    ("api.yaml", "asyncapi: 2.6.0\ninfo: {title: x, version: '1'}\nchannels: {}\n", "I040", 1),
    ("api2.yaml", "asyncapi: 3.0.0\nservers: {}\nchannels: {}\noperations:\n  a:\n    action: send\n    channel: {$ref: '#/channels/nope'}\n", "I041", 7),
    ("plan.json", '{"terraform_version": "1.9.0"}', "I030", 1),
])
def test_malformed_inputs_get_located_errors(tmp_path, name, text, code, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as error:
        import_sources([path])
    diagnostic = error.value.diagnostics[0]
    assert (diagnostic.code, diagnostic.start.line) == (code, line)
    assert diagnostic.file.endswith(name)


def test_unknown_files_are_refused_when_named_and_skipped_in_folders(tmp_path):
    (tmp_path / "notes.yaml").write_text("hello: world\n", encoding="utf-8")
    with pytest.raises(RtdiagramError):
        import_sources([tmp_path / "notes.yaml"])
    with pytest.raises(RtdiagramError, match="nothing to import"):
        import_sources([tmp_path])


def test_helpers():
    assert [seconds(v) for v in ("30", "30s", "1m30s", "500ms", 45, "soon", True)] == [30, 30, 90, 0.5, 45, None, None]
    assert slug("Chat-Gateway.v2") == "chat-gateway-v2" and slug("9lives") == "part-9lives"
    assert image_name("docker.io/bitnami/redis:7.2@sha256:abc") == "bitnami/redis"
    assert image_name("localhost:5000/chat:dev") == "chat"
    assert [host_of(v) for v in ("redis://redis:6379/0", "db:5432", "production", "http://api.svc.cluster.local/x")] == \
        ["redis", "db", None, "api"]


# --- export asyncapi: a contract stub, checked against the official AsyncAPI 3.0.0 JSON Schema ---------

ASYNCAPI_SCHEMA = ROOT / "tests" / "schemas" / "asyncapi-3.0.0.json"   # see tests/schemas/README.md


@pytest.fixture(scope="module")
def asyncapi_validator():
    import json

    import jsonschema

    return jsonschema.Draft7Validator(json.loads(ASYNCAPI_SCHEMA.read_text(encoding="utf-8")))


def asyncapi_errors(validator, document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(document)]


def test_the_asyncapi_sample_is_valid_and_the_schema_catches_mistakes(asyncapi_validator):
    import yaml

    sample = yaml.safe_load((SAMPLES / "asyncapi" / "chat.asyncapi.yaml").read_text(encoding="utf-8"))
    assert asyncapi_errors(asyncapi_validator, sample) == []
    broken = {**sample, "operations": {"x": {"action": "publish", "channel": {"$ref": "#/channels/room"}}}}
    assert asyncapi_errors(asyncapi_validator, broken)                # 'publish' is AsyncAPI 2


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_export_asyncapi_validates_against_the_official_schema(example, asyncapi_validator):
    import yaml

    from rtdiagram.importers.asyncapi_export import export_text
    from rtdiagram.model.loader import load_file

    text = export_text(load_file(example).model, f"examples/{example.name}")
    document = yaml.safe_load(text)
    assert asyncapi_errors(asyncapi_validator, document) == []
    assert "&id" not in text and document["asyncapi"] == "3.0.0"
    for operation in document["operations"].values():                 # every $ref resolves
        channel = operation["channel"]["$ref"].split("/")[-1]
        for ref in operation["messages"]:
            _, _, ref_channel, _, message = ref["$ref"].split("/")
            assert ref_channel == channel and message in document["channels"][channel]["messages"]
            assert message in document["components"]["messages"]


def test_export_asyncapi_servers_operations_and_messages():
    from rtdiagram.importers.asyncapi_export import export
    from rtdiagram.model.loader import load_file

    collab = export(load_file(ROOT / "examples" / "collab-editor.yaml").model)
    assert collab["servers"]["ws"]["protocol"] == "wss"                               # tls on the path
    publish = collab["operations"]["publish-receive"]
    assert publish["action"] == "receive" and publish["messages"] == [{"$ref": "#/channels/ws/messages/ot-delta"}]
    assert collab["operations"]["publish-send"]["action"] == "send"
    assert collab["operations"]["connect-receive"]["summary"].startswith("editor -> nlb")  # through the NLB
    assert collab["channels"]["doc-document_id"]["parameters"] == {
        "document_id": {"description": "document_id in doc:{document_id}"}}
    dashboard = export(load_file(ROOT / "examples" / "live-dashboard.yaml").model)
    assert dashboard["servers"]["sse"]["protocol"] in ("http", "https")
    assert {o["action"] for o in dashboard["operations"].values()} == {"send"}           # SSE: server → client
    assert all(m["contentType"] == "text/event-stream" for m in dashboard["components"]["messages"].values())


def test_export_asyncapi_round_trips_through_import(tmp_path, asyncapi_validator):
    """The sample imports, exports to a valid contract, and that contract imports to the same API."""
    import yaml

    from rtdiagram.importers.asyncapi_export import export_text

    first = run("asyncapi").loaded.model
    text = export_text(first, "chat")
    assert asyncapi_errors(asyncapi_validator, yaml.safe_load(text)) == []
    (tmp_path / "api.yaml").write_text(text, encoding="utf-8")
    again = import_sources([tmp_path / "api.yaml"]).loaded.model
    assert [(g.id, g.effective_transports, g.tls) for g in again.of_kind("gateway")] == [("production", ["websocket"], True)]
    steps = lambda m: sorted((s.from_, s.to) for f in m.flows for s in f.steps)      # noqa: E731
    assert steps(again) == steps(first)
    assert {c.name for c in first.channels} <= {c.name for c in again.channels}


def test_export_command(tmp_path):
    import subprocess
    import sys

    def export_cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "rtdiagram", "export", *args], cwd=ROOT, capture_output=True,
                              text=True, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})

    out = tmp_path / "api.yaml"
    result = export_cli("asyncapi", "examples/minimal.yaml", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# AsyncAPI 3.0 contract stub")
    assert export_cli("asyncapi", "examples/minimal.yaml", "-o", str(out)).returncode == 2        # exists
    assert export_cli("asyncapi", "examples/minimal.yaml", "-o", str(out), "--force").returncode == 0
    assert "asyncapi: 3.0.0" in export_cli("asyncapi", "examples/minimal.yaml").stdout
    assert export_cli("openapi", "examples/minimal.yaml").returncode == 2
