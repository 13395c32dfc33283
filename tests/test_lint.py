"""Lint as reviewers use it: every output format as a golden, SARIF against the official schema,
exit codes, configuration, suppressions and waivers."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from rtdiagram import load_text
from rtdiagram.analysis.config import parse_settings
from rtdiagram.model.errors import ConfigError
from rtdiagram.analysis.engine import lint
from tests.conftest import EXAMPLES, ROOT

FLAWED = "examples/flawed-chat.yaml"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rtdiagram", *args], cwd=cwd, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100"})


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github", "markdown"])
def test_flawed_example_golden(fmt: str, golden) -> None:
    result = run("lint", FLAWED, "--format", fmt)
    assert result.returncode == 1, result.stderr
    suffix = {"json": "json", "sarif": "sarif", "markdown": "md"}.get(fmt, "txt")
    golden(result.stdout, f"lint/flawed-chat.{fmt}.{suffix}")


def test_flawed_example_trips_many_rules() -> None:
    findings = json.loads(run("lint", FLAWED, "--format", "json").stdout)
    assert len({f["code"] for f in findings}) >= 25


@pytest.mark.parametrize("example", [p for p in EXAMPLES if p.stem != "flawed-chat"], ids=lambda p: p.stem)
def test_examples_lint_golden(example: Path, golden) -> None:
    result = run("lint", str(example.relative_to(ROOT)), "--format", "concise")
    assert result.returncode in (0, 1)
    golden(result.stdout, f"lint/{example.stem}.txt")


def test_collab_editor_is_clean_on_stickiness_fanout_and_registry() -> None:
    findings = json.loads(run("lint", "examples/collab-editor.yaml", "--format", "json").stdout)
    assert not [f for f in findings if f["code"][:2] in ("LB", "FO", "CR")]


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    if not SARIF_SCHEMA.exists():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not beside the checkout")
    schema = json.loads(SARIF_SCHEMA.read_text())
    return jsonschema.Draft7Validator(schema)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_sarif_validates_against_official_schema(example: Path, sarif_validator) -> None:
    document = json.loads(run("lint", str(example.relative_to(ROOT)), "--format", "sarif").stdout)
    errors = sorted(sarif_validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run_ = document["runs"][0]
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    for result in run_["results"]:  # GitHub's subset
        assert result["ruleId"] in rule_ids and result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert not location["artifactLocation"]["uri"].startswith("/")
        assert location["region"]["startLine"] >= 1
    for rule in run_["tool"]["driver"]["rules"]:
        assert len(rule["help"]["text"]) <= 1024 and rule["shortDescription"]["text"]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["examples/collab-editor.yaml"], 0),
        ([FLAWED], 1),
        ([FLAWED, "--exit-zero"], 0),
        ([FLAWED, "--fail-on", "never"], 0),
        (["examples/live-dashboard.yaml", "--select", "TR", "--fail-on", "info"], 1),
        (["examples/live-dashboard.yaml", "--select", "TR"], 0),
        (["tests/golden/invalid/unknown-kind.yaml"], 2),
        ([FLAWED, "--select", "XX999"], 2),
    ],
)
def test_exit_codes(args: list[str], code: int) -> None:
    result = run("lint", *args)
    assert result.returncode == code, result.stdout + result.stderr


def test_unknown_rule_in_option_has_did_you_mean() -> None:
    result = run("lint", FLAWED, "--ignore", "sticky-session-requird")
    assert result.returncode == 2 and "did you mean 'sticky-session-required'?" in result.stderr


BASE = """\
system: {name: Chat, features: [rooms]}
components:
  - {id: web, kind: client}
  - id: ws
    kind: gateway
    technology: ws
    replicas: 3{trailing}
links:
  - {from: web, to: ws, protocol: websocket}
