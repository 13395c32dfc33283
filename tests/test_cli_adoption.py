"""Issue 14: adopting lint (baselines, statistics), `rtdiagram diff` for pull requests, and the
pre-commit hooks and GitHub Action, run as far as they run offline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

FLAWED = ROOT / "examples" / "flawed-chat.yaml"
BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rtdiagram", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100", "PYTHONPATH": str(ROOT)})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "designs").mkdir()
    shutil.copy(FLAWED, tmp_path / "designs" / "chat.yaml")
    return tmp_path


# --- baselines ----------------------------------------------------------------------------------

def test_baseline_hides_known_findings_and_reports_new_ones(repo: Path) -> None:
    wrote = run("lint", "designs/chat.yaml", "--write-baseline", "baseline.json", cwd=repo)
    assert wrote.returncode == 0 and wrote.stderr.startswith("wrote baseline.json: ")
    document = json.loads((repo / "baseline.json").read_text())
    assert document["format"] == "rtdiagram-baseline" and document["version"] == 1
    assert all("line" not in entry for entry in document["findings"])
    assert run("lint", "designs/chat.yaml", "--baseline", "baseline.json", cwd=repo).returncode == 0

    model = repo / "designs" / "chat.yaml"  # move everything down three lines: nothing is new
    model.write_text("# a\n# b\n# c\n" + model.read_text())
    clean = run("lint", "chat.yaml", "--baseline", "../baseline.json", "--format", "json", cwd=repo / "designs")
    assert clean.returncode == 0 and json.loads(clean.stdout) == []

    shutil.copy(model, repo / "designs" / "other.yaml")  # the same design elsewhere: all of it is new
    report = run("lint", "designs/chat.yaml", "designs/other.yaml", "--baseline", "baseline.json", "--format", "concise",
                 cwd=repo)
    assert report.returncode == 1
    assert {line.split(":")[0] for line in report.stdout.splitlines()[:-1]} == {"designs/other.yaml"}
    hidden = sum(entry["count"] for entry in document["findings"])
    assert report.stdout.splitlines()[-1].endswith(f"; {hidden} known from the baseline not shown.")


def test_baseline_keys_ignore_positions_and_numbers() -> None:
    from rtdiagram.analysis.baseline import message_class

    assert message_class("heartbeat 30 s exceeds 25.5 s on 1,000 nodes") == "heartbeat # s exceeds # s on # nodes"


def test_baseline_hides_as_many_findings_as_it_counts() -> None:
    from rtdiagram import load_text
    from rtdiagram.analysis.baseline import apply_baseline, key
    from rtdiagram.analysis.engine import lint
    from collections import Counter

    result = lint(load_text(FLAWED.read_text(), "designs/chat.yaml"))
    known = Counter(key(f, None).fingerprint for f in result.findings[:3])
    kept, hidden = apply_baseline([result], known, None)
    assert hidden == 3 and len(kept[0].findings) == len(result.findings) - 3


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such baseline file"), ("[]", "not an rtdiagram baseline"), ("{", "not valid JSON"),
     ('{"format": "rtdiagram-baseline", "version": 9}', "version 9 is not supported")],
)
def test_bad_baselines_are_one_clear_error(repo: Path, content: str | None, message: str) -> None:
    if content is not None:
        (repo / "b.json").write_text(content)
    result = run("lint", "designs/chat.yaml", "--baseline", "b.json", cwd=repo)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_write_baseline_never_replaces_another_file(repo: Path) -> None:
    (repo / "notes.json").write_text('{"mine": true}')
    result = run("lint", "designs/chat.yaml", "--write-baseline", "notes.json", cwd=repo)
    assert result.returncode == 2 and "not an rtdiagram baseline" in result.stderr
    assert (repo / "notes.json").read_text() == '{"mine": true}'


def test_statistics() -> None:
    result = run("lint", "examples/flawed-chat.yaml", "--statistics")
    assert result.returncode == 1
    counts = [int(line.split()[0]) for line in result.stdout.splitlines()]
    assert counts == sorted(counts, reverse=True) and sum(counts) == len(json.loads(
        run("lint", "examples/flawed-chat.yaml", "--format", "json").stdout))


# --- diff -----------------------------------------------------------------------------------------

OLD = """\
system: {name: Chat}
components:
  - {id: web, kind: client}
  - {id: lb, kind: load_balancer, technology: alb, affinity: cookie}
  - {id: ws, kind: gateway, technology: socketio, replicas: 3, transports: [websocket, long_polling]}
  - {id: bus, kind: pubsub, technology: redis_pubsub}
