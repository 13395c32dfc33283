"""Lint on an imported model points back at the infrastructure: the ``# from FILE:LINE`` comments
become origins, shown as SARIF related locations, JSON ``origins``, a text note and annotations."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from rtdiagram.analysis.engine import lint
from rtdiagram.analysis.provenance import line_origin, parse, phrase
from rtdiagram.model.diagnostics import Origin
from rtdiagram.model.loader import load_file
from tests.conftest import EXAMPLES, ROOT

SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
K8S = "tests/importers/k8s"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rtdiagram", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100", "PYTHONPATH": str(ROOT)})


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.fixture(scope="module")
def k8s_model(tmp_path_factory) -> Path:
    """tests/importers/k8s imported from the repository root into a model outside it."""
    model = tmp_path_factory.mktemp("imported") / "model.yaml"
    result = run("import", K8S, "-o", str(model))
    assert result.returncode == 0, result.stderr
    return model


def findings(model: Path, *args: str, cwd: Path = ROOT) -> list[dict]:
    return json.loads(run("lint", str(model), "--format", "json", "--exit-zero", *args, cwd=cwd).stdout)


# --- reading the comments --------------------------------------------------------------------------

def test_parse_the_importers_comments() -> None:
    assert parse("from k8s/ingress.yaml:10 (nginx.ingress.kubernetes.io/proxy-read-timeout)") == \
        Origin("k8s/ingress.yaml", 10, "nginx.ingress.kubernetes.io/proxy-read-timeout")
    assert parse("from k8s/chat.yaml:64 (HorizontalPodAutoscaler chat); the autoscaler's range") == \
        Origin("k8s/chat.yaml", 64, "HorizontalPodAutoscaler chat")
    assert parse("from plan.json (aws_lb.realtime.idle_timeout)") == Origin("plan.json", None, "aws_lb.realtime.idle_timeout")
    assert parse("from nginx.conf:26 (location /socket.io/ proxy_pass http://chat)") == \
        Origin("nginx.conf", 26, "location /socket.io/ proxy_pass http://chat")
    assert parse("guessed: env REDIS_URL names host 'redis:6379' (k8s/chat.yaml:31 (env REDIS_URL))") == \
        Origin("k8s/chat.yaml", 31, "env REDIS_URL")
    assert parse("from compose.yaml:3") == Origin("compose.yaml", 3, "")
    for other in ("rtdiagram: ignore[HB002] -- reason", "note: image redis (k8s/redis.yaml:18)", "from here on", ""):
        assert parse(other) is None, other


def test_only_a_trailing_comment_counts() -> None:
    assert line_origin("    idle_timeout_s: 30  # from k8s/ingress.yaml:10 (x)") == Origin("k8s/ingress.yaml", 10, "x")
    assert line_origin("    label: 'from a:1 (b)'") is None
    assert phrase("idle_timeout_s") == "idle timeout" and phrase("affinity") == "affinity"


def test_hand_written_models_have_no_origins() -> None:
    for example in EXAMPLES:
        result = lint(load_file(example))
        assert not [d for d in result.diagnostics if d.origins], example.name


# --- the planted mistakes point at their infrastructure line ----------------------------------------

def test_sarif_related_location_is_the_ingress_annotation(k8s_model: Path) -> None:
    document = json.loads(run("lint", str(k8s_model), "--format", "sarif", "--exit-zero", "--root", ".").stdout)
    hb002 = [r for r in document["runs"][0]["results"] if r["ruleId"] == "HB002"]
    assert len(hb002) == 1
    related = hb002[0]["relatedLocations"]
    ingress = ROOT / K8S / "ingress.yaml"
    assert related[0]["physicalLocation"] == {
        "artifactLocation": {"uri": f"{K8S}/ingress.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": line_of(ingress, "proxy-read-timeout")},
    }
    assert related[0]["message"]["text"].startswith(f"imported from {K8S}/ingress.yaml:")
    assert "proxy-read-timeout" in related[0]["message"]["text"]
    if not SARIF_SCHEMA.exists():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not beside the checkout")
    validator = jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text()))
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, errors[:5]


def test_json_origins_match_the_documented_schema(k8s_model: Path) -> None:
    items = findings(k8s_model)
    schema = json.loads((ROOT / "schemas" / "lint-output.schema.json").read_text())
    jsonschema.validate(items, schema, cls=jsonschema.Draft202012Validator)
    by_code = {item["code"]: item for item in items}
    assert by_code["HB002"]["origins"] == [{
        "file": f"{K8S}/ingress.yaml", "line": line_of(ROOT / K8S / "ingress.yaml", "proxy-read-timeout"),
        "what": "nginx.ingress.kubernetes.io/proxy-read-timeout"}]
    assert by_code["LB002"]["origins"][0]["what"] == "sessionAffinity: ClientIP"      # the finding's own line
    assert by_code["LB007"]["origins"][0]["what"] == "Ingress"                        # the component's block
    assert all(item["origins"] for item in items)


def test_text_concise_and_github_mention_the_origin(k8s_model: Path) -> None:
    concise = run("lint", str(k8s_model), "--format", "concise", "--select", "HB002").stdout
    line = line_of(ROOT / K8S / "ingress.yaml", "proxy-read-timeout")
    assert concise.splitlines()[0].endswith(f"(from {K8S}/ingress.yaml:{line})")
    github = run("lint", str(k8s_model), "--format", "github", "--select", "HB002").stdout
    assert f"%0Aimported from {K8S}/ingress.yaml:{line} (nginx.ingress.kubernetes.io/proxy-read-timeout)" in github
    markdown = run("lint", str(k8s_model), "--format", "markdown", "--select", "HB002").stdout
    assert f"(from {K8S}/ingress.yaml:{line})" in markdown


def test_paths_resolve_beside_the_model(tmp_path: Path) -> None:
    """Imported in its own folder, linted from elsewhere: the origin is the file beside the model."""
    shutil.copytree(ROOT / K8S, tmp_path / "k8s")
    assert run("import", "k8s", "-o", "model.yaml", cwd=tmp_path).returncode == 0
    hb002 = [f for f in findings(tmp_path / "model.yaml") if f["code"] == "HB002"][0]
    assert Path(hb002["origins"][0]["file"]) == tmp_path / "k8s" / "ingress.yaml"   # outside the cwd: absolute
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    shutil.move(tmp_path / "model.yaml", elsewhere / "model.yaml")                  # no k8s/ beside it now
    hb002 = [f for f in findings(elsewhere / "model.yaml", cwd=tmp_path) if f["code"] == "HB002"][0]
    assert hb002["origins"][0]["file"] == "k8s/ingress.yaml"                        # kept as written


@pytest.mark.parametrize("source, code, needle", [
    ("tests/importers/nginx/nginx.conf", "LB003", "location /socket.io/"),
    ("tests/importers/terraform/plan.json", "HB002", None),
])
def test_other_sources_point_at_their_line(tmp_path: Path, source: str, code: str, needle: str | None) -> None:
    model = tmp_path / "model.yaml"
    assert run("import", source, "-o", str(model)).returncode == 0
    document = json.loads(run("lint", str(model), "--format", "sarif", "--exit-zero", "--root", ".").stdout)
    result = [r for r in document["runs"][0]["results"] if r["ruleId"] == code][0]
    location = result["relatedLocations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == source
    if needle:
        assert location["region"]["startLine"] == line_of(ROOT / source, needle)
    else:                      # a Terraform plan has resource addresses, not lines worth showing
        assert "region" not in location
        assert "aws_lb.realtime.idle_timeout" in result["relatedLocations"][0]["message"]["text"]