"""


def codes(text: str, **kwargs) -> list[str]:
    return [f.code for f in lint(load_text(text, "m.yaml"), **kwargs).findings]


def test_inline_suppression_with_reason() -> None:
    text = BASE.replace("{trailing}", "  # rtdiagram: ignore[FO001] -- one room per node by design")
    found = codes(text)
    assert "FO001" not in found and "X100" not in found


def test_suppression_without_reason_does_not_apply() -> None:
    text = BASE.replace("{trailing}", "  # rtdiagram: ignore[FO001]")
    found = codes(text)
    assert "FO001" in found and "X101" in found


def test_own_line_suppression_covers_the_block() -> None:
    text = BASE.replace("  - id: ws\n", "  # rtdiagram: ignore[no-cross-node-fanout, SC001] -- accepted\n  - id: ws\n")
    text = text.replace("{trailing}", "")
    found = codes(text)
    assert "FO001" not in found and "SC001" not in found and "HB001" in found


def test_unused_suppression_is_reported() -> None:
    text = BASE.replace("{trailing}", "  # rtdiagram: ignore[TR005] -- nothing to see").replace("replicas: 3", "replicas: 1")
    assert "X100" in codes(text)


def test_waivers_apply_expire_and_report_unused() -> None:
    text = BASE.replace("{trailing}", "") + (
        "waivers:\n"
        "  - {rule: FO001, component: ws, reason: migrating to NATS, expires: 2030-01-01}\n"
        "  - {rule: HB001, component: ws, reason: old, expires: 2020-01-01}\n"
        "  - {rule: TR005, reason: never fires}\n"
    )
    found = codes(text, today=date(2026, 11, 28))
    assert "FO001" not in found
    assert "HB001" in found and "X102" in found
    assert found.count("X100") == 1


def test_config_select_ignore_severity_thresholds() -> None:
    settings = parse_settings({"select": ["HB", "SC"], "ignore": ["SC005"],
                               "severity": {"HB001": "warning"}, "thresholds": {"heartbeat_margin": 0.4}},
                              "rtdiagram.toml")
    found = lint(load_text(BASE.replace("{trailing}", ""), "m.yaml"), settings.lint).findings
    assert {f.code for f in found} <= {"HB001", "SC001", "SC004", "SC008"}
    assert next(f for f in found if f.code == "HB001").severity.value == "warning"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selct": ["ALL"]}, "did you mean 'select'?"),
        ({"ignore": ["QQ001"]}, "unknown rule"),
        ({"thresholds": {"heartbeat_marjin": 1}}, "did you mean 'heartbeat_margin'?"),
        ({"severity": {"FO001": "fatal"}}, "use error, warning, info or off"),
    ],
)
def test_config_errors(table: dict, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_settings(table, "pyproject.toml")
    assert message in (info.value.message + " " + (info.value.hint or ""))


def test_nearest_config_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.rtdiagram]\nignore = ["FO"]\n')
    nested = tmp_path / "designs"
    nested.mkdir()
    (nested / "rtdiagram.toml").write_text('ignore = ["HB"]\n')
    model = nested / "m.yaml"
    model.write_text(BASE.replace("{trailing}", ""))
    found = json.loads(run("lint", str(model), "--format", "json", cwd=tmp_path).stdout)
    found_codes = {f["code"] for f in found}
    assert "FO001" in found_codes and "HB001" not in found_codes
    bad = tmp_path / "bad.toml"
    bad.write_text("selct = []\n")
    result = run("lint", str(model), "--config", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and "did you mean 'select'" in result.stderr


def test_rules_markdown_is_committed_docs() -> None:
    result = run("rules", "--format", "markdown")
    assert result.returncode == 0
    assert (ROOT / "docs" / "rules.md").read_text() == result.stdout, \
        "run: rtdiagram rules --format markdown > docs/rules.md"


def test_rules_and_explain(golden) -> None:
    table = run("rules")
    assert table.returncode == 0 and "FO001" in table.stdout
    golden(run("explain", "sticky-session-required").stdout, "lint/explain-LB001.md")
    missing = run("explain", "sticky-sesion")
    assert missing.returncode == 2 and "did you mean" in missing.stderr
    assert json.loads(run("rules", "--format", "json").stdout)[0]["code"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_checklist_golden(example: Path, fmt: str, golden) -> None:
    result = run("checklist", str(example.relative_to(ROOT)), "--format", fmt)
    assert result.returncode == 0, result.stderr
    golden(result.stdout, f"checklist/{example.stem}.{ {'table': 'txt', 'markdown': 'md', 'json': 'json'}[fmt] }")


def test_checklist_agrees_with_lint() -> None:
    items = json.loads(run("checklist", FLAWED, "--format", "json").stdout)["items"]
    findings = {f["code"] for f in json.loads(run("lint", FLAWED, "--format", "json").stdout)}
    assert len(items) == 13
    status = {i["id"]: i["status"] for i in items}
    assert status["C2"] == "missing" and "FO001" in findings
    assert status["C12"] == "missing" and "HB004" in findings
    for item in items:
        for line in item["findings"]:
            assert line.split()[0] in findings


def test_invalid_model_is_not_reported_as_clean() -> None:
    result = run("lint", "tests/golden/invalid/unknown-kind.yaml", "examples/collab-editor.yaml")
    assert result.returncode == 2
    assert "M103" in result.stderr
    assert result.stdout.strip() == "All checks passed (1 file). 1 file is not a valid model (errors above)."


KB_FIXTURE = """\
- {id: envoy, name: Envoy, aliases: ["envoy proxy"], exact_aliases: ["envoy"], kinds: [proxy], hosting: self_hosted}
- {id: socketio, name: Socket.IO, aliases: ["socket.io", "socketio server"], kinds: [gateway], hosting: self_hosted}
- {id: ws, name: ws (Node.js), aliases: ["node ws"], exact_aliases: ["ws"], kinds: [gateway], hosting: self_hosted}
"""


def test_knowledge_base_lookup_normalises_names() -> None:
    from rtdiagram.knowledge.technologies import from_yaml

    kb = from_yaml(KB_FIXTURE)
    assert kb.lookup("SOCKET.IO").id == "socketio"
    assert kb.lookup("our Socket.IO cluster").id == "socketio"      # alias inside free text
    assert kb.lookup("Envoy").id == "envoy"
    assert kb.lookup("envoy sidecar proxy").id == "envoy"           # exact alias as a whole token
    assert kb.lookup("convoy") is None                              # …never inside a word
    assert kb.lookup("news feed") is None and kb.lookup("ws").id == "ws"
    assert kb.lookup("Made-up Server") is None


def test_free_text_technology_selects_documented_defaults() -> None:
    text = BASE.replace("{trailing}", "").replace("technology: ws", "technology: Node.js ws library")
    model = load_text(text, "m.yaml").model
    from rtdiagram.analysis.topology import tech

    assert tech(model.by_id["ws"]) in ("ws", "nodejs")


GATEWAY_AUTH = """system: {{name: Gateway auth}}
components:
  - {{id: web, kind: client}}
  - {{id: gw, kind: gateway, technology: ws, {gateway}}}
{auth}links:
  - {{from: web, to: gw, protocol: websocket}}