links:
  - {from: web, to: lb, protocol: websocket}
  - {from: lb, to: ws, protocol: websocket}
  - {from: ws, to: bus, protocol: redis}
"""
NEW = OLD.replace(", affinity: cookie", "").replace("replicas: 3", "replicas: 6").replace(
    "  - {id: bus, kind: pubsub, technology: redis_pubsub}\n",
    "  - {id: bus, kind: pubsub, technology: redis_pubsub}\n  - {id: db, kind: datastore, technology: postgres}\n",
) + "  - {from: ws, to: db, protocol: sql}\n"


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    (tmp_path / "old.yaml").write_text(OLD)
    (tmp_path / "new.yaml").write_text(NEW)
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_golden(pair: Path, fmt: str, golden) -> None:
    result = run("diff", "old.yaml", "new.yaml", "--format", fmt, cwd=pair)
    assert result.returncode in (0, 1), result.stderr
    golden(result.stdout, f"cli/diff.{fmt}")


def test_diff_reports_changes_and_new_errors(pair: Path) -> None:
    result = run("diff", "old.yaml", "new.yaml", "--format", "json", cwd=pair)
    report = json.loads(result.stdout)
    assert report["format"] == "rtdiagram-diff" and report["version"] == 1
    assert [c["id"] for c in report["components"] if c["change"] == "added"] == ["db"]
    changed = {c["id"]: c["attributes"] for c in report["components"] if c["change"] == "changed"}
    assert {"path": "replicas", "old": 3, "new": 6} in changed["ws"]
    assert {"path": "affinity", "old": "cookie", "new": "unset"} in changed["lb"]
    assert [c["id"] for c in report["links"]] == ["ws -> db"]
    assert "LB001" in {f["code"] for f in report["findings"]["new"]}
    assert result.returncode == 1 and report["new_errors"] >= 1
    back = run("diff", "new.yaml", "old.yaml", "--format", "json", cwd=pair)
    assert back.returncode == 0 and "LB001" in {f["code"] for f in json.loads(back.stdout)["findings"]["resolved"]}


def test_diff_of_identical_designs(pair: Path) -> None:
    result = run("diff", "old.yaml", "old.yaml", cwd=pair)
    assert result.returncode == 0 and "no changes to the design or its findings" in result.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_against_a_git_revision(pair: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": "/dev/null"}
    for command in (["init", "-q"], ["add", "old.yaml"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=pair, check=True, env=env, capture_output=True)
    (pair / "old.yaml").write_text(NEW)
    result = run("diff", "git:HEAD:old.yaml", "old.yaml", "--format", "json", cwd=pair)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["old"] == "HEAD:old.yaml"
    missing = run("diff", "git:HEAD:nope.yaml", "old.yaml", cwd=pair)
    assert missing.returncode == 2 and missing.stderr.startswith("error: git:HEAD:nope.yaml: git cannot show it")


# --- pre-commit hooks and the GitHub Action -------------------------------------------------------

def test_pre_commit_hooks_are_well_formed_and_their_entries_work(repo: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"rtdiagram-validate", "rtdiagram-lint"}
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook) and hook["language"] == "python"
        assert hook["types"] == ["yaml"]
        # pre-commit runs `entry` followed by the staged file names
        argv = hook["entry"].split() + ["designs/chat.yaml", str(ROOT / "examples" / "minimal.yaml")]
        result = subprocess.run([sys.executable, "-m", "rtdiagram", *argv[1:]], cwd=repo, capture_output=True,
                                text=True, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
        assert argv[0] == "rtdiagram"
        expected = 0 if hook["id"] == "rtdiagram-validate" else 1
        assert result.returncode == expected, result.stdout + result.stderr


def _step(action: dict, name: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def test_action_is_a_composite_action_with_the_documented_inputs() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"files", "format", "fail-on", "baseline", "diff-comment"} <= set(action["inputs"])
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], "shell steps read inputs from env only (no injection)"
            assert step["shell"] == "bash"


@pytest.fixture
def rtdiagram_on_path(tmp_path: Path) -> Path:
    """A `rtdiagram` executable for the action's scripts: this checkout, run by this Python."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "rtdiagram"
    script.write_text(f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -m rtdiagram \"$@\"\n")
    script.chmod(0o755)
    return bindir


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(("fmt", "files", "code"), [("sarif", "designs/**/*.yaml", "1"), ("github", "designs/*.yaml", "1"),
                                                     ("github", "nothing/*.yaml", "2")])