"""


def _gateway_findings(code: str, gateway: str, auth: str = "") -> list:
    text = GATEWAY_AUTH.format(gateway=gateway, auth=f"  - {{{auth}}}\n" if auth else "")
    return [f for f in lint(load_text(text, "m.yaml")).findings if f.code == code]


@pytest.mark.parametrize(
    ("gateway", "auth", "severity", "component", "words"),
    [
        ("token_location: query", "", "warning", "gw", "not stated: lifetime, single use, log redaction"),
        ("token_location: query", "id: auth, kind: auth, token_ttl_s: 3600", "error", "gw", "stated by 'auth'"),
        ("token_location: query",
         "id: auth, kind: auth, token_ttl_s: 60, single_use: true, logs_redact_query: true", "warning", "gw", ""),
        ("token_location: query", "id: auth, kind: auth, token_location: query, token_ttl_s: 3600",
         "error", "auth", "'auth' puts"),
    ],
)
def test_gateway_token_in_query_string(gateway: str, auth: str, severity: str, component: str, words: str) -> None:
    [finding] = _gateway_findings("AU002", gateway, auth)
    assert finding.severity.value == severity
    assert finding.component == component
    assert finding.diagnostic.path[-1] == "token_location"
    assert words in finding.diagnostic.message


@pytest.mark.parametrize(
    ("gateway", "auth", "severity"),
    [
        ("token_location: cookie, origin_check: any", "", "error"),
        ("token_location: cookie", "", "warning"),
        ("token_location: header, origin_check: any", "id: auth, kind: auth, method: session", "info"),
        ("origin_check: any", "id: auth, kind: auth, method: session", "error"),
    ],
)
def test_gateway_own_token_location_decides_cookie_auth(gateway: str, auth: str, severity: str) -> None:
    [finding] = _gateway_findings("AU001", gateway, auth)
    assert finding.severity.value == severity


def test_heartbeat_against_gateway_own_idle_timeout() -> None:
    [finding] = _gateway_findings("HB002", "idle_timeout_s: 90, heartbeat: {mechanism: ws_ping, interval_s: 60}")
    assert finding.severity.value == "warning"
    assert "idle timeout of 'gw' itself, 90 s" in finding.diagnostic.message
    [finding] = _gateway_findings("HB002", "idle_timeout_s: 60, heartbeat: {mechanism: ws_ping, interval_s: 60}")
    assert finding.severity.value == "error" and "(assumed" not in finding.diagnostic.message
    assert not _gateway_findings("HB002", "idle_timeout_s: 90, heartbeat: {mechanism: ws_ping, interval_s: 30}")


def test_checklist_quotes_gateway_token_location_and_idle_timeout() -> None:
    from rtdiagram.analysis.checklist import build_checklist

    text = GATEWAY_AUTH.format(
        gateway="token_location: first_message, idle_timeout_s: 90, heartbeat: {mechanism: ws_ping, interval_s: 25}",
        auth="")
    loaded = load_text(text, "m.yaml")
    items = {i.id: i for i in build_checklist(loaded.model, lint(loaded))}
    assert "'gw': token in first_message" in items["C10"].evidence
    assert "'gw' heartbeat: ws_ping, interval_s: 25, idle_timeout_s: 90" in items["C5"].evidence


@pytest.mark.parametrize(("keepalive", "nlb", "expected"), [
    (600, "idle_timeout_s: 350", ("error", "client keep-alive of 600 s is not below the idle timeout of 'nlb', 350 s")),
    (600, "", ("warning", "assumed AWS NLB default")),          # the NLB's 350 s default is assumed
    (300, "idle_timeout_s: 350", ("warning", "leaves little margin under")),
    (60, "", None),
])
def test_an_mqtt_keep_alive_longer_than_the_balancers_idle_timeout(keepalive, nlb, expected) -> None:
    text = ("version: 2\nsystem: {name: Trailers}\ncomponents:\n  - {id: trailer, kind: client, platform: device}\n"
            f"  - {{id: nlb, kind: load_balancer, technology: nlb{', ' + nlb if nlb else ''}}}\n"
            f"  - {{id: emqx, kind: pubsub, technology: emqx, heartbeat: {{interval_s: {keepalive}}}}}\n"
            "links:\n  - {from: trailer, to: nlb, protocol: mqtt}\n  - {from: nlb, to: emqx, protocol: mqtt}\n")
    found = [f for f in lint(load_text(text, "m.yaml")).findings if f.code == "HB002"]
    if expected is None:
        assert not found
    else:
        [finding] = found
        assert finding.severity == expected[0] and expected[1] in finding.diagnostic.message and finding.component == "emqx"