def test_action_lint_step_runs(repo: Path, rtdiagram_on_path: Path, fmt: str, files: str, code: str) -> None:
    step = _step(yaml.safe_load((ROOT / "action.yml").read_text()), "Lint")
    output = repo / "github_output"
    env = {"PATH": f"{rtdiagram_on_path}:/usr/bin:/bin", "NO_COLOR": "1", "GITHUB_OUTPUT": str(output),
           "RUNNER_TEMP": str(repo), "RTDIAGRAM_FILES": files, "RTDIAGRAM_FORMAT": fmt, "RTDIAGRAM_FAIL_ON": "error",
           "RTDIAGRAM_BASELINE": "", "RTDIAGRAM_ROOT": ""}
    result = subprocess.run(["bash", "-c", step["run"]], cwd=repo, capture_output=True, text=True, env=env)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outputs["exit-code"] == code, result.stdout + result.stderr
    if code == "1":
        assert result.stdout.startswith("::") and "file=designs/chat.yaml" in result.stdout
    if fmt == "sarif":
        document = json.loads(Path(outputs["sarif-file"]).read_text())
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}
        assert uris == {"designs/chat.yaml"}


@pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None, reason="needs bash and git")
def test_action_diff_step_writes_the_comment(pair: Path, rtdiagram_on_path: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": "/dev/null"}
    for command in (["init", "-q"], ["add", "old.yaml"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=pair, check=True, env=env, capture_output=True)
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=pair, capture_output=True, text=True).stdout.strip()
    (pair / "old.yaml").write_text(NEW)
    step = _step(yaml.safe_load((ROOT / "action.yml").read_text()), "Comment the design diff")
    env.update({"PATH": f"{rtdiagram_on_path}:/usr/bin:/bin", "RUNNER_TEMP": str(pair), "RTDIAGRAM_FILES": "*.yaml",
                "RTDIAGRAM_BASE": base, "RTDIAGRAM_PR": "", "GH_TOKEN": ""})
    result = subprocess.run(["bash", "-c", step["run"]], cwd=pair, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    body = (pair / "rtdiagram-diff.md").read_text()
    assert "## rtdiagram design diff" in body and "New model `new.yaml`." in body


# --- documented JSON outputs -----------------------------------------------------------------------

@pytest.mark.parametrize("model", ["examples/flawed-chat.yaml", "examples/collab-editor.yaml", "examples/minimal.yaml"])
def test_lint_json_matches_its_schema(model: str) -> None:
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "lint-output.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(run("lint", model, "--format", "json").stdout), schema,
                        cls=jsonschema.Draft202012Validator)


def test_diff_json_matches_its_schema(pair: Path) -> None:
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "diff-output.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    for old, new in (("old.yaml", "new.yaml"), ("new.yaml", "old.yaml"), ("old.yaml", "old.yaml")):
        document = json.loads(run("diff", old, new, "--format", "json", cwd=pair).stdout)
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
